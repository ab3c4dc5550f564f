//! Macro/builder equivalence: every example's service, written with `service!`, synthesizes to the
//! byte-identical template of the builder version in `examples/`.

#[path = "../examples/api.rs"]
mod api;
#[path = "../examples/defining.rs"]
mod defining;
#[path = "../examples/external.rs"]
mod external;
#[path = "../examples/full.rs"]
mod full;
#[path = "../examples/http_api.rs"]
mod http_api;
#[path = "../examples/http_api_macro.rs"]
mod http_api_macro;
#[path = "../examples/layers.rs"]
mod layers;
#[path = "../examples/macro.rs"]
mod macro_example;
#[path = "../examples/multiple.rs"]
mod multiple;
#[path = "../examples/versions_off.rs"]
mod versions_off;
#[path = "../examples/vpc_override.rs"]
mod vpc_override;
// Enable once the `schedule` and `stream` event types are merged (then move the twin from
// `examples/pending/` to `examples/`):
#[path = "../examples/worker.rs"]
mod worker;
#[path = "../examples/worker_macro.rs"]
mod worker_macro;

use stackwright::Service;

// The `service!` versions are the trybuild pass cases of the same conformance configurations;
// their artifact is `artifact.zip`, found here in `examples/artifacts`.
#[path = "ui/pass/minimal.rs"]
mod api_macro;
#[path = "ui/pass/defining.rs"]
mod defining_macro;
#[path = "ui/pass/external_arn.rs"]
mod external_macro;
#[path = "ui/pass/full.rs"]
mod full_macro;
#[path = "ui/pass/layers.rs"]
mod layers_macro;
#[path = "ui/pass/multiple.rs"]
mod multiple_macro;
#[path = "ui/pass/versions_off.rs"]
mod versions_off_macro;
#[path = "ui/pass/vpc_override.rs"]
mod vpc_override_macro;

/// An example's service, unbranded, resolving artifacts against the workspace root: the examples
/// use `env!("CARGO_MANIFEST_DIR")`, which here is this package's directory (`tests/`), not the
/// root package's where `examples/artifacts` is.
fn at_root<B>(svc: stackwright::Service<B>) -> stackwright::Service {
    let mut svc = svc.into_unbranded();
    svc.base_dir(ROOT);
    svc
}

/// The workspace root.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// The service, unbranded (so that all pairs have one type), with the examples' artifact.
fn with_example_artifact<B>(svc: Service<B>) -> Service {
    let mut svc = svc.into_unbranded();
    svc.base_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/artifacts"));
    svc
}

#[test]
fn macro_and_builder_templates_are_identical() {
    // SAFETY: this is the only test in this binary, so no other thread reads or writes the
    // environment concurrently. The S3 keys embed the build time, which must be fixed.
    unsafe { std::env::set_var("SOURCE_DATE_EPOCH", "1767225600") };

    let pairs = [
        ("api", at_root(api::service()), with_example_artifact(api_macro::service())),
        ("defining", at_root(defining::service()), with_example_artifact(defining_macro::service())),
        ("external", at_root(external::service()), with_example_artifact(external_macro::service())),
        ("full", at_root(full::service()), with_example_artifact(full_macro::service())),
        ("macro example", at_root(full::service()), at_root(macro_example::service())),
        ("multiple", at_root(multiple::service()), with_example_artifact(multiple_macro::service())),
        ("versions_off", at_root(versions_off::service()), with_example_artifact(versions_off_macro::service())),
        ("vpc_override", at_root(vpc_override::service()), with_example_artifact(vpc_override_macro::service())),
        ("http_api", at_root(http_api::service()), at_root(http_api_macro::service())),
        ("worker", at_root(worker::service()), at_root(worker_macro::service())),
        ("layers", at_root(layers::service()), with_example_artifact(layers_macro::service())),
    ];
    for (name, builder, from_macro) in pairs {
        let expected = builder.synth().unwrap_or_else(|d| panic!("builder {name}:\n{d}"));
        let actual = from_macro.synth().unwrap_or_else(|d| panic!("service! {name}:\n{d}"));
        assert_eq!(actual.json(), expected.json(), "{name}: service! and builder templates differ");
        assert_eq!(actual.warnings(), expected.warnings(), "{name}: warnings differ");
        assert_eq!(actual.uploads(), expected.uploads(), "{name}: uploads differ");
    }
}
