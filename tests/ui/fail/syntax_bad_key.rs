// Keys are names, quoted names or numbers.
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        [provider]: {},
    };
}
