//! Lift's `database/dynamodb-single-table` construct (`DatabaseDynamoDBSingleTable.js`): one
//! DynamoDB table (`PK`/`SK` strings, on demand, point-in-time recovery, `TimeToLive`, a stream of
//! new and old images), optional local and global secondary indexes, and the functions'
//! permission on it.

use super::*;

const DATABASE_KEYS: Keys = Keys {
    allowed: &["type", "localSecondaryIndexes", "gsiCount", "extensions"],
    unsupported: &["provider"],
    no_effect: &[],
};

/// The properties CDK knows for an `AWS::DynamoDB::Table`, in the order it writes them (see
/// [`render`]).
const DYNAMODB_TABLE: &[&str] = &[
    "AttributeDefinitions",
    "BillingMode",
    "ContributorInsightsSpecification",
    "DeletionProtectionEnabled",
    "GlobalSecondaryIndexes",
    "ImportSourceSpecification",
    "KeySchema",
    "KinesisStreamSpecification",
    "LocalSecondaryIndexes",
    "OnDemandThroughput",
    "PointInTimeRecoverySpecification",
    "ProvisionedThroughput",
    "ResourcePolicy",
    "SSESpecification",
    "StreamSpecification",
    "TableClass",
    "TableName",
    "Tags",
    "TimeToLiveSpecification",
    "WarmThroughput",
];

/// The actions the construct grants every function, on the table and its indexes.
const DATABASE_ACTIONS: &[&str] = &[
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:PutItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:UpdateItem",
    "dynamodb:ConditionCheckItem",
];

/// A string attribute and a key of `name`.
fn attribute(name: &str) -> Value {
    json!({"AttributeName": name, "AttributeType": "S"})
}

fn key(name: &str, kind: &str) -> Value {
    json!({"AttributeName": name, "KeyType": kind})
}

/// One `type: database/dynamodb-single-table` construct.
pub(super) fn database(l: &mut Loader, id: &str, c: &Map<String, Value>, at: &str, added: &mut Added) {
    l.check_keys(c, at, &DATABASE_KEYS);
    let mut ok = true;
    let local = flag(l, c, at, "localSecondaryIndexes");
    let global = match get(c, "gsiCount") {
        None => 0,
        Some(v) => match l.strict_integer(v, &join(at, "gsiCount")) {
            Some(n @ 1..=20) => n,
            Some(n) => {
                lift_error(
                    l,
                    &join(at, "gsiCount"),
                    at,
                    format!("'gsiCount' must be between 1 and 20, '{n}' given."),
                    "set `gsiCount` from 1 to 20 (DynamoDB allows 20 global secondary indexes per table)",
                );
                ok = false;
                0
            }
            None => {
                ok = false;
                0
            }
        },
    };
    let extensions = lift_extensions(l, c, at, &[("table", "AWS::DynamoDB::Table")], &mut ok);
    if !ok {
        return;
    }

    let table = logical_id(&[id, "Table", "Resource"]);
    let arn = json!({"Fn::GetAtt": [&table, "Arn"]});
    let mut attributes = vec![attribute("PK"), attribute("SK")];
    let mut properties = vec![
        ("BillingMode", json!("PAY_PER_REQUEST")),
        ("KeySchema", json!([key("PK", "HASH"), key("SK", "RANGE")])),
        ("PointInTimeRecoverySpecification", json!({"PointInTimeRecoveryEnabled": true})),
        ("StreamSpecification", json!({"StreamViewType": "NEW_AND_OLD_IMAGES"})),
        ("TimeToLiveSpecification", json!({"AttributeName": "TimeToLive", "Enabled": true})),
    ];
    if local {
        let indexes: Vec<Value> = (1..=5)
            .map(|i| {
                let sort = format!("LSI-{i}-SK");
                attributes.push(attribute(&sort));
                json!({"IndexName": format!("LSI-{i}"), "KeySchema": [key("PK", "HASH"), key(&sort, "RANGE")], "Projection": {"ProjectionType": "ALL"}})
            })
            .collect();
        properties.push(("LocalSecondaryIndexes", Value::Array(indexes)));
    }
    if global > 0 {
        let indexes: Vec<Value> = (1..=global)
            .map(|i| {
                let (partition, sort) = (format!("GSI-{i}-PK"), format!("GSI-{i}-SK"));
                attributes.extend([attribute(&partition), attribute(&sort)]);
                json!({"IndexName": format!("GSI-{i}"), "KeySchema": [key(&partition, "HASH"), key(&sort, "RANGE")], "Projection": {"ProjectionType": "ALL"}})
            })
            .collect();
        properties.push(("GlobalSecondaryIndexes", Value::Array(indexes)));
    }
    properties.push(("AttributeDefinitions", Value::Array(attributes)));
    let extension = extensions.get("table").and_then(Value::as_object);
    added.resources.insert(
        table.clone(),
        render("AWS::DynamoDB::Table", props(&properties), DYNAMODB_TABLE, Some("Retain"), extension),
    );
    added.outputs.insert(logical_id(&[id, "TableName"]), json!({"Value": {"Ref": &table}}));
    added.statements.push(json!({
        "Effect": "Allow",
        "Action": DATABASE_ACTIONS,
        "Resource": [&arn, {"Fn::Join": ["/", [&arn, "index/*"]]}]
    }));
}
