// D2: two functions deployed under one name.
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
            one: { handler: "handler.one", name: "shared-name", capacityProvider: "default" },
            two: { handler: "handler.two", name: "shared-name", capacityProvider: "default" },
        },
    };
}
