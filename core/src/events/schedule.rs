//! `schedule` events: not implemented yet (rejected as not supported).

use serde_json::Value;

use super::EventType;
use crate::load::reader::Loader;

pub(crate) struct Schedule;

impl EventType for Schedule {
    fn name(&self) -> &'static str {
        "schedule"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        super::not_supported_yet(l, "schedule", v, path)
    }
}
