// The `external-arn` conformance case (../shared/conformance/public/external-arn/serverless.json) as a `service!`.
// `tests/macro_equivalence.rs` includes this file and compares `service()` with the builder example.

pub fn service() -> stackwright::Service<impl stackwright::Brand> {
    stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
        },
        package: {
            artifact: "artifact.zip",
        },
        functions: {
            "my-function": {
                handler: "index.handler",
                capacityProvider: "arn:aws:lambda:us-east-1:123456789012:capacity-provider:external-provider",
            },
            "my-other-function": {
                handler: "index.handler",
                capacityProvider: {
                    "Fn::GetAtt": ["MyExternalCapacityProvider", "Arn"],
                },
            },
        },
        resources: {
            Resources: {
                MyExternalCapacityProvider: {
                    Type: "AWS::Lambda::CapacityProvider",
                    Properties: {
                        CapacityProviderName: "my-service-external",
                        VpcConfig: {
                            SubnetIds: ["subnet-0ccc3333"],
                            SecurityGroupIds: ["sg-0ccc3333"],
                        },
                        PermissionsConfig: {
                            CapacityProviderOperatorRoleArn: "arn:aws:iam::123456789012:role/MyOperatorRole",
                        },
                    },
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
