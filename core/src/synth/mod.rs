//! Synthesis.
use crate::diagnostics::Diagnostics;
use crate::service::{Service, Template};
pub(crate) fn synth(_s: &Service) -> Result<Template, Diagnostics> { todo!() }
