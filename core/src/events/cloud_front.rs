//! `cloudFront` events (Lambda@Edge), as the reference's `cloud-front.js` compiles them (read in
//! osls 4.3.1, checked against the templates it writes): one `CloudFrontDistribution` for the
//! service, an origin per distinct origin and a cache behavior per path pattern and origin, each
//! associating the function's published version; an invoke permission for CloudFront per edge
//! function; `provider.cloudFront.cachePolicies` as `AWS::CloudFront::CachePolicy` resources.
//!
//! What the reference changes on an edge function lives where that part is built: its version
//! is always published and it gets 128 MB and 5 s unless the function sets them
//! ([`crate::resolve::is_edge`]); its `Environment` and `VpcConfig` go after the version hash,
//! and the function is retained on stack deletion (`synth/function.rs`); the shared role trusts
//! `edgelambda.amazonaws.com` and may write logs in every region (here).
//!
//! Stricter than the reference (DECISIONS.md D2, D7): what CloudFront refuses to associate
//! (a runtime other than Node.js or Python, arm64, layers, an image, provisioned concurrency, a
//! capacity provider, no `eventType`), and the environment or VPC the function itself sets,
//! which the reference drops without a word.

use serde_json::{Map, Value, json};

use super::rule_common::{Setting, read};
use super::{Ctx, EventRef, EventType, object, shape_error};
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Architecture;
use crate::naming;
use crate::reader::{Keys, Loader, describe, get, join};
use crate::resolve::Resolved;

pub(crate) struct CloudFront;

/// The event type's key.
const KIND: &str = "cloudFront";

const KEYS: Keys = Keys {
    allowed: &["behavior", "cachePolicy", "eventType", "isDefaultOrigin", "includeBody", "origin", "pathPattern"],
    unsupported: &[],
    no_effect: &[],
};

const EVENT_TYPES: &[&str] = &["viewer-request", "origin-request", "origin-response", "viewer-response"];

/// What a value of the reference's schema for CloudFormation properties may be; [`check`]
/// coerces it as that schema's validation does (ajv's `coerceTypes: "array"`).
#[derive(Clone, Copy)]
enum Shape {
    Bool,
    /// A whole number from the first bound to the second.
    Int(u64, u64),
    Number,
    Str,
    /// A string, or an intrinsic function.
    StrOrFn,
    OneOf(&'static [&'static str]),
    List(&'static Shape),
    /// These properties, the second list required; no other.
    Object(&'static [(&'static str, Shape)], &'static [&'static str]),
    /// Checked by its own rule.
    Own,
}

const STRINGS: Shape = Shape::List(&Shape::Str);

/// A cache behavior (`behavior`), as the reference's schema allows it.
const BEHAVIOR: Shape = Shape::Object(
    &[
        ("AllowedMethods", Shape::Own),
        ("CachedMethods", Shape::Own),
        ("CachePolicyId", Shape::Str),
        ("Compress", Shape::Bool),
        ("FieldLevelEncryptionId", Shape::Str),
        ("OriginRequestPolicyId", Shape::StrOrFn),
        ("ResponseHeadersPolicyId", Shape::StrOrFn),
        ("SmoothStreaming", Shape::Bool),
        ("TrustedSigners", STRINGS),
        ("ViewerProtocolPolicy", Shape::OneOf(&["allow-all", "redirect-to-https", "https-only"])),
        ("TrustedKeyGroups", Shape::List(&Shape::StrOrFn)),
        ("MaxTTL", Shape::Number),
        ("MinTTL", Shape::Number),
        ("DefaultTTL", Shape::Number),
        (
            "ForwardedValues",
            Shape::Object(
                &[
                    (
                        "Cookies",
                        Shape::Object(
                            &[("Forward", Shape::OneOf(&["all", "none", "whitelist"])), ("WhitelistedNames", STRINGS)],
                            &["Forward"],
                        ),
                    ),
                    ("Headers", STRINGS),
                    ("QueryString", Shape::Bool),
                    ("QueryStringCacheKeys", STRINGS),
                ],
                &["QueryString"],
            ),
        ),
    ],
    &[],
);

/// An origin given as an object, as the reference's schema allows it.
const ORIGIN: Shape = Shape::Object(
    &[
        ("ConnectionAttempts", Shape::Int(1, 3)),
        ("ConnectionTimeout", Shape::Int(1, 10)),
        (
            "CustomOriginConfig",
            Shape::Object(
                &[
                    ("HTTPPort", Shape::Int(0, 65535)),
                    ("HTTPSPort", Shape::Int(0, 65535)),
                    ("OriginKeepaliveTimeout", Shape::Int(1, 60)),
                    ("OriginProtocolPolicy", Shape::OneOf(&["http-only", "match-viewer", "https-only"])),
                    ("OriginReadTimeout", Shape::Int(1, 60)),
                    ("OriginSSLProtocols", Shape::List(&Shape::OneOf(&["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"]))),
                ],
                &["OriginProtocolPolicy"],
            ),
        ),
        ("DomainName", Shape::StrOrFn),
        ("OriginAccessControlId", Shape::StrOrFn),
        (
            "OriginCustomHeaders",
            Shape::List(&Shape::Object(
                &[("HeaderName", Shape::Str), ("HeaderValue", Shape::Str)],
                &["HeaderName", "HeaderValue"],
            )),
        ),
        ("OriginPath", Shape::Str),
        ("S3OriginConfig", Shape::Object(&[("OriginAccessIdentity", Shape::StrOrFn)], &[])),
    ],
    &["DomainName"],
);

/// One of `provider.cloudFront.cachePolicies`, as the reference's schema allows it.
const CACHE_POLICY: Shape = Shape::Object(
    &[
        ("Comment", Shape::Str),
        ("DefaultTTL", Shape::Int(0, u64::MAX)),
        ("MaxTTL", Shape::Int(0, u64::MAX)),
        ("MinTTL", Shape::Int(0, u64::MAX)),
        (
            "ParametersInCacheKeyAndForwardedToOrigin",
            Shape::Object(
                &[
                    (
                        "CookiesConfig",
                        Shape::Object(
                            &[
                                ("CookieBehavior", Shape::OneOf(&["none", "whitelist", "allExcept", "all"])),
                                ("Cookies", STRINGS),
                            ],
                            &["CookieBehavior"],
                        ),
                    ),
                    ("EnableAcceptEncodingBrotli", Shape::Bool),
                    ("EnableAcceptEncodingGzip", Shape::Bool),
                    (
                        "HeadersConfig",
                        Shape::Object(
                            &[("HeaderBehavior", Shape::OneOf(&["none", "whitelist"])), ("Headers", STRINGS)],
                            &["HeaderBehavior"],
                        ),
                    ),
                    (
                        "QueryStringsConfig",
                        Shape::Object(
                            &[
                                ("QueryStringBehavior", Shape::OneOf(&["none", "whitelist", "allExcept", "all"])),
                                ("QueryStrings", STRINGS),
                            ],
                            &["QueryStringBehavior"],
                        ),
                    ),
                ],
                &["CookiesConfig", "EnableAcceptEncodingGzip", "HeadersConfig", "QueryStringsConfig"],
            ),
        ),
    ],
    &["DefaultTTL", "MaxTTL", "MinTTL", "ParametersInCacheKeyAndForwardedToOrigin"],
);

/// Checks `v` against `shape` and coerces it in place as the reference's schema validation
/// does: `"true"`/`"false"` to booleans, numeric strings to numbers, numbers and booleans to
/// strings, one value to a list of one. `what` names an object in messages ("a cache behavior").
fn check(l: &mut Loader, v: &mut Value, shape: Shape, path: &str, what: &str) {
    match shape {
        Shape::Own => {}
        Shape::Bool => {
            if let Some(b) = v.as_str().and_then(|s| s.parse::<bool>().ok()) {
                *v = Value::Bool(b);
            }
            if !v.is_boolean() {
                l.type_error(path, "true or false", v);
            }
        }
        Shape::Number | Shape::Int(..) => {
            if let Some(n) = v.as_str().and_then(|s| s.trim().parse::<serde_json::Number>().ok()) {
                *v = Value::Number(n);
            }
            match (shape, v.as_f64()) {
                (_, None) => l.type_error(path, "a number", v),
                (Shape::Int(lo, hi), Some(n)) if n.fract() != 0.0 || n < lo as f64 || n > hi as f64 => {
                    let range = if hi == u64::MAX { format!("{lo} or more") } else { format!("from {lo} to {hi}") };
                    l.error(
                        codes::CONFIG_INVALID_VALUE,
                        path,
                        format!("expected a whole number {range}, found {}", describe(v)),
                    );
                }
                _ => {}
            }
        }
        Shape::Str | Shape::StrOrFn => {
            if v.is_number() || v.is_boolean() {
                *v = Value::String(v.to_string());
            }
            let intrinsic = matches!(shape, Shape::StrOrFn) && v.is_object();
            if !v.is_string() && !intrinsic {
                let expected =
                    if matches!(shape, Shape::Str) { "a string" } else { "a string or an intrinsic function" };
                l.type_error(path, expected, v);
            }
        }
        Shape::OneOf(values) => {
            if !v.as_str().is_some_and(|s| values.contains(&s)) {
                l.error(
                    codes::CONFIG_INVALID_VALUE,
                    path,
                    format!(
                        "must be equal to one of the allowed values [{}], found {}",
                        values.join(", "),
                        describe(v)
                    ),
                );
            }
        }
        Shape::List(item) => {
            if !v.is_array() && !v.is_null() {
                *v = Value::Array(vec![v.take()]);
            }
            match v.as_array_mut() {
                Some(items) => {
                    for (i, x) in items.iter_mut().enumerate() {
                        check(l, x, *item, &crate::config_path::index(path, i), what);
                    }
                }
                None => l.type_error(path, "a list", v),
            }
        }
        Shape::Object(properties, required) => {
            let Some(map) = v.as_object_mut() else {
                l.type_error(path, "an object", v);
                return;
            };
            for (key, value) in map.iter_mut() {
                let at = join(path, key);
                match properties.iter().find(|(k, _)| k == key) {
                    Some((_, shape)) => check(l, value, *shape, &at, &format!("`{key}`")),
                    None => {
                        let names = properties.iter().map(|(k, _)| *k);
                        let mut message = format!("{what} has no property `{key}`");
                        if let Some(m) = crate::diagnostics::did_you_mean(key, names.clone()) {
                            message.push_str(&format!("; did you mean `{m}`?"));
                        }
                        let allowed: Vec<&str> = names.collect();
                        l.error_help(
                            codes::CONFIG_INVALID_VALUE,
                            &at,
                            message,
                            format!("allowed: {}", allowed.join(", ")),
                        );
                    }
                }
            }
            for key in required.iter().filter(|k| !map.contains_key(**k)) {
                l.missing(path, key, &format!("add `{key}`"));
            }
        }
    }
}

/// CloudFront's managed "CachingOptimized" policy: the reference's default.
const CACHING_OPTIMIZED: &str = "658327ea-f89d-4fab-a63d-7e88639e58f6";

/// Where the distribution points a function's version before the versions exist: synthesis
/// replaces `{"Ref": "#version:<function>"}` with the version's logical ID ([`version_ref`]).
const VERSION_REF: &str = "#version:";

/// The placeholder reference to function `fn_key`'s published version.
fn version_ref(fn_key: &str) -> Value {
    json!({ "Ref": format!("{VERSION_REF}{fn_key}") })
}

/// Replaces the placeholders of [`version_ref`] in `resource` with `version_id(function)`.
pub(crate) fn resolve_version_refs(resource: &mut Value, version_id: &dyn Fn(&str) -> Option<String>) {
    match resource {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get_mut("Ref")
                && let Some(fn_key) = target.strip_prefix(VERSION_REF)
                && let Some(id) = version_id(fn_key)
            {
                *target = id;
                return;
            }
            map.values_mut().for_each(|v| resolve_version_refs(v, version_id));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| resolve_version_refs(v, version_id)),
        _ => {}
    }
}

/// The Lambda@Edge limits of an event type: (maximum memory in MB, maximum timeout in s).
fn limits(event_type: Option<&str>) -> (u32, u32) {
    match event_type {
        Some("origin-request" | "origin-response") => (10240, 30),
        _ => (128, 5),
    }
}

impl EventType for CloudFront {
    fn name(&self) -> &'static str {
        KIND
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        object(l, v, path)?;
        let map = &*l.object(v, path, &KEYS)?;
        let before = l.error_count();
        let mut out = Map::new();
        for key in map.keys() {
            match key.as_str() {
                "isDefaultOrigin" | "includeBody" => read(l, map, key, Setting::Bool, path, &mut out),
                "eventType" | "pathPattern" => read(l, map, key, Setting::Str, path, &mut out),
                "origin" => {
                    if let Some(origin) = load_origin(l, &map[key], &join(path, key)) {
                        out.insert(key.clone(), origin);
                    }
                }
                "behavior" => {
                    if let Some(behavior) = load_behavior(l, &map[key], &join(path, key)) {
                        out.insert(key.clone(), behavior);
                    }
                }
                "cachePolicy" => {
                    if let Some(policy) = load_cache_policy(l, &map[key], &join(path, key)) {
                        out.insert(key.clone(), policy);
                    }
                }
                _ => {}
            }
        }
        match out.get("eventType").and_then(Value::as_str) {
            Some(t) if !EVENT_TYPES.contains(&t) => l.error(
                codes::CONFIG_INVALID_VALUE,
                &join(path, "eventType"),
                format!("must be equal to one of the allowed values [{}], found \"{t}\"", EVENT_TYPES.join(", ")),
            ),
            // The reference writes an association without `EventType`, which CloudFront refuses.
            None if get(map, "eventType").is_none() => l.missing(
                path,
                "eventType",
                "add when CloudFront runs the function: `eventType: viewer-request` (or origin-request, \
                 origin-response, viewer-response)",
            ),
            _ => {}
        }
        if let Some(pattern) = out.get("pathPattern").and_then(Value::as_str)
            && !is_path_pattern(pattern)
        {
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &join(path, "pathPattern"),
                format!("\"{pattern}\" is not a CloudFront path pattern"),
                "use letters, digits and _ - . * $ / ~ \" ' @ : + ? &, e.g. `/images/*`",
            );
        }
        // The reference cannot name an origin without one (it fails on `undefined`).
        if get(map, "origin").is_none() {
            l.missing(path, "origin", "add the origin CloudFront forwards to, e.g. `origin: https://example.com`");
        }
        (l.error_count() == before).then_some(Value::Object(out))
    }

    fn validate(&self, cx: &EventRef<'_>, out: &mut Diagnostics) {
        function_rules(cx, out);
    }

    /// After every function's own rules: the reference checks memory and timeout before it
    /// compiles the distribution.
    fn validate_service(&self, r: &Resolved<'_>, out: &mut Diagnostics) {
        service_rules(r, out);
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        let r = cx.r;
        let policies = cache_policies(r);
        for (name, config) in &policies {
            let mut config = (*config).clone();
            if let Value::Object(c) = &mut config {
                c.insert("Name".into(), json!(format!("{}-{}-{name}", r.service(), r.stage)));
            }
            cx.set(
                cache_policy_id(name),
                json!({"Type": "AWS::CloudFront::CachePolicy", "Properties": {"CachePolicyConfig": config}}),
            );
        }
        let Ok(plan) = plan(r) else { return };
        if plan.functions.is_empty() {
            return;
        }
        for fn_key in &plan.functions {
            let id = format!("{}InvokePermission", naming::function_logical_id(fn_key));
            let source_arn = json!({"Fn::Join": ["", ["", "arn:", {"Ref": "AWS::Partition"}, ":cloudfront::",
                                                       {"Ref": "AWS::AccountId"}, ":distribution/",
                                                       {"Ref": DISTRIBUTION}]]});
            cx.set(
                id,
                json!({"Type": "AWS::Lambda::Permission", "Properties": {
                    "FunctionName": version_ref(fn_key), "Action": "lambda:InvokeFunction",
                    "Principal": "edgelambda.amazonaws.com", "SourceArn": source_arn}}),
            );
        }
        if r.has_execution_role() {
            cx.out.trusted_services.push("edgelambda.amazonaws.com");
            // Lambda@Edge writes its logs in the region closest to where it ran.
            cx.statement(json!({
                "Effect": "Allow",
                "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:TagResource"],
                "Resource": [{"Fn::Sub": "arn:${AWS::Partition}:logs:*:*:*"}]
            }));
        }
        let mut config = Map::new();
        config.insert("Comment".into(), json!(format!("{} {}", r.service(), r.stage)));
        config.insert("Enabled".into(), json!(true));
        let mut behaviors = plan.behaviors.into_iter();
        config.insert("DefaultCacheBehavior".into(), behaviors.next().map(Value::Object).unwrap_or_default());
        config.insert("Origins".into(), Value::Array(plan.origins.into_iter().map(Value::Object).collect()));
        let rest: Vec<Value> = behaviors.map(Value::Object).collect();
        if !rest.is_empty() {
            config.insert("CacheBehaviors".into(), Value::Array(rest));
        }
        cx.set(
            DISTRIBUTION.into(),
            json!({"Type": "AWS::CloudFront::Distribution", "Properties": {"DistributionConfig": config}}),
        );
        cx.out.version_refs = true;
        cx.output(
            DISTRIBUTION.into(),
            json!({"Description": "CloudFront Distribution Id", "Value": {"Ref": DISTRIBUTION}}),
        );
        cx.output(
            format!("{DISTRIBUTION}DomainName"),
            json!({"Description": "CloudFront Distribution Domain Name",
                   "Value": {"Fn::GetAtt": [DISTRIBUTION, "DomainName"]}}),
        );
    }

    fn managed_instances(&self) -> bool {
        false
    }

    fn managed_instances_reason(&self) -> String {
        "a `cloudFront` event makes it a Lambda@Edge function, which CloudFront runs in its own locations".into()
    }
}

/// The rules over one edge function, checked once, at its first `cloudFront` event.
fn function_rules(cx: &EventRef<'_>, out: &mut Diagnostics) {
    let f = cx.function;
    // On a capacity provider the event is an error of its own (D7): nothing to add to it.
    if f.events.iter().position(|e| e.kind == KIND) != Some(cx.index) || cx.on_capacity_provider() {
        return;
    }
    let path = cx.path(KIND);
    // The reference's own checks (`package:initialize`), of the values the function sets,
    // against its strictest event type.
    let event_types =
        f.events.iter().filter(|e| e.kind == KIND).map(|e| e.config.get("eventType").and_then(Value::as_str));
    let strictest = event_types.min_by_key(|t| limits(*t)).flatten();
    let (max_memory, max_timeout) = limits(strictest);
    let shown = strictest.unwrap_or("default");
    let checks = [
        (codes::LAMBDA_EDGE_UNSUPPORTED_MEMORY_SIZE, "memorySize", f.memory_size, max_memory),
        (codes::LAMBDA_EDGE_UNSUPPORTED_TIMEOUT_VALUE, "timeout", f.timeout, max_timeout),
    ];
    for (code, key, value, max) in checks {
        if let Some(v) = value.filter(|v| *v > max) {
            out.push(
                Diagnostic::error(
                    code,
                    format!("functions.{}.{key}", cx.fn_key),
                    format!(
                        "\"{}\" {key} is greater than {max} which is not supported by Lambda@Edge functions of \
                             type \"{shown}\"",
                        cx.fn_key
                    ),
                )
                .with_help(format!("set {key} to {max} or less (found {v})")),
            );
        }
    }
    edge_function_rules(cx, &path, out);
}

/// The distribution's logical ID (`getCloudFrontDistributionLogicalId`).
const DISTRIBUTION: &str = "CloudFrontDistribution";

/// `getCloudFrontCachePolicyLogicalId`.
fn cache_policy_id(name: &str) -> String {
    format!("CloudFrontCachePolicy{}", naming::normalize(name))
}

/// `provider.cloudFront.cachePolicies`, as loaded.
fn cache_policies<'a>(r: &Resolved<'a>) -> Vec<(&'a String, &'a Value)> {
    r.config
        .provider
        .apis
        .get(KIND)
        .and_then(|c| c.get("cachePolicies"))
        .and_then(Value::as_object)
        .map(|m| m.iter().collect())
        .unwrap_or_default()
}

/// The (function, event index) of the service's first `cloudFront` event.
fn first_edge_event<'a>(r: &Resolved<'a>) -> Option<(&'a str, usize)> {
    r.functions.iter().find_map(|&(key, f)| f.events.iter().position(|e| e.kind == KIND).map(|i| (key, i)))
}

/// What the reference assembles from all events (`compileCloudFrontEvents`): origins and cache
/// behaviors in template order (the default behavior first), and the edge functions in order.
struct Plan<'a> {
    origins: Vec<Map<String, Value>>,
    behaviors: Vec<Map<String, Value>>,
    functions: Vec<&'a str>,
}

/// One error of [`plan`]: the reference's code, the path of the event that causes it, message.
type PlanError = (&'static str, String, String);

/// The path of the event that made a cache behavior, and each of its associations with the path
/// of the event that made it.
type MadeBy = (String, Vec<(Value, String)>);

fn plan<'a>(r: &Resolved<'a>) -> Result<Plan<'a>, Vec<PlanError>> {
    let policies: Vec<&String> = cache_policies(r).into_iter().map(|(n, _)| n).collect();
    let mut errors = Vec::new();
    let mut origins: Vec<Map<String, Value>> = Vec::new();
    let mut behaviors: Vec<Map<String, Value>> = Vec::new();
    // The event that made each behavior, and each association's, for the errors about them.
    let mut made_by: Vec<MadeBy> = Vec::new();
    let mut functions: Vec<&str> = Vec::new();
    let mut default_origin: Option<usize> = None;
    for &(fn_key, f) in &r.functions {
        for (i, e) in f.events.iter().enumerate().filter(|(_, e)| e.kind == KIND) {
            let c = &e.config;
            let at = format!("functions.{fn_key}.events[{i}].{KIND}");
            let origin = create_origin(c.get("origin").unwrap_or(&Value::Null));
            let id = origin.get("Id").cloned().unwrap_or_default();
            let index = match origins.iter().position(|o| o.get("Id") == Some(&id)) {
                Some(index) => {
                    extend_deep(&mut origins[index], &origin);
                    index
                }
                None => {
                    origins.push(origin);
                    origins.len() - 1
                }
            };
            if c.get("isDefaultOrigin") == Some(&Value::Bool(true)) {
                if default_origin.is_some_and(|d| d != index) {
                    errors.push((
                        codes::CLOUDFRONT_MULTIPLE_DEFAULT_ORIGIN_EVENTS,
                        join(&at, "isDefaultOrigin"),
                        "Found more than one cloudfront event with \"isDefaultOrigin\" defined".to_string(),
                    ));
                }
                default_origin = Some(index);
            }
            let mut behavior = Map::new();
            behavior.insert("ViewerProtocolPolicy".into(), json!("allow-all"));
            let own = c.get("behavior").and_then(Value::as_object);
            for (k, v) in own.into_iter().flatten() {
                behavior.insert(k.clone(), v.clone());
            }
            // JavaScript's truthiness for the first two, `!= null` for the TTLs.
            let mut assign_default = !own.is_some_and(|b| {
                crate::json::truthy(b.get("CachePolicyId"))
                    || crate::json::truthy(b.get("ForwardedValues"))
                    || ["MaxTTL", "MinTTL", "DefaultTTL"].iter().any(|k| b.get(*k).is_some_and(|v| !v.is_null()))
            });
            if let Some(policy) = c.get("cachePolicy") {
                let id = match (policy.get("id"), policy.get("name").and_then(Value::as_str)) {
                    (Some(id), _) => id.clone(),
                    (None, Some(name)) => {
                        if !policies.iter().any(|p| p.as_str() == name) {
                            errors.push((
                                codes::UNRECOGNIZED_CLOUDFRONT_CACHE_POLICY,
                                join(&join(&at, "cachePolicy"), "name"),
                                format!("Event references not configured cache policy '{name}'"),
                            ));
                        }
                        json!({"Ref": cache_policy_id(name)})
                    }
                    (None, None) => Value::Null,
                };
                behavior.insert("CachePolicyId".into(), id);
                assign_default = false;
            }
            if assign_default {
                behavior.insert("CachePolicyId".into(), json!(CACHING_OPTIMIZED));
            }
            let mut association = Map::new();
            if let Some(t) = c.get("eventType") {
                association.insert("EventType".into(), t.clone());
            }
            association.insert("LambdaFunctionARN".into(), version_ref(fn_key));
            if let Some(b) = c.get("includeBody").filter(|b| !b.is_null()) {
                association.insert("IncludeBody".into(), b.clone());
            }
            let association = Value::Object(association);
            behavior.insert("TargetOriginId".into(), id.clone());
            behavior.insert("LambdaFunctionAssociations".into(), json!([association.clone()]));
            if let Some(p) = c.get("pathPattern").and_then(Value::as_str).filter(|p| !p.is_empty()) {
                behavior.insert("PathPattern".into(), json!(p));
            }
            let same = |b: &Map<String, Value>| {
                b.get("PathPattern") == behavior.get("PathPattern") && b.get("TargetOriginId") == Some(&id)
            };
            match behaviors.iter().position(same) {
                Some(b) => {
                    extend_deep(&mut behaviors[b], &behavior);
                    let associations = &mut made_by[b].1;
                    if !associations.iter().any(|(a, _)| *a == association) {
                        associations.push((association, at.clone()));
                    }
                }
                None => {
                    behaviors.push(behavior);
                    made_by.push((at.clone(), vec![(association, at.clone())]));
                }
            }
            if !functions.contains(&fn_key) {
                functions.push(fn_key);
            }
        }
    }
    // The reference's checks after assembling, in its order.
    let first = first_edge_event(r).map(|(key, i)| format!("functions.{key}.events[{i}].{KIND}")).unwrap_or_default();
    if !functions.is_empty() && r.region() != "us-east-1" {
        errors.push((
            codes::CLOUDFRONT_INVALID_REGION,
            first.clone(),
            "CloudFront associated functions have to be deployed to the us-east-1 region.".to_string(),
        ));
    }
    // The behaviors without a path pattern first (a stable sort).
    let mut sorted: Vec<(Map<String, Value>, MadeBy)> = behaviors.into_iter().zip(made_by).collect();
    sorted.sort_by_key(|(b, _)| b.contains_key("PathPattern"));
    let (mut behaviors, made_by): (Vec<_>, Vec<_>) = sorted.into_iter().unzip();
    let patterns: Vec<Option<&Value>> = behaviors.iter().map(|b| b.get("PathPattern")).collect();
    if let Some(i) = first_repeat(&patterns) {
        errors.push((
            codes::CLOUDFRONT_MULTIPLE_BEHAVIORS_FOR_SINGLE_PATH_PATTERN,
            made_by[i].0.clone(),
            "Found more than one behavior with the same PathPattern".to_string(),
        ));
    }
    // The association that repeats an event type of its behavior, named by its event.
    let repeated_event_type = made_by.iter().find_map(|(_, associations)| {
        let types: Vec<Option<&Value>> = associations.iter().map(|(a, _)| a.get("EventType")).collect();
        first_repeat(&types).map(|j| associations[j].1.clone())
    });
    if let Some(at) = repeated_event_type {
        errors.push((
            codes::CLOUDFRONT_EVENT_TYPE_NON_UNIQUE_CACHE_BEHAVIOR,
            at,
            "The event type of a function association must be unique in the cache behavior".to_string(),
        ));
    }
    // CloudFront's default behavior has no path pattern: one is made from the first behavior.
    if let Some(b) = behaviors.first().filter(|b| b.contains_key("PathPattern")) {
        let origin = match default_origin {
            Some(d) => Some(d),
            None if origins.len() > 1 => {
                errors.push((
                    codes::CLOUDFRONT_MULTIPLE_DEFAULT_ORIGIN_EVENTS,
                    first,
                    "Found more than one origin but none of the cloudfront event has \"isDefaultOrigin\" defined"
                        .to_string(),
                ));
                None
            }
            None => Some(0),
        };
        let mut default: Map<String, Value> = b
            .iter()
            .filter(|(k, _)| k.as_str() != "PathPattern" && k.as_str() != "LambdaFunctionAssociations")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if let Some(id) = origin.and_then(|o| origins.get(o)).and_then(|o| o.get("Id")) {
            default.insert("TargetOriginId".into(), id.clone());
        }
        behaviors.insert(0, default);
    }
    if errors.is_empty() { Ok(Plan { origins, behaviors, functions }) } else { Err(errors) }
}

/// The index of the first item equal to an earlier one (the reference's `uniqBy` length checks).
fn first_repeat<T: PartialEq>(items: &[T]) -> Option<usize> {
    (1..items.len()).find(|&i| items[..i].contains(&items[i]))
}

/// `createOrigin`: a URL string (`s3://` an S3 origin, anything else a custom origin matching the
/// viewer's protocol) or the origin's properties, and its `Id` (`getCloudFrontOriginId`).
fn create_origin(origin: &Value) -> Map<String, Value> {
    let mut o = Map::new();
    match origin {
        Value::String(url) => {
            let (scheme, host, path) = split_url(url).unwrap_or_default();
            o.insert("DomainName".into(), json!(host));
            if path.len() > 1 {
                o.insert("OriginPath".into(), json!(path));
            }
            if scheme.eq_ignore_ascii_case("s3") {
                o.insert("S3OriginConfig".into(), json!({}));
            } else {
                o.insert("CustomOriginConfig".into(), json!({"OriginProtocolPolicy": "match-viewer"}));
            }
        }
        Value::Object(m) => o.extend(m.iter().map(|(k, v)| (k.clone(), v.clone()))),
        _ => {}
    }
    let kind = if crate::json::truthy(o.get("S3OriginConfig")) { "s3" } else { "custom" };
    let domain = match o.get("DomainName") {
        Some(Value::String(d)) => d.clone(),
        Some(other) => naming::normalize_alphanumeric(&crate::json::to_compact_string(other)),
        None => String::new(),
    };
    let mut id = format!("{kind}/{domain}");
    if let Some(p) = o.get("OriginPath").and_then(Value::as_str) {
        id.push_str(p);
    }
    o.insert("Id".into(), json!(id));
    o
}

/// Node's legacy `url.parse` as far as origins use it: (scheme, host name in lower case without
/// user or port, path without query or fragment, its `\` made `/` and the characters Node
/// escapes percent-escaped); `None` without `<scheme>://<host>`.
fn split_url(url: &str) -> Option<(&str, String, String)> {
    let (scheme, rest) = url.split_once("://")?;
    let valid_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !valid_scheme {
        return None;
    }
    let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split_once(']').map_or(v6, |(h, _)| h),
        None => {
            host.rsplit_once(':').filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit())).map_or(host, |(h, _)| h)
        }
    };
    if host.is_empty() {
        return None;
    }
    let after = &rest[end..];
    let mut path = String::with_capacity(after.len());
    for c in after[..after.find(['?', '#']).unwrap_or(after.len())].chars() {
        match c {
            '\\' => path.push('/'),
            '{' | '}' | '|' | '^' | '`' | '<' | '>' | '"' | ' ' | '\r' | '\n' | '\t' | '\'' => {
                path.push_str(&format!("%{:02X}", c as u32));
            }
            c => path.push(c),
        }
    }
    Some((scheme, host.to_ascii_lowercase(), path))
}

/// The reference's `extendDeep`: lists concatenated without deep-equal repeats, objects merged
/// key by key, a value already there kept.
fn extend_deep(target: &mut Map<String, Value>, source: &Map<String, Value>) {
    for (k, v) in source {
        match (target.get_mut(k), v) {
            (Some(Value::Array(existing)), Value::Array(more)) => {
                let mut merged: Vec<Value> = Vec::with_capacity(existing.len() + more.len());
                for item in existing.iter().chain(more) {
                    if !merged.contains(item) {
                        merged.push(item.clone());
                    }
                }
                *existing = merged;
            }
            (Some(Value::Object(existing)), Value::Object(more)) => extend_deep(existing, more),
            (Some(_), _) => {}
            (None, _) => {
                target.insert(k.clone(), v.clone());
            }
        }
    }
}

/// The rules over the service as a whole: the unused cache policies, the assembled
/// distribution and its region.
fn service_rules(r: &Resolved<'_>, out: &mut Diagnostics) {
    let used: Vec<&str> = r
        .functions
        .iter()
        .flat_map(|(_, f)| f.events.iter())
        .filter(|e| e.kind == KIND)
        .filter_map(|e| e.config.get("cachePolicy")?.get("name")?.as_str())
        .collect();
    for (name, _) in cache_policies(r) {
        if !used.contains(&name.as_str()) {
            out.push(
                Diagnostic::warning(
                    codes::CLOUDFRONT_CACHE_POLICY_UNUSED,
                    format!("provider.cloudFront.cachePolicies.{name}"),
                    format!("Setting \"provider.cloudFront.cachePolicies.{name}\" is not used by any cloudFront event configuration."),
                )
                .with_help("name it in an event's `cachePolicy: {name: ...}`, or remove it"),
            );
        }
    }
    if let Err(errors) = plan(r) {
        for (code, path, message) in errors {
            let help = match code {
                codes::UNRECOGNIZED_CLOUDFRONT_CACHE_POLICY => {
                    "declare it under `provider.cloudFront.cachePolicies`, or give the policy's `id`"
                }
                codes::CLOUDFRONT_EVENT_TYPE_NON_UNIQUE_CACHE_BEHAVIOR => {
                    "give each event of one path pattern and origin its own `eventType`"
                }
                codes::CLOUDFRONT_MULTIPLE_BEHAVIORS_FOR_SINGLE_PATH_PATTERN => {
                    "give the events of different origins different `pathPattern`s (one event may omit it)"
                }
                codes::CLOUDFRONT_INVALID_REGION => {
                    "deploy the service (or a service of its edge functions) to us-east-1 (`provider.region`)"
                }
                _ => "set `isDefaultOrigin: true` on the events of exactly one origin",
            };
            out.push(Diagnostic::error(code, path, message).with_help(help));
        }
    }
}

/// What CloudFront refuses in a function it associates (DECISIONS.md D2), checked once per edge
/// function at its first `cloudFront` event.
fn edge_function_rules(cx: &EventRef<'_>, path: &str, out: &mut Diagnostics) {
    let (r, f, key) = (cx.r, cx.function, cx.fn_key);
    let mut refuse = |at: String, what: String, help: &str| {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_EDGE_UNSUPPORTED_CONFIGURATION,
                at,
                format!("function \"{key}\" has a `cloudFront` event ({path}), and Lambda@Edge {what}"),
            )
            .with_help(help),
        );
    };
    let fn_at = |k: &str| format!("functions.{key}.{k}");
    if f.image.is_some() {
        refuse(fn_at("image"), "does not run container images".into(), "give the function a `handler` and a zip");
    } else {
        let runtime = r.runtime(f);
        let name = runtime.as_str();
        if !(name.starts_with("nodejs") || name.starts_with("python")) {
            let at = if f.runtime.is_some() { fn_at("runtime") } else { "provider.runtime".to_string() };
            refuse(
                at,
                format!("runs only Node.js and Python functions, not {name}"),
                "give the function a Node.js or Python `runtime` (e.g. nodejs22.x)",
            );
        }
    }
    if r.function_architecture(f) == Some(Architecture::Arm64) {
        let at = if f.architecture.is_some() { fn_at("architecture") } else { "provider.architecture".to_string() };
        refuse(at, "runs only x86_64 functions".into(), "set the function's `architecture: x86_64`");
    }
    if f.layers.as_ref().or(r.config.provider.layers.as_ref()).is_some_and(|l| !l.is_empty()) {
        let at = if f.layers.is_some() { fn_at("layers") } else { "provider.layers".to_string() };
        refuse(at, "does not support layers".into(), "bundle what the layers hold into the function's zip");
    }
    if crate::resolve::provisioned(f).is_some() {
        refuse(
            fn_at("provisionedConcurrency"),
            "does not support provisioned concurrency".into(),
            "remove `provisionedConcurrency`",
        );
    }
    // The reference deletes them from the function without a word. serverless-plugin-git-variables
    // writes its values into every function: those are not the user's, and go the same way.
    let git = crate::plugins::listed(&r.config.plugins, crate::plugins::GIT_VARIABLES);
    let exported = |k: &String| git && crate::plugins::GIT_VARIABLES_EXPORTED.iter().any(|(_, n)| n == k);
    // A variable without a value (`NAME:`) is not in the template either.
    if f.environment.as_ref().is_some_and(|e| e.iter().any(|(k, v)| v.is_some() && !exported(k))) {
        refuse(
            fn_at("environment"),
            "has no environment variables (the reference would drop them)".into(),
            "remove `environment` from the function, and read the values another way (e.g. from SSM)",
        );
    }
    if matches!(f.vpc, Some(crate::model::FunctionVpc::Config(_))) {
        refuse(
            fn_at("vpc"),
            "does not run in a VPC (the reference would drop it)".into(),
            "remove `vpc` from the function",
        );
    }
}

/// Whether `p` matches the reference's path pattern `^([A-Za-z0-9_.*?$/~"'@:+-]|&amp;)+$`.
fn is_path_pattern(p: &str) -> bool {
    let mut rest = p;
    if rest.is_empty() {
        return false;
    }
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("&amp;") {
            rest = after;
        } else if c.is_ascii_alphanumeric() || "_.*?$/~\"'@:+-".contains(c) {
            rest = &rest[1..];
        } else {
            return false;
        }
    }
    true
}

/// `origin`: a `<scheme>://<host>` URL, or the origin's CloudFormation properties with
/// `DomainName` and exactly one of `CustomOriginConfig` and `S3OriginConfig`.
fn load_origin(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    match v {
        Value::String(url) => match split_url(url) {
            Some(_) => Some(v.clone()),
            None => {
                l.error_help(
                    codes::CONFIG_INVALID_VALUE,
                    path,
                    format!("\"{url}\" is not an origin URL"),
                    "write the origin as a URL, e.g. `https://example.com/path` or `s3://bucket.s3.amazonaws.com`",
                );
                None
            }
        },
        Value::Object(map) => {
            let before = l.error_count();
            let configs = ["CustomOriginConfig", "S3OriginConfig"].iter().filter(|k| map.contains_key(**k)).count();
            if configs != 1 {
                l.error_help(
                    codes::CONFIG_INVALID_VALUE,
                    path,
                    "an origin needs exactly one of `CustomOriginConfig` and `S3OriginConfig`",
                    "add `CustomOriginConfig: {OriginProtocolPolicy: https-only}` for a web server, or \
                     `S3OriginConfig: {}` for a bucket",
                );
            }
            let mut origin = v.clone();
            check(l, &mut origin, ORIGIN, path, "an origin");
            (l.error_count() == before).then_some(origin)
        }
        other => {
            shape_error(l, path, "an origin URL or an object of origin properties", other);
            None
        }
    }
}

/// `behavior`: CloudFormation cache behavior properties, as the reference's schema allows them.
fn load_behavior(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    if !v.is_object() {
        shape_error(l, path, "an object of cache behavior properties", v);
        return None;
    }
    let before = l.error_count();
    let mut behavior = v.clone();
    check(l, &mut behavior, BEHAVIOR, path, "a cache behavior");
    let sets: [(&str, &[&[&str]]); 2] = [
        (
            "AllowedMethods",
            &[
                &["GET", "HEAD"],
                &["GET", "HEAD", "OPTIONS"],
                &["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
            ],
        ),
        ("CachedMethods", &[&["GET", "HEAD"], &["GET", "HEAD", "OPTIONS"]]),
    ];
    for (key, allowed) in sets {
        let Some(methods) = behavior.get(key) else { continue };
        let mut given: Vec<&str> = methods.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let count = methods.as_array().map_or(0, Vec::len);
        given.sort_unstable();
        let fits = allowed.iter().any(|set| {
            let mut set = set.to_vec();
            set.sort_unstable();
            given.len() == count && given == set
        });
        if !fits {
            let shown: Vec<String> = allowed.iter().map(|s| format!("[{}]", s.join(", "))).collect();
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &join(path, key),
                format!("CloudFront accepts one of {}, found {}", shown.join(", "), describe(methods)),
                "list one of those sets of methods",
            );
        }
    }
    (l.error_count() == before).then_some(behavior)
}

/// `cachePolicy`: `{id}` (a policy ID or an intrinsic) or `{name}` (one of
/// `provider.cloudFront.cachePolicies`), not both.
fn load_cache_policy(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    let keys = Keys { allowed: &["id", "name"], unsupported: &[], no_effect: &[] };
    let map = &*l.object(v, path, &keys)?;
    match (get(map, "id"), get(map, "name")) {
        (Some(_), Some(_)) | (None, None) => {
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                path,
                "a cache policy is given by exactly one of `id` and `name`",
                "write `cachePolicy: {id: <policy ID>}` or `cachePolicy: {name: <a name of provider.cloudFront.cachePolicies>}`",
            );
            None
        }
        (None, Some(Value::String(n))) if !n.is_empty() => Some(v.clone()),
        (None, Some(n)) => {
            shape_error(l, &join(path, "name"), "a cache policy name", n);
            None
        }
        (Some(_), None) => Some(v.clone()),
    }
}

/// `provider.cloudFront`: `cachePolicies`, each a CloudFront cache policy configuration as the
/// reference's schema allows it (its `Name` is the reference's).
///
/// A policy with errors is kept (the service does not synthesize anyway), so that the events
/// naming it are not also told it does not exist.
pub(crate) fn load_settings(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    let keys = Keys { allowed: &["cachePolicies"], unsupported: &[], no_effect: &[] };
    let map = &*l.object(v, path, &keys)?;
    if let Some(policies) = get(map, "cachePolicies") {
        let at = join(path, "cachePolicies");
        let Some(policies) = policies.as_object() else {
            shape_error(l, &at, "an object (policy name → cache policy configuration)", policies);
            return None;
        };
        let mut checked = policies.clone();
        for (name, config) in checked.iter_mut() {
            check(l, config, CACHE_POLICY, &join(&at, name), "a cache policy configuration");
        }
        let mut settings = map.clone();
        settings.insert("cachePolicies".into(), Value::Object(checked));
        return Some(Value::Object(settings));
    }
    Some(v.clone())
}
