//! Generated services for benchmarks: `providers` capacity providers and `functions` functions,
//! spread round-robin, with the settings a real service has (scaling, instance requirements,
//! per-function concurrency and memory, environment), all valid.

use stackwright::*;

/// The base64 SHA-256 of `examples/artifacts/artifact.zip`: benchmarks measure synthesis, not disk reads.
const ARTIFACT_SHA256: &str = "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U=";

/// A valid service with `providers` capacity providers and `functions` functions.
pub fn service(providers: usize, functions: usize) -> Service {
    let mut svc = Service::new("bench-service");
    svc.build_time_millis(1_767_225_600_000);
    svc.provider()
        .runtime(Runtime::Nodejs24x)
        .memory_size(4096)
        .env("LOG_LEVEL", "info")
        .vpc(Vpc::new(["subnet-0abc1234", "subnet-0def5678"], ["sg-0abc1234"]));
    svc.package_artifact(Artifact::with_sha256("dist/service.zip", ARTIFACT_SHA256));
    let handles: Vec<CapacityProviderHandle> = (0..providers)
        .map(|i| {
            let cp = match i % 3 {
                0 => CapacityProvider::new().scaling(Scaling::auto().max_vcpu_count(400)),
                1 => CapacityProvider::new()
                    .scaling(Scaling::manual(200, [TargetTracking::cpu(70.0)]))
                    .instance_types(InstanceTypes::allowed(["m7a.large", "c7a.xlarge"])),
                _ => CapacityProvider::new().instance_types(InstanceTypes::excluded(["m7a.48xlarge"])),
            };
            svc.capacity_provider(format!("pool-{i}"), cp)
        })
        .collect();
    for i in 0..functions {
        let mut f = Function::handler(format!("src/handlers/fn{i}.handler")).env("TABLE_NAME", format!("table-{i}"));
        if let Some(h) = handles.get(i % handles.len().max(1)) {
            f = f.capacity_provider(
                h.with().max_concurrency(64).memory_per_vcpu(MemoryPerVCpu::Gib2).scaling(environments!(1..=10)),
            );
        } else {
            f = f.memory_size(1024);
        }
        svc.function(format!("function-{i}"), f);
    }
    svc
}
