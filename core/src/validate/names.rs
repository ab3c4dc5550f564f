//! Rules on names: service and stage, logical IDs, physical names, collisions.

use std::collections::HashMap;

use indexmap::IndexMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::naming;
use crate::resolve::Resolved;

use super::{is_logical_id, is_name_chars, quoted_list};
use crate::codes;

pub(super) fn check(r: &Resolved<'_>, out: &mut Diagnostics) {
    let normalized: Vec<String> = r.functions.iter().map(|(k, _)| naming::normalize(k)).collect();
    check_service_and_stage(r, out);
    check_deployment_bucket(r, out);
    check_logical_ids(r, &normalized, out);
    check_physical_names(r, out);
    check_collisions(r, &normalized, out);
}

fn check_service_and_stage(r: &Resolved<'_>, out: &mut Diagnostics) {
    let service = r.service();
    let mut bytes = service.bytes();
    let ok = bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && service.len() >= 2
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !ok {
        out.push(
            Diagnostic::error(
                codes::INVALID_SERVICE_NAME,
                "service",
                format!(
                    "Service name \"{service}\" is not valid: it must start with a letter and contain at least two \
                     characters out of letters, digits and '-'."
                ),
            )
            .with_help("Rename the service, e.g. my-service; it becomes part of the stack and resource names."),
        );
    }
    let stage = r.stage;
    if stage.is_empty() || !stage.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        out.push(
            Diagnostic::error(
                codes::INVALID_SERVICE_NAME,
                "provider.stage",
                format!("Stage \"{stage}\" is not valid: it may contain only letters, digits and '-'."),
            )
            .with_help("Use a stage such as dev or prod; it becomes part of the stack and resource names."),
        );
    }
    // The region is where the stack is deployed (and decides which services exist): a typo would
    // only fail at deploy time.
    if let Some(region) = r.config.provider.region.as_deref().filter(|region| !crate::arn::is_region(region)) {
        out.push(
            Diagnostic::error(
                codes::INVALID_REGION,
                "provider.region",
                format!("Region \"{region}\" is not an AWS region name (such as us-east-1 or eu-west-2)."),
            )
            .with_help("Use the region's code, e.g. us-east-1; see `aws ec2 describe-regions`."),
        );
    }
}

/// S3 bucket naming rules (general purpose buckets): 3 to 63 characters out of lower-case
/// letters, digits, '.' and '-', starting and ending with a letter or digit, no "..", not an IP
/// address.
fn is_bucket_name(name: &str) -> bool {
    let b = name.as_bytes();
    let edge_ok = |c: Option<&u8>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=63).contains(&b.len())
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'.' || *c == b'-')
        && edge_ok(b.first())
        && edge_ok(b.last())
        && !name.contains("..")
        && name.parse::<std::net::Ipv4Addr>().is_err()
}

fn check_deployment_bucket(r: &Resolved<'_>, out: &mut Diagnostics) {
    let Some(bucket) = &r.config.provider.deployment_bucket else { return };
    if !is_bucket_name(bucket) {
        out.push(
            Diagnostic::error(
                codes::INVALID_DEPLOYMENT_BUCKET,
                "provider.deploymentBucket",
                format!(
                    "Deployment bucket \"{bucket}\" is not a valid S3 bucket name: 3 to 63 characters out of lower-case \
                     letters, digits, '.' and '-', starting and ending with a letter or digit."
                ),
            )
            .with_help("Use the name of an existing bucket, e.g. my-service-deployments-us-east-1."),
        );
    }
}

fn invalid_id_message(kind: &str, key: &str, id: &str) -> String {
    let why = if id.len() > 255 {
        format!("it has {} characters, more than 255", id.len())
    } else {
        "it is not alphanumeric (A-Z, a-z, 0-9)".to_string()
    };
    format!("{kind} \"{key}\" produces the CloudFormation logical ID \"{id}\", which is not valid: {why}.")
}

fn check_logical_ids(r: &Resolved<'_>, normalized: &[String], out: &mut Diagnostics) {
    for (name, _) in &r.capacity_providers {
        let id = naming::capacity_provider_logical_id(name);
        if !is_logical_id(&id) {
            out.push(
                Diagnostic::error(
                    codes::INVALID_LOGICAL_ID,
                    format!("provider.capacityProviders.{name}"),
                    invalid_id_message("Capacity provider", name, &id),
                )
                .with_help(
                    "Rename the capacity provider using letters and digits ('-' and '_' are allowed: they \
                     become Dash and Underscore in the logical ID).",
                ),
            );
        }
    }
    for ((key, f), norm) in r.functions.iter().zip(normalized) {
        // Every derived ID is `<normalized key><suffix>`: the characters are those of the
        // normalized key, the length is the longest suffix's.
        let chars_ok = norm.bytes().all(|b| b.is_ascii_alphanumeric());
        let mut longest = "LambdaFunction".len();
        if crate::resolve::provisioned(f).is_some() {
            longest = "ProvConcLambdaAlias".len();
        }
        if r.versioned(f) || crate::resolve::provisioned(f).is_some() {
            // `<key>LambdaVersion<digest>`: the digest keeps at most 43 of its 44 base64 characters.
            longest = "LambdaVersion".len() + 43;
        }
        if chars_ok && norm.len() + longest <= 255 {
            continue;
        }
        let mut ids = vec![naming::function_logical_id(key), naming::log_group_logical_id(key)];
        if crate::resolve::provisioned(f).is_some() {
            ids.push(naming::provisioned_concurrency_alias_logical_id(key));
        }
        if r.versioned(f) || crate::resolve::provisioned(f).is_some() {
            ids.push(naming::version_output_logical_id(key));
            ids.push(naming::version_logical_id(key, &"A".repeat(43)));
        }
        if let Some(id) = ids.iter().find(|id| !is_logical_id(id)) {
            out.push(
                Diagnostic::error(
                    codes::INVALID_LOGICAL_ID,
                    format!("functions.{key}"),
                    invalid_id_message("Function", key, id),
                )
                .with_help(
                    "Rename the function key using letters and digits ('-' and '_' are allowed: they become \
                     Dash and Underscore in the logical ID).",
                ),
            );
        }
    }
}

fn check_physical_names(r: &Resolved<'_>, out: &mut Diagnostics) {
    // `<service>-<stage>-`; the service and stage parts are checked by their own rules.
    let prefix_len = r.service().chars().count() + r.stage.chars().count() + 2;
    for (name, _) in &r.capacity_providers {
        let len = prefix_len + name.chars().count();
        if len > 140 || !is_name_chars(name) {
            let full = r.capacity_provider_name(name);
            let why = if len > 140 {
                format!("it has {len} characters, more than 140")
            } else {
                "it may contain only letters, digits, '-' and '_'".to_string()
            };
            out.push(
                Diagnostic::error(
                    codes::LAMBDA_CAPACITY_PROVIDER_INVALID_NAME,
                    format!("provider.capacityProviders.{name}"),
                    format!(
                        "Capacity provider \"{name}\" gets the CapacityProviderName \"{full}\", which is not \
                         valid: {why}."
                    ),
                )
                .with_help("Rename the capacity provider (the name is <service>-<stage>-<key>)."),
            );
        }
    }
    for (key, f) in &r.functions {
        let (len, chars_ok) = match &f.name {
            Some(n) => (n.chars().count(), is_name_chars(n)),
            None => (prefix_len + key.chars().count(), is_name_chars(key)),
        };
        if len > 64 || !chars_ok {
            let full = r.function_name(key, f);
            let path = if f.name.is_some() { format!("functions.{key}.name") } else { format!("functions.{key}") };
            let why = if len > 64 {
                format!("it has {len} characters, more than 64")
            } else {
                "it may contain only letters, digits, '-' and '_'".to_string()
            };
            let help = if f.name.is_some() {
                format!("Change functions.{key}.name.")
            } else {
                format!(
                    "Rename the function key, or set functions.{key}.name (the default is \
                     <service>-<stage>-<key>)."
                )
            };
            out.push(
                Diagnostic::error(
                    codes::LAMBDA_INVALID_FUNCTION_NAME,
                    path,
                    format!("Function \"{key}\" gets the function name \"{full}\", which is not valid: {why}."),
                )
                .with_help(help),
            );
        }
    }
}

fn check_collisions(r: &Resolved<'_>, normalized: &[String], out: &mut Diagnostics) {
    let mut cps: IndexMap<String, Vec<&str>> = IndexMap::new();
    for (name, _) in &r.capacity_providers {
        cps.entry(naming::capacity_provider_logical_id(name)).or_default().push(name);
    }
    for (id, names) in cps.iter().filter(|(_, n)| n.len() > 1) {
        out.push(
            Diagnostic::error(
                codes::LOGICAL_ID_COLLISION,
                format!("provider.capacityProviders.{}", names[1]),
                format!(
                    "Capacity providers {} all get the logical ID \"{id}\"; the later one would silently replace \
                     the earlier.",
                    quoted_list(names)
                ),
            )
            .with_help(
                "Rename one of them so the names differ after normalization ('-' → Dash, '_' → Underscore, \
                 first letter upper-cased).",
            ),
        );
    }

    let mut fns: HashMap<&str, Vec<usize>> = HashMap::with_capacity(normalized.len());
    for (i, norm) in normalized.iter().enumerate() {
        fns.entry(norm.as_str()).or_default().push(i);
    }
    let mut groups: Vec<&Vec<usize>> = fns.values().filter(|g| g.len() > 1).collect();
    groups.sort_unstable_by_key(|g| g[0]);
    for group in groups {
        let keys: Vec<&str> = group.iter().map(|i| r.functions[*i].0).collect();
        out.push(
            Diagnostic::error(
                codes::LOGICAL_ID_COLLISION,
                format!("functions.{}", keys[1]),
                format!(
                    "Functions {} all get the logical ID \"{}\"; the later one would silently replace the \
                     earlier.",
                    quoted_list(&keys),
                    naming::function_logical_id(keys[0])
                ),
            )
            .with_help(
                "Rename one of them so the keys differ after normalization ('-' → Dash, '_' → Underscore, \
                 first letter upper-cased).",
            ),
        );
    }

    // Deployed names: default names (`<service>-<stage>-<key>`) never collide with each other,
    // so every collision involves an explicit `name`.
    let prefix = format!("{}-", r.prefix());
    let mut explicit: IndexMap<&str, Vec<usize>> = IndexMap::new();
    for (i, (_, f)) in r.functions.iter().enumerate() {
        if let Some(n) = &f.name {
            explicit.entry(n.as_str()).or_default().push(i);
        }
    }
    let mut reported: Vec<(usize, String, Vec<usize>)> = Vec::new();
    for (name, idx) in &explicit {
        let mut owners = idx.clone();
        if let Some(key) = name.strip_prefix(prefix.as_str())
            && let Some(i) = r.functions.iter().position(|(k, f)| *k == key && f.name.is_none())
        {
            owners.push(i);
        }
        if owners.len() > 1 {
            owners.sort_unstable();
            reported.push((owners[0], (*name).to_string(), owners));
        }
    }
    reported.sort_by_key(|(first, _, _)| *first);
    for (_, name, owners) in reported {
        let keys: Vec<&str> = owners.iter().map(|i| r.functions[*i].0).collect();
        let (second, f) = r.functions[owners[1]];
        let path = if f.name.is_some() { format!("functions.{second}.name") } else { format!("functions.{second}") };
        out.push(
            Diagnostic::error(
                codes::LOGICAL_ID_COLLISION,
                path,
                format!(
                    "Functions {} all deploy as the Lambda function \"{name}\"; function names must be unique.",
                    quoted_list(&keys)
                ),
            )
            .with_help("Give each function its own name."),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::is_bucket_name;

    #[test]
    fn bucket_names() {
        for ok in ["my-bucket", "abc", "a.b-c", "my-service-deployments-us-east-1", &"a".repeat(63)] {
            assert!(is_bucket_name(ok), "{ok}");
        }
        for bad in [
            "ab",
            "My-Bucket",
            "a b",
            "-ab",
            "ab-",
            "a..b",
            "192.168.1.1",
            "a_b",
            "bucket${AWS::AccountId}",
            &"a".repeat(64),
        ] {
            assert!(!is_bucket_name(bad), "{bad}");
        }
    }
}
