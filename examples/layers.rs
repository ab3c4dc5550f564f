//! A Python service with a layer of its own: `Service::layer` declares `layers.deps` and returns
//! the handle its functions use (`{Ref: DepsLambdaLayer}` in serverless.yml), so the `Ref` always
//! names a declared layer and the layer's code goes into the functions' version hashes.
//!
//! ```sh
//! cargo run --example layers > template.json
//! ```
//!
//! Here the layer's zip is prebuilt (`package.artifact`); with `Layer::path("layer")` instead,
//! `stackwright package` zips that directory into `.serverless/deps.zip`.

use stackwright::*;

/// The service; kept apart from `main` so tests can synthesize it too.
pub fn service() -> Service<impl Brand> {
    let mut svc = stackwright::new_service!("layered-service");
    svc.base_dir(env!("CARGO_MANIFEST_DIR"));
    svc.provider().runtime(Runtime::Python313);
    svc.package_artifact("examples/artifacts/artifact.zip");

    let deps = svc.layer(
        "deps",
        Layer::artifact("examples/artifacts/layer.zip")
            .description("Shared Python dependencies")
            .compatible_runtime(Runtime::Python312)
            .compatible_runtime(Runtime::Python313)
            .compatible_architecture(Architecture::X86_64)
            .allow_account("123456789012"),
    );
    svc.function("api", Function::handler("handler.api").layer(&deps));
    svc.function(
        "worker",
        Function::handler("handler.worker")
            .layer(&deps)
            .layer("arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-x86_64:7"),
    );
    svc
}

// Unused when a test includes this file for `service()`.
#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    service().synth_to_stdout()
}
