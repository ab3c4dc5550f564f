//! Properties of every valid generated service: it synthesizes without errors, deterministically,
//! into a template whose references resolve, whose logical IDs are unique and alphanumeric and
//! whose limits hold; and the JSON loader reads the model back to the same template.

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use stackwright::Service;

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::checks;
use crate::generate;
use crate::generate_events;

fn fail(msg: String) -> TestCaseError {
    TestCaseError::fail(msg)
}

#[test]
fn generated_services_synthesize_deterministically_into_valid_templates() {
    let mut runner = crate::runner(256);
    let cases = std::sync::atomic::AtomicUsize::new(0);
    // Generated services (and events) per event type.
    let per_type: Mutex<BTreeMap<&'static str, (usize, usize)>> = Mutex::new(BTreeMap::new());
    let result = runner.run(&any::<u64>(), |seed| {
        cases.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let g = generate::service(seed);
        let svc = &g.service;
        tally(svc, &per_type);
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
    let cases = cases.into_inner();
    let per_type = per_type.into_inner().unwrap();
    eprintln!("properties: {cases} generated services synthesized and checked; services (events) per event type:");
    for kind in generate_events::TYPES {
        let (services, events) = per_type.get(kind).copied().unwrap_or_default();
        eprintln!("  {kind:<16} {services:>4} ({events})");
        // Every type is reached in a default run (256 cases); a short PROPTEST_CASES run may not.
        assert!(services > 0 || cases < 256, "no generated service has a {kind} event");
    }
}

/// Counts the services with events of each type, and the events.
fn tally(svc: &Service, per_type: &Mutex<BTreeMap<&'static str, (usize, usize)>>) {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for e in svc.config().functions.values().flat_map(|f| &f.events) {
        *seen.entry(e.kind.as_str()).or_default() += 1;
    }
    let mut per_type = per_type.lock().unwrap();
    for (kind, n) in seen {
        let kind = generate_events::TYPES.iter().find(|t| **t == kind).expect("a generated event type");
        let entry = per_type.entry(kind).or_default();
        entry.0 += 1;
        entry.1 += n;
    }
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
        for (key, layer) in loaded.config_mut().layers.iter_mut() {
            layer.package.artifact = g.service.config().layers[key].package.artifact.clone();
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
