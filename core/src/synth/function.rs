//! `AWS::Lambda::Function` resources, their versions (with the reference's hash), provisioned
//! concurrency aliases and `QualifiedArn` outputs (template-core §6, §7; capacity providers §5).

use std::path::PathBuf;

use serde_json::{Map, Value, json};

use super::{Doc, artifact_error};
use crate::artifact::{self, ArtifactHasher};
use crate::diagnostics::Diagnostics;
use crate::model::{Expr, Function, FunctionVpc, Vpc};
use crate::naming;
use crate::resolve::{CpTarget, Resolved};
use crate::service::{ServiceData, Upload, UploadBucket};

/// Where function code lives: the bucket, the artifact directory and the artifact files.
pub(super) struct Code {
    bucket: Value,
    directory: String,
    hasher: ArtifactHasher,
}

impl Code {
    pub fn new(
        service: &ServiceData,
        r: &Resolved,
        bucket: Value,
        build_time_millis: u64,
        read_artifacts: bool,
    ) -> Self {
        Code {
            bucket,
            directory: format!(
                "serverless/{}/{}/{}",
                r.service(),
                r.stage,
                artifact::artifact_directory_name(build_time_millis)
            ),
            hasher: ArtifactHasher::new(service.base_dir.as_deref(), !read_artifacts),
        }
    }
}

/// A function's version, emitted after all functions (as in the reference).
struct PendingVersion {
    key: String,
    code_sha256: String,
    digest: String,
    description: Option<String>,
    retain: bool,
    provisioned: Option<u32>,
}

/// Adds every function, then every version/alias and its output; returns the uploads.
pub(super) fn add(doc: &mut Doc, r: &Resolved, mut code: Code, diagnostics: &mut Diagnostics) -> Vec<Upload> {
    let mut uploads: Vec<Upload> = Vec::new();
    let mut versions = Vec::new();
    for (key, f) in &r.functions {
        let (code_json, code_sha256) = if let Some(image) = &f.image {
            let digest = image.rsplit_once("@sha256:").map(|(_, d)| d.to_string()).unwrap_or_default();
            (json!({ "ImageUri": image }), digest)
        } else {
            let s3_key = format!("{}/{}", code.directory, artifact::artifact_file_name(r.config, key, f));
            if s3_key.len() > 1024 {
                // S3 object keys (and Lambda's `Code.S3Key`) are at most 1024 bytes.
                diagnostics.push(artifact_error(
                    format!("functions.{key}"),
                    format!(
                        "the S3 key of function \"{key}\"'s artifact would have {} bytes; S3 allows at most 1024 \
                         (shorten the artifact's file name)",
                        s3_key.len()
                    ),
                ));
            }
            let sha = match artifact::function_artifact(r.config, f) {
                Some(a) => {
                    let path = if f.package.artifact.is_some() {
                        format!("functions.{key}.package.artifact")
                    } else {
                        "package.artifact".to_string()
                    };
                    let local_path: PathBuf = code.hasher.resolve(a);
                    let upload = Upload { local_path, bucket: upload_bucket(&code.bucket), key: s3_key.clone() };
                    if !uploads.contains(&upload) {
                        uploads.push(upload);
                    }
                    match code.hasher.code_sha256(a) {
                        Ok(sha) => sha,
                        Err(message) => {
                            diagnostics.push(artifact_error(path, message));
                            String::new()
                        }
                    }
                }
                None => {
                    diagnostics.push(artifact_error(
                        format!("functions.{key}"),
                        format!(
                            "function \"{key}\" has no artifact: stackwright does not package code; set package.artifact or functions.{key}.package.artifact to a zip file"
                        ),
                    ));
                    String::new()
                }
            };
            (obj([("S3Bucket", code.bucket.clone()), ("S3Key", s3_key.into())]), sha)
        };
        let properties = function_properties(r, key, f, code_json);
        let versioned = r.versioned(f);
        let digest = if !versioned && f.provisioned_concurrency.is_none() {
            None
        } else if f.image.is_none() {
            // The reference hashes the properties without the code location and without what
            // can change in place.
            Some(crate::hash::version_digest_excluding(&code_sha256, &properties, HASH_EXCLUDED))
        } else {
            // An image's digest is part of its location, which is hashed with the properties.
            Some(crate::hash::version_digest_excluding("", &properties, &HASH_EXCLUDED[1..]))
        };
        doc.add(
            naming::function_logical_id(key),
            obj([
                ("Type", "AWS::Lambda::Function".into()),
                ("Properties", Value::Object(properties)),
                ("DependsOn", Value::Array(vec![naming::log_group_logical_id(key).into()])),
            ]),
        );
        if let Some(digest) = digest {
            versions.push(PendingVersion {
                key: key.to_string(),
                code_sha256,
                digest,
                description: f.description.clone(),
                retain: versioned,
                provisioned: f.provisioned_concurrency,
            });
        }
    }
    for v in versions {
        let function_id = naming::function_logical_id(&v.key);
        let version_id = naming::version_logical_id(&v.key, &v.digest);
        let mut props = Map::new();
        props.insert("FunctionName".into(), reference(function_id));
        props.insert("CodeSha256".into(), v.code_sha256.into());
        if let Some(d) = v.description {
            props.insert("Description".into(), d.into());
        }
        let mut resource = Map::new();
        resource.insert("Type".into(), "AWS::Lambda::Version".into());
        if v.retain {
            resource.insert("DeletionPolicy".into(), "Retain".into());
        }
        resource.insert("Properties".into(), Value::Object(props));
        doc.add_generated(version_id.clone(), Value::Object(resource));
        if let Some(n) = v.provisioned {
            doc.add_generated(
                naming::provisioned_concurrency_alias_logical_id(&v.key),
                json!({
                    "Type": "AWS::Lambda::Alias",
                    "Properties": {
                        "FunctionName": { "Ref": naming::function_logical_id(&v.key) },
                        "FunctionVersion": { "Fn::GetAtt": [version_id, "Version"] },
                        "Name": "provisioned",
                        "ProvisionedConcurrencyConfig": { "ProvisionedConcurrentExecutions": n }
                    },
                    "DependsOn": naming::function_logical_id(&v.key)
                }),
            );
        }
        doc.add_output(
            naming::version_output_logical_id(&v.key),
            obj([("Description", "Current Lambda function version".into()), ("Value", reference(version_id))]),
        );
    }
    uploads
}

/// Top-level function properties the version hash leaves out; `Code` first (images keep it).
const HASH_EXCLUDED: &[&str] = &["Code", "ReservedConcurrentExecutions", "RecursiveLoop", "Tags"];

/// A JSON object from literal keys; cheaper than `json!` on the per-function hot path.
pub(super) fn obj<const N: usize>(entries: [(&str, Value); N]) -> Value {
    let mut map = Map::with_capacity(N);
    for (k, v) in entries {
        map.insert(k.to_owned(), v);
    }
    Value::Object(map)
}

/// `{"Ref": id}`.
pub(super) fn reference(id: String) -> Value {
    obj([("Ref", Value::String(id))])
}

/// `{"Fn::GetAtt": [id, attribute]}`.
pub(super) fn get_att(id: String, attribute: &str) -> Value {
    obj([("Fn::GetAtt", Value::Array(vec![Value::String(id), attribute.into()]))])
}

fn upload_bucket(bucket: &Value) -> UploadBucket {
    match bucket {
        Value::String(name) => UploadBucket::Named(name.clone()),
        _ => UploadBucket::InStack,
    }
}

/// The function's `Properties`, keys in the reference's emission order (§5.3).
fn function_properties(r: &Resolved, key: &str, f: &Function, code: Value) -> Map<String, Value> {
    let mut p = Map::new();
    p.insert("Code".into(), code);
    let cp = r.cp_target(f);
    if let Some((target, settings)) = &cp {
        let arn = match target {
            CpTarget::Local(name) => get_att(naming::capacity_provider_logical_id(name), "Arn"),
            CpTarget::Arn(arn) | CpTarget::Undefined(arn) => json!(arn),
            CpTarget::Intrinsic(i) => i.to_json(),
            CpTarget::MissingName => Value::Null,
        };
        let mut config = Map::new();
        config.insert("CapacityProviderArn".into(), arn);
        if let Some(s) = settings {
            if let Some(n) = s.max_concurrency {
                config.insert("PerExecutionEnvironmentMaxConcurrency".into(), n.into());
            }
            if let Some(m) = s.memory_per_vcpu {
                config.insert("ExecutionEnvironmentMemoryGiBPerVCpu".into(), m.gib().into());
            }
        }
        p.insert(
            "CapacityProviderConfig".into(),
            obj([("LambdaManagedInstancesCapacityProviderConfig", Value::Object(config))]),
        );
        if let Some(scaling) = settings.and_then(|s| s.scaling) {
            let mut sc = Map::new();
            if let Some(min) = scaling.min {
                sc.insert("MinExecutionEnvironments".into(), min.into());
            }
            if let Some(max) = scaling.max {
                sc.insert("MaxExecutionEnvironments".into(), max.into());
            }
            if !sc.is_empty() {
                p.insert("FunctionScalingConfig".into(), Value::Object(sc));
            }
        }
    }
    if let Some(handler) = &f.handler {
        p.insert("Handler".into(), handler.clone().into());
        p.insert("Runtime".into(), r.runtime(f).as_str().into());
    } else {
        p.insert("PackageType".into(), "Image".into());
    }
    p.insert("FunctionName".into(), r.function_name(key, f).into());
    p.insert("MemorySize".into(), r.memory(f).0.into());
    p.insert("Timeout".into(), r.timeout(f).into());
    if let Some(arch) = r.function_architecture(f) {
        p.insert("Architectures".into(), Value::Array(vec![arch.as_str().into()]));
    }
    if let Some(d) = &f.description {
        p.insert("Description".into(), d.clone().into());
    }
    let provider_env = r.config.provider.environment.as_ref();
    if provider_env.is_some() || f.environment.is_some() {
        let mut vars = Map::new();
        for (k, v) in provider_env.into_iter().chain(f.environment.as_ref()).flatten() {
            vars.insert(k.clone(), v.to_json());
        }
        p.insert("Environment".into(), obj([("Variables", Value::Object(vars))]));
    }
    p.insert("Role".into(), get_att(naming::EXECUTION_ROLE.to_owned(), "Arn"));
    if cp.is_none()
        && let Some(vpc) = function_vpc(r, f)
    {
        p.insert("VpcConfig".into(), vpc);
    }
    if let Some(n) = f.reserved_concurrency {
        p.insert("ReservedConcurrentExecutions".into(), n.into());
    }
    p
}

/// `VpcConfig` of a plain function: each field from the function, else from `provider.vpc`.
fn function_vpc(r: &Resolved, f: &Function) -> Option<Value> {
    let own: Option<&Vpc> = match &f.vpc {
        Some(FunctionVpc::Disabled(_)) => return None,
        Some(FunctionVpc::Config(v)) => Some(v),
        None => None,
    };
    let provider = r.config.provider.vpc.as_ref();
    let pick = |field: fn(&Vpc) -> Option<&Expr>| own.and_then(field).or_else(|| provider.and_then(field));
    let sg = pick(|v| v.security_group_ids.as_ref())?;
    let subnets = pick(|v| v.subnet_ids.as_ref())?;
    let mut out = Map::new();
    if let Some(ipv6) =
        own.and_then(|v| v.ipv6_allowed_for_dual_stack).or(provider.and_then(|v| v.ipv6_allowed_for_dual_stack))
    {
        out.insert("Ipv6AllowedForDualStack".into(), ipv6.into());
    }
    out.insert("SecurityGroupIds".into(), sg.to_json());
    out.insert("SubnetIds".into(), subnets.to_json());
    Some(Value::Object(out))
}
