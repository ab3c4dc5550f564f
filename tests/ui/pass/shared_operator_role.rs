// The `shared-operator-role` conformance case (../shared/conformance/public/shared-operator-role/serverless.json) as a `service!`.
fn main() {
    let svc = stackwright::service! {
        service: "roles-svc",
        provider: {
            name: "aws",
            runtime: "nodejs22.x",
            vpc: {
                subnetIds: ["subnet-0abc1234"],
                securityGroupIds: ["sg-0abc1234"],
            },
            capacityProviders: {
                first: {},
                own: {
                    permissions: {
                        operatorRole: "arn:aws:iam::123456789012:role/CustomOperator",
                    },
                },
                third: {
                    scaling: {
                        maxVCpuCount: 64,
                    },
                },
            },
        },
        package: {
            artifact: "artifact.zip",
        },
        functions: {
            a: {
                handler: "index.a",
                capacityProvider: "first",
            },
            b: {
                handler: "index.b",
                capacityProvider: "own",
            },
            c: {
                handler: "index.c",
                capacityProvider: "third",
            },
        },
    };
    let diagnostics = svc.check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
