// D2: capacity providers `A` and `a` get the same logical ID.
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
            capacityProviders: {
                A: {},
                a: {},
            },
        },
        package: { artifact: "artifact.zip" },
        functions: {
            one: { handler: "handler.one", capacityProvider: "A" },
            two: { handler: "handler.two", capacityProvider: "a" },
        },
    };
}
