//! Deploy a synthesized service with CloudFormation change sets, and `diff`, `info`, `remove`.
//!
//! `stackwright deploy` packages first, exactly as `stackwright package` does
//! ([`Service::package`](stackwright_core::Service::package) into `.serverless/`), points every
//! packaged function at its zip ([`Service::use_packaged`](stackwright_core::Service::use_packaged))
//! and hands the service to [`Deployer::deploy_service`]; `deploy --package DIR` reads an earlier
//! package's manifest instead ([`PackageDir`](stackwright_core::package::PackageDir)).
//!
//! The flow of [`Deployer::deploy`]: when the stack does not exist and its template has the
//! in-stack `ServerlessDeploymentBucket`, create the stack with only that bucket first (the
//! reference does the same: the bucket's name is known once it exists); upload every artifact
//! whose key is not in the bucket yet; create a change set with the full template, report its
//! changes, execute it (unless told not to) and follow the stack events until the stack settles.
//!
//! Everything talks to AWS through the AWS SDK for Rust with the standard configuration
//! (credential chain, `AWS_PROFILE`, `AWS_REGION`, `AWS_ENDPOINT_URL`).
//!
//! ```no_run
//! # async fn run() -> Result<(), stackwright_cli::deploy::DeployError> {
//! use stackwright_cli::deploy::{Deployer, DeployOptions, PlainReporter};
//! use stackwright_core::package::PackageOptions;
//! let mut loaded = stackwright_cli::load_file("serverless.yml".as_ref(), &Default::default()).unwrap();
//! // Build the zips of the functions without package.artifact, as `stackwright deploy` does.
//! let packaged = loaded.service.package(&PackageOptions::new(".serverless")).unwrap();
//! loaded.service.use_packaged(&packaged);
//! let deployer = Deployer::connect(Some("eu-west-1")).await;
//! let stack = stackwright_cli::deploy::stack_name(&loaded);
//! let outcome =
//!     deployer.deploy_service(&loaded.service, &stack, &DeployOptions::default(), &mut PlainReporter).await?;
//! println!("{:?}", outcome.outputs);
//! # Ok(()) }
//! ```

pub mod cli;
pub mod diff;
pub mod progress;
pub mod replacement;
mod settings;
mod stack;

use std::fmt;
use std::time::Duration;

use aws_sdk_cloudformation as cfn;
use aws_sdk_s3 as s3;
use cfn::config::http::HttpResponse;

pub use progress::{PlainReporter, Reporter, TerminalReporter};
pub use settings::StackSettings;
pub use stack::{ChangeSummary, DeployOutcome, StackEvent, StackInfo};

use crate::Loaded;

/// The logical ID of the in-stack deployment bucket and its policy (as the reference names them).
pub const BUCKET_ID: &str = "ServerlessDeploymentBucket";
/// The policy of [`BUCKET_ID`].
pub const BUCKET_POLICY_ID: &str = "ServerlessDeploymentBucketPolicy";
/// The output that names the in-stack bucket.
pub const BUCKET_OUTPUT: &str = "ServerlessDeploymentBucketName";

/// The stack name: `provider.stackName`, else `<service>-<stage>` like the reference.
///
/// ```
/// use stackwright_cli::{load_str, vars::Options};
/// let yaml = "service: svc\nprovider:\n  name: aws\n  runtime: nodejs24.x\nfunctions: {}\n";
/// let loaded = load_str("serverless.yml", yaml, &Options::default(), &|_| None).unwrap();
/// assert_eq!(stackwright_cli::deploy::stack_name(&loaded), "svc-dev");
/// ```
pub fn stack_name(loaded: &Loaded) -> String {
    if let Some(name) = loaded.value.pointer("/provider/stackName").and_then(|v| v.as_str()) {
        return name.to_string();
    }
    let config = loaded.service.config();
    format!("{}-{}", config.service, config.provider.stage.as_deref().unwrap_or("dev"))
}

/// How a deploy runs.
///
/// ```
/// use stackwright_cli::deploy::DeployOptions;
/// let review_only = DeployOptions { execute: false, ..DeployOptions::default() };
/// assert!(!review_only.execute);
/// ```
#[derive(Debug, Clone)]
pub struct DeployOptions {
    /// Execute the change set (`false`: create it, report it and stop, like `--no-execute`).
    pub execute: bool,
    /// How often stack events and change-set status are polled.
    pub poll_interval: Duration,
    /// The IAM role CloudFormation assumes for the stack's operations (`provider.cfnRole`);
    /// `None`: the caller's credentials.
    pub role_arn: Option<String>,
    /// Tags, notifications, parameters and policies of the stack's calls (the service's, when it
    /// is deployed with [`Deployer::deploy_service`](crate::deploy::Deployer::deploy_service)).
    pub settings: StackSettings,
}

impl Default for DeployOptions {
    fn default() -> Self {
        DeployOptions {
            execute: true,
            poll_interval: poll_interval_from_env(),
            role_arn: None,
            settings: StackSettings::default(),
        }
    }
}

/// The role CloudFormation assumes for the service's stack (see
/// [`Provider::cloudformation_role`](stackwright_core::model::Provider::cloudformation_role)):
/// its ARN, or an error when it is an intrinsic function, which the API cannot take.
fn cloudformation_role(service: &stackwright_core::Service) -> Result<Option<String>, DeployError> {
    match service.config().provider.cloudformation_role() {
        None => Ok(None),
        Some((_, stackwright_core::Expr::Str(arn))) => Ok(Some(arn)),
        Some((path, _)) => Err(DeployError::Template {
            message: format!("{path} must be the role's ARN to deploy with it, not an intrinsic function"),
        }),
    }
}

/// `STACKWRIGHT_POLL_INTERVAL_MS`, else 2 s (CloudFormation itself moves in seconds).
fn poll_interval_from_env() -> Duration {
    let ms = std::env::var("STACKWRIGHT_POLL_INTERVAL_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(2000);
    Duration::from_millis(ms)
}

/// Why a deploy, info, diff or remove failed; `Display` gives the whole report.
///
/// ```
/// use stackwright_cli::deploy::DeployError;
/// let e = DeployError::NoStack { stack: "svc-dev".into() };
/// assert_eq!(e.to_string(), "stack svc-dev does not exist");
/// ```
#[derive(Debug)]
pub enum DeployError {
    /// An AWS API call failed: the operation and the service's message.
    Aws {
        /// e.g. `CreateChangeSet`.
        operation: &'static str,
        /// The error with its context (code, message, request ID).
        message: String,
    },
    /// A local file could not be read.
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// The error.
        error: std::io::Error,
    },
    /// The stack ended in a failed state (rolled back, or a failed delete).
    StackFailed {
        /// The stack's final status, e.g. `UPDATE_ROLLBACK_COMPLETE`.
        status: String,
        /// The stack's status reason.
        reason: Option<String>,
        /// The resource events that failed, oldest first.
        failures: Vec<StackEvent>,
    },
    /// The change set could not be created (other than "no changes").
    ChangeSetFailed {
        /// CloudFormation's reason.
        reason: String,
    },
    /// The stack is in a state no operation can start from (e.g. `UPDATE_IN_PROGRESS`).
    Busy {
        /// The stack's status.
        status: String,
    },
    /// The stack does not exist (info, remove).
    NoStack {
        /// The stack name.
        stack: String,
    },
    /// The template cannot be deployed as is (e.g. no bucket to upload to).
    Template {
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for DeployError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeployError::Aws { operation, message } => write!(f, "{operation} failed: {message}"),
            DeployError::Io { path, error } => write!(f, "cannot read {}: {error}", path.display()),
            DeployError::StackFailed { status, reason, failures } => {
                write!(f, "the stack ended in {status}")?;
                if let Some(reason) = reason {
                    write!(f, ": {reason}")?;
                }
                for e in failures {
                    write!(f, "\n  {e}")?;
                }
                Ok(())
            }
            DeployError::ChangeSetFailed { reason } => write!(f, "the change set failed: {reason}"),
            DeployError::Busy { status } => {
                write!(f, "the stack is {status}; wait until CloudFormation finishes and try again")
            }
            DeployError::NoStack { stack } => write!(f, "stack {stack} does not exist"),
            DeployError::Template { message } => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for DeployError {}

/// An SDK error as one line: the service's code and message, else the chain of causes (a
/// credentials or connection problem), without the SDK's debug dump.
fn aws_error<E>(operation: &'static str) -> impl FnOnce(cfn::error::SdkError<E, HttpResponse>) -> DeployError
where
    E: cfn::error::ProvideErrorMetadata + std::error::Error + 'static,
{
    move |e| {
        let message = match e.as_service_error() {
            Some(service) if service.code().is_some() || service.message().is_some() => {
                format!("{}: {}", service.code().unwrap_or("error"), service.message().unwrap_or("no message"))
            }
            // A body the SDK could not parse (an emulator's JSON error, a proxy's page): show it.
            Some(_) => {
                let raw = e.raw_response();
                let status = raw.map_or(0, |r| r.status().as_u16());
                let body = raw.and_then(|r| r.body().bytes()).map(String::from_utf8_lossy).unwrap_or_default();
                format!("HTTP {status}: {}", body.chars().take(500).collect::<String>())
            }
            None => {
                let mut message = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(cause) = source {
                    message.push_str(&format!(": {cause}"));
                    source = cause.source();
                }
                message
            }
        };
        DeployError::Aws { operation, message }
    }
}

/// The CloudFormation and S3 clients, configured once.
#[derive(Debug, Clone)]
pub struct Deployer {
    cfn: cfn::Client,
    s3: s3::Client,
}

impl Deployer {
    /// Loads the standard AWS configuration; `region` (from `--region` or `provider.region`)
    /// wins over `AWS_REGION` and the profile's region, and `us-east-1` is the last fallback
    /// (the reference's default). TLS is rustls with ring (no C toolchain beyond `cc`).
    ///
    /// ```no_run
    /// # async fn run() {
    /// let deployer = stackwright_cli::deploy::Deployer::connect(None).await;
    /// # }
    /// ```
    pub async fn connect(region: Option<&str>) -> Deployer {
        use aws_smithy_http_client::tls;
        let http = aws_smithy_http_client::Builder::new()
            .tls_provider(tls::Provider::Rustls(tls::rustls_provider::CryptoMode::Ring))
            .build_https();
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest()).http_client(http);
        if let Some(region) = region {
            loader = loader.region(aws_config::Region::new(region.to_string()));
        }
        let mut config = loader.load().await;
        if config.region().is_none() {
            config = config.into_builder().region(aws_config::Region::from_static("us-east-1")).build();
        }
        Deployer::from_config(&config)
    }

    /// Clients from an SDK configuration the caller built. With a custom endpoint
    /// (`AWS_ENDPOINT_URL`, an emulator) S3 uses path-style addresses: the emulator's host has no
    /// per-bucket subdomains.
    ///
    /// ```no_run
    /// # async fn run() {
    /// let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    /// let deployer = stackwright_cli::deploy::Deployer::from_config(&config);
    /// # }
    /// ```
    pub fn from_config(config: &aws_config::SdkConfig) -> Deployer {
        let s3_config = s3::config::Builder::from(config).force_path_style(config.endpoint_url().is_some()).build();
        Deployer { cfn: cfn::Client::new(config), s3: s3::Client::from_conf(s3_config) }
    }
}
