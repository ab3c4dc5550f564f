// The shorthand is checked like the long form: `get_att!` of a resource that does not exist.
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        provider: { name: "aws", runtime: "nodejs24.x" },
        package: { artifact: "artifact.zip" },
        functions: { api: { handler: "handler.api", capacityProvider: get_att!("MyExternal", "Arn") } },
    };
}
