//! Least privilege: the IAM in every template.
//!
//! - `LambdaCapacityProviderOperatorRole` trusts only `lambda.amazonaws.com` and carries only the
//!   managed policy `AWSLambdaManagedEC2ResourceOperator`, nothing inline.
//! - `IamRoleLambdaExecution` trusts only `lambda.amazonaws.com`; its inline policy allows only
//!   the four log actions, on the service's own log groups; its only managed policy is
//!   `AWSLambdaVPCAccessExecutionRole` (when a VPC is configured, as in the reference).
//! - `*` appears in a policy only where the reference has one:
//!   1. `log-group:/aws/lambda/<service>-<stage>*:*` (and `...:*:*` for `PutLogEvents`): the
//!      wildcard covers exactly the log groups of the service's default-named functions, the
//!      trailing `:*` the log streams inside them;
//!   2. `log-group:/aws/lambda/<explicit function name>:*` (and `:*:*`): the streams of one group;
//!   3. the deployment bucket policy's `Deny` statement (`Principal: *`, `Action: s3:*`,
//!      `Resource: <bucket>/*`), which *denies* non-TLS access to everyone.

use serde_json::Value;
use stackwright::Template;

const LOG_ARN: &str = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:";
const LOG_ACTIONS: &[&str] = &["logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource", "logs:PutLogEvents"];

fn strings(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    }
}

fn trusts_only_lambda(role: &Value) -> Result<(), String> {
    let statements = role["Properties"]["AssumeRolePolicyDocument"]["Statement"].as_array().ok_or("no trust policy")?;
    for s in statements {
        let services = strings(&s["Principal"]["Service"]);
        let only_principal = s["Principal"].as_object().is_some_and(|p| p.len() == 1);
        if s["Effect"] != "Allow" || !only_principal || services != [&Value::from("lambda.amazonaws.com")] {
            return Err(format!("trust statement {s}"));
        }
        if strings(&s["Action"]) != [&Value::from("sts:AssumeRole")] {
            return Err(format!("trust action {s}"));
        }
    }
    Ok(())
}

/// Checks the IAM of one template (see the module docs).
pub fn check_least_privilege(t: &Template) -> Result<(), String> {
    let resources = t.resources();
    let log_groups: Vec<&str> = resources
        .values()
        .filter(|r| r["Type"] == "AWS::Logs::LogGroup")
        .filter_map(|r| r["Properties"]["LogGroupName"].as_str())
        .collect();
    for (id, r) in resources {
        match r["Type"].as_str() {
            Some("AWS::IAM::Role") if id == "LambdaCapacityProviderOperatorRole" => {
                trusts_only_lambda(r).map_err(|e| format!("{id}: {e}"))?;
                let managed = &r["Properties"]["ManagedPolicyArns"];
                if managed != &serde_json::json!(["arn:aws:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator"]) {
                    return Err(format!("{id}: managed policies {managed}"));
                }
                if r["Properties"].get("Policies").is_some() {
                    return Err(format!("{id}: inline policies"));
                }
            }
            Some("AWS::IAM::Role") if id == "IamRoleLambdaExecution" => {
                trusts_only_lambda(r).map_err(|e| format!("{id}: {e}"))?;
                check_execution_role(r, &log_groups).map_err(|e| format!("{id}: {e}"))?;
            }
            Some("AWS::S3::BucketPolicy") => {
                for s in r["Properties"]["PolicyDocument"]["Statement"].as_array().ok_or("bucket policy")? {
                    // The only statement: deny everything without TLS (wildcards 3).
                    if s["Effect"] != "Deny" || s["Condition"]["Bool"]["aws:SecureTransport"] != false {
                        return Err(format!("{id}: bucket policy statement {s}"));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn check_execution_role(role: &Value, log_groups: &[&str]) -> Result<(), String> {
    let p = &role["Properties"];
    if let Some(managed) = p.get("ManagedPolicyArns") {
        let vpc = serde_json::json!([{"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"]]}]);
        if managed != &vpc {
            return Err(format!("managed policies {managed}"));
        }
    }
    let policies = p["Policies"].as_array().ok_or("no Policies")?;
    let name = &policies[0]["PolicyName"]["Fn::Join"][1];
    let prefix =
        format!("/aws/lambda/{}-{}", name[0].as_str().unwrap_or_default(), name[1].as_str().unwrap_or_default());
    let mut covered: Vec<bool> = vec![false; log_groups.len()];
    for policy in policies {
        for s in policy["PolicyDocument"]["Statement"].as_array().ok_or("no statements")? {
            if s["Effect"] != "Allow" {
                return Err(format!("statement {s}"));
            }
            let put = strings(&s["Action"]) == [&Value::from("logs:PutLogEvents")];
            for action in strings(&s["Action"]) {
                if !action.as_str().is_some_and(|a| LOG_ACTIONS.contains(&a)) {
                    return Err(format!("action {action}"));
                }
            }
            for resource in strings(&s["Resource"]) {
                let arn = resource["Fn::Sub"].as_str().ok_or_else(|| format!("resource {resource}"))?;
                let group = arn.strip_prefix(LOG_ARN).ok_or_else(|| format!("not a log-group ARN: {arn}"))?;
                let streams = if put { ":*:*" } else { ":*" };
                let group = group.strip_suffix(streams).ok_or_else(|| format!("unexpected suffix: {arn}"))?;
                if let Some(wild) = group.strip_suffix('*') {
                    // Wildcard 1: exactly the service's prefix.
                    if wild != prefix {
                        return Err(format!("wildcard {arn} is not scoped to {prefix}"));
                    }
                    for (i, g) in log_groups.iter().enumerate() {
                        covered[i] |= g.starts_with(wild);
                    }
                } else if group.contains('*') {
                    return Err(format!("wildcard inside a group name: {arn}"));
                } else {
                    // Wildcard 2: one explicit group, which must be one of the template's.
                    let i = log_groups
                        .iter()
                        .position(|g| *g == group)
                        .ok_or_else(|| format!("foreign log group {arn}"))?;
                    covered[i] = true;
                }
            }
        }
    }
    match covered.iter().position(|c| !c) {
        Some(i) => Err(format!("log group {} has no permissions", log_groups[i])),
        None => Ok(()),
    }
}

#[test]
fn every_example_template_is_least_privilege() {
    for (name, t) in crate::examples::templates() {
        check_least_privilege(&t).unwrap_or_else(|e| panic!("example {name}: {e}"));
        assert!(t.resources().contains_key("IamRoleLambdaExecution"), "{name}");
    }
}

#[test]
fn generated_templates_are_least_privilege() {
    for seed in crate::cfn_lint::sample_seeds(crate::env_usize("STACKWRIGHT_IAM_SAMPLES", 200)) {
        let t = crate::generate::service(seed).service.synth().unwrap_or_else(|d| panic!("seed {seed}: {d}"));
        check_least_privilege(&t).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    }
}
