// D2: a deployed function name is at most 64 characters.
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
            api: { handler: "handler.api", name: "a-function-name-that-is-much-too-long-for-aws-lambda-to-accept-it", capacityProvider: "default" },
        },
    };
}
