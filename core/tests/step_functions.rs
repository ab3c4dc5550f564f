//! serverless-step-functions (`stackwright_core::plugins::step_functions`), against templates the
//! plugin itself wrote.
//!
//! Each `data/step_functions/<case>/step_functions.json` holds, verbatim, parts of a template
//! that `serverless package` wrote with osls 4.3.1 (the open-source Serverless Framework v3 line)
//! and serverless-step-functions 3.31.2 for the case's `serverless.json` (written as
//! serverless.yml, its variables resolved): the resources the plugin added (state machines, their
//! roles, activities, alarms, schedules, event rules and their roles), its outputs, and the order
//! of resources and outputs (without the function versions and their outputs, whose IDs follow
//! the framework). `events` also lists serverless-plugin-aws-alerts before the plugin: its alarm
//! precedes the plugin's event resources. The rest of the template is the framework's, which the
//! conformance suites tie to Serverless Framework v4.

mod support;

use serde_json::{Value, json};
use stackwright_core::*;
use support::template;

/// The entries of `section` (`Resources` or `Outputs`) of `t` that `expected` lists, in its order.
fn picked(t: &Value, section: &str, expected: &Value) -> Value {
    let keys = expected.as_object().unwrap().keys();
    Value::Object(keys.map(|k| (k.clone(), t[section].get(k).cloned().unwrap_or(Value::Null))).collect())
}

#[test]
fn state_machines_roles_and_events_are_what_the_plugin_writes() {
    let same = |case, what, actual: &Value, expected: &Value| {
        support::same("serverless-step-functions", case, what, actual, expected)
    };
    for case in ["basic", "iam", "definition", "events", "alarms", "overrides"] {
        let config = support::data("step_functions", case, "serverless.json");
        let expected = support::data("step_functions", case, "step_functions.json");
        let t = template(&config);
        same(case, "the plugin's resources", &picked(&t, "Resources", &expected["resources"]), &expected["resources"]);
        let order: Vec<&String> =
            t["Resources"].as_object().unwrap().keys().filter(|k| !k.contains("LambdaVersion")).collect();
        same(case, "resource order", &json!(order), &expected["resourceOrder"]);
        same(case, "the plugin's outputs", &picked(&t, "Outputs", &expected["outputs"]), &expected["outputs"]);
        let order: Vec<&String> =
            t["Outputs"].as_object().unwrap().keys().filter(|k| !k.contains("QualifiedArn")).collect();
        same(case, "output order", &json!(order), &expected["outputOrder"]);
    }
}

fn service(machine: Value) -> Value {
    support::plugin_service("serverless-step-functions", "stepFunctions", json!({"stateMachines": {"main": machine}}))
}

fn pass() -> Value {
    json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}})
}

fn with(extra: Value) -> Value {
    let mut machine = json!({ "definition": pass() });
    machine.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    service(machine)
}

fn rejected(config: Value, code: &str, path: &str, message: &str) {
    support::rejected(&config, code, path, message)
}

const AT: &str = "stepFunctions.stateMachines.main";

#[test]
fn what_stackwright_does_not_reproduce_is_rejected() {
    let unsupported = codes::UNSUPPORTED_PLUGIN;
    rejected(
        with(json!({"events": [{"http": {"path": "start", "method": "post"}}]})),
        unsupported,
        &format!("{AT}.events[0].http"),
        "The `http` event (its own REST API with a StartExecution integration) of serverless-step-functions is not \
         reproduced by stackwright",
    );
    rejected(
        with(json!({"notifications": {"ABORTED": [{"sns": "arn:aws:sns:us-east-1:1:t"}]}})),
        unsupported,
        &format!("{AT}.notifications"),
        "`notifications` of serverless-step-functions is not reproduced by stackwright",
    );
    rejected(
        with(json!({"useExactVersion": true})),
        unsupported,
        &format!("{AT}.useExactVersion"),
        "`useExactVersion` of serverless-step-functions is not reproduced by stackwright",
    );
    rejected(
        with(json!({"configureTaskTimeouts": true})),
        unsupported,
        &format!("{AT}.configureTaskTimeouts"),
        "`configureTaskTimeouts` of serverless-step-functions is not reproduced by stackwright",
    );
    let emr = json!({"StartAt": "E", "States": {"E": {"Type": "Task", "Resource": "arn:aws:states:::elasticmapreduce:addStep.sync", "End": true}}});
    rejected(
        service(json!({ "definition": emr })),
        unsupported,
        &format!("{AT}.definition.States.E.Resource"),
        "The IAM statements for a `arn:aws:states:::elasticmapreduce:addStep.sync` Task of serverless-step-functions \
         is not reproduced by stackwright",
    );
    // With a role of its own, nothing is derived: accepted.
    let config = service(json!({ "definition": emr, "role": "arn:aws:iam::1:role/r" }));
    Service::from_value(&config).unwrap().check().into_result().unwrap();
}

#[test]
fn what_the_plugin_rejects_is_an_error() {
    let invalid = codes::CONFIG_INVALID_VALUE;
    rejected(
        service(json!({"name": "x"})),
        codes::CONFIG_MISSING_KEY,
        &format!("{AT}.definition"),
        &format!("missing required key `definition` in {AT}"),
    );
    rejected(
        with(json!({"role": "arn:aws:iam::1:role/r", "iamRoleStatements": []})),
        invalid,
        &format!("{AT}.iamRoleStatements"),
        "`role` and `iamRoleStatements` together: the plugin accepts one of them",
    );
    rejected(
        with(json!({"role": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/r"}})),
        invalid,
        &format!("{AT}.role"),
        "expected an ARN (`arn:aws...`) or `Ref`, `Fn::GetAtt`, `Fn::ImportValue` or `Fn::Join`, found an object with keys `Fn::Sub`",
    );
    rejected(
        with(json!({"type": "express"})),
        invalid,
        &format!("{AT}.type"),
        "expected `STANDARD` or `EXPRESS`, found a string (\"express\")",
    );
    let att = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": {"Fn::GetAtt": "hello.Arn"}, "End": true}}});
    rejected(
        service(json!({ "definition": att })),
        invalid,
        &format!("{AT}.definition.States.T.Resource.Fn::GetAtt"),
        "expected `Fn::GetAtt` as a list `[logicalId, attribute]`, found a string (\"hello.Arn\")",
    );
    // What the plugin needs to derive the role.
    for (state, missing) in
        [(json!({"Type": "Map", "End": true}), "ItemProcessor"), (json!({"Type": "Task", "End": true}), "Resource")]
    {
        let definition = json!({"StartAt": "S", "States": {"S": state}});
        rejected(
            service(json!({ "definition": definition })),
            codes::CONFIG_MISSING_KEY,
            &format!("{AT}.definition.States.S.{missing}"),
            &format!("missing required key `{missing}` in {AT}.definition.States.S"),
        );
    }
    rejected(
        with(json!({"name": "my machine"})),
        codes::INVALID_LOGICAL_ID,
        &format!("{AT}.name"),
        "\"my machine\" gives the CloudFormation logical ID \"My machine\", which is not valid: logical IDs are 1 to \
         255 letters and digits",
    );
}

#[test]
fn events_the_plugin_cannot_write_are_errors() {
    let invalid = codes::CONFIG_INVALID_VALUE;
    let events = |e: Value| with(json!({ "events": [e] }));
    rejected(
        events(json!({"schedule": {"enabled": false}})),
        codes::CONFIG_MISSING_KEY,
        &format!("{AT}.events[0].schedule.rate"),
        &format!("missing required key `rate` in {AT}.events[0].schedule"),
    );
    rejected(
        events(json!({"schedule": {"rate": "rate(1 hour)", "input": "{}", "inputPath": "$.x"}})),
        invalid,
        &format!("{AT}.events[0].schedule.inputPath"),
        "`input` and `inputPath` together: an event target takes one of `input`, `inputPath`, `inputTransformer`",
    );
    rejected(
        events(json!({"schedule": {"rate": "rate(1 hour)", "timezone": "Europe/Paris"}})),
        invalid,
        &format!("{AT}.events[0].schedule.timezone"),
        "`timezone` without `method: scheduler`: only EventBridge Scheduler schedules have a time zone",
    );
    rejected(
        events(json!({"eventBridge": {"input": {"a": 1}}})),
        codes::CONFIG_MISSING_KEY,
        &format!("{AT}.events[0].eventBridge.event"),
        &format!("missing required key `event` in {AT}.events[0].eventBridge"),
    );
    rejected(
        events(json!({"sqs": {"arn": "x"}})),
        invalid,
        &format!("{AT}.events[0].sqs"),
        "unknown event `sqs` of a state machine",
    );
    // The plugin writes the rule as JSON text with the values put in: a quote breaks it.
    rejected(
        events(json!({"schedule": {"rate": "rate(1 hour)", "input": {"say": "\"hi\""}}})),
        invalid,
        &format!("{AT}.events[0].schedule"),
        "serverless-step-functions writes this event as JSON text with its values put in as they are, and a `\"` or \
         `\\` in them breaks the text: the plugin fails on it",
    );
    // Every such event is reported in one run.
    let two = with(json!({ "events": [
        {"schedule": {"rate": "rate(1 hour)", "input": {"say": "\"hi\""}}},
        {"eventBridge": {"event": {"source": ["x"]}, "description": "a \"b\""}}
    ]}));
    let d = Service::from_value(&two).unwrap().check();
    let paths: Vec<&str> = d.errors().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, [format!("{AT}.events[0].schedule"), format!("{AT}.events[1].eventBridge")], "{d}");
}

#[test]
fn alarms_the_plugin_cannot_make_are_errors() {
    let invalid = codes::CONFIG_INVALID_VALUE;
    rejected(
        with(json!({"alarms": {"topics": {"ok": "arn:aws:sns:us-east-1:1:t"}, "metrics": ["executionsLost"]}})),
        invalid,
        &format!("{AT}.alarms.metrics[0]"),
        "expected one of the metrics `executionsTimedOut`, `executionsFailed`, `executionsAborted`, \
         `executionThrottled`, `executionsSucceeded`, found a string (\"executionsLost\")",
    );
    rejected(
        with(
            json!({"alarms": {"topics": {"ok": "arn:aws:sns:us-east-1:1:t"}, "metrics": ["executionsFailed"], "nameTemplate": "fixed"}}),
        ),
        invalid,
        &format!("{AT}.alarms.nameTemplate"),
        "`fixed` has no `$[...]` variable: the plugin fails on such a template",
    );
}

#[test]
fn validate_is_a_note_and_the_key_needs_the_plugin() {
    let mut config = with(json!({}));
    config["stepFunctions"]["validate"] = json!(true);
    let found = Service::from_value(&config).unwrap().check();
    let note = found.iter().find(|d| d.code == codes::STEP_FUNCTIONS_NOT_VALIDATED).expect("a note");
    assert_eq!((note.severity, note.path.as_str()), (Severity::Note, "stepFunctions.validate"));
    assert!(!found.has_errors(), "{found}");

    // Without the plugin, `stepFunctions` is an unknown key, named as the plugin's, and nothing is made.
    config["plugins"] = json!([]);
    let svc = Service::from_value(&config).unwrap();
    let found = svc.check();
    let d = found.iter().find(|d| d.path == "stepFunctions").expect("the key");
    assert_eq!(d.code, codes::CONFIG_UNKNOWN_KEY);
    assert_eq!(
        d.message,
        "`stepFunctions` is a key of the plugin serverless-step-functions, which `plugins` does not list"
    );
    let t = template(&config);
    assert!(t["Resources"].as_object().unwrap().keys().all(|k| !k.contains("StepFunctions")));
}

/// Values the plugin reads as text never panic: a queue URL with non-ASCII characters anywhere
/// gives the ARN the plugin's regex gives (or none), a falsy `TopicArn.$` without `TopicArn` none.
#[test]
fn odd_task_parameters_do_not_panic() {
    let task = |resource: &str, parameters: Value| {
        service(json!({"definition": {"StartAt": "T", "States": {"T": {
            "Type": "Task", "Resource": resource, "Parameters": parameters, "End": true
        }}}}))
    };
    let statement = |config: &Value| {
        let t = support::template(config);
        t["Resources"]["MainStepFunctionsStateMachineRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
            [0]
        .clone()
    };
    for url in ["https://sqs.us-east-1.amazonaws.com/123/queué", "https://sqsé.ü.amazonawsécom/1/q", "https://sqs"]
    {
        let config = task("arn:aws:states:::sqs:sendMessage", json!({"QueueUrl": url, "MessageBody": "x"}));
        let s = statement(&config);
        assert_eq!(s["Action"], json!(["sqs:SendMessage"]), "{url}: {s}");
    }
    let config =
        task("arn:aws:states:::sqs:sendMessage", json!({"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123/queué"}));
    assert_eq!(statement(&config)["Resource"], json!(["arn:aws:sqs:us-east-1:123:queué"]));
    let config = task("arn:aws:states:::sns:publish", json!({"TopicArn.$": "", "Message": "x"}));
    let _ = support::template(&config);
}
