//! serverless-plugin-aws-alerts (npm 1.7.5, `src/index.js`, `src/naming.js`,
//! `src/defaults/definitions.js`): CloudWatch alarms on every function, and the SNS topics their
//! actions notify, from `custom.alerts` and the functions' `alarms`. Here their settings and
//! checks; the resources are built in `synth/aws_alerts.rs`.
//!
//! The plugin's hook is `package:compileEvents`, after the framework's own event compilers: its
//! resources follow every compiled resource and precede the user's `resources`, which are merged
//! over them. It adds no outputs. Topics come first (`custom.alerts.topics` order), then each
//! function's alarms (functions in order; per function the global `alarms`, then its own, a
//! repeated name keeping its first place and `enabled: false` removing it).
//!
//! The common subset is reproduced: `stages`, `topics` (`ok`, `alarm`, `insufficientData`),
//! `definitions`, `alarms`, `nameTemplate`, `prefixTemplate`, and the functions' `alarms`. The
//! rest (dashboards, an external stack, log-pattern alarms, anomaly detection, named topic
//! groups) is rejected with what to do instead.

use serde_json::{Map, Value};

use crate::codes;
use crate::reader::{Keys, Loader, index, join};

/// serverless-plugin-aws-alerts' settings, as written (checked when loaded;
/// `resources` builds the alarms from them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alerts {
    /// `custom.alerts`.
    pub settings: Value,
    /// `functions.<key>.alarms`, by function key.
    pub function_alarms: Vec<(String, Value)>,
}

/// The plugin's npm name.
pub const AWS_ALERTS: &str = "serverless-plugin-aws-alerts";
/// Its settings: `custom.alerts`.
pub const CUSTOM: &str = "alerts";

const TOPIC_KEYS: &[&str] = &["ok", "alarm", "insufficientData"];

/// The keys of an alarm definition stackwright reproduces.
const DEFINITION: &[&str] = &[
    "name",
    "enabled",
    "type",
    "namespace",
    "metric",
    "threshold",
    "statistic",
    "period",
    "evaluationPeriods",
    "datapointsToAlarm",
    "comparisonOperator",
    "treatMissingData",
    "description",
    "actionsEnabled",
    "dimensions",
    "omitDefaultDimension",
    "evaluateLowSampleCountPercentile",
    "nameTemplate",
    "prefixTemplate",
];

/// `custom.alerts` keys and definition keys the plugin knows that stackwright does not
/// reproduce, with what to do instead.
fn rejected(key: &str) -> Option<&'static str> {
    Some(match key {
        "dashboards" => {
            "the plugin's CloudWatch dashboards are not reproduced: declare an `AWS::CloudWatch::Dashboard` in \
             `resources`, or remove `dashboards`"
        }
        "externalStack" => {
            "the plugin deployed its alarms in a stack of their own after each deploy: remove `externalStack` to \
             have them in the service's stack, or deploy them as a service of their own"
        }
        "global" | "function" => "list the alarms under `custom.alerts.alarms`, which the plugin merges them into",
        "pattern" => {
            "alarms on log patterns (metric filters) are not reproduced: declare the `AWS::Logs::MetricFilter`s and \
             the `AWS::CloudWatch::Alarm` in `resources`"
        }
        "okActions" | "alarmActions" | "insufficientDataActions" => {
            "named topic groups are not reproduced: use `custom.alerts.topics.ok`/`alarm`/`insufficientData`, or \
             declare the alarm in `resources`"
        }
        _ => return None,
    })
}

/// Reads `custom.alerts` (`v`) and the functions' `alarms` (`functions`: key, value as written),
/// reporting what stackwright does not reproduce.
pub(crate) fn load(l: &mut Loader, v: &Value, functions: Vec<(String, Value)>) -> Option<Alerts> {
    let path = join("custom", CUSTOM);
    let keys = Keys {
        allowed: &["stages", "topics", "definitions", "alarms", "nameTemplate", "prefixTemplate"],
        unsupported: &[],
        no_effect: &[],
    };
    let map = match v {
        Value::Object(map) => map,
        _ => {
            l.type_error(&path, "an object (the plugin's settings)", v);
            return None;
        }
    };
    for (key, value) in map {
        let at = join(&path, key);
        if let Some(help) = rejected(key) {
            reject(l, &at, key, help);
            continue;
        }
        match key.as_str() {
            // A string would be searched as text (`"prod".includes(stage)`): only a list.
            "stages" if value.is_array() => {
                l.string_list(value, &at);
            }
            "stages" => l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &at,
                format!("expected a list of stage names, found {}", crate::reader::describe(value)),
                "write the stages as a list, e.g. `stages: [prod]`: the plugin searches a string as text, so \
                 `prod` would also match the stage `pro`",
            ),
            "nameTemplate" | "prefixTemplate" => {
                if !value.is_string() {
                    l.type_error(&at, "a string", value);
                }
            }
            "topics" => topics(l, value, &at),
            "definitions" => match value {
                Value::Object(defs) => {
                    for (name, def) in defs {
                        definition(l, def, &join(&at, name), false);
                    }
                }
                _ => l.type_error(&at, "an object of alarm definitions by name", value),
            },
            "alarms" => alarm_list(l, value, &at),
            _ => {
                l.check_keys(&Map::from_iter([(key.clone(), value.clone())]), &path, &keys);
            }
        }
    }
    for (key, alarms) in &functions {
        alarm_list(l, alarms, &join(&join("functions", key), "alarms"));
    }
    Some(Alerts { settings: v.clone(), function_alarms: functions })
}

fn reject(l: &mut Loader, at: &str, key: &str, help: &str) {
    l.error_help(
        codes::UNSUPPORTED_PLUGIN,
        at,
        format!("`{key}` of serverless-plugin-aws-alerts is not reproduced by stackwright"),
        help,
    );
}

fn topics(l: &mut Loader, v: &Value, path: &str) {
    let Value::Object(map) = v else {
        return l.type_error(path, "an object with `ok`, `alarm` and `insufficientData`", v);
    };
    for (key, topic) in map {
        let at = join(path, key);
        if !TOPIC_KEYS.contains(&key.as_str()) {
            reject(
                l,
                &at,
                key,
                "named topic groups are not reproduced: give the topics as `ok`, `alarm` and `insufficientData`",
            );
            continue;
        }
        match topic {
            Value::String(_) => {}
            Value::Object(config) => match config.get("topic") {
                Some(Value::String(_) | Value::Object(_)) => {
                    for k in config.keys().filter(|k| *k != "topic" && *k != "notifications") {
                        l.error_help(
                            codes::CONFIG_UNKNOWN_KEY,
                            &join(&at, k),
                            format!("unknown key `{k}` in {at}"),
                            "allowed keys: `topic`, `notifications`",
                        );
                    }
                    if let Some(n) = config.get("notifications") {
                        notifications(l, n, &join(&at, "notifications"));
                    }
                }
                Some(other) => l.type_error(&join(&at, "topic"), "a topic name or ARN, or an intrinsic", other),
                None => l.error_help(
                    codes::CONFIG_INVALID_VALUE,
                    &at,
                    "an object without `topic`: the plugin ignores it, so the alarms would notify no topic",
                    "give the topic as `topic: <name or ARN>` (or `topic: {Ref: ...}`), with `notifications` beside it",
                ),
            },
            _ => l.type_error(&at, "a topic name or ARN, or an object with `topic` and `notifications`", topic),
        }
    }
}

fn notifications(l: &mut Loader, v: &Value, path: &str) {
    let Value::Array(items) = v else { return l.type_error(path, "a list of `{protocol, endpoint}`", v) };
    for (i, item) in items.iter().enumerate() {
        let keys = Keys { allowed: &["protocol", "endpoint"], unsupported: &[], no_effect: &[] };
        l.object(item, &index(path, i), &keys);
    }
}

fn alarm_list(l: &mut Loader, v: &Value, path: &str) {
    let Value::Array(items) = v else { return l.type_error(path, "a list of alarm names or definitions", v) };
    for (i, item) in items.iter().enumerate() {
        let at = index(path, i);
        match item {
            Value::String(_) => {}
            Value::Object(_) => definition(l, item, &at, true),
            _ => l.type_error(&at, "an alarm name or an alarm definition", item),
        }
    }
}

/// An alarm definition (`named`: an item of an `alarms` list, which needs `name`).
fn definition(l: &mut Loader, v: &Value, path: &str, named: bool) {
    let Value::Object(map) = v else { return l.type_error(path, "an alarm definition (an object)", v) };
    for (key, value) in map {
        let at = join(path, key);
        if let Some(help) = rejected(key) {
            reject(l, &at, key, help);
        } else if !DEFINITION.contains(&key.as_str()) {
            let keys = Keys { allowed: DEFINITION, unsupported: &[], no_effect: &[] };
            l.check_keys(&Map::from_iter([(key.clone(), value.clone())]), path, &keys);
        } else if key == "type" && value != "static" {
            reject(
                l,
                &at,
                "type",
                "only `type: static` alarms are reproduced: declare an anomaly-detection alarm in `resources`",
            );
        } else if matches!(key.as_str(), "nameTemplate" | "prefixTemplate" | "name") && !value.is_string() {
            l.type_error(&at, "a string", value);
        }
    }
    if named && !map.contains_key("name") {
        l.missing(path, "name", "give the alarm a `name`: a definition's name, or a new one");
    }
}
