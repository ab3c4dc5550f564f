//! Procedural macros for stackwright.
//!
//! Reserved for the `service!` macro; the facade crate re-exports what lands here.
