//! Condition operators, exactly as the IAM User Guide documents them [OPS23][MV][MV23].
//!
//! - Operators AND together, keys AND together, the values of one key OR together; a negated
//!   operator with several values is a NOR [MV].
//! - A key missing from the request: false for every operator, true for the negated ones
//!   (`StringNotEquals`, `ArnNotLike`, …), true for `…IfExists`; `Null` tests presence [OPS23].
//! - `ForAllValues:` is true when the key is missing or empty, `ForAnyValue:` false [MV23].
//! - Variables are substituted in the values of String and Arn operators only [VAR23].

use std::net::IpAddr;

use base64::Engine;
use serde_json::Value;

use super::context::{Context, Lookup};
use super::pattern::{self, Expanded, Tok};

/// Three-valued truth: `Maybe` when the answer depends on a key epi cannot know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tri {
    Yes,
    No,
    Maybe,
}

impl Tri {
    pub fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::No, _) | (_, Tri::No) => Tri::No,
            (Tri::Yes, Tri::Yes) => Tri::Yes,
            _ => Tri::Maybe,
        }
    }
    fn from(b: bool) -> Tri {
        if b { Tri::Yes } else { Tri::No }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Base {
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    NumericEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    ArnLike,
    Null,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Set {
    Single,
    AnyValue,
    AllValues,
}

/// A parsed operator name.
#[derive(Clone, Copy, Debug)]
struct Operator {
    set: Set,
    base: Base,
    negated: bool,
    if_exists: bool,
}

impl Operator {
    fn parse(name: &str) -> Option<Operator> {
        let (set, rest) = if let Some(r) = name.strip_prefix("ForAnyValue:") {
            (Set::AnyValue, r)
        } else if let Some(r) = name.strip_prefix("ForAllValues:") {
            (Set::AllValues, r)
        } else {
            (Set::Single, name)
        };
        let (rest, if_exists) = match rest.strip_suffix("IfExists") {
            Some(r) => (r, true),
            None => (rest, false),
        };
        let (base, negated) = match rest {
            "StringEquals" => (Base::StringEquals, false),
            "StringNotEquals" => (Base::StringEquals, true),
            "StringEqualsIgnoreCase" => (Base::StringEqualsIgnoreCase, false),
            "StringNotEqualsIgnoreCase" => (Base::StringEqualsIgnoreCase, true),
            "StringLike" => (Base::StringLike, false),
            "StringNotLike" => (Base::StringLike, true),
            "NumericEquals" => (Base::NumericEquals, false),
            "NumericNotEquals" => (Base::NumericEquals, true),
            "NumericLessThan" => (Base::NumericLessThan, false),
            "NumericLessThanEquals" => (Base::NumericLessThanEquals, false),
            "NumericGreaterThan" => (Base::NumericGreaterThan, false),
            "NumericGreaterThanEquals" => (Base::NumericGreaterThanEquals, false),
            "DateEquals" => (Base::DateEquals, false),
            "DateNotEquals" => (Base::DateEquals, true),
            "DateLessThan" => (Base::DateLessThan, false),
            "DateLessThanEquals" => (Base::DateLessThanEquals, false),
            "DateGreaterThan" => (Base::DateGreaterThan, false),
            "DateGreaterThanEquals" => (Base::DateGreaterThanEquals, false),
            "Bool" => (Base::Bool, false),
            "BinaryEquals" => (Base::BinaryEquals, false),
            "IpAddress" => (Base::IpAddress, false),
            "NotIpAddress" => (Base::IpAddress, true),
            "ArnEquals" | "ArnLike" => (Base::ArnLike, false),
            "ArnNotEquals" | "ArnNotLike" => (Base::ArnLike, true),
            "Null" if !if_exists && set == Set::Single => (Base::Null, false),
            _ => return None,
        };
        Some(Operator {
            set,
            base,
            negated,
            if_exists,
        })
    }

    /// Whether variables are substituted in this operator's values [VAR23].
    fn takes_variables(&self) -> bool {
        matches!(
            self.base,
            Base::StringEquals | Base::StringEqualsIgnoreCase | Base::StringLike | Base::ArnLike
        )
    }
}

/// IAM's condition operators, without the `IfExists` suffix and the set prefixes [OPS23].
pub const OPERATORS: &[&str] = &[
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
];

/// Whether `name` is a condition operator IAM knows (with its set prefix and `IfExists`).
pub fn is_operator(name: &str) -> bool {
    Operator::parse(name).is_some()
}

/// What evaluating a Condition block found out.
#[derive(Debug, Default)]
pub struct Trace {
    /// Keys the block asked for that the request does not have.
    pub missing: Vec<String>,
    /// Keys whose values epi cannot know (open context) that the answer depends on.
    pub unknown: Vec<String>,
    /// For a block that is false: the first clause that failed, for a person.
    pub failed: Option<String>,
    /// For each clause on a key epi cannot know: what it needs, for a person
    /// (`aws:SourceVpc = vpc-123`).
    pub needs: Vec<String>,
}

/// What a clause on an unknown key needs, in a person's words: `KEY = VALUE` for the equality
/// operators, else `KEY OPERATOR [VALUES]`.
fn need(op_name: &str, key: &str, expected: &[String]) -> String {
    let equality = matches!(
        op_name.trim_end_matches("IfExists"),
        "StringEquals" | "ArnEquals" | "NumericEquals" | "Bool" | "DateEquals"
    );
    match (equality, expected) {
        (true, [one]) => format!("{key} = {one}"),
        (true, many) => format!("{key} = one of {}", many.join(", ")),
        (false, values) => format!("{key} {op_name} {}", values.join(", ")),
    }
}

fn value_strings(v: &Value) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match v {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        v => one(v).into_iter().collect(),
    }
}

/// Evaluates a statement's Condition block. `variables` is false for policies without
/// `"Version": "2012-10-17"`, where `${...}` is literal text [VAR23].
pub fn evaluate(cond: Option<&Value>, ctx: &Context, variables: bool, trace: &mut Trace) -> Tri {
    let Some(cond) = cond else {
        return Tri::Yes;
    };
    let Some(ops) = cond.as_object() else {
        trace.failed = Some("its Condition is not an object".into());
        return Tri::No;
    };
    let mut result = Tri::Yes;
    for (name, keys) in ops {
        let Some(op) = Operator::parse(name) else {
            // The linter refuses unknown operators; an open context does not guess.
            if ctx.is_open() {
                trace.unknown.push(format!("operator {name}"));
                result = result.and(Tri::Maybe);
                continue;
            }
            trace
                .failed
                .get_or_insert(format!("it uses the unknown operator {name}"));
            return Tri::No;
        };
        let Some(keys) = keys.as_object() else {
            trace
                .failed
                .get_or_insert(format!("{name} is not an object of keys"));
            return Tri::No;
        };
        for (key, expected) in keys {
            let expected = value_strings(expected);
            let r = clause(&op, key, &expected, ctx, variables, trace);
            if r == Tri::Maybe && matches!(ctx.lookup(key), Lookup::Unknown) {
                trace.needs.push(need(name, key, &expected));
            }
            if r == Tri::No && trace.failed.is_none() {
                trace.failed = Some(match ctx.lookup(key) {
                    Lookup::Present(v) if v.len() == 1 => format!(
                        "its condition {name} {key} = {expected:?} does not admit {:?}",
                        v[0]
                    ),
                    Lookup::Present(v) => {
                        format!("its condition {name} {key} = {expected:?} does not admit {v:?}")
                    }
                    _ => format!(
                        "its condition {name} {key} = {expected:?} needs {key}, which the request does not have"
                    ),
                });
            }
            // No early return: every key the block names is looked up, so that all the missing
            // ones are reported (as IAM's simulator does).
            result = result.and(r);
        }
    }
    result
}

fn clause(
    op: &Operator,
    key: &str,
    expected: &[String],
    ctx: &Context,
    variables: bool,
    trace: &mut Trace,
) -> Tri {
    let looked = ctx.lookup(key);
    if op.base == Base::Null {
        let wants_absent = expected.iter().any(|e| e.eq_ignore_ascii_case("true"));
        let wants_present = expected.iter().any(|e| e.eq_ignore_ascii_case("false"));
        return match looked {
            Lookup::Unknown => {
                trace.unknown.push(key.to_string());
                Tri::Maybe
            }
            Lookup::Absent => Tri::from(wants_absent),
            Lookup::Present([]) => Tri::from(wants_absent),
            Lookup::Present(_) => Tri::from(wants_present),
        };
    }
    let actual: &[String] = match looked {
        Lookup::Unknown => {
            trace.unknown.push(key.to_string());
            return Tri::Maybe;
        }
        Lookup::Absent => {
            trace.missing.push(key.to_string());
            &[]
        }
        Lookup::Present(v) => v,
    };
    if actual.is_empty() {
        return Tri::from(match op.set {
            Set::AllValues => true,
            Set::AnyValue => op.if_exists,
            Set::Single => op.if_exists || op.negated,
        });
    }
    // The policy's values, variables substituted.
    let mut values = Vec::with_capacity(expected.len());
    for e in expected {
        if variables && op.takes_variables() {
            match pattern::expand(e, 0, ctx, &mut trace.missing) {
                Expanded::Pattern(t) => values.push(Some(t)),
                Expanded::Unresolved(_) => values.push(None),
                Expanded::Unknown(k) => {
                    trace.unknown.push(k);
                    return Tri::Maybe;
                }
            }
        } else {
            values.push(Some(pattern::tokens(e)));
        }
    }
    // Whether one request value matches one of the policy's values (before negation).
    let positive = |v: &str| {
        values
            .iter()
            .flatten()
            .any(|p: &Vec<Tok>| compare(op.base, p, v))
    };
    let check = |v: &String| positive(v) != op.negated;
    Tri::from(match op.set {
        Set::Single if op.negated => !actual.iter().any(|v| positive(v)),
        Set::Single | Set::AnyValue => actual.iter().any(check),
        Set::AllValues => actual.iter().all(check),
    })
}

fn compare(base: Base, p: &[Tok], v: &str) -> bool {
    let text = || pattern::literal(p);
    match base {
        Base::StringEquals => text() == v,
        Base::StringEqualsIgnoreCase => text().to_lowercase() == v.to_lowercase(),
        Base::StringLike => pattern::glob(p, v, false),
        Base::ArnLike => pattern::arn_like(p, v),
        Base::NumericEquals
        | Base::NumericLessThan
        | Base::NumericLessThanEquals
        | Base::NumericGreaterThan
        | Base::NumericGreaterThanEquals => {
            match (text().trim().parse::<f64>(), v.trim().parse::<f64>()) {
                (Ok(p), Ok(v)) => ordered(base, v.partial_cmp(&p)),
                _ => false,
            }
        }
        Base::DateEquals
        | Base::DateLessThan
        | Base::DateLessThanEquals
        | Base::DateGreaterThan
        | Base::DateGreaterThanEquals => match (parse_date(&text()), parse_date(v)) {
            (Some(p), Some(v)) => ordered(base, v.partial_cmp(&p)),
            _ => false,
        },
        Base::Bool => text().eq_ignore_ascii_case(v),
        Base::BinaryEquals => {
            let decode = |s: &str| base64::engine::general_purpose::STANDARD.decode(s.trim());
            match (decode(&text()), decode(v)) {
                (Ok(a), Ok(b)) => a == b,
                _ => false,
            }
        }
        Base::IpAddress => match (parse_net(&text()), v.trim().parse::<IpAddr>()) {
            (Some(net), Ok(ip)) => net.contains(&ip),
            _ => false,
        },
        Base::Null => false,
    }
}

/// `request ⋄ policy` for the ordering operators.
fn ordered(base: Base, ord: Option<std::cmp::Ordering>) -> bool {
    use std::cmp::Ordering::*;
    let Some(ord) = ord else { return false };
    match base {
        Base::NumericEquals | Base::DateEquals => ord == Equal,
        Base::NumericLessThan | Base::DateLessThan => ord == Less,
        Base::NumericLessThanEquals | Base::DateLessThanEquals => ord != Greater,
        Base::NumericGreaterThan | Base::DateGreaterThan => ord == Greater,
        Base::NumericGreaterThanEquals | Base::DateGreaterThanEquals => ord != Less,
        _ => false,
    }
}

/// A date as IAM reads one: ISO 8601 (a date, or a date and time with an offset or `Z`) or
/// seconds since the epoch [OPS23]. As seconds (with fractions) since the epoch.
pub fn parse_date(s: &str) -> Option<f64> {
    let s = s.trim();
    if let Ok(secs) = s.parse::<f64>() {
        return Some(secs);
    }
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return Some(ts.as_second() as f64 + f64::from(ts.subsec_nanosecond()) / 1e9);
    }
    if let Ok(dt) = s.parse::<jiff::civil::DateTime>() {
        // No offset given: UTC.
        let ts = dt.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
        return Some(ts.as_second() as f64 + f64::from(ts.subsec_nanosecond()) / 1e9);
    }
    None
}

/// A CIDR block, or a bare address as /32 (/128) [OPS23].
fn parse_net(s: &str) -> Option<ipnet::IpNet> {
    let s = s.trim();
    s.parse::<ipnet::IpNet>()
        .ok()
        .or_else(|| s.parse::<IpAddr>().ok().map(ipnet::IpNet::from))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn eval(cond: Value, ctx: &Context) -> Tri {
        evaluate(Some(&cond), ctx, true, &mut Trace::default())
    }

    #[test]
    fn missing_keys_by_operator() {
        let ctx = Context::closed();
        assert_eq!(eval(json!({"StringEquals": {"k": "v"}}), &ctx), Tri::No);
        assert_eq!(eval(json!({"StringNotEquals": {"k": "v"}}), &ctx), Tri::Yes);
        assert_eq!(
            eval(json!({"StringEqualsIfExists": {"k": "v"}}), &ctx),
            Tri::Yes
        );
        assert_eq!(eval(json!({"Null": {"k": "true"}}), &ctx), Tri::Yes);
        assert_eq!(
            eval(json!({"ForAllValues:StringEquals": {"k": "v"}}), &ctx),
            Tri::Yes
        );
        assert_eq!(
            eval(json!({"ForAnyValue:StringEquals": {"k": "v"}}), &ctx),
            Tri::No
        );
    }

    #[test]
    fn typed_operators() {
        let mut ctx = Context::closed();
        ctx.insert("n", "10");
        ctx.insert("d", "2024-06-01T00:00:00Z");
        ctx.insert("ip", "10.1.2.3");
        ctx.insert("b", "aGVsbG8=");
        assert_eq!(
            eval(json!({"NumericLessThan": {"n": "11"}}), &ctx),
            Tri::Yes
        );
        assert_eq!(
            eval(json!({"NumericGreaterThan": {"n": 10}}), &ctx),
            Tri::No
        );
        assert_eq!(
            eval(json!({"DateLessThan": {"d": "2025-01-01"}}), &ctx),
            Tri::Yes
        );
        assert_eq!(
            eval(json!({"DateGreaterThan": {"d": "1700000000"}}), &ctx),
            Tri::Yes
        );
        assert_eq!(
            eval(json!({"IpAddress": {"ip": "10.0.0.0/8"}}), &ctx),
            Tri::Yes
        );
        assert_eq!(
            eval(json!({"NotIpAddress": {"ip": ["10.1.2.3"]}}), &ctx),
            Tri::No
        );
        assert_eq!(
            eval(json!({"BinaryEquals": {"b": "aGVsbG8="}}), &ctx),
            Tri::Yes
        );
    }

    #[test]
    fn every_operator_parses_with_its_forms() {
        for op in OPERATORS {
            assert!(is_operator(op), "{op}");
            assert!(
                is_operator(&format!("ForAnyValue:{op}")) == (*op != "Null"),
                "{op}"
            );
            assert!(
                is_operator(&format!("{op}IfExists")) == (*op != "Null"),
                "{op}"
            );
        }
        assert!(!is_operator("StringEqual"));
    }

    #[test]
    fn open_context_is_maybe() {
        let ctx = Context::open();
        assert_eq!(
            eval(json!({"StringEquals": {"aws:SourceVpc": "v"}}), &ctx),
            Tri::Maybe
        );
    }
}
