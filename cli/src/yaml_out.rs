//! Templates as YAML (`synth --format yaml`): the same tree and key order as the JSON, in block
//! style, with every string that a YAML 1.1 or 1.2 reader could take for something else quoted.

use serde_json::Value;

/// The YAML text of `value` (ending in a newline).
///
/// ```
/// let v = serde_json::json!({"A": {"Fn::GetAtt": ["X", "Arn"]}, "B": ["1", true, "yes", 2], "C": {}});
/// assert_eq!(
///     stackwright_cli::yaml_out::to_yaml(&v),
///     "A:\n  Fn::GetAtt:\n    - X\n    - Arn\nB:\n  - '1'\n  - true\n  - 'yes'\n  - 2\nC: {}\n"
/// );
/// ```
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(m) if !m.is_empty() => block(value, 0, &mut out),
        Value::Array(a) if !a.is_empty() => block(value, 0, &mut out),
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
    out
}

/// A non-empty object or array at `indent`, each entry on its own line(s).
fn block(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                out.push_str(&pad);
                out.push_str(&string(key));
                out.push(':');
                entry(item, indent, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                out.push_str(&pad);
                out.push('-');
                entry(item, indent, out);
            }
        }
        _ => unreachable!("block() is only called with non-empty collections"),
    }
}

/// What follows `key:` or `-`: an inline scalar, or a nested block one level deeper.
fn entry(item: &Value, indent: usize, out: &mut String) {
    match item {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            block(item, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            block(item, indent + 2, out);
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => stackwright_core::json::format_number(n),
        Value::String(s) => string(s),
        Value::Array(_) => "[]".to_string(),
        Value::Object(_) => "{}".to_string(),
    }
}

/// A string as a plain scalar when that is unambiguous, else single-quoted, else (control
/// characters, line breaks) double-quoted with JSON escapes, which YAML reads the same way.
fn string(s: &str) -> String {
    if is_safe_plain(s) {
        return s.to_string();
    }
    if s.chars().any(|c| c.is_control()) {
        return serde_json::to_string(s).unwrap_or_default();
    }
    format!("'{}'", s.replace('\'', "''"))
}

fn is_safe_plain(s: &str) -> bool {
    let Some(first) = s.chars().next() else { return false };
    // Anything starting like a number could be one in YAML 1.1 (octal `012`, `1_000`, `1:20`).
    if first.is_ascii_digit() || "-?:,[]{}#&*!|>'\"%@`.+=~ \t".contains(first) {
        return false;
    }
    if s.ends_with([' ', ':']) || s.contains(": ") || s.contains(" #") {
        return false;
    }
    if s.chars().any(|c| c.is_control() || ",[]{}".contains(c)) {
        return false;
    }
    // YAML 1.1 booleans and nulls (CloudFormation's reader may be 1.1), and the 1.2 core schema.
    const WORDS: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
    if WORDS.contains(&s.to_ascii_lowercase().as_str()) {
        return false;
    }
    crate::yaml::resolve_plain(s).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tricky_strings_read_back_as_strings() {
        let tricky = [
            "",
            " ",
            "yes",
            "No",
            "ON",
            "y",
            "~",
            "null",
            "true",
            "1",
            "-1",
            "0x1F",
            "012",
            "1_000",
            "1:20",
            ".5",
            "1e3",
            ".inf",
            "2010-09-09",
            "a: b",
            "a #b",
            "#x",
            "- x",
            "*x",
            "&x",
            "!Ref x",
            "x:",
            "'q'",
            "\"d\"",
            "a\nb",
            "tab\there",
            "{a}",
            "[a]",
            "%x",
            "@x",
            "`x`",
            "${AWS::Region}",
            "arn:aws:iam::1:role/x",
            "ünïcode",
            "=",
        ];
        for s in tricky {
            let v = serde_json::json!({ s: [s, {"k": s}] });
            let yaml = to_yaml(&v);
            let back = crate::yaml::parse(&yaml, &mut crate::source::SourceMap::default())
                .unwrap_or_else(|e| panic!("{s:?}: {e:?}\n{yaml}"));
            assert_eq!(back, v, "{s:?}:\n{yaml}");
        }
    }

    #[test]
    fn scalars_at_the_top_level() {
        assert_eq!(to_yaml(&serde_json::json!("yes")), "'yes'\n");
        assert_eq!(to_yaml(&serde_json::json!([])), "[]\n");
    }
}
