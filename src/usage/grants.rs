//! What a role grants that a service account did not use: the Allow statements of its identity
//! policies and session policy that decided none of its calls, and within the statements that
//! did, the action patterns no call matched. Which statement decided a call is the evaluator's
//! answer (its `Reason`s), so "used" means what IAM would have used, not a text match.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;

/// A statement (or the part of one) that no call in the window used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnusedStatement {
    /// The policy as the evaluator names it (`role/app inline:abac`, `association session
    /// policy`).
    pub policy: String,
    /// Its index in the policy's `Statement` (0-based).
    pub statement: usize,
    pub sid: Option<String>,
    /// The statement's action patterns that no call matched (all of them when the statement
    /// decided no call); a `NotAction` statement lists `NotAction: …`.
    pub actions: Vec<String>,
}

/// The Allow statements of `policies` (name, document) that the evaluator's reasons in `used`
/// ((policy, statement) pairs that allowed a call) never named, and the action patterns of the
/// others that none of `used_actions` matches.
pub fn unused(
    policies: &[(String, &Value)],
    used: &BTreeSet<(String, usize)>,
    used_actions: &BTreeSet<String>,
) -> Vec<UnusedStatement> {
    let mut out = Vec::new();
    for (name, doc) in policies {
        let statements: Vec<&Value> = match doc.get("Statement") {
            Some(Value::Array(a)) => a.iter().collect(),
            Some(one @ Value::Object(_)) => vec![one],
            _ => continue,
        };
        for (i, s) in statements.into_iter().enumerate() {
            if s.get("Effect").and_then(Value::as_str) != Some("Allow") {
                continue;
            }
            let sid = s.get("Sid").and_then(Value::as_str).map(str::to_string);
            let decided = used.contains(&(name.clone(), i));
            let actions: Vec<String> = match (s.get("Action"), s.get("NotAction")) {
                (Some(a), _) => strings(a)
                    .into_iter()
                    .filter(|p| {
                        !decided
                            || !used_actions
                                .iter()
                                .any(|u| crate::policy::eval::action_matches(p, u))
                    })
                    .collect(),
                (None, Some(n)) if !decided => {
                    vec![format!("NotAction: {}", strings(n).join(", "))]
                }
                _ => Vec::new(),
            };
            if !actions.is_empty() {
                out.push(UnusedStatement {
                    policy: name.clone(),
                    statement: i,
                    sid,
                    actions,
                });
            }
        }
    }
    out
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn statements_no_call_used_and_patterns_no_call_matched() {
        let policy = json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:List*"], "Resource": "*"},
            {"Sid": "Write", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"},
            {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"},
            {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
        ]});
        let name = "role/app inline:data".to_string();
        let used = BTreeSet::from([(name.clone(), 0)]);
        let actions = BTreeSet::from(["s3:GetObject".to_string()]);
        let out = unused(&[(name.clone(), &policy)], &used, &actions);
        assert_eq!(
            out,
            vec![
                UnusedStatement {
                    policy: name.clone(),
                    statement: 0,
                    sid: Some("Read".into()),
                    actions: vec!["s3:List*".into()]
                },
                UnusedStatement {
                    policy: name.clone(),
                    statement: 1,
                    sid: Some("Write".into()),
                    actions: vec!["s3:PutObject".into()]
                },
                UnusedStatement {
                    policy: name,
                    statement: 3,
                    sid: None,
                    actions: vec!["NotAction: iam:*".into()]
                },
            ]
        );
    }
}
