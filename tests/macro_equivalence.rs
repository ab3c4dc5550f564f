//! Macro/builder equivalence: every example's service, written with `service!`, synthesizes to the
//! byte-identical template of the builder version in `examples/`.

#[path = "../examples/api.rs"]
mod api;
#[path = "../examples/defining.rs"]
mod defining;
#[path = "../examples/external.rs"]
mod external;
#[path = "../examples/full.rs"]
mod full;
#[path = "../examples/macro.rs"]
mod macro_example;
#[path = "../examples/multiple.rs"]
mod multiple;
#[path = "../examples/versions_off.rs"]
mod versions_off;
#[path = "../examples/vpc_override.rs"]
mod vpc_override;

use stackwright::{Service, service};

/// `examples/api.rs` as a `service!` (the `minimal` conformance configuration).
fn api_macro() -> Service {
    service! {
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
            artifact: "examples/artifacts/artifact.zip",
        },
        functions: {
            api: {
                handler: "handler.api",
                capacityProvider: "default",
            },
        },
    }
}

/// `examples/defining.rs` as a `service!` (the `defining` conformance configuration).
fn defining_macro() -> Service {
    service! {
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
            artifact: "examples/artifacts/artifact.zip",
        },
        functions: {
            "my-function": {
                handler: "index.handler",
                capacityProvider: "highMem",
            },
        },
    }
}

/// `examples/external.rs` as a `service!` (the `external-arn` conformance configuration).
fn external_macro() -> Service {
    service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
        },
        package: {
            artifact: "examples/artifacts/artifact.zip",
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

/// `examples/full.rs` as a `service!` (the `full` conformance configuration).
fn full_macro() -> Service {
    service! {
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
            artifact: "examples/artifacts/artifact.zip",
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

/// `examples/multiple.rs` as a `service!` (the `multiple` conformance configuration).
fn multiple_macro() -> Service {
    service! {
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
            artifact: "examples/artifacts/artifact.zip",
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

/// `examples/versions_off.rs` as a `service!` (the `versions-off` conformance configuration).
fn versions_off_macro() -> Service {
    service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            versionFunctions: false,
            vpc: {
                subnetIds: ["subnet-0abc1234"],
                securityGroupIds: ["sg-0abc1234"],
            },
        },
        package: {
            artifact: "examples/artifacts/artifact.zip",
        },
        functions: {
            api: {
                handler: "handler.api",
                capacityProvider: "default",
            },
            worker: {
                handler: "handler.worker",
                memorySize: 4096,
                capacityProvider: "default",
            },
        },
    }
}

/// `examples/vpc_override.rs` as a `service!` (the `vpc-override` conformance configuration).
fn vpc_override_macro() -> Service {
    service! {
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
            artifact: "examples/artifacts/artifact.zip",
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

#[test]
fn macro_and_builder_templates_are_identical() {
    // SAFETY: this is the only test in this binary, so no other thread reads or writes the
    // environment concurrently. The S3 keys embed the build time, which must be fixed.
    unsafe { std::env::set_var("SOURCE_DATE_EPOCH", "1767225600") };

    let pairs = [
        ("api", api::service(), api_macro()),
        ("defining", defining::service(), defining_macro()),
        ("external", external::service(), external_macro()),
        ("full", full::service(), full_macro()),
        ("macro example", full::service(), macro_example::service()),
        ("multiple", multiple::service(), multiple_macro()),
        ("versions_off", versions_off::service(), versions_off_macro()),
        ("vpc_override", vpc_override::service(), vpc_override_macro()),
    ];
    for (name, builder, from_macro) in pairs {
        let expected = builder.synth().unwrap_or_else(|d| panic!("builder {name}:\n{d}"));
        let actual = from_macro.synth().unwrap_or_else(|d| panic!("service! {name}:\n{d}"));
        assert_eq!(actual.json(), expected.json(), "{name}: service! and builder templates differ");
        assert_eq!(actual.warnings(), expected.warnings(), "{name}: warnings differ");
        assert_eq!(actual.uploads(), expected.uploads(), "{name}: uploads differ");
    }
}
