//! One IAM policy evaluator, following AWS's documented evaluation logic. Everything in epi that
//! asks "is this allowed?" goes through [`evaluate`]: `epi policy simulate`, trust checks
//! ([`crate::policy::trust::admits`]), doctor's permission checks, and the linter's action
//! matching ([`pattern::action_matches`]).
//!
//! Sources, cited as in `shared/reference/iam-evaluation.md` (UG = IAM User Guide):
//! - [EL] UG reference_policies_evaluation-logic_policy-eval-denyallow.html (the decision order)
//! - [EL-top] UG reference_policies_evaluation-logic.html
//! - [XA23] UG reference_policies_evaluation-logic-cross-account.html
//! - [BND23] UG access_policies_boundaries.html; [SESS23] UG access_policies.html (session policies)
//! - [PR23] UG reference_policies_elements_principal.html; [NP] …_notprincipal.html
//! - [ACT23]/[NACT23] …_elements_action.html / _notaction.html; [RES]/[NRES23] …_resource.html
//! - [OPS23] UG reference_policies_elements_condition_operators.html; [MV]/[MV23] multi-valued keys
//! - [VAR23] UG reference_policies_variables.html; [CK23] UG reference_policies_condition-keys.html
//! - [SCP]/[SCPE]/[RCP]/[RCPE] Organizations UG orgs_manage_policies_{scps,scps_evaluation,rcps,rcps_evaluation}.html
//! - [KMSKP] KMS developer guide key-policies.html; [GCI] STS API_GetCallerIdentity.html
//! - [GST23] UG id_credentials_temp_control-access_getsessiontoken.html; [SLR23] using-service-linked-roles.html

pub mod condition;
pub mod context;
pub mod input;
pub mod pattern;
pub mod principal;

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;

pub use condition::Tri;
pub use context::{Context, Lookup};
pub use pattern::action_matches;
pub use principal::{Grant, Principal};

/// Where a policy sits in the evaluation. Serialised with the `--input` document's key names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Layer {
    #[serde(rename = "serviceControlPolicies")]
    Scp,
    #[serde(rename = "resourceControlPolicies")]
    Rcp,
    #[serde(rename = "vpcEndpointPolicy")]
    VpcEndpoint,
    ResourcePolicy,
    #[serde(rename = "identityPolicies")]
    Identity,
    PermissionsBoundary,
    SessionPolicy,
    /// A rule of AWS's own that no policy can change (a service-linked role cannot be edited).
    Protected,
}

impl Layer {
    pub fn title(self) -> &'static str {
        match self {
            Layer::Scp => "service control policies",
            Layer::Rcp => "resource control policies",
            Layer::VpcEndpoint => "VPC endpoint policy",
            Layer::ResourcePolicy => "resource-based policy",
            Layer::Identity => "identity policies",
            Layer::PermissionsBoundary => "permissions boundary",
            Layer::SessionPolicy => "session policy",
            Layer::Protected => "AWS protection",
        }
    }

    /// Layers whose statements name a Principal (resource-based in shape).
    fn names_principals(self) -> bool {
        matches!(
            self,
            Layer::ResourcePolicy | Layer::Rcp | Layer::VpcEndpoint
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Effect {
    Allow,
    Deny,
}

/// A policy and the name it is reported under (a file, `identityPolicies[1]`, a policy ARN).
#[derive(Clone, Debug)]
pub struct Named<'a> {
    pub name: String,
    pub doc: &'a Value,
}

impl<'a> Named<'a> {
    pub fn new(name: impl Into<String>, doc: &'a Value) -> Self {
        Named {
            name: name.into(),
            doc,
        }
    }
}

/// Every policy that takes part in one request.
#[derive(Clone, Debug, Default)]
pub struct Policies<'a> {
    pub identity: Vec<Named<'a>>,
    pub boundary: Option<Named<'a>>,
    pub session: Option<Named<'a>>,
    pub resource: Option<Named<'a>>,
    /// One list per level of the organisation, root first.
    pub scps: Vec<Vec<Named<'a>>>,
    /// One list per level, root first; RCPFullAWSAccess is implied at every level [RCPE].
    pub rcps: Vec<Vec<Named<'a>>>,
    pub vpc_endpoint: Option<Named<'a>>,
    /// The caller's own policies are checked elsewhere (a trust check asks only what the role's
    /// trust policy says): the identity side counts as allowing.
    pub identity_checked_elsewhere: bool,
    /// The resource's own policy is checked elsewhere (or is not known): only the caller's side
    /// is asked, as if the resource's account delegated to the caller's policies.
    pub resource_checked_elsewhere: bool,
    /// The resource has a policy of its own that was not read (`trust policy of ARN`, `key
    /// policy of ARN`, `resource policy of ARN`): where the request needs it (a role's trust, a
    /// KMS key, a resource of another account), the answer is `conditional` on it, never a deny
    /// or an allow by guess.
    pub resource_unread: Option<String>,
}

/// One request.
#[derive(Clone, Debug)]
pub struct Request {
    pub principal: Principal,
    pub action: String,
    /// The resource's ARN, or `*` for actions without resource-level permissions.
    pub resource: String,
    /// The account that owns the resource; from the ARN when it has one.
    pub resource_account: Option<String>,
    pub context: Context,
}

/// The answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Decision {
    Allowed,
    /// Depends on keys epi cannot know (only with an open context).
    Conditional,
    ImplicitDeny,
    ExplicitDeny,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::Conditional => "conditional",
            Decision::ImplicitDeny => "implicitDeny",
            Decision::ExplicitDeny => "explicitDeny",
        }
    }

    pub fn is_denied(self) -> bool {
        matches!(self, Decision::ImplicitDeny | Decision::ExplicitDeny)
    }
}

/// A statement that decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub layer: Layer,
    /// The level of the organisation (0 = root) for SCPs and RCPs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    pub policy: String,
    /// Index into the policy's `Statement` (0-based).
    pub statement: usize,
    pub sid: Option<String>,
    pub effect: Effect,
}

/// What one layer (one level, for SCPs and RCPs) said.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LayerReport {
    pub layer: Layer,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    /// allow | deny | noMatch | conditional | notApplicable | implicitAllow
    pub result: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A statement that matched the action and resource but whose condition did not hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NearMiss {
    pub layer: Layer,
    pub policy: String,
    pub statement: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    pub why: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    pub decision: Decision,
    pub reasons: Vec<Reason>,
    /// For a deny: the layer that stopped the request.
    pub denied_by: Option<Layer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denied_at_level: Option<usize>,
    pub missing_context_keys: Vec<String>,
    /// For `conditional`: the keys the answer depends on.
    pub depends_on: Vec<String>,
    /// For `conditional`: what the conditions on those keys need (`aws:SourceVpc = vpc-123`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions_needed: Vec<String>,
    pub layers: Vec<LayerReport>,
    pub near_misses: Vec<NearMiss>,
    /// Special rules applied and assumptions made, for a person.
    pub notes: Vec<String>,
}

/// A statement that applies (or may apply) to the request.
#[derive(Clone, Debug)]
struct Hit {
    reason: Reason,
    tri: Tri,
    grant: Option<Grant>,
}

#[derive(Default)]
struct Scan {
    hits: Vec<Hit>,
    missing: Vec<String>,
    unknown: Vec<String>,
    needs: Vec<String>,
    near: Vec<NearMiss>,
}

/// The actions a role's trust policy governs: even in one account they need its Allow [EL].
const TRUST_ACTIONS: &[&str] = &[
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
];

/// Services whose resources RCPs apply to [RCP] (the Organizations guide's list of services that
/// support RCPs).
const RCP_SERVICES: &[&str] = &[
    "s3",
    "s3express",
    "sts",
    "kms",
    "sqs",
    "secretsmanager",
    "ecr",
    "logs",
    "aoss",
    "dynamodb",
    "cognito-identity",
];

/// IAM actions that change a role: refused on service-linked roles, which only their service may
/// edit [SLR23], and on IAM Identity Center's reserved roles (`aws-reserved/sso.amazonaws.com/`),
/// which "can't be edited" [DIS][SSO].
const ROLE_EDITS: &[&str] = &[
    "iam:UpdateAssumeRolePolicy",
    "iam:PutRolePolicy",
    "iam:DeleteRolePolicy",
    "iam:AttachRolePolicy",
    "iam:DetachRolePolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:DeleteRolePermissionsBoundary",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
    "iam:DeleteRole",
];

/// The account of AWS managed policies' ARNs (`arn:aws:iam::aws:policy/…`).
const AWS_PSEUDO_ACCOUNT: &str = "aws";

/// IAM actions that change a managed policy: refused on AWS managed ones, which only AWS
/// changes (IAM UG access_policies_managed-vs-inline.html#aws-managed-policies).
const POLICY_EDITS: &[&str] = &[
    "iam:CreatePolicyVersion",
    "iam:DeletePolicy",
    "iam:DeletePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:TagPolicy",
    "iam:UntagPolicy",
];

/// KMS alias operations, refused on the prefix `alias/aws/` that AWS reserves for AWS managed
/// keys (KMS developer guide kms-alias.html: "You cannot create, update or delete an alias that
/// begins with alias/aws/").
const KMS_ALIAS_EDITS: &[&str] = &["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"];

/// Whether a request is an operation on a KMS key, which its key policy must allow even in one
/// account [KMSKP]: the action takes a key (its required resource types in the Service
/// Authorization Reference include `key`) and the resource is a key, or `*`. `kms:ListKeys`,
/// `kms:CreateKey` and the alias's own side of alias operations need no key policy.
pub fn kms_key_operation(action: &str, resource: &str) -> bool {
    let Some((service, name)) = action.split_once(':') else {
        return false;
    };
    if !service.eq_ignore_ascii_case("kms") {
        return false;
    }
    let takes_key = crate::policy::catalogue::service("kms")
        .and_then(|s| s.action(name))
        .is_some_and(|a| a.resource_types.iter().any(|(t, req)| *t == "key" && *req));
    let on_key = resource == "*" || {
        let parts: Vec<&str> = resource.splitn(6, ':').collect();
        parts.len() == 6 && parts[2] == "kms" && parts[5].starts_with("key/")
    };
    takes_key && on_key
}

fn service_of(action: &str) -> String {
    action
        .split_once(':')
        .map(|(s, _)| s)
        .unwrap_or(action)
        .to_ascii_lowercase()
}

/// Whether a role's trust policy governs the action (`sts:AssumeRole`, `sts:TagSession`, …):
/// even in one account such a request needs the trust's Allow [EL].
pub fn is_trust_action(action: &str) -> bool {
    is_one_of(action, TRUST_ACTIONS)
}

fn is_one_of(action: &str, list: &[&str]) -> bool {
    list.iter().any(|a| a.eq_ignore_ascii_case(action))
}

/// The account in a resource ARN (its fifth part), when it has one.
pub fn arn_account(resource: &str) -> Option<&str> {
    let parts: Vec<&str> = resource.splitn(6, ':').collect();
    (parts.len() == 6 && parts[0] == "arn" && !parts[4].is_empty()).then(|| parts[4])
}

fn strings(v: Option<&Value>) -> Vec<&str> {
    v.map(crate::policy::string_values).unwrap_or_default()
}

fn uses_variables(doc: &Value) -> bool {
    doc.get("Version").and_then(Value::as_str) == Some("2012-10-17")
}

/// Whether a Resource (or NotResource) list covers the request's resource.
fn resources_match(
    entries: &[&str],
    resource: &str,
    variables: bool,
    ctx: &Context,
    scan: &mut Scan,
) -> Tri {
    let mut result = Tri::No;
    for e in entries {
        let toks = if variables && e.contains("${") {
            match pattern::expand(e, pattern::resource_part_start(e), ctx, &mut scan.missing) {
                pattern::Expanded::Pattern(t) => t,
                // An unresolved variable makes the entry match no resource [VAR23].
                pattern::Expanded::Unresolved(_) => continue,
                pattern::Expanded::Unknown(k) => {
                    scan.unknown.push(k);
                    result = Tri::Maybe;
                    continue;
                }
            }
        } else {
            pattern::tokens(e)
        };
        if pattern::resource_matches(&toks, resource) {
            return Tri::Yes;
        }
    }
    result
}

/// Why a statement's Resource (or NotResource) leaves the request's resource out, each entry
/// with its variables substituted (`data/${aws:PrincipalTag/kubernetes-namespace}/*` →
/// `data/team-d/*`), for a person.
fn resource_miss(st: &Value, resource: &str, variables: bool, ctx: &Context) -> String {
    let (field, entries) = match (st.get("Resource"), st.get("NotResource")) {
        (Some(r), _) => ("Resource", strings(Some(r))),
        (None, Some(n)) => ("NotResource", strings(Some(n))),
        _ => ("Resource", Vec::new()),
    };
    let shown: Vec<String> = entries
        .iter()
        .take(5)
        .map(|e| {
            if !(variables && e.contains("${")) {
                return (*e).to_string();
            }
            let mut missing = Vec::new();
            match pattern::expand(e, pattern::resource_part_start(e), ctx, &mut missing) {
                pattern::Expanded::Pattern(t) => format!("{e} (here {})", pattern::literal(&t)),
                pattern::Expanded::Unresolved(k) => {
                    format!("{e} (no value for {k}: it matches nothing)")
                }
                pattern::Expanded::Unknown(k) => format!("{e} (depends on {k})"),
            }
        })
        .collect();
    let more = entries.len().saturating_sub(5);
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    if field == "NotResource" {
        format!(
            "its NotResource {}{tail} covers {resource}",
            shown.join(", ")
        )
    } else {
        format!(
            "its Resource {}{tail} does not cover {resource}",
            shown.join(", ")
        )
    }
}

fn not(t: Tri) -> Tri {
    match t {
        Tri::Yes => Tri::No,
        Tri::No => Tri::Yes,
        Tri::Maybe => Tri::Maybe,
    }
}

fn scan_policy(
    layer: Layer,
    level: Option<usize>,
    policy: &Named<'_>,
    req: &Request,
    has_boundary: bool,
    scan: &mut Scan,
) {
    let variables = uses_variables(policy.doc);
    for (index, st) in crate::policy::statements(policy.doc)
        .into_iter()
        .enumerate()
    {
        let effect = match st.get("Effect").and_then(Value::as_str) {
            Some("Allow") => Effect::Allow,
            Some("Deny") => Effect::Deny,
            _ => continue,
        };
        let action_ok = match (st.get("Action"), st.get("NotAction")) {
            (Some(a), _) => strings(Some(a))
                .iter()
                .any(|p| action_matches(p, &req.action)),
            (None, Some(n)) => !strings(Some(n))
                .iter()
                .any(|p| action_matches(p, &req.action)),
            _ => false,
        };
        if !action_ok {
            continue;
        }
        let mut principal_unknown = None;
        let grant = if layer.names_principals() {
            match (st.get("Principal"), st.get("NotPrincipal")) {
                (Some(p), _) => match req.principal.matched_by(p) {
                    Some(g) => Some(g),
                    None => match req.principal.federating_user_named(p) {
                        // The IAM user who federated: its grant is limited by the session
                        // policy and boundary, like a role's [EL]; whether this user is the
                        // one who called GetFederationToken is not in the caller's ARN.
                        Some(user) => {
                            principal_unknown = Some(format!(
                                "whether {user} is the IAM user who federated (GetFederationToken)"
                            ));
                            Some(Grant::Role)
                        }
                        None => continue,
                    },
                },
                // NotPrincipal works only with Deny [NP].
                (None, Some(np)) if effect == Effect::Deny => {
                    if req.principal.excluded_by(np, has_boundary) {
                        continue;
                    }
                    Some(Grant::Direct)
                }
                _ => continue,
            }
        } else {
            None
        };
        let resource = match (st.get("Resource"), st.get("NotResource")) {
            (Some(r), _) => resources_match(
                &strings(Some(r)),
                &req.resource,
                variables,
                &req.context,
                scan,
            ),
            (None, Some(n)) => not(resources_match(
                &strings(Some(n)),
                &req.resource,
                variables,
                &req.context,
                scan,
            )),
            // A resource-based policy without Resource (a trust policy) is about its resource.
            (None, None) if layer.names_principals() => Tri::Yes,
            (None, None) => Tri::No,
        };
        if resource == Tri::No {
            if effect == Effect::Allow {
                scan.near.push(NearMiss {
                    layer,
                    policy: policy.name.clone(),
                    statement: index,
                    sid: st.get("Sid").and_then(Value::as_str).map(str::to_string),
                    effect,
                    why: resource_miss(st, &req.resource, variables, &req.context),
                });
            }
            continue;
        }
        let mut trace = condition::Trace::default();
        let cond = condition::evaluate(st.get("Condition"), &req.context, variables, &mut trace);
        scan.missing.extend(trace.missing);
        let mut tri = resource.and(cond);
        if let Some(unknown) = principal_unknown
            && tri != Tri::No
        {
            tri = tri.and(Tri::Maybe);
            scan.unknown.push(unknown);
        }
        let reason = Reason {
            layer,
            level,
            policy: policy.name.clone(),
            statement: index,
            sid: st.get("Sid").and_then(Value::as_str).map(str::to_string),
            effect,
        };
        if tri == Tri::Maybe {
            scan.unknown.extend(trace.unknown);
            scan.needs.extend(trace.needs);
        }
        if tri == Tri::No {
            scan.near.push(NearMiss {
                layer,
                policy: reason.policy,
                statement: index,
                sid: reason.sid,
                effect,
                why: trace
                    .failed
                    .unwrap_or_else(|| "its condition does not hold".into()),
            });
            continue;
        }
        scan.hits.push(Hit { reason, tri, grant });
    }
}

/// What applies, decided once from the request and the policies given.
struct Setup {
    scp_applies: bool,
    rcp_applies: bool,
    cross_account: bool,
    resource_required: bool,
    notes: Vec<String>,
    resource_account: Option<String>,
}

fn setup(req: &Request, policies: &Policies<'_>) -> Setup {
    let mut notes = Vec::new();
    let p = &req.principal;
    let resource_account = arn_account(&req.resource)
        .map(str::to_string)
        .or_else(|| req.resource_account.clone())
        .or_else(|| {
            let own = p.account().map(str::to_string);
            if own.is_some() && policies.resource.is_some() {
                notes.push(format!(
                    "the resource's account is not in its ARN and was not given (--resource-account): taken to be the caller's account {}",
                    own.as_deref().unwrap_or_default()
                ));
            }
            own
        });
    // AWS managed policies live in the pseudo-account `aws`
    // (`arn:aws:iam::aws:policy/NAME`): any account may read them with its own identity Allow,
    // and no one may change them ("You cannot change the permissions defined in AWS managed
    // policies", IAM UG access_policies_managed-vs-inline.html#aws-managed-policies); the second
    // half is a special case below.
    let aws_managed = resource_account.as_deref() == Some(AWS_PSEUDO_ACCOUNT);
    if aws_managed {
        notes.push(format!(
            "{} is an AWS managed policy: any account reads it with its own identity policies' Allow, and no one can change it [IAM UG: AWS managed policies]",
            req.resource
        ));
    }
    let cross_account = match (p.account(), resource_account.as_deref()) {
        _ if aws_managed => false,
        (Some(a), Some(b)) => a != b,
        _ => false,
    };
    let service_linked = p.is_service_linked();
    let scp_applies = p.is_iam() && !service_linked;
    if !policies.scps.is_empty() && !scp_applies {
        notes.push(if service_linked {
            "SCPs do not apply to service-linked roles [Organizations: SCPs]".to_string()
        } else {
            "SCPs apply only to IAM principals of the organisation's member accounts, not to services or anonymous callers".to_string()
        });
    }
    let service = service_of(&req.action);
    let rcp_applies = !service_linked
        && RCP_SERVICES.contains(&service.as_str())
        && !req.action.eq_ignore_ascii_case("kms:RetireGrant");
    if !policies.rcps.is_empty() && !rcp_applies {
        notes.push(if service_linked {
            "RCPs do not apply to calls by service-linked roles [Organizations: RCPs]".to_string()
        } else {
            format!("RCPs do not apply to {service} (only to the services that support them) [Organizations: RCPs]")
        });
    }
    let is_role = |r: &str| {
        let parts: Vec<&str> = r.splitn(6, ':').collect();
        parts.len() == 6 && parts[2] == "iam" && parts[5].starts_with("role/")
    };
    let resource_required = (is_one_of(&req.action, TRUST_ACTIONS)
        && (is_role(&req.resource) || req.resource == "*"))
        || kms_key_operation(&req.action, &req.resource);
    if cross_account {
        notes.push(format!(
            "cross-account: the caller's account {} and the resource's account {} must both allow it [cross-account evaluation]",
            p.account().unwrap_or_default(),
            resource_account.as_deref().unwrap_or_default()
        ));
    }
    Setup {
        scp_applies,
        rcp_applies,
        cross_account,
        resource_required,
        notes,
        resource_account,
    }
}

/// The keys a request carries by itself: who the caller is and whose the resource is [CK23].
fn with_derived_keys(req: &Request, resource_account: Option<&str>) -> Context {
    let mut ctx = req.context.clone();
    let p = &req.principal;
    if let Some(arn) = p.principal_arn() {
        ctx.set_default("aws:PrincipalArn", vec![arn]);
    }
    match p {
        Principal::Anonymous => ctx.set_default("aws:PrincipalAccount", vec!["anonymous".into()]),
        Principal::Service(s) => {
            ctx.set_default("aws:PrincipalServiceName", vec![s.clone()]);
        }
        _ => {
            if let Some(a) = p.account() {
                ctx.set_default("aws:PrincipalAccount", vec![a.to_string()]);
            }
        }
    }
    if let Some(t) = p.principal_type() {
        ctx.set_default("aws:PrincipalType", vec![t.to_string()]);
    }
    if let Principal::User { arn, .. } = p {
        let name = arn.rsplit('/').next().unwrap_or_default().to_string();
        ctx.set_default("aws:username", vec![name]);
    }
    ctx.set_default(
        "aws:PrincipalIsAWSService",
        vec![matches!(p, Principal::Service(_)).to_string()],
    );
    if let Some(a) = resource_account {
        ctx.set_default("aws:ResourceAccount", vec![a.to_string()]);
    }
    ctx
}

/// Evaluates one request against every policy given, as AWS does.
pub fn evaluate(req: &Request, policies: &Policies<'_>) -> Evaluation {
    let setup = setup(req, policies);
    let ctx = with_derived_keys(req, setup.resource_account.as_deref());
    let req = &Request {
        context: ctx,
        ..req.clone()
    };
    let has_boundary = policies.boundary.is_some();
    let mut scan = Scan::default();
    if setup.scp_applies {
        for (level, list) in policies.scps.iter().enumerate() {
            for p in list {
                scan_policy(Layer::Scp, Some(level), p, req, has_boundary, &mut scan);
            }
        }
    }
    if setup.rcp_applies {
        for (level, list) in policies.rcps.iter().enumerate() {
            for p in list {
                scan_policy(Layer::Rcp, Some(level), p, req, has_boundary, &mut scan);
            }
        }
    }
    let singles = [
        (Layer::VpcEndpoint, &policies.vpc_endpoint),
        (Layer::ResourcePolicy, &policies.resource),
        (Layer::PermissionsBoundary, &policies.boundary),
        (Layer::SessionPolicy, &policies.session),
    ];
    for (layer, p) in singles {
        if let Some(p) = p {
            scan_policy(layer, None, p, req, has_boundary, &mut scan);
        }
    }
    for p in &policies.identity {
        scan_policy(Layer::Identity, None, p, req, has_boundary, &mut scan);
    }

    if policies.resource.is_none()
        && (setup.cross_account || setup.resource_required)
        && let Some(unread) = &policies.resource_unread
    {
        scan.unknown.push(unread.clone());
    }
    let optimistic = decide(req, policies, &setup, &scan.hits, true, |h| match h.tri {
        Tri::Yes => true,
        Tri::Maybe => h.reason.effect == Effect::Allow,
        Tri::No => false,
    });
    let pessimistic = decide(req, policies, &setup, &scan.hits, false, |h| match h.tri {
        Tri::Yes => true,
        Tri::Maybe => h.reason.effect == Effect::Deny,
        Tri::No => false,
    });
    let sorted = |mut v: Vec<String>| {
        let mut seen = BTreeSet::new();
        v.retain(|k| seen.insert(k.to_ascii_lowercase()));
        v.sort_by_key(|k| k.to_ascii_lowercase());
        v
    };
    let conditional = optimistic.decision != pessimistic.decision;
    // Both denied with the resource's policy unread: the optimistic run names the layer that
    // really denied (the pessimistic one stops at the unread policy first).
    let unread_matters = policies.resource.is_none()
        && policies.resource_unread.is_some()
        && (setup.cross_account || setup.resource_required);
    let chosen = if conditional || unread_matters {
        optimistic
    } else {
        pessimistic
    };
    let layers = report_layers(policies, &setup, &scan.hits);
    let mut notes = setup.notes;
    notes.extend(chosen.notes);
    Evaluation {
        decision: if conditional {
            Decision::Conditional
        } else {
            chosen.decision
        },
        reasons: chosen.reasons,
        denied_by: if conditional {
            None
        } else {
            chosen.denied_by.map(|d| d.0)
        },
        denied_at_level: if conditional {
            None
        } else {
            chosen.denied_by.and_then(|d| d.1)
        },
        missing_context_keys: sorted(scan.missing),
        depends_on: if conditional {
            sorted(scan.unknown)
        } else {
            Vec::new()
        },
        conditions_needed: if conditional {
            let mut needs = scan.needs;
            needs.dedup();
            needs
        } else {
            Vec::new()
        },
        layers,
        near_misses: scan.near,
        notes,
    }
}

/// What the caller's own policies (identity, boundary, session) say of one request, the
/// resource's side left to another check: doctor's permission checks. `context` is usually open,
/// so a condition on a key epi cannot know makes the answer `conditional`.
pub fn caller_side(
    principal: Principal,
    identity: &[&Value],
    action: &str,
    resource: &str,
    context: Context,
) -> Evaluation {
    let policies = Policies {
        identity: identity
            .iter()
            .enumerate()
            .map(|(i, d)| Named::new(format!("policy {i}"), d))
            .collect(),
        resource_checked_elsewhere: true,
        ..Policies::default()
    };
    let request = Request {
        principal,
        action: action.to_string(),
        resource: resource.to_string(),
        resource_account: None,
        context,
    };
    evaluate(&request, &policies)
}

struct Decided {
    decision: Decision,
    reasons: Vec<Reason>,
    denied_by: Option<(Layer, Option<usize>)>,
    notes: Vec<String>,
}

impl Decided {
    fn allowed(reasons: Vec<Reason>, notes: Vec<String>) -> Decided {
        Decided {
            decision: Decision::Allowed,
            reasons,
            denied_by: None,
            notes,
        }
    }
}

fn decide(
    req: &Request,
    policies: &Policies<'_>,
    setup: &Setup,
    hits: &[Hit],
    optimistic: bool,
    resolve: impl Fn(&Hit) -> bool,
) -> Decided {
    let applied: Vec<&Hit> = hits.iter().filter(|h| resolve(h)).collect();
    let allows = |layer: Layer| -> Vec<&Hit> {
        applied
            .iter()
            .copied()
            .filter(|h| h.reason.layer == layer && h.reason.effect == Effect::Allow)
            .collect()
    };
    let reasons_of = |hs: &[&Hit]| hs.iter().map(|h| h.reason.clone()).collect::<Vec<_>>();
    let deny =
        |layer: Layer, level: Option<usize>, reasons: Vec<Reason>, notes: Vec<String>| Decided {
            decision: Decision::ImplicitDeny,
            reasons,
            denied_by: Some((layer, level)),
            notes,
        };
    let p = &req.principal;

    if let Some(decided) = special_case(req) {
        return decided;
    }

    // 1. An explicit Deny in any policy wins [EL].
    let denies: Vec<&Hit> = applied
        .iter()
        .copied()
        .filter(|h| h.reason.effect == Effect::Deny)
        .collect();
    if let Some(first) = denies.first() {
        return Decided {
            decision: Decision::ExplicitDeny,
            reasons: reasons_of(&denies),
            denied_by: Some((first.reason.layer, first.reason.level)),
            notes: Vec::new(),
        };
    }
    let mut reasons = Vec::new();
    // 2. RCPs: RCPFullAWSAccess is attached at every level and cannot be detached, so each level
    //    allows; only a Deny (above) stops a request [RCPE].
    // 3. SCPs: every level, root first, must allow [SCPE].
    if setup.scp_applies {
        for level in 0..policies.scps.len() {
            let here: Vec<&Hit> = allows(Layer::Scp)
                .into_iter()
                .filter(|h| h.reason.level == Some(level))
                .collect();
            if here.is_empty() {
                return deny(Layer::Scp, Some(level), reasons, Vec::new());
            }
            reasons.extend(reasons_of(&here));
        }
    }
    // A VPC endpoint's policy must allow what passes through it.
    if policies.vpc_endpoint.is_some() {
        let here = allows(Layer::VpcEndpoint);
        if here.is_empty() {
            return deny(Layer::VpcEndpoint, None, reasons, Vec::new());
        }
        reasons.extend(reasons_of(&here));
    }
    // 4. The resource-based policy.
    let rbp = allows(Layer::ResourcePolicy);
    let mut grant = rbp.iter().filter_map(|h| h.grant).max();
    if grant.is_none() {
        grant = grant_without_policy(policies, setup, optimistic);
    }
    reasons.extend(reasons_of(&rbp));
    if !p.is_iam() {
        // Services and anonymous callers have no identity policies: only a resource policy can
        // allow them.
        if grant.is_none() {
            return deny(Layer::ResourcePolicy, None, reasons, Vec::new());
        }
        return Decided::allowed(reasons, Vec::new());
    }
    if (setup.cross_account || setup.resource_required) && grant.is_none() {
        return deny(
            Layer::ResourcePolicy,
            None,
            reasons,
            missing_resource_policy(policies, setup),
        );
    }
    // Same account: what the resource policy's Allow leaves to the other layers [EL][BND23].
    let (need_identity, need_limits) = match (setup.cross_account, grant) {
        (true, _) => (true, true),
        (false, Some(Grant::Direct)) => (false, false),
        (false, Some(Grant::Role)) => (false, true),
        (false, Some(Grant::Account) | None) => (true, true),
    };
    let mut notes = Vec::new();
    let root = matches!(p, Principal::Root { .. });
    let no_permission_needed = req.action.eq_ignore_ascii_case("sts:GetSessionToken")
        && matches!(p, Principal::User { .. } | Principal::Root { .. });
    if need_identity && !root && !policies.identity_checked_elsewhere {
        if no_permission_needed {
            notes.push(
                "sts:GetSessionToken needs no identity permission [IAM UG: GetSessionToken]".into(),
            );
        } else {
            let here = allows(Layer::Identity);
            if here.is_empty() {
                return deny(Layer::Identity, None, reasons, notes);
            }
            reasons.extend(reasons_of(&here));
        }
    }
    if root && need_identity {
        notes.push("the root user is allowed by default; it has no identity policies [IAM UG: evaluation logic]".into());
    }
    if need_limits && !root {
        for (layer, policy) in [
            (Layer::PermissionsBoundary, &policies.boundary),
            (Layer::SessionPolicy, &policies.session),
        ] {
            if policy.is_some() {
                let here = allows(layer);
                if here.is_empty() {
                    return deny(layer, None, reasons, notes);
                }
                reasons.extend(reasons_of(&here));
            }
        }
    } else if grant == Some(Grant::Direct)
        && (policies.boundary.is_some() || policies.session.is_some())
    {
        notes.push("the resource policy names this principal directly: in one account its permissions boundary and session policy do not limit that grant [IAM UG: evaluation logic]".into());
    }
    Decided::allowed(reasons, notes)
}

/// What the resource's side grants when no statement of its policy named the caller: the
/// account's delegation when that policy is checked elsewhere; and, for a policy that was not
/// read, at best a grant to the caller itself (the optimistic run) and at worst nothing, so the
/// two runs differ, and the answer is `conditional`, only where the request needs that policy.
fn grant_without_policy(policies: &Policies<'_>, setup: &Setup, optimistic: bool) -> Option<Grant> {
    if policies.resource_checked_elsewhere {
        return Some(Grant::Account);
    }
    (optimistic
        && policies.resource.is_none()
        && policies.resource_unread.is_some()
        && (setup.cross_account || setup.resource_required))
        .then_some(Grant::Direct)
}

/// Why a request that needs the resource's policy has none that allows it.
fn missing_resource_policy(policies: &Policies<'_>, setup: &Setup) -> Vec<String> {
    if let Some(unread) = &policies.resource_unread {
        vec![format!(
            "this request needs the {unread} to allow it, and it was not read: give it with --resource-policy, or credentials for its account"
        )]
    } else if policies.resource.is_none() {
        vec![if setup.resource_required {
            "this action needs the resource's own policy to allow it even in one account (a role's trust policy, a KMS key policy); none was given (--resource-policy)".to_string()
        } else {
            "a cross-account request needs the resource's policy to allow it; none was given (--resource-policy)".to_string()
        }]
    } else {
        Vec::new()
    }
}

/// The requests decided before any policy is read: sts:GetCallerIdentity, and the edits of
/// roles only AWS may change.
fn special_case(req: &Request) -> Option<Decided> {
    let p = &req.principal;
    // sts:GetCallerIdentity needs no permission and works even with an explicit Deny [GCI].
    if p.is_iam() && req.action.eq_ignore_ascii_case("sts:GetCallerIdentity") {
        return Some(Decided {
            decision: Decision::Allowed,
            reasons: Vec::new(),
            denied_by: None,
            notes: vec!["sts:GetCallerIdentity needs no permission and is allowed even when a policy denies it [STS API: GetCallerIdentity]".into()],
        });
    }
    let protected = |note: String| {
        Some(Decided {
            decision: Decision::ExplicitDeny,
            reasons: Vec::new(),
            denied_by: Some((Layer::Protected, None)),
            notes: vec![note],
        })
    };
    // Roles only their service (or IAM Identity Center) may edit [SLR23][DIS]. The description
    // is the exception: "you can edit the description of a service-linked role" (IAM UG
    // using-service-linked-roles.html#edit-service-linked-role), so iam:UpdateRoleDescription
    // is left to the policies.
    let service_linked = req.resource.contains(":role/aws-service-role/");
    let sso = req
        .resource
        .contains(":role/aws-reserved/sso.amazonaws.com/");
    let description_only = req.action.eq_ignore_ascii_case("iam:UpdateRoleDescription");
    if is_one_of(&req.action, ROLE_EDITS) && (sso || (service_linked && !description_only)) {
        return protected(format!(
            "{} is a role AWS manages (service-linked or IAM Identity Center): only its service can change it, whatever the policies say [IAM UG: service-linked roles]",
            req.resource
        ));
    }
    // AWS managed policies: readable by all, changed by AWS alone.
    if is_one_of(&req.action, POLICY_EDITS)
        && arn_account(&req.resource) == Some(AWS_PSEUDO_ACCOUNT)
    {
        return protected(format!(
            "{} is an AWS managed policy: only AWS can change it, whatever the policies say [IAM UG: AWS managed policies]",
            req.resource
        ));
    }
    // The alias prefix AWS reserves for its managed keys.
    if is_one_of(&req.action, KMS_ALIAS_EDITS)
        && req
            .resource
            .split_once(":alias/")
            .is_some_and(|(_, rest)| rest.starts_with("aws/"))
    {
        return protected(format!(
            "{} uses the prefix alias/aws/, which AWS reserves for AWS managed keys: no one can create, update or delete such an alias [KMS developer guide: aliases]",
            req.resource
        ));
    }
    None
}

fn report_layers(policies: &Policies<'_>, setup: &Setup, hits: &[Hit]) -> Vec<LayerReport> {
    let result = |layer: Layer, level: Option<usize>| {
        let mine: Vec<&Hit> = hits
            .iter()
            .filter(|h| h.reason.layer == layer && h.reason.level == level)
            .collect();
        let sure = |e: Effect| {
            mine.iter()
                .any(|h| h.reason.effect == e && h.tri == Tri::Yes)
        };
        if sure(Effect::Deny) {
            "deny"
        } else if mine.iter().any(|h| h.tri == Tri::Maybe) {
            "conditional"
        } else if sure(Effect::Allow) {
            "allow"
        } else {
            "noMatch"
        }
    };
    let mut out = Vec::new();
    let mut push = |layer, level, result: &'static str, note: Option<String>| {
        out.push(LayerReport {
            layer,
            level,
            result,
            note,
        })
    };
    for level in 0..policies.scps.len() {
        if setup.scp_applies {
            push(
                Layer::Scp,
                Some(level),
                result(Layer::Scp, Some(level)),
                None,
            );
        } else {
            push(Layer::Scp, Some(level), "notApplicable", None);
        }
    }
    for level in 0..policies.rcps.len() {
        if !setup.rcp_applies {
            push(Layer::Rcp, Some(level), "notApplicable", None);
            continue;
        }
        match result(Layer::Rcp, Some(level)) {
            "noMatch" | "allow" => push(
                Layer::Rcp,
                Some(level),
                "implicitAllow",
                Some("RCPFullAWSAccess".into()),
            ),
            r => push(Layer::Rcp, Some(level), r, None),
        }
    }
    for (layer, present) in [
        (Layer::VpcEndpoint, policies.vpc_endpoint.is_some()),
        (Layer::ResourcePolicy, policies.resource.is_some()),
        (Layer::Identity, !policies.identity.is_empty()),
        (Layer::PermissionsBoundary, policies.boundary.is_some()),
        (Layer::SessionPolicy, policies.session.is_some()),
    ] {
        if present {
            push(layer, None, result(layer, None), None);
        }
    }
    out
}
