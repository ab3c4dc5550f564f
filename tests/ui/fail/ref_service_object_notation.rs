// `service` must be a string: the reference rejects the object form.
fn main() {
    let _svc = stackwright::service! {
        service: { name: "my-service" },
        provider: { name: "aws", runtime: "nodejs22.x" },
        package: { artifact: "artifact.zip" },
        functions: {
            api: { handler: "handler.api" },
        },
    };
}
