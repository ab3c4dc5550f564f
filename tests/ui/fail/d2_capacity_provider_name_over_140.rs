// D2: CapacityProviderName (<service>-<stage>-<name>) is at most 140 characters.
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
            capacityProviders: {
                pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp: {},
            },
        },
        package: { artifact: "artifact.zip" },
        functions: {
            api: { handler: "handler.api", capacityProvider: "pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp" },
        },
    };
}
