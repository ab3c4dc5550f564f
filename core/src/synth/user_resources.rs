//! The finalize step: the user's `resources` are deep-merged into the generated resources of the
//! same logical ID (so a user can override any generated property), then `null` properties are
//! removed.

use serde_json::Value;

/// Deep-merges the user's `source` into a generated `target` (lodash `_.merge`).
pub(super) fn deep_merge(target: &mut Value, source: &Value) {
    crate::json::lodash_merge(target, source);
}

/// Removes `null`-valued keys inside a resource's `Properties`, and a `null` `Properties`.
pub(super) fn strip_null_properties(resource: &mut Value) {
    let Some(resource) = resource.as_object_mut() else { return };
    if let Some(props) = resource.get_mut("Properties") {
        strip_nulls(props);
    }
    if resource.get("Properties").is_some_and(|p| p.is_null()) {
        resource.shift_remove("Properties");
    }
}

fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}
