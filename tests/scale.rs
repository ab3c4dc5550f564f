//! Scale (issue 5, item 8): a service exactly at CloudFormation's 500-resource limit
//! synthesizes; one resource more fails with the counts; 100 capacity providers with 2000
//! functions synthesize with the limits check off, and peak heap memory stays bounded.
//!
//! Its own test binary: the counting allocator below measures this process's heap, so no other
//! test may run beside the measurement (the tests here run one after another under a lock).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use stackwright::*;

/// Counts live and peak heap bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static SERIAL: Mutex<()> = Mutex::new(());

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const SHA: &str = "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U=";

/// In-stack bucket and policy (2), execution role (1), one versioned function (function, log
/// group, version: 3) and 247 unversioned ones (2 each): 500 resources.
fn at_the_limit() -> Service {
    let mut svc = Service::new("at-limit");
    svc.build_time_millis(1_767_225_600_000);
    svc.provider().runtime(Runtime::Nodejs22x);
    svc.package_artifact(Artifact::with_sha256("dist/app.zip", SHA));
    svc.function("versioned", Function::handler("index.v"));
    for i in 0..247 {
        svc.function(format!("fn{i}"), Function::handler("index.h").version_function(false));
    }
    svc
}

#[test]
fn exactly_500_resources_synthesize_and_501_fail_with_the_counts() {
    let _serial = SERIAL.lock().unwrap();
    let t = at_the_limit().synth().unwrap_or_else(|d| panic!("500 resources must synthesize:\n{d}"));
    assert_eq!(t.resources().len(), 500);

    let mut over = at_the_limit();
    over.resources().resources.insert("OneMore".into(), serde_json::json!({"Type": "AWS::SNS::Topic"}));
    let d = over.synth().expect_err("501 resources");
    let e = d.find("TEMPLATE_TOO_MANY_RESOURCES").expect("the limit error");
    assert_eq!(e.message, "The template has 501 resources; CloudFormation allows at most 500 per stack.");
    assert_eq!(d.errors().count(), 1, "{d}");

    // With the limits off the same service synthesizes, the limit being a warning.
    over.enforce_limits(false);
    let t = over.synth().expect("limits off");
    assert!(t.warnings().find("TEMPLATE_TOO_MANY_RESOURCES").is_some());
}

#[test]
fn hundred_providers_and_2000_functions_synthesize_in_bounded_memory() {
    let _serial = SERIAL.lock().unwrap();
    let mut svc = Service::new("big-service");
    svc.build_time_millis(1_767_225_600_000);
    svc.enforce_limits(false);
    svc.provider().runtime(Runtime::Nodejs24x).vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
    svc.package_artifact(Artifact::with_sha256("dist/app.zip", SHA));
    let pools: Vec<CapacityProviderHandle> = (0..100)
        .map(|i| svc.capacity_provider(format!("pool{i}"), CapacityProvider::new().scaling(Scaling::auto())))
        .collect();
    for i in 0..2000 {
        let f = Function::handler(format!("index.h{i}")).capacity_provider(&pools[i % pools.len()]);
        // Half the functions unversioned, as in DECISIONS.md D5's ~4,200-resource service.
        svc.function(format!("fn{i}"), f.version_function(i % 2 == 0));
    }

    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let started = Instant::now();
    let t = svc.synth().unwrap_or_else(|d| panic!("{d}"));
    let elapsed = started.elapsed();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let resources = t.resources().len();
    let bytes = t.json().len();
    eprintln!(
        "scale: 100 capacity providers, 2000 functions: {resources} resources, {bytes} bytes of JSON, \
         peak heap {:.1} MB during synth, {elapsed:?} (this build's profile)",
        peak as f64 / 1e6
    );
    assert_eq!(t.resources().values().filter(|r| r["Type"] == "AWS::Lambda::CapacityProvider").count(), 100);
    assert_eq!(t.resources().values().filter(|r| r["Type"] == "AWS::Lambda::Function").count(), 2000);
    assert!(t.warnings().find("TEMPLATE_TOO_MANY_RESOURCES").is_some());
    // D5's budget is 40 MB for the whole process in release; the heap during synthesis must stay
    // within a small multiple of the output (a leak or a quadratic copy would blow through it).
    assert!(peak < 30 * bytes, "peak heap {peak} bytes for {bytes} bytes of template");
    assert!(peak < 120_000_000, "peak heap {peak} bytes");
}
