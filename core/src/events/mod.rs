//! Function events (`functions.<name>.events`): what invokes a function.
//!
//! **One event type, one file.** `events/sqs.rs` holds everything about `sqs` events: how its
//! config is read ([`EventType::load`]), the rules it must satisfy ([`EventType::validate`]) and
//! the resources it adds ([`EventType::compile`]). What all event types share lives here and in
//! [`Ctx`]: the invoke target of a function, lambda permissions, logical-ID naming, merging of two
//! resources with one logical ID, and the statements an event adds to the execution role.
//!
//! **Adding an event type:** write `events/<name>.rs` with a unit struct implementing
//! [`EventType`], then add one row to [`TYPES`] (its place in that list is the reference's
//! compiler order, which decides where its resources appear in the template).
//!
//! The model keeps each event's settings as the JSON the user wrote (after the reference's schema
//! coercions, applied by the loader), so a setting the reference passes through verbatim needs no
//! code; the typed builders in `builder/event.rs` write the same JSON.

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

pub use crate::model::Event;

use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::Function;
use crate::node::Node;
use crate::reader::{Loader, describe, index, list};
use crate::resolve::Resolved;

/// One event type: its loader, rules and compiler.
pub(crate) trait EventType: Sync {
    /// The key in serverless.yml (`sqs`).
    fn name(&self) -> &'static str;

    /// Reads and normalizes one event's settings (`v` is the value under the type key); `None`
    /// after reporting when it cannot be used.
    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value>;

    /// Rules over one event of a function, with the service's effective values.
    fn validate(&self, _cx: &EventRef<'_>, _out: &mut Diagnostics) {}

    /// Rules over the service as a whole for this type (its provider settings, what several
    /// events make together), after every event's own; run whether or not an event has it.
    fn validate_service(&self, _r: &Resolved<'_>, _out: &mut Diagnostics) {}

    /// Adds this type's resources for every function's events of this type.
    fn compile(&self, _cx: &mut Ctx<'_>) {}

    /// Whether a capacity-provider function may have this event (DECISIONS.md D7).
    fn managed_instances(&self) -> bool {
        true
    }

    /// Why a capacity-provider function may not have this event, when
    /// [`EventType::managed_instances`] says so: the end of the error's message.
    fn managed_instances_reason(&self) -> String {
        format!(
            "Lambda Managed Instances do not support `{}` event source mappings (supported: SQS, DynamoDB and \
             Kinesis streams, Amazon MSK, self-managed Kafka)",
            self.name()
        )
    }
}

mod alb;
mod alexa;
pub(crate) mod cloud_front;
mod cloudwatch_event;
mod cloudwatch_log;
mod cognito_user_pool;
mod custom_resources;
mod event_bridge;
mod http;
pub(crate) use http::{compiles_rest_api, method_logical_id};
mod http_api;
mod iot;
mod kafka;
mod mq;
mod msk;
mod rule_common;
pub(crate) mod s3;
mod schedule;
pub mod schedule_expr;
mod sns;
mod source;
mod sqs;
mod stream;
mod websocket;

pub(crate) use source::truthy;

/// Every event type, in the reference's compiler order (serverless-events.md §0.1).
pub(crate) static TYPES: &[&dyn EventType] = &[
    &schedule::Schedule,
    &s3::S3,
    &http::Http,
    &websocket::Websocket,
    &sns::Sns,
    &stream::Stream,
    &kafka::Kafka,
    &mq::ActiveMq,
    &mq::RabbitMq,
    &msk::Msk,
    &alb::Alb,
    &alexa::AlexaSkill,
    &alexa::AlexaSmartHome,
    &iot::Iot,
    &cloudwatch_event::CloudwatchEvent,
    &cloudwatch_log::CloudwatchLog,
    &cognito_user_pool::CognitoUserPool,
    &event_bridge::EventBridge,
    &sqs::Sqs,
    &cloud_front::CloudFront,
    &http_api::HttpApi,
];

/// Event types the reference knows; those not in [`TYPES`] are rejected as not supported yet.
const KNOWN: &[&str] = &[
    "schedule",
    "s3",
    "http",
    "websocket",
    "sns",
    "stream",
    "kafka",
    "activemq",
    "rabbitmq",
    "msk",
    "alb",
    "alexaSkill",
    "alexaSmartHome",
    "iot",
    "iotFleetProvisioning",
    "cloudwatchEvent",
    "cloudwatchLog",
    "cognitoUserPool",
    "eventBridge",
    "sqs",
    "cloudFront",
    "httpApi",
];

/// Provider keys the event types read (`provider.apiGateway`, `provider.httpApi`, ...).
pub(crate) const PROVIDER_SETTINGS: &[&str] = &[
    "httpApi",
    "apiGateway",
    "apiName",
    "alb",
    "websocket",
    "websocketsApiName",
    "websocketsApiRouteSelectionExpression",
    "websocketsDescription",
    "endpointType",
    "vpcEndpointIds",
    "eventBridge",
    "cloudFront",
    "s3",
    "kinesis",
];

fn find(kind: &str) -> Option<&'static dyn EventType> {
    TYPES.iter().copied().find(|t| t.name() == kind)
}

/// Reads `functions.<fn>.events`.
pub(crate) fn load_all(l: &mut Loader, v: &Value, path: &str, _fn_key: &str) -> Vec<Event> {
    let items = match v {
        Value::Array(items) => items,
        Value::Null => return Vec::new(),
        _ => {
            l.type_error(path, "a list of events", v);
            return Vec::new();
        }
    };
    let mut events = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        // An event that cannot be used still takes its place (a kind no event type has), so
        // that the diagnostics of the events after it name their own index.
        events.push(Event { kind: String::new(), config: Value::Null });
        let at = index(path, i);
        let Some((kind, settings)) = item.as_object().filter(|m| m.len() == 1).and_then(|m| m.iter().next()) else {
            // `event` stands, `event`, `rules` stand.
            let stand = |settings: &[String]| if settings.len() == 1 { "stands" } else { "stand" };
            match misindented(item) {
                Some((kind, settings, false)) => l.error_help(
                    codes::CONFIG_INVALID_VALUE,
                    &at,
                    format!(
                        "`{kind}` has no settings and {} {} beside it: the event's settings are not indented \
                         under its type",
                        settings.join(", "),
                        stand(&settings)
                    ),
                    format!("indent {} two more spaces, under `{kind}:`", settings.join(", ")),
                ),
                Some((kind, settings, true)) => l.error_help(
                    codes::CONFIG_INVALID_VALUE,
                    &at,
                    format!(
                        "`{kind}` is written in its short form and {} {} beside it: settings beside the event's \
                         type are not read (the reference warns and leaves them out)",
                        settings.join(", "),
                        stand(&settings)
                    ),
                    format!(
                        "use the object form of `{kind}` with {} indented under it (its short value becomes one of \
                         its settings)",
                        settings.join(", ")
                    ),
                ),
                None => match item.as_str().filter(|kind| find(kind).is_some()) {
                    // `- alexaSkill`: the event type alone, as very old examples wrote it.
                    Some(kind) => l.error_help(
                        codes::CONFIG_INVALID_VALUE,
                        &at,
                        format!("expected an object with exactly one event type key, found the string \"{kind}\""),
                        if kind == "alexaSkill" {
                            // alexa-skill.js: only a deprecation (ALEXA_SKILL_EVENT_WITHOUT_APP_ID), no resource.
                            "give the skill's ID: `- alexaSkill: amzn1.ask.skill.<id>`; the reference writes no \
                             permission for the bare form, so the skill could not invoke the function"
                                .to_string()
                        } else {
                            format!("give the event its settings: `- {kind}: ...` (see the `{kind}` event's settings)")
                        },
                    ),
                    None => l.type_error(&at, "an object with exactly one event type key (e.g. `sqs: {...}`)", item),
                },
            }
            continue;
        };
        // The place of an event that could not be used, written again (a builder's re-load).
        if kind.is_empty() && settings.is_null() {
            continue;
        }
        let at = crate::reader::join(&at, kind);
        match find(kind) {
            Some(t) => {
                if let Some(config) = t.load(l, settings, &at) {
                    events[i] = Event { kind: kind.clone(), config };
                }
            }
            None if KNOWN.contains(&kind.as_str()) => l.error_help(
                codes::CONFIG_UNSUPPORTED_KEY,
                &at,
                format!("`{kind}` events are not supported by stackwright yet"),
                "declare the event source (and its lambda permission) in `resources` for now",
            ),
            None => {
                let mut message = format!("unknown event type `{kind}`");
                if let Some(m) = did_you_mean(kind, KNOWN.iter().copied()) {
                    message.push_str(&format!("; did you mean `{m}`?"));
                }
                l.error_help(codes::CONFIG_UNKNOWN_KEY, &at, message, format!("event types: {}", list(KNOWN)));
            }
        }
    }
    events
}

/// `- http:` followed by its settings at the same indentation: one event type without settings
/// (null) and other keys beside it. The type and those keys, quoted.
fn misindented(item: &Value) -> Option<(&str, Vec<String>, bool)> {
    let map = item.as_object()?;
    let (types, others): (Vec<_>, Vec<_>) = map.iter().partition(|(k, _)| KNOWN.contains(&k.as_str()));
    let keys = || others.iter().map(|(k, _)| format!("`{k}`")).collect();
    match types.as_slice() {
        [(kind, Value::Null)] if !others.is_empty() => Some((kind.as_str(), keys(), false)),
        // `- s3: bucket` (the short form) with `event:`, `rules:` beside it.
        [(kind, Value::String(_))] if !others.is_empty() => Some((kind.as_str(), keys(), true)),
        _ => None,
    }
}

/// One event as rules see it.
pub(crate) struct EventRef<'a> {
    pub r: &'a Resolved<'a>,
    pub fn_key: &'a str,
    pub function: &'a Function,
    pub index: usize,
    pub config: &'a Value,
}

impl EventRef<'_> {
    /// Whether this is the service's first event of `kind`, where the type's service-wide rules
    /// report.
    pub fn is_first(&self, kind: &str) -> bool {
        first_event(self.r, kind) == Some((self.fn_key, self.index))
    }

    /// `functions.<fn>.events.<i>.<type>`, the path of this event's settings.
    pub fn path(&self, kind: &str) -> String {
        format!("functions.{}.events[{}].{kind}", self.fn_key, self.index)
    }

    /// Whether the function runs on a capacity provider.
    pub fn on_capacity_provider(&self) -> bool {
        crate::resolve::is_cp_function(self.function)
    }
}

/// Every rule of every event, function by function, event by event: (the reference's own errors,
/// stackwright's stricter rules).
pub(crate) fn validate(r: &Resolved<'_>) -> (Diagnostics, Diagnostics) {
    let mut all = Diagnostics::new();
    validate_into(r, &mut all);
    let (mut reference, mut stricter) = (Diagnostics::new(), Diagnostics::new());
    for d in all {
        if codes::REFERENCE_EVENT_CODES.contains(&d.code) {
            reference.push(d);
        } else {
            stricter.push(d);
        }
    }
    (reference, stricter)
}

fn validate_into(r: &Resolved<'_>, out: &mut Diagnostics) {
    for &(fn_key, f) in &r.functions {
        for (i, e) in f.events.iter().enumerate() {
            let Some(t) = find(&e.kind) else { continue };
            let cx = EventRef { r, fn_key, function: f, index: i, config: &e.config };
            if !t.managed_instances() && cx.on_capacity_provider() {
                out.push(
                    Diagnostic::error(
                        codes::LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_EVENT_SOURCE,
                        cx.path(&e.kind),
                        format!(
                            "function \"{fn_key}\" runs on a capacity provider, and {}",
                            t.managed_instances_reason()
                        ),
                    )
                    .with_help(format!("move the `{}` event to a function without `capacityProvider`", e.kind)),
                );
            }
            t.validate(&cx, out);
        }
    }
    for t in TYPES {
        t.validate_service(r, out);
    }
}

/// The (function, event index) of the service's first event of `kind`.
pub(crate) fn first_event<'a>(r: &Resolved<'a>, kind: &str) -> Option<(&'a str, usize)> {
    r.functions.iter().find_map(|&(key, f)| f.events.iter().position(|e| e.kind == kind).map(|i| (key, i)))
}

/// The provider settings of an event type no event of the service has (`provider.httpApi`
/// without `httpApi` events): the keys the reference's schema does not know, which it warns about
/// all the same, from `check` (the type's checks of its settings, run at its first event when
/// there is one); the settings' other rules matter only with an event.
pub(crate) fn unused_settings(
    r: &Resolved<'_>,
    kind: &str,
    check: impl FnOnce(&mut Diagnostics),
    out: &mut Diagnostics,
) {
    if first_event(r, kind).is_some() {
        return;
    }
    let mut found = Diagnostics::new();
    check(&mut found);
    found.into_iter().filter(|d| d.code == codes::CONFIG_UNKNOWN_KEY).for_each(|d| out.push(d));
}

/// What the events add to the template, collected before anything is written (the execution
/// role, written first, carries the statements the events need).
#[derive(Default)]
pub(crate) struct Compiled<'a> {
    /// Resources in emission order.
    pub resources: IndexMap<String, Resource<'a>>,
    /// Outputs in emission order.
    pub outputs: IndexMap<String, Value>,
    /// Statements appended to `IamRoleLambdaExecution`'s policy.
    pub statements: Vec<Value>,
    /// Extra services trusted by `IamRoleLambdaExecution` (`scheduler.amazonaws.com`).
    pub trusted_services: Vec<&'static str>,
    /// Whether resources point at functions' versions, whose logical IDs synthesis fills in
    /// ([`cloud_front::resolve_version_refs`]).
    pub version_refs: bool,
}

/// One event resource: a JSON value, or, for the resources made once per event of the common
/// types (SQS mappings, HTTP API routes), a light [`Node`] that borrows from the model and is
/// written out without ever becoming a `Value` (a hashed map and an owned key per object entry
/// made those events cost about five times a function's own resources).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Resource<'a> {
    Value(Value),
    Node(Node<'a>),
}

impl Resource<'_> {
    /// The resource as a `Value`, converted in place when it is a [`Node`] (to be merged or
    /// edited by a later compiler).
    pub fn value_mut(&mut self) -> &mut Value {
        if let Resource::Node(node) = self {
            *self = Resource::Value(node.to_value());
        }
        match self {
            Resource::Value(v) => v,
            Resource::Node(_) => unreachable!("converted above"),
        }
    }

    /// The resource as a `Value`.
    pub fn to_value(&self) -> std::borrow::Cow<'_, Value> {
        match self {
            Resource::Value(v) => std::borrow::Cow::Borrowed(v),
            Resource::Node(node) => std::borrow::Cow::Owned(node.to_value()),
        }
    }
}

/// [`Compiled`] with every resource as a `Value` and no borrows, for tests.
#[cfg(test)]
pub(crate) struct Values {
    pub resources: IndexMap<String, Value>,
    pub outputs: IndexMap<String, Value>,
    pub statements: Vec<Value>,
}

#[cfg(test)]
impl Compiled<'_> {
    pub fn to_values(&self) -> Values {
        Values {
            resources: self.resources.iter().map(|(k, r)| (k.clone(), r.to_value().into_owned())).collect(),
            outputs: self.outputs.clone(),
            statements: self.statements.clone(),
        }
    }
}

/// The shared state of event compilation.
pub(crate) struct Ctx<'a> {
    pub r: &'a Resolved<'a>,
    pub out: Compiled<'a>,
    /// The build time (epoch milliseconds): the REST API deployment's logical ID and the
    /// artifact directory of helper functions.
    pub build_time_millis: u64,
    /// The deployment bucket as `S3Bucket` takes it (a name or `{"Ref": ...}`).
    pub deployment_bucket: Value,
    /// `<prefix>/<service>/<stage>/<millis>-<ISO time>`, where this deploy's files go.
    pub artifact_directory: String,
}

/// Runs every event compiler in the reference's order.
pub(crate) fn compile<'a>(r: &'a Resolved<'a>, build_time_millis: u64) -> Compiled<'a> {
    let mut cx = Ctx {
        r,
        out: Compiled::default(),
        build_time_millis,
        deployment_bucket: r.deployment_bucket(),
        artifact_directory: r.artifact_directory(build_time_millis),
    };
    for t in TYPES {
        t.compile(&mut cx);
    }
    cx.out
}

impl<'a> Ctx<'a> {
    /// Every (function key, function, event index, settings) of events of type `kind`, functions
    /// in declaration order, then events in order.
    pub fn events_of(&self, kind: &'a str) -> Vec<(&'a str, &'a Function, usize, &'a Value)> {
        let mut out = Vec::new();
        for &(key, f) in &self.r.functions {
            for (i, e) in f.events.iter().enumerate() {
                if e.kind == kind {
                    out.push((key, f, i, &e.config));
                }
            }
        }
        out
    }

    /// Adds a resource the way most reference compilers do (`_.merge`): an existing logical ID
    /// is deep-merged and keeps its position.
    pub fn merge(&mut self, id: String, resource: Value) {
        match self.out.resources.get_mut(&id) {
            Some(existing) => crate::json::lodash_merge(existing.value_mut(), &resource),
            None => {
                self.out.resources.insert(id, Resource::Value(resource));
            }
        }
    }

    /// [`Ctx::merge`] of a resource built as a [`Node`].
    pub fn merge_node(&mut self, id: String, resource: Node<'a>) {
        match self.out.resources.get_mut(&id) {
            Some(existing) => crate::json::lodash_merge(existing.value_mut(), &resource.to_value()),
            None => {
                self.out.resources.insert(id, Resource::Node(resource));
            }
        }
    }

    /// Adds a resource by plain assignment: an existing logical ID is replaced in place.
    pub fn set(&mut self, id: String, resource: Value) {
        self.out.resources.insert(id, Resource::Value(resource));
    }

    /// [`Ctx::set`] of a resource built as a [`Node`].
    pub fn set_node(&mut self, id: String, resource: Node<'a>) {
        self.out.resources.insert(id, Resource::Node(resource));
    }

    /// Adds an output (`_.merge`).
    pub fn output(&mut self, key: String, output: Value) {
        match self.out.outputs.get_mut(&key) {
            Some(existing) => crate::json::lodash_merge(existing, &output),
            None => {
                self.out.outputs.insert(key, output);
            }
        }
    }

    /// Appends a statement to the shared execution role (when it exists).
    pub fn statement(&mut self, statement: Value) {
        if self.r.has_execution_role() {
            self.out.statements.push(statement);
        }
    }

    /// The invoke target of a function: `Fn::GetAtt [<Fn>LambdaFunction, Arn]`, or joined with
    /// its alias (`provisioned`, `snapstart`) when it has one.
    pub fn target(&self, fn_key: &str, f: &Function) -> Value {
        crate::resolve::target(fn_key, f)
    }

    /// [`Ctx::target`] as a [`Node`].
    pub fn target_node(&self, fn_key: &str, f: &Function) -> Node<'a> {
        let arn = Node::get_att(crate::naming::function_logical_id(fn_key), "Arn");
        match crate::resolve::alias(f) {
            Some((name, _)) => {
                Node::Obj(vec![("Fn::Join", Node::Arr(vec![Node::str(":"), Node::Arr(vec![arn, Node::str(name)])]))])
            }
            None => arn,
        }
    }

    /// The alias resource a function's events depend on, if it has one.
    pub fn alias_id(&self, fn_key: &str, f: &Function) -> Option<String> {
        crate::resolve::alias_id(fn_key, f)
    }

    /// `DependsOn` of an event source mapping: the role the function uses, when it is a
    /// resource of this template.
    pub fn mapping_depends_on(&self, fn_key: &str, f: &Function) -> Vec<Value> {
        self.r
            .role_resource(f)
            .map(|id| vec![Value::String(id)])
            .unwrap_or_default()
            .into_iter()
            .chain(self.alias_id(fn_key, f).map(Value::String))
            .collect()
    }

    /// [`Ctx::mapping_depends_on`] as a [`Node`].
    pub fn mapping_depends_on_node(&self, fn_key: &str, f: &Function) -> Node<'a> {
        let ids = self.r.role_resource(f).into_iter().chain(self.alias_id(fn_key, f));
        Node::Arr(ids.map(Node::string).collect())
    }
}

/// `FilterCriteria` of an event source mapping: each pattern as compact JSON text.
pub(crate) fn filter_criteria(patterns: &[Value]) -> Value {
    let filters: Vec<Value> =
        patterns.iter().map(|p| json!({ "Pattern": crate::json::to_compact_string(p) })).collect();
    json!({ "Filters": filters })
}

/// Reports settings of the wrong shape: `expected` describes what is allowed.
pub(crate) fn shape_error(l: &mut Loader, path: &str, expected: &str, found: &Value) {
    l.error(codes::CONFIG_INVALID_VALUE, path, format!("expected {expected}, found {}", describe(found)));
}

/// An object's settings, or a type error.
pub(crate) fn object<'v>(l: &mut Loader, v: &'v Value, path: &str) -> Option<&'v Map<String, Value>> {
    let map = v.as_object();
    if map.is_none() {
        shape_error(l, path, "an object", v);
    }
    map
}
