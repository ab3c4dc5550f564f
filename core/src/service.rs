//! [`Service`]: the entry point. Declare (or load) a service, then `synth()` it.

use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use crate::brand::{Brand, FitsService, Unbranded};
use crate::builder::capacity_provider::{CapacityProvider, CapacityProviderHandle};
use crate::builder::layer::LayerHandle;
use crate::builder::surface::{Iam, Resource, ResourceHandle};
use crate::diagnostics::Diagnostics;
use crate::model::{Artifact, Function, Layer, Provider, ServiceConfig, UserResources};
use crate::service_data::ServiceData;
pub use crate::synth::template::{Template, Upload, UploadBucket};

/// A service under construction: its [`ServiceConfig`] model plus the settings synthesis needs
/// (where relative artifact paths start, the build time, whether CloudFormation limits apply).
///
/// Declare one with `stackwright::new_service!("name")` (or `service!`): the service gets its own
/// brand `B`, a marker type named after it, and the capacity-provider handles it returns fit only
/// its own functions, so using a handle of another service does not compile (see
/// [`FitsService`]). [`Service::new`] makes an [`Unbranded`] service, for code that makes
/// services from data (scripts, loaders, generated programs): its handles are checked by name at
/// `synth()`.
///
/// ```
/// use stackwright::*;
/// let mut svc = stackwright::new_service!("my-service");
/// svc.provider().runtime(Runtime::Nodejs24x).vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
/// let pool = svc.default_capacity_provider();
/// svc.function("api", Function::handler("handler.api").capacity_provider(&pool));
/// svc.package_artifact(Artifact::with_sha256("dist/api.zip", "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U="));
/// let template = svc.synth().unwrap();
/// assert!(template.resources().contains_key("DefaultLambdaCapacityProvider"));
/// ```
///
/// A handle of another service does not compile:
///
/// ```compile_fail,E0277
/// use stackwright::*;
/// let mut orders = stackwright::new_service!("orders");
/// let mut billing = stackwright::new_service!("billing");
/// let pool = orders.capacity_provider("pool", CapacityProvider::new());
/// billing.function("invoice", Function::handler("handler.invoice").capacity_provider(&pool));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Service<B = Unbranded> {
    pub(crate) data: ServiceData,
    brand: PhantomData<fn() -> B>,
}

impl Service {
    /// A new [`Unbranded`] service named `name` with no functions: for code that makes services
    /// from data. In hand-written code, prefer `stackwright::new_service!("name")`, whose handles
    /// the compiler keeps apart from other services'.
    ///
    /// ```
    /// use stackwright::*;
    /// let mut svc = Service::new("my-service");
    /// let pool = svc.default_capacity_provider();
    /// svc.function("api", Function::handler("handler.api").capacity_provider(&pool));
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Service::from_config(ServiceConfig { service: name.into(), ..Default::default() })
    }

    /// A service from an already built model.
    pub fn from_config(config: ServiceConfig) -> Self {
        Service {
            data: ServiceData {
                config,
                base_dir: None,
                build_time_millis: None,
                enforce_limits: true,
                deferred: Diagnostics::new(),
                key_mode: Default::default(),
                origins: Vec::new(),
                built_zips: Default::default(),
            },
            brand: PhantomData,
        }
    }

    /// For `new_service!` and `service!` expansions only: this service with brand `C`.
    #[doc(hidden)]
    pub fn into_branded<C: Brand>(self) -> Service<C> {
        self.rebrand()
    }

    /// Loads a serverless.json-shaped config. Relative artifact paths resolve against the current
    /// directory (see [`Service::base_dir`]). Every problem is reported at once.
    ///
    /// ```
    /// use stackwright_core::Service;
    /// let err = Service::from_json_str(r#"{"service": "s", "functions": {"f": {"handlr": "h"}}}"#).unwrap_err();
    /// assert!(err.to_string().contains("did you mean `handler`"));
    /// ```
    pub fn from_json_str(json: &str) -> Result<Service, Diagnostics> {
        Service::from_value(&crate::load::parse_json(json)?)
    }

    /// Loads a serverless.yml-shaped tree (from JSON, YAML, or any other front end): unknown keys,
    /// wrong types, and every rule violation the rest of the config shows are reported at once.
    ///
    /// ```
    /// use stackwright_core::Service;
    /// let value = serde_json::json!({"service": "svc", "provider": {"name": "aws"}, "functions": {}});
    /// assert_eq!(Service::from_value(&value).unwrap().config().service, "svc");
    /// ```
    pub fn from_value(value: &serde_json::Value) -> Result<Service, Diagnostics> {
        Service::load(value, false)
    }

    /// For `service!` only: like [`Service::from_value`], for a tree written in Rust, where a
    /// legacy spelling or a key the reference's schema does not know is an error, not a warning.
    #[doc(hidden)]
    pub fn from_rust_value(value: &serde_json::Value) -> Result<Service, Diagnostics> {
        Service::load(value, true)
    }

    fn load(value: &serde_json::Value, strict: bool) -> Result<Service, Diagnostics> {
        let mut service = Service::from_value_deferred(value, strict);
        // Without loading errors, the loader's warnings (legacy spellings) stay deferred and are
        // reported with the rules' findings.
        if !service.data.deferred.has_errors() {
            return Ok(service);
        }
        let loaded = std::mem::take(&mut service.data.deferred);
        Err(service.data.reported(crate::validate::after_loading_errors(loaded, &service.data)))
    }

    /// For `service!` expansions (`strict`, see [`Service::from_rust_value`]) and the CLI: like
    /// [`Service::from_value`], but never fails. Loading errors (a run-time value of the wrong
    /// type) are kept and reported by `check()`/`synth()` together with validation, exactly as
    /// `from_value` would have reported them.
    #[doc(hidden)]
    pub fn from_value_deferred(value: &serde_json::Value, strict: bool) -> Service {
        let (config, diagnostics, origins) = crate::load::load_expanded(value, strict);
        let mut service = Service::from_config(config);
        service.data.origins = origins;
        service.data.key_mode = crate::load::KeyMode::of(value, strict);
        service.data.deferred = diagnostics;
        service
    }

    /// Loads a serverless.json file; relative artifact paths resolve against its directory.
    pub fn from_json_file(path: impl AsRef<Path>) -> Result<Service, Diagnostics> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostics::from(crate::Diagnostic::error(
                crate::codes::CONFIG_READ,
                "",
                format!("cannot read {}: {e}", path.display()),
            ))
        })?;
        let mut service = Service::from_json_str(&text)?;
        service.data.base_dir = Some(path.parent().map(Path::to_path_buf).unwrap_or_default());
        Ok(service)
    }
}

impl<B: Brand> Service<B> {
    /// For `new_service!` expansions only: a new service of brand `B`.
    #[doc(hidden)]
    pub fn new_branded(name: impl Into<String>) -> Self {
        Service::new(name).into_branded()
    }
}

impl<B> Service<B> {
    /// The same service with brand `C`.
    fn rebrand<C>(self) -> Service<C> {
        Service { data: self.data, brand: PhantomData }
    }

    /// This service without its brand: its handles then no longer fit it (but those of other
    /// unbranded services do, checked by name at `synth()`). For keeping services declared apart
    /// in one collection, or returning one as a plain `Service`.
    ///
    /// ```
    /// use stackwright::*;
    /// let services: Vec<Service> =
    ///     vec![stackwright::new_service!("orders").into_unbranded(), stackwright::new_service!("billing").into_unbranded()];
    /// assert_eq!(services[1].config().service, "billing");
    /// ```
    pub fn into_unbranded(self) -> Service {
        self.rebrand()
    }

    /// The provider settings, to change them in place.
    pub fn provider(&mut self) -> &mut Provider {
        &mut self.data.config.provider
    }

    /// Declares `provider.capacityProviders.<name>` and returns the handle functions use to run on
    /// it; the handle carries this service's brand `B`.
    pub fn capacity_provider(
        &mut self,
        name: impl Into<String>,
        provider: CapacityProvider,
    ) -> CapacityProviderHandle<B> {
        let name = name.into();
        self.data.config.provider.capacity_providers.insert(name.clone(), provider.into_config());
        CapacityProviderHandle::new(name)
    }

    /// Declares (or replaces) `layers.<name>` and returns the handle functions use it with
    /// ([`LayerHandle`]; in serverless.yml, `{Ref: <Name>LambdaLayer}`).
    ///
    /// ```
    /// use stackwright_core::*;
    /// let mut svc = Service::new("my-service");
    /// let deps = svc.layer("deps", Layer::path("layer").compatible_runtime(Runtime::Python312));
    /// svc.function("api", Function::handler("handler.api").layer(&deps));
    /// assert_eq!(svc.config().layers["deps"].path.as_deref(), Some("layer"));
    /// ```
    pub fn layer(&mut self, name: impl Into<String>, layer: Layer) -> LayerHandle<B> {
        let name = name.into();
        self.data.config.layers.insert(name.clone(), layer);
        LayerHandle::new(name)
    }

    /// The `default` capacity provider, created with default settings if no function or
    /// declaration has configured it (as in the reference). The handle carries this service's
    /// brand `B`, like the handles of [`Service::capacity_provider`].
    pub fn default_capacity_provider(&self) -> CapacityProviderHandle<B> {
        CapacityProviderHandle::new(crate::resolve::DEFAULT_PROVIDER.to_string())
    }

    /// Adds (or replaces) `functions.<key>`. The function must [fit](FitsService) this service:
    /// if it runs on a capacity-provider handle of a declared service, that service must be this
    /// one. The brand is checked here, then dropped: [`ServiceConfig::functions`] holds plain
    /// [`Function`]s.
    ///
    /// ```compile_fail,E0277
    /// use stackwright::*;
    /// let mut orders = stackwright::new_service!("orders");
    /// let mut billing = stackwright::new_service!("billing");
    /// let pool = billing.default_capacity_provider();
    /// orders.function("api", Function::handler("handler.api").capacity_provider(pool.with().max_concurrency(10)));
    /// ```
    pub fn function<F: FitsService<B>>(&mut self, key: impl Into<String>, function: Function<F>) -> &mut Self {
        let key = key.into();
        let mut function = function.rebrand();
        let plugins = &self.data.config.plugins;
        crate::builder::event::normalize(&key, &mut function, plugins, &mut self.data.deferred);
        self.data.config.functions.insert(key, function);
        self
    }

    /// The service-wide artifact (`package.artifact`).
    pub fn package_artifact(&mut self, artifact: impl Into<Artifact>) -> &mut Self {
        self.data.config.package.artifact = Some(artifact.into());
        self
    }

    /// Declares a CloudFormation resource of your own and returns its handle: `handle.arn()`,
    /// `handle.reference()` and `handle.get_att(..)` reference it from IAM statements,
    /// environment variables, events or other resources, and cannot name a resource that does not
    /// exist. (A name written as a string instead is checked at synthesis, with a "did you mean".)
    ///
    /// ```
    /// use stackwright_core::*;
    /// let mut svc = Service::new("orders");
    /// let table = svc.resource("OrdersTable", Resource::new("AWS::DynamoDB::Table")
    ///     .property("BillingMode", "PAY_PER_REQUEST"));
    /// svc.iam().allow(["dynamodb:GetItem"], [table.arn()]);
    /// svc.function("api", Function::handler("handler.api").env("TABLE", table.reference()));
    /// assert!(svc.config().resources.resources.contains_key("OrdersTable"));
    /// ```
    pub fn resource(&mut self, logical_id: impl Into<String>, resource: Resource) -> ResourceHandle<B> {
        let id = logical_id.into();
        self.data.config.resources.resources.insert(id.clone(), resource.to_json());
        ResourceHandle::new(id)
    }

    /// The generated execution role (`IamRoleLambdaExecution`): statements, managed policies,
    /// name, path, permissions boundary and tags. Replaces an existing role set with
    /// [`Provider::existing_role`].
    ///
    /// ```
    /// use stackwright_core::*;
    /// let mut svc = Service::new("svc");
    /// svc.iam().allow(["s3:GetObject"], ["arn:aws:s3:::reports/*"]).managed_policy("arn:aws:iam::aws:policy/AWSXrayReadOnlyAccess");
    /// ```
    pub fn iam(&mut self) -> Iam<'_> {
        Iam::new(&mut self.data.config.provider)
    }

    /// Your own CloudFormation `Resources`, `Outputs`, `Conditions`, ... merged at the end.
    pub fn resources(&mut self) -> &mut UserResources {
        &mut self.data.config.resources
    }

    /// The directory relative artifact paths resolve against (default: the config file's
    /// directory when loaded from a file, else the current directory).
    pub fn base_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.data.base_dir = Some(dir.into());
        self
    }

    /// The build time (epoch milliseconds) used in S3 keys, when `SOURCE_DATE_EPOCH` is unset.
    pub fn build_time_millis(&mut self, millis: u64) -> &mut Self {
        self.data.build_time_millis = Some(millis);
        self
    }

    /// Whether exceeding CloudFormation's template limits (500 resources, 200 outputs, 1 MB, 60 dynamic references) is an
    /// error (default) or only a warning.
    pub fn enforce_limits(&mut self, enforce: bool) -> &mut Self {
        self.data.enforce_limits = enforce;
        self
    }

    /// Applies provider settings written in serverless.yml's shape (`iam`, `tags`, `logs`,
    /// `tracing`, `layers`, `httpApi`, `apiGateway`, ...), read by the same loader and rules as a
    /// serverless.yml: problems are reported by [`Service::check`]/[`Service::synth`]. For the
    /// settings without a builder method; `stackwright convert` and `service!` use it too.
    ///
    /// ```
    /// use stackwright_core::*;
    /// let mut svc = Service::new("svc");
    /// svc.provider_settings(serde_json::json!({"tracing": {"lambda": true}}));
    /// assert_eq!(svc.config().provider.tracing.as_ref().unwrap().lambda, Some(model::Tracing::Active));
    /// ```
    pub fn provider_settings(&mut self, settings: serde_json::Value) -> &mut Self {
        let d = crate::load::apply_settings(&mut self.data.config, None, &settings);
        self.data.deferred.extend(d);
        self
    }

    /// Applies settings of function `key` written in serverless.yml's shape (`events`, `url`,
    /// `destinations`, ...), like [`Service::provider_settings`].
    ///
    /// ```
    /// use stackwright_core::*;
    /// let mut svc = Service::new("svc");
    /// svc.function("worker", Function::handler("h.worker"));
    /// svc.function_settings("worker", serde_json::json!({
    ///     "events": [{"sqs": {"arn": "arn:aws:sqs:us-east-1:123456789012:jobs", "batchSize": 5}}]
    /// }));
    /// assert_eq!(svc.config().functions["worker"].events.len(), 1);
    /// ```
    pub fn function_settings(&mut self, key: &str, settings: serde_json::Value) -> &mut Self {
        let d = crate::load::apply_settings(&mut self.data.config, Some(key), &settings);
        self.data.deferred.extend(d);
        self
    }

    /// The model.
    pub fn config(&self) -> &ServiceConfig {
        &self.data.config
    }

    /// The model, to change it directly.
    pub fn config_mut(&mut self) -> &mut ServiceConfig {
        &mut self.data.config
    }

    /// Every rule violation and warning, without synthesizing, in a stable order: the reference's
    /// rules first, in the reference's order, then stackwright's stricter rules, names, warnings.
    ///
    /// ```
    /// use stackwright_core::*;
    /// let mut svc = Service::new("my-service");
    /// svc.provider().runtime(Runtime::Nodejs24x).vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
    /// let pool = svc.default_capacity_provider();
    /// svc.function("api", Function::handler("handler.api").capacity_provider(&pool));
    /// assert!(!svc.validate().has_errors());
    ///
    /// svc.function("etl", Function::handler("handler.etl").memory_size(1024).capacity_provider(&pool));
    /// let d = svc.validate();
    /// assert_eq!(d.find("LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY_SIZE").unwrap().path, "functions.etl.memorySize");
    /// ```
    pub fn validate(&self) -> Diagnostics {
        self.data.reported(crate::validate::validate(&self.data))
    }

    /// Every error and warning [`Service::synth`] would report, without reading artifacts: rules,
    /// names, references, CloudFormation limits. (A function with no artifact at all is still an
    /// error; an artifact file that does not exist yet is not.)
    ///
    /// ```
    /// use stackwright::*;
    /// let mut svc = stackwright::new_service!("my-service");
    /// svc.provider().runtime(Runtime::Nodejs24x).vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
    /// svc.package_artifact("does/not/exist/yet.zip");
    /// let pool = svc.default_capacity_provider();
    /// svc.function("api", Function::handler("handler.api").capacity_provider(&pool));
    /// assert!(svc.check().is_empty());
    /// ```
    pub fn check(&self) -> Diagnostics {
        crate::synth::check(&self.data)
    }

    /// Synthesizes the CloudFormation template, or returns every problem at once.
    pub fn synth(&self) -> Result<Template, Diagnostics> {
        crate::synth::synth(&self.data)
    }

    /// The `main` of an infrastructure program: synthesizes, prints the template to stdout and
    /// warnings to stderr (exit code 0), or prints every diagnostic to stderr (exit code 2).
    ///
    /// ```no_run
    /// fn main() -> std::process::ExitCode {
    ///     let mut svc = stackwright::new_service!("my-service");
    ///     // ... providers and functions ...
    ///     svc.synth_to_stdout()
    /// }
    /// ```
    pub fn synth_to_stdout(&self) -> std::process::ExitCode {
        match self.synth() {
            Ok(template) => {
                for warning in template.warnings() {
                    eprintln!("{warning}");
                }
                println!("{}", template.json());
                std::process::ExitCode::SUCCESS
            }
            Err(diagnostics) => {
                eprintln!("{diagnostics}");
                std::process::ExitCode::from(2)
            }
        }
    }
}
