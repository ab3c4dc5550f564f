//! One cause, one error: which of the rules' errors a variable left unresolved explains. A config
//! with variable errors is still checked in the same run (the rules, the artifacts, the template's
//! references); an error that only repeats a variable's (a value left as `${env:MISSING}` is not
//! also the wrong type) is left out.

use serde_json::Value;
use stackwright_core::config_path::join;
use stackwright_core::{Diagnostic, Diagnostics, codes};

use crate::vars;

/// The variables a config left unresolved, and what stands unknown because of them.
pub(crate) struct Unresolved {
    /// The config paths of every string left unresolved.
    places: Vec<String>,
    /// The variables, as their errors quote them (`env:X` of "`${env:X}`: ...").
    variables: Vec<String>,
    /// The part of `resources` left unresolved (a `${file(...)}` fragment): which resources,
    /// parameters and conditions the template has is not known.
    resources_unknown: bool,
}

impl Unresolved {
    /// `places` of the config `root` (variables resolved where they could be), and the variable
    /// errors. A function's value that falls back on an unresolved provider value is unresolved
    /// too: with `provider.runtime` (or all of `provider`) left as `${...}`, a function without a
    /// `runtime` of its own has no known runtime either.
    pub(crate) fn new(root: &Value, mut places: Vec<String>, errors: &Diagnostics) -> Self {
        let variables = errors.iter().filter_map(|d| quoted_variable(&d.message)).map(str::to_string).collect();
        let resources_unknown = places.iter().any(|p| {
            p.starts_with("resources[")
                || ["resources", "resources.Resources", "resources.Parameters", "resources.Conditions"]
                    .contains(&p.as_str())
        });
        let provider_keys = places.iter().filter_map(|p| match p.strip_prefix("provider") {
            Some("") => Some(None),
            Some(rest) => rest.strip_prefix('.').filter(|k| !k.contains(['.', '['])).map(Some),
            None => None,
        });
        let inherited: Vec<String> =
            provider_keys.flat_map(|key| functions(root).flat_map(move |(path, f)| inherits(&path, f, key))).collect();
        places.extend(inherited);
        Unresolved { places, variables, resources_unknown }
    }

    /// Whether diagnostic `d`, a rule's, only repeats a variable error.
    pub(crate) fn explain(&self, d: &Diagnostic) -> bool {
        let reference = d.code == codes::UNRESOLVED_REFERENCE;
        self.places.iter().any(|place| within(&d.path, place) || in_intrinsic(d, place) || quotes_placeholder(d, place))
            || (reference && quotes_any(&d.message, &self.variables))
            // A value made from one left unresolved (a function name from `service`), or a
            // `Fn::GetAtt` in what the framework builds (a template path) of a placeholder left
            // there (the log group ARN's `Fn::Sub` of `${self:custom.name}`: "self:custom").
            || (!self.variables.is_empty() && {
                let built = reference && d.path.starts_with("Resources.") && d.message.starts_with("Fn::GetAtt of");
                quotes_a_variable(&d.message, built)
            })
            // A name made from a placeholder's last part (an authorizer named after the ARN
            // `${self:custom.authorizerArn}`: "Custom.authorizerArn}ApiGatewayAuthorizer").
            || (!self.variables.is_empty()
                && (reference || d.code == codes::INVALID_LOGICAL_ID)
                && quotes_fragment(&d.message))
            // A reference to, or the `Type` of, what a `resources` fragment left unresolved may hold.
            || (self.resources_unknown
                && (reference
                    || (d.code == codes::CONFIG_MISSING_KEY
                        && d.path.starts_with("resources.Resources.")
                        && d.path.ends_with(".Type"))))
    }
}

/// The functions of config `root` (`functions` as an object, or a list of objects), with their
/// config paths.
fn functions(root: &Value) -> impl Iterator<Item = (String, &serde_json::Map<String, Value>)> {
    let maps: Vec<&serde_json::Map<String, Value>> = match root.get("functions") {
        Some(Value::Object(m)) => vec![m],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    };
    maps.into_iter().flat_map(|m| m.iter()).filter_map(|(name, f)| Some((join("functions", name), f.as_object()?)))
}

/// The places of function `f` (at `path`) that take an unresolved provider value: its value of
/// `key` when it has none of its own, or (`None`: all of `provider` unresolved) every key it lacks,
/// as the one place `path.*` below.
fn inherits(path: &str, f: &serde_json::Map<String, Value>, key: Option<&str>) -> Vec<String> {
    match key {
        Some(key) if !f.contains_key(key) => vec![join(path, key)],
        Some(_) => Vec::new(),
        None => INHERITED.iter().filter(|k| !f.contains_key(**k)).map(|k| join(path, k)).collect(),
    }
}

/// The function settings that fall back on `provider`'s (the reference's function defaults).
const INHERITED: &[&str] = &[
    "runtime",
    "memorySize",
    "timeout",
    "architecture",
    "role",
    "vpc",
    "layers",
    "tracing",
    "kmsKeyArn",
    "logRetentionInDays",
    "capacityProvider",
    "versionFunction",
];

/// Whether `d` is about the value holding the intrinsic function at `place` (a variable left in
/// an `Fn::Sub` is not also a reference to a resource `env:X`).
fn in_intrinsic(d: &Diagnostic, place: &str) -> bool {
    place.strip_prefix(d.path.as_str()).is_some_and(|rest| rest.starts_with(".Fn::") || rest == ".Ref")
}

/// A rule on the object that holds the place (`provider.deploymentBucket` of its `name`) that
/// quotes the placeholder left there.
fn quotes_placeholder(d: &Diagnostic, place: &str) -> bool {
    within(place, &d.path) && d.message.contains("${")
}

/// The variable a variable error is about: `env:X` of "`${env:X}`: ...".
fn quoted_variable(message: &str) -> Option<&str> {
    message.strip_prefix("`${")?.split_once("}`").map(|(inner, _)| inner)
}

/// Whether `message` quotes a serverless.yml variable left in a value, or, with `reference`, a
/// reference rule's quoted target is one (`Fn::GetAtt of "self:custom"`).
fn quotes_a_variable(message: &str, reference: bool) -> bool {
    vars::holds_variable(message) || (reference && message.split('"').nth(1).is_some_and(vars::is_variable))
}

/// Whether a reference rule's message quotes one of `variables` as a placeholder (`${env:X}`) or
/// as a `Fn::GetAtt` target (`"self:custom"` of `${self:custom.bucket}`).
fn quotes_any(message: &str, variables: &[String]) -> bool {
    variables.iter().any(|v| {
        let target = v.split('.').next().unwrap_or(v);
        message.contains(&format!("${{{v}}}")) || message.contains(&format!("\"{target}\""))
    })
}

/// Whether `message` quotes a name with a `}` in it: a name cut from a placeholder left in a value
/// (an authorizer named after the last part of `arn:...:userpool/${self:custom.pool}`), since no
/// resolved name has one.
fn quotes_fragment(message: &str) -> bool {
    message.split('"').nth(1).is_some_and(|name| name.contains('}'))
}

/// Whether config path `path` is `outer` or inside it (`a.b[0]` is inside `a.b`, `a.bc` is not).
pub(crate) fn within(path: &str, outer: &str) -> bool {
    path.strip_prefix(outer).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(code: &'static str, path: &str, message: &str) -> Diagnostic {
        Diagnostic::error(code, path, message)
    }

    #[test]
    fn a_function_takes_an_unresolved_provider_value_it_has_none_of() {
        let root =
            serde_json::json!({"functions": {"a": {"handler": "h"}, "b": {"handler": "h", "runtime": "nodejs24.x"}}});
        let var = error(codes::CONFIG_UNRESOLVED_VARIABLE, "provider.runtime", "`${env:RT}`: not set");
        let u = Unresolved::new(&root, vec!["provider.runtime".into()], &Diagnostics::from(var.clone()));
        assert!(u.explain(&error("X", "functions.a.runtime", "default runtime")));
        assert!(!u.explain(&error("X", "functions.b.runtime", "its own")));
        assert!(!u.explain(&error("X", "functions.a.memorySize", "not the runtime")));

        let u = Unresolved::new(&root, vec!["provider".into()], &Diagnostics::from(var.clone()));
        assert!(u.explain(&error("X", "functions.a.memorySize", "default memory")));
        assert!(!u.explain(&error("X", "functions.b.runtime", "its own")));
        assert!(!u.explain(&error("X", "functions.a.handler", "never inherited")));
    }

    #[test]
    fn a_name_cut_from_a_placeholder_is_the_variable_s() {
        let root = serde_json::json!({});
        let var = error(
            codes::CONFIG_UNRESOLVED_VARIABLE,
            "functions.f.events[0].http.authorizer.arn",
            "`${self:custom.authorizerArn}`: there is no",
        );
        let u = Unresolved::new(
            &root,
            vec!["functions.f.events[0].http.authorizer.arn".into()],
            &Diagnostics::from(var.clone()),
        );
        let id = "an event produces the CloudFormation logical ID \"Custom.authorizerArn}ApiGatewayAuthorizer\", which is not valid";
        assert!(u.explain(&error(codes::INVALID_LOGICAL_ID, "functions", id)));
        assert!(!u.explain(&error(
            codes::INVALID_LOGICAL_ID,
            "functions",
            "the logical ID \"Custom-other\" is not valid"
        )));
        let u = Unresolved::new(&root, Vec::new(), &Diagnostics::new());
        assert!(!u.explain(&error(codes::INVALID_LOGICAL_ID, "functions", id)));
    }

    #[test]
    fn an_unresolved_resources_fragment_hides_what_it_would_define() {
        let root = serde_json::json!({});
        let var =
            error(codes::CONFIG_UNRESOLVED_VARIABLE, "resources[1]", "`${file(roles.yml)}`: roles.yml does not exist");
        let u = Unresolved::new(&root, vec!["resources[1]".into()], &Diagnostics::from(var.clone()));
        let role = "the role \"AppRole\" is neither an ARN nor a resource of this template";
        assert!(u.explain(&error(codes::UNRESOLVED_REFERENCE, "functions.f.role", role)));
        assert!(u.explain(&error(codes::CONFIG_MISSING_KEY, "resources.Resources.Table.Type", "missing `Type`")));
        assert!(!u.explain(&error(codes::CONFIG_MISSING_KEY, "resources.Resources.Table.Properties", "no KeySchema")));

        // One resource's value left unresolved leaves the others known.
        let u = Unresolved::new(
            &root,
            vec!["resources.Resources.Table.Properties.TableName".into()],
            &Diagnostics::from(var.clone()),
        );
        assert!(!u.explain(&error(codes::UNRESOLVED_REFERENCE, "functions.f.role", role)));
    }
}
