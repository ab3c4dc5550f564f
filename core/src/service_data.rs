//! [`ServiceData`]: what validation and synthesis take, whatever the service's brand. It lives
//! apart from the façade ([`crate::Service`]) so that load → validate → synth never import back
//! up into it.

use std::path::PathBuf;

use crate::diagnostics::Diagnostics;
use crate::model::ServiceConfig;

/// A service whatever its brand: the model plus the settings synthesis needs. Validation and
/// synthesis take this, so they are compiled once, not once per brand.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ServiceData {
    pub(crate) config: ServiceConfig,
    pub(crate) base_dir: Option<PathBuf>,
    pub(crate) build_time_millis: Option<u64>,
    pub(crate) enforce_limits: bool,
    /// The loader's findings, reported by [`Service::check`] and [`Service::synth`] with the
    /// rules': its warnings (legacy spellings), and the loading errors of a tree built by
    /// `service!` from run-time values, since the macro must still return a `Service`.
    pub(crate) deferred: Diagnostics,
    /// How keys the reference's schema does not know are reported, also where the rules find
    /// them (see [`KeyMode`](crate::load::KeyMode)).
    pub(crate) key_mode: crate::load::KeyMode,
    /// Where the parts serverless-lift added were written (its queues' workers), and the values
    /// the schema's coercion made lists of one (`layers[0]` was written `layers`).
    pub(crate) origins: crate::plugins::Origins,
    /// Zips packaging built in memory that the template names but that are not written yet
    /// (layer zips: their hash needs the bytes, not only their SHA-256).
    pub(crate) built_zips: crate::artifact::BuiltZips,
}

impl ServiceData {
    /// `diagnostics` with the unknown keys reported as this service's input asks (see
    /// [`ServiceData::key_mode`]).
    pub(crate) fn with_key_severity(&self, diagnostics: Diagnostics) -> Diagnostics {
        self.key_mode.apply(diagnostics)
    }

    /// Loading and rule diagnostics as every entry point reports them (`validate`, loading,
    /// packaging; synthesis reports its own the same way): [`ServiceData::with_key_severity`],
    /// at the places the user wrote (see [`ServiceData::origins`]).
    pub(crate) fn reported(&self, diagnostics: Diagnostics) -> Diagnostics {
        crate::plugins::as_written(self.with_key_severity(diagnostics), &self.origins)
    }
}
