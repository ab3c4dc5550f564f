#![doc = include_str!("../README.md")]
//!
//! ---
//!
//! This facade re-exports [`stackwright_core`]: the model, the builders, validation and synthesis.

pub use stackwright_core::*;
