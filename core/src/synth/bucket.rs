//! The deployment bucket (DECISIONS.md D3): the in-stack `ServerlessDeploymentBucket` and its
//! TLS-only policy, or the user's bucket by name.

use serde_json::{Value, json};

use super::Doc;
use crate::naming::{DEPLOYMENT_BUCKET, DEPLOYMENT_BUCKET_OUTPUT, DEPLOYMENT_BUCKET_POLICY};
use crate::resolve::Resolved;

/// Adds the bucket resources and output; returns the `S3Bucket` value functions use.
pub(super) fn add(doc: &mut Doc, r: &Resolved) -> Value {
    let bucket = match &r.config.provider.deployment_bucket {
        Some(name) => Value::String(name.clone()),
        None => {
            let settings = r.config.provider.deployment_bucket_settings.clone().unwrap_or_default();
            let mut properties = json!({
                "BucketEncryption": {
                    "ServerSideEncryptionConfiguration": [
                        { "ServerSideEncryptionByDefault": { "SSEAlgorithm": "AES256" } }
                    ]
                }
            });
            // In the reference's order (generate-core-template.js): tags, public access, versioning.
            if let Some(tags) = settings.tags.as_ref().filter(|t| !t.is_empty()) {
                properties["Tags"] = super::iam::tag_list(tags);
            }
            if settings.block_public_access {
                properties["PublicAccessBlockConfiguration"] = json!({
                    "BlockPublicAcls": true,
                    "BlockPublicPolicy": true,
                    "IgnorePublicAcls": true,
                    "RestrictPublicBuckets": true
                });
            }
            if settings.versioning {
                properties["VersioningConfiguration"] = json!({ "Status": "Enabled" });
            }
            doc.add(DEPLOYMENT_BUCKET.into(), json!({ "Type": "AWS::S3::Bucket", "Properties": properties }));
            if settings.skip_policy_setup {
                doc.add_output(DEPLOYMENT_BUCKET_OUTPUT.into(), json!({ "Value": { "Ref": DEPLOYMENT_BUCKET } }));
                return json!({ "Ref": DEPLOYMENT_BUCKET });
            }
            let object_arn = |suffix: &str| {
                let mut parts = vec![
                    json!("arn:"),
                    json!({"Ref": "AWS::Partition"}),
                    json!(":s3:::"),
                    json!({"Ref": DEPLOYMENT_BUCKET}),
                ];
                if !suffix.is_empty() {
                    parts.push(json!(suffix));
                }
                json!({ "Fn::Join": ["", parts] })
            };
            doc.add(
                DEPLOYMENT_BUCKET_POLICY.into(),
                json!({
                    "Type": "AWS::S3::BucketPolicy",
                    "Properties": {
                        "Bucket": { "Ref": DEPLOYMENT_BUCKET },
                        "PolicyDocument": {
                            "Statement": [{
                                "Action": "s3:*",
                                "Effect": "Deny",
                                "Principal": "*",
                                "Resource": [object_arn("/*"), object_arn("")],
                                "Condition": { "Bool": { "aws:SecureTransport": false } }
                            }]
                        }
                    }
                }),
            );
            json!({ "Ref": DEPLOYMENT_BUCKET })
        }
    };
    doc.add_output(DEPLOYMENT_BUCKET_OUTPUT.into(), json!({ "Value": bucket }));
    bucket
}
