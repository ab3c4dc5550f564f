// Builder: memoryPerVCpu is one of three ratios, not any number.
use stackwright::*;

fn main() {
    let svc = Service::new("my-service");
    let pool = svc.default_capacity_provider();
    let _f = Function::handler("handler.api").capacity_provider(pool.with().memory_per_vcpu(3));
}
