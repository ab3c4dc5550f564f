// A plugin that adds resources cannot run: stackwright runs no JavaScript.
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        plugins: ["serverless-offline", "serverless-plugin-split-stacks"],
        provider: { name: "aws", runtime: "nodejs22.x" },
        package: { artifact: "artifact.zip" },
        functions: {
            api: { handler: "handler.api" },
        },
    };
}
