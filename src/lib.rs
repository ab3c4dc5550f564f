#![doc = include_str!("../README.md")]
//!
//! ---
//!
//! This facade re-exports [`stackwright_core`]: the model, the builders, validation and synthesis,
//! and the [`service!`] and [`new_service!`] macros.

pub use stackwright_core::*;

pub use stackwright_macros::{new_service, service};

pub mod build;
/// Deploy, diff, info and remove against AWS with CloudFormation change sets: the operations
/// behind `stackwright deploy` (feature `deploy`, off by default because it builds the AWS SDK).
/// See [`deploy::Deployer`] for an example.
#[cfg(feature = "deploy")]
pub use stackwright_cli::deploy;

/// What `service!` and `new_service!` expansions use: every path they emit goes through here, so
/// a user item named like one of ours (`Function`, `Service`) can never be picked up instead. Not
/// part of the public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use serde_json::Value;
    pub use stackwright_core::*;

    /// One step of the path where a run-time value goes.
    pub enum Seg {
        /// An object key.
        Key(&'static str),
        /// An array index.
        Index(usize),
    }

    /// A run-time value (a constant, a variable, `env!(..)`) as JSON, for the same loader a
    /// serverless.json goes through. Serialization of plain data cannot fail; anything that does
    /// becomes `null`, which the loader reports at `synth()`.
    pub fn to_value<T: serde::Serialize + ?Sized>(value: &T) -> Value {
        serde_json::to_value(value).unwrap_or(Value::Null)
    }

    /// The service of a `service!` invocation: the literal tree (checked at compile time), with the
    /// run-time values patched in, loaded by core's loader; relative artifact paths resolve
    /// against the invoking crate's directory.
    pub fn service(literals: &str, values: Vec<(&[Seg], Value)>, base_dir: &str) -> Service {
        let mut tree: Value = serde_json::from_str(literals).unwrap_or(Value::Null);
        for (path, value) in values {
            if let Some(slot) = slot(&mut tree, path) {
                *slot = value;
            }
        }
        let mut service = Service::from_value_deferred(&tree, true);
        service.base_dir(base_dir);
        service
    }

    fn slot<'v>(tree: &'v mut Value, path: &[Seg]) -> Option<&'v mut Value> {
        path.iter().try_fold(tree, |node, seg| match seg {
            Seg::Key(k) => node.get_mut(*k),
            Seg::Index(i) => node.get_mut(*i),
        })
    }
}
