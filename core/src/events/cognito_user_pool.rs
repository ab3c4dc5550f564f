//! `cognitoUserPool` events (serverless-events.md §17): new pools (`AWS::Cognito::UserPool` with
//! the triggers in `LambdaConfig`, and a permission per trigger), and triggers on an existing
//! pool (`existing: true`) through the reference's `Custom::CognitoUserPool` helper.

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use super::custom_resources::Kind;
use super::rule_common::{Setting, read};
use super::{Ctx, EventRef, EventType, object, shape_error};
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::naming;
use crate::reader::{Keys, Loader, join};

pub(crate) struct CognitoUserPool;

/// The reference's Cognito error codes are not in `codes.rs` yet: until they are, these
/// rules report `INVALID_EVENT` (with the reference's messages).
mod cognito_codes {
    use crate::codes::INVALID_EVENT;
    pub const COGNITO_MULTIPLE_USER_POOLS_PER_FUNCTION: &str = INVALID_EVENT;
    pub const COGNITO_INVALID_LAMBDA_VERSION: &str = INVALID_EVENT;
    pub const COGNITO_LAMBDA_VERSION_NOT_SUPPORTED: &str = INVALID_EVENT;
    pub const COGNITO_KMS_KEY_NOT_SET: &str = INVALID_EVENT;
    pub const COGNITO_KMS_KEY_ID_NOT_SAME_FOR_SINGLE_USER_POOL: &str = INVALID_EVENT;
}

const KEYS: Keys = Keys {
    allowed: &["pool", "trigger", "existing", "forceDeploy", "kmsKeyId", "lambdaVersion"],
    unsupported: &[],
    no_effect: &[],
};

const CUSTOM_SENDERS: &[&str] = &["CustomSMSSender", "CustomEmailSender"];

const TRIGGERS: &[&str] = &[
    "PreSignUp",
    "PostConfirmation",
    "PreAuthentication",
    "PostAuthentication",
    "PreTokenGeneration",
    "CustomMessage",
    "DefineAuthChallenge",
    "CreateAuthChallenge",
    "VerifyAuthChallengeResponse",
    "UserMigration",
    "CustomSMSSender",
    "CustomEmailSender",
];

impl EventType for CognitoUserPool {
    fn name(&self) -> &'static str {
        "cognitoUserPool"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        object(l, v, path)?;
        let map = &*l.object(v, path, &KEYS)?;
        let mut out = Map::new();
        for key in map.keys() {
            let kind = match key.as_str() {
                "existing" | "forceDeploy" => Setting::Bool,
                "kmsKeyId" => Setting::StrOrIntrinsic,
                _ => Setting::Str,
            };
            read(l, map, key, kind, path, &mut out);
        }
        let mut ok = l.require(
            map,
            path,
            &[
                ("pool", "add the user pool's name, e.g. `pool: my-users`"),
                ("trigger", "add the trigger, e.g. `trigger: PreSignUp`"),
            ],
        );
        if let Some(pool) = out.get("pool").and_then(Value::as_str) {
            let valid = !pool.is_empty()
                && pool.chars().count() <= 128
                && pool.chars().all(|c| c.is_alphanumeric() || c == '_' || c.is_whitespace() || "+=,.@-".contains(c));
            if !valid {
                shape_error(
                    l,
                    &join(path, "pool"),
                    "a user pool name (up to 128 letters, digits, spaces and `_+=,.@-`)",
                    &out["pool"],
                );
                ok = false;
            }
        }
        if let Some(trigger) = out.get("trigger").and_then(Value::as_str)
            && !TRIGGERS.contains(&trigger)
        {
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &join(path, "trigger"),
                format!("unknown Cognito trigger \"{trigger}\""),
                format!("triggers: {}", TRIGGERS.join(", ")),
            );
            ok = false;
        }
        if let Some(version) = out.get("lambdaVersion").and_then(Value::as_str)
            && !["V1_0", "V2_0", "V3_0"].contains(&version)
        {
            l.error(
                codes::CONFIG_INVALID_VALUE,
                &join(path, "lambdaVersion"),
                format!("must be equal to one of the allowed values [V1_0, V2_0, V3_0], found \"{version}\""),
            );
            ok = false;
        }
        ok.then_some(Value::Object(out))
    }

    fn validate(&self, cx: &EventRef<'_>, out: &mut Diagnostics) {
        let path = cx.path("cognitoUserPool");
        let c = cx.config;
        let trigger = c["trigger"].as_str().unwrap_or_default();
        let pool = c["pool"].as_str().unwrap_or_default();
        if let Some(version) = c.get("lambdaVersion").and_then(Value::as_str) {
            let problem = if CUSTOM_SENDERS.contains(&trigger) {
                (version != "V1_0").then(|| {
                    (
                        cognito_codes::COGNITO_INVALID_LAMBDA_VERSION,
                        format!("Invalid lambdaVersion \"{version}\" for \"{trigger}\". Allowed: V1_0."),
                    )
                })
            } else if trigger == "PreTokenGeneration" {
                None
            } else {
                Some((
                    cognito_codes::COGNITO_LAMBDA_VERSION_NOT_SUPPORTED,
                    format!(
                        "lambdaVersion is only supported for CustomSMSSender, CustomEmailSender, and PreTokenGeneration triggers. Got \"{trigger}\"."
                    ),
                ))
            };
            if let Some((code, message)) = problem {
                out.push(
                    Diagnostic::error(code, join(&path, "lambdaVersion"), message)
                        .with_help("remove `lambdaVersion` or use an allowed one"),
                );
            }
        }
        if CUSTOM_SENDERS.contains(&trigger) {
            if c.get("kmsKeyId").is_none() {
                out.push(
                    Diagnostic::error(
                        cognito_codes::COGNITO_KMS_KEY_NOT_SET,
                        path.clone(),
                        format!(
                            "KMS Key must be set when using a Custom Sender Source Trigger (CustomSMSSender and/or CustomEmailSender). Affected Cognito User Pool: \"{pool}\"."
                        ),
                    )
                    .with_help("add `kmsKeyId`, the key Cognito encrypts the codes with"),
                );
            } else if let Some(other) = earlier(cx, |e| {
                e["pool"].as_str() == Some(pool)
                    && e["existing"].as_bool().unwrap_or(false) == c["existing"].as_bool().unwrap_or(false)
                    && CUSTOM_SENDERS.contains(&e["trigger"].as_str().unwrap_or_default())
                    && e.get("kmsKeyId").is_some_and(|k| Some(k) != c.get("kmsKeyId"))
            }) {
                let _ = other;
                out.push(
                    Diagnostic::error(
                        cognito_codes::COGNITO_KMS_KEY_ID_NOT_SAME_FOR_SINGLE_USER_POOL,
                        join(&path, "kmsKeyId"),
                        format!("Only one KMS Key for can be configured per Cognito User Pool. Affected Cognito User Pool: \"{pool}\"."),
                    )
                    .with_help("use the same `kmsKeyId` for every custom sender of this pool"),
                );
            }
        }
        if c["existing"].as_bool() == Some(true) {
            let first_pool = cx
                .function
                .events
                .iter()
                .find(|e| e.kind == "cognitoUserPool" && e.config["existing"].as_bool() == Some(true))
                .and_then(|e| e.config["pool"].as_str());
            if let Some(first) = first_pool.filter(|p| *p != pool) {
                let name = cx.r.function_name(cx.fn_key, cx.function);
                out.push(
                    Diagnostic::error(
                        cognito_codes::COGNITO_MULTIPLE_USER_POOLS_PER_FUNCTION,
                        join(&path, "pool"),
                        format!(
                            "Only one Cognito User Pool can be configured per function. In \"{name}\" you're attempting to configure \"{first}\" and \"{pool}\" at the same time."
                        ),
                    )
                    .with_help("attach this function to one existing pool; use another function for the other pool"),
                );
            }
        }
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        new_pools(cx);
        existing_pools(cx);
    }
}

/// Whether an event before this one (same function, earlier; or an earlier function) matches.
fn earlier(cx: &EventRef<'_>, matches: impl Fn(&Value) -> bool) -> Option<(String, usize)> {
    for &(key, f) in &cx.r.functions {
        for (i, e) in f.events.iter().enumerate() {
            if key == cx.fn_key && i == cx.index {
                return None;
            }
            if e.kind == "cognitoUserPool" && matches(&e.config) {
                return Some((key.to_string(), i));
            }
        }
    }
    None
}

fn is_existing(c: &Value) -> bool {
    c.get("existing") == Some(&Value::Bool(true))
}

fn new_pools(cx: &mut Ctx<'_>) {
    // Pools in first-use order, each with its triggers (function, trigger, settings).
    let mut pools: IndexMap<String, Vec<(&str, &crate::model::Function, &Value)>> = IndexMap::new();
    for (fn_key, f, _, c) in cx.events_of("cognitoUserPool") {
        if is_existing(c) {
            continue;
        }
        let pool = c["pool"].as_str().unwrap_or_default().to_string();
        pools.entry(pool).or_default().push((fn_key, f, c));
    }
    for (pool, triggers) in &pools {
        let mut config = Map::new();
        let mut depends_on = Vec::new();
        for &(fn_key, f, c) in triggers {
            let trigger = c["trigger"].as_str().unwrap_or_default();
            let target = cx.target(fn_key, f);
            if CUSTOM_SENDERS.contains(&trigger) {
                let version = c.get("lambdaVersion").cloned().unwrap_or(json!("V1_0"));
                config.insert(trigger.into(), json!({ "LambdaArn": target, "LambdaVersion": version }));
                if let Some(k) = c.get("kmsKeyId") {
                    config.insert("KMSKeyID".into(), k.clone());
                }
            } else if let (true, Some(version)) = (trigger == "PreTokenGeneration", c.get("lambdaVersion")) {
                config.insert(
                    "PreTokenGenerationConfig".into(),
                    json!({ "LambdaArn": target, "LambdaVersion": version }),
                );
            } else {
                config.insert(trigger.into(), target);
            }
            depends_on.push(json!(cx.alias_id(fn_key, f).unwrap_or_else(|| naming::function_logical_id(fn_key))));
        }
        cx.merge(
            format!("CognitoUserPool{}", naming::normalize_alphanumeric(pool)),
            json!({
                "Type": "AWS::Cognito::UserPool",
                "Properties": { "UserPoolName": pool, "LambdaConfig": config },
                "DependsOn": depends_on
            }),
        );
    }
    for triggers in pools.values() {
        for &(fn_key, f, c) in triggers {
            let pool_id =
                format!("CognitoUserPool{}", naming::normalize_alphanumeric(c["pool"].as_str().unwrap_or_default()));
            let id = format!(
                "{}LambdaPermission{pool_id}TriggerSource{}",
                naming::normalize(fn_key),
                c["trigger"].as_str().unwrap_or_default()
            );
            let permission = super::rule_common::permission(
                cx.target(fn_key, f),
                json!("cognito-idp.amazonaws.com"),
                Some(json!({ "Fn::GetAtt": [pool_id, "Arn"] })),
                cx.alias_id(fn_key, f).map(Value::String),
            );
            cx.merge(id, permission);
        }
    }
}

fn existing_pools(cx: &mut Ctx<'_>) {
    let mut statements = Vec::new();
    let mut by_pool: IndexMap<String, Vec<String>> = IndexMap::new();
    let helper = cx.custom_resource_function_id(Kind::ExistingCognitoUserPool);
    for &(fn_key, f) in &cx.r.functions {
        let deployed = cx.r.function_name(fn_key, f);
        let id = format!("{}CustomCognitoUserPool1", naming::normalize(fn_key));
        let mut first = true;
        for e in f.events.iter().filter(|e| e.kind == "cognitoUserPool" && is_existing(&e.config)) {
            let c = &e.config;
            let pool = c["pool"].as_str().unwrap_or_default();
            let trigger = c["trigger"].as_str().unwrap_or_default();
            let ids = by_pool.entry(pool.to_string()).or_default();
            if !ids.contains(&id) {
                ids.push(id.clone());
            }
            let mut pool_config = Map::new();
            pool_config.insert("Trigger".into(), json!(trigger));
            if CUSTOM_SENDERS.contains(&trigger) {
                pool_config.insert("LambdaVersion".into(), c.get("lambdaVersion").cloned().unwrap_or(json!("V1_0")));
                if let Some(k) = c.get("kmsKeyId") {
                    pool_config.insert("KMSKeyID".into(), k.clone());
                }
            } else if let (true, Some(v)) = (trigger == "PreTokenGeneration", c.get("lambdaVersion")) {
                pool_config.insert("LambdaVersion".into(), v.clone());
            }
            if first {
                first = false;
                if let (true, Some(k)) = (CUSTOM_SENDERS.contains(&trigger), c.get("kmsKeyId")) {
                    statements.push(json!({ "Effect": "Allow", "Resource": k, "Action": ["kms:CreateGrant"] }));
                }
                let mut props = Map::new();
                props.insert("ServiceToken".into(), json!({ "Fn::GetAtt": [helper, "Arn"] }));
                props.insert("FunctionName".into(), json!(deployed));
                props.insert("UserPoolName".into(), json!(pool));
                props.insert("UserPoolConfigs".into(), json!([pool_config]));
                if c.get("forceDeploy") == Some(&Value::Bool(true)) {
                    props.insert("ForceDeploy".into(), json!(cx.build_time_millis));
                }
                cx.merge(
                    id.clone(),
                    json!({
                        "Type": "Custom::CognitoUserPool",
                        "Version": "1.0",
                        "DependsOn": [naming::function_logical_id(fn_key), helper],
                        "Properties": props
                    }),
                );
                statements.push(json!({
                    "Effect": "Allow",
                    "Resource": "*",
                    "Action": ["cognito-idp:ListUserPools", "cognito-idp:DescribeUserPool", "cognito-idp:UpdateUserPool"]
                }));
            } else if let Some(Value::Array(configs)) =
                cx.out.resources.get_mut(&id).and_then(|r| r.value_mut()["Properties"].get_mut("UserPoolConfigs"))
            {
                configs.push(Value::Object(pool_config));
            }
        }
        if !first {
            statements.push(json!({
                "Effect": "Allow",
                "Resource": { "Fn::Sub": format!("arn:${{AWS::Partition}}:lambda:*:*:function:{deployed}") },
                "Action": ["lambda:AddPermission", "lambda:RemovePermission"]
            }));
        }
    }
    if by_pool.is_empty() {
        return;
    }
    statements.push(json!({ "Effect": "Allow", "Resource": { "Fn::Sub": "arn:${AWS::Partition}:iam::*:role/*" }, "Action": ["iam:PassRole"] }));
    // Custom resources of one pool run one after another.
    for ids in by_pool.values() {
        for pair in ids.windows(2) {
            if let Some(Value::Array(d)) =
                cx.out.resources.get_mut(&pair[1]).and_then(|r| r.value_mut().get_mut("DependsOn"))
            {
                d.push(json!(pair[0]));
            }
        }
    }
    cx.custom_resource(Kind::ExistingCognitoUserPool, statements);
}

#[cfg(test)]
mod tests {
    use super::super::rule_common::check_errors;
    use serde_json::json;

    #[test]
    fn one_existing_pool_per_function() {
        let e = check_errors(json!({ "f": { "handler": "h.h", "events": [
            { "cognitoUserPool": { "pool": "a", "trigger": "PreSignUp", "existing": true } },
            { "cognitoUserPool": { "pool": "b", "trigger": "PreSignUp", "existing": true } }
        ] } }));
        assert_eq!(e[0].0, super::cognito_codes::COGNITO_MULTIPLE_USER_POOLS_PER_FUNCTION);
        assert_eq!(
            e[0].2,
            "Only one Cognito User Pool can be configured per function. In \"svc-dev-f\" you're attempting to configure \"a\" and \"b\" at the same time."
        );
    }

    #[test]
    fn triggers_versions_and_keys() {
        let e = check_errors(json!({ "f": { "handler": "h.h", "events": [
            { "cognitoUserPool": { "pool": "a", "trigger": "PreSignup" } },
            { "cognitoUserPool": { "pool": "a", "trigger": "PreSignUp", "lambdaVersion": "V2_0" } },
            { "cognitoUserPool": { "pool": "a", "trigger": "CustomSMSSender" } }
        ] } }));
        let codes: Vec<&str> = e.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(codes, ["CONFIG_INVALID_VALUE", "INVALID_EVENT", "INVALID_EVENT"], "{e:?}");
        assert_eq!(e[0].2, "unknown Cognito trigger \"PreSignup\"");
        assert!(e[1].2.starts_with("lambdaVersion is only supported for"));
        assert!(e[2].2.starts_with("KMS Key must be set"));
    }
}
