//! The events conformance suite through the real `stackwright` binary, from serverless.yml: each
//! case gives the reference's template byte for byte, the reference's first error, or (for
//! configs AWS rejects) an error of a rule. Cases still pending are listed, with what they need,
//! in `tests/support/conformance.rs`.

use std::path::Path;
use std::process::{Command, Output};

#[path = "../../tests/support/conformance.rs"]
mod conformance_suite;
use conformance_suite::{EVENTS_PENDING, events_suite_dir, in_ci};

fn synth_in(dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stackwright"))
        .arg("synth")
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .env("NO_COLOR", "1")
        .output()
        .expect("run stackwright")
}

#[test]
fn every_events_case_from_serverless_yml() {
    let Some(suite) = events_suite_dir() else {
        assert!(!in_ci(), "events conformance suite not found; CI must run it");
        eprintln!("note: ../shared/conformance/events not found; skipped");
        return;
    };
    let cases = conformance_suite::cases(&suite);
    let (mut failures, mut pending, mut now_passing) = (Vec::new(), 0, Vec::new());
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let meta: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(case.join("meta.json")).expect("meta")).expect("meta json");
        let out = synth_in(case);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let ok = if meta["aws_valid"] == false {
            out.status.code() == Some(2) && !stderr.contains("CONFIG_UNSUPPORTED_KEY")
        } else if case.join("expected.json").exists() {
            // stdout ends in a newline; the template is the reference's bytes before it.
            out.status.code() == Some(0)
                && out.stdout.strip_suffix(b"\n") == Some(&std::fs::read(case.join("expected.json")).unwrap()[..])
        } else {
            let code = std::fs::read_to_string(case.join("expected-error-code.txt")).unwrap();
            let message = std::fs::read_to_string(case.join("expected-error.txt")).unwrap();
            let first = message.trim().lines().next().unwrap_or_default().to_string();
            let want = format!("error[{}]: {}", code.trim(), first);
            out.status.code() == Some(2) && stderr.lines().next() == Some(want.as_str())
        };
        let is_pending = EVENTS_PENDING.iter().any(|(p, _)| *p == name);
        match (ok, is_pending) {
            (true, true) => now_passing.push(name),
            (false, true) => pending += 1,
            (false, false) => {
                failures.push(format!("{name}: exit {:?}\n{}", out.status.code(), &stderr[..stderr.len().min(600)]))
            }
            (true, false) => {}
        }
    }
    eprintln!(
        "events conformance through the CLI from serverless.yml: {}/{} pass, {pending} pending",
        cases.len() - failures.len() - pending,
        cases.len()
    );
    if !now_passing.is_empty() {
        eprintln!("note: pending cases that pass now: {now_passing:?}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
