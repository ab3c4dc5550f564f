//! Loading serverless.json-shaped configs into the model.
//!
//! Two layers, so that every front end shares the second one:
//!
//! 1. [`parse_json`] parses JSON text into a [`serde_json::Value`] (key order preserved) and
//!    reports malformed JSON as one `CONFIG_PARSE_ERROR` with its line and column.
//! 2. [`load_expanded`] walks any `Value` tree (from JSON, a YAML loader or the `service!` macro)
//!    into a [`ServiceConfig`], reporting **every** unknown key, unsupported key, type error and
//!    missing key at once, each with its config path (`functions.api.capacityProvider.name`).
//!
//! The walk follows the reference framework's schema, including its type coercions (numeric
//! strings for integers, a plain string for a one-item list); the rules that need the whole
//! service (ranges, references, names) belong to validation.

mod coerce;
mod config;
mod layers;
mod places;
mod shapes;
pub(crate) use config::{FUNCTION_SURFACE, provider_setting_keys};
mod surface;
pub(crate) mod value;

use serde_json::Value;

use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::ServiceConfig;

/// Parses JSON text into a [`Value`], keeping key order; errors are `CONFIG_PARSE_ERROR`.
pub(crate) fn parse_json(json: &str) -> Result<Value, Diagnostics> {
    serde_json::from_str(json).map_err(|e| Diagnostics::from(parse_error(&e)))
}

fn parse_error(e: &serde_json::Error) -> Diagnostic {
    let (line, column) = (e.line(), e.column());
    let full = e.to_string();
    let suffix = format!(" at line {line} column {column}");
    let detail = full.strip_suffix(&suffix).unwrap_or(&full);
    let message = if detail.contains("recursion limit exceeded") {
        format!("invalid JSON at line {line}, column {column}: nesting deeper than 128 levels")
    } else {
        format!("invalid JSON at line {line}, column {column}: {detail}")
    };
    Diagnostic::error(codes::CONFIG_PARSE_ERROR, "", message)
}

/// [`load_expanded`] without the places of serverless-lift's additions.
#[cfg(test)]
pub(crate) fn load_value(value: &Value, strict: bool) -> (ServiceConfig, Diagnostics) {
    let (config, diagnostics, _) = load_expanded(value, strict);
    (config, diagnostics)
}

/// Loads a serverless.yml-shaped tree (from JSON, YAML or the `service!` macro) into the model,
/// collecting every problem; never panics. The model is returned even when there are errors
/// (bad values left out), so that validation can still report what the loader could not see.
///
/// `strict` is for trees written in Rust (`service!`): there a legacy spelling or a key the
/// reference's schema does not know is an error, where a file gets the reference's warning.
///
/// Also returns where the parts plugins add were written (serverless-lift's workers): the
/// diagnostics, the loader's and the rules', are shown there when reported
/// (`ServiceData::reported`).
pub(crate) fn load_expanded(value: &Value, strict: bool) -> (ServiceConfig, Diagnostics, crate::plugins::Origins) {
    let mut loader = crate::reader::Loader::new();
    loader.strict = strict;
    loader.plugin_keys = crate::plugins::ACCEPTED_PLUGIN_KEYS;
    // The reference's schema coercions, before the plugins read the config (`plugins:
    // serverless-lift` as one string) and again on what they add.
    let coerced = coerce::coerce(value);
    let (value, mut coerced_paths) = match coerced {
        Some((v, paths)) => (std::borrow::Cow::Owned(v), paths),
        None => (std::borrow::Cow::Borrowed(value), Vec::new()),
    };
    // After the coercions, which make `plugins: ./vendor/bref/bref` a list.
    loader.runtime_plugins = (crate::plugins::PLUGIN_RUNTIMES.iter())
        .map(|(plugin, _)| *plugin)
        .filter(|plugin| crate::plugins::lists(value.get("plugins"), plugin))
        .collect();
    // serverless-lift changes the config before the framework reads it, as the plugin does.
    let expanded = crate::plugins::expand(&mut loader, &value);
    let (value, mut origins) = match &expanded {
        Some(e) => (&e.root, e.origins.clone()),
        None => (&*value, Vec::new()),
    };
    let recoerced = expanded.as_ref().and_then(|_| coerce::coerce(value));
    let value = match &recoerced {
        Some((v, paths)) => {
            coerced_paths.extend(paths.iter().cloned());
            v
        }
        None => value,
    };
    // A diagnostic about the one item of a value made a list (`layers[0]`), the loader's or a
    // rule's, is about what was written (`layers`, where a plugin took it from, if one did).
    let listed: crate::plugins::Origins = (coerced_paths.into_iter())
        .map(|p| {
            let written = crate::plugins::written_path(&p, &origins).unwrap_or_else(|| p.clone());
            (format!("{p}[0]"), written, true)
        })
        .collect();
    origins.splice(0..0, listed);
    let mut config = config::service(&mut loader, value);
    config.resources.from_plugins = (origins.iter())
        .filter(|(_, to, _)| to.starts_with("constructs."))
        .filter_map(|(from, _, _)| from.strip_prefix("resources.Resources."))
        .filter(|id| !id.contains(['.', '[']))
        .map(str::to_string)
        .collect();
    if let Some(e) = &expanded {
        config.plugin_settings.warmers = e.warmers.clone();
        config.plugin_settings.tracing = e.tracing.clone();
        config.plugin_settings.linked_folders = e.linked.clone();
    }
    let mut diagnostics = loader.finish();
    // A value of a shape the schema does not allow, unless the reader of its place said so.
    for shape in shapes::check(value) {
        let overlaps = |d: &Diagnostic| {
            // About the value (a reader that takes the shape with a warning), an error within it,
            // or a value around it the reader refused.
            let around = crate::config_path::within(&shape.path, &d.path) && d.code == codes::CONFIG_INVALID_VALUE;
            d.path == shape.path || (d.is_error() && (crate::config_path::within(&d.path, &shape.path) || around))
        };
        if !diagnostics.iter().any(overlaps) {
            diagnostics.push(shape);
        }
    }
    let plugins = value.get("plugins");
    // A rejected plugin's own keys are reported once, in the plugin's error; an accepted plugin's
    // are accepted when it is listed, and otherwise said to be its (or, when a rejected plugin
    // reads the same key, that plugin's).
    let mut kept = crate::Diagnostics::new();
    for mut d in diagnostics {
        let key_error = d.code == crate::codes::CONFIG_UNKNOWN_KEY || d.code == crate::codes::CONFIG_UNSUPPORTED_KEY;
        let accepted = if key_error { crate::plugins::accepted_key(plugins, &d.path) } else { None };
        let rejected =
            if d.code == crate::codes::CONFIG_UNKNOWN_KEY { crate::plugins::rejected_key(&d.path) } else { None };
        if !key_error {
            kept.push(d);
        } else if plugins.is_some() && crate::plugins::added_key(plugins, &d.path) {
            // The plugin's own error covers it.
        } else if let Some((_, true)) = accepted {
            // A listed plugin reads it.
        } else if let Some((plugin, what)) = rejected {
            let key = d.path.rsplit('.').next().unwrap_or_default();
            d.message = format!("`{key}` is a key of {}", crate::plugins::unlisted(plugin));
            d.help = format!("stackwright does not run that plugin either: {what}");
            kept.push(d);
        } else if let Some((owners, _)) = accepted {
            let key = d.path.rsplit('.').next().unwrap_or_default();
            let (plugin, add) = match owners.as_slice() {
                [one] => (crate::plugins::unlisted(one), format!("`{one}`")),
                _ => (
                    format!("the plugins {}, none of which `plugins` lists", owners.join(" and ")),
                    owners.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(" or "),
                ),
            };
            d.message = format!("`{key}` is a key of {plugin}");
            d.help = format!("add {add} to `plugins`, or remove `{key}`");
            kept.push(d);
        } else {
            kept.push(d);
        }
    }
    let diagnostics = match KeyMode::of(value, strict) {
        KeyMode::Schema => as_schema_errors(kept, true),
        mode => mode.apply(kept),
    };
    (config, diagnostics, origins)
}

/// How keys the reference's schema does not know are reported for a tree, by the loader and by
/// the rules alike.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum KeyMode {
    /// A file (the reference's default `configValidationMode: warn`, and `off`): warnings,
    /// ignored as the reference ignores them.
    Warnings,
    /// A tree written in Rust: errors.
    #[default]
    Errors,
    /// `configValidationMode: error`: the reference's `INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION`.
    Schema,
}

impl KeyMode {
    pub(crate) fn of(value: &Value, strict: bool) -> KeyMode {
        match value.get("configValidationMode").and_then(Value::as_str) {
            Some("error") => KeyMode::Schema,
            _ if strict => KeyMode::Errors,
            _ => KeyMode::Warnings,
        }
    }

    /// `diagnostics` with the unknown keys reported as this mode says (the loader's other
    /// schema errors are framed where it loads, see [`as_schema_errors`]).
    pub(crate) fn apply(self, diagnostics: Diagnostics) -> Diagnostics {
        match self {
            KeyMode::Warnings => crate::diagnostics::unknown_keys_as_warnings(diagnostics),
            KeyMode::Errors => diagnostics,
            KeyMode::Schema => as_schema_errors(diagnostics, false),
        }
    }
}

/// With `configValidationMode: error` the reference fails on the first schema violation with
/// `INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION`; stackwright reports schema violations (unknown
/// keys and, from the loader, `invalid_values`: wrong types and values) in its own words, so they
/// are renamed into that code and framed as the reference frames them.
fn as_schema_errors(diagnostics: Diagnostics, invalid_values: bool) -> Diagnostics {
    let mut out = Diagnostics::new();
    for mut d in diagnostics {
        let invalid = invalid_values && d.code == crate::codes::CONFIG_INVALID_VALUE;
        if invalid || d.code == crate::codes::CONFIG_UNKNOWN_KEY {
            d.code = crate::codes::INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION;
            d.message = format!(
                "Configuration error at '{}': {}\n\nLearn more about configuration validation here: http://slss.io/configuration-validation",
                dotted(&d.path),
                d.message
            );
        }
        out.push(d);
    }
    out
}

/// `a.b[1].c` as the reference's ajv writes it: `a.b.1.c`.
fn dotted(path: &str) -> String {
    path.replace('[', ".").replace(']', "")
}

/// Applies surface settings (`provider` keys, or one function's keys when `function` names it)
/// to `config`; see [`Service::provider_settings`](crate::Service::provider_settings).
pub(crate) fn apply_settings(config: &mut ServiceConfig, function: Option<&str>, value: &Value) -> Diagnostics {
    let mut loader = crate::reader::Loader::new();
    loader.plugin_keys = crate::plugins::ACCEPTED_PLUGIN_KEYS;
    match function {
        None => config::provider_settings(&mut loader, &mut config.provider, value),
        Some(key) => match config.functions.get_mut(key) {
            Some(f) => config::function_settings(&mut loader, f, key, value),
            None => loader.error_help(
                crate::codes::CONFIG_MISSING_KEY,
                &crate::reader::join("functions", key),
                format!("settings for function \"{key}\", which is not declared"),
                "declare the function with `svc.function(..)` before applying its settings",
            ),
        },
    }
    crate::plugins::without_listed_plugin_keys(loader.finish(), &config.plugins)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_json_str(json: &str) -> Result<ServiceConfig, Diagnostics> {
        let (config, diagnostics) = load_value(&parse_json(json)?, false);
        if diagnostics.has_errors() { Err(diagnostics) } else { Ok(config) }
    }

    #[test]
    fn parse_error_has_line_and_column() {
        let err = from_json_str("{\n  \"service\": \"s\",\n  oops\n}").unwrap_err();
        let d = err.find(codes::CONFIG_PARSE_ERROR).unwrap();
        assert!(d.message.contains("line 3, column 3"), "{}", d.message);
        assert!(!d.message.contains("at line 3 column 3"), "{}", d.message);
    }

    #[test]
    fn recursion_limit_is_explained() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let err = from_json_str(&deep).unwrap_err();
        assert_eq!(err.len(), 1);
        assert!(err.to_string().contains("nesting deeper than 128 levels"), "{err}");
    }

    #[test]
    fn deep_user_values_are_rejected_before_copying() {
        // Deeper than JSON text allows: only other front ends can build this.
        let mut deep = Value::from(1);
        for _ in 0..50_000 {
            deep = Value::Array(vec![deep]);
        }
        let mut config = serde_json::json!({"service": "s", "provider": {"name": "aws"}, "resources": {"Outputs": {}}});
        config["resources"]["Outputs"]["O"] = deep;
        let (loaded, d) = load_value(&config, false);
        assert!(loaded.resources.outputs.is_empty());
        let e = d.find(codes::CONFIG_INVALID_VALUE).unwrap();
        assert_eq!((e.path.as_str(), e.message.as_str()), ("resources.Outputs.O", "nesting deeper than 128 levels"));
        std::mem::forget(config); // dropping it would recurse 50 000 levels
    }

    #[test]
    fn top_level_must_be_an_object() {
        let err = from_json_str("[1, 2]").unwrap_err();
        assert_eq!(err.find(codes::CONFIG_INVALID_VALUE).unwrap().message, "expected an object, found an array");
    }
}
