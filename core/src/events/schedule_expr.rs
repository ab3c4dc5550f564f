//! Schedule expressions as EventBridge and EventBridge Scheduler accept them: `rate(...)`,
//! six-field `cron(...)` and (Scheduler only) `at(...)`.
//!
//! The reference only matches a loose pattern and warns; AWS rejects the rest at deploy time
//! (DECISIONS.md D7), so a bad expression is reported here with the field at fault and what that
//! field allows. Shared by `schedule`, `eventBridge` and the typed builders.

use std::fmt;

/// Why an expression is not valid; `Display` gives the full explanation.
///
/// ```
/// use stackwright_core::events::schedule_expr::check;
/// let e = check("cron(0 24 * * ? *)", false).unwrap_err();
/// assert!(e.reason.contains("hours"));
/// assert!(e.allowed.contains("0-23"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleError {
    /// What is wrong, naming the field at fault.
    pub reason: String,
    /// What would be accepted.
    pub allowed: String,
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.reason, self.allowed)
    }
}

fn err(reason: impl Into<String>, allowed: impl Into<String>) -> ScheduleError {
    ScheduleError { reason: reason.into(), allowed: allowed.into() }
}

const RATE_ALLOWED: &str = "rate(<value> <unit>): a positive whole number and minute/minutes, hour/hours or day/days, singular only for 1, \
     e.g. rate(1 hour), rate(5 minutes)";

/// Checks one schedule expression; `scheduler` also accepts one-time `at(yyyy-mm-ddThh:mm:ss)`.
///
/// ```
/// use stackwright_core::events::schedule_expr::check;
/// assert!(check("rate(5 minutes)", false).is_ok());
/// assert!(check("cron(0 12 * * ? *)", false).is_ok());
/// let e = check("cron(0 12 * * * *)", false).unwrap_err();
/// assert!(e.reason.contains("day-of-month"));
/// ```
pub fn check(expr: &str, scheduler: bool) -> Result<(), ScheduleError> {
    if let Some(body) = expr.strip_prefix("rate(").and_then(|s| s.strip_suffix(')')) {
        return rate(body);
    }
    if let Some(body) = expr.strip_prefix("cron(").and_then(|s| s.strip_suffix(')')) {
        return cron(body);
    }
    if scheduler && let Some(body) = expr.strip_prefix("at(").and_then(|s| s.strip_suffix(')')) {
        return at(body);
    }
    let forms = if scheduler { "rate(...), cron(...) or at(...)" } else { "rate(...) or cron(...)" };
    Err(err(
        format!("\"{expr}\" is neither {forms}"),
        format!(
            "{RATE_ALLOWED}; or cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>), e.g. cron(0 12 * * ? *)"
        ),
    ))
}

/// The unit of a `rate(...)` expression.
///
/// ```
/// use stackwright_core::events::schedule_expr::{RateUnit, ScheduleExpression};
/// assert_eq!(ScheduleExpression::rate(2, RateUnit::Days).unwrap().to_string(), "rate(2 days)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateUnit {
    /// `minute` / `minutes`.
    Minutes,
    /// `hour` / `hours`.
    Hours,
    /// `day` / `days`.
    Days,
}

/// A checked schedule expression, for typed builders: it can only hold what [`check`] accepts.
///
/// ```
/// use stackwright_core::events::schedule_expr::{RateUnit, ScheduleExpression};
/// assert_eq!(ScheduleExpression::rate(5, RateUnit::Minutes).unwrap().as_str(), "rate(5 minutes)");
/// assert_eq!(ScheduleExpression::rate(1, RateUnit::Hours).unwrap().as_str(), "rate(1 hour)");
/// assert!(ScheduleExpression::cron("0 12 * * ? *").is_ok());
/// assert!(ScheduleExpression::cron("0 12 * * * *").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleExpression(String);

impl ScheduleExpression {
    /// `rate(<value> <unit>)` with the singular unit for 1; 0 is an error.
    pub fn rate(value: u32, unit: RateUnit) -> Result<Self, ScheduleError> {
        let unit = match unit {
            RateUnit::Minutes => "minute",
            RateUnit::Hours => "hour",
            RateUnit::Days => "day",
        };
        let plural = if value == 1 { "" } else { "s" };
        Self::parse(&format!("rate({value} {unit}{plural})"), false)
    }

    /// `cron(<fields>)` from the six fields (minutes hours day-of-month month day-of-week year).
    pub fn cron(fields: &str) -> Result<Self, ScheduleError> {
        Self::parse(&format!("cron({fields})"), false)
    }

    /// Any expression as written in serverless.yml; `scheduler` also accepts `at(...)`.
    pub fn parse(expr: &str, scheduler: bool) -> Result<Self, ScheduleError> {
        check(expr, scheduler).map(|()| ScheduleExpression(expr.to_string()))
    }

    /// The expression text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ScheduleExpression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn rate(body: &str) -> Result<(), ScheduleError> {
    let mut parts = body.split(' ');
    let (Some(value), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(err(format!("rate({body}) must be a value and a unit separated by one space"), RATE_ALLOWED));
    };
    let n: u64 = match value.parse() {
        Ok(n) if n > 0 && !value.starts_with('0') && value.bytes().all(|b| b.is_ascii_digit()) => n,
        _ => return Err(err(format!("rate value \"{value}\" is not a positive whole number"), RATE_ALLOWED)),
    };
    let (singular, plural) = match unit {
        "minute" | "minutes" => ("minute", "minutes"),
        "hour" | "hours" => ("hour", "hours"),
        "day" | "days" => ("day", "days"),
        _ => return Err(err(format!("rate unit \"{unit}\" is not a unit"), RATE_ALLOWED)),
    };
    if n == 1 && unit != singular {
        return Err(err(format!("rate(1 {unit}) must use the singular unit: rate(1 {singular})"), RATE_ALLOWED));
    }
    if n > 1 && unit != plural {
        return Err(err(format!("rate({n} {unit}) must use the plural unit: rate({n} {plural})"), RATE_ALLOWED));
    }
    Ok(())
}

/// One cron field: its name, bounds, names and which special characters it allows.
struct Field {
    name: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
    /// Special characters beyond `, - * /`.
    special: &'static str,
    allowed: &'static str,
}

const MONTHS: &[&str] = &["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS: &[&str] = &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const FIELDS: [Field; 6] = [
    Field { name: "minutes", min: 0, max: 59, names: &[], special: "", allowed: "0-59 and , - * /" },
    Field { name: "hours", min: 0, max: 23, names: &[], special: "", allowed: "0-23 and , - * /" },
    Field { name: "day-of-month", min: 1, max: 31, names: &[], special: "?LW", allowed: "1-31 and , - * ? / L W" },
    Field { name: "month", min: 1, max: 12, names: MONTHS, special: "", allowed: "1-12 or JAN-DEC and , - * /" },
    Field {
        name: "day-of-week",
        min: 1,
        max: 7,
        names: DAYS,
        special: "?L#",
        allowed: "1-7 or SUN-SAT and , - * ? L #",
    },
    Field { name: "year", min: 1970, max: 2199, names: &[], special: "", allowed: "1970-2199 and , - * /" },
];

fn cron(body: &str) -> Result<(), ScheduleError> {
    let fields: Vec<&str> = body.split(' ').collect();
    if fields.len() != 6 || fields.iter().any(|f| f.is_empty()) {
        return Err(err(
            format!(
                "cron({body}) has {} field(s) separated by single spaces, not 6",
                fields.iter().filter(|f| !f.is_empty()).count()
            ),
            "cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>), e.g. cron(0 12 * * ? *)",
        ));
    }
    for (text, field) in fields.iter().zip(FIELDS.iter()) {
        cron_field(text, field)?;
    }
    match (fields[2] == "?", fields[4] == "?") {
        (true, true) => Err(err(
            "day-of-month and day-of-week are both `?`",
            "use `?` in exactly one of them, e.g. cron(0 12 * * ? *) or cron(0 12 ? * MON *)",
        )),
        (false, false) => Err(err(
            format!("day-of-month ({}) and day-of-week ({}) are both set", fields[2], fields[4]),
            "AWS requires `?` in exactly one of them, e.g. cron(0 12 * * ? *) or cron(0 12 ? * MON *)",
        )),
        _ => Ok(()),
    }
}

fn cron_field(text: &str, f: &Field) -> Result<(), ScheduleError> {
    let bad = |what: String| {
        err(format!("cron {} field \"{text}\": {what}", f.name), format!("{} allows {}", f.name, f.allowed))
    };
    if text == "?" {
        return if f.special.contains('?') {
            Ok(())
        } else {
            Err(bad("`?` is only allowed in day-of-month or day-of-week".into()))
        };
    }
    for item in text.split(',') {
        if item.is_empty() {
            return Err(bad("empty list item".into()));
        }
        if item == "?" {
            return Err(bad("`?` must stand alone".into()));
        }
        cron_item(item, f).map_err(bad)?;
    }
    Ok(())
}

fn cron_item(item: &str, f: &Field) -> Result<(), String> {
    // Day-of-month: L, LW, <n>W; day-of-week: L, <n>L, <n>#<k>.
    if f.special.contains('L') && item == "L" {
        return Ok(());
    }
    if f.special.contains('W') {
        if item == "LW" {
            return Ok(());
        }
        if let Some(day) = item.strip_suffix('W') {
            return value(day, f).map(drop);
        }
    }
    if f.special.contains('#') {
        if let Some((day, nth)) = item.split_once('#') {
            value(day, f)?;
            return match nth.parse::<u32>() {
                Ok(1..=5) => Ok(()),
                _ => Err(format!("\"#{nth}\" must be the week of the month, 1-5")),
            };
        }
        if let Some(day) = item.strip_suffix('L') {
            return value(day, f).map(drop);
        }
    }
    let (range, step) = match item.split_once('/') {
        Some((r, s)) => (r, Some(s)),
        None => (item, None),
    };
    if let Some(step) = step {
        match step.parse::<u32>() {
            Ok(n) if n >= 1 && n <= f.max => {}
            _ => return Err(format!("step \"/{step}\" must be a whole number from 1 to {}", f.max)),
        }
    }
    if range == "*" {
        return Ok(());
    }
    match range.split_once('-') {
        Some((a, b)) => {
            value(a, f)?;
            value(b, f)?;
        }
        None => {
            value(range, f)?;
        }
    }
    Ok(())
}

fn value(text: &str, f: &Field) -> Result<u32, String> {
    if let Some(i) = f.names.iter().position(|n| n.eq_ignore_ascii_case(text)) {
        return Ok(f.min + i as u32);
    }
    match text.parse::<u32>() {
        Ok(n) if text.bytes().all(|b| b.is_ascii_digit()) && (f.min..=f.max).contains(&n) => Ok(n),
        Ok(n) if text.bytes().all(|b| b.is_ascii_digit()) => Err(format!("{n} is outside {}-{}", f.min, f.max)),
        _ => Err(format!("\"{text}\" is not a value")),
    }
}

fn at(body: &str) -> Result<(), ScheduleError> {
    let allowed = "at(yyyy-mm-ddThh:mm:ss), e.g. at(2026-03-01T09:00:00)";
    let b = body.as_bytes();
    let shape_ok = b.len() == 19
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(err(format!("at({body}) is not a date and time"), allowed));
    }
    let n = |r: std::ops::Range<usize>| body[r].parse::<u32>().unwrap_or(0);
    let (month, day, hour, minute, second) = (n(5..7), n(8..10), n(11..13), n(14..16), n(17..19));
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 59 {
        return Err(err(format!("at({body}) is not a valid date and time"), allowed));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn accepts_what_aws_accepts() {
        for e in [
            "rate(1 minute)",
            "rate(5 minutes)",
            "rate(1 hour)",
            "rate(7 days)",
            "rate(10 minutes)",
            "cron(0 12 * * ? *)",
            "cron(15 10 ? * MON-FRI *)",
            "cron(0/15 * * * ? *)",
            "cron(0 9 ? * 6L *)",
            "cron(0 9 ? * 2#1 *)",
            "cron(0 9 L * ? *)",
            "cron(0 9 15W * ? 2026-2030)",
            "cron(5,35 14 * JAN,jul ? *)",
            "cron(0 18 ? * MON-FRI *)",
        ] {
            assert!(check(e, false).is_ok(), "{e}: {:?}", check(e, false));
        }
        assert!(check("at(2026-03-01T09:00:00)", true).is_ok());
    }

    #[test]
    fn rejects_with_the_field_at_fault() {
        let cases = [
            ("rate(1 minutes)", "singular"),
            ("rate(5 minute)", "plural"),
            ("rate(0 minutes)", "positive"),
            ("rate(5 weeks)", "unit"),
            ("cron(0 12 * * * *)", "both set"),
            ("cron(0 12 ? * ? *)", "both `?`"),
            ("cron(60 12 * * ? *)", "minutes field"),
            ("cron(0 24 * * ? *)", "hours field"),
            ("cron(0 12 32 * ? *)", "day-of-month field"),
            ("cron(0 12 * 13 ? *)", "month field"),
            ("cron(0 12 ? * MON#6 *)", "day-of-week field"),
            ("cron(0 12 ? * FUN *)", "day-of-week field"),
            ("cron(0 12 * * ? 1969)", "year field"),
            ("cron(0 ? * * ? *)", "only allowed"),
            ("cron(0 12 * * ?)", "not 6"),
            ("every 5 minutes", "neither"),
            ("at(2026-03-01T09:00:00)", "neither"),
        ];
        for (e, needle) in cases {
            let got = check(e, false).expect_err(e);
            assert!(got.to_string().contains(needle), "{e}: {got}");
        }
    }
}
