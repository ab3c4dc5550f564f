//! serverless-plugin-canary-deployments (`core/src/plugins/canary_deployments.rs`), against
//! templates the plugin itself wrote.
//!
//! Each `data/canary_deployments/<case>/canary.json` holds, verbatim, the resources the plugin
//! adds or changes (and the other resources of those types) in the template `serverless package`
//! wrote with osls 4.3.1 and serverless-plugin-canary-deployments 0.8.0 for the case's
//! `serverless.json`, and the order of the resources (without the function versions); version
//! and REST API deployment logical IDs are cut to `LambdaVersion` and `ApiGatewayDeployment`
//! (their endings are the artifact's hash and the time). `events`: a function
//! with REST, HTTP API, SQS, SNS, schedule and two S3 events, both traffic hooks, alarms by
//! logical ID and by name, triggers and a permissions boundary, and a second function with a
//! CloudWatch Logs event and a permission of the user's. `role`: `codeDeployRole` given (no
//! CodeDeploy role), `provider.stackName`, an HTTP API authorizer, a WebSocket route and an IoT
//! rule, a post-traffic hook only. `shared`: two functions on one EventBridge rule of the user's
//! (both targets move to their aliases: the plugin sets targets in place) and one S3 bucket (only
//! the last function's notification moves: the plugin rebuilds the bucket from the template as it
//! was), alarms given as a template parameter.

mod support;

use serde_json::{Value, json};
use stackwright_core::*;

const TYPES: &[&str] = &[
    "AWS::CodeDeploy::Application",
    "AWS::CodeDeploy::DeploymentGroup",
    "AWS::Lambda::Alias",
    "AWS::IAM::Role",
    "AWS::Lambda::Permission",
    "AWS::ApiGateway::Method",
    "AWS::ApiGatewayV2::Integration",
    "AWS::ApiGatewayV2::Authorizer",
    "AWS::Lambda::EventSourceMapping",
    "AWS::SNS::Topic",
    "AWS::SNS::Subscription",
    "AWS::S3::Bucket",
    "AWS::Events::Rule",
    "AWS::Logs::SubscriptionFilter",
    "AWS::IoT::TopicRule",
];

/// `v` with every function version's logical ID cut to `LambdaVersion` and the REST API
/// deployment's to `ApiGatewayDeployment` (their endings are the artifact's hash and the time).
fn without_hashes(v: &Value) -> Value {
    let mut text = v.to_string();
    for prefix in ["LambdaVersion", "ApiGatewayDeployment"] {
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(i) = rest.find(prefix) {
            out.push_str(&rest[..i + prefix.len()]);
            rest = rest[i + prefix.len()..].trim_start_matches(|c: char| c.is_ascii_alphanumeric());
        }
        out.push_str(rest);
        text = out;
    }
    serde_json::from_str(&text).unwrap()
}

#[test]
fn deployment_groups_aliases_and_invokers_are_what_the_plugin_writes() {
    for case in ["events", "role", "shared"] {
        let t = support::template(&support::data("canary_deployments", case, "serverless.json"));
        let expected = support::data("canary_deployments", case, "canary.json");
        let resources = t["Resources"].as_object().unwrap();
        let made: serde_json::Map<String, Value> = resources
            .iter()
            .filter(|(id, r)| TYPES.iter().any(|t| r["Type"] == *t) && *id != "ServerlessDeploymentBucket")
            .map(|(id, r)| (id.clone(), r.clone()))
            .collect();
        let same = |what: &str, a: &Value, e: &Value| support::same("the plugin", case, what, a, e);
        same("the plugin's resources", &without_hashes(&Value::Object(made)), &expected["resources"]);
        let order: Vec<&String> =
            resources.iter().filter(|(_, r)| r["Type"] != "AWS::Lambda::Version").map(|(id, _)| id).collect();
        same("resource order", &without_hashes(&json!(order)), &expected["resourceOrder"]);
    }
}

fn service(settings: Value, functions: Value) -> Value {
    json!({
        "service": "app",
        "provider": {"name": "aws", "runtime": "nodejs22.x"},
        "plugins": ["serverless-plugin-canary-deployments"],
        "package": {"artifact": "artifact.zip"},
        "custom": {"deploymentSettings": settings},
        "functions": functions,
    })
}

fn synth_errors(config: &Value) -> Vec<(&'static str, String, String)> {
    let svc = Service::from_value(config).unwrap_or_else(|d| panic!("{d}"));
    svc.check().errors().map(|e| (e.code, e.path.clone(), e.message.clone())).collect()
}

#[test]
fn what_aws_would_refuse_is_an_error_at_the_setting_all_at_once() {
    let errors = synth_errors(&service(
        json!({"alias": "Live", "alarms": ["MissingAlarm"]}),
        json!({
            "api": {"handler": "h.api", "deploymentSettings": {"type": "Linear10PercentEvery1Minutes", "preTrafficHook": "preHok"}},
            "worker": {"handler": "h.worker", "deploymentSettings": {"type": "AllAtOnce", "alias": "live-1", "alarms": [{"id": 1}]}},
            "cron": {"handler": "h.cron", "versionFunction": false, "deploymentSettings": {"alarms": []}},
            "preHook": {"handler": "h.pre"},
        }),
    ));
    let expected = [
        (
            "CONFIG_INVALID_VALUE",
            "functions.api.deploymentSettings.type",
            "function \"api\"'s deployment `type` \"Linear10PercentEvery1Minutes\" names no deployment configuration of \
             CodeDeploy (`CodeDeployDefault.LambdaLinear10PercentEvery1Minutes`) (did you mean \
             `Linear10PercentEvery1Minute`?)",
        ),
        (
            "CONFIG_INVALID_VALUE",
            "functions.api.deploymentSettings.preTrafficHook",
            "`preTrafficHook` of function \"api\" names \"preHok\", which is not a function of this service (did you \
             mean \"preHook\"?): the alias's update policy would reference PreHokLambdaFunction, which the template \
             does not have",
        ),
        (
            "UNRESOLVED_REFERENCE",
            "custom.deploymentSettings.alarms[0]",
            "alarm \"MissingAlarm\" of function \"api\" is not a resource or parameter of the template: the plugin \
             writes `{\"Ref\": \"MissingAlarm\"}`, which CloudFormation refuses",
        ),
        (
            "CONFIG_INVALID_VALUE",
            "functions.worker.deploymentSettings.alias",
            "alias \"live-1\" of function \"worker\" is not a name of letters and digits (1 to 128, not all digits): \
             the plugin names the alias resource `WorkerLambdaFunctionAliaslive-1`, and logical IDs are letters and \
             digits only",
        ),
        (
            "CONFIG_INVALID_VALUE",
            "functions.worker.deploymentSettings.alarms[0]",
            "expected an alarm's logical ID, or `{name: <alarm name>}`, found an object with keys `id`",
        ),
        (
            "CONFIG_MISSING_KEY",
            "functions.cron.deploymentSettings",
            "function \"cron\"'s deployment settings have no `type`: the deployment group's configuration would be \
             `CodeDeployDefault.Lambda${ConfigName}` with nothing to fill in",
        ),
        (
            "CONFIG_INVALID_VALUE",
            "functions.cron.deploymentSettings",
            "function \"cron\" has no version (`versionFunctions` or its `versionFunction` is false): the plugin's \
             alias points at the function's version, and CloudFormation refuses an alias without one",
        ),
    ];
    let actual: Vec<(&str, &str, &str)> = errors.iter().map(|(c, p, m)| (*c, p.as_str(), m.as_str())).collect();
    assert_eq!(actual, expected);
}

#[test]
fn stages_limit_it_and_capacity_provider_functions_get_their_alias() {
    let functions = json!({
        "api": {
            "handler": "h.api",
            "capacityProvider": "default",
            "deploymentSettings": {"type": "Canary10Percent5Minutes", "alias": "Live"},
        },
    });
    let mut config = service(json!({"stages": ["prod"]}), functions);
    config["provider"]["vpc"] = json!({"subnetIds": ["subnet-0abc1234"], "securityGroupIds": ["sg-0abc1234"]});
    let skipped = support::template(&config);
    let ids: Vec<&String> = skipped["Resources"].as_object().unwrap().keys().collect();
    assert!(!ids.iter().any(|id| id.contains("DeploymentGroup") || id.contains("Alias")), "{ids:?}");

    config["provider"]["stage"] = json!("prod");
    let t = support::template(&config);
    let alias = &t["Resources"]["ApiLambdaFunctionAliasLive"];
    assert_eq!(alias["Type"], "AWS::Lambda::Alias");
    let version = alias["Properties"]["FunctionVersion"]["Fn::GetAtt"][0].as_str().unwrap();
    assert!(version.starts_with("ApiLambdaVersion"), "{version}");
    assert_eq!(t["Resources"]["AppprodDeploymentApplication"]["Type"], "AWS::CodeDeploy::Application");
    assert_eq!(
        t["Resources"]["ApiLambdaFunctionDeploymentGroup"]["Properties"]["DeploymentGroupName"],
        "app-prod-ApiLambdaFunctionDeploymentGroup"
    );
}

#[test]
fn what_makes_the_plugin_throw_is_an_error_and_a_shared_setting_is_one_error() {
    // An HTTP API JWT authorizer has no `AuthorizerUri`, which the plugin flattens.
    let mut config = service(
        json!({"type": "AllAtOnce", "alias": "Live"}),
        json!({"api": {"handler": "h.api", "events": [{"httpApi": {"path": "/a", "method": "get", "authorizer": {"name": "jwt"}}}],
                       "deploymentSettings": {}}}),
    );
    config["provider"]["httpApi"] = json!({"authorizers": {"jwt": {"identitySource": "$request.header.Authorization",
        "issuerUrl": "https://example.com", "audience": ["x"]}}});
    let errors = synth_errors(&config);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].1, "custom.deploymentSettings");
    assert!(
        errors[0].2.starts_with("serverless-plugin-canary-deployments fails on HttpApiAuthorizerJwt"),
        "{}",
        errors[0].2
    );

    // `custom.deploymentSettings: null`: the plugin reads `codeDeployRole` of it.
    let functions = json!({"api": {"handler": "h.api", "deploymentSettings": {"type": "AllAtOnce", "alias": "Live"}}});
    let errors = synth_errors(&service(Value::Null, functions));
    assert_eq!(
        errors,
        [(
            "CONFIG_INVALID_VALUE",
            "custom.deploymentSettings".to_string(),
            "expected an object (the settings every function's own extend), found null".to_string()
        )]
    );

    // A wrong shared `type` is one error, not one per function.
    let functions =
        json!({"a": {"handler": "h.a", "deploymentSettings": {}}, "b": {"handler": "h.b", "deploymentSettings": {}}});
    let errors = synth_errors(&service(json!({"type": "Linear", "alias": "Live"}), functions));
    let paths: Vec<&str> = errors.iter().map(|(_, p, _)| p.as_str()).collect();
    assert_eq!(paths, ["custom.deploymentSettings.type"]);
}

/// The plugin adds two resources per function: CloudFormation's limits count them.
#[test]
fn what_the_plugin_adds_counts_against_the_resource_limit() {
    let functions: serde_json::Map<String, Value> =
        (0..100).map(|i| (format!("f{i}"), json!({"handler": "h.f", "deploymentSettings": {}}))).collect();
    let errors = synth_errors(&service(json!({"type": "AllAtOnce", "alias": "Live"}), Value::Object(functions)));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "TEMPLATE_TOO_MANY_RESOURCES");
    assert!(errors[0].2.starts_with("The template has 505 resources"), "{}", errors[0].2);
}
