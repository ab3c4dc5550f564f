//! The reference's schema validation (ajv with `coerceTypes: "array"`) changes the config in
//! place before anything reads it, and stackwright does the same here, once, for every reader:
//! - one value where the schema has a list becomes a list of one (`layers: arn:...` is
//!   `layers: [arn:...]`): a string, number or boolean, not an object (ajv does not wrap
//!   objects) nor `null` (stackwright reads it as "not set");
//! - a string where the schema has a number or a boolean becomes one (`timeout: "30"`,
//!   `enabled: "false"`, what `${env:...}` gives): a numeric string (trimmed, as JavaScript
//!   reads it) a number, `"true"`/`"false"` a boolean. Other strings stay, for the readers'
//!   errors;
//! - a list of one string, number or boolean where the schema has one of those becomes that
//!   value (ajv's "and vice versa": `event: [s3:ObjectCreated:Put]`), the string places listed
//!   in `coerce_strings.txt`.
//!
//! [`LISTS`], [`LISTS_BUT_STAR`] and [`SCALARS`] hold the places: the `type: array`, `integer`, `number` and
//! `boolean` properties of the schema of osls 4.3.1 (the reference's open-source line), except
//! where an earlier `anyOf` branch takes the value as it is (an IAM statement's `Resource`; an API
//! key `{name, value}`, which is not a usage plan's `{plan: [keys]}`), the IAM statements (read
//! by [`crate::synth::iam`], which coerces them as the reference's compiler sees them) and raw
//! CloudFormation (`resources`). Some readers keep their own coercion of the same values (an IAM
//! statement's `Action`, CORS lists): a service built in Rust never comes through here.

use std::sync::OnceLock;

use serde_json::{Number, Value};

use super::places::Places;
use crate::config_path::{index, join};

/// Paths of the lists: `*` is every key of an object, `[]` every item of a list.
const LISTS: &[&str] = &[
    "functions.*.dependsOn",
    "functions.*.events[].activemq.filterPatterns",
    "functions.*.events[].alb.authorizer",
    "functions.*.events[].alb.conditions.header.values",
    "functions.*.events[].alb.conditions.header[].values",
    "functions.*.events[].alb.conditions.host",
    "functions.*.events[].alb.conditions.ip",
    "functions.*.events[].alb.conditions.method",
    "functions.*.events[].alb.conditions.path",
    "functions.*.events[].cloudFront.behavior.AllowedMethods",
    "functions.*.events[].cloudFront.behavior.CachedMethods",
    "functions.*.events[].cloudFront.behavior.ForwardedValues.Cookies.WhitelistedNames",
    "functions.*.events[].cloudFront.behavior.ForwardedValues.Headers",
    "functions.*.events[].cloudFront.behavior.ForwardedValues.QueryStringCacheKeys",
    "functions.*.events[].cloudFront.behavior.TrustedKeyGroups",
    "functions.*.events[].cloudFront.behavior.TrustedSigners",
    "functions.*.events[].cloudFront.origin.CustomOriginConfig.OriginSSLProtocols",
    "functions.*.events[].http.authorizer.claims",
    "functions.*.events[].http.authorizer.scopes",
    "functions.*.events[].http.cors.headers",
    "functions.*.events[].http.cors.methods",
    "functions.*.events[].http.cors.origins",
    "functions.*.events[].httpApi.authorizer.scopes",
    "functions.*.events[].kafka.accessConfigurations.clientCertificateTlsAuth",
    "functions.*.events[].kafka.accessConfigurations.saslPlainAuth",
    "functions.*.events[].kafka.accessConfigurations.saslScram256Auth",
    "functions.*.events[].kafka.accessConfigurations.saslScram512Auth",
    "functions.*.events[].kafka.accessConfigurations.serverRootCaCertificate",
    "functions.*.events[].kafka.accessConfigurations.vpcSecurityGroup",
    "functions.*.events[].kafka.accessConfigurations.vpcSubnet",
    "functions.*.events[].kafka.bootstrapServers",
    "functions.*.events[].schedule.rate",
    "functions.*.events[].websocket.authorizer.identitySource",
    "functions.*.image.command",
    "functions.*.image.entryPoint",
    "functions.*.layers",
    "functions.*.package.patterns",
    "functions.*.url.cors.allowedHeaders",
    "functions.*.url.cors.allowedMethods",
    "functions.*.url.cors.allowedOrigins",
    "functions.*.url.cors.exposedResponseHeaders",
    "functions.*.vpc.securityGroupIds",
    "functions.*.vpc.subnetIds",
    "layers.*.allowedAccounts",
    "layers.*.compatibleArchitectures",
    "layers.*.compatibleRuntimes",
    "layers.*.package.patterns",
    "package.patterns",
    "plugins",
    "plugins.modules",
    "provider.apiGateway.apiKeys",
    "provider.apiGateway.binaryMediaTypes",
    "provider.apiGateway.resourcePolicy[].Action",
    "provider.apiGateway.resourcePolicy[].NotAction",
    "provider.cloudFront.cachePolicies.*.ParametersInCacheKeyAndForwardedToOrigin.CookiesConfig.Cookies",
    "provider.cloudFront.cachePolicies.*.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig.Headers",
    "provider.cloudFront.cachePolicies.*.ParametersInCacheKeyAndForwardedToOrigin.QueryStringsConfig.QueryStrings",
    "provider.httpApi.cors.allowedHeaders",
    "provider.httpApi.cors.allowedMethods",
    "provider.httpApi.cors.allowedOrigins",
    "provider.httpApi.cors.exposedResponseHeaders",
    "provider.iam.role.managedPolicies",
    "provider.iamManagedPolicies",
    "provider.layers",
    "provider.notificationArns",
    "provider.s3.*.corsConfiguration.CorsRules[].AllowedHeaders",
    "provider.s3.*.corsConfiguration.CorsRules[].AllowedMethods",
    "provider.s3.*.corsConfiguration.CorsRules[].AllowedOrigins",
    "provider.s3.*.corsConfiguration.CorsRules[].ExposedHeaders",
    "provider.s3.*.inventoryConfigurations[].OptionalFields",
    "provider.apiGateway.resourcePolicy[].Principal.CanonicalUser",
    "provider.apiGateway.resourcePolicy[].Principal.Federated",
    "provider.apiGateway.resourcePolicy[].Principal.Service",
    "provider.apiGateway.resourcePolicy[].NotPrincipal.CanonicalUser",
    "provider.apiGateway.resourcePolicy[].NotPrincipal.Federated",
    "provider.apiGateway.resourcePolicy[].NotPrincipal.Service",
    "provider.stackPolicy[].Principal.CanonicalUser",
    "provider.stackPolicy[].Principal.Federated",
    "provider.stackPolicy[].Principal.Service",
    "provider.stackPolicy[].NotPrincipal.CanonicalUser",
    "provider.stackPolicy[].NotPrincipal.Federated",
    "provider.stackPolicy[].NotPrincipal.Service",
    "provider.stackPolicy[].Action",
    "provider.stackPolicy[].NotAction",
    "provider.vpc.securityGroupIds",
    "provider.vpc.subnetIds",
    "provider.vpcEndpointIds",
];
/// Lists where `"*"` stays as written (an earlier `anyOf` branch is the constant `"*"`).
const LISTS_BUT_STAR: &[&str] = &[
    "provider.apiGateway.resourcePolicy[].Principal.AWS",
    "provider.apiGateway.resourcePolicy[].NotPrincipal.AWS",
    "provider.stackPolicy[].Principal.AWS",
    "provider.stackPolicy[].NotPrincipal.AWS",
];

/// What a place's schema type makes of a string.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Scalar {
    /// `integer`: an integral number, from a string or a boolean.
    Integer,
    /// `number`: any number, from a string or a boolean.
    Number,
    /// `boolean`: from `"true"`/`"false"`, or from `1`/`0`.
    Boolean,
    /// `string`, for a number (as JavaScript prints it): only where a reader takes the value
    /// as written (the typed readers convert numbers themselves).
    Text,
    /// `string` where the typed readers take the value: only a list of one is unwrapped.
    Str,
}
use Scalar::{Boolean, Integer, Number as Numeric, Str, Text};

/// The string places, one path a line (`#` starts a comment line).
const STRINGS: &str = include_str!("coerce_strings.txt");

/// Paths of the numbers and booleans, as [`LISTS`], and of the strings raw readers take.
const SCALARS: &[(&str, Scalar)] = &[
    ("functions.*.events[].http.path", Text),
    ("functions.*.disableLogs", Boolean),
    ("functions.*.durableConfig.executionTimeout", Integer),
    ("functions.*.durableConfig.retentionPeriodInDays", Integer),
    ("functions.*.ephemeralStorageSize", Integer),
    ("functions.*.events[].activemq.batchSize", Numeric),
    ("functions.*.events[].activemq.enabled", Boolean),
    ("functions.*.events[].activemq.maximumBatchingWindow", Numeric),
    ("functions.*.events[].alb.healthCheck", Boolean),
    ("functions.*.events[].alb.healthCheck.healthyThresholdCount", Integer),
    ("functions.*.events[].alb.healthCheck.intervalSeconds", Integer),
    ("functions.*.events[].alb.healthCheck.timeoutSeconds", Integer),
    ("functions.*.events[].alb.healthCheck.unhealthyThresholdCount", Integer),
    ("functions.*.events[].alb.multiValueHeaders", Boolean),
    ("functions.*.events[].alb.priority", Integer),
    ("functions.*.events[].alexaSkill.enabled", Boolean),
    ("functions.*.events[].alexaSmartHome.enabled", Boolean),
    ("functions.*.events[].cloudFront.behavior.Compress", Boolean),
    ("functions.*.events[].cloudFront.behavior.DefaultTTL", Numeric),
    ("functions.*.events[].cloudFront.behavior.ForwardedValues.QueryString", Boolean),
    ("functions.*.events[].cloudFront.behavior.MaxTTL", Numeric),
    ("functions.*.events[].cloudFront.behavior.MinTTL", Numeric),
    ("functions.*.events[].cloudFront.behavior.SmoothStreaming", Boolean),
    ("functions.*.events[].cloudFront.includeBody", Boolean),
    ("functions.*.events[].cloudFront.isDefaultOrigin", Boolean),
    ("functions.*.events[].cloudFront.origin.ConnectionAttempts", Integer),
    ("functions.*.events[].cloudFront.origin.ConnectionTimeout", Integer),
    ("functions.*.events[].cloudFront.origin.CustomOriginConfig.HTTPPort", Integer),
    ("functions.*.events[].cloudFront.origin.CustomOriginConfig.HTTPSPort", Integer),
    ("functions.*.events[].cloudFront.origin.CustomOriginConfig.OriginKeepaliveTimeout", Integer),
    ("functions.*.events[].cloudFront.origin.CustomOriginConfig.OriginReadTimeout", Integer),
    ("functions.*.events[].cloudwatchEvent.enabled", Boolean),
    ("functions.*.events[].cognitoUserPool.existing", Boolean),
    ("functions.*.events[].cognitoUserPool.forceDeploy", Boolean),
    ("functions.*.events[].eventBridge.enabled", Boolean),
    ("functions.*.events[].eventBridge.retryPolicy.maximumEventAge", Integer),
    ("functions.*.events[].eventBridge.retryPolicy.maximumRetryAttempts", Integer),
    ("functions.*.events[].http.async", Boolean),
    ("functions.*.events[].http.authorizer.managedExternally", Boolean),
    ("functions.*.events[].http.authorizer.resultTtlInSeconds", Integer),
    ("functions.*.events[].http.cors", Boolean),
    ("functions.*.events[].http.cors.allowCredentials", Boolean),
    ("functions.*.events[].http.cors.maxAge", Integer),
    ("functions.*.events[].http.private", Boolean),
    ("functions.*.events[].http.request.parameters.headers.*", Boolean),
    ("functions.*.events[].http.request.parameters.headers.*.required", Boolean),
    ("functions.*.events[].http.request.parameters.paths.*", Boolean),
    ("functions.*.events[].http.request.parameters.paths.*.required", Boolean),
    ("functions.*.events[].http.request.parameters.querystrings.*", Boolean),
    ("functions.*.events[].http.request.parameters.querystrings.*.required", Boolean),
    ("functions.*.events[].http.timeoutInMillis", Integer),
    ("functions.*.events[].iot.enabled", Boolean),
    ("functions.*.events[].iotFleetProvisioning.enabled", Boolean),
    ("functions.*.events[].kafka.batchSize", Numeric),
    ("functions.*.events[].kafka.enabled", Boolean),
    ("functions.*.events[].kafka.maximumBatchingWindow", Numeric),
    ("functions.*.events[].kafka.provisionedPollerConfig.maximumPollers", Numeric),
    ("functions.*.events[].kafka.provisionedPollerConfig.minimumPollers", Numeric),
    ("functions.*.events[].kafka.startingPositionTimestamp", Numeric),
    ("functions.*.events[].msk.batchSize", Numeric),
    ("functions.*.events[].msk.enabled", Boolean),
    ("functions.*.events[].msk.maximumBatchingWindow", Numeric),
    ("functions.*.events[].msk.provisionedPollerConfig.maximumPollers", Integer),
    ("functions.*.events[].msk.provisionedPollerConfig.minimumPollers", Integer),
    ("functions.*.events[].msk.startingPositionTimestamp", Numeric),
    ("functions.*.events[].rabbitmq.batchSize", Numeric),
    ("functions.*.events[].rabbitmq.enabled", Boolean),
    ("functions.*.events[].rabbitmq.maximumBatchingWindow", Numeric),
    ("functions.*.events[].s3.existing", Boolean),
    ("functions.*.events[].s3.forceDeploy", Boolean),
    ("functions.*.events[].schedule.enabled", Boolean),
    ("functions.*.events[].sqs.batchSize", Integer),
    ("functions.*.events[].sqs.enabled", Boolean),
    ("functions.*.events[].sqs.maximumBatchingWindow", Integer),
    ("functions.*.events[].sqs.maximumConcurrency", Integer),
    ("functions.*.events[].stream.batchSize", Integer),
    ("functions.*.events[].stream.batchWindow", Integer),
    ("functions.*.events[].stream.bisectBatchOnFunctionError", Boolean),
    ("functions.*.events[].stream.enabled", Boolean),
    ("functions.*.events[].stream.maximumRecordAgeInSeconds", Integer),
    ("functions.*.events[].stream.maximumRetryAttempts", Integer),
    ("functions.*.events[].stream.parallelizationFactor", Integer),
    ("functions.*.events[].stream.startingPositionTimestamp", Numeric),
    ("functions.*.events[].stream.tumblingWindowInSeconds", Integer),
    ("functions.*.logRetentionInDays", Numeric),
    ("functions.*.maximumEventAge", Integer),
    ("functions.*.maximumRetryAttempts", Integer),
    ("functions.*.memorySize", Integer),
    ("functions.*.package.individually", Boolean),
    ("functions.*.provisionedConcurrency", Integer),
    ("functions.*.reservedConcurrency", Integer),
    ("functions.*.snapStart", Boolean),
    ("functions.*.timeout", Integer),
    ("functions.*.tracing", Boolean),
    ("functions.*.url", Boolean),
    ("functions.*.url.cors", Boolean),
    ("functions.*.url.cors.allowCredentials", Boolean),
    ("functions.*.url.cors.maxAge", Integer),
    ("functions.*.versionFunction", Boolean),
    ("functions.*.vpc.ipv6AllowedForDualStack", Boolean),
    ("layers.*.retain", Boolean),
    ("package.excludeDevDependencies", Boolean),
    ("package.individually", Boolean),
    ("provider.alb.authorizers.*.sessionTimeout", Integer),
    ("provider.apiGateway.apiKeys[].*[].enabled", Boolean),
    ("provider.apiGateway.apiKeys[].enabled", Boolean),
    ("provider.apiGateway.disableDefaultEndpoint", Boolean),
    ("provider.apiGateway.metrics", Boolean),
    ("provider.apiGateway.minimumCompressionSize", Integer),
    ("provider.apiGateway.shouldStartNameWithService", Boolean),
    ("provider.apiGateway.timeoutInMillis", Integer),
    ("provider.apiGateway.usagePlan.quota.limit", Integer),
    ("provider.apiGateway.usagePlan.quota.offset", Integer),
    ("provider.apiGateway.usagePlan.throttle.burstLimit", Integer),
    ("provider.apiGateway.usagePlan.throttle.rateLimit", Integer),
    ("provider.apiGateway.usagePlan[].*.quota.limit", Integer),
    ("provider.apiGateway.usagePlan[].*.quota.offset", Integer),
    ("provider.apiGateway.usagePlan[].*.throttle.burstLimit", Integer),
    ("provider.apiGateway.usagePlan[].*.throttle.rateLimit", Integer),
    ("provider.cloudFront.cachePolicies.*.DefaultTTL", Integer),
    ("provider.cloudFront.cachePolicies.*.MaxTTL", Integer),
    ("provider.cloudFront.cachePolicies.*.MinTTL", Integer),
    (
        "provider.cloudFront.cachePolicies.*.ParametersInCacheKeyAndForwardedToOrigin.EnableAcceptEncodingBrotli",
        Boolean,
    ),
    ("provider.cloudFront.cachePolicies.*.ParametersInCacheKeyAndForwardedToOrigin.EnableAcceptEncodingGzip", Boolean),
    ("provider.deletionProtection", Boolean),
    ("provider.deploymentBucket.blockPublicAccess", Boolean),
    ("provider.deploymentBucket.maxPreviousDeploymentArtifacts", Integer),
    ("provider.deploymentBucket.skipPolicySetup", Boolean),
    ("provider.deploymentBucket.versioning", Boolean),
    ("provider.disableRollback", Boolean),
    ("provider.ecr.maxImageCount", Integer),
    ("provider.ecr.scanOnPush", Boolean),
    ("provider.httpApi.authorizers.*.enableSimpleResponses", Boolean),
    ("provider.httpApi.authorizers.*.managedExternally", Boolean),
    ("provider.httpApi.authorizers.*.resultTtlInSeconds", Integer),
    ("provider.httpApi.cors", Boolean),
    ("provider.httpApi.cors.allowCredentials", Boolean),
    ("provider.httpApi.cors.maxAge", Integer),
    ("provider.httpApi.disableDefaultEndpoint", Boolean),
    ("provider.httpApi.metrics", Boolean),
    ("provider.httpApi.shouldStartNameWithService", Boolean),
    ("provider.logRetentionInDays", Numeric),
    ("provider.logs.frameworkLambda", Boolean),
    ("provider.logs.httpApi", Boolean),
    ("provider.logs.restApi", Boolean),
    ("provider.logs.restApi.accessLogging", Boolean),
    ("provider.logs.restApi.executionLogging", Boolean),
    ("provider.logs.restApi.fullExecutionData", Boolean),
    ("provider.logs.restApi.roleManagedExternally", Boolean),
    ("provider.logs.websocket", Boolean),
    ("provider.logs.websocket.accessLogging", Boolean),
    ("provider.logs.websocket.executionLogging", Boolean),
    ("provider.logs.websocket.fullExecutionData", Boolean),
    ("provider.memorySize", Integer),
    ("provider.pruneFunctionVersions", Boolean),
    ("provider.pruneFunctionVersions.number", Integer),
    ("provider.rollbackConfiguration.MonitoringTimeInMinutes", Integer),
    ("provider.s3.*.bucketEncryption.ServerSideEncryptionConfiguration[].BucketKeyEnabled", Boolean),
    ("provider.s3.*.corsConfiguration.CorsRules[].MaxAge", Integer),
    ("provider.s3.*.inventoryConfigurations[].Enabled", Boolean),
    ("provider.s3.*.lifecycleConfiguration.Rules[].AbortIncompleteMultipartUpload.DaysAfterInitiation", Integer),
    ("provider.s3.*.lifecycleConfiguration.Rules[].ExpirationInDays", Integer),
    ("provider.s3.*.lifecycleConfiguration.Rules[].NoncurrentVersionExpirationInDays", Integer),
    ("provider.s3.*.lifecycleConfiguration.Rules[].NoncurrentVersionTransition.TransitionInDays", Integer),
    ("provider.s3.*.lifecycleConfiguration.Rules[].NoncurrentVersionTransitions[].TransitionInDays", Integer),
    ("provider.s3.*.lifecycleConfiguration.Rules[].Transitions[].TransitionInDays", Integer),
    ("provider.s3.*.objectLockConfiguration.Rule.DefaultRetention.Days", Integer),
    ("provider.s3.*.objectLockConfiguration.Rule.DefaultRetention.Years", Integer),
    ("provider.s3.*.objectLockEnabled", Boolean),
    ("provider.s3.*.publicAccessBlockConfiguration.BlockPublicAcls", Boolean),
    ("provider.s3.*.publicAccessBlockConfiguration.BlockPublicPolicy", Boolean),
    ("provider.s3.*.publicAccessBlockConfiguration.IgnorePublicAcls", Boolean),
    ("provider.s3.*.publicAccessBlockConfiguration.RestrictPublicBuckets", Boolean),
    ("provider.s3.*.replicationConfiguration.Rules[].Destination.Metrics.EventThreshold.Minutes", Integer),
    ("provider.s3.*.replicationConfiguration.Rules[].Destination.ReplicationTime.Time.Minutes", Integer),
    ("provider.s3.*.replicationConfiguration.Rules[].Priority", Integer),
    ("provider.stackParameters[].UsePreviousValue", Boolean),
    ("provider.timeout", Integer),
    ("provider.tracing.apiGateway", Boolean),
    ("provider.tracing.lambda", Boolean),
    ("provider.versionFunctions", Boolean),
    ("provider.vpc.ipv6AllowedForDualStack", Boolean),
    ("provider.websocket.useProviderTags", Boolean),
];

/// What is done at one place.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Change {
    List,
    /// [`Change::List`] except for `"*"`.
    ListButStar,
    To(Scalar),
}

/// [`LISTS`] and [`SCALARS`] as one tree, so that the config is walked once.
fn trie() -> &'static Places<Change> {
    static TRIE: OnceLock<Places<Change>> = OnceLock::new();
    TRIE.get_or_init(|| {
        let mut root = Places::default();
        let places = (LISTS.iter().map(|p| (*p, Change::List)))
            .chain(LISTS_BUT_STAR.iter().map(|p| (*p, Change::ListButStar)))
            .chain(SCALARS.iter().map(|(p, s)| (*p, Change::To(*s))))
            .chain(STRINGS.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).map(|p| (p, Change::To(Str))));
        for (path, change) in places {
            root.insert(path, change);
        }
        root
    })
}

/// A copy of `root` with its values changed as the reference's schema changes them, and the
/// paths of the values made lists (`functions.api.layers`); `None` when nothing changes (the
/// common case, which copies nothing).
pub(crate) fn coerce(root: &Value) -> Option<(Value, Vec<String>)> {
    if !needed(root, trie()) {
        return None;
    }
    let mut root = root.clone();
    let mut listed = Vec::new();
    apply(&mut root, trie(), String::new(), &mut listed);
    Some((root, listed))
}

/// `value` as `change` makes it, or `None` when it stays (ajv's coercions to these types).
fn changed(value: &Value, change: Change) -> Option<Value> {
    let number = |n: f64| {
        // Integral values as integers, as JavaScript prints them (`29000`, not `29000.0`).
        Some(Value::Number(match n.fract() == 0.0 && n.abs() < 9e15 {
            true => Number::from(n as i64),
            false => Number::from_f64(n)?,
        }))
    };
    match (change, value) {
        (Change::To(_), Value::Array(items))
            if items.len() == 1 && matches!(items[0], Value::String(_) | Value::Number(_) | Value::Bool(_)) =>
        {
            Some(changed(&items[0], change).unwrap_or_else(|| items[0].clone()))
        }
        (Change::ListButStar, Value::String(s)) if s == "*" => None,
        (Change::List | Change::ListButStar, Value::String(_) | Value::Number(_) | Value::Bool(_)) => {
            Some(Value::Array(vec![value.clone()]))
        }
        (Change::To(Numeric | Integer), Value::Bool(b)) => number(f64::from(u8::from(*b))),
        (Change::To(Numeric), Value::String(s)) => number(crate::reader::numeric_string(s)?),
        (Change::To(Integer), Value::String(s)) => {
            number(crate::reader::numeric_string(s).filter(|n| n.fract() == 0.0)?)
        }
        (Change::To(Text), Value::Number(n)) => Some(Value::String(crate::reader::js_number(n))),
        (Change::To(Boolean), Value::String(s)) => match s.as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        (Change::To(Boolean), Value::Number(n)) => match n.as_f64() {
            Some(1.0) => Some(Value::Bool(true)),
            Some(0.0) => Some(Value::Bool(false)),
            _ => None,
        },
        _ => None,
    }
}

fn needed(v: &Value, node: &Places<Change>) -> bool {
    if node.here.iter().any(|c| changed(v, *c).is_some()) {
        return true;
    }
    node.children.iter().any(|(segment, child)| match (*segment, v) {
        ("*", Value::Object(map)) => map.values().any(|v| needed(v, child)),
        ("[]", Value::Array(items)) => items.iter().any(|v| needed(v, child)),
        (key, Value::Object(map)) => map.get(key).is_some_and(|v| needed(v, child)),
        _ => false,
    })
}

fn apply(v: &mut Value, node: &Places<Change>, at: String, listed: &mut Vec<String>) {
    for change in &node.here {
        if let Some(new) = changed(v, *change) {
            *v = new;
            if matches!(change, Change::List | Change::ListButStar) {
                listed.push(at.clone());
            }
        }
    }
    for (segment, child) in &node.children {
        match (*segment, &mut *v) {
            ("*", Value::Object(map)) => map.iter_mut().for_each(|(k, v)| apply(v, child, join(&at, k), listed)),
            ("[]", Value::Array(items)) => {
                items.iter_mut().enumerate().for_each(|(i, v)| apply(v, child, index(&at, i), listed));
            }
            (key, Value::Object(map)) => {
                if let Some(v) = map.get_mut(key) {
                    apply(v, child, join(&at, key), listed);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// ajv's "vice versa": a list of one where the schema has a string, number or boolean is that
    /// value (found on a corpus file: `event: [s3:ObjectCreated:Put]`, which osls reads as the event).
    #[test]
    fn lists_of_one_become_the_value_the_schema_wants() {
        let config = json!({
            "provider": {"timeout": ["30"], "environment": {"STAGE": ["dev"], "BOTH": ["a", "b"]}},
            "functions": {"a": {"handler": ["h.h"], "events": [
                {"s3": {"bucket": "b", "event": ["s3:ObjectCreated:Put"]}},
                {"http": {"path": [404], "method": "get"}},
                {"websocket": ["$connect"]},
            ]}},
        });
        let (coerced, listed) = coerce(&config).expect("something to coerce");
        assert!(listed.is_empty(), "{listed:?}");
        assert_eq!(coerced["provider"]["timeout"], 30);
        assert_eq!(coerced["provider"]["environment"], json!({"STAGE": "dev", "BOTH": ["a", "b"]}));
        assert_eq!(coerced["functions"]["a"]["handler"], "h.h");
        let events = &coerced["functions"]["a"]["events"];
        assert_eq!(events[0]["s3"]["event"], "s3:ObjectCreated:Put");
        assert_eq!(events[1]["http"]["path"], "404");
        assert_eq!(events[2]["websocket"], "$connect");
        assert_eq!(coerce(&coerced), None);
    }

    #[test]
    fn lone_values_become_lists_of_one_and_nothing_else_changes() {
        let config = json!({
            "provider": {"vpc": {"subnetIds": "subnet-1", "securityGroupIds": ["sg-1"]}, "layers": {"Ref": "L"}},
            "functions": {
                "a": {"layers": "arn:l", "events": [{"http": {"cors": {"origins": "https://x", "headers": 7}}}, "sqs"]},
                "b": {"layers": null, "url": {"cors": {"allowedMethods": true}}},
            },
            "resources": {"Resources": {"Q": {"Properties": {"Tags": "t"}}}},
        });
        let (coerced, paths) = coerce(&config).expect("something to coerce");
        let mut paths = paths;
        paths.sort();
        assert_eq!(
            paths,
            [
                "functions.a.events[0].http.cors.headers",
                "functions.a.events[0].http.cors.origins",
                "functions.a.layers",
                "functions.b.url.cors.allowedMethods",
                "provider.vpc.subnetIds",
            ]
        );
        assert_eq!(coerced["provider"]["vpc"], json!({"subnetIds": ["subnet-1"], "securityGroupIds": ["sg-1"]}));
        // An object (here an intrinsic) and null stay as they are, as does raw CloudFormation.
        assert_eq!(coerced["provider"]["layers"], json!({"Ref": "L"}));
        assert_eq!(coerced["functions"]["b"]["layers"], Value::Null);
        assert_eq!(coerced["resources"], config["resources"]);
        assert_eq!(coerced["functions"]["a"]["layers"], json!(["arn:l"]));
        assert_eq!(
            coerced["functions"]["a"]["events"][0]["http"]["cors"],
            json!({"origins": ["https://x"], "headers": [7]})
        );
        assert_eq!(coerced["functions"]["a"]["events"][1], "sqs");
        assert_eq!(coerced["functions"]["b"]["url"]["cors"]["allowedMethods"], json!([true]));
        assert_eq!(coerce(&coerced), None);
    }

    #[test]
    fn strings_become_the_numbers_and_booleans_the_schema_has() {
        let config = json!({
            "provider": {"timeout": " 30 ", "memorySize": "2048", "versionFunctions": "false", "logRetentionInDays": "7"},
            "functions": {"a": {"timeout": "1.5", "memorySize": "0x800", "reservedConcurrency": "lots", "events": [
                {"http": {"path": 404, "method": "get", "cors": "true", "private": "TRUE", "timeoutInMillis": "29000"}},
                {"sqs": {"arn": "q", "batchSize": "10", "enabled": "false"}},
                {"sqs": {"arn": "q", "batchSize": true, "enabled": 1}},
            ]}},
            "custom": {"timeout": "30"},
        });
        let (coerced, listed) = coerce(&config).expect("something to coerce");
        assert!(listed.is_empty());
        assert_eq!(
            coerced["provider"],
            json!({"timeout": 30, "memorySize": 2048, "versionFunctions": false, "logRetentionInDays": 7})
        );
        // JavaScript's numbers (`0x800`); not a number, not an integer where the schema wants
        // one, or not `true`/`false` exactly: left for the readers' errors.
        let a = &coerced["functions"]["a"];
        assert_eq!(
            (&a["memorySize"], &a["timeout"], &a["reservedConcurrency"]),
            (&json!(2048), &json!("1.5"), &json!("lots"))
        );
        let http = &coerced["functions"]["a"]["events"][0]["http"];
        assert_eq!(
            (&http["cors"], &http["private"], &http["timeoutInMillis"]),
            (&json!(true), &json!("TRUE"), &json!(29000))
        );
        assert_eq!(http["path"], "404");
        assert_eq!(
            coerced["functions"]["a"]["events"][1]["sqs"],
            json!({"arn": "q", "batchSize": 10, "enabled": false})
        );
        // Booleans for numbers and `1`/`0` for booleans, as ajv coerces them.
        assert_eq!(coerced["functions"]["a"]["events"][2]["sqs"], json!({"arn": "q", "batchSize": 1, "enabled": true}));
        // Only the schema's places: `custom` is the user's own.
        assert_eq!(coerced["custom"], config["custom"]);
    }

    #[test]
    fn a_policy_principal_is_a_list_but_star_stays() {
        let config = json!({"provider": {"apiGateway": {"resourcePolicy": [
            {"Principal": {"AWS": "arn:aws:iam::123456789012:root", "Service": "apigateway.amazonaws.com"}},
            {"Principal": {"AWS": "*"}, "NotPrincipal": {"Federated": "cognito-identity.amazonaws.com"}},
        ]}}});
        let (coerced, _) = coerce(&config).expect("something to coerce");
        assert_eq!(
            coerced["provider"]["apiGateway"]["resourcePolicy"],
            json!([
                {"Principal": {"AWS": ["arn:aws:iam::123456789012:root"], "Service": ["apigateway.amazonaws.com"]}},
                {"Principal": {"AWS": "*"}, "NotPrincipal": {"Federated": ["cognito-identity.amazonaws.com"]}},
            ])
        );
    }
}
