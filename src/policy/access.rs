//! Whether identity policies (a role's permission policies) allow an action on a resource. A
//! simplified evaluation for diagnosis: explicit Deny wins, an Allow must match the action and the
//! resource (`NotAction`/`NotResource` are honoured), and conditions are not evaluated but reported.

use serde_json::Value;

use super::lint::action_matches;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    Allowed,
    /// Allowed only by statements with conditions epi does not evaluate.
    Conditional,
    /// An unconditional Deny covers it.
    Denied,
    NotAllowed,
}

fn strings(v: Option<&Value>) -> Vec<&str> {
    v.map(super::string_values).unwrap_or_default()
}

fn covers(st: &Value, action: &str, resource: &str) -> bool {
    let action_ok = match (st.get("Action"), st.get("NotAction")) {
        (Some(a), _) => strings(Some(a)).iter().any(|p| action_matches(p, action)),
        (None, Some(n)) => !strings(Some(n)).iter().any(|p| action_matches(p, action)),
        _ => false,
    };
    let resource_ok = match (st.get("Resource"), st.get("NotResource")) {
        (Some(r), _) => strings(Some(r))
            .iter()
            .any(|p| super::wildcard_match(p, resource, false)),
        (None, Some(n)) => !strings(Some(n))
            .iter()
            .any(|p| super::wildcard_match(p, resource, false)),
        _ => false,
    };
    action_ok && resource_ok
}

/// Evaluates `action` on `resource` across every document given.
pub fn identity_allows(documents: &[&Value], action: &str, resource: &str) -> Access {
    let mut allowed = false;
    let mut conditional = false;
    for doc in documents {
        for st in super::statements(doc) {
            if !covers(st, action, resource) {
                continue;
            }
            let conditioned = st
                .get("Condition")
                .is_some_and(|c| c.as_object().is_some_and(|o| !o.is_empty()));
            match st.get("Effect").and_then(Value::as_str) {
                Some("Deny") if !conditioned => return Access::Denied,
                Some("Allow") if conditioned => conditional = true,
                Some("Allow") => allowed = true,
                _ => {}
            }
        }
    }
    if allowed {
        Access::Allowed
    } else if conditional {
        Access::Conditional
    } else {
        Access::NotAllowed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn allow_deny_and_wildcards() {
        let target = "arn:aws:iam::999999999999:role/target";
        let allow = json!({"Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":target}]});
        assert_eq!(
            identity_allows(&[&allow], "sts:AssumeRole", target),
            Access::Allowed
        );
        assert_eq!(
            identity_allows(
                &[&allow],
                "sts:AssumeRole",
                "arn:aws:iam::999999999999:role/x"
            ),
            Access::NotAllowed
        );
        let star = json!({"Statement":{"Effect":"Allow","Action":"sts:*","Resource":"arn:aws:iam::*:role/*"}});
        assert_eq!(
            identity_allows(&[&star], "sts:tagsession", target),
            Access::Allowed
        );
        let deny =
            json!({"Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*"}]});
        assert_eq!(
            identity_allows(&[&allow, &deny], "sts:AssumeRole", target),
            Access::Denied
        );
        let cond = json!({"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}}]});
        assert_eq!(
            identity_allows(&[&cond], "sts:AssumeRole", target),
            Access::Conditional
        );
        let not_action =
            json!({"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]});
        assert_eq!(
            identity_allows(&[&not_action], "eks-auth:AssumeRoleForPodIdentity", "*"),
            Access::Allowed
        );
        assert_eq!(
            identity_allows(&[], "sts:AssumeRole", target),
            Access::NotAllowed
        );
    }
}
