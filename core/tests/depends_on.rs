//! serverless-dependson-plugin (`core/src/plugins/depends_on.rs`), against the template the
//! plugin itself wrote.

mod support;

use serde_json::{Value, json};
use stackwright_core::*;

/// serverless-dependson-plugin 1.1.2 (`index.js`): each function depends on the one `chains`
/// places before it, in front of its own `DependsOn` (the name alone when it has none). The
/// functions' `DependsOn` and the resources' order in `data/depends_on/chains/depends_on.json`
/// are those osls 4.3.1 wrote with the plugin for the case (`chains: 2.7` is 2; functions with
/// and without log groups, one with its own `dependsOn`).
#[test]
fn depends_on_chains_the_functions_as_the_plugin_does() {
    let data = |file: &str| support::data("depends_on", "chains", file);
    let t = support::template(&data("serverless.json"));
    let expected = data("depends_on.json");
    let resources = t["Resources"].as_object().unwrap();
    let depends_on: serde_json::Map<String, Value> = resources
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::Lambda::Function")
        .map(|(id, r)| (id.clone(), r.get("DependsOn").cloned().unwrap_or(Value::Null)))
        .collect();
    support::same(
        "serverless-dependson-plugin",
        "chains",
        "DependsOn",
        &Value::Object(depends_on),
        &expected["dependsOn"],
    );
    let order: Vec<&String> =
        resources.iter().filter(|(_, r)| r["Type"] != "AWS::Lambda::Version").map(|(id, _)| id).collect();
    support::same("serverless-dependson-plugin", "chains", "resource order", &json!(order), &expected["resourceOrder"]);
    // `enabled: false` turns it off; `chains` written as text is one chain, and a warning.
    let mut off = data("serverless.json");
    off["custom"]["dependsOn"] = json!({"enabled": "false", "chains": 2});
    let mut plain = data("serverless.json");
    plain["plugins"] = json!([]);
    plain.as_object_mut().unwrap().remove("custom");
    assert_eq!(support::template(&off)["Resources"], support::template(&plain)["Resources"]);
    let mut text = data("serverless.json");
    text["custom"]["dependsOn"] = json!({"chains": "2"});
    let t = support::template(&text);
    assert_eq!(t["Resources"]["TwoLambdaFunction"]["DependsOn"], "OneLambdaFunction");
    let d = Service::from_value(&text).unwrap().check();
    let w = d.iter().find(|w| w.code == "CONFIG_NO_EFFECT").unwrap_or_else(|| panic!("{d}"));
    assert_eq!(w.path, "custom.dependsOn.chains");
}
