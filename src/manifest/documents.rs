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
    /// Not a document of epi's: a JSON Schema (a `$schema` key; `epi schema` writes one next to
    /// the files for editors) or an `apiVersion` other than `epi/…` (#33 item 9).
    pub foreign: bool,
    /// Its lines in the file: `lines.0..lines.1`, 0-based.
    pub lines: (usize, usize),
}

#[derive(Deserialize)]
struct KindOnly {
    #[serde(default)]
    kind: Option<serde_json::Value>,
    #[serde(default, rename = "apiVersion")]
    api_version: Option<serde_json::Value>,
    #[serde(default, rename = "$schema")]
    schema: Option<serde_json::Value>,
}

impl KindOnly {
    fn foreign(&self) -> bool {
        match self
            .api_version
            .as_ref()
            .and_then(serde_json::Value::as_str)
        {
            Some(v) => !v.starts_with("epi/"),
            None => self.schema.is_some(),
        }
    }
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

/// The kinds of document epi reads.
pub const KINDS: [&str; 2] = [super::config::KIND, super::access_tests::KIND];

/// The one error for a `kind` epi does not read, wherever the document is read (#33 item 10):
/// names the kinds epi reads, with a did-you-mean.
pub fn unknown_kind(kind: &str) -> crate::error::Error {
    let hint = match crate::suggest::nearest(kind, &KINDS) {
        Some(near) => format!("did you mean `kind: {near}`?"),
        None => format!(
            "write `kind: {}` (plan, apply) or `kind: {}` (access test)",
            KINDS[0], KINDS[1]
        ),
    };
    crate::error::Error::invalid(
        "kind",
        kind,
        format!("epi reads {} and {} documents", KINDS[0], KINDS[1]),
    )
    .with_hint(hint)
}

/// Refuses a document of epi's (`apiVersion: epi/…`, or none) whose `kind` epi does not read,
/// at its `kind` line, before any document is parsed for its fields: a misspelt kind gets the
/// same message in `plan`, `apply` and `access test`, not an error about the fields of whichever
/// kind the reader expected.
pub fn check_kinds(name: &str, text: &str) -> crate::error::Result<()> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for d in split(text) {
        let Some(kind) = d
            .kind
            .as_deref()
            .filter(|k| !d.foreign && !KINDS.contains(k))
        else {
            continue;
        };
        let (line, column) = (d.lines.0..d.lines.1)
            .find_map(|i| {
                let l = lines[i];
                let at = l.find("kind")?;
                let key = l[..at].trim_end_matches('"').trim();
                (key.is_empty() || key == "{" || key.ends_with(','))
                    .then(|| (i + 1, l.find(kind).map_or(at + 1, |c| c + 1)))
            })
            .unwrap_or((d.lines.0 + 1, 1));
        return Err(unknown_kind(kind).at(format!("{name}:{line}:{column}")));
    }
    Ok(())
}

/// A document of `kind` that serde-saphyr could not read, as an error at its `FILE:LINE:COLUMN`:
/// the reader's message once (no `error: line L column C:` inside it), and a did-you-mean for an
/// unknown key, else `hint` (#33 item 10). One mapping for every kind epi reads.
pub fn parse_error(
    name: &str,
    kind: &str,
    e: &serde_saphyr::Error,
    hint: &str,
) -> crate::error::Error {
    let location = match e.location() {
        Some(l) => format!("{name}:{}:{}", l.line(), l.column()),
        None => format!("{name}:1:1"),
    };
    let message = strip_location(&e.to_string());
    crate::error::Error::InFile {
        location,
        hint: Some(unknown_key_hint(&message).unwrap_or_else(|| hint.to_string())),
        message: format!("not a valid {kind} document: {message}"),
    }
}

/// serde-saphyr appends " at line L column C"; the location is printed in front instead.
fn strip_location(message: &str) -> String {
    let mut first = message.lines().next().unwrap_or(message).trim();
    first = first.strip_prefix("error: ").unwrap_or(first);
    if first.starts_with("line ")
        && let Some((_, rest)) = first.split_once(": ")
    {
        first = rest;
    }
    match first.rfind(" at line ") {
        Some(i) => first[..i].to_string(),
        None => first.to_string(),
    }
}

/// "unknown field `rols`, expected one of `a`, `b`" → did you mean.
fn unknown_key_hint(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (bad, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest
        .split_once("expected one of ")
        .map(|(_, list)| {
            list.split(", ")
                .map(|k| k.trim().trim_matches('`'))
                .collect()
        })
        .unwrap_or_default();
    let near = expected
        .iter()
        .min_by_key(|k| strsim::damerau_levenshtein(&k.to_lowercase(), &bad.to_lowercase()))
        .filter(|k| strsim::damerau_levenshtein(&k.to_lowercase(), &bad.to_lowercase()) <= 3);
    Some(match near {
        Some(k) => format!("did you mean `{k}`? (`{bad}` is not a key here)"),
        None => format!(
            "`{bad}` is not a key here; the keys are: {}",
            expected.join(", ")
        ),
    })
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
            Err(_) => vec![KindOnly {
                kind: None,
                api_version: None,
                schema: None,
            }],
        };
        let Some(k) = kinds.into_iter().next() else {
            continue;
        };
        out.push(Document {
            foreign: k.foreign(),
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
    keeping(text, |d| d.kind.as_deref() != Some(kind))
}

/// The file's text with the documents that are not epi's blanked ([`Document::foreign`]) and those
/// of `kind`; None when nothing else is left.
pub fn epi_without(text: &str, kind: &str) -> Option<String> {
    keeping(text, |d| !d.foreign && d.kind.as_deref() != Some(kind))
}

/// The number of documents in a file that are not epi's ([`Document::foreign`]).
pub fn count_foreign(text: &str) -> usize {
    split(text).iter().filter(|d| d.foreign).count()
}

/// The file's text with the documents `keep` refuses blanked; None when it keeps none of a file
/// that has documents.
fn keeping(text: &str, keep: impl Fn(&Document) -> bool) -> Option<String> {
    let docs = split(text);
    if docs.iter().all(&keep) {
        return Some(text.to_string());
    }
    if !docs.iter().any(&keep) {
        return None;
    }
    Some(blanked(text, &docs, |d| !keep(d)))
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
