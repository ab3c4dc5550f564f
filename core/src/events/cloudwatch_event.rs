//! `cloudwatchEvent` events: not implemented yet (rejected as not supported).

use serde_json::Value;

use super::EventType;
use crate::load::reader::Loader;

pub(crate) struct CloudwatchEvent;

impl EventType for CloudwatchEvent {
    fn name(&self) -> &'static str {
        "cloudwatchEvent"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        super::not_supported_yet(l, "cloudwatchEvent", v, path)
    }
}
