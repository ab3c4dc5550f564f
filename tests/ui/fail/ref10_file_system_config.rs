// Reference §7 rule 10: no fileSystemConfig on capacity-provider functions.
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
            api: {
                handler: "handler.api",
                capacityProvider: "default",
                fileSystemConfig: { arn: "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0", localMountPath: "/mnt/data" },
            },
        },
    };
}
