//! `alb` events: not implemented yet (rejected as not supported).

use serde_json::Value;

use super::EventType;
use crate::load::reader::Loader;

pub(crate) struct Alb;

impl EventType for Alb {
    fn name(&self) -> &'static str {
        "alb"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        super::not_supported_yet(l, "alb", v, path)
    }
}
