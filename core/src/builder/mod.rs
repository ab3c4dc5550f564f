//! Typed builders over the model.

pub(crate) mod capacity_provider;
mod function;
pub(crate) mod surface;
