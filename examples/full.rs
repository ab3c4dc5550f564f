//! Every capacity-provider setting at once: own VPC, operator role, instance types,
//! architecture, manual scaling, KMS key, and per-function concurrency, memory ratio and scaling.
//!
//! Mirrors the `full` conformance case.

use stackwright::*;

/// The service; kept apart from `main` so tests can synthesize it too.
pub fn service() -> Service<impl Brand> {
    let mut svc = stackwright::new_service!("my-service");
    svc.base_dir(env!("CARGO_MANIFEST_DIR"));
    svc.provider()
        .runtime(Runtime::Nodejs24x)
        // An existing bucket: no in-stack `ServerlessDeploymentBucket` is created.
        .deployment_bucket("my-service-deployments-us-east-1")
        .vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
    svc.package_artifact("examples/artifacts/artifact.zip");

    let high_mem = svc.capacity_provider(
        "highMem",
        CapacityProvider::new()
            // Our own role: the shared `LambdaCapacityProviderOperatorRole` is not created.
            .operator_role("arn:aws:iam::123456789012:role/MyOperatorRole")
            // Replaces `provider.vpc` for this provider's instances.
            .vpc(Vpc::new(["subnet-0aaa1111", "subnet-0bbb2222"], ["sg-0aaa1111"]))
            .instance_types(InstanceTypes::allowed(["r7g.large", "r7g.xlarge"]))
            .architecture(Architecture::Arm64)
            // Manual mode needs at least one policy; `Scaling::manual(200, [])` does not compile.
            .scaling(Scaling::manual(200, [TargetTracking::cpu(70.0)]))
            .kms_key_arn("arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012"),
    );

    svc.function(
        "etl",
        Function::handler("handler.etl")
            // Must match the provider's architecture.
            .architecture(Architecture::Arm64)
            // 4 GiB per vCPU needs at least 4096 MB for one vCPU.
            .memory_size(4096)
            .capacity_provider(
                high_mem
                    .with()
                    .max_concurrency(100)
                    .memory_per_vcpu(MemoryPerVCpu::Gib4)
                    .scaling(environments!(5..=10)),
            ),
    );
    svc
}

// Unused when a test includes this file for `service()`.
#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    service().synth_to_stdout()
}
