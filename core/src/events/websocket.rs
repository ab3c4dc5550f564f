//! `websocket` events: one API Gateway v2 WebSocket API for the service, with an integration and
//! a permission per function, a route per event, request authorizers, the stage (and its access
//! logs) and a deployment named after a hash of the API's resources (serverless-events.md §3).
//!
//! The reference compiles phase by phase over all websocket events (API, integrations, route
//! responses, authorizers, permissions, routes, stage, deployment); so does [`compile`].

use std::collections::HashSet;

use base64::Engine as _;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::custom_resources::Kind;
use super::http_api::invocation_uri;
use super::source::truthy;
use super::{Ctx, EventRef, EventType, object, shape_error};
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Function;
use crate::naming;
use crate::reader::{Keys, Loader, describe, join, js_string};
use crate::resolve::Resolved;

pub(crate) struct Websocket;

const KEYS: Keys =
    Keys { allowed: &["route", "routeResponseSelectionExpression", "authorizer"], unsupported: &[], no_effect: &[] };
const AUTHORIZER_KEYS: Keys = Keys { allowed: &["name", "arn", "identitySource"], unsupported: &[], no_effect: &[] };
const LOG_KEYS: &[&str] = &["level", "format", "accessLogging", "executionLogging", "fullExecutionData"];

/// The logical ID of the WebSocket API (also when an external API is used: the deployment hash
/// selects resources by it).
const API: &str = "WebsocketsApi";
const STAGE: &str = "WebsocketsDeploymentStage";
const LOG_GROUP: &str = "WebsocketsLogGroup";
const DEFAULT_IDENTITY_SOURCE: &str = "route.request.header.Auth";
const DEFAULT_LOG_FORMAT: &str = "$context.identity.sourceIp $context.identity.caller $context.identity.user \
                                  [$context.requestTime] \"$context.eventType $context.routeKey \
                                  $context.connectionId\" $context.requestId";

impl EventType for Websocket {
    fn name(&self) -> &'static str {
        "websocket"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        if let Value::String(route) = v {
            return Some(json!({ "route": route }));
        }
        object(l, v, path)?;
        let map = &*l.object(v, path, &KEYS)?;
        let mut out = Map::new();
        let mut ok = true;
        for (k, value) in map {
            let at = join(path, k);
            match (k.as_str(), value) {
                (_, Value::Null) => {}
                ("route", Value::String(_)) => {
                    out.insert(k.clone(), value.clone());
                }
                ("routeResponseSelectionExpression", Value::String(s)) if s == "$default" => {
                    out.insert(k.clone(), value.clone());
                }
                ("routeResponseSelectionExpression", _) => {
                    l.error_help(
                        codes::CONFIG_INVALID_VALUE,
                        &at,
                        format!("must be equal to constant \"$default\", found {}", describe(value)),
                        "WebSocket APIs support only `$default` as route response selection expression",
                    );
                    ok = false;
                }
                ("authorizer", _) => match load_authorizer(l, value, &at) {
                    Some(a) => {
                        out.insert(k.clone(), a);
                    }
                    None => ok = false,
                },
                ("route", _) => {
                    shape_error(l, &at, "a route key such as `$connect` or `sendMessage`", value);
                    ok = false;
                }
                // Unknown keys: already warned about, and ignored as the reference ignores them.
                _ => {}
            }
        }
        if !out.contains_key("route") {
            if !map.contains_key("route") || map["route"].is_null() {
                // From the event as written: the checked object leaves unknown keys out.
                let help = match v.get("routeKey") {
                    // serverless-websockets-plugin's spelling, from before the framework had websockets.
                    Some(Value::String(key)) => format!("rename `routeKey` to `route`: `route: {key}`"),
                    _ => "add the route key, e.g. `route: $connect`".to_string(),
                };
                l.missing(path, "route", &help);
            }
            return None;
        }
        ok.then_some(Value::Object(out))
    }

    fn validate(&self, cx: &EventRef<'_>, out: &mut Diagnostics) {
        // Checked once for the whole API, at its first event, in the reference's order.
        if !cx.is_first("websocket") {
            return;
        }
        let (_, reference, stricter) = plan(cx.r);
        for d in reference.into_iter().chain(stricter) {
            out.push(d);
        }
    }

    fn validate_service(&self, r: &Resolved<'_>, out: &mut Diagnostics) {
        let logs = |out: &mut Diagnostics| {
            let (mut reference, mut stricter) = (Vec::new(), Vec::new());
            check_logs(r, &mut reference, &mut stricter);
            reference.into_iter().chain(stricter).for_each(|d| out.push(d));
        };
        super::unused_settings(r, "websocket", logs, out);
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        let (events, _, _) = plan(cx.r);
        if !events.is_empty() {
            compile(cx, &events);
        }
    }
}

/// An event's `authorizer`: a function name or ARN, or `{name, arn, identitySource}`.
fn load_authorizer(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    match v {
        Value::String(_) => return Some(v.clone()),
        Value::Object(_) => {}
        _ => {
            shape_error(l, path, "an authorizer function name or ARN, or `{name, arn, identitySource}`", v);
            return None;
        }
    }
    let map = &*l.object(v, path, &AUTHORIZER_KEYS)?;
    let mut out = Map::new();
    for (k, value) in map {
        let at = join(path, k);
        let value = match (k.as_str(), value) {
            (_, Value::Null) => continue,
            ("name", Value::String(_)) | ("arn", Value::String(_) | Value::Object(_)) => value.clone(),
            ("identitySource", _) => json!(l.string_list(value, &at)?),
            _ => {
                shape_error(l, &at, if k == "arn" { "an ARN (string or intrinsic)" } else { "a function name" }, value);
                return None;
            }
        };
        out.insert(k.clone(), value);
    }
    if !out.contains_key("name") && !out.contains_key("arn") {
        l.error_help(
            codes::CONFIG_INVALID_VALUE,
            path,
            "a websocket authorizer needs `name` (a function of this service) or `arn`",
            "add `name: <function>` or `arn: <authorizer function ARN>`",
        );
        return None;
    }
    Some(Value::Object(out))
}

/// A request authorizer, resolved the way the reference's `validate` does.
struct Authorizer {
    name: String,
    uri: Value,
    identity_source: Value,
    /// The function ARN (an ARN string or an intrinsic), or the local function's logical ID.
    permission: Value,
}

impl Authorizer {
    /// Whether `permission` is an ARN rather than a function of this service.
    fn external(&self) -> bool {
        match &self.permission {
            Value::String(s) => s.contains(':'),
            _ => true,
        }
    }
}

struct WsEvent<'a> {
    fn_key: &'a str,
    f: &'a Function,
    route: String,
    route_response: Option<Value>,
    authorizer: Option<Authorizer>,
}

/// The last `:`-separated part of an ARN: the authorizer's name.
fn name_from_arn(arn: &str) -> String {
    arn.rsplit(':').next().unwrap_or(arn).to_string()
}

fn local_function_arn(name: &str) -> Value {
    json!({ "Fn::GetAtt": [naming::function_logical_id(name), "Arn"] })
}

/// Every websocket event (function order, event order), with the reference's errors and
/// stackwright's stricter ones.
fn plan<'a>(r: &Resolved<'a>) -> (Vec<WsEvent<'a>>, Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut events = Vec::new();
    let (mut reference, mut stricter) = (Vec::new(), Vec::new());
    let mut seen: HashSet<&str> = HashSet::new();
    for &(fn_key, f) in &r.functions {
        for (i, e) in f.events.iter().enumerate() {
            if e.kind != "websocket" {
                continue;
            }
            let at = format!("functions.{fn_key}.events[{i}].websocket");
            let c = &e.config;
            let route = c.get("route").map(js_string).unwrap_or_default();
            let mut authorizer = None;
            match c.get("authorizer") {
                Some(Value::String(a)) => {
                    let (name, arn) =
                        if a.contains(':') { (name_from_arn(a), json!(a)) } else { (a.clone(), local_function_arn(a)) };
                    let permission = if a.contains(':') { json!(a) } else { json!(naming::function_logical_id(a)) };
                    authorizer = Some(Authorizer {
                        name,
                        uri: invocation_uri(arn),
                        identity_source: json!([DEFAULT_IDENTITY_SOURCE]),
                        permission,
                    });
                }
                Some(Value::Object(a)) => {
                    let given_name = a.get("name").and_then(Value::as_str).filter(|n| !n.is_empty());
                    let arn = a.get("arn").filter(|v| truthy(Some(v)));
                    let resolved = match (arn, given_name) {
                        (Some(Value::String(arn)), _) => Some((name_from_arn(arn), json!(arn), json!(arn))),
                        (Some(arn), Some(name)) => Some((name.to_string(), arn.clone(), arn.clone())),
                        (Some(_), None) => {
                            reference.push(
                                Diagnostic::error(
                                    codes::WEBSOCKETS_MISSING_AUTHORIZER_NAME,
                                    join(&join(&at, "authorizer"), "arn"),
                                    "Websocket Authorizer: Non-string \"arn\" needs to be accompanied with \"name\"",
                                )
                                .with_help("add `name` next to an `arn` given as an intrinsic function"),
                            );
                            None
                        }
                        (None, Some(name)) => {
                            Some((name.to_string(), local_function_arn(name), json!(naming::function_logical_id(name))))
                        }
                        (None, None) => None,
                    };
                    if let Some((name, arn, permission)) = resolved {
                        let identity_source =
                            a.get("identitySource").cloned().unwrap_or_else(|| json!([DEFAULT_IDENTITY_SOURCE]));
                        authorizer = Some(Authorizer { name, uri: invocation_uri(arn), identity_source, permission });
                    }
                }
                _ => {}
            }
            if let Some(a) = &authorizer {
                if !a.external() && !r.functions.iter().any(|(k, _)| *k == a.name) {
                    stricter.push(
                        Diagnostic::error(
                            codes::INVALID_EVENT,
                            join(&at, "authorizer"),
                            format!(
                                "Function \"{}\" doesn't exist in this Service (the websocket authorizer of function \
                                 {fn_key})",
                                a.name
                            ),
                        )
                        .with_help("name a function of this service, or give the authorizer function's ARN"),
                    );
                }
                if route != "$connect" {
                    stricter.push(
                        Diagnostic::error(
                            codes::WEBSOCKETS_AUTHORIZER_NOT_ON_CONNECT,
                            join(&at, "authorizer"),
                            format!(
                                "websocket route \"{route}\" of function {fn_key} has an authorizer: API Gateway \
                                 runs WebSocket authorizers only on the `$connect` route"
                            ),
                        )
                        .with_help("move the authorizer to the function's `$connect` route"),
                    );
                }
            }
            if !seen.insert(route_key_of(c)) {
                stricter.push(
                    Diagnostic::error(
                        codes::DUPLICATE_EVENT,
                        join(&at, "route"),
                        format!(
                            "websocket route \"{route}\" is declared twice: both events would write the same route \
                             ({}), and only the last one would be kept",
                            route_logical_id(&route)
                        ),
                    )
                    .with_help("declare each websocket route once in the service"),
                );
            }
            events.push(WsEvent {
                fn_key,
                f,
                route,
                route_response: c.get("routeResponseSelectionExpression").cloned(),
                authorizer,
            });
        }
    }
    if !events.is_empty() && external_api_id(r).is_none() {
        check_logs(r, &mut reference, &mut stricter);
    }
    (events, reference, stricter)
}

/// The route key of an event as a `&str` of the config (for duplicate detection).
fn route_key_of(c: &Value) -> &str {
    c.get("route").and_then(Value::as_str).unwrap_or_default()
}

/// `provider.logs.websocket`: the reference rejects a `level` other than INFO and ERROR.
fn check_logs(r: &Resolved<'_>, reference: &mut Vec<Diagnostic>, stricter: &mut Vec<Diagnostic>) {
    let Some(logs) = websocket_logs(r) else { return };
    let Value::Object(m) = logs else { return };
    for k in m.keys().filter(|k| !LOG_KEYS.contains(&k.as_str())) {
        stricter.push(
            Diagnostic::error(
                codes::CONFIG_UNKNOWN_KEY,
                format!("provider.logs.websocket.{k}"),
                format!("unknown key `{k}` in provider.logs.websocket"),
            )
            .with_help(format!("allowed keys: {}", crate::reader::list(LOG_KEYS))),
        );
    }
    let execution_logging = m.get("executionLogging").filter(|v| !v.is_null());
    if execution_logging.is_some_and(|v| !truthy(Some(v))) {
        return;
    }
    if let Some(level) = m.get("level").filter(|v| truthy(Some(v))) {
        let level = js_string(level);
        if level != "INFO" && level != "ERROR" {
            reference.push(
                Diagnostic::error(
                    codes::WEBSOCKETS_INVALID_LOGS_LEVEL,
                    "provider.logs.websocket.level",
                    format!(
                        "provider.logs.websocket.level is set to an invalid value. Support values are INFO, ERROR, got {level}."
                    ),
                )
                .with_help("set `level: INFO` or `level: ERROR`, or `executionLogging: false` to turn execution logs off"),
            );
        }
    }
}

/// `provider.logs.websocket` when it enables logs (truthy).
fn websocket_logs<'a>(r: &Resolved<'a>) -> Option<&'a Value> {
    r.config.provider.logs.as_ref().and_then(|l| l.websocket.as_ref()).filter(|v| truthy(Some(v)))
}

/// `provider.apiGateway.websocketApiId`: a WebSocket API of another stack.
fn external_api_id<'a>(r: &Resolved<'a>) -> Option<&'a Value> {
    r.config.provider.apis.get("apiGateway").and_then(|a| a.get("websocketApiId")).filter(|v| truthy(Some(v)))
}

/// `<R>WebsocketsRoute`: `$` → `S`, `/` → `Slash`, `-` → `Dash`, `_` → `Underscore`, `.` →
/// `Period`, nothing upper-cased.
fn route_logical_id(route: &str) -> String {
    let mut id = String::with_capacity(route.len() + 16);
    for c in route.chars() {
        match c {
            '$' => id.push('S'),
            '/' => id.push_str("Slash"),
            '-' => id.push_str("Dash"),
            '_' => id.push_str("Underscore"),
            '.' => id.push_str("Period"),
            c => id.push(c),
        }
    }
    id.push_str("WebsocketsRoute");
    id
}

fn compile(cx: &mut Ctx<'_>, events: &[WsEvent<'_>]) {
    let r = cx.r;
    let p = &r.config.provider;
    let setting = |k: &str| p.apis.get(k).filter(|v| truthy(Some(v)));
    let external = external_api_id(r);
    let api_id = external.cloned().unwrap_or_else(|| json!({ "Ref": API }));
    let api_ref = api_id.get("Ref").and_then(Value::as_str).map(str::to_string);
    let description = setting("websocketsDescription").map(js_string).unwrap_or_else(|| "Serverless Websockets".into());

    // 1. The API and the role statement that lets functions post to connections.
    if external.is_none() {
        let mut props = Map::new();
        let name = match p.apis.get("websocketsApiName") {
            Some(Value::String(n)) if !n.is_empty() => n.clone(),
            _ => format!("{}-{}-websockets", r.stage, r.service()),
        };
        props.insert("Name".into(), json!(name));
        props.insert(
            "RouteSelectionExpression".into(),
            setting("websocketsApiRouteSelectionExpression").cloned().unwrap_or(json!("$request.body.action")),
        );
        props.insert("Description".into(), json!(description));
        props.insert("ProtocolType".into(), json!("WEBSOCKET"));
        let use_provider_tags = setting("websocket").is_some_and(|w| truthy(w.get("useProviderTags")));
        if let (Some(tags), true) = (&p.tags, use_provider_tags) {
            props.insert("Tags".into(), Value::Object(tags.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()));
        }
        cx.merge(API.into(), json!({ "Type": "AWS::ApiGatewayV2::Api", "Properties": props }));
        cx.statement(json!({
            "Effect": "Allow",
            "Action": ["execute-api:ManageConnections"],
            "Resource": [{ "Fn::Sub": "arn:${AWS::Partition}:execute-api:*:*:*/@connections/*" }]
        }));
    }

    // 2. Integrations, one per function.
    for e in events {
        let mut integration = json!({ "Type": "AWS::ApiGatewayV2::Integration" });
        if let Some(alias) = cx.alias_id(e.fn_key, e.f) {
            integration["DependsOn"] = json!(alias);
        }
        integration["Properties"] = json!({
            "ApiId": api_id.clone(),
            "IntegrationType": "AWS_PROXY",
            "IntegrationUri": invocation_uri(cx.target(e.fn_key, e.f))
        });
        cx.merge(integration_id(e.fn_key), integration);
    }

    // 3. Route responses.
    for e in events.iter().filter(|e| e.route_response.is_some()) {
        let route_id = route_logical_id(&e.route);
        cx.set(
            format!("{route_id}Response"),
            json!({
                "Type": "AWS::ApiGatewayV2::RouteResponse",
                "Properties": { "ApiId": api_id.clone(), "RouteId": { "Ref": route_id }, "RouteResponseKey": "$default" }
            }),
        );
    }

    // 4. Authorizers.
    for a in events.iter().filter_map(|e| e.authorizer.as_ref()) {
        let mut resource = json!({ "Type": "AWS::ApiGatewayV2::Authorizer" });
        if let Some((key, f)) = local_function(r, &a.name)
            && let Some(alias) = cx.alias_id(key, f)
        {
            resource["DependsOn"] = json!(alias);
        }
        resource["Properties"] = json!({
            "ApiId": api_id.clone(),
            "Name": a.name,
            "AuthorizerType": "REQUEST",
            "AuthorizerUri": a.uri.clone(),
            "IdentitySource": a.identity_source.clone()
        });
        cx.merge(authorizer_id(&a.name), resource);
    }

    // 5. Permissions: the function's, then its authorizer's.
    for e in events {
        let mut depends_on: Vec<Value> = api_ref.iter().map(|r| json!(r)).collect();
        depends_on.push(json!(cx.alias_id(e.fn_key, e.f).unwrap_or_else(|| naming::function_logical_id(e.fn_key))));
        cx.merge(
            format!("{}LambdaPermissionWebsockets", naming::normalize(e.fn_key)),
            json!({
                "Type": "AWS::Lambda::Permission",
                "DependsOn": depends_on,
                "Properties": {
                    "FunctionName": cx.target(e.fn_key, e.f),
                    "Action": "lambda:InvokeFunction",
                    "Principal": "apigateway.amazonaws.com"
                }
            }),
        );
        let Some(a) = &e.authorizer else { continue };
        let mut depends_on: Vec<Value> = api_ref.iter().map(|r| json!(r)).collect();
        let function_name = if a.external() {
            a.permission.clone()
        } else {
            depends_on.push(a.permission.clone());
            match local_function(r, &a.name) {
                Some((key, f)) => {
                    if let Some(alias) = cx.alias_id(key, f) {
                        depends_on.push(json!(alias));
                    }
                    cx.target(key, f)
                }
                None => local_function_arn(&a.name),
            }
        };
        cx.merge(
            format!("{}LambdaPermissionWebsockets", naming::normalize(&a.name)),
            json!({
                "Type": "AWS::Lambda::Permission",
                "DependsOn": depends_on,
                "Properties": {
                    "Action": "lambda:InvokeFunction",
                    "Principal": "apigateway.amazonaws.com",
                    "FunctionName": function_name
                }
            }),
        );
    }

    // 6. Routes.
    for e in events {
        let mut props = Map::new();
        props.insert("ApiId".into(), api_id.clone());
        props.insert("RouteKey".into(), json!(e.route));
        props.insert("AuthorizationType".into(), json!(if e.authorizer.is_some() { "CUSTOM" } else { "NONE" }));
        props.insert(
            "Target".into(),
            json!({ "Fn::Join": ["/", ["integrations", { "Ref": integration_id(e.fn_key) }]] }),
        );
        if let Some(rrse) = &e.route_response {
            props.insert("RouteResponseSelectionExpression".into(), rrse.clone());
        }
        if let Some(a) = &e.authorizer {
            props.insert("AuthorizerId".into(), json!({ "Ref": authorizer_id(&a.name) }));
        }
        cx.merge(route_logical_id(&e.route), json!({ "Type": "AWS::ApiGatewayV2::Route", "Properties": props }));
    }

    // 7. The stage, its logs and the account's CloudWatch role.
    if external.is_none() {
        let mut props = Map::new();
        props.insert("ApiId".into(), api_id.clone());
        props.insert("StageName".into(), json!(r.stage));
        props.insert("Description".into(), json!(description));
        let logs = websocket_logs(r);
        if let Some(logs) = logs {
            let get = |k: &str| logs.get(k).filter(|v| !v.is_null());
            let execution_logging = get("executionLogging").is_none_or(|v| truthy(Some(v)));
            let level = if !execution_logging {
                json!("OFF")
            } else {
                get("level").filter(|v| truthy(Some(v))).cloned().unwrap_or(json!("INFO"))
            };
            props.insert(
                "DefaultRouteSettings".into(),
                json!({ "DataTraceEnabled": get("fullExecutionData").cloned().unwrap_or(json!(true)), "LoggingLevel": level }),
            );
            if get("accessLogging").is_none_or(|v| truthy(Some(v))) {
                let format = get("format").filter(|v| truthy(Some(v))).cloned().unwrap_or(json!(DEFAULT_LOG_FORMAT));
                props.insert(
                    "AccessLogSettings".into(),
                    json!({
                        "DestinationArn": {
                            "Fn::Sub": format!("arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:${{{LOG_GROUP}}}")
                        },
                        "Format": format
                    }),
                );
            }
        }
        cx.set(STAGE.into(), json!({ "Type": "AWS::ApiGatewayV2::Stage", "Properties": props }));
        if logs.is_some() {
            let mut group = Map::new();
            group.insert("LogGroupName".into(), json!(format!("/aws/websocket/{}", r.prefix())));
            if let Some(days) = p.log_retention_in_days {
                group.insert("RetentionInDays".into(), json!(days));
            }
            if let Some(policy) = &p.log_data_protection_policy {
                group.insert("DataProtectionPolicy".into(), policy.clone());
            }
            cx.set(LOG_GROUP.into(), json!({ "Type": "AWS::Logs::LogGroup", "Properties": group }));
            ensure_api_gateway_cloud_watch_role(cx);
        }
    }

    // 8. The deployment, named after the API's resources as they are now.
    let depends_on: Vec<Value> = events
        .iter()
        .flat_map(|e| {
            let route = route_logical_id(&e.route);
            let response = e.route_response.as_ref().map(|_| json!(format!("{route}Response")));
            response.into_iter().chain(std::iter::once(json!(route)))
        })
        .collect();
    let deployment_id = format!("WebsocketsDeployment{}", deployment_hash(&cx.out.resources));
    let mut properties = json!({ "ApiId": api_id.clone(), "Description": description });
    if external.is_some() {
        properties["StageName"] = json!(r.stage);
    }
    cx.merge(
        deployment_id.clone(),
        json!({ "Type": "AWS::ApiGatewayV2::Deployment", "DependsOn": depends_on, "Properties": properties }),
    );
    cx.output(
        "ServiceEndpointWebsocket".into(),
        json!({
            "Description": "URL of the service endpoint",
            "Value": { "Fn::Join": ["", [
                "wss://", api_id, ".execute-api.", { "Ref": "AWS::Region" }, ".", { "Ref": "AWS::URLSuffix" },
                format!("/{}", r.stage)
            ]] }
        }),
    );
    if let Some(Value::Object(props)) =
        cx.out.resources.get_mut(STAGE).and_then(|s| s.value_mut().get_mut("Properties"))
    {
        props.insert("DeploymentId".into(), json!({ "Ref": deployment_id }));
    }
}

fn integration_id(fn_key: &str) -> String {
    format!("{}WebsocketsIntegration", naming::normalize(fn_key))
}

fn authorizer_id(name: &str) -> String {
    format!("{}WebsocketsAuthorizer", naming::normalize(name))
}

fn local_function<'a>(r: &Resolved<'a>, name: &str) -> Option<(&'a str, &'a Function)> {
    r.functions.iter().find(|(k, _)| *k == name).copied()
}

/// The deployment's suffix: base64 SHA-256 of `JSON.stringify` of the resources that belong to
/// the WebSocket API (the API itself, resources whose `ApiId` is a `Ref` to it, resources that
/// depend on it), alphanumerics only.
fn deployment_hash(resources: &indexmap::IndexMap<String, super::Resource<'_>>) -> String {
    let picked: Map<String, Value> = resources
        .iter()
        .map(|(id, r)| (id, r.to_value()))
        .filter(|(id, r)| {
            id.as_str() == API
                || r.pointer("/Properties/ApiId/Ref").and_then(Value::as_str) == Some(API)
                || r.get("DependsOn").and_then(Value::as_array).is_some_and(|d| d.iter().any(|x| x == API))
        })
        .map(|(id, r)| (id.clone(), r.into_owned()))
        .collect();
    let text = crate::json::to_compact_string(&Value::Object(picked));
    let digest = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()));
    digest.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// The logical ID of the account-level CloudWatch role custom resource.
pub(crate) const CLOUD_WATCH_ROLE: &str = "CustomApiGatewayAccountCloudWatchRole";

/// Adds, once per template, the custom resource that gives API Gateway's account a CloudWatch
/// role (the reference memoizes it: REST and WebSocket access logs share it), unless
/// `provider.logs.restApi.roleManagedExternally`; `provider.logs.restApi.role` is the role to
/// use.
pub(crate) fn ensure_api_gateway_cloud_watch_role(cx: &mut Ctx<'_>) {
    let rest_api = cx.r.config.provider.logs.as_ref().and_then(|l| l.rest_api.as_ref());
    if rest_api.is_some_and(|c| truthy(c.get("roleManagedExternally")))
        || cx.out.resources.contains_key(CLOUD_WATCH_ROLE)
    {
        return;
    }
    let mut props = Map::new();
    props.insert(
        "ServiceToken".into(),
        json!({ "Fn::GetAtt": [cx.custom_resource_function_id(Kind::ApiGatewayCloudWatchRole), "Arn"] }),
    );
    if let Some(role) = rest_api.and_then(|c| c.get("role")).filter(|v| !v.is_null()) {
        props.insert("RoleArn".into(), role.clone());
    }
    cx.set(
        CLOUD_WATCH_ROLE.into(),
        json!({ "Type": "Custom::ApiGatewayAccountRole", "Version": "1.0", "Properties": props }),
    );
    cx.custom_resource(
        Kind::ApiGatewayCloudWatchRole,
        vec![
            json!({
                "Effect": "Allow",
                "Resource": { "Fn::Join": [":", ["arn", { "Ref": "AWS::Partition" }, "iam:", { "Ref": "AWS::AccountId" }, "role/*"]] },
                "Action": ["iam:AttachRolePolicy", "iam:CreateRole", "iam:ListAttachedRolePolicies", "iam:PassRole"]
            }),
            json!({
                "Effect": "Allow",
                "Resource": { "Fn::Join": [":", ["arn", { "Ref": "AWS::Partition" }, "apigateway:*::/account"]] },
                "Action": ["apigateway:GET", "apigateway:PATCH"]
            }),
        ],
    );
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::events::http_api::tests::{codes, compiled, first_error, run};

    fn events(list: Value) -> Value {
        json!({ "handler": "h.h", "events": list })
    }

    fn ids(c: &crate::events::Values) -> Vec<&str> {
        c.resources.keys().map(String::as_str).collect()
    }

    #[test]
    fn route_logical_ids() {
        assert_eq!(super::route_logical_id("$connect"), "SconnectWebsocketsRoute");
        assert_eq!(super::route_logical_id("sendMessage"), "sendMessageWebsocketsRoute");
        assert_eq!(super::route_logical_id("a.b-c_d/e"), "aPeriodbDashcUnderscoredSlasheWebsocketsRoute");
    }

    #[test]
    fn resources_phase_by_phase() {
        let c = compiled(
            json!({ "websocketsApiName": "chat", "websocketsDescription": "Chat" }),
            json!({
                "a": events(json!([
                    { "websocket": { "route": "$connect", "authorizer": { "name": "auth", "identitySource": "route.request.querystring.t" } } },
                    { "websocket": { "route": "echo", "routeResponseSelectionExpression": "$default" } }
                ])),
                "auth": events(json!([{ "websocket": "$disconnect" }]))
            }),
        );
        let deployment = ids(&c).last().unwrap().to_string();
        assert!(deployment.starts_with("WebsocketsDeployment") && deployment.len() > 40, "{deployment}");
        assert_eq!(
            ids(&c)[..11],
            [
                "WebsocketsApi",
                "AWebsocketsIntegration",
                "AuthWebsocketsIntegration",
                "echoWebsocketsRouteResponse",
                "AuthWebsocketsAuthorizer",
                "ALambdaPermissionWebsockets",
                "AuthLambdaPermissionWebsockets",
                "SconnectWebsocketsRoute",
                "echoWebsocketsRoute",
                "SdisconnectWebsocketsRoute",
                "WebsocketsDeploymentStage",
            ]
        );
        let api = &c.resources["WebsocketsApi"]["Properties"];
        assert_eq!((&api["Name"], &api["Description"]), (&json!("chat"), &json!("Chat")));
        assert_eq!(
            c.resources["AuthWebsocketsAuthorizer"]["Properties"]["IdentitySource"],
            json!(["route.request.querystring.t"])
        );
        // The authorizer's permission wrote Action, Principal, FunctionName; the function's own
        // event merged into it afterwards.
        assert_eq!(
            c.resources["AuthLambdaPermissionWebsockets"]["Properties"].as_object().unwrap().keys().collect::<Vec<_>>(),
            ["Action", "Principal", "FunctionName"]
        );
        assert_eq!(c.resources["SconnectWebsocketsRoute"]["Properties"]["AuthorizationType"], "CUSTOM");
        assert_eq!(
            c.resources[&deployment]["DependsOn"],
            json!([
                "SconnectWebsocketsRoute",
                "echoWebsocketsRouteResponse",
                "echoWebsocketsRoute",
                "SdisconnectWebsocketsRoute"
            ])
        );
        assert_eq!(
            c.resources["WebsocketsDeploymentStage"]["Properties"]["DeploymentId"],
            json!({ "Ref": deployment })
        );
        assert_eq!(c.outputs.keys().collect::<Vec<_>>(), ["ServiceEndpointWebsocket"]);
        assert_eq!(c.statements.len(), 1);
        assert_eq!(c.statements[0]["Action"], json!(["execute-api:ManageConnections"]));
    }

    #[test]
    fn deployment_hash_follows_the_api_resources() {
        let one = compiled(json!({}), json!({ "a": events(json!([{ "websocket": "$default" }])) }));
        let again = compiled(json!({}), json!({ "a": events(json!([{ "websocket": "$default" }])) }));
        let other = compiled(json!({}), json!({ "a": events(json!([{ "websocket": "ping" }])) }));
        let last = |c: &crate::events::Values| c.resources.keys().last().unwrap().clone();
        assert_eq!(last(&one), last(&again));
        assert_ne!(last(&one), last(&other));
        assert!(last(&one)["WebsocketsDeployment".len()..].chars().all(|c| c.is_ascii_alphanumeric()));
    }

    #[test]
    fn authorizer_by_arn() {
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:shared-auth";
        let c = compiled(
            json!({}),
            json!({ "a": events(json!([{ "websocket": { "route": "$connect", "authorizer": arn } }])) }),
        );
        assert_eq!(c.resources["SharedDashauthWebsocketsAuthorizer"]["Properties"]["Name"], "shared-auth");
        let permission = &c.resources["SharedDashauthLambdaPermissionWebsockets"];
        assert_eq!(permission["DependsOn"], json!(["WebsocketsApi"]));
        assert_eq!(permission["Properties"]["FunctionName"], arn);
    }

    #[test]
    fn external_api() {
        let c = compiled(
            json!({ "apiGateway": { "websocketApiId": "ws123" } }),
            json!({ "a": events(json!([{ "websocket": "$default" }])) }),
        );
        assert!(!c.resources.contains_key("WebsocketsApi") && !c.resources.contains_key("WebsocketsDeploymentStage"));
        assert_eq!(c.resources["ALambdaPermissionWebsockets"]["DependsOn"], json!(["ALambdaFunction"]));
        let deployment = c.resources.values().last().unwrap();
        assert_eq!(
            deployment["Properties"],
            json!({ "ApiId": "ws123", "Description": "Serverless Websockets", "StageName": "dev" })
        );
        assert!(c.statements.is_empty());
    }

    #[test]
    fn logs_stage_settings_log_group_and_cloud_watch_role() {
        let c = compiled(
            json!({ "logs": { "websocket": { "level": "ERROR", "fullExecutionData": false, "format": "$context.requestId" } } }),
            json!({ "a": events(json!([{ "websocket": "$default" }])) }),
        );
        let stage = &c.resources["WebsocketsDeploymentStage"]["Properties"];
        assert_eq!(stage["DefaultRouteSettings"], json!({ "DataTraceEnabled": false, "LoggingLevel": "ERROR" }));
        assert_eq!(stage["AccessLogSettings"]["Format"], "$context.requestId");
        assert_eq!(
            ids(&c)[5..10],
            [
                "WebsocketsLogGroup",
                "CustomApiGatewayAccountCloudWatchRole",
                "IamRoleCustomResourcesLambdaExecution",
                "CustomDashresourceDashapigwDashcwDashroleLambdaFunction",
                "CustomDashresourceDashapigwDashcwDashroleLogGroup",
            ]
        );
        assert_eq!(c.resources["WebsocketsLogGroup"]["Properties"]["LogGroupName"], "/aws/websocket/svc-dev");
        assert_eq!(c.resources["CustomApiGatewayAccountCloudWatchRole"]["Version"], "1.0");

        let off = compiled(
            json!({ "logs": { "websocket": { "executionLogging": false, "level": "WARN", "accessLogging": false }, "restApi": { "roleManagedExternally": true } } }),
            json!({ "a": events(json!([{ "websocket": "$default" }])) }),
        );
        let stage = &off.resources["WebsocketsDeploymentStage"]["Properties"];
        assert_eq!(stage["DefaultRouteSettings"]["LoggingLevel"], "OFF");
        assert!(stage.get("AccessLogSettings").is_none());
        assert!(!off.resources.contains_key(super::CLOUD_WATCH_ROLE));
        assert!(off.resources.contains_key("WebsocketsLogGroup"));
    }

    #[test]
    fn cloud_watch_role_is_added_once_with_the_configured_role() {
        let r = crate::load::load_value(&json!({
            "service": "svc",
            "provider": { "name": "aws", "logs": { "restApi": { "role": "arn:aws:iam::123456789012:role/apigw" } } },
            "functions": {}
        }), false)
        .0;
        let resolved = crate::resolve::Resolved::new(&r);
        let mut cx = crate::events::Ctx {
            r: &resolved,
            out: Default::default(),
            build_time_millis: 0,
            deployment_bucket: json!("bucket"),
            artifact_directory: "dir".into(),
        };
        super::ensure_api_gateway_cloud_watch_role(&mut cx);
        let count = cx.out.resources.len();
        super::ensure_api_gateway_cloud_watch_role(&mut cx);
        assert_eq!(cx.out.resources.len(), count);
        assert_eq!(
            cx.out.resources[super::CLOUD_WATCH_ROLE].value_mut()["Properties"]["RoleArn"],
            "arn:aws:iam::123456789012:role/apigw"
        );
    }

    #[test]
    fn reference_errors() {
        let f = json!({ "a": events(json!([{ "websocket": "$default" }])) });
        assert_eq!(
            first_error(json!({ "logs": { "websocket": { "level": "WARN" } } }), f),
            (
                "WEBSOCKETS_INVALID_LOGS_LEVEL".into(),
                "provider.logs.websocket.level".into(),
                "provider.logs.websocket.level is set to an invalid value. Support values are INFO, ERROR, got WARN."
                    .into()
            )
        );
        let f = json!({ "a": events(json!([{ "websocket": { "route": "$connect", "authorizer": { "arn": { "Fn::GetAtt": ["X", "Arn"] } } } }])) });
        assert_eq!(
            first_error(json!({}), f),
            (
                "WEBSOCKETS_MISSING_AUTHORIZER_NAME".into(),
                "functions.a.events[0].websocket.authorizer.arn".into(),
                "Websocket Authorizer: Non-string \"arn\" needs to be accompanied with \"name\"".into()
            )
        );
    }

    #[test]
    fn authorizer_only_on_connect() {
        let f = json!({ "a": events(json!([{ "websocket": { "route": "send", "authorizer": "a" } }])) });
        let (code, path, _) = first_error(json!({}), f);
        assert_eq!(
            (code.as_str(), path.as_str()),
            ("WEBSOCKETS_AUTHORIZER_NOT_ON_CONNECT", "functions.a.events[0].websocket.authorizer")
        );
    }

    #[test]
    fn duplicate_routes_and_unknown_authorizer_functions() {
        let f = json!({ "a": events(json!([{ "websocket": "ping" }])), "b": events(json!([{ "websocket": "ping" }])) });
        assert_eq!(codes(json!({}), f), ["DUPLICATE_EVENT"]);
        let f = json!({ "a": events(json!([{ "websocket": { "route": "$connect", "authorizer": "ghost" } }])) });
        assert_eq!(codes(json!({}), f), ["INVALID_EVENT"]);
    }

    #[test]
    fn loading_rejects_bad_shapes() {
        for bad in [
            json!({ "routeResponseSelectionExpression": "$default" }),
            json!({ "route": "x", "routeResponseSelectionExpression": "$request.body" }),
            json!({ "route": "x", "authorizer": { "identitySource": ["a"] } }),
            json!({ "route": 5 }),
            // A list of one is the route (the schema's coercion); of two, not.
            json!(["x", "y"]),
        ] {
            let (d, _) = run(json!({}), json!({ "a": events(json!([{ "websocket": bad }])) }));
            assert!(d.has_errors(), "{bad}");
        }
    }
}
