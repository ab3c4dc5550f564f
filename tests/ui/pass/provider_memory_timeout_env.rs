// The `provider-memory-timeout-env` conformance case (../shared/conformance/public/provider-memory-timeout-env/serverless.json) as a `service!`.
fn main() {
    let svc = stackwright::service! {
        service: "env-svc",
        provider: {
            name: "aws",
            runtime: "java21",
            memorySize: 4096,
            timeout: 30,
            environment: {
                LOG_LEVEL: "info",
                apiUrl: "https://api.example.com/v1",
                Zeta: "last",
                alpha: "first",
            },
            vpc: {
                subnetIds: ["subnet-0123abcd"],
                securityGroupIds: ["sg-0123abcd"],
            },
        },
        package: {
            artifact: "artifact.zip",
        },
        functions: {
            reader: {
                handler: "com.example.Reader::handleRequest",
                capacityProvider: "default",
            },
            writer: {
                handler: "com.example.Writer::handleRequest",
                memorySize: 8192,
                timeout: 120,
                environment: {
                    alpha: "overridden",
                    TABLE_NAME: "orders",
                    a1: "1",
                    a_b: "x",
                    AB: "y",
                },
                capacityProvider: {
                    name: "default",
                    memoryPerVCpu: 4,
                },
            },
        },
    };
    let diagnostics = svc.check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
