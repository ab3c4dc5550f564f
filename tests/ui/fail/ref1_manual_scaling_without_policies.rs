// Reference §7 rule 1: manual scaling needs at least one policy.
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
            capacityProviders: {
                highMem: { scaling: { mode: "manual", maxVCpuCount: 200 } },
            },
        },
        package: { artifact: "artifact.zip" },
        functions: {
            api: { handler: "handler.api", capacityProvider: "highMem" },
        },
    };
}
