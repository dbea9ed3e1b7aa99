//! GitHub Actions workflow commands that annotate a file's line in the pull request:
//! `::error file=F,line=L,col=C,endLine=…,endColumn=…,title=T::MESSAGE`. Values are escaped as
//! the format requires: in the message `%`, CR and LF; in properties also `:` and `,`. One writer
//! for every command that annotates.

/// The message part escaped.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value escaped.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One annotation.
#[derive(Clone, Debug, Default)]
pub struct Annotation {
    /// `error`, `warning` or `notice`.
    pub level: &'static str,
    pub file: Option<String>,
    /// (line, col, endLine, endColumn)
    pub region: Option<(usize, usize, usize, usize)>,
    pub title: String,
    pub message: String,
}

impl Annotation {
    pub fn render(&self) -> String {
        let mut props = Vec::new();
        if let Some(f) = &self.file {
            props.push(format!("file={}", escape_property(f)));
        }
        if let Some((l, c, el, ec)) = self.region {
            props.push(format!("line={l},col={c},endLine={el},endColumn={ec}"));
        }
        props.push(format!("title={}", escape_property(&self.title)));
        format!(
            "::{} {}::{}",
            self.level,
            props.join(","),
            escape_data(&self.message)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_as_the_format_requires() {
        let a = Annotation {
            level: "error",
            file: Some("dir,a:b.json".into()),
            region: Some((3, 5, 3, 9)),
            title: "rule: x, y".into(),
            message: "100% wrong\nsecond line: a, b".into(),
        };
        assert_eq!(
            a.render(),
            "::error file=dir%2Ca%3Ab.json,line=3,col=5,endLine=3,endColumn=9,title=rule%3A x%2C y::100%25 wrong%0Asecond line: a, b"
        );
    }
}
