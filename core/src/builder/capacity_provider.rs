//! Builders for capacity providers and the typed handle a function uses to reference one.

use std::marker::PhantomData;

use super::environments::Environments;
use super::environments::checks::PolicyCount;
use crate::brand::Unbranded;
use crate::model::{
    Architecture, CapacityProviderConfig, CapacityProviderRef, CapacityProviderScaling, Expr, FunctionCapacityProvider,
    FunctionScaling, InstanceRequirements, Intrinsic, MemoryPerVCpu, MetricType, ScalingMode, ScalingPolicy, Vpc,
};

/// Builder of one `provider.capacityProviders.<name>` entry.
///
/// ```
/// use stackwright_core::*;
/// let cp = CapacityProvider::new()
///     .scaling(Scaling::manual(200, [TargetTracking::cpu(70.0)]))
///     .instance_types(InstanceTypes::allowed(["r7g.large", "r7g.xlarge"]))
///     .architecture(Architecture::Arm64);
/// let config = cp.into_config();
/// assert_eq!(config.instance_requirements.unwrap().architectures, [Architecture::Arm64]);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct CapacityProvider {
    config: CapacityProviderConfig,
}

impl CapacityProvider {
    /// A provider with every setting left to the defaults (VPC from `provider.vpc`, the shared
    /// operator role, AWS-managed scaling, any instance type).
    pub fn new() -> Self {
        Self::default()
    }

    /// Scaling of the provider's instances.
    pub fn scaling(mut self, scaling: Scaling) -> Self {
        self.config.scaling = Some(scaling.config);
        self
    }

    /// Which instance types the provider may launch.
    pub fn instance_types(mut self, types: InstanceTypes) -> Self {
        let req = self.config.instance_requirements.get_or_insert_with(Default::default);
        match types {
            InstanceTypes::Allowed(t) => {
                req.allowed_instance_types = t;
                req.excluded_instance_types.clear();
            }
            InstanceTypes::Excluded(t) => {
                req.excluded_instance_types = t;
                req.allowed_instance_types.clear();
            }
        }
        self
    }

    /// The instances' architecture (one per provider).
    pub fn architecture(mut self, architecture: Architecture) -> Self {
        self.config.instance_requirements.get_or_insert_with(InstanceRequirements::default).architectures =
            vec![architecture];
        self
    }

    /// The provider's own VPC; replaces `provider.vpc` for this provider.
    pub fn vpc(mut self, vpc: Vpc) -> Self {
        self.config.vpc = Some(vpc);
        self
    }

    /// An existing operator role (ARN string or intrinsic) instead of the shared one.
    pub fn operator_role(mut self, role: impl Into<Expr>) -> Self {
        self.config.operator_role = Some(role.into());
        self
    }

    /// A KMS key (ARN string or intrinsic) for the instances' EBS volumes.
    pub fn kms_key_arn(mut self, key: impl Into<Expr>) -> Self {
        self.config.kms_key_arn = Some(key.into());
        self
    }

    /// The model entry this builder produced.
    pub fn into_config(self) -> CapacityProviderConfig {
        self.config
    }
}

impl From<CapacityProvider> for CapacityProviderConfig {
    fn from(b: CapacityProvider) -> Self {
        b.config
    }
}

/// Scaling of a capacity provider. Manual scaling needs at least one (and at most ten)
/// target-tracking policies: that is checked by the type checker (`cargo check` included), with
/// the error on the policy array.
///
/// ```
/// use stackwright_core::{Scaling, TargetTracking};
/// let auto = Scaling::auto().max_vcpu_count(100);
/// let manual = Scaling::manual(200, [TargetTracking::cpu(70.0)]);
/// # let _ = (auto, manual);
/// ```
///
/// ```compile_fail
/// use stackwright_core::{Scaling, TargetTracking};
/// // manual scaling without a policy does not build
/// let manual = Scaling::manual(200, []);
/// # let _ = manual;
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct Scaling {
    config: CapacityProviderScaling,
}

impl Scaling {
    /// `mode: auto`: AWS scales the instances.
    pub fn auto() -> Self {
        Scaling { config: CapacityProviderScaling { mode: Some(ScalingMode::Auto), ..Default::default() } }
    }

    /// `mode: manual` with a vCPU ceiling and 1 to 10 target-tracking policies.
    pub fn manual<const N: usize>(max_vcpu_count: u32, policies: [TargetTracking; N]) -> Self
    where
        [TargetTracking; N]: PolicyCount,
    {
        Scaling {
            config: CapacityProviderScaling {
                mode: Some(ScalingMode::Manual),
                max_vcpu_count: Some(max_vcpu_count),
                policies: policies.into_iter().map(|p| p.0).collect(),
            },
        }
    }

    /// No `mode` key: AWS's default mode applies (the reference emits no `ScalingMode`).
    pub fn unspecified() -> Self {
        Scaling { config: CapacityProviderScaling::default() }
    }

    /// The vCPU ceiling (`maxVCpuCount`, 12..15000).
    pub fn max_vcpu_count(mut self, count: u32) -> Self {
        self.config.max_vcpu_count = Some(count);
        self
    }

    /// Target-tracking policies without an explicit mode (1 to 10).
    pub fn policies<const N: usize>(mut self, policies: [TargetTracking; N]) -> Self
    where
        [TargetTracking; N]: PolicyCount,
    {
        self.config.policies = policies.into_iter().map(|p| p.0).collect();
        self
    }
}

/// A target-tracking scaling policy.
///
/// ```
/// use stackwright_core::TargetTracking;
/// let p = TargetTracking::cpu(70.0);
/// # let _ = p;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TargetTracking(ScalingPolicy);

impl TargetTracking {
    /// Keep average CPU utilization at `percent` (0..100).
    pub fn cpu(percent: f64) -> Self {
        TargetTracking(ScalingPolicy {
            predefined_metric_type: MetricType::AverageCpuUtilization,
            target_value: percent,
        })
    }

    /// Keep average GPU utilization at `percent` (0..100).
    pub fn gpu(percent: f64) -> Self {
        TargetTracking(ScalingPolicy {
            predefined_metric_type: MetricType::AverageGpuUtilization,
            target_value: percent,
        })
    }
}

/// Which instance types a provider may launch: an allow-list or a deny-list, never both.
///
/// ```
/// use stackwright_core::InstanceTypes;
/// let t = InstanceTypes::excluded(["t3.nano"]);
/// # let _ = t;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum InstanceTypes {
    /// Only these types (`allowedInstanceTypes`).
    Allowed(Vec<String>),
    /// Any type but these (`excludedInstanceTypes`).
    Excluded(Vec<String>),
}

impl InstanceTypes {
    /// Only these types.
    pub fn allowed<S: Into<String>>(types: impl IntoIterator<Item = S>) -> Self {
        InstanceTypes::Allowed(types.into_iter().map(Into::into).collect())
    }

    /// Any type except these.
    pub fn excluded<S: Into<String>>(types: impl IntoIterator<Item = S>) -> Self {
        InstanceTypes::Excluded(types.into_iter().map(Into::into).collect())
    }
}

/// A capacity provider declared in a [`crate::Service`]: the only way (besides an explicit ARN or
/// intrinsic) for builder code to reference one, so a misspelt name cannot compile.
///
/// `B` is the brand of the service that declared it ([`crate::FitsService`]): the handle of a
/// service declared with `new_service!` fits only that service's functions.
///
/// ```
/// use stackwright::*;
/// let mut svc = stackwright::new_service!("svc");
/// svc.provider().vpc(Vpc::new(["subnet-1"], ["sg-1"]));
/// let pool = svc.capacity_provider("pool", CapacityProvider::new());
/// svc.function("api", Function::handler("index.handler").runtime(Runtime::Nodejs24x).capacity_provider(&pool));
/// assert_eq!(pool.name(), "pool");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapacityProviderHandle<B = Unbranded> {
    pub(crate) name: String,
    brand: PhantomData<fn() -> B>,
}

impl<B> CapacityProviderHandle<B> {
    /// The handle of provider `name`, of a service of brand `B`.
    pub(crate) fn new(name: String) -> Self {
        CapacityProviderHandle { name, brand: PhantomData }
    }

    /// The provider's key in `provider.capacityProviders`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The provider's CloudFormation logical ID.
    pub fn logical_id(&self) -> String {
        crate::naming::capacity_provider_logical_id(&self.name)
    }

    /// `{"Fn::GetAtt": [<logical id>, "Arn"]}`, for use in your own resources.
    pub fn arn(&self) -> Intrinsic {
        Intrinsic::get_att(self.logical_id(), "Arn")
    }

    /// Starts per-function settings (`maxConcurrency`, `memoryPerVCpu`, `scaling`) on this
    /// provider; they keep the handle's brand.
    pub fn with(&self) -> CapacityProviderUse<B> {
        CapacityProviderUse::new(Expr::Str(self.name.clone()))
    }
}

/// A function's use of a capacity provider, with its per-function settings. `B` is the brand of
/// the handle it came from ([`Unbranded`] for [`CapacityProviderUse::arn`] and
/// [`CapacityProviderUse::intrinsic`]).
///
/// ```
/// use stackwright_core::*;
/// let mut svc = Service::new("svc");
/// let pool = svc.capacity_provider("pool", CapacityProvider::new());
/// let use_ = pool.with().max_concurrency(100).memory_per_vcpu(MemoryPerVCpu::Gib4).scaling(environments!(5..=10));
/// # let _ = use_;
/// ```
///
/// `min 0` is only possible together with `max 0` ([`CapacityProviderUse::scale_to_zero`]):
/// ```compile_fail
/// # use stackwright_core::*;
/// # let mut svc = Service::new("svc");
/// # let pool = svc.capacity_provider("pool", CapacityProvider::new());
/// let use_ = pool.with().scaling(environments!(0..=5));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CapacityProviderUse<B = Unbranded> {
    config: FunctionCapacityProvider,
    brand: PhantomData<fn() -> B>,
}

impl<B> CapacityProviderUse<B> {
    fn new(name: Expr) -> Self {
        CapacityProviderUse {
            config: FunctionCapacityProvider {
                name: Some(name),
                max_concurrency: None,
                memory_per_vcpu: None,
                scaling: None,
            },
            brand: PhantomData,
        }
    }
}

impl CapacityProviderUse {
    /// An external provider by ARN string, with per-function settings.
    pub fn arn(arn: impl Into<String>) -> Self {
        Self::new(Expr::Str(arn.into()))
    }

    /// An external provider by intrinsic (e.g. `Fn::ImportValue`), with per-function settings.
    pub fn intrinsic(arn: Intrinsic) -> Self {
        Self::new(arn.into())
    }
}

impl<B> CapacityProviderUse<B> {
    /// Concurrent requests per execution environment (`maxConcurrency`, 1..1600).
    pub fn max_concurrency(mut self, requests: u32) -> Self {
        self.config.max_concurrency = Some(requests);
        self
    }

    /// Memory per vCPU of the execution environments.
    pub fn memory_per_vcpu(mut self, ratio: MemoryPerVCpu) -> Self {
        self.config.memory_per_vcpu = Some(ratio);
        self
    }

    /// `scaling.min`/`scaling.max`: a range made by [`environments!`](crate::environments!), whose
    /// bounds are checked at compile time.
    pub fn scaling(mut self, environments: Environments) -> Self {
        self.config.scaling = Some(FunctionScaling { min: environments.min, max: environments.max });
        self
    }

    /// `scaling: {min: 0, max: 0}`: no execution environments.
    pub fn scale_to_zero(mut self) -> Self {
        self.config.scaling = Some(FunctionScaling { min: Some(0), max: Some(0) });
        self
    }

    /// Scaling from values known only at run time; checked by validation at `synth()`.
    pub fn scaling_dynamic(mut self, min: Option<u32>, max: Option<u32>) -> Self {
        self.config.scaling = Some(FunctionScaling { min, max });
        self
    }
}

// The brand-erasing conversions exist for unbranded handles only: for a declared service's handle
// they would let `Function::capacity_provider(CapacityProviderRef::from(&handle))` carry it into
// another service unchecked. Branded handles go through `IntoCapacityProvider`, which keeps the brand.
impl From<CapacityProviderUse> for CapacityProviderRef {
    fn from(u: CapacityProviderUse) -> Self {
        CapacityProviderRef::Config(u.config)
    }
}

impl From<&CapacityProviderHandle> for CapacityProviderRef {
    fn from(h: &CapacityProviderHandle) -> Self {
        CapacityProviderRef::Name(h.name.clone())
    }
}

impl From<CapacityProviderHandle> for CapacityProviderRef {
    fn from(h: CapacityProviderHandle) -> Self {
        CapacityProviderRef::Name(h.name)
    }
}

impl From<Intrinsic> for CapacityProviderRef {
    fn from(i: Intrinsic) -> Self {
        CapacityProviderRef::Intrinsic(i)
    }
}

impl CapacityProviderRef {
    /// An external capacity provider by ARN (`arn:aws:lambda:<region>:<account>:capacity-provider:<name>`).
    ///
    /// ```
    /// use stackwright_core::CapacityProviderRef;
    /// let r = CapacityProviderRef::arn("arn:aws:lambda:us-east-1:123456789012:capacity-provider:shared");
    /// # let _ = r;
    /// ```
    pub fn arn(arn: impl Into<String>) -> Self {
        CapacityProviderRef::Name(arn.into())
    }
}

impl Vpc {
    /// A VPC from subnet ids and security group ids.
    ///
    /// ```
    /// use stackwright_core::Vpc;
    /// let vpc = Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]);
    /// assert!(vpc.subnet_ids.is_some());
    /// ```
    pub fn new<S: Into<Expr>, G: Into<Expr>>(
        subnet_ids: impl IntoIterator<Item = S>,
        security_group_ids: impl IntoIterator<Item = G>,
    ) -> Self {
        Vpc {
            security_group_ids: Some(Expr::List(security_group_ids.into_iter().map(Into::into).collect())),
            subnet_ids: Some(Expr::List(subnet_ids.into_iter().map(Into::into).collect())),
            ipv6_allowed_for_dual_stack: None,
        }
    }

    /// A VPC whose id lists come from intrinsics yielding lists (e.g. `Fn::Split` of an import).
    pub fn from_intrinsics(subnet_ids: Intrinsic, security_group_ids: Intrinsic) -> Self {
        Vpc {
            security_group_ids: Some(security_group_ids.into()),
            subnet_ids: Some(subnet_ids.into()),
            ipv6_allowed_for_dual_stack: None,
        }
    }

    /// Allows IPv6 traffic for dual-stack subnets (plain functions only).
    pub fn ipv6_allowed_for_dual_stack(mut self, allowed: bool) -> Self {
        self.ipv6_allowed_for_dual_stack = Some(allowed);
        self
    }
}

/// What [`Function::capacity_provider`](crate::Function::capacity_provider) accepts: a handle from
/// [`crate::Service::capacity_provider`] (or a reference to one), a handle's
/// [`with`](CapacityProviderHandle::with) settings, [`CapacityProviderRef::arn`], or an
/// [`Intrinsic`]. Sealed: a plain string is deliberately not a capacity provider, so a misspelt
/// name cannot compile.
///
/// Its [`Brand`](IntoCapacityProvider::Brand) is the brand of the service whose handle it is, or
/// [`Unbranded`] for an ARN or an intrinsic.
///
/// ```
/// use stackwright_core::*;
/// let mut svc = Service::new("svc");
/// let pool = svc.capacity_provider("pool", CapacityProvider::new());
/// let f = Function::handler("h").capacity_provider(&pool);
/// # let _ = f;
/// ```
///
/// ```compile_fail
/// use stackwright_core::*;
/// let f = Function::handler("h").capacity_provider("pool");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a capacity provider reference",
    label = "expected a capacity provider handle, not `{Self}`",
    note = "use the handle `svc.capacity_provider(\"name\", ..)` returns (or `svc.default_capacity_provider()`), \
            `handle.with()...`, `CapacityProviderRef::arn(\"arn:aws:lambda:..\")` or an `Intrinsic`",
    note = "names are not accepted here so that a misspelt name cannot compile"
)]
pub trait IntoCapacityProvider: sealed::Sealed {
    /// The brand of the function that runs on it (see [`crate::FitsService`]).
    type Brand;

    /// The model's reference.
    fn into_capacity_provider_ref(self) -> CapacityProviderRef;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::CapacityProviderRef {}
    impl<B> Sealed for super::CapacityProviderUse<B> {}
    impl<B> Sealed for super::CapacityProviderHandle<B> {}
    impl<B> Sealed for &super::CapacityProviderHandle<B> {}
    impl Sealed for super::Intrinsic {}
}

// One impl per type (not a blanket impl over `Sealed`), so that a wrong type reports the
// `on_unimplemented` message above rather than an unsatisfied private bound.
macro_rules! into_capacity_provider {
    ($([$($generics:tt)*] $ty:ty => $brand:ty, |$it:ident| $to_ref:expr);* $(;)?) => {$(
        impl<$($generics)*> IntoCapacityProvider for $ty {
            type Brand = $brand;

            fn into_capacity_provider_ref(self) -> CapacityProviderRef {
                let $it = self;
                $to_ref
            }
        }
    )*};
}
into_capacity_provider!(
    [] CapacityProviderRef => Unbranded, |r| r;
    [B] CapacityProviderUse<B> => B, |u| CapacityProviderRef::Config(u.config);
    [B] CapacityProviderHandle<B> => B, |h| CapacityProviderRef::Name(h.name);
    [B] &CapacityProviderHandle<B> => B, |h| CapacityProviderRef::Name(h.name.clone());
    [] Intrinsic => Unbranded, |i| CapacityProviderRef::Intrinsic(i);
);
