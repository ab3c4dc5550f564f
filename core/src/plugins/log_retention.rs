//! serverless-plugin-log-retention 2.1.0: `custom.logRetentionInDays` (and a function's own
//! `logRetentionInDays`) becomes the retention of the functions' log groups. At
//! `package:createDeploymentArtifacts`, after the warmers and Lift's functions exist and before
//! the framework compiles, the plugin sets `resources.Resources.<Fn>LogGroup` to a log group with
//! only `RetentionInDays`, replacing any entry of that ID there; the framework then merges it
//! over the log group it compiles, as it does every resource of yours.
//!
//! ```yaml
//! plugins:
//!   - serverless-plugin-log-retention
//! custom:
//!   logRetentionInDays: 30   # every function's log group; a function's own value wins
//! ```

use serde_json::{Map, Value, json};

use crate::codes;
use crate::reader::{Loader, join};

/// The plugin's npm name.
pub(crate) const LOG_RETENTION: &str = "serverless-plugin-log-retention";

/// The values the plugin accepts (its `validRetentionInDays`; CloudWatch allows a few more).
const VALID: [i64; 17] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653];

/// The values CloudWatch Logs accepts (the plugin's and five more): `model::RetentionDays`'s,
/// which this module cannot import (the model holds the plugins' settings: `core/tests/layering.rs`).
const CLOUDWATCH: [i64; 22] =
    [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/// Writes the plugin's log groups into `resources`; a value it rejects is an error. Without a
/// `resources` section in the user's config (`has_resources`) the plugin writes them into an
/// object of its own that nothing reads (`nco(service.resources, {})`): then nothing changes
/// (osls 4.3.1 with the plugin writes no retention), and a global value is a warning.
pub(crate) fn expand(l: &mut Loader, root: &mut Map<String, Value>, has_resources: bool) {
    let global = match root.get("custom").and_then(|c| c.get("logRetentionInDays")) {
        Some(v) if crate::json::truthy(Some(v)) => days(l, v, "custom.logRetentionInDays", false),
        _ => None,
    };
    let mut groups = Map::new();
    if let Some(Value::Object(functions)) = root.get("functions") {
        for (key, function) in functions {
            let own = function.get("logRetentionInDays").filter(|v| !v.is_null());
            let retention = match own {
                // The function's own value is read by the framework too, which reports one that
                // is not a number.
                Some(v) => days(l, v, &join(&join("functions", key), "logRetentionInDays"), true),
                None => global,
            };
            if let Some(retention) = retention {
                let group = json!({"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": retention}});
                groups.insert(crate::naming::log_group_logical_id(key), group);
            }
        }
    }
    if groups.is_empty() {
        return;
    }
    if !has_resources {
        if global.is_some() {
            l.warn_help(
                codes::CONFIG_NO_EFFECT,
                "custom.logRetentionInDays",
                "serverless-plugin-log-retention sets no retention when the service has no `resources` section: it \
                 writes its log groups into an object the framework never reads",
                "add `resources: {}` (or `provider.logRetentionInDays`, which the framework applies itself)",
            );
        }
        return;
    }
    // The plugin's entry replaces the user's of the same ID (`expand` merged a list of
    // `resources` first; anything else is left for the loader to report).
    if let Value::Object(resources) = root.entry("resources").or_insert_with(|| Value::Object(Map::new())) {
        let own = resources.entry("Resources").or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(own) = own {
            own.extend(groups);
        }
    }
}

/// The plugin's `Number(value)`, if it is one of [`VALID`]; else its error, at `at`. For a
/// function's own value (`framework_checks`) only where it is a number CloudWatch accepts: the
/// framework's rules report the others.
fn days(l: &mut Loader, v: &Value, at: &str, framework_checks: bool) -> Option<i64> {
    let number = match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    match number {
        None if framework_checks => None,
        // A function's value CloudWatch rejects too is the framework's rule's to report.
        Some(n) if framework_checks && !CLOUDWATCH.contains(&(n as i64)) => None,
        Some(n) if n.fract() == 0.0 && VALID.contains(&(n as i64)) => Some(n as i64),
        _ => {
            let allowed = VALID.map(|d| d.to_string()).join(", ");
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                at,
                format!(
                    "serverless-plugin-log-retention accepts a number of days out of {allowed}; found {}",
                    crate::reader::describe(v)
                ),
                "use one of those values (without the plugin, `provider.logRetentionInDays` allows all that CloudWatch does)",
            );
            None
        }
    }
}
