//! Where each value of a policy document stands in its text, so that a finding can name its line
//! and column (SARIF regions, CI annotations). The text is parsed with positions by
//! `jsonc-parser` (dprint's), separately from the document's meaning; paths are the linter's
//! (`Statement[0].Condition.StringEquals.aws:RequestTag/team`). Pure.

use jsonc_parser::ast::Value;
use jsonc_parser::common::Ranged;

/// A position in the text: 1-based line and column, the column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// Where a value stands: its first character and the character after its last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

/// Every value of a document by path.
#[derive(Clone, Debug, Default)]
pub struct Spans {
    entries: Vec<(String, Span)>,
    /// Whether `Statement` is an array (`Statement[i]`) or one object (`Statement`).
    statement_list: bool,
}

fn pos(text: &str, byte: usize) -> Pos {
    let before = &text[..byte.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    Pos { line, column }
}

fn walk(text: &str, value: &Value<'_>, path: String, out: &mut Vec<(String, Span)>) {
    let r = value.range();
    out.push((
        path.clone(),
        Span {
            start: pos(text, r.start),
            end: pos(text, r.end),
        },
    ));
    match value {
        Value::Object(o) => {
            for p in &o.properties {
                let key = p.name.as_str();
                let child = if path.is_empty() {
                    key.to_string()
                } else {
                    format!("{path}.{key}")
                };
                walk(text, &p.value, child, out);
            }
        }
        Value::Array(a) => {
            for (i, e) in a.elements.iter().enumerate() {
                walk(text, e, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

impl Spans {
    /// The positions of a document's text; empty when it is not JSON as written (a URL-encoded
    /// document, say): findings then point at its first line.
    pub fn of(text: &str) -> Spans {
        let options = jsonc_parser::ParseOptions {
            allow_comments: false,
            allow_loose_object_property_names: false,
            allow_trailing_commas: false,
            ..Default::default()
        };
        let Ok(parsed) =
            jsonc_parser::parse_to_ast(text, &jsonc_parser::CollectOptions::default(), &options)
        else {
            return Spans::default();
        };
        let Some(value) = parsed.value else {
            return Spans::default();
        };
        let mut entries = Vec::new();
        walk(text, &value, String::new(), &mut entries);
        let statement_list = entries.iter().any(|(p, _)| p.starts_with("Statement["));
        Spans {
            entries,
            statement_list,
        }
    }

    fn exact(&self, path: &str) -> Option<Span> {
        self.entries
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, s)| *s)
    }

    /// Where a finding is: the field inside statement `statement` (or inside the document),
    /// else the nearest enclosing value that exists, else the start of the text.
    pub fn find(&self, statement: Option<usize>, field: &str) -> Span {
        let root = match statement {
            Some(i) if self.statement_list => format!("Statement[{i}]"),
            Some(_) => "Statement".to_string(),
            None => String::new(),
        };
        let mut path = match (root.is_empty(), field.is_empty()) {
            (true, _) => field.to_string(),
            (false, true) => root.clone(),
            (false, false) if field.starts_with('[') => format!("{root}{field}"),
            (false, false) => format!("{root}.{field}"),
        };
        loop {
            if let Some(s) = self.exact(&path) {
                return s;
            }
            // Up one level: drop a trailing [i], or the last .key (keys may hold dots, so the
            // longest existing prefix wins).
            let cut = if path.ends_with(']') {
                path.rfind('[')
            } else {
                path.rfind('.')
            };
            match cut {
                Some(i) if i > 0 => path.truncate(i),
                _ => break,
            }
        }
        self.exact(&root)
            .or_else(|| self.exact(""))
            .unwrap_or(Span {
                start: Pos { line: 1, column: 1 },
                end: Pos { line: 1, column: 1 },
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found_by_the_linters_paths() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": [\"s3:GetObject\", \"s3:Gett\"],\n      \"Resource\": \"*\",\n      \"Condition\": {\"StringEquals\": {\"aws:RequestTag/a.b\": \"x\"}}\n    }\n  ]\n}\n";
        let spans = Spans::of(text);
        let s = spans.find(Some(0), "Action[1]");
        assert_eq!(
            s.start,
            Pos {
                line: 6,
                column: 34
            }
        );
        assert_eq!(
            s.end,
            Pos {
                line: 6,
                column: 43
            }
        );
        let c = spans.find(Some(0), "Condition.StringEquals.aws:RequestTag/a.b");
        assert_eq!(c.start.line, 8);
        assert_eq!(c.start.column, 60);
        // A path below a value that exists falls back to that value.
        assert_eq!(
            spans.find(Some(0), "Resource[3]").start,
            Pos {
                line: 7,
                column: 19
            }
        );
        assert_eq!(
            spans.find(None, "Version").start,
            Pos {
                line: 2,
                column: 14
            }
        );
        assert_eq!(spans.find(Some(0), "").start, Pos { line: 4, column: 5 });
        // Not JSON as written: the first line.
        assert_eq!(Spans::of("%7B%7D").find(Some(0), "Action").start.line, 1);
    }
}
