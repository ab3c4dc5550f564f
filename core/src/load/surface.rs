//! Loading the function and provider surface: IAM, tags, logs, tracing, layers and asynchronous
//! invocation settings (serverless-iam-and-surface.md). Shapes follow the reference's schema,
//! with its coercions (a lone string where a list is expected becomes a one-item list).

use serde_json::Value;

use crate::codes;
use crate::diagnostics::did_you_mean;
use crate::model::{
    Destination, DestinationType, Destinations, Expr, IamRole, IamRoleConfig, LambdaLogs, LogFormat, LogLevel,
    ProviderIam, ProviderLogs, ProviderTracing, RetentionDays, RuntimeManagement, RuntimeUpdateMode, Statement,
    SystemLogLevel, Tags, Tracing,
};
use crate::reader::has_intrinsic_key;
use crate::reader::{Keys, Loader, describe, find, get, index, join, js_string, list};

const IAM: Keys = Keys { allowed: &["role", "deploymentRole"], unsupported: &[], no_effect: &[] };
const IAM_ROLE: Keys = Keys {
    allowed: &["name", "path", "statements", "managedPolicies", "permissionsBoundary", "permissionBoundary", "tags"],
    unsupported: &["mode"],
    no_effect: &[],
};
const STATEMENT: Keys = Keys {
    allowed: &[
        "Sid",
        "Effect",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Condition",
        "Principal",
        "NotPrincipal",
    ],
    unsupported: &[],
    no_effect: &[],
};
const PROVIDER_LOGS: Keys = Keys {
    allowed: &["lambda", "restApi", "httpApi", "websocket", "frameworkLambda"],
    unsupported: &[],
    no_effect: &[],
};
const LAMBDA_LOGS: Keys = Keys {
    allowed: &["logFormat", "applicationLogLevel", "systemLogLevel", "logGroup"],
    unsupported: &[],
    no_effect: &[],
};
const TRACING: Keys = Keys { allowed: &["lambda", "apiGateway"], unsupported: &[], no_effect: &[] };
const DESTINATIONS: Keys = Keys { allowed: &["onSuccess", "onFailure"], unsupported: &[], no_effect: &[] };
const DESTINATION: Keys = Keys { allowed: &["type", "arn"], unsupported: &[], no_effect: &[] };

/// `provider.iam`.
pub(super) fn provider_iam(l: &mut Loader, v: &Value, path: &str) -> Option<ProviderIam> {
    let map = &*l.object(v, path, &IAM)?;
    let mut iam = ProviderIam::default();
    if let Some(role) = get(map, "role") {
        iam.role = iam_role(l, role, &join(path, "role"));
    }
    if let Some(d) = get(map, "deploymentRole") {
        iam.deployment_role = l.string_or_intrinsic(d, &join(path, "deploymentRole"));
    }
    Some(iam)
}

fn iam_role(l: &mut Loader, v: &Value, path: &str) -> Option<IamRole> {
    match v {
        Value::String(_) => l.string_or_intrinsic(v, path).map(IamRole::Existing),
        // The reference takes an object with a `::` key (`Fn::GetAtt`, ...) as an existing role.
        Value::Object(map) if map.keys().any(|k| k.contains("::")) || has_intrinsic_key(map) => {
            l.string_or_intrinsic(v, path).map(IamRole::Existing)
        }
        Value::Object(_) => {
            let map = &*l.object(v, path, &IAM_ROLE)?;
            let at = |k: &str| join(path, k);
            let mut role = IamRoleConfig::default();
            if let Some(n) = get(map, "name") {
                role.name = l.string_or_intrinsic(n, &at("name"));
            }
            if let Some(p) = get(map, "path") {
                role.path = l.string_or_intrinsic(p, &at("path"));
            }
            if let Some(s) = get(map, "statements") {
                role.statements = statements(l, s, &at("statements"));
            }
            if let Some(m) = get(map, "managedPolicies") {
                role.managed_policies = expr_list(l, m, &at("managedPolicies"));
            }
            // The reference takes the first of the two spellings.
            for key in ["permissionsBoundary", "permissionBoundary"] {
                if role.permissions_boundary.is_none()
                    && let Some(b) = get(map, key)
                {
                    role.permissions_boundary = l.string_or_intrinsic(b, &at(key));
                }
            }
            if let Some(t) = get(map, "tags") {
                role.tags = tags(l, t, &at("tags"));
            }
            Some(IamRole::Config(role))
        }
        _ => {
            l.type_error(path, "a role ARN, an intrinsic function or an object with role settings", v);
            None
        }
    }
}

/// A list of IAM statements (`iam.role.statements`, `iamRoleStatements`).
pub(super) fn statements(l: &mut Loader, v: &Value, path: &str) -> Option<Vec<Statement>> {
    let items: Vec<(String, &Value)> = match v {
        Value::Array(items) => items.iter().enumerate().map(|(i, s)| (index(path, i), s)).collect(),
        // ajv's `coerceTypes: 'array'` wraps a lone statement.
        Value::Object(_) => vec![(path.to_string(), v)],
        _ => {
            l.type_error(path, "a list of IAM statements", v);
            return None;
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for (at, s) in items {
        if let Some(s) = statement(l, s, &at) {
            out.push(s);
        }
    }
    Some(out)
}

fn statement(l: &mut Loader, v: &Value, path: &str) -> Option<Statement> {
    let map = &*l.object(v, path, &STATEMENT)?;
    let mut ok = true;
    match get(map, "Effect") {
        Some(Value::String(e)) if e == "Allow" || e == "Deny" => {}
        Some(other) => {
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &join(path, "Effect"),
                format!("IAM statement Effect must be \"Allow\" or \"Deny\", found {}", describe(other)),
                "write `Effect: Allow` or `Effect: Deny` (case-sensitive)",
            );
            ok = false;
        }
        None => {
            l.missing(path, "Effect", "add `Effect: Allow` or `Effect: Deny`");
            ok = false;
        }
    }
    let has = |k: &str| map.contains_key(k);
    if !has("Action") && !has("NotAction") {
        l.missing(path, "Action", "add the actions the statement allows or denies, e.g. `Action: [s3:GetObject]`");
        ok = false;
    }
    if has("Action") && has("NotAction") {
        l.error_help(
            codes::CONFIG_INVALID_VALUE,
            path,
            "an IAM statement has both `Action` and `NotAction`",
            "keep one of the two",
        );
        ok = false;
    }
    if !has("Resource") && !has("NotResource") {
        l.missing(path, "Resource", "add the resources, e.g. `Resource: arn:aws:s3:::my-bucket/*` or `Resource: '*'`");
        ok = false;
    }
    if has("Resource") && has("NotResource") {
        l.error_help(
            codes::CONFIG_INVALID_VALUE,
            path,
            "an IAM statement has both `Resource` and `NotResource`",
            "keep one of the two",
        );
        ok = false;
    }
    // `null` included: the reference copies the statement as written, and IAM refuses a
    // statement whose actions or resources are null.
    for key in ["Action", "NotAction"] {
        if let Some(a) = find(map, key) {
            let valid = match a {
                Value::String(_) => true,
                Value::Array(items) => items.iter().all(Value::is_string),
                _ => false,
            };
            if !valid {
                l.type_error(&join(path, key), "an action or a list of actions (strings)", a);
                ok = false;
            }
        }
    }
    for key in ["Resource", "NotResource"] {
        if let Some(r) = find(map, key) {
            let item_ok = |v: &Value| v.is_string() || v.as_object().is_some_and(has_intrinsic_key);
            let valid = match r {
                Value::Array(items) => !items.is_empty() && items.iter().all(item_ok),
                other => item_ok(other),
            };
            if !valid {
                l.type_error(&join(path, key), "a resource ARN, `*`, an intrinsic function, or a list of them", r);
                ok = false;
            }
        }
    }
    if crate::json::too_deep(v, crate::json::MAX_VALUE_DEPTH) {
        l.error(codes::CONFIG_INVALID_VALUE, path, "an IAM statement nested deeper than 128 levels");
        ok = false;
    }
    ok.then(|| Statement(v.clone()))
}

/// A list of strings or intrinsics; a lone value is a one-item list.
pub(super) fn expr_list(l: &mut Loader, v: &Value, path: &str) -> Option<Vec<Expr>> {
    match v {
        Value::Array(items) => {
            let parsed: Vec<Option<Expr>> =
                items.iter().enumerate().map(|(i, item)| l.string_or_intrinsic(item, &index(path, i))).collect();
            parsed.into_iter().collect()
        }
        _ => l.string_or_intrinsic(v, path).map(|e| vec![e]),
    }
}

/// `tags`: a map of strings (numbers and booleans become strings, as ajv coerces them).
pub(super) fn tags(l: &mut Loader, v: &Value, path: &str) -> Option<Tags> {
    let Some(map) = v.as_object() else {
        l.type_error(path, "an object of tag names to values", v);
        return None;
    };
    let mut out = Tags::with_capacity(map.len());
    for (k, value) in map {
        let at = join(path, k);
        let parsed = match value {
            Value::Number(_) | Value::Bool(_) => Some(Expr::Str(js_string(value))),
            _ => l.string_or_intrinsic(value, &at),
        };
        if let Some(e) = parsed {
            out.insert(k.clone(), e);
        }
    }
    Some(out)
}

/// `logRetentionInDays`: any non-negative integer is read; the allowed set is a rule.
pub(super) fn retention(l: &mut Loader, v: &Value, path: &str) -> Option<u32> {
    let days = l.integer(v, path)?;
    if RetentionDays::from_days(u64::from(days)).is_none() {
        let allowed: Vec<&str> = RetentionDays::ALL.iter().map(|r| r.as_str()).collect();
        let nearest = RetentionDays::ALL.iter().min_by_key(|r| r.days().abs_diff(days)).map(|r| r.days());
        l.error_help(
            codes::INVALID_LOG_RETENTION,
            path,
            format!(
                "logRetentionInDays {days} is not a retention CloudWatch Logs allows; allowed: {}",
                allowed.join(", ")
            ),
            match nearest {
                Some(n) => format!("use {n}, the nearest allowed value"),
                None => "use one of the allowed values".to_string(),
            },
        );
        return None;
    }
    Some(days)
}

/// `provider.logs`.
pub(super) fn provider_logs(l: &mut Loader, v: &Value, path: &str) -> Option<ProviderLogs> {
    let map = &*l.object(v, path, &PROVIDER_LOGS)?;
    let mut logs = ProviderLogs::default();
    if let Some(x) = get(map, "lambda") {
        logs.lambda = lambda_logs(l, x, &join(path, "lambda"));
    }
    for (key, slot) in
        [("restApi", &mut logs.rest_api), ("httpApi", &mut logs.http_api), ("websocket", &mut logs.websocket)]
    {
        if let Some(x) = get(map, key) {
            match x {
                Value::Bool(_) | Value::Object(_) => *slot = Some(x.clone()),
                _ => l.type_error(&join(path, key), "`true` or an object of access-log settings", x),
            }
        }
    }
    if let Some(b) = get(map, "frameworkLambda") {
        logs.framework_lambda = l.boolean(b, &join(path, "frameworkLambda"));
    }
    Some(logs)
}

/// Lambda log settings (`functions.X.logs`, `provider.logs.lambda`).
pub(super) fn lambda_logs(l: &mut Loader, v: &Value, path: &str) -> Option<LambdaLogs> {
    let map = &*l.object(v, path, &LAMBDA_LOGS)?;
    let mut logs = LambdaLogs::default();
    if let Some(f) = get(map, "logFormat") {
        logs.log_format = one_of(l, f, &join(path, "logFormat"), LogFormat::ALL, LogFormat::as_str);
    }
    if let Some(x) = get(map, "applicationLogLevel") {
        logs.application_log_level = one_of(l, x, &join(path, "applicationLogLevel"), LogLevel::ALL, LogLevel::as_str);
    }
    if let Some(x) = get(map, "systemLogLevel") {
        logs.system_log_level =
            one_of(l, x, &join(path, "systemLogLevel"), SystemLogLevel::ALL, SystemLogLevel::as_str);
    }
    if let Some(g) = get(map, "logGroup") {
        logs.log_group = l.string(g, &join(path, "logGroup"));
    }
    Some(logs)
}

/// One of a closed set of strings, with "did you mean".
fn one_of<T: Copy>(l: &mut Loader, v: &Value, path: &str, all: &[T], name: fn(T) -> &'static str) -> Option<T> {
    let found = v.as_str().and_then(|s| all.iter().copied().find(|t| name(*t) == s));
    if found.is_none() {
        let names: Vec<&str> = all.iter().map(|t| name(*t)).collect();
        let mut message = format!("expected one of {}, found {}", list(&names), describe(v));
        if let Some(s) = v.as_str()
            && let Some(m) = did_you_mean(s, names.iter().copied())
        {
            message.push_str(&format!("; did you mean `{m}`?"));
        }
        l.error(codes::CONFIG_INVALID_VALUE, path, message);
    }
    found
}

/// A tracing mode: `true` is `Active`; `false` means "not set" (it does not override the
/// provider's value in the reference either).
pub(super) fn tracing(l: &mut Loader, v: &Value, path: &str) -> Option<Tracing> {
    match v {
        Value::Bool(true) => Some(Tracing::Active),
        Value::Bool(false) | Value::Null => None,
        _ => one_of(l, v, path, Tracing::ALL, Tracing::as_str),
    }
}

const RUNTIME_MANAGEMENT: Keys = Keys { allowed: &["mode", "arn"], unsupported: &[], no_effect: &[] };

/// `runtimeManagement`: a mode, or `{mode, arn}`.
pub(super) fn runtime_management(l: &mut Loader, v: &Value, path: &str) -> Option<RuntimeManagement> {
    let mode =
        |l: &mut Loader, v: &Value, path: &str| one_of(l, v, path, RuntimeUpdateMode::ALL, RuntimeUpdateMode::as_str);
    if !v.is_object() {
        return mode(l, v, path).map(RuntimeManagement::mode);
    }
    let map = &*l.object(v, path, &RUNTIME_MANAGEMENT)?;
    let mut r = RuntimeManagement::default();
    if let Some(x) = get(map, "mode") {
        r.mode = mode(l, x, &join(path, "mode"));
    }
    if let Some(x) = get(map, "arn") {
        r.arn = l.string(x, &join(path, "arn"));
    }
    Some(r)
}

/// `provider.tracing`.
pub(super) fn provider_tracing(l: &mut Loader, v: &Value, path: &str) -> Option<ProviderTracing> {
    let map = &*l.object(v, path, &TRACING)?;
    let mut t = ProviderTracing::default();
    if let Some(x) = get(map, "lambda") {
        t.lambda = tracing(l, x, &join(path, "lambda"));
    }
    if let Some(x) = get(map, "apiGateway") {
        t.api_gateway = l.boolean(x, &join(path, "apiGateway"));
    }
    Some(t)
}

/// `functions.X.destinations`.
pub(super) fn destinations(l: &mut Loader, v: &Value, path: &str) -> Option<Destinations> {
    let map = &*l.object(v, path, &DESTINATIONS)?;
    let mut d = Destinations::default();
    if let Some(x) = get(map, "onSuccess") {
        d.on_success = destination(l, x, &join(path, "onSuccess"));
    }
    if let Some(x) = get(map, "onFailure") {
        d.on_failure = destination(l, x, &join(path, "onFailure"));
    }
    Some(d)
}

fn destination(l: &mut Loader, v: &Value, path: &str) -> Option<Destination> {
    match v {
        Value::String(s) => Some(Destination::Name(s.clone())),
        Value::Object(_) => {
            let map = &*l.object(v, path, &DESTINATION)?;
            let kind = match get(map, "type") {
                Some(t) => one_of(l, t, &join(path, "type"), DestinationType::ALL, DestinationType::as_str),
                None => {
                    l.missing(path, "type", "add `type: function`, `sqs`, `sns` or `eventBus`");
                    None
                }
            };
            let arn = match get(map, "arn") {
                Some(a) => l.string_or_intrinsic(a, &join(path, "arn")),
                None => {
                    l.missing(path, "arn", "add the destination's ARN (a string or an intrinsic function)");
                    None
                }
            };
            Some(Destination::Typed { kind: kind?, arn: arn? })
        }
        _ => {
            l.type_error(path, "a function name, an ARN, or `{type, arn}`", v);
            None
        }
    }
}

/// A CloudFormation value copied verbatim (e.g. a data-protection policy), depth-checked.
pub(super) fn verbatim(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    if crate::json::too_deep(v, crate::json::MAX_VALUE_DEPTH) {
        l.error(codes::CONFIG_INVALID_VALUE, path, "nesting deeper than 128 levels");
        return None;
    }
    Some(v.clone())
}
