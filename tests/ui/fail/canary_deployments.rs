// serverless-plugin-canary-deployments at `cargo check`: a deployment type CodeDeploy has no
// configuration for and a traffic hook that is not a function, each at its token.
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        provider: { name: "aws", runtime: "nodejs24.x" },
        plugins: ["serverless-plugin-canary-deployments"],
        package: { artifact: "artifact.zip" },
        functions: {
            api: {
                handler: "handler.api",
                deploymentSettings: { type: "Linear10PercentEvery1Minutes", alias: "Live", preTrafficHook: "preHok" },
            },
            preHook: { handler: "handler.pre" },
        },
    };
}
