// The `user-deployment-bucket` conformance case (../shared/conformance/public/user-deployment-bucket/serverless.json) as a `service!`.
fn main() {
    let svc = stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            deploymentBucket: {
                name: "my-company-deployments-us-east-1",
            },
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
