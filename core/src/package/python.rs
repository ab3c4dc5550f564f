//! Python dependencies: `requirements.txt` installed with pip into the zip, as the
//! serverless-python-requirements plugin does, for the function's runtime and architecture.
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

/// The installed requirements as zip entries, installing them first unless cached.
pub(crate) fn requirements(
    service_dir: &Path,
    requirements: &Path,
    version: &str,
    arch: Architecture,
    cache_dir: &Path,
    python: &Path,
) -> Result<Vec<Entry>, String> {
    let text = std::fs::read(requirements).map_err(|e| format!("cannot read {}: {e}", requirements.display()))?;
    let platforms = platforms(arch);
    let mut hasher = Sha256::new();
    // The cache key: what pip is asked for (bump the first line when the command changes).
    hasher.update(b"stackwright pip 1\n");
    hasher.update(version.as_bytes());
    hasher.update(platforms.join(",").as_bytes());
    hasher.update(b"\n");
    hasher.update(&text);
    let key: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let target = cache_dir.join("python").join(&key);
    if !target.join(".complete").is_file() {
        install(service_dir, requirements, version, &platforms, &target, python)?;
    }
    let mut entries = Vec::new();
    collect(&target, &target, &mut entries)?;
    Ok(entries)
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
            });
        }
    }
    Ok(())
}
