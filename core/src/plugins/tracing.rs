//! serverless-plugin-tracing 2.0.0 (`index.js`, hook `package:compileEvents`): every function's
//! `TracingConfig` becomes `{Mode: Active}` when its `tracing` is `true` (or `"true"`), or
//! `provider.tracing` is `true` (or `"true"`) and its own is not `false` (or `"false"`); else
//! `{Mode: PassThrough}`, whatever the framework set before (an object `provider.tracing` is
//! the framework's, and not the plugin's `true`). The mode replaces a `TracingConfig` the
//! framework compiled where it stands, else it comes after the function's other properties.
//!
//! Before the framework reads the config, the plugin's spellings become the framework's: a
//! boolean `provider.tracing` is the plugin's alone (the framework's schema wants an object), and
//! a function's `"true"`/`"false"` is what the framework makes of it (a `TracingConfig` it then
//! replaces, so `"false"` is written as `PassThrough`).
//!
//! ```yaml
//! plugins:
//!   - serverless-plugin-tracing
//! provider:
//!   tracing: true      # every function Active...
//! functions:
//!   quiet:
//!     handler: h.quiet
//!     tracing: false   # ...but this one PassThrough
//! ```

use indexmap::IndexMap;
use serde_json::{Map, Value};

/// The plugin's npm name.
pub(crate) const TRACING: &str = "serverless-plugin-tracing";

/// What the plugin reads: `provider.tracing` is `true`, and each function's own `true`/`false`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tracing {
    /// `provider.tracing: true` (or `"true"`).
    pub provider: bool,
    /// Function key → `Some(true)` for `tracing: true`, `Some(false)` for `false`, `None` otherwise.
    pub functions: IndexMap<String, Option<bool>>,
}

impl Tracing {
    /// The mode the plugin gives function `key`.
    pub(crate) fn mode(&self, key: &str) -> &'static str {
        let own = self.functions.get(key).copied().flatten();
        if own == Some(true) || (self.provider && own != Some(false)) { "Active" } else { "PassThrough" }
    }
}

/// Reads the plugin's settings from `root` and rewrites its spellings as the framework reads them.
pub(crate) fn expand(root: &mut Map<String, Value>) -> Tracing {
    let flag = |v: &Value| match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" => Some(true),
        Value::String(s) if s == "false" => Some(false),
        _ => None,
    };
    let mut tracing = Tracing::default();
    if let Some(Value::Object(provider)) = root.get_mut("provider") {
        if let Some(on) = provider.get("tracing").and_then(flag) {
            tracing.provider = on;
            provider.shift_remove("tracing");
        }
    }
    if let Some(Value::Object(functions)) = root.get_mut("functions") {
        for (key, function) in functions.iter_mut() {
            let Value::Object(function) = function else { continue };
            let own = function.get("tracing").and_then(flag);
            tracing.functions.insert(key.clone(), own);
            match function.get("tracing") {
                Some(Value::String(s)) if s == "true" => {
                    function.insert("tracing".into(), Value::Bool(true));
                }
                Some(Value::String(s)) if s == "false" => {
                    function.insert("tracing".into(), Value::String("PassThrough".into()));
                }
                _ => {}
            }
        }
    }
    tracing
}
