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
    /// `fileSystemConfig` on a function without a VPC.
    LAMBDA_FILE_SYSTEM_CONFIG_MISSING_VPC,
    /// A function with neither `handler` nor `image`.
    FUNCTION_NEITHER_HANDLER_NOR_IMAGE_DEFINED_ERROR,
    /// A function with both `handler` and `image`.
    FUNCTION_BOTH_HANDLER_AND_IMAGE_DEFINED_ERROR,
    /// An object `image` with neither `uri` nor `name`.
    FUNCTION_IMAGE_NEITHER_URI_NOR_NAME_DEFINED_ERROR,
    /// An object `image` with both `uri` and `name`.
    FUNCTION_IMAGE_BOTH_URI_AND_NAME_DEFINED_ERROR,

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
    /// More than 60 dynamic references (`{{resolve:...}}`).
    TEMPLATE_TOO_MANY_DYNAMIC_REFERENCES,
    /// A `Ref`/`Fn::GetAtt`/`Fn::If` that points at nothing in the template.
    UNRESOLVED_REFERENCE,
    /// A resource `Type` CloudFormation does not have (a near miss of one it has, a SAM type
    /// without its transform; a warning for an `AWS::` type newer than stackwright's schemas).
    RESOURCE_UNKNOWN_TYPE,
    /// A resource property its type does not take (or only reports, as an attribute).
    RESOURCE_UNKNOWN_PROPERTY,
    /// A resource without a property its type requires.
    RESOURCE_MISSING_PROPERTY,
    /// A key of a resource that is not a resource attribute (`Type`, `Properties`, ...).
    RESOURCE_UNKNOWN_ATTRIBUTE,
    /// A resource property whose value has the wrong shape for its type: an object or a map
    /// where it takes a list (`Tags: {k: v}` on a type whose tags are `[{Key, Value}]`), a list
    /// or an object where it takes a value, a value where it takes a list or an object.
    RESOURCE_PROPERTY_SHAPE,
    /// An artifact that cannot be read, or no artifact for a function.
    ARTIFACT_ERROR,
    /// `logRetentionInDays` that CloudWatch Logs does not allow.
    INVALID_LOG_RETENTION,
    /// Invalid IAM settings: a role that cannot be a role, conflicting role settings.
    INVALID_IAM_CONFIG,
    /// `snapStart` where Lambda does not allow it (capacity-provider functions, with provisioned
    /// concurrency).
    LAMBDA_INVALID_SNAP_START,
    /// Asynchronous invocation settings out of range, or a destination that cannot be one.
    LAMBDA_INVALID_ASYNC_CONFIG,
    /// An unsupported destination target (reference code).
    UNSUPPORTED_DESTINATION_TARGET,
    /// `service` given in object notation (reference code).
    SERVICE_OBJECT_NOTATION,
    /// A plugin stackwright cannot run (DECISIONS.md D8).
    UNSUPPORTED_PLUGIN,
    /// serverless-lift: a construct's settings Lift rejects (Lift's code and messages).
    LIFT_INVALID_CONSTRUCT_CONFIGURATION,
    /// serverless-lift: an `extensions` key the construct does not have (Lift's code).
    LIFT_UNKNOWN_EXTENSION,
    /// serverless-lift: a construct `type` Lift does not have.
    LIFT_UNKNOWN_CONSTRUCT_TYPE,
    /// serverless-lift: a construct type of Lift's that stackwright does not build (only `queue`).
    LIFT_CONSTRUCT_UNSUPPORTED,
    /// Note: a build-, test- or dev-time plugin, which changes nothing in the template, is left out.
    PLUGIN_BUILD_TIME,
    /// Warning: a plugin that only acts around a deploy (API calls, uploads) is left out: the
    /// template is the same, but `stackwright deploy` does not do what the plugin did.
    PLUGIN_DEPLOY_TIME,
    /// Note: a value a rejected plugin gives meaning to (Bref's `runtime: php-83`), covered by
    /// that plugin's error; rules that read the value speak of the same cause and are left out.
    PLUGIN_VALUE,
    /// Warning: top-level `build` asks Serverless Framework v4 to bundle with esbuild, which
    /// stackwright does not do.
    BUILD_NOT_RUN,
    /// Note: serverless-step-functions' `validate: true` checks the state machines' definitions
    /// (Amazon States Language) before packaging, which stackwright does not.
    STEP_FUNCTIONS_NOT_VALIDATED,

    // ---- events: the reference's codes (serverless-events.md) ----
    /// A Lambda@Edge function's `memorySize` above what its CloudFront event type allows.
    LAMBDA_EDGE_UNSUPPORTED_MEMORY_SIZE,
    /// A Lambda@Edge function's `timeout` above what its CloudFront event type allows.
    LAMBDA_EDGE_UNSUPPORTED_TIMEOUT_VALUE,
    /// `cloudFront` events outside us-east-1.
    CLOUDFRONT_INVALID_REGION,
    /// Two origins marked `isDefaultOrigin`, or several origins and none marked.
    CLOUDFRONT_MULTIPLE_DEFAULT_ORIGIN_EVENTS,
    /// A `cachePolicy.name` that `provider.cloudFront.cachePolicies` does not declare.
    UNRECOGNIZED_CLOUDFRONT_CACHE_POLICY,
    /// Two cache behaviors with one path pattern.
    CLOUDFRONT_MULTIPLE_BEHAVIORS_FOR_SINGLE_PATH_PATTERN,
    /// Two associations of one event type in one cache behavior.
    CLOUDFRONT_EVENT_TYPE_NON_UNIQUE_CACHE_BEHAVIOR,
    /// What CloudFront refuses in a Lambda@Edge function (runtime, arm64, layers, image,
    /// provisioned concurrency, the function's own environment or VPC).
    LAMBDA_EDGE_UNSUPPORTED_CONFIGURATION,
    /// Reference error `ALB_PRIORITY_ALREADY_IN_USE`.
    ALB_PRIORITY_ALREADY_IN_USE,
    /// Reference error `RESOURCE_EXTENSION_NOT_EXISTING`.
    RESOURCE_EXTENSION_NOT_EXISTING,
    /// Reference error `RESOURCE_EXTENSION_UNSUPPORTED_ATTRIBUTE`: `resources.extensions` sets
    /// an attribute it cannot.
    RESOURCE_EXTENSION_UNSUPPORTED_ATTRIBUTE,
    /// Reference error `LEGACY_CONFIGURATION_PROPERTY_MERGE_INVALID_INPUT`.
    LEGACY_CONFIGURATION_PROPERTY_MERGE_INVALID_INPUT,
    /// Reference error `API_GATEWAY_EXTERNAL_API_TRACING`.
    API_GATEWAY_EXTERNAL_API_TRACING,
    /// Reference error `WEBSOCKETS_MISSING_AUTHORIZER_NAME`.
    WEBSOCKETS_MISSING_AUTHORIZER_NAME,
    /// Reference error `WEBSOCKETS_INVALID_LOGS_LEVEL`.
    WEBSOCKETS_INVALID_LOGS_LEVEL,
    /// Reference error `UNRECOGNIZED_HTTP_API_AUTHORIZER`.
    UNRECOGNIZED_HTTP_API_AUTHORIZER,
    /// Reference error `SNS_MISSING_TOPIC_NAME`.
    SNS_MISSING_TOPIC_NAME,
    /// Reference error `SCHEDULE_PARAMETER_NOT_SUPPORTED`.
    SCHEDULE_PARAMETER_NOT_SUPPORTED,
    /// Reference error `SCHEDULE_NAME_NOT_ALLOWED_MULTIPLE_RATES`.
    SCHEDULE_NAME_NOT_ALLOWED_MULTIPLE_RATES,
    /// Reference error `S3_MULTIPLE_BUCKETS_PER_FUNCTION`.
    S3_MULTIPLE_BUCKETS_PER_FUNCTION,
    /// Reference error `S3_INVALID_NEW_BUCKET_FORMAT`.
    S3_INVALID_NEW_BUCKET_FORMAT,
    /// Reference error `S3_INVALID_BUCKET_PATTERN`.
    S3_INVALID_BUCKET_PATTERN,
    /// Reference error `MISSING_HTTP_API_METHOD`.
    MISSING_HTTP_API_METHOD,
    /// Reference error `INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION`.
    INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION,
    /// Reference error `INVALID_HTTP_API_PATH`.
    INVALID_HTTP_API_PATH,
    /// Reference error `INVALID_HTTP_API_METHOD`.
    INVALID_HTTP_API_METHOD,
    /// Reference error `HTTP_API_CUSTOM_AUTHORIZER_NEITHER_FUNCTION_ARN_NOR_FUNCTION_NAME_DEFINED`.
    HTTP_API_CUSTOM_AUTHORIZER_NEITHER_FUNCTION_ARN_NOR_FUNCTION_NAME_DEFINED,
    /// Reference error `HTTP_API_CUSTOM_AUTHORIZER_IDENTITY_SOURCE_MISSING_WHEN_CACHING_ENABLED`.
    HTTP_API_CUSTOM_AUTHORIZER_IDENTITY_SOURCE_MISSING_WHEN_CACHING_ENABLED,
    /// Reference error `HTTP_API_CUSTOM_AUTHORIZER_FUNCTION_NOT_FOUND_IN_SERVICE`.
    HTTP_API_CUSTOM_AUTHORIZER_FUNCTION_NOT_FOUND_IN_SERVICE,
    /// Reference error `HTTP_API_CUSTOM_AUTHORIZER_BOTH_FUNCTION_ARN_AND_FUNCTION_NAME_DEFINED`.
    HTTP_API_CUSTOM_AUTHORIZER_BOTH_FUNCTION_ARN_AND_FUNCTION_NAME_DEFINED,
    /// Reference error `HTTP_API_AUTHORIZER_MISSING_ID_OR_NAME`.
    HTTP_API_AUTHORIZER_MISSING_ID_OR_NAME,
    /// Reference error `HTTP_API_AUTHORIZER_AWS_IAM_UNEXPECTED_PROPERTIES`.
    HTTP_API_AUTHORIZER_AWS_IAM_UNEXPECTED_PROPERTIES,
    /// Reference error `FUNCTION_STREAM_STARTING_POSITION_TIMESTAMP_INVALID`.
    FUNCTION_STREAM_STARTING_POSITION_TIMESTAMP_INVALID,
    /// Reference error `FUNCTION_MSK_STARTING_POSITION_TIMESTAMP_INVALID`.
    FUNCTION_MSK_STARTING_POSITION_TIMESTAMP_INVALID,
    /// Reference error `EXTERNAL_HTTP_API_LOGS_CONFIG`.
    EXTERNAL_HTTP_API_LOGS_CONFIG,
    /// Reference error `EXTERNAL_HTTP_API_CORS_CONFIG`.
    EXTERNAL_HTTP_API_CORS_CONFIG,
    /// Reference error `EXTERNAL_HTTP_API_AUTHORIZER_WITHOUT_EXTERNAL_HTTP_API`.
    EXTERNAL_HTTP_API_AUTHORIZER_WITHOUT_EXTERNAL_HTTP_API,
    /// Reference error `EXTERNAL_HTTP_API_AUTHORIZERS_CONFIG`.
    EXTERNAL_HTTP_API_AUTHORIZERS_CONFIG,
    /// Reference error `EVENTBRIDGE_MULTIPLE_INPUT_PROPERTIES`.
    EVENTBRIDGE_MULTIPLE_INPUT_PROPERTIES,
    /// Reference error `ERROR_INVALID_RETRY_POLICY_TO_EVENT_BUS_CUSTOM_RESOURCE`.
    ERROR_INVALID_RETRY_POLICY_TO_EVENT_BUS_CUSTOM_RESOURCE,
    /// Reference error `ERROR_INVALID_REFERENCE_TO_EVENT_BUS_CUSTOM_RESOURCE`.
    ERROR_INVALID_REFERENCE_TO_EVENT_BUS_CUSTOM_RESOURCE,
    /// Reference error `ERROR_INVALID_DEAD_LETTER_CONFIG_TO_EVENT_BUS_CUSTOM_RESOURCE`.
    ERROR_INVALID_DEAD_LETTER_CONFIG_TO_EVENT_BUS_CUSTOM_RESOURCE,
    /// Reference error `DUPLICATE_HTTP_API_ROUTE`.
    DUPLICATE_HTTP_API_ROUTE,
    /// Reference error `CLOUDWATCH_MULTIPLE_INPUT_PROPERTIES`.
    CLOUDWATCH_MULTIPLE_INPUT_PROPERTIES,
    /// Reference error `CLOUDWATCHLOG_LOG_GROUP_EVENT_PER_FUNCTION_LIMIT_EXCEEDED`.
    CLOUDWATCHLOG_LOG_GROUP_EVENT_PER_FUNCTION_LIMIT_EXCEEDED,
    /// Reference error `API_GATEWAY_MISSING_REST_API_ROOT_RESOURCE_ID`.
    API_GATEWAY_MISSING_REST_API_ROOT_RESOURCE_ID,
    /// Reference error `API_GATEWAY_MISSING_AUTHORIZER_NAME_OR_ARN`.
    API_GATEWAY_MISSING_AUTHORIZER_NAME_OR_ARN,
    /// Reference error `API_GATEWAY_INVALID_VPC_ENDPOINT_IDS_CONFIG`.
    API_GATEWAY_INVALID_VPC_ENDPOINT_IDS_CONFIG,
    /// Reference error `API_GATEWAY_INVALID_STAGE_NAME`.
    API_GATEWAY_INVALID_STAGE_NAME,
    /// Reference error `API_GATEWAY_EXTERNAL_API_LOGS`.
    API_GATEWAY_EXTERNAL_API_LOGS,
    /// Reference error `ALB_TARGET_GROUP_NAME_EXCLUSIVE`.
    ALB_TARGET_GROUP_NAME_EXCLUSIVE,
    /// Reference error `ALB_NO_CONDITIONS`.
    ALB_NO_CONDITIONS,
    /// Reference error `ALB_MISSING_AUTHORIZER`.
    ALB_MISSING_AUTHORIZER,
    /// Reference error `ALB_INVALID_LISTENER_ARN`.
    ALB_INVALID_LISTENER_ARN,

    // ---- events: stackwright's stricter rules (DECISIONS.md D7) ----
    /// An event source mapping Lambda Managed Instances do not support (Amazon MQ, DocumentDB) on a
    /// capacity-provider function.
    LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_EVENT_SOURCE,
    /// An ARN of another service than the event expects (an SNS ARN given to `sqs`).
    EVENT_ARN_SERVICE_MISMATCH,
    /// A schedule expression that is not a valid `rate(...)`/`cron(...)`/`at(...)`.
    INVALID_SCHEDULE_EXPRESSION,
    /// SQS batch settings Lambda rejects (`batchSize` over 10 without a batching window, ranges).
    SQS_INVALID_BATCH_CONFIG,
    /// SQS `maximumConcurrency` outside 2..1000.
    SQS_INVALID_MAXIMUM_CONCURRENCY,
    /// A stream `startingPosition: AT_TIMESTAMP` without a timestamp.
    STREAM_MISSING_STARTING_POSITION_TIMESTAMP,
    /// ALB health check settings Elastic Load Balancing rejects (timeout not below interval, ranges).
    ALB_INVALID_HEALTH_CHECK,
    /// A websocket authorizer on a route other than `$connect`.
    WEBSOCKETS_AUTHORIZER_NOT_ON_CONNECT,
    /// HTTP API CORS with credentials allowed and origin `*`.
    HTTP_API_CORS_CREDENTIALS_WITH_WILDCARD_ORIGIN,
    /// Simple responses on an HTTP API authorizer with payload 1.0.
    HTTP_API_SIMPLE_RESPONSES_ON_PAYLOAD_1,
    /// A `PRIVATE` REST API endpoint without a resource policy.
    API_GATEWAY_PRIVATE_WITHOUT_RESOURCE_POLICY,
    /// Two events that make the same route, rule, priority or logical ID.
    DUPLICATE_EVENT,
    /// Any other invalid event setting.
    INVALID_EVENT,
    /// Two different artifact files for one S3 key (DECISIONS.md D10).
    ARTIFACT_S3_KEY_COLLISION,
    /// A top-level layer with neither `path` nor `package.artifact`: it has no content.
    LAYER_NO_CONTENT,
    /// A top-level layer setting Lambda rejects: more than 15 compatible runtimes, more than two
    /// or repeated architectures, a name, description or license over its limit or outside its
    /// pattern, an allowed account that is not a 12-digit account ID or `*`.
    LAYER_INVALID_PROPERTY,
    /// A function's `{Ref: <Name>LambdaLayer}` to a layer `layers` does not define (or to a
    /// retained one, whose logical ID carries its hash).
    LAYER_UNDEFINED,

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
    /// An IAM statement allowing every action on every resource.
    IAM_WILDCARD_STATEMENT,
    /// A packaging pattern that selects no file at all.
    PACKAGE_PATTERN_UNMATCHED,
    /// Function-level patterns without `individually`: the reference ignores them.
    PACKAGE_FUNCTION_PATTERNS_IGNORED,
    /// A symbolic link that cannot be followed (dangling, or a loop): left out of the zip.
    PACKAGE_SYMLINK_SKIPPED,
    /// A setting that changes nothing in this service (`provider.ecr` when no function names
    /// one of its images).
    CONFIG_NO_EFFECT,
    /// A cache policy of `provider.cloudFront.cachePolicies` that no event uses.
    CLOUDFRONT_CACHE_POLICY_UNUSED,
}

/// Former name kept for the file loader.
pub const CONFIG_READ: &str = CONFIG_READ_ERROR;

/// The reference's own event errors: reported before stackwright's stricter rules, so that a
/// config the reference rejects gets the reference's error first.
pub const REFERENCE_EVENT_CODES: &[&str] = &[
    ALB_PRIORITY_ALREADY_IN_USE,
    RESOURCE_EXTENSION_NOT_EXISTING,
    LEGACY_CONFIGURATION_PROPERTY_MERGE_INVALID_INPUT,
    API_GATEWAY_EXTERNAL_API_TRACING,
    WEBSOCKETS_MISSING_AUTHORIZER_NAME,
    WEBSOCKETS_INVALID_LOGS_LEVEL,
    UNRECOGNIZED_HTTP_API_AUTHORIZER,
    SNS_MISSING_TOPIC_NAME,
    SCHEDULE_PARAMETER_NOT_SUPPORTED,
    SCHEDULE_NAME_NOT_ALLOWED_MULTIPLE_RATES,
    S3_MULTIPLE_BUCKETS_PER_FUNCTION,
    S3_INVALID_NEW_BUCKET_FORMAT,
    S3_INVALID_BUCKET_PATTERN,
    MISSING_HTTP_API_METHOD,
    INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION,
    INVALID_HTTP_API_PATH,
    INVALID_HTTP_API_METHOD,
    HTTP_API_CUSTOM_AUTHORIZER_NEITHER_FUNCTION_ARN_NOR_FUNCTION_NAME_DEFINED,
    HTTP_API_CUSTOM_AUTHORIZER_IDENTITY_SOURCE_MISSING_WHEN_CACHING_ENABLED,
    HTTP_API_CUSTOM_AUTHORIZER_FUNCTION_NOT_FOUND_IN_SERVICE,
    HTTP_API_CUSTOM_AUTHORIZER_BOTH_FUNCTION_ARN_AND_FUNCTION_NAME_DEFINED,
    HTTP_API_AUTHORIZER_MISSING_ID_OR_NAME,
    HTTP_API_AUTHORIZER_AWS_IAM_UNEXPECTED_PROPERTIES,
    FUNCTION_STREAM_STARTING_POSITION_TIMESTAMP_INVALID,
    FUNCTION_MSK_STARTING_POSITION_TIMESTAMP_INVALID,
    EXTERNAL_HTTP_API_LOGS_CONFIG,
    EXTERNAL_HTTP_API_CORS_CONFIG,
    EXTERNAL_HTTP_API_AUTHORIZER_WITHOUT_EXTERNAL_HTTP_API,
    EXTERNAL_HTTP_API_AUTHORIZERS_CONFIG,
    EVENTBRIDGE_MULTIPLE_INPUT_PROPERTIES,
    ERROR_INVALID_RETRY_POLICY_TO_EVENT_BUS_CUSTOM_RESOURCE,
    ERROR_INVALID_REFERENCE_TO_EVENT_BUS_CUSTOM_RESOURCE,
    ERROR_INVALID_DEAD_LETTER_CONFIG_TO_EVENT_BUS_CUSTOM_RESOURCE,
    DUPLICATE_HTTP_API_ROUTE,
    CLOUDWATCH_MULTIPLE_INPUT_PROPERTIES,
    CLOUDWATCHLOG_LOG_GROUP_EVENT_PER_FUNCTION_LIMIT_EXCEEDED,
    API_GATEWAY_MISSING_REST_API_ROOT_RESOURCE_ID,
    API_GATEWAY_MISSING_AUTHORIZER_NAME_OR_ARN,
    API_GATEWAY_INVALID_VPC_ENDPOINT_IDS_CONFIG,
    API_GATEWAY_INVALID_STAGE_NAME,
    API_GATEWAY_EXTERNAL_API_LOGS,
    ALB_TARGET_GROUP_NAME_EXCLUSIVE,
    ALB_NO_CONDITIONS,
    ALB_MISSING_AUTHORIZER,
    ALB_INVALID_LISTENER_ARN,
    LAMBDA_EDGE_UNSUPPORTED_MEMORY_SIZE,
    LAMBDA_EDGE_UNSUPPORTED_TIMEOUT_VALUE,
    CLOUDFRONT_INVALID_REGION,
    CLOUDFRONT_MULTIPLE_DEFAULT_ORIGIN_EVENTS,
    UNRECOGNIZED_CLOUDFRONT_CACHE_POLICY,
    CLOUDFRONT_MULTIPLE_BEHAVIORS_FOR_SINGLE_PATH_PATTERN,
    CLOUDFRONT_EVENT_TYPE_NON_UNIQUE_CACHE_BEHAVIOR,
];

/// The codes whose diagnostic is about a key itself (one not known, not supported, or not taken
/// there), which the CLI and `service!` show at the key rather than at its value.
pub const ABOUT_THE_KEY: &[&str] =
    &[CONFIG_UNKNOWN_KEY, CONFIG_UNSUPPORTED_KEY, RESOURCE_UNKNOWN_PROPERTY, RESOURCE_UNKNOWN_ATTRIBUTE];
