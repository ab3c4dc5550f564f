//! One test per validation rule (and per distinct condition): exact code, path and message.

use serde_json::json;
use stackwright_core::model::{CapacityProviderScaling, FunctionCapacityProvider, InstanceRequirements, ScalingPolicy};
use stackwright_core::*;

const SUPPORTED: &str =
    "nodejs22.x, nodejs24.x, python3.13, python3.14, java21, java25, dotnet8, dotnet10, provided.al2023";

/// The valid seed: provider.vpc, nodejs24.x, one function on `default`.
fn seed() -> Service {
    let mut svc = Service::new("my-service");
    svc.provider().runtime(Runtime::Nodejs24x).vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
    let pool = svc.default_capacity_provider();
    svc.function("api", Function::handler("handler.api").capacity_provider(&pool));
    svc
}

/// Seed plus a declared provider `highMem`, used by function `etl`.
fn seed_with(cp: CapacityProvider, f: impl FnOnce(CapacityProviderHandle) -> Function) -> Service {
    let mut svc = seed();
    let h = svc.capacity_provider("highMem", cp);
    let func = f(h);
    svc.function("etl", func);
    svc
}

/// The only error; fails when there are more or none.
fn single(svc: &Service, code: &str) -> Diagnostic {
    let d = svc.validate();
    let errors: Vec<&Diagnostic> = d.errors().collect();
    assert_eq!(errors.len(), 1, "expected exactly one error, got:\n{d}");
    assert_eq!(errors[0].code, code, "{d}");
    errors[0].clone()
}

fn error_list(svc: &Service) -> Vec<(&'static str, String)> {
    svc.validate().errors().map(|d| (d.code, d.path.clone())).collect()
}

fn check(d: &Diagnostic, path: &str, message: &str) {
    assert_eq!(d.path, path);
    assert_eq!(d.message, message);
    assert!(!d.help.is_empty(), "help missing for {}", d.code);
}

// ---------------------------------------------------------------- seed

#[test]
fn valid_seed_has_no_diagnostics() {
    let d = seed().validate();
    assert!(d.is_empty(), "{d}");
}

#[test]
fn rich_valid_service_has_no_errors() {
    let mut svc = seed();
    let hm = svc.capacity_provider(
        "highMem",
        CapacityProvider::new()
            .scaling(Scaling::manual(200, [TargetTracking::cpu(70.0)]))
            .instance_types(InstanceTypes::allowed(["r7g.large", "c7g.*"]))
            .architecture(Architecture::Arm64)
            .operator_role("arn:aws:iam::123456789012:role/MyOperatorRole")
            .kms_key_arn("arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012")
            .vpc(Vpc::new(["subnet-0abc1234", "subnet-0def5678"], ["sg-0abc1234"])),
    );
    svc.function(
        "etl",
        Function::handler("handler.etl")
            .memory_size(8192)
            .timeout(3600)
            .architecture(Architecture::Arm64)
            .env("TABLE", "orders")
            .capacity_provider(
                hm.with().max_concurrency(100).memory_per_vcpu(MemoryPerVCpu::Gib4).scaling(environments!(5..=10)),
            ),
    );
    svc.function(
        "shared",
        Function::handler("h").capacity_provider(CapacityProviderRef::arn(
            "arn:aws:lambda:us-east-1:123456789012:capacity-provider:shared",
        )),
    );
    svc.function("plain", Function::handler("h").runtime(Runtime::Python312).timeout(900).memory_size(10240));
    let d = svc.validate();
    assert!(!d.has_errors(), "{d}");
}

// ---------------------------------------------------------------- reference §7

#[test]
fn rule1_manual_scaling_requires_policies() {
    let mut svc = seed_with(CapacityProvider::new(), |h| Function::handler("h").capacity_provider(&h));
    svc.config_mut().provider.capacity_providers["highMem"].scaling =
        Some(CapacityProviderScaling { mode: Some(ScalingMode::Manual), max_vcpu_count: Some(100), policies: vec![] });
    let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_MANUAL_SCALING_REQUIRES_POLICIES");
    check(
        &d,
        "provider.capacityProviders.highMem.scaling.policies",
        "Capacity provider \"highMem\": when scaling.mode is set to \"manual\", at least one scaling.policies entry is required.",
    );
}

#[test]
fn rule2_allowed_and_excluded_instance_types() {
    let mut svc = seed_with(CapacityProvider::new(), |h| Function::handler("h").capacity_provider(&h));
    svc.config_mut().provider.capacity_providers["highMem"].instance_requirements = Some(InstanceRequirements {
        allowed_instance_types: vec!["r7g.large".into()],
        excluded_instance_types: vec!["t3.nano".into()],
        architectures: vec![],
    });
    let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_INVALID_INSTANCE_REQUIREMENTS");
    check(
        &d,
        "provider.capacityProviders.highMem.instanceRequirements",
        "Capacity provider \"highMem\": instanceRequirements.allowedInstanceTypes and instanceRequirements.excludedInstanceTypes cannot be set at the same time.",
    );
}

#[test]
fn rule3_missing_vpc_on_auto_created_default() {
    let mut svc = seed();
    svc.config_mut().provider.vpc = None;
    let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_MISSING_VPC");
    check(
        &d,
        "provider.capacityProviders.default.vpc",
        "Capacity provider \"default\": VPC configuration is required. Specify subnetIds and securityGroupIds on provider.vpc or provider.capacityProviders.default.vpc.",
    );
}

#[test]
fn rule3_partial_cp_vpc_hides_provider_vpc() {
    let mut partial = Vpc::new(["subnet-0abc1234"], Vec::<&str>::new());
    partial.security_group_ids = None;
    let svc = seed_with(CapacityProvider::new().vpc(partial), |h| Function::handler("h").capacity_provider(&h));
    let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_MISSING_VPC");
    assert_eq!(d.path, "provider.capacityProviders.highMem.vpc");
    assert!(d.help.contains("replaces provider.vpc entirely"));
}

#[test]
fn rule3_intrinsic_id_lists_pass() {
    let mut svc = seed();
    svc.provider().vpc(Vpc::from_intrinsics(
        Intrinsic::split(",", Intrinsic::import_value("subnets")),
        Intrinsic::split(",", Intrinsic::import_value("sgs")),
    ));
    assert!(!svc.validate().has_errors());
}

#[test]
fn rule4_cp_memory_below_2048() {
    let mut svc = seed();
    let pool = svc.default_capacity_provider();
    svc.function("etl", Function::handler("h").memory_size(1024).capacity_provider(&pool));
    let d = single(&svc, "LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY_SIZE");
    check(
        &d,
        "functions.etl.memorySize",
        "Functions using capacityProvider must have memory size at least 2048 MB; received 1024 for function \"etl\".",
    );
}

#[test]
fn rule4_cp_memory_inherited_from_provider() {
    let mut svc = seed();
    svc.provider().memory_size(1536);
    let d = single(&svc, "LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY_SIZE");
    check(
        &d,
        "functions.api.memorySize",
        "Functions using capacityProvider must have memory size at least 2048 MB; received 1536 for function \"api\".",
    );
    assert!(d.help.contains("inherited from provider.memorySize"), "{}", d.help);
}

#[test]
fn rule5_plain_memory_above_10240() {
    let mut svc = seed();
    svc.function("big", Function::handler("h").memory_size(12288));
    let d = single(&svc, "LAMBDA_INVALID_MEMORY_SIZE");
    check(
        &d,
        "functions.big.memorySize",
        "Memory size of 12288 MB of function \"big\" exceeds the limit of 10240 MB for standard functions. Increase is supported only for functions using capacity providers.",
    );
}

#[test]
fn rule6_missing_name() {
    let mut svc = seed();
    svc.function(
        "etl",
        Function::handler("h").capacity_provider(CapacityProviderRef::Config(FunctionCapacityProvider {
            name: None,
            max_concurrency: Some(10),
            memory_per_vcpu: None,
            scaling: None,
        })),
    );
    let d = single(&svc, "LAMBDA_MANAGED_INSTANCES_MISSING_NAME");
    check(
        &d,
        "functions.etl.capacityProvider.name",
        "Missing \"name\" property in capacityProvider configuration for function \"etl\".",
    );
}

#[test]
fn rule8_scaling_min_zero_without_max_zero() {
    let svc = seed_with(CapacityProvider::new(), |h| {
        Function::handler("h").capacity_provider(h.with().scaling_dynamic(Some(0), Some(5)))
    });
    let d = single(&svc, "LAMBDA_MANAGED_INSTANCES_INVALID_SCALING_CONFIG");
    check(
        &d,
        "functions.etl.capacityProvider.scaling",
        "Invalid function scaling configuration for function \"etl\": scaling.min can't be 0 unless scaling.max is also 0.",
    );
}

#[test]
fn rule8_scale_to_zero_is_valid() {
    let svc =
        seed_with(CapacityProvider::new(), |h| Function::handler("h").capacity_provider(h.with().scale_to_zero()));
    assert!(!svc.validate().has_errors());
}

#[test]
fn rule9_scaling_min_greater_than_max() {
    let svc = seed_with(CapacityProvider::new(), |h| {
        Function::handler("h").capacity_provider(h.with().scaling_dynamic(Some(50), Some(10)))
    });
    let d = single(&svc, "LAMBDA_MANAGED_INSTANCES_INVALID_SCALING_CONFIG");
    check(
        &d,
        "functions.etl.capacityProvider.scaling",
        "Invalid function scaling configuration for function \"etl\": scaling.min (50) cannot be greater than scaling.max (10).",
    );
}

#[test]
fn rule10_file_system_config() {
    let svc = seed_with(CapacityProvider::new(), |h| {
        Function::handler("h")
            .file_system("arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-1", "/mnt/efs")
            .capacity_provider(&h)
    });
    let d = single(&svc, "LAMBDA_FILE_SYSTEM_CONFIG_WITH_CAPACITY_PROVIDER");
    check(
        &d,
        "functions.etl.fileSystemConfig",
        "File system configuration isn't compatible with functions using capacity provider compute.",
    );
}

/// A plain function's EFS file system (osls `compile/functions.js`): `FileSystemConfigs` after
/// `VpcConfig`, and `elasticfilesystem:ClientMount`/`ClientWrite` on the access point after the
/// dead-letter statement; without a VPC the reference's error; Lambda's patterns for the ARN and
/// the mount path.
#[test]
fn file_system_config_of_a_plain_function() {
    const AP: &str = "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0";
    let svc = |vpc: bool, arn: &str, mount: &str| {
        let mut f = Function::handler("h.h").file_system(arn, mount).on_error("arn:aws:sns:us-east-1:123456789012:dlq");
        if vpc {
            f = f.vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
        }
        let mut svc = Service::new("files");
        svc.provider().runtime(Runtime::Nodejs22x);
        svc.package_artifact(Artifact::with_sha256("dist/s.zip", "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U="));
        svc.function("api", f);
        svc.build_time_millis(1767225600000);
        svc
    };
    let t = svc(true, AP, "/mnt/efs").synth().unwrap_or_else(|d| panic!("{d}"));
    let props = &t.as_json()["Resources"]["ApiLambdaFunction"]["Properties"];
    assert_eq!(props["FileSystemConfigs"], json!([{"Arn": AP, "LocalMountPath": "/mnt/efs"}]));
    let keys: Vec<&String> = props.as_object().unwrap().keys().collect();
    let at = |k: &str| keys.iter().position(|x| *x == k).unwrap();
    assert_eq!(at("FileSystemConfigs"), at("VpcConfig") + 1);
    let statements = t.as_json()["Resources"]["IamRoleLambdaExecution"]["Properties"]["Policies"][0]["PolicyDocument"]
        ["Statement"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(statements[statements.len() - 2]["Action"], json!(["sns:Publish"]));
    assert_eq!(
        statements.last().unwrap(),
        &json!({"Effect": "Allow", "Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
                "Resource": [AP]})
    );
    let d = single(&svc(false, AP, "/mnt/efs"), "LAMBDA_FILE_SYSTEM_CONFIG_MISSING_VPC");
    check(
        &d,
        "functions.api.fileSystemConfig",
        "Function \"api\": when using fileSystemConfig, ensure that function has vpc configured on function or provider level",
    );
    let d = svc(true, "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-1", "/efs").check();
    let errors: Vec<(&str, &str)> = d.errors().map(|e| (e.code, e.path.as_str())).collect();
    assert_eq!(
        errors,
        [
            ("LAMBDA_INVALID_FUNCTION_PROPERTY", "functions.api.fileSystemConfig.arn"),
            ("LAMBDA_INVALID_FUNCTION_PROPERTY", "functions.api.fileSystemConfig.localMountPath"),
        ],
        "{d}"
    );
}

#[test]
fn neither_handler_nor_image() {
    let mut svc = seed();
    svc.function("empty", Function::default());
    let d = single(&svc, "FUNCTION_NEITHER_HANDLER_NOR_IMAGE_DEFINED_ERROR");
    check(&d, "functions.empty", "Either \"handler\" or \"image\" property needs to be defined for function \"empty\"");
}

#[test]
fn both_handler_and_image() {
    let mut svc = seed();
    let mut f = Function::handler("h");
    f.image = Some("123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:abc".into());
    svc.function("both", f);
    let d = single(&svc, "FUNCTION_BOTH_HANDLER_AND_IMAGE_DEFINED_ERROR");
    check(
        &d,
        "functions.both",
        "Either \"handler\" or \"image\" property (not both) needs to be defined for function \"both\"",
    );
}

// ---------------------------------------------------------------- D2: references

#[test]
fn undefined_capacity_provider_with_did_you_mean() {
    let mut svc = seed_with(CapacityProvider::new(), |h| Function::handler("h").capacity_provider(&h));
    svc.function("typo", Function::handler("h").capacity_provider(CapacityProviderRef::Name("higMem".into())));
    let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_UNDEFINED");
    check(
        &d,
        "functions.typo.capacityProvider",
        "Function \"typo\" references capacity provider \"higMem\", which is not defined. Defined capacity providers: \"highMem\" and \"default\".",
    );
    assert!(d.help.starts_with("Did you mean \"highMem\"?"), "{}", d.help);
}

#[test]
fn undefined_capacity_provider_lists_default_hint() {
    let mut svc = Service::new("my-service");
    svc.provider().runtime(Runtime::Nodejs24x).vpc(Vpc::new(["subnet-00000001"], ["sg-00000001"]));
    svc.function("f", Function::handler("h").capacity_provider(CapacityProviderRef::Name("defualt".into())));
    let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_UNDEFINED");
    check(
        &d,
        "functions.f.capacityProvider",
        "Function \"f\" references capacity provider \"defualt\", which is not defined. No capacity providers are defined. \"default\" is also available: it is created when a function references it.",
    );
    assert!(d.help.starts_with("Did you mean \"default\"?"), "{}", d.help);
}

#[test]
fn undefined_name_in_object_form_points_at_name() {
    let mut svc = seed();
    svc.function("f", Function::handler("h").capacity_provider(CapacityProviderUse::arn("nope").max_concurrency(4)));
    let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_UNDEFINED");
    assert_eq!(d.path, "functions.f.capacityProvider.name");
}

#[test]
fn literal_arn_that_is_not_a_capacity_provider_arn() {
    let mut svc = seed();
    svc.function(
        "f",
        Function::handler("h")
            .capacity_provider(CapacityProviderRef::arn("arn:aws:lambda:us-east-1:123456789012:function:foo")),
    );
    let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_INVALID_REFERENCE");
    check(
        &d,
        "functions.f.capacityProvider",
        "Function \"f\": \"arn:aws:lambda:us-east-1:123456789012:function:foo\" is not a capacity provider ARN.",
    );
}

#[test]
fn ref_to_capacity_provider_yields_name_not_arn() {
    let mut svc = seed_with(CapacityProvider::new(), |h| Function::handler("h").capacity_provider(&h));
    svc.function("r", Function::handler("h").capacity_provider(Intrinsic::reference("HighMemLambdaCapacityProvider")));
    let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_INVALID_REFERENCE");
    check(
        &d,
        "functions.r.capacityProvider",
        "Function \"r\": {\"Ref\": \"HighMemLambdaCapacityProvider\"} yields the capacity provider's name, not its ARN.",
    );
    assert_eq!(d.help, "Use {\"Fn::GetAtt\": [\"HighMemLambdaCapacityProvider\", \"Arn\"]}.");
}

#[test]
fn ref_to_parameter_is_accepted() {
    let mut svc = seed();
    svc.resources().parameters.insert("CpArn".into(), json!({"Type": "String"}));
    svc.function("p", Function::handler("h").capacity_provider(Intrinsic::reference("CpArn")));
    svc.function("i", Function::handler("h").capacity_provider(Intrinsic::import_value("shared-cp-arn")));
    assert!(!svc.validate().has_errors(), "{}", svc.validate());
}

#[test]
fn get_att_with_wrong_attribute() {
    let mut svc = seed_with(CapacityProvider::new(), |h| Function::handler("h").capacity_provider(&h));
    svc.function(
        "g",
        Function::handler("h").capacity_provider(Intrinsic::get_att("HighMemLambdaCapacityProvider", "State")),
    );
    let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_INVALID_REFERENCE");
    check(
        &d,
        "functions.g.capacityProvider",
        "Function \"g\": Fn::GetAtt [HighMemLambdaCapacityProvider, State] is not the capacity provider's ARN.",
    );
}

#[test]
fn get_att_of_a_resource_of_another_type() {
    let mut svc = seed();
    svc.resources().resources.insert("OpRole".into(), json!({"Type": "AWS::IAM::Role", "Properties": {}}));
    svc.function("g", Function::handler("h").capacity_provider(Intrinsic::get_att("OpRole", "Arn")));
    let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_INVALID_REFERENCE");
    check(
        &d,
        "functions.g.capacityProvider",
        "Function \"g\": Fn::GetAtt [OpRole, Arn] points at a AWS::IAM::Role resource, not at an AWS::Lambda::CapacityProvider.",
    );
}

#[test]
fn get_att_of_user_capacity_provider_is_accepted() {
    let mut svc = seed();
    svc.resources().resources.insert("MyCp".into(), json!({"Type": "AWS::Lambda::CapacityProvider", "Properties": {}}));
    svc.function("g", Function::handler("h").capacity_provider(Intrinsic::get_att("MyCp", "Arn")));
    assert!(!svc.validate().has_errors());
}

#[test]
fn get_att_of_nothing_is_unresolved() {
    let mut svc = seed_with(CapacityProvider::new(), |h| Function::handler("h").capacity_provider(&h));
    svc.function(
        "g",
        Function::handler("h").capacity_provider(Intrinsic::get_att("HighMemLambdaCapacityProvidr", "Arn")),
    );
    let d = single(&svc, "UNRESOLVED_REFERENCE");
    check(
        &d,
        "functions.g.capacityProvider",
        "Function \"g\": the capacity provider reference points at \"HighMemLambdaCapacityProvidr\", which is not a resource or parameter of this template.",
    );
    assert!(d.help.starts_with("Did you mean \"HighMemLambdaCapacityProvider\"?"));
}

#[test]
fn dangling_references_in_event_resources_are_located() {
    // The SQS mapping and the HTTP API permission, integration and routes are written from light
    // trees: the config's values in them are still checked, at their paths.
    let svc = Service::from_json_str(
        r#"{
            "service": "svc",
            "provider": { "name": "aws", "runtime": "nodejs22.x", "httpApi": { "id": { "Ref": "NoApi" } } },
            "package": { "artifact": "dist/service.zip" },
            "functions": { "worker": { "handler": "h.h", "provisionedConcurrency": 1, "events": [
                { "sqs": { "arn": { "Fn::GetAtt": ["NoQueue", "Arn"] } } },
                { "httpApi": { "method": "GET", "path": "/y", "authorizer": { "id": { "Ref": "NoAuth" } } } }
            ] } }
        }"#,
    )
    .expect("loads");
    let paths: Vec<String> =
        svc.check().errors().filter(|d| d.code == "UNRESOLVED_REFERENCE").map(|d| d.path.clone()).collect();
    assert_eq!(
        paths,
        [
            "Resources.IamRoleLambdaExecution.Properties.Policies[0].PolicyDocument.Statement[2].Resource[0]",
            "Resources.WorkerEventSourceMappingSQSNoQueue.Properties.EventSourceArn",
            "Resources.WorkerLambdaPermissionHttpApi.Properties.SourceArn.Fn::Join[1][7]",
            "Resources.HttpApiIntegrationWorker.Properties.ApiId",
            "Resources.HttpApiRouteGetY.Properties.ApiId",
            "Resources.HttpApiRouteGetY.Properties.AuthorizerId",
        ]
    );
}

#[test]
fn an_external_http_api_authorizer_needs_an_external_api() {
    // The reference's message, with an intrinsic shown as written (JavaScript writes
    // "[object Object]" there).
    let svc = Service::from_json_str(
        r#"{
            "service": "svc",
            "provider": { "name": "aws", "runtime": "nodejs22.x" },
            "package": { "artifact": "dist/service.zip" },
            "functions": { "api": { "handler": "h.h", "events": [
                { "httpApi": { "method": "GET", "path": "/a", "authorizer": { "id": { "Ref": "Auth" } } } },
                { "httpApi": { "method": "GET", "path": "/b", "authorizer": { "id": "abc123" } } }
            ] } }
        }"#,
    )
    .expect("loads");
    let d = svc.validate();
    let errors: Vec<&Diagnostic> = d.errors().collect();
    assert_eq!(errors.len(), 2, "{d}");
    check(
        errors[0],
        "functions.api.events[0].httpApi.authorizer.id",
        "Event references external authorizer '{\"Ref\":\"Auth\"}', but httpApi is part of the current stack.",
    );
    check(
        errors[1],
        "functions.api.events[1].httpApi.authorizer.id",
        "Event references external authorizer 'abc123', but httpApi is part of the current stack.",
    );
}

#[test]
fn malformed_intrinsics_in_pass_through_values_are_errors() {
    // An EventBridge pattern is copied verbatim; CloudFormation resolves intrinsics inside it
    // and rejects the template when one has the wrong shape (found by the fuzz replay).
    let svc = Service::from_json_str(
        r#"{
            "service": "svc",
            "provider": { "name": "aws", "runtime": "nodejs22.x" },
            "package": { "artifact": "dist/service.zip" },
            "functions": { "worker": { "handler": "h.h", "events": [
                { "eventBridge": { "pattern": { "source": ["acme"], "detail": { "id": [{ "Fn::GetAtt": 100.5 }] } } } },
                { "eventBridge": { "pattern": { "source": [{ "Ref": ["Not", "a", "string"] }] } } }
            ] } }
        }"#,
    )
    .expect("loads");
    let d = svc.check();
    let errors: Vec<&Diagnostic> = d.errors().collect();
    assert_eq!(errors.len(), 2, "{d}");
    check(
        errors[0],
        "Resources.Svcdevworkerrule1EventBridgeRule.Properties.EventPattern.detail.id[0]",
        "Fn::GetAtt with an argument CloudFormation rejects: `{\"Fn::GetAtt\": [\"LogicalId\", \"Attribute\"]}` (or the string `\"LogicalId.Attribute\"`).",
    );
    assert_eq!(errors[0].code, "CONFIG_INVALID_VALUE");
    assert_eq!(errors[1].path, "Resources.Svcdevworkerrule2EventBridgeRule.Properties.EventPattern.source[0]");
    assert!(errors[1].message.starts_with("Ref with an argument CloudFormation rejects"), "{}", errors[1].message);
}

/// The user's output merged over the generated one of the same name (as the reference merges,
/// key by key) gets two functions in one `Value`, which CloudFormation rejects (found on a
/// corpus file: `resources.Outputs.HttpApiUrl.Value: !Sub ...`).
#[test]
fn an_intrinsic_beside_other_keys_is_an_error() {
    let svc = Service::from_json_str(
        r#"{
            "service": "svc",
            "provider": { "name": "aws", "runtime": "nodejs22.x" },
            "package": { "artifact": "dist/service.zip" },
            "functions": { "api": { "handler": "h.h", "events": [{ "httpApi": { "path": "/", "method": "get" } }] } },
            "resources": {
                "Resources": { "Table": { "Type": "AWS::DynamoDB::Table", "Properties": {
                    "TableName": { "Ref": "AWS::StackName", "Fn::Sub": "${AWS::StackName}-t" },
                    "KeySchema": [{ "AttributeName": "id", "KeyType": "HASH" }] } },
                    "Included": { "Type": "AWS::S3::Bucket", "Properties": { "BucketName": "b",
                        "Fn::Transform": { "Name": "AWS::Include", "Parameters": { "Location": "s3://b/k" } } } } },
                "Outputs": { "HttpApiUrl": { "Description": "mine", "Value": { "Fn::Sub": "https://${HttpApi}.example" } },
                             "Mine": { "Value": { "Fn::ForEach::X": [], "Other": "a" } } },
                "Conditions": { "IsProd": { "Fn::Equals": ["a", "b"], "Extra": 1 } }
            }
        }"#,
    )
    .expect("loads");
    let d = svc.check();
    let mut errors: Vec<&Diagnostic> = d.errors().collect();
    errors.sort_by(|a, b| b.path.cmp(&a.path));
    assert_eq!(errors.len(), 3, "{d}");
    let condition = errors.pop().unwrap();
    assert_eq!(condition.path, "resources.Conditions.IsProd");
    assert!(condition.message.starts_with("an object with the keys `Fn::Equals`, `Extra`:"), "{}", condition.message);
    assert_eq!(errors[0].code, "CONFIG_INVALID_VALUE");
    assert_eq!(errors[0].path, "resources.Resources.Table.Properties.TableName");
    assert_eq!(
        errors[0].message,
        "an object with the keys `Ref`, `Fn::Sub`: CloudFormation takes an intrinsic function (`Ref`, `Fn::...`) only as the single key of an object"
    );
    assert_eq!(errors[1].path, "resources.Outputs.HttpApiUrl.Value");
    assert!(errors[1].message.contains("`Fn::Join`, `Fn::Sub`"), "{}", errors[1].message);
    assert!(
        errors[1].help.contains("leave that key out of yours or give your entry another name"),
        "{}",
        errors[1].help
    );
}

/// A DynamoDB table in `resources` whose AttributeDefinitions declare more than its keys (found by
/// cfn-lint's E3039 on two corpus files, student projects defining every item attribute) fails
/// `CreateTable`: one error per attribute, at its line.
#[test]
fn dynamodb_attribute_definitions_are_the_keys() {
    let svc = Service::from_json_str(
        r#"{
            "service": "svc",
            "provider": { "name": "aws", "runtime": "nodejs22.x" },
            "package": { "artifact": "dist/service.zip" },
            "functions": { "api": { "handler": "h.h" } },
            "resources": { "Resources": {
                "Users": { "Type": "AWS::DynamoDB::Table", "Properties": {
                    "BillingMode": "PAY_PER_REQUEST",
                    "AttributeDefinitions": [{ "AttributeName": "id", "AttributeType": "S" },
                                             { "AttributeName": "name", "AttributeType": "S" }],
                    "KeySchema": [{ "AttributeName": "id", "KeyType": "HASH" }] } } } }
        }"#,
    )
    .expect("loads");
    let d = svc.check();
    let errors: Vec<(&str, &str)> = d.errors().map(|e| (e.code, e.path.as_str())).collect();
    assert_eq!(
        errors,
        [("CONFIG_INVALID_VALUE", "resources.Resources.Users.Properties.AttributeDefinitions[1]")],
        "{d}"
    );
    let e = d.errors().next().unwrap();
    assert!(e.message.starts_with("attribute `name` is in AttributeDefinitions but is no key"), "{}", e.message);
    assert!(e.help.starts_with("define only the attributes a KeySchema names"), "{}", e.help);
}

/// An environment or tag value is a string: `Fn::GetAZs`, `Fn::Cidr` or `Fn::Split` there yields
/// a list, which fails the function's creation; `Fn::Select` of one is a string.
#[test]
fn an_environment_value_that_yields_a_list_is_an_error() {
    let svc = Service::from_json_str(
        r#"{
            "service": "svc",
            "provider": { "name": "aws", "runtime": "nodejs22.x",
                "environment": { "AZS": { "Fn::GetAZs": "" }, "AZ": { "Fn::Select": [0, { "Fn::GetAZs": "" }] } },
                "tags": { "subnets": { "Fn::Cidr": ["10.0.0.0/16", 2, 8] } } },
            "package": { "artifact": "dist/service.zip" },
            "functions": { "api": { "handler": "h.h", "environment": { "PARTS": { "Fn::Split": [",", "a,b"] } } } }
        }"#,
    )
    .expect("loads");
    let d = svc.check();
    let errors: Vec<(&str, &str)> = d.errors().map(|e| (e.code, e.path.as_str())).collect();
    assert_eq!(
        errors,
        [
            ("LAMBDA_INVALID_FUNCTION_PROPERTY", "functions.api.environment.PARTS"),
            ("LAMBDA_INVALID_FUNCTION_PROPERTY", "provider.environment.AZS"),
            ("LAMBDA_INVALID_FUNCTION_PROPERTY", "provider.tags.subnets"),
        ],
        "{d}"
    );
    assert_eq!(
        d.errors().nth(1).unwrap().message,
        "Environment variable \"AZS\" is `Fn::GetAZs`, which yields a list; a value is a string"
    );
    assert_eq!(
        d.errors().nth(2).unwrap().message,
        "the value of tag \"subnets\" is `Fn::Cidr`, which yields a list; a tag value is a string"
    );
}

/// A place that takes one string (a role, an ARN, a layer, one id of a list) given an intrinsic
/// that yields a list (a `Ref` to a list parameter, an `Fn::If` with a list branch): one error
/// each, at its path; a whole id list may be one, and `Fn::Select` of one is a string.
#[test]
fn one_string_places_given_a_list_are_errors() {
    let svc = Service::from_json_str(
        r#"{
            "service": "svc",
            "provider": { "name": "aws", "runtime": "nodejs22.x",
                "iam": { "role": { "managedPolicies": [{ "Fn::Split": [",", "a,b"] }],
                                   "permissionsBoundary": { "Fn::Select": [0, { "Fn::Split": [",", "arn:aws:iam::aws:policy/b,c"] }] } } },
                "layers": [{ "Fn::Split": [",", "a,b"] }, { "Ref": "Layers" },
                           { "Fn::If": ["Prod", ["a", "b"], "arn:aws:lambda:us-east-1:123456789012:layer:l:1"] },
                           { "Fn::If": ["Prod", { "Ref": "Layer" }, { "Ref": "AWS::NoValue" }] }],
                "vpc": { "subnetIds": { "Fn::Split": [",", "subnet-0abc1234,subnet-0abc1235"] },
                         "securityGroupIds": [{ "Fn::GetAZs": "" }] } },
            "package": { "artifact": "dist/service.zip" },
            "resources": { "Parameters": { "Layers": { "Type": "CommaDelimitedList" }, "Layer": { "Type": "String" } },
                           "Conditions": { "Prod": { "Fn::Equals": ["a", "b"] } } },
            "functions": { "api": { "handler": "h.h", "role": { "Fn::Cidr": ["10.0.0.0/16", 2, 8] },
                                    "onError": { "Fn::Split": [",", "a"] },
                                    "destinations": { "onFailure": { "type": "sqs", "arn": { "Fn::Split": [",", "a"] } } } } }
        }"#,
    )
    .expect("loads");
    let d = svc.check();
    let errors: Vec<(&str, &str)> = d.errors().map(|e| (e.code, e.path.as_str())).collect();
    assert_eq!(
        errors,
        [
            ("CONFIG_INVALID_VALUE", "provider.iam.role.managedPolicies[0]"),
            ("CONFIG_INVALID_VALUE", "provider.layers[0]"),
            ("CONFIG_INVALID_VALUE", "provider.layers[1]"),
            ("CONFIG_INVALID_VALUE", "provider.layers[2]"),
            ("CONFIG_INVALID_VALUE", "provider.vpc.securityGroupIds[0]"),
            ("CONFIG_INVALID_VALUE", "functions.api.role"),
            ("CONFIG_INVALID_VALUE", "functions.api.onError"),
            ("CONFIG_INVALID_VALUE", "functions.api.destinations.onFailure.arn"),
        ],
        "{d}"
    );
    let e = d.errors().nth(5).unwrap();
    assert_eq!(e.message, "`Fn::Cidr` yields a list, and functions.api.role takes one string");
    assert_eq!(e.help, "pick one item with `Fn::Select`, or join them with `Fn::Join`");
}

/// CloudFormation resolves at most 60 dynamic references per template; a provider environment
/// value is one in every function. Past the limit: an error, or a warning without the limits.
#[test]
fn more_than_60_dynamic_references_are_over_the_limit() {
    let environment: serde_json::Map<String, serde_json::Value> =
        (0..31).map(|i| (format!("P{i}"), format!("{{{{resolve:ssm:/app/p{i}}}}}").into())).collect();
    let config = serde_json::json!({
        "service": "svc",
        "provider": { "name": "aws", "runtime": "nodejs22.x", "environment": environment },
        "package": { "artifact": "dist/service.zip" },
        "functions": { "a": { "handler": "h.a" }, "b": { "handler": "h.b" } }
    });
    let mut svc = Service::from_json_str(&config.to_string()).expect("loads");
    svc.package_artifact(Artifact::with_sha256("dist/service.zip", "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U="));
    svc.build_time_millis(1767225600000);
    let d = svc.synth().expect_err("62 dynamic references");
    let e = d.errors().next().unwrap();
    assert_eq!(e.code, "TEMPLATE_TOO_MANY_DYNAMIC_REFERENCES");
    assert_eq!(
        e.message,
        "The template has 62 dynamic references (`{{resolve:...}}`); CloudFormation allows at most 60 per stack."
    );
    svc.enforce_limits(false);
    let template = svc.synth().expect("a warning only");
    assert_eq!(template.warnings().warnings().filter(|w| w.code == e.code).count(), 1);
}

/// A canned ACL on a bucket the template creates fails since S3 disables ACLs on new buckets
/// (found by cfn-lint's E3045 on two corpus files: a `provider.s3` bucket and a static-site bucket
/// in `resources`); `Private`, or ACLs enabled by `OwnershipControls`, are fine.
#[test]
fn a_bucket_acl_without_ownership_controls_is_an_error() {
    let svc = Service::from_json_str(
        r#"{
            "service": "svc",
            "provider": { "name": "aws", "runtime": "nodejs22.x",
                "s3": { "uploads": { "name": "svc-uploads", "accessControl": "PublicRead" },
                        "unused": { "name": "svc-unused", "accessControl": "PublicRead" } } },
            "package": { "artifact": "dist/service.zip" },
            "functions": { "worker": { "handler": "h.h", "events": [{ "s3": { "bucket": "uploads" } }] } },
            "resources": { "Resources": {
                "Site": { "Type": "AWS::S3::Bucket", "Properties": { "AccessControl": "PublicRead" } },
                "Logs": { "Type": "AWS::S3::Bucket", "Properties": { "AccessControl": "LogDeliveryWrite",
                    "OwnershipControls": { "Rules": [{ "ObjectOwnership": "ObjectWriter" }] } } },
                "Plain": { "Type": "AWS::S3::Bucket", "Properties": { "AccessControl": "Private" } },
                "Public": { "Type": "AWS::S3::Bucket", "Properties": { "AccessControl": "PublicRead",
                    "OwnershipControls": { "Rules": [{ "ObjectOwnership": "ObjectWriter" }] } } },
                "Open": { "Type": "AWS::S3::Bucket", "Properties": { "AccessControl": "PublicRead",
                    "OwnershipControls": { "Rules": [{ "ObjectOwnership": "ObjectWriter" }] },
                    "PublicAccessBlockConfiguration": { "BlockPublicAcls": false } } },
                "Computed": { "Type": "AWS::S3::Bucket", "Properties": { "AccessControl": "PublicRead",
                    "OwnershipControls": { "Fn::If": ["C", { "Rules": [] }, { "Ref": "AWS::NoValue" }] } } } },
                "Conditions": { "C": { "Fn::Equals": ["a", "a"] } } }
        }"#,
    )
    .expect("loads");
    let d = svc.check();
    let errors: Vec<(&str, &str)> = d.errors().map(|e| (e.code, e.path.as_str())).collect();
    assert_eq!(
        errors,
        [
            ("CONFIG_INVALID_VALUE", "provider.s3.uploads.accessControl"),
            ("CONFIG_INVALID_VALUE", "resources.Resources.Site.Properties.AccessControl"),
            ("CONFIG_INVALID_VALUE", "resources.Resources.Public.Properties.AccessControl"),
        ],
        "{d}"
    );
    assert!(d.errors().nth(2).unwrap().message.contains("is a public ACL, and S3 blocks public ACLs"), "{d}");
    let e = d.errors().next().unwrap();
    assert_eq!(
        e.message,
        "`accessControl: PublicRead` needs ACLs, and S3 creates buckets with ACLs disabled (Object Ownership `BucketOwnerEnforced`): creating the bucket fails"
    );
}

/// A resource's `Condition` written as an intrinsic (found on a corpus file:
/// `Condition: {Fn::Not: [{Ref: IsLocal}]}`) is an error: CloudFormation wants a condition's name.
#[test]
fn a_condition_attribute_must_be_a_name() {
    let svc = Service::from_json_str(
        r#"{
            "service": "svc",
            "provider": { "name": "aws", "runtime": "nodejs22.x" },
            "package": { "artifact": "dist/service.zip" },
            "functions": { "api": { "handler": "h.h" } },
            "resources": {
                "Conditions": { "IsLocal": { "Fn::Equals": ["a", "b"] }, "IsDeployed": { "Fn::Not": [{ "Condition": "IsLocal" }] } },
                "Resources": {
                    "Bad": { "Type": "AWS::SQS::Queue", "Condition": { "Fn::Not": [{ "Ref": "IsLocal" }] } },
                    "Good": { "Type": "AWS::SQS::Queue", "Condition": "IsDeployed" } } }
        }"#,
    )
    .expect("loads");
    let d = svc.check();
    let errors: Vec<(&str, &str)> = d.errors().map(|e| (e.code, e.path.as_str())).collect();
    assert_eq!(errors, [("CONFIG_INVALID_VALUE", "resources.Resources.Bad.Condition")], "{d}");
}

// ---------------------------------------------------------------- D2: ranges

#[test]
fn max_concurrency_out_of_range() {
    for (c, ok) in [(0, false), (1, true), (1600, true), (1601, false)] {
        let svc = seed_with(CapacityProvider::new(), |h| {
            Function::handler("h").capacity_provider(h.with().max_concurrency(c))
        });
        if ok {
            assert!(!svc.validate().has_errors(), "{c}");
            continue;
        }
        let d = single(&svc, "LAMBDA_MANAGED_INSTANCES_INVALID_MAX_CONCURRENCY");
        check(
            &d,
            "functions.etl.capacityProvider.maxConcurrency",
            &format!(
                "capacityProvider.maxConcurrency of function \"etl\" is {c}; allowed are 1 to 1600 concurrent requests per execution environment."
            ),
        );
    }
}

#[test]
fn max_vcpu_count_out_of_range() {
    for (n, ok) in [(5, false), (12, true), (15000, true), (20000, false)] {
        let svc = seed_with(CapacityProvider::new().scaling(Scaling::auto().max_vcpu_count(n)), |h| {
            Function::handler("h").capacity_provider(&h)
        });
        if ok {
            assert!(!svc.validate().has_errors(), "{n}");
            continue;
        }
        let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_INVALID_MAX_VCPU_COUNT");
        check(
            &d,
            "provider.capacityProviders.highMem.scaling.maxVCpuCount",
            &format!("Capacity provider \"highMem\": scaling.maxVCpuCount is {n}; allowed are 12 to 15000."),
        );
    }
}

#[test]
fn more_than_ten_policies() {
    let mut svc = seed_with(CapacityProvider::new(), |h| Function::handler("h").capacity_provider(&h));
    let policy = ScalingPolicy { predefined_metric_type: MetricType::AverageCpuUtilization, target_value: 50.0 };
    svc.config_mut().provider.capacity_providers["highMem"].scaling = Some(CapacityProviderScaling {
        mode: Some(ScalingMode::Manual),
        max_vcpu_count: None,
        policies: vec![policy; 11],
    });
    let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_INVALID_SCALING_POLICIES");
    check(
        &d,
        "provider.capacityProviders.highMem.scaling.policies",
        "Capacity provider \"highMem\": scaling.policies has 11 entries; allowed are 1 to 10.",
    );
}

#[test]
fn target_value_out_of_range_or_not_finite() {
    let svc = seed_with(
        CapacityProvider::new().scaling(Scaling::manual(
            100,
            [TargetTracking::cpu(70.0), TargetTracking::cpu(150.0), TargetTracking::gpu(f64::NAN)],
        )),
        |h| Function::handler("h").capacity_provider(&h),
    );
    let d = svc.validate();
    let errors: Vec<&Diagnostic> = d.errors().collect();
    assert_eq!(errors.len(), 2, "{d}");
    check(
        errors[0],
        "provider.capacityProviders.highMem.scaling.policies[1].targetValue",
        "Capacity provider \"highMem\": scaling.policies[1].targetValue is 150; allowed are 0 to 100 (percent).",
    );
    assert_eq!(errors[1].path, "provider.capacityProviders.highMem.scaling.policies[2].targetValue");
}

#[test]
fn function_scaling_above_15000() {
    let svc = seed_with(CapacityProvider::new(), |h| {
        Function::handler("h").capacity_provider(h.with().scaling_dynamic(Some(1), Some(20000)))
    });
    let d = single(&svc, "LAMBDA_MANAGED_INSTANCES_INVALID_SCALING_CONFIG");
    check(
        &d,
        "functions.etl.capacityProvider.scaling.max",
        "Invalid function scaling configuration for function \"etl\": scaling.max is 20000; allowed are 0 to 15000 execution environments.",
    );
}

// ---------------------------------------------------------------- D2: runtime, architecture, combos

#[test]
fn unsupported_runtime_explicit() {
    let mut svc = seed();
    let pool = svc.default_capacity_provider();
    svc.function("py", Function::handler("h").runtime(Runtime::Python312).capacity_provider(&pool));
    let d = single(&svc, "LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_RUNTIME");
    check(
        &d,
        "functions.py.runtime",
        &format!(
            "Function \"py\" uses runtime python3.12, which Lambda Managed Instances do not support. Supported runtimes: {SUPPORTED}."
        ),
    );
}

#[test]
fn unsupported_default_runtime() {
    let mut svc = seed();
    svc.config_mut().provider.runtime = None;
    let d = single(&svc, "LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_RUNTIME");
    check(
        &d,
        "functions.api.runtime",
        &format!(
            "Function \"api\" uses runtime nodejs20.x (the default runtime), which Lambda Managed Instances do not support. Supported runtimes: {SUPPORTED}."
        ),
    );
}

#[test]
fn architecture_mismatch_local() {
    let svc = seed_with(CapacityProvider::new().architecture(Architecture::Arm64), |h| {
        Function::handler("h").capacity_provider(&h)
    });
    let d = single(&svc, "LAMBDA_MANAGED_INSTANCES_ARCHITECTURE_MISMATCH");
    check(
        &d,
        "functions.etl.architecture",
        "Function \"etl\" is built for x86_64, but its capacity provider \"highMem\" launches arm64 instances.",
    );
}

#[test]
fn architecture_mismatch_through_get_att() {
    let svc = seed_with(CapacityProvider::new().instance_types(InstanceTypes::excluded(["t3.nano"])), |_| {
        Function::handler("h")
            .architecture(Architecture::Arm64)
            .capacity_provider(Intrinsic::get_att("HighMemLambdaCapacityProvider", "Arn"))
    });
    let d = single(&svc, "LAMBDA_MANAGED_INSTANCES_ARCHITECTURE_MISMATCH");
    check(
        &d,
        "functions.etl.architecture",
        "Function \"etl\" is built for arm64, but its capacity provider \"highMem\" launches x86_64 instances.",
    );
}

#[test]
fn provider_architecture_applies_to_both_sides() {
    let mut svc = seed();
    svc.provider().architecture(Architecture::Arm64);
    assert!(!svc.validate().has_errors());
}

#[test]
fn function_vpc_on_cp_function() {
    let svc = seed_with(CapacityProvider::new(), |h| {
        Function::handler("h").vpc(Vpc::new(["subnet-00000001"], ["sg-00000001"])).capacity_provider(&h)
    });
    let d = single(&svc, "LAMBDA_MANAGED_INSTANCES_FUNCTION_VPC");
    check(
        &d,
        "functions.etl.vpc",
        "Function \"etl\" runs on a capacity provider, so its own vpc would be silently ignored.",
    );
}

#[test]
fn provisioned_concurrency_on_cp_function() {
    let svc =
        seed_with(CapacityProvider::new(), |h| Function::handler("h").provisioned_concurrency(5).capacity_provider(&h));
    let d = single(&svc, "LAMBDA_MANAGED_INSTANCES_PROVISIONED_CONCURRENCY");
    check(
        &d,
        "functions.etl.provisionedConcurrency",
        "Function \"etl\" runs on a capacity provider and cannot use provisionedConcurrency (found 5).",
    );
    assert!(d.help.contains("scaling.min"));
}

#[test]
fn image_function_with_capacity_provider() {
    let svc = seed_with(CapacityProvider::new(), |h| {
        Function::image("123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:abc").capacity_provider(&h)
    });
    let d = single(&svc, "LAMBDA_MANAGED_INSTANCES_IMAGE_UNSUPPORTED");
    check(
        &d,
        "functions.etl.capacityProvider",
        "Function \"etl\" is an image function; capacity providers are not supported for image functions yet (the capacity provider would be silently dropped).",
    );
}

#[test]
fn image_function_is_not_told_its_runtime_is_unsupported() {
    // The provider's runtime (nodejs20.x here) is not what an image function runs.
    let mut svc = Service::new("svc");
    svc.provider().runtime(Runtime::Nodejs20x).vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
    let pool = svc.default_capacity_provider();
    svc.function(
        "img",
        Function::image("123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:abc").capacity_provider(&pool),
    );
    let d = svc.validate();
    assert!(d.find("LAMBDA_MANAGED_INSTANCES_IMAGE_UNSUPPORTED").is_some(), "{d}");
    assert!(d.find("LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_RUNTIME").is_none(), "{d}");
}

// ---------------------------------------------------------------- D2: memory

#[test]
fn cp_memory_above_32768() {
    let svc = seed_with(CapacityProvider::new(), |h| Function::handler("h").memory_size(40000).capacity_provider(&h));
    let d = single(&svc, "LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY_SIZE");
    check(
        &d,
        "functions.etl.memorySize",
        "Memory size of 40000 MB of function \"etl\" exceeds the maximum of 32768 MB for functions using capacity providers.",
    );
}

#[test]
fn plain_memory_below_128() {
    let mut svc = seed();
    svc.function("tiny", Function::handler("h").memory_size(64));
    let d = single(&svc, "LAMBDA_INVALID_MEMORY_SIZE");
    check(&d, "functions.tiny.memorySize", "Memory size of 64 MB of function \"tiny\" is below the minimum of 128 MB.");
}

#[test]
fn memory_below_one_vcpu() {
    let svc = seed_with(CapacityProvider::new(), |h| {
        Function::handler("h").memory_size(4096).capacity_provider(h.with().memory_per_vcpu(MemoryPerVCpu::Gib8))
    });
    let d = single(&svc, "LAMBDA_MANAGED_INSTANCES_MEMORY_BELOW_ONE_VCPU");
    check(
        &d,
        "functions.etl.memorySize",
        "Memory size of 4096 MB of function \"etl\" is less than one vCPU at memoryPerVCpu 8 (8192 MB); an execution environment needs at least 1 vCPU.",
    );
}

// ---------------------------------------------------------------- D2: timeout

#[test]
fn timeout_over_900_without_capacity_provider() {
    let mut svc = seed();
    svc.function("slow", Function::handler("h").timeout(3600));
    let d = single(&svc, "LAMBDA_INVALID_TIMEOUT");
    check(
        &d,
        "functions.slow.timeout",
        "Timeout of 3600 seconds of function \"slow\" exceeds the maximum of 900 seconds for functions without a capacity provider.",
    );
}

#[test]
fn timeout_over_5400_with_capacity_provider() {
    let svc = seed_with(CapacityProvider::new(), |h| Function::handler("h").timeout(6000).capacity_provider(&h));
    let d = single(&svc, "LAMBDA_INVALID_TIMEOUT");
    check(
        &d,
        "functions.etl.timeout",
        "Timeout of 6000 seconds of function \"etl\" exceeds the maximum of 5400 seconds for functions using capacity providers.",
    );
}

#[test]
fn timeout_zero_inherited_from_provider() {
    let mut svc = seed();
    svc.provider().timeout(0);
    let d = single(&svc, "LAMBDA_INVALID_TIMEOUT");
    check(
        &d,
        "functions.api.timeout",
        "Timeout of 0 seconds of function \"api\" is not allowed; the minimum is 1 second.",
    );
    assert!(d.help.contains("inherited from provider.timeout"));
}

// ---------------------------------------------------------------- CloudFormation: capacity provider shape

#[test]
fn two_architectures() {
    let mut svc = seed_with(CapacityProvider::new(), |h| Function::handler("h").capacity_provider(&h));
    svc.config_mut().provider.capacity_providers["highMem"].instance_requirements = Some(InstanceRequirements {
        allowed_instance_types: vec![],
        excluded_instance_types: vec![],
        architectures: vec![Architecture::X86_64, Architecture::Arm64],
    });
    let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_INVALID_INSTANCE_TYPES");
    check(
        &d,
        "provider.capacityProviders.highMem.instanceRequirements.architectures",
        "Capacity provider \"highMem\": instanceRequirements.architectures has 2 entries (x86_64, arm64); exactly one is allowed.",
    );
}

#[test]
fn bad_instance_type_name() {
    let svc =
        seed_with(CapacityProvider::new().instance_types(InstanceTypes::allowed(["r7g.large", "m7g large/xl"])), |h| {
            Function::handler("h").capacity_provider(&h)
        });
    let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_INVALID_INSTANCE_TYPES");
    check(
        &d,
        "provider.capacityProviders.highMem.instanceRequirements.allowedInstanceTypes[1]",
        "Capacity provider \"highMem\": instance type \"m7g large/xl\" is not valid; instance types have 1 to 30 characters out of letters, digits, '.', '-' and '*'.",
    );
}

#[test]
fn too_many_instance_types() {
    let types: Vec<String> = (0..401).map(|i| format!("c{i}.large")).collect();
    let svc = seed_with(CapacityProvider::new().instance_types(InstanceTypes::excluded(types)), |h| {
        Function::handler("h").capacity_provider(&h)
    });
    let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_INVALID_INSTANCE_TYPES");
    assert_eq!(d.path, "provider.capacityProviders.highMem.instanceRequirements.excludedInstanceTypes");
}

#[test]
fn cp_vpc_bad_subnet_ids_and_too_many() {
    let mut subnets: Vec<String> = (0..17).map(|i| format!("subnet-{i:08x}")).collect();
    subnets[3] = "subnet_3".into();
    let svc = seed_with(CapacityProvider::new().vpc(Vpc::new(subnets, ["sg-00000001"])), |h| {
        Function::handler("h").capacity_provider(&h)
    });
    let errs = error_list(&svc);
    assert_eq!(
        errs,
        vec![
            ("LAMBDA_INVALID_VPC_CONFIG", "provider.capacityProviders.highMem.vpc.subnetIds".to_string()),
            ("LAMBDA_INVALID_VPC_CONFIG", "provider.capacityProviders.highMem.vpc.subnetIds[3]".to_string()),
        ]
    );
    let d = svc.validate();
    assert_eq!(
        d.errors().next().unwrap().message,
        "provider.capacityProviders.highMem.vpc.subnetIds has 17 entries; AWS allows at most 16."
    );
    assert_eq!(
        d.errors().nth(1).unwrap().message,
        "\"subnet_3\" in provider.capacityProviders.highMem.vpc.subnetIds is not a valid id: subnet ids look like subnet-0abc1234 (lower-case hexadecimal digits)."
    );
}

#[test]
fn provider_vpc_too_many_security_groups() {
    let mut svc = seed();
    svc.provider().vpc(Vpc::new(
        ["subnet-00000001"],
        ["sg-00000001", "sg-00000002", "sg-00000003", "sg-00000004", "sg-00000005", "sg-00000006"],
    ));
    let d = single(&svc, "LAMBDA_INVALID_VPC_CONFIG");
    check(&d, "provider.vpc.securityGroupIds", "provider.vpc.securityGroupIds has 6 entries; AWS allows at most 5.");
}

/// A placeholder id (a tutorial's `sg-xxxxx`) is not an id: EC2's are lower-case hexadecimal.
#[test]
fn vpc_placeholder_ids_are_errors() {
    let mut svc = seed();
    svc.provider().vpc(Vpc::new(
        ["subnet-xxxxxxxx", "subnet-0123456789abcdef0", "subnet-0ABC1234"],
        ["sg-xxxxx", "sg-0123456789abcdef0"],
    ));
    let errs = error_list(&svc);
    assert_eq!(
        errs,
        vec![
            ("LAMBDA_INVALID_VPC_CONFIG", "provider.vpc.subnetIds[0]".to_string()),
            ("LAMBDA_INVALID_VPC_CONFIG", "provider.vpc.subnetIds[2]".to_string()),
            ("LAMBDA_INVALID_VPC_CONFIG", "provider.vpc.securityGroupIds[0]".to_string()),
        ]
    );
}

#[test]
fn plain_function_vpc_checked() {
    let mut svc = seed();
    svc.function("plain", Function::handler("h").vpc(Vpc::new(["subnet-00000001"], ["security-group-1"])));
    let d = single(&svc, "LAMBDA_INVALID_VPC_CONFIG");
    assert_eq!(d.path, "functions.plain.vpc.securityGroupIds[0]");
}

#[test]
fn operator_role_not_a_role_arn() {
    let svc = seed_with(CapacityProvider::new().operator_role("arn:aws:iam::123456789012:user/bob"), |h| {
        Function::handler("h").capacity_provider(&h)
    });
    let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_INVALID_OPERATOR_ROLE");
    check(
        &d,
        "provider.capacityProviders.highMem.permissions.operatorRole",
        "Capacity provider \"highMem\": operatorRole \"arn:aws:iam::123456789012:user/bob\" is not an IAM role ARN.",
    );
}

#[test]
fn operator_role_get_att_wrong_attribute() {
    let svc = seed_with(CapacityProvider::new().operator_role(Intrinsic::get_att("OpRole", "RoleId")), |h| {
        Function::handler("h").capacity_provider(&h)
    });
    let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_INVALID_OPERATOR_ROLE");
    assert_eq!(d.help, "Use Fn::GetAtt [OpRole, Arn].");
}

#[test]
fn kms_key_not_a_kms_arn() {
    let svc = seed_with(CapacityProvider::new().kms_key_arn("alias/my-key"), |h| {
        Function::handler("h").capacity_provider(&h)
    });
    let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_INVALID_KMS_KEY");
    check(
        &d,
        "provider.capacityProviders.highMem.kmsKeyArn",
        "Capacity provider \"highMem\": kmsKeyArn \"alias/my-key\" is not a KMS key ARN.",
    );
}

#[test]
fn unsupported_region() {
    let mut svc = seed();
    svc.provider().region("cn-north-1");
    let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_UNSUPPORTED_REGION");
    check(
        &d,
        "provider.region",
        "Region cn-north-1 does not offer Lambda capacity providers (AWS::Lambda::CapacityProvider), but the service defines \"default\".",
    );
}

// ---------------------------------------------------------------- names

#[test]
fn function_key_collision() {
    let mut svc = seed();
    svc.function("a-b", Function::handler("h"));
    svc.function("aDashb", Function::handler("h"));
    let d = single(&svc, "LOGICAL_ID_COLLISION");
    check(
        &d,
        "functions.aDashb",
        "Functions \"a-b\" and \"aDashb\" all get the logical ID \"ADashbLambdaFunction\"; the later one would silently replace the earlier.",
    );
}

#[test]
fn capacity_provider_key_collision() {
    let mut svc = seed();
    let a = svc.capacity_provider("A", CapacityProvider::new());
    let b = svc.capacity_provider("a", CapacityProvider::new());
    svc.function("fa", Function::handler("h").capacity_provider(&a));
    svc.function("fb", Function::handler("h").capacity_provider(&b));
    let d = single(&svc, "LOGICAL_ID_COLLISION");
    check(
        &d,
        "provider.capacityProviders.a",
        "Capacity providers \"A\" and \"a\" all get the logical ID \"ALambdaCapacityProvider\"; the later one would silently replace the earlier.",
    );
}

#[test]
fn deployed_function_name_collision() {
    let mut svc = seed();
    svc.function("other", Function::handler("h").name("my-service-dev-api"));
    let d = single(&svc, "LOGICAL_ID_COLLISION");
    check(
        &d,
        "functions.other.name",
        "Functions \"api\" and \"other\" all deploy as the Lambda function \"my-service-dev-api\"; function names must be unique.",
    );
}

#[test]
fn function_key_not_alphanumeric() {
    let mut svc = seed();
    svc.function("my.fn", Function::handler("h"));
    let errs = error_list(&svc);
    assert_eq!(
        errs,
        vec![
            ("INVALID_LOGICAL_ID", "functions.my.fn".to_string()),
            ("LAMBDA_INVALID_FUNCTION_NAME", "functions.my.fn".to_string()),
        ]
    );
    let d = svc.validate();
    assert_eq!(
        d.find("INVALID_LOGICAL_ID").unwrap().message,
        "Function \"my.fn\" produces the CloudFormation logical ID \"My.fnLambdaFunction\", which is not valid: it is not alphanumeric (A-Z, a-z, 0-9)."
    );
    assert_eq!(
        d.find("LAMBDA_INVALID_FUNCTION_NAME").unwrap().message,
        "Function \"my.fn\" gets the function name \"my-service-dev-my.fn\", which is not valid: it may contain only letters, digits, '-' and '_'."
    );
}

#[test]
fn capacity_provider_key_not_alphanumeric() {
    let svc = seed_with(CapacityProvider::new(), |_| Function::handler("h"));
    let mut svc = svc;
    let xy = svc.capacity_provider("x.y", CapacityProvider::new());
    svc.function("etl", Function::handler("h").capacity_provider(&xy));
    svc.config_mut().provider.capacity_providers.shift_remove("highMem");
    let errs = error_list(&svc);
    assert_eq!(
        errs,
        vec![
            ("INVALID_LOGICAL_ID", "provider.capacityProviders.x.y".to_string()),
            ("LAMBDA_CAPACITY_PROVIDER_INVALID_NAME", "provider.capacityProviders.x.y".to_string()),
        ]
    );
    let d = svc.validate();
    assert_eq!(
        d.find("INVALID_LOGICAL_ID").unwrap().message,
        "Capacity provider \"x.y\" produces the CloudFormation logical ID \"X.yLambdaCapacityProvider\", which is not valid: it is not alphanumeric (A-Z, a-z, 0-9)."
    );
}

#[test]
fn logical_id_over_255_characters() {
    let mut svc = seed();
    let key = "f".repeat(240);
    svc.function(key.clone(), Function::handler("h").name("short"));
    let d = single(&svc, "INVALID_LOGICAL_ID");
    assert_eq!(d.path, format!("functions.{key}"));
    assert!(d.message.ends_with("it has 266 characters, more than 255."), "{}", d.message);
}

#[test]
fn capacity_provider_name_over_140() {
    let mut svc = seed();
    let name = "c".repeat(130);
    let h = svc.capacity_provider(name.clone(), CapacityProvider::new());
    svc.function("f", Function::handler("h").capacity_provider(&h));
    let d = single(&svc, "LAMBDA_CAPACITY_PROVIDER_INVALID_NAME");
    check(
        &d,
        &format!("provider.capacityProviders.{name}"),
        &format!(
            "Capacity provider \"{name}\" gets the CapacityProviderName \"my-service-dev-{name}\", which is not valid: it has 145 characters, more than 140."
        ),
    );
}

#[test]
fn function_name_over_64() {
    let mut svc = seed();
    let key = "handlerWithAVeryLongNameThatGoesOnAndOnForever1234";
    svc.function(key, Function::handler("h"));
    let d = single(&svc, "LAMBDA_INVALID_FUNCTION_NAME");
    check(
        &d,
        &format!("functions.{key}"),
        &format!(
            "Function \"{key}\" gets the function name \"my-service-dev-{key}\", which is not valid: it has 65 characters, more than 64."
        ),
    );
}

#[test]
fn invalid_service_name() {
    let mut svc = seed();
    svc.config_mut().service = "1service".into();
    let d = single(&svc, "INVALID_SERVICE_NAME");
    check(
        &d,
        "service",
        "Service name \"1service\" is not valid: it must start with a letter and contain at least two characters out of letters, digits and '-'.",
    );
}

#[test]
fn invalid_stage() {
    let mut svc = seed();
    svc.provider().stage("prod_eu");
    let d = single(&svc, "INVALID_SERVICE_NAME");
    check(&d, "provider.stage", "Stage \"prod_eu\" is not valid: it may contain only letters, digits and '-'.");
}

#[test]
fn invalid_region() {
    let mut svc = seed();
    svc.provider().region("us-east1");
    let d = single(&svc, "INVALID_REGION");
    check(&d, "provider.region", "Region \"us-east1\" is not an AWS region name (such as us-east-1 or eu-west-2).");
    for region in ["us-east-1", "eu-central-2", "us-gov-west-1", "ap-southeast-7", "eusc-de-east-1"] {
        svc.provider().region(region);
        assert!(!svc.validate().errors().any(|d| d.code == "INVALID_REGION"), "{region}");
    }
}

// ---------------------------------------------------------------- function properties

#[test]
fn function_property_limits() {
    let mut svc = seed();
    svc.provider().env("AWS_REGION", "x");
    svc.function(
        "p",
        Function::handler("h".repeat(129))
            .description("d".repeat(257))
            .env("1BAD", "x")
            .env("_HANDLER", "x")
            .env("A", "x")
            .env("GOOD_NAME", "x"),
    );
    svc.function("img", Function::image("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"));
    svc.function("pc", Function::handler("h").provisioned_concurrency(10).reserved_concurrency(5));
    let d = svc.validate();
    let got: Vec<(&str, &str, &str)> = d.errors().map(|d| (d.code, d.path.as_str(), d.message.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (
                "LAMBDA_INVALID_FUNCTION_PROPERTY",
                "functions.p.description",
                "The description of function \"p\" has 257 characters; at most 256 are allowed."
            ),
            (
                "LAMBDA_INVALID_FUNCTION_PROPERTY",
                "functions.p.handler",
                "The handler of function \"p\" has 129 characters; at most 128 are allowed."
            ),
            (
                "LAMBDA_INVALID_FUNCTION_PROPERTY",
                "functions.p.environment.1BAD",
                "Environment variable name \"1BAD\" is not valid: it must start with a letter, be at least two characters long and contain only letters, digits and '_'."
            ),
            (
                "LAMBDA_INVALID_FUNCTION_PROPERTY",
                "functions.p.environment._HANDLER",
                "Environment variable name \"_HANDLER\" is not valid: it must start with a letter, be at least two characters long and contain only letters, digits and '_'."
            ),
            (
                "LAMBDA_INVALID_FUNCTION_PROPERTY",
                "functions.p.environment.A",
                "Environment variable name \"A\" is not valid: it must start with a letter, be at least two characters long and contain only letters, digits and '_'."
            ),
            (
                "LAMBDA_INVALID_FUNCTION_PROPERTY",
                "functions.img.image",
                "The image \"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest\" of function \"img\" is not pinned by digest."
            ),
            (
                "LAMBDA_INVALID_FUNCTION_PROPERTY",
                "functions.pc.provisionedConcurrency",
                "provisionedConcurrency of function \"pc\" is 10, more than its reservedConcurrency 5."
            ),
            (
                "LAMBDA_INVALID_FUNCTION_PROPERTY",
                "provider.environment.AWS_REGION",
                "Environment variable name \"AWS_REGION\" is reserved by Lambda."
            ),
        ]
    );
}

// ---------------------------------------------------------------- warnings

#[test]
fn unused_capacity_provider_is_a_warning() {
    let mut svc = seed();
    svc.capacity_provider("spare", CapacityProvider::new());
    let d = svc.validate();
    assert!(!d.has_errors(), "{d}");
    let w: Vec<&Diagnostic> = d.warnings().collect();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].code, "LAMBDA_CAPACITY_PROVIDER_UNUSED");
    assert_eq!(w[0].severity, Severity::Warning);
    assert_eq!(w[0].path, "provider.capacityProviders.spare");
    assert_eq!(
        w[0].message,
        "Capacity provider \"spare\" is not used by any function, but it is still created (and launches instances)."
    );
}

#[test]
fn capacity_provider_used_through_get_att_is_not_unused() {
    let mut svc = seed();
    svc.capacity_provider("spare", CapacityProvider::new());
    svc.function(
        "g",
        Function::handler("h").capacity_provider(Intrinsic::get_att("SpareLambdaCapacityProvider", "Arn")),
    );
    assert!(svc.validate().is_empty(), "{}", svc.validate());
    let mut svc = seed();
    svc.capacity_provider("spare", CapacityProvider::new());
    svc.resources().resources.insert(
        "MyFn".into(),
        json!({"Type": "AWS::Lambda::Function", "Properties": {"CapacityProviderConfig": {"LambdaManagedInstancesCapacityProviderConfig": {"CapacityProviderArn": {"Fn::GetAtt": ["SpareLambdaCapacityProvider", "Arn"]}}}}}),
    );
    assert!(svc.validate().is_empty(), "{}", svc.validate());
}

#[test]
fn versions_disabled_is_a_warning() {
    let mut svc = seed();
    svc.provider().version_functions(false);
    let d = svc.validate();
    assert!(!d.has_errors());
    let w = d.find("LAMBDA_MANAGED_INSTANCES_VERSIONS_DISABLED").expect("warning");
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(w.path, "provider.versionFunctions");
    assert_eq!(w.message, "No version is published for 1 function(s) that run on capacity providers: api.");
    assert!(w.help.contains("published"), "{}", w.help);
    assert!(w.help.contains("Old versions"), "{}", w.help);
}

#[test]
fn version_function_false_on_one_function_is_a_warning_there() {
    let mut svc = seed();
    let f = svc.config_mut().functions.get_mut("api").unwrap();
    f.version_function = Some(false);
    let d = svc.validate();
    assert!(!d.has_errors(), "{d}");
    let w = d.find("LAMBDA_MANAGED_INSTANCES_VERSIONS_DISABLED").expect("warning");
    assert_eq!(w.path, "functions.api.versionFunction");
}

#[test]
fn deprecated_runtime_is_a_warning() {
    let mut svc = seed();
    svc.function("old", Function::handler("h").runtime(Runtime::Nodejs18x));
    let d = svc.validate();
    assert!(!d.has_errors(), "{d}");
    let w = d.find("LAMBDA_DEPRECATED_RUNTIME").expect("warning");
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(w.path, "functions.old.runtime");
    assert_eq!(w.message, "Function \"old\" uses runtime nodejs18.x, which AWS has deprecated.");
}

// ---------------------------------------------------------------- all at once

#[test]
fn every_problem_is_reported_in_order() {
    let mut svc = Service::new("my-service");
    svc.provider().runtime(Runtime::Nodejs24x).version_functions(false);
    let hm = svc.capacity_provider(
        "highMem",
        CapacityProvider::new().scaling(Scaling::auto().max_vcpu_count(5)).architecture(Architecture::Arm64),
    );
    svc.function("etl", Function::handler("h").memory_size(1024).capacity_provider(hm.with().max_concurrency(0)));
    svc.function("typo", Function::handler("h").capacity_provider(CapacityProviderRef::Name("highMen".into())));
    svc.function("slow", Function::handler("h").timeout(1000).runtime(Runtime::Python38));
    let d = svc.validate();
    let got: Vec<(&str, &str)> = d.iter().map(|d| (d.code, d.path.as_str())).collect();
    assert_eq!(
        got,
        vec![
            // the reference's capacity-provider rules
            ("LAMBDA_CAPACITY_PROVIDER_MISSING_VPC", "provider.capacityProviders.highMem.vpc"),
            // then the reference's function rules
            ("LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY_SIZE", "functions.etl.memorySize"),
            // then stackwright's stricter rules: capacity providers, then functions
            (
                "LAMBDA_CAPACITY_PROVIDER_INVALID_MAX_VCPU_COUNT",
                "provider.capacityProviders.highMem.scaling.maxVCpuCount"
            ),
            ("LAMBDA_MANAGED_INSTANCES_INVALID_MAX_CONCURRENCY", "functions.etl.capacityProvider.maxConcurrency"),
            ("LAMBDA_MANAGED_INSTANCES_ARCHITECTURE_MISMATCH", "functions.etl.architecture"),
            ("LAMBDA_CAPACITY_PROVIDER_UNDEFINED", "functions.typo.capacityProvider"),
            ("LAMBDA_INVALID_TIMEOUT", "functions.slow.timeout"),
            ("LAMBDA_MANAGED_INSTANCES_VERSIONS_DISABLED", "provider.versionFunctions"),
            ("LAMBDA_DEPRECATED_RUNTIME", "functions.slow.runtime"),
        ]
    );
    assert_eq!(d.errors().count(), 7);
    assert_eq!(d.warnings().count(), 2);
}

#[test]
fn null_capacity_provider_entry_is_an_empty_config() {
    let mut svc = seed();
    svc.config_mut().provider.capacity_providers.insert("highMem".into(), Default::default());
    svc.function("etl", Function::handler("h").capacity_provider(CapacityProviderRef::Name("highMem".into())));
    assert!(svc.validate().is_empty(), "{}", svc.validate());
}

#[test]
fn every_code_used_here_is_declared() {
    for code in [
        "LAMBDA_CAPACITY_PROVIDER_UNDEFINED",
        "LAMBDA_MANAGED_INSTANCES_MEMORY_BELOW_ONE_VCPU",
        "TEMPLATE_TOO_MANY_RESOURCES",
        "UNRESOLVED_REFERENCE",
    ] {
        assert!(codes::ALL.contains(&code), "{code}");
    }
}

#[test]
fn reference_error_comes_first_even_after_a_stricter_one() {
    // `first` (nodejs20.x by default: not supported on capacity providers) precedes `second`
    // (memory 1024: the reference's rule 4); the reference reports rule 4, and so must the first error.
    let mut svc = Service::new("my-service");
    svc.provider().vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
    let pool = svc.default_capacity_provider();
    svc.function("first", Function::handler("h").capacity_provider(&pool));
    svc.function(
        "second",
        Function::handler("h").runtime(Runtime::Nodejs24x).memory_size(1024).capacity_provider(&pool),
    );
    let d = svc.validate();
    let first = d.errors().next().unwrap();
    assert_eq!(first.code, "LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY_SIZE");
    assert_eq!(
        first.message,
        "Functions using capacityProvider must have memory size at least 2048 MB; received 1024 for function \"second\"."
    );
    assert_eq!(d.errors().nth(1).unwrap().code, "LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_RUNTIME");
}

// ---------------------------------------------------------------- artifacts: one cause, one error

/// Functions on no capacity provider (so that only the artifact rules speak), runtime `runtime`.
fn without_artifacts(runtime: Runtime, keys: &[&str]) -> Service {
    let mut svc = Service::new("my-service");
    svc.provider().runtime(runtime);
    for key in keys {
        svc.function(*key, Function::handler(format!("handler.{key}")));
    }
    svc
}

fn artifact_errors(svc: &Service) -> Vec<Diagnostic> {
    svc.check().errors().filter(|d| d.code == "ARTIFACT_ERROR").cloned().collect()
}

#[test]
fn functions_without_an_artifact_are_one_error_naming_them_all() {
    let svc = without_artifacts(Runtime::Nodejs24x, &["a", "b", "c", "d", "e", "f"]);
    let errors = artifact_errors(&svc);
    assert_eq!(errors.len(), 1, "{errors:?}");
    check(
        &errors[0],
        "functions",
        "6 functions have no artifact: \"a\", \"b\", \"c\", \"d\", \"e\" and \"f\"; set package.artifact (or \
         functions.<name>.package.artifact) to a zip file, or let stackwright build it",
    );
    // Node.js: stackwright packages it; nothing about cargo-lambda.
    assert!(errors[0].help.starts_with("run `stackwright package` (or `stackwright deploy`, which packages first"));
    assert!(!errors[0].help.contains("cargo"), "{}", errors[0].help);

    let one = artifact_errors(&without_artifacts(Runtime::Python313, &["api"]));
    check(
        &one[0],
        "functions.api",
        "function \"api\" has no artifact; set package.artifact (or functions.<name>.package.artifact) to a zip \
         file, or let stackwright build it",
    );
    assert!(one[0].help.contains("stackwright package") && !one[0].help.contains("cargo"), "{}", one[0].help);
}

#[test]
fn the_help_for_a_missing_artifact_fits_the_runtime() {
    let rust = artifact_errors(&without_artifacts(Runtime::ProvidedAl2023, &["api"]));
    assert!(rust[0].help.starts_with("for a Rust function build the zip with `cargo lambda build"), "{}", rust[0].help);
    assert!(!rust[0].help.contains("stackwright package`:"), "{}", rust[0].help);
    let java = artifact_errors(&without_artifacts(Runtime::Java21, &["api"]));
    assert!(java[0].help.starts_with("for Java or .NET build the deployment zip"), "{}", java[0].help);
    assert!(!java[0].help.contains("cargo"), "{}", java[0].help);

    // Mixed runtimes: one error, each runtime's way once.
    let mut mixed = without_artifacts(Runtime::Nodejs24x, &["web"]);
    mixed.function("native", Function::handler("bootstrap").runtime(Runtime::ProvidedAl2023));
    let errors = artifact_errors(&mixed);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].message.starts_with("2 functions have no artifact: \"web\" and \"native\""),
        "{}",
        errors[0].message
    );
    assert!(errors[0].help.contains("stackwright package") && errors[0].help.contains("cargo lambda"));

    // An image function needs no zip: no artifact error at all.
    let mut image = Service::new("my-service");
    image.function("img", Function::image("123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:abc"));
    assert!(artifact_errors(&image).is_empty(), "{}", image.check());
}

#[test]
fn a_missing_zip_shared_by_functions_is_one_error_naming_them() {
    let mut svc = without_artifacts(Runtime::Nodejs24x, &["a", "b", "c"]);
    svc.package_artifact("dist/none.zip");
    let errors: Vec<Diagnostic> = match svc.synth() {
        Ok(_) => panic!("dist/none.zip does not exist"),
        Err(d) => d.errors().filter(|d| d.code == "ARTIFACT_ERROR").cloned().collect(),
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].path, "package.artifact");
    assert!(errors[0].message.starts_with("cannot read artifact dist/none.zip: "), "{}", errors[0].message);
    assert!(errors[0].message.ends_with("(the code of 3 functions: \"a\", \"b\" and \"c\")"), "{}", errors[0].message);
    assert!(errors[0].help.starts_with("build the zip, or remove package.artifact"), "{}", errors[0].help);
}
