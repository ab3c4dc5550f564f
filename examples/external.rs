//! Running functions on capacity providers this service does not declare: one by ARN, one
//! created by a resource of your own under `resources`.
//!
//! Mirrors the `external-arn` conformance case.

use stackwright::*;

/// The service; kept apart from `main` so tests can synthesize it too.
pub fn service() -> Service<impl Brand> {
    let mut svc = stackwright::new_service!("my-service");
    svc.base_dir(env!("CARGO_MANIFEST_DIR"));
    // No `provider.vpc`: external providers bring their own network.
    svc.provider().runtime(Runtime::Nodejs24x);
    svc.package_artifact("examples/artifacts/artifact.zip");

    // Owned by another stack or account.
    svc.function(
        "my-function",
        Function::handler("index.handler").capacity_provider(CapacityProviderRef::arn(
            "arn:aws:lambda:us-east-1:123456789012:capacity-provider:external-provider",
        )),
    );
    // Created below as a plain CloudFormation resource, referenced by intrinsic.
    svc.function(
        "my-other-function",
        Function::handler("index.handler").capacity_provider(Intrinsic::get_att("MyExternalCapacityProvider", "Arn")),
    );

    svc.resources().resources.insert(
        "MyExternalCapacityProvider".into(),
        serde_json::json!({
            "Type": "AWS::Lambda::CapacityProvider",
            "Properties": {
                "CapacityProviderName": "my-service-external",
                "VpcConfig": {
                    "SubnetIds": ["subnet-0ccc3333"],
                    "SecurityGroupIds": ["sg-0ccc3333"]
                },
                "PermissionsConfig": {
                    "CapacityProviderOperatorRoleArn": "arn:aws:iam::123456789012:role/MyOperatorRole"
                }
            }
        }),
    );
    svc
}

// Unused when a test includes this file for `service()`.
#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    service().synth_to_stdout()
}
