//! Synthesizes a serverless.json file (serverless.yml converted to JSON) into a template.
//!
//! ```sh
//! cargo run --example synth -- [--no-limits] path/to/serverless.json > template.json
//! cargo run --example synth -- --uploads path/to/serverless.json   # what to upload where
//! ```
//!
//! Exit codes: 0 success, 1 usage error, 2 invalid service.

use std::process::ExitCode;

use stackwright::*;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1).peekable();
    let (mut enforce_limits, mut uploads) = (true, false);
    while let Some(flag) = args.next_if(|a| a.starts_with("--")) {
        match flag.as_str() {
            // Big generated services may exceed CloudFormation's limits on purpose (benchmarks).
            "--no-limits" => enforce_limits = false,
            "--uploads" => uploads = true,
            _ => return usage(),
        }
    }
    let (Some(path), None) = (args.next(), args.next()) else { return usage() };

    let mut service = match Service::from_json_file(&path) {
        Ok(service) => service,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return ExitCode::from(2);
        }
    };
    service.enforce_limits(enforce_limits);
    if !uploads {
        return service.synth_to_stdout();
    }
    match service.synth() {
        Ok(template) => {
            for upload in template.uploads() {
                println!("{}\t{}", upload.local_path.display(), upload.s3_url());
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            ExitCode::from(2)
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: synth [--no-limits] [--uploads] <serverless.json>");
    ExitCode::from(1)
}
