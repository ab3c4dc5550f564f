//! The `worker` example declared with `service!`: serverless.yml's shape, checked by
//! `cargo check`.
//!
//! ```sh
//! cargo run --example worker_macro > template.json
//! ```
//!
//! Pending: it lives in `examples/pending/` (which cargo does not build) until the `schedule` and
//! `stream` event types are merged, because `service!` checks every event at compile time. Then
//! move it to `examples/worker_macro.rs` and enable its lines in `tests/examples.rs`,
//! `tests/reliability/examples.rs` and `tests/macro_equivalence.rs`.
//!
//! Change `rate(6 hours)` to `rate(6 hour)`, and the example no longer compiles.

/// The service; kept apart from `main` so tests can synthesize it too.
pub fn service() -> stackwright::Service<impl stackwright::Brand> {
    stackwright::service! {
        service: "orders-worker",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
        },
        package: { artifact: "examples/artifacts/artifact.zip" },
        functions: {
            jobs: {
                handler: "handler.jobs",
                capacityProvider: { name: "default", maxConcurrency: 64 },
                events: [{
                    sqs: {
                        arn: { "Fn::GetAtt": ["JobsQueue", "Arn"] },
                        batchSize: 10,
                        maximumBatchingWindow: 5,
                        functionResponseType: "ReportBatchItemFailures",
                    },
                }],
            },
            nightly: {
                handler: "handler.nightly",
                capacityProvider: { name: "default" },
                events: [{ schedule: { rate: ["cron(0 2 * * ? *)", "rate(6 hours)"], input: { report: "orders" } } }],
            },
            orderChanges: {
                handler: "handler.orderChanges",
                capacityProvider: { name: "default" },
                events: [{
                    stream: {
                        type: "dynamodb",
                        arn: { "Fn::GetAtt": ["OrdersTable", "StreamArn"] },
                        startingPosition: "LATEST",
                        batchSize: 100,
                        maximumRetryAttempts: 3,
                        destinations: { onFailure: { arn: { "Fn::GetAtt": ["JobsQueue", "Arn"] }, type: "sqs" } },
                    },
                }],
            },
        },
        resources: {
            Resources: {
                JobsQueue: { Type: "AWS::SQS::Queue", Properties: { VisibilityTimeout: 120 } },
                OrdersTable: {
                    Type: "AWS::DynamoDB::Table",
                    Properties: {
                        BillingMode: "PAY_PER_REQUEST",
                        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
                        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
                        StreamSpecification: { StreamViewType: "NEW_AND_OLD_IMAGES" },
                    },
                },
            },
        },
    }
}

// Unused when a test includes this file for `service()`.
#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    service().synth_to_stdout()
}
