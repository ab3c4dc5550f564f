// Every function needs an artifact (service or function level).
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
        },
        functions: {
            api: { handler: "handler.api", capacityProvider: "default" },
        },
    };
}
