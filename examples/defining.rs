//! Defining a named capacity provider with AWS-managed scaling and running a function on it.
//!
//! Mirrors the `defining` conformance case.

use stackwright::*;

/// The service; kept apart from `main` so tests can synthesize it too.
pub fn service() -> Service<impl Brand> {
    let mut svc = stackwright::new_service!("my-service");
    svc.base_dir(env!("CARGO_MANIFEST_DIR"));
    svc.provider().runtime(Runtime::Nodejs24x).vpc(Vpc::new(["subnet-12345678"], ["sg-12345678"]));
    svc.package_artifact("examples/artifacts/artifact.zip");

    // AWS scales the instances, but never beyond 100 vCPUs.
    let high_mem =
        svc.capacity_provider("highMem", CapacityProvider::new().scaling(Scaling::auto().max_vcpu_count(100)));
    // The handle is the only way to name the provider, so a typo cannot compile.
    svc.function("my-function", Function::handler("index.handler").capacity_provider(&high_mem));
    svc
}

// Unused when a test includes this file for `service()`.
#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    service().synth_to_stdout()
}
