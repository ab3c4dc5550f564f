//! Which property changes make CloudFormation replace a resource, for the resource types
//! stackwright emits (the "Update requires" of each property in the CloudFormation resource
//! reference). A property not listed for a known type updates in place.

/// What updating one property does to its resource, weakest first (so `max` over a resource's
/// changes gives what happens to it).
///
/// ```
/// use stackwright_cli::deploy::replacement::UpdateType;
/// assert!(UpdateType::Immutable > UpdateType::Mutable);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UpdateType {
    /// Updated in place (with or without interruption).
    Mutable,
    /// The resource type is not in the table: CloudFormation's behaviour is not known here.
    Unknown,
    /// Replaced for some values or some previous values (e.g. `ObjectLockEnabled`).
    Conditional,
    /// Always replaced: a new physical resource, the old one deleted afterwards.
    Immutable,
}

/// `(type, properties that force replacement, properties that may force it)`.
type Rule = (&'static str, &'static [&'static str], &'static [&'static str]);

/// The table. Types are sorted so that the lookup can binary-search.
const RULES: &[Rule] = &[
    ("AWS::ApiGateway::ApiKey", &["GenerateDistinctId", "Name", "Value"], &[]),
    ("AWS::ApiGateway::Authorizer", &["RestApiId"], &[]),
    ("AWS::ApiGateway::Deployment", &["DeploymentCanarySettings", "RestApiId"], &[]),
    ("AWS::ApiGateway::GatewayResponse", &["ResponseType", "RestApiId"], &[]),
    ("AWS::ApiGateway::Method", &["ResourceId", "RestApiId"], &[]),
    ("AWS::ApiGateway::Model", &["ContentType", "Name", "RestApiId"], &[]),
    ("AWS::ApiGateway::RequestValidator", &["Name", "RestApiId"], &[]),
    ("AWS::ApiGateway::Resource", &["ParentId", "PathPart", "RestApiId"], &[]),
    ("AWS::ApiGateway::RestApi", &[], &[]),
    ("AWS::ApiGateway::Stage", &["RestApiId", "StageName"], &[]),
    ("AWS::ApiGateway::UsagePlan", &[], &[]),
    ("AWS::ApiGateway::UsagePlanKey", &["KeyId", "KeyType", "UsagePlanId"], &[]),
    ("AWS::ApiGatewayV2::Api", &["ProtocolType"], &[]),
    ("AWS::ApiGatewayV2::Authorizer", &["ApiId"], &[]),
    ("AWS::ApiGatewayV2::Deployment", &["ApiId"], &[]),
    ("AWS::ApiGatewayV2::Integration", &["ApiId"], &[]),
    ("AWS::ApiGatewayV2::Route", &["ApiId"], &[]),
    ("AWS::ApiGatewayV2::RouteResponse", &["ApiId", "RouteId"], &[]),
    ("AWS::ApiGatewayV2::Stage", &["ApiId", "StageName"], &[]),
    ("AWS::CloudWatch::Alarm", &["AlarmName"], &[]),
    ("AWS::Cognito::UserPool", &["AliasAttributes", "UsernameAttributes"], &["Schema"]),
    ("AWS::DynamoDB::Table", &["TableName"], &["KeySchema"]),
    ("AWS::EC2::SecurityGroup", &["GroupDescription", "GroupName", "VpcId"], &[]),
    ("AWS::ElasticLoadBalancingV2::ListenerRule", &["ListenerArn"], &[]),
    (
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        &["Name", "Port", "Protocol", "ProtocolVersion", "TargetType", "VpcId"],
        &[],
    ),
    ("AWS::Events::EventBus", &["EventSourceName", "Name"], &[]),
    ("AWS::Events::Rule", &["EventBusName", "Name"], &[]),
    ("AWS::IAM::ManagedPolicy", &["ManagedPolicyName", "Path"], &[]),
    ("AWS::IAM::Policy", &[], &[]),
    ("AWS::IAM::Role", &["Path", "RoleName"], &[]),
    ("AWS::IoT::TopicRule", &["RuleName"], &[]),
    ("AWS::Kinesis::Stream", &["Name"], &[]),
    // Only the scaling configuration (and tags) can be updated (UpdateCapacityProvider).
    (
        "AWS::Lambda::CapacityProvider",
        &["CapacityProviderName", "InstanceRequirements", "KmsKeyArn", "PermissionsConfig", "VpcConfig"],
        &[],
    ),
    ("AWS::Lambda::EventInvokeConfig", &["FunctionName", "Qualifier"], &[]),
    (
        "AWS::Lambda::EventSourceMapping",
        &[
            "AmazonManagedKafkaEventSourceConfig",
            "EventSourceArn",
            "Queues",
            "SelfManagedEventSource",
            "SelfManagedKafkaEventSourceConfig",
            "StartingPosition",
            "StartingPositionTimestamp",
            "Topics",
        ],
        &[],
    ),
    ("AWS::Lambda::Function", &["FunctionName", "PackageType"], &[]),
    (
        "AWS::Lambda::LayerVersion",
        &["CompatibleArchitectures", "CompatibleRuntimes", "Content", "Description", "LayerName", "LicenseInfo"],
        &[],
    ),
    (
        "AWS::Lambda::Permission",
        &[
            "Action",
            "EventSourceToken",
            "FunctionName",
            "FunctionUrlAuthType",
            "Principal",
            "PrincipalOrgID",
            "SourceAccount",
            "SourceArn",
        ],
        &[],
    ),
    ("AWS::Lambda::Url", &["Qualifier", "TargetFunctionArn"], &[]),
    // A version is immutable: anything but its provisioned concurrency publishes a new one.
    (
        "AWS::Lambda::Version",
        &["CodeSha256", "Description", "FunctionName", "FunctionScalingConfig", "RuntimePolicy"],
        &[],
    ),
    ("AWS::Logs::LogGroup", &["LogGroupClass", "LogGroupName"], &[]),
    ("AWS::Logs::SubscriptionFilter", &["FilterName", "LogGroupName"], &[]),
    ("AWS::S3::Bucket", &["BucketName"], &["ObjectLockEnabled"]),
    ("AWS::S3::BucketPolicy", &["Bucket"], &[]),
    ("AWS::SNS::Subscription", &["Endpoint", "Protocol", "TopicArn"], &["Region"]),
    ("AWS::SNS::Topic", &["FifoTopic", "TopicName"], &[]),
    ("AWS::SNS::TopicPolicy", &[], &[]),
    ("AWS::SQS::Queue", &["FifoQueue", "QueueName"], &[]),
    ("AWS::SQS::QueuePolicy", &[], &[]),
    ("AWS::Scheduler::Schedule", &["GroupName", "Name"], &[]),
];

/// What changing `property` of a `resource_type` resource does. Custom resources (`Custom::*`,
/// `AWS::CloudFormation::CustomResource`) are replaced when their `ServiceToken` changes; any
/// other change is up to their handler ([`UpdateType::Conditional`]).
///
/// ```
/// use stackwright_cli::deploy::replacement::{update_type, UpdateType};
/// assert_eq!(update_type("AWS::Lambda::Function", "FunctionName"), UpdateType::Immutable);
/// assert_eq!(update_type("AWS::Lambda::Function", "MemorySize"), UpdateType::Mutable);
/// assert_eq!(update_type("AWS::Foo::Bar", "Baz"), UpdateType::Unknown);
/// ```
pub fn update_type(resource_type: &str, property: &str) -> UpdateType {
    if resource_type.starts_with("Custom::") || resource_type == "AWS::CloudFormation::CustomResource" {
        return if property == "ServiceToken" { UpdateType::Immutable } else { UpdateType::Conditional };
    }
    match RULES.binary_search_by(|(t, _, _)| (*t).cmp(resource_type)) {
        Ok(i) => {
            let (_, immutable, conditional) = RULES[i];
            if immutable.contains(&property) {
                UpdateType::Immutable
            } else if conditional.contains(&property) {
                UpdateType::Conditional
            } else {
                UpdateType::Mutable
            }
        }
        Err(_) => UpdateType::Unknown,
    }
}

/// The resource types the table covers (for the README and tests).
///
/// ```
/// let types: Vec<_> = stackwright_cli::deploy::replacement::covered_types().collect();
/// assert!(types.contains(&"AWS::Lambda::CapacityProvider"));
/// ```
pub fn covered_types() -> impl Iterator<Item = &'static str> {
    RULES.iter().map(|(t, _, _)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(RULES.windows(2).all(|w| w[0].0 < w[1].0), "RULES must be sorted by type");
    }

    #[test]
    fn custom_resources() {
        assert_eq!(update_type("Custom::S3", "ServiceToken"), UpdateType::Immutable);
        assert_eq!(update_type("Custom::S3", "BucketConfigs"), UpdateType::Conditional);
    }
}
