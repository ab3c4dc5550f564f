//! The `deploy`, `diff`, `info` and `remove` subcommands: arguments and their runs. `main.rs`
//! loads (and for `deploy` packages) the config, printing its diagnostics, and hands the result
//! or a closure that makes it to these.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::Value;
use stackwright_core::Template;

use super::{DeployError, DeployOptions, Deployer, diff, progress, stack_name};
use crate::Loaded;

/// Exit code of `diff` when the templates differ (0: identical, 1: I/O or AWS error, 2: config errors).
pub const DIFFERENCES: u8 = 3;

/// `stackwright deploy`'s own options.
#[derive(clap::Args, Debug, Clone)]
pub struct DeployArgs {
    /// Create the change set and show it, but do not execute it.
    #[arg(long)]
    pub no_execute: bool,
    /// Deploy this package directory as it is (written by `stackwright package`) instead of
    /// packaging first, like `serverless deploy --package DIR`.
    #[arg(short = 'p', long, value_name = "DIR")]
    pub package: Option<PathBuf>,
}

/// `stackwright diff`'s own options.
#[derive(clap::Args, Debug, Clone)]
pub struct DiffArgs {
    /// Compare against this template file (offline) instead of the deployed stack.
    #[arg(long, value_name = "FILE")]
    pub against: Option<PathBuf>,
    /// The new template: this file instead of synthesizing the config.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
}

/// The loaded config and its template, or the exit code after its diagnostics were printed.
pub type Synth<'a> = &'a mut dyn FnMut() -> Result<(Loaded, Template), ExitCode>;

/// The loaded config, or the exit code after its diagnostics were printed.
pub type Load<'a> = &'a mut dyn FnMut() -> Result<Loaded, ExitCode>;

fn runtime() -> Result<tokio::runtime::Runtime, ExitCode> {
    tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| {
        eprintln!("error: cannot start the async runtime: {e}");
        ExitCode::from(1)
    })
}

fn fail(e: &DeployError) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(1)
}

fn region(loaded: &Loaded) -> Option<String> {
    loaded.service.config().provider.region.clone()
}

fn print(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(1),
    }
}

fn outputs_text(outputs: &[(String, String)]) -> String {
    let mut text = String::new();
    if !outputs.is_empty() {
        text.push_str("Outputs:\n");
        for (k, v) in outputs {
            text.push_str(&format!("  {k}: {v}\n"));
        }
    }
    text
}

/// `stackwright deploy` of a loaded service whose functions' artifacts are its packaged zips
/// (see [`Service::use_packaged`](stackwright_core::Service::use_packaged)): see
/// [`Deployer::deploy_service`]. Progress goes to stderr, the summary and outputs to stdout.
pub fn deploy(args: &DeployArgs, loaded: Loaded) -> ExitCode {
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let stack = stack_name(&loaded);
    let options = DeployOptions { execute: !args.no_execute, ..DeployOptions::default() };
    let mut reporter = progress::for_stderr();
    let result = rt.block_on(async {
        let deployer = Deployer::connect(region(&loaded).as_deref()).await;
        deployer.deploy_service(&loaded.service, &stack, &options, reporter.as_mut()).await
    });
    match result {
        Ok(outcome) => {
            let mut text = format!(
                "Stack {stack}: {} uploaded, {} already uploaded; ",
                outcome.uploaded.len(),
                outcome.skipped.len()
            );
            text.push_str(&match (&outcome.change_set, outcome.changes.len()) {
                (_, 0) => "no changes\n".to_string(),
                (Some(name), n) => format!("{n} change(s) in change set {name}, not executed\n"),
                (None, n) => format!("{n} change(s) deployed\n"),
            });
            text.push_str(&outputs_text(&outcome.outputs));
            print(&text)
        }
        Err(e) => fail(&e),
    }
}

fn read_template(path: &PathBuf) -> Result<Value, ExitCode> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        eprintln!("error: cannot read {}: {e}", path.display());
        ExitCode::from(1)
    })?;
    serde_json::from_str(&text).map_err(|e| {
        eprintln!("error: {} is not a JSON template: {e}", path.display());
        ExitCode::from(1)
    })
}

/// `stackwright diff`: exit 0 without differences, [`DIFFERENCES`] with.
pub fn diff(args: &DiffArgs, synth: Synth<'_>) -> ExitCode {
    let (new, loaded) = match (&args.template, &args.against) {
        // Both files given: no config is needed at all.
        (Some(path), Some(_)) => match read_template(path) {
            Ok(t) => (t, None),
            Err(code) => return code,
        },
        (template, _) => {
            let (loaded, synthesized) = match synth() {
                Ok(done) => done,
                Err(code) => return code,
            };
            let new = match template {
                Some(path) => match read_template(path) {
                    Ok(t) => t,
                    Err(code) => return code,
                },
                None => synthesized.as_json().clone(),
            };
            (new, Some(loaded))
        }
    };
    let old = match (&args.against, &loaded) {
        (Some(path), _) => match read_template(path) {
            Ok(t) => t,
            Err(code) => return code,
        },
        (None, Some(loaded)) => {
            let rt = match runtime() {
                Ok(rt) => rt,
                Err(code) => return code,
            };
            let stack = stack_name(loaded);
            let deployed = rt
                .block_on(async { Deployer::connect(region(loaded).as_deref()).await.deployed_template(&stack).await });
            match deployed {
                Ok(Some(t)) => t,
                Ok(None) => {
                    eprintln!("Stack {stack} does not exist: everything is new");
                    serde_json::json!({})
                }
                Err(e) => return fail(&e),
            }
        }
        (None, None) => unreachable!("a config is loaded unless --against is given"),
    };
    // Without a pinned build time the fresh artifact directory would show as a change of every
    // S3Key: compare with the old template's directory, as deploy does before deciding.
    let mut new = new;
    if let (None, Some(loaded), None) = (&args.template, &loaded, std::env::var_os("SOURCE_DATE_EPOCH"))
        && let Some(millis) = super::stack::artifact_millis(&old)
    {
        let mut service = loaded.service.clone();
        service.build_time_millis(millis);
        if let Ok(template) = service.synth() {
            new = template.as_json().clone();
        }
    }
    let d = diff::diff(&old, &new);
    if print(&d.render()) != ExitCode::SUCCESS {
        return ExitCode::from(1);
    }
    if d.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(DIFFERENCES) }
}

/// `stackwright info`: status, endpoints, functions and outputs of the deployed stack.
pub fn info(load: Load<'_>) -> ExitCode {
    let (loaded, rt) = match load().and_then(|loaded| Ok((loaded, runtime()?))) {
        Ok(both) => both,
        Err(code) => return code,
    };
    let stack = stack_name(&loaded);
    let info = rt.block_on(async { Deployer::connect(region(&loaded).as_deref()).await.info(&stack).await });
    let info = match info {
        Ok(info) => info,
        Err(e) => return fail(&e),
    };
    let mut text = format!("stack: {}\nstatus: {}\n", info.stack, info.status);
    if let Some(reason) = &info.reason {
        text.push_str(&format!("reason: {reason}\n"));
    }
    let endpoints: Vec<_> = info.endpoints().collect();
    if !endpoints.is_empty() {
        text.push_str("endpoints:\n");
        for (k, v) in endpoints {
            text.push_str(&format!("  {k}: {v}\n"));
        }
    }
    text.push_str("functions:\n");
    for (logical, name) in info.functions() {
        text.push_str(&format!("  {logical}: {name}\n"));
    }
    text.push_str(&outputs_text(&info.outputs));
    print(&text)
}

/// `stackwright remove`: empties the deployment bucket, deletes the stack and waits.
pub fn remove(load: Load<'_>) -> ExitCode {
    let (loaded, rt) = match load().and_then(|loaded| Ok((loaded, runtime()?))) {
        Ok(both) => both,
        Err(code) => return code,
    };
    let stack = stack_name(&loaded);
    let mut reporter = progress::for_stderr();
    let result = rt.block_on(async {
        let deployer = Deployer::connect(region(&loaded).as_deref()).await;
        let role_arn = super::cloudformation_role(&loaded.service)?;
        deployer.remove(&stack, &DeployOptions { role_arn, ..DeployOptions::default() }, reporter.as_mut()).await
    });
    match result {
        Ok(()) => print(&format!("Stack {stack} removed\n")),
        Err(e) => fail(&e),
    }
}
