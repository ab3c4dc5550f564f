//! The `full` example declared with `service!`: serverless.yml's shape, checked by `cargo check`.
//!
//! ```sh
//! cargo run --example macro > template.json
//! ```
//!
//! Change `maxConcurrency: 100` to `1601`, or `name: "highMem"` to `"higMem"`, and the example no
//! longer compiles: the error is under that value.

/// The service; kept apart from `main` so tests can synthesize it too.
pub fn service() -> stackwright::Service<impl stackwright::Brand> {
    stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            // An existing bucket: no in-stack `ServerlessDeploymentBucket` is created.
            deploymentBucket: { name: "my-service-deployments-us-east-1" },
            vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
            capacityProviders: {
                highMem: {
                    // Our own role: the shared `LambdaCapacityProviderOperatorRole` is not created.
                    permissions: { operatorRole: "arn:aws:iam::123456789012:role/MyOperatorRole" },
                    // Replaces `provider.vpc` for this provider's instances.
                    vpc: { subnetIds: ["subnet-0aaa1111", "subnet-0bbb2222"], securityGroupIds: ["sg-0aaa1111"] },
                    instanceRequirements: { allowedInstanceTypes: ["r7g.large", "r7g.xlarge"], architectures: ["arm64"] },
                    // Manual mode needs at least one policy, or this does not compile.
                    scaling: {
                        mode: "manual",
                        maxVCpuCount: 200,
                        policies: [{ predefinedMetricType: "LambdaCapacityProviderAverageCPUUtilization", targetValue: 70 }],
                    },
                    kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012",
                },
            },
        },
        // Relative to this crate's directory (the macro sets `base_dir` to `CARGO_MANIFEST_DIR`).
        package: { artifact: "examples/artifacts/artifact.zip" },
        functions: {
            etl: {
                handler: "handler.etl",
                // Must match the provider's architecture; 4 GiB per vCPU needs at least 4096 MB.
                architecture: "arm64",
                memorySize: 4096,
                capacityProvider: { name: "highMem", maxConcurrency: 100, memoryPerVCpu: 4, scaling: { min: 5, max: 10 } },
            },
        },
    }
}

// Unused when a test includes this file for `service()`.
#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    service().synth_to_stdout()
}
