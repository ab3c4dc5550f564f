//! serverless-lift's constructs (all but `server-side-website` and `vpc`), as serverless-lift
//! 1.37.7 builds them (npm package `dist/src/constructs/aws/`: `Queue.js`, `Storage.js`,
//! `Webhook.js`, `StaticWebsite.js`, `SinglePageApp.js`, `abstracts/StaticWebsiteAbstract.js`,
//! `DatabaseDynamoDBSingleTable.js`; `dist/src/plugin.js`, `dist/src/providers/AwsProvider.js`;
//! getlift/lift `src/constructs/aws/Queue.ts` at 0112e871), with the logical IDs and property order of
//! aws-cdk-lib 2.278 (`core/lib/private/uniqueid.ts` at 1ad2a7dc, `core/lib/cfn-resource.js`).
//!
//! Lift builds its constructs in the `initialize` hook, once variables are resolved: each queue's
//! worker and each webhook's authorizer join `functions` after the service's own (a worker with
//! an `sqs` event on its queue), and each construct's permission joins the role's statements
//! after the service's own. At `after:package:compileEvents` it merges the CDK template into
//! `resources`, after the service's own. [`expand`] makes the same changes to the config tree
//! before it is loaded, so the framework's synthesis does the rest, as in the reference.
//!
//! ```
//! use stackwright_core::plugins::lift::logical_id;
//! assert_eq!(logical_id(&["jobs", "Queue", "Resource"]), "jobsQueueCEDBAE3E");
//! // A component the previous one ends with is left out of the readable part.
//! assert_eq!(logical_id(&["emailQueue", "Queue", "Resource"]), "emailQueue1E6790C9");
//! ```

use serde_json::{Map, Value, json};

use super::Origins;
use crate::codes;
use crate::config_path::{index, join};
use crate::json::js_number_value as js_number;
use crate::reader::{Keys, Loader, get};

mod database;
mod queue;
mod storage;
mod webhook;
mod website;

/// The plugin's name in `plugins`.
pub const LIFT: &str = "serverless-lift";

/// Lift's other construct types, which stackwright does not build, and what they stand for.
const OTHER_TYPES: &[(&str, &str)] = &[
    ("server-side-website", "a CloudFront distribution in front of the service's HTTP API and an S3 bucket"),
    ("vpc", "a VPC with its subnets and NAT gateways"),
];

/// The properties the CDK version Lift builds with knows for an `AWS::S3::Bucket`, in the order
/// it writes them (see [`render`]), shared by the storage and website constructs.
const S3_BUCKET: &[&str] = &[
    "AbacStatus",
    "AccelerateConfiguration",
    "AccessControl",
    "AnalyticsConfigurations",
    "BucketEncryption",
    "BucketName",
    "CorsConfiguration",
    "IntelligentTieringConfigurations",
    "InventoryConfigurations",
    "LifecycleConfiguration",
    "LoggingConfiguration",
    "MetadataConfiguration",
    "MetadataTableConfiguration",
    "MetricsConfigurations",
    "NotificationConfiguration",
    "ObjectLockConfiguration",
    "ObjectLockEnabled",
    "OwnershipControls",
    "PublicAccessBlockConfiguration",
    "ReplicationConfiguration",
    "Tags",
    "VersioningConfiguration",
    "WebsiteConfiguration",
];
/// CDK's logical ID of the construct at `path` below the stack (`makeUniqueId`): the readable
/// components (without `Default`, `Resource`, a component the previous one ends with, and
/// anything not alphanumeric) and the first 8 hex digits of the MD5 of the whole path.
pub fn logical_id(path: &[&str]) -> String {
    let path: Vec<&str> = path.iter().copied().filter(|c| *c != "Default").collect();
    let alphanumeric = |c: &str| c.chars().filter(char::is_ascii_alphanumeric).collect::<String>();
    if let [only] = path.as_slice() {
        let id = alphanumeric(only);
        if id.len() <= 255 {
            return id;
        }
    }
    let hash = crate::hash::md5_hex(path.join("/").as_bytes())[..8].to_uppercase();
    let mut kept: Vec<&str> = Vec::new();
    for c in &path {
        if kept.last().is_none_or(|last| !last.ends_with(c)) {
            kept.push(c);
        }
    }
    let mut human: String = kept.iter().filter(|c| **c != "Resource").map(|c| alphanumeric(c)).collect();
    human.truncate(240);
    human + &hash
}

/// The value of `${construct:<address>}` in `root` (a queue's `queueUrl`, `queueArn`, `dlqUrl`
/// or `dlqArn`), or the message and help of why there is none.
///
/// ```
/// use serde_json::json;
/// use stackwright_core::plugins::lift::variable;
/// let root = json!({"plugins": ["serverless-lift"], "constructs": {"jobs": {"type": "queue"}}});
/// assert_eq!(variable(&root, "jobs.queueUrl").unwrap(), json!({"Ref": "jobsQueueCEDBAE3E"}));
/// assert!(variable(&root, "jobs.bucketName").unwrap_err().0.contains("queueUrl, queueArn, dlqUrl, dlqArn"));
/// ```
pub fn variable(root: &Value, address: &str) -> Result<Value, (String, String)> {
    if !super::names(root.get("plugins")).contains(&LIFT) {
        return Err((
            format!("`${{construct:{address}}}` is a variable of the plugin {LIFT}, which `plugins` does not list"),
            format!("add `{LIFT}` to `plugins`"),
        ));
    }
    let (id, property) = address.split_once('.').unwrap_or((address, ""));
    let Some(construct) = root.get("constructs").and_then(|c| c.get(id)) else {
        return Err((
            format!("No construct named '{id}' was found, the ${{construct:{address}}} variable is invalid."),
            "name a construct of `constructs`".to_string(),
        ));
    };
    let variables: Vec<(&str, Value)> = match construct.get("type").and_then(Value::as_str) {
        Some("queue") => {
            let queue = logical_id(&[id, "Queue", "Resource"]);
            let dlq = logical_id(&[id, "Dlq", "Resource"]);
            vec![
                ("queueUrl", json!({"Ref": queue})),
                ("queueArn", json!({"Fn::GetAtt": [queue, "Arn"]})),
                ("dlqUrl", json!({"Ref": dlq})),
                ("dlqArn", json!({"Fn::GetAtt": [dlq, "Arn"]})),
            ]
        }
        Some("storage") => {
            let bucket = logical_id(&[id, "Bucket", "Resource"]);
            let mut variables =
                vec![("bucketArn", json!({"Fn::GetAtt": [&bucket, "Arn"]})), ("bucketName", json!({"Ref": &bucket}))];
            if construct.get("publicPath").is_some_and(Value::is_string) {
                let domain = json!({"Fn::GetAtt": [&bucket, "RegionalDomainName"]});
                variables.push(("publicUrl", json!({"Fn::Join": ["", ["https://", domain]]})));
            }
            variables
        }
        Some("database/dynamodb-single-table") => {
            let table = logical_id(&[id, "Table", "Resource"]);
            vec![
                ("tableName", json!({"Ref": &table})),
                ("tableArn", json!({"Fn::GetAtt": [&table, "Arn"]})),
                ("tableStreamArn", json!({"Fn::GetAtt": [&table, "StreamArn"]})),
            ]
        }
        Some("webhook") => vec![("busName", json!({"Ref": logical_id(&[id, "Bus", "Resource"])}))],
        Some("static-website" | "single-page-app") => vec![
            ("cname", json!({"Fn::GetAtt": [logical_id(&[id, "CDN", "Resource"]), "DomainName"]})),
            ("assetsBucketName", json!({"Ref": logical_id(&[id, "Bucket", "Resource"])})),
        ],
        Some(other) => {
            return Err((
                format!(
                    "`${{construct:{address}}}` refers to a construct of type `{other}`, which stackwright does not build"
                ),
                "declare its resources in `resources` and refer to them with `Ref` or `Fn::GetAtt`".to_string(),
            ));
        }
        None => {
            return Err((
                format!("`${{construct:{address}}}` refers to a construct without a `type`"),
                "give the construct `type: queue` or `type: storage`".to_string(),
            ));
        }
    };
    match variables.iter().find(|(name, _)| *name == property) {
        Some((_, value)) => Ok(value.clone()),
        None => {
            let names: Vec<&str> = variables.iter().map(|(name, _)| *name).collect();
            Err((
                format!(
                    "${{construct:{address}}} does not exist. Properties available on ${{construct:{id}}} are: {}",
                    names.join(", ")
                ),
                format!("use one of them, e.g. `${{construct:{id}.{}}}`", names[0]),
            ))
        }
    }
}

/// What the constructs add, gathered in construct order.
struct Added {
    workers: Vec<(String, Value)>,
    /// (function, event, construct path) for a worker that is an existing function.
    events: Vec<(String, Value, String)>,
    origins: Origins,
    statements: Vec<Value>,
    resources: Map<String, Value>,
    outputs: Map<String, Value>,
}

/// Lift's changes to `root` (see the module docs); the problems of `constructs` and `lift` go to
/// `l`, the places of what it adds to `origins`.
pub(crate) fn expand(l: &mut Loader, root: &mut Map<String, Value>, origins: &mut Origins) {
    let settings = root.shift_remove("lift");
    let constructs = root.shift_remove("constructs");
    let mut automatic_permissions = true;
    if let Some(settings) = &settings
        && let Some(m) = l
            .object(settings, "lift", &Keys { allowed: &["automaticPermissions"], unsupported: &[], no_effect: &[] })
            .as_deref()
        && let Some(b) = get(m, "automaticPermissions")
    {
        automatic_permissions = l.boolean(b, "lift.automaticPermissions").unwrap_or(true);
    }
    let Some(constructs) = constructs else { return };
    let Some(constructs) = constructs.as_object() else {
        l.type_error("constructs", "an object (construct name → its settings)", &constructs);
        return;
    };
    // The framework turns a `functions` list into one object before any plugin runs.
    if let Some(Value::Array(items)) = root.get("functions")
        && items.iter().all(Value::is_object)
    {
        let mut merged = Value::Object(Map::new());
        items.iter().for_each(|item| crate::json::lodash_merge(&mut merged, item));
        root.insert("functions".to_string(), merged);
    }
    let stack = stack_name(root);
    let region = super::region(root).to_string();
    let functions = root.get("functions").and_then(Value::as_object);
    let mut added = Added {
        workers: Vec::new(),
        events: Vec::new(),
        origins: Vec::new(),
        statements: Vec::new(),
        resources: Map::new(),
        outputs: Map::new(),
    };
    for (id, construct) in constructs {
        let at = join("constructs", id);
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            l.error_help(
                codes::LIFT_INVALID_CONSTRUCT_CONFIGURATION,
                &at,
                format!("construct name \"{id}\" is not valid: Lift allows letters, digits, `-` and `_`"),
                "rename the construct, and the `${construct:...}` variables that name it",
            );
            continue;
        }
        let Some(c) = construct.as_object() else {
            l.type_error(&at, "an object (the construct's settings)", construct);
            continue;
        };
        let before = added.resources.len();
        match get(c, "type").and_then(Value::as_str) {
            Some("queue") => queue::queue(l, id, c, &at, &stack, functions, &mut added),
            Some("storage") => storage::storage(l, id, c, &at, &mut added),
            Some("database/dynamodb-single-table") => database::database(l, id, c, &at, &mut added),
            Some("webhook") => webhook::webhook(l, id, c, &at, &region, &mut added),
            Some(kind @ ("static-website" | "single-page-app")) => {
                let site = website::Website { id, stack: &stack, region: &region, spa: kind == "single-page-app" };
                website::website(l, &site, c, &at, &mut added)
            }
            Some(other) => match OTHER_TYPES.iter().find(|(t, _)| *t == other) {
                Some((_, what)) => l.error_help(
                    codes::LIFT_CONSTRUCT_UNSUPPORTED,
                    &join(&at, "type"),
                    format!(
                        "Lift's `{other}` construct is not built by stackwright; only `queue`, `storage`, `webhook`, \
                         `static-website`, `single-page-app` and `database/dynamodb-single-table` are"
                    ),
                    format!("declare what it stands for, {what}, in `resources`, and use `Ref`/`Fn::GetAtt` where `${{construct:{id}...}}` was"),
                ),
                None => l.error_help(
                    codes::LIFT_UNKNOWN_CONSTRUCT_TYPE,
                    &join(&at, "type"),
                    format!("The construct '{id}' has an unknown type '{other}'"),
                    "Lift's construct types are queue, storage, webhook, static-website, single-page-app, \
                     server-side-website, database/dynamodb-single-table and vpc; stackwright builds all but \
                     server-side-website and vpc",
                ),
            },
            None => match get(c, "type") {
                Some(other) => l.type_error(&join(&at, "type"), "a construct type such as `queue`", other),
                None => l.missing(&at, "type", "add `type: queue`"),
            },
        }
        // The construct's resources are its own (their CloudFormation is Lift's; what the user
        // writes into them through `extensions` is checked where written).
        for resource in added.resources.keys().skip(before) {
            let from = join("resources.Resources", resource);
            added.origins.push((from, at.clone(), false));
        }
    }
    let Added { workers, events, origins: worker_origins, statements, resources, outputs } = added;
    origins.extend(worker_origins);
    if !workers.is_empty() || !events.is_empty() {
        let functions = root.entry("functions").or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(functions) = functions {
            for (name, worker) in workers {
                match functions.get_mut(&name) {
                    Some(existing) => crate::json::lodash_merge(existing, &worker),
                    None => {
                        functions.insert(name, worker);
                    }
                }
            }
            for (name, event, written) in events {
                if let Some(Value::Object(f)) = functions.get_mut(&name) {
                    let list = f.entry("events").or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(list) = list {
                        origins.push((index(&join(&join("functions", &name), "events"), list.len()), written, false));
                        list.push(event);
                    }
                }
            }
        }
    }
    if automatic_permissions && !statements.is_empty() {
        add_statements(root, statements);
    }
    if !resources.is_empty() || !outputs.is_empty() {
        let mut template = Map::new();
        template.insert("Resources".to_string(), Value::Object(resources));
        template.insert("Outputs".to_string(), Value::Object(outputs));
        super::add_resources(root, template);
    }
}

/// `provider.stackName`, else `<service>-<stage>`: Lift's base name for the queues.
fn stack_name(root: &Map<String, Value>) -> String {
    if let Some(name) = root.get("provider").and_then(|p| p.get("stackName")).and_then(Value::as_str) {
        return name.to_string();
    }
    let (service, stage) = super::service_and_stage(root);
    format!("{service}-{stage}")
}

/// Lift's `appendPermissions`: onto `provider.iam.role.statements` when the role object has
/// them, else onto `provider.iamRoleStatements`.
fn add_statements(root: &mut Map<String, Value>, statements: Vec<Value>) {
    let Value::Object(provider) = root.entry("provider").or_insert_with(|| Value::Object(Map::new())) else {
        return;
    };
    if let Some(Value::Array(list)) =
        provider.get_mut("iam").and_then(|iam| iam.get_mut("role")).and_then(|role| role.get_mut("statements"))
    {
        list.extend(statements);
        return;
    }
    if let Value::Array(list) = provider.entry("iamRoleStatements").or_insert_with(|| Value::Array(Vec::new())) {
        list.extend(statements);
    }
}

/// A number setting of the queue, in `min..=max`.
fn number(l: &mut Loader, c: &Map<String, Value>, at: &str, key: &str, range: (f64, f64)) -> Option<f64> {
    let v = get(c, key)?;
    let path = join(at, key);
    let n = l.number(v, &path)?;
    if n < range.0 || n > range.1 {
        l.error_help(
            codes::LIFT_INVALID_CONSTRUCT_CONFIGURATION,
            &path,
            format!(
                "Invalid configuration in '{at}': '{key}' must be between {} and {}, '{}' given.",
                range.0,
                range.1,
                crate::reader::js_string(v)
            ),
            format!("set `{key}` to a value from {} to {}", range.0, range.1),
        );
        return None;
    }
    Some(n)
}

/// A construct's setting `key` as a boolean (`false` when absent); another type is reported.
fn flag(l: &mut Loader, c: &Map<String, Value>, at: &str, key: &str) -> bool {
    get(c, key).and_then(|v| l.boolean(v, &join(at, key))) == Some(true)
}

/// A construct's setting `key` as a string, when given; another type is reported.
fn text(l: &mut Loader, c: &Map<String, Value>, at: &str, key: &str) -> Option<String> {
    get(c, key).and_then(|v| l.string(v, &join(at, key)))
}

fn lift_error(l: &mut Loader, path: &str, at: &str, what: String, help: &str) {
    l.error_help(
        codes::LIFT_INVALID_CONSTRUCT_CONFIGURATION,
        path,
        format!("Invalid configuration in '{at}': {what}"),
        help,
    );
}

/// A construct's `extensions`: each of `available` (the construct's resources, with their
/// CloudFormation types) → CloudFormation to merge into that resource; any other name is Lift's
/// `LIFT_UNKNOWN_EXTENSION`. Problems of shape clear `ok`. A key CloudFormation does not read on
/// a resource or a property its type does not take is an error too (Lift merges anything, and
/// CloudFormation refuses the template).
fn lift_extensions(
    l: &mut Loader,
    c: &Map<String, Value>,
    at: &str,
    available: &[(&str, &str)],
    ok: &mut bool,
) -> Map<String, Value> {
    let mut extensions = Map::new();
    let Some(ext) = get(c, "extensions") else { return extensions };
    let path = join(at, "extensions");
    let Some(ext) = ext.as_object() else {
        l.type_error(&path, "an object (resource → CloudFormation to merge into it)", ext);
        *ok = false;
        return extensions;
    };
    for (name, value) in ext {
        let Some(&(_, type_name)) = available.iter().find(|(a, _)| *a == name) else {
            l.error_help(
                codes::LIFT_UNKNOWN_EXTENSION,
                &join(&path, name),
                format!(
                    "There is no extension '{name}' available on this construct. Available extensions are: {}.",
                    available.iter().map(|(a, _)| *a).collect::<Vec<_>>().join(", ")
                ),
                format!("extend {}", available.iter().map(|(a, _)| format!("`{a}`")).collect::<Vec<_>>().join(", ")),
            );
            *ok = false;
            continue;
        };
        if let Value::Object(resource) = value {
            extension_keys(l, resource, type_name, &join(&path, name));
            extensions.insert(name.clone(), value.clone());
        } else {
            l.type_error(&join(&path, name), "an object (CloudFormation to merge into the resource)", value);
            *ok = false;
        }
    }
    extensions
}

/// The keys of an extension of a resource of type `type_name` (at `at`) that CloudFormation
/// refuses: not a resource attribute, a property the type does not take, or a value of the wrong
/// shape inside one.
fn extension_keys(l: &mut Loader, resource: &Map<String, Value>, type_name: &str, at: &str) {
    let Some(ty) = crate::cfn::resource_type(type_name) else { return };
    for key in resource.keys() {
        if let Some((message, help)) = crate::cfn::attribute_problem(key, Some(ty)) {
            l.error_help(codes::RESOURCE_UNKNOWN_ATTRIBUTE, &join(at, key), message, help);
        }
    }
    let Some(Value::Object(properties)) = resource.get("Properties") else { return };
    if crate::reader::has_intrinsic_key(properties) {
        return;
    }
    let mut shapes = crate::diagnostics::Diagnostics::new();
    for (key, value) in properties {
        let path = join(&join(at, "Properties"), key);
        match ty.property_problem(key, None) {
            Some((message, help)) => l.error_help(codes::RESOURCE_UNKNOWN_PROPERTY, &path, message, help),
            None => crate::cfn::shape::check_property(ty, key, value, &path, true, &mut shapes),
        }
    }
    l.extend(shapes);
}

/// Properties from (name, value) pairs, in any order.
fn props(pairs: &[(&str, Value)]) -> Map<String, Value> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

/// A resource as CDK writes it: `Type`, `Properties` (the known ones in `known`'s order, then the
/// others an extension adds, in its order), the removal policies; then the extension's other
/// keys merged in (new ones last).
fn render(
    ty: &str,
    mut properties: Map<String, Value>,
    known: &[&str],
    removal: Option<&str>,
    extension: Option<&Map<String, Value>>,
) -> Value {
    // Without properties of its own, CDK writes none, and an extension's come after the
    // policies, as a merge appends them.
    let appended = properties.is_empty();
    if !appended && let Some(Value::Object(extra)) = extension.and_then(|e| e.get("Properties")) {
        cdk_merge(&mut properties, extra);
    }
    let mut ordered = Map::new();
    for key in known {
        if let Some(v) = properties.shift_remove(*key) {
            ordered.insert(key.to_string(), v);
        }
    }
    ordered.extend(properties);
    let mut resource = Map::new();
    resource.insert("Type".to_string(), json!(ty));
    if !ordered.is_empty() {
        resource.insert("Properties".to_string(), Value::Object(ordered));
    }
    if let Some(policy) = removal {
        resource.insert("UpdateReplacePolicy".to_string(), json!(policy));
        resource.insert("DeletionPolicy".to_string(), json!(policy));
    }
    if let Some(extension) = extension {
        let rest: Map<String, Value> = extension
            .iter()
            .filter(|(k, _)| appended || *k != "Properties")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        cdk_merge(&mut resource, &rest);
    }
    Value::Object(resource)
}

/// CDK's `deepMerge` of overrides: objects key by key, anything else (lists too) replaced.
fn cdk_merge(target: &mut Map<String, Value>, source: &Map<String, Value>) {
    for (key, value) in source {
        match (target.get_mut(key), value) {
            (Some(Value::Object(t)), Value::Object(s)) => cdk_merge(t, s),
            (_, value) => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logical_ids_are_cdks() {
        // Each checked against a template serverless-lift 1.37.7 wrote.
        let cases: &[(&[&str], &str)] = &[
            (&["jobs", "Dlq", "Resource"], "jobsDlqD18CF374"),
            (&["jobs", "QueueArn"], "jobsQueueArnA5A2FF7E"),
            (&["jobs", "QueueUrl"], "jobsQueueUrl573F5B7A"),
            (&["jobs", "DlqUrl"], "jobsDlqUrl2C7FA9D4"),
            (&["jobs", "AlarmTopicSubscription", "Resource"], "jobsAlarmTopicSubscription4E6FE97C"),
            (&["jobs", "MyKey", "Resource"], "jobsMyKey67ECC632"),
            (&["my-queue", "Queue", "Resource"], "myqueueQueue7B34C119"),
            (&["emailQueue", "Dlq", "Resource"], "emailQueueDlqEE7F761A"),
            (&["emails", "Queue", "Resource"], "emailsQueueF057328A"),
            (&["Default", "x-y"], "xy"),
        ];
        for (path, id) in cases {
            assert_eq!(logical_id(path), *id, "{path:?}");
        }
    }
}
