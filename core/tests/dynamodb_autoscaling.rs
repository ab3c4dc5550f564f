//! serverless-dynamodb-autoscaling (`stackwright_core::plugins::dynamodb_autoscaling`), against
//! templates the plugin itself wrote.
//!
//! Each `data/dynamodb_autoscaling/<case>/autoscaling.json` holds, verbatim, parts of a template
//! that `serverless package` wrote with osls 4.3.1 and serverless-dynamodb-autoscaling 0.6.2 for
//! the case's `serverless.json` (written as serverless.yml; `--stage`/`--region` given on the
//! command line are written as `provider.stage`/`provider.region`): the roles, scalable targets
//! and scaling policies the plugin added, and the order of all resources (without the function
//! versions). `indexes`: a table with two indexes, a table listed as a list with `indexOnly`, the
//! same table again, names long enough to be hashed, numbers written as strings and `write:
//! true`; `merged`: one table in two items (the role's names meet and are merged, as the plugin's
//! `_.merge` merges them), with falsy settings that take the plugin's defaults, and events.

mod support;

use serde_json::{Value, json};
use stackwright_core::*;
use support::template;

const PLUGIN: &str = "serverless-dynamodb-autoscaling";

#[test]
fn roles_targets_and_policies_are_what_the_plugin_writes() {
    for case in ["indexes", "merged"] {
        let config = support::data("dynamodb_autoscaling", case, "serverless.json");
        let expected = support::data("dynamodb_autoscaling", case, "autoscaling.json");
        let t = template(&config);
        let resources = t["Resources"].as_object().unwrap();
        let made: serde_json::Map<String, Value> = resources
            .iter()
            .filter(|(k, v)| {
                v["Type"].as_str().unwrap().starts_with("AWS::ApplicationAutoScaling")
                    || k.contains("DynamoDBAutoscale")
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        support::same(PLUGIN, case, "the plugin's resources", &Value::Object(made), &expected["resources"]);
        let order: Vec<&String> = resources
            .keys()
            .filter(|k| !k.contains("LambdaVersion") && !k.starts_with("ApiGatewayDeployment"))
            .collect();
        support::same(PLUGIN, case, "resource order", &json!(order), &expected["resourceOrder"]);
    }
}

/// A service with the plugin, `capacities`, and the provisioned table `Orders` (index `byDate`).
fn service(capacities: Value) -> Value {
    let mut config = support::plugin_service(PLUGIN, "custom", json!({ "capacities": capacities }));
    config["resources"] = json!({"Resources": {"Orders": {
        "Type": "AWS::DynamoDB::Table",
        "Properties": {
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
            "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
            "GlobalSecondaryIndexes": [{
                "IndexName": "byDate",
                "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
                "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
            }]
        }
    }}});
    config
}

/// Every diagnostic of one run, as the CLI and `service!` report them.
fn diagnostics(config: &Value) -> Diagnostics {
    Service::from_value_deferred(config, false).check()
}

#[test]
fn what_the_plugin_skips_silently_or_aws_refuses_is_an_error_at_its_place() {
    let invalid = codes::CONFIG_INVALID_VALUE;
    let cases = [
        (
            json!({"table": "Orders"}),
            "custom.capacities",
            "expected a list of tables to scale, found an object with keys `table`",
        ),
        (json!([null]), "custom.capacities[0]", "expected a table to scale (an object), found null"),
        (
            json!([{"table": "Orders", "read": "yes"}]),
            "custom.capacities[0].read",
            "expected an object (`minimum`, `maximum`, `usage`), or true for the plugin's defaults, found a string (\"yes\")",
        ),
        (
            json!([{"table": "Orders", "read": {"minimum": 300}}]),
            "custom.capacities[0].read.minimum",
            "the minimum capacity 300 is above the maximum 200 (the plugin's default): Application Auto Scaling \
             refuses the scalable target",
        ),
        (
            json!([{"table": "Orders", "write": {"minimum": "0"}}]),
            "custom.capacities[0].write.minimum",
            "`minimum: \"0\"` is a capacity below 1, the least DynamoDB provisions",
        ),
        (
            json!([{"table": "Orders", "read": {"usage": 75}}]),
            "custom.capacities[0].read.usage",
            "`usage: 75` is a target utilization of 7500 %: DynamoDB's target tracking takes 10 to 90 %",
        ),
        (
            json!([{"table": "Orders", "read": true, "indexOnly": "yes"}]),
            "custom.capacities[0].indexOnly",
            "expected a boolean (true or false), found a string (\"yes\")",
        ),
        (
            json!([{"table": "Order", "read": true}]),
            "custom.capacities[0].table",
            "`Order` is not a resource of `resources.Resources`: the plugin scales a table by its logical ID",
        ),
        (
            json!([{"table": ["Orders", "Queue"], "read": true}]),
            "custom.capacities[0].table[1]",
            "`Queue` is a `AWS::SQS::Queue`, not an `AWS::DynamoDB::Table`: only a table's capacity can be scaled",
        ),
        (
            json!([{"table": "Orders", "index": ["byDate", "byName"], "read": true}]),
            "custom.capacities[0].index[1]",
            "`byName` is not a global secondary index of `Orders` (it has `byDate`): only those scale on their own",
        ),
    ];
    for (capacities, path, message) in cases {
        let mut config = service(capacities);
        config["resources"]["Resources"]["Queue"] = json!({"Type": "AWS::SQS::Queue"});
        support::rejected(&config, invalid, path, message);
    }
    support::rejected(
        &service(json!([{"name": "orders-table", "read": true}])),
        codes::CONFIG_MISSING_KEY,
        "custom.capacities[0].table",
        "missing required key `table` in custom.capacities[0]: `name` (a table's name) is the plugin's 0.1 form, \
         which 0.2 replaced with `table`, and 0.6 ignores",
    );
    support::rejected(
        &service(json!([{"table": "Orders", "read": {"usage": {"Ref": "Target"}}}])),
        invalid,
        "custom.capacities[0].read.usage",
        "expected a number (the target utilization, 0.1 to 0.9), found an object with keys `Ref`",
    );
    let mut config = service(json!([{"read": true}]));
    config["custom"]["capacities"][0]["write"] = json!(true);
    support::rejected(
        &config,
        codes::CONFIG_MISSING_KEY,
        "custom.capacities[0].table",
        "missing required key `table` in custom.capacities[0]",
    );
}

#[test]
fn a_table_after_an_item_that_is_not_a_string_is_reported_at_its_own_index() {
    let found = diagnostics(&service(json!([{"table": ["Orders", 5, "Nope"], "read": true}])));
    let paths: Vec<&str> = found.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["custom.capacities[0].table[1]", "custom.capacities[0].table[2]"], "{found:#?}");
}

#[test]
fn a_table_billed_per_request_or_outside_the_aws_partition_is_an_error() {
    let mut config = service(json!([{"table": "Orders", "write": true}]));
    config["resources"]["Resources"]["Orders"]["Properties"]["BillingMode"] = json!("PAY_PER_REQUEST");
    support::rejected(
        &config,
        codes::CONFIG_INVALID_VALUE,
        "custom.capacities[0].table",
        "`Orders` bills per request (`BillingMode: PAY_PER_REQUEST`): there is no provisioned capacity to scale, and \
         Application Auto Scaling refuses the target",
    );
    let mut config = service(json!([{"table": "Orders", "write": true}]));
    config["provider"]["region"] = json!("cn-north-1");
    support::rejected(
        &config,
        codes::CONFIG_INVALID_VALUE,
        "custom.capacities",
        "serverless-dynamodb-autoscaling writes `arn:aws:dynamodb:` into its roles' policies, which IAM refuses in the \
         `aws-cn` partition of region cn-north-1",
    );
}

#[test]
fn every_cause_is_reported_in_one_run_and_items_that_scale_nothing_are_warnings() {
    let config = service(json!([
        {"table": "Orders", "index": ["byName", "byAge"], "read": true},
        {"table": "Orders", "read": {"usage": 0.95, "maximum": 1, "minimum": 2}},
        {"table": "Orders"},
        {"table": "Orders", "indexOnly": true, "write": true},
    ]));
    let found = diagnostics(&config);
    let at: Vec<(Severity, &str, &str)> = found.iter().map(|d| (d.severity, d.code, d.path.as_str())).collect();
    let (e, w) = (Severity::Error, Severity::Warning);
    assert_eq!(
        at,
        [
            (e, codes::CONFIG_INVALID_VALUE, "custom.capacities[1].read.minimum"),
            (e, codes::CONFIG_INVALID_VALUE, "custom.capacities[1].read.usage"),
            (w, codes::CONFIG_NO_EFFECT, "custom.capacities[2]"),
            (w, codes::CONFIG_NO_EFFECT, "custom.capacities[3]"),
            // Synthesis's own check of the tables, in the same run.
            (e, codes::CONFIG_INVALID_VALUE, "custom.capacities[0].index[0]"),
            (e, codes::CONFIG_INVALID_VALUE, "custom.capacities[0].index[1]"),
        ],
        "{found:#?}"
    );
}

#[test]
fn an_intrinsic_capacity_is_written_as_it_is() {
    let mut config = service(json!([{"table": "Orders", "write": {"minimum": {"Ref": "Min"}, "maximum": 900}}]));
    config["resources"]["Parameters"] = json!({"Min": {"Type": "Number", "Default": 2}});
    let t = template(&config);
    let target = &t["Resources"]["appAutoScalingTargetWriteOrdersDevUseast1"]["Properties"];
    assert_eq!((&target["MinCapacity"], &target["MaxCapacity"]), (&json!({"Ref": "Min"}), &json!(900)));
}

#[test]
fn without_the_plugin_or_with_falsy_capacities_nothing_is_added() {
    let scaled = |config: &Value| {
        let t = template(config);
        t["Resources"].as_object().unwrap().keys().filter(|k| k.contains("AutoScaling")).count()
    };
    let capacities = json!([{"table": "Orders", "read": true, "write": true}]);
    assert_eq!(scaled(&service(capacities.clone())), 2);
    let mut unlisted = service(capacities);
    unlisted["plugins"] = json!([]);
    assert_eq!(scaled(&unlisted), 0);
    for falsy in [json!(false), json!(""), json!(0), json!(null)] {
        assert_eq!(scaled(&service(falsy)), 0);
    }
}

#[test]
fn the_rust_source_of_a_service_keeps_its_capacities() {
    let svc = Service::from_value(&service(json!([{"table": "Orders", "read": {"usage": 0.5}}]))).unwrap();
    let source = codegen::builder_statements(svc.config(), codegen::Target::Program);
    assert!(source.contains("plugin_settings.dynamodb_capacities = Some("), "{source}");
}
