//! serverless-api-gateway-caching's template changes (`plugins/api_gateway_caching.rs` says what
//! the plugin does and checks its settings): the output with the REST API's ID, and the cache key
//! parameters on the methods, at `before:package:finalize`.

use serde_json::{Map, Value, json};

use crate::codes;
use crate::config_path::{index, join};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::plugins::api_gateway_caching::{API_GATEWAY_CACHING, CUSTOM};
use crate::resolve::Resolved;

use super::plugins::REST_API;

const OUTPUT: &str = "RestApiIdForApigCaching";

/// `custom.apiGatewayCaching`, with the plugin listed.
fn settings<'a>(r: &'a Resolved) -> Option<&'a Map<String, Value>> {
    let listed = crate::plugins::listed(&r.config.plugins, API_GATEWAY_CACHING);
    r.config.plugin_settings.api_gateway_caching.as_ref().filter(|_| listed)?.as_object()
}

/// An endpoint whose cache key parameters the plugin writes: its method and path as written, its
/// parameters, and where they are written.
struct Endpoint<'a> {
    method: &'a str,
    path: &'a str,
    parameters: &'a [Value],
    at: String,
}

/// The endpoints with `caching.cacheKeyParameters` when caching is enabled: the http events in
/// `functions` order, then `additionalEndpoints`.
fn endpoints<'a>(r: &'a Resolved) -> Vec<Endpoint<'a>> {
    let Some(settings) = settings(r).filter(|s| crate::json::truthy(s.get("enabled"))) else { return Vec::new() };
    let parameters = |caching: Option<&'a Value>| {
        caching.and_then(|c| c.get("cacheKeyParameters")).and_then(Value::as_array).map(Vec::as_slice)
    };
    let mut out = Vec::new();
    for &(key, f) in &r.functions {
        for (i, event) in f.events.iter().enumerate() {
            let Some(http) = event.config.as_object().filter(|_| event.kind == "http") else { continue };
            let text = |k: &str| http.get(k).and_then(Value::as_str);
            if let (Some(method), Some(path), Some(parameters)) =
                (text("method"), text("path"), parameters(http.get("caching")))
            {
                let at = format!("functions.{key}.events[{i}].http.caching.cacheKeyParameters");
                out.push(Endpoint { method, path, parameters, at });
            }
        }
    }
    for (i, e) in settings.get("additionalEndpoints").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let text = |k: &str| e.get(k).and_then(Value::as_str);
        if let (Some(method), Some(path), Some(parameters)) =
            (text("method"), text("path"), parameters(e.get("caching")))
        {
            let at = join(
                &join(&index(&join(&join("custom", CUSTOM), "additionalEndpoints"), i), "caching"),
                "cacheKeyParameters",
            );
            out.push(Endpoint { method, path, parameters, at });
        }
    }
    out
}

/// Whether the plugin changes a method (the pass re-reads the whole template, so it runs only then).
pub(super) fn changes_methods(r: &Resolved) -> bool {
    !endpoints(r).is_empty()
}

/// The plugin's output `RestApiIdForApigCaching` when the service has a REST API (the configured
/// `provider.apiGateway.restApiId`, else the stack's), and a warning for each endpoint whose method
/// the plugin does not find (its naming differs from the framework's for some paths).
pub(super) fn finalize(doc: &mut super::Doc, r: &Resolved, diagnostics: &mut Diagnostics) {
    for &(key, f) in &r.functions {
        for (i, event) in f.events.iter().enumerate() {
            let caching = event.config.get("caching").filter(|_| event.kind == "http" && settings(r).is_some());
            let Some(caching) = caching else { continue };
            let at = format!("functions.{key}.events[{i}].http.caching");
            for (path, message, help) in crate::plugins::api_gateway_caching::caching_problems(caching, &at) {
                diagnostics.push(Diagnostic::error(codes::CONFIG_INVALID_VALUE, path, message).with_help(help));
            }
        }
    }
    for endpoint in endpoints(r) {
        let (id, path) = method_of(&endpoint);
        if !doc.resources.ids.contains(&id) {
            let actual = crate::events::method_logical_id(path, endpoint.method);
            diagnostics.push(
                Diagnostic::warning(
                    codes::CONFIG_NO_EFFECT,
                    &endpoint.at,
                    format!(
                        "serverless-api-gateway-caching looks for the method {id} (its own naming, path parts \
                         lower-cased), which the template does not have ({actual}): it leaves the cache key \
                         parameters out"
                    ),
                )
                .with_help(format!(
                    "write the path's parameters in lower case, or set `Integration.CacheKeyParameters` of {actual} \
                     with `resources.extensions`"
                )),
            );
        }
    }
    let configured = r.config.provider.apis.get("apiGateway").and_then(|a| a.get("restApiId"));
    let configured = configured.filter(|v| crate::json::truthy(Some(v)));
    let custom_id = settings(r).is_some_and(|s| crate::json::truthy(s.get("restApiId")));
    let in_stack = doc.resources.ids.contains(REST_API);
    // Without any, the plugin asks AWS for the deployed stack's output while packaging, and
    // writes nothing when there is none.
    if configured.is_none() && !custom_id && !in_stack {
        return;
    }
    if configured.is_none() && !in_stack && !doc.user.resources.contains_key(REST_API) {
        diagnostics.push(
            Diagnostic::error(
                codes::CONFIG_INVALID_VALUE,
                join(&join("custom", CUSTOM), "restApiId"),
                "serverless-api-gateway-caching adds the output RestApiIdForApigCaching, `{\"Ref\": \
                 \"ApiGatewayRestApi\"}`, but the template has no REST API (`custom.apiGatewayCaching.restApiId` \
                 names one outside the stack): CloudFormation rejects the reference",
            )
            .with_help("give the shared API's ID as `provider.apiGateway.restApiId` too, which the output then holds"),
        );
        return;
    }
    let value = configured.cloned().unwrap_or_else(|| json!({ "Ref": REST_API }));
    doc.add_output(OUTPUT.into(), json!({ "Description": "REST API ID", "Value": value }));
}

/// The method the plugin looks for, and the endpoint's path without a trailing `/`.
fn method_of<'a>(endpoint: &Endpoint<'a>) -> (String, &'a str) {
    let path = match endpoint.path.strip_suffix('/') {
        Some(p) if endpoint.path.len() > 1 => p,
        _ => endpoint.path,
    };
    (method_name(path, endpoint.method), path)
}

/// The cache key parameters on the methods, as the plugin writes them (a method it does not find
/// is [`finalize`]'s warning).
pub(super) fn apply(r: &Resolved, template: &mut Value) {
    for endpoint in endpoints(r) {
        let (id, _) = method_of(&endpoint);
        let Some(properties) =
            template.pointer_mut(&format!("/Resources/{id}/Properties")).and_then(Value::as_object_mut)
        else {
            continue;
        };
        let proxy =
            properties.get("Integration").and_then(|i| i.get("Type")).and_then(Value::as_str) == Some("AWS_PROXY");
        let Some(Value::Object(mut integration)) = properties.get("Integration").cloned() else { continue };
        let mut declared = properties.get("RequestParameters").and_then(Value::as_object).cloned().unwrap_or_default();
        let mut keys = match integration.get("CacheKeyParameters") {
            Some(Value::Array(keys)) => keys.clone(),
            _ => Vec::new(),
        };
        let mut mapped = match integration.get("RequestParameters") {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        for parameter in endpoint.parameters {
            let Some(name) = parameter.get("name").and_then(Value::as_str) else { continue };
            let mut declare = |key: &str| {
                let existing = declared.get(key).filter(|v| !v.is_null()).cloned();
                declared.insert(key.into(), existing.unwrap_or(json!(false)));
            };
            let key = match parameter.get("mappedFrom").and_then(Value::as_str).filter(|m| !m.is_empty()) {
                None => {
                    let method_key = format!("method.{name}");
                    declare(&method_key);
                    if !proxy {
                        mapped.insert(format!("integration.{name}"), json!(method_key));
                    }
                    method_key
                }
                Some(from) => {
                    if ["method.request.querystring", "method.request.header", "method.request.path"]
                        .iter()
                        .any(|p| from.contains(p))
                    {
                        declare(from);
                    }
                    mapped.insert(name.into(), json!(from));
                    name.to_string()
                }
            };
            keys.push(json!(key));
        }
        // In place when there, else last, in the plugin's order.
        integration.insert("CacheKeyParameters".into(), Value::Array(keys));
        integration.insert("RequestParameters".into(), Value::Object(mapped));
        integration.insert("CacheNamespace".into(), json!(format!("{id}CacheNS")));
        properties.insert("RequestParameters".into(), Value::Object(declared));
        properties.insert("Integration".into(), Value::Object(integration));
    }
}

/// The plugin's `getApiGatewayResourceNameFor`: each path part lower-cased, without `+`, `_` and
/// `.`, `-` as `Dash`, `{x}` as `xVar`, first letter upper-cased; the method likewise.
fn method_name(path: &str, method: &str) -> String {
    let lower = method.to_lowercase();
    let parts = path.split('/').chain(std::iter::once(lower.as_str()));
    let mut out = String::from("ApiGatewayMethod");
    for part in parts {
        let mut part = part.to_lowercase().replace(['+', '_', '.'], "").replace('-', "Dash");
        if part.starts_with('{') {
            let end = part.find('}').unwrap_or(part.len());
            part = format!("{}Var", &part[1..end]);
        }
        out.push_str(&crate::naming::upper_first(&part));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn method_names_as_the_plugin_makes_them() {
        assert_eq!(super::method_name("/items/{id}", "GET"), "ApiGatewayMethodItemsIdVarGet");
        assert_eq!(
            super::method_name("users/{userId}/my-list", "post"),
            "ApiGatewayMethodUsersUseridVarMyDashlistPost"
        );
        assert_eq!(super::method_name("{proxy+}", "any"), "ApiGatewayMethodProxyVarAny");
    }
}
