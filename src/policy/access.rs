//! What EKS Pod Identity lets a service account's pods do: the whole chain, through the one
//! evaluator ([`crate::policy::eval`]). Pure: the roles and policies are given.
//!
//! The chain, as AWS documents it (facts §3; iam-evaluation.md §7 and §9):
//! 1. The association names the role (and maybe a target role).
//! 2. `pods.eks.amazonaws.com` assumes the role with `sts:AssumeRole` and, unless the association
//!    disables session tags, `sts:TagSession` with the six session tags as request tags: the
//!    role's trust policy must admit that, or the pod gets no credentials at all.
//! 3. With a target role, the role's session (its policies and boundary; the association's
//!    session policy does not apply to it) assumes the target role: its own policies must allow
//!    `sts:AssumeRole` (and `sts:TagSession`) on the target, and the target's trust must admit the
//!    role, with `sts:ExternalId` the association's external id. The session tags are transitive.
//! 4. The pod acts as `arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION` of the last role,
//!    with the session tags (and the role's own tags) as `aws:PrincipalTag/…`, under that role's
//!    policies, its permissions boundary and the association's session policy.
//!
//! What epi cannot know (the pod's name and uid, the session name, source IP, time, resource
//! tags) is unknown: a decision that depends on it is `conditional`, never a guess.
//!
//! Sources (as cited in `shared/reference/iam-evaluation.md`):
//! - [PIROLE]/[PIABAC] EKS User Guide pod-id-role.html, pod-id-abac.html: the trust principal and
//!   actions, the six session tags as `aws:RequestTag/…` then `aws:PrincipalTag/…`, transitive.
//! - [PITR] EKS User Guide pod-id-assign-target-role.html: the association role assumes the target
//!   role with its own credentials; `sts:ExternalId` when session tags are disabled.
//! - [PIA]/[UPIA] EKS API Reference PodIdentityAssociation, UpdatePodIdentityAssociation:
//!   `externalId` for the target role's trust; `policy` restricts only the target role.
//! - [ST23] IAM User Guide id_session-tags.html: a session tag overrides a role tag of the same key.
//! - [CK23] IAM User Guide reference_policies_condition-keys.html: `aws:PrincipalArn` of a session
//!   is its role's ARN; `aws:username` is absent for roles.
//! - [EKSAUTH] EKS API Reference API_auth_AssumedRoleUser.html: session names
//!   `eks-CLUSTER-POD-UUID`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::eval::{self, Context, Decision, Layer, Named, Policies, Principal, Reason, Request};
use super::tags;
use super::trust::{self, PodIdentityRequest, Verdict};

/// A role as the chain needs it: its trust, tags, permission policies and boundary.
#[derive(Clone, Debug)]
pub struct RoleFacts {
    pub arn: String,
    pub trust_policy: Value,
    pub tags: BTreeMap<String, String>,
    /// (managed policy ARN or `inline:NAME`, document); None when it could not be read.
    pub policies: Vec<(String, Option<Value>)>,
    /// (managed policy ARN, document).
    pub boundary: Option<(String, Option<Value>)>,
}

impl RoleFacts {
    /// Whether its policies use `aws:PrincipalTag` (ABAC on the session tags).
    pub fn uses_principal_tags(&self) -> bool {
        self.policies
            .iter()
            .filter_map(|(_, d)| d.as_ref())
            .any(|d| {
                d.to_string()
                    .to_ascii_lowercase()
                    .contains("aws:principaltag/")
            })
    }
}

/// An association as the chain needs it.
#[derive(Clone, Debug)]
pub struct AssociationFacts {
    /// None for an association the files want that does not exist yet.
    pub association_id: Option<String>,
    pub cluster_name: String,
    pub cluster_arn: String,
    pub region: String,
    pub account: String,
    pub namespace: String,
    pub service_account: String,
    pub role_arn: String,
    pub target_role_arn: Option<String>,
    pub disable_session_tags: bool,
    pub external_id: Option<String>,
    /// The external id EKS will give it is not known yet (a planned association, or a planned
    /// change of its target role): `sts:ExternalId` is unknown rather than absent.
    pub external_id_pending: bool,
    pub session_policy: Option<Value>,
}

impl AssociationFacts {
    fn request(&self) -> PodIdentityRequest<'_> {
        PodIdentityRequest {
            cluster_name: &self.cluster_name,
            cluster_arn: &self.cluster_arn,
            namespace: &self.namespace,
            service_account: &self.service_account,
            session_tags: !self.disable_session_tags,
        }
    }

    /// The external id EKS passes when it assumes the target role: the association's
    /// `externalId`, or (without one, with session tags disabled) `REGION/ACCOUNT/CLUSTER/
    /// NAMESPACE/SERVICE_ACCOUNT` (facts §3).
    pub fn effective_external_id(&self) -> Option<String> {
        self.external_id.clone().or_else(|| {
            self.disable_session_tags.then(|| {
                format!(
                    "{}/{}/{}/{}/{}",
                    self.region,
                    self.account,
                    self.cluster_name,
                    self.namespace,
                    self.service_account
                )
            })
        })
    }
}

/// The request a pod makes.
#[derive(Clone, Debug, Default)]
pub struct Question<'a> {
    pub action: String,
    pub resource: String,
    /// `--resource-account`: for ARNs without an account (S3).
    pub resource_account: Option<String>,
    /// `--context KEY=VALUE`, each key with its values.
    pub context: Vec<(String, Vec<String>)>,
    pub resource_policy: Option<Named<'a>>,
    /// The resource is known to have no policy (a role that does not exist); otherwise, without
    /// `resource_policy`, its policy is unread and a request that needs it is `conditional`.
    pub resource_absent: bool,
    /// One list per level of the organisation, root first (the acting role's account).
    pub scps: Vec<Vec<Named<'a>>>,
    /// Resource control policies, one list per level, root first (the resource's account).
    pub rcps: Vec<Vec<Named<'a>>>,
    /// For the hop to a target role (#36): the SCPs of the association role's account (its
    /// session makes the call) and the RCPs of the target role's account (STS is a service RCPs
    /// govern), each level root first. Empty when the organisation's policies were not read.
    pub assume_scps: Vec<Vec<Named<'a>>>,
    pub assume_rcps: Vec<Vec<Named<'a>>>,
    /// What the answer says of the organisation's policies in place of the `--scp` note: that
    /// they could not be read, or do not apply (the management account).
    pub org_note: Option<String>,
}

impl Question<'_> {
    /// An action on a resource, with nothing else known (no context keys, no resource policy).
    pub fn of(action: &str, resource: &str) -> Question<'static> {
        Question {
            action: action.to_string(),
            resource: resource.to_string(),
            ..Question::default()
        }
    }
}

/// The role whose trust policy a request needs, when the request is one a trust governs on a
/// role: the policy epi reads (GetRole) rather than leave the answer `conditional`.
pub fn trust_to_read<'a>(action: &str, resource: &'a str) -> Option<&'a str> {
    let parts: Vec<&str> = resource.splitn(6, ':').collect();
    (eval::is_trust_action(action)
        && parts.len() == 6
        && parts[2] == "iam"
        && parts[5].starts_with("role/"))
    .then_some(resource)
}

/// The KMS key whose key policy a request needs, when the request is an operation on a key
/// given by ARN: the policy epi reads (GetKeyPolicy) rather than leave the answer `conditional`.
pub fn key_policy_to_read<'a>(action: &str, resource: &'a str) -> Option<&'a str> {
    (resource != "*" && eval::kms_key_operation(action, resource)).then_some(resource)
}

/// What the resource's own policy is called, for `dependsOn` and notes: a role's trust policy,
/// a KMS key's key policy, or any other resource's policy.
pub fn resource_policy_name(resource: &str) -> String {
    let parts: Vec<&str> = resource.splitn(6, ':').collect();
    match parts.as_slice() {
        [_, _, "iam", _, _, rest] if rest.starts_with("role/") => {
            format!("trust policy of {resource}")
        }
        [_, _, "kms", _, _, rest] if rest.starts_with("key/") => {
            format!("key policy of {resource}")
        }
        _ => format!("resource policy of {resource}"),
    }
}

/// The answer's decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Allowed,
    Conditional,
    ImplicitDeny,
    ExplicitDeny,
    NoAssociation,
    TrustDenied,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Conditional => "conditional",
            Outcome::ImplicitDeny => "implicitDeny",
            Outcome::ExplicitDeny => "explicitDeny",
            Outcome::NoAssociation => "no-association",
            Outcome::TrustDenied => "trust-denied",
        }
    }

    /// Allowed or conditionally allowed.
    pub fn may_allow(self) -> bool {
        matches!(self, Outcome::Allowed | Outcome::Conditional)
    }

    fn of(d: Decision) -> Outcome {
        match d {
            Decision::Allowed => Outcome::Allowed,
            Decision::Conditional => Outcome::Conditional,
            Decision::ImplicitDeny => Outcome::ImplicitDeny,
            Decision::ExplicitDeny => Outcome::ExplicitDeny,
        }
    }
}

impl Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One link of the chain.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "step", rename_all = "camelCase")]
pub enum Link {
    /// The association the pods run under.
    #[serde(rename_all = "camelCase")]
    Association {
        /// None: the files want it, it does not exist yet.
        association_id: Option<String>,
        role: String,
        target_role: Option<String>,
        session_tags: bool,
        /// The association's session policy (`policy`), when it has one.
        session_policy: Option<Value>,
        #[serde(skip_serializing_if = "Option::is_none")]
        external_id: Option<String>,
    },
    /// `pods.eks.amazonaws.com` assumes the role (its trust policy), or the role assumes the
    /// target role (its own policies and the target's trust).
    #[serde(rename_all = "camelCase")]
    Assume {
        /// Who assumes: `pods.eks.amazonaws.com` or the role's ARN.
        principal: String,
        role: String,
        actions: Vec<&'static str>,
        decision: Outcome,
        reasons: Vec<Reason>,
        depends_on: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        why: Option<String>,
    },
    /// The pod's request, as the acting role's session.
    #[serde(rename_all = "camelCase")]
    Request {
        principal: String,
        role: String,
        action: String,
        resource: String,
        resource_account: Option<String>,
        decision: Outcome,
        reasons: Vec<Reason>,
        depends_on: Vec<String>,
        missing_context_keys: Vec<String>,
        denied_by: Option<Layer>,
        layers: Vec<eval::LayerReport>,
        /// Statements that allow the action but not on this resource (each Resource shown with
        /// its variables substituted), or whose condition did not hold.
        near_misses: Vec<eval::NearMiss>,
        /// The principal tags the request was evaluated with (the session tags over the role's
        /// own tags); the pod's name and uid are unknown.
        principal_tags: BTreeMap<String, String>,
        /// For `conditional`: what the conditions need (`aws:SourceVpc = vpc-123`).
        #[serde(skip_serializing_if = "Vec::is_empty")]
        conditions_needed: Vec<String>,
    },
}

/// The decision and the chain that produced it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    pub decision: Outcome,
    /// For `conditional`: the keys the answer depends on.
    pub depends_on: Vec<String>,
    pub chain: Vec<Link>,
    /// Assumptions made and policies that could not be read, for a person.
    pub notes: Vec<String>,
    /// `role` or `targetRole`: whose permissions the pod's request uses.
    pub via: &'static str,
}

impl Answer {
    /// What decided, for a person: the deciding statement of the last link, or why no
    /// statement allowed it (with what came nearest, in parentheses).
    pub fn deciding_statement(&self) -> Option<String> {
        self.deciding_parts().map(|(what, nearest)| match nearest {
            Some(n) => format!("{what} (nearest: {n})"),
            None => what,
        })
    }

    /// [`Answer::deciding_statement`] in two parts: what decided, and for a request no statement
    /// allowed, the allowing statement that came nearest and why it did not apply.
    pub fn deciding_parts(&self) -> Option<(String, Option<String>)> {
        match self.chain.last()? {
            Link::Assume {
                reasons,
                why,
                decision,
                ..
            } => if decision.may_allow() {
                reasons.first().map(describe_reason)
            } else {
                why.clone().or_else(|| reasons.first().map(describe_reason))
            }
            .map(|w| (w, None)),
            Link::Request {
                reasons,
                denied_by,
                decision,
                action,
                near_misses,
                ..
            } => match (reasons.first(), denied_by) {
                (Some(r), _) if *decision != Outcome::ImplicitDeny => {
                    Some((describe_reason(r), None))
                }
                (_, Some(layer)) => {
                    let nearest = near_misses
                        .iter()
                        .find(|n| n.layer == *layer && n.effect == eval::Effect::Allow)
                        .map(|n| {
                            format!(
                                "{} statement {}{}: {}",
                                n.policy,
                                n.statement,
                                n.sid
                                    .as_deref()
                                    .map(|s| format!(" (Sid {s})"))
                                    .unwrap_or_default(),
                                n.why
                            )
                        });
                    Some((
                        format!("no statement of the {} allows {action}", layer.title()),
                        nearest,
                    ))
                }
                (r, None) => r.map(|r| (describe_reason(r), None)),
            },
            Link::Association { .. } => None,
        }
    }
}

/// `POLICY statement N (Sid S)` in the layer's words.
pub fn describe_reason(r: &Reason) -> String {
    let sid = r
        .sid
        .as_deref()
        .map(|s| format!(" (Sid {s})"))
        .unwrap_or_default();
    format!(
        "{} {:?} in {}: statement {}{sid}",
        r.layer.title(),
        r.effect,
        r.policy,
        r.statement
    )
}

/// The answer when the service account has no association.
pub fn no_association(namespace: &str, service_account: &str) -> Answer {
    Answer {
        decision: Outcome::NoAssociation,
        depends_on: Vec::new(),
        chain: Vec::new(),
        notes: vec![format!(
            "no Pod Identity association for {namespace}/{service_account}: its pods get no credentials from Pod Identity"
        )],
        via: "role",
    }
}

fn worst(a: Outcome, b: Outcome) -> Outcome {
    let rank = |o: Outcome| match o {
        Outcome::Allowed => 0,
        Outcome::Conditional => 1,
        Outcome::ImplicitDeny => 2,
        Outcome::TrustDenied => 3,
        Outcome::ExplicitDeny => 4,
        Outcome::NoAssociation => 5,
    };
    if rank(b) > rank(a) { b } else { a }
}

fn merge(into: &mut Vec<String>, more: &[String]) {
    for k in more {
        if !into.iter().any(|x| x.eq_ignore_ascii_case(k)) {
            into.push(k.clone());
        }
    }
}

/// The named documents of a role (those that could be read), and notes for the others.
fn identity<'a>(role: &'a RoleFacts, notes: &mut Vec<String>) -> Vec<Named<'a>> {
    let mut out = Vec::new();
    for (name, doc) in &role.policies {
        match doc {
            Some(d) => out.push(Named::new(format!("{} {name}", short(&role.arn)), d)),
            None => notes.push(format!(
                "policy {name} of role {} could not be read: it is left out (a Deny in it would not show)",
                role.arn
            )),
        }
    }
    out
}

fn boundary<'a>(role: &'a RoleFacts, notes: &mut Vec<String>) -> Option<Named<'a>> {
    match &role.boundary {
        Some((arn, Some(doc))) => Some(Named::new(format!("{} {arn}", short(&role.arn)), doc)),
        Some((arn, None)) => {
            notes.push(format!(
                "the permissions boundary {arn} of role {} could not be read: it is left out",
                role.arn
            ));
            None
        }
        None => None,
    }
}

/// `role/NAME` for messages.
fn short(arn: &str) -> String {
    format!("role/{}", crate::validate::RoleArn::name_of(arn))
}

/// The session of a role: `arn:P:sts::A:assumed-role/NAME/SESSION`. EKS names sessions
/// `eks-CLUSTER-POD-UUID` (iam-evaluation.md §9): the pod's part is unknown, so a policy that
/// names one exact session cannot be told to match.
fn session_of(role_arn: &str, cluster: &str) -> Principal {
    let parts: Vec<&str> = role_arn.splitn(6, ':').collect();
    let (partition, account) = match parts.as_slice() {
        [_, p, _, _, a, _] => (*p, *a),
        _ => ("aws", ""),
    };
    let arn = format!(
        "arn:{partition}:sts::{account}:assumed-role/{}/eks-{cluster}-pod",
        crate::validate::RoleArn::name_of(role_arn)
    );
    Principal::parse(&arn).unwrap_or(Principal::Unspecified {
        account: Some(account.to_string()),
    })
}

/// The context of a request made with a role's session: the role's tags and (with session tags)
/// the six session tags as principal tags, the pod's name and uid unknown, every other principal
/// tag absent; `aws:PrincipalArn` the role's ARN with its path. Everything else is unknown.
fn session_context(role: &RoleFacts, a: &AssociationFacts) -> Context {
    let mut ctx = Context::open();
    if !a.disable_session_tags {
        for tag in &tags::SESSION_TAGS[4..] {
            ctx.mark_unknown(&format!("aws:PrincipalTag/{tag}"));
        }
    }
    for (key, value) in principal_tags(role, a) {
        ctx.set(&format!("aws:PrincipalTag/{key}"), vec![value]);
    }
    ctx.mark_absent("aws:PrincipalTag/");
    // The role's ARN with its path (the session's ARN has none); the evaluator derives the
    // principal's account and type.
    ctx.set("aws:PrincipalArn", vec![role.arn.clone()]);
    // Only IAM users have a user name.
    ctx.mark_absent("aws:username");
    ctx
}

/// The principal tags a session of the role has that epi knows: the role's tags, and (with
/// session tags) the four session tags whose values epi knows, over role tags of the same key
/// in any case (facts §3). The pod's name and uid are unknown and not among them.
fn principal_tags(role: &RoleFacts, a: &AssociationFacts) -> BTreeMap<String, String> {
    let mut principal_tags: BTreeMap<String, (String, String)> = role
        .tags
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), (k.clone(), v.clone())))
        .collect();
    if !a.disable_session_tags {
        // A session tag overrides a role tag of the same key, in any case (facts §3).
        for (tag, value) in [
            (tags::CLUSTER_ARN, a.cluster_arn.as_str()),
            (tags::CLUSTER_NAME, a.cluster_name.as_str()),
            (tags::NAMESPACE, a.namespace.as_str()),
            (tags::SERVICE_ACCOUNT, a.service_account.as_str()),
        ] {
            principal_tags.insert(tag.to_string(), (tag.to_string(), value.to_string()));
        }
        for tag in &tags::SESSION_TAGS[4..] {
            principal_tags.remove(*tag);
        }
    }
    principal_tags.into_values().collect()
}

/// The first link: the association itself.
fn association_link(a: &AssociationFacts) -> Link {
    Link::Association {
        association_id: a.association_id.clone(),
        role: a.role_arn.clone(),
        target_role: a.target_role_arn.clone(),
        session_tags: !a.disable_session_tags,
        session_policy: a.session_policy.clone(),
        external_id: a.target_role_arn.as_ref().and(a.external_id.clone()),
    }
}

/// Several evaluations (one per action) as one: the worst decision, the reasons of it.
fn combine(evals: &[eval::Evaluation]) -> (Outcome, Vec<Reason>, Vec<String>, Option<Layer>) {
    let mut outcome = Outcome::Allowed;
    let mut depends = Vec::new();
    for e in evals {
        outcome = worst(outcome, Outcome::of(e.decision));
        merge(&mut depends, &e.depends_on);
    }
    let decisive = evals
        .iter()
        .find(|e| Outcome::of(e.decision) == outcome)
        .or(evals.first());
    let reasons = decisive.map(|e| e.reasons.clone()).unwrap_or_default();
    let denied_by = decisive.and_then(|e| e.denied_by);
    if outcome != Outcome::Conditional {
        depends.clear();
    }
    (outcome, reasons, depends, denied_by)
}

/// One evaluation per action EKS uses to assume a role (`sts:AssumeRole`, and
/// `sts:TagSession` with session tags), by `principal` on the role `resource`.
fn per_action(
    a: &AssociationFacts,
    principal: &Principal,
    resource: &str,
    context: &Context,
    policies: &Policies<'_>,
) -> Vec<eval::Evaluation> {
    a.request()
        .actions()
        .iter()
        .map(|action| {
            eval::evaluate(
                &Request {
                    principal: principal.clone(),
                    action: action.to_string(),
                    resource: resource.to_string(),
                    resource_account: eval::arn_account(resource).map(str::to_string),
                    context: context.clone(),
                },
                policies,
            )
        })
        .collect()
}

/// Step 2: EKS assumes the role. The verdict is [`trust::admits`]'s (as doctor's); the reasons
/// come from the same evaluator.
fn trust_link(role: &RoleFacts, a: &AssociationFacts) -> Link {
    let req = a.request();
    let mut ctx = req.context();
    ctx.mark_absent("aws:PrincipalTag/");
    let evals = per_action(
        a,
        &Principal::Service(tags::PODS_PRINCIPAL.to_string()),
        &role.arn,
        &ctx,
        &Policies {
            resource: Some(Named::new(
                format!("{} trust policy", short(&role.arn)),
                &role.trust_policy,
            )),
            identity_checked_elsewhere: true,
            ..Policies::default()
        },
    );
    let (mut decision, reasons, depends_on, _) = combine(&evals);
    let why = match trust::admits(&role.trust_policy, &req) {
        Verdict::Admits => None,
        Verdict::Refuses(why) | Verdict::Unsure(why) => Some(why),
    };
    if decision.is_denied() {
        decision = Outcome::TrustDenied;
    }
    Link::Assume {
        principal: tags::PODS_PRINCIPAL.to_string(),
        role: role.arn.clone(),
        actions: req.actions().to_vec(),
        decision,
        reasons,
        depends_on,
        why,
    }
}

impl Outcome {
    pub fn is_denied(self) -> bool {
        matches!(self, Outcome::ImplicitDeny | Outcome::ExplicitDeny)
    }
}

/// The context of the role's session assuming the target role: its principal tags, the session
/// tags again as request tags (they are transitive, facts §3), and `sts:ExternalId`.
fn target_context(role: &RoleFacts, a: &AssociationFacts) -> Context {
    let req = a.request();
    let mut ctx = session_context(role, a);
    for (k, v) in req.context().entries() {
        ctx.set(k, v.to_vec());
    }
    if req.session_tags {
        for tag in &tags::SESSION_TAGS[4..] {
            ctx.mark_unknown(&tags::request_tag_key(tag));
        }
    } else {
        ctx.mark_absent("aws:RequestTag/");
        ctx.mark_absent("aws:TagKeys");
    }
    // The one rule of `effective_external_id`, which the explanation ([`trust::target_admits`])
    // uses too. Without a value (session tags on and no `externalId` from EKS, or one EKS has
    // not given yet) whether EKS passes any is not documented: unknown, so `conditional`.
    if let Some(id) = a.effective_external_id() {
        ctx.set("sts:ExternalId", vec![id]);
    }
    ctx
}

/// The role's session asking to assume the target role, once per action EKS uses; with `trust`,
/// the target's trust policy is asked too (else only the role's own side).
/// The organisation's policies of the hop to a target role: (SCPs of the role's account, RCPs
/// of the target's), each one list per level, root first.
pub type HopOrg<'o, 'a> = (&'o [Vec<Named<'a>>], &'o [Vec<Named<'a>>]);

fn assume_target(
    role: &RoleFacts,
    target_arn: &str,
    trust: Option<&Value>,
    a: &AssociationFacts,
    org: HopOrg<'_, '_>,
    notes: &mut Vec<String>,
) -> Vec<eval::Evaluation> {
    let identity = identity(role, notes);
    let boundary = boundary(role, notes);
    let ctx = target_context(role, a);
    per_action(
        a,
        &session_of(&role.arn, &a.cluster_name),
        target_arn,
        &ctx,
        &Policies {
            identity,
            boundary,
            resource: trust.map(|t| Named::new(format!("{} trust policy", short(target_arn)), t)),
            resource_checked_elsewhere: trust.is_none(),
            scps: org.0.to_vec(),
            rcps: org.1.to_vec(),
            ..Policies::default()
        },
    )
}

/// Whether the role's own policies and boundary let its session assume the target role with
/// the actions EKS uses (the target's trust aside): what `epi doctor` checks as
/// `target-permission`. The decision for each action.
pub fn target_permission(
    role: &RoleFacts,
    target_arn: &str,
    a: &AssociationFacts,
    org: HopOrg<'_, '_>,
) -> Vec<(&'static str, Outcome)> {
    let mut notes = Vec::new();
    a.request()
        .actions()
        .iter()
        .zip(assume_target(role, target_arn, None, a, org, &mut notes))
        .map(|(action, e)| (*action, Outcome::of(e.decision)))
        .collect()
}

/// Step 3: the role's session assumes the target role. Both the role's own policies (and
/// boundary) and the target's trust are asked; a refusal by the trust is `trust-denied`.
pub fn target_link(
    role: &RoleFacts,
    target: &RoleFacts,
    a: &AssociationFacts,
    org: HopOrg<'_, '_>,
) -> Link {
    let req = a.request();
    let mut notes = Vec::new();
    let evals = assume_target(
        role,
        &target.arn,
        Some(&target.trust_policy),
        a,
        org,
        &mut notes,
    );
    let (mut decision, reasons, depends_on, denied_by) = combine(&evals);
    let why = match trust::target_admits(
        &target.trust_policy,
        &req,
        &role.arn,
        a.effective_external_id().as_deref(),
    ) {
        Verdict::Admits => None,
        Verdict::Refuses(why) | Verdict::Unsure(why) => Some(why),
    };
    if decision.is_denied() && denied_by == Some(Layer::ResourcePolicy) {
        decision = Outcome::TrustDenied;
    }
    let why = why.or_else(|| {
        decision.is_denied().then(|| match denied_by {
            Some(layer @ (Layer::Scp | Layer::Rcp)) => format!(
                "the organisation's {} stop {} on {}{}",
                layer.title(),
                req.actions().join(" and "),
                target.arn,
                reasons
                    .iter()
                    .find(|r| r.layer == layer)
                    .map(|r| format!(": {}", describe_reason(r)))
                    .unwrap_or_default()
            ),
            _ => format!(
                "the policies of role {} do not allow {} on {}",
                role.arn,
                req.actions().join(" and "),
                target.arn
            ),
        })
    });
    Link::Assume {
        principal: role.arn.clone(),
        role: target.arn.clone(),
        actions: req.actions().to_vec(),
        decision,
        reasons,
        depends_on,
        why: why.map(|w| {
            if notes.is_empty() {
                w
            } else {
                format!("{w} ({})", notes.join("; "))
            }
        }),
    }
}

/// A role the chain needs does not exist: EKS cannot assume it.
fn missing_role(principal: &str, arn: &str, a: &AssociationFacts) -> Link {
    Link::Assume {
        principal: principal.to_string(),
        role: arn.to_string(),
        actions: a.request().actions().to_vec(),
        decision: Outcome::TrustDenied,
        reasons: Vec::new(),
        depends_on: Vec::new(),
        why: Some(format!("role {arn} does not exist")),
    }
}

/// The whole chain for one association and one request. `role` and `target` are None when the
/// role (or the target role the association names) does not exist.
pub fn evaluate(
    a: &AssociationFacts,
    role: Option<&RoleFacts>,
    target: Option<&RoleFacts>,
    q: &Question<'_>,
) -> Answer {
    let mut notes = Vec::new();
    let mut walk = Walk {
        chain: vec![association_link(a)],
        outcome: Outcome::Allowed,
        depends_on: Vec::new(),
    };
    let via = if a.target_role_arn.is_some() {
        "targetRole"
    } else {
        "role"
    };
    let stop = |walk: Walk, notes: Vec<String>| {
        let outcome = walk.outcome;
        walk.answer(outcome, notes, via)
    };
    let Some(role) = role else {
        walk.step(missing_role(tags::PODS_PRINCIPAL, &a.role_arn, a));
        return stop(walk, notes);
    };
    if !walk.step(trust_link(role, a)) {
        return stop(walk, notes);
    }
    let acting = match &a.target_role_arn {
        Some(arn) => {
            let Some(t) = target else {
                walk.step(missing_role(&role.arn, arn, a));
                return stop(walk, notes);
            };
            if !walk.step(target_link(role, t, a, (&q.assume_scps, &q.assume_rcps))) {
                return stop(walk, notes);
            }
            t
        }
        None => role,
    };

    // Step 4: the pod's request.
    let identity = identity(acting, &mut notes);
    let boundary = boundary(acting, &mut notes);
    let session_doc = a.session_policy.as_ref();
    if let Some(Value::String(_)) = session_doc {
        notes.push("the association's session policy is not JSON: it is left out".into());
    }
    let session = session_doc
        .filter(|d| d.is_object())
        .map(|d| Named::new("association session policy", d));
    let mut ctx = session_context(acting, a);
    for (k, values) in &q.context {
        ctx.set(k, values.clone());
    }
    let acting_account = eval::arn_account(&acting.arn).map(str::to_string);
    let resource_account = eval::arn_account(&q.resource)
        .map(str::to_string)
        .or_else(|| q.resource_account.clone())
        .or_else(|| {
            if q.resource != "*" {
                notes.push(format!(
                    "the resource's account is not in its ARN and --resource-account was not given: it is taken to be the role's account {} (so the role's own Allow suffices, as for a resource of its account)",
                    acting_account.as_deref().unwrap_or_default()
                ));
            }
            acting_account.clone()
        });
    let policies = Policies {
        identity,
        boundary,
        session,
        resource: q.resource_policy.clone(),
        scps: q.scps.clone(),
        rcps: q.rcps.clone(),
        // Without the resource's policy, a resource of the role's account is decided by the
        // role's side; where the request needs that policy (a role's trust, a KMS key policy,
        // a resource of another account) the answer is `conditional` on it, never a deny.
        resource_unread: (q.resource_policy.is_none() && !q.resource_absent)
            .then(|| resource_policy_name(&q.resource)),
        ..Policies::default()
    };
    let e = eval::evaluate(
        &Request {
            principal: session_of(&acting.arn, &a.cluster_name),
            action: q.action.clone(),
            resource: q.resource.clone(),
            resource_account: resource_account.clone(),
            context: ctx,
        },
        &policies,
    );
    notes.extend(e.notes.iter().cloned());
    // What the answer did not consider, said rather than assumed.
    if q.resource_policy.is_none() && !q.resource_absent && q.resource != "*" {
        let name = resource_policy_name(&q.resource);
        if !e.depends_on.contains(&name) {
            notes.push(format!(
                "the {name} was not given or read (--resource-policy): a Deny in it is not considered"
            ));
        }
    }
    if let Some(note) = &q.org_note {
        notes.push(note.clone());
    } else if q.scps.is_empty() {
        notes.push(
            "no service control policies were given (--scp): what the organisation denies is not considered".into(),
        );
    }
    let decision = Outcome::of(e.decision);
    walk.step(Link::Request {
        principal: format!(
            "arn:{}:sts::{}:assumed-role/{}/eks-{}-*",
            acting.arn.split(':').nth(1).unwrap_or("aws"),
            acting_account.as_deref().unwrap_or_default(),
            crate::validate::RoleArn::name_of(&acting.arn),
            a.cluster_name
        ),
        role: acting.arn.clone(),
        action: q.action.clone(),
        resource: q.resource.clone(),
        resource_account,
        decision,
        reasons: e.reasons.clone(),
        depends_on: e.depends_on.clone(),
        missing_context_keys: e.missing_context_keys.clone(),
        denied_by: e.denied_by,
        layers: e.layers.clone(),
        near_misses: e.near_misses.clone(),
        principal_tags: principal_tags(acting, a),
        conditions_needed: e.conditions_needed.clone(),
    });
    if !e.conditions_needed.is_empty() {
        notes.push(format!(
            "the answer depends on: {} (give the values with --context KEY=VALUE)",
            e.conditions_needed.join("; ")
        ));
    }
    // A denied request is denied however the earlier links came out.
    let decision = if decision.is_denied() {
        decision
    } else {
        walk.outcome
    };
    walk.answer(decision, notes, via)
}

/// The chain so far.
struct Walk {
    chain: Vec<Link>,
    outcome: Outcome,
    depends_on: Vec<String>,
}

impl Walk {
    /// Adds a link; false when the chain stops there.
    fn step(&mut self, link: Link) -> bool {
        let (decision, depends) = match &link {
            Link::Assume {
                decision,
                depends_on,
                ..
            }
            | Link::Request {
                decision,
                depends_on,
                ..
            } => (*decision, depends_on.clone()),
            Link::Association { .. } => (Outcome::Allowed, Vec::new()),
        };
        self.outcome = worst(self.outcome, decision);
        merge(&mut self.depends_on, &depends);
        self.chain.push(link);
        self.outcome.may_allow()
    }

    fn answer(self, decision: Outcome, notes: Vec<String>, via: &'static str) -> Answer {
        Answer {
            decision,
            depends_on: if decision == Outcome::Conditional {
                self.depends_on
            } else {
                Vec::new()
            },
            chain: self.chain,
            notes,
            via,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ACCOUNT: &str = "111122223333";

    fn association() -> AssociationFacts {
        AssociationFacts {
            association_id: Some("a-1".into()),
            cluster_name: "prod".into(),
            cluster_arn: format!("arn:aws:eks:us-east-1:{ACCOUNT}:cluster/prod"),
            region: "us-east-1".into(),
            account: ACCOUNT.into(),
            namespace: "team-a".into(),
            service_account: "app".into(),
            role_arn: format!("arn:aws:iam::{ACCOUNT}:role/app"),
            target_role_arn: None,
            disable_session_tags: false,
            external_id: None,
            external_id_pending: false,
            session_policy: None,
        }
    }

    fn role(name: &str, policy: Value) -> RoleFacts {
        RoleFacts {
            arn: format!("arn:aws:iam::{ACCOUNT}:role/{name}"),
            trust_policy: json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}),
            tags: BTreeMap::new(),
            policies: vec![("inline:p".into(), Some(policy))],
            boundary: None,
        }
    }

    fn ask(action: &str, resource: &str) -> Question<'static> {
        Question {
            action: action.into(),
            resource: resource.into(),
            ..Question::default()
        }
    }

    fn by_tag(tag: &str) -> Value {
        json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":format!("arn:aws:s3:::d/${{aws:PrincipalTag/{tag}}}/*")}]})
    }

    #[test]
    fn a_session_tag_overrides_a_role_tag_and_other_role_tags_stay() {
        let mut r = role("app", by_tag("kubernetes-namespace"));
        r.tags.insert("Kubernetes-Namespace".into(), "ops".into());
        r.tags.insert("team".into(), "blue".into());
        let a = association();
        let q = ask("s3:GetObject", "arn:aws:s3:::d/team-a/x");
        assert_eq!(evaluate(&a, Some(&r), None, &q).decision, Outcome::Allowed);
        let q = ask("s3:GetObject", "arn:aws:s3:::d/ops/x");
        assert_eq!(
            evaluate(&a, Some(&r), None, &q).decision,
            Outcome::ImplicitDeny
        );
        let r = RoleFacts {
            policies: vec![("inline:p".into(), Some(by_tag("team")))],
            ..r
        };
        let q = ask("s3:GetObject", "arn:aws:s3:::d/blue/x");
        assert_eq!(evaluate(&a, Some(&r), None, &q).decision, Outcome::Allowed);
        // An absent tag is known absent, not unknown: the variable matches nothing.
        let r = RoleFacts {
            policies: vec![("inline:p".into(), Some(by_tag("cost-center")))],
            ..r
        };
        let answer = evaluate(&a, Some(&r), None, &q);
        assert_eq!(answer.decision, Outcome::ImplicitDeny, "{answer:?}");
    }

    #[test]
    fn without_session_tags_no_session_tag_is_a_principal_tag() {
        let mut a = association();
        a.disable_session_tags = true;
        let r = role("app", by_tag("kubernetes-namespace"));
        let q = ask("s3:GetObject", "arn:aws:s3:::d/team-a/x");
        let answer = evaluate(&a, Some(&r), None, &q);
        assert_eq!(answer.decision, Outcome::ImplicitDeny, "{answer:?}");
        // and the pod's name is then absent too, not unknown.
        let r = role("app", by_tag("kubernetes-pod-name"));
        assert_eq!(
            evaluate(&a, Some(&r), None, &q).decision,
            Outcome::ImplicitDeny
        );
        a.disable_session_tags = false;
        let answer = evaluate(&a, Some(&r), None, &q);
        assert_eq!(answer.decision, Outcome::Conditional);
        assert_eq!(answer.depends_on, ["aws:PrincipalTag/kubernetes-pod-name"]);
    }

    #[test]
    fn a_missing_role_or_target_role_is_trust_denied() {
        let a = association();
        let q = ask("s3:GetObject", "arn:aws:s3:::d/x");
        let answer = evaluate(&a, None, None, &q);
        assert_eq!(answer.decision, Outcome::TrustDenied);
        assert!(
            answer
                .deciding_statement()
                .unwrap()
                .contains("does not exist")
        );
        let mut a = association();
        a.target_role_arn = Some("arn:aws:iam::444455556666:role/t".into());
        let r = role("app", json!({"Statement":[]}));
        let answer = evaluate(&a, Some(&r), None, &q);
        assert_eq!(answer.decision, Outcome::TrustDenied);
        assert_eq!(answer.via, "targetRole");
    }

    #[test]
    fn a_new_associations_external_id_is_unknown_until_eks_gives_it() {
        let target_arn = "arn:aws:iam::444455556666:role/t";
        let mut a = association();
        a.target_role_arn = Some(target_arn.into());
        a.association_id = None;
        a.external_id_pending = true;
        let r = role(
            "app",
            json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":target_arn}]}),
        );
        let mut t = role(
            "t",
            json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}),
        );
        t.arn = target_arn.into();
        t.trust_policy = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":r.arn},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"sts:ExternalId":"x-1"}}}]});
        let q = Question {
            resource_account: Some("444455556666".into()),
            ..ask("s3:GetObject", "arn:aws:s3:::d/x")
        };
        let answer = evaluate(&a, Some(&r), Some(&t), &q);
        assert_eq!(answer.decision, Outcome::Conditional, "{answer:?}");
        assert_eq!(answer.depends_on, ["sts:ExternalId"]);
        a.external_id = Some("x-1".into());
        a.external_id_pending = false;
        assert_eq!(
            evaluate(&a, Some(&r), Some(&t), &q).decision,
            Outcome::Allowed
        );
        a.external_id = Some("x-2".into());
        assert_eq!(
            evaluate(&a, Some(&r), Some(&t), &q).decision,
            Outcome::TrustDenied
        );
        // The first role's own policies must allow the assumption too.
        a.external_id = Some("x-1".into());
        let bare = role("app", json!({"Version":"2012-10-17","Statement":[]}));
        let answer = evaluate(&a, Some(&bare), Some(&t), &q);
        assert_eq!(answer.decision, Outcome::ImplicitDeny, "{answer:?}");
    }

    #[test]
    fn a_resource_of_another_account_needs_its_policy() {
        let a = association();
        let r = role(
            "app",
            json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}),
        );
        let other = Question {
            resource_account: Some("999988887777".into()),
            ..ask("s3:GetObject", "arn:aws:s3:::d/x")
        };
        // The bucket's policy was not given or read: the answer depends on it, never a deny by
        // guess ([XA23] IAM UG reference_policies_evaluation-logic-cross-account.html: both
        // accounts must allow). Before issue #31 this was implicitDeny.
        let answer = evaluate(&a, Some(&r), None, &other);
        assert_eq!(answer.decision, Outcome::Conditional, "{answer:?}");
        assert_eq!(answer.depends_on, ["resource policy of arn:aws:s3:::d/x"]);
        // Known to have no policy: denied.
        let absent = Question {
            resource_absent: true,
            ..other.clone()
        };
        assert_eq!(
            evaluate(&a, Some(&r), None, &absent).decision,
            Outcome::ImplicitDeny
        );
        let bucket = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":format!("arn:aws:iam::{ACCOUNT}:role/app")},"Action":"s3:GetObject","Resource":"arn:aws:s3:::d/*"}]});
        let with_policy = Question {
            resource_policy: Some(Named::new("bucket", &bucket)),
            ..other.clone()
        };
        assert_eq!(
            evaluate(&a, Some(&r), None, &with_policy).decision,
            Outcome::Allowed
        );
        // Same account (by default): the role's Allow suffices, and the output says why.
        let answer = evaluate(&a, Some(&r), None, &ask("s3:GetObject", "arn:aws:s3:::d/x"));
        assert_eq!(answer.decision, Outcome::Allowed);
        assert!(answer.notes[0].contains("taken to be the role's account"));
    }

    /// Issue #31: `sts:AssumeRole` on a role needs its trust policy even in one account, and a
    /// KMS key its key policy ([EL] IAM UG
    /// reference_policies_evaluation-logic_policy-eval-denyallow.html; [KMSKP] KMS developer
    /// guide key-policies.html). Unread, the answer is `conditional` on it; read, it decides.
    #[test]
    fn an_unread_trust_or_key_policy_makes_the_answer_conditional() {
        let a = association();
        let admin = format!("arn:aws:iam::{ACCOUNT}:role/admin");
        let r = role(
            "app",
            json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","kms:Decrypt"],"Resource":"*"}]}),
        );
        let q = ask("sts:AssumeRole", &admin);
        let answer = evaluate(&a, Some(&r), None, &q);
        assert_eq!(answer.decision, Outcome::Conditional, "{answer:?}");
        assert_eq!(answer.depends_on, [format!("trust policy of {admin}")]);
        // The trust read: it admits the account root, and the role's Allow does the rest.
        let trust = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":format!("arn:aws:iam::{ACCOUNT}:root")},"Action":"sts:AssumeRole"}]});
        let read = Question {
            resource_policy: Some(Named::new("role/admin trust policy", &trust)),
            ..q.clone()
        };
        assert_eq!(
            evaluate(&a, Some(&r), None, &read).decision,
            Outcome::Allowed
        );
        // A trust that names someone else: denied, by the trust.
        let other = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]});
        let read = Question {
            resource_policy: Some(Named::new("role/admin trust policy", &other)),
            ..q.clone()
        };
        assert_eq!(
            evaluate(&a, Some(&r), None, &read).decision,
            Outcome::ImplicitDeny
        );
        let key =
            format!("arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        let answer = evaluate(&a, Some(&r), None, &ask("kms:Decrypt", &key));
        assert_eq!(answer.decision, Outcome::Conditional, "{answer:?}");
        assert_eq!(answer.depends_on, [format!("key policy of {key}")]);
        // Without the identity Allow, no resource policy of another account could help.
        let bare = role("app", json!({"Version":"2012-10-17","Statement":[]}));
        let other_account = Question {
            resource_account: Some("999988887777".into()),
            ..ask("s3:GetObject", "arn:aws:s3:::d/x")
        };
        let answer = evaluate(&a, Some(&bare), None, &other_account);
        assert_eq!(answer.decision, Outcome::ImplicitDeny, "{answer:?}");
        assert!(
            answer
                .deciding_statement()
                .unwrap()
                .contains("identity policies")
        );
    }

    /// Issue #31, item 5: a denial names the statement that came closest with its variables
    /// substituted ([VAR23] IAM UG reference_policies_variables.html), the answer carries the
    /// principal tags it used, and a conditional one what its conditions need.
    #[test]
    fn a_denial_shows_the_nearest_statement_and_the_tags_used() {
        let mut a = association();
        a.namespace = "team-d".into();
        let r = role(
            "app",
            json!({"Version":"2012-10-17","Statement":[{"Sid":"OwnPrefix","Effect":"Allow","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::my-data/${aws:PrincipalTag/kubernetes-namespace}/*"}]}),
        );
        let answer = evaluate(
            &a,
            Some(&r),
            None,
            &ask("s3:DeleteObject", "arn:aws:s3:::my-data/team-a/x"),
        );
        assert_eq!(answer.decision, Outcome::ImplicitDeny);
        let why = answer.deciding_statement().unwrap();
        assert!(
            why.contains("OwnPrefix") && why.contains("(here arn:aws:s3:::my-data/team-d/*)"),
            "{why}"
        );
        let Some(Link::Request { principal_tags, .. }) = answer.chain.last() else {
            panic!("a request link");
        };
        assert_eq!(principal_tags["kubernetes-namespace"], "team-d");
        assert_eq!(principal_tags["eks-cluster-name"], "prod");
        assert!(!principal_tags.contains_key("kubernetes-pod-name"));

        let r = role(
            "app",
            json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-123"}}}]}),
        );
        let answer = evaluate(
            &a,
            Some(&r),
            None,
            &ask("s3:GetObject", "arn:aws:s3:::my-data/x"),
        );
        assert_eq!(answer.decision, Outcome::Conditional);
        assert!(
            answer
                .notes
                .iter()
                .any(|n| n.contains("aws:SourceVpc = vpc-123")),
            "{:?}",
            answer.notes
        );
    }

    /// Issue #31: the decision and the explanation of the target step use one external id: the
    /// association's `externalId` ([PIA] EKS API Reference PodIdentityAssociation), with or
    /// without session tags.
    #[test]
    fn the_target_step_uses_one_external_id_rule() {
        let target_arn = "arn:aws:iam::444455556666:role/t";
        let mut a = association();
        a.target_role_arn = Some(target_arn.into());
        a.external_id = Some("x-1".into());
        let r = role(
            "app",
            json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":target_arn}]}),
        );
        let mut t = role("t", json!({"Version":"2012-10-17","Statement":[]}));
        t.arn = target_arn.into();
        t.trust_policy = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":r.arn},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"sts:ExternalId":"x-1"}}}]});
        let Link::Assume { decision, why, .. } = target_link(&r, &t, &a, (&[], &[])) else {
            panic!("an assume link");
        };
        assert_eq!(decision, Outcome::Allowed);
        assert_eq!(why, None, "the explanation agrees with the decision");
        a.external_id = Some("x-2".into());
        let Link::Assume { decision, why, .. } = target_link(&r, &t, &a, (&[], &[])) else {
            panic!("an assume link");
        };
        assert_eq!(decision, Outcome::TrustDenied);
        assert!(why.is_some());
    }
}

/// An association and a role for the unit tests of the modules built on the chain (the access
/// diff, rightsize): team-a/app of cluster prod in 111122223333, role `app` trusting Pod Identity.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::{AssociationFacts, RoleFacts};
    use serde_json::{Value, json};

    pub fn facts() -> AssociationFacts {
        AssociationFacts {
            association_id: Some("a-1".into()),
            cluster_name: "prod".into(),
            cluster_arn: "arn:aws:eks:us-east-1:111122223333:cluster/prod".into(),
            region: "us-east-1".into(),
            account: "111122223333".into(),
            namespace: "team-a".into(),
            service_account: "app".into(),
            role_arn: "arn:aws:iam::111122223333:role/app".into(),
            target_role_arn: None,
            disable_session_tags: false,
            external_id: None,
            external_id_pending: false,
            session_policy: None,
        }
    }

    /// Role `app` with one inline policy `data` of these statements.
    pub fn role(statements: Value) -> RoleFacts {
        RoleFacts {
            arn: "arn:aws:iam::111122223333:role/app".into(),
            trust_policy: json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"Service": "pods.eks.amazonaws.com"},
                "Action": ["sts:AssumeRole", "sts:TagSession"]}]}),
            tags: Default::default(),
            policies: vec![(
                "inline:data".into(),
                Some(json!({"Version": "2012-10-17", "Statement": statements})),
            )],
            boundary: None,
        }
    }
}
