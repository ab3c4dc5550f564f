//! `eventBridge` events (serverless-events.md §10), native CloudFormation mode: an event bus when
//! a new one is named, a rule per event and its permission. The deprecated custom-resource mode
//! (`provider.eventBridge.useCloudFormation: false`) is rejected with a reason.

use serde_json::{Map, Value, json};

use super::rule_common::{Setting, read};
use super::source::truthy;
use super::{Ctx, EventRef, EventType, object, schedule_expr, shape_error};
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::naming;
use crate::naming::upper_first;
use crate::reader::has_intrinsic_key;
use crate::reader::{Keys, Loader, get, join};

pub(crate) struct EventBridge;

const KEYS: Keys = Keys {
    allowed: &[
        "eventBus",
        "schedule",
        "name",
        "description",
        "enabled",
        "pattern",
        "input",
        "inputPath",
        "inputTransformer",
        "retryPolicy",
        "deadLetterQueueArn",
    ],
    unsupported: &[],
    no_effect: &[],
};

const RETRY_KEYS: Keys =
    Keys { allowed: &["maximumEventAge", "maximumRetryAttempts"], unsupported: &[], no_effect: &[] };

impl EventType for EventBridge {
    fn name(&self) -> &'static str {
        "eventBridge"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        object(l, v, path)?;
        let map = &*l.object(v, path, &KEYS)?;
        let mut out = Map::new();
        for key in map.keys() {
            match key.as_str() {
                "eventBus" | "deadLetterQueueArn" => read(l, map, key, Setting::StrOrIntrinsic, path, &mut out),
                "schedule" | "name" | "description" | "inputPath" => read(l, map, key, Setting::Str, path, &mut out),
                "enabled" => read(l, map, key, Setting::Bool, path, &mut out),
                "pattern" | "input" => match &map[key] {
                    Value::Object(m) if !has_intrinsic_key(m) => {
                        out.insert(key.clone(), map[key].clone());
                    }
                    other => shape_error(l, &join(path, key), "an object", other),
                },
                "inputTransformer" => read(l, map, key, Setting::InputTransformer, path, &mut out),
                "retryPolicy" => {
                    let at = join(path, key);
                    let Some(rp) = l.object(&map[key], &at, &RETRY_KEYS) else { continue };
                    let rp = &*rp;
                    let mut policy = Map::new();
                    for (k, (min, max)) in [("maximumEventAge", (60, 86_400)), ("maximumRetryAttempts", (0, 185))] {
                        let Some(v) = rp.get(k) else { continue };
                        if let Some(n) = l.integer(v, &join(&at, k)) {
                            if !(min..=max).contains(&n) {
                                l.error(
                                    codes::CONFIG_INVALID_VALUE,
                                    &join(&at, k),
                                    format!("{k} {n} is outside {min}..{max}, which EventBridge accepts"),
                                );
                            }
                            policy.insert(k.to_string(), json!(n));
                        }
                    }
                    out.insert(key.clone(), Value::Object(policy));
                }
                _ => {}
            }
        }
        if !out.contains_key("pattern")
            && !out.contains_key("schedule")
            && get(map, "pattern").is_none()
            && get(map, "schedule").is_none()
        {
            l.error_help(
                codes::CONFIG_MISSING_KEY,
                path,
                format!("an eventBridge event needs `pattern` or `schedule` in {path}"),
                "add `pattern: {source: [...]}` to match events, or `schedule: rate(5 minutes)`",
            );
            return None;
        }
        Some(Value::Object(out))
    }

    fn validate(&self, cx: &EventRef<'_>, out: &mut Diagnostics) {
        let path = cx.path("eventBridge");
        let c = cx.config;
        if cx.is_first("eventBridge") && !uses_cloudformation(cx.r) {
            out.push(
                Diagnostic::error(
                    codes::CONFIG_UNSUPPORTED_KEY,
                    "provider.eventBridge",
                    "EventBridge through custom resources (`provider.eventBridge` without `useCloudFormation: true`) \
                     is not supported: the reference has deprecated it in favour of native CloudFormation resources",
                )
                .with_help("remove `provider.eventBridge` (native CloudFormation is the default)"),
            );
        }
        let inputs = ["input", "inputPath", "inputTransformer"].iter().filter(|k| truthy(c.get(**k))).count();
        if inputs > 1 {
            out.push(
                Diagnostic::error(
                    codes::EVENTBRIDGE_MULTIPLE_INPUT_PROPERTIES,
                    path.clone(),
                    "You can only set one of input, inputPath, or inputTransformer properties for eventBridge events.",
                )
                .with_help("keep one of `input`, `inputPath` and `inputTransformer`"),
            );
        }
        if let Some(Value::String(text)) = c.get("schedule")
            && let Err(why) = schedule_expr::check(text, false)
        {
            out.push(
                Diagnostic::error(
                    codes::INVALID_SCHEDULE_EXPRESSION,
                    join(&path, "schedule"),
                    format!("invalid schedule expression \"{text}\": {}", why.reason),
                )
                .with_help(why.allowed),
            );
        }
        if let Some(bus @ Value::String(name)) = c.get("eventBus")
            && name.starts_with("arn")
        {
            super::source::check_arn(out, &join(&path, "eventBus"), bus, &["events"], "an EventBridge event bus");
        }
        if let Some(dlq) = c.get("deadLetterQueueArn") {
            super::source::check_arn(out, &join(&path, "deadLetterQueueArn"), dlq, &["sqs"], "an SQS queue");
        }
        super::rule_common::check_rule_name(cx, "eventBridge", out);
        super::rule_common::duplicate_rule(cx, "eventBridge", out);
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        for &(fn_key, f) in &cx.r.functions {
            let deployed = cx.r.function_name(fn_key, f);
            for (i, e) in f.events.iter().enumerate() {
                if e.kind != "eventBridge" {
                    continue;
                }
                let idx = i + 1;
                let c = &e.config;
                let target = cx.target(fn_key, f);
                let alias = cx.alias_id(fn_key, f).map(Value::String);
                let default_name = format!("{deployed}-rule-{idx}");
                let rule_name = match c.get("name").and_then(Value::as_str).filter(|n| !n.is_empty()) {
                    Some(n) => n.to_string(),
                    None if default_name.len() > 64 => hash_name(&default_name, &format!("rule-{idx}")),
                    None => default_name.clone(),
                };
                // The bus: a plain name (created unless `default`), an ARN (its name after the
                // first `/`), or an intrinsic passed through.
                let (bus, created) = match c.get("eventBus") {
                    Some(Value::String(b)) if b.starts_with("arn") => {
                        (Some(json!(b.split_once('/').map_or(b.as_str(), |(_, n)| n))), false)
                    }
                    // An empty name is written but names no bus in the permission's ARN.
                    Some(Value::String(b)) if b.is_empty() => (Some(json!("")), false),
                    Some(Value::String(b)) => (Some(json!(b)), b != "default"),
                    Some(other) => (Some(other.clone()), false),
                    None => (None, false),
                };
                let bus_id = bus
                    .as_ref()
                    .and_then(Value::as_str)
                    .map(|b| format!("{}EventBridgeEventBus", naming::normalize(b)));
                if created && let (Some(id), Some(b)) = (&bus_id, &bus) {
                    cx.set(id.clone(), json!({ "Type": "AWS::Events::EventBus", "Properties": { "Name": b } }));
                }
                let mut t = Map::new();
                t.insert("Arn".into(), target.clone());
                t.insert("Id".into(), json!(target_id(&rule_name)));
                if let Some(rp) = c.get("retryPolicy") {
                    let mut p = Map::new();
                    if let Some(v) = rp.get("maximumEventAge") {
                        p.insert("MaximumEventAgeInSeconds".into(), v.clone());
                    }
                    if let Some(v) = rp.get("maximumRetryAttempts") {
                        p.insert("MaximumRetryAttempts".into(), v.clone());
                    }
                    t.insert("RetryPolicy".into(), Value::Object(p));
                }
                if let Some(dlq) = c.get("deadLetterQueueArn").filter(|v| truthy(Some(v))) {
                    t.insert("DeadLetterConfig".into(), json!({ "Arn": dlq }));
                }
                if let Some(input) = c.get("input").filter(|v| truthy(Some(v))) {
                    t.insert("Input".into(), json!(crate::json::to_compact_string(input)));
                } else if let Some(p) = c.get("inputPath").filter(|v| truthy(Some(v))) {
                    t.insert("InputPath".into(), p.clone());
                } else if let Some(Value::Object(tr)) = c.get("inputTransformer") {
                    let upper: Map<String, Value> = tr.iter().map(|(k, v)| (upper_first(k), v.clone())).collect();
                    t.insert("InputTransformer".into(), Value::Object(upper));
                }
                let mut p = Map::new();
                if let Some(d) = c.get("description") {
                    p.insert("Description".into(), d.clone());
                }
                if let Some(b) = bus.as_ref().filter(|b| b.as_str() != Some("default")) {
                    p.insert("EventBusName".into(), b.clone());
                }
                if let Some(pattern) = c.get("pattern") {
                    p.insert("EventPattern".into(), pattern.clone());
                }
                p.insert("Name".into(), json!(rule_name));
                if let Some(s) = c.get("schedule") {
                    p.insert("ScheduleExpression".into(), s.clone());
                }
                let disabled = c.get("enabled") == Some(&Value::Bool(false));
                p.insert("State".into(), json!(if disabled { "DISABLED" } else { "ENABLED" }));
                p.insert("Targets".into(), json!([t]));
                let depends_on = if created { bus_id.map(Value::String) } else { alias.clone() };
                let rule = super::source::resource("AWS::Events::Rule", depends_on, p);
                cx.set(format!("{}EventBridgeRule", naming::normalize_alphanumeric(&default_name)), rule);

                let mut rule_path = vec![json!("rule")];
                rule_path.extend(bus.clone().filter(|b| b.as_str() != Some("")));
                rule_path.push(json!(rule_name));
                let mut props = Map::new();
                props.insert("Action".into(), json!("lambda:InvokeFunction"));
                props.insert("FunctionName".into(), target);
                props.insert("Principal".into(), json!("events.amazonaws.com"));
                props.insert(
                    "SourceArn".into(),
                    json!({ "Fn::Join": [":", [
                        "arn", { "Ref": "AWS::Partition" }, "events", { "Ref": "AWS::Region" }, { "Ref": "AWS::AccountId" },
                        { "Fn::Join": ["/", rule_path] }
                    ]] }),
                );
                let mut perm = Map::new();
                perm.insert("Type".into(), json!("AWS::Lambda::Permission"));
                if let Some(a) = alias {
                    perm.insert("DependsOn".into(), a);
                }
                perm.insert("Properties".into(), Value::Object(props));
                cx.set(format!("{}EventBridgeLambdaPermission{idx}", naming::normalize(fn_key)), Value::Object(perm));
            }
        }
    }
}

/// A name over 64 characters: its start, its md5 and the suffix (the reference's `hashName`).
fn hash_name(name: &str, suffix: &str) -> String {
    let keep: String = name.chars().take(31usize.saturating_sub(suffix.len())).collect();
    format!("{keep}{}-{suffix}", crate::hash::md5_hex(name.as_bytes()))
}

fn target_id(rule_name: &str) -> String {
    let id = format!("{rule_name}-target");
    if id.len() > 64 { hash_name(&id, "target") } else { id }
}

/// `provider.eventBridge ? provider.eventBridge.useCloudFormation : true`.
fn uses_cloudformation(r: &crate::resolve::Resolved<'_>) -> bool {
    match r.config.provider.apis.get("eventBridge") {
        None => true,
        Some(settings) => settings.get("useCloudFormation") == Some(&Value::Bool(true)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::rule_common::check_errors;
    use serde_json::json;

    #[test]
    fn one_input_form_only() {
        let e = check_errors(json!({ "f": { "handler": "h.h", "events": [
            { "eventBridge": { "pattern": { "source": ["a"] }, "input": { "a": 1 }, "inputPath": "$.detail" } }
        ] } }));
        assert_eq!(e[0].0, "EVENTBRIDGE_MULTIPLE_INPUT_PROPERTIES");
        assert_eq!(
            e[0].2,
            "You can only set one of input, inputPath, or inputTransformer properties for eventBridge events."
        );
    }

    #[test]
    fn schedule_and_arns_are_checked() {
        let e = check_errors(json!({ "f": { "handler": "h.h", "events": [
            { "eventBridge": { "schedule": "rate(1 minutes)", "deadLetterQueueArn": "arn:aws:sns:us-east-1:123456789012:t" } }
        ] } }));
        let codes: Vec<&str> = e.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(codes, ["INVALID_SCHEDULE_EXPRESSION", "EVENT_ARN_SERVICE_MISMATCH"], "{e:?}");
    }

    #[test]
    fn pattern_or_schedule_is_required() {
        let e = check_errors(json!({ "f": { "handler": "h.h", "events": [{ "eventBridge": { "eventBus": "b" } }] } }));
        assert_eq!(e[0].0, "CONFIG_MISSING_KEY");
    }

    #[test]
    fn long_names_are_hashed() {
        let long = "a".repeat(70);
        let h = super::hash_name(&long, "rule-1");
        assert!(h.starts_with(&"a".repeat(25)) && h.ends_with("-rule-1") && h.len() == 25 + 32 + 7, "{h}");
    }
}

#[cfg(test)]
mod duplicate_tests {
    use super::super::rule_common::check_errors;
    use serde_json::json;

    #[test]
    fn rule_names_are_unique_per_bus() {
        let e = check_errors(json!({
            "a": { "handler": "h.h", "events": [
                { "schedule": { "rate": "rate(5 minutes)", "name": "nightly" } },
                { "eventBridge": { "pattern": { "source": ["x"] }, "name": "nightly", "eventBus": "other" } },
                { "schedule": { "rate": "rate(5 minutes)", "name": "nightly", "method": "scheduler" } }
            ] },
            "b": { "handler": "h.h", "events": [
                { "cloudwatchEvent": { "event": { "source": ["x"] }, "name": "nightly" } },
                { "eventBridge": { "pattern": { "source": ["x"] }, "name": "svc-dev-a-rule-2", "eventBus": "other" } }
            ] }
        }));
        let got: Vec<(&str, &str)> = e.iter().map(|e| (e.0.as_str(), e.1.as_str())).collect();
        assert_eq!(got, [("DUPLICATE_EVENT", "functions.b.events[0].cloudwatchEvent.name")], "{e:?}");
        assert!(
            e[0].2.contains("already used in the default event bus by functions.a.events[0].schedule"),
            "{}",
            e[0].2
        );
    }
}
