//! serverless.yml → `serde_json::Value`, with CloudFormation short tags in their long JSON forms
//! and a [`SourceMap`] from config paths (`functions.api.memorySize`, `policies[0]`) to positions.
//!
//! Built on saphyr-parser's event stream rather than a DOM so that every node keeps its position
//! and its tag (`!GetAtt`), which a DOM-to-JSON conversion would lose.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

use stackwright_core::config_path::{push_index, push_key};

use crate::source::{Loc, SourceMap};

/// A YAML problem: what went wrong, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    /// Human-readable description.
    pub message: String,
    /// Where, when known.
    pub loc: Option<Loc>,
}

/// More values than any real serverless.yml holds, far fewer than exhaust memory.
const MAX_ALIAS_NODES: usize = 100_000;

/// Collections nested deeper than this are refused, as serde_json refuses JSON: each level holds
/// its config path (quadratic memory for `- - - - ...`), and everything after parsing recurses.
const MAX_NESTING: usize = 128;

fn nodes(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(nodes).sum::<usize>(),
        Value::Object(m) => 1 + m.values().map(nodes).sum::<usize>(),
        _ => 1,
    }
}

/// A node under construction.
struct Frame {
    kind: FrameKind,
    tag: Option<Tag>,
    anchor: usize,
    loc: Loc,
    /// The length of this node's config path, which is the start of the shared path buffer.
    path_len: usize,
}

enum FrameKind {
    Seq(Vec<Value>),
    /// Entries so far, and the key waiting for its value (with its location).
    Map(Map<String, Value>, Option<(String, Loc)>, Vec<Map<String, Value>>),
}

/// Parses one YAML document into JSON, recording every node's location in `map`.
///
/// ```
/// use stackwright_cli::{source::SourceMap, yaml};
/// let mut map = SourceMap::default();
/// let v = yaml::parse("a: !GetAtt Pool.Arn\nb: [1, '2']\n", &mut map).unwrap();
/// assert_eq!(v, serde_json::json!({"a": {"Fn::GetAtt": ["Pool", "Arn"]}, "b": [1, "2"]}));
/// assert_eq!(map.value("b[1]").unwrap().line, 2);
/// ```
pub fn parse(text: &str, map: &mut SourceMap) -> Result<Value, YamlError> {
    parse_recording(text, Some(map), usize::MAX, 0).map(|parsed| parsed.value)
}

/// [`parse`] without positions: the same value, or the same error (which carries its own
/// position).
///
/// ```
/// let v = stackwright_cli::yaml::parse_value("a: [1, '2']\n").unwrap();
/// assert_eq!(v, serde_json::json!({"a": [1, "2"]}));
/// ```
pub fn parse_value(text: &str) -> Result<Value, YamlError> {
    parse_recording(text, None, 0, 0).map(|parsed| parsed.value)
}

/// [`parse`] recording only the root and its entries (`provider`, `functions`), a dozen paths
/// instead of one per node: a diagnostic about anything deeper parses the text again for its
/// position (see [`SourceMap::top_level`]).
///
/// A large file is parsed in two halves at once (see [`split`]); any doubt, and any error, and it
/// is parsed again in one piece, so that the value, the positions and the errors are the same.
pub(crate) fn parse_top_level(text: &str, map: &mut SourceMap) -> Result<Value, YamlError> {
    map.set_top_level();
    if let Some(split) = split(text)
        && let Some(value) = parse_halves(text, &split, map)
    {
        return Ok(value);
    }
    parse_recording(text, Some(map), 1, 0).map(|parsed| parsed.value)
}

/// Below this size a second thread costs more than it saves.
pub(crate) const SPLIT_MIN: usize = 64 * 1024;

/// Where to cut a file in two: the entries of the block mapping under top-level key `key` from
/// byte `mid` (a line start) to byte `end` (the next top-level line, or the end) go to the
/// second half.
#[derive(Debug, PartialEq)]
struct Split<'a> {
    key: &'a str,
    mid: usize,
    end: usize,
}

/// Whether `line` is `<indent spaces>key:` followed by a space or nothing: the start of a plain,
/// single-line mapping key written at column `indent`.
fn is_key_line(line: &str, indent: usize) -> Option<&str> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let rest = line.get(indent..).filter(|_| line.bytes().take(indent).all(|b| b == b' '))?;
    let key_len = rest.bytes().take_while(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-').count();
    let after = rest[key_len..].strip_prefix(':')?;
    (key_len > 0 && !rest.starts_with('-') && (after.is_empty() || after.starts_with(' '))).then(|| &rest[..key_len])
}

/// Where a large serverless.yml can be parsed as two documents at once: inside the largest
/// top-level entry (`functions`, typically), itself a block mapping, at a key about half-way
/// through the file.
///
/// Sound because saphyr refuses a continuation line of a quoted or flow scalar that is not
/// indented past its enclosing block, and YAML ends plain and block scalars there: a line at
/// that block's indentation is one of its own entries. Anything unusual (a root that is not a
/// block mapping, tabs at line starts, a lone `\r` line break, `<<` merge keys, a tagged or
/// anchored entry) keeps the file in one piece.
fn split(text: &str) -> Option<Split<'_>> {
    let bytes = text.as_bytes();
    if text.len() < SPLIT_MIN
        || memchr::memmem::find(bytes, b"<<").is_some()
        || memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'))
    {
        return None;
    }
    // The largest top-level entry: (its key, where its value's lines start, where they end).
    let mut best: Option<(&str, usize, usize)> = None;
    let mut current: Option<(Option<&str>, usize)> = None;
    for (start, line) in lines(text) {
        let end = start + line.len();
        match line.as_bytes().first() {
            Some(b'\t') => return None,
            // Indented content before the first top-level key: the root is not at column 0.
            Some(b' ') if current.is_none() && !matches!(line.trim_start().as_bytes().first(), None | Some(b'#')) => {
                return None;
            }
            Some(b' ' | b'#' | b'\r' | b'\n') | None => {}
            Some(_) => {
                let key = is_key_line(line.trim_end_matches('\n'), 0);
                // The file must open with a plain key: its root is then a block mapping.
                if current.is_none() && key.is_none() {
                    return None;
                }
                if let Some((Some(key), from)) = current
                    && best.is_none_or(|(_, a, b)| start - from > b - a)
                {
                    best = Some((key, from, start));
                }
                // Only `key:` alone on its line: no tag, anchor or value in front of the mapping.
                let bare = key.filter(|k| line.trim_end()[k.len() + 1..].is_empty());
                current = Some((bare, end));
            }
        }
    }
    if let Some((Some(key), from)) = current
        && best.is_none_or(|(_, a, b)| text.len() - from > b - a)
    {
        best = Some((key, from, text.len()));
    }
    let (key, from, end) = best?;
    // The mapping's indentation is that of its first key, which must be a plain one.
    let body = &text[from..end];
    let first = body.split_inclusive('\n').find(|l| !l.trim_start().is_empty() && !l.trim_start().starts_with('#'))?;
    let indent = first.bytes().take_while(|&b| b == b' ').count();
    is_key_line(first.trim_end_matches('\n'), indent).filter(|_| indent > 0)?;
    let first_end = first.as_ptr() as usize - text.as_ptr() as usize + first.len();
    // The second half starts at the first key of this mapping past the point that halves the file.
    let target = end.saturating_sub(text.len() / 2).max(first_end);
    let mut at = target + text.as_bytes()[target..end].iter().position(|&b| b == b'\n')? + 1;
    while at < end {
        let line = text[at..end].split_inclusive('\n').next()?;
        if is_key_line(line.trim_end_matches('\n'), indent).is_some() {
            // Too small a second half is not worth a thread.
            return (end - at >= SPLIT_MIN / 4).then_some(Split { key, mid: at, end });
        }
        at += line.len();
    }
    None
}

/// Each line of `text` with its `\n`, and where it starts.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1);
    let mut start = 0;
    ends.chain(Some(text.len())).filter_map(move |end| {
        let line = (end > start).then(|| (start, &text[start..end]));
        start = end;
        line
    })
}

/// [`Split`]'s two halves parsed at once, as two documents in which every line keeps its number:
/// the first is the file with the second half's lines emptied, the second only the second half's
/// lines (after as many empty ones). `None` when either has an error or an anchor or alias (which
/// may refer across the cut), or a key of the mapping appears in both halves: the caller then
/// parses the file in one piece.
fn parse_halves(text: &str, split: &Split, map: &mut SourceMap) -> Option<Value> {
    // A range's lines, emptied: every `\r` is part of a `\r\n` (see `split`), so lines end at `\n`.
    let breaks = |range: &str| "\n".repeat(memchr::memchr_iter(b'\n', range.as_bytes()).count());
    let (mid, end) = (split.mid, split.end);
    let mut first_text = String::with_capacity(text.len());
    first_text.push_str(&text[..mid]);
    first_text.push_str(&breaks(&text[mid..end]));
    first_text.push_str(&text[end..]);
    let mut second_text = breaks(&text[..mid]);
    second_text.push_str(&text[mid..end]);
    let mut first_map = map.clone();
    let (first, second) = std::thread::scope(|scope| {
        // The second half's mapping is the root's entry there: one level deeper than it parses.
        let second = scope.spawn(|| parse_recording(&second_text, None, 0, 1));
        let first = parse_recording(&first_text, Some(&mut first_map), 1, 0);
        (first, second.join())
    });
    let (first, second) = (first.ok()?, second.ok()?.ok()?);
    if first.anchors || second.anchors {
        return None;
    }
    let (mut value, Value::Object(rest)) = (first.value, second.value) else { return None };
    let Some(Value::Object(entries)) = value.get_mut(split.key) else { return None };
    for (key, item) in rest {
        match entries.entry(key) {
            Entry::Vacant(slot) => slot.insert(item),
            // A duplicate key: the error, at its place, is the one-piece parse's to report.
            Entry::Occupied(_) => return None,
        };
    }
    *map = first_map;
    Some(value)
}

/// A parsed document, and whether it has anchors or aliases.
struct Parsed {
    value: Value,
    anchors: bool,
}

/// Parses, recording in `map` the positions of the nodes at most `depth` levels deep (the root
/// is level 0, its entries level 1); the root is taken to be nested `nesting` levels deep.
///
/// A flow collection's closing bracket on a line of its own at its key's column (`Fn::Join: [`
/// ... `]` under the `F`) is, strictly, under-indented; js-yaml (the reference's parser) and
/// PyYAML read it all the same, and real serverless.yml files rely on that. Such a line is
/// parsed as if the bracket stood one column further right, which changes no value and no
/// other position.
fn parse_recording(
    text: &str,
    mut map: Option<&mut SourceMap>,
    depth: usize,
    nesting: usize,
) -> Result<Parsed, YamlError> {
    let mut patched: Option<String> = None;
    // Each fix moves one bracket one column; a bound keeps a pathological file from looping.
    let mut fixes = 0;
    loop {
        let current = patched.as_deref().unwrap_or(text);
        match parse_events(current, map.as_deref_mut(), depth, nesting) {
            Err(e) if e.message == "invalid indentation" && fixes < 1000 => {
                fixes += 1;
                let Some(line_start) = e.loc.and_then(|loc| closing_bracket_line(current, loc)) else { return Err(e) };
                let mut fixed = current.to_string();
                fixed.insert(line_start, ' ');
                patched = Some(fixed);
            }
            result => return result,
        }
    }
}

/// The byte offset of the line `loc` is on, when `loc` points at a `]` or `}` preceded by
/// nothing but spaces on that line.
fn closing_bracket_line(text: &str, loc: Loc) -> Option<usize> {
    let start = if loc.line <= 1 { 0 } else { memchr::memchr_iter(b'\n', text.as_bytes()).nth(loc.line - 2)? + 1 };
    let line = &text[start..];
    let indent = line.len() - line.trim_start_matches(' ').len();
    (indent + 1 == loc.col && line[indent..].starts_with([']', '}'])).then_some(start)
}

fn parse_events(
    text: &str,
    mut map: Option<&mut SourceMap>,
    depth: usize,
    nesting: usize,
) -> Result<Parsed, YamlError> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Value> = HashMap::new();
    let mut root: Option<Value> = None;
    let mut documents = 0;
    let mut expanded = 0usize;
    let mut anchored = false;
    // The config path of the innermost open collection that is recorded; children append to it
    // and cut it back, so that no node allocates a path of its own.
    let mut path = String::new();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| YamlError {
            message: e.info().to_string(),
            loc: Some(Loc { line: e.marker().line(), col: e.marker().col() + 1, len: 1 }),
        })?;
        let loc = loc_of(&span);
        // Where this event's node is recorded, if it is; the root is level 0.
        let recorder = map.as_deref_mut().filter(|_| stack.len() <= depth);
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError {
                        message: "more than one YAML document (`---`); serverless.yml has exactly one".into(),
                        loc: Some(loc),
                    });
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                if is_key(&stack) {
                    // A mapping key: unknown-key diagnostics point here rather than at the value.
                    let key = text.into_owned();
                    if let Some(parent) = stack.last_mut() {
                        if let Some(map) = recorder {
                            let base = path.len();
                            push_key(&mut path, &key);
                            map.insert_key(&path, loc);
                            path.truncate(base);
                        }
                        if let FrameKind::Map(_, pending, _) = &mut parent.kind {
                            *pending = Some((key, loc));
                        }
                    }
                    continue;
                };
                if let Some(map) = recorder {
                    let base = path.len();
                    push_child_path(&stack, &mut path);
                    map.insert_value(&path, loc);
                    path.truncate(base);
                }
                let value = scalar(text, style, tag.as_deref(), &loc)?;
                anchored |= anchor > 0;
                if anchor > 0 {
                    anchors.insert(anchor, value.clone());
                }
                push_value(&mut stack, &mut root, value)?;
            }
            Event::Alias(id) => {
                anchored = true;
                let value = anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| YamlError { message: "alias to an unknown anchor".into(), loc: Some(loc) })?;
                // Aliases copy their anchor: nested ones grow exponentially ("billion laughs").
                expanded += nodes(&value);
                if expanded > MAX_ALIAS_NODES {
                    return Err(YamlError {
                        message: format!("aliases expand to more than {MAX_ALIAS_NODES} values"),
                        loc: Some(loc),
                    });
                }
                if is_key(&stack) {
                    return Err(YamlError { message: "an alias cannot be a mapping key here".into(), loc: Some(loc) });
                }
                if let Some(map) = recorder {
                    let base = path.len();
                    push_child_path(&stack, &mut path);
                    map.insert_value(&path, loc);
                    path.truncate(base);
                }
                push_value(&mut stack, &mut root, value)?;
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                let is_seq = matches!(event, Event::SequenceStart(..));
                let tag = tag.as_ref().map(|t| t.clone().into_owned());
                if is_key(&stack) {
                    return Err(YamlError {
                        message: "complex mapping keys (a list or mapping as a key) are not supported".into(),
                        loc: Some(loc),
                    });
                }
                if stack.len() + nesting >= MAX_NESTING {
                    return Err(YamlError {
                        message: format!("nesting deeper than {MAX_NESTING} levels"),
                        loc: Some(loc),
                    });
                }
                if let Some(map) = recorder {
                    push_child_path(&stack, &mut path);
                    // A block collection "starts" at its first child, an unrelated line:
                    // diagnostics about the whole collection point at its key instead (see
                    // `SourceMap::locate`). A flow collection (`[1]`, `{a: b}`) starts on its
                    // key's line, and is shown.
                    let key_line = match stack.last().map(|parent| &parent.kind) {
                        Some(FrameKind::Map(_, Some((_, key)), _)) => Some(key.line),
                        _ => None,
                    };
                    if key_line.is_none_or(|line| line == loc.line) {
                        map.insert_value(&path, loc);
                    }
                }
                anchored |= anchor > 0;
                let kind = if is_seq { FrameKind::Seq(Vec::new()) } else { FrameKind::Map(Map::new(), None, vec![]) };
                stack.push(Frame { kind, tag, anchor, loc, path_len: path.len() });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = stack.pop() else { continue };
                path.truncate(stack.last().map_or(0, |parent| parent.path_len));
                let value = match frame.kind {
                    FrameKind::Seq(items) => Value::Array(items),
                    FrameKind::Map(mut entries, _, merges) => {
                        // `<<: *base` merge keys: explicit keys win, as in YAML 1.1.
                        for merged in merges {
                            for (k, v) in merged {
                                if !entries.contains_key(&k) {
                                    entries.insert(k, v);
                                }
                            }
                        }
                        Value::Object(entries)
                    }
                };
                let value = apply_tag(value, frame.tag.as_ref(), &frame.loc)?;
                if frame.anchor > 0 {
                    anchors.insert(frame.anchor, value.clone());
                }
                push_value(&mut stack, &mut root, value)?;
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    Ok(Parsed { value: root.unwrap_or(Value::Null), anchors: anchored })
}

/// The line/column/length of a span (saphyr columns are 0-based; ours are 1-based).
fn loc_of(span: &Span) -> Loc {
    let (start, end) = (span.start, span.end);
    let len = if end.line() == start.line() { end.col().saturating_sub(start.col()).max(1) } else { 1 };
    Loc { line: start.line(), col: start.col() + 1, len }
}

/// Whether the node about to start is a mapping key.
fn is_key(stack: &[Frame]) -> bool {
    matches!(stack.last(), Some(Frame { kind: FrameKind::Map(_, None, _), .. }))
}

/// For a node about to start (not a mapping key), appends its config path's last step (as
/// core's diagnostics write it) to `path`, its parent's path.
fn push_child_path(stack: &[Frame], path: &mut String) {
    match stack.last().map(|parent| &parent.kind) {
        Some(FrameKind::Seq(items)) => push_index(path, items.len()),
        Some(FrameKind::Map(_, Some((key, _)), _)) => push_key(path, key),
        Some(FrameKind::Map(_, None, _)) | None => {}
    }
}

fn push_value(stack: &mut [Frame], root: &mut Option<Value>, value: Value) -> Result<(), YamlError> {
    let Some(parent) = stack.last_mut() else {
        *root = Some(value);
        return Ok(());
    };
    match &mut parent.kind {
        FrameKind::Seq(items) => items.push(value),
        FrameKind::Map(entries, pending, merges) => {
            if let Some((key, loc)) = pending.take() {
                if key == "<<" {
                    match value {
                        Value::Object(m) => merges.push(m),
                        Value::Array(list) => merges.extend(list.into_iter().filter_map(|v| match v {
                            Value::Object(m) => Some(m),
                            _ => None,
                        })),
                        other => {
                            entries.insert(key, other);
                        }
                    }
                } else {
                    match entries.entry(key) {
                        Entry::Vacant(slot) => {
                            slot.insert(value);
                        }
                        Entry::Occupied(slot) => {
                            // js-yaml, the reference's parser, rejects these too: one would be lost.
                            let message = format!("duplicate key `{}`", slot.key());
                            return Err(YamlError { message, loc: Some(loc) });
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// A scalar's JSON value: quoted scalars are strings, plain ones follow the core schema, `!!str`
/// and friends force a type, `!Ref`-style tags wrap it.
fn scalar(text: Cow<'_, str>, style: ScalarStyle, tag: Option<&Tag>, loc: &Loc) -> Result<Value, YamlError> {
    let plain = style == ScalarStyle::Plain;
    let value = match tag {
        Some(t) if t.handle == "tag:yaml.org,2002:" || t.handle == "!!" => match t.suffix.as_str() {
            "str" => return Ok(Value::String(text.into_owned())),
            "int" | "float" => resolve_plain(&text)
                .filter(Value::is_number)
                .ok_or_else(|| YamlError { message: format!("`{text}` is not a {}", t.suffix), loc: Some(*loc) })?,
            "bool" => resolve_plain(&text)
                .filter(Value::is_boolean)
                .ok_or_else(|| YamlError { message: format!("`{text}` is not a bool"), loc: Some(*loc) })?,
            "null" => Value::Null,
            other => {
                return Err(YamlError { message: format!("unsupported YAML tag `!!{other}`"), loc: Some(*loc) });
            }
        },
        _ if plain => resolve_plain(&text).unwrap_or_else(|| Value::String(text.into_owned())),
        _ => Value::String(text.into_owned()),
    };
    match tag {
        Some(t) if t.handle == "!" => apply_tag(value, Some(t), loc),
        _ => Ok(value),
    }
}

/// YAML 1.2 core schema for plain scalars (what js-yaml, the reference's parser, also resolves):
/// null, booleans, integers (decimal, `0x`, `0o`), floats; `None` means "a string".
pub(crate) fn resolve_plain(text: &str) -> Option<Value> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let negative = text.starts_with('-');
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = text.trim_start_matches('+').parse::<i64>() {
            return Some(Value::Number(n.into()));
        }
        if let Ok(n) = text.trim_start_matches('+').parse::<u64>() {
            return Some(Value::Number(n.into()));
        }
    }
    if !negative && let Some(hex) = digits.strip_prefix("0x") {
        return u64::from_str_radix(hex, 16).ok().map(|n| Value::Number(n.into()));
    }
    if !negative && let Some(oct) = digits.strip_prefix("0o") {
        return u64::from_str_radix(oct, 8).ok().map(|n| Value::Number(n.into()));
    }
    let looks_float = digits.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && digits.bytes().any(|b| b.is_ascii_digit())
        && digits.starts_with(|c: char| c.is_ascii_digit() || c == '.');
    if looks_float && let Ok(f) = text.parse::<f64>() {
        return Number::from_f64(f).map(Value::Number);
    }
    None
}

/// CloudFormation short-form tags, by suffix: `!Ref` → `Ref`, `!Condition` → `Condition`,
/// anything else known → `Fn::<suffix>`.
const FN_TAGS: &[&str] = &[
    "GetAtt",
    "Sub",
    "Join",
    "ImportValue",
    "Split",
    "FindInMap",
    "If",
    "Select",
    "Base64",
    "GetAZs",
    "Cidr",
    "Equals",
    "And",
    "Or",
    "Not",
    "Transform",
    "ToJsonString",
    "Length",
];

fn apply_tag(value: Value, tag: Option<&Tag>, loc: &Loc) -> Result<Value, YamlError> {
    let Some(tag) = tag else { return Ok(value) };
    if tag.handle == "!!" || tag.handle == "tag:yaml.org,2002:" {
        // `!!map`, `!!seq` on collections: nothing to do.
        return Ok(value);
    }
    let suffix = tag.suffix.as_str();
    let key = match suffix {
        "Ref" | "Condition" if tag.handle == "!" => suffix.to_string(),
        s if tag.handle == "!" && FN_TAGS.contains(&s) => format!("Fn::{s}"),
        _ => {
            let known = ["Ref", "Condition"].iter().chain(FN_TAGS).map(|s| format!("!{s}")).collect::<Vec<_>>();
            return Err(YamlError {
                message: format!(
                    "unknown tag `{}{}`; CloudFormation short forms are {}",
                    tag.handle,
                    suffix,
                    known.join(", ")
                ),
                loc: Some(*loc),
            });
        }
    };
    let value = match (suffix, value) {
        // `!GetAtt Resource.Attribute` is the string form of `[Resource, Attribute]`.
        ("GetAtt", Value::String(s)) => match s.split_once('.') {
            Some((resource, attribute)) => Value::Array(vec![resource.into(), attribute.into()]),
            None => {
                return Err(YamlError {
                    message: format!("`!GetAtt {s}` needs the form `Resource.Attribute`"),
                    loc: Some(*loc),
                });
            }
        },
        (_, v) => v,
    };
    let mut map = Map::new();
    map.insert(key, value);
    Ok(Value::Object(map))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        parse(text, &mut SourceMap::default()).unwrap()
    }

    /// A closing bracket at its key's column reads as js-yaml reads it (corpus file 094); the
    /// positions of everything else are unchanged, and other bad indentation is still an error.
    #[test]
    fn closing_brackets_at_the_keys_column_read_as_in_js_yaml() {
        let text = "r:\n  Fn::Join: [\n    \"\", [\n      \"a\", {\n        \"Ref\": \"B\"\n      }\n    ]\n  ]\n  Next: {\n    x: 1\n  }\nz: 2\n";
        let mut map = SourceMap::default();
        let value = parse(text, &mut map).unwrap();
        assert_eq!(value, serde_json::json!({"r": {"Fn::Join": ["", ["a", {"Ref": "B"}]], "Next": {"x": 1}}, "z": 2}));
        assert_eq!(map.locate("z", "").unwrap(), Loc { line: 12, col: 4, len: 1 });
        assert_eq!(map.locate("r.Next.x", "").unwrap().line, 10);
        let bad = parse("a:\n  b: 1\n c: 2\n", &mut SourceMap::default()).unwrap_err();
        assert_eq!(bad.loc.map(|l| l.line), Some(3));
    }

    #[test]
    fn short_tags_become_long_forms() {
        let v = yaml(
            "a: !Ref X\nb: !GetAtt [A, B]\nc: !Sub 'x-${AWS::Region}'\nd: !Join [',', [a, b]]\ne: !ImportValue n\n\
             f: !Split [',', !Ref L]\ng: !FindInMap [M, a, b]\nh: !If [C, a, b]\ni: !Select [0, !Ref L]\nj: !Base64 x\n",
        );
        assert_eq!(
            v,
            serde_json::json!({
                "a": {"Ref": "X"}, "b": {"Fn::GetAtt": ["A", "B"]}, "c": {"Fn::Sub": "x-${AWS::Region}"},
                "d": {"Fn::Join": [",", ["a", "b"]]}, "e": {"Fn::ImportValue": "n"},
                "f": {"Fn::Split": [",", {"Ref": "L"}]}, "g": {"Fn::FindInMap": ["M", "a", "b"]},
                "h": {"Fn::If": ["C", "a", "b"]}, "i": {"Fn::Select": [0, {"Ref": "L"}]}, "j": {"Fn::Base64": "x"}
            })
        );
    }

    #[test]
    fn scalars_follow_the_core_schema() {
        let v = yaml("a: 1\nb: '1'\nc: 1.5\nd: true\ne: ~\nf: 0x10\ng: 1e3\nh: abc\ni: -7\nj: 2024-01-01\n");
        assert_eq!(
            v,
            serde_json::json!({"a": 1, "b": "1", "c": 1.5, "d": true, "e": null, "f": 16, "g": 1000.0, "h": "abc",
                               "i": -7, "j": "2024-01-01"})
        );
    }

    #[test]
    fn anchors_aliases_and_merge_keys() {
        let v = yaml("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\nlist: [*b]\n");
        assert_eq!(v["other"], serde_json::json!({"y": 3, "x": 1}));
        assert_eq!(v["list"][0], serde_json::json!({"x": 1, "y": 2}));
    }

    #[test]
    fn positions_of_keys_and_values() {
        let mut map = SourceMap::default();
        parse("functions:\n  api:\n    memorySize: 1024\n", &mut map).unwrap();
        let at = map.value("functions.api.memorySize").unwrap();
        assert_eq!((at.line, at.col, at.len), (3, 17, 4));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 9].join(", ")));
        }
        let err = parse(&text, &mut SourceMap::default()).unwrap_err();
        assert!(err.message.contains("aliases expand to more than"), "{}", err.message);
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let err = parse("a: 1\nb:\n  c: 1\n  c: 2\n", &mut SourceMap::default()).unwrap_err();
        assert_eq!(err.message, "duplicate key `c`");
        assert_eq!(err.loc.map(|l| (l.line, l.col)), Some((4, 3)));
    }

    /// A service of 1,000 functions written by `function`, with `after` past them.
    fn large(function: impl Fn(usize) -> String, after: &str) -> String {
        let mut text = String::from("service: svc\n# about\nprovider:\n  name: aws\nfunctions:\n");
        (0..1000).for_each(|i| text.push_str(&function(i)));
        text.push_str(after);
        text
    }

    /// The one-piece parse's value, positions or error.
    fn one_piece(text: &str) -> (Result<Value, YamlError>, SourceMap) {
        let mut map = SourceMap::default();
        map.set_top_level();
        let value = parse_recording(text, Some(&mut map), 1, 0).map(|parsed| parsed.value);
        (value, map)
    }

    fn halves(text: &str) -> (Result<Value, YamlError>, SourceMap) {
        let mut map = SourceMap::default();
        let value = parse_top_level(text, &mut map);
        (value, map)
    }

    #[test]
    fn large_files_parse_in_halves_as_in_one_piece() {
        let plain =
            |i| format!("    f{i}:\n        handler: h.x\n        memorySize: {i}\n        tags: {{a: !Ref b}}\n");
        let rich = |i| {
            format!(
                "    f{i}:\n        description: \"multi\n          line {i}\"\n        env: {{A: [1, 2,\n            3]}}\n\
                 \x20       script: |\n          echo {i}\n\n          done\n# a comment\n        # another\n    \n\
                 \x20   g{i}:\n    - a\n    - 'b'\n"
            )
        };
        for text in [
            large(plain, ""),
            large(plain, "resources:\n  Resources: {}\ncustom:\n  x: 1\n"),
            large(rich, "resources:\n  Resources: {}\n"),
            large(rich, "").replace('\n', "\r\n"),
        ] {
            let split = split(&text).unwrap_or_else(|| panic!("no split in {}", &text[..200]));
            assert_eq!(split.key, "functions");
            assert!(
                is_key_line(text[split.mid..].lines().next().unwrap(), 4).is_some() && split.mid > text.len() / 3,
                "{split:?}"
            );
            assert!(parse_halves(&text, &split, &mut SourceMap::default()).is_some());
            let (value, map) = halves(&text);
            assert_eq!(
                (value.as_ref().map(|v| v["functions"].as_object().unwrap().len()), &map),
                (Ok(1000 * (1 + usize::from(text.contains("g1:")))), &one_piece(&text).1)
            );
            assert_eq!(value, one_piece(&text).0);
        }
    }

    #[test]
    fn large_files_in_doubt_parse_in_one_piece() {
        let plain =
            |i: usize| format!("    f{i}:\n        handler: h.x\n        memorySize: {i}\n        timeout: 3\n");
        let cases = [
            // Anchors and aliases across the halves.
            large(
                |i| {
                    if i == 10 {
                        "    f10: &x {a: 1}\n".into()
                    } else if i == 900 {
                        "    f900: *x\n".into()
                    } else {
                        plain(i)
                    }
                },
                "",
            ),
            large(|i| if i == 900 { "    f900: &x {a: 1}\n".into() } else { plain(i) }, "custom: *x\n"),
            // The same function in both halves, or twice in one.
            large(|i| plain(i % 700), ""),
            large(|i| plain(if i == 999 { 998 } else { i }), ""),
            // Errors in either half or after.
            large(|i| if i == 950 { "    f950: [1,\n".into() } else { plain(i) }, ""),
            large(|i| if i == 50 { "    f50: \"open\n".into() } else { plain(i) }, ""),
            large(plain, "functions:\n  x: 1\n"),
            large(plain, "---\nx: 1\n"),
            large(|i| if i == 950 { "  f950: 1\n".into() } else { plain(i) }, ""),
            large(|i| if i == 950 { "\tf950: 1\n".into() } else { plain(i) }, ""),
            // A merge key, a tag on the mapping, a flow mapping, an indented root, a lone CR.
            large(|i| if i == 950 { "    <<: {f9999: 1}\n".into() } else { plain(i) }, ""),
            large(plain, "").replace("functions:\n", "functions: !!map\n"),
            large(plain, "").replace("functions:\n", "functions: {\n") + "}\n",
            large(plain, "").replace('\n', "\n  "),
            large(plain, "").replacen('\n', "\r", 1),
            // Nesting that reaches the limit only in the second half.
            large(
                |i| if i == 950 { format!("    f950: {}{}\n", "[".repeat(127), "]".repeat(127)) } else { plain(i) },
                "",
            ),
        ];
        for (i, text) in cases.iter().enumerate() {
            let taken =
                split(text).is_some_and(|split| parse_halves(text, &split, &mut SourceMap::default()).is_some());
            assert!(!taken, "case {i}");
            let (value, map) = halves(text);
            let (expected, expected_map) = one_piece(text);
            assert_eq!(value, expected, "case {i}");
            assert_eq!(map, expected_map);
        }
    }

    #[test]
    fn errors_are_located() {
        let err = parse("a: [1, 2\nb: 3\n", &mut SourceMap::default()).unwrap_err();
        assert!(err.loc.is_some(), "{err:?}");
        let err = parse("a: !Foo x\n", &mut SourceMap::default()).unwrap_err();
        assert!(err.message.contains("unknown tag `!Foo`"), "{}", err.message);
        assert_eq!(err.loc.unwrap().line, 1);
    }
}
