//! The request context: condition keys and their values. Key names compare without case
//! (`aws:PrincipalTag/Team` is `aws:principaltag/team`) [COND23][CK23]; values keep theirs.
//!
//! A context is *closed* (a key not given is absent from the request, as in `epi policy
//! simulate`) or *open* (a key not given is unknown: epi cannot know it, so a decision that
//! depends on it is `conditional`, never a guess). An open context can still name keys it knows
//! to be absent (a prefix ending in `/` names a family, e.g. `aws:requesttag/`).

use std::collections::BTreeMap;

#[derive(Clone, Debug, Default)]
pub struct Context {
    /// lower-case key → (the key as first given, its values)
    values: BTreeMap<String, (String, Vec<String>)>,
    open: bool,
    absent: Vec<String>,
    /// Keys known to be unknown even inside a family marked absent.
    unknown: Vec<String>,
}

/// What the context says about one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup<'a> {
    Present(&'a [String]),
    Absent,
    Unknown,
}

impl Context {
    /// Keys not given are absent.
    pub fn closed() -> Self {
        Context::default()
    }

    /// Keys not given are unknown, unless marked absent.
    pub fn open() -> Self {
        Context {
            open: true,
            ..Context::default()
        }
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Adds a value to a key (a key given twice is multi-valued).
    pub fn insert(&mut self, key: &str, value: impl Into<String>) {
        self.values
            .entry(key.to_ascii_lowercase())
            .or_insert_with(|| (key.to_string(), Vec::new()))
            .1
            .push(value.into());
    }

    /// Sets a key's values, replacing what it had.
    pub fn set(&mut self, key: &str, values: Vec<String>) {
        self.values
            .insert(key.to_ascii_lowercase(), (key.to_string(), values));
    }

    /// Sets a key unless the caller already gave it (derived keys never override given ones).
    pub fn set_default(&mut self, key: &str, values: Vec<String>) {
        self.values
            .entry(key.to_ascii_lowercase())
            .or_insert_with(|| (key.to_string(), values));
    }

    /// In an open context, says a key (or a family, ending in `/`) is known to be absent.
    pub fn mark_absent(&mut self, key_or_prefix: &str) {
        self.absent.push(key_or_prefix.to_ascii_lowercase());
    }

    /// In an open context, says a key is unknown even when its family is marked absent (a
    /// pod's name among principal tags that are otherwise all known).
    pub fn mark_unknown(&mut self, key: &str) {
        self.unknown.push(key.to_ascii_lowercase());
    }

    pub fn lookup(&self, key: &str) -> Lookup<'_> {
        let lower = key.to_ascii_lowercase();
        if let Some((_, values)) = self.values.get(&lower) {
            return Lookup::Present(values);
        }
        if self.open && self.unknown.contains(&lower) {
            return Lookup::Unknown;
        }
        let known_absent = self.absent.iter().any(|a| {
            if a.ends_with('/') {
                lower.starts_with(a.as_str())
            } else {
                *a == lower
            }
        });
        if !self.open || known_absent {
            Lookup::Absent
        } else {
            Lookup::Unknown
        }
    }

    /// The key as it was given (for messages), or as asked.
    pub fn spelling<'a>(&'a self, key: &'a str) -> &'a str {
        self.values
            .get(&key.to_ascii_lowercase())
            .map(|(k, _)| k.as_str())
            .unwrap_or(key)
    }

    /// Every key given, with its values, in key order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.values
            .values()
            .map(|(k, v)| (k.as_str(), v.as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_values_keep_it() {
        let mut c = Context::closed();
        c.insert("aws:PrincipalTag/Team", "A");
        c.insert("aws:principaltag/team", "b");
        assert_eq!(
            c.lookup("AWS:PRINCIPALTAG/TEAM"),
            Lookup::Present(&["A".to_string(), "b".to_string()])
        );
        assert_eq!(c.lookup("aws:username"), Lookup::Absent);
        let mut o = Context::open();
        o.mark_absent("aws:RequestTag/");
        assert_eq!(o.lookup("aws:requesttag/x"), Lookup::Absent);
        assert_eq!(o.lookup("aws:SourceIp"), Lookup::Unknown);
        o.mark_absent("aws:PrincipalTag/");
        o.mark_unknown("aws:PrincipalTag/kubernetes-pod-name");
        assert_eq!(o.lookup("aws:principaltag/team"), Lookup::Absent);
        assert_eq!(
            o.lookup("aws:PrincipalTag/Kubernetes-Pod-Name"),
            Lookup::Unknown
        );
    }
}
