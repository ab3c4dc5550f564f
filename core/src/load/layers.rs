//! Loading top-level `layers` (the reference's schema: provider.js `layers`; template effect in
//! compile/layers.js, serverless-iam-and-surface.md §9.2).

use serde_json::Value;

use super::config::{architecture, layer_runtime};
use crate::model::{Artifact, Layer, Package};
use crate::reader::{Keys, Loader, get, index, join};

pub(super) const LAYER: Keys = Keys {
    allowed: &[
        "path",
        "package",
        "name",
        "description",
        "compatibleRuntimes",
        "compatibleArchitectures",
        "licenseInfo",
        "allowedAccounts",
        "retain",
    ],
    unsupported: &[],
    no_effect: &[],
};

/// A layer's `package`: the reference's schema has no `individually` or `excludeDevDependencies`
/// here.
pub(super) const LAYER_PACKAGE: Keys =
    Keys { allowed: &["artifact", "patterns", "include", "exclude"], unsupported: &[], no_effect: &[] };

/// `layers`: name → definition, in declaration order.
pub(super) fn load(l: &mut Loader, v: &Value) -> indexmap::IndexMap<String, Layer> {
    let mut out = indexmap::IndexMap::new();
    let Some(map) = v.as_object() else {
        l.type_error("layers", "an object (layer name → its settings)", v);
        return out;
    };
    for (name, value) in map {
        let path = join("layers", name);
        if let Some(layer) = layer(l, value, &path) {
            out.insert(name.clone(), layer);
        }
    }
    out
}

fn layer(l: &mut Loader, v: &Value, path: &str) -> Option<Layer> {
    let map = &*l.object(v, path, &LAYER)?;
    let at = |k: &str| join(path, k);
    let mut layer = Layer::default();
    if let Some(s) = get(map, "path") {
        layer.path = l.string(s, &at("path"));
    }
    if let Some(p) = get(map, "package") {
        layer.package = package(l, p, &at("package"));
    }
    for (key, field) in
        [("name", &mut layer.name), ("description", &mut layer.description), ("licenseInfo", &mut layer.license_info)]
    {
        if let Some(s) = get(map, key) {
            *field = l.string(s, &at(key));
        }
    }
    if let Some(list) = get(map, "compatibleRuntimes") {
        layer.compatible_runtimes = items(l, list, &at("compatibleRuntimes"), layer_runtime);
    }
    if let Some(list) = get(map, "compatibleArchitectures") {
        layer.compatible_architectures = items(l, list, &at("compatibleArchitectures"), architecture);
    }
    if let Some(list) = get(map, "allowedAccounts") {
        layer.allowed_accounts = l.string_list(list, &at("allowedAccounts"));
    }
    if let Some(b) = get(map, "retain") {
        layer.retain = l.boolean(b, &at("retain"));
    }
    Some(layer)
}

fn package(l: &mut Loader, v: &Value, path: &str) -> Package {
    let mut p = Package::default();
    let Some(map) = l.object(v, path, &LAYER_PACKAGE) else { return p };
    let map = &*map;
    if let Some(a) = get(map, "artifact") {
        p.artifact = l.string(a, &join(path, "artifact")).map(Artifact::file);
    }
    for (key, list) in [("patterns", &mut p.patterns), ("include", &mut p.include), ("exclude", &mut p.exclude)] {
        if let Some(v) = get(map, key) {
            *list = l.string_list(v, &join(path, key)).unwrap_or_default();
        }
    }
    p
}

/// A list whose items `item` reads (a single value is a one-item list, as ajv coerces it); `None`
/// when any item is bad (each reported).
fn items<T>(l: &mut Loader, v: &Value, path: &str, item: fn(&mut Loader, &Value, &str) -> Option<T>) -> Option<Vec<T>> {
    match v {
        Value::Array(values) => {
            let read: Vec<Option<T>> = values.iter().enumerate().map(|(i, v)| item(l, v, &index(path, i))).collect();
            read.into_iter().collect()
        }
        other => item(l, other, path).map(|t| vec![t]),
    }
}
