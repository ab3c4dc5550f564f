//! `stackwright package`: the code zips, the template that expects them and the upload
//! manifest, written together into one directory with one build timestamp.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use stackwright_core::package::{PackageOptions, RustBuilder};

use super::{Config, load, print_diagnostics};

#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    config: Config,
    /// The output directory (relative to the config file's directory).
    #[arg(short = 'o', long = "output", value_name = "DIR", default_value = ".serverless")]
    output: PathBuf,
    /// How Rust functions (cargo-lambda's target/lambda/<binary>/bootstrap.zip) are built.
    #[arg(long, value_enum, default_value_t = Builder::CargoLambda)]
    rust_builder: Builder,
    /// The --target of `--rust-builder cargo` (e.g. x86_64-unknown-linux-musl).
    #[arg(long, value_name = "TRIPLE")]
    cargo_target: Option<String>,
    /// Exceeding CloudFormation's limits (500 resources, 200 outputs, 1 MB) is a warning, not an error.
    #[arg(long)]
    no_limits: bool,
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
    let rust_builder = match args.rust_builder {
        Builder::CargoLambda => RustBuilder::CargoLambda,
        Builder::Cargo => RustBuilder::Cargo { target: args.cargo_target },
        Builder::Off => RustBuilder::Off,
    };
    let mut options = PackageOptions::new(&args.output).rust_builder(rust_builder);
    if let Some(name) = Path::new(&loaded.source.name).file_name() {
        options = options.config_file(name.to_string_lossy());
    }
    match loaded.service.package(&options) {
        Ok(packaged) => {
            print_diagnostics(packaged.template.warnings(), &loaded.source, None);
            for upload in &packaged.uploads {
                eprintln!("{}\t{} bytes\t{}", packaged.out_dir.join(&upload.file).display(), upload.size, upload.key);
            }
            eprintln!("packaged into {}", packaged.out_dir.display());
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            print_diagnostics(&diagnostics, &loaded.source, None);
            ExitCode::from(2)
        }
    }
}
