//! Every diagnostic code stackwright emits. Codes of the reference framework are reused as they
//! are; stackwright's own codes follow the same style.

macro_rules! codes {
    ($( $(#[$doc:meta])* $name:ident ),+ $(,)?) => {
        $( $(#[$doc])* pub const $name: &str = stringify!($name); )+
        /// Every code, for documentation and exhaustive tests.
        pub const ALL: &[&str] = &[ $( $name ),+ ];
    };
}

codes! {
    // ---- reference rules (serverless-capacity-providers.md §7), same codes and messages ----
    /// Manual scaling without any scaling policy.
    LAMBDA_CAPACITY_PROVIDER_MANUAL_SCALING_REQUIRES_POLICIES,
    /// `allowedInstanceTypes` and `excludedInstanceTypes` both set.
    LAMBDA_CAPACITY_PROVIDER_INVALID_INSTANCE_REQUIREMENTS,
    /// No usable VPC for a capacity provider.
    LAMBDA_CAPACITY_PROVIDER_MISSING_VPC,
    /// Capacity-provider function below 2048 MB (or above 32768 MB).
    LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY_SIZE,
    /// Plain function above 10240 MB (or below 128 MB).
    LAMBDA_INVALID_MEMORY_SIZE,
    /// Object-form `capacityProvider` without `name`.
    LAMBDA_MANAGED_INSTANCES_MISSING_NAME,
    /// `memoryPerVCpu` not 2, 4 or 8.
    LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY,
    /// Function scaling: `min 0` without `max 0`, `min > max`, or outside 0..15000.
    LAMBDA_MANAGED_INSTANCES_INVALID_SCALING_CONFIG,
    /// `fileSystemConfig` on a capacity-provider function.
    LAMBDA_FILE_SYSTEM_CONFIG_WITH_CAPACITY_PROVIDER,
    /// A function with neither `handler` nor `image`.
    FUNCTION_NEITHER_HANDLER_NOR_IMAGE_DEFINED_ERROR,
    /// A function with both `handler` and `image`.
    FUNCTION_BOTH_HANDLER_AND_IMAGE_DEFINED_ERROR,

    // ---- stackwright's stricter rules (DECISIONS.md D2 and CloudFormation limits) ----
    /// A function references a capacity provider name that is not defined.
    LAMBDA_CAPACITY_PROVIDER_UNDEFINED,
    /// A capacity-provider reference that cannot be a capacity provider ARN (bad ARN, `Ref`,
    /// `Fn::GetAtt` of something else, mixed intrinsic object).
    LAMBDA_CAPACITY_PROVIDER_INVALID_REFERENCE,
    /// `maxVCpuCount` outside 12..15000.
    LAMBDA_CAPACITY_PROVIDER_INVALID_MAX_VCPU_COUNT,
    /// 0 or more than 10 scaling policies, or a `targetValue` outside 0..100.
    LAMBDA_CAPACITY_PROVIDER_INVALID_SCALING_POLICIES,
    /// `scaling.mode` other than auto/manual.
    LAMBDA_CAPACITY_PROVIDER_INVALID_SCALING_MODE,
    /// Bad instance requirements: not exactly one architecture, bad or too many instance types.
    LAMBDA_CAPACITY_PROVIDER_INVALID_INSTANCE_TYPES,
    /// Bad VPC for a capacity provider or function (counts, id formats).
    LAMBDA_INVALID_VPC_CONFIG,
    /// Operator role that is not an IAM role ARN.
    LAMBDA_CAPACITY_PROVIDER_INVALID_OPERATOR_ROLE,
    /// `kmsKeyArn` that is not a KMS key ARN.
    LAMBDA_CAPACITY_PROVIDER_INVALID_KMS_KEY,
    /// Capacity providers used in a region where AWS does not offer them.
    LAMBDA_CAPACITY_PROVIDER_UNSUPPORTED_REGION,
    /// `maxConcurrency` outside 1..1600.
    LAMBDA_MANAGED_INSTANCES_INVALID_MAX_CONCURRENCY,
    /// Runtime not supported on Lambda Managed Instances.
    LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_RUNTIME,
    /// Function architecture differs from its capacity provider's.
    LAMBDA_MANAGED_INSTANCES_ARCHITECTURE_MISMATCH,
    /// Function-level `vpc` on a capacity-provider function.
    LAMBDA_MANAGED_INSTANCES_FUNCTION_VPC,
    /// `provisionedConcurrency` on a capacity-provider function.
    LAMBDA_MANAGED_INSTANCES_PROVISIONED_CONCURRENCY,
    /// Image function with a capacity provider.
    LAMBDA_MANAGED_INSTANCES_IMAGE_UNSUPPORTED,
    /// `memorySize` below one vCPU at the function's memory-per-vCPU ratio.
    LAMBDA_MANAGED_INSTANCES_MEMORY_BELOW_ONE_VCPU,
    /// Timeout outside 1..900 (plain) or 1..5400 (capacity provider).
    LAMBDA_INVALID_TIMEOUT,
    /// Invalid function property value (reserved/provisioned concurrency, description, handler, image, env).
    LAMBDA_INVALID_FUNCTION_PROPERTY,
    /// Function name over 64 characters or outside `[A-Za-z0-9_-]`.
    LAMBDA_INVALID_FUNCTION_NAME,
    /// `CapacityProviderName` over 140 characters or outside `[A-Za-z0-9_-]`.
    LAMBDA_CAPACITY_PROVIDER_INVALID_NAME,
    /// Service name not `^[a-zA-Z][0-9a-zA-Z-]+$`, or bad stage.
    INVALID_SERVICE_NAME,
    /// `provider.region` that is not an AWS region name.
    INVALID_REGION,
    /// `provider.deploymentBucket` that is not a valid S3 bucket name.
    INVALID_DEPLOYMENT_BUCKET,
    /// A logical ID that is not alphanumeric or longer than 255 characters.
    INVALID_LOGICAL_ID,
    /// Two names that normalize to the same logical ID, or two functions with one deployed name.
    LOGICAL_ID_COLLISION,
    /// More than 500 resources.
    TEMPLATE_TOO_MANY_RESOURCES,
    /// More than 200 outputs.
    TEMPLATE_TOO_MANY_OUTPUTS,
    /// Template body over 1 MB.
    TEMPLATE_TOO_LARGE,
    /// A `Ref`/`Fn::GetAtt`/`Fn::If` that points at nothing in the template.
    UNRESOLVED_REFERENCE,
    /// An artifact that cannot be read, or no artifact for a function.
    ARTIFACT_ERROR,
    /// Two different artifact files for one S3 key (DECISIONS.md D10).
    ARTIFACT_S3_KEY_COLLISION,

    // ---- packaging (`stackwright package`, `Service::package`) ----
    /// No file matches a zip's patterns.
    PACKAGE_NO_FILES,
    /// A pattern that is not a valid glob, or one that reaches outside the service directory.
    PACKAGE_INVALID_PATTERN,
    /// A function's code, unzipped, over Lambda's 250 MB limit.
    PACKAGE_TOO_LARGE,
    /// A file, a dependency install (pip) or a build (cargo) that failed.
    PACKAGE_BUILD_ERROR,

    // ---- loading ----
    /// Malformed JSON.
    CONFIG_PARSE_ERROR,
    /// A config file that cannot be read.
    CONFIG_READ_ERROR,
    /// An unknown key.
    CONFIG_UNKNOWN_KEY,
    /// A key stackwright does not support yet.
    CONFIG_UNSUPPORTED_KEY,
    /// A value of the wrong type or outside its enumeration.
    CONFIG_INVALID_VALUE,
    /// A required key is missing.
    CONFIG_MISSING_KEY,
    /// A serverless.yml variable (`${self:...}`, `${opt:...}`, `${sls:...}`, `${env:...}`) that
    /// cannot be resolved, or one of a source stackwright does not resolve (`${ssm:...}`, ...).
    CONFIG_UNRESOLVED_VARIABLE,

    // ---- warnings ----
    /// A capacity provider that no function uses.
    LAMBDA_CAPACITY_PROVIDER_UNUSED,
    /// `versionFunctions: false` with capacity-provider functions.
    LAMBDA_MANAGED_INSTANCES_VERSIONS_DISABLED,
    /// A runtime AWS has deprecated.
    LAMBDA_DEPRECATED_RUNTIME,
    /// A packaging pattern that selects no file at all.
    PACKAGE_PATTERN_UNMATCHED,
    /// Function-level patterns without `individually`: the reference ignores them.
    PACKAGE_FUNCTION_PATTERNS_IGNORED,
    /// A symbolic link that cannot be followed (dangling, or a loop): left out of the zip.
    PACKAGE_SYMLINK_SKIPPED,
}

/// Former name kept for the file loader.
pub const CONFIG_READ: &str = CONFIG_READ_ERROR;
