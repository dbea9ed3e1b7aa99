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
    /// The first span of each path (a key given twice keeps its first place).
    entries: std::collections::HashMap<String, Span>,
    /// Whether `Statement` is an array (`Statement[i]`) or one object (`Statement`).
    statement_list: bool,
}

/// Byte offsets to positions in O(log n) each: the start of every line, and for a text that is
/// not ASCII the number of characters before each byte. (Counting from the start of the text
/// for every value made a 1 MB policy take 25 s to lint; issue #31.)
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// Characters before each byte offset (only for non-ASCII text).
    chars_before: Option<Vec<u32>>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let chars_before = (!text.is_ascii()).then(|| {
            let mut out = Vec::with_capacity(text.len() + 1);
            let mut n = 0u32;
            for b in text.bytes() {
                out.push(n);
                // A character starts at every byte that is not a UTF-8 continuation byte.
                if b & 0xC0 != 0x80 {
                    n += 1;
                }
            }
            out.push(n);
            // `out[i]` must count the characters that start before byte i.
            out
        });
        Lines {
            text,
            starts,
            chars_before,
        }
    }

    fn pos(&self, byte: usize) -> Pos {
        let byte = byte.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= byte);
        let start = self.starts[line - 1];
        let column = match &self.chars_before {
            None => byte - start,
            Some(c) => (c[byte] - c[start]) as usize,
        } + 1;
        Pos { line, column }
    }
}

fn walk(
    lines: &Lines<'_>,
    value: &Value<'_>,
    path: String,
    out: &mut std::collections::HashMap<String, Span>,
) {
    let r = value.range();
    out.entry(path.clone()).or_insert(Span {
        start: lines.pos(r.start),
        end: lines.pos(r.end),
    });
    match value {
        Value::Object(o) => {
            for p in &o.properties {
                let key = p.name.as_str();
                let child = if path.is_empty() {
                    key.to_string()
                } else {
                    format!("{path}.{key}")
                };
                walk(lines, &p.value, child, out);
            }
        }
        Value::Array(a) => {
            for (i, e) in a.elements.iter().enumerate() {
                walk(lines, e, format!("{path}[{i}]"), out);
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
        let mut entries = std::collections::HashMap::new();
        walk(&Lines::new(text), &value, String::new(), &mut entries);
        let statement_list = entries.contains_key("Statement[0]");
        Spans {
            entries,
            statement_list,
        }
    }

    fn exact(&self, path: &str) -> Option<Span> {
        self.entries.get(path).copied()
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

    /// Columns count characters, also after non-ASCII text and on one long line (issue #31:
    /// positions come from a line index, not a count from the start of the text).
    #[test]
    fn columns_count_characters_on_long_lines() {
        let text = "{\"Id\": \"é€\", \"Statement\": [{\"Sid\": \"a\"}]}";
        let spans = Spans::of(text);
        assert_eq!(
            spans.find(Some(0), "Sid").start,
            Pos {
                line: 1,
                column: 36
            }
        );
        let many: Vec<String> = (0..20_000)
            .map(|i| format!("{{\"Sid\": \"s{i}\"}}"))
            .collect();
        let text = format!("{{\"Statement\": [{}]}}", many.join(","));
        let spans = Spans::of(&text);
        let last = spans.find(Some(19_999), "Sid").start;
        assert_eq!(last.line, 1);
        assert_eq!(&text[last.column - 1..last.column + 7], "\"s19999\"");
    }
}
