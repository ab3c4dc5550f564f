// The `instance-requirements` conformance case (../shared/conformance/public/instance-requirements/serverless.json) as a `service!`.
fn main() {
    let svc = stackwright::service! {
        service: "types-svc",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: {
                subnetIds: ["subnet-0abc1234"],
                securityGroupIds: ["sg-0abc1234"],
            },
            capacityProviders: {
                noOldGen: {
                    instanceRequirements: {
                        excludedInstanceTypes: ["m5.large", "c5.large"],
                    },
                },
                armOnly: {
                    instanceRequirements: {
                        architectures: ["arm64"],
                    },
                },
                armAllowed: {
                    instanceRequirements: {
                        allowedInstanceTypes: ["c7g.large", "m7g.large"],
                        architectures: ["arm64"],
                    },
                },
            },
        },
        package: {
            artifact: "artifact.zip",
        },
        functions: {
            x86: {
                handler: "index.x86",
                capacityProvider: "noOldGen",
            },
            arm: {
                handler: "index.arm",
                architecture: "arm64",
                capacityProvider: "armOnly",
            },
            arm2: {
                handler: "index.arm2",
                architecture: "arm64",
                capacityProvider: "armAllowed",
            },
        },
    };
    let diagnostics = svc.check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
