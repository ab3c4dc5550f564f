// D2: 8 GiB per vCPU needs at least 8192 MB for one vCPU.
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
        },
        package: { artifact: "artifact.zip" },
        functions: {
            api: { handler: "handler.api", memorySize: 4096, capacityProvider: { name: "default", memoryPerVCpu: 8 } },
        },
    };
}
