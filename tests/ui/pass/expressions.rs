// Rust expressions as values: constants, variables, `env!`, calls. They are not checked at compile
// time (no false errors from them); `synth()`/`check()` apply the same rules at run time.
const RUNTIME: &str = "nodejs24.x";
const SUBNET: &str = "subnet-0abc1234";

fn memory() -> u32 {
    4096
}

fn main() {
    let concurrency = 5000; // out of range, but only known at run time
    let svc = stackwright::service! {
        service: "expr-service",
        provider: {
            name: "aws",
            runtime: RUNTIME,
            vpc: { subnetIds: [SUBNET], securityGroupIds: ["sg-0abc1234"] },
        },
        package: { artifact: concat!(env!("CARGO_PKG_NAME"), ".zip") },
        functions: {
            api: { handler: "handler.api", memorySize: memory(), capacityProvider: { name: "default", maxConcurrency: concurrency } },
        },
    };
    let diagnostics = svc.check();
    let error = diagnostics.errors().next().expect("maxConcurrency 5000 is reported at run time");
    assert_eq!(error.code, "LAMBDA_MANAGED_INSTANCES_INVALID_MAX_CONCURRENCY");
    assert_eq!(diagnostics.errors().count(), 1, "{diagnostics}");

    // A run-time value of the wrong type is a loading error, reported by check()/synth().
    let memory_text = "lots";
    let svc = stackwright::service! {
        service: "expr-service",
        provider: { name: "aws", runtime: "nodejs24.x", vpc: { subnetIds: [SUBNET], securityGroupIds: ["sg-0abc1234"] } },
        package: { artifact: "artifact.zip" },
        functions: { api: { handler: "handler.api", memorySize: memory_text, capacityProvider: "default" } },
    };
    assert!(svc.check().find("CONFIG_INVALID_VALUE").is_some(), "{}", svc.check());
    assert!(svc.synth().is_err());
}
