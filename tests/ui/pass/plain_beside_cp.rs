// The `plain-beside-cp` conformance case (../shared/conformance/public/plain-beside-cp/serverless.json) as a `service!`.
fn main() {
    let svc = stackwright::service! {
        service: "mixed-svc",
        provider: {
            name: "aws",
            runtime: "nodejs22.x",
            vpc: {
                subnetIds: ["subnet-0aaa0001", "subnet-0aaa0002"],
                securityGroupIds: ["sg-0aaa0001"],
            },
        },
        package: {
            artifact: "artifact.zip",
        },
        functions: {
            api: {
                handler: "src/api.handler",
                capacityProvider: "default",
            },
            worker: {
                handler: "src/worker.handler",
                memorySize: 6144,
                capacityProvider: "default",
            },
            cron: {
                handler: "src/cron.handler",
            },
            webhook: {
                handler: "src/webhook.handler",
                memorySize: 512,
                timeout: 10,
                vpc: {
                    subnetIds: ["subnet-0bbb0001"],
                    securityGroupIds: ["sg-0bbb0001"],
                },
            },
        },
    };
    let diagnostics = svc.check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
