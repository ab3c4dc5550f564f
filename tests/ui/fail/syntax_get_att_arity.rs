// `get_att!` takes a resource and an attribute.
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        functions: { api: { handler: "handler.api", capacityProvider: get_att!("OnlyOne") } },
    };
}
