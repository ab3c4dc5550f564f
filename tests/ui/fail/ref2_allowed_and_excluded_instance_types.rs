// Reference §7 rule 2: allowed and excluded instance types are exclusive.
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
            capacityProviders: {
                highMem: { instanceRequirements: { allowedInstanceTypes: ["r7g.large"], excludedInstanceTypes: ["t3.nano"] } },
            },
        },
        package: { artifact: "artifact.zip" },
        functions: {
            api: { handler: "handler.api", capacityProvider: "highMem" },
        },
    };
}
