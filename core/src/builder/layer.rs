//! Top-level layers: the [`Layer`] builder methods, and [`LayerHandle`]:
//! [`Service::layer`](crate::Service::layer) declares a layer and hands out the handle functions
//! use, so a function's `Ref` to a layer of this service always names a declared layer.

use std::marker::PhantomData;

use crate::model::{Architecture, CompatibleRuntime, Expr, Intrinsic, Layer, Package};

/// A layer declared with [`Service::layer`](crate::Service::layer). A function takes it with
/// [`Function::layer`](crate::Function::layer) (it becomes `{"Ref": "<Name>LambdaLayer"}`, as in
/// serverless.yml), which also puts the layer's code into the function's version hash.
///
/// ```
/// use stackwright_core::*;
/// let mut svc = Service::new("my-service");
/// svc.package_artifact(Artifact::with_sha256("dist/service.zip", code_sha256_placeholder()));
/// let deps = svc.layer("deps", Layer::artifact(Artifact::with_sha256("dist/deps.zip", code_sha256_placeholder()))
///     .compatible_runtime(Runtime::Python312));
/// svc.function("api", Function::handler("handler.api").runtime(Runtime::Python312).layer(&deps));
/// assert_eq!(deps.logical_id(), "DepsLambdaLayer");
/// assert!(!svc.check().has_errors(), "{}", svc.check());
/// # fn code_sha256_placeholder() -> &'static str { "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" }
/// ```
///
/// A retained layer (`retain: true`) has a logical ID that changes with its content, so no
/// function can `Ref` it: [`Function::layer`](crate::Function::layer) with its handle is reported
/// by `check()`/`synth()` (`LAYER_UNDEFINED`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerHandle<B = crate::Unbranded> {
    name: String,
    brand: PhantomData<fn() -> B>,
}

impl<B> LayerHandle<B> {
    /// The handle of layer `name`, of a service of brand `B`.
    pub(crate) fn new(name: String) -> Self {
        LayerHandle { name, brand: PhantomData }
    }

    /// The layer's key in `layers`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `<Name>LambdaLayer`.
    pub fn logical_id(&self) -> String {
        crate::naming::layer_logical_id(&self.name)
    }

    /// `{"Ref": "<Name>LambdaLayer"}`: the layer version's ARN.
    pub fn reference(&self) -> Expr {
        Intrinsic::reference(self.logical_id()).into()
    }
}

impl<B> From<&LayerHandle<B>> for Expr {
    fn from(h: &LayerHandle<B>) -> Expr {
        h.reference()
    }
}

impl<B> From<LayerHandle<B>> for Expr {
    fn from(h: LayerHandle<B>) -> Expr {
        h.reference()
    }
}

/// The builder methods of [`Layer`] (the model type of `layers.<name>`).
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
    pub fn artifact(artifact: impl Into<crate::model::Artifact>) -> Self {
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

    /// Adds a runtime to `compatibleRuntimes`: a [`Runtime`](crate::Runtime), or a
    /// [`RetiredRuntime`](crate::RetiredRuntime) (Lambda still accepts most of those in a layer's list).
    ///
    /// ```
    /// use stackwright_core::{Layer, RetiredRuntime, Runtime};
    /// let layer = Layer::path("layer").compatible_runtime(Runtime::Nodejs22x).compatible_runtime(RetiredRuntime::Nodejs12x);
    /// let names: Vec<&str> = layer.compatible_runtimes.unwrap().iter().map(|r| r.as_str()).collect();
    /// assert_eq!(names, ["nodejs22.x", "nodejs12.x"]);
    /// ```
    pub fn compatible_runtime(mut self, runtime: impl Into<CompatibleRuntime>) -> Self {
        self.compatible_runtimes.get_or_insert_with(Vec::new).push(runtime.into());
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
