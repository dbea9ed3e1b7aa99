//! The documents of a YAML or JSON file, each with its `kind`, so that one directory can hold
//! several kinds (`PodIdentityConfig` and `AccessTests`): each document's text keeps its place
//! in the file (the lines before it are blank), so every message still names the file's own
//! `FILE:LINE:COLUMN`.

use serde::Deserialize;

/// One document of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Its `kind`, when it has a readable one.
    pub kind: Option<String>,
    /// The file's text with everything outside this document blanked (line numbers kept).
    pub text: String,
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

/// The documents of a file, in order; documents that are empty (or only comments) are left out.
pub fn split(text: &str) -> Vec<Document> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
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
    let mut out = Vec::new();
    for (start, end) in starts.into_iter().zip(ends) {
        let mut doc = "\n".repeat(start);
        doc.extend(lines[start..end.max(start)].iter().copied());
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
            text: doc,
            lines: (start, end.max(start)),
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

/// The file's text with the documents of `kind` blanked (every line kept, so locations stay
/// the file's; each later document starts with its own `---`); None when nothing else is left.
pub fn without(text: &str, kind: &str) -> Option<String> {
    let docs = split(text);
    if !docs.iter().any(|d| d.kind.as_deref() == Some(kind)) {
        return Some(text.to_string());
    }
    if docs.iter().all(|d| d.kind.as_deref() == Some(kind)) {
        return None;
    }
    let blank = |i: usize| {
        docs.iter()
            .any(|d| d.kind.as_deref() == Some(kind) && (d.lines.0..d.lines.1).contains(&i))
    };
    Some(
        text.split_inclusive('\n')
            .enumerate()
            .map(|(i, line)| if blank(i) { "\n" } else { line })
            .collect(),
    )
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
        assert_eq!(docs[1].text.lines().nth(5), Some("kind: PodIdentityConfig"));
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
