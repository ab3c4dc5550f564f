// Lambda retries a failed asynchronous invocation at most twice.
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        provider: { name: "aws", runtime: "nodejs22.x" },
        package: { artifact: "artifact.zip" },
        functions: {
            api: { handler: "handler.api", maximumRetryAttempts: 3 },
        },
    };
}
