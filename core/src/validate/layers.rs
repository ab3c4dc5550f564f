//! Rules on top-level `layers` and the functions' `Ref`s to them (serverless-iam-and-surface.md
//! §9.2; limits from AWS::Lambda::LayerVersion and the reference's schema in provider.js).

use indexmap::IndexMap;

use super::{is_logical_id, quoted_list};
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::{CompatibleRuntime, Expr, Intrinsic, Layer};
use crate::naming;
use crate::resolve::Resolved;

/// `CompatibleRuntimes`: at most 15 (Lambda's limit, and the reference's schema `maxItems`).
const MAX_RUNTIMES: usize = 15;
/// `Description`: at most 256 characters.
const MAX_DESCRIPTION: usize = 256;
/// `LicenseInfo`: at most 512 characters.
const MAX_LICENSE: usize = 512;
/// `LayerName`: at most 140 characters.
const MAX_NAME: usize = 140;

pub(super) fn check(r: &Resolved<'_>, out: &mut Diagnostics) {
    let layers = &r.config.layers;
    for (key, layer) in layers {
        check_layer(key, layer, out);
    }
    check_ids(layers, out);
    check_refs(r, out);
}

fn invalid(path: String, message: String, help: &str) -> Diagnostic {
    Diagnostic::error(codes::LAYER_INVALID_PROPERTY, path, message).with_help(help)
}

fn check_layer(key: &str, layer: &Layer, out: &mut Diagnostics) {
    let at = |k: &str| format!("layers.{key}.{k}");
    if layer.path.is_none() && layer.package.artifact.is_none() {
        out.push(
            Diagnostic::error(
                codes::LAYER_NO_CONTENT,
                format!("layers.{key}"),
                format!("layer \"{key}\" has neither `path` nor `package.artifact`, so it has no content to publish"),
            )
            .with_help(format!(
                "set layers.{key}.path to the directory holding the layer's files (`stackwright package` zips it), \
                 or layers.{key}.package.artifact to a zip you built"
            )),
        );
    }
    for (i, runtime) in layer.compatible_runtimes.iter().flatten().enumerate() {
        if let CompatibleRuntime::Retired(retired) = runtime
            && !retired.layer_compatible()
        {
            out.push(invalid(
                format!("layers.{key}.compatibleRuntimes[{i}]"),
                format!("layer \"{key}\" lists runtime {retired}, which Lambda does not take in a layer's compatible runtimes"),
                ".NET 5 and 7 only ever ran as container images: list dotnet8 or dotnet10",
            ));
        }
    }
    if let Some(runtimes) = &layer.compatible_runtimes
        && runtimes.len() > MAX_RUNTIMES
    {
        out.push(invalid(
            at("compatibleRuntimes"),
            format!("layer \"{key}\" lists {} compatible runtimes; Lambda allows at most {MAX_RUNTIMES}", runtimes.len()),
            "list only the runtimes of the functions that use the layer (the list is informational: a function of another runtime may still use it)",
        ));
    }
    if let Some(archs) = &layer.compatible_architectures {
        let repeated = archs.iter().enumerate().any(|(i, a)| archs[..i].contains(a));
        if archs.len() > 2 || repeated {
            let found: Vec<&str> = archs.iter().map(|a| a.as_str()).collect();
            out.push(invalid(
                at("compatibleArchitectures"),
                format!(
                    "layer \"{key}\" lists the architectures [{}]; Lambda allows each of x86_64 and arm64 at most once",
                    found.join(", ")
                ),
                "list x86_64, arm64 or both, each once",
            ));
        }
    }
    if let Some(name) = &layer.name
        && !is_layer_name(name)
    {
        out.push(invalid(
            at("name"),
            format!(
                "layer name \"{name}\" is not valid: Lambda takes 1 to {MAX_NAME} characters out of letters, digits, '-' and '_' (or a layer ARN `arn:<partition>:lambda:<region>:<account>:layer:<name>`)"
            ),
            "rename the layer using letters, digits, '-' and '_', or leave `name` out to use the key",
        ));
    }
    for (k, value, limit) in
        [("description", &layer.description, MAX_DESCRIPTION), ("licenseInfo", &layer.license_info, MAX_LICENSE)]
    {
        if let Some(text) = value
            && text.chars().count() > limit
        {
            out.push(invalid(
                at(k),
                format!(
                    "the {k} of layer \"{key}\" has {} characters; Lambda allows at most {limit}",
                    text.chars().count()
                ),
                "shorten it",
            ));
        }
    }
    for (i, account) in layer.allowed_accounts.iter().flatten().enumerate() {
        let path = format!("{}[{i}]", at("allowedAccounts"));
        if account.strip_prefix("arn:").is_some_and(|rest| rest.ends_with(":root")) {
            out.push(invalid(
                path,
                format!(
                    "allowed account \"{account}\" of layer \"{key}\" is an ARN: the reference puts it into the permission's logical ID \"{}\", which CloudFormation rejects (logical IDs are letters and digits)",
                    naming::layer_permission_logical_id(key, account)
                ),
                "give the 12-digit account ID instead of its root ARN",
            ));
        } else if !(account == "*" || crate::arn::is_account(account)) {
            out.push(invalid(
                path,
                format!("allowed account \"{account}\" of layer \"{key}\" is not a 12-digit AWS account ID or `*`"),
                "give a 12-digit account ID such as 123456789012, or `*` for every account",
            ));
        }
    }
}

/// `^((arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+)$`, 1 to
/// 140 characters (the reference's schema and `AWS::Lambda::LayerVersion.LayerName`).
fn is_layer_name(name: &str) -> bool {
    let word = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let part = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let arn = || {
        let p: Vec<&str> = name.splitn(7, ':').collect();
        p.len() == 7
            && p[0] == "arn"
            && part(p[1])
            && p[2] == "lambda"
            && part(p[3])
            && crate::arn::is_account(p[4])
            && p[5] == "layer"
            && word(p[6])
    };
    name.len() <= MAX_NAME && (word(name) || arn())
}

/// Every layer's logical IDs valid, and no two layers with one logical ID.
fn check_ids(layers: &IndexMap<String, Layer>, out: &mut Diagnostics) {
    let mut by_id: IndexMap<String, Vec<&str>> = IndexMap::new();
    for (key, layer) in layers {
        let id = naming::layer_logical_id(key);
        // The longest derived ID: the retained layer's (40 hex digits of SHA-1) or the ARN output's.
        let longest =
            if layer.retain == Some(true) { id.clone() + &"0".repeat(40) } else { id.clone() + "QualifiedArn" };
        if !is_logical_id(&longest) {
            out.push(
                Diagnostic::error(
                    codes::INVALID_LOGICAL_ID,
                    format!("layers.{key}"),
                    format!(
                        "layer \"{key}\" gets the logical ID \"{id}\", which CloudFormation rejects: logical IDs are letters and digits, and its derived IDs at most 255 characters"
                    ),
                )
                .with_help("rename the layer using letters and digits ('-' and '_' are allowed: they become Dash and Underscore)"),
            );
        }
        by_id.entry(id).or_default().push(key);
    }
    for (id, keys) in by_id.iter().filter(|(_, k)| k.len() > 1) {
        out.push(
            Diagnostic::error(
                codes::LOGICAL_ID_COLLISION,
                format!("layers.{}", keys[1]),
                format!("Layers {} all get the logical ID \"{id}\"; the later one would silently replace the earlier.", quoted_list(keys)),
            )
            .with_help("Rename one of them so the names differ after normalization ('-' → Dash, '_' → Underscore, first letter upper-cased)."),
        );
    }
}

/// A function's `{Ref: <Name>LambdaLayer}` must name a layer of `layers` that keeps that logical
/// ID (not a retained one), unless the user's own resources or parameters define the ID.
fn check_refs(r: &Resolved<'_>, out: &mut Diagnostics) {
    let layers = &r.config.layers;
    let defined: Vec<(String, &str, bool)> =
        layers.iter().map(|(key, l)| (naming::layer_logical_id(key), key.as_str(), l.retain == Some(true))).collect();
    let user = &r.config.resources;
    let mut lists: Vec<(String, &Vec<Expr>)> = Vec::new();
    if let Some(list) = &r.config.provider.layers {
        lists.push(("provider.layers".into(), list));
    }
    for (key, f) in &r.config.functions {
        if let Some(list) = &f.layers {
            lists.push((format!("functions.{key}.layers"), list));
        }
    }
    for (path, list) in lists {
        for (i, layer) in list.iter().enumerate() {
            let Expr::Fn(intrinsic) = layer else { continue };
            let Intrinsic::Ref(id) = intrinsic.as_ref() else { continue };
            if user.resources.contains_key(id) || user.parameters.contains_key(id) {
                continue;
            }
            let at = format!("{path}[{i}]");
            match defined.iter().find(|(d, _, _)| d == id) {
                Some((_, _, false)) => {}
                Some((_, key, true)) => out.push(
                    Diagnostic::error(
                        codes::LAYER_UNDEFINED,
                        at,
                        format!(
                            "`Ref: {id}` names layer \"{key}\", which has `retain: true`: its logical ID is \"{id}<hash of its content>\", so \"{id}\" does not exist and CloudFormation rejects the template"
                        ),
                    )
                    .with_help(format!(
                        "remove `retain` from layers.{key} to reference it from this service, or publish it from another stack and give its version ARN"
                    )),
                ),
                None if id.ends_with("LambdaLayer") => {
                    let ids: Vec<&str> = defined.iter().map(|(d, _, _)| d.as_str()).collect();
                    let mut help = match did_you_mean(id, ids.iter().copied()) {
                        Some(m) => format!("did you mean `Ref: {m}`? "),
                        // The layer serverless-python-requirements adds (plugins/python_requirements.rs).
                        None if *id == naming::layer_logical_id("pythonRequirements") => {
                            "serverless-python-requirements adds this layer when it is listed under `plugins` and \
                             `custom.pythonRequirements.layer` is set; or "
                                .to_string()
                        }
                        None => String::new(),
                    };
                    help.push_str(&format!(
                        "define the layer under `layers` (`layers.<name>` becomes `<Name>LambdaLayer`), or give a layer version ARN; defined layers: {}",
                        if ids.is_empty() { "none".to_string() } else { quoted_list(&ids) }
                    ));
                    out.push(
                        Diagnostic::error(
                            codes::LAYER_UNDEFINED,
                            at,
                            format!("`Ref: {id}` names a layer that `layers` does not define"),
                        )
                        .with_help(help),
                    );
                }
                None => {}
            }
        }
    }
}
