// D2: 0 scaling policies (an explicit empty list) with manual scaling. (With auto scaling an empty
// list means no policies, as in the reference.)
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
            capacityProviders: {
                highMem: { scaling: { mode: "manual", maxVCpuCount: 200, policies: [] } },
            },
        },
        package: { artifact: "artifact.zip" },
        functions: {
            api: { handler: "handler.api", capacityProvider: "highMem" },
        },
    };
}
