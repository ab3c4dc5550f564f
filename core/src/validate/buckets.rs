//! S3 buckets the template creates (the `provider.s3` entries s3 events use, and the user's
//! `AWS::S3::Bucket` resources): settings S3 refuses when it creates the bucket.

use serde_json::{Map, Value};

use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
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
                        && e.config.get("existing").and_then(Value::as_bool) != Some(true)
                })
            });
            if let (true, Value::Object(settings)) = (used, entry) {
                check_acl(settings, &crate::config_path::join("provider.s3", key), out);
            }
        }
    }
    for (id, resource) in &r.config.resources.resources {
        if resource.get("Type").and_then(Value::as_str) == Some("AWS::S3::Bucket")
            && let Some(Value::Object(properties)) = resource.get("Properties")
        {
            let path = crate::config_path::join(&crate::config_path::join("resources.Resources", id), "Properties");
            check_acl(properties, &path, out);
        }
    }
}

/// A key of `map` as CloudFormation spells it or with its first letter lower-cased (`provider.s3`
/// entries are upper-cased at their first level only).
fn get<'m>(map: &'m Map<String, Value>, name: &'static str) -> Option<(&'m String, &'m Value)> {
    let (first, rest) = name.split_at(1);
    let lower = [first.to_ascii_lowercase().as_str(), rest].concat();
    map.iter().find(|(k, _)| k.as_str() == name || **k == lower)
}

/// An ACL other than `Private` needs ACLs, which S3 disables on new buckets (Object Ownership
/// `BucketOwnerEnforced`, since April 2023) unless `OwnershipControls` enables them: the bucket's
/// creation fails ("Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced
/// setting").
fn check_acl(settings: &Map<String, Value>, path: &str, out: &mut Diagnostics) {
    let Some((key, Value::String(acl))) = get(settings, "AccessControl") else { return };
    if WITHOUT_ACLS.contains(&acl.as_str()) {
        return;
    }
    let acls_enabled = get(settings, "OwnershipControls")
        .and_then(|(_, c)| c.as_object())
        .and_then(|c| get(c, "Rules"))
        .and_then(|(_, rules)| rules.as_array())
        .is_some_and(|rules| {
            rules.iter().filter_map(Value::as_object).any(|rule| {
                get(rule, "ObjectOwnership")
                    .is_some_and(|(_, o)| matches!(o.as_str(), Some("ObjectWriter" | "BucketOwnerPreferred")))
            })
        });
    if acls_enabled {
        return;
    }
    out.push(
        Diagnostic::error(
            codes::CONFIG_INVALID_VALUE,
            crate::config_path::join(path, key),
            format!(
                "`{key}: {acl}` needs ACLs, and S3 creates buckets with ACLs disabled (Object Ownership \
                 `BucketOwnerEnforced`): creating the bucket fails"
            ),
        )
        .with_help(
            "grant access with a bucket policy and remove the ACL, or enable ACLs with `OwnershipControls: {Rules: \
             [{ObjectOwnership: ObjectWriter}]}` (a public ACL also needs a `PublicAccessBlockConfiguration` that \
             allows it)",
        ),
    );
}
