//! Which files go into a zip: the reference's pattern list (package-service.js
//! `resolveFilePathsFromPatterns`), applied in order to every file of the service directory.
//!
//! The list is: the excludes (the default excludes, the config file, `package.exclude`, the
//! function's `exclude`), each negated; then the includes (`package.include`, `package.patterns`,
//! the function's `include` and `patterns`) as written; then the Node.js development
//! dependencies, negated. A file starts selected; every pattern that matches it sets it to
//! selected (`x`) or not (`!x`), so the last matching pattern wins. Like lodash's `_.union`, a
//! pattern that appears twice counts at its first place only.

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

/// The reference's default excludes (package-service.js `defaultExcludes`).
pub(crate) const DEFAULT_EXCLUDES: &[&str] =
    &[".git/**", ".gitignore", ".DS_Store", "npm-debug.log", "yarn-*.log", ".serverless/**", ".serverless_plugins/**"];

/// The compiled pattern list of one zip.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    /// All globs at once: one pass over a path finds every pattern that matches it.
    set: GlobSet,
    rules: Vec<Rule>,
}

/// One pattern of the list: whether a match selects or drops the file, and where it was written.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub(crate) include: bool,
    /// Where the user wrote it (`package.patterns[2]`), for diagnostics; `None` for the defaults
    /// and the development dependencies.
    pub(crate) origin: Option<String>,
    pub(crate) text: String,
}

/// A pattern as written, with where it comes from.
#[derive(Debug, Clone)]
pub(crate) struct Written {
    pub text: String,
    pub origin: Option<String>,
}

impl Written {
    /// A pattern stackwright adds (a default exclude, a development dependency).
    pub fn implicit(text: impl Into<String>) -> Self {
        Written { text: text.into(), origin: None }
    }
}

/// A pattern that cannot be used, and why.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BadPattern {
    pub origin: Option<String>,
    pub text: String,
    pub reason: String,
}

impl Rules {
    /// The pattern list of one zip: `excludes` and `includes` in the reference's order.
    pub fn compile(excludes: &[Written], includes: &[Written]) -> Result<Rules, Vec<BadPattern>> {
        let mut seen = std::collections::HashSet::new();
        let mut rules = Vec::with_capacity(excludes.len() + includes.len());
        let mut set = GlobSetBuilder::new();
        let mut bad = Vec::new();
        let entries = excludes.iter().map(|w| (w, false)).chain(includes.iter().map(|w| (w, true)));
        for (written, from_includes) in entries {
            // An exclude `x` becomes `!x`, an exclude `!x` becomes `x`; includes stay as written.
            let (negated, glob) = match written.text.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, written.text.as_str()),
            };
            let include = negated != from_includes;
            if !seen.insert((include, glob)) {
                continue;
            }
            match glob_of(glob) {
                Ok(g) => {
                    set.add(g);
                    rules.push(Rule { include, origin: written.origin.clone(), text: written.text.clone() });
                }
                Err(reason) => {
                    bad.push(BadPattern { origin: written.origin.clone(), text: written.text.clone(), reason })
                }
            }
        }
        if !bad.is_empty() {
            return Err(bad);
        }
        let set = set
            .build()
            .map_err(|e| vec![BadPattern { origin: None, text: String::new(), reason: e.kind().to_string() }])?;
        Ok(Rules { set, rules })
    }

    /// The rules, in order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Applies the rules in order to `files` (relative `/`-separated paths): the indices of the
    /// files that end up selected, in the given order, and for every rule whether it matched
    /// any file at all.
    pub fn select(&self, files: &[&str]) -> (Vec<usize>, Vec<bool>) {
        let mut matched = vec![false; self.rules.len()];
        let mut selected = Vec::with_capacity(files.len());
        let mut hits = Vec::new();
        for (n, file) in files.iter().enumerate() {
            self.set.matches_into(file, &mut hits);
            for &i in &hits {
                matched[i] = true;
            }
            // The last matching rule decides; a file no rule matches stays selected, except a
            // parent directory's (`../x`), which only an include of its own brings in (the
            // reference's `**` never reaches it).
            let outside = file.starts_with("../");
            let decided = hits.iter().max().map(|&i| self.rules[i].include);
            if decided.unwrap_or(!outside) {
                selected.push(n);
            }
        }
        (selected, matched)
    }
}

/// Whether `glob` can be used as a pattern (its error is reported where the rules are compiled).
pub(crate) fn usable(glob: &str) -> bool {
    glob_of(glob).is_ok()
}

/// Whether a name matches one of `globs` (a glob that cannot be used matches nothing: it is
/// reported where the zip's rules are compiled).
pub(crate) fn matches_any(globs: &[&str]) -> impl Fn(&str) -> bool {
    let mut set = GlobSetBuilder::new();
    for glob in globs {
        if let Ok(g) = glob_of(glob) {
            set.add(g);
        }
    }
    let set = set.build().ok();
    move |name| set.as_ref().is_some_and(|s| s.is_match(name))
}

/// A glob with micromatch's semantics as the reference calls it (`dot: true`): `*` and `?` do
/// not cross `/`, `**` spans directories, dot files match like any other file.
fn glob_of(glob: &str) -> Result<Glob, String> {
    // micromatch ignores a leading `./`.
    let glob = glob.strip_prefix("./").unwrap_or(glob);
    if glob.is_empty() {
        return Err("the pattern is empty".to_string());
    }
    // Leading `../` reach the service's parent directories, as the reference's glob does (the
    // files keep their path in the zip, without the `../`); `..` anywhere else is not a path.
    let inner = glob.trim_start_matches("../");
    let outside = inner.len() < glob.len();
    // After a leading `../`, a path of plain names: no `//`, no `.` (they would reach the zip).
    let odd = outside && inner.split('/').any(|part| part.is_empty() || part == ".");
    if glob.starts_with('/') || odd || inner.split('/').any(|part| part == "..") {
        return Err("patterns are relative to the service directory: `../` may only lead them, and absolute paths \
                    cannot be used"
            .to_string());
    }
    GlobBuilder::new(glob).literal_separator(true).backslash_escape(true).build().map_err(|e| e.kind().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(list: &[&str]) -> Vec<Written> {
        list.iter().map(|t| Written { text: t.to_string(), origin: Some("package.patterns".into()) }).collect()
    }

    fn pick(excludes: &[&str], includes: &[&str], files: &[&str]) -> Vec<String> {
        let rules = Rules::compile(&user(excludes), &user(includes)).unwrap();
        rules.select(files).0.into_iter().map(|i| files[i].to_string()).collect()
    }

    const TREE: &[&str] = &[
        ".git/HEAD",
        ".gitignore",
        "handler.js",
        "lib/a.js",
        "lib/a.test.js",
        "node_modules/x/index.js",
        "node_modules/y/index.js",
        "yarn-error.log",
        "README.md",
    ];

    #[test]
    fn defaults_and_negation_in_order() {
        let got = pick(DEFAULT_EXCLUDES, &["!node_modules/**", "node_modules/x/**", "!**/*.test.js"], TREE);
        assert_eq!(got, ["handler.js", "lib/a.js", "node_modules/x/index.js", "README.md"]);
        // Re-including after a later exclude: the last matching pattern wins.
        let got = pick(&[], &["!lib/**", "lib/a.test.js"], TREE);
        assert!(got.contains(&"lib/a.test.js".to_string()) && !got.contains(&"lib/a.js".to_string()));
        // An exclude starting with `!` re-includes, but includes come after it.
        let got = pick(&["**", "!handler.js"], &[], TREE);
        assert_eq!(got, ["handler.js"]);
    }

    #[test]
    fn star_does_not_cross_directories_and_dot_files_match() {
        assert_eq!(pick(&["**"], &["*.js"], TREE), ["handler.js"]);
        assert_eq!(pick(&["**"], &["**/.git*"], TREE), [".gitignore"]);
        assert_eq!(pick(&["**"], &["./lib/*.js"], TREE), ["lib/a.js", "lib/a.test.js"]);
    }

    #[test]
    fn a_repeated_pattern_counts_at_its_first_place() {
        // `_.union(['!lib/**', 'lib/a.js', '!lib/**'])` is `['!lib/**', 'lib/a.js']`.
        assert!(pick(&[], &["!lib/**", "lib/a.js", "!lib/**"], TREE).contains(&"lib/a.js".to_string()));
    }

    #[test]
    fn escaping_and_invalid_patterns_are_rejected() {
        for bad in ["/etc/passwd", "a/../../b", "../a/../b", "[", ""] {
            assert!(Rules::compile(&[], &user(&[bad])).is_err(), "{bad}");
        }
        // A leading `../` reaches a parent directory, as in the reference.
        assert_eq!(pick(&[], &["../shared/**"], &["../shared/x.js", "h.js"]), ["../shared/x.js", "h.js"]);
        assert_eq!(pick(&["../shared/**"], &[], &["../shared/x.js", "h.js"]), ["h.js"]);
    }
}
