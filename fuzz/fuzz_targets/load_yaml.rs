//! Fuzzes the YAML loader of the `stackwright` command (parsing, short tags, anchors, variables,
//! `Service::from_value`) and, when a config loads, `check()`: no input may panic, hang or
//! overflow the stack. Bytes that are not UTF-8 are converted lossily, as a `&str` API sees them;
//! `check()` reads no artifact file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stackwright_cli::{load_str, vars::Options};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let options = Options { stage: Some("dev".into()), ..Options::default() };
    let env = |name: &str| (name == "STACKWRIGHT_FUZZ").then(|| "value".to_string());
    if let Ok(loaded) = load_str("serverless.yml", &text, &options, &env) {
        let _ = loaded.service.check();
    }
});
