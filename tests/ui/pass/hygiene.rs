// Macro hygiene: the expansion names every stackwright item through `::stackwright::__private`,
// imports the prelude names it uses at the top of its block and names its variables
// `__stackwright_*`, so local items called like ours or like the prelude's, lower-case constants
// named like a capacity provider's handle, and a local `svc` change nothing. Both expansions are
// covered: builder calls (all literals) and the run-time loader (a value from a local variable).
// Also values the builder code must carry exactly: integers beyond `i32`, empty lists, and a
// value nested deeper than `json!` can expand.
#![allow(dead_code, non_upper_case_globals)]

struct Service;
struct Function;
struct CapacityProvider;
struct Expr;
struct Vec;
struct String;
mod serde_json {}
const high_mem: u8 = 1;
const default_provider: u8 = 2;

macro_rules! declare {
    ($($concurrency:tt)*) => {
        stackwright::service! {
            service: "hygiene",
            provider: {
                name: "aws",
                runtime: "nodejs24.x",
                vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
                capacityProviders: { highMem: { instanceRequirements: { allowedInstanceTypes: ["r7g.large"] } } },
                environment: { EMPTY_JOIN: { "Fn::Join": [",", []] } },
            },
            package: { artifact: "artifact.zip" },
            functions: {
                api: { handler: "handler.api", capacityProvider: { name: "highMem", maxConcurrency: $($concurrency)* } },
                other: { handler: "handler.other", capacityProvider: "default" },
                plain: { handler: "handler.plain", memorySize: 1024, vpc: { subnetIds: [], securityGroupIds: [] } },
            },
            resources: {
                Resources: {
                    Queue: {
                        Type: "AWS::SQS::Queue",
                        Metadata: { a: { b: { c: { d: { e: { f: { g: { h: { i: { j: { k: { l: { m: { n: { o: { p: { q: { r: "deep" } } } } } } } } } } } } } } } } } },
                    },
                },
                Outputs: { Big: { Value: 5000000000 }, Negative: { Value: -3000000000 }, Fraction: { Value: 0.25 } },
            },
        }
    };
}

fn main() {
    let svc = "not a service";
    let literal = declare!(10).into_unbranded();
    let concurrency = 10;
    let run_time = declare!(concurrency).into_unbranded();
    assert_eq!(svc, "not a service");
    assert_eq!(literal.config(), run_time.config());
    let outputs = &literal.config().resources.outputs;
    assert_eq!(outputs["Big"]["Value"], 5_000_000_000_u64);
    assert_eq!(outputs["Negative"]["Value"], -3_000_000_000_i64);
}
