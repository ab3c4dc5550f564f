//! `cloudwatchEvent` events (serverless-events.md §11): an `AWS::Events::Rule` with the event
//! pattern per event and its permission.

use serde_json::{Map, Value, json};

use super::rule_common::{self, Setting, read};
use super::{Ctx, EventRef, EventType, object};
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::naming;
use crate::reader::{Keys, Loader, get};

pub(crate) struct CloudwatchEvent;

const KEYS: Keys = Keys {
    allowed: &["event", "input", "inputPath", "inputTransformer", "description", "name", "enabled"],
    unsupported: &[],
    no_effect: &[],
};

impl EventType for CloudwatchEvent {
    fn name(&self) -> &'static str {
        "cloudwatchEvent"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        object(l, v, path)?;
        let map = &*l.object(v, path, &KEYS)?;
        let mut out = Map::new();
        for key in map.keys() {
            let kind = match key.as_str() {
                "event" => Setting::Object,
                "input" => Setting::StrOrObject,
                "inputTransformer" => Setting::InputTransformer,
                "enabled" => Setting::Bool,
                _ => Setting::Str,
            };
            read(l, map, key, kind, path, &mut out);
        }
        // The reference fails with a TypeError without a pattern.
        if get(map, "event").is_none() {
            l.missing(path, "event", "add the event pattern, e.g. `event: {source: [aws.ec2]}`");
            return None;
        }
        Some(Value::Object(out))
    }

    fn validate(&self, cx: &EventRef<'_>, out: &mut Diagnostics) {
        let path = cx.path("cloudwatchEvent");
        let c = cx.config;
        let set = |k: &str| match c.get(k) {
            Some(Value::String(s)) => !s.is_empty(),
            Some(_) => true,
            None => false,
        };
        if ["input", "inputPath", "inputTransformer"].iter().filter(|k| set(k)).count() > 1 {
            out.push(
                Diagnostic::error(
                    codes::CLOUDWATCH_MULTIPLE_INPUT_PROPERTIES,
                    path.clone(),
                    "You can only set one of input, inputPath, or inputTransformer properties at the same time for \
                     cloudwatch events. Please check the AWS docs for more info",
                )
                .with_help("keep one of `input`, `inputPath` and `inputTransformer`"),
            );
        }
        rule_common::check_json_template_text("cloudwatchEvent", c, &path, "description", out);
        super::rule_common::check_rule_name(cx, "cloudwatchEvent", out);
        super::rule_common::duplicate_rule(cx, "cloudwatchEvent", out);
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        for &(fn_key, f) in &cx.r.functions {
            let mut n = 0;
            for e in f.events.iter().filter(|e| e.kind == "cloudwatchEvent") {
                n += 1;
                let c = &e.config;
                let fid = naming::normalize(fn_key);
                let rule_id = format!("{fid}EventsRuleCloudWatchEvent{n}");
                let target = cx.target(fn_key, f);
                let alias = cx.alias_id(fn_key, f).map(Value::String);
                // The reference writes the rule as JSON text and drops escaped line breaks.
                let pattern_text = strip_escaped_breaks(&crate::json::to_compact_string(&c["event"]));
                let pattern = serde_json::from_str(&pattern_text).unwrap_or_else(|_| c["event"].clone());
                let mut t = Map::new();
                if let Some(i) = c.get("input").and_then(rule_common::input_text).filter(|i| !i.is_empty()) {
                    t.insert("Input".into(), json!(strip_escaped_breaks(&i)));
                }
                if let Some(p) = c.get("inputPath").and_then(Value::as_str).filter(|p| !p.is_empty()) {
                    t.insert("InputPath".into(), json!(p.replace("\r\n", "").replace('\n', "")));
                }
                if let Some(tr) = c.get("inputTransformer") {
                    t.insert("InputTransformer".into(), rule_common::input_transformer_props(tr));
                }
                t.insert("Arn".into(), target.clone());
                t.insert("Id".into(), json!(format!("{fn_key}CloudWatchEvent")));
                let mut p = Map::new();
                p.insert("EventPattern".into(), pattern);
                let disabled = c.get("enabled") == Some(&Value::Bool(false));
                p.insert("State".into(), json!(if disabled { "DISABLED" } else { "ENABLED" }));
                for (key, prop) in [("description", "Description"), ("name", "Name")] {
                    if let Some(v) = c.get(key).filter(|v| v.as_str() != Some("")) {
                        p.insert(prop.into(), v.clone());
                    }
                }
                p.insert("Targets".into(), json!([t]));
                let rule = super::source::resource("AWS::Events::Rule", alias.clone(), p);
                cx.merge(rule_id.clone(), rule);
                cx.merge(
                    format!("{fid}LambdaPermissionEventsRuleCloudWatchEvent{n}"),
                    rule_common::permission(
                        target,
                        json!("events.amazonaws.com"),
                        Some(json!({ "Fn::GetAtt": [rule_id, "Arn"] })),
                        alias,
                    ),
                );
            }
        }
    }
}

/// Removes the two-character sequences `\n` and `\r` (escaped line breaks in JSON text).
fn strip_escaped_breaks(s: &str) -> String {
    s.replace("\\n", "").replace("\\r", "")
}

#[cfg(test)]
mod tests {
    use super::super::rule_common::check_errors;
    use serde_json::json;

    #[test]
    fn one_input_form_only() {
        let e = check_errors(json!({ "f": { "handler": "h.h", "events": [
            { "cloudwatchEvent": { "event": { "source": ["aws.ec2"] }, "input": "x", "inputPath": "$.a" } }
        ] } }));
        assert_eq!(e[0].0, "CLOUDWATCH_MULTIPLE_INPUT_PROPERTIES");
        assert!(
            e[0].2.starts_with(
                "You can only set one of input, inputPath, or inputTransformer properties at the same time"
            )
        );
    }

    #[test]
    fn pattern_is_required() {
        let e = check_errors(json!({ "f": { "handler": "h.h", "events": [{ "cloudwatchEvent": { "name": "x" } }] } }));
        assert_eq!(e[0].0, "CONFIG_MISSING_KEY");
    }
}
