//! serverless-plugin-warmup (`stackwright_core::plugins::warmup`), against templates the plugin
//! itself wrote.
//!
//! Each `data/warmup/<case>/warmup.json` holds, verbatim, parts of a template that
//! `serverless package` wrote with osls 4.3.1 (the open-source Serverless Framework v3 line) and
//! serverless-plugin-warmup 8.4.1 for the case's `serverless.json` (written as serverless.yml): the
//! resources of the warmers (their functions without `Code`, whose S3 key holds the time; log
//! groups, roles, schedules and permissions) and the order of all resources (without the function
//! versions and the API Gateway deployment, whose IDs and order follow the framework and the
//! time). The rest of the template is the framework's, which the conformance suites tie to
//! Serverless Framework v4.

mod support;

use serde_json::{Value, json};
use stackwright_core::*;
use support::template;

fn data(case: &str, file: &str) -> Value {
    support::data("warmup", case, file)
}

/// The warmers' resources of a template, without their functions' `Code`.
fn warmers(resources: &serde_json::Map<String, Value>) -> Value {
    let mut made = serde_json::Map::new();
    for (k, v) in resources.iter().filter(|(k, _)| k.starts_with("WarmUp") && !k.contains("LambdaVersion")) {
        let mut v = v.clone();
        if let Some(p) = v["Properties"].as_object_mut() {
            p.shift_remove("Code");
        }
        made.insert(k.clone(), v);
    }
    Value::Object(made)
}

#[test]
fn warmers_are_what_the_plugin_writes() {
    for case in ["default", "options", "given-role", "no-warmers", "nothing-enabled"] {
        let t = template(&data(case, "serverless.json"));
        let expected = data(case, "warmup.json");
        let resources = t["Resources"].as_object().unwrap();
        let same = |what: &str, a: &Value, e: &Value| support::same("serverless-plugin-warmup", case, what, a, e);
        same("the warmers' resources", &warmers(resources), &warmers(expected["resources"].as_object().unwrap()));
        let order: Vec<&String> = resources
            .keys()
            .filter(|k| !k.contains("LambdaVersion") && !k.starts_with("ApiGatewayDeployment"))
            .collect();
        same("resource order", &json!(order), &expected["resourceOrder"]);
    }
}

/// The handler the warmer runs lists the warmed functions with the settings the plugin gives them:
/// enabled per stage, the function's own settings over the warmer's, JSON payloads.
#[test]
fn the_handler_lists_the_warmed_functions_with_their_settings() {
    let svc = Service::from_value(&data("options", "serverless.json")).unwrap();
    let warmers = &svc.config().plugin_settings.warmers;
    let files: Vec<(&str, &str)> = warmers.iter().map(|w| (w.function.as_str(), w.file.as_str())).collect();
    assert_eq!(
        files,
        [("warmUpPluginOfficeHours", "_warm/index.mjs"), ("warmUpPluginOutOfOffice", ".warmup/outOfOffice/index.mjs")]
    );
    let office = &warmers[0].source;
    assert!(office.contains("region: \"eu-west-1\""));
    assert!(office.contains("const verbose = false;"));
    let listed = office.split("const functions = ").nth(1).unwrap().split(";\nconst verbose").next().unwrap();
    let listed: Value = serde_json::from_str(listed).unwrap();
    let config = json!({"enabled": ["prod"], "payload": "{\"a\":1}", "concurrency": 3});
    assert_eq!(
        listed,
        json!([{"name": "warm-b-prod-one", "config": config}, {"name": "warm-b-prod-three", "config": config}])
    );
    let out_of_office = &warmers[1].source;
    let listed = out_of_office.split("const functions = ").nth(1).unwrap().split(";\nconst verbose").next().unwrap();
    let listed: Value = serde_json::from_str(listed).unwrap();
    assert_eq!(
        listed,
        json!([{"name": "warm-b-prod-one", "config": {
            "enabled": true, "alias": "live", "clientContext": "{\"c\":2}", "payload": "{\"r\":\"raw\"}", "concurrency": 1
        }}])
    );
}

fn service(warmup: Value, functions: Value) -> Value {
    let mut config = support::plugin_service("serverless-plugin-warmup", "custom", json!({ "warmup": warmup }));
    config["functions"] = functions;
    config
}

#[test]
fn what_stackwright_cannot_do_is_said() {
    let api = json!({"api": {"handler": "h.api"}});
    support::rejected(
        &service(json!({"default": {"enabled": true, "tracing": true}}), api.clone()),
        codes::CONFIG_INVALID_VALUE,
        "custom.warmup.default.tracing",
        "warmer \"default\" asks for X-Ray tracing, for which the plugin installs the X-Ray SDK with npm",
    );
    support::rejected(
        &service(json!({"default": {"enabled": true}}), json!({"api": {"handler": "h.api", "warmup": {"dfault": {}}}})),
        codes::CONFIG_INVALID_VALUE,
        "functions.api.warmup.dfault",
        "function \"api\" names warmer \"dfault\", which `custom.warmup` does not declare",
    );
    support::rejected(
        &service(json!(["default"]), api.clone()),
        codes::CONFIG_INVALID_VALUE,
        "custom.warmup",
        "expected an object (warmer name → its settings), found an array",
    );

    support::rejected(
        &service(json!({"default": null}), api.clone()),
        codes::CONFIG_INVALID_VALUE,
        "custom.warmup.default",
        "warmer \"default\" has no settings (null)",
    );

    let svc = Service::from_value(&service(json!({"default": {"enabled": true, "prewarm": true}}), api)).unwrap();
    let warnings = svc.check();
    let prewarm = warnings.iter().find(|d| d.code == codes::PLUGIN_DEPLOY_TIME).expect("a deploy-time warning");
    assert_eq!(prewarm.path, "custom.warmup.default.prewarm");
    assert!(prewarm.help.contains("aws lambda invoke"), "{}", prewarm.help);
}

/// The v4-and-earlier settings (`custom.warmup.enabled: true`, a function's `warmup: true`) make
/// a warmer named `enabled` that warms nothing, as they do with the plugin's 8.x: nothing is
/// added.
#[test]
fn settings_of_older_plugin_versions_add_nothing() {
    let config = service(json!({"enabled": true}), json!({"api": {"handler": "h.api", "warmup": {"enabled": true}}}));
    let t = template(&config);
    assert!(!t["Resources"].as_object().unwrap().keys().any(|k| k.starts_with("WarmUp")));
}

/// A function's `warmup: true` (or `false`), the plugin's form before 5.0, is ignored by 8.x
/// (a schema warning there): a warning here, and the function is warmed as the warmers say.
#[test]
fn a_boolean_warmup_of_a_function_is_a_warning() {
    let functions = json!({"api": {"handler": "h.api", "warmup": true}, "job": {"handler": "h.job", "warmup": false}});
    let config = service(json!({"default": {"enabled": true}}), functions);
    let svc = Service::from_value(&config).unwrap();
    let found: Vec<_> = svc.check().iter().map(|d| (d.severity, d.code, d.path.clone())).collect();
    assert_eq!(
        found,
        [
            (Severity::Warning, codes::CONFIG_INVALID_VALUE, "functions.api.warmup".to_string()),
            (Severity::Warning, codes::CONFIG_INVALID_VALUE, "functions.job.warmup".to_string()),
        ]
    );
    let d = svc.check();
    let job = d.iter().nth(1).unwrap();
    assert!(
        job.message.starts_with("`warmup: false` is serverless-plugin-warmup's form before 5.0"),
        "{}",
        job.message
    );
    assert!(job.help.contains("`warmup: {default: {enabled: false}}`"), "{}", job.help);
    // Both are warmed, as with the plugin.
    let role = template(&config)["Resources"]["WarmUpPluginDefaultRole"].to_string();
    assert!(role.contains("-dev-api") && role.contains("-dev-job"), "both functions are warmed: {role}");
}

/// `resources` as a list (the multi-file form) keeps the user's resources and outputs; the
/// warmer's role comes after them.
#[test]
fn the_role_joins_resources_written_as_a_list() {
    let mut config = support::plugin_service(
        "serverless-plugin-warmup",
        "custom",
        json!({"warmup": {"default": {"enabled": true}}}),
    );
    config["resources"] = json!([
        {"Resources": {"MyQueue": {"Type": "AWS::SQS::Queue"}}},
        {"Outputs": {"Q": {"Value": {"Ref": "MyQueue"}}}}
    ]);
    let t = template(&config);
    let ids: Vec<&String> = t["Resources"].as_object().unwrap().keys().collect();
    assert_eq!(ids[ids.len() - 2..], ["MyQueue", "WarmUpPluginDefaultRole"]);
    assert_eq!(t["Outputs"]["Q"]["Value"], json!({"Ref": "MyQueue"}));
}
