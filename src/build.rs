//! Synthesizing a service from a build script (`build.rs`), in the spirit of `prost_build`: the
//! template lands in `OUT_DIR`, warnings become `cargo:warning=` lines, errors fail the build with
//! every diagnostic, and cargo reruns the script when the script, an artifact or
//! `SOURCE_DATE_EPOCH` changes.
//!
//! ```no_run
//! // build.rs, with `stackwright` under [build-dependencies]
//! let mut svc = stackwright::new_service!("my-service");
//! // ... providers and functions ...
//! stackwright::build::synth(&svc);
//! ```
//!
//! and in the crate: `pub const TEMPLATE: &str = include_str!(concat!(env!("OUT_DIR"), "/template.json"));`

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use stackwright_core::{Diagnostics, Service};

/// Synthesizes `service` into `$OUT_DIR/template.json` with the defaults of [`Builder`]; on errors,
/// prints every diagnostic and ends the build script with exit code 1, which fails the build.
/// Returns the template's path.
///
/// ```no_run
/// let svc = stackwright::Service::new("my-service");
/// let path = stackwright::build::synth(&svc);
/// assert!(path.ends_with("template.json"));
/// ```
pub fn synth<B>(service: &Service<B>) -> PathBuf {
    Builder::new().synth(service)
}

/// Where and how a build script writes the template.
///
/// ```no_run
/// let svc = stackwright::Service::new("my-service");
/// stackwright::build::Builder::new()
///     .file_name("my-service.json")
///     .rerun_if_changed("infra/service.rs")
///     .synth(&svc);
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct Builder {
    file_name: String,
    out_dir: Option<PathBuf>,
    watched: Vec<PathBuf>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder { file_name: "template.json".into(), out_dir: None, watched: vec!["build.rs".into()] }
    }
}

impl Builder {
    /// `template.json` in `$OUT_DIR`; reruns when `build.rs` changes.
    pub fn new() -> Self {
        Self::default()
    }

    /// The template's file name in the output directory (default `template.json`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// The output directory (default: `OUT_DIR`, which cargo sets for build scripts).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// One more file whose change reruns the build script (e.g. a module the service is declared in).
    pub fn rerun_if_changed(mut self, path: impl Into<PathBuf>) -> Self {
        self.watched.push(path.into());
        self
    }

    /// [`Builder::try_synth`], printing the diagnostics and exiting with code 1 on error, so that
    /// `build.rs` can be one call. A panic would bury the diagnostics under a backtrace.
    pub fn synth<B>(&self, service: &Service<B>) -> PathBuf {
        match self.try_synth(service) {
            Ok(path) => path,
            Err(error) => {
                // Cargo prints a failed build script's stderr in full; the `cargo:warning=` lines
                // put a one-line summary of each error at the top of the build output too.
                if let Error::Invalid(diagnostics) = &error {
                    for d in diagnostics {
                        println!("cargo:warning={}", one_line(&d.to_string()));
                    }
                }
                let _ = writeln!(std::io::stderr(), "{error}");
                std::process::exit(1);
            }
        }
    }

    /// Prints the `cargo:` directives, synthesizes, and writes the template; warnings become
    /// `cargo:warning=` lines. Returns the template's path, or the error (nothing printed for it).
    pub fn try_synth<B>(&self, service: &Service<B>) -> Result<PathBuf, Error> {
        let mut directives = String::new();
        for path in &self.watched {
            directives.push_str(&format!("cargo:rerun-if-changed={}\n", path.display()));
        }
        // The build time ends up in the artifacts' S3 keys.
        directives.push_str("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH\n");
        let result = service.synth();
        if let Ok(template) = &result {
            for upload in template.uploads() {
                directives.push_str(&format!("cargo:rerun-if-changed={}\n", upload.local_path.display()));
            }
            for warning in template.warnings() {
                directives.push_str(&format!("cargo:warning={}\n", one_line(&warning.to_string())));
            }
        }
        print!("{directives}");
        let template = result.map_err(Error::Invalid)?;
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or(Error::NoOutDir)?,
        };
        let path = out_dir.join(&self.file_name);
        write(&path, template.json()).map_err(|e| Error::Write(path.clone(), e))?;
        Ok(path)
    }
}

/// Writes only when the bytes differ, so an unchanged template does not retrigger whatever
/// `include_str!`s it.
fn write(path: &Path, json: &str) -> std::io::Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == json.as_bytes()) {
        return Ok(());
    }
    std::fs::write(path, json)
}

/// `cargo:warning=` takes one line; diagnostics put their help text on a second one.
fn one_line(text: &str) -> String {
    text.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

/// Why a build script could not produce the template.
///
/// ```
/// let error = stackwright::build::Error::NoOutDir;
/// assert!(error.to_string().contains("OUT_DIR"));
/// ```
#[derive(Debug)]
pub enum Error {
    /// The service has errors: every diagnostic.
    Invalid(Diagnostics),
    /// Neither [`Builder::out_dir`] nor `OUT_DIR` (set by cargo for build scripts) is given.
    NoOutDir,
    /// The template could not be written.
    Write(PathBuf, std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(diagnostics) => write!(f, "{diagnostics}"),
            Error::NoOutDir => write!(f, "OUT_DIR is not set: run from a build script, or give Builder::out_dir"),
            Error::Write(path, e) => write!(f, "cannot write {}: {e}", path.display()),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;
    use stackwright_core::{Function, Runtime};

    fn out_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("stackwright-build-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn writes_the_template_into_the_output_directory() {
        let mut svc = Service::new("svc");
        svc.provider().runtime(Runtime::Nodejs24x);
        svc.package_artifact(stackwright_core::Artifact::with_sha256(
            "a.zip",
            "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U=",
        ));
        svc.function("api", Function::handler("h.api"));
        svc.build_time_millis(1767225600000);
        let dir = out_dir("ok");
        let path = Builder::new().out_dir(&dir).file_name("t.json").try_synth(&svc).expect("valid service");
        assert_eq!(path, dir.join("t.json"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), svc.synth().unwrap().json());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn an_invalid_service_is_every_diagnostic_and_writes_nothing() {
        let mut svc = Service::new("svc");
        svc.function("api", Function::handler("h.api").memory_size(20_000));
        let dir = out_dir("err");
        let error = Builder::new().out_dir(&dir).try_synth(&svc).unwrap_err();
        let Error::Invalid(diagnostics) = &error else { panic!("{error}") };
        assert!(diagnostics.errors().count() >= 1);
        assert_eq!(error.to_string(), diagnostics.to_string());
        assert!(!dir.join("template.json").exists());
        let _ = std::fs::remove_dir_all(dir);
    }
}
