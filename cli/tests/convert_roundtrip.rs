//! `stackwright convert` round trip: every public conformance case that synthesizes (and
//! `tests/fixtures/*`, which uses every setting convert knows) is converted from its
//! serverless.yml in both styles (builder calls and `service!`), all conversions are compiled as
//! modules of ONE generated crate (built once, against this workspace's `stackwright`), and each
//! program's template must equal `stackwright synth`'s output for the same file, byte for byte.

use std::path::{Path, PathBuf};
use std::process::Command;

const EPOCH: &str = "1767225600";

#[path = "../../tests/support/conformance.rs"]
mod conformance_suite;
use conformance_suite::{EVENTS_PENDING, events_suite_dir, in_ci, suite_dir};

fn stackwright(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_stackwright"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .expect("run stackwright")
}

#[test]
fn converted_programs_produce_the_same_templates() {
    let suite = suite_dir();
    if suite.is_none() {
        assert!(!in_ci(), "conformance suite not found; CI must run it");
        eprintln!("note: conformance suite not found; only this crate's fixtures are converted");
    }
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases: Vec<PathBuf> = Vec::new();
    for (dir, needs) in suite.iter().map(|s| (s.clone(), "expected.json")).chain([(fixtures, "serverless.yml")]) {
        cases.extend(conformance_suite::cases(&dir).into_iter().filter(|p| p.join(needs).exists()));
    }
    // The events cases that synthesize (events, IAM, logs, tags, layers).
    if let Some(events) = events_suite_dir() {
        cases.extend(conformance_suite::cases(&events).into_iter().filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy().into_owned();
            let aws_valid =
                !std::fs::read_to_string(p.join("meta.json")).unwrap_or_default().contains("\"aws_valid\": false");
            aws_valid && p.join("expected.json").exists() && !EVENTS_PENDING.iter().any(|(c, _)| *c == name)
        }));
    }
    let cases: Vec<PathBuf> = cases.into_iter().map(|c| c.canonicalize().expect("canonical case dir")).collect();

    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf();
    // Kept between runs, so that only the generated code is rebuilt after the first time.
    let krate = Path::new(env!("CARGO_TARGET_TMPDIR")).join("convert-roundtrip");
    std::fs::create_dir_all(krate.join("src")).expect("create crate dir");
    let manifest = format!(
        "[package]\nname = \"convert-roundtrip\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nstackwright = {{ path = {:?} }}\n\n[workspace]\n",
        workspace.display().to_string()
    );
    std::fs::write(krate.join("Cargo.toml"), manifest).expect("write manifest");
    // The workspace's lock file pins the same dependency versions the workspace tests use.
    std::fs::copy(workspace.join("Cargo.lock"), krate.join("Cargo.lock")).expect("copy Cargo.lock");

    let mut modules = String::new();
    let mut main = String::from("fn main() {\n");
    let mut expected = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let yml = case.join("serverless.yml");
        let yml = yml.to_str().expect("utf-8 path");
        let synth = stackwright(&["synth", "-c", yml]);
        assert!(synth.status.success(), "synth {yml}: {}", String::from_utf8_lossy(&synth.stderr));
        // Without the newline stdout output ends in: the program prints `t.json()` itself.
        let template = String::from_utf8(synth.stdout).expect("utf-8 template");
        expected.push(template.strip_suffix('\n').unwrap_or(&template).to_string());
        for style in ["builder", "macro"] {
            let convert = stackwright(&["convert", "--style", style, "-c", yml]);
            assert!(convert.status.success(), "convert {yml}: {}", String::from_utf8_lossy(&convert.stderr));
            let code = String::from_utf8(convert.stdout).expect("utf-8 code");
            // `//!` comments are only allowed at the top of a file: make them plain comments.
            let code = code.replace("//!", "//");
            modules.push_str(&format!("#[allow(dead_code)]\nmod case_{i}_{style} {{\n{code}\n}}\n\n"));
            main.push_str(&format!(
                "    let mut svc = case_{i}_{style}::service();\n    svc.base_dir({:?});\n    \
                 match svc.synth() {{ Ok(t) => print!(\"{{}}\\n=====\\n\", t.json()), Err(d) => print!(\"ERROR {{d}}\\n=====\\n\") }}\n",
                case.display().to_string()
            ));
        }
    }
    main.push_str("}\n");
    std::fs::write(krate.join("src/main.rs"), format!("{modules}{main}")).expect("write main.rs");

    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["run", "--quiet", "--offline", "--manifest-path"])
        .arg(krate.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", krate.join("target"))
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    assert!(output.status.success(), "generated crate failed:\n{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).expect("utf-8 output");
    let actual: Vec<&str> = stdout.split("\n=====\n").filter(|s| !s.is_empty()).collect();
    assert_eq!(actual.len(), 2 * cases.len(), "one template per case and style");
    let mut failures = Vec::new();
    for (i, got) in actual.iter().enumerate() {
        let (case, style) = (&cases[i / 2], ["builder", "macro"][i % 2]);
        if expected[i / 2] != *got {
            failures.push(format!("{} ({style}):\n{}", case.display(), &got[..got.len().min(400)]));
        }
    }
    eprintln!(
        "convert round trip: {}/{} programs identical ({} cases, builder and macro style)",
        actual.len() - failures.len(),
        actual.len(),
        cases.len()
    );
    assert!(failures.is_empty(), "converted programs differ:\n{}", failures.join("\n\n"));
}
