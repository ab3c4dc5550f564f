//! A Rust function on Lambda Managed Instances: `Function::rust("api")` is runtime
//! `provided.al2023`, handler `bootstrap` and the cargo-lambda artifact
//! `target/lambda/api/bootstrap.zip`, on a Graviton capacity provider.
//!
//! ```sh
//! cargo lambda build --release --arm64 --output-format zip   # in the function's crate
//! cargo run --example rust_on_managed_instances > template.json
//! ```
//!
//! Without cargo-lambda's output the example uses the sample zip in `examples/artifacts/`, so that
//! it runs anywhere.

use std::path::Path;

use stackwright::*;

/// The service; kept apart from `main` so tests can synthesize it too.
pub fn service() -> Service<impl Brand> {
    let mut svc = stackwright::new_service!("rust-api");
    svc.base_dir(env!("CARGO_MANIFEST_DIR"));
    svc.provider().vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));

    let graviton = svc.capacity_provider(
        "graviton",
        CapacityProvider::new()
            .instance_types(InstanceTypes::allowed(["c7g.large", "c7g.xlarge"]))
            .architecture(Architecture::Arm64)
            .scaling(Scaling::auto()),
    );

    // Built with `--arm64`: say so, since `Function::rust` is otherwise `x86_64`.
    let mut api = Function::rust("api")
        .architecture(Architecture::Arm64)
        .memory_size(2048)
        .env("RUST_LOG", "info")
        .capacity_provider(graviton.with().max_concurrency(64).scaling(environments!(1..=20)));
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/lambda/api/bootstrap.zip");
    if !built.exists() {
        api = api.artifact("examples/artifacts/artifact.zip");
    }
    svc.function("api", api);
    svc
}

// Unused when a test includes this file for `service()`.
#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    service().synth_to_stdout()
}
