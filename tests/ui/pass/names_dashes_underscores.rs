// The `names-dashes-underscores` conformance case (../shared/conformance/public/names-dashes-underscores/serverless.json) as a `service!`.
fn main() {
    let svc = stackwright::service! {
        service: "orders-api-2",
        provider: {
            name: "aws",
            runtime: "python3.14",
            deploymentBucket: {
                name: "orders-api-2-deployments",
            },
            vpc: {
                subnetIds: ["subnet-0f1e2d3c"],
                securityGroupIds: ["sg-0f1e2d3c"],
            },
            capacityProviders: {
                "high-mem": {},
                cost_opt: {
                    scaling: {
                        mode: "auto",
                    },
                },
                "batch-pool_2": {
                    vpc: {
                        subnetIds: ["subnet-0a0b0c0d", "subnet-1a1b1c1d"],
                        securityGroupIds: ["sg-0a0b0c0d"],
                    },
                },
            },
        },
        package: {
            artifact: "artifact.zip",
        },
        functions: {
            "get-user": {
                handler: "src/get_user.handler",
                capacityProvider: "high-mem",
            },
            send_mail: {
                handler: "src/send_mail.handler",
                capacityProvider: {
                    name: "cost_opt",
                    maxConcurrency: 16,
                },
            },
            "process-order_v2": {
                handler: "src/process_order.handler",
                capacityProvider: "batch-pool_2",
            },
            "health_check-1": {
                handler: "src/health.handler",
            },
        },
    };
    let diagnostics = svc.check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
