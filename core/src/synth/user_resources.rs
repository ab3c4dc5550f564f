//! The finalize step: the user's `resources` are deep-merged into the generated resources of the
//! same logical ID (so a user can override any generated property), `resources.extensions` are
//! applied, then `null` properties are removed.

use serde_json::{Map, Value};

/// Deep-merges the user's `source` into a generated `target` (lodash `_.merge`).
pub(super) fn deep_merge(target: &mut Value, source: &Value) {
    crate::json::lodash_merge(target, source);
}

/// Applies one `resources.extensions` entry (checked by the loader) to a resource as the reference
/// does: `Properties` and `Metadata` assigned key by key (`Object.assign`), `DependsOn` appended
/// (a single name becomes a list first), any other attribute replaced.
pub(super) fn extend(resource: &mut Value, extension: &Value) {
    let (Some(resource), Some(extension)) = (resource.as_object_mut(), extension.as_object()) else { return };
    for (name, value) in extension {
        match (name.as_str(), value) {
            ("Properties" | "Metadata", Value::Object(assigned)) => {
                let target = resource.entry(name.as_str()).or_insert_with(|| Value::Object(Map::new()));
                if !target.is_object() {
                    *target = Value::Object(Map::new());
                }
                if let Value::Object(target) = target {
                    for (k, v) in assigned {
                        target.insert(k.clone(), v.clone());
                    }
                }
            }
            ("DependsOn", Value::Array(names)) => {
                let target = resource.entry("DependsOn").or_insert_with(|| Value::Array(Vec::new()));
                if target.is_string() {
                    *target = Value::Array(vec![target.take()]);
                }
                if let Value::Array(target) = target {
                    target.extend(names.iter().cloned());
                }
            }
            _ => {
                resource.insert(name.clone(), value.clone());
            }
        }
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
            // An intrinsic function's missing argument stays, for the template check to report:
            // without it, `{"Fn::Sub": null}` would become `{}`, which CloudFormation rejects.
            map.retain(|k, v| !v.is_null() || crate::reader::is_intrinsic_key(k));
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}
