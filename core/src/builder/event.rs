//! Typed events: `Event::http_api(Method::Get, "/users/{id}")`, `Event::sqs(queue.arn())`,
//! `Event::schedule(Schedule::rate(5, Unit::Minutes))`, ...
//!
//! Every builder writes the serverless.yml JSON of its event type, and [`Service::function`]
//! sends a function's events through the same loader a serverless.yml goes through, so a typed
//! event and the YAML it mirrors give the same model, the same rules and the same template.
//! Where AWS has a fixed set of values (methods, starting positions, schedule units), the
//! builders take an enum, so a misspelled value does not compile.
//!
//! [`Service::function`]: crate::Service::function

use std::num::NonZeroU32;

use serde_json::{Map, Value, json};

use crate::diagnostics::Diagnostics;
use crate::events::Event;
use crate::model::{Expr, Function, Provider};
use crate::reader::{Loader, join};

/// An HTTP method, for `httpApi`, `http` and `alb` events.
///
/// ```
/// use stackwright_core::*;
/// let e: events::Event = Event::http_api(Method::Delete, "/users/{id}").into();
/// assert_eq!(e.config["method"], "DELETE");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Every method (`ANY`).
    Any,
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
    /// `HEAD`.
    Head,
    /// `OPTIONS`.
    Options,
}

impl Method {
    /// The method as HTTP writes it (`GET`).
    ///
    /// ```
    /// assert_eq!(stackwright_core::Method::Patch.as_str(), "PATCH");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Any => "ANY",
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }
}

/// Builds an object from `(key, value)` pairs, skipping `None`s, in order.
fn object(entries: impl IntoIterator<Item = (&'static str, Option<Value>)>) -> Map<String, Value> {
    entries.into_iter().filter_map(|(k, v)| v.map(|v| (k.to_owned(), v))).collect()
}

/// Declares a typed event builder: a struct over the event's settings object, converted into an
/// [`Event`] of `$kind`.
macro_rules! event_builder {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq)]
        #[must_use = "an event does nothing until it is added with `Function::event`"]
        pub struct $name {
            config: Map<String, Value>,
        }

        impl $name {
            fn set(mut self, key: &str, value: impl Into<Value>) -> Self {
                self.config.insert(key.to_owned(), value.into());
                self
            }
        }

        impl From<$name> for Event {
            fn from(e: $name) -> Event {
                Event::new($kind, Value::Object(e.config))
            }
        }
    };
}

fn expr(e: impl Into<Expr>) -> Value {
    e.into().to_json()
}

// ---------------------------------------------------------------------------------------------
// httpApi

event_builder!(
    /// An `httpApi` event (API Gateway HTTP API route), from [`Event::http_api`].
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::http_api(Method::Get, "/users/{id}").authorizer_with_scopes("jwt", ["read"]).into();
    /// assert_eq!(e.config, serde_json::json!({"method": "GET", "path": "/users/{id}", "authorizer": {"name": "jwt", "scopes": ["read"]}}));
    /// ```
    HttpApiEvent,
    "httpApi"
);

impl HttpApiEvent {
    /// Uses the authorizer declared as `name` in `provider.httpApi.authorizers` (see
    /// [`Provider::http_api_jwt_authorizer`]).
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::http_api(Method::Post, "/orders").authorizer("jwt").into();
    /// assert_eq!(e.config["authorizer"], serde_json::json!({"name": "jwt"}));
    /// ```
    pub fn authorizer(self, name: impl Into<String>) -> Self {
        self.set("authorizer", json!({ "name": name.into() }))
    }

    /// Uses the JWT authorizer `name` and requires `scopes`.
    pub fn authorizer_with_scopes<S: Into<String>>(
        self,
        name: impl Into<String>,
        scopes: impl IntoIterator<Item = S>,
    ) -> Self {
        let scopes: Vec<String> = scopes.into_iter().map(Into::into).collect();
        self.set("authorizer", json!({ "name": name.into(), "scopes": scopes }))
    }

    /// Requires IAM (SigV4) authorization (`authorizer: {type: aws_iam}`).
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::http_api(Method::Get, "/admin").iam_authorizer().into();
    /// assert_eq!(e.config["authorizer"], serde_json::json!({"type": "aws_iam"}));
    /// ```
    pub fn iam_authorizer(self) -> Self {
        self.set("authorizer", json!({ "type": "aws_iam" }))
    }

    /// Uses an authorizer of an existing HTTP API by id (with `provider.httpApi.id`).
    pub fn authorizer_id(self, id: impl Into<Expr>) -> Self {
        self.set("authorizer", json!({ "id": expr(id) }))
    }
}

// ---------------------------------------------------------------------------------------------
// http (REST)

event_builder!(
    /// An `http` event (API Gateway REST API method, lambda-proxy integration), from [`Event::http`].
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::http(Method::Post, "users").cors().into();
    /// assert_eq!(e.config, serde_json::json!({"method": "post", "path": "users", "cors": true}));
    /// ```
    HttpEvent,
    "http"
);

impl HttpEvent {
    /// CORS with the reference's defaults (origin `*`, the usual headers; adds the OPTIONS method).
    pub fn cors(self) -> Self {
        self.set("cors", true)
    }

    /// Requires an API key (`private: true`).
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::http(Method::Get, "reports").private().into();
    /// assert_eq!(e.config["private"], true);
    /// ```
    pub fn private(self) -> Self {
        self.set("private", true)
    }

    /// A custom or Cognito authorizer: a function of this service by name, or an ARN.
    pub fn authorizer(self, name_or_arn: impl Into<Expr>) -> Self {
        self.set("authorizer", expr(name_or_arn))
    }

    /// IAM (SigV4) authorization.
    pub fn iam_authorizer(self) -> Self {
        self.set("authorizer", "aws_iam")
    }
}

// ---------------------------------------------------------------------------------------------
// websocket

event_builder!(
    /// A `websocket` event (API Gateway WebSocket route), from [`Event::websocket`].
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::websocket("$connect").authorizer("auth").into();
    /// assert_eq!(e.config, serde_json::json!({"route": "$connect", "authorizer": {"name": "auth"}}));
    /// ```
    WebsocketEvent,
    "websocket"
);

impl WebsocketEvent {
    /// A request authorizer: a function of this service (only on `$connect`).
    pub fn authorizer(self, function: impl Into<String>) -> Self {
        self.set("authorizer", json!({ "name": function.into() }))
    }

    /// A request authorizer with its identity sources (`route.request.header.Auth`).
    pub fn authorizer_with_identity<S: Into<String>>(
        self,
        function: impl Into<String>,
        identity_source: impl IntoIterator<Item = S>,
    ) -> Self {
        let sources: Vec<String> = identity_source.into_iter().map(Into::into).collect();
        self.set("authorizer", json!({ "name": function.into(), "identitySource": sources }))
    }

    /// Sends the function's response back to the client (`routeResponseSelectionExpression: $default`).
    pub fn route_response(self) -> Self {
        self.set("routeResponseSelectionExpression", "$default")
    }
}

// ---------------------------------------------------------------------------------------------
// sqs

event_builder!(
    /// An `sqs` event (event source mapping), from [`Event::sqs`].
    ///
    /// ```
    /// use stackwright_core::*;
    /// let mut svc = Service::new("svc");
    /// let queue = svc.resource("Jobs", Resource::new("AWS::SQS::Queue"));
    /// let e: events::Event = Event::sqs(queue.arn()).batch_size(10).maximum_batching_window(5).into();
    /// assert_eq!(e.config, serde_json::json!({"arn": {"Fn::GetAtt": ["Jobs", "Arn"]}, "batchSize": 10, "maximumBatchingWindow": 5}));
    /// ```
    SqsEvent,
    "sqs"
);

impl SqsEvent {
    /// Messages per batch (1..10000; above 10 needs a batching window).
    pub fn batch_size(self, n: u32) -> Self {
        self.set("batchSize", n)
    }

    /// Seconds to gather a batch (0..300).
    pub fn maximum_batching_window(self, seconds: u32) -> Self {
        self.set("maximumBatchingWindow", seconds)
    }

    /// Reports failed messages of a batch (`functionResponseType: ReportBatchItemFailures`).
    pub fn report_batch_item_failures(self) -> Self {
        self.set("functionResponseType", "ReportBatchItemFailures")
    }

    /// Concurrent invocations this queue may drive (2..1000).
    pub fn maximum_concurrency(self, n: u32) -> Self {
        self.set("maximumConcurrency", n)
    }

    /// A filter pattern; several are OR-ed.
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::sqs("arn:aws:sqs:us-east-1:123456789012:jobs")
    ///     .filter_pattern(serde_json::json!({"body": {"kind": ["order"]}})).into();
    /// assert_eq!(e.config["filterPatterns"][0]["body"]["kind"][0], "order");
    /// ```
    pub fn filter_pattern(mut self, pattern: Value) -> Self {
        push(&mut self.config, "filterPatterns", pattern);
        self
    }

    /// Whether the mapping is enabled (default true).
    pub fn enabled(self, enabled: bool) -> Self {
        self.set("enabled", enabled)
    }
}

fn push(config: &mut Map<String, Value>, key: &str, value: Value) {
    match config.entry(key).or_insert_with(|| Value::Array(Vec::new())) {
        Value::Array(items) => items.push(value),
        other => *other = Value::Array(vec![value]),
    }
}

// ---------------------------------------------------------------------------------------------
// sns

event_builder!(
    /// An `sns` event (a subscription), from [`Event::sns`] or [`Event::sns_topic`].
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::sns("arn:aws:sns:us-east-1:123456789012:orders")
    ///     .filter_policy(serde_json::json!({"kind": ["paid"]})).into();
    /// assert_eq!(e.config["filterPolicy"]["kind"][0], "paid");
    /// ```
    SnsEvent,
    "sns"
);

impl SnsEvent {
    /// The topic's name (required when the ARN is an intrinsic: it names the resources).
    pub fn topic_name(self, name: impl Into<String>) -> Self {
        self.set("topicName", name.into())
    }

    /// Which messages reach the function.
    pub fn filter_policy(self, policy: Value) -> Self {
        self.set("filterPolicy", policy)
    }

    /// Applies the filter policy to the message body instead of its attributes.
    pub fn filter_on_body(self) -> Self {
        self.set("filterPolicyScope", "MessageBody")
    }

    /// A dead-letter queue for messages that cannot be delivered (ARN or intrinsic).
    pub fn redrive_to(self, queue_arn: impl Into<Expr>) -> Self {
        self.set("redrivePolicy", json!({ "deadLetterTargetArn": expr(queue_arn) }))
    }
}

// ---------------------------------------------------------------------------------------------
// schedule

/// The unit of a [`Schedule::rate`].
///
/// ```
/// use stackwright_core::*;
/// assert_eq!(Schedule::rate(1, Unit::Hours).expression(), "rate(1 hour)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days.
    Days,
}

/// A schedule expression: `rate(...)` or `cron(...)`.
///
/// ```
/// use stackwright_core::*;
/// assert_eq!(Schedule::rate(5, Unit::Minutes).expression(), "rate(5 minutes)");
/// assert_eq!(Schedule::cron("0 12 * * ? *").expression(), "cron(0 12 * * ? *)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Schedule(String);

impl Schedule {
    /// Every `n` minutes, hours or days, with AWS's singular for 1 (`rate(1 minute)`). A rate of
    /// 0 is rejected by the schedule rules (`INVALID_SCHEDULE_EXPRESSION`); [`Schedule::every`]
    /// takes a [`NonZeroU32`] and cannot be 0 at all.
    ///
    /// ```
    /// use stackwright_core::*;
    /// assert_eq!(Schedule::rate(2, Unit::Days).expression(), "rate(2 days)");
    /// ```
    pub fn rate(n: u32, unit: Unit) -> Self {
        let unit = match unit {
            Unit::Minutes => "minute",
            Unit::Hours => "hour",
            Unit::Days => "day",
        };
        let plural = if n == 1 { "" } else { "s" };
        Schedule(format!("rate({n} {unit}{plural})"))
    }

    /// Every `n` minutes, hours or days.
    ///
    /// ```
    /// use std::num::NonZeroU32;
    /// use stackwright_core::*;
    /// let n = NonZeroU32::new(15).unwrap();
    /// assert_eq!(Schedule::every(n, Unit::Minutes).expression(), "rate(15 minutes)");
    /// ```
    pub fn every(n: NonZeroU32, unit: Unit) -> Self {
        Schedule::rate(n.get(), unit)
    }

    /// A six-field cron expression (minutes hours day-of-month month day-of-week year), checked
    /// by the schedule rules (`INVALID_SCHEDULE_EXPRESSION`).
    pub fn cron(fields: impl AsRef<str>) -> Self {
        Schedule(format!("cron({})", fields.as_ref().trim()))
    }

    /// The expression as EventBridge takes it.
    pub fn expression(&self) -> &str {
        &self.0
    }
}

event_builder!(
    /// A `schedule` event (an EventBridge rule), from [`Event::schedule`].
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::schedule(Schedule::cron("0 12 * * ? *")).enabled(false).into();
    /// assert_eq!(e.config, serde_json::json!({"rate": ["cron(0 12 * * ? *)"], "enabled": false}));
    /// ```
    ScheduleEvent,
    "schedule"
);

impl ScheduleEvent {
    /// Another expression that invokes the function (each gets its own rule).
    pub fn and(mut self, schedule: Schedule) -> Self {
        push(&mut self.config, "rate", Value::String(schedule.0));
        self
    }

    /// Whether the rule is enabled (default true).
    pub fn enabled(self, enabled: bool) -> Self {
        self.set("enabled", enabled)
    }

    /// The constant input the function receives (written as JSON text).
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::schedule(Schedule::rate(1, Unit::Days)).input(serde_json::json!({"report": "daily"})).into();
    /// assert_eq!(e.config["input"]["report"], "daily");
    /// ```
    pub fn input(self, input: Value) -> Self {
        self.set("input", input)
    }

    /// The rule's name.
    pub fn name(self, name: impl Into<String>) -> Self {
        self.set("name", name.into())
    }

    /// The rule's description.
    pub fn description(self, description: impl Into<String>) -> Self {
        self.set("description", description.into())
    }
}

// ---------------------------------------------------------------------------------------------
// stream

/// The kind of stream of a [`Event::stream`].
///
/// ```
/// use stackwright_core::*;
/// let e: events::Event = Event::stream(StreamType::Kinesis, "arn:aws:kinesis:us-east-1:123456789012:stream/clicks").into();
/// assert_eq!(e.config["type"], "kinesis");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StreamType {
    /// A DynamoDB table's stream.
    Dynamodb,
    /// A Kinesis data stream.
    Kinesis,
}

/// Where a stream event source mapping starts reading. `AtTimestamp` carries its timestamp, so
/// `AT_TIMESTAMP` without one cannot be written.
///
/// ```
/// use stackwright_core::*;
/// let e: events::Event = Event::stream(StreamType::Kinesis, "arn:aws:kinesis:us-east-1:123456789012:stream/clicks")
///     .starting_position(StartingPosition::AtTimestamp(1767225600)).into();
/// assert_eq!(e.config["startingPositionTimestamp"], 1767225600);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StartingPosition {
    /// New records only.
    Latest,
    /// The oldest record available (the default).
    TrimHorizon,
    /// Records from a time (Unix seconds); Kinesis only.
    AtTimestamp(u64),
}

event_builder!(
    /// A `stream` event (DynamoDB or Kinesis event source mapping), from [`Event::stream`].
    ///
    /// ```
    /// use stackwright_core::*;
    /// let mut svc = Service::new("svc");
    /// let table = svc.resource("Orders", Resource::new("AWS::DynamoDB::Table"));
    /// let e: events::Event = Event::stream(StreamType::Dynamodb, table.get_att("StreamArn"))
    ///     .starting_position(StartingPosition::Latest).batch_size(100).into();
    /// assert_eq!(e.config["startingPosition"], "LATEST");
    /// ```
    StreamEvent,
    "stream"
);

impl StreamEvent {
    /// Where reading starts.
    pub fn starting_position(mut self, position: StartingPosition) -> Self {
        self.config.remove("startingPositionTimestamp");
        let (name, timestamp) = match position {
            StartingPosition::Latest => ("LATEST", None),
            StartingPosition::TrimHorizon => ("TRIM_HORIZON", None),
            StartingPosition::AtTimestamp(at) => ("AT_TIMESTAMP", Some(at)),
        };
        self.config.insert("startingPosition".into(), name.into());
        if let Some(at) = timestamp {
            self.config.insert("startingPositionTimestamp".into(), at.into());
        }
        self
    }

    /// Records per batch (default 10).
    pub fn batch_size(self, n: u32) -> Self {
        self.set("batchSize", n)
    }

    /// Seconds to gather a batch (`batchWindow`).
    pub fn batch_window(self, seconds: u32) -> Self {
        self.set("batchWindow", seconds)
    }

    /// Retries of a failed batch.
    pub fn maximum_retry_attempts(self, n: u32) -> Self {
        self.set("maximumRetryAttempts", n)
    }

    /// Splits a failing batch in two and retries each half.
    pub fn bisect_batch_on_function_error(self) -> Self {
        self.set("bisectBatchOnFunctionError", true)
    }

    /// Batches processed in parallel per shard (1..10).
    pub fn parallelization_factor(self, n: u32) -> Self {
        self.set("parallelizationFactor", n)
    }

    /// Reports failed records of a batch (`functionResponseType: ReportBatchItemFailures`).
    pub fn report_batch_item_failures(self) -> Self {
        self.set("functionResponseType", "ReportBatchItemFailures")
    }

    /// Sends records of failed batches to an SQS queue (an ARN, or a handle's `arn()`).
    pub fn on_failure_queue(self, arn: impl Into<Expr>) -> Self {
        self.set("destinations", json!({ "onFailure": { "arn": expr(arn), "type": "sqs" } }))
    }

    /// Sends records of failed batches to an SNS topic (an ARN, or a handle's `arn()`).
    pub fn on_failure_topic(self, arn: impl Into<Expr>) -> Self {
        self.set("destinations", json!({ "onFailure": { "arn": expr(arn), "type": "sns" } }))
    }

    /// A filter pattern; several are OR-ed.
    pub fn filter_pattern(mut self, pattern: Value) -> Self {
        push(&mut self.config, "filterPatterns", pattern);
        self
    }

    /// Reads through a dedicated Kinesis consumer (enhanced fan-out).
    pub fn consumer(self) -> Self {
        self.set("consumer", true)
    }

    /// Whether the mapping is enabled (default true).
    pub fn enabled(self, enabled: bool) -> Self {
        self.set("enabled", enabled)
    }
}

// ---------------------------------------------------------------------------------------------
// eventBridge

event_builder!(
    /// An `eventBridge` event (a rule), from [`Event::event_bridge`].
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::event_bridge(serde_json::json!({"source": ["orders"]})).event_bus("orders-bus").into();
    /// assert_eq!(e.config, serde_json::json!({"pattern": {"source": ["orders"]}, "eventBus": "orders-bus"}));
    /// ```
    EventBridgeEvent,
    "eventBridge"
);

impl EventBridgeEvent {
    /// The event bus: a name (created unless `default`), an ARN or an intrinsic.
    pub fn event_bus(self, bus: impl Into<Expr>) -> Self {
        self.set("eventBus", expr(bus))
    }

    /// The constant input the function receives.
    pub fn input(self, input: Value) -> Self {
        self.set("input", input)
    }

    /// The rule's name.
    pub fn name(self, name: impl Into<String>) -> Self {
        self.set("name", name.into())
    }
}

// ---------------------------------------------------------------------------------------------
// s3

event_builder!(
    /// An `s3` event (a bucket notification), from [`Event::s3`].
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::s3("uploads", "s3:ObjectCreated:*").prefix("incoming/").suffix(".csv").into();
    /// assert_eq!(e.config["rules"], serde_json::json!([{"prefix": "incoming/"}, {"suffix": ".csv"}]));
    /// ```
    S3Event,
    "s3"
);

impl S3Event {
    /// Only keys starting with `prefix`.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        push(&mut self.config, "rules", json!({ "prefix": prefix.into() }));
        self
    }

    /// Only keys ending with `suffix`.
    pub fn suffix(mut self, suffix: impl Into<String>) -> Self {
        push(&mut self.config, "rules", json!({ "suffix": suffix.into() }));
        self
    }

    /// The bucket exists already (not created by this service).
    pub fn existing(self) -> Self {
        self.set("existing", true)
    }
}

// ---------------------------------------------------------------------------------------------
// alb

event_builder!(
    /// An `alb` event (a listener rule and target group), from [`Event::alb`]. It always has at
    /// least one condition: the path it is built with.
    ///
    /// ```
    /// use stackwright_core::*;
    /// let listener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2";
    /// let e: events::Event = Event::alb(listener, 1, "/users").method(Method::Get).into();
    /// assert_eq!(e.config["conditions"], serde_json::json!({"path": ["/users"], "method": ["GET"]}));
    /// ```
    AlbEvent,
    "alb"
);

impl AlbEvent {
    fn condition(mut self, key: &str, value: Value) -> Self {
        if let Some(Value::Object(conditions)) = self.config.get_mut("conditions") {
            match conditions.entry(key).or_insert_with(|| Value::Array(Vec::new())) {
                Value::Array(items) => items.push(value),
                other => *other = value,
            }
        }
        self
    }

    /// Another path that matches.
    pub fn path(self, path: impl Into<String>) -> Self {
        self.condition("path", Value::String(path.into()))
    }

    /// Only requests with this method.
    pub fn method(self, method: Method) -> Self {
        self.condition("method", Value::String(method.as_str().into()))
    }

    /// Only requests for this host.
    pub fn host(self, host: impl Into<String>) -> Self {
        self.condition("host", Value::String(host.into()))
    }

    /// Passes repeated headers and query parameters as lists.
    pub fn multi_value_headers(self) -> Self {
        self.set("multiValueHeaders", true)
    }
}

// ---------------------------------------------------------------------------------------------
// cloudwatchLog

event_builder!(
    /// A `cloudwatchLog` event (a subscription filter), from [`Event::cloudwatch_log`].
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::cloudwatch_log("/aws/lambda/other").filter("ERROR").into();
    /// assert_eq!(e.config, serde_json::json!({"logGroup": "/aws/lambda/other", "filter": "ERROR"}));
    /// ```
    CloudwatchLogEvent,
    "cloudwatchLog"
);

impl CloudwatchLogEvent {
    /// Only log events matching this filter pattern.
    pub fn filter(self, pattern: impl Into<String>) -> Self {
        self.set("filter", pattern.into())
    }
}

// ---------------------------------------------------------------------------------------------
// Constructors

impl Event {
    /// An HTTP API route: `method` and a path starting with `/` (`{param}` and `{proxy+}` allowed).
    ///
    /// ```
    /// use stackwright_core::*;
    /// let f = Function::handler("h.get").event(Event::http_api(Method::Get, "/users/{id}"));
    /// assert_eq!(f.events[0].config, serde_json::json!({"method": "GET", "path": "/users/{id}"}));
    /// ```
    pub fn http_api(method: Method, path: impl Into<String>) -> HttpApiEvent {
        HttpApiEvent { config: object([("method", Some(method.as_str().into())), ("path", Some(path.into().into()))]) }
    }

    /// The HTTP API's catch-all route (`httpApi: '*'`).
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::http_api_catch_all().into();
    /// assert_eq!(e.config, serde_json::json!({"path": "*"}));
    /// ```
    pub fn http_api_catch_all() -> HttpApiEvent {
        HttpApiEvent { config: object([("path", Some("*".into()))]) }
    }

    /// A REST API method (`path` without leading slash, as the reference writes it).
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::http(Method::Get, "users/{id}").into();
    /// assert_eq!(e.config, serde_json::json!({"method": "get", "path": "users/{id}"}));
    /// ```
    pub fn http(method: Method, path: impl Into<String>) -> HttpEvent {
        let method = method.as_str().to_ascii_lowercase();
        HttpEvent { config: object([("method", Some(method.into())), ("path", Some(path.into().into()))]) }
    }

    /// A WebSocket route (`$connect`, `$disconnect`, `$default` or an action name).
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::websocket("$default").into();
    /// assert_eq!(e.config, serde_json::json!({"route": "$default"}));
    /// ```
    pub fn websocket(route: impl Into<String>) -> WebsocketEvent {
        WebsocketEvent { config: object([("route", Some(route.into().into()))]) }
    }

    /// An SQS queue: its ARN, or a handle's [`ResourceHandle::arn`](crate::ResourceHandle::arn).
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::sqs("arn:aws:sqs:us-east-1:123456789012:jobs").into();
    /// assert_eq!(e.config, serde_json::json!({"arn": "arn:aws:sqs:us-east-1:123456789012:jobs"}));
    /// ```
    pub fn sqs(queue_arn: impl Into<Expr>) -> SqsEvent {
        SqsEvent { config: object([("arn", Some(expr(queue_arn)))]) }
    }

    /// A subscription to an existing SNS topic: its ARN (a string, or an intrinsic together with
    /// [`SnsEvent::topic_name`]).
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::sns("arn:aws:sns:us-east-1:123456789012:orders").into();
    /// assert_eq!(e.config, serde_json::json!({"arn": "arn:aws:sns:us-east-1:123456789012:orders"}));
    /// ```
    pub fn sns(topic_arn: impl Into<Expr>) -> SnsEvent {
        SnsEvent { config: object([("arn", Some(expr(topic_arn)))]) }
    }

    /// A subscription to a topic this service creates, by name.
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::sns_topic("orders").into();
    /// assert_eq!(e.config, serde_json::json!({"topicName": "orders"}));
    /// ```
    pub fn sns_topic(name: impl Into<String>) -> SnsEvent {
        SnsEvent { config: object([("topicName", Some(name.into().into()))]) }
    }

    /// A schedule (add more expressions with [`ScheduleEvent::and`]).
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::schedule(Schedule::rate(5, Unit::Minutes)).into();
    /// assert_eq!(e.config, serde_json::json!({"rate": ["rate(5 minutes)"]}));
    /// ```
    pub fn schedule(schedule: Schedule) -> ScheduleEvent {
        ScheduleEvent { config: object([("rate", Some(json!([schedule.0])))]) }
    }

    /// A DynamoDB or Kinesis stream: its ARN, or a handle's
    /// [`get_att("StreamArn")`](crate::ResourceHandle::get_att) / `arn()`.
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::stream(StreamType::Dynamodb, "arn:aws:dynamodb:us-east-1:123456789012:table/T/stream/2020").into();
    /// assert_eq!(e.config["type"], "dynamodb");
    /// ```
    pub fn stream(kind: StreamType, arn: impl Into<Expr>) -> StreamEvent {
        let kind = match kind {
            StreamType::Dynamodb => "dynamodb",
            StreamType::Kinesis => "kinesis",
        };
        StreamEvent { config: object([("type", Some(kind.into())), ("arn", Some(expr(arn)))]) }
    }

    /// An EventBridge rule matching `pattern` (on the default bus unless
    /// [`EventBridgeEvent::event_bus`]).
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::event_bridge(serde_json::json!({"source": ["aws.ec2"]})).into();
    /// assert_eq!(e.config["pattern"]["source"][0], "aws.ec2");
    /// ```
    pub fn event_bridge(pattern: Value) -> EventBridgeEvent {
        EventBridgeEvent { config: object([("pattern", Some(pattern))]) }
    }

    /// Notifications of `bucket` (created by this service unless [`S3Event::existing`]) for an
    /// S3 event such as `s3:ObjectCreated:*`.
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::s3("uploads", "s3:ObjectRemoved:*").into();
    /// assert_eq!(e.config, serde_json::json!({"bucket": "uploads", "event": "s3:ObjectRemoved:*"}));
    /// ```
    pub fn s3(bucket: impl Into<String>, event: impl Into<String>) -> S3Event {
        S3Event { config: object([("bucket", Some(bucket.into().into())), ("event", Some(event.into().into()))]) }
    }

    /// An Application Load Balancer listener rule of `priority` (1..50000) for requests to `path`.
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::alb("arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2", 10, "/api/*").into();
    /// assert_eq!(e.config["priority"], 10);
    /// ```
    pub fn alb(listener_arn: impl Into<Expr>, priority: u32, path: impl Into<String>) -> AlbEvent {
        AlbEvent {
            config: object([
                ("listenerArn", Some(expr(listener_arn))),
                ("priority", Some(priority.into())),
                ("conditions", Some(json!({ "path": [path.into()] }))),
            ]),
        }
    }

    /// A subscription filter on a CloudWatch Logs log group.
    ///
    /// ```
    /// use stackwright_core::*;
    /// let e: events::Event = Event::cloudwatch_log("/aws/lambda/other").into();
    /// assert_eq!(e.config, serde_json::json!({"logGroup": "/aws/lambda/other"}));
    /// ```
    pub fn cloudwatch_log(log_group: impl Into<String>) -> CloudwatchLogEvent {
        CloudwatchLogEvent { config: object([("logGroup", Some(log_group.into().into()))]) }
    }
}

// ---------------------------------------------------------------------------------------------
// Provider settings the events read

/// A JWT authorizer of the HTTP API (`provider.httpApi.authorizers.<name>`), for
/// [`Provider::http_api_jwt_authorizer`].
///
/// ```
/// use stackwright_core::*;
/// let a = JwtAuthorizer::new("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc", ["client-id"]);
/// assert_eq!(a.to_json()["identitySource"], "$request.header.Authorization");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct JwtAuthorizer {
    issuer_url: Value,
    audience: Vec<Value>,
    identity_source: String,
}

impl JwtAuthorizer {
    /// Tokens issued by `issuer_url` for one of `audience`, read from the `Authorization` header.
    pub fn new<A: Into<Expr>>(issuer_url: impl Into<Expr>, audience: impl IntoIterator<Item = A>) -> Self {
        JwtAuthorizer {
            issuer_url: expr(issuer_url),
            audience: audience.into_iter().map(expr).collect(),
            identity_source: "$request.header.Authorization".into(),
        }
    }

    /// Where the token is read (`$request.header.<Name>`).
    pub fn identity_source(mut self, source: impl Into<String>) -> Self {
        self.identity_source = source.into();
        self
    }

    /// The authorizer as serverless.yml writes it.
    pub fn to_json(&self) -> Value {
        json!({
            "type": "jwt",
            "identitySource": self.identity_source,
            "issuerUrl": self.issuer_url,
            "audience": self.audience,
        })
    }
}

impl Provider {
    /// The `provider.httpApi` settings object (created empty).
    fn http_api_settings(&mut self) -> &mut Map<String, Value> {
        let slot = self.apis.entry("httpApi".to_owned()).or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        slot.as_object_mut().expect("made an object just above")
    }

    /// Declares a JWT authorizer of the HTTP API that routes name with
    /// [`HttpApiEvent::authorizer`].
    ///
    /// ```
    /// use stackwright_core::*;
    /// let mut svc = Service::new("svc");
    /// svc.provider().http_api_jwt_authorizer("jwt", JwtAuthorizer::new("https://issuer.example.com", ["api"]));
    /// assert_eq!(svc.config().provider.apis["httpApi"]["authorizers"]["jwt"]["type"], "jwt");
    /// ```
    pub fn http_api_jwt_authorizer(&mut self, name: impl Into<String>, authorizer: JwtAuthorizer) -> &mut Self {
        let settings = self.http_api_settings();
        let authorizers = settings.entry("authorizers").or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(map) = authorizers {
            map.insert(name.into(), authorizer.to_json());
        }
        self
    }

    /// CORS on the HTTP API with the reference's defaults (`provider.httpApi.cors: true`).
    ///
    /// ```
    /// use stackwright_core::*;
    /// let mut svc = Service::new("svc");
    /// svc.provider().http_api_cors();
    /// assert_eq!(svc.config().provider.apis["httpApi"]["cors"], true);
    /// ```
    pub fn http_api_cors(&mut self) -> &mut Self {
        self.http_api_settings().insert("cors".into(), true.into());
        self
    }

    /// Detailed route metrics on the HTTP API's stage (`provider.httpApi.metrics: true`).
    pub fn http_api_metrics(&mut self) -> &mut Self {
        self.http_api_settings().insert("metrics".into(), true.into());
        self
    }
}

// ---------------------------------------------------------------------------------------------
// Normalization

/// Sends a function's events through the loader of their types, as a serverless.yml's would be:
/// the model keeps the normalized settings, and shape errors are reported at `check()`/`synth()`
/// at `functions.<key>.events[<i>].<type>`. The keys of the service's `plugins` that read events
/// (`http.caching`, `http.reqValidatorName`, ...) are kept, as the loader keeps them.
pub(crate) fn normalize(key: &str, function: &mut Function, plugins: &[String], deferred: &mut Diagnostics) {
    if function.events.is_empty() {
        return;
    }
    let written: Vec<Value> = function.events.iter().map(|e| json!({ e.kind.clone(): e.config.clone() })).collect();
    let mut loader = Loader::new();
    loader.plugin_keys = crate::plugins::ACCEPTED_PLUGIN_KEYS;
    let path = join(&join("functions", key), "events");
    function.events = crate::events::load_all(&mut loader, &Value::Array(written), &path, key);
    deferred.extend(crate::plugins::without_listed_plugin_keys(loader.finish(), plugins));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Service, events};

    /// The typed builders write what the loader keeps: loading their JSON changes nothing.
    #[test]
    fn builders_write_the_loaders_normal_form() {
        let implemented: Vec<Event> = vec![
            Event::http_api(Method::Get, "/users/{id}").authorizer_with_scopes("jwt", ["read"]).into(),
            Event::http_api(Method::Any, "/proxy/{proxy+}").iam_authorizer().into(),
            Event::http_api_catch_all().into(),
            Event::websocket("$connect").authorizer_with_identity("auth", ["route.request.header.Auth"]).into(),
            Event::websocket("echo").route_response().into(),
            Event::sqs(Expr::from("arn:aws:sqs:us-east-1:123456789012:jobs"))
                .batch_size(20)
                .maximum_batching_window(5)
                .report_batch_item_failures()
                .maximum_concurrency(5)
                .filter_pattern(json!({"body": {"a": [1]}}))
                .enabled(false)
                .into(),
            Event::cloudwatch_log("/aws/lambda/x").filter("ERROR").into(),
        ];
        for e in implemented {
            let mut f = Function::handler("h.x").event(e.clone());
            let mut d = Diagnostics::new();
            normalize("x", &mut f, &[], &mut d);
            assert!(!d.has_errors(), "{e:?}: {d}");
            assert_eq!(f.events, vec![e]);
        }
    }

    #[test]
    fn normalization_reports_shape_errors_at_the_event() {
        let mut svc = Service::new("svc");
        svc.function("x", Function::handler("h.x").event(events::Event::new("httpApi", json!("FETCH /x"))));
        let d = svc.check();
        let e = d.iter().find(|d| d.path == "functions.x.events[0].httpApi").unwrap_or_else(|| panic!("{d}"));
        assert!(e.message.contains("FETCH /x"), "{}", e.message);
        // It keeps its place, as no event type, which serverless.yml (and `convert`) never shows
        // and a second normalization keeps.
        assert_eq!(svc.config().functions["x"].events, [events::Event::new("", Value::Null)]);
        assert!(serde_json::to_value(&svc.config().functions["x"]).unwrap().get("events").is_none());
        let mut f = svc.config().functions["x"].clone();
        let mut d = Diagnostics::new();
        normalize("x", &mut f, &[], &mut d);
        assert!(d.is_empty(), "{d}");
        assert_eq!(f.events, [events::Event::new("", Value::Null)]);
    }

    #[test]
    fn string_forms_are_normalized_like_yaml() {
        let mut svc = Service::new("svc");
        svc.function("x", Function::handler("h.x").event(events::Event::new("httpApi", json!("GET /x"))));
        assert_eq!(svc.config().functions["x"].events[0].config, json!({"method": "GET", "path": "/x"}));
    }

    #[test]
    fn rates_use_singular_units_for_one() {
        assert_eq!(Schedule::rate(1, Unit::Minutes).expression(), "rate(1 minute)");
        assert_eq!(Schedule::rate(1, Unit::Days).expression(), "rate(1 day)");
        assert_eq!(Schedule::rate(12, Unit::Hours).expression(), "rate(12 hours)");
        assert_eq!(Schedule::cron(" 0 12 * * ? * ").expression(), "cron(0 12 * * ? *)");
    }

    #[test]
    fn starting_position_timestamp_follows_the_position() {
        let arn = "arn:aws:kinesis:us-east-1:123456789012:stream/s";
        let e: Event = Event::stream(StreamType::Kinesis, arn)
            .starting_position(StartingPosition::AtTimestamp(5))
            .starting_position(StartingPosition::Latest)
            .into();
        assert_eq!(e.config, json!({"type": "kinesis", "arn": arn, "startingPosition": "LATEST"}));
    }

    #[test]
    fn codegen_writes_typed_events_when_every_event_has_a_typed_form() {
        use crate::codegen::{Target, builder_statements};
        let mut svc = Service::new("svc");
        svc.function(
            "api",
            Function::handler("h.api")
                .event(Event::http_api(Method::Get, "/users/{id}").authorizer_with_scopes("jwt", ["read"]))
                .event(Event::sqs("arn:aws:sqs:us-east-1:123456789012:jobs").batch_size(20).maximum_batching_window(5)),
        );
        svc.function(
            "mixed",
            Function::handler("h.mixed")
                .event(Event::websocket("$connect"))
                .event(Event::cloudwatch_log("/aws/lambda/other")),
        );
        let code = builder_statements(svc.config(), Target::Program);
        assert!(
            code.contains(
                r#".event(Event::http_api(Method::Get, "/users/{id}").authorizer_with_scopes("jwt", ["read"])).event(Event::sqs("arn:aws:sqs:us-east-1:123456789012:jobs").batch_size(20).maximum_batching_window(5))"#
            ),
            "{code}"
        );
        assert!(!code.contains(r#"function_settings("api""#), "{code}");
        // One event without a typed form: the whole list stays JSON, in order.
        assert!(code.contains(r#"function_settings("mixed""#) && !code.contains("Event::websocket"), "{code}");
    }

    #[test]
    fn alb_conditions_accumulate() {
        let e: Event = Event::alb("arn", 1, "/a").path("/b").host("example.com").multi_value_headers().into();
        assert_eq!(e.config["conditions"], json!({"path": ["/a", "/b"], "host": ["example.com"]}));
        assert_eq!(e.config["multiValueHeaders"], true);
    }
}
