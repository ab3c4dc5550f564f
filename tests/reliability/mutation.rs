//! The mutation property: a valid generated service, broken in exactly one way drawn from the
//! rule list (DECISIONS.md D2, reference §7 and the CloudFormation limits), must fail with that
//! rule's code.
//!
//! What is asserted, precisely: synthesis (or, for the mutations only a JSON config can express,
//! loading) fails, and **every** error diagnostic carries the expected code: the expected code is
//! present and no other error code is. (One break may legitimately give several errors with the
//! same code, e.g. a capacity provider VPC that two providers share.) Warnings are ignored.
//!
//! Every case applies every mutation (each to a fresh copy of the base service), so every rule is
//! reached in every run; the variant within a mutation and its target are drawn at random. The
//! test prints how often each rule was exercised.

use std::collections::BTreeMap;
use std::sync::Mutex;

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{Value, json};
use stackwright::codes;
use stackwright::model::{
    CapacityProviderScaling, FileSystemConfig, FunctionCapacityProvider, FunctionScaling, FunctionVpc,
    InstanceRequirements, ScalingPolicy,
};
use stackwright::*;

use crate::generate::{self, Generated, Kind, Rng};
use crate::generate_events;

/// What to check after a mutation: the model, or a serverless.json-shaped tree.
enum Broken {
    Model(Box<Service>),
    Json(Value),
    /// A serverless.json tree whose errors must all be at this path or below it.
    JsonAt(Value, String),
}

type Mutation = (&'static str, fn(&mut Generated, &mut Rng) -> Broken);

const PINNED_IMAGE: &str = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// Every rule of D2 and reference §7, plus the CloudFormation limits and artifacts.
const MUTATIONS: &[Mutation] = &[
    (codes::LAMBDA_CAPACITY_PROVIDER_MANUAL_SCALING_REQUIRES_POLICIES, |g, r| {
        let cp = declared_cp(g, r);
        let scaling = cp_mut(g, &cp).scaling.get_or_insert_with(Default::default);
        scaling.mode = Some(ScalingMode::Manual);
        scaling.policies.clear();
        model(g)
    }),
    (codes::LAMBDA_CAPACITY_PROVIDER_INVALID_INSTANCE_REQUIREMENTS, |g, r| {
        let cp = declared_cp(g, r);
        let ir = cp_mut(g, &cp).instance_requirements.get_or_insert_with(InstanceRequirements::default);
        ir.allowed_instance_types = vec!["r7g.large".into()];
        ir.excluded_instance_types = vec!["m7i.large".into()];
        model(g)
    }),
    (codes::LAMBDA_CAPACITY_PROVIDER_MISSING_VPC, |g, r| {
        let cp = declared_cp(g, r);
        let partial = if r.chance(50) {
            Vpc { subnet_ids: Some(Expr::List(vec!["subnet-0abc1234".into()])), ..Vpc::default() }
        } else {
            Vpc {
                subnet_ids: Some(Expr::List(vec![])),
                security_group_ids: Some(Expr::List(vec!["sg-0abc1234".into()])),
                ..Vpc::default()
            }
        };
        cp_mut(g, &cp).vpc = Some(partial);
        model(g)
    }),
    (codes::LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY_SIZE, |g, r| {
        let key = cp_fn(g, r);
        fn_mut(g, &key).memory_size = Some(if r.chance(50) { r.range(128, 2047) } else { r.range(32769, 65536) });
        model(g)
    }),
    (codes::LAMBDA_INVALID_MEMORY_SIZE, |g, r| {
        let key = plain_fn(g, r);
        fn_mut(g, &key).memory_size = Some(if r.chance(50) { r.range(1, 127) } else { r.range(10241, 32768) });
        model(g)
    }),
    (codes::LAMBDA_MANAGED_INSTANCES_MISSING_NAME, |g, r| {
        let key = cp_fn(g, r);
        settings_mut(fn_mut(g, &key)).name = None;
        model(g)
    }),
    (codes::LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY, |g, r| {
        // memoryPerVCpu 3: the model's enum cannot hold it, a serverless.json can.
        let key = cp_fn(g, r);
        let mut v = json_of(g);
        let cp = &mut v["functions"][&key]["capacityProvider"];
        let bad = r.pick(&[json!(3), json!(16), json!("two"), json!(1)]).clone();
        *cp = match cp.take() {
            Value::Object(mut m) if m.contains_key("name") => {
                m.insert("memoryPerVCpu".into(), bad);
                Value::Object(m)
            }
            name => json!({"name": name, "memoryPerVCpu": bad}),
        };
        Broken::Json(v)
    }),
    (codes::LAMBDA_MANAGED_INSTANCES_INVALID_SCALING_CONFIG, |g, r| {
        let key = cp_fn(g, r);
        settings_mut(fn_mut(g, &key)).scaling = Some(match r.below(3) {
            0 => FunctionScaling { min: Some(0), max: Some(r.range(1, 100)) },
            1 => FunctionScaling { min: Some(r.range(11, 100)), max: Some(r.range(1, 10)) },
            _ => FunctionScaling { min: None, max: Some(r.range(15001, 100_000)) },
        });
        model(g)
    }),
    (codes::LAMBDA_FILE_SYSTEM_CONFIG_WITH_CAPACITY_PROVIDER, |g, r| {
        let key = cp_fn(g, r);
        fn_mut(g, &key).file_system_config = Some(FileSystemConfig {
            arn: "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0".into(),
            local_mount_path: "/mnt/efs".into(),
        });
        model(g)
    }),
    (codes::LAMBDA_FILE_SYSTEM_CONFIG_MISSING_VPC, |g, r| {
        let key = plain_fn(g, r);
        let f = fn_mut(g, &key);
        // `vpc: false` takes the provider's VPC away too.
        f.vpc = Some(FunctionVpc::Disabled(stackwright::model::DisabledVpc));
        f.file_system_config = Some(FileSystemConfig {
            arn: "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0".into(),
            local_mount_path: "/mnt/efs".into(),
        });
        model(g)
    }),
    (codes::FUNCTION_NEITHER_HANDLER_NOR_IMAGE_DEFINED_ERROR, |g, r| {
        let key = any_zip_fn(g, r);
        fn_mut(g, &key).handler = if r.chance(50) { None } else { Some(String::new()) };
        model(g)
    }),
    (codes::FUNCTION_BOTH_HANDLER_AND_IMAGE_DEFINED_ERROR, |g, r| {
        let key = any_zip_fn(g, r);
        fn_mut(g, &key).image = Some(PINNED_IMAGE.into());
        model(g)
    }),
    (codes::LAMBDA_CAPACITY_PROVIDER_UNDEFINED, |g, r| {
        let key = cp_fn(g, r);
        let name = *r.pick(&["undefinedPool", "higMem", "pool-that-is-not-there"]);
        match fn_mut(g, &key).capacity_provider.as_mut() {
            Some(CapacityProviderRef::Config(c)) => c.name = Some(name.into()),
            other => *other.unwrap() = CapacityProviderRef::Name(name.into()),
        }
        model(g)
    }),
    (codes::LAMBDA_CAPACITY_PROVIDER_INVALID_REFERENCE, |g, r| {
        let (key, cp) = local_cp_fn(g, r);
        if r.chance(50) {
            // Mixed intrinsic object: only JSON can write it. As a plain function afterwards the
            // function must still be valid, so give it plain-compatible memory and timeout first.
            let f = fn_mut(g, &key);
            f.memory_size = Some(4096);
            f.timeout = Some(30);
            let mut v = json_of(g);
            v["functions"][&key]["capacityProvider"] = json!({"name": cp, "Ref": "Something"});
            Broken::Json(v)
        } else {
            // `Ref` of a capacity provider yields its name, not its ARN.
            let id = naming::capacity_provider_logical_id(&cp);
            fn_mut(g, &key).capacity_provider = Some(CapacityProviderRef::Intrinsic(Intrinsic::reference(id)));
            model(g)
        }
    }),
    (codes::LAMBDA_CAPACITY_PROVIDER_INVALID_MAX_VCPU_COUNT, |g, r| {
        let cp = declared_cp(g, r);
        let max = if r.chance(50) { r.range(0, 11) } else { r.range(15001, 1_000_000) };
        cp_mut(g, &cp).scaling.get_or_insert_with(Default::default).max_vcpu_count = Some(max);
        model(g)
    }),
    (codes::LAMBDA_CAPACITY_PROVIDER_INVALID_SCALING_POLICIES, |g, r| {
        let cp = declared_cp(g, r);
        let policy =
            |v: f64| ScalingPolicy { predefined_metric_type: MetricType::AverageCpuUtilization, target_value: v };
        let policies = match r.below(3) {
            0 => (0..r.range(11, 20)).map(|_| policy(50.0)).collect(),
            1 => vec![policy(f64::from(r.range(101, 1000)))],
            _ => vec![policy(-f64::from(r.range(1, 100)))],
        };
        cp_mut(g, &cp).scaling =
            Some(CapacityProviderScaling { mode: Some(ScalingMode::Manual), max_vcpu_count: None, policies });
        model(g)
    }),
    (codes::LAMBDA_CAPACITY_PROVIDER_INVALID_SCALING_MODE, |g, r| {
        // Any mode but auto/manual: only JSON can write it.
        let cp = declared_cp(g, r);
        let mut v = json_of(g);
        let entry = &mut v["provider"]["capacityProviders"][&cp];
        if !entry.is_object() {
            *entry = json!({});
        }
        let mode = *r.pick(&["predictive", "Automatic", "", "manualish"]);
        match entry.get_mut("scaling") {
            Some(s) => s["mode"] = mode.into(),
            None => entry["scaling"] = json!({ "mode": mode }),
        }
        Broken::Json(v)
    }),
    (codes::LAMBDA_CAPACITY_PROVIDER_INVALID_INSTANCE_TYPES, |g, r| {
        let cp = declared_cp(g, r);
        let arch = g.cps.iter().find(|c| c.name == cp).unwrap().arch;
        let ir = cp_mut(g, &cp).instance_requirements.get_or_insert_with(InstanceRequirements::default);
        match r.below(3) {
            // Two architectures: the first one stays the provider's, so no mismatch follows.
            0 => ir.architectures = vec![arch, other(arch)],
            1 if !ir.excluded_instance_types.is_empty() => ir.excluded_instance_types.push("m7g large/xl".into()),
            1 => ir.allowed_instance_types.push("m7g large/xl".into()),
            _ if !ir.excluded_instance_types.is_empty() => ir.excluded_instance_types.push("x".repeat(31)),
            _ => ir.allowed_instance_types.push("x".repeat(31)),
        }
        model(g)
    }),
    (codes::LAMBDA_INVALID_VPC_CONFIG, |g, r| {
        let cp = declared_cp(g, r);
        let bad: Expr = r.pick(&["subnet_0abc", "subnet-XYZ", "vpc-0abc1234", "0abc1234"]).to_string().into();
        let svc = &mut g.service;
        let vpc = match svc.config_mut().provider.capacity_providers[&cp].vpc.is_some() {
            true => svc.config_mut().provider.capacity_providers[&cp].vpc.as_mut().unwrap(),
            false => svc.config_mut().provider.vpc.as_mut().expect("a provider without its own VPC inherits one"),
        };
        if r.chance(70) {
            vpc.subnet_ids = Some(Expr::List(vec![bad]));
        } else {
            let many = (0..17).map(|i| Expr::from(format!("subnet-{i:08x}"))).collect();
            vpc.subnet_ids = Some(Expr::List(many));
        }
        model(g)
    }),
    (codes::LAMBDA_CAPACITY_PROVIDER_INVALID_OPERATOR_ROLE, |g, r| {
        let cp = declared_cp(g, r);
        cp_mut(g, &cp).operator_role = Some(match r.below(3) {
            0 => "arn:aws:iam::123456789012:user/bob".into(),
            1 => "MyOperatorRole".into(),
            _ => Intrinsic::get_att("IamRoleLambdaExecution", "RoleId").into(),
        });
        model(g)
    }),
    (codes::LAMBDA_CAPACITY_PROVIDER_INVALID_KMS_KEY, |g, r| {
        let cp = declared_cp(g, r);
        let key = *r.pick(&["alias/my-key", "12345678-1234-1234-1234-123456789012", "arn:aws:s3:::bucket"]);
        cp_mut(g, &cp).kms_key_arn = Some(key.into());
        model(g)
    }),
    (codes::LAMBDA_CAPACITY_PROVIDER_UNSUPPORTED_REGION, |g, r| {
        g.service.provider().region = Some(r.pick(&["cn-north-1", "us-gov-west-1", "me-central-1"]).to_string());
        model(g)
    }),
    (codes::LAMBDA_MANAGED_INSTANCES_INVALID_MAX_CONCURRENCY, |g, r| {
        let key = cp_fn(g, r);
        settings_mut(fn_mut(g, &key)).max_concurrency = Some(if r.chance(30) { 0 } else { r.range(1601, 100_000) });
        model(g)
    }),
    (codes::LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_RUNTIME, |g, r| {
        let key = cp_fn(g, r);
        let unsupported: Vec<Runtime> =
            Runtime::ALL.iter().copied().filter(|rt| !rt.supports_managed_instances() && !rt.is_deprecated()).collect();
        fn_mut(g, &key).runtime = Some(*r.pick(&unsupported));
        model(g)
    }),
    (codes::LAMBDA_MANAGED_INSTANCES_ARCHITECTURE_MISMATCH, |g, r| {
        let (key, cp) = local_cp_fn(g, r);
        let arch = g.cps.iter().find(|c| c.name == cp).unwrap().arch;
        fn_mut(g, &key).architecture = Some(other(arch));
        model(g)
    }),
    (codes::LAMBDA_MANAGED_INSTANCES_FUNCTION_VPC, |g, r| {
        let key = cp_fn(g, r);
        fn_mut(g, &key).vpc = Some(FunctionVpc::Config(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"])));
        model(g)
    }),
    (codes::LAMBDA_MANAGED_INSTANCES_PROVISIONED_CONCURRENCY, |g, r| {
        let key = cp_fn(g, r);
        fn_mut(g, &key).provisioned_concurrency = Some(r.range(1, 100));
        model(g)
    }),
    (codes::LAMBDA_MANAGED_INSTANCES_IMAGE_UNSUPPORTED, |g, r| {
        let key = cp_fn(g, r);
        let f = fn_mut(g, &key);
        f.handler = None;
        f.image = Some(PINNED_IMAGE.into());
        // Layers on an image function are a rule of their own.
        f.layers = None;
        model(g)
    }),
    (codes::LAMBDA_MANAGED_INSTANCES_MEMORY_BELOW_ONE_VCPU, |g, r| {
        let key = cp_fn(g, r);
        let (ratio, memory) = if r.chance(50) {
            (MemoryPerVCpu::Gib8, r.range(2048, 8191))
        } else {
            (MemoryPerVCpu::Gib4, r.range(2048, 4095))
        };
        let f = fn_mut(g, &key);
        f.memory_size = Some(memory);
        settings_mut(f).memory_per_vcpu = Some(ratio);
        model(g)
    }),
    (codes::LAMBDA_INVALID_TIMEOUT, |g, r| {
        match r.below(3) {
            0 => {
                let key = plain_fn(g, r);
                fn_mut(g, &key).timeout = Some(r.range(901, 5400));
            }
            1 => {
                let key = cp_fn(g, r);
                fn_mut(g, &key).timeout = Some(r.range(5401, 100_000));
            }
            _ => {
                let key = any_zip_fn(g, r);
                fn_mut(g, &key).timeout = Some(0);
            }
        }
        model(g)
    }),
    (codes::LAMBDA_INVALID_FUNCTION_PROPERTY, |g, r| {
        let key = plain_fn(g, r);
        let f = fn_mut(g, &key);
        match r.below(9) {
            6 => f.handler = Some("index handler".into()),
            7 => {
                f.environment.get_or_insert_with(Default::default).insert("BIG".into(), Some("v".repeat(4096).into()));
            }
            8 => {
                f.handler = None;
                f.layers = None;
                f.image =
                    Some(format!("123456789012.dkr.ecr.us-east-1.amazonaws.com/a b@sha256:{}", "0".repeat(64)).into());
            }
            0 => f.description = Some("d".repeat(257)),
            1 => {
                f.environment.get_or_insert_with(Default::default).insert("AWS_REGION".into(), Some("x".into()));
            }
            2 => {
                f.environment
                    .get_or_insert_with(Default::default)
                    .insert("1_STARTS_WITH_DIGIT".into(), Some("x".into()));
            }
            3 => f.handler = Some(format!("{}.handler", "h".repeat(130))),
            4 => {
                f.handler = None;
                f.layers = None;
                f.image = Some("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest".into());
            }
            _ => {
                f.reserved_concurrency = Some(2);
                f.provisioned_concurrency = Some(5);
            }
        }
        model(g)
    }),
    (codes::INVALID_DEPLOYMENT_BUCKET, |g, r| {
        let bucket = *r.pick(&["My_Bucket", "ab", "bucket..name", "-bucket", "192.168.0.1", "bucket name"]);
        g.service.provider().deployment_bucket = Some(bucket.into());
        model(g)
    }),
    (codes::LAMBDA_INVALID_FUNCTION_NAME, |g, r| {
        let key = any_fn(g, r);
        fn_mut(g, &key).name = Some(match r.below(3) {
            0 => "bad name!".into(),
            1 => "n".repeat(65),
            _ => "fn.with.dots".into(),
        });
        model(g)
    }),
    (codes::LAMBDA_CAPACITY_PROVIDER_INVALID_NAME, |g, r| {
        // CapacityProviderName `<service>-<stage>-<name>` over 140 characters (the shortest
        // service and stage take 6 of them: `ab-s1-`).
        let name = format!("pool{}", "x".repeat(r.range(131, 200) as usize));
        let vpc = Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]);
        g.service.capacity_provider(name, CapacityProvider::new().vpc(vpc));
        model(g)
    }),
    (codes::INVALID_REGION, |g, r| {
        g.service.provider().region =
            Some(r.pick(&["us-east1", "US-EAST-1", "useast-1", "us-east-1a", ""]).to_string());
        model(g)
    }),
    (codes::INVALID_SERVICE_NAME, |g, r| {
        let svc = &mut g.service;
        match r.below(4) {
            0 => svc.config_mut().service.push_str("_x"),
            1 => svc.config_mut().service.insert(0, '9'),
            2 => svc.config_mut().service = "a".into(),
            // A stage API Gateway accepts (its own rule, with http events: SHADOWED).
            _ => svc.provider().stage = Some(r.pick(&["bad_stage", "dev_1", "_"]).to_string()),
        }
        model(g)
    }),
    (codes::INVALID_LOGICAL_ID, |g, r| {
        // A key that is not ASCII: its logical IDs are invalid; an explicit name keeps the
        // deployed name valid, so only the logical ID rule fires.
        let key = any_fn(g, r);
        let config = g.service.config_mut();
        let mut f = config.functions.shift_remove(&key).unwrap();
        f.name = Some(format!("renamed-{}", r.range(0, 9999)));
        let new_key = format!("{key}{}", r.pick(&["é", "ß", "日本", "λ"]));
        config.functions.insert(new_key, f);
        model(g)
    }),
    (codes::LOGICAL_ID_COLLISION, |g, r| {
        let key = any_fn(g, r);
        let mut f = g.service.config().functions[&key].clone();
        // The twin's events would duplicate routes and queues: another rule's business.
        f.events.clear();
        let first = key.chars().next().unwrap();
        if first.is_ascii_lowercase() && r.chance(50) {
            // `etl` and `Etl` both normalize to `Etl`.
            let twin = first.to_ascii_uppercase().to_string() + &key[1..];
            let mut twin_f = f;
            twin_f.name = None;
            g.service.function(twin, twin_f);
        } else {
            // Another function deploying under the same function name.
            let stage = g.service.config().provider.stage.clone().unwrap_or_else(|| "dev".into());
            let name = f.name.clone().unwrap_or_else(|| format!("{}-{stage}-{key}", g.service.config().service));
            let mut dup = f;
            dup.name = Some(name);
            g.service.function(format!("dupe{}", r.range(0, 9999)), dup);
        }
        model(g)
    }),
    (codes::TEMPLATE_TOO_MANY_RESOURCES, |g, r| {
        let have = g.service.synth().expect("base service is valid").resources().len();
        // Each unversioned plain function adds two resources (function and log group).
        let extra = (501 - have).div_ceil(2) + r.below(3);
        for i in 0..extra {
            g.service.function(
                format!("bulk{i}"),
                Function::handler("index.handler")
                    .runtime(Runtime::Nodejs22x)
                    .version_function(false)
                    .artifact(Artifact::with_sha256("dist/bulk.zip", "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U=")),
            );
        }
        model(g)
    }),
    (codes::TEMPLATE_TOO_MANY_OUTPUTS, |g, r| {
        let have = g.service.synth().expect("base service is valid").outputs().len();
        for i in 0..(201 - have + r.below(3)) {
            g.service.resources().outputs.insert(format!("Extra{i}"), json!({"Value": "x"}));
        }
        model(g)
    }),
    (codes::TEMPLATE_TOO_LARGE, |g, r| {
        let blob = "x".repeat(1_000_000 + r.below(1000));
        g.service
            .resources()
            .resources
            .insert("Padding".into(), json!({"Type": "AWS::SNS::Topic", "Metadata": {"Blob": blob}}));
        model(g)
    }),
    (codes::TEMPLATE_TOO_MANY_DYNAMIC_REFERENCES, |g, r| {
        let mut tags = serde_json::Map::new();
        for i in 0..61 + r.below(5) {
            tags.insert(format!("t{i}"), format!("{{{{resolve:ssm:/app/t{i}}}}}").into());
        }
        g.service
            .resources()
            .resources
            .insert("Referring".into(), json!({"Type": "AWS::SNS::Topic", "Metadata": tags}));
        model(g)
    }),
    (codes::UNRESOLVED_REFERENCE, |g, r| {
        let key = any_fn(g, r);
        let target: Expr = match r.below(3) {
            0 => Intrinsic::reference("NoSuchResource").into(),
            1 => Intrinsic::get_att("NoSuchResource", "Arn").into(),
            _ => Intrinsic::sub("${NoSuchResource}-x").into(),
        };
        fn_mut(g, &key).environment.get_or_insert_with(Default::default).insert("DANGLING".into(), Some(target));
        model(g)
    }),
    (codes::RESOURCE_UNKNOWN_TYPE, |g, r| {
        let ty = *r.pick(&["AWS::DynamoDb::Table", "AWS::Sqs::Queue", "AWS::S3::Buckett", "AWS::Serverless::Function"]);
        g.service.resources().resources.insert("Typo".into(), json!({"Type": ty, "Properties": {}}));
        model(g)
    }),
    (codes::RESOURCE_UNKNOWN_PROPERTY, |g, r| {
        let property = *r.pick(&["VisibilityTimout", "QueueUrl", "Arn", "Colour"]);
        g.service
            .resources()
            .resources
            .insert("Queue".into(), json!({"Type": "AWS::SQS::Queue", "Properties": {property: 1}}));
        model(g)
    }),
    (codes::RESOURCE_MISSING_PROPERTY, |g, r| {
        let resource = match r.below(2) {
            0 => json!({"Type": "AWS::IAM::Role"}),
            _ => json!({"Type": "AWS::SQS::QueuePolicy", "Properties": {"Queues": ["https://sqs/q"]}}),
        };
        g.service.resources().resources.insert("Incomplete".into(), resource);
        model(g)
    }),
    (codes::RESOURCE_PROPERTY_SHAPE, |g, r| {
        let resource = match r.below(3) {
            0 => json!({"Type": "AWS::SQS::Queue", "Properties": {"Tags": {"team": "core"}}}),
            1 => json!({"Type": "AWS::S3::Bucket", "Properties": {"BucketName": ["a"]}}),
            _ => json!({"Type": "AWS::DynamoDB::Table", "Properties": {
                "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                "StreamSpecification": "NEW_IMAGE"}}),
        };
        g.service.resources().resources.insert("Misshapen".into(), resource);
        model(g)
    }),
    (codes::RESOURCE_UNKNOWN_ATTRIBUTE, |g, r| {
        let key = *r.pick(&["properties", "Conditon", "TopicName"]);
        g.service.resources().resources.insert("Topic".into(), json!({"Type": "AWS::SNS::Topic", key: {}}));
        model(g)
    }),
    (codes::ARTIFACT_ERROR, |g, r| {
        let key = any_zip_fn(g, r);
        fn_mut(g, &key).package.artifact = Some(Artifact::file("/nonexistent/stackwright/missing.zip"));
        model(g)
    }),
    (codes::INVALID_LOG_RETENTION, |g, r| {
        let mut v = json_of(g);
        let days = *r.pick(&[0u32, 2, 15, 29, 366, 4000]);
        if r.chance(50) {
            v["provider"]["logRetentionInDays"] = days.into();
        } else {
            let key = any_fn(g, r);
            v["functions"][key]["logRetentionInDays"] = days.into();
        }
        Broken::Json(v)
    }),
    (codes::INVALID_IAM_CONFIG, |g, r| {
        g.service.provider().role = Some("arn:aws:iam::123456789012:role/legacy".into());
        if r.chance(50) {
            g.service.iam().allow(["s3:GetObject"], ["arn:aws:s3:::b/*"]);
        } else {
            g.service.provider().existing_role("arn:aws:iam::123456789012:role/current");
        }
        model(g)
    }),
    (codes::LAMBDA_INVALID_SNAP_START, |g, r| {
        let key = if r.chance(50) { cp_fn(g, r) } else { plain_fn(g, r) };
        let f = fn_mut(g, &key);
        f.snap_start = Some(true);
        if f.capacity_provider.is_none() {
            // A runtime SnapStart does not support (Node.js).
            f.runtime = Some(Runtime::Nodejs22x);
        }
        model(g)
    }),
    (codes::LAMBDA_INVALID_ASYNC_CONFIG, |g, r| {
        let key = any_fn(g, r);
        let f = fn_mut(g, &key);
        if r.chance(50) {
            f.maximum_retry_attempts = Some(r.range(3, 100));
        } else {
            f.maximum_event_age = Some(if r.chance(50) { r.range(1, 59) } else { r.range(21601, 100_000) });
        }
        model(g)
    }),
    (codes::UNSUPPORTED_DESTINATION_TARGET, |g, r| {
        let key = any_fn(g, r);
        let target = *r.pick(&["no-such-function", "arn:aws:s3:::a-bucket", "arn:aws:dynamodb:us-east-1:1:table/t"]);
        let f = fn_mut(g, &key).clone().on_failure(target);
        g.service.config_mut().functions.insert(key, f);
        model(g)
    }),
    (codes::SERVICE_OBJECT_NOTATION, |g, _| {
        let mut v = json_of(g);
        let name = v["service"].clone();
        // `{name}` alone is read with a warning; a v2 key that moved elsewhere is an error.
        v["service"] = json!({ "name": name, "awsKmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/k" });
        Broken::Json(v)
    }),
    (codes::INVALID_HTTP_API_METHOD, |g, r| {
        let method = *r.pick(&["FETCH", "get post", "CONNECTX"]);
        with_events(g, r, json!([{ "httpApi": { "method": method, "path": "/users" } }]))
    }),
    (codes::INVALID_HTTP_API_PATH, |g, r| {
        let path = *r.pick(&["users", "users/{id}", "v1/x"]);
        with_events(g, r, json!([{ "httpApi": { "method": "GET", "path": path } }]))
    }),
    (codes::MISSING_HTTP_API_METHOD, |g, r| with_events(g, r, json!([{ "httpApi": { "path": "/users" } }]))),
    (codes::DUPLICATE_HTTP_API_ROUTE, |g, r| {
        let route = json!({ "httpApi": { "method": "GET", "path": "/users/{id}" } });
        with_events(g, r, json!([route.clone(), route]))
    }),
    (codes::HTTP_API_AUTHORIZER_MISSING_ID_OR_NAME, |g, r| {
        with_events(
            g,
            r,
            json!([{ "httpApi": { "method": "GET", "path": "/x", "authorizer": { "scopes": ["a/read"] } } }]),
        )
    }),
    (codes::UNRECOGNIZED_HTTP_API_AUTHORIZER, |g, r| {
        with_events(
            g,
            r,
            json!([{ "httpApi": { "method": "GET", "path": "/x", "authorizer": { "name": "nowhere" } } }]),
        )
    }),
    (codes::HTTP_API_CORS_CREDENTIALS_WITH_WILDCARD_ORIGIN, |g, r| {
        let mut v = with_events_json(g, r, json!([{ "httpApi": { "method": "GET", "path": "/x" } }]));
        v["provider"]["httpApi"]["cors"] = json!({ "allowCredentials": true });
        Broken::Json(v)
    }),
    (codes::WEBSOCKETS_INVALID_LOGS_LEVEL, |g, r| {
        let mut v = with_events_json(g, r, json!([{ "websocket": "mutLogs" }]));
        v["provider"]["logs"] = json!({ "websocket": { "level": *r.pick(&["WARN", "DEBUG", "info"]) } });
        Broken::Json(v)
    }),
    (codes::DUPLICATE_EVENT, |g, r| with_events(g, r, json!([{ "websocket": "join" }, { "websocket": "join" }]))),
    (codes::CLOUDWATCHLOG_LOG_GROUP_EVENT_PER_FUNCTION_LIMIT_EXCEEDED, |g, r| {
        let e = json!({ "cloudwatchLog": "/aws/lambda/shared" });
        with_events(g, r, json!([e.clone(), e.clone(), e]))
    }),
    (codes::UNSUPPORTED_PLUGIN, |g, r| {
        let mut v = json_of(g);
        let plugin = *r.pick(&["serverless-plugin-split-stacks", "my-own-plugin", "serverless-appsync-plugin"]);
        v["plugins"] = json!(["serverless-offline", plugin]);
        Broken::Json(v)
    }),
    // ---- events: queues, streams, brokers and notifications ----
    (codes::EVENT_ARN_SERVICE_MISMATCH, |g, r| {
        let (kind, arn) = r
            .pick(&[
                ("sqs", "arn:aws:sns:us-east-1:123456789012:topic"),
                ("sns", "arn:aws:sqs:us-east-1:123456789012:queue"),
                ("stream", "arn:aws:sqs:us-east-1:123456789012:queue"),
                ("msk", "arn:aws:kinesis:us-east-1:123456789012:stream/s"),
            ])
            .to_owned();
        let event = match kind {
            "sns" => json!({ "arn": arn }),
            "msk" => json!({ "arn": arn, "topic": "t" }),
            _ => json!(arn),
        };
        with_event(g, r, kind, event)
    }),
    (codes::SQS_INVALID_BATCH_CONFIG, |g, r| {
        let batch = r.range(11, 10_000);
        with_event(g, r, "sqs", json!({ "arn": "arn:aws:sqs:us-east-1:123456789012:q", "batchSize": batch }))
    }),
    (codes::SQS_INVALID_MAXIMUM_CONCURRENCY, |g, r| {
        let n = if r.chance(50) { 1 } else { r.range(1001, 5000) };
        with_event(g, r, "sqs", json!({ "arn": "arn:aws:sqs:us-east-1:123456789012:q", "maximumConcurrency": n }))
    }),
    (codes::STREAM_MISSING_STARTING_POSITION_TIMESTAMP, |g, r| {
        let arn = "arn:aws:kinesis:us-east-1:123456789012:stream/clicks";
        with_event(g, r, "stream", json!({ "arn": arn, "startingPosition": "AT_TIMESTAMP" }))
    }),
    (codes::FUNCTION_STREAM_STARTING_POSITION_TIMESTAMP_INVALID, |g, r| {
        let arn = "arn:aws:kinesis:us-east-1:123456789012:stream/clicks";
        with_event(g, r, "stream", json!({ "arn": arn, "consumer": true, "startingPosition": "AT_TIMESTAMP" }))
    }),
    (codes::FUNCTION_MSK_STARTING_POSITION_TIMESTAMP_INVALID, |g, r| {
        let arn = "arn:aws:kafka:us-east-1:123456789012:cluster/core/abc-1";
        with_event(g, r, "msk", json!({ "arn": arn, "topic": "t", "startingPosition": "AT_TIMESTAMP" }))
    }),
    (codes::LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_EVENT_SOURCE, |g, r| {
        let key = cp_fn(g, r);
        let kind = *r.pick(&["activemq", "rabbitmq"]);
        let event = json!({
            "arn": "arn:aws:mq:us-east-1:123456789012:broker:jobs:b-1234",
            "basicAuthArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:mq",
            "queue": "jobs"
        });
        events_json(g, &key, vec![json!({ kind: event })])
    }),
    (codes::SNS_MISSING_TOPIC_NAME, |g, r| with_event(g, r, "sns", json!({ "arn": { "Ref": "Topic" } }))),
    (codes::S3_MULTIPLE_BUCKETS_PER_FUNCTION, |g, r| {
        let key = any_zip_fn(g, r);
        let events = vec![
            json!({ "s3": { "bucket": "acme-existing-a", "existing": true } }),
            json!({ "s3": { "bucket": "acme-existing-b", "existing": true } }),
        ];
        events_json(g, &key, events)
    }),
    (codes::S3_INVALID_NEW_BUCKET_FORMAT, |g, r| with_event(g, r, "s3", json!({ "bucket": { "Ref": "Bucket" } }))),
    (codes::S3_INVALID_BUCKET_PATTERN, |g, r| {
        let name = *r.pick(&["Upper-Case", "under_score", "-dash", "a..b", "192.168.0.1"]);
        with_event(g, r, "s3", json!(name))
    }),
    (codes::DUPLICATE_EVENT, |g, r| {
        let key = any_zip_fn(g, r);
        let arn = "arn:aws:dynamodb:us-east-1:123456789012:table/T/stream/2026";
        events_json(g, &key, vec![json!({ "stream": arn }), json!({ "stream": { "arn": arn, "batchSize": 5 } })])
    }),
    (codes::INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION, |g, r| {
        let key = any_zip_fn(g, r);
        let event = json!({ "sqs": { "arn": "arn:aws:sqs:us-east-1:123456789012:q", "functionResponseType": "All" } });
        let Broken::Json(mut v) = events_json(g, &key, vec![event]) else { unreachable!("a JSON tree") };
        v["configValidationMode"] = json!("error");
        Broken::Json(v)
    }),
    (codes::API_GATEWAY_PRIVATE_WITHOUT_RESOURCE_POLICY, |g, r| {
        let mut v = with_http(g, r, vec![json!("GET items")]);
        v["provider"]["endpointType"] = (*r.pick(&["PRIVATE", "private"])).into();
        Broken::Json(v)
    }),
    (codes::DUPLICATE_EVENT, |g, r| {
        let second =
            if r.chance(50) { json!({ "method": "GET", "path": "/items/{id}/" }) } else { json!("get items/{id}") };
        Broken::Json(with_http(g, r, vec![json!("GET items/{id}"), second]))
    }),
    (codes::API_GATEWAY_MISSING_REST_API_ROOT_RESOURCE_ID, |g, r| {
        let mut v = with_http(g, r, vec![json!("POST orders")]);
        v["provider"]["apiGateway"] = json!({ "restApiId": "a1b2c3d4e5" });
        Broken::Json(v)
    }),
    (codes::API_GATEWAY_EXTERNAL_API_LOGS, |g, r| {
        let mut v = with_http(g, r, vec![json!("POST orders")]);
        v["provider"]["apiGateway"] = json!({ "restApiId": "a1b2c3d4e5", "restApiRootResourceId": "r00t" });
        v["provider"]["logs"]["restApi"] = true.into();
        Broken::Json(v)
    }),
    (codes::API_GATEWAY_INVALID_VPC_ENDPOINT_IDS_CONFIG, |g, r| {
        let mut v = with_http(g, r, vec![json!("GET items")]);
        v["provider"]["endpointType"] = (*r.pick(&["REGIONAL", "edge"])).into();
        v["provider"]["vpcEndpointIds"] = json!(["vpce-0abc1234"]);
        Broken::Json(v)
    }),
    (codes::API_GATEWAY_MISSING_AUTHORIZER_NAME_OR_ARN, |g, r| {
        let authorizer = json!({ "resultTtlInSeconds": 0, "identitySource": "method.request.header.Authorization" });
        Broken::Json(with_http(g, r, vec![json!({ "method": "get", "path": "me", "authorizer": authorizer })]))
    }),
    (codes::ARTIFACT_S3_KEY_COLLISION, |g, r| {
        // A second function whose zip has the same file name in another directory.
        let key = any_zip_fn(g, r);
        let config = g.service.config();
        let mut twin = config.functions[&key].clone();
        twin.events.clear();
        let artifact =
            twin.package.artifact.clone().or_else(|| config.package.artifact.clone()).expect("zip functions have one");
        let path = std::path::Path::new("elsewhere").join(artifact.path.file_name().expect("a file"));
        twin.package.artifact = Some(Artifact::with_sha256(path, "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U="));
        twin.name = None;
        g.service.config_mut().functions.insert(format!("{key}Twin"), twin);
        model(g)
    }),
    // ---- top-level layers ----
    (codes::LAYER_NO_CONTENT, |g, r| {
        let layer = Layer::default().description(*r.pick(&["no path", "no zip"]));
        g.service.layer("mutEmpty", layer);
        model(g)
    }),
    (codes::LAYER_INVALID_PROPERTY, |g, r| {
        let mut layer = Layer::artifact(Artifact::with_sha256(
            "dist/mut-layer.zip",
            "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U=",
        ));
        match r.below(5) {
            0 => {
                let all: Vec<Runtime> =
                    Runtime::ALL.iter().copied().filter(|r| !r.as_str().starts_with("nodejs1")).collect();
                layer.compatible_runtimes = Some(all.into_iter().take(16).map(Into::into).collect());
            }
            1 => {
                layer.compatible_architectures =
                    Some(vec![Architecture::Arm64, Architecture::X86_64, Architecture::Arm64])
            }
            2 => layer = layer.name(*r.pick(&["my deps", "deps!", ""])),
            3 => layer = layer.description("d".repeat(r.range(257, 400) as usize)),
            _ => layer = layer.allow_account(*r.pick(&["12345", "arn:aws:iam::123456789012:root", "everyone"])),
        }
        g.service.layer("mutLayer", layer);
        model(g)
    }),
    (codes::LAYER_UNDEFINED, |g, r| {
        let key = any_zip_fn(g, r);
        let retained = r.chance(50);
        if retained {
            let layer = Layer::artifact(Artifact::with_sha256(
                "dist/mut-layer.zip",
                "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U=",
            ));
            g.service.layer("mutKept", layer.retain(true));
        }
        let id = if retained { "MutKeptLambdaLayer" } else { "NowhereLambdaLayer" };
        fn_mut(g, &key).layers = Some(vec![Intrinsic::reference(id).into()]);
        model(g)
    }),
    // ---- events: the reference's event errors and the stricter ones, each with its path ----
    (codes::ALB_PRIORITY_ALREADY_IN_USE, |g, r| {
        // Two functions, one listener, one priority: the later function is named.
        let (a, b) = (plain_fn(g, r), cp_fn(g, r));
        let later = later_of(g, &a, &b);
        let mut v = json_without(g, &["alb"]);
        let priority = r.range(1, 9_999);
        for key in [&a, &b] {
            push_event(&mut v, key, "alb", alb(priority));
        }
        let at = format!("{}.priority", event_path(&v, &later, "alb"));
        Broken::JsonAt(v, at)
    }),
    (codes::ALB_TARGET_GROUP_NAME_EXCLUSIVE, |g, r| {
        let mut e = alb(r.range(1, 9_999));
        e["targetGroupName"] = "mut-target-group".into();
        let (mut v, at) = with_event_at(g, r, "alb", e);
        v["provider"]["alb"] = json!({ "targetGroupPrefix": "mut-" });
        Broken::JsonAt(v, format!("{at}.targetGroupName"))
    }),
    (codes::ALB_NO_CONDITIONS, |g, r| {
        let mut e = alb(r.range(1, 9_999));
        e["conditions"] = json!({});
        broken_event(g, r, "alb", e, "")
    }),
    (codes::ALB_MISSING_AUTHORIZER, |g, r| {
        let mut e = alb(r.range(1, 9_999));
        e["authorizer"] = json!([*r.pick(&["nowhere", "cognitoAuth"])]);
        broken_event(g, r, "alb", e, ".authorizer")
    }),
    (codes::ALB_INVALID_LISTENER_ARN, |g, r| {
        let mut e = alb(r.range(1, 9_999));
        e["listenerArn"] = pick_json(
            r,
            &[
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/net/lb/50dc6c495c0c9188/f2f7dc8efc522ab2",
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lb/50dc6c495c0c9188",
                "listener-1",
            ],
        );
        broken_event(g, r, "alb", e, ".listenerArn")
    }),
    (codes::ALB_INVALID_HEALTH_CHECK, |g, r| {
        let interval = r.range(5, 100);
        let mut e = alb(r.range(1, 9_999));
        e["healthCheck"] = json!({ "intervalSeconds": interval, "timeoutSeconds": r.range(interval, 120) });
        broken_event(g, r, "alb", e, ".healthCheck")
    }),
    (codes::WEBSOCKETS_MISSING_AUTHORIZER_NAME, |g, r| {
        let authorizer = json!({ "arn": { "Fn::GetAtt": ["MutAuthorizerFunction", "Arn"] } });
        let (v, at) = with_event_without(
            g,
            r,
            &["websocket"],
            "websocket",
            json!({ "route": "$connect", "authorizer": authorizer }),
        );
        Broken::JsonAt(v, format!("{at}.authorizer.arn"))
    }),
    (codes::WEBSOCKETS_AUTHORIZER_NOT_ON_CONNECT, |g, r| {
        let route = *r.pick(&["$default", "$disconnect", "mutRoute"]);
        let authorizer = "arn:aws:lambda:us-east-1:123456789012:function:mut-ws-auth";
        let (v, at) =
            with_event_without(g, r, &["websocket"], "websocket", json!({ "route": route, "authorizer": authorizer }));
        Broken::JsonAt(v, format!("{at}.authorizer"))
    }),
    (codes::SCHEDULE_PARAMETER_NOT_SUPPORTED, |g, r| {
        let mut e = json!({ "rate": ["rate(5 minutes)"] });
        match r.below(3) {
            0 => e["inputPath"] = "$.detail".into(),
            1 => e["inputTransformer"] = json!({ "inputTemplate": "{}" }),
            _ => e["timezone"] = "Europe/Berlin".into(),
        }
        if e.get("timezone").is_none() {
            e["method"] = "scheduler".into();
        }
        broken_event(g, r, "schedule", e, "")
    }),
    (codes::SCHEDULE_NAME_NOT_ALLOWED_MULTIPLE_RATES, |g, r| {
        let e = json!({ "rate": ["rate(5 minutes)", "cron(0 12 * * ? *)"], "name": "mut-schedule" });
        broken_event(g, r, "schedule", e, "")
    }),
    (codes::INVALID_SCHEDULE_EXPRESSION, |g, r| {
        let expression =
            pick_json(r, &["rate(0 minutes)", "rate(5 fortnights)", "cron(0 12 * * * *)", "cron(0 12 * *)"]);
        if r.chance(50) {
            broken_event(g, r, "schedule", expression, "")
        } else {
            broken_event(g, r, "eventBridge", json!({ "schedule": expression }), ".schedule")
        }
    }),
    (codes::EVENTBRIDGE_MULTIPLE_INPUT_PROPERTIES, |g, r| {
        let e = json!({ "pattern": { "source": ["mut"] }, "input": { "a": 1 }, "inputPath": "$.detail" });
        broken_event(g, r, "eventBridge", e, "")
    }),
    (codes::CLOUDWATCH_MULTIPLE_INPUT_PROPERTIES, |g, r| {
        let transformer = json!({ "inputTemplate": "{}", "inputPathsMap": {} });
        let e = json!({ "event": { "source": ["mut"] }, "inputPath": "$.detail", "inputTransformer": transformer });
        broken_event(g, r, "cloudwatchEvent", e, "")
    }),
    (codes::API_GATEWAY_INVALID_STAGE_NAME, |g, r| {
        // Every stage API Gateway rejects, the service rejects too (see `SHADOWED`).
        let (mut v, _) = with_event_at(g, r, "http", json!({ "method": "get", "path": "mut/items" }));
        v["provider"]["stage"] = pick_json(r, &["dev.1", "qa test", "pr#42", "é"]);
        Broken::JsonAt(v, "provider.stage".into())
    }),
    (codes::API_GATEWAY_EXTERNAL_API_TRACING, |g, r| {
        let (mut v, _) = with_event_without(g, r, &["http"], "http", json!({ "method": "get", "path": "mut/items" }));
        v["provider"]["apiGateway"] = json!({ "restApiId": "a1b2c3d4e5", "restApiRootResourceId": "r00t" });
        v["provider"]["tracing"]["apiGateway"] = true.into();
        Broken::JsonAt(v, "provider.tracing.apiGateway".into())
    }),
    (codes::HTTP_API_AUTHORIZER_AWS_IAM_UNEXPECTED_PROPERTIES, |g, r| {
        let extra = if r.chance(50) { json!({ "name": "genJwt" }) } else { json!({ "scopes": ["a/read"] }) };
        let mut authorizer = json!({ "type": "aws_iam" });
        authorizer.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        broken_event(
            g,
            r,
            "httpApi",
            json!({ "method": "GET", "path": "/mut", "authorizer": authorizer }),
            ".authorizer",
        )
    }),
    (codes::EXTERNAL_HTTP_API_AUTHORIZER_WITHOUT_EXTERNAL_HTTP_API, |g, r| {
        let e = json!({ "method": "GET", "path": "/mut", "authorizer": { "id": "abc123" } });
        broken_event(g, r, "httpApi", e, ".authorizer")
    }),
    (codes::EXTERNAL_HTTP_API_LOGS_CONFIG, |g, r| {
        let mut v = external_http_api(g, r);
        v["provider"]["logs"]["httpApi"] = true.into();
        Broken::JsonAt(v, "provider.logs.httpApi".into())
    }),
    (codes::EXTERNAL_HTTP_API_CORS_CONFIG, |g, r| {
        let mut v = external_http_api(g, r);
        v["provider"]["httpApi"]["cors"] = true.into();
        Broken::JsonAt(v, "provider.httpApi.cors".into())
    }),
    (codes::EXTERNAL_HTTP_API_AUTHORIZERS_CONFIG, |g, r| {
        let mut v = external_http_api(g, r);
        let jwt = json!({ "identitySource": "$request.header.Authorization", "issuerUrl": "https://issuer.example.com", "audience": ["a"] });
        v["provider"]["httpApi"]["authorizers"] = json!({ "mutJwt": jwt });
        Broken::JsonAt(v, "provider.httpApi.authorizers".into())
    }),
    (codes::HTTP_API_CUSTOM_AUTHORIZER_NEITHER_FUNCTION_ARN_NOR_FUNCTION_NAME_DEFINED, |g, r| {
        request_authorizer(g, r, json!({ "type": "request", "identitySource": ["$request.header.X"] }))
    }),
    (codes::HTTP_API_CUSTOM_AUTHORIZER_BOTH_FUNCTION_ARN_AND_FUNCTION_NAME_DEFINED, |g, r| {
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:mut-auth";
        let key = any_fn(g, r);
        request_authorizer(g, r, json!({ "type": "request", "functionArn": arn, "functionName": key }))
    }),
    (codes::HTTP_API_CUSTOM_AUTHORIZER_FUNCTION_NOT_FOUND_IN_SERVICE, |g, r| {
        let name = *r.pick(&["nowhere", "mutAuthorizer"]);
        request_authorizer(g, r, json!({ "type": "request", "functionName": name }))
    }),
    (codes::HTTP_API_CUSTOM_AUTHORIZER_IDENTITY_SOURCE_MISSING_WHEN_CACHING_ENABLED, |g, r| {
        let (key, ttl) = (any_fn(g, r), r.range(1, 3600));
        request_authorizer(g, r, json!({ "type": "request", "functionName": key, "resultTtlInSeconds": ttl }))
    }),
    (codes::HTTP_API_SIMPLE_RESPONSES_ON_PAYLOAD_1, |g, r| {
        let key = any_fn(g, r);
        let a =
            json!({ "type": "request", "functionName": key, "payloadVersion": "1.0", "enableSimpleResponses": true });
        let Broken::JsonAt(v, at) = request_authorizer(g, r, a) else { unreachable!("a JSON tree") };
        Broken::JsonAt(v, format!("{at}.enableSimpleResponses"))
    }),
    (codes::INVALID_EVENT, |g, r| {
        // Cognito rules that have no code of the reference's own yet: a custom sender without a
        // KMS key, `lambdaVersion` on a trigger that has none.
        let (e, suffix) = if r.chance(50) {
            (json!({ "pool": "MutPool", "trigger": *r.pick(&["CustomSMSSender", "CustomEmailSender"]) }), "")
        } else {
            (json!({ "pool": "MutPool", "trigger": "PostConfirmation", "lambdaVersion": "V2_0" }), ".lambdaVersion")
        };
        broken_event(g, r, "cognitoUserPool", e, suffix)
    }),
];

/// An ALB event on the generated listener at priority 40 000 + `priority` (1..10 000), above the
/// generated ones.
fn alb(priority: u32) -> Value {
    json!({ "listenerArn": generate_events::LISTENER_ARN, "priority": 40_000 + priority, "conditions": { "path": "/mut" } })
}

fn pick_json(r: &mut Rng, items: &[&str]) -> Value {
    Value::from(*r.pick(items))
}

/// The service as JSON without any event of `kinds` (nor the provider settings they read).
fn json_without(g: &Generated, kinds: &[&str]) -> Value {
    let mut v = json_of(g);
    if let Some(Value::Object(functions)) = v.get_mut("functions") {
        for f in functions.values_mut() {
            if let Some(Value::Array(events)) = f.get_mut("events") {
                events.retain(|e| !kinds.iter().any(|k| e.get(*k).is_some()));
            }
        }
    }
    if kinds.contains(&"httpApi")
        && let Some(Value::Object(p)) = v.get_mut("provider")
    {
        p.shift_remove("httpApi");
    }
    v
}

/// Appends a `kind` event to function `key` of a serverless.json tree.
fn push_event(v: &mut Value, key: &str, kind: &str, event: Value) {
    let list = &mut v["functions"][key]["events"];
    if !list.is_array() {
        *list = json!([]);
    }
    list.as_array_mut().expect("a list").push(json!({ kind: event }));
}

/// The diagnostic path of the last `kind` event of function `key` (`functions.<key>.events.<n>.<kind>`).
fn event_path(v: &Value, key: &str, kind: &str) -> String {
    let n = v["functions"][key]["events"].as_array().map_or(0, Vec::len) - 1;
    format!("functions.{key}.events.{n}.{kind}")
}

/// Of two functions, the one the reference visits later (JavaScript key order: integer-like keys
/// such as `17385` first).
fn later_of(g: &Generated, a: &str, b: &str) -> String {
    let keys: Vec<&str> = g.service.config().functions.keys().map(String::as_str).collect();
    let order = naming::js_key_order(keys.iter().copied());
    let pos = |k: &str| order.iter().position(|&i| keys[i] == k);
    if pos(a) > pos(b) { a.to_string() } else { b.to_string() }
}

/// The service as JSON, without events of `kinds`, plus one `kind` event on a zip function;
/// and that event's path.
fn with_event_without(g: &Generated, r: &mut Rng, kinds: &[&str], kind: &str, event: Value) -> (Value, String) {
    let key = any_zip_fn(g, r);
    let mut v = json_without(g, kinds);
    push_event(&mut v, &key, kind, event);
    let at = event_path(&v, &key, kind);
    (v, at)
}

fn with_event_at(g: &Generated, r: &mut Rng, kind: &str, event: Value) -> (Value, String) {
    with_event_without(g, r, &[], kind, event)
}

/// One broken `kind` event; the error is expected at the event's path plus `suffix`.
fn broken_event(g: &Generated, r: &mut Rng, kind: &str, event: Value, suffix: &str) -> Broken {
    let (v, at) = with_event_at(g, r, kind, event);
    Broken::JsonAt(v, format!("{at}{suffix}"))
}

/// A service whose routes go to an existing HTTP API (`provider.httpApi.id`).
fn external_http_api(g: &Generated, r: &mut Rng) -> Value {
    let (mut v, _) = with_event_without(g, r, &["httpApi"], "httpApi", json!({ "method": "GET", "path": "/mut" }));
    v["provider"]["httpApi"] = json!({ "id": "abc123" });
    v
}

/// A route using HTTP API authorizer `mutAuth`, defined as `authorizer`.
fn request_authorizer(g: &Generated, r: &mut Rng, authorizer: Value) -> Broken {
    let route = json!({ "method": "GET", "path": "/mut", "authorizer": { "name": "mutAuth" } });
    let (mut v, _) = with_event_at(g, r, "httpApi", route);
    v["provider"]["httpApi"]["authorizers"]["mutAuth"] = authorizer;
    Broken::JsonAt(v, "provider.httpApi.authorizers.mutAuth".into())
}

/// The service as JSON with `events` on one plain function.
fn with_events_json(g: &Generated, r: &mut Rng, events: Value) -> Value {
    let key = plain_fn(g, r);
    let mut v = json_of(g);
    v["functions"][key]["events"] = events;
    v
}

fn with_events(g: &Generated, r: &mut Rng, events: Value) -> Broken {
    Broken::Json(with_events_json(g, r, events))
}

/// The service as serverless.json with one `kind` event added to a zip function.
fn with_event(g: &Generated, r: &mut Rng, kind: &str, event: Value) -> Broken {
    let key = any_zip_fn(g, r);
    events_json(g, &key, vec![json!({ kind: event })])
}

/// The service as serverless.json with `events` added to function `key`.
fn events_json(g: &Generated, key: &str, events: Vec<Value>) -> Broken {
    let mut v = json_of(g);
    let list = &mut v["functions"][key]["events"];
    if !list.is_array() {
        *list = json!([]);
    }
    list.as_array_mut().expect("a list").extend(events);
    Broken::Json(v)
}

/// The service as a serverless.json tree with `http` events added to one function.
fn with_http(g: &Generated, r: &mut Rng, events: Vec<Value>) -> Value {
    let mut v = json_of(g);
    let key = any_fn(g, r);
    let list = &mut v["functions"][key.as_str()]["events"];
    if !list.is_array() {
        *list = json!([]);
    }
    if let Value::Array(list) = list {
        list.extend(events.into_iter().map(|e| json!({ "http": e })));
    }
    v
}

fn model(g: &Generated) -> Broken {
    Broken::Model(Box::new(g.service.clone()))
}

/// The service as a serverless.json tree.
fn json_of(g: &Generated) -> Value {
    let mut v = serde_json::to_value(g.service.config()).expect("model serializes");
    v["provider"]["name"] = "aws".into();
    v
}

fn other(arch: Architecture) -> Architecture {
    if arch == Architecture::Arm64 { Architecture::X86_64 } else { Architecture::Arm64 }
}

fn fn_mut<'a>(g: &'a mut Generated, key: &str) -> &'a mut Function {
    g.service.config_mut().functions.get_mut(key).expect("function exists")
}

fn cp_mut<'a>(g: &'a mut Generated, name: &str) -> &'a mut stackwright::model::CapacityProviderConfig {
    g.service.config_mut().provider.capacity_providers.get_mut(name).expect("capacity provider exists")
}

/// The object form of a function's capacity-provider reference (same target).
fn settings_mut(f: &mut Function) -> &mut FunctionCapacityProvider {
    let current = f.capacity_provider.take().expect("a capacity-provider function");
    let config = match current {
        CapacityProviderRef::Config(c) => c,
        CapacityProviderRef::Name(n) => FunctionCapacityProvider {
            name: Some(n.into()),
            max_concurrency: None,
            memory_per_vcpu: None,
            scaling: None,
        },
        CapacityProviderRef::Intrinsic(i) => FunctionCapacityProvider {
            name: Some(i.into()),
            max_concurrency: None,
            memory_per_vcpu: None,
            scaling: None,
        },
    };
    f.capacity_provider = Some(CapacityProviderRef::Config(config));
    match f.capacity_provider.as_mut() {
        Some(CapacityProviderRef::Config(c)) => c,
        _ => unreachable!(),
    }
}

fn declared_cp(g: &Generated, r: &mut Rng) -> String {
    let declared: Vec<&str> = g.service.config().provider.capacity_providers.keys().map(String::as_str).collect();
    r.pick(&declared).to_string()
}

fn pick_fn(g: &Generated, r: &mut Rng, keep: impl Fn(&generate::FnInfo) -> bool) -> String {
    let keys: Vec<&str> = g.functions.iter().filter(|f| keep(f)).map(|f| f.key.as_str()).collect();
    r.pick(&keys).to_string()
}

fn any_fn(g: &Generated, r: &mut Rng) -> String {
    pick_fn(g, r, |_| true)
}

fn any_zip_fn(g: &Generated, r: &mut Rng) -> String {
    pick_fn(g, r, |f| !f.image)
}

fn plain_fn(g: &Generated, r: &mut Rng) -> String {
    pick_fn(g, r, |f| f.kind == Kind::Plain && !f.image)
}

fn cp_fn(g: &Generated, r: &mut Rng) -> String {
    pick_fn(g, r, |f| f.kind != Kind::Plain)
}

/// A function on a capacity provider declared in this service, and that provider.
fn local_cp_fn(g: &Generated, r: &mut Rng) -> (String, String) {
    let declared = &g.service.config().provider.capacity_providers;
    let key = pick_fn(g, r, |f| matches!(&f.kind, Kind::Local(cp) if declared.contains_key(cp)));
    let Kind::Local(cp) = &g.functions.iter().find(|f| f.key == key).unwrap().kind else { unreachable!() };
    (key, cp.clone())
}

/// A generated service with at least one declared capacity provider, one function on it and one
/// plain zip function, so that every mutation has a target.
fn base(seed: u64) -> Generated {
    let mut g = generate::service_with(seed, 1, 12);
    let declared = g.service.config().provider.capacity_providers.clone();
    let sha = "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U=";
    if !g.functions.iter().any(|f| matches!(&f.kind, Kind::Local(cp) if declared.contains_key(cp))) {
        let cp = g.cps.iter().find(|c| declared.contains_key(&c.name)).unwrap().clone();
        let f = Function::handler("index.onCp")
            .runtime(Runtime::Nodejs24x)
            .memory_size(4096)
            .timeout(60)
            .architecture(cp.arch)
            .artifact(Artifact::with_sha256("dist/cp.zip", sha))
            .capacity_provider(CapacityProviderRef::Name(cp.name.clone()));
        g.service.function("extraOnCp", f);
        g.functions.push(generate::FnInfo { key: "extraOnCp".into(), kind: Kind::Local(cp.name), image: false });
    }
    if !g.functions.iter().any(|f| f.kind == Kind::Plain && !f.image) {
        let f = Function::handler("index.plain")
            .runtime(Runtime::Nodejs22x)
            .artifact(Artifact::with_sha256("dist/p.zip", sha));
        g.service.function("extraPlain", f);
        g.functions.push(generate::FnInfo { key: "extraPlain".into(), kind: Kind::Plain, image: false });
    }
    g
}

/// Rules that cannot fire alone: every input that breaks the first breaks the second, a stricter
/// rule of stackwright's, too (API Gateway's stage characters are a superset of the service's).
const SHADOWED: &[(&str, &str)] = &[(codes::API_GATEWAY_INVALID_STAGE_NAME, codes::INVALID_SERVICE_NAME)];

/// A diagnostic path with list indexes as segments (`events[2]` → `events.2`).
fn dotted(path: &str) -> String {
    path.replace('[', ".").replace(']', "")
}

fn error_codes(d: &Diagnostics) -> Vec<&'static str> {
    let mut c: Vec<&'static str> = d.errors().map(|e| e.code).collect();
    c.dedup();
    c.sort_unstable();
    c.dedup();
    c
}

#[test]
fn every_single_break_fails_with_its_rule_code() {
    let counts: Mutex<BTreeMap<&'static str, usize>> = Mutex::new(BTreeMap::new());
    let mut runner = crate::runner(48);
    let result = runner.run(&any::<u64>(), |seed| {
        let g = base(seed);
        g.service.synth().map_err(|d| TestCaseError::fail(format!("seed {seed}: base service invalid:\n{d}")))?;
        let mut rng = Rng::new(seed ^ 0xdead_beef);
        for (code, mutate) in MUTATIONS {
            let mut copy = g.clone();
            let broken = mutate(&mut copy, &mut rng);
            let (v, at) = match broken {
                Broken::Model(svc) => (Err(svc), None),
                Broken::Json(v) => (Ok(v), None),
                Broken::JsonAt(v, at) => (Ok(v), Some(at)),
            };
            let diagnostics = match v {
                Err(svc) => svc.synth().err(),
                Ok(v) => match Service::from_value(&v) {
                    Err(d) => Some(d),
                    Ok(svc) => Some(svc.validate()).filter(|d| d.has_errors()),
                },
            };
            let Some(d) = diagnostics else {
                return Err(TestCaseError::fail(format!("seed {seed}: breaking {code} was accepted")));
            };
            let found = error_codes(&d);
            let mut expected: Vec<&str> = SHADOWED.iter().filter(|(c, _)| c == code).map(|(_, s)| *s).collect();
            expected.push(code);
            expected.sort_unstable();
            prop_assert_eq!(&found, &expected, "seed {}: breaking {} gave:\n{}", seed, code, d);
            if let Some(at) = at {
                for e in d.errors() {
                    let path = dotted(&e.path);
                    let inside = path == at || path.starts_with(&format!("{at}."));
                    prop_assert!(inside, "seed {seed}: breaking {code}: error at {path}, expected at {at}:\n{d}");
                }
            }
            *counts.lock().unwrap().entry(code).or_default() += 1;
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let counts = counts.into_inner().unwrap();
    let rules: std::collections::BTreeSet<&str> = MUTATIONS.iter().map(|(c, _)| *c).collect();
    for rule in &rules {
        assert!(counts.get(rule).is_some_and(|n| *n > 0), "rule {rule} never reached");
    }
    eprintln!("mutation: per-rule counts ({} rules):", counts.len());
    for (code, n) in &counts {
        eprintln!("  {code:<60} {n}");
    }
}

/// Every rule of DECISIONS.md D2 and reference §7 has a mutation (the list is checked against
/// the rule codes, so a new rule without a mutation fails here).
#[test]
fn mutator_covers_every_rule_code() {
    let mutated: Vec<&str> = MUTATIONS.iter().map(|(c, _)| *c).collect();
    let not_rules = [
        codes::CONFIG_PARSE_ERROR,
        codes::CONFIG_READ_ERROR,
        codes::CONFIG_UNKNOWN_KEY,
        codes::CONFIG_UNSUPPORTED_KEY,
        codes::CONFIG_INVALID_VALUE,
        codes::CONFIG_MISSING_KEY,
        // serverless.yml variables (`${env:..}`), resolved by the CLI before the model exists.
        codes::CONFIG_UNRESOLVED_VARIABLE,
        codes::LAMBDA_CAPACITY_PROVIDER_UNUSED,
        codes::LAMBDA_MANAGED_INSTANCES_VERSIONS_DISABLED,
        codes::LAMBDA_DEPRECATED_RUNTIME,
        codes::IAM_WILDCARD_STATEMENT,
        // A note and a warning about plugins left out: core/tests/plugins.rs.
        codes::PLUGIN_BUILD_TIME,
        codes::PLUGIN_DEPLOY_TIME,
        codes::PLUGIN_VALUE,
        codes::BUILD_NOT_RUN,
        // serverless-step-functions' `validate: true`, a note made while loading: core/tests/step_functions.rs.
        codes::STEP_FUNCTIONS_NOT_VALIDATED,
        // serverless-lift's construct checks, made while loading: core/tests/lift.rs.
        codes::LIFT_INVALID_CONSTRUCT_CONFIGURATION,
        codes::LIFT_UNKNOWN_EXTENSION,
        codes::LIFT_UNKNOWN_CONSTRUCT_TYPE,
        codes::LIFT_CONSTRUCT_UNSUPPORTED,
        // Packaging (`Service::package`, feature `package`): cli/tests/package.rs.
        codes::PACKAGE_NO_FILES,
        codes::PACKAGE_INVALID_PATTERN,
        codes::PACKAGE_TOO_LARGE,
        codes::PACKAGE_BUILD_ERROR,
        codes::PACKAGE_PATTERN_UNMATCHED,
        codes::PACKAGE_FUNCTION_PATTERNS_IGNORED,
        codes::PACKAGE_SYMLINK_SKIPPED,
        // A loading warning (`provider.ecr` no function uses): core/tests/load.rs.
        codes::CONFIG_NO_EFFECT,
        // Lambda@Edge (`cloudFront` events): core/tests/cloud_front.rs. A generated service's
        // region, runtimes and settings would break other edge rules at once.
        codes::LAMBDA_EDGE_UNSUPPORTED_MEMORY_SIZE,
        codes::LAMBDA_EDGE_UNSUPPORTED_TIMEOUT_VALUE,
        codes::LAMBDA_EDGE_UNSUPPORTED_CONFIGURATION,
        codes::CLOUDFRONT_INVALID_REGION,
        codes::CLOUDFRONT_MULTIPLE_DEFAULT_ORIGIN_EVENTS,
        codes::UNRECOGNIZED_CLOUDFRONT_CACHE_POLICY,
        codes::CLOUDFRONT_MULTIPLE_BEHAVIORS_FOR_SINGLE_PATH_PATTERN,
        codes::CLOUDFRONT_EVENT_TYPE_NON_UNIQUE_CACHE_BEHAVIOR,
        codes::CLOUDFRONT_CACHE_POLICY_UNUSED,
        // The object form of `image` (loader codes): core/tests/load.rs.
        codes::FUNCTION_IMAGE_NEITHER_URI_NOR_NAME_DEFINED_ERROR,
        codes::FUNCTION_IMAGE_BOTH_URI_AND_NAME_DEFINED_ERROR,
        // `resources.extensions`: core/tests/surface.rs.
        codes::RESOURCE_EXTENSION_NOT_EXISTING,
        codes::RESOURCE_EXTENSION_UNSUPPORTED_ATTRIBUTE,
        // The reference's codes for features stackwright rejects as a whole with
        // CONFIG_UNSUPPORTED_KEY (EventBridge through custom resources, `provider.eventBridge`
        // without `useCloudFormation: true`): never emitted.
        codes::LEGACY_CONFIGURATION_PROPERTY_MERGE_INVALID_INPUT,
        codes::ERROR_INVALID_RETRY_POLICY_TO_EVENT_BUS_CUSTOM_RESOURCE,
        codes::ERROR_INVALID_REFERENCE_TO_EVENT_BUS_CUSTOM_RESOURCE,
        codes::ERROR_INVALID_DEAD_LETTER_CONFIG_TO_EVENT_BUS_CUSTOM_RESOURCE,
    ];
    for code in codes::ALL {
        assert!(mutated.contains(code) || not_rules.contains(code), "no mutation reaches rule {code}");
    }
}
