//! Pieces shared by the rule-like event types (`schedule`, `cloudwatchEvent`, `eventBridge`,
//! `iot`, `alexaSkill`, ...): reading their common settings and the `AWS::Lambda::Permission`
//! they add.

use serde_json::{Map, Value, json};

use super::shape_error;
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Expr;
use crate::naming;
use crate::reader::has_intrinsic_key;
use crate::reader::{Keys, Loader, get, join};
use crate::resolve::Resolved;

/// Reads one setting of a rule-like event by its kind of value, copying it to `out` when valid.
pub(crate) enum Setting {
    /// A string (numbers and booleans coerced, as ajv does).
    Str,
    /// A boolean (`"true"`/`"false"` coerced).
    Bool,
    /// A string or an intrinsic function.
    StrOrIntrinsic,
    /// Any JSON object.
    Object,
    /// A string or an object (`input` of schedule and cloudwatchEvent).
    StrOrObject,
    /// `{inputTemplate, inputPathsMap?}`.
    InputTransformer,
}

/// Reads `key` of `map` as `kind` into `out` (nothing when absent).
pub(crate) fn read(
    l: &mut Loader,
    map: &Map<String, Value>,
    key: &str,
    kind: Setting,
    path: &str,
    out: &mut Map<String, Value>,
) {
    // Written without a value: absent, as for the reference (a required one is then missing).
    let Some(v) = get(map, key) else { return };
    let at = join(path, key);
    let value = match kind {
        Setting::Str => l.string(v, &at).map(Value::String),
        Setting::Bool => l.boolean(v, &at).map(Value::Bool),
        Setting::StrOrIntrinsic => l.string_or_intrinsic(v, &at).map(|e| e.to_json()),
        Setting::Object => match v {
            Value::Object(_) => Some(v.clone()),
            _ => {
                shape_error(l, &at, "an object", v);
                None
            }
        },
        Setting::StrOrObject => match v {
            Value::String(_) | Value::Object(_) => Some(v.clone()),
            _ => {
                shape_error(l, &at, "a string or an object", v);
                None
            }
        },
        Setting::InputTransformer => input_transformer(l, v, &at),
    };
    if let Some(value) = value {
        out.insert(key.to_string(), value);
    }
}

fn input_transformer(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    if v.as_object().is_none_or(has_intrinsic_key) {
        shape_error(l, path, "an object with `inputTemplate` and optionally `inputPathsMap`", v);
        return None;
    }
    const KEYS: Keys = Keys { allowed: &["inputTemplate", "inputPathsMap"], unsupported: &[], no_effect: &[] };
    let map = l.object(v, path, &KEYS)?;
    let mut ok = true;
    for (k, value) in map.iter() {
        let at = join(path, k);
        match (k.as_str(), value) {
            ("inputTemplate", Value::String(s)) if !s.is_empty() => {}
            ("inputTemplate", _) => {
                shape_error(l, &at, "a non-empty template string", value);
                ok = false;
            }
            ("inputPathsMap", Value::Object(_)) => {}
            _ => {
                shape_error(l, &at, "an object of JSON paths", value);
                ok = false;
            }
        }
    }
    if get(&map, "inputTemplate").is_none() {
        l.missing(path, "inputTemplate", "add the template, e.g. `inputTemplate: '{\"id\": <id>}'`");
        ok = false;
    }
    ok.then(|| Value::Object(map.into_owned()))
}

/// The `Input` text of a schedule or cloudwatchEvent target: an object as compact JSON (a string
/// `body` of it parsed first), a string as written. `None` when `body` is not JSON.
pub(crate) fn input_text(input: &Value) -> Option<String> {
    match input {
        Value::String(s) => Some(s.clone()),
        Value::Object(m) => {
            let mut m = m.clone();
            if let Some(Value::String(body)) = m.get("body") {
                let parsed: Value = serde_json::from_str(body).ok()?;
                m.insert("body".into(), parsed);
            }
            Some(crate::json::to_compact_string(&Value::Object(m)))
        }
        other => Some(crate::json::to_compact_string(other)),
    }
}

/// `{"InputTemplate", "InputPathsMap"?}` as the schedule and cloudwatchEvent compilers write it.
pub(crate) fn input_transformer_props(t: &Value) -> Value {
    let mut out = Map::new();
    out.insert("InputTemplate".into(), t["inputTemplate"].clone());
    if let Some(m) = t.get("inputPathsMap") {
        out.insert("InputPathsMap".into(), m.clone());
    }
    Value::Object(out)
}

/// The `Role` value of a function's resource (the scheduler's `RoleArn`).
pub(crate) fn function_role_arn(r: &Resolved<'_>, f: &crate::model::Function) -> Value {
    match r.function_role(f) {
        None => json!({ "Fn::GetAtt": [naming::EXECUTION_ROLE, "Arn"] }),
        Some(Expr::Str(s)) if !s.contains(':') => json!({ "Fn::GetAtt": [s, "Arn"] }),
        Some(role) => role.to_json(),
    }
}

/// An `AWS::Lambda::Permission` in the reference's usual key order; `depends_on` is the alias.
pub(crate) fn permission(
    target: Value,
    principal: Value,
    source_arn: Option<Value>,
    depends_on: Option<Value>,
) -> Value {
    let mut props = Map::new();
    props.insert("FunctionName".into(), target);
    props.insert("Action".into(), json!("lambda:InvokeFunction"));
    props.insert("Principal".into(), principal);
    if let Some(arn) = source_arn {
        props.insert("SourceArn".into(), arn);
    }
    let mut res = Map::new();
    res.insert("Type".into(), json!("AWS::Lambda::Permission"));
    if let Some(d) = depends_on {
        res.insert("DependsOn".into(), d);
    }
    res.insert("Properties".into(), Value::Object(props));
    Value::Object(res)
}

/// An error when the string `key` of event config `c` (at `path`) holds `"` or `\\`, which would
/// break the reference's JSON-text templates for a rule of event type `kind`.
pub(crate) fn check_json_template_text(kind: &str, c: &Value, path: &str, key: &str, out: &mut Diagnostics) {
    if let Some(s) = c.get(key).and_then(Value::as_str)
        && (s.contains('"') || s.contains('\\'))
    {
        out.push(
            Diagnostic::error(
                codes::INVALID_EVENT,
                join(path, key),
                format!("{kind} {key} \"{s}\" contains `\"` or `\\`, which the reference cannot write into its rule"),
            )
            .with_help(format!("remove the quotes and backslashes from `{key}`")),
        );
    }
}

/// Test support: the errors (code, path, message) of a service with these functions, from
/// loading and `check()`.
#[cfg(test)]
pub(crate) fn check_errors(functions: Value) -> Vec<(String, String, String)> {
    let config = json!({
        "service": "svc",
        "provider": { "name": "aws", "runtime": "nodejs22.x" },
        "functions": functions
    });
    let diagnostics = match crate::Service::from_json_str(&config.to_string()) {
        Ok(s) => s.check(),
        Err(d) => d,
    };
    // Code artifacts are not what these tests are about.
    diagnostics
        .errors()
        .filter(|e| e.code != "ARTIFACT_ERROR")
        .map(|e| (e.code.to_string(), e.path.clone(), e.message.clone()))
        .collect()
}

/// Where an event's rule name must be unique, and the name: EventBridge rules per event bus,
/// EventBridge Scheduler schedules, IoT topic rules. `None` when the event names no rule.
pub(crate) fn rule_key(
    r: &Resolved<'_>,
    fn_key: &str,
    f: &crate::model::Function,
    index: usize,
) -> Option<(String, String)> {
    let e = f.events.get(index)?;
    let c = &e.config;
    let name = || c.get("name").and_then(Value::as_str).filter(|n| !n.is_empty()).map(str::to_string);
    match e.kind.as_str() {
        "schedule" if c.get("method").and_then(Value::as_str) == Some("scheduler") => {
            Some(("EventBridge Scheduler".into(), name()?))
        }
        "schedule" | "cloudwatchEvent" => Some(("the default event bus".into(), name()?)),
        "iot" => Some(("AWS IoT".into(), name()?.replace("\r\n", "").replace('\n', ""))),
        "eventBridge" => {
            let bus = match c.get("eventBus") {
                Some(Value::String(b)) if b.starts_with("arn") => {
                    b.split_once('/').map_or(b.as_str(), |(_, n)| n).to_string()
                }
                Some(Value::String(b)) if !b.is_empty() => b.clone(),
                Some(Value::String(_)) | None => "default".into(),
                Some(other) => crate::json::to_compact_string(other),
            };
            let bus =
                if bus == "default" { "the default event bus".to_string() } else { format!("event bus \"{bus}\"") };
            Some((bus, name().unwrap_or_else(|| format!("{}-rule-{}", r.function_name(fn_key, f), index + 1))))
        }
        _ => None,
    }
}

/// D7: a rule name used by an earlier event in the same namespace (the second rule would fail to
/// deploy, or replace the first).
pub(crate) fn duplicate_rule(cx: &super::EventRef<'_>, kind: &str, out: &mut crate::diagnostics::Diagnostics) {
    let Some((namespace, name)) = rule_key(cx.r, cx.fn_key, cx.function, cx.index) else { return };
    for &(key, f) in &cx.r.functions {
        for i in 0..f.events.len() {
            if key == cx.fn_key && i == cx.index {
                return;
            }
            if rule_key(cx.r, key, f, i).as_ref() == Some(&(namespace.clone(), name.clone())) {
                out.push(
                    crate::diagnostics::Diagnostic::error(
                        codes::DUPLICATE_EVENT,
                        join(&cx.path(kind), "name"),
                        format!(
                            "rule name \"{name}\" is already used in {namespace} by functions.{key}.events[{i}].{}",
                            f.events[i].kind
                        ),
                    )
                    .with_help("give each rule its own name"),
                );
                return;
            }
        }
    }
}

/// D7: an explicit rule or schedule name EventBridge rejects (1 to 64 of `A-Z a-z 0-9 . - _`);
/// the reference only warns.
pub(crate) fn check_rule_name(cx: &super::EventRef<'_>, kind: &str, out: &mut crate::diagnostics::Diagnostics) {
    let Some(name) = cx.config.get("name").and_then(Value::as_str) else { return };
    let valid = (1..=64).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !valid {
        out.push(
            crate::diagnostics::Diagnostic::error(
                codes::INVALID_EVENT,
                join(&cx.path(kind), "name"),
                format!(
                    "rule name \"{name}\" is not valid: EventBridge allows 1 to 64 letters, digits, `.`, `-` and `_`"
                ),
            )
            .with_help("rename the rule, or remove `name` to get a generated one"),
        );
    }
}

#[cfg(test)]
mod synth_tests {
    use serde_json::{Value, json};

    /// Synthesizes one function with `events` (a throwaway artifact) and returns the resources.
    fn synth(events: Value) -> serde_json::Map<String, Value> {
        let artifact = std::env::temp_dir().join(format!("stackwright-events-misc-{}.zip", std::process::id()));
        std::fs::write(&artifact, b"not really a zip").unwrap();
        let config = json!({
            "service": "svc",
            "provider": { "name": "aws", "runtime": "nodejs22.x" },
            "package": { "artifact": artifact },
            "functions": { "job": { "handler": "h.handler", "events": events } },
            "resources": { "Resources": { "Listener": { "Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": {
                "DefaultActions": [{ "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "404" } }],
                "LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/svc/1"
            } } } }
        });
        let service = crate::Service::from_json_str(&config.to_string()).expect("loads");
        let template = service.synth().unwrap_or_else(|d| panic!("{d}"));
        template.resources().clone()
    }

    fn keys(v: &Value) -> Vec<&str> {
        v.as_object().unwrap().keys().map(String::as_str).collect()
    }

    #[test]
    fn forms_the_corpus_does_not_cover() {
        let r = synth(json!([
            { "schedule": { "rate": ["rate(1 hour)"], "method": "scheduler", "input": "x" } },
            { "alb": { "listenerArn": { "Ref": "Listener" }, "priority": 5, "conditions": { "query": { "a": "1" }, "ip": "10.0.0.0/8" } } },
            { "cloudwatchEvent": { "event": { "source": ["aws.ec2"] }, "input": { "x": 1 }, "description": "d" } },
            { "alexaSmartHome": { "appId": "amzn1.x", "enabled": false } },
            { "cognitoUserPool": { "pool": "p", "trigger": "CustomSMSSender", "kmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/k" } }
        ]));
        let schedule = &r["JobSchedulerSchedule1"]["Properties"];
        assert_eq!(
            schedule["Target"],
            json!({
                "Arn": { "Fn::GetAtt": ["JobLambdaFunction", "Arn"] },
                "RoleArn": { "Fn::GetAtt": ["IamRoleLambdaExecution", "Arn"] },
                "Input": "x"
            })
        );
        let role = &r["IamRoleLambdaExecution"]["Properties"];
        assert_eq!(
            role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"],
            json!(["lambda.amazonaws.com", "scheduler.amazonaws.com"])
        );
        let statements = role["Policies"][0]["PolicyDocument"]["Statement"].as_array().unwrap();
        assert!(statements.iter().any(|s| s["Action"] == json!(["lambda:InvokeFunction"])
            && s["Resource"][0]["Fn::Sub"]
                == json!("arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:svc-dev-job")));

        let tg = &r["JobAlbTargetGroupListener"]["Properties"];
        assert_eq!(tg["Name"], json!(crate::hash::md5_hex(b"svc-job-Listener-dev")));
        assert_eq!(
            r["JobAlbListenerRule5"]["Properties"]["Conditions"],
            json!([
                { "Field": "query-string", "QueryStringConfig": { "Values": [{ "Key": "a", "Value": "1" }] } },
                { "Field": "source-ip", "SourceIpConfig": { "Values": ["10.0.0.0/8"] } }
            ])
        );
        assert_eq!(r["JobAlbListenerRule5"]["Properties"]["ListenerArn"], json!({ "Ref": "Listener" }));

        let rule = &r["JobEventsRuleCloudWatchEvent1"]["Properties"];
        assert_eq!(keys(rule), ["EventPattern", "State", "Description", "Targets"]);
        assert_eq!(rule["Targets"][0]["Input"], json!("{\"x\":1}"));
        assert_eq!(rule["Targets"][0]["Id"], json!("jobCloudWatchEvent"));

        let alexa = &r["JobLambdaPermissionAlexaSmartHome1"]["Properties"];
        assert_eq!(alexa["Action"], json!("lambda:DisableInvokeFunction"));
        assert_eq!(alexa["Principal"], json!("alexa-connectedhome.amazon.com"));

        assert_eq!(
            r["CognitoUserPoolP"]["Properties"]["LambdaConfig"],
            json!({
                "CustomSMSSender": { "LambdaArn": { "Fn::GetAtt": ["JobLambdaFunction", "Arn"] }, "LambdaVersion": "V1_0" },
                "KMSKeyID": "arn:aws:kms:us-east-1:123456789012:key/k"
            })
        );
        assert!(r.contains_key("JobLambdaPermissionCognitoUserPoolPTriggerSourceCustomSMSSender"));
    }

    #[test]
    fn event_bridge_long_names_and_new_buses() {
        let r = synth(json!([
            { "eventBridge": { "pattern": { "source": ["a"] }, "eventBus": "my-bus", "enabled": false } }
        ]));
        assert_eq!(
            r["MyDashbusEventBridgeEventBus"],
            json!({ "Type": "AWS::Events::EventBus", "Properties": { "Name": "my-bus" } })
        );
        let rule = &r["Svcdevjobrule1EventBridgeRule"];
        assert_eq!(rule["DependsOn"], json!("MyDashbusEventBridgeEventBus"));
        assert_eq!(rule["Properties"]["State"], json!("DISABLED"));
        assert_eq!(rule["Properties"]["EventBusName"], json!("my-bus"));
    }
}
