//! serverless-lift's constructs (`stackwright_core::plugins::lift`: queue, storage, webhook,
//! static-website, single-page-app, database/dynamodb-single-table), against templates the plugin
//! itself wrote.
//!
//! Each `data/lift/<case>/lift.json` holds, verbatim, the parts of a template that
//! `serverless package` wrote with osls 4.3.1 (the open-source Serverless Framework v3 line),
//! serverless-lift 1.37.7 and aws-cdk-lib 2.278.0 for the case's `serverless.json` (written as
//! serverless.yml): the resources and outputs Lift merged, the event source mappings and
//! functions of its workers, the role's statements, and the order of resources and outputs
//! (without the function versions, whose order follows the reference's v4 here). The rest of the
//! template is the framework's, which the conformance suites tie to Serverless Framework v4.
//! One change to the inputs: `multi` wrote `MIXED: "url=${construct:my-queue.queueUrl}"`, which
//! Lift turns into the text `url=[object Object]`; stackwright rejects it (see the CLI's tests),
//! so the case here leaves it out.

mod support;

use serde_json::{Value, json};
use stackwright_core::plugins::lift;
use stackwright_core::*;

fn data(case: &str, file: &str) -> Value {
    support::data("lift", case, file)
}

/// `${construct:...}` resolved as the CLI does (core takes resolved trees).
fn resolve(value: &mut Value, root: &Value) {
    match value {
        Value::String(s) => {
            if let Some(address) = s.strip_prefix("${construct:").and_then(|rest| rest.strip_suffix('}')) {
                *value = lift::variable(root, address).unwrap_or_else(|e| panic!("{e:?}"));
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| resolve(item, root)),
        Value::Object(map) => map.values_mut().for_each(|item| resolve(item, root)),
        _ => {}
    }
}

fn template(config: &Value) -> Value {
    let mut resolved = config.clone();
    resolve(&mut resolved, config);
    support::template(&resolved)
}

fn same(case: &str, what: &str, actual: &Value, expected: &Value) {
    support::same("serverless-lift", case, what, actual, expected);
}

#[test]
fn constructs_are_the_templates_serverless_lift_writes() {
    let cases = [
        "minimal", "alarm", "fifo", "kmsm", "ext", "multi", "sname", "ptimeout", "events", "storage", "storage2",
        "webhook",
    ];
    for case in cases {
        let config = data(case, "serverless.json");
        let expected = data(case, "lift.json");
        let t = template(&config);
        let resources = t["Resources"].as_object().unwrap();
        let outputs = t["Outputs"].as_object().unwrap();
        let pick = |map: &serde_json::Map<String, Value>, keep: &dyn Fn(&str, &Value) -> bool| -> Value {
            Value::Object(map.iter().filter(|(k, v)| keep(k, v)).map(|(k, v)| (k.clone(), v.clone())).collect())
        };
        let lift_made = |k: &str, _: &Value| k.starts_with(|c: char| c.is_ascii_lowercase());
        same(case, "Lift's resources", &pick(resources, &lift_made), &expected["resources"]);
        same(case, "Lift's outputs", &pick(outputs, &lift_made), &expected["outputs"]);
        let mappings = pick(resources, &|k, _| k.contains("EventSourceMapping"));
        same(case, "event source mappings", &mappings, &expected["eventSourceMappings"]);
        let statements =
            &t["Resources"]["IamRoleLambdaExecution"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
        same(case, "role statements", statements, &expected["statements"]);
        let mut functions = pick(resources, &|_, v| v["Type"] == "AWS::Lambda::Function");
        for f in functions.as_object_mut().unwrap().values_mut() {
            let properties = f["Properties"].as_object().unwrap().iter().filter(|(k, _)| *k != "Code");
            *f = Value::Object(properties.map(|(k, v)| (k.clone(), v.clone())).collect());
        }
        same(case, "functions", &functions, &expected["functions"]);
        let order = |map: &serde_json::Map<String, Value>, skip: &str| -> Value {
            map.keys().filter(|k| !k.contains(skip)).cloned().collect()
        };
        same(case, "resource order", &order(resources, "LambdaVersion"), &expected["resourceOrder"]);
        same(case, "output order", &order(outputs, "QualifiedArn"), &expected["outputOrder"]);
    }
}

/// A service with serverless-lift, one function and the construct `name`.
fn with_construct(name: &str, construct: Value) -> Value {
    support::plugin_service("serverless-lift", "constructs", json!({ name: construct }))
}

/// One Lift rule: the config with `constructs.jobs` set to `queue`, and the one error it gives.
fn rejected(queue: Value, code: &str, path: &str, message: &str) {
    let config = with_construct("jobs", queue);
    support::rejected(&config, code, path, message);
}

#[test]
fn lifts_rules_with_its_messages() {
    let worker = json!({"handler": "h.worker"});
    let invalid = codes::LIFT_INVALID_CONSTRUCT_CONFIGURATION;
    rejected(
        json!({"type": "queue"}),
        invalid,
        "constructs.jobs.worker",
        "Invalid configuration in 'constructs.jobs': no 'worker' defined. Queue constructs require a 'worker' function to be defined.",
    );
    rejected(
        json!({"type": "queue", "worker": "nope"}),
        invalid,
        "constructs.jobs.worker",
        "Invalid configuration in 'constructs.jobs': 'worker' needs to point to an existing function, and `functions` has no \"nope\".",
    );
    rejected(
        json!({"type": "queue", "worker": worker, "delay": 901}),
        invalid,
        "constructs.jobs.delay",
        "Invalid configuration in 'constructs.jobs': 'delay' must be between 0 and 900, '901' given.",
    );
    rejected(
        json!({"type": "queue", "worker": worker, "fifo": true, "batchSize": 20, "maxBatchingWindow": 5}),
        invalid,
        "constructs.jobs.batchSize",
        "Invalid configuration in 'constructs.jobs': 'batchSize' must be between 0 and 10 for FIFO queues, '20' given.",
    );
    rejected(
        json!({"type": "queue", "worker": worker, "batchSize": 20}),
        invalid,
        "constructs.jobs.maxBatchingWindow",
        "Invalid configuration in 'constructs.jobs': 'maxBatchingWindow' must be greater than 0 for batchSize > 10, '0' given.",
    );
    rejected(
        json!({"type": "queue", "worker": worker, "encryption": "kms"}),
        invalid,
        "constructs.jobs.encryptionKey",
        "Invalid configuration in 'constructs.jobs': 'encryptionKey' must be set if the 'encryption' is set to 'kms'",
    );
    rejected(
        json!({"type": "queue", "worker": worker, "encryption": "aes"}),
        invalid,
        "constructs.jobs.encryption",
        "Invalid configuration in 'constructs.jobs': 'encryption' must be one of 'kms', 'kmsManaged', null, 'aes' given.",
    );
    rejected(
        json!({"type": "queue", "worker": worker, "maxRetries": 0}),
        invalid,
        "constructs.jobs.maxRetries",
        "Invalid configuration in 'constructs.jobs': 'maxRetries' must be between 1 and 1000, '0' given.",
    );
    rejected(
        json!({"type": "queue", "worker": worker, "batchSize": 0}),
        invalid,
        "constructs.jobs.batchSize",
        "Invalid configuration in 'constructs.jobs': 'batchSize' must be between 1 and 10000, '0' given.",
    );
    rejected(
        json!({"type": "queue", "worker": worker, "extensions": {"alarm": {"Properties": {"Threshold": 1}}}}),
        codes::LIFT_UNKNOWN_EXTENSION,
        "constructs.jobs.extensions.alarm",
        "There is no extension 'alarm' available on this construct. Available extensions are: queue, dlq.",
    );
    rejected(
        json!({"type": "server-side-website"}),
        codes::LIFT_CONSTRUCT_UNSUPPORTED,
        "constructs.jobs.type",
        "Lift's `server-side-website` construct is not built by stackwright; only `queue`, `storage`, `webhook`, \
         `static-website`, `single-page-app` and `database/dynamodb-single-table` are",
    );
    rejected(
        json!({"type": "database/dynamodb-single-table", "gsiCount": 21}),
        invalid,
        "constructs.jobs.gsiCount",
        "Invalid configuration in 'constructs.jobs': 'gsiCount' must be between 1 and 20, '21' given.",
    );
    rejected(
        json!({"type": "single-page-app", "path": "dist", "domain": "app.example.com"}),
        invalid,
        "constructs.jobs.certificate",
        "Invalid configuration in 'constructs.jobs': if a domain is configured for the static website 'jobs', then a \
         certificate ARN must be configured in the 'certificate' option.",
    );
    rejected(
        json!({"type": "static-website", "path": "public", "errorPage": "./404.html"}),
        invalid,
        "constructs.jobs.errorPage",
        "The 'errorPage' option of the 'jobs' static website cannot start with './' or '../'. (it cannot be a relative path).",
    );
    rejected(
        json!({"type": "static-website"}),
        codes::CONFIG_MISSING_KEY,
        "constructs.jobs.path",
        "missing required key `path` in constructs.jobs",
    );
    rejected(
        json!({"type": "webhook", "path": "/hook"}),
        invalid,
        "constructs.jobs",
        "Invalid configuration in 'constructs.jobs': webhook jobs is specified as secure, however no authorizer is configured for this webhook.",
    );
    rejected(
        json!({"type": "webhook", "path": "/hook", "insecure": true, "authorizer": {"handler": "h.auth"}}),
        invalid,
        "constructs.jobs.authorizer",
        "Invalid configuration in 'constructs.jobs': webhook jobs is specified as insecure, however an authorizer is configured for this webhook.",
    );
    rejected(
        json!({"type": "storage", "encryption": "aes"}),
        invalid,
        "constructs.jobs.encryption",
        "Invalid configuration in 'constructs.jobs': 'encryption' must be 's3' or 'kms', 'aes' given.",
    );
    rejected(
        json!({"type": "storage", "extensions": {"queue": {}}}),
        codes::LIFT_UNKNOWN_EXTENSION,
        "constructs.jobs.extensions.queue",
        "There is no extension 'queue' available on this construct. Available extensions are: bucket.",
    );
    // Lift merges an extension as written; CloudFormation refuses what the resource type lacks.
    rejected(
        json!({"type": "storage", "extensions": {"bucket": {"Properties": {"Versioning": {"Status": "Enabled"}}}}}),
        codes::RESOURCE_UNKNOWN_PROPERTY,
        "constructs.jobs.extensions.bucket.Properties.Versioning",
        "`Versioning` is not a property of AWS::S3::Bucket: CloudFormation refuses the template",
    );
    rejected(
        json!({"type": "queue", "worker": worker, "alarm": "a@b.c", "extensions": {"alarm": {"Properties": {"Treshold": 1}}}}),
        codes::RESOURCE_UNKNOWN_PROPERTY,
        "constructs.jobs.extensions.alarm.Properties.Treshold",
        "`Treshold` is not a property of AWS::CloudWatch::Alarm: CloudFormation refuses the template",
    );
    rejected(
        json!({"type": "queue", "worker": worker, "extensions": {"queue": {"Properties": {"Tags": {"team": "core"}}}}}),
        codes::RESOURCE_PROPERTY_SHAPE,
        "constructs.jobs.extensions.queue.Properties.Tags",
        "`Tags` of AWS::SQS::Queue is a list of `{Key, Value}` tags, found an object with keys `team`: CloudFormation \
         refuses the template",
    );
    rejected(
        json!({"type": "queue", "worker": worker, "extensions": {"dlq": {"Properties": {"Arn": "x"}}}}),
        codes::RESOURCE_UNKNOWN_PROPERTY,
        "constructs.jobs.extensions.dlq.Properties.Arn",
        "`Arn` is an attribute of AWS::SQS::Queue, which CloudFormation sets: a template cannot",
    );
    rejected(
        json!({"type": "queue", "worker": worker, "extensions": {"queue": {"VisibilityTimeout": 60}}}),
        codes::RESOURCE_UNKNOWN_ATTRIBUTE,
        "constructs.jobs.extensions.queue.VisibilityTimeout",
        "`VisibilityTimeout` is not a resource attribute: CloudFormation refuses the template",
    );
    rejected(
        json!({"type": "cache"}),
        codes::LIFT_UNKNOWN_CONSTRUCT_TYPE,
        "constructs.jobs.type",
        "The construct 'jobs' has an unknown type 'cache'",
    );
    // The worker is a function: the function rules apply, at the place it is written.
    rejected(
        json!({"type": "queue", "worker": {"handler": "h.worker", "memorySize": 99999}}),
        codes::LAMBDA_INVALID_MEMORY_SIZE,
        "constructs.jobs.worker.memorySize",
        "Memory size of 99999 MB of function \"jobsWorker\" exceeds the limit of 10240 MB for standard functions. \
         Increase is supported only for functions using capacity providers.",
    );
}

#[test]
fn constructs_need_the_plugin_and_permissions_can_be_left_out() {
    let config = json!({
        "service": "app",
        "provider": {"name": "aws", "runtime": "nodejs22.x"},
        "functions": {"api": {"handler": "h.api"}},
        "constructs": {"jobs": {"type": "queue", "worker": {"handler": "h.worker"}}},
    });
    let svc = Service::from_value(&config).unwrap();
    let d = svc.check();
    let unknown = d.find(codes::CONFIG_UNKNOWN_KEY).expect("constructs without the plugin");
    assert_eq!(unknown.path, "constructs");
    assert_eq!(unknown.message, "`constructs` is a key of the plugin serverless-lift, which `plugins` does not list");

    let mut config = config;
    config["plugins"] = json!(["serverless-lift"]);
    config["lift"] = json!({"automaticPermissions": false});
    let t = template(&config);
    let statements =
        t["Resources"]["IamRoleLambdaExecution"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
            .as_array()
            .unwrap()
            .clone();
    assert!(!statements.iter().any(|s| s["Action"][0] == "sqs:SendMessage"), "{statements:#?}");
    assert!(t["Resources"]["jobsQueueCEDBAE3E"].is_object());
}

/// Lift uploads a website's files after each deploy; stackwright says it does not, and how to.
#[test]
fn websites_say_their_files_are_not_uploaded() {
    let config = with_construct("site", json!({"type": "single-page-app", "path": "dist"}));
    let d = Service::from_value(&config).unwrap().check();
    let w = d.find(codes::PLUGIN_DEPLOY_TIME).unwrap_or_else(|| panic!("{d}"));
    assert_eq!((w.severity, w.path.as_str()), (Severity::Warning, "constructs.site"));
    assert!(w.help.contains("aws s3 sync dist s3://<the siteBucketName"), "{}", w.help);
    assert!(!d.has_errors(), "{d}");
}

/// `plugins: serverless-lift` as one string is the list of one the reference's schema makes it:
/// the constructs are built all the same, and a string the worker's schema has as a number
/// (`timeout: '30'`) is one there too.
#[test]
fn one_plugin_without_the_list() {
    let mut listed = with_construct("jobs", json!({"type": "queue", "worker": {"handler": "h.worker", "timeout": 30}}));
    let expected = support::template(&listed);
    listed["plugins"] = json!("serverless-lift");
    listed["constructs"]["jobs"]["worker"]["timeout"] = json!("30");
    assert_eq!(support::template(&listed), expected);
}

/// An extension is merged into the resource Lift generates: its objects need not repeat the
/// generated required keys (Lift's own example, a `DistributionConfig` with only a `Comment`), and
/// what is wrong in it is reported once, where it is written (not again at the generated resource).
#[test]
fn extensions_are_checked_once_where_written() {
    let site = with_construct(
        "landing",
        json!({"type": "static-website", "path": "public",
               "extensions": {"distribution": {"Properties": {"DistributionConfig": {"Comment": "Landing"}}}}}),
    );
    let found: Vec<String> =
        Service::from_value_deferred(&site, false).check().errors().map(|d| d.path.clone()).collect();
    assert!(found.is_empty(), "{found:?}");
    let queue = with_construct(
        "jobs",
        json!({"type": "queue", "worker": {"handler": "h.worker"},
               "extensions": {"queue": {"Properties": {"Tags": {"team": "core"}, "Colour": 1}}}}),
    );
    let found: Vec<(String, String)> = Service::from_value_deferred(&queue, false)
        .check()
        .errors()
        .map(|d| (d.code.to_string(), d.path.clone()))
        .collect();
    assert_eq!(
        found,
        [
            ("RESOURCE_UNKNOWN_PROPERTY".to_string(), "constructs.jobs.extensions.queue.Properties.Colour".to_string()),
            ("RESOURCE_PROPERTY_SHAPE".to_string(), "constructs.jobs.extensions.queue.Properties.Tags".to_string()),
        ]
    );
}
