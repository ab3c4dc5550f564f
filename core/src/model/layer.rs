//! Top-level `layers`: Lambda layer versions the service publishes itself
//! (serverless-iam-and-surface.md §9.2).

use serde::Serialize;

use super::{Architecture, Package, Runtime};

/// `layers.<name>`: a layer version built from a directory (`path`, zipped by `stackwright
/// package`) or from a zip (`package.artifact`). Functions use it with `{Ref: <Name>LambdaLayer}`
/// in their `layers` (in Rust: the handle [`Service::layer`](crate::Service::layer) returns).
///
/// ```
/// use stackwright_core::{Layer, Runtime};
/// let layer = Layer::path("layer").compatible_runtime(Runtime::Python312).description("dependencies");
/// assert_eq!(layer.path.as_deref(), Some("layer"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Layer {
    /// `path`: the directory whose files make the layer (relative to the service directory).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// `package`: `artifact` (a prebuilt zip), `patterns`, `include` and `exclude` (relative to
    /// `path`). `individually` and `excludeDevDependencies` do not apply to layers.
    #[serde(skip_serializing_if = "Package::is_empty")]
    pub package: Package,
    /// `name`: the layer's name in Lambda (`LayerName`); default: the key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `compatibleRuntimes` (at most 15).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compatible_runtimes: Option<Vec<Runtime>>,
    /// `compatibleArchitectures` (at most 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compatible_architectures: Option<Vec<Architecture>>,
    /// `licenseInfo`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license_info: Option<String>,
    /// `allowedAccounts`: account IDs (`123456789012`, `*` or `arn:aws:iam::<account>:root`) that
    /// may use the layer (one `AWS::Lambda::LayerVersionPermission` each).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_accounts: Option<Vec<String>>,
    /// `retain`: keep old layer versions (the logical ID then carries the layer's hash).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retain: Option<bool>,
}

impl Layer {
    /// A layer made of the files below `dir` (zipped by `stackwright package`).
    pub fn path(dir: impl Into<String>) -> Self {
        Layer { path: Some(dir.into()), ..Layer::default() }
    }

    /// A layer whose zip is already built.
    ///
    /// ```
    /// use stackwright_core::Layer;
    /// let layer = Layer::artifact("dist/deps.zip");
    /// assert!(layer.package.artifact.is_some());
    /// ```
    pub fn artifact(artifact: impl Into<super::Artifact>) -> Self {
        Layer { package: Package { artifact: Some(artifact.into()), ..Package::default() }, ..Layer::default() }
    }

    /// `name`: the layer's name in Lambda.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// `description`.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Adds a runtime to `compatibleRuntimes`.
    pub fn compatible_runtime(mut self, runtime: Runtime) -> Self {
        self.compatible_runtimes.get_or_insert_with(Vec::new).push(runtime);
        self
    }

    /// Adds an architecture to `compatibleArchitectures`.
    pub fn compatible_architecture(mut self, architecture: Architecture) -> Self {
        self.compatible_architectures.get_or_insert_with(Vec::new).push(architecture);
        self
    }

    /// `licenseInfo`.
    pub fn license_info(mut self, license: impl Into<String>) -> Self {
        self.license_info = Some(license.into());
        self
    }

    /// Adds an account to `allowedAccounts`.
    pub fn allow_account(mut self, account: impl Into<String>) -> Self {
        self.allowed_accounts.get_or_insert_with(Vec::new).push(account.into());
        self
    }

    /// `retain: true`: old versions stay when the layer changes or the stack is deleted.
    pub fn retain(mut self, retain: bool) -> Self {
        self.retain = Some(retain);
        self
    }

    /// Adds a `package.patterns` glob (relative to `path`; `!` excludes).
    pub fn pattern(mut self, pattern: impl Into<String>) -> Self {
        self.package.patterns.push(pattern.into());
        self
    }
}
