//! Command-line conventions: colour only where wanted (`--color`, `NO_COLOR`, terminals), one
//! `--format json` flag, a success summary on `validate`, a trailing newline on every output, and
//! `convert --style macro` laid out like rustfmt.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_stackwright"));
    command.args(args).current_dir(dir).env("SOURCE_DATE_EPOCH", "1767225600");
    for var in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE"] {
        command.env_remove(var);
    }
    command.envs(env.iter().copied()).output().expect("run stackwright")
}

fn scratch(name: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("conventions-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    std::fs::write(dir.join("serverless.yml"), text).expect("write config");
    std::fs::write(dir.join("artifact.zip"), b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0").expect("zip");
    dir
}

const VALID: &str = "service: svc\nprovider:\n  name: aws\n  runtime: nodejs24.x\n  vpc:\n    subnetIds: [subnet-0abc1234]\n    securityGroupIds: [sg-0abc1234]\npackage:\n  artifact: artifact.zip\nfunctions:\n  api:\n    handler: handler.api\n    capacityProvider: default\n";

fn invalid() -> PathBuf {
    scratch("invalid", &VALID.replace("capacityProvider: default", "capacityProvider: default\n    memorySize: 1024"))
}

const ESC: char = '\u{1b}';

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = invalid();
    // Not a terminal (a pipe): plain.
    let piped = run(&dir, &["validate"], &[]);
    let text = String::from_utf8(piped.stderr).unwrap();
    assert!(text.starts_with("error[LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY_SIZE]: "), "{text}");
    assert!(!text.contains(ESC), "{text}");
    // Forced: rustc's colours, the same text underneath.
    let forced = run(&dir, &["validate", "--color", "always"], &[]);
    let coloured = String::from_utf8(forced.stderr).unwrap();
    assert!(coloured.contains(ESC), "{coloured}");
    // NO_COLOR wins over a terminal in auto mode; CLICOLOR_FORCE stands in for the terminal here.
    let no_color = run(&dir, &["validate"], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!String::from_utf8(no_color.stderr).unwrap().contains(ESC));
    let never = run(&dir, &["validate", "--color", "never"], &[("CLICOLOR_FORCE", "1")]);
    assert!(!String::from_utf8(never.stderr).unwrap().contains(ESC));
}

#[test]
fn rendered_like_rustc() {
    let out = run(&invalid(), &["validate"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(
        text.contains("  --> serverless.yml:14:17\n   |\n14 |     memorySize: 1024\n   |                 ^^^^\n"),
        "{text}"
    );
    assert!(text.contains("   = at: functions.api.memorySize\n   = help: "), "{text}");
    assert!(text.ends_with("1 error(s), 0 warning(s) in serverless.yml\n"), "{text}");
}

#[test]
fn validate_says_when_all_is_well() {
    let out = run(&scratch("valid", VALID), &["validate"], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "ok: serverless.yml has no errors, 0 warning(s)\n");
}

#[test]
fn every_output_ends_in_a_newline_and_json_is_one_flag() {
    let dir = scratch("newline", VALID);
    for args in [
        &["synth"][..],
        &["synth", "--format", "yaml"],
        &["validate", "--format", "json"],
        &["artifacts"],
        &["artifacts", "--format", "json"],
        &["convert"],
        &["convert", "--style", "macro"],
    ] {
        let out = run(&dir, args, &[]);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.ends_with(b"\n") && !out.stdout.ends_with(b"\n\n"), "{args:?}");
        if args.contains(&"json") {
            serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        }
    }
    // `-o` writes the reference's bytes: stdout is exactly those plus the newline.
    let stdout = run(&dir, &["synth"], &[]).stdout;
    assert_eq!(run(&dir, &["synth", "-o", "t.json"], &[]).status.code(), Some(0));
    assert_eq!([std::fs::read(dir.join("t.json")).unwrap(), b"\n".to_vec()].concat(), stdout);
}

#[test]
fn macro_style_is_laid_out_like_rustfmt() {
    let dir = scratch(
        "macro-layout",
        &VALID.replace(
            "capacityProvider: default\n",
            "capacityProvider:\n      name: default\n      maxConcurrency: 100\n      memoryPerVCpu: 2\n      scaling: { min: 5, max: 10 }\n",
        ),
    );
    let out = run(&dir, &["convert", "--style", "macro"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let code = String::from_utf8(out.stdout).unwrap();
    assert!(code.lines().all(|l| l.len() <= 100), "{code}");
    assert!(
        code.contains(
            "        functions: {\n            api: {\n                handler: \"handler.api\",\n                capacityProvider: {\n"
        ),
        "{code}"
    );
    assert!(code.contains("                    scaling: { min: 5, max: 10 },\n"), "{code}");
}
