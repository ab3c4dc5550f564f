//! `stackwright deploy`, `diff`, `info` and `remove` against moto's server, a local AWS API
//! emulator: each test starts one on 127.0.0.1 with a free port and points `AWS_ENDPOINT_URL` at it.
//!
//! moto is found through `MOTO_SERVER`, else `.venv/bin/moto_server` (what `.ci/run` installs).
//! Without it the tests say so and pass locally, but fail in CI (`CI=true`). moto has no
//! `AWS::Lambda::CapacityProvider`: full executions use stacks without capacity providers, and a
//! capacity-provider stack is deployed up to its change set (`--no-execute`).

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
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

    /// Runs `stackwright ARGS` in `dir` against this server, with dummy credentials.
    fn run(&self, dir: &Path, args: &[&str], source_date_epoch: Option<&str>) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_stackwright"));
        cmd.current_dir(dir)
            .args(args)
            .env("AWS_ENDPOINT_URL", &self.endpoint)
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_REGION", "us-east-1")
            .env("AWS_CONFIG_FILE", dir.join("no-aws-config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("no-aws-credentials"))
            .env("STACKWRIGHT_POLL_INTERVAL_MS", "50")
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_SESSION_TOKEN");
        match source_date_epoch {
            Some(epoch) => cmd.env("SOURCE_DATE_EPOCH", epoch),
            None => cmd.env_remove("SOURCE_DATE_EPOCH"),
        };
        cmd.output().expect("stackwright runs")
    }
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
