//! The template's resources where the user writes CloudFormation (`resources.Resources`, a
//! same-ID override of a generated resource, `resources.extensions`) against CloudFormation's
//! resource provider schemas: the type exists, the keys are resource attributes, the properties
//! are the type's and the required ones are there (`validate/resource_properties.rs`).

mod support;

use serde_json::{Value, json};
use stackwright_core::*;

/// A service with one function and `resources` as given.
fn service(resources: Value) -> Value {
    json!({
        "service": "app",
        "provider": {"name": "aws", "runtime": "nodejs22.x"},
        "package": {"artifact": "artifact.zip"},
        "functions": {"api": {"handler": "h.api"}},
        "resources": resources,
    })
}

fn one(id: &str, resource: Value) -> Value {
    service(json!({"Resources": {id: resource}}))
}

fn diagnostics(config: &Value) -> Diagnostics {
    Service::from_value(config).unwrap_or_else(|d| panic!("{d}")).check()
}

const KEY: &str = r#"[{"AttributeName": "id", "KeyType": "HASH"}]"#;

fn key() -> Value {
    serde_json::from_str(KEY).unwrap()
}

#[test]
fn each_rule_with_its_code_path_and_message() {
    support::rejected(
        &one("Table", json!({"Type": "AWS::DynamoDb::Table", "Properties": {"KeySchema": key()}})),
        codes::RESOURCE_UNKNOWN_TYPE,
        "resources.Resources.Table.Type",
        "`AWS::DynamoDb::Table` is not a CloudFormation resource type: CloudFormation refuses the template",
    );
    support::rejected(
        &one("Fn", json!({"Type": "AWS::Serverless::Function", "Properties": {"Handler": "h.h"}})),
        codes::RESOURCE_UNKNOWN_TYPE,
        "resources.Resources.Fn.Type",
        "`AWS::Serverless::Function` is a SAM type: CloudFormation knows it only through the \
         `AWS::Serverless-2016-10-31` transform",
    );
    support::rejected(
        &one("Queue", json!({"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimout": 30}})),
        codes::RESOURCE_UNKNOWN_PROPERTY,
        "resources.Resources.Queue.Properties.VisibilityTimout",
        "`VisibilityTimout` is not a property of AWS::SQS::Queue: CloudFormation refuses the template",
    );
    support::rejected(
        &one("Queue", json!({"Type": "AWS::SQS::Queue", "Properties": {"QueueUrl": "x"}})),
        codes::RESOURCE_UNKNOWN_PROPERTY,
        "resources.Resources.Queue.Properties.QueueUrl",
        "`QueueUrl` is an attribute of AWS::SQS::Queue, which CloudFormation sets: a template cannot",
    );
    support::rejected(
        &one("Policy", json!({"Type": "AWS::SQS::QueuePolicy", "Properties": {"Queues": ["u"]}})),
        codes::RESOURCE_MISSING_PROPERTY,
        "resources.Resources.Policy.Properties",
        "AWS::SQS::QueuePolicy requires `PolicyDocument`: CloudFormation refuses the resource without",
    );
    support::rejected(
        &one("Role", json!({"Type": "AWS::IAM::Role"})),
        codes::RESOURCE_MISSING_PROPERTY,
        "resources.Resources.Role",
        "AWS::IAM::Role requires `AssumeRolePolicyDocument`: CloudFormation refuses the resource without",
    );
    support::rejected(
        &one("Bucket", json!({"Type": "AWS::S3::Bucket", "BucketName": "b"})),
        codes::RESOURCE_UNKNOWN_ATTRIBUTE,
        "resources.Resources.Bucket.BucketName",
        "`BucketName` is not a resource attribute: CloudFormation refuses the template",
    );
    // A generated resource: the user's override and an extension, each at its own place.
    support::rejected(
        &service(
            json!({"Resources": {"ApiLogGroup": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDay": 7}}}}),
        ),
        codes::RESOURCE_UNKNOWN_PROPERTY,
        "resources.Resources.ApiLogGroup.Properties.RetentionInDay",
        "`RetentionInDay` is not a property of AWS::Logs::LogGroup: CloudFormation refuses the template",
    );
    support::rejected(
        &service(json!({"extensions": {"ApiLambdaFunction": {"Properties": {"Memory": 512}}}})),
        codes::RESOURCE_UNKNOWN_PROPERTY,
        "resources.extensions.ApiLambdaFunction.Properties.Memory",
        "`Memory` is not a property of AWS::Lambda::Function: CloudFormation refuses the template",
    );
    // Removing a required property of a generated resource with `null`.
    support::rejected(
        &service(json!({"extensions": {"ApiLambdaFunction": {"Properties": {"Role": null}}}})),
        codes::RESOURCE_MISSING_PROPERTY,
        "resources.extensions.ApiLambdaFunction.Properties",
        "AWS::Lambda::Function requires `Role`: CloudFormation refuses the resource without",
    );
}

#[test]
fn the_help_names_what_was_meant() {
    let help = |config: Value| {
        let d = diagnostics(&config);
        let errors: Vec<&Diagnostic> = d.errors().collect();
        assert_eq!(errors.len(), 1, "{d}");
        errors[0].help.clone()
    };
    let table = |ty: &str| one("T", json!({"Type": ty, "Properties": {"KeySchema": key()}}));
    assert_eq!(help(table("AWS::DynamoDb::Table")), "did you mean `AWS::DynamoDB::Table`?");
    assert_eq!(help(table("AWS::DynamoDB::Tabel")), "did you mean `AWS::DynamoDB::Table`?");
    let queue = |properties: Value| one("Q", json!({"Type": "AWS::SQS::Queue", "Properties": properties}));
    assert_eq!(help(queue(json!({"VisibilityTimout": 30}))), "did you mean `VisibilityTimeout`?");
    assert_eq!(help(queue(json!({"Arn": "x"}))), "remove `Arn`; read it with `Fn::GetAtt: [Q, Arn]`");
    assert!(help(queue(json!({"Colour": "x"}))).starts_with("AWS::SQS::Queue takes `ContentBasedDeduplication`, "));
    let attribute = |key: &str| one("Q", json!({"Type": "AWS::SQS::Queue", key: {}}));
    assert_eq!(help(attribute("properties")), "did you mean `Properties`?");
    assert_eq!(help(attribute("Tags")), "`Tags` is a property of AWS::SQS::Queue: indent it under `Properties`");
    assert_eq!(help(one("R", json!({"Type": "AWS::IAM::Role"}))), "add `AssumeRolePolicyDocument` under `Properties`");
}

#[test]
fn all_problems_of_all_resources_at_once() {
    let config = service(json!({"Resources": {
        "A": {"Type": "AWS::SQS::Queue", "Properties": {"Delay": 1, "Colour": "red"}, "Condtion": "X"},
        "B": {"Type": "AWS::Lambda::Permission", "Properties": {"Action": "lambda:InvokeFunction"}},
        "C": {"Type": "AWS::SNS::Topc"},
    }}));
    let d = diagnostics(&config);
    let mut found: Vec<(&str, &str)> = d.errors().map(|e| (e.code, e.path.as_str())).collect();
    found.sort();
    assert_eq!(
        found,
        [
            (codes::RESOURCE_MISSING_PROPERTY, "resources.Resources.B.Properties"),
            (codes::RESOURCE_UNKNOWN_ATTRIBUTE, "resources.Resources.A.Condtion"),
            (codes::RESOURCE_UNKNOWN_PROPERTY, "resources.Resources.A.Properties.Colour"),
            (codes::RESOURCE_UNKNOWN_PROPERTY, "resources.Resources.A.Properties.Delay"),
            (codes::RESOURCE_UNKNOWN_TYPE, "resources.Resources.C.Type"),
        ],
        "{d}"
    );
    let missing = d.errors().find(|e| e.code == codes::RESOURCE_MISSING_PROPERTY).unwrap();
    assert_eq!(
        missing.message,
        "AWS::Lambda::Permission requires `FunctionName` and `Principal`: CloudFormation refuses the resource without"
    );
}

#[test]
fn what_cloudformation_takes_passes() {
    let config = service(json!({"Resources": {
        // Any properties: the custom resource's provider defines them.
        "Custom": {"Type": "Custom::Seed", "Properties": {"ServiceToken": "arn:aws:lambda:us-east-1:1:function:f", "Anything": 1}},
        "Custom2": {"Type": "AWS::CloudFormation::CustomResource", "Properties": {"ServiceToken": "t", "Rows": [1]}},
        // A third party's type, registered in the account.
        "Atlas": {"Type": "MongoDB::Atlas::Cluster", "Properties": {"Name": "c"}},
        // Properties chosen by a condition, or included by a transform: known at deploy time.
        "Picked": {"Type": "AWS::SQS::Queue", "Properties": {"Fn::If": ["IsProd", {"DelaySeconds": 1}, {"Ref": "AWS::NoValue"}]}},
        "Table": {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
                  "Condition": "IsProd", "Metadata": {"a": 1}, "DependsOn": ["Custom"],
                  "Properties": {"KeySchema": key(), "BillingMode": "PAY_PER_REQUEST"}},
    }, "Conditions": {"IsProd": {"Fn::Equals": ["a", "b"]}}}));
    let d = diagnostics(&config);
    assert!(d.is_empty(), "{d}");
}

#[test]
fn a_type_newer_than_the_schemas_is_a_warning_and_a_transform_turns_the_rules_off() {
    let d = diagnostics(&one("New", json!({"Type": "AWS::Quantum::Annealer", "Properties": {"Qubits": 5}})));
    assert!(!d.has_errors(), "{d}");
    let w: Vec<&Diagnostic> = d.iter().collect();
    assert_eq!(
        (w.len(), w[0].code, w[0].path.as_str()),
        (1, codes::RESOURCE_UNKNOWN_TYPE, "resources.Resources.New.Type")
    );
    assert!(w[0].message.contains("cfn-lint 1.58.0"), "{}", w[0].message);

    let sam = service(json!({
        "Transform": "AWS::Serverless-2016-10-31",
        "Resources": {"Fn": {"Type": "AWS::Serverless::Function", "Properties": {"Handler": "h.h", "Runtime": "nodejs22.x"}}},
    }));
    let d = diagnostics(&sam);
    assert!(d.is_empty(), "{d}");
}

#[test]
fn the_builder_s_resources_are_checked_too() {
    let mut svc = Service::new("app");
    svc.provider().runtime(Runtime::Nodejs22x);
    let artifact = Artifact::with_sha256("artifact.zip", "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U=");
    svc.function("api", Function::handler("h.api").artifact(artifact));
    svc.resource("Queue", Resource::new("AWS::SQS::Queue").property("VisibilityTimout", 30));
    let d = svc.check();
    let e: Vec<&Diagnostic> = d.errors().collect();
    assert_eq!(e.len(), 1, "{d}");
    assert_eq!(
        (e[0].code, e[0].path.as_str()),
        (codes::RESOURCE_UNKNOWN_PROPERTY, "resources.Resources.Queue.Properties.VisibilityTimout")
    );
}

/// Inside a property: the keys of the objects its schema describes, their required keys, and the
/// shape of each value (list, object, value), each at the key as written; a misspelt required
/// key is one error (the unknown key's, whose help names it), and intrinsic functions pass.
#[test]
fn nested_objects_and_shapes_with_code_path_and_message() {
    support::rejected(
        &one("Queue", json!({"Type": "AWS::SQS::Queue", "Properties": {"Tags": {"team": "core"}}})),
        codes::RESOURCE_PROPERTY_SHAPE,
        "resources.Resources.Queue.Properties.Tags",
        "`Tags` of AWS::SQS::Queue is a list of `{Key, Value}` tags, found an object with keys `team`: \
         CloudFormation refuses the template",
    );
    support::rejected(
        &one("Bucket", json!({"Type": "AWS::S3::Bucket", "Properties": {"BucketName": ["a"]}})),
        codes::RESOURCE_PROPERTY_SHAPE,
        "resources.Resources.Bucket.Properties.BucketName",
        "`BucketName` of AWS::S3::Bucket is a single value (a string, number or boolean), found an array: \
         CloudFormation refuses the template",
    );
    let table = |attribute: Value, extra: Value| {
        let mut properties =
            json!({"KeySchema": key(), "AttributeDefinitions": [attribute], "BillingMode": "PAY_PER_REQUEST"});
        properties.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        one("Table", json!({"Type": "AWS::DynamoDB::Table", "Properties": properties}))
    };
    support::rejected(
        &table(json!({"AttributeName": "id", "AttributeTyp": "S"}), json!({})),
        codes::RESOURCE_UNKNOWN_PROPERTY,
        "resources.Resources.Table.Properties.AttributeDefinitions[0].AttributeTyp",
        "`AttributeTyp` is not a key of `AttributeDefinitions[0]` in AWS::DynamoDB::Table: CloudFormation refuses \
         the template",
    );
    support::rejected(
        &table(
            json!({"AttributeName": "id", "AttributeType": "S"}),
            json!({"GlobalSecondaryIndexes": [{"IndexName": "byId", "KeySchema": [{"AttributeName": "id"}], "Projection": {"ProjectionType": "ALL"}}]}),
        ),
        codes::RESOURCE_MISSING_PROPERTY,
        "resources.Resources.Table.Properties.GlobalSecondaryIndexes[0].KeySchema[0]",
        "`GlobalSecondaryIndexes[0].KeySchema[0]` of AWS::DynamoDB::Table requires `KeyType`: CloudFormation \
         refuses the resource without",
    );
    support::rejected(
        &table(json!({"AttributeName": "id", "AttributeType": "S"}), json!({"StreamSpecification": "NEW_IMAGE"})),
        codes::RESOURCE_PROPERTY_SHAPE,
        "resources.Resources.Table.Properties.StreamSpecification",
        "`StreamSpecification` of AWS::DynamoDB::Table is an object, found a string (\"NEW_IMAGE\"): \
         CloudFormation refuses the template",
    );
    // Intrinsic functions anywhere, free JSON (a policy document) and maps of values pass.
    let fine = json!({"Resources": {
        "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {
            "KeySchema": key(),
            "AttributeDefinitions": {"Fn::If": ["c", [], []]},
            "StreamSpecification": {"Ref": "AWS::NoValue"},
            "GlobalSecondaryIndexes": [{"Fn::If": ["c", {}, {"Ref": "AWS::NoValue"}]}],
        }},
        "Policy": {"Type": "AWS::SQS::QueuePolicy", "Properties": {
            "Queues": [{"Ref": "Q"}],
            "PolicyDocument": {"Statement": [{"Effect": "Allow", "Anything": [1]}]},
        }},
        "Q": {"Type": "AWS::SQS::Queue", "Properties": {"RedrivePolicy": {"deadLetterTargetArn": "x", "maxReceiveCount": 3}}},
        "Param": {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String", "Value": "v", "Tags": {"team": "core"}}},
    }, "Conditions": {"c": {"Fn::Equals": ["a", "a"]}}});
    let found: Vec<String> = diagnostics(&service(fine)).errors().map(|d| format!("{} {}", d.code, d.path)).collect();
    assert!(found.is_empty(), "{found:#?}");
}
