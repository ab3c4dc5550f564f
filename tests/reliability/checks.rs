//! Invariants every synthesized template must satisfy, independent of how it was built.

use serde_json::Value;
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
    // Events: an HTTP API (API and stage) for all routes, a permission and an integration per
    // function with routes and a route each; an event source mapping per SQS queue of a function.
    let mut routes = 0;
    for f in c.functions.values() {
        let http: usize = f.events.iter().filter(|e| e.kind == "httpApi").count();
        if http > 0 {
            routes += http;
            count += 2 + http;
        }
        let mut queues: Vec<&serde_json::Value> =
            f.events.iter().filter(|e| e.kind == "sqs").map(|e| &e.config["arn"]).collect();
        queues.dedup();
        count += queues.len();
    }
    if routes > 0 {
        count += 2;
    }
    count + c.resources.resources.len()
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
