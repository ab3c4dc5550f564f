//! The stable-Rust fuzz fallback: replays the corpus (every public and events conformance
//! `serverless.json`, the cargo-fuzz seed corpus in `fuzz/corpus/`, hand-written edge cases and
//! generated services with one event of every type on every function), then runs
//! `STACKWRIGHT_FUZZ_ITERATIONS` (default 100 000) seeded random byte-level and structure-level
//! mutations of them through `Service::from_json_str` and, when that succeeds, `synth()`.
//!
//! Requirements checked: no panic (each input runs under `catch_unwind`, the input is printed), no
//! hang (a watchdog fails the test when one input takes longer than `PER_INPUT_LIMIT`), no stack
//! overflow (deep nesting is part of the mutations; an overflow would abort the test binary), and
//! every template that does come out satisfies the template invariants.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use stackwright::{Artifact, Service};

use crate::conformance_suite;
use crate::generate::{self, Rng};
use crate::generate_events;

/// Longest any one input may take (debug build, shared CI machine): generous, a hang is forever.
const PER_INPUT_LIMIT: Duration = Duration::from_secs(20);
pub const SHA: &str = "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U=";

fn corpus() -> Vec<String> {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    let mut out = Vec::new();
    for dir in conformance_suite::suite_dir()
        .into_iter()
        .chain(conformance_suite::events_suite_dir())
        .chain([root.join("fuzz/corpus/load_json"), root.join("core/tests/data/plugins")])
    {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            let file = if p.is_dir() { p.join("serverless.json") } else { p };
            if let Ok(text) = std::fs::read_to_string(&file) {
                out.push(text);
            }
        }
    }
    out.extend(edge_cases());
    out.extend(every_event_services());
    out
}

/// Generated services with one event of every type on every function, as serverless.json text:
/// mutation bases in which every event type's loader, rules and compiler are reached.
fn every_event_services() -> Vec<String> {
    let mut rng = Rng::new(crate::base_seed() ^ 0xf0e7);
    (0..8)
        .map(|_| {
            let g = generate::service_with_every_event(rng.next_u64(), 2);
            let mut v = serde_json::to_value(g.service.config()).expect("model serializes");
            v["provider"]["name"] = "aws".into();
            v.to_string()
        })
        .collect()
}

/// Inputs aimed at the parser's and loader's limits.
pub fn edge_cases() -> Vec<String> {
    let deep = |open: &str, close: &str, n: usize| format!("{}{}", open.repeat(n), close.repeat(n));
    let intrinsic_chain = |n: usize| {
        let mut v = "\"x\"".to_string();
        for _ in 0..n {
            v = format!("{{\"Fn::Base64\": {v}}}");
        }
        v
    };
    let cp_fn = |cp: &str| {
        format!(
            r#"{{"service":"s1","provider":{{"name":"aws","runtime":"nodejs24.x","vpc":{{"subnetIds":["subnet-1"],"securityGroupIds":["sg-1"]}}}},"package":{{"artifact":"a.zip"}},"functions":{{"f":{{"handler":"h.h","capacityProvider":{cp}}}}}}}"#
        )
    };
    vec![
        String::new(),
        "null".into(),
        "{}".into(),
        deep("[", "]", 127),
        deep("[", "]", 128),
        deep("[", "]", 100_000),
        deep("{\"a\":", "}", 5_000),
        cp_fn(&intrinsic_chain(120)),
        cp_fn(&intrinsic_chain(126)),
        cp_fn(&intrinsic_chain(127)),
        cp_fn(&intrinsic_chain(500)),
        cp_fn(r#"{"name": "default", "Ref": "X"}"#),
        cp_fn(r#"{"Fn::GetAtt": "a."}"#),
        cp_fn(r#"{"Fn::Sub": ["${", {}]}"#),
        cp_fn(r#"{"name": {"Fn::If": ["C", {"Fn::Select": [1e400, []]}, null]}}"#),
        cp_fn(r#""arn:""#),
        cp_fn(r#"{"name": "default", "memoryPerVCpu": 1e308, "maxConcurrency": -1, "scaling": {"min": 18446744073709551616}}"#),
        r#"{"service":"\ud800","provider":{"name":"aws"}}"#.into(),
        r#"{"service":"s","provider":{"name":"aws","memorySize":"1e3","timeout":" 4294967296 "},"functions":{"f":{"handler":"h"}}}"#.into(),
        format!(r#"{{"service":"{}","provider":{{"name":"aws"}}}}"#, "s".repeat(100_000)),
    ]
}

const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    ":",
    ",",
    "null",
    "true",
    "false",
    "-1",
    "0",
    "1e999",
    "-0.0",
    "4294967296",
    "\"Ref\"",
    "\"Fn::GetAtt\"",
    "\"Fn::Sub\"",
    "\"Fn::If\"",
    "\"${\"",
    "\\u0000",
    "\\ud800",
    "\"default\"",
    "\"arn:\"",
    "é",
];

/// A key of [`KEYS`] or an event type name, uniformly.
fn random_key(r: &mut Rng) -> &'static str {
    let i = r.below(KEYS.len() + generate_events::TYPES.len());
    KEYS.get(i).copied().unwrap_or_else(|| generate_events::TYPES[i - KEYS.len()])
}

const KEYS: &[&str] = &[
    "service",
    "provider",
    "functions",
    "capacityProvider",
    "capacityProviders",
    "name",
    "memorySize",
    "timeout",
    "memoryPerVCpu",
    "maxConcurrency",
    "scaling",
    "min",
    "max",
    "mode",
    "policies",
    "vpc",
    "subnetIds",
    "securityGroupIds",
    "instanceRequirements",
    "architectures",
    "runtime",
    "handler",
    "image",
    "environment",
    "resources",
    "Resources",
    "Outputs",
    "Ref",
    "Fn::GetAtt",
    "Fn::Sub",
    "Fn::If",
    "Fn::Join",
    "permissions",
    "operatorRole",
    "kmsKeyArn",
    "package",
    "artifact",
    "provisionedConcurrency",
    "fileSystemConfig",
    "stage",
    "region",
    "versionFunctions",
    "deploymentBucket",
    "Type",
    "Properties",
    "Condition",
    "DependsOn",
    // Events: the list and the settings most types share (the type names: `random_key`).
    "events",
    "arn",
    "path",
    "method",
    "route",
    "authorizer",
    "authorizers",
    "cors",
    "rate",
    "pattern",
    "bucket",
    "existing",
    "topicName",
    "listenerArn",
    "priority",
    "conditions",
    "batchSize",
    "startingPosition",
    "logGroup",
    "input",
    "inputPath",
    "eventBus",
    "pool",
    "trigger",
];

fn random_value(r: &mut Rng, depth: u32) -> Value {
    match r.below(if depth > 3 { 7 } else { 10 }) {
        0 => Value::Null,
        1 => Value::Bool(r.chance(50)),
        2 => json!(*r.pick(&[0i64, -1, 1, 2, 4, 8, 128, 2048, 15000, 4_294_967_295, 4_294_967_296, i64::MIN])),
        3 => json!(*r.pick(&[0.5, -0.0, 1e308, 70.0, 100.000001, f64::MIN_POSITIVE])),
        4 => Value::String(
            r.pick(&[
                "",
                "default",
                "arn:aws:lambda:us-east-1:123456789012:capacity-provider:x",
                "${AWS::Region}",
                "é",
                "a-b_c",
                "nodejs24.x",
                "manual",
                "arm64",
                "x86_64",
            ])
            .to_string(),
        ),
        5 => Value::String("x".repeat(r.range(0, 5000) as usize)),
        6 => Value::String(random_key(r).to_string()),
        7 => Value::Array((0..r.range(0, 3)).map(|_| random_value(r, depth + 1)).collect()),
        8 => {
            let mut m = serde_json::Map::new();
            for _ in 0..r.range(0, 3) {
                m.insert(random_key(r).to_string(), random_value(r, depth + 1));
            }
            Value::Object(m)
        }
        _ => {
            let name = *r.pick(&["Ref", "Fn::GetAtt", "Fn::Sub", "Fn::If", "Fn::Join", "Fn::Select", "Fn::Base64"]);
            object(name, random_value(r, depth + 1))
        }
    }
}

/// `{key: value}` without `json!`, which would copy `value` (quadratic when nesting).
fn object(key: &str, value: Value) -> Value {
    let mut m = serde_json::Map::new();
    m.insert(key.into(), value);
    Value::Object(m)
}

/// A random node of `v` (by a random path), to be replaced in place.
fn random_node<'a>(v: &'a mut Value, r: &mut Rng) -> &'a mut Value {
    let mut cur = v;
    loop {
        let len = match &*cur {
            Value::Object(m) => m.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        };
        if len == 0 || r.chance(25) {
            return cur;
        }
        let i = r.below(len);
        cur = match cur {
            Value::Object(m) => m.values_mut().nth(i).unwrap(),
            Value::Array(a) => &mut a[i],
            _ => unreachable!(),
        };
    }
}

fn mutate_structure(text: &str, r: &mut Rng) -> Option<String> {
    let mut v: Value = serde_json::from_str(text).ok()?;
    for _ in 0..r.range(1, 4) {
        let node = random_node(&mut v, r);
        match r.below(6) {
            0 => *node = random_value(r, 0),
            1 => {
                if let Value::Object(m) = node {
                    m.insert(random_key(r).to_string(), random_value(r, 0));
                }
            }
            2 => {
                if let Value::Object(m) = node
                    && !m.is_empty()
                {
                    let k = m.keys().nth(r.below(m.len())).unwrap().clone();
                    m.shift_remove(&k);
                }
            }
            3 => {
                // Nest the node in intrinsics or arrays, sometimes past the 128-level limit.
                let depth = *r.pick(&[1u32, 5, 60, 126, 127, 200]);
                for _ in 0..depth {
                    let inner = node.take();
                    *node = if r.chance(50) { object("Fn::Base64", inner) } else { Value::Array(vec![inner]) };
                }
            }
            4 => {
                let mut mixed = serde_json::Map::new();
                mixed.insert("name".into(), node.take());
                mixed.insert("Ref".into(), "X".into());
                *node = Value::Object(mixed);
            }
            _ => {
                // Type confusion: a number where a string was and so on.
                *node = match node.take() {
                    Value::String(s) => s.parse::<f64>().map(|f| json!(f)).unwrap_or_else(|_| json!([s])),
                    Value::Number(n) => Value::String(n.to_string()),
                    Value::Bool(b) => Value::String(b.to_string()),
                    other => Value::String(other.to_string()),
                };
            }
        }
    }
    Some(v.to_string())
}

/// Every artifact of `svc` given a fixed hash instead of a file, and a fixed build time: the
/// template without reading zips.
pub fn with_hashed_artifacts(svc: &mut Service) {
    if let Some(a) = &mut svc.config_mut().package.artifact {
        *a = Artifact::with_sha256(a.path.clone(), SHA);
    }
    for f in svc.config_mut().functions.values_mut() {
        if let Some(a) = &mut f.package.artifact {
            *a = Artifact::with_sha256(a.path.clone(), SHA);
        }
    }
    for layer in svc.config_mut().layers.values_mut() {
        if let Some(a) = &mut layer.package.artifact {
            *a = Artifact::with_sha256(a.path.clone(), SHA);
        }
    }
    svc.build_time_millis(generate::BUILD_TIME);
}

/// Loads `input`; on success synthesizes it with hashed artifacts and checks the template.
pub fn run_one(input: &str) -> Result<bool, String> {
    let Ok(mut svc) = Service::from_json_str(input) else { return Ok(false) };
    with_hashed_artifacts(&mut svc);
    match svc.synth() {
        Ok(t) => {
            let user: Vec<&str> = svc.config().resources.resources.keys().map(String::as_str).collect();
            crate::checks::template_invariants_except(&t, &user).map(|_| true)
        }
        Err(_) => Ok(false),
    }
}

#[test]
fn fuzz_replay_finds_no_panic_hang_or_overflow() {
    let corpus = corpus();
    assert!(corpus.len() > 20, "corpus too small: {}", corpus.len());
    let iterations = crate::env_usize("STACKWRIGHT_FUZZ_ITERATIONS", 100_000);
    let workers = 2;
    let (tx, rx) = mpsc::channel::<(usize, Duration)>();
    let started = Instant::now();
    let handles: Vec<_> = (0..workers)
        .map(|w| {
            let tx = tx.clone();
            let corpus = corpus.clone();
            std::thread::spawn(move || -> Result<(usize, usize), String> {
                let mut r = Rng::new(crate::base_seed() ^ (0xf022 + w as u64));
                let (mut synthesized, mut mutated_ok) = (0, 0);
                let replay: Vec<String> = if w == 0 { corpus.clone() } else { vec![] };
                // The huge edge cases are replayed once; as mutation bases they would only slow
                // the loop down (the mutations nest and lengthen inputs themselves).
                let corpus: Vec<String> = corpus.into_iter().filter(|c| c.len() < 20_000).collect();
                let total = replay.len() + iterations / workers;
                for i in 0..total {
                    let input = match replay.get(i) {
                        Some(c) => c.clone(),
                        None => {
                            let base = r.pick(&corpus).clone();
                            let other = r.pick(&corpus).clone();
                            match r.below(2) {
                                0 => {
                                    mutate_structure(&base, &mut r).inspect(|_| mutated_ok += 1).unwrap_or_else(|| {
                                        String::from_utf8_lossy(&crate::fuzz::mutate_bytes(
                                            &base,
                                            &other,
                                            &[TOKENS],
                                            &mut r,
                                        ))
                                        .into_owned()
                                    })
                                }
                                _ => String::from_utf8_lossy(&crate::fuzz::mutate_bytes(
                                    &base,
                                    &other,
                                    &[TOKENS],
                                    &mut r,
                                ))
                                .into_owned(),
                            }
                        }
                    };
                    let t = Instant::now();
                    let outcome = catch_unwind(AssertUnwindSafe(|| run_one(&input)));
                    let shown: String = input.chars().take(2000).collect();
                    match outcome {
                        Ok(Ok(ok)) => synthesized += usize::from(ok),
                        Ok(Err(why)) => return Err(format!("invalid template ({why}) from input:\n{shown}")),
                        Err(_) => return Err(format!("panic on input:\n{shown}")),
                    }
                    let _ = tx.send((i, t.elapsed()));
                    if t.elapsed() > PER_INPUT_LIMIT {
                        return Err(format!("input took {:?}:\n{shown}", t.elapsed()));
                    }
                }
                Ok((total, synthesized))
            })
        })
        .collect();
    drop(tx);
    // Watchdog: some worker must report progress at least every PER_INPUT_LIMIT.
    let mut slowest = Duration::ZERO;
    loop {
        match rx.recv_timeout(PER_INPUT_LIMIT * 2) {
            Ok((_, d)) => slowest = slowest.max(d),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                panic!("fuzz replay: an input hangs (no progress for {:?})", PER_INPUT_LIMIT * 2)
            }
        }
    }
    let (mut runs, mut synthesized) = (0, 0);
    for h in handles {
        let (n, s) = h.join().expect("worker thread").unwrap_or_else(|e| panic!("fuzz replay: {e}"));
        runs += n;
        synthesized += s;
    }
    eprintln!(
        "fuzz replay: {runs} inputs ({} corpus, {iterations} mutations), {synthesized} synthesized, slowest input {slowest:?}, {:?} total",
        corpus.len(),
        started.elapsed()
    );
}

/// The every-event bases load and synthesize as they are (a base the loader rejects would only
/// exercise its errors), and are small enough to be mutation bases.
#[test]
fn every_event_corpus_synthesizes() {
    for input in every_event_services() {
        assert!(input.len() < 20_000, "every-event base of {} bytes is no mutation base", input.len());
        assert_eq!(run_one(&input), Ok(true), "every-event base rejected:\n{input}");
    }
}

/// Front ends other than JSON text (a YAML loader, the `service!` macro) hand `from_value` a
/// tree serde_json's 128-level parse limit never saw: deep trees must be rejected with a clear
/// error, not overflow the stack (on the 2 MB stack of a test thread).
#[test]
fn deep_trees_from_other_front_ends_are_rejected() {
    let nest = |depth: usize| {
        let mut deep = Value::String("x".into());
        for _ in 0..depth {
            deep = Value::Array(vec![deep]);
        }
        deep
    };
    let depths: Vec<usize> = std::env::var("DEEP").map_or(vec![129, 1_000, 20_000], |d| vec![d.parse().unwrap()]);
    for depth in depths {
        // Built by hand: `json!` would copy the deep parts recursively itself.
        let mut config = json!({
            "service": "svc",
            "provider": {"name": "aws"},
            "functions": {"f": {"handler": "h.h", "environment": {}}},
            "resources": {"Resources": {"Deep": {"Type": "AWS::SNS::Topic"}}}
        });
        config["functions"]["f"]["environment"]["DEEP"] =
            object("Fn::Join", Value::Array(vec!["".into(), nest(depth)]));
        config["resources"]["Resources"]["Deep"]["Metadata"] = nest(depth);
        let err = Service::from_value(&config).expect_err("deep trees are rejected");
        assert!(err.to_string().contains("nesting deeper than 128 levels"), "depth {depth}: {err}");
        // Dropping a 20 000-level tree recurses too; leak it instead (test-only).
        std::mem::forget(config);

        // The same tree put into the model directly (builder path).
        let mut svc = Service::new("svc");
        svc.resources().resources.insert("Deep".into(), object("Metadata", nest(depth)));
        let err = svc.synth().expect_err("deep trees are rejected");
        assert_eq!(err.errors().next().unwrap().path, "resources.Resources.Deep");
        assert!(err.to_string().contains("nesting deeper than 128 levels"), "depth {depth}: {err}");
        std::mem::forget(svc);
    }
}
