//! Top-level `layers`: Lambda layer versions the service publishes itself
//! (serverless-iam-and-surface.md §9.2).

use serde::Serialize;

use super::{Architecture, CompatibleRuntime, Package};

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
    /// `compatibleRuntimes` (at most 15; retired runtimes are allowed here).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compatible_runtimes: Option<Vec<CompatibleRuntime>>,
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
