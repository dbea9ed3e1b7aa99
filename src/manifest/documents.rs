//! The documents of a YAML or JSON file, each with its `kind`, so that one directory can hold
//! several kinds (`PodIdentityConfig` and `AccessTests`): each document's text keeps its place
//! in the file (the lines before it are blank), so every message still names the file's own
//! `FILE:LINE:COLUMN`.

use serde::Deserialize;

/// The most documents epi reads from one file, checked before any is parsed: a PodIdentityConfig
/// or AccessTests file of more is a mistake (or an attack on the pipeline), not a fleet.
pub const MAX_DOCUMENTS: usize = 10_000;

/// One document of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Its `kind`, when it has a readable one.
    pub kind: Option<String>,
    /// Its lines in the file: `lines.0..lines.1`, 0-based.
    pub lines: (usize, usize),
}

#[derive(Deserialize)]
struct KindOnly {
    #[serde(default)]
    kind: Option<serde_json::Value>,
}

/// Whether a line is a YAML document marker (`---` or `...` at the start of a line, alone or
/// followed by white space): such a line always separates documents, even inside a block
/// scalar (YAML 1.2 §9.1).
fn marker(line: &str, m: &str) -> bool {
    line.strip_prefix(m)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

/// The line ranges of a file's documents, found in one pass over its lines.
fn ranges(lines: &[&str]) -> Vec<(usize, usize)> {
    let mut starts = vec![0usize];
    let mut ends: Vec<usize> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 && marker(line, "---") {
            if ends.len() < starts.len() {
                ends.push(i);
            }
            starts.push(i);
        } else if marker(line, "...") && ends.len() < starts.len() {
            ends.push(i + 1);
        }
    }
    while ends.len() < starts.len() {
        ends.push(lines.len());
    }
    starts
        .into_iter()
        .zip(ends)
        .map(|(s, e)| (s, e.max(s)))
        .collect()
}

/// How many documents (empty ones included) a file holds, counted without parsing any.
pub fn count_all(text: &str) -> usize {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    ranges(&lines).len()
}

/// Refuses a file of more than [`MAX_DOCUMENTS`] documents, before any is parsed.
pub fn check_count(name: &str, text: &str) -> crate::error::Result<()> {
    let n = count_all(text);
    if n > MAX_DOCUMENTS {
        return Err(crate::error::Error::InFile {
            location: format!("{name}:1:1"),
            message: format!(
                "the file has {n} YAML documents; epi reads at most {MAX_DOCUMENTS} from one file"
            ),
            hint: Some(
                "split it into several files (a directory of them can be given with -f)".into(),
            ),
        });
    }
    Ok(())
}

/// The documents of a file, in order; documents that are empty (or only comments) are left out.
/// Each document is parsed once, alone, for its kind: the whole is linear in the file's size.
pub fn split(text: &str) -> Vec<Document> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = Vec::new();
    for (start, end) in ranges(&lines) {
        let doc: String = lines[start..end].concat();
        let kinds: Vec<KindOnly> = match serde_saphyr::from_multiple(&doc) {
            Ok(k) => k,
            // Unreadable: its kind is unknown, and the reader of its kind says what is wrong.
            Err(_) => vec![KindOnly { kind: None }],
        };
        let Some(k) = kinds.into_iter().next() else {
            continue;
        };
        out.push(Document {
            kind: k.kind.and_then(|v| v.as_str().map(str::to_string)),
            lines: (start, end),
        });
    }
    out
}

/// The number of documents of `kind` in a file.
pub fn count(text: &str, kind: &str) -> usize {
    split(text)
        .iter()
        .filter(|d| d.kind.as_deref() == Some(kind))
        .count()
}

/// The file's text with the lines of the documents `blank` picks blanked (every line kept, so
/// locations stay the file's; each kept document starts with its own `---`). One pass: the
/// documents are in file order and do not overlap.
fn blanked(text: &str, docs: &[Document], blank: impl Fn(&Document) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut d = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        while d < docs.len() && docs[d].lines.1 <= i {
            d += 1;
        }
        let hidden = docs
            .get(d)
            .is_some_and(|doc| doc.lines.0 <= i && blank(doc));
        out.push_str(if hidden { "\n" } else { line });
    }
    out
}

/// The file's text with the documents of `kind` blanked; None when nothing else is left.
pub fn without(text: &str, kind: &str) -> Option<String> {
    let docs = split(text);
    if !docs.iter().any(|d| d.kind.as_deref() == Some(kind)) {
        return Some(text.to_string());
    }
    if docs.iter().all(|d| d.kind.as_deref() == Some(kind)) {
        return None;
    }
    Some(blanked(text, &docs, |d| d.kind.as_deref() == Some(kind)))
}

/// The file's text with every document but those of `kind` blanked; None when it has none.
pub fn only(text: &str, kind: &str) -> Option<String> {
    let docs = split(text);
    if !docs.iter().any(|d| d.kind.as_deref() == Some(kind)) {
        return None;
    }
    Some(blanked(text, &docs, |d| d.kind.as_deref() != Some(kind)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_keep_their_lines_and_kinds() {
        let text = "apiVersion: epi/v1alpha1\nkind: AccessTests\ncluster: a\n---\n# c\nkind: PodIdentityConfig\ncluster: b\n--- \n";
        let docs = split(text);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].kind.as_deref(), Some("AccessTests"));
        assert_eq!(docs[1].kind.as_deref(), Some("PodIdentityConfig"));
        assert_eq!(docs[1].lines, (3, 7));
        let tests = only(text, "AccessTests").unwrap();
        assert_eq!(tests.lines().nth(1), Some("kind: AccessTests"));
        assert_eq!(tests.lines().nth(5), Some(""));
        assert_eq!(count(text, "AccessTests"), 1);
        let rest = without(text, "AccessTests").unwrap();
        assert_eq!(rest.lines().nth(5), Some("kind: PodIdentityConfig"));
        assert_eq!(rest.lines().count(), 8);
        assert!(without("kind: AccessTests\n", "AccessTests").is_none());
        let json = "{\"kind\": \"PodIdentityConfig\"}";
        assert_eq!(split(json)[0].kind.as_deref(), Some("PodIdentityConfig"));
        assert_eq!(without(json, "AccessTests").as_deref(), Some(json));
    }
}
