// A capacityProvider that looks like an ARN must be a capacity provider ARN.
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
            api: { handler: "handler.api", capacityProvider: "arn:aws:lambda:us-east-1:123456789012:function:not-a-provider" },
        },
    };
}
