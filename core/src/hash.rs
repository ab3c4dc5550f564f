//! The Lambda version hash behind `<N>LambdaVersion<digest>`
//! (template-core §7.2, the default, non-deprecated algorithm).
//!
//! The digest covers the artifact's base64 SHA-256 text followed by the
//! compact `JSON.stringify` of the function properties with every object's
//! keys sorted by JavaScript `localeCompare`. Reproducing ICU's collation (not
//! byte order) is what makes the logical IDs match the reference.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::cmp::Ordering;

/// Lower-case hex MD5 of `bytes` (the reference shortens long helper-function names with it).
///
/// ```
/// use stackwright_core::hash::md5_hex;
/// assert_eq!(md5_hex(b"abc"), "900150983cd24fb0d6963f7d28e17f72");
/// ```
pub fn md5_hex(bytes: &[u8]) -> String {
    use md5::Digest as _;
    let digest = md5::Md5::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Base64 (standard alphabet, padded) of the SHA-256 of `bytes`: the
/// `CodeSha256` of a version and the first input of its hash.
///
/// ```
/// use stackwright_core::hash::code_sha256;
/// assert_eq!(code_sha256(b"dummy"), "taLJYlBhI2bqJy/6xtl0Sq9LRarNlqp8/Lkx7jtVglk=");
/// ```
pub fn code_sha256(bytes: &[u8]) -> String {
    STANDARD.encode(Sha256::digest(bytes))
}

/// Hex SHA-1 of `parts` fed in order, as the reference's layer hash (`crypto.createHash('sha1')`
/// updated with each part, `digest('hex')`, in compile/layers.js). A content hash, no security
/// boundary.
///
/// ```
/// use stackwright_core::hash::sha1_hex;
/// assert_eq!(sha1_hex(&[b"ab", b"c"]), "a9993e364706816aba3e25717850c26c9cd0d89d");
/// ```
pub fn sha1_hex(parts: &[&[u8]]) -> String {
    let mut hasher = sha1::Sha1::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// JavaScript `a.localeCompare(b)` under V8's ICU, locale `en-US`.
///
/// Exact for ASCII (verified against Node 22 / ICU 78 over every ASCII
/// character): primary weights put whitespace < punctuation/symbols < digits <
/// letters, with symbols in the CLDR root order
/// `` _-,;:!?.'"()[]{}@*/\&#%`^+<=>|~$ ``, digits by value and letters
/// case-insensitively; other ASCII control characters are ignored as in ICU.
/// If the primary keys tie, the first case difference decides, lowercase
/// first; strings that tie at both levels compare `Equal`.
///
/// Assumption for non-ASCII: it is not ICU-accurate. Each non-ASCII character
/// sorts after every ASCII letter, by the code point of its first lowercase
/// character, with uppercase after lowercase at the case level. That is
/// deterministic and a total preorder, which is all a sort needs.
///
/// ```
/// use std::cmp::Ordering::{Greater, Less};
/// use stackwright_core::hash::locale_compare;
/// assert_eq!(locale_compare("Handler", "layerConfigurations"), Less);
/// assert_eq!(locale_compare("a", "A"), Less);
/// assert_eq!(locale_compare("A_B", "AB"), Less);
/// assert_eq!(locale_compare("Z9", "a"), Greater);
/// ```
pub fn locale_compare(a: &str, b: &str) -> Ordering {
    let primary = a
        .chars()
        .filter_map(collation_weight)
        .map(|(p, _)| p)
        .cmp(b.chars().filter_map(collation_weight).map(|(p, _)| p));
    primary.then_with(|| {
        a.chars()
            .filter_map(collation_weight)
            .map(|(_, t)| t)
            .cmp(b.chars().filter_map(collation_weight).map(|(_, t)| t))
    })
}

/// ASCII non-alphanumerics in ICU root (CLDR) primary order.
const SYMBOL_ORDER: &[u8] = b"\t\n\x0b\x0c\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";

/// Primary group bases; spaced so groups never overlap.
const DIGIT_BASE: u32 = 0x100;
const LETTER_BASE: u32 = 0x200;
const OTHER_BASE: u32 = 0x300;

/// `(primary, case)` weight of one character, or `None` when ICU ignores it.
fn collation_weight(c: char) -> Option<(u32, u8)> {
    if c.is_ascii() {
        let (primary, case) = ASCII_WEIGHTS[c as usize];
        return (primary != IGNORED).then_some((primary, case));
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    Some((OTHER_BASE + lower as u32, u8::from(lower != c)))
}

/// Primary weight of the ASCII characters ICU ignores.
const IGNORED: u32 = u32::MAX;

/// [`collation_weight`] of every ASCII character, computed once at compile time (the version
/// hash sorts every object of every function's properties).
const ASCII_WEIGHTS: [(u32, u8); 128] = {
    let mut table = [(IGNORED, 0); 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            c @ b'0'..=b'9' => (DIGIT_BASE + (c - b'0') as u32, 0),
            c @ b'a'..=b'z' => (LETTER_BASE + (c - b'a') as u32, 0),
            c @ b'A'..=b'Z' => (LETTER_BASE + (c - b'A') as u32, 1),
            _ => (IGNORED, 0),
        };
        b += 1;
    }
    let mut i = 0;
    while i < SYMBOL_ORDER.len() {
        table[SYMBOL_ORDER[i] as usize] = (i as u32, 0);
        i += 1;
    }
    table
};

/// A copy of `value` in which every object's keys are sorted with
/// [`locale_compare`], recursively; arrays keep their element order.
///
/// Keys that tie under `locale_compare` keep their relative order, as in
/// JavaScript's stable `Array.prototype.sort`.
///
/// ```
/// use serde_json::json;
/// use stackwright_core::hash::deep_sort;
/// let sorted = deep_sort(&json!({"b": 1, "A": {"y": 2, "X": 3}}));
/// assert_eq!(sorted.to_string(), r#"{"A":{"X":3,"y":2},"b":1}"#);
/// ```
pub fn deep_sort(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|(a, _), (b, _)| locale_compare(a, b));
            Value::Object(entries.into_iter().map(|(k, v)| (k.clone(), deep_sort(v))).collect::<Map<String, Value>>())
        }
        Value::Array(items) => Value::Array(items.iter().map(deep_sort).collect()),
        other => other.clone(),
    }
}

/// Base64 version digest for a function without local layers (§7.2).
///
/// `function_properties` must be the function's `Properties` as the hash
/// sees them: the caller removes `Code`, `ReservedConcurrentExecutions`,
/// `RecursiveLoop` and `Tags` and leaves out the later `SnapStart` and
/// `LoggingConfig`. This function itself adds `layerConfigurations: []`
/// (overwriting any key of that name), so pass the properties without it.
///
/// Feed the result to [`crate::naming::version_logical_id`], which strips the
/// non-alphanumeric characters.
///
/// ```
/// use serde_json::json;
/// use stackwright_core::hash::{code_sha256, version_digest};
/// use stackwright_core::naming::version_logical_id;
/// let props = json!({
///     "Handler": "handler.hello",
///     "Runtime": "nodejs20.x",
///     "FunctionName": "my-service-dev-hello",
///     "MemorySize": 1024,
///     "Timeout": 6,
///     "Role": {"Fn::GetAtt": ["IamRoleLambdaExecution", "Arn"]}
/// });
/// let digest = version_digest(&code_sha256(b"dummy"), &props);
/// assert_eq!(
///     version_logical_id("hello", &digest),
///     "HelloLambdaVersionAB0V9KUhCF87qgHRwGh2eYdA5ugx5jHpsoLEFkxcCE"
/// );
/// ```
pub fn version_digest(code_sha256_b64: &str, function_properties: &Value) -> String {
    let mut text = String::with_capacity(1024);
    match function_properties {
        Value::Object(map) => {
            let no_layers = Value::Array(Vec::new());
            let entries: Vec<(&str, &Value)> = map
                .iter()
                .map(|(k, v)| (k.as_str(), v))
                .filter(|(k, _)| *k != "layerConfigurations")
                .chain(std::iter::once(("layerConfigurations", &no_layers)))
                .collect();
            write_sorted_object(&mut text, entries.len(), |i| entries[i], write_sorted);
        }
        other => write_sorted(&mut text, other),
    }
    digest(code_sha256_b64, &text)
}

/// Base64 SHA-256 of the artifact's hash text followed by the sorted properties text.
pub(crate) fn digest(code_sha256_b64: &str, sorted_properties: &str) -> String {
    digest_with_layers(code_sha256_b64, &[], sorted_properties)
}

/// [`digest`] of a function with local layers: the base64 SHA-256 text of each layer's zip (in
/// the order of their artifact paths) comes between the function's and the properties (§7.2).
pub(crate) fn digest_with_layers(code_sha256_b64: &str, layer_sha256_b64: &[&str], sorted_properties: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(code_sha256_b64.as_bytes());
    for layer in layer_sha256_b64 {
        hasher.update(layer.as_bytes());
    }
    hasher.update(sorted_properties.as_bytes());
    STANDARD.encode(hasher.finalize())
}

/// Compact JSON of `value` with every object's keys deep-sorted (see [`deep_sort`]), written
/// directly instead of building a sorted copy.
pub(crate) fn write_sorted(out: &mut String, value: &Value) {
    match value {
        Value::Object(map) => {
            let entries: Vec<(&str, &Value)> = map.iter().map(|(k, v)| (k.as_str(), v)).collect();
            write_sorted_object(out, entries.len(), |i| entries[i], write_sorted);
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_sorted(out, item);
            }
            out.push(']');
        }
        scalar => crate::json::write_value(out, scalar, None),
    }
}

/// Compact JSON of the object whose `n` entries `entry` gives, keys sorted by [`locale_compare`]
/// (stable, as JavaScript's sort), then array-index keys first as JavaScript lists them; each
/// value written by `write_value`. Shared by the `Value` and the synthesis `Node` trees.
pub(crate) fn write_sorted_object<'e, T: Copy + 'e>(
    out: &mut String,
    n: usize,
    entry: impl Fn(usize) -> (&'e str, T),
    write_value: impl Fn(&mut String, T),
) {
    // Objects are small: their order is sorted on the stack.
    let mut inline = [0usize; 32];
    let mut heap = Vec::new();
    let order: &mut [usize] = if n <= inline.len() {
        &mut inline[..n]
    } else {
        heap.resize(n, 0);
        &mut heap
    };
    order.iter_mut().enumerate().for_each(|(i, slot)| *slot = i);
    order.sort_by(|&a, &b| locale_compare(entry(a).0, entry(b).0));
    let hoisted: Vec<usize>;
    let order: &[usize] = if order.iter().any(|&i| crate::naming::is_array_index(entry(i).0)) {
        hoisted =
            hoist_array_indexes(order.iter().map(|&i| (entry(i).0, i)).collect()).into_iter().map(|(_, i)| i).collect();
        &hoisted
    } else {
        order
    };
    out.push('{');
    for (pos, &i) in order.iter().enumerate() {
        if pos > 0 {
            out.push(',');
        }
        let (k, v) = entry(i);
        crate::json::write_string(out, k);
        out.push(':');
        write_value(out, v);
    }
    out.push('}');
}

/// Sorted entries as a JavaScript object lists them: array-index keys still come first, in
/// numeric order.
fn hoist_array_indexes<T: Copy>(entries: Vec<(&str, T)>) -> Vec<(&str, T)> {
    if !entries.iter().any(|(k, _)| crate::naming::is_array_index(k)) {
        return entries;
    }
    crate::naming::js_key_order(entries.iter().map(|(k, _)| *k)).into_iter().map(|i| entries[i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::to_compact_string;
    use crate::naming::version_logical_id;
    use serde_json::json;

    /// FIPS 180-4 test vectors, and inputs around the padding's block boundary, fed in parts.
    #[test]
    fn sha1_known_answers() {
        assert_eq!(sha1_hex(&[]), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(sha1_hex(&[b"a", b"", b"bc"]), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(sha1_hex(&[&[b'a'; 55], &[b'a'; 1]]), "c2db330f6083854c99d4b5bfb6e8f29f201be699");
    }

    #[test]
    fn example_from_template_core() {
        let code = code_sha256(b"dummy");
        assert_eq!(code, "taLJYlBhI2bqJy/6xtl0Sq9LRarNlqp8/Lkx7jtVglk=");
        let props = json!({
            "Handler": "handler.hello",
            "Runtime": "nodejs20.x",
            "FunctionName": "my-service-dev-hello",
            "MemorySize": 1024,
            "Timeout": 6,
            "Role": {"Fn::GetAtt": ["IamRoleLambdaExecution", "Arn"]}
        });
        let mut with_layers = props.clone();
        with_layers["layerConfigurations"] = json!([]);
        assert_eq!(
            to_compact_string(&deep_sort(&with_layers)),
            r#"{"FunctionName":"my-service-dev-hello","Handler":"handler.hello","layerConfigurations":[],"MemorySize":1024,"Role":{"Fn::GetAtt":["IamRoleLambdaExecution","Arn"]},"Runtime":"nodejs20.x","Timeout":6}"#
        );
        assert_eq!(
            version_logical_id("hello", &version_digest(&code, &props)),
            "HelloLambdaVersionAB0V9KUhCF87qgHRwGh2eYdA5ugx5jHpsoLEFkxcCE"
        );
    }

    #[test]
    fn ascii_collation_matches_icu() {
        // Every printable ASCII character, sorted by Node's `localeCompare`.
        let icu = "\t\n\x0b\x0c\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwWxXyYzZ";
        let mut chars: Vec<String> = icu.chars().rev().map(String::from).collect();
        chars.sort_by(|a, b| locale_compare(a, b));
        assert_eq!(chars.concat(), icu);
    }

    #[test]
    fn collation_levels() {
        use Ordering::*;
        let cases = [
            ("a", "A", Less),
            ("A", "b", Less),
            ("aB", "Ab", Less),
            ("Ab", "aB", Greater),
            ("A_B", "AB", Less),
            ("a", "ab", Less),
            ("AB", "ab", Greater),
            ("ab", "aB", Less),
            ("abc", "ABD", Less),
            ("a1", "aa", Less),
            ("a-b", "a_b", Greater),
            ("Z", "a1", Greater),
            ("9", "a", Less),
            ("x", "x", Equal),
            ("a\u{1}b", "ab", Equal),
            ("é", "f", Greater),
        ];
        for (a, b, expected) in cases {
            assert_eq!(locale_compare(a, b), expected, "{a:?} vs {b:?}");
            assert_eq!(locale_compare(b, a), expected.reverse(), "{b:?} vs {a:?}");
        }
    }

    #[test]
    fn deep_sort_recurses_and_keeps_arrays() {
        let v = json!({"b": [{"z": 1, "Y": 2}, 3], "a": {"B": 1, "a": 2}, "1": 0});
        assert_eq!(to_compact_string(&deep_sort(&v)), r#"{"1":0,"a":{"a":2,"B":1},"b":[{"Y":2,"z":1},3]}"#);
    }

    fn conformance_dir() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance/public")
    }

    #[test]
    fn conformance_version_ids() {
        let dir = conformance_dir();
        let Ok(entries) = std::fs::read_dir(&dir) else {
            println!("note: {} absent; skipping version-hash conformance", dir.display());
            return;
        };
        let mut checked = 0;
        for entry in entries {
            let path = entry.unwrap().path().join("expected.json");
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let template: Value = serde_json::from_str(&text).unwrap();
            let Some(resources) = template["Resources"].as_object() else {
                continue;
            };
            for (id, resource) in resources {
                if resource["Type"] != "AWS::Lambda::Version" {
                    continue;
                }
                let props = &resource["Properties"];
                let function_id = props["FunctionName"]["Ref"].as_str().unwrap();
                let mut function_props = resources[function_id]["Properties"].clone();
                let map = function_props.as_object_mut().unwrap();
                for removed in ["Code", "ReservedConcurrentExecutions", "RecursiveLoop", "Tags"] {
                    map.remove(removed);
                }
                let digest = version_digest(props["CodeSha256"].as_str().unwrap(), &function_props);
                // Any key normalizes to the prefix; only the suffix is under test.
                let (_, expected_suffix) = id.split_once("LambdaVersion").unwrap();
                let actual = version_logical_id("x", &digest);
                let actual_suffix = actual.strip_prefix("XLambdaVersion").unwrap();
                assert_eq!(actual_suffix, expected_suffix, "{id} in {}", path.display());
                checked += 1;
            }
        }
        println!("checked {checked} versions");
        assert!(checked > 0, "no AWS::Lambda::Version under {}", dir.display());
    }
}
