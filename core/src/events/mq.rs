//! `activemq` and `rabbitmq` events (Amazon MQ): an `AWS::Lambda::EventSourceMapping` per function
//! and queue, and per function the secret, broker and EC2 statements. Lambda Managed Instances
//! do not poll Amazon MQ, so a capacity-provider function may not have them (DECISIONS.md D7).

use serde_json::{Map, Value, json};

use super::source::{self, check_arn, given, truthy};
use super::{Ctx, EventRef, EventType, object};
use crate::diagnostics::Diagnostics;
use crate::naming;
use crate::reader::{Keys, Loader, join};

pub(crate) struct ActiveMq;
pub(crate) struct RabbitMq;

const ACTIVE_MQ_KEYS: Keys = Keys {
    allowed: &["arn", "basicAuthArn", "batchSize", "maximumBatchingWindow", "enabled", "queue", "filterPatterns"],
    unsupported: &[],
    no_effect: &[],
};

const RABBIT_MQ_KEYS: Keys = Keys {
    allowed: &[
        "arn",
        "basicAuthArn",
        "batchSize",
        "maximumBatchingWindow",
        "enabled",
        "queue",
        "virtualHost",
        "filterPatterns",
    ],
    unsupported: &[],
    no_effect: &[],
};

impl EventType for ActiveMq {
    fn name(&self) -> &'static str {
        "activemq"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        load(l, v, path, &ACTIVE_MQ_KEYS)
    }

    fn validate(&self, cx: &EventRef<'_>, out: &mut Diagnostics) {
        validate(cx, out, "activemq");
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        compile(cx, "activemq");
    }

    fn managed_instances(&self) -> bool {
        false
    }
}

impl EventType for RabbitMq {
    fn name(&self) -> &'static str {
        "rabbitmq"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        load(l, v, path, &RABBIT_MQ_KEYS)
    }

    fn validate(&self, cx: &EventRef<'_>, out: &mut Diagnostics) {
        validate(cx, out, "rabbitmq");
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        compile(cx, "rabbitmq");
    }

    fn managed_instances(&self) -> bool {
        false
    }
}

fn load(l: &mut Loader, v: &Value, path: &str, keys: &Keys) -> Option<Value> {
    object(l, v, path)?;
    let map = &*l.object(v, path, keys)?;
    let out = source::read_fields(l, map, path, |l, k, v, at| match k {
        "arn" | "basicAuthArn" => source::arn_import_or_ref(l, v, at, "an ARN"),
        "batchSize" | "maximumBatchingWindow" => l.integer(v, at).map(Value::from),
        "enabled" => l.boolean(v, at).map(Value::from),
        "queue" | "virtualHost" => l.string(v, at).map(Value::from),
        "filterPatterns" => source::filter_patterns(l, v, at),
        _ => None,
    })?;
    let ok = l.require(
        &out,
        path,
        &[
            ("arn", "add the broker's ARN, e.g. `arn: arn:aws:mq:us-east-1:123456789012:broker:jobs:b-1234`"),
            ("basicAuthArn", "add the ARN of the Secrets Manager secret with the broker's credentials"),
            ("queue", "add the queue to consume"),
        ],
    );
    ok.then_some(Value::Object(out))
}

fn validate(cx: &EventRef<'_>, out: &mut Diagnostics, kind: &str) {
    let path = cx.path(kind);
    let c = cx.config;
    source::check_duplicate(cx, out, kind, |c| {
        c["queue"].as_str().map(|q| mapping_id(cx.fn_key, kind, q)).unwrap_or_default()
    });
    check_arn(out, &join(&path, "arn"), &c["arn"], &["mq"], "an Amazon MQ broker");
    check_arn(out, &join(&path, "basicAuthArn"), &c["basicAuthArn"], &["secretsmanager"], "a Secrets Manager secret");
    source::check_batching(out, &path, c, "Amazon MQ batchSize");
}

/// `<Fn>EventSourceMapping<ActiveMQ|RabbitMQ><queue>`, the queue cut to 150 characters.
fn mapping_id(fn_key: &str, kind: &str, queue: &str) -> String {
    let label = if kind == "activemq" { "ActiveMQ" } else { "RabbitMQ" };
    let queue: String = naming::normalize_alphanumeric(queue).chars().take(150).collect();
    [naming::normalize(fn_key).as_str(), "EventSourceMapping", label, &queue].concat()
}

/// Every function's `kind` events.
fn compile(cx: &mut Ctx<'_>, kind: &str) {
    let r = cx.r;
    for &(fn_key, f) in &r.functions {
        let mut secrets = Vec::new();
        let mut brokers = Vec::new();
        for e in f.events.iter().filter(|e| e.kind == kind) {
            let c = &e.config;
            let queue = c["queue"].as_str().unwrap_or_default();
            let id = mapping_id(fn_key, kind, queue);
            let mut access = vec![json!({ "Type": "BASIC_AUTH", "URI": c["basicAuthArn"] })];
            if truthy(c.get("virtualHost")) {
                access.push(json!({ "Type": "VIRTUAL_HOST", "URI": c["virtualHost"] }));
            }
            let mut props = Map::new();
            props.insert("FunctionName".into(), cx.target(fn_key, f));
            props.insert("EventSourceArn".into(), c["arn"].clone());
            props.insert("Queues".into(), json!([queue]));
            props.insert("SourceAccessConfigurations".into(), Value::Array(access));
            source::batching_properties(&mut props, c);
            if let Some(v) = given(c.get("enabled")) {
                props.insert("Enabled".into(), v.clone());
            }
            if let Some(Value::Array(patterns)) = c.get("filterPatterns") {
                props.insert("FilterCriteria".into(), super::filter_criteria(patterns));
            }
            brokers.push(c["arn"].clone());
            secrets.push(c["basicAuthArn"].clone());
            let depends_on = cx.mapping_depends_on(fn_key, f);
            cx.set(id, source::resource("AWS::Lambda::EventSourceMapping", Some(json!(depends_on)), props));
        }
        if !brokers.is_empty() {
            cx.statement(source::allow(&["secretsmanager:GetSecretValue"], secrets));
            cx.statement(source::allow(&["mq:DescribeBroker"], brokers));
            cx.statement(source::ec2_statement());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::source::testing::{compile, config, errors};
    use crate::codes;

    const BROKER: &str = "arn:aws:mq:us-east-1:123456789012:broker:b:b-1";
    const SECRET: &str = "arn:aws:secretsmanager:us-east-1:123456789012:secret:s";

    #[test]
    fn not_on_capacity_provider_functions() {
        let value = config(
            json!({"capacityProviders": {"pool": {}}}),
            json!({"worker": {"handler": "h", "capacityProvider": "pool", "events": [
                {"rabbitmq": {"arn": BROKER, "basicAuthArn": SECRET, "queue": "q"}}
            ]}}),
        );
        let e = errors(&value);
        assert_eq!(
            e,
            vec![(
                codes::LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_EVENT_SOURCE,
                "functions.worker.events[0].rabbitmq".into()
            )]
        );
    }

    #[test]
    fn arns_are_checked_and_compiled() {
        let bad = config(
            json!({}),
            json!({"worker": {"handler": "h", "events": [{"activemq": {"arn": BROKER, "basicAuthArn": BROKER, "queue": "q"}}]}}),
        );
        assert_eq!(
            errors(&bad),
            vec![(codes::EVENT_ARN_SERVICE_MISMATCH, "functions.worker.events[0].activemq.basicAuthArn".into())]
        );
        let good = config(
            json!({}),
            json!({"worker": {"handler": "h", "events": [{"rabbitmq": {"arn": BROKER, "basicAuthArn": SECRET, "queue": "jobs.q", "virtualHost": "/v"}}]}}),
        );
        let (resources, statements) = compile(&good);
        let m = &resources["WorkerEventSourceMappingRabbitMQJobsq"];
        assert_eq!(m["Properties"]["SourceAccessConfigurations"][1], json!({"Type": "VIRTUAL_HOST", "URI": "/v"}));
        assert_eq!(statements.len(), 3);
    }
}
