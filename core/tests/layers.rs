//! Top-level `layers` (serverless-iam-and-surface.md §9.2): one test per rule (code, path,
//! message), the synthesized resources, permissions and outputs in the reference's order, and the
//! hashes recomputed here from the documented algorithms (layer: hex SHA-1 of the resource's
//! `JSON.stringify` without `S3Key`, then the zip; function version: template-core §7.2 with
//! `layerConfigurations`), not taken from stackwright's own output.

use serde_json::{Value, json};
use sha1::{Digest, Sha1};
use stackwright_core::hash::code_sha256;
use stackwright_core::*;

const FN_ZIP: &[u8] = b"dummy";
const LAYER_ZIP: &[u8] = b"layerbytes";
const DIR: &str = "serverless/my-service/dev/1767225600000-2026-01-01T00:00:00.000Z";

/// A directory with the service's zip and a layer zip, unique per test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("stackwright-layers-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("service.zip"), FN_ZIP).unwrap();
    std::fs::write(dir.join("deps.zip"), LAYER_ZIP).unwrap();
    dir
}

/// A Python service whose function `hello` uses layer `deps` (`extra` merged into the config).
fn service(name: &str, layer: Value, function_layers: Value) -> Service {
    let mut config = json!({
        "service": "my-service",
        "provider": {"name": "aws", "runtime": "python3.12"},
        "package": {"artifact": "service.zip"},
        "layers": {"deps": layer},
        "functions": {"hello": {"handler": "h.hello", "layers": function_layers}}
    });
    if config["layers"]["deps"].is_null() {
        config.as_object_mut().unwrap().remove("layers");
    }
    let mut svc = Service::from_value(&config).unwrap_or_else(|d| panic!("{d}"));
    svc.base_dir(scratch(name)).build_time_millis(1767225600000);
    svc
}

fn template(svc: &Service) -> Value {
    svc.synth().unwrap_or_else(|d| panic!("{d}")).as_json().clone()
}

fn errors(config: Value) -> Vec<(String, String, String)> {
    let svc = Service::from_value_deferred(&config, true);
    svc.check().errors().map(|d| (d.code.to_string(), d.path.clone(), d.message.clone())).collect()
}

fn with_layer(layer: Value) -> Value {
    json!({
        "service": "my-service",
        "provider": {"name": "aws", "runtime": "python3.12"},
        "package": {"artifact": "service.zip"},
        "layers": {"deps": layer},
        "functions": {"hello": {"handler": "h.hello"}}
    })
}

/// The reference's layer hash computed here with the `sha1` crate directly, not through core.
fn sha1_hex(parts: &[&[u8]]) -> String {
    let mut h = Sha1::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn layer_resource_permissions_and_outputs_in_the_references_order() {
    let layer = json!({"package": {"artifact": "deps.zip"}, "compatibleRuntimes": ["python3.12"],
        "description": "d", "allowedAccounts": ["*", "123456789012"]});
    let t = template(&service("order", layer, json!([{"Ref": "DepsLambdaLayer"}])));
    let ids: Vec<&str> = t["Resources"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        ids[..8],
        [
            "ServerlessDeploymentBucket",
            "ServerlessDeploymentBucketPolicy",
            "HelloLogGroup",
            "IamRoleLambdaExecution",
            "DepsLambdaLayer",
            "DepsWildLambdaLayerPermission",
            "Deps123456789012LambdaLayerPermission",
            "HelloLambdaFunction",
        ]
    );
    assert_eq!(
        t["Resources"]["DepsLambdaLayer"],
        json!({"Type": "AWS::Lambda::LayerVersion", "Properties": {
            "Content": {"S3Bucket": {"Ref": "ServerlessDeploymentBucket"}, "S3Key": format!("{DIR}/deps.zip")},
            "LayerName": "deps", "Description": "d", "CompatibleRuntimes": ["python3.12"]}})
    );
    assert_eq!(
        t["Resources"]["DepsWildLambdaLayerPermission"],
        json!({"Type": "AWS::Lambda::LayerVersionPermission", "Properties": {
            "Action": "lambda:GetLayerVersion", "LayerVersionArn": {"Ref": "DepsLambdaLayer"}, "Principal": "*"}})
    );
    // The hash: JSON.stringify of the resource as built, without Content.S3Key, then the zip.
    let json = r#"{"Type":"AWS::Lambda::LayerVersion","Properties":{"Content":{"S3Bucket":{"Ref":"ServerlessDeploymentBucket"}},"LayerName":"deps","Description":"d","CompatibleRuntimes":["python3.12"]}}"#;
    let hash = sha1_hex(&[json.as_bytes(), LAYER_ZIP]);
    // Also computed with Python's hashlib over the same bytes.
    assert_eq!(hash, "76de49fce1909d7cdd5f294fdaf1c0826ff5a558");
    let outputs: Vec<&str> = t["Outputs"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        outputs,
        [
            "ServerlessDeploymentBucketName",
            "DepsLambdaLayerQualifiedArn",
            "DepsLambdaLayerHash",
            "DepsLambdaLayerS3Key",
            "HelloLambdaFunctionQualifiedArn",
        ]
    );
    assert_eq!(
        t["Outputs"]["DepsLambdaLayerHash"],
        json!({"Description": "Current Lambda layer hash", "Value": hash,
            "Export": {"Name": "sls-my-service-dev-DepsLambdaLayerHash"}})
    );
    assert_eq!(t["Outputs"]["DepsLambdaLayerQualifiedArn"]["Value"], json!({"Ref": "DepsLambdaLayer"}));
    assert_eq!(t["Outputs"]["DepsLambdaLayerS3Key"]["Value"], json!(format!("{DIR}/deps.zip")));
    assert_eq!(t["Outputs"]["DepsLambdaLayerS3Key"]["Description"], json!("Current Lambda layer S3Key"));
}

/// Template-core §7.2 with a local layer: the function zip's base64 SHA-256 text, the layer
/// zip's, then the deep-sorted properties with `layerConfigurations` (`localeCompare` puts it
/// before `Layers`).
#[test]
fn the_function_version_hash_includes_its_local_layers() {
    let layer = json!({"package": {"artifact": "deps.zip"}, "compatibleRuntimes": ["python3.12"], "description": "d"});
    let t = template(&service("version", layer, json!([{"Ref": "DepsLambdaLayer"}])));
    let sorted = r#"{"FunctionName":"my-service-dev-hello","Handler":"h.hello","layerConfigurations":[{"name":"deps","properties":{"CompatibleRuntimes":["python3.12"],"Content":{"S3Bucket":{"Ref":"ServerlessDeploymentBucket"}},"Description":"d","LayerName":"deps"},"ref":"DepsLambdaLayer"}],"Layers":[{"Ref":"DepsLambdaLayer"}],"MemorySize":1024,"Role":{"Fn::GetAtt":["IamRoleLambdaExecution","Arn"]},"Runtime":"python3.12","Timeout":6}"#;
    let input = [code_sha256(FN_ZIP), code_sha256(LAYER_ZIP), sorted.to_string()].concat();
    let digest: String = code_sha256(input.as_bytes()).chars().filter(char::is_ascii_alphanumeric).collect();
    let id = format!("HelloLambdaVersion{digest}");
    // Node 22 (`localeCompare` deep sort, crypto) gives the same ID.
    assert_eq!(id, "HelloLambdaVersionx02y2DnqbhCCc3J6eQj2lwqMmBN1uOvmppnr8BQA0w");
    assert!(
        t["Resources"].get(&id).is_some(),
        "{}",
        t["Resources"].as_object().unwrap().keys().cloned().collect::<Vec<_>>().join(", ")
    );
    // An ARN layer is not local: the hash has no layerConfigurations for it.
    let t = template(&service(
        "version-arn",
        json!({"package": {"artifact": "deps.zip"}}),
        json!(["arn:aws:lambda:us-east-1:123456789012:layer:x:1"]),
    ));
    let sorted = r#"{"FunctionName":"my-service-dev-hello","Handler":"h.hello","layerConfigurations":[],"Layers":["arn:aws:lambda:us-east-1:123456789012:layer:x:1"],"MemorySize":1024,"Role":{"Fn::GetAtt":["IamRoleLambdaExecution","Arn"]},"Runtime":"python3.12","Timeout":6}"#;
    let input = [code_sha256(FN_ZIP), sorted.to_string()].concat();
    let digest: String = code_sha256(input.as_bytes()).chars().filter(char::is_ascii_alphanumeric).collect();
    assert!(t["Resources"].get(format!("HelloLambdaVersion{digest}")).is_some());
}

#[test]
fn a_retained_layer_carries_its_hash_and_is_kept() {
    let layer =
        json!({"package": {"artifact": "deps.zip"}, "retain": true, "allowedAccounts": ["*"], "name": "shared-deps"});
    let t = template(&service("retain", layer, json!(["arn:aws:lambda:us-east-1:123456789012:layer:x:1"])));
    let json = r#"{"Type":"AWS::Lambda::LayerVersion","Properties":{"Content":{"S3Bucket":{"Ref":"ServerlessDeploymentBucket"}},"LayerName":"shared-deps"}}"#;
    let hash = sha1_hex(&[json.as_bytes(), LAYER_ZIP]);
    let layer = &t["Resources"][format!("DepsLambdaLayer{hash}")];
    assert_eq!(layer["DeletionPolicy"], "Retain");
    let keys: Vec<&str> = layer.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["Type", "Properties", "DeletionPolicy"]);
    let permission = &t["Resources"][format!("DepsWildLambdaLayerPermission{hash}")];
    assert_eq!(permission["DeletionPolicy"], "Retain");
    assert_eq!(permission["Properties"]["LayerVersionArn"], json!({"Ref": format!("DepsLambdaLayer{hash}")}));
    assert_eq!(t["Outputs"]["DepsLambdaLayerQualifiedArn"]["Value"], json!({"Ref": format!("DepsLambdaLayer{hash}")}));
}

#[test]
fn a_named_deployment_bucket_holds_the_layer() {
    let mut svc = service("bucket", json!({"package": {"artifact": "deps.zip"}}), json!([{"Ref": "DepsLambdaLayer"}]));
    svc.provider().deployment_bucket("my-bucket");
    let t = template(&svc);
    assert_eq!(t["Resources"]["DepsLambdaLayer"]["Properties"]["Content"]["S3Bucket"], "my-bucket");
    let uploads: Vec<String> = svc.synth().unwrap().uploads().iter().map(|u| u.s3_url()).collect();
    assert_eq!(uploads, [format!("s3://my-bucket/{DIR}/deps.zip"), format!("s3://my-bucket/{DIR}/service.zip")]);
}

#[test]
fn a_layer_without_its_zip_is_one_artifact_error_at_synth_but_not_at_check() {
    let svc = service("missing", json!({"path": "layer"}), json!([{"Ref": "DepsLambdaLayer"}]));
    assert!(!svc.check().has_errors(), "{}", svc.check());
    let d = svc.synth().unwrap_err();
    let found: Vec<(&str, &str)> = d.errors().map(|e| (e.code, e.path.as_str())).collect();
    assert_eq!(found, [("ARTIFACT_ERROR", "layers.deps")], "{d}");
    let e = d.find("ARTIFACT_ERROR").unwrap();
    assert!(e.message.starts_with("layer \"deps\" has no zip: cannot read artifact"), "{}", e.message);
    assert!(e.message.contains(".serverless/deps.zip"), "{}", e.message);
    assert!(e.help.contains("stackwright package"), "{}", e.help);
}

#[test]
fn the_builder_hands_out_a_handle_that_references_the_layer() {
    let mut svc = Service::new("my-service");
    svc.provider().runtime(Runtime::Python312);
    svc.package_artifact(Artifact::with_sha256("service.zip", code_sha256(FN_ZIP)));
    let deps = svc.layer(
        "deps",
        Layer::artifact(Artifact::with_sha256("deps.zip", code_sha256(LAYER_ZIP)))
            .compatible_runtime(Runtime::Python312)
            .compatible_architecture(Architecture::Arm64)
            .license_info("MIT")
            .allow_account("123456789012"),
    );
    svc.function("hello", Function::handler("h.hello").layer(&deps));
    svc.build_time_millis(1767225600000);
    assert_eq!(deps.reference().to_json(), json!({"Ref": "DepsLambdaLayer"}));
    let t = template(&svc);
    assert_eq!(t["Resources"]["HelloLambdaFunction"]["Properties"]["Layers"], json!([{"Ref": "DepsLambdaLayer"}]));
    assert_eq!(t["Resources"]["DepsLambdaLayer"]["Properties"]["CompatibleArchitectures"], json!(["arm64"]));
    assert_eq!(t["Resources"]["DepsLambdaLayer"]["Properties"]["LicenseInfo"], json!("MIT"));
    // The same service from serverless.json gives the same template.
    let json = serde_json::to_value(svc.config()).unwrap();
    let mut again = Service::from_value(&json).unwrap_or_else(|d| panic!("{d}"));
    again.build_time_millis(1767225600000);
    again.config_mut().layers["deps"].package.artifact = svc.config().layers["deps"].package.artifact.clone();
    again.config_mut().package.artifact = svc.config().package.artifact.clone();
    assert_eq!(template(&again), t);
}

// ---- rules: code, path and message ----

fn one(config: Value) -> (String, String, String) {
    let found = errors(config);
    assert_eq!(found.len(), 1, "{found:#?}");
    found.into_iter().next().unwrap()
}

#[test]
fn rule_layer_without_content() {
    let (code, path, message) = one(with_layer(json!({"description": "x"})));
    assert_eq!((code.as_str(), path.as_str()), ("LAYER_NO_CONTENT", "layers.deps"));
    assert_eq!(message, "layer \"deps\" has neither `path` nor `package.artifact`, so it has no content to publish");
}

#[test]
fn rule_too_many_runtimes() {
    let runtimes = [
        "nodejs18.x",
        "nodejs20.x",
        "nodejs22.x",
        "nodejs24.x",
        "python3.9",
        "python3.10",
        "python3.11",
        "python3.12",
        "python3.13",
        "python3.14",
        "java11",
        "java17",
        "java21",
        "ruby3.3",
        "ruby3.4",
        "dotnet8",
    ];
    let (code, path, message) = one(with_layer(json!({"path": "layer", "compatibleRuntimes": runtimes})));
    assert_eq!((code.as_str(), path.as_str()), ("LAYER_INVALID_PROPERTY", "layers.deps.compatibleRuntimes"));
    assert_eq!(message, "layer \"deps\" lists 16 compatible runtimes; Lambda allows at most 15");
}

#[test]
fn rule_architectures() {
    let (code, path, message) =
        one(with_layer(json!({"path": "layer", "compatibleArchitectures": ["arm64", "arm64"]})));
    assert_eq!((code.as_str(), path.as_str()), ("LAYER_INVALID_PROPERTY", "layers.deps.compatibleArchitectures"));
    assert_eq!(
        message,
        "layer \"deps\" lists the architectures [arm64, arm64]; Lambda allows each of x86_64 and arm64 at most once"
    );
    let (code, path, _) = one(with_layer(json!({"path": "layer", "compatibleArchitectures": ["arm65"]})));
    assert_eq!((code.as_str(), path.as_str()), ("CONFIG_INVALID_VALUE", "layers.deps.compatibleArchitectures[0]"));
}

#[test]
fn rule_unknown_runtime() {
    let (code, path, message) = one(with_layer(json!({"path": "layer", "compatibleRuntimes": ["python3.121"]})));
    assert_eq!((code.as_str(), path.as_str()), ("CONFIG_INVALID_VALUE", "layers.deps.compatibleRuntimes[0]"));
    assert!(message.starts_with("unknown runtime \"python3.121\""), "{message}");
}

/// Lambda's list of valid `CompatibleRuntimes` keeps the retired runtimes (a layer built for
/// nodejs12.x may still be published); only functions are refused them.
#[test]
fn a_layer_may_list_retired_runtimes_a_function_may_not() {
    let layer =
        json!({"package": {"artifact": "deps.zip"}, "compatibleRuntimes": ["nodejs12.x", "python2.7", "nodejs22.x"]});
    let t = template(&service("order", layer.clone(), json!([{"Ref": "DepsLambdaLayer"}])));
    assert_eq!(
        t["Resources"]["DepsLambdaLayer"]["Properties"]["CompatibleRuntimes"],
        json!(["nodejs12.x", "python2.7", "nodejs22.x"])
    );
    // The reference's schema refuses them: a warning, or with `configValidationMode: error` an error.
    let warned = Service::from_value_deferred(&with_layer(layer.clone()), true).check();
    let warnings: Vec<_> =
        warned.iter().filter(|d| d.code == "CONFIG_INVALID_VALUE").map(|d| (d.severity, d.path.as_str())).collect();
    assert_eq!(
        warnings,
        [
            (Severity::Warning, "layers.deps.compatibleRuntimes[0]"),
            (Severity::Warning, "layers.deps.compatibleRuntimes[1]")
        ]
    );
    let mut strict = with_layer(layer.clone());
    strict["configValidationMode"] = json!("error");
    let (code, path, message) = &errors(strict)[0];
    let expected = ("INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION", "layers.deps.compatibleRuntimes[0]");
    assert_eq!((code.as_str(), path.as_str()), expected);
    assert!(message.contains("runtime \"nodejs12.x\" is retired"), "{message}");

    let mut config = with_layer(layer);
    config["provider"]["runtime"] = json!("nodejs12.x");
    let diagnostics = errors(config);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let (code, path, message) = &diagnostics[0];
    assert_eq!((code.as_str(), path.as_str()), ("CONFIG_INVALID_VALUE", "provider.runtime"));
    assert_eq!(
        message,
        "runtime \"nodejs12.x\" is deprecated by AWS: Lambda no longer creates or updates functions on it"
    );
}

#[test]
fn rule_layer_name() {
    let (code, path, message) = one(with_layer(json!({"path": "layer", "name": "my deps"})));
    assert_eq!((code.as_str(), path.as_str()), ("LAYER_INVALID_PROPERTY", "layers.deps.name"));
    assert!(message.starts_with("layer name \"my deps\" is not valid: Lambda takes 1 to 140 characters"), "{message}");
    assert!(
        errors(with_layer(json!({"path": "layer", "name": "arn:aws:lambda:us-east-1:123456789012:layer:deps"})))
            .is_empty()
    );
    let (_, path, _) = one(with_layer(json!({"path": "layer", "name": "a".repeat(141)})));
    assert_eq!(path, "layers.deps.name");
}

#[test]
fn rule_description_and_license_lengths() {
    let (code, path, message) = one(with_layer(json!({"path": "layer", "description": "d".repeat(257)})));
    assert_eq!((code.as_str(), path.as_str()), ("LAYER_INVALID_PROPERTY", "layers.deps.description"));
    assert_eq!(message, "the description of layer \"deps\" has 257 characters; Lambda allows at most 256");
    let (_, path, _) = one(with_layer(json!({"path": "layer", "licenseInfo": "l".repeat(513)})));
    assert_eq!(path, "layers.deps.licenseInfo");
}

#[test]
fn rule_allowed_accounts() {
    let (code, path, message) =
        one(with_layer(json!({"path": "layer", "allowedAccounts": ["arn:aws:iam::123456789012:root"]})));
    assert_eq!((code.as_str(), path.as_str()), ("LAYER_INVALID_PROPERTY", "layers.deps.allowedAccounts[0]"));
    assert!(message.contains("\"Depsarn:aws:iam::123456789012:rootLambdaLayerPermission\""), "{message}");
    let (_, path, message) = one(with_layer(json!({"path": "layer", "allowedAccounts": ["*", "12345"]})));
    assert_eq!(path, "layers.deps.allowedAccounts[1]");
    assert_eq!(message, "allowed account \"12345\" of layer \"deps\" is not a 12-digit AWS account ID or `*`");
}

#[test]
fn rule_undefined_layer_reference() {
    let mut config = with_layer(json!({"path": "layer"}));
    config["functions"]["hello"]["layers"] = json!([{"Ref": "DepLambdaLayer"}]);
    let found = errors(config);
    assert_eq!(found.len(), 1, "{found:#?}");
    let (code, path, message) = &found[0];
    assert_eq!((code.as_str(), path.as_str()), ("LAYER_UNDEFINED", "functions.hello.layers[0]"));
    assert_eq!(message, "`Ref: DepLambdaLayer` names a layer that `layers` does not define");
    let d = Service::from_value_deferred(
        &{
            let mut c = with_layer(json!({"path": "layer"}));
            c["provider"]["layers"] = json!([{"Ref": "DepLambdaLayer"}]);
            c
        },
        true,
    )
    .check();
    let e = d.find("LAYER_UNDEFINED").unwrap();
    assert_eq!(e.path, "provider.layers[0]");
    assert!(e.help.starts_with("did you mean `Ref: DepsLambdaLayer`?"), "{}", e.help);
    // serverless-python-requirements' layer without the plugin: the help says how to get it.
    let mut config = with_layer(json!({"path": "layer"}));
    config["functions"]["hello"]["layers"] = json!([{"Ref": "PythonRequirementsLambdaLayer"}]);
    let d = Service::from_value_deferred(&config, true).check();
    let e = d.find("LAYER_UNDEFINED").unwrap();
    assert!(
        e.help.starts_with("serverless-python-requirements adds this layer when it is listed under `plugins`"),
        "{}",
        e.help
    );
    // A Ref to the user's own layer resource is not this rule's business.
    let mut config = with_layer(json!({"path": "layer"}));
    config["functions"]["hello"]["layers"] = json!([{"Ref": "OtherLambdaLayer"}]);
    config["resources"] = json!({"Resources": {"OtherLambdaLayer": {"Type": "AWS::Lambda::LayerVersion",
        "Properties": {"Content": {"S3Bucket": "b", "S3Key": "k"}}}}});
    assert!(errors(config).is_empty());
}

#[test]
fn rule_reference_to_a_retained_layer() {
    let mut config = with_layer(json!({"path": "layer", "retain": true}));
    config["functions"]["hello"]["layers"] = json!([{"Ref": "DepsLambdaLayer"}]);
    let (code, path, message) = one(config);
    assert_eq!((code.as_str(), path.as_str()), ("LAYER_UNDEFINED", "functions.hello.layers[0]"));
    assert!(message.starts_with("`Ref: DepsLambdaLayer` names layer \"deps\", which has `retain: true`"), "{message}");
}

#[test]
fn rule_layer_logical_id_collision() {
    let mut config = with_layer(json!({"path": "layer"}));
    config["layers"]["Deps"] = json!({"path": "other"});
    let (code, path, message) = one(config);
    assert_eq!((code.as_str(), path.as_str()), ("LOGICAL_ID_COLLISION", "layers.Deps"));
    assert!(
        message.starts_with("Layers \"deps\" and \"Deps\" all get the logical ID \"DepsLambdaLayer\""),
        "{message}"
    );
}

#[test]
fn rule_unknown_layer_keys() {
    let (code, path, message) = one(with_layer(json!({"path": "layer", "compatibleRuntime": ["python3.12"]})));
    assert_eq!((code.as_str(), path.as_str()), ("CONFIG_UNKNOWN_KEY", "layers.deps.compatibleRuntime"));
    assert!(message.contains("did you mean `compatibleRuntimes`?"), "{message}");
    let (code, path, _) = one(with_layer(json!({"path": "layer", "package": {"individually": true}})));
    assert_eq!((code.as_str(), path.as_str()), ("CONFIG_UNKNOWN_KEY", "layers.deps.package.individually"));
}

/// .NET 5 and 7 only ever ran as container images: Lambda's list of a layer's runtimes lacks
/// them, so they are an error of the layer (not the schema warning the other retired ones get).
#[test]
fn rule_runtimes_lambda_never_had_for_layers() {
    let d = Service::from_value_deferred(
        &with_layer(json!({"path": "layer", "compatibleRuntimes": ["dotnet7", "dotnetcore3.1"]})),
        true,
    )
    .check();
    let found: Vec<_> = d.iter().map(|d| (d.severity, d.code, d.path.as_str())).collect();
    assert_eq!(
        found,
        [
            (Severity::Warning, "CONFIG_INVALID_VALUE", "layers.deps.compatibleRuntimes[1]"),
            (Severity::Error, "LAYER_INVALID_PROPERTY", "layers.deps.compatibleRuntimes[0]"),
        ],
        "{d}"
    );
    let builder = Layer::path("layer").compatible_runtime(RetiredRuntime::Dotnet50);
    assert_eq!(builder.compatible_runtimes, Some(vec![CompatibleRuntime::Retired(RetiredRuntime::Dotnet50)]));
}
