// The `defining` conformance case (../shared/conformance/public/defining/serverless.json) as a `service!`.
fn main() {
    let svc = stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: {
                subnetIds: ["subnet-12345678"],
                securityGroupIds: ["sg-12345678"],
            },
            capacityProviders: {
                highMem: {
                    scaling: {
                        maxVCpuCount: 100,
                        mode: "auto",
                    },
                },
            },
        },
        package: {
            artifact: "artifact.zip",
        },
        functions: {
            "my-function": {
                handler: "index.handler",
                capacityProvider: "highMem",
            },
        },
    };
    let diagnostics = svc.check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
