//! serverless-plugin-canary-deployments' template changes (`plugins/canary_deployments.rs` says
//! what and why), made as the plugin makes them: every function's resources are computed from
//! the template as it was before the plugin, then assigned over it in order (`Object.assign`),
//! so a resource two functions change (an S3 bucket notifying both) keeps the last one's change,
//! and new resources go last; only an EventBridge rule's targets are changed in place, so each
//! function's target moves to its alias.

use serde_json::{Map, Value, json};

use crate::codes;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::json::truthy;
use crate::naming;
use crate::plugins::canary_deployments::{CANARY_DEPLOYMENTS, CUSTOM, CanaryDeployments, TYPES};
use crate::plugins::listed;
use crate::resolve::Resolved;

/// The plugin's settings, when it is listed and a function has `deploymentSettings`.
pub(super) fn settings<'r>(r: &'r Resolved<'_>) -> Option<&'r CanaryDeployments> {
    let canary = r.config.plugin_settings.canary_deployments.as_ref()?;
    (listed(&r.config.plugins, CANARY_DEPLOYMENTS) && !canary.functions.is_empty()).then_some(canary)
}

/// The role the plugin adds for CodeDeploy unless `codeDeployRole` names one.
const CODE_DEPLOY_ROLE: &str = "CodeDeployServiceRole";

/// Adds the plugin's resources to `template` and points the functions' invokers at their
/// aliases; what the plugin would write and AWS refuse is pushed to `errors` instead.
pub(super) fn apply(r: &Resolved, canary: &CanaryDeployments, template: &mut Value, errors: &mut Vec<Diagnostic>) {
    let custom = format!("custom.{CUSTOM}");
    let global = match &canary.settings {
        Some(Value::Object(m)) => m.clone(),
        None => Map::new(),
        // The plugin reads `codeDeployRole` of it and throws on `null`.
        Some(other) => {
            errors.push(expected(&custom, "an object (the settings every function's own extend)", other));
            return;
        }
    };
    // `_.isEmpty(stages) || _.includes(stage, stages)`: a string is searched as text.
    let enabled = match global.get("stages") {
        None | Some(Value::Null) => true,
        Some(Value::Array(stages)) => stages.is_empty() || stages.iter().any(|s| s.as_str() == Some(r.stage)),
        Some(Value::String(stages)) => stages.is_empty() || stages.contains(r.stage),
        Some(other) => {
            errors.push(expected(&format!("{custom}.stages"), "a list of stage names", other));
            return;
        }
    };
    if !enabled {
        return;
    }
    let Some(Value::Object(mut before)) = template.get("Resources").cloned() else { return };
    if let Some(crash) = crash(&before) {
        errors.push(crash);
        return;
    }
    let parameters: Vec<String> =
        template.get("Parameters").and_then(Value::as_object).map(|p| p.keys().cloned().collect()).unwrap_or_default();
    let app = format!("{}DeploymentApplication", naming::normalize_alphanumeric(r.stack_name()));
    let mut assigned: Vec<(String, Value)> = Vec::new();
    let mut hooked_groups: Vec<String> = Vec::new();
    let mut failed = false;
    for &(key, function) in &r.functions {
        let Some((_, own)) = canary.functions.iter().find(|(k, _)| k == key) else { continue };
        let own_at = format!("functions.{key}.{CUSTOM}");
        let mut settings = global.clone();
        match own {
            Value::Object(o) => settings.extend(o.iter().map(|(k, v)| (k.clone(), v.clone()))),
            Value::Null => {}
            other => {
                errors.push(expected(&own_at, "an object (the function's deployment settings)", other));
                failed = true;
                continue;
            }
        }
        let at = |name: &str| match own {
            Value::Object(o) if o.contains_key(name) => format!("{own_at}.{name}"),
            _ => format!("{custom}.{name}"),
        };
        let function = Function { key, function, id: naming::function_logical_id(key), settings: &settings, at: &at };
        match function.resources(r, &app, &before, &parameters) {
            Ok((resources, hooked)) => {
                // The plugin sets an EventBridge rule's targets in place: the next function
                // starts from this one's change (its other changes are made on copies).
                for (id, res) in &resources {
                    if res["Type"] == "AWS::Events::Rule" {
                        before.insert(id.clone(), res.clone());
                    }
                }
                assigned.extend(resources);
                hooked_groups.extend(hooked);
            }
            Err(found) => {
                // A setting of `custom.deploymentSettings` is wrong for every function alike:
                // one error.
                for d in found {
                    if !errors.iter().any(|e| e.code == d.code && e.path == d.path) {
                        errors.push(d);
                    }
                }
                failed = true;
            }
        }
    }
    if failed {
        return;
    }
    let Some(Value::Object(resources)) = template.get_mut("Resources") else { return };
    resources.insert(
        app.clone(),
        json!({"Type": "AWS::CodeDeploy::Application", "Properties": {"ComputePlatform": "Lambda"}}),
    );
    if !truthy(global.get("codeDeployRole")) {
        let triggers = assigned.iter().any(|(_, res)| {
            res["Type"] == "AWS::CodeDeploy::DeploymentGroup"
                && truthy(res.pointer("/Properties/TriggerConfigurations"))
        });
        resources.insert(
            CODE_DEPLOY_ROLE.into(),
            code_deploy_role(global.get("codeDeployRolePermissionsBoundary"), triggers),
        );
    }
    if let Some(role) = execution_role(&before, &app, &hooked_groups) {
        resources.insert(naming::EXECUTION_ROLE.into(), role);
    }
    for (id, resource) in assigned {
        resources.insert(id, resource);
    }
}

/// A function's resources in assignment order, and its deployment group's name when it has a
/// traffic hook.
type Planned = (Vec<(String, Value)>, Option<String>);

/// One function the plugin deploys gradually.
struct Function<'a> {
    key: &'a str,
    function: &'a crate::model::Function,
    /// `<Fn>LambdaFunction`.
    id: String,
    /// `custom.deploymentSettings` with the function's own over it.
    settings: &'a Map<String, Value>,
    /// The config path a setting was written at.
    at: &'a dyn Fn(&str) -> String,
}

impl Function<'_> {
    /// The deployment group, the alias, and the permissions and event resources pointed at the
    /// alias (all computed from `before`), with the deployment group's name when the function has
    /// a traffic hook; or what is wrong with the settings.
    fn resources(
        &self,
        r: &Resolved,
        app: &str,
        before: &Map<String, Value>,
        parameters: &[String],
    ) -> Result<Planned, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let deployment_type = self.deployment_type(&mut errors);
        let alias = self.alias(&mut errors);
        let pre = self.hook("preTrafficHook", r, &mut errors);
        let post = self.hook("postTrafficHook", r, &mut errors);
        let alarms = self.alarms(before, parameters, &mut errors);
        let version = before.iter().find(|(_, res)| {
            res["Type"] == "AWS::Lambda::Version"
                && res.pointer("/Properties/FunctionName/Ref").and_then(Value::as_str) == Some(&self.id)
        });
        if version.is_none() {
            errors.push(
                Diagnostic::error(
                    codes::CONFIG_INVALID_VALUE,
                    format!("functions.{}.{CUSTOM}", self.key),
                    format!(
                        "function \"{}\" has no version (`versionFunctions` or its `versionFunction` is false): the \
                         plugin's alias points at the function's version, and CloudFormation refuses an alias without one",
                        self.key
                    ),
                )
                .with_help(match self.function.version_function {
                    Some(false) => "remove the function's `versionFunction: false`, or its `deploymentSettings`",
                    _ => "give the function `versionFunction: true` (or remove `provider.versionFunctions: false`), or \
                          remove its `deploymentSettings`",
                }),
            );
        }
        let rest_partition = crate::arn::partition_of_region(r.region());
        let (Some(deployment_type), Some(alias), Some(pre), Some(post), Some(alarms), Some((version, _))) =
            (deployment_type, alias, pre, post, alarms, version)
        else {
            return Err(errors);
        };
        let group = format!("{}DeploymentGroup", self.id);
        let group_name: String = format!("{}-{group}", r.stack_name()).chars().take(100).collect();
        let mut properties = Map::new();
        properties.insert("ApplicationName".into(), json!({"Ref": app}));
        properties.insert(
            "AutoRollbackConfiguration".into(),
            json!({"Enabled": true, "Events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM", "DEPLOYMENT_STOP_ON_REQUEST"]}),
        );
        properties.insert("DeploymentGroupName".into(), json!(group_name));
        properties.insert(
            "DeploymentConfigName".into(),
            json!({"Fn::Sub": ["CodeDeployDefault.Lambda${ConfigName}", {"ConfigName": deployment_type}]}),
        );
        properties.insert(
            "DeploymentStyle".into(),
            json!({"DeploymentType": "BLUE_GREEN", "DeploymentOption": "WITH_TRAFFIC_CONTROL"}),
        );
        let role = self.settings.get("codeDeployRole").filter(|v| truthy(Some(v))).cloned();
        properties
            .insert("ServiceRoleArn".into(), role.unwrap_or_else(|| json!({"Fn::GetAtt": [CODE_DEPLOY_ROLE, "Arn"]})));
        if let Some(alarms) = alarms {
            properties.insert("AlarmConfiguration".into(), json!({"Alarms": alarms, "Enabled": true}));
        }
        if let Some(triggers) = self.settings.get("triggerConfigurations").filter(|v| truthy(Some(v))) {
            properties.insert("TriggerConfigurations".into(), triggers.clone());
        }
        let mut resources =
            vec![(group.clone(), json!({"Type": "AWS::CodeDeploy::DeploymentGroup", "Properties": properties}))];
        let alias_id = format!("{}Alias{alias}", self.id);
        let mut update = Map::new();
        update.insert("ApplicationName".into(), json!({"Ref": app}));
        if let Some(post) = &post {
            update.insert("AfterAllowTrafficHook".into(), json!({"Ref": post}));
        }
        if let Some(pre) = &pre {
            update.insert("BeforeAllowTrafficHook".into(), json!({"Ref": pre}));
        }
        update.insert("DeploymentGroupName".into(), json!({"Ref": group}));
        resources.push((
            alias_id.clone(),
            json!({
                "Type": "AWS::Lambda::Alias",
                "Properties": {"FunctionVersion": {"Fn::GetAtt": [version, "Version"]}, "FunctionName": {"Ref": self.id}, "Name": alias},
                "UpdatePolicy": {"CodeDeployLambdaAliasUpdate": update},
            }),
        ));
        let to_alias = json!({"Ref": alias_id});
        for (id, res) in before {
            if res["Type"] == "AWS::Lambda::Permission" && self.invoked_by_permission(res) {
                let mut res = res.clone();
                res["Properties"]["FunctionName"] = to_alias.clone();
                resources.push((id.clone(), res));
            }
        }
        let mut events = Vec::new();
        for (id, res) in before {
            let Some(changed) = self.event_with_alias(res, &alias_id) else { continue };
            if res["Type"] == "AWS::ApiGateway::Method" && rest_partition != "aws" {
                errors.push(
                    Diagnostic::error(
                        codes::CONFIG_INVALID_VALUE,
                        format!("functions.{}.{CUSTOM}", self.key),
                        format!(
                            "the plugin points REST method {id} at the alias with an `arn:aws:apigateway:` URI, which \
                             is wrong in region {} (partition `{rest_partition}`)",
                            r.region()
                        ),
                    )
                    .with_help(
                        "deploy gradually in an `aws` partition region, or remove the function's `deploymentSettings`",
                    ),
                );
                continue;
            }
            events.push((id.clone(), changed));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        resources.extend(events);
        let hooked = (truthy(self.settings.get("preTrafficHook")) || truthy(self.settings.get("postTrafficHook")))
            .then_some(group_name);
        Ok((resources, hooked))
    }

    /// `type`: CodeDeploy's configuration `CodeDeployDefault.Lambda<type>` must exist.
    fn deployment_type(&self, errors: &mut Vec<Diagnostic>) -> Option<Value> {
        let at = (self.at)("type");
        let types: Vec<String> = TYPES.iter().map(|t| format!("`{t}`")).collect();
        let help = format!("set `type` to one of {}", crate::diagnostics::and_list(&types));
        match self.settings.get("type") {
            Some(Value::String(t)) if TYPES.contains(&t.as_str()) => Some(json!(t)),
            Some(v @ Value::Object(_)) => Some(v.clone()),
            Some(Value::String(t)) => {
                let hint = did_you_mean(t, TYPES.iter().copied())
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                errors.push(
                    Diagnostic::error(
                        codes::CONFIG_INVALID_VALUE,
                        at,
                        format!(
                            "function \"{}\"'s deployment `type` \"{t}\" names no deployment configuration of CodeDeploy \
                             (`CodeDeployDefault.Lambda{t}`){hint}",
                            self.key
                        ),
                    )
                    .with_help(help),
                );
                None
            }
            None | Some(Value::Null) => {
                errors.push(self.missing(
                    "type",
                    "the deployment group's configuration would be `CodeDeployDefault.Lambda${ConfigName}` with nothing \
                     to fill in",
                    help,
                ));
                None
            }
            Some(other) => {
                errors.push(expected(&at, "the name of a deployment configuration", other).with_help(help));
                None
            }
        }
    }

    /// A setting the function's deployment settings lack.
    fn missing(&self, name: &str, why: &str, help: String) -> Diagnostic {
        Diagnostic::error(
            codes::CONFIG_MISSING_KEY,
            format!("functions.{}.{CUSTOM}", self.key),
            format!("function \"{}\"'s deployment settings have no `{name}`: {why}", self.key),
        )
        .with_help(help)
    }

    /// `alias`: the alias's name, also the end of its logical ID (letters and digits only).
    fn alias(&self, errors: &mut Vec<Diagnostic>) -> Option<String> {
        let help = "set `alias` to a name of letters and digits, e.g. `Live`";
        match self.settings.get("alias") {
            Some(Value::String(a))
                if !a.is_empty()
                    && a.len() <= 128
                    && a.bytes().all(|b| b.is_ascii_alphanumeric())
                    && !a.bytes().all(|b| b.is_ascii_digit()) =>
            {
                Some(a.clone())
            }
            None | Some(Value::Null) => {
                errors.push(self.missing("alias", "CloudFormation requires the alias's `Name`", help.into()));
                None
            }
            Some(Value::String(a)) => {
                errors.push(
                    Diagnostic::error(
                        codes::CONFIG_INVALID_VALUE,
                        (self.at)("alias"),
                        format!(
                            "alias \"{a}\" of function \"{}\" is not a name of letters and digits (1 to 128, not all \
                             digits): the plugin names the alias resource `{}Alias{a}`, and logical IDs are letters and \
                             digits only",
                            self.key, self.id
                        ),
                    )
                    .with_help(help),
                );
                None
            }
            Some(other) => {
                errors.push(expected(&(self.at)("alias"), "the alias's name", other).with_help(help));
                None
            }
        }
    }

    /// A traffic hook: the logical ID of the function it names (`Some(None)` without one).
    fn hook(&self, name: &str, r: &Resolved, errors: &mut Vec<Diagnostic>) -> Option<Option<String>> {
        let value = self.settings.get(name);
        if !truthy(value) {
            return Some(None);
        }
        let functions = || r.functions.iter().map(|(k, _)| *k);
        match value {
            Some(Value::String(hook)) if functions().any(|k| k == hook) => {
                Some(Some(naming::function_logical_id(hook)))
            }
            Some(Value::String(hook)) => {
                let hint =
                    did_you_mean(hook, functions()).map(|s| format!(" (did you mean \"{s}\"?)")).unwrap_or_default();
                errors.push(
                    Diagnostic::error(
                        codes::CONFIG_INVALID_VALUE,
                        (self.at)(name),
                        format!(
                            "`{name}` of function \"{}\" names \"{hook}\", which is not a function of this service{hint}: \
                             the alias's update policy would reference {}, which the template does not have",
                            self.key,
                            naming::function_logical_id(hook)
                        ),
                    )
                    .with_help("name a function of this service (its key under `functions`)"),
                );
                None
            }
            Some(other) => {
                errors.push(expected(&(self.at)(name), "the key of a function of this service", other));
                None
            }
            None => Some(None),
        }
    }

    /// `alarms`: the deployment group's alarms (`Some(None)` without them); a name is a resource
    /// of the template (`Ref`), an object's `name` an alarm's name.
    fn alarms(
        &self,
        before: &Map<String, Value>,
        parameters: &[String],
        errors: &mut Vec<Diagnostic>,
    ) -> Option<Option<Vec<Value>>> {
        let value = self.settings.get("alarms");
        if !truthy(value) {
            return Some(None);
        }
        let at = (self.at)("alarms");
        let Some(Value::Array(items)) = value else {
            errors.push(expected(&at, "a list of alarms", value.unwrap_or(&Value::Null)));
            return None;
        };
        let mut alarms = Vec::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let at = format!("{at}[{i}]");
            match item {
                Value::String(id) if before.contains_key(id) || parameters.contains(id) => {
                    alarms.push(json!({"Name": {"Ref": id}}))
                }
                Value::String(id) => {
                    errors.push(
                        Diagnostic::error(
                            crate::codes::UNRESOLVED_REFERENCE,
                            at,
                            format!(
                                "alarm \"{id}\" of function \"{}\" is not a resource or parameter of the template: the plugin writes \
                                 `{{\"Ref\": \"{id}\"}}`, which CloudFormation refuses",
                                self.key
                            ),
                        )
                        .with_help(
                            "name the logical ID of an `AWS::CloudWatch::Alarm` in `resources`, or give an alarm of \
                             another stack as `{name: <alarm name>}`",
                        ),
                    );
                    ok = false;
                }
                Value::Object(o) if o.get("name").is_some_and(|n| !n.is_null()) => {
                    alarms.push(json!({"Name": o["name"]}))
                }
                other => {
                    errors.push(expected(&at, "an alarm's logical ID, or `{name: <alarm name>}`", other));
                    ok = false;
                }
            }
        }
        ok.then_some(Some(alarms))
    }

    /// Whether a permission is the function's (`FunctionName` its `Fn::GetAtt` or `Ref`).
    fn invoked_by_permission(&self, permission: &Value) -> bool {
        let name = &permission["Properties"]["FunctionName"];
        match (name.pointer("/Fn::GetAtt/0"), name.get("Ref")) {
            (Some(first), _) if truthy(Some(first)) => first.as_str() == Some(&self.id),
            (_, Some(target)) if truthy(Some(target)) => target.as_str() == Some(&self.id),
            _ => false,
        }
    }

    /// The resource with the function replaced by its alias, when it is one of the invokers the
    /// plugin knows and names the function (each found as the plugin finds it).
    fn event_with_alias(&self, res: &Value, alias: &str) -> Option<Value> {
        let id = self.id.as_str();
        let props = &res["Properties"];
        let to_alias = json!({"Ref": alias});
        let first_is = |v: &Value| v.pointer("/Fn::GetAtt/0").and_then(Value::as_str) == Some(id);
        let mut res = res.clone();
        match res["Type"].as_str()? {
            "AWS::ApiGateway::Method" if has_leaf(&props["Integration"], id) => {
                res["Properties"]["Integration"]["Uri"] = json!({"Fn::Join": ["", [
                    "arn:aws:apigateway:", {"Ref": "AWS::Region"}, ":lambda:path/2015-03-31/functions/", to_alias, "/invocations"
                ]]});
            }
            "AWS::ApiGatewayV2::Integration" if has_leaf(&props["IntegrationUri"], id) => {
                res["Properties"]["IntegrationUri"] = v2_uri(to_alias);
            }
            "AWS::ApiGatewayV2::Authorizer" if has_leaf(&props["AuthorizerUri"], id) => {
                res["Properties"]["AuthorizerUri"] = v2_uri(to_alias);
            }
            "AWS::Lambda::EventSourceMapping" if has_leaf(&props["FunctionName"], id) => {
                res["Properties"]["FunctionName"] = to_alias;
            }
            "AWS::SNS::Topic" if each(&props["Subscription"]).any(|s| has_leaf(&s["Endpoint"]["Fn::GetAtt"], id)) => {
                // The function's subscriptions go; one to the alias comes last.
                let mut kept: Vec<Value> =
                    each(&props["Subscription"]).filter(|s| !first_is(&s["Endpoint"])).cloned().collect();
                kept.push(json!({"Endpoint": to_alias, "Protocol": "lambda"}));
                res["Properties"]["Subscription"] = Value::Array(kept);
            }
            "AWS::SNS::Subscription" if first_is(&props["Endpoint"]) => {
                if props["Protocol"] == "lambda" {
                    res["Properties"]["Endpoint"] = to_alias;
                }
            }
            "AWS::S3::Bucket"
                if each(&props["NotificationConfiguration"]["LambdaConfigurations"])
                    .any(|c| has_leaf(&c["Function"]["Fn::GetAtt"], id)) =>
            {
                // Only the first of the function's notifications (`_.findIndex`).
                let configs = &props["NotificationConfiguration"]["LambdaConfigurations"];
                if let Some(i) = each(configs).position(|c| first_is(&c["Function"])) {
                    res["Properties"]["NotificationConfiguration"]["LambdaConfigurations"][i]["Function"] = to_alias;
                }
            }
            "AWS::Events::Rule" if each(&props["Targets"]).any(|t| has_leaf(&t["Arn"]["Fn::GetAtt"], id)) => {
                if let Some(Value::Array(targets)) = res.pointer_mut("/Properties/Targets") {
                    targets.iter_mut().filter(|t| first_is(&t["Arn"])).for_each(|t| t["Arn"] = to_alias.clone());
                }
            }
            "AWS::Logs::SubscriptionFilter" if has_leaf(&props["DestinationArn"]["Fn::GetAtt"], id) => {
                if first_is(&props["DestinationArn"]) {
                    res["Properties"]["DestinationArn"] = to_alias;
                }
            }
            "AWS::IoT::TopicRule" if first_is(&props["TopicRulePayload"]["Actions"][0]["Lambda"]["FunctionArn"]) => {
                res["Properties"]["TopicRulePayload"]["Actions"][0]["Lambda"]["FunctionArn"] = to_alias;
            }
            "AWS::AppSync::DataSource" if first_is(&props["LambdaConfig"]["LambdaFunctionArn"]) => {
                if props["Type"] == "AWS_LAMBDA" {
                    res["Properties"]["LambdaConfig"] = json!({"LambdaFunctionArn": to_alias});
                }
            }
            _ => return None,
        }
        Some(res)
    }
}

/// An HTTP or WebSocket API's Lambda integration URI for the alias.
fn v2_uri(alias: Value) -> Value {
    json!({"Fn::Join": ["", [
        "arn:", {"Ref": "AWS::Partition"}, ":apigateway:", {"Ref": "AWS::Region"}, ":lambda:path/2015-03-31/functions/",
        alias, "/invocations"
    ]]})
}

/// The items of a list (none for anything else).
fn each(v: &Value) -> impl Iterator<Item = &Value> {
    v.as_array().into_iter().flatten()
}

/// Whether a string anywhere in `v` is `needle` (the plugin flattens the value and looks for it
/// among the leaves).
fn has_leaf(v: &Value, needle: &str) -> bool {
    match v {
        Value::String(s) => s == needle,
        Value::Array(items) => items.iter().any(|i| has_leaf(i, needle)),
        Value::Object(m) => m.values().any(|i| has_leaf(i, needle)),
        _ => false,
    }
}

/// `CodeDeployServiceRole`: CodeDeploy's Lambda policies, SNS's when a deployment group has
/// triggers.
fn code_deploy_role(boundary: Option<&Value>, triggers: bool) -> Value {
    let mut policies = vec![
        json!("arn:aws:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited"),
        json!("arn:aws:iam::aws:policy/AWSLambda_FullAccess"),
    ];
    if triggers {
        policies.push(json!("arn:aws:iam::aws:policy/AmazonSNSFullAccess"));
    }
    let mut properties = Map::new();
    properties.insert("ManagedPolicyArns".into(), Value::Array(policies));
    properties.insert(
        "AssumeRolePolicyDocument".into(),
        json!({"Version": "2012-10-17", "Statement": [
            {"Action": ["sts:AssumeRole"], "Effect": "Allow", "Principal": {"Service": ["codedeploy.amazonaws.com"]}}
        ]}),
    );
    if let Some(boundary) = boundary.filter(|b| truthy(Some(b))) {
        properties.insert("PermissionsBoundary".into(), boundary.clone());
    }
    json!({"Type": "AWS::IAM::Role", "Properties": properties})
}

/// The shared execution role with leave to report the hooks' results to the deployment groups
/// (`None` when it does not change).
fn execution_role(before: &Map<String, Value>, app: &str, groups: &[String]) -> Option<Value> {
    if groups.is_empty() {
        return None;
    }
    let mut role = before.get(naming::EXECUTION_ROLE)?.clone();
    let Some(Value::Array(statement)) = role.pointer_mut("/Properties/Policies/0/PolicyDocument/Statement") else {
        return None;
    };
    statement.push(json!({
        "Action": ["codedeploy:PutLifecycleEventHookExecutionStatus"],
        "Effect": "Allow",
        "Resource": groups.iter().map(|g| json!({
            "Fn::Sub": format!("arn:${{AWS::Partition}}:codedeploy:${{AWS::Region}}:${{AWS::AccountId}}:deploymentgroup:${{{app}}}/{g}")
        })).collect::<Vec<_>>(),
    }));
    Some(role)
}

/// A setting of the wrong kind.
fn expected(at: &str, what: &str, found: &Value) -> Diagnostic {
    Diagnostic::error(
        codes::CONFIG_INVALID_VALUE,
        at,
        format!("expected {what}, found {}", crate::reader::describe(found)),
    )
    .with_help("see serverless-plugin-canary-deployments' README for the settings")
}

/// The plugin looks for the functions' invokers by flattening a property of every resource of
/// some types (`flat` 4.1.1), and a resource without that property makes it throw a `TypeError`
/// (an HTTP API JWT authorizer has no `AuthorizerUri`): the error, at the resource, when one is
/// in the template.
fn crash(resources: &Map<String, Value>) -> Option<Diagnostic> {
    const FLATTENED: &[(&str, &str)] = &[
        ("AWS::ApiGateway::Method", "Integration"),
        ("AWS::ApiGatewayV2::Integration", "IntegrationUri"),
        ("AWS::ApiGatewayV2::Authorizer", "AuthorizerUri"),
        ("AWS::Lambda::EventSourceMapping", "FunctionName"),
    ];
    resources.iter().find_map(|(id, res)| {
        let (ty, property) = FLATTENED.iter().find(|(t, _)| res["Type"] == *t)?;
        if !res["Properties"].get(*property).is_none_or(Value::is_null) {
            return None;
        }
        Some(
            Diagnostic::error(
                codes::CONFIG_INVALID_VALUE,
                format!("custom.{CUSTOM}"),
                format!(
                    "serverless-plugin-canary-deployments fails on {id} ({ty} without `{property}`: it flattens that \
                     property of every such resource, and throws \"Cannot convert undefined or null to object\")"
                ),
            )
            .with_help(if *ty == "AWS::ApiGatewayV2::Authorizer" {
                "the plugin cannot deploy gradually beside an HTTP API JWT authorizer: use a Lambda authorizer, or \
                 remove the functions' `deploymentSettings`"
            } else {
                "give the resource that property, or remove the functions' `deploymentSettings`"
            }),
        )
    })
}
