//! What the polled and notifying event sources share (sqs, sns, s3, stream, kafka, msk, activemq,
//! rabbitmq): reading their settings, checking the ARNs they are given against the service they
//! must belong to, and the statements the broker-style sources add to the execution role.

use serde_json::{Map, Value, json};

use super::shape_error;
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::reader::has_intrinsic_key;
use crate::reader::{Loader, describe, join};

/// The statement the reference adds for sources reached through the function's network
/// interfaces (MSK, Amazon MQ, Kafka in a VPC).
pub(crate) fn ec2_statement() -> Value {
    json!({
        "Effect": "Allow",
        "Action": [
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeVpcs",
            "ec2:DeleteNetworkInterface",
            "ec2:DescribeSubnets",
            "ec2:DescribeSecurityGroups"
        ],
        "Resource": "*"
    })
}

/// `{Effect: Allow, Action: [<action>...], Resource: resources}`.
pub(crate) fn allow(actions: &[&str], resources: Vec<Value>) -> Value {
    json!({ "Effect": "Allow", "Action": actions, "Resource": resources })
}

/// The service field of an ARN (`arn:<partition>:<service>:...`), `None` for a string that is not
/// an ARN.
pub(crate) fn arn_service(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(4, ':');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("arn"), Some(_), Some(service), Some(_)) if !service.is_empty() => Some(service),
        _ => None,
    }
}

/// What is wrong with the partition, region or account field of an ARN whose service is known
/// (Lambda's event source and SNS's topic ARN patterns: region and account may be empty, as S3's
/// are); `None` when they are well formed.
fn bad_field(arn: &str) -> Option<String> {
    let mut parts = arn.splitn(6, ':').skip(1);
    let (partition, _, region, account) = (parts.next()?, parts.next()?, parts.next(), parts.next());
    if !crate::arn::is_partition(partition) {
        return Some(format!("its partition `{partition}` is not `aws` (or `aws-cn`, `aws-us-gov`, ...)"));
    }
    match (region, account, parts.next()) {
        (Some(r), _, _) if !r.is_empty() && !crate::arn::is_region(r) => {
            Some(format!("its region `{r}` is not a region name such as us-east-1"))
        }
        (_, Some(a), _) if !a.is_empty() && !crate::arn::is_account(a) => {
            Some(format!("its account `{a}` is not a 12-digit account ID"))
        }
        (Some(_), Some(_), Some(_)) => None,
        _ => Some("it has fewer than six `:`-separated fields".to_string()),
    }
}

/// A human name of the service of an ARN, for messages (`sns` → "an SNS").
fn service_label(service: &str) -> String {
    match service {
        "sqs" | "sns" | "s3" | "mq" => format!("an {}", service.to_uppercase()),
        "dynamodb" => "a DynamoDB".to_string(),
        "kinesis" => "a Kinesis".to_string(),
        "kafka" => "an MSK (kafka)".to_string(),
        "secretsmanager" => "a Secrets Manager".to_string(),
        "lambda" => "a Lambda".to_string(),
        other => format!("a `{other}`"),
    }
}

/// Checks a literal ARN against the services it may belong to; intrinsics are left alone
/// (CloudFormation resolves them). A string that is not an ARN is `INVALID_EVENT`, an ARN of
/// another service `EVENT_ARN_SERVICE_MISMATCH` naming both.
///
/// `what` names the expected resource ("an SQS queue").
pub(crate) fn check_arn(out: &mut Diagnostics, path: &str, value: &Value, services: &[&str], what: &str) {
    let Some(arn) = value.as_str() else { return };
    let example = format!("arn:aws:{}:...", services.first().copied().unwrap_or("..."));
    match arn_service(arn) {
        Some(s) if services.contains(&s) => {
            // Placeholders (`#{AWS::Region}`, `${AWS::AccountId}`) become an `Fn::Sub` through a plugin.
            let placeholders = arn.contains("#{") || arn.contains("${");
            if let Some(field) = bad_field(arn).filter(|_| !placeholders) {
                out.push(
                    Diagnostic::error(
                        codes::INVALID_EVENT,
                        path,
                        format!("\"{arn}\" is not the ARN of {what}: {field}"),
                    )
                    .with_help(format!(
                        "write the whole ARN (`arn:aws:{s}:us-east-1:123456789012:...`), or build it with `Fn::Sub` \
                         and `${{AWS::Region}}`, `${{AWS::AccountId}}`, or refer to the resource with `Fn::GetAtt`"
                    )),
                );
            }
        }
        Some(s) => out.push(
            Diagnostic::error(
                codes::EVENT_ARN_SERVICE_MISMATCH,
                path,
                format!("expected the ARN of {what} (`{example}`), found {} ARN: \"{arn}\"", service_label(s)),
            )
            .with_help(format!("give the ARN of {what}, or an intrinsic function such as `Fn::GetAtt`")),
        ),
        None => out.push(
            Diagnostic::error(
                codes::INVALID_EVENT,
                path,
                format!("expected the ARN of {what} (`{example}`), found \"{arn}\", which is not an ARN"),
            )
            .with_help(format!("give the ARN of {what}, or an intrinsic function such as `Fn::GetAtt`")),
        ),
    }
}

/// The batching limits the Kafka, MSK and Amazon MQ mappings share: `batchSize` 0..10000 (named
/// `batch_label` in the error) and `maximumBatchingWindow` 0..300 seconds, in event config `c`
/// at `path`.
pub(crate) fn check_batching(out: &mut Diagnostics, path: &str, c: &Value, batch_label: &str) {
    let int = |k: &str| c.get(k).and_then(Value::as_i64);
    check_range(out, &join(path, "batchSize"), int("batchSize"), 0, 10_000, batch_label);
    check_range(
        out,
        &join(path, "maximumBatchingWindow"),
        int("maximumBatchingWindow"),
        0,
        300,
        "maximumBatchingWindow (seconds)",
    );
}

/// Reports `value` when it is outside `lo..=hi` (`what` describes the setting and who rejects it).
pub(crate) fn check_range(out: &mut Diagnostics, path: &str, value: Option<i64>, lo: i64, hi: i64, what: &str) {
    if let Some(v) = value
        && !(lo..=hi).contains(&v)
    {
        out.push(
            Diagnostic::error(codes::INVALID_EVENT, path, format!("{what} {v} is outside {lo}..{hi}"))
                .with_help(format!("set it between {lo} and {hi}")),
        );
    }
}

/// Reports an event whose resource has the logical ID of an earlier event of the same type on
/// the same function (`id` computes it): the reference would merge the two, or let the later
/// replace the earlier, silently dropping settings the user wrote.
pub(crate) fn check_duplicate(
    cx: &super::EventRef<'_>,
    out: &mut Diagnostics,
    kind: &str,
    id: impl Fn(&Value) -> String,
) {
    let before = &cx.function.events[..cx.index];
    // Most functions have one event of a kind: no logical ID to compute then.
    if !before.iter().any(|e| e.kind == kind) {
        return;
    }
    let mine = id(cx.config);
    let earlier = before.iter().position(|e| e.kind == kind && id(&e.config) == mine);
    if let Some(i) = earlier {
        out.push(
            Diagnostic::error(
                codes::DUPLICATE_EVENT,
                cx.path(kind),
                format!(
                    "events {i} and {} of function \"{}\" both make `{mine}`: the reference would merge them into one \
                     resource (or keep only the later), dropping settings of one of them",
                    cx.index, cx.fn_key
                ),
            )
            .with_help("keep one event per source and function, with all its settings"),
        );
    }
}

/// Reads one event object's settings with `read` per key (unknown keys were reported by the
/// caller's key check; `null` values are dropped); `None` when any value was unusable.
pub(crate) fn read_fields(
    l: &mut Loader,
    map: &Map<String, Value>,
    path: &str,
    mut read: impl FnMut(&mut Loader, &str, &Value, &str) -> Option<Value>,
) -> Option<Map<String, Value>> {
    let mut out = Map::new();
    let mut ok = true;
    // `null` is an absent setting, as for the reference.
    for (k, v) in map.iter().filter(|(_, v)| !v.is_null()) {
        let at = join(path, k);
        match read(l, k, v, &at) {
            Some(value) => {
                out.insert(k.clone(), value);
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// An integer that may be negative (`maximumRetryAttempts: -1`); numeric strings are coerced as
/// the reference's schema does.
pub(crate) fn signed_integer(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    let n = l.number(v, path)?;
    if n.fract() != 0.0 || n.abs() > 9.0e15 {
        l.type_error(path, "an integer", v);
        return None;
    }
    // Integral and within f64's exact range: the cast is exact.
    Some(Value::from(n as i64))
}

/// A number (`startingPositionTimestamp`), kept as written when it is one.
pub(crate) fn number(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    match v {
        Value::Number(_) => Some(v.clone()),
        _ => l.number(v, path).and_then(|n| serde_json::Number::from_f64(n).map(Value::Number)),
    }
}

/// A string that must be one of `allowed`.
pub(crate) fn one_of(l: &mut Loader, v: &Value, path: &str, allowed: &[&str]) -> Option<Value> {
    match v.as_str() {
        Some(s) if allowed.contains(&s) => Some(v.clone()),
        _ if l.schema_errors => {
            l.error(
                codes::INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION,
                path,
                schema_error(path, &format!("must be equal to one of the allowed values [{}]", allowed.join(", "))),
            );
            None
        }
        _ => {
            l.error(
                codes::CONFIG_INVALID_VALUE,
                path,
                format!("must be equal to one of the allowed values [{}], found {}", allowed.join(", "), describe(v)),
            );
            None
        }
    }
}

/// The reference's message for a schema violation under `configValidationMode: error`: the path
/// in dotted form (`events.1.sqs`), the schema's message, and its pointer to the docs.
pub(crate) fn schema_error(path: &str, message: &str) -> String {
    let dotted = path.replace('[', ".").replace(']', "");
    format!(
        "Configuration error at '{dotted}': {message}\n\nLearn more about configuration validation here: http://slss.io/configuration-validation"
    )
}

/// A string or an intrinsic function, as JSON.
pub(crate) fn string_or_intrinsic(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    l.string_or_intrinsic(v, path).map(|e| e.to_json())
}

/// A non-empty string.
pub(crate) fn non_empty_string(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    match v {
        Value::String(s) if !s.is_empty() => Some(v.clone()),
        _ => {
            shape_error(l, path, "a non-empty string", v);
            None
        }
    }
}

/// A list of event filter patterns (objects), as `filterPatterns` takes them.
pub(crate) fn filter_patterns(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    match v {
        Value::Array(items) if items.iter().all(Value::is_object) => Some(v.clone()),
        _ => {
            shape_error(l, path, "a list of filter patterns (objects)", v);
            None
        }
    }
}

/// The value itself when it is an object that is not an intrinsic function.
pub(crate) fn plain_object(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    match v {
        Value::Object(m) if !has_intrinsic_key(m) => Some(v.clone()),
        _ => {
            shape_error(l, path, "an object", v);
            None
        }
    }
}

/// A resource `{Type, DependsOn?, Properties}` in the reference's key order.
pub(crate) fn resource(kind: &str, depends_on: Option<Value>, properties: Map<String, Value>) -> Value {
    let mut r = Map::new();
    r.insert("Type".into(), json!(kind));
    if let Some(d) = depends_on {
        r.insert("DependsOn".into(), d);
    }
    r.insert("Properties".into(), Value::Object(properties));
    Value::Object(r)
}

/// The name an intrinsic contributes to a logical ID, as the reference reads it: `Fn::GetAtt` →
/// its resource (of the string form, JavaScript's first character), `Fn::ImportValue` and `Ref`
/// → their value, `Fn::Join` → the last joined element. Other values give `""`.
pub(crate) fn intrinsic_name(v: &Value) -> String {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or_default().to_string();
    let Value::Object(m) = v else { return String::new() };
    if let Some(att) = m.get("Fn::GetAtt") {
        match att {
            Value::Array(a) => text(a.first()),
            Value::String(s) => s.chars().next().map(String::from).unwrap_or_default(),
            _ => String::new(),
        }
    } else if let Some(v) = m.get("Fn::ImportValue").or_else(|| m.get("Ref")) {
        text(Some(v))
    } else if let Some(Value::Array(j)) = m.get("Fn::Join") {
        text(j.get(1).and_then(Value::as_array).and_then(|parts| parts.last()))
    } else {
        String::new()
    }
}

pub(crate) use crate::json::truthy;

/// `BatchSize` and `MaximumBatchingWindowInSeconds` of a Kafka, MSK or Amazon MQ mapping, each
/// when its setting is truthy (the reference's test), in that order.
pub(crate) fn batching_properties(props: &mut Map<String, Value>, c: &Value) {
    if truthy(c.get("batchSize")) {
        props.insert("BatchSize".into(), c["batchSize"].clone());
    }
    if truthy(c.get("maximumBatchingWindow")) {
        props.insert("MaximumBatchingWindowInSeconds".into(), c["maximumBatchingWindow"].clone());
    }
}

/// A value that is set (JavaScript `!= null`).
pub(crate) fn given(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| !v.is_null())
}

/// An ARN string, `Fn::ImportValue` or `Ref`, as the reference's schema allows for brokers and
/// clusters; `what` names the ARN in the error (`the cluster's ARN`).
pub(super) fn arn_import_or_ref(l: &mut Loader, v: &Value, path: &str, what: &str) -> Option<Value> {
    let allowed = match v {
        Value::String(_) => true,
        Value::Object(m) => m.len() == 1 && (m.contains_key("Ref") || m.contains_key("Fn::ImportValue")),
        _ => false,
    };
    if !allowed {
        super::shape_error(l, path, &format!("{what}, `Fn::ImportValue` or `Ref`"), v);
        return None;
    }
    string_or_intrinsic(l, v, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_service_reads_the_third_field() {
        assert_eq!(arn_service("arn:aws:sqs:us-east-1:123456789012:q"), Some("sqs"));
        assert_eq!(arn_service("arn:aws-cn:sns:cn-north-1:1:t"), Some("sns"));
        assert_eq!(arn_service("queue"), None);
        assert_eq!(arn_service("arn:aws::x"), None);
    }

    #[test]
    fn check_arn_names_both_services() {
        let mut out = Diagnostics::new();
        check_arn(&mut out, "p", &json!("arn:aws:sns:us-east-1:123456789012:t"), &["sqs"], "an SQS queue");
        let d = out.errors().next().unwrap();
        assert_eq!(d.code, codes::EVENT_ARN_SERVICE_MISMATCH);
        assert!(d.message.contains("an SQS queue") && d.message.contains("an SNS ARN"), "{}", d.message);
        let mut out = Diagnostics::new();
        check_arn(&mut out, "p", &json!("jobs"), &["sqs"], "an SQS queue");
        assert_eq!(out.errors().next().unwrap().code, codes::INVALID_EVENT);
        let mut out = Diagnostics::new();
        check_arn(&mut out, "p", &json!({"Fn::GetAtt": ["Q", "Arn"]}), &["sqs"], "an SQS queue");
        check_arn(&mut out, "p", &json!("arn:aws:sqs:us-east-1:123456789012:q"), &["sqs"], "an SQS queue");
        assert!(out.is_empty());
    }

    /// A template's placeholder ARN (found on a corpus file) fails Lambda's and SNS's ARN
    /// patterns; S3's empty region and account and a plugin's `#{AWS::Region}` do not.
    #[test]
    fn check_arn_checks_partition_region_and_account() {
        let message = |arn: &str| {
            let mut out = Diagnostics::new();
            check_arn(&mut out, "p", &json!(arn), &["kinesis", "s3", "sqs"], "a stream");
            out.errors().next().map(|d| (d.code, d.message.clone()))
        };
        assert_eq!(
            message("arn:aws:kinesis:<region>:<accountID>:stream/<streamname>"),
            Some((
                codes::INVALID_EVENT,
                "\"arn:aws:kinesis:<region>:<accountID>:stream/<streamname>\" is not the ARN of a stream: its region \
                 `<region>` is not a region name such as us-east-1"
                    .to_string()
            ))
        );
        assert!(message("arn:aws:kinesis:us-east-1:1234:stream/s").unwrap().1.contains("its account `1234` is not"));
        assert!(message("arn:amazon:kinesis:us-east-1:123456789012:stream/s").unwrap().1.contains("partition"));
        assert!(message("arn:aws:sqs:us-east-1").unwrap().1.contains("fewer than six"));
        for fine in [
            "arn:aws:s3:::bucket",
            "arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s",
            "arn:aws:sqs:#{AWS::Region}:#{AWS::AccountId}:jobs",
        ] {
            assert_eq!(message(fine), None, "{fine}");
        }
    }

    #[test]
    fn schema_errors_use_the_reference_format() {
        let mut l = Loader::new();
        assert!(one_of(&mut l, &json!("X"), "functions.w.events[1].sqs.t", &["A"]).is_none());
        assert_eq!(l.finish().errors().next().unwrap().code, codes::CONFIG_INVALID_VALUE);
        let mut l = Loader::new();
        l.schema_errors = true;
        assert!(one_of(&mut l, &json!("X"), "functions.w.events[1].sqs.t", &["A"]).is_none());
        let d = l.finish();
        let e = d.errors().next().unwrap();
        assert_eq!(e.code, codes::INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION);
        assert!(e.message.starts_with("Configuration error at 'functions.w.events.1.sqs.t': must be equal to one of the allowed values [A]\n\nLearn more"));
    }

    #[test]
    fn truthiness_follows_javascript() {
        assert!(!truthy(Some(&json!(0))));
        assert!(truthy(Some(&json!(-1))));
        assert!(!truthy(Some(&json!(""))));
        assert!(!truthy(None));
        assert!(truthy(Some(&json!({}))));
    }
}

/// Loading, validating and compiling small services in the event types' tests.
#[cfg(test)]
pub(crate) mod testing {
    use serde_json::{Value, json};

    use crate::diagnostics::Diagnostics;
    use crate::resolve::Resolved;

    /// `{service: svc, provider: {name: aws, region: us-east-1, ...provider}, functions}`.
    pub fn config(provider: Value, functions: Value) -> Value {
        let mut p = json!({ "name": "aws", "region": "us-east-1", "runtime": "nodejs22.x" });
        if let (Some(p), Value::Object(extra)) = (p.as_object_mut(), provider) {
            p.extend(extra);
        }
        json!({ "service": "svc", "provider": p, "functions": functions })
    }

    /// Loader and event-rule diagnostics of a config.
    pub fn diagnostics(value: &Value) -> Diagnostics {
        let (config, mut out) = crate::load::load_value(value, false);
        if !out.has_errors() {
            let (reference, stricter) = super::super::validate(&Resolved::new(&config));
            out.extend(reference);
            out.extend(stricter);
        }
        out
    }

    /// `(code, path)` of every error of a config.
    pub fn errors(value: &Value) -> Vec<(&'static str, String)> {
        diagnostics(value).errors().map(|e| (e.code, e.path.clone())).collect()
    }

    /// What the events of a (valid) config compile to: resources and role statements.
    pub fn compile(value: &Value) -> (serde_json::Map<String, Value>, Vec<Value>) {
        let d = diagnostics(value);
        assert!(!d.has_errors(), "{d}");
        let (config, _) = crate::load::load_value(value, false);
        let resolved = Resolved::new(&config);
        let out = super::super::compile(&resolved, 1_767_225_600_000).to_values();
        (out.resources.into_iter().collect(), out.statements)
    }
}
