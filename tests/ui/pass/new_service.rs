// Builder: services declared with `new_service!` (and `service!`) each have a brand of their own.
// Their handles fit their own functions; functions without a handle, or on an ARN or an intrinsic,
// fit any service; generic code takes `Service<B>` with `B: Brand`.
use stackwright::*;

/// A helper for any declared service: the handle it gets is of that service.
fn add_worker<B: Brand>(svc: &mut Service<B>) {
    let pool = svc.default_capacity_provider();
    svc.function("worker", Function::handler("handler.worker").capacity_provider(pool.with().max_concurrency(8)));
}

/// A declared service returned from a function keeps its brand.
fn billing() -> Service<impl Brand> {
    let mut billing = stackwright::new_service!("billing");
    billing.provider().runtime(Runtime::Nodejs24x).vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
    billing.package_artifact("dist/billing.zip");
    billing
}

fn main() {
    let mut orders = stackwright::new_service!("orders-api");
    orders.provider().runtime(Runtime::Nodejs24x).vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
    orders.package_artifact("dist/orders.zip");
    let high_mem = orders.capacity_provider("highMem", CapacityProvider::new());
    orders
        .function("api", Function::handler("handler.api").capacity_provider(&high_mem))
        .function("plain", Function::handler("handler.plain"));
    add_worker(&mut orders);

    let mut billing = billing();
    let pool = billing.capacity_provider("pool", CapacityProvider::new());
    billing.function("invoice", Function::handler("handler.invoice").capacity_provider(pool));
    // Another service's provider, by ARN: unbranded, so it fits.
    billing.function(
        "orders-side",
        Function::handler("handler.side").capacity_provider(CapacityProviderRef::arn(
            "arn:aws:lambda:us-east-1:123456789012:capacity-provider:orders-api-highMem",
        )),
    );
    add_worker(&mut billing);

    // `service!` gives a declared service too; its name need not make a type name (`Self` is a
    // keyword: the brand is `ThisService`).
    let mut from_macro = stackwright::service! {
        service: "self",
        provider: { name: "aws", runtime: "nodejs24.x", vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] } },
        package: { artifact: "dist/service.zip" },
        functions: {},
    };
    add_worker(&mut from_macro);

    // A name that is not a literal.
    let name = String::from("dynamic");
    let mut dynamic = stackwright::new_service!(name);
    dynamic.provider().runtime(Runtime::Nodejs24x).vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
    dynamic.package_artifact("dist/dynamic.zip");
    add_worker(&mut dynamic);

    // Services declared apart, kept together: unbranded.
    let all: Vec<Service> =
        vec![orders.into_unbranded(), billing.into_unbranded(), from_macro.into_unbranded(), dynamic.into_unbranded()];
    for svc in &all {
        let diagnostics = svc.check();
        assert!(!diagnostics.has_errors(), "{}: {diagnostics}", svc.config().service);
    }
    assert_eq!(all[3].config().service, "dynamic");
}
