//! Closed sets of values: runtimes, architectures, scaling modes, metric types, memory ratios.

macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The value as written in serverless.yml and CloudFormation.
            pub const fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $text ),+ }
            }

            /// Parses the exact serverless.yml spelling.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $( $text => Some($name::$variant), )+ _ => None }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}
pub(super) use string_enum;

string_enum! {
    /// A Lambda runtime identifier.
    ///
    /// ```
    /// use stackwright_core::Runtime;
    /// assert_eq!(Runtime::Nodejs24x.as_str(), "nodejs24.x");
    /// assert_eq!(Runtime::parse("python3.13"), Some(Runtime::Python313));
    /// assert!(Runtime::Python313.supports_managed_instances());
    /// assert!(!Runtime::Nodejs20x.supports_managed_instances());
    /// ```
    pub enum Runtime {
        /// `nodejs16.x` (deprecated).
        Nodejs16x => "nodejs16.x",
        /// `nodejs18.x` (deprecated).
        Nodejs18x => "nodejs18.x",
        /// `nodejs20.x` (the reference's default runtime).
        Nodejs20x => "nodejs20.x",
        /// `nodejs22.x`.
        Nodejs22x => "nodejs22.x",
        /// `nodejs24.x`.
        Nodejs24x => "nodejs24.x",
        /// `python3.8` (deprecated).
        Python38 => "python3.8",
        /// `python3.9` (deprecated).
        Python39 => "python3.9",
        /// `python3.10`.
        Python310 => "python3.10",
        /// `python3.11`.
        Python311 => "python3.11",
        /// `python3.12`.
        Python312 => "python3.12",
        /// `python3.13`.
        Python313 => "python3.13",
        /// `python3.14`.
        Python314 => "python3.14",
        /// `java8.al2`.
        Java8Al2 => "java8.al2",
        /// `java11`.
        Java11 => "java11",
        /// `java17`.
        Java17 => "java17",
        /// `java21`.
        Java21 => "java21",
        /// `java25`.
        Java25 => "java25",
        /// `dotnet6` (deprecated).
        Dotnet6 => "dotnet6",
        /// `dotnet8`.
        Dotnet8 => "dotnet8",
        /// `dotnet10`.
        Dotnet10 => "dotnet10",
        /// `ruby3.2`.
        Ruby32 => "ruby3.2",
        /// `ruby3.3`.
        Ruby33 => "ruby3.3",
        /// `ruby3.4`.
        Ruby34 => "ruby3.4",
        /// `provided.al2`.
        ProvidedAl2 => "provided.al2",
        /// `provided.al2023` (custom runtimes, e.g. Rust).
        ProvidedAl2023 => "provided.al2023",
    }
}

impl Runtime {
    /// The reference framework's default runtime when none is configured.
    pub const DEFAULT: Runtime = Runtime::Nodejs20x;

    /// Whether Lambda Managed Instances (capacity providers) run this runtime: Node.js 22 and
    /// later, Python 3.13 and later, Java 21 and later, .NET 8 and later, `provided.al2023`.
    pub const fn supports_managed_instances(self) -> bool {
        matches!(
            self,
            Runtime::Nodejs22x
                | Runtime::Nodejs24x
                | Runtime::Python313
                | Runtime::Python314
                | Runtime::Java21
                | Runtime::Java25
                | Runtime::Dotnet8
                | Runtime::Dotnet10
                | Runtime::ProvidedAl2023
        )
    }

    /// Whether AWS has deprecated this runtime (no more security patches; creating, then
    /// updating functions on it gets blocked), per AWS's runtime schedule as of this release
    /// (November 2026): Node.js 16–20, Python 3.8–3.10, .NET 6 and 8, Ruby 3.2, `provided.al2`.
    pub const fn is_deprecated(self) -> bool {
        matches!(
            self,
            Runtime::Nodejs16x
                | Runtime::Nodejs18x
                | Runtime::Nodejs20x // 2026-04-30
                | Runtime::Python38
                | Runtime::Python39 // 2025-12-15
                | Runtime::Python310 // 2026-10-31
                | Runtime::Dotnet6
                | Runtime::Dotnet8 // 2026-11-10
                | Runtime::Ruby32 // 2026-03-31
                | Runtime::ProvidedAl2 // 2026-07-31
        )
    }
}

string_enum! {
    /// A runtime AWS has retired: Lambda creates and updates no function on it, but a layer may
    /// still list most of them among its `compatibleRuntimes` (the API's list of valid values
    /// keeps them; see [`RetiredRuntime::layer_compatible`]).
    ///
    /// ```
    /// use stackwright_core::{RetiredRuntime, Runtime};
    /// assert_eq!(RetiredRuntime::parse("nodejs12.x"), Some(RetiredRuntime::Nodejs12x));
    /// assert_eq!(RetiredRuntime::Nodejs12x.successor(), "nodejs22.x");
    /// assert_eq!(RetiredRuntime::parse("nodejs22.x"), None);
    /// ```
    pub enum RetiredRuntime {
        /// `nodejs`.
        Nodejs => "nodejs",
        /// `nodejs4.3`.
        Nodejs43 => "nodejs4.3",
        /// `nodejs4.3-edge`.
        Nodejs43Edge => "nodejs4.3-edge",
        /// `nodejs6.10`.
        Nodejs610 => "nodejs6.10",
        /// `nodejs8.10`.
        Nodejs810 => "nodejs8.10",
        /// `nodejs10.x`.
        Nodejs10x => "nodejs10.x",
        /// `nodejs12.x`.
        Nodejs12x => "nodejs12.x",
        /// `nodejs14.x`.
        Nodejs14x => "nodejs14.x",
        /// `python2.7`.
        Python27 => "python2.7",
        /// `python3.6`.
        Python36 => "python3.6",
        /// `python3.7`.
        Python37 => "python3.7",
        /// `ruby2.5`.
        Ruby25 => "ruby2.5",
        /// `ruby2.7`.
        Ruby27 => "ruby2.7",
        /// `java8`.
        Java8 => "java8",
        /// `dotnetcore1.0`.
        Dotnetcore10 => "dotnetcore1.0",
        /// `dotnetcore2.0`.
        Dotnetcore20 => "dotnetcore2.0",
        /// `dotnetcore2.1`.
        Dotnetcore21 => "dotnetcore2.1",
        /// `dotnetcore3.1`.
        Dotnetcore31 => "dotnetcore3.1",
        /// `dotnet5.0`.
        Dotnet50 => "dotnet5.0",
        /// `dotnet7`.
        Dotnet7 => "dotnet7",
        /// `go1.x`.
        Go1x => "go1.x",
        /// `provided`.
        Provided => "provided",
    }
}

impl RetiredRuntime {
    /// Whether Lambda's list of a layer's valid `CompatibleRuntimes` has it: all but .NET 5 and
    /// 7, which only ever ran as container images.
    ///
    /// ```
    /// use stackwright_core::RetiredRuntime;
    /// assert!(RetiredRuntime::Nodejs12x.layer_compatible());
    /// assert!(!RetiredRuntime::Dotnet7.layer_compatible());
    /// ```
    pub const fn layer_compatible(self) -> bool {
        !matches!(self, RetiredRuntime::Dotnet50 | RetiredRuntime::Dotnet7)
    }

    /// The supported runtime to name when a function asks for this one.
    pub const fn successor(self) -> &'static str {
        use RetiredRuntime::*;
        match self {
            Nodejs | Nodejs43 | Nodejs43Edge | Nodejs610 | Nodejs810 | Nodejs10x | Nodejs12x | Nodejs14x => {
                "nodejs22.x"
            }
            Python27 | Python36 | Python37 => "python3.13",
            Ruby25 | Ruby27 => "ruby3.4",
            Java8 => "java21",
            Dotnetcore10 | Dotnetcore20 | Dotnetcore21 | Dotnetcore31 | Dotnet50 | Dotnet7 => "dotnet8",
            Go1x => "provided.al2023 (a Go binary named bootstrap)",
            Provided => "provided.al2023",
        }
    }
}

/// One entry of a layer's `compatibleRuntimes`: a current runtime, or one AWS has retired (which
/// Lambda mostly still accepts in a layer's list, as the reference passes it through).
///
/// ```
/// use stackwright_core::{CompatibleRuntime, RetiredRuntime, Runtime};
/// assert_eq!(CompatibleRuntime::parse("python3.13"), Some(CompatibleRuntime::from(Runtime::Python313)));
/// assert_eq!(CompatibleRuntime::parse("python2.7"), Some(CompatibleRuntime::from(RetiredRuntime::Python27)));
/// assert_eq!(CompatibleRuntime::from(RetiredRuntime::Python27).as_str(), "python2.7");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CompatibleRuntime {
    /// A runtime Lambda runs functions on.
    Current(Runtime),
    /// A retired runtime.
    Retired(RetiredRuntime),
}

impl CompatibleRuntime {
    /// Parses the exact serverless.yml spelling of a current or retired runtime.
    pub fn parse(text: &str) -> Option<Self> {
        Runtime::parse(text).map(Self::Current).or_else(|| RetiredRuntime::parse(text).map(Self::Retired))
    }

    /// The value as written in serverless.yml and CloudFormation.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Current(r) => r.as_str(),
            Self::Retired(r) => r.as_str(),
        }
    }
}

impl From<Runtime> for CompatibleRuntime {
    fn from(runtime: Runtime) -> Self {
        Self::Current(runtime)
    }
}

impl From<RetiredRuntime> for CompatibleRuntime {
    fn from(runtime: RetiredRuntime) -> Self {
        Self::Retired(runtime)
    }
}

impl ::std::fmt::Display for CompatibleRuntime {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for CompatibleRuntime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

string_enum! {
    /// An instruction set architecture (default `x86_64`, as in AWS).
    ///
    /// ```
    /// use stackwright_core::Architecture;
    /// assert_eq!(Architecture::Arm64.as_str(), "arm64");
    /// assert_eq!(Architecture::default(), Architecture::X86_64);
    /// ```
    #[derive(Default)]
    pub enum Architecture {
        /// `x86_64` (the AWS default).
        #[default]
        X86_64 => "x86_64",
        /// `arm64` (Graviton).
        Arm64 => "arm64",
    }
}

string_enum! {
    /// A capacity provider's scaling mode, emitted as `ScalingMode`.
    ///
    /// serverless.yml accepts `auto`/`manual` in any case; CloudFormation wants `Auto`/`Manual`.
    ///
    /// ```
    /// use stackwright_core::ScalingMode;
    /// assert_eq!(ScalingMode::parse_any_case("MANUAL"), Some(ScalingMode::Manual));
    /// assert_eq!(ScalingMode::Manual.as_str(), "Manual");
    /// ```
    pub enum ScalingMode {
        /// AWS manages scaling.
        Auto => "Auto",
        /// Target-tracking policies drive scaling; needs at least one policy.
        Manual => "Manual",
    }
}

impl Architecture {
    /// The architecture of the target this code is compiled for: `Arm64` on `aarch64`, else
    /// `X86_64` (Lambda has no other). [`crate::Function::rust`] does not use it (its default is
    /// `X86_64` on every machine, so that the same program gives the same template everywhere).
    ///
    /// ```
    /// use stackwright_core::Architecture;
    /// let expected = if cfg!(target_arch = "aarch64") { Architecture::Arm64 } else { Architecture::X86_64 };
    /// assert_eq!(Architecture::of_build_target(), expected);
    /// ```
    pub const fn of_build_target() -> Self {
        if cfg!(target_arch = "aarch64") { Architecture::Arm64 } else { Architecture::X86_64 }
    }
}

impl ScalingMode {
    /// Parses `auto` / `manual` in any letter case, as the reference does.
    pub fn parse_any_case(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "auto" => Some(ScalingMode::Auto),
            "manual" => Some(ScalingMode::Manual),
            _ => None,
        }
    }
}

string_enum! {
    /// A capacity provider scaling policy's predefined metric.
    ///
    /// ```
    /// use stackwright_core::MetricType;
    /// assert_eq!(MetricType::AverageCpuUtilization.as_str(), "LambdaCapacityProviderAverageCPUUtilization");
    /// ```
    pub enum MetricType {
        /// Average CPU utilization of the provider's instances.
        AverageCpuUtilization => "LambdaCapacityProviderAverageCPUUtilization",
        /// Average GPU utilization (CloudFormation accepts it; the reference's schema does not list it).
        AverageGpuUtilization => "LambdaCapacityProviderAverageGPUUtilization",
    }
}

/// Memory per vCPU of a capacity-provider function's execution environments
/// (`ExecutionEnvironmentMemoryGiBPerVCpu`). Lambda supports exactly 2, 4 and 8 GiB.
///
/// ```
/// use stackwright_core::MemoryPerVCpu;
/// assert_eq!(MemoryPerVCpu::Gib4.gib(), 4);
/// assert_eq!(MemoryPerVCpu::from_gib(8), Some(MemoryPerVCpu::Gib8));
/// assert_eq!(MemoryPerVCpu::from_gib(3), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MemoryPerVCpu {
    /// 2 GiB per vCPU (the AWS default).
    Gib2,
    /// 4 GiB per vCPU.
    Gib4,
    /// 8 GiB per vCPU.
    Gib8,
}

impl MemoryPerVCpu {
    /// The ratio in GiB.
    pub const fn gib(self) -> u32 {
        match self {
            MemoryPerVCpu::Gib2 => 2,
            MemoryPerVCpu::Gib4 => 4,
            MemoryPerVCpu::Gib8 => 8,
        }
    }

    /// The ratio for 2, 4 or 8.
    pub const fn from_gib(gib: u32) -> Option<Self> {
        match gib {
            2 => Some(MemoryPerVCpu::Gib2),
            4 => Some(MemoryPerVCpu::Gib4),
            8 => Some(MemoryPerVCpu::Gib8),
            _ => None,
        }
    }
}

impl serde::Serialize for MemoryPerVCpu {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.gib())
    }
}
