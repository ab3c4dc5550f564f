//! Facts of CloudFormation resource types that more than one stage needs.

/// The properties of `AWS::S3::Bucket`, in CloudFormation's (and CDK's) alphabetical order.
pub(crate) const S3_BUCKET_PROPERTIES: &[&str] = &[
    "AbacStatus",
    "AccelerateConfiguration",
    "AccessControl",
    "AnalyticsConfigurations",
    "BucketEncryption",
    "BucketName",
    "CorsConfiguration",
    "IntelligentTieringConfigurations",
    "InventoryConfigurations",
    "LifecycleConfiguration",
    "LoggingConfiguration",
    "MetadataConfiguration",
    "MetadataTableConfiguration",
    "MetricsConfigurations",
    "NotificationConfiguration",
    "ObjectLockConfiguration",
    "ObjectLockEnabled",
    "OwnershipControls",
    "PublicAccessBlockConfiguration",
    "ReplicationConfiguration",
    "Tags",
    "VersioningConfiguration",
    "WebsiteConfiguration",
];
