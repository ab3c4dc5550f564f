//! `stackwright deploy`, `diff`, `info` and `remove` against moto's server, a local AWS API
//! emulator: each test starts one on 127.0.0.1 with a free port and points `AWS_ENDPOINT_URL` at it.
//!
//! moto is found through `MOTO_SERVER`, else `.venv/bin/moto_server` (what `.ci/run` installs).
//! Without it the tests say so and pass locally, but fail in CI (`CI=true`). moto has no
//! `AWS::Lambda::CapacityProvider`: full executions use stacks without capacity providers, and a
//! capacity-provider stack is deployed up to its change set (`--no-execute`). A rolled-back
//! update, which moto cannot emulate, runs against a scripted CloudFormation endpoint.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

#[path = "../../tests/support/conformance.rs"]
mod conformance_suite;
use conformance_suite::in_ci;

/// A running moto server, stopped on drop.
struct Moto {
    child: Child,
    endpoint: String,
}

impl Moto {
    fn start() -> Option<Moto> {
        let Some(program) = moto_server() else {
            assert!(!in_ci(), "moto_server not found (set MOTO_SERVER or run .ci/run); CI requires it");
            eprintln!(
                "note: moto_server not found (MOTO_SERVER or .venv/bin/moto_server); deploy emulator test skipped"
            );
            return None;
        };
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let child = Command::new(program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server starts");
        let moto = Moto { child, endpoint: format!("http://127.0.0.1:{port}") };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "moto_server did not listen on port {port} within 30 s");
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(moto)
    }

    fn run(&self, dir: &Path, args: &[&str], source_date_epoch: Option<&str>) -> Output {
        run_against(&self.endpoint, dir, args, source_date_epoch)
    }
}

/// Runs `stackwright ARGS` in `dir` against `endpoint`, with dummy credentials and fast polling.
fn run_against(endpoint: &str, dir: &Path, args: &[&str], source_date_epoch: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stackwright"));
    cmd.current_dir(dir)
        .args(args)
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", dir.join("no-aws-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("no-aws-credentials"))
        .env("STACKWRIGHT_POLL_INTERVAL_MS", "20")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN");
    match source_date_epoch {
        Some(epoch) => cmd.env("SOURCE_DATE_EPOCH", epoch),
        None => cmd.env_remove("SOURCE_DATE_EPOCH"),
    };
    cmd.output().expect("stackwright runs")
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn moto_server() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("MOTO_SERVER") {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent()?;
    Some(root.join(".venv/bin/moto_server")).filter(|p| p.is_file())
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A service directory: `serverless.yml` from `yaml` and a small artifact.
fn service_dir(name: &str, yaml: &str, artifact: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("deploy-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("serverless.yml"), yaml).expect("write config");
    std::fs::write(dir.join("artifact.zip"), artifact).expect("write artifact");
    dir
}

const PLAIN: &str = r"service: plain
provider:
  name: aws
  runtime: nodejs24.x
  region: us-east-1
  cfnRole: arn:aws:iam::123456789012:role/cloudformation-deployer
package:
  artifact: artifact.zip
functions:
  hello:
    handler: handler.hello
    memorySize: 256
";

#[test]
fn deploy_update_noop_info_diff_remove() {
    let Some(moto) = Moto::start() else { return };
    let dir = service_dir("plain", PLAIN, b"PK first artifact");

    // First deploy: the bucket-only stack, the upload, then the change set with everything.
    let out = moto.run(&dir, &["deploy"], None);
    assert!(out.status.success(), "first deploy failed: {}", text(&out));
    let first = stdout(&out);
    assert!(first.contains("Stack plain-dev: 1 uploaded, 0 already uploaded"), "{}", text(&out));
    assert!(first.contains("ServerlessDeploymentBucketName:"), "outputs are printed: {}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Creating stack plain-dev with its deployment bucket"), "{}", text(&out));
    assert!(stderr.contains("HelloLambdaFunction"), "stack events are shown: {}", text(&out));
    // CloudFormation works as `provider.cfnRole`.
    let stacks = cloudformation(&moto.endpoint, "Action=DescribeStacks&StackName=plain-dev");
    assert!(stacks.contains("<RoleARN>arn:aws:iam::123456789012:role/cloudformation-deployer</RoleARN>"), "{stacks}");

    // The same service again (another build time, no SOURCE_DATE_EPOCH): nothing uploaded, no changes.
    let out = moto.run(&dir, &["deploy"], None);
    assert!(out.status.success(), "second deploy failed: {}", text(&out));
    assert!(stdout(&out).contains("0 uploaded, 1 already uploaded; no changes"), "{}", text(&out));

    // The deployed stack and the config agree.
    let out = moto.run(&dir, &["diff"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(stdout(&out).contains("There were no differences"), "{}", text(&out));

    // A changed function: diff shows it, deploy uploads the new artifact and updates the stack.
    std::fs::write(dir.join("artifact.zip"), b"PK second artifact").expect("write artifact");
    let yaml = PLAIN.replace("memorySize: 256", "memorySize: 512");
    std::fs::write(dir.join("serverless.yml"), yaml).expect("write config");
    let out = moto.run(&dir, &["diff"], Some("1767225600"));
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let diff = stdout(&out);
    assert!(diff.contains("[~] AWS::Lambda::Function HelloLambdaFunction"), "{diff}");
    assert!(diff.contains("Properties.MemorySize"), "{diff}");
    // New code, new version: the version's logical ID carries the code hash.
    assert!(diff.contains("[+] AWS::Lambda::Version HelloLambdaVersion"), "{diff}");
    assert!(diff.contains("[-] AWS::Lambda::Version HelloLambdaVersion"), "{diff}");
    let out = moto.run(&dir, &["deploy"], Some("1767225600"));
    assert!(out.status.success(), "update failed: {}", text(&out));
    assert!(stdout(&out).contains("1 uploaded, 0 already uploaded"), "{}", text(&out));
    assert!(!stdout(&out).contains("no changes"), "{}", text(&out));

    // Pinned build time: the same keys, found in the bucket; the change set is empty.
    let out = moto.run(&dir, &["deploy"], Some("1767225600"));
    assert!(out.status.success(), "{}", text(&out));
    assert!(stdout(&out).contains("0 uploaded, 1 already uploaded; no changes"), "{}", text(&out));

    let out = moto.run(&dir, &["info"], None);
    assert!(out.status.success(), "{}", text(&out));
    let info = stdout(&out);
    assert!(info.contains("status: UPDATE_COMPLETE"), "{info}");
    assert!(info.contains("HelloLambdaFunction: plain-dev-hello"), "{info}");

    let out = moto.run(&dir, &["remove"], None);
    assert!(out.status.success(), "remove failed: {}", text(&out));
    assert!(stdout(&out).contains("Stack plain-dev removed"), "{}", text(&out));
    let out = moto.run(&dir, &["info"], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("stack plain-dev does not exist"), "{}", text(&out));
}

/// A plain Node.js service with no prebuilt artifact: `deploy` packages it, as `serverless deploy` does.
const NODE: &str = r"service: packaged
provider:
  name: aws
  runtime: nodejs24.x
functions:
  hello:
    handler: handler.hello
  bye:
    handler: handler.bye
";

#[test]
fn deploy_packages_first_and_an_unchanged_service_uploads_nothing() {
    let Some(moto) = Moto::start() else { return };
    let dir = service_dir("packaged", NODE, b"");
    std::fs::remove_file(dir.join("artifact.zip")).expect("no prebuilt artifact");
    std::fs::write(dir.join("handler.js"), "exports.hello = async () => 'hello';\nexports.bye = async () => 'bye';\n")
        .expect("write handler");
    std::fs::write(dir.join("package.json"), r#"{"name": "packaged", "version": "1.0.0"}"#)
        .expect("write package.json");

    // First deploy: packaged into .serverless/, one zip for both functions, uploaded once.
    let out = moto.run(&dir, &["deploy"], None);
    assert!(out.status.success(), "first deploy failed: {}", text(&out));
    assert!(stdout(&out).contains("Stack packaged-dev: 1 uploaded, 0 already uploaded; "), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Packaged 1 zip(s) into .serverless"), "{}", text(&out));
    assert!(dir.join(".serverless/packaged.zip").is_file(), "{}", text(&out));
    let zip = std::fs::read(dir.join(".serverless/packaged.zip")).expect("the zip");

    // Again, another build time (no SOURCE_DATE_EPOCH): the same zip bytes, so nothing is
    // uploaded and CloudFormation has nothing to change.
    let out = moto.run(&dir, &["deploy"], None);
    assert!(out.status.success(), "second deploy failed: {}", text(&out));
    assert!(stdout(&out).contains("Stack packaged-dev: 0 uploaded, 1 already uploaded; no changes"), "{}", text(&out));
    assert_eq!(std::fs::read(dir.join(".serverless/packaged.zip")).expect("the zip"), zip, "deterministic zips");

    // A prebuilt package directory is deployed as it is: unchanged code, no changes either.
    let out = moto.run(&dir, &["package", "-o", ".serverless"], None);
    assert!(out.status.success(), "{}", text(&out));
    let out = moto.run(&dir, &["deploy", "--package", ".serverless"], None);
    assert!(out.status.success(), "{}", text(&out));
    assert!(stdout(&out).contains("0 uploaded, 1 already uploaded; no changes"), "{}", text(&out));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("Packaged "), "nothing is built: {}", text(&out));

    // Changed code: a new zip, uploaded; both functions get a new version.
    std::fs::write(dir.join("handler.js"), "exports.hello = async () => 'hi';\nexports.bye = async () => 'bye';\n")
        .expect("write handler");
    let out = moto.run(&dir, &["deploy"], None);
    assert!(out.status.success(), "update failed: {}", text(&out));
    assert!(stdout(&out).contains("1 uploaded, 0 already uploaded"), "{}", text(&out));
    assert!(!stdout(&out).contains("no changes"), "{}", text(&out));

    // A package directory of another stage is refused before anything is uploaded.
    let out = moto.run(&dir, &["deploy", "--package", ".serverless", "--stage", "prod"], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "error: .serverless was packaged for service packaged stage dev, not service packaged stage prod"
        ),
        "{}",
        text(&out)
    );
    // info and remove need no artifact.
    std::fs::remove_dir_all(dir.join(".serverless")).expect("remove the package");
    let out = moto.run(&dir, &["info"], None);
    assert!(out.status.success(), "{}", text(&out));
    let out = moto.run(&dir, &["remove"], None);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn capacity_provider_stack_up_to_its_change_set() {
    let Some(moto) = Moto::start() else { return };
    let yaml = r"service: cp
provider:
  name: aws
  runtime: nodejs24.x
  vpc:
    subnetIds: [subnet-0abc1234]
    securityGroupIds: [sg-0abc1234]
package:
  artifact: artifact.zip
functions:
  api:
    handler: handler.api
    capacityProvider: default
";
    let dir = service_dir("cp", yaml, b"PK capacity provider");
    let out = moto.run(&dir, &["deploy", "--no-execute"], Some("1767225600"));
    assert!(out.status.success(), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("[+] AWS::Lambda::CapacityProvider DefaultLambdaCapacityProvider"), "{}", text(&out));
    assert!(stderr.contains("[+] AWS::Lambda::Function ApiLambdaFunction"), "{}", text(&out));
    assert!(stderr.contains("not executed (--no-execute)"), "{}", text(&out));
    assert!(
        stdout(&out).contains("1 uploaded, 0 already uploaded; 6 change(s) in change set stackwright-"),
        "{}",
        text(&out)
    );

    // The bucket stack exists and holds the artifact: a second run uploads nothing.
    let out = moto.run(&dir, &["deploy", "--no-execute"], Some("1767225600"));
    assert!(out.status.success(), "{}", text(&out));
    assert!(stdout(&out).contains("0 uploaded, 1 already uploaded; 6 change(s)"), "{}", text(&out));

    // What the change set would do, offline-style against the deployed (bucket-only) template.
    let out = moto.run(&dir, &["diff"], Some("1767225600"));
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(stdout(&out).contains("[+] AWS::Lambda::CapacityProvider DefaultLambdaCapacityProvider"), "{}", text(&out));

    let out = moto.run(&dir, &["remove"], None);
    assert!(out.status.success(), "{}", text(&out));

    // A template over CloudFormation's 51,200-byte inline limit goes through the bucket.
    let mut yaml = String::from("service: big\nprovider:\n  name: aws\n  runtime: nodejs24.x\n");
    yaml.push_str("package:\n  artifact: artifact.zip\nfunctions:\n");
    for i in 0..40 {
        yaml.push_str(&format!("  fn{i}:\n    handler: handler.f{i}\n"));
    }
    let dir = service_dir("big", &yaml, b"PK big");
    let out = moto.run(&dir, &["deploy", "--no-execute"], Some("1767225600"));
    assert!(out.status.success(), "{}", text(&out));
    assert!(stdout(&out).contains("121 change(s) in change set"), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/compiled-cloudformation-template.json"), "{}", text(&out));
}

#[test]
fn failed_update_exits_non_zero_with_the_reason() {
    let Some(moto) = Moto::start() else { return };
    let yaml = PLAIN.replace("service: plain", "service: failing");
    let dir = service_dir("failing", &yaml, b"PK failing");
    let out = moto.run(&dir, &["deploy"], None);
    assert!(out.status.success(), "{}", text(&out));

    // An event source mapping to a queue that does not exist: the resource fails to create.
    let broken = format!(
        r"{yaml}resources:
  Resources:
    Broken:
      Type: AWS::Lambda::EventSourceMapping
      Properties:
        FunctionName: !Ref HelloLambdaFunction
        EventSourceArn: arn:aws:sqs:us-east-1:123456789012:missing
"
    );
    std::fs::write(dir.join("serverless.yml"), broken).expect("write config");
    let out = moto.run(&dir, &["deploy"], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("[+] AWS::Lambda::EventSourceMapping Broken"), "the change set is shown: {}", text(&out));
    assert!(stderr.contains("Invalid EventSourceArn"), "the reason is shown: {}", text(&out));
    assert!(!stdout(&out).contains("deployed"), "{}", text(&out));
}

#[test]
fn unreachable_endpoint_is_an_error_not_a_panic() {
    let dir = service_dir("unreachable", PLAIN, b"PK");
    // Port 9 (discard) on 127.0.0.1: nothing listens there in a test environment.
    let out = Command::new(env!("CARGO_BIN_EXE_stackwright"))
        .current_dir(&dir)
        .arg("info")
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_MAX_ATTEMPTS", "1")
        .output()
        .expect("stackwright runs");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: DescribeStacks failed: "), "{}", text(&out));
}

// A failed update that CloudFormation rolls back, which moto cannot emulate (it has no rollback:
// its ExecuteChangeSet returns the resource's error directly). A scripted CloudFormation endpoint
// on 127.0.0.1 answers the real `stackwright deploy` the way AWS does: the change set executes,
// a resource fails, the stack ends in `UPDATE_ROLLBACK_COMPLETE`.

const NS: &str = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
const STACK_ID: &str = "arn:aws:cloudformation:us-east-1:123456789012:stack/rb-dev/1";

fn stack(status: &str, reason: &str) -> String {
    format!(
        "<Stacks><member><StackId>{STACK_ID}</StackId><StackName>rb-dev</StackName>\
         <CreationTime>2026-01-01T00:00:00Z</CreationTime><StackStatus>{status}</StackStatus>\
         <StackStatusReason>{reason}</StackStatusReason></member></Stacks>"
    )
}

fn event(id: &str, time: &str, logical: &str, kind: &str, status: &str, reason: &str) -> String {
    format!(
        "<member><StackId>{STACK_ID}</StackId><EventId>{id}</EventId><StackName>rb-dev</StackName>\
         <LogicalResourceId>{logical}</LogicalResourceId><ResourceType>{kind}</ResourceType>\
         <Timestamp>{time}</Timestamp><ResourceStatus>{status}</ResourceStatus>\
         <ResourceStatusReason>{reason}</ResourceStatusReason></member>"
    )
}

/// The answer to one CloudFormation action, before and after the change set was executed.
fn answer(action: &str, executed: bool) -> String {
    let result = match action {
        "DescribeStacks" if executed => {
            stack("UPDATE_ROLLBACK_COMPLETE", "The following resource(s) failed to update: [HelloLambdaFunction].")
        }
        "DescribeStacks" => stack("UPDATE_COMPLETE", "done"),
        "CreateChangeSet" => format!("<Id>{STACK_ID}:changeSet/cs</Id><StackId>{STACK_ID}</StackId>"),
        "DescribeChangeSet" => "<Status>CREATE_COMPLETE</Status><ExecutionStatus>AVAILABLE</ExecutionStatus>\
            <Changes><member><Type>Resource</Type><ResourceChange><Action>Modify</Action>\
            <LogicalResourceId>HelloLambdaFunction</LogicalResourceId>\
            <ResourceType>AWS::Lambda::Function</ResourceType><Replacement>False</Replacement>\
            </ResourceChange></member></Changes>"
            .to_string(),
        "DescribeStackEvents" => {
            // Newest first, like CloudFormation.
            let mut events = String::new();
            if executed {
                let function = "AWS::Lambda::Function";
                let stack = "AWS::CloudFormation::Stack";
                events += &event("e5", "2026-01-01T00:01:05Z", "rb-dev", stack, "UPDATE_ROLLBACK_COMPLETE", "");
                events += &event("e4", "2026-01-01T00:01:04Z", "HelloLambdaFunction", function, "UPDATE_COMPLETE", "");
                events += &event("e3", "2026-01-01T00:01:03Z", "rb-dev", stack, "UPDATE_ROLLBACK_IN_PROGRESS", "");
                events += &event(
                    "e2",
                    "2026-01-01T00:01:02Z",
                    "HelloLambdaFunction",
                    function,
                    "UPDATE_FAILED",
                    "Resource handler returned message: MemorySize value failed to satisfy constraint",
                );
            }
            events +=
                &event("e1", "2026-01-01T00:00:00Z", "rb-dev", "AWS::CloudFormation::Stack", "UPDATE_COMPLETE", "");
            format!("<StackEvents>{events}</StackEvents>")
        }
        _ => String::new(),
    };
    format!(
        "<{action}Response xmlns=\"{NS}\"><{action}Result>{result}</{action}Result>\
         <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></{action}Response>"
    )
}

/// Serves HTTP/1.1 requests on one connection until the client closes it.
fn serve(stream: TcpStream, executed: &AtomicBool) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut writer = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut length = 0;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            if header.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let body = String::from_utf8_lossy(&body);
        let action = body.split('&').find_map(|p| p.strip_prefix("Action=")).unwrap_or_default().to_string();
        if action == "ExecuteChangeSet" {
            executed.store(true, Ordering::SeqCst);
        }
        // S3 (HeadObject on the named bucket) is a bodiless 200: the artifact is there already.
        let response = if request_line.starts_with("HEAD ") {
            "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nETag: \"e\"\r\n\r\n".to_string()
        } else {
            let xml = answer(&action, executed.load(Ordering::SeqCst));
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n{xml}", xml.len())
        };
        if writer.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

#[test]
fn failed_update_reports_the_failed_resource_and_the_rollback() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("listen");
    let port = listener.local_addr().expect("address").port();
    let executed = Arc::new(AtomicBool::new(false));
    let state = Arc::clone(&executed);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let state = Arc::clone(&state);
            std::thread::spawn(move || serve(stream, &state));
        }
    });

    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("deploy-rollback-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("serverless.yml"),
        "service: rb\nprovider:\n  name: aws\n  runtime: nodejs24.x\n  deploymentBucket: my-artifacts\n\
         package:\n  artifact: artifact.zip\nfunctions:\n  hello:\n    handler: handler.hello\n",
    )
    .expect("write config");
    std::fs::write(dir.join("artifact.zip"), b"PK").expect("write artifact");

    let out = run_against(&format!("http://127.0.0.1:{port}"), &dir, &["deploy"], Some("1767225600"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let all = format!("exit {:?}\n{}\n{stderr}", out.status.code(), String::from_utf8_lossy(&out.stdout));
    assert!(executed.load(Ordering::SeqCst), "the change set was executed: {all}");
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(out.stdout.is_empty(), "no summary on failure: {all}");
    assert!(stderr.contains("[~] AWS::Lambda::Function HelloLambdaFunction"), "the change set is shown: {all}");
    // Every new event once, oldest first; the one from before the deploy is not repeated.
    let lines: Vec<&str> = stderr.lines().filter(|l| l.contains("AWS::") && l.contains("_")).collect();
    assert!(!stderr.contains("00:00:00Z"), "{all}");
    let failed = lines.iter().position(|l| l.contains("UPDATE_FAILED")).expect("the failed event");
    let rolled_back = lines.iter().position(|l| l.contains("UPDATE_ROLLBACK_COMPLETE ")).expect("the final event");
    assert!(failed < rolled_back, "{all}");
    // The error: final status, the stack's reason, and the failed resource with its reason.
    let error = stderr.lines().skip_while(|l| !l.starts_with("error: ")).collect::<Vec<_>>().join("\n");
    assert!(
        error.starts_with(
            "error: the stack ended in UPDATE_ROLLBACK_COMPLETE: The following resource(s) failed to update: [HelloLambdaFunction]."
        ),
        "{all}"
    );
    assert!(
        error.contains(
            "UPDATE_FAILED                AWS::Lambda::Function HelloLambdaFunction: Resource handler returned message"
        ),
        "{all}"
    );
}

/// A Python service with a layer of its own, packaged by `deploy`.
const LAYERED: &str = r"service: layered
provider:
  name: aws
  runtime: python3.12
layers:
  deps:
    path: layer
    compatibleRuntimes: [python3.12]
functions:
  hello:
    handler: handler.hello
    layers:
      - Ref: DepsLambdaLayer
";

/// The deployed template of `stack` (CloudFormation GetTemplate on moto, which, unlike the stack's
/// outputs, it updates when a change set runs).
fn deployed_template(endpoint: &str, stack: &str) -> serde_json::Value {
    let response = cloudformation(endpoint, &format!("Action=GetTemplate&StackName={stack}"));
    let xml = response
        .split("<TemplateBody>")
        .nth(1)
        .and_then(|r| r.split("</TemplateBody>").next())
        .unwrap_or_else(|| panic!("{response}"));
    let json = xml
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

/// The response of CloudFormation call `query` (`Action=...&...`) to moto at `endpoint`.
fn cloudformation(endpoint: &str, query: &str) -> String {
    aws_query(endpoint, "cloudformation", &format!("{query}&Version=2010-05-15"))
}

/// The response of a query-protocol call of `service` (`Action=...&...`) to moto at `endpoint`.
fn aws_query(endpoint: &str, service: &str, body: &str) -> String {
    let host = endpoint.trim_start_matches("http://");
    let mut conn = TcpStream::connect(host).expect("moto");
    write!(
        conn,
        "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=0\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("request");
    let mut response = String::new();
    conn.read_to_string(&mut response).expect("response");
    response
}

/// As the reference does at package time: a layer whose hash equals the deployed stack's
/// `<Name>LambdaLayerHash` output keeps its deployed S3 key and is not uploaded again; a changed
/// layer gets the new key.
#[test]
fn an_unchanged_layer_keeps_its_deployed_s3_key() {
    let Some(moto) = Moto::start() else { return };
    let dir = service_dir("layered", LAYERED, b"");
    std::fs::remove_file(dir.join("artifact.zip")).expect("no prebuilt artifact");
    std::fs::create_dir_all(dir.join("layer/python")).expect("layer dir");
    std::fs::write(dir.join("layer/python/deps.py"), "VERSION = 1\n").expect("write layer");
    std::fs::write(dir.join("handler.py"), "def hello(event, context):\n    return 1\n").expect("write handler");

    let out = moto.run(&dir, &["deploy"], None);
    assert!(out.status.success(), "first deploy failed: {}", text(&out));
    assert!(stdout(&out).contains("Stack layered-dev: 2 uploaded, 0 already uploaded"), "{}", text(&out));
    let s3_key =
        |t: &serde_json::Value| t["Outputs"]["DepsLambdaLayerS3Key"]["Value"].as_str().unwrap_or_default().to_string();
    let first = deployed_template(&moto.endpoint, "layered-dev");
    let first_key = s3_key(&first);
    assert!(first_key.starts_with("serverless/layered/dev/") && first_key.ends_with("/deps.zip"), "{first_key}");

    // New function code, same layer, a later build time (the clock's: zips are dated from
    // SOURCE_DATE_EPOCH when it is set, so it stays unset): only the function's zip is uploaded
    // and the layer keeps its key (no new layer version).
    std::fs::write(dir.join("handler.py"), "def hello(event, context):\n    return 2\n").expect("write handler");
    let out = moto.run(&dir, &["deploy"], None);
    assert!(out.status.success(), "update failed: {}", text(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Layer deps is already uploaded"), "{}", text(&out));
    assert!(stdout(&out).contains("1 uploaded, 0 already uploaded"), "{}", text(&out));
    let second = deployed_template(&moto.endpoint, "layered-dev");
    assert_eq!(s3_key(&second), first_key);
    assert_eq!(second["Resources"]["DepsLambdaLayer"]["Properties"]["Content"]["S3Key"], first_key.as_str());
    assert_ne!(second["Resources"]["HelloLambdaFunction"], first["Resources"]["HelloLambdaFunction"]);

    // New layer code: its zip goes to the new artifact directory.
    std::fs::write(dir.join("layer/python/deps.py"), "VERSION = 2\n").expect("write layer");
    let out = moto.run(&dir, &["deploy"], None);
    assert!(out.status.success(), "layer update failed: {}", text(&out));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("already uploaded"), "{}", text(&out));
    let key = s3_key(&deployed_template(&moto.endpoint, "layered-dev"));
    assert!(key.ends_with("/deps.zip") && key != first_key, "{key}");
}

const STACK_SETTINGS: &str = r"service: tagged
provider:
  name: aws
  runtime: nodejs24.x
  region: us-east-1
  stage: prod
  stackTags:
    team: core
  notificationArns:
    - arn:aws:sns:us-east-1:123456789012:deploys
  stackParameters:
    - ParameterKey: Env
      ParameterValue: production
  disableRollback: true
  stackPolicy:
    - Effect: Allow
      Principal: '*'
      Action: 'Update:*'
      Resource: '*'
package:
  artifact: artifact.zip
functions:
  hello:
    handler: handler.hello
resources:
  Parameters:
    Env:
      Type: String
";

/// The deploy settings of `provider`, sent as the reference sends them: the stack's tags
/// (`STAGE` and `stackTags`), `notificationArns` and `stackParameters` with the change set,
/// `disableRollback` with its execution, `stackPolicy` once the stack is up.
#[test]
fn stack_tags_notifications_parameters_and_policy_reach_cloudformation() {
    let Some(moto) = Moto::start() else { return };
    let dir = service_dir("tagged", STACK_SETTINGS, b"PK tagged artifact");
    // CloudFormation checks that the notification topic exists.
    let topic = aws_query(&moto.endpoint, "sns", "Action=CreateTopic&Name=deploys&Version=2010-03-31");
    assert!(topic.contains("arn:aws:sns:us-east-1:123456789012:deploys"), "{topic}");
    let out = moto.run(&dir, &["deploy"], None);
    assert!(out.status.success(), "deploy failed: {}", text(&out));
    let stacks = cloudformation(&moto.endpoint, "Action=DescribeStacks&StackName=tagged-prod");
    for expected in [
        "<Key>STAGE</Key>",
        "<Value>prod</Value>",
        "<Key>team</Key>",
        "<Value>core</Value>",
        "arn:aws:sns:us-east-1:123456789012:deploys",
        "<ParameterKey>Env</ParameterKey>",
        "<ParameterValue>production</ParameterValue>",
    ] {
        assert!(stacks.contains(expected), "{expected} missing: {stacks}");
    }
    let policy = cloudformation(&moto.endpoint, "Action=GetStackPolicy&StackName=tagged-prod");
    assert!(policy.contains("Update:*"), "{policy}");
}
