// D2: the service name must match ^[a-zA-Z][0-9a-zA-Z-]+$.
fn main() {
    let _svc = stackwright::service! {
        service: "my_service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
        },
        package: { artifact: "artifact.zip" },
        functions: {
            api: { handler: "handler.api", capacityProvider: "default" },
        },
    };
}
