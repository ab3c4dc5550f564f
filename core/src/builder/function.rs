//! Builder methods on [`Function`] and [`Provider`]: the model types double as builders.

use crate::builder::capacity_provider::IntoCapacityProvider;
use crate::model::{
    Architecture, Artifact, DisabledVpc, Environment, Expr, FileSystemConfig, Function, FunctionVpc, Image, Package,
    Provider, Runtime, Vpc,
};

impl Function {
    /// A function run by `handler` (e.g. `handler.api`, `com.example.App::handle`, `bootstrap`).
    ///
    /// ```
    /// use stackwright_core::*;
    /// let f = Function::handler("handler.api").memory_size(4096).timeout(30);
    /// assert_eq!(f.memory_size, Some(4096));
    /// ```
    pub fn handler(handler: impl Into<String>) -> Self {
        Function { handler: Some(handler.into()), ..Default::default() }
    }

    /// A Rust function built with [cargo-lambda](https://www.cargo-lambda.info/) for Lambda
    /// Managed Instances (or plain Lambda): runtime `provided.al2023`, handler `bootstrap`, artifact
    /// `target/lambda/<binary>/bootstrap.zip` (what `cargo lambda build --release --output-format zip`
    /// writes), uploaded as `<binary>.zip` so that Rust functions never share an S3 key, and
    /// architecture `x86_64` (what cargo-lambda builds by default, on every machine: DECISIONS.md
    /// D10); call [`Function::architecture`] for `cargo lambda build --arm64`.
    ///
    /// ```
    /// use stackwright_core::*;
    /// let f = Function::rust("api").architecture(Architecture::Arm64);
    /// assert_eq!(f.runtime, Some(Runtime::ProvidedAl2023));
    /// assert_eq!(f.handler.as_deref(), Some("bootstrap"));
    /// assert_eq!(f.package.artifact.unwrap().path, std::path::Path::new("target/lambda/api/bootstrap.zip"));
    /// ```
    pub fn rust(binary: impl AsRef<str>) -> Self {
        let artifact = Artifact::file(format!("target/lambda/{}/bootstrap.zip", binary.as_ref()));
        Function {
            handler: Some("bootstrap".to_string()),
            runtime: Some(Runtime::ProvidedAl2023),
            architecture: Some(Architecture::X86_64),
            package: Package { artifact: Some(artifact), ..Package::default() },
            ..Default::default()
        }
    }

    /// A container-image function: its URI, pinned by digest (`...@sha256:<hex>`), or an
    /// [`Image`] with the settings the function overrides.
    ///
    /// ```
    /// use stackwright_core::{Function, Image};
    /// const URI: &str = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    /// // One image, two functions: each runs its own handler (the image's `CMD`).
    /// let api = Function::image(Image::new(URI).command(["app.api"]));
    /// let worker = Function::image(Image::new(URI).command(["app.worker"]));
    /// assert_ne!(api.image, worker.image);
    /// assert_eq!(Function::image(URI).image.unwrap().uri, URI);
    /// ```
    pub fn image(image: impl Into<Image>) -> Self {
        Function { image: Some(image.into()), ..Default::default() }
    }
}

/// The setters keep the function's brand, except [`Function::capacity_provider`], which takes the
/// provider's.
impl<B> Function<B> {
    /// The deployed function name (default `<service>-<stage>-<key>`).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// A description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The runtime (default `provider.runtime`, else `nodejs20.x`).
    pub fn runtime(mut self, runtime: Runtime) -> Self {
        self.runtime = Some(runtime);
        self
    }

    /// Memory in MB.
    pub fn memory_size(mut self, mb: u32) -> Self {
        self.memory_size = Some(mb);
        self
    }

    /// Timeout in seconds.
    pub fn timeout(mut self, seconds: u32) -> Self {
        self.timeout = Some(seconds);
        self
    }

    /// The architecture.
    pub fn architecture(mut self, architecture: Architecture) -> Self {
        self.architecture = Some(architecture);
        self
    }

    /// One environment variable (merged over `provider.environment`).
    ///
    /// ```
    /// use stackwright_core::*;
    /// let f = Function::handler("h").env("TABLE", "orders").env("REGION", Intrinsic::reference("AWS::Region"));
    /// assert_eq!(f.environment.unwrap().len(), 2);
    /// ```
    pub fn env(mut self, name: impl Into<String>, value: impl Into<Expr>) -> Self {
        self.environment.get_or_insert_with(Environment::new).insert(name.into(), Some(value.into()));
        self
    }

    /// A variable written without a value (`NAME:` in serverless.yml): the function gets no such
    /// variable, not even the provider's of that name; the version hash still counts it, as the
    /// reference's does.
    ///
    /// ```
    /// use stackwright_core::*;
    /// let f = Function::handler("h").unset_env("DEBUG");
    /// assert_eq!(f.environment.unwrap()["DEBUG"], None);
    /// ```
    pub fn unset_env(mut self, name: impl Into<String>) -> Self {
        self.environment.get_or_insert_with(Environment::new).insert(name.into(), None);
        self
    }

    /// Its own VPC (plain functions only; a capacity provider's VPC belongs on the provider).
    pub fn vpc(mut self, vpc: Vpc) -> Self {
        self.vpc = Some(FunctionVpc::Config(vpc));
        self
    }

    /// No VPC even though `provider.vpc` is set (`vpc: false`).
    pub fn no_vpc(mut self) -> Self {
        self.vpc = Some(FunctionVpc::Disabled(DisabledVpc));
        self
    }

    /// Runs the function on a capacity provider: a handle from
    /// [`crate::Service::capacity_provider`], a handle's [`with`](crate::CapacityProviderHandle::with)
    /// settings, [`CapacityProviderRef::arn`](crate::CapacityProviderRef::arn), or an [`crate::Intrinsic`].
    ///
    /// The function takes the provider's brand: a handle of a service declared with
    /// `new_service!` makes it a function of that service only ([`crate::FitsService`]); an ARN
    /// or an intrinsic makes it [`Unbranded`](crate::Unbranded), fit for any service.
    ///
    /// ```
    /// use stackwright::*;
    /// let mut svc = stackwright::new_service!("my-service");
    /// let pool = svc.default_capacity_provider();
    /// svc.function("api", Function::handler("handler.api").capacity_provider(&pool));
    /// ```
    pub fn capacity_provider<P: IntoCapacityProvider>(self, provider: P) -> Function<P::Brand> {
        let mut function = self.rebrand();
        function.capacity_provider = Some(provider.into_capacity_provider_ref());
        function
    }

    /// The function's own zip artifact.
    pub fn artifact(mut self, artifact: impl Into<Artifact>) -> Self {
        self.package.artifact = Some(artifact.into());
        self
    }

    /// `reservedConcurrency`.
    pub fn reserved_concurrency(mut self, n: u32) -> Self {
        self.reserved_concurrency = Some(n);
        self
    }

    /// `provisionedConcurrency` (plain functions only; capacity-provider functions use scaling).
    /// 0 is none, as in the reference.
    pub fn provisioned_concurrency(mut self, n: u32) -> Self {
        self.provisioned_concurrency = Some(n);
        self
    }

    /// Whether to publish a version of this function on every deploy (default:
    /// `provider.versionFunctions`, which defaults to true).
    pub fn version_function(mut self, enabled: bool) -> Self {
        self.version_function = Some(enabled);
        self
    }

    /// `fileSystemConfig`.
    pub fn file_system(mut self, arn: impl Into<Expr>, local_mount_path: impl Into<String>) -> Self {
        self.file_system_config = Some(FileSystemConfig { arn: arn.into(), local_mount_path: local_mount_path.into() });
        self
    }
}

impl From<&str> for Artifact {
    fn from(path: &str) -> Self {
        Artifact::file(path)
    }
}

impl From<String> for Artifact {
    fn from(path: String) -> Self {
        Artifact::file(path)
    }
}

impl From<std::path::PathBuf> for Artifact {
    fn from(path: std::path::PathBuf) -> Self {
        Artifact::file(path)
    }
}

impl Provider {
    /// Default runtime of functions.
    ///
    /// ```
    /// use stackwright_core::*;
    /// let mut svc = Service::new("svc");
    /// svc.provider().runtime(Runtime::Nodejs24x).stage("prod").memory_size(4096);
    /// assert_eq!(svc.config().provider.stage.as_deref(), Some("prod"));
    /// ```
    pub fn runtime(&mut self, runtime: Runtime) -> &mut Self {
        self.runtime = Some(runtime);
        self
    }

    /// The stage (default `dev`).
    pub fn stage(&mut self, stage: impl Into<String>) -> &mut Self {
        self.stage = Some(stage.into());
        self
    }

    /// The region (default `us-east-1`).
    pub fn region(&mut self, region: impl Into<String>) -> &mut Self {
        self.region = Some(region.into());
        self
    }

    /// Default memory of functions, in MB.
    pub fn memory_size(&mut self, mb: u32) -> &mut Self {
        self.memory_size = Some(mb);
        self
    }

    /// Default timeout of functions, in seconds.
    pub fn timeout(&mut self, seconds: u32) -> &mut Self {
        self.timeout = Some(seconds);
        self
    }

    /// Default architecture of functions (and inferred architecture of capacity providers).
    pub fn architecture(&mut self, architecture: Architecture) -> &mut Self {
        self.architecture = Some(architecture);
        self
    }

    /// One environment variable for every function.
    pub fn env(&mut self, name: impl Into<String>, value: impl Into<Expr>) -> &mut Self {
        self.environment.get_or_insert_with(Environment::new).insert(name.into(), Some(value.into()));
        self
    }

    /// A variable written without a value (`NAME:`): no function gets it, and every function's
    /// version hash counts it, as the reference's does.
    ///
    /// ```
    /// use stackwright_core::*;
    /// let mut svc = Service::new("svc");
    /// svc.provider().env("TABLE", "orders").unset_env("DEBUG");
    /// assert_eq!(svc.config().provider.environment.as_ref().unwrap().len(), 2);
    /// ```
    pub fn unset_env(&mut self, name: impl Into<String>) -> &mut Self {
        self.environment.get_or_insert_with(Environment::new).insert(name.into(), None);
        self
    }

    /// Default VPC of plain functions and of capacity providers without their own.
    pub fn vpc(&mut self, vpc: Vpc) -> &mut Self {
        self.vpc = Some(vpc);
        self
    }

    /// Whether to publish a version per function on every deploy (default true).
    pub fn version_functions(&mut self, enabled: bool) -> &mut Self {
        self.version_functions = Some(enabled);
        self
    }

    /// An existing bucket for artifacts instead of the in-stack `ServerlessDeploymentBucket`.
    pub fn deployment_bucket(&mut self, name: impl Into<String>) -> &mut Self {
        self.deployment_bucket = Some(name.into());
        self
    }

    /// Tags, public access block, versioning or no policy for the in-stack
    /// `ServerlessDeploymentBucket` (no effect with [`Provider::deployment_bucket`]).
    pub fn deployment_bucket_settings(&mut self, settings: crate::model::DeploymentBucketSettings) -> &mut Self {
        self.deployment_bucket_settings = Some(settings);
        self
    }
}
