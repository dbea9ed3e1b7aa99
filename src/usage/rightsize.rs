//! `epi rightsize`: from what a service account really did ([`super::attribution::Row`]) to the
//! least privilege that still does it, proven before it is proposed. Pure: the command reads the
//! roles and the live associations and hands them in.
//!
//! - A role used by one service account: a tightened policy for the role (`role-policy`).
//! - A role shared by several: a session policy for this service account's association
//!   (`session-policy`, the association's `policy`, which EKS accepts only with session tags
//!   disabled), unless the role's policies use `aws:PrincipalTag` or its trust conditions on
//!   request tags: turning the tags off would break them, so the proposal is a role of its own
//!   (`split-role`), and the reason says why.
//! - The statements: each action the service account was allowed, on the resources its calls
//!   named (several under one `/`-bounded prefix become `PREFIX*`, when the current grants cover
//!   that pattern; else the ARNs as seen), or, when the events named none, on the resources of the
//!   statement that allows it now; that statement's Condition is kept as written; actions with the
//!   same resources and condition share a statement. A role policy keeps every Deny statement of
//!   the role's policies. Nothing is ever widened: a proposed grant must be allowed now.
//! - Proof before proposal: every call seen that the evaluator allows now is asked again of the
//!   proposal and must still be allowed (`replay`); a proposal that fails its own replay, or does
//!   not fit IAM's size limits, is not made (`none`, with the reason). `removes` lists what the
//!   proposal stops allowing ([`crate::policy::diff`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Value, json};

use super::attribution::Row;
use crate::policy::access::{self, AssociationFacts, Link, Outcome, Question, RoleFacts};

/// Session policy: "The plaintext that you use for both inline and managed session policies
/// can't exceed 2,048 characters" (AWS STS API Reference, AssumeRole, `Policy`); EKS passes the
/// association's `policy` to STS as a session policy.
pub const SESSION_POLICY_MAX: usize = 2048;

/// The name of the inline policy a role-policy or split-role proposal writes.
pub const POLICY_NAME: &str = "epi-rightsized";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    RolePolicy,
    SessionPolicy,
    SplitRole,
    None,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Replay {
    /// Calls seen that the roles allow now (distinct action and resource).
    pub calls: usize,
    /// Of those, the ones the proposal still allows.
    pub still_allowed: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Removed {
    pub action: String,
    pub resource: String,
}

/// One service account's proposal (docs/json-output.md).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Proposal {
    pub account: String,
    pub region: String,
    pub cluster: String,
    pub namespace: String,
    pub service_account: String,
    pub role: String,
    pub kind: Kind,
    pub reason: String,
    pub policy: Option<Value>,
    pub replay: Replay,
    pub removes: Vec<Removed>,
}

/// What a proposal is made from.
pub struct Input<'a> {
    pub row: &'a Row,
    pub facts: &'a AssociationFacts,
    pub role: &'a RoleFacts,
    /// How many live associations use the role.
    pub sharers: usize,
    pub min_days: u32,
}

/// The proposal for one service account.
pub fn propose(input: &Input) -> Proposal {
    let f = input.facts;
    let mut out = Proposal {
        account: f.account.clone(),
        region: f.region.clone(),
        cluster: f.cluster_name.clone(),
        namespace: f.namespace.clone(),
        service_account: f.service_account.clone(),
        role: f.role_arn.clone(),
        kind: Kind::None,
        reason: String::new(),
        policy: None,
        replay: Replay {
            calls: 0,
            still_allowed: 0,
        },
        removes: Vec::new(),
    };
    if f.target_role_arn.is_some() {
        out.reason = "its association has a target role: its calls use the target role's permissions, which rightsize does not propose yet".into();
        return out;
    }
    let days = days_seen(input.row);
    if days < input.min_days {
        out.reason = format!(
            "seen on {days} day(s) of the window, fewer than --min-days {}: too little to know what it needs",
            input.min_days
        );
        return out;
    }

    // The calls the roles allow now: what the proposal must keep.
    let now = |action: &str, resource: &str| {
        access::evaluate(f, Some(input.role), None, &Question::of(action, resource))
    };
    let mut calls: Vec<(String, String, access::Answer)> = Vec::new();
    for a in &input.row.actions {
        for r in allowed_resources(a) {
            let answer = now(&a.action, &r);
            if answer.decision.may_allow() {
                calls.push((a.action.clone(), r, answer));
            }
        }
    }
    out.replay.calls = calls.len();
    if calls.is_empty() {
        out.reason = "no call it made is allowed by its role now: nothing to keep".into();
        return out;
    }

    let mut statements = allow_statements(input.role, &calls, &now);

    let abac = uses_tags(input.role);
    out.kind = if input.sharers <= 1 {
        Kind::RolePolicy
    } else if abac {
        Kind::SplitRole
    } else {
        Kind::SessionPolicy
    };
    if out.kind != Kind::SessionPolicy {
        // A role's own policy keeps every Deny of the role's policies.
        statements.extend(denies(input.role));
    }
    let policy = json!({"Version": "2012-10-17", "Statement": statements});

    // The state the proposal makes, and the replay.
    let (p_facts, p_role) = match out.kind {
        Kind::SessionPolicy => (
            AssociationFacts {
                disable_session_tags: true,
                session_policy: Some(policy.clone()),
                ..f.clone()
            },
            input.role.clone(),
        ),
        _ => (
            f.clone(),
            RoleFacts {
                policies: vec![(format!("inline:{POLICY_NAME}"), Some(policy.clone()))],
                ..input.role.clone()
            },
        ),
    };
    let failed: Vec<String> = calls
        .iter()
        .filter(|(action, resource, was)| {
            let got = access::evaluate(
                &p_facts,
                Some(&p_role),
                None,
                &Question::of(action, resource),
            );
            !(got.decision == Outcome::Allowed || got.decision == was.decision)
        })
        .map(|(a, r, _)| format!("{a} on {r}"))
        .collect();
    out.replay.still_allowed = calls.len() - failed.len();
    if !failed.is_empty() {
        out.reason = format!(
            "the proposal failed its replay ({} of {} calls would be refused: {}): not proposed",
            failed.len(),
            calls.len(),
            failed.join(", ")
        );
        out.kind = Kind::None;
        return out;
    }
    // IAM's limits (whitespace not counted).
    let size = crate::policy::limits::iam_size(&policy);
    let (limit, what) = match out.kind {
        Kind::SessionPolicy => (SESSION_POLICY_MAX, "a session policy"),
        _ => (
            crate::policy::limits::INLINE_TOTAL,
            "a role's inline policies together",
        ),
    };
    if size > limit {
        out.reason = format!(
            "the proposed policy is {size} characters, over the {limit} IAM allows for {what}: not proposed (narrow the window or split the service account's work)"
        );
        out.kind = Kind::None;
        return out;
    }
    let before = crate::policy::diff::Side {
        facts: f,
        role: Some(input.role),
        target: None,
    };
    let after = crate::policy::diff::Side {
        facts: &p_facts,
        role: Some(&p_role),
        target: None,
    };
    let d = crate::policy::diff::diff(Some(before), Some(after), &|_| None);
    out.removes = d
        .losses
        .into_iter()
        .map(|l| Removed {
            action: l.action,
            resource: l.resource,
        })
        .collect();
    out.reason = why(out.kind, f, input.sharers);
    out.policy = Some(policy);
    out
}

/// The Allow statements of a proposal: per action, the resources its calls named (or those of
/// the statement allowing it now) and that statement's condition; actions with the same
/// resources and condition share a statement.
fn allow_statements(
    role: &RoleFacts,
    calls: &[(String, String, access::Answer)],
    now: &dyn Fn(&str, &str) -> access::Answer,
) -> Vec<Value> {
    // The statements: per action, its resources and the condition of the statement allowing it.
    let mut by_action: BTreeMap<String, (BTreeSet<String>, Option<Value>)> = BTreeMap::new();
    for (action, resource, answer) in calls {
        let stmt = allowing_statement(role, answer);
        let condition = stmt.and_then(|s| s.get("Condition")).cloned();
        let entry = by_action
            .entry(action.clone())
            .or_insert_with(|| (BTreeSet::new(), condition.clone()));
        if resource == "*" {
            // The events named no resource: the statement's own resources, as written.
            match stmt.map(resources_of) {
                Some(rs) => entry.0.extend(rs),
                None => {
                    entry.0.insert("*".into());
                }
            }
        } else {
            entry.0.insert(resource.clone());
        }
    }
    let mut grouped: BTreeMap<(Vec<String>, String), Grant> = BTreeMap::new();
    for (action, (resources, condition)) in by_action {
        let patterns = generalise(&action, &resources, now);
        let key = (
            patterns,
            condition.as_ref().map_or(String::new(), Value::to_string),
        );
        grouped
            .entry(key)
            .or_insert_with(|| (BTreeSet::new(), condition))
            .0
            .insert(action);
    }
    grouped
        .into_iter()
        .map(|((resources, _), (actions, condition))| {
            let mut s = json!({
                "Effect": "Allow",
                "Action": one_or_list(actions.into_iter().collect()),
                "Resource": one_or_list(resources),
            });
            if let Some(c) = condition {
                s["Condition"] = c;
            }
            s
        })
        .collect()
}

/// The reason of a proposal of `kind`.
fn why(kind: Kind, f: &AssociationFacts, sharers: usize) -> String {
    match kind {
        Kind::RolePolicy => format!(
            "role {} serves only this service account (among the live associations of the clusters read; check it has no other user before applying): its policies can be what it used",
            crate::validate::RoleArn::name_of(&f.role_arn)
        ),
        Kind::SessionPolicy => format!(
            "role {} is shared by {} service accounts and uses no session tag: a session policy limits this one (its association's session tags are turned off, as EKS requires for a policy)",
            crate::validate::RoleArn::name_of(&f.role_arn),
            sharers
        ),
        _ => format!(
            "role {} is shared by {} service accounts and uses session tags (aws:PrincipalTag or request-tag conditions): a session policy needs the tags off, which would break that, so give this service account a role of its own with this policy",
            crate::validate::RoleArn::name_of(&f.role_arn),
            sharers
        ),
    }
}

/// Actions granted together, and the condition they keep.
type Grant = (BTreeSet<String>, Option<Value>);

/// The days between the first and the last call seen, both counted (one day when all fell on
/// the same day).
fn days_seen(row: &Row) -> u32 {
    let first = row.actions.iter().map(|a| a.first_seen.as_str()).min();
    let last = row.actions.iter().map(|a| a.last_seen.as_str()).max();
    let (Some(first), Some(last)) = (first, last) else {
        return 0;
    };
    let day = |t: &str| {
        t.parse::<jiff::Timestamp>()
            .ok()
            .map(|t| t.as_second().div_euclid(86_400))
    };
    match (day(first), day(last)) {
        (Some(a), Some(b)) => (b - a + 1).max(0) as u32,
        _ => 0,
    }
}

/// The resources of an action's calls that were not refused (all of them when the refused ones
/// cannot be told apart).
fn allowed_resources(a: &super::attribution::ActionUse) -> Vec<String> {
    if a.count <= a.denied {
        return Vec::new();
    }
    let allowed: Vec<String> = a
        .resources
        .iter()
        .filter(|r| !a.denied_resources.contains(r))
        .cloned()
        .collect();
    if allowed.is_empty() {
        a.resources.clone()
    } else {
        allowed
    }
}

/// The role's statement that allowed the request (the request link's first Allow reason).
fn allowing_statement<'a>(role: &'a RoleFacts, answer: &access::Answer) -> Option<&'a Value> {
    let Some(Link::Request { reasons, .. }) = answer.chain.last() else {
        return None;
    };
    let r = reasons
        .iter()
        .find(|r| r.effect == crate::policy::eval::Effect::Allow)?;
    role.policies
        .iter()
        .find(|(name, _)| r.policy.ends_with(name.as_str()))
        .and_then(|(_, d)| d.as_ref())
        .and_then(|d| crate::policy::statements(d).get(r.statement).copied())
}

fn resources_of(stmt: &Value) -> Vec<String> {
    match stmt.get("Resource") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => vec!["*".into()],
    }
}

/// Several ARNs under one `/`-bounded prefix become `PREFIX*` when the role allows that pattern
/// now (never wider than the grant); otherwise the ARNs as seen.
fn generalise(
    action: &str,
    resources: &BTreeSet<String>,
    now: &dyn Fn(&str, &str) -> access::Answer,
) -> Vec<String> {
    if resources.len() < 2 || resources.iter().any(|r| r.contains('*')) {
        return resources.iter().cloned().collect();
    }
    let mut iter = resources.iter();
    let first = iter.next().expect("two or more");
    let mut common = first.as_str();
    for r in iter {
        let n = common
            .bytes()
            .zip(r.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        common = &common[..n];
    }
    let Some(cut) = common.rfind('/') else {
        return resources.iter().cloned().collect();
    };
    let pattern = format!("{}*", &common[..=cut]);
    if now(action, &pattern).decision == Outcome::Allowed {
        vec![pattern]
    } else {
        resources.iter().cloned().collect()
    }
}

fn one_or_list(mut items: Vec<String>) -> Value {
    if items.len() == 1 {
        Value::String(items.remove(0))
    } else {
        Value::Array(items.into_iter().map(Value::String).collect())
    }
}

/// Every Deny statement of the role's policies, as written.
fn denies(role: &RoleFacts) -> Vec<Value> {
    role.policies
        .iter()
        .filter_map(|(_, d)| d.as_ref())
        .flat_map(crate::policy::statements)
        .filter(|s| s.get("Effect").and_then(Value::as_str) == Some("Deny"))
        .cloned()
        .collect()
}

/// Whether the role depends on its sessions' tags: its policies use `aws:PrincipalTag`, or its
/// trust conditions on request tags.
fn uses_tags(role: &RoleFacts) -> bool {
    let policies = role.uses_principal_tags();
    let trust = role
        .trust_policy
        .to_string()
        .to_ascii_lowercase()
        .contains("aws:requesttag/");
    policies || trust
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::usage::attribution::{ActionUse, Attribution, Via};

    use crate::policy::access::fixtures::{facts, role};

    fn used(action: &str, resources: &[&str], first: &str, last: &str) -> ActionUse {
        ActionUse {
            action: action.into(),
            count: resources.len() as u64,
            first_seen: first.into(),
            last_seen: last.into(),
            resources: resources.iter().map(|r| r.to_string()).collect(),
            more_resources: 0,
            denied: 0,
            denied_resources: Vec::new(),
        }
    }

    fn row(actions: Vec<ActionUse>) -> Row {
        Row {
            account: "111122223333".into(),
            region: "us-east-1".into(),
            cluster: Some("prod".into()),
            namespace: Some("team-a".into()),
            service_account: Some("app".into()),
            association_id: Some("a-1".into()),
            role: "arn:aws:iam::111122223333:role/app".into(),
            via: Some(Via::PodIdentity),
            attribution: Attribution::AccessKey,
            calls: 2,
            denied: 0,
            actions,
            unmapped: Vec::new(),
            denied_calls: Vec::new(),
            unused: None,
        }
    }

    #[test]
    fn a_dedicated_role_with_s3_star_is_tightened_to_what_was_used() {
        let r = role(json!([
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}
        ]));
        let row = row(vec![
            used(
                "s3:GetObject",
                &[
                    "arn:aws:s3:::data/team-a/1.csv",
                    "arn:aws:s3:::data/team-a/2.csv",
                ],
                "2026-11-01T10:00:00Z",
                "2026-12-01T10:00:00Z",
            ),
            used(
                "s3:PutObject",
                &[
                    "arn:aws:s3:::data/team-a/3.csv",
                    "arn:aws:s3:::data/team-a/4.csv",
                ],
                "2026-11-01T10:00:00Z",
                "2026-12-01T10:00:00Z",
            ),
        ]);
        let f = facts();
        let p = propose(&Input {
            row: &row,
            facts: &f,
            role: &r,
            sharers: 1,
            min_days: 30,
        });
        assert_eq!(p.kind, Kind::RolePolicy, "{}", p.reason);
        let policy = p.policy.unwrap();
        assert_eq!(
            policy["Statement"][0],
            json!({"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                   "Resource": "arn:aws:s3:::data/team-a/*"})
        );
        assert_eq!(policy["Statement"][1]["Effect"], "Deny", "the Deny is kept");
        assert_eq!((p.replay.calls, p.replay.still_allowed), (4, 4));
        assert!(
            p.removes.iter().any(|r| r.action == "s3:DeleteObject"),
            "{:?}",
            p.removes
        );
    }

    #[test]
    fn a_shared_abac_role_is_split_and_too_few_days_is_no_proposal() {
        let r = role(json!([{"Effect": "Allow", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/*"}]));
        let row = row(vec![used(
            "s3:GetObject",
            &["arn:aws:s3:::data/team-a/1.csv"],
            "2026-11-01T10:00:00Z",
            "2026-12-01T10:00:00Z",
        )]);
        let f = facts();
        let input = Input {
            row: &row,
            facts: &f,
            role: &r,
            sharers: 2,
            min_days: 30,
        };
        let p = propose(&input);
        assert_eq!(p.kind, Kind::SplitRole, "{}", p.reason);
        assert!(p.reason.contains("session tags"), "{}", p.reason);
        let p = propose(&Input {
            min_days: 60,
            ..input
        });
        assert_eq!(p.kind, Kind::None);
        assert!(p.reason.contains("31 day(s)"), "{}", p.reason);
    }

    #[test]
    fn a_shared_role_without_tags_gets_a_session_policy_that_must_fit() {
        let r = role(json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]));
        let many: Vec<String> = (0..200)
            .map(|i| format!("arn:aws:s3:::bucket-{i}/object-with-a-long-name-{i}.csv"))
            .collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        let f = facts();
        let small = row(vec![used(
            "s3:GetObject",
            &refs[..1],
            "2026-11-01T10:00:00Z",
            "2026-12-01T10:00:00Z",
        )]);
        let p = propose(&Input {
            row: &small,
            facts: &f,
            role: &r,
            sharers: 3,
            min_days: 1,
        });
        assert_eq!(p.kind, Kind::SessionPolicy, "{}", p.reason);
        let big = row(vec![used(
            "s3:GetObject",
            &refs,
            "2026-11-01T10:00:00Z",
            "2026-12-01T10:00:00Z",
        )]);
        let p = propose(&Input {
            row: &big,
            facts: &f,
            role: &r,
            sharers: 3,
            min_days: 1,
        });
        assert_eq!(p.kind, Kind::None);
        assert!(p.reason.contains("2048"), "{}", p.reason);
    }
}
