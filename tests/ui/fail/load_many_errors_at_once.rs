// Every error in one pass: an unknown key, a range error and an undefined provider.
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
            api: { handler: "handler.api", capacityProvider: { name: "nope", maxConcurrency: 5000 }, timout: 30 },
        },
    };
}
