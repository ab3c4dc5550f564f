//! `stackwright`: synth, validate and convert serverless.yml; list the artifacts to upload.
//!
//! Exit codes: 0 success, 2 configuration errors, 1 I/O or usage errors.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use stackwright_cli::deploy::cli as deploy;
use stackwright_cli::source::Source;
use stackwright_cli::{LoadError, Loaded, convert, discover, load_file, vars, yaml_out};
use stackwright_core::package::{MANIFEST_FILE, PackageDir};
use stackwright_core::{Diagnostics, Template};

mod package;

#[derive(Parser)]
#[command(
    name = "stackwright",
    version,
    about = "CloudFormation for Serverless Framework services on Lambda Managed Instances, offline"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Colour diagnostics: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
}

#[derive(clap::Args)]
struct Config {
    /// The config file (default: serverless.yml, serverless.yaml or serverless.json in the current directory).
    #[arg(short = 'c', long = "config", value_name = "FILE")]
    config: Option<PathBuf>,
    /// The stage (overrides provider.stage; resolves ${opt:stage} and ${sls:stage}).
    #[arg(short = 's', long)]
    stage: Option<String>,
    /// The region (overrides provider.region; resolves ${opt:region}).
    #[arg(short = 'r', long)]
    region: Option<String>,
    /// A value for `${param:NAME}` (repeatable), as `NAME=VALUE`; wins over `params`/`stages` in the file.
    #[arg(long, value_name = "NAME=VALUE")]
    param: Vec<String>,
    /// A value for a variable that needs AWS or is not resolved offline (repeatable):
    /// `ssm:/path=VALUE`, `cf:stack.Output=VALUE`, `aws:accountId=123456789012`, `opt:NAME=VALUE`.
    #[arg(long, value_name = "VARIABLE=VALUE")]
    value: Vec<String>,
    /// A YAML or JSON file of such values: a mapping `ssm:/path: VALUE` (repeatable; `--value` wins).
    #[arg(long, value_name = "FILE")]
    values: Vec<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Print (or write) the CloudFormation template.
    Synth {
        #[command(flatten)]
        config: Config,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Write the template to FILE instead of stdout.
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Exceeding CloudFormation's limits (500 resources, 200 outputs, 1 MB, 60 dynamic references) is a warning, not an error.
        #[arg(long)]
        no_limits: bool,
    },
    /// Report every error and warning; exit 0 when there are no errors.
    Validate {
        #[command(flatten)]
        config: Config,
        /// Output format: rustc-style text on stderr (and a one-line summary), or a JSON array on stdout.
        #[arg(long, value_enum, default_value_t = DiagnosticFormat::Text)]
        format: DiagnosticFormat,
    },
    /// Print a Rust program (main.rs) that declares the same service with the stackwright builder API.
    Convert {
        #[command(flatten)]
        config: Config,
        /// builder: method calls (compiles today); macro: the `service!` form.
        #[arg(long, value_enum, default_value_t = Style::Builder)]
        style: Style,
    },
    /// List the uploads the deploy needs: local artifact, then the S3 URL the template expects.
    Artifacts {
        #[command(flatten)]
        config: Config,
        /// Output format: `file<TAB>s3-url` lines, or a JSON array of {file, bucket, key} (bucket
        /// null for the stack's own ServerlessDeploymentBucket).
        #[arg(long, value_enum, default_value_t = DiagnosticFormat::Text)]
        format: DiagnosticFormat,
        /// Same as `--format json` (kept for existing scripts).
        #[arg(long, hide = true)]
        json: bool,
    },
    /// Build the code zips and write them, the template and the upload manifest (manifest.json) into one directory.
    Package(package::Args),
    /// Package and deploy: build the zips, upload the new ones, run a change set, follow events
    ///
    /// 1. Package, exactly as `stackwright package` does: every function without package.artifact
    ///    gets its zip built from the service directory (Node.js without development
    ///    dependencies, Python with requirements.txt installed, Rust with cargo-lambda), written
    ///    with the template and manifest.json into .serverless/. With --package DIR, the zips of
    ///    an earlier `stackwright package -o DIR` are deployed instead (nothing is built).
    /// 2. On the first deploy without provider.deploymentBucket, create the stack with only
    ///    ServerlessDeploymentBucket, whose name the uploads need.
    /// 3. Upload each artifact whose S3 key is not in the bucket yet. Zips are deterministic: an
    ///    unchanged service deploys under the deployed artifact directory, so nothing is uploaded
    ///    and the change set reports "no changes".
    /// 4. Create the change set, show it, execute it (unless --no-execute) and follow the events
    ///    until the stack settles; print the outputs. A failed deploy prints the failed resources
    ///    and the stack's reason, and leaves the stack as CloudFormation rolled it back.
    ///
    /// Uses the standard AWS configuration (credential chain, AWS_PROFILE, AWS_REGION,
    /// AWS_ENDPOINT_URL); --region or provider.region wins over AWS_REGION. Progress on stderr,
    /// the outputs on stdout. Exit 0 deployed or no changes, 1 failed (the stack rolled back) or
    /// an I/O or AWS error, 2 config or packaging errors.
    #[command(verbatim_doc_comment)]
    Deploy {
        #[command(flatten)]
        config: Config,
        #[command(flatten)]
        args: deploy::DeployArgs,
        #[command(flatten)]
        build: package::Build,
    },
    /// Show what a deploy would change: resources added, removed, modified, changed properties and
    /// replacements, against the deployed stack or (offline) a template file. Exit 0 no differences,
    /// 3 differences.
    Diff {
        #[command(flatten)]
        config: Config,
        #[command(flatten)]
        args: deploy::DiffArgs,
    },
    /// Show the deployed stack: status, endpoints, functions and outputs.
    Info {
        #[command(flatten)]
        config: Config,
    },
    /// Empty the stack's deployment bucket, delete the stack and wait until it is gone.
    Remove {
        #[command(flatten)]
        config: Config,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Yaml,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum DiagnosticFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum Style {
    Builder,
    Macro,
}

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Exit code 2 means "the configuration is wrong"; a usage mistake is not that (clap would use 2).
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 1 } else { 0 });
        }
    };
    // anstream decides per stream in `Auto`: colour on a terminal, none when NO_COLOR is set.
    anstream::ColorChoice::write_global(match cli.color {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    });
    match cli.command {
        Command::Synth { config, format, output, no_limits } => synth(&config, format, output, no_limits),
        Command::Validate { config, format } => validate(&config, format),
        Command::Convert { config, style } => {
            let loaded = match load(&config) {
                Ok(l) => l,
                Err(code) => return code,
            };
            // The program must build the same template as `synth`: refuse configs that have none.
            let diagnostics = loaded.service.check();
            print_diagnostics(&diagnostics, &loaded.source, None);
            if diagnostics.has_errors() {
                return ExitCode::from(2);
            }
            let code = match style {
                Style::Builder => convert::to_builder(loaded.service.config()),
                Style::Macro => convert::to_macro(&loaded.value),
            };
            write_stdout_line(&rustfmt(code))
        }
        Command::Artifacts { config, format, json } => artifacts(&config, json || format == DiagnosticFormat::Json),
        Command::Package(args) => package::run(args),
        Command::Deploy { config, args, build } => match packaged_for_deploy(&config, &args, &build) {
            Ok(loaded) => deploy::deploy(&args, loaded),
            Err(code) => code,
        },
        Command::Diff { config, args } => deploy::diff(&args, &mut || load_and_synth(&config, true)),
        // The stack's name and region are all they need: no artifact has to exist.
        Command::Info { config } => deploy::info(&mut || load(&config)),
        Command::Remove { config } => deploy::remove(&mut || load(&config)),
    }
}

/// Loads the config, printing located diagnostics on failure (exit 2, or 1 when it can't be read).
fn load(config: &Config) -> Result<Loaded, ExitCode> {
    load_quietly(config).map_err(|error| match error {
        Some(error) => {
            let LoadError { diagnostics, source, at } = *error;
            print_diagnostics(&diagnostics, &source, at);
            exit_code(&diagnostics)
        }
        None => ExitCode::from(1),
    })
}

/// 1 when the config could not be read, 2 for any other error, else success.
fn exit_code(diagnostics: &Diagnostics) -> ExitCode {
    let unreadable = diagnostics.iter().any(|d| d.code == stackwright_core::codes::CONFIG_READ_ERROR);
    match (unreadable, diagnostics.has_errors()) {
        (true, _) => ExitCode::from(1),
        (false, true) => ExitCode::from(2),
        (false, false) => ExitCode::SUCCESS,
    }
}

/// Loads the config and packages it (`deploy`), or points it at a prebuilt package
/// (`deploy --package DIR`): every packaged function's artifact is its zip, with the package's
/// build time.
fn packaged_for_deploy(config: &Config, args: &deploy::DeployArgs, build: &package::Build) -> Result<Loaded, ExitCode> {
    let mut loaded = load(config)?;
    loaded.service.enforce_limits(true);
    let Some(dir) = &args.package else {
        let packaged = package::package(&loaded, Path::new(package::DEFAULT_DIR), build)?;
        let zips = packaged
            .artifacts
            .values()
            .chain(packaged.layers.values())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        let shown = packaged.out_dir.strip_prefix(".").unwrap_or(&packaged.out_dir);
        eprintln!("Packaged {zips} zip(s) into {}", shown.display());
        loaded.service.use_packaged(&packaged);
        return Ok(loaded);
    };
    let fail = |message: String| {
        eprintln!("error: {message}");
        ExitCode::from(1)
    };
    let package_dir = match PackageDir::read_in(&config_dir(&loaded), dir) {
        Ok(Some(package_dir)) => package_dir,
        Ok(None) => {
            return Err(fail(format!(
                "{} has no {MANIFEST_FILE}: write the package with `stackwright package -o {}`",
                dir.display(),
                dir.display()
            )));
        }
        Err(message) => return Err(fail(message)),
    };
    let (service, stage) = service_and_stage(&loaded);
    if (package_dir.service.as_str(), package_dir.stage.as_str()) != (service.as_str(), stage.as_str()) {
        return Err(fail(format!(
            "{} was packaged for service {} stage {}, not service {service} stage {stage}: package again, or pass --stage {}",
            dir.display(),
            package_dir.service,
            package_dir.stage,
            package_dir.stage
        )));
    }
    // The package's run, not this one, is the instant of `${sls:instanceId}`, as of the zips'
    // S3 keys and the API deployment: the config is read again with it.
    stackwright_core::set_started_millis(package_dir.build_time_millis);
    loaded = load(config)?;
    loaded.service.enforce_limits(true);
    loaded.service.use_package_dir(&package_dir, false);
    // Errors of the config (or a function the package has no zip for) before anything is uploaded.
    if let Err(diagnostics) = loaded.service.synth() {
        print_diagnostics(&diagnostics, &loaded.source, None);
        return Err(ExitCode::from(2));
    }
    Ok(loaded)
}

/// The service name and the stage (`dev` when none is set, like the reference).
fn service_and_stage(loaded: &Loaded) -> (String, String) {
    let config = loaded.service.config();
    (config.service.clone(), config.provider.stage.clone().unwrap_or_else(|| "dev".into()))
}

/// The config file's directory (the empty path for a config in the current directory).
fn config_dir(loaded: &Loaded) -> PathBuf {
    Path::new(&loaded.source.name).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// After `stackwright package`, the functions without an artifact use the zips it wrote to
/// `.serverless/` (when its manifest is for this service and stage), so that `validate`, `synth`,
/// `artifacts` and `diff` do not ask for an artifact again. Says so on stderr: the zips are as
/// old as that package.
fn use_package_zips(loaded: &mut Loaded) {
    let dir = config_dir(loaded);
    let package_dir = match PackageDir::read_in(&dir, package::DEFAULT_DIR) {
        Ok(Some(package_dir)) => package_dir,
        Ok(None) => return,
        Err(message) => {
            eprintln!("note: {message}; the packaged zips are not used");
            return;
        }
    };
    let used = loaded.service.use_package_dir(&package_dir, true);
    let (layers, functions): (Vec<&str>, Vec<&str>) =
        used.iter().map(String::as_str).partition(|u| u.starts_with("layers."));
    let layers: Vec<&str> = layers.iter().map(|l| l.trim_start_matches("layers.")).collect();
    let mut users = Vec::new();
    for (one, many, names) in [("function", "functions", &functions), ("layer", "layers", &layers)] {
        match names.as_slice() {
            [] => {}
            [name] => users.push(format!("{one} {name}")),
            names => users.push(format!("{many} {}", names.join(", "))),
        }
    }
    if !users.is_empty() {
        eprintln!(
            "note: {} use the zips `stackwright package` wrote to {}/ ({}); package again after changing code",
            users.join(" and "),
            package::DEFAULT_DIR,
            package_dir.built_at(),
        );
    }
}

/// Loads and synthesizes the config, printing located diagnostics on failure.
fn load_and_synth(config: &Config, enforce_limits: bool) -> Result<(Loaded, Template), ExitCode> {
    let mut loaded = load(config)?;
    use_package_zips(&mut loaded);
    loaded.service.enforce_limits(enforce_limits);
    match loaded.service.synth() {
        Ok(template) => Ok((loaded, template)),
        Err(diagnostics) => {
            print_diagnostics(&diagnostics, &loaded.source, None);
            Err(ExitCode::from(2))
        }
    }
}

fn print_diagnostics(diagnostics: &Diagnostics, source: &Source, at: Option<stackwright_cli::source::Loc>) {
    // Styled always; anstream strips the colours where they are off.
    let mut err = anstream::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(err, "{}", source.render_styled(d, at));
    }
    let errors = diagnostics.errors().count();
    let warnings = diagnostics.warnings().count();
    if errors > 0 {
        let _ = writeln!(err, "{errors} error(s), {warnings} warning(s) in {}", source.name);
    }
}

fn synth(config: &Config, format: Format, output: Option<PathBuf>, no_limits: bool) -> ExitCode {
    let (loaded, template) = match load_and_synth(config, !no_limits) {
        Ok(done) => done,
        Err(code) => return code,
    };
    print_diagnostics(template.warnings(), &loaded.source, None);
    let yaml;
    let text = match format {
        // The template's own text, not a copy of its 4 MB.
        Format::Json => template.json(),
        Format::Yaml => {
            yaml = yaml_out::to_yaml(template.as_json());
            yaml.as_str()
        }
    };
    let code = match output {
        // `-o` writes the reference's bytes (its JSON has no trailing newline); stdout ends every
        // output in a newline, exactly like `Service::synth_to_stdout`.
        Some(path) => match std::fs::write(&path, text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                ExitCode::from(1)
            }
        },
        None => write_stdout_line(text),
    };
    // The process ends next, and gives all its memory back at once: freeing the config tree and
    // the model one allocation at a time (≈100 000 for 2,000 functions) would only cost time.
    std::mem::forget((loaded, template));
    code
}

fn validate(config: &Config, format: DiagnosticFormat) -> ExitCode {
    let (diagnostics, source, at) = match load_quietly(config) {
        Ok(mut loaded) => {
            use_package_zips(&mut loaded);
            (loaded.service.check(), loaded.source, None)
        }
        Err(Some(error)) => {
            let LoadError { diagnostics, source, at } = *error;
            (diagnostics, source, at)
        }
        Err(None) => return ExitCode::from(1),
    };
    match format {
        DiagnosticFormat::Text => {
            print_diagnostics(&diagnostics, &source, at);
            if !diagnostics.has_errors() && !source.name.is_empty() {
                let warnings = diagnostics.warnings().count();
                let _ = writeln!(std::io::stderr(), "ok: {} has no errors, {warnings} warning(s)", source.name);
            }
        }
        DiagnosticFormat::Json => {
            let items: Vec<_> = diagnostics.iter().map(|d| source.to_json(d, at)).collect();
            let text = serde_json::to_string_pretty(&items).unwrap_or_default();
            if write_stdout(&format!("{text}\n")) != ExitCode::SUCCESS {
                return ExitCode::from(1);
            }
        }
    }
    exit_code(&diagnostics)
}

/// Like [`load`], but hands the diagnostics back (for `validate --format json`); `Err(None)` when
/// there is no config at all (already reported).
fn load_quietly(config: &Config) -> Result<Loaded, Option<Box<LoadError>>> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let Some(path) = discover(config.config.as_deref(), &cwd) else {
        eprintln!(
            "error: no serverless.yml, serverless.yaml or serverless.json in {}; give one with -c FILE",
            cwd.display()
        );
        return Err(None);
    };
    let options = match vars::Options::from_cli(
        config.stage.clone(),
        config.region.clone(),
        &config.param,
        &config.value,
        &config.values,
    ) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            return Err(None);
        }
    };
    load_file(&path, &options).map_err(Some)
}

fn artifacts(config: &Config, json: bool) -> ExitCode {
    let template = match load_and_synth(config, true) {
        Ok((_, template)) => template,
        Err(code) => return code,
    };
    let text = if json {
        let items: Vec<_> = template
            .uploads()
            .iter()
            .map(|u| {
                serde_json::json!({
                    "file": u.local_path.display().to_string(),
                    "bucket": u.bucket.name(),
                    "key": u.key,
                })
            })
            .collect();
        format!("{}\n", serde_json::to_string_pretty(&items).unwrap_or_default())
    } else {
        template.uploads().iter().map(|u| format!("{}\t{}\n", u.local_path.display(), u.s3_url())).collect()
    };
    write_stdout(&text)
}

/// Generated code through rustfmt when it is installed (it is with every rustup toolchain); the
/// unformatted code compiles the same, so any failure just keeps it.
fn rustfmt(code: String) -> String {
    use std::process::{Command, Stdio};
    let child = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else { return code };
    if let Some(mut stdin) = child.stdin.take()
        && stdin.write_all(code.as_bytes()).is_err()
    {
        return code;
    }
    match child.wait_with_output() {
        Ok(out) if out.status.success() && !out.stdout.is_empty() => String::from_utf8(out.stdout).unwrap_or(code),
        _ => code,
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not a panic but exit code 1.
fn write_stdout(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(1),
    }
}

/// `text` on stdout, ending in exactly one newline (nothing at all when it is empty).
fn write_stdout_line(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let newline = if text.is_empty() || text.ends_with('\n') { "" } else { "\n" };
    match out.write_all(text.as_bytes()).and_then(|()| out.write_all(newline.as_bytes())).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(1),
    }
}
