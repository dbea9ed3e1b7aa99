//! Trust policies: the fixed Pod Identity trust policy (facts §3), optionally scoped with
//! `aws:RequestTag` conditions, and the trust policy of a cross-account target role.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::validate::{Arn, names};

use super::document::{PolicyDocument, Statement};
use super::eval::{self, Context, Decision, Effect, Named, Policies, Principal, Request};
use super::limits;
use super::string_values as values;
use super::tags::{self, PODS_PRINCIPAL};

pub const POD_IDENTITY_SID: &str = "AllowEksAuthToAssumeRoleForPodIdentity";
pub const TARGET_ROLE_SID: &str = "AllowPodIdentityAssociationRole";

/// Which pods may use the role: every value list is optional; several values of one kind are
/// alternatives, different kinds must all match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    pub namespaces: Vec<String>,
    pub service_accounts: Vec<String>,
    pub cluster_names: Vec<String>,
    pub cluster_arns: Vec<String>,
}

impl Scope {
    /// Checks every value; the first bad one is the error. Combinations that would trust more than
    /// was asked, or that could never match, are refused too.
    pub fn validate(&self) -> Result<()> {
        for ns in &self.namespaces {
            names::dns1123_label("namespace", ns)?;
        }
        let pairs = self.pairs()?;
        for sa in &self.service_accounts {
            if !sa.contains('/') {
                names::dns1123_subdomain("service account", sa)?;
            }
        }
        if pairs.is_empty()
            && dedup(&self.namespaces).len() > 1
            && dedup(&self.service_accounts).len() > 1
        {
            return Err(Error::invalid(
                "service accounts",
                self.service_accounts.join(", "),
                format!(
                    "with several namespaces ({}) they would be trusted in every namespace: {} combinations, not {} pairs",
                    self.namespaces.join(", "),
                    dedup(&self.namespaces).len() * dedup(&self.service_accounts).len(),
                    self.service_accounts.len().max(self.namespaces.len())
                ),
            )
            .with_hint(format!(
                "name each pair as NAMESPACE/SERVICE_ACCOUNT without --namespace, e.g. --service-account {}/{}; one statement is made per pair",
                self.namespaces[0], self.service_accounts[0]
            )));
        }
        for name in &self.cluster_names {
            names::cluster_name(name)?;
        }
        let mut arn_names = Vec::new();
        for arn in &self.cluster_arns {
            arn_names.push(Arn::cluster("cluster ARN", arn)?.cluster_name().to_string());
        }
        // Both keys must match at once: an ARN whose cluster is not among the names (or a name
        // no ARN has) can never match, and the role would trust less than it seems to.
        if !self.cluster_names.is_empty() && !self.cluster_arns.is_empty() {
            for (arn, name) in self.cluster_arns.iter().zip(&arn_names) {
                if !self.cluster_names.contains(name) {
                    return Err(Error::invalid(
                        "cluster ARN",
                        arn.as_str(),
                        format!(
                            "it names cluster {name:?}, which is not among --cluster-name {}: both must match, so this could never match",
                            self.cluster_names.join(", ")
                        ),
                    )
                    .with_hint("give the same clusters to --cluster-name and --cluster-arn, or only one of them"));
                }
            }
            for name in &self.cluster_names {
                if !arn_names.contains(name) {
                    return Err(Error::invalid(
                        "cluster name",
                        name.as_str(),
                        format!(
                            "no --cluster-arn names it ({}): both must match, so it could never match",
                            self.cluster_arns.join(", ")
                        ),
                    )
                    .with_hint("give the same clusters to --cluster-name and --cluster-arn, or only one of them"));
                }
            }
        }
        Ok(())
    }

    /// The `NAMESPACE/SERVICE_ACCOUNT` pairs given as service accounts (each trusted on its own).
    pub fn pairs(&self) -> Result<Vec<(String, String)>> {
        let qualified: Vec<&String> = self
            .service_accounts
            .iter()
            .filter(|s| s.contains('/'))
            .collect();
        if qualified.is_empty() {
            return Ok(Vec::new());
        }
        if qualified.len() != self.service_accounts.len() || !self.namespaces.is_empty() {
            return Err(Error::usage(
                "NAMESPACE/SERVICE_ACCOUNT pairs cannot be mixed with --namespace or with plain service account names",
                "give every service account as NAMESPACE/SERVICE_ACCOUNT, and no --namespace",
            ));
        }
        let mut pairs = Vec::new();
        for value in qualified {
            let (ns, sa) = value.split_once('/').expect("contains a slash");
            names::dns1123_label("namespace", ns)?;
            names::dns1123_subdomain("service account", sa)?;
            let pair = (ns.to_string(), sa.to_string());
            if !pairs.contains(&pair) {
                pairs.push(pair);
            }
        }
        Ok(pairs)
    }

    /// The statement, conditioned on the request tags: one per NAMESPACE/SERVICE_ACCOUNT pair
    /// when pairs were given (Sids numbered), else one.
    fn scoped_statements(&self, statement: Statement) -> Result<Vec<Statement>> {
        let pairs = self.pairs()?;
        if pairs.is_empty() {
            return Ok(vec![self.request_tag_conditions(statement)]);
        }
        Ok(pairs
            .into_iter()
            .enumerate()
            .map(|(i, (ns, sa))| {
                let mut st = statement.clone();
                if i > 0 {
                    st.sid = st.sid.map(|s| format!("{s}{}", i + 1));
                }
                Scope {
                    namespaces: vec![ns],
                    service_accounts: vec![sa],
                    ..self.clone()
                }
                .request_tag_conditions(st)
            })
            .collect())
    }

    /// `StringEquals` on the request tags EKS sets when it assumes the role.
    fn request_tag_conditions(&self, mut statement: Statement) -> Statement {
        let pairs = [
            (tags::CLUSTER_ARN, &self.cluster_arns),
            (tags::CLUSTER_NAME, &self.cluster_names),
            (tags::NAMESPACE, &self.namespaces),
            (tags::SERVICE_ACCOUNT, &self.service_accounts),
        ];
        for (tag, values) in pairs {
            statement = statement.with_condition(
                "StringEquals",
                &tags::request_tag_key(tag),
                dedup(values),
            );
        }
        statement
    }
}

fn dedup(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for v in values {
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    out
}

/// The trust policy of a role used by Pod Identity associations.
pub fn pod_identity(scope: &Scope) -> Result<PolicyDocument> {
    scope.validate()?;
    let statement = Statement {
        sid: Some(POD_IDENTITY_SID.to_string()),
        effect: "Allow",
        principal: Some(BTreeMap::from([("Service", PODS_PRINCIPAL.to_string())])),
        action: vec!["sts:AssumeRole".into(), "sts:TagSession".into()],
        resource: None,
        condition: None,
    };
    let doc = PolicyDocument::new(scope.scoped_statements(statement)?);
    check_trust_size(&doc)?;
    Ok(doc)
}

/// What a cross-account target role should trust.
#[derive(Clone, Debug)]
pub struct TargetRole {
    /// The association's role, in the cluster's account.
    pub source_role_arn: String,
    pub scope: Scope,
    /// false: the association has `disableSessionTags`, so EKS passes an external id instead of tags.
    pub session_tags: bool,
    /// The external id EKS returned for the association (`externalId`): required when given.
    pub external_id: Option<String>,
}

/// The trust policy of a target role (facts §3): the cluster account's root as principal, narrowed
/// to the association role with `ArnEquals aws:PrincipalARN`.
pub fn target_role(spec: &TargetRole) -> Result<PolicyDocument> {
    let source = Arn::role("source role ARN", &spec.source_role_arn)?;
    spec.scope.validate()?;
    for cluster in &spec.scope.cluster_arns {
        let cluster_arn = Arn::cluster("cluster ARN", cluster)?;
        if cluster_arn.partition != source.partition {
            return Err(Error::invalid(
                "cluster ARN",
                cluster.as_str(),
                format!(
                    "the cluster is in partition {:?} but the source role is in partition {:?}",
                    cluster_arn.partition, source.partition
                ),
            )
            .with_hint("the association's role is in the cluster's partition and account; give that role as --source-role-arn"));
        }
        if cluster_arn.account != source.account {
            return Err(Error::invalid(
                "cluster ARN",
                cluster.as_str(),
                format!("the cluster is in account {} but the source role is in account {}", cluster_arn.account, source.account),
            )
            .with_hint("the association's role must be in the cluster's account; give that role as --source-role-arn"));
        }
    }
    let root = format!("arn:{}:iam::{}:root", source.partition, source.account);
    let mut statement = Statement {
        sid: Some(TARGET_ROLE_SID.to_string()),
        effect: "Allow",
        principal: Some(BTreeMap::from([("AWS", root)])),
        action: vec!["sts:AssumeRole".into()],
        resource: None,
        condition: None,
    }
    .with_condition(
        "ArnEquals",
        "aws:PrincipalARN",
        vec![spec.source_role_arn.clone()],
    );

    if let Some(id) = &spec.external_id {
        if id.is_empty() || id.len() > 1224 || id.chars().any(|c| c.is_control()) {
            return Err(Error::invalid(
                "external id",
                id.as_str(),
                "an external id is 1 to 1224 printable characters",
            )
            .with_hint(
                "give the externalId that `epi association describe` shows for the association",
            ));
        }
        statement = statement.with_condition("StringEquals", "sts:ExternalId", vec![id.clone()]);
    }
    let statements = if spec.session_tags {
        statement.action.push("sts:TagSession".into());
        spec.scope.scoped_statements(statement)?
    } else if spec.external_id.is_some() {
        vec![statement]
    } else {
        vec![statement.with_condition("StringEquals", "sts:ExternalId", external_ids(&spec.scope)?)]
    };
    let doc = PolicyDocument::new(statements);
    check_trust_size(&doc)?;
    Ok(doc)
}

/// `REGION/ACCOUNT/CLUSTER/NAMESPACE/SERVICE_ACCOUNT` for every combination asked for.
fn external_ids(scope: &Scope) -> Result<Vec<String>> {
    let hint = "with --no-session-tags EKS passes the external id REGION/ACCOUNT/CLUSTER/NAMESPACE/SERVICE_ACCOUNT: give --cluster-arn, --namespace and --service-account";
    if !scope.cluster_names.is_empty() {
        return Err(Error::usage(
            "--cluster-name cannot be used with --no-session-tags: there are no session tags to match",
            hint,
        ));
    }
    let pairs = scope.pairs()?;
    if scope.cluster_arns.is_empty()
        || (pairs.is_empty() && (scope.namespaces.is_empty() || scope.service_accounts.is_empty()))
    {
        let mut missing = Vec::new();
        if scope.cluster_arns.is_empty() {
            missing.push("--cluster-arn");
        }
        if scope.namespaces.is_empty() {
            missing.push("--namespace");
        }
        if scope.service_accounts.is_empty() {
            missing.push("--service-account");
        }
        return Err(Error::usage(
            format!("--no-session-tags needs {}", missing.join(", ")),
            hint,
        ));
    }
    let pairs = if pairs.is_empty() {
        let mut all = Vec::new();
        for ns in dedup(&scope.namespaces) {
            for sa in dedup(&scope.service_accounts) {
                all.push((ns.clone(), sa));
            }
        }
        all
    } else {
        pairs
    };
    let mut ids = Vec::new();
    for cluster in dedup(&scope.cluster_arns) {
        let arn = Arn::cluster("cluster ARN", &cluster)?;
        for (ns, sa) in &pairs {
            ids.push(format!(
                "{}/{}/{}/{ns}/{sa}",
                arn.region,
                arn.account,
                arn.cluster_name()
            ));
        }
    }
    Ok(ids)
}

fn check_trust_size(doc: &PolicyDocument) -> Result<()> {
    let size = limits::iam_size(doc);
    if size > limits::TRUST_MAX {
        return Err(Error::TooLarge {
            what: "trust policy",
            size,
            limit: limits::TRUST_MAX,
            limit_name: "role trust policies (the most a quota increase allows)",
            hint: Some(
                "scope it with fewer values, or split the workloads over several roles".into(),
            ),
        });
    }
    Ok(())
}

/// A warning when a trust policy is over IAM's default limit but within the raisable maximum.
pub fn size_warning(doc: &PolicyDocument) -> Option<String> {
    let size = limits::iam_size(doc);
    (size > limits::TRUST_DEFAULT).then(|| {
        format!(
            "the trust policy is {size} characters, over IAM's default {}-character limit for role trust policies; \
             it fits only after a Service Quotas increase (up to {})",
            limits::TRUST_DEFAULT,
            limits::TRUST_MAX
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fixed_policy_is_exact() {
        let doc = pod_identity(&Scope::default()).unwrap();
        assert_eq!(
            serde_json::to_value(&doc).unwrap(),
            json!({"Version":"2012-10-17","Statement":[{"Sid":"AllowEksAuthToAssumeRoleForPodIdentity","Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]})
        );
    }

    #[test]
    fn scoped_policy_has_request_tag_conditions() {
        let scope = Scope {
            namespaces: vec!["team-a".into(), "team-a".into(), "team-b".into()],
            service_accounts: vec!["app".into()],
            cluster_names: vec!["prod".into()],
            cluster_arns: vec!["arn:aws:eks:us-east-1:111122223333:cluster/prod".into()],
        };
        let doc = serde_json::to_value(pod_identity(&scope).unwrap()).unwrap();
        let cond = &doc["Statement"][0]["Condition"]["StringEquals"];
        assert_eq!(
            cond["aws:RequestTag/kubernetes-namespace"],
            json!(["team-a", "team-b"])
        );
        assert_eq!(
            cond["aws:RequestTag/kubernetes-service-account"],
            json!(["app"])
        );
        assert_eq!(cond["aws:RequestTag/eks-cluster-name"], json!(["prod"]));
        assert_eq!(
            cond["aws:RequestTag/eks-cluster-arn"],
            json!(["arn:aws:eks:us-east-1:111122223333:cluster/prod"])
        );
    }

    #[test]
    fn bad_scope_values_are_rejected() {
        let scope = Scope {
            namespaces: vec!["Team_A".into()],
            ..Scope::default()
        };
        assert!(
            pod_identity(&scope)
                .unwrap_err()
                .to_string()
                .contains("Team_A")
        );
    }

    #[test]
    fn target_role_with_tags() {
        let spec = TargetRole {
            source_role_arn: "arn:aws:iam::111122223333:role/app".into(),
            scope: Scope {
                namespaces: vec!["team-a".into()],
                ..Scope::default()
            },
            session_tags: true,
            external_id: None,
        };
        let doc = serde_json::to_value(target_role(&spec).unwrap()).unwrap();
        let st = &doc["Statement"][0];
        assert_eq!(
            st["Principal"],
            json!({"AWS": "arn:aws:iam::111122223333:root"})
        );
        assert_eq!(st["Action"], json!(["sts:AssumeRole", "sts:TagSession"]));
        assert_eq!(
            st["Condition"]["ArnEquals"]["aws:PrincipalARN"],
            json!(["arn:aws:iam::111122223333:role/app"])
        );
        assert_eq!(
            st["Condition"]["StringEquals"]["aws:RequestTag/kubernetes-namespace"],
            json!(["team-a"])
        );
    }

    #[test]
    fn target_role_with_external_id() {
        let spec = TargetRole {
            source_role_arn: "arn:aws:iam::111122223333:role/app".into(),
            scope: Scope {
                namespaces: vec!["ns".into()],
                service_accounts: vec!["sa".into()],
                cluster_arns: vec!["arn:aws:eks:eu-west-1:111122223333:cluster/c1".into()],
                ..Scope::default()
            },
            session_tags: false,
            external_id: None,
        };
        let doc = serde_json::to_value(target_role(&spec).unwrap()).unwrap();
        let st = &doc["Statement"][0];
        assert_eq!(st["Action"], json!(["sts:AssumeRole"]));
        assert_eq!(
            st["Condition"]["StringEquals"]["sts:ExternalId"],
            json!(["eu-west-1/111122223333/c1/ns/sa"])
        );
    }

    #[test]
    fn external_id_needs_every_part() {
        let spec = TargetRole {
            source_role_arn: "arn:aws:iam::111122223333:role/app".into(),
            scope: Scope {
                namespaces: vec!["ns".into()],
                ..Scope::default()
            },
            session_tags: false,
            external_id: None,
        };
        let err = target_role(&spec).unwrap_err().to_string();
        assert!(
            err.contains("--cluster-arn") && err.contains("--service-account"),
            "{err}"
        );
    }

    #[test]
    fn cluster_in_other_account_is_rejected() {
        let spec = TargetRole {
            source_role_arn: "arn:aws:iam::111122223333:role/app".into(),
            scope: Scope {
                cluster_arns: vec!["arn:aws:eks:eu-west-1:444455556666:cluster/c1".into()],
                ..Scope::default()
            },
            session_tags: true,
            external_id: None,
        };
        assert!(target_role(&spec).is_err());
    }

    #[test]
    fn sizes() {
        let many: Vec<String> = (0..150).map(|i| format!("namespace-number-{i}")).collect();
        let doc = pod_identity(&Scope {
            namespaces: many,
            ..Scope::default()
        })
        .unwrap();
        assert!(size_warning(&doc).is_some());
        let too_many: Vec<String> = (0..300).map(|i| format!("namespace-number-{i}")).collect();
        let err = pod_identity(&Scope {
            namespaces: too_many,
            ..Scope::default()
        })
        .unwrap_err();
        assert!(err.to_string().contains("4096"));
        assert!(size_warning(&pod_identity(&Scope::default()).unwrap()).is_none());
    }
}

/// What EKS asks for when it assumes a role for a pod (facts §3).
#[derive(Clone, Debug)]
pub struct PodIdentityRequest<'a> {
    pub cluster_name: &'a str,
    pub cluster_arn: &'a str,
    pub namespace: &'a str,
    pub service_account: &'a str,
    /// false when the association has `disableSessionTags`: no `sts:TagSession`, no request tags.
    pub session_tags: bool,
}

impl PodIdentityRequest<'_> {
    pub fn actions(&self) -> &'static [&'static str] {
        if self.session_tags {
            &["sts:AssumeRole", "sts:TagSession"]
        } else {
            &["sts:AssumeRole"]
        }
    }

    /// The request context of EKS's call (facts §3): the session tags as request tags, the pod's
    /// name and uid unknown (they differ per pod), and no request tags at all when the
    /// association disables session tags. Every other key is unknown: epi does not guess.
    pub fn context(&self) -> Context {
        let mut ctx = Context::open();
        if self.session_tags {
            for (tag, value) in [
                (tags::CLUSTER_ARN, self.cluster_arn),
                (tags::CLUSTER_NAME, self.cluster_name),
                (tags::NAMESPACE, self.namespace),
                (tags::SERVICE_ACCOUNT, self.service_account),
            ] {
                ctx.insert(&tags::request_tag_key(tag), value);
            }
            ctx.set(
                "aws:TagKeys",
                tags::SESSION_TAGS.iter().map(|t| t.to_string()).collect(),
            );
        } else {
            ctx.mark_absent("aws:RequestTag/");
            ctx.mark_absent("aws:TagKeys");
        }
        ctx
    }
}

/// Whether a trust policy lets EKS Pod Identity assume the role for a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Admits,
    /// It does not; the reason says what is missing.
    Refuses(String),
    /// A statement would admit it only under conditions epi cannot evaluate.
    Unsure(String),
}

/// Checks a (decoded) trust policy against a Pod Identity request, through the one evaluator:
/// every action EKS asks for must be allowed, and no Deny may cover one.
pub fn admits(policy: &serde_json::Value, req: &PodIdentityRequest<'_>) -> Verdict {
    let mut ctx = req.context();
    // A service principal carries no principal tags.
    ctx.mark_absent("aws:PrincipalTag/");
    trust_verdict(
        policy,
        req,
        &Principal::Service(PODS_PRINCIPAL.to_string()),
        PODS_PRINCIPAL,
        ctx,
    )
}

/// Checks the trust policy of an association's target role (facts §3): it must let the
/// association role (in the cluster's account) assume it with the actions EKS uses, under its
/// conditions (`aws:PrincipalARN`, `aws:PrincipalAccount`, the request tags, or `sts:ExternalId`
/// when session tags are disabled).
pub fn target_admits(
    policy: &serde_json::Value,
    req: &PodIdentityRequest<'_>,
    source_role_arn: &str,
    external_id: Option<&str>,
) -> Verdict {
    let principal = match Principal::parse(source_role_arn) {
        Ok(p @ Principal::Role { .. }) => p,
        _ => {
            return Verdict::Refuses(format!(
                "{source_role_arn:?} is not an IAM role ARN, so no trust policy can name it"
            ));
        }
    };
    // The external id is the caller's to decide (one rule: `AssociationFacts::
    // effective_external_id`); whatever it is, it is what EKS passes, with or without tags.
    let mut ctx = req.context();
    if let Some(id) = external_id {
        ctx.insert("sts:ExternalId", id);
    }
    trust_verdict(
        policy,
        req,
        &principal,
        &format!("role {source_role_arn}"),
        ctx,
    )
}

fn trust_verdict(
    policy: &serde_json::Value,
    req: &PodIdentityRequest<'_>,
    principal: &Principal,
    caller: &str,
    context: Context,
) -> Verdict {
    let policies = Policies {
        resource: Some(Named::new("trust policy", policy)),
        // Only the trust is asked about; the caller's own permissions are checked elsewhere.
        identity_checked_elsewhere: true,
        ..Policies::default()
    };
    let mut missing = Vec::new();
    let mut unsure = Vec::new();
    let mut why = None;
    for action in req.actions() {
        let request = Request {
            principal: principal.clone(),
            action: action.to_string(),
            resource: "*".into(),
            resource_account: principal.account().map(str::to_string),
            context: context.clone(),
        };
        let e = eval::evaluate(&request, &policies);
        match e.decision {
            Decision::Allowed => continue,
            Decision::ExplicitDeny => {
                return Verdict::Refuses(format!("a Deny statement for {caller} covers {action}"));
            }
            Decision::Conditional => unsure.push(e.depends_on.join(", ")),
            Decision::ImplicitDeny => {
                let request_tag = e
                    .missing_context_keys
                    .iter()
                    .find(|k| k.to_ascii_lowercase().starts_with("aws:requesttag/"));
                why = why.or(match request_tag {
                    Some(key) if !req.session_tags => Some(format!(
                        "it requires the request tag {key}, but session tags are disabled so EKS sends none"
                    )),
                    _ => e
                        .near_misses
                        .iter()
                        .find(|m| m.effect == Effect::Allow)
                        .map(|m| format!("the statement allowing {action} does not apply: {}", m.why)),
                });
            }
        }
        missing.push(*action);
    }
    if missing.is_empty() {
        return Verdict::Admits;
    }
    if unsure.len() == missing.len() {
        return Verdict::Unsure(format!(
            "it allows {} only under conditions epi cannot check (on {})",
            missing.join(" and "),
            unsure.join("; ")
        ));
    }
    let mut reason = format!(
        "it does not let {caller} do {} for {}/{}",
        missing.join(" and "),
        req.namespace,
        req.service_account
    );
    if let Some(why) = why {
        reason.push_str(&format!(": {why}"));
    }
    Verdict::Refuses(reason)
}

/// The trust policy with a Pod Identity statement added for the request, every other statement
/// kept as it was. With session tags the statement is scoped to the namespace and service account,
/// so adding it widens the role only to what was asked.
pub fn with_pod_identity_statement(
    policy: &serde_json::Value,
    req: &PodIdentityRequest<'_>,
) -> serde_json::Value {
    if req.session_tags
        && let Some(merged) =
            with_service_account_added(policy, req.namespace, req.service_account, None)
    {
        return merged;
    }
    let scope = if req.session_tags {
        Scope {
            namespaces: vec![req.namespace.into()],
            service_accounts: vec![req.service_account.into()],
            ..Scope::default()
        }
    } else {
        Scope::default()
    };
    with_scoped_statement(policy, &scope, req.actions())
}

/// The trust policy with a Pod Identity statement for the request that is also scoped to the
/// request's cluster (`aws:RequestTag/eks-cluster-arn`), as epi writes for a stack's files (#32):
/// the same namespace and service account in another cluster of the account cannot use the role.
/// Service accounts of one namespace and cluster share one statement.
pub fn with_cluster_pod_identity_statement(
    policy: &serde_json::Value,
    req: &PodIdentityRequest<'_>,
) -> serde_json::Value {
    let clusters = [req.cluster_arn.to_string()];
    if let Some(merged) =
        with_service_account_added(policy, req.namespace, req.service_account, Some(&clusters))
    {
        return merged;
    }
    let scope = Scope {
        namespaces: vec![req.namespace.into()],
        service_accounts: vec![req.service_account.into()],
        cluster_arns: clusters.to_vec(),
        ..Scope::default()
    };
    with_scoped_statement(policy, &scope, &["sts:AssumeRole", "sts:TagSession"])
}

/// The trust policy without the statements epi wrote for a namespace that are not scoped to
/// clusters (what a stack's files no longer write): what the rest of the policy admits.
pub fn without_cluster_less_statements(policy: &serde_json::Value) -> serde_json::Value {
    let mut doc = policy.clone();
    if let Some(items) = policy.get("Statement") {
        let kept: Vec<serde_json::Value> = super::statements(policy)
            .into_iter()
            .filter(|st| {
                !is_epi_namespace_statement(st)
                    || super::undo::pod_identity_namespace_in(st)
                        .is_some_and(|(_, _, c)| c.is_some())
            })
            .cloned()
            .collect();
        if !items.is_null() {
            doc["Statement"] = serde_json::Value::Array(kept);
        }
    }
    doc
}

/// The (namespace, service account) pairs of the statements epi wrote that are not scoped to
/// clusters.
pub fn cluster_less_pairs(policy: &serde_json::Value) -> Vec<(String, String)> {
    super::statements(policy)
        .into_iter()
        .filter(|st| is_epi_namespace_statement(st))
        .filter_map(super::undo::pod_identity_namespace_in)
        .filter(|(_, _, clusters)| clusters.is_none())
        .flat_map(|(ns, sas, _)| sas.into_iter().map(move |sa| (ns.clone(), sa)))
        .collect()
}

/// The trust policy with the service account added to the statement epi wrote for its namespace
/// (AssumeRole and TagSession, scoped to that one namespace and to exactly `clusters`, or to no
/// cluster), so that many service accounts of a namespace share one statement and the policy
/// grows slowly. None when there is no such statement.
fn with_service_account_added(
    policy: &serde_json::Value,
    namespace: &str,
    service_account: &str,
    clusters: Option<&[String]>,
) -> Option<serde_json::Value> {
    let items = policy.get("Statement")?.as_array()?;
    let index = items.iter().position(|st| {
        let both = {
            let mut actions: Vec<&str> = st.get("Action").map(values).unwrap_or_default();
            actions.sort_unstable();
            actions == ["sts:AssumeRole", "sts:TagSession"]
        };
        both && super::undo::pod_identity_namespace_in(st)
            .is_some_and(|(ns, _, c)| ns == namespace && c.as_deref() == clusters)
    })?;
    let mut doc = policy.clone();
    let st = &mut doc["Statement"][index];
    let (_, mut accounts) = super::undo::pod_identity_namespace(st)?;
    if !accounts.iter().any(|a| a == service_account) {
        accounts.push(service_account.to_string());
    }
    st["Condition"]["StringEquals"][tags::request_tag_key(tags::SERVICE_ACCOUNT)] =
        serde_json::json!(accounts);
    Some(doc)
}

/// Whether a statement is one epi writes for a namespace: its Sid (`POD_IDENTITY_SID`, maybe
/// numbered), AssumeRole and TagSession, scoped to one namespace and some service accounts.
fn is_epi_namespace_statement(st: &serde_json::Value) -> bool {
    let sid = st.get("Sid").and_then(|v| v.as_str()).unwrap_or_default();
    let numbered = sid
        .strip_prefix(POD_IDENTITY_SID)
        .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
    let mut actions: Vec<&str> = st.get("Action").map(values).unwrap_or_default();
    actions.sort_unstable();
    numbered
        && actions == ["sts:AssumeRole", "sts:TagSession"]
        && super::undo::pod_identity_namespace(st).is_some()
}

/// The principals an Allow of a trust policy admits besides `pods.eks.amazonaws.com`, in a
/// person's words (`Federated arn:…:oidc-provider/…`, `Service ec2.amazonaws.com`, `AWS
/// 111122223333`, `everyone`): whoever they are may assume the role, so a role whose trust names
/// one is in use beyond Pod Identity as far as epi can tell.
pub fn other_principals(policy: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |p: String| {
        if !out.contains(&p) {
            out.push(p);
        }
    };
    for st in super::statements(policy) {
        if st.get("Effect").and_then(serde_json::Value::as_str) != Some("Allow") {
            continue;
        }
        match st.get("Principal") {
            Some(serde_json::Value::String(s)) if s == "*" => push("everyone".into()),
            Some(serde_json::Value::Object(map)) => {
                for (kind, values) in map {
                    for v in super::string_values(values) {
                        if kind == "Service" && v.eq_ignore_ascii_case(PODS_PRINCIPAL) {
                            continue;
                        }
                        push(if v == "*" {
                            "everyone".to_string()
                        } else {
                            format!("{kind} {v}")
                        });
                    }
                }
            }
            _ => {}
        }
        if st.get("NotPrincipal").is_some() {
            push("everyone but the NotPrincipal".into());
        }
    }
    out
}

/// Whether a statement lets Pod Identity assume the role with no condition (any association, in
/// any cluster of the account, session tags or not), and names no other principal: what
/// `--allow-unscoped-trust` and `trust: {unscoped: true}` write.
pub fn is_unscoped_pod_identity_statement(st: &serde_json::Value) -> bool {
    let only_pods = st
        .get("Principal")
        .and_then(serde_json::Value::as_object)
        .is_some_and(|p| {
            p.len() == 1
                && p.get("Service").is_some_and(|s| {
                    let v = super::string_values(s);
                    v.len() == 1 && v[0].eq_ignore_ascii_case(PODS_PRINCIPAL)
                })
        });
    let actions: Vec<&str> = st.get("Action").map(values).unwrap_or_default();
    st.get("Effect").and_then(serde_json::Value::as_str) == Some("Allow")
        && only_pods
        && st.get("Condition").is_none()
        && actions.contains(&"sts:AssumeRole")
        && actions
            .iter()
            .all(|a| matches!(*a, "sts:AssumeRole" | "sts:TagSession"))
}

/// Whether a statement lets Pod Identity assume the role only under a request-tag condition
/// (`aws:RequestTag/…`, as `epi policy trust` and epi's files write).
pub fn is_scoped_pod_identity_statement(st: &serde_json::Value) -> bool {
    let pods = st
        .get("Principal")
        .and_then(|p| p.get("Service"))
        .is_some_and(|s| {
            super::string_values(s)
                .iter()
                .any(|v| v.eq_ignore_ascii_case(PODS_PRINCIPAL))
        });
    let tagged = st
        .get("Condition")
        .and_then(serde_json::Value::as_object)
        .is_some_and(|ops| {
            ops.values().any(|keys| {
                keys.as_object()
                    .is_some_and(|k| k.keys().any(|key| key.starts_with("aws:RequestTag/")))
            })
        });
    st.get("Effect").and_then(serde_json::Value::as_str) == Some("Allow") && pods && tagged
}

/// Whether the trust policy has an unscoped Pod Identity statement.
pub fn statements_unscoped(policy: &serde_json::Value) -> bool {
    super::statements(policy)
        .into_iter()
        .any(is_unscoped_pod_identity_statement)
}

/// The trust policy without its unscoped Pod Identity statements
/// ([`is_unscoped_pod_identity_statement`]); every other statement kept.
pub fn without_unscoped_pod_identity(policy: &serde_json::Value) -> serde_json::Value {
    let mut doc = policy.clone();
    if policy.get("Statement").is_some() {
        let kept: Vec<serde_json::Value> = super::statements(policy)
            .into_iter()
            .filter(|st| !is_unscoped_pod_identity_statement(st))
            .cloned()
            .collect();
        doc["Statement"] = serde_json::Value::Array(kept);
    }
    doc
}

/// The (namespace, service account) pairs of the Pod Identity statements epi wrote in a trust
/// policy (its Sid and its shape; see [`with_pod_identity_statement`]).
pub fn epi_pairs(policy: &serde_json::Value) -> Vec<(String, String)> {
    super::statements(policy)
        .into_iter()
        .filter(|st| is_epi_namespace_statement(st))
        .filter_map(super::undo::pod_identity_namespace)
        .flat_map(|(ns, sas)| sas.into_iter().map(move |sa| (ns.clone(), sa)))
        .collect()
}

/// The trust policy with the pairs taken out of the statements epi wrote for them (a statement
/// left with no service account goes); every other statement is kept as it is.
pub fn without_service_accounts(
    policy: &serde_json::Value,
    pairs: &[(String, String)],
) -> serde_json::Value {
    without_service_accounts_where(policy, pairs, |_| true)
}

/// [`without_service_accounts`], in the statements epi wrote without a cluster only.
pub fn without_cluster_less_service_accounts(
    policy: &serde_json::Value,
    pairs: &[(String, String)],
) -> serde_json::Value {
    without_service_accounts_where(policy, pairs, |st| {
        super::undo::pod_identity_namespace_in(st).is_some_and(|(_, _, c)| c.is_none())
    })
}

fn without_service_accounts_where(
    policy: &serde_json::Value,
    pairs: &[(String, String)],
    applies: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let Some(items) = policy.get("Statement") else {
        return policy.clone();
    };
    let items: Vec<serde_json::Value> = match items {
        serde_json::Value::Array(a) => a.clone(),
        v @ serde_json::Value::Object(_) => vec![v.clone()],
        _ => return policy.clone(),
    };
    let mut out = Vec::new();
    for st in items {
        let Some((ns, sas)) = (is_epi_namespace_statement(&st) && applies(&st))
            .then(|| super::undo::pod_identity_namespace(&st))
            .flatten()
        else {
            out.push(st);
            continue;
        };
        let left: Vec<String> = sas
            .iter()
            .filter(|sa| !pairs.contains(&(ns.clone(), (*sa).clone())))
            .cloned()
            .collect();
        if left.len() == sas.len() {
            out.push(st);
        } else if !left.is_empty() {
            let mut kept = st.clone();
            kept["Condition"]["StringEquals"][tags::request_tag_key(tags::SERVICE_ACCOUNT)] =
                if left.len() == 1 {
                    serde_json::json!(left[0])
                } else {
                    serde_json::json!(left)
                };
            out.push(kept);
        }
    }
    let mut doc = policy.clone();
    doc["Statement"] = serde_json::Value::Array(out);
    doc
}

/// The trust policy with a Pod Identity statement for a scope (e.g. only service account names,
/// for an add-on whose namespace EKS chooses) added, every other statement kept.
pub fn with_scoped_statement(
    policy: &serde_json::Value,
    scope: &Scope,
    actions: &[&str],
) -> serde_json::Value {
    let mut doc = policy.clone();
    if !doc.is_object() {
        doc = serde_json::json!({});
    }
    let existing: Vec<serde_json::Value> = match doc.get("Statement") {
        Some(serde_json::Value::Array(items)) => items.clone(),
        Some(v @ serde_json::Value::Object(_)) => vec![v.clone()],
        _ => Vec::new(),
    };
    let sids: Vec<&str> = existing
        .iter()
        .filter_map(|s| s.get("Sid").and_then(|v| v.as_str()))
        .collect();
    let sid = (1..)
        .map(|n| {
            if n == 1 {
                POD_IDENTITY_SID.to_string()
            } else {
                format!("{POD_IDENTITY_SID}{n}")
            }
        })
        .find(|s| !sids.contains(&s.as_str()))
        .expect("a free Sid");
    let mut statement = Statement {
        sid: Some(sid),
        effect: "Allow",
        principal: Some(BTreeMap::from([("Service", PODS_PRINCIPAL.to_string())])),
        action: actions.iter().map(|a| a.to_string()).collect(),
        resource: None,
        condition: None,
    };
    statement = scope.request_tag_conditions(statement);
    let mut statements = existing;
    statements.push(serde_json::to_value(statement).expect("serialisable"));
    let obj = doc.as_object_mut().expect("an object");
    if !obj.contains_key("Version") {
        obj.insert(
            "Version".into(),
            serde_json::Value::String(super::document::VERSION.into()),
        );
    }
    obj.insert("Statement".into(), serde_json::Value::Array(statements));
    doc
}

/// The trust policy with the statements of `addition` appended, every existing statement kept;
/// an added Sid that is taken gets a number.
pub fn with_statements(
    policy: &serde_json::Value,
    addition: &serde_json::Value,
) -> serde_json::Value {
    let mut doc = policy.clone();
    if !doc.is_object() {
        doc = serde_json::json!({});
    }
    let mut statements: Vec<serde_json::Value> = match doc.get("Statement") {
        Some(serde_json::Value::Array(items)) => items.clone(),
        Some(v @ serde_json::Value::Object(_)) => vec![v.clone()],
        _ => Vec::new(),
    };
    for mut st in super::statements(addition).into_iter().cloned() {
        if let Some(sid) = st.get("Sid").and_then(|v| v.as_str()).map(str::to_string) {
            let taken = |s: &str| {
                statements
                    .iter()
                    .any(|x| x.get("Sid").and_then(|v| v.as_str()) == Some(s))
            };
            let mut n = 2;
            let mut free = sid.clone();
            while taken(&free) {
                free = format!("{sid}{n}");
                n += 1;
            }
            st["Sid"] = serde_json::Value::String(free);
        }
        statements.push(st);
    }
    let obj = doc.as_object_mut().expect("an object");
    obj.entry("Version")
        .or_insert_with(|| serde_json::Value::String(super::document::VERSION.into()));
    obj.insert("Statement".into(), serde_json::Value::Array(statements));
    doc
}

#[cfg(test)]
mod admit_tests {
    use super::*;
    use serde_json::json;

    fn req(ns: &'static str, sa: &'static str) -> PodIdentityRequest<'static> {
        PodIdentityRequest {
            cluster_name: "prod",
            cluster_arn: "arn:aws:eks:us-east-1:111122223333:cluster/prod",
            namespace: ns,
            service_account: sa,
            session_tags: true,
        }
    }

    #[test]
    fn fixed_policy_admits() {
        let v = serde_json::to_value(pod_identity(&Scope::default()).unwrap()).unwrap();
        assert_eq!(admits(&v, &req("a", "b")), Verdict::Admits);
    }

    #[test]
    fn missing_tag_session_refuses_unless_tags_disabled() {
        let v = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":"sts:AssumeRole"}]});
        assert!(
            matches!(admits(&v, &req("a", "b")), Verdict::Refuses(r) if r.contains("sts:TagSession"))
        );
        let no_tags = PodIdentityRequest {
            session_tags: false,
            ..req("a", "b")
        };
        assert_eq!(admits(&v, &no_tags), Verdict::Admits);
    }

    #[test]
    fn scoped_policy_admits_only_its_service_accounts() {
        let v = serde_json::to_value(
            pod_identity(&Scope {
                namespaces: vec!["a".into()],
                service_accounts: vec!["b".into()],
                ..Scope::default()
            })
            .unwrap(),
        )
        .unwrap();
        assert_eq!(admits(&v, &req("a", "b")), Verdict::Admits);
        assert!(matches!(admits(&v, &req("a", "c")), Verdict::Refuses(r) if r.contains("\"c\"")));
        let no_tags = PodIdentityRequest {
            session_tags: false,
            ..req("a", "b")
        };
        assert!(matches!(admits(&v, &no_tags), Verdict::Refuses(_)));
    }

    #[test]
    fn string_like_and_unknown_conditions() {
        let v = json!({"Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringLike":{"aws:RequestTag/kubernetes-namespace":"team-*"}}}]});
        assert_eq!(admits(&v, &req("team-a", "x")), Verdict::Admits);
        assert!(matches!(
            admits(&v, &req("other", "x")),
            Verdict::Refuses(_)
        ));
        let v = json!({"Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}]});
        assert!(matches!(admits(&v, &req("a", "b")), Verdict::Unsure(_)));
    }

    #[test]
    fn deny_wins_and_irsa_only_refuses() {
        let v = json!({"Statement":[
            {"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]},
            {"Effect":"Deny","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":"sts:AssumeRole"}]});
        assert!(matches!(admits(&v, &req("a", "b")), Verdict::Refuses(r) if r.contains("Deny")));
        let irsa = json!({"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/x"},"Action":"sts:AssumeRoleWithWebIdentity"}]});
        assert!(matches!(admits(&irsa, &req("a", "b")), Verdict::Refuses(_)));
    }

    #[test]
    fn fix_keeps_other_statements_and_scopes_the_new_one() {
        let irsa = json!({"Version":"2012-10-17","Statement":[{"Sid":"Irsa","Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/x"},"Action":"sts:AssumeRoleWithWebIdentity"}]});
        let fixed = with_pod_identity_statement(&irsa, &req("a", "b"));
        assert_eq!(fixed["Statement"][0], irsa["Statement"][0]);
        assert_eq!(
            fixed["Statement"][1]["Condition"]["StringEquals"]["aws:RequestTag/kubernetes-namespace"],
            json!(["a"])
        );
        assert_eq!(admits(&fixed, &req("a", "b")), Verdict::Admits);
        assert!(matches!(
            admits(&fixed, &req("a", "other")),
            Verdict::Refuses(_)
        ));
        // Behaviour change (#10): another service account of the same namespace joins the
        // statement (both listed), so the policy grows slowly; another namespace gets its own Sid.
        let twice = with_pod_identity_statement(&fixed, &req("a", "other"));
        assert_eq!(twice["Statement"].as_array().unwrap().len(), 2);
        assert_eq!(
            twice["Statement"][1]["Condition"]["StringEquals"]["aws:RequestTag/kubernetes-service-account"],
            json!(["b", "other"])
        );
        assert_eq!(admits(&twice, &req("a", "other")), Verdict::Admits);
        assert_eq!(admits(&twice, &req("a", "b")), Verdict::Admits);
        assert!(matches!(
            admits(&twice, &req("c", "b")),
            Verdict::Refuses(_)
        ));
        let elsewhere = with_pod_identity_statement(&twice, &req("c", "b"));
        assert_eq!(
            elsewhere["Statement"][2]["Sid"],
            "AllowEksAuthToAssumeRoleForPodIdentity2"
        );
        assert_eq!(admits(&elsewhere, &req("c", "b")), Verdict::Admits);
        // Adding one that is already listed changes nothing.
        assert_eq!(
            with_pod_identity_statement(&twice, &req("a", "other")),
            twice
        );
    }

    #[test]
    fn target_role_trust_admits_the_association_role_only() {
        let source = "arn:aws:iam::111122223333:role/app";
        let generated = |session_tags| {
            serde_json::to_value(
                target_role(&TargetRole {
                    source_role_arn: source.into(),
                    scope: Scope::default(),
                    session_tags,
                    external_id: None,
                })
                .unwrap(),
            )
            .unwrap()
        };
        assert_eq!(
            target_admits(&generated(true), &req("a", "b"), source, None),
            Verdict::Admits
        );
        let other = "arn:aws:iam::111122223333:role/other";
        assert!(matches!(
            target_admits(&generated(true), &req("a", "b"), other, None),
            Verdict::Refuses(r) if r.contains("role/other")
        ));
        // a trust of another account's root does not admit
        let foreign = json!({"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":["sts:AssumeRole","sts:TagSession"]}]});
        assert!(matches!(
            target_admits(&foreign, &req("a", "b"), source, None),
            Verdict::Refuses(_)
        ));
        // without TagSession, session tags fail but the disabled form works
        let no_tag = json!({"Statement":[{"Effect":"Allow","Principal":{"AWS":source},"Action":"sts:AssumeRole"}]});
        assert!(matches!(
            target_admits(&no_tag, &req("a", "b"), source, None),
            Verdict::Refuses(r) if r.contains("sts:TagSession")
        ));
        let disabled = PodIdentityRequest {
            session_tags: false,
            ..req("a", "b")
        };
        assert_eq!(
            target_admits(&no_tag, &disabled, source, None),
            Verdict::Admits
        );
        let external = json!({"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"us-east-1/111122223333/prod/a/b"}}}]});
        assert_eq!(
            target_admits(
                &external,
                &disabled,
                source,
                Some("us-east-1/111122223333/prod/a/b")
            ),
            Verdict::Admits
        );
        assert!(matches!(
            target_admits(
                &external,
                &disabled,
                source,
                Some("us-east-1/111122223333/prod/a/c")
            ),
            Verdict::Refuses(_)
        ));
    }

    /// Issue #32 items 2 and 4: the principals besides Pod Identity a trust admits, so prune
    /// keeps a role IRSA pods, a service, another account (a target role's source role) or anyone
    /// may assume.
    #[test]
    fn other_principals_are_everyone_but_pod_identity() {
        let trust = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]},
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/source"}, "Action": "sts:AssumeRole"},
            {"Effect": "Allow", "Principal": {"Service": ["ec2.amazonaws.com", "pods.eks.amazonaws.com"]}, "Action": "sts:AssumeRole"},
            {"Effect": "Deny", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}]});
        assert_eq!(
            other_principals(&trust),
            vec![
                "AWS arn:aws:iam::444455556666:role/source".to_string(),
                "Service ec2.amazonaws.com".to_string()
            ]
        );
        let pods_only = json!({"Statement": [{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]});
        assert!(other_principals(&pods_only).is_empty());
        let anyone = json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]});
        assert_eq!(other_principals(&anyone), vec!["everyone".to_string()]);
    }
}
