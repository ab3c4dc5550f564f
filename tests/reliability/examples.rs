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
#[path = "../../examples/multiple.rs"]
mod multiple;
#[path = "../../examples/orders_iam.rs"]
mod orders_iam;
#[path = "../../examples/versions_off.rs"]
mod versions_off;
#[path = "../../examples/vpc_override.rs"]
mod vpc_override;
// Enable once the `schedule` and `stream` event types are merged (they are stubs on ev-builder):
// #[path = "../../examples/worker.rs"]
// mod worker;

use stackwright::{Service, Template};

/// Every example's name and service (unbranded, to share one type), with a fixed build time.
pub fn all() -> Vec<(&'static str, Service)> {
    let mut out = vec![
        ("api", api::service().into_unbranded()),
        ("defining", defining::service().into_unbranded()),
        ("external", external::service().into_unbranded()),
        ("full", full::service().into_unbranded()),
        ("multiple", multiple::service().into_unbranded()),
        ("versions_off", versions_off::service().into_unbranded()),
        ("vpc_override", vpc_override::service().into_unbranded()),
        ("orders_iam", orders_iam::service().into_unbranded()),
        ("http_api", http_api::service().into_unbranded()),
        // ("worker", worker::service().into_unbranded()),
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
