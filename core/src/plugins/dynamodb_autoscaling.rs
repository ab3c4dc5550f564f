//! serverless-dynamodb-autoscaling 0.6.2 (npm; `dist/plugin.js` and `dist/aws/*.js`), hook
//! `package:compileEvents`: for each table (and index) of `custom.capacities`, an IAM role for
//! Application Auto Scaling, and a scalable target with a target-tracking policy for its read
//! and for its write capacity. They join the template after the framework's events, with the
//! other plugins of that hook in the order `plugins` lists them.
//!
//! This module checks the settings as they are loaded; `synth/dynamodb_autoscaling.rs` builds
//! the resources.
//!
//! The plugin skips the whole setting without a word when anything in it is malformed (it
//! catches its own `TypeError`s); stackwright reports what is wrong instead, and what AWS would
//! refuse at deploy time: a table that is not in `resources` or bills per request, an index the
//! table does not have, a minimum above the maximum, a target outside DynamoDB's 10–90 %.
//!
//! ```
//! use serde_json::json;
//! use stackwright_core::Service;
//! let config = json!({
//!     "service": "shop",
//!     "provider": {"name": "aws", "runtime": "nodejs22.x"},
//!     "plugins": ["serverless-dynamodb-autoscaling"],
//!     "custom": {"capacities": [{"table": "Orders", "read": {"minimum": 2, "maximum": 20}}]},
//!     "package": {"artifact": "app.zip"},
//!     "functions": {"api": {"handler": "h.main"}},
//! });
//! // The plugin would have added a `DependsOn` on `Orders`, which the template does not have.
//! let errors = Service::from_value(&config).unwrap().check();
//! assert_eq!(errors.iter().next().unwrap().path, "custom.capacities[0].table");
//! ```

use serde_json::{Map, Value};

use crate::codes;
use crate::json::truthy;
use crate::reader::{Keys, Loader, describe, get, index, join};

/// The plugin's npm name.
pub const DYNAMODB_AUTOSCALING: &str = "serverless-dynamodb-autoscaling";
/// Its settings under `custom`.
pub const CUSTOM: &str = "capacities";

const ITEM_KEYS: Keys =
    // `name`: the plugin's 0.1 form, reported as such when `table` is missing.
    Keys { allowed: &["table", "index", "indexOnly", "read", "write", "name"], unsupported: &[], no_effect: &[] };
const SCALING_KEYS: Keys = Keys { allowed: &["minimum", "maximum", "usage"], unsupported: &[], no_effect: &[] };
/// The plugin's defaults for a falsy (or absent) `minimum`, `maximum` and `usage`.
pub(crate) const DEFAULT_MINIMUM: u32 = 5;
pub(crate) const DEFAULT_MAXIMUM: u32 = 200;
pub(crate) const DEFAULT_USAGE: f64 = 0.75;
/// The target utilization DynamoDB's target tracking takes, in percent (CDK's `scaleOnUtilization`
/// refuses the same range).
const TARGET_RANGE: (f64, f64) = (10.0, 90.0);

/// `custom.capacities` checked; `None` when it is falsy (the plugin then does nothing) or not a
/// list (reported). The list is kept as written: synthesis reads it as the plugin does.
pub(crate) fn load(l: &mut Loader, v: &Value) -> Option<Value> {
    let path = join("custom", CUSTOM);
    if !truthy(Some(v)) {
        return None;
    }
    let Value::Array(items) = v else {
        l.error_help(
            codes::CONFIG_INVALID_VALUE,
            &path,
            format!("expected a list of tables to scale, found {}", describe(v)),
            "write one item per table, e.g. `- table: UsersTable` with `read:` and `write:` settings; the plugin \
             skipped anything else without a word",
        );
        return None;
    };
    for (i, item) in items.iter().enumerate() {
        check_item(l, item, &index(&path, i));
    }
    // Kept with its errors too: synthesis still checks the tables it names, so that one run
    // reports both (the template is not written while there are errors).
    Some(v.clone())
}

fn check_item(l: &mut Loader, item: &Value, at: &str) {
    if !item.is_object() {
        l.error_help(
            codes::CONFIG_INVALID_VALUE,
            at,
            format!("expected a table to scale (an object), found {}", describe(item)),
            "write `table:` (its logical ID in `resources`), with `read:` and/or `write:`; the plugin skipped every \
             item over one that is not an object",
        );
        return;
    }
    let Some(map) = l.object(item, at, &ITEM_KEYS) else { return };
    let read = check_scaling(l, &map, at, "read");
    let write = check_scaling(l, &map, at, "write");
    if !read && !write {
        l.warn_help(
            codes::CONFIG_NO_EFFECT,
            at,
            "neither `read` nor `write` is set: the plugin scales nothing for this item",
            "add `read:` and/or `write:` (`minimum`, `maximum`, `usage`, or `true` for the plugin's defaults 5, 200 \
             and 0.75), or remove the item",
        );
        return;
    }
    let tables = match get(&map, "table") {
        Some(t) => l.string_list(t, &join(at, "table")),
        None if get(&map, "name").is_some() => {
            l.error_help(
                codes::CONFIG_MISSING_KEY,
                &join(at, "table"),
                format!(
                    "missing required key `table` in {at}: `name` (a table's name) is the plugin's 0.1 form, which \
                     0.2 replaced with `table`, and 0.6 ignores"
                ),
                "write `table:` with the table's logical ID in `resources` (e.g. `UsersTable`), not its name",
            );
            None
        }
        None => {
            l.missing(
                at,
                "table",
                "name the table's logical ID in `resources`, e.g. `table: UsersTable`, or a list of them",
            );
            None
        }
    };
    let indexes = get(&map, "index").map_or(Some(Vec::new()), |i| l.string_list(i, &join(at, "index")));
    let index_only = match get(&map, "indexOnly") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &join(at, "indexOnly"),
                format!("expected a boolean (true or false), found {}", describe(other)),
                "write `indexOnly: true` to scale only the indexes, not the table (the plugin reads any other \
                 non-empty value as true)",
            );
            false
        }
    };
    let nothing = match (tables, indexes) {
        (Some(tables), _) if tables.is_empty() => "`table` lists no table",
        (_, Some(indexes)) if index_only && indexes.is_empty() => "`indexOnly` is true and `index` names no index",
        _ => return,
    };
    l.warn_help(
        codes::CONFIG_NO_EFFECT,
        at,
        format!("{nothing}: the plugin scales nothing for this item"),
        "name the tables (and indexes) to scale, or remove the item",
    );
}

/// Checks `read` or `write`; whether it asks for scaling (the plugin's `!!config.read`).
fn check_scaling(l: &mut Loader, item: &Map<String, Value>, at: &str, key: &str) -> bool {
    let at = join(at, key);
    let settings = match get(item, key) {
        Some(settings @ Value::Object(_)) => settings,
        Some(v) if !truthy(Some(v)) => return false,
        Some(Value::Bool(true)) => return true,
        Some(other) => {
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &at,
                format!(
                    "expected an object (`minimum`, `maximum`, `usage`), or true for the plugin's defaults, found {}",
                    describe(other)
                ),
                format!("write e.g. `{key}: {{minimum: 5, maximum: 200, usage: 0.75}}`"),
            );
            return true;
        }
        None => return false,
    };
    let Some(m) = l.object(settings, &at, &SCALING_KEYS) else { return true };
    let capacity = |l: &mut Loader, key: &str, default: u32| match get(&m, key).filter(|v| truthy(Some(v))) {
        None => Some((default, true)),
        // A `Ref` to a parameter, say: written as it is, CloudFormation checks it.
        Some(Value::Object(o)) if crate::reader::has_intrinsic_key(o) => None,
        Some(v) => match l.integer(v, &join(&at, key)) {
            Some(0) => {
                l.error_help(
                    codes::CONFIG_INVALID_VALUE,
                    &join(&at, key),
                    format!("`{key}: {v}` is a capacity below 1, the least DynamoDB provisions"),
                    "give a number of capacity units of 1 or more",
                );
                None
            }
            n => n.map(|n| (n, false)),
        },
    };
    let minimum = capacity(l, "minimum", DEFAULT_MINIMUM);
    let maximum = capacity(l, "maximum", DEFAULT_MAXIMUM);
    if let (Some((min, min_default)), Some((max, max_default))) = (minimum, maximum)
        && min > max
    {
        let default = |d: bool| if d { " (the plugin's default)" } else { "" };
        l.error_help(
            codes::CONFIG_INVALID_VALUE,
            &join(&at, if min_default { "maximum" } else { "minimum" }),
            format!(
                "the minimum capacity {min}{} is above the maximum {max}{}: Application Auto Scaling refuses the \
                 scalable target",
                default(min_default),
                default(max_default)
            ),
            "give a `minimum` no larger than the `maximum` (the plugin's defaults are 5 and 200)",
        );
    }
    let usage = get(&m, "usage").filter(|v| truthy(Some(v)));
    let number = usage.and_then(crate::reader::as_number);
    if let (Some(v), None) = (usage, number) {
        l.error_help(
            codes::CONFIG_INVALID_VALUE,
            &join(&at, "usage"),
            format!("expected a number (the target utilization, 0.1 to 0.9), found {}", describe(v)),
            "the plugin multiplies `usage` by 100 into the policy's `TargetValue`, which only works on a number: \
             write e.g. 0.75 (resolve a parameter with a variable, not an intrinsic function)",
        );
    }
    if let (Some(v), Some(usage)) = (usage, number)
        && !(TARGET_RANGE.0..=TARGET_RANGE.1).contains(&(usage * 100.0))
    {
        l.error_help(
            codes::CONFIG_INVALID_VALUE,
            &join(&at, "usage"),
            format!(
                "`usage: {v}` is a target utilization of {} %: DynamoDB's target tracking takes {} to {} %",
                crate::json::js_number_value(usage * 100.0),
                TARGET_RANGE.0,
                TARGET_RANGE.1
            ),
            "`usage` is a fraction of the provisioned capacity: write 0.75 for 75 %",
        );
    }
    true
}
