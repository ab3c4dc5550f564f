//! Offline `stackwright diff --against`: pairs of templates from the conformance suite.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use stackwright_cli::deploy::diff::{Kind, diff};
use stackwright_cli::deploy::replacement::UpdateType;

#[path = "../../tests/support/conformance.rs"]
mod conformance_suite;
use conformance_suite::{cases, in_ci, suite_dir};

/// `(case name, expected.json path, parsed template)` of every case with a template, the event
/// cases (beside the public ones) included.
fn templates() -> Vec<(String, PathBuf, Value)> {
    let Some(suite) = suite_dir() else {
        assert!(!in_ci(), "conformance suite not found; CI must run the diff tests");
        eprintln!("note: conformance suite not found; diff tests skipped");
        return Vec::new();
    };
    let events = suite.parent().map(|p| p.join("events")).filter(|p| p.is_dir());
    cases(&suite)
        .into_iter()
        .chain(events.iter().flat_map(|e| cases(e)))
        .filter_map(|case| {
            let path = case.join("expected.json");
            let text = std::fs::read_to_string(&path).ok()?;
            let name = case.file_name()?.to_string_lossy().into_owned();
            Some((name, path, serde_json::from_str(&text).expect("expected.json is JSON")))
        })
        .collect()
}

fn template<'a>(all: &'a [(String, PathBuf, Value)], name: &str) -> Option<&'a (String, PathBuf, Value)> {
    all.iter().find(|(n, _, _)| n == name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stackwright")).args(args).output().expect("stackwright runs")
}

#[test]
fn every_pair_counts_added_removed_and_modified_resources() {
    let all = templates();
    // Every pair of public cases; each event case against itself and the next one (all pairs
    // of ~80 templates would take 20 s in a debug build for little more coverage).
    let public = all.iter().filter(|(n, _, _)| !n.starts_with("e-")).count();
    let pairs = (0..all.len()).flat_map(|i| {
        let partners: Vec<usize> = if i < public { (0..public).collect() } else { vec![i, (i + 1) % all.len()] };
        partners.into_iter().map(move |j| (i, j))
    });
    for (i, j) in pairs {
        let ((a, _, old), (b, _, new)) = (&all[i], &all[j]);
        let d = diff(old, new);
        assert_eq!(d.is_empty(), old == new, "{a} → {b}");
        let keys = |t: &Value| t["Resources"].as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        let (old_keys, new_keys) = (keys(old), keys(new));
        let count = |k| d.resources.iter().filter(|r| r.kind == k).count();
        assert_eq!(count(Kind::Added), new_keys.iter().filter(|k| !old_keys.contains(k)).count(), "{a} → {b}");
        assert_eq!(count(Kind::Removed), old_keys.iter().filter(|k| !new_keys.contains(k)).count(), "{a} → {b}");
        let modified =
            new_keys.iter().filter(|k| old["Resources"].get(*k).is_some_and(|o| *o != new["Resources"][*k])).count();
        assert_eq!(count(Kind::Modified), modified, "{a} → {b}");
        // Every modified resource names at least one changed value, each rated.
        for r in d.resources.iter().filter(|r| r.kind == Kind::Modified) {
            assert!(!r.changes.is_empty(), "{a} → {b}: {}", r.logical_id);
            assert_ne!(r.update(), UpdateType::Unknown, "{a} → {b}: {} has a type the table lacks", r.resource_type);
        }
    }
}

#[test]
fn vpc_change_replaces_the_capacity_provider() {
    let all = templates();
    let (Some((_, _, old)), Some((_, _, new))) = (template(&all, "minimal"), template(&all, "vpc-override")) else {
        return;
    };
    let d = diff(old, new);
    let cp = d.resources.iter().find(|r| r.logical_id == "DefaultLambdaCapacityProvider").expect("cp changes");
    assert_eq!(cp.update(), UpdateType::Immutable, "{}", d.render());
    assert!(cp.changes.iter().any(|c| c.path == "Properties.VpcConfig.SubnetIds"), "{}", d.render());
    assert!(d.render().contains("[~] AWS::Lambda::CapacityProvider DefaultLambdaCapacityProvider (replace)"));
}

#[test]
fn function_settings_update_in_place_and_its_name_replaces_it() {
    let all = templates();
    let Some((_, _, old)) = template(&all, "minimal") else { return };
    let mut new = old.clone();
    let props = new["Resources"]["ApiLambdaFunction"]["Properties"].as_object_mut().expect("function properties");
    props.insert("MemorySize".into(), 4096.into());
    props.insert("Timeout".into(), 30.into());
    let d = diff(old, &new);
    assert_eq!(d.resources.len(), 1, "{}", d.render());
    assert_eq!(d.resources[0].changes.len(), 2, "{}", d.render());
    assert_eq!(d.resources[0].update(), UpdateType::Mutable, "{}", d.render());

    new["Resources"]["ApiLambdaFunction"]["Properties"]["FunctionName"] = "renamed".into();
    let d = diff(old, &new);
    assert_eq!(d.resources[0].update(), UpdateType::Immutable, "{}", d.render());
    assert!(d.render().contains("[~] Properties.FunctionName (requires replacement)"), "{}", d.render());
}

#[test]
fn cli_diff_against_exit_codes() {
    let all = templates();
    let (Some((_, minimal, _)), Some((_, multiple, _))) = (template(&all, "minimal"), template(&all, "multiple"))
    else {
        return;
    };
    let path = |p: &Path| p.to_string_lossy().into_owned();
    let out = run(&["diff", "--template", &path(minimal), "--against", &path(minimal)]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "There were no differences\n");

    let out = run(&["diff", "--template", &path(multiple), "--against", &path(minimal)]);
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Resources\n[+] "), "{text}");
    assert!(text.contains("resource(s) added"), "{text}");

    // The config's own synthesized template against its expected.json: no differences.
    let case = minimal.parent().expect("case dir");
    let out = Command::new(env!("CARGO_BIN_EXE_stackwright"))
        .current_dir(case)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .args(["diff", "--against", "expected.json"])
        .output()
        .expect("stackwright runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));

    let out = run(&["diff", "--template", "/nonexistent.json", "--against", &path(minimal)]);
    assert_eq!(out.status.code(), Some(1));
}
