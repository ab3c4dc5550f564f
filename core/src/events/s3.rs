//! `s3` events: a bucket created with its notification configuration (events grouped per bucket)
//! and a lambda permission per event; for `existing: true` a `Custom::S3` resource per function
//! that the reference's helper function turns into notifications on the existing bucket
//! (serverless-events.md §7).

use serde_json::{Map, Value, json};

use super::custom_resources::Kind;
use super::source::{self, truthy};
use super::{Ctx, EventRef, EventType, object};
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::naming;
use crate::naming::upper_first;
use crate::reader::{Keys, Loader, index, join};

pub(crate) struct S3;

const KEYS: Keys =
    Keys { allowed: &["bucket", "event", "existing", "forceDeploy", "rules"], unsupported: &[], no_effect: &[] };

const RULE: Keys = Keys { allowed: &["prefix", "suffix"], unsupported: &[], no_effect: &[] };

/// The reference's bucket-name pattern (`awsS3BucketName`), quoted in its error message.
const BUCKET_PATTERN: &str =
    r"(?!^(\d{1,3}\.){3}\d{1,3}$)(^(([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])$)";

const DEFAULT_EVENT: &str = "s3:ObjectCreated:*";

impl EventType for S3 {
    fn name(&self) -> &'static str {
        "s3"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        if let Value::String(bucket) = v {
            return Some(json!({ "bucket": bucket }));
        }
        object(l, v, path)?;
        let map = &*l.object(v, path, &KEYS)?;
        let out = source::read_fields(l, map, path, |l, k, v, at| match k {
            "bucket" => source::string_or_intrinsic(l, v, at),
            "event" => match v.as_str() {
                Some(s) if s.len() > 3 && s.starts_with("s3:") => Some(v.clone()),
                _ => {
                    super::shape_error(l, at, "an S3 event name such as \"s3:ObjectCreated:*\"", v);
                    None
                }
            },
            "existing" | "forceDeploy" => l.boolean(v, at).map(Value::from),
            "rules" => rules(l, v, at),
            _ => None,
        })?;
        if !out.contains_key("bucket") {
            l.missing(path, "bucket", "add the bucket's name, e.g. `bucket: my-uploads`");
            return None;
        }
        Some(Value::Object(out))
    }

    fn validate(&self, cx: &EventRef<'_>, out: &mut Diagnostics) {
        let path = cx.path("s3");
        let c = cx.config;
        let bucket = &c["bucket"];
        if existing(c) {
            // All existing-bucket events of a function must name one bucket; report the first
            // event that differs from the function's first one.
            let first = cx.function.events[..cx.index].iter().find(|e| e.kind == "s3" && existing(&e.config));
            if let Some(first) = first {
                let (a, b) = (bucket_text(&first.config["bucket"]), bucket_text(bucket));
                if a != b {
                    out.push(
                        Diagnostic::error(
                            codes::S3_MULTIPLE_BUCKETS_PER_FUNCTION,
                            join(&path, "bucket"),
                            format!(
                                "Only one S3 Bucket can be configured per function. In \"{}\" you're attempting to configure \"{a}\" and \"{b}\" at the same time.",
                                cx.r.function_name(cx.fn_key, cx.function)
                            ),
                        )
                        .with_help("move the events on the other bucket to another function"),
                    );
                }
            }
            return;
        }
        let Some(bucket_ref) = bucket.as_str() else {
            out.push(
                Diagnostic::error(
                    codes::S3_INVALID_NEW_BUCKET_FORMAT,
                    join(&path, "bucket"),
                    "When specifying \"s3.bucket\" with CloudFormation intrinsic function, you need to specify that the bucket is existing via \"existing: true\" property.",
                )
                .with_help("add `existing: true` for a bucket defined elsewhere, or give the name of a bucket to create"),
            );
            return;
        };
        let (name, _) = bucket_name(cx.r.config.provider.apis.get("s3"), bucket_ref);
        if !valid_bucket_name(&name) {
            out.push(Diagnostic::error(
                codes::S3_INVALID_BUCKET_PATTERN,
                join(&path, "bucket"),
                format!(
                    "{name} - Bucket name must conform to pattern {BUCKET_PATTERN}. Please check provider.s3.{bucket_ref} and/or s3 events of function \"{}\".",
                    cx.fn_key
                ),
            ));
        } else if !(3..=63).contains(&name.len()) {
            out.push(
                Diagnostic::error(
                    codes::INVALID_EVENT,
                    join(&path, "bucket"),
                    format!("bucket name \"{name}\" has {} characters; S3 allows 3 to 63", name.len()),
                )
                .with_help("choose a bucket name of 3 to 63 characters"),
            );
        }
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        new_buckets(cx);
        existing_buckets(cx);
    }
}

/// Whether an s3 event's settings name an existing bucket (`existing: true`), which is not created.
pub(crate) fn existing(c: &Value) -> bool {
    c.get("existing").and_then(Value::as_bool) == Some(true)
}

/// A bucket as the reference compares and prints it: the name, or the intrinsic's JSON text.
fn bucket_text(bucket: &Value) -> String {
    match bucket {
        Value::String(s) => s.clone(),
        other => crate::json::to_compact_string(other),
    }
}

/// The bucket name for an event's `bucket`, and the `provider.s3` entry it names, if any.
fn bucket_name<'p>(provider_s3: Option<&'p Value>, bucket_ref: &str) -> (String, Option<&'p Map<String, Value>>) {
    match provider_s3.and_then(|p| p.get(bucket_ref)).filter(|b| truthy(Some(b))) {
        Some(entry) => {
            let name = entry.get("name").filter(|n| truthy(Some(n))).and_then(Value::as_str).unwrap_or(bucket_ref);
            (name.to_string(), entry.as_object())
        }
        None => (bucket_ref.to_string(), None),
    }
}

/// A bucket created here: its `provider.s3` key and entry, and its lambda configurations.
#[derive(Default)]
struct Bucket<'p> {
    provider: Option<(String, &'p Map<String, Value>)>,
    configurations: Vec<Value>,
}

/// One event on a bucket created here.
struct Notified<'a> {
    fn_key: &'a str,
    function: &'a crate::model::Function,
    bucket_name: String,
    /// `provider.s3` key or bucket name: what the permission's logical ID is made of.
    id_name: String,
}

fn new_buckets(cx: &mut Ctx<'_>) {
    let r = cx.r;
    let provider_s3 = r.config.provider.apis.get("s3");
    // Bucket name → its events, first-seen order.
    let mut buckets: indexmap::IndexMap<String, Bucket<'_>> = indexmap::IndexMap::new();
    let mut events = Vec::new();
    for (fn_key, f, _, c) in cx.events_of("s3") {
        if existing(c) {
            continue;
        }
        let Some(bucket_ref) = c["bucket"].as_str() else { continue };
        let (name, entry) = bucket_name(provider_s3, bucket_ref);
        let mut configuration = Map::new();
        configuration.insert("Event".into(), c.get("event").cloned().unwrap_or(json!(DEFAULT_EVENT)));
        configuration.insert("Function".into(), cx.target(fn_key, f));
        if let Some(Value::Array(rules)) = c.get("rules") {
            let rules: Vec<Value> = rules
                .iter()
                .filter_map(|r| r.as_object()?.iter().next().map(|(k, v)| json!({ "Name": k, "Value": v })))
                .collect();
            configuration.insert("Filter".into(), json!({ "S3Key": { "Rules": rules } }));
        }
        let slot = buckets.entry(name.clone()).or_default();
        if let Some(entry) = entry {
            slot.provider = Some((bucket_ref.to_string(), entry));
        }
        slot.configurations.push(Value::Object(configuration));
        let id_name = if entry.is_some() { bucket_ref.to_string() } else { name.clone() };
        events.push(Notified { fn_key, function: f, bucket_name: name, id_name });
    }
    // JavaScript objects list integer-like keys first: the reference's bucket order.
    let order = naming::js_key_order(buckets.keys().map(String::as_str));
    for i in order {
        let (name, Bucket { provider: meta, configurations }) = buckets.get_index(i).expect("index from keys");
        let mut conf = Map::new();
        if let Some((_, entry)) = meta {
            for (k, v) in entry.iter().filter(|(k, _)| k.as_str() != "name") {
                conf.insert(upper_first(k), v.clone());
            }
        }
        let mut notification = Map::new();
        notification.insert("LambdaConfigurations".into(), Value::Array(configurations.clone()));
        if let Some(Value::Object(provided)) = conf.shift_remove("NotificationConfiguration") {
            notification.extend(provided);
        }
        let mut props = Map::new();
        props.insert("BucketName".into(), json!(name));
        props.insert("NotificationConfiguration".into(), Value::Object(notification));
        props.extend(conf);
        let mut depends_on = Vec::new();
        for e in events.iter().filter(|e| &e.bucket_name == name) {
            depends_on.push(json!(permission_id(e)));
            if let Some(alias) = cx.alias_id(e.fn_key, e.function) {
                depends_on.push(json!(alias));
            }
        }
        let id = match meta {
            Some((bucket_ref, _)) => ["S3Bucket", &naming::normalize_alphanumeric(bucket_ref)].concat(),
            None => ["S3Bucket", &naming::normalize_alphanumeric(name)].concat(),
        };
        cx.merge(id, json!({ "Type": "AWS::S3::Bucket", "Properties": props, "DependsOn": depends_on }));
    }
    for e in &events {
        let mut props = Map::new();
        props.insert("FunctionName".into(), cx.target(e.fn_key, e.function));
        props.insert("Action".into(), json!("lambda:InvokeFunction"));
        props.insert("Principal".into(), json!("s3.amazonaws.com"));
        props.insert(
            "SourceArn".into(),
            json!({ "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, format!(":s3:::{}", e.bucket_name)]] }),
        );
        props.insert("SourceAccount".into(), json!({ "Ref": "AWS::AccountId" }));
        let alias = cx.alias_id(e.fn_key, e.function).map(Value::String);
        cx.merge(permission_id(e), source::resource("AWS::Lambda::Permission", alias, props));
    }
}

fn permission_id(e: &Notified<'_>) -> String {
    [naming::normalize(e.fn_key).as_str(), "LambdaPermission", &naming::normalize_alphanumeric(&e.id_name), "S3"]
        .concat()
}

fn existing_buckets(cx: &mut Ctx<'_>) {
    let r = cx.r;
    let mut statements = Vec::new();
    // Bucket (as text) → the custom resources on it, in order.
    let mut per_bucket: indexmap::IndexMap<String, Vec<String>> = indexmap::IndexMap::new();
    let helper = cx.custom_resource_function_id(Kind::ExistingS3);
    for &(fn_key, f) in &r.functions {
        let id = naming::normalize(fn_key) + "CustomS31";
        let mut first = true;
        for e in f.events.iter().filter(|e| e.kind == "s3" && existing(&e.config)) {
            let c = &e.config;
            let bucket = c["bucket"].clone();
            let rules: Vec<Value> = match c.get("rules") {
                Some(Value::Array(rules)) => rules
                    .iter()
                    .filter_map(|r| {
                        let (k, v) = r.as_object()?.iter().next()?;
                        let mut rule = Map::new();
                        rule.insert(upper_first(k), v.clone());
                        Some(Value::Object(rule))
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let config = json!({ "Event": c.get("event").cloned().unwrap_or(json!(DEFAULT_EVENT)), "Rules": rules });
            let users = per_bucket.entry(bucket_text(&bucket)).or_default();
            if !users.contains(&id) {
                users.push(id.clone());
            }
            if first {
                first = false;
                let mut props = Map::new();
                props.insert("ServiceToken".into(), json!({ "Fn::GetAtt": [helper, "Arn"] }));
                props.insert("FunctionName".into(), json!(r.function_name(fn_key, f)));
                props.insert("BucketName".into(), bucket.clone());
                props.insert("BucketConfigs".into(), json!([config]));
                if c.get("forceDeploy").and_then(Value::as_bool) == Some(true) {
                    props.insert("ForceDeploy".into(), json!(cx.build_time_millis));
                }
                cx.merge(
                    id.clone(),
                    json!({
                        "Type": "Custom::S3",
                        "Version": "1.0",
                        "DependsOn": [naming::function_logical_id(fn_key), helper],
                        "Properties": props
                    }),
                );
                statements.push(json!({
                    "Effect": "Allow",
                    "Resource": { "Fn::Join": [":", ["arn", { "Ref": "AWS::Partition" }, "s3", "", "", bucket]] },
                    "Action": ["s3:PutBucketNotification", "s3:GetBucketNotification"]
                }));
            } else if let Some(Value::Array(configs)) =
                cx.out.resources.get_mut(&id).and_then(|r| r.value_mut().pointer_mut("/Properties/BucketConfigs"))
            {
                configs.push(config);
            }
        }
    }
    if statements.is_empty() {
        return;
    }
    statements.push(json!({
        "Effect": "Allow",
        "Resource": { "Fn::Join": [":", [
            "arn", { "Ref": "AWS::Partition" }, "lambda", { "Ref": "AWS::Region" }, { "Ref": "AWS::AccountId" }, "function", "*"
        ]] },
        "Action": ["lambda:AddPermission", "lambda:RemovePermission"]
    }));
    // Several functions on one bucket: each custom resource waits for the previous one (the
    // helper would race on the bucket's single notification configuration).
    for users in per_bucket.values() {
        for pair in users.windows(2) {
            if let Some(Value::Array(d)) =
                cx.out.resources.get_mut(&pair[1]).and_then(|r| r.value_mut().get_mut("DependsOn"))
            {
                d.push(json!(pair[0]));
            }
        }
    }
    cx.custom_resource(Kind::ExistingS3, statements);
}

/// The reference's bucket-name pattern, without a regex engine: dot-separated labels of
/// `[a-z0-9-]` that start and end with a letter or digit, and not an IPv4 address.
fn valid_bucket_name(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    let label_ok = |l: &&str| {
        let b = l.as_bytes();
        !b.is_empty()
            && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
            && b[0] != b'-'
            && b[b.len() - 1] != b'-'
    };
    let ip =
        labels.len() == 4 && labels.iter().all(|l| (1..=3).contains(&l.len()) && l.bytes().all(|c| c.is_ascii_digit()));
    labels.iter().all(label_ok) && !ip
}

/// `rules`: a list of one-key objects, `prefix` or `suffix`.
fn rules(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    let Value::Array(items) = v else {
        super::shape_error(l, path, "a list of rules such as `- prefix: uploads/`", v);
        return None;
    };
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let at = index(path, i);
        let Some(m) = l.object(item, &at, &RULE) else {
            ok = false;
            continue;
        };
        let m = &*m;
        if m.len() != 1 {
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &at,
                format!("a rule has exactly one key (prefix or suffix), found {}", m.len()),
                "write each rule as its own list item: `- prefix: uploads/` and `- suffix: .jpg`",
            );
            ok = false;
        }
        for (k, value) in m {
            ok &= l.string_or_intrinsic(value, &join(&at, k)).is_some();
        }
    }
    ok.then(|| v.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::source::testing::{compile, config, diagnostics, errors};

    fn s3(events: Value) -> Value {
        config(json!({}), json!({"worker": {"handler": "h", "events": events}}))
    }

    #[test]
    fn one_existing_bucket_per_function() {
        let d = diagnostics(&s3(json!([
            {"s3": {"bucket": "a-bucket", "existing": true}},
            {"s3": {"bucket": {"Ref": "B"}, "existing": true}}
        ])));
        let e = d.errors().next().unwrap();
        assert_eq!(
            (e.code, e.path.as_str()),
            (codes::S3_MULTIPLE_BUCKETS_PER_FUNCTION, "functions.worker.events[1].s3.bucket")
        );
        assert_eq!(
            e.message,
            "Only one S3 Bucket can be configured per function. In \"svc-dev-worker\" you're attempting to configure \"a-bucket\" and \"{\"Ref\":\"B\"}\" at the same time."
        );
    }

    #[test]
    fn new_buckets_need_a_valid_name() {
        let e = errors(&s3(json!([{"s3": {"bucket": {"Ref": "B"}}}])));
        assert_eq!(e, vec![(codes::S3_INVALID_NEW_BUCKET_FORMAT, "functions.worker.events[0].s3.bucket".into())]);
        let d = diagnostics(&s3(json!([{"s3": "Bad_Bucket"}])));
        let e = d.errors().next().unwrap();
        assert_eq!(e.code, codes::S3_INVALID_BUCKET_PATTERN);
        assert!(e.message.starts_with("Bad_Bucket - Bucket name must conform to pattern (?!^"), "{}", e.message);
        assert!(e.message.ends_with("Please check provider.s3.Bad_Bucket and/or s3 events of function \"worker\"."));
        assert_eq!(errors(&s3(json!([{"s3": "ab"}])))[0].0, codes::INVALID_EVENT);
        assert_eq!(
            errors(&s3(json!([{"s3": {"bucket": "abc", "rules": [{"prefix": "a", "suffix": "b"}]}}])))[0].0,
            codes::CONFIG_INVALID_VALUE
        );
    }

    #[test]
    fn existing_buckets_share_one_helper_and_wait_for_each_other() {
        let value = config(
            json!({}),
            json!({
                "a": {"handler": "h", "events": [{"s3": {"bucket": "shared-b", "existing": true, "rules": [{"prefix": "x/"}]}}]},
                "b": {"handler": "h", "events": [
                    {"s3": {"bucket": "shared-b", "existing": true}},
                    {"s3": {"bucket": "shared-b", "existing": true, "event": "s3:ObjectRemoved:*"}}
                ]}
            }),
        );
        let (resources, _) = compile(&value);
        let ids: Vec<&str> = resources.keys().map(String::as_str).collect();
        assert_eq!(
            ids,
            [
                "ACustomS31",
                "BCustomS31",
                "IamRoleCustomResourcesLambdaExecution",
                "CustomDashresourceDashexistingDashs3LambdaFunction",
                "CustomDashresourceDashexistingDashs3LogGroup"
            ]
        );
        assert_eq!(resources["ACustomS31"]["Properties"]["BucketConfigs"][0]["Rules"], json!([{"Prefix": "x/"}]));
        assert_eq!(resources["BCustomS31"]["Properties"]["BucketConfigs"][1]["Event"], json!("s3:ObjectRemoved:*"));
        assert_eq!(
            resources["BCustomS31"]["DependsOn"],
            json!(["BLambdaFunction", "CustomDashresourceDashexistingDashs3LambdaFunction", "ACustomS31"])
        );
        let role = &resources["IamRoleCustomResourcesLambdaExecution"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
        // Two log statements, one bucket statement (the same bucket twice), the permission one.
        assert_eq!(role.as_array().unwrap().len(), 4);
    }

    #[test]
    fn aliases_are_waited_for() {
        let value =
            config(json!({}), json!({"worker": {"handler": "h", "snapStart": true, "events": [{"s3": "abc-bucket"}]}}));
        let (resources, _) = compile(&value);
        assert_eq!(
            resources["S3BucketAbcbucket"]["DependsOn"],
            json!(["WorkerLambdaPermissionAbcbucketS3", "WorkerSnapStartLambdaAlias"])
        );
        assert_eq!(resources["WorkerLambdaPermissionAbcbucketS3"]["DependsOn"], json!("WorkerSnapStartLambdaAlias"));
    }

    #[test]
    fn new_buckets_group_events_and_provider_settings() {
        let value = config(
            json!({"s3": {"photos": {"name": "acme-photos", "versioningConfiguration": {"Status": "Enabled"}}}}),
            json!({
                "a": {"handler": "h", "events": [{"s3": "photos"}]},
                "b": {"handler": "h", "events": [{"s3": {"bucket": "photos", "event": "s3:ObjectRemoved:*"}}]}
            }),
        );
        let (resources, _) = compile(&value);
        let ids: Vec<&str> = resources.keys().map(String::as_str).collect();
        assert_eq!(ids, ["S3BucketPhotos", "ALambdaPermissionPhotosS3", "BLambdaPermissionPhotosS3"]);
        let bucket = &resources["S3BucketPhotos"];
        assert_eq!(bucket["Properties"]["BucketName"], json!("acme-photos"));
        assert_eq!(bucket["Properties"]["VersioningConfiguration"], json!({"Status": "Enabled"}));
        assert_eq!(
            bucket["Properties"]["NotificationConfiguration"]["LambdaConfigurations"].as_array().unwrap().len(),
            2
        );
        assert_eq!(bucket["DependsOn"], json!(["ALambdaPermissionPhotosS3", "BLambdaPermissionPhotosS3"]));
    }

    #[test]
    fn bucket_names_follow_the_reference_pattern() {
        assert!(valid_bucket_name("acme-payments-ea0d62"));
        assert!(valid_bucket_name("a.b-c.d1"));
        assert!(!valid_bucket_name("Upper"));
        assert!(!valid_bucket_name("-start"));
        assert!(!valid_bucket_name("a..b"));
        assert!(!valid_bucket_name("192.168.1.1"));
        assert!(valid_bucket_name("192.168.1.1a"));
    }

    #[test]
    fn provider_s3_entries_name_buckets() {
        let p = json!({"photos": {"name": "acme-photos", "versioningConfiguration": {"Status": "Enabled"}}});
        let (name, entry) = bucket_name(Some(&p), "photos");
        assert_eq!(name, "acme-photos");
        assert!(entry.is_some());
        let (name, entry) = bucket_name(Some(&p), "other");
        assert_eq!((name.as_str(), entry.is_none()), ("other", true));
    }

    #[test]
    fn intrinsic_buckets_print_as_json() {
        assert_eq!(bucket_text(&json!({"Ref": "B"})), "{\"Ref\":\"B\"}");
        assert_eq!(upper_first("prefix"), "Prefix");
    }
}
