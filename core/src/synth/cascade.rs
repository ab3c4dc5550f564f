//! One cause, one error (issue 13): when the rules find errors, synthesis still runs on the rest
//! of the config so that the artifact and template errors come in the same run; a later error
//! that an earlier one may have caused is left out.

use crate::codes;
use crate::config_path::within;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// The rules' diagnostics, then the later stages' errors that no rule error explains.
pub(super) fn merge(prior: Diagnostics, later: Diagnostics) -> Diagnostics {
    let failed: Vec<String> = prior.errors().map(|d| d.path.clone()).collect();
    let mut out = prior;
    for d in later.into_iter().filter(|d| d.is_error()) {
        if !caused(&d, &failed) && !out.iter().any(|o| same_cause(o, &d)) {
            out.push(d);
        }
    }
    out
}

/// Whether `later` is `earlier` found again: the same error at the same path, or a dangling
/// reference to the name a rule already reported (a capacity provider `Fn::GetAtt` of an
/// unknown resource is both a rule error and, in the template, a dangling `Fn::GetAtt`).
fn same_cause(earlier: &Diagnostic, later: &Diagnostic) -> bool {
    let quoted = |m: &str| m.split('"').nth(1).map(|name| format!("\"{name}\""));
    // A `Ref` to an undefined (or retained) layer also dangles in the template.
    if earlier.code == codes::LAYER_UNDEFINED && later.code == codes::UNRESOLVED_REFERENCE {
        return quoted(&later.message)
            .is_some_and(|name| earlier.message.contains(&format!("Ref: {}`", name.trim_matches('"'))));
    }
    if earlier.code != later.code {
        return false;
    }
    if earlier.path == later.path {
        return true;
    }
    later.code == codes::UNRESOLVED_REFERENCE
        && quoted(&later.message).is_some_and(|name| earlier.message.contains(&name))
}

/// A function as a whole failed to load (`functions`, `functions[0]` of an include,
/// `functions.f`): what it would have produced is unknown.
fn whole_function(p: &str) -> bool {
    p == "functions" || p.starts_with("functions[") || p.strip_prefix("functions.").is_some_and(|k| !k.contains('.'))
}

/// Whether an earlier error at one of `failed` may have caused `later`.
fn caused(later: &Diagnostic, failed: &[String]) -> bool {
    let path = later.path.as_str();
    if later.code == codes::ARTIFACT_ERROR {
        // The code of a function is its artifact (`package`) or its image; its handler decides
        // what it runs. Other settings of the function are independent of it.
        let code_setting = |p: &str| {
            let Some(rest) = p.strip_prefix("functions.") else { return false };
            let Some((_, setting)) = rest.split_once('.') else { return false };
            ["package", "image", "handler"].iter().any(|s| within(setting, s))
        };
        return failed.iter().any(|p| {
            within(p, "package")
                || within(path, p)
                || whole_function(p)
                || (code_setting(p) && (path == "functions" || within(p, path)))
        });
    }
    // Template checks (dangling references, limits): a rejected resource, layer, event or
    // function is missing from the template, so a reference to it would dangle.
    failed.iter().any(|p| {
        within(path, p)
            || within(p, path)
            || within(p, "resources")
            || within(p, "layers")
            || whole_function(p)
            || p.contains(".events")
            || within(p, "provider.iam")
            || within(p, "provider.role")
            || within(p, "provider.capacityProviders")
    })
}
