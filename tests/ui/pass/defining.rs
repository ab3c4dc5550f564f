// The `defining` conformance case (../shared/conformance/public/defining/serverless.json) as a `service!`.
// `tests/macro_equivalence.rs` includes this file and compares `service()` with the builder example.

pub fn service() -> stackwright::Service<impl stackwright::Brand> {
    stackwright::service! {
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
    }
}

#[allow(dead_code)] // unused where the equivalence test includes this file
fn main() {
    let diagnostics = service().check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
