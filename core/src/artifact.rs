//! Artifacts and the build time: where each function's code comes from, its hash, and its S3 key.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::codes;
use crate::diagnostics::Diagnostic;
use crate::model::{Artifact, Function, ServiceConfig};

/// The build time in epoch milliseconds: `SOURCE_DATE_EPOCH` (seconds, the reproducible-builds
/// convention) when set, else the builder's setting, else now.
pub(crate) fn build_time_millis(explicit: Option<u64>) -> Result<u64, Diagnostic> {
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        return epoch.trim().parse::<u64>().map(|s| s * 1000).map_err(|_| {
            Diagnostic::error(
                codes::ARTIFACT_ERROR,
                "",
                format!("SOURCE_DATE_EPOCH must be whole seconds since 1970, found {epoch:?}"),
            )
        });
    }
    if let Some(millis) = explicit {
        return Ok(millis);
    }
    Ok(started_millis())
}

/// The time this process first asked for the time, in epoch milliseconds, unless
/// [`set_started_millis`] gave another: every "now" of one run (`${sls:instanceId}`, the API
/// deployment's logical ID, the S3 keys) is the same instant, as the reference's one instance ID
/// is. A long-lived process that synthesizes several times keeps that instant (set
/// `SOURCE_DATE_EPOCH`, or [`Service::build_time_millis`](crate::Service::build_time_millis), to
/// choose it).
///
/// ```
/// assert_eq!(stackwright_core::started_millis(), stackwright_core::started_millis());
/// ```
pub fn started_millis() -> u64 {
    static STARTED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    match CONTINUED.load(std::sync::atomic::Ordering::Relaxed) {
        0 => *STARTED.get_or_init(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_millis() as u64
        }),
        millis => millis,
    }
}

/// The build time in epoch milliseconds, as [`Service::synth`](crate::Service::synth) takes it
/// without a builder setting: `SOURCE_DATE_EPOCH`, else [`started_millis`]. A malformed
/// `SOURCE_DATE_EPOCH` counts as unset here; synthesis reports it.
///
/// ```
/// let t = stackwright_core::build_time_or_now();
/// assert!(t == stackwright_core::started_millis() || std::env::var("SOURCE_DATE_EPOCH").is_ok());
/// ```
pub fn build_time_or_now() -> u64 {
    build_time_millis(None).unwrap_or_else(|_| started_millis())
}

/// The instant of an earlier run this one continues (`stackwright deploy --package DIR` deploys
/// what `stackwright package` built then): [`started_millis`] returns it from now on.
///
/// ```no_run
/// stackwright_core::set_started_millis(1767225600000);
/// assert_eq!(stackwright_core::started_millis(), 1767225600000);
/// ```
pub fn set_started_millis(millis: u64) {
    CONTINUED.store(millis, std::sync::atomic::Ordering::Relaxed);
}

static CONTINUED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// `<epoch millis>-<ISO-8601 UTC with millis>`, the reference's artifact directory name.
pub(crate) fn artifact_directory_name(millis: u64) -> String {
    format!("{millis}-{}", iso8601(millis))
}

/// Formats epoch milliseconds as `YYYY-MM-DDTHH:MM:SS.mmmZ` (JavaScript `toISOString`).
pub(crate) fn iso8601(millis: u64) -> String {
    let secs = millis / 1000;
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        millis % 1000
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day) (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The artifact a function deploys: its own `package.artifact`, else the service's.
pub(crate) fn function_artifact<'a>(config: &'a ServiceConfig, f: &'a Function) -> Option<&'a Artifact> {
    f.package.artifact.as_ref().or(config.package.artifact.as_ref())
}

/// The S3 object name of a function's code: the artifact's file name, else `<service>.zip`, or
/// `<function key>.zip` when packaged individually.
pub(crate) fn artifact_file_name(config: &ServiceConfig, key: &str, f: &Function) -> String {
    match function_artifact(config, f) {
        Some(a) => s3_file_name(a),
        None if individually(config, f) => match python_module(config, key, f) {
            // serverless-python-requirements names the zip after the module and the function.
            Some(module) => {
                // The deployed name (`Resolved::function_name`), which this module cannot import.
                let name = f
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("{}-{}-{key}", config.service, config.provider.stage_or_default()));
                format!("{module}-{name}.zip")
            }
            None => format!("{key}.zip"),
        },
        None => format!("{}.zip", config.service),
    }
}

/// Whether the function is packaged into a zip of its own.
pub(crate) fn individually(config: &ServiceConfig, f: &Function) -> bool {
    f.package.individually.or(config.package.individually).unwrap_or(false)
}

/// The serverless-python-requirements `module` the function's own zip is made from: a Python
/// function packaged individually whose `module` is a directory other than `.`.
pub(crate) fn python_module<'c>(config: &'c ServiceConfig, key: &str, f: &Function) -> Option<&'c str> {
    let (_, module) = config.plugin_settings.python_modules.iter().find(|(k, _)| k == key)?;
    let runtime = f.runtime.or(config.provider.runtime)?;
    let module = module_dir(module)?;
    (individually(config, f) && runtime.as_str().starts_with("python")).then_some(module)
}

/// A `module` as a directory below the service: `None` for the service directory itself (`.`).
/// `./src` is `src`: the plugin compares zip entry names with `<module>/`, which `./` never
/// begins, and would zip nothing.
pub(crate) fn module_dir(module: &str) -> Option<&str> {
    let dir = module.trim_start_matches("./").trim_end_matches('/');
    (!dir.is_empty() && dir != ".").then_some(dir)
}

/// An artifact's S3 object name: its file name, as in the reference, except that cargo-lambda's
/// `.../lambda/<binary>/bootstrap.zip`, one file name for every binary, uploads as `<binary>.zip`
/// so that two Rust functions never share an S3 key (DECISIONS.md D10).
fn s3_file_name(a: &Artifact) -> String {
    match cargo_lambda_binary(&a.path) {
        Some(binary) => format!("{binary}.zip"),
        None => a.file_name(),
    }
}

/// The binary of a cargo-lambda zip path, `<dir>/lambda/<binary>/bootstrap.zip`.
pub(crate) fn cargo_lambda_binary(zip: &Path) -> Option<&str> {
    let binary_dir = zip.parent()?;
    let is_layout = zip.file_name()? == "bootstrap.zip" && binary_dir.parent()?.file_name()? == "lambda";
    is_layout.then(|| binary_dir.file_name()?.to_str()).flatten()
}

/// Zips packaging has built in memory, by the path (resolved against the base directory) the
/// template expects them at: synthesis reads these instead of the disk.
#[derive(Clone, Default, PartialEq)]
pub(crate) struct BuiltZips(pub(crate) HashMap<PathBuf, Arc<[u8]>>);

impl std::fmt::Debug for BuiltZips {
    /// The paths only: the bytes would drown a service's debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

/// A layer's zip as its hash needs it: the bytes and their base64 SHA-256.
pub(crate) struct Content {
    pub bytes: Arc<[u8]>,
    pub sha256: String,
}

/// Reads and hashes artifacts, each file once.
#[derive(Default)]
pub(crate) struct ArtifactHasher {
    base_dir: PathBuf,
    cache: HashMap<PathBuf, Result<String, String>>,
    /// Checking only: artifacts are not read, every hash is a placeholder.
    placeholder: bool,
    built: BuiltZips,
}

impl ArtifactHasher {
    pub fn new(base_dir: Option<&Path>, placeholder: bool, built: &BuiltZips) -> Self {
        ArtifactHasher {
            base_dir: base_dir.map(Path::to_path_buf).unwrap_or_default(),
            cache: HashMap::new(),
            placeholder,
            built: built.clone(),
        }
    }

    /// The bytes and base64 SHA-256 of a layer's zip (built in memory, or read). A zip given only
    /// by its hash ([`Artifact::with_sha256`] of a file that does not exist) stands in with the
    /// hash's text for the bytes, so the layer's hash still changes exactly when its code does.
    pub fn content(&mut self, artifact: &Artifact) -> Result<Content, String> {
        if self.placeholder {
            return Ok(Content { bytes: Arc::from(&b""[..]), sha256: crate::hash::code_sha256(b"") });
        }
        let path = self.resolve(artifact);
        let normalized: PathBuf = path.components().filter(|c| *c != std::path::Component::CurDir).collect();
        let bytes = match self.built.0.get(&normalized) {
            Some(bytes) => bytes.clone(),
            None => match (std::fs::read(&path), &artifact.code_sha256) {
                (Ok(bytes), _) => Arc::from(bytes),
                (Err(_), Some(sha)) => return Ok(Content { bytes: Arc::from(sha.as_bytes()), sha256: sha.clone() }),
                (Err(e), None) => return Err(format!("cannot read artifact {}: {e}", path.display())),
            },
        };
        let sha256 = artifact.code_sha256.clone().unwrap_or_else(|| crate::hash::code_sha256(&bytes));
        Ok(Content { bytes, sha256 })
    }

    /// The artifact's path with relative paths resolved against the base directory.
    pub fn resolve(&self, artifact: &Artifact) -> PathBuf {
        if artifact.path.is_absolute() { artifact.path.clone() } else { self.base_dir.join(&artifact.path) }
    }

    /// Base64 SHA-256 of the artifact (given, or read from disk), or a message why not.
    pub fn code_sha256(&mut self, artifact: &Artifact) -> Result<String, String> {
        if let Some(sha) = &artifact.code_sha256 {
            return Ok(sha.clone());
        }
        if self.placeholder {
            return Ok(crate::hash::code_sha256(b""));
        }
        let path = self.resolve(artifact);
        self.cache
            .entry(path.clone())
            .or_insert_with(|| {
                std::fs::read(&path)
                    .map(|bytes| crate::hash::code_sha256(&bytes))
                    .map_err(|e| format!("cannot read artifact {}: {e}", path.display()))
            })
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_matches_javascript() {
        assert_eq!(iso8601(1_767_225_600_000), "2026-01-01T00:00:00.000Z");
        assert_eq!(iso8601(1_700_000_000_000), "2023-11-14T22:13:20.000Z");
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(951_782_400_123), "2000-02-29T00:00:00.123Z");
        assert_eq!(artifact_directory_name(1_767_225_600_000), "1767225600000-2026-01-01T00:00:00.000Z");
    }

    #[test]
    fn cargo_lambda_zips_upload_under_their_binary_name() {
        assert_eq!(s3_file_name(&Artifact::file("target/lambda/api/bootstrap.zip")), "api.zip");
        assert_eq!(s3_file_name(&Artifact::file("/w/target/lambda/worker/bootstrap.zip")), "worker.zip");
        assert_eq!(s3_file_name(&Artifact::file("build/bootstrap.zip")), "bootstrap.zip");
        assert_eq!(s3_file_name(&Artifact::file("dist/api.zip")), "api.zip");
    }
}
