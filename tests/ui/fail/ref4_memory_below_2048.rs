// Reference §7 rule 4: capacity-provider functions need at least 2048 MB.
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
            etl: { handler: "handler.etl", memorySize: 1024, capacityProvider: "default" },
        },
    };
}
