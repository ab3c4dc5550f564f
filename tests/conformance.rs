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

/// The cases whose config gives the reference's template (those AWS accepts), each with its
/// directory, config and expected template; `None` when the suites are not there (outside CI).
fn template_cases() -> Option<Vec<(PathBuf, serde_json::Value, String)>> {
    let suites: Vec<PathBuf> = [suite_dir(), events_suite_dir()].into_iter().flatten().collect();
    if suites.is_empty() {
        assert!(!in_ci(), "conformance suites not found; CI must run them");
        return None;
    }
    unsafe { std::env::set_var("SOURCE_DATE_EPOCH", "1767225600") };
    let mut out = Vec::new();
    for case in suites.iter().flat_map(|suite| conformance_suite::cases(suite)) {
        let Ok(expected) = std::fs::read_to_string(case.join("expected.json")) else { continue };
        let meta = std::fs::read_to_string(case.join("meta.json")).unwrap_or_default();
        if serde_json::from_str::<serde_json::Value>(&meta).is_ok_and(|m| m["aws_valid"] == false) {
            // stackwright rejects these already.
            continue;
        }
        let config = serde_json::from_str(&std::fs::read_to_string(case.join("serverless.json")).unwrap()).unwrap();
        out.push((case, config, expected));
    }
    Some(out)
}

/// The paths of every object (`objects`) or of every key of an object (`!objects`) in `v`.
fn paths(v: &serde_json::Value, objects: bool) -> Vec<Vec<String>> {
    fn walk(v: &serde_json::Value, objects: bool, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        let children: Vec<(String, &serde_json::Value)> = match v {
            serde_json::Value::Object(m) => {
                if objects {
                    out.push(at.clone());
                }
                m.iter().map(|(k, x)| (k.clone(), x)).collect()
            }
            serde_json::Value::Array(items) => items.iter().enumerate().map(|(i, x)| (i.to_string(), x)).collect(),
            _ => Vec::new(),
        };
        let keyed = v.is_object();
        for (k, x) in children {
            at.push(k);
            if keyed && !objects {
                out.push(at.clone());
            }
            walk(x, objects, at, out);
            at.pop();
        }
    }
    let mut out = Vec::new();
    walk(v, objects, &mut Vec::new(), &mut out);
    out
}

/// The value at `path` in `v`.
fn at_path<'a>(v: &'a mut serde_json::Value, path: &[String]) -> &'a mut serde_json::Value {
    path.iter().fold(v, |at, seg| match at {
        serde_json::Value::Array(items) => &mut items[seg.parse::<usize>().unwrap()],
        other => &mut other[seg.as_str()],
    })
}

fn synth_in(case: &Path, config: &serde_json::Value) -> Result<stackwright::Template, Diagnostics> {
    Service::from_value(config).and_then(|mut svc| svc.base_dir(case).synth())
}

/// Every object of every case's config, with a key the reference does not know added: the key is
/// a warning (the reference ignores it) and the template stays the reference's, or the key is a
/// name written through (an environment variable, a tag). An unknown key must never take the
/// setting around it with it, or turn into an error after its warning.
#[test]
fn an_unknown_key_anywhere_changes_nothing() {
    const KEY: &str = "zzUnknownKey";
    let Some(cases) = template_cases() else { return };
    let (mut checked, mut failures) = (0, Vec::new());
    for (case, config, expected) in &cases {
        for path in paths(config, true) {
            let mut changed = config.clone();
            at_path(&mut changed, &path)[KEY] = "x".into();
            let place = path.join(".");
            checked += 1;
            let warned = |d: &Diagnostics| d.iter().any(|d| d.code == "CONFIG_UNKNOWN_KEY" && d.path.ends_with(KEY));
            match synth_in(case, &changed) {
                Ok(t) if t.json() == expected || t.json().contains(KEY) => {}
                Ok(t) => failures.push(format!(
                    "{}: {place}: the template changed: {}",
                    case.display(),
                    first_difference(expected, t.json())
                )),
                Err(d) if warned(&d) => failures.push(format!(
                    "{}: {place}: an error after the unknown key's warning: {}",
                    case.display(),
                    d.errors().next().map(|e| e.to_string()).unwrap_or_default()
                )),
                // An object whose keys mean something (an event's one type, an intrinsic
                // function, a map of resources): rejected, as the reference rejects it.
                Err(_) => {}
            }
        }
    }
    eprintln!("unknown keys: {checked} objects checked");
    assert!(failures.is_empty(), "{} object(s):\n{}", failures.len(), failures.join("\n"));
}

/// Every key of every case's config written without a value (`key:`, null): where removing the
/// key is an error, the empty key is one too. An empty required key must not pass into a
/// template (an ALB rule without `Priority`) or take its event with it. The maps whose keys are
/// names take an empty value as an entry with no settings (`capacityProviders.<name>:`, a usage
/// plan's `<name>:`), as the reference does.
#[test]
fn a_key_without_a_value_is_never_quietly_accepted_where_its_absence_is_an_error() {
    let Some(cases) = template_cases() else { return };
    let names = |path: &[String]| {
        let parent = path.len().checked_sub(2).map(|i| path[i].as_str());
        matches!(parent, Some("capacityProviders")) || path.iter().any(|s| s == "usagePlan" || s == "resources")
    };
    let (mut checked, mut failures) = (0, Vec::new());
    for (case, config, _) in &cases {
        for path in paths(config, false).into_iter().filter(|p| !names(p)) {
            let (parent, key) = path.split_at(path.len() - 1);
            let (mut empty, mut removed) = (config.clone(), config.clone());
            at_path(&mut empty, parent)[&key[0]] = serde_json::Value::Null;
            if let Some(map) = at_path(&mut removed, parent).as_object_mut() {
                map.shift_remove(&key[0]);
            }
            checked += 1;
            if let (Ok(_), Err(d)) = (synth_in(case, &empty), synth_in(case, &removed)) {
                failures.push(format!(
                    "{}: {}: a template with it empty, while without it: {}",
                    case.display(),
                    path.join("."),
                    d.errors().next().map(|e| e.to_string()).unwrap_or_default()
                ));
            }
        }
    }
    eprintln!("empty keys: {checked} keys checked");
    assert!(failures.is_empty(), "{} key(s):\n{}", failures.len(), failures.join("\n"));
}

/// Every value of every case's config replaced by one of another shape (an object by a string, a
/// string by an object or by a list of two, a list by an object): an error, a warning at the
/// value, or a template that uses it. Never the template of the config without the value: the
/// reference warns about a shape its schema does not have and then mostly drops the setting (an
/// authorizer's `identitySource` object gave the default header). Free-form places (JSON
/// patterns and inputs, maps of names written through) take any shape.
#[test]
fn a_value_of_the_wrong_shape_is_never_quietly_dropped() {
    const FREE: &[&str] = &[
        "resources",
        "custom",
        "environment",
        "tags",
        "stackTags",
        "pattern",
        "filterPolicy",
        "filterPatterns",
        "input",
        "event",
        "schema",
        "Condition",
        "Principal",
        "statements",
        "iamRoleStatements",
        "resourcePolicy",
    ];
    let Some(cases) = template_cases() else { return };
    let (mut checked, mut failures) = (0, Vec::new());
    for (case, config, _) in &cases {
        for path in paths(config, false).into_iter().filter(|p| !p.iter().any(|s| FREE.contains(&s.as_str()))) {
            let (parent, key) = path.split_at(path.len() - 1);
            let mut removed = config.clone();
            if let Some(map) = at_path(&mut removed, parent).as_object_mut() {
                map.shift_remove(&key[0]);
            }
            let Ok(without) = synth_in(case, &removed) else { continue };
            let value = at_path(&mut config.clone(), &path).clone();
            let others = match &value {
                serde_json::Value::Object(_) => vec![serde_json::json!("a-string")],
                serde_json::Value::Array(_) => vec![serde_json::json!({ "zz": value })],
                serde_json::Value::Null => vec![],
                scalar => vec![serde_json::json!({ "zz": scalar }), serde_json::json!([scalar, scalar])],
            };
            for other in others {
                let mut changed = config.clone();
                *at_path(&mut changed, &path) = other.clone();
                checked += 1;
                let place = config_path(&path);
                let about = |d: &stackwright::Diagnostic| d.path.starts_with(&place);
                match synth_in(case, &changed) {
                    Ok(t) if t.json() == without.json() && !t.warnings().iter().any(about) => {
                        failures.push(format!("{}: {place}: {other} is dropped without a word", case.display()))
                    }
                    _ => {}
                }
            }
        }
    }
    eprintln!("wrong shapes: {checked} values checked");
    assert!(failures.is_empty(), "{} value(s):\n{}", failures.len(), failures.join("\n"));
}

/// `["functions", "a", "events", "0", "http"]` as `functions.a.events[0].http`.
fn config_path(path: &[String]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment.parse::<usize>() {
            Ok(i) => out.push_str(&format!("[{i}]")),
            Err(_) if out.is_empty() => out.push_str(segment),
            Err(_) => out.push_str(&format!(".{segment}")),
        }
    }
    out
}
