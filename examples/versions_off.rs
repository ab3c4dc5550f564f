//! `versionFunctions: false` on capacity-provider functions. Synthesis succeeds, with a
//! warning: Lambda provisions a capacity-provider function's execution environments when a
//! version is published.
//!
//! Mirrors the `versions-off` conformance case.

use stackwright::*;

/// The service; kept apart from `main` so tests can synthesize it too.
pub fn service() -> Service<impl Brand> {
    let mut svc = stackwright::new_service!("my-service");
    svc.base_dir(env!("CARGO_MANIFEST_DIR"));
    svc.provider()
        .runtime(Runtime::Nodejs24x)
        .version_functions(false)
        .vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
    svc.package_artifact("examples/artifacts/artifact.zip");

    let pool = svc.default_capacity_provider();
    svc.function("api", Function::handler("handler.api").capacity_provider(&pool));
    svc.function("worker", Function::handler("handler.worker").memory_size(4096).capacity_provider(&pool));
    svc
}

// Unused when a test includes this file for `service()`.
#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    service().synth_to_stdout()
}
