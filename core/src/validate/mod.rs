//! Validation: every rule lives here once and returns structured [`Diagnostics`].
use crate::diagnostics::Diagnostics;
use crate::service::Service;

pub mod codes;

/// Every diagnostic for `service`.
pub fn validate(_service: &Service) -> Diagnostics {
    Diagnostics::new()
}
