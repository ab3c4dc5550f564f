//! serverless-lift's `queue`, `storage`, `webhook`, `static-website` and `single-page-app`
//! constructs, as serverless-lift 1.37.7 builds them (npm package `dist/src/constructs/aws/`:
//! `Queue.js`, `Storage.js`, `Webhook.js`, `StaticWebsite.js`, `SinglePageApp.js`,
//! `abstracts/StaticWebsiteAbstract.js`; `dist/src/plugin.js`, `dist/src/providers/AwsProvider.js`;
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
use crate::reader::{Keys, Loader, get};

/// The plugin's name in `plugins`.
pub const LIFT: &str = "serverless-lift";

/// Lift's other construct types, which stackwright does not build, and what they stand for.
const OTHER_TYPES: &[(&str, &str)] = &[
    ("server-side-website", "a CloudFront distribution in front of the service's HTTP API and an S3 bucket"),
    ("database/dynamodb-single-table", "a DynamoDB table (`AWS::DynamoDB::Table`)"),
    ("vpc", "a VPC with its subnets and NAT gateways"),
];

const QUEUE_KEYS: Keys = Keys {
    allowed: &[
        "type",
        "worker",
        "maxRetries",
        "alarm",
        "batchSize",
        "maxBatchingWindow",
        "maxConcurrency",
        "fifo",
        "delay",
        "encryption",
        "encryptionKey",
        "extensions",
    ],
    unsupported: &["provider"],
    no_effect: &[],
};

const WEBSITE_KEYS: Keys = Keys {
    allowed: &[
        "type",
        "path",
        "domain",
        "certificate",
        "security",
        "errorPage",
        "redirectToMainDomain",
        "versionedAssets",
        "extensions",
    ],
    unsupported: &["provider"],
    no_effect: &[],
};

const WEBHOOK_KEYS: Keys = Keys {
    allowed: &["type", "authorizer", "insecure", "path", "eventType", "method", "extensions"],
    unsupported: &["provider"],
    no_effect: &[],
};

const STORAGE_KEYS: Keys = Keys {
    allowed: &["type", "archive", "encryption", "allowAcl", "publicPath", "cors", "lifecycleRules", "extensions"],
    unsupported: &["provider"],
    no_effect: &[],
};

/// The CloudFormation properties CDK's generated classes know, per resource type: CDK writes them
/// in this (alphabetical) order, then any other property an extension adds, in its order.
const SQS_QUEUE: &[&str] = &[
    "ContentBasedDeduplication",
    "DeduplicationScope",
    "DelaySeconds",
    "FifoQueue",
    "FifoThroughputLimit",
    "KmsDataKeyReusePeriodSeconds",
    "KmsMasterKeyId",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "QueueName",
    "ReceiveMessageWaitTimeSeconds",
    "RedriveAllowPolicy",
    "RedrivePolicy",
    "SqsManagedSseEnabled",
    "Tags",
    "VisibilityTimeout",
];
const S3_BUCKET: &[&str] = &[
    "AbacStatus",
    "AccelerateConfiguration",
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
const APIGATEWAYV2_API: &[&str] = &[
    "ApiKeySelectionExpression",
    "BasePath",
    "Body",
    "BodyS3Location",
    "CorsConfiguration",
    "CredentialsArn",
    "Description",
    "DisableExecuteApiEndpoint",
    "DisableSchemaValidation",
    "FailOnWarnings",
    "IpAddressType",
    "Name",
    "ProtocolType",
    "RouteKey",
    "RouteSelectionExpression",
    "Tags",
    "Target",
    "Version",
];
const EVENT_BUS: &[&str] =
    &["DeadLetterConfig", "Description", "EventSourceName", "KmsKeyIdentifier", "LogConfig", "Name", "Policy", "Tags"];
const SNS_TOPIC: &[&str] = &[
    "ArchivePolicy",
    "ContentBasedDeduplication",
    "DataProtectionPolicy",
    "DeliveryStatusLogging",
    "DisplayName",
    "FifoThroughputScope",
    "FifoTopic",
    "KmsMasterKeyId",
    "SignatureVersion",
    "Subscription",
    "Tags",
    "TopicName",
    "TracingConfig",
];
const SNS_SUBSCRIPTION: &[&str] = &[
    "DeliveryPolicy",
    "Endpoint",
    "FilterPolicy",
    "FilterPolicyScope",
    "Protocol",
    "RawMessageDelivery",
    "RedrivePolicy",
    "Region",
    "ReplayPolicy",
    "SubscriptionRoleArn",
    "TopicArn",
];
const CLOUDWATCH_ALARM: &[&str] = &[
    "ActionsEnabled",
    "AlarmActions",
    "AlarmDescription",
    "AlarmName",
    "ComparisonOperator",
    "DatapointsToAlarm",
    "Dimensions",
    "EvaluateLowSampleCountPercentile",
    "EvaluationPeriods",
    "ExtendedStatistic",
    "InsufficientDataActions",
    "MetricName",
    "Metrics",
    "Namespace",
    "OKActions",
    "Period",
    "Statistic",
    "Tags",
    "Threshold",
    "ThresholdMetricId",
    "TreatMissingData",
    "Unit",
];
const KMS_KEY: &[&str] = &[
    "BypassPolicyLockoutSafetyCheck",
    "Description",
    "EnableKeyRotation",
    "Enabled",
    "KeyPolicy",
    "KeySpec",
    "KeyUsage",
    "MultiRegion",
    "Origin",
    "PendingWindowInDays",
    "RotationPeriodInDays",
    "Tags",
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
        && let Some(m) =
            l.object(settings, "lift", &Keys { allowed: &["automaticPermissions"], unsupported: &[], no_effect: &[] })
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
    let region =
        root.get("provider").and_then(|p| p.get("region")).and_then(Value::as_str).unwrap_or("us-east-1").to_string();
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
        match get(c, "type").and_then(Value::as_str) {
            Some("queue") => queue(l, id, c, &at, &stack, functions, &mut added),
            Some("storage") => storage(l, id, c, &at, &mut added),
            Some("webhook") => webhook(l, id, c, &at, &region, &mut added),
            Some(kind @ ("static-website" | "single-page-app")) => {
                let site = Website { id, stack: &stack, region: &region, spa: kind == "single-page-app" };
                website(l, &site, c, &at, &mut added)
            }
            Some(other) => match OTHER_TYPES.iter().find(|(t, _)| *t == other) {
                Some((_, what)) => l.error_help(
                    codes::LIFT_CONSTRUCT_UNSUPPORTED,
                    &join(&at, "type"),
                    format!(
                        "Lift's `{other}` construct is not built by stackwright; only `queue`, `storage`, `webhook`, \
                         `static-website` and `single-page-app` are"
                    ),
                    format!("declare what it stands for, {what}, in `resources`, and use `Ref`/`Fn::GetAtt` where `${{construct:{id}...}}` was"),
                ),
                None => l.error_help(
                    codes::LIFT_UNKNOWN_CONSTRUCT_TYPE,
                    &join(&at, "type"),
                    format!("The construct '{id}' has an unknown type '{other}'"),
                    "Lift's construct types are queue, storage, webhook, static-website, single-page-app, \
                     server-side-website, database/dynamodb-single-table and vpc; stackwright builds all but the last three",
                ),
            },
            None => match get(c, "type") {
                Some(other) => l.type_error(&join(&at, "type"), "a construct type such as `queue`", other),
                None => l.missing(&at, "type", "add `type: queue`"),
            },
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
        match root.entry("resources").or_insert_with(|| Value::Object(Map::new())) {
            Value::Array(items) => items.push(Value::Object(template)),
            user @ Value::Object(_) => crate::json::lodash_merge(user, &Value::Object(template)),
            // A `resources` of the wrong type is the loader's error.
            _ => {}
        }
    }
}

/// `provider.stackName`, else `<service>-<stage>`: Lift's base name for the queues.
fn stack_name(root: &Map<String, Value>) -> String {
    let provider = root.get("provider");
    if let Some(name) = provider.and_then(|p| p.get("stackName")).and_then(Value::as_str) {
        return name.to_string();
    }
    let service = match root.get("service") {
        Some(Value::Object(s)) => s.get("name").and_then(Value::as_str).unwrap_or_default(),
        Some(s) => s.as_str().unwrap_or_default(),
        None => "",
    };
    let stage = provider.and_then(|p| p.get("stage")).and_then(Value::as_str).unwrap_or("dev");
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

/// A number as JavaScript writes it: integral values without a fraction.
fn js_number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9e15 {
        // Integral and in range: the cast is exact.
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// A function's `timeout` as a number, as the schema coerces it; the loader reports any other.
fn seconds(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
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

fn lift_error(l: &mut Loader, path: &str, at: &str, what: String, help: &str) {
    l.error_help(
        codes::LIFT_INVALID_CONSTRUCT_CONFIGURATION,
        path,
        format!("Invalid configuration in '{at}': {what}"),
        help,
    );
}

/// A construct's `extensions`: each of `available` (the construct's resources) → CloudFormation
/// to merge into that resource; any other name is Lift's `LIFT_UNKNOWN_EXTENSION`. Problems clear
/// `ok`.
fn lift_extensions(
    l: &mut Loader,
    c: &Map<String, Value>,
    at: &str,
    available: &[&str],
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
        if !available.contains(&name.as_str()) {
            l.error_help(
                codes::LIFT_UNKNOWN_EXTENSION,
                &join(&path, name),
                format!(
                    "There is no extension '{name}' available on this construct. Available extensions are: {}.",
                    available.join(", ")
                ),
                format!("extend {}", available.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")),
            );
            *ok = false;
        } else if value.is_object() {
            extensions.insert(name.clone(), value.clone());
        } else {
            l.type_error(&join(&path, name), "an object (CloudFormation to merge into the resource)", value);
            *ok = false;
        }
    }
    extensions
}

/// One `type: queue` construct (Lift's `QueueConstruct`).
fn queue(
    l: &mut Loader,
    id: &str,
    c: &Map<String, Value>,
    at: &str,
    stack: &str,
    functions: Option<&Map<String, Value>>,
    added: &mut Added,
) {
    l.check_keys(c, at, &QUEUE_KEYS);
    // SQS takes 1 to 1000 receives before a message moves to the dead-letter queue.
    let max_retries = number(l, c, at, "maxRetries", (1.0, 1000.0)).unwrap_or(3.0);
    let batch_size = number(l, c, at, "batchSize", (1.0, 10000.0));
    let window = number(l, c, at, "maxBatchingWindow", (0.0, 300.0));
    let concurrency = number(l, c, at, "maxConcurrency", (2.0, 1000.0));
    let delay = get(c, "delay").and_then(|v| l.number(v, &join(at, "delay")));
    let fifo = get(c, "fifo").and_then(|v| l.boolean(v, &join(at, "fifo"))).unwrap_or(false);
    let alarm = get(c, "alarm").and_then(|v| l.string(v, &join(at, "alarm")));
    let encryption_key = get(c, "encryptionKey").and_then(|v| l.string(v, &join(at, "encryptionKey")));
    let mut ok = true;

    // The worker: a function of its own, or (a string) an existing function.
    let timeout = match get(c, "worker") {
        None => {
            lift_error(
                l,
                &join(at, "worker"),
                at,
                "no 'worker' defined. Queue constructs require a 'worker' function to be defined.".to_string(),
                "add `worker: {handler: ...}` (the function that processes the jobs), or name a function of `functions`",
            );
            ok = false;
            None
        }
        Some(Value::String(name)) => match functions.and_then(|f| f.get(name)) {
            Some(f) => f.get("timeout").and_then(seconds),
            None => {
                lift_error(
                    l,
                    &join(at, "worker"),
                    at,
                    format!("'worker' needs to point to an existing function, and `functions` has no \"{name}\"."),
                    "name a function of `functions`, or give the worker's settings: `worker: {handler: ...}`",
                );
                ok = false;
                None
            }
        },
        Some(Value::Object(worker)) => worker.get("timeout").and_then(seconds),
        Some(other) => {
            l.type_error(&join(at, "worker"), "a function's settings (`{handler: ...}`) or a function name", other);
            ok = false;
            None
        }
    };
    if let Some(d) = delay
        && !(0.0..=900.0).contains(&d)
    {
        let given = crate::reader::js_string(&get(c, "delay").cloned().unwrap_or_default());
        lift_error(
            l,
            &join(at, "delay"),
            at,
            format!("'delay' must be between 0 and 900, '{given}' given."),
            "set `delay` (seconds) from 0 to 900",
        );
        ok = false;
    }
    if let Some(b) = batch_size.filter(|b| *b > 10.0) {
        if fifo {
            lift_error(
                l,
                &join(at, "batchSize"),
                at,
                format!("'batchSize' must be between 0 and 10 for FIFO queues, '{}' given.", js_number(b)),
                "set `batchSize` to 10 or less, or drop `fifo: true`",
            );
            ok = false;
        } else if window.unwrap_or(0.0) == 0.0 {
            lift_error(
                l,
                &join(at, "maxBatchingWindow"),
                at,
                "'maxBatchingWindow' must be greater than 0 for batchSize > 10, '0' given.".to_string(),
                "add `maxBatchingWindow: 1` (seconds, up to 300), or set `batchSize` to 10 or less",
            );
            ok = false;
        }
    }
    let encryption = match get(c, "encryption") {
        None | Some(Value::Null) => None,
        Some(Value::String(e)) if e.is_empty() => None,
        Some(Value::String(e)) if e == "kmsManaged" => Some(json!("alias/aws/sqs")),
        Some(Value::String(e)) if e == "kms" => match &encryption_key {
            Some(key) => Some(json!({"Fn::GetAtt": [logical_id(&[id, key, "Resource"]), "Arn"]})),
            None => {
                lift_error(
                    l,
                    &join(at, "encryptionKey"),
                    at,
                    "'encryptionKey' must be set if the 'encryption' is set to 'kms'".to_string(),
                    "add `encryptionKey: <name>` (Lift creates a KMS key of that name), or use `encryption: kmsManaged`",
                );
                ok = false;
                None
            }
        },
        Some(other) => {
            lift_error(
                l,
                &join(at, "encryption"),
                at,
                format!(
                    "'encryption' must be one of 'kms', 'kmsManaged', null, '{}' given.",
                    crate::reader::js_string(other)
                ),
                "write `encryption: kmsManaged` (the AWS-managed key) or `encryption: kms` with `encryptionKey`",
            );
            ok = false;
            None
        }
    };
    let alarm_extensions: &[&str] = if alarm.is_some() { &["queue", "dlq", "alarm"] } else { &["queue", "dlq"] };
    let extensions = lift_extensions(l, c, at, alarm_extensions, &mut ok);
    if !ok {
        return;
    }

    let queue_id = logical_id(&[id, "Queue", "Resource"]);
    let dlq_id = logical_id(&[id, "Dlq", "Resource"]);
    let suffix = if fifo { ".fifo" } else { "" };
    let visibility = timeout.unwrap_or(6.0) * 6.0 + window.unwrap_or(0.0);
    let ext = |name: &str| extensions.get(name).and_then(Value::as_object);

    if let Some(key) = encryption_key.as_deref().filter(|_| get(c, "encryption").and_then(Value::as_str) == Some("kms"))
    {
        let policy = json!({
            "Statement": [{
                "Action": "kms:*",
                "Effect": "Allow",
                "Principal": {"AWS": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::", {"Ref": "AWS::AccountId"}, ":root"]]}},
                "Resource": "*"
            }],
            "Version": "2012-10-17"
        });
        let props = props(&[("KeyPolicy", policy)]);
        let resource = render("AWS::KMS::Key", props, KMS_KEY, Some("Retain"), None);
        added.resources.insert(logical_id(&[id, key, "Resource"]), resource);
    }
    let mut dlq =
        vec![("MessageRetentionPeriod", json!(1_209_600)), ("QueueName", json!(format!("{stack}-{id}-dlq{suffix}")))];
    let mut main = vec![
        ("QueueName", json!(format!("{stack}-{id}{suffix}"))),
        (
            "RedrivePolicy",
            json!({"deadLetterTargetArn": {"Fn::GetAtt": [&dlq_id, "Arn"]}, "maxReceiveCount": js_number(max_retries)}),
        ),
        ("VisibilityTimeout", js_number(visibility)),
    ];
    if fifo {
        dlq.push(("FifoQueue", json!(true)));
        main.push(("FifoQueue", json!(true)));
        main.push(("ContentBasedDeduplication", json!(true)));
    }
    if let Some(key) = &encryption {
        dlq.push(("KmsMasterKeyId", key.clone()));
        main.push(("KmsMasterKeyId", key.clone()));
    }
    if let Some(d) = delay {
        main.push(("DelaySeconds", js_number(d)));
    }
    added
        .resources
        .insert(dlq_id.clone(), render("AWS::SQS::Queue", props(&dlq), SQS_QUEUE, Some("Delete"), ext("dlq")));
    added
        .resources
        .insert(queue_id.clone(), render("AWS::SQS::Queue", props(&main), SQS_QUEUE, Some("Delete"), ext("queue")));
    if let Some(email) = &alarm {
        let topic = logical_id(&[id, "AlarmTopic", "Resource"]);
        let display: String = format!("[Alert][{id}] failed jobs in the DLQ.").chars().take(100).collect();
        let topic_props =
            props(&[("DisplayName", json!(display)), ("TopicName", json!(format!("{stack}-{id}-dlq-alarm-topic")))]);
        added.resources.insert(topic.clone(), render("AWS::SNS::Topic", topic_props, SNS_TOPIC, None, None));
        let subscription =
            props(&[("Endpoint", json!(email)), ("Protocol", json!("email")), ("TopicArn", json!({"Ref": &topic}))]);
        added.resources.insert(
            logical_id(&[id, "AlarmTopicSubscription", "Resource"]),
            render("AWS::SNS::Subscription", subscription, SNS_SUBSCRIPTION, None, None),
        );
        let alarm_props = props(&[
            ("AlarmActions", json!([{"Ref": &topic}])),
            ("AlarmDescription", json!("Alert triggered when there are failed jobs in the dead letter queue.")),
            ("AlarmName", json!(format!("{stack}-{id}-dlq-alarm"))),
            ("ComparisonOperator", json!("GreaterThanThreshold")),
            ("Dimensions", json!([{"Name": "QueueName", "Value": {"Fn::GetAtt": [&dlq_id, "QueueName"]}}])),
            ("EvaluationPeriods", json!(1)),
            ("MetricName", json!("ApproximateNumberOfMessagesVisible")),
            ("Namespace", json!("AWS/SQS")),
            ("Period", json!(60)),
            ("Statistic", json!("Sum")),
            ("Threshold", json!(0)),
            ("TreatMissingData", json!("notBreaching")),
        ]);
        added.resources.insert(
            logical_id(&[id, "Alarm", "Resource"]),
            render("AWS::CloudWatch::Alarm", alarm_props, CLOUDWATCH_ALARM, None, ext("alarm")),
        );
    }
    let output = |description: String, value: Value| json!({"Description": description, "Value": value});
    added.outputs.insert(
        logical_id(&[id, "QueueArn"]),
        output(format!("ARN of the \"{id}\" SQS queue."), json!({"Fn::GetAtt": [&queue_id, "Arn"]})),
    );
    added.outputs.insert(
        logical_id(&[id, "QueueUrl"]),
        output(format!("URL of the \"{id}\" SQS queue."), json!({"Ref": &queue_id})),
    );
    added.outputs.insert(
        logical_id(&[id, "DlqUrl"]),
        output(format!("URL of the \"{id}\" SQS dead letter queue."), json!({"Ref": &dlq_id})),
    );
    added.statements.push(json!({
        "Effect": "Allow",
        "Action": ["sqs:SendMessage", "sqs:ChangeMessageVisibility"],
        "Resource": [{"Fn::GetAtt": [&queue_id, "Arn"]}]
    }));

    let mut sqs = Map::new();
    sqs.insert("arn".to_string(), json!({"Fn::GetAtt": [&queue_id, "Arn"]}));
    sqs.insert("batchSize".to_string(), js_number(batch_size.unwrap_or(1.0)));
    sqs.insert("maximumBatchingWindow".to_string(), js_number(window.unwrap_or(0.0)));
    if let Some(n) = concurrency {
        sqs.insert("maximumConcurrency".to_string(), js_number(n));
    }
    sqs.insert("functionResponseType".to_string(), json!("ReportBatchItemFailures"));
    let event = json!({"sqs": sqs});
    match get(c, "worker") {
        Some(Value::String(name)) => added.events.push((name.clone(), event, at.to_string())),
        Some(Value::Object(worker)) => {
            let mut worker = worker.clone();
            let name = format!("{id}Worker");
            let function = join("functions", &name);
            // Events of the wrong type are the loader's error.
            if let Value::Array(events) = worker.entry("events").or_insert_with(|| Value::Array(Vec::new())) {
                added.origins.push((index(&join(&function, "events"), events.len()), at.to_string(), false));
                events.push(event);
            }
            added.origins.push((function, join(at, "worker"), true));
            added.workers.push((name, Value::Object(worker)));
        }
        _ => {}
    }
}

/// A `static-website` or `single-page-app` construct being built.
struct Website<'a> {
    id: &'a str,
    stack: &'a str,
    region: &'a str,
    /// `single-page-app`: a private bucket read through an origin access identity, and every
    /// path without a file extension answered with `/index.html`.
    spa: bool,
}

/// The security headers the response function adds (Lift's `createResponseFunction`), as
/// `JSON.stringify(headers, undefined, 4)` writes them.
fn security_headers(allow_iframe: bool) -> String {
    let mut headers = Vec::new();
    if !allow_iframe {
        headers.push(("x-frame-options", "SAMEORIGIN"));
    }
    headers.extend([
        ("x-content-type-options", "nosniff"),
        ("x-xss-protection", "1; mode=block"),
        ("strict-transport-security", "max-age=63072000"),
    ]);
    let entries: Vec<String> = headers
        .iter()
        .map(|(name, value)| format!("    \"{name}\": {{\n        \"value\": \"{value}\"\n    }}"))
        .collect();
    format!("{{\n{}\n}}", entries.join(",\n"))
}

/// Lift's `ensureNameMaxLength`: a name over `max` characters is cut, with the first six hex
/// digits of its MD5 after a `-`.
fn name_max_length(name: String, max: usize) -> String {
    if name.len() <= max {
        return name;
    }
    let suffix = &crate::hash::md5_hex(name.as_bytes())[..6];
    format!("{}-{suffix}", &name[..max - suffix.len() - 1])
}

/// Lift's `redirectToMainDomain`: with two domains or more, requests to the others are sent to
/// the first.
fn redirect_code(domains: &[String]) -> String {
    match domains {
        [main, _, ..] => format!(
            "\n    if (request.headers[\"host\"].value !== \"{main}\") {{\n        return {{\n            statusCode: 301,\n            \
             statusDescription: \"Moved Permanently\",\n            headers: {{\n                location: {{\n                    \
             value: \"https://{main}\" + request.uri\n                }}\n            }}\n        }};\n    }}"
        ),
        _ => String::new(),
    }
}

/// A CloudFront function resource.
fn cloudfront_function(name: String, code: String) -> Value {
    json!({"Type": "AWS::CloudFront::Function", "Properties": {
        "AutoPublish": true,
        "FunctionCode": code,
        "FunctionConfig": {"Comment": &name, "Runtime": "cloudfront-js-1.0"},
        "Name": name
    }})
}

/// Object keys in byte order, all the way down (CDK writes the distribution's structures so).
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// One `static-website` or `single-page-app` construct (Lift's `StaticWebsite`,
/// `SinglePageApp` and their `StaticWebsiteAbstract`, 1.37.7): the bucket, its policy, the
/// CloudFront functions and distribution, and the four outputs. Lift uploads `path` after each
/// deploy; `stackwright deploy` does not, which a warning says.
fn website(l: &mut Loader, site: &Website, c: &Map<String, Value>, at: &str, added: &mut Added) {
    let Website { id, stack, region, spa } = *site;
    l.check_keys(c, at, &WEBSITE_KEYS);
    let mut ok = true;
    let path = match get(c, "path") {
        Some(v) => l.string(v, &join(at, "path")),
        None => {
            l.missing(at, "path", "add the directory that holds the website's files, e.g. `path: public`");
            None
        }
    };
    ok &= path.is_some();
    let domains: Vec<String> = match get(c, "domain") {
        None => Vec::new(),
        Some(Value::String(d)) if d.is_empty() => Vec::new(),
        Some(Value::String(d)) => vec![d.clone()],
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
            items.iter().filter_map(Value::as_str).map(str::to_string).collect()
        }
        Some(other) => {
            l.type_error(&join(at, "domain"), "a domain name or a list of them", other);
            ok = false;
            Vec::new()
        }
    };
    let certificate =
        get(c, "certificate").and_then(|v| l.string(v, &join(at, "certificate"))).filter(|c| !c.is_empty());
    if !domains.is_empty() && certificate.is_none() {
        lift_error(
            l,
            &join(at, "certificate"),
            at,
            format!(
                "if a domain is configured for the static website '{id}', then a certificate ARN must be configured in the 'certificate' option."
            ),
            "add `certificate: arn:aws:acm:us-east-1:...` (a certificate in us-east-1 that covers the domains)",
        );
        ok = false;
    }
    if domains.is_empty() && certificate.is_some() {
        l.error_help(
            codes::LIFT_INVALID_CONSTRUCT_CONFIGURATION,
            &join(at, "certificate"),
            format!("the website '{id}' has a certificate but no `domain`: CloudFront needs a domain name to use a certificate"),
            "add `domain`, or remove `certificate`",
        );
        ok = false;
    }
    let allow_iframe = match get(c, "security") {
        None => false,
        Some(Value::Object(security)) => {
            l.check_keys(
                security,
                &join(at, "security"),
                &Keys { allowed: &["allowIframe"], unsupported: &[], no_effect: &[] },
            );
            security.get("allowIframe").and_then(|v| l.boolean(v, &join(&join(at, "security"), "allowIframe")))
                == Some(true)
        }
        Some(other) => {
            l.type_error(&join(at, "security"), "an object (`allowIframe`)", other);
            ok = false;
            false
        }
    };
    let error_page = match get(c, "errorPage").and_then(|v| l.string(v, &join(at, "errorPage"))) {
        Some(page) if page.starts_with("./") || page.starts_with("../") => {
            l.error_help(
                codes::LIFT_INVALID_CONSTRUCT_CONFIGURATION,
                &join(at, "errorPage"),
                format!("The 'errorPage' option of the '{id}' static website cannot start with './' or '../'. (it cannot be a relative path)."),
                "write the page's path in the website, e.g. `errorPage: error.html`",
            );
            ok = false;
            None
        }
        Some(page) if page.starts_with('/') => Some(page),
        Some(page) => Some(format!("/{page}")),
        None => None,
    };
    let redirect =
        get(c, "redirectToMainDomain").and_then(|v| l.boolean(v, &join(at, "redirectToMainDomain"))) == Some(true);
    let versioned = get(c, "versionedAssets").and_then(|v| l.boolean(v, &join(at, "versionedAssets"))) == Some(true);
    let extensions = lift_extensions(l, c, at, &["distribution", "bucket"], &mut ok);
    if !ok {
        return;
    }
    let ext = |name: &str| extensions.get(name).and_then(Value::as_object);

    let bucket = logical_id(&[id, "Bucket", "Resource"]);
    let cdn = logical_id(&[id, "CDN", "Resource"]);
    let origin = logical_id(&[id, "CDN", "Origin1"]);
    let response = logical_id(&[id, "ResponseFunction", "Resource"]);
    let request = logical_id(&[id, "RequestFunction", "Resource"]);
    let arn = json!({"Fn::GetAtt": [&bucket, "Arn"]});
    let resources = &mut added.resources;

    let mut bucket_props = Vec::new();
    if versioned {
        let rule =
            json!({"ExpirationInDays": 1, "Status": "Enabled", "TagFilters": [{"Key": "Obsolete", "Value": "true"}]});
        bucket_props.push(("LifecycleConfiguration", json!({"Rules": [rule]})));
    }
    if !spa {
        let block = json!({"BlockPublicAcls": false, "BlockPublicPolicy": false, "IgnorePublicAcls": false, "RestrictPublicBuckets": false});
        bucket_props.push(("PublicAccessBlockConfiguration", block));
        let mut website = Map::new();
        if let Some(page) = &error_page {
            website.insert("ErrorDocument".into(), json!(page));
        }
        website.insert("IndexDocument".into(), json!("index.html"));
        bucket_props.push(("WebsiteConfiguration", Value::Object(website)));
    }
    resources.insert(
        bucket.clone(),
        render("AWS::S3::Bucket", props(&bucket_props), S3_BUCKET, Some("Delete"), ext("bucket")),
    );
    let identity = logical_id(&[id, "CDN", "Origin1", "S3Origin", "Resource"]);
    let principal = match spa {
        true => json!({"CanonicalUser": {"Fn::GetAtt": [&identity, "S3CanonicalUserId"]}}),
        false => json!({"AWS": "*"}),
    };
    resources.insert(
        logical_id(&[id, "Bucket", "Policy", "Resource"]),
        json!({"Type": "AWS::S3::BucketPolicy", "Properties": {
            "Bucket": {"Ref": &bucket},
            "PolicyDocument": {
                "Statement": [{"Action": "s3:GetObject", "Effect": "Allow", "Principal": principal, "Resource": {"Fn::Join": ["", [&arn, "/*"]]}}],
                "Version": "2012-10-17"
            }
        }}),
    );
    let response_code = format!(
        "function handler(event) {{\n    var response = event.response;\n    response.headers = Object.assign({{}}, {}, response.headers);\n    return response;\n}}",
        security_headers(allow_iframe)
    );
    resources.insert(
        response.clone(),
        cloudfront_function(name_max_length(format!("{stack}-{region}-{id}-response"), 64), response_code),
    );
    let redirect_code = if redirect { redirect_code(&domains) } else { String::new() };
    let request_code = match spa {
        true => Some(format!(
            "var REDIRECT_REGEX = /^[^.]+$|\\.(?!(css|gif|ico|jpg|jpeg|js|png|txt|svg|woff|woff2|ttf|map|json|webp|xml|pdf|webmanifest|avif|wasm|lottie)$)([^.]+$)/;\n\n\
             function handler(event) {{\n    var uri = event.request.uri;\n    var request = event.request;\n    \
             var isUriToRedirect = REDIRECT_REGEX.test(uri);\n\n    if (isUriToRedirect) {{\n        request.uri = \"/index.html\";\n    }}{redirect_code}\n\n    \
             return event.request;\n}}"
        )),
        false if redirect_code.is_empty() => None,
        false => Some(format!(
            "function handler(event) {{\n    var request = event.request;{redirect_code}\n    return request;\n}}"
        )),
    };
    let origin_config = match spa {
        true => {
            resources.insert(
                identity.clone(),
                json!({"Type": "AWS::CloudFront::CloudFrontOriginAccessIdentity", "Properties": {
                    "CloudFrontOriginAccessIdentityConfig": {"Comment": format!("Identity for {origin}")}
                }}),
            );
            json!({
                "DomainName": {"Fn::GetAtt": [&bucket, "RegionalDomainName"]},
                "Id": &origin,
                "S3OriginConfig": {"OriginAccessIdentity": {"Fn::Join": ["", ["origin-access-identity/cloudfront/", {"Ref": &identity}]]}}
            })
        }
        false => json!({
            "CustomOriginConfig": {"OriginProtocolPolicy": "http-only", "OriginSSLProtocols": ["TLSv1.2"]},
            "DomainName": {"Fn::Select": [2, {"Fn::Split": ["/", {"Fn::GetAtt": [&bucket, "WebsiteURL"]}]}]},
            "Id": &origin
        }),
    };
    let mut associations =
        vec![json!({"EventType": "viewer-response", "FunctionARN": {"Fn::GetAtt": [&response, "FunctionARN"]}})];
    if request_code.is_some() {
        associations
            .push(json!({"EventType": "viewer-request", "FunctionARN": {"Fn::GetAtt": [&request, "FunctionARN"]}}));
    }
    let error_response = match &error_page {
        Some(page) => json!({"ErrorCachingMinTTL": 0, "ErrorCode": 404, "ResponseCode": 404, "ResponsePagePath": page}),
        None => {
            json!({"ErrorCachingMinTTL": 0, "ErrorCode": 404, "ResponseCode": 200, "ResponsePagePath": "/index.html"})
        }
    };
    let mut config = json!({
        "Comment": format!("{stack} {id} website CDN"),
        "CustomErrorResponses": [error_response],
        "DefaultCacheBehavior": {
            "AllowedMethods": ["GET", "HEAD", "OPTIONS"],
            // CloudFront's managed policy "CachingOptimized".
            "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
            "Compress": true,
            "FunctionAssociations": associations,
            "TargetOriginId": &origin,
            "ViewerProtocolPolicy": "redirect-to-https"
        },
        "DefaultRootObject": "index.html",
        "Enabled": true,
        "HttpVersion": "http2",
        "IPV6Enabled": true,
        "Origins": [origin_config]
    });
    if let (Value::Object(config), Some(certificate)) = (&mut config, &certificate) {
        config.insert("Aliases".into(), json!(domains));
        config.insert(
            "ViewerCertificate".into(),
            json!({"AcmCertificateArn": certificate, "MinimumProtocolVersion": "TLSv1.2_2021", "SslSupportMethod": "sni-only"}),
        );
    }
    let mut distribution = Map::new();
    distribution.insert("DistributionConfig".into(), config);
    if let Some(Value::Object(extra)) = ext("distribution").and_then(|e| e.get("Properties")) {
        cdk_merge(&mut distribution, extra);
    }
    let rest = ext("distribution")
        .map(|e| e.iter().filter(|(k, _)| *k != "Properties").map(|(k, v)| (k.clone(), v.clone())).collect());
    let mut cdn_resource = Map::new();
    cdn_resource.insert("Type".into(), json!("AWS::CloudFront::Distribution"));
    cdn_resource.insert("Properties".into(), sorted(Value::Object(distribution)));
    if let Some(rest) = rest {
        cdk_merge(&mut cdn_resource, &rest);
    }
    resources.insert(cdn.clone(), Value::Object(cdn_resource));
    if let Some(code) = request_code {
        resources
            .insert(request, cloudfront_function(name_max_length(format!("{stack}-{region}-{id}-request"), 64), code));
    }

    let domain = match domains.first() {
        Some(d) => json!(d),
        None => json!({"Fn::GetAtt": [&cdn, "DomainName"]}),
    };
    let output = |description: &str, value: Value| json!({"Description": description, "Value": value});
    let outputs = &mut added.outputs;
    outputs.insert(
        logical_id(&[id, "BucketName"]),
        output("Name of the bucket that stores the static website.", json!({"Ref": &bucket})),
    );
    outputs.insert(logical_id(&[id, "Domain"]), output("Website domain name.", domain));
    outputs.insert(
        logical_id(&[id, "CloudFrontCName"]),
        output("CloudFront CNAME.", json!({"Fn::GetAtt": [&cdn, "DomainName"]})),
    );
    outputs.insert(
        logical_id(&[id, "DistributionId"]),
        output("ID of the CloudFront distribution.", json!({"Ref": &cdn})),
    );
    let dir = path.unwrap_or_default();
    l.warn_help(
        codes::PLUGIN_DEPLOY_TIME,
        at,
        format!(
            "serverless-lift uploads `{dir}` to the website's bucket after each deploy and clears the CloudFront \
             cache; `stackwright deploy` deploys the bucket and the distribution, not the files"
        ),
        format!(
            "after deploying, run `aws s3 sync {dir} s3://<the {} output> --delete` and `aws cloudfront \
             create-invalidation --distribution-id <the {} output> --paths '/*'`",
            logical_id(&[id, "BucketName"]),
            logical_id(&[id, "DistributionId"])
        ),
    );
}

/// One `type: webhook` construct (Lift's `Webhook`, 1.37.7): an HTTP API whose route puts the
/// request body on an EventBridge bus, behind a Lambda authorizer (`<id>Authorizer`, added to
/// `functions`) unless `insecure: true`.
fn webhook(l: &mut Loader, id: &str, c: &Map<String, Value>, at: &str, region: &str, added: &mut Added) {
    l.check_keys(c, at, &WEBHOOK_KEYS);
    let mut ok = true;
    let path = match get(c, "path") {
        Some(v) => l.string(v, &join(at, "path")),
        None => {
            l.missing(at, "path", "add the route's path, e.g. `path: /webhooks/stripe`");
            None
        }
    };
    ok &= path.is_some();
    let insecure = get(c, "insecure").and_then(|v| l.boolean(v, &join(at, "insecure"))).unwrap_or(false);
    let event_type = match get(c, "eventType") {
        Some(v) => l.string(v, &join(at, "eventType")),
        None => Some("Webhook".to_string()),
    };
    let method = match get(c, "method") {
        None => "POST".to_string(),
        Some(Value::String(m)) if ["POST", "PUT", "PATCH"].contains(&m.as_str()) => m.clone(),
        Some(other) => {
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &join(at, "method"),
                format!("expected POST, PUT or PATCH, found {}", crate::reader::describe(other)),
                "write `method: POST` (the default), `PUT` or `PATCH`",
            );
            ok = false;
            String::new()
        }
    };
    let authorizer = get(c, "authorizer");
    match (insecure, authorizer) {
        (true, Some(_)) => {
            lift_error(
                l,
                &join(at, "authorizer"),
                at,
                format!("webhook {id} is specified as insecure, however an authorizer is configured for this webhook."),
                "remove `insecure: true` (recommended), or remove the authorizer",
            );
            ok = false;
        }
        (false, None) => {
            lift_error(
                l,
                at,
                at,
                format!("webhook {id} is specified as secure, however no authorizer is configured for this webhook."),
                "add `authorizer: {handler: ...}` (recommended), or `insecure: true`",
            );
            ok = false;
        }
        (false, Some(a)) if !a.get("handler").is_some_and(Value::is_string) => {
            l.type_error(&join(at, "authorizer"), "a function's settings with a `handler`", a);
            ok = false;
        }
        _ => {}
    }
    let extensions = lift_extensions(l, c, at, &["api", "bus"], &mut ok);
    if !ok {
        return;
    }
    let ext = |name: &str| extensions.get(name).and_then(Value::as_object);

    let api = logical_id(&[id, "HttpApi", "Resource"]);
    let bus = logical_id(&[id, "Bus", "Resource"]);
    let role = logical_id(&[id, "ApiGatewayRole", "Resource"]);
    let integration = logical_id(&[id, "Integration"]);
    let authorizer_id = logical_id(&[id, "Authorizer"]);
    let function = crate::naming::function_logical_id(&format!("{id}Authorizer"));
    let route_key = format!("{method} {}", path.unwrap_or_default());
    let resources = &mut added.resources;
    let api_props = props(&[("Name", json!("HttpApi")), ("ProtocolType", json!("HTTP"))]);
    resources.insert(api.clone(), render("AWS::ApiGatewayV2::Api", api_props, APIGATEWAYV2_API, None, ext("api")));
    resources.insert(
        logical_id(&[id, "HttpApi", "DefaultStage", "Resource"]),
        json!({"Type": "AWS::ApiGatewayV2::Stage", "Properties": {"ApiId": {"Ref": &api}, "AutoDeploy": true, "StageName": "$default"}}),
    );
    // The bus's name is CDK's unique ID of its construct.
    let bus_props = props(&[("Name", json!(logical_id(&[id, "Bus"])))]);
    resources.insert(bus.clone(), render("AWS::Events::EventBus", bus_props, EVENT_BUS, None, ext("bus")));
    resources.insert(
        role.clone(),
        json!({"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": {
                "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"}}],
                "Version": "2012-10-17"
            },
            "Policies": [{
                "PolicyDocument": {
                    "Statement": [{"Action": "events:PutEvents", "Effect": "Allow", "Resource": {"Fn::GetAtt": [&bus, "Arn"]}}],
                    "Version": "2012-10-17"
                },
                "PolicyName": "EventBridge"
            }]
        }}),
    );
    if !insecure {
        let policy = logical_id(&[id, "ApiGatewayRole", "DefaultPolicy", "Resource"]);
        let arn = json!({"Fn::GetAtt": [&function, "Arn"]});
        resources.insert(
            policy.clone(),
            json!({"Type": "AWS::IAM::Policy", "Properties": {
                "PolicyDocument": {
                    "Statement": [{"Action": "lambda:InvokeFunction", "Effect": "Allow", "Resource": [&arn, {"Fn::Join": ["", [&arn, ":*"]]}]}],
                    "Version": "2012-10-17"
                },
                "PolicyName": policy,
                "Roles": [{"Ref": &role}]
            }}),
        );
    }
    resources.insert(
        integration.clone(),
        json!({"Type": "AWS::ApiGatewayV2::Integration", "Properties": {
            "ApiId": {"Ref": &api},
            "ConnectionType": "INTERNET",
            "CredentialsArn": {"Fn::GetAtt": [&role, "Arn"]},
            "IntegrationSubtype": "EventBridge-PutEvents",
            "IntegrationType": "AWS_PROXY",
            "PayloadFormatVersion": "1.0",
            "RequestParameters": {"DetailType": event_type, "Detail": "$request.body", "Source": id, "EventBusName": {"Ref": &bus}}
        }}),
    );
    let mut route = Map::new();
    route.insert("ApiId".into(), json!({"Ref": &api}));
    route.insert("AuthorizationType".into(), json!(if insecure { "NONE" } else { "CUSTOM" }));
    if !insecure {
        route.insert("AuthorizerId".into(), json!({"Ref": &authorizer_id}));
    }
    route.insert("RouteKey".into(), json!(&route_key));
    route.insert("Target".into(), json!({"Fn::Join": ["/", ["integrations", {"Ref": &integration}]]}));
    resources.insert(logical_id(&[id, "Route"]), json!({"Type": "AWS::ApiGatewayV2::Route", "Properties": route}));
    if !insecure {
        resources.insert(
            authorizer_id,
            json!({"Type": "AWS::ApiGatewayV2::Authorizer", "Properties": {
                "ApiId": {"Ref": &api},
                "AuthorizerCredentialsArn": {"Fn::GetAtt": [&role, "Arn"]},
                "AuthorizerPayloadFormatVersion": "2.0",
                "AuthorizerType": "REQUEST",
                "AuthorizerUri": {"Fn::Join": ["/", [
                    format!("arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions"),
                    {"Fn::GetAtt": [&function, "Arn"]},
                    "invocations"
                ]]},
                "EnableSimpleResponses": true,
                "Name": format!("{id}-authorizer")
            }}),
        );
    }
    added.outputs.insert(logical_id(&[id, "HttpApiEndpoint"]), json!({"Value": {"Fn::GetAtt": [&api, "ApiEndpoint"]}}));
    added.outputs.insert(logical_id(&[id, "Endpoint"]), json!({"Value": route_key}));
    if let (false, Some(authorizer)) = (insecure, authorizer) {
        let name = format!("{id}Authorizer");
        added.origins.push((join("functions", &name), join(at, "authorizer"), true));
        added.workers.push((name, authorizer.clone()));
    }
}

/// The actions a `storage` construct grants every function (Lift's `STORAGE_IAM_ACTIONS`).
const STORAGE_ACTIONS: &[&str] = &[
    "s3:PutObject",
    "s3:GetObject",
    "s3:DeleteObject",
    "s3:ListBucket",
    "s3:GetObjectAcl",
    "s3:PutObjectAcl",
    "s3:GetObjectTagging",
    "s3:PutObjectTagging",
    "s3:DeleteObjectTagging",
    "s3:GetObjectAttributes",
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
    "s3:ListBucketMultipartUploads",
    "s3:RestoreObject",
];

/// `key` → `Key`, in every object below (Lift's `capitalizeKeys`, for lifecycle and CORS rules).
fn capitalize_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let mut chars = k.chars();
                    let key = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
                    (key, capitalize_keys(v))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(capitalize_keys).collect()),
        other => other.clone(),
    }
}

/// One `type: storage` construct (Lift's `Storage`, 1.37.7): a versioned, encrypted, private
/// bucket (`Retain`), its SSL-only policy (with `publicPath`, public reads there too), the
/// `BucketName` output and the functions' permission on it.
fn storage(l: &mut Loader, id: &str, c: &Map<String, Value>, at: &str, added: &mut Added) {
    l.check_keys(c, at, &STORAGE_KEYS);
    let mut ok = true;
    if let Some(v) = get(c, "archive")
        && let Some(n) = l.number(v, &join(at, "archive"))
        && n < 30.0
    {
        lift_error(
            l,
            &join(at, "archive"),
            at,
            format!("'archive' must be at least 30, '{}' given.", js_number(n)),
            "set `archive` (days) to 30 or more",
        );
        ok = false;
    }
    let algorithm = match get(c, "encryption") {
        None => "AES256",
        Some(Value::String(e)) if e == "s3" => "AES256",
        Some(Value::String(e)) if e == "kms" => "aws:kms",
        Some(other) => {
            lift_error(
                l,
                &join(at, "encryption"),
                at,
                format!("'encryption' must be 's3' or 'kms', '{}' given.", crate::reader::js_string(other)),
                "write `encryption: s3` (the default) or `encryption: kms`",
            );
            ok = false;
            "AES256"
        }
    };
    let allow_acl = get(c, "allowAcl").and_then(|v| l.boolean(v, &join(at, "allowAcl"))).unwrap_or(false);
    let public_path = get(c, "publicPath").and_then(|v| l.string(v, &join(at, "publicPath")));
    let cors = match get(c, "cors") {
        None => None,
        Some(Value::String(origin)) => Some(
            json!([{"AllowedOrigins": [origin], "AllowedMethods": ["GET", "PUT", "DELETE"], "AllowedHeaders": ["*"]}]),
        ),
        Some(Value::Array(rules)) if rules.iter().all(Value::is_object) => {
            Some(Value::Array(rules.iter().map(capitalize_keys).collect()))
        }
        Some(other) => {
            l.type_error(&join(at, "cors"), "an allowed origin, or a list of CORS rules", other);
            ok = false;
            None
        }
    };
    let mut rules = vec![
        json!({"Status": "Enabled", "Transitions": [{"StorageClass": "INTELLIGENT_TIERING", "TransitionInDays": 0}]}),
        json!({"Status": "Enabled", "NoncurrentVersionExpiration": {"NoncurrentDays": 30}}),
    ];
    match get(c, "lifecycleRules") {
        None => {}
        Some(Value::Array(user)) if user.iter().all(Value::is_object) => {
            for rule in user {
                let mut rule = capitalize_keys(rule);
                if let Value::Object(m) = &mut rule {
                    m.entry("Status").or_insert_with(|| json!("Enabled"));
                }
                rules.push(rule);
            }
        }
        Some(other) => {
            l.type_error(&join(at, "lifecycleRules"), "a list of lifecycle rules", other);
            ok = false;
        }
    }
    let extensions = lift_extensions(l, c, at, &["bucket"], &mut ok);
    let extension = extensions.get("bucket").and_then(Value::as_object);
    if !ok {
        return;
    }

    let bucket = logical_id(&[id, "Bucket", "Resource"]);
    let arn = json!({"Fn::GetAtt": [&bucket, "Arn"]});
    let block = match &public_path {
        None => {
            json!({"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true})
        }
        Some(_) => {
            json!({"BlockPublicAcls": !allow_acl, "BlockPublicPolicy": false, "IgnorePublicAcls": true, "RestrictPublicBuckets": false})
        }
    };
    let mut properties = vec![
        (
            "BucketEncryption",
            json!({"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": algorithm}}]}),
        ),
        ("PublicAccessBlockConfiguration", block),
        ("VersioningConfiguration", json!({"Status": "Enabled"})),
        ("LifecycleConfiguration", json!({"Rules": rules})),
    ];
    if allow_acl {
        properties.push(("OwnershipControls", json!({"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]})));
    }
    if let Some(cors) = cors {
        properties.push(("CorsConfiguration", json!({"CorsRules": cors})));
    }
    added
        .resources
        .insert(bucket.clone(), render("AWS::S3::Bucket", props(&properties), S3_BUCKET, Some("Retain"), extension));

    let mut statements = vec![json!({
        "Action": "s3:*",
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        "Effect": "Deny",
        "Principal": {"AWS": "*"},
        "Resource": [&arn, {"Fn::Join": ["", [&arn, "/*"]]}]
    })];
    if let Some(path) = &public_path {
        // Lift's `normalizePublicPath`.
        let prefix = path.trim_start_matches('/').trim_end_matches('/');
        let objects = if prefix.is_empty() || prefix == "*" { "*".to_string() } else { format!("{prefix}/*") };
        statements.push(json!({
            "Action": "s3:GetObject",
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Resource": {"Fn::Join": ["", [&arn, format!("/{objects}")]]}
        }));
    }
    let policy = json!({
        "Type": "AWS::S3::BucketPolicy",
        "Properties": {"Bucket": {"Ref": &bucket}, "PolicyDocument": {"Statement": statements, "Version": "2012-10-17"}}
    });
    added.resources.insert(logical_id(&[id, "Bucket", "Policy", "Resource"]), policy);
    added.outputs.insert(logical_id(&[id, "BucketName"]), json!({"Value": {"Ref": &bucket}}));
    added.statements.push(json!({
        "Effect": "Allow",
        "Action": STORAGE_ACTIONS,
        "Resource": [&arn, {"Fn::Join": ["/", [&arn, "*"]]}]
    }));
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
