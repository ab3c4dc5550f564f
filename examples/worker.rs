//! A worker service on capacity-provider functions: a queue consumer, a scheduled job and a
//! DynamoDB stream consumer. The queue and the table are declared in Rust, and the events take
//! their typed handles (`queue.arn()`, `table.get_att("StreamArn")`), so no event can point at a
//! resource that does not exist. All three are event sources Lambda Managed Instances support
//! (DECISIONS.md D7).
//!
//! ```sh
//! cargo run --example worker > template.json
//! ```
//!
//! Its `service!` twin is `examples/pending/worker_macro.rs` (it moves to `examples/` once the
//! `schedule` and `stream` event types are merged: the macro checks them at compile time).

use stackwright::*;

/// The service; kept apart from `main` so tests can synthesize it too.
pub fn service() -> Service<impl Brand> {
    let mut svc = stackwright::new_service!("orders-worker");
    svc.base_dir(env!("CARGO_MANIFEST_DIR"));
    svc.provider().runtime(Runtime::Nodejs24x).vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
    svc.package_artifact("examples/artifacts/artifact.zip");

    let queue = svc.resource("JobsQueue", Resource::new("AWS::SQS::Queue").property("VisibilityTimeout", 120));
    let table = svc.resource(
        "OrdersTable",
        Resource::new("AWS::DynamoDB::Table")
            .property("BillingMode", "PAY_PER_REQUEST")
            .property("AttributeDefinitions", serde_json::json!([{"AttributeName": "id", "AttributeType": "S"}]))
            .property("KeySchema", serde_json::json!([{"AttributeName": "id", "KeyType": "HASH"}]))
            .property("StreamSpecification", serde_json::json!({"StreamViewType": "NEW_AND_OLD_IMAGES"})),
    );

    let pool = svc.default_capacity_provider();
    svc.function(
        "jobs",
        Function::handler("handler.jobs")
            .capacity_provider(pool.with().max_concurrency(64))
            .event(Event::sqs(queue.arn()).batch_size(10).maximum_batching_window(5).report_batch_item_failures()),
    );
    svc.function(
        "nightly",
        Function::handler("handler.nightly").capacity_provider(&pool).event(
            Event::schedule(Schedule::cron("0 2 * * ? *"))
                .and(Schedule::rate(6, Unit::Hours))
                .input(serde_json::json!({"report": "orders"})),
        ),
    );
    svc.function(
        "orderChanges",
        Function::handler("handler.orderChanges").capacity_provider(&pool).event(
            Event::stream(StreamType::Dynamodb, table.get_att("StreamArn"))
                .starting_position(StartingPosition::Latest)
                .batch_size(100)
                .maximum_retry_attempts(3)
                .on_failure_queue(queue.arn()),
        ),
    );
    svc
}

// Unused when a test includes this file for `service()`.
#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    service().synth_to_stdout()
}
