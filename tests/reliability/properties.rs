//! Properties of every valid generated service: it synthesizes without errors, deterministically,
//! into a template whose references resolve, whose logical IDs are unique and alphanumeric and
//! whose limits hold; and the JSON loader reads the model back to the same template.

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use stackwright::Service;

use crate::checks;
use crate::generate;

fn fail(msg: String) -> TestCaseError {
    TestCaseError::fail(msg)
}

#[test]
fn generated_services_synthesize_deterministically_into_valid_templates() {
    let mut runner = crate::runner(256);
    let cases = std::sync::atomic::AtomicUsize::new(0);
    let result = runner.run(&any::<u64>(), |seed| {
        cases.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let g = generate::service(seed);
        let svc = &g.service;
        let t = svc.synth().map_err(|d| fail(format!("seed {seed}: generated service rejected:\n{d}")))?;
        for w in t.warnings().iter() {
            prop_assert!(checks::ALLOWED_WARNINGS.contains(&w.code), "seed {seed}: unexpected warning {w}");
        }
        // Deterministic: the same service, a clone, and a rebuild from the seed give the same bytes.
        let again = svc.synth().unwrap();
        prop_assert_eq!(t.json(), again.json(), "seed {}: second synth differs", seed);
        let rebuilt = generate::service(seed).service.synth().unwrap();
        prop_assert_eq!(t.json(), rebuilt.json(), "seed {}: rebuild differs", seed);
        checks::template_invariants(&t).map_err(|e| fail(format!("seed {seed}: {e}")))?;
        let expected = checks::expected_resource_count(svc);
        prop_assert_eq!(t.resources().len(), expected, "seed {}: resource count (a logical ID collided?)", seed);
        prop_assert!(svc.check().errors().next().is_none(), "seed {seed}: check() disagrees with synth()");
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    eprintln!("properties: {} generated services synthesized and checked", cases.into_inner());
}

/// The model serializes to serverless.json shape; the loader must read it back to the same
/// template (builder path and JSON path agree).
#[test]
fn json_round_trip_gives_the_same_template() {
    let mut runner = crate::runner(128);
    let result = runner.run(&any::<u64>(), |seed| {
        let g = generate::service(seed);
        let original = g.service.synth().map_err(|d| fail(format!("seed {seed}: {d}")))?;
        let mut value = serde_json::to_value(g.service.config()).expect("model serializes");
        value["provider"]["name"] = "aws".into();
        let mut loaded =
            Service::from_value(&value).map_err(|d| fail(format!("seed {seed}: reload failed:\n{d}\n{value:#}")))?;
        // Artifacts serialize as paths; give them their hashes back so nothing is read.
        loaded.config_mut().package.artifact = g.service.config().package.artifact.clone();
        for (key, f) in loaded.config_mut().functions.iter_mut() {
            f.package.artifact = g.service.config().functions[key].package.artifact.clone();
        }
        loaded.build_time_millis(generate::BUILD_TIME);
        let reloaded = loaded.synth().map_err(|d| fail(format!("seed {seed}: reloaded service rejected:\n{d}")))?;
        prop_assert_eq!(original.json(), reloaded.json(), "seed {}: JSON path differs from model path", seed);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
