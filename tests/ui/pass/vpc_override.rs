// The `vpc-override` conformance case (../shared/conformance/public/vpc-override/serverless.json) as a `service!`.
// `tests/macro_equivalence.rs` includes this file and compares `service()` with the builder example.

pub fn service() -> stackwright::Service<impl stackwright::Brand> {
    stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: {
                subnetIds: ["subnet-0aaa1111"],
                securityGroupIds: ["sg-0aaa1111"],
            },
            capacityProviders: {
                default: {
                    vpc: {
                        subnetIds: ["subnet-0bbb2222"],
                        securityGroupIds: ["sg-0bbb2222"],
                    },
                },
            },
        },
        package: {
            artifact: "artifact.zip",
        },
        functions: {
            withCapacityProvider: {
                handler: "handler.with",
                capacityProvider: "default",
            },
            withoutCapacityProvider: {
                handler: "handler.without",
            },
        },
    }
}

#[allow(dead_code)] // unused where the equivalence test includes this file
fn main() {
    let diagnostics = service().check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
