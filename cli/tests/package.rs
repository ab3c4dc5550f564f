//! Packaging: zips as the reference selects files (patterns in order, include/exclude,
//! `individually`, default excludes, Node.js development dependencies), deterministic bytes, the
//! upload manifest, the S3-key collision rule, Rust functions (a real `cargo build`), Python
//! requirements (a real `pip install`), and the packaging rules.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use stackwright_cli::{load_file, vars};
use stackwright_core::package::{PackageOptions, Packaged, RustBuilder};
use stackwright_core::{Architecture, Diagnostics, Function, Service, Vpc};

const MILLIS: u64 = 1_767_225_600_000;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// A fresh scratch directory.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("package").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for item in std::fs::read_dir(from).unwrap() {
        let item = item.unwrap();
        let target = to.join(item.file_name());
        if item.file_name() == ".serverless" {
            continue;
        }
        if item.file_type().unwrap().is_dir() {
            copy_tree(&item.path(), &target);
        } else {
            std::fs::copy(item.path(), &target).unwrap();
        }
    }
}

/// Writes `files` (path → content) below `dir`.
fn write_tree(dir: &Path, files: &[(&str, &str)]) {
    for (path, content) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
}

fn load(config: &Path) -> Service {
    let mut svc =
        load_file(config, &vars::Options::default()).unwrap_or_else(|e| panic!("{:?}", e.diagnostics)).service;
    svc.build_time_millis(MILLIS);
    svc
}

fn package(svc: &Service, options: &PackageOptions) -> Packaged {
    svc.package(options).unwrap_or_else(|d| panic!("{d}"))
}

/// The entries of a zip: name → (unix mode, content).
fn entries(zip: &Path) -> BTreeMap<String, (u32, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().to_string(), (file.unix_mode().unwrap_or(0), bytes))
        })
        .collect()
}

fn names(zip: &Path) -> Vec<String> {
    entries(zip).into_keys().collect()
}

/// A minimal Node.js service config around `package` and `functions` YAML.
fn node_service(dir: &Path, rest: &str) -> Service {
    let text = format!(
        "service: svc\nprovider:\n  name: aws\n  runtime: nodejs24.x\n  vpc:\n    subnetIds: [subnet-0abc1234]\n    securityGroupIds: [sg-0abc1234]\n{rest}"
    );
    std::fs::write(dir.join("serverless.yml"), text).unwrap();
    load(&dir.join("serverless.yml"))
}

fn options() -> PackageOptions {
    PackageOptions::new(".serverless").config_file("serverless.yml").rust_builder(RustBuilder::Off)
}

#[test]
fn node_example_packages_without_dev_dependencies_deterministically() {
    let dir = scratch("node-example");
    copy_tree(&repo().join("examples/node-service"), &dir);
    let svc = load(&dir.join("serverless.yml"));
    let first = package(&svc, &options());
    let zip = dir.join(".serverless/node-service.zip");
    assert_eq!(
        names(&zip),
        [
            "docs/keep.md",                    // `!**/*.md` then `docs/keep.md`: the last matching pattern wins
            "node_modules/path-util/index.js", // shared by a production and a development dependency
            "node_modules/path-util/package.json",
            "node_modules/tiny-router/index.js",
            "node_modules/tiny-router/package.json",
            "package.json",
            "src/api.js",
            "src/worker.js",
        ],
        "no serverless.yml, README.md, test/, tiny-test, its nested deep-diff, colorize or their .bin links"
    );
    let zip_bytes = std::fs::read(&zip).unwrap();
    let template = std::fs::read(dir.join(".serverless/cloudformation-template-update-stack.json")).unwrap();

    // Twice: the same bytes (zips, template and manifest).
    let second = package(&svc, &options());
    assert_eq!(std::fs::read(&zip).unwrap(), zip_bytes);
    assert_eq!(std::fs::read(dir.join(".serverless/cloudformation-template-update-stack.json")).unwrap(), template);
    assert_eq!(first.manifest, second.manifest);

    // The template expects the zip it was written with, and the manifest lists every upload.
    let t = first.template.as_json();
    let code = &t["Resources"]["ApiLambdaFunction"]["Properties"]["Code"];
    let key = "serverless/node-service/dev/1767225600000-2026-01-01T00:00:00.000Z/node-service.zip";
    assert_eq!(code["S3Key"], key);
    assert_eq!(t["Resources"]["WorkerLambdaFunction"]["Properties"]["Code"]["S3Key"], key);
    let manifest: serde_json::Value = serde_json::from_str(&first.manifest).unwrap();
    let uploads = manifest["uploads"].as_array().unwrap();
    assert_eq!(uploads.len(), 2, "{manifest:#}");
    assert_eq!(uploads[0]["file"], "node-service.zip");
    assert_eq!(uploads[0]["key"], key);
    assert_eq!(uploads[0]["size"], zip_bytes.len());
    let sha = uploads[0]["sha256"].as_str().unwrap();
    let version =
        t["Resources"].as_object().unwrap().iter().find(|(id, _)| id.starts_with("ApiLambdaVersion")).unwrap().1;
    assert_eq!(version["Properties"]["CodeSha256"], sha);
    assert_eq!(uploads[1]["file"], "cloudformation-template-update-stack.json");
    assert!(uploads[1]["key"].as_str().unwrap().ends_with("/compiled-cloudformation-template.json"));
    for upload in uploads {
        assert!(dir.join(".serverless").join(upload["file"].as_str().unwrap()).is_file());
    }
    assert_eq!(std::fs::read_to_string(dir.join(".serverless/manifest.json")).unwrap(), first.manifest);

    // The CLI writes the same directory.
    let out = Command::new(env!("CARGO_BIN_EXE_stackwright"))
        .args(["package", "-c", "serverless.yml"])
        .current_dir(&dir)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(names(&zip), names(&dir.join(".serverless/node-service.zip")));
}

#[test]
fn dev_dependencies_stay_with_exclude_dev_dependencies_false() {
    let dir = scratch("dev-deps-kept");
    copy_tree(&repo().join("examples/node-service"), &dir);
    let text = std::fs::read_to_string(dir.join("serverless.yml")).unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        text.replace("package:\n", "package:\n  excludeDevDependencies: false\n"),
    )
    .unwrap();
    package(&load(&dir.join("serverless.yml")), &options());
    let got = names(&dir.join(".serverless/node-service.zip"));
    for kept in ["node_modules/tiny-test/index.js", "node_modules/.bin/tiny-test", "node_modules/colorize/cli.js"] {
        assert!(got.contains(&kept.to_string()), "{kept} in {got:?}");
    }
}

#[test]
fn legacy_include_exclude_and_default_excludes() {
    let dir = scratch("legacy");
    write_tree(
        &dir,
        &[
            ("handler.js", "x"),
            ("lib/a.js", "a"),
            ("lib/a.spec.js", "s"),
            ("lib/keep.spec.js", "k"),
            (".git/HEAD", "ref"),
            (".gitignore", "x"),
            (".DS_Store", "x"),
            ("npm-debug.log", "x"),
            ("yarn-error.log", "x"),
            (".serverless_plugins/p.js", "x"),
            (".env", "SECRET=1"),
        ],
    );
    let svc = node_service(
        &dir,
        "package:\n  exclude: ['lib/*.spec.js']\n  include: ['lib/keep.spec.js']\nfunctions:\n  api:\n    handler: handler.api\n    capacityProvider: default\n",
    );
    package(&svc, &options());
    // `.env` stays: the reference excludes `.env*` only with `useDotenv`.
    assert_eq!(names(&dir.join(".serverless/svc.zip")), [".env", "handler.js", "lib/a.js", "lib/keep.spec.js"]);
}

#[test]
fn individually_gives_each_function_its_own_zip_and_patterns() {
    let dir = scratch("individually");
    write_tree(&dir, &[("a/handler.js", "a"), ("b/handler.js", "b"), ("shared/util.js", "u"), ("other.txt", "o")]);
    let svc = node_service(
        &dir,
        "package:\n  individually: true\n  patterns: ['!**', 'shared/**']\nfunctions:\n  one:\n    handler: a/handler.one\n    capacityProvider: default\n    package:\n      patterns: ['a/**']\n  two:\n    handler: b/handler.two\n    capacityProvider: default\n    package:\n      patterns: ['b/**', '!shared/**']\n",
    );
    let packaged = package(&svc, &options());
    assert_eq!(names(&dir.join(".serverless/one.zip")), ["a/handler.js", "shared/util.js"]);
    assert_eq!(names(&dir.join(".serverless/two.zip")), ["b/handler.js"]);
    let keys: Vec<&str> = packaged.uploads.iter().map(|u| u.key.rsplit('/').next().unwrap()).collect();
    assert_eq!(keys, ["one.zip", "two.zip", "compiled-cloudformation-template.json"]);

    // Function-level `individually` only: that function alone gets its own zip.
    let dir = scratch("individually-one");
    write_tree(&dir, &[("handler.js", "h"), ("big/data.bin", "d")]);
    let svc = node_service(
        &dir,
        "functions:\n  one:\n    handler: handler.one\n    capacityProvider: default\n    package:\n      individually: true\n      patterns: ['!big/**']\n  two:\n    handler: handler.two\n    capacityProvider: default\n",
    );
    let packaged = package(&svc, &options());
    assert_eq!(names(&dir.join(".serverless/one.zip")), ["handler.js"]);
    assert_eq!(names(&dir.join(".serverless/svc.zip")), ["big/data.bin", "handler.js"]);
    assert!(packaged.template.warnings().is_empty(), "{}", packaged.template.warnings());
}

#[test]
fn explicit_artifacts_are_used_as_they_are() {
    let dir = scratch("explicit");
    write_tree(&dir, &[("handler.js", "h")]);
    std::fs::copy(repo().join("examples/artifacts/artifact.zip"), dir.join("given.zip")).unwrap();
    let svc = node_service(
        &dir,
        "functions:\n  one:\n    handler: handler.one\n    capacityProvider: default\n    package:\n      artifact: given.zip\n  two:\n    handler: handler.two\n    capacityProvider: default\n",
    );
    package(&svc, &options());
    let given = std::fs::read(dir.join("given.zip")).unwrap();
    assert_eq!(std::fs::read(dir.join(".serverless/given.zip")).unwrap(), given, "copied as it is");
    assert_eq!(names(&dir.join(".serverless/svc.zip")), ["given.zip", "handler.js"]);
}

fn codes(d: &Diagnostics) -> Vec<&str> {
    d.iter().map(|d| d.code).collect()
}

#[test]
fn packaging_rules() {
    // A pattern that selects no file is a warning at its config path.
    let dir = scratch("unmatched");
    write_tree(&dir, &[("handler.js", "h")]);
    let svc = node_service(
        &dir,
        "package:\n  patterns: ['!nothing/**', 'src/**']\nfunctions:\n  api:\n    handler: handler.api\n    capacityProvider: default\n",
    );
    let packaged = package(&svc, &options());
    let warnings = packaged.template.warnings();
    assert_eq!(codes(warnings), ["PACKAGE_PATTERN_UNMATCHED", "PACKAGE_PATTERN_UNMATCHED"]);
    assert_eq!(
        warnings.iter().map(|w| w.path.as_str()).collect::<Vec<_>>(),
        ["package.patterns[0]", "package.patterns[1]"]
    );

    // No file at all, a `..` that does not lead the pattern, an invalid glob: errors, all at once.
    let svc = node_service(
        &dir,
        "package:\n  individually: true\nfunctions:\n  a:\n    handler: handler.a\n    capacityProvider: default\n    package:\n      patterns: ['!**']\n  b:\n    handler: handler.b\n    capacityProvider: default\n    package:\n      patterns: ['src/../../secrets/**', 'src/[']\n",
    );
    let err = svc.package(&options()).unwrap_err();
    assert_eq!(codes(&err), ["PACKAGE_NO_FILES", "PACKAGE_INVALID_PATTERN", "PACKAGE_INVALID_PATTERN"], "{err}");
    assert_eq!(err.iter().nth(1).unwrap().path, "functions.b.package.patterns[0]");

    // The output directory cannot be the service directory (its zips would be deleted).
    for out in [".", "./", ".."] {
        let err = svc.package(&PackageOptions::new(out)).unwrap_err();
        assert_eq!(codes(&err), ["PACKAGE_BUILD_ERROR"], "{out}: {err}");
    }

    // Function patterns without `individually` are ignored, with a warning (as the reference does).
    let svc = node_service(
        &dir,
        "functions:\n  a:\n    handler: handler.a\n    capacityProvider: default\n    package:\n      patterns: ['!handler.js']\n",
    );
    let packaged = package(&svc, &options());
    assert_eq!(codes(packaged.template.warnings()), ["PACKAGE_FUNCTION_PATTERNS_IGNORED"]);
    assert_eq!(names(&dir.join(".serverless/svc.zip")), ["handler.js"]);
}

#[test]
fn code_over_250_mb_unzipped_is_an_error_with_the_sizes() {
    let dir = scratch("too-large");
    write_tree(&dir, &[("handler.js", "h")]);
    // A sparse file: 250 MB on paper, nothing on disk; the check runs before anything is zipped.
    std::fs::File::create(dir.join("model.bin")).unwrap().set_len(262_144_001).unwrap();
    let svc = node_service(&dir, "functions:\n  api:\n    handler: handler.api\n    capacityProvider: default\n");
    let err = svc.package(&options()).unwrap_err();
    assert_eq!(codes(&err), ["PACKAGE_TOO_LARGE"]);
    let message = &err.iter().next().unwrap().message;
    assert!(message.contains("262144002 bytes") && message.contains("262144000"), "{message}");
}

#[cfg(unix)]
#[test]
fn symlinks_are_followed_and_loops_and_dangling_links_skipped() {
    use std::os::unix::fs::symlink;
    let dir = scratch("symlinks");
    write_tree(&dir, &[("handler.js", "h"), ("real/lib.js", "l")]);
    symlink("real", dir.join("linked")).unwrap();
    symlink("missing.js", dir.join("dangling.js")).unwrap();
    symlink("..", dir.join("real/loop")).unwrap();
    let svc = node_service(&dir, "functions:\n  api:\n    handler: handler.api\n    capacityProvider: default\n");
    let packaged = package(&svc, &options());
    let zip = entries(&dir.join(".serverless/svc.zip"));
    assert_eq!(zip.keys().collect::<Vec<_>>(), ["handler.js", "linked/lib.js", "real/lib.js"]);
    assert_eq!(zip["linked/lib.js"].1, b"l");
    assert!(codes(packaged.template.warnings()).iter().all(|c| *c == "PACKAGE_SYMLINK_SKIPPED"));
    assert_eq!(packaged.template.warnings().len(), 3, "{}", packaged.template.warnings());
}

#[test]
fn two_files_for_one_s3_key_is_an_error_and_rust_functions_never_collide() {
    let dir = scratch("collision");
    for sub in ["a", "b"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::copy(repo().join("examples/artifacts/artifact.zip"), dir.join(sub).join("code.zip")).unwrap();
    }
    let svc = node_service(
        &dir,
        "functions:\n  one:\n    handler: h.one\n    capacityProvider: default\n    package:\n      artifact: a/code.zip\n  two:\n    handler: h.two\n    capacityProvider: default\n    package:\n      artifact: b/code.zip\n  three:\n    handler: h.three\n    capacityProvider: default\n    package:\n      artifact: ./a/code.zip\n",
    );
    for d in [svc.synth().unwrap_err(), svc.check()] {
        assert_eq!(codes(&d), ["ARTIFACT_S3_KEY_COLLISION"], "{d}");
        let e = d.iter().next().unwrap();
        assert_eq!(e.path, "functions.two.package.artifact");
        assert!(e.message.contains("code.zip") && e.message.contains("overwrite"), "{}", e.message);
    }

    // `Function::rust`: every binary has its own key, though cargo-lambda names every zip bootstrap.zip.
    let mut svc = Service::new("rusty");
    svc.provider().vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
    let pool = svc.default_capacity_provider();
    for name in ["api", "worker"] {
        svc.function(name, Function::rust(name).capacity_provider(&pool));
    }
    let d = svc.check();
    assert!(!d.has_errors(), "{d}");
    assert_eq!(Function::rust("api").architecture, Some(Architecture::X86_64));
}

/// A tiny crate with two binaries, built by a real `cargo build` and zipped as `bootstrap`.
#[test]
fn rust_functions_are_built_and_zipped_as_bootstrap() {
    let dir = scratch("rust-crate");
    write_tree(
        &dir,
        &[
            ("Cargo.toml", "[package]\nname = \"tiny\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n"),
            ("src/bin/hello.rs", "fn main() { println!(\"hello\"); }\n"),
            ("src/bin/world.rs", "fn main() { println!(\"world\"); }\n"),
        ],
    );
    let mut svc = Service::new("rusty");
    svc.base_dir(&dir).build_time_millis(MILLIS);
    svc.provider().vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
    let pool = svc.default_capacity_provider();
    svc.function("hello", Function::rust("hello").capacity_provider(&pool));
    svc.function("world", Function::rust("world").capacity_provider(&pool));
    let options = PackageOptions::new("out").rust_builder(RustBuilder::Cargo { target: None });
    let packaged = package(&svc, &options);

    let t = packaged.template.as_json();
    assert_eq!(t["Resources"]["HelloLambdaFunction"]["Properties"]["Runtime"], "provided.al2023");
    let key = |f: &str| t["Resources"][f]["Properties"]["Code"]["S3Key"].as_str().unwrap().rsplit('/').next().unwrap();
    assert_eq!((key("HelloLambdaFunction"), key("WorldLambdaFunction")), ("hello.zip", "world.zip"));
    let zip = entries(&dir.join("out/hello.zip"));
    assert_eq!(zip.keys().collect::<Vec<_>>(), ["bootstrap"]);
    assert_eq!(zip["bootstrap"].0, 0o100755);
    // Where cargo put it: `CARGO_TARGET_DIR` (relative to the crate) when the environment sets it.
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| dir.join("target"), |t| dir.join(t));
    let built = target.join("release/hello");
    assert_eq!(zip["bootstrap"].1, std::fs::read(&built).unwrap(), "the binary cargo built");
    let output = Command::new(&built).output().unwrap();
    assert_eq!(output.stdout, b"hello\n");
    // Same binary, same zip.
    let before = std::fs::read(dir.join("out/hello.zip")).unwrap();
    package(&svc, &options);
    assert_eq!(std::fs::read(dir.join("out/hello.zip")).unwrap(), before);

    // Without cargo-lambda and without the zip, the error says how to build it.
    if Command::new("cargo").args(["lambda", "--version"]).output().is_ok_and(|o| o.status.success()) {
        return;
    }
    let err = svc.package(&PackageOptions::new("out")).unwrap_err();
    assert_eq!(codes(&err), ["PACKAGE_BUILD_ERROR", "PACKAGE_BUILD_ERROR"]);
    let e = err.iter().next().unwrap();
    assert_eq!(e.path, "functions.hello.package.artifact");
    assert!(
        e.message.contains("cargo-lambda is not installed") && e.message.contains("cargo lambda build"),
        "{}",
        e.message
    );
}

fn pip_available() -> bool {
    let ok = Command::new("python3").args(["-m", "pip", "--version"]).output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "CI must have python3 with pip");
        eprintln!("note: python3 -m pip not available; the Python packaging test is skipped");
    }
    ok
}

/// A real `pip install` of a pure-Python package and one with a binary wheel, for Lambda's
/// platform and the function's architecture, cached and byte-identical across runs.
#[test]
fn python_requirements_are_installed_for_the_lambda_platform() {
    if !pip_available() {
        return;
    }
    let dir = scratch("python-example");
    copy_tree(&repo().join("examples/python-service"), &dir);
    let cache = scratch("python-cache");
    let options = options().cache_dir(&cache);
    let svc = load(&dir.join("serverless.yml"));
    package(&svc, &options);
    let zip = dir.join(".serverless/python-service.zip");
    let first = std::fs::read(&zip).unwrap();
    let got = entries(&zip);
    assert!(got.contains_key("handler.py") && got.contains_key("requirements.txt"));
    assert!(got.contains_key("six.py"), "the pure-Python package");
    assert!(got.contains_key("markupsafe/_speedups.cpython-313-x86_64-linux-gnu.so"), "{:?}", got.keys());
    assert!(!got.keys().any(|k| k.starts_with("tests/") || k.ends_with(".pyc") || k.contains("__pycache__")));

    // Cached: the second run installs nothing (pip would fail without its interpreter) and
    // gives the same bytes.
    let mut cached = options.clone();
    cached.python = Some(PathBuf::from("/nonexistent/python3"));
    package(&svc, &cached);
    assert_eq!(std::fs::read(&zip).unwrap(), first);

    // A fresh install gives the same bytes, too.
    let fresh = scratch("python-cache-fresh");
    package(&svc, &options.clone().cache_dir(&fresh));
    assert_eq!(std::fs::read(&zip).unwrap(), first);

    // arm64 functions get aarch64 wheels.
    let text = std::fs::read_to_string(dir.join("serverless.yml")).unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        text.replace("runtime: python3.13", "runtime: python3.13\n  architecture: arm64"),
    )
    .unwrap();
    package(&load(&dir.join("serverless.yml")), &options);
    assert!(entries(&zip).contains_key("markupsafe/_speedups.cpython-313-aarch64-linux-gnu.so"));
}

/// serverless-python-requirements with `layer`: the requirements go into the layer
/// `pythonRequirements` (under `python/`, for `provider.runtime`), named and described as the
/// plugin does (`lib/layer.js`), and not into the function's zip (`lib/inject.js`). Its other
/// settings (`dockerizePip`) change nothing.
#[test]
fn python_requirements_layer_holds_the_requirements() {
    if !pip_available() {
        return;
    }
    let dir = scratch("python-layer");
    copy_tree(&repo().join("examples/python-service"), &dir);
    let config = dir.join("serverless.yml");
    let text = std::fs::read_to_string(&config).unwrap();
    let extra = "    layers:\n      - Ref: PythonRequirementsLambdaLayer\nplugins:\n  - serverless-python-requirements\ncustom:\n  pythonRequirements:\n    dockerizePip: true\n    layer:\n      description: Shared deps\n";
    std::fs::write(&config, format!("{text}{extra}")).unwrap();
    let cache = scratch("python-layer-cache");
    let packaged = package(&load(&config), &options().cache_dir(&cache));
    let layer = entries(&dir.join(".serverless/pythonRequirements.zip"));
    assert!(layer.contains_key("python/six.py"), "{:?}", layer.keys());
    assert!(layer.keys().all(|k| k.starts_with("python/")));
    let function = entries(&dir.join(".serverless/python-service.zip"));
    assert!(function.contains_key("handler.py") && !function.contains_key("six.py"), "{:?}", function.keys());
    assert_eq!(packaged.layers["pythonRequirements"], PathBuf::from(".serverless/pythonRequirements.zip"));

    let t = packaged.template.as_json();
    // An object `layer` overrides the plugin's settings key by key.
    let properties = &t["Resources"]["PythonRequirementsLambdaLayer"]["Properties"];
    assert_eq!(properties["LayerName"], "python-service-dev-python-requirements");
    assert_eq!(properties["Description"], "Shared deps");
    assert_eq!(properties["CompatibleRuntimes"], serde_json::json!(["python3.13"]));
    assert!(properties["Content"]["S3Key"].as_str().unwrap().ends_with("/pythonRequirements.zip"));
    let layers = &t["Resources"]["HelloLambdaFunction"]["Properties"]["Layers"];
    assert_eq!(layers[0]["Ref"], "PythonRequirementsLambdaLayer");
}

/// Packaging reports the rules' findings as `validate` does: a key the schema does not know is a
/// warning in a file (not an error), and each warning comes once.
#[test]
fn packaging_reports_the_rules_as_validate_does() {
    let dir = scratch("rules-as-validate");
    std::fs::write(dir.join("h.js"), "exports.f = async () => {};\n").unwrap();
    let rest = "  httpApi:\n    corz: true\nfunctions:\n  f:\n    handler: h.f\n    capacityProvider: default\n    events:\n      - httpApi: GET /x\n";
    let svc = node_service(&dir, rest);
    let packaged = package(&svc, &options());
    let unknown: Vec<_> = packaged.template.warnings().iter().filter(|d| d.code == "CONFIG_UNKNOWN_KEY").collect();
    assert_eq!(unknown.len(), 1, "{:#?}", packaged.template.warnings());
    assert_eq!(unknown[0].path, "provider.httpApi.corz");
}

#[test]
fn convert_keeps_the_file_selection() {
    let dir = scratch("convert");
    std::fs::copy(repo().join("examples/artifacts/artifact.zip"), dir.join("artifact.zip")).unwrap();
    node_service(
        &dir,
        "package:\n  artifact: artifact.zip\n  patterns: ['!test/**', 'docs/keep.md']\n  excludeDevDependencies: false\nfunctions:\n  api:\n    handler: h.api\n    capacityProvider: default\n    package:\n      exclude: ['x/**']\n",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_stackwright")).args(["convert"]).current_dir(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let program = String::from_utf8(out.stdout).unwrap();
    for line in [
        r#"svc.config_mut().package.patterns = vec!["!test/**".to_string(), "docs/keep.md".to_string()];"#,
        "svc.config_mut().package.exclude_dev_dependencies = Some(false);",
        r#"svc.config_mut().functions["api"].package.exclude = vec!["x/**".to_string()];"#,
    ] {
        assert!(program.contains(line), "{line} in {program}");
    }
}

/// `pyproject.toml` without requirements.txt: its PEP 621 `[project] dependencies`.
#[test]
fn pyproject_dependencies_are_installed() {
    if !pip_available() {
        return;
    }
    let dir = scratch("pyproject");
    write_tree(
        &dir,
        &[
            ("handler.py", "import six\n"),
            ("pyproject.toml", "[project]\nname = \"svc\"\nversion = \"0.1.0\"\ndependencies = [\"six==1.17.0\"]\n"),
        ],
    );
    let text = "service: svc\nprovider:\n  name: aws\n  runtime: python3.13\n  vpc:\n    subnetIds: [subnet-0abc1234]\n    securityGroupIds: [sg-0abc1234]\nfunctions:\n  api:\n    handler: handler.api\n    capacityProvider: default\n";
    std::fs::write(dir.join("serverless.yml"), text).unwrap();
    package(&load(&dir.join("serverless.yml")), &options().cache_dir(scratch("pyproject-cache")));
    let got = names(&dir.join(".serverless/svc.zip"));
    assert!(got.contains(&"six.py".to_string()) && got.contains(&"pyproject.toml".to_string()), "{got:?}");
}

/// `stackwright ARGS` in `dir`, with a pinned build time.
fn stackwright(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_stackwright"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn validate_and_synth_use_the_zips_of_stackwright_package() {
    let dir = scratch("after-package");
    copy_tree(&repo().join("examples/node-service"), &dir);
    // Before packaging: one error for both functions, with the help of their runtime.
    let out = stackwright(&dir, &["validate"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.matches("error[ARTIFACT_ERROR]").count(), 1, "{err}");
    assert!(err.contains("2 functions have no artifact: \"api\" and \"worker\""), "{err}");
    assert!(err.contains("= at: functions\n"), "{err}");
    assert!(err.contains("run `stackwright package`") && !err.contains("cargo"), "{err}");

    let out = stackwright(&dir, &["package"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let packaged = std::fs::read_to_string(dir.join(".serverless/cloudformation-template-update-stack.json")).unwrap();
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(".serverless/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["functions"], serde_json::json!({"api": "node-service.zip", "worker": "node-service.zip"}));

    // After: validate passes and synth gives the packaged template, both saying where the zips are from.
    let note = "note: functions api, worker use the zips `stackwright package` wrote to .serverless/ \
                (2026-01-01T00:00:00.000Z); package again after changing code";
    let out = stackwright(&dir, &["validate"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.starts_with(note), "{err}");
    let out = stackwright(&dir, &["synth"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("{packaged}\n"));

    // A package of another stage is not used.
    let out = stackwright(&dir, &["validate", "--stage", "prod"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Top-level `layers` from serverless.yml: `package` zips the layer's directory (entry names and
/// patterns relative to it) beside the service's zip, which leaves the layer's directory out;
/// `validate` and `synth` then use both zips; a change of the layer's code changes the layer's
/// hash and the version of the function that uses it.
#[test]
fn layers_are_zipped_from_their_path_and_used_after_packaging() {
    let dir = scratch("layers");
    write_tree(
        &dir,
        &[
            (
                "serverless.yml",
                "service: layered\nprovider:\n  name: aws\n  runtime: python3.12\npackage:\n  patterns: ['!**/*.pyc']\n\
                 layers:\n  deps:\n    path: layer\n    compatibleRuntimes: [python3.12]\n    package:\n      patterns: ['!python/tests/**']\n\
                 functions:\n  hello:\n    handler: src/handler.hello\n    layers:\n      - Ref: DepsLambdaLayer\n",
            ),
            ("src/handler.py", "def hello(event, context):\n    return 1\n"),
            ("layer/python/deps/__init__.py", "VERSION = 1\n"),
            ("layer/python/deps/cache.pyc", "compiled"),
            ("layer/python/tests/test_deps.py", "assert True\n"),
        ],
    );
    // Before packaging, validate names only the function's missing zip (the layer's is named
    // `.serverless/deps.zip`, not read), synth the layer's too.
    let out = stackwright(&dir, &["validate"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.matches("error[ARTIFACT_ERROR]").count(), 1, "{err}");
    assert!(!err.contains("layer"), "{err}");
    let out = stackwright(&dir, &["synth"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.matches("error[ARTIFACT_ERROR]").count(), 2, "{err}");
    assert!(err.contains("layer \"deps\" has no zip"), "{err}");

    let out = stackwright(&dir, &["package"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(names(&dir.join(".serverless/deps.zip")), ["python/deps/__init__.py"]);
    assert_eq!(names(&dir.join(".serverless/layered.zip")), ["src/handler.py"]);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(".serverless/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["layers"], serde_json::json!({"deps": "deps.zip"}));
    let files: Vec<&str> =
        manifest["uploads"].as_array().unwrap().iter().map(|u| u["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["deps.zip", "layered.zip", "cloudformation-template-update-stack.json"]);

    let packaged = std::fs::read_to_string(dir.join(".serverless/cloudformation-template-update-stack.json")).unwrap();
    let t: serde_json::Value = serde_json::from_str(&packaged).unwrap();
    // The layer's hash, recomputed: SHA-1 of the resource without its S3 key, then the zip.
    let mut resource = t["Resources"]["DepsLambdaLayer"].clone();
    resource["Properties"]["Content"].as_object_mut().unwrap().remove("S3Key");
    let zip = std::fs::read(dir.join(".serverless/deps.zip")).unwrap();
    let sha1 = stackwright_core::hash::sha1_hex(&[serde_json::to_string(&resource).unwrap().as_bytes(), &zip]);
    assert_eq!(t["Outputs"]["DepsLambdaLayerHash"]["Value"], sha1);

    let note = "note: function hello and layer deps use the zips `stackwright package` wrote to .serverless/";
    let out = stackwright(&dir, &["synth"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    assert!(err.starts_with(note), "{err}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("{packaged}\n"));

    // New layer code: a new layer hash and a new function version.
    let version = |t: &serde_json::Value| {
        t["Resources"].as_object().unwrap().keys().find(|k| k.starts_with("HelloLambdaVersion")).unwrap().clone()
    };
    write_tree(&dir, &[("layer/python/deps/__init__.py", "VERSION = 2\n")]);
    let out = stackwright(&dir, &["package"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let again: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(".serverless/cloudformation-template-update-stack.json")).unwrap(),
    )
    .unwrap();
    assert_ne!(again["Outputs"]["DepsLambdaLayerHash"], t["Outputs"]["DepsLambdaLayerHash"]);
    assert_ne!(version(&again), version(&t));
    assert_eq!(names(&dir.join(".serverless/layered.zip")), ["src/handler.py"]);
}

/// serverless-plugin-warmup: the warmer's zip holds its handler (which the plugin writes into
/// the service directory, and stackwright zips from memory) and nothing else, replacing a
/// handler an earlier run of the plugin left there. The service's zip holds it too, as with the
/// plugin (its file is in the service directory when the framework zips the service).
#[test]
fn a_warmer_is_packaged_alone_with_its_handler() {
    let dir = scratch("warmup");
    write_tree(&dir, &[("h.js", "exports.f = async () => {};\n"), (".warmup/default/index.mjs", "stale\n")]);
    let rest = "plugins:\n  - serverless-plugin-warmup\ncustom:\n  warmup:\n    default:\n      enabled: true\nfunctions:\n  f:\n    handler: h.f\n";
    let packaged = package(&node_service(&dir, rest), &options());
    let warmer = entries(&dir.join(".serverless/warmUpPluginDefault.zip"));
    assert_eq!(warmer.keys().collect::<Vec<_>>(), [".warmup/default/index.mjs"]);
    let (mode, handler) = &warmer[".warmup/default/index.mjs"];
    assert_eq!(*mode, 0o100644);
    let handler = String::from_utf8(handler.clone()).unwrap();
    assert!(handler.contains("\"name\": \"svc-dev-f\"") && handler.contains("export const warmUp"), "{handler}");
    let service = entries(&dir.join(".serverless/svc.zip"));
    assert_eq!(service[".warmup/default/index.mjs"].1, handler.as_bytes());
    let t = packaged.template.as_json();
    let properties = &t["Resources"]["WarmUpPluginDefaultLambdaFunction"]["Properties"];
    assert_eq!(properties["Handler"], ".warmup/default/index.warmUp");
    assert!(properties["Code"]["S3Key"].as_str().unwrap().ends_with("/warmUpPluginDefault.zip"));
}

/// Include patterns that lead with `../` add the files they match in the service's parent
/// directories (a monorepo's shared code), under their path there, as the reference's glob and
/// zip do; the rest of those directories stays out, and excludes apply to them as to any file. A
/// directory that holds the service itself is an error.
#[test]
fn patterns_reach_sibling_directories() {
    let root = scratch("outside");
    write_tree(
        &root,
        &[
            ("svc/h.js", "exports.f = 1;\n"),
            ("dist/sub/a.js", "a"),
            ("dist/sub/a.test.js", "t"),
            ("dist/notes.txt", "n"),
            ("shared/lib/x.js", "x"),
        ],
    );
    let dir = root.join("svc");
    let rest = "package:\n  patterns:\n    - '../dist/**/*.js'\n    - '!../dist/**/*.test.js'\n  include:\n    - ../shared/lib/x.js\nfunctions:\n  f:\n    handler: h.f\n";
    package(&node_service(&dir, rest), &options());
    assert_eq!(names(&dir.join(".serverless/svc.zip")), ["dist/sub/a.js", "h.js", "shared/lib/x.js"]);

    let rest = "package:\n  patterns: ['../**']\nfunctions:\n  f:\n    handler: h.f\n";
    let err = node_service(&dir, rest).package(&options()).unwrap_err();
    assert_eq!(codes(&err), ["PACKAGE_INVALID_PATTERN"], "{err}");
    assert_eq!(err.iter().next().unwrap().path, "package.patterns[0]");

    // `//` or `.` after the `../` would reach the zip's names: errors, and nothing is walked.
    let rest = "package:\n  patterns: ['..//shared/**', '.././dist/**']\nfunctions:\n  f:\n    handler: h.f\n";
    let err = node_service(&dir, rest).package(&options()).unwrap_err();
    assert_eq!(codes(&err), ["PACKAGE_INVALID_PATTERN", "PACKAGE_INVALID_PATTERN"], "{err}");

    // Packaged alone, a function's parent-directory files are its own, not its neighbour's; a
    // pattern without a glob names one file of the parent; the service's own file of a name wins.
    write_tree(&root, &[("top.json", "{}"), ("svc/shared/lib/x.js", "own")]);
    let rest = "package:\n  individually: true\nfunctions:\n  a:\n    handler: h.f\n    package:\n      patterns: ['../shared/lib/**', '../top.json']\n  b:\n    handler: h.f\n";
    package(&node_service(&dir, rest), &options());
    assert_eq!(names(&dir.join(".serverless/a.zip")), ["h.js", "shared/lib/x.js", "top.json"]);
    assert_eq!(entries(&dir.join(".serverless/a.zip"))["shared/lib/x.js"].1, b"own");
    assert_eq!(names(&dir.join(".serverless/b.zip")), ["h.js", "shared/lib/x.js"]);
}

/// serverless-package-common: the folders of `custom.packageCommon.common` go into the zip as if
/// linked into the service directory under the plugin's name for them (`../common` → `common`,
/// `../lib/shared` → `lshared`, as its JavaScript pattern makes it), replacing the service's own
/// folder of that name; the service's patterns and default excludes apply to them. A folder
/// that does not exist is a warning where it is written; one inside the service is an error.
#[test]
fn package_common_folders_are_zipped_as_linked() {
    let root = scratch("package-common");
    write_tree(
        &root,
        &[
            ("svc/h.py", "def f(e, c): pass\n"),
            ("svc/common/old.py", "o"),
            ("common/db.py", "x"),
            ("common/.env", "SECRET=1"),
            ("common/sub/q.test.py", "t"),
            ("lib/shared/s.py", "s"),
        ],
    );
    let dir = root.join("svc");
    let rest = "plugins:\n  - serverless-package-common\ncustom:\n  packageCommon:\n    common:\n      - ../common\n      - ../lib/shared\n      - ../missing\npackage:\n  patterns: ['!**/.env', '!**/*.test.py']\nfunctions:\n  f:\n    handler: h.f\n";
    let packaged = package(&node_service(&dir, rest), &options());
    assert_eq!(names(&dir.join(".serverless/svc.zip")), ["common/db.py", "h.py", "lshared/s.py"]);
    let warnings = packaged.template.warnings();
    let found: Vec<_> = warnings.iter().map(|d| (d.code, d.path.as_str(), d.message.as_str())).collect();
    assert_eq!(
        found,
        [(
            "PACKAGE_PATTERN_UNMATCHED",
            "custom.packageCommon.common[2]",
            "folder ../missing does not exist: serverless-package-common links nothing"
        )]
    );

    let rest = "plugins:\n  - serverless-package-common\ncustom:\n  packageCommon:\n    common: [common, 3]\nfunctions:\n  f:\n    handler: h.f\n";
    let text = format!(
        "service: svc\nprovider:\n  name: aws\n  runtime: nodejs24.x\n  vpc:\n    subnetIds: [subnet-0abc1234]\n    securityGroupIds: [sg-0abc1234]\n{rest}"
    );
    std::fs::write(dir.join("serverless.yml"), text).unwrap();
    let err = load_file(&dir.join("serverless.yml"), &vars::Options::default()).map(|_| ()).unwrap_err().diagnostics;
    let found: Vec<_> = err.iter().map(|d| (d.code, d.path.as_str())).collect();
    assert_eq!(
        found,
        [
            ("CONFIG_INVALID_VALUE", "custom.packageCommon.common[0]"),
            ("CONFIG_INVALID_VALUE", "custom.packageCommon.common[1]")
        ]
    );
    assert!(err.iter().next().unwrap().message.starts_with("folder \"common\" is not a folder next to the service"));
}

/// serverless-python-requirements' `module` with `package.individually`: the function's zip is
/// `<module>-<function name>.zip`, with the module's files at its root and the module's own
/// requirements (`lib/inject.js`'s `moveModuleUp`, `lib/pip.js`), and the template's S3 key names
/// it; `./orders` is read as `orders`.
#[test]
fn python_modules_are_zipped_on_their_own() {
    if !pip_available() {
        return;
    }
    let dir = scratch("python-module");
    write_tree(
        &dir,
        &[
            ("users/handler.py", "import six\n"),
            ("users/requirements.txt", "six==1.17.0\n"),
            ("orders/handler.py", "\n"),
            ("shared.py", "\n"),
        ],
    );
    let text = "service: svc\nplugins: [serverless-python-requirements]\npackage:\n  individually: true\nprovider:\n  name: aws\n  runtime: python3.13\nfunctions:\n  users:\n    handler: handler.main\n    module: users\n  orders:\n    handler: handler.main\n    module: ./orders\n";
    std::fs::write(dir.join("serverless.yml"), text).unwrap();
    package(&load(&dir.join("serverless.yml")), &options().cache_dir(scratch("python-module-cache")));
    let users = names(&dir.join(".serverless/users-svc-dev-users.zip"));
    for name in ["handler.py", "requirements.txt", "six.py"] {
        assert!(users.contains(&name.to_string()), "{name} in {users:?}");
    }
    assert!(
        !users.iter().any(|n| n == "shared.py" || n.starts_with("users/") || n.starts_with("orders/")),
        "{users:?}"
    );
    assert_eq!(names(&dir.join(".serverless/orders-svc-dev-orders.zip")), ["handler.py"]);
    let out = stackwright(&dir, &["synth"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let t: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let key = t["Resources"]["UsersLambdaFunction"]["Properties"]["Code"]["S3Key"].as_str().unwrap();
    assert!(key.ends_with("/users-svc-dev-users.zip"), "{key}");
}

/// A `module` directory that holds no file is the function's error, at its `module`.
#[test]
fn a_python_module_without_files_is_an_error_at_the_module() {
    let dir = scratch("python-module-missing");
    write_tree(&dir, &[("handler.py", "\n")]);
    let text = "service: svc\nplugins: [serverless-python-requirements]\npackage:\n  individually: true\nprovider:\n  name: aws\n  runtime: python3.13\nfunctions:\n  users:\n    handler: handler.main\n    module: nope\n";
    std::fs::write(dir.join("serverless.yml"), text).unwrap();
    let out = stackwright(&dir, &["package"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "error[PACKAGE_NO_FILES]: no file of the module directory nope/ matches the patterns of nope-svc-dev-users.zip"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("= at: functions.users.module"), "{stderr}");
}
