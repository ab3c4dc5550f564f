//! The trybuild suite: every `service!` and builder compile error of `tests/ui/fail` (with its
//! reviewed `.stderr`), and every seed-doc configuration of `tests/ui/pass`.
//!
//! Two trybuild runs, because trybuild builds (`cargo build`) whenever a run has a pass case and
//! only checks (`cargo check`) otherwise: the fail cases are checked only, which proves every
//! compile-time rule fails `cargo check` (what rust-analyzer and clippy run), not just a full
//! build; the pass cases are built and run.

use std::process::Command;

/// The toolchain the `.stderr` files were generated and reviewed with. Compiler messages change
/// between releases, so on any other rustc the suite is skipped rather than failed.
const PINNED_RUSTC: &str = "rustc 1.95.0";

#[test]
fn ui() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = Command::new(&rustc)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    if !version.starts_with(&format!("{PINNED_RUSTC} ")) {
        eprintln!(
            "note: skipping the trybuild suite: its .stderr files were made with {PINNED_RUSTC}, this is {version:?}"
        );
        return;
    }
    // Dropping a `TestCases` runs it: the check-only run first, then the built one.
    trybuild::TestCases::new().compile_fail("ui/fail/*.rs");
    trybuild::TestCases::new().pass("ui/pass/*.rs");
}
