//! Lift's `webhook` construct (`Webhook.js`): an HTTP API route that puts requests on an
//! EventBridge bus, behind a Lambda authorizer.

use super::*;

const WEBHOOK_KEYS: Keys = Keys {
    allowed: &["type", "authorizer", "insecure", "path", "eventType", "method", "extensions"],
    unsupported: &["provider"],
    no_effect: &[],
};

/// The properties CDK knows for an `AWS::ApiGatewayV2::Api` and an `AWS::Events::EventBus`, in
/// the order it writes them (see [`render`]).
const APIGATEWAYV2_API: &[&str] = &[
    "ApiKeySelectionExpression",
    "BasePath",
    "Body",
    "BodyS3Location",
    "CorsConfiguration",
    "CredentialsArn",
    "Description",
    "DisableExecuteApiEndpoint",
    "DisableSchemaValidation",
    "FailOnWarnings",
    "IpAddressType",
    "Name",
    "ProtocolType",
    "RouteKey",
    "RouteSelectionExpression",
    "Tags",
    "Target",
    "Version",
];
const EVENT_BUS: &[&str] =
    &["DeadLetterConfig", "Description", "EventSourceName", "KmsKeyIdentifier", "LogConfig", "Name", "Policy", "Tags"];
/// One `type: webhook` construct (Lift's `Webhook`, 1.37.7): an HTTP API whose route puts the
/// request body on an EventBridge bus, behind a Lambda authorizer (`<id>Authorizer`, added to
/// `functions`) unless `insecure: true`.
pub(super) fn webhook(l: &mut Loader, id: &str, c: &Map<String, Value>, at: &str, region: &str, added: &mut Added) {
    l.check_keys(c, at, &WEBHOOK_KEYS);
    let mut ok = true;
    l.require(c, at, &[("path", "add the route's path, e.g. `path: /webhooks/stripe`")]);
    let path = text(l, c, at, "path");
    ok &= path.is_some();
    let insecure = flag(l, c, at, "insecure");
    let event_type = match get(c, "eventType") {
        Some(v) => l.string(v, &join(at, "eventType")),
        None => Some("Webhook".to_string()),
    };
    let method = match get(c, "method") {
        None => "POST".to_string(),
        Some(Value::String(m)) if ["POST", "PUT", "PATCH"].contains(&m.as_str()) => m.clone(),
        Some(other) => {
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &join(at, "method"),
                format!("expected POST, PUT or PATCH, found {}", crate::reader::describe(other)),
                "write `method: POST` (the default), `PUT` or `PATCH`",
            );
            ok = false;
            String::new()
        }
    };
    let authorizer = get(c, "authorizer");
    match (insecure, authorizer) {
        (true, Some(_)) => {
            lift_error(
                l,
                &join(at, "authorizer"),
                at,
                format!("webhook {id} is specified as insecure, however an authorizer is configured for this webhook."),
                "remove `insecure: true` (recommended), or remove the authorizer",
            );
            ok = false;
        }
        (false, None) => {
            lift_error(
                l,
                at,
                at,
                format!("webhook {id} is specified as secure, however no authorizer is configured for this webhook."),
                "add `authorizer: {handler: ...}` (recommended), or `insecure: true`",
            );
            ok = false;
        }
        (false, Some(a)) if !a.get("handler").is_some_and(Value::is_string) => {
            l.type_error(&join(at, "authorizer"), "a function's settings with a `handler`", a);
            ok = false;
        }
        _ => {}
    }
    let extensions =
        lift_extensions(l, c, at, &[("api", "AWS::ApiGatewayV2::Api"), ("bus", "AWS::Events::EventBus")], &mut ok);
    if !ok {
        return;
    }
    let ext = |name: &str| extensions.get(name).and_then(Value::as_object);

    let api = logical_id(&[id, "HttpApi", "Resource"]);
    let bus = logical_id(&[id, "Bus", "Resource"]);
    let role = logical_id(&[id, "ApiGatewayRole", "Resource"]);
    let integration = logical_id(&[id, "Integration"]);
    let authorizer_id = logical_id(&[id, "Authorizer"]);
    let function = crate::naming::function_logical_id(&format!("{id}Authorizer"));
    let route_key = format!("{method} {}", path.unwrap_or_default());
    let resources = &mut added.resources;
    let api_props = props(&[("Name", json!("HttpApi")), ("ProtocolType", json!("HTTP"))]);
    resources.insert(api.clone(), render("AWS::ApiGatewayV2::Api", api_props, APIGATEWAYV2_API, None, ext("api")));
    resources.insert(
        logical_id(&[id, "HttpApi", "DefaultStage", "Resource"]),
        json!({"Type": "AWS::ApiGatewayV2::Stage", "Properties": {"ApiId": {"Ref": &api}, "AutoDeploy": true, "StageName": "$default"}}),
    );
    // The bus's name is CDK's unique ID of its construct.
    let bus_props = props(&[("Name", json!(logical_id(&[id, "Bus"])))]);
    resources.insert(bus.clone(), render("AWS::Events::EventBus", bus_props, EVENT_BUS, None, ext("bus")));
    resources.insert(
        role.clone(),
        json!({"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": {
                "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"}}],
                "Version": "2012-10-17"
            },
            "Policies": [{
                "PolicyDocument": {
                    "Statement": [{"Action": "events:PutEvents", "Effect": "Allow", "Resource": {"Fn::GetAtt": [&bus, "Arn"]}}],
                    "Version": "2012-10-17"
                },
                "PolicyName": "EventBridge"
            }]
        }}),
    );
    if !insecure {
        let policy = logical_id(&[id, "ApiGatewayRole", "DefaultPolicy", "Resource"]);
        let arn = json!({"Fn::GetAtt": [&function, "Arn"]});
        resources.insert(
            policy.clone(),
            json!({"Type": "AWS::IAM::Policy", "Properties": {
                "PolicyDocument": {
                    "Statement": [{"Action": "lambda:InvokeFunction", "Effect": "Allow", "Resource": [&arn, {"Fn::Join": ["", [&arn, ":*"]]}]}],
                    "Version": "2012-10-17"
                },
                "PolicyName": policy,
                "Roles": [{"Ref": &role}]
            }}),
        );
    }
    resources.insert(
        integration.clone(),
        json!({"Type": "AWS::ApiGatewayV2::Integration", "Properties": {
            "ApiId": {"Ref": &api},
            "ConnectionType": "INTERNET",
            "CredentialsArn": {"Fn::GetAtt": [&role, "Arn"]},
            "IntegrationSubtype": "EventBridge-PutEvents",
            "IntegrationType": "AWS_PROXY",
            "PayloadFormatVersion": "1.0",
            "RequestParameters": {"DetailType": event_type, "Detail": "$request.body", "Source": id, "EventBusName": {"Ref": &bus}}
        }}),
    );
    let mut route = Map::new();
    route.insert("ApiId".into(), json!({"Ref": &api}));
    route.insert("AuthorizationType".into(), json!(if insecure { "NONE" } else { "CUSTOM" }));
    if !insecure {
        route.insert("AuthorizerId".into(), json!({"Ref": &authorizer_id}));
    }
    route.insert("RouteKey".into(), json!(&route_key));
    route.insert("Target".into(), json!({"Fn::Join": ["/", ["integrations", {"Ref": &integration}]]}));
    resources.insert(logical_id(&[id, "Route"]), json!({"Type": "AWS::ApiGatewayV2::Route", "Properties": route}));
    if !insecure {
        resources.insert(
            authorizer_id,
            json!({"Type": "AWS::ApiGatewayV2::Authorizer", "Properties": {
                "ApiId": {"Ref": &api},
                "AuthorizerCredentialsArn": {"Fn::GetAtt": [&role, "Arn"]},
                "AuthorizerPayloadFormatVersion": "2.0",
                "AuthorizerType": "REQUEST",
                "AuthorizerUri": {"Fn::Join": ["/", [
                    format!("arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions"),
                    {"Fn::GetAtt": [&function, "Arn"]},
                    "invocations"
                ]]},
                "EnableSimpleResponses": true,
                "Name": format!("{id}-authorizer")
            }}),
        );
    }
    added.outputs.insert(logical_id(&[id, "HttpApiEndpoint"]), json!({"Value": {"Fn::GetAtt": [&api, "ApiEndpoint"]}}));
    added.outputs.insert(logical_id(&[id, "Endpoint"]), json!({"Value": route_key}));
    if let (false, Some(authorizer)) = (insecure, authorizer) {
        let name = format!("{id}Authorizer");
        added.origins.push((join("functions", &name), join(at, "authorizer"), true));
        added.workers.push((name, authorizer.clone()));
    }
}
