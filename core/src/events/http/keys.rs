//! API keys, usage plans and usage-plan keys (`provider.apiGateway.apiKeys`, `usagePlan`).
//!
//! Keys are either a flat list (one default plan `ApiGatewayUsagePlan`, keys
//! `ApiGatewayApiKey<n>`) or grouped per named plan (`- free: [key, ...]` with `usagePlan` a
//! list of `- free: {...}`: keys `ApiGatewayApiKeyFree<n>`, plan `ApiGatewayUsagePlanFree`).

use serde_json::{Map, Value, json};

use super::tree::upper_first;
use super::{Api, truthy};
use crate::events::Ctx;

/// The names of the plans in a `usagePlan` list.
pub(super) fn plan_names(usage_plan: Option<&Value>) -> Vec<String> {
    match usage_plan {
        Some(Value::Array(plans)) => {
            plans.iter().filter_map(|p| p.as_object().and_then(|m| m.keys().next().cloned())).collect()
        }
        _ => Vec::new(),
    }
}

/// A key group: `(plan name, keys)` for a named plan's group, `None` for a single key.
fn group<'v>(definition: &'v Value, plans: &[String]) -> Option<(&'v str, &'v [Value])> {
    let (name, keys) = definition.as_object()?.iter().next()?;
    let keys = match keys {
        Value::Array(keys) => keys.as_slice(),
        // One key without the list: the reference's schema makes it a list of one.
        Value::String(_) => std::slice::from_ref(keys),
        _ => return None,
    };
    plans.contains(name).then_some((name.as_str(), keys))
}

pub(super) fn compile(cx: &mut Ctx<'_>, api: &Api<'_>, deployment: &str) {
    let keys = api.gw.get("apiKeys").and_then(Value::as_array);
    let usage_plan = api.gw.get("usagePlan").filter(|u| truthy(u));
    let plans = plan_names(usage_plan);
    let mut key_ids: Vec<(String, String)> = Vec::new();
    if let Some(keys) = keys {
        let mut n = 0;
        for definition in keys {
            match group(definition, &plans) {
                Some((plan, group)) => {
                    for (i, key) in group.iter().enumerate() {
                        let id = format!("ApiGatewayApiKey{}{}", upper_first(plan), i + 1);
                        cx.merge(id.clone(), api_key(api, key, deployment));
                        key_ids.push((id, format!("ApiGatewayUsagePlan{}", upper_first(plan))));
                    }
                    n = 0;
                }
                None => {
                    n += 1;
                    let id = format!("ApiGatewayApiKey{n}");
                    cx.merge(id.clone(), api_key(api, definition, deployment));
                    key_ids.push((id, "ApiGatewayUsagePlan".into()));
                }
            }
        }
    }
    if usage_plan.is_none() && keys.is_none() {
        return;
    }
    if let Some(Value::Array(list)) = usage_plan {
        for (plan, settings) in list.iter().filter_map(|p| p.as_object().and_then(|m| m.iter().next())) {
            let id = format!("ApiGatewayUsagePlan{}", upper_first(plan));
            let description = format!("Usage plan \"{plan}\" for {} {} stage", api.service, api.stage);
            let name = format!("{}-{plan}-{}", api.service, api.stage);
            cx.merge(id, usage_plan_resource(api, deployment, description, name, settings));
        }
    } else {
        let description = format!("Usage plan for {} {} stage", api.service, api.stage);
        let name = format!("{}-{}", api.service, api.stage);
        let settings = usage_plan.cloned().unwrap_or(json!({}));
        cx.merge("ApiGatewayUsagePlan".into(), usage_plan_resource(api, deployment, description, name, &settings));
    }
    for (key, plan) in key_ids {
        let id = key.replacen("ApiGatewayApiKey", "ApiGatewayUsagePlanKey", 1);
        cx.merge(
            id,
            json!({
                "Type": "AWS::ApiGateway::UsagePlanKey",
                "Properties": { "KeyId": { "Ref": key }, "KeyType": "API_KEY", "UsagePlanId": { "Ref": plan } }
            }),
        );
    }
}

/// One `AWS::ApiGateway::ApiKey`: a name, or `{name, value, description, customerId, enabled}`.
fn api_key(api: &Api<'_>, key: &Value, deployment: &str) -> Value {
    let mut props = Map::new();
    let get = |k: &str| key.as_object().and_then(|m| m.get(k)).filter(|v| !v.is_null()).cloned();
    props.insert("Enabled".into(), get("enabled").unwrap_or(json!(true)));
    let name = match key {
        Value::String(_) => Some(key.clone()),
        _ => get("name"),
    };
    if let Some(n) = name {
        props.insert("Name".into(), n);
    }
    if let Some(v) = get("value").filter(truthy) {
        props.insert("Value".into(), key_text(&v));
    }
    for (k, prop) in [("description", "Description"), ("customerId", "CustomerId")] {
        if let Some(v) = get(k) {
            props.insert(prop.into(), v);
        }
    }
    props.insert("StageKeys".into(), json!([{ "RestApiId": api.id, "StageName": api.stage }]));
    json!({ "Type": "AWS::ApiGateway::ApiKey", "Properties": props, "DependsOn": deployment })
}

/// A key value as the reference writes it: numbers in JavaScript's formatting, as text.
fn key_text(v: &Value) -> Value {
    match v {
        Value::Number(n) => json!(crate::reader::js_number(n)),
        other => other.clone(),
    }
}

fn usage_plan_resource(api: &Api<'_>, deployment: &str, description: String, name: String, settings: &Value) -> Value {
    let mut props = Map::new();
    props.insert("ApiStages".into(), json!([{ "ApiId": api.id, "Stage": api.stage }]));
    props.insert("Description".into(), json!(description));
    props.insert("UsagePlanName".into(), json!(name));
    let pick = |obj: Option<&Value>, keys: &[(&str, &str)]| {
        let obj = obj?.as_object().filter(|m| !m.is_empty())?;
        let mut out = Map::new();
        for (k, prop) in keys {
            if let Some(v) = obj.get(*k).filter(|v| !v.is_null()) {
                out.insert((*prop).into(), v.clone());
            }
        }
        Some(Value::Object(out))
    };
    if let Some(q) = pick(settings.get("quota"), &[("limit", "Limit"), ("offset", "Offset"), ("period", "Period")]) {
        props.insert("Quota".into(), q);
    }
    if let Some(t) = pick(settings.get("throttle"), &[("burstLimit", "BurstLimit"), ("rateLimit", "RateLimit")]) {
        props.insert("Throttle".into(), t);
    }
    json!({ "Type": "AWS::ApiGateway::UsagePlan", "DependsOn": deployment, "Properties": props })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_only_keys_of_named_plans() {
        let plans = plan_names(Some(&json!([{ "free": {} }, { "paid": {} }])));
        assert_eq!(plans, ["free", "paid"]);
        assert!(group(&json!({ "free": ["a"] }), &plans).is_some());
        assert!(group(&json!({ "name": "a", "value": "b" }), &plans).is_none());
        assert!(group(&json!("a"), &plans).is_none());
    }
}
