// Builder: a capacity provider handle belongs to the service that declared it. Each
// `new_service!` declares a brand of its own, so a handle of `orders-api` does not fit `billing`.
use stackwright::*;

fn main() {
    let mut orders = stackwright::new_service!("orders-api");
    let mut billing = stackwright::new_service!("billing");
    let high_mem = orders.capacity_provider("highMem", CapacityProvider::new());
    orders.function("api", Function::handler("handler.api").capacity_provider(&high_mem));
    billing.function("invoice", Function::handler("handler.invoice").capacity_provider(&high_mem));
}
