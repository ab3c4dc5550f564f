//! Rules and synthesis of `http` events, end to end through the JSON loader.

use serde_json::{Value, json};

use crate::Service;
use crate::diagnostics::Diagnostics;

fn service(provider: Value, events: Value) -> Value {
    let mut p = json!({ "name": "aws", "runtime": "nodejs22.x", "stage": "dev" });
    if let (Value::Object(base), Value::Object(extra)) = (&mut p, provider) {
        base.extend(extra);
    }
    json!({
        "service": "shop",
        "provider": p,
        "package": { "artifact": concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/artifacts/artifact.zip") },
        "functions": {
            "api": { "handler": "h.api", "events": events },
            "auth": { "handler": "h.auth" }
        }
    })
}

fn check(v: &Value) -> Diagnostics {
    match Service::from_value(v) {
        Ok(s) => s.check(),
        Err(d) => d,
    }
}

fn template(v: &Value) -> Value {
    let t = Service::from_value(v).expect("loads").synth().expect("synthesizes");
    serde_json::from_str(t.json()).expect("json")
}

fn one(d: &Diagnostics, code: &str) -> (String, String) {
    let found = d.find(code).unwrap_or_else(|| panic!("no {code} in:\n{d}"));
    (found.path.clone(), found.message.clone())
}

#[test]
fn missing_root_resource_id() {
    let d = check(&service(json!({ "apiGateway": { "restApiId": "abc" } }), json!([{ "http": "GET users" }])));
    assert_eq!(
        one(&d, "API_GATEWAY_MISSING_REST_API_ROOT_RESOURCE_ID"),
        (
            "provider.apiGateway.restApiRootResourceId".into(),
            "Missing required \"provider.apiGateway.restApiRootResourceId\" property (needed if \"provider.apiGateway.restApiId\" is provided)".into()
        )
    );
}

#[test]
fn external_api_with_tracing_or_logs() {
    let gw = json!({ "restApiId": "abc", "restApiRootResourceId": "root" });
    let d = check(&service(
        json!({ "apiGateway": gw, "tracing": { "apiGateway": true } }),
        json!([{ "http": "GET users" }]),
    ));
    assert_eq!(
        one(&d, "API_GATEWAY_EXTERNAL_API_TRACING").1,
        "When external API Gateway resource is imported via \"provider.apiGateway.restApiId\", property \"provider.tracing.apiGateway\" is ineffective."
    );
    let d = check(&service(json!({ "apiGateway": gw, "logs": { "restApi": true } }), json!([{ "http": "GET users" }])));
    assert_eq!(one(&d, "API_GATEWAY_EXTERNAL_API_LOGS").0, "provider.logs.restApi");
}

#[test]
fn authorizer_without_name_or_arn() {
    let d = check(&service(
        json!({}),
        json!([{ "http": { "method": "get", "path": "x", "authorizer": { "resultTtlInSeconds": 0 } } }]),
    ));
    assert_eq!(
        one(&d, "API_GATEWAY_MISSING_AUTHORIZER_NAME_OR_ARN"),
        ("functions.api.events[0].http.authorizer".into(), "Please provide either an authorizer name or ARN".into())
    );
}

#[test]
fn authorizer_function_must_exist() {
    let d = check(&service(json!({}), json!([{ "http": { "method": "get", "path": "x", "authorizer": "auht" } }])));
    let (path, message) = one(&d, "INVALID_EVENT");
    assert_eq!(path, "functions.api.events[0].http.authorizer");
    assert_eq!(message, "Function \"auht\" doesn't exist in this Service");
    assert!(d.find("INVALID_EVENT").unwrap().help.contains("function of this service"));
}

#[test]
fn http_integration_needs_a_uri_and_vpc_link_an_id() {
    let d = check(&service(
        json!({}),
        json!([{ "http": { "method": "get", "path": "x", "integration": "http-proxy", "connectionType": "vpc-link" } }]),
    ));
    let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
    assert!(messages.contains(&"You need to set the request uri when using the HTTP_PROXY integration."), "{d}");
    let d = check(&service(
        json!({}),
        json!([{ "http": { "method": "get", "path": "x", "integration": "http-proxy", "connectionType": "vpc-link", "request": { "uri": "http://x" } } }]),
    ));
    assert_eq!(one(&d, "INVALID_EVENT").1, "You need to set connectionId when using VPC_LINK connectionType.");
}

#[test]
fn invalid_stage_name() {
    let d = check(&service(json!({ "stage": "dev.1" }), json!([{ "http": "GET users" }])));
    assert_eq!(
        one(&d, "API_GATEWAY_INVALID_STAGE_NAME").1,
        "Invalid stage name dev.1: it should contains only [-_a-zA-Z0-9] for AWS provider if http event are present according to API Gateway limitation."
    );
}

#[test]
fn vpc_endpoints_only_on_private_apis() {
    let d = check(&service(
        json!({ "endpointType": "REGIONAL", "vpcEndpointIds": ["vpce-1"] }),
        json!([{ "http": "GET users" }]),
    ));
    assert_eq!(
        one(&d, "API_GATEWAY_INVALID_VPC_ENDPOINT_IDS_CONFIG").1,
        "VPC endpoint IDs are only available for private APIs"
    );
}

#[test]
fn private_endpoint_needs_a_resource_policy() {
    let d = check(&service(json!({ "endpointType": "private" }), json!([{ "http": "GET users" }])));
    assert_eq!(one(&d, "API_GATEWAY_PRIVATE_WITHOUT_RESOURCE_POLICY").0, "provider.endpointType");
    let policy = json!([{ "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": ["execute-api:/*"] }]);
    let d = check(&service(
        json!({ "endpointType": "PRIVATE", "apiGateway": { "resourcePolicy": policy } }),
        json!([{ "http": "GET users" }]),
    ));
    assert!(d.find("API_GATEWAY_PRIVATE_WITHOUT_RESOURCE_POLICY").is_none(), "{d}");
}

#[test]
fn duplicate_route() {
    let d = check(&service(
        json!({}),
        json!([{ "http": "GET users" }, { "http": { "method": "get", "path": "/users/" } }]),
    ));
    let (path, message) = one(&d, "DUPLICATE_EVENT");
    assert_eq!(path, "functions.api.events[1].http");
    assert!(message.starts_with("GET /users is already an http event of function \"api\" (events.0)"), "{message}");
    assert!(
        check(&service(json!({}), json!([{ "http": "GET users" }, { "http": "POST users" }])))
            .find("DUPLICATE_EVENT")
            .is_none()
    );
}

#[test]
fn unknown_keys_and_methods_are_rejected() {
    let d = check(&service(json!({}), json!([{ "http": { "method": "fetch", "path": "x", "cros": true } }])));
    assert!(d.find("CONFIG_UNKNOWN_KEY").is_some_and(|d| d.path.ends_with("http.cros")), "{d}");
    assert!(d.find("CONFIG_INVALID_VALUE").is_some_and(|d| d.message.contains("fetch")), "{d}");
    let d = check(&service(json!({}), json!([{ "http": "GET" }])));
    assert!(d.find("CONFIG_INVALID_VALUE").is_some(), "{d}");
}

#[test]
fn synthesizes_the_api_with_cors_keys_and_authorizer() {
    let v = service(
        json!({ "apiGateway": { "apiKeys": ["k1"], "usagePlan": { "throttle": { "burstLimit": 2, "rateLimit": 1 } } } }),
        json!([
            { "http": { "method": "get", "path": "/users/{id}", "cors": true, "private": true, "authorizer": "auth" } },
            { "http": "POST users" }
        ]),
    );
    let t = template(&v);
    let r = &t["Resources"];
    let deployment = r.as_object().unwrap().keys().find(|k| k.starts_with("ApiGatewayDeployment")).expect("deployment");
    assert!(deployment["ApiGatewayDeployment".len()..].parse::<u64>().is_ok());
    let ids: Vec<&str> = r
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .filter(|k| k.starts_with("ApiGateway") || k.contains("ApiGateway"))
        .collect();
    assert_eq!(
        ids,
        [
            "ApiGatewayRestApi",
            "ApiGatewayResourceUsers",
            "ApiGatewayResourceUsersIdVar",
            "ApiGatewayMethodUsersIdVarOptions",
            "ApiGatewayMethodUsersIdVarGet",
            "ApiGatewayMethodUsersPost",
            "AuthApiGatewayAuthorizer",
            deployment.as_str(),
            "ApiGatewayApiKey1",
            "ApiGatewayUsagePlan",
            "ApiGatewayUsagePlanKey1",
            "ApiLambdaPermissionApiGateway",
            "AuthLambdaPermissionApiGateway"
        ]
    );
    let get = &r["ApiGatewayMethodUsersIdVarGet"];
    assert_eq!(get["Properties"]["ApiKeyRequired"], json!(true));
    assert_eq!(get["Properties"]["AuthorizationType"], json!("CUSTOM"));
    assert_eq!(get["DependsOn"], json!(["AuthApiGatewayAuthorizer"]));
    assert_eq!(
        r["ApiGatewayMethodUsersIdVarOptions"]["Properties"]["Integration"]["IntegrationResponses"][0]["ResponseParameters"]
            ["method.response.header.Access-Control-Allow-Methods"],
        json!("'OPTIONS,GET'")
    );
    assert_eq!(
        r[deployment.as_str()]["DependsOn"],
        json!(["ApiGatewayMethodUsersIdVarOptions", "ApiGatewayMethodUsersIdVarGet", "ApiGatewayMethodUsersPost"])
    );
    assert_eq!(
        r["AuthLambdaPermissionApiGateway"]["Properties"]["FunctionName"],
        json!({ "Fn::GetAtt": ["AuthLambdaFunction", "Arn"] })
    );
    assert_eq!(t["Outputs"]["ServiceEndpoint"]["Value"]["Fn::Join"][1][6], json!("/dev"));
}

#[test]
fn rest_api_logs_add_the_cloudwatch_role_once() {
    let v = service(json!({ "logs": { "restApi": true } }), json!([{ "http": "GET users" }]));
    let t = template(&v);
    let keys: Vec<&String> = t["Resources"].as_object().unwrap().keys().collect();
    let at = |k: &str| keys.iter().position(|x| *x == k).unwrap_or_else(|| panic!("no {k}"));
    assert!(at("ApiGatewayLogGroup") < at("CustomApiGatewayAccountCloudWatchRole"));
    assert_eq!(t["Resources"]["ApiGatewayLogGroup"]["Properties"]["LogGroupName"], json!("/aws/api-gateway/shop-dev"));
    let no_access =
        service(json!({ "logs": { "restApi": { "accessLogging": false } } }), json!([{ "http": "GET users" }]));
    assert!(template(&no_access)["Resources"].get("ApiGatewayLogGroup").is_none());
}

#[test]
fn no_http_events_no_api() {
    let t = template(&service(json!({ "logs": { "restApi": true } }), json!([])));
    assert!(t["Resources"].get("ApiGatewayRestApi").is_none());
    assert!(t["Resources"].get("ApiGatewayLogGroup").is_none());
}

#[test]
fn cognito_and_intrinsic_authorizer_arns() {
    let cognito = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc";
    let d = check(&service(
        json!({}),
        json!([{ "http": { "method": "get", "path": "x", "authorizer": { "arn": cognito, "claims": ["email"] } } }]),
    ));
    assert_eq!(
        one(&d, "INVALID_EVENT"),
        (
            "functions.api.events[0].http.authorizer.claims".into(),
            "Cognito claims can only be filtered when using the lambda integration type".into()
        )
    );
    let arn = json!({ "Fn::GetAtt": ["Pool", "Arn"] });
    let d = check(&service(
        json!({}),
        json!([{ "http": { "method": "get", "path": "x", "authorizer": { "arn": arn, "type": "COGNITO_USER_POOLS" } } }]),
    ));
    assert_eq!(
        one(&d, "INVALID_EVENT").1,
        "Please provide an authorizer name for authorizers of type COGNITO_USER_POOLS"
    );
}

#[test]
fn lambda_integration_maps_cognito_claims() {
    let cognito = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc";
    let v = service(
        json!({}),
        json!([{ "http": { "method": "get", "path": "x", "integration": "lambda", "authorizer": { "arn": cognito, "claims": ["email", "custom:role"] } } }]),
    );
    let t = template(&v);
    let body =
        t["Resources"]["ApiGatewayMethodXGet"]["Properties"]["Integration"]["RequestTemplates"]["application/json"]
            .as_str()
            .unwrap()
            .to_string();
    assert!(
        body.contains(
            "\"email\": \"$context.authorizer.claims.email\",\"role\": \"$context.authorizer.claims['custom:role']\",\n"
        ),
        "{body}"
    );
    assert!(!body.contains("extraCognitoPoolClaims"));
    let m = &t["Resources"]["ApiGatewayMethodXGet"];
    assert_eq!(m["Properties"]["AuthorizationType"], json!("COGNITO_USER_POOLS"));
    assert_eq!(m["Properties"]["MethodResponses"].as_array().map(Vec::len), Some(9));
}

#[test]
fn grouped_keys_need_their_usage_plan() {
    let gw = json!({ "apiKeys": [{ "free": ["a"] }, { "gold": ["b"] }], "usagePlan": [{ "free": {} }] });
    let d = check(&service(json!({ "apiGateway": gw }), json!([{ "http": "GET users" }])));
    assert_eq!(
        one(&d, "INVALID_EVENT"),
        ("provider.apiGateway.apiKeys.1".into(), "API key \"gold\" has no usage plan defined".into())
    );
}

/// One key of a plan's group written without the list is a list of one, as the reference's
/// schema makes it.
#[test]
fn a_plans_one_key_without_the_list() {
    let listed = json!({ "apiKeys": [{ "free": ["a"] }], "usagePlan": [{ "free": {} }] });
    let lone = json!({ "apiKeys": [{ "free": "a" }], "usagePlan": [{ "free": {} }] });
    let [listed, lone] = [listed, lone].map(|gw| {
        let t = template(&service(json!({ "apiGateway": gw }), json!([{ "http": "GET a" }])));
        [&t["Resources"]["ApiGatewayApiKeyFree1"]["Properties"], &t["Resources"]["ApiGatewayUsagePlanKeyFree1"]]
            .map(Value::clone)
    });
    assert_eq!(lone, listed);
    assert_eq!(lone[0]["Name"], json!("a"));
    assert_eq!(lone[1]["Properties"]["UsagePlanId"], json!({ "Ref": "ApiGatewayUsagePlanFree" }));
}

#[test]
fn methods_above_existing_resources_need_their_id() {
    let gw = json!({ "restApiId": "abc", "restApiRootResourceId": "root", "restApiResources": { "/a/b": "r1" } });
    let d = check(&service(json!({ "apiGateway": gw }), json!([{ "http": "GET a" }, { "http": "GET a/b/c" }])));
    assert_eq!(
        one(&d, "INVALID_EVENT"),
        ("functions.api.events[0].http.path".into(), "Resource ID for path a is required".into())
    );
    let t = template(&service(json!({ "apiGateway": gw }), json!([{ "http": "GET a/b/c" }])));
    let r = t["Resources"].as_object().unwrap();
    assert!(r.get("ApiGatewayRestApi").is_none());
    assert!(r.get("ApiGatewayResourceA").is_none());
    assert_eq!(r["ApiGatewayResourceABC"]["Properties"]["ParentId"], json!("r1"));
    assert_eq!(r["ApiGatewayResourceABC"]["Properties"]["RestApiId"], json!("abc"));
}

#[test]
fn paths_api_gateway_rejects() {
    use super::rules::path_problem;
    for ok in ["", "users", "users/{id}", "x/{proxy+}", "v1/a.b-c_d"] {
        assert_eq!(path_problem(ok), None, "{ok}");
    }
    for bad in ["a//b", "a b", "a{id}", "{}", "{proxy+}/x", "{a b}"] {
        assert!(path_problem(bad).is_some(), "{bad}");
    }
    let d = check(&service(json!({}), json!([{ "http": "GET users//x" }])));
    assert_eq!(one(&d, "INVALID_EVENT").0, "functions.api.events[0].http.path");
}

#[test]
fn sibling_path_variables_must_share_a_name() {
    let d = check(&service(json!({}), json!([{ "http": "GET users/{id}" }, { "http": "PUT users/{userId}/x" }])));
    let (path, message) = one(&d, "INVALID_EVENT");
    assert_eq!(path, "functions.api.events[1].http.path");
    assert!(message.starts_with("path variable \"{userId}\" sits beside \"{id}\""), "{message}");
    assert!(
        check(&service(json!({}), json!([{ "http": "GET users/{id}" }, { "http": "PUT users/{id}/x" }]))).is_empty()
    );
}

#[test]
fn settings_of_the_wrong_shape_are_rejected() {
    let d = check(&service(
        json!({}),
        json!([{ "http": { "method": "get", "path": "x", "cors": "yes", "authorizer": 5, "request": [], "integration": "lambada" } }]),
    ));
    let paths: Vec<&str> = d.iter().map(|d| d.path.as_str()).collect();
    for key in ["cors", "authorizer", "request", "integration"] {
        assert!(paths.contains(&format!("functions.api.events[0].http.{key}").as_str()), "{key}: {d}");
    }
}

#[test]
fn settings_a_proxy_integration_ignores_are_warnings() {
    let v = service(
        json!({}),
        json!([{ "http": { "method": "get", "path": "x", "request": { "template": {}, "parameters": {} }, "response": { "headers": {} } } }]),
    );
    let d = check(&v);
    assert!(!d.has_errors(), "{d}");
    let paths: Vec<&str> = d.warnings().map(|w| w.path.as_str()).collect();
    assert_eq!(
        paths,
        ["functions.api.events[0].http.request.template", "functions.api.events[0].http.response.headers"]
    );
    assert_eq!(d.warnings().next().unwrap().code, "INVALID_EVENT");
}

#[test]
fn odd_shapes_from_the_builder_never_panic() {
    // The builder can hand any JSON to the event type without the loader's shape checks.
    let shapes = [
        json!(5),
        json!(null),
        json!([]),
        json!({}),
        json!({ "path": 3, "method": ["get"] }),
        json!({ "path": "a/{b", "method": "get", "cors": "x", "authorizer": 7 }),
        json!({ "path": "{}/{x+}/y", "method": "any", "cors": { "origins": [1, "*.example.com"], "headers": "X" } }),
        json!({ "path": "x", "method": "get", "request": { "parameters": { "paths": [1] }, "schemas": { "a/b": 3 } } }),
        json!({ "path": "x", "method": "get", "integration": "mock", "response": { "statusCodes": { "201": 5, "abc": {} } } }),
        json!({ "path": "x", "method": "get", "authorizer": { "arn": { "Fn::GetAtt": ["A", "Arn"] } } }),
    ];
    for shape in shapes {
        let mut s =
            Service::from_value(&service(json!({ "apiGateway": { "apiKeys": [{ "a": 5 }, 7, null] } }), json!([])))
                .unwrap();
        s.config_mut().functions[0].events.push(crate::events::Event::new("http", shape.clone()));
        let _ = s.check();
        let _ = s.synth();
    }
}

#[test]
fn provider_api_gateway_keys_are_checked() {
    let d = check(&service(json!({ "apiGateway": { "minimumCompresionSize": 10 } }), json!([{ "http": "GET users" }])));
    let found = d.find("CONFIG_UNKNOWN_KEY").expect("unknown key");
    assert_eq!(found.path, "provider.apiGateway.minimumCompresionSize");
    assert!(found.message.contains("did you mean `minimumCompressionSize`"), "{}", found.message);
    let d = check(&service(json!({ "apiGateway": true }), json!([{ "http": "GET users" }])));
    assert_eq!(one(&d, "CONFIG_INVALID_VALUE").0, "provider.apiGateway");
}
