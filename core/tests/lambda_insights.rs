//! serverless-plugin-lambda-insights (`core/src/plugins/lambda_insights.rs`), against templates
//! the plugin itself wrote.
//!
//! Each `data/lambda_insights/<case>/insights.json` holds, verbatim, parts of a template that
//! `serverless package` wrote with osls 4.3.1 and serverless-plugin-lambda-insights 2.0.0 for the
//! case's `serverless.json` (written as serverless.yml): each function's `Layers`, the execution
//! role's `ManagedPolicyArns` and the order of the resources (without the function versions,
//! whose IDs hold the artifact's hash). The rest of the template is the framework's.

mod support;

use serde_json::{Value, json};
use stackwright_core::*;

fn data(case: &str, file: &str) -> Value {
    support::data("lambda_insights", case, file)
}

#[test]
fn layers_and_policy_are_what_the_plugin_writes() {
    for case in ["default", "options"] {
        let t = support::template(&data(case, "serverless.json"));
        let expected = data(case, "insights.json");
        let resources = t["Resources"].as_object().unwrap();
        let same = |what: &str, a: &Value, e: &Value| support::same("the plugin", case, what, a, e);
        let layers: serde_json::Map<String, Value> = resources
            .iter()
            .filter(|(_, r)| r["Type"] == "AWS::Lambda::Function")
            .map(|(id, r)| (id.clone(), r["Properties"].get("Layers").cloned().unwrap_or(Value::Null)))
            .collect();
        same("the functions' layers", &Value::Object(layers), &expected["functions"]);
        let policies = resources["IamRoleLambdaExecution"]["Properties"].get("ManagedPolicyArns").cloned();
        same("the role's managed policies", &policies.unwrap_or(Value::Null), &expected["managedPolicyArns"]);
        let order: Vec<&String> =
            resources.iter().filter(|(_, r)| r["Type"] != "AWS::Lambda::Version").map(|(id, _)| id).collect();
        same("resource order", &json!(order), &expected["resourceOrder"]);
    }
}

/// A service with the plugin, `custom.lambdaInsights` and functions as given.
fn service(region: &str, settings: Value, functions: Value) -> Value {
    json!({
        "service": "app",
        "provider": {"name": "aws", "runtime": "nodejs22.x", "region": region},
        "plugins": ["serverless-plugin-lambda-insights"],
        "package": {"artifact": "artifact.zip"},
        "custom": {"lambdaInsights": settings},
        "functions": functions,
    })
}

#[test]
fn a_named_version_is_the_publisher_s_layer_of_that_version() {
    let config = service(
        "eu-west-1",
        json!({"lambdaInsightsVersion": "38"}),
        json!({"api": {"handler": "h.api", "lambdaInsights": "true"}}),
    );
    let t = support::template(&config);
    assert_eq!(
        t["Resources"]["ApiLambdaFunction"]["Properties"]["Layers"],
        json!(["arn:aws:lambda:eu-west-1:580247275435:layer:LambdaInsightsExtension:38"])
    );
    // Without a function that asks for it, nothing changes.
    let t = support::template(&service("eu-west-1", json!({}), json!({"api": {"handler": "h.api"}})));
    assert!(t["Resources"]["ApiLambdaFunction"]["Properties"].get("Layers").is_none());
    assert!(t["Resources"]["IamRoleLambdaExecution"]["Properties"].get("ManagedPolicyArns").is_none());
}

#[test]
fn the_plugin_s_errors_with_code_path_and_message() {
    let on = json!({"api": {"handler": "h.api", "lambdaInsights": true}});
    support::rejected(
        &service("ca-west-1", json!({}), on.clone()),
        codes::CONFIG_INVALID_VALUE,
        "provider.region",
        "Unknown latest version for region 'ca-west-1'. Check the Lambda Insights documentation to get the list of \
         currently supported versions.",
    );
    // The plugin looks the layer up for every function, enabled or not: an arm64 one in a region
    // without an arm64 layer stops it.
    support::rejected(
        &service("eu-north-1", json!({}), json!({"api": {"handler": "h.api", "architecture": "arm64"}})),
        codes::CONFIG_INVALID_VALUE,
        "provider.region",
        "Unknown latest version for region 'eu-north-1'. Check the Lambda Insights documentation to get the list of \
         currently supported versions.",
    );
    support::rejected(
        &service("af-south-1", json!({"lambdaInsightsVersion": 14}), on.clone()),
        codes::CONFIG_INVALID_VALUE,
        "provider.region",
        "LambdaInsights layer version '14' does not exist within your region 'af-south-1'.",
    );
    support::rejected(
        &service("us-east-1", json!({"lambdaInsightsVersion": 14.5}), on.clone()),
        codes::CONFIG_INVALID_VALUE,
        "custom.lambdaInsights.lambdaInsightsVersion",
        "a layer version is a whole number from 1; found a number (14.5)",
    );
    support::rejected(
        &service("us-east-1", json!({"defaultLambdaInsights": "yes"}), on.clone()),
        codes::CONFIG_INVALID_VALUE,
        "custom.lambdaInsights.defaultLambdaInsights",
        "LambdaInsights and DefaultLambdaInsights values must be set to either true or false.",
    );
    support::rejected(
        &service("us-east-1", json!({}), json!({"api": {"handler": "h.api", "lambdaInsights": 1}})),
        codes::CONFIG_INVALID_VALUE,
        "functions.api.lambdaInsights",
        "LambdaInsights and DefaultLambdaInsights values must be set to either true or false.",
    );
}

#[test]
fn what_the_plugin_does_quietly_is_a_warning() {
    let warnings = |config: Value| {
        let d = Service::from_value(&config).unwrap_or_else(|d| panic!("{d}")).check();
        assert!(!d.has_errors(), "{d}");
        d.iter().filter(|w| w.code == codes::CONFIG_NO_EFFECT).map(|w| w.path.clone()).collect::<Vec<_>>()
    };
    let on = json!({"api": {"handler": "h.api", "lambdaInsights": true}});
    let mut config = service("us-east-1", json!({}), on.clone());
    config["provider"]["layers"] = json!(["arn:aws:lambda:us-east-1:123456789012:layer:shared:1"]);
    assert_eq!(warnings(config), ["functions.api.lambdaInsights"]);
    let mut config = service("us-east-1", json!({}), on.clone());
    config["provider"]["iam"] = json!({"role": {"managedPolicies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}});
    assert_eq!(warnings(config), ["provider.iam.role.managedPolicies"]);
    let mut config = service("us-east-1", json!({}), on.clone());
    config["provider"]["iam"] = json!({"role": "arn:aws:iam::123456789012:role/mine"});
    assert_eq!(warnings(config), ["provider.iam.role"]);
    // `attachPolicy: false`: no policy, so nothing to warn about.
    let mut config = service("us-east-1", json!({"attachPolicy": false}), on);
    config["provider"]["iam"] = json!({"role": "arn:aws:iam::123456789012:role/mine"});
    assert!(warnings(config).is_empty());
}

#[test]
fn its_key_without_the_plugin_names_it() {
    let mut config = service("us-east-1", json!({}), json!({"api": {"handler": "h.api", "lambdaInsights": true}}));
    config["plugins"] = json!([]);
    let d = match Service::from_value(&config) {
        Ok(s) => s.check(),
        Err(d) => d,
    };
    // A warning, as the reference ignores a key it does not know.
    let e = d.iter().next().unwrap_or_else(|| panic!("{d}"));
    assert_eq!((e.code, e.path.as_str()), (codes::CONFIG_UNKNOWN_KEY, "functions.api.lambdaInsights"), "{d}");
    assert!(e.message.contains("serverless-plugin-lambda-insights"), "{}", e.message);
}
