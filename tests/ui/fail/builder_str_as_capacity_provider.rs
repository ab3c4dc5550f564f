// Builder: a capacity provider is referenced by its handle, never by a (possibly misspelt) name.
use stackwright::*;

fn main() {
    let mut svc = Service::new("my-service");
    let _high_mem = svc.capacity_provider("highMem", CapacityProvider::new());
    svc.function("api", Function::handler("handler.api").capacity_provider("higMem"));
}
