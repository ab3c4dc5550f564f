//! `stackwright package`: the code zips, the template that expects them and the upload
//! manifest, written together into one directory with one build timestamp. `stackwright deploy`
//! packages the same way before it uploads.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use stackwright_cli::Loaded;
use stackwright_core::package::{PackageOptions, Packaged, RustBuilder};

use super::{Config, load, print_diagnostics};

/// The output directory of `package`, and what `deploy` packages into.
pub(crate) const DEFAULT_DIR: &str = ".serverless";

#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    config: Config,
    /// The output directory (relative to the config file's directory).
    #[arg(short = 'o', long = "output", value_name = "DIR", default_value = DEFAULT_DIR)]
    output: PathBuf,
    #[command(flatten)]
    build: Build,
    /// Exceeding CloudFormation's limits (500 resources, 200 outputs, 1 MB, 60 dynamic references) is a warning, not an error.
    #[arg(long)]
    no_limits: bool,
}

/// How code is built: shared by `package` and `deploy`.
#[derive(clap::Args, Clone)]
pub(crate) struct Build {
    /// How Rust functions (cargo-lambda's target/lambda/<binary>/bootstrap.zip) are built.
    #[arg(long, value_enum, default_value_t = Builder::CargoLambda)]
    rust_builder: Builder,
    /// The --target of `--rust-builder cargo` (e.g. x86_64-unknown-linux-musl).
    #[arg(long, value_name = "TRIPLE")]
    cargo_target: Option<String>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Builder {
    /// cargo-lambda when installed, else the zip as it is.
    CargoLambda,
    /// cargo build --release, zipped as bootstrap.
    Cargo,
    /// Never build.
    Off,
}

pub(crate) fn run(args: Args) -> ExitCode {
    let mut loaded = match load(&args.config) {
        Ok(l) => l,
        Err(code) => return code,
    };
    loaded.service.enforce_limits(!args.no_limits);
    match package(&loaded, &args.output, &args.build) {
        Ok(packaged) => {
            for upload in &packaged.uploads {
                eprintln!("{}\t{} bytes\t{}", packaged.out_dir.join(&upload.file).display(), upload.size, upload.key);
            }
            eprintln!("packaged into {}", packaged.out_dir.display());
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

/// Builds the zips and writes the package into `output` (relative to the config's directory),
/// printing the warnings, or every error (exit 2).
pub(crate) fn package(loaded: &Loaded, output: &Path, build: &Build) -> Result<Packaged, ExitCode> {
    let rust_builder = match build.rust_builder {
        Builder::CargoLambda => RustBuilder::CargoLambda,
        Builder::Cargo => RustBuilder::Cargo { target: build.cargo_target.clone() },
        Builder::Off => RustBuilder::Off,
    };
    let mut options = PackageOptions::new(output).rust_builder(rust_builder);
    if let Some(name) = Path::new(&loaded.source.name).file_name() {
        options = options.config_file(name.to_string_lossy());
    }
    match loaded.service.package(&options) {
        Ok(packaged) => {
            print_diagnostics(packaged.template.warnings(), &loaded.source, None);
            Ok(packaged)
        }
        Err(diagnostics) => {
            print_diagnostics(&diagnostics, &loaded.source, None);
            Err(ExitCode::from(2))
        }
    }
}
