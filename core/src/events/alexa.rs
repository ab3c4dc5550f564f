//! `alexaSkill` and `alexaSmartHome` events (serverless-events.md §14, §17): one
//! `AWS::Lambda::Permission` per event for the Alexa service, keyed by the skill's application ID.

use serde_json::{Value, json};

use super::rule_common::{Setting, read};
use super::{Ctx, EventType, shape_error};
use crate::naming;
use crate::reader::{Keys, Loader, get, join};

pub(crate) struct AlexaSkill;

pub(crate) struct AlexaSmartHome;

const KEYS: Keys = Keys { allowed: &["appId", "enabled"], unsupported: &[], no_effect: &[] };

impl EventType for AlexaSkill {
    fn name(&self) -> &'static str {
        "alexaSkill"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        load(l, v, path)
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        compile(cx, "alexaSkill", "AlexaSkill", "alexa-appkit.amazon.com");
    }
}

impl EventType for AlexaSmartHome {
    fn name(&self) -> &'static str {
        "alexaSmartHome"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        load(l, v, path)
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        compile(cx, "alexaSmartHome", "AlexaSmartHome", "alexa-connectedhome.amazon.com");
    }
}

/// `<appId>` or `{appId, enabled?}`; the ID is checked against the reference's token pattern.
fn load(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    let (out, at) = match v {
        Value::String(_) => (v.clone(), path.to_string()),
        _ => {
            let map = &*l.object(v, path, &KEYS)?;
            let mut out = serde_json::Map::new();
            read(l, map, "appId", Setting::Str, path, &mut out);
            read(l, map, "enabled", Setting::Bool, path, &mut out);
            if get(map, "appId").is_none() {
                l.missing(path, "appId", "add the skill's application ID, e.g. `appId: amzn1.ask.skill.xxxx`");
                return None;
            }
            (Value::Object(out), join(path, "appId"))
        }
    };
    let id = out.as_str().or_else(|| out.get("appId").and_then(Value::as_str))?;
    let valid = !id.is_empty()
        && id.len() <= 256
        && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !valid {
        shape_error(
            l,
            &at,
            "an Alexa application ID (letters, digits, `.`, `_`, `-`; e.g. amzn1.ask.skill.xxxx)",
            &json!(id),
        );
        return None;
    }
    Some(out)
}

fn compile(cx: &mut Ctx<'_>, kind: &'static str, id_part: &str, principal: &str) {
    for &(fn_key, f) in &cx.r.functions {
        let mut n = 0;
        for e in f.events.iter().filter(|e| e.kind == kind) {
            n += 1;
            let (app_id, enabled) = match &e.config {
                Value::String(s) => (s.as_str(), true),
                c => (c["appId"].as_str().unwrap_or_default(), c.get("enabled") != Some(&Value::Bool(false))),
            };
            let action = if enabled { "lambda:InvokeFunction" } else { "lambda:DisableInvokeFunction" };
            let mut props = serde_json::Map::new();
            props.insert("FunctionName".into(), cx.target(fn_key, f));
            props.insert("Action".into(), json!(action));
            props.insert("Principal".into(), json!(principal));
            props.insert("EventSourceToken".into(), json!(app_id));
            let mut res = serde_json::Map::new();
            res.insert("Type".into(), json!("AWS::Lambda::Permission"));
            if let Some(alias) = cx.alias_id(fn_key, f) {
                res.insert("DependsOn".into(), json!(alias));
            }
            res.insert("Properties".into(), Value::Object(props));
            cx.merge(format!("{}LambdaPermission{id_part}{n}", naming::normalize(fn_key)), Value::Object(res));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::rule_common::check_errors;
    use serde_json::json;

    #[test]
    fn app_ids_are_checked() {
        let e = check_errors(json!({ "f": { "handler": "h.h", "events": [
            { "alexaSkill": "amzn1.ask.skill.ok" },
            { "alexaSmartHome": { "appId": "not valid!" } },
            { "alexaSkill": { "enabled": false } }
        ] } }));
        let codes: Vec<&str> = e.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(codes, ["CONFIG_INVALID_VALUE", "CONFIG_MISSING_KEY"], "{e:?}");
        assert_eq!(e[0].1, "functions.f.events[1].alexaSmartHome.appId");
    }
}
