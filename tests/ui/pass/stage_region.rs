// The `stage-region` conformance case (../shared/conformance/public/stage-region/serverless.json) as a `service!`.
fn main() {
    let svc = stackwright::service! {
        service: "eu-reports",
        provider: {
            name: "aws",
            runtime: "python3.13",
            stage: "prod",
            region: "eu-west-1",
            vpc: {
                subnetIds: ["subnet-0e0e0e01", "subnet-0e0e0e02"],
                securityGroupIds: ["sg-0e0e0e01"],
            },
            capacityProviders: {
                reporting: {
                    permissions: {
                        operatorRole: "arn:aws:iam::123456789012:role/EuLmiOperator",
                    },
                    kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/0b7c2a1e-5d4f-4e3a-9c8b-7a6f5e4d3c2b",
                    scaling: {
                        mode: "auto",
                        maxVCpuCount: 64,
                    },
                },
            },
        },
        package: {
            artifact: "artifact.zip",
        },
        functions: {
            daily: {
                handler: "reports.daily",
                capacityProvider: "reporting",
            },
            shared: {
                handler: "reports.shared",
                capacityProvider: "arn:aws:lambda:eu-west-1:123456789012:capacity-provider:shared-eu",
            },
        },
    };
    let diagnostics = svc.check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
