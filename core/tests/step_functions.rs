//! serverless-step-functions (`stackwright_core::plugins::step_functions`), against templates the
//! plugin itself wrote.
//!
//! Each `data/step_functions/<case>/step_functions.json` holds, verbatim, parts of a template
//! that `serverless package` wrote with osls 4.3.1 (the open-source Serverless Framework v3 line)
//! and serverless-step-functions 3.31.2 for the case's `serverless.json` (written as
//! serverless.yml, its variables resolved): the resources the plugin added (state machines, their
//! roles, activities, alarms, schedules, event rules and their roles), its outputs, and the order
//! of resources and outputs (without the function versions and their outputs, whose IDs follow
//! the framework). `events` also lists serverless-plugin-aws-alerts before the plugin: its alarm
//! precedes the plugin's event resources. The rest of the template is the framework's, which the
//! conformance suites tie to Serverless Framework v4.

mod support;

use serde_json::{Map, Value, json};
use stackwright_core::*;
use support::template;

fn data(case: &str, file: &str) -> Value {
    support::data("step_functions", case, file)
}

fn same(case: &str, what: &str, actual: &Value, expected: &Value) {
    support::same("serverless-step-functions", case, what, actual, expected);
}

#[test]
fn state_machines_roles_and_events_are_what_the_plugin_writes() {
    for case in ["basic", "iam", "definition", "events", "alarms", "overrides"] {
        let config = data(case, "serverless.json");
        let expected = data(case, "step_functions.json");
        let t = template(&config);
        if let Ok(dir) = std::env::var("SFN_DUMP") {
            std::fs::write(format!("{dir}/{case}.json"), serde_json::to_string_pretty(&t).unwrap()).unwrap();
            continue;
        }
        let resources = t["Resources"].as_object().unwrap();
        let made: Map<String, Value> = expected["resources"]
            .as_object()
            .unwrap()
            .keys()
            .map(|k| (k.clone(), resources.get(k).cloned().unwrap_or(Value::Null)))
            .collect();
        same(case, "the plugin's resources", &Value::Object(made), &expected["resources"]);
        let order: Vec<&String> = resources.keys().filter(|k| !k.contains("LambdaVersion")).collect();
        same(case, "resource order", &json!(order), &expected["resourceOrder"]);
        let outputs = t["Outputs"].as_object().unwrap();
        let made: Map<String, Value> = expected["outputs"]
            .as_object()
            .unwrap()
            .keys()
            .map(|k| (k.clone(), outputs.get(k).cloned().unwrap_or(Value::Null)))
            .collect();
        same(case, "the plugin's outputs", &Value::Object(made), &expected["outputs"]);
        let order: Vec<&String> = outputs.keys().filter(|k| !k.contains("QualifiedArn")).collect();
        same(case, "output order", &json!(order), &expected["outputOrder"]);
    }
}
