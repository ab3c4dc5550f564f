//! Events benchmarks (divan; DECISIONS.md D5/D8): the generated service of `benches/generate.rs`
//! with an httpApi route and an SQS event on every function (typed builders) and two IAM
//! statements, at 1/1, 20/200 and 100/2000 capacity providers / functions: building the model
//! (which loads every event), validation, and synthesis. The whole-process budget (under 100 ms
//! for 100/2000) is measured by `benches/events-whole-process.sh`.
//!
//! ```sh
//! cargo bench --bench events
//! ```

mod generate;

use divan::Bencher;
use stackwright::*;

const SIZES: &[(usize, usize)] = &[(1, 1), (20, 200), (100, 2000)];

fn main() {
    // SAFETY: set before any benchmark thread starts; synthesis reads the build time once per run.
    unsafe { std::env::set_var("SOURCE_DATE_EPOCH", "1767225600") };
    divan::main();
}

/// The generated service, every function with `GET /fn<i>` and the SQS queue `queue-<i>`.
fn service((providers, functions): (usize, usize)) -> Service {
    let mut svc = generate::service(providers, functions);
    svc.enforce_limits(false);
    with_events(&mut svc);
    svc
}

fn with_events(svc: &mut Service) {
    svc.iam()
        .allow(["dynamodb:GetItem", "dynamodb:PutItem"], ["arn:aws:dynamodb:us-east-1:123456789012:table/bench"])
        .allow(["sqs:SendMessage"], ["arn:aws:sqs:us-east-1:123456789012:bench-out"]);
    let functions: Vec<(String, Function)> =
        svc.config().functions.iter().map(|(k, f)| (k.clone(), f.clone())).collect();
    for (i, (key, f)) in functions.into_iter().enumerate() {
        let f = f
            .event(Event::http_api(Method::Get, format!("/fn{i}")))
            .event(Event::sqs(format!("arn:aws:sqs:us-east-1:123456789012:queue-{i}")).batch_size(10));
        svc.function(key, f);
    }
}

#[divan::bench(args = SIZES)]
fn build_model(size: (usize, usize)) -> Service {
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
fn end_to_end(size: (usize, usize)) -> String {
    service(size).synth().expect("valid").json().to_owned()
}
