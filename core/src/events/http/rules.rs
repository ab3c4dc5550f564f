//! Rules of `http` events: the reference's errors (codes and messages verbatim, reported first)
//! and the stricter D7 rules.

use std::collections::HashMap;

use serde_json::Value;

use super::{integration, strip_path, truthy};
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::events::EventRef;
use crate::reader::join;

pub(super) fn validate(cx: &EventRef<'_>, out: &mut Diagnostics) {
    let first = cx.is_first("http");
    if first {
        service_rules(cx, out);
    }
    let path = cx.path("http");
    let c = cx.config;
    if let Some(a) = c.get("authorizer").filter(|a| truthy(a)) {
        authorizer_rules(cx, a, &join(&path, "authorizer"), out);
    }
    let kind = integration(c);
    if kind == "HTTP" || kind == "HTTP_PROXY" {
        let uri = c.get("request").and_then(|r| r.get("uri")).filter(|u| truthy(u));
        if uri.is_none() {
            out.push(
                Diagnostic::error(
                    codes::INVALID_EVENT,
                    join(&path, "request.uri"),
                    format!("You need to set the request uri when using the {kind} integration."),
                )
                .with_help("add `request: {uri: https://...}` (reference code API_GATEWAY_MISSING_REQUEST_URI)"),
            );
        }
        let vpc_link = c
            .get("connectionType")
            .and_then(Value::as_str)
            .is_some_and(|t| t.to_uppercase().replacen('-', "_", 1) == "VPC_LINK");
        if vpc_link && !c.get("connectionId").is_some_and(truthy) {
            out.push(
                Diagnostic::error(
                    codes::INVALID_EVENT,
                    join(&path, "connectionId"),
                    "You need to set connectionId when using VPC_LINK connectionType.",
                )
                .with_help(
                    "add the VPC link's id as `connectionId` (reference code API_GATEWAY_MISSING_CONNECTION_ID)",
                ),
            );
        }
    }
    if kind == "AWS_PROXY" || kind == "HTTP_PROXY" {
        dropped_with_proxy(cx, &kind, &path, out);
    }
    let stage = cx.r.stage;
    if first && !valid_stage(stage) {
        out.push(
            Diagnostic::error(
                codes::API_GATEWAY_INVALID_STAGE_NAME,
                "provider.stage",
                format!(
                    "Invalid stage name {stage}: it should contains only [-_a-zA-Z0-9] for AWS provider if http event \
                     are present according to API Gateway limitation."
                ),
            )
            .with_help("use only letters, digits, `-` and `_` in the stage name"),
        );
    }
    if first {
        endpoint_rules(cx, out);
        key_rules(cx, out);
    }
    existing_resource_rule(cx, &path, out);
    path_rules(cx, &path, out);
    if first {
        route_rules(cx, out);
    }
}

fn valid_stage(stage: &str) -> bool {
    !stage.is_empty() && stage.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn api_gateway<'a>(cx: &EventRef<'a>) -> Option<&'a serde_json::Map<String, Value>> {
    cx.r.config.provider.apis.get("apiGateway").and_then(Value::as_object)
}

/// The keys of `provider.apiGateway` (the reference's schema).
const PROVIDER_KEYS: &[&str] = &[
    "apiKeys",
    "apiKeySourceType",
    "binaryMediaTypes",
    "description",
    "disableDefaultEndpoint",
    "endpoint",
    "endpointAccessMode",
    "metrics",
    "minimumCompressionSize",
    "request",
    "resourcePolicy",
    "restApiId",
    "restApiResources",
    "restApiRootResourceId",
    "securityPolicy",
    "shouldStartNameWithService",
    "stage",
    "timeoutInMillis",
    "usagePlan",
    "websocketApiId",
];

/// `provider.apiGateway` is an object of known keys.
pub(super) fn provider_keys(r: &crate::resolve::Resolved<'_>, out: &mut Diagnostics) {
    match r.config.provider.apis.get("apiGateway") {
        None | Some(Value::Null) => {}
        Some(Value::Object(m)) => {
            for k in m.keys().filter(|k| !PROVIDER_KEYS.contains(&k.as_str())) {
                let mut message = format!("unknown key `{k}` in provider.apiGateway");
                if let Some(s) = crate::diagnostics::did_you_mean(k, PROVIDER_KEYS.iter().copied()) {
                    message.push_str(&format!("; did you mean `{s}`?"));
                }
                out.push(
                    Diagnostic::error(codes::CONFIG_UNKNOWN_KEY, join("provider.apiGateway", k), message)
                        .with_help(format!("allowed keys: {}", crate::reader::list(PROVIDER_KEYS))),
                );
            }
        }
        Some(other) => out.push(
            Diagnostic::error(
                codes::CONFIG_INVALID_VALUE,
                "provider.apiGateway",
                format!("expected an object of REST API settings, found {}", crate::reader::describe(other)),
            )
            .with_help("write `provider.apiGateway` as an object, e.g. `apiGateway: {minimumCompressionSize: 1024}`"),
        ),
    }
}

/// The reference's checks of `provider.apiGateway` with an existing REST API.
fn service_rules(cx: &EventRef<'_>, out: &mut Diagnostics) {
    provider_keys(cx.r, out);
    let Some(gw) = api_gateway(cx) else { return };
    if !gw.get("restApiId").is_some_and(truthy) {
        return;
    }
    if !gw.get("restApiRootResourceId").is_some_and(truthy) {
        out.push(
            Diagnostic::error(
                codes::API_GATEWAY_MISSING_REST_API_ROOT_RESOURCE_ID,
                "provider.apiGateway.restApiRootResourceId",
                "Missing required \"provider.apiGateway.restApiRootResourceId\" property (needed if \
                 \"provider.apiGateway.restApiId\" is provided)",
            )
            .with_help("add the root resource id of the existing REST API"),
        );
        return;
    }
    let p = &cx.r.config.provider;
    if p.tracing.as_ref().is_some_and(|t| t.api_gateway.is_some()) {
        out.push(
            Diagnostic::error(
                codes::API_GATEWAY_EXTERNAL_API_TRACING,
                "provider.tracing.apiGateway",
                "When external API Gateway resource is imported via \"provider.apiGateway.restApiId\", property \
                 \"provider.tracing.apiGateway\" is ineffective.",
            )
            .with_help("remove provider.tracing.apiGateway and set tracing on the existing API's stage"),
        );
        return;
    }
    if p.logs.as_ref().is_some_and(|l| l.rest_api.as_ref().is_some_and(|v| !v.is_null())) {
        out.push(
            Diagnostic::error(
                codes::API_GATEWAY_EXTERNAL_API_LOGS,
                "provider.logs.restApi",
                "When external API Gateway resource is imported via \"provider.apiGateway.restApiId\", property \
                 \"provider.logs.restApi\" is ineffective.",
            )
            .with_help("remove provider.logs.restApi and configure access logs on the existing API's stage"),
        );
    }
}

fn authorizer_rules(cx: &EventRef<'_>, a: &Value, path: &str, out: &mut Diagnostics) {
    let function = match a {
        Value::String(s) if !s.eq_ignore_ascii_case("aws_iam") && !s.contains(':') => Some(s.as_str()),
        Value::Object(m) => {
            let kind = m.get("type").and_then(Value::as_str);
            let external = kind.is_some() && m.get("authorizerId").is_some_and(truthy);
            let iam = kind.is_some_and(|k| k.eq_ignore_ascii_case("aws_iam"));
            let arn = m.get("arn").filter(|a| truthy(a));
            if external || iam {
                None
            } else if let Some(arn) = arn {
                arn_rules(cx, m, arn, path, out);
                None
            } else if let Some(n) = m.get("name").filter(|n| truthy(n)) {
                n.as_str()
            } else {
                out.push(
                    Diagnostic::error(
                        codes::API_GATEWAY_MISSING_AUTHORIZER_NAME_OR_ARN,
                        path,
                        "Please provide either an authorizer name or ARN",
                    )
                    .with_help(
                        "give the authorizer function's name (`name: auth`) or an ARN (`arn: arn:aws:lambda:...`)",
                    ),
                );
                None
            }
        }
        _ => None,
    };
    if let Some(name) = function
        && !cx.r.config.functions.contains_key(name)
    {
        let mut d =
            Diagnostic::error(codes::INVALID_EVENT, path, format!("Function \"{name}\" doesn't exist in this Service"));
        let names = cx.r.config.functions.keys().map(String::as_str);
        d = match crate::diagnostics::did_you_mean(name, names) {
            Some(m) => d.with_help(format!("did you mean `{m}`? An authorizer name is a function of this service")),
            None => d.with_help("an authorizer name is a function of this service; give an ARN for another function"),
        };
        out.push(d);
    }
}

/// An authorizer given by ARN: an intrinsic ARN needs a `name`; Cognito claims need the
/// `lambda` integration.
fn arn_rules(cx: &EventRef<'_>, m: &serde_json::Map<String, Value>, arn: &Value, path: &str, out: &mut Diagnostics) {
    let cognito_type =
        m.get("type").and_then(Value::as_str).is_some_and(|t| t.eq_ignore_ascii_case("COGNITO_USER_POOLS"));
    if !arn.is_string() && !m.get("name").is_some_and(Value::is_string) {
        let d = if cognito_type {
            Diagnostic::error(
                codes::INVALID_EVENT,
                path,
                "Please provide an authorizer name for authorizers of type COGNITO_USER_POOLS",
            )
            .with_help("add `name:` (reference code API_GATEWAY_MISSING_AUTHORIZER_NAME)")
        } else {
            Diagnostic::error(
                codes::INVALID_EVENT,
                join(path, "name"),
                "an authorizer whose `arn` is an intrinsic function needs a `name` (its logical ID is derived from it)",
            )
            .with_help("add `name: myAuthorizer`")
        };
        out.push(d);
    }
    let cognito_arn = arn.as_str().is_some_and(|a| a.split(':').nth(2) == Some("cognito-idp") && a.starts_with("arn:"));
    let has_claims = m.get("claims").and_then(Value::as_array).is_some_and(|c| !c.is_empty());
    if cognito_arn && has_claims && integration(cx.config) == "AWS_PROXY" {
        out.push(
            Diagnostic::error(
                codes::INVALID_EVENT,
                join(path, "claims"),
                "Cognito claims can only be filtered when using the lambda integration type",
            )
            .with_help(
                "remove `claims`, or use `integration: lambda` (reference code API_GATEWAY_INVALID_COGNITO_CLAIMS)",
            ),
        );
    }
}

/// `vpcEndpointIds` only on PRIVATE endpoints; a PRIVATE endpoint needs a resource policy (D7).
fn endpoint_rules(cx: &EventRef<'_>, out: &mut Diagnostics) {
    let apis = &cx.r.config.provider.apis;
    if api_gateway(cx).is_some_and(|g| g.get("restApiId").is_some_and(truthy)) {
        return;
    }
    let endpoint = apis.get("endpointType").and_then(Value::as_str).map(str::to_uppercase);
    let private = endpoint.as_deref() == Some("PRIVATE");
    if apis.get("vpcEndpointIds").is_some_and(truthy) && !private {
        out.push(
            Diagnostic::error(
                codes::API_GATEWAY_INVALID_VPC_ENDPOINT_IDS_CONFIG,
                "provider.vpcEndpointIds",
                "VPC endpoint IDs are only available for private APIs",
            )
            .with_help("set `endpointType: PRIVATE`, or remove vpcEndpointIds"),
        );
    }
    let has_policy = api_gateway(cx)
        .and_then(|g| g.get("resourcePolicy"))
        .is_some_and(|p| p.as_array().is_some_and(|a| !a.is_empty()) || p.as_object().is_some_and(|m| !m.is_empty()));
    if private && !has_policy {
        out.push(
            Diagnostic::error(
                codes::API_GATEWAY_PRIVATE_WITHOUT_RESOURCE_POLICY,
                "provider.endpointType",
                "a PRIVATE REST API needs a resource policy (provider.apiGateway.resourcePolicy): without one, API \
                 Gateway rejects every request to it",
            )
            .with_help(
                "add provider.apiGateway.resourcePolicy allowing execute-api:Invoke from your VPC endpoint \
                 (Condition StringEquals aws:SourceVpce), or use endpointType REGIONAL",
            ),
        );
    }
}

/// Grouped API keys name a usage plan of the `usagePlan` list.
fn key_rules(cx: &EventRef<'_>, out: &mut Diagnostics) {
    let Some(gw) = api_gateway(cx) else { return };
    let plans = super::keys::plan_names(gw.get("usagePlan"));
    let Some(keys) = gw.get("apiKeys").and_then(Value::as_array) else { return };
    if plans.is_empty() {
        return;
    }
    for (i, k) in keys.iter().enumerate() {
        let Some((name, value)) = k.as_object().and_then(|m| m.iter().next()) else { continue };
        if (value.is_object() || value.is_array()) && !plans.contains(name) {
            out.push(
                Diagnostic::error(
                    codes::INVALID_EVENT,
                    format!("provider.apiGateway.apiKeys.{i}"),
                    format!("API key \"{name}\" has no usage plan defined"),
                )
                .with_help(format!(
                    "add `- {name}: {{...}}` to provider.apiGateway.usagePlan (reference code \
                     API_GATEWAY_KEY_WITHOUT_USAGE_PLAN), or use one of: {}",
                    plans.join(", ")
                )),
            );
        }
    }
}

/// With `apiGateway.restApiResources`, a method on a path above an existing resource needs that
/// path's resource id too (the reference cannot place the new resources otherwise).
fn existing_resource_rule(cx: &EventRef<'_>, path: &str, out: &mut Diagnostics) {
    let Some(Value::Object(existing)) = api_gateway(cx).and_then(|g| g.get("restApiResources")) else { return };
    let mine = strip_path(cx.config.get("path").and_then(Value::as_str).unwrap_or_default());
    if mine.is_empty() {
        return;
    }
    let paths: Vec<String> = existing.keys().map(|k| strip_path(k)).collect();
    let below = format!("{mine}/");
    if !paths.contains(&mine) && paths.iter().any(|p| p.starts_with(&below)) {
        out.push(
            Diagnostic::error(
                codes::INVALID_EVENT,
                join(path, "path"),
                format!("Resource ID for path {mine} is required"),
            )
            .with_help(format!("add \"/{mine}\" with its resource id to provider.apiGateway.restApiResources")),
        );
    }
}

/// Why API Gateway would reject a resource path (`None` when it accepts it): empty segments,
/// whitespace, braces other than a whole `{name}`/`{name+}` segment, a greedy `{name+}` before
/// the last segment.
pub(super) fn path_problem(path: &str) -> Option<String> {
    if path.is_empty() {
        return None;
    }
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        if seg.is_empty() {
            return Some("it has an empty segment (`//`)".into());
        }
        if seg.chars().any(char::is_whitespace) {
            return Some(format!("segment \"{seg}\" contains whitespace"));
        }
        if seg.contains(['{', '}']) {
            let Some(inner) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
                return Some(format!("segment \"{seg}\": a path variable is a whole segment, `{{name}}`"));
            };
            let (name, greedy) = match inner.strip_suffix('+') {
                Some(n) => (n, true),
                None => (inner, false),
            };
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.') {
                return Some(format!("segment \"{seg}\" is not a valid path variable"));
            }
            if greedy && i + 1 != segments.len() {
                return Some(format!("the greedy variable \"{seg}\" must be the last segment"));
            }
        }
    }
    None
}

/// The path's syntax.
fn path_rules(cx: &EventRef<'_>, path: &str, out: &mut Diagnostics) {
    let mine = strip_path(cx.config.get("path").and_then(Value::as_str).unwrap_or_default());
    if let Some(problem) = path_problem(&mine) {
        out.push(
            Diagnostic::error(
                codes::INVALID_EVENT,
                join(path, "path"),
                format!("invalid REST API path \"{mine}\": {problem}"),
            )
            .with_help("use segments like `users`, `{id}` or a last `{proxy+}`, separated by single `/`"),
        );
    }
}

/// Rules between events, checked once for the whole service (in linear time): two events with
/// the same path and method (D7), and sibling path variables with different names (API Gateway
/// allows one variable name per level). Each is reported on the later event.
fn route_rules(cx: &EventRef<'_>, out: &mut Diagnostics) {
    let mut routes: HashMap<(String, String), (&str, usize)> = HashMap::new();
    let mut variables: HashMap<String, (String, &str, usize)> = HashMap::new();
    for &(fn_key, f) in &cx.r.functions {
        for (i, e) in f.events.iter().enumerate() {
            if e.kind != "http" {
                continue;
            }
            let at = format!("functions.{fn_key}.events[{i}].http");
            let p = strip_path(e.config.get("path").and_then(Value::as_str).unwrap_or_default());
            let m = e.config.get("method").and_then(Value::as_str).unwrap_or_default().to_lowercase();
            if path_problem(&p).is_some() {
                continue;
            }
            match routes.get(&(p.clone(), m.clone())) {
                Some((first_fn, first_i)) => out.push(
                    Diagnostic::error(
                        codes::DUPLICATE_EVENT,
                        at.clone(),
                        format!(
                            "{} /{p} is already an http event of function \"{first_fn}\" (events.{first_i}): one REST \
                             API method cannot have two integrations",
                            m.to_uppercase()
                        ),
                    )
                    .with_help("remove one of the two events, or change its path or method"),
                ),
                None => {
                    routes.insert((p.clone(), m), (fn_key, i));
                }
            }
            let segments: Vec<&str> = if p.is_empty() { Vec::new() } else { p.split('/').collect() };
            for (depth, seg) in segments.iter().enumerate() {
                if !seg.starts_with('{') {
                    continue;
                }
                let parent = segments[..depth].join("/");
                match variables.get(&parent) {
                    Some((other, other_fn, other_i)) if other != seg => {
                        out.push(
                            Diagnostic::error(
                                codes::INVALID_EVENT,
                                join(&at, "path"),
                                format!(
                                    "path variable \"{seg}\" sits beside \"{other}\" of function \"{other_fn}\" \
                                     (events.{other_i}) at \"/{parent}\": API Gateway allows one variable name per level"
                                ),
                            )
                            .with_help(format!("use the same name, e.g. \"{other}\", in both paths")),
                        );
                        break;
                    }
                    Some(_) => {}
                    None => {
                        variables.insert(parent, (seg.to_string(), fn_key, i));
                    }
                }
            }
        }
    }
}

/// The reference drops `request`/`response` settings a proxy integration cannot use (with a
/// warning); stackwright warns the same way instead of ignoring them silently.
fn dropped_with_proxy(cx: &EventRef<'_>, kind: &str, path: &str, out: &mut Diagnostics) {
    let allowed: &[&str] = if kind == "AWS_PROXY" {
        &["parameters", "schema", "schemas"]
    } else {
        &["parameters", "uri", "schema", "schemas"]
    };
    if let Some(Value::Object(request)) = cx.config.get("request") {
        for key in request.keys().filter(|k| !allowed.contains(&k.as_str())) {
            out.push(
                Diagnostic::warning(
                    codes::INVALID_EVENT,
                    join(&join(path, "request"), key),
                    format!(
                        "`request.{key}` has no effect with the {kind} integration of function \"{}\": only {} apply",
                        cx.fn_key,
                        allowed.iter().map(|k| format!("request.{k}")).collect::<Vec<_>>().join(", ")
                    ),
                )
                .with_help("remove it, or use `integration: lambda` for a mapped integration"),
            );
        }
    }
    if let Some(Value::Object(response)) = cx.config.get("response") {
        for key in response.keys().filter(|k| !(kind == "AWS_PROXY" && k.as_str() == "transferMode")) {
            out.push(
                Diagnostic::warning(
                    codes::INVALID_EVENT,
                    join(&join(path, "response"), key),
                    format!("`response.{key}` has no effect with the {kind} integration of function \"{}\"", cx.fn_key),
                )
                .with_help("the function's proxy response sets status, headers and body; remove it"),
            );
        }
    }
}
