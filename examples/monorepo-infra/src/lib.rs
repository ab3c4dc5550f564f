//! The CloudFormation template of this crate's service, synthesized by build.rs at build time.
//!
//! Deploy it with e.g. a small binary that writes [`TEMPLATE`] to a file for
//! `aws cloudformation deploy`.

/// The service's CloudFormation template (pretty JSON), as Serverless Framework v4 would write it.
pub const TEMPLATE: &str = include_str!(concat!(env!("OUT_DIR"), "/template.json"));
