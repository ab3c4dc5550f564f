// D2: maxVCpuCount is 12..15000.
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
            capacityProviders: {
                highMem: { scaling: { maxVCpuCount: 11 } },
            },
        },
        package: { artifact: "artifact.zip" },
        functions: {
            api: { handler: "handler.api", capacityProvider: "highMem" },
        },
    };
}
