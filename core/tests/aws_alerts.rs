//! serverless-plugin-aws-alerts (`stackwright_core::plugins::aws_alerts`), against templates the
//! plugin itself wrote.
//!
//! Each `data/aws_alerts/<case>/alerts.json` holds, verbatim, parts of a template that
//! `serverless package` wrote with osls 4.3.1 (the open-source Serverless Framework v3 line) and
//! serverless-plugin-aws-alerts 1.7.5 for the case's `serverless.json` (written as
//! serverless.yml, `${self:service}` resolved; a stage given with `--stage` is written as
//! `provider.stage`): the SNS topics and alarms the plugin added (with the user's `resources`
//! merged over them, as in `definitions`), and the order of resources and outputs (without the
//! function versions, their outputs and the API Gateway deployment, whose IDs and order follow
//! the framework and the time; v4's order is the conformance suites').
//! `lift` also lists serverless-lift 1.37.7: its worker gets the alarms, its queues follow the
//! user's resources. The rest of the template is the framework's, which the conformance suites tie to
//! Serverless Framework v4.

mod support;

use serde_json::{Value, json};
use stackwright_core::*;
use support::template;

fn data(case: &str, file: &str) -> Value {
    support::data("aws_alerts", case, file)
}

fn same(case: &str, what: &str, actual: &Value, expected: &Value) {
    support::same("serverless-plugin-aws-alerts", case, what, actual, expected);
}

#[test]
fn alarms_and_topics_are_what_the_plugin_writes() {
    let cases = ["topics", "templates", "nametemplate", "stages", "otherstage", "definitions", "lift"];
    for case in cases {
        let config = data(case, "serverless.json");
        let expected = data(case, "alerts.json");
        let t = template(&config);
        let resources = t["Resources"].as_object().unwrap();
        let made: serde_json::Map<String, Value> = resources
            .iter()
            .filter(|(k, v)| k.starts_with("AwsAlerts") || v["Type"] == "AWS::CloudWatch::Alarm")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        same(case, "the plugin's resources", &Value::Object(made), &expected["resources"]);
        let order: Vec<&String> = resources
            .keys()
            .filter(|k| !k.contains("LambdaVersion") && !k.starts_with("ApiGatewayDeployment"))
            .collect();
        same(case, "resource order", &json!(order), &expected["resourceOrder"]);
        let outputs: Vec<&String> =
            t["Outputs"].as_object().unwrap().keys().filter(|k| !k.contains("QualifiedArn")).collect();
        same(case, "output order", &json!(outputs), &expected["outputOrder"]);
    }
}

fn service(alerts: Value, api: Value) -> Value {
    let mut config = support::plugin_service("serverless-plugin-aws-alerts", "custom", json!({ "alerts": alerts }));
    config["functions"]["api"] = api;
    config
}

fn rejected(config: Value, code: &str, path: &str, message: &str) {
    support::rejected(&config, code, path, message);
}

#[test]
fn what_stackwright_does_not_reproduce_is_rejected() {
    let api = json!({"handler": "h.api"});
    let unsupported = codes::UNSUPPORTED_PLUGIN;
    rejected(
        service(json!({"dashboards": true}), api.clone()),
        unsupported,
        "custom.alerts.dashboards",
        "`dashboards` of serverless-plugin-aws-alerts is not reproduced by stackwright",
    );
    rejected(
        service(json!({"externalStack": {"nameSuffix": "Alerts"}}), api.clone()),
        unsupported,
        "custom.alerts.externalStack",
        "`externalStack` of serverless-plugin-aws-alerts is not reproduced by stackwright",
    );
    rejected(
        service(json!({"topics": {"critical": {"alarm": "crit"}}}), api.clone()),
        unsupported,
        "custom.alerts.topics.critical",
        "`critical` of serverless-plugin-aws-alerts is not reproduced by stackwright",
    );
    rejected(
        service(json!({"definitions": {"bad": {"metric": "m", "pattern": "ERROR"}}}), api.clone()),
        unsupported,
        "custom.alerts.definitions.bad.pattern",
        "`pattern` of serverless-plugin-aws-alerts is not reproduced by stackwright",
    );
    rejected(
        service(json!({"alarms": [{"name": "x", "type": "anomalyDetection"}]}), api.clone()),
        unsupported,
        "custom.alerts.alarms[0].type",
        "`type` of serverless-plugin-aws-alerts is not reproduced by stackwright",
    );
    rejected(
        service(json!({"definitions": {"x": {"alarmActions": ["critical"]}}}), api.clone()),
        unsupported,
        "custom.alerts.definitions.x.alarmActions",
        "`alarmActions` of serverless-plugin-aws-alerts is not reproduced by stackwright",
    );
    rejected(
        service(json!({"alarms": ["functionErrors", "nope"]}), api.clone()),
        codes::CONFIG_INVALID_VALUE,
        "custom.alerts.alarms[1]",
        "Alarm definition nope does not exist!",
    );
    rejected(
        service(json!({"alarms": []}), json!({"handler": "h.api", "alarms": ["functionErrors", "missing"]})),
        codes::CONFIG_INVALID_VALUE,
        "functions.api.alarms[1]",
        "Alarm definition missing does not exist!",
    );
    rejected(
        service(json!({"topics": {"alarm": {"Ref": "Topic"}}}), api.clone()),
        codes::CONFIG_INVALID_VALUE,
        "custom.alerts.topics.alarm",
        "an object without `topic`: the plugin ignores it, so the alarms would notify no topic",
    );
    rejected(
        service(json!({"stages": "prod"}), api.clone()),
        codes::CONFIG_INVALID_VALUE,
        "custom.alerts.stages",
        "expected a list of stage names, found a string (\"prod\")",
    );
    rejected(
        service(json!({"alarms": [{"threshold": 1}]}), api.clone()),
        codes::CONFIG_MISSING_KEY,
        "custom.alerts.alarms[0].name",
        "missing required key `name` in custom.alerts.alarms[0]",
    );
}

#[test]
fn function_alarms_need_the_plugin() {
    let mut config = service(json!({"alarms": ["functionErrors"]}), json!({"handler": "h.api", "alarms": ["x"]}));
    config["plugins"] = json!([]);
    let d = match Service::from_value(&config) {
        Ok(svc) => svc.check(),
        Err(d) => d,
    };
    let unknown = d.iter().find(|d| d.path == "functions.api.alarms").expect("alarms without the plugin");
    assert_eq!(
        unknown.message,
        "`alarms` is a key of the plugin serverless-plugin-aws-alerts, which `plugins` does not list"
    );
}

#[test]
fn without_custom_alerts_the_plugin_adds_nothing() {
    let mut config = service(json!(null), json!({"handler": "h.api", "alarms": ["functionErrors"]}));
    config.as_object_mut().unwrap().remove("custom");
    let t = template(&config);
    assert!(!t["Resources"].as_object().unwrap().values().any(|v| v["Type"] == "AWS::CloudWatch::Alarm"));
}
