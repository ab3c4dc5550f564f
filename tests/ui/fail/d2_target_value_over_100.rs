// D2: targetValue is a percentage, 0..100.
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
            capacityProviders: {
                highMem: { scaling: { mode: "manual", maxVCpuCount: 200, policies: [{ predefinedMetricType: "LambdaCapacityProviderAverageCPUUtilization", targetValue: 170 }] } },
            },
        },
        package: { artifact: "artifact.zip" },
        functions: {
            api: { handler: "handler.api", capacityProvider: "highMem" },
        },
    };
}
