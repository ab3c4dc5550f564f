//! `iot` events (serverless-events.md §13): an `AWS::IoT::TopicRule` per event and its permission.

use serde_json::{Map, Value, json};

use super::rule_common::{Setting, read};
use super::{Ctx, EventRef, EventType, object};
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::naming;
use crate::reader::{Keys, Loader, get, join};

pub(crate) struct Iot;

const KEYS: Keys =
    Keys { allowed: &["sql", "sqlVersion", "name", "enabled", "description"], unsupported: &[], no_effect: &[] };

const SQL_VERSIONS: &[&str] = &["2015-10-08", "2016-03-23", "beta"];

impl EventType for Iot {
    fn name(&self) -> &'static str {
        "iot"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        object(l, v, path)?;
        let map = &*l.object(v, path, &KEYS)?;
        let mut out = Map::new();
        for key in map.keys() {
            match key.as_str() {
                "enabled" => read(l, map, key, Setting::Bool, path, &mut out),
                _ => read(l, map, key, Setting::Str, path, &mut out),
            }
        }
        if let Some(version) = out.get("sqlVersion").and_then(Value::as_str)
            && !SQL_VERSIONS.contains(&version)
        {
            l.error(
                codes::CONFIG_INVALID_VALUE,
                &join(path, "sqlVersion"),
                format!(
                    "must be equal to one of the allowed values [2015-10-08, 2016-03-23, beta], found \"{version}\""
                ),
            );
            return None;
        }
        if get(map, "sql").is_none() {
            l.missing(path, "sql", "add the rule's query, e.g. `sql: \"SELECT * FROM 'my/topic'\"`");
            return None;
        }
        Some(Value::Object(out))
    }

    fn validate(&self, cx: &EventRef<'_>, out: &mut Diagnostics) {
        // AWS::IoT::TopicRule names allow only letters, digits and underscores.
        if let Some(name) = cx.config.get("name").and_then(Value::as_str).map(strip_newlines)
            && !name.is_empty()
            && !(name.len() <= 128 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        {
            out.push(
                Diagnostic::error(
                    codes::INVALID_EVENT,
                    join(&cx.path("iot"), "name"),
                    format!("IoT rule name \"{name}\" is not valid: AWS IoT allows only letters, digits and `_` (up to 128 characters)"),
                )
                .with_help("replace `-` and other characters with `_`"),
            );
        }
        super::rule_common::duplicate_rule(cx, "iot", out);
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        for &(fn_key, f) in &cx.r.functions {
            let mut n = 0;
            for e in f.events.iter().filter(|e| e.kind == "iot") {
                n += 1;
                let c = &e.config;
                let text = |k: &str| c.get(k).and_then(Value::as_str).map(strip_newlines).filter(|s| !s.is_empty());
                let fid = naming::normalize(fn_key);
                let rule_id = format!("{fid}IotTopicRule{n}");
                let target = cx.target(fn_key, f);
                let alias = cx.alias_id(fn_key, f).map(Value::String);
                let mut payload = Map::new();
                payload.insert("RuleDisabled".into(), json!(c.get("enabled") == Some(&Value::Bool(false))));
                payload.insert("Sql".into(), json!(text("sql").unwrap_or_default()));
                payload.insert("Actions".into(), json!([{ "Lambda": { "FunctionArn": target } }]));
                if let Some(d) = text("description") {
                    payload.insert("Description".into(), json!(d));
                }
                if let Some(v) = text("sqlVersion") {
                    payload.insert("AwsIotSqlVersion".into(), json!(v));
                }
                let mut props = Map::new();
                props.insert("TopicRulePayload".into(), Value::Object(payload));
                if let Some(name) = text("name") {
                    props.insert("RuleName".into(), json!(name));
                }
                let mut rule = Map::new();
                rule.insert("Type".into(), json!("AWS::IoT::TopicRule"));
                if let Some(a) = &alias {
                    rule.insert("DependsOn".into(), a.clone());
                }
                rule.insert("Properties".into(), Value::Object(props));
                cx.merge(rule_id.clone(), Value::Object(rule));
                let source = json!({ "Fn::Join": ["", [
                    "arn:", { "Ref": "AWS::Partition" }, ":iot:", { "Ref": "AWS::Region" }, ":", { "Ref": "AWS::AccountId" },
                    ":rule/", { "Ref": rule_id }
                ]] });
                cx.merge(
                    format!("{fid}LambdaPermissionIotTopicRule{n}"),
                    super::rule_common::permission(target, json!("iot.amazonaws.com"), Some(source), alias),
                );
            }
        }
    }
}

fn strip_newlines(s: &str) -> String {
    s.replace("\r\n", "").replace('\n', "")
}

#[cfg(test)]
mod tests {
    use super::super::rule_common::check_errors;
    use serde_json::json;

    #[test]
    fn rule_names_and_versions() {
        let e = check_errors(json!({ "f": { "handler": "h.h", "events": [
            { "iot": { "sql": "SELECT * FROM 'a'", "name": "my-rule" } },
            { "iot": { "sql": "SELECT * FROM 'a'", "sqlVersion": "2020" } },
            { "iot": { "name": "x" } }
        ] } }));
        let codes: Vec<&str> = e.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(codes, ["CONFIG_INVALID_VALUE", "CONFIG_MISSING_KEY", "INVALID_EVENT"], "{e:?}");
        let e = check_errors(
            json!({ "f": { "handler": "h.h", "events": [{ "iot": { "sql": "SELECT 1", "name": "my-rule" } }] } }),
        );
        assert_eq!(e[0].0, "INVALID_EVENT");
        assert_eq!(e[0].1, "functions.f.events[0].iot.name");
    }
}
