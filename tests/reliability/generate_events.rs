//! Events of generated services: every event type stackwright compiles, in the shapes of the
//! events conformance suite (`../shared/conformance/events/`), on plain and capacity-provider
//! functions (Amazon MQ only on plain ones, DECISIONS.md D7).
//!
//! Names (queues, topics, buckets, paths, routes, log groups, ...) carry the function's index and
//! the event's position, so two functions' events never share a resource by accident: what is
//! shared on purpose (one API, one permission per function and API, one target group per
//! function and listener) is what `checks::expected_resource_count` counts once.

use serde_json::{Value, json};
use stackwright::{Event, Function, Service};

use crate::generate::Rng;

/// Every event type stackwright compiles but `cloudFront` (Lambda@Edge, whose us-east-1, runtime
/// and settings rules a generated service would break; core/tests/cloud_front.rs);
/// `iotFleetProvisioning` is rejected as unsupported (see `unsupported_event_types_are_rejected`).
pub const TYPES: &[&str] = &[
    "httpApi",
    "http",
    "websocket",
    "alb",
    "schedule",
    "sns",
    "sqs",
    "stream",
    "s3",
    "eventBridge",
    "cloudwatchEvent",
    "cloudwatchLog",
    "iot",
    "alexaSkill",
    "alexaSmartHome",
    "cognitoUserPool",
    "kafka",
    "msk",
    "activemq",
    "rabbitmq",
];

/// Event source mappings Lambda Managed Instances do not support (D7).
pub const PLAIN_ONLY: &[&str] = &["activemq", "rabbitmq"];

/// Chance (percent) that a function gets events of one type.
const PER_TYPE_CHANCE: u32 = 6;

/// Authorizers of `provider.httpApi` the routes use (defined at the end, only when used).
pub const HTTP_API_JWT: &str = "genJwt";
pub const HTTP_API_REQUEST: &str = "genRequest";
/// The one ALB listener of a generated service.
pub const LISTENER_ARN: &str =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/gen-lb/50dc6c495c0c9188/f2f7dc8efc522ab2";

/// What must be unique or decided once per service.
#[derive(Default)]
pub struct EventState {
    /// Makes bucket and pool names of one service its own.
    tag: String,
    /// The next ALB listener-rule priority (unique per listener).
    priority: u32,
    /// `$connect`, `$disconnect`, `$default`: one route each per API.
    special_routes: Vec<&'static str>,
    /// The catch-all `httpApi: '*'` route: one per API.
    catch_all: bool,
    jwt: bool,
    request: bool,
    /// The first function's key: the request authorizer's function.
    first_function: Option<String>,
}

impl EventState {
    pub fn new(rng: &mut Rng) -> Self {
        let tag = (0..6).map(|_| char::from_digit(rng.below(16) as u32, 16).unwrap()).collect();
        EventState { tag, priority: 1, ..Default::default() }
    }
}

/// Adds events to function number `i` (`key`); `all` gives it one event of every type it may have.
pub fn add(rng: &mut Rng, st: &mut EventState, mut f: Function, i: u32, key: &str, all: bool) -> Function {
    st.first_function.get_or_insert_with(|| key.to_string());
    let plain = f.capacity_provider.is_none();
    let mut j = 0;
    for kind in TYPES {
        if (!plain && PLAIN_ONLY.contains(kind)) || !(all || rng.chance(PER_TYPE_CHANCE)) {
            continue;
        }
        let n = if !all && rng.chance(25) { 2 } else { 1 };
        for _ in 0..n {
            j += 1;
            if let Some(config) = event(rng, st, kind, i, j) {
                f = f.event(Event::new(*kind, config));
            }
        }
    }
    f
}

fn pick_str(rng: &mut Rng, items: &[&str]) -> Value {
    Value::from(*rng.pick(items))
}

/// One event of type `kind`, the `j`th event of function `i`.
fn event(rng: &mut Rng, st: &mut EventState, kind: &str, i: u32, j: u32) -> Option<Value> {
    let tag = st.tag.clone();
    let arn = |service: &str, rest: String| format!("arn:aws:{service}:us-east-1:123456789012:{rest}");
    Some(match kind {
        "httpApi" => {
            if !st.catch_all && rng.chance(10) {
                st.catch_all = true;
                return Some(json!("*"));
            }
            let method = pick_str(rng, &["GET", "POST", "PUT", "PATCH", "DELETE", "*"]);
            let mut e = json!({ "method": method, "path": format!("/gen/{i}/{j}/{{id}}") });
            match rng.below(6) {
                0 => {
                    st.jwt = true;
                    e["authorizer"] = json!({ "name": HTTP_API_JWT, "scopes": ["gen/read"] });
                }
                1 => {
                    st.request = true;
                    e["authorizer"] = json!({ "name": HTTP_API_REQUEST });
                }
                2 => e["authorizer"] = json!({ "type": "aws_iam" }),
                _ => {}
            }
            e
        }
        "http" => {
            let method = pick_str(rng, &["get", "post", "put", "patch", "delete", "any"]);
            let path = if rng.chance(50) { format!("gen{i}/r{j}") } else { format!("gen{i}/r{j}/{{id}}") };
            let mut e = json!({ "method": method, "path": path });
            if rng.chance(30) {
                e["cors"] = true.into();
            }
            if rng.chance(15) {
                e["private"] = true.into();
            }
            match rng.below(6) {
                0 => e["authorizer"] = json!("aws_iam"),
                1 => {
                    let pool = format!("userpool/us-east-1_Gen{i}x{j}");
                    e["authorizer"] = json!({ "name": format!("genCognito{i}x{j}"), "arn": arn("cognito-idp", pool) });
                }
                2 => {
                    let function = arn("lambda", format!("function:gen-auth-{i}-{j}"));
                    e["authorizer"] = json!({ "name": format!("genToken{i}x{j}"), "arn": function });
                }
                3 => {
                    e["request"] =
                        json!({ "parameters": { "querystrings": { "page": false }, "headers": { "X-Gen": true } } })
                }
                _ => {}
            }
            e
        }
        "websocket" => {
            let free: Vec<&'static str> = ["$connect", "$disconnect", "$default"]
                .into_iter()
                .filter(|r| !st.special_routes.contains(r))
                .collect();
            if !free.is_empty() && rng.chance(40) {
                let route = *rng.pick(&free);
                st.special_routes.push(route);
                if route == "$connect" && rng.chance(50) {
                    let authorizer = arn("lambda", "function:gen-ws-auth".into());
                    return Some(json!({ "route": route, "authorizer": authorizer }));
                }
                return Some(json!(route));
            }
            let mut e = json!({ "route": format!("gen{i}-{j}") });
            if rng.chance(30) {
                e["routeResponseSelectionExpression"] = "$default".into();
            }
            e
        }
        "alb" => {
            st.priority += 1;
            let mut conditions = json!({ "path": format!("/gen/{i}/{j}") });
            if rng.chance(30) {
                conditions["method"] = json!(["GET", "POST"]);
            }
            if rng.chance(20) {
                conditions["host"] = json!(["gen.example.com"]);
            }
            let mut e = json!({ "listenerArn": LISTENER_ARN, "priority": st.priority, "conditions": conditions });
            if rng.chance(40) {
                e["multiValueHeaders"] = true.into();
            }
            match rng.below(4) {
                0 => e["healthCheck"] = true.into(),
                1 => e["healthCheck"] = json!({ "path": "/health", "intervalSeconds": 60, "timeoutSeconds": 30 }),
                _ => {}
            }
            e
        }
        "schedule" => {
            let rates =
                ["rate(5 minutes)", "rate(1 hour)", "rate(2 days)", "cron(0 12 * * ? *)", "cron(15 10 ? * MON-FRI *)"];
            if rng.chance(30) {
                return Some(pick_str(rng, &rates));
            }
            let n = rng.range(1, 2) as usize;
            let rate: Vec<Value> = (0..n).map(|_| pick_str(rng, &rates)).collect();
            let mut e = json!({ "rate": rate });
            if rng.chance(30) {
                e["enabled"] = false.into();
            }
            if rng.chance(30) {
                e["input"] = json!({ "job": format!("gen-{i}"), "dryRun": true });
            }
            if rng.chance(25) {
                e["method"] = "scheduler".into();
                if rng.chance(50) {
                    e["timezone"] = "Europe/Berlin".into();
                }
            } else if rng.chance(20) && e.get("input").is_none() {
                e["inputPath"] = "$.detail".into();
            }
            e
        }
        "sns" => {
            let topic = format!("gen-{i}-{j}-topic");
            let filter = json!({ "kind": ["urgent", "normal"] });
            match rng.below(4) {
                0 => json!(topic),
                1 => json!(arn("sns", topic)),
                2 => {
                    let mut e = json!({ "topicName": topic });
                    if rng.chance(50) {
                        e["filterPolicy"] = filter;
                    }
                    e
                }
                _ => {
                    let mut e = json!({ "arn": arn("sns", topic) });
                    if rng.chance(50) {
                        e["filterPolicy"] = filter;
                        e["filterPolicyScope"] = "MessageAttributes".into();
                    }
                    e
                }
            }
        }
        "sqs" => {
            let queue = arn("sqs", format!("gen-{i}-{j}-{tag}"));
            if rng.chance(30) {
                return Some(json!(queue));
            }
            let mut e = json!({ "arn": queue, "batchSize": rng.range(1, 10) });
            if rng.chance(50) {
                e["maximumBatchingWindow"] = rng.range(0, 300).into();
            }
            if rng.chance(30) {
                e["functionResponseType"] = "ReportBatchItemFailures".into();
            }
            if rng.chance(20) {
                e["maximumConcurrency"] = rng.range(2, 1000).into();
            }
            if rng.chance(20) {
                e["filterPatterns"] = json!([{ "body": { "amount": [{ "numeric": [">", 100] }] } }]);
            }
            e
        }
        "stream" => {
            let (kind, stream) = if rng.chance(50) {
                ("dynamodb", arn("dynamodb", format!("table/Gen{i}x{j}/stream/2026-01-01T00:00:00.000")))
            } else {
                ("kinesis", arn("kinesis", format!("stream/gen-{i}-{j}")))
            };
            if rng.chance(25) {
                return Some(json!(stream));
            }
            let position = pick_str(rng, &["LATEST", "TRIM_HORIZON"]);
            let mut e = json!({ "type": kind, "arn": stream, "startingPosition": position });
            if rng.chance(40) {
                e["batchSize"] = rng.range(1, 1000).into();
            }
            if rng.chance(30) {
                e["maximumRetryAttempts"] = rng.range(0, 10).into();
            }
            if rng.chance(20) {
                e["bisectBatchOnFunctionError"] = true.into();
            }
            if rng.chance(20) {
                e["destinations"] = json!({ "onFailure": arn("sqs", format!("gen-{i}-{j}-failures")) });
            }
            if kind == "kinesis" && rng.chance(30) {
                e["consumer"] = true.into();
            }
            e
        }
        "s3" => {
            let bucket = format!("gen-{tag}-{i}-{j}");
            let mut e =
                json!({ "bucket": bucket, "event": pick_str(rng, &["s3:ObjectCreated:*", "s3:ObjectRemoved:*"]) });
            if rng.chance(40) {
                e["rules"] = json!([{ "prefix": "uploads/" }, { "suffix": ".csv" }]);
            }
            if rng.chance(20) {
                // One existing bucket per function (S3_MULTIPLE_BUCKETS_PER_FUNCTION).
                e["bucket"] = format!("gen-{tag}-{i}-existing").into();
                e["existing"] = true.into();
            }
            e
        }
        "eventBridge" => {
            let mut e = json!({ "pattern": { "source": [format!("gen.{i}.{j}")] } });
            match rng.below(4) {
                0 => e["eventBus"] = format!("gen-bus-{i}-{j}").into(),
                1 => e["eventBus"] = arn("events", format!("event-bus/shared-{i}")).into(),
                _ => {}
            }
            match rng.below(5) {
                0 => e["input"] = json!({ "gen": i }),
                1 => e["inputPath"] = "$.detail".into(),
                2 => {
                    e["inputTransformer"] =
                        json!({ "inputPathsMap": { "id": "$.detail.id" }, "inputTemplate": "{\"id\": <id>}" })
                }
                _ => {}
            }
            if rng.chance(20) {
                e["retryPolicy"] = json!({ "maximumEventAge": 3600, "maximumRetryAttempts": 3 });
                e["deadLetterQueueArn"] = arn("sqs", format!("gen-{i}-{j}-dlq")).into();
            }
            e
        }
        "cloudwatchEvent" => {
            let mut e = json!({ "event": { "source": ["aws.ec2"], "detail-type": [format!("Gen {i} {j}")] } });
            if rng.chance(30) {
                e["input"] = json!({ "gen": j });
            }
            if rng.chance(20) {
                e["enabled"] = false.into();
            }
            e
        }
        "cloudwatchLog" => {
            let group = format!("/aws/lambda/gen-{i}-{j}");
            if rng.chance(40) {
                json!(group)
            } else {
                json!({ "logGroup": group, "filter": pick_str(rng, &["ERROR", "{ $.level = \"error\" }", ""]) })
            }
        }
        "iot" => {
            let mut e = json!({ "sql": format!("SELECT * FROM 'gen/{i}/{j}'") });
            if rng.chance(30) {
                e["name"] = format!("gen_{tag}_{i}_{j}").into();
            }
            if rng.chance(30) {
                e["description"] = "generated rule".into();
            }
            if rng.chance(20) {
                e["enabled"] = false.into();
            }
            e
        }
        "alexaSkill" | "alexaSmartHome" => {
            let app = format!("amzn1.ask.skill.{tag}00-0000-0000-0000-{i:06}{j:06}");
            if rng.chance(50) { json!(app) } else { json!({ "appId": app, "enabled": rng.chance(80) }) }
        }
        "cognitoUserPool" => {
            let trigger = pick_str(rng, &["PreSignUp", "PostConfirmation", "CustomMessage", "PreTokenGeneration"]);
            let mut e = json!({ "pool": format!("Gen{tag}Pool{i}x{j}"), "trigger": trigger });
            if rng.chance(20) {
                e["pool"] = format!("Gen{tag}Existing{i}").into();
                e["existing"] = true.into();
            }
            e
        }
        "kafka" => {
            let mut e = json!({
                "topic": format!("gen.{i}.{j}"),
                "bootstrapServers": ["b-1.kafka.gen.internal:9092"],
                "accessConfigurations": { "saslScram512Auth": arn("secretsmanager", format!("secret:gen-kafka-{i}")) }
            });
            if rng.chance(40) {
                e["consumerGroupId"] = format!("gen-group-{i}").into();
            }
            e
        }
        "msk" => {
            let cluster = arn("kafka", format!("cluster/gen-{i}/0a1b2c3d-{j}"));
            json!({ "arn": cluster, "topic": format!("gen_{j}"), "startingPosition": pick_str(rng, &["LATEST", "TRIM_HORIZON"]) })
        }
        "activemq" | "rabbitmq" => {
            let mut e = json!({
                "arn": arn("mq", format!("broker:gen-{i}:b-0ef637bb-ab09-45ac-84f6-c560030abd{j:02}")),
                "queue": format!("gen-{i}-{j}"),
                "basicAuthArn": arn("secretsmanager", format!("secret:gen-mq-{i}"))
            });
            if kind == "rabbitmq" && rng.chance(50) {
                e["virtualHost"] = "/gen".into();
            }
            e
        }
        _ => return None,
    })
}

/// The provider settings the generated events use: HTTP API authorizers and CORS, REST API
/// settings. Called once, after every function.
pub fn finish(rng: &mut Rng, st: &EventState, svc: &mut Service) {
    let apis = &mut svc.config_mut().provider.apis;
    let mut authorizers = serde_json::Map::new();
    if st.jwt {
        authorizers.insert(
            HTTP_API_JWT.into(),
            json!({
                "identitySource": "$request.header.Authorization",
                "issuerUrl": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Gen",
                "audience": ["gen-client"]
            }),
        );
    }
    if let (true, Some(function)) = (st.request, &st.first_function) {
        let mut a = json!({ "type": "request", "functionName": function, "identitySource": ["$request.header.X-Gen"] });
        if rng.chance(50) {
            a["enableSimpleResponses"] = true.into();
            a["resultTtlInSeconds"] = 300.into();
        }
        authorizers.insert(HTTP_API_REQUEST.into(), a);
    }
    let mut http_api = serde_json::Map::new();
    if !authorizers.is_empty() {
        http_api.insert("authorizers".into(), Value::Object(authorizers));
    }
    match rng.below(4) {
        0 => {
            http_api.insert("cors".into(), true.into());
        }
        1 => {
            let cors =
                json!({ "allowedOrigins": ["https://app.example.com"], "allowCredentials": true, "maxAge": 600 });
            http_api.insert("cors".into(), cors);
        }
        _ => {}
    }
    if !http_api.is_empty() {
        apis.insert("httpApi".into(), Value::Object(http_api));
    }
    if rng.chance(30) {
        apis.insert(
            "apiGateway".into(),
            json!({ "minimumCompressionSize": 1024, "description": "generated REST API" }),
        );
    }
}

/// The event type the reference knows and stackwright does not compile is rejected, with
/// CONFIG_UNSUPPORTED_KEY at the event, on a generated service that is otherwise valid.
#[test]
fn unsupported_event_types_are_rejected() {
    let unsupported = [(
        "iotFleetProvisioning",
        json!({ "templateBody": {}, "provisioningRoleArn": "arn:aws:iam::123456789012:role/p" }),
    )];
    for seed in crate::cfn_lint::sample_seeds(8) {
        let g = crate::generate::service(seed);
        let key = &g.functions[0].key;
        for (kind, config) in &unsupported {
            let mut v = serde_json::to_value(g.service.config()).expect("model serializes");
            v["provider"]["name"] = "aws".into();
            let list = &mut v["functions"][key]["events"];
            if !list.is_array() {
                *list = json!([]);
            }
            list.as_array_mut().unwrap().push(json!({ *kind: config }));
            let errors = Service::from_value(&v).expect_err("unsupported event type accepted");
            let codes: Vec<(&str, &str)> = errors.errors().map(|e| (e.code, e.path.as_str())).collect();
            assert!(
                !codes.is_empty()
                    && codes
                        .iter()
                        .all(|(c, p)| *c == "CONFIG_UNSUPPORTED_KEY"
                            && p.starts_with(&format!("functions.{key}.events"))),
                "seed {seed}: {kind}: {errors}"
            );
        }
    }
}
