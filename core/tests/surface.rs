//! IAM, tags, logs, tracing, layers and asynchronous invocation: one test per rule (exact code,
//! path and message) and the synthesized shapes the reference produces
//! (serverless-iam-and-surface.md).

use serde_json::{Value, json};
use stackwright_core::model::{LogLevel, RetentionDays, Tracing};
use stackwright_core::*;

const SHA: &str = "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U=";

/// A plain service: one Node.js function with a pinned artifact.
fn plain() -> Service {
    let mut svc = Service::new("orders");
    svc.provider().runtime(Runtime::Nodejs22x);
    svc.function("api", Function::handler("handler.api").artifact(Artifact::with_sha256("dist/api.zip", SHA)));
    svc.build_time_millis(1767225600000);
    svc
}

fn template(svc: &Service) -> Value {
    svc.synth().unwrap_or_else(|d| panic!("{d}")).as_json().clone()
}

fn role_statements(t: &Value) -> Vec<Value> {
    t["Resources"]["IamRoleLambdaExecution"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The only error, with its code, path and message (and a help text).
fn single_error(svc: &Service, code: &str, path: &str, message: &str) {
    let d = svc.check();
    let errors: Vec<&Diagnostic> = d.errors().collect();
    assert_eq!(errors.len(), 1, "expected exactly one error, got:\n{d}");
    assert_eq!((errors[0].code, errors[0].path.as_str(), errors[0].message.as_str()), (code, path, message));
    assert!(!errors[0].help.is_empty(), "help missing for {code}");
}

fn load_error(config: Value, code: &str, path: &str, message: &str) {
    let d = Service::from_value(&config).expect_err("invalid config");
    let e = d.errors().find(|e| e.code == code).unwrap_or_else(|| panic!("no {code} in:\n{d}"));
    assert_eq!((e.path.as_str(), e.message.as_str()), (path, message), "{d}");
}

/// `check()` of a config that loads finds exactly `expected`: (code, path, message, help).
fn check_errors(config: Value, expected: &[(&str, &str, &str, &str)]) {
    let d = Service::from_value(&config).expect("loads").check();
    let errors: Vec<_> = d.errors().map(|e| (e.code, e.path.as_str(), e.message.as_str(), e.help.as_str())).collect();
    assert_eq!(errors, expected);
}

fn config(provider: Value, function: Value) -> Value {
    let mut p = json!({"name": "aws", "runtime": "nodejs22.x"});
    p.as_object_mut().unwrap().extend(provider.as_object().unwrap().clone());
    let mut f = json!({"handler": "handler.api"});
    f.as_object_mut().unwrap().extend(function.as_object().unwrap().clone());
    json!({"service": "orders", "provider": p, "package": {"artifact": "a.zip"}, "functions": {"api": f}})
}

// ---------------------------------------------------------------- IAM

#[test]
fn statements_are_appended_after_the_log_statements_with_the_reference_coercions() {
    let mut svc = plain();
    let key = json!([{"AttributeName": "id", "KeyType": "HASH"}]);
    let table = svc.resource("Orders", Resource::new("AWS::DynamoDB::Table").property("KeySchema", key));
    svc.iam()
        .allow(["dynamodb:GetItem"], [table.arn()])
        .statement(model::Statement(
            json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::r/*"]}),
        ))
        .managed_policy("arn:aws:iam::aws:policy/AWSXrayReadOnlyAccess")
        .name("orders-exec")
        .path("/app/")
        .tag("team", "web");
    let t = template(&svc);
    let s = role_statements(&t);
    assert_eq!(s.len(), 4);
    assert_eq!(
        s[2],
        json!({"Effect": "Allow", "Action": ["dynamodb:GetItem"], "Resource": [{"Fn::GetAtt": ["Orders", "Arn"]}]})
    );
    // A lone action becomes a list; a one-ARN list becomes the ARN (ajv coercion).
    assert_eq!(s[3], json!({"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::r/*"}));
    let props = &t["Resources"]["IamRoleLambdaExecution"]["Properties"];
    let keys: Vec<&str> = props.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["AssumeRolePolicyDocument", "Policies", "Path", "RoleName", "Tags", "ManagedPolicyArns"]);
    assert_eq!(props["RoleName"], "orders-exec");
    assert_eq!(props["Tags"], json!([{"Key": "team", "Value": "web"}]));
    assert_eq!(props["ManagedPolicyArns"], json!(["arn:aws:iam::aws:policy/AWSXrayReadOnlyAccess"]));
}

#[test]
fn legacy_statements_apply_only_without_iam_role_statements() {
    let legacy = json!([{"Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": "*"}]);
    let c = |extra: Value| {
        let mut p = json!({"iamRoleStatements": legacy, "iamManagedPolicies": ["arn:aws:iam::aws:policy/X"]});
        p.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        let mut svc = Service::from_value(&config(p, json!({}))).unwrap();
        svc.config_mut().functions["api"].package.artifact = Some(Artifact::with_sha256("a.zip", SHA));
        svc.build_time_millis(1767225600000);
        template(&svc)
    };
    let t = c(json!({}));
    assert_eq!(role_statements(&t)[2]["Action"], json!(["sqs:SendMessage"]));
    assert_eq!(
        t["Resources"]["IamRoleLambdaExecution"]["Properties"]["ManagedPolicyArns"],
        json!(["arn:aws:iam::aws:policy/X"])
    );
    let t =
        c(json!({"iam": {"role": {"statements": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}}));
    assert_eq!(role_statements(&t).len(), 3);
    assert_eq!(role_statements(&t)[2]["Action"], json!(["s3:GetObject"]));
}

#[test]
fn an_existing_role_replaces_the_generated_one() {
    let mut svc = plain();
    svc.provider().existing_role("arn:aws:iam::123456789012:role/shared");
    let t = template(&svc);
    assert!(t["Resources"].get("IamRoleLambdaExecution").is_none());
    assert_eq!(t["Resources"]["ApiLambdaFunction"]["Properties"]["Role"], "arn:aws:iam::123456789012:role/shared");
}

/// A role ARN Lambda's pattern refuses (a placeholder account, found by cfn-lint's E3031 on a
/// corpus template) is an error at the setting; a dynamic reference is left to CloudFormation.
#[test]
fn a_role_arn_lambda_refuses_is_an_error() {
    let mut svc = plain();
    svc.provider().existing_role("arn:aws:iam::xxxxxxxx:role/lambda-execution");
    single_error(
        &svc,
        "INVALID_IAM_CONFIG",
        "provider.iam.role",
        "the role \"arn:aws:iam::xxxxxxxx:role/lambda-execution\" is not an IAM role ARN, so Lambda refuses it as the function's role",
    );
    for computed in ["arn:aws:iam::{{resolve:ssm:/account}}:role/shared", "arn:aws:iam::#{AWS::AccountId}:role/shared"]
    {
        let mut svc = plain();
        svc.provider().existing_role(computed);
        assert!(!svc.check().has_errors(), "{computed}: {}", svc.check());
    }
    let mut svc = plain();
    svc.function(
        "api",
        Function::handler("handler.api")
            .role("arn:aws:iam::123456789012:user/alice")
            .artifact(Artifact::with_sha256("dist/api.zip", SHA)),
    );
    let d = svc.check();
    let e = d.errors().next().expect("an error");
    assert_eq!((e.code, e.path.as_str()), ("INVALID_IAM_CONFIG", "functions.api.role"), "{d}");
}

/// A role name given by a dynamic reference (`name: ${ssm:/iam/role-name}` in serverless.yml)
/// has the value's length, not the reference's.
#[test]
fn a_role_name_from_a_dynamic_reference_is_not_measured() {
    let config = config(
        json!({"iam": {"role": {"name": "{{resolve:ssm:/my-company/production/iam/lambda-execution-role-name}}"}}}),
        json!({}),
    );
    let mut svc = Service::from_value(&config).unwrap_or_else(|d| panic!("{d}"));
    svc.package_artifact(Artifact::with_sha256("a.zip", SHA));
    assert!(!svc.check().has_errors(), "{}", svc.check());
}

#[test]
fn a_function_role_by_logical_id_depends_on_it() {
    let mut svc = plain();
    let role = svc.resource("ApiRole", Resource::new("AWS::IAM::Role").property("AssumeRolePolicyDocument", json!({})));
    svc.function(
        "api",
        Function::handler("handler.api").artifact(Artifact::with_sha256("dist/api.zip", SHA)).role(role.logical_id()),
    );
    let t = template(&svc);
    let f = &t["Resources"]["ApiLambdaFunction"];
    assert_eq!(f["Properties"]["Role"], json!({"Fn::GetAtt": ["ApiRole", "Arn"]}));
    assert_eq!(f["DependsOn"], json!(["ApiLogGroup", "ApiRole"]));
    // Every function has its own role: no shared role.
    assert!(t["Resources"].get("IamRoleLambdaExecution").is_none());
}

/// `provider.cfnRole` is CloudFormation's role for the deploy: the template does not change, and
/// a value that is not a role ARN is an error (CloudFormation refuses the change set).
#[test]
fn cfn_role_is_a_deploy_setting() {
    let mut svc = plain();
    let before = svc.synth().unwrap().json().to_string();
    svc.provider().cfn_role("arn:aws:iam::123456789012:role/cloudformation-deployer");
    assert_eq!(svc.synth().unwrap().json(), before);
    svc.provider().cfn_role("cloudformation-deployer");
    single_error(
        &svc,
        "INVALID_IAM_CONFIG",
        "provider.cfnRole",
        "\"cloudformation-deployer\" is not an IAM role ARN; CloudFormation assumes this role to deploy the stack",
    );
    let loaded = Service::from_value(
        &json!({"service": "s", "provider": {"name": "aws", "cfnRole": "arn:aws:iam::123456789012:role/d"}}),
    )
    .unwrap();
    assert_eq!(loaded.config().provider.cfn_role.as_deref(), Some("arn:aws:iam::123456789012:role/d"));
    // `provider.iam.deploymentRole` wins over it (the reference's getCustomDeploymentRole), and
    // is checked the same way.
    let both = json!({"service": "s", "provider": {"name": "aws", "cfnRole": "arn:aws:iam::123456789012:role/d",
                      "iam": {"deploymentRole": "arn:aws:iam::123456789012:role/e"}}});
    let role = Service::from_value(&both).unwrap().config().provider.cloudformation_role();
    assert_eq!(role, Some(("provider.iam.deploymentRole", Expr::from("arn:aws:iam::123456789012:role/e"))));
    let mut bad = plain();
    bad.config_mut().provider.iam =
        Some(stackwright_core::model::ProviderIam { deployment_role: Some("e".into()), ..Default::default() });
    single_error(
        &bad,
        "INVALID_IAM_CONFIG",
        "provider.iam.deploymentRole",
        "\"e\" is not an IAM role ARN; CloudFormation assumes this role to deploy the stack",
    );
}

/// The shared role's default name `<service>-<stage>-<region>-lambdaRole` over 64 characters:
/// the reference writes it as it is and IAM fails the stack (found on a corpus file, by cfn-lint's
/// W1032). A name of its own, or no shared role, needs no check.
#[test]
fn a_default_role_name_over_64_characters_is_an_error() {
    let long = "aws-golang-dynamo-stream-to-elasticsearch";
    let mut svc = plain();
    svc.config_mut().service = long.into();
    single_error(
        &svc,
        "INVALID_IAM_CONFIG",
        "service",
        "the execution role's name \"aws-golang-dynamo-stream-to-elasticsearch-dev-us-east-1-lambdaRole\" \
         (`<service>-<stage>-<region>-lambdaRole`) has 66 characters; IAM allows at most 64, so creating the stack fails",
    );
    let named = config(json!({"iam": {"role": {"name": "short"}}}), json!({}));
    let mut named = named;
    named["service"] = json!(long);
    assert!(Service::from_value(&named).unwrap().check().errors().next().is_none());
    // 64 characters exactly is fine.
    let mut svc = plain();
    svc.config_mut().service = "a".repeat(64 - "-dev-us-east-1-lambdaRole".len());
    assert!(svc.check().errors().next().is_none(), "{}", svc.check());
}

/// `runtimeManagement`: `manual` needs the runtime version's ARN (the function's or the
/// provider's), reported once for the provider's; a mode that is not one is the schema's error.
#[test]
fn runtime_management_rules() {
    let manual = config(json!({}), json!({"runtimeManagement": {"mode": "manual"}}));
    single_error(
        &Service::from_value(&manual).unwrap(),
        "LAMBDA_INVALID_FUNCTION_PROPERTY",
        "functions.api.runtimeManagement",
        "function \"api\" has runtimeManagement `manual` without the runtime version's `arn`",
    );
    let mut two = config(json!({"runtimeManagement": "manual"}), json!({}));
    two["functions"]["other"] = json!({"handler": "h.other"});
    single_error(
        &Service::from_value(&two).unwrap(),
        "LAMBDA_INVALID_FUNCTION_PROPERTY",
        "provider.runtimeManagement",
        "function \"api\" has runtimeManagement `manual` without the runtime version's `arn`",
    );
    let mut pinned = plain();
    pinned.provider().runtime_management(model::RuntimeManagement::manual("arn:aws:lambda:us-east-1::runtime:ab"));
    let t = template(&pinned);
    assert_eq!(
        t["Resources"]["ApiLambdaFunction"]["Properties"]["RuntimeManagementConfig"],
        json!({"UpdateRuntimeOn": "Manual", "RuntimeVersionArn": "arn:aws:lambda:us-east-1::runtime:ab"})
    );
    load_error(
        config(json!({}), json!({"runtimeManagement": "sometimes"})),
        "CONFIG_INVALID_VALUE",
        "functions.api.runtimeManagement",
        "expected one of `auto`, `onFunctionUpdate`, `manual`, found a string (\"sometimes\")",
    );
}

#[test]
fn both_provider_role_forms_is_an_error() {
    let mut svc = plain();
    svc.provider().role = Some("arn:aws:iam::123456789012:role/legacy".into());
    svc.iam().allow(["s3:GetObject"], ["*"]);
    single_error(
        &svc,
        "INVALID_IAM_CONFIG",
        "provider.role",
        "provider.role and provider.iam.role are both set; the reference uses provider.iam.role and ignores the other",
    );
}

#[test]
fn a_wildcard_statement_is_a_warning() {
    let mut svc = plain();
    svc.iam().allow(["*"], ["*"]);
    let t = svc.synth().unwrap();
    let w = t.warnings().iter().find(|d| d.code == "IAM_WILDCARD_STATEMENT").expect("warning");
    assert_eq!(w.path, "provider.iam.role.statements[0]");
}

/// IAM refuses a resource ARN that stops after the account (found by cfn-lint's E3510 on a corpus
/// file); `arn:aws:lambda:*`, S3's `arn:aws:s3:::bucket`, variables left to CloudFormation and `*`
/// are fine.
#[test]
fn a_resource_arn_missing_parts_is_an_error() {
    let mut svc = plain();
    svc.iam().statement(model::Statement(json!({"Effect": "Allow", "Action": "logs:*",
        "Resource": ["arn:aws:logs:us-east-2:*", "arn:aws:s3:::b/*", "*", "arn:aws:ssm:${AWS::Region}:*:parameter/x",
                     "arn:aws:lambda:*"]})));
    single_error(
        &svc,
        "INVALID_IAM_CONFIG",
        "provider.iam.role.statements[0].Resource[0]",
        "\"arn:aws:logs:us-east-2:*\" has 5 parts, where an ARN has `arn:partition:service:region` and then nothing \
         or `:account:resource`: IAM refuses the policy, and the role with it",
    );
}

#[test]
fn statement_shape_errors_are_located() {
    load_error(
        config(
            json!({"iam": {"role": {"statements": [{"Effect": "allow", "Action": "s3:*", "Resource": "*"}]}}}),
            json!({}),
        ),
        "CONFIG_INVALID_VALUE",
        "provider.iam.role.statements[0].Effect",
        "IAM statement Effect must be \"Allow\" or \"Deny\", found a string (\"allow\")",
    );
    load_error(
        config(json!({"iam": {"role": {"statements": [{"Effect": "Allow", "Action": "s3:*"}]}}}), json!({})),
        "CONFIG_MISSING_KEY",
        "provider.iam.role.statements[0].Resource",
        "missing required key `Resource` in provider.iam.role.statements[0]",
    );
    // Written without a value (`Resource:`): null, which the reference copies and IAM refuses.
    load_error(
        config(json!({"iamRoleStatements": [{"Effect": "Allow", "Action": "s3:*", "Resource": null}]}), json!({})),
        "CONFIG_INVALID_VALUE",
        "provider.iamRoleStatements[0].Resource",
        "expected a resource ARN, `*`, an intrinsic function, or a list of them, found null",
    );
    load_error(
        config(
            json!({"iam": {"role": {"statements": [{"Effect": "Allow", "Action": null, "Resource": "*"}]}}}),
            json!({}),
        ),
        "CONFIG_INVALID_VALUE",
        "provider.iam.role.statements[0].Action",
        "expected an action or a list of actions (strings), found null",
    );
}

#[test]
fn per_function_iam_mode_is_rejected_with_a_reason() {
    let d = Service::from_value(&config(json!({"iam": {"role": {"mode": "perFunction"}}}), json!({}))).unwrap_err();
    assert!(d.errors().any(|e| e.code == "CONFIG_UNSUPPORTED_KEY" && e.path == "provider.iam.role.mode"), "{d}");
}

// ---------------------------------------------------------------- function surface

#[test]
fn function_properties_come_in_the_reference_order() {
    let mut svc = plain();
    svc.provider().tag("team", "web").kms_key_arn("arn:aws:kms:us-east-1:123456789012:key/abc");
    svc.function(
        "api",
        Function::handler("handler.api")
            .artifact(Artifact::with_sha256("dist/api.zip", SHA))
            .tag("team", "api")
            .tag("tier", "1")
            .ephemeral_storage(1024)
            .on_error("arn:aws:sns:us-east-1:123456789012:dlq")
            .tracing(Tracing::Active)
            .layer("arn:aws:lambda:us-east-1:123456789012:layer:deps:3")
            .json_logs(LogLevel::Info, model::SystemLogLevel::Warn),
    );
    let t = template(&svc);
    let props = &t["Resources"]["ApiLambdaFunction"]["Properties"];
    let keys: Vec<&str> = props.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "Code",
            "Handler",
            "Runtime",
            "FunctionName",
            "MemorySize",
            "Timeout",
            "Tags",
            "EphemeralStorage",
            "DeadLetterConfig",
            "KmsKeyArn",
            "TracingConfig",
            "Role",
            "Layers",
            "LoggingConfig"
        ]
    );
    assert_eq!(props["Tags"], json!([{"Key": "team", "Value": "api"}, {"Key": "tier", "Value": "1"}]));
    assert_eq!(
        props["LoggingConfig"],
        json!({"ApplicationLogLevel": "INFO", "LogFormat": "JSON", "SystemLogLevel": "WARN"})
    );
    let s = role_statements(&t);
    assert_eq!(
        s[2],
        json!({"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": ["arn:aws:kms:us-east-1:123456789012:key/abc"]})
    );
    assert_eq!(s[3]["Action"], json!(["xray:PutTraceSegments", "xray:PutTelemetryRecords"]));
    assert_eq!(
        s[4],
        json!({"Effect": "Allow", "Action": ["sns:Publish"], "Resource": ["arn:aws:sns:us-east-1:123456789012:dlq"]})
    );
}

#[test]
fn log_retention_and_disabled_logs() {
    let mut svc = plain();
    svc.provider().log_retention(RetentionDays::D30);
    svc.function(
        "quiet",
        Function::handler("handler.quiet").artifact(Artifact::with_sha256("q.zip", SHA)).disable_logs(),
    );
    let t = template(&svc);
    assert_eq!(t["Resources"]["ApiLogGroup"]["Properties"]["RetentionInDays"], 30);
    assert!(t["Resources"].get("QuietLogGroup").is_none());
    assert!(t["Resources"]["QuietLambdaFunction"].get("DependsOn").is_none());
    let deny = &role_statements(&t)[2];
    assert_eq!(deny["Effect"], "Deny");
    assert_eq!(deny["Action"], "logs:PutLogEvents");
}

#[test]
fn log_retention_outside_the_allowed_set_is_an_error() {
    load_error(
        config(json!({"logRetentionInDays": 15}), json!({})),
        "INVALID_LOG_RETENTION",
        "provider.logRetentionInDays",
        "logRetentionInDays 15 is not a retention CloudWatch Logs allows; allowed: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
    );
}

#[test]
fn destinations_make_an_event_invoke_config_after_the_version() {
    let mut svc = plain();
    svc.function(
        "worker",
        Function::handler("handler.worker")
            .artifact(Artifact::with_sha256("w.zip", SHA))
            .on_success("arn:aws:sqs:us-east-1:123456789012:ok")
            .on_failure("api")
            .maximum_event_age(3600)
            .maximum_retry_attempts(1),
    );
    let t = template(&svc);
    let ids: Vec<&str> = t["Resources"].as_object().unwrap().keys().map(String::as_str).collect();
    let conf = ids.iter().position(|i| *i == "WorkerLambdaEvConf").unwrap();
    assert!(ids[conf - 1].starts_with("WorkerLambdaVersion"), "{ids:?}");
    assert_eq!(
        t["Resources"]["WorkerLambdaEvConf"],
        json!({"Type": "AWS::Lambda::EventInvokeConfig", "Properties": {
            "FunctionName": {"Ref": "WorkerLambdaFunction"},
            "DestinationConfig": {"OnSuccess": {"Destination": "arn:aws:sqs:us-east-1:123456789012:ok"},
                                  "OnFailure": {"Destination": {"Fn::GetAtt": ["ApiLambdaFunction", "Arn"]}}},
            "Qualifier": "$LATEST", "MaximumEventAgeInSeconds": 3600, "MaximumRetryAttempts": 1}})
    );
    let s = role_statements(&t);
    assert_eq!(
        s[2],
        json!({"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:ok"})
    );
    assert_eq!(s[3]["Action"], "lambda:InvokeFunction");
}

#[test]
fn an_unknown_destination_is_the_reference_error() {
    let mut svc = plain();
    svc.function("worker", Function::handler("h.w").artifact(Artifact::with_sha256("w.zip", SHA)).on_failure("apj"));
    single_error(
        &svc,
        "UNSUPPORTED_DESTINATION_TARGET",
        "functions.worker.destinations.onFailure",
        "Unsupported destination target apj",
    );
}

#[test]
fn async_settings_out_of_range() {
    let mut svc = plain();
    svc.function(
        "worker",
        Function::handler("h.w").artifact(Artifact::with_sha256("w.zip", SHA)).maximum_retry_attempts(3),
    );
    single_error(
        &svc,
        "LAMBDA_INVALID_ASYNC_CONFIG",
        "functions.worker.maximumRetryAttempts",
        "maximumRetryAttempts 3 of function \"worker\" is outside 0..2",
    );
}

#[test]
fn snap_start_on_a_capacity_provider_function_is_an_error() {
    let mut svc = Service::new("orders");
    svc.provider().runtime(Runtime::Java21).vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
    let pool = svc.default_capacity_provider();
    svc.function("api", Function::handler("A::handle").capacity_provider(&pool).snap_start());
    svc.package_artifact(Artifact::with_sha256("a.zip", SHA));
    single_error(
        &svc,
        "LAMBDA_INVALID_SNAP_START",
        "functions.api.snapStart",
        "function \"api\" runs on a capacity provider; Lambda Managed Instances keep execution environments warm and do not support SnapStart",
    );
}

#[test]
fn snap_start_publishes_a_version_with_an_alias() {
    let mut svc = plain();
    svc.provider().runtime(Runtime::Java21).version_functions(false);
    svc.function("api", Function::handler("A::handle").artifact(Artifact::with_sha256("a.zip", SHA)).snap_start());
    let t = template(&svc);
    let ids: Vec<&str> = t["Resources"].as_object().unwrap().keys().map(String::as_str).collect();
    let version = ids.iter().position(|i| i.starts_with("ApiLambdaVersion")).expect("a version");
    assert_eq!(ids[version + 1], "ApiSnapStartLambdaAlias");
    assert_eq!(t["Resources"]["ApiLambdaFunction"]["Properties"]["SnapStart"], json!({"ApplyOn": "PublishedVersions"}));
}

#[test]
fn layers_must_be_layer_version_arns() {
    let mut svc = plain();
    svc.function(
        "api",
        Function::handler("h.api")
            .artifact(Artifact::with_sha256("a.zip", SHA))
            .layer("arn:aws:lambda:us-east-1:123456789012:layer:deps"),
    );
    single_error(
        &svc,
        "LAMBDA_INVALID_FUNCTION_PROPERTY",
        "functions.api.layers[0]",
        "\"arn:aws:lambda:us-east-1:123456789012:layer:deps\" is not a layer version ARN",
    );
}

#[test]
fn log_levels_need_the_json_format() {
    let svc = Service::from_value(&config(json!({}), json!({"logs": {"applicationLogLevel": "INFO"}}))).unwrap();
    single_error(
        &svc,
        "LAMBDA_INVALID_FUNCTION_PROPERTY",
        "functions.api.logs.applicationLogLevel",
        "applicationLogLevel applies only to logFormat JSON; with the Text format it would be dropped",
    );
}

#[test]
fn tag_keys_cannot_start_with_aws() {
    let mut svc = plain();
    svc.provider().tag("aws:owner", "me");
    single_error(
        &svc,
        "LAMBDA_INVALID_FUNCTION_PROPERTY",
        "provider.tags.aws:owner",
        "tag key \"aws:owner\" is not allowed: keys have 1 to 128 characters and cannot start with `aws:`",
    );
}

// ---------------------------------------------------------------- service-level keys

#[test]
fn legacy_service_object_notation_is_read_with_a_warning() {
    let mut c = config(json!({}), json!({}));
    c["service"] = json!({"name": "orders"});
    let svc = Service::from_value(&c).expect("the v2 spelling loads");
    assert_eq!(svc.config().service, "orders");
    let mut plain = c.clone();
    plain["service"] = json!("orders");
    assert_eq!(svc.config(), Service::from_value(&plain).unwrap().config(), "same as `service: orders`");
    let d = svc.check();
    let w = d.warnings().find(|w| w.code == "SERVICE_OBJECT_NOTATION").expect("a warning");
    assert_eq!((w.path.as_str(), w.help.as_str()), ("service", "write `service: orders`"));
    assert!(w.message.contains("Serverless Framework v3 and later reject it"), "{}", w.message);
}

/// Top-level `build` (Serverless Framework v4's esbuild) changes only the zip: accepted, with a
/// warning that stackwright does not bundle unless `esbuild: false`; `outputs` (Dashboard
/// outputs) has no template effect.
#[test]
fn build_and_outputs_are_accepted() {
    let warnings = |extra: Value| {
        let mut c = config(json!({}), json!({}));
        c.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        let d = Service::from_value(&c).unwrap_or_else(|d| panic!("{d}")).check();
        assert!(!d.has_errors(), "{d}");
        d.warnings().map(|w| (w.code, w.path.clone())).collect::<Vec<_>>()
    };
    assert_eq!(warnings(json!({"build": {"esbuild": false}, "outputs": {"url": "x"}})), []);
    for esbuild in [json!(true), json!({"bundle": true, "minify": false})] {
        assert_eq!(warnings(json!({"build": {"esbuild": esbuild}})), [("BUILD_NOT_RUN", "build".to_string())]);
    }
    let mut c = config(json!({}), json!({}));
    c["build"] = json!({"esbuild": "yes"});
    load_error(
        c,
        "CONFIG_INVALID_VALUE",
        "build.esbuild",
        "expected `false`, `true` or an object of esbuild options, found a string (\"yes\")",
    );
}

#[test]
fn legacy_service_object_keys_other_than_name_are_errors() {
    let mut c = config(json!({}), json!({}));
    c["service"] = json!({"name": "orders", "awsKmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/k"});
    load_error(
        c,
        "SERVICE_OBJECT_NOTATION",
        "service.awsKmsKeyArn",
        "`service.awsKmsKeyArn` is not read by stackwright (legacy object notation for `service`)",
    );
}

#[test]
fn resources_as_a_list_are_merged() {
    let mut c = config(json!({}), json!({}));
    c["resources"] = json!([{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}, {"Outputs": {"O": {"Value": "x"}}}]);
    let svc = Service::from_value(&c).unwrap();
    assert!(svc.config().resources.resources.contains_key("Q"));
    assert!(svc.config().resources.outputs.contains_key("O"));
    c["resources"] = json!([{"Resources": {}}, 3]);
    load_error(c, "CONFIG_INVALID_VALUE", "resources[1]", "Non-object value specified in resources array: 3");
}

#[test]
fn keys_without_template_effect_are_accepted() {
    let mut c = config(json!({"profile": "dev", "stackTags": {"owner": "me"}, "stackName": "orders-stack"}), json!({}));
    for (k, v) in [("app", json!("a")), ("org", json!("o")), ("custom", json!({"x": 1})), ("useDotenv", json!(true))] {
        c[k] = v;
    }
    assert!(Service::from_value(&c).is_ok());
}

#[test]
fn plugins_build_time_accepted_others_rejected() {
    let mut c = config(json!({}), json!({}));
    c["plugins"] = json!(["serverless-offline", "serverless-plugin-split-stacks", "acme-magic"]);
    let d = Service::from_value(&c).unwrap_err();
    let paths: Vec<(&str, &str)> = d.errors().map(|e| (e.code, e.path.as_str())).collect();
    assert_eq!(paths, [("UNSUPPORTED_PLUGIN", "plugins[1]"), ("UNSUPPORTED_PLUGIN", "plugins[2]")]);
}

#[test]
fn settings_round_trip_through_codegen() {
    let c = config(
        json!({"tags": {"team": "web"}, "tracing": {"lambda": true}, "iam": {"role": {"statements": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}]}}}),
        json!({"layers": ["arn:aws:lambda:us-east-1:123456789012:layer:deps:1"], "maximumRetryAttempts": 1}),
    );
    let svc = Service::from_value(&c).unwrap();
    let code = codegen::builder_statements(svc.config(), codegen::Target::Program);
    assert!(code.contains("svc.provider_settings("), "{code}");
    assert!(code.contains("svc.function_settings(\"api\""), "{code}");
}

#[test]
fn retired_runtimes_name_their_successor() {
    let d = Service::from_value(&config(json!({"runtime": "nodejs14.x"}), json!({}))).unwrap_err();
    let e = d.errors().next().unwrap();
    assert_eq!(e.path, "provider.runtime");
    assert_eq!(
        e.message,
        "runtime \"nodejs14.x\" is deprecated by AWS: Lambda no longer creates or updates functions on it"
    );
    assert_eq!(e.help, "use nodejs22.x, its supported successor");
}

#[test]
fn a_role_logical_id_must_be_a_resource() {
    let mut svc = plain();
    svc.function("api", Function::handler("h.api").artifact(Artifact::with_sha256("a.zip", SHA)).role("ApiRol"));
    svc.resource("ApiRole", Resource::new("AWS::IAM::Role").property("AssumeRolePolicyDocument", json!({})));
    single_error(
        &svc,
        "UNRESOLVED_REFERENCE",
        "functions.api.role",
        "the role \"ApiRol\" is neither an ARN nor a resource of this template",
    );
}

// ---------------------------------------------------------------- resources.extensions

/// `resources.extensions` as the reference applies them (`merge-custom-provider-resources.js`):
/// after the user's `Resources` are merged, on generated and user resources alike.
#[test]
fn resource_extensions_set_attributes_of_generated_and_user_resources() {
    let mut config = config(json!({}), json!({}));
    config["resources"] = json!({
        "Resources": {"Bucket": {"Type": "AWS::S3::Bucket", "DependsOn": "ApiLogGroup"}},
        "extensions": {
            "ApiLogGroup": {"Properties": {"RetentionInDays": 7, "LogGroupName": "/custom"}, "DeletionPolicy": "Retain"},
            "ApiLambdaFunction": {"DependsOn": "Bucket", "Metadata": {"owner": "team"}},
            "Bucket": {"DependsOn": ["ApiLambdaFunction"], "Properties": {"BucketName": null}, "UpdateReplacePolicy": "Retain"},
        },
    });
    let mut svc = Service::from_value(&config).unwrap_or_else(|d| panic!("{d}"));
    svc.package_artifact(Artifact::with_sha256("a.zip", SHA));
    svc.build_time_millis(1767225600000);
    let t = template(&svc);
    // `Properties` assigned key by key: a replaced key keeps its place, a new one comes last.
    assert_eq!(
        serde_json::to_string(&t["Resources"]["ApiLogGroup"]).unwrap(),
        r#"{"Type":"AWS::Logs::LogGroup","Properties":{"LogGroupName":"/custom","RetentionInDays":7},"DeletionPolicy":"Retain"}"#
    );
    // `DependsOn` appended (the log group the function already depends on stays first).
    let function = &t["Resources"]["ApiLambdaFunction"];
    assert_eq!(function["DependsOn"], json!(["ApiLogGroup", "Bucket"]));
    assert_eq!(function["Metadata"], json!({"owner": "team"}));
    // A single name becomes a list; a `null` property is removed as the reference removes it.
    assert_eq!(
        serde_json::to_string(&t["Resources"]["Bucket"]).unwrap(),
        r#"{"Type":"AWS::S3::Bucket","DependsOn":["ApiLogGroup","ApiLambdaFunction"],"Properties":{},"UpdateReplacePolicy":"Retain"}"#
    );
}

#[test]
fn resource_extension_errors_are_the_references() {
    let mut missing = config(json!({}), json!({}));
    missing["resources"] = json!({"extensions": {"Nope": {"DeletionPolicy": "Retain"}}});
    let svc = Service::from_value(&missing).unwrap();
    single_error(
        &svc,
        codes::RESOURCE_EXTENSION_NOT_EXISTING,
        "resources.extensions.Nope",
        "Cannot extend \"Nope\" resource, as it's not found in generated stack",
    );
    let mut attribute = config(json!({}), json!({}));
    attribute["resources"] = json!({"extensions": {"ApiLogGroup": {"Type": "AWS::Logs::LogGroup"}}});
    load_error(
        attribute,
        codes::RESOURCE_EXTENSION_UNSUPPORTED_ATTRIBUTE,
        "resources.extensions.ApiLogGroup.Type",
        "Cannot extend \"ApiLogGroup\" resource, as extending the \"Type\" attribute at this point is not supported.",
    );
    let mut shape = config(json!({}), json!({}));
    shape["resources"] = json!({"extensions": {"ApiLogGroup": {"Properties": [1]}}});
    load_error(
        shape,
        codes::CONFIG_INVALID_VALUE,
        "resources.extensions.ApiLogGroup.Properties",
        "expected an object, found an array",
    );
}

/// An empty `description` writes no `Description`, an empty `condition` no `Condition` and
/// `provisionedConcurrency: 0` no alias (the reference tests all three for truth), on the function
/// and its version alike, so the version's hash is the one without them (found by the osls
/// differential on a corpus file with `description: ''`, then `osls_cases.py`'s FALSY cases).
#[test]
fn an_empty_description_or_condition_is_none() {
    let with = |function: Value| {
        let mut svc = Service::from_value(&config(json!({}), function)).unwrap_or_else(|d| panic!("{d}"));
        svc.package_artifact(Artifact::with_sha256("a.zip", SHA));
        svc.build_time_millis(1767225600000);
        template(&svc)
    };
    let t = with(json!({"description": "", "condition": "", "provisionedConcurrency": 0}));
    assert!(t["Resources"]["ApiLambdaFunction"]["Properties"].get("Description").is_none(), "{t}");
    assert!(t["Resources"]["ApiLambdaFunction"].get("Condition").is_none(), "{t}");
    assert!(t["Resources"].get("ApiProvConcLambdaAlias").is_none(), "{t}");
    assert_eq!(t, with(json!({})));
}

/// The reference makes the URL `AWS_IAM` for `aws_iam` only and streams for `RESPONSE_STREAM`
/// only: `AWS_IAM` gave a public URL without a word.
#[test]
fn a_url_setting_the_reference_does_not_read_is_an_error() {
    check_errors(
        config(json!({}), json!({"url": {"authorizer": "AWS_IAM", "invokeMode": "stream"}, "events": []})),
        &[
            (
                "LAMBDA_INVALID_FUNCTION_PROPERTY",
                "functions.api.url.authorizer",
                "`authorizer` is a string (\"AWS_IAM\"), none of `aws_iam`: the reference makes a public URL \
                 (`AuthType: NONE`) of it without a word",
                "write `aws_iam` exactly",
            ),
            (
                "LAMBDA_INVALID_FUNCTION_PROPERTY",
                "functions.api.url.invokeMode",
                "`invokeMode` is a string (\"stream\"), none of `BUFFERED`, `RESPONSE_STREAM`: the reference makes a \
                 buffered URL of it without a word",
                "write one of `BUFFERED`, `RESPONSE_STREAM`, or remove `invokeMode`",
            ),
        ],
    );
}

/// A value of a shape the reference's schema does not have, in a setting synthesis reads as
/// written: an error at the value, not the setting's default.
#[test]
fn an_authorizer_identity_source_of_the_wrong_shape_is_an_error() {
    load_error(
        config(
            json!({}),
            json!({"events": [{"http": {"path": "/", "method": "get", "authorizer": {"name": "auth",
                "identitySource": {"header": "Authorization"}}}}]}),
        ),
        "CONFIG_INVALID_VALUE",
        "functions.api.events[0].http.authorizer.identitySource",
        "expected a string, found an object with keys `header`",
    );
}

/// Provider settings of an event type no event uses still have their unknown keys reported, as
/// the reference's schema warns about them whether or not the service has such an event.
#[test]
fn unknown_keys_of_provider_event_settings_are_reported_without_events() {
    let svc = Service::from_value(&config(
        json!({"apiGateway": {"minimumCompressionSize": 1024, "zzA": 1}, "httpApi": {"cors": true, "zzB": 1},
            "alb": {"zzC": 1}, "logs": {"websocket": {"level": "INFO", "zzD": 1}}}),
        json!({}),
    ))
    .expect("loads");
    let found: Vec<_> = (svc.check().iter())
        .filter(|d| d.code == "CONFIG_UNKNOWN_KEY")
        .map(|d| (d.path.clone(), d.message.clone()))
        .collect();
    let expected = [
        ("provider.apiGateway.zzA", "unknown key `zzA` in provider.apiGateway"),
        ("provider.httpApi.zzB", "unknown key `zzB` in provider.httpApi"),
        ("provider.alb.zzC", "unknown key `zzC` in provider.alb"),
        ("provider.logs.websocket.zzD", "unknown key `zzD` in provider.logs.websocket"),
    ];
    let mut found = found;
    found.sort();
    let mut expected: Vec<_> = expected.iter().map(|(p, m)| (p.to_string(), m.to_string())).collect();
    expected.sort();
    assert_eq!(found, expected);
}

/// A `provider.s3` entry's keys become the bucket's properties whatever they are.
#[test]
fn a_provider_s3_key_the_bucket_does_not_have_is_an_error() {
    check_errors(
        config(
            json!({"s3": {"photos": {"name": "acme-photos-1", "versioning": {"Status": "Enabled"},
                "ownershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}}}}),
            json!({"events": [{"s3": {"bucket": "photos", "event": "s3:ObjectCreated:*"}}]}),
        ),
        &[(
            "CONFIG_INVALID_VALUE",
            "provider.s3.photos.versioning",
            "`versioning` becomes the bucket property `Versioning`, which AWS::S3::Bucket does not have: \
             CloudFormation refuses the template",
            "did you mean `versioningConfiguration`? Or remove `versioning`",
        )],
    );
    // Inside a property, as for the template's resources.
    check_errors(
        config(
            json!({"s3": {"photos": {"name": "acme-photos-1", "publicAccessBlockConfiguration": {"BlockPublicAcl": true}}}}),
            json!({"events": [{"s3": {"bucket": "photos", "event": "s3:ObjectCreated:*"}}]}),
        ),
        &[(
            "RESOURCE_UNKNOWN_PROPERTY",
            "provider.s3.photos.publicAccessBlockConfiguration.BlockPublicAcl",
            "`BlockPublicAcl` is not a key of `PublicAccessBlockConfiguration` in AWS::S3::Bucket: CloudFormation \
             refuses the template",
            "did you mean `BlockPublicAcls`?",
        )],
    );
}
