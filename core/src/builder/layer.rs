//! Top-level layers: [`Service::layer`](crate::Service::layer) declares one and hands out the [`LayerHandle`] functions
//! use, so a function's `Ref` to a layer of this service always names a declared layer.

use std::marker::PhantomData;

use crate::model::{Expr, Intrinsic};

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
