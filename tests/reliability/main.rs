//! Reliability suite (issue 5): property tests over generated services, the mutation property,
//! the cfn-lint gate, the fuzz replay, injection/escaping, least-privilege IAM and the rules
//! cfn-lint misses. One test binary, so the suite links once and its tests share the two cores.
//!
//! Knobs (all optional): `PROPTEST_CASES` (cases per property), `STACKWRIGHT_SEED` (base seed of
//! every generator), `STACKWRIGHT_LINT_SAMPLES` (generated templates linted, default 200),
//! `STACKWRIGHT_LINT_EVERY_EVENT` (generated templates with every event type linted, default 12),
//! `STACKWRIGHT_FUZZ_ITERATIONS` (fuzz-replay mutations, default 100 000),
//! `STACKWRIGHT_IAM_SAMPLES` (generated templates IAM-checked, default 200), `CFN_LINT` (path of
//! the cfn-lint executable).

mod cfn_lint;
mod checks;
#[path = "../support/conformance.rs"]
mod conformance_suite;
mod examples;
#[path = "../support/fuzz.rs"]
mod fuzz;
mod fuzz_replay;
mod generate;
mod generate_events;
mod iam;
mod injection;
mod missed_rules;
mod mutation;
mod properties;

pub use fuzz::base_seed;

/// `name` from the environment as a number, else `default`.
pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|s| s.parse().ok()).unwrap_or(default)
}

/// A proptest runner with a fixed seed (deterministic CI) and `PROPTEST_CASES` honoured.
pub fn runner(default_cases: u32) -> proptest::test_runner::TestRunner {
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let cases = env_usize("PROPTEST_CASES", default_cases as usize) as u32;
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let mut seed = [0u8; 32];
    seed[..8].copy_from_slice(&base_seed().to_le_bytes());
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed))
}
