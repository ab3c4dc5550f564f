//! `s3` events: not implemented yet (rejected as not supported).

use serde_json::Value;

use super::EventType;
use crate::load::reader::Loader;

pub(crate) struct S3;

impl EventType for S3 {
    fn name(&self) -> &'static str {
        "s3"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        super::not_supported_yet(l, "s3", v, path)
    }
}
