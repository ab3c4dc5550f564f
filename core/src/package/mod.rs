//! Packaging (feature `package`): the code zips a deploy needs, built from the service directory
//! as the reference selects files, then the template that expects them, all in one directory
//! with one build timestamp (DECISIONS.md D10).
//!
//! [`Service::package`] zips every function without `package.artifact`: the whole service
//! directory (`<service>.zip`), or one zip per function with `individually` (`<function>.zip`),
//! with the reference's default excludes, `package.patterns` in order (`!` excludes), the legacy
//! `include`/`exclude`, and without Node.js development dependencies. A Python function gets its
//! `requirements.txt` installed into its zip by pip, for its runtime and architecture. A Rust
//! function (cargo-lambda's `target/lambda/<binary>/bootstrap.zip`) is built. Explicit artifacts
//! are used as they are. The output directory then holds the template
//! (`cloudformation-template-update-stack.json`), every zip under the name it has in S3, and
//! `manifest.json`, which lists every upload.
//!
//! Symbolic links are followed, as the reference does (`follow: true`); entry names are always
//! the link's own path inside the service directory, so nothing in a zip points outside it. A
//! dangling link or a link loop is left out with a warning. An include pattern that leads with
//! `../` adds the files it matches in that parent directory, under their path there.

mod layers;
mod node;
mod patterns;
mod python;
mod rust;
mod zip;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::json;

pub use rust::{RustBuilder, bootstrap_zip};

use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Architecture, Artifact, Package, Runtime};
use crate::resolve::Resolved;
use crate::service::Service;
use crate::service_data::ServiceData;
use crate::synth::template::{Template, UploadBucket};
use patterns::{Rules, Written};
use zip::Entry;

/// Lambda's limit on a function's code, unzipped, layers included: 250 MB.
pub const UNZIPPED_LIMIT: u64 = 262_144_000;

/// The template's file name in the output directory (the reference's name).
pub const TEMPLATE_FILE: &str = "cloudformation-template-update-stack.json";

/// The upload list's file name in the output directory.
pub const MANIFEST_FILE: &str = "manifest.json";

/// What [`Service::package`] does and where it writes.
///
/// ```
/// use stackwright_core::package::{PackageOptions, RustBuilder};
/// let options = PackageOptions::new(".serverless").config_file("serverless.yml").rust_builder(RustBuilder::Off);
/// assert_eq!(options.out_dir, std::path::Path::new(".serverless"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageOptions {
    /// The output directory; a relative path is relative to the service directory.
    pub out_dir: PathBuf,
    /// The config file's name, left out of the zips as the reference does (`serverless.yml`).
    pub config_file: Option<String>,
    /// How Rust functions are built.
    pub rust_builder: RustBuilder,
    /// Where pip installs are cached (default: `STACKWRIGHT_CACHE_DIR`, else
    /// `$XDG_CACHE_HOME/stackwright`, else `~/.cache/stackwright`).
    pub cache_dir: Option<PathBuf>,
    /// The Python interpreter that runs pip (default: `STACKWRIGHT_PYTHON`, else `python3`).
    pub python: Option<PathBuf>,
}

impl PackageOptions {
    /// Options writing to `out_dir`, with the defaults.
    pub fn new(out_dir: impl Into<PathBuf>) -> Self {
        PackageOptions {
            out_dir: out_dir.into(),
            config_file: None,
            rust_builder: RustBuilder::default(),
            cache_dir: None,
            python: None,
        }
    }

    /// The config file's name, excluded from the zips.
    pub fn config_file(mut self, name: impl Into<String>) -> Self {
        self.config_file = Some(name.into());
        self
    }

    /// How Rust functions are built.
    pub fn rust_builder(mut self, builder: RustBuilder) -> Self {
        self.rust_builder = builder;
        self
    }

    /// Where pip installs are cached.
    pub fn cache_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cache_dir = Some(dir.into());
        self
    }
}

/// What [`Service::package`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Packaged {
    /// The template (also written to [`TEMPLATE_FILE`]); its warnings include packaging's.
    pub template: Template,
    /// The output directory.
    pub out_dir: PathBuf,
    /// Every upload, in the manifest's order.
    pub uploads: Vec<PackagedUpload>,
    /// The manifest's text (also written to [`MANIFEST_FILE`]).
    pub manifest: String,
    /// The build time of the template and the zips, in epoch milliseconds.
    pub build_time_millis: u64,
    /// Function key → the zip packaging built for it, as the template's artifact path (the
    /// output directory as given in [`PackageOptions::out_dir`], joined with the zip's name).
    /// Functions with an explicit `package.artifact` (other than a rebuilt Rust zip) and image
    /// functions are not in it.
    pub artifacts: BTreeMap<String, PathBuf>,
    /// Layer key → the zip packaging built for it (its `path` zipped), as the template's
    /// artifact path. Layers with `package.artifact` are not in it.
    pub layers: BTreeMap<String, PathBuf>,
}

/// A package directory's manifest, as far as a later synthesis or deploy needs it: which zip
/// each packaged function deploys ([`Packaged::artifacts`], written as the manifest's
/// `functions`).
///
/// ```no_run
/// use stackwright_core::package::PackageDir;
/// let mut svc = stackwright_core::Service::from_json_file("serverless.json").unwrap();
/// if let Some(dir) = PackageDir::read(".serverless").unwrap() {
///     let used = svc.use_package_dir(&dir, false);
///     eprintln!("functions {used:?} use the zips in {}", dir.dir.display());
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageDir {
    /// The directory, as given to [`PackageDir::read`].
    pub dir: PathBuf,
    /// The service name it was packaged for.
    pub service: String,
    /// The stage it was packaged for.
    pub stage: String,
    /// Its build time, in epoch milliseconds.
    pub build_time_millis: u64,
    /// Function key → the zip's file name in the directory.
    pub functions: BTreeMap<String, String>,
    /// Layer key → the zip's file name in the directory.
    pub layers: BTreeMap<String, String>,
}

impl PackageDir {
    /// Reads `dir/manifest.json`; `Ok(None)` when there is none, an error when it cannot be read
    /// or is not a manifest stackwright wrote. `dir` is relative to the service directory or
    /// absolute, and is kept as given (artifact paths are made from it).
    pub fn read(dir: impl Into<PathBuf>) -> Result<Option<PackageDir>, String> {
        Self::read_in(Path::new(""), dir)
    }

    /// [`PackageDir::read`] with a relative `dir` looked up under `service_dir`.
    pub fn read_in(service_dir: &Path, dir: impl Into<PathBuf>) -> Result<Option<PackageDir>, String> {
        let dir = dir.into();
        let path = service_dir.join(&dir).join(MANIFEST_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        let bad = |what: &str| format!("{} is not a stackwright package manifest: {what}", path.display());
        let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| bad(&e.to_string()))?;
        let text_of = |key: &str| value.get(key).and_then(|v| v.as_str()).map(str::to_string);
        let service = text_of("service").ok_or_else(|| bad("no `service`"))?;
        let stage = text_of("stage").ok_or_else(|| bad("no `stage`"))?;
        let build_time_millis = value.get("buildTime").and_then(|v| v.as_u64()).ok_or_else(|| bad("no `buildTime`"))?;
        // Manifests written before `functions` existed name no function: nothing to use.
        let names = |key: &str| -> BTreeMap<String, String> {
            value
                .get(key)
                .and_then(|v| v.as_object())
                .map(|o| o.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect())
                .unwrap_or_default()
        };
        let (functions, layers) = (names("functions"), names("layers"));
        Ok(Some(PackageDir { dir, service, stage, build_time_millis, functions, layers }))
    }

    /// When it was packaged, as ISO-8601 UTC (`2026-01-01T00:00:00.000Z`).
    pub fn built_at(&self) -> String {
        crate::artifact::iso8601(self.build_time_millis)
    }
}

/// One file of the output directory and where the deploy uploads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackagedUpload {
    /// The file's name in the output directory.
    pub file: String,
    /// The bucket.
    pub bucket: UploadBucket,
    /// The S3 key.
    pub key: String,
    /// Base64 SHA-256 of the file.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
}

impl<B> Service<B> {
    /// Builds every zip, synthesizes the template that expects them, and writes both with the
    /// upload manifest into `options.out_dir`, all with one build timestamp. Every problem is
    /// reported at once; nothing is written when there are errors.
    ///
    /// ```no_run
    /// use stackwright_core::package::PackageOptions;
    /// let mut svc = stackwright_core::Service::from_json_file("serverless.json").unwrap();
    /// let packaged = svc.package(&PackageOptions::new(".serverless")).unwrap();
    /// for upload in &packaged.uploads {
    ///     println!("{} -> {}", upload.file, upload.key);
    /// }
    /// ```
    pub fn package(&self, options: &PackageOptions) -> Result<Packaged, Diagnostics> {
        package(&self.data, options)
    }

    /// Points every function [`Service::package`] built a zip for at that zip, with the package's
    /// build time: the service then synthesizes the template the package holds, reading the zips.
    ///
    /// ```no_run
    /// use stackwright_core::package::PackageOptions;
    /// let mut svc = stackwright_core::Service::from_json_file("serverless.json").unwrap();
    /// let packaged = svc.package(&PackageOptions::new(".serverless")).unwrap();
    /// svc.use_packaged(&packaged);
    /// assert_eq!(svc.synth().unwrap().json(), packaged.template.json());
    /// ```
    pub fn use_packaged(&mut self, packaged: &Packaged) -> &mut Self {
        for (key, path) in &packaged.artifacts {
            if let Some(f) = self.data.config.functions.get_mut(key) {
                f.package.artifact = Some(Artifact::file(path.clone()));
            }
        }
        for (key, path) in &packaged.layers {
            if let Some(layer) = self.data.config.layers.get_mut(key) {
                layer.package.artifact = Some(Artifact::file(path.clone()));
            }
        }
        self.data.build_time_millis = Some(packaged.build_time_millis);
        self
    }

    /// Uses the zips of a package directory ([`PackageDir`]) for the functions it packaged, when
    /// it was packaged for this service and stage. With `only_missing`, only functions with no
    /// artifact at all take their zip (what `validate` and `synth` do after `stackwright
    /// package`); else every packaged function does and the package's build time is kept (a
    /// deploy of a prebuilt package). Returns the functions that now use a packaged zip, and the
    /// layers, as `layers.<name>`.
    pub fn use_package_dir(&mut self, dir: &PackageDir, only_missing: bool) -> Vec<String> {
        let r = Resolved::new(&self.data.config);
        if dir.service != r.service() || dir.stage != r.stage {
            return Vec::new();
        }
        let base = self.data.base_dir.clone().unwrap_or_default();
        let mut used = Vec::new();
        let config = &mut self.data.config;
        let service_artifact = config.package.artifact.is_some();
        for (key, f) in config.functions.iter_mut() {
            let Some(file) = dir.functions.get(key) else { continue };
            let has_artifact = f.package.artifact.is_some() || service_artifact || f.image.is_some();
            let path = dir.dir.join(file);
            if (only_missing && has_artifact) || !base.join(&path).is_file() {
                continue;
            }
            f.package.artifact = Some(Artifact::file(path));
            used.push(key.clone());
        }
        // Layers packaged from their `path` take their zip the same way (reported as
        // `layers.<name>`).
        for (key, layer) in config.layers.iter_mut() {
            let Some(file) = dir.layers.get(key) else { continue };
            let path = dir.dir.join(file);
            if (only_missing && layer.package.artifact.is_some()) || !base.join(&path).is_file() {
                continue;
            }
            layer.package.artifact = Some(Artifact::file(path));
            used.push(format!("layers.{key}"));
        }
        if !only_missing && !used.is_empty() {
            self.data.build_time_millis = Some(dir.build_time_millis);
        }
        used
    }
}

/// A zip to build: its name (in the output directory and in S3) and its functions.
struct Planned<'a> {
    functions: Vec<&'a str>,
    /// `Some(function)` for a function's own zip (`individually`).
    own: Option<&'a str>,
}

/// A file of the service directory.
struct File {
    name: String,
    path: PathBuf,
    size: u64,
    executable: bool,
    /// The bytes of a file a plugin would have written there (see [`add_generated`]).
    bytes: Option<std::sync::Arc<[u8]>>,
}

impl File {
    /// The file as a zip entry under its name; a file of a parent directory (`../shared/x.js`)
    /// under its path there (`shared/x.js`), as the reference names it.
    fn entry(&self) -> Entry {
        Entry {
            name: self.name.trim_start_matches("../").to_string(),
            path: self.path.clone(),
            executable: self.executable,
            bytes: self.bytes.clone(),
        }
    }
}

/// The files of the service's parent directories that include patterns reach (`../shared/**`),
/// named from the service directory (`../shared/x.js`): the reference's glob lists the files
/// those patterns match with the service's own, and the patterns then select among all of them.
/// Each pattern's directory (its leading `../` and the literal directories after them) is walked
/// once. Decided: a directory that holds the service directory (`../**`) is an error, where the
/// reference zips the service a second time under its own name.
fn outside_files(r: &Resolved, service_dir: &Path, out_dir: &Path, diagnostics: &mut Diagnostics) -> Vec<File> {
    let config = r.config;
    let mut packages = vec![("package".to_string(), &config.package)];
    // A function's own patterns count only when it is packaged alone (see `plan`).
    let alone = |f: &crate::model::Function| crate::artifact::individually(config, f);
    packages.extend(
        r.functions.iter().filter(|(_, f)| alone(f)).map(|(key, f)| (format!("functions.{key}.package"), &f.package)),
    );
    let home = canonical(service_dir);
    let mut bases: BTreeSet<String> = BTreeSet::new();
    let mut single: BTreeSet<String> = BTreeSet::new();
    let mut globs = Vec::new();
    for (at, package) in &packages {
        let written = [("include", &package.include), ("patterns", &package.patterns)];
        for (list, i, pattern) in written.iter().flat_map(|(k, l)| l.iter().enumerate().map(move |(i, p)| (*k, i, p))) {
            let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
            // One that cannot be used is reported with the zip's rules, and nothing is walked.
            if !pattern.starts_with("../") || !patterns::usable(pattern) {
                continue;
            }
            let parts: Vec<&str> = pattern.split('/').collect();
            let literal = parts.iter().take_while(|p| !p.contains(['*', '?', '[', '{', '\\'])).count();
            if literal == parts.len() {
                // No glob: one file (`../config.json`), read as it is.
                single.insert(pattern.to_string());
                continue;
            }
            let base = parts[..literal].join("/");
            if home.starts_with(canonical(&service_dir.join(&base))) {
                diagnostics.push(
                    Diagnostic::error(
                        codes::PACKAGE_INVALID_PATTERN,
                        format!("{at}.{list}[{i}]"),
                        format!("pattern {pattern:?} selects from {base}, which holds the service directory itself"),
                    )
                    .with_help("name the directory next to the service, e.g. `../shared/**`"),
                );
                continue;
            }
            globs.push(pattern);
            bases.insert(base);
        }
    }
    // Only what the patterns list: the rest of those directories is not the service's.
    let listed = patterns::matches_any(&globs);
    let mut files = Vec::new();
    let mut seen = BTreeSet::new();
    for name in single {
        let path = service_dir.join(&name);
        if let Some(metadata) = std::fs::metadata(&path).ok().filter(|m| m.is_file()) {
            seen.insert(name.clone());
            files.push(File { name, path, size: metadata.len(), executable: is_executable(&metadata), bytes: None });
        }
    }
    for base in &bases {
        let dir = service_dir.join(base);
        if !dir.is_dir() {
            continue;
        }
        // The walk names what it leaves out from the directory it walks: named from the service.
        let mut left_out = Diagnostics::new();
        let walked = walk(&dir, out_dir, &mut left_out);
        for mut d in left_out {
            d.message = format!("{base}/{}", d.message);
            diagnostics.push(d);
        }
        for mut file in walked {
            file.name = format!("{base}/{}", file.name);
            if listed(&file.name) && seen.insert(file.name.clone()) {
                files.push(file);
            }
        }
    }
    files
}

/// serverless-package-common's folders ([`crate::plugins::package_common`]): each one's files
/// as if linked into the service directory under the link's name, replacing the service's files
/// of that name; the patterns then select them like any other file. A folder that does not
/// exist is a warning (the plugin's link to it is left dangling and zips nothing).
fn link_folders(
    config: &crate::model::ServiceConfig,
    service_dir: &Path,
    out_dir: &Path,
    files: &mut Vec<File>,
    diagnostics: &mut Diagnostics,
) {
    for linked in &config.plugin_settings.linked_folders {
        let dir = service_dir.join(&linked.folder);
        if !dir.is_dir() {
            diagnostics.push(
                Diagnostic::warning(
                    codes::PACKAGE_PATTERN_UNMATCHED,
                    linked.at.clone(),
                    format!("folder {} does not exist: serverless-package-common links nothing", linked.folder),
                )
                .with_help("check the folder's path; it is relative to the service directory"),
            );
            continue;
        }
        let prefix = format!("{}/", linked.link);
        files.retain(|f| f.name != linked.link && !f.name.starts_with(&prefix));
        for mut file in walk(&dir, out_dir, diagnostics) {
            file.name = format!("{prefix}{}", file.name);
            files.push(file);
        }
    }
}

/// The files plugins write into the service directory before packaging
/// (serverless-plugin-warmup's handlers), added from memory to `files` (unsorted: the caller
/// sorts once): the patterns select them as they would the written files, which they replace
/// when an earlier run left one there.
fn add_generated(config: &crate::model::ServiceConfig, service_dir: &Path, files: &mut Vec<File>) {
    for warmer in &config.plugin_settings.warmers {
        files.retain(|f| f.name != warmer.file);
        let bytes: std::sync::Arc<[u8]> = std::sync::Arc::from(warmer.source.as_bytes());
        files.push(File {
            name: warmer.file.clone(),
            path: service_dir.join(&warmer.file),
            size: bytes.len() as u64,
            executable: false,
            bytes: Some(bytes),
        });
    }
}

fn package(data: &ServiceData, options: &PackageOptions) -> Result<Packaged, Diagnostics> {
    if data.deferred.has_errors() {
        return Err(data.reported(crate::validate::after_loading_errors(data.deferred.clone(), data)));
    }
    let validated = data.reported(crate::validate::validate(data));
    if validated.has_errors() {
        return Err(validated);
    }
    // The rules' warnings come again with the template's (synthesis runs the rules too): these
    // are packaging's own.
    let mut diagnostics = Diagnostics::new();
    let build_time = crate::artifact::build_time_millis(data.build_time_millis).map_err(Diagnostics::from)?;
    let service_dir = match &data.base_dir {
        Some(dir) if !dir.as_os_str().is_empty() => dir.clone(),
        _ => PathBuf::from("."),
    };
    let out_dir = service_dir.join(&options.out_dir);
    // The output directory's old zips are removed: it must not be the service directory itself.
    if canonical(&service_dir).starts_with(canonical(&out_dir)) {
        let message = format!("the output directory {} contains the service directory", out_dir.display());
        let help = "write into a directory of its own, e.g. `.serverless`";
        return Err(Diagnostics::from(build_error("package", message).with_help(help)));
    }
    let config = &data.config;
    let r = Resolved::new(config);

    let plan = plan(&r, &mut diagnostics);
    let mut zips: Vec<(String, Vec<u8>)> = Vec::new();
    // Function key → the zip it deploys (a file name in the output directory).
    let mut built: HashMap<String, String> = HashMap::new();
    if !plan.is_empty() {
        let mut files = walk(&service_dir, &out_dir, &mut diagnostics);
        link_folders(config, &service_dir, &out_dir, &mut files, &mut diagnostics);
        files.extend(outside_files(&r, &service_dir, &out_dir, &mut diagnostics));
        add_generated(config, &service_dir, &mut files);
        // The service's own files first: a parent directory's file of the same zip name
        // (`../shared/x.js` and `shared/x.js`) does not replace the service's.
        files.sort_by(|a, b| (a.name.starts_with("../"), &a.name).cmp(&(b.name.starts_with("../"), &b.name)));
        let jobs = zip_jobs(&r, &plan, &service_dir, &files, options, &mut diagnostics);
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let time = zip::timestamp();
        for ((name, functions), result) in jobs
            .iter()
            .map(|(n, f, _)| (n, f))
            .zip(in_parallel(&jobs, |(_, _, entries)| zip::write(entries.clone(), time)))
        {
            match result {
                Ok(bytes) => {
                    for f in functions {
                        built.insert(f.to_string(), name.clone());
                    }
                    zips.push((name.clone(), bytes));
                }
                Err(message) => diagnostics.push(build_error("package", message)),
            }
        }
    }
    for (key, name, bytes) in rust_functions(&r, &service_dir, options, &mut diagnostics) {
        built.insert(key, name.clone());
        zips.push((name, bytes));
    }
    // Layer key → its zip (a file name in the output directory).
    let mut built_layers: HashMap<String, String> = HashMap::new();
    for (key, name, bytes) in layers::zips(&r, &service_dir, &out_dir, options, &mut diagnostics) {
        if zips.iter().any(|(n, _)| *n == name) {
            diagnostics.push(
                Diagnostic::error(
                    codes::ARTIFACT_S3_KEY_COLLISION,
                    format!("layers.{key}"),
                    format!("layer \"{key}\"'s zip {name} has the name of a function's zip; one would overwrite the other in S3"),
                )
                .with_help("rename the layer or the function packaged individually"),
            );
            continue;
        }
        built_layers.insert(key, name.clone());
        zips.push((name, bytes));
    }
    if let Some((name, bytes)) = python_layer(&r, &service_dir, options, &mut diagnostics) {
        built_layers.insert(crate::plugins::python_requirements::LAYER.to_string(), name.clone());
        zips.push((name, bytes));
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }

    // The template, with every built zip as its function's artifact (hashed here, not re-read).
    let mut with_zips = data.clone();
    with_zips.build_time_millis = Some(build_time);
    let hashes: HashMap<&str, String> =
        zips.iter().map(|(name, bytes)| (name.as_str(), crate::hash::code_sha256(bytes))).collect();
    let mut artifacts = BTreeMap::new();
    for (key, f) in with_zips.config.functions.iter_mut() {
        if let Some(name) = built.get(key) {
            let path = options.out_dir.join(name);
            artifacts.insert(key.clone(), path.clone());
            f.package.artifact = Some(Artifact::with_sha256(path, hashes[name.as_str()].clone()));
        }
    }
    // A layer's hash needs its zip's bytes: synthesis reads them from memory (nothing is written
    // until everything succeeded).
    let mut layer_artifacts = BTreeMap::new();
    let base = data.base_dir.clone().unwrap_or_default();
    for (key, layer) in with_zips.config.layers.iter_mut() {
        if let Some(name) = built_layers.get(key) {
            let path = options.out_dir.join(name);
            layer_artifacts.insert(key.clone(), path.clone());
            layer.package.artifact = Some(Artifact::with_sha256(path.clone(), hashes[name.as_str()].clone()));
            let bytes = zips.iter().find(|(n, _)| n == name).map(|(_, b)| std::sync::Arc::from(b.as_slice()));
            with_zips.built_zips.0.extend(bytes.map(|b| (normalized(&base.join(&path)), b)));
        }
    }
    let mut template = crate::synth::synth(&with_zips).map_err(|mut d| {
        d.extend(diagnostics.clone());
        d
    })?;
    check_sizes(&with_zips, &zips, &out_dir, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let written =
        write_out(&out_dir, &zips, &template, (build_time, &built, &built_layers), &r).map_err(|message| {
            let mut d = diagnostics.clone();
            d.push(build_error("package", message));
            d
        })?;
    diagnostics.extend(std::mem::take(&mut template.warnings));
    template.warnings = diagnostics;
    Ok(Packaged {
        template,
        out_dir,
        uploads: written.0,
        manifest: written.1,
        build_time_millis: build_time,
        artifacts,
        layers: layer_artifacts,
    })
}

/// Which functions need a zip built from the service directory, grouped by zip name.
fn plan<'a>(r: &Resolved<'a>, diagnostics: &mut Diagnostics) -> BTreeMap<String, Planned<'a>> {
    let config = r.config;
    let mut plan: BTreeMap<String, Planned> = BTreeMap::new();
    let mut warned = false;
    for &(key, f) in &r.functions {
        if f.image.is_some() || crate::artifact::function_artifact(config, f).is_some() {
            continue;
        }
        if crate::artifact::individually(config, f) {
            let name = crate::artifact::artifact_file_name(config, key, f);
            plan.insert(name, Planned { functions: vec![key], own: Some(key) });
            continue;
        }
        let has_own_patterns =
            !(f.package.patterns.is_empty() && f.package.include.is_empty() && f.package.exclude.is_empty());
        if has_own_patterns && !warned {
            warned = true;
            diagnostics.push(
                Diagnostic::warning(
                    codes::PACKAGE_FUNCTION_PATTERNS_IGNORED,
                    format!("functions.{key}.package"),
                    format!(
                        "function \"{key}\" has its own package patterns, but it is packaged with the service: they are ignored (as the reference does)"
                    ),
                )
                .with_help(format!("set functions.{key}.package.individually (or package.individually) to true")),
            );
        }
        plan.entry(format!("{}.zip", config.service))
            .or_insert(Planned { functions: Vec::new(), own: None })
            .functions
            .push(key);
    }
    plan
}

/// Every file below the service directory (links followed), sorted by name; the output
/// directory left out.
fn walk(service_dir: &Path, out_dir: &Path, diagnostics: &mut Diagnostics) -> Vec<File> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(service_dir).follow_links(true).sort_by_file_name();
    let skip = normalized(out_dir);
    // A link to a directory that holds the service directory (`..`, `/`) would pull in the
    // service itself again, or the whole disk: left out (walkdir only sees loops below the root).
    let home = std::fs::canonicalize(service_dir).unwrap_or_else(|_| service_dir.to_path_buf());
    let mut enclosing = Vec::new();
    let keep = |e: &walkdir::DirEntry| {
        if normalized(e.path()) == skip {
            return false;
        }
        let encloses = e.path_is_symlink()
            && e.file_type().is_dir()
            && std::fs::canonicalize(e.path()).is_ok_and(|target| home.starts_with(target));
        if encloses {
            enclosing.push(e.path().strip_prefix(service_dir).unwrap_or(e.path()).display().to_string());
        }
        !encloses
    };
    let mut entries = walker.into_iter().filter_entry(keep);
    for entry in entries.by_ref() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let at = e
                    .path()
                    .map(|p| p.strip_prefix(service_dir).unwrap_or(p).display().to_string())
                    .unwrap_or_default();
                let code = if e.loop_ancestor().is_some() || e.path().is_some_and(|p| p.is_symlink()) {
                    codes::PACKAGE_SYMLINK_SKIPPED
                } else {
                    codes::PACKAGE_BUILD_ERROR
                };
                let why = match (e.loop_ancestor(), e.io_error()) {
                    (Some(_), _) => "it is a link to a directory that contains it".to_string(),
                    (None, Some(io)) => io.to_string(),
                    (None, None) => e.to_string(),
                };
                let d = Diagnostic::warning(code, "package", format!("{at} is left out of the zips: {why}"))
                    .with_help("remove the link or point it at an existing file outside any loop");
                diagnostics.push(d);
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(service_dir) else { continue };
        let name: Option<Vec<&str>> = relative.components().map(|c| c.as_os_str().to_str()).collect();
        let Some(name) = name.map(|parts| parts.join("/")) else {
            diagnostics.push(Diagnostic::warning(
                codes::PACKAGE_BUILD_ERROR,
                "package",
                format!("{} is left out of the zips: its name is not UTF-8", relative.display()),
            ));
            continue;
        };
        let Ok(metadata) = entry.metadata() else { continue };
        files.push(File {
            name,
            path: entry.path().to_path_buf(),
            size: metadata.len(),
            executable: is_executable(&metadata),
            bytes: None,
        });
    }
    drop(entries);
    for link in enclosing {
        diagnostics.push(
            Diagnostic::warning(
                codes::PACKAGE_SYMLINK_SKIPPED,
                "package",
                format!("{link} is left out of the zips: it links to a directory that contains the service directory"),
            )
            .with_help("remove the link, or point it at a directory outside the service's ancestors"),
        );
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// Whether the owner may execute the file (the reference's test: `mode & 0o100`).
pub(crate) fn is_executable(metadata: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        metadata.permissions().mode() & 0o100 != 0
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        false
    }
}

type ZipJob<'a> = (String, Vec<&'a str>, Vec<Entry>);

/// The entries of every planned zip; pattern problems, empty zips and oversized code reported.
fn zip_jobs<'a>(
    r: &Resolved<'a>,
    plan: &BTreeMap<String, Planned<'a>>,
    service_dir: &Path,
    files: &[File],
    options: &PackageOptions,
    diagnostics: &mut Diagnostics,
) -> Vec<ZipJob<'a>> {
    let config = r.config;
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let dev_excludes = match config.package.exclude_dev_dependencies {
        Some(false) => Vec::new(),
        _ => node::dev_dependency_excludes(service_dir, &names),
    };
    let mut unmatched: BTreeMap<String, (String, bool)> = BTreeMap::new();
    let mut jobs = Vec::new();
    let mut python_cache: HashMap<(String, String, Architecture), Result<Vec<Entry>, String>> = HashMap::new();
    // Looked for once (a Poetry project runs `poetry export`), when a Python zip needs it.
    let mut requirements_found: Option<Option<python::Requirements>> = None;
    for (name, planned) in plan {
        let own = planned.own.map(|key| (format!("functions.{key}.package"), &config.functions[key].package));
        // The service's and the functions' zips leave the layers' directories out (the
        // reference's `excludeLayers`).
        let layer_dirs: Vec<String> =
            config.layers.values().filter_map(|l| l.path.as_ref()).map(|p| format!("{p}/**")).collect();
        let (excludes, includes) = pattern_lists(
            &config.package,
            own.as_ref().map(|(at, p)| (at.as_str(), *p)),
            (options.config_file.as_deref(), &layer_dirs),
            &dev_excludes,
        );
        let help = "write a glob relative to the service directory, e.g. `src/**` or `!**/*.test.js`";
        let Some(rules) = compile_rules(&excludes, &includes, ("package", help), diagnostics) else { continue };
        let (selected, matched) = rules.select(&names);
        for (rule, hit) in rules.rules().iter().zip(matched) {
            if let Some(origin) = &rule.origin {
                let seen = unmatched.entry(origin.clone()).or_insert((rule.text.clone(), false));
                seen.1 |= hit;
            }
        }
        // serverless-python-requirements' `module`: the module's files, at the zip's root.
        let module = planned.own.and_then(|key| crate::artifact::python_module(config, key, &config.functions[key]));
        let prefix = module.map(|m| format!("{m}/"));
        let in_zip: Vec<usize> = match &prefix {
            Some(p) => selected.iter().copied().filter(|&i| files[i].name.starts_with(p.as_str())).collect(),
            None => selected,
        };
        let mut entries: Vec<Entry> = in_zip.iter().map(|&i| files[i].entry()).collect();
        if let Some(prefix) = &prefix {
            for e in &mut entries {
                e.name = e.name[prefix.len()..].to_string();
            }
        }
        let mut size: u64 = in_zip.iter().map(|&i| files[i].size).sum();
        // With serverless-python-requirements' layer, the requirements go into it instead.
        let python = python_target(r, planned).filter(|_| !config.plugin_settings.python_requirements_layer);
        if let Some((version, arch)) = python {
            let found = match (module, &requirements_found) {
                // A module's own requirements.txt (or pyproject.toml), as the plugin reads it.
                (Some(module), _) => python::find(&service_dir.join(module)).unwrap_or_else(|message| {
                    diagnostics.push(build_error("package", message));
                    None
                }),
                (None, Some(found)) => found.clone(),
                (None, None) => {
                    let found = python::find(service_dir).unwrap_or_else(|message| {
                        diagnostics.push(build_error("package", message));
                        None
                    });
                    requirements_found = Some(found.clone());
                    found
                }
            };
            if let Some(requirements) = found {
                let dir = module.map_or_else(|| service_dir.to_path_buf(), |m| service_dir.join(m));
                let cache_key = (module.unwrap_or(".").to_string(), version.to_string(), arch);
                let installed = python_cache.entry(cache_key).or_insert_with(|| {
                    let (cache_dir, python) = python_tools(options);
                    python::requirements(&dir, &requirements, version, arch, &cache_dir, &python)
                });
                match installed {
                    Ok(deps) => {
                        // The service's own files win over an installed file of the same name.
                        let own: BTreeSet<&str> = entries.iter().map(|e| e.name.as_str()).collect();
                        let extra: Vec<Entry> =
                            deps.iter().filter(|d| !own.contains(d.name.as_str())).cloned().collect();
                        size += extra.iter().map(entry_size).sum::<u64>();
                        entries.extend(extra);
                    }
                    Err(message) => {
                        diagnostics.push(build_error("package", message.clone()).with_help(
                            "check requirements.txt; every requirement needs a wheel for the Lambda platform",
                        ))
                    }
                }
            }
        }
        if entries.is_empty() {
            let at = planned.own.map(|k| format!("functions.{k}.package")).unwrap_or_else(|| "package".into());
            let d = match (module, planned.own) {
                (Some(module), Some(key)) => Diagnostic::error(
                    codes::PACKAGE_NO_FILES,
                    format!("functions.{key}.module"),
                    format!("no file of the module directory {module}/ matches the patterns of {name}"),
                )
                .with_help(
                    "the function's `module` is the directory its code and requirements.txt are in \
                     (serverless-python-requirements): check that it exists and that package.patterns select its files",
                ),
                _ => Diagnostic::error(codes::PACKAGE_NO_FILES, at, format!("no file matches the patterns of {name}"))
                    .with_help("check package.patterns (and include/exclude): the last matching pattern decides"),
            };
            diagnostics.push(d);
            continue;
        }
        if size > UNZIPPED_LIMIT {
            for key in &planned.functions {
                diagnostics.push(too_large(key, size));
            }
            continue;
        }
        jobs.push((name.clone(), planned.functions.clone(), entries));
    }
    for (origin, (text, hit)) in unmatched {
        // A pattern already in error (one outside the service's reach) is not also unmatched.
        let in_error = diagnostics.iter().any(|d| d.path == origin && d.severity == crate::Severity::Error);
        if !hit && !in_error {
            diagnostics.push(
                Diagnostic::warning(
                    codes::PACKAGE_PATTERN_UNMATCHED,
                    origin,
                    format!("pattern {text:?} matches no file"),
                )
                .with_help("check the pattern's spelling and that it is relative to the service directory"),
            );
        }
    }
    jobs
}

/// A zip's pattern list compiled, or `None` with a `PACKAGE_INVALID_PATTERN` for every pattern
/// that cannot be used (at the pattern's config path, else `at`; `help` says what to write).
fn compile_rules(
    excludes: &[Written],
    includes: &[Written],
    (at, help): (&str, &str),
    diagnostics: &mut Diagnostics,
) -> Option<Rules> {
    match Rules::compile(excludes, includes) {
        Ok(rules) => Some(rules),
        Err(bad) => {
            for b in bad {
                diagnostics.push(
                    Diagnostic::error(
                        codes::PACKAGE_INVALID_PATTERN,
                        b.origin.unwrap_or_else(|| at.to_string()),
                        format!("pattern {:?} cannot be used: {}", b.text, b.reason),
                    )
                    .with_help(help),
                );
            }
            None
        }
    }
}

fn entry_size(entry: &Entry) -> u64 {
    if let Some(bytes) = &entry.bytes {
        return bytes.len() as u64;
    }
    std::fs::metadata(&entry.path).map_or(0, |m| m.len())
}

/// The pattern lists of a zip, in the reference's order: excludes (defaults, the config file,
/// `package.exclude`, the layers' directories, the function's or layer's `exclude`), then
/// includes (`package.include`, `package.patterns`, the function's or layer's `include` and
/// `patterns`), then the development dependencies as trailing excludes. `own` is the zip's own
/// `package` with its config path (`functions.api.package`, `layers.deps.package`).
fn pattern_lists(
    service: &Package,
    own: Option<(&str, &Package)>,
    (config_file, layer_dirs): (Option<&str>, &[String]),
    dev_excludes: &[String],
) -> (Vec<Written>, Vec<Written>) {
    let user = |list: &[String], at: &str| -> Vec<Written> {
        list.iter().enumerate().map(|(i, t)| Written { text: t.clone(), origin: Some(format!("{at}[{i}]")) }).collect()
    };
    let mut excludes: Vec<Written> = patterns::DEFAULT_EXCLUDES.iter().map(|p| Written::implicit(*p)).collect();
    excludes.extend(config_file.map(Written::implicit));
    excludes.extend(user(&service.exclude, "package.exclude"));
    excludes.extend(layer_dirs.iter().map(|d| Written::implicit(d.clone())));
    let mut includes = user(&service.include, "package.include");
    includes.extend(user(&service.patterns, "package.patterns"));
    if let Some((at, p)) = own {
        excludes.extend(user(&p.exclude, &format!("{at}.exclude")));
        includes.extend(user(&p.include, &format!("{at}.include")));
        includes.extend(user(&p.patterns, &format!("{at}.patterns")));
    }
    // An include `!x` excludes: the development dependencies go last, as in the reference.
    includes.extend(dev_excludes.iter().map(|g| Written::implicit(format!("!{g}"))));
    (excludes, includes)
}

/// The cache directory and the interpreter that runs pip.
fn python_tools(options: &PackageOptions) -> (PathBuf, PathBuf) {
    let cache_dir = options.cache_dir.clone().unwrap_or_else(python::default_cache_dir);
    let python = options
        .python
        .clone()
        .or_else(|| std::env::var_os("STACKWRIGHT_PYTHON").map(PathBuf::from))
        .unwrap_or_else(python::default_interpreter);
    (cache_dir, python)
}

/// serverless-python-requirements' layer zip (`pythonRequirements.zip`): the requirements
/// installed for `provider.runtime` and `provider.architecture`, under `python/`, where Lambda
/// puts a layer's Python packages on the path.
fn python_layer(
    r: &Resolved,
    service_dir: &Path,
    options: &PackageOptions,
    diagnostics: &mut Diagnostics,
) -> Option<(String, Vec<u8>)> {
    use crate::plugins::python_requirements::{CUSTOM, LAYER, ZIP};
    let config = r.config;
    if !config.plugin_settings.python_requirements_layer || !config.layers.contains_key(LAYER) {
        return None;
    }
    let at = format!("custom.{CUSTOM}.layer");
    let runtime = config.provider.runtime.unwrap_or(crate::model::Runtime::DEFAULT);
    let Some(version) = python::python_version(runtime) else {
        diagnostics.push(
            build_error(
                at,
                format!("the requirements layer is built for provider.runtime, and {} is not Python", runtime.as_str()),
            )
            .with_help("set `provider.runtime` to the Python runtime of the functions that use the layer"),
        );
        return None;
    };
    let requirements = match python::find(service_dir) {
        Ok(Some(requirements)) => requirements,
        Ok(None) => {
            diagnostics.push(
                build_error(
                    at,
                    "the requirements layer has nothing to hold: the service has no requirements.txt".into(),
                )
                .with_help("add requirements.txt (or pyproject.toml dependencies), or remove `layer`"),
            );
            return None;
        }
        Err(message) => {
            diagnostics.push(build_error("package", message));
            return None;
        }
    };
    let arch = config.provider.architecture.unwrap_or(Architecture::X86_64);
    let (cache_dir, python) = python_tools(options);
    let entries = match python::requirements(service_dir, &requirements, version, arch, &cache_dir, &python) {
        Ok(entries) => entries,
        Err(message) => {
            diagnostics.push(
                build_error("package", message)
                    .with_help("check requirements.txt; every requirement needs a wheel for the Lambda platform"),
            );
            return None;
        }
    };
    let entries = entries.into_iter().map(|e| Entry { name: format!("python/{}", e.name), ..e }).collect();
    match zip::write(entries, zip::timestamp()) {
        Ok(bytes) => Some((ZIP.to_string(), bytes)),
        Err(message) => {
            diagnostics.push(build_error("package", message));
            None
        }
    }
}

/// The Python version and architecture to install requirements for, when the zip's first
/// function runs Python.
fn python_target(r: &Resolved, planned: &Planned) -> Option<(&'static str, Architecture)> {
    let f = &r.config.functions[*planned.functions.first()?];
    let version = python::python_version(r.runtime(f))?;
    Some((version, r.function_architecture(f).unwrap_or(Architecture::X86_64)))
}

/// Runs `work` on every job on all cores; results in the jobs' order.
fn in_parallel<T: Sync, R: Send>(jobs: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(jobs.len());
    if workers <= 1 {
        return jobs.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        done.push((i, work(job)));
                    }
                    done
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Builds the Rust functions (cargo-lambda artifacts of `provided` functions): for each, the
/// function key, the zip's name and its bytes, when the builder made the zip itself.
fn rust_functions(
    r: &Resolved,
    service_dir: &Path,
    options: &PackageOptions,
    diagnostics: &mut Diagnostics,
) -> Vec<(String, String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut done: HashMap<PathBuf, Option<Vec<u8>>> = HashMap::new();
    for &(key, f) in &r.functions {
        let Some(artifact) = f.package.artifact.as_ref().filter(|a| a.code_sha256.is_none()) else { continue };
        if !matches!(r.runtime(f), Runtime::ProvidedAl2023 | Runtime::ProvidedAl2) || f.image.is_some() {
            continue;
        }
        let Some((binary, lambda_dir)) = rust::cargo_lambda_layout(&artifact.path) else { continue };
        let path = service_dir.join(&artifact.path);
        let arch = r.function_architecture(f).unwrap_or(Architecture::X86_64);
        let result = match done.get(&path) {
            Some(result) => Ok(result.clone()),
            None => {
                rust::build(&options.rust_builder, service_dir, &binary, arch, &path, &service_dir.join(lambda_dir))
            }
        };
        match result {
            Ok(bytes) => {
                done.insert(path, bytes.clone());
                if let Some(bytes) = bytes {
                    out.push((key.to_string(), format!("{binary}.zip"), bytes));
                }
            }
            Err(message) => {
                done.insert(path, None);
                diagnostics.push(
                    build_error(format!("functions.{key}.package.artifact"), message)
                        .with_help("build the binary, or package with `--rust-builder off` to use the zip as it is"),
                );
            }
        }
    }
    out
}

/// Every function's unzipped code within Lambda's limit (explicit artifacts read from their
/// zip's directory).
fn check_sizes(data: &ServiceData, zips: &[(String, Vec<u8>)], out_dir: &Path, diagnostics: &mut Diagnostics) {
    let built: HashMap<PathBuf, &[u8]> =
        zips.iter().map(|(n, b)| (normalized(&out_dir.join(n)), b.as_slice())).collect();
    let mut sizes: HashMap<PathBuf, Option<u64>> = HashMap::new();
    let base = data.base_dir.clone().unwrap_or_default();
    for (key, f) in &data.config.functions {
        let Some(artifact) = crate::artifact::function_artifact(&data.config, f) else { continue };
        let path = normalized(&base.join(&artifact.path));
        let size = *sizes.entry(path.clone()).or_insert_with(|| match built.get(&path) {
            Some(bytes) => unzipped_size(std::io::Cursor::new(bytes)),
            None => std::fs::File::open(&path).ok().and_then(unzipped_size),
        });
        if let Some(size) = size.filter(|s| *s > UNZIPPED_LIMIT) {
            diagnostics.push(too_large(key, size));
        }
    }
}

/// A path without `.` components, as synthesis records upload paths.
/// The real path of `p`, or `p` without `.` components where it does not exist.
fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| normalized(p))
}

fn normalized(path: &Path) -> PathBuf {
    path.components().filter(|c| *c != std::path::Component::CurDir).collect()
}

fn unzipped_size<R: std::io::Read + std::io::Seek>(reader: R) -> Option<u64> {
    let mut archive = ::zip::ZipArchive::new(reader).ok()?;
    (0..archive.len()).map(|i| archive.by_index_raw(i).ok().map(|f| f.size())).sum()
}

fn too_large(key: &str, size: u64) -> Diagnostic {
    Diagnostic::error(
        codes::PACKAGE_TOO_LARGE,
        format!("functions.{key}"),
        format!(
            "function \"{key}\"'s code is {size} bytes ({:.1} MB) unzipped; Lambda allows at most {UNZIPPED_LIMIT} bytes (250 MB), layers included",
            size as f64 / 1_048_576.0
        ),
    )
    .with_help("leave files out with package.patterns (e.g. `!**/*.test.js`), package functions individually, or use a container image")
}

fn build_error(path: impl Into<String>, message: String) -> Diagnostic {
    Diagnostic::error(codes::PACKAGE_BUILD_ERROR, path, message)
}

/// Writes the zips (and copies of explicit artifacts) under their S3 names, the template and
/// the manifest; returns the uploads and the manifest's text.
fn write_out(
    out_dir: &Path,
    zips: &[(String, Vec<u8>)],
    template: &Template,
    (build_time, built_for, built_layers): (u64, &HashMap<String, String>, &HashMap<String, String>),
    r: &Resolved,
) -> Result<(Vec<PackagedUpload>, String), String> {
    let io = |what: &Path, e: std::io::Error| format!("cannot write {}: {e}", what.display());
    std::fs::create_dir_all(out_dir).map_err(|e| io(out_dir, e))?;
    // Only what an earlier run wrote goes: the directory may hold other tools' files.
    if let Ok(read) = std::fs::read_dir(out_dir) {
        for item in read.flatten() {
            let name = item.file_name();
            let name = name.to_string_lossy();
            if name.ends_with(".zip") || name == TEMPLATE_FILE || name == MANIFEST_FILE {
                let _ = std::fs::remove_file(item.path());
            }
        }
    }
    let built: HashMap<PathBuf, &[u8]> =
        zips.iter().map(|(n, b)| (normalized(&out_dir.join(n)), b.as_slice())).collect();
    let mut uploads = Vec::new();
    for upload in template.uploads() {
        let file = upload.key.rsplit('/').next().unwrap_or(&upload.key).to_string();
        let target = out_dir.join(&file);
        let bytes = match built.get(&upload.local_path) {
            Some(bytes) => bytes.to_vec(),
            None => std::fs::read(&upload.local_path)
                .map_err(|e| format!("cannot read {}: {e}", upload.local_path.display()))?,
        };
        std::fs::write(&target, &bytes).map_err(|e| io(&target, e))?;
        uploads.push(PackagedUpload {
            sha256: crate::hash::code_sha256(&bytes),
            size: bytes.len() as u64,
            file,
            bucket: upload.bucket.clone(),
            key: upload.key.clone(),
        });
    }
    let template_path = out_dir.join(TEMPLATE_FILE);
    std::fs::write(&template_path, template.json()).map_err(|e| io(&template_path, e))?;
    let directory =
        format!("serverless/{}/{}/{}", r.service(), r.stage, crate::artifact::artifact_directory_name(build_time));
    let bucket = uploads.first().map(|u| u.bucket.clone()).unwrap_or(UploadBucket::InStack);
    // The reference uploads the template beside the zips, too.
    uploads.push(PackagedUpload {
        file: TEMPLATE_FILE.to_string(),
        bucket,
        key: format!("{directory}/compiled-cloudformation-template.json"),
        sha256: crate::hash::code_sha256(template.json().as_bytes()),
        size: template.json().len() as u64,
    });
    let manifest = json!({
        "service": r.service(),
        "stage": r.stage,
        "buildTime": build_time,
        "artifactDirectoryName": directory,
        "template": TEMPLATE_FILE,
        // Which zip each packaged function deploys: `validate`, `synth` and `deploy --package`
        // read it back (PackageDir).
        "functions": built_for.iter().collect::<BTreeMap<_, _>>(),
        // Which zip each packaged layer publishes.
        "layers": built_layers.iter().collect::<BTreeMap<_, _>>(),
        "uploads": uploads.iter().map(|u| json!({
            "file": u.file,
            "bucket": u.bucket.name(),
            "key": u.key,
            "sha256": u.sha256,
            "size": u.size,
        })).collect::<Vec<_>>(),
    });
    let manifest = format!("{}\n", serde_json::to_string_pretty(&manifest).unwrap_or_default());
    let manifest_path = out_dir.join(MANIFEST_FILE);
    std::fs::write(&manifest_path, &manifest).map_err(|e| io(&manifest_path, e))?;
    Ok((uploads, manifest))
}
