//! Invariants every synthesized template must satisfy, independent of how it was built.

use std::collections::BTreeSet;

use serde_json::Value;
use stackwright::model::ServiceConfig as Config;
use stackwright::{Service, Template};

/// `Ref` targets every template has.
pub const PSEUDO_PARAMETERS: &[&str] = &[
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

/// Warnings a valid service may carry.
pub const ALLOWED_WARNINGS: &[&str] =
    &["LAMBDA_CAPACITY_PROVIDER_UNUSED", "LAMBDA_MANAGED_INSTANCES_VERSIONS_DISABLED", "LAMBDA_DEPRECATED_RUNTIME"];

fn is_name_chars(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Every `Ref`, `Fn::GetAtt`, `Fn::Sub` placeholder and `DependsOn` points at a resource, a
/// parameter or a pseudo parameter; logical IDs are alphanumeric and at most 255 characters;
/// CloudFormation's limits hold; Lambda's name and range limits hold on what was emitted.
pub fn template_invariants(t: &Template) -> Result<(), String> {
    template_invariants_except(t, &[])
}

/// [`template_invariants`], without the per-resource property checks on `user` resources (the
/// user's own CloudFormation under `resources`, which stackwright passes through as written).
pub fn template_invariants_except(t: &Template, user: &[&str]) -> Result<(), String> {
    let v = t.as_json();
    let resources = v["Resources"].as_object().ok_or("no Resources")?;
    let outputs = v["Outputs"].as_object().ok_or("no Outputs")?;
    let params = v.get("Parameters").and_then(Value::as_object);
    let known = |n: &str| {
        resources.contains_key(n) || params.is_some_and(|p| p.contains_key(n)) || PSEUDO_PARAMETERS.contains(&n)
    };
    for id in resources.keys().chain(outputs.keys()) {
        if id.is_empty() || id.len() > 255 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(format!("invalid logical ID {id:?}"));
        }
    }
    if resources.len() > 500 || outputs.len() > 200 || t.json().len() > 1_000_000 {
        return Err(format!(
            "limits: {} resources, {} outputs, {} bytes",
            resources.len(),
            outputs.len(),
            t.json().len()
        ));
    }
    let mut problems = Vec::new();
    walk(v, &mut |node| {
        let Some(map) = node.as_object() else { return };
        if map.len() != 1 {
            return;
        }
        let (k, arg) = map.iter().next().unwrap();
        match (k.as_str(), arg) {
            ("Ref", Value::String(n)) if !known(n) => problems.push(format!("Ref {n}")),
            ("Fn::GetAtt", Value::Array(a)) => match a.first().and_then(Value::as_str) {
                Some(n) if resources.contains_key(n) => {}
                _ => problems.push(format!("GetAtt {a:?}")),
            },
            ("Fn::GetAtt", other) if !other.is_array() => problems.push(format!("GetAtt not in list form: {other}")),
            ("Fn::Sub", arg) => {
                let (s, vars) = match arg {
                    Value::String(s) => (s.as_str(), None),
                    Value::Array(a) => (a[0].as_str().unwrap_or_default(), a.get(1).and_then(Value::as_object)),
                    _ => ("", None),
                };
                for p in placeholders(s) {
                    if vars.is_some_and(|v| v.contains_key(p)) {
                        continue;
                    }
                    let target = p.split_once('.').map_or(p, |(r, _)| r);
                    let ok = if p.contains('.') { resources.contains_key(target) } else { known(target) };
                    if !ok {
                        problems.push(format!("Fn::Sub ${{{p}}}"));
                    }
                }
            }
            _ => {}
        }
    });
    for (id, r) in resources {
        let deps: Vec<&str> = match r.get("DependsOn") {
            Some(Value::String(d)) => vec![d.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        for d in deps {
            if !resources.contains_key(d) {
                problems.push(format!("{id} DependsOn {d}"));
            }
        }
        let props = &r["Properties"];
        if user.contains(&id.as_str()) {
            continue;
        }
        match r["Type"].as_str() {
            Some("AWS::Lambda::Function") => {
                let cp = props.get("CapacityProviderConfig");
                if props.get("FunctionScalingConfig").is_some() && cp.is_none() {
                    problems.push(format!("{id}: FunctionScalingConfig without CapacityProviderConfig"));
                }
                if cp.is_some() && props.get("VpcConfig").is_some() {
                    problems.push(format!("{id}: VpcConfig on a capacity-provider function"));
                }
                if let Some(name) = props["FunctionName"].as_str()
                    && (name.len() > 64 || !is_name_chars(name))
                {
                    problems.push(format!("{id}: FunctionName {name:?}"));
                }
                let memory = props["MemorySize"].as_u64().unwrap_or(0);
                let timeout = props["Timeout"].as_u64().unwrap_or(0);
                let (mem_range, max_timeout) = if cp.is_some() { (2048..=32768, 5400) } else { (128..=10240, 900) };
                if !mem_range.contains(&memory) || !(1..=max_timeout).contains(&timeout) {
                    problems.push(format!("{id}: MemorySize {memory}, Timeout {timeout}"));
                }
                if let Some(arn) = cp.map(|c| &c["LambdaManagedInstancesCapacityProviderConfig"]["CapacityProviderArn"])
                    && let Some(att) = arn.get("Fn::GetAtt")
                {
                    let target = &resources[att[0].as_str().unwrap_or_default()];
                    if target["Type"] != "AWS::Lambda::CapacityProvider" || att[1] != "Arn" {
                        problems.push(format!("{id}: CapacityProviderArn {arn}"));
                    }
                }
            }
            Some("AWS::Lambda::CapacityProvider") => {
                if let Some(name) = props["CapacityProviderName"].as_str()
                    && (name.len() > 140 || !is_name_chars(name))
                {
                    problems.push(format!("{id}: CapacityProviderName {name:?}"));
                }
            }
            _ => {}
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("; ")) }
}

/// The resources a service should produce, counted from its model: synthesis must not silently
/// drop or overwrite any (two IDs colliding would show up as one resource too few).
pub fn expected_resource_count(svc: &Service) -> usize {
    let c = svc.config();
    let p = &c.provider;
    let n = c.functions.len();
    let versioned = |f: &stackwright::Function| f.version_function.or(p.version_functions).unwrap_or(true);
    let uses_default = c.functions.values().any(|f| match &f.capacity_provider {
        Some(stackwright::CapacityProviderRef::Name(n)) => n == "default",
        Some(stackwright::CapacityProviderRef::Config(cfg)) => {
            cfg.name.as_ref().and_then(|e| e.as_str()) == Some("default")
        }
        _ => false,
    });
    let auto_default = uses_default && !p.capacity_providers.contains_key("default");
    let cps = p.capacity_providers.len() + usize::from(auto_default);
    let shared_role = auto_default || p.capacity_providers.values().any(|cp| cp.operator_role.is_none());
    let mut count = if p.deployment_bucket.is_some() { 0 } else { 2 };
    count += 2 * n + usize::from(n > 0) + usize::from(shared_role) + cps;
    for f in c.functions.values() {
        count += usize::from(versioned(f) || f.provisioned_concurrency.is_some());
        count += usize::from(f.provisioned_concurrency.is_some_and(|p| p > 0));
        // A URL: the URL, and two permissions unless it requires IAM.
        if let Some(url) = &f.url {
            count += if url.get("authorizer").and_then(|a| a.as_str()) == Some("aws_iam") { 1 } else { 3 };
        }
        let async_config =
            f.destinations.is_some() || f.maximum_event_age.is_some() || f.maximum_retry_attempts.is_some();
        count += usize::from(async_config);
    }
    // A layer version and one permission per allowed account.
    count += c.layers.values().map(|l| 1 + l.allowed_accounts.as_ref().map_or(0, Vec::len)).sum::<usize>();
    count + event_resource_count(c) + c.resources.resources.len()
}

/// The resources of every function's events (serverless-events.md, section per type), counted
/// from the model: one per distinct thing (route, rule, mapping, bucket, topic, ...), once for
/// what a type shares (its API, a permission per function and API, a target group per function
/// and listener, the custom-resource helpers).
fn event_resource_count(c: &Config) -> usize {
    let events = |kind: &'static str| {
        c.functions
            .iter()
            .flat_map(move |(key, f)| f.events.iter().filter(move |e| e.kind == kind).map(move |e| (key, &e.config)))
    };
    let str_of = |v: &Value| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
    let distinct = |items: Vec<String>| items.into_iter().collect::<BTreeSet<_>>().len();
    let fns_with = |kind: &'static str| distinct(events(kind).map(|(k, _)| k.clone()).collect());
    let mut count = 0;

    // httpApi: the API and its stage, an integration and a permission per function, a route per
    // event, an authorizer per provider entry (and a permission per request authorizer).
    let routes = events("httpApi").count();
    if routes > 0 {
        count += 2 + 2 * fns_with("httpApi") + routes;
        if let Some(Value::Object(a)) = c.provider.apis.get("httpApi").and_then(|h| h.get("authorizers")) {
            count += a.len() + a.values().filter(|a| a["type"] == "request").count();
        }
    }

    // http (REST): the API and its deployment, a resource per path prefix, a method per event, an
    // OPTIONS method per path with CORS, a permission per function, an authorizer per name (and
    // a permission per Lambda authorizer), the request validator when a parameter is required.
    let rest: Vec<(&String, String, &Value)> = events("http")
        .map(|(k, e)| match e {
            Value::String(s) => (k, s.split_once(' ').map_or("", |(_, p)| p).trim_matches('/').to_string(), e),
            _ => (k, str_of(&e["path"]).trim_matches('/').to_string(), e),
        })
        .collect();
    if !rest.is_empty() {
        let mut prefixes = BTreeSet::new();
        for (_, path, _) in &rest {
            let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
            for n in 1..=parts.len() {
                prefixes.insert(parts[..n].join("/"));
            }
        }
        let cors =
            distinct(rest.iter().filter(|(_, _, e)| e.get("cors").is_some()).map(|(_, p, _)| p.clone()).collect());
        let authorizers: Vec<&Value> =
            rest.iter().filter_map(|(_, _, e)| e.get("authorizer")).filter(|a| a.is_object()).collect();
        let lambda_authorizers = authorizers
            .iter()
            .filter(|a| !str_of(&a["arn"]).contains(":cognito-idp:"))
            .map(|a| str_of(&a["name"]))
            .collect();
        let required = |e: &Value| {
            e.pointer("/request/parameters").and_then(Value::as_object).is_some_and(|locations| {
                locations.values().filter_map(Value::as_object).flat_map(|m| m.values()).any(|r| r == true)
            })
        };
        count += 2 + prefixes.len() + rest.len() + cors + fns_with("http");
        count += distinct(authorizers.iter().map(|a| str_of(&a["name"])).collect()) + distinct(lambda_authorizers);
        count += usize::from(rest.iter().any(|(_, _, e)| required(e)));
    }

    // websocket: the API, its stage and deployment, an integration and a permission per
    // function, a route (and route response) per event, an authorizer and its permission.
    let ws: Vec<&Value> = events("websocket").map(|(_, e)| e).collect();
    if !ws.is_empty() {
        let authorizers = distinct(ws.iter().filter_map(|e| e.get("authorizer")).map(str_of).collect());
        let responses = ws.iter().filter(|e| e.get("routeResponseSelectionExpression").is_some()).count();
        count += 3 + 2 * fns_with("websocket") + ws.len() + responses + 2 * authorizers;
    }

    // alb: a target group per function and header mode, a listener rule per event, two
    // permissions per function.
    let target_groups = distinct(
        events("alb")
            .map(|(k, e)| format!("{k} {} {}", str_of(&e["listenerArn"]), e["multiValueHeaders"] == true))
            .collect(),
    );
    count += target_groups + events("alb").count() + 2 * fns_with("alb");

    // schedule: a rule and a permission per expression (a scheduler schedule alone).
    for (_, e) in events("schedule") {
        let rates = e.get("rate").and_then(Value::as_array).map_or(1, Vec::len);
        count += rates * if e["method"] == "scheduler" { 1 } else { 2 };
    }

    // sns: a topic per new topic name, a permission per function and topic, a subscription per
    // existing topic (or with a filter or redrive policy).
    let mut topics = BTreeSet::new();
    let mut subscriptions = BTreeSet::new();
    let mut sns_permissions = BTreeSet::new();
    for (k, e) in events("sns") {
        let arn = match e {
            Value::String(s) => s.starts_with("arn:").then_some(s.clone()),
            _ => e.get("arn").map(str_of),
        };
        let name = match e {
            Value::String(s) => s.rsplit(':').next().unwrap_or_default().to_string(),
            _ => e
                .get("topicName")
                .map(str_of)
                .unwrap_or_else(|| str_of(&e["arn"]).rsplit(':').next().unwrap().to_string()),
        };
        if arn.is_none() {
            topics.insert(name.clone());
        }
        if arn.is_some() || e.get("filterPolicy").is_some() || e.get("redrivePolicy").is_some() {
            subscriptions.insert(format!("{k} {name}"));
        }
        sns_permissions.insert(format!("{k} {name}"));
    }
    count += topics.len() + subscriptions.len() + sns_permissions.len();

    // Event source mappings: one per queue of a function (two events on one queue merge), one
    // per stream (and a consumer when asked for), broker queue, Kafka and MSK topic.
    let queue = |e: &Value| if e.is_string() { str_of(e) } else { str_of(&e["arn"]) };
    count += distinct(events("sqs").map(|(k, e)| format!("{k} {}", queue(e))).collect());
    count += events("stream").map(|(_, e)| 1 + usize::from(e["consumer"] == true)).sum::<usize>();
    count += ["kafka", "msk", "activemq", "rabbitmq"].iter().map(|kind| events(kind).count()).sum::<usize>();

    // s3: a bucket per new bucket and a permission per function and bucket; a custom resource per
    // function with existing buckets.
    let (existing_s3, new_s3): (Vec<_>, Vec<_>) = events("s3").partition(|(_, e)| e["existing"] == true);
    let bucket = |e: &Value| if e.is_string() { str_of(e) } else { str_of(&e["bucket"]) };
    count += distinct(new_s3.iter().map(|(_, e)| bucket(e)).collect());
    count += distinct(new_s3.iter().map(|(k, e)| format!("{k} {}", bucket(e))).collect());
    count += distinct(existing_s3.iter().map(|(k, _)| k.to_string()).collect());

    // eventBridge: a rule and a permission per event, a bus per new bus name.
    count += 2 * events("eventBridge").count();
    count += distinct(
        events("eventBridge")
            .filter_map(|(_, e)| e.get("eventBus").and_then(Value::as_str))
            .filter(|b| !b.starts_with("arn:") && *b != "default")
            .map(str::to_string)
            .collect(),
    );
    // cloudwatchEvent and iot: a rule and a permission each; alexa: a permission each;
    // cloudwatchLog: a subscription filter each and a permission per function.
    count += 2 * (events("cloudwatchEvent").count() + events("iot").count());
    count += events("alexaSkill").count() + events("alexaSmartHome").count();
    count += events("cloudwatchLog").count() + fns_with("cloudwatchLog");

    // cognitoUserPool: a pool per new pool name and a permission per function, pool and trigger;
    // a custom resource per function with an existing pool.
    let (existing_pools, new_pools): (Vec<_>, Vec<_>) =
        events("cognitoUserPool").partition(|(_, e)| e["existing"] == true);
    count += distinct(new_pools.iter().map(|(_, e)| str_of(&e["pool"])).collect());
    count += distinct(
        new_pools.iter().map(|(k, e)| format!("{k} {} {}", str_of(&e["pool"]), str_of(&e["trigger"]))).collect(),
    );
    count += distinct(existing_pools.iter().map(|(k, _)| k.to_string()).collect());

    // The custom-resource helpers: one role, a function and its log group per helper.
    let helpers = usize::from(!existing_s3.is_empty()) + usize::from(!existing_pools.is_empty());
    count += usize::from(helpers > 0) + 2 * helpers;
    count
}

/// Calls `f` on every node of `v`.
pub fn walk(v: &Value, f: &mut dyn FnMut(&Value)) {
    f(v);
    match v {
        Value::Object(m) => m.values().for_each(|c| walk(c, f)),
        Value::Array(a) => a.iter().for_each(|c| walk(c, f)),
        _ => {}
    }
}

/// `${...}` placeholders of an `Fn::Sub` template, without `${!...}` literals.
pub fn placeholders(s: &str) -> Vec<&str> {
    s.split("${")
        .skip(1)
        .filter_map(|rest| {
            let end = rest.find('}')?;
            let name = rest[..end].trim();
            (!name.starts_with('!') && !name.is_empty()).then_some(name)
        })
        .collect()
}
