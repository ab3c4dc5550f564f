//! `http` events: the REST API (API Gateway v1), serverless-events.md §2.
//!
//! One REST API per service (`ApiGatewayRestApi`, or an existing one from
//! `provider.apiGateway.restApiId`), a resource per path segment ([`tree`]), CORS preflight
//! methods, a method per event ([`method`]), authorizers, request validators and models, the
//! deployment, API keys and usage plans ([`keys`]), the invoke permissions and the access-log
//! resources, in the reference's emission order.

mod keys;
mod method;
mod rules;
mod templates;
mod tree;

use serde_json::{Map, Value, json};

use super::{Ctx, EventRef, EventType, object, shape_error};
use crate::diagnostics::Diagnostics;
use crate::model::Function;
use crate::reader::{Keys, Loader, join};

pub(crate) struct Http;

/// The logical ID of the method of an http event at `path` (as written) for `method`.
pub(crate) fn method_logical_id(path: &str, method: &str) -> String {
    method::method_id(path, method)
}

/// Whether the service compiles a REST API of its own: an `http` event, and no existing API
/// (`provider.apiGateway.restApiId`).
pub(crate) fn compiles_rest_api(config: &crate::model::ServiceConfig) -> bool {
    config.functions.values().any(|f| f.events.iter().any(|e| e.kind == "http"))
        && !external(config.provider.apis.get("apiGateway"))
}

/// Whether `provider.apiGateway` names an existing REST API (`restApiId`, truthy).
fn external(gw: Option<&Value>) -> bool {
    gw.and_then(|g| g.get("restApiId")).is_some_and(truthy)
}

const KEYS: Keys = Keys {
    allowed: &[
        "path",
        "method",
        "cors",
        "authorizer",
        "private",
        "async",
        "integration",
        "request",
        "response",
        "operationId",
        "connectionType",
        "connectionId",
        "timeoutInMillis",
    ],
    unsupported: &[],
    no_effect: &[],
};

/// Settings whose shape the compiler relies on: key, what is expected, test.
type Shape = (&'static str, &'static str, fn(&Value) -> bool);
const SHAPES: &[Shape] = &[
    ("cors", "`true` or a CORS object", |v| v.is_boolean() || v.is_object()),
    ("authorizer", "a function name, an ARN, `aws_iam` or an authorizer object", |v| v.is_string() || v.is_object()),
    ("request", "an object (`parameters`, `schemas`, `template`, ...)", Value::is_object),
    ("response", "an object (`headers`, `template`, `statusCodes`, ...)", Value::is_object),
    ("integration", "a string such as `lambda-proxy`", Value::is_string),
];

/// The methods the reference's schema allows (any case).
const METHODS: &[&str] = &["get", "post", "put", "patch", "options", "head", "delete", "any"];

impl EventType for Http {
    fn name(&self) -> &'static str {
        "http"
    }

    fn validate_service(&self, r: &crate::resolve::Resolved<'_>, out: &mut Diagnostics) {
        super::unused_settings(r, "http", |out| rules::provider_keys(r, out), out);
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        let mut out = match v {
            // `GET users/list`: the reference splits on one space.
            Value::String(s) => {
                let mut parts = s.split(' ');
                let method = parts.next().unwrap_or_default();
                let Some(p) = parts.next() else {
                    shape_error(l, path, "`<METHOD> <path>` (e.g. `GET users/{id}`) or an object", v);
                    return None;
                };
                let mut m = Map::new();
                m.insert("method".into(), json!(method));
                m.insert("path".into(), json!(p));
                m
            }
            _ => {
                object(l, v, path)?;
                l.object(v, path, &KEYS)?.into_owned()
            }
        };
        let mut ok = true;
        for key in ["path", "method"] {
            match out.get(key) {
                Some(Value::String(_)) => {}
                Some(other) => {
                    shape_error(l, &join(path, key), "a string", other);
                    ok = false;
                }
                None => {
                    let help = if key == "path" { "add e.g. `path: users/{id}`" } else { "add e.g. `method: get`" };
                    l.missing(path, key, help);
                    ok = false;
                }
            }
        }
        if let Some(m) = out.get("method").and_then(Value::as_str)
            && !METHODS.contains(&m.to_lowercase().as_str())
        {
            l.error_help(
                crate::codes::CONFIG_INVALID_VALUE,
                &join(path, "method"),
                format!("unknown HTTP method \"{m}\""),
                format!("use one of: {}", METHODS.join(", ")),
            );
            ok = false;
        }
        for (key, expected, fits) in SHAPES {
            if let Some(v) = out.get(*key).filter(|v| !fits(v)) {
                shape_error(l, &join(path, key), expected, v);
                ok = false;
            }
        }
        if let Some(i) = out.get("integration").and_then(Value::as_str) {
            let normalized = integration(&json!({ "integration": i }));
            if !["AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"].contains(&normalized.as_str()) {
                l.error_help(
                    crate::codes::CONFIG_INVALID_VALUE,
                    &join(path, "integration"),
                    format!("unknown integration \"{i}\""),
                    "use lambda-proxy (the default), lambda, http, http-proxy or mock",
                );
                ok = false;
            }
        }
        for key in ["private", "async"] {
            if let Some(b) = out.get(key) {
                match l.boolean(b, &join(path, key)) {
                    Some(b) => {
                        out.insert(key.into(), json!(b));
                    }
                    None => ok = false,
                }
            }
        }
        ok.then_some(Value::Object(out))
    }

    fn validate(&self, cx: &EventRef<'_>, out: &mut Diagnostics) {
        rules::validate(cx, out);
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        let events: Vec<Ev<'_>> = cx.events_of("http").into_iter().map(|(k, f, _, c)| Ev::new(cx, k, f, c)).collect();
        if events.is_empty() {
            return;
        }
        let api = Api::new(cx);
        if !api.external {
            rest_api(cx, &api);
        }
        let existing: Vec<(String, Value)> = match api.gw.get("restApiResources") {
            Some(Value::Object(m)) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            _ => Vec::new(),
        };
        let paths: Vec<&str> = events.iter().map(|e| e.path.as_str()).collect();
        let tree = tree::Tree::build(&existing, &paths);
        for r in tree.emit(&api.root_id) {
            cx.merge(
                r.id,
                json!({
                    "Type": "AWS::ApiGateway::Resource",
                    "Properties": { "ParentId": r.parent, "PathPart": r.part, "RestApiId": api.id }
                }),
            );
        }
        let mut method_ids = method::cors(cx, &api, &tree, &events);
        method_ids.extend(method::methods(cx, &api, &tree, &events));
        method::validators(cx, &api, &events);
        method::authorizers(cx, &api, &events);
        let deployment = format!("ApiGatewayDeployment{}", cx.build_time_millis);
        let mut props = Map::new();
        props.insert("RestApiId".into(), api.id.clone());
        props.insert("StageName".into(), json!(api.stage_name));
        if let Some(d) = api.gw.get("description").filter(|d| truthy(d)) {
            props.insert("Description".into(), d.clone());
        }
        cx.merge(
            deployment.clone(),
            json!({ "Type": "AWS::ApiGateway::Deployment", "Properties": props, "DependsOn": method_ids }),
        );
        cx.output(
            "ServiceEndpoint".into(),
            json!({
                "Description": "URL of the service endpoint",
                "Value": { "Fn::Join": ["", [
                    "https://", api.id, ".execute-api.", { "Ref": "AWS::Region" }, ".", { "Ref": "AWS::URLSuffix" },
                    format!("/{}", cx.r.stage)
                ]] }
            }),
        );
        keys::compile(cx, &api, &deployment);
        method::permissions(cx, &api, &events);
        logs(cx);
    }
}

/// JavaScript truthiness of a present JSON value ([`super::source::truthy`]).
pub(super) fn truthy(v: &Value) -> bool {
    super::source::truthy(Some(v))
}

/// The provider settings of the REST API.
pub(super) struct Api<'a> {
    /// `provider.apiGateway` (empty when absent).
    pub gw: Map<String, Value>,
    /// Whether the API exists outside the stack (`apiGateway.restApiId`).
    pub external: bool,
    /// `RestApiId` everywhere: `{Ref: ApiGatewayRestApi}` or the given id.
    pub id: Value,
    /// The root resource: `{Fn::GetAtt: [ApiGatewayRestApi, RootResourceId]}` or the given id.
    pub root_id: Value,
    /// `StageName` of the deployment.
    pub stage_name: String,
    /// The stage.
    pub stage: &'a str,
    /// The service name.
    pub service: &'a str,
}

impl<'a> Api<'a> {
    fn new(cx: &Ctx<'a>) -> Api<'a> {
        let gw = match cx.r.config.provider.apis.get("apiGateway") {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        let given = gw.get("restApiId").filter(|v| truthy(v)).cloned();
        let external = given.is_some();
        let id = given.unwrap_or_else(|| json!({ "Ref": "ApiGatewayRestApi" }));
        let root_id = gw
            .get("restApiRootResourceId")
            .filter(|v| truthy(v))
            .cloned()
            .unwrap_or_else(|| json!({ "Fn::GetAtt": ["ApiGatewayRestApi", "RootResourceId"] }));
        let stage_name = gw.get("stage").and_then(Value::as_str).unwrap_or(cx.r.stage).to_string();
        Api { gw, external, id, root_id, stage_name, stage: cx.r.stage, service: cx.r.service() }
    }
}

/// One `http` event, normalized as the reference's `validate()` does.
pub(super) struct Ev<'a> {
    pub fn_key: &'a str,
    pub f: &'a Function,
    pub c: &'a Value,
    /// Without leading and trailing `/`.
    pub path: String,
    /// Lower-cased.
    pub method: String,
    /// `AWS_PROXY`, `AWS`, `HTTP`, `HTTP_PROXY` or `MOCK`.
    pub integration: String,
    pub authorizer: Option<method::Authorizer>,
}

impl<'a> Ev<'a> {
    fn new(cx: &Ctx<'a>, fn_key: &'a str, f: &'a Function, c: &'a Value) -> Ev<'a> {
        let path = strip_path(c["path"].as_str().unwrap_or_default());
        let method = c["method"].as_str().unwrap_or_default().to_lowercase();
        let integration = integration(c);
        let authorizer = c.get("authorizer").filter(|a| truthy(a)).map(|a| method::Authorizer::new(cx, a));
        Ev { fn_key, f, c, path, method, integration, authorizer }
    }
}

/// One leading and one trailing `/` removed.
pub(super) fn strip_path(p: &str) -> String {
    let p = p.strip_prefix('/').unwrap_or(p);
    p.strip_suffix('/').unwrap_or(p).to_string()
}

/// `getIntegration`: upper-cased, first `-` → `_`, `lambda` → `AWS`, `lambda-proxy` →
/// `AWS_PROXY`; none → `AWS` when `async`, else `AWS_PROXY`.
pub(super) fn integration(c: &Value) -> String {
    if let Some(i) = c.get("integration").and_then(Value::as_str).filter(|s| !s.is_empty()) {
        let n = i.to_uppercase().replacen('-', "_", 1);
        return match n.as_str() {
            "LAMBDA" => "AWS".into(),
            "LAMBDA_PROXY" => "AWS_PROXY".into(),
            _ => n,
        };
    }
    if c.get("async").is_some_and(truthy) { "AWS".into() } else { "AWS_PROXY".into() }
}

/// `ApiGatewayRestApi`.
fn rest_api(cx: &mut Ctx<'_>, api: &Api<'_>) {
    let p = &cx.r.config.provider.apis;
    let gw = &api.gw;
    let name = match p.get("apiName").filter(|v| truthy(v)) {
        Some(n) => n.clone(),
        None if gw.get("shouldStartNameWithService").is_some_and(truthy) => {
            json!(format!("{}-{}", api.service, api.stage))
        }
        None => json!(format!("{}-{}", api.stage, api.service)),
    };
    let mut props = Map::new();
    props.insert("Name".into(), name);
    if let Some(b) = gw.get("binaryMediaTypes").filter(|v| truthy(v)) {
        props.insert("BinaryMediaTypes".into(), b.clone());
    }
    let disable = gw.get("endpoint").and_then(|e| e.get("disable")).or_else(|| gw.get("disableDefaultEndpoint"));
    if let Some(d) = disable.filter(|d| !d.is_null()) {
        props.insert("DisableExecuteApiEndpoint".into(), d.clone());
    }
    let endpoint_type = p.get("endpointType").and_then(Value::as_str).map(str::to_uppercase);
    let mut endpoint = Map::new();
    endpoint.insert("Types".into(), json!([endpoint_type.as_deref().unwrap_or("EDGE")]));
    if endpoint_type.is_some()
        && let Some(ids) = p.get("vpcEndpointIds").filter(|v| truthy(v))
    {
        endpoint.insert("VpcEndpointIds".into(), ids.clone());
    }
    props.insert("EndpointConfiguration".into(), Value::Object(endpoint));
    for (key, prop) in [("securityPolicy", "SecurityPolicy"), ("endpointAccessMode", "EndpointAccessMode")] {
        if let Some(v) = gw.get(key).filter(|v| !v.is_null()) {
            props.insert(prop.into(), v.clone());
        }
    }
    props.insert("Policy".into(), resource_policy(gw.get("resourcePolicy")));
    if let Some(t) = gw.get("apiKeySourceType").and_then(Value::as_str) {
        props.insert("ApiKeySourceType".into(), json!(t.to_uppercase()));
    }
    if let Some(m) = gw.get("minimumCompressionSize").filter(|v| !v.is_null()) {
        props.insert("MinimumCompressionSize".into(), m.clone());
    }
    if let Some(d) = gw.get("description").filter(|v| !v.is_null()) {
        props.insert("Description".into(), d.clone());
    }
    // serverless-api-compression / serverless-content-encoding, before the user's resources
    // are merged: in place of the framework's value, else last.
    if let Some(size) = &cx.r.config.plugin_settings.minimum_compression_size {
        props.insert("MinimumCompressionSize".into(), size.clone());
    }
    cx.merge("ApiGatewayRestApi".into(), json!({ "Type": "AWS::ApiGateway::RestApi", "Properties": props }));
}

/// `Policy`: `""` without a resource policy, else the statements after the reference's schema
/// coercion (`Action` is a list, a one-element `Resource` list becomes its element). One
/// statement written without the list is the policy's `Statement` as written, as the reference
/// has it (its test is `Object.keys(resourcePolicy).length`), which IAM's grammar allows.
fn resource_policy(policy: Option<&Value>) -> Value {
    let statements = match policy {
        Some(Value::Array(statements)) if !statements.is_empty() => statements,
        Some(one @ Value::Object(m)) if !m.is_empty() => return json!({ "Version": "2012-10-17", "Statement": one }),
        _ => return json!(""),
    };
    let statements: Vec<Value> = statements
        .iter()
        .map(|s| {
            let mut s = s.clone();
            if let Some(m) = s.as_object_mut() {
                if let Some(a @ Value::String(_)) = m.get_mut("Action") {
                    *a = json!([a.clone()]);
                }
                if let Some(r @ Value::Array(_)) = m.get_mut("Resource")
                    && let Some(one) = r.as_array().filter(|a| a.len() == 1).map(|a| a[0].clone())
                    && one.is_string()
                {
                    *r = one;
                }
            }
            s
        })
        .collect();
    json!({ "Version": "2012-10-17", "Statement": statements })
}

/// `provider.logs.restApi`: the access-log group and the account's CloudWatch role.
fn logs(cx: &mut Ctx<'_>) {
    let p = &cx.r.config.provider;
    let Some(rest) = p.logs.as_ref().and_then(|l| l.rest_api.as_ref()).filter(|v| truthy(v)) else {
        return;
    };
    if rest.get("accessLogging") == Some(&Value::Bool(false)) {
        return;
    }
    let mut props = Map::new();
    props.insert("LogGroupName".into(), json!(format!("/aws/api-gateway/{}", cx.r.prefix())));
    if let Some(days) = p.log_retention_in_days {
        props.insert("RetentionInDays".into(), json!(days));
    }
    if let Some(policy) = &p.log_data_protection_policy {
        props.insert("DataProtectionPolicy".into(), policy.clone());
    }
    cx.merge("ApiGatewayLogGroup".into(), json!({ "Type": "AWS::Logs::LogGroup", "Properties": props }));
    // Shared with the websocket access logs: added once, unless the role is managed externally.
    super::websocket::ensure_api_gateway_cloud_watch_role(cx);
}

#[cfg(test)]
mod tests;
