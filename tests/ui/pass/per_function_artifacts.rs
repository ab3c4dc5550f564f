// The `per-function-artifacts` conformance case (../shared/conformance/public/per-function-artifacts/serverless.json) as a `service!`.
fn main() {
    let svc = stackwright::service! {
        service: "artifacts-svc",
        provider: {
            name: "aws",
            runtime: "provided.al2023",
            vpc: {
                subnetIds: ["subnet-0abc1234"],
                securityGroupIds: ["sg-0abc1234"],
            },
        },
        functions: {
            alpha: {
                handler: "bootstrap",
                package: {
                    artifact: "artifact.zip",
                },
                capacityProvider: "default",
            },
            beta: {
                handler: "bootstrap",
                package: {
                    artifact: "artifact2.zip",
                },
                capacityProvider: "default",
            },
            gamma: {
                handler: "bootstrap",
                package: {
                    artifact: "artifact2.zip",
                },
            },
        },
    };
    let diagnostics = svc.check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
