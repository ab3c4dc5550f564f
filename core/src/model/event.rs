//! [`Event`]: one entry of `functions.<name>.events`, kept as the JSON the user wrote. What each
//! event type means (its loader, rules and resources) lives in `crate::events`.

use serde::Serialize;
use serde_json::Value;

/// One entry of `functions.<name>.events`: its type and its settings as written.
///
/// ```
/// use stackwright_core::events::Event;
/// let e = Event::new("sqs", serde_json::json!({"arn": "arn:aws:sqs:us-east-1:123456789012:jobs", "batchSize": 10}));
/// assert_eq!(e.kind, "sqs");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The event type as written in serverless.yml (`sqs`, `httpApi`, ...); empty for an event
    /// whose settings could not be used (reported when loading), which keeps its place so that
    /// the diagnostics of the events after it name their own index.
    pub kind: String,
    /// Its settings (a string or an object, depending on the type).
    pub config: Value,
}

impl Event {
    /// An event of type `kind` with `config` as its settings.
    pub fn new(kind: impl Into<String>, config: Value) -> Self {
        Event { kind: kind.into(), config }
    }
}

impl Serialize for Event {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry(&self.kind, &self.config)?;
        map.end()
    }
}
