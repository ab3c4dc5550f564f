//! Every configuration cfn-lint 1.58.0 misses (`reference/cfn-lint-coverage.md`, "MISSED" and
//! #37), shown rejected by stackwright; plus the gaps the reliability suite itself found (each
//! fixed in core, see the report) so they stay closed.

use serde_json::json;
use stackwright::*;

const SHA: &str = "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U=";

/// A valid service: one arm64 capacity provider `pool`, one function `f` on it.
fn base() -> Service {
    let mut svc = Service::new("missed");
    svc.build_time_millis(crate::generate::BUILD_TIME);
    svc.provider().runtime(Runtime::Nodejs24x).vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
    svc.package_artifact(Artifact::with_sha256("dist/app.zip", SHA));
    let pool = svc.capacity_provider("pool", CapacityProvider::new().architecture(Architecture::Arm64));
    svc.function("f", Function::handler("index.f").architecture(Architecture::Arm64).capacity_provider(&pool));
    assert!(svc.synth().is_ok());
    svc
}

fn f(svc: &mut Service) -> &mut Function {
    svc.config_mut().functions.get_mut("f").unwrap()
}

fn settings(svc: &mut Service) -> &mut model::FunctionCapacityProvider {
    let f = f(svc);
    f.capacity_provider = Some(CapacityProviderRef::Config(model::FunctionCapacityProvider {
        name: Some("pool".into()),
        max_concurrency: None,
        memory_per_vcpu: None,
        scaling: None,
    }));
    match f.capacity_provider.as_mut() {
        Some(CapacityProviderRef::Config(c)) => c,
        _ => unreachable!(),
    }
}

#[track_caller]
fn rejects(svc: &Service, code: &str) {
    let d = svc.synth().expect_err("stackwright must reject this");
    assert!(d.errors().any(|e| e.code == code), "expected {code}, got:\n{d}");
}

#[track_caller]
fn rejects_json(config: serde_json::Value, code: &str) {
    // Loading errors come from `from_value`, rule violations from validating what loaded.
    let d = Service::from_value(&config).map_or_else(|d| d, |svc| svc.validate());
    assert!(d.errors().any(|e| e.code == code), "expected {code}, got:\n{d}");
}

/// A key the model has no place for: from a file it is ignored with a warning (as the reference's
/// default `configValidationMode: warn` does), so it cannot reach the template; in Rust
/// (`service!`) it is an error.
#[track_caller]
fn ignores_unknown_key(config: serde_json::Value, path: &str) {
    let d = Service::from_value(&config).map_or_else(|d| d, |svc| svc.check());
    let w = d.warnings().find(|w| w.code == "CONFIG_UNKNOWN_KEY").unwrap_or_else(|| panic!("no warning:\n{d}"));
    assert_eq!(w.path, path);
    let d = Service::from_rust_value(&config).expect_err("an error in Rust");
    assert!(d.errors().any(|e| e.code == "CONFIG_UNKNOWN_KEY" && e.path == path), "{d}");
}

fn json_base() -> serde_json::Value {
    json!({
        "service": "missed",
        "provider": {"name": "aws", "runtime": "nodejs24.x",
                     "vpc": {"subnetIds": ["subnet-0abc1234"], "securityGroupIds": ["sg-0abc1234"]},
                     "capacityProviders": {"pool": {}}},
        "package": {"artifact": "app.zip"},
        "functions": {"f": {"handler": "index.f", "capacityProvider": "pool"}}
    })
}

#[test]
fn cfn_lint_05_memory_per_vcpu_3() {
    let mut c = json_base();
    c["functions"]["f"]["capacityProvider"] = json!({"name": "pool", "memoryPerVCpu": 3});
    rejects_json(c, "LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY");
}

#[test]
fn cfn_lint_09_allowed_and_excluded_instance_types() {
    let mut c = json_base();
    c["provider"]["capacityProviders"]["pool"] = json!({"instanceRequirements": {
        "allowedInstanceTypes": ["m7i.large"], "excludedInstanceTypes": ["c7i.large"]}});
    rejects_json(c, "LAMBDA_CAPACITY_PROVIDER_INVALID_INSTANCE_REQUIREMENTS");
}

#[test]
fn cfn_lint_10_memory_1024_on_capacity_provider() {
    let mut svc = base();
    f(&mut svc).memory_size = Some(1024);
    rejects(&svc, "LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY_SIZE");
}

#[test]
fn cfn_lint_17_ref_of_capacity_provider_yields_the_name() {
    let mut svc = base();
    f(&mut svc).capacity_provider =
        Some(CapacityProviderRef::Intrinsic(Intrinsic::reference("PoolLambdaCapacityProvider")));
    rejects(&svc, "LAMBDA_CAPACITY_PROVIDER_INVALID_REFERENCE");
}

#[test]
fn cfn_lint_21_scaling_min_above_max() {
    let mut svc = base();
    settings(&mut svc).scaling = Some(model::FunctionScaling { min: Some(50), max: Some(10) });
    rejects(&svc, "LAMBDA_MANAGED_INSTANCES_INVALID_SCALING_CONFIG");
}

#[test]
fn cfn_lint_24_architecture_mismatch() {
    let mut svc = base();
    f(&mut svc).architecture = Some(Architecture::X86_64);
    rejects(&svc, "LAMBDA_MANAGED_INSTANCES_ARCHITECTURE_MISMATCH");
}

/// #27, read-only `State`: no builder, model field or config key emits it. Only the user's raw
/// `resources` can, and those are the user's own CloudFormation, passed through as written.
#[test]
fn cfn_lint_27_read_only_state_is_never_generated() {
    let t = base().synth().unwrap();
    for r in t.resources().values() {
        assert!(r["Properties"].get("State").is_none());
    }
    let mut c = json_base();
    c["provider"]["capacityProviders"]["pool"] = json!({"state": "Active"});
    ignores_unknown_key(c, "provider.capacityProviders.pool.state");
}

#[test]
fn cfn_lint_34_function_vpc_on_capacity_provider_function() {
    let mut svc = base();
    f(&mut svc).vpc = Some(model::FunctionVpc::Config(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"])));
    rejects(&svc, "LAMBDA_MANAGED_INSTANCES_FUNCTION_VPC");
}

#[test]
fn cfn_lint_35_provisioned_concurrency_on_capacity_provider_function() {
    let mut svc = base();
    f(&mut svc).provisioned_concurrency = Some(2);
    rejects(&svc, "LAMBDA_MANAGED_INSTANCES_PROVISIONED_CONCURRENCY");
}

/// #36: function scaling exists only inside `capacityProvider`, so a function without a
/// capacity provider cannot get `FunctionScalingConfig`; the property tests check every
/// generated template for it (`checks::template_invariants`).
#[test]
fn cfn_lint_36_function_scaling_without_capacity_provider_is_inexpressible() {
    let mut c = json_base();
    c["functions"]["f"] = json!({"handler": "index.f", "scaling": {"min": 1, "max": 2}});
    ignores_unknown_key(c, "functions.f.scaling");
}

#[test]
fn cfn_lint_37_runtime_not_supported_by_managed_instances() {
    let mut svc = base();
    f(&mut svc).runtime = Some(Runtime::Python39);
    rejects(&svc, "LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_RUNTIME");
}

#[test]
fn cfn_lint_38_get_att_of_another_resource_as_capacity_provider_arn() {
    let mut svc = base();
    f(&mut svc).capacity_provider =
        Some(CapacityProviderRef::Intrinsic(Intrinsic::get_att("LambdaCapacityProviderOperatorRole", "Arn")));
    rejects(&svc, "LAMBDA_CAPACITY_PROVIDER_INVALID_REFERENCE");
}

#[test]
fn cfn_lint_39_capacity_provider_name_with_space() {
    let mut svc = base();
    let pool = svc.config_mut().provider.capacity_providers.shift_remove("pool").unwrap();
    svc.config_mut().provider.capacity_providers.insert("demo cp".into(), pool);
    f(&mut svc).capacity_provider = Some(CapacityProviderRef::Name("demo cp".into()));
    rejects(&svc, "LAMBDA_CAPACITY_PROVIDER_INVALID_NAME");
}

// ---- gaps the reliability suite found (fixed in core) ----

#[test]
fn found_deployment_bucket_must_be_a_bucket_name() {
    let mut svc = base();
    svc.provider().deployment_bucket = Some("bucket${AWS::AccountId}".into());
    rejects(&svc, "INVALID_DEPLOYMENT_BUCKET");
    svc.provider().deployment_bucket = Some("my-artifacts-us-east-1".into());
    assert!(svc.synth().is_ok());
}

#[test]
fn found_kms_key_and_operator_role_patterns() {
    let mut svc = base();
    svc.config_mut().provider.capacity_providers["pool"].kms_key_arn =
        Some("arn:aws:kms:us-east-1:123456789012:key/a b".into());
    rejects(&svc, "LAMBDA_CAPACITY_PROVIDER_INVALID_KMS_KEY");
    let mut svc = base();
    svc.config_mut().provider.capacity_providers["pool"].operator_role = Some("arn:aws:iam::123456789012:role/".into());
    rejects(&svc, "LAMBDA_CAPACITY_PROVIDER_INVALID_OPERATOR_ROLE");
}

#[test]
fn found_handler_image_environment_and_s3_key_limits() {
    let mut svc = base();
    f(&mut svc).handler = Some("index handler".into());
    rejects(&svc, "LAMBDA_INVALID_FUNCTION_PROPERTY");

    let mut svc = base();
    f(&mut svc).environment = Some([("BIG".to_string(), Some(Expr::from("v".repeat(4094))))].into_iter().collect());
    rejects(&svc, "LAMBDA_INVALID_FUNCTION_PROPERTY");
    f(&mut svc).environment = Some([("BIG".to_string(), Some(Expr::from("v".repeat(4093))))].into_iter().collect());
    assert!(svc.synth().is_ok(), "3 + 4093 bytes is exactly the limit");

    let mut svc = Service::new("img");
    svc.function("f", Function::image("123456789012.dkr.ecr.us-east-1.amazonaws.com/${Repo}@sha256:abc"));
    rejects(&svc, "LAMBDA_INVALID_FUNCTION_PROPERTY");

    let mut svc = base();
    svc.package_artifact(Artifact::with_sha256(format!("dist/{}.zip", "a".repeat(1000)), SHA));
    rejects(&svc, "ARTIFACT_ERROR");
}
