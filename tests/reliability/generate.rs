//! A generator of *valid* services, driven by one `u64` seed.
//!
//! proptest picks the seeds (and reports the failing one); the service is built from a small
//! SplitMix64 stream, so a seed reproduces a service exactly across runs and platforms. The
//! generator keeps what the mutator needs to know (which function runs where, each capacity
//! provider's architecture) next to the service.

use serde_json::json;
use stackwright::model::{
    CapacityProviderConfig, CapacityProviderScaling, FunctionCapacityProvider, FunctionScaling, FunctionVpc,
    InstanceRequirements, ScalingPolicy,
};
use stackwright::*;

use crate::generate_events::{self, EventState};

/// Build time of every generated service (2026-01-01T00:00:00Z), so synthesis is reproducible.
pub const BUILD_TIME: u64 = 1_767_225_600_000;

/// Valid base64 SHA-256 digests, so no artifact is read while generating.
const SHAS: &[&str] = &[
    "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U=",
    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
    "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=",
];

/// Parameter a function may `Ref` to name an external capacity provider ARN.
pub const CP_ARN_PARAMETER: &str = "SharedCapacityProviderArn";
/// A user-defined operator role that capacity providers may reference with `Fn::GetAtt`.
pub const USER_OPERATOR_ROLE: &str = "CustomOperatorRole";

pub use crate::fuzz::Rng;

/// How a function reaches its capacity provider (or that it has none).
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// No capacity provider.
    Plain,
    /// A provider of this service (declared or the auto-created `default`).
    Local(String),
    /// A provider outside the stack (ARN, `Fn::Sub`, `Fn::ImportValue`, parameter).
    External,
}

/// What the mutator needs to know about a generated capacity provider.
#[derive(Debug, Clone)]
pub struct CpInfo {
    pub name: String,
    pub arch: Architecture,
}

/// What the mutator needs to know about a generated function.
#[derive(Debug, Clone)]
pub struct FnInfo {
    pub key: String,
    pub kind: Kind,
    pub image: bool,
}

/// A generated service and its bookkeeping.
#[derive(Debug, Clone)]
pub struct Generated {
    pub service: Service,
    pub cps: Vec<CpInfo>,
    pub functions: Vec<FnInfo>,
}

const WORDS: &[&str] = &["high", "mem", "pool", "etl", "api", "worker", "fast", "batch", "gpu", "arm", "x", "data"];

/// A name in one of the styles users write: camelCase, dash-case, snake_case, digits, or mixed.
fn name(rng: &mut Rng, max_len: usize) -> String {
    let words: Vec<&str> = (0..rng.range(1, 3)).map(|_| *rng.pick(WORDS)).collect();
    let mut s = match rng.below(5) {
        0 => {
            let mut s = words[0].to_string();
            for w in &words[1..] {
                s.push_str(&w[..1].to_uppercase());
                s.push_str(&w[1..]);
            }
            s
        }
        1 => words.join("-"),
        2 => words.join("_"),
        3 => rng.range(0, 99_999).to_string(),
        _ => format!("{}{}", words.join(""), rng.range(0, 999)),
    };
    if rng.chance(10) {
        // Upper-case first letters are legal too (and collide with lower-case after normalizing).
        s = s[..1].to_uppercase() + &s[1..];
    }
    s.truncate(max_len);
    s
}

/// A name whose normalized logical-ID form is not taken yet.
fn unique_name(rng: &mut Rng, taken: &mut Vec<String>, max_len: usize) -> String {
    loop {
        let n = name(rng, max_len);
        let norm = naming::normalize(&n);
        if !taken.contains(&norm) {
            taken.push(norm);
            return n;
        }
    }
}

fn hex(rng: &mut Rng, len: usize) -> String {
    (0..len).map(|_| char::from_digit(rng.below(16) as u32, 16).unwrap()).collect()
}

fn vpc(rng: &mut Rng) -> Vpc {
    let subnets: Vec<String> = (0..rng.range(1, 3)).map(|_| format!("subnet-{}", hex(rng, 8))).collect();
    let groups: Vec<String> = (0..rng.range(1, 3)).map(|_| format!("sg-{}", hex(rng, 17))).collect();
    Vpc::new(subnets, groups)
}

/// Strings that must come out as literal strings: placeholders, quotes, unicode, escapes.
pub const AWKWARD: &[&str] = &[
    "plain",
    "${AWS::Region}",
    "${NotAResource}",
    "${!Literal}",
    "quote \" and ' and \\ backslash",
    "unicode: héllo ✓ 日本語 🚀",
    "{\"Ref\": \"AWS::StackName\"}",
    "line\nbreak\ttab",
    "",
    " leading and trailing ",
];

fn env_value(rng: &mut Rng) -> Option<Expr> {
    Some(match rng.below(7) {
        0 => Intrinsic::reference("AWS::Region").into(),
        1 => Intrinsic::sub("${AWS::StackName}-suffix").into(),
        2 => Expr::Str("x".repeat(rng.range(100, 300) as usize)),
        // Written without a value (`NAME:`).
        3 => return None,
        _ => Expr::Str((*rng.pick(AWKWARD)).to_string()),
    })
}

fn environment(rng: &mut Rng, prefix: &str) -> Vec<(String, Option<Expr>)> {
    (0..rng.range(0, 3)).map(|i| (format!("{prefix}_{}_{i}", rng.pick(WORDS).to_uppercase()), env_value(rng))).collect()
}

/// Runtimes Lambda Managed Instances run.
pub fn mi_runtimes() -> Vec<Runtime> {
    Runtime::ALL.iter().copied().filter(|r| r.supports_managed_instances()).collect()
}

/// Runtimes a plain function may use: current ones (deprecated runtimes only warn, and cfn-lint
/// flags them; the warning is tested elsewhere).
fn plain_runtimes() -> Vec<Runtime> {
    use Runtime::*;
    vec![Nodejs22x, Nodejs24x, Python312, Python313, Python314, Java17, Java21, Java25, Dotnet8, Ruby34, ProvidedAl2023]
}

fn instance_types(rng: &mut Rng, arch: Architecture) -> Vec<String> {
    let pool: &[&str] = match arch {
        Architecture::Arm64 => &["r7g.large", "r7g.xlarge", "c7g.*", "m7g.2xlarge", "c8g.large"],
        Architecture::X86_64 => &["m7i.large", "c7i.xlarge", "r7i.*", "m6a.large", "c7a.2xlarge"],
    };
    let mut out: Vec<String> = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let t = rng.pick(pool).to_string();
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

fn capacity_provider(
    rng: &mut Rng,
    provider_arch: Option<Architecture>,
    provider_vpc: bool,
) -> (CapacityProviderConfig, Architecture) {
    let mut cp = CapacityProviderConfig::default();
    if rng.chance(15) && provider_vpc {
        // `highMem: ~`: every setting from the defaults.
        return (cp, provider_arch.unwrap_or_default());
    }
    if !provider_vpc || rng.chance(50) {
        cp.vpc = Some(vpc(rng));
    }
    let explicit_arch = rng.chance(50).then(|| *rng.pick(Architecture::ALL));
    let arch = explicit_arch.or(provider_arch).unwrap_or_default();
    let types = match rng.below(3) {
        0 => None,
        1 => Some((true, instance_types(rng, arch))),
        _ => Some((false, instance_types(rng, arch))),
    };
    if explicit_arch.is_some() || types.is_some() {
        let mut ir = InstanceRequirements::default();
        ir.architectures.extend(explicit_arch);
        match types {
            Some((true, t)) => ir.allowed_instance_types = t,
            Some((false, t)) => ir.excluded_instance_types = t,
            None => {}
        }
        cp.instance_requirements = Some(ir);
    }
    if rng.chance(70) {
        let mode = *rng.pick(&[None, Some(ScalingMode::Auto), Some(ScalingMode::Manual)]);
        let mut scaling = CapacityProviderScaling { mode, ..Default::default() };
        if rng.chance(50) {
            scaling.max_vcpu_count = Some(if rng.chance(20) { rng.range(12, 15000) } else { rng.range(12, 400) });
        }
        // Target tracking belongs to manual mode; auto mode lets AWS scale.
        if mode == Some(ScalingMode::Manual) {
            for _ in 0..rng.range(1, 3) {
                let metric =
                    if rng.chance(80) { MetricType::AverageCpuUtilization } else { MetricType::AverageGpuUtilization };
                let target_value = f64::from(rng.range(1, 100));
                scaling.policies.push(ScalingPolicy { predefined_metric_type: metric, target_value });
            }
        }
        cp.scaling = Some(scaling);
    }
    if rng.chance(30) {
        cp.kms_key_arn = Some(match rng.below(2) {
            0 => Expr::Str(format!(
                "arn:aws:kms:us-east-1:123456789012:key/{}-{}-{}",
                hex(rng, 8),
                hex(rng, 4),
                hex(rng, 12)
            )),
            _ => Intrinsic::sub("arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/mrk-0123456789abcdef")
                .into(),
        });
    }
    cp.operator_role = match rng.below(5) {
        0 => Some(Expr::Str("arn:aws:iam::123456789012:role/MyOperatorRole".into())),
        1 => Some(Intrinsic::get_att(USER_OPERATOR_ROLE, "Arn").into()),
        2 => Some(Intrinsic::sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/SharedOperator").into()),
        _ => None,
    };
    (cp, arch)
}

fn function_settings(rng: &mut Rng) -> FunctionCapacityProvider {
    let scaling = match rng.below(5) {
        0 => None,
        1 => Some(FunctionScaling { min: Some(0), max: Some(0) }),
        2 => Some(FunctionScaling { min: None, max: Some(rng.range(1, 15000)) }),
        3 => Some(FunctionScaling { min: Some(rng.range(1, 20)), max: None }),
        _ => {
            let min = rng.range(1, 100);
            Some(FunctionScaling { min: Some(min), max: Some(rng.range(min, 15000)) })
        }
    };
    FunctionCapacityProvider {
        name: None,
        max_concurrency: rng.chance(50).then(|| rng.range(1, 1600)),
        memory_per_vcpu: rng
            .chance(50)
            .then(|| *rng.pick(&[MemoryPerVCpu::Gib2, MemoryPerVCpu::Gib4, MemoryPerVCpu::Gib8])),
        scaling,
    }
}

/// A valid service from `seed`, with `max_functions` functions at most (at least 1).
pub fn service(seed: u64) -> Generated {
    service_with(seed, 0, 20)
}

/// A valid service with at least `min_cps` declared capacity providers.
pub fn service_with(seed: u64, min_cps: u32, max_functions: u32) -> Generated {
    generated(seed, min_cps, max_functions, false)
}

/// A valid service in which every function has one event of every type it may have (see
/// `generate_events::TYPES`): what the cfn-lint gate and the fuzz corpus use to reach them all.
pub fn service_with_every_event(seed: u64, max_functions: u32) -> Generated {
    generated(seed, 0, max_functions, true)
}

fn generated(seed: u64, min_cps: u32, max_functions: u32, every_event: bool) -> Generated {
    let rng = &mut Rng::new(seed);
    let mut events = EventState::new(rng);
    let mut svc = Service::new(name_service(rng));
    svc.build_time_millis(BUILD_TIME);
    let mut parameters = false;
    let mut user_role = false;

    let stage = rng.chance(60).then(|| rng.pick(&["dev", "prod", "qa", "s1", "pr-42", "Beta"]).to_string());
    let region = rng.chance(30).then(|| rng.pick(&["us-east-1", "us-west-2", "eu-west-1"]).to_string());
    let mi = mi_runtimes();
    let provider_arch = rng.chance(50).then(|| *rng.pick(Architecture::ALL));
    let mut provider_vpc = rng.chance(60);
    {
        let p = svc.provider();
        p.stage = stage;
        p.region = region;
        p.architecture = provider_arch;
        if rng.chance(70) {
            p.runtime = Some(*rng.pick(&mi));
        }
        if rng.chance(30) {
            p.memory_size = Some(rng.range(2048, 10240));
        }
        if rng.chance(30) {
            p.timeout = Some(rng.range(1, 900));
        }
        if rng.chance(30) {
            p.environment = Some(environment(rng, "SHARED").into_iter().collect());
        }
        if rng.chance(30) {
            p.version_functions = Some(rng.chance(70));
        }
        if rng.chance(30) {
            p.deployment_bucket = Some(format!("artifacts-{}", hex(rng, 8)));
        }
        if provider_vpc {
            p.vpc = Some(vpc(rng));
        }
    }

    let mut cps: Vec<CpInfo> = Vec::new();
    let mut taken = Vec::new();
    for _ in 0..rng.range(min_cps, 5.max(min_cps)) {
        let cp_name = unique_name(rng, &mut taken, 28);
        let (config, arch) = capacity_provider(rng, provider_arch, provider_vpc);
        user_role |= config.operator_role == Some(Intrinsic::get_att(USER_OPERATOR_ROLE, "Arn").into());
        svc.config_mut().provider.capacity_providers.insert(cp_name.clone(), config);
        cps.push(CpInfo { name: cp_name, arch });
    }

    if rng.chance(80) {
        svc.package_artifact(Artifact::with_sha256("dist/service.zip", *rng.pick(SHAS)));
    }
    let has_package = svc.config().package.artifact.is_some();
    let mut functions = Vec::new();
    let mut fn_taken = Vec::new();
    let plain_rt = plain_runtimes();
    for i in 0..rng.range(1, max_functions.max(1)) {
        let key = unique_name(rng, &mut fn_taken, 28);
        let mut f = Function::default();
        let kind = match rng.below(10) {
            0..=3 => Kind::Plain,
            4..=7 => {
                let use_default = cps.is_empty() || rng.chance(15);
                if use_default && !cps.iter().any(|c| c.name == "default") {
                    // The auto-created `default` provider takes provider.vpc and architecture.
                    if !provider_vpc {
                        provider_vpc = true;
                        svc.provider().vpc = Some(vpc(rng));
                    }
                    Kind::Local("default".into())
                } else {
                    Kind::Local(rng.pick(&cps).name.clone())
                }
            }
            _ => Kind::External,
        };
        let image = kind == Kind::Plain && rng.chance(10);
        if image {
            let mut image =
                Image::new(format!("123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:{}", hex(rng, 64)));
            if rng.chance(2) {
                image = image.command([format!("app.{}", key.to_lowercase())]);
            }
            if rng.chance(4) {
                image = image.entry_point(["/lambda-entrypoint.sh"]).working_directory("/var/task");
            }
            f.image = Some(image);
        } else {
            f.handler = Some(format!("src/{}.handler", key.to_lowercase()));
        }
        let provider = svc.config().provider.clone();
        match &kind {
            Kind::Plain => {
                if rng.chance(50) {
                    f.runtime = Some(*rng.pick(&plain_rt));
                } else if provider.runtime.is_none() {
                    f.runtime = Some(Runtime::Nodejs22x);
                }
                if rng.chance(50) {
                    f.memory_size = Some(rng.range(128, 10240));
                }
                if rng.chance(40) {
                    f.timeout = Some(rng.range(1, 900));
                }
                f.architecture = rng.chance(30).then(|| *rng.pick(Architecture::ALL));
                f.vpc = match rng.below(5) {
                    0 => Some(FunctionVpc::Config(vpc(rng))),
                    1 => Some(FunctionVpc::Disabled(stackwright::model::DisabledVpc)),
                    _ => None,
                };
                if rng.chance(20) {
                    let reserved = rng.range(0, 50);
                    f.reserved_concurrency = Some(reserved);
                    if reserved > 0 && rng.chance(40) {
                        f.provisioned_concurrency = Some(rng.range(1, reserved));
                    }
                }
            }
            Kind::Local(_) | Kind::External => {
                let inherited_ok = provider.runtime.is_some_and(|r| r.supports_managed_instances());
                if !inherited_ok || rng.chance(50) {
                    f.runtime = Some(*rng.pick(&mi));
                }
                let mut settings = function_settings(rng);
                let floor = settings.memory_per_vcpu.map_or(2048, |m| m.gib() * 1024).max(2048);
                let inherited = provider.memory_size.unwrap_or(2048);
                if inherited < floor || rng.chance(50) {
                    f.memory_size = Some(rng.range(floor, 32768));
                }
                if rng.chance(40) {
                    f.timeout = Some(rng.range(1, 5400));
                }
                if rng.chance(10) {
                    f.vpc = Some(FunctionVpc::Disabled(stackwright::model::DisabledVpc));
                }
                let with_settings = rng.chance(50);
                let reference = match &kind {
                    Kind::Local(cp_name) => {
                        let arch = cps
                            .iter()
                            .find(|c| &c.name == cp_name)
                            .map_or(provider_arch.unwrap_or_default(), |c| c.arch);
                        let inherited = provider_arch.unwrap_or_default();
                        f.architecture = if inherited == arch && rng.chance(50) { None } else { Some(arch) };
                        let declared = cp_name != "default" || cps.iter().any(|c| c.name == "default");
                        let by_att = declared && rng.chance(30);
                        let att = Intrinsic::get_att(naming::capacity_provider_logical_id(cp_name), "Arn");
                        match (with_settings, by_att) {
                            (false, false) => CapacityProviderRef::Name(cp_name.clone()),
                            (false, true) => CapacityProviderRef::Intrinsic(att),
                            (true, false) => {
                                settings.name = Some(Expr::Str(cp_name.clone()));
                                CapacityProviderRef::Config(settings)
                            }
                            (true, true) => {
                                settings.name = Some(att.into());
                                CapacityProviderRef::Config(settings)
                            }
                        }
                    }
                    _ => {
                        f.architecture = rng.chance(30).then(|| *rng.pick(Architecture::ALL));
                        let target: Expr = match rng.below(4) {
                            0 => Expr::Str(format!("arn:aws:lambda:us-east-1:123456789012:capacity-provider:shared-{}", hex(rng, 4))),
                            1 => Intrinsic::sub("arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:capacity-provider:shared").into(),
                            2 => Intrinsic::import_value("shared-capacity-provider-arn").into(),
                            _ => {
                                parameters = true;
                                Intrinsic::reference(CP_ARN_PARAMETER).into()
                            }
                        };
                        match (with_settings, target) {
                            (true, t) => {
                                settings.name = Some(t);
                                CapacityProviderRef::Config(settings)
                            }
                            (false, Expr::Str(s)) => CapacityProviderRef::Name(s),
                            (false, Expr::Fn(i)) => CapacityProviderRef::Intrinsic(*i),
                            (false, _) => unreachable!("targets are strings or intrinsics"),
                        }
                    }
                };
                f.capacity_provider = Some(reference);
            }
        }
        if rng.chance(30) {
            f.environment = Some(environment(rng, "FN").into_iter().collect());
        }
        if rng.chance(20) {
            let d: String = rng.pick(AWKWARD).chars().chain("…".repeat(rng.below(40)).chars()).collect();
            f.description = Some(d);
        }
        if rng.chance(10) {
            f.name = Some(format!("custom-{i}-{}", hex(rng, 6)));
        }
        if rng.chance(20) {
            f.version_function = Some(rng.chance(50));
        }
        if !image && (!has_package || rng.chance(20)) {
            f.package.artifact = Some(Artifact::with_sha256(format!("dist/{i}.zip"), *rng.pick(SHAS)));
        }
        let f = function_surface(rng, f, i);
        let f = generate_events::add(rng, &mut events, f, i, &key, every_event);
        svc.function(key.clone(), f);
        functions.push(FnInfo { key, kind, image });
    }
    if functions.iter().any(|f| f.kind == Kind::Local("default".into())) && !cps.iter().any(|c| c.name == "default") {
        let arch = svc.config().provider.architecture.unwrap_or_default();
        cps.push(CpInfo { name: "default".into(), arch });
    }
    provider_surface(rng, &mut svc);
    generate_events::finish(rng, &events, &mut svc);
    if parameters {
        svc.resources().parameters.insert(CP_ARN_PARAMETER.into(), json!({"Type": "String"}));
    }
    if user_role {
        svc.resources().resources.insert(
            USER_OPERATOR_ROLE.into(),
            json!({
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]
                    },
                    "ManagedPolicyArns": [{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator"}]
                }
            }),
        );
    }
    // Drawn last, so that the rest of each seed's service is what it was before layers existed.
    if rng.chance(25) {
        local_layers(rng, &mut svc, &functions);
    }
    Generated { service: svc, cps, functions }
}

/// Top-level layers (prebuilt zips given by hash, so nothing is read), some used by functions
/// through `Ref`.
fn local_layers(rng: &mut Rng, svc: &mut Service, functions: &[FnInfo]) {
    let mut taken = Vec::new();
    let mut handles = Vec::new();
    for i in 0..rng.range(1, 2) {
        let name = unique_name(rng, &mut taken, 40);
        let mut layer = Layer::artifact(Artifact::with_sha256(format!("dist/layer-{i}.zip"), *rng.pick(SHAS)));
        let runtimes = plain_runtimes();
        for _ in 0..rng.below(3) {
            let runtime = *rng.pick(&runtimes);
            if !layer.compatible_runtimes.iter().flatten().any(|r| *r == runtime.into()) {
                layer = layer.compatible_runtime(runtime);
            }
        }
        if rng.chance(30) {
            layer = layer.compatible_architecture(*rng.pick(&[Architecture::X86_64, Architecture::Arm64]));
        }
        if rng.chance(30) {
            layer = layer.description(*rng.pick(AWKWARD));
        }
        if rng.chance(20) {
            layer = layer.name(format!("shared-{}", hex(rng, 6)));
        }
        if rng.chance(20) {
            layer = layer.license_info("MIT");
        }
        if rng.chance(30) {
            layer = layer.allow_account(if rng.chance(50) {
                "*".to_string()
            } else {
                format!("1234567890{}", rng.range(10, 99))
            });
        }
        let retain = rng.chance(20);
        let handle = svc.layer(name, layer.retain(retain));
        if !retain {
            handles.push(handle);
        }
    }
    for f in functions.iter().filter(|f| !f.image) {
        if handles.is_empty() || !rng.chance(50) {
            continue;
        }
        let handle = rng.pick(&handles).clone();
        let function = svc.config_mut().functions.get_mut(&f.key).expect("generated function");
        let layers = function.layers.get_or_insert_with(Vec::new);
        if layers.len() < 5 {
            layers.push(handle.reference());
        }
    }
}

/// The function surface: tags, logs, tracing, layers, asynchronous invocation, a URL.
fn function_surface(rng: &mut Rng, mut f: Function, i: u32) -> Function {
    use stackwright::model::{LogLevel, RetentionDays, Tracing};
    if rng.chance(20) {
        f = f.tag(format!("t{}", rng.below(3)), *rng.pick(&["a", "b-1", "297"]));
    }
    if rng.chance(20) {
        f = f.log_retention(*rng.pick(RetentionDays::ALL));
    }
    if rng.chance(15) {
        f = f.tracing(*rng.pick(Tracing::ALL));
    }
    if rng.chance(15) {
        f = f.json_logs(*rng.pick(LogLevel::ALL), *rng.pick(stackwright::model::SystemLogLevel::ALL));
    }
    if f.image.is_none() && rng.chance(15) {
        for _ in 0..=rng.below(2) {
            f = f.layer(format!(
                "arn:aws:lambda:us-east-1:123456789012:layer:deps{}:{}",
                rng.below(3),
                rng.range(1, 40)
            ));
        }
    }
    if rng.chance(10) {
        f = f.on_success(format!("arn:aws:sqs:us-east-1:123456789012:ok-{i}"));
    }
    if rng.chance(10) {
        f = f.on_failure(format!("arn:aws:sns:us-east-1:123456789012:failed-{i}"));
    }
    if rng.chance(10) {
        f = f.maximum_retry_attempts(rng.range(0, 2)).maximum_event_age(rng.range(60, 21600));
    }
    if rng.chance(10) {
        f = f.on_error(format!("arn:aws:sns:us-east-1:123456789012:dlq-{i}"));
    }
    if rng.chance(10) {
        f = f.kms_key_arn("arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab");
    }
    if rng.chance(10) {
        f = if rng.chance(50) { f.url() } else { f.url_with_iam() };
    }
    if f.capacity_provider.is_none() && rng.chance(10) {
        f = f.ephemeral_storage(rng.range(512, 10240));
    }
    f
}

/// The provider surface: tags, log retention, tracing, IAM statements and managed policies.
fn provider_surface(rng: &mut Rng, svc: &mut Service) {
    use stackwright::model::{RetentionDays, Tracing};
    if rng.chance(30) {
        svc.provider().tag("team", *rng.pick(&["web", "data", "297"]));
    }
    if rng.chance(20) {
        svc.provider().stack_tag("owner", "platform");
    }
    if rng.chance(20) {
        svc.provider().log_retention(*rng.pick(RetentionDays::ALL));
    }
    if rng.chance(15) {
        svc.provider().tracing(*rng.pick(Tracing::ALL));
    }
    if rng.chance(30) {
        let mut iam = svc.iam();
        iam.allow(
            ["dynamodb:GetItem", "dynamodb:Query"],
            [format!("arn:aws:dynamodb:us-east-1:123456789012:table/t{}", rng.below(9))],
        );
        if rng.chance(50) {
            iam.deny(["s3:DeleteObject"], ["arn:aws:s3:::reports/*"]);
        }
        if rng.chance(30) {
            iam.managed_policy("arn:aws:iam::aws:policy/AWSXrayReadOnlyAccess");
        }
        if rng.chance(20) {
            iam.tag("owner", "platform");
        }
    }
}

fn name_service(rng: &mut Rng) -> String {
    loop {
        let mut n = name(rng, 16).replace('_', "-");
        if n.len() < 2 || !n.as_bytes()[0].is_ascii_alphabetic() {
            n = format!("svc{n}");
            n.truncate(16);
        }
        if n.len() >= 2 && !n.ends_with('-') {
            return n;
        }
    }
}
