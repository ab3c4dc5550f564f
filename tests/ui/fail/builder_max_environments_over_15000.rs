// Builder: a maximum alone (`..=MAX`) is at most 15000, also when it is a named constant.
use stackwright::*;

const PEAK: u32 = 15001;

fn main() {
    let svc = Service::new("my-service");
    let pool = svc.default_capacity_provider();
    let _f = Function::handler("handler.api").capacity_provider(pool.with().scaling(environments!(..=PEAK)));
}
