//! The template changes of the plugins stackwright implements natively (DECISIONS.md D8), as the
//! plugins make them: passes over the finished template, in the plugins' hook order.
//!
//! - serverless-iam-roles-per-function (functionalone/serverless-iam-roles-per-function,
//!   `src/lib/index.ts` at d848cdc6, hook `before:package:finalize`: after every function and
//!   event is compiled, before the user's `resources` are merged). When the plugin is listed the
//!   reference's own per-function roles stay off (`hasExternalIamPerFunctionPlugin` in
//!   `package/lib/uses-dedicated-per-function-role.js`), so the shared role keeps everything the
//!   events add.
//! - serverless-pseudo-parameters (svdgraaf/serverless-pseudo-parameters, `lib/index.js` at
//!   880dd3a3, hook `after:aws:package:finalize:mergeCustomProviderResources`: the whole
//!   template, the user's resources included).
//! - serverless-cloudformation-sub-variables (santiagocardenas/serverless-cloudformation-sub-variables,
//!   `index.js` at c3533559) and serverless-cf-vars (npm 0.3.5, `index.js` and
//!   `lib/replaceChildNodes.js`), hook `aws:package:finalize:mergeCustomProviderResources` (after
//!   the core's merge of the user's resources, before serverless-pseudo-parameters): the same
//!   `#{X}` rewrite, over the whole template and over `Resources` and `Outputs` respectively
//!   ([`sub_walk`]; both checked against templates osls 4.3.1 wrote with the plugins).
//! - serverless-associate-waf (mikesouza/serverless-associate-waf, `lib/index.js` at 5151534c)
//!   and serverless-api-gateway-throttling (DianaIonita/serverless-api-gateway-throttling,
//!   `src/apiGatewayThrottlingPlugin.js` at 06811366, `src/restApiId.js` at fd2316af,
//!   `src/httpApiId.js` at 83fd4c6c), hook `before:package:finalize`: outputs after the compiled
//!   ones, before the user's `resources.Outputs` are merged ([`add_outputs`]).
//! - serverless-reqvalidator-plugin (npm 3.1.0, `src/index.js`), hook `before:package:finalize`:
//!   an http event's `reqValidatorName` becomes its method's `RequestValidatorId`
//!   ([`request_validators`]).
//! - serverless-binary-cors (npm 0.0.1, `index.js`), hook `before:package:finalize`: the CORS
//!   preflight methods' response templates ([`binary_cors`]).

use serde_json::{Map, Value, json};

use crate::codes;
use crate::config_path::join;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Expr, Function, IamRole};
use crate::naming;
use crate::plugins::canary_deployments::CANARY_DEPLOYMENTS;
use crate::plugins::depends_on::DEPENDS_ON;
use crate::plugins::log_subscription::{LOG_SUBSCRIPTION, LogSubscriptions};
use crate::plugins::{
    API_GATEWAY_THROTTLING, ASSOCIATE_WAF, BINARY_CORS, CF_VARS, CLOUDFORMATION_SUB_VARIABLES, PSEUDO_PARAMETERS,
    REQ_VALIDATOR, RESOURCE_TAGGING, listed,
};
use crate::resolve::Resolved;

/// Whether a pass changes the template of this service.
pub(super) fn active(r: &Resolved) -> bool {
    subscriptions(r).is_some()
        || super::canary_deployments::settings(r).is_some()
        || chained(r).is_some()
        || super::api_gateway_caching::changes_methods(r)
        || tags_resources(r)
        || has_function_roles(r)
        || has_validators(r)
        || listed(&r.config.plugins, BINARY_CORS)
        || [PSEUDO_PARAMETERS, CF_VARS, CLOUDFORMATION_SUB_VARIABLES].iter().any(|p| listed(&r.config.plugins, p))
}

/// The outputs serverless-associate-waf, serverless-api-gateway-throttling and
/// serverless-api-gateway-caching add to the compiled template, in `plugins` order, after the
/// compiled outputs: at `package:finalize` the framework gives them an `Export` as it does every
/// compiled output (osls 4.3.1 writes `sls-<service>-<stage>-RestApiIdForApigCaching`), and the
/// user's `resources.Outputs` are merged over them as over any compiled output.
pub(super) fn add_outputs(doc: &mut super::Doc, r: &Resolved, diagnostics: &mut Diagnostics) {
    let apis = &r.config.provider.apis;
    let configured = |section: &str, key: &str| {
        apis.get(section).and_then(|s| s.get(key)).filter(|v| crate::events::truthy(Some(v))).cloned()
    };
    for plugin in &r.config.plugins {
        match plugin.as_str() {
            ASSOCIATE_WAF => {
                // The plugin writes the `Ref` whether or not the API is in the stack; the user's
                // `resources` may still declare it.
                if !doc.resources.ids.contains(REST_API) && !doc.user.resources.contains_key(REST_API) {
                    diagnostics.push(
                        Diagnostic::error(
                            codes::CONFIG_INVALID_VALUE,
                            "plugins",
                            "serverless-associate-waf adds the output ApiGatewayRestApiWaf, `{\"Ref\": \
                             \"ApiGatewayRestApi\"}`, but the template has no REST API (no `http` event, or \
                             `provider.apiGateway.restApiId` names an API outside the stack): CloudFormation \
                             rejects the reference",
                        )
                        .with_help(
                            "the plugin associates a WAF with a REST API stage: add an `http` event, or remove \
                             the plugin",
                        ),
                    );
                    continue;
                }
                doc.add_output(
                    "ApiGatewayRestApiWaf".into(),
                    json!({ "Description": "Rest API Id", "Value": { "Ref": REST_API } }),
                );
            }
            crate::plugins::api_gateway_caching::API_GATEWAY_CACHING => {
                super::api_gateway_caching::finalize(doc, r, diagnostics);
            }
            API_GATEWAY_THROTTLING => {
                // `restApiExists`/`httpApiExists`: a configured ID, else the compiled resource (the
                // user's are not merged yet), else the deployed stack's outputs.
                let rest = configured("apiGateway", "restApiId")
                    .or_else(|| doc.resources.ids.contains(REST_API).then(|| json!({ "Ref": REST_API })));
                let http = configured("httpApi", "id")
                    .or_else(|| doc.resources.ids.contains(HTTP_API).then(|| json!({ "Ref": HTTP_API })));
                if rest.is_none() && http.is_none() {
                    diagnostics.push(
                        Diagnostic::error(
                            codes::CONFIG_INVALID_VALUE,
                            "plugins",
                            "serverless-api-gateway-throttling finds neither a REST API nor an HTTP API in the \
                             template, so it asks AWS for the deployed stack's API IDs while packaging; \
                             stackwright builds templates without calling AWS",
                        )
                        .with_help(
                            "the plugin throttles API Gateway stages: add an `http` or `httpApi` event, give \
                             `provider.apiGateway.restApiId` or `provider.httpApi.id`, or remove the plugin",
                        ),
                    );
                    continue;
                }
                if let Some(id) = rest {
                    let output = json!({ "Description": "REST API ID", "Value": id });
                    doc.add_output("RestApiIdForApigThrottling".into(), output);
                }
                if let Some(id) = http {
                    let output = json!({ "Description": "HTTP API ID", "Value": id });
                    doc.add_output("HttpApiIdForApigThrottling".into(), output);
                }
            }
            _ => {}
        }
    }
}

/// The REST API the framework compiles.
pub(super) const REST_API: &str = "ApiGatewayRestApi";
const HTTP_API: &str = "HttpApi";

/// Functions with `iamRoleStatements` get roles of their own (the plugin's condition:
/// `iamRoleStatements !== undefined`, so an empty list too). Builders set the field without
/// listing the plugin; the loaders require it.
fn has_function_roles(r: &Resolved) -> bool {
    r.functions.iter().any(|(_, f)| f.iam_role_statements.is_some())
}

/// The template after the plugins' passes. `generated` is the number of resources synthesis
/// wrote before the user's own (new) resources: the plugin adds its roles before those.
pub(super) fn apply(r: &Resolved, text: &str, generated: usize) -> Result<Passed, Diagnostics> {
    let mut template: Value = match serde_json::from_str(text) {
        Ok(t) => t,
        // Only nesting beyond serde_json's limit (128) fails: the text is stackwright's own.
        Err(e) => {
            let mut d = Diagnostics::new();
            d.push(
                Diagnostic::error(
                    codes::CONFIG_INVALID_VALUE,
                    "resources",
                    format!("the template is nested too deeply for the plugins' passes: {e}"),
                )
                .with_help("nest the values in `resources` less deeply"),
            );
            return Err(d);
        }
    };
    if has_function_roles(r) {
        per_function_roles(r, &mut template, generated)?;
    }
    if has_validators(r) {
        request_validators(r, &mut template)?;
    }
    if listed(&r.config.plugins, BINARY_CORS) {
        binary_cors(r, &mut template, generated);
    }
    super::api_gateway_caching::apply(r, &mut template);
    if let Some(chains) = chained(r) {
        chain_functions(r, &mut template, chains);
    }
    let mut nested = Vec::new();
    // serverless-cf-vars and serverless-cloudformation-sub-variables share one hook
    // (`aws:package:finalize:mergeCustomProviderResources`, run in `plugins` order);
    // serverless-pseudo-parameters runs after it.
    for plugin in &r.config.plugins {
        match plugin.as_str() {
            CF_VARS => {
                // Its `step2` walks `Resources` and `Outputs` whole (npm 0.3.5; the repository's
                // earlier `index.js` walked only each resource's `Properties`).
                let rules = SubRules::plain(CF_VARS, InSub::Below);
                for section in ["Resources", "Outputs"] {
                    if let Some(values) = template.get_mut(section).filter(|v| v.is_object()) {
                        sub_walk(values, section, Under::default(), &rules, &mut nested);
                    }
                }
            }
            CLOUDFORMATION_SUB_VARIABLES => {
                let rules = SubRules::plain(CLOUDFORMATION_SUB_VARIABLES, InSub::Parent);
                sub_walk(&mut template, "", Under::default(), &rules, &mut nested);
            }
            LOG_SUBSCRIPTION => {
                if let Some(subs) = subscriptions(r) {
                    log_subscriptions(r, subs, &mut template, &mut nested);
                }
            }
            _ => {}
        }
    }
    // serverless-plugin-resource-tagging, serverless-pseudo-parameters and
    // serverless-plugin-canary-deployments share one hook
    // (`after:aws:package:finalize:mergeCustomProviderResources`): `plugins` order.
    let position = |name: &str| r.config.plugins.iter().position(|p| p == name);
    let mut after = [RESOURCE_TAGGING, PSEUDO_PARAMETERS, CANARY_DEPLOYMENTS];
    after.sort_by_key(|p| position(p));
    for plugin in after {
        match plugin {
            RESOURCE_TAGGING if tags_resources(r) => resource_tags(r, &mut template),
            PSEUDO_PARAMETERS if listed(&r.config.plugins, PSEUDO_PARAMETERS) => {
                let settings = &r.config.plugin_settings;
                let rules = SubRules {
                    plugin: PSEUDO_PARAMETERS,
                    in_sub: InSub::OwnKey,
                    skip_region_replace: settings.skip_region_replace.unwrap_or(true),
                    allow_references: settings.allow_references.unwrap_or(true),
                    unescape: true,
                };
                if let Value::Object(sections) = &mut template {
                    for (key, section) in sections.iter_mut() {
                        // The plugin walks each top-level value's keys; a string's "keys" are its
                        // characters, which never hold `#{...}`.
                        if section.is_object() || section.is_array() {
                            sub_walk(section, key, Under::default(), &rules, &mut nested);
                        }
                    }
                }
            }
            CANARY_DEPLOYMENTS => {
                if let Some(canary) = super::canary_deployments::settings(r) {
                    super::canary_deployments::apply(r, canary, &mut template, &mut nested);
                }
            }
            _ => {}
        }
    }
    if !nested.is_empty() {
        let mut errors = Diagnostics::new();
        nested.into_iter().for_each(|d| errors.push(d));
        return Err(errors);
    }
    let count = |section: &str| template.get(section).and_then(Value::as_object).map_or(0, |m| m.len());
    Ok(Passed {
        resources: count("Resources"),
        outputs: count("Outputs"),
        text: crate::json::to_pretty_string(&template),
    })
}

/// The template after the plugins' passes, with its numbers of resources and outputs (for
/// CloudFormation's limits: the passes add resources).
pub(super) struct Passed {
    pub text: String,
    pub resources: usize,
    pub outputs: usize,
}

// ------------------------------------------------------------ serverless-plugin-log-subscription

/// serverless-plugin-log-subscription's settings, when it is listed.
fn subscriptions<'r>(r: &'r Resolved<'_>) -> Option<&'r LogSubscriptions> {
    r.config.plugin_settings.log_subscriptions.as_ref().filter(|_| listed(&r.config.plugins, LOG_SUBSCRIPTION))
}

/// The plugin's filters and permissions (`plugins/log_subscription.rs`), appended to the
/// template's resources; what it throws on is an error in `errors`.
fn log_subscriptions(r: &Resolved, subs: &LogSubscriptions, template: &mut Value, errors: &mut Vec<Diagnostic>) {
    let custom = |suffix: &str| {
        let at = join("custom", crate::plugins::log_subscription::CUSTOM);
        if suffix.is_empty() { at } else { format!("{at}[{suffix}]") }
    };
    let sets: Vec<(String, &Value)> = match &subs.settings {
        Value::Array(items) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
        other => vec![(String::new(), other)],
    };
    let region = r.region();
    let rest_api_logs =
        r.config.provider.logs.as_ref().and_then(|l| l.rest_api.as_ref()).is_some_and(|v| crate::json::truthy(Some(v)));
    for (suffix, common) in sets {
        let defaults =
            json!({"enabled": false, "filterPattern": "", "addLambdaPermission": true, "apiGatewayLogs": false});
        let Value::Object(mut base) = defaults else { continue };
        if let Value::Object(c) = common {
            base.extend(c.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        if crate::json::truthy(base.get("enabled")) && crate::json::truthy(base.get("apiGatewayLogs")) && rest_api_logs
        {
            errors.push(
                Diagnostic::error(
                    codes::CONFIG_INVALID_VALUE,
                    join(&custom(&suffix), "apiGatewayLogs"),
                    "serverless-plugin-log-subscription's `apiGatewayLogs` asks AWS whether the stack is deployed \
                     while packaging (to create the execution log group only the first time); stackwright builds \
                     templates without calling AWS",
                )
                .with_help(
                    "declare the API Gateway log groups' `AWS::Logs::SubscriptionFilter`s in `resources`, or remove \
                     `apiGatewayLogs`",
                ),
            );
        }
        for (key, _) in &r.functions {
            let mut config = base.clone();
            let own = subs.functions.iter().find(|(k, _)| k == key).map(|(_, v)| v);
            match own {
                Some(Value::Object(o)) => config.extend(o.iter().map(|(k, v)| (k.clone(), v.clone()))),
                Some(other) => {
                    config.insert("enabled".into(), Value::Bool(crate::json::truthy(Some(other))));
                }
                None => {}
            }
            if !crate::json::truthy(config.get("enabled")) {
                continue;
            }
            let at = if own.is_some() { format!("functions.{key}.logSubscription") } else { custom(&suffix) };
            let fail = |errors: &mut Vec<Diagnostic>, message: String, help: &str| {
                errors.push(Diagnostic::error(codes::CONFIG_INVALID_VALUE, &at, message).with_help(help));
            };
            if crate::json::truthy(config.get("addSourceLambdaPermission")) {
                fail(
                    errors,
                    "addSourceLambdaPermission is no longer supported, see README".into(),
                    "remove `addSourceLambdaPermission`: `addLambdaPermission` (the default) gives the permission",
                );
                continue;
            }
            let Some(destination) = config.get("destinationArn").filter(|d| !d.is_null()).cloned() else {
                fail(
                    errors,
                    format!(
                        "function \"{key}\"'s log subscription has no `destinationArn`: CloudFormation requires one"
                    ),
                    "give `destinationArn`: a Lambda function, Kinesis stream or Firehose ARN (or `Fn::GetAtt`)",
                );
                continue;
            };
            let name = naming::normalize(key);
            let log_group = format!("{name}LogGroup");
            let resources = template.get("Resources").and_then(Value::as_object);
            let group = resources.and_then(|res| res.get(&log_group));
            let Some(group_name) = group
                .and_then(|g| g.pointer("/Properties/LogGroupName"))
                .filter(|n| crate::json::truthy(Some(n)))
                .cloned()
            else {
                let message = match group {
                    None => format!("Could not find log group resource {log_group}"),
                    Some(_) => format!("{log_group} did not have Properties.LogGroupName"),
                };
                fail(
                    errors,
                    message,
                    "the function needs its log group: remove `disableLogs`, or turn the subscription off for it (`logSubscription: false`)",
                );
                continue;
            };
            let target = match &destination {
                Value::Object(d) => {
                    match (d.get("Fn::GetAtt").and_then(Value::as_array), d.get("Ref").and_then(Value::as_str)) {
                        (Some(att), _)
                            if att.get(1).and_then(Value::as_str).is_some_and(|a| a.eq_ignore_ascii_case("arn")) =>
                        {
                            att.first().and_then(Value::as_str).map(str::to_string)
                        }
                        (None, Some(id)) => Some(id.to_string()),
                        _ => None,
                    }
                }
                _ => None,
            };
            let mut depends_on: Vec<Value> = target.iter().map(|t| json!(t)).collect();
            let is_lambda = match (&destination, &target) {
                (Value::String(arn), _) => arn.starts_with("arn:aws:lambda"),
                (_, Some(id)) => match resources.and_then(|res| res.get(id)) {
                    Some(res) => res.get("Type").and_then(Value::as_str) == Some("AWS::Lambda::Function"),
                    None => {
                        fail(
                            errors,
                            format!(
                                "the log subscription's `destinationArn` references {id}, which the template does not have"
                            ),
                            "reference a resource of the template, or give the destination's ARN",
                        );
                        continue;
                    }
                },
                _ => false,
            };
            let Some(Value::Object(resources)) = template.get_mut("Resources") else { continue };
            if crate::json::truthy(config.get("addLambdaPermission")) && is_lambda {
                let permission = format!("{name}LogLambdaPermission");
                depends_on.push(json!(permission));
                resources.insert(
                    permission,
                    json!({"Type": "AWS::Lambda::Permission", "Properties": {
                        "Action": "lambda:InvokeFunction", "FunctionName": destination,
                        "Principal": format!("logs.{region}.amazonaws.com"),
                        "SourceArn": {"Fn::GetAtt": [log_group, "Arn"]}}}),
                );
            }
            depends_on.push(json!(log_group));
            let mut properties = serde_json::Map::new();
            properties.insert("DestinationArn".into(), destination);
            properties.insert("FilterPattern".into(), config.get("filterPattern").cloned().unwrap_or(Value::Null));
            properties.insert("LogGroupName".into(), group_name);
            if let Some(filter) = config.get("filterName").filter(|f| crate::json::truthy(Some(f))) {
                properties.insert("FilterName".into(), filter.clone());
            }
            if let Some(role) = config.get("roleArn") {
                properties.insert("RoleArn".into(), role.clone());
            }
            resources.insert(
                format!("{name}SubscriptionFilter{suffix}"),
                json!({"Type": "AWS::Logs::SubscriptionFilter", "Properties": properties, "DependsOn": depends_on}),
            );
        }
    }
}

// ------------------------------------------------------------ serverless-dependson-plugin

/// serverless-dependson-plugin's number of chains, when it changes a function.
fn chained(r: &Resolved) -> Option<usize> {
    let chains = r.config.plugin_settings.function_chains.filter(|_| listed(&r.config.plugins, DEPENDS_ON))?;
    (r.functions.len() > chains).then_some(chains)
}

/// Each function's `DependsOn` with the function `chains` places before it in front (a list
/// when it has one, else the name alone), as `plugins/depends_on.rs` says.
fn chain_functions(r: &Resolved, template: &mut Value, chains: usize) {
    let ids: Vec<String> = r.functions.iter().map(|(key, _)| naming::function_logical_id(key)).collect();
    for (i, id) in ids.iter().enumerate().skip(chains) {
        let Some(Value::Object(function)) = template.pointer_mut(&format!("/Resources/{id}")) else { continue };
        if function.get("Type").and_then(Value::as_str) != Some("AWS::Lambda::Function") {
            continue;
        }
        let parent = Value::String(ids[i - chains].clone());
        // Set in place when there, else last, as the plugin's assignment does.
        match function.get_mut("DependsOn") {
            None => {
                function.insert("DependsOn".into(), parent);
            }
            Some(Value::Array(rest)) => rest.insert(0, parent),
            Some(other) => *other = Value::Array(vec![parent, other.take()]),
        }
    }
}

// ------------------------------------------------------------ serverless-reqvalidator-plugin

/// The http events of the service and their `reqValidatorName`, with the plugin listed (a
/// falsy name does nothing, as in the plugin).
fn validators<'a>(r: &'a Resolved) -> impl Iterator<Item = (&'a str, usize, &'a Map<String, Value>, &'a Value)> {
    let on = listed(&r.config.plugins, REQ_VALIDATOR);
    r.functions.iter().filter(move |_| on).flat_map(|&(key, f)| {
        f.events.iter().enumerate().filter_map(move |(i, event)| {
            let http = event.config.as_object().filter(|_| event.kind == "http")?;
            let name = http.get("reqValidatorName").filter(|v| crate::json::truthy(Some(v)))?;
            Some((key, i, http, name))
        })
    })
}

/// Whether serverless-reqvalidator-plugin has a method to change (the pass re-reads the whole
/// template, so it runs only then).
fn has_validators(r: &Resolved) -> bool {
    validators(r).next().is_some()
}

/// Each http event's `reqValidatorName` as its method's `RequestValidatorId` (set in place, or
/// added last), functions and events in order: a name as `{"Ref": name}`, `{id}` as the id, any
/// other object (`Fn::ImportValue`) as written.
fn request_validators(r: &Resolved, template: &mut Value) -> Result<(), Diagnostics> {
    let mut errors = Diagnostics::new();
    for (key, i, http, name) in validators(r) {
        let text = |k: &str| http.get(k).and_then(Value::as_str).unwrap_or_default();
        let id = crate::events::method_logical_id(text("path"), text("method"));
        // The plugin runs before the user's `resources` are merged: their own
        // `RequestValidatorId` for the method wins.
        let user = r.config.resources.resources.get(&id);
        if user.and_then(|u| u.get("Properties")).and_then(|p| p.get("RequestValidatorId")).is_some() {
            continue;
        }
        let validator = match name {
            Value::Object(m) if !crate::json::truthy(m.get("Fn::ImportValue")) && crate::json::truthy(m.get("id")) => {
                m["id"].clone()
            }
            // JavaScript's `typeof` is "object" for arrays too: written as it is.
            Value::Object(_) | Value::Array(_) => name.clone(),
            other => json!({"Ref": crate::reader::js_string(other)}),
        };
        match template.pointer_mut(&format!("/Resources/{id}/Properties")).and_then(Value::as_object_mut) {
            Some(properties) => {
                properties.insert("RequestValidatorId".into(), validator);
            }
            None => errors.push(
                Diagnostic::error(
                    codes::CONFIG_INVALID_VALUE,
                    format!("functions.{key}.events[{i}].http.reqValidatorName"),
                    format!(
                        "serverless-reqvalidator-plugin looks for the method {id}, which the template does not have"
                    ),
                )
                .with_help("give the event `path` and `method` as an object, e.g. `http: {path: items, method: post}`"),
            ),
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

// ------------------------------------------------------------ serverless-binary-cors

/// serverless-binary-cors 0.0.1 (`index.js`, hook `before:package:finalize`): each compiled
/// `OPTIONS` method with a `MOCK` integration (the CORS preflights, and `http` events with
/// `integration: mock`) answers with `ResponseTemplates: {"image/jpeg": ""}` in every integration
/// response, in place of its templates, so API Gateway with binary media types still answers the
/// preflight. It runs before the user's `resources` are merged: the user's own methods are left
/// alone, and a user's override of a compiled method is merged over the plugin's change again.
fn binary_cors(r: &Resolved, template: &mut Value, generated: usize) {
    let Some(Value::Object(resources)) = template.get_mut("Resources") else { return };
    for (id, resource) in resources.iter_mut().take(generated) {
        let props = &resource["Properties"];
        if resource["Type"] != "AWS::ApiGateway::Method"
            || props["HttpMethod"] != "OPTIONS"
            || props["Integration"]["Type"] != "MOCK"
        {
            continue;
        }
        let Some(Value::Array(responses)) = resource.pointer_mut("/Properties/Integration/IntegrationResponses") else {
            continue;
        };
        for response in responses.iter_mut().filter_map(Value::as_object_mut) {
            response.insert("ResponseTemplates".into(), json!({"image/jpeg": ""}));
        }
        if let Some(user) = r.config.resources.resources.get(id) {
            crate::json::lodash_merge(resource, user);
        }
    }
}

// ------------------------------------------------------------ serverless-iam-roles-per-function

/// `<Fn>IamRoleLambdaExecution` for every function with `iamRoleStatements`, in `functions`
/// order: a copy of the shared role (as it is at that moment) with the function's statements,
/// then the function and its event source mappings pointed at it.
fn per_function_roles(r: &Resolved, template: &mut Value, generated: usize) -> Result<(), Diagnostics> {
    let settings = &r.config.plugin_settings;
    let Some(resources) = template.get_mut("Resources").and_then(Value::as_object_mut) else {
        return Ok(());
    };
    let mut entries: Vec<(String, Value)> = std::mem::take(resources).into_iter().collect();
    let mut user_entries = entries.split_off(generated.min(entries.len()));
    let mut roles: Vec<(String, String)> = Vec::new(); // (function logical ID, role logical ID)
    let mut errors = Diagnostics::new();
    let global_boundary = settings.iam_global_permissions_boundary.as_ref().map(Expr::to_json);
    for &(key, f) in &r.functions {
        let Some(own) = &f.iam_role_statements else { continue };
        let Some(global_at) = entries.iter().position(|(id, _)| id == naming::EXECUTION_ROLE) else {
            // Validation reports it (no shared role to copy: the provider's role is an existing one).
            continue;
        };
        let mut role = entries[global_at].1.clone();
        let statements = match role_statements(r, key, f, own) {
            Ok(s) => s,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        let props = role["Properties"].as_object_mut().expect("the shared role has Properties");
        if let Some(doc) =
            props.get_mut("Policies").and_then(|p| p.get_mut(0)).and_then(|p| p.get_mut("PolicyDocument"))
        {
            doc["Statement"] = Value::Array(statements);
        }
        let needs_vpc = f.vpc.as_ref().is_some_and(|v| matches!(v, crate::model::FunctionVpc::Config(_)))
            || r.config.provider.vpc.is_some();
        let managed = if needs_vpc {
            vec![json!({
                "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"]]
            })]
        } else {
            Vec::new()
        };
        props.insert("ManagedPolicyArns".into(), Value::Array(managed));
        if let Some(boundary) = f.iam_permissions_boundary.as_ref().map(Expr::to_json).or(global_boundary.clone()) {
            props.insert("PermissionsBoundary".into(), boundary);
        }
        if let Some(boundary) = &global_boundary
            && let Some(p) = entries[global_at].1.get_mut("Properties").and_then(Value::as_object_mut)
        {
            p.insert("PermissionsBoundary".into(), boundary.clone());
        }
        let role_name = match &f.iam_role_statements_name {
            Some(name) => Value::String(name.clone()),
            None => match crate::resolve::default_role_name(r, key) {
                Some(name) => name,
                None => {
                    // Validation reports it.
                    continue;
                }
            },
        };
        props.insert("RoleName".into(), role_name);
        let role_id = naming::normalize(key) + naming::EXECUTION_ROLE;
        // The user's `resources` are merged over the plugin's role afterwards.
        if let Some(at) = user_entries.iter().position(|(id, _)| *id == role_id) {
            let (_, user) = user_entries.remove(at);
            crate::json::lodash_merge(&mut role, &user);
        }
        let function_id = naming::function_logical_id(key);
        if let Some((_, function)) = entries.iter_mut().find(|(id, _)| *id == function_id) {
            point_function_at(function, &role_id);
        }
        entries.push((role_id.clone(), role));
        roles.push((function_id, role_id));
    }
    if errors.has_errors() {
        return Err(errors);
    }
    for (_, resource) in &mut entries {
        if resource.get("Type").and_then(Value::as_str) != Some("AWS::Lambda::EventSourceMapping") {
            continue;
        }
        let target = resource.pointer("/Properties/FunctionName/Fn::GetAtt/0").and_then(Value::as_str);
        if let Some((_, role_id)) = roles.iter().find(|(f, _)| Some(f.as_str()) == target)
            && let Some(m) = resource.as_object_mut()
        {
            m.insert("DependsOn".into(), Value::String(role_id.clone()));
        }
    }
    entries.append(&mut user_entries);
    *resources = entries.into_iter().collect::<Map<String, Value>>();
    Ok(())
}

/// The plugin's statements, in its order: logs of the function's own log group, stream reads
/// (DynamoDB, then Kinesis), SQS reads, the dead-letter topic, the provider's statements when
/// inherited, the function's own.
fn role_statements(
    r: &Resolved,
    key: &str,
    f: &Function,
    own: &[crate::model::Statement],
) -> Result<Vec<Value>, Diagnostic> {
    let name = r.function_name(key, f);
    let mut out = vec![json!({
        "Effect": "Allow",
        "Action": ["logs:CreateLogStream", "logs:CreateLogGroup", "logs:PutLogEvents"],
        "Resource": [{
            "Fn::Sub": format!("arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:/aws/lambda/{name}:*:*")
        }]
    })];
    let (mut dynamodb, mut kinesis, mut sqs) = (Vec::new(), Vec::new(), Vec::new());
    for (i, event) in f.events.iter().enumerate() {
        match event.kind.as_str() {
            "stream" => {
                let arn = event.config.get("arn").cloned().unwrap_or_else(|| event.config.clone());
                let kind = match (event.config.get("type").and_then(Value::as_str), arn.as_str()) {
                    (Some(t), _) => t.to_string(),
                    (None, Some(s)) => s.split(':').nth(2).unwrap_or_default().to_string(),
                    (None, None) => String::new(),
                };
                match kind.as_str() {
                    "dynamodb" => dynamodb.push(arn),
                    "kinesis" => kinesis.push(arn),
                    _ => return Err(stream_type_error(key, i, &kind)),
                }
            }
            "sqs" => sqs.push(event.config.get("arn").cloned().unwrap_or_else(|| event.config.clone())),
            _ => {}
        }
    }
    let read = |service: &str, resources: Vec<Value>| {
        json!({
            "Effect": "Allow",
            "Action": [
                format!("{service}:GetRecords"),
                format!("{service}:GetShardIterator"),
                format!("{service}:DescribeStream"),
                format!("{service}:ListStreams")
            ],
            "Resource": resources
        })
    };
    if !dynamodb.is_empty() {
        out.push(read("dynamodb", dynamodb));
    }
    if !kinesis.is_empty() {
        out.push(read("kinesis", kinesis));
    }
    if !sqs.is_empty() {
        out.push(json!({
            "Effect": "Allow",
            "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
            "Resource": sqs
        }));
    }
    if let Some(dlq) = f.on_error.as_ref().map(Expr::to_json).filter(|v| !is_empty(v)) {
        out.push(json!({ "Effect": "Allow", "Action": ["sns:Publish"], "Resource": dlq }));
    }
    if inherits(r, f) {
        let p = &r.config.provider;
        // The plugin reads `provider.iam.role.statements` whenever `provider.iam` exists, else
        // the legacy `provider.iamRoleStatements`.
        let provider = match &p.iam {
            Some(iam) => match &iam.role {
                Some(IamRole::Config(c)) => c.statements.as_ref(),
                _ => None,
            },
            None => p.iam_role_statements.as_ref(),
        };
        out.extend(provider.into_iter().flatten().map(|s| super::iam::coerce_statement(&s.0)));
    }
    out.extend(own.iter().map(|s| super::iam::coerce_statement(&s.0)));
    Ok(out)
}

/// `iamRoleStatementsInherit`, else `custom.serverless-iam-roles-per-function.defaultInherit`.
fn inherits(r: &Resolved, f: &Function) -> bool {
    f.iam_role_statements_inherit
        .unwrap_or(r.config.plugin_settings.default_inherit == Some(true) && f.iam_role_statements_inherit.is_none())
}

/// lodash `isEmpty` of a config value.
fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        _ => true,
    }
}

fn stream_type_error(key: &str, i: usize, kind: &str) -> Diagnostic {
    Diagnostic::error(
        codes::INVALID_IAM_CONFIG,
        format!("functions.{key}.events[{i}].stream"),
        format!(
            "serverless-iam-roles-per-function: ERROR: Unsupported stream type: {} for function: {key}",
            if kind.is_empty() { "undefined" } else { kind }
        ),
    )
    .with_help("give the stream's `type` (`dynamodb` or `kinesis`), or an ARN string the type can be read from")
}

/// The function's `Role` and `DependsOn` as the plugin sets them: the role first, the shared
/// role dropped.
fn point_function_at(function: &mut Value, role_id: &str) {
    if let Some(Value::Array(att)) = function.pointer_mut("/Properties/Role/Fn::GetAtt")
        && let Some(first) = att.first_mut()
    {
        *first = Value::String(role_id.to_string());
    }
    if let Some(Value::Array(depends_on)) = function.get_mut("DependsOn") {
        let rest: Vec<Value> = depends_on.drain(..).filter(|d| d != naming::EXECUTION_ROLE).collect();
        depends_on.push(Value::String(role_id.to_string()));
        depends_on.extend(rest);
    }
}

// -------------------------------------- `#{X}` to `Fn::Sub`: pseudo-parameters, cf-vars, sub-variables

/// One plugin's `#{X}` rules: which strings under an `Fn::Sub` it rewrites in place rather than
/// wraps, and (serverless-pseudo-parameters only) its region and escape handling.
struct SubRules {
    plugin: &'static str,
    in_sub: InSub,
    /// `false`: the first of [`REGIONS`] in a string becomes `#{AWS::Region}` first.
    skip_region_replace: bool,
    /// `false`: only `#{AWS::...}` names are replaced.
    allow_references: bool,
    /// `#@{X}` becomes the literal `#{X}`.
    unescape: bool,
}

impl SubRules {
    /// Any `#{X}`, no regions, no escapes: serverless-cf-vars and
    /// serverless-cloudformation-sub-variables (one regex, `/#{([^}]+)}/g`, in both).
    fn plain(plugin: &'static str, in_sub: InSub) -> SubRules {
        SubRules { plugin, in_sub, skip_region_replace: true, allow_references: true, unescape: false }
    }
}

/// Which strings a plugin takes to be inside an `Fn::Sub` (rewritten in place, not wrapped).
enum InSub {
    /// serverless-pseudo-parameters: a string that is itself the value of an `Fn::Sub` key.
    OwnKey,
    /// serverless-cloudformation-sub-variables: a string directly in the list or object that is
    /// the value of an `Fn::Sub` key (`isSubFunction(key)` on the recursion only).
    Parent,
    /// serverless-cf-vars 0.3.5 (`lib/replaceChildNodes.js`, `step2`): a string at or anywhere
    /// below an `Fn::Sub` key, or after one among its siblings (`insideSub = insideSub || key ===
    /// 'Fn::Sub'` reassigns the walk's flag for the keys that follow).
    Below,
}

/// Where a walked object or list sits relative to `Fn::Sub` keys.
#[derive(Default, Clone, Copy)]
struct Under {
    /// It is the value of an `Fn::Sub` key.
    sub_value: bool,
    /// It or one of its ancestors is.
    below_sub: bool,
}

/// The plugins' walk of one object or list: every string value with `#{X}` becomes
/// `{"Fn::Sub": ...}` with `${X}`, or that string itself when the plugin takes it to be inside an
/// `Fn::Sub`; objects and lists are walked. Where wrapping puts an `Fn::Sub` as the text of an
/// `Fn::Sub` (which CloudFormation rejects), an error at that `Fn::Sub`; at the template's top
/// level (`Description`), an error too.
fn sub_walk(node: &mut Value, path: &str, under: Under, rules: &SubRules, errors: &mut Vec<Diagnostic>) {
    let is_list = node.is_array();
    // serverless-cf-vars' flag, which an `Fn::Sub` key sets for itself and the keys after it.
    let mut below = under.below_sub;
    let mut visit = |key: &str, at: String, first: bool, value: &mut Value| {
        if matches!(rules.in_sub, InSub::Below) && key == "Fn::Sub" {
            below = true;
        }
        if let Value::String(s) = value {
            let Some((text, sub)) = rewrite(s, rules) else { return };
            let in_place = match rules.in_sub {
                InSub::OwnKey => key == "Fn::Sub",
                InSub::Parent => under.sub_value,
                InSub::Below => below,
            };
            if !sub || in_place {
                *value = Value::String(text);
                return;
            }
            if key == "Fn::Sub" {
                errors.push(nested_sub(rules.plugin, &at, ""));
            } else if is_list && first && under.sub_value {
                errors.push(nested_sub(rules.plugin, path, " list"));
            } else if let Some(section @ ("Parameters" | "Mappings")) = at.split(['.', '[']).next() {
                errors.push(
                    Diagnostic::error(
                        codes::CONFIG_INVALID_VALUE,
                        &at,
                        format!(
                            "{} turns this string into an `Fn::Sub`, which CloudFormation rejects in `{section}`: it \
                             allows no intrinsic functions there",
                            rules.plugin
                        ),
                    )
                    .with_help(format!("leave `#{{...}}` out of `{section}`")),
                );
            } else if path.is_empty() {
                errors.push(
                    Diagnostic::error(
                        codes::CONFIG_INVALID_VALUE,
                        &at,
                        format!(
                            "{} turns the template's `{key}` into an `Fn::Sub`, which CloudFormation rejects: \
                             it must be a string",
                            rules.plugin
                        ),
                    )
                    .with_help(format!("leave `#{{...}}` out of `{key}`")),
                );
            }
            *value = json!({ "Fn::Sub": text });
        } else if value.is_object() || value.is_array() {
            let sub_value = key == "Fn::Sub";
            let child = Under { sub_value, below_sub: below || sub_value };
            sub_walk(value, &at, child, rules, errors);
        }
    };
    match node {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                visit(k, join(path, k), false, v);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                // List keys are indexes, never `Fn::Sub`.
                visit("", crate::config_path::index(path, i), i == 0, v);
            }
        }
        _ => {}
    }
}

/// The plugin's new text for string `original` and whether it goes into an `Fn::Sub` (`false`:
/// an escape, the literal text); `None` when the plugin leaves the string alone.
fn rewrite(original: &str, rules: &SubRules) -> Option<(String, bool)> {
    let mut s = original.to_string();
    if !rules.skip_region_replace
        && let Some((at, region)) = first_region(&s)
    {
        s.replace_range(at..at + region.len(), "#{AWS::Region}");
    }
    let mut out = replace_references(&s, rules.allow_references).map(|t| (t, true));
    if rules.unescape
        && let Some(unescaped) = unescape(&s)
    {
        // Replaces the `Fn::Sub` above: serverless-pseudo-parameters starts again from the string.
        out = Some((unescaped, false));
    }
    out
}

/// The error for a `#{...}` text a plugin wraps into an `Fn::Sub` inside an `Fn::Sub`.
fn nested_sub(plugin: &str, path: &str, what: &str) -> Diagnostic {
    Diagnostic::error(
        codes::CONFIG_INVALID_VALUE,
        path,
        format!(
            "{plugin} turns the `#{{...}}` text of this `Fn::Sub`{what} into a nested `Fn::Sub`, which \
             CloudFormation rejects: the text of an `Fn::Sub` must be a string"
        ),
    )
    .with_help("inside `Fn::Sub`, write `${AWS::Region}` (CloudFormation's own syntax) instead of `#{AWS::Region}`")
}

/// The regions serverless-pseudo-parameters recognises, in its order (the order of the
/// alternation).
const REGIONS: &[&str] = &[
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "eu-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// The leftmost region name in `s` (at one position, the first alternative that matches).
fn first_region(s: &str) -> Option<(usize, &'static str)> {
    (0..s.len())
        .filter(|&i| s.is_char_boundary(i))
        .find_map(|i| REGIONS.iter().find(|r| s[i..].starts_with(**r)).map(|r| (i, *r)))
}

/// `s` with every `#{X}` as `${X}` (`X`: any run of characters but `}`, or with
/// `allowReferences: false` only `AWS::` and letters); `None` when there is none.
fn replace_references(s: &str, allow_references: bool) -> Option<String> {
    replace_braced(s, "#{", allow_references, "${")
}

/// `s` with every `#@{X}` as `#{X}`; `None` when there is none.
fn unescape(s: &str) -> Option<String> {
    replace_braced(s, "#@{", true, "#{")
}

/// Replaces `<open>X}` by `<with>X}`, left to right without overlaps, as a global regex replace.
fn replace_braced(s: &str, open: &str, any: bool, with: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    let mut found = false;
    while let Some(at) = rest.find(open) {
        let body_start = at + open.len();
        let matched = rest[body_start..].find('}').filter(|&end| end > 0).filter(|&end| {
            let body = &rest[body_start..body_start + end];
            any || body
                .strip_prefix("AWS::")
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphabetic()))
        });
        match matched {
            Some(end) => {
                out.push_str(&rest[..at]);
                out.push_str(with);
                out.push_str(&rest[body_start..body_start + end + 1]);
                rest = &rest[body_start + end + 1..];
                found = true;
            }
            None => {
                // No match starting here: keep the first character and search on.
                let step = rest[at..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&rest[..at + step]);
                rest = &rest[at + step..];
            }
        }
    }
    out.push_str(rest);
    found.then_some(out)
}

// ------------------------------------------------------ serverless-plugin-resource-tagging

/// The resource types serverless-plugin-resource-tagging tags (its `supportedTypes`).
const TAGGED_TYPES: [&str; 8] = [
    "AWS::Lambda::Function",
    "AWS::SQS::Queue",
    "AWS::Kinesis::Stream",
    "AWS::DynamoDB::Table",
    "AWS::S3::Bucket",
    "AWS::ApiGateway::Stage",
    "AWS::CloudFront::Distribution",
    "AWS::Logs::LogGroup",
];

/// Whether serverless-plugin-resource-tagging is listed and has `provider.stackTags` to add.
fn tags_resources(r: &Resolved) -> bool {
    listed(&r.config.plugins, RESOURCE_TAGGING) && r.config.provider.stack_tags.as_ref().is_some_and(|t| !t.is_empty())
}

/// serverless-plugin-resource-tagging 1.2.0: every resource of [`TAGGED_TYPES`] with
/// `Properties` gets `provider.stackTags` after its own `Tags` (those of a key it has stay), or
/// as its `Tags`; the user's resources too, as the plugin runs after they are merged.
fn resource_tags(r: &Resolved, template: &mut Value) {
    let Some(stack_tags) = &r.config.provider.stack_tags else { return };
    let tags = super::iam::tag_list(stack_tags);
    let Value::Array(tags) = &tags else { return };
    let Some(Value::Object(resources)) = template.get_mut("Resources") else { return };
    for resource in resources.values_mut() {
        let typed = resource.get("Type").and_then(Value::as_str).is_some_and(|t| TAGGED_TYPES.contains(&t));
        let Some(Value::Object(props)) = resource.get_mut("Properties").filter(|_| typed) else { continue };
        match props.get_mut("Tags") {
            Some(Value::Array(own)) => {
                let keys: Vec<Value> = own.iter().filter_map(|t| t.get("Key").cloned()).collect();
                own.extend(tags.iter().filter(|t| !keys.contains(&t["Key"])).cloned());
            }
            // JavaScript's falsy `Tags`: replaced.
            own if !crate::json::truthy(own.as_deref()) => {
                props.insert("Tags".into(), Value::Array(tags.clone()));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braced_replacement_follows_the_regex() {
        assert_eq!(replace_references("a#{AWS::Region}b#{X}", true).as_deref(), Some("a${AWS::Region}b${X}"));
        assert_eq!(replace_references("a#{AWS::Region}b#{X}", false).as_deref(), Some("a${AWS::Region}b#{X}"));
        assert_eq!(replace_references("#{}#{AWS::AccountId}", true).as_deref(), Some("#{}${AWS::AccountId}"));
        assert_eq!(replace_references("#{#{A}", true).as_deref(), Some("${#{A}"));
        assert_eq!(replace_references("no refs ${x}", true), None);
        assert_eq!(unescape("#@{X}-#{Y}").as_deref(), Some("#{X}-#{Y}"));
    }

    #[test]
    fn regions_match_leftmost_first() {
        assert_eq!(first_region("x-us-east-2-eu-west-1"), Some((2, "us-east-2")));
        assert_eq!(first_region("none"), None);
    }
}
