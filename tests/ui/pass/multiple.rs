// The `multiple` conformance case (../shared/conformance/public/multiple/serverless.json) as a `service!`.
// `tests/macro_equivalence.rs` includes this file and compares `service()` with the builder example.

pub fn service() -> stackwright::Service<impl stackwright::Brand> {
    stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: {
                subnetIds: ["subnet-0abc1234"],
                securityGroupIds: ["sg-0abc1234"],
            },
            capacityProviders: {
                "high-memory": {
                    instanceRequirements: {
                        allowedInstanceTypes: ["r7g.large", "r7g.xlarge"],
                        architectures: ["arm64"],
                    },
                },
                "cost-optimized": {
                    instanceRequirements: {
                        allowedInstanceTypes: ["m7a.large", "c7a.large"],
                    },
                },
            },
        },
        package: {
            artifact: "artifact.zip",
        },
        functions: {
            "memory-intensive": {
                handler: "handler.process",
                architecture: "arm64",
                capacityProvider: {
                    name: "high-memory",
                },
            },
            "batch-job": {
                handler: "handler.batch",
                capacityProvider: {
                    name: "cost-optimized",
                },
            },
        },
    }
}

#[allow(dead_code)] // unused where the equivalence test includes this file
fn main() {
    let diagnostics = service().check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
