//! The `http_api` example declared with `service!`: serverless.yml's shape, checked by
//! `cargo check`.
//!
//! ```sh
//! cargo run --example http_api_macro > template.json
//! ```
//!
//! Change `method: "POST"` to `"FETCH"`, or add a second `GET /users` route, and the example no
//! longer compiles: the error is under that event.

/// The service; kept apart from `main` so tests can synthesize it too.
pub fn service() -> stackwright::Service<impl stackwright::Brand> {
    stackwright::service! {
        service: "users-api",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
            httpApi: {
                cors: true,
                authorizers: {
                    cognito: {
                        type: "jwt",
                        identitySource: "$request.header.Authorization",
                        issuerUrl: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example",
                        audience: ["users-api-client"],
                    },
                },
            },
        },
        package: { artifact: "examples/artifacts/artifact.zip" },
        functions: {
            listUsers: {
                handler: "handler.listUsers",
                capacityProvider: { name: "default" },
                events: [{ httpApi: { method: "GET", path: "/users", authorizer: { name: "cognito", scopes: ["users/read"] } } }],
            },
            getUser: {
                handler: "handler.getUser",
                capacityProvider: { name: "default" },
                events: [{ httpApi: { method: "GET", path: "/users/{id}", authorizer: { name: "cognito", scopes: ["users/read"] } } }],
            },
            createUser: {
                handler: "handler.createUser",
                capacityProvider: { name: "default", maxConcurrency: 32 },
                events: [
                    { httpApi: { method: "POST", path: "/users", authorizer: { name: "cognito", scopes: ["users/write"] } } },
                    { httpApi: { method: "DELETE", path: "/users/{id}", authorizer: { name: "cognito", scopes: ["users/write"] } } },
                ],
            },
            // No authorizer: load balancers and uptime checks call it.
            health: {
                handler: "handler.health",
                capacityProvider: { name: "default" },
                events: [{ httpApi: "GET /health" }],
            },
        },
    }
}

// Unused when a test includes this file for `service()`.
#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    service().synth_to_stdout()
}
