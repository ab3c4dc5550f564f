//! Lift's `queue` construct (`Queue.js`): the queue, its dead-letter queue, the optional alarm
//! and KMS key, the worker function's `sqs` event and the permission to send.

use super::*;

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

/// One `type: queue` construct (Lift's `QueueConstruct`).
pub(super) fn queue(
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
    let fifo = flag(l, c, at, "fifo");
    let alarm = text(l, c, at, "alarm");
    let encryption_key = text(l, c, at, "encryptionKey");
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
            Some(f) => f.get("timeout").and_then(crate::reader::as_number),
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
        Some(Value::Object(worker)) => worker.get("timeout").and_then(crate::reader::as_number),
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
    let queues = [("queue", "AWS::SQS::Queue"), ("dlq", "AWS::SQS::Queue"), ("alarm", "AWS::CloudWatch::Alarm")];
    let alarm_extensions = if alarm.is_some() { &queues[..] } else { &queues[..2] };
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
