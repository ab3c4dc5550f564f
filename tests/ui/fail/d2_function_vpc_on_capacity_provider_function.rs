// D2: a function-level VPC on a capacity-provider function would be silently dropped.
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
            api: { handler: "handler.api", capacityProvider: "default", vpc: { subnetIds: ["subnet-0ddd4444"], securityGroupIds: ["sg-0ddd4444"] } },
        },
    };
}
