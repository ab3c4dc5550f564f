//! serverless-reqvalidator-plugin (`REQ_VALIDATOR`, a pass in `synth/plugins.rs`), against a
//! template the plugin itself wrote.
//!
//! `data/reqvalidator/methods/methods.json` holds, verbatim, the API Gateway methods of the
//! template `serverless package` wrote with osls 4.3.1 (the open-source Serverless Framework v3
//! line) and serverless-reqvalidator-plugin 3.1.0 for `serverless.json` (written as
//! serverless.yml): a validator by name (`Ref`), by `Fn::ImportValue` and by `id`, on methods with
//! an authorizer, at the root (`ANY /`), and over the validator the framework adds for
//! `request.schemas`.

mod support;

use serde_json::{Value, json};
use stackwright_core::*;

#[test]
fn methods_get_the_validators_the_plugin_gives_them() {
    let config = support::data("reqvalidator", "methods", "serverless.json");
    let expected = support::data("reqvalidator", "methods", "methods.json");
    let t = support::template(&config);
    let methods: serde_json::Map<String, Value> = t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| k.starts_with("ApiGatewayMethod"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    support::same(
        "serverless-reqvalidator-plugin",
        "methods",
        "the methods",
        &Value::Object(methods),
        &expected["methods"],
    );
}

#[test]
fn without_the_plugin_the_key_is_said_to_be_its() {
    let config = json!({
        "service": "svc",
        "provider": {"name": "aws", "runtime": "nodejs22.x"},
        "package": {"artifact": "a.zip"},
        "functions": {"f": {"handler": "h.f", "events": [{"http": {"path": "x", "method": "post", "reqValidatorName": "V"}}]}},
    });
    let d = Service::from_value(&config).unwrap().check();
    let w = d.iter().find(|d| d.path == "functions.f.events[0].http.reqValidatorName").expect("a warning");
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(
        w.message,
        "`reqValidatorName` is a key of the plugin serverless-reqvalidator-plugin, which `plugins` does not list"
    );
}

/// The plugin sets the validator before the user's `resources` are merged: a method the user
/// overrides with its own `RequestValidatorId` keeps theirs.
#[test]
fn the_users_own_validator_wins() {
    let config = json!({
        "service": "svc",
        "provider": {"name": "aws", "runtime": "nodejs22.x"},
        "plugins": ["serverless-reqvalidator-plugin"],
        "package": {"artifact": "a.zip"},
        "functions": {"f": {"handler": "h.f", "events": [{"http": {"path": "items", "method": "post", "reqValidatorName": "V"}}]}},
        "resources": {"Resources": {"ApiGatewayMethodItemsPost": {
            "Type": "AWS::ApiGateway::Method", "Properties": {"RequestValidatorId": "user-given"}
        }}},
    });
    let t = support::template(&config);
    assert_eq!(t["Resources"]["ApiGatewayMethodItemsPost"]["Properties"]["RequestValidatorId"], "user-given");
}
