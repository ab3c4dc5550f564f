//! IAM roles: the shared execution role `IamRoleLambdaExecution` and the capacity providers'
//! shared operator role `LambdaCapacityProviderOperatorRole`.

use serde_json::{Value, json};

use super::Doc;
use crate::naming;
use crate::resolve::Resolved;

/// `IamRoleLambdaExecution` with log permissions scoped to the service's log groups (§5).
pub(super) fn add_execution_role(doc: &mut Doc, r: &Resolved) {
    if r.functions.is_empty() {
        return;
    }
    let prefix = r.prefix();
    let log_arn = |group: &str, suffix: &str| json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{group}{suffix}") });
    let (mut create, mut put) = (Vec::new(), Vec::new());
    let mut any_canonical = false;
    for (key, f) in &r.functions {
        let name = r.function_name(key, f);
        // A function whose name does not start with the service prefix is not covered by the
        // wildcard, so it gets its own pair of ARNs.
        if f.name.is_none() || name.starts_with(prefix) {
            any_canonical = true;
        } else {
            let group = format!("/aws/lambda/{name}");
            create.push(log_arn(&group, ":*"));
            put.push(log_arn(&group, ":*:*"));
        }
    }
    if any_canonical {
        let group = format!("/aws/lambda/{prefix}");
        create.push(log_arn(&group, "*:*"));
        put.push(log_arn(&group, "*:*:*"));
    }
    let mut properties = json!({
        "AssumeRolePolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": { "Service": ["lambda.amazonaws.com"] },
                "Action": ["sts:AssumeRole"]
            }]
        },
        "Policies": [{
            "PolicyName": { "Fn::Join": ["-", [r.service(), r.stage, "lambda"]] },
            "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource"],
                        "Resource": create
                    },
                    { "Effect": "Allow", "Action": ["logs:PutLogEvents"], "Resource": put }
                ]
            }
        }],
        "Path": "/",
        "RoleName": { "Fn::Join": ["-", [r.service(), r.stage, { "Ref": "AWS::Region" }, "lambdaRole"]] }
    });
    // The reference attaches the VPC policy when provider.vpc is set or any function has a
    // `vpc` key, regardless of capacity providers (§5.7).
    let needs_vpc_policy = r.config.provider.vpc.is_some() || r.functions.iter().any(|(_, f)| f.vpc.is_some());
    if needs_vpc_policy {
        properties["ManagedPolicyArns"] = json!([{
            "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"]]
        }]);
    }
    doc.add(naming::EXECUTION_ROLE.into(), json!({ "Type": "AWS::IAM::Role", "Properties": properties }));
}

/// The operator role shared by every capacity provider without its own (§4).
pub(super) fn operator_role() -> Value {
    json!({
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Principal": { "Service": "lambda.amazonaws.com" },
                    "Action": "sts:AssumeRole"
                }]
            },
            "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator"]
        }
    })
}
