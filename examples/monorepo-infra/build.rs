//! Synthesizes this crate's CloudFormation template at build time, so a broken service fails
//! `cargo build` and the template ships inside the crate (see `TEMPLATE` in src/lib.rs).

use stackwright::*;

fn service() -> Service<impl Brand> {
    let mut svc = stackwright::new_service!("monorepo-infra");
    // Relative artifact paths resolve against this crate, whatever cargo's working directory.
    svc.base_dir(env!("CARGO_MANIFEST_DIR"));
    svc.provider().runtime(Runtime::ProvidedAl2023).architecture(Architecture::Arm64);
    // In a real monorepo this is the zip of your Lambda crate (e.g. built by `cargo lambda`).
    svc.package_artifact("../artifacts/artifact.zip");

    let workers = svc.capacity_provider(
        "workers",
        CapacityProvider::new().architecture(Architecture::Arm64).vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"])),
    );
    // A Rust function on the OS-only runtime: the executable is called `bootstrap`.
    svc.function("worker", Function::handler("bootstrap").capacity_provider(&workers));
    svc
}

fn main() {
    // Template into OUT_DIR/template.json, warnings as `cargo:warning=`, errors fail the build;
    // reruns when build.rs, the artifact or SOURCE_DATE_EPOCH changes.
    stackwright::build::synth(&service());
}
