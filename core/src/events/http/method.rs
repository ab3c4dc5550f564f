//! Methods of the REST API: CORS preflight, one method per event with its integration,
//! authorizers, request validators and models, and the invoke permissions.

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use super::tree::{Tree, normalize_path, upper_first};
use super::{Api, Ev, templates, truthy};
use crate::events::Ctx;
use crate::naming;

/// The headers `cors: true` allows.
const DEFAULT_HEADERS: &[&str] = &[
    "Content-Type",
    "X-Amz-Date",
    "Authorization",
    "X-Api-Key",
    "X-Amz-Security-Token",
    "X-Amz-User-Agent",
    "X-Amzn-Trace-Id",
];

/// The status codes (and selection patterns) of the `lambda` integration without `response`.
const DEFAULT_STATUS_CODES: &[(&str, &str)] = &[
    ("200", ""),
    ("400", r"[\s\S]*\[400\][\s\S]*"),
    ("401", r"[\s\S]*\[401\][\s\S]*"),
    ("403", r"[\s\S]*\[403\][\s\S]*"),
    ("404", r"[\s\S]*\[404\][\s\S]*"),
    ("422", r"[\s\S]*\[422\][\s\S]*"),
    ("500", r"[\s\S]*(Process\s?exited\s?before\s?completing\s?request|\[500\])[\s\S]*"),
    ("502", r"[\s\S]*\[502\][\s\S]*"),
    ("504", r"([\s\S]*\[504\][\s\S]*)|(.*Task timed out after \d+\.\d+ seconds$)"),
];

/// `ApiGatewayMethod<path><Method>`.
pub(super) fn method_id(path: &str, method: &str) -> String {
    format!("ApiGatewayMethod{}{}", normalize_path(path), upper_first(&method.to_lowercase()))
}

/// An event's `authorizer`, normalized as the reference's `getAuthorizer` does.
#[derive(Debug, Default)]
pub(crate) struct Authorizer {
    pub kind: Option<String>,
    pub name: Option<String>,
    pub arn: Option<Value>,
    pub authorizer_id: Option<Value>,
    pub ttl: Option<i64>,
    pub identity_source: Option<String>,
    pub identity_validation: Option<String>,
    pub scopes: Option<Value>,
    pub managed_externally: bool,
    /// The alias of the authorizer function, when it has one.
    pub alias: Option<String>,
}

impl Authorizer {
    pub(super) fn new(cx: &Ctx<'_>, a: &Value) -> Authorizer {
        let mut out = Authorizer::default();
        let mut function = None;
        match a {
            Value::String(s) if s.eq_ignore_ascii_case("aws_iam") => out.kind = Some("AWS_IAM".into()),
            Value::String(s) if !s.contains(':') => {
                function = Some(s.clone());
                out.name = Some(s.clone());
            }
            Value::String(s) => {
                out.arn = Some(json!(s));
                out.name = Some(name_from_arn(s));
            }
            Value::Object(m) => {
                let kind = m.get("type").and_then(Value::as_str);
                if let (Some(k), Some(id)) = (kind, m.get("authorizerId").filter(|v| truthy(v))) {
                    out.kind = Some(k.into());
                    out.authorizer_id = Some(id.clone());
                } else if kind.is_some_and(|k| k.eq_ignore_ascii_case("aws_iam")) {
                    out.kind = Some("AWS_IAM".into());
                } else if let Some(arn) = m.get("arn").filter(|v| truthy(v)) {
                    out.arn = Some(arn.clone());
                    out.name = Some(match (m.get("name"), arn) {
                        (Some(Value::String(n)), _) => n.clone(),
                        (_, Value::String(s)) => name_from_arn(s),
                        _ => String::new(),
                    });
                } else if let Some(Value::String(n)) = m.get("name") {
                    function = Some(n.clone());
                    out.name = Some(n.clone());
                }
                if out.kind.is_none() {
                    out.kind = kind.map(String::from);
                }
                out.ttl = Some(parse_int(m.get("resultTtlInSeconds")).unwrap_or(300));
                out.scopes = m.get("scopes").cloned();
                out.identity_source = m.get("identitySource").and_then(Value::as_str).map(String::from);
                out.identity_validation =
                    m.get("identityValidationExpression").and_then(Value::as_str).map(String::from);
                out.managed_externally = m.get("managedExternally").is_some_and(truthy);
            }
            _ => {}
        }
        if let Some(name) = function
            && let Some(f) = cx.r.config.functions.get(&name)
        {
            out.arn = Some(cx.target(&name, f));
            out.alias = cx.alias_id(&name, f);
        }
        let request_without_cache =
            out.kind.as_deref().is_some_and(|k| k.eq_ignore_ascii_case("request")) && out.ttl == Some(0);
        if out.identity_source.is_none() && !request_without_cache {
            out.identity_source = Some("method.request.header.Authorization".into());
        }
        out
    }

    fn is_cognito(&self) -> bool {
        self.kind.as_deref().is_some_and(|k| k.eq_ignore_ascii_case("COGNITO_USER_POOLS"))
            || self.arn.as_ref().and_then(Value::as_str).is_some_and(is_cognito_arn)
    }

    fn logical_id(&self) -> String {
        format!("{}ApiGatewayAuthorizer", naming::normalize(self.name.as_deref().unwrap_or_default()))
    }
}

/// `extractAuthorizerNameFromArn`: the last `-` part of the last `:` part.
fn name_from_arn(arn: &str) -> String {
    let last = arn.rsplit(':').next().unwrap_or(arn);
    last.rsplit('-').next().unwrap_or(last).to_string()
}

fn is_cognito_arn(arn: &str) -> bool {
    let mut parts = arn.splitn(4, ':');
    matches!((parts.next(), parts.next(), parts.next()), (Some("arn"), Some(_), Some("cognito-idp")))
}

/// `Number.parseInt(v, 10)`: leading digits of a string, or a number truncated.
fn parse_int(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.trunc() as i64)),
        Value::String(s) => {
            let t = s.trim_start();
            let (sign, digits) = match t.strip_prefix('-') {
                Some(rest) => (-1, rest),
                None => (1, t.strip_prefix('+').unwrap_or(t)),
            };
            let d: String = digits.chars().take_while(char::is_ascii_digit).collect();
            d.parse::<i64>().ok().map(|n| sign * n)
        }
        _ => None,
    }
}

/// The merged CORS settings of one path.
#[derive(Default)]
struct Cors {
    headers: Vec<Value>,
    methods: Vec<Value>,
    origins: Vec<Value>,
    origin: Option<Value>,
    allow_credentials: bool,
    max_age: Option<Value>,
    cache_control: Option<Value>,
}

/// `getCors`: one event's CORS settings.
fn event_cors(c: &Value, method: &str) -> Cors {
    let upper = json!(method.to_uppercase());
    let defaults = || DEFAULT_HEADERS.iter().map(|h| json!(h)).collect::<Vec<_>>();
    let Value::Object(m) = c else {
        return Cors {
            headers: defaults(),
            methods: vec![json!("OPTIONS"), upper],
            origin: Some(json!("*")),
            ..Cors::default()
        };
    };
    let origin = if m.contains_key("origins") {
        m.get("origin").cloned()
    } else {
        Some(m.get("origin").cloned().unwrap_or(json!("*")))
    };
    // The reference's schema (lists of strings) makes one value a list of one.
    let list = |key: &str| match m.get(key) {
        Some(Value::Array(items)) => Some(items.clone()),
        Some(one @ Value::String(_)) => Some(vec![one.clone()]),
        _ => None,
    };
    let mut methods = list("methods").unwrap_or_default();
    let headers = list("headers").unwrap_or_else(defaults);
    if !methods.contains(&json!("OPTIONS")) {
        methods.push(json!("OPTIONS"));
    }
    if !methods.contains(&upper) {
        methods.push(upper);
    }
    Cors {
        headers,
        methods,
        origins: list("origins").unwrap_or_default(),
        origin: origin.filter(|o| !o.is_null()),
        allow_credentials: m.get("allowCredentials").is_some_and(truthy),
        max_age: m.get("maxAge").filter(|v| truthy(v)).cloned(),
        cache_control: m.get("cacheControl").filter(|v| truthy(v)).cloned(),
    }
}

/// `_.union(first, second)`.
fn union(first: &[Value], second: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::with_capacity(first.len() + second.len());
    for v in first.iter().chain(second) {
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    out
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => crate::reader::js_string(other),
    }
}

/// The CORS preflight (`OPTIONS`) methods, one per path with `cors`, in first-seen path order;
/// returns their logical IDs.
pub(super) fn cors(cx: &mut Ctx<'_>, api: &Api<'_>, tree: &Tree, events: &[Ev<'_>]) -> Vec<String> {
    let mut per_path: IndexMap<&str, Cors> = IndexMap::new();
    for e in events {
        let Some(c) = e.c.get("cors").filter(|c| truthy(c)) else { continue };
        let new = event_cors(c, &e.method);
        let merged = per_path.entry(e.path.as_str()).or_default();
        merged.headers = union(&new.headers, &merged.headers);
        merged.methods = union(&new.methods, &merged.methods);
        merged.origins = union(&new.origins, &merged.origins);
        merged.origin = new.origin;
        merged.allow_credentials |= new.allow_credentials;
        if new.max_age.is_some() {
            merged.max_age = new.max_age;
        }
        if new.cache_control.is_some() {
            merged.cache_control = new.cache_control;
        }
    }
    let mut ids = Vec::new();
    for (path, c) in per_path {
        let mut origin = c.origin.as_ref().map(text).unwrap_or_else(|| "undefined".into());
        let mut origins: Vec<String> = c.origins.iter().map(text).collect();
        if origin.contains(',') {
            origins = origin.split(',').map(|o| o.trim().to_string()).collect();
        }
        if let Some(first) = origins.first() {
            origin.clone_from(first);
        }
        let join = |l: &[Value]| l.iter().map(text).collect::<Vec<_>>().join(",");
        let mut methods = join(&c.methods);
        if c.methods.contains(&json!("ANY")) {
            methods = methods.replacen("ANY", "DELETE,GET,HEAD,PATCH,POST,PUT", 1);
        }
        let mut headers: Vec<(&str, String)> = vec![
            ("Access-Control-Allow-Origin", format!("'{origin}'")),
            ("Access-Control-Allow-Headers", format!("'{}'", join(&c.headers))),
            ("Access-Control-Allow-Methods", format!("'{methods}'")),
        ];
        if c.allow_credentials {
            headers.push(("Access-Control-Allow-Credentials", "'true'".into()));
        }
        if let Some(m) = &c.max_age {
            headers.push(("Access-Control-Max-Age", format!("'{}'", text(m))));
        }
        if let Some(cc) = &c.cache_control {
            headers.push(("Cache-Control", format!("'{}'", text(cc))));
        }
        let mut flags = Map::new();
        let mut values = Map::new();
        for (h, v) in &headers {
            flags.insert(format!("method.response.header.{h}"), json!(true));
            values.insert(format!("method.response.header.{h}"), json!(v));
        }
        let template = if origins.is_empty() { String::new() } else { origin_template(&origins) };
        let id = method_id(path, "options");
        cx.merge(
            id.clone(),
            json!({
                "Type": "AWS::ApiGateway::Method",
                "Properties": {
                    "AuthorizationType": "NONE",
                    "HttpMethod": "OPTIONS",
                    "MethodResponses": [{ "StatusCode": "200", "ResponseParameters": flags, "ResponseModels": {} }],
                    "RequestParameters": {},
                    "Integration": {
                        "Type": "MOCK",
                        "RequestTemplates": { "application/json": "{statusCode:200}" },
                        "ContentHandling": "CONVERT_TO_TEXT",
                        "IntegrationResponses": [{
                            "StatusCode": "200",
                            "ResponseParameters": values,
                            "ResponseTemplates": { "application/json": template }
                        }]
                    },
                    "ResourceId": tree.resource_ref(path, &api.root_id),
                    "RestApiId": api.id
                }
            }),
        );
        ids.push(id);
    }
    ids
}

/// The VTL template that echoes a matching `Origin` (several allowed origins).
fn origin_template(origins: &[String]) -> String {
    let regexes: Vec<String> = origins.iter().map(|o| o.replace('.', "[.]").replacen('*', ".+", 1)).collect();
    let n = regexes.len();
    let tests: String = regexes
        .iter()
        .enumerate()
        .map(|(i, o)| format!("$origin.matches(\"{o}\"){}", if i + 1 < n { " || " } else { "" }))
        .collect();
    format!(
        "#set($origin = $input.params(\"Origin\"))\n#if($origin == \"\") #set($origin = $input.params(\"origin\")) #end\n#if({tests}) #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin) #end"
    )
}

/// `request.parameters` as `method.request.<location>.<name>` → setting, locations in the
/// order querystrings, paths, headers.
fn request_parameters(c: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let Some(params) = c.get("request").and_then(|r| r.get("parameters")) else { return out };
    for (location, singular) in [("querystrings", "querystring"), ("paths", "path"), ("headers", "header")] {
        if let Some(Value::Object(m)) = params.get(location) {
            for (k, v) in m {
                out.push((format!("method.request.{singular}.{k}"), v.clone()));
            }
        }
    }
    out
}

/// Whether a parameter setting is required (`true`, or an object with `required` not false).
fn required(v: &Value) -> Value {
    match v {
        Value::Object(m) => m.get("required").filter(|r| !r.is_null()).cloned().unwrap_or(json!(true)),
        other => other.clone(),
    }
}

/// One method per event, in event order; returns their logical IDs.
pub(super) fn methods(cx: &mut Ctx<'_>, api: &Api<'_>, tree: &Tree, events: &[Ev<'_>]) -> Vec<String> {
    let mut ids = Vec::new();
    for e in events {
        let params = request_parameters(e.c);
        let mut props = Map::new();
        props.insert("HttpMethod".into(), json!(e.method.to_uppercase()));
        props.insert(
            "RequestParameters".into(),
            Value::Object(params.iter().map(|(k, v)| (k.clone(), required(v))).collect()),
        );
        props.insert("ResourceId".into(), tree.resource_ref(&e.path, &api.root_id));
        props.insert("RestApiId".into(), api.id.clone());
        if let Some(op) = e.c.get("operationId").filter(|v| !v.is_null()) {
            props.insert("OperationName".into(), op.clone());
        }
        props.insert("ApiKeyRequired".into(), json!(e.c.get("private") == Some(&Value::Bool(true))));
        let mut depends_on = vec![json!(format!("{}LambdaPermissionApiGateway", naming::normalize(e.fn_key)))];
        if let Some(alias) = cx.alias_id(e.fn_key, e.f) {
            depends_on.push(json!(alias));
        }
        authorization(e, &mut props, &mut depends_on);
        props.insert("Integration".into(), integration(cx, api, e, &params));
        props.insert("MethodResponses".into(), method_responses(e));
        let id = method_id(&e.path, &e.method);
        cx.merge(
            id.clone(),
            json!({ "Type": "AWS::ApiGateway::Method", "Properties": props, "DependsOn": depends_on }),
        );
        ids.push(id);
    }
    ids
}

/// `AuthorizationType` and the authorizer of a method.
fn authorization(e: &Ev<'_>, props: &mut Map<String, Value>, depends_on: &mut [Value]) {
    let Some(a) = &e.authorizer else {
        props.insert("AuthorizationType".into(), json!("NONE"));
        return;
    };
    if a.kind.as_deref() == Some("AWS_IAM") {
        props.insert("AuthorizationType".into(), json!("AWS_IAM"));
        return;
    }
    if let (Some(kind), Some(id)) = (&a.kind, &a.authorizer_id) {
        let upper = kind.to_uppercase();
        let t = if upper == "TOKEN" || upper == "REQUEST" { "CUSTOM".to_string() } else { kind.clone() };
        props.insert("AuthorizationType".into(), json!(t));
        props.insert("AuthorizerId".into(), id.clone());
        if upper == "COGNITO_USER_POOLS" {
            scopes(a, props);
        }
        return;
    }
    let id = a.logical_id();
    let cognito = a.is_cognito();
    props.insert("AuthorizationType".into(), json!(if cognito { "COGNITO_USER_POOLS" } else { "CUSTOM" }));
    props.insert("AuthorizerId".into(), json!({ "Ref": id }));
    if cognito {
        scopes(a, props);
    }
    // `_.merge` of `DependsOn` arrays is index-wise: the authorizer replaces the permission.
    depends_on[0] = json!(id);
}

fn scopes(a: &Authorizer, props: &mut Map<String, Value>) {
    if let Some(s) = a.scopes.as_ref().filter(|s| s.as_array().is_some_and(|a| !a.is_empty())) {
        props.insert("AuthorizationScopes".into(), s.clone());
    }
}

/// The `lambda:path` URI of a function ARN.
fn invocation_uri(target: Value, streaming: bool) -> Value {
    let (version, suffix) =
        if streaming { ("2021-11-15", "/response-streaming-invocations") } else { ("2015-03-31", "/invocations") };
    let mut parts = vec![
        json!("arn:"),
        json!({ "Ref": "AWS::Partition" }),
        json!(":apigateway:"),
        json!({ "Ref": "AWS::Region" }),
        json!(format!(":lambda:path/{version}/functions/")),
    ];
    // An aliased target is `Fn::Join [":", [arn, alias]]`; the URI inlines its two parts.
    match target.get("Fn::Join").and_then(|j| j.get(1)).and_then(Value::as_array) {
        Some(inner) if inner.len() == 2 => {
            parts.push(inner[0].clone());
            parts.push(json!(":"));
            parts.push(inner[1].clone());
        }
        _ => parts.push(target),
    }
    parts.push(json!(suffix));
    json!({ "Fn::Join": ["", parts] })
}

fn integration(cx: &Ctx<'_>, api: &Api<'_>, e: &Ev<'_>, params: &[(String, Value)]) -> Value {
    let t = e.integration.as_str();
    let request = e.c.get("request");
    let response = e.c.get("response");
    let mut i = Map::new();
    i.insert("IntegrationHttpMethod".into(), json!("POST"));
    i.insert("Type".into(), json!(t));
    let timeout = e.c.get("timeoutInMillis").or_else(|| api.gw.get("timeoutInMillis")).filter(|v| !v.is_null());
    match t {
        "AWS" | "AWS_PROXY" => {
            if let Some(ms) = timeout {
                i.insert("TimeoutInMillis".into(), ms.clone());
            }
            let mode = response.and_then(|r| r.get("transferMode")).and_then(Value::as_str).map(str::to_uppercase);
            let streaming = t == "AWS_PROXY" && mode.as_deref() == Some("STREAM");
            if t == "AWS_PROXY"
                && let Some(m) = &mode
            {
                i.insert("ResponseTransferMode".into(), json!(m));
            }
            i.insert("Uri".into(), invocation_uri(cx.target(e.fn_key, e.f), streaming));
        }
        "HTTP" | "HTTP_PROXY" => {
            let m = request.and_then(|r| r.get("method")).and_then(Value::as_str).unwrap_or(&e.method);
            i.insert("IntegrationHttpMethod".into(), json!(m.to_uppercase()));
            if let Some(ms) = timeout {
                i.insert("TimeoutInMillis".into(), ms.clone());
            }
            i.insert("Uri".into(), request.and_then(|r| r.get("uri")).cloned().unwrap_or(Value::Null));
            if let Some(ct) = e.c.get("connectionType").and_then(Value::as_str) {
                i.insert("ConnectionType".into(), json!(ct.to_uppercase().replacen('-', "_", 1)));
                if let Some(id) = e.c.get("connectionId") {
                    i.insert("ConnectionId".into(), id.clone());
                }
            }
        }
        _ => {}
    }
    if matches!(t, "AWS" | "HTTP" | "MOCK") {
        let pass = request.and_then(|r| r.get("passThrough")).cloned().or_else(|| (t == "AWS").then(|| json!("NEVER")));
        if let Some(p) = pass {
            i.insert("PassthroughBehavior".into(), p);
        }
        if let Some(ch) = request.and_then(|r| r.get("contentHandling")) {
            i.insert("ContentHandling".into(), ch.clone());
        }
        let mut templates = Map::new();
        if t == "AWS" {
            templates.insert("application/json".into(), json!(templates::JSON));
            templates.insert("application/x-www-form-urlencoded".into(), json!(templates::FORM));
        }
        if let Some(Value::Object(custom)) = request.and_then(|r| r.get("template")) {
            for (k, v) in custom {
                if v.is_null() {
                    templates.shift_remove(k);
                } else {
                    templates.insert(k.clone(), v.clone());
                }
            }
        }
        let claims = claims(e);
        for v in templates.values_mut() {
            if let Value::String(s) = v {
                *s = s.replacen("extraCognitoPoolClaims", &claims, 1);
            }
        }
        if !templates.is_empty() {
            i.insert("RequestTemplates".into(), Value::Object(templates));
        }
        i.insert("IntegrationResponses".into(), Value::Array(integration_responses(e)));
    }
    let is_async = e.c.get("async").is_some_and(truthy);
    if !params.is_empty() || is_async {
        let mut p = Map::new();
        for (k, v) in params {
            if t == "AWS_PROXY" && k != "method.request.header.x-amz-tenant-id" {
                continue;
            }
            let mapped = v.get("mappedValue").filter(|m| truthy(m)).cloned().unwrap_or_else(|| json!(k));
            p.insert(format!("integration.{}", &k["method.".len()..]), mapped);
        }
        if is_async {
            p.insert("integration.request.header.X-Amz-Invocation-Type".into(), json!("'Event'"));
        }
        i.insert("RequestParameters".into(), Value::Object(p));
    }
    Value::Object(i)
}

/// The authorizer's `claims` as request-template entries, each followed by `,`.
fn claims(e: &Ev<'_>) -> String {
    let Some(Value::Array(list)) = e.c.get("authorizer").and_then(|a| a.get("claims")) else {
        return String::new();
    };
    list.iter()
        .map(|c| {
            let claim = text(c);
            match claim.split_once(':') {
                Some((_, sub)) if c.is_string() => format!("\"{sub}\": \"$context.authorizer.claims['{claim}']\","),
                _ => format!("\"{claim}\": \"$context.authorizer.claims.{claim}\","),
            }
        })
        .collect()
}

/// The status codes of a non-proxy integration: `response.statusCodes` (plus a default 200),
/// the reference's defaults for `lambda`, none for `http`/`mock` without `response`.
fn status_codes(e: &Ev<'_>) -> Vec<(String, Value)> {
    let response = e.c.get("response").filter(|r| r.as_object().is_some_and(|m| !m.is_empty()));
    let defaults = || DEFAULT_STATUS_CODES.iter().map(|(c, p)| (c.to_string(), json!({ "pattern": p }))).collect();
    match response {
        None if e.integration == "AWS" => defaults(),
        None => Vec::new(),
        Some(r) => match r.get("statusCodes") {
            Some(Value::Object(codes)) => {
                let mut list: Vec<(String, Value)> = codes.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                if !list.iter().any(|(_, v)| v.get("pattern") == Some(&json!(""))) {
                    list.push(("200".into(), json!({ "pattern": "" })));
                }
                // JavaScript object order: integer keys first, ascending.
                let order: Vec<usize> = naming::js_key_order(list.iter().map(|(k, _)| k.as_str()));
                order.into_iter().map(|i| list[i].clone()).collect()
            }
            _ => defaults(),
        },
    }
}

/// The headers every response of a non-proxy integration sets: CORS origin and credentials,
/// then `response.headers`.
fn response_headers(e: &Ev<'_>) -> Vec<(String, Value)> {
    let mut h: Vec<(String, Value)> = Vec::new();
    if let Some(c) = e.c.get("cors").filter(|c| truthy(c)) {
        let cors = event_cors(c, &e.method);
        let origin = if cors.origins.is_empty() {
            cors.origin.as_ref().map(text).unwrap_or_else(|| "undefined".into())
        } else {
            cors.origins.iter().map(text).collect::<Vec<_>>().join(",")
        };
        h.push(("Access-Control-Allow-Origin".into(), json!(format!("'{origin}'"))));
        if cors.allow_credentials {
            h.push(("Access-Control-Allow-Credentials".into(), json!("true")));
        }
    }
    if let Some(Value::Object(m)) = e.c.get("response").and_then(|r| r.get("headers")) {
        for (k, v) in m {
            match h.iter_mut().find(|(name, _)| name == k) {
                Some(slot) => slot.1 = v.clone(),
                None => h.push((k.clone(), v.clone())),
            }
        }
    }
    h
}

fn integration_responses(e: &Ev<'_>) -> Vec<Value> {
    let headers = response_headers(e);
    let response = e.c.get("response");
    status_codes(e)
        .into_iter()
        .map(|(code, config)| {
            let mut params: Map<String, Value> =
                headers.iter().map(|(h, v)| (format!("method.response.header.{h}"), v.clone())).collect();
            if let Some(Value::Object(extra)) = config.get("headers") {
                for (h, v) in extra {
                    params.insert(format!("method.response.header.{h}"), v.clone());
                }
            }
            let mut templates = Map::new();
            if let Some(t) = response.and_then(|r| r.get("template")).filter(|t| !t.is_null()) {
                templates.insert("application/json".into(), t.clone());
            }
            match config.get("template") {
                Some(Value::String(t)) => {
                    templates.insert("application/json".into(), json!(t));
                }
                Some(Value::Object(m)) => templates.extend(m.clone()),
                _ => {}
            }
            let mut r = Map::new();
            r.insert("StatusCode".into(), json!(code));
            let pattern = config.get("pattern").filter(|p| truthy(p)).cloned().unwrap_or(json!(""));
            r.insert("SelectionPattern".into(), pattern);
            r.insert("ResponseParameters".into(), Value::Object(params));
            r.insert("ResponseTemplates".into(), Value::Object(templates));
            if code.starts_with('2')
                && let Some(ch) = response.and_then(|r| r.get("contentHandling"))
            {
                r.insert("ContentHandling".into(), ch.clone());
            }
            Value::Object(r)
        })
        .collect()
}

fn method_responses(e: &Ev<'_>) -> Value {
    if !matches!(e.integration.as_str(), "AWS" | "HTTP" | "MOCK") {
        return json!([]);
    }
    let headers = response_headers(e);
    let list: Vec<Value> = status_codes(e)
        .into_iter()
        .map(|(code, config)| {
            let mut params: Map<String, Value> =
                headers.iter().map(|(h, _)| (format!("method.response.header.{h}"), json!(true))).collect();
            if let Some(Value::Object(extra)) = config.get("headers") {
                for h in extra.keys() {
                    params.insert(format!("method.response.header.{h}"), json!(true));
                }
            }
            json!({ "ResponseParameters": params, "ResponseModels": {}, "StatusCode": code })
        })
        .collect();
    Value::Array(list)
}

/// `ApiGateway<alnum(service)>RequestValidator`, the models of `request.schemas`, and the
/// methods' `RequestValidatorId`/`RequestModels`.
pub(super) fn validators(cx: &mut Ctx<'_>, api: &Api<'_>, events: &[Ev<'_>]) {
    let validator = format!("ApiGateway{}RequestValidator", naming::normalize_alphanumeric(api.service));
    let provider_schemas = api.gw.get("request").and_then(|r| r.get("schemas")).and_then(Value::as_object);
    for e in events {
        let method = method_id(&e.path, &e.method);
        let params = request_parameters(e.c);
        let any_required = params.iter().any(|(_, v)| truthy(&required(v)));
        let schemas = e.c.get("request").and_then(|r| r.get("schemas")).and_then(Value::as_object);
        if !any_required && schemas.is_none() {
            continue;
        }
        add_validator(cx, api, &validator);
        set_method_prop(cx, &method, "RequestValidatorId", json!({ "Ref": validator }));
        for (content_type, schema) in schemas.into_iter().flatten() {
            let referenced =
                schema.as_str().and_then(|name| provider_schemas.and_then(|p| p.get(name)).map(|d| (name, d)));
            let model = match referenced {
                Some((name, definition)) => {
                    let id = format!("ApiGateway{}Model", upper_camel(name));
                    let body = definition.get("schema").filter(|s| truthy(s)).unwrap_or(definition);
                    let mut props = Map::new();
                    props.insert("RestApiId".into(), api.id.clone());
                    props.insert("Schema".into(), body.clone());
                    props.insert("ContentType".into(), json!("application/json"));
                    for (key, prop) in [("name", "Name"), ("description", "Description")] {
                        if let Some(v) = definition.get(key).filter(|v| truthy(v)) {
                            props.insert(prop.into(), v.clone());
                        }
                    }
                    cx.set(id.clone(), json!({ "Type": "AWS::ApiGateway::Model", "Properties": props }));
                    id
                }
                None => {
                    let (name, description, body) = match schema {
                        Value::Object(m) if m.get("schema").is_some_and(truthy) => {
                            (m.get("name").cloned(), m.get("description").cloned(), m["schema"].clone())
                        }
                        other => (None, None, other.clone()),
                    };
                    let id = format!(
                        "ApiGatewayMethod{}{}{}Model",
                        normalize_path(&e.path),
                        upper_first(&e.method),
                        content_type_name(content_type)
                    );
                    let mut props = Map::new();
                    props.insert("RestApiId".into(), api.id.clone());
                    props.insert("ContentType".into(), json!(content_type));
                    props.insert("Schema".into(), body);
                    if let Some(n) = name.filter(|v| !v.is_null()) {
                        props.insert("Name".into(), n);
                    }
                    if let Some(d) = description.filter(|v| !v.is_null()) {
                        props.insert("Description".into(), d);
                    }
                    cx.set(id.clone(), json!({ "Type": "AWS::ApiGateway::Model", "Properties": props }));
                    id
                }
            };
            set_method_prop(cx, &method, "RequestValidatorId", json!({ "Ref": validator }));
            if let Some(Value::Object(p)) =
                cx.out.resources.get_mut(&method).and_then(|m| m.value_mut().get_mut("Properties"))
            {
                let models = p.entry("RequestModels").or_insert_with(|| json!({}));
                models[content_type.as_str()] = json!({ "Ref": model });
            }
        }
    }
}

fn add_validator(cx: &mut Ctx<'_>, api: &Api<'_>, id: &str) {
    cx.set(
        id.to_string(),
        json!({
            "Type": "AWS::ApiGateway::RequestValidator",
            "Properties": {
                "RestApiId": api.id,
                "ValidateRequestBody": true,
                "ValidateRequestParameters": true,
                "Name": format!("{}-{} | Validate request body and querystring parameters", api.service, api.stage)
            }
        }),
    );
}

fn set_method_prop(cx: &mut Ctx<'_>, method: &str, key: &str, value: Value) {
    if let Some(Value::Object(p)) = cx.out.resources.get_mut(method).and_then(|m| m.value_mut().get_mut("Properties")) {
        p.insert(key.into(), value);
    }
}

/// `_.upperFirst(_.camelCase(name))`: `order-model` → `OrderModel`.
fn upper_camel(name: &str) -> String {
    words(name).iter().map(|w| upper_first(&w.to_lowercase())).collect()
}

/// A content type in a model's logical ID: `_.startCase(type).replace(' ', '')`, which removes
/// only the first space (`application/json` → `ApplicationJson`; longer types keep spaces, and
/// the logical-ID rule then rejects them).
fn content_type_name(content_type: &str) -> String {
    let words: Vec<String> = words(content_type).iter().map(|w| upper_first(w)).collect();
    words.join(" ").replacen(' ', "", 1)
}

/// lodash's word split, for ASCII: runs of letters and digits, also split before an upper-case
/// letter that follows a lower-case one.
fn words(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for ch in s.chars() {
        if !ch.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if ch.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = ch.is_ascii_lowercase() || ch.is_ascii_digit();
        cur.push(ch);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `<N>ApiGatewayAuthorizer` for every event whose authorizer has an ARN (or a function).
pub(super) fn authorizers(cx: &mut Ctx<'_>, api: &Api<'_>, events: &[Ev<'_>]) {
    for e in events {
        let Some(a) = e.authorizer.as_ref().filter(|a| a.arn.is_some()) else { continue };
        let arn = a.arn.clone().unwrap_or_default();
        let mut props = Map::new();
        if let Some(ttl) = a.ttl {
            props.insert("AuthorizerResultTtlInSeconds".into(), json!(ttl));
        }
        if let Some(s) = &a.identity_source {
            props.insert("IdentitySource".into(), json!(s));
        }
        props.insert("Name".into(), json!(a.name.clone().unwrap_or_default()));
        props.insert("RestApiId".into(), api.id.clone());
        if let Some(x) = &a.identity_validation {
            props.insert("IdentityValidationExpression".into(), json!(x));
        }
        if a.is_cognito() {
            props.insert("Type".into(), json!("COGNITO_USER_POOLS"));
            props.insert("ProviderARNs".into(), json!([arn]));
        } else {
            props.insert("AuthorizerUri".into(), invocation_uri(arn, false));
            props.insert(
                "Type".into(),
                json!(a.kind.as_deref().map(str::to_uppercase).unwrap_or_else(|| "TOKEN".into())),
            );
        }
        let mut r = Map::new();
        r.insert("Type".into(), json!("AWS::ApiGateway::Authorizer"));
        if let Some(alias) = &a.alias {
            r.insert("DependsOn".into(), json!(alias));
        }
        r.insert("Properties".into(), Value::Object(props));
        cx.merge(a.logical_id(), Value::Object(r));
    }
}

/// `<Fn>LambdaPermissionApiGateway` per event (plain assignment), then the authorizer's.
pub(super) fn permissions(cx: &mut Ctx<'_>, api: &Api<'_>, events: &[Ev<'_>]) {
    let source_arn = json!({ "Fn::Join": ["", [
        "arn:", { "Ref": "AWS::Partition" }, ":execute-api:", { "Ref": "AWS::Region" }, ":",
        { "Ref": "AWS::AccountId" }, ":", api.id, "/*/*"
    ]] });
    for e in events {
        let mut r = Map::new();
        r.insert("Type".into(), json!("AWS::Lambda::Permission"));
        r.insert(
            "Properties".into(),
            json!({
                "FunctionName": cx.target(e.fn_key, e.f),
                "Action": "lambda:InvokeFunction",
                "Principal": "apigateway.amazonaws.com",
                "SourceArn": source_arn
            }),
        );
        if let Some(alias) = cx.alias_id(e.fn_key, e.f) {
            r.insert("DependsOn".into(), json!(alias));
        }
        cx.set(format!("{}LambdaPermissionApiGateway", naming::normalize(e.fn_key)), Value::Object(r));
        let Some(a) = e.authorizer.as_ref().filter(|a| a.arn.is_some()) else { continue };
        let id = format!("{}LambdaPermissionApiGateway", naming::normalize(a.name.as_deref().unwrap_or_default()));
        if a.is_cognito() || cx.out.resources.contains_key(&id) || a.managed_externally {
            continue;
        }
        let function = match &a.alias {
            Some(alias) => json!({ "Ref": alias }),
            None => a.arn.clone().unwrap_or_default(),
        };
        cx.set(
            id,
            json!({
                "Type": "AWS::Lambda::Permission",
                "Properties": {
                    "FunctionName": function,
                    "Action": "lambda:InvokeFunction",
                    "Principal": "apigateway.amazonaws.com",
                    "SourceArn": source_arn
                }
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_authorizers_from_arns() {
        assert_eq!(
            name_from_arn("arn:aws:lambda:us-east-1:123456789012:function:platform-shared-authorizer"),
            "authorizer"
        );
        assert_eq!(
            name_from_arn("arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_qTK5DYRSr"),
            "1_qTK5DYRSr"
        );
        assert!(is_cognito_arn("arn:aws:cognito-idp:eu-west-1:1:userpool/x"));
        assert!(!is_cognito_arn("arn:aws:lambda:eu-west-1:1:function:x"));
    }

    #[test]
    fn parses_ttl_like_parse_int() {
        assert_eq!(parse_int(Some(&json!("0"))), Some(0));
        assert_eq!(parse_int(Some(&json!("30s"))), Some(30));
        assert_eq!(parse_int(Some(&json!(12))), Some(12));
        assert_eq!(parse_int(Some(&json!("x"))), None);
    }

    #[test]
    fn model_names_are_upper_camel() {
        assert_eq!(upper_camel("order-model"), "OrderModel");
        assert_eq!(content_type_name("application/json"), "ApplicationJson");
        assert_eq!(content_type_name("application/vnd.api+json"), "ApplicationVnd Api Json");
        assert_eq!(upper_camel("myModel"), "MyModel");
    }

    #[test]
    fn cors_merges_methods_in_the_reference_order() {
        let a = event_cors(&json!({ "origin": "*", "methods": ["GET", "OPTIONS"] }), "put");
        let names: Vec<String> = a.methods.iter().map(text).collect();
        assert_eq!(names, ["GET", "OPTIONS", "PUT"]);
        let b = event_cors(&json!(true), "get");
        assert_eq!(union(&b.methods, &a.methods).iter().map(text).collect::<Vec<_>>(), ["OPTIONS", "GET", "PUT"]);
    }
}
