//! `sns` events: not implemented yet (rejected as not supported).

use serde_json::Value;

use super::EventType;
use crate::load::reader::Loader;

pub(crate) struct Sns;

impl EventType for Sns {
    fn name(&self) -> &'static str {
        "sns"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        super::not_supported_yet(l, "sns", v, path)
    }
}
