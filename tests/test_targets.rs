//! Every test file of this directory is a target of `tests/Cargo.toml`: the package lists its
//! targets explicitly (they live beside the manifest rather than in `tests/tests/`), so a new file
//! without an entry would otherwise never run.

use std::path::Path;

#[test]
fn every_test_file_is_a_target() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("tests/Cargo.toml");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(dir).expect("tests/").flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        // A test is a top-level `.rs` file or a directory with a `main.rs` (like `reliability/`).
        let target = if path.extension().is_some_and(|e| e == "rs") {
            name
        } else if path.join("main.rs").is_file() {
            format!("{name}/main.rs")
        } else {
            continue;
        };
        if !manifest.contains(&format!("path = \"{target}\"")) {
            missing.push(target);
        }
    }
    missing.sort();
    assert!(missing.is_empty(), "test files without a [[test]] entry in tests/Cargo.toml: {missing:?}");
}
