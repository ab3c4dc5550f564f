//! Rust functions: the binary a `Function::rust` (or a serverless.yml `provided.al2023` function
//! whose artifact is cargo-lambda's `target/lambda/<binary>/bootstrap.zip`) deploys, built with
//! cargo-lambda when it is installed, or with plain cargo when asked to.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::zip::Entry;
use crate::model::Architecture;

/// How `package` builds Rust functions.
///
/// ```
/// use stackwright_core::package::RustBuilder;
/// assert_eq!(RustBuilder::default(), RustBuilder::CargoLambda);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum RustBuilder {
    /// `cargo lambda build --release --output-format zip` when cargo-lambda is installed (it
    /// cross-compiles for the function's architecture); without it, a zip already built is used
    /// as it is, and a missing one is an error saying how to build it.
    #[default]
    CargoLambda,
    /// `cargo build --release --bin <binary>` (with `--target` when given, e.g.
    /// `x86_64-unknown-linux-musl` for a static binary), zipped as `bootstrap`. Without a target
    /// the binary is built for this machine, so only use that where it matches Lambda's.
    Cargo {
        /// The `--target` triple.
        target: Option<String>,
    },
    /// Never build: the artifacts are used as they are.
    Off,
}

/// The binary and the `--lambda-dir` of a cargo-lambda artifact path
/// (`<dir>/lambda/<binary>/bootstrap.zip`).
pub(crate) fn cargo_lambda_layout(zip: &Path) -> Option<(String, PathBuf)> {
    let binary = crate::artifact::cargo_lambda_binary(zip)?;
    Some((binary.to_string(), zip.parent()?.parent()?.to_path_buf()))
}

/// What building gave: the zip bytes to deploy, or `None` to use the artifact file as it is.
pub(crate) fn build(
    builder: &RustBuilder,
    crate_dir: &Path,
    binary: &str,
    arch: Architecture,
    artifact: &Path,
    lambda_dir: &Path,
) -> Result<Option<Vec<u8>>, String> {
    match builder {
        RustBuilder::Off => Ok(None),
        RustBuilder::CargoLambda => {
            let installed =
                Command::new("cargo").args(["lambda", "--version"]).output().is_ok_and(|o| o.status.success());
            if !installed {
                return match artifact.is_file() {
                    true => Ok(None),
                    false => Err(format!(
                        "{} does not exist and cargo-lambda is not installed to build it: install cargo-lambda \
                         (`pip install cargo-lambda` or `cargo install --locked cargo-lambda`, see \
                         https://www.cargo-lambda.info), or run `cargo lambda build --release --output-format zip --bin {binary}{}` \
                         yourself, or package with the plain cargo builder (`--rust-builder cargo --cargo-target x86_64-unknown-linux-musl`)",
                        artifact.display(),
                        if arch == Architecture::Arm64 { " --arm64" } else { "" }
                    )),
                };
            }
            let mut cargo = Command::new("cargo");
            cargo.current_dir(crate_dir).args([
                "lambda",
                "build",
                "--release",
                "--output-format",
                "zip",
                "--bin",
                binary,
            ]);
            cargo.arg("--lambda-dir").arg(lambda_dir);
            if arch == Architecture::Arm64 {
                cargo.arg("--arm64");
            }
            run(&mut cargo, binary)?;
            Ok(None)
        }
        RustBuilder::Cargo { target } => {
            let mut cargo = Command::new("cargo");
            cargo.current_dir(crate_dir).args([
                "build",
                "--release",
                "--message-format=json-render-diagnostics",
                "--bin",
                binary,
            ]);
            if let Some(target) = target {
                cargo.args(["--target", target]);
            }
            let stdout = run(&mut cargo, binary)?;
            let executable = executable_of(&stdout, binary)
                .ok_or_else(|| format!("cargo built no executable named {binary} in {}", crate_dir.display()))?;
            bootstrap_zip(&executable).map(Some)
        }
    }
}

/// Runs a cargo command; its stdout, or its stderr as the error.
fn run(cargo: &mut Command, binary: &str) -> Result<String, String> {
    let output = cargo.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "building Rust binary {binary} failed:\n{}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The path of the executable `binary` in cargo's JSON messages.
fn executable_of(messages: &str, binary: &str) -> Option<PathBuf> {
    messages.lines().filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok()).find_map(|m| {
        let is_it = m["reason"] == "compiler-artifact" && m["target"]["name"] == binary;
        is_it.then(|| m["executable"].as_str().map(PathBuf::from)).flatten()
    })
}

/// A deterministic zip holding `executable` as `bootstrap` (mode 0755): what Lambda's
/// `provided` runtimes start.
///
/// ```no_run
/// let zip = stackwright_core::package::bootstrap_zip(std::path::Path::new("target/release/api")).unwrap();
/// std::fs::write("api.zip", zip).unwrap();
/// ```
pub fn bootstrap_zip(executable: &Path) -> Result<Vec<u8>, String> {
    let entry = Entry { name: "bootstrap".to_string(), path: executable.to_path_buf(), executable: true, bytes: None };
    super::zip::write(vec![entry], super::zip::timestamp())
}
