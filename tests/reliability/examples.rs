//! The example programs' services, for linting and the IAM checks.

#[path = "../../examples/api.rs"]
mod api;
#[path = "../../examples/defining.rs"]
mod defining;
#[path = "../../examples/external.rs"]
mod external;
#[path = "../../examples/full.rs"]
mod full;
#[path = "../../examples/multiple.rs"]
mod multiple;
#[path = "../../examples/versions_off.rs"]
mod versions_off;
#[path = "../../examples/vpc_override.rs"]
mod vpc_override;

use stackwright::{Service, Template};

/// Every example's name and service, with a fixed build time.
pub fn all() -> Vec<(&'static str, Service)> {
    let mut out = vec![
        ("api", api::service()),
        ("defining", defining::service()),
        ("external", external::service()),
        ("full", full::service()),
        ("multiple", multiple::service()),
        ("versions_off", versions_off::service()),
        ("vpc_override", vpc_override::service()),
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
