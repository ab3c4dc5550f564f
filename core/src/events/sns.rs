//! `sns` events: a topic (created from a name, or an existing one given by ARN), the function's
//! subscription to it, an SQS queue policy for a dead-letter queue, and the lambda permission
//! (serverless-events.md §6).

use serde_json::{Map, Value, json};

use super::source::{self, check_arn, truthy};
use super::{Ctx, EventRef, EventType, object};
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::naming;
use crate::reader::{Keys, Loader, join};

pub(crate) struct Sns;

const KEYS: Keys = Keys {
    allowed: &[
        "arn",
        "topicName",
        "displayName",
        "filterPolicy",
        "filterPolicyScope",
        "redrivePolicy",
        "kmsMasterKeyId",
    ],
    unsupported: &[],
    no_effect: &[],
};

const REDRIVE: Keys = Keys {
    allowed: &["deadLetterTargetArn", "deadLetterTargetRef", "deadLetterTargetImport"],
    unsupported: &[],
    no_effect: &[],
};

const IMPORT: Keys = Keys { allowed: &["arn", "url"], unsupported: &[], no_effect: &[] };

/// The reference's message for an intrinsic `arn` without `topicName` (its text, verbatim).
const MISSING_TOPIC_NAME: &str =
    "Missing \"sns.topicName\" setting (it needs to be provided if \"sns.arn\" is not provided as plain ARN string)";

impl EventType for Sns {
    fn name(&self) -> &'static str {
        "sns"
    }

    /// The string form is kept as written (a topic name, or a topic ARN whose `Region` the
    /// reference never sets); the object form is checked key by key.
    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        if let Value::String(s) = v {
            if !s.starts_with("arn:") && !valid_topic_name(s) {
                topic_name_error(l, path, s);
                return None;
            }
            return Some(v.clone());
        }
        object(l, v, path)?;
        let map = &*l.object(v, path, &KEYS)?;
        let out = source::read_fields(l, map, path, |l, k, v, at| match k {
            "arn" | "kmsMasterKeyId" => source::string_or_intrinsic(l, v, at),
            "topicName" => match v.as_str() {
                Some(s) if valid_topic_name(s) => Some(v.clone()),
                Some(s) => {
                    topic_name_error(l, at, s);
                    None
                }
                None => {
                    super::shape_error(l, at, "a topic name", v);
                    None
                }
            },
            "displayName" => source::non_empty_string(l, v, at),
            "filterPolicy" => source::plain_object(l, v, at),
            "filterPolicyScope" => source::one_of(l, v, at, &["MessageAttributes", "MessageBody"]),
            "redrivePolicy" => redrive_policy(l, v, at),
            _ => None,
        })?;
        if !out.contains_key("arn") && !out.contains_key("topicName") {
            l.error_help(
                codes::CONFIG_MISSING_KEY,
                path,
                format!("{path} needs `arn` (an existing topic) or `topicName` (a topic to create)"),
                "add `topicName: my-topic`, or `arn: arn:aws:sns:us-east-1:123456789012:my-topic`",
            );
            return None;
        }
        Some(Value::Object(out))
    }

    fn validate(&self, cx: &EventRef<'_>, out: &mut Diagnostics) {
        let path = cx.path("sns");
        let c = cx.config;
        // The reference's own rule first; without a topic name nothing else can be checked.
        if c.get("arn").is_some_and(|a| !a.is_string()) && !truthy(c.get("topicName")) {
            out.push(
                Diagnostic::error(codes::SNS_MISSING_TOPIC_NAME, path.clone(), MISSING_TOPIC_NAME)
                    .with_help("add `topicName`: the name of the topic the intrinsic `arn` points at"),
            );
            return;
        }
        let region = cx.r.region();
        source::check_duplicate(cx, out, "sns", |c| {
            let topic = Topic::of(c, region);
            [
                naming::normalize(cx.fn_key).as_str(),
                "LambdaPermission",
                &naming::normalize_alphanumeric(&topic.name),
                "SNS",
            ]
            .concat()
        });
        let Some(m) = c.as_object() else {
            if let Some(arn) = c.as_str().filter(|s| s.starts_with("arn:")) {
                check_arn(out, &path, &json!(arn), &["sns"], "an SNS topic");
            }
            return;
        };
        if let Some(arn) = m.get("arn").filter(|a| a.is_string()) {
            check_arn(out, &join(&path, "arn"), arn, &["sns"], "an SNS topic");
        }
        if let Some(arn) = m.get("redrivePolicy").and_then(|r| r.get("deadLetterTargetArn")) {
            let at = join(&join(&path, "redrivePolicy"), "deadLetterTargetArn");
            check_arn(out, &at, arn, &["sqs"], "an SQS queue");
            if let Some(s) = arn.as_str()
                && s.split(':').count() < 6
            {
                out.push(Diagnostic::error(
                    codes::INVALID_EVENT,
                    at,
                    format!("\"{s}\" is not a full queue ARN (`arn:aws:sqs:<region>:<account>:<queue>`)"),
                ));
            }
        }
        let creates_topic = !m.contains_key("arn");
        if creates_topic && m.contains_key("filterPolicyScope") && !m.contains_key("filterPolicy") {
            out.push(
                Diagnostic::error(
                    codes::INVALID_EVENT,
                    join(&path, "filterPolicyScope"),
                    "filterPolicyScope without filterPolicy on a topic created here is dropped by the reference",
                )
                .with_help("add the filterPolicy it scopes, or remove filterPolicyScope"),
            );
        }
        if !creates_topic {
            for key in ["displayName", "kmsMasterKeyId"] {
                if m.contains_key(key) {
                    out.push(
                        Diagnostic::error(
                            codes::INVALID_EVENT,
                            join(&path, key),
                            format!("`{key}` configures a topic created here, but `arn` names an existing topic: it would be ignored"),
                        )
                        .with_help(format!("remove `{key}`, or use `topicName` without `arn` to create the topic")),
                    );
                }
            }
        }
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        let region = cx.r.region();
        for (fn_key, f, _, c) in cx.events_of("sns") {
            let topic = Topic::of(c, region);
            let fn_id = naming::normalize(fn_key);
            let topic_id = naming::normalize_alphanumeric(&topic.name);
            let alias = cx.alias_id(fn_key, f).map(Value::String);
            let endpoint = cx.target(fn_key, f);
            let redrive = c.get("redrivePolicy").and_then(dead_letter);
            let redrive_policy = redrive.as_ref().map(|(arn, _)| json!({ "deadLetterTargetArn": arn }));
            if let Some((target_arn, url)) = &redrive {
                let policy_id = [topic_id.as_str(), "To", &fn_id, "DLQPolicy"].concat();
                let mut condition = Map::new();
                if let Some(arn) = &topic.arn {
                    condition.insert("aws:SourceArn".into(), arn.clone());
                }
                cx.set(
                    policy_id.clone(),
                    json!({
                        "Type": "AWS::SQS::QueuePolicy",
                        "Properties": {
                            "PolicyDocument": {
                                "Version": "2012-10-17",
                                "Id": policy_id,
                                "Statement": [{
                                    "Effect": "Allow",
                                    "Principal": { "Service": "sns.amazonaws.com" },
                                    "Action": "sqs:SendMessage",
                                    "Resource": target_arn,
                                    "Condition": { "ArnEquals": condition }
                                }]
                            },
                            "Queues": [url]
                        }
                    }),
                );
            }
            let subscription_id = [fn_id.as_str(), "SnsSubscription", &topic_id].concat();
            let filter_policy = c.get("filterPolicy");
            let source_arn = match &topic.arn {
                Some(arn) => {
                    let mut props = Map::new();
                    props.insert("TopicArn".into(), arn.clone());
                    props.insert("Protocol".into(), json!("lambda"));
                    props.insert("Endpoint".into(), endpoint.clone());
                    insert_some(&mut props, "FilterPolicy", filter_policy.cloned());
                    insert_some(&mut props, "FilterPolicyScope", c.get("filterPolicyScope").cloned());
                    insert_some(&mut props, "RedrivePolicy", redrive_policy);
                    insert_some(&mut props, "Region", topic.region.map(Value::String));
                    cx.merge(subscription_id, source::resource("AWS::SNS::Subscription", alias.clone(), props));
                    arn.clone()
                }
                None => {
                    let topic_logical_id = ["SNSTopic", topic_id.as_str()].concat();
                    if !cx.out.resources.contains_key(&topic_logical_id) {
                        let mut props = Map::new();
                        props.insert("TopicName".into(), json!(topic.name));
                        for (key, property) in [("displayName", "DisplayName"), ("kmsMasterKeyId", "KmsMasterKeyId")] {
                            if let Some(v) = c.get(key).filter(|v| truthy(Some(v))) {
                                props.insert(property.into(), v.clone());
                            }
                        }
                        cx.merge(topic_logical_id.clone(), source::resource("AWS::SNS::Topic", alias.clone(), props));
                    }
                    let subscription = json!({ "Endpoint": endpoint, "Protocol": "lambda" });
                    if truthy(filter_policy) || redrive_policy.is_some() {
                        let Value::Object(mut props) = subscription else { unreachable!("an object literal") };
                        props.insert("TopicArn".into(), json!({ "Ref": topic_logical_id }));
                        insert_some(&mut props, "FilterPolicy", filter_policy.cloned());
                        insert_some(&mut props, "FilterPolicyScope", c.get("filterPolicyScope").cloned());
                        insert_some(&mut props, "RedrivePolicy", redrive_policy);
                        cx.merge(subscription_id, source::resource("AWS::SNS::Subscription", None, props));
                    } else if let Some(Value::Object(props)) =
                        cx.out.resources.get_mut(&topic_logical_id).and_then(|t| t.value_mut().get_mut("Properties"))
                    {
                        match props.get_mut("Subscription") {
                            Some(Value::Array(list)) => list.push(subscription),
                            _ => {
                                props.insert("Subscription".into(), json!([subscription]));
                            }
                        }
                    }
                    json!({ "Fn::Join": ["", [
                        "arn:", { "Ref": "AWS::Partition" }, ":sns:", { "Ref": "AWS::Region" }, ":",
                        { "Ref": "AWS::AccountId" }, ":", topic.name
                    ]] })
                }
            };
            let mut props = Map::new();
            props.insert("FunctionName".into(), endpoint);
            props.insert("Action".into(), json!("lambda:InvokeFunction"));
            props.insert("Principal".into(), json!("sns.amazonaws.com"));
            props.insert("SourceArn".into(), source_arn);
            cx.merge(
                [fn_id.as_str(), "LambdaPermission", &topic_id, "SNS"].concat(),
                source::resource("AWS::Lambda::Permission", alias, props),
            );
        }
    }
}

/// What an event says about its topic.
struct Topic {
    /// The topic's ARN when it exists already (not created here).
    arn: Option<Value>,
    name: String,
    /// `Region` of the subscription: the ARN's region when it differs from the service's.
    region: Option<String>,
}

impl Topic {
    fn of(c: &Value, service_region: &str) -> Topic {
        match c {
            Value::String(s) if s.starts_with("arn:") => {
                Topic { arn: Some(c.clone()), name: s.rsplit(':').next().unwrap_or_default().to_string(), region: None }
            }
            Value::String(s) => Topic { arn: None, name: s.clone(), region: None },
            _ => {
                let topic_name = c.get("topicName").and_then(Value::as_str).filter(|s| !s.is_empty());
                match c.get("arn") {
                    Some(Value::String(arn)) => {
                        let parts = split_arn(arn);
                        let region = parts.get(3).filter(|r| r.as_str() != service_region).cloned();
                        let name = topic_name.map(str::to_string).or_else(|| parts.last().cloned()).unwrap_or_default();
                        Topic { arn: Some(json!(arn)), name, region }
                    }
                    Some(arn) => {
                        Topic { arn: Some(arn.clone()), name: topic_name.unwrap_or_default().to_string(), region: None }
                    }
                    None => Topic { arn: None, name: topic_name.unwrap_or_default().to_string(), region: None },
                }
            }
        }
    }
}

/// Splits an ARN on `:` but keeps `::` inside a field, as the reference does.
fn split_arn(arn: &str) -> Vec<String> {
    arn.replace("::", "@@").split(':').map(|s| s.replace("@@", "::")).collect()
}

/// `(deadLetterTargetArn, queue URL)` of a redrive policy.
fn dead_letter(r: &Value) -> Option<(Value, Value)> {
    if let Some(arn) = r.get("deadLetterTargetArn").and_then(Value::as_str) {
        let mut parts = arn.split(':').rev();
        let (queue, account, region) = (parts.next()?, parts.next()?, parts.next()?);
        let url = json!({ "Fn::Join": ["", [
            format!("https://sqs.{region}."), { "Ref": "AWS::URLSuffix" }, format!("/{account}/{queue}")
        ]] });
        return Some((json!(arn), url));
    }
    if let Some(queue) = r.get("deadLetterTargetRef") {
        return Some((json!({ "Fn::GetAtt": [queue, "Arn"] }), json!({ "Ref": queue })));
    }
    let import = r.get("deadLetterTargetImport")?;
    Some((json!({ "Fn::ImportValue": import.get("arn")? }), json!({ "Fn::ImportValue": import.get("url")? })))
}

fn insert_some(props: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value.filter(|v| !v.is_null()) {
        props.insert(key.into(), v);
    }
}

/// A topic name SNS accepts and the reference's schema allows: `^[\w-]+$`, up to 256 characters.
fn valid_topic_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= 256 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn topic_name_error(l: &mut Loader, path: &str, name: &str) {
    l.error_help(
        codes::CONFIG_INVALID_VALUE,
        path,
        format!("\"{name}\" is not a valid topic name (letters, digits, `_` and `-`, up to 256 characters)"),
        "give a topic name such as `orders-created`, or the topic's ARN",
    );
}

/// `redrivePolicy`: exactly one of `deadLetterTargetArn`, `deadLetterTargetRef`,
/// `deadLetterTargetImport: {arn, url}`.
fn redrive_policy(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    let map = &*l.object(v, path, &REDRIVE)?;
    // A target written without a value is none (`read_fields` leaves it out).
    if map.values().filter(|v| !v.is_null()).count() != 1 {
        l.error_help(
            codes::CONFIG_INVALID_VALUE,
            path,
            format!("{path} needs exactly one of deadLetterTargetArn, deadLetterTargetRef, deadLetterTargetImport"),
            "keep one of the three",
        );
        return None;
    }
    let out = source::read_fields(l, map, path, |l, k, v, at| match k {
        "deadLetterTargetArn" | "deadLetterTargetRef" => source::non_empty_string(l, v, at),
        "deadLetterTargetImport" => {
            let m = &*l.object(v, at, &IMPORT)?;
            for key in ["arn", "url"] {
                if m.get(key).is_none_or(Value::is_null) {
                    l.missing(at, key, "give both the exported queue ARN and URL");
                    return None;
                }
            }
            let fields = source::read_fields(l, m, at, |l, _, v, at| source::non_empty_string(l, v, at))?;
            Some(Value::Object(fields))
        }
        _ => None,
    })?;
    Some(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::source::testing::{compile, config, diagnostics, errors};

    fn sns(events: Value) -> Value {
        config(
            json!({}),
            json!({"worker": {"handler": "h", "events": events}, "other": {"handler": "h", "events": [{"sns": "jobs"}]}}),
        )
    }

    #[test]
    fn an_intrinsic_arn_needs_a_topic_name() {
        let d = diagnostics(&sns(json!([{"sns": {"arn": {"Ref": "Topic"}}}])));
        let e = d.errors().next().unwrap();
        assert_eq!((e.code, e.path.as_str()), (codes::SNS_MISSING_TOPIC_NAME, "functions.worker.events[0].sns"));
        assert_eq!(e.message, MISSING_TOPIC_NAME);
    }

    #[test]
    fn arns_and_settings_are_checked() {
        let e = errors(&sns(json!([{"sns": {"arn": "arn:aws:sqs:us-east-1:123456789012:q"}}])));
        assert_eq!(e, vec![(codes::EVENT_ARN_SERVICE_MISMATCH, "functions.worker.events[0].sns.arn".into())]);
        let e = errors(&sns(json!([{"sns": {"arn": "arn:aws:sns:us-east-1:123456789012:t", "displayName": "x"}}])));
        assert_eq!(e, vec![(codes::INVALID_EVENT, "functions.worker.events[0].sns.displayName".into())]);
        let e = errors(&sns(json!([{"sns": {"topicName": "t", "filterPolicyScope": "MessageBody"}}])));
        assert_eq!(e[0].0, codes::INVALID_EVENT);
        let e = errors(&sns(json!([{"sns": "bad.name"}])));
        assert_eq!(e[0].0, codes::CONFIG_INVALID_VALUE);
        let e = errors(&sns(
            json!([{"sns": {"topicName": "t", "redrivePolicy": {"deadLetterTargetArn": "arn:aws:sns:us-east-1:123456789012:x"}}}]),
        ));
        assert_eq!(e[0].0, codes::EVENT_ARN_SERVICE_MISMATCH);
    }

    #[test]
    fn an_alias_is_depended_on_by_name() {
        let value = config(
            json!({}),
            json!({"worker": {"handler": "h", "provisionedConcurrency": 1, "events": [
                {"sns": "jobs"}, {"sns": {"arn": "arn:aws:sns:us-east-1:123456789012:remote"}}
            ]}}),
        );
        let (resources, _) = compile(&value);
        for id in ["SNSTopicJobs", "WorkerLambdaPermissionJobsSNS", "WorkerSnsSubscriptionRemote"] {
            assert_eq!(resources[id]["DependsOn"], json!("WorkerProvConcLambdaAlias"), "{id}");
        }
        let target = &resources["WorkerLambdaPermissionJobsSNS"]["Properties"]["FunctionName"];
        assert_eq!(target["Fn::Join"][1][1], json!("provisioned"));
    }

    #[test]
    fn topics_subscriptions_and_permissions() {
        let (resources, statements) = compile(&sns(json!([
            {"sns": {"topicName": "jobs", "filterPolicy": {"k": ["v"]}}},
            {"sns": {"arn": "arn:aws:sns:eu-west-1:123456789012:remote"}}
        ])));
        assert!(statements.is_empty());
        let ids: Vec<&str> = resources.keys().map(String::as_str).collect();
        assert_eq!(
            ids,
            [
                "SNSTopicJobs",
                "WorkerSnsSubscriptionJobs",
                "WorkerLambdaPermissionJobsSNS",
                "WorkerSnsSubscriptionRemote",
                "WorkerLambdaPermissionRemoteSNS",
                "OtherLambdaPermissionJobsSNS"
            ]
        );
        // The worker's filtered subscription is its own resource; the other function's is inline.
        assert_eq!(
            resources["SNSTopicJobs"]["Properties"]["Subscription"][0]["Endpoint"]["Fn::GetAtt"][0],
            json!("OtherLambdaFunction")
        );
        assert_eq!(resources["WorkerSnsSubscriptionJobs"]["Properties"]["TopicArn"], json!({"Ref": "SNSTopicJobs"}));
        assert_eq!(resources["WorkerSnsSubscriptionRemote"]["Properties"]["Region"], json!("eu-west-1"));
    }

    #[test]
    fn topics_from_every_form() {
        let t = Topic::of(&json!("users-topic"), "us-east-1");
        assert_eq!((t.arn, t.name.as_str(), t.region), (None, "users-topic", None));
        let t = Topic::of(&json!("arn:aws:sns:eu-west-1:123456789012:orders"), "us-east-1");
        assert_eq!((t.name.as_str(), t.region), ("orders", None));
        let t = Topic::of(&json!({"arn": "arn:aws:sns:eu-central-1:123456789012:alerts"}), "us-east-1");
        assert_eq!((t.name.as_str(), t.region.as_deref()), ("alerts", Some("eu-central-1")));
        let t = Topic::of(&json!({"arn": "arn:aws:sns:us-east-1:123456789012:alerts", "topicName": "x"}), "us-east-1");
        assert_eq!((t.name.as_str(), t.region), ("x", None));
        let t = Topic::of(&json!({"arn": {"Ref": "T"}, "topicName": "extra"}), "us-east-1");
        assert_eq!(t.name, "extra");
    }

    #[test]
    fn dead_letter_targets() {
        let (arn, url) = dead_letter(&json!({"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123:dlq"})).unwrap();
        assert_eq!(arn, json!("arn:aws:sqs:us-east-1:123:dlq"));
        assert_eq!(url["Fn::Join"][1][0], json!("https://sqs.us-east-1."));
        assert_eq!(url["Fn::Join"][1][2], json!("/123/dlq"));
        let (arn, url) = dead_letter(&json!({"deadLetterTargetRef": "Q"})).unwrap();
        assert_eq!((arn, url), (json!({"Fn::GetAtt": ["Q", "Arn"]}), json!({"Ref": "Q"})));
    }

    #[test]
    fn topic_names() {
        assert!(valid_topic_name("users_topic-1"));
        assert!(!valid_topic_name("a.fifo"));
        assert!(!valid_topic_name(""));
        assert_eq!(split_arn("arn:aws:sns::1:t"), vec!["arn", "aws", "sns::1", "t"]);
    }
}
