//! One cause, one error: which of the rules' errors a variable left unresolved explains. A config
//! with variable errors is still checked in the same run (the rules, the artifacts, the template's
//! references); an error that only repeats a variable's (a value left as `${env:MISSING}` is not
//! also the wrong type) is left out.

use serde_json::Value;
use stackwright_core::config_path::{join, within};
use stackwright_core::{Diagnostic, Diagnostics, codes};

use crate::vars;

/// The variables a config left unresolved, and what stands unknown because of them.
pub(crate) struct Unresolved {
    /// The config paths of every string left unresolved, and of the function settings that take
    /// an unresolved provider value.
    places: Vec<String>,
    /// The strings left unresolved, in lower case (a name cut from one is looked for in them).
    texts: Vec<String>,
    /// The variables, as their errors quote them (`env:X` of "`${env:X}`: ...").
    variables: Vec<String>,
    /// The part of `resources` left unresolved (a `${file(...)}` fragment): which resources,
    /// parameters and conditions the template has is not known.
    resources_unknown: bool,
}

impl Unresolved {
    /// `places` of the config `root` (variables resolved where they could be), each with the
    /// string left there, and the variable errors. A function's value that falls back on an
    /// unresolved provider value is unresolved too: with `provider.runtime` (or all of `provider`)
    /// left as `${...}`, a function without a `runtime` of its own has no known runtime either.
    pub(crate) fn new(root: &Value, places: Vec<(String, String)>, errors: &Diagnostics) -> Self {
        let variables = errors.iter().filter_map(|d| quoted_variable(&d.message)).map(str::to_string).collect();
        let texts = places.iter().map(|(_, text)| text.to_lowercase()).collect();
        let mut places: Vec<String> = places.into_iter().map(|(path, _)| path).collect();
        let resources_unknown = places.iter().any(|p| whole_resources_part(p));
        let provider_keys = places.iter().filter_map(|p| match p.strip_prefix("provider") {
            Some("") => Some(None),
            Some(rest) => rest.strip_prefix('.').filter(|k| !k.contains(['.', '['])).map(Some),
            None => None,
        });
        let inherited: Vec<String> =
            provider_keys.flat_map(|key| functions(root).flat_map(move |(path, f)| inherits(&path, f, key))).collect();
        places.extend(inherited);
        Unresolved { places, texts, variables, resources_unknown }
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
            || ((reference || d.code == codes::INVALID_LOGICAL_ID) && quotes_fragment(&d.message, &self.texts))
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

/// The places of function `f` (at `path`) that take an unresolved provider value: for provider
/// key `key`, the function's own key when it has none; for `None` (all of `provider`
/// unresolved), each such key it lacks.
fn inherits(path: &str, f: &serde_json::Map<String, Value>, key: Option<&str>) -> Vec<String> {
    INHERITED
        .iter()
        .filter(|(provider, own)| key.is_none_or(|k| k == *provider) && !f.contains_key(*own))
        .map(|(_, own)| join(path, own))
        .collect()
}

/// The function settings that fall back on a provider setting: (the provider's key, the
/// function's).
const INHERITED: &[(&str, &str)] = &[
    ("runtime", "runtime"),
    ("memorySize", "memorySize"),
    ("timeout", "timeout"),
    ("architecture", "architecture"),
    ("role", "role"),
    ("iam", "role"),
    ("vpc", "vpc"),
    ("layers", "layers"),
    ("tracing", "tracing"),
    ("kmsKeyArn", "kmsKeyArn"),
    ("logRetentionInDays", "logRetentionInDays"),
    ("versionFunctions", "versionFunction"),
];

/// Whether unresolved place `p` held a whole part of `resources` (all of it, its `Resources`,
/// `Parameters` or `Conditions`, or one fragment of its list form): what the template defines is
/// then not known.
fn whole_resources_part(p: &str) -> bool {
    let rest = match p.strip_prefix("resources[") {
        Some(rest) => match rest.split_once(']') {
            Some((i, rest)) if i.parse::<usize>().is_ok() => rest,
            _ => return false,
        },
        None => match p.strip_prefix("resources") {
            Some(rest) => rest,
            None => return false,
        },
    };
    ["", ".Resources", ".Parameters", ".Conditions"].contains(&rest)
}

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

/// Whether `message` quotes a name cut from a placeholder left in a value: its first quoted name
/// holds a `}`, and one of the strings left unresolved (`texts`, in lower case) holds what comes
/// before it with the brace (an authorizer named after the last part of
/// `arn:...:userpool/${self:custom.pool}`: "Custom.pool}ApiGatewayAuthorizer").
fn quotes_fragment(message: &str, texts: &[String]) -> bool {
    let Some(name) = message.split('"').nth(1) else { return false };
    let Some((before, _)) = name.split_once('}') else { return false };
    let cut = format!("{}}}", before.to_lowercase());
    !before.is_empty() && texts.iter().any(|t| t.contains(&cut))
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
        let u = Unresolved::new(
            &root,
            vec![("provider.runtime".into(), "${env:RT}".into())],
            &Diagnostics::from(var.clone()),
        );
        assert!(u.explain(&error("X", "functions.a.runtime", "default runtime")));
        assert!(!u.explain(&error("X", "functions.b.runtime", "its own")));
        assert!(!u.explain(&error("X", "functions.a.memorySize", "not the runtime")));

        let u = Unresolved::new(&root, vec![("provider".into(), "${env:RT}".into())], &Diagnostics::from(var.clone()));
        assert!(u.explain(&error("X", "functions.a.memorySize", "default memory")));
        assert!(!u.explain(&error("X", "functions.b.runtime", "its own")));
        assert!(!u.explain(&error("X", "functions.a.handler", "never inherited")));

        // A provider key maps to the function's own name for it, and only inherited keys count.
        let u = Unresolved::new(
            &root,
            vec![("provider.versionFunctions".into(), "${env:V}".into())],
            &Diagnostics::from(var.clone()),
        );
        assert!(u.explain(&error("X", "functions.a.versionFunction", "inherited")));
        let u = Unresolved::new(&root, vec![("provider.stage".into(), "${env:S}".into())], &Diagnostics::from(var));
        assert!(!u.explain(&error("X", "functions.a.stage", "not a function setting")));
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
            vec![(
                "functions.f.events[0].http.authorizer.arn".into(),
                "arn:aws:cognito-idp:us-east-1:${aws:accountId}:userpool/${self:custom.authorizerArn}".into(),
            )],
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
        // A `}` that no unresolved string explains is the user's own.
        let u = Unresolved::new(&root, vec![("provider.stage".into(), "${env:STAGE}".into())], &Diagnostics::from(var));
        let own = "DependsOn \"Missing}Thing\", which is not a resource of the template.";
        assert!(!u.explain(&error(codes::UNRESOLVED_REFERENCE, "resources.Resources.T.DependsOn[0]", own)));
    }

    #[test]
    fn an_unresolved_resources_fragment_hides_what_it_would_define() {
        let root = serde_json::json!({});
        let var =
            error(codes::CONFIG_UNRESOLVED_VARIABLE, "resources[1]", "`${file(roles.yml)}`: roles.yml does not exist");
        let u = Unresolved::new(
            &root,
            vec![("resources[1]".into(), "${file(roles.yml)}".into())],
            &Diagnostics::from(var.clone()),
        );
        let role = "the role \"AppRole\" is neither an ARN nor a resource of this template";
        assert!(u.explain(&error(codes::UNRESOLVED_REFERENCE, "functions.f.role", role)));
        assert!(u.explain(&error(codes::CONFIG_MISSING_KEY, "resources.Resources.Table.Type", "missing `Type`")));
        assert!(!u.explain(&error(codes::CONFIG_MISSING_KEY, "resources.Resources.Table.Properties", "no KeySchema")));

        // One resource's value left unresolved leaves the others known.
        let u = Unresolved::new(
            &root,
            vec![("resources.Resources.Table.Properties.TableName".into(), "${env:T}".into())],
            &Diagnostics::from(var.clone()),
        );
        assert!(!u.explain(&error(codes::UNRESOLVED_REFERENCE, "functions.f.role", role)));
        // So does a value inside one fragment of the list form.
        let u = Unresolved::new(
            &root,
            vec![("resources[0].Resources.Table.Properties.TableName".into(), "${env:T}".into())],
            &Diagnostics::from(var.clone()),
        );
        assert!(!u.explain(&error(codes::UNRESOLVED_REFERENCE, "functions.f.role", role)));
        assert!(!u.explain(&error(codes::CONFIG_MISSING_KEY, "resources.Resources.Other.Type", "missing `Type`")));
        // The whole `Resources` of a fragment is unknown.
        let u = Unresolved::new(
            &root,
            vec![("resources[0].Resources".into(), "${file(r.yml)}".into())],
            &Diagnostics::from(var),
        );
        assert!(u.explain(&error(codes::UNRESOLVED_REFERENCE, "functions.f.role", role)));
    }
}
