//! Synthesizes a serverless.json file (serverless.yml converted to JSON) into a template.
//!
//! ```sh
//! cargo run --example synth -- [--no-limits] path/to/serverless.json > template.json
//! ```
//!
//! Exit codes: 0 template printed, 1 usage error, 2 invalid service.

use stackwright::*;

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    // Big generated services may exceed CloudFormation's limits on purpose (e.g. nested stacks later).
    let enforce_limits = args.next_if(|a| a == "--no-limits").is_none();
    let Some(path) = args.next() else {
        eprintln!("usage: synth [--no-limits] <serverless.json>");
        std::process::exit(1);
    };

    // Loading reports every problem at once, as synthesis does.
    let result = Service::from_json_file(&path).and_then(|mut svc| svc.enforce_limits(enforce_limits).synth());
    match result {
        Ok(template) => {
            for warning in template.warnings() {
                eprintln!("{warning}");
            }
            println!("{}", template.to_json_pretty());
        }
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            std::process::exit(2);
        }
    }
}
