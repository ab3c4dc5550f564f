//! `sqs` events: an `AWS::Lambda::EventSourceMapping` per function and queue, and one statement
//! on the execution role for every queue (serverless-events.md §5).

use serde_json::{Map, Value, json};

use super::source;
use super::{Ctx, EventRef, EventType, object, shape_error};
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::naming;
use crate::node::Node;
use crate::reader::has_intrinsic_key;
use crate::reader::{Keys, Loader, get, join};

pub(crate) struct Sqs;

const KEYS: Keys = Keys {
    allowed: &[
        "arn",
        "batchSize",
        "enabled",
        "maximumBatchingWindow",
        "functionResponseType",
        "filterPatterns",
        "maximumConcurrency",
    ],
    unsupported: &[],
    no_effect: &[],
};

impl EventType for Sqs {
    fn name(&self) -> &'static str {
        "sqs"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        if let Value::String(arn) = v {
            return Some(json!({ "arn": arn }));
        }
        let map = object(l, v, path)?;
        if has_intrinsic_key(map) {
            shape_error(l, path, "`{arn: ...}` (an intrinsic goes under `arn`)", v);
            return None;
        }
        let map = &*l.object(v, path, &KEYS)?;
        let mut out = Map::new();
        // Written without a value: absent, as for the reference (`arn` is then missing).
        for (k, value) in map.iter().filter(|(_, v)| !v.is_null()) {
            let at = join(path, k);
            let value = match k.as_str() {
                "arn" => l.string_or_intrinsic(value, &at).map(|e| e.to_json()),
                "batchSize" | "maximumBatchingWindow" | "maximumConcurrency" => l.integer(value, &at).map(Value::from),
                "enabled" => l.boolean(value, &at).map(Value::from),
                "functionResponseType" => source::one_of(l, value, &at, &["ReportBatchItemFailures"]),
                "filterPatterns" => source::filter_patterns(l, value, &at),
                _ => None,
            };
            if let Some(value) = value {
                out.insert(k.clone(), value);
            }
        }
        if get(&out, "arn").is_none() && get(map, "arn").is_none() {
            l.missing(path, "arn", "add the queue's ARN, e.g. `arn: arn:aws:sqs:us-east-1:123456789012:jobs`");
            return None;
        }
        Some(Value::Object(out))
    }

    fn validate(&self, cx: &EventRef<'_>, out: &mut Diagnostics) {
        let path = cx.path("sqs");
        let c = cx.config;
        source::check_arn(out, &join(&path, "arn"), &c["arn"], &["sqs"], "an SQS queue");
        source::check_duplicate(cx, out, "sqs", |c| mapping_id(cx.fn_key, &c["arn"]));
        // The reference reads the queue name only from these (it fails on any other intrinsic,
        // and `Ref` of a queue is its URL, which Lambda rejects).
        if let Some(m) = c["arn"].as_object()
            && !["Fn::GetAtt", "Fn::ImportValue", "Fn::Join"].iter().any(|k| m.contains_key(*k))
        {
            out.push(
                Diagnostic::error(
                    codes::INVALID_EVENT,
                    join(&path, "arn"),
                    "the queue ARN must be an ARN, `Fn::GetAtt: [Queue, Arn]`, `Fn::ImportValue` or `Fn::Join`",
                )
                .with_help("use `Fn::GetAtt: [MyQueue, Arn]` (`Ref` of a queue is its URL, not its ARN)"),
            );
        }
        let batch = c["batchSize"].as_u64().filter(|b| *b != 0).unwrap_or(10);
        let window = c["maximumBatchingWindow"].as_u64();
        if !(1..=10_000).contains(&batch) {
            out.push(
                Diagnostic::error(
                    codes::SQS_INVALID_BATCH_CONFIG,
                    join(&path, "batchSize"),
                    format!("SQS batchSize {batch} is outside 1..10000"),
                )
                .with_help("set batchSize between 1 and 10000"),
            );
        } else if batch > 10 && window.unwrap_or(0) < 1 {
            out.push(
                Diagnostic::error(
                    codes::SQS_INVALID_BATCH_CONFIG,
                    join(&path, "batchSize"),
                    format!(
                        "SQS batchSize {batch} is above 10 without a batching window: Lambda requires \
                         maximumBatchingWindow of at least 1 second for batches above 10"
                    ),
                )
                .with_help("add `maximumBatchingWindow: 1` (seconds, up to 300), or set batchSize to 10 or less"),
            );
        }
        if let Some(w) = window
            && w > 300
        {
            out.push(
                Diagnostic::error(
                    codes::SQS_INVALID_BATCH_CONFIG,
                    join(&path, "maximumBatchingWindow"),
                    format!("SQS maximumBatchingWindow {w} is outside 0..300 seconds"),
                )
                .with_help("set maximumBatchingWindow between 0 and 300"),
            );
        }
        // `0` is falsy for the reference: no ScalingConfig is written.
        if let Some(n) = c["maximumConcurrency"].as_u64().filter(|n| *n != 0)
            && !(2..=1000).contains(&n)
        {
            out.push(
                Diagnostic::error(
                    codes::SQS_INVALID_MAXIMUM_CONCURRENCY,
                    join(&path, "maximumConcurrency"),
                    format!("SQS maximumConcurrency {n} is outside 2..1000, which Lambda accepts"),
                )
                .with_help("set maximumConcurrency between 2 and 1000, or remove it"),
            );
        }
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        let mut queues = Vec::new();
        for (fn_key, f, _, c) in cx.events_of("sqs") {
            let arn = &c["arn"];
            let id = mapping_id(fn_key, arn);
            let batch_size = c["batchSize"].as_u64().filter(|b| *b != 0).unwrap_or(10);
            let mut props = vec![("BatchSize", Node::Num(batch_size.into()))];
            if let Some(w) = c.get("maximumBatchingWindow").filter(|w| !w.is_null()) {
                props.push(("MaximumBatchingWindowInSeconds", Node::config(w)));
            }
            props.push(("EventSourceArn", Node::config(arn)));
            props.push(("FunctionName", cx.target_node(fn_key, f)));
            props.push(("Enabled", Node::Bool(c["enabled"].as_bool().unwrap_or(true))));
            if let Some(t) = source::given(c.get("functionResponseType")) {
                props.push(("FunctionResponseTypes", Node::Arr(vec![Node::config(t)])));
            }
            if let Some(Value::Array(patterns)) = c.get("filterPatterns") {
                props.push(("FilterCriteria", Node::User(Box::new(super::filter_criteria(patterns)))));
            }
            if let Some(n) = c.get("maximumConcurrency").filter(|n| source::truthy(Some(n))) {
                props.push(("ScalingConfig", Node::Obj(vec![("MaximumConcurrency", Node::config(n))])));
            }
            let resource = Node::Obj(vec![
                ("Type", Node::str("AWS::Lambda::EventSourceMapping")),
                ("DependsOn", cx.mapping_depends_on_node(fn_key, f)),
                ("Properties", Node::Obj(props)),
            ]);
            cx.merge_node(id, resource);
            // Every queue, whichever role its function uses: the reference adds them all to the
            // shared role whenever it exists.
            queues.push(arn.clone());
        }
        if !queues.is_empty() {
            cx.statement(json!({
                "Effect": "Allow",
                "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
                "Resource": queues
            }));
        }
    }
}

/// `<Fn>EventSourceMappingSQS<queue>`.
fn mapping_id(fn_key: &str, arn: &Value) -> String {
    [naming::normalize(fn_key).as_str(), "EventSourceMappingSQS", &naming::normalize_alphanumeric(&queue_name(arn))]
        .concat()
}

/// The queue name in the logical ID: an ARN's text after the last `:`, else what the intrinsic
/// names.
fn queue_name(arn: &Value) -> String {
    match arn {
        Value::String(s) => s.rsplit(':').next().unwrap_or(s).to_string(),
        other => source::intrinsic_name(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::source::testing::{config, diagnostics, errors};

    fn sqs(event: Value) -> Value {
        config(json!({}), json!({"worker": {"handler": "h", "events": [{"sqs": event}]}}))
    }

    #[test]
    fn rules_use_their_own_codes() {
        let e = errors(&sqs(json!("arn:aws:sns:us-east-1:123456789012:topic")));
        assert_eq!(e, vec![(codes::EVENT_ARN_SERVICE_MISMATCH, "functions.worker.events[0].sqs.arn".into())]);
        let e = errors(&sqs(json!({"arn": {"Ref": "Queue"}})));
        assert_eq!(e, vec![(codes::INVALID_EVENT, "functions.worker.events[0].sqs.arn".into())]);
        let e = errors(&sqs(json!({"arn": "arn:aws:sqs:us-east-1:123456789012:q", "batchSize": 25})));
        assert_eq!(e, vec![(codes::SQS_INVALID_BATCH_CONFIG, "functions.worker.events[0].sqs.batchSize".into())]);
        assert!(
            errors(&sqs(
                json!({"arn": "arn:aws:sqs:us-east-1:123456789012:q", "batchSize": 25, "maximumBatchingWindow": 1})
            ))
            .is_empty()
        );
        let e = errors(&sqs(json!({"arn": "arn:aws:sqs:us-east-1:123456789012:q", "maximumConcurrency": 1})));
        assert_eq!(
            e,
            vec![(codes::SQS_INVALID_MAXIMUM_CONCURRENCY, "functions.worker.events[0].sqs.maximumConcurrency".into())]
        );
    }

    #[test]
    fn schema_errors_follow_config_validation_mode() {
        let mut value = sqs(json!({"arn": "arn:aws:sqs:us-east-1:123456789012:q", "functionResponseType": "Other"}));
        assert_eq!(errors(&value)[0].0, codes::CONFIG_INVALID_VALUE);
        value["configValidationMode"] = json!("error");
        let d = diagnostics(&value);
        let e = d.errors().next().unwrap();
        assert_eq!(e.code, codes::INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION);
        assert!(e.message.starts_with(
            "Configuration error at 'functions.worker.events.0.sqs.functionResponseType': must be equal to one of the allowed values [ReportBatchItemFailures]"
        ));
    }
}
