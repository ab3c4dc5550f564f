// The `numeric-cp-names` conformance case (../shared/conformance/public/numeric-cp-names/serverless.json) as a `service!`.
fn main() {
    let svc = stackwright::service! {
        service: "order-svc",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: {
                subnetIds: ["subnet-0abc1234"],
                securityGroupIds: ["sg-0abc1234"],
            },
            capacityProviders: {
                zeta: {},
                "10": {},
                "2": {},
                alpha: {},
            },
        },
        package: {
            artifact: "artifact.zip",
        },
        functions: {
            f1: {
                handler: "index.f1",
                capacityProvider: "10",
            },
            f2: {
                handler: "index.f2",
                capacityProvider: "2",
            },
            f3: {
                handler: "index.f3",
                capacityProvider: "zeta",
            },
        },
    };
    let diagnostics = svc.check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
