//! The reference framework's own input → output pairs (`../shared/reference/golden`): configs that
//! AWS accepts give the reference's exact template; configs the reference rejects give its error
//! first; configs the reference accepts but AWS would reject (DECISIONS.md D2) give stackwright's
//! error instead.

use std::path::{Path, PathBuf};

use stackwright::Service;

/// What stackwright does with each golden case.
enum Expect {
    /// Byte-identical to the reference's template.
    Template,
    /// Rejected; the first error has this code (and, for reference errors, the reference's message).
    Error(&'static str),
    /// Not reproduced on purpose (see the README's differences table).
    Skip,
}

const CASES: &[(&str, Expect)] = &[
    ("core-01-two-plain-functions-legacy-bucket", Expect::Template),
    // The v4 account-wide bucket needs AWS credentials; stackwright uses the in-stack bucket (D3).
    ("core-02-global-bucket", Expect::Skip),
    // Its environment variables `A` and `B`: Lambda takes names of two characters at least (D2).
    // The template with them renamed is cli/tests/fixtures/provider_settings_vpc, made by osls.
    ("core-03-provider-settings-vpc", Expect::Error("LAMBDA_INVALID_FUNCTION_PROPERTY")),
    ("core-04-custom-function-name", Expect::Template),
    ("core-05-version-disabled", Expect::Template),
    // The reference's default runtime nodejs20.x does not run on Managed Instances (D2).
    ("cp-01-minimal-default", Expect::Error("LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_RUNTIME")),
    ("cp-03-full", Expect::Error("LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_RUNTIME")),
    ("cp-06-intrinsic-toplevel", Expect::Error("UNRESOLVED_REFERENCE")),
    ("cp-09-excluded-no-arch", Expect::Error("LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_RUNTIME")),
    ("cp-10-undefined-name", Expect::Error("LAMBDA_CAPACITY_PROVIDER_UNDEFINED")),
    ("cp-11-function-vpc-ignored", Expect::Error("LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_RUNTIME")),
    ("cp-14-image-function", Expect::Error("LAMBDA_MANAGED_INSTANCES_IMAGE_UNSUPPORTED")),
    ("cp-15-provisioned-reserved", Expect::Error("LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_RUNTIME")),
    ("cp-19-mode-passthrough", Expect::Error("LAMBDA_CAPACITY_PROVIDER_INVALID_SCALING_MODE")),
    ("cp-20-zero-values", Expect::Error("LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY")),
    ("err-01-manual-no-policies", Expect::Error("LAMBDA_CAPACITY_PROVIDER_MANUAL_SCALING_REQUIRES_POLICIES")),
    ("err-02-allowed-and-excluded", Expect::Error("LAMBDA_CAPACITY_PROVIDER_INVALID_INSTANCE_REQUIREMENTS")),
    ("err-03-missing-vpc", Expect::Error("LAMBDA_CAPACITY_PROVIDER_MISSING_VPC")),
    ("err-04-partial-cp-vpc", Expect::Error("LAMBDA_CAPACITY_PROVIDER_MISSING_VPC")),
    ("err-05-function-memory-low", Expect::Error("LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY_SIZE")),
    ("err-06-provider-memory-low", Expect::Error("LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY_SIZE")),
    ("err-07-standard-memory-high", Expect::Error("LAMBDA_INVALID_MEMORY_SIZE")),
    ("err-08-memoryPerVCpu-3", Expect::Error("LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY")),
    ("err-09-min0-max5", Expect::Error("LAMBDA_MANAGED_INSTANCES_INVALID_SCALING_CONFIG")),
    ("err-10-min-gt-max", Expect::Error("LAMBDA_MANAGED_INSTANCES_INVALID_SCALING_CONFIG")),
    ("err-11-missing-name", Expect::Error("LAMBDA_MANAGED_INSTANCES_MISSING_NAME")),
    ("err-12-filesystem", Expect::Error("LAMBDA_FILE_SYSTEM_CONFIG_WITH_CAPACITY_PROVIDER")),
    ("err-13-precedence-cp-before-function", Expect::Error("LAMBDA_CAPACITY_PROVIDER_MISSING_VPC")),
];

/// Writes the golden's input as serverless.json beside a zip holding the golden's artifact bytes
/// (`dummy`), named as the reference would name the service artifact.
fn prepare(case: &serde_json::Value, dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let mut input = case["input_serverless_yml"].clone();
    if let Some(stage) = case["cli_options"].get("stage") {
        input["provider"]["stage"] = stage.clone();
    }
    let artifact = format!("{}.zip", input["service"].as_str().unwrap());
    std::fs::write(dir.join(&artifact), b"dummy").unwrap();
    if input.get("package").is_none() {
        input["package"] = serde_json::json!({ "artifact": artifact });
    }
    let path = dir.join("serverless.json");
    std::fs::write(&path, serde_json::to_string_pretty(&input).unwrap()).unwrap();
    path
}

#[test]
fn reference_golden_cases() {
    let golden = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join("../shared/reference/golden");
    if !golden.is_dir() {
        assert!(std::env::var("CI").is_err(), "reference golden cases not found; CI must run them");
        eprintln!("note: {} not found; skipped", golden.display());
        return;
    }
    // The goldens' artifact directory uses 1700000000000; this binary has this one test only.
    unsafe { std::env::set_var("SOURCE_DATE_EPOCH", "1700000000") };
    let work = std::env::temp_dir().join(format!("stackwright-golden-{}", std::process::id()));
    let mut failures = Vec::new();
    for (name, expect) in CASES {
        if matches!(expect, Expect::Skip) {
            continue;
        }
        let case: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(golden.join(format!("{name}.json"))).unwrap()).unwrap();
        let config = prepare(&case, &work.join(name));
        let result = Service::from_json_file(&config).and_then(|s| s.synth());
        let outcome = match (expect, result) {
            (Expect::Skip, _) => unreachable!("skipped above"),
            (Expect::Template, Ok(t)) => {
                let want = serde_json::to_string_pretty(&case["expected"]["template"]).unwrap();
                (t.json() == want).then_some(()).ok_or_else(|| format!("template differs:\n{}", t.json()))
            }
            (Expect::Template, Err(d)) => Err(format!("expected a template, got:\n{d}")),
            (Expect::Error(code), Ok(_)) => Err(format!("expected {code}, got a template")),
            (Expect::Error(code), Err(d)) => {
                let first = d.errors().next().expect("an error");
                let reference_message = case["expected"]["error"]["message"].as_str();
                if first.code != *code {
                    Err(format!("expected first error {code}, got:\n{d}"))
                } else if reference_message.is_some_and(|m| m != first.message) {
                    Err(format!("expected the reference's message {reference_message:?}, got {:?}", first.message))
                } else {
                    Ok(())
                }
            }
        };
        if let Err(why) = outcome {
            failures.push(format!("{name}: {why}"));
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
