//! build.rs wrote the template, and it holds the service's resources.

use monorepo_infra::TEMPLATE;

#[test]
fn template_has_the_capacity_provider_and_the_function() {
    let template: serde_json::Value = serde_json::from_str(TEMPLATE).expect("TEMPLATE is JSON");
    let resources = template["Resources"].as_object().expect("Resources");

    let provider = &resources["WorkersLambdaCapacityProvider"];
    assert_eq!(provider["Type"], "AWS::Lambda::CapacityProvider");

    let function = &resources["WorkerLambdaFunction"];
    assert_eq!(function["Type"], "AWS::Lambda::Function");
    assert_eq!(function["Properties"]["Runtime"], "provided.al2023");
    assert_eq!(function["Properties"]["Handler"], "bootstrap");
    assert_eq!(function["Properties"]["Architectures"], serde_json::json!(["arm64"]));
}
