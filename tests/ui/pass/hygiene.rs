// Macro hygiene: the expansion names every stackwright item through `::stackwright::__private`, so
// local items called like ours (and a local `svc`) change nothing. Covers both expansions: builder
// calls (all literals) and the run-time loader (a value from a local variable).

#[allow(dead_code)]
struct Service;
#[allow(dead_code)]
struct Function;
#[allow(dead_code)]
struct CapacityProvider;
#[allow(dead_code)]
mod serde_json {}

fn main() {
    let svc = "not a service";
    let literal = stackwright::service! {
        service: "hygiene",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
            capacityProviders: { highMem: { instanceRequirements: { allowedInstanceTypes: ["r7g.large"] } } },
        },
        package: { artifact: "artifact.zip" },
        functions: {
            api: { handler: "handler.api", capacityProvider: { name: "highMem", maxConcurrency: 10 } },
        },
        resources: { Resources: { Queue: { Type: "AWS::SQS::Queue" } } },
    };
    let concurrency = 10;
    let run_time = stackwright::service! {
        service: "hygiene",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
            capacityProviders: { highMem: { instanceRequirements: { allowedInstanceTypes: ["r7g.large"] } } },
        },
        package: { artifact: "artifact.zip" },
        functions: {
            api: { handler: "handler.api", capacityProvider: { name: "highMem", maxConcurrency: concurrency } },
        },
        resources: { Resources: { Queue: { Type: "AWS::SQS::Queue" } } },
    };
    assert_eq!(svc, "not a service");
    assert_eq!(literal.into_unbranded().config(), run_time.into_unbranded().config());
}
