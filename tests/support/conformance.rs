//! The public conformance suite, for every test binary that reads it: included with
//! `#[path = ".../tests/support/conformance.rs"] mod conformance_suite;` (also from `cli/tests`),
//! so all of them find it the same way and honour `STACKWRIGHT_CONFORMANCE_DIR`.

#![allow(dead_code)] // each binary uses part of it

use std::path::{Path, PathBuf};

/// `STACKWRIGHT_CONFORMANCE_DIR`, else `../shared/conformance/public` beside the workspace root;
/// `None` when that is not a directory.
pub fn suite_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("STACKWRIGHT_CONFORMANCE_DIR").map(PathBuf::from).unwrap_or_else(|| {
        // The including crate is the workspace root or one of its members; the root holds the lock file.
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = manifest.ancestors().find(|p| p.join("Cargo.lock").is_file()).unwrap_or(manifest);
        root.join("../shared/conformance/public")
    });
    dir.is_dir().then_some(dir)
}

/// The events suite: `STACKWRIGHT_EVENTS_CONFORMANCE_DIR`, else `../shared/conformance/events`
/// beside the workspace root; `None` when that is not a directory.
pub fn events_suite_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("STACKWRIGHT_EVENTS_CONFORMANCE_DIR").map(PathBuf::from).unwrap_or_else(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = manifest.ancestors().find(|p| p.join("Cargo.lock").is_file()).unwrap_or(manifest);
        root.join("../shared/conformance/events")
    });
    dir.is_dir().then_some(dir)
}

/// Events cases that do not pass yet, each with what it still needs. Every other case must
/// pass; a pending case that passes is reported so that it can leave this list.
pub const EVENTS_PENDING: &[(&str, &str)] = &[];

/// The suite's case directories, sorted by name.
pub fn cases(suite: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(suite)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    cases.sort();
    cases
}

/// Whether this runs in CI (`CI` set), where a missing suite is an error rather than a skip.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// Where two templates first differ, with three lines of context, for a readable failure.
pub fn first_difference(expected: &str, actual: &str) -> String {
    let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
    let show = |text: &str| text.lines().skip(line.saturating_sub(3)).take(7).collect::<Vec<_>>().join("\n");
    format!("template differs at line {}:\n--- expected\n{}\n--- actual\n{}", line + 1, show(expected), show(actual))
}
