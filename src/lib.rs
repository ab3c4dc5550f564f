//! # stackwright
//!
//! Declare a Serverless-Framework-style service on AWS Lambda Managed Instances in Rust and get
//! its CloudFormation template. This facade re-exports [`stackwright_core`].
pub use stackwright_core::*;
