//! Top-level `layers`: `<Name>LambdaLayer` (`AWS::Lambda::LayerVersion`), its
//! `LayerVersionPermission`s and its three outputs, as compile/layers.js makes them for a first
//! deploy (serverless-iam-and-surface.md §9.2). They come right after the execution role: the
//! reference compiles layers (`package:compileLayers`) before capacity providers and functions.
//!
//! The layer's hash is the hex SHA-1 of `JSON.stringify` of the resource without
//! `Properties.Content.S3Key`, followed by the zip's bytes. The reference then asks CloudFormation
//! for the deployed stack's `<Name>LambdaLayerHash` output and, when it is unchanged, reuses the
//! old S3 key; offline there is no deployed stack, so the S3 key is always the new artifact
//! directory's (README, "Deliberate differences"; `stackwright deploy` does that lookup).

use std::collections::HashMap;
use std::path::PathBuf;

use serde_json::{Map, Value, json};

use super::Doc;
use super::function::{Code, Uploads};
use crate::artifact::ArtifactHasher;
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Artifact, Layer};
use crate::naming;
use crate::resolve::Resolved;

/// A layer of this service as a function's version hash sees it (template-core §7.2).
pub(super) struct LocalLayer<'a> {
    /// The key in `layers` (the reference's `name` in `layerConfigurations`).
    pub key: &'a str,
    /// The resource's `Properties` without `Content.S3Key`.
    pub properties: Value,
    /// Base64 SHA-256 of the zip.
    pub sha256: String,
    /// The zip's path: the hash takes the layers' zips in this order.
    pub path: PathBuf,
}

/// The local layers by logical ID (`<Name>LambdaLayer`; retained layers have another ID, so no
/// `Ref` finds them, as in the reference).
pub(super) type LocalLayers<'a> = HashMap<String, LocalLayer<'a>>;

/// The zip of layer `key`: `package.artifact`, else the reference's `.serverless/<key>.zip`
/// (where `stackwright package` writes it).
pub(crate) fn layer_artifact(key: &str, layer: &Layer) -> Artifact {
    layer
        .package
        .artifact
        .clone()
        .unwrap_or_else(|| Artifact::file(PathBuf::from(".serverless").join(format!("{key}.zip"))))
}

/// Adds every layer with its permissions and outputs; records their uploads.
pub(super) fn add<'a>(
    doc: &mut Doc,
    r: &Resolved<'a>,
    code: &mut Code,
    uploads: &mut Uploads,
    diagnostics: &mut Diagnostics,
) -> LocalLayers<'a> {
    let mut local = LocalLayers::default();
    for (key, layer) in &r.config.layers {
        let artifact = layer_artifact(key, layer);
        let s3_key = [code.directory.as_str(), "/", &artifact.file_name()].concat();
        let mut properties = Map::new();
        properties.insert("Content".into(), json!({ "S3Bucket": code.bucket }));
        properties.insert("LayerName".into(), json!(layer.name.as_deref().filter(|n| !n.is_empty()).unwrap_or(key)));
        // JavaScript truthiness: an empty string or no value leaves the key out; an empty list is
        // kept.
        if let Some(d) = layer.description.as_deref().filter(|d| !d.is_empty()) {
            properties.insert("Description".into(), json!(d));
        }
        if let Some(l) = layer.license_info.as_deref().filter(|l| !l.is_empty()) {
            properties.insert("LicenseInfo".into(), json!(l));
        }
        if let Some(runtimes) = &layer.compatible_runtimes {
            properties.insert("CompatibleRuntimes".into(), json!(runtimes));
        }
        if let Some(archs) = &layer.compatible_architectures {
            properties.insert("CompatibleArchitectures".into(), json!(archs));
        }
        let mut resource = json!({ "Type": "AWS::Lambda::LayerVersion", "Properties": properties });
        let content = content(&mut code.hasher, key, layer, &artifact, diagnostics);
        let sha = crate::hash::sha1_hex(&[crate::json::to_compact_string(&resource).as_bytes(), &content.bytes]);
        if let Some(first) = uploads.add(code.hasher.resolve(&artifact), &code.bucket, &s3_key) {
            diagnostics.push(
                Diagnostic::error(
                    codes::ARTIFACT_S3_KEY_COLLISION,
                    format!("layers.{key}"),
                    format!(
                        "layer \"{key}\"'s zip {} would be uploaded to S3 key {s3_key}, where {} goes; one would overwrite the other",
                        code.hasher.resolve(&artifact).display(),
                        first.display()
                    ),
                )
                .with_help("give the two zips different file names (the S3 key ends in the zip's file name)"),
            );
        }
        let base_id = naming::layer_logical_id(key);
        let retain = layer.retain == Some(true);
        if !retain {
            local.insert(
                base_id.clone(),
                LocalLayer {
                    key,
                    properties: resource["Properties"].clone(),
                    sha256: content.sha256,
                    path: code.hasher.resolve(&artifact),
                },
            );
        }
        resource["Properties"]["Content"]["S3Key"] = json!(s3_key);
        let id = if retain { base_id.clone() + &sha } else { base_id.clone() };
        if retain {
            resource["DeletionPolicy"] = json!("Retain");
        }
        doc.add(id.clone(), resource);
        for account in layer.allowed_accounts.iter().flatten() {
            let mut permission = json!({
                "Type": "AWS::Lambda::LayerVersionPermission",
                "Properties": { "Action": "lambda:GetLayerVersion", "LayerVersionArn": { "Ref": id }, "Principal": account }
            });
            let mut permission_id = naming::layer_permission_logical_id(key, account);
            if retain {
                permission_id.push_str(&sha);
                permission["DeletionPolicy"] = json!("Retain");
            }
            doc.add(permission_id, permission);
        }
        doc.add_output(
            base_id.clone() + "QualifiedArn",
            json!({ "Description": "Current Lambda layer version", "Value": { "Ref": id } }),
        );
        doc.add_output(base_id.clone() + "Hash", json!({ "Description": "Current Lambda layer hash", "Value": sha }));
        doc.add_output(base_id + "S3Key", json!({ "Description": "Current Lambda layer S3Key", "Value": s3_key }));
    }
    local
}

/// The layer's zip, or an `ARTIFACT_ERROR` (and empty content, so synthesis goes on to report
/// the template's other errors).
fn content(
    hasher: &mut ArtifactHasher,
    key: &str,
    layer: &Layer,
    artifact: &Artifact,
    diagnostics: &mut Diagnostics,
) -> crate::artifact::Content {
    match hasher.content(artifact) {
        Ok(content) => content,
        Err(message) => {
            let (path, help) = match (&layer.package.artifact, &layer.path) {
                (Some(_), _) => (
                    format!("layers.{key}.package.artifact"),
                    "build the zip, or set layers.<name>.path and let `stackwright package` zip that directory"
                        .to_string(),
                ),
                (None, Some(dir)) => (
                    format!("layers.{key}"),
                    format!(
                        "run `stackwright package` (or `stackwright deploy`, which packages first; `Service::package` in Rust): it zips layers.{key}.path ({dir}), and `validate`/`synth` then use the zip it wrote to .serverless/"
                    ),
                ),
                (None, None) => {
                    (format!("layers.{key}"), format!("set layers.{key}.path or layers.{key}.package.artifact"))
                }
            };
            diagnostics.push(
                Diagnostic::error(codes::ARTIFACT_ERROR, path, format!("layer \"{key}\" has no zip: {message}"))
                    .with_help(help),
            );
            crate::artifact::Content { bytes: std::sync::Arc::from(&b""[..]), sha256: String::new() }
        }
    }
}
