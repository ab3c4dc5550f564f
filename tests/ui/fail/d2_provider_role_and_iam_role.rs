// provider.role and provider.iam.role both set: the reference silently ignores one.
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs22.x",
            role: "arn:aws:iam::123456789012:role/legacy",
            iam: { role: { statements: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" }] } },
        },
        package: { artifact: "artifact.zip" },
        functions: {
            api: { handler: "handler.api" },
        },
    };
}
