//! Fuzzes the JSON loader and, when a config loads, synthesis: no input may panic, hang or
//! overflow the stack. Artifacts get a fixed hash so no file is read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stackwright::{Artifact, Service};

const SHA: &str = "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U=";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(mut svc) = Service::from_json_str(text) else { return };
    if let Some(a) = &mut svc.config_mut().package.artifact {
        *a = Artifact::with_sha256(a.path.clone(), SHA);
    }
    for f in svc.config_mut().functions.values_mut() {
        if let Some(a) = &mut f.package.artifact {
            *a = Artifact::with_sha256(a.path.clone(), SHA);
        }
    }
    svc.build_time_millis(1_767_225_600_000);
    let _ = svc.synth();
});
