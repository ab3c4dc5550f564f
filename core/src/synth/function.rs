//! `AWS::Lambda::Function` resources, their versions (with the reference's hash), provisioned
//! concurrency aliases and `QualifiedArn` outputs (template-core §6, §7; capacity providers §5).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use serde_json::{Value, json};

use super::layers::{LocalLayer, LocalLayers};
use super::{Doc, artifact_error};
use crate::artifact::{self, ArtifactHasher};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Expr, Function, RuntimeUpdateMode};
use crate::naming;
use crate::node::{self, Node};
use crate::resolve::{CpTarget, Resolved};
use crate::service_data::ServiceData;
use crate::synth::template::{Upload, UploadBucket};

/// Where function code lives: the bucket, the artifact directory and the artifact files.
pub(super) struct Code {
    pub bucket: Value,
    pub directory: String,
    pub hasher: ArtifactHasher,
}

impl Code {
    pub fn new(
        service: &ServiceData,
        r: &Resolved,
        bucket: Value,
        build_time_millis: u64,
        read_artifacts: bool,
    ) -> Self {
        Code {
            bucket,
            directory: r.artifact_directory(build_time_millis),
            hasher: ArtifactHasher::new(service.base_dir.as_deref(), !read_artifacts, &service.built_zips),
        }
    }
}

/// A function's version and extras (alias, URL, invoke config), emitted after all functions
/// (as in the reference).
struct PendingVersion<'a> {
    key: &'a str,
    f: &'a Function,
    function_id: String,
    code_sha256: String,
    /// `None`: no version is published.
    digest: Option<String>,
    description: Option<&'a str>,
    retain: bool,
    provisioned: Option<u32>,
}

/// Adds every function, then every version/alias and its output; returns the uploads (the
/// layers' first, in `uploads`) and, when `version_ids` is asked for, each published version's
/// logical ID by function key.
pub(super) fn add(
    doc: &mut Doc,
    r: &Resolved,
    code: Code,
    layers: &LocalLayers,
    mut uploads: Uploads,
    diagnostics: &mut Diagnostics,
    mut version_ids: Option<&mut Vec<(String, String)>>,
) -> Vec<Upload> {
    let Code { bucket, directory, mut hasher } = code;
    let mut missing = MissingArtifacts::default();
    let mut versions = Vec::with_capacity(r.functions.len());
    let mut hash_text = String::with_capacity(1024);
    for &(key, f) in &r.functions {
        let (code_node, sha) =
            source(r, (&directory, &bucket), &mut hasher, (key, f), (&mut uploads, &mut missing), diagnostics);
        let (function_id, resource, version) = function(r, (key, f), code_node, sha, layers, &mut hash_text);
        doc.add_node(function_id, resource, true);
        versions.push(version);
    }
    missing.report(r, diagnostics);
    for v in versions {
        let function_id = v.function_id.clone();
        let Some(digest) = &v.digest else {
            super::function_extras::add(doc, r, v.key, v.f);
            continue;
        };
        let version_id = naming::version_logical_id(v.key, digest);
        if let Some(ids) = version_ids.as_deref_mut() {
            ids.push((v.key.to_string(), version_id.clone()));
        }
        let mut props = vec![
            ("FunctionName", Node::reference(function_id.as_str())),
            ("CodeSha256", Node::string(v.code_sha256.clone())),
        ];
        if let Some(d) = v.description {
            props.push(("Description", Node::str(d)));
        }
        let mut resource = vec![("Type", Node::str("AWS::Lambda::Version"))];
        if v.retain {
            resource.push(("DeletionPolicy", Node::str("Retain")));
        }
        resource.push(("Properties", Node::Obj(props)));
        doc.add_node(version_id.clone(), Node::Obj(resource), false);
        if let Some(n) = v.provisioned {
            doc.add_generated(
                naming::provisioned_concurrency_alias_logical_id(v.key),
                json!({
                    "Type": "AWS::Lambda::Alias",
                    "Properties": {
                        "FunctionName": { "Ref": function_id },
                        "FunctionVersion": { "Fn::GetAtt": [version_id, "Version"] },
                        "Name": "provisioned",
                        "ProvisionedConcurrencyConfig": { "ProvisionedConcurrentExecutions": n }
                    },
                    "DependsOn": function_id
                }),
            );
        }
        if v.f.snap_start == Some(true) {
            doc.add_generated(
                [naming::normalize(v.key).as_str(), "SnapStartLambdaAlias"].concat(),
                json!({
                    "Type": "AWS::Lambda::Alias",
                    "Properties": {
                        "FunctionName": { "Ref": function_id },
                        "FunctionVersion": { "Fn::GetAtt": [version_id, "Version"] },
                        "Name": "snapstart"
                    },
                    "DependsOn": function_id
                }),
            );
        }
        doc.add_output_node(
            naming::version_output_logical_id(v.key),
            Node::Obj(vec![
                ("Description", Node::str("Current Lambda function version")),
                ("Value", Node::reference(version_id)),
            ]),
        );
        super::function_extras::add(doc, r, v.key, v.f);
    }
    uploads.list
}

/// The artifact uploads, each (file, key) once.
#[derive(Default)]
pub(super) struct Uploads {
    list: Vec<Upload>,
    // Every function may have its own artifact: finding repeated uploads must not be quadratic.
    files_by_key: HashMap<String, PathBuf, foldhash::fast::FixedState>,
}

impl Uploads {
    /// Records an upload; the file already uploaded to `key` when it is another one (DECISIONS.md
    /// D10: the reference silently lets one overwrite the other).
    pub fn add(&mut self, local_path: PathBuf, bucket: &Value, key: &str) -> Option<PathBuf> {
        let local_path: PathBuf = local_path.components().filter(|c| *c != Component::CurDir).collect();
        match self.files_by_key.get(key) {
            Some(first) if *first == local_path => None,
            Some(first) => Some(first.clone()),
            None => {
                self.files_by_key.insert(key.to_owned(), local_path.clone());
                self.list.push(Upload { local_path, bucket: upload_bucket(bucket), key: key.to_owned() });
                None
            }
        }
    }
}

/// The `Code` of a function and its artifact's hash; records its upload, or why it has none.
fn source<'a>(
    r: &Resolved<'a>,
    (directory, bucket): (&str, &'a Value),
    hasher: &mut ArtifactHasher,
    (key, f): (&'a str, &'a Function),
    (uploads, missing): (&mut Uploads, &mut MissingArtifacts<'a>),
    diagnostics: &mut Diagnostics,
) -> (Node<'a>, String) {
    if let Some(image) = &f.image {
        let digest = image.uri.rsplit_once("@sha256:").map(|(_, d)| d.to_string()).unwrap_or_default();
        return (Node::Obj(vec![("ImageUri", Node::str(&image.uri))]), digest);
    }
    let s3_key = [directory, "/", &artifact::artifact_file_name(r.config, key, f)].concat();
    if s3_key.len() > 1024 {
        // S3 object keys (and Lambda's `Code.S3Key`) are at most 1024 bytes.
        diagnostics.push(artifact_error(
            format!("functions.{key}"),
            format!(
                "the S3 key of function \"{key}\"'s artifact would have {} bytes; S3 allows at most 1024",
                s3_key.len()
            ),
        ));
    }
    let sha = match artifact::function_artifact(r.config, f) {
        Some(a) => {
            let path = || match f.package.artifact.is_some() {
                true => format!("functions.{key}.package.artifact"),
                false => "package.artifact".to_string(),
            };
            if let Some(first) = uploads.add(hasher.resolve(a), bucket, &s3_key) {
                diagnostics.push(s3_key_collision(path(), key, &hasher.resolve(a), &first, &s3_key));
            }
            match hasher.code_sha256(a) {
                Ok(sha) => sha,
                Err(message) => {
                    missing.unreadable(path(), message, key, f);
                    String::new()
                }
            }
        }
        None => {
            missing.none.push((key, f));
            String::new()
        }
    };
    (Node::Obj(vec![("S3Bucket", Node::json(bucket)), ("S3Key", Node::string(s3_key))]), sha)
}

/// Functions whose code is missing, gathered so that one cause gives one error: every function
/// without an artifact in one error, and every function of one unreadable zip in one error.
#[derive(Default)]
pub(super) struct MissingArtifacts<'a> {
    /// Functions with no artifact at all.
    none: Vec<Keyed<'a>>,
    /// Unreadable artifacts: the config path of the first function's artifact, the message, the functions.
    unreadable: Vec<(String, String, Vec<Keyed<'a>>)>,
}

/// A function and its key.
type Keyed<'a> = (&'a str, &'a Function);

impl<'a> MissingArtifacts<'a> {
    fn unreadable(&mut self, path: String, message: String, key: &'a str, f: &'a Function) {
        match self.unreadable.iter_mut().find(|(_, m, _)| *m == message) {
            Some((_, _, functions)) => functions.push((key, f)),
            None => self.unreadable.push((path, message, vec![(key, f)])),
        }
    }

    fn report(self, r: &Resolved, diagnostics: &mut Diagnostics) {
        if let Some((key, _)) = self.none.first() {
            let (path, subject) = match &self.none[..] {
                [_] => (format!("functions.{key}"), format!("function \"{key}\" has no artifact")),
                all => ("functions".to_string(), format!("{} functions have no artifact: {}", all.len(), names(all))),
            };
            let message = format!(
                "{subject}; set package.artifact (or functions.<name>.package.artifact) to a zip file, or let stackwright build it"
            );
            diagnostics.push(
                Diagnostic::error(crate::codes::ARTIFACT_ERROR, path, message)
                    .with_help(build_help(r, &self.none, true)),
            );
        }
        for (path, message, functions) in self.unreadable {
            let message = match &functions[..] {
                [_] => message,
                all => format!("{message} (the code of {} functions: {})", all.len(), names(all)),
            };
            diagnostics.push(
                Diagnostic::error(crate::codes::ARTIFACT_ERROR, path, message)
                    .with_help(build_help(r, &functions, false)),
            );
        }
    }
}

/// `"a", "b" and "c"`.
fn names(functions: &[(&str, &Function)]) -> String {
    let quoted: Vec<String> = functions.iter().map(|(k, _)| format!("\"{k}\"")).collect();
    crate::diagnostics::and_list(&quoted)
}

/// How to build the zips of these functions, for their runtimes: `stackwright package` zips a
/// Node.js or Python service directory (with its requirements), cargo-lambda builds a Rust
/// `bootstrap`, and Java and .NET code comes from their own build tools.
fn build_help(r: &Resolved, functions: &[(&str, &Function)], no_artifact: bool) -> String {
    use crate::model::Runtime;
    let (mut zipped, mut rust, mut built) = (false, false, false);
    for (_, f) in functions {
        let runtime = r.runtime(f);
        match runtime.as_str() {
            s if s.starts_with("nodejs") || s.starts_with("python") => zipped = true,
            _ if matches!(runtime, Runtime::ProvidedAl2023 | Runtime::ProvidedAl2) => rust = true,
            _ => built = true,
        }
    }
    let mut ways = Vec::new();
    if zipped {
        ways.push(if no_artifact {
            "run `stackwright package` (or `stackwright deploy`, which packages first; `Service::package` in Rust): it zips the service directory as the reference does, and `validate`/`synth` then use the zips it wrote to .serverless/".to_string()
        } else {
            "build the zip, or remove package.artifact and let `stackwright package` (or `stackwright deploy`) zip the service directory".to_string()
        });
    }
    if rust {
        ways.push(
            "for a Rust function build the zip with `cargo lambda build --release --output-format zip` (`stackwright package` runs it for target/lambda/<binary>/bootstrap.zip), or declare it with Function::rust".to_string(),
        );
    }
    if built {
        ways.push(
            "for Java or .NET build the deployment zip with the runtime's build tool (Maven or Gradle, `dotnet lambda package`) and set package.artifact to it".to_string(),
        );
    }
    ways.push("in Rust an explicit hash can stand in for the file: Artifact::with_sha256".to_string());
    ways.join("; ")
}

/// Two different files for one S3 key: one would overwrite the other at deploy time.
fn s3_key_collision(path: String, key: &str, file: &Path, first: &Path, s3_key: &str) -> Diagnostic {
    Diagnostic::error(
        crate::codes::ARTIFACT_S3_KEY_COLLISION,
        path,
        format!(
            "function \"{key}\"'s artifact {} would be uploaded to S3 key {s3_key}, where another function's artifact {} goes; one would overwrite the other",
            file.display(),
            first.display()
        ),
    )
    .with_help("give the two zips different file names (the S3 key ends in the artifact's file name), or use one zip for both")
}

/// A function's logical ID and resource, and its pending version (with the version hash).
fn function<'a>(
    r: &Resolved<'a>,
    (key, f): (&'a str, &'a Function),
    code: Node<'a>,
    code_sha256: String,
    layers: &LocalLayers,
    hash_text: &mut String,
) -> (String, Node<'a>, PendingVersion<'a>) {
    let mut properties = function_properties(r, key, f, code);
    let versioned = r.versioned(f);
    let digest = if !versioned && crate::resolve::provisioned(f).is_none() && f.snap_start != Some(true) {
        None
    } else {
        // The reference hashes the properties without the code location and without what can
        // change in place; an image's digest is part of its location, which is hashed.
        let (artifact_sha, excluded) =
            if f.image.is_none() { (code_sha256.as_str(), HASH_EXCLUDED) } else { ("", &HASH_EXCLUDED[1..]) };
        let used = local_layers(r, f, layers);
        let configurations = Node::Arr(
            used.iter()
                .map(|(id, l)| {
                    Node::Obj(vec![
                        ("name", Node::str(l.key)),
                        ("ref", Node::str(id)),
                        ("properties", Node::json(&l.properties)),
                    ])
                })
                .collect(),
        );
        let entries: Vec<(&str, &Node)> = properties
            .iter()
            .filter(|(k, _)| !excluded.contains(k))
            .map(|(k, v)| (*k, v))
            .chain(std::iter::once(("layerConfigurations", &configurations)))
            .collect();
        hash_text.clear();
        node::write_sorted_entries(hash_text, &entries);
        // The layers' zips in the (JavaScript string) order of their paths.
        let mut zips: Vec<(&std::path::Path, &str)> =
            used.iter().map(|(_, l)| (l.path.as_path(), l.sha256.as_str())).collect();
        zips.sort_by(|a, b| a.0.as_os_str().as_encoded_bytes().cmp(b.0.as_os_str().as_encoded_bytes()));
        let shas: Vec<&str> = zips.iter().map(|(_, sha)| *sha).collect();
        Some(crate::hash::digest_with_layers(artifact_sha, &shas, hash_text))
    };
    // The reference strips `null` properties once the template is compiled: after the hash.
    if let Some((_, Node::Obj(env))) = properties.iter_mut().find(|(k, _)| *k == "Environment") {
        for (_, vars) in env.iter_mut() {
            if let Node::Obj(vars) = vars {
                vars.retain(|(_, v)| !matches!(v, Node::Null));
            }
        }
    }
    // Added after the version hash, as in the reference.
    if f.snap_start == Some(true) {
        properties.push(("SnapStart", Node::Obj(vec![("ApplyOn", Node::str("PublishedVersions"))])));
    }
    if let Some(logging) = logging_config(r, f) {
        properties.push(("LoggingConfig", logging));
    }
    // serverless-plugin-tracing (`package:compileEvents`: after the version hash, before the
    // user's resources are merged): its mode replaces the framework's where it stands, else
    // comes last.
    if let Some(tracing) = &r.config.plugin_settings.tracing {
        let mode = Node::Obj(vec![("Mode", Node::str(tracing.mode(key)))]);
        match properties.iter_mut().find(|(k, _)| *k == "TracingConfig") {
            Some((_, v)) => *v = mode,
            None => properties.push(("TracingConfig", mode)),
        }
    }
    // Lambda@Edge (the cloudFront compiler, after the version hash): no environment, no VPC.
    let edge = crate::resolve::is_edge(f);
    if edge {
        properties.retain(|(k, _)| *k != "Environment" && *k != "VpcConfig");
    }
    let function_id = naming::function_logical_id(key);
    let mut resource = vec![("Type", Node::str("AWS::Lambda::Function")), ("Properties", Node::Obj(properties))];
    // As the reference (`if (functionObject.condition)`): an empty condition is none.
    if let Some(c) = f.condition.as_deref().filter(|c| !c.is_empty()) {
        resource.push(("Condition", Node::str(c)));
    }
    let mut depends_on = Vec::with_capacity(2);
    if r.has_log_group(f) {
        depends_on.push(Node::string(naming::log_group_logical_id(key)));
    }
    depends_on.extend(f.depends_on.iter().map(|d| Node::str(d)));
    if let Some(role) = custom_role_dependency(r, f) {
        depends_on.push(Node::string(role));
    }
    if !depends_on.is_empty() {
        resource.push(("DependsOn", Node::Arr(depends_on)));
    }
    // CloudFront keeps replicas of an edge function for a while after a stack deletion.
    if edge {
        resource.push(("DeletionPolicy", Node::str("Retain")));
    }
    let version = PendingVersion {
        key,
        f,
        function_id: function_id.clone(),
        code_sha256,
        digest,
        description: description(f),
        retain: versioned,
        provisioned: crate::resolve::provisioned(f),
    };
    (function_id, Node::Obj(resource), version)
}

/// The function's `Layers` (its own, else the provider's) that `Ref` a layer of this service, in
/// order, with their logical IDs (the reference's `extractLayerConfigurationsFromFunction`).
fn local_layers<'l>(r: &Resolved, f: &Function, layers: &'l LocalLayers) -> Vec<(&'l str, &'l LocalLayer<'l>)> {
    let Some(list) = f.layers.as_ref().or(r.config.provider.layers.as_ref()) else { return Vec::new() };
    list.iter()
        .filter_map(|e| match e {
            Expr::Fn(i) => match i.as_ref() {
                crate::model::Intrinsic::Ref(id) => layers.get_key_value(id.as_str()),
                _ => None,
            },
            _ => None,
        })
        .map(|(id, l)| (id.as_str(), l))
        .collect()
}

/// The logical ID a custom role adds to the function's `DependsOn` (template-core §6.3).
fn custom_role_dependency(r: &Resolved, f: &Function) -> Option<String> {
    match r.function_role(f)? {
        Expr::Str(s) if !s.contains(':') => Some(s.clone()),
        Expr::Fn(i) => match i.as_ref() {
            crate::model::Intrinsic::GetAtt { resource, .. } => Some(resource.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// `LoggingConfig` from the function's `logs`, else `provider.logs.lambda`.
fn logging_config<'a>(r: &Resolved<'a>, f: &'a Function) -> Option<Node<'a>> {
    let logs = f.logs.as_ref().or(r.config.provider.logs.as_ref().and_then(|l| l.lambda.as_ref()))?;
    let json = logs.log_format == Some(crate::model::LogFormat::Json);
    let mut out = Vec::with_capacity(4);
    if json && let Some(level) = logs.application_log_level {
        out.push(("ApplicationLogLevel", Node::str(level.as_str())));
    }
    if let Some(format) = logs.log_format {
        out.push(("LogFormat", Node::str(format.as_str())));
    }
    if let Some(group) = &logs.log_group {
        out.push(("LogGroup", Node::str(group)));
    }
    if json && let Some(level) = logs.system_log_level {
        out.push(("SystemLogLevel", Node::str(level.as_str())));
    }
    (!out.is_empty()).then_some(Node::Obj(out))
}

/// Top-level function properties the version hash leaves out; `Code` first (images keep it).
const HASH_EXCLUDED: &[&str] = &["Code", "ReservedConcurrentExecutions", "RecursiveLoop", "Tags"];

fn upload_bucket(bucket: &Value) -> UploadBucket {
    match bucket {
        Value::String(name) => UploadBucket::Named(name.clone()),
        _ => UploadBucket::InStack,
    }
}

/// The function's `Description`, on the function and its version: as the reference
/// (`if (functionObject.description)`), an empty description is none.
fn description(f: &Function) -> Option<&str> {
    f.description.as_deref().filter(|d| !d.is_empty())
}

/// The function's `Properties`, keys in the reference's emission order (§5.3).
fn function_properties<'a>(
    r: &Resolved<'a>,
    key: &'a str,
    f: &'a Function,
    code: Node<'a>,
) -> Vec<(&'a str, Node<'a>)> {
    let mut p = Vec::with_capacity(12);
    p.push(("Code", code));
    // Set before everything but `Code` (the reference's compileFunction), hashed with the rest.
    if let Some(image) = f.image.as_ref().filter(|i| i.has_config()) {
        let strings = |items: &'a [String]| Node::Arr(items.iter().map(|s| Node::str(s)).collect());
        let mut config = Vec::with_capacity(3);
        // JavaScript truthiness: an empty list counts, an empty string does not.
        if let Some(c) = image.command.as_deref() {
            config.push(("Command", strings(c)));
        }
        if let Some(e) = image.entry_point.as_deref() {
            config.push(("EntryPoint", strings(e)));
        }
        if let Some(w) = image.working_directory.as_deref().filter(|w| !w.is_empty()) {
            config.push(("WorkingDirectory", Node::str(w)));
        }
        if !config.is_empty() {
            p.push(("ImageConfig", Node::Obj(config)));
        }
    }
    // For a function with a handler only, as in the reference.
    let (mode, arn) = r.runtime_management(f);
    if f.handler.is_some() && mode != RuntimeUpdateMode::Auto {
        let mut config = vec![(
            "UpdateRuntimeOn",
            Node::str(if mode == RuntimeUpdateMode::Manual { "Manual" } else { "FunctionUpdate" }),
        )];
        if let (RuntimeUpdateMode::Manual, Some(arn)) = (mode, arn) {
            config.push(("RuntimeVersionArn", Node::str(arn)));
        }
        p.push(("RuntimeManagementConfig", Node::Obj(config)));
    }
    let cp = r.cp_target(f);
    if let Some((target, settings)) = &cp {
        let arn = match *target {
            CpTarget::Local(name) => Node::get_att(naming::capacity_provider_logical_id(name), "Arn"),
            CpTarget::Arn(arn) | CpTarget::Undefined(arn) => Node::str(arn),
            CpTarget::Intrinsic(i) => Node::User(Box::new(i.to_json())),
            CpTarget::MissingName => Node::Null,
        };
        let mut config = Vec::with_capacity(3);
        config.push(("CapacityProviderArn", arn));
        if let Some(s) = settings {
            if let Some(n) = s.max_concurrency {
                config.push(("PerExecutionEnvironmentMaxConcurrency", Node::num(n)));
            }
            if let Some(m) = s.memory_per_vcpu {
                config.push(("ExecutionEnvironmentMemoryGiBPerVCpu", Node::num(m.gib())));
            }
        }
        p.push((
            "CapacityProviderConfig",
            Node::Obj(vec![("LambdaManagedInstancesCapacityProviderConfig", Node::Obj(config))]),
        ));
        if let Some(scaling) = settings.and_then(|s| s.scaling) {
            let mut sc = Vec::with_capacity(2);
            if let Some(min) = scaling.min {
                sc.push(("MinExecutionEnvironments", Node::num(min)));
            }
            if let Some(max) = scaling.max {
                sc.push(("MaxExecutionEnvironments", Node::num(max)));
            }
            if !sc.is_empty() {
                p.push(("FunctionScalingConfig", Node::Obj(sc)));
            }
        }
    }
    if let Some(handler) = &f.handler {
        p.push(("Handler", Node::str(handler)));
        p.push(("Runtime", Node::str(r.runtime(f).as_str())));
    } else {
        p.push(("PackageType", Node::str("Image")));
    }
    p.push(("FunctionName", Node::string(r.function_name(key, f))));
    p.push(("MemorySize", Node::num(r.memory(f).0)));
    p.push(("Timeout", Node::num(r.timeout(f))));
    if let Some(arch) = r.function_architecture(f) {
        p.push(("Architectures", Node::Arr(vec![Node::str(arch.as_str())])));
    }
    if let Some(d) = description(f) {
        p.push(("Description", Node::str(d)));
    }
    let provider_tags = r.config.provider.tags.as_ref();
    if provider_tags.is_some() || f.tags.is_some() {
        let mut tags: crate::model::Tags = provider_tags.cloned().unwrap_or_default();
        for (k, v) in f.tags.iter().flatten() {
            tags.insert(k.clone(), v.clone());
        }
        p.push(("Tags", Node::User(Box::new(super::iam::tag_list(&tags)))));
    }
    if let Some(size) = f.ephemeral_storage_size {
        p.push(("EphemeralStorage", Node::Obj(vec![("Size", Node::num(size))])));
    }
    if let Some(target) = &f.on_error {
        p.push(("DeadLetterConfig", Node::Obj(vec![("TargetArn", Node::expr(target))])));
    }
    if let Some(kms) = f.kms_key_arn.as_ref().or(r.config.provider.kms_key_arn.as_ref()) {
        p.push(("KmsKeyArn", Node::expr(kms)));
    }
    if let Some(mode) = r.tracing(f) {
        p.push(("TracingConfig", Node::Obj(vec![("Mode", Node::str(mode.as_str()))])));
    }
    let provider_env = r.config.provider.environment.as_ref();
    if provider_env.is_some() || f.environment.is_some() {
        // As one map: a function's variable replaces the provider's of that name in place.
        let own = f.environment.as_ref();
        // serverless-plugin-warmup sets the provider's variables to `undefined` on its warmers:
        // the block stays, without them.
        let cleared = crate::plugins::warmup::clears_provider_environment(&r.config.plugin_settings.warmers, key);
        let inherited = provider_env.filter(|_| !cleared);
        let mut vars = Vec::with_capacity(inherited.map_or(0, |e| e.len()) + own.map_or(0, |e| e.len()));
        // A variable without a value is `null` here, for the version hash, and then left out.
        let value = |v: &'a Option<Expr>| v.as_ref().map_or(Node::Null, Node::expr);
        for (k, v) in inherited.into_iter().flatten() {
            vars.push((k.as_str(), value(own.and_then(|o| o.get(k)).unwrap_or(v))));
        }
        for (k, v) in own.into_iter().flatten() {
            if !inherited.is_some_and(|e| e.contains_key(k)) {
                vars.push((k.as_str(), value(v)));
            }
        }
        p.push(("Environment", Node::Obj(vec![("Variables", Node::Obj(vars))])));
    }
    p.push((
        "Role",
        match r.function_role(f) {
            None => Node::get_att(naming::EXECUTION_ROLE, "Arn"),
            Some(Expr::Str(s)) if !s.contains(':') => Node::get_att(s.as_str(), "Arn"),
            Some(role) => Node::expr(role),
        },
    ));
    if cp.is_none()
        && let Some(vpc) = function_vpc(r, f)
    {
        p.push(("VpcConfig", vpc));
    }
    if let Some(fs) = &f.file_system_config {
        let config = vec![("Arn", Node::expr(&fs.arn)), ("LocalMountPath", Node::str(&fs.local_mount_path))];
        p.push(("FileSystemConfigs", Node::Arr(vec![Node::Obj(config)])));
    }
    if let Some(n) = f.reserved_concurrency {
        p.push(("ReservedConcurrentExecutions", Node::num(n)));
    }
    if let Some(layers) = f.layers.as_ref().or(r.config.provider.layers.as_ref()) {
        p.push(("Layers", Node::Arr(layers.iter().map(Node::expr).collect())));
    }
    p
}

/// `VpcConfig` of a plain function: each field from the function, else from `provider.vpc`.
fn function_vpc<'a>(r: &Resolved<'a>, f: &'a Function) -> Option<Node<'a>> {
    let (sg, subnets, ipv6) = r.function_vpc(f)?;
    let mut out = Vec::with_capacity(3);
    if let Some(ipv6) = ipv6 {
        out.push(("Ipv6AllowedForDualStack", Node::Bool(ipv6)));
    }
    out.push(("SecurityGroupIds", Node::expr(sg)));
    out.push(("SubnetIds", Node::expr(subnets)));
    Some(Node::Obj(out))
}
