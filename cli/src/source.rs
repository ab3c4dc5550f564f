//! Where each config path sits in the file, and rustc-style rendering of diagnostics with it.

use std::collections::HashMap;
use std::sync::OnceLock;

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
    /// Which nodes were recorded.
    recorded: Recorded,
    /// Every node's position, read from the [`Source`]'s text the first time a diagnostic needs
    /// one that was not recorded.
    full: OnceLock<Box<SourceMap>>,
    /// The root's entries, for [`Recorded::Root`].
    entries: Vec<String>,
}

/// Which nodes a [`SourceMap`] holds. Recording every path costs as much as parsing the rest of
/// the file (a string and a hash-map entry per node), and a config without diagnostics never
/// looks one up: the front ends record the least they can, and a diagnostic pays for the rest.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
enum Recorded {
    /// Every node (a map filled by [`crate::yaml::parse`], or by hand).
    #[default]
    All,
    /// The root and its entries (`provider`, `functions`): enough for a diagnostic about a path
    /// outside the config (the template's `Resources`, `Outputs`), which is shown at the root.
    TopLevel,
    /// The root, and the names of its entries without their positions: serverless.json, whose
    /// values come from the JSON parser. Enough for the diagnostics about paths outside the
    /// config, as with [`Recorded::TopLevel`]; any other parses the text.
    Root,
}

impl SourceMap {
    /// A map that records only the root and its entries; see [`Recorded::TopLevel`].
    pub(crate) fn set_top_level(&mut self) {
        self.recorded = Recorded::TopLevel;
    }

    /// A map of the root at `root`, whose entries are `entries`; see [`Recorded::Root`].
    pub(crate) fn set_root(&mut self, root: Loc, entries: Vec<String>) {
        self.recorded = Recorded::Root;
        self.insert_value("", root);
        self.entries = entries;
    }

    /// Whether [`SourceMap::locate`] on this map gives what it gives on a map of every node.
    ///
    /// With only the top level recorded that is so when no recorded entry is `path` or one of
    /// its ancestors: every deeper node's path starts with its top-level ancestor's, so then no
    /// ancestor of `path` but the root is in the file. (An empty top-level key is the exception:
    /// its children's paths have no prefix.)
    fn answers(&self, path: &str) -> bool {
        match self.recorded {
            Recorded::All => true,
            Recorded::Root => {
                !self.entries.iter().any(|top| top.is_empty() || stackwright_core::config_path::within(path, top))
            }
            Recorded::TopLevel => {
                !self.keys.contains_key("")
                    && !self
                        .keys
                        .keys()
                        .chain(self.values.keys())
                        .any(|top| !top.is_empty() && stackwright_core::config_path::within(path, top))
            }
        }
    }

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
    /// key is reported where its parent is). Only what was recorded: [`Source::locate`] also
    /// finds what was not.
    pub fn locate(&self, path: &str, code: &str) -> Option<Loc> {
        let prefer_key = codes::ABOUT_THE_KEY.contains(&code);
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
    /// [`SourceMap::locate`] in this file: positions that were not recorded while loading are
    /// read from the text (once, on the first diagnostic that needs one).
    ///
    /// ```
    /// use stackwright_cli::source::Source;
    /// let source = Source { name: "serverless.yml".into(), text: "a:\n  b: 1\n".into(), ..Default::default() };
    /// // Nothing recorded, and recording everything is the default: no position.
    /// assert_eq!(source.locate("a.b", "X"), None);
    /// ```
    pub fn locate(&self, path: &str, code: &str) -> Option<Loc> {
        if self.map.answers(path) {
            return self.map.locate(path, code);
        }
        let full = self.map.full.get_or_init(|| {
            let mut full = SourceMap::default();
            // A file that does not parse has the positions up to its error, as when it was loaded.
            let _ = crate::yaml::parse(&self.text, &mut full);
            Box::new(full)
        });
        full.locate(path, code)
    }

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
            Severity::Note => Level::NOTE,
        };
        let title = level.primary_title(d.message.as_str()).id(d.code);
        let mut group = match explicit.or_else(|| self.locate(&d.path, d.code)) {
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
        let loc = explicit.or_else(|| self.locate(&d.path, d.code));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The loaded map (top level only, the rest parsed on demand) places every diagnostic where
    /// the map of every node does.
    #[test]
    fn top_level_map_locates_as_the_full_map() {
        let cases = [
            "service: s\nprovider:\n  name: aws\n  memorySize: 99\nfunctions:\n  api:\n    handler: h\n    events: [1, {a: b}]\n\
             'a.b': 1\nlist:\n  - x\n",
            // An empty top-level key: its children's paths look like top-level ones.
            "'': {x: 1, Resources: 2}\nx: 2\n",
            "[a, {b: c}]\n",
            "just a scalar\n",
            "{\"service\": \"s\", \"provider\": {\"name\": \"aws\"}}",
            "",
        ];
        let paths = ["", "Resources", "Outputs", "provider", "provider.memorySize", "provider.nope.x", "a.b", "a.b.c"];
        let deep = ["functions.api.events[1].a", "functions.api", "a.c", "x", "[1].b", "list[0]", "service"];
        for text in cases {
            let mut full = SourceMap::default();
            let _ = crate::yaml::parse(text, &mut full);
            let mut top = SourceMap::default();
            let _ = crate::yaml::parse_top_level(text, &mut top);
            let source = Source { name: "serverless.yml".into(), text: text.into(), map: top };
            for path in paths.iter().chain(&deep) {
                for code in ["X", codes::CONFIG_UNKNOWN_KEY] {
                    assert_eq!(source.locate(path, code), full.locate(path, code), "{text:?}: {path} {code}");
                }
            }
        }
        // A path outside the file is placed without parsing it again.
        let text = "service: s\nprovider:\n  name: aws\n";
        let mut top = SourceMap::default();
        crate::yaml::parse_top_level(text, &mut top).unwrap();
        let source = Source { name: "serverless.yml".into(), text: text.into(), map: top };
        assert_eq!(source.locate("Resources", "X").map(|l| l.line), Some(1));
        assert!(source.map.full.get().is_none());
        assert_eq!(source.locate("provider.name", "X").map(|l| (l.line, l.col)), Some((3, 9)));
        assert!(source.map.full.get().is_some());
    }
}
