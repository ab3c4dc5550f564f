//! Structured diagnostics: every rule violation is a [`Diagnostic`] with a stable code, the config
//! path it concerns, a message and a help text. [`Diagnostics`] collects all of them at once.

use std::fmt;

/// How serious a [`Diagnostic`] is.
///
/// ```
/// use stackwright_core::Severity;
/// assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Note);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Information with nothing to fix (a build-time plugin stackwright leaves out); printed like
    /// a warning, not counted as one.
    Note,
    /// Never fatal: returned with the template and printed on stderr by binaries.
    Warning,
    /// Synthesis fails.
    Error,
}

impl Severity {
    /// `"error"`, `"warning"` or `"note"`, as diagnostics print it.
    ///
    /// ```
    /// assert_eq!(stackwright_core::Severity::Warning.as_str(), "warning");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One finding about a service configuration.
///
/// ```
/// use stackwright_core::{Diagnostic, Severity};
/// let d = Diagnostic::error("SOME_CODE", "functions.api.memorySize", "too small");
/// assert_eq!(d.severity, Severity::Error);
/// assert_eq!(d.to_string(), "error[SOME_CODE] functions.api.memorySize: too small");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable rule code, e.g. `LAMBDA_CAPACITY_PROVIDER_MISSING_VPC`.
    pub code: &'static str,
    /// Config path in serverless.yml terms, e.g. `provider.capacityProviders.highMem.scaling`.
    pub path: String,
    /// What is wrong (for reference rules: the reference's exact message text).
    pub message: String,
    /// What to do about it; may be empty.
    pub help: String,
}

impl Diagnostic {
    /// A new error diagnostic without help text.
    pub fn error(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, code, path: path.into(), message: message.into(), help: String::new() }
    }

    /// A new warning diagnostic without help text.
    pub fn warning(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, path, message) }
    }

    /// A new note (nothing to fix) without help text.
    ///
    /// ```
    /// # use stackwright_core::{Diagnostic, Severity};
    /// assert_eq!(Diagnostic::note("X", "plugins[0]", "m").severity, Severity::Note);
    /// ```
    pub fn note(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Note, ..Diagnostic::error(code, path, message) }
    }

    /// Adds a help text.
    ///
    /// ```
    /// # use stackwright_core::Diagnostic;
    /// let d = Diagnostic::error("X", "a", "m").with_help("do this");
    /// assert_eq!(d.help, "do this");
    /// ```
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }

    /// True for [`Severity::Error`].
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}] ", self.severity.as_str(), self.code)?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)?;
        if !self.help.is_empty() {
            write!(f, "\n  help: {}", self.help)?;
        }
        Ok(())
    }
}

/// All diagnostics of one load, validation or synthesis, in the order they were found.
///
/// ```
/// use stackwright_core::{Diagnostic, Diagnostics};
/// let mut all = Diagnostics::new();
/// all.push(Diagnostic::warning("W", "provider", "just so you know"));
/// assert!(!all.has_errors());
/// all.push(Diagnostic::error("E", "functions.api", "broken"));
/// assert!(all.has_errors());
/// assert_eq!(all.errors().count(), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds every diagnostic of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// True when at least one diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// Every diagnostic, errors and warnings, in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The first diagnostic with this code, if any.
    pub fn find(&self, code: &str) -> Option<&Diagnostic> {
        self.items.iter().find(|d| d.code == code)
    }

    /// Splits into `Err(self)` when there is an error, else `Ok(warnings)`.
    pub fn into_result(self) -> Result<Diagnostics, Diagnostics> {
        if self.has_errors() { Err(self) } else { Ok(self) }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.items.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        let errors = self.errors().count();
        let warnings = self.warnings().count();
        if !self.items.is_empty() {
            write!(f, "\n{errors} error(s), {warnings} warning(s)")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Returns the candidate closest to `input` (by edit distance), if it is close enough to be a
/// plausible typo. Used for every "did you mean" suggestion.
///
/// ```
/// use stackwright_core::diagnostics::did_you_mean;
/// assert_eq!(did_you_mean("higMem", ["highMem", "lowMem"]), Some("highMem"));
/// assert_eq!(did_you_mean("zzz", ["highMem"]), None);
/// ```
pub fn did_you_mean<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input_lower = input.to_lowercase();
    let input_len = input.chars().count();
    candidates
        .into_iter()
        .filter_map(|c| {
            let len = c.chars().count();
            let limit = (len.max(input_len) / 3).max(1);
            // The distance is at least the difference in length: a long input (a fuzzer's, or a
            // pasted value) is not compared with every short name, which would be quadratic.
            if len.abs_diff(input_len) > limit {
                return None;
            }
            let d = edit_distance(&input_lower, &c.to_lowercase());
            (d <= limit).then_some((d, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `a`, `a and b`, `a, b and c`: the items of a message's list.
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Keys the reference's schema does not know, in a file: the reference only warns about them with
/// its default `configValidationMode: warn` and ignores them, and real services carry such keys
/// (settings of earlier versions or of plugins, misplaced ones) while the template does not depend
/// on them. So stackwright warns too, saying what it ignored and what the place accepts.
pub(crate) fn unknown_keys_as_warnings(diagnostics: Diagnostics) -> Diagnostics {
    let mut out = Diagnostics::new();
    for mut d in diagnostics {
        if d.code == crate::codes::CONFIG_UNKNOWN_KEY && d.is_error() {
            d.severity = Severity::Warning;
            d.help = format!(
                "stackwright ignores it, as Serverless Framework does unless `configValidationMode: error`; {}",
                d.help
            );
        }
        out.push(d);
    }
    out
}
