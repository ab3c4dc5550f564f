//! `stream` events (DynamoDB and Kinesis): an `AWS::Lambda::EventSourceMapping` per function and
//! stream, a Kinesis stream consumer for `consumer: true`, and per function the statements reading
//! the streams needs (serverless-events.md §9).

use serde_json::{Map, Value, json};

use super::source::{self, allow, check_arn, check_range, given, truthy};
use super::{Ctx, EventRef, EventType, object, shape_error};
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::naming;
use crate::naming::upper_first;
use crate::reader::has_intrinsic_key;
use crate::reader::{Keys, Loader, join};

pub(crate) struct Stream;

const KEYS: Keys = Keys {
    allowed: &[
        "arn",
        "type",
        "batchSize",
        "parallelizationFactor",
        "startingPosition",
        "startingPositionTimestamp",
        "enabled",
        "consumer",
        "batchWindow",
        "maximumRetryAttempts",
        "bisectBatchOnFunctionError",
        "maximumRecordAgeInSeconds",
        "functionResponseType",
        "destinations",
        "tumblingWindowInSeconds",
        "filterPatterns",
    ],
    unsupported: &[],
    no_effect: &[],
};

const DESTINATIONS: Keys = Keys { allowed: &["onFailure"], unsupported: &[], no_effect: &[] };
const ON_FAILURE: Keys = Keys { allowed: &["arn", "type"], unsupported: &[], no_effect: &[] };

impl EventType for Stream {
    fn name(&self) -> &'static str {
        "stream"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        if let Value::String(arn) = v {
            return Some(json!({ "arn": arn }));
        }
        let map = object(l, v, path)?;
        if has_intrinsic_key(map) {
            shape_error(l, path, "`{arn: ..., type: ...}` (an intrinsic goes under `arn`)", v);
            return None;
        }
        let map = &*l.object(v, path, &KEYS)?;
        let out = source::read_fields(l, map, path, |l, k, v, at| match k {
            "arn" => source::string_or_intrinsic(l, v, at),
            "type" => source::one_of(l, v, at, &["dynamodb", "kinesis"]),
            "batchSize" | "parallelizationFactor" | "batchWindow" | "tumblingWindowInSeconds" => {
                l.integer(v, at).map(Value::from)
            }
            "maximumRetryAttempts" | "maximumRecordAgeInSeconds" => source::signed_integer(l, v, at),
            "startingPosition" => source::one_of(l, v, at, &["LATEST", "TRIM_HORIZON", "AT_TIMESTAMP"]),
            "startingPositionTimestamp" => source::number(l, v, at),
            "enabled" | "bisectBatchOnFunctionError" => l.boolean(v, at).map(Value::from),
            "consumer" => match v {
                Value::Bool(_) => Some(v.clone()),
                _ => source::string_or_intrinsic(l, v, at),
            },
            "functionResponseType" => source::one_of(l, v, at, &["ReportBatchItemFailures"]),
            "destinations" => destinations(l, v, at),
            "filterPatterns" => source::filter_patterns(l, v, at),
            _ => None,
        })?;
        if !out.contains_key("arn") {
            l.missing(
                path,
                "arn",
                "add the stream's ARN, e.g. `arn: arn:aws:kinesis:us-east-1:123456789012:stream/clicks`",
            );
            return None;
        }
        Some(Value::Object(out))
    }

    fn validate(&self, cx: &EventRef<'_>, out: &mut Diagnostics) {
        let path = cx.path("stream");
        let c = cx.config;
        let arn = &c["arn"];
        let kind = stream_type(c);
        let consumer = truthy(c.get("consumer"));
        let position = c["startingPosition"].as_str();
        // The reference's own rule first: for a config it rejects, its error comes first.
        if kind == Some("kinesis")
            && consumer
            && position == Some("AT_TIMESTAMP")
            && !truthy(c.get("startingPositionTimestamp"))
        {
            out.push(Diagnostic::error(
                codes::FUNCTION_STREAM_STARTING_POSITION_TIMESTAMP_INVALID,
                path.clone(),
                format!(
                    "You must specify startingPositionTimestamp for function: {} when startingPosition is AT_TIMESTAMP",
                    cx.fn_key
                ),
            ));
        }
        if let Some(arn) = arn.as_str() {
            check_arn(out, &join(&path, "arn"), &json!(arn), &["dynamodb", "kinesis"], "a DynamoDB or Kinesis stream");
            if let (Some(t), Some(s)) = (c["type"].as_str(), source::arn_service(arn))
                && ["dynamodb", "kinesis"].contains(&s)
                && t != s
            {
                out.push(
                    Diagnostic::error(
                        codes::EVENT_ARN_SERVICE_MISMATCH,
                        join(&path, "type"),
                        format!("`type: {t}` but the stream ARN \"{arn}\" is a {s} ARN"),
                    )
                    .with_help(format!("set `type: {s}` or remove it (it is read from the ARN)")),
                );
            }
            if arn_service_ok(arn) && arn.split('/').nth(1).is_none() {
                out.push(
                    Diagnostic::error(
                        codes::INVALID_EVENT,
                        join(&path, "arn"),
                        format!("\"{arn}\" has no stream name (expected `...:stream/<name>` or `...:table/<name>/stream/<label>`)"),
                    )
                    .with_help("give the stream's full ARN"),
                );
            }
        } else if kind.is_none() {
            out.push(
                Diagnostic::error(
                    codes::INVALID_EVENT,
                    join(&path, "type"),
                    "the stream ARN is an intrinsic function, so `type` (dynamodb or kinesis) is required",
                )
                .with_help("add `type: dynamodb` or `type: kinesis`"),
            );
        }
        source::check_duplicate(cx, out, "stream", |c| mapping_id(cx.fn_key, c).unwrap_or_default());
        if kind == Some("kinesis") && consumer {
            if c.get("consumer").is_some_and(|v| !v.is_boolean()) {
                check_arn(out, &join(&path, "consumer"), &c["consumer"], &["kinesis"], "a Kinesis stream consumer");
            }
        } else if kind == Some("dynamodb") {
            if consumer {
                out.push(
                    Diagnostic::error(
                        codes::INVALID_EVENT,
                        join(&path, "consumer"),
                        "`consumer` applies to Kinesis streams only; on a DynamoDB stream it is ignored",
                    )
                    .with_help("remove `consumer`"),
                );
            }
            if position == Some("AT_TIMESTAMP") {
                out.push(
                    Diagnostic::error(
                        codes::INVALID_EVENT,
                        join(&path, "startingPosition"),
                        "DynamoDB streams do not support startingPosition AT_TIMESTAMP (Lambda accepts it for Kinesis only)",
                    )
                    .with_help("use TRIM_HORIZON or LATEST"),
                );
            }
        } else if kind == Some("kinesis") && position == Some("AT_TIMESTAMP") {
            let message = if given(c.get("startingPositionTimestamp")).is_some() {
                "startingPosition AT_TIMESTAMP on a Kinesis stream without `consumer`: the reference passes \
                 startingPositionTimestamp to Lambda only for stream consumers, so the mapping would have no \
                 timestamp, which Lambda rejects"
            } else {
                "startingPosition AT_TIMESTAMP without startingPositionTimestamp: Lambda requires the timestamp"
            };
            out.push(
                Diagnostic::error(codes::STREAM_MISSING_STARTING_POSITION_TIMESTAMP, join(&path, "startingPosition"), message)
                    .with_help(
                        "add `consumer: true` (or a consumer ARN) and `startingPositionTimestamp: <epoch seconds>`, or use TRIM_HORIZON or LATEST",
                    ),
            );
        }
        let int = |k: &str| c.get(k).and_then(Value::as_i64);
        check_range(out, &join(&path, "batchSize"), int("batchSize"), 0, 10_000, "stream batchSize");
        check_range(
            out,
            &join(&path, "parallelizationFactor"),
            int("parallelizationFactor"),
            0,
            10,
            "parallelizationFactor",
        );
        check_range(out, &join(&path, "batchWindow"), int("batchWindow"), 0, 300, "batchWindow (seconds)");
        check_range(
            out,
            &join(&path, "maximumRetryAttempts"),
            int("maximumRetryAttempts"),
            -1,
            10_000,
            "maximumRetryAttempts",
        );
        check_range(
            out,
            &join(&path, "tumblingWindowInSeconds"),
            int("tumblingWindowInSeconds"),
            0,
            900,
            "tumblingWindowInSeconds",
        );
        if let Some(age) = int("maximumRecordAgeInSeconds")
            && age != -1
            && age != 0
            && !(60..=604_800).contains(&age)
        {
            out.push(
                Diagnostic::error(
                    codes::INVALID_EVENT,
                    join(&path, "maximumRecordAgeInSeconds"),
                    format!("maximumRecordAgeInSeconds {age} is neither -1 nor within 60..604800"),
                )
                .with_help("use -1 (no limit) or a value between 60 and 604800 seconds"),
            );
        }
        if let Some(on_failure) = c.get("destinations").and_then(|d| d.get("onFailure")) {
            let at = join(&join(&path, "destinations"), "onFailure");
            let (arn, t) = match on_failure {
                Value::Object(m) if !has_intrinsic_key(m) => (m.get("arn").unwrap_or(&Value::Null), m.get("type")),
                other => (other, None),
            };
            if arn.is_string() {
                check_arn(out, &at, arn, &["sns", "sqs", "s3"], "an SNS topic, SQS queue or S3 bucket");
                if let (Some(t), Some(s)) = (t.and_then(Value::as_str), arn.as_str().and_then(source::arn_service))
                    && t != s
                    && ["sns", "sqs"].contains(&s)
                {
                    out.push(Diagnostic::error(
                        codes::EVENT_ARN_SERVICE_MISMATCH,
                        join(&at, "type"),
                        format!("`type: {t}` but the destination is an {} ARN", s.to_uppercase()),
                    ));
                }
            } else if t.is_none() {
                out.push(
                    Diagnostic::error(
                        codes::INVALID_EVENT,
                        at,
                        "an onFailure destination given as an intrinsic function needs `type` (sns or sqs)",
                    )
                    .with_help("write `onFailure: {arn: {Fn::GetAtt: [Queue, Arn]}, type: sqs}`"),
                );
            }
        }
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        let naming_mode = cx.r.config.provider.apis.get("kinesis").is_some_and(|k| truthy(k.get("consumerNamingMode")));
        let r = cx.r;
        for &(fn_key, f) in &r.functions {
            // dynamodb, kinesis, kinesis read by a consumer, consumers, onFailure sns, onFailure sqs.
            let mut groups: [Vec<Value>; 6] = Default::default();
            for e in f.events.iter().filter(|e| e.kind == "stream") {
                let c = &e.config;
                let Some(kind) = stream_type(c) else { continue };
                let arn = c.get("arn").cloned().unwrap_or(Value::Null);
                let name = stream_name(&arn);
                let id = [
                    naming::normalize(fn_key).as_str(),
                    "EventSourceMapping",
                    &upper_first(kind),
                    &naming::normalize_alphanumeric(&name),
                ]
                .concat();
                let mut depends_on = cx.mapping_depends_on(fn_key, f);
                let mut props = Map::new();
                let batch = c.get("batchSize").filter(|b| truthy(Some(b))).cloned().unwrap_or(json!(10));
                props.insert("BatchSize".into(), batch);
                props.insert("Enabled".into(), given(c.get("enabled")).cloned().unwrap_or(json!(true)));
                props.insert("EventSourceArn".into(), arn.clone());
                props.insert("FunctionName".into(), cx.target(fn_key, f));
                if truthy(c.get("parallelizationFactor")) {
                    props.insert("ParallelizationFactor".into(), c["parallelizationFactor"].clone());
                }
                let position = c.get("startingPosition").filter(|p| truthy(Some(p))).cloned();
                props.insert("StartingPosition".into(), position.unwrap_or(json!("TRIM_HORIZON")));
                let optional = [
                    ("batchWindow", "MaximumBatchingWindowInSeconds"),
                    ("maximumRetryAttempts", "MaximumRetryAttempts"),
                    ("bisectBatchOnFunctionError", "BisectBatchOnFunctionError"),
                ];
                for (key, property) in optional {
                    if let Some(v) = given(c.get(key)) {
                        props.insert(property.into(), v.clone());
                    }
                }
                if let Some(t) = given(c.get("functionResponseType")) {
                    props.insert("FunctionResponseTypes".into(), json!([t]));
                }
                if truthy(c.get("maximumRecordAgeInSeconds")) {
                    props.insert("MaximumRecordAgeInSeconds".into(), c["maximumRecordAgeInSeconds"].clone());
                }
                if let Some(v) = given(c.get("tumblingWindowInSeconds")) {
                    props.insert("TumblingWindowInSeconds".into(), v.clone());
                }
                let consumer = c.get("consumer").filter(|v| truthy(Some(v)));
                if kind == "dynamodb" {
                    groups[0].push(arn.clone());
                } else if consumer.is_some() {
                    groups[2].push(arn.clone());
                } else {
                    groups[1].push(arn.clone());
                }
                if let Some(on_failure) = c.get("destinations").and_then(|d| given(d.get("onFailure"))) {
                    let (destination, declared) = match on_failure {
                        Value::Object(m) if !has_intrinsic_key(m) => {
                            (m.get("arn").cloned().unwrap_or(Value::Null), m.get("type").and_then(Value::as_str))
                        }
                        other => (other.clone(), None),
                    };
                    let service = declared.or_else(|| destination.as_str().and_then(|a| a.split(':').nth(2)));
                    groups[if service == Some("sns") { 4 } else { 5 }].push(destination.clone());
                    props.insert("DestinationConfig".into(), json!({ "OnFailure": { "Destination": destination } }));
                }
                if let Some(Value::Array(patterns)) = c.get("filterPatterns") {
                    props.insert("FilterCriteria".into(), super::filter_criteria(patterns));
                }
                let mut consumer_resource = None;
                if let (Some(consumer), "kinesis") = (consumer, kind) {
                    let source = if consumer == &Value::Bool(true) {
                        let consumer_name = if naming_mode {
                            format!("{fn_key}{name}{}{}Consumer", cx.r.service(), cx.r.stage)
                        } else {
                            format!("{fn_key}{name}Consumer")
                        };
                        let consumer_id = naming::normalize(&consumer_name) + "StreamConsumer";
                        depends_on.push(json!(consumer_id));
                        consumer_resource = Some((
                            consumer_id.clone(),
                            json!({
                                "Type": "AWS::Kinesis::StreamConsumer",
                                "Properties": { "StreamARN": arn, "ConsumerName": consumer_name }
                            }),
                        ));
                        json!({ "Ref": consumer_id })
                    } else {
                        consumer.clone()
                    };
                    props.insert("EventSourceArn".into(), source.clone());
                    groups[3].push(source);
                    if truthy(c.get("startingPositionTimestamp")) {
                        props.insert("StartingPositionTimestamp".into(), c["startingPositionTimestamp"].clone());
                    }
                }
                cx.merge(id, source::resource("AWS::Lambda::EventSourceMapping", Some(json!(depends_on)), props));
                if let Some((consumer_id, resource)) = consumer_resource {
                    cx.merge(consumer_id, resource);
                }
            }
            let actions: [&[&str]; 6] = [
                &[
                    "dynamodb:GetRecords",
                    "dynamodb:GetShardIterator",
                    "dynamodb:DescribeStream",
                    "dynamodb:ListStreams",
                ],
                &["kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream", "kinesis:ListStreams"],
                &[
                    "kinesis:GetRecords",
                    "kinesis:GetShardIterator",
                    "kinesis:DescribeStreamSummary",
                    "kinesis:ListShards",
                ],
                &["kinesis:SubscribeToShard"],
                &["sns:Publish"],
                &["sqs:ListQueues", "sqs:SendMessage"],
            ];
            for (resources, actions) in groups.into_iter().zip(actions) {
                if !resources.is_empty() {
                    cx.statement(allow(actions, resources));
                }
            }
        }
    }
}

/// `<Fn>EventSourceMapping<Type><stream>`, when the type is known.
fn mapping_id(fn_key: &str, c: &Value) -> Option<String> {
    let kind = stream_type(c)?;
    let name = naming::normalize_alphanumeric(&stream_name(c.get("arn").unwrap_or(&Value::Null)));
    Some([naming::normalize(fn_key).as_str(), "EventSourceMapping", &upper_first(kind), &name].concat())
}

fn arn_service_ok(arn: &str) -> bool {
    matches!(source::arn_service(arn), Some("dynamodb" | "kinesis"))
}

/// `type`, else the ARN's service field.
fn stream_type(c: &Value) -> Option<&str> {
    c["type"].as_str().or_else(|| c["arn"].as_str().and_then(|a| a.split(':').nth(2))).filter(|t| !t.is_empty())
}

/// The stream name in the logical ID: an ARN's second `/` segment (`table/T/stream/...` → `T`,
/// `stream/clicks` → `clicks`), the text after the last `/` of a `Fn::Join`'s last element, else
/// what the intrinsic names.
fn stream_name(arn: &Value) -> String {
    match arn {
        Value::String(s) => s.split('/').nth(1).unwrap_or_default().to_string(),
        Value::Object(m) if m.contains_key("Fn::Join") && !m.contains_key("Fn::GetAtt") => {
            source::intrinsic_name(arn).rsplit('/').next().unwrap_or_default().to_string()
        }
        other => source::intrinsic_name(other),
    }
}

/// `destinations: {onFailure: <arn> | {arn, type}}`.
fn destinations(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    let map = &*l.object(v, path, &DESTINATIONS)?;
    let at = join(path, "onFailure");
    let Some(on_failure) = map.get("onFailure") else {
        l.missing(path, "onFailure", "add `onFailure: <ARN of an SQS queue or SNS topic>`");
        return None;
    };
    let on_failure = match on_failure {
        Value::String(_) => on_failure.clone(),
        Value::Object(m) if has_intrinsic_key(m) => source::string_or_intrinsic(l, on_failure, &at)?,
        Value::Object(_) => {
            let m = &*l.object(on_failure, &at, &ON_FAILURE)?;
            let fields = source::read_fields(l, m, &at, |l, k, v, at| match k {
                "arn" => source::string_or_intrinsic(l, v, at),
                "type" => source::one_of(l, v, at, &["sns", "sqs"]),
                _ => None,
            })?;
            if !fields.contains_key("arn") {
                l.missing(&at, "arn", "add the destination's ARN");
                return None;
            }
            Value::Object(fields)
        }
        other => {
            shape_error(l, &at, "an ARN or `{arn, type}`", other);
            return None;
        }
    };
    Some(json!({ "onFailure": on_failure }))
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::source::testing::{compile, config, diagnostics, errors};

    fn stream(event: Value) -> Value {
        config(json!({}), json!({"worker": {"handler": "h", "events": [{"stream": event}]}}))
    }

    #[test]
    fn kinesis_at_timestamp_needs_a_timestamp_and_a_consumer() {
        let e = errors(&stream(
            json!({"arn": "arn:aws:kinesis:us-east-1:123456789012:stream/s", "startingPosition": "AT_TIMESTAMP"}),
        ));
        assert_eq!(
            e,
            vec![(
                codes::STREAM_MISSING_STARTING_POSITION_TIMESTAMP,
                "functions.worker.events[0].stream.startingPosition".into()
            )]
        );
        let e = errors(&stream(json!({
            "arn": "arn:aws:kinesis:us-east-1:123456789012:stream/s", "startingPosition": "AT_TIMESTAMP", "startingPositionTimestamp": 5
        })));
        assert_eq!(e[0].0, codes::STREAM_MISSING_STARTING_POSITION_TIMESTAMP);
        let d = diagnostics(&stream(json!({
            "arn": "arn:aws:kinesis:us-east-1:123456789012:stream/s", "startingPosition": "AT_TIMESTAMP", "consumer": true
        })));
        let e = d.errors().next().unwrap();
        assert_eq!(e.code, codes::FUNCTION_STREAM_STARTING_POSITION_TIMESTAMP_INVALID);
        assert_eq!(
            e.message,
            "You must specify startingPositionTimestamp for function: worker when startingPosition is AT_TIMESTAMP"
        );
    }

    #[test]
    fn arns_and_types_are_checked() {
        let e = errors(&stream(json!("arn:aws:sqs:us-east-1:123456789012:q")));
        assert_eq!(e, vec![(codes::EVENT_ARN_SERVICE_MISMATCH, "functions.worker.events[0].stream.arn".into())]);
        let e = errors(&stream(json!({"arn": "arn:aws:kinesis:us-east-1:123456789012:stream/s", "type": "dynamodb"})));
        assert_eq!(e, vec![(codes::EVENT_ARN_SERVICE_MISMATCH, "functions.worker.events[0].stream.type".into())]);
        let e = errors(&stream(json!({"arn": {"Fn::GetAtt": ["S", "Arn"]}})));
        assert_eq!(e, vec![(codes::INVALID_EVENT, "functions.worker.events[0].stream.type".into())]);
        let e = errors(&stream(json!({
            "arn": "arn:aws:dynamodb:us-east-1:123456789012:table/T/stream/x", "startingPosition": "AT_TIMESTAMP"
        })));
        assert_eq!(e[0].0, codes::INVALID_EVENT);
        let e = errors(&stream(json!({
            "arn": "arn:aws:kinesis:us-east-1:123456789012:stream/s", "destinations": {"onFailure": {"arn": {"Ref": "Q"}}}
        })));
        assert_eq!(e, vec![(codes::INVALID_EVENT, "functions.worker.events[0].stream.destinations.onFailure".into())]);
        let e = errors(&stream(
            json!({"arn": "arn:aws:kinesis:us-east-1:123456789012:stream/s", "parallelizationFactor": 11}),
        ));
        assert_eq!(e[0].0, codes::INVALID_EVENT);
    }

    #[test]
    fn two_events_on_one_stream_are_a_duplicate() {
        let value = config(
            json!({}),
            json!({"worker": {"handler": "h", "events": [
                {"stream": "arn:aws:kinesis:us-east-1:123456789012:stream/s"},
                {"stream": {"arn": "arn:aws:kinesis:us-east-1:123456789012:stream/s", "batchSize": 5}}
            ]}}),
        );
        assert_eq!(errors(&value), vec![(codes::DUPLICATE_EVENT, "functions.worker.events[1].stream".into())]);
    }

    #[test]
    fn a_consumer_is_written_after_its_mapping() {
        let (resources, statements) = compile(&stream(json!({
            "arn": "arn:aws:kinesis:us-east-1:123456789012:stream/clicks", "consumer": true, "batchSize": 0,
            "destinations": {"onFailure": "arn:aws:sns:us-east-1:123456789012:failures"}
        })));
        let ids: Vec<&str> = resources.keys().map(String::as_str).collect();
        assert_eq!(ids, ["WorkerEventSourceMappingKinesisClicks", "WorkerclicksConsumerStreamConsumer"]);
        let mapping = &resources["WorkerEventSourceMappingKinesisClicks"];
        assert_eq!(mapping["DependsOn"], json!(["IamRoleLambdaExecution", "WorkerclicksConsumerStreamConsumer"]));
        assert_eq!(mapping["Properties"]["EventSourceArn"], json!({"Ref": "WorkerclicksConsumerStreamConsumer"}));
        assert_eq!(mapping["Properties"]["BatchSize"], json!(10));
        assert_eq!(
            resources["WorkerclicksConsumerStreamConsumer"]["Properties"]["ConsumerName"],
            json!("workerclicksConsumer")
        );
        let actions: Vec<&Value> = statements.iter().map(|s| &s["Action"][0]).collect();
        assert_eq!(actions, [&json!("kinesis:GetRecords"), &json!("kinesis:SubscribeToShard"), &json!("sns:Publish")]);
        assert_eq!(statements[0]["Action"][2], json!("kinesis:DescribeStreamSummary"));
    }

    #[test]
    fn stream_names_follow_the_reference() {
        assert_eq!(stream_name(&json!("arn:aws:dynamodb:us-east-1:123456789012:table/Users/stream/2026")), "Users");
        assert_eq!(stream_name(&json!("arn:aws:kinesis:us-east-1:123456789012:stream/clicks-423")), "clicks-423");
        assert_eq!(stream_name(&json!({"Fn::GetAtt": ["MyStream", "Arn"]})), "MyStream");
        assert_eq!(stream_name(&json!({"Fn::ImportValue": "exported"})), "exported");
        assert_eq!(stream_name(&json!({"Ref": "S"})), "S");
        assert_eq!(stream_name(&json!({"Fn::Join": [":", ["arn", "table/Orders"]]})), "Orders");
    }

    #[test]
    fn type_comes_from_the_arn_when_missing() {
        assert_eq!(stream_type(&json!({"arn": "arn:aws:kinesis:us-east-1:123456789012:stream/s"})), Some("kinesis"));
        assert_eq!(stream_type(&json!({"arn": {"Ref": "S"}, "type": "dynamodb"})), Some("dynamodb"));
        assert_eq!(stream_type(&json!({"arn": {"Ref": "S"}})), None);
        assert_eq!(upper_first("dynamodb"), "Dynamodb");
    }
}
