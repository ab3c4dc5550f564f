//! Typed builders over the model.

pub(crate) mod capacity_provider;
pub(crate) mod environments;
pub(crate) mod event;
mod function;
pub(crate) mod layer;
pub(crate) mod surface;
