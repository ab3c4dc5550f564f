//! Writes a generated service as serverless.json, for whole-process benchmarks of `synth`.
//!
//! ```sh
//! cargo run --release --example generate -- 100 2000 > /tmp/100x2000.json
//! cargo run --release --example synth -- --no-limits /tmp/100x2000.json > /dev/null
//! ```

#[path = "../benches/generate.rs"]
mod generate;

fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let (Some(Ok(providers)), Some(Ok(functions)), None) = (args.next(), args.next(), args.next()) else {
        eprintln!("usage: generate <capacity providers> <functions>");
        return std::process::ExitCode::from(1);
    };
    let svc = generate::service(providers, functions);
    // The artifact's hash is given in code; the file itself is the shipped example zip.
    let mut config = serde_json::to_value(svc.config()).expect("the model serializes");
    config["package"]["artifact"] =
        serde_json::Value::String(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/artifacts/artifact.zip").into());
    println!("{}", serde_json::to_string_pretty(&config).expect("json"));
    std::process::ExitCode::SUCCESS
}
