//! JSON text byte-identical to JavaScript's `JSON.stringify`.
//!
//! `serde_json`'s own serializer differs from V8 in three ways that matter for
//! a byte-identical template: it keeps array-index keys (`"1"`) in insertion
//! order instead of hoisting them, it prints integral floats as `70.0`, and it
//! formats exponents differently (`1e21` vs `1e+21`). This module writes the
//! text itself, straight into one `String`.

use serde_json::{Map, Number, Value};
use std::fmt::Write as _;

use crate::naming::{is_array_index, js_key_order};

/// Exactly `JSON.stringify(value, null, 2)`: two-space indent, `"key": value`,
/// `{}` / `[]` when empty, no trailing newline.
///
/// ```
/// use serde_json::json;
/// use stackwright_core::json::to_pretty_string;
/// let v = json!({"b": [1, {}], "1": 70.0});
/// assert_eq!(
///     to_pretty_string(&v),
///     "{\n  \"1\": 70,\n  \"b\": [\n    1,\n    {}\n  ]\n}"
/// );
/// ```
pub fn to_pretty_string(value: &Value) -> String {
    let mut out = String::with_capacity(4096);
    write_value(&mut out, value, Some(0));
    out
}

/// Exactly `JSON.stringify(value)`: no whitespace at all.
///
/// ```
/// use serde_json::json;
/// use stackwright_core::json::to_compact_string;
/// let v = json!({"zeta": 0.1, "2": 1e21, "a": "x/y"});
/// assert_eq!(to_compact_string(&v), r#"{"2":1e+21,"zeta":0.1,"a":"x/y"}"#);
/// ```
pub fn to_compact_string(value: &Value) -> String {
    let mut out = String::with_capacity(256);
    write_value(&mut out, value, None);
    out
}

/// Formats a number the way JavaScript's `Number.prototype.toString` does.
///
/// Integers beyond ±2^53 are printed as the double JavaScript would have
/// parsed them into (`12345678901234567890` → `12345678901234567000`), since
/// that is what the reference's output would contain.
///
/// ```
/// use serde_json::Number;
/// use stackwright_core::json::format_number;
/// assert_eq!(format_number(&Number::from_f64(70.0).unwrap()), "70");
/// assert_eq!(format_number(&Number::from_f64(1.5e-7).unwrap()), "1.5e-7");
/// assert_eq!(format_number(&Number::from(42u64)), "42");
/// ```
pub fn format_number(n: &Number) -> String {
    let mut out = String::new();
    write_number(&mut out, n);
    out
}

/// A buffer for [`format_u64`]: `u64::MAX` has 20 digits.
fn itoa_buf() -> [u8; 20] {
    [0; 20]
}

/// Decimal digits of `n` without going through `fmt` (most numbers in a template are small).
fn format_u64(mut n: u64, buf: &mut [u8; 20]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).expect("ASCII digits")
}

/// Largest magnitude below which every integer is exactly representable as f64.
const MAX_SAFE: u64 = 1 << 53;

pub(crate) fn write_value(out: &mut String, value: &Value, indent: Option<usize>) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => write_number(out, n),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            let inner = indent.map(|d| d + 1);
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, inner);
                write_value(out, item, inner);
            }
            newline(out, indent);
            out.push(']');
        }
        Value::Object(map) => write_object(out, map, indent),
    }
}

fn write_object(out: &mut String, map: &Map<String, Value>, indent: Option<usize>) {
    if map.is_empty() {
        out.push_str("{}");
        return;
    }
    out.push('{');
    let inner = indent.map(|d| d + 1);
    let mut first = true;
    let mut entry = |out: &mut String, key: &str, value: &Value| {
        if !first {
            out.push(',');
        }
        first = false;
        newline(out, inner);
        write_string(out, key);
        out.push(':');
        if inner.is_some() {
            out.push(' ');
        }
        write_value(out, value, inner);
    };
    // Almost no object has array-index keys; skip the reordering allocation then.
    if map.keys().any(|k| is_array_index(k)) {
        let entries: Vec<(&String, &Value)> = map.iter().collect();
        for i in js_key_order(entries.iter().map(|(k, _)| k.as_str())) {
            let (k, v) = entries[i];
            entry(out, k, v);
        }
    } else {
        for (k, v) in map {
            entry(out, k, v);
        }
    }
    newline(out, indent);
    out.push('}');
}

pub(crate) fn newline(out: &mut String, indent: Option<usize>) {
    // One slice copy per line instead of a push per indentation level.
    const SPACES: &str = "\n                                                                ";
    if let Some(depth) = indent {
        let width = 1 + 2 * depth;
        if width <= SPACES.len() {
            out.push_str(&SPACES[..width]);
        } else {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', 2 * depth));
        }
    }
}

/// Whether any byte is a control character, `"` or `\\`, eight bytes at a time (the scan runs
/// over every string of the template).
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS != 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let v = u64::from_ne_bytes(chunk.try_into().expect("8 bytes"));
        // Bytes below 0x20, and bytes equal to `"` (0x22) or `\\` (0x5c); a byte of 0x80 or more
        // never matches, as UTF-8 continuation bytes must not.
        let control = v.wrapping_sub(ONES * 0x20) & !v & HIGHS != 0;
        if control || has_zero(v ^ (ONES * 0x22)) || has_zero(v ^ (ONES * 0x5c)) {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

pub(crate) fn write_string(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    // Nearly every string needs no escaping: copy it whole after one scan.
    if !needs_escape(bytes) {
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        // Multi-byte UTF-8 sequences never contain bytes < 0x80, so scanning
        // bytes is safe and only ASCII ever needs escaping (JSON.stringify
        // leaves non-ASCII, `/` and U+2028/U+2029 alone).
        let escape: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\x08' => "\\b",
            b'\x0c' => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

pub(crate) fn write_number(out: &mut String, n: &Number) {
    if let Some(u) = n.as_u64() {
        if u <= MAX_SAFE {
            let mut buf = itoa_buf();
            out.push_str(format_u64(u, &mut buf));
            return;
        }
    } else if let Some(i) = n.as_i64() {
        if i.unsigned_abs() <= MAX_SAFE {
            let _ = write!(out, "{i}");
            return;
        }
    }
    match n.as_f64() {
        Some(f) => write_f64(out, f),
        None => out.push_str("null"),
    }
}

/// ECMAScript `Number::toString(10)` (ECMA-262 §6.1.6.1.20).
fn write_f64(out: &mut String, f: f64) {
    if !f.is_finite() {
        // JSON.stringify maps NaN and ±Infinity to null.
        out.push_str("null");
        return;
    }
    if f == 0.0 {
        // Covers -0 too, which JavaScript prints as "0".
        out.push('0');
        return;
    }
    if f < 0.0 {
        out.push('-');
    }
    let (digits, exp) = shortest_digits(f.abs());
    let k = digits.len() as i32;
    let n = exp + 1;
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let sign = if exp >= 0 { '+' } else { '-' };
        let _ = write!(out, "e{sign}{}", exp.unsigned_abs());
    }
}

/// Splits `{:e}` output into its digit string and decimal exponent.
fn split_sci(sci: &str) -> (String, i32) {
    let (mantissa, exp) = sci.split_once('e').expect("`{:e}` always has an exponent");
    let exp = exp.parse().expect("`{:e}` exponent is an integer");
    (mantissa.chars().filter(|c| *c != '.').collect(), exp)
}

/// Shortest round-trip digits of a positive finite `f` and the exponent of the
/// first digit, chosen as ECMAScript requires.
fn shortest_digits(f: f64) -> (String, i32) {
    // Rust's `{:e}` already gives the shortest round-trip digits closest to
    // `f`; it differs from ECMAScript only when `f` lies exactly halfway
    // between two such candidates, where ECMAScript takes the even one and
    // Rust rounds up (843249569666851.25 → JS "…851.2", Rust "…851.3").
    let (digits, exp) = split_sci(&format!("{f:e}"));
    let last = digits.as_bytes()[digits.len() - 1] - b'0';
    if last % 2 == 0 {
        return (digits, exp);
    }
    // A tie means the exact expansion is the truncation followed by "5" and
    // nothing else; 780 digits cover every f64's exact expansion (≤ 767).
    let (exact, exact_exp) = split_sci(&format!("{f:.780e}"));
    let k = digits.len();
    let tie = exact_exp == exp && exact.as_bytes()[k] == b'5' && exact.as_bytes()[k + 1..].iter().all(|&b| b == b'0');
    if !tie {
        return (digits, exp);
    }
    let truncated = &exact[..k];
    let other = if truncated == digits { increment_digits(truncated) } else { Some(truncated.to_owned()) };
    match other {
        Some(other) if round_trips(&other, exp, f) => (other, exp),
        _ => (digits, exp),
    }
}

/// Adds one unit in the last place; `None` when that would add a digit.
fn increment_digits(digits: &str) -> Option<String> {
    let mut bytes = digits.as_bytes().to_vec();
    for b in bytes.iter_mut().rev() {
        if *b == b'9' {
            *b = b'0';
        } else {
            *b += 1;
            return String::from_utf8(bytes).ok();
        }
    }
    None
}

fn round_trips(digits: &str, exp: i32, f: f64) -> bool {
    let text = format!("{}.{}e{exp}", &digits[..1], &digits[1..]);
    text.parse::<f64>() == Ok(f)
}

/// A number as JavaScript writes it: integral values without a fraction (`75`, not `75.0`).
pub(crate) fn js_number_value(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9e15 {
        // Integral and in range: the cast is exact.
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// JavaScript truthiness of a JSON value (`None` is `undefined`): what plugins' `if (x)` sees.
///
/// ```
/// use stackwright_core::json::truthy;
/// use serde_json::json;
/// assert!(!truthy(None) && !truthy(Some(&json!(""))) && !truthy(Some(&json!(0))));
/// assert!(truthy(Some(&json!("x"))) && truthy(Some(&json!([]))));
/// ```
pub fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    }
}

/// Deep-merges `source` into `target` the way lodash `_.merge` does: objects recursively, arrays
/// index by index, everything else replaced.
pub(crate) fn lodash_merge(target: &mut Value, source: &Value) {
    match (target, source) {
        (Value::Object(t), Value::Object(s)) => {
            for (k, v) in s {
                match t.get_mut(k) {
                    Some(existing) => lodash_merge(existing, v),
                    None => {
                        t.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (Value::Array(t), Value::Array(s)) => {
            for (i, v) in s.iter().enumerate() {
                match t.get_mut(i) {
                    Some(existing) => lodash_merge(existing, v),
                    None => t.push(v.clone()),
                }
            }
        }
        // lodash keeps the destination when the source value is undefined; JSON has no
        // undefined, and an explicit null replaces (then gets stripped from Properties).
        (t, s) => *t = s.clone(),
    }
}

/// Deepest nesting accepted in the user's own CloudFormation values, as for JSON text (whose
/// parser stops at 128 levels). Trees from other front ends (YAML, `service!`, code) can be
/// deeper; walking, merging, copying or printing them recursively would overflow the stack.
pub(crate) const MAX_VALUE_DEPTH: usize = 128;

/// Whether `v` nests deeper than `max` levels; iterative, so any depth is safe to ask about.
pub(crate) fn too_deep(v: &Value, max: usize) -> bool {
    let mut stack = vec![(v, 0usize)];
    while let Some((v, depth)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match v {
            Value::Array(a) => Box::new(a.iter()),
            Value::Object(m) => Box::new(m.values()),
            _ => continue,
        };
        if depth >= max {
            return true;
        }
        stack.extend(children.map(|c| (c, depth + 1)));
    }
    false
}

#[cfg(test)]
mod tests {

    #[test]
    fn escape_scan_agrees_with_the_plain_test() {
        let naive = |b: &[u8]| b.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
        // Every byte value at every position of a 17-byte string (two chunks and a remainder).
        for pos in 0..17 {
            for byte in 0..=255u8 {
                let mut bytes = *b"abcdefghijklmnopq";
                bytes[pos] = byte;
                assert_eq!(needs_escape(&bytes), naive(&bytes), "byte {byte:#x} at {pos}");
            }
        }
    }
    use super::*;
    use serde_json::json;

    fn num(f: f64) -> String {
        format_number(&Number::from_f64(f).unwrap())
    }

    #[test]
    fn numbers_like_javascript() {
        let table: &[(f64, &str)] = &[
            (70.0, "70"),
            (0.0, "0"),
            (-0.0, "0"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (123456789012345680000.0, "123456789012345680000"),
            (1.5e-7, "1.5e-7"),
            (1e-7, "1e-7"),
            (0.000001, "0.000001"),
            (0.0000012345, "0.0000012345"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (0.30000000000000004, "0.30000000000000004"),
            (9007199254740993.0, "9007199254740992"),
            (123.456, "123.456"),
            (1.2345e25, "1.2345e+25"),
        ];
        for (f, expected) in table {
            assert_eq!(num(*f), *expected, "{f:?}");
        }
        assert_eq!(format_number(&Number::from(u64::MAX)), "18446744073709552000");
        assert_eq!(format_number(&Number::from(i64::MIN)), "-9223372036854776000");
        assert_eq!(format_number(&Number::from(-42i64)), "-42");
        assert_eq!(format_number(&Number::from(1u64 << 53)), "9007199254740992");
    }

    #[test]
    fn parsed_floats_like_javascript() {
        let v: Value = serde_json::from_str("[1.0, 2.50, 1E3, 1e-7, 100e-2]").unwrap();
        assert_eq!(to_compact_string(&v), "[1,2.5,1000,1e-7,1]");
    }

    #[test]
    fn string_escapes() {
        let v = json!("q\" b\\ \u{8}\u{c}\n\r\t \u{1} \u{1f} \u{7f} / é \u{2028}\u{2029} 😀");
        assert_eq!(
            to_compact_string(&v),
            "\"q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0001 \\u001f \u{7f} / é \u{2028}\u{2029} 😀\""
        );
        assert_eq!(to_compact_string(&json!("")), "\"\"");
        assert_eq!(to_compact_string(&json!({"a\nb": 1})), "{\"a\\nb\":1}");
    }

    #[test]
    fn key_order_hoists_array_indices() {
        let v: Value = serde_json::from_str(r#"{"zeta":1,"10":2,"a":3,"2":4,"01":5}"#).unwrap();
        assert_eq!(to_compact_string(&v), r#"{"2":4,"10":2,"zeta":1,"a":3,"01":5}"#);
    }

    #[test]
    fn pretty_layout() {
        let v = json!({"a": [], "b": {}, "c": [1, [2]], "d": {"e": null, "f": true}});
        let expected = "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    [\n      2\n    ]\n  ],\n  \"d\": {\n    \"e\": null,\n    \"f\": true\n  }\n}";
        assert_eq!(to_pretty_string(&v), expected);
        assert_eq!(to_pretty_string(&json!([])), "[]");
        assert_eq!(to_pretty_string(&json!("x")), "\"x\"");
        assert_eq!(to_compact_string(&v), r#"{"a":[],"b":{},"c":[1,[2]],"d":{"e":null,"f":true}}"#);
    }

    #[test]
    fn conformance_expected_files_round_trip() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance/public");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            println!("note: {} absent; skipping conformance round-trip", dir.display());
            return;
        };
        let mut checked = 0;
        for entry in entries {
            let path = entry.unwrap().path().join("expected.json");
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let value: Value = serde_json::from_str(&text).unwrap();
            assert!(to_pretty_string(&value) == text, "{} does not round-trip", path.display());
            checked += 1;
        }
        assert!(checked > 0, "no expected.json under {}", dir.display());
    }
}
