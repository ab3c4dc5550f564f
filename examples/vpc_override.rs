//! The `default` capacity provider in its own VPC, beside a plain function in the provider's VPC.
//!
//! Mirrors the `vpc-override` conformance case.

use stackwright::*;

/// The service; kept apart from `main` so tests can synthesize it too.
pub fn service() -> Service<impl Brand> {
    let mut svc = stackwright::new_service!("my-service");
    svc.base_dir(env!("CARGO_MANIFEST_DIR"));
    svc.provider().runtime(Runtime::Nodejs24x).vpc(Vpc::new(["subnet-0aaa1111"], ["sg-0aaa1111"]));
    svc.package_artifact("examples/artifacts/artifact.zip");

    // Declaring `default` explicitly lets us configure it; its VPC replaces `provider.vpc`.
    let pool =
        svc.capacity_provider("default", CapacityProvider::new().vpc(Vpc::new(["subnet-0bbb2222"], ["sg-0bbb2222"])));

    svc.function("withCapacityProvider", Function::handler("handler.with").capacity_provider(&pool));
    // A plain Lambda function: it runs in `provider.vpc`.
    svc.function("withoutCapacityProvider", Function::handler("handler.without"));
    svc
}

// Unused when a test includes this file for `service()`.
#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    service().synth_to_stdout()
}
