//! Undoing a migration as a diff, not a snapshot: the trust policy as it is now, less the Pod
//! Identity statements the migration added, plus this cluster's IRSA statements as they were.
//! Every other statement stays as it is now, so a later migration of another cluster that shares
//! the role (its Pod Identity statement, its IRSA removal) survives the rollback. Pure.

use serde_json::Value;

use super::irsa;
use super::tags::{self, PODS_PRINCIPAL};
use super::{statements, string_values};

/// The StringEquals keys of an Allow for pods.eks.amazonaws.com whose only condition is one
/// StringEquals with exactly `count` keys (the shapes epi writes).
fn pods_string_equals(statement: &Value, count: usize) -> Option<&serde_json::Map<String, Value>> {
    let pods = statement
        .get("Principal")
        .and_then(|p| p.get("Service"))
        .is_some_and(|s| string_values(s).contains(&PODS_PRINCIPAL));
    if !pods || statement.get("Effect").and_then(Value::as_str) != Some("Allow") {
        return None;
    }
    let cond = statement.get("Condition")?.as_object()?;
    let keys = cond.get("StringEquals")?.as_object()?;
    (cond.len() == 1 && keys.len() == count).then_some(keys)
}

/// The (namespace, service account) a Pod Identity statement of the shape epi writes is scoped
/// to: principal pods.eks.amazonaws.com, StringEquals on exactly one namespace and one service
/// account request tag, nothing else.
pub fn pod_identity_pair(statement: &Value) -> Option<(String, String)> {
    let keys = pods_string_equals(statement, 2)?;
    let one = |tag: &str| -> Option<String> {
        let v = keys.get(&tags::request_tag_key(tag))?;
        match string_values(v).as_slice() {
            [only] => Some((*only).to_string()),
            _ => None,
        }
    };
    Some((one(tags::NAMESPACE)?, one(tags::SERVICE_ACCOUNT)?))
}

/// The service accounts of a Pod Identity statement scoped by service account alone (as epi
/// writes them for an add-on, whose namespace EKS chooses).
pub fn addon_service_accounts(statement: &Value) -> Option<Vec<String>> {
    let keys = pods_string_equals(statement, 1)?;
    let v = keys.get(&tags::request_tag_key(tags::SERVICE_ACCOUNT))?;
    Some(string_values(v).into_iter().map(str::to_string).collect())
}

/// `current` with the migration of `pairs` (on the cluster of `provider`) undone:
/// - Pod Identity statements for those pairs that `before` did not have are removed, unless the
///   pair is in `keep` (another live association of the role still uses it);
/// - this provider's IRSA statements are put back as `before` had them: current ones of that
///   provider that `before` did not have and that admit only subjects `before` admitted (the
///   narrowed versions) are replaced by `before`'s;
/// - Pod Identity statements scoped to add-on service accounts (`addon_accounts`) that `before`
///   did not have are removed;
/// - every other statement is kept as it is now.
pub fn undo_migration(
    current: &Value,
    before: &Value,
    provider: &str,
    pairs: &[(String, String)],
    keep: &[(String, String)],
    addon_accounts: &[String],
) -> Value {
    let before_statements = statements(before);
    let before_irsa: Vec<&Value> = before_statements
        .iter()
        .copied()
        .filter(|s| irsa::is_cluster_statement(s, provider))
        .collect();
    let before_subjects: Vec<String> = before_irsa.iter().flat_map(|s| subjects(s)).collect();
    let mut out: Vec<Value> = Vec::new();
    for st in statements(current) {
        if before_statements.contains(&st) {
            out.push(st.clone());
            continue;
        }
        if let Some(pair) = pod_identity_pair(st)
            && pairs.contains(&pair)
            && !keep.contains(&pair)
        {
            continue;
        }
        if !addon_accounts.is_empty()
            && addon_service_accounts(st)
                .is_some_and(|sas| sas.iter().all(|sa| addon_accounts.contains(sa)))
        {
            continue;
        }
        if irsa::is_cluster_statement(st, provider)
            && subjects(st).iter().all(|s| before_subjects.contains(s))
        {
            continue;
        }
        out.push(st.clone());
    }
    for st in before_irsa {
        if !out.contains(st) {
            out.push(st.clone());
        }
    }
    let mut doc = current.clone();
    if !doc.is_object() {
        doc = serde_json::json!({"Version": "2012-10-17"});
    }
    doc["Statement"] = Value::Array(out);
    doc
}

/// The `…:sub` values of an IRSA statement.
fn subjects(statement: &Value) -> Vec<String> {
    let Some(Value::Object(ops)) = statement.get("Condition") else {
        return Vec::new();
    };
    ops.values()
        .filter_map(Value::as_object)
        .flat_map(|keys| keys.iter())
        .filter(|(k, _)| k.ends_with(":sub"))
        .flat_map(|(_, v)| string_values(v).into_iter().map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PROD: &str = "oidc.eks.us-east-1.amazonaws.com/id/PROD";
    const STAGE: &str = "oidc.eks.us-east-1.amazonaws.com/id/STAGE";

    fn irsa(provider: &str, subs: &[&str]) -> Value {
        json!({"Effect": "Allow", "Principal": {"Federated": format!("arn:aws:iam::111122223333:oidc-provider/{provider}")}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {format!("{provider}:sub"): subs, format!("{provider}:aud"): "sts.amazonaws.com"}}})
    }

    fn pods(ns: &str, sa: &str) -> Value {
        json!({"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"], "Condition": {"StringEquals": {"aws:RequestTag/kubernetes-namespace": [ns], "aws:RequestTag/kubernetes-service-account": [sa]}}})
    }

    fn doc(statements: Vec<Value>) -> Value {
        json!({"Version": "2012-10-17", "Statement": statements})
    }

    /// Migrate prod, then stage (same role), then roll back prod: stage's Pod Identity statement
    /// and its IRSA removal stay; prod's IRSA comes back; prod's Pod Identity statement goes.
    #[test]
    fn rolling_back_one_cluster_keeps_the_other() {
        let prod_sub = "system:serviceaccount:team-a:app";
        let stage_sub = "system:serviceaccount:team-b:api";
        let before_prod = doc(vec![irsa(PROD, &[prod_sub]), irsa(STAGE, &[stage_sub])]);
        // After both migrations with IRSA removed on both.
        let now = doc(vec![pods("team-a", "app"), pods("team-b", "api")]);
        let pairs = vec![("team-a".to_string(), "app".to_string())];
        let undone = undo_migration(&now, &before_prod, PROD, &pairs, &[], &[]);
        assert_eq!(
            undone,
            doc(vec![pods("team-b", "api"), irsa(PROD, &[prod_sub])])
        );
    }

    /// A Pod Identity statement another live association relies on is kept.
    #[test]
    fn a_statement_still_in_use_is_kept() {
        let before = doc(vec![irsa(PROD, &["system:serviceaccount:team-a:app"])]);
        let now = doc(vec![pods("team-a", "app")]);
        let pair = ("team-a".to_string(), "app".to_string());
        let undone = undo_migration(
            &now,
            &before,
            PROD,
            std::slice::from_ref(&pair),
            std::slice::from_ref(&pair),
            &[],
        );
        assert_eq!(
            undone,
            doc(vec![
                pods("team-a", "app"),
                irsa(PROD, &["system:serviceaccount:team-a:app"])
            ])
        );
    }

    /// A narrowed IRSA statement is replaced by the one before; another party's new statement of
    /// the same provider for a new service account is kept.
    #[test]
    fn narrowed_irsa_is_restored_and_new_ones_kept() {
        let both = irsa(
            PROD,
            &["system:serviceaccount:a:x", "system:serviceaccount:a:y"],
        );
        let before = doc(vec![both.clone()]);
        let narrowed = irsa(PROD, &["system:serviceaccount:a:y"]);
        let newcomer = irsa(PROD, &["system:serviceaccount:z:new"]);
        let now = doc(vec![narrowed, pods("a", "x"), newcomer.clone()]);
        let undone = undo_migration(&now, &before, PROD, &[("a".into(), "x".into())], &[], &[]);
        assert_eq!(undone, doc(vec![newcomer, both]));
        assert_eq!(
            pod_identity_pair(&pods("a", "x")),
            Some(("a".into(), "x".into()))
        );
    }
}
