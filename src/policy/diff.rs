//! What a change grants and takes away, per service account: the access of its association before
//! and after, evaluated by the one evaluator ([`super::access::evaluate`]), not read off the text.
//!
//! The requests asked of both states are those the policies themselves name: every Allow
//! statement of the association's role and target role, before and after, gives its actions
//! (each pattern expanded over epi's IAM catalogue to the actions it matches; `*` alone is asked
//! as `*`) on its resource patterns (with the service account's session-tag variables put in, so
//! `data/${aws:PrincipalTag/kubernetes-namespace}/*` is asked as `data/team-a/*`). A pattern is
//! asked as a resource: IAM's wildcards match their own characters, so a grant on `data/*` covers
//! the request for `data/*` and one on `data/team-a/*` does not. `conditional` stays conditional.
//! Pure.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use super::access::{self, Answer, AssociationFacts, Link, Outcome, Question, RoleFacts};

/// One state of a service account: its association (None: it has none) and its roles.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub facts: &'a AssociationFacts,
    pub role: Option<&'a RoleFacts>,
    pub target: Option<&'a RoleFacts>,
}

/// The statement that grants (or granted) an access.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cause {
    /// The file that declares the role, when the files do.
    pub file: Option<String>,
    pub role: String,
    pub policy: String,
    pub statement: usize,
    pub sid: Option<String>,
}

/// One access gained or lost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Access {
    pub action: String,
    pub resource: String,
    /// `allowed` or `conditional` (on the side that has it).
    pub decision: Outcome,
    pub cause: Option<Cause>,
}

/// A service account's change of access.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessDiff {
    pub gains: Vec<Access>,
    pub losses: Vec<Access>,
    /// Roles its pods can use after and could not before.
    pub new_roles: Vec<String>,
    /// Gains through a statement whose action is `*` or `SERVICE:*`, or whose resource is `*`
    /// for an action that can be granted on less: once per statement and pattern as written.
    pub wildcards: Vec<Access>,
    pub notes: Vec<String>,
}

impl AccessDiff {
    pub fn is_empty(&self) -> bool {
        self.gains.is_empty()
            && self.losses.is_empty()
            && self.new_roles.is_empty()
            && self.notes.is_empty()
    }
}

/// A request to ask both states, and whether the statement it comes from is a wildcard grant.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Probe {
    action: String,
    resource: String,
    /// The statement's action pattern, when the statement is a wildcard grant (a bare `*`
    /// action, `SERVICE:*`, or the resource `*` for an action that has resource-level
    /// permissions).
    wildcard: Option<String>,
}

/// The change of one service account's access from `before` to `after` (None: no association).
/// `file_of` names the file that declares a role (by ARN), when one does.
pub fn diff(
    before: Option<Side>,
    after: Option<Side>,
    file_of: &dyn Fn(&str) -> Option<String>,
) -> AccessDiff {
    let mut out = AccessDiff::default();
    let mut probes = BTreeSet::new();
    for side in [before, after].into_iter().flatten() {
        for role in [side.role, side.target].into_iter().flatten() {
            probes_of(side.facts, role, &mut probes, &mut out.notes);
        }
    }
    // Each request is asked of only the acting role's statements that can match its action and
    // resource, so the work per request does not grow with the policies' size. (With a target
    // role, the association's role is asked whole: its statements decide the AssumeRole of the
    // target, not the request.)
    let (before_index, after_index) = (indexed(before), indexed(after));
    let ask = |side: Option<Side>, idx: &Indexed, p: &Probe| match (side, idx) {
        (Some(s), Some(acting)) => {
            let narrowed = acting.for_request(&p.action, &p.resource);
            let (role, target) = match s.target {
                Some(_) => (s.role, Some(&narrowed.0)),
                None => (Some(&narrowed.0), None),
            };
            let mut answer =
                access::evaluate(s.facts, role, target, &Question::of(&p.action, &p.resource));
            narrowed.1.restore(&mut answer);
            answer
        }
        (Some(s), None) => access::evaluate(
            s.facts,
            s.role,
            s.target,
            &Question::of(&p.action, &p.resource),
        ),
        _ => access::no_association("-", "-"),
    };
    for p in &probes {
        let was = ask(before, &before_index, p);
        let now = ask(after, &after_index, p);
        let (was_ok, now_ok) = (was.decision.may_allow(), now.decision.may_allow());
        if now_ok && (!was_ok || (was.decision != now.decision && now.decision == Outcome::Allowed))
        {
            let gain = access_of(p, &now, file_of);
            if let Some(pattern) = &p.wildcard {
                // Once per statement and pattern as written, not per action it expands to.
                let wild = Access {
                    action: pattern.clone(),
                    ..gain.clone()
                };
                if !out.wildcards.contains(&wild) {
                    out.wildcards.push(wild);
                }
            }
            out.gains.push(gain);
        } else if was_ok
            && (!now_ok || (was.decision == Outcome::Allowed && now.decision != Outcome::Allowed))
        {
            out.losses.push(access_of(p, &was, file_of));
        }
    }
    // Roles its pods can use: the association's role and target role, and roles it may assume.
    let reach = |side: Option<Side>, gains: &[Access]| -> BTreeSet<String> {
        let mut r = BTreeSet::new();
        if let Some(s) = side {
            r.insert(s.facts.role_arn.clone());
            r.extend(s.facts.target_role_arn.clone());
        }
        r.extend(
            gains
                .iter()
                .filter(|g| g.action.eq_ignore_ascii_case("sts:AssumeRole"))
                .filter(|g| g.resource.contains(":role/") && !g.resource.contains('*'))
                .map(|g| g.resource.clone()),
        );
        r
    };
    let was = reach(before, &[]);
    out.new_roles = reach(after, &out.gains).difference(&was).cloned().collect();
    match (before, after) {
        (None, Some(a)) => out.notes.push(format!(
            "association added: {}/{} uses role {}",
            a.facts.namespace, a.facts.service_account, a.facts.role_arn
        )),
        (Some(b), None) => out.notes.push(format!(
            "association removed: {}/{} no longer uses role {}",
            b.facts.namespace, b.facts.service_account, b.facts.role_arn
        )),
        (Some(b), Some(a)) => {
            if !b.facts.disable_session_tags && a.facts.disable_session_tags {
                let uses = [a.role, a.target]
                    .into_iter()
                    .flatten()
                    .filter(|r| r.uses_principal_tags())
                    .map(|r| r.arn.clone())
                    .collect::<Vec<_>>();
                out.notes.push(if uses.is_empty() {
                    "session tags turned off".to_string()
                } else {
                    format!(
                        "session tags turned off, but {} {} aws:PrincipalTag: what {} by tag no longer matches",
                        uses.join(", "),
                        if uses.len() == 1 { "uses" } else { "use" },
                        if uses.len() == 1 { "it grants" } else { "they grant" }
                    )
                });
            }
            if b.facts.role_arn != a.facts.role_arn {
                out.notes.push(format!(
                    "role changed: {} -> {}",
                    b.facts.role_arn, a.facts.role_arn
                ));
            }
            if b.facts.target_role_arn != a.facts.target_role_arn {
                out.notes.push(format!(
                    "target role changed: {} -> {}",
                    b.facts.target_role_arn.as_deref().unwrap_or("none"),
                    a.facts.target_role_arn.as_deref().unwrap_or("none")
                ));
            }
        }
        (None, None) => {}
    }
    out.notes.sort();
    out.notes.dedup();
    out
}

/// A side's acting role (the target role when there is one), indexed; None without one.
type Indexed<'a> = Option<Narrow<'a>>;

fn indexed(side: Option<Side<'_>>) -> Indexed<'_> {
    side.and_then(|s| s.target.or(s.role).map(|r| Narrow::new(r, s.facts)))
}

/// A role's statements indexed by the actions they name: exact names in a map, patterns with
/// wildcards and `NotAction` statements in a list checked for every action.
struct Narrow<'a> {
    role: &'a RoleFacts,
    /// Per policy, its statements.
    statements: Vec<Vec<&'a Value>>,
    /// By action (lower case): the statements naming it, wildcard patterns included as the
    /// catalogue expands them.
    exact: std::collections::HashMap<String, Vec<(usize, usize)>>,
    /// Statements with a wildcard pattern: checked one by one for an action the catalogue does
    /// not know.
    wild: Vec<(usize, usize)>,
    /// `NotAction`, `*`, and patterns of services the catalogue does not know: always kept.
    always: Vec<(usize, usize)>,
    /// Per policy and statement, its Resource patterns with the service account's session-tag
    /// variables put in, as the evaluator's matcher takes them: a request keeps only the
    /// statements one of whose patterns matches its resource. None (kept for any resource) for
    /// `NotResource`, no Resource, or a pattern with another variable.
    patterns: Vec<Vec<Option<Vec<Vec<super::eval::pattern::Tok>>>>>,
}

/// Where each statement of a narrowed role came from: per policy, the original index of each
/// statement kept.
struct Origins {
    policies: Vec<(String, Vec<usize>)>,
}

impl<'a> Narrow<'a> {
    fn new(role: &'a RoleFacts, facts: &AssociationFacts) -> Narrow<'a> {
        let tags = session_tags(facts);
        let mut n = Narrow {
            role,
            statements: Vec::new(),
            exact: Default::default(),
            wild: Vec::new(),
            always: Vec::new(),
            patterns: Vec::new(),
        };
        for (pi, (_, doc)) in role.policies.iter().enumerate() {
            let list = doc.as_ref().map(super::statements).unwrap_or_default();
            n.patterns.push(
                list.iter()
                    .map(|stmt| {
                        if stmt.get("NotResource").is_some() {
                            return None;
                        }
                        let put_in: Vec<String> = strings(stmt.get("Resource"))?
                            .iter()
                            .map(|r| substitute(r, &tags))
                            .collect();
                        if put_in.iter().any(|r| r.contains("${")) {
                            return None;
                        }
                        Some(
                            put_in
                                .iter()
                                .map(|r| super::eval::pattern::tokens(r))
                                .collect(),
                        )
                    })
                    .collect(),
            );
            for (si, stmt) in list.iter().enumerate() {
                let actions = match (stmt.get("NotAction"), strings(stmt.get("Action"))) {
                    (None, Some(actions)) => actions,
                    _ => {
                        n.always.push((pi, si));
                        continue;
                    }
                };
                let mut wild = false;
                for a in &actions {
                    if !a.contains(['*', '?']) {
                        n.add(a, pi, si);
                        continue;
                    }
                    let expanded = expand(a);
                    if a == "*" || expanded.iter().any(|e| e.contains(['*', '?'])) {
                        // `*`, or a service the catalogue does not know.
                        n.always.push((pi, si));
                        wild = false;
                        break;
                    }
                    wild = true;
                    for e in expanded {
                        n.add(&e, pi, si);
                    }
                }
                if wild {
                    n.wild.push((pi, si));
                }
            }
            n.statements.push(list);
        }
        n
    }

    fn add(&mut self, action: &str, pi: usize, si: usize) {
        let list = self.exact.entry(action.to_ascii_lowercase()).or_default();
        if list.last() != Some(&(pi, si)) {
            list.push((pi, si));
        }
    }

    /// The role with only the statements that can bear on `action` on `resource` (in their
    /// order), and where each came from.
    fn for_request(&self, action: &str, resource: &str) -> (RoleFacts, Origins) {
        let mut picked: BTreeSet<(usize, usize)> = self
            .exact
            .get(&action.to_ascii_lowercase())
            .into_iter()
            .flatten()
            .copied()
            .collect();
        picked.extend(self.always.iter().copied());
        // An action the catalogue does not know: the wildcard patterns are matched one by one
        // (the index holds only the catalogue's actions they stand for).
        let known = action.split_once(':').is_some_and(|(prefix, name)| {
            super::catalogue::service(prefix).is_some_and(|s| s.action(name).is_some())
        });
        if !known {
            for &(pi, si) in &self.wild {
                let stmt = self.statements[pi][si];
                if strings(stmt.get("Action"))
                    .is_some_and(|ps| ps.iter().any(|p| super::eval::action_matches(p, action)))
                {
                    picked.insert((pi, si));
                }
            }
        }
        // A statement none of whose Resource patterns matches the resource cannot bear on the
        // request (the evaluator's own matcher; the variables put in whether or not the session
        // has its tags, so never fewer statements than the evaluator would match).
        picked.retain(|&(pi, si)| match &self.patterns[pi][si] {
            None => true,
            Some(patterns) => patterns
                .iter()
                .any(|p| super::eval::pattern::resource_matches(p, resource)),
        });
        let mut origins = Origins {
            policies: Vec::new(),
        };
        let mut policies = Vec::new();
        for (pi, (name, doc)) in self.role.policies.iter().enumerate() {
            let kept: Vec<usize> = picked
                .iter()
                .filter(|(p, _)| *p == pi)
                .map(|(_, s)| *s)
                .collect();
            let narrowed = doc.as_ref().map(|d| {
                let mut d2 = serde_json::Map::new();
                if let Some(v) = d.get("Version") {
                    d2.insert("Version".into(), v.clone());
                }
                d2.insert(
                    "Statement".into(),
                    Value::Array(
                        kept.iter()
                            .map(|&si| self.statements[pi][si].clone())
                            .collect(),
                    ),
                );
                Value::Object(d2)
            });
            origins.policies.push((name.clone(), kept));
            policies.push((name.clone(), narrowed));
        }
        (
            // Field by field: cloning the whole role would copy every policy for each request.
            RoleFacts {
                arn: self.role.arn.clone(),
                trust_policy: self.role.trust_policy.clone(),
                tags: self.role.tags.clone(),
                policies,
                boundary: self.role.boundary.clone(),
            },
            origins,
        )
    }
}

impl Origins {
    /// Puts the statements' original indexes back into the answer's reasons.
    fn restore(&self, answer: &mut Answer) {
        for link in &mut answer.chain {
            let reasons = match link {
                Link::Request { reasons, .. } | Link::Assume { reasons, .. } => reasons,
                _ => continue,
            };
            for r in reasons.iter_mut() {
                if let Some((_, kept)) = self
                    .policies
                    .iter()
                    .find(|(name, _)| r.policy.ends_with(name.as_str()))
                    && let Some(original) = kept.get(r.statement)
                {
                    r.statement = *original;
                }
            }
        }
    }
}

fn access_of(p: &Probe, answer: &Answer, file_of: &dyn Fn(&str) -> Option<String>) -> Access {
    Access {
        action: p.action.clone(),
        resource: p.resource.clone(),
        decision: answer.decision,
        cause: cause(answer, file_of),
    }
}

/// The Allow statement of the request's link that decided.
fn cause(answer: &Answer, file_of: &dyn Fn(&str) -> Option<String>) -> Option<Cause> {
    let Some(Link::Request { role, reasons, .. }) = answer.chain.last() else {
        return None;
    };
    let r = reasons
        .iter()
        .find(|r| r.effect == super::eval::Effect::Allow)?;
    Some(Cause {
        file: file_of(role),
        role: role.clone(),
        policy: r.policy.clone(),
        statement: r.statement,
        sid: r.sid.clone(),
    })
}

/// The requests one role's Allow statements name, for one association.
fn probes_of(
    facts: &AssociationFacts,
    role: &RoleFacts,
    out: &mut BTreeSet<Probe>,
    notes: &mut Vec<String>,
) {
    let tags = session_tags(facts);
    for (name, doc) in &role.policies {
        let Some(doc) = doc else { continue };
        for stmt in super::statements(doc) {
            if stmt.get("Effect").and_then(Value::as_str) != Some("Allow") {
                continue;
            }
            if stmt.get("NotAction").is_some() || stmt.get("NotResource").is_some() {
                notes.push(format!(
                    "{} {name}: a statement with NotAction or NotResource is asked as `*`",
                    role.arn
                ));
            }
            let actions = strings(stmt.get("Action")).unwrap_or_else(|| vec!["*".into()]);
            let resources = strings(stmt.get("Resource")).unwrap_or_else(|| vec!["*".into()]);
            for pattern in &actions {
                let wild_action = pattern == "*" || pattern.ends_with(":*");
                for action in expand(pattern) {
                    for resource in &resources {
                        out.insert(Probe {
                            action: action.clone(),
                            resource: substitute(resource, &tags),
                            wildcard: (wild_action || (resource == "*" && resource_level(&action)))
                                .then(|| pattern.clone()),
                        });
                    }
                }
            }
        }
    }
}

/// Whether an action can be granted on less than `*` (the catalogue lists resource types for
/// it): only then is `Resource: "*"` a wildcard grant rather than the only way to grant it.
fn resource_level(action: &str) -> bool {
    let Some((prefix, name)) = action.split_once(':') else {
        return true;
    };
    super::catalogue::service(prefix)
        .and_then(|s| s.action(name))
        .is_none_or(|a| !a.resource_types.is_empty())
}

fn strings(v: Option<&Value>) -> Option<Vec<String>> {
    match v? {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(a) => Some(
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
        ),
        _ => None,
    }
}

/// The actions an action pattern stands for: itself when it has no wildcard or is `*`, else
/// every action of its service the catalogue has that it matches (itself when the catalogue does
/// not know the service).
fn expand(pattern: &str) -> Vec<String> {
    if pattern == "*" || !pattern.contains(['*', '?']) {
        return vec![pattern.to_string()];
    }
    let Some((prefix, name)) = pattern.split_once(':') else {
        return vec![pattern.to_string()];
    };
    match super::catalogue::service(&prefix.to_ascii_lowercase()) {
        Some(service) => {
            let found: Vec<String> = service
                .matching(name)
                .into_iter()
                .map(|a| format!("{}:{}", service.prefix, a.name))
                .collect();
            if found.is_empty() {
                vec![pattern.to_string()]
            } else {
                found
            }
        }
        None => vec![pattern.to_string()],
    }
}

/// The session tags EKS Pod Identity gives the association's sessions (EKS User Guide, "Pod
/// Identity session tags"); a pod's name and uid are any pod's (`*`).
fn session_tags(facts: &AssociationFacts) -> BTreeMap<String, String> {
    [
        ("eks-cluster-arn", facts.cluster_arn.clone()),
        ("eks-cluster-name", facts.cluster_name.clone()),
        ("kubernetes-namespace", facts.namespace.clone()),
        ("kubernetes-service-account", facts.service_account.clone()),
        ("kubernetes-pod-name", "*".to_string()),
        ("kubernetes-pod-uid", "*".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_ascii_lowercase(), v))
    .collect()
}

/// `${aws:PrincipalTag/KEY}` put in (keys compared without case, as IAM's are); other variables
/// stay as written.
fn substitute(resource: &str, tags: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(resource.len());
    let mut rest = resource;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let var = &after[..end];
        match var
            .to_ascii_lowercase()
            .strip_prefix("aws:principaltag/")
            .and_then(|k| tags.get(k))
        {
            Some(v) => out.push_str(v),
            None => out.push_str(&rest[start..start + 2 + end + 1]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// How many action names a grouped line shows (the JSON has them all).
const MAX_NAMES: usize = 6;

/// Gains and losses grouped for a person: per service, the actions on each resource pattern,
/// with the statements that cause them.
pub fn grouped(accesses: &[Access]) -> Vec<String> {
    let mut by: BTreeMap<(String, String, Option<String>, bool), Vec<String>> = BTreeMap::new();
    for a in accesses {
        let (service, name) = a.action.split_once(':').unwrap_or(("*", a.action.as_str()));
        let cause = a.cause.as_ref().map(|c| {
            let mut s = c.policy.clone();
            if let Some(sid) = &c.sid {
                s.push_str(&format!(" Sid {sid}"));
            } else {
                s.push_str(&format!(" statement {}", c.statement));
            }
            s
        });
        by.entry((
            service.to_string(),
            a.resource.clone(),
            cause,
            a.decision == Outcome::Conditional,
        ))
        .or_default()
        .push(name.to_string());
    }
    by.into_iter()
        .map(|((service, resource, cause, conditional), names)| {
            // A wildcard's whole service would be a page of names: the first few, and a count.
            let shown = if names.len() > MAX_NAMES {
                format!(
                    "{} and {} more",
                    names[..MAX_NAMES].join(", "),
                    names.len() - MAX_NAMES
                )
            } else {
                names.join(", ")
            };
            format!(
                "{service}: {shown} on {resource}{}{}",
                if conditional { " (conditional)" } else { "" },
                cause.map_or_else(String::new, |c| format!(" ({c})"))
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    use crate::policy::access::fixtures::role;

    fn facts(tags_off: bool) -> AssociationFacts {
        AssociationFacts {
            disable_session_tags: tags_off,
            ..crate::policy::access::fixtures::facts()
        }
    }

    #[test]
    fn a_widened_statement_is_a_gain_named_by_its_statement() {
        let f = facts(false);
        let before = role(
            json!([{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/*"}]),
        );
        let after = role(json!([
            {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/*"},
            {"Sid": "Write", "Effect": "Allow", "Action": "s3:Put*", "Resource": "arn:aws:s3:::data/*"}
        ]));
        let d = diff(
            Some(Side {
                facts: &f,
                role: Some(&before),
                target: None,
            }),
            Some(Side {
                facts: &f,
                role: Some(&after),
                target: None,
            }),
            &|_| Some("deploy/app.yaml".into()),
        );
        assert!(d.losses.is_empty(), "{d:?}");
        let put = d
            .gains
            .iter()
            .find(|g| g.action == "s3:PutObject")
            .expect("s3:Put* expanded over the catalogue");
        assert_eq!(put.resource, "arn:aws:s3:::data/*");
        let cause = put.cause.as_ref().unwrap();
        assert_eq!(cause.sid.as_deref(), Some("Write"));
        assert_eq!(cause.file.as_deref(), Some("deploy/app.yaml"));
        // The tag-scoped read was there before: no gain.
        assert!(!d.gains.iter().any(|g| g.action == "s3:GetObject"), "{d:?}");
        assert!(
            d.wildcards.is_empty(),
            "s3:Put* is not a bare wildcard: {d:?}"
        );
        assert!(
            grouped(&d.gains)[0].starts_with("s3: Put"),
            "{:?}",
            grouped(&d.gains)
        );
    }

    #[test]
    fn tags_off_under_abac_loses_what_the_tags_granted() {
        let r = role(json!([{"Effect": "Allow", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/*"}]));
        let (on, off) = (facts(false), facts(true));
        let d = diff(
            Some(Side {
                facts: &on,
                role: Some(&r),
                target: None,
            }),
            Some(Side {
                facts: &off,
                role: Some(&r),
                target: None,
            }),
            &|_| None,
        );
        assert_eq!(d.losses.len(), 1, "{d:?}");
        assert_eq!(d.losses[0].resource, "arn:aws:s3:::data/team-a/*");
        assert!(d.notes[0].contains("session tags turned off"), "{d:?}");
    }

    #[test]
    fn a_new_association_with_a_wildcard_is_reported_as_such() {
        let f = facts(false);
        let r = role(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]));
        let d = diff(
            None,
            Some(Side {
                facts: &f,
                role: Some(&r),
                target: None,
            }),
            &|_| None,
        );
        assert_eq!(
            d.new_roles,
            vec!["arn:aws:iam::111122223333:role/app".to_string()]
        );
        assert_eq!(d.wildcards.len(), 1, "{d:?}");
        assert!(d.notes[0].starts_with("association added"), "{d:?}");
    }

    #[test]
    fn a_target_role_added_grants_what_the_target_allows() {
        let role = role(
            json!([{"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession"],
            "Resource": "arn:aws:iam::111122223333:role/target"}]),
        );
        let target = RoleFacts {
            arn: "arn:aws:iam::111122223333:role/target".into(),
            trust_policy: json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"},
                "Action": ["sts:AssumeRole", "sts:TagSession"]}]}),
            tags: BTreeMap::new(),
            policies: vec![(
                "inline:reports".into(),
                Some(
                    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                    "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}),
                ),
            )],
            boundary: None,
        };
        let before = facts(false);
        let after = AssociationFacts {
            target_role_arn: Some(target.arn.clone()),
            ..facts(false)
        };
        let d = diff(
            Some(Side {
                facts: &before,
                role: Some(&role),
                target: None,
            }),
            Some(Side {
                facts: &after,
                role: Some(&role),
                target: Some(&target),
            }),
            &|_| None,
        );
        assert_eq!(d.new_roles, vec![target.arn.clone()], "{d:?}");
        assert!(
            d.gains
                .iter()
                .any(|g| g.action == "s3:GetObject" && g.resource == "arn:aws:s3:::reports/*"),
            "the role's AssumeRole statement is asked whole: {d:?}"
        );
    }

    #[test]
    fn variables_other_than_principal_tags_stay() {
        let tags = session_tags(&facts(false));
        assert_eq!(
            substitute(
                "a/${aws:PrincipalTag/Kubernetes-Namespace}/${aws:username}/x",
                &tags
            ),
            "a/team-a/${aws:username}/x"
        );
    }
}
