//! serverless-plugin-log-subscription (`core/src/plugins/log_subscription.rs`), against templates
//! the plugin itself wrote.
//!
//! Each `data/log_subscription/<case>/subscription.json` holds, verbatim, the subscription filters
//! and Lambda permissions of the template `serverless package` wrote with osls 4.3.1 and
//! serverless-plugin-log-subscription 2.2.1 for the case's `serverless.json`, and the order of
//! the resources (without the function versions). `functions`: one setting, a Lambda
//! destination by `Fn::GetAtt` (its permission), functions turning it off and one with a Kinesis
//! destination, role and filter name of its own. `list`: two settings (suffixes `0` and `1`), a
//! Lambda ARN and a Firehose, a function without the permission.

mod support;

use serde_json::{Value, json};
use stackwright_core::*;

#[test]
fn filters_and_permissions_are_what_the_plugin_writes() {
    for case in ["functions", "list"] {
        let t = support::template(&support::data("log_subscription", case, "serverless.json"));
        let expected = support::data("log_subscription", case, "subscription.json");
        let resources = t["Resources"].as_object().unwrap();
        let made: serde_json::Map<String, Value> = resources
            .iter()
            .filter(|(_, r)| r["Type"] == "AWS::Logs::SubscriptionFilter" || r["Type"] == "AWS::Lambda::Permission")
            .map(|(id, r)| (id.clone(), r.clone()))
            .collect();
        let same = |what: &str, a: &Value, e: &Value| support::same("the plugin", case, what, a, e);
        same("the filters and permissions", &Value::Object(made), &expected["resources"]);
        let order: Vec<&String> =
            resources.iter().filter(|(_, r)| r["Type"] != "AWS::Lambda::Version").map(|(id, _)| id).collect();
        same("resource order", &json!(order), &expected["resourceOrder"]);
    }
}

fn service(settings: Value, function: Value) -> Value {
    json!({
        "service": "app",
        "provider": {"name": "aws", "runtime": "nodejs22.x", "logs": {"restApi": true}},
        "plugins": ["serverless-plugin-log-subscription"],
        "package": {"artifact": "artifact.zip"},
        "custom": {"logSubscription": settings},
        "functions": {"api": function},
    })
}

fn synth_errors(config: &Value) -> Vec<(String, String)> {
    let svc = Service::from_value(config).unwrap_or_else(|d| panic!("{d}"));
    svc.check().errors().map(|e| (e.path.clone(), e.message.clone())).collect()
}

#[test]
fn what_the_plugin_throws_on_is_an_error_at_its_place() {
    let arn = "arn:aws:lambda:us-east-1:123456789012:function:shipper";
    let plain = json!({"handler": "h.api"});
    assert_eq!(
        synth_errors(&service(json!({"enabled": true}), plain.clone())),
        [(
            "custom.logSubscription".to_string(),
            "function \"api\"'s log subscription has no `destinationArn`: CloudFormation requires one".to_string()
        )]
    );
    assert_eq!(
        synth_errors(&service(
            json!({"enabled": true, "destinationArn": arn}),
            json!({"handler": "h.api", "disableLogs": true})
        )),
        [("custom.logSubscription".to_string(), "Could not find log group resource ApiLogGroup".to_string())]
    );
    assert_eq!(
        synth_errors(&service(
            json!({}),
            json!({"handler": "h.api", "logSubscription": {"enabled": true, "destinationArn": arn, "addSourceLambdaPermission": true}})
        )),
        [(
            "functions.api.logSubscription".to_string(),
            "addSourceLambdaPermission is no longer supported, see README".to_string()
        )]
    );
    let errors =
        synth_errors(&service(json!({"enabled": true, "destinationArn": arn, "apiGatewayLogs": true}), plain.clone()));
    assert_eq!(errors[0].0, "custom.logSubscription.apiGatewayLogs");
    assert!(errors[0].1.contains("asks AWS whether the stack is deployed"), "{}", errors[0].1);
    assert_eq!(
        synth_errors(&service(json!({"enabled": true, "destinationArn": {"Fn::GetAtt": ["Shipper", "Arn"]}}), plain)),
        [(
            "custom.logSubscription".to_string(),
            "the log subscription's `destinationArn` references Shipper, which the template does not have".to_string()
        )]
    );
}
