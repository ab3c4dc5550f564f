//! `kafka` events (self-managed Apache Kafka): an `AWS::Lambda::EventSourceMapping` per function
//! and topic, and per function the Secrets Manager (and, in a VPC, EC2) statements
//! (serverless-events.md §15).

use serde_json::{Map, Value, json};

use super::source::{self, check_arn, given, truthy};
use super::{Ctx, EventRef, EventType, object};
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::naming;
use crate::reader::{Keys, Loader, join};

pub(crate) struct Kafka;

const KEYS: Keys = Keys {
    allowed: &[
        "accessConfigurations",
        "batchSize",
        "maximumBatchingWindow",
        "enabled",
        "bootstrapServers",
        "startingPosition",
        "startingPositionTimestamp",
        "topic",
        "consumerGroupId",
        "filterPatterns",
    ],
    unsupported: &[],
    no_effect: &[],
};

/// `accessConfigurations` keys: (key, `SourceAccessConfigurations` type, URI prefix, a secret).
const ACCESS: &[(&str, &str, &str, bool)] = &[
    ("vpcSubnet", "VPC_SUBNET", "subnet:", false),
    ("vpcSecurityGroup", "VPC_SECURITY_GROUP", "security_group:", false),
    ("saslPlainAuth", "BASIC_AUTH", "", true),
    ("saslScram256Auth", "SASL_SCRAM_256_AUTH", "", true),
    ("saslScram512Auth", "SASL_SCRAM_512_AUTH", "", true),
    ("clientCertificateTlsAuth", "CLIENT_CERTIFICATE_TLS_AUTH", "", true),
    ("serverRootCaCertificate", "SERVER_ROOT_CA_CERTIFICATE", "", true),
];

const ACCESS_KEYS: Keys = Keys {
    allowed: &[
        "vpcSubnet",
        "vpcSecurityGroup",
        "saslPlainAuth",
        "saslScram256Auth",
        "saslScram512Auth",
        "clientCertificateTlsAuth",
        "serverRootCaCertificate",
    ],
    unsupported: &[],
    no_effect: &[],
};

impl EventType for Kafka {
    fn name(&self) -> &'static str {
        "kafka"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        object(l, v, path)?;
        let map = &*l.object(v, path, &KEYS)?;
        let out = source::read_fields(l, map, path, |l, k, v, at| match k {
            "accessConfigurations" => access_configurations(l, v, at),
            "batchSize" | "maximumBatchingWindow" => l.integer(v, at).map(Value::from),
            "enabled" => l.boolean(v, at).map(Value::from),
            // The reference's schema coerces a single server to a one-item list.
            "bootstrapServers" => l.string_list(v, at).map(Value::from),
            "startingPosition" => source::one_of(l, v, at, &["LATEST", "TRIM_HORIZON", "AT_TIMESTAMP"]),
            "startingPositionTimestamp" => source::number(l, v, at),
            "topic" | "consumerGroupId" => l.string(v, at).map(Value::from),
            "filterPatterns" => source::filter_patterns(l, v, at),
            _ => None,
        })?;
        let ok = l.require(
            &out,
            path,
            &[
                ("accessConfigurations", "add e.g. `accessConfigurations: {saslScram512Auth: <secret ARN>}`"),
                ("bootstrapServers", "add the brokers, e.g. `bootstrapServers: [b-1.kafka.example.com:9092]`"),
                ("topic", "add the topic to consume"),
            ],
        );
        ok.then_some(Value::Object(out))
    }

    fn validate(&self, cx: &EventRef<'_>, out: &mut Diagnostics) {
        let path = cx.path("kafka");
        let c = cx.config;
        let access = c.get("accessConfigurations").and_then(Value::as_object);
        let has = |k: &str| access.is_some_and(|a| a.contains_key(k));
        if has("vpcSubnet") != has("vpcSecurityGroup") {
            let missing = if has("vpcSecurityGroup") { "vpcSubnet" } else { "vpcSecurityGroup" };
            out.push(
                // The reference's FUNCTION_KAFKA_VPC_ACCESS_CONFIGURATION_INVALID, with its text.
                Diagnostic::error(
                    codes::INVALID_EVENT,
                    join(&path, "accessConfigurations"),
                    format!(
                        "You must specify at least one \"{missing}\" accessConfiguration for function: {}",
                        cx.fn_key
                    ),
                )
                .with_help("give both vpcSubnet and vpcSecurityGroup, or neither"),
            );
        }
        if c["startingPosition"].as_str() == Some("AT_TIMESTAMP") && given(c.get("startingPositionTimestamp")).is_none()
        {
            // The reference's FUNCTION_KAFKA_STARTING_POSITION_TIMESTAMP_INVALID, with its text.
            out.push(Diagnostic::error(
                codes::INVALID_EVENT,
                path.clone(),
                format!(
                    "You must specify startingPositionTimestamp for function: {} when startingPosition is AT_TIMESTAMP.",
                    cx.fn_key
                ),
            ));
        }
        if let Some(access) = access {
            for (key, _, _, secret) in ACCESS {
                if let (true, Some(Value::Array(items))) = (*secret, access.get(*key)) {
                    for (i, item) in items.iter().enumerate() {
                        let at = crate::reader::index(&join(&join(&path, "accessConfigurations"), key), i);
                        check_arn(out, &at, item, &["secretsmanager"], "a Secrets Manager secret");
                    }
                }
            }
        }
        if c["bootstrapServers"].as_array().is_some_and(Vec::is_empty) {
            out.push(Diagnostic::error(
                codes::INVALID_EVENT,
                join(&path, "bootstrapServers"),
                "bootstrapServers is empty",
            ));
        }
        source::check_batching(out, &path, c, "kafka batchSize");
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        let r = cx.r;
        for &(fn_key, f) in &r.functions {
            let mut secrets = Vec::new();
            let mut needs_ec2 = false;
            let mut seen = std::collections::HashSet::new();
            let events: Vec<&Value> = f.events.iter().filter(|e| e.kind == "kafka").map(|e| &e.config).collect();
            // The reference walks a function's kafka events from the last: the last event on a
            // topic keeps the topic-only logical ID, earlier ones get a hash of their source.
            for c in events.iter().rev() {
                let topic = c["topic"].as_str().unwrap_or_default();
                let base = mapping_id(fn_key, topic, None);
                let id = if seen.contains(&base) {
                    let servers: Vec<&str> =
                        c["bootstrapServers"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
                    mapping_id(fn_key, topic, Some((c["consumerGroupId"].as_str().unwrap_or_default(), servers)))
                } else {
                    seen.insert(base.clone());
                    base
                };
                let mut props = Map::new();
                props.insert("FunctionName".into(), cx.target(fn_key, f));
                let position = c.get("startingPosition").filter(|p| truthy(Some(p))).cloned();
                props.insert("StartingPosition".into(), position.unwrap_or(json!("TRIM_HORIZON")));
                props.insert(
                    "SelfManagedEventSource".into(),
                    json!({ "Endpoints": { "KafkaBootstrapServers": c["bootstrapServers"] } }),
                );
                props.insert("Topics".into(), json!([topic]));
                let mut access = Vec::new();
                for (key, values) in c.get("accessConfigurations").and_then(Value::as_object).into_iter().flatten() {
                    let (kind, prefix, secret) = ACCESS
                        .iter()
                        .find(|(k, ..)| k == key)
                        .map_or((key.as_str(), "", false), |(_, t, p, s)| (*t, *p, *s));
                    needs_ec2 |= prefix.starts_with("subnet") || prefix.starts_with("security");
                    for v in values.as_array().into_iter().flatten() {
                        if secret {
                            secrets.push(v.clone());
                        }
                        let uri = match v {
                            Value::String(s) => json!(format!("{prefix}{s}")),
                            other => other.clone(),
                        };
                        access.push(json!({ "Type": kind, "URI": uri }));
                    }
                }
                props.insert("SourceAccessConfigurations".into(), Value::Array(access));
                source::batching_properties(&mut props, c);
                if let Some(v) = given(c.get("enabled")) {
                    props.insert("Enabled".into(), v.clone());
                }
                if truthy(c.get("consumerGroupId")) {
                    props.insert(
                        "SelfManagedKafkaEventSourceConfig".into(),
                        json!({ "ConsumerGroupId": c["consumerGroupId"] }),
                    );
                }
                if let Some(v) = given(c.get("startingPositionTimestamp")) {
                    props.insert("StartingPositionTimestamp".into(), v.clone());
                }
                if let Some(Value::Array(patterns)) = c.get("filterPatterns") {
                    props.insert("FilterCriteria".into(), super::filter_criteria(patterns));
                }
                let depends_on = cx.mapping_depends_on(fn_key, f);
                cx.set(id, source::resource("AWS::Lambda::EventSourceMapping", Some(json!(depends_on)), props));
            }
            if !events.is_empty() {
                if !secrets.is_empty() {
                    cx.statement(source::allow(&["secretsmanager:GetSecretValue"], secrets));
                }
                if needs_ec2 {
                    cx.statement(source::ec2_statement());
                }
            }
        }
    }
}

/// `<Fn>EventSourceMappingKafka<topic>`, plus (for `source`: consumer group and servers) the first
/// eight hex digits of the MD5 of the source's identity, upper-cased.
fn mapping_id(fn_key: &str, topic: &str, source: Option<(&str, Vec<&str>)>) -> String {
    let topic_id: String =
        naming::normalize_alphanumeric(topic).chars().take(if source.is_some() { 150 } else { 158 }).collect();
    let mut id = [naming::normalize(fn_key).as_str(), "EventSourceMappingKafka", &topic_id].concat();
    if let Some((group, mut servers)) = source {
        servers.sort_unstable();
        let identity = json!({ "topic": topic, "consumerGroupId": group, "servers": servers });
        let digest = crate::hash::md5_hex(crate::json::to_compact_string(&identity).as_bytes());
        id.push_str(&digest[..8].to_uppercase());
    }
    id
}

/// `accessConfigurations`: each value a secret ARN, subnet or security group, or a list of them.
fn access_configurations(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    let map = &*l.object(v, path, &ACCESS_KEYS)?;
    // A setting written without a value is none (`read_fields` leaves it out).
    if map.values().all(Value::is_null) {
        l.error_help(
            codes::CONFIG_INVALID_VALUE,
            path,
            "accessConfigurations is empty",
            "add the authentication, e.g. `saslScram512Auth: <secret ARN>`",
        );
        return None;
    }
    let out = source::read_fields(l, map, path, |l, _, v, at| l.string_list(v, at).map(Value::from))?;
    Some(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::source::testing::{compile, config, diagnostics};

    fn kafka(events: Value) -> Value {
        config(json!({}), json!({"worker": {"handler": "h", "events": events}}))
    }

    fn event(extra: Value) -> Value {
        let mut e = json!({"topic": "t", "bootstrapServers": "b:9092", "accessConfigurations": {"saslScram512Auth": "arn:aws:secretsmanager:us-east-1:123456789012:secret:s"}});
        e.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        json!({"kafka": e})
    }

    #[test]
    fn rules_keep_the_reference_messages() {
        let d = diagnostics(&kafka(json!([event(json!({"startingPosition": "AT_TIMESTAMP"}))])));
        let e = d.errors().next().unwrap();
        assert_eq!(e.code, codes::INVALID_EVENT);
        assert_eq!(
            e.message,
            "You must specify startingPositionTimestamp for function: worker when startingPosition is AT_TIMESTAMP."
        );
        let d = diagnostics(&kafka(json!([event(json!({"accessConfigurations": {"vpcSubnet": "subnet-1"}}))])));
        assert_eq!(
            d.errors().next().unwrap().message,
            "You must specify at least one \"vpcSecurityGroup\" accessConfiguration for function: worker"
        );
        let d = diagnostics(&kafka(json!([event(
            json!({"accessConfigurations": {"saslScram512Auth": "arn:aws:sqs:us-east-1:123456789012:q"}})
        )])));
        assert_eq!(d.errors().next().unwrap().code, codes::EVENT_ARN_SERVICE_MISMATCH);
    }

    #[test]
    fn the_last_event_on_a_topic_keeps_the_plain_id() {
        let (resources, statements) = compile(&kafka(json!([
            event(json!({"consumerGroupId": "g1"})),
            event(json!({"accessConfigurations": {"vpcSubnet": ["subnet-1"], "vpcSecurityGroup": "sg-1"}}))
        ])));
        let ids: Vec<&String> = resources.keys().collect();
        assert_eq!(ids[0], "WorkerEventSourceMappingKafkaT");
        assert!(ids[1].starts_with("WorkerEventSourceMappingKafkaT") && ids[1].len() == ids[0].len() + 8, "{ids:?}");
        assert_eq!(
            resources["WorkerEventSourceMappingKafkaT"]["Properties"]["SourceAccessConfigurations"],
            json!([{"Type": "VPC_SUBNET", "URI": "subnet:subnet-1"}, {"Type": "VPC_SECURITY_GROUP", "URI": "security_group:sg-1"}])
        );
        assert_eq!(statements.len(), 2);
        assert_eq!(statements[1]["Action"][0], json!("ec2:CreateNetworkInterface"));
    }

    #[test]
    fn mapping_ids() {
        assert_eq!(mapping_id("consumer", "ledger.reports", None), "ConsumerEventSourceMappingKafkaLedgerreports");
        let hashed = mapping_id("consumer", "t", Some(("g", vec!["b:9092", "a:9092"])));
        let identity = r#"{"topic":"t","consumerGroupId":"g","servers":["a:9092","b:9092"]}"#;
        let digest = crate::hash::md5_hex(identity.as_bytes())[..8].to_uppercase();
        assert_eq!(hashed, format!("ConsumerEventSourceMappingKafkaT{digest}"));
    }
}
