//! Synthesis benchmarks (divan): model building, validation, synthesis and JSON output, separately
//! and end to end, at 1/1, 20/200 and 100/2000 capacity providers / functions.
//!
//! ```sh
//! cargo bench --bench synth
//! ```

mod generate;

use divan::Bencher;

/// (capacity providers, functions); the largest exceeds CloudFormation's limits, which are off.
const SIZES: &[(usize, usize)] = &[(1, 1), (20, 200), (100, 2000)];

fn main() {
    // Synthesis reads the build time once per run; a fixed one keeps the output identical.
    // SAFETY: set before any benchmark thread starts.
    unsafe { std::env::set_var("SOURCE_DATE_EPOCH", "1767225600") };
    divan::main();
}

fn service((providers, functions): (usize, usize)) -> stackwright::Service {
    let mut svc = generate::service(providers, functions);
    svc.enforce_limits(false);
    svc
}

#[divan::bench(args = SIZES)]
fn build_model(size: (usize, usize)) -> stackwright::Service {
    service(size)
}

#[divan::bench(args = SIZES)]
fn validate(bencher: Bencher, size: (usize, usize)) {
    let svc = service(size);
    bencher.bench_local(|| svc.validate());
}

#[divan::bench(args = SIZES)]
fn synthesize(bencher: Bencher, size: (usize, usize)) {
    let svc = service(size);
    bencher.bench_local(|| svc.synth().expect("valid"));
}

#[divan::bench(args = SIZES)]
fn serialize_json(bencher: Bencher, size: (usize, usize)) {
    let template = service(size).synth().expect("valid");
    bencher.bench_local(|| stackwright::json::to_pretty_string(template.as_json()));
}

#[divan::bench(args = SIZES)]
fn end_to_end(size: (usize, usize)) -> String {
    service(size).synth().expect("valid").json().to_owned()
}

#[divan::bench(args = SIZES)]
fn load_json(bencher: Bencher, size: (usize, usize)) {
    let svc = service(size);
    let text = serde_json::to_string(svc.config()).expect("serializes");
    bencher.bench_local(|| stackwright::Service::from_json_str(&text).expect("valid"));
}
