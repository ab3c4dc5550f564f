//! Synthesizes this crate's CloudFormation template at build time, so a broken service fails
//! `cargo build` and the template ships inside the crate (see `TEMPLATE` in src/lib.rs).

use std::path::Path;

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
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../artifacts/artifact.zip");
    // The build time ends up in the artifacts' S3 keys.
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");

    match service().synth() {
        Ok(template) => {
            for warning in template.warnings() {
                println!("cargo:warning={}", one_line(&warning.to_string()));
            }
            let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
            let path = Path::new(&out_dir).join("template.json");
            if let Err(e) = std::fs::write(&path, template.json()) {
                println!("cargo:warning=cannot write {}: {e}", path.display());
                std::process::exit(1);
            }
        }
        Err(diagnostics) => {
            // Cargo shows `cargo:warning=` lines even when the build script fails; a panic would
            // bury the diagnostics under a backtrace.
            for diagnostic in &diagnostics {
                println!("cargo:warning={}", one_line(&diagnostic.to_string()));
            }
            std::process::exit(1);
        }
    }
}

/// `cargo:warning=` takes one line; diagnostics put their help text on a second one.
fn one_line(text: &str) -> String {
    text.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}
