// A key given twice is an error on the second one (serverless.yml would silently keep one).
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        service: "other-service",
        provider: { runtime: "nodejs24.x" },
    };
}
