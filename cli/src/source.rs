//! Where each config path sits in the file, and rustc-style rendering of diagnostics with it.

use std::collections::HashMap;

use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
use stackwright_core::codes;
use stackwright_core::{Diagnostic, Severity};

/// A position in the config file: 1-based line and column (in characters), and the length of the
/// token there (for the caret line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Loc {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// Characters to underline (at least 1).
    pub len: usize,
}

/// Config path (`functions.api.memorySize`, `provider.capacityProviders.x.scaling.policies[0]`) →
/// where its value, and its key, are written.
///
/// ```
/// use stackwright_cli::source::{Loc, SourceMap};
/// let mut map = SourceMap::default();
/// map.insert_value("functions.api", Loc { line: 3, col: 5, len: 1 });
/// // A path under a recorded one falls back to the closest recorded ancestor.
/// assert_eq!(map.locate("functions.api.handler", "CONFIG_MISSING_KEY").unwrap().line, 3);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceMap {
    values: HashMap<String, Loc>,
    keys: HashMap<String, Loc>,
}

impl SourceMap {
    /// Records where the value at `path` starts.
    pub fn insert_value(&mut self, path: &str, loc: Loc) {
        self.values.insert(path.to_string(), loc);
    }

    /// Records where the key of `path` is written.
    pub fn insert_key(&mut self, path: &str, loc: Loc) {
        self.keys.insert(path.to_string(), loc);
    }

    /// Where the key of exactly `path` is written.
    pub fn key(&self, path: &str) -> Option<Loc> {
        self.keys.get(path).copied()
    }

    /// Where the value at exactly `path` is written.
    pub fn value(&self, path: &str) -> Option<Loc> {
        self.values.get(path).copied()
    }

    /// The best location for a diagnostic with `code` about `path`: the key for unknown and
    /// unsupported keys, else the value; else the closest ancestor that is in the file (a missing
    /// key is reported where its parent is).
    pub fn locate(&self, path: &str, code: &str) -> Option<Loc> {
        let prefer_key = code == codes::CONFIG_UNKNOWN_KEY || code == codes::CONFIG_UNSUPPORTED_KEY;
        let mut path = path;
        let mut exact = true;
        loop {
            // An ancestor is shown at its key: a block mapping's value starts at its first child's
            // key, which would point at an unrelated line.
            let found = if prefer_key || !exact {
                self.keys.get(path).or_else(|| self.values.get(path))
            } else {
                self.values.get(path).or_else(|| self.keys.get(path))
            };
            if let Some(loc) = found {
                return Some(*loc);
            }
            if path.is_empty() {
                return None;
            }
            path = parent(path);
            exact = false;
        }
    }
}

/// `a.b[0]` → `a.b` → `a` → ``.
fn parent(path: &str) -> &str {
    if path.ends_with(']')
        && let Some(i) = path.rfind('[')
    {
        return &path[..i];
    }
    path.rfind('.').map_or("", |i| &path[..i])
}

/// Characters of a line shown past the underlined token, at most: more than any terminal is wide.
const TAIL: usize = 240;

/// A loaded config file: its name as the user wrote it, its text, and the path → position map.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Source {
    /// The file name to show (`serverless.yml`, `services/api/serverless.yml`).
    pub name: String,
    /// The file's text.
    pub text: String,
    /// Positions of config paths.
    pub map: SourceMap,
}

impl Source {
    /// Renders one diagnostic the way rustc does, without colours: header, `--> file:line:col`,
    /// the line with a caret under the offending token, the config path and the help text.
    ///
    /// ```
    /// use stackwright_cli::source::{Loc, Source};
    /// use stackwright_core::Diagnostic;
    /// let mut src = Source { name: "serverless.yml".into(), text: "functions:\n  api:\n    memorySize: 99\n".into(), ..Default::default() };
    /// src.map.insert_value("functions.api.memorySize", Loc { line: 3, col: 17, len: 2 });
    /// let d = Diagnostic::error("X", "functions.api.memorySize", "too small").with_help("use more");
    /// let text = src.render(&d, None);
    /// assert!(text.contains("--> serverless.yml:3:17"));
    /// assert!(text.contains("  |                 ^^"));
    /// assert!(text.ends_with("= help: use more\n"));
    /// ```
    pub fn render(&self, d: &Diagnostic, explicit: Option<Loc>) -> String {
        self.render_with(&Renderer::plain(), d, explicit)
    }

    /// [`Source::render`] with rustc's colours (ANSI escapes), for a terminal; write it through
    /// `anstream`, which strips them where colour is off (`NO_COLOR`, not a terminal).
    ///
    /// ```
    /// use stackwright_cli::source::Source;
    /// use stackwright_core::Diagnostic;
    /// let src = Source { name: "serverless.yml".into(), ..Default::default() };
    /// let text = src.render_styled(&Diagnostic::error("X", "", "bad"), None);
    /// assert!(text.contains("\u{1b}["));
    /// ```
    pub fn render_styled(&self, d: &Diagnostic, explicit: Option<Loc>) -> String {
        self.render_with(&Renderer::styled(), d, explicit)
    }

    /// One diagnostic through annotate-snippets (rustc's and cargo's renderer), ending in a newline.
    fn render_with(&self, renderer: &Renderer, d: &Diagnostic, explicit: Option<Loc>) -> String {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(d.message.as_str()).id(d.code);
        let mut group = match explicit.or_else(|| self.map.locate(&d.path, d.code)) {
            Some(loc) => {
                let line = self.text.lines().nth(loc.line.saturating_sub(1)).unwrap_or("");
                // `Loc` counts characters; the renderer takes byte offsets into the line.
                let byte = |chars: usize| line.char_indices().nth(chars).map_or(line.len(), |(i, _)| i);
                let start = byte(loc.col.saturating_sub(1));
                let end = byte(loc.col.saturating_sub(1) + loc.len.max(1)).max(start);
                // The renderer trims long lines to the terminal's width, but only after measuring
                // all of them: past the token it only needs enough to fill a screen (a 500 KB
                // one-line config took seconds in a debug build otherwise).
                let shown = &line[..byte(line[..end].chars().count() + TAIL)];
                title.element(
                    Snippet::source(shown)
                        .line_start(loc.line)
                        .path(self.name.as_str())
                        .annotation(AnnotationKind::Primary.span(start..end)),
                )
            }
            None => title.element(Origin::path(self.name.as_str())),
        };
        if !d.path.is_empty() {
            group = group.element(Level::NOTE.with_name("at").message(d.path.as_str()));
        }
        if !d.help.is_empty() {
            group = group.element(Level::HELP.message(d.help.as_str()));
        }
        let mut out = renderer.render(&[group]);
        out.push('\n');
        out
    }

    /// One diagnostic as a JSON object for editors and CI: severity, code, path, message, help,
    /// file, line, column (line and column `null` when unknown).
    pub fn to_json(&self, d: &Diagnostic, explicit: Option<Loc>) -> serde_json::Value {
        let loc = explicit.or_else(|| self.map.locate(&d.path, d.code));
        serde_json::json!({
            "severity": d.severity.as_str(),
            "code": d.code,
            "path": d.path,
            "message": d.message,
            "help": d.help,
            "file": self.name,
            "line": loc.map(|l| l.line),
            "column": loc.map(|l| l.col),
        })
    }
}
