//! The example programs' services, for linting and the IAM checks.

#[path = "../../examples/api.rs"]
mod api;
#[path = "../../examples/defining.rs"]
mod defining;
#[path = "../../examples/external.rs"]
mod external;
#[path = "../../examples/full.rs"]
mod full;
#[path = "../../examples/http_api.rs"]
mod http_api;
#[path = "../../examples/layers.rs"]
mod layers;
#[path = "../../examples/multiple.rs"]
mod multiple;
#[path = "../../examples/orders_iam.rs"]
mod orders_iam;
#[path = "../../examples/versions_off.rs"]
mod versions_off;
#[path = "../../examples/vpc_override.rs"]
mod vpc_override;
// Enable once the `schedule` and `stream` event types are merged (they are stubs on ev-builder):
#[path = "../../examples/worker.rs"]
mod worker;

use stackwright::{Service, Template};

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

/// Every example's name and service (unbranded, to share one type), with a fixed build time.
pub fn all() -> Vec<(&'static str, Service)> {
    let mut out = vec![
        ("api", at_root(api::service())),
        ("defining", at_root(defining::service())),
        ("external", at_root(external::service())),
        ("full", at_root(full::service())),
        ("multiple", at_root(multiple::service())),
        ("versions_off", at_root(versions_off::service())),
        ("vpc_override", at_root(vpc_override::service())),
        ("orders_iam", at_root(orders_iam::service())),
        ("http_api", at_root(http_api::service())),
        ("worker", at_root(worker::service())),
        ("layers", at_root(layers::service())),
    ];
    for (_, svc) in &mut out {
        svc.build_time_millis(crate::generate::BUILD_TIME);
    }
    out
}

/// Every example's template.
pub fn templates() -> Vec<(&'static str, Template)> {
    all()
        .into_iter()
        .map(|(name, svc)| (name, svc.synth().unwrap_or_else(|d| panic!("example {name} does not synthesize:\n{d}"))))
        .collect()
}
