//! The cfn-lint gate: every example's template, every successful public and events conformance
//! case, the plugin cases checked against the plugins' own templates (`core/tests/data`), a
//! sample of generated services and generated services with every event type go through
//! cfn-lint 1.58.0 (`--regions us-east-1`) in one batch.
//!
//! Policy: any finding fails the test, errors (`E…`) and warnings (`W…`) alike (cfn-lint's
//! informational checks are off by default), except these, each for a stated reason:
//! - `W2531` (runtime deprecated): it compares the runtime's deprecation date with today's date,
//!   so it would turn CI red on a calendar day rather than on a change (e.g. `dotnet8` from
//!   2026-11-10). stackwright warns about deprecated runtimes itself (`LAMBDA_DEPRECATED_RUNTIME`).
//! - `W3005` (`DependsOn` already enforced by a `Ref`): the provisioned-concurrency alias's
//!   `DependsOn` on its function is the reference's output byte for byte (DECISIONS.md D1,
//!   `golden/cp-15-provisioned-reserved.json`); harmless.
//! - `W3011` (`DeletionPolicy` without `UpdateReplacePolicy`) only on a retained layer and its
//!   permissions (`<Name>LambdaLayer<hash>`, `<Name><account>LambdaLayerPermission<hash>`): their
//!   `DeletionPolicy: Retain` is the reference's output byte for byte
//!   (compile/layers.js), and its logical ID carries the hash of its content, so a change makes a
//!   new resource instead of replacing the old one in place: `UpdateReplacePolicy` never applies.
//! - `E1029` (`${...}` outside `Fn::Sub`) only in `Description`, `Environment/Variables`,
//!   `Handler` and `Code/S3Key`: those are the user's literal strings, emitted verbatim (never
//!   inside an `Fn::Sub`, see the injection tests); CloudFormation accepts them and Lambda (or S3)
//!   receives the literal text. The same
//!   finding anywhere else fails the gate, since it would mean a generated `${...}` lost its `Fn::Sub`.
//!
//! The generated sample uses services of 1 to 4 functions: cfn-lint needs about a second per
//! 40 KB of template on this machine, and the property tests cover 1 to 20 functions.
//!
//! cfn-lint is found via `CFN_LINT`, else `.venv/bin/cfn-lint` (what `.ci/run` installs), else
//! `cfn-lint` on `PATH`. Whichever is found must be version 1.58.0: findings differ between
//! versions, so another version fails the test rather than passing with other rules. When none is
//! found the test passes locally with a `SKIPPED` line written straight to the terminal (not
//! captured by the test harness, so the skip is visible in `cargo test` output), and fails in CI
//! (`CI=true`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::conformance_suite::{self, in_ci};
use crate::generate;

/// cfn-lint rule ids tolerated anywhere (see the module docs).
const ALLOWED: &[&str] = &["W2531", "W3005"];

/// Whether a parseable finding line is tolerated.
fn allowed(line: &str) -> bool {
    let rule = line.split(':').nth(5).unwrap_or_default();
    ALLOWED.contains(&rule)
        || (rule == "W3011" && retained_layer(line))
        || (rule == "E1029"
            && [
                "/Properties/Description",
                "/Properties/Environment/Variables/",
                "/Properties/Handler",
                "/Properties/Code/S3Key",
            ]
            .iter()
            .any(|p| line.contains(p)))
}

/// Whether a finding is on a retained layer version or its permission: its file and line, looked
/// up in the template (`file:line:...`), name a resource whose logical ID ends in the layer's
/// 40-hex-digit hash.
fn retained_layer(line: &str) -> bool {
    let mut parts = line.splitn(3, ':');
    let (Some(file), Some(n)) = (parts.next(), parts.next().and_then(|n| n.parse::<usize>().ok())) else {
        return false;
    };
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let Some(at) = text.lines().nth(n.saturating_sub(1)) else { return false };
    let id = at.trim().trim_start_matches('"').split('"').next().unwrap_or_default();
    let hash = |rest: &str| rest.len() == 40 && rest.bytes().all(|b| b.is_ascii_hexdigit());
    id.rsplit_once("LambdaLayer")
        .is_some_and(|(_, rest)| hash(rest) || rest.strip_prefix("Permission").is_some_and(hash))
}

/// The cfn-lint version the allow-list above was reviewed against (the one `.ci/run` installs).
const CFN_LINT_VERSION: &str = "1.58.0";

/// The cfn-lint to run and its `--version` output, or `None` when there is none at all.
fn cfn_lint() -> Option<(PathBuf, String)> {
    let venv = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join(".venv/bin/cfn-lint");
    let candidates: Vec<PathBuf> = match std::env::var_os("CFN_LINT") {
        Some(p) => vec![PathBuf::from(p)],
        None => vec![venv, PathBuf::from("cfn-lint")],
    };
    candidates.into_iter().find_map(|lint| {
        let out = Command::new(&lint).arg("--version").output().ok()?;
        let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
        Some((lint, version))
    })
}

/// Says so on the terminal itself: libtest captures `eprintln!` of a passing test, which is how a
/// skipped gate used to read as a plain `ok`.
fn visible_note(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// Plugin cases not linted, each with the finding it would give and why it stands.
const PLUGIN_CASES_NOT_LINTED: &[(&str, &str)] = &[
    ("step_functions/basic", "W3011: the plugin's `retain: true` writes `DeletionPolicy: Retain` alone, as here"),
    ("step_functions/overrides", "W3011: as `basic`"),
    (
        "warmup/options",
        "E1150: the placeholder ids `sg-1`/`subnet-1` of osls's run, which stackwright accepts (short \
         hexadecimal ids, as the reference's own tests use)",
    ),
];

/// Templates of the plugin cases that are checked against the plugins' own output
/// (`core/tests/data/<plugin>/<case>/serverless.json`), with hashed artifacts; the cases that
/// are errors by design, and [`PLUGIN_CASES_NOT_LINTED`], are left out.
fn plugin_case_templates() -> Vec<(String, String)> {
    let data = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../core/tests/data"));
    let mut cases: Vec<PathBuf> = std::fs::read_dir(data)
        .expect("core/tests/data")
        .flatten()
        .filter(|plugin| plugin.path().is_dir())
        .flat_map(|plugin| std::fs::read_dir(plugin.path()).expect("plugin data").flatten().map(|c| c.path()))
        .filter(|case| case.join("serverless.json").exists())
        .collect();
    cases.sort();
    let mut out = Vec::new();
    for case in cases {
        let plugin = case.parent().and_then(Path::file_name).unwrap_or_default().to_string_lossy();
        let name = case.file_name().unwrap_or_default().to_string_lossy();
        if PLUGIN_CASES_NOT_LINTED.iter().any(|(c, _)| *c == format!("{plugin}/{name}")) {
            continue;
        }
        let text = std::fs::read_to_string(case.join("serverless.json")).expect("case");
        let Ok(mut svc) = Service::from_json_str(&text) else { continue };
        // As the plugin tests synthesize them (`core/tests/support`): one zip for the service.
        if svc.config().package.artifact.is_none() {
            svc.package_artifact(stackwright::Artifact::with_sha256("artifact.zip", crate::fuzz_replay::SHA));
        }
        crate::fuzz_replay::with_hashed_artifacts(&mut svc);
        if let Ok(t) = svc.synth() {
            out.push((format!("plugin-{plugin}-{name}"), t.to_json_pretty()));
        }
    }
    out
}

/// Templates of the successful public conformance cases, as stackwright produces them.
fn conformance_templates() -> Vec<(String, String)> {
    let Some(suite) = conformance_suite::suite_dir() else {
        assert!(!in_ci(), "conformance suite not found; CI must lint it");
        return vec![];
    };
    let mut out = Vec::new();
    // The events cases that synthesize: events, IAM, logs, tags and layers.
    let events: Vec<std::path::PathBuf> = conformance_suite::events_suite_dir()
        .map(|dir| conformance_suite::cases(&dir))
        .unwrap_or_default()
        .into_iter()
        .filter(|c| {
            let name = c.file_name().unwrap_or_default().to_string_lossy().into_owned();
            let aws_valid =
                !std::fs::read_to_string(c.join("meta.json")).unwrap_or_default().contains("\"aws_valid\": false");
            aws_valid && !conformance_suite::EVENTS_PENDING.iter().any(|(p, _)| *p == name)
        })
        .collect();
    for case in conformance_suite::cases(&suite).iter().chain(&events).filter(|c| c.join("expected.json").exists()) {
        let mut svc = Service::from_json_file(case.join("serverless.json")).expect("conformance case loads");
        svc.build_time_millis(generate::BUILD_TIME);
        let t = svc.synth().unwrap_or_else(|d| panic!("{}: {d}", case.display()));
        out.push((format!("conformance-{}", case.file_name().unwrap().to_string_lossy()), t.to_json_pretty()));
    }
    out
}

use stackwright::Service;

/// Seeds of the generated sample: a fixed stream from the base seed.
pub fn sample_seeds(n: usize) -> Vec<u64> {
    let mut rng = generate::Rng::new(crate::base_seed() ^ 0x11_17);
    (0..n).map(|_| rng.next_u64()).collect()
}

/// Generated services whose every function has one event of every type it may have (Amazon MQ
/// on plain functions only), so that every event type is linted on plain and capacity-provider
/// functions in every run, whatever the sample draws.
pub fn every_event_templates() -> Vec<(String, String)> {
    let n = crate::env_usize("STACKWRIGHT_LINT_EVERY_EVENT", 12);
    let mut rng = generate::Rng::new(crate::base_seed() ^ 0xe7e7);
    let mut kinds = std::collections::BTreeSet::new();
    let templates = (0..n)
        .map(|_| {
            let seed = rng.next_u64();
            let g = generate::service_with_every_event(seed, 3);
            kinds.extend(g.service.config().functions.values().flat_map(|f| &f.events).map(|e| e.kind.clone()));
            let t = g.service.synth().unwrap_or_else(|d| panic!("every-event seed {seed}: {d}"));
            (format!("every-event-{seed}"), t.to_json_pretty())
        })
        .collect();
    let missing: Vec<&&str> = crate::generate_events::TYPES.iter().filter(|k| n > 0 && !kinds.contains(**k)).collect();
    assert!(missing.is_empty(), "no every-event template has {missing:?} (raise STACKWRIGHT_LINT_EVERY_EVENT)");
    templates
}

#[test]
fn cfn_lint_accepts_every_template() {
    let Some((lint, version)) = cfn_lint() else {
        assert!(
            !in_ci(),
            "cfn-lint not found (set CFN_LINT or run .ci/run, which installs it into .venv); CI requires it"
        );
        visible_note(
            "SKIPPED cfn_lint_accepts_every_template: cfn-lint not found (CFN_LINT, .venv/bin/cfn-lint, PATH); \
             nothing was linted. Run .ci/run to install cfn-lint 1.58.0. See README, \"cfn-lint\".",
        );
        return;
    };
    assert_eq!(
        version,
        format!("cfn-lint {CFN_LINT_VERSION}"),
        "{} is not cfn-lint {CFN_LINT_VERSION}: the gate's allow-list is reviewed against that version \
         (install it with .ci/run, or point CFN_LINT at it)",
        lint.display()
    );

    let mut templates: Vec<(String, String)> = crate::examples::templates()
        .into_iter()
        .map(|(name, t)| (format!("example-{name}"), t.to_json_pretty()))
        .collect();
    let conformance = conformance_templates();
    let (n_examples, n_conformance) = (templates.len(), conformance.len());
    templates.extend(conformance);
    let plugin_cases = plugin_case_templates();
    let n_plugin_cases = plugin_cases.len();
    assert!(
        plugin_cases.iter().any(|(name, _)| name.starts_with("plugin-dynamodb_autoscaling-")),
        "the plugin cases are linted"
    );
    templates.extend(plugin_cases);
    let samples = crate::env_usize("STACKWRIGHT_LINT_SAMPLES", 200);
    for seed in sample_seeds(samples) {
        let t = generate::service_with(seed, 0, 4).service.synth().unwrap_or_else(|d| panic!("seed {seed}: {d}"));
        templates.push((format!("generated-{seed}"), t.to_json_pretty()));
    }
    // Every event type in every template: a function of every kind with one event of each type.
    let every_event = every_event_templates();
    let n_every_event = every_event.len();
    templates.extend(every_event);

    // Hostile strings stackwright accepted (see injection.rs): cfn-lint must accept them too.
    let mut n_injections = 0;
    for (i, (label, result)) in crate::injection::injections().into_iter().enumerate() {
        if let Ok(t) = result {
            n_injections += 1;
            eprintln!("injection-{i}: {label}");
            templates.push((format!("injection-{i}"), t.to_json_pretty()));
        }
    }

    assert!(n_examples > 0, "no example template to lint");
    let dir = std::env::temp_dir().join(format!("stackwright-cfn-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let files: Vec<PathBuf> = templates
        .iter()
        .map(|(name, json)| {
            let path = dir.join(format!("{name}.json"));
            std::fs::write(&path, json).expect("write template");
            path
        })
        .collect();

    // cfn-lint is slow to start and single-threaded: one process per core, each over half the files.
    let chunks: Vec<Vec<PathBuf>> = files.chunks(files.len().div_ceil(2)).map(<[PathBuf]>::to_vec).collect();
    let outputs: Vec<(Option<i32>, String, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                let lint = &lint;
                s.spawn(move || {
                    let out = Command::new(lint)
                        .args(["--regions", "us-east-1", "--format", "parseable", "--"])
                        .args(chunk)
                        .output()
                        .unwrap_or_else(|e| panic!("cannot run {}: {e}", lint.display()));
                    (
                        out.status.code(),
                        String::from_utf8_lossy(&out.stdout).into_owned(),
                        String::from_utf8_lossy(&out.stderr).into_owned(),
                    )
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("cfn-lint thread")).collect()
    });

    let mut findings = Vec::new();
    for (code, stdout, stderr) in &outputs {
        // Parseable format: `file:line:col:endline:endcol:RULE:message`.
        for line in stdout.lines().filter(|l| !l.trim().is_empty()) {
            if !allowed(line) {
                findings.push(line.to_string());
            }
        }
        // A non-zero exit without any finding means cfn-lint itself failed (bad install, crash).
        assert!(*code == Some(0) || !stdout.trim().is_empty(), "cfn-lint failed (exit {code:?}):\n{stderr}");
    }
    assert!(findings.is_empty(), "cfn-lint findings ({}):\n{}", findings.len(), findings.join("\n"));
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!(
        "cfn-lint: {} templates clean ({n_examples} examples, {n_conformance} conformance cases, {n_plugin_cases} \
         plugin cases, {samples} generated, {n_every_event} generated with every event type, {n_injections} with \
         injected strings)",
        files.len()
    );
}

/// `core/src/cfn/resource_types.txt` and `resource_shapes.txt` (the resource types, their
/// properties and the shapes of their values, which the rules on written CloudFormation read) are
/// what their generators make of the cfn-lint this gate runs: the rules and the gate cannot
/// disagree about what CloudFormation takes.
#[test]
fn resource_types_are_cfn_lints() {
    let Some((lint, version)) = cfn_lint() else {
        assert!(!in_ci(), "cfn-lint not found (set CFN_LINT or run .ci/run); CI requires it");
        visible_note("SKIPPED resource_types_are_cfn_lints: cfn-lint not found; resource_types.txt was not compared.");
        return;
    };
    assert_eq!(version, format!("cfn-lint {CFN_LINT_VERSION}"), "{}", lint.display());
    // cfn-lint's console script is a Python entry point: its interpreter is the venv's.
    let script = std::fs::read_to_string(&lint).unwrap_or_default();
    let python = script.lines().next().and_then(|l| l.strip_prefix("#!")).map(str::trim).unwrap_or("python3");
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    for name in ["resource_types", "resource_shapes"] {
        let script = root.join(format!("core/src/cfn/{name}.py"));
        let out = Command::new(python).arg(script).output().expect("runs python");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let committed = std::fs::read_to_string(root.join(format!("core/src/cfn/{name}.txt"))).unwrap();
        assert!(
            String::from_utf8_lossy(&out.stdout) == committed,
            "core/src/cfn/{name}.txt differs from what {name}.py writes with {version}: regenerate it (see the \
             script's docstring)"
        );
    }
}
