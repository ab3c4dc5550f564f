//! The service model: typed structs mirroring serverless.yml (camelCase keys, declaration order
//! kept with [`IndexMap`]). Builders build it, loaders deserialize into it, validation and
//! synthesis read it.
//!
//! The model is deliberately permissive where serverless.yml is (a function may reference a
//! capacity provider by any string); validation reports what AWS would reject.

mod enums;
mod event;
mod image;
mod intrinsic;
mod layer;
mod surface;

pub use enums::{Architecture, CompatibleRuntime, MemoryPerVCpu, MetricType, RetiredRuntime, Runtime, ScalingMode};
pub use event::Event;
pub use image::Image;
pub(crate) use intrinsic::sub_placeholders;
pub use intrinsic::{Expr, Intrinsic, Reference};
pub use layer::Layer;
pub use surface::{
    Destination, DestinationType, Destinations, IamRole, IamRoleConfig, LambdaLogs, LogFormat, LogLevel, ProviderIam,
    ProviderLogs, ProviderTracing, RetentionDays, RuntimeManagement, RuntimeUpdateMode, Statement, SystemLogLevel,
    Tags, Tracing,
};

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;
use std::marker::PhantomData;
use std::path::PathBuf;

use crate::brand::Unbranded;

/// Environment variables: name → value (string or intrinsic).
///
/// `None` is a variable written without a value (`NAME:`, `~`, or a variable with a `null`
/// fallback): the function gets no such variable, not even the provider's of that name, as in
/// the reference, whose version hash still counts it (as `null`).
pub type Environment = IndexMap<String, Option<Expr>>;

/// A whole serverless.yml: the service, its provider settings, functions and own resources.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceConfig {
    /// `service`: the service name.
    pub service: String,
    /// `provider`.
    pub provider: Provider,
    /// `package`: service-wide packaging.
    #[serde(skip_serializing_if = "Package::is_empty")]
    pub package: Package,
    /// `functions`, in declaration order.
    pub functions: IndexMap<String, Function>,
    /// `layers`: the layer versions the service publishes, in declaration order.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub layers: IndexMap<String, Layer>,
    /// `resources`: the user's own CloudFormation, merged at the end.
    #[serde(skip_serializing_if = "UserResources::is_empty")]
    pub resources: UserResources,
    /// `plugins`: the plugins the service names (DECISIONS.md D8).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub plugins: Vec<String>,
    /// The settings of the natively implemented plugins, from `custom`.
    #[serde(rename = "custom", skip_serializing_if = "PluginSettings::is_empty")]
    pub plugin_settings: PluginSettings,
    /// `stepFunctions` with serverless-step-functions (a top-level key of the plugin's).
    #[serde(rename = "stepFunctions", skip_serializing_if = "Option::is_none")]
    pub step_functions: Option<crate::plugins::step_functions::StepFunctions>,
}

/// The `custom` settings of the plugins stackwright implements natively (DECISIONS.md D8).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PluginSettings {
    /// `custom.serverless-iam-roles-per-function.defaultInherit`: functions without
    /// `iamRoleStatementsInherit` inherit the provider's statements.
    pub default_inherit: Option<bool>,
    /// `custom.serverless-iam-roles-per-function.iamGlobalPermissionsBoundary`: the boundary of
    /// every per-function role without its own, and of `IamRoleLambdaExecution`.
    pub iam_global_permissions_boundary: Option<Expr>,
    /// `custom.pseudoParameters.skipRegionReplace` (plugin default `true`).
    pub skip_region_replace: Option<bool>,
    /// `custom.pseudoParameters.allowReferences` (plugin default `true`): `#{LogicalId}` too, not
    /// only `#{AWS::...}`.
    pub allow_references: Option<bool>,
    /// `custom.pythonRequirements.layer` with serverless-python-requirements: the requirements
    /// go into the layer `pythonRequirements` (which loading adds to `layers`), not into the
    /// functions' zips.
    pub python_requirements_layer: bool,
    /// `custom.alerts` with serverless-plugin-aws-alerts, and the functions' `alarms`.
    pub alerts: Option<crate::plugins::aws_alerts::Alerts>,
    /// serverless-plugin-warmup's warmers (which loading adds to `functions`), with the handler
    /// files `stackwright package` zips for them.
    pub warmers: Vec<crate::plugins::warmup::Warmer>,
    /// serverless-plugin-tracing's `true`/`false` of the provider and of each function.
    pub tracing: Option<crate::plugins::tracing::Tracing>,
    /// serverless-package-common's folders, linked into the service directory for packaging.
    pub linked_folders: Vec<crate::plugins::package_common::Linked>,
    /// The REST API's `MinimumCompressionSize` that serverless-api-compression or
    /// serverless-content-encoding sets (a number, or `{"Ref": "AWS::NoValue"}`).
    pub minimum_compression_size: Option<Value>,
    /// `custom.capacities` with serverless-dynamodb-autoscaling: the tables and indexes whose
    /// read and write capacity it scales, as written (checked when loaded).
    pub dynamodb_capacities: Option<Value>,
    /// `custom.apiGatewayCaching` with serverless-api-gateway-caching, as written (checked when
    /// loaded).
    pub api_gateway_caching: Option<Value>,
    /// serverless-dependson-plugin's number of chains (`custom.dependsOn`), when it is listed and on.
    pub function_chains: Option<usize>,
    /// serverless-plugin-log-subscription's settings, when it is listed.
    pub log_subscriptions: Option<crate::plugins::log_subscription::LogSubscriptions>,
    /// serverless-python-requirements' `module` of each function that has one (function key,
    /// directory): with `package.individually`, the function's zip holds that directory's files
    /// and its requirements (`plugins/python_requirements.rs`).
    pub python_modules: Vec<(String, String)>,
    /// serverless-plugin-canary-deployments' settings, when it is listed.
    pub canary_deployments: Option<crate::plugins::canary_deployments::CanaryDeployments>,
}

impl PluginSettings {
    /// Whether no setting is given.
    pub fn is_empty(&self) -> bool {
        *self == PluginSettings::default()
    }
}

impl Serialize for PluginSettings {
    /// As serverless.yml's `custom` block.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut custom = serde_json::Map::new();
        let mut roles = serde_json::Map::new();
        if let Some(b) = self.default_inherit {
            roles.insert("defaultInherit".into(), b.into());
        }
        if let Some(b) = &self.iam_global_permissions_boundary {
            roles.insert("iamGlobalPermissionsBoundary".into(), b.to_json());
        }
        if !roles.is_empty() {
            custom.insert(crate::plugins::IAM_ROLES_PER_FUNCTION.into(), Value::Object(roles));
        }
        let mut pseudo = serde_json::Map::new();
        if let Some(b) = self.skip_region_replace {
            pseudo.insert("skipRegionReplace".into(), b.into());
        }
        if let Some(b) = self.allow_references {
            pseudo.insert("allowReferences".into(), b.into());
        }
        if !pseudo.is_empty() {
            custom.insert("pseudoParameters".into(), Value::Object(pseudo));
        }
        if self.python_requirements_layer {
            custom.insert(crate::plugins::python_requirements::CUSTOM.into(), serde_json::json!({"layer": true}));
        }
        if let Some(alerts) = &self.alerts {
            custom.insert(crate::plugins::aws_alerts::CUSTOM.into(), alerts.settings.clone());
        }
        if let Some(capacities) = &self.dynamodb_capacities {
            custom.insert(crate::plugins::dynamodb_autoscaling::CUSTOM.into(), capacities.clone());
        }
        if let Some(caching) = &self.api_gateway_caching {
            custom.insert(crate::plugins::api_gateway_caching::CUSTOM.into(), caching.clone());
        }
        if let Some(subs) = self.log_subscriptions.as_ref().filter(|s| !s.settings.is_null()) {
            custom.insert(crate::plugins::log_subscription::CUSTOM.into(), subs.settings.clone());
        }
        if let Some(settings) = self.canary_deployments.as_ref().and_then(|c| c.settings.as_ref()) {
            custom.insert(crate::plugins::canary_deployments::CUSTOM.into(), settings.clone());
        }
        if let Some(chains) = self.function_chains {
            custom.insert(crate::plugins::depends_on::CUSTOM.into(), serde_json::json!({ "chains": chains }));
        }
        custom.serialize(s)
    }
}

/// The options of `provider.deploymentBucket` that change the in-stack bucket
/// (serverless-template-core.md §3). The upload options (`serverSideEncryption`, `sseKMSKeyId`,
/// ...) and `maxPreviousDeploymentArtifacts` act at deploy time only and are not kept.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentBucketSettings {
    /// `blockPublicAccess`: `PublicAccessBlockConfiguration` with all four flags on.
    pub block_public_access: bool,
    /// `versioning`: `VersioningConfiguration: {Status: Enabled}`.
    pub versioning: bool,
    /// `skipPolicySetup`: no `ServerlessDeploymentBucketPolicy`.
    pub skip_policy_setup: bool,
    /// `tags`: the bucket's `Tags` (none when empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
}

impl DeploymentBucketSettings {
    /// Blocks every kind of public access to the bucket.
    pub fn block_public_access(mut self, on: bool) -> Self {
        self.block_public_access = on;
        self
    }

    /// Turns on object versioning.
    pub fn versioning(mut self, on: bool) -> Self {
        self.versioning = on;
        self
    }

    /// Leaves out the TLS-only bucket policy.
    pub fn skip_policy_setup(mut self, on: bool) -> Self {
        self.skip_policy_setup = on;
        self
    }

    /// Adds a tag.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<Expr>) -> Self {
        self.tags.get_or_insert_with(Tags::new).insert(key.into(), value.into());
        self
    }
}

/// `provider`: settings shared by every function.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Provider {
    /// `name`: always `aws`.
    pub name: CloudProvider,
    /// `runtime`: default runtime of functions (reference default `nodejs20.x`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime: Option<Runtime>,
    /// `stage` (default `dev`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// `region` (default `us-east-1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `memorySize` in MB, for every function without its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_size: Option<u32>,
    /// `timeout` in seconds, for every function without its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u32>,
    /// `architecture` of functions (and the inferred architecture of capacity providers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub architecture: Option<Architecture>,
    /// `environment`: variables for every function (`Some` even when empty, as in the reference).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<Environment>,
    /// `vpc`: default VPC of plain functions and of capacity providers without their own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc: Option<Vpc>,
    /// `versionFunctions` (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_functions: Option<bool>,
    /// `deploymentBucket`: a bucket name; absent means the in-stack bucket.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deployment_bucket: Option<String>,
    /// `deploymentBucket` options that shape the in-stack `ServerlessDeploymentBucket` (tags,
    /// public access block, versioning, policy); they have no effect when a bucket is named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deployment_bucket_settings: Option<DeploymentBucketSettings>,
    /// `capacityProviders`, in declaration order.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub capacity_providers: IndexMap<String, CapacityProviderConfig>,
    /// `iam`: the execution role's statements, managed policies and properties, or an existing role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iam: Option<ProviderIam>,
    /// `role`: an existing execution role for every function (legacy form of `iam.role`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Expr>,
    /// `iamRoleStatements`: legacy form of `iam.role.statements` (used only without it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iam_role_statements: Option<Vec<Statement>>,
    /// `iamManagedPolicies`: legacy form of `iam.role.managedPolicies` (used only without it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iam_managed_policies: Option<Vec<Expr>>,
    /// `rolePermissionsBoundary`: legacy form of `iam.role.permissionsBoundary`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_permissions_boundary: Option<Expr>,
    /// `tags`: tags of every function (and of the HTTP API).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// `stackTags`: tags of the stack (applied by the deploy call, not in the template).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack_tags: Option<Tags>,
    /// `stackName`: the CloudFormation stack's name (default `<service>-<stage>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack_name: Option<String>,
    /// `logRetentionInDays` of every function's log group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_retention_in_days: Option<u32>,
    /// `logDataProtectionPolicy` of every function's log group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_data_protection_policy: Option<Value>,
    /// `logs`: Lambda log settings and API access logs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logs: Option<ProviderLogs>,
    /// `tracing`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracing: Option<ProviderTracing>,
    /// `layers`: layer versions of every function without its own `layers`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layers: Option<Vec<Expr>>,
    /// `kmsKeyArn`: the key that encrypts every function's environment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_arn: Option<Expr>,
    /// `runtimeManagement`: every function's, under its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_management: Option<RuntimeManagement>,
    /// `deploymentPrefix`: the first part of every S3 key (default `serverless`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deployment_prefix: Option<String>,
    /// `cfnRole`: the ARN of the IAM role CloudFormation assumes to deploy and remove the stack
    /// (a deploy setting: the template does not change).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cfn_role: Option<String>,
    /// Settings of the API event sources (`apiGateway`, `httpApi`, `websocketsApiName`, ...), as
    /// written; read by the event compilers.
    #[serde(flatten, skip_serializing_if = "IndexMap::is_empty")]
    pub apis: IndexMap<String, Value>,
    /// Settings of the deploy calls ([`STACK_SETTINGS`]: `notificationArns`, `stackParameters`,
    /// ...), as written: the template does not change; `stackwright deploy` sends them.
    #[serde(flatten, skip_serializing_if = "IndexMap::is_empty")]
    pub stack_settings: IndexMap<String, Value>,
}

/// The `provider` keys that configure the CloudFormation calls of a deploy rather than the
/// template, as the reference sends them: `notificationArns` and `stackParameters` with
/// CreateChangeSet (and the first CreateStack), `rollbackConfiguration` with CreateChangeSet,
/// `disableRollback` with ExecuteChangeSet, `stackPolicy` with SetStackPolicy after the update.
pub const STACK_SETTINGS: &[&str] =
    &["notificationArns", "stackParameters", "rollbackConfiguration", "disableRollback", "stackPolicy"];

/// Whether no event is left once the places of the events that could not be used (empty
/// `kind`) are left out.
fn no_events(events: &[Event]) -> bool {
    events.iter().all(|e| e.kind.is_empty())
}

/// The events without the places of those that could not be used: serverless.yml as written
/// has no such entries.
fn used_events<S: serde::Serializer>(events: &[Event], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(events.iter().filter(|e| !e.kind.is_empty()))
}

impl Provider {
    /// The role CloudFormation assumes to deploy and remove the stack, with the config path it
    /// comes from: `iam.deploymentRole`, else `cfnRole` (the reference's `getCustomDeploymentRole`).
    ///
    /// ```
    /// use stackwright_core::model::Provider;
    /// let mut p = Provider::default();
    /// p.cfn_role = Some("arn:aws:iam::123456789012:role/deploy".into());
    /// assert_eq!(p.cloudformation_role().unwrap().0, "provider.cfnRole");
    /// ```
    pub fn cloudformation_role(&self) -> Option<(&'static str, Expr)> {
        match self.iam.as_ref().and_then(|i| i.deployment_role.as_ref()) {
            Some(role) => Some(("provider.iam.deploymentRole", role.clone())),
            None => self.cfn_role.as_ref().map(|r| ("provider.cfnRole", Expr::Str(r.clone()))),
        }
    }

    /// The stage: `stage` as written (after variables), else the reference's default `dev`.
    ///
    /// ```
    /// use stackwright_core::model::Provider;
    /// assert_eq!(Provider::default().stage_or_default(), "dev");
    /// ```
    pub fn stage_or_default(&self) -> &str {
        // The reference's default stage.
        self.stage.as_deref().unwrap_or("dev")
    }
}

/// `provider.name`: the cloud. Only AWS exists for capacity providers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum CloudProvider {
    /// `aws`.
    #[default]
    #[serde(rename = "aws")]
    Aws,
}

/// A VPC: `{subnetIds, securityGroupIds, ipv6AllowedForDualStack}`.
///
/// Each id list is an [`Expr::List`] of ids/intrinsics, or an intrinsic yielding a list
/// (`Fn::Split`, `Fn::FindInMap`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Vpc {
    /// `securityGroupIds`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_group_ids: Option<Expr>,
    /// `subnetIds`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_ids: Option<Expr>,
    /// `ipv6AllowedForDualStack` (plain functions only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipv6_allowed_for_dual_stack: Option<bool>,
}

/// `provider.capacityProviders.<name>`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CapacityProviderConfig {
    /// `permissions.operatorRole`: an IAM role ARN or intrinsic; absent means the shared role.
    #[serde(rename = "permissions", skip_serializing_if = "Option::is_none", serialize_with = "as_permissions")]
    pub operator_role: Option<Expr>,
    /// `vpc`: replaces (does not merge with) `provider.vpc`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc: Option<Vpc>,
    /// `instanceRequirements`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_requirements: Option<InstanceRequirements>,
    /// `scaling`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scaling: Option<CapacityProviderScaling>,
    /// `kmsKeyArn`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_arn: Option<Expr>,
}

/// `instanceRequirements` of a capacity provider.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceRequirements {
    /// `allowedInstanceTypes` (e.g. `r7g.large`, wildcards like `c7g.*`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed_instance_types: Vec<String>,
    /// `excludedInstanceTypes`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub excluded_instance_types: Vec<String>,
    /// `architectures` (CloudFormation allows exactly one).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub architectures: Vec<Architecture>,
}

/// `scaling` of a capacity provider.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CapacityProviderScaling {
    /// `mode`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<ScalingMode>,
    /// `maxVCpuCount`.
    #[serde(rename = "maxVCpuCount", skip_serializing_if = "Option::is_none")]
    pub max_vcpu_count: Option<u32>,
    /// `policies`: target-tracking policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<ScalingPolicy>,
}

/// One target-tracking policy of a capacity provider.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScalingPolicy {
    /// `predefinedMetricType`.
    pub predefined_metric_type: MetricType,
    /// `targetValue` (percent, 0..100).
    pub target_value: f64,
}

/// `functions.<name>`.
///
/// `B` is the [brand](crate::FitsService) of the capacity-provider handle the function runs on:
/// [`Unbranded`] (the default) unless [`Function::capacity_provider`] was given a handle of a
/// service declared with `new_service!`. [`ServiceConfig::functions`] holds unbranded functions:
/// [`Service::function`](crate::Service::function) checks the brand, then drops it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Function<B = Unbranded> {
    /// `handler`, e.g. `handler.api`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
    /// `image`: a container image pinned by digest (`...@sha256:...`), with its overridden settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// `name`: the deployed function name (default `<service>-<stage>-<key>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `runtime`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime: Option<Runtime>,
    /// `memorySize` in MB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_size: Option<u32>,
    /// `timeout` in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u32>,
    /// `architecture`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub architecture: Option<Architecture>,
    /// `environment`, merged over the provider's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<Environment>,
    /// `vpc`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc: Option<FunctionVpc>,
    /// `capacityProvider`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity_provider: Option<CapacityProviderRef>,
    /// `package`.
    #[serde(skip_serializing_if = "Package::is_empty")]
    pub package: Package,
    /// `reservedConcurrency`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserved_concurrency: Option<u32>,
    /// `provisionedConcurrency`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provisioned_concurrency: Option<u32>,
    /// `versionFunction`: overrides `provider.versionFunctions` for this function.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_function: Option<bool>,
    /// `fileSystemConfig`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_system_config: Option<FileSystemConfig>,
    /// `events`: what invokes the function, in declaration order.
    #[serde(skip_serializing_if = "no_events", serialize_with = "used_events")]
    pub events: Vec<Event>,
    /// `url`: a function URL (`true` or settings), as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Value>,
    /// `httpApi`: the function's HTTP API settings (`payload`), as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_api: Option<Value>,
    /// `role`: the function's own execution role (ARN, logical ID or intrinsic).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Expr>,
    /// `iamRoleStatements` (plugin serverless-iam-roles-per-function, DECISIONS.md D8): the
    /// function gets a role of its own, `<Fn>IamRoleLambdaExecution`, with these statements.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iam_role_statements: Option<Vec<Statement>>,
    /// `iamRoleStatementsName`: the `RoleName` of that role (default
    /// `<service>-<stage>-<key>-<region>-lambdaRole`, without `-lambdaRole` past 64 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iam_role_statements_name: Option<String>,
    /// `iamRoleStatementsInherit`: that role also gets the provider's statements.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iam_role_statements_inherit: Option<bool>,
    /// `iamPermissionsBoundary`: the `PermissionsBoundary` of that role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iam_permissions_boundary: Option<Expr>,
    /// `tags`, merged over `provider.tags`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// `layers`: layer version ARNs (or intrinsics); replaces `provider.layers`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layers: Option<Vec<Expr>>,
    /// `logs`: the function's `LoggingConfig`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logs: Option<LambdaLogs>,
    /// `logRetentionInDays`: overrides the provider's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_retention_in_days: Option<u32>,
    /// `logDataProtectionPolicy`: overrides the provider's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_data_protection_policy: Option<Value>,
    /// `disableLogs`: no log group and no log permission.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_logs: Option<bool>,
    /// `tracing`: overrides `provider.tracing.lambda`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracing: Option<Tracing>,
    /// `kmsKeyArn`: overrides the provider's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_arn: Option<Expr>,
    /// `ephemeralStorageSize` in MB (512..10240).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ephemeral_storage_size: Option<u32>,
    /// `runtimeManagement`: merged over the provider's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_management: Option<RuntimeManagement>,
    /// `onError`: the dead-letter SNS topic or SQS queue ARN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_error: Option<Expr>,
    /// `destinations` of asynchronous invocations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destinations: Option<Destinations>,
    /// `maximumEventAge` of asynchronous invocations, in seconds (60..21600).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_event_age: Option<u32>,
    /// `maximumRetryAttempts` of asynchronous invocations (0..2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_retry_attempts: Option<u32>,
    /// `snapStart`: publish versions with SnapStart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snap_start: Option<bool>,
    /// `dependsOn`: logical IDs the function resource depends on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    /// `condition`: the CloudFormation condition of the function resource.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// The brand `B`, as a type only (zero-sized, never serialized). Public so that struct
    /// literals with `..Default::default()` work outside this crate.
    #[doc(hidden)]
    #[serde(skip)]
    pub brand: PhantomData<fn() -> B>,
}

/// Only unbranded functions have a default, so that `Function::default()` and
/// `Function { .., ..Default::default() }` need no type annotation.
impl Default for Function {
    fn default() -> Self {
        Function {
            handler: None,
            image: None,
            name: None,
            description: None,
            runtime: None,
            memory_size: None,
            timeout: None,
            architecture: None,
            environment: None,
            vpc: None,
            capacity_provider: None,
            package: Package::default(),
            reserved_concurrency: None,
            provisioned_concurrency: None,
            version_function: None,
            file_system_config: None,
            events: Vec::new(),
            url: None,
            http_api: None,
            role: None,
            iam_role_statements: None,
            iam_role_statements_name: None,
            iam_role_statements_inherit: None,
            iam_permissions_boundary: None,
            tags: None,
            layers: None,
            logs: None,
            log_retention_in_days: None,
            log_data_protection_policy: None,
            disable_logs: None,
            tracing: None,
            kms_key_arn: None,
            ephemeral_storage_size: None,
            runtime_management: None,
            on_error: None,
            destinations: None,
            maximum_event_age: None,
            maximum_retry_attempts: None,
            snap_start: None,
            depends_on: Vec::new(),
            condition: None,
            brand: PhantomData,
        }
    }
}

impl<B> Function<B> {
    /// The same function with brand `C`.
    pub(crate) fn rebrand<C>(self) -> Function<C> {
        Function {
            handler: self.handler,
            image: self.image,
            name: self.name,
            description: self.description,
            runtime: self.runtime,
            memory_size: self.memory_size,
            timeout: self.timeout,
            architecture: self.architecture,
            environment: self.environment,
            vpc: self.vpc,
            capacity_provider: self.capacity_provider,
            package: self.package,
            reserved_concurrency: self.reserved_concurrency,
            provisioned_concurrency: self.provisioned_concurrency,
            version_function: self.version_function,
            file_system_config: self.file_system_config,
            events: self.events,
            url: self.url,
            http_api: self.http_api,
            role: self.role,
            iam_role_statements: self.iam_role_statements,
            iam_role_statements_name: self.iam_role_statements_name,
            iam_role_statements_inherit: self.iam_role_statements_inherit,
            iam_permissions_boundary: self.iam_permissions_boundary,
            tags: self.tags,
            layers: self.layers,
            logs: self.logs,
            log_retention_in_days: self.log_retention_in_days,
            log_data_protection_policy: self.log_data_protection_policy,
            disable_logs: self.disable_logs,
            tracing: self.tracing,
            kms_key_arn: self.kms_key_arn,
            ephemeral_storage_size: self.ephemeral_storage_size,
            runtime_management: self.runtime_management,
            on_error: self.on_error,
            destinations: self.destinations,
            maximum_event_age: self.maximum_event_age,
            maximum_retry_attempts: self.maximum_retry_attempts,
            snap_start: self.snap_start,
            depends_on: self.depends_on,
            condition: self.condition,
            brand: PhantomData,
        }
    }
}

/// A function's `vpc`: its own settings, or `false`/`null` to opt out of `provider.vpc`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FunctionVpc {
    /// `vpc: false` (or `null`): no VPC even if the provider has one.
    Disabled(DisabledVpc),
    /// Field-wise override of `provider.vpc`.
    Config(Vpc),
}

/// Serializes as `false`; see [`FunctionVpc::Disabled`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisabledVpc;

impl Serialize for DisabledVpc {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(false)
    }
}

/// `fileSystemConfig` (EFS).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileSystemConfig {
    /// `arn` of the access point.
    pub arn: Expr,
    /// `localMountPath`, e.g. `/mnt/efs`.
    pub local_mount_path: String,
}

/// `functions.<name>.capacityProvider`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum CapacityProviderRef {
    /// A provider name (`default`, a key of `provider.capacityProviders`) or an ARN string.
    Name(String),
    /// An intrinsic yielding the provider ARN; no other settings are possible in this form.
    Intrinsic(Intrinsic),
    /// `{name, maxConcurrency, memoryPerVCpu, scaling}`.
    Config(FunctionCapacityProvider),
}

impl CapacityProviderRef {
    /// The name (or ARN) it gives as a plain string, in either form; `None` for an intrinsic.
    ///
    /// ```
    /// use stackwright_core::{CapacityProviderRef, Intrinsic};
    /// assert_eq!(CapacityProviderRef::Name("highMem".into()).name(), Some("highMem"));
    /// assert_eq!(CapacityProviderRef::Intrinsic(Intrinsic::import_value("arn")).name(), None);
    /// ```
    pub fn name(&self) -> Option<&str> {
        match self {
            CapacityProviderRef::Name(n) => Some(n),
            CapacityProviderRef::Config(c) => c.name.as_ref().and_then(Expr::as_str),
            CapacityProviderRef::Intrinsic(_) => None,
        }
    }
}

/// The object form of a function's `capacityProvider`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FunctionCapacityProvider {
    /// `name`: a provider name, an ARN string or an intrinsic; `None` is the reference error
    /// `LAMBDA_MANAGED_INSTANCES_MISSING_NAME`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Expr>,
    /// `maxConcurrency`: requests per execution environment (1..1600).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_concurrency: Option<u32>,
    /// `memoryPerVCpu`.
    #[serde(rename = "memoryPerVCpu", skip_serializing_if = "Option::is_none")]
    pub memory_per_vcpu: Option<MemoryPerVCpu>,
    /// `scaling`: execution environments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scaling: Option<FunctionScaling>,
}

/// `capacityProvider.scaling` of a function: `{min, max}` execution environments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FunctionScaling {
    /// `min`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// `max`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
}

/// `package` (service-wide or per function).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Package {
    /// `artifact`: path of a zip file (relative paths resolve against the config's directory).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub artifact: Option<Artifact>,
    /// `individually`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub individually: Option<bool>,
    /// `patterns`: globs applied in order to the service directory's files; `!` excludes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<String>,
    /// `include` (legacy): globs added back after the excludes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// `exclude` (legacy): globs left out of the zip.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// `excludeDevDependencies` (service level; default true): Node.js development dependencies
    /// are left out of the zip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclude_dev_dependencies: Option<bool>,
}

impl Package {
    /// True when nothing is set.
    pub fn is_empty(&self) -> bool {
        *self == Package::default()
    }
}

/// A deployment artifact: a local zip file, optionally with a precomputed code hash.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(into = "String")]
pub struct Artifact {
    /// The path as written (relative paths resolve against the service's base directory).
    pub path: PathBuf,
    /// Base64 SHA-256 of the zip; when set, synthesis does not read the file.
    pub code_sha256: Option<String>,
}

impl From<Artifact> for String {
    fn from(a: Artifact) -> String {
        a.path.to_string_lossy().into_owned()
    }
}

impl Artifact {
    /// An artifact read (and hashed) at synthesis time.
    ///
    /// ```
    /// use stackwright_core::Artifact;
    /// let a = Artifact::file("dist/api.zip");
    /// assert!(a.code_sha256.is_none());
    /// ```
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Artifact { path: path.into(), code_sha256: None }
    }

    /// An artifact whose base64 SHA-256 is already known (the file need not exist at synthesis).
    pub fn with_sha256(path: impl Into<PathBuf>, code_sha256: impl Into<String>) -> Self {
        Artifact { path: path.into(), code_sha256: Some(code_sha256.into()) }
    }

    /// The file name used in the S3 key.
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.to_string_lossy().into_owned())
    }
}

/// `resources`: the user's own CloudFormation, deep-merged into the template at the end.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserResources {
    /// `Resources`.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub resources: IndexMap<String, Value>,
    /// `Outputs`.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub outputs: IndexMap<String, Value>,
    /// `Conditions`.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub conditions: IndexMap<String, Value>,
    /// `Parameters`.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub parameters: IndexMap<String, Value>,
    /// `Mappings`.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub mappings: IndexMap<String, Value>,
    /// `Description`: replaces the template description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `extensions`: resource ID → attributes set on that resource of the template (generated
    /// or the user's) once `Resources` are merged: `Properties` and `Metadata` key by key,
    /// `DependsOn` appended, `Condition`, `CreationPolicy`, `DeletionPolicy`, `UpdatePolicy` and
    /// `UpdateReplacePolicy` replaced.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub extensions: IndexMap<String, Value>,
    /// The IDs of `resources` a plugin added (serverless-lift's constructs): their CloudFormation
    /// is the plugin's, checked where the user wrote into it.
    #[serde(skip)]
    pub(crate) from_plugins: Vec<String>,
    /// The template's other sections (`Transform`, `Metadata`, `Rules`), as written.
    #[serde(flatten, skip_serializing_if = "IndexMap::is_empty")]
    pub sections: IndexMap<String, Value>,
    /// The order in which `resources` wrote `Conditions`, `Parameters`, `Mappings` and the
    /// [`UserResources::sections`]: the reference appends them to the template after `Outputs`
    /// in that order. Sections it does not name (set in Rust) follow: `Conditions`,
    /// `Parameters`, `Mappings`, then `sections` in order.
    #[serde(skip)]
    pub section_order: Vec<String>,
}

/// The template sections `resources` may add after `Outputs` that have fields of their own.
pub const KEYED_SECTIONS: &[&str] = &["Conditions", "Parameters", "Mappings"];

/// The template sections `resources` may add after `Outputs` besides [`KEYED_SECTIONS`].
pub const OTHER_SECTIONS: &[&str] = &["Transform", "Metadata", "Rules"];

impl UserResources {
    /// True when nothing is set.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
            && self.outputs.is_empty()
            && self.conditions.is_empty()
            && self.parameters.is_empty()
            && self.mappings.is_empty()
            && self.description.is_none()
            && self.extensions.is_empty()
            && self.sections.is_empty()
    }

    /// The sections after `Outputs`, in the template's order (see
    /// [`UserResources::section_order`]), with their values.
    ///
    /// ```
    /// use stackwright_core::model::UserResources;
    /// let mut r = UserResources::default();
    /// r.mappings.insert("M".into(), serde_json::json!({"k": {"v": 1}}));
    /// r.sections.insert("Transform".into(), serde_json::json!("AWS::LanguageExtensions"));
    /// let names: Vec<&str> = r.trailing_sections().map(|(n, _)| n).collect();
    /// assert_eq!(names, ["Mappings", "Transform"]);
    /// r.section_order = vec!["Transform".into()];
    /// let names: Vec<&str> = r.trailing_sections().map(|(n, _)| n).collect();
    /// assert_eq!(names, ["Transform", "Mappings"]);
    /// ```
    pub fn trailing_sections(&self) -> impl Iterator<Item = (&str, Value)> + '_ {
        let mut order: Vec<&str> = self.section_order.iter().map(String::as_str).collect();
        let default = KEYED_SECTIONS.iter().copied().chain(self.sections.keys().map(String::as_str));
        for name in default {
            if !order.contains(&name) {
                order.push(name);
            }
        }
        let map = |m: &IndexMap<String, Value>| {
            (!m.is_empty()).then(|| Value::Object(m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()))
        };
        order.into_iter().filter_map(move |name| {
            let value = match name {
                "Conditions" => map(&self.conditions),
                "Parameters" => map(&self.parameters),
                "Mappings" => map(&self.mappings),
                other => self.sections.get(other).cloned(),
            };
            value.map(|v| (name, v))
        })
    }
}

impl Serialize for Expr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl Serialize for Intrinsic {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

/// `operatorRole` sits under `permissions` in serverless.yml.
fn as_permissions<S: serde::Serializer>(role: &Option<Expr>, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(1))?;
    map.serialize_entry("operatorRole", role)?;
    map.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The model serializes to the serverless.yml shape the loader reads (found by the JSON
    /// round-trip property: `operatorRole` sat outside `permissions`, `memoryPerVCpu` was
    /// spelt `memoryPerVcpu`).
    #[test]
    fn serializes_to_serverless_yml_keys() {
        let cp = CapacityProviderConfig {
            operator_role: Some(Expr::Str("arn:aws:iam::123456789012:role/Op".into())),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&cp).unwrap(),
            serde_json::json!({"permissions": {"operatorRole": "arn:aws:iam::123456789012:role/Op"}})
        );
        assert_eq!(serde_json::to_value(CapacityProviderConfig::default()).unwrap(), serde_json::json!({}));
        let f = FunctionCapacityProvider {
            name: Some(Expr::Str("highMem".into())),
            max_concurrency: None,
            memory_per_vcpu: Some(MemoryPerVCpu::Gib4),
            scaling: None,
        };
        assert_eq!(serde_json::to_value(&f).unwrap(), serde_json::json!({"name": "highMem", "memoryPerVCpu": 4}));
    }
}
