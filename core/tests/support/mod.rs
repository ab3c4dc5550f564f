//! What the tests that compare plugin output with templates the plugins wrote share
//! (`lift.rs`, `aws_alerts.rs`, `warmup.rs`, `reqvalidator.rs`); each uses part of it.
#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;
use stackwright_core::*;

const SHA: &str = "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U=";

/// `tests/data/<dir>/<case>/<file>` as JSON.
pub fn data(dir: &str, case: &str, file: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(dir).join(case).join(file);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

/// The template of a resolved config, with a fixed artifact and build time.
pub fn template(config: &Value) -> Value {
    let mut svc = Service::from_value(config).unwrap_or_else(|d| panic!("{d}"));
    svc.package_artifact(Artifact::with_sha256("artifact.zip", SHA));
    svc.build_time_millis(1767225600000);
    let text = svc.synth().unwrap_or_else(|d| panic!("{d}")).json().to_string();
    serde_json::from_str(&text).unwrap()
}

/// The resources of template `t` of type `ty`, in template order, as an object by logical ID.
pub fn resources_of_type(t: &Value, ty: &str) -> Value {
    let resources = t["Resources"].as_object().expect("a template");
    Value::Object(resources.iter().filter(|(_, r)| r["Type"] == ty).map(|(id, r)| (id.clone(), r.clone())).collect())
}

/// `actual` and `expected` (what `plugin` wrote) as the same JSON text: same values, same key order.
pub fn same(plugin: &str, case: &str, what: &str, actual: &Value, expected: &Value) {
    let (a, e) = (serde_json::to_string_pretty(actual).unwrap(), serde_json::to_string_pretty(expected).unwrap());
    assert!(a == e, "{case}: {what} differ\n--- stackwright\n{a}\n--- {plugin}\n{e}");
}

/// The one error `config` gives, with its code, path and message; it has a help.
pub fn rejected(config: &Value, code: &str, path: &str, message: &str) {
    let errors = match Service::from_value(config) {
        Ok(svc) => svc.check(),
        Err(d) => d,
    };
    let errors: Vec<&Diagnostic> = errors.iter().filter(|d| d.severity == Severity::Error).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!((errors[0].code, errors[0].path.as_str()), (code, path), "{errors:#?}");
    assert_eq!(errors[0].message, message);
    assert!(!errors[0].help.is_empty());
}

/// A service with `plugin` listed, one function `api` and `value` at the top-level `key` (the
/// plugin's settings).
pub fn plugin_service(plugin: &str, key: &str, value: Value) -> Value {
    serde_json::json!({
        "service": "app",
        "provider": {"name": "aws", "runtime": "nodejs22.x"},
        "plugins": [plugin],
        "package": {"artifact": "artifact.zip"},
        "functions": {"api": {"handler": "h.api"}},
        key: value,
    })
}
