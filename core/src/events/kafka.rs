//! `kafka` events: not implemented yet (rejected as not supported).

use serde_json::Value;

use super::EventType;
use crate::load::reader::Loader;

pub(crate) struct Kafka;

impl EventType for Kafka {
    fn name(&self) -> &'static str {
        "kafka"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        super::not_supported_yet(l, "kafka", v, path)
    }
}
