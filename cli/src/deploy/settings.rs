//! The service's settings of the deploy calls (not of the template), sent as the reference sends
//! them (osls `get-shared-stack-action-params.js`, `get-create-change-set-params.js`,
//! `get-execute-change-set-params.js`, `update-stack.js`): the stack's tags (`STAGE` and
//! `provider.stackTags`), `notificationArns`, `stackParameters`, `rollbackConfiguration`,
//! `disableRollback` and `stackPolicy`.

use aws_sdk_cloudformation::types::{Parameter, RollbackConfiguration, RollbackTrigger, Tag};
use serde_json::Value;
use stackwright_core::{Expr, Service};

use super::DeployError;

/// What the CloudFormation calls of one deploy carry besides the template.
#[derive(Debug, Clone, Default)]
pub struct StackSettings {
    /// Stack tags: `STAGE` (dropped when `stackTags` has the key in any case), then `stackTags`.
    pub tags: Vec<Tag>,
    /// `notificationArns` (an empty list when not set, as the reference sends).
    pub notification_arns: Vec<String>,
    /// `stackParameters`.
    pub parameters: Vec<Parameter>,
    /// `rollbackConfiguration`.
    pub rollback_configuration: Option<RollbackConfiguration>,
    /// `disableRollback`.
    pub disable_rollback: bool,
    /// `{"Statement": stackPolicy}`, set once the stack is updated.
    pub stack_policy: Option<String>,
}

impl StackSettings {
    /// The settings of `service`, or an error naming the setting CloudFormation could not take
    /// (an intrinsic function where the API takes text).
    pub fn of(service: &Service) -> Result<Self, DeployError> {
        let provider = &service.config().provider;
        let mut tags = Vec::new();
        let custom = provider.stack_tags.iter().flatten();
        if !custom.clone().any(|(k, _)| k.eq_ignore_ascii_case("STAGE")) {
            tags.push(tag("STAGE", provider.stage_or_default()));
        }
        for (key, value) in custom {
            match value {
                Expr::Str(s) => tags.push(tag(key, s)),
                Expr::Number(n) => tags.push(tag(key, &n.to_string())),
                Expr::Bool(b) => tags.push(tag(key, &b.to_string())),
                _ => return Err(not_text(&format!("provider.stackTags.{key}"))),
            }
        }
        let settings = &provider.stack_settings;
        let notification_arns = match settings.get("notificationArns") {
            Some(Value::Array(arns)) => arns.iter().filter_map(Value::as_str).map(str::to_string).collect(),
            _ => Vec::new(),
        };
        let mut parameters = Vec::new();
        for (i, p) in settings.get("stackParameters").and_then(Value::as_array).into_iter().flatten().enumerate() {
            let text = |k: &str| -> Result<Option<String>, DeployError> {
                match p.get(k) {
                    None => Ok(None),
                    Some(Value::String(s)) => Ok(Some(s.clone())),
                    Some(Value::Number(n)) => Ok(Some(n.to_string())),
                    Some(_) => Err(not_text(&format!("provider.stackParameters[{i}].{k}"))),
                }
            };
            parameters.push(
                Parameter::builder()
                    .set_parameter_key(text("ParameterKey")?)
                    .set_parameter_value(text("ParameterValue")?)
                    .set_use_previous_value(p.get("UsePreviousValue").and_then(Value::as_bool))
                    .set_resolved_value(text("ResolvedValue")?)
                    .build(),
            );
        }
        let rollback_configuration = settings.get("rollbackConfiguration").map(rollback_configuration).transpose()?;
        let stack_policy = match settings.get("stackPolicy") {
            Some(Value::Array(statements)) if !statements.is_empty() => {
                Some(serde_json::json!({ "Statement": statements }).to_string())
            }
            _ => None,
        };
        Ok(StackSettings {
            tags,
            notification_arns,
            parameters,
            rollback_configuration,
            disable_rollback: settings.get("disableRollback").and_then(Value::as_bool).unwrap_or(false),
            stack_policy,
        })
    }
}

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build()
}

fn not_text(path: &str) -> DeployError {
    DeployError::Template {
        message: format!("{path} must be text for the CloudFormation API, not an intrinsic function or a list"),
    }
}

fn rollback_configuration(v: &Value) -> Result<RollbackConfiguration, DeployError> {
    let mut config = RollbackConfiguration::builder();
    for (i, trigger) in v.get("RollbackTriggers").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let field = |k: &str| match trigger.get(k) {
            Some(Value::String(s)) => Ok(s.clone()),
            _ => Err(not_text(&format!("provider.rollbackConfiguration.RollbackTriggers[{i}].{k}"))),
        };
        config = config.rollback_triggers(RollbackTrigger::builder().arn(field("Arn")?).r#type(field("Type")?).build());
    }
    if let Some(minutes) = v.get("MonitoringTimeInMinutes").and_then(Value::as_i64) {
        config = config.monitoring_time_in_minutes(i32::try_from(minutes).unwrap_or(i32::MAX));
    }
    Ok(config.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(provider: &str) -> Result<StackSettings, DeployError> {
        let json = format!(
            r#"{{"service": "svc", "provider": {{"name": "aws", {provider}}}, "package": {{"artifact": "a.zip"}},
                "functions": {{"f": {{"handler": "h.f"}}}}}}"#
        );
        StackSettings::of(&Service::from_json_str(&json).unwrap_or_else(|d| panic!("{d}")))
    }

    #[test]
    fn stage_tag_then_stack_tags_with_the_references_case_insensitive_override() {
        let s = settings(r#""stackTags": {"team": "core", "cost": 12}"#).unwrap();
        let tags: Vec<(&str, &str)> = s.tags.iter().map(|t| (t.key().unwrap(), t.value().unwrap())).collect();
        assert_eq!(tags, [("STAGE", "dev"), ("team", "core"), ("cost", "12")]);
        let s = settings(r#""stage": "prod", "stackTags": {"stage": "blue"}"#).unwrap();
        let tags: Vec<(&str, &str)> = s.tags.iter().map(|t| (t.key().unwrap(), t.value().unwrap())).collect();
        assert_eq!(tags, [("stage", "blue")]);
        assert!(s.notification_arns.is_empty() && s.parameters.is_empty() && s.stack_policy.is_none());
        assert!(!s.disable_rollback);
    }

    #[test]
    fn rollback_configuration_and_parameters_become_the_apis_types() {
        let s = settings(
            r#""rollbackConfiguration": {"MonitoringTimeInMinutes": 10, "RollbackTriggers": [
                   {"Arn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors", "Type": "AWS::CloudWatch::Alarm"}]},
               "stackParameters": [{"ParameterKey": "Env", "UsePreviousValue": true}], "disableRollback": true"#,
        )
        .unwrap();
        let rollback = s.rollback_configuration.unwrap();
        assert_eq!(rollback.monitoring_time_in_minutes(), Some(10));
        assert_eq!(rollback.rollback_triggers()[0].r#type(), Some("AWS::CloudWatch::Alarm"));
        assert_eq!(s.parameters[0].parameter_key(), Some("Env"));
        assert_eq!(s.parameters[0].use_previous_value(), Some(true));
        assert!(s.disable_rollback);
    }

    #[test]
    fn an_intrinsic_stack_tag_is_an_error_naming_it() {
        let err = settings(r#""stackTags": {"acct": {"Ref": "AWS::AccountId"}}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "provider.stackTags.acct must be text for the CloudFormation API, not an intrinsic function or a list"
        );
    }
}
