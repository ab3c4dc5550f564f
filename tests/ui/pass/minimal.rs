// The `minimal` conformance case (../shared/conformance/public/minimal/serverless.json) as a `service!`.
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
    }
}

#[allow(dead_code)] // unused where the equivalence test includes this file
fn main() {
    let diagnostics = service().check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
