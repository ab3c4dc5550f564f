//! `msk` events: not implemented yet (rejected as not supported).

use serde_json::Value;

use super::EventType;
use crate::load::reader::Loader;

pub(crate) struct Msk;

impl EventType for Msk {
    fn name(&self) -> &'static str {
        "msk"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        super::not_supported_yet(l, "msk", v, path)
    }
}
