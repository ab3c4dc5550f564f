//! A function's execution-environment range on a capacity provider (`scaling.min`/`scaling.max`),
//! checked while the user's crate is type-checked.
//!
//! Why a macro and not const generics: a `const { assert!(..) }` inside a generic method runs only
//! when the method is monomorphized, that is at `cargo build`, never at `cargo check` (so neither
//! rust-analyzer nor clippy shows it), and its error points into this crate first. The macro
//! instead turns each rule into a trait bound on a type built from the user's own constants, which
//! the type checker has to evaluate: the error is a stackwright message at the user's invocation.

/// How many execution environments a function keeps on its capacity provider: `scaling.min`
/// (1..15000) and/or `scaling.max` (0..15000), `min <= max`. Made by [`environments!`], which
/// checks those rules at compile time (`cargo check`); values known only at run time go through
/// [`CapacityProviderUse::scaling_dynamic`](crate::CapacityProviderUse::scaling_dynamic) and
/// are checked by `synth()`.
///
/// ```
/// use stackwright_core::*;
/// let mut svc = Service::new("svc");
/// let pool = svc.capacity_provider("pool", CapacityProvider::new());
/// let both = pool.with().scaling(environments!(5..=10));
/// let at_least = pool.with().scaling(environments!(2..));
/// let at_most = pool.with().scaling(environments!(..=40));
/// # let _ = (both, at_least, at_most);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Environments {
    pub(crate) min: Option<u32>,
    pub(crate) max: Option<u32>,
}

impl Environments {
    /// What [`environments!`] builds once its checks passed. Not part of the API: calling it
    /// directly skips the compile-time checks (`synth()` still reports a bad range).
    #[doc(hidden)]
    pub const fn __checked(min: Option<u32>, max: Option<u32>) -> Self {
        Environments { min, max }
    }

    /// `scaling.min`, if set.
    ///
    /// ```
    /// use stackwright_core::environments;
    /// assert_eq!(environments!(3..).min(), Some(3));
    /// ```
    pub const fn min(&self) -> Option<u32> {
        self.min
    }

    /// `scaling.max`, if set.
    ///
    /// ```
    /// use stackwright_core::environments;
    /// assert_eq!(environments!(..=7).max(), Some(7));
    /// ```
    pub const fn max(&self) -> Option<u32> {
        self.max
    }
}

/// A function's execution-environment range on a capacity provider, checked at compile time
/// (`cargo check` included): `environments!(MIN..=MAX)`, `environments!(MIN..)` or
/// `environments!(..=MAX)`, where each bound is a literal, a `const` name or a `{ const expr }`
/// of type `u32`. `MIN` is 1..15000 (`min 0` only with `max 0`: use
/// [`scale_to_zero`](crate::CapacityProviderUse::scale_to_zero)), `MAX` at most 15000, and
/// `MIN <= MAX`.
///
/// ```
/// use stackwright_core::*;
/// const PEAK: u32 = 40;
/// let range = environments!(5..=PEAK);
/// assert_eq!((range.min(), range.max()), (Some(5), Some(40)));
/// ```
///
/// ```compile_fail
/// use stackwright_core::*;
/// let range = environments!(6..=3); // scaling.min cannot be greater than scaling.max
/// ```
#[macro_export]
macro_rules! environments {
    ($min:tt ..= $max:tt) => {{
        let () = <$crate::__checks::Check<{ $crate::__checks::min_at_least_one($min) }> as $crate::__checks::MinAtLeastOne>::OK;
        let () = <$crate::__checks::Check<{ $crate::__checks::at_most_15000($max) }> as $crate::__checks::MaxAtMost15000>::OK;
        let () = <$crate::__checks::Check<{ $crate::__checks::ordered($min, $max) }> as $crate::__checks::MinAtMostMax>::OK;
        $crate::Environments::__checked(::core::option::Option::Some($min), ::core::option::Option::Some($max))
    }};
    ($min:tt ..) => {{
        let () = <$crate::__checks::Check<{ $crate::__checks::min_at_least_one($min) }> as $crate::__checks::MinAtLeastOne>::OK;
        let () = <$crate::__checks::Check<{ $crate::__checks::at_most_15000($min) }> as $crate::__checks::MinAtMost15000>::OK;
        $crate::Environments::__checked(::core::option::Option::Some($min), ::core::option::Option::None)
    }};
    (..= $max:tt) => {{
        let () = <$crate::__checks::Check<{ $crate::__checks::at_most_15000($max) }> as $crate::__checks::MaxAtMost15000>::OK;
        $crate::Environments::__checked(::core::option::Option::None, ::core::option::Option::Some($max))
    }};
}

/// The compile-time checks behind [`environments!`] and [`Scaling::manual`](crate::Scaling::manual).
/// Not part of the API.
#[doc(hidden)]
pub mod checks {
    use crate::TargetTracking;

    /// A rule's outcome as a type: only `Check<true>` implements the rule's trait.
    pub struct Check<const OK: bool>;

    /// `scaling.min >= 1` (as a `u32`, so a bound of another type is a type error).
    pub const fn min_at_least_one(min: u32) -> bool {
        min >= 1
    }

    /// A bound of at most 15000 environments.
    pub const fn at_most_15000(n: u32) -> bool {
        n <= 15000
    }

    /// `scaling.min <= scaling.max`.
    pub const fn ordered(min: u32, max: u32) -> bool {
        min <= max
    }

    macro_rules! rule {
        ($name:ident, $message:literal, $label:literal, $note:literal) => {
            #[doc = $message]
            #[diagnostic::on_unimplemented(message = $message, label = $label, note = $note)]
            pub trait $name {
                /// Used by the macro to name the bound.
                const OK: () = ();
            }
            // Hidden from "the trait is implemented for `Check<true>`" hints: they name internals.
            #[diagnostic::do_not_recommend]
            impl $name for Check<true> {}
        };
    }
    rule!(
        MinAtLeastOne,
        "scaling.min can't be 0 unless scaling.max is also 0",
        "scaling.min is 0 here",
        "use `.scale_to_zero()` for `scaling: {{min: 0, max: 0}}`, or a minimum of at least 1"
    );
    rule!(
        MinAtMost15000,
        "scaling.min is at most 15000",
        "scaling.min is over 15000 here",
        "a function scales to at most 15000 execution environments"
    );
    rule!(
        MaxAtMost15000,
        "scaling.max is at most 15000",
        "scaling.max is over 15000 here",
        "a function scales to at most 15000 execution environments"
    );
    rule!(
        MinAtMostMax,
        "scaling.min cannot be greater than scaling.max",
        "scaling.min is above scaling.max here",
        "swap the bounds, or raise the maximum"
    );

    /// The number of target-tracking policies a capacity provider takes: 1 to 10. Implemented for
    /// `[TargetTracking; 1]` to `[TargetTracking; 10]` only, so `Scaling::manual(200, [])` and an
    /// eleventh policy are type errors at the user's array.
    #[diagnostic::on_unimplemented(
        message = "a capacity provider takes 1 to 10 target-tracking policies, not `{Self}`",
        label = "give 1 to 10 policies here",
        note = "manual scaling needs at least one policy (e.g. `[TargetTracking::cpu(70.0)]`), and AWS accepts at most 10"
    )]
    pub trait PolicyCount {}

    macro_rules! policy_count {
        // Not listed as "other types implementing": the message already says 1 to 10.
        ($($n:literal)*) => {$( #[diagnostic::do_not_recommend] impl PolicyCount for [TargetTracking; $n] {} )*};
    }
    policy_count!(1 2 3 4 5 6 7 8 9 10);
}
