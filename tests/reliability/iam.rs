//! Least privilege: the IAM in every template.
//!
//! - `LambdaCapacityProviderOperatorRole` trusts only `lambda.amazonaws.com` and carries only the
//!   managed policy `AWSLambdaManagedEC2ResourceOperator`, nothing inline.
//! - `IamRoleLambdaExecution` trusts only `lambda.amazonaws.com` (and `scheduler.amazonaws.com`
//!   for scheduler-mode schedules, as in the reference); its inline policy starts with the log
//!   statements, allowing only the four log actions, on the service's own log groups (and a Deny
//!   of `logs:PutLogEvents` for functions with `disableLogs`); then come the user's statements,
//!   exactly as written (after the reference's coercions); then only statements the reference
//!   adds for the functions' settings and events ([`GENERATED_ACTIONS`]), never on `*` except the
//!   reference's X-Ray, EC2-network-interface and websocket statements. Its managed policies are
//!   the user's, then `AWSLambdaVPCAccessExecutionRole` (when a VPC is configured).
//! - `*` appears in a policy only where the reference has one:
//!   1. `log-group:/aws/lambda/<service>-<stage>*:*` (and `...:*:*` for `PutLogEvents`): the
//!      wildcard covers exactly the log groups of the service's default-named functions, the
//!      trailing `:*` the log streams inside them;
//!   2. `log-group:/aws/lambda/<explicit function name>:*` (and `:*:*`): the streams of one group;
//!   3. the deployment bucket policy's `Deny` statement (`Principal: *`, `Action: s3:*`,
//!      `Resource: <bucket>/*`), which *denies* non-TLS access to everyone.

use serde_json::Value;
use stackwright::{Service, Template};

const LOG_ARN: &str = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:";
const LOG_ACTIONS: &[&str] = &["logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource", "logs:PutLogEvents"];

fn strings(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    }
}

/// Actions the reference adds to the execution role for function settings and events.
const GENERATED_ACTIONS: &[&str] = &[
    "kms:Decrypt",
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "sns:Publish",
    "sqs:SendMessage",
    "sqs:ListQueues",
    "lambda:InvokeFunction",
    "events:PutEvents",
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
    "dynamodb:DescribeStream",
    "dynamodb:ListStreams",
    "kinesis:GetRecords",
    "kinesis:GetShardIterator",
    "kinesis:DescribeStream",
    "kinesis:DescribeStreamSummary",
    "kinesis:ListShards",
    "kinesis:ListStreams",
    "kinesis:SubscribeToShard",
    "execute-api:ManageConnections",
    "secretsmanager:GetSecretValue",
    "mq:DescribeBroker",
    "kafka:DescribeCluster",
    "kafka:DescribeClusterV2",
    "kafka:GetBootstrapBrokers",
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeVpcs",
    "ec2:DeleteNetworkInterface",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
];

/// Generated actions the reference grants on `*`.
const WILDCARD_OK: &[&str] = &["xray:", "ec2:", "execute-api:"];

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

/// Checks the IAM of one template against its service (see the module docs).
pub fn check_least_privilege(t: &Template, svc: &Service) -> Result<(), String> {
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
                let mut trust = r.clone();
                // Scheduler-mode schedules add the scheduler service, as in the reference.
                if let Some(Value::Array(services)) =
                    trust.pointer_mut("/Properties/AssumeRolePolicyDocument/Statement/0/Principal/Service")
                {
                    services.retain(|s| s != "scheduler.amazonaws.com");
                }
                trusts_only_lambda(&trust).map_err(|e| format!("{id}: {e}"))?;
                check_execution_role(r, &log_groups, svc).map_err(|e| format!("{id}: {e}"))?;
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

/// The user's statements and managed policies, as the role must carry them.
fn user_iam(svc: &Service) -> (Vec<Value>, Vec<Value>) {
    let p = &svc.config().provider;
    let role = match p.iam.as_ref().and_then(|i| i.role.as_ref()) {
        Some(stackwright::model::IamRole::Config(c)) => Some(c),
        _ => None,
    };
    let statements = role.and_then(|c| c.statements.as_ref()).or(p.iam_role_statements.as_ref());
    let managed = role.and_then(|c| c.managed_policies.as_ref()).or(p.iam_managed_policies.as_ref());
    (
        statements.into_iter().flatten().map(|s| s.0.clone()).collect(),
        managed.into_iter().flatten().map(|m| m.to_json()).collect(),
    )
}

/// A user statement after the reference's coercions (a lone action becomes a list, a one-ARN
/// resource list becomes the ARN).
fn coerced(s: &Value) -> Value {
    let mut s = s.clone();
    for key in ["Action", "NotAction"] {
        if let Some(a @ Value::String(_)) = s.get_mut(key) {
            *a = Value::Array(vec![a.take()]);
        }
    }
    for key in ["Resource", "NotResource"] {
        if let Some(Value::Array(items)) = s.get(key)
            && items.len() == 1
            && items[0].as_str().is_some_and(|r| r.starts_with("arn:") || (r != "*" && !r.is_empty()))
        {
            let only = items[0].clone();
            s[key] = only;
        }
    }
    s
}

fn check_execution_role(role: &Value, log_groups: &[&str], svc: &Service) -> Result<(), String> {
    let p = &role["Properties"];
    let (user_statements, user_managed) = user_iam(svc);
    if let Some(managed) = p.get("ManagedPolicyArns") {
        let vpc = serde_json::json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"]]});
        let mut expected = user_managed.clone();
        if managed.as_array().is_some_and(|m| m.last() == Some(&vpc)) {
            expected.push(vpc);
        }
        if managed != &Value::Array(expected) {
            return Err(format!("managed policies {managed}"));
        }
    }
    let all = p["Policies"][0]["PolicyDocument"]["Statement"].as_array().ok_or("no statements")?;
    let is_log = |s: &Value| strings(&s["Action"]).iter().all(|a| a.as_str().is_some_and(|a| LOG_ACTIONS.contains(&a)));
    let logs_end = all.iter().position(|s| !is_log(s)).unwrap_or(all.len());
    let rest = &all[logs_end..];
    if rest.len() < user_statements.len()
        || rest[..user_statements.len()] != user_statements.iter().map(coerced).collect::<Vec<_>>()[..]
    {
        return Err(format!("the user's statements are not emitted as written after the log statements: {rest:?}"));
    }
    for s in &rest[user_statements.len()..] {
        if s["Effect"] != "Allow" {
            return Err(format!("generated statement {s}"));
        }
        for action in strings(&s["Action"]) {
            let a = action.as_str().unwrap_or_default();
            if !GENERATED_ACTIONS.contains(&a) {
                return Err(format!("generated action {a} the reference does not add"));
            }
            for resource in strings(&s["Resource"]) {
                if resource == "*" && !WILDCARD_OK.iter().any(|w| a.starts_with(w)) {
                    return Err(format!("{a} on *"));
                }
            }
        }
    }
    let logs_only = serde_json::json!([{"PolicyName": p["Policies"][0]["PolicyName"], "PolicyDocument": {"Statement": all[..logs_end]}}]);
    let policies = logs_only.as_array().ok_or("no Policies")?;
    let name = &policies[0]["PolicyName"]["Fn::Join"][1];
    let prefix =
        format!("/aws/lambda/{}-{}", name[0].as_str().unwrap_or_default(), name[1].as_str().unwrap_or_default());
    let mut covered: Vec<bool> = vec![false; log_groups.len()];
    for policy in policies {
        for s in policy["PolicyDocument"]["Statement"].as_array().ok_or("no statements")? {
            let put = strings(&s["Action"]) == [&Value::from("logs:PutLogEvents")];
            if s["Effect"] != "Allow" && !(s["Effect"] == "Deny" && put) {
                return Err(format!("statement {s}"));
            }
            for action in strings(&s["Action"]) {
                if !action.as_str().is_some_and(|a| LOG_ACTIONS.contains(&a)) {
                    return Err(format!("action {action}"));
                }
            }
            for resource in strings(&s["Resource"]) {
                let arn = resource["Fn::Sub"].as_str().ok_or_else(|| format!("resource {resource}"))?;
                let group = arn.strip_prefix(LOG_ARN).ok_or_else(|| format!("not a log-group ARN: {arn}"))?;
                let streams = if put && s["Effect"] == "Allow" { ":*:*" } else { ":*" };
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
    for ((name, t), (_, svc)) in crate::examples::templates().into_iter().zip(crate::examples::all()) {
        check_least_privilege(&t, &svc).unwrap_or_else(|e| panic!("example {name}: {e}"));
        assert!(t.resources().contains_key("IamRoleLambdaExecution"), "{name}");
    }
}

#[test]
fn generated_templates_are_least_privilege() {
    for seed in crate::cfn_lint::sample_seeds(crate::env_usize("STACKWRIGHT_IAM_SAMPLES", 200)) {
        let svc = crate::generate::service(seed).service;
        let t = svc.synth().unwrap_or_else(|d| panic!("seed {seed}: {d}"));
        check_least_privilege(&t, &svc).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    }
}
