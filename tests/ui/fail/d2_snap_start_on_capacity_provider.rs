// SnapStart is not available on Lambda Managed Instances.
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "java21",
            vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
        },
        package: { artifact: "artifact.zip" },
        functions: {
            api: { handler: "com.example.Handler::handle", capacityProvider: "default", snapStart: true },
        },
    };
}
