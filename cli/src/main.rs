//! `stackwright`: synth, validate and convert serverless.yml; list the artifacts to upload.
//!
//! Exit codes: 0 success, 2 configuration errors, 1 I/O or usage errors.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use stackwright_cli::deploy::cli as deploy;
use stackwright_cli::source::Source;
use stackwright_cli::{LoadError, Loaded, convert, discover, load_file, vars, yaml_out};
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
        /// Exceeding CloudFormation's limits (500 resources, 200 outputs, 1 MB) is a warning, not an error.
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
    /// Deploy: create the stack with its deployment bucket on the first deploy, upload the artifacts
    /// not uploaded yet, create a change set, show it, execute it and follow the stack events.
    ///
    /// On the first deploy without provider.deploymentBucket the stack is created with only
    /// ServerlessDeploymentBucket, whose name the uploads need. Artifacts whose S3 key is already in
    /// the bucket are not uploaded again; an unchanged service reports "no changes". A failed
    /// deploy prints the failed resources and the stack's reason, and leaves the stack as
    /// CloudFormation rolled it back.
    ///
    /// Uses the standard AWS configuration (credential chain, AWS_PROFILE, AWS_REGION,
    /// AWS_ENDPOINT_URL); --region or provider.region wins over AWS_REGION. Progress on stderr,
    /// the outputs on stdout. Exit 0 deployed or no changes, 1 failed (the stack rolled back), 2
    /// config errors.
    Deploy {
        #[command(flatten)]
        config: Config,
        #[command(flatten)]
        args: deploy::DeployArgs,
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
            write_stdout(&with_newline(rustfmt(code)))
        }
        Command::Artifacts { config, format, json } => artifacts(&config, json || format == DiagnosticFormat::Json),
        Command::Package(args) => package::run(args),
        Command::Deploy { config, args } => deploy::deploy(&args, &mut || load_and_synth(&config, true)),
        Command::Diff { config, args } => deploy::diff(&args, &mut || load_and_synth(&config, true)),
        Command::Info { config } => deploy::info(&mut || load_and_synth(&config, true)),
        Command::Remove { config } => deploy::remove(&mut || load_and_synth(&config, true)),
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

/// Loads and synthesizes the config, printing located diagnostics on failure.
fn load_and_synth(config: &Config, enforce_limits: bool) -> Result<(Loaded, Template), ExitCode> {
    let mut loaded = load(config)?;
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
    let warnings = diagnostics.len() - errors;
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
    let text = match format {
        Format::Json => template.json().to_string(),
        Format::Yaml => yaml_out::to_yaml(template.as_json()),
    };
    match output {
        // `-o` writes the reference's bytes (its JSON has no trailing newline); stdout ends every
        // output in a newline, exactly like `Service::synth_to_stdout`.
        Some(path) => match std::fs::write(&path, text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                ExitCode::from(1)
            }
        },
        None => write_stdout(&with_newline(text)),
    }
}

/// `text`, ending in exactly one newline (unless empty).
fn with_newline(mut text: String) -> String {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

fn validate(config: &Config, format: DiagnosticFormat) -> ExitCode {
    let (diagnostics, source, at) = match load_quietly(config) {
        Ok(loaded) => (loaded.service.check(), loaded.source, None),
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
                let warnings = diagnostics.len();
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
