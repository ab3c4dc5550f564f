//! The plugins stackwright implements natively (DECISIONS.md D8): fixtures with the template each
//! plugin produces, and the rules for their misuse (code, path, message).
//!
//! No reference templates exist for plugins. Each `expected.json` under `data/plugins/<case>/` is
//! the template of the same service without the plugin (which the conformance suite ties to the
//! reference byte for byte), changed as the plugin's source changes it; the derivation of every
//! change is written next to the case below. Sources: functionalone/serverless-iam-roles-per-function
//! `src/lib/index.ts` at d848cdc6 (v3.2.0), svdgraaf/serverless-pseudo-parameters `lib/index.js`
//! at 880dd3a3 (v2.6.1), GetWala/serverless-cf-vars `index.js` at da691801,
//! santiagocardenas/serverless-cloudformation-sub-variables `index.js` at c3533559,
//! mikesouza/serverless-associate-waf `lib/index.js` at 5151534c,
//! DianaIonita/serverless-api-gateway-throttling `src/apiGatewayThrottlingPlugin.js` at 06811366,
//! `src/restApiId.js` at fd2316af, `src/httpApiId.js` at 83fd4c6c,
//! `src/ApiGatewayThrottlingSettings.js` at 6211e7b1. `STACKWRIGHT_BLESS=1` rewrites the files
//! (then review the diff against these derivations).

use std::path::PathBuf;

use serde_json::{Value, json};
use stackwright_core::*;

const SHA: &str = "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U=";

fn case_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/plugins").join(name)
}

fn load(config: &Value) -> Service {
    let mut svc = Service::from_value(config).unwrap_or_else(|d| panic!("{d}"));
    svc.package_artifact(Artifact::with_sha256("artifact.zip", SHA));
    svc.build_time_millis(1767225600000);
    svc
}

/// The one diagnostic at config path `path`.
fn found_in<'a>(d: &'a Diagnostics, path: &str) -> &'a Diagnostic {
    d.iter().find(|d| d.path == path).unwrap_or_else(|| panic!("nothing at {path}: {d}"))
}

fn synth(config: &Value) -> String {
    load(config).synth().unwrap_or_else(|d| panic!("{d}")).json().to_string()
}

/// The case's template is its `expected.json`, byte for byte.
fn fixture(name: &str) -> Value {
    let dir = case_dir(name);
    let config: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("serverless.json")).unwrap()).unwrap();
    let actual = synth(&config);
    let expected_path = dir.join("expected.json");
    if std::env::var_os("STACKWRIGHT_BLESS").is_some() {
        std::fs::write(&expected_path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap();
    assert!(actual == expected, "{name}: template differs from expected.json:\n{actual}");
    config
}

fn without_plugins(mut config: Value) -> Value {
    let map = config.as_object_mut().unwrap();
    map.remove("plugins");
    map.remove("custom");
    for f in map["functions"].as_object_mut().unwrap().values_mut() {
        let f = f.as_object_mut().unwrap();
        for k in ["iamRoleStatements", "iamRoleStatementsName", "iamRoleStatementsInherit", "iamPermissionsBoundary"] {
            f.remove(k);
        }
    }
    config
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

/// serverless-iam-roles-per-function. Derivation from the template without the plugin (`base`):
///
/// - `createRolesPerFunction` visits `functions` in order; `createRoleForFunction` returns early
///   unless `iamRoleStatements !== undefined`: `api`, `worker` (an empty list counts) and the long
///   key get roles, `plain` does not.
/// - Each role is `_.cloneDeep` of `IamRoleLambdaExecution` as it is at that moment, with
///   `Policies[0].PolicyDocument.Statement` replaced by: the log statement on
///   `/aws/lambda/<deployed name>:*:*` (`Fn::Sub`), DynamoDB stream reads then Kinesis stream
///   reads (type from `stream.type`, else the ARN's third field), SQS reads (the `sqs` values as
///   written), `sns:Publish` on `onError` (the value itself, not a list), the provider's
///   statements when inherited (`provider.iam.role.statements` because `provider.iam` exists),
///   the function's statements — all after the schema's coercion (a lone `Action` becomes a
///   list, a one-ARN `Resource` list becomes the string).
/// - `ManagedPolicyArns` is set to `[]`, then to the VPC access policy because `provider.vpc` is
///   set: it exists in the shared role (the VPC policy is there), so it keeps its place.
/// - `PermissionsBoundary`: the function's `iamPermissionsBoundary`, else the global one; the
///   global one is also set on the shared role (appended there), *after* the first copy: `api`'s
///   role gets the key appended after `ManagedPolicyArns`, later copies inherit its place from
///   the shared role (the same place here, `ManagedPolicyArns` being the shared role's last key).
/// - `RoleName`: `iamRoleStatementsName`, else `getRoleName()`'s join with the function key
///   spliced in at index 2; `orders`+`dev`+key+`us-east-1`+`lambdaRole` plus 4 dashes is 65
///   characters for the 33-character key, so `lambdaRole` is dropped.
/// - The role is added as `<normalized key>IamRoleLambdaExecution` at the end of the resources
///   compiled so far (before the user's own resources, merged later).
/// - The function's `Role` `Fn::GetAtt[0]` becomes the role and its `DependsOn` is
///   `[role, ...DependsOn without IamRoleLambdaExecution]`; every event source mapping whose
///   `FunctionName` is a `Fn::GetAtt` of such a function gets `DependsOn: "<role>"` (a string).
#[test]
fn iam_roles_per_function_fixture() {
    let config = fixture("iam-roles-per-function");
    let t = parse(&synth(&config));
    let base = parse(&synth(&without_plugins(config)));
    let resources = |t: &Value| t["Resources"].as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    // The roles follow the generated resources, in `functions` order, before the user's own.
    let mut ids = resources(&base);
    let user_at = ids.iter().position(|id| id == "Clicks").unwrap();
    for (i, role) in ["ApiIamRoleLambdaExecution", "WorkerIamRoleLambdaExecution"].into_iter().enumerate() {
        ids.insert(user_at + i, role.to_string());
    }
    ids.insert(user_at + 2, "ADashfunctionDashwithDashaDashratherDashlongDashkeyIamRoleLambdaExecution".to_string());
    assert_eq!(resources(&t), ids);
    // The shared role keeps every statement the events add; only the global boundary is new.
    let mut shared = base["Resources"]["IamRoleLambdaExecution"].clone();
    shared["Properties"]["PermissionsBoundary"] = json!("arn:aws:iam::123456789012:policy/boundary");
    assert_eq!(t["Resources"]["IamRoleLambdaExecution"], shared);
    let api = &t["Resources"]["ApiIamRoleLambdaExecution"]["Properties"];
    let keys: Vec<&String> = api.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["AssumeRolePolicyDocument", "Policies", "Path", "RoleName", "ManagedPolicyArns", "PermissionsBoundary"]
    );
    assert_eq!(
        api["RoleName"],
        json!({"Fn::Join": ["-", ["orders", "dev", "api", {"Ref": "AWS::Region"}, "lambdaRole"]]})
    );
    let statements = &api["Policies"][0]["PolicyDocument"]["Statement"];
    // Logs, DynamoDB stream, Kinesis stream, SQS, its own (no inheritance).
    assert_eq!(statements.as_array().unwrap().len(), 5, "{statements:#}");
    assert_eq!(statements[4]["Action"], json!(["dynamodb:GetItem"]));
    let long = &t["Resources"]["ADashfunctionDashwithDashaDashratherDashlongDashkeyIamRoleLambdaExecution"];
    assert_eq!(
        long["Properties"]["RoleName"],
        json!({"Fn::Join": ["-", ["orders", "dev", "a-function-with-a-rather-long-key", {"Ref": "AWS::Region"}]]})
    );
    assert_eq!(t["Resources"]["PlainLambdaFunction"], base["Resources"]["PlainLambdaFunction"]);
    assert_eq!(t["Resources"]["ApiLambdaFunction"]["DependsOn"], json!(["ApiIamRoleLambdaExecution", "ApiLogGroup"]));
    for (id, r) in t["Resources"].as_object().unwrap() {
        if r["Type"] == "AWS::Lambda::EventSourceMapping" {
            assert_eq!(r["DependsOn"], json!("ApiIamRoleLambdaExecution"), "{id}");
        }
    }
}

/// serverless-pseudo-parameters. Derivation: the plugin walks every top-level value of the
/// finished template (after the user's resources are merged); a string matching `#{([^}]+)}`
/// becomes `{"Fn::Sub": <string with ${...}>}`, or under a `Fn::Sub` key the rewritten string
/// itself; array items are visited with their index as key, so the string of a `Fn::Sub` list
/// would become a nested `{"Fn::Sub": ...}`, which CloudFormation rejects (an error: see
/// `pseudo_parameters_in_a_sub_list_are_an_error`);
/// a string with `#@{X}` becomes that string with `#{X}` and nothing else replaced (the second
/// assignment starts from the original string). Region names are left alone
/// (`skipRegionReplace` defaults to `true`).
#[test]
fn pseudo_parameters_fixture() {
    let config = fixture("pseudo-parameters");
    let t = parse(&synth(&config));
    let env = &t["Resources"]["ApiLambdaFunction"]["Properties"]["Environment"]["Variables"];
    assert_eq!(env["QUEUE_URL"], json!({"Fn::Sub": "https://sqs.${AWS::Region}.amazonaws.com/${AWS::AccountId}/jobs"}));
    assert_eq!(env["PLAIN"], json!("no parameters here"));
    assert_eq!(env["ESCAPED"], json!("literal #{NotAParameter}"));
    assert_eq!(env["MIXED"], json!("#{AWS::Region} and #{Kept}"));
    let param = &t["Resources"]["Param"]["Properties"];
    assert_eq!(param["Value"], json!({"Fn::Sub": "${Topic} in ${AWS::Region} of ${AWS::AccountId}"}));
    assert_eq!(param["Description"], json!({"Fn::Sub": "${AWS::StackName}-x"}));
    assert_eq!(
        t["Outputs"]["TopicArn"]["Value"],
        json!({"Fn::Sub": "arn:aws:sns:${AWS::Region}:${AWS::AccountId}:orders-${AWS::Region}"})
    );
    // Without the plugin the same strings stay as written.
    let mut plain = config.clone();
    plain.as_object_mut().unwrap().remove("plugins");
    let base = parse(&synth(&plain));
    assert_eq!(
        base["Outputs"]["TopicArn"]["Value"],
        json!("arn:aws:sns:#{AWS::Region}:#{AWS::AccountId}:orders-#{AWS::Region}")
    );
}

/// The plugin would turn the text of an `Fn::Sub` list into a nested `Fn::Sub` (CloudFormation
/// rejects it): an error at that list, not a template AWS rejects.
#[test]
fn pseudo_parameters_in_a_sub_list_are_an_error() {
    let mut config = fixture("pseudo-parameters");
    config["resources"]["Resources"]["Param"]["Properties"]["Description"] =
        json!({ "Fn::Sub": ["#{AWS::StackName}-${Suffix}", { "Suffix": "x" }] });
    let errors = load(&config).synth().expect_err("a nested Fn::Sub is rejected");
    let e = errors.iter().next().unwrap();
    assert_eq!(errors.len(), 1, "{errors}");
    assert_eq!(e.code, "CONFIG_INVALID_VALUE");
    assert_eq!(e.path, "Resources.Param.Properties.Description.Fn::Sub");
    assert!(e.message.contains("nested `Fn::Sub`, which CloudFormation rejects"), "{}", e.message);
    assert!(e.help.contains("${AWS::Region}"));
}

#[test]
fn pseudo_parameters_options() {
    let config = json!({
        "service": "orders",
        "plugins": ["serverless-pseudo-parameters"],
        "custom": {"pseudoParameters": {"skipRegionReplace": false, "allowReferences": false}},
        "provider": {"name": "aws", "runtime": "nodejs24.x", "environment": {
            "QA": "arn:aws:sqs:eu-west-1:123456789012:q-us-east-1",
            "QB": "#{MyQueue} #{AWS::AccountId}"
        }},
        "functions": {"api": {"handler": "index.api"}}
    });
    let t = parse(&synth(&config));
    let env = &t["Resources"]["ApiLambdaFunction"]["Properties"]["Environment"]["Variables"];
    // Only the first region is replaced (the plugin's regex has no `g` flag).
    assert_eq!(env["QA"], json!({"Fn::Sub": "arn:aws:sqs:${AWS::Region}:123456789012:q-us-east-1"}));
    // allowReferences: false accepts `AWS::` names only.
    assert_eq!(env["QB"], json!({"Fn::Sub": "#{MyQueue} ${AWS::AccountId}"}));
}

// ------------------------------------------------------------------------------------- rules

fn service(functions: Value, extra: Value) -> Value {
    let mut c = json!({
        "service": "orders",
        "plugins": ["serverless-iam-roles-per-function"],
        "provider": {"name": "aws", "runtime": "nodejs24.x"},
        "functions": functions
    });
    for (k, v) in extra.as_object().unwrap() {
        c[k] = v.clone();
    }
    c
}

const S3_READ: &str = r#"{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}"#;

fn statements() -> Value {
    json!([serde_json::from_str::<Value>(S3_READ).unwrap()])
}

fn load_error(config: &Value, code: &str, path: &str, message: &str) {
    let d = Service::from_value(config).err().unwrap_or_else(|| load(config).check());
    let errors: Vec<&Diagnostic> = d.errors().collect();
    assert_eq!(errors.len(), 1, "expected exactly one error, got:\n{d}");
    assert_eq!((errors[0].code, errors[0].path.as_str(), errors[0].message.as_str()), (code, path, message));
    assert!(!errors[0].help.is_empty(), "help missing for {code}");
}

#[test]
fn statements_must_be_a_list() {
    let c = service(json!({"api": {"handler": "h.api", "iamRoleStatements": "s3:GetObject"}}), json!({}));
    let d = Service::from_value(&c).unwrap_err();
    let e: Vec<(&str, &str, &str)> = d.errors().map(|e| (e.code, e.path.as_str(), e.message.as_str())).collect();
    assert_eq!(
        e,
        [(
            "CONFIG_INVALID_VALUE",
            "functions.api.iamRoleStatements",
            "expected a list of IAM statements, found a string (\"s3:GetObject\")"
        )]
    );
}

#[test]
fn statements_need_the_plugin() {
    let mut c = service(json!({"api": {"handler": "h.api", "iamRoleStatements": statements()}}), json!({}));
    c.as_object_mut().unwrap().remove("plugins");
    load_error(
        &c,
        "CONFIG_UNSUPPORTED_KEY",
        "functions.api.iamRoleStatements",
        "`iamRoleStatements` without the plugin serverless-iam-roles-per-function is not supported by stackwright",
    );
}

#[test]
fn statements_and_role_conflict() {
    let c = service(
        json!({"api": {"handler": "h.api", "role": "arn:aws:iam::123456789012:role/x", "iamRoleStatements": statements()}}),
        json!({}),
    );
    load_error(
        &c,
        "INVALID_IAM_CONFIG",
        "functions.api.role",
        "serverless-iam-roles-per-function: ERROR: Define function with both 'role' and 'iamRoleStatements' is not \
         supported. Function name: api",
    );
}

#[test]
fn statements_need_the_shared_role() {
    let mut c = service(json!({"api": {"handler": "h.api", "iamRoleStatements": statements()}}), json!({}));
    c["provider"]["iam"] = json!({"role": "arn:aws:iam::123456789012:role/shared"});
    load_error(
        &c,
        "INVALID_IAM_CONFIG",
        "functions.api.iamRoleStatements",
        "the function's own role is a copy of IamRoleLambdaExecution, which the provider's existing role \
         (`provider.iam.role` or `provider.role`) replaces; serverless-iam-roles-per-function fails here",
    );
}

#[test]
fn default_role_name_too_long() {
    let key = "f".repeat(50);
    let c = service(json!({ key.clone(): {"handler": "h.api", "iamRoleStatements": statements()} }), json!({}));
    load_error(
        &c,
        "INVALID_IAM_CONFIG",
        &format!("functions.{key}.iamRoleStatements"),
        &format!(
            "serverless-iam-roles-per-function: ERROR: auto generated role name for function: {key} is too long \
             (over 64 chars). Try setting a custom role name using the property: iamRoleStatementsName."
        ),
    );
    // With a name of its own it synthesizes.
    let c = service(
        json!({ key.clone(): {"handler": "h.api", "iamRoleStatements": statements(), "iamRoleStatementsName": "short"} }),
        json!({}),
    );
    assert!(!load(&c).check().has_errors());
}

#[test]
fn function_without_depends_on_fails_as_in_the_plugin() {
    let c = service(
        json!({"api": {"handler": "h.api", "disableLogs": true, "iamRoleStatements": statements()}}),
        json!({}),
    );
    load_error(
        &c,
        "INVALID_IAM_CONFIG",
        "functions.api.iamRoleStatements",
        "serverless-iam-roles-per-function: ERROR: Function Resource is not in expected format. For function name: api",
    );
}

#[test]
fn role_settings_without_statements_warn() {
    let c = service(json!({"api": {"handler": "h.api", "iamRoleStatementsName": "x"}}), json!({}));
    let d = load(&c).check();
    assert!(!d.has_errors(), "{d}");
    let w = d.iter().find(|w| w.path == "functions.api.iamRoleStatementsName").unwrap_or_else(|| panic!("{d}"));
    assert_eq!(
        w.message,
        "`iamRoleStatementsName` has no effect without `iamRoleStatements`: the function uses the shared role"
    );
}

#[test]
fn plugin_custom_settings_are_checked() {
    let c = service(
        json!({"api": {"handler": "h.api"}}),
        json!({"custom": {"serverless-iam-roles-per-function": {"defaultInherit": true, "inherit": true}}}),
    );
    // The plugin reads only its own settings; others are ignored with the warning every unknown key gets.
    let d = load(&c).check();
    assert!(!d.has_errors(), "{d}");
    let w = d.warnings().find(|w| w.code == "CONFIG_UNKNOWN_KEY").expect("a warning");
    assert_eq!(
        (w.path.as_str(), w.message.as_str()),
        (
            "custom.serverless-iam-roles-per-function.inherit",
            "unknown key `inherit` in custom.serverless-iam-roles-per-function"
        )
    );
}

#[test]
fn default_inherit_copies_the_provider_statements() {
    let mut c = service(
        json!({"api": {"handler": "h.api", "iamRoleStatements": []}, "own": {"handler": "h.own", "iamRoleStatements": [], "iamRoleStatementsInherit": false}}),
        json!({"custom": {"serverless-iam-roles-per-function": {"defaultInherit": true}}}),
    );
    c["provider"]["iamRoleStatements"] = statements();
    let t = parse(&synth(&c));
    let count = |id: &str| {
        t["Resources"][id]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"].as_array().unwrap().len()
    };
    assert_eq!((count("ApiIamRoleLambdaExecution"), count("OwnIamRoleLambdaExecution")), (2, 1));
}

#[test]
fn builder_and_codegen_round_trip() {
    let c = service(
        json!({"api": {"handler": "h.api", "iamRoleStatements": statements(), "iamRoleStatementsName": "api-role",
                        "iamRoleStatementsInherit": true, "iamPermissionsBoundary": "arn:aws:iam::123456789012:policy/b"}}),
        json!({"custom": {"serverless-iam-roles-per-function": {"defaultInherit": true}}}),
    );
    let svc = load(&c);
    let code = codegen::builder_statements(svc.config(), codegen::Target::Program);
    assert!(code.contains("\"iamRoleStatements\""), "{code}");
    assert!(code.contains("plugin_settings.default_inherit = Some(true);"), "{code}");
    // The builder gives the same template as serverless.yml.
    let mut b = Service::new("orders");
    b.provider().runtime(Runtime::Nodejs24x);
    b.function(
        "api",
        Function::handler("h.api")
            .iam_statement(model::Statement(serde_json::from_str(S3_READ).unwrap()))
            .own_role_name("api-role")
            .inherit_provider_statements(true)
            .own_role_permissions_boundary("arn:aws:iam::123456789012:policy/b"),
    );
    b.config_mut().plugins = vec!["serverless-iam-roles-per-function".into()];
    b.config_mut().plugin_settings.default_inherit = Some(true);
    b.package_artifact(Artifact::with_sha256("artifact.zip", SHA));
    b.build_time_millis(1767225600000);
    assert_eq!(b.synth().unwrap().json(), synth(&c));
}

/// Every build- and deploy-time plugin of the table (checked against its public source: no hook
/// touches the compiled template) is accepted; the template is the one without it, and the run
/// says what was left out: a note for build-time plugins, a warning (with what to do instead) for
/// plugins that acted around a deploy, since `stackwright deploy` does not.
#[test]
fn build_and_deploy_time_plugins_are_accepted_with_a_note_or_a_warning() {
    let config = |plugins: Value| {
        json!({"service": "svc", "provider": {"name": "aws", "runtime": "nodejs22.x"}, "plugins": plugins,
               "package": {"artifact": "a.zip"}, "functions": {"f": {"handler": "h.f"}}})
    };
    let without = synth(&config(json!([])));
    let mut seen = (0, 0);
    for (name, kind) in plugins::KNOWN {
        let expected = match kind {
            // It copies `.env` variables into the functions, which stackwright does not: a warning.
            plugins::PluginKind::BuildTime(help) if *name == plugins::DOTENV => {
                (Severity::Warning, "PLUGIN_BUILD_TIME", *help)
            }
            plugins::PluginKind::BuildTime(help) => (Severity::Note, "PLUGIN_BUILD_TIME", *help),
            plugins::PluginKind::DeployTime(help) => (Severity::Warning, "PLUGIN_DEPLOY_TIME", *help),
            _ => continue,
        };
        let c = config(json!(["serverless-offline", name]));
        assert_eq!(synth(&c), without, "{name}");
        let d = load(&c).check();
        assert!(!d.has_errors(), "{name}: {d}");
        let found = d.iter().find(|d| d.path == "plugins[1]").unwrap_or_else(|| panic!("{name}: {d}"));
        assert_eq!((found.severity, found.code, found.help.as_str()), expected, "{name}");
        assert!(found.message.starts_with(&format!("plugin \"{name}\" ")), "{}", found.message);
        match found.severity {
            Severity::Note => seen.0 += 1,
            _ => seen.1 += 1,
        }
    }
    assert!(seen.0 >= 10 && seen.1 >= 5, "{seen:?}");
}

/// serverless-express (mikestaub/serverless-express `plugin.js` at 1f1f0732): its constructor
/// sets `provider.environment.SERVERLESS_EXPRESS_PLATFORM` to the provider's name, so every
/// function's environment ends with it (or has it replaced in place), and nothing else changes.
#[test]
fn serverless_express_adds_its_platform_variable() {
    let config = |environment: Value, plugins: Value| {
        json!({"service": "svc", "provider": {"name": "aws", "runtime": "nodejs22.x", "environment": environment},
               "plugins": plugins, "package": {"artifact": "a.zip"},
               "functions": {"f": {"handler": "h.f", "environment": {"OWN": "1"}}}})
    };
    let variables =
        |c: &Value| parse(&synth(c))["Resources"]["FLambdaFunction"]["Properties"]["Environment"]["Variables"].clone();
    let with = config(json!({"AA": "a"}), json!(["serverless-express"]));
    let v = variables(&with);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["AA", "SERVERLESS_EXPRESS_PLATFORM", "OWN"]);
    assert_eq!(v["SERVERLESS_EXPRESS_PLATFORM"], "aws");
    // Written by hand, the template is the same without the plugin.
    let by_hand = config(json!({"AA": "a", "SERVERLESS_EXPRESS_PLATFORM": "aws"}), json!([]));
    assert_eq!(synth(&with), synth(&by_hand));
    // An existing value is replaced where it stands.
    let v = variables(&config(json!({"SERVERLESS_EXPRESS_PLATFORM": "x", "BB": "b"}), json!(["serverless-express"])));
    assert_eq!(v, json!({"SERVERLESS_EXPRESS_PLATFORM": "aws", "BB": "b", "OWN": "1"}));
}

// -------------------------------------------------- `#{X}` to `Fn::Sub`: cf-vars, sub-variables

/// The template of `case`, and the one the plugin's source makes of it: the template without
/// the plugin with the strings at `wrapped` (JSON pointers, beyond those in `Resources.*.Properties`
/// both plugins wrap) as `{"Fn::Sub": ...}`, and `Param`'s `Fn::Sub` list rewritten in place with
/// `join` as the `Fn::Join` of its variables map.
fn sub_case(case: &str, wrapped: &[&str], join: Value) -> (Value, Value) {
    let config = fixture(case);
    let t = parse(&synth(&config));
    let base = parse(&synth(&without_plugins(config)));
    let mut expected = base.clone();
    let properties = [
        "/Resources/ApiLambdaFunction/Properties/Environment/Variables/QUEUE_URL",
        "/Resources/ApiLambdaFunction/Properties/Environment/Variables/ESCAPED",
        "/Resources/ApiEventSourceMappingSQSJobs/Properties/EventSourceArn",
        "/Resources/IamRoleLambdaExecution/Properties/Policies/0/PolicyDocument/Statement/2/Resource/0",
        "/Resources/Topic/Properties/TopicName",
        "/Resources/Topic/Properties/Subscription/0/Endpoint",
        "/Resources/Param/Properties/Description",
    ];
    for at in properties.iter().chain(wrapped) {
        let was = base.pointer(at).and_then(Value::as_str).unwrap_or_else(|| panic!("{at}"));
        *expected.pointer_mut(at).unwrap() = json!({ "Fn::Sub": was.replace("#{", "${") });
    }
    expected["Resources"]["Param"]["Properties"]["Value"] =
        json!({ "Fn::Sub": ["${Topic} in ${AWS::Region} of ${Account}", { "Account": { "Fn::Join": join } }] });
    (t, expected)
}

/// serverless-cf-vars (npm 0.3.5, `index.js` and `lib/replaceChildNodes.js`; the template osls
/// 4.3.1 wrote with it is this one). Derivation: at
/// `aws:package:finalize:mergeCustomProviderResources` (the core's merge of the user's resources
/// registered first) `step2` walks `Resources` and `Outputs` whole (`Metadata` included; an
/// earlier `index.js` in the repository walked only `Properties`). A string matching
/// `/#{([^}]+)}/` becomes `{"Fn::Sub": s.replace(/#{([^}]+)}/g, '${$1}')}`, unless `insideSub`
/// (set by an `Fn::Sub` key for itself, what is below it and the keys after it), when it is
/// replaced in place: the text of the `Fn::Sub` list and the string inside the `Fn::Join` of its
/// variables map are rewritten in place. There is no escape: `#@{X}` is not a match (`#` is
/// followed by `@`), so it stays while the rest of the string is rewritten.
#[test]
fn cf_vars_fixture() {
    let (t, expected) = sub_case(
        "cf-vars",
        &["/Resources/Topic/Metadata/Note", "/Outputs/TopicArn/Value"],
        json!(["", ["${AWS::AccountId}"]]),
    );
    assert_eq!(t, expected);
    let env = &t["Resources"]["ApiLambdaFunction"]["Properties"]["Environment"]["Variables"];
    assert_eq!(env["ESCAPED"], json!({"Fn::Sub": "not an escape here #@{X} ${AWS::Region}"}));
}

/// serverless-cloudformation-sub-variables (santiagocardenas/serverless-cloudformation-sub-variables
/// `index.js` at c3533559). Derivation: same hook as serverless-cf-vars; `recurseNode(template,
/// false)` walks the whole template from the root (`Metadata`, `Outputs` included), skipping
/// `null`s. A matching string becomes `{"Fn::Sub": ...}` (same regex and replacement) unless
/// `subFunctionChild`, which is `true` only for the immediate children of an `Fn::Sub` value
/// (`recurseNode(node[key], isSubFunction(key))`): the text of the `Fn::Sub` list is rewritten
/// in place, but the variables map is the list's child `1`, so the string in its `Fn::Join` is
/// wrapped (valid: an `Fn::Sub` inside an `Fn::Join`).
#[test]
fn cloudformation_sub_variables_fixture() {
    let (t, expected) = sub_case(
        "cloudformation-sub-variables",
        &["/Resources/Topic/Metadata/Note", "/Outputs/TopicArn/Value"],
        json!(["", [{ "Fn::Sub": "${AWS::AccountId}" }]]),
    );
    assert_eq!(t, expected);
}

/// serverless-cloudformation-sub-variables wraps a string that is itself the value of an
/// `Fn::Sub` key, giving `{"Fn::Sub": {"Fn::Sub": ...}}`, which CloudFormation rejects: an error at
/// that key. serverless-cf-vars rewrites it in place (as osls 4.3.1 with the plugin does).
#[test]
fn sub_variables_in_a_sub_string_are_an_error() {
    let mut config = fixture("cf-vars");
    config["resources"]["Resources"]["Param"]["Properties"]["Description"] =
        json!({ "Fn::Sub": "#{AWS::StackName}-x" });
    let t = parse(&synth(&config));
    assert_eq!(t["Resources"]["Param"]["Properties"]["Description"], json!({ "Fn::Sub": "${AWS::StackName}-x" }));
    let (case, plugin) = ("cloudformation-sub-variables", "serverless-cloudformation-sub-variables");
    let mut config = fixture(case);
    config["resources"]["Resources"]["Param"]["Properties"]["Description"] =
        json!({ "Fn::Sub": "#{AWS::StackName}-x" });
    let errors = load(&config).synth().expect_err("a nested Fn::Sub is rejected");
    let e = errors.iter().next().unwrap();
    assert_eq!(errors.len(), 1, "{errors}");
    assert_eq!(
        (e.code, e.path.as_str(), e.message.as_str()),
        (
            "CONFIG_INVALID_VALUE",
            "Resources.Param.Properties.Description.Fn::Sub",
            format!(
                "{plugin} turns the `#{{...}}` text of this `Fn::Sub` into a nested `Fn::Sub`, which \
                 CloudFormation rejects: the text of an `Fn::Sub` must be a string"
            )
            .as_str()
        )
    );
    assert!(e.help.contains("${AWS::Region}"));
}

/// serverless-cloudformation-sub-variables walks the template's root too: a `#{...}` in
/// `resources.Description` would become an `Fn::Sub` where CloudFormation wants a string.
#[test]
fn sub_variables_in_the_description_are_an_error() {
    let mut config = fixture("cloudformation-sub-variables");
    config["resources"]["Description"] = json!("orders in #{AWS::Region}");
    let errors = load(&config).synth().expect_err("an Fn::Sub description is rejected");
    let e = errors.iter().next().unwrap();
    assert_eq!(
        (errors.len(), e.code, e.path.as_str(), e.message.as_str()),
        (
            1,
            "CONFIG_INVALID_VALUE",
            "Description",
            "serverless-cloudformation-sub-variables turns the template's `Description` into an `Fn::Sub`, which \
             CloudFormation rejects: it must be a string"
        )
    );
    // Nor may `Parameters` and `Mappings` hold one, with either plugin that walks them.
    for plugin in ["serverless-cloudformation-sub-variables", "serverless-pseudo-parameters"] {
        let mut config = fixture("cloudformation-sub-variables");
        config["plugins"] = json!([plugin]);
        // Its `Fn::Sub` list is serverless-pseudo-parameters' own error.
        config["resources"]["Resources"].as_object_mut().unwrap().remove("Param");
        config["resources"]["Parameters"] = json!({"Env": {"Type": "String", "Default": "#{AWS::Region}"}});
        let (code, path, message) = synth_error(&config);
        assert_eq!(
            (code.as_str(), path.as_str(), message),
            (
                "CONFIG_INVALID_VALUE",
                "Parameters.Env.Default",
                format!(
                    "{plugin} turns this string into an `Fn::Sub`, which CloudFormation rejects in `Parameters`: it \
                     allows no intrinsic functions there"
                )
            )
        );
    }
    // serverless-cf-vars does not look there.
    let mut config = fixture("cf-vars");
    config["resources"]["Description"] = json!("orders in #{AWS::Region}");
    assert_eq!(parse(&synth(&config))["Description"], json!("orders in #{AWS::Region}"));
}

/// The plugins run in `plugins` order at their shared hook, serverless-pseudo-parameters after
/// them: what the first rewrote has no `#{...}` left for the others.
#[test]
fn sub_variable_plugins_run_in_plugins_order() {
    let mut config = fixture("cf-vars");
    config["resources"]["Resources"]["Param"]["Properties"]["Value"] =
        json!({ "Fn::Sub": ["${A}", { "A": { "Fn::Join": ["", ["#{AWS::AccountId}"]] } }] });
    let value = |plugins: Value| {
        let mut c = config.clone();
        c["plugins"] = plugins;
        parse(&synth(&c))["Resources"]["Param"]["Properties"]["Value"]["Fn::Sub"][1]["A"]["Fn::Join"][1][0].clone()
    };
    let in_place = json!("${AWS::AccountId}");
    let wrapped = json!({"Fn::Sub": "${AWS::AccountId}"});
    assert_eq!(value(json!(["serverless-cf-vars", "serverless-cloudformation-sub-variables"])), in_place);
    assert_eq!(value(json!(["serverless-cloudformation-sub-variables", "serverless-cf-vars"])), wrapped);
    assert_eq!(value(json!(["serverless-pseudo-parameters", "serverless-cf-vars"])), in_place);
}

// ------------------------------------------------------- associate-waf, api-gateway-throttling

fn outputs(t: &Value) -> Vec<String> {
    t["Outputs"].as_object().unwrap().keys().cloned().collect()
}

/// serverless-associate-waf (mikesouza/serverless-associate-waf `lib/index.js` at 5151534c).
/// Derivation: at `before:package:finalize` (every function and event compiled, the user's
/// `resources` not merged yet) `outputRestApiId` sets
/// `Outputs.ApiGatewayRestApiWaf = {Description: 'Rest API Id', Value: {Ref: 'ApiGatewayRestApi'}}`
/// unconditionally: after the compiled outputs, before the user's own (`Own`), merged later; the
/// framework's `package:finalize` then gives it an `Export`, as every compiled output (the
/// template osls 4.3.1 wrote with the plugin has it). `custom.associateWaf` is read only after the
/// deploy (`updateWafAssociation`).
#[test]
fn associate_waf_fixture() {
    let config = fixture("associate-waf");
    let t = parse(&synth(&config));
    let base = parse(&synth(&without_plugins(config)));
    let mut expected = base.clone();
    let mut entries: Vec<(String, Value)> =
        base["Outputs"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let own = entries.iter().position(|(k, _)| k == "Own").unwrap();
    assert_eq!(own, entries.len() - 1);
    let waf = json!({"Description": "Rest API Id", "Value": {"Ref": "ApiGatewayRestApi"},
                     "Export": {"Name": "sls-orders-dev-ApiGatewayRestApiWaf"}});
    entries.insert(own, ("ApiGatewayRestApiWaf".into(), waf));
    expected["Outputs"] = Value::Object(entries.into_iter().collect());
    assert_eq!(t, expected);
    assert_eq!(outputs(&t)[own - 1], "ServiceEndpoint");
}

/// serverless-api-gateway-throttling (DianaIonita/serverless-api-gateway-throttling
/// `src/apiGatewayThrottlingPlugin.js` at 06811366, `src/restApiId.js` at fd2316af,
/// `src/httpApiId.js` at 83fd4c6c). Derivation: at `before:package:finalize`, after
/// serverless-associate-waf (same hook, listed first), `restApiExists` is true for the compiled
/// `Resources.ApiGatewayRestApi`, so `outputRestApiIdTo` sets `RestApiIdForApigThrottling =
/// {Description: 'REST API ID', Value: {Ref: 'ApiGatewayRestApi'}}`; then `httpApiExists` is true
/// for `Resources.HttpApi`: `HttpApiIdForApigThrottling = {Description: 'HTTP API ID', Value:
/// {Ref: 'HttpApi'}}`. The framework's `package:finalize` gives both an `Export`, and the user's
/// output of that key is merged over it (`Description` replaced, `Value` kept): the template osls
/// 4.3.1 wrote with both plugins is this one. The `throttling` keys of the events and
/// `custom.apiGatewayThrottling` act only after the deploy (`updateStage`).
#[test]
fn api_gateway_throttling_fixture() {
    let config = fixture("api-gateway-throttling");
    let t = parse(&synth(&config));
    let mut plain = without_plugins(config);
    for e in plain["functions"]["api"]["events"].as_array_mut().unwrap() {
        for v in e.as_object_mut().unwrap().values_mut() {
            v.as_object_mut().unwrap().remove("throttling");
        }
    }
    let base = parse(&synth(&plain));
    let mut entries: Vec<(String, Value)> =
        base["Outputs"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    // Without the plugin the user's output stands alone, last.
    let user = entries.pop().unwrap();
    assert_eq!(user, ("HttpApiIdForApigThrottling".into(), json!({"Description": "the HTTP API"})));
    entries.push((
        "ApiGatewayRestApiWaf".into(),
        json!({"Description": "Rest API Id", "Value": {"Ref": "ApiGatewayRestApi"},
               "Export": {"Name": "sls-orders-dev-ApiGatewayRestApiWaf"}}),
    ));
    entries.push((
        "RestApiIdForApigThrottling".into(),
        json!({"Description": "REST API ID", "Value": {"Ref": "ApiGatewayRestApi"},
               "Export": {"Name": "sls-orders-dev-RestApiIdForApigThrottling"}}),
    ));
    entries.push((
        "HttpApiIdForApigThrottling".into(),
        json!({"Description": "the HTTP API", "Value": {"Ref": "HttpApi"},
               "Export": {"Name": "sls-orders-dev-HttpApiIdForApigThrottling"}}),
    ));
    let mut expected = base.clone();
    expected["Outputs"] = Value::Object(entries.into_iter().collect());
    assert_eq!(t, expected);
}

/// Configured IDs (`provider.apiGateway.restApiId`, `provider.httpApi.id`) count as an API and
/// are the outputs' values; an API type with neither an ID nor a compiled resource gets no
/// output (the plugin's lookup in the deployed stack finds none: stackwright's stack never has
/// it).
#[test]
fn api_gateway_throttling_takes_configured_ids() {
    let config = json!({
        "service": "orders",
        "plugins": ["serverless-api-gateway-throttling"],
        "provider": {"name": "aws", "runtime": "nodejs24.x",
                     "apiGateway": {"restApiId": "abc123", "restApiRootResourceId": "root1"}},
        "functions": {"api": {"handler": "index.api", "events": [{"http": {"method": "get", "path": "orders"}}]}}
    });
    let t = parse(&synth(&config));
    assert_eq!(
        t["Outputs"]["RestApiIdForApigThrottling"],
        json!({"Description": "REST API ID", "Value": "abc123",
                                                            "Export": {"Name": "sls-orders-dev-RestApiIdForApigThrottling"}})
    );
    assert!(t["Outputs"].get("HttpApiIdForApigThrottling").is_none());
    let mut config = config;
    config["provider"].as_object_mut().unwrap().remove("apiGateway");
    config["provider"]["httpApi"] = json!({"id": {"Fn::ImportValue": "shared-http-api"}});
    config["functions"]["api"]["events"] = json!([{"httpApi": {"method": "GET", "path": "/orders"}}]);
    let t = parse(&synth(&config));
    assert_eq!(
        t["Outputs"]["HttpApiIdForApigThrottling"],
        json!({"Description": "HTTP API ID", "Value": {"Fn::ImportValue": "shared-http-api"},
               "Export": {"Name": "sls-orders-dev-HttpApiIdForApigThrottling"}})
    );
    assert!(t["Outputs"].get("RestApiIdForApigThrottling").is_none());
}

fn synth_error(config: &Value) -> (String, String, String) {
    let d = load(config).synth().expect_err("an error");
    let errors: Vec<&Diagnostic> = d.errors().collect();
    assert_eq!(errors.len(), 1, "{d}");
    let e = errors[0];
    assert!(!e.help.is_empty());
    (e.code.to_string(), e.path.clone(), e.message.clone())
}

fn no_api(plugin: &str) -> Value {
    json!({"service": "orders", "plugins": [plugin], "provider": {"name": "aws", "runtime": "nodejs24.x"},
           "functions": {"api": {"handler": "index.api"}}})
}

/// With no API the plugin asks AWS (describeStacks) while packaging: an error, not a guess.
#[test]
fn api_gateway_throttling_without_an_api_is_an_error() {
    assert_eq!(
        synth_error(&no_api("serverless-api-gateway-throttling")),
        (
            "CONFIG_INVALID_VALUE".into(),
            "plugins".into(),
            "serverless-api-gateway-throttling finds neither a REST API nor an HTTP API in the template, so it asks \
             AWS for the deployed stack's API IDs while packaging; stackwright builds templates without calling AWS"
                .into()
        )
    );
    assert!(load(&no_api("serverless-api-gateway-throttling")).check().has_errors());
}

/// The plugin's `Ref` to a REST API the template lacks would fail the deploy: an error. A REST
/// API the user declares in `resources` is one.
#[test]
fn associate_waf_without_a_rest_api_is_an_error() {
    let (code, path, message) = synth_error(&no_api("serverless-associate-waf"));
    assert_eq!((code.as_str(), path.as_str()), ("CONFIG_INVALID_VALUE", "plugins"));
    assert_eq!(
        message,
        "serverless-associate-waf adds the output ApiGatewayRestApiWaf, `{\"Ref\": \"ApiGatewayRestApi\"}`, but the \
         template has no REST API (no `http` event, or `provider.apiGateway.restApiId` names an API outside the \
         stack): CloudFormation rejects the reference"
    );
    let mut own = no_api("serverless-associate-waf");
    own["resources"] =
        json!({"Resources": {"ApiGatewayRestApi": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "x"}}}});
    let t = parse(&synth(&own));
    assert_eq!(t["Outputs"]["ApiGatewayRestApiWaf"]["Value"], json!({"Ref": "ApiGatewayRestApi"}));
}

/// `throttling` on `http`/`httpApi` events is serverless-api-gateway-throttling's: accepted
/// silently with it; without it, the unknown-key diagnostic (a warning from a file, as the
/// reference's `configValidationMode: warn` gives; an error in `service!` or with
/// `configValidationMode: error`) names the plugin.
#[test]
fn throttling_keys_need_the_plugin() {
    let c = fixture("api-gateway-throttling");
    assert!(!load(&c).check().iter().any(|d| d.code == "CONFIG_UNKNOWN_KEY"));
    let mut c = c;
    c["plugins"] = json!(["serverless-associate-waf"]);
    let d = load(&c).check();
    let w: Vec<(Severity, &str, &str, &str)> = d
        .iter()
        .filter(|d| d.code == "CONFIG_UNKNOWN_KEY")
        .map(|d| (d.severity, d.path.as_str(), d.message.as_str(), d.help.as_str()))
        .collect();
    let message =
        "`throttling` is a key of the plugin serverless-api-gateway-throttling, which `plugins` does not list";
    // As a warning, after what every ignored key's help says first.
    let help = "stackwright ignores it, as Serverless Framework does unless `configValidationMode: error`; add \
                `serverless-api-gateway-throttling` to `plugins`, or remove `throttling`";
    assert_eq!(
        w,
        [
            (Severity::Warning, "functions.api.events[0].http.throttling", message, help),
            (Severity::Warning, "functions.api.events[1].httpApi.throttling", message, help)
        ]
    );
    c["configValidationMode"] = json!("error");
    let d = Service::from_value(&c).unwrap_err();
    let e = d.errors().next().unwrap();
    assert_eq!(e.path, "functions.api.events[0].http.throttling");
    assert!(e.message.contains(message), "{}", e.message);
    // Elsewhere `throttling` stays an unknown key.
    let mut c = no_api("serverless-api-gateway-throttling");
    c["functions"]["api"]["throttling"] = json!({});
    let d = load(&c).check();
    let w = d.iter().find(|d| d.code == "CONFIG_UNKNOWN_KEY").unwrap_or_else(|| panic!("{d}"));
    assert!(w.message.starts_with("unknown key `throttling`"), "{d}");
}

/// Plugins that change the template and also act after a deploy: the template change is made,
/// and a warning says what `stackwright deploy` leaves undone.
#[test]
fn native_plugins_with_a_deploy_part_warn() {
    let mut seen = 0;
    for (name, kind) in plugins::KNOWN {
        let plugins::PluginKind::NativeAndDeployTime(help) = kind else { continue };
        let mut c = fixture("associate-waf");
        c["plugins"] = json!([name]);
        let d = load(&c).check();
        assert!(!d.has_errors(), "{name}: {d}");
        let w = d.iter().find(|d| d.path == "plugins[0]").unwrap_or_else(|| panic!("{name}: {d}"));
        assert_eq!((w.severity, w.code, w.help.as_str()), (Severity::Warning, "PLUGIN_DEPLOY_TIME", *help));
        assert_eq!(
            w.message,
            format!(
                "plugin \"{name}\" also acts after a deploy: stackwright makes its change to the template, but \
                 `stackwright deploy` does not do what it did after deploying"
            )
        );
        seen += 1;
    }
    assert_eq!(seen, 4);
}

/// serverless-python-requirements' `layer` (`lib/layer.js` at 9910164d): the layer
/// `pythonRequirements` joins `layers` as the plugin's `createLayers` makes it; an object
/// overrides its settings, and their diagnostics point at `custom.pythonRequirements.layer`.
#[test]
fn python_requirements_layer_is_added_as_the_plugin_adds_it() {
    let config = |layer: Value| {
        json!({
            "service": "py", "provider": {"name": "aws", "runtime": "python3.13", "stage": "prod"},
            "plugins": ["serverless-python-requirements"],
            "custom": {"pythonRequirements": {"layer": layer, "dockerizePip": true}},
            "functions": {"f": {"handler": "h.f", "layers": [{"Ref": "PythonRequirementsLambdaLayer"}]}},
        })
    };
    let svc = Service::from_value(&config(json!(true))).unwrap_or_else(|d| panic!("{d}"));
    let layer = &svc.config().layers["pythonRequirements"];
    assert_eq!(layer.name.as_deref(), Some("py-prod-python-requirements"));
    assert_eq!(layer.description.as_deref(), Some("Python requirements generated by serverless-python-requirements."));
    assert_eq!(layer.compatible_runtimes, Some(vec![Runtime::Python313.into()]));
    assert_eq!(layer.retain, Some(false));
    assert!(svc.config().plugin_settings.python_requirements_layer);

    let svc = Service::from_value(&config(json!({"name": "deps", "licenseInfo": "MIT"}))).unwrap();
    let layer = &svc.config().layers["pythonRequirements"];
    assert_eq!((layer.name.as_deref(), layer.license_info.as_deref()), (Some("deps"), Some("MIT")));

    // Without `layer` (or with `false`) nothing is added, and the reference to it dangles.
    let svc = Service::from_value(&config(json!(false))).unwrap();
    assert!(svc.config().layers.is_empty() && !svc.config().plugin_settings.python_requirements_layer);

    let d = Service::from_value(&config(json!({"compatibleRuntimes": "python3.13x"}))).unwrap_err();
    let e = d.errors().next().unwrap_or_else(|| panic!("{d}"));
    assert_eq!(e.path, "custom.pythonRequirements.layer.compatibleRuntimes", "{d}");
}

/// serverless-plugin-optimize is a bundler (its `_optimize/<name>/` handler prefix only lays out
/// its zip): the template is the one without it, and `functions.*.optimize` is its key, accepted
/// with it and named after it without.
#[test]
fn optimize_is_a_bundler_with_its_function_key() {
    let config = |plugins: Value| {
        json!({"service": "svc", "provider": {"name": "aws", "runtime": "nodejs22.x"}, "plugins": plugins,
               "custom": {"optimize": {"external": ["axios"]}},
               "package": {"artifact": "a.zip"}, "functions": {"f": {"handler": "dist/lambda.handler", "optimize": false}}})
    };
    let with = config(json!(["serverless-plugin-optimize"]));
    let d = load(&with).check();
    let found: Vec<_> = d.iter().map(|d| (d.severity, d.code, d.path.as_str())).collect();
    assert_eq!(found, [(Severity::Note, "PLUGIN_BUILD_TIME", "plugins[0]")]);
    let t = parse(&synth(&with));
    assert_eq!(t["Resources"]["FLambdaFunction"]["Properties"]["Handler"], "dist/lambda.handler");
    let d = load(&config(json!([]))).check();
    let unknown = d.iter().find(|d| d.code == "CONFIG_UNKNOWN_KEY").unwrap();
    assert_eq!(
        (unknown.path.as_str(), unknown.message.as_str()),
        (
            "functions.f.optimize",
            "`optimize` is a key of the plugin serverless-plugin-optimize, which `plugins` does not list"
        )
    );
}

/// serverless-functions-base-path (1.0.33, `lib/base-path-plugin.js`): `custom.functionsBasePath`
/// goes in front of every handler as Node's `path.posix.join` puts it; image functions and a
/// base path that is not a string change nothing; the template is the one with the handlers
/// written out.
#[test]
fn functions_base_path_prefixes_the_handlers() {
    let config = |base: Value, handler: &str, plugins: Value| {
        json!({"service": "svc", "provider": {"name": "aws", "runtime": "nodejs22.x"}, "plugins": plugins,
               "custom": {"functionsBasePath": base}, "package": {"artifact": "a.zip"},
               "functions": {"f": {"handler": handler},
                             "img": {"image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/r@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}}})
    };
    let with = config(json!("./src/functions/"), "../shared/h.main", json!(["serverless-functions-base-path"]));
    assert!(!load(&with).check().has_errors());
    assert_eq!(synth(&with), synth(&config(json!("./src/functions/"), "src/shared/h.main", json!([]))));
    let not_a_string = config(json!(["src"]), "h.main", json!(["serverless-functions-base-path"]));
    assert_eq!(synth(&not_a_string), synth(&config(json!(["src"]), "h.main", json!([]))));
}

/// serverless-plugin-log-retention 2.1.0 (`add-log-retention.js`): every function gets the log
/// group `{RetentionInDays}` (its own `logRetentionInDays`, else `custom.logRetentionInDays`) in
/// `resources`, replacing an entry of yours of that ID, then merged over the compiled one. The
/// three log groups are those osls 4.3.1 wrote with the plugin for this service (a string `"7"`
/// is a number; a function without logs gets a log group without a name, as with the plugin).
#[test]
fn log_retention_sets_every_log_group() {
    let config = |custom: Value, b_days: Value| {
        json!({"service": "lr", "plugins": ["serverless-plugin-log-retention"],
               "provider": {"name": "aws", "runtime": "nodejs22.x", "logRetentionInDays": 14},
               "custom": {"logRetentionInDays": custom}, "package": {"artifact": "a.zip"},
               "functions": {"a": {"handler": "h.h"}, "b": {"handler": "h.h", "logRetentionInDays": b_days},
                             "c": {"handler": "h.h", "disableLogs": true}},
               "resources": {"Resources": {"ALogGroup": {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Retain",
                                                         "Properties": {"LogGroupClass": "STANDARD"}}}}})
    };
    let t = parse(&synth(&config(json!(30), json!("7"))));
    let by_osls = json!({
        "ALogGroup": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/aws/lambda/lr-dev-a", "RetentionInDays": 30}},
        "BLogGroup": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/aws/lambda/lr-dev-b", "RetentionInDays": 7}},
        "CLogGroup": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 30}}
    });
    for (id, group) in by_osls.as_object().unwrap() {
        assert_eq!(&t["Resources"][id], group, "{id}");
    }
    // Without a `resources` section the plugin writes into an object nothing reads: osls 4.3.1
    // with the plugin gives `a` no retention (`b`'s own is the framework's), and a warning says so.
    let mut bare = config(json!(30), json!(7));
    bare.as_object_mut().unwrap().remove("resources");
    let t = parse(&synth(&bare));
    assert_eq!(
        t["Resources"]["ALogGroup"]["Properties"],
        json!({"LogGroupName": "/aws/lambda/lr-dev-a", "RetentionInDays": 14})
    );
    assert_eq!(t["Resources"]["BLogGroup"]["Properties"]["RetentionInDays"], 7);
    let d = Service::from_value(&bare).unwrap().check();
    let w = d.iter().find(|w| w.code == "CONFIG_NO_EFFECT").unwrap_or_else(|| panic!("{d}"));
    assert_eq!(w.path, "custom.logRetentionInDays");
    // Values the plugin rejects (it knows fewer than CloudWatch), each where it is written.
    let d = Service::from_value(&config(json!("month"), json!(1096))).unwrap_err();
    let found: Vec<_> = d.iter().map(|d| (d.code, d.path.as_str())).collect();
    assert_eq!(
        found,
        [
            ("CONFIG_INVALID_VALUE", "custom.logRetentionInDays"),
            ("CONFIG_INVALID_VALUE", "functions.b.logRetentionInDays")
        ],
        "{d}"
    );
    let message = "serverless-plugin-log-retention accepts a number of days out of 1, 3, 5, 7, 14, 30, 60, 90, 120, \
                   150, 180, 365, 400, 545, 731, 1827, 3653; found a string (\"month\")";
    assert_eq!(d.iter().next().unwrap().message, message);
    // A function's value CloudWatch rejects too is reported once, by the framework's rule.
    let d = Service::from_value(&config(json!(30), json!(2))).unwrap_err();
    assert_eq!(d.iter().map(|d| d.code).collect::<Vec<_>>(), ["INVALID_LOG_RETENTION"], "{d}");
    // A function's value that is no number is the framework's to report, once.
    let d = Service::from_value(&config(json!(30), json!("week"))).unwrap_err();
    assert_eq!(
        d.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(),
        ["expected an integer, found a string (\"week\")"]
    );
}

/// serverless-plugin-existing-s3 and serverless-external-s3-event only act after a deploy: their
/// `existingS3` events are the key of both, accepted with either (the plugin's deploy-time
/// warning says what to write instead); without them, the unknown key names both.
#[test]
fn existing_s3_events_are_the_plugins() {
    let config = |plugins: Value| {
        json!({"service": "svc", "provider": {"name": "aws", "runtime": "nodejs22.x"},
               "plugins": plugins, "package": {"artifact": "a.zip"},
               "functions": {"f": {"handler": "h.f", "events": [{"existingS3": {"bucket": "b", "events": ["s3:ObjectCreated:*"]}}]}}})
    };
    for plugin in ["serverless-plugin-existing-s3", "serverless-external-s3-event"] {
        let d = load(&config(json!([plugin]))).check();
        let found: Vec<_> = d.iter().map(|d| (d.severity, d.code, d.path.as_str())).collect();
        assert_eq!(found, [(Severity::Warning, "PLUGIN_DEPLOY_TIME", "plugins[0]")], "{plugin}");
    }
    let d = load(&config(json!([]))).check();
    let found: Vec<_> = d.iter().map(|d| (d.code, d.path.as_str(), d.message.as_str(), d.help.as_str())).collect();
    assert_eq!(
        found,
        [(
            "CONFIG_UNKNOWN_KEY",
            "functions.f.events[0].existingS3",
            "`existingS3` is a key of the plugins serverless-plugin-existing-s3 and serverless-external-s3-event, \
             none of which `plugins` lists",
            "stackwright ignores it, as Serverless Framework does unless `configValidationMode: error`; add \
             `serverless-plugin-existing-s3` or `serverless-external-s3-event` to `plugins`, or remove `existingS3`"
        )]
    );
}

/// The OpenAPI plugins write a file from the events' `documentation`; listed, the key is theirs
/// and silent. serverless-aws-documentation reads the same key but is rejected: listed, its one
/// error covers the key; with no plugin listed, the key is said to be that plugin's, as before.
#[test]
fn documentation_keys_are_the_listed_plugins() {
    let config = |plugins: Value| {
        json!({"service": "svc", "provider": {"name": "aws", "runtime": "nodejs22.x"},
               "plugins": plugins, "package": {"artifact": "a.zip"},
               "functions": {"f": {"handler": "h.f", "events": [
                   {"http": {"path": "/a", "method": "get", "documentation": {"summary": "a"}}},
                   {"httpApi": {"path": "/b", "method": "get", "documentation": {"summary": "b"}}}]}}})
    };
    let d = load(&config(json!(["serverless-openapi-documenter"]))).check();
    let found: Vec<_> = d.iter().map(|d| (d.code, d.path.as_str())).collect();
    assert_eq!(found, [("PLUGIN_BUILD_TIME", "plugins[0]")], "{d}");

    // serverless-openapi-documentation reads `http` events only.
    let d = load(&config(json!(["serverless-openapi-documentation"]))).check();
    let found: Vec<_> = d.iter().map(|d| (d.code, d.path.as_str())).collect();
    assert_eq!(
        found,
        [("PLUGIN_BUILD_TIME", "plugins[0]"), ("CONFIG_UNKNOWN_KEY", "functions.f.events[1].httpApi.documentation")],
        "{d}"
    );
    let d = found_in(&d, "functions.f.events[1].httpApi.documentation");
    assert_eq!(
        d.message,
        "`documentation` is a key of the plugin serverless-openapi-documenter, which `plugins` does not list"
    );

    // (`httpApi.documentation` is not its key: a warning of its own.)
    let d = Service::from_value(&config(json!(["serverless-aws-documentation"]))).unwrap_err();
    let found: Vec<_> = d.iter().map(|d| (d.code, d.path.as_str())).collect();
    assert_eq!(
        found,
        [("UNSUPPORTED_PLUGIN", "plugins[0]"), ("CONFIG_UNKNOWN_KEY", "functions.f.events[1].httpApi.documentation")],
        "{d}"
    );

    let d = load(&config(json!([]))).check();
    let http = found_in(&d, "functions.f.events[0].http.documentation");
    assert_eq!(
        http.message,
        "`documentation` is a key of the plugin serverless-aws-documentation, which `plugins` does not list"
    );
    let http_api = found_in(&d, "functions.f.events[1].httpApi.documentation");
    assert_eq!(
        http_api.message,
        "`documentation` is a key of the plugin serverless-openapi-documenter, which `plugins` does not list"
    );
}

/// An empty entry (often a variable's `''` fallback, meant to load nothing in some stages) is
/// no plugin: one error that says to remove it, not an unknown plugin named "".
#[test]
fn an_empty_plugin_entry_is_said_to_be_empty() {
    let config = json!({"service": "svc", "provider": {"name": "aws", "runtime": "nodejs22.x"},
                        "plugins": ["serverless-offline", ""], "package": {"artifact": "a.zip"},
                        "functions": {"f": {"handler": "h.f"}}});
    let d = Service::from_value(&config).unwrap_err();
    let found: Vec<_> = d
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.code, d.path.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(found, [("CONFIG_INVALID_VALUE", "plugins[1]", "expected a plugin name, found an empty string")], "{d}");
    assert!(found_in(&d, "plugins[1]").help.starts_with("remove the entry"), "{d}");
}

/// serverless-ssm-fetch is applied by the `stackwright` command, which consumes its settings; a
/// service loaded in Rust with the settings still there would lose those variables silently.
#[test]
fn ssm_fetch_settings_left_for_core_are_an_error() {
    let config = |custom: Value| {
        json!({"service": "svc", "provider": {"name": "aws", "runtime": "nodejs22.x"},
               "plugins": ["serverless-ssm-fetch"], "custom": custom, "package": {"artifact": "a.zip"},
               "functions": {"f": {"handler": "h.f", "ssmToEnvironment": ["DB"]}}})
    };
    let d = Service::from_value(&config(json!({"serverlessSsmFetch": {"DB": "/db"}}))).unwrap_err();
    let found: Vec<_> = d.iter().map(|d| (d.code, d.path.as_str())).collect();
    assert_eq!(found, [("UNSUPPORTED_PLUGIN", "plugins[0]")], "{d}");
    assert!(d.iter().next().unwrap().message.contains("is applied by the `stackwright` command"), "{d}");
    // What the command leaves: the settings consumed, the function's key accepted with the plugin.
    let d = load(&config(json!({}))).check();
    assert!(d.iter().all(|d| d.severity != Severity::Error && d.code != "CONFIG_UNKNOWN_KEY"), "{d}");
}

/// serverless-plugin-tracing 2.0.0 (`index.js`, hook `package:compileEvents`): checked against
/// the template osls 4.3.1 wrote with the plugin for this service (the same bytes, but for the
/// artifact's key): `TracingConfig` replaces the framework's where it stands (before `Role`)
/// or comes last; an object `provider.tracing` is not the plugin's `true`; the user's
/// resources and extensions win (for function b, whose own mode the plugin makes PassThrough).
#[test]
fn tracing_plugin_sets_every_mode() {
    let config = |provider_tracing: Value| {
        json!({"service": "tr", "configValidationMode": "warn", "plugins": ["serverless-plugin-tracing"],
               "provider": {"name": "aws", "runtime": "nodejs22.x", "tracing": provider_tracing},
               "package": {"artifact": "a.zip"},
               "functions": {"a": {"handler": "h.a"}, "b": {"handler": "h.b", "tracing": false},
                             "c": {"handler": "h.c", "tracing": "true"}, "d": {"handler": "h.d", "tracing": "PassThrough"}},
               "resources": {"Resources": {"DLambdaFunction": {"Type": "AWS::Lambda::Function", "Properties": {"TracingConfig": {"Mode": "Active"}}},
                                           "ALambdaFunction": {"Type": "AWS::Lambda::Function", "Properties": {"Description": "a"}}},
                             "extensions": {"BLambdaFunction": {"Properties": {"TracingConfig": {"Mode": "Active"}}}}}})
    };
    let t = parse(&synth(&config(json!(true))));
    let last_keys = |id: &str| {
        let p = t["Resources"][id]["Properties"].as_object().unwrap();
        let keys: Vec<&str> = p.keys().map(String::as_str).collect();
        (keys[keys.len() - 3..].join(","), p["TracingConfig"]["Mode"].as_str().unwrap().to_string())
    };
    // The user's own keys come after the plugin's, and their extensions win, as both are
    // merged after the plugin ran.
    assert_eq!(last_keys("ALambdaFunction"), ("Role,TracingConfig,Description".into(), "Active".into()));
    assert_eq!(last_keys("BLambdaFunction"), ("Timeout,Role,TracingConfig".into(), "Active".into()));
    assert_eq!(last_keys("CLambdaFunction"), ("Timeout,TracingConfig,Role".into(), "Active".into()));
    // d's own `PassThrough` would be Active with the plugin; the user's resource has the last word.
    assert_eq!(last_keys("DLambdaFunction"), ("Timeout,TracingConfig,Role".into(), "Active".into()));
    let statements =
        &t["Resources"]["IamRoleLambdaExecution"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
    assert_eq!(statements[2]["Action"], json!(["xray:PutTraceSegments", "xray:PutTelemetryRecords"]));
    // The version is hashed before the plugin runs: function a's is the one without the plugin.
    let version =
        |t: &Value| t["Resources"].as_object().unwrap().keys().find(|k| k.starts_with("ALambdaVersion")).cloned();
    let mut without = config(json!(true));
    without["plugins"] = json!([]);
    without["provider"].as_object_mut().unwrap().remove("tracing");
    without["functions"] = json!({"a": {"handler": "h.a"}});
    without["resources"] = json!({});
    assert_eq!(version(&t), version(&parse(&synth(&without))));
    // The framework's own `provider.tracing.lambda` is not the plugin's `true`: PassThrough.
    let t = parse(&synth(&config(json!({"lambda": true}))));
    assert_eq!(t["Resources"]["ALambdaFunction"]["Properties"]["TracingConfig"], json!({"Mode": "PassThrough"}));
}

/// serverless-api-compression 1.0.1 and serverless-content-encoding 1.1.0: the compiled REST
/// API's `MinimumCompressionSize` (checked against osls 4.3.1 with both plugins: the same
/// template but for the deployment's time-based ID). The later hook, content-encoding's, wins;
/// without a REST API nothing changes; content-encoding's bad value is its error.
#[test]
fn compression_plugins_set_the_rest_api_size() {
    let config = |plugins: Value, custom: Value, events: Value| {
        json!({"service": "ce", "plugins": plugins, "custom": custom,
               "provider": {"name": "aws", "runtime": "nodejs22.x", "apiGateway": {"minimumCompressionSize": 10}},
               "package": {"artifact": "a.zip"}, "functions": {"a": {"handler": "h.a", "events": events}}})
    };
    let http = json!([{"http": "GET /a"}]);
    let size =
        |c: &Value| parse(&synth(c))["Resources"]["ApiGatewayRestApi"]["Properties"]["MinimumCompressionSize"].clone();
    let both = json!(["serverless-content-encoding", "serverless-api-compression"]);
    let custom = json!({"contentEncoding": {"minimumCompressionSize": 2048}, "contentCompression": false});
    assert_eq!(size(&config(both, custom, http.clone())), json!(2048));
    let compression = json!(["serverless-api-compression"]);
    assert_eq!(
        size(&config(compression.clone(), json!({"contentCompression": false}), http.clone())),
        json!({"Ref": "AWS::NoValue"})
    );
    assert_eq!(size(&config(compression.clone(), json!({}), http.clone())), json!(0));
    assert_eq!(size(&config(compression.clone(), json!({"contentCompression": 512}), http.clone())), json!(512));
    // Without the REST API, nothing: the template is the one without the plugin.
    let none = config(compression, json!({}), json!([]));
    assert_eq!(synth(&none), synth(&config(json!([]), json!({}), json!([]))));
    let bad = |events: Value, gw: Value| {
        let mut c = config(
            json!(["serverless-content-encoding"]),
            json!({"contentEncoding": {"minimumCompressionSize": -1}}),
            events,
        );
        c["provider"]["apiGateway"] = gw;
        c
    };
    let d = Service::from_value(&bad(http.clone(), json!({}))).unwrap_err();
    let found: Vec<_> = d.iter().map(|d| (d.code, d.path.as_str())).collect();
    assert_eq!(found, [("CONFIG_INVALID_VALUE", "custom.contentEncoding.minimumCompressionSize")], "{d}");
    assert!(d.iter().all(|d| d.message.contains("an integer of 0 or more, or null; found a number (-1)")), "{d}");
    // The plugin checks its value only when the stack compiles a REST API, as it does.
    for (events, gw) in [(json!([]), json!({})), (http, json!({"restApiId": "abc", "restApiRootResourceId": "r"}))] {
        assert!(Service::from_value(&bad(events.clone(), gw.clone())).is_ok(), "{events} {gw}");
    }
}

/// The plugins that read `functions` see a list of function maps as the framework merges it.
#[test]
fn plugins_read_functions_written_as_a_list() {
    let c = json!({"service": "svc", "plugins": ["serverless-functions-base-path", "serverless-plugin-tracing",
                                                 "serverless-plugin-log-retention"],
                   "provider": {"name": "aws", "runtime": "nodejs22.x"},
                   "custom": {"functionsBasePath": "src", "logRetentionInDays": 30}, "package": {"artifact": "a.zip"},
                   "functions": [{"hello": {"handler": "h.hello", "tracing": "true"}}, {"bye": {"handler": "h.bye"}}],
                   "resources": [{"Resources": {"HelloLogGroup": {"Type": "AWS::Logs::LogGroup",
                                                                  "Properties": {"LogGroupClass": "INFREQUENT_ACCESS"}}}}]});
    let t = parse(&synth(&c));
    let p = &t["Resources"]["HelloLambdaFunction"]["Properties"];
    assert_eq!((&p["Handler"], &p["TracingConfig"]["Mode"]), (&json!("src/h.hello"), &json!("Active")));
    assert_eq!(t["Resources"]["ByeLambdaFunction"]["Properties"]["TracingConfig"]["Mode"], "PassThrough");
    // The plugin's log group replaces the user's entry of that ID, in a list as in an object.
    assert_eq!(
        t["Resources"]["HelloLogGroup"]["Properties"],
        json!({"LogGroupName": "/aws/lambda/svc-dev-hello", "RetentionInDays": 30})
    );
}

/// serverless-plugin-resource-tagging 1.2.0: `provider.stackTags` on every resource of its eight
/// types that has `Properties`, after the resource's own `Tags` (a key it has stays), the user's
/// resources included. The tags are those osls 4.3.1 wrote with the plugin for this service
/// (osls also tags the REST API with `provider.tags`, which Serverless Framework v4 does not).
#[test]
fn resource_tagging_adds_the_stack_tags() {
    let c = json!({"service": "rt", "plugins": ["serverless-plugin-resource-tagging"],
                   "provider": {"name": "aws", "runtime": "nodejs22.x", "stackTags": {"Team": "core", "Stage": "dev"},
                                "tags": {"Owner": "me"}},
                   "package": {"artifact": "a.zip"},
                   "functions": {"a": {"handler": "h.a", "events": [{"http": "GET /a"}, {"sqs": {"arn": {"Fn::GetAtt": ["Q", "Arn"]}}}]}},
                   "resources": {"Resources": {
                       "Q": {"Type": "AWS::SQS::Queue"},
                       "B": {"Type": "AWS::S3::Bucket", "Properties": {"Tags": [{"Key": "Team", "Value": "own"}]}},
                       "T": {"Type": "AWS::DynamoDB::Table", "Properties": {"BillingMode": "PAY_PER_REQUEST",
                             "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                             "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}}}}});
    let t = parse(&synth(&c));
    let stack = json!([{"Key": "Team", "Value": "core"}, {"Key": "Stage", "Value": "dev"}]);
    let tags = |id: &str| t["Resources"][id]["Properties"]["Tags"].clone();
    assert_eq!(tags("ServerlessDeploymentBucket"), stack);
    assert_eq!(tags("ALogGroup"), stack);
    assert_eq!(tags("T"), stack);
    assert_eq!(
        tags("ALambdaFunction"),
        json!([{"Key": "Owner", "Value": "me"}, {"Key": "Team", "Value": "core"}, {"Key": "Stage", "Value": "dev"}])
    );
    assert_eq!(tags("B"), json!([{"Key": "Team", "Value": "own"}, {"Key": "Stage", "Value": "dev"}]));
    // A resource without `Properties` is left as it is, as the plugin leaves it.
    assert_eq!(t["Resources"]["Q"], json!({"Type": "AWS::SQS::Queue"}));
}

/// serverless-python-requirements' `module`: accepted with the plugin (the zip it names is tested
/// in cli/tests/package.rs), and where the plugin does not read it (a function packaged with the
/// service) a warning saying so.
#[test]
fn python_module_names_the_functions_zip_or_says_it_has_no_effect() {
    let config = |individually: bool| {
        json!({
            "service": "svc",
            "plugins": ["serverless-python-requirements"],
            "provider": {"name": "aws", "runtime": "python3.13"},
            "package": {"individually": individually},
            "functions": {"users": {"handler": "handler.main", "module": "users"}},
        })
    };
    // Without a zip yet (`stackwright package` writes it), the function's artifact is missing.
    let svc = Service::from_value(&config(true)).unwrap_or_else(|d| panic!("{d}"));
    let d = svc.check();
    let others =
        |d: &Diagnostics| d.iter().filter(|d| d.code != "ARTIFACT_ERROR" && d.code != "PLUGIN_BUILD_TIME").count();
    assert_eq!(others(&d), 0, "{d:?}");
    let svc = Service::from_value(&config(false)).unwrap_or_else(|d| panic!("{d}"));
    let d = svc.check();
    assert_eq!(others(&d), 1, "{d:?}");
    let w = d.warnings().find(|w| w.code == "CONFIG_NO_EFFECT").expect("the warning");
    assert_eq!(w.path, "functions.users.module");
    assert!(w.message.contains("only for a Python function packaged individually"), "{}", w.message);
}
