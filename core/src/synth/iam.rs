//! IAM roles: the shared execution role `IamRoleLambdaExecution` and the capacity providers'
//! shared operator role `LambdaCapacityProviderOperatorRole`.

use serde_json::{Value, json};

use super::Doc;
use crate::events::Compiled;
use crate::model::{Destination, DestinationType, Expr, IamRole, Tags};
use crate::naming;
use crate::resolve::Resolved;

/// `IamRoleLambdaExecution` (template-core §5, iam-and-surface §1–§3): log permissions scoped to
/// the service's log groups, the user's statements, what the functions' settings need, then what
/// the events need (`events`).
pub(super) fn add_execution_role(doc: &mut Doc, r: &Resolved, events: &Compiled) {
    if !r.has_execution_role() {
        return;
    }
    let p = &r.config.provider;
    let role_config = match p.iam.as_ref().and_then(|i| i.role.as_ref()) {
        Some(IamRole::Config(c)) => Some(c),
        _ => None,
    };
    let mut statements = log_statements(r);
    let user = role_config.and_then(|c| c.statements.as_ref()).or(p.iam_role_statements.as_ref());
    statements.extend(user.into_iter().flatten().map(|s| coerce_statement(&s.0)));
    function_statements(r, &mut statements);
    statements.extend(events.statements.iter().cloned());

    let mut services = vec![Value::from("lambda.amazonaws.com")];
    services.extend(events.trusted_services.iter().map(|s| Value::from(*s)));
    let mut properties = json!({
        "AssumeRolePolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": { "Service": services },
                "Action": ["sts:AssumeRole"]
            }]
        },
        "Policies": [{
            "PolicyName": { "Fn::Join": ["-", [r.service(), r.stage, "lambda"]] },
            "PolicyDocument": { "Version": "2012-10-17", "Statement": statements }
        }],
        "Path": role_config.and_then(|c| c.path.as_ref()).map_or(json!("/"), Expr::to_json),
        "RoleName": match role_config.and_then(|c| c.name.as_ref()) {
            Some(name) => name.to_json(),
            None => json!({ "Fn::Join": ["-", [r.service(), r.stage, { "Ref": "AWS::Region" }, "lambdaRole"]] }),
        }
    });
    if let Some(tags) = role_config.and_then(|c| c.tags.as_ref()) {
        properties["Tags"] = tag_list(tags);
    }
    let boundary = role_config.and_then(|c| c.permissions_boundary.as_ref()).or(p.role_permissions_boundary.as_ref());
    if let Some(b) = boundary {
        properties["PermissionsBoundary"] = b.to_json();
    }
    let mut managed: Vec<Value> = role_config
        .and_then(|c| c.managed_policies.as_ref())
        .or(p.iam_managed_policies.as_ref())
        .into_iter()
        .flatten()
        .map(Expr::to_json)
        .collect();
    // The reference attaches the VPC policy when provider.vpc is set or any function has a
    // `vpc` key, regardless of capacity providers (§5.7).
    let needs_vpc_policy = p.vpc.is_some() || r.functions.iter().any(|(_, f)| f.vpc.is_some());
    if needs_vpc_policy {
        managed.push(json!({
            "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"]]
        }));
    }
    if !managed.is_empty() {
        properties["ManagedPolicyArns"] = Value::Array(managed);
    }
    doc.add(naming::EXECUTION_ROLE.into(), json!({ "Type": "AWS::IAM::Role", "Properties": properties }));
}

/// `[{Key, Value}]` in map order.
pub(super) fn tag_list(tags: &Tags) -> Value {
    Value::Array(tags.iter().map(|(k, v)| json!({ "Key": k, "Value": v.to_json() })).collect())
}

/// The log statements (template-core §5.3): one pair of ARNs for every function whose log group
/// the service-wide wildcard does not cover, then the wildcard, then a Deny for canonical
/// functions with `disableLogs`.
fn log_statements(r: &Resolved) -> Vec<Value> {
    let prefix = r.prefix();
    let log_arn = crate::resolve::log_group_arn;
    let (mut create, mut put, mut deny) = (Vec::new(), Vec::new(), Vec::new());
    let mut custom_groups: Vec<&str> = Vec::new();
    let mut any_canonical = false;
    for (key, f) in &r.functions {
        let name = r.function_name(key, f);
        let custom_group = r.custom_log_group(f);
        let canonical = custom_group.is_none() && (f.name.is_none() || name.starts_with(prefix));
        let disabled = f.disable_logs == Some(true);
        if canonical {
            if disabled {
                deny.push(log_arn(&format!("/aws/lambda/{name}"), ":*"));
            } else {
                any_canonical = true;
            }
        } else if !disabled {
            let group = match custom_group {
                Some(g) if custom_groups.contains(&g) => continue,
                Some(g) => {
                    custom_groups.push(g);
                    g.to_string()
                }
                None => format!("/aws/lambda/{name}"),
            };
            create.push(log_arn(&group, ":*"));
            put.push(log_arn(&group, ":*:*"));
        }
    }
    if any_canonical {
        let group = format!("/aws/lambda/{prefix}");
        create.push(log_arn(&group, "*:*"));
        put.push(log_arn(&group, "*:*:*"));
    }
    let mut statements = crate::resolve::log_statements(create, put).to_vec();
    if any_canonical && !deny.is_empty() {
        statements.push(json!({ "Effect": "Deny", "Action": "logs:PutLogEvents", "Resource": deny }));
    }
    statements
}

/// A user statement as the reference's schema coercion leaves it (iam-and-surface §1.1): a lone
/// action becomes a list; a one-item resource list of an ARN or logical-ID-like string becomes
/// that string.
pub(crate) fn coerce_statement(statement: &Value) -> Value {
    let mut s = statement.clone();
    let Some(map) = s.as_object_mut() else { return s };
    for key in ["Action", "NotAction"] {
        if let Some(a @ Value::String(_)) = map.get_mut(key) {
            *a = Value::Array(vec![a.take()]);
        }
    }
    for key in ["Resource", "NotResource"] {
        if let Some(r) = map.get_mut(key)
            && let Value::Array(items) = r
            && items.len() == 1
            && let Some(only) = items[0].as_str()
            && (only.starts_with("arn:") || is_logical_id_like(only))
        {
            *r = Value::String(only.to_string());
        }
    }
    s
}

/// The schema's logical-id pattern `^[#A-Za-z0-9-_./]+[*]?$`.
fn is_logical_id_like(s: &str) -> bool {
    let body = s.strip_suffix('*').unwrap_or(s);
    !body.is_empty() && body.chars().all(|c| c.is_ascii_alphanumeric() || "#-_./".contains(c))
}

/// What compiling the functions adds (iam-and-surface §3 step 3), function by function: KMS
/// decrypt and X-Ray (each once), the dead-letter topic, the EFS access point, the destinations.
fn function_statements(r: &Resolved, statements: &mut Vec<Value>) {
    let p = &r.config.provider;
    let mut destinations_seen: Vec<String> = Vec::new();
    for &(_, f) in &r.functions {
        if let Some(Expr::Str(kms)) = f.kms_key_arn.as_ref().or(p.kms_key_arn.as_ref()) {
            union_push(statements, json!({ "Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": [kms] }));
        }
        if r.tracing(f).is_some() {
            union_push(
                statements,
                json!({
                    "Effect": "Allow",
                    "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
                    "Resource": ["*"]
                }),
            );
        }
        if let Some(Expr::Str(arn)) = &f.on_error {
            statements.push(json!({ "Effect": "Allow", "Action": ["sns:Publish"], "Resource": [arn] }));
        }
        // Written as given, an intrinsic too (unlike the two above).
        if let Some(fs) = &f.file_system_config {
            statements.push(json!({
                "Effect": "Allow",
                "Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
                "Resource": [fs.arn.to_json()]
            }));
        }
    }
    // Destinations are compiled with the functions' invoke configs, after every function (as the
    // versions are): their statements follow all of the above (conformance e2-016).
    for &(key, f) in &r.functions {
        if f.role.is_none()
            && let Some(d) = &f.destinations
        {
            for dest in [&d.on_success, &d.on_failure].into_iter().flatten() {
                let Some((action, resource)) = destination_permission(r, key, dest) else { continue };
                let memo = format!("{action}{resource}");
                if !destinations_seen.contains(&memo) {
                    destinations_seen.push(memo);
                    statements.push(json!({ "Effect": "Allow", "Action": action, "Resource": resource }));
                }
            }
        }
    }
}

/// `_.unionWith(statements, [s], isEqual)`: the list without deep-equal duplicates, then `s`
/// unless already there.
fn union_push(statements: &mut Vec<Value>, s: Value) {
    let mut unique: Vec<Value> = Vec::with_capacity(statements.len() + 1);
    for item in statements.drain(..).chain(std::iter::once(s)) {
        if !unique.contains(&item) {
            unique.push(item);
        }
    }
    *statements = unique;
}

/// The action and resource a destination needs on the execution role.
pub(crate) fn destination_permission(r: &Resolved, _fn_key: &str, d: &Destination) -> Option<(&'static str, Value)> {
    match d {
        Destination::Typed { kind, arn } => {
            let action = match kind {
                DestinationType::Function => "lambda:InvokeFunction",
                DestinationType::Sqs => "sqs:SendMessage",
                DestinationType::Sns => "sns:Publish",
                DestinationType::EventBus => "events:PutEvents",
            };
            Some((action, arn.to_json()))
        }
        Destination::Name(name) => {
            if let Some(f) = r.config.functions.get(name) {
                let deployed = r.function_name(name, f);
                return Some((
                    "lambda:InvokeFunction",
                    json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:{deployed}") }),
                ));
            }
            crate::resolve::destination_action(name).map(|a| (a, Value::String(name.clone())))
        }
    }
}

/// The trust policy of a role that `service` (a service principal, or an intrinsic giving one)
/// assumes: one statement, `sts:AssumeRole`.
pub(super) fn assumed_by(service: Value) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Principal": { "Service": service }, "Action": "sts:AssumeRole" }]
    })
}

/// The operator role shared by every capacity provider without its own (§4).
pub(super) fn operator_role() -> Value {
    json!({
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": assumed_by(json!("lambda.amazonaws.com")),
            "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator"]
        }
    })
}
