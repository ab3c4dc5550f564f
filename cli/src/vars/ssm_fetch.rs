//! serverless-ssm-fetch 2.0.0 (hook `after:package:cleanup`): the SSM parameters named in
//! `custom.serverlessSsmFetch` (environment variable name → parameter name, `~true` to decrypt)
//! go into each function's `environment`; a function with `ssmToEnvironment` gets only the ones
//! it lists. A function's own value of the same name is replaced.
//!
//! The plugin read the parameters while packaging. stackwright stays offline (DECISIONS.md D9):
//! a value given with `--value 'ssm:NAME=VALUE'` (or `--values`) is used as it is; otherwise a
//! plain parameter becomes `{{resolve:ssm:NAME}}`, which CloudFormation reads at deploy time, as
//! for `${ssm:NAME}`. A SecureString (`~true`) has no such equivalent in a function's environment
//! (`{{resolve:ssm-secure:...}}` is not allowed there), so it needs a given value.
//!
//! ```yaml
//! plugins:
//!   - serverless-ssm-fetch
//! custom:
//!   serverlessSsmFetch:
//!     DB_HOST: /app/dev/db-host
//!     DB_PASSWORD: /app/dev/db-password~true
//! functions:
//!   api:
//!     handler: api.handler
//!     ssmToEnvironment:
//!       - DB_HOST
//! ```

use serde_json::{Map, Value};
use stackwright_core::{Diagnostic, Diagnostics, Values, codes};

/// The plugin's npm name.
pub(crate) const PLUGIN: &str = stackwright_core::plugins::SSM_FETCH;

/// The plugin's settings under `custom`.
const SETTINGS: &str = stackwright_core::plugins::SSM_FETCH_CUSTOM;

/// The plugin's change to `root` (resolved), when `plugins` lists it; the errors name the
/// setting whose value stackwright cannot give. `reported(path)` says a variable error already
/// covers a setting (one cause, one error).
pub(crate) fn export(root: &mut Value, values: &Values, reported: &dyn Fn(&str) -> bool) -> Diagnostics {
    let mut errors = Diagnostics::new();
    let Some(listed_at) = stackwright_core::plugins::path_of(root.get("plugins"), PLUGIN) else { return errors };
    // Consumed here: core rejects the plugin's settings left for it (a service loaded in Rust).
    let settings = root.get_mut("custom").and_then(Value::as_object_mut).and_then(|c| c.shift_remove(SETTINGS));
    let Some(Value::Object(settings)) = settings else {
        // The plugin's own check, a few seconds after it loads.
        errors.push(
            Diagnostic::error(
                codes::CONFIG_MISSING_KEY,
                listed_at,
                format!("plugin \"{PLUGIN}\" needs `custom.{SETTINGS}`: an object of environment variable names and SSM parameter names"),
            )
            .with_help(format!(
                "add `custom.{SETTINGS}` (`DB_HOST: /app/db-host`, `~true` after a SecureString's name), or remove the plugin"
            )),
        );
        return errors;
    };
    let mut fetched = Map::new();
    for (name, parameter) in &settings {
        let at = format!("custom.{SETTINGS}.{name}");
        if reported(&at) {
            continue;
        }
        match value(parameter, values) {
            Ok(value) => {
                fetched.insert(name.clone(), value);
            }
            Err((message, help)) => {
                errors.push(Diagnostic::error(codes::CONFIG_UNRESOLVED_VARIABLE, at, message).with_help(help))
            }
        }
    }
    if !errors.is_empty() {
        return errors;
    }
    for function in super::functions_mut(root) {
        // `ssmToEnvironment` names the values the function takes; without it, it takes all.
        let chosen: Vec<(String, Value)> = match function.get("ssmToEnvironment") {
            None | Some(Value::Null) => fetched.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            Some(Value::Array(names)) => names
                .iter()
                .filter_map(Value::as_str)
                .filter_map(|name| fetched.get(name).map(|v| (name.to_string(), v.clone())))
                .collect(),
            // The plugin's schema takes a list; anything else is the loader's to report.
            Some(_) => Vec::new(),
        };
        if let Some(environment) = super::object_slot(function, "environment") {
            environment.extend(chosen);
        }
    }
    errors
}

/// The value of one setting (`/name` or `/name~true`): the given one, else the dynamic reference
/// to a plain parameter; `Err` is the message and help.
fn value(parameter: &Value, values: &Values) -> Result<Value, (String, String)> {
    let Some(parameter) = parameter.as_str() else {
        return Err((
            format!("expected an SSM parameter name, found {}", super::kind(parameter)),
            "write the parameter's name (`/app/db-host`), with `~true` after a SecureString's".to_string(),
        ));
    };
    // The plugin's `split('~')`: the name, then whether to decrypt.
    let mut parts = parameter.split('~');
    let name = parts.next().unwrap_or_default();
    let decrypt = parts.next() == Some("true");
    if let Some(given) = values.get(&format!("ssm:{name}")) {
        return Ok(given.clone());
    }
    let deploy_time = if decrypt { None } else { super::deploy_time("ssm", name) };
    deploy_time.ok_or_else(|| {
        let why = if decrypt {
            "a SecureString, which CloudFormation does not resolve into a function's environment \
             (`{{resolve:ssm-secure:...}}` is not allowed there)"
        } else {
            "not a parameter name CloudFormation's `{{resolve:ssm:...}}` reads"
        };
        (
            format!(
                "plugin \"{PLUGIN}\" fetched SSM parameter `{name}` while packaging, and stackwright runs offline: it is {why}"
            ),
            format!(
                "give its value with `--value 'ssm:{name}=VALUE'` (or in a `--values` file), or have the function read \
                 the parameter at run time"
            ),
        )
    })
}
