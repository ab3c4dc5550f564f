//! What follows a function's version (events §0.1): its URL with its permissions, and its
//! asynchronous-invocation config (`<Fn>LambdaEvConf`).

use serde_json::{Map, Value, json};

use super::Doc;
use crate::model::{Destination, Function};
use crate::naming;
use crate::resolve::{Resolved, alias, alias_id, target};

/// Headers a function URL's CORS allows by default.
const URL_CORS_HEADERS: &[&str] =
    &["Content-Type", "X-Amz-Date", "Authorization", "X-Api-Key", "X-Amz-Security-Token", "X-Amzn-Trace-Id"];

pub(super) fn add(doc: &mut Doc, r: &Resolved, key: &str, f: &Function) {
    if let Some(url) = &f.url {
        add_url(doc, key, f, url);
    }
    add_event_invoke_config(doc, r, key, f);
}

/// `{...resource, DependsOn: alias}` when the function has an alias.
fn with_alias(mut resource: Value, key: &str, f: &Function) -> Value {
    if let Some(a) = alias_id(key, f) {
        resource["DependsOn"] = json!(a);
    }
    resource
}

fn add_url(doc: &mut Doc, key: &str, f: &Function, url: &Value) {
    let id = naming::normalize(key);
    let settings = url.as_object();
    let iam = settings.and_then(|s| s.get("authorizer")).and_then(Value::as_str) == Some("aws_iam");
    let mut props = Map::new();
    props.insert("AuthType".into(), json!(if iam { "AWS_IAM" } else { "NONE" }));
    props.insert("TargetFunctionArn".into(), target(key, f));
    if let Some(cors) = settings.and_then(|s| s.get("cors")).filter(|c| truthy(c)) {
        props.insert("Cors".into(), url_cors(cors));
    }
    if settings.and_then(|s| s.get("invokeMode")).and_then(Value::as_str) == Some("RESPONSE_STREAM") {
        props.insert("InvokeMode".into(), json!("RESPONSE_STREAM"));
    }
    let url_id = [id.as_str(), "LambdaFunctionUrl"].concat();
    doc.add(url_id.clone(), with_alias(json!({ "Type": "AWS::Lambda::Url", "Properties": props }), key, f));
    if !iam {
        doc.add(
            [id.as_str(), "LambdaPermissionFnUrl"].concat(),
            with_alias(
                json!({
                    "Type": "AWS::Lambda::Permission",
                    "Properties": {
                        "FunctionName": target(key, f),
                        "Action": "lambda:InvokeFunctionUrl",
                        "Principal": "*",
                        "FunctionUrlAuthType": "NONE"
                    }
                }),
                key,
                f,
            ),
        );
        doc.add(
            [id.as_str(), "LambdaPermissionFnUrlInvokeFunction"].concat(),
            json!({
                "Type": "AWS::Lambda::Permission",
                "Properties": {
                    "FunctionName": target(key, f),
                    "Action": "lambda:InvokeFunction",
                    "Principal": "*",
                    "InvokedViaFunctionUrl": true
                }
            }),
        );
    }
    doc.add_output(
        url_id.clone(),
        json!({ "Description": "Lambda Function URL", "Value": { "Fn::GetAtt": [url_id, "FunctionUrl"] } }),
    );
}

fn truthy(v: &Value) -> bool {
    !matches!(v, Value::Null | Value::Bool(false))
}

/// A function URL's `Cors` (events §16): defaults for headers, methods and origins; a user list
/// is de-duplicated; `null` removes the default.
fn url_cors(cors: &Value) -> Value {
    let c = cors.as_object();
    let list = |key: &str, default: &[&str]| -> Option<Value> {
        match c.and_then(|c| c.get(key)) {
            Some(Value::Null) => None,
            Some(Value::Array(items)) => {
                let mut out: Vec<Value> = Vec::with_capacity(items.len());
                for i in items {
                    if !out.contains(i) {
                        out.push(i.clone());
                    }
                }
                Some(Value::Array(out))
            }
            Some(other) => Some(json!([other])),
            None => Some(json!(default)),
        }
    };
    let mut out = Map::new();
    if let Some(v) = c.and_then(|c| c.get("allowCredentials")) {
        out.insert("AllowCredentials".into(), v.clone());
    }
    for (key, prop, default) in [
        ("allowedHeaders", "AllowHeaders", URL_CORS_HEADERS),
        ("allowedMethods", "AllowMethods", &["*"][..]),
        ("allowedOrigins", "AllowOrigins", &["*"][..]),
    ] {
        if let Some(v) = list(key, default) {
            out.insert(prop.into(), v);
        }
    }
    if let Some(v) = c.and_then(|c| c.get("exposedResponseHeaders")) {
        out.insert("ExposeHeaders".into(), v.clone());
    }
    if let Some(v) = c.and_then(|c| c.get("maxAge")) {
        out.insert("MaxAge".into(), v.clone());
    }
    Value::Object(out)
}

/// `<Fn>LambdaEvConf` (iam-and-surface §10).
fn add_event_invoke_config(doc: &mut Doc, r: &Resolved, key: &str, f: &Function) {
    let has_age = f.maximum_event_age.is_some_and(|a| a != 0);
    if f.destinations.is_none() && !has_age && f.maximum_retry_attempts.is_none() {
        return;
    }
    let mut destination_config = Map::new();
    if let Some(d) = &f.destinations {
        for (name, dest) in [("OnSuccess", &d.on_success), ("OnFailure", &d.on_failure)] {
            if let Some(dest) = dest {
                destination_config.insert(name.into(), json!({ "Destination": destination_target(r, dest) }));
            }
        }
    }
    let mut props = Map::new();
    props.insert("FunctionName".into(), json!({ "Ref": naming::function_logical_id(key) }));
    props.insert("DestinationConfig".into(), Value::Object(destination_config));
    props.insert("Qualifier".into(), json!(alias(f).map_or("$LATEST", |(name, _)| name)));
    if has_age {
        props.insert("MaximumEventAgeInSeconds".into(), json!(f.maximum_event_age));
    }
    if let Some(n) = f.maximum_retry_attempts {
        props.insert("MaximumRetryAttempts".into(), json!(n));
    }
    doc.add(
        [naming::normalize(key).as_str(), "LambdaEvConf"].concat(),
        with_alias(json!({ "Type": "AWS::Lambda::EventInvokeConfig", "Properties": props }), key, f),
    );
}

/// A destination as `DestinationConfig` takes it: a function of this service by its target,
/// else the ARN.
fn destination_target(r: &Resolved, d: &Destination) -> Value {
    match d {
        Destination::Name(name) => match r.config.functions.get(name) {
            Some(f) => target(name, f),
            None => json!(name),
        },
        Destination::Typed { arn, .. } => arn.to_json(),
    }
}
