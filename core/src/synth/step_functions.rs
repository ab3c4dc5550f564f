//! The resources and outputs of serverless-step-functions (npm 3.31.2), built from the settings
//! `plugins::step_functions` checked, as the plugin builds them: `compileIamRole`,
//! `compileStateMachines`, `compileActivities` and `compileAlarms` at `package:compileFunctions`
//! ([`functions_stage`]), `compileScheduledEvents` and `compileCloudWatchEventEvents` at
//! `package:compileEvents` ([`events_stage`]). Each stage merges its resources into the template
//! with lodash `_.merge`: a repeated logical ID keeps its first place and takes the later values.

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use crate::codes;
use crate::json::{lodash_merge, to_compact_string, to_pretty_string, truthy};
use crate::naming::{function_logical_id, normalize};
use crate::plugins::step_functions::{StepFunctions, normalize_arn};
use crate::reader::{index, join, js_string};
use crate::resolve::Resolved;

/// Resources in the order the plugin adds them, merged as `_.merge` merges them.
#[derive(Default)]
pub(crate) struct Added {
    pub resources: IndexMap<String, Value>,
    pub outputs: Vec<(String, Value)>,
}

impl Added {
    fn merge(&mut self, id: String, resource: Value) {
        match self.resources.get_mut(&id) {
            Some(existing) => lodash_merge(existing, &resource),
            None => {
                self.resources.insert(id, resource);
            }
        }
    }
}

const KEY: &str = crate::plugins::step_functions::KEY;

/// The state machines by key, in JavaScript's key order.
fn machines(sf: &StepFunctions) -> Vec<(&String, &Map<String, Value>)> {
    match sf.settings.get("stateMachines") {
        Some(Value::Object(m)) => entries(m).into_iter().filter_map(|(k, v)| Some((k, v.as_object()?))).collect(),
        _ => Vec::new(),
    }
}

/// An object's entries in JavaScript's key order (array-index keys first).
fn entries(m: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let keys: Vec<&String> = m.keys().collect();
    crate::naming::js_key_order(m.keys().map(String::as_str))
        .into_iter()
        .map(|i| (keys[i], &m[keys[i].as_str()]))
        .collect()
}

/// `getStateMachineLogicalId`.
fn machine_id(key: &str, m: &Map<String, Value>) -> String {
    match custom_name(m) {
        Some(custom) => normalize(&custom),
        None => format!("{}StepFunctionsStateMachine", normalize(key)),
    }
}

/// `stateMachine.id || stateMachine.name`.
fn custom_name(m: &Map<String, Value>) -> Option<String> {
    ["id", "name"].iter().find_map(|k| m.get(*k).filter(|v| truthy(Some(v))).map(js_string))
}

/// `stateMachineObj.name || stateMachineId`.
fn display_name(key: &str, m: &Map<String, Value>) -> String {
    m.get("name").filter(|v| truthy(Some(v))).map_or_else(|| key.to_string(), js_string)
}

/// `isIntrinsic`: an object with a `Ref` or `Fn::` key.
fn is_intrinsic(v: &Value) -> bool {
    v.as_object().is_some_and(crate::reader::has_intrinsic_key)
}

/// The service's functions as the plugin sees them: key and deployed name.
struct Functions<'a> {
    list: Vec<(&'a str, String)>,
}

impl<'a> Functions<'a> {
    fn new(r: &Resolved<'a>) -> Self {
        Functions { list: r.functions.iter().map(|(k, f)| (*k, r.function_name(k, f))).collect() }
    }

    fn has(&self, key: &str) -> bool {
        self.list.iter().any(|(k, _)| *k == key)
    }

    /// `translateLocalFunctionNames`: a function key in `Ref`/`Fn::GetAtt` as its logical ID.
    fn translate(&self, v: &Value) -> Value {
        let id = |v: &Value| match v.as_str() {
            Some(key) if self.has(key) => Value::String(function_logical_id(key)),
            _ => v.clone(),
        };
        if let Some(r) = v.get("Ref") {
            return json!({ "Ref": id(r) });
        }
        if let Some(Value::Array(att)) = v.get("Fn::GetAtt") {
            let first = att.first().map_or(Value::Null, id);
            return json!({ "Fn::GetAtt": [first, att.get(1).cloned().unwrap_or(Value::Null)] });
        }
        v.clone()
    }

    /// `resolveLambdaFunctionName`: the deployed name of the function a `Ref` names (by key or
    /// logical ID).
    fn resolve_name(&self, v: &Value) -> Option<&str> {
        let target = v.get("Ref")?.as_str()?;
        self.list
            .iter()
            .find(|(k, _)| *k == target)
            .or_else(|| self.list.iter().find(|(k, _)| function_logical_id(k) == target))
            .map(|(_, name)| name.as_str())
    }
}

fn lambda_arn(name: &str, suffix: &str) -> Value {
    json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:{name}{suffix}") })
}

/// One permission: comma-separated actions and a resource (a value or a list of them).
type Permission = (String, Value);

fn perm(action: &str, resource: Value) -> Permission {
    (action.to_string(), resource)
}

fn events_rule_join(rule: &str) -> Value {
    json!({"Fn::Join": [":", ["arn", {"Ref": "AWS::Partition"}, "events", {"Ref": "AWS::Region"}, {"Ref": "AWS::AccountId"}, rule]]})
}

fn sub_empty(text: String) -> Value {
    json!({ "Fn::Sub": [text, {}] })
}

/// `getParameterOrArgument`.
fn param<'v>(state: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    let parameters = state.get("Parameters").filter(|v| truthy(Some(v)));
    let arguments = state.get("Arguments").filter(|v| truthy(Some(v)));
    match state.get("QueryLanguage").and_then(Value::as_str) {
        Some("JSONata") => arguments?.get(key),
        Some("JSONPath") => parameters?.get(key),
        _ => match (parameters, arguments) {
            (Some(p), None) => p.get(key),
            (None, Some(a)) => a.get(key),
            _ => None,
        },
    }
}

/// `isJsonPathParameter || isJsonataArgument`.
fn dynamic(state: &Map<String, Value>, key: &str) -> bool {
    let path = state.get("Parameters").and_then(|p| p.get(format!("{key}.$"))).is_some_and(|v| truthy(Some(v)));
    let jsonata = state
        .get("Arguments")
        .and_then(|a| a.get(key))
        .and_then(Value::as_str)
        .is_some_and(|s| s.trim_start().starts_with("{%"));
    path || jsonata
}

fn parameters(state: &Map<String, Value>) -> Option<&Map<String, Value>> {
    state.get("Parameters").and_then(Value::as_object)
}

/// `undefined` printed by a template string.
fn text(v: Option<&Value>) -> String {
    v.map_or_else(|| "undefined".to_string(), js_string)
}

/// `getDynamoDBArn`.
fn dynamodb_arn(table: &Value) -> Value {
    if is_intrinsic(table) {
        if let Some(r) = table.get("Ref") {
            return json!({ "Fn::GetAtt": [r, "Arn"] });
        }
        if table.get("Fn::ImportValue").is_some() {
            return json!({"Fn::Join": [":", ["arn", {"Ref": "AWS::Partition"}, "dynamodb", {"Ref": "AWS::Region"},
                {"Ref": "AWS::AccountId"}, {"Fn::Join": ["/", ["table", table]]}]]});
        }
    }
    json!({"Fn::Join": [":", ["arn", {"Ref": "AWS::Partition"}, "dynamodb", {"Ref": "AWS::Region"},
        {"Ref": "AWS::AccountId"}, format!("table/{}", js_string(table))]]})
}

/// `sqsQueueUrlToArn`: `https://sqs.<region>.amazonaws.com/<account>/<queue>` (the regex's greedy
/// groups), a `Ref` as its queue's ARN, another intrinsic as `*`; `[]` for anything else.
fn sqs_arn(url: Option<&Value>) -> Value {
    if let Some(Value::String(url)) = url
        && let Some(at) = url.find("https://sqs")
        // The regex's `.` after `sqs`: any one character.
        && let Some(dot) = url[at + 11..].chars().next()
    {
        let rest = &url[at + 11 + dot.len_utf8()..];
        let rest = rest.split('\n').next().unwrap_or_default();
        // `(.*).amazonaws.com\/(.*)\/(.*)`: the last `?amazonaws?com/` with a `/` after it, where
        // each `?` is any one character (sliced at character boundaries: the URL is the user's).
        let mut found = None;
        for (i, _) in rest.char_indices().rev() {
            let Some(region) = rest[..i].char_indices().last().map(|(j, _)| &rest[..j]) else { continue };
            let Some(tail) = rest[i..].strip_prefix("amazonaws") else { continue };
            let Some(sep) = tail.chars().next() else { continue };
            let Some(after) = tail[sep.len_utf8()..].strip_prefix("com/") else { continue };
            if let Some(slash) = after.rfind('/') {
                found = Some((region, &after[..slash], &after[slash + 1..]));
                break;
            }
        }
        if let Some((region, account, queue)) = found {
            let partition = crate::arn::partition_of_region(region);
            return Value::String(format!("arn:{partition}:sqs:{region}:{account}:{queue}"));
        }
    }
    match url {
        Some(u) if is_intrinsic(u) => match u.get("Ref") {
            Some(r) => json!({ "Fn::GetAtt": [r, "Arn"] }),
            None => json!("*"),
        },
        _ => json!([]),
    }
}

/// Whether `s` contains `arn:aws(-[a-z]+)*:lambda` (`anchored`: at its start).
fn lambda_arn_match(s: &str, anchored: bool) -> bool {
    let at = |i: usize| -> bool {
        let Some(rest) = s[i..].strip_prefix("arn:aws") else { return false };
        let b = rest.as_bytes();
        let mut j = 0;
        while j < b.len() && b[j] == b'-' && b.get(j + 1).is_some_and(u8::is_ascii_lowercase) {
            j += 1;
            while j < b.len() && b[j].is_ascii_lowercase() {
                j += 1;
            }
        }
        rest[j..].starts_with(":lambda")
    };
    if anchored { at(0) } else { s.match_indices("arn:aws").any(|(i, _)| at(i)) }
}

/// `getExecutionArn`.
fn execution_arn(arn: &Value) -> Value {
    match arn {
        Value::String(s) if s == "*" => json!("*"),
        Value::String(s) => json!(format!("{}:*", s.replacen(":stateMachine:", ":execution:", 1))),
        Value::Object(o) => match o.get("Fn::Sub") {
            Some(Value::String(sub)) => {
                json!({"Fn::Sub": format!("{}:*", sub.replacen(":stateMachine:", ":execution:", 1))})
            }
            Some(Value::Array(parts)) => {
                let template = parts.first().map(js_string).unwrap_or_default();
                json!({"Fn::Sub": [format!("{}:*", template.replacen(":stateMachine:", ":execution:", 1)),
                    parts.get(1).cloned().unwrap_or(Value::Null)]})
            }
            _ => json!("*"),
        },
        _ => json!("*"),
    }
}

/// `getStateMachineArn` (and the distributed Map's own state machine).
fn state_machine_arn(state: &Map<String, Value>) -> Value {
    if state.get("Mode").and_then(Value::as_str) == Some("DISTRIBUTED") {
        let name = text(state.get("StateMachineName"));
        return sub_empty(format!(
            "arn:${{AWS::Partition}}:states:${{AWS::Region}}:${{AWS::AccountId}}:stateMachine:{name}"
        ));
    }
    if let Some(a) = state.get("Arguments").filter(|v| truthy(Some(v))) {
        return match a.get("StateMachineArn") {
            Some(Value::String(s)) if s.trim_start().starts_with("{%") => json!("*"),
            Some(v) => v.clone(),
            None => Value::Null,
        };
    }
    if let Some(p) = state.get("Parameters").filter(|v| truthy(Some(v))) {
        if p.get("StateMachineArn.$").is_some_and(|v| truthy(Some(v))) {
            return json!("*");
        }
        return p.get("StateMachineArn").cloned().unwrap_or(Value::Null);
    }
    state.get("StateMachineArn").filter(|v| truthy(Some(v))).cloned().unwrap_or_else(|| json!("*"))
}

/// `resolveS3BucketReference`.
fn s3_arn(bucket: &Value, resource: String) -> Value {
    if is_intrinsic(bucket) {
        json!({ "Fn::Sub": [resource, {"bucket": bucket}] })
    } else {
        json!({ "Fn::Sub": resource.replace("${bucket}", &js_string(bucket)) })
    }
}

/// `getPermissions` of one Task state (`iamStrategies/*.js`).
fn permissions(state: &Map<String, Value>, fns: &Functions) -> Vec<Permission> {
    let resource = state.get("Resource");
    let normalized = resource.and_then(Value::as_str).map(normalize_arn).unwrap_or_default();
    let service = normalized.strip_prefix("arn:aws:states:::").unwrap_or("");
    let ddb = |action: &str| {
        let table = param(state, "TableName");
        let arn = if dynamic(state, "TableName") {
            json!("*")
        } else if dynamic(state, "IndexName") {
            dynamodb_arn(&json!(format!("{}/index/*", text(table))))
        } else if let Some(index) = param(state, "IndexName").filter(|v| truthy(Some(v))) {
            dynamodb_arn(&json!(format!("{}/index/{}", text(table), js_string(index))))
        } else {
            dynamodb_arn(table.unwrap_or(&json!("undefined")))
        };
        vec![perm(action, arn)]
    };
    let ddb_batch = |action: &str| {
        if dynamic(state, "RequestItems") {
            return vec![perm(action, json!("*"))];
        }
        match param(state, "RequestItems") {
            Some(Value::Object(items)) => entries(items)
                .into_iter()
                .map(|(table, _)| perm(action, dynamodb_arn(&json!(table.replacen(".$", "", 1)))))
                .collect(),
            _ => Vec::new(),
        }
    };
    let start = |action: &str| {
        let arn = state_machine_arn(state);
        vec![
            perm(action, arn.clone()),
            perm("states:DescribeExecution,states:StopExecution", execution_arn(&arn)),
            perm(
                "events:PutTargets,events:PutRule,events:DescribeRule",
                sub_empty(
                    "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"
                        .into(),
                ),
            ),
        ]
    };
    let s3 = |action: &str| {
        let p = parameters(state);
        let get = |k: &str| p.and_then(|p| p.get(k)).filter(|v| truthy(Some(v)));
        let bucket = get("Bucket").cloned().unwrap_or_else(|| json!("*"));
        let key = get("Key").cloned().unwrap_or_else(|| json!("*"));
        if action == "s3:listObjectsV2" {
            let both = || {
                json!([
                    s3_arn(&bucket, "arn:${AWS::Partition}:s3:::${bucket}".into()),
                    s3_arn(&bucket, "arn:${AWS::Partition}:s3:::${bucket}/*".into())
                ])
            };
            return vec![perm("s3:Get*", both()), perm("s3:List*", both())];
        }
        let arn = if let Some(prefix) = get("Prefix") {
            s3_arn(
                &bucket,
                format!("arn:${{AWS::Partition}}:s3:::${{bucket}}/{}/{}", js_string(prefix), js_string(&key)),
            )
        } else if bucket == "*" && key == "*" {
            json!("*")
        } else {
            s3_arn(&bucket, format!("arn:${{AWS::Partition}}:s3:::${{bucket}}/{}", js_string(&key)))
        };
        vec![perm(action, json!([arn]))]
    };
    // The handlers the plugin registers for `.waitForTaskToken` too.
    let service = match service.strip_suffix(".waitForTaskToken") {
        Some(
            base @ ("sqs:sendMessage"
            | "sns:publish"
            | "aws-sdk:dynamodb:updateItem"
            | "aws-sdk:dynamodb:putItem"
            | "ecs:runTask"
            | "lambda:invoke"
            | "states:startExecution"
            | "events:putEvents"),
        ) => base,
        Some(_) => "",
        None => service,
    };
    match service {
        "sqs:sendMessage" => match parameters(state) {
            Some(p) if p.contains_key("QueueUrl") || p.contains_key("QueueUrl.$") => {
                let arn = if truthy(p.get("QueueUrl.$")) { json!("*") } else { sqs_arn(p.get("QueueUrl")) };
                vec![perm("sqs:SendMessage", arn)]
            }
            _ => Vec::new(),
        },
        "sns:publish" => match parameters(state) {
            Some(p) if p.contains_key("TopicArn") || p.contains_key("TopicArn.$") => {
                let arn = if truthy(p.get("TopicArn.$")) {
                    json!("*")
                } else {
                    // JavaScript's `undefined` when only a falsy `TopicArn.$` is there.
                    p.get("TopicArn").cloned().unwrap_or(Value::Null)
                };
                vec![perm("sns:Publish", arn)]
            }
            _ => Vec::new(),
        },
        "dynamodb:updateItem" | "aws-sdk:dynamodb:updateItem" => ddb("dynamodb:UpdateItem"),
        "dynamodb:putItem" | "aws-sdk:dynamodb:putItem" => ddb("dynamodb:PutItem"),
        "dynamodb:getItem" => ddb("dynamodb:GetItem"),
        "dynamodb:deleteItem" => ddb("dynamodb:DeleteItem"),
        "aws-sdk:dynamodb:updateTable" => ddb("dynamodb:UpdateTable"),
        "aws-sdk:dynamodb:query" => ddb("dynamodb:Query"),
        "aws-sdk:dynamodb:scan" => ddb("dynamodb:Scan"),
        "aws-sdk:dynamodb:batchGetItem" => ddb_batch("dynamodb:BatchGetItem"),
        "aws-sdk:dynamodb:batchWriteItem" => ddb_batch("dynamodb:BatchWriteItem"),
        "batch:submitJob" | "batch:submitJob.sync" => vec![
            perm("batch:SubmitJob,batch:DescribeJobs,batch:TerminateJob", json!("*")),
            perm(
                "events:PutTargets,events:PutRule,events:DescribeRule",
                events_rule_join("rule/StepFunctionsGetEventsForBatchJobsRule"),
            ),
        ],
        "glue:startJobRun" | "glue:startJobRun.sync" => {
            vec![perm("glue:StartJobRun,glue:GetJobRun,glue:GetJobRuns,glue:BatchStopJobRun", json!("*"))]
        }
        "ecs:runTask" | "ecs:runTask.sync" => vec![
            perm("ecs:RunTask,ecs:StopTask,ecs:DescribeTasks,ecs:TagResource,iam:PassRole", json!("*")),
            perm(
                "events:PutTargets,events:PutRule,events:DescribeRule",
                events_rule_join("rule/StepFunctionsGetEventsForECSTaskRule"),
            ),
        ],
        "lambda:invoke" => lambda_invoke(state, fns),
        "states:startExecution" | "states:startExecution.sync" | "states:startExecution.sync:2" => {
            start("states:StartExecution")
        }
        "aws-sdk:sfn:startSyncExecution" => start("states:StartSyncExecution"),
        "codebuild:startBuild" | "codebuild:startBuild.sync" => {
            let project = text(parameters(state).and_then(|p| p.get("ProjectName")));
            vec![
                perm(
                    "codebuild:StartBuild,codebuild:StopBuild,codebuild:BatchGetBuilds",
                    sub_empty(format!("arn:${{AWS::Partition}}:codebuild:${{AWS::Region}}:${{AWS::AccountId}}:project/{project}")),
                ),
                perm(
                    "events:PutTargets,events:PutRule,events:DescribeRule",
                    sub_empty(
                        "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventForCodeBuildStartBuildRule"
                            .into(),
                    ),
                ),
            ]
        }
        "sagemaker:createTransformJob.sync" => {
            let job = parameters(state).and_then(|p| p.get("TransformJobName")).filter(|v| truthy(Some(v)));
            let job = job.map(js_string).unwrap_or_default();
            vec![
                perm(
                    "sagemaker:CreateTransformJob,sagemaker:DescribeTransformJob,sagemaker:StopTransformJob",
                    sub_empty(format!(
                        "arn:${{AWS::Partition}}:sagemaker:${{AWS::Region}}:${{AWS::AccountId}}:transform-job/{job}*"
                    )),
                ),
                perm("sagemaker:ListTags", json!("*")),
                perm(
                    "events:PutTargets,events:PutRule,events:DescribeRule",
                    sub_empty(
                        "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForSageMakerTransformJobsRule"
                            .into(),
                    ),
                ),
            ]
        }
        "bedrock:invokeModel" => {
            let model = text(parameters(state).and_then(|p| p.get("ModelId")));
            let arn = if model.starts_with("arn:") {
                json!(model)
            } else {
                sub_empty(format!("arn:${{AWS::Partition}}:bedrock:${{AWS::Region}}::foundation-model/{model}"))
            };
            vec![perm("bedrock:InvokeModel", arn)]
        }
        "events:putEvents" => {
            let mut buses: Vec<Value> = Vec::new();
            if let Some(Value::Array(list)) = param(state, "Entries") {
                for entry in list {
                    let bus = entry
                        .get("EventBusName")
                        .filter(|v| truthy(Some(v)))
                        .cloned()
                        .unwrap_or_else(|| json!("default"));
                    // A `Set`: strings by value, objects by identity.
                    if !(bus.is_string() && buses.contains(&bus)) {
                        buses.push(bus);
                    }
                }
            }
            let resources = buses
                .into_iter()
                .map(|bus| {
                    json!({"Fn::Sub": ["arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${eventBus}", {"eventBus": bus}]})
                })
                .collect();
            vec![perm("events:PutEvents", Value::Array(resources))]
        }
        "http:invoke" => {
            let connection = parameters(state)
                .and_then(|p| p.get("Authentication"))
                .and_then(|a| a.get("ConnectionArn"))
                .filter(|v| truthy(Some(v)))
                .cloned()
                .unwrap_or_else(|| json!("*"));
            vec![
                perm("states:InvokeHTTPEndpoint", json!("*")),
                perm("events:RetrieveConnectionCredentials", connection),
                perm(
                    "secretsmanager:GetSecretValue,secretsmanager:DescribeSecret",
                    json!({"Fn::Sub": "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:events!connection/*"}),
                ),
            ]
        }
        "s3:getObject" | "aws-sdk:s3:getObject" => s3("s3:GetObject"),
        "s3:putObject" | "aws-sdk:s3:putObject" => s3("s3:PutObject"),
        "s3:listObjectsV2" | "aws-sdk:s3:listObjectsV2" => s3("s3:listObjectsV2"),
        "aws-sdk:sesv2:sendEmail" => vec![perm("ses:SendEmail", json!("*"))],
        _ if registered(&normalized) => Vec::new(),
        _ => lambda_fallback(resource, fns),
    }
}

/// Whether the plugin has a handler of its own for `arn` (those stackwright rejects when loading).
fn registered(arn: &str) -> bool {
    arn.strip_prefix("arn:aws:states:::")
        .is_some_and(|s| crate::plugins::step_functions::UNREPRODUCED_TASKS.iter().any(|p| s.starts_with(p)))
}

/// `lambda.getPermissions`: `arn:aws:states:::lambda:invoke`.
fn lambda_invoke(state: &Map<String, Value>, fns: &Functions) -> Vec<Permission> {
    const ACTION: &str = "lambda:InvokeFunction";
    if dynamic(state, "FunctionName") {
        let allowed = param(state, "AllowedFunctions").filter(|v| truthy(Some(v))).cloned();
        return vec![perm(ACTION, allowed.unwrap_or_else(|| json!("*")))];
    }
    let name = param(state, "FunctionName");
    match name {
        Some(Value::String(name)) => {
            let segments: Vec<&str> = name.split(':').collect();
            let arns = if lambda_arn_match(name, true) {
                json!([name, format!("{name}:*")])
            } else if segments.len() == 3 && !segments[0].is_empty() && segments[0].bytes().all(|b| b.is_ascii_digit())
            {
                json!([
                    {"Fn::Sub": format!("arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:{name}")},
                    {"Fn::Sub": format!("arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:{name}:*")}
                ])
            } else {
                json!([lambda_arn(name, ""), lambda_arn(name, ":*")])
            };
            vec![perm(ACTION, arns)]
        }
        Some(v) if v.get("Fn::GetAtt").is_some() => {
            let arn = fns.translate(v);
            vec![perm(ACTION, json!([arn, {"Fn::Sub": ["${functionArn}:*", {"functionArn": arn}]}]))]
        }
        Some(v) if v.get("Ref").is_some() => {
            if let Some(resolved) = fns.resolve_name(v) {
                return vec![perm(ACTION, json!([lambda_arn(resolved, ""), lambda_arn(resolved, ":*")]))];
            }
            let arn = fns.translate(v);
            let sub = |suffix: &str| json!({"Fn::Sub": [format!("arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:${{functionArn}}{suffix}"), {"functionArn": arn}]});
            vec![perm(ACTION, json!([sub(""), sub(":*")]))]
        }
        other => vec![perm(ACTION, other.cloned().unwrap_or(Value::Null))],
    }
}

/// `lambda.getFallbackPermissions`: any other `Resource`, as a Lambda function if it looks like
/// one (an intrinsic, or a Lambda ARN whose alias is trimmed).
fn lambda_fallback(resource: Option<&Value>, fns: &Functions) -> Vec<Permission> {
    let Some(resource) = resource else { return Vec::new() };
    let trimmed = match resource {
        Value::String(s) if lambda_arn_match(s, false) => {
            let parts: Vec<&str> = s.split(':').collect();
            if lambda_arn_match(s, true) && parts.len() == 8 { json!(parts[..7].join(":")) } else { resource.clone() }
        }
        v if is_intrinsic(v) => v.clone(),
        _ => return Vec::new(),
    };
    if let Some(name) = fns.resolve_name(&trimmed) {
        return vec![perm("lambda:InvokeFunction", json!([lambda_arn(name, ""), lambda_arn(name, ":*")]))];
    }
    let arn = fns.translate(&trimmed);
    let versioned = match arn.get("Fn::Sub") {
        Some(Value::String(sub)) => json!({"Fn::Sub": format!("{sub}:*")}),
        Some(Value::Array(parts)) => {
            json!({"Fn::Sub": [format!("{}:*", parts.first().map(js_string).unwrap_or_default()), parts.get(1).cloned().unwrap_or(Value::Null)]})
        }
        _ => json!({"Fn::Sub": ["${functionArn}:*", {"functionArn": arn}]}),
    };
    vec![perm("lambda:InvokeFunction", json!([arn, versioned]))]
}

/// `getTaskStates`: the Task states of `states` (values of an object, or a list), through
/// Parallel branches and Map processors (with a distributed Map's own execution, its reader and
/// writer).
fn task_states(states: Option<&Value>, machine_name: &str, out: &mut Vec<Map<String, Value>>) {
    let list: Vec<&Value> = match states {
        Some(Value::Object(m)) => entries(m).into_iter().map(|(_, v)| v).collect(),
        Some(Value::Array(items)) => items.iter().collect(),
        _ => return,
    };
    for state in list {
        let Some(s) = state.as_object() else { continue };
        match s.get("Type").and_then(Value::as_str) {
            Some("Task") => out.push(s.clone()),
            Some("Parallel") => {
                let branches: Vec<Value> = match s.get("Branches") {
                    Some(Value::Array(b)) => b
                        .iter()
                        .flat_map(|branch| match branch.get("States") {
                            Some(Value::Object(m)) => entries(m).into_iter().map(|(_, v)| v.clone()).collect(),
                            _ => Vec::new(),
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                task_states(Some(&Value::Array(branches)), machine_name, out);
            }
            Some("Map") => {
                let processor = s.get("ItemProcessor").filter(|v| truthy(Some(v)));
                let inner = processor.or(s.get("Iterator")).and_then(|p| p.get("States"));
                task_states(inner, machine_name, out);
                if processor.and_then(|p| p.get("ProcessorConfig")).and_then(|c| c.get("Mode")).and_then(Value::as_str)
                    == Some("DISTRIBUTED")
                {
                    let mut distributed = Map::new();
                    distributed.insert("Resource".into(), json!("arn:aws:states:::states:startExecution"));
                    distributed.insert("Mode".into(), json!("DISTRIBUTED"));
                    distributed.insert("StateMachineName".into(), json!(machine_name));
                    out.push(distributed);
                }
                for k in ["ItemReader", "ResultWriter"] {
                    if let Some(Value::Object(r)) = s.get(k) {
                        out.push(r.clone());
                    }
                }
            }
            _ => {}
        }
    }
}

/// `consolidatePermissionsByAction` then `consolidatePermissionsByResource`.
fn consolidate(permissions: Vec<Permission>) -> Vec<Permission> {
    let mut by_action: IndexMap<String, Vec<Value>> = IndexMap::new();
    for (action, resource) in permissions {
        let list = by_action.entry(action).or_default();
        let items = match resource {
            Value::Array(items) => items,
            other => vec![other],
        };
        for item in items {
            if !list.contains(&item) {
                list.push(item);
            }
        }
    }
    let mut by_resource: IndexMap<String, (Vec<String>, Value)> = IndexMap::new();
    for (action, resources) in by_action {
        let resource = if resources.iter().any(|r| r == "*") { json!("*") } else { Value::Array(resources) };
        let (actions, _) = by_resource.entry(to_compact_string(&resource)).or_insert_with(|| (Vec::new(), resource));
        for a in action.split(',') {
            if !actions.iter().any(|x| x == a) {
                actions.push(a.to_string());
            }
        }
    }
    by_resource.into_values().map(|(actions, resource)| (actions.join(","), resource)).collect()
}

/// `provider.rolePermissionsBoundary` and `provider.iam.role.path`, which the plugin's roles take.
fn role_extras(r: &Resolved, role: &mut Value, boundary: bool) {
    let props = role["Properties"].as_object_mut().expect("properties");
    if boundary && let Some(b) = &r.config.provider.role_permissions_boundary {
        let b = b.to_json();
        if truthy(Some(&b)) {
            props.insert("PermissionsBoundary".into(), b);
        }
    }
    if let Some(crate::model::IamRole::Config(c)) = r.config.provider.iam.as_ref().and_then(|i| i.role.as_ref())
        && let Some(path) = &c.path
    {
        let path = path.to_json();
        if truthy(Some(&path)) {
            props.insert("Path".into(), path);
        }
    }
}

/// `compileIamRole`: the role of a state machine without `role`.
fn machine_role(r: &Resolved, key: &str, m: &Map<String, Value>, fns: &Functions) -> Value {
    let mut tasks = Vec::new();
    task_states(m.get("definition").and_then(|d| d.get("States")), &display_name(key, m), &mut tasks);
    let mut permissions: Vec<Permission> = tasks.iter().flat_map(|t| permissions(t, fns)).collect();
    if m.contains_key("loggingConfig") && truthy(m.get("loggingConfig")) {
        permissions.push(perm(
            "logs:CreateLogDelivery,logs:GetLogDelivery,logs:UpdateLogDelivery,logs:DeleteLogDelivery,\
             logs:ListLogDeliveries,logs:PutResourcePolicy,logs:DescribeResourcePolicies,logs:DescribeLogGroups",
            json!("*"),
        ));
    }
    if truthy(m.get("tracingConfig")) {
        permissions.push(perm(
            "xray:PutTraceSegments,xray:PutTelemetryRecords,xray:GetSamplingRules,xray:GetSamplingTargets",
            json!("*"),
        ));
    }
    if let Some(Value::Array(keys)) = m.get("kmsKeyArns")
        && !keys.is_empty()
    {
        permissions.push(perm(
            "kms:Decrypt,kms:Encrypt,kms:ReEncrypt*,kms:GenerateDataKey*,kms:DescribeKey",
            Value::Array(keys.clone()),
        ));
    }
    if let Some(key_id) = m.get("encryptionConfig").and_then(|e| e.get("KmsKeyId")).filter(|v| truthy(Some(v))) {
        permissions.push(perm("kms:Decrypt,kms:Encrypt", json!({ "Fn::Sub": key_id })));
    }
    let permissions = consolidate(permissions);
    let extra = match m.get("iamRoleStatements") {
        Some(Value::Array(s)) => s.clone(),
        _ => Vec::new(),
    };
    let statements: Vec<Value> = if permissions.is_empty() && extra.is_empty() {
        vec![json!({"Effect": "Deny", "Action": "*", "Resource": "*"})]
    } else {
        permissions
            .into_iter()
            .map(|(action, resource)| json!({"Effect": "Allow", "Action": action.split(',').collect::<Vec<_>>(), "Resource": resource}))
            .chain(extra)
            .collect()
    };
    let service = json!({"Fn::Sub": "states.${AWS::Region}.amazonaws.com"});
    role(r, service, format!("{}-{}-statemachine", r.stage, r.service()), statements, true)
}

/// A role `service` assumes, with one policy of `statements` (and the provider's boundary when
/// `boundary`, and path).
fn role(r: &Resolved, service: Value, policy: String, statements: Vec<Value>, boundary: bool) -> Value {
    let mut role = json!({
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": super::iam::assumed_by(service),
            "Policies": [{"PolicyName": policy, "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}]
        }
    });
    role_extras(r, &mut role, boundary);
    role
}

/// `getIntrinsicFunctions`: replaces the definition's intrinsics by `${<md5>}` placeholders and
/// returns them (name, intrinsic, whether it is a Wait state's `Seconds`), in the walk's order.
fn intrinsics(v: &mut Value, out: &mut Vec<(String, Value, bool)>) {
    let handle = |value: &mut Value, wait: bool, out: &mut Vec<(String, Value, bool)>| {
        if !value.is_array() && is_intrinsic(value) {
            let name = crate::hash::md5_hex(to_compact_string(value).as_bytes());
            let intrinsic = std::mem::replace(value, Value::String(format!("${{{name}}}")));
            out.push((name, intrinsic, wait));
        } else if value.is_array() || value.is_object() {
            intrinsics(value, out);
        }
    };
    match v {
        Value::Object(m) => {
            let is_wait = m.get("Type").and_then(Value::as_str) == Some("Wait");
            let keys: Vec<String> = m.keys().cloned().collect();
            for i in crate::naming::js_key_order(keys.iter().map(String::as_str)) {
                let key = &keys[i];
                let wait = is_wait && key == "Seconds";
                if let Some(value) = m.get_mut(key) {
                    handle(value, wait, out);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                handle(item, false, out);
            }
        }
        _ => {}
    }
}

/// `replacePseudoParameters`: `#{X}` as `${X}` anywhere in the definition's JSON text.
fn pseudo_parameters(definition: Value) -> (bool, Value) {
    let text = to_compact_string(&definition);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    let mut replaced = false;
    while let Some(at) = rest.find("#{") {
        let after = &rest[at + 2..];
        match after.find('}') {
            Some(end) if end > 0 => {
                out.push_str(&rest[..at]);
                out.push_str("${");
                out.push_str(&after[..end]);
                out.push('}');
                rest = &after[end + 1..];
                replaced = true;
            }
            _ => {
                out.push_str(&rest[..at + 2]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    if !replaced {
        return (false, definition);
    }
    (true, serde_json::from_str(&out).unwrap_or(definition))
}

/// What asl-validator (run by `validate: true`) changes in the definition it checks: every
/// state of every `States` object, at any depth, without a `QueryLanguage` gets the definition's
/// (default `JSONPath`).
fn default_query_language(definition: &mut Value) {
    let language = match definition.get("QueryLanguage") {
        Some(l) if !l.is_null() => l.clone(),
        _ => json!("JSONPath"),
    };
    fn walk(v: &mut Value, language: &Value) {
        match v {
            Value::Object(m) => {
                if let Some(states) = m.get_mut("States") {
                    let states: Vec<&mut Value> = match states {
                        Value::Object(s) => s.values_mut().collect(),
                        Value::Array(s) => s.iter_mut().collect(),
                        _ => Vec::new(),
                    };
                    for state in states {
                        if let Value::Object(state) = state
                            && !truthy(state.get("QueryLanguage"))
                        {
                            state.insert("QueryLanguage".into(), language.clone());
                        }
                    }
                }
                m.values_mut().for_each(|v| walk(v, language));
            }
            Value::Array(items) => items.iter_mut().for_each(|v| walk(v, language)),
            _ => {}
        }
    }
    walk(definition, &language);
}

/// The `DefinitionString` of a state machine (`validate`: after asl-validator's changes).
fn definition_string(definition: &Value, fns: &Functions, validate: bool) -> Value {
    if let Value::String(s) = definition {
        return Value::String(without_escaped_breaks(&to_compact_string(&json!(s))));
    }
    let mut definition = definition.clone();
    if validate {
        default_query_language(&mut definition);
    }
    let mut mappings = Vec::new();
    intrinsics(&mut definition, &mut mappings);
    let (replaced, definition) = pseudo_parameters(definition);
    let mut text = to_pretty_string(&definition);
    if mappings.is_empty() {
        return if replaced { json!({ "Fn::Sub": text }) } else { Value::String(text) };
    }
    for (name, _, wait) in &mappings {
        if *wait {
            text = text.replace(&format!("\"${{{name}}}\""), &format!("${{{name}}}"));
        }
    }
    let mut params = Map::new();
    for (name, value, _) in &mappings {
        let translated = fns.translate(value);
        match fns.resolve_name(&translated) {
            Some(function) => {
                text = text.replace(
                    &format!("${{{name}}}"),
                    &format!("arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:{function}"),
                );
            }
            None => {
                params.insert(name.clone(), translated);
            }
        }
    }
    if params.is_empty() { json!({ "Fn::Sub": text }) } else { json!({ "Fn::Sub": [text, params] }) }
}

/// `.replace(/\\n|\\r|\\n\\r/g, '')` on JSON text: every `\n` and `\r` escape pair dropped.
fn without_escaped_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && matches!(chars.peek(), Some('n' | 'r')) {
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// `toTags`: `{Key, Value: (value || '').toString()}`.
fn tags(pairs: impl Iterator<Item = (String, Value)>) -> Vec<Value> {
    pairs
        .map(|(k, v)| json!({"Key": k, "Value": if truthy(Some(&v)) { js_string(&v) } else { String::new() }}))
        .collect()
}

/// `compileStateMachines`: the state machine resource.
fn machine(r: &Resolved, key: &str, m: &Map<String, Value>, fns: &Functions, validate: bool) -> Value {
    let id = machine_id(key, m);
    let mut props = Map::new();
    if let Some(d) = m.get("definition").filter(|d| truthy(Some(d))) {
        props.insert("DefinitionString".into(), definition_string(d, fns, validate));
    }
    let mut depends_on = Vec::new();
    match m.get("role").filter(|v| truthy(Some(v))) {
        Some(role) => {
            props.insert("RoleArn".into(), role.clone());
        }
        None => {
            props.insert("RoleArn".into(), json!({"Fn::GetAtt": [format!("{id}Role"), "Arn"]}));
            depends_on.push(json!(format!("{id}Role")));
        }
    }
    match m.get("dependsOn").filter(|v| truthy(Some(v))) {
        Some(Value::Array(list)) => depends_on.extend(list.iter().cloned()),
        Some(other) => depends_on.push(other.clone()),
        None => {}
    }
    if let Some(t) = m.get("type") {
        props.insert("StateMachineType".into(), t.clone());
    }
    if let Some(Value::Object(c)) = m.get("loggingConfig") {
        let mut logging = Map::new();
        logging.insert("Level".into(), c.get("level").cloned().unwrap_or_else(|| json!("OFF")));
        logging.insert("IncludeExecutionData".into(), c.get("includeExecutionData").cloned().unwrap_or(json!(false)));
        if let Some(Value::Array(d)) = c.get("destinations")
            && !d.is_empty()
        {
            let d: Vec<Value> = d.iter().map(|arn| json!({"CloudWatchLogsLogGroup": {"LogGroupArn": arn}})).collect();
            logging.insert("Destinations".into(), Value::Array(d));
        }
        props.insert("LoggingConfiguration".into(), Value::Object(logging));
    }
    if let Some(Value::Object(c)) = m.get("tracingConfig") {
        props.insert(
            "TracingConfiguration".into(),
            json!({"Enabled": c.get("enabled").cloned().unwrap_or(json!(false))}),
        );
    }
    if let Some(Value::Object(c)) = m.get("encryptionConfig") {
        props.insert(
            "EncryptionConfiguration".into(),
            json!({
                "KmsDataKeyReusePeriodSeconds": c.get("KmsDataKeyReusePeriodSeconds").cloned().unwrap_or(json!(900)),
                "KmsKeyId": {"Fn::Sub": c.get("KmsKeyId").cloned().unwrap_or(json!(""))},
                "Type": c.get("Type").cloned().unwrap_or(json!("AWS_OWNED_KEY")),
            }),
        );
    }
    let mut all_tags = if m.get("inheritGlobalTags") == Some(&Value::Bool(false)) {
        Vec::new()
    } else {
        let provider = r.config.provider.tags.iter().flatten();
        tags(provider.map(|(k, v)| (k.clone(), v.to_json())))
    };
    if let Some(Value::Object(t)) = m.get("tags") {
        all_tags.extend(tags(entries(t).into_iter().map(|(k, v)| (k.clone(), v.clone()))));
    }
    if !all_tags.is_empty() {
        props.insert("Tags".into(), Value::Array(all_tags));
    }
    if let Some(name) = m.get("name").filter(|v| truthy(Some(v))) {
        props.insert("StateMachineName".into(), name.clone());
    }
    let mut resource =
        json!({"Type": "AWS::StepFunctions::StateMachine", "Properties": props, "DependsOn": depends_on});
    if truthy(m.get("retain")) {
        resource["DeletionPolicy"] = json!("Retain");
    }
    resource
}

/// The plugin's `package:compileFunctions` part: the state machines' roles, the state machines,
/// the activities and the alarms, with the outputs of the state machines and activities.
pub(crate) fn functions_stage(r: &Resolved, sf: &StepFunctions) -> Added {
    let fns = Functions::new(r);
    let mut added = Added::default();
    let machines = machines(sf);
    for (key, m) in &machines {
        if !truthy(m.get("role")) {
            added.merge(format!("{}Role", machine_id(key, m)), machine_role(r, key, m, &fns));
        }
    }
    let no_output = sf.settings.get("noOutput") == Some(&Value::Bool(true));
    let validate = truthy(sf.settings.get("validate"));
    for (key, m) in &machines {
        let id = machine_id(key, m);
        added.merge(id.clone(), machine(r, key, m, &fns, validate));
        if !no_output {
            let output = match custom_name(m) {
                Some(custom) => format!("{}Arn", normalize(&custom)),
                None => format!("{}StepFunctionsStateMachineArn", normalize(key)),
            };
            added.outputs.push((output, json!({"Description": "Current StateMachine Arn", "Value": {"Ref": id}})));
        }
    }
    if let Some(Value::Array(activities)) = sf.settings.get(KEY_ACTIVITIES) {
        for name in activities.iter().filter_map(Value::as_str) {
            let id = format!("{}StepFunctionsActivity", normalize(name));
            added.merge(id.clone(), json!({"Type": "AWS::StepFunctions::Activity", "Properties": {"Name": name}}));
            added
                .outputs
                .push((format!("{id}Arn"), json!({"Description": "Current StateMachine Arn", "Value": {"Ref": id}})));
        }
    }
    let mut alarms: IndexMap<String, Value> = IndexMap::new();
    for (key, m) in &machines {
        if let Some(Value::Object(config)) = m.get("alarms") {
            for (id, alarm) in machine_alarms(r, key, m, config) {
                alarms.insert(id, alarm);
            }
        }
    }
    for (id, alarm) in alarms {
        added.merge(id, alarm);
    }
    added
}

const KEY_ACTIVITIES: &str = "activities";

/// `compileAlarms` of one state machine.
fn machine_alarms(
    r: &Resolved,
    key: &str,
    m: &Map<String, Value>,
    config: &Map<String, Value>,
) -> Vec<(String, Value)> {
    let topic = |k: &str| -> Value {
        let t = config.get("topics").and_then(|t| t.get(k)).filter(|v| truthy(Some(v)));
        Value::Array(t.cloned().into_iter().collect())
    };
    let treat_default = config.get("treatMissingData").cloned().unwrap_or_else(|| json!("missing"));
    let period_default = config.get("period").cloned().unwrap_or_else(|| json!(60));
    let name = display_name(key, m);
    let id = machine_id(key, m);
    let mut metrics: Vec<&Value> = Vec::new();
    if let Some(Value::Array(list)) = config.get("metrics") {
        for metric in list {
            // `_.uniq`: strings by value, objects by identity.
            if !(metric.is_string() && metrics.contains(&metric)) {
                metrics.push(metric);
            }
        }
    }
    let mut out = Vec::new();
    for metric in metrics {
        let metric_name = metric.get("metric").unwrap_or(metric).as_str().unwrap_or_default();
        let Some((cw, description)) = metric_names(metric_name) else { continue };
        let alarm_id = metric.get("logicalId").map_or_else(|| format!("{id}{cw}Alarm"), js_string);
        let template_name = config.get("nameTemplate").and_then(Value::as_str).and_then(|t| {
            alarm_name_template(
                t,
                &[("stateMachineName", &name), ("cloudWatchMetricName", cw), ("metricName", metric_name)],
            )
        });
        let alarm_name = match metric.get("alarmName") {
            Some(n) => Some(n.clone()),
            None => template_name.map(Value::String),
        };
        let mut props = json!({
            "Namespace": "AWS/States",
            "MetricName": cw,
            "AlarmDescription": format!("{name}[{}][{}]: {description}", r.stage, r.region()),
            "Threshold": 1,
            "Period": metric.get("period").cloned().unwrap_or_else(|| period_default.clone()),
            "EvaluationPeriods": 1,
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "Statistic": "Sum",
            "OKActions": topic("ok"),
            "AlarmActions": topic("alarm"),
            "InsufficientDataActions": topic("insufficientData"),
            "TreatMissingData": metric.get("treatMissingData").cloned().unwrap_or_else(|| treat_default.clone()),
            "Dimensions": [{"Name": "StateMachineArn", "Value": {"Ref": id}}],
        });
        if let Some(n) = alarm_name.filter(|n| truthy(Some(n))) {
            props["AlarmName"] = n;
        }
        out.push((alarm_id, json!({"Type": "AWS::CloudWatch::Alarm", "Properties": props})));
    }
    out
}

fn metric_names(metric: &str) -> Option<(&'static str, &'static str)> {
    Some(match metric {
        "executionsTimedOut" => ("ExecutionsTimedOut", "executions timed out"),
        "executionsFailed" => ("ExecutionsFailed", "executions failed"),
        "executionsAborted" => ("ExecutionsAborted", "executions were aborted"),
        "executionThrottled" => ("ExecutionThrottled", "execution were throttled"),
        "executionsSucceeded" => ("ExecutionsSucceeded", "executions succeeded"),
        _ => return None,
    })
}

/// `getAlarmNameFromTemplate`: each `$[variable]` (first occurrence per match) replaced; `None`
/// when a variable is not one of the plugin's.
fn alarm_name_template(template: &str, variables: &[(&str, &str)]) -> Option<String> {
    let mut matches = Vec::new();
    let mut rest = template;
    let mut offset = 0;
    while let Some(at) = rest.find("$[") {
        let after = &rest[at + 2..];
        let inner_end = after.find([']', '[']).unwrap_or(after.len());
        if after[inner_end..].starts_with(']') {
            matches.push(&template[offset + at + 2..offset + at + 2 + inner_end]);
        }
        offset += at + 2;
        rest = after;
    }
    let mut name = template.to_string();
    for m in &matches {
        let (_, value) = variables.iter().find(|(k, _)| k == m)?;
        name = name.replacen(&format!("$[{m}]"), value, 1);
    }
    Some(name)
}

/// An event's rule as the plugin writes it: JSON text with the values put in as they are,
/// parsed back.
fn parse(text: &str, path: &str) -> Result<Value, crate::Diagnostic> {
    serde_json::from_str(text).map_err(|_| {
        crate::Diagnostic::error(
            codes::CONFIG_INVALID_VALUE,
            path,
            "serverless-step-functions writes this event as JSON text with its values put in as they are, and a `\"` or `\\` in them breaks the text: the plugin fails on it",
        )
        .with_help("leave out the `\"` and `\\` characters in the event's strings (`input` as an object is written for you)")
    })
}

/// `buildIamRole`: the role an event target assumes to start the execution.
fn event_role(r: &Resolved, principal: &str, policy: String, machine: &str, boundary: bool) -> Value {
    let statement = json!({"Effect": "Allow", "Action": ["states:StartExecution"], "Resource": {"Ref": machine}});
    role(r, json!(principal), policy, vec![statement], boundary)
}

/// `"key": "<value>",` when `value` is truthy, as the templates write optional entries.
fn entry(key: &str, value: Option<&str>) -> String {
    value.map_or_else(String::new, |v| format!("\"{key}\": \"{v}\","))
}

/// The input settings of a schedule or rule, as the plugin prepares them for its template:
/// (Input, InputPath, InputTransformer's InputPathsMap and InputTemplate, RetryPolicy).
struct Inputs {
    input: Option<String>,
    input_path: Option<String>,
    transformer: Option<(String, String)>,
    retry: Option<String>,
}

fn inputs(o: &Map<String, Value>) -> Inputs {
    let input = o.get("input").filter(|v| truthy(Some(v))).map(|v| match v {
        Value::String(s) => s.replace('"', "\\\""),
        Value::Object(_) | Value::Array(_) => to_compact_string(v).replace('"', "\\\""),
        other => js_string(other),
    });
    let transformer = o.get("inputTransformer").filter(|v| truthy(Some(v))).map(|t| {
        let map = match t.get("inputPathsMap") {
            Some(v @ Value::Object(_)) => to_compact_string(v),
            v => text(v),
        };
        let template = match t.get("inputTemplate") {
            Some(Value::String(s)) => s.replace('"', "\\\""),
            v => text(v),
        };
        (map, template)
    });
    let retry = o.get("retryPolicy").filter(|v| truthy(Some(v))).map(|p| {
        let mut m = Map::new();
        for (from, to) in
            [("maximumEventAgeInSeconds", "MaximumEventAgeInSeconds"), ("maximumRetryAttempts", "MaximumRetryAttempts")]
        {
            if let Some(v) = p.get(from) {
                m.insert(to.into(), v.clone());
            }
        }
        to_compact_string(&Value::Object(m))
    });
    Inputs { input, input_path: o.get("inputPath").filter(|v| truthy(Some(v))).map(js_string), transformer, retry }
}

/// The plugin's `package:compileEvents` part: each state machine's schedules, then each one's
/// CloudWatch/EventBridge rules, with the roles that start the executions.
pub(crate) fn events_stage(r: &Resolved, sf: &StepFunctions) -> Result<Added, Vec<crate::Diagnostic>> {
    let mut added = Added::default();
    // Every event the plugin could not write is reported, in one run.
    let mut errors = Vec::new();
    let machines = machines(sf);
    let prefix = format!("{}-{}-{}", r.stage, r.region(), r.service());
    for (key, m) in &machines {
        let Some(Value::Array(events)) = m.get("events") else { continue };
        let machine = machine_id(key, m);
        let mut n = 0;
        for (i, event) in events.iter().enumerate() {
            let Some(schedule) = event.get("schedule").filter(|v| truthy(Some(v))) else { continue };
            n += 1;
            let path = join(&index(&join(&join(&join(KEY, "stateMachines"), key), "events"), i), "schedule");
            let (o, empty) = (schedule.as_object(), Map::new());
            let o = o.unwrap_or(&empty);
            let rate = o.get("rate").map_or_else(|| js_string(schedule), js_string);
            let state = if o.get("enabled") == Some(&Value::Bool(false)) { "DISABLED" } else { "ENABLED" };
            let scheduler = o.get("method").and_then(Value::as_str) == Some("scheduler");
            let io = inputs(o);
            let text_of = |k: &str| o.get(k).filter(|v| truthy(Some(v))).map(js_string);
            let (name, description, timezone) = (text_of("name"), text_of("description"), text_of("timezone"));
            let role_id = format!("{}ScheduleToStepFunctionsRole", normalize(key));
            let role_arn = match o.get("role").filter(|v| truthy(Some(v))) {
                Some(role) => to_compact_string(role),
                None => format!("{{\"Fn::GetAtt\": [\"{role_id}\", \"Arn\"]}}"),
            };
            let (id, template) = if scheduler {
                let input = io.input.as_deref().map_or_else(String::new, |i| format!(",\"Input\": \"{i}\""));
                (
                    format!("{}StepFunctionsSchedulerSchedule{n}", normalize(key)),
                    format!(
                        "{{\"Type\": \"AWS::Scheduler::Schedule\", \"Properties\": {{\"ScheduleExpression\": \"{rate}\", \
                         \"State\": \"{state}\", {}{}{}\"Target\": {{\"Arn\": {{\"Ref\": \"{machine}\"}}, \"RoleArn\": {role_arn}{input}}}, \
                         \"FlexibleTimeWindow\": {{\"Mode\": \"OFF\"}}}}}}",
                        entry("ScheduleExpressionTimezone", timezone.as_deref()),
                        entry("Name", name.as_deref()),
                        entry("Description", description.as_deref()),
                    ),
                )
            } else {
                let transformer = io.transformer.as_ref().map_or_else(String::new, |(map, template)| {
                    format!("\"InputTransformer\": {{\"InputPathsMap\": {map}, \"InputTemplate\": \"{template}\"}},")
                });
                let retry = io.retry.as_deref().map_or_else(String::new, |p| format!("\"RetryPolicy\": {p},"));
                (
                    format!("{}StepFunctionsEventsRuleSchedule{n}", normalize(key)),
                    format!(
                        "{{\"Type\": \"AWS::Events::Rule\", \"Properties\": {{\"ScheduleExpression\": \"{rate}\", \
                         \"State\": \"{state}\", {}{}\"Targets\": [{{{}{}{transformer}\"Arn\": {{\"Ref\": \"{machine}\"}}, \
                         \"Id\": \"{key}StepFunctionsSchedule\", {retry}\"RoleArn\": {role_arn}}}]}}}}",
                        entry("Name", name.as_deref()),
                        entry("Description", description.as_deref()),
                        entry("Input", io.input.as_deref()),
                        entry("InputPath", io.input_path.as_deref()),
                    ),
                )
            };
            match parse(&template, &path) {
                Ok(rule) => added.merge(id, rule),
                Err(d) => {
                    errors.push(d);
                    continue;
                }
            }
            if !truthy(o.get("role")) {
                let principal = if scheduler { "scheduler.amazonaws.com" } else { "events.amazonaws.com" };
                added.merge(role_id, event_role(r, principal, format!("{prefix}-{key}-schedule"), &machine, true));
            }
        }
    }
    for (key, m) in &machines {
        let Some(Value::Array(events)) = m.get("events") else { continue };
        let machine = machine_id(key, m);
        let mut n = 0;
        for (i, event) in events.iter().enumerate() {
            let Some((kind, Value::Object(o))) = ["cloudwatchEvent", "eventBridge"]
                .into_iter()
                .find_map(|k| event.get(k).filter(|v| truthy(Some(v))).map(|v| (k, v)))
            else {
                continue;
            };
            n += 1;
            let path = join(&index(&join(&join(&join(KEY, "stateMachines"), key), "events"), i), kind);
            let pattern =
                without_escaped_breaks(&text(o.get("event").map(to_compact_string).map(Value::String).as_ref()));
            let state = if o.get("enabled") == Some(&Value::Bool(false)) { "DISABLED" } else { "ENABLED" };
            let io = inputs(o);
            let text_of = |k: &str| o.get(k).filter(|v| truthy(Some(v))).map(js_string);
            let stringified = |k: &str| o.get(k).map(to_compact_string);
            let (bus, role, dead_letter) =
                (stringified("eventBusName"), stringified("iamRole"), stringified("deadLetterConfig"));
            let role_id = format!("{}EventToStepFunctionsRole", normalize(key));
            let transformer = io.transformer.as_ref().map_or_else(String::new, |(map, template)| {
                format!("\"InputTransformer\": {{\"InputPathsMap\": {map}, \"InputTemplate\": \"{template}\"}},")
            });
            let template = format!(
                "{{\"Type\": \"AWS::Events::Rule\", \"Properties\": {{{}\"EventPattern\": {pattern}, \"State\": \"{state}\", {}{}\
                 \"Targets\": [{{{}{}{transformer}\"Arn\": {{\"Ref\": \"{machine}\"}}, \"Id\": \"{key}CloudWatchEvent\", {}{}{}}}]}}}}",
                bus.as_deref().map_or_else(String::new, |b| format!("\"EventBusName\": {b},")),
                entry("Description", text_of("description").as_deref()),
                entry("Name", text_of("name").as_deref()),
                entry("Input", io.input.as_deref().map(without_escaped_breaks).as_deref()),
                entry(
                    "InputPath",
                    io.input_path.as_deref().map(|p| p.replace("\r\n", "").replace('\n', "")).as_deref()
                ),
                dead_letter.as_deref().map_or_else(String::new, |d| format!("\"DeadLetterConfig\": {{\"Arn\": {d}}},")),
                io.retry.as_deref().map_or_else(String::new, |p| format!("\"RetryPolicy\": {p},")),
                match &role {
                    Some(role) => format!("\"RoleArn\": {role}"),
                    None => format!("\"RoleArn\": {{\"Fn::GetAtt\": [\"{role_id}\", \"Arn\"]}}"),
                },
            );
            match parse(&template, &path) {
                Ok(rule) => added.merge(format!("{}EventsRuleCloudWatchEvent{n}", normalize(key)), rule),
                Err(d) => {
                    errors.push(d);
                    continue;
                }
            }
            if role.is_none() {
                added.merge(
                    role_id,
                    event_role(r, "events.amazonaws.com", format!("{prefix}-{key}-event"), &machine, false),
                );
            }
        }
    }
    if errors.is_empty() { Ok(added) } else { Err(errors) }
}
