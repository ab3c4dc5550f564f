//! The smallest useful service: one Node.js function on the `default` capacity provider.
//!
//! ```sh
//! cargo run --example api > template.json
//! ```
//!
//! Mirrors the `minimal` conformance case.

use stackwright::*;

/// The service; kept apart from `main` so tests can synthesize it too.
pub fn service() -> Service<impl Brand> {
    let mut svc = stackwright::new_service!("my-service");
    // Resolve the artifact against this crate, not the working directory.
    svc.base_dir(env!("CARGO_MANIFEST_DIR"));
    // The `default` capacity provider has no VPC of its own: it takes `provider.vpc`.
    svc.provider().runtime(Runtime::Nodejs24x).vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
    svc.package_artifact("examples/artifacts/artifact.zip");

    let pool = svc.default_capacity_provider();
    svc.function("api", Function::handler("handler.api").capacity_provider(&pool));
    svc
}

// Unused when a test includes this file for `service()`.
#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    service().synth_to_stdout()
}
