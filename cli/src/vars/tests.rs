use super::*;
use serde_json::json;

fn run(v: Value, options: Options) -> (Value, Vec<String>) {
    let (v, d) = run_diagnostics(v, options);
    (v, d.iter().map(|d| format!("{}: {}", d.path, d.message)).collect())
}

fn run_diagnostics(mut v: Value, options: Options) -> (Value, Diagnostics) {
    let env = |name: &str| match name {
        "TABLE" => Some("orders".to_string()),
        "EMPTY" => Some(String::new()),
        _ => None,
    };
    let d = resolve(&mut v, &options, &env);
    (v, d)
}

fn stage(stage: &str) -> Options {
    Options { stage: Some(stage.into()), ..Options::default() }
}

/// A directory of its own under the target directory, with `files` written into it.
fn dir_with(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stackwright-vars-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    dir
}

/// Every local source; a bare word as a fallback is the string it spells (the reference refuses
/// it: README, differences).
#[test]
fn every_local_source() {
    let (v, errors) = run(
        json!({"service": "svc", "custom": {"size": 2048, "names": {"prod": "p"}},
               "provider": {"stage": "${opt:stage, 'dev'}", "memorySize": "${self:custom.size}",
                            "environment": {"T": "${env:TABLE}", "D": "${env:MISSING, 'fallback'}",
                                            "S": "${self:service}-${sls:stage}", "N": "${self:custom.names.${opt:stage}}",
                                            "R": "${opt:region, ${self:service}}", "B": "${opt:region, self:service}",
                                            "E": "${env:EMPTY, 'empty is unset'}", "F": "${env:MISSING, 1.5}",
                                            "W": "${env:MISSING, us-west-1}"}},
               "cfn": "arn:${AWS::Region}:${Foo}"}),
        stage("prod"),
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(v["provider"]["stage"], "prod");
    assert_eq!(v["provider"]["memorySize"], 2048);
    assert_eq!(
        v["provider"]["environment"],
        json!({"T": "orders", "D": "fallback", "S": "svc-prod", "N": "p", "R": "svc", "B": "svc",
               "E": "empty is unset", "F": 1.5, "W": "us-west-1"})
    );
    assert_eq!(v["cfn"], "arn:${AWS::Region}:${Foo}");
}

#[test]
fn aws_region_partition_and_sls_defaults_follow_the_reference() {
    let doc = json!({"a": "${aws:region}", "b": "${aws:partition}", "c": "${sls:stage}"});
    let (v, _) = run(doc.clone(), Options::default());
    assert_eq!(v, json!({"a": "us-east-1", "b": "aws", "c": "dev"}));
    let (v, _) = run(
        json!({"provider": {"region": "cn-north-1", "stage": "qa"}, "a": "${aws:region}",
                            "b": "${aws:partition}", "c": "${sls:stage}"}),
        Options::default(),
    );
    assert_eq!((&v["a"], &v["b"], &v["c"]), (&json!("cn-north-1"), &json!("aws-cn"), &json!("qa")));
    let (v, _) = run(doc, Options { region: Some("us-gov-west-1".into()), ..stage("prod") });
    assert_eq!(v, json!({"a": "us-gov-west-1", "b": "aws-us-gov", "c": "prod"}));
}

#[test]
fn sls_instance_id_is_the_build_time() {
    let (v, errors) = run(json!({"a": "${sls:instanceId}"}), Options::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert!(v["a"].as_str().unwrap().parse::<u64>().unwrap() > 1_600_000_000_000, "{v}");
}

#[test]
fn a_lone_variable_takes_a_list_or_object_value() {
    let (v, errors) = run(
        json!({"custom": {"subnets": ["subnet-1", "subnet-2"], "vpc": {"subnetIds": ["subnet-3"]}},
               "a": "${self:custom.subnets}", "b": "${self:custom.vpc}", "c": "x-${self:custom.subnets}"}),
        Options::default(),
    );
    assert_eq!(v["a"], json!(["subnet-1", "subnet-2"]));
    assert_eq!(v["b"], json!({"subnetIds": ["subnet-3"]}));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("is a list and cannot be part of a longer string"), "{errors:?}");
}

#[test]
fn custom_params_and_stages_are_resolved_only_where_used() {
    let (v, errors) = run(
        json!({"custom": {"used": "${opt:stage, 'dev'}", "plugin": "${ssm:/only/for/a/plugin}"},
               "params": {"prod": {"x": "${ssm:/prod/only}"}}, "stages": {"prod": {"params": {"y": "${cf:a.b}"}}},
               "a": "${self:custom.used}"}),
        Options::default(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(v["a"], "dev");
    assert_eq!(v["params"]["prod"]["x"], "${ssm:/prod/only}");
}

#[test]
fn params_come_from_the_cli_then_the_stage_then_the_defaults() {
    let doc = json!({
        "params": {"default": {"domain": "example.com", "size": 512}, "prod": {"domain": "prod.example.com"}},
        "stages": {"default": {"params": {"tier": "free"}}, "prod": {"params": {"tier": "${self:custom.tier}"}}},
        "custom": {"tier": "paid"},
        "a": "${param:domain}", "b": "${param:size}", "c": "${param:tier}", "d": "${param:missing, 'x'}"});
    let (v, errors) = run(doc.clone(), Options::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!((&v["a"], &v["b"], &v["c"], &v["d"]), (&json!("example.com"), &json!(512), &json!("free"), &json!("x")));
    let mut options = stage("prod");
    options.values.insert("param:size", "1024");
    let (v, errors) = run(doc, options);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!((&v["a"], &v["b"], &v["c"]), (&json!("prod.example.com"), &json!("1024"), &json!("paid")));
}

#[test]
fn a_missing_param_names_the_stage_and_every_way_to_define_it() {
    let (_, d) = run_diagnostics(json!({"provider": {"environment": {"D": "${param:domain}"}}}), stage("qa"));
    let d = d.iter().next().unwrap();
    assert_eq!(d.code, codes::CONFIG_UNRESOLVED_VARIABLE);
    assert_eq!(d.path, "provider.environment.D");
    assert_eq!(d.message, "`${param:domain}`: parameter `domain` is not defined for stage `qa`");
    assert!(d.help.contains("--param 'domain=VALUE'") && d.help.contains("params.<stage>"), "{}", d.help);
}

#[test]
fn file_variables_read_yaml_json_and_text_whole_or_by_path() {
    let dir = dir_with(
        "file",
        &[
            (
                "config.yml",
                "memory: 2048\nvpc:\n  subnetIds: [subnet-1]\nrole: !GetAtt Role.Arn\nstage: ${sls:stage}\n",
            ),
            ("config.prod.json", "{\"name\": \"prod-table\", \"list\": [1, 2]}"),
            ("motd.txt", "hello"),
        ],
    );
    let options = Options { base_dir: Some(dir), ..stage("prod") };
    let (v, errors) = run(
        json!({"whole": "${file(./config.yml)}", "mem": "${file(./config.yml):memory}",
               "table": "${file(./config.${opt:stage}.json):name}", "second": "${file(config.prod.json):list.1}",
               "text": "${file(./motd.txt)}", "missing": "${file(./nope.yml), 'default'}",
               "nokey": "${file(./config.yml):nothing, 7}", "embedded": "t-${file(./config.yml):memory}"}),
        options,
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        v["whole"],
        json!({"memory": 2048, "vpc": {"subnetIds": ["subnet-1"]}, "role": {"Fn::GetAtt": ["Role", "Arn"]}, "stage": "prod"})
    );
    assert_eq!((&v["mem"], &v["table"], &v["second"]), (&json!(2048), &json!("prod-table"), &json!(2)));
    assert_eq!((&v["text"], &v["missing"], &v["nokey"]), (&json!("hello"), &json!("default"), &json!(7)));
    assert_eq!(v["embedded"], "t-2048");
}

#[test]
fn values_behind_a_variable_are_reached_through_it() {
    let dir = dir_with(
        "file-custom",
        &[
            ("custom.yml", "table: orders-${sls:stage}\nnested: ${file(./more.json)}\n"),
            ("more.json", "{\"a\": {\"b\": 5}}"),
        ],
    );
    let (v, errors) = run(
        json!({"custom": "${file(./custom.yml)}", "a": "${self:custom.table}", "b": "${self:custom.nested.a.b}",
               "c": "${file(./custom.yml):nested.a}", "d": "${self:custom.none, 'x'}"}),
        Options { base_dir: Some(dir), ..Options::default() },
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!((&v["a"], &v["b"], &v["c"], &v["d"]), (&json!("orders-dev"), &json!(5), &json!({"b": 5}), &json!("x")));
}

/// Only the part asked for is resolved: a file's other values may refer back to the value
/// being resolved (`provider.stage` from the file, the file's bucket from `provider.stage`), as
/// the reference allows.
#[test]
fn reaching_through_a_variable_resolves_only_the_part_asked_for() {
    let dir = dir_with(
        "file-back",
        &[("config.yml", "stage: develop\nbucket: ${self:provider.stage}-deploys\nown: ${self:custom.config.stage}\n")],
    );
    let (v, errors) = run(
        json!({"custom": {"config": "${file(config.yml)}", "alias": "${self:custom.config}"},
               "provider": {"stage": "${self:custom.config.stage}", "deploymentBucket": "${self:custom.alias.bucket}"},
               "other": "${file(config.yml):own}", "none": "${self:custom.alias.missing, 'x'}"}),
        Options { base_dir: Some(dir), ..Options::default() },
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(v["provider"], json!({"stage": "develop", "deploymentBucket": "develop-deploys"}));
    assert_eq!((&v["other"], &v["none"]), (&json!("develop"), &json!("x")));
    // A real cycle is still one.
    let (_, errors) = run(json!({"a": "${self:b.c}", "b": "${self:a}"}), Options::default());
    assert!(errors.iter().any(|e| e.contains("cycle")), "{errors:?}");
    // Where nothing is found, the error is the variable's own: the file that does not exist.
    let dir = dir_with("file-back-missing", &[]);
    let (_, errors) = run(
        json!({"custom": {"secrets": "${file(secrets.json)}"}, "key": "${self:custom.secrets.stripe}"}),
        Options { base_dir: Some(dir), ..Options::default() },
    );
    assert_eq!(errors, ["key: `${file(secrets.json)}`: secrets.json does not exist"]);
}

#[test]
fn file_variable_errors_name_the_file() {
    let dir = dir_with("file-errors", &[("bad.yml", "a: [1\n"), ("code.js", "module.exports = {}")]);
    let (_, d) = run_diagnostics(
        json!({"a": "${file(./bad.yml):a}", "b": "${file(./code.js):x}", "c": "${file(./none.yml)}"}),
        Options { base_dir: Some(dir), ..Options::default() },
    );
    let d: Vec<_> = d.iter().collect();
    assert_eq!(d.len(), 3);
    assert!(d.iter().all(|d| d.code == codes::CONFIG_UNRESOLVED_VARIABLE), "{d:?}");
    assert_eq!((d[0].path.as_str(), d[1].path.as_str(), d[2].path.as_str()), ("a", "b", "c"));
    assert!(d[0].message.starts_with("`${file(./bad.yml)}`: cannot parse ./bad.yml: "), "{}", d[0].message);
    assert!(d[0].message.contains("(line 2"), "{}", d[0].message);
    assert_eq!(d[1].message, "`${file(./code.js)}`: stackwright does not run JavaScript");
    assert!(d[1].help.contains("`--value 'file(./code.js):<key>=VALUE'`"), "{}", d[1].help);
    assert_eq!(d[2].message, "`${file(./none.yml)}`: ./none.yml does not exist");
    // One missing file is one cause, however many of its keys are read.
    let (_, d) = run_diagnostics(
        json!({"a": "${file(./none.yml):id}", "b": "${file(./none.yml):secret}", "c": "${file(./other.yml):id}"}),
        Options { base_dir: Some(dir_with("file-missing-keys", &[])), ..Options::default() },
    );
    let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`${file(./none.yml):id}`: ./none.yml does not exist (also read by the variables at b)",
            "`${file(./other.yml):id}`: ./other.yml does not exist",
        ]
    );
    let (_, d) = run_diagnostics(json!({"a": "${file(./x.yml)}"}), Options::default());
    assert!(d.iter().next().unwrap().message.contains("not read from a file"));
    // The value of a JavaScript file's key, given as the help says.
    let mut options = Options { base_dir: Some(dir_with("file-given", &[("code.js", "")])), ..Options::default() };
    options.values.insert("file(./code.js):sha", "abc");
    let (v, errors) = run(json!({"a": "${file(./code.js):sha}"}), options);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(v["a"], "abc");
}

#[test]
fn dotenv_is_read_with_use_dotenv_only_and_prefers_the_stage_file() {
    let dir =
        dir_with("dotenv", &[(".env", "TOKEN=base\nHOST=h\nURL=https://$HOST/x\n"), (".env.prod", "TOKEN=prod\n")]);
    let doc = json!({"useDotenv": true, "a": "${env:TOKEN}", "b": "${env:TABLE}", "c": "${env:URL, 'none'}"});
    let (v, errors) = run(doc.clone(), Options { base_dir: Some(dir.clone()), ..Options::default() });
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(v, json!({"useDotenv": true, "a": "base", "b": "orders", "c": "https://h/x"}));
    let (v, _) = run(doc, Options { base_dir: Some(dir.clone()), ..stage("prod") });
    assert_eq!((&v["a"], &v["c"]), (&json!("prod"), &json!("none")));
    let (_, d) = run_diagnostics(json!({"a": "${env:TOKEN}"}), Options { base_dir: Some(dir), ..Options::default() });
    assert!(d.iter().next().unwrap().help.contains("useDotenv: true"), "{d:?}");
}

/// Which `.env` file to read depends on the stage, so `provider.stage` reads the process
/// environment only, as the reference resolves it before loading `.env` (found on a corpus file
/// with `stage: ${env:STAGE}`, which was reported as a cycle).
#[test]
fn the_stage_is_resolved_before_dotenv_is_read() {
    let dir = dir_with("dotenv-stage", &[(".env", "STAGE=fromdotenv\nTOKEN=base\n"), (".env.qa", "TOKEN=qa\n")]);
    let doc = json!({"useDotenv": true, "provider": {"stage": "${env:STAGE}"}, "a": "${env:TOKEN}"});
    let (_, d) = run_diagnostics(doc.clone(), Options { base_dir: Some(dir.clone()), ..Options::default() });
    let d: Vec<_> = d.iter().collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].path, "provider.stage");
    assert!(d[0].message.contains("environment variable STAGE is not set"), "{}", d[0].message);
    assert!(d[0].help.starts_with("set STAGE in the environment (the stage chooses"), "{}", d[0].help);
    let env = |name: &str| (name == "STAGE").then(|| "qa".to_string());
    let mut v = doc;
    let d = resolve(&mut v, &Options { base_dir: Some(dir), ..Options::default() }, &env);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!((&v["provider"]["stage"], &v["a"]), (&json!("qa"), &json!("qa")));
}

/// serverless-dotenv-plugin loads its files after the reference resolved `${env:...}` (its
/// README, since Serverless Framework v3): without `useDotenv` they are not read.
#[test]
fn dotenv_plugin_does_not_read_env_files_for_variables() {
    let dir = dir_with("dotenv-plugin", &[(".env", "TOKEN=base\n")]);
    let doc = json!({"plugins": ["serverless-dotenv-plugin"], "a": "${env:TOKEN}"});
    let (_, d) = run_diagnostics(doc, Options { base_dir: Some(dir), ..Options::default() });
    let d = d.iter().next().expect("unresolved");
    assert!(d.help.contains("useDotenv: true"), "{}", d.help);
}

#[test]
fn aws_variables_become_dynamic_references_in_template_strings() {
    let (v, errors) = run(
        json!({"provider": {"environment": {"DB": "${ssm:/shop/db}", "URL": "https://${ssm:/shop/host}/x",
                                            "ACCOUNT": "${aws:accountId}",
                                            "ARN": "arn:${aws:partition}:sqs:${aws:region}:${aws:accountId}:q-${AWS::NoSub}"}},
               "custom": {"bucket": "assets-${aws:accountId}"},
               "resources": {"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {
                   "BucketName": "${self:custom.bucket}", "Tag": "x-${self:custom.bucket}",
                   "Sub": {"Fn::Sub": "${AWS::StackName}-${aws:accountId}"},
                   "SubList": {"Fn::Sub": ["${X}-${self:custom.bucket}", {"X": "x"}]}}}}}}),
        Options::default(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    let env = &v["provider"]["environment"];
    assert_eq!(env["DB"], "{{resolve:ssm:/shop/db}}");
    assert_eq!(env["URL"], "https://{{resolve:ssm:/shop/host}}/x");
    assert_eq!(env["ACCOUNT"], json!({"Ref": "AWS::AccountId"}));
    assert_eq!(env["ARN"], json!({"Fn::Sub": "arn:aws:sqs:us-east-1:${AWS::AccountId}:q-${!AWS::NoSub}"}));
    let props = &v["resources"]["Resources"]["B"]["Properties"];
    assert_eq!(props["BucketName"], json!({"Fn::Sub": "assets-${AWS::AccountId}"}));
    assert_eq!(props["Tag"], json!({"Fn::Sub": "x-assets-${AWS::AccountId}"}));
    assert_eq!(props["Sub"], json!({"Fn::Sub": "${AWS::StackName}-${AWS::AccountId}"}));
    assert_eq!(props["SubList"], json!({"Fn::Sub": ["${X}-assets-${AWS::AccountId}", {"X": "x"}]}));
}

/// `${ssm(<region>):name}` in the stack's own region reads what `{{resolve:ssm:name}}` reads;
/// another region has no deploy-time equivalent.
#[test]
fn ssm_with_the_stacks_own_region_becomes_a_dynamic_reference() {
    let (v, d) = run_diagnostics(
        json!({"provider": {"region": "eu-north-1", "environment": {
            "SAME": "${ssm(eu-north-1):/app/${self:provider.region}/db}", "OTHER": "${ssm(us-east-1):/app/db}"}}}),
        Options::default(),
    );
    let d: Vec<_> = d.iter().collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].path, "provider.environment.OTHER");
    assert!(d[0].help.contains("CloudFormation has no deploy-time equivalent"), "{}", d[0].help);
    assert_eq!(v["provider"]["environment"]["SAME"], "{{resolve:ssm:/app/eu-north-1/db}}");
    // The stack's own region outside a template string: the plain form's help.
    let (_, d) = run_diagnostics(
        json!({"provider": {"region": "eu-north-1", "memorySize": "${ssm(eu-north-1):/mem}"}}),
        Options::default(),
    );
    let d: Vec<_> = d.iter().collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].help.contains("stackwright writes `{{resolve:ssm:/mem}}` instead"), "{}", d[0].help);
}

/// A variable the reference's parser starts (`${word:` or `${word(`) without its `}` is an error,
/// as the reference's `UNTERMINATED_VARIABLE`; CloudFormation text (`${AWS::Region`) is not.
#[test]
fn a_variable_without_its_closing_brace_is_an_error() {
    let (v, d) = run_diagnostics(
        json!({"custom": {"stage": "dev", "events": {"dev": []}},
               "provider": {"environment": {
                   "WHOLE": "${self:custom.stage", "PART": "x-${opt:stage, 'dev'",
                   "NESTED": "${self:custom.events.${self:custom.stage}", "CFN": "${AWS::Region", "DOT": "${opt.stage"}}}),
        Options::default(),
    );
    let d: Vec<_> = d.iter().map(|d| (d.path.as_str(), d.message.as_str())).collect();
    assert_eq!(
        d,
        [
            ("provider.environment.WHOLE", "the variable `${self:custom.stage` has no closing `}`"),
            (
                "provider.environment.PART",
                "the variable `${opt:stage, 'dev'` has no closing `}` (in `x-${opt:stage, 'dev'`)"
            ),
            (
                "provider.environment.NESTED",
                "the variable `${self:custom.events.${self:custom.stage}` has no closing `}`"
            ),
        ]
    );
    assert_eq!(v["provider"]["environment"]["CFN"], "${AWS::Region");
    assert_eq!(v["provider"]["environment"]["DOT"], "${opt.stage");
}

/// A Secrets Manager secret read through Parameter Store becomes CloudFormation's own reference to
/// the secret; `raw` keeps what CloudFormation reads; `noDecrypt` and `~true` have no equivalent.
#[test]
fn secrets_through_parameter_store_become_secretsmanager_references() {
    let (v, d) = run_diagnostics(
        json!({"provider": {"region": "eu-west-1", "environment": {
            "DB": "${ssm:/aws/reference/secretsmanager/shop/${self:provider.region}/db}",
            "RAW": "postgres://${ssm(raw, eu-west-1):/aws/reference/secretsmanager//app/dsn}",
            "LIST": "${ssm(raw):/app/hosts}",
            "CIPHER": "${ssm(noDecrypt):/aws/reference/secretsmanager/shop/key}",
            "TILDE": "${ssm:/aws/reference/secretsmanager/shop/key~true}",
            "VERSION": "${ssm:/aws/reference/secretsmanager/shop/key:AWSPREVIOUS}"}}}),
        Options::default(),
    );
    let env = &v["provider"]["environment"];
    assert_eq!(env["DB"], "{{resolve:secretsmanager:shop/eu-west-1/db}}");
    assert_eq!(env["RAW"], "postgres://{{resolve:secretsmanager:/app/dsn}}");
    assert_eq!(env["LIST"], "{{resolve:ssm:/app/hosts}}");
    let d: Vec<_> = d.iter().map(|d| (d.path.as_str(), d.help.as_str())).collect();
    assert_eq!(d.len(), 3, "{d:?}");
    assert_eq!(d[0].0, "provider.environment.CIPHER");
    assert!(d[0].1.contains("`noDecrypt` and the like are not mapped"), "{}", d[0].1);
    assert_eq!(d[1].0, "provider.environment.TILDE");
    assert!(d[1].1.starts_with("drop `~true`: it is Serverless v1/v2 syntax"), "{}", d[1].1);
    assert_eq!(d[2].0, "provider.environment.VERSION");
    assert!(d[2].1.contains("CloudFormation has no deploy-time equivalent"), "{}", d[2].1);
    // Outside a template string the help names the reference stackwright writes elsewhere.
    let (_, d) = run_diagnostics(
        json!({"provider": {"memorySize": "${ssm:/aws/reference/secretsmanager/mem}"}}),
        Options::default(),
    );
    let d: Vec<_> = d.iter().collect();
    assert!(d[0].help.contains("stackwright writes `{{resolve:secretsmanager:mem}}` instead"), "{}", d[0].help);
}

/// The role's managed policies (also the legacy `iamManagedPolicies`), its permissions boundary
/// and its path go to the template as written: template strings.
#[test]
fn role_policies_boundary_and_path_are_template_strings() {
    let (v, errors) = run(
        json!({"provider": {"iamManagedPolicies": ["${ssm:/org/policy}"], "rolePermissionsBoundary": "${ssm:/org/b}",
                            "iam": {"role": {"path": "${ssm:/org/path}", "permissionsBoundary": "${ssm:/org/b2}"}}}}),
        Options::default(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    let p = &v["provider"];
    assert_eq!(p["iamManagedPolicies"][0], "{{resolve:ssm:/org/policy}}");
    assert_eq!(p["rolePermissionsBoundary"], "{{resolve:ssm:/org/b}}");
    assert_eq!(p["iam"]["role"]["path"], "{{resolve:ssm:/org/path}}");
    assert_eq!(p["iam"]["role"]["permissionsBoundary"], "{{resolve:ssm:/org/b2}}");
}

/// A JSON secret's key (the reference parses the secret) is CloudFormation's `SecretString` key;
/// a fallback for a missing key has no deploy-time form, nor has a nested key or `raw`.
#[test]
fn keys_of_json_secrets_become_secretsmanager_json_keys() {
    let (v, d) = run_diagnostics(
        json!({"custom": {"db": "${ssm:/aws/reference/secretsmanager/shop/${sls:stage}}",
                          "raw": "${ssm(raw):/aws/reference/secretsmanager/shop/raw}"},
               "provider": {"environment": {
                   "HOST": "${self:custom.db.${sls:stage}-HOST}",
                   "URL": "postgres://${self:custom.db.USER}@${self:custom.db.HOST}",
                   "PROXY": "${self:custom.db.PROXY, self:custom.db.HOST}",
                   "DEEP": "${self:custom.db.a.b}",
                   "RAW": "${self:custom.raw.HOST}"},
                   "memorySize": "${self:custom.db.MEMORY}"}}),
        Options::default(),
    );
    let env = &v["provider"]["environment"];
    assert_eq!(env["HOST"], "{{resolve:secretsmanager:shop/dev:SecretString:dev-HOST}}");
    assert_eq!(
        env["URL"],
        "postgres://{{resolve:secretsmanager:shop/dev:SecretString:USER}}@{{resolve:secretsmanager:shop/dev:SecretString:HOST}}"
    );
    let d: Vec<_> = d.iter().map(|d| (d.path.as_str(), d.message.as_str())).collect();
    assert_eq!(d.len(), 3, "{d:?}");
    assert_eq!(d[0].0, "provider.environment.PROXY");
    assert!(d[0].1.contains("is read for its key `PROXY` with a fallback"), "{}", d[0].1);
    // One cause, one error: the nested key and the number read the secret whole.
    assert_eq!(d[1].0, "provider.environment.DEEP");
    assert!(d[1].1.contains("needs AWS to resolve, and stackwright runs offline (also used at provider.memorySize)"));
    assert_eq!(d[2].0, "provider.environment.RAW");
    // A value given for the secret is navigated as written.
    let mut options = Options::default();
    options.values.insert("ssm:/aws/reference/secretsmanager/shop/dev", json!({"HOST": "db.local"}));
    let (v, errors) = run(
        json!({"custom": {"db": "${ssm:/aws/reference/secretsmanager/shop/${sls:stage}}"},
               "provider": {"environment": {"HOST": "${self:custom.db.HOST}"}}}),
        options,
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(v["provider"]["environment"]["HOST"], "db.local");
}

/// A whole secret where the place takes an object (a function's `Variables`, an IAM `Condition`)
/// is the JSON object the reference parses: no deploy-time form; a `${file(...)}` key with a
/// fallback is the same error as a `${self:...}` one; a given JSON secret is parsed, as the
/// reference parses the secret; a nested key says why it has no deploy-time form.
#[test]
fn secrets_where_objects_go_fallbacks_and_given_json() {
    let dir = std::env::temp_dir().join(format!("sw-vars-secret-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("sec.yml"), "db: ${ssm:/aws/reference/secretsmanager/shop/db}\n").unwrap();
    let options = Options { base_dir: Some(dir.clone()), ..Options::default() };
    let (v, d) = run_diagnostics(
        json!({"custom": {"db": "${ssm:/aws/reference/secretsmanager/shop/db}"},
               "provider": {"environment": {"FROM_FILE": "${file(./sec.yml):db.HOST, 'x'}",
                                            "DEEP": "${self:custom.db.a.b}"},
                            "iam": {"role": {"statements": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*",
                                "Condition": "${ssm:/aws/reference/secretsmanager/cond}"}]}}},
               "resources": {"Resources": {"F": {"Type": "AWS::Lambda::Function", "Properties": {
                   "Environment": {"Variables": "${ssm:/aws/reference/secretsmanager/env}"},
                   "Description": "${ssm:/aws/reference/secretsmanager/env}"}}}}}),
        options,
    );
    let d: Vec<_> = d.iter().map(|d| (d.path.as_str(), d.message.as_str(), d.help.as_str())).collect();
    assert_eq!(d.len(), 4, "{d:#?}");
    assert_eq!(d[0].0, "provider.environment.FROM_FILE");
    assert!(d[0].1.contains("is read for its key `HOST` with a fallback"), "{}", d[0].1);
    assert!(d[0].2.contains("`ssm:/aws/reference/secretsmanager/shop/db: {HOST: VALUE}`"), "{}", d[0].2);
    assert_eq!(d[1].0, "provider.environment.DEEP");
    assert!(d[1].2.contains("CloudFormation reads one top-level key of a JSON secret"), "{}", d[1].2);
    assert!(d[1].2.contains("which `a.b` of a secret read this way is not"), "{}", d[1].2);
    assert_eq!(d[2].0, "provider.iam.role.statements[0].Condition");
    assert!(d[2].2.contains("this place takes the secret whole"), "{}", d[2].2);
    assert_eq!(d[3].0, "resources.Resources.F.Properties.Environment.Variables");
    // The same secret as a string property is CloudFormation's reference.
    assert_eq!(v["resources"]["Resources"]["F"]["Properties"]["Description"], "{{resolve:secretsmanager:env}}");
    // A secret given as JSON text is the object the reference would parse.
    let mut options = Options::default();
    options.values.insert("ssm:/aws/reference/secretsmanager/shop/db", r#"{"HOST": "db.local"}"#);
    let (v, errors) = run(
        json!({"custom": {"db": "${ssm:/aws/reference/secretsmanager/shop/db}"},
               "provider": {"environment": {"HOST": "${self:custom.db.HOST, 'x'}"}}}),
        options,
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(v["provider"]["environment"]["HOST"], "db.local");
    std::fs::remove_dir_all(&dir).ok();
}

/// serverless-iam-roles-per-function's statements land in the template like the provider's.
#[test]
fn per_function_statements_are_template_strings() {
    let (v, errors) = run(
        json!({"functions": {"api": {"iamRoleStatements": [{"Effect": "Allow", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::b-${aws:accountId}/*"}]}}}),
        Options::default(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        v["functions"]["api"]["iamRoleStatements"][0]["Resource"],
        json!({"Fn::Sub": "arn:aws:s3:::b-${AWS::AccountId}/*"})
    );
}

/// AWS Academy's `arn:aws:iam::${aws:accountId}:role/LabRole`: a role ARN (or name) is a
/// template string, the reference taking an intrinsic function there too.
#[test]
fn role_arns_and_names_are_template_strings() {
    let (v, errors) = run(
        json!({"provider": {"iam": {"role": "arn:aws:iam::${aws:accountId}:role/LabRole"},
                            "role": "arn:aws:iam::${aws:accountId}:role/Legacy"},
               "functions": {"a": {"role": "arn:aws:iam::${aws:accountId}:role/A"}}}),
        Options::default(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(v["provider"]["iam"]["role"], json!({"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/LabRole"}));
    assert_eq!(v["provider"]["role"], json!({"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/Legacy"}));
    assert_eq!(v["functions"]["a"]["role"], json!({"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/A"}));
    // The deployment role is the deploy call's `RoleARN`, never in the template: the D9 error.
    let (_, d) = run_diagnostics(
        json!({"provider": {"iam": {"deploymentRole": "arn:aws:iam::${aws:accountId}:role/Deploy"}}}),
        Options::default(),
    );
    let d: Vec<_> = d.iter().collect();
    assert_eq!((d.len(), d[0].path.as_str()), (1, "provider.iam.deploymentRole"), "{d:?}");
    let (v, errors) = run(json!({"provider": {"iam": {"role": {"name": "r-${aws:accountId}"}}}}), Options::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(v["provider"]["iam"]["role"]["name"], json!({"Fn::Sub": "r-${AWS::AccountId}"}));
    // A whole variable could be an ARN or a logical name: the reference's value, or an error.
    let (_, d) = run_diagnostics(json!({"functions": {"a": {"role": "${ssm:/roles/a}"}}}), Options::default());
    let d: Vec<_> = d.iter().collect();
    assert_eq!((d.len(), d[0].path.as_str()), (1, "functions.a.role"), "{d:?}");
}

#[test]
fn given_values_win_over_dynamic_references_and_cover_any_source() {
    let mut options = Options::default();
    options.values.insert("ssm:/shop/db", "db.internal").insert("aws:accountId", "123456789012");
    options.values.insert("cf:network.VpcId", "vpc-1").insert("opt:domain", "x.com").insert("vault:secret/a", "s");
    let (v, errors) = run(
        json!({"provider": {"environment": {"DB": "${ssm:/shop/db}", "A": "${aws:accountId}", "V": "${cf:network.VpcId}",
                                            "D": "${opt:domain}", "P": "${vault:secret/a}"}},
               "service": "svc-${aws:accountId}"}),
        options,
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        v["provider"]["environment"],
        json!({"DB": "db.internal", "A": "123456789012", "V": "vpc-1", "D": "x.com", "P": "s"})
    );
    assert_eq!(v["service"], "svc-123456789012");
}

#[test]
fn aws_variables_elsewhere_are_errors_naming_both_ways_to_give_them() {
    let (_, d) = run_diagnostics(
        json!({"provider": {"memorySize": "${ssm:/mem}", "environment": {"V": "${cf:net.VpcId}", "S": "${ssm:/x~true}"}},
               "service": "svc-${aws:accountId}"}),
        Options::default(),
    );
    let d: Vec<_> = d.iter().collect();
    assert_eq!(d.len(), 4, "{d:?}");
    assert!(d.iter().all(|d| d.code == codes::CONFIG_UNRESOLVED_VARIABLE), "{d:?}");
    assert_eq!(d[0].path, "provider.memorySize");
    assert_eq!(d[0].message, "`${ssm:/mem}` needs AWS to resolve, and stackwright runs offline");
    assert!(
        d[0].help.starts_with("give its value with `--value 'ssm:/mem=VALUE'` or a values file (`--values FILE`"),
        "{}",
        d[0].help
    );
    assert!(d[0].help.contains("`{{resolve:ssm:/mem}}`"), "{}", d[0].help);
    assert_eq!(d[1].path, "provider.environment.V");
    assert!(d[1].help.contains("CloudFormation has no deploy-time equivalent"), "{}", d[1].help);
    assert!(d[2].help.starts_with("drop `~true`"), "{}", d[2].help);
    assert_eq!(d[3].path, "service");
    assert!(d[3].help.contains("AWS::AccountId"), "{}", d[3].help);
}

#[test]
fn missing_options_name_the_option_and_suggest_a_fallback_of_the_right_kind() {
    let (_, d) = run_diagnostics(
        json!({"provider": {"region": "${opt:region}", "stage": "${opt:stage}", "memorySize": "${env:MEM}",
                            "timeout": "${self:custom.timeout}"}, "x": "${opt:domain}"}),
        Options::default(),
    );
    let d: Vec<_> = d.iter().map(|d| (d.path.as_str(), d.message.as_str(), d.help.as_str())).collect();
    assert_eq!(d[0].0, "provider.region");
    assert_eq!(d[0].1, "`${opt:region}`: option --region was not given");
    assert_eq!(d[0].2, "run with `--region REGION`, or add a fallback: `${opt:region, 'us-east-1'}`");
    assert_eq!(d[1].2, "run with `--stage STAGE`, or add a fallback: `${opt:stage, 'dev'}`");
    assert!(d[2].2.ends_with("`${env:MEM, 1024}`"), "{}", d[2].2);
    assert!(d[3].2.ends_with("`${self:custom.timeout, 6}`"), "{}", d[3].2);
    assert_eq!(d[4].1, "`${opt:domain}`: stackwright has no --domain option");
    assert!(d[4].2.contains("--value 'opt:domain=VALUE'"), "{}", d[4].2);
    let (_, d) = run_diagnostics(
        json!({"functions": {"f": {"environment": {"R": "${self:provider.region}"}}}}),
        Options::default(),
    );
    let d = d.iter().next().unwrap();
    assert_eq!(d.path, "functions.f.environment.R");
    assert!(
        d.help.starts_with(
            "write `provider.region`, use `${aws:region}` (`--region`, else `provider.region`, else `us-east-1`)"
        ),
        "{}",
        d.help
    );
    assert!(d.help.ends_with("`${self:provider.region, 'us-east-1'}`"), "{}", d.help);
}

#[test]
fn unresolvable_and_unsupported_are_errors_naming_the_source() {
    let (_, errors) = run(
        json!({"a": "${ssm:/x}", "b": ["${env:NOPE}"], "c": "${self:custom.none}", "d": "${opt:stage}",
               "e": "${git:branch}", "f": "${self:f}", "g": "${sls:nope}", "h": "${aws:nope}"}),
        Options::default(),
    );
    assert_eq!(errors.len(), 8, "{errors:?}");
    assert!(errors[0].starts_with("a: `${ssm:/x}` needs AWS"), "{errors:?}");
    assert!(errors[1].starts_with("b[0]: `${env:NOPE}`: environment variable NOPE is not set"), "{errors:?}");
    assert!(errors[2].contains("there is no `custom.none`"), "{errors:?}");
    assert!(errors[3].contains("--stage was not given"), "{errors:?}");
    assert!(errors[4].contains("variable source `git`"), "{errors:?}");
    assert!(errors[5].contains("cycle"), "{errors:?}");
    assert!(errors[6].contains("not a `sls` variable"), "{errors:?}");
    assert!(errors[7].contains("not a `aws` variable"), "{errors:?}");
}

#[test]
fn strings_without_variables_are_left_alone_and_cost_nothing() {
    let doc = json!({"a": "x", "b": [1, {"c": "${AWS::Region}"}], "custom": {"d": "${ssm:/x}"}});
    let (v, errors) = run(doc.clone(), Options::default());
    assert!(errors.is_empty());
    assert_eq!(v, doc);
}

#[test]
fn parsing_variables() {
    let p = parse("file(./a-${opt:stage}.yml):x.y, 'z'").unwrap();
    assert_eq!(
        (p.source, p.params, p.address, p.fallback),
        ("file", Some("./a-${opt:stage}.yml"), Some("x.y"), Some(" 'z'"))
    );
    let p = parse("file(./a.yml)").unwrap();
    assert_eq!((p.params, p.address), (Some("./a.yml"), None));
    assert!(parse("AWS::Region").is_none());
    assert!(parse("Name").is_none());
    assert!(parse("Name(x)y").is_none());
    assert_eq!(suggested_fallback("", "MEMORY_SIZE"), "'VALUE'");
    assert_eq!(suggested_fallback("", "memorySize"), "1024");
}

#[test]
fn file_variable_with_a_null_or_missing_key_says_which() {
    let dir = dir_with("file-null-key", &[("v.yml", "K:\nnested:\n  a:\n")]);
    let (_, d) = run_diagnostics(
        json!({"a": "${file(./v.yml):K}", "b": "${file(./v.yml):nested.a}", "c": "${file(./v.yml):L}"}),
        Options { base_dir: Some(dir), ..Options::default() },
    );
    let d: Vec<_> = d.iter().collect();
    assert_eq!(d.len(), 3, "{d:?}");
    assert!(d.iter().all(|d| d.code == codes::CONFIG_UNRESOLVED_VARIABLE), "{d:?}");
    assert_eq!((d[0].path.as_str(), d[1].path.as_str(), d[2].path.as_str()), ("a", "b", "c"));
    assert_eq!(d[0].message, "`${file(./v.yml):K}`: `K` in ./v.yml is empty (null)");
    assert!(d[0].help.starts_with("give `K` a value in ./v.yml, or add a fallback"), "{}", d[0].help);
    assert_eq!(d[1].message, "`${file(./v.yml):nested.a}`: `nested.a` in ./v.yml is empty (null)");
    assert_eq!(d[2].message, "`${file(./v.yml):L}`: ./v.yml has no `L`");

    // The path and the key may hold variables: the message names the file and key they resolve to.
    let (_, d) = run_diagnostics(
        json!({"s": "v", "k": "K", "a": "${file(./${self:s}.yml):${self:k}}"}),
        Options { base_dir: Some(dir_with("file-null-key-vars", &[("v.yml", "K:\n")])), ..Options::default() },
    );
    assert_eq!(
        d.iter().next().unwrap().message,
        "`${file(./${self:s}.yml):${self:k}}`: `K` in ./v.yml is empty (null)"
    );
}

#[test]
fn legacy_service_object_names_the_service() {
    let (v, errors) = run(
        json!({"service": {"name": "orders"}, "provider": {"environment": {"A": "${self:service}", "B": "${self:service.name}-x"}}}),
        stage("dev"),
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(v["provider"]["environment"], json!({"A": "orders", "B": "orders-x"}));
}

/// `${output:...}` (another service's output) is named for what it is, with both ways to give it.
#[test]
fn compose_outputs_are_named() {
    let (_, d) = run_diagnostics(json!({"a": "${output:database.arn}"}), Options::default());
    let d = d.iter().next().unwrap();
    assert_eq!(
        d.message,
        "`${output:database.arn}` is an output of another deployed service (Serverless Compose or Dashboard)"
    );
    assert!(d.help.contains("--value 'output:database.arn=VALUE'") && d.help.contains("Fn::ImportValue"), "{}", d.help);
}

/// `${${file(./ids.json):api}}`: the inner variable's value is the inside of the variable to
/// resolve (a settings file that names an SSM parameter); it was copied into the template as
/// written.
#[test]
fn a_variable_given_by_a_variable_is_resolved_as_that_variable() {
    let doc = json!({"custom": {"source": "opt:stage", "ssm": "ssm:/api/id~true", "text": "plain words"},
                     "a": "${${self:custom.source}}", "b": "x-${${self:custom.source}, 'no'}-y",
                     "c": "${${self:custom.ssm}}", "d": "${${AWS::Region}}"});
    let options = || Options { stage: Some("prod".into()), ..Options::default() };
    let (_, d) = run_diagnostics(doc.clone(), options());
    let d: Vec<_> = d.iter().collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        (d[0].path.as_str(), d[0].message.as_str()),
        ("c", "`${ssm:/api/id~true}` needs AWS to resolve, and stackwright runs offline")
    );
    let mut values = Values::default();
    values.insert("ssm:/api/id~true", "abc123");
    let (v, errors) = run(doc.clone(), Options { values, ..options() });
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        (&v["a"], &v["b"], &v["c"], &v["d"]),
        (&json!("prod"), &json!("x-prod-y"), &json!("abc123"), &json!("${${AWS::Region}}"))
    );
    // A value that is not a variable's inside is an error, not text in the template.
    let (_, d) = run_diagnostics(json!({"custom": {"text": "plain words"}, "a": "${${self:custom.text}}"}), options());
    let d: Vec<_> = d.iter().collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].message, "`${${self:custom.text}}` gives `${plain words}`, which is not a variable");
}

/// `custom: ${file(../common.yml):custom}`: the natively implemented plugins read their settings
/// from it (serverless-python-requirements' layer was left out), while the file's other values
/// stay resolved only where used (an unset variable of another stage is no error).
#[test]
fn plugin_settings_in_a_custom_written_as_one_variable() {
    let dir = dir_with(
        "custom-through-file",
        &[(
            "common.yml",
            "custom:\n  pythonRequirements:\n    layer:\n      name: ${sls:stage}-deps\n  prodKey: ${env:PROD_ONLY}\n  table: ${sls:stage}-users\n",
        )],
    );
    let doc = json!({"custom": "${file(./common.yml):custom}", "plugins": ["serverless-python-requirements"],
                     "provider": {"environment": {"TABLE": "${self:custom.table}"}}});
    let (v, errors) = run(doc, Options { base_dir: Some(dir.clone()), ..Options::default() });
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(v["custom"], json!({"pythonRequirements": {"layer": {"name": "dev-deps"}}}));
    assert_eq!(v["provider"]["environment"]["TABLE"], "dev-users");
    // A setting that cannot be resolved is one error, at `custom`; without plugins nothing reads
    // `custom` and nothing is resolved (a JavaScript file there is no error).
    std::fs::write(dir.join("common.yml"), "custom:\n  pythonRequirements:\n    layer: ${env:NOPE}\n").unwrap();
    let options = || Options { base_dir: Some(dir.clone()), ..Options::default() };
    let (_, d) = run_diagnostics(json!({"custom": "${file(./common.yml):custom}", "plugins": ["x"]}), options());
    let d: Vec<_> = d.iter().collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        (d[0].path.as_str(), d[0].message.as_str()),
        ("custom", "`${env:NOPE}`: environment variable NOPE is not set")
    );
    let (_, d) = run_diagnostics(json!({"custom": "${file(./custom.js)}", "plugins": ["x"]}), options());
    assert_eq!(d.iter().map(|d| d.path.as_str()).collect::<Vec<_>>(), ["custom"]);
    let (v, errors) = run(json!({"custom": "${file(./custom.js)}"}), options());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(v["custom"], "${file(./custom.js)}");
}

/// In an `Fn::Sub`, a variable giving a placeholder's name is that placeholder (osls writes the
/// text); deep nesting is resolved in time linear in its depth.
#[test]
fn a_variable_giving_a_sub_placeholder_and_deep_nesting() {
    let doc = json!({"custom": {"bucket": "Uploads"},
                     "resources": {"Resources": {"P": {"Properties": {"R": {"Fn::Sub": "${${self:custom.bucket}.Arn}/*"},
                                                                     "W": {"Fn::Sub": "${${self:custom.bucket}.Arn}"}}}}}});
    let (v, errors) = run(doc, Options::default());
    assert!(errors.is_empty(), "{errors:?}");
    let props = &v["resources"]["Resources"]["P"]["Properties"];
    assert_eq!(
        (&props["R"], &props["W"]),
        (&json!({"Fn::Sub": "${Uploads.Arn}/*"}), &json!({"Fn::Sub": "${Uploads.Arn}"}))
    );
    let deep = format!("{}opt:stage{}", "${".repeat(40), "}".repeat(40));
    let started = std::time::Instant::now();
    let (_, d) = run_diagnostics(json!({"a": deep}), Options::default());
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "{:?}", started.elapsed());
    assert_eq!(d.iter().count(), 1);
}
