// Builder: scaling.min cannot exceed scaling.max.
use stackwright::*;

fn main() {
    let svc = Service::new("my-service");
    let pool = svc.default_capacity_provider();
    let _f = Function::handler("handler.api").capacity_provider(pool.with().scaling(environments!(6..=3)));
}
