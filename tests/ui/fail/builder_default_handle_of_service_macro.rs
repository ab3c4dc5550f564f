// Builder: `service!` brands its service too. The `default` provider's handle of a service declared
// with `service!`, with per-function settings, does not fit a function of another service.
use stackwright::*;

fn main() {
    let orders = stackwright::service! {
        service: "orders-api",
        provider: { name: "aws", runtime: "nodejs24.x", vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] } },
        package: { artifact: "dist/orders.zip" },
        functions: { api: { handler: "handler.api", capacityProvider: "default" } },
    };
    let mut billing = stackwright::new_service!("billing");
    let pool = orders.default_capacity_provider();
    billing.function("invoice", Function::handler("handler.invoice").capacity_provider(pool.with().max_concurrency(10)));
}
