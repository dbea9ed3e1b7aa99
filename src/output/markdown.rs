//! GitHub-flavoured Markdown for pull-request comments: tables, collapsible details, diff
//! blocks, and a length cap (GitHub refuses a comment over 65,536 characters). One writer for
//! every command that comments.

/// GitHub's limit on a comment's body.
pub const COMMENT_LIMIT: usize = 65_536;

/// A table cell or a note: `|` escaped, line breaks (`\n`, `\r`) as `<br>`, HTML-significant
/// characters escaped, and the characters that make Markdown act on text as character
/// references: `!`, `[`, `]`, `(` (an image or a link an IAM path could carry), `` ` `` (a code
/// span or fence) and `@` (a mention that pings someone). Untrusted text stays text.
pub fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("\\|"),
            '!' => out.push_str("&#33;"),
            '[' => out.push_str("&#91;"),
            ']' => out.push_str("&#93;"),
            '(' => out.push_str("&#40;"),
            '`' => out.push_str("&#96;"),
            '@' => out.push_str("&#64;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// A table with a header row.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!("| {} |\n", headers.join(" | "));
    out.push_str(&format!(
        "|{}\n",
        headers.iter().map(|_| "---|").collect::<String>()
    ));
    for r in rows {
        out.push_str(&format!(
            "| {} |\n",
            r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
        ));
    }
    out
}

/// A fenced block whose fence is longer than any backtick run inside it.
pub fn fenced(lang: &str, body: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest.max(2) + 1);
    let body = body.strip_suffix('\n').unwrap_or(body);
    format!("{fence}{lang}\n{body}\n{fence}\n")
}

/// A collapsed section.
pub fn details(summary: &str, body: &str) -> String {
    format!(
        "<details><summary>{}</summary>\n\n{body}\n</details>\n",
        cell(summary)
    )
}

/// The text cut to `limit` characters at a line boundary, with a note saying what was left out.
pub fn capped(text: String, limit: usize, note: &str) -> String {
    if text.len() <= limit {
        return text;
    }
    let room = limit.saturating_sub(note.len() + 8);
    let mut cut = room.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let cut = text[..cut].rfind('\n').map(|i| i + 1).unwrap_or(cut);
    let mut out = text[..cut].to_string();
    // An open fence or <details> would swallow the note: close them.
    if out.matches("```").count() % 2 == 1 {
        out.push_str("```\n");
    }
    let open = out.matches("<details>").count();
    let closed = out.matches("</details>").count();
    for _ in closed..open {
        out.push_str("\n</details>\n");
    }
    out.push_str(&format!("\n{note}\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_fences_and_the_cap() {
        assert_eq!(cell("a|b\nc<d>"), "a\\|b<br>c&lt;d&gt;");
        // Issue #32: an image link, a code fence after a CR and a mention stay text.
        assert_eq!(
            cell("role/![x](https://e.x/p.png)\r```@team"),
            "role/&#33;&#91;x&#93;&#40;https://e.x/p.png)<br>&#96;&#96;&#96;&#64;team"
        );
        assert_eq!(fenced("diff", "x ``` y\n"), "````diff\nx ``` y\n````\n");
        let long = "line\n".repeat(100);
        let cut = capped(long.clone(), 120, "(cut)");
        assert!(cut.len() <= 120 + 10 && cut.ends_with("(cut)\n"), "{cut}");
        assert_eq!(capped("short".into(), 120, "(cut)"), "short");
    }
}
