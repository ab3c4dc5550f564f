//! `msk` events (Amazon MSK): an `AWS::Lambda::EventSourceMapping` per function, cluster and
//! topic, and per function the cluster and EC2 statements (serverless-events.md §15).

use serde_json::{Map, Value, json};

use super::source::{self, check_arn, given, truthy};
use super::{Ctx, EventRef, EventType, object};
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::naming;
use crate::reader::{Keys, Loader, join};

pub(crate) struct Msk;

const KEYS: Keys = Keys {
    allowed: &[
        "arn",
        "batchSize",
        "maximumBatchingWindow",
        "enabled",
        "startingPosition",
        "startingPositionTimestamp",
        "topic",
        "saslScram512",
        "consumerGroupId",
        "filterPatterns",
    ],
    unsupported: &[],
    no_effect: &[],
};

impl EventType for Msk {
    fn name(&self) -> &'static str {
        "msk"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        object(l, v, path)?;
        let map = &*l.object(v, path, &KEYS)?;
        let out = source::read_fields(l, map, path, |l, k, v, at| match k {
            "arn" => source::arn_import_or_ref(l, v, at, "the cluster's ARN"),
            "batchSize" | "maximumBatchingWindow" => l.integer(v, at).map(Value::from),
            "enabled" => l.boolean(v, at).map(Value::from),
            "startingPosition" => source::one_of(l, v, at, &["LATEST", "TRIM_HORIZON", "AT_TIMESTAMP"]),
            "startingPositionTimestamp" => source::number(l, v, at),
            "topic" | "consumerGroupId" | "saslScram512" => l.string(v, at).map(Value::from),
            "filterPatterns" => source::filter_patterns(l, v, at),
            _ => None,
        })?;
        let ok = l.require(
            &out,
            path,
            &[
                ("arn", "add the cluster's ARN, e.g. `arn: arn:aws:kafka:us-east-1:123456789012:cluster/core/abc-1`"),
                ("topic", "add the topic to consume"),
            ],
        );
        ok.then_some(Value::Object(out))
    }

    fn validate(&self, cx: &EventRef<'_>, out: &mut Diagnostics) {
        let path = cx.path("msk");
        let c = cx.config;
        check_arn(out, &join(&path, "arn"), &c["arn"], &["kafka"], "an MSK cluster");
        source::check_duplicate(cx, out, "msk", |c| mapping_id(cx.fn_key, c));
        if let Some(arn) = c["arn"].as_str()
            && source::arn_service(arn) == Some("kafka")
            && arn.split('/').nth(1).is_none_or(str::is_empty)
        {
            out.push(Diagnostic::error(
                codes::INVALID_EVENT,
                join(&path, "arn"),
                format!("\"{arn}\" has no cluster name (expected `...:cluster/<name>/<id>`)"),
            ));
        }
        if let Some(secret) = c.get("saslScram512") {
            check_arn(out, &join(&path, "saslScram512"), secret, &["secretsmanager"], "a Secrets Manager secret");
        }
        if c["startingPosition"].as_str() == Some("AT_TIMESTAMP") && given(c.get("startingPositionTimestamp")).is_none()
        {
            out.push(Diagnostic::error(
                codes::FUNCTION_MSK_STARTING_POSITION_TIMESTAMP_INVALID,
                path.clone(),
                format!(
                    "You must specify startingPositionTimestamp for function: {} when startingPosition is AT_TIMESTAMP.",
                    cx.fn_key
                ),
            ));
        }
        source::check_batching(out, &path, c, "msk batchSize");
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        let r = cx.r;
        for &(fn_key, f) in &r.functions {
            let mut clusters = Vec::new();
            for e in f.events.iter().filter(|e| e.kind == "msk") {
                let c = &e.config;
                let arn = c.get("arn").cloned().unwrap_or(Value::Null);
                let topic = c["topic"].as_str().unwrap_or_default();
                let id = mapping_id(fn_key, c);
                let mut props = Map::new();
                props.insert("EventSourceArn".into(), arn.clone());
                props.insert("FunctionName".into(), cx.target(fn_key, f));
                let position = c.get("startingPosition").filter(|p| truthy(Some(p))).cloned();
                props.insert("StartingPosition".into(), position.unwrap_or(json!("TRIM_HORIZON")));
                props.insert("Topics".into(), json!([topic]));
                if let Some(v) = given(c.get("startingPositionTimestamp")) {
                    props.insert("StartingPositionTimestamp".into(), v.clone());
                }
                source::batching_properties(&mut props, c);
                if truthy(c.get("consumerGroupId")) {
                    props.insert(
                        "AmazonManagedKafkaEventSourceConfig".into(),
                        json!({ "ConsumerGroupId": c["consumerGroupId"] }),
                    );
                }
                if let Some(v) = given(c.get("enabled")) {
                    props.insert("Enabled".into(), v.clone());
                }
                if let Some(secret) = given(c.get("saslScram512")) {
                    props.insert(
                        "SourceAccessConfigurations".into(),
                        json!([{ "Type": "SASL_SCRAM_512_AUTH", "URI": secret }]),
                    );
                }
                if let Some(Value::Array(patterns)) = c.get("filterPatterns") {
                    props.insert("FilterCriteria".into(), super::filter_criteria(patterns));
                }
                clusters.push(arn);
                let depends_on = cx.mapping_depends_on(fn_key, f);
                cx.set(id, source::resource("AWS::Lambda::EventSourceMapping", Some(json!(depends_on)), props));
            }
            if !clusters.is_empty() {
                cx.statement(source::allow(&["kafka:DescribeCluster", "kafka:GetBootstrapBrokers"], clusters));
                cx.statement(source::ec2_statement());
            }
        }
    }
}

/// `<Fn>EventSourceMappingMSK<cluster><topic>`, each name cut to 79 characters.
fn mapping_id(fn_key: &str, c: &Value) -> String {
    let cluster: String = naming::normalize_alphanumeric(&cluster_name(&c["arn"])).chars().take(79).collect();
    let topic: String =
        naming::normalize_alphanumeric(c["topic"].as_str().unwrap_or_default()).chars().take(79).collect();
    [naming::normalize(fn_key).as_str(), "EventSourceMappingMSK", &cluster, &topic].concat()
}

/// The cluster name in the logical ID: `Fn::ImportValue`/`Ref` → the value, an ARN → the segment
/// after `cluster/`.
fn cluster_name(arn: &Value) -> String {
    match arn {
        Value::String(s) => s.split('/').nth(1).unwrap_or_default().to_string(),
        other => source::intrinsic_name(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::source::testing::{compile, config, diagnostics, errors};

    fn msk(event: Value) -> Value {
        config(json!({}), json!({"worker": {"handler": "h", "events": [{"msk": event}]}}))
    }

    #[test]
    fn rules() {
        let d = diagnostics(&msk(
            json!({"arn": "arn:aws:kafka:us-east-1:123456789012:cluster/c/1", "topic": "t", "startingPosition": "AT_TIMESTAMP"}),
        ));
        let e = d.errors().next().unwrap();
        assert_eq!(e.code, codes::FUNCTION_MSK_STARTING_POSITION_TIMESTAMP_INVALID);
        assert_eq!(
            e.message,
            "You must specify startingPositionTimestamp for function: worker when startingPosition is AT_TIMESTAMP."
        );
        let e = errors(&msk(json!({"arn": "arn:aws:kinesis:us-east-1:123456789012:stream/s", "topic": "t"})));
        assert_eq!(e, vec![(codes::EVENT_ARN_SERVICE_MISMATCH, "functions.worker.events[0].msk.arn".into())]);
        let e = errors(&msk(json!({"arn": {"Fn::GetAtt": ["C", "Arn"]}, "topic": "t"})));
        assert_eq!(e[0].0, codes::CONFIG_INVALID_VALUE);
    }

    #[test]
    fn compiles_with_cluster_and_ec2_statements() {
        let (resources, statements) = compile(&msk(
            json!({"arn": "arn:aws:kafka:us-east-1:123456789012:cluster/core-cluster/1", "topic": "user_events", "batchSize": 5}),
        ));
        let m = &resources["WorkerEventSourceMappingMSKCoreclusterUserevents"];
        assert_eq!(m["Properties"]["BatchSize"], json!(5));
        assert_eq!(statements[0]["Action"], json!(["kafka:DescribeCluster", "kafka:GetBootstrapBrokers"]));
        assert_eq!(statements[1]["Resource"], json!("*"));
    }

    #[test]
    fn cluster_names() {
        assert_eq!(
            cluster_name(&json!("arn:aws:kafka:us-east-1:123456789012:cluster/core-cluster/abc-3")),
            "core-cluster"
        );
        assert_eq!(cluster_name(&json!({"Ref": "Cluster"})), "Cluster");
        assert_eq!(cluster_name(&json!({"Fn::ImportValue": "exported"})), "exported");
    }
}
