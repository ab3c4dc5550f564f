// The `full` conformance case (../shared/conformance/public/full/serverless.json) as a `service!`.
// `tests/macro_equivalence.rs` includes this file and compares `service()` with the builder example.

pub fn service() -> stackwright::Service<impl stackwright::Brand> {
    stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            deploymentBucket: {
                name: "my-service-deployments-us-east-1",
            },
            vpc: {
                subnetIds: ["subnet-0abc1234"],
                securityGroupIds: ["sg-0abc1234"],
            },
            capacityProviders: {
                highMem: {
                    permissions: {
                        operatorRole: "arn:aws:iam::123456789012:role/MyOperatorRole",
                    },
                    vpc: {
                        subnetIds: ["subnet-0aaa1111", "subnet-0bbb2222"],
                        securityGroupIds: ["sg-0aaa1111"],
                    },
                    instanceRequirements: {
                        allowedInstanceTypes: ["r7g.large", "r7g.xlarge"],
                        architectures: ["arm64"],
                    },
                    scaling: {
                        mode: "manual",
                        maxVCpuCount: 200,
                        policies: [
                            {
                                predefinedMetricType: "LambdaCapacityProviderAverageCPUUtilization",
                                targetValue: 70,
                            },
                        ],
                    },
                    kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012",
                },
            },
        },
        package: {
            artifact: "artifact.zip",
        },
        functions: {
            etl: {
                handler: "handler.etl",
                architecture: "arm64",
                memorySize: 4096,
                capacityProvider: {
                    name: "highMem",
                    maxConcurrency: 100,
                    memoryPerVCpu: 4,
                    scaling: {
                        min: 5,
                        max: 10,
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
