// A destination must be a function of this service or a Lambda/SQS/SNS/EventBridge ARN.
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        provider: { name: "aws", runtime: "nodejs22.x" },
        package: { artifact: "artifact.zip" },
        functions: {
            api: { handler: "handler.api", destinations: { onFailure: "apj" } },
            worker: { handler: "handler.worker" },
        },
    };
}
