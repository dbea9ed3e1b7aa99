//! Documents as text (JSON and YAML), the way every layer writes them: the printer, the manifests
//! and the files epi writes. No terminal, no command line.

use serde::Serialize;

/// A document syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Yaml,
}

/// Pretty JSON with a final newline.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    // Serialising our own data types to JSON cannot fail: they have string keys only.
    let mut text = serde_json::to_string_pretty(value).expect("serialisable to JSON");
    text.push('\n');
    text
}

/// YAML (one document). serde-saphyr quotes the scalars a YAML 1.1 reader (such as the one inside
/// kubectl) would take for booleans, numbers or dates (`on`, `no`, `2012-10-17`).
pub fn to_yaml<T: Serialize>(value: &T) -> String {
    // Plain scalars, never folded block scalars: a long ARN or id stays on one line, whole, as
    // people copy it (`associationArn: >-` split it).
    let options = serde_saphyr::ser_options! {
        prefer_block_scalars: false,
    };
    serde_saphyr::to_string_with_options(value, options).expect("serialisable to YAML")
}

/// An externally supplied value (a file's name, a test's name, an annotation) made one line for
/// any output: every control character, line breaks and tabs included, and the bidirectional
/// overrides are written escaped (`\u{a}`). A file named `x\n::error ::APPROVED.json` must not
/// start a line of its own in a CI log, where it would be read as a workflow command.
pub fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    escaped(text, |c| c.is_control() || is_bidi_override(c))
}

/// Text whose lines a CI runner could read as workflow commands made inert: a line that starts
/// (after blanks, which GitHub's runner skips) with `::` or `##[` gets its first character written
/// escaped (`\u{3a}:error …`), so `::error …`, `::stop-commands::…` or `##[set-env …]` carried by
/// a value in the text's first column or on a line of its own is printed, never obeyed. Other
/// lines are unchanged.
pub fn defuse_workflow_commands(text: &str) -> std::borrow::Cow<'_, str> {
    let live = |line: &str| {
        let t = line.trim_start();
        t.starts_with("::") || t.starts_with("##[")
    };
    if !text.split('\n').any(live) {
        return std::borrow::Cow::Borrowed(text);
    }
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            if !live(line) {
                return line.to_string();
            }
            let blanks = line.len() - line.trim_start().len();
            let (lead, rest) = line.split_at(blanks);
            let mut chars = rest.chars();
            let first = chars.next().expect("a live line is not blank");
            format!("{lead}{}{}", first.escape_unicode(), chars.as_str())
        })
        .collect();
    std::borrow::Cow::Owned(lines.join("\n"))
}

/// The bidirectional overrides and isolates, which can make text read differently from what it
/// is.
pub fn is_bidi_override(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The text with every character `unsafe_char` picks written as its escape (`\u{1b}`).
pub fn escaped(text: &str, unsafe_char: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(&unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_escapes_every_control_character() {
        assert_eq!(one_line("a\nb\tc\r"), "a\\u{a}b\\u{9}c\\u{d}");
        assert_eq!(one_line("plain"), "plain");
    }

    #[test]
    fn workflow_commands_at_a_line_start_are_made_inert() {
        let text =
            "warning: x\n  ::error title=a::APPROVED\nok ::not-a-command\n##[set-env name=A]b";
        let out = defuse_workflow_commands(text);
        assert_eq!(
            out,
            "warning: x\n  \\u{3a}:error title=a::APPROVED\nok ::not-a-command\n\\u{23}#[set-env name=A]b"
        );
        assert!(
            out.lines()
                .all(|l| !l.trim_start().starts_with("::") && !l.trim_start().starts_with("##["))
        );
        assert!(matches!(
            defuse_workflow_commands("no command here"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
