//! Python dependencies: `requirements.txt` (or `pyproject.toml`'s dependencies) installed with
//! pip into the zip, as the serverless-python-requirements plugin does, for the function's
//! runtime and architecture.
//!
//! pip installs binary wheels for the Lambda platform (`--platform manylinux..._<arch>
//! --only-binary=:all: --python-version <runtime>`), so the zip works on Lambda whatever machine
//! packages it, and without compiling bytecode (`--no-compile`: `.pyc` files hold timestamps).
//! Each install is cached under its requirements' hash, runtime and architecture; a second run
//! installs nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use super::zip::Entry;
use crate::model::{Architecture, Runtime};

/// The Python version of a `python3.x` runtime (`3.13`), `None` for other runtimes.
pub(crate) fn python_version(runtime: Runtime) -> Option<&'static str> {
    runtime.as_str().strip_prefix("python")
}

/// The manylinux platform tags pip may pick wheels for: Lambda's Amazon Linux 2023 has glibc
/// 2.34, so every manylinux wheel up to `manylinux_2_34` runs there.
fn platforms(arch: Architecture) -> Vec<String> {
    let machine = match arch {
        Architecture::Arm64 => "aarch64",
        Architecture::X86_64 => "x86_64",
    };
    ["manylinux2014", "manylinux_2_28", "manylinux_2_34"].iter().map(|p| format!("{p}_{machine}")).collect()
}

/// Where cached installs live: `STACKWRIGHT_CACHE_DIR`, else `$XDG_CACHE_HOME/stackwright`, else
/// `~/.cache/stackwright`.
pub(crate) fn default_cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("STACKWRIGHT_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME") {
        return PathBuf::from(dir).join("stackwright");
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/stackwright")).unwrap_or_else(std::env::temp_dir)
}

/// A service's Python requirements: `requirements.txt`, else the dependencies of
/// `pyproject.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Requirements {
    /// The requirement lines (the cache key).
    text: Vec<u8>,
    /// `requirements.txt`, given to pip as it is (it may include other files relative to it).
    file: Option<PathBuf>,
}

/// The service's requirements, if it has any: `requirements.txt` (serverless-python-requirements'
/// default file), else `pyproject.toml`: PEP 621 `[project] dependencies` (Poetry 2, uv, PDM,
/// Hatch), or for a Poetry 1 project the plugin's `poetry export`.
pub(crate) fn find(service_dir: &Path) -> Result<Option<Requirements>, String> {
    let file = service_dir.join("requirements.txt");
    if file.is_file() {
        let text = std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        return Ok(Some(Requirements { text, file: Some(file) }));
    }
    let pyproject = service_dir.join("pyproject.toml");
    if !pyproject.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&pyproject).map_err(|e| format!("cannot read {}: {e}", pyproject.display()))?;
    let table: toml::Table = text.parse().map_err(|e| format!("cannot parse {}: {e}", pyproject.display()))?;
    let project_deps = table.get("project").and_then(|p| p.get("dependencies")).and_then(|d| d.as_array());
    if let Some(deps) = project_deps {
        let lines: Option<Vec<&str>> = deps.iter().map(|d| d.as_str()).collect();
        let lines = lines.ok_or_else(|| format!("{}: project.dependencies must be strings", pyproject.display()))?;
        return Ok(Some(Requirements {
            text: lines.iter().map(|l| format!("{l}\n")).collect::<String>().into(),
            file: None,
        }));
    }
    let poetry = table.get("tool").and_then(|t| t.get("poetry")).and_then(|p| p.get("dependencies"));
    if poetry.is_none() {
        return Ok(None);
    }
    // Poetry 1's constraint syntax (`^1.2`) is Poetry's own: let Poetry write the pinned list.
    let output = std::process::Command::new("poetry")
        .current_dir(service_dir)
        .args(["export", "--format", "requirements.txt", "--without-hashes", "--only", "main"])
        .output()
        .map_err(|e| {
            format!(
                "{} is a Poetry project and poetry cannot run ({e}): install Poetry, or write requirements.txt",
                pyproject.display()
            )
        })?;
    if !output.status.success() {
        return Err(format!("poetry export failed: {}", String::from_utf8_lossy(&output.stderr).trim()));
    }
    Ok(Some(Requirements { text: output.stdout, file: None }))
}

/// The installed requirements as zip entries, installing them first unless cached.
pub(crate) fn requirements(
    service_dir: &Path,
    requirements: &Requirements,
    version: &str,
    arch: Architecture,
    cache_dir: &Path,
    python: &Path,
) -> Result<Vec<Entry>, String> {
    let text = &requirements.text;
    let platforms = platforms(arch);
    let mut hasher = Sha256::new();
    // The cache key: what pip is asked for (bump the first line when the command changes).
    hasher.update(b"stackwright pip 1\n");
    hasher.update(version.as_bytes());
    hasher.update(platforms.join(",").as_bytes());
    hasher.update(b"\n");
    hasher.update(text);
    let key: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let target = cache_dir.join("python").join(&key);
    if !target.join(".complete").is_file() {
        let file = match &requirements.file {
            Some(file) => file.clone(),
            None => {
                let file = cache_dir.join("python").join(format!("{key}.txt"));
                std::fs::create_dir_all(cache_dir.join("python")).map_err(|e| e.to_string())?;
                std::fs::write(&file, text).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
                file
            }
        };
        install(service_dir, &file, version, &platforms, &target, python)?;
    }
    let mut entries = Vec::new();
    collect(&target, &target, &mut entries)?;
    Ok(entries)
}

/// `python3`'s real executable (`sys.executable`), else `python3`. Version-manager shims (pyenv)
/// rehash after every `pip install`, and two packaging runs at once then race on the shims
/// directory and fail; the interpreter itself does not.
pub(super) fn default_interpreter() -> PathBuf {
    let resolved = Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| PathBuf::from(s.trim()))
        .filter(|p| p.is_file());
    resolved.unwrap_or_else(|| PathBuf::from("python3"))
}

fn install(
    service_dir: &Path,
    requirements: &Path,
    version: &str,
    platforms: &[String],
    target: &Path,
    python: &Path,
) -> Result<(), String> {
    let parent = target.parent().unwrap_or(target);
    std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    // Installed beside the final place, then renamed: a crash never leaves a half install cached.
    let partial = parent.join(format!(".partial-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&partial);
    let mut pip = Command::new(python);
    pip.current_dir(service_dir)
        .args(["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--quiet", "--no-compile"])
        .args(["--only-binary=:all:", "--implementation", "cp", "--python-version", version]);
    for platform in platforms {
        pip.args(["--platform", platform]);
    }
    // pip runs in the service directory (requirements may name files relative to it).
    let partial = std::path::absolute(&partial).map_err(|e| e.to_string())?;
    let requirements = std::path::absolute(requirements).map_err(|e| e.to_string())?;
    pip.arg("--target").arg(&partial).arg("-r").arg(&requirements);
    let output = pip.output().map_err(|e| {
        format!("cannot run {} -m pip ({e}); install Python 3 with pip, or set STACKWRIGHT_PYTHON", python.display())
    })?;
    if !output.status.success() {
        let _ = std::fs::remove_dir_all(&partial);
        return Err(format!(
            "pip could not install {} for Python {version} on {}: {}",
            requirements.display(),
            platforms[0],
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    std::fs::write(partial.join(".complete"), b"").map_err(|e| e.to_string())?;
    match std::fs::rename(&partial, target) {
        Ok(()) => Ok(()),
        // Another run cached the same install meanwhile: use it.
        Err(_) if target.join(".complete").is_file() => {
            let _ = std::fs::remove_dir_all(&partial);
            Ok(())
        }
        Err(e) => Err(format!("cannot move the install to {}: {e}", target.display())),
    }
}

/// Every file below `dir` as an entry named relative to `root`, without the cache marker and
/// bytecode caches.
fn collect(root: &Path, dir: &Path, entries: &mut Vec<Entry>) -> Result<(), String> {
    let read = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for item in read {
        let item = item.map_err(|e| e.to_string())?;
        let path = item.path();
        let file_type = item.file_type().map_err(|e| e.to_string())?;
        let name = item.file_name();
        if name == "__pycache__" || (dir == root && name == ".complete") {
            continue;
        }
        if file_type.is_dir() {
            collect(root, &path, entries)?;
        } else if file_type.is_file() {
            let relative = path.strip_prefix(root).map_err(|e| e.to_string())?;
            let name = relative.to_str().ok_or_else(|| format!("{} is not UTF-8", relative.display()))?;
            entries.push(Entry {
                name: name.replace('\\', "/"),
                path: path.clone(),
                executable: super::is_executable(&item.metadata().map_err(|e| e.to_string())?),
                bytes: None,
            });
        }
    }
    Ok(())
}
