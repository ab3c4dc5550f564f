// Builder: a handle of a declared (branded) service does not fit a service made by `Service::new`
// either: only that service's own functions may use it.
use stackwright::*;

fn main() {
    let mut orders = stackwright::new_service!("orders-api");
    let mut generated = Service::new("generated");
    let pool = orders.capacity_provider("pool", CapacityProvider::new());
    generated.function("api", Function::handler("handler.api").capacity_provider(pool));
}
