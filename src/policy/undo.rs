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

/// The namespace and service accounts of a Pod Identity statement of the shape epi writes for a
/// namespace: principal pods.eks.amazonaws.com, StringEquals on exactly one namespace and one or
/// more service accounts (several service accounts of one namespace share one statement), and,
/// for a stack's files, the clusters (see [`pod_identity_namespace_in`]).
pub fn pod_identity_namespace(statement: &Value) -> Option<(String, Vec<String>)> {
    pod_identity_namespace_in(statement).map(|(ns, sas, _)| (ns, sas))
}

/// [`pod_identity_namespace`] with the cluster ARNs the statement is scoped to
/// (`aws:RequestTag/eks-cluster-arn`), None when it is not scoped to clusters: then the same
/// namespace and service account of any cluster in the account may use the role.
pub fn pod_identity_namespace_in(
    statement: &Value,
) -> Option<(String, Vec<String>, Option<Vec<String>>)> {
    let clusters_key = tags::request_tag_key(tags::CLUSTER_ARN);
    let (keys, clusters) = match pods_string_equals(statement, 2) {
        Some(keys) => (keys, None),
        None => {
            let keys = pods_string_equals(statement, 3)?;
            let arns: Vec<String> = string_values(keys.get(&clusters_key)?)
                .into_iter()
                .map(str::to_string)
                .collect();
            if arns.is_empty() {
                return None;
            }
            (keys, Some(arns))
        }
    };
    let namespace =
        match string_values(keys.get(&tags::request_tag_key(tags::NAMESPACE))?).as_slice() {
            [only] => (*only).to_string(),
            _ => return None,
        };
    let accounts: Vec<String> =
        string_values(keys.get(&tags::request_tag_key(tags::SERVICE_ACCOUNT))?)
            .into_iter()
            .map(str::to_string)
            .collect();
    (!accounts.is_empty()).then_some((namespace, accounts, clusters))
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
    let before_pairs: Vec<(String, String)> = before_statements
        .iter()
        .filter_map(|s| pod_identity_namespace(s))
        .flat_map(|(ns, sas)| sas.into_iter().map(move |sa| (ns.clone(), sa)))
        .collect();
    let mut out: Vec<Value> = Vec::new();
    for st in statements(current) {
        if before_statements.contains(&st) {
            out.push(st.clone());
            continue;
        }
        if let Some((ns, sas)) = pod_identity_namespace(st) {
            // Only the service accounts the migration added, and no live association keeps.
            let added = |sa: &String| {
                let pair = (ns.clone(), sa.clone());
                pairs.contains(&pair) && !keep.contains(&pair) && !before_pairs.contains(&pair)
            };
            if sas.iter().any(added) {
                let left: Vec<String> = sas.iter().filter(|sa| !added(sa)).cloned().collect();
                if left.is_empty() {
                    continue;
                }
                let mut kept = st.clone();
                kept["Condition"]["StringEquals"][tags::request_tag_key(tags::SERVICE_ACCOUNT)] =
                    serde_json::json!(left);
                out.push(kept);
                continue;
            }
            if sas.len() == 1
                && pairs.contains(&(ns.clone(), sas[0].clone()))
                && !keep.contains(&(ns.clone(), sas[0].clone()))
            {
                continue;
            }
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

    #[test]
    fn a_shared_namespace_statement_loses_only_what_the_migration_added() {
        let before = json!({"Version": "2012-10-17", "Statement": [pods("team", "a")]});
        let mut merged = pods("team", "a");
        merged["Condition"]["StringEquals"]["aws:RequestTag/kubernetes-service-account"] =
            json!(["a", "b", "c"]);
        let current = json!({"Version": "2012-10-17", "Statement": [merged]});
        let pairs = [
            ("team".to_string(), "b".to_string()),
            ("team".to_string(), "c".to_string()),
        ];
        // b and c were added by the migration; c is still used by a live association.
        let undone = undo_migration(&current, &before, PROD, &pairs, &[pairs[1].clone()], &[]);
        assert_eq!(
            undone["Statement"][0]["Condition"]["StringEquals"]["aws:RequestTag/kubernetes-service-account"],
            json!(["a", "c"])
        );
        // Nothing kept: back to the statement as it was.
        let undone = undo_migration(&current, &before, PROD, &pairs, &[], &[]);
        assert_eq!(undone["Statement"], before["Statement"]);
        // A statement the migration made alone is removed.
        let empty = json!({"Version": "2012-10-17", "Statement": []});
        let undone = undo_migration(
            &current,
            &empty,
            PROD,
            &[
                ("team".into(), "a".into()),
                pairs[0].clone(),
                pairs[1].clone(),
            ],
            &[],
            &[],
        );
        assert_eq!(undone["Statement"], json!([]));
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
