// Builder: a minimum alone (`MIN..`) is at least 1: `min 0` goes with `max 0` (`scale_to_zero()`).
use stackwright::*;

fn main() {
    let svc = Service::new("my-service");
    let pool = svc.default_capacity_provider();
    let _f = Function::handler("handler.api").capacity_provider(pool.with().scaling(environments!(0..)));
}
