//! IAM and your own resources: a DynamoDB table and an SQS queue declared in Rust, referenced by
//! typed handles from the execution role's statements, the functions' environment and an SQS
//! event, so no reference can name a resource that does not exist.
//!
//! ```sh
//! cargo run --example orders_iam > template.json
//! ```

use stackwright::model::{RetentionDays, Tracing};
use stackwright::*;

/// The service; kept apart from `main` so tests can synthesize it too.
pub fn service() -> Service<impl Brand> {
    let mut svc = stackwright::new_service!("orders");
    svc.base_dir(env!("CARGO_MANIFEST_DIR"));
    svc.provider()
        .runtime(Runtime::Nodejs24x)
        .vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]))
        .tag("team", "orders")
        .log_retention(RetentionDays::D30)
        .tracing(Tracing::Active);
    svc.package_artifact("examples/artifacts/artifact.zip");

    // Your own resources; the handles are the only way to reference them.
    let table = svc.resource(
        "OrdersTable",
        Resource::new("AWS::DynamoDB::Table")
            .property("BillingMode", "PAY_PER_REQUEST")
            .property("AttributeDefinitions", serde_json::json!([{"AttributeName": "id", "AttributeType": "S"}]))
            .property("KeySchema", serde_json::json!([{"AttributeName": "id", "KeyType": "HASH"}])),
    );
    let queue = svc.resource("JobsQueue", Resource::new("AWS::SQS::Queue").property("VisibilityTimeout", 120));

    // Least privilege: exactly what the functions need, on exactly these resources.
    svc.iam()
        .allow(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"], [table.arn()])
        .allow(["sqs:SendMessage"], [queue.arn()]);

    let pool = svc.default_capacity_provider();
    svc.function(
        "api",
        Function::handler("handler.api")
            .capacity_provider(&pool)
            .env("TABLE_NAME", table.reference())
            .env("QUEUE_URL", queue.reference())
            .url(),
    );
    svc.function(
        "worker",
        Function::handler("handler.worker")
            .capacity_provider(&pool)
            .env("TABLE_NAME", table.reference())
            .tag("tier", "batch")
            .event(events::Event::new("sqs", serde_json::json!({ "arn": queue.arn(), "batchSize": 10 }))),
    );
    svc
}

// Unused when a test includes this file for `service()`.
#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    service().synth_to_stdout()
}
