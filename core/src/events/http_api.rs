//! `httpApi` events: one API Gateway v2 HTTP API for the service, with a route per event, an
//! integration and a permission per function, the provider's authorizers, CORS and access logs
//! (serverless-events.md §1).
//!
//! The reference resolves everything (provider settings, authorizers, every route) before it
//! emits anything, and throws on the first problem. [`plan`] does that resolution once, for the
//! rules (which report every problem, the reference's first) and for the compiler (which writes
//! the plan).

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use super::source::truthy;
use super::{Ctx, EventRef, EventType, object, shape_error};
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Function;
use crate::naming;
use crate::node::Node;
use crate::reader::{Keys, Loader, describe, get, join, js_string};
use crate::resolve::Resolved;

pub(crate) struct HttpApi;

const KEYS: Keys = Keys { allowed: &["method", "path", "authorizer"], unsupported: &[], no_effect: &[] };
const AUTHORIZER_KEYS: Keys = Keys { allowed: &["id", "name", "scopes", "type"], unsupported: &[], no_effect: &[] };

/// The methods a route may have (`*` is `ANY`), in the reference's order: CORS fills its
/// allowed methods from this list for `ANY` routes.
const METHODS: [&str; 8] = ["ANY", "GET", "POST", "PUT", "PATCH", "OPTIONS", "HEAD", "DELETE"];

/// The headers CORS allows unless `allowedHeaders` says otherwise.
const DEFAULT_CORS_HEADERS: [&str; 7] = [
    "Content-Type",
    "X-Amz-Date",
    "Authorization",
    "X-Api-Key",
    "X-Amz-Security-Token",
    "X-Amz-User-Agent",
    "X-Amzn-Trace-Id",
];

/// Keys of `provider.httpApi`.
const PROVIDER_KEYS: &[&str] = &[
    "id",
    "name",
    "payload",
    "cors",
    "authorizers",
    "metrics",
    "disableDefaultEndpoint",
    "shouldStartNameWithService",
    "useProviderTags",
];
const CORS_KEYS: &[&str] =
    &["allowedOrigins", "allowedHeaders", "allowedMethods", "allowCredentials", "exposedResponseHeaders", "maxAge"];
const PROVIDER_AUTHORIZER_KEYS: &[&str] = &[
    "type",
    "name",
    "functionName",
    "functionArn",
    "managedExternally",
    "resultTtlInSeconds",
    "enableSimpleResponses",
    "payloadVersion",
    "identitySource",
    "issuerUrl",
    "audience",
];
const LOG_KEYS: &[&str] = &["format", "logGroup"];

impl EventType for HttpApi {
    fn name(&self) -> &'static str {
        "httpApi"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        if let Value::String(s) = v {
            return match parse_route(s) {
                Some((None, path)) => Some(json!({ "path": path })),
                Some((Some(method), path)) => Some(json!({ "method": method, "path": path })),
                None => {
                    l.error_help(
                        codes::CONFIG_INVALID_VALUE,
                        path,
                        format!("expected `*` or `<METHOD> <path>` (e.g. `GET /users/{{id}}`), found {}", describe(v)),
                        format!("methods: {}, or `*`; the path starts with `/` and has no spaces", METHODS.join(", ")),
                    );
                    None
                }
            };
        }
        object(l, v, path)?;
        let map = &*l.object(v, path, &KEYS)?;
        let mut out = Map::new();
        let mut ok = true;
        for (k, value) in map {
            let at = join(path, k);
            match k.as_str() {
                "method" | "path" => match value {
                    Value::String(_) => {
                        out.insert(k.clone(), value.clone());
                    }
                    Value::Null => {}
                    _ => {
                        shape_error(
                            l,
                            &at,
                            if k == "method" { "an HTTP method" } else { "a path such as `/users/{id}`" },
                            value,
                        );
                        ok = false;
                    }
                },
                "authorizer" => match load_authorizer(l, value, &at) {
                    Some(a) => {
                        out.insert(k.clone(), a);
                    }
                    None => ok = false,
                },
                _ => {}
            }
        }
        if !out.contains_key("path") {
            if get(map, "path").is_none() {
                l.missing(path, "path", "add the route's path, e.g. `path: /users/{id}` (or `*` for every route)");
            }
            return None;
        }
        ok.then_some(Value::Object(out))
    }

    fn validate(&self, cx: &EventRef<'_>, out: &mut Diagnostics) {
        // The reference resolves the whole HTTP API at once; so do its rules, at the first event.
        if !cx.is_first("httpApi") {
            return;
        }
        let (_, found) = plan(cx.r);
        for d in found.reference.into_iter().chain(found.stricter) {
            out.push(d);
        }
    }

    fn validate_service(&self, r: &Resolved<'_>, out: &mut Diagnostics) {
        super::unused_settings(r, "httpApi", |out| plan(r).1.stricter.into_iter().for_each(|d| out.push(d)), out);
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        let (plan, _) = plan(cx.r);
        if plan.routes.is_empty() {
            return;
        }
        compile_plan(cx, &plan);
    }
}

/// `*` or `<METHOD> <path>` (the reference's `methodPathPattern`, case-insensitive): the method
/// as written and the path.
fn parse_route(s: &str) -> Option<(Option<&str>, &str)> {
    if s == "*" {
        return Some((None, "*"));
    }
    let (method, path) = s.split_once(' ')?;
    let known = METHODS.iter().any(|m| m.eq_ignore_ascii_case(method));
    (known && valid_path(path) && path != "*").then_some((Some(method), path))
}

/// The schema's path pattern `^(?:\*|\/\S*)$`.
fn valid_path(path: &str) -> bool {
    path == "*" || (path.starts_with('/') && !path.chars().any(char::is_whitespace))
}

/// An event's `authorizer`: a name, or `{id, name, scopes, type}`.
fn load_authorizer(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    match v {
        Value::String(_) => return Some(v.clone()),
        Value::Object(_) => {}
        _ => {
            shape_error(l, path, "an authorizer name or `{name, scopes}` / `{type: aws_iam}` / `{id}`", v);
            return None;
        }
    }
    let map = &*l.object(v, path, &AUTHORIZER_KEYS)?;
    let mut out = Map::new();
    let mut ok = true;
    for (k, value) in map {
        let at = join(path, k);
        let value = match (k.as_str(), value) {
            (_, Value::Null) => continue,
            ("id", Value::String(_) | Value::Object(_)) | ("name", Value::String(_)) => value.clone(),
            ("type", Value::String(t)) if matches!(t.as_str(), "request" | "jwt" | "aws_iam") => value.clone(),
            ("type", _) => {
                l.error(
                    codes::CONFIG_INVALID_VALUE,
                    &at,
                    format!(
                        "must be equal to one of the allowed values [request, jwt, aws_iam], found {}",
                        describe(value)
                    ),
                );
                ok = false;
                continue;
            }
            ("scopes", _) => match l.string_list(value, &at) {
                Some(list) => json!(list),
                None => {
                    ok = false;
                    continue;
                }
            },
            _ => {
                shape_error(
                    l,
                    &at,
                    if k == "id" { "an authorizer id (string or intrinsic)" } else { "a string" },
                    value,
                );
                ok = false;
                continue;
            }
        };
        out.insert(k.clone(), value);
    }
    ok.then_some(Value::Object(out))
}

/// A truthy value, or nothing.
fn truthy_value(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| truthy(Some(v)))
}

/// `toSet`: a list (or one value as a list) without repeats, first occurrence order.
fn to_set(v: Option<&Value>) -> Vec<Value> {
    let items = match v {
        Some(Value::Array(items)) => items.clone(),
        Some(other) => vec![other.clone()],
        None => vec![Value::Null],
    };
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

fn add_unique(list: &mut Vec<Value>, item: &str) {
    if !list.iter().any(|v| v.as_str() == Some(item)) {
        list.push(json!(item));
    }
}

/// The provider's CORS settings, resolved.
struct Cors {
    allow_credentials: bool,
    headers: Vec<Value>,
    methods: Vec<Value>,
    origins: Vec<Value>,
    exposed: Option<Vec<Value>>,
    max_age: Option<Value>,
    /// Whether `methods` is filled from the routes.
    fill_methods: bool,
}

/// One `provider.httpApi.authorizers` entry, resolved.
struct Authorizer<'a> {
    name: String,
    identity_source: Value,
    issuer_url: Option<Value>,
    audience: Vec<Value>,
    request: bool,
    function: Option<(&'a str, &'a Function)>,
    function_arn: Option<Value>,
    managed_externally: bool,
    ttl: Option<Value>,
    simple_responses: Option<Value>,
    payload_version: Value,
}

/// How a route is authorized.
enum RouteAuth {
    Iam,
    /// An authorizer of an external API, by id, with the event's `type`.
    External {
        id: Value,
        kind: Option<String>,
    },
    /// A provider authorizer, by its key.
    Named(String),
}

struct Route<'a> {
    fn_key: &'a str,
    f: &'a Function,
    auth: Option<RouteAuth>,
    scopes: Option<Vec<Value>>,
}

/// The HTTP API the events describe.
struct Plan<'a> {
    /// `provider.httpApi.id`: an API of another stack.
    external_id: Option<Value>,
    cors: Option<Cors>,
    authorizers: IndexMap<String, Authorizer<'a>>,
    /// The access-log format and log group name.
    access_log: Option<(Value, Option<Value>)>,
    /// Route key (`*` or `<METHOD> <path>`) → route, in the order the reference emits them.
    routes: IndexMap<String, Route<'a>>,
}

impl Plan<'_> {
    fn api_id(&self) -> Value {
        self.external_id.clone().unwrap_or_else(|| json!({ "Ref": "HttpApi" }))
    }
}

/// What the rules found: the reference's errors (in its order), then stackwright's stricter ones.
#[derive(Default)]
struct Found {
    reference: Vec<Diagnostic>,
    stricter: Vec<Diagnostic>,
}

impl Found {
    fn reference(&mut self, code: &'static str, path: String, message: String, help: &str) {
        self.reference.push(Diagnostic::error(code, path, message).with_help(help));
    }

    fn stricter(&mut self, code: &'static str, path: String, message: String, help: &str) {
        self.stricter.push(Diagnostic::error(code, path, message).with_help(help));
    }

    /// Keys of a provider settings object that the reference does not know.
    fn unknown_keys(&mut self, map: &Map<String, Value>, path: &str, known: &[&str]) {
        for k in map.keys().filter(|k| !known.contains(&k.as_str())) {
            let mut message = format!("unknown key `{k}` in {path}");
            if let Some(m) = crate::diagnostics::did_you_mean(k, known.iter().copied()) {
                message.push_str(&format!("; did you mean `{m}`?"));
            }
            self.stricter(
                codes::CONFIG_UNKNOWN_KEY,
                join(path, k),
                message,
                &format!("allowed keys: {}", crate::reader::list(known)),
            );
        }
    }
}

/// Resolves `provider.httpApi`, the access logs and every `httpApi` event the way the
/// reference's `resolveConfiguration` does, collecting every problem on the way.
fn plan<'a>(r: &Resolved<'a>) -> (Plan<'a>, Found) {
    let mut found = Found::default();
    let empty = Map::new();
    let user = match r.config.provider.apis.get("httpApi") {
        None | Some(Value::Null) => &empty,
        Some(Value::Object(m)) => m,
        Some(other) => {
            found.stricter(
                codes::CONFIG_INVALID_VALUE,
                "provider.httpApi".into(),
                format!("expected an object of HTTP API settings, found {}", describe(other)),
                "write `provider.httpApi` as an object, e.g. `httpApi: {cors: true}`",
            );
            &empty
        }
    };
    found.unknown_keys(user, "provider.httpApi", PROVIDER_KEYS);
    let external_id = truthy_value(user.get("id")).cloned();
    let is_external = external_id.is_some();

    let cors = resolve_cors(user, is_external, &mut found);
    let authorizers = resolve_authorizers(r, user, is_external, &mut found);

    let mut access_log = None;
    if let Some(logs) = r.config.provider.logs.as_ref().and_then(|l| l.http_api.as_ref()).filter(|v| truthy(Some(v))) {
        if is_external {
            found.reference(
                codes::EXTERNAL_HTTP_API_LOGS_CONFIG,
                "provider.logs.httpApi".into(),
                "Cannot setup access logs for externally configured HTTP API".into(),
                "remove `provider.logs.httpApi`: the stack that owns the HTTP API configures its logs",
            );
        }
        if let Value::Object(m) = logs {
            found.unknown_keys(m, "provider.logs.httpApi", LOG_KEYS);
        }
        let format = truthy_value(logs.get("format")).cloned().unwrap_or_else(|| json!(DEFAULT_LOG_FORMAT));
        access_log = Some((format, truthy_value(logs.get("logGroup")).cloned()));
    }

    let payload_ok = |v: Option<&Value>| !truthy(v) || matches!(v.and_then(Value::as_str), Some("1.0" | "2.0"));
    if !payload_ok(user.get("payload")) {
        found.stricter(
            codes::CONFIG_INVALID_VALUE,
            "provider.httpApi.payload".into(),
            format!("expected \"1.0\" or \"2.0\", found {}", describe(&user["payload"])),
            "API Gateway supports payload format versions \"1.0\" and \"2.0\"",
        );
    }

    let mut cors = cors;
    let mut routes: IndexMap<String, Route<'a>> = IndexMap::new();
    for &(fn_key, f) in &r.functions {
        let mut has_events = false;
        for (i, e) in f.events.iter().enumerate() {
            if e.kind != "httpApi" {
                continue;
            }
            has_events = true;
            let at = format!("functions.{fn_key}.events[{i}].httpApi");
            let Some((key, method)) = route_key(fn_key, &e.config, &at, &routes, &mut found) else { continue };
            let mut route = Route { fn_key, f, auth: None, scopes: None };
            if let Some(a) = e.config.get("authorizer").filter(|a| truthy(Some(a))) {
                match route_auth(fn_key, a, &at, external_id.as_ref(), &authorizers, &mut found) {
                    Some((auth, scopes)) => {
                        route.auth = Some(auth);
                        route.scopes = scopes;
                    }
                    None => continue,
                }
            }
            routes.insert(key, route);
            if let Some(c) = cors.as_mut().filter(|c| c.fill_methods) {
                if method == "ANY" {
                    METHODS[1..].iter().for_each(|m| add_unique(&mut c.methods, m));
                } else {
                    add_unique(&mut c.methods, &method);
                }
            }
        }
        if has_events && !payload_ok(f.http_api.as_ref().and_then(|h| h.get("payload"))) {
            found.stricter(
                codes::CONFIG_INVALID_VALUE,
                format!("functions.{fn_key}.httpApi.payload"),
                format!(
                    "expected \"1.0\" or \"2.0\", found {}",
                    describe(&f.http_api.as_ref().unwrap_or(&Value::Null)["payload"])
                ),
                "API Gateway supports payload format versions \"1.0\" and \"2.0\"",
            );
        }
    }
    (Plan { external_id, cors, authorizers, access_log, routes }, found)
}

/// The default access-log format: `JSON.stringify` of the reference's fields.
const DEFAULT_LOG_FORMAT: &str = r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","routeKey":"$context.routeKey","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength"}"#;

fn resolve_cors(user: &Map<String, Value>, is_external: bool, found: &mut Found) -> Option<Cors> {
    let user_cors = truthy_value(user.get("cors"))?;
    if is_external {
        found.reference(
            codes::EXTERNAL_HTTP_API_CORS_CONFIG,
            "provider.httpApi.cors".into(),
            "Cannot setup CORS rules for externally configured HTTP API".into(),
            "remove `provider.httpApi.cors`: the stack that owns the HTTP API configures its CORS rules",
        );
    }
    let defaults = |list: &[&str]| list.iter().map(|h| json!(h)).collect::<Vec<_>>();
    let mut cors = Cors {
        allow_credentials: false,
        headers: defaults(&DEFAULT_CORS_HEADERS),
        methods: vec![json!("OPTIONS")],
        origins: vec![json!("*")],
        exposed: None,
        max_age: None,
        fill_methods: true,
    };
    match user_cors {
        Value::Bool(true) => {}
        Value::Object(c) => {
            found.unknown_keys(c, "provider.httpApi.cors", CORS_KEYS);
            if let Some(o) = truthy_value(c.get("allowedOrigins")) {
                cors.origins = to_set(Some(o));
            }
            if let Some(h) = truthy_value(c.get("allowedHeaders")) {
                cors.headers = to_set(Some(h));
            }
            if let Some(m) = truthy_value(c.get("allowedMethods")) {
                cors.methods = to_set(Some(m));
                cors.fill_methods = false;
            }
            cors.allow_credentials = truthy(c.get("allowCredentials"));
            cors.exposed = truthy_value(c.get("exposedResponseHeaders")).map(|e| to_set(Some(e)));
            cors.max_age = c.get("maxAge").filter(|v| !v.is_null()).cloned();
        }
        other => {
            found.stricter(
                codes::CONFIG_INVALID_VALUE,
                "provider.httpApi.cors".into(),
                format!("expected `true` or an object of CORS settings, found {}", describe(other)),
                "write `cors: true`, or `cors: {allowedOrigins: [...], allowedHeaders: [...], ...}`",
            );
            return None;
        }
    }
    if cors.allow_credentials && cors.origins.iter().any(|o| o.as_str() == Some("*")) {
        found.stricter(
            codes::HTTP_API_CORS_CREDENTIALS_WITH_WILDCARD_ORIGIN,
            "provider.httpApi.cors".into(),
            "HTTP API CORS allows credentials for every origin (`*`): API Gateway rejects allowCredentials \
             together with a wildcard origin"
                .into(),
            "list the allowed origins in `allowedOrigins`, or remove `allowCredentials`",
        );
    }
    Some(cors)
}

fn resolve_authorizers<'a>(
    r: &Resolved<'a>,
    user: &Map<String, Value>,
    is_external: bool,
    found: &mut Found,
) -> IndexMap<String, Authorizer<'a>> {
    let mut out = IndexMap::new();
    let Some(all) = truthy_value(user.get("authorizers")) else { return out };
    if is_external {
        found.reference(
            codes::EXTERNAL_HTTP_API_AUTHORIZERS_CONFIG,
            "provider.httpApi.authorizers".into(),
            "Cannot setup authorizers for externally configured HTTP API".into(),
            "remove `provider.httpApi.authorizers` and reference the external API's authorizers by `id`",
        );
    }
    let Value::Object(all) = all else {
        found.stricter(
            codes::CONFIG_INVALID_VALUE,
            "provider.httpApi.authorizers".into(),
            format!("expected an object of authorizers by name, found {}", describe(all)),
            "write `authorizers: {myAuthorizer: {type: jwt, issuerUrl: ..., audience: [...]}}`",
        );
        return out;
    };
    let keys: Vec<&String> = all.keys().collect();
    for i in naming::js_key_order(keys.iter().map(|k| k.as_str())) {
        let key = keys[i];
        let at = format!("provider.httpApi.authorizers.{key}");
        let Value::Object(a) = &all[key] else {
            found.stricter(
                codes::CONFIG_INVALID_VALUE,
                at,
                format!("expected an object of authorizer settings, found {}", describe(&all[key])),
                "write the authorizer as an object, e.g. `{type: jwt, issuerUrl: ..., audience: [...]}`",
            );
            continue;
        };
        found.unknown_keys(a, &at, PROVIDER_AUTHORIZER_KEYS);
        let kind = a.get("type").and_then(Value::as_str);
        let request = kind == Some("request");
        let mut function = None;
        if request {
            let function_name = truthy_value(a.get("functionName"));
            let function_arn = truthy_value(a.get("functionArn"));
            match (function_name, function_arn) {
                (None, None) => found.reference(
                    codes::HTTP_API_CUSTOM_AUTHORIZER_NEITHER_FUNCTION_ARN_NOR_FUNCTION_NAME_DEFINED,
                    at.clone(),
                    format!("Either \"functionArn\" or \"functionName\" property needs to be set on authorizer \"{key}\""),
                    "name the authorizer function of this service (`functionName`) or give its ARN (`functionArn`)",
                ),
                (Some(_), Some(_)) => found.reference(
                    codes::HTTP_API_CUSTOM_AUTHORIZER_BOTH_FUNCTION_ARN_AND_FUNCTION_NAME_DEFINED,
                    at.clone(),
                    format!(
                        "Either \"functionArn\" or \"functionName\" (not both) property needs to be set on authorizer \"{key}\""
                    ),
                    "keep either `functionName` or `functionArn`",
                ),
                _ => {}
            }
            if let Some(name) = function_name {
                let name_text = js_string(name);
                function = r.functions.iter().find(|(k, _)| *k == name_text).map(|&(k, f)| (k, f));
                if function.is_none() {
                    found.reference(
                        codes::HTTP_API_CUSTOM_AUTHORIZER_FUNCTION_NOT_FOUND_IN_SERVICE,
                        join(&at, "functionName"),
                        format!("Function \"{name_text}\" for HTTP API authorizer \"{key}\" not found in service."),
                        "name a function of this service, or give the authorizer's ARN in `functionArn`",
                    );
                }
            }
            if truthy(a.get("resultTtlInSeconds")) && !truthy(a.get("identitySource")) {
                found.reference(
                    codes::HTTP_API_CUSTOM_AUTHORIZER_IDENTITY_SOURCE_MISSING_WHEN_CACHING_ENABLED,
                    at.clone(),
                    format!(
                        "Property \"identitySource\" has to be set on authorizer \"{key}\" when \"resultTtlInSeconds\" is set to non-zero value."
                    ),
                    "add `identitySource` (e.g. `$request.header.Authorization`) or set `resultTtlInSeconds: 0`",
                );
            }
        } else if !matches!(kind, None | Some("jwt")) {
            found.stricter(
                codes::CONFIG_INVALID_VALUE,
                join(&at, "type"),
                format!("must be equal to one of the allowed values [jwt, request], found {}", describe(&a["type"])),
                "use `type: jwt` (the default) or `type: request` (a Lambda authorizer)",
            );
        } else if !truthy(a.get("issuerUrl")) || !truthy(a.get("audience")) {
            found.stricter(
                codes::INVALID_EVENT,
                at.clone(),
                format!(
                    "JWT authorizer \"{key}\" needs both `issuerUrl` and `audience`: API Gateway rejects it otherwise"
                ),
                "add `issuerUrl` (the token issuer) and `audience` (the accepted client ids)",
            );
        }
        let payload_version = truthy_value(a.get("payloadVersion")).cloned().unwrap_or_else(|| json!("2.0"));
        if request
            && truthy(a.get("enableSimpleResponses"))
            && payload_version.as_str().is_some_and(|v| v.starts_with('1'))
        {
            found.stricter(
                codes::HTTP_API_SIMPLE_RESPONSES_ON_PAYLOAD_1,
                join(&at, "enableSimpleResponses"),
                format!(
                    "authorizer \"{key}\" enables simple responses with payload version {}: API Gateway allows simple \
                     responses only with payload version 2.0",
                    js_string(&payload_version)
                ),
                "set `payloadVersion: '2.0'`, or remove `enableSimpleResponses`",
            );
        }
        if request && !matches!(payload_version.as_str(), Some("1.0" | "2.0")) {
            found.stricter(
                codes::CONFIG_INVALID_VALUE,
                join(&at, "payloadVersion"),
                format!("expected \"1.0\" or \"2.0\", found {}", describe(&payload_version)),
                "API Gateway supports authorizer payload versions \"1.0\" and \"2.0\"",
            );
        }
        let identity_source = match truthy_value(a.get("identitySource")) {
            Some(Value::Array(list)) => Value::Array(list.clone()),
            Some(one) => json!([one]),
            None => json!([]),
        };
        out.insert(
            key.clone(),
            Authorizer {
                name: truthy_value(a.get("name")).map(js_string).unwrap_or_else(|| key.clone()),
                identity_source,
                issuer_url: a.get("issuerUrl").filter(|v| !v.is_null()).cloned(),
                audience: to_set(a.get("audience").filter(|v| !v.is_null())),
                request,
                function,
                function_arn: if function.is_some() { None } else { truthy_value(a.get("functionArn")).cloned() },
                managed_externally: truthy(a.get("managedExternally")),
                ttl: a.get("resultTtlInSeconds").filter(|v| !v.is_null()).cloned(),
                simple_responses: a.get("enableSimpleResponses").filter(|v| !v.is_null()).cloned(),
                payload_version,
            },
        );
    }
    out
}

/// The route key of an event (`*` or `<METHOD> <path>`) and its method (`ANY` for `*`), or
/// `None` after reporting why it has none.
fn route_key(
    fn_key: &str,
    c: &Value,
    at: &str,
    routes: &IndexMap<String, Route<'_>>,
    found: &mut Found,
) -> Option<(String, String)> {
    let path = c.get("path").map(js_string).unwrap_or_else(|| "undefined".into());
    let method = c.get("method").filter(|m| truthy(Some(m))).map(js_string);
    if path == "*" {
        if method.as_deref().is_some_and(|m| m != "*") {
            found.reference(
                codes::INVALID_HTTP_API_PATH,
                join(at, "path"),
                format!("Invalid \"path\" property in function {fn_key} for httpApi event in serverless.yml"),
                "the catch-all route `*` takes every method: remove `method` or set it to `*`",
            );
            return None;
        }
        if routes.contains_key("*") {
            found.stricter(
                codes::DUPLICATE_HTTP_API_ROUTE,
                join(at, "path"),
                format!("Duplicate route '*' configuration in function {fn_key} for httpApi event in serverless.yml"),
                "keep one catch-all (`*`) route in the service",
            );
            return None;
        }
        return Some(("*".into(), "ANY".into()));
    }
    let Some(method) = method else {
        found.reference(
            codes::MISSING_HTTP_API_METHOD,
            at.to_string(),
            format!("Missing \"method\" property in function {fn_key} for httpApi event in serverless.yml"),
            "add `method` (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY or `*`)",
        );
        return None;
    };
    let mut method = method.to_uppercase();
    if method == "*" {
        method = "ANY".into();
    } else if !METHODS.contains(&method.as_str()) {
        found.reference(
            codes::INVALID_HTTP_API_METHOD,
            join(at, "method"),
            format!("Invalid \"method\" property in function {fn_key} for httpApi event in serverless.yml"),
            &format!("use one of {}, or `*`", METHODS.join(", ")),
        );
        return None;
    }
    let key = format!("{method} {path}");
    if routes.contains_key(&key) {
        found.reference(
            codes::DUPLICATE_HTTP_API_ROUTE,
            at.to_string(),
            format!("Duplicate route '{key}' configuration in function {fn_key} for httpApi event in serverless.yml"),
            "each method and path may have one route in the service: remove one of the events",
        );
        return None;
    }
    if !valid_path(&path) {
        found.stricter(
            codes::INVALID_HTTP_API_PATH,
            join(at, "path"),
            format!(
                "httpApi path \"{path}\" of function {fn_key} must start with `/` and contain no spaces (or be `*`)"
            ),
            "write the path like `/users/{id}`",
        );
        return None;
    }
    Some((key, method))
}

/// How an event's `authorizer` authorizes its route, or `None` after reporting why it cannot.
fn route_auth(
    fn_key: &str,
    a: &Value,
    at: &str,
    external_id: Option<&Value>,
    authorizers: &IndexMap<String, Authorizer<'_>>,
    found: &mut Found,
) -> Option<(RouteAuth, Option<Vec<Value>>)> {
    let at = join(at, "authorizer");
    let field = |k: &str| match a {
        Value::Object(m) => truthy_value(m.get(k)),
        _ => None,
    };
    let name = match a {
        Value::Object(_) => field("name").map(js_string),
        other => Some(js_string(other)),
    };
    let kind = field("type").map(js_string);
    let id = field("id");
    let scopes = field("scopes");
    let iam = kind.as_deref() == Some("aws_iam");
    if !iam && id.is_none() && name.is_none() {
        found.reference(
            codes::HTTP_API_AUTHORIZER_MISSING_ID_OR_NAME,
            at,
            format!(
                "When configuring an authorizer with type: \"{}\", property \"id\" or \"name\" has to be specified.",
                kind.as_deref().unwrap_or("jwt")
            ),
            "name an authorizer of `provider.httpApi.authorizers` (`name`), or give an external one's `id`",
        );
        return None;
    }
    if iam && (name.is_some() || id.is_some() || scopes.is_some()) {
        found.reference(
            codes::HTTP_API_AUTHORIZER_AWS_IAM_UNEXPECTED_PROPERTIES,
            at,
            "When configuring authorizer with type: \"aws_iam\", all other properties are not supported.".into(),
            "remove `name`, `id` and `scopes` from an `aws_iam` authorizer",
        );
        return None;
    }
    let auth = if let Some(id) = id {
        if external_id.is_none() {
            found.reference(
                codes::EXTERNAL_HTTP_API_AUTHORIZER_WITHOUT_EXTERNAL_HTTP_API,
                join(&at, "id"),
                format!(
                    "Event references external authorizer '{}', but httpApi is part of the current stack.",
                    // The reference's text, but an intrinsic shown as written, not as JavaScript's
                    // "[object Object]".
                    if id.is_object() { crate::json::to_compact_string(id) } else { js_string(id) }
                ),
                "reference an authorizer of `provider.httpApi.authorizers` by `name` instead",
            );
            return None;
        }
        RouteAuth::External { id: id.clone(), kind }
    } else if iam {
        RouteAuth::Iam
    } else {
        let name = name.unwrap_or_default();
        if !authorizers.contains_key(&name) {
            found.reference(
                codes::UNRECOGNIZED_HTTP_API_AUTHORIZER,
                at,
                format!("Event references not configured authorizer '{name}'"),
                &format!(
                    "define it under `provider.httpApi.authorizers` (function {fn_key} names it); configured: {}",
                    if authorizers.is_empty() {
                        "none".to_string()
                    } else {
                        crate::reader::list(&authorizers.keys().map(String::as_str).collect::<Vec<_>>())
                    }
                ),
            );
            return None;
        }
        RouteAuth::Named(name)
    };
    Some((auth, scopes.map(|s| to_set(Some(s)))))
}

/// `arn:<partition>:execute-api:<region>:<account>:<api>/*`.
fn execute_api_arn(api_id: Value) -> Value {
    execute_api_arn_node(Node::config_owned(&api_id)).to_value()
}

/// [`execute_api_arn`] as a [`Node`].
fn execute_api_arn_node(api_id: Node<'_>) -> Node<'_> {
    let parts = vec![
        Node::str("arn:"),
        Node::reference("AWS::Partition"),
        Node::str(":execute-api:"),
        Node::reference("AWS::Region"),
        Node::str(":"),
        Node::reference("AWS::AccountId"),
        Node::str(":"),
        api_id,
        Node::str("/*"),
    ];
    Node::Obj(vec![("Fn::Join", Node::Arr(vec![Node::str(""), Node::Arr(parts)]))])
}

/// The `AuthorizerUri` / `IntegrationUri` of a Lambda function ARN.
pub(super) fn invocation_uri(function_arn: Value) -> Value {
    json!({ "Fn::Join": ["", [
        "arn:", { "Ref": "AWS::Partition" }, ":apigateway:", { "Ref": "AWS::Region" },
        ":lambda:path/2015-03-31/functions/", function_arn, "/invocations"
    ]] })
}

/// `HttpApiRoute<normalizePath(route key)>`, `HttpApiRouteDefault` for `*`.
fn route_logical_id(key: &str) -> String {
    if key == "*" {
        return "HttpApiRouteDefault".into();
    }
    let mut id = String::from("HttpApiRoute");
    for part in key.split('/') {
        id.push_str(&normalize_path_part(part));
    }
    id
}

/// `normalizePathPart`: `_.capitalize` (first character upper, the rest lower), `-` → `Dash`,
/// `{x}` → `xVar` (greedy, from the first `{` to the last `}`), then only `[0-9A-Za-z]` kept and
/// the first character upper-cased.
fn normalize_path_part(part: &str) -> String {
    let mut chars = part.chars();
    let mut s: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars.as_str().to_lowercase().chars()).collect(),
        None => String::new(),
    };
    s = s.replace('-', "Dash");
    if let (Some(open), Some(close)) = (s.find('{'), s.rfind('}'))
        && open < close
    {
        s = format!("{}{}Var{}", &s[..open], &s[open + 1..close], &s[close + 1..]);
    }
    naming::normalize_alphanumeric(&s)
}

fn compile_plan<'a>(cx: &mut Ctx<'a>, plan: &Plan<'a>) {
    let r = cx.r;
    let p = &r.config.provider;
    let user = p.apis.get("httpApi").and_then(Value::as_object);
    let setting = |k: &str| user.and_then(|u| u.get(k));
    let tags = p.tags.as_ref().map(|t| Value::Object(t.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()));
    let api_id = plan.api_id();

    if plan.external_id.is_none() {
        let name = match truthy_value(setting("name")) {
            Some(n) => js_string(n),
            None if truthy(setting("shouldStartNameWithService")) => format!("{}-{}", r.service(), r.stage),
            None => format!("{}-{}", r.stage, r.service()),
        };
        let mut props = Map::new();
        props.insert("Name".into(), json!(name));
        props.insert("ProtocolType".into(), json!("HTTP"));
        if let Some(d) = setting("disableDefaultEndpoint").filter(|v| !v.is_null()) {
            props.insert("DisableExecuteApiEndpoint".into(), d.clone());
        }
        if let Some(t) = &tags {
            props.insert("Tags".into(), t.clone());
        }
        if let Some(c) = &plan.cors {
            let mut cors = Map::new();
            if c.allow_credentials {
                cors.insert("AllowCredentials".into(), json!(true));
            }
            cors.insert("AllowHeaders".into(), json!(c.headers));
            cors.insert("AllowMethods".into(), json!(c.methods));
            cors.insert("AllowOrigins".into(), json!(c.origins));
            if let Some(e) = &c.exposed {
                cors.insert("ExposeHeaders".into(), json!(e));
            }
            if let Some(m) = &c.max_age {
                cors.insert("MaxAge".into(), m.clone());
            }
            props.insert("CorsConfiguration".into(), Value::Object(cors));
        }
        cx.set("HttpApi".into(), json!({ "Type": "AWS::ApiGatewayV2::Api", "Properties": props }));
    }

    if let Some((_, group)) = &plan.access_log {
        let mut props = Map::new();
        let name = group.clone().unwrap_or_else(|| json!(format!("/aws/http-api/{}", r.stack_name())));
        props.insert("LogGroupName".into(), name);
        if let Some(days) = p.log_retention_in_days {
            props.insert("RetentionInDays".into(), json!(days));
        }
        if let Some(policy) = &p.log_data_protection_policy {
            props.insert("DataProtectionPolicy".into(), policy.clone());
        }
        cx.set("HttpApiLogGroup".into(), json!({ "Type": "AWS::Logs::LogGroup", "Properties": props }));
    }

    if plan.external_id.is_none() {
        let metrics = truthy_value(setting("metrics")).cloned().unwrap_or(json!(false));
        let mut props = Map::new();
        props.insert("ApiId".into(), json!({ "Ref": "HttpApi" }));
        props.insert("StageName".into(), json!("$default"));
        props.insert("AutoDeploy".into(), json!(true));
        props.insert("DefaultRouteSettings".into(), json!({ "DetailedMetricsEnabled": metrics }));
        if let Some(t) = &tags {
            props.insert("Tags".into(), t.clone());
        }
        let mut stage = json!({ "Type": "AWS::ApiGatewayV2::Stage" });
        if let Some((format, _)) = &plan.access_log {
            props.insert(
                "AccessLogSettings".into(),
                json!({ "DestinationArn": { "Fn::GetAtt": ["HttpApiLogGroup", "Arn"] }, "Format": format }),
            );
            stage["Properties"] = Value::Object(props);
            stage["DependsOn"] = json!("HttpApiLogGroup");
        } else {
            stage["Properties"] = Value::Object(props);
        }
        cx.set("HttpApiStage".into(), stage);
        cx.output("HttpApiId".into(), json!({ "Description": "Id of the HTTP API", "Value": { "Ref": "HttpApi" } }));
        cx.output(
            "HttpApiUrl".into(),
            json!({
                "Description": "URL of the HTTP API",
                "Value": { "Fn::Join": ["", [
                    "https://", { "Ref": "HttpApi" }, ".execute-api.", { "Ref": "AWS::Region" }, ".", { "Ref": "AWS::URLSuffix" }
                ]] }
            }),
        );
    }

    for a in plan.authorizers.values() {
        compile_authorizer(cx, a, &api_id);
    }

    // Three resources per route (a permission and an integration per function, the route), built
    // as `Node`s: the API's ID and the config's values are the only parts not generated here.
    let api_id_node = || match &plan.external_id {
        Some(id) => Node::config_owned(id),
        None => Node::reference("HttpApi"),
    };
    let mut done: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (key, route) in &plan.routes {
        let (fn_key, f) = (route.fn_key, route.f);
        let normalized = naming::normalize(fn_key);
        let integration_id = ["HttpApiIntegration", normalized.as_str()].concat();
        if done.insert(fn_key) {
            let alias = cx.alias_id(fn_key, f);
            let mut permission = vec![
                ("Type", Node::str("AWS::Lambda::Permission")),
                (
                    "Properties",
                    Node::Obj(vec![
                        ("FunctionName", cx.target_node(fn_key, f)),
                        ("Action", Node::str("lambda:InvokeFunction")),
                        ("Principal", Node::str("apigateway.amazonaws.com")),
                        ("SourceArn", execute_api_arn_node(api_id_node())),
                    ]),
                ),
            ];
            let mut integration = vec![("Type", Node::str("AWS::ApiGatewayV2::Integration"))];
            if let Some(alias) = alias {
                permission.push(("DependsOn", Node::string(alias.clone())));
                integration.push(("DependsOn", Node::string(alias)));
            }
            let payload = truthy_value(f.http_api.as_ref().and_then(|h| h.get("payload")))
                .or_else(|| truthy_value(setting("payload")))
                .map_or(Node::str("2.0"), Node::config);
            integration.push((
                "Properties",
                Node::Obj(vec![
                    ("ApiId", api_id_node()),
                    ("IntegrationType", Node::str("AWS_PROXY")),
                    ("IntegrationUri", cx.target_node(fn_key, f)),
                    ("PayloadFormatVersion", payload),
                    ("TimeoutInMillis", Node::num(30000)),
                ]),
            ));
            cx.set_node([normalized.as_str(), "LambdaPermissionHttpApi"].concat(), Node::Obj(permission));
            cx.set_node(integration_id.clone(), Node::Obj(integration));
        }
        let route_key = if key == "*" { "$default" } else { key.as_str() };
        let target = Node::Arr(vec![Node::str("integrations"), Node::reference(integration_id.clone())]);
        let mut props = vec![
            ("ApiId", api_id_node()),
            ("RouteKey", Node::string(route_key.to_owned())),
            ("Target", Node::Obj(vec![("Fn::Join", Node::Arr(vec![Node::str("/"), target]))])),
        ];
        if let Some(auth) = &route.auth {
            let (kind, id) = match auth {
                RouteAuth::Iam => ("AWS_IAM", None),
                RouteAuth::External { id, kind } => (
                    match kind.as_deref() {
                        Some("request") => "CUSTOM",
                        Some("aws_iam") => "AWS_IAM",
                        _ => "JWT",
                    },
                    Some(Node::config_owned(id)),
                ),
                RouteAuth::Named(name) => {
                    let a = &plan.authorizers[name];
                    let id = Node::reference(["HttpApiAuthorizer", naming::normalize(&a.name).as_str()].concat());
                    (if a.request { "CUSTOM" } else { "JWT" }, Some(id))
                }
            };
            props.push(("AuthorizationType", Node::str(kind)));
            if kind != "AWS_IAM" {
                if let Some(id) = id {
                    props.push(("AuthorizerId", id));
                }
                if let Some(scopes) = &route.scopes {
                    props.push(("AuthorizationScopes", Node::Arr(scopes.iter().map(Node::config_owned).collect())));
                }
            }
        }
        let route = vec![
            ("Type", Node::str("AWS::ApiGatewayV2::Route")),
            ("Properties", Node::Obj(props)),
            ("DependsOn", Node::string(integration_id)),
        ];
        cx.set_node(route_logical_id(key), Node::Obj(route));
    }
}

fn compile_authorizer(cx: &mut Ctx<'_>, a: &Authorizer<'_>, api_id: &Value) {
    let mut props = Map::new();
    props.insert("ApiId".into(), api_id.clone());
    props.insert("Name".into(), json!(a.name));
    props.insert("IdentitySource".into(), a.identity_source.clone());
    let mut resource = json!({ "Type": "AWS::ApiGatewayV2::Authorizer" });
    if a.request {
        props.insert("AuthorizerType".into(), json!("REQUEST"));
        if let Some(s) = &a.simple_responses {
            props.insert("EnableSimpleResponses".into(), s.clone());
        }
        if let Some(t) = &a.ttl {
            props.insert("AuthorizerResultTtlInSeconds".into(), t.clone());
        }
        props.insert("AuthorizerPayloadFormatVersion".into(), a.payload_version.clone());
        let (function_arn, alias) = match (a.function, &a.function_arn) {
            (Some((key, f)), _) => (cx.target(key, f), cx.alias_id(key, f)),
            (None, Some(arn)) => (arn.clone(), None),
            (None, None) => (Value::Null, None),
        };
        props.insert("AuthorizerUri".into(), invocation_uri(function_arn.clone()));
        if !a.managed_externally {
            let mut permission = json!({
                "Type": "AWS::Lambda::Permission",
                "Properties": {
                    "FunctionName": function_arn,
                    "Action": "lambda:InvokeFunction",
                    "Principal": "apigateway.amazonaws.com",
                    "SourceArn": execute_api_arn(api_id.clone())
                }
            });
            if let Some(alias) = &alias {
                permission["DependsOn"] = json!(alias);
            }
            cx.set(format!("{}LambdaAuthorizerPermissionHttpApi", naming::normalize(&a.name)), permission);
        }
        resource["Properties"] = Value::Object(props);
        if let Some(alias) = alias {
            resource["DependsOn"] = json!(alias);
        }
    } else {
        props.insert("AuthorizerType".into(), json!("JWT"));
        let mut jwt = Map::new();
        jwt.insert("Audience".into(), json!(a.audience));
        if let Some(issuer) = &a.issuer_url {
            jwt.insert("Issuer".into(), issuer.clone());
        }
        props.insert("JwtConfiguration".into(), Value::Object(jwt));
        resource["Properties"] = Value::Object(props);
    }
    cx.set(format!("HttpApiAuthorizer{}", naming::normalize(&a.name)), resource);
}

#[cfg(test)]
pub(super) mod tests {
    use serde_json::{Value, json};

    use crate::diagnostics::Diagnostics;
    use crate::events::Values;
    use crate::resolve::Resolved;

    /// Loads `provider` and `functions` (service `svc`, stage `dev`), then runs the rules and, when
    /// they pass, the event compilers.
    pub(crate) fn run(provider: Value, functions: Value) -> (Diagnostics, Option<Values>) {
        let mut p = json!({ "name": "aws", "runtime": "nodejs22.x", "stage": "dev" });
        p.as_object_mut().unwrap().extend(provider.as_object().unwrap().clone());
        let (config, mut diagnostics) =
            crate::load::load_value(&json!({ "service": "svc", "provider": p, "functions": functions }), false);
        if diagnostics.has_errors() {
            return (diagnostics, None);
        }
        let r = Resolved::new(&config);
        diagnostics.extend(crate::validate::validate_resolved(&r));
        if diagnostics.has_errors() {
            return (diagnostics, None);
        }
        (diagnostics, Some(crate::events::compile(&r, 1_767_225_600_000).to_values()))
    }

    pub(crate) fn compiled(provider: Value, functions: Value) -> Values {
        let (d, c) = run(provider, functions);
        c.unwrap_or_else(|| panic!("unexpected errors: {d}"))
    }

    /// The first error: (code, path, message).
    pub(crate) fn first_error(provider: Value, functions: Value) -> (String, String, String) {
        let (d, _) = run(provider, functions);
        let e = d.errors().next().unwrap_or_else(|| panic!("expected an error"));
        (e.code.to_string(), e.path.clone(), e.message.clone())
    }

    pub(crate) fn codes(provider: Value, functions: Value) -> Vec<String> {
        run(provider, functions).0.errors().map(|e| e.code.to_string()).collect()
    }

    fn events(list: Value) -> Value {
        json!({ "handler": "h.h", "events": list })
    }

    fn ids(c: &Values) -> Vec<&str> {
        c.resources.keys().map(String::as_str).collect()
    }

    #[test]
    fn route_logical_ids_follow_normalize_path() {
        use super::route_logical_id as id;
        assert_eq!(id("*"), "HttpApiRouteDefault");
        assert_eq!(id("DELETE /orders/{id}"), "HttpApiRouteDeleteOrdersIdVar");
        assert_eq!(id("GET /users/{userId}"), "HttpApiRouteGetUsersUseridVar");
        assert_eq!(id("GET /{proxy+}"), "HttpApiRouteGetProxyVar");
        assert_eq!(id("POST /v2/my-items"), "HttpApiRoutePostV2MyDashitems");
        assert_eq!(id("GET /"), "HttpApiRouteGet");
    }

    #[test]
    fn string_forms_load_as_routes() {
        let c = compiled(json!({}), json!({ "a": events(json!([{ "httpApi": "get /x" }, { "httpApi": "*" }])) }));
        assert_eq!(c.resources["HttpApiRouteGetX"]["Properties"]["RouteKey"], "GET /x");
        assert_eq!(c.resources["HttpApiRouteDefault"]["Properties"]["RouteKey"], "$default");
        for bad in ["FETCH /x", "* /x", "GET x", "GET /a b", "GET"] {
            let (code, path, _) = first_error(json!({}), json!({ "a": events(json!([{ "httpApi": bad }])) }));
            assert_eq!(
                (code.as_str(), path.as_str()),
                ("CONFIG_INVALID_VALUE", "functions.a.events[0].httpApi"),
                "{bad}"
            );
        }
    }

    #[test]
    fn api_stage_permission_integration_route_in_order() {
        let c = compiled(
            json!({ "tags": { "team": "web", "1": "x" }, "httpApi": { "cors": true } }),
            json!({ "notifier": events(json!([{ "httpApi": { "method": "delete", "path": "/orders/{id}" } }, { "httpApi": { "method": "*", "path": "/all" } }])) }),
        );
        assert_eq!(
            ids(&c),
            [
                "HttpApi",
                "HttpApiStage",
                "NotifierLambdaPermissionHttpApi",
                "HttpApiIntegrationNotifier",
                "HttpApiRouteDeleteOrdersIdVar",
                "HttpApiRouteAnyAll"
            ]
        );
        let api = &c.resources["HttpApi"]["Properties"];
        assert_eq!(api["Name"], "dev-svc");
        assert_eq!(api["Tags"], json!({ "team": "web", "1": "x" }));
        assert_eq!(
            api["CorsConfiguration"]["AllowMethods"],
            json!(["OPTIONS", "DELETE", "GET", "POST", "PUT", "PATCH", "HEAD"])
        );
        assert_eq!(api["CorsConfiguration"]["AllowOrigins"], json!(["*"]));
        assert_eq!(c.resources["HttpApiStage"]["Properties"]["Tags"], json!({ "team": "web", "1": "x" }));
        assert_eq!(c.resources["HttpApiRouteAnyAll"]["DependsOn"], "HttpApiIntegrationNotifier");
        assert_eq!(c.outputs.keys().collect::<Vec<_>>(), ["HttpApiId", "HttpApiUrl"]);
    }

    #[test]
    fn payload_function_level_over_provider() {
        let c = compiled(
            json!({ "httpApi": { "payload": "1.0" } }),
            json!({
                "a": { "handler": "h.h", "httpApi": { "payload": "2.0" }, "events": [{ "httpApi": "GET /a" }] },
                "b": events(json!([{ "httpApi": "GET /b" }]))
            }),
        );
        assert_eq!(c.resources["HttpApiIntegrationA"]["Properties"]["PayloadFormatVersion"], "2.0");
        assert_eq!(c.resources["HttpApiIntegrationB"]["Properties"]["PayloadFormatVersion"], "1.0");
    }

    #[test]
    fn alias_targets_and_depends_on() {
        let c = compiled(
            json!({}),
            json!({ "a": { "handler": "h.h", "provisionedConcurrency": 1, "events": [{ "httpApi": "GET /a" }] } }),
        );
        let integration = &c.resources["HttpApiIntegrationA"];
        assert_eq!(integration.as_object().unwrap().keys().collect::<Vec<_>>(), ["Type", "DependsOn", "Properties"]);
        assert_eq!(integration["DependsOn"], "AProvConcLambdaAlias");
        assert_eq!(
            integration["Properties"]["IntegrationUri"],
            json!({ "Fn::Join": [":", [{ "Fn::GetAtt": ["ALambdaFunction", "Arn"] }, "provisioned"]] })
        );
        assert_eq!(c.resources["ALambdaPermissionHttpApi"]["DependsOn"], "AProvConcLambdaAlias");
    }

    #[test]
    fn external_api_uses_its_id_and_emits_no_api_stage_or_outputs() {
        let c = compiled(
            json!({ "httpApi": { "id": "abc123" } }),
            json!({ "a": events(json!([{ "httpApi": { "method": "GET", "path": "/a", "authorizer": { "id": "auth1", "scopes": "read" } } }])) }),
        );
        assert_eq!(ids(&c), ["ALambdaPermissionHttpApi", "HttpApiIntegrationA", "HttpApiRouteGetA"]);
        let route = &c.resources["HttpApiRouteGetA"]["Properties"];
        assert_eq!(route["ApiId"], "abc123");
        assert_eq!(route["AuthorizationType"], "JWT");
        assert_eq!(route["AuthorizerId"], "auth1");
        assert_eq!(route["AuthorizationScopes"], json!(["read"]));
        assert!(c.outputs.is_empty());
    }

    #[test]
    fn request_authorizer_permission_precedes_it() {
        let c = compiled(
            json!({ "httpApi": { "authorizers": { "my-auth": { "type": "request", "functionName": "auth", "resultTtlInSeconds": 300, "identitySource": "$request.header.Authorization" } } } }),
            json!({
                "auth": { "handler": "h.h" },
                "a": events(json!([{ "httpApi": { "method": "GET", "path": "/a", "authorizer": "my-auth" } }]))
            }),
        );
        assert_eq!(&ids(&c)[2..4], ["MyDashauthLambdaAuthorizerPermissionHttpApi", "HttpApiAuthorizerMyDashauth"]);
        let a = &c.resources["HttpApiAuthorizerMyDashauth"]["Properties"];
        assert_eq!(a["IdentitySource"], json!(["$request.header.Authorization"]));
        assert_eq!(a["AuthorizerResultTtlInSeconds"], 300);
        assert_eq!(a["AuthorizerPayloadFormatVersion"], "2.0");
        assert_eq!(c.resources["HttpApiRouteGetA"]["Properties"]["AuthorizationType"], "CUSTOM");
    }

    #[test]
    fn access_logs_log_group_and_stage_settings() {
        let c = compiled(
            json!({ "stackName": "my-stack", "logRetentionInDays": 14, "logs": { "httpApi": true } }),
            json!({ "a": events(json!([{ "httpApi": "GET /a" }])) }),
        );
        assert_eq!(&ids(&c)[..3], ["HttpApi", "HttpApiLogGroup", "HttpApiStage"]);
        assert_eq!(
            c.resources["HttpApiLogGroup"]["Properties"],
            json!({ "LogGroupName": "/aws/http-api/my-stack", "RetentionInDays": 14 })
        );
        let stage = &c.resources["HttpApiStage"];
        assert_eq!(stage["DependsOn"], "HttpApiLogGroup");
        assert_eq!(stage["Properties"]["AccessLogSettings"]["Format"], super::DEFAULT_LOG_FORMAT);
    }

    #[test]
    fn nothing_without_events() {
        let c = compiled(json!({ "httpApi": { "cors": true } }), json!({ "a": { "handler": "h.h" } }));
        assert!(c.resources.is_empty() && c.outputs.is_empty());
    }

    #[test]
    fn reference_errors_with_their_messages() {
        let f = |e: Value| json!({ "fn1": events(json!([e])) });
        let cases = [
            (
                json!({}),
                f(json!({ "httpApi": { "method": "FETCH", "path": "/x" } })),
                "INVALID_HTTP_API_METHOD",
                "functions.fn1.events[0].httpApi.method",
                "Invalid \"method\" property in function fn1 for httpApi event in serverless.yml",
            ),
            (
                json!({}),
                f(json!({ "httpApi": { "method": "GET", "path": "*" } })),
                "INVALID_HTTP_API_PATH",
                "functions.fn1.events[0].httpApi.path",
                "Invalid \"path\" property in function fn1 for httpApi event in serverless.yml",
            ),
            (
                json!({}),
                f(json!({ "httpApi": { "path": "/x" } })),
                "MISSING_HTTP_API_METHOD",
                "functions.fn1.events[0].httpApi",
                "Missing \"method\" property in function fn1 for httpApi event in serverless.yml",
            ),
            (
                json!({}),
                f(json!({ "httpApi": { "method": "GET", "path": "/x", "authorizer": { "scopes": ["a"] } } })),
                "HTTP_API_AUTHORIZER_MISSING_ID_OR_NAME",
                "functions.fn1.events[0].httpApi.authorizer",
                "When configuring an authorizer with type: \"jwt\", property \"id\" or \"name\" has to be specified.",
            ),
            (
                json!({}),
                f(
                    json!({ "httpApi": { "method": "GET", "path": "/x", "authorizer": { "type": "aws_iam", "name": "a" } } }),
                ),
                "HTTP_API_AUTHORIZER_AWS_IAM_UNEXPECTED_PROPERTIES",
                "functions.fn1.events[0].httpApi.authorizer",
                "When configuring authorizer with type: \"aws_iam\", all other properties are not supported.",
            ),
            (
                json!({}),
                f(json!({ "httpApi": { "method": "GET", "path": "/x", "authorizer": { "id": "x1" } } })),
                "EXTERNAL_HTTP_API_AUTHORIZER_WITHOUT_EXTERNAL_HTTP_API",
                "functions.fn1.events[0].httpApi.authorizer.id",
                "Event references external authorizer 'x1', but httpApi is part of the current stack.",
            ),
            (
                json!({}),
                f(json!({ "httpApi": { "method": "GET", "path": "/x", "authorizer": "nope" } })),
                "UNRECOGNIZED_HTTP_API_AUTHORIZER",
                "functions.fn1.events[0].httpApi.authorizer",
                "Event references not configured authorizer 'nope'",
            ),
            (
                json!({ "httpApi": { "id": "x", "cors": true } }),
                f(json!({ "httpApi": "GET /x" })),
                "EXTERNAL_HTTP_API_CORS_CONFIG",
                "provider.httpApi.cors",
                "Cannot setup CORS rules for externally configured HTTP API",
            ),
            (
                json!({ "httpApi": { "id": "x", "authorizers": {} } }),
                f(json!({ "httpApi": "GET /x" })),
                "EXTERNAL_HTTP_API_AUTHORIZERS_CONFIG",
                "provider.httpApi.authorizers",
                "Cannot setup authorizers for externally configured HTTP API",
            ),
            (
                json!({ "httpApi": { "id": "x" }, "logs": { "httpApi": true } }),
                f(json!({ "httpApi": "GET /x" })),
                "EXTERNAL_HTTP_API_LOGS_CONFIG",
                "provider.logs.httpApi",
                "Cannot setup access logs for externally configured HTTP API",
            ),
            (
                json!({ "httpApi": { "authorizers": { "r": { "type": "request" } } } }),
                f(json!({ "httpApi": "GET /x" })),
                "HTTP_API_CUSTOM_AUTHORIZER_NEITHER_FUNCTION_ARN_NOR_FUNCTION_NAME_DEFINED",
                "provider.httpApi.authorizers.r",
                "Either \"functionArn\" or \"functionName\" property needs to be set on authorizer \"r\"",
            ),
            (
                json!({ "httpApi": { "authorizers": { "r": { "type": "request", "functionName": "fn1", "functionArn": "arn:aws:lambda:us-east-1:123456789012:function:x" } } } }),
                f(json!({ "httpApi": "GET /x" })),
                "HTTP_API_CUSTOM_AUTHORIZER_BOTH_FUNCTION_ARN_AND_FUNCTION_NAME_DEFINED",
                "provider.httpApi.authorizers.r",
                "Either \"functionArn\" or \"functionName\" (not both) property needs to be set on authorizer \"r\"",
            ),
            (
                json!({ "httpApi": { "authorizers": { "r": { "type": "request", "functionName": "ghost" } } } }),
                f(json!({ "httpApi": "GET /x" })),
                "HTTP_API_CUSTOM_AUTHORIZER_FUNCTION_NOT_FOUND_IN_SERVICE",
                "provider.httpApi.authorizers.r.functionName",
                "Function \"ghost\" for HTTP API authorizer \"r\" not found in service.",
            ),
            (
                json!({ "httpApi": { "authorizers": { "r": { "type": "request", "functionName": "fn1", "resultTtlInSeconds": 60 } } } }),
                f(json!({ "httpApi": "GET /x" })),
                "HTTP_API_CUSTOM_AUTHORIZER_IDENTITY_SOURCE_MISSING_WHEN_CACHING_ENABLED",
                "provider.httpApi.authorizers.r",
                "Property \"identitySource\" has to be set on authorizer \"r\" when \"resultTtlInSeconds\" is set to non-zero value.",
            ),
        ];
        for (provider, functions, code, path, message) in cases {
            assert_eq!(first_error(provider, functions), (code.into(), path.into(), message.into()));
        }
    }

    #[test]
    fn duplicate_routes_across_functions() {
        let functions = json!({
            "a": events(json!([{ "httpApi": "GET /x" }])),
            "b": events(json!([{ "httpApi": { "method": "get", "path": "/x" } }]))
        });
        assert_eq!(
            first_error(json!({}), functions),
            (
                "DUPLICATE_HTTP_API_ROUTE".into(),
                "functions.b.events[0].httpApi".into(),
                "Duplicate route 'GET /x' configuration in function b for httpApi event in serverless.yml".into()
            )
        );
        // The reference lets a second `*` replace the first silently; stackwright rejects it too.
        let functions = json!({ "a": events(json!([{ "httpApi": "*" }])), "b": events(json!([{ "httpApi": "*" }])) });
        assert_eq!(codes(json!({}), functions), ["DUPLICATE_HTTP_API_ROUTE"]);
    }

    #[test]
    fn cors_credentials_with_wildcard_origin_is_rejected() {
        let f = json!({ "a": events(json!([{ "httpApi": "GET /x" }])) });
        let (code, path, _) = first_error(json!({ "httpApi": { "cors": { "allowCredentials": true } } }), f.clone());
        assert_eq!(
            (code.as_str(), path.as_str()),
            ("HTTP_API_CORS_CREDENTIALS_WITH_WILDCARD_ORIGIN", "provider.httpApi.cors")
        );
        let ok =
            json!({ "httpApi": { "cors": { "allowCredentials": true, "allowedOrigins": ["https://a.example"] } } });
        let c = compiled(ok, f);
        let cors = &c.resources["HttpApi"]["Properties"]["CorsConfiguration"];
        assert_eq!(
            cors.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["AllowCredentials", "AllowHeaders", "AllowMethods", "AllowOrigins"]
        );
    }

    #[test]
    fn simple_responses_need_payload_2() {
        let provider = |v: &str| json!({ "httpApi": { "authorizers": { "r": { "type": "request", "functionName": "a", "enableSimpleResponses": true, "payloadVersion": v } } } });
        let f = json!({ "a": events(json!([{ "httpApi": { "method": "GET", "path": "/x", "authorizer": "r" } }])) });
        let (code, path, _) = first_error(provider("1.0"), f.clone());
        assert_eq!(
            (code.as_str(), path.as_str()),
            ("HTTP_API_SIMPLE_RESPONSES_ON_PAYLOAD_1", "provider.httpApi.authorizers.r.enableSimpleResponses")
        );
        assert!(run(provider("2.0"), f).0.is_empty());
    }

    #[test]
    fn stricter_path_payload_and_jwt_rules() {
        let f = |e: Value| json!({ "a": events(json!([e])) });
        assert_eq!(
            codes(json!({}), f(json!({ "httpApi": { "method": "GET", "path": "users" } }))),
            ["INVALID_HTTP_API_PATH"]
        );
        assert_eq!(
            codes(json!({ "httpApi": { "payload": "3.0" } }), f(json!({ "httpApi": "GET /x" }))),
            ["CONFIG_INVALID_VALUE"]
        );
        let jwt =
            json!({ "httpApi": { "authorizers": { "j": { "identitySource": "$request.header.Authorization" } } } });
        assert_eq!(codes(jwt, f(json!({ "httpApi": "GET /x" }))), ["INVALID_EVENT"]);
        assert_eq!(
            codes(json!({ "httpApi": { "corz": true } }), f(json!({ "httpApi": "GET /x" }))),
            ["CONFIG_UNKNOWN_KEY"]
        );
    }

    #[test]
    fn reference_errors_come_before_stricter_ones() {
        let functions = json!({
            "a": events(json!([{ "httpApi": { "method": "GET", "path": "users" } }])),
            "b": events(json!([{ "httpApi": { "method": "FETCH", "path": "/x" } }]))
        });
        assert_eq!(codes(json!({}), functions), ["INVALID_HTTP_API_METHOD", "INVALID_HTTP_API_PATH"]);
    }
}
