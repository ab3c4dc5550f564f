//! serverless-functions-base-path 1.0.33: `custom.functionsBasePath` is joined in front of every
//! function's `handler` (Node's `path.posix.join`, which also normalizes `.` and `..`), before
//! the framework packages (`before:package:initialize`); image functions keep theirs.
//!
//! ```yaml
//! plugins:
//!   - serverless-functions-base-path
//! custom:
//!   functionsBasePath: src/handlers
//! functions:
//!   api:
//!     handler: api.main   # → src/handlers/api.main
//! ```

use serde_json::{Map, Value};

/// The plugin's npm name.
pub(crate) const FUNCTIONS_BASE_PATH: &str = "serverless-functions-base-path";

/// Prefixes the handlers of `functions` with `custom.functionsBasePath` (a string; anything else
/// is no base path, as in the plugin). A handler that is not a string is left for the loader.
pub(crate) fn expand(root: &mut Map<String, Value>) {
    let base = match root.get("custom").and_then(|c| c.get("functionsBasePath")) {
        Some(Value::String(base)) if !base.is_empty() => base.clone(),
        _ => return,
    };
    let Some(Value::Object(functions)) = root.get_mut("functions") else { return };
    for function in functions.values_mut() {
        let Value::Object(function) = function else { continue };
        if function.contains_key("image") {
            continue;
        }
        if let Some(Value::String(handler)) = function.get_mut("handler") {
            *handler = posix_join(&base, handler);
        }
    }
}

/// Node's `path.posix.join(a, b)`: the two joined by `/`, then normalized (empty and `.`
/// segments dropped, `..` removing the segment before it where there is one, a trailing `/`
/// kept), `.` for an empty result.
fn posix_join(a: &str, b: &str) -> String {
    let joined = format!("{a}/{b}");
    let absolute = joined.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if absolute => {}
                _ => parts.push(".."),
            },
            _ => parts.push(part),
        }
    }
    let mut out = parts.join("/");
    if absolute {
        out.insert(0, '/');
    }
    if out.is_empty() {
        out.push('.');
    }
    if joined.ends_with('/') && !out.ends_with('/') {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::posix_join;

    /// Node's `path.posix.join` on the same arguments.
    #[test]
    fn joins_as_node_does() {
        for (a, b, node) in [
            ("src", "handler.main", "src/handler.main"),
            ("./src/", "./api/h.main", "src/api/h.main"),
            ("src/functions", "../shared/h.main", "src/shared/h.main"),
            ("..", "../h.main", "../../h.main"),
            ("/abs", "../../h.main", "/h.main"),
            ("a", "..", "."),
            ("a", "b/", "a/b/"),
        ] {
            assert_eq!(posix_join(a, b), node, "{a} + {b}");
        }
    }
}
