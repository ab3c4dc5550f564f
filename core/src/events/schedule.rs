//! `schedule` events (serverless-events.md §8): per rate expression an `AWS::Events::Rule` and its
//! permission, or with `method: scheduler` an `AWS::Scheduler::Schedule` invoked through the
//! function's role (which then trusts `scheduler.amazonaws.com`).

use serde_json::{Map, Value, json};

use super::rule_common::{self, Setting, read};
use super::{Ctx, EventRef, EventType, object, schedule_expr, shape_error};
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::naming;
use crate::reader::{Keys, Loader, get, index, join};

pub(crate) struct Schedule;

const KEYS: Keys = Keys {
    allowed: &[
        "rate",
        "enabled",
        "name",
        "description",
        "input",
        "inputPath",
        "inputTransformer",
        "method",
        "timezone",
    ],
    unsupported: &[],
    no_effect: &[],
};

const SCHEDULER: &str = "scheduler";

impl EventType for Schedule {
    fn name(&self) -> &'static str {
        "schedule"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        if let Value::String(_) = v {
            return Some(v.clone());
        }
        object(l, v, path)?;
        let map = &*l.object(v, path, &KEYS)?;
        let mut out = Map::new();
        for key in map.keys() {
            match key.as_str() {
                // Written without a value: missing, reported below.
                "rate" if map["rate"].is_null() => {}
                "rate" => {
                    let at = join(path, "rate");
                    let items = match &map["rate"] {
                        Value::Array(items) => items.clone(),
                        other => vec![other.clone()],
                    };
                    if items.is_empty() {
                        shape_error(l, &at, "at least one rate or cron expression", &map["rate"]);
                        continue;
                    }
                    let mut rates = Vec::with_capacity(items.len());
                    for (i, item) in items.iter().enumerate() {
                        if let Some(e) = l.string_or_intrinsic(item, &index(&at, i)) {
                            rates.push(e.to_json());
                        }
                    }
                    if rates.len() == items.len() {
                        out.insert("rate".into(), Value::Array(rates));
                    }
                }
                "enabled" => read(l, map, key, Setting::Bool, path, &mut out),
                "name" | "description" | "inputPath" | "timezone" => read(l, map, key, Setting::Str, path, &mut out),
                "input" => read(l, map, key, Setting::StrOrObject, path, &mut out),
                "inputTransformer" => read(l, map, key, Setting::InputTransformer, path, &mut out),
                "method" => match map[key].as_str() {
                    Some("eventBus" | SCHEDULER) => {
                        out.insert(key.clone(), map[key].clone());
                    }
                    _ => l.error(
                        codes::CONFIG_INVALID_VALUE,
                        &join(path, key),
                        format!(
                            "must be equal to one of the allowed values [eventBus, scheduler], found {}",
                            crate::reader::describe(&map[key])
                        ),
                    ),
                },
                _ => {}
            }
        }
        if get(map, "rate").is_none() {
            l.missing(
                path,
                "rate",
                "add the schedule expression, e.g. `rate: rate(5 minutes)` or `rate: cron(0 12 * * ? *)`",
            );
            return None;
        }
        Some(Value::Object(out))
    }

    fn validate(&self, cx: &EventRef<'_>, out: &mut Diagnostics) {
        let path = cx.path("schedule");
        let c = cx.config;
        let scheduler = is_scheduler(c);
        if c.is_object() {
            // The reference's own errors, in its order.
            let reference = |code, message: &str, help: &str| {
                Diagnostic::error(code, path.clone(), message.to_string()).with_help(help.to_string())
            };
            if expressions(c).len() > 1 && c.get("name").is_some() {
                out.push(reference(
                    codes::SCHEDULE_NAME_NOT_ALLOWED_MULTIPLE_RATES,
                    "You cannot specify a name when defining more than one rate expression",
                    "remove `name`, or split the expressions into one schedule event each",
                ));
            }
            if scheduler && c.get("inputTransformer").is_some() {
                out.push(reference(
                    codes::SCHEDULE_PARAMETER_NOT_SUPPORTED,
                    "Cannot setup \"schedule\" event: \"inputTransformer\" is not supported with \"scheduler\" mode",
                    "use `input`, or remove `method: scheduler`",
                ));
            }
            if scheduler && c.get("inputPath").is_some() {
                out.push(reference(
                    codes::SCHEDULE_PARAMETER_NOT_SUPPORTED,
                    "Cannot setup \"schedule\" event: \"inputPath\" is not supported with \"scheduler\" mode",
                    "use `input`, or remove `method: scheduler`",
                ));
            }
            if !scheduler && c.get("timezone").is_some() {
                out.push(reference(
                    codes::SCHEDULE_PARAMETER_NOT_SUPPORTED,
                    "Cannot setup \"schedule\" event: \"timezone\" is only supported with \"scheduler\" mode",
                    "add `method: scheduler`, or remove `timezone` (rules run in UTC)",
                ));
            }
            if let Some(Value::String(body)) = c.get("input").and_then(|i| i.get("body"))
                && serde_json::from_str::<Value>(body).is_err()
            {
                out.push(
                    Diagnostic::error(
                        codes::INVALID_EVENT,
                        join(&join(&path, "input"), "body"),
                        "`input.body` is not valid JSON text",
                    )
                    .with_help("write `body` as JSON text, or as an object"),
                );
            }
            if !scheduler {
                rule_common::check_json_template_text("schedule", c, &path, "description", out);
            }
        }
        for (i, e) in expressions(c).iter().enumerate() {
            let Some(text) = e.as_str() else { continue };
            if let Err(why) = schedule_expr::check(text, scheduler) {
                let at = if c.is_string() { path.clone() } else { index(&join(&path, "rate"), i) };
                out.push(
                    Diagnostic::error(
                        codes::INVALID_SCHEDULE_EXPRESSION,
                        at,
                        format!("invalid schedule expression \"{text}\": {}", why.reason),
                    )
                    .with_help(why.allowed),
                );
            }
        }
        super::rule_common::check_rule_name(cx, "schedule", out);
        super::rule_common::duplicate_rule(cx, "schedule", out);
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        let mut scheduler_resources = Vec::new();
        let mut has_scheduler = false;
        for &(fn_key, f) in &cx.r.functions {
            let mut n = 0;
            let mut fn_has_scheduler = false;
            for e in f.events.iter().filter(|e| e.kind == "schedule") {
                let c = &e.config;
                let target = cx.target(fn_key, f);
                let alias = cx.alias_id(fn_key, f).map(Value::String);
                let state = if c.get("enabled") == Some(&Value::Bool(false)) { "DISABLED" } else { "ENABLED" };
                let input = c.get("input").and_then(rule_common::input_text);
                let scheduler = is_scheduler(c);
                for expr in expressions(c) {
                    n += 1;
                    let fid = naming::normalize(fn_key);
                    if scheduler {
                        has_scheduler = true;
                        fn_has_scheduler = true;
                        let mut t = Map::new();
                        t.insert("Arn".into(), target.clone());
                        t.insert("RoleArn".into(), rule_common::function_role_arn(cx.r, f));
                        if let Some(i) = &input {
                            t.insert("Input".into(), json!(i));
                        }
                        let mut p = Map::new();
                        p.insert("ScheduleExpression".into(), expr.clone());
                        p.insert("State".into(), json!(state));
                        p.insert("Target".into(), Value::Object(t));
                        p.insert("FlexibleTimeWindow".into(), json!({ "Mode": "OFF" }));
                        for (key, prop) in [
                            ("name", "Name"),
                            ("description", "Description"),
                            ("timezone", "ScheduleExpressionTimezone"),
                        ] {
                            if let Some(v) = c.get(key) {
                                p.insert(prop.into(), v.clone());
                            }
                        }
                        let mut res = Map::new();
                        res.insert("Type".into(), json!("AWS::Scheduler::Schedule"));
                        if let Some(a) = &alias {
                            res.insert("DependsOn".into(), a.clone());
                        }
                        res.insert("Properties".into(), Value::Object(p));
                        cx.set(format!("{fid}SchedulerSchedule{n}"), Value::Object(res));
                        continue;
                    }
                    let rule_id = format!("{fid}EventsRuleSchedule{n}");
                    let mut t = Map::new();
                    if let Some(i) = input.as_ref().filter(|i| !i.is_empty()) {
                        t.insert("Input".into(), json!(i));
                    }
                    if let Some(p) = c.get("inputPath").and_then(Value::as_str).filter(|p| !p.is_empty()) {
                        t.insert("InputPath".into(), json!(p));
                    }
                    if let Some(tr) = c.get("inputTransformer") {
                        t.insert("InputTransformer".into(), rule_common::input_transformer_props(tr));
                    }
                    t.insert("Arn".into(), target.clone());
                    t.insert("Id".into(), json!(format!("{fn_key}Schedule")));
                    let mut p = Map::new();
                    p.insert("ScheduleExpression".into(), expr.clone());
                    p.insert("State".into(), json!(state));
                    for (key, prop) in [("name", "Name"), ("description", "Description")] {
                        if let Some(v) = c.get(key).filter(|v| v.as_str() != Some("")) {
                            p.insert(prop.into(), v.clone());
                        }
                    }
                    p.insert("Targets".into(), json!([t]));
                    let res = super::source::resource("AWS::Events::Rule", alias.clone(), p);
                    cx.set(rule_id.clone(), res);
                    cx.set(
                        format!("{fid}LambdaPermissionEventsRuleSchedule{n}"),
                        rule_common::permission(
                            target.clone(),
                            json!("events.amazonaws.com"),
                            Some(json!({ "Fn::GetAtt": [rule_id, "Arn"] })),
                            alias.clone(),
                        ),
                    );
                }
            }
            if fn_has_scheduler {
                let arn = format!(
                    "arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:{}",
                    cx.r.function_name(fn_key, f)
                );
                scheduler_resources.push(json!({ "Fn::Sub": arn }));
                scheduler_resources.push(json!({ "Fn::Sub": format!("{arn}:*") }));
            }
        }
        if has_scheduler && cx.r.has_execution_role() {
            cx.out.trusted_services.push("scheduler.amazonaws.com");
            cx.statement(
                json!({ "Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": scheduler_resources }),
            );
        }
    }
}

fn is_scheduler(c: &Value) -> bool {
    c.get("method").and_then(Value::as_str) == Some(SCHEDULER)
}

/// The expressions of one event: the string form, or `rate` (a list after loading).
fn expressions(c: &Value) -> Vec<Value> {
    match c {
        Value::String(_) => vec![c.clone()],
        _ => match c.get("rate") {
            Some(Value::Array(items)) => items.clone(),
            Some(v) => vec![v.clone()],
            None => Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    fn errors(events: serde_json::Value) -> Vec<(String, String, String)> {
        super::rule_common::check_errors(serde_json::json!({ "job": { "handler": "h.handler", "events": events } }))
    }

    #[test]
    fn name_with_several_rates_is_the_reference_error() {
        let e =
            errors(serde_json::json!([{ "schedule": { "rate": ["rate(5 minutes)", "rate(1 hour)"], "name": "x" } }]));
        assert_eq!(e[0].0, "SCHEDULE_NAME_NOT_ALLOWED_MULTIPLE_RATES");
        assert_eq!(e[0].2, "You cannot specify a name when defining more than one rate expression");
    }

    #[test]
    fn scheduler_only_parameters() {
        let e = errors(serde_json::json!([
            { "schedule": { "rate": "rate(5 minutes)", "method": "scheduler", "inputPath": "$.x" } },
            { "schedule": { "rate": "rate(5 minutes)", "timezone": "Europe/Berlin" } },
            { "schedule": { "rate": "rate(5 minutes)", "method": "scheduler", "inputTransformer": { "inputTemplate": "x" } } }
        ]));
        let messages: Vec<&str> = e.iter().map(|e| e.2.as_str()).collect();
        assert!(e.iter().all(|e| e.0 == "SCHEDULE_PARAMETER_NOT_SUPPORTED"), "{e:?}");
        assert!(messages[0].contains("\"inputPath\" is not supported"));
        assert!(messages[1].contains("\"timezone\" is only supported"));
        assert!(messages[2].contains("\"inputTransformer\" is not supported"));
    }

    #[test]
    fn bad_expressions_name_the_field() {
        let e = errors(serde_json::json!([
            { "schedule": "cron(0 12 * * * *)" },
            { "schedule": { "rate": ["rate(5 minutes)", "rate(1 minutes)"] } }
        ]));
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].0, "INVALID_SCHEDULE_EXPRESSION");
        assert_eq!(e[0].1, "functions.job.events[0].schedule");
        assert!(e[0].2.contains("day-of-month"), "{}", e[0].2);
        assert_eq!(e[1].1, "functions.job.events[1].schedule.rate[1]");
        assert!(e[1].2.contains("singular"), "{}", e[1].2);
    }

    #[test]
    fn at_is_scheduler_only() {
        let e =
            errors(serde_json::json!([{ "schedule": { "rate": "at(2026-03-01T09:00:00)", "method": "scheduler" } }]));
        assert!(e.is_empty(), "{e:?}");
        let e = errors(serde_json::json!([{ "schedule": "at(2026-03-01T09:00:00)" }]));
        assert_eq!(e[0].0, "INVALID_SCHEDULE_EXPRESSION");
    }

    #[test]
    fn quotes_in_a_rule_name_are_rejected() {
        let e = errors(
            serde_json::json!([{ "schedule": { "rate": "rate(5 minutes)", "description": "say \"hi\"", "name": "a b" } }]),
        );
        let got: Vec<(&str, &str)> = e.iter().map(|e| (e.0.as_str(), e.1.as_str())).collect();
        assert_eq!(
            got,
            [
                ("INVALID_EVENT", "functions.job.events[0].schedule.description"),
                ("INVALID_EVENT", "functions.job.events[0].schedule.name")
            ],
            "{e:?}"
        );
    }
}
