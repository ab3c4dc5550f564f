//! The finalize step: the user's `resources` are deep-merged into the generated resources of the
//! same logical ID (so a user can override any generated property), then `null` properties are
//! removed.

use serde_json::Value;

/// Deep-merges the user's `source` into a generated `target` the way lodash `_.merge` does:
/// objects recursively, arrays index by index, everything else replaced.
pub(super) fn deep_merge(target: &mut Value, source: &Value) {
    match (target, source) {
        (Value::Object(t), Value::Object(s)) => {
            for (k, v) in s {
                match t.get_mut(k) {
                    Some(existing) => deep_merge(existing, v),
                    None => {
                        t.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (Value::Array(t), Value::Array(s)) => {
            for (i, v) in s.iter().enumerate() {
                match t.get_mut(i) {
                    Some(existing) => deep_merge(existing, v),
                    None => t.push(v.clone()),
                }
            }
        }
        // lodash keeps the destination when the source value is undefined; JSON has no
        // undefined, and an explicit null replaces (then gets stripped from Properties).
        (t, s) => *t = s.clone(),
    }
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
