// The `provider-arm64` conformance case (../shared/conformance/public/provider-arm64/serverless.json) as a `service!`.
fn main() {
    let svc = stackwright::service! {
        service: "graviton-svc",
        provider: {
            name: "aws",
            runtime: "python3.13",
            architecture: "arm64",
            vpc: {
                subnetIds: ["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
                securityGroupIds: ["sg-0a1b2c3d"],
            },
            capacityProviders: {
                graviton: {},
            },
        },
        package: {
            artifact: "artifact.zip",
        },
        functions: {
            ingest: {
                handler: "app.ingest",
                capacityProvider: "graviton",
            },
            report: {
                handler: "app.report",
                capacityProvider: "default",
            },
        },
    };
    let diagnostics = svc.check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
