//! Wildcards and policy variables: how Action, Resource and the String/Arn condition values match.
//!
//! A pattern is a list of tokens so that a wildcard written in the policy (`*`, `?`) and one that
//! arrives as text (from `${*}`, `${?}` or a variable's value) stay different things [VAR23].

use super::context::{Context, Lookup};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    Lit(char),
    /// `*`: any run of characters.
    Star,
    /// `?`: one character.
    One,
}

/// A pattern with `*` and `?` as wildcards and no variables.
pub fn tokens(pattern: &str) -> Vec<Tok> {
    pattern
        .chars()
        .map(|c| match c {
            '*' => Tok::Star,
            '?' => Tok::One,
            c => Tok::Lit(c),
        })
        .collect()
}

/// The pattern's text with its wildcards written back as `*` and `?` (equality operators take
/// them literally).
pub fn literal(toks: &[Tok]) -> String {
    toks.iter()
        .map(|t| match t {
            Tok::Lit(c) => *c,
            Tok::Star => '*',
            Tok::One => '?',
        })
        .collect()
}

fn same(a: char, b: char, ignore_case: bool) -> bool {
    a == b
        || (ignore_case
            && (a.eq_ignore_ascii_case(&b)
                || (!a.is_ascii() && a.to_lowercase().eq(b.to_lowercase()))))
}

/// Glob matching without backtracking: the pattern is split at its stars, the first run must
/// start the value, the last must end it, and each run between is found once, leftmost, after the
/// one before (which is enough: a leftmost match leaves the most room for the rest). A run of
/// literal characters is found with a substring search (`memchr::memmem`, linear); only a run
/// with `?` is compared position by position. A 2 MB value against a 5,000-character pattern
/// took 15 s with the backtracking matcher this replaces (issue #31).
pub fn glob(pattern: &[Tok], value: &str, ignore_case: bool) -> bool {
    if value.is_ascii() {
        let lower;
        let bytes = if ignore_case {
            lower = value.to_ascii_lowercase();
            lower.as_bytes()
        } else {
            value.as_bytes()
        };
        glob_in(pattern, bytes, Some(bytes), ignore_case)
    } else {
        glob_in(
            pattern,
            &value.chars().collect::<Vec<char>>(),
            None,
            ignore_case,
        )
    }
}

/// Whether a run (no stars) matches `s` exactly at its start.
fn run_at<C: Copy + Into<char>>(run: &[Tok], s: &[C], ignore_case: bool) -> bool {
    run.len() <= s.len()
        && run.iter().zip(s).all(|(t, c)| match t {
            Tok::Lit(l) => same(*l, (*c).into(), ignore_case),
            Tok::One => true,
            Tok::Star => false,
        })
}

/// Where a run (no stars) first matches in `s`; `bytes` is `s` itself when it is ASCII (lower
/// case for `ignore_case`), for a substring search.
fn find_run<C: Copy + Into<char>>(
    run: &[Tok],
    s: &[C],
    bytes: Option<&[u8]>,
    ignore_case: bool,
) -> Option<usize> {
    if let Some(bytes) = bytes {
        let needle: Option<Vec<u8>> = run
            .iter()
            .map(|t| match t {
                Tok::Lit(c) if c.is_ascii() => Some(if ignore_case {
                    c.to_ascii_lowercase() as u8
                } else {
                    *c as u8
                }),
                _ => None,
            })
            .collect();
        if let Some(needle) = needle {
            return memchr::memmem::find(bytes, &needle);
        }
    }
    (0..=s.len().checked_sub(run.len())?).find(|&i| run_at(run, &s[i..], ignore_case))
}

fn glob_in<C: Copy + Into<char>>(
    pattern: &[Tok],
    s: &[C],
    bytes: Option<&[u8]>,
    ignore_case: bool,
) -> bool {
    let runs: Vec<&[Tok]> = pattern.split(|t| *t == Tok::Star).collect();
    let (first, last) = (runs[0], runs[runs.len() - 1]);
    if runs.len() == 1 {
        return first.len() == s.len() && run_at(first, s, ignore_case);
    }
    if first.len() + last.len() > s.len()
        || !run_at(first, s, ignore_case)
        || !run_at(last, &s[s.len() - last.len()..], ignore_case)
    {
        return false;
    }
    let (mut at, end) = (first.len(), s.len() - last.len());
    for run in &runs[1..runs.len() - 1] {
        if run.is_empty() {
            continue;
        }
        match find_run(run, &s[at..end], bytes.map(|b| &b[at..end]), ignore_case) {
            Some(i) => at += i + run.len(),
            None => return false,
        }
    }
    true
}

/// `StringLike`: `*` and `?`, case-sensitive [OPS23].
pub fn like(pattern: &str, value: &str) -> bool {
    glob(&tokens(pattern), value, false)
}

/// An Action or NotAction entry against an action: service prefix and name without case, `*` and
/// `?` anywhere [ACT23].
pub fn action_matches(pattern: &str, action: &str) -> bool {
    glob(&tokens(pattern), action, true)
}

/// Splits at the first five `:` literals (an ARN's six parts; the last keeps its colons).
fn arn_parts(toks: &[Tok]) -> Vec<&[Tok]> {
    let mut parts = Vec::with_capacity(6);
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        if parts.len() == 5 {
            break;
        }
        if *t == Tok::Lit(':') {
            parts.push(&toks[start..i]);
            start = i + 1;
        }
    }
    parts.push(&toks[start..]);
    parts
}

fn value_parts(value: &str) -> Vec<&str> {
    value.splitn(6, ':').collect()
}

/// A Resource entry against a resource ARN [RES]: `*` alone matches everything; otherwise `*` and
/// `?` match within each of the ARN's colon-separated parts, except that a pattern whose last part
/// comes before the resource part and ends in `*` (`arn:aws:s3:*`) matches the rest of the ARN,
/// colons included. The resource part matches colons freely (`log-group:x:*`). Case-sensitive.
pub fn resource_matches(pattern: &[Tok], resource: &str) -> bool {
    if pattern == [Tok::Star] {
        return true;
    }
    let pp = arn_parts(pattern);
    let rp = value_parts(resource);
    for (i, p) in pp.iter().enumerate() {
        let last = i + 1 == pp.len();
        if last && i < 5 {
            // The pattern ends early: its last part must cover the rest of the ARN.
            if p.last() != Some(&Tok::Star) && rp.len() != i + 1 {
                return false;
            }
            let rest = rp.get(i..).map(|r| r.join(":")).unwrap_or_default();
            return rp.len() > i && glob(p, &rest, false);
        }
        match rp.get(i) {
            Some(r) if glob(p, r, false) => {}
            _ => return false,
        }
    }
    rp.len() == pp.len()
}

/// `ArnLike`/`ArnEquals`: the six parts compared one by one, each with `*` and `?` [OPS23].
pub fn arn_like(pattern: &[Tok], value: &str) -> bool {
    let pp = arn_parts(pattern);
    let vp = value_parts(value);
    pp.len() == 6 && vp.len() == 6 && pp.iter().zip(&vp).all(|(p, v)| glob(p, v, false))
}

/// A policy value with its `${...}` variables replaced [VAR23].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expanded {
    Pattern(Vec<Tok>),
    /// A variable with no value and no default: the value matches nothing.
    Unresolved(String),
    /// A variable whose value epi cannot know (open context).
    Unknown(String),
}

/// Expands `${key}`, `${key, 'default'}` and the escapes `${*}`, `${?}`, `${$}` in `value`.
/// `from` is the index of the first character where variables are substituted (a Resource's
/// resource part; 0 for condition values). Only single-valued keys are variables [SVMV23]; a
/// multi-valued one is unresolved. `missing` collects keys looked up and found absent.
pub fn expand(value: &str, from: usize, ctx: &Context, missing: &mut Vec<String>) -> Expanded {
    let mut out = Vec::with_capacity(value.len());
    let mut rest = value;
    let mut offset = 0usize;
    while let Some(at) = rest.find("${") {
        let start = offset + at;
        let Some(len) = rest[at..].find('}') else {
            break;
        };
        out.extend(tokens(&rest[..at]));
        let inner = &rest[at + 2..at + len];
        rest = &rest[at + len + 1..];
        offset = start + len + 1;
        if start < from {
            out.extend(
                tokens(&format!("${{{inner}}}"))
                    .into_iter()
                    .map(|t| match t {
                        Tok::Star => Tok::Lit('*'),
                        Tok::One => Tok::Lit('?'),
                        t => t,
                    }),
            );
            continue;
        }
        match inner {
            "*" => out.push(Tok::Lit('*')),
            "?" => out.push(Tok::Lit('?')),
            "$" => out.push(Tok::Lit('$')),
            _ => {
                let (key, default) = split_default(inner);
                let resolved = match ctx.lookup(key) {
                    Lookup::Present([one]) => one.clone(),
                    Lookup::Present(_) => match default {
                        Some(d) => d.to_string(),
                        None => return Expanded::Unresolved(key.to_string()),
                    },
                    Lookup::Absent => {
                        missing.push(key.to_string());
                        match default {
                            Some(d) => d.to_string(),
                            None => return Expanded::Unresolved(key.to_string()),
                        }
                    }
                    Lookup::Unknown => return Expanded::Unknown(key.to_string()),
                };
                out.extend(resolved.chars().map(Tok::Lit));
            }
        }
    }
    out.extend(tokens(rest));
    Expanded::Pattern(out)
}

/// `aws:PrincipalTag/team, 'company-wide'` → (key, default) [VAR23].
fn split_default(inner: &str) -> (&str, Option<&str>) {
    if let Some((key, default)) = inner.split_once(',') {
        let d = default.trim();
        if d.len() >= 2 && d.starts_with('\'') && d.ends_with('\'') {
            return (key.trim(), Some(&d[1..d.len() - 1]));
        }
    }
    (inner.trim(), None)
}

/// Where a Resource's variables are substituted: after the fifth colon [VAR23].
pub fn resource_part_start(value: &str) -> usize {
    let mut seen = 0;
    for (i, c) in value.char_indices() {
        if c == ':' {
            seen += 1;
            if seen == 5 {
                return i + 1;
            }
        }
    }
    if value.starts_with("arn:") {
        value.len()
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_ignore_case() {
        assert!(action_matches("sts:*", "sts:TagSession"));
        assert!(action_matches("STS:assumerole", "sts:AssumeRole"));
        assert!(action_matches("*", "sts:AssumeRole"));
        assert!(!action_matches("sts:Assume", "sts:AssumeRole"));
        assert!(action_matches("sts:Tag?ession", "sts:TagSession"));
        assert!(action_matches("s3:*Object*", "s3:GetObjectTagging"));
    }

    #[test]
    fn resources_by_part() {
        let m = |p: &str, r: &str| resource_matches(&tokens(p), r);
        assert!(m("*", "arn:aws:s3:::b"));
        assert!(m("arn:aws:s3:::b/*/test/*", "arn:aws:s3:::b//test/o.jpg"));
        assert!(!m("arn:aws:s3:::b/*/test/*", "arn:aws:s3:::b/test/o.jpg"));
        assert!(m("arn:aws:iam::*:role/x", "arn:aws:iam::1:role/x"));
        assert!(!m("arn:aws:iam::1*:role/x", "arn:aws:iam::1:2:role/x"));
        assert!(m("arn:aws:s3:*", "arn:aws:s3:::b/k"));
        assert!(m(
            "arn:aws:logs:*:*:log-group:g:*",
            "arn:aws:logs:us-east-1:1:log-group:g:log-stream:s"
        ));
        assert!(!m("arn:aws:s3:::B", "arn:aws:s3:::b"));
        assert!(!m("arn:aws:s3:::b", "arn:aws:s3:::b/k"));
    }

    #[test]
    fn variables_and_escapes() {
        let mut ctx = Context::closed();
        ctx.insert("aws:PrincipalTag/ns", "team-a");
        let mut missing = Vec::new();
        let e = expand("a/${aws:principaltag/NS}/${*}", 0, &ctx, &mut missing);
        assert_eq!(
            e,
            Expanded::Pattern(
                tokens("a/team-a/")
                    .into_iter()
                    .chain([Tok::Lit('*')])
                    .collect()
            )
        );
        let e = expand("${aws:PrincipalTag/x, 'dflt'}", 0, &ctx, &mut missing);
        assert_eq!(e, Expanded::Pattern(tokens("dflt")));
        assert_eq!(missing, ["aws:PrincipalTag/x"]);
        assert!(matches!(
            expand("${aws:username}", 0, &ctx, &mut missing),
            Expanded::Unresolved(_)
        ));
        assert_eq!(resource_part_start("arn:aws:s3:::b/${x}"), 13);
    }

    /// Issue #31: the matcher finds each literal run once, so a long value against a long
    /// pattern is answered, and answered right ([RES] IAM UG reference_policies_elements_resource.html:
    /// `*` matches any run of characters, `?` one).
    #[test]
    fn long_values_and_patterns_match_without_backtracking() {
        let value = "a".repeat(200_000);
        let pattern = format!("{}b*", "a*".repeat(2_500));
        assert!(!like(&pattern, &value));
        assert!(like(&format!("{}*", "a*".repeat(2_500)), &value));
        assert!(like("a*b?d*e", "axxbcdyye"));
        assert!(!like("a*b?d*e", "axxbcdyy"));
        assert!(like("*é*", "xéy"));
        assert!(action_matches("S3:GET*", "s3:GetObject"));
        assert!(!action_matches("s3:Get*Tagging", "s3:GetObject"));
        assert!(!like("ab*ab", "ab"), "a run may not overlap the first");
    }
}
