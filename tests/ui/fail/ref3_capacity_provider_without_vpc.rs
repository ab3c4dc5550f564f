// Reference §7 rule 3: a capacity provider needs a VPC (none on the provider, none on the
// service).
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            capacityProviders: {
                highMem: {},
            },
        },
        package: { artifact: "artifact.zip" },
        functions: {
            api: { handler: "handler.api", capacityProvider: "highMem" },
        },
    };
}
