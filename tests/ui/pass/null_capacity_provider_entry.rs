// D2: a null capacity-provider entry (`highMem: ~` in YAML) is treated as `{}` consistently.
fn main() {
    let svc = stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
            capacityProviders: { highMem: null },
        },
        package: { artifact: "artifact.zip" },
        functions: { api: { handler: "handler.api", capacityProvider: "highMem" } },
    };
    let diagnostics = svc.check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
    assert!(svc.config().provider.capacity_providers.contains_key("highMem"));
}
