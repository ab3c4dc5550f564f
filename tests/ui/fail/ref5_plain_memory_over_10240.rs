// Reference §7 rule 5: plain functions are limited to 10240 MB.
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
            plain: { handler: "handler.plain", memorySize: 16384 },
        },
    };
}
