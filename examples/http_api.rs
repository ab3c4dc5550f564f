//! An HTTP API on capacity-provider functions: four routes, CORS, and a JWT authorizer (an
//! Amazon Cognito user pool) with scopes on the routes that change data. The typed events make a
//! misspelled method or a route without a path fail to compile; the rules (`check()`) reject
//! duplicate routes and authorizers that are not declared.
//!
//! ```sh
//! cargo run --example http_api > template.json
//! ```
//!
//! Its `service!` twin is `examples/http_api_macro.rs`.

use stackwright::*;

/// The issuer of the user pool's tokens.
const ISSUER: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example";

/// The service; kept apart from `main` so tests can synthesize it too.
pub fn service() -> Service<impl Brand> {
    let mut svc = stackwright::new_service!("users-api");
    svc.base_dir(env!("CARGO_MANIFEST_DIR"));
    svc.provider()
        .runtime(Runtime::Nodejs24x)
        .vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]))
        .http_api_cors()
        .http_api_jwt_authorizer("cognito", JwtAuthorizer::new(ISSUER, ["users-api-client"]));
    svc.package_artifact("examples/artifacts/artifact.zip");

    let pool = svc.default_capacity_provider();
    svc.function(
        "listUsers",
        Function::handler("handler.listUsers")
            .capacity_provider(&pool)
            .event(Event::http_api(Method::Get, "/users").authorizer_with_scopes("cognito", ["users/read"])),
    );
    svc.function(
        "getUser",
        Function::handler("handler.getUser")
            .capacity_provider(&pool)
            .event(Event::http_api(Method::Get, "/users/{id}").authorizer_with_scopes("cognito", ["users/read"])),
    );
    svc.function(
        "createUser",
        Function::handler("handler.createUser")
            .capacity_provider(pool.with().max_concurrency(32))
            .event(Event::http_api(Method::Post, "/users").authorizer_with_scopes("cognito", ["users/write"]))
            .event(Event::http_api(Method::Delete, "/users/{id}").authorizer_with_scopes("cognito", ["users/write"])),
    );
    // No authorizer: load balancers and uptime checks call it.
    svc.function(
        "health",
        Function::handler("handler.health").capacity_provider(&pool).event(Event::http_api(Method::Get, "/health")),
    );
    svc
}

// Unused when a test includes this file for `service()`.
#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    service().synth_to_stdout()
}
