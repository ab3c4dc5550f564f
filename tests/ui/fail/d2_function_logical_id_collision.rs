// D2: `a-b` and `aDashb` normalize to the same logical ID; both names are shown.
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
            "a-b": { handler: "handler.a", capacityProvider: "default" },
            aDashb: { handler: "handler.b", capacityProvider: "default" },
        },
    };
}
