// The `package-individually` conformance case (../shared/conformance/public/package-individually/serverless.json) as a `service!`.
fn main() {
    let svc = stackwright::service! {
        service: "indiv-svc",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            deploymentBucket: {
                name: "indiv-svc-artifacts",
            },
            vpc: {
                subnetIds: ["subnet-0abc1234"],
                securityGroupIds: ["sg-0abc1234"],
            },
        },
        package: {
            individually: true,
            artifact: "artifact.zip",
        },
        functions: {
            one: {
                handler: "src/one.handler",
                capacityProvider: "default",
            },
            two: {
                handler: "src/two.handler",
                capacityProvider: {
                    name: "default",
                    maxConcurrency: 64,
                },
            },
        },
    };
    let diagnostics = svc.check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
