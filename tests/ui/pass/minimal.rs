// The `minimal` conformance case (../shared/conformance/public/minimal/serverless.json) as a `service!`.
fn main() {
    let svc = stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: {
                subnetIds: ["subnet-0abc1234"],
                securityGroupIds: ["sg-0abc1234"],
            },
        },
        package: {
            artifact: "artifact.zip",
        },
        functions: {
            api: {
                handler: "handler.api",
                capacityProvider: "default",
            },
        },
    };
    let diagnostics = svc.check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
