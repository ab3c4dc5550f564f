//! Two capacity providers with different instance types, one function on each.
//!
//! Mirrors the `multiple` conformance case.

use stackwright::*;

/// The service; kept apart from `main` so tests can synthesize it too.
pub fn service() -> Service<impl Brand> {
    let mut svc = stackwright::new_service!("my-service");
    svc.base_dir(env!("CARGO_MANIFEST_DIR"));
    svc.provider().runtime(Runtime::Nodejs24x).vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
    svc.package_artifact("examples/artifacts/artifact.zip");

    // Graviton memory-optimized instances for the memory-hungry work...
    let high_memory = svc.capacity_provider(
        "high-memory",
        CapacityProvider::new()
            .instance_types(InstanceTypes::allowed(["r7g.large", "r7g.xlarge"]))
            .architecture(Architecture::Arm64),
    );
    // ...and cheap x86 instances for batch jobs.
    let cost_optimized = svc.capacity_provider(
        "cost-optimized",
        CapacityProvider::new().instance_types(InstanceTypes::allowed(["m7a.large", "c7a.large"])),
    );

    svc.function(
        "memory-intensive",
        Function::handler("handler.process")
            // Same architecture as its provider, or synthesis fails.
            .architecture(Architecture::Arm64)
            .capacity_provider(high_memory.with()),
    );
    svc.function("batch-job", Function::handler("handler.batch").capacity_provider(cost_optimized.with()));
    svc
}

// Unused when a test includes this file for `service()`.
#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    service().synth_to_stdout()
}
