//! The real `stackwright` binary: conformance from serverless.yml, exit codes, stderr, output
//! formats, and bad input (each a located, one-screen error with exit code 2, never a panic).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EPOCH: &str = "1767225600";

#[path = "../../tests/support/conformance.rs"]
mod conformance_suite;
use conformance_suite::{in_ci, suite_dir};

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stackwright"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env_remove("STACKWRIGHT_TEST_UNSET")
        .output()
        .expect("run stackwright")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A scratch directory with one config file in it.
fn scratch(name: &str, file: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    std::fs::write(dir.join(file), text).expect("write config");
    std::fs::write(dir.join("artifact.zip"), b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0").expect("zip");
    dir
}

const VALID: &str = "service: svc\nprovider:\n  name: aws\n  runtime: nodejs24.x\n  vpc:\n    subnetIds: [subnet-0abc1234]\n    securityGroupIds: [sg-0abc1234]\npackage:\n  artifact: artifact.zip\nfunctions:\n  api:\n    handler: handler.api\n    capacityProvider: default\n";

#[test]
fn every_public_case_from_serverless_yml() {
    let Some(suite) = suite_dir() else {
        assert!(!in_ci(), "conformance suite not found; CI must run it");
        return;
    };
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&suite)
        .expect("read suite")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("serverless.yml").exists())
        .collect();
    cases.sort();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        // From the case's directory with default discovery: serverless.yml is found first.
        let out = run_in(case, &["synth"]);
        if case.join("expected.json").exists() {
            // The reference's bytes, and the newline stdout output ends in.
            let expected = [std::fs::read(case.join("expected.json")).unwrap(), b"\n".to_vec()].concat();
            if !(out.status.code() == Some(0) && out.stdout == expected) {
                failures.push(format!("{name}: exit {:?}\n{}", out.status.code(), stderr(&out)));
            }
        } else {
            let code = std::fs::read_to_string(case.join("expected-error-code.txt")).unwrap();
            let message = std::fs::read_to_string(case.join("expected-error.txt")).unwrap();
            let first = stderr(&out).lines().next().unwrap_or_default().to_string();
            let want = format!("error[{}]: {}", code.trim(), message.trim());
            if out.status.code() != Some(2) || first != want || !out.stdout.is_empty() {
                failures.push(format!("{name}: exit {:?}, first line {first:?}, want {want:?}", out.status.code()));
            }
        }
    }
    eprintln!("conformance through the CLI from serverless.yml: {}/{} pass", cases.len() - failures.len(), cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn error_case_stderr_is_located_like_rustc() {
    let Some(suite) = suite_dir() else { return };
    let out = run_in(&suite.join("error-memory-per-vcpu-3"), &["synth"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("--> serverless.yml:22:22"), "{err}");
    assert!(err.contains("22 |       memoryPerVCpu: 3\n   |                      ^\n"), "{err}");
    assert!(err.contains("= at: functions.api.capacityProvider.memoryPerVCpu"), "{err}");
    assert!(err.contains("= help: "), "{err}");
    assert!(err.ends_with("1 error(s), 0 warning(s) in serverless.yml\n"), "{err}");
}

#[test]
fn json_twin_synthesizes_the_same_and_validate_passes() {
    let Some(suite) = suite_dir() else { return };
    let case = suite.join("full");
    let yml = run_in(&case, &["synth", "-c", "serverless.yml"]);
    let json = run_in(&case, &["synth", "-c", "serverless.json"]);
    assert_eq!(yml.stdout, json.stdout);
    let validate = run_in(&case, &["validate"]);
    assert_eq!(validate.status.code(), Some(0), "{}", stderr(&validate));
    assert_eq!(stderr(&validate), "ok: serverless.yml has no errors, 0 warning(s)\n");
}

#[test]
fn synth_writes_yaml_and_files() {
    let dir = scratch("yaml-out", "serverless.yml", VALID);
    let out = run_in(&dir, &["synth", "--format", "yaml", "--stage", "prod", "--region", "eu-west-1"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let yaml = String::from_utf8(out.stdout).unwrap();
    assert!(yaml.starts_with("AWSTemplateFormatVersion: '2010-09-09'\n"), "{yaml}");
    assert!(yaml.contains("FunctionName: svc-prod-api\n"), "{yaml}");
    // The YAML reads back as exactly the JSON template.
    let json = run_in(&dir, &["synth", "--stage", "prod", "--region", "eu-west-1", "-o", "template.json"]);
    assert_eq!(json.status.code(), Some(0));
    let template: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("template.json")).unwrap()).unwrap();
    let mut map = stackwright_cli::source::SourceMap::default();
    assert_eq!(stackwright_cli::yaml::parse(&yaml, &mut map).unwrap(), template);
}

#[test]
fn validate_json_format_and_artifacts() {
    let dir = scratch(
        "validate-json",
        "serverless.yml",
        &VALID.replace("handler: handler.api", "handler: handler.api\n    memorySize: 1024"),
    );
    let out = run_in(&dir, &["validate", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &items[0];
    assert_eq!(first["code"], "LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY_SIZE");
    assert_eq!(first["path"], "functions.api.memorySize");
    assert_eq!(
        (first["file"].as_str(), first["line"].as_u64(), first["column"].as_u64()),
        (Some("serverless.yml"), Some(13), Some(17))
    );

    let dir = scratch("artifacts", "serverless.yml", VALID);
    let out = run_in(&dir, &["artifacts"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "artifact.zip\ts3://$BUCKET/serverless/svc/dev/1767225600000-2026-01-01T00:00:00.000Z/artifact.zip\n"
        ),
        "{text}"
    );
    let out = run_in(&dir, &["artifacts", "--format", "json"]);
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items[0]["bucket"], serde_json::Value::Null);
}

/// Runs `synth` on `text`; expects exit 2, a located first error, no stdout and no panic.
fn bad(name: &str, text: &str, wants: &[&str]) -> String {
    let dir = scratch(name, "serverless.yml", text);
    let out = run_in(&dir, &["synth"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{name}: {err}");
    assert!(out.stdout.is_empty(), "{name}");
    assert!(!err.contains("panicked"), "{name}: {err}");
    assert!(err.lines().count() <= 25, "{name}: more than one screen:\n{err}");
    for want in wants {
        assert!(err.contains(want), "{name}: missing {want:?} in\n{err}");
    }
    err
}

#[test]
fn malformed_yaml() {
    bad(
        "malformed",
        "service: svc\nprovider:\n  name: aws\n  vpc: [unclosed\n",
        &["error[CONFIG_PARSE_ERROR]: invalid YAML", "--> serverless.yml:"],
    );
    bad("tab", "service: svc\nprovider:\n\tname: aws\n", &["CONFIG_PARSE_ERROR", "serverless.yml:3:"]);
    bad(
        "unknown-tag",
        "service: svc\nprovider:\n  name: !Bogus aws\n",
        &["unknown tag `!Bogus`", "--> serverless.yml:3:9"],
    );
    bad(
        "getatt",
        "service: svc\nfunctions:\n  a:\n    capacityProvider: !GetAtt NoDot\n",
        &["`!GetAtt NoDot` needs the form", "serverless.yml:4:23"],
    );
    bad("two-docs", "service: a\n---\nservice: b\n", &["more than one YAML document"]);
    // js-yaml rejects this too; the help says the fix (quotes) instead of "fix the syntax".
    let err = bad(
        "flow-variable",
        "service: a\nresources:\n  Outputs:\n    R:\n      Export: { Name: Role-${self:custom.stage} }\n",
        &["CONFIG_PARSE_ERROR", "--> serverless.yml:5:29", "needs quotes"],
    );
    assert!(!err.contains("fix the YAML syntax"), "{err}");
    bad(
        "duplicate",
        "service: a\nprovider:\n  name: aws\n  name: aws\n",
        &["duplicate key `name`", "--> serverless.yml:4:3"],
    );
}

#[test]
fn unknown_keys_point_at_the_key() {
    // Ignored with a located warning, as the reference's default `configValidationMode: warn`
    // does; the template is the one without the key.
    let text = VALID.replace("handler: handler.api", "handler: handler.api\n    memorysize: 4096");
    let dir = scratch("unknown-key", "serverless.yml", &text);
    let out = run_in(&dir, &["synth"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let plain = run_in(&scratch("unknown-key-plain", "serverless.yml", VALID), &["synth"]);
    assert_eq!(out.stdout, plain.stdout);
    for want in [
        "warning[CONFIG_UNKNOWN_KEY]",
        "did you mean `memorySize`",
        "--> serverless.yml:13:5",
        "13 |     memorysize: 4096\n   |     ^^^^^^^^^^",
        "= at: functions.api.memorysize",
        "stackwright ignores it",
    ] {
        assert!(err.contains(want), "missing {want:?} in\n{err}");
    }
    // With `configValidationMode: error` it stops, as the reference does.
    bad(
        "unknown-key-error",
        &format!("configValidationMode: error\n{text}"),
        &["error[INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION]", "--> serverless.yml:14:"],
    );
}

#[test]
fn wrong_types_point_at_the_value() {
    bad(
        "wrong-type",
        &VALID.replace("handler: handler.api", "handler: handler.api\n    memorySize: [1, 2]"),
        &["error[CONFIG_INVALID_VALUE]", "--> serverless.yml:13:17"],
    );
    bad(
        "wrong-policy",
        "service: s\nprovider:\n  name: aws\n  capacityProviders:\n    p:\n      vpc: {subnetIds: [subnet-1], securityGroupIds: [sg-1]}\n      scaling:\n        policies:\n          - predefinedMetricType: LambdaCapacityProviderAverageCPUUtilization\n            targetValue: high\n",
        &["serverless.yml:10:26", "= at: provider.capacityProviders.p.scaling.policies[0].targetValue"],
    );
}

#[test]
fn unresolvable_variables() {
    bad(
        "env-var",
        &VALID.replace("runtime: nodejs24.x", "runtime: ${env:STACKWRIGHT_TEST_UNSET}"),
        &[
            "error[CONFIG_UNRESOLVED_VARIABLE]: `${env:STACKWRIGHT_TEST_UNSET}`: environment variable STACKWRIGHT_TEST_UNSET is not set",
            "--> serverless.yml:4:12",
        ],
    );
    bad(
        "ssm-var",
        &VALID.replace("handler: handler.api", "handler: ${ssm:/app/handler}"),
        &[
            "error[CONFIG_UNRESOLVED_VARIABLE]: `${ssm:/app/handler}` needs AWS to resolve, and stackwright runs offline",
            "--> serverless.yml:12:14",
            "= help: give its value with `--value 'ssm:/app/handler=VALUE'` or a values file",
        ],
    );
    // One cause, one error: the unresolved `timeout` is not also "expected an integer".
    let err = bad(
        "one-cause",
        &VALID.replace("handler: handler.api", "handler: handler.api\n    timeout: ${env:STACKWRIGHT_TEST_UNSET}"),
        &["--> serverless.yml:13:14", "= at: functions.api.timeout", "`${env:STACKWRIGHT_TEST_UNSET, 6}`"],
    );
    assert!(err.contains("1 error(s), 0 warning(s)"), "{err}");
    bad(
        "region-option",
        &VALID.replace("runtime: nodejs24.x", "runtime: nodejs24.x\n  region: ${opt:region}"),
        &["`${opt:region}`: option --region was not given", "run with `--region REGION`", "'us-east-1'"],
    );
    // One undefined variable in two places: one error at the first, naming the second; the
    // second place is not reported again (nor as a wrong type).
    let twice = VALID.replace(
        "handler: handler.api",
        "handler: handler.api\n    timeout: ${env:STACKWRIGHT_TEST_UNSET}\n    environment:\n      T: ${env:STACKWRIGHT_TEST_UNSET}",
    );
    let err = bad(
        "one-cause-two-places",
        &twice,
        &[
            "error[CONFIG_UNRESOLVED_VARIABLE]: `${env:STACKWRIGHT_TEST_UNSET}`: environment variable STACKWRIGHT_TEST_UNSET is not set (also used at functions.api.environment.T)",
            "--> serverless.yml:13:14",
            "= at: functions.api.timeout",
            // The fallback fits the first place, a number.
            "`${env:STACKWRIGHT_TEST_UNSET, 6}`",
        ],
    );
    assert!(err.contains("1 error(s), 0 warning(s)"), "{err}");
    // Nor is it also a reference to a resource `env:...` of an `Fn::Sub` that holds it.
    let sub = VALID.replace(
        "handler: handler.api",
        "handler: handler.api
    environment:
      SITE: !Sub '${env:STACKWRIGHT_TEST_UNSET}.s3-website.${AWS::Region}.amazonaws.com'",
    );
    let err = bad("one-cause-in-sub", &sub, &["= at: functions.api.environment.SITE.Fn::Sub"]);
    assert!(err.contains("1 error(s), 0 warning(s)"), "{err}");
    // Nor is the object holding it invalid for the placeholder left there.
    let bucket = VALID.replace(
        "runtime: nodejs24.x",
        "runtime: nodejs24.x\n  deploymentBucket:\n    name: ${env:STACKWRIGHT_TEST_UNSET}",
    );
    let err = bad("one-cause-bucket", &bucket, &["= at: provider.deploymentBucket.name"]);
    assert!(err.contains("1 error(s), 0 warning(s)"), "{err}");
    // A service name left unresolved (its file is missing) is not also a function name with
    // invalid characters, nor a `Fn::GetAtt` of "self:custom" in the log group's ARN.
    let named = VALID.replace(
        "service: svc",
        "service: ${self:custom.project.name}-with-a-long-service-name\ncustom:\n  project: ${file(./project.yml)}",
    );
    let err = bad("one-cause-service", &named, &["./project.yml does not exist"]);
    assert!(err.contains("1 error(s)"), "{err}");
    // A reference that no unresolved variable explains is still reported in the same run.
    let other = sub.replace("SITE: !Sub", "STAGE: {Ref: 'env:Stage'}\n      SITE: !Sub");
    let err = bad("two-causes", &other, &["error[UNRESOLVED_REFERENCE]", "env:Stage"]);
    assert!(err.contains("2 error(s), 0 warning(s)"), "{err}");
    // `${self:provider.stage}` without provider.stage: the reference's `self` source has no value
    // there either, even with `--stage` (only `${sls:stage}` reads it, and defaults to dev).
    let no_stage =
        VALID.replace("handler: handler.api", "handler: handler.api\n    description: ${self:provider.stage}");
    bad(
        "self-stage",
        &no_stage,
        &[
            "error[CONFIG_UNRESOLVED_VARIABLE]: `${self:provider.stage}`: there is no `provider.stage` in this config",
            "= at: functions.api.description",
            "= help: write `provider.stage`, use `${sls:stage}` (`--stage`, else `provider.stage`, else `dev`), or add a fallback: `${self:provider.stage, 'dev'}`",
        ],
    );
    let dir = scratch("self-stage-given", "serverless.yml", &no_stage);
    assert_eq!(run_in(&dir, &["validate", "--stage", "prod"]).status.code(), Some(2));
    // With a fallback, the same file is fine.
    let dir = scratch(
        "env-fallback",
        "serverless.yml",
        &VALID.replace("runtime: nodejs24.x", "runtime: ${env:STACKWRIGHT_TEST_UNSET, 'nodejs24.x'}"),
    );
    assert_eq!(run_in(&dir, &["validate"]).status.code(), Some(0));
}

/// `${file(...)}` next to the config, `--param`, `--value`, `--values FILE`, and the deploy-time
/// forms of `${ssm:...}` (a parameter, a Secrets Manager secret and its JSON key) and
/// `${aws:accountId}`, through the real binary.
#[test]
fn variables_from_files_params_and_values() {
    let config = VALID
        .replace("  vpc:\n", "  memorySize: ${file(./sizes.yml):memory}\n  vpc:\n")
        .replace(
            "handler: handler.api",
            "handler: handler.api\n    environment:\n      DOMAIN: ${param:domain}\n      DB: ${ssm:/db/host}\n      \
         ACCOUNT: ${aws:accountId}\n      VPC: ${cf:network.VpcId}\n      ALL: ${file(./sizes.yml)}\n      \
         SECRET: ${ssm:/aws/reference/secretsmanager/app/db}\n      USER: ${self:custom.db.user}",
        )
        .replace("provider:\n", "custom:\n  db: ${ssm:/aws/reference/secretsmanager/app/db}\nprovider:\n");
    let dir = scratch("variables", "serverless.yml", &config);
    std::fs::write(dir.join("sizes.yml"), "memory: 2048\n").unwrap();
    std::fs::write(dir.join("values.yml"), "cf:network.VpcId: vpc-123\nssm:/db/host: db.internal\n").unwrap();
    // Without a value for `${cf:...}` (no deploy-time equivalent): one error naming both ways.
    let out = run_in(&dir, &["validate", "--param", "domain=x.com"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("`${cf:network.VpcId}` needs AWS"), "{err}");
    assert!(err.contains("`--value 'cf:network.VpcId=VALUE'` or a values file (`--values FILE`"), "{err}");
    assert!(err.contains("ALL"), "a whole file is an object, not a string, for an environment value: {err}");
    let config = config.replace("      ALL: ${file(./sizes.yml)}", "      ALL: ${file(./sizes.yml):memory}");
    std::fs::write(dir.join("serverless.yml"), &config).unwrap();
    let out = run_in(&dir, &["synth", "--param", "domain=x.com", "--value", "cf:network.VpcId=vpc-9"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let template: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let function = &template["Resources"]["ApiLambdaFunction"]["Properties"];
    assert_eq!(function["MemorySize"], 2048);
    assert_eq!(
        function["Environment"]["Variables"],
        serde_json::json!({"DOMAIN": "x.com", "DB": "{{resolve:ssm:/db/host}}", "ACCOUNT": {"Ref": "AWS::AccountId"},
                           "VPC": "vpc-9", "ALL": "2048", "SECRET": "{{resolve:secretsmanager:app/db}}",
                           "USER": "{{resolve:secretsmanager:app/db:SecretString:user}}"})
    );
    // A values file gives the rest; `--value` wins over it.
    let out = run_in(
        &dir,
        &["synth", "--param", "domain=x.com", "--values", "values.yml", "--value", "aws:accountId=123456789012"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let template: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let variables = &template["Resources"]["ApiLambdaFunction"]["Properties"]["Environment"]["Variables"];
    assert_eq!(
        (&variables["DB"], &variables["ACCOUNT"], &variables["VPC"]),
        (&serde_json::json!("db.internal"), &serde_json::json!("123456789012"), &serde_json::json!("vpc-123"))
    );
    // Malformed flags are usage errors (exit 1), named.
    let out = run_in(&dir, &["synth", "--value", "ssm:/x"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--value `ssm:/x` is not `variable=value`"), "{}", stderr(&out));
    let out = run_in(&dir, &["synth", "--values", "none.yml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot read values file none.yml"), "{}", stderr(&out));
}

/// Layers, VPC ids and a JWT authorizer pass through the reference unparsed, so `${ssm:...}` there
/// is a deploy-time `{{resolve:ssm:...}}` too, and the layer-ARN and VPC-id rules leave it to
/// CloudFormation; a layer ARN with `${aws:accountId}` becomes an `Fn::Sub`.
#[test]
fn ssm_in_layers_vpc_and_jwt_authorizers_is_resolved_at_deploy_time() {
    let config = VALID
        .replace("[subnet-0abc1234]", "['${ssm:/net/subnet}']")
        .replace("[sg-0abc1234]", "\n      - ${ssm:/net/sg}\n      - sg-0abc1234")
        .replace(
            "  vpc:\n",
            "  layers:\n    - ${ssm:/layers/common}\n  httpApi:\n    authorizers:\n      jwt:\n        \
             identitySource: $request.header.Authorization\n        \
             issuerUrl: https://cognito-idp.us-east-1.amazonaws.com/${ssm:/auth/pool}\n        \
             audience:\n          - ${ssm:/auth/client}\n  vpc:\n",
        )
        .replace(
            "capacityProvider: default\n",
            "capacityProvider: default\n    layers:\n      - arn:aws:lambda:${aws:region}:${aws:accountId}:layer:deps:3\n    \
             events:\n      - httpApi: {path: /, method: get, authorizer: jwt}\n",
        );
    let dir = scratch("ssm_places", "serverless.yml", &config);
    let out = run_in(&dir, &["synth"]);
    assert_eq!(out.status.code(), Some(0), "{}\n{config}", stderr(&out));
    let template: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let resources = &template["Resources"];
    assert_eq!(
        resources["ApiLambdaFunction"]["Properties"]["Layers"],
        serde_json::json!([{"Fn::Sub": "arn:aws:lambda:us-east-1:${AWS::AccountId}:layer:deps:3"}])
    );
    let vpc = &resources["DefaultLambdaCapacityProvider"]["Properties"]["VpcConfig"];
    assert_eq!(
        (&vpc["SubnetIds"], &vpc["SecurityGroupIds"]),
        (
            &serde_json::json!(["{{resolve:ssm:/net/subnet}}"]),
            &serde_json::json!(["{{resolve:ssm:/net/sg}}", "sg-0abc1234"])
        )
    );
    let jwt = &resources["HttpApiAuthorizerJwt"]["Properties"]["JwtConfiguration"];
    assert_eq!(
        jwt,
        &serde_json::json!({"Audience": ["{{resolve:ssm:/auth/client}}"],
                            "Issuer": "https://cognito-idp.us-east-1.amazonaws.com/{{resolve:ssm:/auth/pool}}"})
    );
    // The provider's layers are the function's unless it has its own: drop the function's.
    let config =
        config.replace("    layers:\n      - arn:aws:lambda:${aws:region}:${aws:accountId}:layer:deps:3\n", "");
    std::fs::write(dir.join("serverless.yml"), &config).unwrap();
    let out = run_in(&dir, &["synth"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let template: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        template["Resources"]["ApiLambdaFunction"]["Properties"]["Layers"],
        serde_json::json!(["{{resolve:ssm:/layers/common}}"])
    );
    // A whole list as one `${ssm:...}` is a StringList the reference splits; a dynamic reference
    // would be one string: an error, as where the reference takes the value apart (a role).
    let whole = config.replace("  layers:\n    - ${ssm:/layers/common}\n", "  layers: ${ssm:/layers/common}\n");
    std::fs::write(dir.join("serverless.yml"), &whole).unwrap();
    let out = run_in(&dir, &["validate"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("`${ssm:/layers/common}` needs AWS to resolve"), "{}", stderr(&out));
    let config =
        config.replace("capacityProvider: default\n", "capacityProvider: default\n    role: ${ssm:/roles/api}\n");
    std::fs::write(dir.join("serverless.yml"), &config).unwrap();
    let out = run_in(&dir, &["validate"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("`${ssm:/roles/api}` needs AWS to resolve"), "{}", stderr(&out));
}

#[test]
fn missing_files() {
    let dir = scratch("missing", "other.txt", "");
    let out = run_in(&dir, &["synth"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no serverless.yml, serverless.yaml or serverless.json"), "{}", stderr(&out));
    let out = run_in(&dir, &["validate", "-c", "nope.yml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot read nope.yml"), "{}", stderr(&out));
    // A missing artifact is a configuration error, located at the artifact.
    bad("missing-artifact", &VALID.replace("artifact: artifact.zip", "artifact: dist/none.zip"), &["ARTIFACT_ERROR"]);
}

#[test]
fn convert_styles() {
    let dir = scratch("convert", "serverless.yml", VALID);
    let out = run_in(&dir, &["convert"]);
    assert_eq!(out.status.code(), Some(0));
    let code = String::from_utf8(out.stdout).unwrap();
    assert!(code.contains("pub fn service() -> Service {"), "{code}");
    let out = run_in(&dir, &["convert", "--style", "macro"]);
    let code = String::from_utf8(out.stdout).unwrap();
    assert!(code.contains("stackwright::service! {"), "{code}");
    assert!(
        code.contains("functions: { api: { handler: \"handler.api\", capacityProvider: \"default\" } },"),
        "{code}"
    );
    // The deploy settings travel with the program (the template does not show them).
    let with_settings =
        VALID.replacen("provider:\n", "provider:\n  disableRollback: true\n  stackTags: {team: core}\n", 1);
    let dir = scratch("convert-settings", "serverless.yml", &with_settings);
    let code = String::from_utf8(run_in(&dir, &["convert"]).stdout).unwrap();
    assert!(code.contains(r#""disableRollback": true"#) && code.contains(r#""team": "core""#), "{code}");
}

#[test]
fn yaml_output_reads_back_as_every_expected_template() {
    let Some(suite) = suite_dir() else { return };
    let mut checked = 0;
    for entry in std::fs::read_dir(&suite).unwrap() {
        let expected = entry.unwrap().path().join("expected.json");
        let Ok(text) = std::fs::read_to_string(&expected) else { continue };
        let template: serde_json::Value = serde_json::from_str(&text).unwrap();
        let yaml = stackwright_cli::yaml_out::to_yaml(&template);
        let mut map = stackwright_cli::source::SourceMap::default();
        let back = stackwright_cli::yaml::parse(&yaml, &mut map).unwrap_or_else(|e| panic!("{expected:?}: {e:?}"));
        // Same values and the same key order.
        assert_eq!(serde_json::to_string(&back).unwrap(), serde_json::to_string(&template).unwrap(), "{expected:?}");
        checked += 1;
    }
    assert!(checked >= 20, "{checked}");
}

#[test]
fn usage_errors_exit_1_and_help_exits_0() {
    let dir = scratch("usage", "serverless.yml", VALID);
    assert_eq!(run_in(&dir, &["bogus"]).status.code(), Some(1));
    assert_eq!(run_in(&dir, &["synth", "--format", "xml"]).status.code(), Some(1));
    let help = run_in(&dir, &["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("artifacts"));
}

/// serverless-lift's `${construct:...}` from serverless.yml: the queue's `Ref`/`Fn::GetAtt`; in a
/// longer string (where Lift writes `[object Object]`), an error that says how to write it.
#[test]
fn serverless_lift_construct_variables() {
    let lift = "plugins: [serverless-lift]\nconstructs:\n  jobs:\n    type: queue\n    worker:\n      handler: handler.worker\n";
    let with = |env: &str| format!("{VALID}    environment:\n      QUEUE: {env}\n{lift}");
    let dir = scratch("lift-vars", "serverless.yml", &with("${construct:jobs.queueUrl}"));
    let out = run_in(&dir, &["synth"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let t: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let env = &t["Resources"]["ApiLambdaFunction"]["Properties"]["Environment"]["Variables"];
    assert_eq!(env["QUEUE"], serde_json::json!({"Ref": "jobsQueueCEDBAE3E"}));
    assert_eq!(t["Resources"]["jobsQueueCEDBAE3E"]["Properties"]["QueueName"], "svc-dev-jobs");
    assert!(t["Resources"]["JobsWorkerLambdaFunction"].is_object());

    bad(
        "lift-embedded",
        &with("\"url=${construct:jobs.queueUrl}\""),
        &[
            "error[CONFIG_UNRESOLVED_VARIABLE]: `${construct:jobs.queueUrl}` is an object and cannot be part of a longer string `url=${construct:jobs.queueUrl}`",
            "= help: write the whole string as `Fn::Sub` with `${jobsQueueCEDBAE3E}` where the variable is",
        ],
    );
    bad(
        "lift-property",
        &with("${construct:jobs.bucketName}"),
        &[
            "${construct:jobs.bucketName} does not exist. Properties available on ${construct:jobs} are: queueUrl, queueArn, dlqUrl, dlqArn",
        ],
    );
    bad(
        "lift-construct",
        &with("${construct:mail.queueUrl}"),
        &["No construct named 'mail' was found, the ${construct:mail.queueUrl} variable is invalid."],
    );
    bad(
        "lift-unlisted",
        &format!("{VALID}    environment:\n      QUEUE: ${{construct:jobs.queueUrl}}\n"),
        &["`${construct:jobs.queueUrl}` is a variable of the plugin serverless-lift, which `plugins` does not list"],
    );
}

/// serverless.json's positions are read only when a diagnostic needs them: a path in the config
/// at its value, a path of the template (outside the config) at the document's first character.
#[test]
fn json_diagnostics_are_located() {
    let text = "\n  {\n  \"service\": \"repro\",\n  \"provider\": {\"name\": \"aws\", \"runtime\": \"nodejs22.x\"},\n  \"package\": {\"artifact\": \"artifact.zip\"},\n  \"functions\": {\"f\": {\"handler\": \"h.f\", \"memorySize\": 99999,\n    \"role\": {\"Fn::GetAtt\": [\"Typo\", \"Arn\"]}}}\n}\n";
    let dir = scratch("json-positions", "serverless.json", text);
    let err = stderr(&run_in(&dir, &["validate", "-c", "serverless.json"]));
    let at = |code: &str| {
        let from = err.find(&format!("[{code}]")).unwrap_or_else(|| panic!("no {code}: {err}"));
        err[from..].lines().nth(1).unwrap().to_string()
    };
    assert_eq!(at("LAMBDA_INVALID_MEMORY_SIZE"), " --> serverless.json:6:55", "{err}");
    assert_eq!(at("UNRESOLVED_REFERENCE"), " --> serverless.json:2:3", "{err}");
}

/// Issue 13: independent errors come in one run, whichever stage finds them (a variable, a rule,
/// the artifact, a template reference), each with its code, path and message; an error caused
/// by another (a value left unresolved is not also the wrong type) is not reported.
#[test]
fn independent_errors_come_in_one_run() {
    let text = "service: repro\nprovider: {name: aws, runtime: nodejs12.x}\nfunctions:\n  f:\n    handler: h.f\n    role: !GetAtt Typo.Arn\n    timeout: ${env:STACKWRIGHT_TEST_UNSET}\n    environment: {A: '${env:STACKWRIGHT_TEST_UNSET}'}\n";
    let dir = scratch("one-run", "serverless.yml", text);
    let out = run_in(&dir, &["validate", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(&str, &str)> =
        items.as_array().unwrap().iter().map(|d| (d["code"].as_str().unwrap(), d["path"].as_str().unwrap())).collect();
    assert_eq!(
        found,
        [
            // The same unset variable is one error, at its first place.
            ("CONFIG_UNRESOLVED_VARIABLE", "functions.f.timeout"),
            ("CONFIG_INVALID_VALUE", "provider.runtime"),
            ("ARTIFACT_ERROR", "functions.f"),
            ("UNRESOLVED_REFERENCE", "Resources.FLambdaFunction.Properties.Role"),
        ],
        "{items:#}"
    );
    let message = |i: usize| items[i]["message"].as_str().unwrap().to_string();
    assert_eq!(
        message(1),
        "runtime \"nodejs12.x\" is deprecated by AWS: Lambda no longer creates or updates functions on it"
    );
    assert!(message(2).starts_with("function \"f\" has no artifact"), "{}", message(2));
    assert_eq!(message(3), "Fn::GetAtt of \"Typo\", which is not a resource of the template.");

    // A rejected `package` is not also a missing artifact.
    let text = "service: repro\nprovider: {name: aws, runtime: nodejs22.x}\npackage: {artifact: [a.zip, b.zip]}\nfunctions: {f: {handler: h.f}}\n";
    let dir = scratch("one-run-cascade", "serverless.yml", text);
    let out = run_in(&dir, &["validate", "--format", "json"]);
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = items.as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["CONFIG_INVALID_VALUE"], "{items:#}");
    assert_eq!(items[0]["path"], "package.artifact");
}

/// One cause, one error: a rejected plugin's own keys and variables are rejected with it, in its
/// error, and a rejected `provider.ecr` does not make its image names unpinned images too.
#[test]
fn a_rejected_plugin_takes_its_keys_with_it() {
    let codes_paths = |text: &str, name: &str| -> (Vec<(String, String)>, serde_json::Value) {
        let dir = scratch(name, "serverless.yml", text);
        let out = run_in(&dir, &["validate", "--format", "json"]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let found = items
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| (d["code"].as_str().unwrap().to_string(), d["path"].as_str().unwrap().to_string()))
            .collect();
        (found, items)
    };
    let http = "service: repro\nprovider: {name: aws, runtime: nodejs22.x}\nplugins: [serverless-aws-documentation, serverless-plugin-lambda-dead-letter]\npackage: {artifact: artifact.zip}\nfunctions:\n  f:\n    handler: h.f\n    deadLetter: {sqs: dlq}\n    events:\n      - http: {path: todos, method: post, documentation: {summary: s}}\n";
    let (found, items) = codes_paths(http, "plugin-http");
    let paths: Vec<&str> = found.iter().map(|(_, p)| p.as_str()).collect();
    assert_eq!(paths, ["plugins[0]", "plugins[1]"], "{items:#}");
    assert!(
        items[0]["message"]
            .as_str()
            .unwrap()
            .ends_with("what it adds (`functions.*.events[*].http.documentation`) is rejected with it")
    );

    // serverless-websockets-plugin's `routeKey`: the plugin's error, then each event's missing
    // `route` with the rename as help, and no unknown-key warnings beside them.
    let ws = "service: repro\nprovider: {name: aws, runtime: nodejs22.x, websocketApiRouteSelectionExpression: $request.body.action}\nplugins: [serverless-websockets-plugin]\npackage: {artifact: artifact.zip}\nfunctions:\n  f:\n    handler: h.f\n    events:\n      - websocket: {routeKey: $connect}\n";
    let (found, items) = codes_paths(ws, "plugin-ws");
    let expected =
        [("UNSUPPORTED_PLUGIN", "plugins[0]"), ("CONFIG_MISSING_KEY", "functions.f.events[0].websocket.route")];
    assert_eq!(found, expected.map(|(c, p)| (c.to_string(), p.to_string())), "{items:#}");
    assert_eq!(items.as_array().unwrap().len(), 2, "{items:#}");
    assert_eq!(items[1]["help"], "rename `routeKey` to `route`: `route: $connect`");

    let ecr = "service: repro\nprovider:\n  name: aws\n  ecr: {images: {img: {path: ./}}}\npackage: {artifact: artifact.zip}\nfunctions:\n  f: {image: img}\n";
    let (found, items) = codes_paths(ecr, "plugin-ecr");
    assert_eq!(found, [("CONFIG_UNSUPPORTED_KEY".to_string(), "provider.ecr".to_string())], "{items:#}");
}

/// `stackwright validate --format json` in `dir`: each error's `field` ("code", "path",
/// "message"), and all diagnostics.
fn error_fields(dir: &Path, field: &str) -> (Vec<String>, serde_json::Value) {
    let out = run_in(dir, &["validate", "--format", "json"]);
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    let found = (items.as_array().unwrap().iter())
        .filter(|d| d["severity"] == "error")
        .map(|d| d[field].as_str().unwrap().to_string())
        .collect();
    (found, items)
}

/// One cause, one error: Bref's plugin takes its variable sources (`${bref:...}`,
/// `${bref-extra:...}`) and its runtime names (`php-83`) with it; without the plugin listed,
/// each names the plugin it belongs to.
#[test]
fn bref_s_variables_and_runtimes_go_with_its_plugin() {
    let text = "service: repro\nprovider: {name: aws, runtime: php-83}\nplugins: [./vendor/bref/bref, ./vendor/bref/extra-php-extensions]\npackage: {artifact: artifact.zip}\nfunctions:\n  web:\n    handler: public/index.php\n    runtime: php-83-fpm\n    layers: ['${bref:layer.php-83-fpm}', '${bref-extra:gd-php-83}']\n";
    let (paths, items) = error_fields(&scratch("bref", "serverless.yml", text), "path");
    assert_eq!(paths, ["plugins[0]", "plugins[1]"], "{items:#}");
    assert_eq!(items[0]["code"], "UNSUPPORTED_PLUGIN");
    assert_eq!(
        items[0]["message"],
        "plugin \"./vendor/bref/bref\" changes the template, and stackwright runs no plugins; what it adds (variable \
         source `bref`, runtimes `php-*`) is rejected with it"
    );
    assert!(items[0]["help"].as_str().unwrap().contains("`runtime: provided.al2023`"), "{items:#}");

    // On Managed Instances, and with `plugins` one name: the runtimes the plugin names are not
    // also the default runtime, which Managed Instances do not run.
    let managed = format!(
        "{VALID}    runtime: php-83-fpm\n    layers: ['${{bref:layer.php-83-fpm}}']\n  cli: {{handler: bin/console, capacityProvider: default}}\nplugins: ./vendor/bref/bref\n"
    )
    .replace("  runtime: nodejs24.x\n", "  runtime: php-83\n");
    let (codes, items) = error_fields(&scratch("bref-managed", "serverless.yml", &managed), "code");
    assert_eq!(codes, ["UNSUPPORTED_PLUGIN"], "{items:#}");
    let notes: Vec<&str> = (items.as_array().unwrap().iter())
        .filter(|d| d["code"] == "PLUGIN_VALUE")
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(notes, ["provider.runtime", "functions.api.runtime"], "{items:#}");

    let text = text.replace("plugins: [./vendor/bref/bref, ./vendor/bref/extra-php-extensions]\n", "");
    let dir = scratch("bref-unlisted", "serverless.yml", &text);
    let (paths, items) = error_fields(&dir, "path");
    assert_eq!(
        paths,
        ["functions.web.layers[0]", "functions.web.layers[1]", "provider.runtime", "functions.web.runtime"],
        "{items:#}"
    );
    let (codes, _) = error_fields(&dir, "code");
    assert_eq!(
        codes,
        ["CONFIG_UNRESOLVED_VARIABLE", "CONFIG_UNRESOLVED_VARIABLE", "CONFIG_INVALID_VALUE", "CONFIG_INVALID_VALUE"]
    );
    let (messages, items) = error_fields(&dir, "message");
    assert_eq!(
        messages,
        [
            "variable source `bref` in `${bref:layer.php-83-fpm}` belongs to the plugin ./vendor/bref/bref, which \
             `plugins` does not list",
            "variable source `bref-extra` in `${bref-extra:gd-php-83}` belongs to the plugin \
             ./vendor/bref/extra-php-extensions, which `plugins` does not list",
            "runtime \"php-83\" is a name given by the plugin ./vendor/bref/bref, which `plugins` does not list",
            "runtime \"php-83-fpm\" is a name given by the plugin ./vendor/bref/bref, which `plugins` does not list",
        ],
        "{items:#}"
    );
}

/// One cause, one error: what an unresolved variable leaves unknown is not reported again. A
/// function without its own runtime has the unresolved `provider.runtime`'s; a `resources` file
/// that is missing may hold the role a function names; an authorizer named after an unresolved
/// ARN's last part is not also an invalid logical ID and a dangling reference.
#[test]
fn what_an_unresolved_variable_leaves_unknown_is_not_reported_again() {
    let text = format!(
        "{VALID}    role: AppRole\n    events:\n      - http: {{path: a, method: get, authorizer: {{arn: 'arn:aws:cognito-idp:us-east-1:${{aws:accountId}}:userpool/${{self:custom.pool}}'}}}}\n  other: {{handler: h.o, capacityProvider: default}}\ncustom: {{pool: p}}\nresources:\n  - ${{file(missing.yml)}}\n"
    )
    .replace("  runtime: nodejs24.x\n", "  runtime: ${env:STACKWRIGHT_TEST_UNSET}\n");
    let (paths, items) = error_fields(&scratch("unknown-after-variable", "serverless.yml", &text), "path");
    assert_eq!(paths, ["provider.runtime", "functions.api.events[0].http.authorizer.arn", "resources[0]"], "{items:#}");
    assert!(items.as_array().unwrap().iter().all(|d| d["code"] != "UNRESOLVED_REFERENCE"), "{items:#}");
    // Each alone is still reported where nothing explains it.
    let text = format!("{VALID}    role: AppRole\n").replace("  runtime: nodejs24.x\n", "  runtime: nodejs20.x\n");
    let (codes, items) = error_fields(&scratch("unknown-without-variable", "serverless.yml", &text), "code");
    assert_eq!(codes, ["LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_RUNTIME", "UNRESOLVED_REFERENCE"], "{items:#}");
}

/// One run, one instant: `${sls:instanceId}` is the suffix of the API's deployment, so a resource
/// that depends on the deployment by name finds it, without SOURCE_DATE_EPOCH too (the two used
/// to read the clock apart, a millisecond apart now and then).
#[test]
fn sls_instance_id_names_the_api_deployment() {
    let text = format!(
        "{VALID}    events:\n      - http: {{path: a, method: get}}\nresources:\n  Resources:\n    Mapping:\n      Type: AWS::ApiGateway::BasePathMapping\n      DependsOn: ['ApiGatewayDeployment${{sls:instanceId}}']\n      Properties: {{DomainName: api.example.com, RestApiId: {{Ref: ApiGatewayRestApi}}}}\n"
    );
    let dir = scratch("instance-id", "serverless.yml", &text);
    for _ in 0..5 {
        let out = Command::new(env!("CARGO_BIN_EXE_stackwright"))
            .args(["synth"])
            .current_dir(&dir)
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .expect("run stackwright");
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let template: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let resources = template["Resources"].as_object().unwrap();
        let deployment = resources.keys().find(|k| k.starts_with("ApiGatewayDeployment")).unwrap();
        assert_eq!(resources["Mapping"]["DependsOn"][0], deployment.as_str());
    }
}

/// `deploy --package DIR` deploys what `package` built: `${sls:instanceId}` is that run's instant,
/// as the API deployment's logical ID is, so the config's reference to the deployment holds (it
/// is checked before any AWS call, which fails here on a closed port).
#[test]
fn a_prebuilt_package_keeps_its_instance_id() {
    let text = format!(
        "{VALID}    events:\n      - http: {{path: a, method: get}}\nresources:\n  Resources:\n    Topic:\n      Type: AWS::SNS::Topic\n      DependsOn: ['ApiGatewayDeployment${{sls:instanceId}}']\n"
    )
    .replace("package:\n  artifact: artifact.zip\n", "");
    let dir = scratch("instance-id-package", "serverless.yml", &text);
    // Zipped by `stackwright package`, so the deploy keeps the package's build time.
    std::fs::remove_file(dir.join("artifact.zip")).expect("no prebuilt artifact");
    std::fs::write(dir.join("handler.js"), "exports.api = async () => 'ok';\n").expect("write handler");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_stackwright"))
            .args(args)
            .current_dir(&dir)
            .env_remove("SOURCE_DATE_EPOCH")
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_REGION", "us-east-1")
            .env("AWS_MAX_ATTEMPTS", "1")
            .env("AWS_CONFIG_FILE", dir.join("no-aws-config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("no-aws-credentials"))
            .env_remove("AWS_PROFILE")
            .output()
            .expect("run stackwright")
    };
    let out = run(&["package", "-o", ".serverless"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::thread::sleep(std::time::Duration::from_millis(5));
    let out = run(&["deploy", "--package", ".serverless"]);
    assert_ne!(out.status.code(), Some(2), "the config's errors: {}", stderr(&out));
    assert!(!stderr(&out).contains("UNRESOLVED_REFERENCE"), "{}", stderr(&out));
}

/// The settings of natively implemented plugins under `custom` reach core from serverless.yml
/// (the rest of `custom` only serves variables): `defaultInherit` gives the function's own role
/// the provider's statements too.
#[test]
fn native_plugin_settings_under_custom_are_read() {
    let text = format!(
        "{VALID}    iamRoleStatements:\n      - {{Effect: Allow, Action: sqs:SendMessage, Resource: '*'}}\n\
         plugins: [serverless-iam-roles-per-function]\n\
         custom:\n  table: t\n  serverless-iam-roles-per-function:\n    defaultInherit: ${{self:custom.inherit}}\n  inherit: true\n"
    )
    .replace("  runtime: nodejs24.x\n", "  runtime: nodejs24.x\n  iamRoleStatements:\n    - {Effect: Allow, Action: s3:GetObject, Resource: '*'}\n");
    let out = run_in(&scratch("plugin-custom", "serverless.yml", &text), &["synth"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let template: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let roles: Vec<&str> = template["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::IAM::Role" && r.to_string().contains("s3:GetObject"))
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(roles.len(), 2, "the provider's role and the function's inheriting role: {roles:?}");
}

/// serverless-ssm-fetch (2.0.0): the parameters of `custom.serverlessSsmFetch` in every
/// function's environment (only those of its `ssmToEnvironment` where it has one), replacing its
/// own of the same name, and merged after the provider's as the framework merges them. Offline, a
/// plain parameter is CloudFormation's `{{resolve:ssm:...}}`, a SecureString (`~true`) a given
/// value; without one, one error per parameter, at its setting, and none again for a setting a
/// variable error already covers.
#[test]
fn ssm_fetch_puts_parameters_into_the_environment() {
    let text = VALID
        .replace(
            "    capacityProvider: default\n",
            "    capacityProvider: default\n    environment:\n      OWN: own\n      TOKEN: own-token\n\
             \x20 worker:\n    handler: handler.work\n    capacityProvider: default\n    ssmToEnvironment: [DB_HOST, ABSENT]\n",
        )
        .replacen(
            "provider:\n  name: aws\n",
            "plugins: [serverless-ssm-fetch]\n\
             custom:\n  serverlessSsmFetch:\n    DB_HOST: /app/${sls:stage}/db-host\n    DB_PASSWORD: /app/password~true\n    TOKEN: /app/token\n\
             provider:\n  name: aws\n  environment:\n    SHARED: shared\n    DB_HOST: from-provider\n",
            1,
        );
    let dir = scratch("ssm-fetch", "serverless.yml", &text);
    let out = run_in(&dir, &["synth", "--stage", "prod", "--value", "ssm:/app/password=secret"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "the plugin's key `ssmToEnvironment` is accepted with it");
    let t: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let env = |id: &str| t["Resources"][id]["Properties"]["Environment"]["Variables"].to_string();
    assert_eq!(
        env("ApiLambdaFunction"),
        r#"{"SHARED":"shared","DB_HOST":"{{resolve:ssm:/app/prod/db-host}}","OWN":"own","TOKEN":"{{resolve:ssm:/app/token}}","DB_PASSWORD":"secret"}"#
    );
    assert_eq!(env("WorkerLambdaFunction"), r#"{"SHARED":"shared","DB_HOST":"{{resolve:ssm:/app/prod/db-host}}"}"#);

    // Without the SecureString's value.
    let out = run_in(&dir, &["validate"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.matches("error[").count(), 1, "{err}");
    assert!(err.contains("at: custom.serverlessSsmFetch.DB_PASSWORD"), "{err}");
    assert!(err.contains("SSM parameter `/app/password`"), "{err}");
    assert!(err.contains("--value 'ssm:/app/password=VALUE'"), "{err}");

    // A setting with an unresolved variable: that variable's error only.
    std::fs::write(
        dir.join("serverless.yml"),
        text.replace("/app/password~true", "/app/${env:STACKWRIGHT_TEST_UNSET}~true"),
    )
    .unwrap();
    let err = stderr(&run_in(&dir, &["validate"]));
    assert_eq!(err.matches("error[").count(), 1, "{err}");
    assert!(err.contains("environment variable STACKWRIGHT_TEST_UNSET is not set"), "{err}");

    // The plugin without its settings.
    let bare = text.replace("custom:\n  serverlessSsmFetch:\n    DB_HOST:", "custom:\n  other:\n    DB_HOST:");
    std::fs::write(dir.join("serverless.yml"), bare).unwrap();
    let err = stderr(&run_in(&dir, &["validate"]));
    assert!(
        err.contains("error[CONFIG_MISSING_KEY]: plugin \"serverless-ssm-fetch\" needs `custom.serverlessSsmFetch`"),
        "{err}"
    );
}

/// serverless-plugin-git-variables (5.2.0; the template checked against osls 4.3.1 with the
/// plugin): `${git:...}` from the service's git checkout, and six git values in every function's
/// environment and tags unless it has its own; outside a checkout, one error per use, as the
/// plugin's failing `git` command stops the reference.
#[test]
fn git_variables_come_from_the_checkout() {
    let text = VALID
        .replace(
            "handler: handler.api",
            "handler: handler.api\n    environment:\n      VERSION: ${git:describeLight}\n      GIT_BRANCH: mine",
        )
        .replacen(
            "provider:",
            "plugins: [serverless-plugin-git-variables, serverless-lift]\n\
             constructs:\n  jobs:\n    type: queue\n    worker: {handler: handler.work, environment: {GIT_TAGS: own}}\n\
             provider:",
            1,
        );
    let dir = scratch("git-variables", "serverless.yml", &text);
    let git = |args: &[&str]| {
        let out = Command::new("git").args(args).current_dir(&dir).env_remove("GIT_DIR").output().expect("git");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    git(&["init", "-q", "-b", "release"]);
    git(&["-c", "user.name=T", "-c", "user.email=t@example.com", "add", "-A"]);
    git(&["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "init"]);
    git(&["tag", "v1.2"]);
    let sha = git(&["rev-parse", "HEAD"]);
    let out = run_in(&dir, &["synth"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let t: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = &t["Resources"]["ApiLambdaFunction"]["Properties"];
    let expected = serde_json::json!({"VERSION": "v1.2", "GIT_BRANCH": "mine", "GIT_COMMIT_SHORT": &sha[..7], "GIT_COMMIT_LONG": sha,
        "GIT_IS_DIRTY": "false", "GIT_REPOSITORY": "git-variables", "GIT_TAGS": "v1.2"});
    assert_eq!(p["Environment"]["Variables"], expected);
    let tags: Vec<(&str, &str)> = p["Tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["Key"].as_str().unwrap(), t["Value"].as_str().unwrap()))
        .collect();
    assert_eq!(tags[2], ("GIT_BRANCH", "release"));
    assert_eq!(tags.len(), 6);
    // serverless-lift's worker is a function when the plugin exports, so it has them too.
    let worker = &t["Resources"]["JobsWorkerLambdaFunction"]["Properties"]["Environment"]["Variables"];
    assert_eq!((&worker["GIT_TAGS"], &worker["GIT_BRANCH"]), (&"own".into(), &"release".into()), "{worker}");

    // Outside any checkout.
    let outside = std::env::temp_dir().join(format!("stackwright-no-git-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&outside);
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("serverless.yml"), &text).unwrap();
    std::fs::write(outside.join("artifact.zip"), b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0").unwrap();
    let err = stderr(&run_in(&outside, &["synth"]));
    assert!(err.contains("`${git:describeLight}`: `git describe --always --tags` failed"), "{err}");
    // One cause, one error: not also the export's.
    assert!(err.contains("1 error(s)"), "{err}");
    let plain = text.replace("${git:describeLight}", "v");
    std::fs::write(outside.join("serverless.yml"), &plain).unwrap();
    let err = stderr(&run_in(&outside, &["synth"]));
    assert!(err.contains("= at: plugins[0]") && err.contains("exportGitVariables: false"), "{err}");
    assert!(err.contains("1 error(s)"), "{err}");
}

/// The templates osls 4.3.1 wrote for these services, byte for byte (its artifact directory's
/// time replaced by SOURCE_DATE_EPOCH's):
/// - `cloud_front*`: `cloudFront` (Lambda@Edge) events: the distribution with its origins and
///   cache behaviors merged as the reference merges them, the default behavior made from a
///   path-pattern one, the cache policies, the invoke permissions, the role's trust and log
///   statement, the edge functions' 128 MB / 5 s, their environment and VPC removed after the
///   version hash, and `DeletionPolicy: Retain`;
/// - `template_sections`: `resources`' `Metadata`, `Mappings`, `Conditions`, `Transform` (one
///   name becomes a list), `Rules` and `Parameters`, after `Outputs` in the order written;
/// - `image_config`: the object form of `image`, whose `command`, `entryPoint` and
///   `workingDirectory` become `ImageConfig` right after `Code` and count in the version's hash;
/// - `layer_retired_runtimes`: retired runtimes in a layer's `compatibleRuntimes`, which the
///   reference's schema warns about and writes all the same (osls run with
///   `configValidationMode: warn`, Serverless Framework v4's default);
/// - `env_and_stage` (run with the options in its `args`): environment variables written without
///   a value (none in the template, the provider's of that name removed, counted in the version
///   hash as `null`), and `${self:provider.stage}`/`${self:provider.region}` as written in the
///   file, where `${sls:stage}` and `${aws:region}` are `--stage` and `--region`;
/// - `http_cors_one_value`: an http event's CORS `origins`, `methods` and `headers` written as one
///   string, which the reference's schema makes a list of one;
/// - `lone_values`: one value where the schema has a list (`vpcEndpointIds`, `layers`, VPC ids,
///   API keys, binary media types, authorizer scopes, S3 CORS rules' lists), and a REST API
///   resource policy written as one statement (osls run with `configValidationMode: warn`);
/// - `string_values`: strings where the schema has numbers and booleans (`timeout: '10'`,
///   `enabled: 'false'`, an HTTP API's CORS and authorizer settings), which the reference's schema
///   makes numbers and booleans;
/// - `runtime_management`: `runtimeManagement` of the provider (`{mode, arn}`) under a function's
///   `manual`, inherited, and `auto`;
/// - `provider_settings_vpc` (run with the options in its `args`): the reference's golden core-03
///   (provider memory, timeout, arm64, a VPC with `ipv6AllowedForDualStack`, `vpc: false`, the
///   environments merged, a description) with its one-letter variables `A`/`B`, which Lambda
///   refuses, renamed `AA`/`BB` and the template re-made with osls 4.3.1.
#[test]
fn fixtures_are_the_references() {
    for case in [
        "cloud_front",
        "cloud_front_merged",
        "template_sections",
        "image_config",
        "layer_retired_runtimes",
        "env_and_stage",
        "http_cors_one_value",
        "lone_values",
        "string_values",
        "runtime_management",
        "provider_settings_vpc",
    ] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(case);
        let args = std::fs::read_to_string(dir.join("args")).unwrap_or_default();
        let out = run_in(&dir, &[vec!["synth"], args.split_whitespace().collect()].concat());
        assert!(out.status.success(), "{case}: {}", stderr(&out));
        let expected = std::fs::read_to_string(dir.join("expected.json")).expect("expected.json");
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{case}");
    }
}
