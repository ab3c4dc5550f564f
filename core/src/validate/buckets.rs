//! S3 buckets the template creates (the `provider.s3` entries s3 events use, and the user's
//! `AWS::S3::Bucket` resources): settings S3 refuses when it creates the bucket.

use serde_json::{Map, Value};

use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::reader::has_intrinsic_key;
use crate::resolve::Resolved;

/// Canned ACLs a bucket with ACLs disabled still takes.
const WITHOUT_ACLS: &[&str] = &["Private", "BucketOwnerFullControl"];

pub(super) fn check(r: &Resolved<'_>, out: &mut Diagnostics) {
    if let Some(Value::Object(entries)) = r.config.provider.apis.get("s3") {
        for (key, entry) in entries {
            let used = r.functions.iter().any(|(_, f)| {
                f.events.iter().any(|e| {
                    e.kind == "s3"
                        && e.config.get("bucket").and_then(Value::as_str) == Some(key.as_str())
                        && !crate::events::s3::existing(&e.config)
                })
            });
            if let (true, Value::Object(settings)) = (used, entry) {
                check_acl(settings, &crate::config_path::join("provider.s3", key), out);
                check_properties(settings, &crate::config_path::join("provider.s3", key), out);
            }
        }
    }
    for (_, properties, path) in super::user_resources(r, |t| t == "AWS::S3::Bucket") {
        check_acl(properties, &path, out);
    }
}

/// A `provider.s3` entry's keys other than `name` become the bucket's properties, first letter
/// upper-cased, whatever they are (the reference's schema warns about a key it does not list, and
/// writes it all the same): one the bucket does not have makes CloudFormation refuse the template.
fn check_properties(settings: &Map<String, Value>, path: &str, out: &mut Diagnostics) {
    let Some(bucket) = crate::cfn::resource_type("AWS::S3::Bucket") else { return };
    for key in settings.keys().filter(|k| k.as_str() != "name") {
        let property = crate::naming::upper_first(key);
        if bucket.takes(&property) {
            let value = &settings[key.as_str()];
            crate::cfn::shape::check_property(
                bucket,
                &property,
                value,
                &crate::config_path::join(path, key),
                false,
                out,
            );
            continue;
        }
        // `versioning` for `versioningConfiguration`, as the key is written.
        let help = match bucket.nearest(&property).map(lower_first) {
            Some(s) => format!("did you mean `{s}`? Or remove `{key}`"),
            None => format!(
                "remove `{key}`; the bucket's properties are those of AWS::S3::Bucket, first letter lower-cased (`versioningConfiguration`)"
            ),
        };
        out.push(
            Diagnostic::error(
                codes::CONFIG_INVALID_VALUE,
                crate::config_path::join(path, key),
                format!(
                    "`{key}` becomes the bucket property `{property}`, which AWS::S3::Bucket does not have: CloudFormation refuses the template"
                ),
            )
            .with_help(help),
        );
    }
}

/// A key of `map` as CloudFormation spells it or with its first letter lower-cased (`provider.s3`
/// entries are upper-cased at their first level only).
fn get<'m>(map: &'m Map<String, Value>, name: &'static str) -> Option<(&'m String, &'m Value)> {
    let lower = lower_first(name);
    map.iter().find(|(k, _)| k.as_str() == name || **k == lower)
}

/// A CloudFormation property name as a `provider.s3` key is written (`VersioningConfiguration`:
/// `versioningConfiguration`).
fn lower_first(property: &str) -> String {
    let (first, rest) = property.split_at(1);
    [first.to_ascii_lowercase().as_str(), rest].concat()
}

/// An ACL other than `Private` (or `BucketOwnerFullControl`) needs ACLs, which S3 disables on
/// new buckets (Object Ownership `BucketOwnerEnforced`, since April 2023) unless
/// `OwnershipControls` enables them: the bucket's creation fails ("Bucket cannot have ACLs set with
/// ObjectOwnership's BucketOwnerEnforced setting"). A public one also needs Block Public Access,
/// on by default, to let public ACLs through. Settings given by an intrinsic function are left to
/// CloudFormation.
fn check_acl(settings: &Map<String, Value>, path: &str, out: &mut Diagnostics) {
    let Some((key, Value::String(acl))) = get(settings, "AccessControl") else { return };
    if WITHOUT_ACLS.contains(&acl.as_str()) {
        return;
    }
    let at = crate::config_path::join(path, key);
    let literal = |v: &Value| !v.as_object().is_some_and(has_intrinsic_key);
    let ownership = get(settings, "OwnershipControls").map(|(_, c)| c);
    let rules = ownership.and_then(Value::as_object).and_then(|c| get(c, "Rules")).map(|(_, r)| r);
    let owners: Vec<&Value> = rules
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|rule| rule.as_object().and_then(|r| get(r, "ObjectOwnership")).map(|(_, o)| o))
        .collect();
    if !ownership.is_none_or(literal) || !rules.is_none_or(literal) || !owners.iter().all(|o| literal(o)) {
        return;
    }
    let acls_enabled = owners.iter().any(|o| matches!(o.as_str(), Some("ObjectWriter" | "BucketOwnerPreferred")));
    if !acls_enabled {
        out.push(
            Diagnostic::error(
                codes::CONFIG_INVALID_VALUE,
                at,
                format!(
                    "`{key}: {acl}` needs ACLs, and S3 creates buckets with ACLs disabled (Object Ownership \
                     `BucketOwnerEnforced`): creating the bucket fails"
                ),
            )
            .with_help(
                "grant access with a bucket policy and remove the ACL, or enable ACLs with `OwnershipControls: \
                 {Rules: [{ObjectOwnership: ObjectWriter}]}` (a public ACL also needs a \
                 `PublicAccessBlockConfiguration` with `BlockPublicAcls: false`)",
            ),
        );
        return;
    }
    if !matches!(acl.as_str(), "PublicRead" | "PublicReadWrite") {
        return;
    }
    let block = get(settings, "PublicAccessBlockConfiguration").map(|(_, b)| b);
    let blocks = match block {
        None => true,
        Some(b) if !literal(b) => return,
        Some(b) => match b.as_object().and_then(|b| get(b, "BlockPublicAcls")).map(|(_, v)| v) {
            Some(Value::Bool(false)) => false,
            Some(v) if !literal(v) || v.is_string() => return,
            _ => true,
        },
    };
    if blocks {
        out.push(
            Diagnostic::error(
                codes::CONFIG_INVALID_VALUE,
                at,
                format!(
                    "`{key}: {acl}` is a public ACL, and S3 blocks public ACLs on new buckets (Block Public \
                     Access, on by default): creating the bucket fails"
                ),
            )
            .with_help(
                "grant public read with a bucket policy (and `PublicAccessBlockConfiguration` allowing public \
                 policies), or add `PublicAccessBlockConfiguration: {BlockPublicAcls: false}`",
            ),
        );
    }
}
