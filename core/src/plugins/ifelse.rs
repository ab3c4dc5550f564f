//! serverless-plugin-ifelse 1.0.7 (`index.js`): `custom.serverlessIfElse` sets and removes config
//! keys when a condition holds. At `before:package:initialize`, once variables are resolved, the
//! plugin evaluates each item's `If` with JavaScript's `eval` and applies `Set` and `Exclude`
//! when it is truthy, `ElseSet` and `ElseExclude` otherwise; each key of `ExcludeIf` is removed
//! when its own condition is truthy. Keys are dotted paths into the service (`provider.memorySize`,
//! `functions.debug`); a path of one key is ignored, and `Set` adds only the last key of a path
//! whose parents exist.
//!
//! ```yaml
//! plugins:
//!   - serverless-plugin-ifelse
//! custom:
//!   serverlessIfElse:
//!     - If: '"${sls:stage}" == "prod"'
//!       Set:
//!         provider.memorySize: 2048
//!       ElseExclude:
//!         - functions.warmer
//!     - ExcludeIf:
//!         functions.debug: '"${sls:stage}" === "prod"'
//! ```
//!
//! Stackwright evaluates what such conditions are made of, once variables are resolved: string,
//! number, boolean, `null`/`undefined` and array literals, `!`, `&&`, `||`, `==`, `!=`, `===`,
//! `!==`, `<`, `>`, `<=`, `>=`, parentheses, and the methods `includes`, `indexOf`, `startsWith`
//! and `endsWith`, with JavaScript's semantics (loose equality, truthiness). Anything else (a
//! variable such as `process.env.STAGE`, another function) is an error naming the alternative;
//! where the plugin only logs that it cannot evaluate a condition (and skips the item) or that it
//! cannot change a key, stackwright reports an error or a warning.

use serde_json::{Map, Value};

use crate::codes;
use crate::reader::{Loader, describe, index, join};

/// The plugin's npm name.
pub(crate) const IFELSE: &str = "serverless-plugin-ifelse";
/// Its settings under `custom`.
pub const CUSTOM: &str = "serverlessIfElse";

/// Applies `custom.serverlessIfElse` to `root` as the plugin does (see the module's docs).
pub(crate) fn expand(l: &mut Loader, root: &mut Map<String, Value>) {
    let at = join("custom", CUSTOM);
    let items = match root.get("custom").and_then(|c| c.get(CUSTOM)) {
        Some(Value::Array(items)) => items.clone(),
        // The plugin's `params.forEach` on an object throws.
        Some(other @ Value::Object(_)) => {
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &at,
                format!("expected a list of conditions (`- If: ...`), found {}", describe(other)),
                "write each condition as an item of a list: the plugin goes through a list",
            );
            return;
        }
        _ => return,
    };
    for (i, item) in items.iter().enumerate() {
        let at = index(&at, i);
        let Value::Object(item) = item else { continue };
        if let Some(condition) = item.get("If").filter(|c| crate::json::truthy(Some(c))) {
            if let Some(holds) = condition_holds(l, condition, &join(&at, "If")) {
                let (set, exclude) = if holds { ("Set", "Exclude") } else { ("ElseSet", "ElseExclude") };
                if let Some(Value::Object(values)) = item.get(set) {
                    for (path, value) in values {
                        change(l, root, path, Some(value), &join(&join(&at, set), path));
                    }
                }
                match item.get(exclude) {
                    Some(Value::Array(paths)) => {
                        for (j, path) in paths.iter().enumerate() {
                            remove(l, root, path, &index(&join(&at, exclude), j));
                        }
                    }
                    Some(other @ Value::Object(_)) => l.error_help(
                        codes::CONFIG_INVALID_VALUE,
                        &join(&at, exclude),
                        format!("expected a list of key paths, found {}", describe(other)),
                        "list the paths to remove, e.g. `- functions.debug`",
                    ),
                    Some(path) if crate::json::truthy(Some(path)) => remove(l, root, path, &join(&at, exclude)),
                    _ => {}
                }
            }
        }
        if let Some(Value::Object(conditions)) = item.get("ExcludeIf") {
            for (path, condition) in conditions {
                let at = join(&join(&at, "ExcludeIf"), path);
                if condition_holds(l, condition, &at) == Some(true) {
                    change(l, root, path, None, &at);
                }
            }
        }
    }
}

/// Whether `condition` (the plugin's `eval` of it) is truthy; `None` after reporting one that
/// stackwright does not evaluate.
fn condition_holds(l: &mut Loader, condition: &Value, at: &str) -> Option<bool> {
    let Value::String(text) = condition else {
        // `eval` of anything but a string is that value.
        return Some(crate::json::truthy(Some(condition)));
    };
    match expression::evaluate(text) {
        Ok(value) => Some(value.truthy()),
        Err(problem) => {
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                at,
                format!("serverless-plugin-ifelse condition `{text}`: {problem}"),
                "compare resolved values, e.g. '\"${sls:stage}\" == \"prod\"' (`${env:NAME}` for an environment \
                 variable, `${opt:name}` for a CLI option); stackwright evaluates literals, `!`, `&&`, `||`, \
                 comparisons and `includes`/`indexOf`/`startsWith`/`endsWith`",
            );
            None
        }
    }
}

/// The plugin's removal of the key at `path` (a string) or of each of a list of them.
fn remove(l: &mut Loader, root: &mut Map<String, Value>, path: &Value, at: &str) {
    match path {
        Value::String(path) => change(l, root, path, None, at),
        other => l.error_help(
            codes::CONFIG_INVALID_VALUE,
            at,
            format!("expected a key path, found {}", describe(other)),
            "write the dotted path of the key to remove, e.g. `functions.debug`",
        ),
    }
}

/// The plugin's `changeKey`: sets (`Some(value)`) or removes (`None`) the key at the dotted
/// `path`. A path of one key changes nothing; a parent that is not there (or falsy) neither.
fn change(l: &mut Loader, root: &mut Map<String, Value>, path: &str, value: Option<&Value>, at: &str) {
    let keys: Vec<&str> = path.split('.').collect();
    let Some((last, parents)) = keys.split_last().filter(|(_, parents)| !parents.is_empty()) else {
        l.warn_help(
            codes::CONFIG_NO_EFFECT,
            at,
            format!("serverless-plugin-ifelse changes nothing at `{path}`: it skips a path of one key"),
            "name a key below a top-level key, e.g. `provider.memorySize` or `functions.debug`",
        );
        return;
    };
    let mut current = root.get_mut(parents[0]);
    for depth in 0..parents.len() {
        let shown = parents[..=depth].join(".");
        let parent = match current {
            Some(v) if crate::json::truthy(Some(v)) => v,
            _ => {
                if value.is_some() {
                    l.warn_help(
                        codes::CONFIG_NO_EFFECT,
                        at,
                        format!(
                            "serverless-plugin-ifelse sets nothing at `{path}`: `{shown}` is not there, and the \
                             plugin adds only the last key of a path"
                        ),
                        format!("write `{shown}` in the config, or set a path whose parents exist"),
                    );
                }
                return;
            }
        };
        if !parent.is_object() && !parent.is_array() {
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                at,
                format!(
                    "serverless-plugin-ifelse cannot change `{path}`: `{shown}` is {}, not an object",
                    describe(parent)
                ),
                "name a key of an object",
            );
            return;
        }
        if depth + 1 == parents.len() {
            return apply(l, parent, last, value, path, at);
        }
        let key = parents[depth + 1];
        current = match parent {
            Value::Object(map) => map.get_mut(key),
            Value::Array(items) => key.parse::<usize>().ok().and_then(move |i| items.get_mut(i)),
            _ => None,
        };
    }
}

/// Sets or removes `key` of `parent` (an object, or a list and an index).
fn apply(l: &mut Loader, parent: &mut Value, key: &str, value: Option<&Value>, path: &str, at: &str) {
    match (parent, value) {
        (Value::Object(map), Some(value)) => {
            map.insert(key.to_string(), value.clone());
        }
        (Value::Object(map), None) => {
            map.shift_remove(key);
        }
        (Value::Array(items), Some(value)) => match key.parse::<usize>().ok().filter(|i| *i < items.len()) {
            Some(i) => items[i] = value.clone(),
            None => l.error_help(
                codes::CONFIG_INVALID_VALUE,
                at,
                format!("serverless-plugin-ifelse cannot set `{path}`: `{key}` is not an item of the list"),
                "name an item the list has (from 0)",
            ),
        },
        // JavaScript's `delete` of a list item leaves a hole the framework then reads.
        (Value::Array(_), None) => l.error_help(
            codes::CONFIG_INVALID_VALUE,
            at,
            format!("serverless-plugin-ifelse cannot remove `{path}`: the plugin leaves a hole in the list"),
            "remove the whole list, or set it to the list without the item",
        ),
        _ => {}
    }
}

/// The JavaScript expressions `If` conditions are made of.
mod expression {
    use std::cmp::Ordering;

    /// A JavaScript value an expression can produce.
    #[derive(Clone, Debug, PartialEq)]
    pub(super) enum Js {
        Str(String),
        Num(f64),
        Bool(bool),
        Null,
        Undefined,
        Arr(Vec<Js>),
    }

    impl Js {
        pub(super) fn truthy(&self) -> bool {
            match self {
                Js::Str(s) => !s.is_empty(),
                Js::Num(n) => *n != 0.0 && !n.is_nan(),
                Js::Bool(b) => *b,
                Js::Null | Js::Undefined => false,
                Js::Arr(_) => true,
            }
        }

        fn number(&self) -> f64 {
            match self {
                Js::Str(s) => {
                    let t = s.trim();
                    if t.is_empty() {
                        0.0
                    } else if t.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b)) {
                        t.parse().unwrap_or(f64::NAN)
                    } else {
                        f64::NAN
                    }
                }
                Js::Num(n) => *n,
                Js::Bool(b) => f64::from(u8::from(*b)),
                Js::Null => 0.0,
                Js::Undefined => f64::NAN,
                Js::Arr(_) => Js::Str(self.text()).number(),
            }
        }

        fn text(&self) -> String {
            match self {
                Js::Str(s) => s.clone(),
                Js::Num(n) if n.fract() == 0.0 && n.abs() < 1e21 => format!("{}", *n as i64),
                Js::Num(n) => n.to_string(),
                Js::Bool(b) => b.to_string(),
                Js::Null => "null".into(),
                Js::Undefined => "undefined".into(),
                Js::Arr(items) => items
                    .iter()
                    .map(|i| if matches!(i, Js::Null | Js::Undefined) { String::new() } else { i.text() })
                    .collect::<Vec<_>>()
                    .join(","),
            }
        }

        /// `===`: two array literals are never the same array.
        fn strict_eq(&self, other: &Js) -> bool {
            match (self, other) {
                (Js::Arr(_), _) | (_, Js::Arr(_)) => false,
                (Js::Num(a), Js::Num(b)) => a == b,
                (a, b) => a == b,
            }
        }

        /// `==`.
        fn loose_eq(&self, other: &Js) -> bool {
            use Js::*;
            match (self, other) {
                (Null | Undefined, Null | Undefined) => true,
                (Null | Undefined, _) | (_, Null | Undefined) => false,
                (Arr(_), Arr(_)) => false,
                (Str(_), Str(_)) | (Num(_), Num(_)) | (Bool(_), Bool(_)) => self.strict_eq(other),
                (Bool(_), _) => Num(self.number()).loose_eq(other),
                (_, Bool(_)) => self.loose_eq(&Num(other.number())),
                (Arr(_), _) => Str(self.text()).loose_eq(other),
                (_, Arr(_)) => self.loose_eq(&Str(other.text())),
                _ => self.number() == other.number(),
            }
        }

        /// `<` and the others: strings by code point, anything else as numbers (`NaN`: `None`).
        fn compare(&self, other: &Js) -> Option<Ordering> {
            let (a, b) = (self.primitive(), other.primitive());
            match (&a, &b) {
                (Js::Str(x), Js::Str(y)) => Some(x.cmp(y)),
                _ => a.number().partial_cmp(&b.number()),
            }
        }

        fn primitive(&self) -> Js {
            match self {
                Js::Arr(_) => Js::Str(self.text()),
                other => other.clone(),
            }
        }
    }

    /// The value of `text`, or what stackwright does not evaluate in it.
    pub(super) fn evaluate(text: &str) -> Result<Js, String> {
        let tokens = tokens(text)?;
        let mut p = Parser { tokens, at: 0 };
        let value = p.or()?;
        match p.tokens.get(p.at) {
            None => Ok(value),
            Some(t) => Err(format!("unexpected `{}`", t.text())),
        }
    }

    #[derive(Clone, Debug, PartialEq)]
    enum Token {
        Value(Js),
        Name(String),
        Op(&'static str),
    }

    impl Token {
        fn text(&self) -> String {
            match self {
                Token::Value(Js::Str(s)) => format!("{s:?}"),
                Token::Value(v) => v.text(),
                Token::Name(n) => n.clone(),
                Token::Op(o) => o.to_string(),
            }
        }
    }

    const OPERATORS: &[&str] =
        &["===", "!==", "==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "-", "(", ")", "[", "]", ",", "."];

    fn tokens(text: &str) -> Result<Vec<Token>, String> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c.is_whitespace() {
                i += 1;
            } else if c == '"' || c == '\'' || c == '`' {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(format!("a string without its closing {c}")),
                        Some(&q) if q == c => break,
                        Some('$') if c == '`' && chars.get(i + 1) == Some(&'{') => {
                            return Err("a template literal with `${...}` is not evaluated".into());
                        }
                        Some('\\') => {
                            let escaped = chars.get(i + 1).ok_or("a string without its closing quote")?;
                            s.push(match escaped {
                                'n' => '\n',
                                't' => '\t',
                                'r' => '\r',
                                '0' => '\0',
                                other => *other,
                            });
                            i += 1;
                        }
                        Some(&ch) => s.push(ch),
                    }
                    i += 1;
                }
                i += 1;
                out.push(Token::Value(Js::Str(s)));
            } else if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                let n = text.parse::<f64>().map_err(|_| format!("`{text}` is not a number stackwright reads"))?;
                out.push(Token::Value(Js::Num(n)));
            } else if c.is_alphabetic() || c == '_' || c == '$' {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$') {
                    i += 1;
                }
                let name: String = chars[start..i].iter().collect();
                out.push(match name.as_str() {
                    "true" => Token::Value(Js::Bool(true)),
                    "false" => Token::Value(Js::Bool(false)),
                    "null" => Token::Value(Js::Null),
                    "undefined" => Token::Value(Js::Undefined),
                    _ => Token::Name(name),
                });
            } else {
                let rest: String = chars[i..chars.len().min(i + 3)].iter().collect();
                let op = OPERATORS
                    .iter()
                    .find(|o| rest.starts_with(**o))
                    .ok_or(format!("the operator `{c}` is not evaluated"))?;
                out.push(Token::Op(op));
                i += op.chars().count();
            }
        }
        Ok(out)
    }

    struct Parser {
        tokens: Vec<Token>,
        at: usize,
    }

    impl Parser {
        fn eat(&mut self, op: &str) -> bool {
            let found = matches!(self.tokens.get(self.at), Some(Token::Op(o)) if *o == op);
            self.at += usize::from(found);
            found
        }

        fn expect(&mut self, op: &str) -> Result<(), String> {
            if self.eat(op) {
                return Ok(());
            }
            Err(match self.tokens.get(self.at) {
                Some(t) => format!("`{op}` expected, found `{}`", t.text()),
                None => format!("`{op}` expected at the end"),
            })
        }

        fn or(&mut self) -> Result<Js, String> {
            let mut left = self.and()?;
            while self.eat("||") {
                let right = self.and()?;
                left = if left.truthy() { left } else { right };
            }
            Ok(left)
        }

        fn and(&mut self) -> Result<Js, String> {
            let mut left = self.equality()?;
            while self.eat("&&") {
                let right = self.equality()?;
                left = if left.truthy() { right } else { left };
            }
            Ok(left)
        }

        fn equality(&mut self) -> Result<Js, String> {
            let mut left = self.relational()?;
            loop {
                let op = ["===", "!==", "==", "!="].into_iter().find(|op| self.eat(op));
                let Some(op) = op else { return Ok(left) };
                let right = self.relational()?;
                left = Js::Bool(match op {
                    "===" => left.strict_eq(&right),
                    "!==" => !left.strict_eq(&right),
                    "==" => left.loose_eq(&right),
                    _ => !left.loose_eq(&right),
                });
            }
        }

        fn relational(&mut self) -> Result<Js, String> {
            let mut left = self.unary()?;
            loop {
                let op = ["<=", ">=", "<", ">"].into_iter().find(|op| self.eat(op));
                let Some(op) = op else { return Ok(left) };
                let right = self.unary()?;
                let order = left.compare(&right);
                left = Js::Bool(match op {
                    "<" => order == Some(Ordering::Less),
                    ">" => order == Some(Ordering::Greater),
                    "<=" => matches!(order, Some(Ordering::Less | Ordering::Equal)),
                    _ => matches!(order, Some(Ordering::Greater | Ordering::Equal)),
                });
            }
        }

        fn unary(&mut self) -> Result<Js, String> {
            if self.eat("!") {
                return Ok(Js::Bool(!self.unary()?.truthy()));
            }
            if self.eat("-") {
                return Ok(Js::Num(-self.unary()?.number()));
            }
            self.postfix()
        }

        fn postfix(&mut self) -> Result<Js, String> {
            let mut value = self.primary()?;
            while self.eat(".") {
                let method = match self.tokens.get(self.at) {
                    Some(Token::Name(n)) => n.clone(),
                    Some(t) => return Err(format!("a method name expected after `.`, found `{}`", t.text())),
                    None => return Err("a method name expected after `.`".into()),
                };
                self.at += 1;
                if method == "length" {
                    value = Js::Num(match &value {
                        Js::Str(s) => s.encode_utf16().count() as f64,
                        Js::Arr(items) => items.len() as f64,
                        _ => return Err(format!("`.length` of {}", value.text())),
                    });
                    continue;
                }
                self.expect("(")?;
                let argument = if self.eat(")") {
                    Js::Undefined
                } else {
                    let argument = self.or()?;
                    self.expect(")")?;
                    argument
                };
                value = call(&value, &method, &argument)?;
            }
            Ok(value)
        }

        fn primary(&mut self) -> Result<Js, String> {
            let token = self.tokens.get(self.at).cloned().ok_or("the condition ends too early")?;
            self.at += 1;
            match token {
                Token::Value(v) => Ok(v),
                Token::Op("(") => {
                    let v = self.or()?;
                    self.expect(")")?;
                    Ok(v)
                }
                Token::Op("[") => {
                    let mut items = Vec::new();
                    if !self.eat("]") {
                        loop {
                            items.push(self.or()?);
                            if self.eat("]") {
                                break;
                            }
                            self.expect(",")?;
                        }
                    }
                    Ok(Js::Arr(items))
                }
                Token::Name(name) => Err(format!(
                    "`{name}` is a JavaScript name, whose value stackwright does not know (it evaluates literals \
                     only, once variables are resolved)"
                )),
                Token::Op(op) => Err(format!("unexpected `{op}`")),
            }
        }
    }

    fn call(value: &Js, method: &str, argument: &Js) -> Result<Js, String> {
        match (value, method) {
            (Js::Arr(items), "includes") => Ok(Js::Bool(items.iter().any(|i| i.strict_eq(argument)))),
            (Js::Arr(items), "indexOf") => {
                Ok(Js::Num(items.iter().position(|i| i.strict_eq(argument)).map_or(-1.0, |p| p as f64)))
            }
            (Js::Str(s), "includes") => Ok(Js::Bool(s.contains(&argument.text()))),
            (Js::Str(s), "indexOf") => {
                Ok(Js::Num(s.find(&argument.text()).map_or(-1.0, |byte| s[..byte].encode_utf16().count() as f64)))
            }
            (Js::Str(s), "startsWith") => Ok(Js::Bool(s.starts_with(&argument.text()))),
            (Js::Str(s), "endsWith") => Ok(Js::Bool(s.ends_with(&argument.text()))),
            _ => Err(format!("the method `{method}` of {} is not evaluated", value.text())),
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn truthy(text: &str) -> bool {
            evaluate(text).unwrap_or_else(|e| panic!("{text}: {e}")).truthy()
        }

        #[test]
        fn conditions_as_javascript_evaluates_them() {
            for yes in [
                "\"prod\" == \"prod\"",
                "'prod' === 'prod'",
                "'dev' != 'prod' && 'us-east-1' == 'us-east-1'",
                "'a' == 'b' || 'c'",
                "!('dev' === 'prod')",
                "'1' == 1",
                "true == 1",
                "'' == 0",
                "null == undefined",
                "['dev', 'test'].includes('dev')",
                "['dev', 'test'].indexOf('test') > -1",
                "'feature-x'.startsWith('feature-')",
                "'10' > '9' === false",
                "10 > 9",
                "'abc'.length === 3",
                "[1] == 1",
                "true",
                "\"it's\" == 'it\\'s'",
            ] {
                assert!(truthy(yes), "{yes}");
            }
            for no in ["'prod' == 'dev'", "'1' === 1", "null == 0", "[] == []", "''", "0", "'a' < 'A'"] {
                assert!(!truthy(no), "{no}");
            }
        }

        #[test]
        fn what_is_not_evaluated_says_what() {
            let error = |text: &str| evaluate(text).unwrap_err();
            assert!(error("process.env.STAGE == 'prod'").starts_with("`process` is a JavaScript name"));
            assert_eq!(error("'a' + 'b'"), "the operator `+` is not evaluated");
            assert_eq!(error("'a' =="), "the condition ends too early");
            assert_eq!(error("'a"), "a string without its closing '");
            assert_eq!(error("('a' == 'a'"), "`)` expected at the end");
            assert_eq!(error("'a'.toUpperCase() == 'A'"), "the method `toUpperCase` of a is not evaluated");
        }
    }
}
