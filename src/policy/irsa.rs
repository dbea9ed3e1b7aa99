//! IRSA trust statements (facts §5): which statement of a role's trust policy belongs to a given
//! cluster's OIDC provider, which service accounts it admits, and how to take one service account
//! out of it without touching any other cluster's statement. Pure; the groundwork of
//! `migrate-irsa` and `doctor`.

use super::{statements, string_values as strings};
use serde_json::{Map, Value, json};

/// The IAM OIDC provider of a cluster: its `identity.oidc.issuer` without the scheme.
pub fn provider_from_issuer(issuer: &str) -> String {
    let rest = issuer
        .strip_prefix("https://")
        .or_else(|| issuer.strip_prefix("http://"))
        .unwrap_or(issuer);
    rest.trim_end_matches('/').to_string()
}

/// The `sub` an IRSA token carries for a service account.
pub fn subject(namespace: &str, service_account: &str) -> String {
    format!("system:serviceaccount:{namespace}:{service_account}")
}

/// Whether a statement is an Allow for this provider's web identities.
pub fn is_cluster_statement(statement: &Value, provider: &str) -> bool {
    let allow = statement.get("Effect").and_then(Value::as_str) == Some("Allow");
    let federated = statement
        .get("Principal")
        .and_then(|p| p.get("Federated"))
        .is_some_and(|f| {
            strings(f).iter().any(|arn| {
                arn.split_once(":oidc-provider/")
                    .is_some_and(|(_, p)| p == provider)
            })
        });
    let web_identity = statement.get("Action").is_some_and(|a| {
        strings(a)
            .iter()
            .any(|a| crate::policy::eval::action_matches(a, "sts:AssumeRoleWithWebIdentity"))
    });
    allow && federated && web_identity
}

/// How a statement admits service accounts through its `PROVIDER:sub` condition.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Subjects {
    /// `StringEquals` values.
    pub equals: Vec<String>,
    /// `StringLike` patterns.
    pub like: Vec<String>,
    /// `StringNotEquals` values (exclusions, e.g. added by narrowing).
    pub not_equals: Vec<String>,
    /// No `:sub` condition at all: every service account of the cluster.
    pub unrestricted: bool,
}

impl Subjects {
    pub fn of(statement: &Value, provider: &str) -> Subjects {
        let key = format!("{provider}:sub");
        let cond = statement.get("Condition").and_then(Value::as_object);
        let get = |op: &str| -> Vec<String> {
            cond.and_then(|c| c.get(op))
                .and_then(|o| o.get(&key))
                .map(|v| strings(v).into_iter().map(str::to_string).collect())
                .unwrap_or_default()
        };
        let equals = get("StringEquals");
        let like = get("StringLike");
        let unrestricted = equals.is_empty() && like.is_empty();
        Subjects {
            equals,
            like,
            not_equals: get("StringNotEquals"),
            unrestricted,
        }
    }

    /// Whether the subject of a service account is admitted.
    pub fn admits(&self, sub: &str) -> bool {
        if self.not_equals.iter().any(|s| s == sub) {
            return false;
        }
        self.unrestricted
            || self.equals.iter().any(|s| s == sub)
            || self.like.iter().any(|p| like(p, sub))
    }

    /// Whether it admits some other subject than this one.
    pub fn admits_others(&self, sub: &str) -> bool {
        self.unrestricted || !self.like.is_empty() || self.equals.iter().any(|s| s != sub)
    }
}

/// IAM StringLike: `*` and `?`, case-sensitive (the evaluator's own matcher).
fn like(pattern: &str, value: &str) -> bool {
    super::eval::pattern::like(pattern, value)
}

/// What IRSA trust a role gives a service account on one cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Indexes of this cluster's IRSA statements that admit the service account.
    pub statements: Vec<usize>,
    /// Whether any of them also admits other service accounts (so it must be narrowed, not removed).
    pub shared: bool,
    /// Indexes of IRSA statements of other providers (other clusters), never to be touched.
    pub other_clusters: Vec<usize>,
}

pub fn find(policy: &Value, provider: &str, namespace: &str, service_account: &str) -> Finding {
    let sub = subject(namespace, service_account);
    let mut found = Finding {
        statements: Vec::new(),
        shared: false,
        other_clusters: Vec::new(),
    };
    for (i, st) in statements(policy).into_iter().enumerate() {
        if is_cluster_statement(st, provider) {
            let subjects = Subjects::of(st, provider);
            if subjects.admits(&sub) {
                found.statements.push(i);
                found.shared |= subjects.admits_others(&sub);
            }
        } else if st
            .get("Principal")
            .and_then(|p| p.get("Federated"))
            .is_some_and(|f| strings(f).iter().any(|a| a.contains(":oidc-provider/")))
        {
            found.other_clusters.push(i);
        }
    }
    found
}

/// What removing a service account did to one statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// The statement admitted only this service account: removed.
    Removed { statement: usize },
    /// Its value was taken out of the statement's `StringEquals` list.
    ValueRemoved { statement: usize },
    /// The statement admits it through a pattern or without condition: a `StringNotEquals` now
    /// excludes it.
    Excluded { statement: usize },
}

/// The trust policy without this cluster's IRSA trust for one service account. Every statement
/// that is not this cluster's, or does not admit the service account, is kept exactly as it was.
pub fn remove_service_account(
    policy: &Value,
    provider: &str,
    namespace: &str,
    service_account: &str,
) -> (Value, Vec<Change>) {
    let sub = subject(namespace, service_account);
    let key = format!("{provider}:sub");
    let mut doc = policy.clone();
    let original: Vec<Value> = statements(policy).into_iter().cloned().collect();
    let mut kept = Vec::with_capacity(original.len());
    let mut changes = Vec::new();
    for (i, st) in original.into_iter().enumerate() {
        if !is_cluster_statement(&st, provider) || !Subjects::of(&st, provider).admits(&sub) {
            kept.push(st);
            continue;
        }
        let subjects = Subjects::of(&st, provider);
        let mut st = st;
        if subjects.equals.iter().any(|s| s == &sub) && subjects.like.iter().all(|p| !like(p, &sub))
        {
            let remaining: Vec<Value> = subjects
                .equals
                .iter()
                .filter(|s| **s != sub)
                .map(|s| Value::String(s.clone()))
                .collect();
            if remaining.is_empty() && subjects.like.is_empty() {
                changes.push(Change::Removed { statement: i });
                continue;
            }
            let eq = st
                .pointer_mut("/Condition/StringEquals")
                .and_then(Value::as_object_mut)
                .expect("the value came from here");
            if remaining.is_empty() {
                eq.remove(&key);
            } else {
                eq.insert(key.clone(), Value::Array(remaining));
            }
            changes.push(Change::ValueRemoved { statement: i });
        } else {
            let cond = st
                .as_object_mut()
                .expect("a statement")
                .entry("Condition")
                .or_insert_with(|| json!({}));
            let not_eq = cond
                .as_object_mut()
                .expect("an object")
                .entry("StringNotEquals")
                .or_insert_with(|| Value::Object(Map::new()));
            let entry = not_eq
                .as_object_mut()
                .expect("an object")
                .entry(key.clone())
                .or_insert_with(|| json!([]));
            match entry {
                Value::Array(items) => items.push(Value::String(sub.clone())),
                other => *other = json!([other.clone(), sub.clone()]),
            }
            changes.push(Change::Excluded { statement: i });
        }
        kept.push(st);
    }
    if let Some(obj) = doc.as_object_mut() {
        obj.insert("Statement".into(), Value::Array(kept));
    }
    (doc, changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "oidc.eks.us-east-1.amazonaws.com/id/AAAA";
    const B: &str = "oidc.eks.eu-west-1.amazonaws.com/id/BBBB";

    fn irsa(provider: &str, op: &str, subs: Value) -> Value {
        json!({
            "Effect": "Allow",
            "Principal": {"Federated": format!("arn:aws:iam::111122223333:oidc-provider/{provider}")},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {op: {format!("{provider}:sub"): subs, format!("{provider}:aud"): "sts.amazonaws.com"}}
        })
    }

    #[test]
    fn providers() {
        assert_eq!(
            provider_from_issuer("https://oidc.eks.us-east-1.amazonaws.com/id/AAAA"),
            A
        );
        assert_eq!(
            provider_from_issuer("http://localhost:4566/oidc/id/X/"),
            "localhost:4566/oidc/id/X"
        );
    }

    #[test]
    fn finds_only_this_clusters_statement() {
        let policy = json!({"Version": "2012-10-17", "Statement": [
            irsa(A, "StringEquals", json!("system:serviceaccount:team-a:app")),
            irsa(B, "StringEquals", json!("system:serviceaccount:team-a:app")),
        ]});
        let f = find(&policy, A, "team-a", "app");
        assert_eq!(f.statements, vec![0]);
        assert!(!f.shared);
        assert_eq!(f.other_clusters, vec![1]);
        assert!(find(&policy, A, "team-a", "other").statements.is_empty());
    }

    #[test]
    fn removing_the_only_subject_removes_the_statement_and_keeps_the_other_cluster() {
        let other = irsa(B, "StringEquals", json!("system:serviceaccount:team-a:app"));
        let policy = json!({"Version": "2012-10-17", "Statement": [irsa(A, "StringEquals", json!("system:serviceaccount:team-a:app")), other.clone()]});
        let (after, changes) = remove_service_account(&policy, A, "team-a", "app");
        assert_eq!(changes, vec![Change::Removed { statement: 0 }]);
        assert_eq!(after["Statement"], json!([other]));
        assert_eq!(
            serde_json::to_string(&after["Statement"][0]).unwrap(),
            serde_json::to_string(&policy["Statement"][1]).unwrap(),
            "byte for byte"
        );
    }

    #[test]
    fn a_list_is_narrowed() {
        let policy = json!({"Statement": [irsa(A, "StringEquals", json!(["system:serviceaccount:team-a:app", "system:serviceaccount:team-a:worker"]))]});
        let f = find(&policy, A, "team-a", "app");
        assert!(f.shared);
        let (after, changes) = remove_service_account(&policy, A, "team-a", "app");
        assert_eq!(changes, vec![Change::ValueRemoved { statement: 0 }]);
        assert_eq!(
            after["Statement"][0]["Condition"]["StringEquals"][format!("{A}:sub")],
            json!(["system:serviceaccount:team-a:worker"])
        );
        assert!(find(&after, A, "team-a", "worker").statements == vec![0]);
        assert!(find(&after, A, "team-a", "app").statements.is_empty());
    }

    #[test]
    fn a_namespace_wildcard_gets_an_exclusion() {
        let policy =
            json!({"Statement": [irsa(A, "StringLike", json!("system:serviceaccount:team-a:*"))]});
        let f = find(&policy, A, "team-a", "app");
        assert_eq!(f.statements, vec![0]);
        assert!(f.shared);
        let (after, changes) = remove_service_account(&policy, A, "team-a", "app");
        assert_eq!(changes, vec![Change::Excluded { statement: 0 }]);
        assert_eq!(
            after["Statement"][0]["Condition"]["StringNotEquals"][format!("{A}:sub")],
            json!(["system:serviceaccount:team-a:app"])
        );
        assert!(find(&after, A, "team-a", "app").statements.is_empty());
        assert_eq!(find(&after, A, "team-a", "worker").statements, vec![0]);
    }

    #[test]
    fn unrelated_statements_are_not_touched() {
        let pods = json!({"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]});
        let policy = json!({"Statement": [pods.clone(), irsa(A, "StringEquals", json!("system:serviceaccount:x:y"))]});
        let (after, changes) = remove_service_account(&policy, A, "team-a", "app");
        assert!(changes.is_empty());
        assert_eq!(after, policy);
    }
}
