//! Service brands: zero-sized marker types that tie capacity-provider handles to the service that
//! declared them, so that a handle of one service used in a function of another does not compile.
//!
//! # How it works
//!
//! [`stackwright::new_service!`](https://docs.rs/stackwright/latest/stackwright/macro.new_service.html)
//! (and `service!`) declares a fresh marker type at its call site (named after the service:
//! `"orders-api"` gives `OrdersApi`) and returns a `Service<OrdersApi>`. Every handle that service
//! hands out is a `CapacityProviderHandle<OrdersApi>`; a [`Function`](crate::Function) that runs on
//! it becomes a `Function<OrdersApi>`; and [`Service::function`](crate::Service::function) accepts
//! a `Function<F>` only where `F:` [`FitsService`]`<OrdersApi>`, which holds for `OrdersApi` itself
//! and for [`Unbranded`] (functions with no handle, or an ARN or intrinsic), and for no other
//! brand. Two invocations never share a marker type, so the handles of two declared services can't
//! be mixed up. All of it is types: nothing is stored, checked or paid for at run time.
//!
//! A service made by [`Service::new`](crate::Service::new) (scripts, loaders, generated code) is
//! [`Unbranded`]: its handles fit any service, and a name that the service using it does not
//! define is reported by `synth()` (`LAMBDA_CAPACITY_PROVIDER_UNDEFINED`), as before brands.
//!
//! # Limits
//!
//! A brand is per *declaration in the source*, not per run-time value: a `Service` cloned, or
//! returned twice from the same function, keeps the brand, so its handles fit both copies. That is
//! what a clone means (the same service, say for another stage); distinct services declared by one
//! helper called twice are still checked by name at `synth()`.

/// A service brand: the marker type
/// [`new_service!`](https://docs.rs/stackwright/latest/stackwright/macro.new_service.html)
/// declares for one service. Public so that generic code can name it (`fn add_api<B: Brand>(svc: &mut
/// Service<B>)`), but meant to be implemented by the macros only: a hand-written brand shared by
/// two services would let their handles mix (nothing worse: the names are still checked at
/// `synth()`).
///
/// ```
/// use stackwright::*;
///
/// // Generic over any declared service.
/// fn add_api<B: Brand>(svc: &mut Service<B>) {
///     let pool = svc.default_capacity_provider();
///     svc.function("api", Function::handler("handler.api").capacity_provider(&pool));
/// }
///
/// let mut svc = stackwright::new_service!("my-service");
/// add_api(&mut svc);
/// assert!(svc.config().functions.contains_key("api"));
/// ```
///
/// A helper that should also take unbranded services ([`Service::new`](crate::Service::new),
/// [`into_unbranded`](crate::Service::into_unbranded)) asks for the bound `Service::function`
/// itself needs, `B: FitsService<B>`, which every brand and [`Unbranded`] meet:
///
/// ```
/// use stackwright::*;
///
/// fn add_api<B: FitsService<B>>(svc: &mut Service<B>) {
///     let pool = svc.default_capacity_provider();
///     svc.function("api", Function::handler("handler.api").capacity_provider(&pool));
/// }
///
/// add_api(&mut stackwright::new_service!("declared"));
/// add_api(&mut Service::new("from-data"));
/// ```
///
/// The supertraits are what the generated marker types derive, so that a `Service<impl Brand>`
/// (the return type of a function that declares one) can be cloned, compared and printed:
///
/// ```
/// use stackwright::*;
/// fn declare() -> Service<impl Brand> {
///     stackwright::new_service!("my-service")
/// }
/// let svc = declare();
/// assert_eq!(svc.clone(), svc);
/// println!("{:?}", svc.default_capacity_provider());
/// ```
pub trait Brand: Copy + std::fmt::Debug + Eq + std::hash::Hash + Default + 'static {}

/// The brand of what belongs to no declared service: a service made by
/// [`Service::new`](crate::Service::new) (or loaded from a file), its handles, a function with no
/// capacity provider or with an external one ([`CapacityProviderRef::arn`](crate::CapacityProviderRef::arn),
/// an [`Intrinsic`](crate::Intrinsic)). It is the default type parameter of
/// [`Service`](crate::Service), [`Function`](crate::Function) and the handles, so `Service` means
/// `Service<Unbranded>`.
///
/// An unbranded function fits any service ([`FitsService`]):
///
/// ```
/// use stackwright::*;
/// let mut svc = stackwright::new_service!("my-service");
/// let plain: Function<Unbranded> = Function::handler("handler.plain");
/// let external = Function::handler("handler.ext")
///     .capacity_provider(CapacityProviderRef::arn("arn:aws:lambda:us-east-1:123456789012:capacity-provider:shared"));
/// svc.function("plain", plain).function("ext", external);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Unbranded;

/// Whether a function of brand `Self` may be added to a service of brand `S`: it may when it runs
/// on a capacity provider of that very service (`Self` is `S`), or on no branded handle at all
/// (`Self` is [`Unbranded`]). [`Service::function`](crate::Service::function) requires it, so a
/// handle of another declared service does not compile.
///
/// ```
/// use stackwright::*;
/// let mut orders = stackwright::new_service!("orders");
/// let pool = orders.default_capacity_provider();
/// orders.function("api", Function::handler("handler.api").capacity_provider(&pool));
/// ```
///
/// ```compile_fail,E0277
/// use stackwright::*;
/// let mut orders = stackwright::new_service!("orders");
/// let mut billing = stackwright::new_service!("billing");
/// let pool = orders.default_capacity_provider();
/// // error: this function runs on a capacity provider of another service
/// billing.function("api", Function::handler("handler.api").capacity_provider(&pool));
/// ```
///
/// Nor can a declared service's handle lose its brand on the way (the conversions to a plain
/// [`CapacityProviderRef`](crate::CapacityProviderRef) exist for unbranded handles only):
///
/// ```compile_fail,E0277
/// use stackwright::*;
/// let mut orders = stackwright::new_service!("orders");
/// let pool = orders.default_capacity_provider();
/// let erased = CapacityProviderRef::from(&pool);
/// ```
#[diagnostic::on_unimplemented(
    message = "this function runs on a capacity provider of another service",
    label = "runs on a capacity provider of service `{Self}`, but is added to service `{S}`",
    note = "a capacity provider handle only fits functions of the service that declared it: \
            declare the provider in this service with `svc.capacity_provider(..)` and use that handle",
    note = "to run on another service's provider, reference it by ARN: `CapacityProviderRef::arn(..)` \
            or an `Intrinsic` (e.g. `Fn::ImportValue`)"
)]
pub trait FitsService<S> {}

/// Functions without a branded handle fit any service.
impl<S> FitsService<S> for Unbranded {}

/// A function on a handle of service `S` fits service `S`.
impl<S: Brand> FitsService<S> for S {}
