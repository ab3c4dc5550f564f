//! Validation: every rule lives here once and returns structured [`Diagnostics`].
//!
//! `validate` (behind [`Service::validate`](crate::Service::validate)) checks a service's model;
//! `check_template` checks a synthesized template (CloudFormation limits and dangling references).
//! Every problem is reported, never just the first, and no rule panics.
//!
//! Order of the diagnostics: the reference's rules first, exactly in the reference's order
//! (capacity providers 1, 2, 3 provider by provider, then per function: handler/image, memory,
//! missing name, function scaling, file system), so a config the reference rejects gets the
//! reference's error first; then stackwright's stricter rules (capacity providers, then functions),
//! then names and logical-ID collisions, then warnings.

use crate::arn;
use crate::codes;
use crate::config_path::within;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Function, Intrinsic};
use crate::resolve::{CpTarget, Resolved, is_cp_function};
use crate::service_data::ServiceData;

mod buckets;
mod capacity_provider;
mod dynamodb;
mod function;
mod layers;
mod names;
mod one_string;
mod resource_properties;
mod surface;
mod tags;
pub(crate) mod template;

/// Every diagnostic (errors and warnings) for `service`, in a stable order (see the module docs).
pub(crate) fn validate(service: &ServiceData) -> Diagnostics {
    validate_resolved(&Resolved::new(&service.config))
}

/// [`validate`] with the effective values synthesis computed already.
pub(crate) fn validate_resolved(r: &Resolved<'_>) -> Diagnostics {
    // A user value too deep to walk safely stops here: every rule below may walk it recursively.
    let too_deep = template::check_depth(&r.config.resources);
    if too_deep.has_errors() {
        return too_deep;
    }
    let mut out = Diagnostics::new();
    // The reference's rules first, in its order, so that for a config the reference rejects the
    // first error is the reference's own.
    capacity_provider::check_reference(r, &mut out);
    function::check_reference(r, &mut out);
    let (event_reference, event_stricter) = crate::events::validate(r);
    out.extend(event_reference);
    capacity_provider::check_stricter(r, &mut out);
    function::check_stricter(r, &mut out);
    surface::check(r, &mut out);
    one_string::check(r, &mut out);
    layers::check(r, &mut out);
    out.extend(event_stricter);
    names::check(r, &mut out);
    buckets::check(r, &mut out);
    dynamodb::check(r, &mut out);
    tags::check(r, &mut out);
    out.extend(template::check_static_sections(&r.config.resources));
    warnings(r, &mut out);
    out
}

/// Whether `i` yields a list where one string goes: [`Intrinsic::yields_list`], or a `Ref` to one
/// of the template's list parameters (`List<...>`, `CommaDelimitedList`, their SSM forms).
fn yields_list(r: &Resolved<'_>, i: &Intrinsic) -> bool {
    let list_parameter = |name: &str| {
        let kind = r.config.resources.parameters.get(name).and_then(|p| p.get("Type")).and_then(|t| t.as_str());
        kind.is_some_and(|t| {
            let t = t.strip_prefix("AWS::SSM::Parameter::Value<").and_then(|t| t.strip_suffix('>')).unwrap_or(t);
            t.starts_with("List<") || t == "CommaDelimitedList"
        })
    };
    i.yields_list() || matches!(i, Intrinsic::Ref(name) if list_parameter(name))
}

/// The error for `value` at `path` when it is an intrinsic that yields a list ([`yields_list`])
/// where one string goes; `message` says so for the place, given the function's name.
fn list_for_string(
    r: &Resolved<'_>,
    value: Option<&Intrinsic>,
    code: &'static str,
    path: &str,
    message: impl FnOnce(&str) -> String,
) -> Option<Diagnostic> {
    let i = value.filter(|i| yields_list(r, i))?;
    Some(
        Diagnostic::error(code, path, message(i.name()))
            .with_help("pick one item with `Fn::Select`, or join them with `Fn::Join`"),
    )
}

/// Whether a string's value is known only after synthesis or at deploy time: a `${...}` or
/// serverless-pseudo-parameters' `#{...}` (an `Fn::Sub` after synthesis), or a dynamic reference
/// CloudFormation resolves. Format rules leave such strings alone.
fn is_computed(s: &str) -> bool {
    ["${", "#{", "{{resolve:"].iter().any(|m| s.contains(m))
}

/// The user's resources (`resources.Resources`) whose `Type` `wanted` accepts, each with its
/// `Properties` object and that object's config path: what the rules on raw CloudFormation read.
fn user_resources<'a>(
    r: &Resolved<'a>,
    wanted: impl Fn(&str) -> bool + 'a,
) -> impl Iterator<Item = (&'a str, &'a serde_json::Map<String, serde_json::Value>, String)> + 'a {
    let resources = &r.config.resources.resources;
    resources.iter().filter_map(move |(id, resource)| {
        resource.get("Type").and_then(serde_json::Value::as_str).filter(|t| wanted(t))?;
        let properties = resource.get("Properties")?.as_object()?;
        let path = crate::config_path::join(&crate::config_path::join("resources.Resources", id), "Properties");
        Some((id.as_str(), properties, path))
    })
}

/// The local capacity provider a function runs on: a name of this service, or a
/// `Fn::GetAtt [<X>LambdaCapacityProvider, Arn]` of one.
pub(super) fn local_provider<'a>(r: &Resolved<'a>, f: &'a Function) -> Option<&'a str> {
    match r.cp_target(f)?.0 {
        CpTarget::Local(name) => Some(name),
        CpTarget::Intrinsic(Intrinsic::GetAtt { resource, attribute }) if attribute == "Arn" => {
            r.capacity_provider_by_logical_id(resource)
        }
        _ => None,
    }
}

/// Never-fatal findings: unused capacity providers, versions disabled with capacity-provider
/// functions, deprecated runtimes.
fn warnings(r: &Resolved<'_>, out: &mut Diagnostics) {
    let used: std::collections::HashSet<&str, foldhash::fast::FixedState> =
        r.functions.iter().filter_map(|(_, f)| local_provider(r, f)).collect();
    let user_refs = template::referenced_names(&r.config.resources);
    for (name, _) in &r.capacity_providers {
        let logical_id = crate::naming::capacity_provider_logical_id(name);
        if !used.contains(name) && !user_refs.contains(logical_id.as_str()) {
            out.push(
                Diagnostic::warning(
                    codes::LAMBDA_CAPACITY_PROVIDER_UNUSED,
                    format!("provider.capacityProviders.{name}"),
                    format!(
                        "Capacity provider \"{name}\" is not used by any function, but it is still created \
                         (and launches instances)."
                    ),
                )
                .with_help(format!(
                    "Reference it from a function (`capacityProvider: {name}`), or remove \
                     provider.capacityProviders.{name}."
                )),
            );
        }
    }

    let unversioned: Vec<&str> =
        r.functions.iter().filter(|(_, f)| is_cp_function(f) && !r.versioned(f)).map(|(k, _)| *k).collect();
    if !unversioned.is_empty() {
        let path = match unversioned.as_slice() {
            [key] if r.config.functions[*key].version_function == Some(false) => {
                format!("functions.{key}.versionFunction")
            }
            _ => "provider.versionFunctions".to_string(),
        };
        out.push(
            Diagnostic::warning(
                codes::LAMBDA_MANAGED_INSTANCES_VERSIONS_DISABLED,
                path,
                format!(
                    "No version is published for {} function(s) that run on capacity providers: {}.",
                    unversioned.len(),
                    unversioned.join(", ")
                ),
            )
            .with_help(
                "Lambda provisions the execution environments of a capacity-provider function when a version \
                 is published, so keep versionFunctions enabled. Old versions keep their capacity provider \
                 alive: prune them regularly (for example with serverless-prune-plugin) instead of disabling \
                 versions.",
            ),
        );
    }

    // An image function brings its own runtime: the template gives it none.
    for (key, f) in r.functions.iter().filter(|(_, f)| f.handler.is_some() || f.image.is_none()) {
        let runtime = r.runtime(f);
        if runtime.is_deprecated() {
            let inherited = match (f.runtime, r.config.provider.runtime) {
                (Some(_), _) => "",
                (None, Some(_)) => " (inherited from provider.runtime)",
                (None, None) => " (the default when no runtime is set)",
            };
            out.push(
                Diagnostic::warning(
                    codes::LAMBDA_DEPRECATED_RUNTIME,
                    format!("functions.{key}.runtime"),
                    format!("Function \"{key}\" uses runtime {runtime}{inherited}, which AWS has deprecated."),
                )
                .with_help("Move to a supported runtime; AWS blocks creating and then updating functions on deprecated runtimes."),
            );
        }
    }
}

// ---- hand-written pattern checks shared by the rule files (no regex crate) ----

/// `^[A-Za-z0-9_-]+$`
pub(super) fn is_name_chars(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A CloudFormation logical ID: ASCII alphanumeric, 1..255 characters.
pub(super) fn is_logical_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 255 && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$`
pub(super) fn is_role_arn(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("arn:") else {
        return false;
    };
    let Some((partition, rest)) = rest.split_once(':') else {
        return false;
    };
    if !(partition.is_empty() || arn::is_partition(partition)) {
        return false;
    }
    let Some(rest) = rest.strip_prefix("iam::") else {
        return false;
    };
    if rest.len() < 12 || !rest.as_bytes()[..12].iter().all(u8::is_ascii_digit) {
        return false;
    }
    // `role/<path/><name>`: CloudFormation checks `role/.+`, so a bare `role/` is rejected too.
    let Some(path) = rest[12..].strip_prefix(":role/") else {
        return false;
    };
    !path.is_empty() && path.bytes().all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-/".contains(&b))
}

/// `^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)/<id>$`, the id limited to the characters
/// KMS key ids and alias names use: the shape of an `AWS::KMS::Key.Arn` (the format the capacity
/// provider's schema names; its pattern alone takes any ARN, the reference's schema any
/// `arn:aws*:kms` string).
pub(super) fn is_kms_key_arn(s: &str) -> bool {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = parts.as_slice() else {
        return false;
    };
    let id = resource.strip_prefix("key/").or_else(|| resource.strip_prefix("alias/"));
    *arn == "arn"
        && arn::is_partition(partition)
        && *service == "kms"
        && !region.is_empty()
        && region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && arn::is_account(account)
        && id.is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"/_-".contains(&b)))
}

/// `^arn:aws[a-zA-Z-]*:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:capacity-provider:[a-zA-Z0-9-_]+$`,
/// at most 140 characters.
pub(super) fn is_capacity_provider_arn(s: &str) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    let [arn, partition, service, region, account, kind, name] = parts.as_slice() else {
        return false;
    };
    s.len() <= 140
        && *arn == "arn"
        && arn::is_partition(partition)
        && *service == "lambda"
        && arn::is_region(region)
        && arn::is_account(account)
        && *kind == "capacity-provider"
        && is_name_chars(name)
}

/// `"a"`, `"a" and "b"`, `"a", "b" and "c"`.
pub(super) fn quoted_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("\"{i}\"")).collect();
    crate::diagnostics::and_list(&quoted)
}

/// The diagnostics of a config that failed to load: the loader's, plus what validation finds in
/// the rest of the config, except where a loading error already covers the same place or the
/// same setting (a misspelt key would otherwise also read as a missing one, a bad
/// `provider.runtime` as the default runtime).
pub(crate) fn after_loading_errors(loaded: Diagnostics, service: &ServiceData) -> Diagnostics {
    // A value a rejected plugin owns (its note) failed to load as much as a wrong one.
    let failed: Vec<&str> =
        (loaded.iter()).filter(|d| d.is_error() || d.code == codes::PLUGIN_VALUE).map(|d| d.path.as_str()).collect();
    let overlaps = |a: &str, b: &str| {
        let setting = |path: &str| path.rsplit('.').next().unwrap_or_default().to_string();
        // The same setting of another function is another cause; the provider's (inherited) is not.
        fn function(path: &str) -> Option<&str> {
            path.strip_prefix("functions.").and_then(|rest| rest.split(['.', '[']).next())
        }
        let related = match (function(a), function(b)) {
            (Some(fa), Some(fb)) => fa == fb,
            _ => true,
        };
        within(b, a) || within(a, b) || (setting(a) == setting(b) && related)
    };
    // `image: <name>` names an image of `provider.ecr.images`: with `provider.ecr` rejected, the
    // name is not also an unpinned image URI.
    let ecr_rejected = failed.iter().any(|p| p.starts_with("provider.ecr"));
    let ecr_image = |d: &Diagnostic| {
        ecr_rejected && d.code == codes::LAMBDA_INVALID_FUNCTION_PROPERTY && d.path.ends_with(".image")
    };
    // A function whose `image` was rejected is an image function all the same: its runtime (the
    // provider's or the default one) is not also an unsupported Managed Instances runtime.
    let image_function = |d: &Diagnostic| {
        d.code == codes::LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_RUNTIME
            && d.path.strip_suffix(".runtime").is_some_and(|f| failed.contains(&format!("{f}.image").as_str()))
    };
    let mut validated = Diagnostics::new();
    for d in validate(service) {
        if d.is_error() && !failed.iter().any(|p| overlaps(p, &d.path)) && !ecr_image(&d) && !image_function(&d) {
            validated.push(d);
        }
    }
    in_reference_order(loaded, validated, &Resolved::new(&service.config))
}

/// Merges the loader's and validation's diagnostics so that the reference framework's own rules
/// come first in the reference's evaluation order (capacity providers in order, rules 1–3; then
/// functions in order: handler/image, memory, missing name, `memoryPerVCpu`, scaling, file
/// system), whichever stage found them; everything else follows in the order found.
fn in_reference_order(loaded: Diagnostics, validated: Diagnostics, r: &Resolved<'_>) -> Diagnostics {
    let cp_rank = |code: &str| match code {
        codes::LAMBDA_CAPACITY_PROVIDER_MANUAL_SCALING_REQUIRES_POLICIES => Some(1),
        codes::LAMBDA_CAPACITY_PROVIDER_INVALID_INSTANCE_REQUIREMENTS => Some(2),
        codes::LAMBDA_CAPACITY_PROVIDER_MISSING_VPC => Some(3),
        _ => None,
    };
    let fn_rank = |code: &str| match code {
        codes::FUNCTION_NEITHER_HANDLER_NOR_IMAGE_DEFINED_ERROR
        | codes::FUNCTION_BOTH_HANDLER_AND_IMAGE_DEFINED_ERROR => Some(0),
        codes::LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY_SIZE | codes::LAMBDA_INVALID_MEMORY_SIZE => Some(1),
        codes::LAMBDA_MANAGED_INSTANCES_MISSING_NAME => Some(2),
        codes::LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY => Some(3),
        codes::LAMBDA_MANAGED_INSTANCES_INVALID_SCALING_CONFIG => Some(4),
        codes::LAMBDA_FILE_SYSTEM_CONFIG_WITH_CAPACITY_PROVIDER => Some(5),
        _ => None,
    };
    fn owner<'n>(path: &str, prefix: &str, mut names: impl Iterator<Item = &'n str>) -> Option<usize> {
        let rest = path.strip_prefix(prefix)?;
        names.position(|n| rest.strip_prefix(n).is_some_and(|tail| tail.is_empty() || tail.starts_with('.')))
    }
    let key = |d: &Diagnostic| -> Option<(u8, usize, u8)> {
        if let Some(rank) = cp_rank(d.code) {
            let index = owner(&d.path, "provider.capacityProviders.", r.capacity_providers.iter().map(|(n, _)| *n));
            return Some((0, index.unwrap_or(usize::MAX), rank));
        }
        let rank = fn_rank(d.code)?;
        let index = owner(&d.path, "functions.", r.functions.iter().map(|(k, _)| *k));
        Some((1, index.unwrap_or(usize::MAX), rank))
    };
    let (mut reference, mut rest): (Vec<_>, Vec<_>) = (Vec::new(), Vec::new());
    for d in loaded.into_iter().chain(validated) {
        match key(&d) {
            Some(k) if d.is_error() => reference.push((k, d)),
            _ => rest.push(d),
        }
    }
    reference.sort_by_key(|(k, _)| *k);
    let mut out = Diagnostics::new();
    for d in reference.into_iter().map(|(_, d)| d).chain(rest) {
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arns() {
        assert!(is_role_arn("arn:aws:iam::123456789012:role/MyOperatorRole"));
        assert!(is_role_arn("arn:aws-cn:iam::123456789012:role/path/to/R+=,.@-_"));
        assert!(is_role_arn("arn::iam::123456789012:role/R"));
        assert!(!is_role_arn("arn:aws:iam::123456789012:user/bob"));
        assert!(!is_role_arn("arn:aws:iam::12345678901:role/R"));
        assert!(!is_role_arn("arn:aws:iam::123456789012:role"));
        assert!(!is_role_arn("arn:aws:iam::123456789012:role/"));
        assert!(!is_role_arn("arn:aws:iam::123456789012:roleX/R"));
        assert!(!is_role_arn("arn:gcp:iam::123456789012:role/R"));
        assert!(!is_role_arn("arn:aws:iam::123456789012:role/R R"));
        assert!(!is_role_arn("MyRole"));
    }

    #[test]
    fn kms_key_arns() {
        assert!(is_kms_key_arn("arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012"));
        assert!(is_kms_key_arn("arn:aws-cn:kms:cn-north-1:123456789012:alias/my/key_1"));
        assert!(is_kms_key_arn("arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef"));
        for bad in [
            "arn:aws:kms:us-east-1:123456789012:key/",
            "arn:aws:kms:us-east-1:123456789012:key/a b",
            "arn:aws:kms:us-east-1:123456789012:key/${AWS::AccountId}",
            "arn:aws:kms:us-east-1:123456789012:key/line\nbreak",
            "arn:aws:kms:us-east-1:1234:key/x",
            "arn:aws:s3:::bucket",
            "alias/my-key",
        ] {
            assert!(!is_kms_key_arn(bad), "{bad}");
        }
    }

    #[test]
    fn capacity_provider_arns() {
        let ok = [
            "arn:aws:lambda:us-east-1:123456789012:capacity-provider:shared",
            "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:capacity-provider:a_b-c",
            "arn:aws-iso-b:lambda:us-isob-east-1:123456789012:capacity-provider:x",
            "arn:aws:lambda:eusc-de-east-1:123456789012:capacity-provider:x",
            "arn:aws:lambda:us-iso-east-1:123456789012:capacity-provider:x",
            "arn:aws:lambda:us-gov-1:123456789012:capacity-provider:x",
        ];
        for a in ok {
            assert!(is_capacity_provider_arn(a), "{a}");
        }
        let bad = [
            "arn:aws:lambda:us-east-1:123456789012:function:foo",
            "arn:aws:lambda:us-east-1:12345678901:capacity-provider:x",
            "arn:aws:lambda:us-east-12:123456789012:capacity-provider:x",
            "arn:aws:lambda:useast-1:123456789012:capacity-provider:x",
            "arn:aws:lambda:us-east-1:123456789012:capacity-provider:",
            "arn:aws:lambda:us-east-1:123456789012:capacity-provider:a.b",
            "arn:aws:ec2:us-east-1:123456789012:capacity-provider:x",
            "arn:azure:lambda:us-east-1:123456789012:capacity-provider:x",
        ];
        for a in bad {
            assert!(!is_capacity_provider_arn(a), "{a}");
        }
        let long = format!("arn:aws:lambda:us-east-1:123456789012:capacity-provider:{}", "x".repeat(100));
        assert!(!is_capacity_provider_arn(&long));
    }

    #[test]
    fn lists() {
        assert_eq!(quoted_list(&["a"]), "\"a\"");
        assert_eq!(quoted_list(&["a", "b"]), "\"a\" and \"b\"");
        assert_eq!(quoted_list(&["a", "b", "c"]), "\"a\", \"b\" and \"c\"");
    }
}
