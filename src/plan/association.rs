//! The planners of `epi association create|update|delete` (pure): from the association asked for
//! and what was read (the role, the association that exists, the target role's trust), the
//! changes the runner carries out — the same ones a dry run shows.

use std::collections::BTreeMap;

use crate::aws::eks::{Association, ClusterInfo, NewAssociation};
use crate::aws::iam::RoleInfo;
use crate::error::Error;
use crate::policy::abac::{self, Location, Template};
use crate::policy::trust::{self, PodIdentityRequest, Verdict};
use crate::validate::RoleArn;

use super::{AssociationFields, Change, TrustAddition, TrustGrant};

/// The inline policy that lets a created role assume the `--target-role-arn`.
pub const TARGET_ROLE_POLICY: &str = "epi-assume-target-role";

/// The role `--create-role` makes.
#[derive(Clone, Debug)]
pub struct RolePlan {
    pub name: String,
    pub path: Option<String>,
    pub boundary: Option<String>,
    pub attach: Vec<String>,
    /// The ABAC policy's name and template.
    pub abac: Option<(String, Template)>,
    /// `--well-known-policy` names, rendered for the cluster when the role is created.
    pub well_known: Vec<String>,
    /// The trust policy (JSON text).
    pub trust: String,
}

impl RolePlan {
    /// The ARN the role gets in the cluster's account and partition.
    pub fn arn(&self, cluster: &ClusterInfo) -> String {
        RoleArn {
            partition: cluster.partition().to_string(),
            account: cluster.account.clone(),
            path: self.path.clone().unwrap_or_else(|| "/".into()),
            name: self.name.clone(),
        }
        .to_string()
    }
}

/// What to check of a role's trust, and what to do when it falls short.
#[derive(Clone, Copy, Debug)]
pub struct TrustCheck<'a> {
    pub role: &'a RoleArn,
    pub namespace: &'a str,
    pub service_account: &'a str,
    pub session_tags: bool,
    /// `--fix-trust`: add the statement instead of stopping.
    pub fix: bool,
    /// `--allow-unscoped-trust`: with session tags disabled the statement cannot be scoped to the
    /// service account (EKS sends no request tags), so any association of the account could use
    /// the role; that widening needs this explicit yes.
    pub allow_unscoped: bool,
}

/// What the role's trust needs.
#[derive(Clone, Debug, PartialEq)]
pub enum TrustDecision {
    /// It already lets Pod Identity in.
    Admits,
    /// Conditions epi cannot evaluate: go on, with this warning.
    Unsure(String),
    /// `--fix-trust`: the statement to add (`why` it is needed), and a warning when the policy
    /// grows past IAM's default quota.
    Add {
        change: Box<Change>,
        why: String,
        size_warning: Option<String>,
    },
}

/// Decides on a role's trust for an association, from the role as read (None: it does not
/// exist).
pub fn trust_decision(
    cluster: &ClusterInfo,
    check: TrustCheck<'_>,
    info: Option<&RoleInfo>,
) -> Result<TrustDecision, Error> {
    let TrustCheck {
        role,
        namespace,
        service_account,
        session_tags,
        fix,
        allow_unscoped,
    } = check;
    let role_name = role.name.as_str();
    let Some(info) = info else {
        return Err(crate::aws::AwsError::NotFound {
            what: format!("role {role_name}"),
            message: format!("{role} does not exist"),
            hint: "check the ARN, or create the role with --create-role --role-name NAME".into(),
        }
        .into());
    };
    let request = PodIdentityRequest {
        cluster_name: &cluster.name,
        cluster_arn: &cluster.arn,
        namespace,
        service_account,
        session_tags,
    };
    match trust::admits(&info.trust_policy, &request) {
        Verdict::Admits => Ok(TrustDecision::Admits),
        Verdict::Unsure(why) => Ok(TrustDecision::Unsure(format!(
            "could not confirm that role {role_name} trusts Pod Identity: {why}"
        ))),
        Verdict::Refuses(why) if fix && !session_tags && !allow_unscoped => Err(Error::Precondition {
            message: format!(
                "role {role_name}'s trust policy {}; with session tags disabled EKS sends no request tags, so --fix-trust can only add a statement that is NOT scoped to {namespace}/{service_account}: every association in account {} could then use role {role_name}",
                why.trim_start_matches("it "),
                role.account
            ),
            hint: "add --allow-unscoped-trust to accept that, or keep session tags on (a statement scoped by aws:RequestTag/kubernetes-namespace and kubernetes-service-account)".into(),
        }),
        Verdict::Refuses(why) if fix => {
            let fixed = trust::with_pod_identity_statement(&info.trust_policy, &request);
            let size_warning = check_trust_size(role_name, &fixed)?;
            // Carried out read fresh, changed, read back, so another writer's statement is
            // never lost.
            let change = Change::AddTrust {
                role: role_name.to_string(),
                addition: TrustAddition::ServiceAccount(TrustGrant::for_association(
                    namespace,
                    service_account,
                    session_tags,
                )),
                before: info.trust_policy.clone(),
                after: fixed,
            };
            Ok(TrustDecision::Add {
                change: Box::new(change),
                why,
                size_warning,
            })
        }
        Verdict::Refuses(why) => Err(Error::Precondition {
            message: format!("role {role_name} cannot be used by Pod Identity: its trust policy {}", why.trim_start_matches("it ")),
            hint: "add --fix-trust to add the statement (every other statement is kept), or see `epi policy trust`".into(),
        }),
    }
}

/// The one size rule for adding to a trust policy (association --fix-trust, migrate-irsa, add-on
/// roles): over the hard maximum is refused; over the default quota is a warning, returned for
/// the caller to print (IAM accepts it where the quota was raised, and says so where not).
pub fn check_trust_size(role: &str, document: &serde_json::Value) -> Result<Option<String>, Error> {
    use crate::policy::limits::{TRUST_DEFAULT, TRUST_MAX, TrustSize, trust_size};
    match trust_size(document) {
        TrustSize::Fits(_) => Ok(None),
        TrustSize::OverDefault(size) => Ok(Some(format!(
            "role {role}'s trust policy will be {size} characters (whitespace not counted), over IAM's default quota of {TRUST_DEFAULT}: IAM accepts it only if the account's 'Role trust policy length' quota was raised (up to {TRUST_MAX})"
        ))),
        TrustSize::OverMax(size) => Err(Error::Precondition {
            message: format!(
                "adding the Pod Identity statement would make role {role}'s trust policy {size} characters, over IAM's maximum of {TRUST_MAX}"
            ),
            hint: "remove statements the role no longer needs, or use a new role".into(),
        }),
    }
}

/// The association as a change of the engine.
pub fn association_change(new: &NewAssociation) -> Change {
    Change::CreateAssociation {
        cluster: new.cluster.clone(),
        namespace: new.namespace.clone(),
        service_account: new.service_account.clone(),
        fields: AssociationFields {
            role_arn: new.role_arn.clone(),
            target_role_arn: new.target_role_arn.clone(),
            disable_session_tags: new.disable_session_tags,
            session_policy: super::session_policy_value(new.session_policy.as_deref()),
        },
        tags: new.tags.clone(),
    }
}

/// `association create --role-arn`: the trust fix (when decided), then the association.
pub fn create(trust: &TrustDecision, new: &NewAssociation) -> Vec<Change> {
    let mut changes = Vec::new();
    if let TrustDecision::Add { change, .. } = trust {
        changes.push((**change).clone());
    }
    changes.push(association_change(new));
    changes
}

/// `association create --create-role`: the role with its trust, its policies, then the
/// association. `leftover`: the role is there, made by epi in a run killed before the
/// association existed; it is not made again (its policies are attached and put again, both
/// idempotent).
pub fn create_with_role(
    plan: &RolePlan,
    cluster: &ClusterInfo,
    new: &NewAssociation,
    leftover: bool,
) -> Result<Vec<Change>, Error> {
    let mut changes = role_changes(plan, cluster, new)?;
    if leftover {
        changes.retain(|c| !matches!(c, Change::CreateRole { .. }));
    }
    changes.push(association_change(new));
    Ok(changes)
}

/// The changes that make the role: the role with its trust, then its policies (managed, the
/// target-role right, well-known, ABAC), rendered for the cluster.
fn role_changes(
    plan: &RolePlan,
    cluster: &ClusterInfo,
    new: &NewAssociation,
) -> Result<Vec<Change>, Error> {
    let description = format!(
        "EKS Pod Identity role for {}/{} (created by epi)",
        new.namespace, new.service_account
    );
    let mut changes = vec![Change::CreateRole {
        role: plan.name.clone(),
        path: plan.path.clone().unwrap_or_else(|| "/".into()),
        description: Some(description),
        permissions_boundary: plan.boundary.clone(),
        trust_policy: serde_json::from_str(&plan.trust).expect("epi's own JSON"),
        tags: BTreeMap::new(),
    }];
    let attach = |arn: String| Change::AttachPolicy {
        role: plan.name.clone(),
        policy_arn: arn,
    };
    let put = |name: String, document: serde_json::Value| Change::PutInlinePolicy {
        role: plan.name.clone(),
        name,
        before: None,
        after: document,
    };
    changes.extend(plan.attach.iter().cloned().map(attach));
    if let Some(target) = &new.target_role_arn {
        // The association's role assumes the target role: it needs that right, and only that.
        let mut actions = vec!["sts:AssumeRole"];
        if !new.disable_session_tags {
            actions.push("sts:TagSession");
        }
        let doc = crate::policy::PolicyDocument::new(vec![crate::policy::Statement::allow(
            "AssumeTargetRole",
            &actions,
            vec![target.clone()],
        )]);
        changes.push(put(
            TARGET_ROLE_POLICY.into(),
            serde_json::to_value(&doc).expect("serialisable"),
        ));
    }
    for name in &plan.well_known {
        let target = crate::policy::well_known::Target {
            partition: cluster.partition().to_string(),
            cluster: Some(cluster.name.clone()),
            region: Some(cluster.region.clone()),
            account: Some(cluster.account.clone()),
        };
        changes.push(match crate::policy::well_known::render(name, &target)? {
            crate::policy::well_known::Grant::Managed { arn } => attach(arn),
            crate::policy::well_known::Grant::Inline { document } => {
                put(format!("epi-well-known-{name}"), document)
            }
        });
    }
    if let Some((policy_name, template)) = &plan.abac {
        let location = Location {
            partition: cluster.partition().to_string(),
            region: Some(cluster.region.clone()),
            account: Some(cluster.account.clone()),
        };
        let doc = abac::render(template, &location)?;
        changes.push(put(
            policy_name.clone(),
            serde_json::to_value(&doc).expect("serialisable"),
        ));
    }
    Ok(changes)
}

/// The undo of a `create_with_role` that made its role and then failed: the role goes again,
/// with every policy it has by then.
pub fn undo_created_role(plan: &RolePlan) -> Vec<Change> {
    vec![Change::DeleteRole {
        role: plan.name.clone(),
        stack: None,
    }]
}

/// `association update`: the trust fix (when decided), then the association from `current` to
/// `after`.
pub fn update(trust: &TrustDecision, current: &Association, after: &Association) -> Vec<Change> {
    let mut changes = Vec::new();
    if let TrustDecision::Add { change, .. } = trust {
        changes.push((**change).clone());
    }
    changes.push(Change::UpdateAssociation {
        cluster: current.cluster_name.clone(),
        association_id: current.association_id.clone(),
        namespace: current.namespace.clone(),
        service_account: current.service_account.clone(),
        before: AssociationFields::of(current),
        after: AssociationFields::of(after),
    });
    changes
}

/// `association delete`: refused for an association an add-on owns (it is changed through the
/// add-on, or the add-on would make it again).
pub fn delete(association: &Association) -> Result<Vec<Change>, Error> {
    refuse_if_owned(association, "deleted")?;
    Ok(vec![Change::DeleteAssociation {
        cluster: association.cluster_name.clone(),
        association_id: association.association_id.clone(),
        namespace: association.namespace.clone(),
        service_account: association.service_account.clone(),
        role_arn: association.role_arn.clone(),
    }])
}

/// An association an add-on owns cannot be updated or deleted directly.
pub fn refuse_if_owned(a: &Association, verb: &str) -> Result<(), Error> {
    if let Some(owner) = &a.owner_arn {
        return Err(Error::Precondition {
            message: format!("association {} is owned by {} and cannot be {verb} directly", a.association_id, owner_name(owner)),
            hint: "change it through the add-on: `aws eks update-addon … --pod-identity-associations …`".into(),
        });
    }
    Ok(())
}

/// The name an owner ARN shows: the add-on's name for `arn:…:addon/CLUSTER/NAME/ID`.
pub fn owner_name(owner: &str) -> String {
    owner
        .split(":addon/")
        .nth(1)
        .and_then(|rest| rest.split('/').nth(1))
        .map(|name| format!("addon {name}"))
        .unwrap_or_else(|| owner.to_string())
}

/// The trust policy an association's target role needs (facts §3), with the external id EKS
/// returned.
pub fn target_trust_document(
    cluster: &ClusterInfo,
    a: &Association,
) -> Result<serde_json::Value, Error> {
    let doc = trust::target_role(&trust::TargetRole {
        source_role_arn: a.role_arn.clone(),
        scope: trust::Scope {
            namespaces: vec![a.namespace.clone()],
            service_accounts: vec![a.service_account.clone()],
            cluster_arns: vec![cluster.arn.clone()],
            ..trust::Scope::default()
        },
        session_tags: !a.disable_session_tags,
        external_id: a.external_id.clone(),
    })?;
    Ok(serde_json::to_value(&doc).expect("serialisable"))
}

/// The statement an association needs in its target role's trust policy, with `--fix-trust`'s
/// rules (every other statement kept): None when the trust as read (`current`; Null when the role
/// was not found) already admits the association with its external id.
pub fn target_trust(
    cluster: &ClusterInfo,
    a: &Association,
    current: serde_json::Value,
) -> Result<Option<Change>, Error> {
    let Some(target) = &a.target_role_arn else {
        return Ok(None);
    };
    let addition = TrustAddition::Target {
        namespace: a.namespace.clone(),
        service_account: a.service_account.clone(),
        session_tags: !a.disable_session_tags,
        source_role_arn: a.role_arn.clone(),
        external_id: a.external_id.clone(),
        statements: target_trust_document(cluster, a)?,
    };
    if addition.holds(&current, &cluster.name, &cluster.arn) {
        return Ok(None);
    }
    Ok(Some(Change::AddTrust {
        role: RoleArn::name_of(target).to_string(),
        after: addition.apply(&current, &cluster.name, &cluster.arn),
        before: current,
        addition,
    }))
}
