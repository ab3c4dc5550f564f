//! The reference's custom-resource machinery (iam-and-surface §5.1), shared by existing S3
//! buckets, EventBridge in custom-resource mode and the API Gateway CloudWatch role: a helper
//! function per kind, its log group and one role for all of them.

use serde_json::{Value, json};

use super::Ctx;
use crate::naming;

/// The role every helper function runs with.
pub(crate) const ROLE: &str = "IamRoleCustomResourcesLambdaExecution";

/// One kind of helper function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `custom-resource-existing-s3`: notifications on an existing bucket.
    ExistingS3,
    /// `custom-resource-apigw-cw-role`: the API Gateway account's CloudWatch role.
    ApiGatewayCloudWatchRole,
    /// `custom-resource-existing-cup`: triggers on an existing Cognito user pool.
    ExistingCognitoUserPool,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::ExistingS3 => "custom-resource-existing-s3",
            Kind::ApiGatewayCloudWatchRole => "custom-resource-apigw-cw-role",
            Kind::ExistingCognitoUserPool => "custom-resource-existing-cup",
        }
    }

    fn handler(self) -> &'static str {
        match self {
            Kind::ExistingS3 => "s3/handler.handler",
            Kind::ApiGatewayCloudWatchRole => "api-gateway-cloud-watch-role/handler.handler",
            Kind::ExistingCognitoUserPool => "cognito-user-pool/handler.handler",
        }
    }
}

impl Ctx<'_> {
    /// The logical ID of the helper function of `kind`, for a custom resource's `ServiceToken`.
    pub fn custom_resource_function_id(&self, kind: Kind) -> String {
        naming::function_logical_id(&naming_key(kind))
    }

    /// Adds (once) the helper function of `kind`, its log group and the shared role, and the
    /// statements it needs on that role (each skipped when a statement with the same `Resource`
    /// is there already). Call right after adding the custom resource that uses it: the
    /// reference writes the helper resources after it.
    pub fn custom_resource(&mut self, kind: Kind, statements: Vec<Value>) {
        let p = &self.r.config.provider;
        let deployment_role = p.iam.as_ref().and_then(|i| i.deployment_role.as_ref()).map(|r| r.to_json());
        let framework_logs = p.logs.as_ref().and_then(|l| l.framework_lambda) != Some(false);
        if deployment_role.is_none() {
            if !self.out.resources.contains_key(ROLE) {
                let mut initial = Vec::new();
                if framework_logs {
                    let group = format!("/aws/lambda/{}", self.r.prefix());
                    let arn = |suffix: &str| crate::resolve::log_group_arn(&group, suffix);
                    initial.extend(crate::resolve::log_statements(vec![arn("*:*")], vec![arn("*:*:*")]));
                }
                self.set(
                    ROLE.to_string(),
                    json!({
                        "Type": "AWS::IAM::Role",
                        "Properties": {
                            "AssumeRolePolicyDocument": {
                                "Version": "2012-10-17",
                                "Statement": [{
                                    "Effect": "Allow",
                                    "Principal": { "Service": ["lambda.amazonaws.com"] },
                                    "Action": ["sts:AssumeRole"]
                                }]
                            },
                            "Policies": [{
                                "PolicyName": { "Fn::Join": ["-", [self.r.stage, self.r.service(), "custom-resources-lambda"]] },
                                "PolicyDocument": { "Version": "2012-10-17", "Statement": initial }
                            }]
                        }
                    }),
                );
            }
            let list =
                &mut self.out.resources[ROLE].value_mut()["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
            if let Value::Array(existing) = list {
                for s in statements {
                    if !existing.iter().any(|e| e.get("Resource") == s.get("Resource")) {
                        existing.push(s);
                    }
                }
            }
        }
        let key = naming_key(kind);
        let function_id = naming::function_logical_id(&key);
        if self.out.resources.contains_key(&function_id) {
            return;
        }
        let full_name = format!("{}-{}", self.r.prefix(), kind.name());
        let function_name = if full_name.len() > 64 {
            format!("{}{}", &full_name[..32], crate::hash::md5_hex(full_name.as_bytes()))
        } else {
            full_name
        };
        let log_group_id = naming::log_group_logical_id(&key);
        let mut depends_on = Vec::new();
        if deployment_role.is_none() {
            depends_on.push(json!(ROLE));
        }
        if framework_logs {
            depends_on.push(json!(log_group_id));
        }
        let role = deployment_role.unwrap_or_else(|| json!({ "Fn::GetAtt": [ROLE, "Arn"] }));
        self.set(
            function_id,
            json!({
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Code": {
                        "S3Bucket": self.deployment_bucket.clone(),
                        "S3Key": format!("{}/custom-resources.zip", self.artifact_directory)
                    },
                    "FunctionName": function_name,
                    "Handler": kind.handler(),
                    "MemorySize": 1024,
                    "Runtime": "nodejs22.x",
                    "Timeout": 180,
                    "Role": role
                },
                "DependsOn": depends_on
            }),
        );
        if framework_logs {
            let mut props = serde_json::Map::new();
            props.insert("LogGroupName".into(), json!(format!("/aws/lambda/{function_name}")));
            if let Some(days) = p.log_retention_in_days {
                props.insert("RetentionInDays".into(), json!(days));
            }
            if let Some(policy) = &p.log_data_protection_policy {
                props.insert("DataProtectionPolicy".into(), policy.clone());
            }
            self.set(log_group_id, json!({ "Type": "AWS::Logs::LogGroup", "Properties": props }));
        }
    }
}

/// `getNormalizedFunctionName(name)` input: the helper's function key.
fn naming_key(kind: Kind) -> String {
    kind.name().to_string()
}
