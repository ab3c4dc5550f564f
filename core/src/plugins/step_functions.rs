//! serverless-step-functions (npm 3.31.2, `lib/deploy/stepFunctions/*`, `lib/deploy/events/*`,
//! `lib/naming.js`, `lib/utils/aws.js`): Step Functions state machines, their IAM roles, activities,
//! alarms and `schedule`/`cloudwatchEvent`/`eventBridge` events, from the top-level
//! `stepFunctions`. Here its settings and checks; the resources are built in
//! `synth/step_functions.rs`.
//!
//! The plugin's hooks: `package:compileFunctions` (after the framework's functions: the state
//! machines' roles, the state machines, the activities, the alarms, with the state machines' and
//! activities' outputs) and `package:compileEvents` (after the framework's events: the schedules
//! and the event rules, each with the role that starts the execution).
//!
//! Not reproduced, each an error that says what to do instead: `http` events (the plugin's own
//! REST API), `notifications`, `useExactVersion: true`, `configureTaskTimeouts: true`, and the
//! IAM statements of Task states for EMR, Athena, Redshift Data and EventBridge targets and
//! schedules (give the state machine a `role`, or list the statements in `iamRoleStatements`
//! ... which still needs the derived ones: give a `role`). `validate: true` asks the plugin to
//! validate the definitions' ASL: stackwright does not (a note says so).

use serde_json::{Map, Value};

use crate::codes;
use crate::reader::{Keys, Loader, describe, index, join};

/// The plugin's settings: the top-level `stepFunctions` as written (checked when loaded; the
/// template parts are built from it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StepFunctions {
    /// `stepFunctions`.
    pub settings: Value,
}

impl serde::Serialize for StepFunctions {
    /// As serverless.yml's `stepFunctions`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.settings.serialize(s)
    }
}

/// The plugin's npm name.
pub const STEP_FUNCTIONS: &str = "serverless-step-functions";
/// Its top-level key.
pub const KEY: &str = "stepFunctions";

/// The keys of a state machine (the plugin's Joi schema).
const MACHINE: &[&str] = &[
    "id",
    "events",
    "name",
    "role",
    "useExactVersion",
    "configureTaskTimeouts",
    "definition",
    "dependsOn",
    "tags",
    "alarms",
    "notifications",
    "type",
    "retain",
    "loggingConfig",
    "tracingConfig",
    "encryptionConfig",
    "inheritGlobalTags",
    "iamRoleStatements",
    "kmsKeyArns",
];

/// Task resources whose IAM statements the plugin derives and stackwright does not: their
/// prefixes after `arn:aws:states:::`.
pub(crate) const UNREPRODUCED_TASKS: &[&str] =
    &["elasticmapreduce:", "athena:", "aws-sdk:redshiftdata:", "aws-sdk:eventbridge:putTargets", "aws-sdk:scheduler:"];

/// The alarm metrics the plugin knows.
pub(crate) const METRICS: &[&str] =
    &["executionsTimedOut", "executionsFailed", "executionsAborted", "executionThrottled", "executionsSucceeded"];

/// `normalizeArn`: the partition of a Task's `Resource` (`aws-cn`, `${AWS::Partition}`) as `aws`.
pub(crate) fn normalize_arn(resource: &str) -> String {
    let Some(rest) = resource.strip_prefix("arn:") else { return resource.to_string() };
    let end = if rest.starts_with("${AWS::Partition}:") {
        "${AWS::Partition}".len()
    } else if let Some(after) = rest.strip_prefix("aws") {
        // `aws(-[a-z]+)*`
        let mut i = 0;
        let b = after.as_bytes();
        while i < b.len() && b[i] == b'-' && b.get(i + 1).is_some_and(u8::is_ascii_lowercase) {
            i += 1;
            while i < b.len() && b[i].is_ascii_lowercase() {
                i += 1;
            }
        }
        3 + i
    } else {
        return resource.to_string();
    };
    match rest[end..].strip_prefix(':') {
        Some(tail) => format!("arn:aws:{tail}"),
        None => resource.to_string(),
    }
}

fn reject(l: &mut Loader, at: &str, what: &str, help: &str) {
    l.error_help(
        codes::UNSUPPORTED_PLUGIN,
        at,
        format!("{what} of serverless-step-functions is not reproduced by stackwright"),
        help,
    );
}

/// `expected <expected>, found <v>`, with the plugin's schema as the help.
fn wrong(l: &mut Loader, at: &str, expected: &str, v: &Value) {
    invalid(
        l,
        at,
        format!("expected {expected}, found {}", describe(v)),
        "the plugin's schema allows this shape only (serverless-step-functions' README shows each setting)",
    );
}

fn invalid(l: &mut Loader, at: &str, message: String, help: &str) {
    l.error_help(codes::CONFIG_INVALID_VALUE, at, message, help);
}

/// Reads `stepFunctions` (`v`), reporting what the plugin rejects and what stackwright does not
/// reproduce.
pub(crate) fn load(l: &mut Loader, v: &Value) -> Option<StepFunctions> {
    let keys =
        Keys { allowed: &["stateMachines", "validate", "noOutput", "activities"], unsupported: &[], no_effect: &[] };
    let map = &*l.object(v, KEY, &keys)?;
    for key in ["validate", "noOutput"] {
        if let Some(b) = map.get(key)
            && !b.is_boolean()
        {
            wrong(l, &join(KEY, key), "a boolean", b);
        }
    }
    if map.get("validate") == Some(&Value::Bool(true)) {
        l.note_help(
            codes::STEP_FUNCTIONS_NOT_VALIDATED,
            &join(KEY, "validate"),
            "serverless-step-functions validates the state machines' definitions (Amazon States Language) \
             before packaging; stackwright does not",
            "Step Functions checks the definitions when the stack is deployed; to check them before, run \
             `aws stepfunctions validate-state-machine-definition` or the asl-validator package",
        );
    }
    if let Some(activities) = map.get("activities") {
        let at = join(KEY, "activities");
        match activities {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(name) => logical_id(l, &index(&at, i), name, "StepFunctionsActivity"),
                        _ => wrong(l, &index(&at, i), "an activity name", item),
                    }
                }
            }
            _ => wrong(l, &at, "a list of activity names", activities),
        }
    }
    let at = join(KEY, "stateMachines");
    match map.get("stateMachines") {
        Some(Value::Object(machines)) => {
            for (key, machine) in machines {
                state_machine(l, machine, &join(&at, key), key);
            }
        }
        Some(Value::Null) | None => {}
        Some(other) => wrong(l, &at, "an object of state machines by name", other),
    }
    Some(StepFunctions { settings: v.clone() })
}

/// A logical ID made of `name` must be letters and digits.
fn logical_id(l: &mut Loader, at: &str, name: &str, suffix: &str) {
    let id = format!("{}{suffix}", crate::naming::normalize(name));
    if id.is_empty() || id.len() > 255 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        l.error_help(
            codes::INVALID_LOGICAL_ID,
            at,
            format!("\"{name}\" gives the CloudFormation logical ID \"{id}\", which is not valid: logical IDs are 1 to 255 letters and digits"),
            "use letters, digits, `-` and `_` only",
        );
    }
}

fn state_machine(l: &mut Loader, v: &Value, path: &str, key: &str) {
    let keys = Keys { allowed: MACHINE, unsupported: &[], no_effect: &[] };
    let Some(map) = l.object(v, path, &keys) else { return };
    let map = &*map;
    let custom = match (map.get("id"), map.get("name")) {
        (Some(Value::String(id)), _) => Some(("id", id)),
        (_, Some(Value::String(name))) => Some(("name", name)),
        _ => None,
    };
    match custom {
        Some((k, name)) => logical_id(l, &join(path, k), name, ""),
        None => logical_id(l, path, key, "StepFunctionsStateMachine"),
    }
    for (k, value) in map {
        let at = join(path, k);
        match (k.as_str(), value) {
            ("id" | "name", Value::String(_)) => {}
            ("id" | "name", _) => wrong(l, &at, "a string", value),
            ("type", Value::String(t)) if t == "STANDARD" || t == "EXPRESS" => {}
            ("type", _) => wrong(l, &at, "`STANDARD` or `EXPRESS`", value),
            ("retain" | "inheritGlobalTags", Value::Bool(_)) => {}
            ("useExactVersion" | "configureTaskTimeouts", Value::Bool(false)) => {}
            ("useExactVersion", Value::Bool(true)) => reject(
                l,
                &at,
                "`useExactVersion`",
                "reference the function versions yourself: `Resource: {Ref: <Function>LambdaVersion...}` is not \
                 stable, so point the Task at an alias (`functions.<name>.provisionedConcurrency` creates one) or \
                 remove `useExactVersion`",
            ),
            ("configureTaskTimeouts", Value::Bool(true)) => reject(
                l,
                &at,
                "`configureTaskTimeouts`",
                "write `TimeoutSeconds` on the Task states yourself (the function's `timeout`), and remove \
                 `configureTaskTimeouts`",
            ),
            ("retain" | "inheritGlobalTags" | "useExactVersion" | "configureTaskTimeouts", _) => {
                wrong(l, &at, "a boolean", value)
            }
            ("tags", Value::Object(_)) => {}
            ("tags", _) => wrong(l, &at, "an object of tag values by key", value),
            ("dependsOn", Value::String(_)) => {}
            ("dependsOn", Value::Array(items)) if items.iter().all(Value::is_string) => {}
            ("dependsOn", _) => wrong(l, &at, "a logical ID or a list of them", value),
            ("role", _) => role(l, value, &at),
            ("definition", Value::String(_)) => {}
            ("definition", Value::Object(_)) => definition(l, value, &at),
            ("definition", _) => wrong(l, &at, "an object (the Amazon States Language definition)", value),
            ("loggingConfig", _) => logging(l, value, &at),
            ("tracingConfig", _) => {
                let keys = Keys { allowed: &["enabled"], unsupported: &[], no_effect: &[] };
                if let Some(m) = l.object(value, &at, &keys).as_deref()
                    && let Some(b) = m.get("enabled").filter(|b| !b.is_boolean())
                {
                    wrong(l, &join(&at, "enabled"), "a boolean", b);
                }
            }
            ("encryptionConfig", _) => {
                let keys = Keys {
                    allowed: &["KmsDataKeyReusePeriodSeconds", "KmsKeyId", "Type"],
                    unsupported: &[],
                    no_effect: &[],
                };
                if let Some(m) = l.object(value, &at, &keys).as_deref() {
                    for (k, v) in m {
                        let ok = if k == "KmsDataKeyReusePeriodSeconds" { v.is_number() } else { v.is_string() };
                        if !ok {
                            wrong(l, &join(&at, k), if v.is_number() { "a string" } else { "a number" }, v);
                        }
                    }
                }
            }
            ("kmsKeyArns", Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    arn(l, item, &index(&at, i));
                }
            }
            ("kmsKeyArns", _) => wrong(l, &at, "a list of KMS key ARNs", value),
            ("iamRoleStatements", Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let keys = Keys { allowed: &["Effect", "Action", "Resource"], unsupported: &[], no_effect: &[] };
                    l.object(item, &index(&at, i), &keys);
                }
            }
            ("iamRoleStatements", _) => wrong(l, &at, "a list of IAM statements", value),
            ("alarms", _) => alarms(l, value, &at),
            ("notifications", _) => reject(
                l,
                &at,
                "`notifications`",
                "declare an `AWS::Events::Rule` on the state machine's `Step Functions Execution Status Change` \
                 events with your targets in `resources`",
            ),
            ("events", Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    event(l, item, &index(&at, i));
                }
            }
            ("events", _) => wrong(l, &at, "a list of events", value),
            _ => {}
        }
    }
    if !map.contains_key("definition") {
        l.missing(path, "definition", "give the state machine its Amazon States Language `definition`");
    }
    if map.contains_key("role") && map.contains_key("iamRoleStatements") {
        invalid(
            l,
            &join(path, "iamRoleStatements"),
            "`role` and `iamRoleStatements` together: the plugin accepts one of them".into(),
            "add the statements to the given role, or remove `role` to have the plugin's role with them",
        );
    }
    if !map.contains_key("role")
        && let Some(Value::Object(def)) = map.get("definition")
    {
        task_states(l, def.get("States"), &join(&join(path, "definition"), "States"));
    }
}

/// An ARN string or one of the intrinsics the plugin's schema allows (`Ref`, `Fn::GetAtt`,
/// `Fn::ImportValue`, `Fn::Join`).
fn arn(l: &mut Loader, v: &Value, at: &str) {
    let ok = match v {
        Value::String(s) => s.starts_with("arn:aws"),
        Value::Object(m) if m.len() == 1 => match m.iter().next() {
            Some((k, Value::String(_))) => k == "Ref" || k == "Fn::ImportValue",
            Some((k, Value::Array(_))) => k == "Fn::GetAtt" || k == "Fn::Join",
            Some((k, Value::Object(_))) => k == "Fn::ImportValue",
            _ => false,
        },
        _ => false,
    };
    if !ok {
        invalid(
            l,
            at,
            format!(
                "expected an ARN (`arn:aws...`) or `Ref`, `Fn::GetAtt`, `Fn::ImportValue` or `Fn::Join`, found {}",
                describe(v)
            ),
            "the plugin's schema allows these only: write the ARN, or build it with `Fn::Join`",
        );
    }
}

fn role(l: &mut Loader, v: &Value, at: &str) {
    arn(l, v, at);
}

fn logging(l: &mut Loader, v: &Value, at: &str) {
    let keys = Keys { allowed: &["level", "includeExecutionData", "destinations"], unsupported: &[], no_effect: &[] };
    let Some(m) = l.object(v, at, &keys) else { return };
    let m = &*m;
    if let Some(level) = m.get("level")
        && !matches!(level.as_str(), Some("ALL" | "ERROR" | "FATAL" | "OFF"))
    {
        wrong(l, &join(at, "level"), "`ALL`, `ERROR`, `FATAL` or `OFF`", level);
    }
    if let Some(b) = m.get("includeExecutionData").filter(|b| !b.is_boolean()) {
        wrong(l, &join(at, "includeExecutionData"), "a boolean", b);
    }
    match m.get("destinations") {
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                arn(l, item, &index(&join(at, "destinations"), i));
            }
        }
        Some(other) => wrong(l, &join(at, "destinations"), "a list of log group ARNs", other),
        None => {}
    }
}

/// The definition's intrinsics: `Fn::GetAtt` must be a list (the plugin takes a string's first
/// two characters as the logical ID and attribute).
fn definition(l: &mut Loader, v: &Value, at: &str) {
    match v {
        Value::Object(m) => {
            for (k, value) in m {
                let here = join(at, k);
                if k == "Fn::GetAtt" && !value.is_array() {
                    invalid(
                        l,
                        &here,
                        format!("expected `Fn::GetAtt` as a list `[logicalId, attribute]`, found {}", describe(value)),
                        "write it as a list, e.g. `Fn::GetAtt: [hello, Arn]`: the plugin reads a string as one",
                    );
                } else {
                    definition(l, value, &here);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                definition(l, item, &index(at, i));
            }
        }
        _ => {}
    }
}

/// The Task states the plugin derives IAM statements from (Parallel branches, Map processors,
/// their readers and writers): what would stop the plugin, and what stackwright does not derive.
fn task_states(l: &mut Loader, states: Option<&Value>, at: &str) {
    let Some(Value::Object(states)) = states else { return };
    for (name, state) in states {
        let here = join(at, name);
        let Value::Object(state) = state else { continue };
        match state.get("Type").and_then(Value::as_str) {
            Some("Task") => task(l, state, &here),
            Some("Parallel") => {
                if let Some(Value::Array(branches)) = state.get("Branches") {
                    for (i, branch) in branches.iter().enumerate() {
                        task_states(l, branch.get("States"), &join(&index(&join(&here, "Branches"), i), "States"));
                    }
                }
            }
            Some("Map") => {
                let processor = ["ItemProcessor", "Iterator"].into_iter().find(|k| state.contains_key(*k));
                match processor {
                    Some(k) => task_states(l, state[k].get("States"), &join(&join(&here, k), "States")),
                    None => l.missing(
                        &here,
                        "ItemProcessor",
                        "give the Map state its `ItemProcessor` (or the older `Iterator`): the plugin needs it",
                    ),
                }
                for k in ["ItemReader", "ResultWriter"] {
                    if let Some(Value::Object(s)) = state.get(k) {
                        task(l, s, &join(&here, k));
                    }
                }
            }
            _ => {}
        }
    }
}

fn task(l: &mut Loader, state: &Map<String, Value>, at: &str) {
    match state.get("Resource") {
        Some(Value::String(resource)) => {
            let normalized = normalize_arn(resource);
            if let Some(service) = normalized.strip_prefix("arn:aws:states:::")
                && UNREPRODUCED_TASKS.iter().any(|p| service.starts_with(p))
            {
                reject(
                    l,
                    &join(at, "Resource"),
                    &format!("The IAM statements for a `{resource}` Task"),
                    "give the state machine a `role` with the permissions the Task needs",
                );
            }
        }
        Some(Value::Object(_)) => {}
        Some(other) => wrong(l, &join(at, "Resource"), "an ARN or an intrinsic", other),
        None => l.missing(at, "Resource", "give the Task state its `Resource`: the plugin needs it for the role"),
    }
}

fn alarms(l: &mut Loader, v: &Value, at: &str) {
    let keys = Keys {
        allowed: &["topics", "metrics", "nameTemplate", "treatMissingData", "period"],
        unsupported: &[],
        no_effect: &[],
    };
    let Some(m) = l.object(v, at, &keys) else { return };
    let m = &*m;
    match m.get("topics") {
        Some(Value::Object(topics)) => {
            let keys = Keys { allowed: &["ok", "alarm", "insufficientData"], unsupported: &[], no_effect: &[] };
            l.check_keys(topics, &join(at, "topics"), &keys);
        }
        Some(other) => wrong(l, &join(at, "topics"), "an object with `ok`, `alarm` or `insufficientData`", other),
        None => l.missing(at, "topics", "give the alarms' SNS topics: `topics: {alarm: <topic ARN>}`"),
    }
    match m.get("metrics") {
        Some(Value::Array(items)) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                let here = index(&join(at, "metrics"), i);
                let metric = match item {
                    Value::Object(o) => {
                        let keys = Keys {
                            allowed: &["metric", "logicalId", "alarmName", "treatMissingData", "period"],
                            unsupported: &[],
                            no_effect: &[],
                        };
                        l.check_keys(o, &here, &keys);
                        o.get("metric")
                    }
                    other => Some(other),
                };
                if !metric.and_then(Value::as_str).is_some_and(|s| METRICS.contains(&s)) {
                    invalid(
                        l,
                        &here,
                        format!(
                            "expected one of the metrics {}, found {}",
                            crate::reader::list(METRICS),
                            metric.map_or("nothing".into(), describe)
                        ),
                        "the plugin creates no alarm for other metrics: declare it in `resources`",
                    );
                }
            }
        }
        Some(other) => wrong(l, &join(at, "metrics"), "a list of metrics", other),
        None => l.missing(at, "metrics", "list the metrics to alarm on, e.g. `metrics: [executionsFailed]`"),
    }
    match m.get("nameTemplate") {
        Some(Value::String(t))
            if !t.split("$[").skip(1).any(|rest| rest.split(['[']).next().is_some_and(|r| r.contains(']'))) =>
        {
            invalid(
                l,
                &join(at, "nameTemplate"),
                format!("`{t}` has no `$[...]` variable: the plugin fails on such a template"),
                "use `$[stateMachineName]`, `$[cloudWatchMetricName]` or `$[metricName]` in it, or give each metric an `alarmName`",
            )
        }
        Some(Value::String(_)) | None => {}
        Some(t) => wrong(l, &join(at, "nameTemplate"), "a string", t),
    }
}

fn event(l: &mut Loader, v: &Value, at: &str) {
    let Value::Object(m) = v else { return wrong(l, at, "an event (an object with one key)", v) };
    for (kind, e) in m {
        let here = join(at, kind);
        match kind.as_str() {
            "schedule" => match e {
                Value::String(_) => {}
                Value::Object(o) => {
                    if !crate::json::truthy(o.get("rate")) {
                        l.missing(&here, "rate", "give the schedule its `rate`, e.g. `rate: rate(10 minutes)`");
                    }
                    if let Some(method) = o.get("method")
                        && !matches!(method.as_str(), Some("eventBus" | "scheduler"))
                    {
                        wrong(l, &join(&here, "method"), "`eventBus` or `scheduler`", method);
                    }
                    let scheduler = o.get("method").and_then(Value::as_str) == Some("scheduler");
                    inputs(l, o, &here, scheduler);
                }
                _ => wrong(l, &here, "a schedule expression or an object with `rate`", e),
            },
            "cloudwatchEvent" | "eventBridge" => match e {
                Value::Object(o) => {
                    if !crate::json::truthy(o.get("event")) {
                        l.missing(&here, "event", "give the rule its event pattern: `event: {source: [...]}`");
                    }
                    inputs(l, o, &here, false);
                }
                _ => wrong(l, &here, "an object with `event`", e),
            },
            "http" => reject(
                l,
                &here,
                "The `http` event (its own REST API with a StartExecution integration)",
                "start the execution from a function with an `http` event (`StartExecution` with the AWS SDK and \
                 `states:StartExecution` in `provider.iam.role.statements`), or declare the API Gateway method with an \
                 `AWS` integration to `states:action/StartExecution` in `resources`",
            ),
            _ => invalid(
                l,
                &here,
                format!("unknown event `{kind}` of a state machine"),
                "serverless-step-functions knows `schedule`, `cloudwatchEvent`, `eventBridge` and `http` events",
            ),
        }
    }
}

/// At most one of `input`, `inputPath`, `inputTransformer`; the scheduler has neither of the
/// last two, the event bus no `timezone`.
fn inputs(l: &mut Loader, o: &Map<String, Value>, at: &str, scheduler: bool) {
    let given: Vec<&str> =
        ["input", "inputPath", "inputTransformer"].into_iter().filter(|k| crate::json::truthy(o.get(*k))).collect();
    if given.len() > 1 {
        invalid(
            l,
            &join(at, given[1]),
            format!(
                "`{}` and `{}` together: an event target takes one of `input`, `inputPath`, `inputTransformer`",
                given[0], given[1]
            ),
            "keep one of them",
        );
    }
    for k in ["inputPath", "inputTransformer"] {
        if scheduler && crate::json::truthy(o.get(k)) {
            invalid(
                l,
                &join(at, k),
                format!("`{k}` with `method: scheduler`: EventBridge Scheduler has no `{k}`"),
                "use `input`, or `method: eventBus`",
            );
        }
    }
    if !scheduler && crate::json::truthy(o.get("timezone")) {
        invalid(
            l,
            &join(at, "timezone"),
            "`timezone` without `method: scheduler`: only EventBridge Scheduler schedules have a time zone".into(),
            "add `method: scheduler`, or remove `timezone`",
        );
    }
}
