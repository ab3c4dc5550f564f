// The `vpc-override` conformance case (../shared/conformance/public/vpc-override/serverless.json) as a `service!`.
fn main() {
    let svc = stackwright::service! {
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
    };
    let diagnostics = svc.check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
