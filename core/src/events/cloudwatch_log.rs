//! `cloudwatchLog` events: a subscription filter per event and one permission per function
//! (serverless-events.md §12).

use std::collections::HashMap;

use serde_json::{Value, json};

use super::{Ctx, EventRef, EventType, object, shape_error};
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::naming;
use crate::reader::{Keys, Loader, join};

pub(crate) struct CloudwatchLog;

const KEYS: Keys = Keys { allowed: &["logGroup", "filter"], unsupported: &[], no_effect: &[] };

impl EventType for CloudwatchLog {
    fn name(&self) -> &'static str {
        "cloudwatchLog"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        if let Value::String(group) = v {
            return Some(json!({ "logGroup": group.replace('\n', "") }));
        }
        object(l, v, path)?;
        let map = &*l.object(v, path, &KEYS)?;
        let group = match map.get("logGroup") {
            Some(Value::String(g)) => g.replace('\n', ""),
            Some(other) => {
                shape_error(l, &join(path, "logGroup"), "a log group name", other);
                return None;
            }
            None => {
                l.missing(path, "logGroup", "add the log group's name, e.g. `logGroup: /aws/lambda/other`");
                return None;
            }
        };
        let mut out = json!({ "logGroup": group });
        if let Some(f) = map.get("filter") {
            match f {
                Value::String(f) => out["filter"] = json!(f.replace('\n', "")),
                other => {
                    shape_error(l, &join(path, "filter"), "a filter pattern string", other);
                    return None;
                }
            }
        }
        Some(out)
    }

    fn validate(&self, cx: &EventRef<'_>, out: &mut Diagnostics) {
        // The reference counts subscriptions of a log group across the whole service and fails
        // on the third; report it once, on that event.
        let group = cx.config["logGroup"].as_str().unwrap_or_default();
        let mut seen = 0;
        for &(key, f) in &cx.r.functions {
            for (i, e) in f.events.iter().enumerate() {
                if e.kind == "cloudwatchLog" && e.config["logGroup"].as_str() == Some(group) {
                    seen += 1;
                    if key == cx.fn_key && i == cx.index {
                        if seen == 3 {
                            out.push(
                                Diagnostic::error(
                                    codes::CLOUDWATCHLOG_LOG_GROUP_EVENT_PER_FUNCTION_LIMIT_EXCEEDED,
                                    join(&cx.path("cloudwatchLog"), "logGroup"),
                                    format!(
                                        "Only 2 subscription filters can be configured per log group. You're \
                                         attempting to configure more subscription filters than allowed for \"{group}\"."
                                    ),
                                )
                                .with_help("CloudWatch Logs allows two subscription filters per log group: remove one of the events on this log group"),
                            );
                        }
                        return;
                    }
                }
            }
        }
    }

    fn compile(&self, cx: &mut Ctx<'_>) {
        let mut groups: HashMap<&str, Vec<String>> = HashMap::new();
        let mut counters: HashMap<&str, usize> = HashMap::new();
        for (fn_key, f, _, c) in cx.events_of("cloudwatchLog") {
            let n = counters.entry(fn_key).or_default();
            *n += 1;
            let group = c["logGroup"].as_str().unwrap_or_default().to_string();
            let filter = c["filter"].as_str().map(unescape_filter).unwrap_or_default();
            let fn_id = naming::normalize(fn_key);
            let permission_id = [fn_id.as_str(), "LambdaPermissionLogsSubscriptionFilterCloudWatchLog"].concat();
            let alias = cx.alias_id(fn_key, f);
            let mut depends_on = vec![json!(permission_id)];
            depends_on.extend(alias.iter().map(|a| json!(a)));
            cx.merge(
                [fn_id.as_str(), "LogsSubscriptionFilterCloudWatchLog", &n.to_string()].concat(),
                json!({
                    "Type": "AWS::Logs::SubscriptionFilter",
                    "DependsOn": depends_on,
                    "Properties": {
                        "LogGroupName": group,
                        "FilterPattern": filter,
                        "DestinationArn": cx.target(fn_key, f)
                    }
                }),
            );
            let seen = groups.entry(fn_key).or_default();
            seen.push(group);
            let mut prefix = common_prefix(seen);
            if seen.len() > 1 && !prefix.ends_with('*') {
                prefix.push('*');
            }
            let mut permission = json!({
                "Type": "AWS::Lambda::Permission",
                "Properties": {
                    "FunctionName": cx.target(fn_key, f),
                    "Action": "lambda:InvokeFunction",
                    "Principal": { "Fn::Join": ["", ["logs.", { "Ref": "AWS::Region" }, ".amazonaws.com"]] },
                    "SourceArn": { "Fn::Join": ["", [
                        "arn:", { "Ref": "AWS::Partition" }, ":logs:", { "Ref": "AWS::Region" }, ":",
                        { "Ref": "AWS::AccountId" }, ":log-group:", prefix, ":*"
                    ]] }
                }
            });
            if let Some(a) = alias {
                permission["DependsOn"] = json!([a]);
                // `DependsOn` goes before `Properties`, as the reference writes it.
                let obj = permission.as_object_mut().expect("object");
                let props = obj.shift_remove("Properties").expect("properties");
                obj.insert("Properties".into(), props);
            }
            cx.merge(permission_id, permission);
        }
    }
}

/// The longest common prefix of the log group names.
fn common_prefix(groups: &[String]) -> String {
    let Some(first) = groups.first() else { return String::new() };
    let mut end = first.len();
    for g in &groups[1..] {
        let common = first
            .char_indices()
            .zip(g.chars())
            .find(|((_, a), b)| a != b)
            .map_or(first.len().min(g.len()), |((i, _), _)| i);
        end = end.min(common);
    }
    first[..end].to_string()
}

/// A filter with a `\` before its first `"` has its escaped quotes and backslashes unescaped once.
fn unescape_filter(filter: &str) -> String {
    let backslash = filter.find('\\');
    let quote = filter.find('"');
    match (backslash, quote) {
        (Some(b), Some(q)) if b < q => filter.replace("\\\"", "\"").replace("\\\\", "\\"),
        _ => filter.to_string(),
    }
}
