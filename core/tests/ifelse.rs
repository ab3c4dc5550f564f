//! serverless-plugin-ifelse (`core/src/plugins/ifelse.rs`), against templates the plugin itself
//! wrote.
//!
//! Each `data/ifelse/<case>/ifelse.json` holds, verbatim, parts of a template that
//! `serverless package` wrote with osls 4.3.1 and serverless-plugin-ifelse 1.0.7 for the case's
//! `serverless.json` (written as serverless.yml, its conditions with the stage written out, as
//! variables resolve them): the functions (without `Code`, whose S3 key holds the time) and the
//! order of the resources (without the function versions). The two cases are one service at two
//! stages: `Set`/`Exclude` in one, `ElseSet`/`ElseExclude` in the other, `ExcludeIf`, a `Set`
//! whose parent is missing, and an array `includes` condition.

mod support;

use serde_json::{Value, json};
use stackwright_core::*;

#[test]
fn the_config_is_what_the_plugin_leaves() {
    for case in ["prod", "dev"] {
        let t = support::template(&support::data("ifelse", case, "serverless.json"));
        let expected = support::data("ifelse", case, "ifelse.json");
        let resources = t["Resources"].as_object().unwrap();
        let same = |what: &str, a: &Value, e: &Value| support::same("serverless-plugin-ifelse", case, what, a, e);
        let functions: serde_json::Map<String, Value> = resources
            .iter()
            .filter(|(_, r)| r["Type"] == "AWS::Lambda::Function")
            .map(|(id, r)| {
                let mut r = r.clone();
                r["Properties"].as_object_mut().unwrap().shift_remove("Code");
                (id.clone(), r)
            })
            .collect();
        same("the functions", &Value::Object(functions), &expected["functions"]);
        let order: Vec<&String> =
            resources.iter().filter(|(_, r)| r["Type"] != "AWS::Lambda::Version").map(|(id, _)| id).collect();
        same("resource order", &json!(order), &expected["resourceOrder"]);
    }
}

fn service(conditions: Value) -> Value {
    json!({
        "service": "app",
        "provider": {"name": "aws", "runtime": "nodejs22.x", "environment": {"LEVEL": "info"}},
        "plugins": ["serverless-plugin-ifelse"],
        "package": {"artifact": "artifact.zip"},
        "custom": {"serverlessIfElse": conditions},
        "functions": {"api": {"handler": "h.api", "events": [{"schedule": "rate(1 hour)"}]}},
    })
}

#[test]
fn the_plugin_s_problems_with_code_path_and_message() {
    support::rejected(
        &service(json!([{"If": "process.env.STAGE == 'prod'", "Set": {"provider.memorySize": 2048}}])),
        codes::CONFIG_INVALID_VALUE,
        "custom.serverlessIfElse[0].If",
        "serverless-plugin-ifelse condition `process.env.STAGE == 'prod'`: `process` is a JavaScript name, whose \
         value stackwright does not know (it evaluates literals only, once variables are resolved)",
    );
    support::rejected(
        &service(json!([{"ExcludeIf": {"functions.api.events": "'a' + 'b'"}}])),
        codes::CONFIG_INVALID_VALUE,
        "custom.serverlessIfElse[0].ExcludeIf.functions.api.events",
        "serverless-plugin-ifelse condition `'a' + 'b'`: the operator `+` is not evaluated",
    );
    support::rejected(
        &service(json!([{"If": true, "Exclude": ["functions.api.events.0"]}])),
        codes::CONFIG_INVALID_VALUE,
        "custom.serverlessIfElse[0].Exclude[0]",
        "serverless-plugin-ifelse cannot remove `functions.api.events.0`: the plugin leaves a hole in the list",
    );
    support::rejected(
        &service(json!([{"If": "1", "Set": {"provider.environment.LEVEL.x": 1}}])),
        codes::CONFIG_INVALID_VALUE,
        "custom.serverlessIfElse[0].Set.provider.environment.LEVEL.x",
        "serverless-plugin-ifelse cannot change `provider.environment.LEVEL.x`: `provider.environment.LEVEL` is a \
         string (\"info\"), not an object",
    );
    support::rejected(
        &service(json!({"If": "true"})),
        codes::CONFIG_INVALID_VALUE,
        "custom.serverlessIfElse",
        "expected a list of conditions (`- If: ...`), found an object with keys `If`",
    );
}

#[test]
fn lists_and_no_effect_paths() {
    // A list item can be set; a path of one key, or under a missing parent, changes nothing.
    let config = service(json!([
        {"If": "'prod' !== 'dev'", "Set": {"functions.api.events.0": {"schedule": "rate(2 hours)"}, "provider.tracing.lambda": true}},
        {"If": "false", "ElseSet": {"provider": {}}},
    ]));
    let svc = Service::from_value(&config).unwrap_or_else(|d| panic!("{d}"));
    let d = svc.check();
    let warnings: Vec<&str> = d.iter().filter(|w| w.code == codes::CONFIG_NO_EFFECT).map(|w| w.path.as_str()).collect();
    assert_eq!(
        warnings,
        ["custom.serverlessIfElse[0].Set.provider.tracing.lambda", "custom.serverlessIfElse[1].ElseSet.provider"],
        "{d}"
    );
    let t = support::template(&config);
    assert_eq!(t["Resources"]["ApiEventsRuleSchedule1"]["Properties"]["ScheduleExpression"], "rate(2 hours)");
}
