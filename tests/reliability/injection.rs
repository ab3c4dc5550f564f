//! Injection and escaping: every user string that reaches the template (names, values, paths)
//! gets hostile payloads (`${...}` placeholders, quotes, backslashes, unicode, control
//! characters, very long strings). Each is either rejected with an error diagnostic, or emitted
//! safely: the JSON text parses back to the same value, the payload never lands inside an
//! `Fn::Sub` template (where `${...}` would be substituted) and the template invariants hold.
//! The accepted templates also go through cfn-lint (see `cfn_lint.rs`).

use serde_json::Value;
use stackwright::*;

use crate::checks;

const LOG_ARN: &str = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:";

/// Hostile payloads.
pub const PAYLOADS: &[&str] = &[
    "${AWS::AccountId}",
    "x${Other}y",
    "a\"b",
    "a'b",
    "back\\slash",
    "日本語-ñ",
    "emoji🚀",
    "line\nbreak",
    "nul\u{0}byte",
    "a b",
    "a/b:c*",
    "",
];

fn long() -> String {
    "L".repeat(5000)
}

/// A small valid service touching every generated resource kind.
pub fn base() -> Service {
    let mut svc = Service::new("inject-svc");
    svc.build_time_millis(crate::generate::BUILD_TIME);
    svc.provider().runtime(Runtime::Nodejs24x).vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
    svc.package_artifact(Artifact::with_sha256("dist/app.zip", "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U="));
    let pool = svc.capacity_provider("pool", CapacityProvider::new());
    svc.function("onCp", Function::handler("index.cp").capacity_provider(&pool));
    svc.function("plain", Function::handler("index.plain"));
    svc
}

type Field = (&'static str, fn(&mut Service, &str));

/// Every place a user string reaches the template.
pub const FIELDS: &[Field] = &[
    ("service", |s, p| s.config_mut().service = format!("svc{p}")),
    ("provider.stage", |s, p| s.provider().stage = Some(p.to_string())),
    ("provider.region", |s, p| s.provider().region = Some(p.to_string())),
    ("provider.deploymentBucket", |s, p| s.provider().deployment_bucket = Some(format!("bucket{p}"))),
    ("function key", |s, p| {
        let f = s.config_mut().functions.shift_remove("plain").unwrap();
        s.function(format!("fn{p}"), f);
    }),
    ("functions.plain.name", |s, p| fn_mut(s).name = Some(format!("fn{p}"))),
    ("functions.plain.description", |s, p| fn_mut(s).description = Some(p.to_string())),
    ("functions.plain.handler", |s, p| fn_mut(s).handler = Some(format!("index.{p}"))),
    ("functions.plain.environment value", |s, p| {
        fn_mut(s).environment.get_or_insert_with(Default::default).insert("VALUE".into(), Some(p.into()));
    }),
    ("functions.plain.environment name", |s, p| {
        fn_mut(s).environment.get_or_insert_with(Default::default).insert(format!("NAME{p}"), Some("v".into()));
    }),
    ("provider.environment value", |s, p| {
        s.provider().environment.get_or_insert_with(Default::default).insert("SHARED".into(), Some(p.into()));
    }),
    ("package.artifact path", |s, p| {
        s.package_artifact(Artifact::with_sha256(
            format!("dist/{p}.zip"),
            "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U=",
        ));
    }),
    ("capacity provider name", |s, p| {
        let cps = &mut s.config_mut().provider.capacity_providers;
        let cp = cps.shift_remove("pool").unwrap();
        cps.insert(format!("pool{p}"), cp);
        let f = s.config_mut().functions.get_mut("onCp").unwrap();
        f.capacity_provider = Some(CapacityProviderRef::Name(format!("pool{p}")));
    }),
    ("kmsKeyArn", |s, p| cp_mut(s).kms_key_arn = Some(format!("arn:aws:kms:us-east-1:123456789012:key/{p}").into())),
    ("operatorRole", |s, p| cp_mut(s).operator_role = Some(format!("arn:aws:iam::123456789012:role/{p}").into())),
    ("subnet id", |s, p| cp_mut(s).vpc = Some(Vpc::new([format!("subnet-{p}")], ["sg-0abc1234"]))),
    ("instance type", |s, p| {
        cp_mut(s).instance_requirements = Some(stackwright::model::InstanceRequirements {
            allowed_instance_types: vec![format!("m7i.{p}")],
            ..Default::default()
        })
    }),
    ("capacity provider ARN", |s, p| {
        s.config_mut().functions.get_mut("onCp").unwrap().capacity_provider =
            Some(CapacityProviderRef::Name(format!("arn:aws:lambda:us-east-1:123456789012:capacity-provider:{p}")));
    }),
    ("image URI", |s, p| {
        let f = fn_mut(s);
        f.handler = None;
        f.image = Some(format!("123456789012.dkr.ecr.us-east-1.amazonaws.com/{p}@sha256:{}", "a".repeat(64)).into());
    }),
];

fn fn_mut(s: &mut Service) -> &mut Function {
    s.config_mut().functions.get_mut("plain").unwrap()
}

fn cp_mut(s: &mut Service) -> &mut stackwright::model::CapacityProviderConfig {
    s.config_mut().provider.capacity_providers.get_mut("pool").unwrap()
}

/// Every `Fn::Sub` template string of `v`.
fn sub_templates(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    checks::walk(v, &mut |n| {
        if let Some(sub) = n.get("Fn::Sub") {
            let s = sub.as_str().or_else(|| sub.get(0).and_then(Value::as_str));
            out.extend(s.map(str::to_string));
        }
    });
    out
}

/// Every (field, payload) injection: `Err` (rejected, with the codes) or the accepted template.
pub fn injections() -> Vec<(String, Result<Template, Vec<&'static str>>)> {
    let mut out = Vec::new();
    let payloads: Vec<String> = PAYLOADS.iter().map(|p| p.to_string()).chain([long()]).collect();
    for (field, inject) in FIELDS {
        for p in &payloads {
            let mut svc = base();
            inject(&mut svc, p);
            let label = format!("{field} <- {:?}", p.chars().take(20).collect::<String>());
            out.push((label, svc.synth().map_err(|d| d.errors().map(|e| e.code).collect())));
        }
    }
    out
}

#[test]
fn hostile_strings_are_rejected_or_emitted_safely() {
    let (mut rejected, mut accepted) = (0, 0);
    let mut report = Vec::new();
    for (label, result) in injections() {
        match result {
            Err(codes) => {
                assert!(!codes.is_empty(), "{label}: rejected without an error");
                rejected += 1;
                report.push(format!("  rejected {label}: {}", codes.join(", ")));
            }
            Ok(t) => {
                accepted += 1;
                // The text parses, and is exactly what the JSON writer makes of what it parses to: no
                // payload slipped into the text unescaped.
                let reparsed: Value = serde_json::from_str(t.json()).expect("template JSON parses");
                assert_eq!(
                    stackwright::json::to_pretty_string(&reparsed),
                    t.json(),
                    "{label}: JSON text does not round-trip"
                );
                // The only generated `Fn::Sub` strings are the log-group ARNs: after their fixed
                // head, no placeholder may appear (a payload's `${` would be substituted).
                for sub in sub_templates(t.as_json()) {
                    let tail =
                        sub.strip_prefix(LOG_ARN).unwrap_or_else(|| panic!("{label}: unexpected Fn::Sub {sub:?}"));
                    assert!(!tail.contains("${"), "{label}: payload reached Fn::Sub template {sub:?}");
                }
                checks::template_invariants(&t).unwrap_or_else(|e| panic!("{label}: {e}"));
                report.push(format!("  accepted {label}"));
            }
        }
    }
    eprintln!("injection: {rejected} rejected, {accepted} emitted safely\n{}", report.join("\n"));
}

/// Names that reach `Fn::Sub` strings (the execution role's log-group ARNs are built from the
/// service, the stage and explicit function names) can never carry `${`: the name rules reject
/// every character outside `[A-Za-z0-9_-]` there.
#[test]
fn names_in_fn_sub_cannot_carry_placeholders() {
    for (field, inject) in [FIELDS[0], FIELDS[1], FIELDS[4], FIELDS[5]] {
        for p in ["${AWS::AccountId}", "${Other}", "x}y", "a{b"] {
            let mut svc = base();
            inject(&mut svc, p);
            let d = svc.synth().expect_err("rejected");
            let codes: Vec<&str> = d.errors().map(|e| e.code).collect();
            assert!(
                codes.iter().any(|c| ["INVALID_SERVICE_NAME", "LAMBDA_INVALID_FUNCTION_NAME", "INVALID_LOGICAL_ID"].contains(c)),
                "{field} <- {p}: {codes:?}"
            );
        }
    }
}
