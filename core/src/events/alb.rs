//! `alb` events (serverless-events.md §4): a target group per function and load balancer, a
//! listener rule per event and the two permissions Elastic Load Balancing needs. Written in three
//! passes over all alb events (target groups, then rules, then permissions), as the reference
//! does.

use serde_json::{Map, Value, json};

use super::{Ctx, EventRef, EventType, object, shape_error};
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::naming;
use crate::reader::{Keys, Loader, join};

pub(crate) struct Alb;

const KEYS: Keys = Keys {
    allowed: &[
        "listenerArn",
        "priority",
        "conditions",
        "multiValueHeaders",
        "healthCheck",
        "targetGroupName",
        "authorizer",
    ],
    unsupported: &[],
    no_effect: &[],
};

const CONDITION_KEYS: Keys =
    Keys { allowed: &["path", "method", "host", "header", "query", "ip"], unsupported: &[], no_effect: &[] };

const HEALTH_CHECK_KEYS: Keys = Keys {
    allowed: &[
        "enabled",
        "path",
        "intervalSeconds",
        "timeoutSeconds",
        "healthyThresholdCount",
        "unhealthyThresholdCount",
        "matcher",
    ],
    unsupported: &[],
    no_effect: &[],
};

impl EventType for Alb {
    fn name(&self) -> &'static str {
        "alb"
    }

    fn validate_service(&self, r: &crate::resolve::Resolved<'_>, out: &mut Diagnostics) {
        super::unused_settings(r, "alb", |out| provider_settings(r, out), out);
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        object(l, v, path)?;
        let map = &*l.object(v, path, &KEYS)?;
        let read = super::source::read_fields(l, map, path, |l, key, value, at| match key {
            "listenerArn" => match value {
                Value::String(_) => Some(value.clone()),
                Value::Object(m) if m.len() == 1 && m.get("Ref").is_some_and(Value::is_string) => Some(value.clone()),
                _ => {
                    shape_error(l, at, "the listener's ARN or `{Ref: <listener>}`", value);
                    None
                }
            },
            "priority" => l.integer(value, at).map(Value::from),
            "multiValueHeaders" => l.boolean(value, at).map(Value::from),
            "targetGroupName" => l.string(value, at).map(Value::from),
            "authorizer" => l.string_list(value, at).map(Value::from),
            "conditions" => conditions(l, value, at),
            "healthCheck" => health_check(l, value, at),
            _ => None,
        });
        let mut ok = read.is_some();
        let out = read.unwrap_or_default();
        ok &= l.require(map, path, &[
            (
                "listenerArn",
                "add the listener's ARN, e.g. `listenerArn: arn:aws:elasticloadbalancing:...:listener/app/my-lb/<id>/<id>`",
            ),
            ("priority", "add the rule's priority on the listener, e.g. `priority: 10`"),
            ("conditions", "add at least one condition, e.g. `conditions: {path: /users}`"),
        ]);
        ok.then_some(Value::Object(out))
    }

    fn validate(&self, cx: &EventRef<'_>, out: &mut Diagnostics) {
        let path = cx.path("alb");
        let c = cx.config;
        let fn_key = cx.fn_key;
        if listener_ids(&c["listenerArn"]).is_none() {
            out.push(
                Diagnostic::error(
                    codes::ALB_INVALID_LISTENER_ARN,
                    join(&path, "listenerArn"),
                    format!("Invalid ALB listenerArn in function \"{fn_key}\"."),
                )
                .with_help(
                    "give the ARN of an Application Load Balancer listener \
                     (arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<name>/<lb id>/<listener id>) or `{Ref: <listener>}`",
                ),
            );
        }
        if c["conditions"].as_object().is_some_and(|m| m.is_empty()) {
            out.push(
                Diagnostic::error(
                    codes::ALB_NO_CONDITIONS,
                    join(&path, "conditions"),
                    format!(
                        "Cannot setup \"alb\" event in \"{fn_key}\" function: At least one condition must be defined"
                    ),
                )
                .with_help("add a condition, e.g. `path: /users`"),
            );
        }
        let settings = cx.r.config.provider.apis.get("alb");
        if c.get("targetGroupName").is_some() && settings.and_then(|s| s.get("targetGroupPrefix")).is_some() {
            out.push(
                Diagnostic::error(
                    codes::ALB_TARGET_GROUP_NAME_EXCLUSIVE,
                    join(&path, "targetGroupName"),
                    "ALB \"targetGroupName\" setting is exclusive with \"provider.alb.targetGroupPrefix\": Please specify only one.",
                )
                .with_help("remove `targetGroupName` or `provider.alb.targetGroupPrefix`"),
            );
        }
        if let Some(Value::Array(names)) = c.get("authorizer") {
            let known = settings.and_then(|s| s.get("authorizers")).and_then(Value::as_object);
            for name in names.iter().filter_map(Value::as_str) {
                if !known.is_some_and(|k| k.contains_key(name)) {
                    out.push(
                        Diagnostic::error(
                            codes::ALB_MISSING_AUTHORIZER,
                            join(&path, "authorizer"),
                            format!(
                                "No match for \"{name}\" in function \"{fn_key}\" found in registered ALB authorizers"
                            ),
                        )
                        .with_help("define it under `provider.alb.authorizers`"),
                    );
                }
            }
            if names.iter().filter_map(Value::as_str).all(|n| known.is_some_and(|k| k.contains_key(n))) {
                out.push(
                    Diagnostic::error(
                        codes::CONFIG_UNSUPPORTED_KEY,
                        join(&path, "authorizer"),
                        "ALB authorizers (authenticate-cognito / authenticate-oidc actions) are not supported by stackwright yet",
                    )
                    .with_help("add the authenticate action to the listener rule in `resources`"),
                );
            }
        }
        self.validate_priority(cx, &path, out);
        check_elb_limits(cx, &path, out);
        if let Some(hc) = c.get("healthCheck").filter(|h| h.is_object()) {
            let interval = hc.get("intervalSeconds").and_then(Value::as_u64).unwrap_or(35);
            let timeout = hc.get("timeoutSeconds").and_then(Value::as_u64).unwrap_or(30);
            let mut bad = |key: &str, message: String, help: &str| {
                out.push(
                    Diagnostic::error(codes::ALB_INVALID_HEALTH_CHECK, join(&join(&path, "healthCheck"), key), message)
                        .with_help(help.to_string()),
                );
            };
            for (key, min, max, default) in [
                ("intervalSeconds", 5, 300, 35),
                ("timeoutSeconds", 2, 120, 30),
                ("healthyThresholdCount", 2, 10, 5),
                ("unhealthyThresholdCount", 2, 10, 5),
            ] {
                let n = hc.get(key).and_then(Value::as_u64).unwrap_or(default);
                if !(min..=max).contains(&n) {
                    bad(
                        key,
                        format!("health check {key} {n} is outside {min}..{max}, which Elastic Load Balancing accepts"),
                        "use a value in the allowed range",
                    );
                }
            }
            if timeout >= interval {
                bad(
                    "timeoutSeconds",
                    format!(
                        "health check timeoutSeconds ({timeout}) must be smaller than intervalSeconds ({interval}): Elastic Load Balancing rejects the target group otherwise"
                    ),
                    "lower `timeoutSeconds` or raise `intervalSeconds` (defaults: 30 and 35)",
                );
            }
        }
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        let events = cx.events_of("alb");
        let settings = cx.r.config.provider.apis.get("alb");
        let prefix =
            settings.and_then(|s| s.get("targetGroupPrefix")).and_then(Value::as_str).unwrap_or("").to_string();
        let service = cx.r.service().to_string();
        let stage = cx.r.stage.to_string();
        let mut groups = Vec::with_capacity(events.len());
        for &(fn_key, f, _, c) in &events {
            let Some((alb_id, _)) = listener_ids(&c["listenerArn"]) else { continue };
            let multi = c.get("multiValueHeaders") == Some(&Value::Bool(true));
            let fid = naming::normalize(fn_key);
            let tg_id = format!("{fid}Alb{}TargetGroup{alb_id}", if multi { "MultiValue" } else { "" });
            let name = match c.get("targetGroupName").and_then(Value::as_str) {
                Some(n) => n.to_string(),
                None => {
                    let mv = if multi { "multi-value-" } else { "" };
                    let hashed = format!(
                        "{prefix}{}",
                        crate::hash::md5_hex(format!("{service}-{fn_key}-{alb_id}-{mv}{stage}").as_bytes())
                    );
                    hashed.chars().take(32).collect()
                }
            };
            let mut p = Map::new();
            p.insert("TargetType".into(), json!("lambda"));
            p.insert("Targets".into(), json!([{ "Id": cx.target(fn_key, f) }]));
            p.insert("Name".into(), json!(name));
            p.insert(
                "Tags".into(),
                json!([{ "Key": "Name", "Value": format!("{service}-{fn_key}-{alb_id}-{stage}") }]),
            );
            p.insert(
                "TargetGroupAttributes".into(),
                json!([{ "Key": "lambda.multi_value_headers.enabled", "Value": multi }]),
            );
            health_check_props(c.get("healthCheck"), &mut p);
            let mut depends_on = vec![json!(format!("{fid}LambdaPermissionRegisterTarget"))];
            depends_on.extend(cx.alias_id(fn_key, f).map(Value::String));
            cx.set(
                tg_id.clone(),
                json!({ "Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": p, "DependsOn": depends_on }),
            );
            groups.push(Some(tg_id));
        }
        let mut groups = groups.into_iter();
        let mut written = Vec::with_capacity(events.len());
        for &(fn_key, _, _, c) in &events {
            if listener_ids(&c["listenerArn"]).is_none() {
                continue;
            }
            let Some(Some(tg_id)) = groups.next() else { continue };
            let priority = &c["priority"];
            let rule = json!({
                "Type": "AWS::ElasticLoadBalancingV2::ListenerRule",
                "Properties": {
                    "Actions": [{ "Type": "forward", "TargetGroupArn": { "Ref": tg_id } }],
                    "Conditions": conditions_props(&c["conditions"]),
                    "ListenerArn": c["listenerArn"],
                    "Priority": priority
                }
            });
            cx.set(format!("{}AlbListenerRule{}", naming::normalize(fn_key), crate::reader::js_string(priority)), rule);
            written.push(tg_id);
        }
        let mut written = written.into_iter();
        for &(fn_key, f, _, c) in &events {
            if listener_ids(&c["listenerArn"]).is_none() {
                continue;
            }
            let Some(tg_id) = written.next() else { continue };
            let fid = naming::normalize(fn_key);
            let target = cx.target(fn_key, f);
            let alias: Option<Value> = cx.alias_id(fn_key, f).map(|a| json!([a]));
            let principal = json!("elasticloadbalancing.amazonaws.com");
            cx.merge(
                format!("{fid}LambdaPermissionAlb"),
                super::rule_common::permission(
                    target.clone(),
                    principal.clone(),
                    Some(json!({ "Ref": tg_id })),
                    alias.clone(),
                ),
            );
            cx.merge(
                format!("{fid}LambdaPermissionRegisterTarget"),
                super::rule_common::permission(target, principal, None, alias),
            );
        }
    }
}

impl Alb {
    /// The reference's priority rules, checked against every earlier alb event (the later
    /// duplicate is reported), plus D7's: one listener cannot have two rules of one priority.
    fn validate_priority(&self, cx: &EventRef<'_>, path: &str, out: &mut Diagnostics) {
        let c = cx.config;
        let Some(priority) = c["priority"].as_u64() else { return };
        let Some((_, listener)) = listener_ids(&c["listenerArn"]) else { return };
        for &(key, f) in &cx.r.functions {
            for (i, e) in f.events.iter().enumerate() {
                if key == cx.fn_key && i == cx.index {
                    return;
                }
                if e.kind != "alb" || e.config["priority"].as_u64() != Some(priority) {
                    continue;
                }
                let Some((_, other)) = listener_ids(&e.config["listenerArn"]) else { continue };
                let fn_key = cx.fn_key;
                let at = join(path, "priority");
                let diagnostic = if key == fn_key && other != listener {
                    Diagnostic::error(
                        codes::ALB_PRIORITY_ALREADY_IN_USE,
                        at,
                        format!(
                            "ALB event in function \"{fn_key}\" cannot use priority \"{priority}\" because it is already in use.\n  \
                             Events in the same function cannot use the same priority even if they have a different listenerArn.\n  \
                             This is a Serverless limitation that will be fixed in the next major release."
                        ),
                    )
                } else if key != fn_key && other == listener {
                    Diagnostic::error(
                        codes::ALB_PRIORITY_ALREADY_IN_USE,
                        at,
                        format!(
                            "ALB event in function \"{fn_key}\" cannot use priority \"{priority}\" because it is already in use."
                        ),
                    )
                } else if key == fn_key {
                    Diagnostic::error(
                        codes::DUPLICATE_EVENT,
                        at,
                        format!(
                            "function \"{fn_key}\" has two alb events with priority {priority} on the same listener: the second replaces the first"
                        ),
                    )
                } else {
                    continue;
                };
                out.push(diagnostic.with_help("give each listener rule its own priority"));
                return;
            }
        }
    }
}

/// D7: values Elastic Load Balancing rejects although the reference passes them: a priority
/// outside 1..50000, a target group name that is not 1-32 letters, digits and inner hyphens, and
/// `provider.alb` settings the reference does not know (checked once, on the first alb event).
fn check_elb_limits(cx: &EventRef<'_>, path: &str, out: &mut Diagnostics) {
    let c = cx.config;
    if let Some(p) = c["priority"].as_u64()
        && !(1..=50_000).contains(&p)
    {
        out.push(
            Diagnostic::error(
                codes::INVALID_EVENT,
                join(path, "priority"),
                format!("ALB listener rule priority {p} is outside 1..50000"),
            )
            .with_help("use a priority from 1 to 50000"),
        );
    }
    if let Some(name) = c.get("targetGroupName").and_then(Value::as_str) {
        let valid = (1..=32).contains(&name.len())
            && name.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
            && !name.starts_with('-')
            && !name.ends_with('-');
        if !valid {
            out.push(
                Diagnostic::error(
                    codes::INVALID_EVENT,
                    join(path, "targetGroupName"),
                    format!(
                        "target group name \"{name}\" is not valid: Elastic Load Balancing allows 1 to 32 letters, digits and hyphens, not starting or ending with a hyphen"
                    ),
                )
                .with_help("shorten or rename it, or remove `targetGroupName` to get a generated name"),
            );
        }
    }
    if cx.is_first("alb") {
        provider_settings(cx.r, out);
    }
}

/// `provider.alb`, checked once (at the first `alb` event).
fn provider_settings(r: &crate::resolve::Resolved<'_>, out: &mut Diagnostics) {
    let Some(settings) = r.config.provider.apis.get("alb") else { return };
    let Some(map) = settings.as_object() else {
        out.push(Diagnostic::error(
            codes::CONFIG_INVALID_VALUE,
            "provider.alb",
            "expected an object with `targetGroupPrefix` and/or `authorizers`",
        ));
        return;
    };
    for key in map.keys().filter(|k| !["targetGroupPrefix", "authorizers"].contains(&k.as_str())) {
        out.push(
            Diagnostic::error(
                codes::CONFIG_UNKNOWN_KEY,
                format!("provider.alb.{key}"),
                format!("unknown key `{key}` in provider.alb"),
            )
            .with_help("allowed keys: `targetGroupPrefix`, `authorizers`"),
        );
    }
    if let Some(prefix) = map.get("targetGroupPrefix")
        && !prefix.as_str().is_some_and(|p| {
            p.len() <= 16 && p.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-') && !p.starts_with('-')
        })
    {
        out.push(
            Diagnostic::error(
                codes::CONFIG_INVALID_VALUE,
                "provider.alb.targetGroupPrefix",
                format!("target group prefix {} is not valid: up to 16 letters, digits and hyphens, not starting with a hyphen", crate::reader::describe(prefix)),
            )
            .with_help("the prefix starts every generated target group name (32 characters at most)"),
        );
    }
}

/// `(albId, listenerId)` of a listener ARN, or both the logical ID of `{Ref: X}`.
fn listener_ids(arn: &Value) -> Option<(String, String)> {
    if let Some(r) = arn.get("Ref").and_then(Value::as_str) {
        return Some((r.to_string(), r.to_string()));
    }
    let s = arn.as_str()?;
    // ^arn:aws[\w-]*:elasticloadbalancing:.+:listener/app/[\w-]+/([\w-]+)/([\w-]+)$
    let word = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let rest = s.strip_prefix("arn:aws")?;
    let (partition, rest) = rest.split_once(':')?;
    if !partition.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return None;
    }
    let rest = rest.strip_prefix("elasticloadbalancing:")?;
    let at = rest.rfind(":listener/app/")?;
    if at == 0 {
        return None;
    }
    let parts: Vec<&str> = rest[at + ":listener/app/".len()..].split('/').collect();
    match parts.as_slice() {
        [name, alb, listener] if word(name) && word(alb) && word(listener) => {
            Some((alb.to_string(), listener.to_string()))
        }
        _ => None,
    }
}

fn conditions(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    let map = &*l.object(v, path, &CONDITION_KEYS)?;
    let out = super::source::read_fields(l, map, path, |l, key, value, at| match key {
        "path" | "method" | "host" | "ip" => l.string_list(value, at).map(Value::from),
        "header" => {
            let items = match value {
                Value::Array(items) => items.clone(),
                other => vec![other.clone()],
            };
            let mut headers = Vec::new();
            for item in &items {
                match (item.get("name").and_then(Value::as_str), item.get("values")) {
                    (Some(_), Some(values)) if item.as_object().is_some_and(|m| m.len() == 2) => {
                        if let Some(values) = l.string_list(values, &join(at, "values")) {
                            headers.push(json!({ "name": item["name"], "values": values }));
                        }
                    }
                    _ => shape_error(l, at, "`{name: <header>, values: [...]}`", item),
                }
            }
            (headers.len() == items.len())
                .then(|| if value.is_array() { Value::Array(headers) } else { headers.remove(0) })
        }
        "query" => match value {
            Value::Object(q) if q.values().all(Value::is_string) => Some(value.clone()),
            _ => {
                shape_error(l, at, "an object of query parameter names and values", value);
                None
            }
        },
        _ => None,
    })?;
    Some(Value::Object(out))
}

fn health_check(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    if let Value::Bool(_) = v {
        return Some(v.clone());
    }
    let map = &*l.object(v, path, &HEALTH_CHECK_KEYS)?;
    let mut out = Map::new();
    for (key, value) in map {
        let at = join(path, key);
        let read = match key.as_str() {
            "enabled" => l.boolean(value, &at).map(Value::from),
            "path" => l.string(value, &at).map(Value::from),
            "matcher" => match value.get("httpCode") {
                Some(code) if value.as_object().is_some_and(|m| m.len() == 1) => {
                    l.string(code, &join(&at, "httpCode")).map(|c| json!({ "httpCode": c }))
                }
                _ => {
                    shape_error(l, &at, "`{httpCode: \"200\"}`", value);
                    None
                }
            },
            _ => l.integer(value, &at).map(Value::from),
        };
        out.insert(key.clone(), read?);
    }
    Some(Value::Object(out))
}

/// The health check properties of a target group (`HealthCheckEnabled: false` without one).
fn health_check_props(hc: Option<&Value>, p: &mut Map<String, Value>) {
    let settings = match hc {
        Some(Value::Bool(true)) => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        _ => {
            p.insert("HealthCheckEnabled".into(), json!(false));
            return;
        }
    };
    let get = |k: &str, default: Value| settings.get(k).cloned().unwrap_or(default);
    p.insert("HealthCheckEnabled".into(), get("enabled", json!(true)));
    p.insert("HealthCheckPath".into(), get("path", json!("/")));
    p.insert("HealthCheckIntervalSeconds".into(), get("intervalSeconds", json!(35)));
    p.insert("HealthCheckTimeoutSeconds".into(), get("timeoutSeconds", json!(30)));
    p.insert("HealthyThresholdCount".into(), get("healthyThresholdCount", json!(5)));
    p.insert("UnhealthyThresholdCount".into(), get("unhealthyThresholdCount", json!(5)));
    let code = settings.get("matcher").and_then(|m| m.get("httpCode")).cloned().unwrap_or(json!("200"));
    p.insert("Matcher".into(), json!({ "HttpCode": code }));
}

/// The listener rule's conditions, in the reference's fixed order.
fn conditions_props(c: &Value) -> Value {
    let mut out = Vec::new();
    if let Some(v) = c.get("path") {
        out.push(json!({ "Field": "path-pattern", "Values": v }));
    }
    if let Some(v) = c.get("host") {
        out.push(json!({ "Field": "host-header", "HostHeaderConfig": { "Values": v } }));
    }
    if let Some(v) = c.get("method") {
        out.push(json!({ "Field": "http-request-method", "HttpRequestMethodConfig": { "Values": v } }));
    }
    let headers = match c.get("header") {
        Some(Value::Array(h)) => h.clone(),
        Some(h) => vec![h.clone()],
        None => Vec::new(),
    };
    for h in headers {
        out.push(json!({ "Field": "http-header", "HttpHeaderConfig": { "HttpHeaderName": h["name"], "Values": h["values"] } }));
    }
    if let Some(Value::Object(q)) = c.get("query") {
        let values: Vec<Value> = q.iter().map(|(k, v)| json!({ "Key": k, "Value": v })).collect();
        out.push(json!({ "Field": "query-string", "QueryStringConfig": { "Values": values } }));
    }
    if let Some(v) = c.get("ip") {
        out.push(json!({ "Field": "source-ip", "SourceIpConfig": { "Values": v } }));
    }
    Value::Array(out)
}

#[cfg(test)]
mod tests {
    use super::super::rule_common::check_errors;
    use super::listener_ids;
    use serde_json::json;

    const ARN: &str =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb-1/50dc6c495c0c9188/f2f7dc8efc522ab2";

    #[test]
    fn listener_arns() {
        assert_eq!(listener_ids(&json!(ARN)), Some(("50dc6c495c0c9188".into(), "f2f7dc8efc522ab2".into())));
        assert_eq!(listener_ids(&json!({ "Ref": "L" })), Some(("L".into(), "L".into())));
        assert_eq!(listener_ids(&json!(ARN.replace("/app/", "/net/"))), None);
        assert_eq!(listener_ids(&json!("arn:aws:sqs:us-east-1:123456789012:q")), None);
    }

    #[test]
    fn reference_errors() {
        let e = check_errors(json!({
            "a": { "handler": "h.h", "events": [{ "alb": { "listenerArn": ARN.replace("/app/", "/net/"), "priority": 1, "conditions": { "path": "/" } } }] },
            "b": { "handler": "h.h", "events": [{ "alb": { "listenerArn": ARN, "priority": 2, "conditions": {} } }] },
            "c": { "handler": "h.h", "events": [{ "alb": { "listenerArn": ARN, "priority": 3, "conditions": { "path": "/" } } }] },
            "d": { "handler": "h.h", "events": [{ "alb": { "listenerArn": ARN, "priority": 3, "conditions": { "path": "/x" } } }] }
        }));
        assert_eq!(
            e[0],
            (
                "ALB_INVALID_LISTENER_ARN".into(),
                "functions.a.events[0].alb.listenerArn".into(),
                "Invalid ALB listenerArn in function \"a\".".into()
            )
        );
        assert_eq!(e[1].0, "ALB_NO_CONDITIONS");
        assert_eq!(e[2].0, "ALB_PRIORITY_ALREADY_IN_USE");
        assert_eq!(e[2].2, "ALB event in function \"d\" cannot use priority \"3\" because it is already in use.");
    }

    #[test]
    fn health_check_timeout_below_interval() {
        let e = check_errors(json!({ "a": { "handler": "h.h", "events": [{ "alb": {
            "listenerArn": ARN, "priority": 1, "conditions": { "path": "/" }, "healthCheck": { "intervalSeconds": 30, "timeoutSeconds": 45 }
        } }] } }));
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].0, "ALB_INVALID_HEALTH_CHECK");
        assert!(e[0].2.contains("must be smaller than intervalSeconds (30)"), "{}", e[0].2);
    }

    #[test]
    fn elb_limits() {
        let e = check_errors(json!({ "a": { "handler": "h.h", "events": [
            { "alb": { "listenerArn": ARN, "priority": 50001, "conditions": { "path": "/" }, "targetGroupName": "-bad" } }
        ] } }));
        let got: Vec<&str> = e.iter().map(|e| e.1.as_str()).collect();
        assert_eq!(got, ["functions.a.events[0].alb.priority", "functions.a.events[0].alb.targetGroupName"], "{e:?}");
    }

    #[test]
    fn same_function_same_listener_same_priority_is_a_duplicate() {
        let e = check_errors(json!({ "a": { "handler": "h.h", "events": [
            { "alb": { "listenerArn": ARN, "priority": 1, "conditions": { "path": "/" } } },
            { "alb": { "listenerArn": ARN, "priority": 1, "conditions": { "path": "/b" } } }
        ] } }));
        assert_eq!(e[0].0, "DUPLICATE_EVENT");
    }
}
