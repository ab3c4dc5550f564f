// The `scaling-variants` conformance case (../shared/conformance/public/scaling-variants/serverless.json) as a `service!`.
fn main() {
    let svc = stackwright::service! {
        service: "scale-svc",
        provider: {
            name: "aws",
            runtime: "python3.14",
            deploymentBucket: {
                name: "scale-svc-deploys",
            },
            vpc: {
                subnetIds: ["subnet-0abc1234"],
                securityGroupIds: ["sg-0abc1234"],
            },
            capacityProviders: {
                autoUpper: {
                    scaling: {
                        mode: "AUTO",
                        maxVCpuCount: 12,
                    },
                },
                manualMixed: {
                    scaling: {
                        mode: "Manual",
                        maxVCpuCount: 15000,
                        policies: [
                            {
                                predefinedMetricType: "LambdaCapacityProviderAverageCPUUtilization",
                                targetValue: 55.5,
                            },
                        ],
                    },
                },
                capOnly: {
                    scaling: {
                        maxVCpuCount: 48,
                    },
                },
            },
        },
        package: {
            artifact: "artifact.zip",
        },
        functions: {
            off: {
                handler: "app.off",
                capacityProvider: {
                    name: "autoUpper",
                    scaling: {
                        min: 0,
                        max: 0,
                    },
                },
            },
            fixed: {
                handler: "app.fixed",
                capacityProvider: {
                    name: "manualMixed",
                    scaling: {
                        min: 3,
                        max: 3,
                    },
                },
            },
            capped: {
                handler: "app.capped",
                capacityProvider: {
                    name: "capOnly",
                    scaling: {
                        max: 20,
                    },
                },
            },
            floor: {
                handler: "app.floor",
                capacityProvider: {
                    name: "capOnly",
                    scaling: {
                        min: 2,
                    },
                },
            },
        },
    };
    let diagnostics = svc.check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
