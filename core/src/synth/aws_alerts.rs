//! The resources of serverless-plugin-aws-alerts (npm 1.7.5): its SNS topics and alarms, built
//! from the settings `plugins::aws_alerts` checked, as `src/index.js` and `src/naming.js` build
//! them (`compile`, at `package:compileEvents`).

use serde_json::{Map, Value, json};

use crate::codes;
use crate::json::{lodash_merge, truthy};
use crate::naming::upper_first;
use crate::plugins::aws_alerts::Alerts;
use crate::reader::index;
use crate::resolve::Resolved;

/// The SNS topics and alarms the plugin adds, in its order; none when `stages` leaves this
/// stage out. An alarm name without a definition is an error (the plugin's own).
pub(crate) fn resources(r: &Resolved, alerts: &Alerts) -> Result<Vec<(String, Value)>, crate::Diagnostic> {
    let config = &alerts.settings;
    if let Some(Value::Array(stages)) = config.get("stages")
        && !stages.iter().any(|s| s.as_str() == Some(r.stage))
    {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    // `getDefinitions`: the built-in definitions, the user's merged over them.
    let mut definitions = defaults();
    if let Some(defs) = config.get("definitions") {
        lodash_merge(&mut definitions, defs);
    }
    let mut topics = Map::new();
    if let Some(Value::Object(configured)) = config.get("topics") {
        for (key, topic_config) in configured {
            let (topic, notifications) = match topic_config {
                Value::Object(c) => (c.get("topic"), c.get("notifications")),
                other => (Some(other), None),
            };
            if !truthy(topic) {
                continue;
            }
            let topic = topic.expect("truthy");
            if topic.is_object() || topic.as_str().is_some_and(|t| t.starts_with("arn:")) {
                topics.insert(key.clone(), topic.clone());
                continue;
            }
            let id = format!("AwsAlerts{}", upper_first(key));
            let subscription: Vec<Value> = match notifications {
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|n| {
                        let mut s = Map::new();
                        if let Some(p) = n.get("protocol") {
                            s.insert("Protocol".into(), p.clone());
                        }
                        if let Some(e) = n.get("endpoint") {
                            s.insert("Endpoint".into(), e.clone());
                        }
                        Value::Object(s)
                    })
                    .collect(),
                _ => Vec::new(),
            };
            out.push((
                id.clone(),
                json!({"Type": "AWS::SNS::Topic", "Properties": {"TopicName": topic, "Subscription": subscription}}),
            ));
            topics.insert(key.clone(), json!({ "Ref": id }));
        }
    }
    let global = alarms(config.get("alarms"), &definitions, "custom.alerts.alarms")?;
    for (key, _) in &r.functions {
        let own = alerts.function_alarms.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        let path = format!("functions.{key}.alarms");
        let mut statements: Vec<(String, Value)> = Vec::new();
        for alarm in global.iter().cloned().chain(alarms(own, &definitions, &path)?) {
            let mut alarm = alarm;
            for k in ["nameTemplate", "prefixTemplate"] {
                if let (Some(v), Some(a)) = (config.get(k), alarm.as_object_mut())
                    && !a.contains_key(k)
                {
                    a.insert(k.into(), v.clone());
                }
            }
            let name = alarm.get("name").and_then(Value::as_str).unwrap_or_default();
            let id = format!("{}{}Alarm", crate::naming::normalize(key), crate::naming::normalize(name));
            if truthy(alarm.get("enabled")) {
                let resource = alarm_resource(r, &topics, &alarm, key, &crate::naming::function_logical_id(key));
                match statements.iter_mut().find(|(k, _)| *k == id) {
                    Some((_, v)) => *v = resource,
                    None => statements.push((id, resource)),
                }
            } else {
                statements.retain(|(k, _)| *k != id);
            }
        }
        out.extend(statements);
    }
    Ok(out)
}

/// `getAlarms`: each item as a definition, with `enabled: true` and `type: static` unless given.
fn alarms(list: Option<&Value>, definitions: &Value, path: &str) -> Result<Vec<Value>, crate::Diagnostic> {
    let Some(Value::Array(items)) = list else { return Ok(Vec::new()) };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::String(name) => {
                let Some(definition) = definitions.get(name) else {
                    return Err(crate::Diagnostic::error(
                        codes::CONFIG_INVALID_VALUE,
                        index(path, i),
                        format!("Alarm definition {name} does not exist!"),
                    )
                    .with_help(
                        "name a built-in alarm (functionErrors, functionThrottles, functionInvocations, \
                         functionDuration) or one of `custom.alerts.definitions`",
                    ));
                };
                // `Object.assign`: shallow.
                let mut alarm = json!({"enabled": true, "type": "static"});
                let a = alarm.as_object_mut().expect("object");
                if let Value::Object(d) = definition {
                    a.extend(d.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
                a.insert("name".into(), item.clone());
                out.push(alarm);
            }
            Value::Object(object) => {
                let mut alarm = json!({"enabled": true, "type": "static"});
                if let Some(definition) = object.get("name").and_then(Value::as_str).and_then(|n| definitions.get(n)) {
                    lodash_merge(&mut alarm, definition);
                }
                lodash_merge(&mut alarm, item);
                out.push(alarm);
            }
            _ => {}
        }
    }
    Ok(out)
}

/// `getAlarmCloudFormation` of a `static` alarm.
fn alarm_resource(r: &Resolved, topics: &Map<String, Value>, d: &Value, key: &str, function_ref: &str) -> Value {
    let actions = |k: &str| -> Value { Value::Array(topics.get(k).cloned().into_iter().collect()) };
    let mut dimensions: Vec<Value> = match d.get("dimensions") {
        Some(Value::Array(list)) => list.clone(),
        _ => Vec::new(),
    };
    if !truthy(d.get("omitDefaultDimension")) {
        dimensions.retain(|dim| dim.get("Name").and_then(Value::as_str) != Some("FunctionName"));
        dimensions.push(json!({"Name": "FunctionName", "Value": {"Ref": function_ref}}));
    }
    let mut p = Map::new();
    let put = |p: &mut Map<String, Value>, k: &str, v: Option<&Value>| {
        if let Some(v) = v {
            p.insert(k.into(), v.clone());
        }
    };
    put(&mut p, "ActionsEnabled", d.get("actionsEnabled"));
    put(&mut p, "Namespace", d.get("namespace"));
    put(&mut p, "MetricName", d.get("metric"));
    put(&mut p, "AlarmDescription", d.get("description"));
    put(&mut p, "Threshold", d.get("threshold"));
    put(&mut p, "Period", d.get("period"));
    put(&mut p, "EvaluationPeriods", d.get("evaluationPeriods"));
    put(&mut p, "DatapointsToAlarm", d.get("datapointsToAlarm"));
    put(&mut p, "ComparisonOperator", d.get("comparisonOperator"));
    p.insert("OKActions".into(), actions("ok"));
    p.insert("AlarmActions".into(), actions("alarm"));
    p.insert("InsufficientDataActions".into(), actions("insufficientData"));
    p.insert("Dimensions".into(), Value::Array(dimensions));
    let treat = d.get("treatMissingData").filter(|v| truthy(Some(v))).cloned().unwrap_or_else(|| "missing".into());
    p.insert("TreatMissingData".into(), treat);
    let statistic = d.get("statistic");
    if statistic
        .and_then(Value::as_str)
        .is_some_and(|s| ["SampleCount", "Average", "Sum", "Minimum", "Maximum"].contains(&s))
    {
        put(&mut p, "Statistic", statistic);
    } else {
        put(&mut p, "ExtendedStatistic", statistic);
        put(&mut p, "EvaluateLowSampleCountPercentile", d.get("evaluateLowSampleCountPercentile"));
    }
    let text = |k: &str| d.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
    let metric = d.get("metric").map_or_else(|| "undefined".to_string(), crate::reader::js_string);
    let prefix = d.get("prefixTemplate").and_then(Value::as_str);
    let name = if let Some(template) = text("nameTemplate") {
        Some(alarm_name(r, template, prefix, key, function_ref, &metric))
    } else if text("prefixTemplate").is_some() {
        let metric_name = match d.get("name").filter(|n| truthy(Some(n))) {
            Some(n) => crate::reader::js_string(n),
            None => metric.clone(),
        };
        Some(alarm_name(r, "$[functionName]-$[metricName]", prefix, key, function_ref, &metric_name))
    } else {
        None
    };
    if let Some(name) = name {
        p.insert("AlarmName".into(), Value::String(name));
    }
    json!({"Type": "AWS::CloudWatch::Alarm", "Properties": p})
}

/// `getAlarmName`: each placeholder's first occurrence replaced, then the prefix (default
/// `$[stackName]`) and a `-` before the name unless the prefix is empty.
fn alarm_name(r: &Resolved, template: &str, prefix: Option<&str>, key: &str, id: &str, metric: &str) -> String {
    let mut name = template.to_string();
    for (placeholder, value) in
        [("$[functionName]", key), ("$[functionId]", id), ("$[metricName]", metric), ("$[metricId]", metric)]
    {
        name = replace_first(&name, placeholder, value);
    }
    let prefix = replace_first(prefix.unwrap_or("$[stackName]"), "$[stackName]", r.stack_name());
    if prefix.is_empty() { name } else { format!("{prefix}-{name}") }
}

/// JavaScript's `text.replace(pattern, replacement)` with a string pattern: the first occurrence,
/// and the replacement's `$$`, `$&`, `` $` `` and `$'` patterns.
fn replace_first(text: &str, pattern: &str, replacement: &str) -> String {
    let Some(at) = text.find(pattern) else { return text.to_string() };
    let (before, after) = (&text[..at], &text[at + pattern.len()..]);
    let mut out = String::with_capacity(text.len() + replacement.len());
    out.push_str(before);
    let mut chars = replacement.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('$', Some('$')) => out.push('$'),
            ('$', Some('&')) => out.push_str(pattern),
            ('$', Some('`')) => out.push_str(before),
            ('$', Some('\'')) => out.push_str(after),
            _ => {
                out.push(c);
                continue;
            }
        }
        chars.next();
    }
    out.push_str(after);
    out
}

/// `src/defaults/definitions.js`.
fn defaults() -> Value {
    let definition = |metric: &str, threshold: u32, statistic: &str| {
        json!({
            "namespace": "AWS/Lambda",
            "enabled": true,
            "actionsEnabled": true,
            "type": "static",
            "metric": metric,
            "threshold": threshold,
            "statistic": statistic,
            "period": 60,
            "evaluationPeriods": 1,
            "datapointsToAlarm": 1,
            "comparisonOperator": "GreaterThanOrEqualToThreshold",
        })
    };
    json!({
        "functionInvocations": definition("Invocations", 100, "Sum"),
        "functionErrors": definition("Errors", 1, "Sum"),
        "functionDuration": definition("Duration", 500, "Average"),
        "functionThrottles": definition("Throttles", 1, "Sum"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_first_follows_javascript() {
        assert_eq!(replace_first("a-$[x]-$[x]", "$[x]", "b"), "a-b-$[x]");
        assert_eq!(replace_first("a$[x]c", "$[x]", "$$-$&"), "a$-$[x]c");
        assert_eq!(replace_first("abc", "$[x]", "z"), "abc");
    }
}
