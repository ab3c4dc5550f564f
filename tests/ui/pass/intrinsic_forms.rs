// The `intrinsic-forms` conformance case (../shared/conformance/public/intrinsic-forms/serverless.json) as a `service!`.
fn main() {
    let svc = stackwright::service! {
        service: "intrinsic-svc",
        provider: {
            name: "aws",
            runtime: "dotnet10",
            deploymentBucket: {
                name: "intrinsic-svc-deploys",
            },
            vpc: {
                subnetIds: ["subnet-0abc1234"],
                securityGroupIds: ["sg-0abc1234"],
            },
            capacityProviders: {
                pool: {
                    permissions: {
                        operatorRole: {
                            "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/LmiOperator",
                        },
                    },
                },
            },
        },
        package: {
            artifact: "artifact.zip",
        },
        functions: {
            getatt: {
                handler: "Svc::Svc.Functions::GetAtt",
                capacityProvider: {
                    "Fn::GetAtt": ["PoolLambdaCapacityProvider", "Arn"],
                },
            },
            imported: {
                handler: "Svc::Svc.Functions::Imported",
                capacityProvider: {
                    "Fn::ImportValue": "shared-capacity-provider-arn",
                },
            },
            subbed: {
                handler: "Svc::Svc.Functions::Subbed",
                capacityProvider: {
                    "Fn::Sub": "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:capacity-provider:shared-cp",
                },
            },
            named: {
                handler: "Svc::Svc.Functions::Named",
                capacityProvider: {
                    name: {
                        "Fn::GetAtt": ["PoolLambdaCapacityProvider", "Arn"],
                    },
                    maxConcurrency: 32,
                    memoryPerVCpu: 2,
                    scaling: {
                        min: 1,
                        max: 4,
                    },
                },
            },
            "arn-object": {
                handler: "Svc::Svc.Functions::ArnObject",
                capacityProvider: {
                    name: "arn:aws:lambda:us-east-1:123456789012:capacity-provider:ext-pool",
                    maxConcurrency: 8,
                },
            },
        },
    };
    let diagnostics = svc.check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
