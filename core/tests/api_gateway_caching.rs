//! serverless-api-gateway-caching (`core/src/plugins/api_gateway_caching.rs`,
//! `core/src/synth/api_gateway_caching.rs`), against templates the plugin itself wrote.
//!
//! Each `data/api_gateway_caching/<case>/caching.json` holds, verbatim, parts of a template that
//! `serverless package` wrote with osls 4.3.1 and serverless-api-gateway-caching 1.11.0 for the
//! case's `serverless.json` (written as serverless.yml): the REST API's methods, the output
//! `RestApiIdForApigCaching` and the order of the outputs (without the function versions'). `keys`
//! has cache key parameters on a proxy and a `lambda` integration, one mapped from a header, a
//! camel-case path parameter and an additional endpoint; `disabled` has caching off (the output
//! only).

mod support;

use serde_json::{Value, json};
use stackwright_core::*;

#[test]
fn methods_and_output_are_what_the_plugin_writes() {
    for case in ["keys", "disabled"] {
        let t = support::template(&support::data("api_gateway_caching", case, "serverless.json"));
        let expected = support::data("api_gateway_caching", case, "caching.json");
        let same = |what: &str, a: &Value, e: &Value| support::same("the plugin", case, what, a, e);
        let methods = support::resources_of_type(&t, "AWS::ApiGateway::Method");
        // Serverless Framework v4 (which stackwright follows) gives a method with request
        // parameters `Integration.RequestParameters: {}`, where osls gives none: the plugin then
        // fills v4's in place instead of adding it after `CacheKeyParameters`. The keys of
        // `Integration` are compared in order where neither has it first.
        let in_order = |methods: &Value| {
            let mut methods = methods.clone();
            for (_, m) in methods.as_object_mut().unwrap() {
                if let Some(Value::Object(i)) = m["Properties"].get_mut("Integration") {
                    let mut keys: Vec<(String, Value)> = std::mem::take(i).into_iter().collect();
                    keys.sort_by(|a, b| a.0.cmp(&b.0));
                    i.extend(keys);
                }
            }
            methods
        };
        same("the methods", &in_order(&methods), &in_order(&expected["methods"]));
        for (id, m) in methods.as_object().unwrap() {
            let keys =
                |m: &Value| m["Properties"]["Integration"].as_object().unwrap().keys().cloned().collect::<Vec<_>>();
            if id != "ApiGatewayMethodItemsIdVarGet" {
                assert_eq!(keys(m), keys(&expected["methods"][id]), "{case}: {id}");
            }
        }
        same("the output", &t["Outputs"]["RestApiIdForApigCaching"], &expected["output"]);
        let order: Vec<&String> =
            t["Outputs"].as_object().unwrap().keys().filter(|k| !k.ends_with("QualifiedArn")).collect();
        same("output order", &json!(order), &expected["outputOrder"]);
    }
}

fn service(caching: Value, event_caching: Value) -> Value {
    json!({
        "service": "app",
        "provider": {"name": "aws", "runtime": "nodejs22.x"},
        "plugins": ["serverless-api-gateway-caching"],
        "package": {"artifact": "artifact.zip"},
        "custom": {"apiGatewayCaching": caching},
        "functions": {"api": {"handler": "h.api", "events": [
            {"http": {"path": "items/{item_id}", "method": "get", "caching": event_caching}}
        ]}},
    })
}

#[test]
fn the_plugin_s_problems_with_code_path_and_message() {
    support::rejected(
        &service(json!({"enabled": true}), json!({"enabled": true, "cacheKeyParameters": "request.querystring.page"})),
        codes::CONFIG_INVALID_VALUE,
        "functions.api.events[0].http.caching.cacheKeyParameters",
        "expected a list of cache key parameters, found a string (\"request.querystring.page\")",
    );
    support::rejected(
        &service(json!({"enabled": true}), json!({"cacheKeyParameters": [{"value": "x"}]})),
        codes::CONFIG_INVALID_VALUE,
        "functions.api.events[0].http.caching.cacheKeyParameters[0].name",
        "a cache key parameter needs its `name` as a string; found an object with keys `value`",
    );
    support::rejected(
        &service(json!({"enabled": true, "additionalEndpoints": [{"path": "/x"}]}), json!({})),
        codes::CONFIG_INVALID_VALUE,
        "custom.apiGatewayCaching.additionalEndpoints[0].method",
        "an additional endpoint needs its `method` as a string",
    );
    let mut shared = service(json!({"enabled": true, "restApiId": "abc123"}), json!({}));
    shared["functions"]["api"]["events"] = json!([]);
    support::rejected(
        &shared,
        codes::CONFIG_INVALID_VALUE,
        "custom.apiGatewayCaching.restApiId",
        "serverless-api-gateway-caching adds the output RestApiIdForApigCaching, `{\"Ref\": \"ApiGatewayRestApi\"}`, \
         but the template has no REST API (`custom.apiGatewayCaching.restApiId` names one outside the stack): \
         CloudFormation rejects the reference",
    );
}

/// The plugin names methods its own way (it drops only `+`, `_` and `.` where the framework drops
/// every character that is not a letter or digit); where the names differ it finds no method and
/// changes nothing, which is a warning here.
#[test]
fn a_method_the_plugin_does_not_find_is_a_warning() {
    let mut config =
        service(json!({"enabled": true}), json!({"cacheKeyParameters": [{"name": "request.querystring.q"}]}));
    config["functions"]["api"]["events"][0]["http"]["path"] = json!("items/~all");
    let d = Service::from_value(&config).unwrap().check();
    assert!(!d.has_errors(), "{d}");
    let w = d.iter().find(|w| w.code == codes::CONFIG_NO_EFFECT).unwrap_or_else(|| panic!("{d}"));
    assert_eq!(w.path, "functions.api.events[0].http.caching.cacheKeyParameters");
    assert_eq!(
        w.message,
        "serverless-api-gateway-caching looks for the method ApiGatewayMethodItems~allGet (its own naming, path \
         parts lower-cased), which the template does not have (ApiGatewayMethodItemsAllGet): it leaves the cache \
         key parameters out"
    );
}
