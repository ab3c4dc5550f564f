//! Every example with a twin in the public conformance suite prints exactly that case's
//! expected template, so the examples stay honest documentation of the reference's behaviour.

use std::path::{Path, PathBuf};

#[path = "../examples/api.rs"]
mod api;
#[path = "../examples/defining.rs"]
mod defining;
#[path = "../examples/external.rs"]
mod external;
#[path = "../examples/full.rs"]
mod full;
#[path = "../examples/multiple.rs"]
mod multiple;
#[path = "../examples/versions_off.rs"]
mod versions_off;
#[path = "../examples/vpc_override.rs"]
mod vpc_override;

fn suite_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/public");
    dir.is_dir().then_some(dir)
}

#[test]
fn examples_match_their_conformance_cases() {
    // SAFETY: this is the only test in this binary, so no other thread reads or writes the
    // environment concurrently. The expected templates were built at this time.
    unsafe { std::env::set_var("SOURCE_DATE_EPOCH", "1767225600") };

    let Some(suite) = suite_dir() else {
        assert!(std::env::var_os("CI").is_none(), "CI must provide ../shared/conformance/public");
        eprintln!("note: ../shared/conformance/public not found; skipping");
        return;
    };

    let cases = [
        ("minimal", api::service()),
        ("defining", defining::service()),
        ("external-arn", external::service()),
        ("full", full::service()),
        ("multiple", multiple::service()),
        ("versions-off", versions_off::service()),
        ("vpc-override", vpc_override::service()),
    ];
    let mut failures = Vec::new();
    for (case, service) in cases {
        let expected = std::fs::read_to_string(suite.join(case).join("expected.json"))
            .unwrap_or_else(|e| panic!("{case}/expected.json: {e}"));
        match service.synth() {
            Ok(template) if template.json() == expected => {}
            Ok(template) => failures.push(format!("{case}: {}", first_difference(&expected, template.json()))),
            Err(d) => failures.push(format!("{case}: errors instead of a template:\n{d}")),
        }
    }
    assert!(failures.is_empty(), "examples differ from their conformance cases:\n{}", failures.join("\n"));
}

/// The first differing line, with its number, for a readable failure.
fn first_difference(expected: &str, actual: &str) -> String {
    let mut expected_lines = expected.lines();
    let mut actual_lines = actual.lines();
    for line in 1.. {
        match (expected_lines.next(), actual_lines.next()) {
            (Some(e), Some(a)) if e == a => {}
            (None, None) => return "differs only in line endings or a trailing newline".into(),
            (e, a) => {
                return format!("line {line}: expected {:?}, got {:?}", e.unwrap_or("<end>"), a.unwrap_or("<end>"));
            }
        }
    }
    unreachable!()
}
