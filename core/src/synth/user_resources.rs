//! The finalize step: the user's `resources` are deep-merged into the template (so a user can
//! override any generated property), then `null` properties are removed.

use serde_json::{Map, Value};

use crate::model::UserResources;

/// Merges `resources.Resources`, `Outputs`, `Conditions`, `Parameters`, `Mappings` and
/// `Description` into the template the way lodash `_.merge` does: objects recursively, arrays
/// index by index, everything else replaced. New top-level sections go after `Outputs`.
pub(super) fn merge(template: &mut Value, user: &UserResources) {
    let sections = [
        ("Resources", &user.resources),
        ("Outputs", &user.outputs),
        ("Conditions", &user.conditions),
        ("Parameters", &user.parameters),
        ("Mappings", &user.mappings),
    ];
    let Some(root) = template.as_object_mut() else { return };
    for (name, entries) in sections {
        if entries.is_empty() {
            continue;
        }
        let section = root.entry(name).or_insert_with(|| Value::Object(Map::new()));
        for (key, value) in entries {
            match section.as_object_mut() {
                Some(map) => match map.get_mut(key) {
                    Some(existing) => deep_merge(existing, value),
                    None => {
                        map.insert(key.clone(), value.clone());
                    }
                },
                None => *section = Value::Object(Map::new()),
            }
        }
    }
    if let Some(description) = &user.description {
        root.insert("Description".into(), Value::String(description.clone()));
    }
}

fn deep_merge(target: &mut Value, source: &Value) {
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

/// Removes `null`-valued keys inside every resource's `Properties`, and empty `Properties`.
pub(super) fn strip_null_properties(template: &mut Value) {
    let Some(resources) = template.get_mut("Resources").and_then(Value::as_object_mut) else { return };
    for resource in resources.values_mut() {
        let Some(resource) = resource.as_object_mut() else { continue };
        if let Some(props) = resource.get_mut("Properties") {
            strip_nulls(props);
        }
        if resource.get("Properties").is_some_and(|p| p.is_null()) {
            resource.shift_remove("Properties");
        }
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
