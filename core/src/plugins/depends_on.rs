//! serverless-dependson-plugin 1.1.2 (npm; `index.js`): at `before:package:finalize` each
//! function's `DependsOn` gets the function `chains` places before it (in `functions` order) in
//! front, so that CloudFormation creates and updates the functions a few at a time (which keeps
//! a large service under Lambda's API rate limits). `custom.dependsOn.enabled: false` turns it
//! off; `chains` (a number above 1) runs that many chains side by side. The CLI option
//! `--dependson-plugin off` is not read: use `enabled: false`.
//!
//! ```yaml
//! plugins:
//!   - serverless-dependson-plugin
//! custom:
//!   dependsOn:
//!     chains: 3
//! ```
//!
//! This module reads the settings; `synth/plugins.rs` changes the functions.

use serde_json::Value;

use crate::codes;
use crate::reader::Loader;

/// The plugin's npm name.
pub const DEPENDS_ON: &str = "serverless-dependson-plugin";
/// Its settings under `custom`.
pub const CUSTOM: &str = "dependsOn";

/// The number of chains (`None` when the plugin is turned off), from `custom.dependsOn` as the
/// plugin reads it: a `chains` that is not a number above 1 is 1.
pub(crate) fn chains(l: &mut Loader, custom: &serde_json::Map<String, Value>) -> Option<usize> {
    let settings = custom.get(CUSTOM);
    let enabled = settings.and_then(|s| s.get("enabled"));
    if matches!(enabled, Some(Value::Bool(false))) || enabled.and_then(Value::as_str) == Some("false") {
        return None;
    }
    match settings.and_then(|s| s.get("chains")) {
        Some(Value::Number(n)) => Some(n.as_f64().filter(|n| *n > 1.0).map_or(1, |n| n.trunc() as usize)),
        Some(other) if !other.is_null() => {
            l.warn_help(
                codes::CONFIG_NO_EFFECT,
                "custom.dependsOn.chains",
                format!(
                    "serverless-dependson-plugin reads `chains` only as a number; with {} it makes one chain",
                    crate::reader::describe(other)
                ),
                "write the number of chains without quotes, e.g. `chains: 3`",
            );
            Some(1)
        }
        _ => Some(1),
    }
}
