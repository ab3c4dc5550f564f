//! One insta snapshot per example template, so a change in synthesis shows up as a reviewable diff
//! of every example's output.

#[path = "../examples/api.rs"]
mod api;
#[path = "../examples/defining.rs"]
mod defining;
#[path = "../examples/external.rs"]
mod external;
#[path = "../examples/full.rs"]
mod full;
#[path = "../examples/multiple.rs"]
mod multiple;
#[path = "../examples/versions_off.rs"]
mod versions_off;
#[path = "../examples/vpc_override.rs"]
mod vpc_override;

#[test]
fn example_templates() {
    // SAFETY: this is the only test in this binary, so no other thread reads or writes the
    // environment concurrently. The S3 keys embed the build time, which must be fixed.
    unsafe { std::env::set_var("SOURCE_DATE_EPOCH", "1767225600") };

    let examples = [
        ("api", api::service()),
        ("defining", defining::service()),
        ("external", external::service()),
        ("full", full::service()),
        ("multiple", multiple::service()),
        ("versions_off", versions_off::service()),
        ("vpc_override", vpc_override::service()),
    ];
    for (name, service) in examples {
        let template = service.synth().unwrap_or_else(|d| panic!("example {name} does not synthesize:\n{d}"));
        insta::assert_snapshot!(name, template.to_json_pretty());
    }
}
