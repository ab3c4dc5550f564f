//! Every example, as a user runs it: its template is snapshotted (a change in synthesis shows up as
//! a reviewable diff), equals its conformance case's `expected.json` byte for byte where it has
//! one, and is deterministic (same bytes on every call, rebuild and thread).
//!
//! One test in this binary: it fixes the build time through `SOURCE_DATE_EPOCH`, and no other
//! thread may read the environment meanwhile.

use stackwright::*;

#[path = "../examples/api.rs"]
mod api;
#[path = "support/conformance.rs"]
mod conformance_suite;
#[path = "../examples/defining.rs"]
mod defining;
#[path = "../examples/external.rs"]
mod external;
#[path = "../examples/full.rs"]
mod full;
#[path = "../examples/http_api.rs"]
mod http_api;
#[path = "../examples/layers.rs"]
mod layers;
#[path = "../examples/multiple.rs"]
mod multiple;
#[path = "../examples/orders_iam.rs"]
mod orders_iam;
#[path = "../examples/versions_off.rs"]
mod versions_off;
#[path = "../examples/vpc_override.rs"]
mod vpc_override;
#[path = "../examples/worker.rs"]
mod worker;

/// An example's service, unbranded, resolving artifacts against the workspace root: the examples
/// use `env!("CARGO_MANIFEST_DIR")`, which here is this package's directory (`tests/`), not the
/// root package's where `examples/artifacts` is.
fn at_root<B>(svc: stackwright::Service<B>) -> stackwright::Service {
    let mut svc = svc.into_unbranded();
    svc.base_dir(ROOT);
    svc
}

/// The workspace root.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// An example's name, its conformance twin (if any) and the function building its service
/// (unbranded, so that all of them have one type).
type Example = (&'static str, Option<&'static str>, fn() -> Service);

const EXAMPLES: [Example; 12] = [
    ("api", Some("minimal"), || at_root(api::service())),
    ("defining", Some("defining"), || at_root(defining::service())),
    ("external", Some("external-arn"), || at_root(external::service())),
    ("full", Some("full"), || at_root(full::service())),
    ("multiple", Some("multiple"), || at_root(multiple::service())),
    ("versions_off", Some("versions-off"), || at_root(versions_off::service())),
    ("vpc_override", Some("vpc-override"), || at_root(vpc_override::service())),
    ("orders_iam", None, || at_root(orders_iam::service())),
    ("http_api", None, || at_root(http_api::service())),
    ("worker", None, || at_root(worker::service())),
    ("layers", None, || at_root(layers::service())),
    ("generated", None, generated),
];

/// 10 capacity providers (names "2", "4", .., "10" that JavaScript orders as array indices, and
/// dashed "pool-1", .., "pool-9") and 50 functions spread over them.
fn generated() -> Service {
    let mut svc = Service::new("generated-svc");
    svc.base_dir(ROOT);
    svc.provider().runtime(Runtime::Nodejs24x).vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
    svc.package_artifact("examples/artifacts/artifact.zip");

    let pools: Vec<CapacityProviderHandle> = (0..10)
        .map(|i| {
            let name = if i % 2 == 0 { (i + 2).to_string() } else { format!("pool-{i}") };
            let scaling = if i % 3 == 0 { Scaling::auto().max_vcpu_count(12 + i) } else { Scaling::unspecified() };
            svc.capacity_provider(name, CapacityProvider::new().scaling(scaling))
        })
        .collect();
    for i in 0..50u32 {
        let pool = &pools[i as usize % pools.len()];
        let function = Function::handler(format!("index.handler{i}")).env("INDEX", i.to_string());
        let function = if i % 3 == 0 {
            function.capacity_provider(pool.with().max_concurrency(1 + i))
        } else {
            function.capacity_provider(pool)
        };
        svc.function(format!("fn-{i}"), function);
    }
    svc
}

fn synth(name: &str, service: &Service) -> String {
    service.synth().unwrap_or_else(|d| panic!("{name} does not synthesize:\n{d}")).to_json_pretty()
}

#[test]
fn examples() {
    // SAFETY: this is the only test in this binary, so no other thread reads or writes the
    // environment concurrently; the spawned thread below starts after the write. The expected
    // templates were built at this time, and S3 keys embed it.
    unsafe { std::env::set_var("SOURCE_DATE_EPOCH", "1767225600") };
    let suite = conformance_suite::suite_dir();
    if suite.is_none() {
        assert!(!conformance_suite::in_ci(), "CI must provide ../shared/conformance/public");
        eprintln!("note: ../shared/conformance/public not found; conformance comparison skipped");
    }

    let mut failures = Vec::new();
    for (name, case, build) in EXAMPLES {
        let service = build();
        let template = synth(name, &service);
        if case.is_some() || matches!(name, "orders_iam" | "http_api" | "worker" | "layers") {
            insta::assert_snapshot!(name, template);
        }
        assert_eq!(template, synth(name, &service), "{name}: same service, different template");
        assert_eq!(template, synth(name, &build()), "{name}: rebuilt service, different template");
        if let (Some(case), Some(suite)) = (case, &suite) {
            let expected = std::fs::read_to_string(suite.join(case).join("expected.json"))
                .unwrap_or_else(|e| panic!("{case}/expected.json: {e}"));
            if template != expected {
                failures
                    .push(format!("{name} ({case}): {}", conformance_suite::first_difference(&expected, &template)));
            }
        }
    }
    assert!(failures.is_empty(), "examples differ from their conformance cases:\n{}", failures.join("\n"));

    let generated_here = synth("generated", &generated());
    assert_eq!(generated_here.matches("\"Type\": \"AWS::Lambda::CapacityProvider\"").count(), 10);
    assert_eq!(generated_here.matches("\"Type\": \"AWS::Lambda::Function\"").count(), 50);
    let generated_there = std::thread::spawn(|| synth("generated", &generated())).join().expect("thread panicked");
    assert_eq!(generated_here, generated_there, "generated: different template on another thread");
}
