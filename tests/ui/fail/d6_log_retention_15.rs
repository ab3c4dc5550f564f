// logRetentionInDays must be a retention CloudWatch Logs allows (15 is not).
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            logRetentionInDays: 15,
        },
        package: { artifact: "artifact.zip" },
        functions: {
            api: { handler: "handler.api" },
        },
    };
}
