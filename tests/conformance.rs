//! The conformance suite: every case of `../shared/conformance/public` (or the directory named by
//! `STACKWRIGHT_CONFORMANCE_DIR`) must give the reference's exact template, the reference's error,
//! or (for configs AWS would reject, `"aws_valid": false`) a stackwright error.

use std::path::{Path, PathBuf};

use stackwright::{Diagnostics, Service};

#[path = "support/conformance.rs"]
mod conformance_suite;
use conformance_suite::{EVENTS_PENDING, events_suite_dir, first_difference, in_ci, suite_dir};

enum Outcome {
    Pass,
    Fail(String),
}

fn run_case(dir: &Path) -> Outcome {
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("meta.json")).expect("meta.json")).expect("meta");
    let result = Service::from_json_file(dir.join("serverless.json")).and_then(|svc| svc.synth());
    let errors = |d: &Diagnostics| d.errors().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n");
    if meta["aws_valid"] == serde_json::Value::Bool(false) {
        return match result {
            // Rejected for the right reason: a rule, not a feature stackwright lacks.
            Err(d) if d.errors().any(|e| e.code == "CONFIG_UNSUPPORTED_KEY") => {
                Outcome::Fail(format!("rejected only as not supported yet:\n{}", errors(&d)))
            }
            Err(d) if d.has_errors() => Outcome::Pass,
            _ => Outcome::Fail("AWS rejects this config, but stackwright produced a template".into()),
        };
    }
    if dir.join("expected.json").exists() {
        let expected = std::fs::read_to_string(dir.join("expected.json")).expect("expected.json");
        return match result {
            Ok(t) if t.json() == expected => Outcome::Pass,
            Ok(t) => Outcome::Fail(first_difference(&expected, t.json())),
            Err(d) => Outcome::Fail(format!("expected a template, got errors:\n{}", errors(&d))),
        };
    }
    let code = std::fs::read_to_string(dir.join("expected-error-code.txt")).expect("error code");
    let message = std::fs::read_to_string(dir.join("expected-error.txt")).expect("error text");
    let (code, message) = (code.trim(), message.trim());
    match result {
        Ok(_) => Outcome::Fail(format!("expected error {code}, got a template")),
        Err(d) => match d.errors().next() {
            Some(first) if first.code == code && first.message == message => Outcome::Pass,
            _ => Outcome::Fail(format!("expected first error {code}: {message}\ngot:\n{}", errors(&d))),
        },
    }
}

/// Runs every case of `suite`; cases named in `pending` may fail (and are reported when they pass).
fn run_suite(suite: &Path, pending: &[(&str, &str)]) {
    let cases: Vec<PathBuf> =
        conformance_suite::cases(suite).into_iter().filter(|p| p.join("meta.json").exists()).collect();
    let (mut failures, mut now_passing, mut still_pending) = (Vec::new(), Vec::new(), 0);
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let is_pending = pending.iter().any(|(p, _)| *p == name);
        match run_case(case) {
            Outcome::Fail(why) if is_pending => {
                still_pending += 1;
                let _ = why;
            }
            Outcome::Fail(why) => failures.push(format!("{name}: {why}")),
            Outcome::Pass if is_pending => now_passing.push(name),
            Outcome::Pass => {}
        }
    }
    let passed = cases.len() - failures.len() - still_pending;
    eprintln!("conformance: {passed}/{} cases pass, {still_pending} pending ({})", cases.len(), suite.display());
    if !now_passing.is_empty() {
        eprintln!("note: pending cases that pass now (remove them from EVENTS_PENDING): {now_passing:?}");
    }
    assert!(failures.is_empty(), "{} conformance case(s) failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn conformance_suite() {
    let Some(suite) = suite_dir() else {
        assert!(!in_ci(), "conformance suite not found; CI must run it");
        eprintln!("note: ../shared/conformance/public not found; conformance suite skipped");
        return;
    };
    // The reference's build time for every case; this test binary sets it to the same value in
    // both tests, so they cannot race.
    unsafe { std::env::set_var("SOURCE_DATE_EPOCH", "1767225600") };
    run_suite(&suite, &[]);
}

#[test]
fn events_conformance_suite() {
    let Some(suite) = events_suite_dir() else {
        assert!(!in_ci(), "events conformance suite not found; CI must run it");
        eprintln!("note: ../shared/conformance/events not found; events conformance skipped");
        return;
    };
    unsafe { std::env::set_var("SOURCE_DATE_EPOCH", "1767225600") };
    run_suite(&suite, EVENTS_PENDING);
}
