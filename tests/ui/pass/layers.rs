// `examples/layers.rs` as a `service!`: top-level `layers` and functions' `Ref`s to them.
// `tests/macro_equivalence.rs` includes this file and compares `service()` with the builder example.

pub fn service() -> stackwright::Service<impl stackwright::Brand> {
    stackwright::service! {
        service: "layered-service",
        provider: { name: "aws", runtime: "python3.13" },
        package: { artifact: "artifact.zip" },
        layers: {
            deps: {
                package: { artifact: "layer.zip" },
                description: "Shared Python dependencies",
                compatibleRuntimes: ["python3.12", "python3.13"],
                compatibleArchitectures: ["x86_64"],
                allowedAccounts: ["123456789012"],
            },
        },
        functions: {
            api: { handler: "handler.api", layers: [{ Ref: "DepsLambdaLayer" }] },
            worker: {
                handler: "handler.worker",
                layers: [
                    { Ref: "DepsLambdaLayer" },
                    "arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-x86_64:7",
                ],
            },
        },
    }
}

#[allow(dead_code)] // unused where the equivalence test includes this file
fn main() {
    let diagnostics = service().check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
