// Reference §7 rule 7: memoryPerVCpu is 2, 4 or 8.
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
            api: { handler: "handler.api", memorySize: 8192, capacityProvider: { name: "default", memoryPerVCpu: 3 } },
        },
    };
}
