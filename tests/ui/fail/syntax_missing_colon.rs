// Malformed input is a located syntax error, never a panic.
fn main() {
    let _svc = stackwright::service! {
        service "my-service",
    };
}
