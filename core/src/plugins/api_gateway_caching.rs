//! serverless-api-gateway-caching 1.11.0 (npm; `src/apiGatewayCachingPlugin.js`,
//! `src/ApiGatewayCachingSettings.js`, `src/cacheKeyParameters.js`, `src/restApiId.js`). Two
//! halves:
//!
//! - the template, hook `before:package:finalize`: the output `RestApiIdForApigCaching` (the
//!   REST API's ID) whenever the service has a REST API, and, with `custom.apiGatewayCaching.enabled`,
//!   each http event's (and `additionalEndpoints` entry's) `caching.cacheKeyParameters` on its
//!   method: the parameters in `Integration.CacheKeyParameters`, mapped in
//!   `Integration.RequestParameters`, declared in the method's `RequestParameters`, and
//!   `Integration.CacheNamespace`. `synth/api_gateway_caching.rs` makes these changes.
//! - the stage, after each deploy: the cache cluster, TTLs, encryption and per-method caching,
//!   set with API calls, which `stackwright deploy` does not make (a warning, D8).
//!
//! This module checks the settings as they are loaded.
//!
//! ```yaml
//! plugins:
//!   - serverless-api-gateway-caching
//! custom:
//!   apiGatewayCaching:
//!     enabled: true
//! functions:
//!   list:
//!     handler: handler.list
//!     events:
//!       - http:
//!           path: items
//!           method: get
//!           caching:
//!             enabled: true
//!             cacheKeyParameters:
//!               - name: request.querystring.page
//! ```

use serde_json::Value;

use crate::codes;
use crate::reader::{Loader, describe, index, join};

/// The plugin's npm name.
pub const API_GATEWAY_CACHING: &str = "serverless-api-gateway-caching";
/// Its settings under `custom`.
pub const CUSTOM: &str = "apiGatewayCaching";

/// `custom.apiGatewayCaching` as written, after checking what the template half reads.
pub(crate) fn load(l: &mut Loader, v: &Value) -> Option<Value> {
    let at = join("custom", CUSTOM);
    let Value::Object(settings) = v else {
        l.error_help(
            codes::CONFIG_INVALID_VALUE,
            &at,
            format!("expected an object of caching settings, found {}", describe(v)),
            "write `apiGatewayCaching: {enabled: true}` and the other settings under it",
        );
        return None;
    };
    if let Some(enabled) = settings.get("enabled") {
        l.boolean(enabled, &join(&at, "enabled"));
    }
    if let Some(id) = settings.get("restApiId").filter(|v| !v.is_string() && !v.is_null()) {
        l.type_error(&join(&at, "restApiId"), "a REST API ID", id);
    }
    match settings.get("additionalEndpoints") {
        None | Some(Value::Null) => {}
        Some(Value::Array(endpoints)) => {
            for (i, endpoint) in endpoints.iter().enumerate() {
                let at = index(&join(&at, "additionalEndpoints"), i);
                match endpoint {
                    Value::Object(e) => {
                        for key in ["method", "path"] {
                            if !e.get(key).is_some_and(Value::is_string) {
                                l.error_help(
                                    codes::CONFIG_INVALID_VALUE,
                                    &join(&at, key),
                                    format!("an additional endpoint needs its `{key}` as a string"),
                                    "write the endpoint's `method` and `path` as in its http event, e.g. \
                                     `{method: GET, path: /items}`",
                                );
                            }
                        }
                        if let Some(caching) = e.get("caching") {
                            for (path, message, help) in caching_problems(caching, &join(&at, "caching")) {
                                l.error_help(codes::CONFIG_INVALID_VALUE, &path, message, help);
                            }
                        }
                    }
                    other => l.type_error(&at, "an endpoint (`{method, path, caching}`)", other),
                }
            }
        }
        Some(other) => l.type_error(&join(&at, "additionalEndpoints"), "a list of endpoints", other),
    }
    Some(v.clone())
}

/// What is wrong with an endpoint's `caching` at `at` that the template half reads: (path,
/// message, help) of each problem.
pub(crate) fn caching_problems(caching: &Value, at: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let Value::Object(caching) = caching else {
        out.push((
            at.to_string(),
            format!("expected an object of caching settings, found {}", describe(caching)),
            "write `caching: {enabled: true, cacheKeyParameters: [...]}`".to_string(),
        ));
        return out;
    };
    let Some(parameters) = caching.get("cacheKeyParameters").filter(|v| crate::json::truthy(Some(v))) else {
        return out;
    };
    let at = join(at, "cacheKeyParameters");
    let Value::Array(parameters) = parameters else {
        out.push((
            at,
            format!("expected a list of cache key parameters, found {}", describe(parameters)),
            "write one item a parameter: `- name: request.querystring.page`".to_string(),
        ));
        return out;
    };
    for (i, parameter) in parameters.iter().enumerate() {
        let at = index(&at, i);
        if !parameter.get("name").is_some_and(Value::is_string) {
            out.push((
                join(&at, "name"),
                format!("a cache key parameter needs its `name` as a string; found {}", describe(parameter)),
                "write `name: request.querystring.<name>` (or `request.header.<name>`, `request.path.<name>`), \
                 with `mappedFrom:` for a parameter mapped from another"
                    .to_string(),
            ));
        }
        if let Some(from) = parameter.get("mappedFrom").filter(|v| !v.is_string() && !v.is_null()) {
            out.push((
                join(&at, "mappedFrom"),
                format!("`mappedFrom` names a method request parameter; found {}", describe(from)),
                "write e.g. `mappedFrom: method.request.header.Accept`".to_string(),
            ));
        }
    }
    out
}
