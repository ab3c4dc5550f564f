//! `Function::rust`: a Rust function on Lambda Managed Instances (`provided.al2023`, `bootstrap`,
//! the cargo-lambda artifact), and the `rust_on_managed_instances` example.

#[path = "../examples/rust_on_managed_instances.rs"]
mod rust_on_managed_instances;

use stackwright::*;

#[test]
fn rust_function_defaults() {
    let f = Function::rust("api");
    assert_eq!(f.runtime, Some(Runtime::ProvidedAl2023));
    assert_eq!(f.handler.as_deref(), Some("bootstrap"));
    assert_eq!(f.architecture, Some(Architecture::X86_64));
    assert_eq!(
        f.package.artifact.as_ref().map(|a| a.path.clone()),
        Some(std::path::PathBuf::from("target/lambda/api/bootstrap.zip"))
    );
}

#[test]
fn example_synthesizes_a_rust_function_on_graviton() {
    let mut svc = rust_on_managed_instances::service();
    // The example resolves its artifact against `CARGO_MANIFEST_DIR`: here `tests/`, not the root.
    svc.base_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    svc.build_time_millis(1767225600000);
    let template = svc.synth().unwrap_or_else(|d| panic!("{d}"));
    let function = &template.resources()["ApiLambdaFunction"]["Properties"];
    assert_eq!(function["Runtime"], "provided.al2023");
    assert_eq!(function["Handler"], "bootstrap");
    assert_eq!(function["Architectures"], serde_json::json!(["arm64"]));
    assert!(template.resources().contains_key("GravitonLambdaCapacityProvider"));
}
