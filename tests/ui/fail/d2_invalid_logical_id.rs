// D2: a function key that cannot make an alphanumeric logical ID.
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
            "api.v2": { handler: "handler.api", capacityProvider: "default" },
        },
    };
}
