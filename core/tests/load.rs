//! Loading serverless.json: the conformance inputs load, and every kind of problem is reported
//! with its code and path, all at once.

use std::path::Path;

use stackwright_core::model::{CapacityProviderConfig, FunctionVpc};
use stackwright_core::{CapacityProviderRef, Diagnostics, Expr, MemoryPerVCpu, Service, Severity};

fn load(json: &str) -> Service {
    Service::from_json_str(json).unwrap_or_else(|e| panic!("expected to load, got:\n{e}"))
}

/// The loader's diagnostics (validation also runs on the rest of a config that failed to load).
fn errors(json: &str) -> Diagnostics {
    const LOADER_CODES: [&str; 3] = [
        "LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY",
        "LAMBDA_CAPACITY_PROVIDER_INVALID_SCALING_MODE",
        "LAMBDA_CAPACITY_PROVIDER_INVALID_REFERENCE",
    ];
    // Unknown keys are warnings (as with the reference's default `configValidationMode: warn`).
    match Service::from_json_str(json).map(|s| s.check()) {
        Ok(all) if !all.iter().any(|d| d.code == "CONFIG_UNKNOWN_KEY") => panic!("expected errors for {json}"),
        Ok(all) | Err(all) => {
            let mut loaded = Diagnostics::new();
            for d in all.into_iter().filter(|d| d.code.starts_with("CONFIG_") || LOADER_CODES.contains(&d.code)) {
                loaded.push(d);
            }
            loaded
        }
    }
}

/// Wraps function settings into a minimal service.
fn with_function(function: &str) -> String {
    format!(r#"{{"service": "s", "provider": {{"name": "aws"}}, "functions": {{"api": {function}}}}}"#)
}

/// Wraps provider settings (beside `name: aws`) into a minimal service.
fn with_provider(settings: &str) -> String {
    format!(r#"{{"service": "s", "provider": {{"name": "aws", {settings}}}}}"#)
}

#[test]
fn every_public_conformance_input_loads() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/conformance/public"));
    let Ok(entries) = std::fs::read_dir(dir) else {
        println!("note: {} not found; skipping", dir.display());
        return;
    };
    let mut count = 0;
    for entry in entries.flatten() {
        let case = entry.path();
        let Ok(json) = std::fs::read_to_string(case.join("serverless.json")) else {
            continue;
        };
        count += 1;
        let expected_error = std::fs::read_to_string(case.join("expected-error-code.txt")).ok();
        match (Service::from_json_str(&json), expected_error) {
            (Ok(_), _) => {}
            // A case whose expected error the loader already detects must fail with that code only.
            (Err(e), Some(code)) => {
                assert!(e.errors().all(|d| d.code == code.trim()), "{}:\n{e}", case.display());
            }
            (Err(e), None) => panic!("{} failed to load:\n{e}", case.display()),
        }
    }
    assert!(count > 0, "no cases in {}", dir.display());
}

#[test]
fn unknown_key_suggests_the_closest_key() {
    let err = errors(&with_function(r#"{"handlr": "h"}"#));
    let d = err.find("CONFIG_UNKNOWN_KEY").unwrap();
    assert_eq!(d.path, "functions.api.handlr");
    assert_eq!(d.message, "unknown key `handlr` in functions.api; did you mean `handler`?");
    assert_eq!(d.severity, stackwright_core::Severity::Warning);
    assert!(d.help.starts_with("stackwright ignores it, as Serverless Framework does unless"), "{}", d.help);
    assert!(err.to_string().contains("did you mean `handler`"));

    let err = errors(r#"{"service": "s", "provder": {"name": "aws"}}"#);
    let d = err.find("CONFIG_UNKNOWN_KEY").unwrap();
    assert_eq!(d.message, "unknown key `provder` in the top level; did you mean `provider`?");

    let err = errors(&with_provider(r#""capacityProviders": {"p": {"scaling": {"maxVcpuCount": 20}}}"#));
    let d = err.find("CONFIG_UNKNOWN_KEY").unwrap();
    assert_eq!(d.path, "provider.capacityProviders.p.scaling.maxVcpuCount");
    assert!(d.message.contains("did you mean `maxVCpuCount`"), "{}", d.message);
}

#[test]
fn a_key_of_an_older_framework_says_where_it_went() {
    let err = errors(&with_provider(r#""apiKeys": ["k"], "variableSyntax": "x""#));
    let found: Vec<(&str, &str)> = err.iter().map(|d| (d.path.as_str(), d.message.as_str())).collect();
    assert_eq!(
        found,
        [
            (
                "provider.apiKeys",
                "unknown key `apiKeys` in provider; Serverless Framework v3 moved it to `provider.apiGateway.apiKeys`, \
                 so it has no effect here"
            ),
            (
                "provider.variableSyntax",
                "unknown key `variableSyntax` in provider; Serverless Framework v3 removed it (variables are always \
                 `${...}`), so it has no effect here"
            ),
        ]
    );
    let d = err.find("CONFIG_UNKNOWN_KEY").unwrap();
    assert_eq!(d.severity, stackwright_core::Severity::Warning);
    assert!(
        d.help.ends_with("move it under `provider.apiGateway`: the API keys are not created otherwise"),
        "{}",
        d.help
    );

    let err = errors(r#"{"service": "s", "provider": {"name": "aws"}, "environment": {"A": "a"}}"#);
    let d = err.find("CONFIG_UNKNOWN_KEY").unwrap();
    assert_eq!(
        d.message,
        "unknown key `environment` in the top level; it belongs under `provider` (or a function), so it has no effect here"
    );
    assert!(d.help.ends_with("move it to `provider.environment`: the functions get none of these variables otherwise"));

    // Each entry of the table, by where it is written.
    for (json, path, went) in [
        (
            with_provider(r#""usagePlan": {}"#),
            "provider.usagePlan",
            "Serverless Framework v3 moved it to `provider.apiGateway.usagePlan`",
        ),
        (
            with_provider(r#""resourcePolicy": []"#),
            "provider.resourcePolicy",
            "Serverless Framework v3 moved it to `provider.apiGateway.resourcePolicy`",
        ),
        (
            r#"{"service": "s", "provider": {"name": "aws"}, "iamRoleStatements": []}"#.into(),
            "iamRoleStatements",
            "it belongs under `provider`",
        ),
        (
            r#"{"service": "s", "provider": {"name": "aws"}, "stage": "dev"}"#.into(),
            "stage",
            "it belongs under `provider`",
        ),
        (
            r#"{"service": "s", "provider": {"name": "aws"}, "region": "eu-west-1"}"#.into(),
            "region",
            "it belongs under `provider`",
        ),
        (
            r#"{"service": "s", "provider": {"name": "aws"}, "name": "s"}"#.into(),
            "name",
            "the service's name is `service`",
        ),
        (
            with_function(r#"{"handler": "h", "events": [{"httpApi": {"path": "/", "method": "get", "cors": true}}]}"#),
            "functions.api.events[0].httpApi.cors",
            "an HTTP API's CORS is set for the whole API",
        ),
        (
            with_function(r#"{"handler": "h", "events": [{"http": {"path": "/", "method": "get", "cros": true}}]}"#),
            "functions.api.events[0].http.cros",
            "it reads as a misspelt `cors`",
        ),
        (
            with_function(
                r#"{"handler": "h", "events": [{"http": {"path": "/", "method": "get", "memorySize": 256}}]}"#,
            ),
            "functions.api.events[0].http.memorySize",
            "the memory size is the function's, not its event's",
        ),
        (
            with_function(r#"{"handler": "h", "authorizer": "auth"}"#),
            "functions.api.authorizer",
            "an authorizer is set on each `http` or `httpApi` event",
        ),
        (
            with_function(r#"{"handler": "h", "region": "eu-west-1"}"#),
            "functions.api.region",
            "a service puts all its functions in one region, `provider.region`",
        ),
        (
            with_provider(r#""cfLogs": true"#),
            "provider.cfLogs",
            "Serverless Framework 1.x removed it (the functions' log groups are always in the template)",
        ),
        (
            with_provider(r#""http": {"cors": true}"#),
            "provider.http",
            "the HTTP API's settings are `provider.httpApi` (the REST API's `provider.apiGateway`)",
        ),
        (with_provider(r#""plugins": ["serverless-offline"]"#), "provider.plugins", "`plugins` is a top-level key"),
        (with_provider(r#""custom": {"a": 1}"#), "provider.custom", "`custom` is a top-level key"),
        (with_provider(r#""include": ["src/**"]"#), "provider.include", "the files to package are `package.patterns`"),
        (with_provider(r#""exclude": ["test/**"]"#), "provider.exclude", "the files to package are `package.patterns`"),
        (
            r#"{"service": "s", "provider": {"name": "aws"}, "Resources": {}}"#.into(),
            "Resources",
            "a service's own CloudFormation resources go under `resources`",
        ),
        (
            r#"{"service": "s", "provider": {"name": "aws"}, "Outputs": {}}"#.into(),
            "Outputs",
            "a service's own CloudFormation outputs go under `resources`",
        ),
        (
            r#"{"service": "s", "provider": {"name": "aws"}, "include": ["src/**"]}"#.into(),
            "include",
            "the files to package are `package.patterns`",
        ),
        (with_provider(r#""cors": true"#), "provider.cors", "a REST API's CORS is set on each `http` event"),
        (
            with_function(
                r#"{"handler": "h", "events": [{"http": {"path": "c/{id}", "method": "get", "request": {"parameters": {"paths": null, "id": true}}}}]}"#,
            ),
            "functions.api.events[0].http.request.parameters.id",
            "a request parameter is listed under `paths`, `querystrings` or `headers`",
        ),
    ] {
        let err = errors(&json);
        let d = err.find("CONFIG_UNKNOWN_KEY").unwrap();
        assert_eq!(d.path, path);
        assert!(d.message.ends_with(&format!("; {went}, so it has no effect here")), "{}", d.message);
        assert_eq!(d.severity, stackwright_core::Severity::Warning);
    }

    let err = errors(&with_function(r#"{"handler": "h", "memory": 2048}"#));
    let d = err.find("CONFIG_UNKNOWN_KEY").unwrap();
    assert_eq!(d.path, "functions.api.memory");
    assert!(d.help.contains("rename it to `memorySize`"), "{}", d.help);
}

#[test]
fn a_key_of_an_unlisted_rejected_plugin_names_the_plugin() {
    let err = errors(&with_function(r#"{"handler": "h", "deadLetter": {"sqs": "dlq"}}"#));
    let d = err.find("CONFIG_UNKNOWN_KEY").unwrap();
    assert_eq!(d.path, "functions.api.deadLetter");
    assert_eq!(
        d.message,
        "`deadLetter` is a key of the plugin serverless-plugin-lambda-dead-letter, which `plugins` does not list"
    );
    assert!(d.help.contains("give the function `onError: <SNS topic ARN>`"), "{}", d.help);
}

/// Serverless Framework v4's agents (`ai`) write Bedrock AgentCore resources: a template without
/// them is not the framework's, so the key is rejected rather than ignored.
#[test]
fn v4_agents_are_rejected_not_ignored() {
    let err = errors(r#"{"service": "s", "provider": {"name": "aws"}, "ai": {"tools": {}}}"#);
    let d = err.find("CONFIG_UNSUPPORTED_KEY").unwrap();
    assert_eq!(d.path, "ai");
    assert_eq!(d.message, "`ai` is not supported by stackwright yet");
    assert_eq!(d.severity, stackwright_core::Severity::Error);
    assert!(d.help.contains("`AWS::BedrockAgentCore::*`"), "{}", d.help);
}

#[test]
fn unsupported_keys_are_named() {
    let err = errors(&with_function(r#"{"handler": "h", "iamRoleStatements": []}"#));
    let d = err.find("CONFIG_UNSUPPORTED_KEY").unwrap();
    assert_eq!(d.path, "functions.api.iamRoleStatements");
    assert_eq!(
        d.message,
        "`iamRoleStatements` without the plugin serverless-iam-roles-per-function is not supported by stackwright"
    );
    assert!(d.help.contains("provider.iam.role.statements"), "{}", d.help);

    let err = errors(&with_function(r#"{"handler": "h", "events": [{"iotFleetProvisioning": {"templateBody": {}}}]}"#));
    let d = err.find("CONFIG_UNSUPPORTED_KEY").unwrap();
    assert_eq!(d.path, "functions.api.events[0].iotFleetProvisioning");
    assert_eq!(d.message, "`iotFleetProvisioning` events are not supported by stackwright yet");

    let err = errors(
        r#"{"service": "s", "provider": {"name": "aws", "timezone": "UTC"}, "functions": {"f": {"handler": "h", "tenancy": {}}}}"#,
    );
    let paths: Vec<&str> = err.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["provider.timezone", "functions.f.tenancy"]);
    assert!(err.iter().all(|d| d.code == "CONFIG_UNSUPPORTED_KEY"));
}

#[test]
fn malformed_json_reports_line_and_column() {
    let err = errors("{\n  \"service\": \"s\",\n  \"provider\": {\"name\": \"aws\",}\n}");
    assert_eq!(err.len(), 1);
    let d = err.find("CONFIG_PARSE_ERROR").unwrap();
    assert!(d.message.starts_with("invalid JSON at line 3, column "), "{}", d.message);
}

#[test]
fn memory_per_vcpu_uses_the_reference_message() {
    for (value, shown) in [("3", "3"), ("0", "0"), ("\"4\"", "4"), ("2.5", "2.5")] {
        let err = errors(&with_function(&format!(
            r#"{{"handler": "h", "capacityProvider": {{"name": "default", "memoryPerVCpu": {value}}}}}"#
        )));
        assert_eq!(err.len(), 1, "{err}");
        let d = err.find("LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY").unwrap();
        assert_eq!(d.path, "functions.api.capacityProvider.memoryPerVCpu");
        assert_eq!(
            d.message,
            format!(r#"Invalid "memoryPerVCpu" value {shown} for function "api". Supported values are: 2, 4, 8."#)
        );
    }
    let svc = load(&with_function(r#"{"handler": "h", "capacityProvider": {"name": "default", "memoryPerVCpu": 8}}"#));
    let Some(CapacityProviderRef::Config(cp)) = &svc.config().functions["api"].capacity_provider else { panic!() };
    assert_eq!(cp.memory_per_vcpu, Some(MemoryPerVCpu::Gib8));
}

#[test]
fn mixed_intrinsic_capacity_provider_is_an_error() {
    let err = errors(&with_function(r#"{"handler": "h", "capacityProvider": {"name": "x", "Ref": "Cp"}}"#));
    let d = err.find("LAMBDA_CAPACITY_PROVIDER_INVALID_REFERENCE").unwrap();
    assert_eq!(d.path, "functions.api.capacityProvider");
    assert_eq!(err.len(), 1);
}

#[test]
fn capacity_provider_forms() {
    let cp = |json: &str| load(&with_function(json)).config().functions["api"].capacity_provider.clone();
    assert_eq!(
        cp(r#"{"handler": "h", "capacityProvider": "highMem"}"#),
        Some(CapacityProviderRef::Name("highMem".into()))
    );
    assert_eq!(cp(r#"{"handler": "h", "capacityProvider": 5}"#), Some(CapacityProviderRef::Name("5".into())));
    assert_eq!(cp(r#"{"handler": "h", "capacityProvider": null}"#), None);
    assert_eq!(cp(r#"{"handler": "h", "capacityProvider": false}"#), None);
    assert_eq!(cp(r#"{"handler": "h", "capacityProvider": ""}"#), None);
    let Some(CapacityProviderRef::Intrinsic(i)) =
        cp(r#"{"handler": "h", "capacityProvider": {"Fn::ImportValue": "x"}}"#)
    else {
        panic!()
    };
    assert_eq!(i.name(), "Fn::ImportValue");
    // Missing name is left to validation (LAMBDA_MANAGED_INSTANCES_MISSING_NAME).
    let Some(CapacityProviderRef::Config(c)) = cp(r#"{"handler": "h", "capacityProvider": {"maxConcurrency": 4}}"#)
    else {
        panic!()
    };
    assert_eq!((c.name, c.max_concurrency), (None, Some(4)));

    // maxConcurrency is not coerced from a string in the object form.
    let err = errors(&with_function(r#"{"handler": "h", "capacityProvider": {"name": "a", "maxConcurrency": "8"}}"#));
    assert_eq!(err.find("CONFIG_INVALID_VALUE").unwrap().path, "functions.api.capacityProvider.maxConcurrency");
}

#[test]
fn null_capacity_provider_entry_is_default_config() {
    let svc = load(&with_provider(r#""capacityProviders": {"highMem": null, "other": {}}"#));
    let cps = &svc.config().provider.capacity_providers;
    assert_eq!(cps.keys().collect::<Vec<_>>(), ["highMem", "other"]);
    assert_eq!(cps["highMem"], CapacityProviderConfig::default());
}

#[test]
fn strings_are_coerced_to_one_item_lists() {
    let svc = load(&with_provider(
        r#""vpc": {"subnetIds": "subnet-1", "securityGroupIds": ["sg-1", {"Ref": "Sg"}]},
           "capacityProviders": {"p": {
             "vpc": {"subnetIds": {"Fn::Split": [",", {"Ref": "Subnets"}]}, "securityGroupIds": "sg-2"},
             "instanceRequirements": {"allowedInstanceTypes": "r7g.large", "architectures": "arm64"},
             "scaling": {"mode": "MANUAL", "maxVCpuCount": "100", "policies": [{"predefinedMetricType": "LambdaCapacityProviderAverageCPUUtilization", "targetValue": "70"}]}
           }}"#,
    ));
    let p = &svc.config().provider;
    let vpc = p.vpc.as_ref().unwrap();
    assert_eq!(vpc.subnet_ids, Some(Expr::List(vec!["subnet-1".into()])));
    assert_eq!(vpc.security_group_ids.as_ref().unwrap().to_json(), serde_json::json!(["sg-1", {"Ref": "Sg"}]));
    let cp = &p.capacity_providers["p"];
    let cp_vpc = cp.vpc.as_ref().unwrap();
    assert_eq!(cp_vpc.security_group_ids, Some(Expr::List(vec!["sg-2".into()])));
    assert_eq!(
        cp_vpc.subnet_ids.as_ref().unwrap().to_json(),
        serde_json::json!({"Fn::Split": [",", {"Ref": "Subnets"}]})
    );
    let ir = cp.instance_requirements.as_ref().unwrap();
    assert_eq!(ir.allowed_instance_types, ["r7g.large"]);
    assert_eq!(ir.architectures, [stackwright_core::Architecture::Arm64]);
    let scaling = cp.scaling.as_ref().unwrap();
    assert_eq!(scaling.mode, Some(stackwright_core::ScalingMode::Manual));
    assert_eq!(scaling.max_vcpu_count, Some(100));
    assert_eq!(scaling.policies[0].target_value, 70.0);
}

#[test]
fn get_att_dotted_form() {
    let svc = load(&with_function(r#"{"handler": "h", "capacityProvider": {"Fn::GetAtt": "Pool.Arn"}}"#));
    let Some(CapacityProviderRef::Intrinsic(i)) = &svc.config().functions["api"].capacity_provider else { panic!() };
    assert_eq!(i.to_json(), serde_json::json!({"Fn::GetAtt": ["Pool", "Arn"]}));
}

#[test]
fn many_errors_are_reported_at_once() {
    let err = errors(
        r#"{
          "provider": {"name": "aws", "runtime": "nodejs22x", "memorySize": "lots", "timezone": "UTC"},
          "functions": {
            "a": {"handler": "h", "timeout": -1, "capacityProvider": {"name": "p", "memoryPerVCpu": 3}},
            "b": {"handlr": "h", "architecture": "arm"}
          },
          "resources": {"Resources": {"Bucket": {"Properties": {}}}}
        }"#,
    );
    let codes: Vec<(&str, &str)> = err.iter().map(|d| (d.code, d.path.as_str())).collect();
    assert_eq!(
        codes,
        [
            // The reference's own rule first, as the reference would report it.
            ("LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY", "functions.a.capacityProvider.memoryPerVCpu"),
            ("CONFIG_MISSING_KEY", "service"),
            ("CONFIG_UNSUPPORTED_KEY", "provider.timezone"),
            ("CONFIG_INVALID_VALUE", "provider.runtime"),
            ("CONFIG_INVALID_VALUE", "provider.memorySize"),
            ("CONFIG_INVALID_VALUE", "functions.a.timeout"),
            ("CONFIG_UNKNOWN_KEY", "functions.b.handlr"),
            ("CONFIG_INVALID_VALUE", "functions.b.architecture"),
            ("CONFIG_MISSING_KEY", "resources.Resources.Bucket.Type"),
        ]
    );
    assert!(err.len() >= 3);
    assert!(err.iter().any(|d| d.message.contains("did you mean `nodejs22.x`")), "{err}");
    assert!(err.iter().any(|d| d.message == "expected an integer, found a string (\"lots\")"), "{err}");
}

#[test]
fn function_vpc_false_or_null_disables() {
    for v in ["false", "null"] {
        let svc = load(&with_function(&format!(r#"{{"handler": "h", "vpc": {v}}}"#)));
        assert!(matches!(svc.config().functions["api"].vpc, Some(FunctionVpc::Disabled(_))));
    }
    let err = errors(&with_provider(
        r#""capacityProviders": {"p": {"vpc": {"subnetIds": ["s"], "securityGroupIds": ["g"], "ipv6AllowedForDualStack": true}}}"#,
    ));
    assert_eq!(err.len(), 1);
    let d = err.find("CONFIG_UNKNOWN_KEY").unwrap();
    assert_eq!(d.path, "provider.capacityProviders.p.vpc.ipv6AllowedForDualStack");
    let svc = load(&with_provider(
        r#""vpc": {"subnetIds": ["s"], "securityGroupIds": ["g"], "ipv6AllowedForDualStack": true}"#,
    ));
    assert_eq!(svc.config().provider.vpc.as_ref().unwrap().ipv6_allowed_for_dual_stack, Some(true));
}

#[test]
fn scaling_mode_and_metric_type_errors() {
    let err = errors(&with_provider(
        r#""capacityProviders": {"p": {"scaling": {"mode": "predictive", "policies": [{"predefinedMetricType": "CPU"}, {"targetValue": 50}]}}}"#,
    ));
    let mode = err.find("LAMBDA_CAPACITY_PROVIDER_INVALID_SCALING_MODE").unwrap();
    assert_eq!(mode.message, "invalid scaling mode \"predictive\"; allowed: auto, manual");
    let paths: Vec<(&str, &str)> = err.iter().map(|d| (d.code, d.path.as_str())).collect();
    assert!(
        paths.contains(&(
            "CONFIG_INVALID_VALUE",
            "provider.capacityProviders.p.scaling.policies[0].predefinedMetricType"
        ))
    );
    assert!(paths.contains(&("CONFIG_MISSING_KEY", "provider.capacityProviders.p.scaling.policies[0].targetValue")));
    assert!(
        paths
            .contains(&("CONFIG_MISSING_KEY", "provider.capacityProviders.p.scaling.policies[1].predefinedMetricType"))
    );
    assert_eq!(err.len(), 4);
}

#[test]
fn environment_and_provider_scalars() {
    let svc = load(&with_provider(
        r#""stage": "prod", "region": "eu-west-1", "memorySize": "4096", "timeout": 30, "versionFunctions": false,
           "deploymentBucket": {"name": "b"}, "environment": {"N": 5, "B": true, "S": "x", "R": {"Ref": "P"}, "Z": null}"#,
    ));
    let p = &svc.config().provider;
    assert_eq!((p.memory_size, p.timeout, p.version_functions), (Some(4096), Some(30), Some(false)));
    assert_eq!(p.deployment_bucket.as_deref(), Some("b"));
    let env = p.environment.as_ref().unwrap();
    assert_eq!(env.keys().collect::<Vec<_>>(), ["N", "B", "S", "R", "Z"]);
    assert_eq!(env["N"], Some(Expr::Str("5".into())));
    assert_eq!(env["B"], Some(Expr::Str("true".into())));
    assert_eq!(env["Z"], None);

    let err =
        errors(&with_provider(r#""name": "aws", "deploymentBucket": {"name": "b", "codeStorageMode": "reference"}"#));
    assert_eq!(err.find("CONFIG_UNSUPPORTED_KEY").unwrap().path, "provider.deploymentBucket.codeStorageMode");
    let err = errors(r#"{"service": "s", "provider": {"name": "azure"}}"#);
    assert_eq!(err.find("CONFIG_INVALID_VALUE").unwrap().path, "provider.name");
}

#[test]
fn resources_keep_raw_values_in_order() {
    let svc = load(
        r#"{"service": "s", "provider": {"name": "aws"}, "resources": {
            "Resources": {"Z": {"Type": "AWS::S3::Bucket"}, "A": {"Type": "AWS::SNS::Topic", "Properties": {"X": 1},
              "DependsOn": "Z"}},
            "Outputs": {"O": {"Value": {"Ref": "Z"}}}, "Description": "d"}}"#,
    );
    let r = &svc.config().resources;
    assert_eq!(r.resources.keys().collect::<Vec<_>>(), ["Z", "A"]);
    assert_eq!(r.resources["A"]["Properties"]["X"], 1);
    // One name is a list of one, as the reference's schema coerces it.
    assert_eq!(r.resources["A"]["DependsOn"], serde_json::json!(["Z"]));
    assert_eq!(r.description.as_deref(), Some("d"));
    // `Transform`, `Metadata` and `Rules` are kept as written (one macro name as a list of one,
    // as the reference's schema makes it), in the order written with the other trailing sections.
    let svc = load(
        r#"{"service": "s", "provider": {"name": "aws"}, "resources": {"Transform": "AWS::Serverless-2016-10-31",
            "Mappings": {"M": {"k": {"v": 1}}}, "Metadata": {"Note": {}}}}"#,
    );
    let r = &svc.config().resources;
    assert_eq!(r.sections["Transform"], serde_json::json!(["AWS::Serverless-2016-10-31"]));
    assert_eq!(r.section_order, ["Transform", "Mappings", "Metadata"]);
    // `Rules`, outside the reference's schema, is merged as there, with a warning.
    let rules = r#"{"service": "s", "provider": {"name": "aws"}, "resources": {"Rules": {"R": {"Assertions": []}}}}"#;
    let svc = load(rules);
    assert_eq!(svc.config().resources.sections["Rules"], serde_json::json!({"R": {"Assertions": []}}));
    let d = svc.check();
    let w = d.iter().find(|d| d.path == "resources.Rules").expect("a warning");
    assert_eq!((w.severity, w.code), (Severity::Warning, "CONFIG_UNKNOWN_KEY"));
    let err = errors(
        r#"{"service": "s", "provider": {"name": "aws"}, "resources": {"Transform": {"Name": "AWS::Include"}}}"#,
    );
    let d = err.find("CONFIG_INVALID_VALUE").unwrap();
    assert_eq!(
        (d.path.as_str(), d.message.as_str()),
        ("resources.Transform", "expected a macro name, or a list of macro names, found an object with keys `Name`")
    );
    // The template's own format version is accepted (the reference merges it over the same
    // value); another is CloudFormation's error.
    let svc = load(
        r#"{"service": "s", "provider": {"name": "aws"}, "resources": {"AWSTemplateFormatVersion": "2010-09-09"}}"#,
    );
    assert!(svc.config().resources.is_empty());
    let err = errors(
        r#"{"service": "s", "provider": {"name": "aws"}, "resources": {"AWSTemplateFormatVersion": "2011-01-01"}}"#,
    );
    let d = err.find("CONFIG_INVALID_VALUE").unwrap();
    assert_eq!(
        (d.path.as_str(), d.message.as_str()),
        (
            "resources.AWSTemplateFormatVersion",
            "CloudFormation knows only the format version \"2010-09-09\"; found a string (\"2011-01-01\")"
        )
    );
}

/// `provider.ecr` builds the images functions name, with Docker, which stackwright does not: an
/// error when a function names one, a warning that it changes nothing when none does.
#[test]
fn ecr_matters_only_when_a_function_names_an_image() {
    let config = |image: &str| {
        format!(
            r#"{{"service": "s", "provider": {{"name": "aws", "ecr": {{"images": {{"api": {{"path": "."}}}}}}}},
                 "functions": {{"f": {image}}}}}"#
        )
    };
    let found = |text: &str| -> Vec<(Severity, &'static str, String)> {
        let d = match Service::from_json_str(text) {
            Ok(svc) => svc.check(),
            Err(d) => d,
        };
        d.iter().filter(|d| d.path == "provider.ecr").map(|d| (d.severity, d.code, d.message.clone())).collect()
    };
    let unused = found(&config(r#"{"handler": "h.f", "package": {"artifact": "a.zip"}}"#));
    assert_eq!(
        unused,
        [(
            Severity::Warning,
            "CONFIG_NO_EFFECT",
            "no function names an image of `provider.ecr`, so no image is built: it has no effect".to_string()
        )]
    );
    // Image URIs, as the reference's isEcrUri tells them from names: no image of `ecr` named.
    let digest = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    for uri in [format!("app@sha256:{digest}"), "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest".to_string()] {
        let d = found(&config(&format!(r#"{{"image": "{uri}"}}"#)));
        assert_eq!(d.iter().map(|d| d.1).collect::<Vec<_>>(), ["CONFIG_NO_EFFECT"], "{uri}");
    }
    for named in [r#"{"image": "api"}"#, r#"{"image": {"name": "api"}}"#] {
        let d = found(&config(named));
        assert_eq!(d.len(), 1, "{named}: {d:?}");
        assert_eq!((d[0].0, d[0].1), (Severity::Error, "CONFIG_UNSUPPORTED_KEY"), "{named}");
    }
}

#[test]
fn package_and_function_fields() {
    let svc = load(&with_function(
        r#"{"handler": "h", "name": "n", "description": "d", "runtime": "python3.13", "reservedConcurrency": 2,
            "package": {"artifact": "dist/a.zip", "individually": true},
            "fileSystemConfig": {"arn": {"Fn::GetAtt": ["Ap", "Arn"]}, "localMountPath": "/mnt/efs"}}"#,
    ));
    let f = &svc.config().functions["api"];
    assert_eq!(f.package.artifact.as_ref().unwrap().path, Path::new("dist/a.zip"));
    assert_eq!(f.package.individually, Some(true));
    assert_eq!(f.runtime, Some(stackwright_core::Runtime::Python313));
    assert_eq!(f.file_system_config.as_ref().unwrap().local_mount_path, "/mnt/efs");
}

#[test]
fn odd_inputs_never_panic() {
    for json in [
        "null",
        "\"s\"",
        "{}",
        r#"{"service": null, "provider": null, "functions": null}"#,
        r#"{"service": "s", "provider": [], "functions": []}"#,
        r#"{"service": "s", "provider": {"name": "aws", "capacityProviders": []}, "functions": {"a": null}}"#,
        r#"{"service": {"name": "s"}, "provider": {"name": "aws", "vpc": {"subnetIds": 5}}}"#,
        r#"{"service": "s", "provider": {"name": "aws"}, "functions": {"a": {"capacityProvider": [1, 2]}}}"#,
        r#"{"service": "s", "provider": {"name": "aws"}, "functions": {"a": {"capacityProvider": {"Fn::Nope": 1}}}}"#,
        r#"{"service": "s", "provider": {"name": "aws"}, "resources": {"Resources": {"A": 1}}}"#,
    ] {
        let _ = Service::from_json_str(json);
    }
}

#[test]
fn loading_and_validation_errors_are_reported_together() {
    let json = r#"{
      "service": "svc",
      "provider": {"name": "aws", "runtime": "nodejs99.x", "vpc": {"subnetIds": ["subnet-1"], "securityGroupIds": ["sg-1"]},
                   "capacityProviders": {"highMem": {}}},
      "functions": {
        "api": {"handlr": "h.api", "capacityProvider": "higMem"},
        "etl": {"handler": "h.etl", "capacityProvider": {"name": "highMem", "maxConcurrency": 5000}}
      }
    }"#;
    let all = Service::from_json_str(json).unwrap_err();
    let found: Vec<(&str, &str)> = all.errors().map(|d| (d.code, d.path.as_str())).collect();
    assert_eq!(
        found,
        [
            ("FUNCTION_NEITHER_HANDLER_NOR_IMAGE_DEFINED_ERROR", "functions.api"),
            ("CONFIG_INVALID_VALUE", "provider.runtime"),
            ("LAMBDA_CAPACITY_PROVIDER_UNDEFINED", "functions.api.capacityProvider"),
            ("LAMBDA_MANAGED_INSTANCES_INVALID_MAX_CONCURRENCY", "functions.etl.capacityProvider.maxConcurrency"),
        ],
        "the bad provider.runtime must not also read as the default runtime; `handlr` is ignored with a warning:\n{all}"
    );
}

/// The model serializes back to serverless.json's shape: loading what it serializes gives the same
/// model (what `convert` and the generators rely on).
#[test]
fn the_model_round_trips_through_its_serialized_form() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/conformance/public"));
    let Ok(entries) = std::fs::read_dir(dir) else {
        println!("note: {} not found; skipping", dir.display());
        return;
    };
    let mut count = 0;
    for entry in entries.flatten() {
        let Ok(json) = std::fs::read_to_string(entry.path().join("serverless.json")) else { continue };
        let Ok(svc) = Service::from_json_str(&json) else { continue };
        let serialized = serde_json::to_value(svc.config()).unwrap();
        let again = Service::from_value(&serialized).unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
        assert_eq!(again.config(), svc.config(), "{}", entry.path().display());
        count += 1;
    }
    assert!(count >= 27, "only {count} cases round-tripped");
}

/// `provider.deploymentBucket` as an object: the options of the in-stack bucket shape
/// `ServerlessDeploymentBucket` in the reference's order (generate-core-template.js); the upload
/// options have no template effect; an unknown key lists every accepted key.
#[test]
fn deployment_bucket_object_options() {
    let svc = |bucket: &str| {
        let json = format!(
            r#"{{"service": "svc", "provider": {{"name": "aws", "runtime": "nodejs22.x", "deploymentBucket": {bucket}}},
                "package": {{"artifact": "a.zip"}}, "functions": {{"f": {{"handler": "h.f"}}}}}}"#
        );
        let mut svc = load(&json);
        svc.package_artifact(stackwright_core::Artifact::with_sha256("a.zip", "AAAA"));
        svc.synth().unwrap_or_else(|e| panic!("{e}"))
    };
    let t = svc(r#"{"versioning": true, "blockPublicAccess": true, "tags": {"team": "core", "n": 5},
            "serverSideEncryption": "AES256", "sseKMSKeyId": "k", "maxPreviousDeploymentArtifacts": 3}"#);
    let bucket = &t.resources()["ServerlessDeploymentBucket"]["Properties"];
    let keys: Vec<&str> = bucket.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["BucketEncryption", "Tags", "PublicAccessBlockConfiguration", "VersioningConfiguration"]);
    assert_eq!(bucket["Tags"], serde_json::json!([{"Key": "team", "Value": "core"}, {"Key": "n", "Value": "5"}]));
    assert_eq!(
        bucket["PublicAccessBlockConfiguration"],
        serde_json::json!({"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true})
    );
    assert_eq!(bucket["VersioningConfiguration"], serde_json::json!({"Status": "Enabled"}));
    assert!(t.resources().contains_key("ServerlessDeploymentBucketPolicy"));

    // skipPolicySetup drops the policy; upload-only options change nothing.
    let t = svc(r#"{"skipPolicySetup": true}"#);
    assert!(!t.resources().contains_key("ServerlessDeploymentBucketPolicy"));
    let plain = svc(r#"{"serverSideEncryption": "aws:kms", "sseKMSKeyId": "k"}"#);
    assert_eq!(plain.resources()["ServerlessDeploymentBucket"], svc("{}").resources()["ServerlessDeploymentBucket"]);

    // With a name the user's bucket is used and the in-stack options have no effect.
    let t = svc(r#"{"name": "my-bucket", "versioning": true}"#);
    assert!(!t.resources().contains_key("ServerlessDeploymentBucket"));

    // `createBucket` is not in the reference's schema: unknown, with the accepted keys in the help.
    let err = errors(&with_provider(r#""deploymentBucket": {"createBucket": true}"#));
    let d = err.find("CONFIG_UNKNOWN_KEY").unwrap();
    assert_eq!(d.path, "provider.deploymentBucket.createBucket");
    assert_eq!(d.message, "unknown key `createBucket` in provider.deploymentBucket");
    assert!(d.help.contains("; allowed keys: `name`, `blockPublicAccess`, `versioning`"), "{}", d.help);
    assert!(d.help.contains("without effect on the template: `maxPreviousDeploymentArtifacts`"), "{}", d.help);
    let err = errors(&with_provider(r#""deploymentBucket": {"codeStorageMode": "reference"}"#));
    assert_eq!(err.find("CONFIG_UNSUPPORTED_KEY").unwrap().path, "provider.deploymentBucket.codeStorageMode");
}

/// A layer without content is one error, not also a missing zip or a dangling `Ref` to the
/// layer (one cause, one error), while the function's missing artifact, independent of it, comes
/// in the same run.
#[test]
fn a_layer_without_content_is_one_error() {
    let json = r#"{"service": "svc", "provider": {"name": "aws", "runtime": "nodejs22.x"},
        "layers": {"sharp": {"description": "no path"}},
        "functions": {"f": {"handler": "h.f", "layers": [{"Ref": "SharpLambdaLayer"}]}}}"#;
    // `check()` of the service as far as it loaded, as the CLI's `validate` does.
    let d = Service::from_value_deferred(&serde_json::from_str(json).unwrap(), true).check();
    let found: Vec<(&str, &str)> = d.errors().map(|e| (e.code, e.path.as_str())).collect();
    assert_eq!(found, [("LAYER_NO_CONTENT", "layers.sharp"), ("ARTIFACT_ERROR", "functions.f")], "{d}");
}

/// An image function whose image is refused is an image function all the same: its (default)
/// runtime is not also reported as unsupported on Managed Instances (one cause, one error).
#[test]
fn a_rejected_image_is_not_also_an_unsupported_runtime() {
    let json = r#"{"service": "svc", "provider": {"name": "aws", "runtime": "nodejs20.x",
        "vpc": {"subnetIds": ["subnet-1"], "securityGroupIds": ["sg-1"]}, "capacityProviders": {"pool": {}}},
        "functions": {"f": {"image": {"name": "img"}, "capacityProvider": "pool", "memorySize": 2048}}}"#;
    let d = Service::from_value_deferred(&serde_json::from_str(json).unwrap(), false).check();
    let found: Vec<(&str, &str)> = d.errors().map(|e| (e.code, e.path.as_str())).collect();
    assert!(found.contains(&("LAMBDA_INVALID_FUNCTION_PROPERTY", "functions.f.image")), "{d}");
    assert!(!found.iter().any(|(c, _)| *c == "LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_RUNTIME"), "{d}");
}

/// `- http:` with its settings beside it instead of under it (a common slip in real files): the
/// error says which keys to indent.
#[test]
fn misindented_event_settings_are_named() {
    let err = errors(&with_function(r#"{"handler": "h", "events": [{"http": null, "path": "/x", "method": "get"}]}"#));
    let d = err.find("CONFIG_INVALID_VALUE").unwrap();
    assert_eq!(d.path, "functions.api.events[0]");
    assert_eq!(
        d.message,
        "`http` has no settings and `path`, `method` stand beside it: the event's settings are not indented under its type"
    );
    assert_eq!(d.help, "indent `path`, `method` two more spaces, under `http:`");
    // Two event types in one item: the plain shape error.
    let err =
        errors(&with_function(r#"{"handler": "h", "events": [{"http": null, "sqs": "arn:aws:sqs:us-east-1:1:q"}]}"#));
    assert!(
        err.find("CONFIG_INVALID_VALUE")
            .unwrap()
            .message
            .starts_with("expected an object with exactly one event type key")
    );
}

/// The object form of `image`: `uri` and the settings that become `ImageConfig` (the template
/// itself is checked against osls in the CLI's fixtures); `uri` and `name` exclusive, as in the
/// reference; lists must be lists.
#[test]
fn object_form_image() {
    const URI: &str = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    let svc = load(&format!(
        r#"{{"service": "imgs", "provider": {{"name": "aws"}}, "functions": {{"api": {{"image": {{"uri": "{URI}",
            "command": [], "entryPoint": ["/e.sh"], "workingDirectory": ""}}}}}}}}"#
    ));
    let image = svc.config().functions["api"].image.clone().unwrap();
    assert_eq!(
        image,
        stackwright_core::Image::new(URI).command(Vec::<String>::new()).entry_point(["/e.sh"]).working_directory("")
    );
    let template = svc.synth().unwrap_or_else(|d| panic!("{d}"));
    // JavaScript truthiness: the empty list is kept, the empty string left out.
    assert_eq!(
        template.as_json()["Resources"]["ApiLambdaFunction"]["Properties"]["ImageConfig"],
        serde_json::json!({"Command": [], "EntryPoint": ["/e.sh"]})
    );
    // An image function brings its own runtime: no warning about the default one.
    assert!(!svc.check().iter().any(|d| d.code == "LAMBDA_DEPRECATED_RUNTIME"), "{}", svc.check());

    for (image, code, path, message) in [
        (
            format!(r#"{{"uri": "{URI}", "name": "api"}}"#),
            "FUNCTION_IMAGE_BOTH_URI_AND_NAME_DEFINED_ERROR",
            "functions.api.image",
            "Either \"uri\" or \"name\" property (not both) needs to be set on image for function: api",
        ),
        (
            r#"{"command": ["x"]}"#.to_string(),
            "FUNCTION_IMAGE_NEITHER_URI_NOR_NAME_DEFINED_ERROR",
            "functions.api.image",
            "Either \"uri\" or \"name\" property needs to be set on image for function: api",
        ),
        (
            format!(r#"{{"uri": "{URI}", "command": {{"app": "handler"}}}}"#),
            "CONFIG_INVALID_VALUE",
            "functions.api.image.command",
            "expected a list of strings",
        ),
    ] {
        let config = format!(
            r#"{{"service": "imgs", "provider": {{"name": "aws"}}, "functions": {{"api": {{"image": {image}}}}}}}"#
        );
        let d = Service::from_value_deferred(&serde_json::from_str(&config).unwrap(), false).check();
        let e: Vec<_> = d.errors().collect();
        assert_eq!(e.len(), 1, "{image}: {d}");
        assert_eq!((e[0].code, e[0].path.as_str()), (code, path), "{image}");
        assert!(e[0].message.starts_with(message), "{image}: {}", e[0].message);
    }
    let err = errors(&with_function(&format!(r#"{{"image": {{"uri": "{URI}", "cmd": ["x"]}}}}"#)));
    let unknown = err.find("CONFIG_UNKNOWN_KEY").unwrap();
    assert_eq!((unknown.path.as_str(), unknown.severity), ("functions.api.image.cmd", Severity::Warning));

    // The settings count in the version's hash: another command, another version.
    let version = |command: &str| -> String {
        let svc = load(&format!(
            r#"{{"service": "imgs", "provider": {{"name": "aws"}}, "functions": {{"api": {{"image": {{"uri": "{URI}",
                "command": ["{command}"]}}}}}}}}"#
        ));
        let t = svc.synth().unwrap_or_else(|d| panic!("{d}"));
        let ids = t.as_json()["Resources"].as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        ids.into_iter().find(|id| id.starts_with("ApiLambdaVersion")).unwrap()
    };
    assert_ne!(version("a.handler"), version("b.handler"));
}

/// `image: {name}` names an image of `provider.ecr` to build, as `image: <name>` does: one error,
/// `provider.ecr`'s, when it is there; the image's own (not pinned by digest) when it is not.
#[test]
fn object_image_name_is_the_string_forms_name() {
    let with_ecr = r#"{"service": "imgs", "provider": {"name": "aws", "ecr": {"images": {"app": {"path": "."}}}},
        "functions": {"f": {"image": {"name": "app", "command": ["x"]}}}}"#;
    let d = Service::from_value_deferred(&serde_json::from_str(with_ecr).unwrap(), false).check();
    let found: Vec<(&str, &str)> = d.errors().map(|e| (e.code, e.path.as_str())).collect();
    assert_eq!(found, [("CONFIG_UNSUPPORTED_KEY", "provider.ecr")], "{d}");
    let without = r#"{"service": "imgs", "provider": {"name": "aws"}, "functions": {"f": {"image": {"name": "app"}}}}"#;
    let d = Service::from_value_deferred(&serde_json::from_str(without).unwrap(), false).check();
    let found: Vec<(&str, &str)> = d.errors().map(|e| (e.code, e.path.as_str())).collect();
    assert_eq!(found, [("LAMBDA_INVALID_FUNCTION_PROPERTY", "functions.f.image")], "{d}");
}

/// An unknown key in a `websocket` event is a warning that it is ignored (as in the reference),
/// not also an error about its value.
#[test]
fn an_unknown_websocket_key_is_only_warned_about() {
    let d = errors(&with_function(
        r#"{"handler": "h", "events": [{"websocket": {"route": "$connect", "routeKey": "x"}}]}"#,
    ));
    let found: Vec<_> = d.iter().map(|d| (d.severity, d.code, d.path.as_str())).collect();
    assert_eq!(found, [(Severity::Warning, "CONFIG_UNKNOWN_KEY", "functions.api.events[0].websocket.routeKey")], "{d}");
}

/// `- alexaSkill`, the event type alone (old examples): the reference's schema refuses it too
/// ("must be object": osls stops; in v4's default `warn` mode the event is dropped); the help
/// says to give it settings (for `alexaSkill`, the skill's ID).
#[test]
fn an_event_type_without_settings_is_named() {
    let d = errors(&with_function(r#"{"handler": "h", "events": ["alexaSkill"]}"#));
    let e = d.find("CONFIG_INVALID_VALUE").unwrap();
    assert_eq!(e.path, "functions.api.events[0]");
    assert_eq!(e.message, "expected an object with exactly one event type key, found the string \"alexaSkill\"");
    assert!(e.help.starts_with("give the skill's ID: `- alexaSkill: amzn1.ask.skill.<id>`"), "{}", e.help);

    let d = errors(&with_function(r#"{"handler": "h", "events": ["sqs"]}"#));
    let e = d.find("CONFIG_INVALID_VALUE").unwrap();
    assert!(e.help.starts_with("give the event its settings: `- sqs: ...`"), "{}", e.help);
}

/// A value of the wrong type that real files write by slip gets help saying what to write.
#[test]
fn wrong_types_real_files_write_say_what_to_write() {
    let cases = [
        (
            with_function(r#"{"handler": "h", "memorySize": "1536MB"}"#),
            "functions.api.memorySize",
            "write the number alone, without `MB`: `1536`",
        ),
        (
            with_provider(r#""region": {"opt:region": null, "us-east-1": null}"#),
            "provider.region",
            "a variable starts with `$`: `${opt:region, 'us-east-1'}` (without it, YAML reads the braces as a mapping)",
        ),
        (
            r#"{"service": "s", "provider": "aws"}"#.to_string(),
            "provider",
            "write the provider as an object: `provider: {name: aws}`",
        ),
        (
            with_function(r#"{"handler": "h", "events": {"http": "GET /"}}"#),
            "functions.api.events",
            "write it as a list, each item on its own `- ` line",
        ),
        (
            r#"{"service": "s", "provider": {"name": "aws"}, "plugins": [null]}"#.to_string(),
            "plugins[0]",
            "remove the empty entry, or give it a value",
        ),
    ];
    for (json, path, help) in cases {
        let err = errors(&json);
        let d = err.iter().find(|d| d.path == path).unwrap_or_else(|| panic!("{err}"));
        assert_eq!((d.code, d.help.as_str()), ("CONFIG_INVALID_VALUE", help), "{json}");
    }
    // A string that is not a number with a unit keeps the plain message.
    let err = errors(&with_function(r#"{"handler": "h", "memorySize": "lots"}"#));
    assert_eq!(err.find("CONFIG_INVALID_VALUE").unwrap().help, "");
}

/// serverless-rust's `runtime: rust`: the error says what to write instead.
#[test]
fn serverless_rusts_runtime_names_the_replacement() {
    let d = errors(&with_function(r#"{"handler": "api", "runtime": "rust"}"#));
    let e = d.find("CONFIG_INVALID_VALUE").unwrap();
    assert_eq!(e.path, "functions.api.runtime");
    assert!(e.message.starts_with("runtime \"rust\" is serverless-rust's"), "{}", e.message);
    assert!(e.help.starts_with("use `runtime: provided.al2023`, `handler: bootstrap`"), "{}", e.help);
}

/// A refused setting of one function does not hide the same setting's error in another function
/// (each is its own cause), while a refused provider setting still covers what functions inherit.
#[test]
fn one_functions_refused_setting_does_not_hide_anothers() {
    let json = r#"{"service": "imgs", "provider": {"name": "aws"}, "functions": {
        "a": {"image": {"uri": "x@sha256:00", "name": "n"}},
        "b": {"image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"}}}"#;
    let d = Service::from_value_deferred(&serde_json::from_str(json).unwrap(), false).check();
    let found: Vec<(&str, &str)> = d.errors().map(|e| (e.code, e.path.as_str())).collect();
    assert_eq!(
        found,
        [
            ("FUNCTION_IMAGE_BOTH_URI_AND_NAME_DEFINED_ERROR", "functions.a.image"),
            ("LAMBDA_INVALID_FUNCTION_PROPERTY", "functions.b.image")
        ],
        "{d}"
    );
}

/// The deploy settings of `provider` are kept as written for `stackwright deploy`, in the shapes
/// the CloudFormation API takes.
#[test]
fn deploy_settings_are_kept_and_their_shapes_checked() {
    let svc = load(
        r#"{"service": "svc", "provider": {"name": "aws", "notificationArns": ["arn:aws:sns:us-east-1:123456789012:t"],
            "stackParameters": [{"ParameterKey": "Env", "ParameterValue": "prod"}], "disableRollback": true,
            "rollbackConfiguration": {"MonitoringTimeInMinutes": 5}, "stackPolicy": [{"Effect": "Allow"}]}}"#,
    );
    let kept: Vec<&str> = svc.config().provider.stack_settings.keys().map(String::as_str).collect();
    assert_eq!(kept, stackwright_core::model::STACK_SETTINGS);
    let d = errors(&with_provider(
        r#""notificationArns": {"Ref": "Topic"}, "stackParameters": [{"ParameterValue": "x"}],
           "disableRollback": "yes", "rollbackConfiguration": {"Triggers": []}, "stackPolicy": {}"#,
    ));
    let found: Vec<(&str, &str)> = d.iter().map(|d| (d.code, d.path.as_str())).collect();
    assert_eq!(
        found,
        [
            ("CONFIG_INVALID_VALUE", "provider.notificationArns"),
            ("CONFIG_MISSING_KEY", "provider.stackParameters[0].ParameterKey"),
            ("CONFIG_UNKNOWN_KEY", "provider.rollbackConfiguration.Triggers"),
            ("CONFIG_INVALID_VALUE", "provider.disableRollback"),
            ("CONFIG_INVALID_VALUE", "provider.stackPolicy"),
        ],
        "{d}"
    );
}

/// `- s3: bucket` (the short form) with `event:` and `rules:` beside it: the settings would be
/// dropped (the reference warns and leaves them out); the error says to use the object form.
#[test]
fn settings_beside_a_short_form_event_are_named() {
    let err = errors(&with_function(
        r#"{"handler": "h", "events": [{"s3": "uploads", "event": "s3:ObjectCreated:*", "rules": [{"prefix": "raw/"}]}]}"#,
    ));
    let d = err.find("CONFIG_INVALID_VALUE").unwrap();
    assert_eq!(d.path, "functions.api.events[0]");
    assert!(
        d.message.starts_with("`s3` is written in its short form and `event`, `rules` stand beside it"),
        "{}",
        d.message
    );
    assert!(d.help.starts_with("use the object form of `s3`"), "{}", d.help);
}

/// One setting beside its event type: "stands", not "stand".
#[test]
fn one_misplaced_setting_reads_in_the_singular() {
    let err =
        errors(&with_function(r#"{"handler": "h", "events": [{"s3": "uploads", "event": "s3:ObjectCreated:*"}]}"#));
    let d = err.find("CONFIG_INVALID_VALUE").unwrap();
    assert!(d.message.starts_with("`s3` is written in its short form and `event` stands beside it"), "{}", d.message);
}

/// A rule's finding about a value the reference's schema made a list of one (`layers: x`) names
/// the path as written, as a loading error does.
#[test]
fn findings_about_a_lone_value_name_it_as_written() {
    let config = r#"{"service": "s", "provider": {"name": "aws", "runtime": "nodejs22.x",
        "vpc": {"subnetIds": "bad-subnet", "securityGroupIds": ["sg-0abc1234"]}},
        "package": {"artifact": "a.zip"}, "functions": {"f": {"handler": "h.f", "layers": "not-an-arn"}}}"#;
    let d = Service::from_value_deferred(&serde_json::from_str(config).unwrap(), false).check();
    let paths: Vec<&str> = d.errors().map(|d| d.path.as_str()).collect();
    assert!(paths.contains(&"functions.f.layers") && paths.contains(&"provider.vpc.subnetIds"), "{d}");
    assert!(!paths.iter().any(|p| p.ends_with("[0]")), "{d}");
}

/// A REST API resource policy written as one object: the reference's schema warning (an error
/// with `configValidationMode: error`), saying what the template gets.
#[test]
fn a_resource_policy_object_is_a_schema_warning() {
    for (policy, says) in
        [(r#"{"Effect": "Allow"}"#, "is the policy's `Statement` as written"), ("{}", "the API gets no policy")]
    {
        let config = format!(
            r#"{{"service": "s", "provider": {{"name": "aws", "apiGateway": {{"resourcePolicy": {policy}}}}}}}"#
        );
        let d = Service::from_value_deferred(&serde_json::from_str(&config).unwrap(), false).check();
        let w = d.iter().find(|d| d.path == "provider.apiGateway.resourcePolicy").unwrap_or_else(|| panic!("{d}"));
        assert_eq!((w.severity, w.code), (Severity::Warning, "CONFIG_INVALID_VALUE"), "{d}");
        assert!(w.message.ends_with(says), "{}", w.message);
        let strict = config.replacen('{', r#"{"configValidationMode": "error", "#, 1);
        let d = Service::from_value_deferred(&serde_json::from_str(&strict).unwrap(), false).check();
        assert!(d.errors().any(|d| d.path == "provider.apiGateway.resourcePolicy"), "{d}");
    }
}

/// A required key written without a value (`path:`, `priority:`) is missing, once: the event is
/// not dropped without a word, nor written without it (an ALB rule without `Priority`, which
/// Elastic Load Balancing refuses).
#[test]
fn a_required_key_without_a_value_is_missing() {
    let cases = [
        (r#"{"httpApi": {"path": null, "method": "get"}}"#, "functions.api.events[0].httpApi.path"),
        (
            r#"{"alb": {"listenerArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/l/abc/def",
                        "priority": null, "conditions": {"path": "/a"}}}"#,
            "functions.api.events[0].alb.priority",
        ),
        (r#"{"schedule": {"rate": null}}"#, "functions.api.events[0].schedule.rate"),
        (r#"{"iot": {"sql": null}}"#, "functions.api.events[0].iot.sql"),
        (r#"{"sqs": {"arn": null}}"#, "functions.api.events[0].sqs.arn"),
    ];
    for (event, path) in cases {
        let json = with_function(&format!(r#"{{"handler": "h.api", "events": [{event}]}}"#));
        let d = Service::from_json_str(&json).map(|s| s.check()).unwrap_or_else(|d| d);
        let errors: Vec<_> = d.errors().filter(|d| d.path != "service").map(|d| (d.code, d.path.as_str())).collect();
        assert_eq!(errors, [("CONFIG_MISSING_KEY", path)], "{event}: {d}");
    }
}

/// An empty value that would otherwise vanish into a template CloudFormation rejects, or take its
/// setting with it: an intrinsic function without its argument (`{"Fn::Sub": null}` would be
/// written `{}`), a redrive policy whose one target is empty, access configurations that are all
/// empty.
#[test]
fn an_empty_value_that_matters_is_an_error() {
    let resources = r#"{"service": "svc", "provider": {"name": "aws"}, "functions": {},
        "resources": {"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": {"Fn::Sub": null},
            "Tags": [{"Key": "a", "Value": {"Fn::Join": null}}]}}}}}"#;
    let d = Service::from_json_str(resources).map(|s| s.check()).unwrap_or_else(|d| d);
    let errors: Vec<_> = d.errors().map(|d| (d.code, d.path.as_str())).collect();
    assert_eq!(
        errors,
        [
            ("CONFIG_INVALID_VALUE", "resources.Resources.Q.Properties.QueueName"),
            ("CONFIG_INVALID_VALUE", "resources.Resources.Q.Properties.Tags[0].Value"),
        ],
        "{d}"
    );
    for (event, path, message) in [
        (
            r#"{"sns": {"topicName": "t", "redrivePolicy": {"deadLetterTargetRef": null}}}"#,
            "functions.api.events[0].sns.redrivePolicy",
            "needs exactly one of deadLetterTargetArn, deadLetterTargetRef, deadLetterTargetImport",
        ),
        (
            r#"{"kafka": {"topic": "t", "bootstrapServers": ["b:9092"], "accessConfigurations": {"saslScram512Auth": null}}}"#,
            "functions.api.events[0].kafka.accessConfigurations",
            "accessConfigurations is empty",
        ),
    ] {
        let json =
            with_function(&format!(r#"{{"handler": "h.api", "events": [{event}]}}"#)).replace(r#""s""#, r#""svc""#);
        let d = Service::from_json_str(&json).map(|s| s.check()).unwrap_or_else(|d| d);
        let errors: Vec<_> = d.errors().map(|d| (d.path.as_str(), d.message.as_str())).collect();
        assert!(matches!(errors.as_slice(), [(p, m)] if *p == path && m.contains(message)), "{event}: {d}");
    }
}

/// With `configValidationMode: error` an unknown key is the reference's
/// `INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION` wherever it is found: by the loader or by the
/// rules (`provider.httpApi`, read when the HTTP API is built); as a warning otherwise.
#[test]
fn schema_error_mode_frames_every_unknown_key_alike() {
    let config = |mode: &str| {
        format!(
            r#"{{"service": "svc", {mode} "provider": {{"name": "aws", "httpApi": {{"cors": true, "zzBogus": 1}}, "zzOther": 1}},
                "functions": {{"api": {{"handler": "h.api", "events": [{{"httpApi": "GET /a"}}]}}}}}}"#
        )
    };
    let d =
        Service::from_json_str(&config(r#""configValidationMode": "error","#)).map(|s| s.check()).unwrap_or_else(|d| d);
    let found: Vec<_> = d.iter().map(|d| (d.code, d.path.as_str())).filter(|(_, p)| p.contains("zz")).collect();
    assert_eq!(
        found,
        [
            ("INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION", "provider.zzOther"),
            ("INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION", "provider.httpApi.zzBogus"),
        ],
        "{d}"
    );
    let http_api = d.iter().find(|d| d.path == "provider.httpApi.zzBogus").unwrap();
    assert!(http_api.message.starts_with("Configuration error at 'provider.httpApi.zzBogus': unknown key"), "{d}");
    let d = Service::from_json_str(&config("")).unwrap().check();
    let found: Vec<_> = d.iter().map(|d| (d.severity, d.code)).filter(|(_, c)| *c == "CONFIG_UNKNOWN_KEY").collect();
    assert_eq!(found, [(Severity::Warning, "CONFIG_UNKNOWN_KEY"); 2], "{d}");
}
