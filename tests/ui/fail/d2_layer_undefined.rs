// A function's `Ref` to a layer `layers` does not define: LAYER_UNDEFINED under the `Ref`.
fn main() {
    let _svc = stackwright::service! {
        service: "layered-service",
        provider: { name: "aws", runtime: "python3.13" },
        package: { artifact: "artifact.zip" },
        layers: {
            deps: { path: "layer", compatibleRuntimes: ["python3.13"] },
        },
        functions: {
            api: { handler: "handler.api", layers: [{ Ref: "DepLambdaLayer" }] },
        },
    };
}
