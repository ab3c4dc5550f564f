//! Synthesis is a pure function of the service: the same service gives the same bytes, every
//! time and on every thread (no hash-map iteration order, no clock, no thread-local state leaks
//! into the template).

use stackwright::*;

#[path = "../examples/api.rs"]
mod api;
#[path = "../examples/defining.rs"]
mod defining;
#[path = "../examples/external.rs"]
mod external;
#[path = "../examples/full.rs"]
mod full;
#[path = "../examples/multiple.rs"]
mod multiple;
#[path = "../examples/versions_off.rs"]
mod versions_off;
#[path = "../examples/vpc_override.rs"]
mod vpc_override;

/// 10 capacity providers (names "2", "4", .., "10" that JavaScript orders as array indices, and
/// dashed "pool-1", .., "pool-9") and 50 functions spread over them.
fn generated() -> Service {
    let mut svc = Service::new("generated-svc");
    svc.base_dir(env!("CARGO_MANIFEST_DIR"));
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

/// An example's name and the function building its service.
type Example = (&'static str, fn() -> Service);

fn synth(name: &str, service: &Service) -> String {
    service.synth().unwrap_or_else(|d| panic!("{name} does not synthesize:\n{d}")).to_json_pretty()
}

#[test]
fn synthesis_is_deterministic() {
    // SAFETY: this is the only test in this binary, so no other thread reads or writes the
    // environment concurrently; the spawned thread below starts after the write. Without a fixed
    // build time, the S3 keys would differ between calls straddling a millisecond.
    unsafe { std::env::set_var("SOURCE_DATE_EPOCH", "1767225600") };

    let examples: [Example; 8] = [
        ("api", api::service),
        ("defining", defining::service),
        ("external", external::service),
        ("full", full::service),
        ("multiple", multiple::service),
        ("versions_off", versions_off::service),
        ("vpc_override", vpc_override::service),
        ("generated", generated),
    ];
    for (name, build) in examples {
        let service = build();
        let first = synth(name, &service);
        assert_eq!(first, synth(name, &service), "{name}: same service, different template");
        assert_eq!(first, synth(name, &build()), "{name}: rebuilt service, different template");
    }

    let generated_here = synth("generated", &generated());
    assert_eq!(generated_here.matches("\"Type\": \"AWS::Lambda::CapacityProvider\"").count(), 10);
    assert_eq!(generated_here.matches("\"Type\": \"AWS::Lambda::Function\"").count(), 50);
    let generated_there = std::thread::spawn(|| synth("generated", &generated())).join().expect("thread panicked");
    assert_eq!(generated_here, generated_there, "generated: different template on another thread");
}
