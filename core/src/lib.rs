//! # stackwright-core
//!
//! The model, builders, defaults, naming, validation and CloudFormation synthesis behind
//! [stackwright](https://docs.rs/stackwright): declare a Serverless-Framework-style service with
//! Lambda Managed Instances (capacity providers) in Rust and get the CloudFormation template that
//! Serverless Framework v4 would produce, or every problem with it at once.
//!
//! ```
//! use stackwright_core::*;
//!
//! let mut svc = Service::new("my-service");
//! svc.provider().runtime(Runtime::Nodejs24x).vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
//! let high_mem = svc.capacity_provider("highMem", CapacityProvider::new()
//!     .scaling(Scaling::manual(200, [TargetTracking::cpu(70.0)]))
//!     .instance_types(InstanceTypes::allowed(["r7g.large", "r7g.xlarge"]))
//!     .architecture(Architecture::Arm64));
//! svc.function("etl", Function::handler("handler.etl").memory_size(4096)
//!     .architecture(Architecture::Arm64)
//!     .artifact(Artifact::with_sha256("dist/etl.zip", "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U="))
//!     .capacity_provider(high_mem.with().max_concurrency(100).memory_per_vcpu(MemoryPerVCpu::Gib4).scaling(environments!(5..=10))));
//! svc.build_time_millis(1767225600000);
//! let template = svc.synth().expect("valid service");
//! assert!(template.to_json_pretty().contains("HighMemLambdaCapacityProvider"));
//! ```
#![deny(missing_docs)]

mod arn;
mod artifact;
mod brand;
mod builder;
mod cfn;
pub mod codegen;
pub mod codes;
pub mod config_path;
pub mod diagnostics;
pub mod events;
pub mod hash;
pub mod json;
mod load;
pub mod model;
pub mod naming;
mod node;
#[cfg(feature = "package")]
pub mod package;
pub mod plugins;
mod reader;
mod resolve;
mod service;
mod service_data;
mod synth;
pub mod validate;
pub mod values;

pub use arn::partition_of_region;
pub use artifact::{build_time_or_now, set_started_millis, started_millis};
pub use brand::{Brand, FitsService, Unbranded};
pub use builder::capacity_provider::{
    CapacityProvider, CapacityProviderHandle, CapacityProviderUse, InstanceTypes, IntoCapacityProvider, Scaling,
    TargetTracking,
};
pub use builder::environments::Environments;
#[doc(hidden)]
pub use builder::environments::checks as __checks;
pub use builder::event::{
    AlbEvent, CloudwatchLogEvent, EventBridgeEvent, HttpApiEvent, HttpEvent, JwtAuthorizer, Method, S3Event, Schedule,
    ScheduleEvent, SnsEvent, SqsEvent, StartingPosition, StreamEvent, StreamType, Unit, WebsocketEvent,
};
pub use builder::layer::LayerHandle;
pub use builder::surface::{Iam, Resource, ResourceHandle};
pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use events::Event;
pub use model::{
    Architecture, Artifact, CapacityProviderRef, CompatibleRuntime, DeploymentBucketSettings, Expr, Function, Image,
    Intrinsic, Layer, MemoryPerVCpu, MetricType, RetiredRuntime, Runtime, ScalingMode, Vpc,
};
pub use service::{Service, Template, Upload, UploadBucket};
pub use values::Values;

/// The `serde_json` this crate's API uses ([`serde_json::Value`] in user resources and templates),
/// re-exported so that generated programs (`stackwright convert`) and users need no second
/// dependency that could drift in version.
pub use serde_json;
