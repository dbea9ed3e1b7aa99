//! JUnit XML, the test-report format CI systems read (GitHub Actions reporters, GitLab's
//! `artifacts:reports:junit`, Jenkins): `<testsuites>` of `<testsuite>`s of `<testcase>`s, a
//! failing one with `<failure>`. One writer for every command that reports tests.

/// One test.
#[derive(Clone, Debug)]
pub struct Case {
    pub classname: String,
    pub name: String,
    /// The file the test comes from, when it has one.
    pub file: Option<String>,
    pub failure: Option<Failure>,
    /// Why the test did not run (`<skipped message=…/>`), when it did not.
    pub skipped: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Failure {
    /// One line: what was expected and what happened.
    pub message: String,
    pub kind: String,
    /// The details.
    pub text: String,
}

/// A group of tests.
#[derive(Clone, Debug)]
pub struct Suite {
    pub name: String,
    pub cases: Vec<Case>,
}

/// The document: every suite, with the counts of tests and failures.
pub fn render(name: &str, suites: &[Suite]) -> String {
    let count = |s: &Suite| s.cases.iter().filter(|c| c.failure.is_some()).count();
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
    let failures: usize = suites.iter().map(count).sum();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\" tests=\"{tests}\" failures=\"{failures}\">\n",
        escape(name)
    );
    for s in suites {
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n",
            escape(&s.name),
            s.cases.len(),
            count(s)
        ));
        for c in &s.cases {
            out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\"",
                escape(&c.classname),
                escape(&c.name)
            ));
            if let Some(file) = &c.file {
                out.push_str(&format!(" file=\"{}\"", escape(file)));
            }
            match (&c.failure, &c.skipped) {
                (None, None) => out.push_str("/>\n"),
                (None, Some(why)) => out.push_str(&format!(
                    ">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                    escape(why)
                )),
                (Some(f), _) => out.push_str(&format!(
                    ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                    escape(&f.message),
                    escape(&f.kind),
                    escape(&f.text)
                )),
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Text escaped for XML attributes and content; characters XML 1.0 cannot hold are dropped: its
/// `Char` production admits only #x9, #xA, #xD, #x20-#xD7FF, #xE000-#xFFFD and #x10000-#x10FFFF
/// (XML 1.0, §2.2), so the other controls and U+FFFE/U+FFFF go.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t'
            | '\n'
            | '\r'
            | '\u{20}'..='\u{d7ff}'
            | '\u{e000}'..='\u{fffd}'
            | '\u{10000}'.. => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_counts() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        let doc = render(
            "epi",
            &[Suite {
                name: "s".into(),
                cases: vec![
                    Case {
                        classname: "c".into(),
                        name: "ok".into(),
                        file: None,
                        failure: None,
                        skipped: None,
                    },
                    Case {
                        classname: "c".into(),
                        name: "bad".into(),
                        file: Some("t.yaml".into()),
                        failure: Some(Failure {
                            message: "expected a, got b".into(),
                            kind: "T".into(),
                            text: "t.yaml:1:1".into(),
                        }),
                        skipped: None,
                    },
                ],
            }],
        );
        assert!(doc.contains("tests=\"2\" failures=\"1\""), "{doc}");
        assert!(
            doc.contains("<testcase classname=\"c\" name=\"ok\"/>"),
            "{doc}"
        );
        assert!(doc.contains("file=\"t.yaml\">\n      <failure message=\"expected a, got b\" type=\"T\">t.yaml:1:1</failure>"), "{doc}");
    }

    /// Issue #32: characters XML 1.0 forbids never reach the report.
    #[test]
    fn characters_xml_forbids_are_dropped() {
        assert_eq!(
            escape("a\u{fffe}b\u{ffff}c\u{1}d\u{10000}"),
            "abcd\u{10000}"
        );
        assert_eq!(escape("x\ty\r\nz"), "x\ty\r\nz");
    }
}
