//! The resources of serverless-dynamodb-autoscaling (npm 0.6.2), built from the settings
//! `plugins::dynamodb_autoscaling` checked, as `dist/plugin.js` and `dist/aws/*.js` build them
//! (`process`, at `package:compileEvents`).

use indexmap::IndexMap;
use serde_json::{Value, json};

use crate::codes;
use crate::diagnostics::Diagnostic;
use crate::json::{lodash_merge, truthy};
use crate::naming::upper_first;
use crate::plugins::dynamodb_autoscaling::{CUSTOM, DEFAULT_MAXIMUM, DEFAULT_MINIMUM, DEFAULT_USAGE};
use crate::reader::{index, join};
use crate::resolve::Resolved;

/// One scaled table or index: the names the plugin's `Name` class builds from it.
struct Names<'a> {
    service: &'a str,
    table: &'a str,
    index: &'a str,
    stage: &'a str,
    region: &'a str,
}

impl Names<'_> {
    /// `clean(prefix + text + suffix)`: the service, the text, then the table, index, stage and
    /// region each with its first letter upper-cased.
    fn build(&self, text: &str) -> String {
        let suffix: String = [self.table, self.index, self.stage, self.region].map(upper_first).concat();
        clean(&[self.service, text, &suffix].concat())
    }

    fn role(&self) -> String {
        self.build("DynamoDBAutoscaleRole")
    }

    fn policy_role(&self) -> String {
        self.build("DynamoDBAutoscalePolicy")
    }

    fn target(&self, read: bool) -> String {
        self.build(if read { "AutoScalingTarget-Read" } else { "AutoScalingTarget-Write" })
    }

    fn policy_scale(&self, read: bool) -> String {
        self.build(if read { "TableScalingPolicy-Read" } else { "TableScalingPolicy-Write" })
    }
}

/// The plugin's `clean`: only ASCII letters, digits and `+` kept; over 64 characters, the first
/// 32 and the md5 of the whole.
fn clean(input: &str) -> String {
    let kept: String = input.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '+').collect();
    if kept.len() <= 64 { kept } else { format!("{}{}", &kept[..32], crate::hash::md5_hex(kept.as_bytes())) }
}

/// The resources the plugin adds for the checked `capacities`, in its order (a name made twice
/// is deep-merged, as its `_.merge` does). A table that is not a DynamoDB table of `resources`,
/// bills per request, or lacks an index named is an error at the place it is named.
pub(crate) fn resources(r: &Resolved, capacities: &Value) -> Result<Vec<(String, Value)>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let partition = crate::arn::partition_of_region(r.region());
    if partition != "aws" {
        errors.push(
            Diagnostic::error(
                codes::CONFIG_INVALID_VALUE,
                join("custom", CUSTOM),
                format!(
                    "serverless-dynamodb-autoscaling writes `arn:aws:dynamodb:` into its roles' policies, which IAM \
                     refuses in the `{partition}` partition of region {}",
                    r.region()
                ),
            )
            .with_help("declare the scalable targets and policies (`AWS::ApplicationAutoScaling::*`) in `resources`"),
        );
        return Err(errors);
    }
    let mut out: IndexMap<String, Value> = IndexMap::new();
    let items = capacities.as_array().map(Vec::as_slice).unwrap_or_default();
    for (i, item) in items.iter().enumerate() {
        let at = index(&join("custom", CUSTOM), i);
        let (read, write) = (item.get("read"), item.get("write"));
        if !truthy(read) && !truthy(write) {
            continue;
        }
        let mut groups: Vec<(&str, String)> = Vec::new();
        if item.get("indexOnly") != Some(&Value::Bool(true)) {
            groups.push(("", String::new()));
        }
        groups.extend(strings(item.get("index"), &join(&at, "index")));
        for (table, table_at) in strings(item.get("table"), &join(&at, "table")) {
            if let Err(found) = check_table(r, table, &table_at, &groups) {
                errors.extend(found);
                continue;
            }
            let mut previous: Vec<String> = Vec::new();
            for (index, _) in &groups {
                let names = Names { service: r.service(), table, index, stage: r.stage, region: r.region() };
                let mut group = vec![(names.role(), role(&names, &previous))];
                for (read, settings) in [(true, read), (false, write)] {
                    if truthy(settings) {
                        group.extend(policy_and_target(&names, read, settings.expect("truthy"), &previous));
                    }
                }
                previous = group.iter().map(|(id, _)| id.clone()).collect();
                for (id, resource) in group {
                    match out.get_mut(&id) {
                        Some(existing) => lodash_merge(existing, &resource),
                        None => {
                            out.insert(id, resource);
                        }
                    }
                }
            }
        }
    }
    if errors.is_empty() { Ok(out.into_iter().collect()) } else { Err(errors) }
}

/// A string or list of strings as the plugin's `normalize` reads it, each with its path (the
/// items that are not strings are the loader's to report).
fn strings<'v>(v: Option<&'v Value>, at: &str) -> Vec<(&'v str, String)> {
    match v {
        Some(Value::String(s)) => vec![(s.as_str(), at.to_string())],
        Some(Value::Array(items)) => {
            (items.iter().enumerate()).filter_map(|(i, item)| Some((item.as_str()?, index(at, i)))).collect()
        }
        _ => Vec::new(),
    }
}

/// `table` names a DynamoDB table of `resources` that bills by provisioned capacity and has the
/// global secondary indexes named (where the template says so literally).
fn check_table(r: &Resolved, table: &str, at: &str, groups: &[(&str, String)]) -> Result<(), Vec<Diagnostic>> {
    let error =
        |message: String, help: &str| vec![Diagnostic::error(codes::CONFIG_INVALID_VALUE, at, message).with_help(help)];
    let Some(resource) = r.config.resources.resources.get(table) else {
        let known: Vec<&str> =
            (r.config.resources.resources.iter()).filter(|(_, v)| is_table(v)).map(|(k, _)| k.as_str()).collect();
        let help = match known.as_slice() {
            [] => "declare the table (`Type: AWS::DynamoDB::Table`) under `resources.Resources` and name its logical ID here".to_string(),
            known => format!("name the logical ID of one of the tables in `resources`: {}", crate::reader::list(known)),
        };
        return Err(error(
            format!(
                "`{table}` is not a resource of `resources.Resources`: the plugin scales a table by its logical ID"
            ),
            &help,
        ));
    };
    if !is_table(resource) {
        let found = resource
            .get("Type")
            .map_or_else(|| "no `Type`".to_string(), |t| format!("a `{}`", crate::reader::js_string(t)));
        return Err(error(
            format!("`{table}` is {found}, not an `AWS::DynamoDB::Table`: only a table's capacity can be scaled"),
            "name the logical ID of a DynamoDB table",
        ));
    }
    let properties = resource.get("Properties");
    if properties.and_then(|p| p.get("BillingMode")).and_then(Value::as_str) == Some("PAY_PER_REQUEST") {
        return Err(error(
            format!(
                "`{table}` bills per request (`BillingMode: PAY_PER_REQUEST`): there is no provisioned capacity to scale, and Application Auto Scaling refuses the target"
            ),
            "give the table `BillingMode: PROVISIONED` with `ProvisionedThroughput`, or remove it from `capacities`",
        ));
    }
    // The indexes' names, when the template lists them literally.
    let literal = properties.and_then(Value::as_object).filter(|p| !crate::reader::has_intrinsic_key(p));
    let gsis = match literal.map(|p| p.get("GlobalSecondaryIndexes")) {
        Some(None) => Some(Vec::new()),
        Some(Some(Value::Array(list))) => {
            list.iter().map(|g| g.get("IndexName").and_then(Value::as_str)).collect::<Option<Vec<&str>>>()
        }
        _ => None,
    };
    let Some(gsis) = gsis else { return Ok(()) };
    let have = match gsis.as_slice() {
        [] => "it has none".to_string(),
        names => format!("it has {}", crate::reader::list(names)),
    };
    let missing: Vec<Diagnostic> = (groups.iter())
        .filter(|(index, _)| !index.is_empty() && !gsis.contains(index))
        .map(|(index, index_at)| {
            Diagnostic::error(
                codes::CONFIG_INVALID_VALUE,
                index_at.as_str(),
                format!(
                    "`{index}` is not a global secondary index of `{table}` ({have}): only those scale on their own"
                ),
            )
            .with_help("name an `IndexName` of the table's `GlobalSecondaryIndexes`")
        })
        .collect();
    if missing.is_empty() { Ok(()) } else { Err(missing) }
}

fn is_table(resource: &Value) -> bool {
    resource.get("Type").and_then(Value::as_str) == Some("AWS::DynamoDB::Table")
}

/// `[table, ...extra, ...previous]`: the plugin's `DependsOn` lists.
fn depends_on(table: &str, extra: Option<&str>, previous: &[String]) -> Value {
    let names = std::iter::once(table).chain(extra).chain(previous.iter().map(String::as_str));
    Value::Array(names.map(Value::from).collect())
}

/// `aws/role.js`.
fn role(names: &Names, previous: &[String]) -> Value {
    let version = "2012-10-17";
    json!({
        "DependsOn": depends_on(names.table, None, previous),
        "Properties": {
            "AssumeRolePolicyDocument": {
                "Statement": [{
                    "Action": "sts:AssumeRole",
                    "Effect": "Allow",
                    "Principal": {"Service": "application-autoscaling.amazonaws.com"}
                }],
                "Version": version
            },
            "Policies": [{
                "PolicyDocument": {
                    "Statement": [
                        {
                            "Action": [
                                "cloudwatch:PutMetricAlarm",
                                "cloudwatch:DescribeAlarms",
                                "cloudwatch:DeleteAlarms",
                                "cloudwatch:GetMetricStatistics",
                                "cloudwatch:SetAlarmState"
                            ],
                            "Effect": "Allow",
                            "Resource": "*"
                        },
                        {
                            "Action": ["dynamodb:DescribeTable", "dynamodb:UpdateTable"],
                            "Effect": "Allow",
                            "Resource": {"Fn::Join": ["", [
                                "arn:aws:dynamodb:*:", {"Ref": "AWS::AccountId"}, ":table/", {"Ref": names.table}
                            ]]}
                        }
                    ],
                    "Version": version
                },
                "PolicyName": names.policy_role()
            }],
            "RoleName": names.role()
        },
        "Type": "AWS::IAM::Role"
    })
}

/// `aws/policy.js` and `aws/target.js` for the read or write capacity, with the plugin's defaults
/// for what is falsy (`settings` may be `true`: all defaults).
fn policy_and_target(names: &Names, read: bool, settings: &Value, previous: &[String]) -> [(String, Value); 2] {
    let setting = |key: &str| settings.get(key).filter(|v| truthy(Some(v)));
    let usage = setting("usage").and_then(crate::reader::as_number);
    let target_value = crate::json::js_number_value(usage.unwrap_or(DEFAULT_USAGE) * 100.0);
    let (target, role) = (names.target(read), names.role());
    let kind = if read { "Read" } else { "Write" };
    let policy = json!({
        "DependsOn": depends_on(names.table, Some(&target), previous),
        "Properties": {
            "PolicyName": names.policy_scale(read),
            "PolicyType": "TargetTrackingScaling",
            "ScalingTargetId": {"Ref": target},
            "TargetTrackingScalingPolicyConfiguration": {
                "PredefinedMetricSpecification": {"PredefinedMetricType": format!("DynamoDB{kind}CapacityUtilization")},
                "ScaleInCooldown": 60,
                "ScaleOutCooldown": 60,
                "TargetValue": target_value
            }
        },
        "Type": "AWS::ApplicationAutoScaling::ScalingPolicy"
    });
    let mut resource_id = vec![json!("table/"), json!({"Ref": names.table})];
    if !names.index.is_empty() {
        resource_id.extend([json!("/index/"), json!(names.index)]);
    }
    let dimension = if names.index.is_empty() { "table" } else { "index" };
    let scalable_target = json!({
        "DependsOn": depends_on(names.table, Some(&role), previous),
        "Properties": {
            "MaxCapacity": setting("maximum").cloned().unwrap_or(json!(DEFAULT_MAXIMUM)),
            "MinCapacity": setting("minimum").cloned().unwrap_or(json!(DEFAULT_MINIMUM)),
            "ResourceId": {"Fn::Join": ["", resource_id]},
            "RoleARN": {"Fn::GetAtt": [role, "Arn"]},
            "ScalableDimension": format!("dynamodb:{dimension}:{kind}CapacityUnits"),
            "ServiceNamespace": "dynamodb"
        },
        "Type": "AWS::ApplicationAutoScaling::ScalableTarget"
    });
    [(names.policy_scale(read), policy), (target, scalable_target)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_letters_digits_and_plus_and_long_ones_are_hashed() {
        assert_eq!(clean("my-svc_Role+x.y"), "mysvcRole+xy");
        // 65 characters once cleaned: the first 32 and the md5 of all (the plugin's, from node).
        let long = format!("{}-{}", "A".repeat(40), "b".repeat(25));
        assert_eq!(clean(&long), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA198ce65e1e5c591c13954c2bf29dbce3");
        let names = Names { service: "my-svc", table: "users", index: "by-email", stage: "dev", region: "eu-west-1" };
        assert_eq!(names.role(), "mysvcDynamoDBAutoscaleRoleUsersByemailDevEuwest1");
        assert_eq!(names.policy_scale(false), "mysvcTableScalingPolicyWriteUsersByemailDevEuwest1");
    }
}
