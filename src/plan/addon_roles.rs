//! The planner of `epi addon roles --create` (pure): for each service account of an add-on that
//! has no association, a role (or the role of that name that exists and already trusts it) with
//! the add-on's recommended policies, then the add-on's associations: the existing ones kept, the
//! new ones added.

use std::collections::BTreeMap;

use crate::aws::eks::ClusterInfo;
use crate::aws::iam::RoleInfo;
use crate::error::Error;
use crate::policy::trust::{self, PodIdentityRequest, Scope, Verdict};
use crate::validate::{RoleArn, arn};

use super::{AddonAssociation, Change};

/// An add-on as the plan needs it.
#[derive(Clone, Debug)]
pub struct AddonFacts<'a> {
    pub addon: &'a str,
    /// The namespace of its service accounts.
    pub namespace: &'a str,
    /// Its associations now.
    pub current: &'a [AddonAssociation],
    pub service_accounts: Vec<ServiceAccountFacts<'a>>,
}

#[derive(Clone, Debug)]
pub struct ServiceAccountFacts<'a> {
    pub service_account: &'a str,
    /// The policies EKS recommends for it (ARNs or AWS managed policy names).
    pub recommended: &'a [String],
    /// The add-on already has an association for it.
    pub has_association: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Planned {
    pub changes: Vec<Change>,
    /// Service account → the role ARN its new association uses.
    pub new_roles: BTreeMap<String, String>,
    /// Roles that exist and already trust their service account: used as they are.
    pub notes: Vec<String>,
}

/// The role name `template` gives a service account of an add-on on a cluster.
pub fn role_name(
    template: &str,
    cluster: &ClusterInfo,
    addon: &str,
    service_account: &str,
) -> Result<String, Error> {
    let role = arn::role_name_from_template(
        template,
        &[
            ("cluster", &cluster.name),
            ("addon", addon),
            ("serviceAccount", service_account),
        ],
    );
    arn::role_name(&role).map_err(|e| e.with_hint("change --role-name-template"))?;
    Ok(role)
}

/// The roles the plan of `facts` needs read: one per service account without an association.
pub fn roles_to_read(
    template: &str,
    cluster: &ClusterInfo,
    facts: &AddonFacts<'_>,
) -> Result<Vec<String>, Error> {
    facts
        .service_accounts
        .iter()
        .filter(|s| !s.has_association)
        .map(|s| role_name(template, cluster, facts.addon, s.service_account))
        .collect()
}

/// The changes for one add-on, from the roles as read (`roles`: name → None when it does not
/// exist).
pub fn plan(
    cluster: &ClusterInfo,
    facts: &AddonFacts<'_>,
    template: &str,
    roles: &BTreeMap<String, Option<RoleInfo>>,
) -> Result<Planned, Error> {
    let partition = cluster.partition().to_string();
    let mut planned = Planned::default();
    let mut after = facts.current.to_vec();
    for sa in facts.service_accounts.iter().filter(|s| !s.has_association) {
        let role = role_name(template, cluster, facts.addon, sa.service_account)?;
        let role_arn = RoleArn {
            partition: partition.clone(),
            account: cluster.account.clone(),
            path: "/".into(),
            name: role.clone(),
        }
        .to_string();
        let request = PodIdentityRequest {
            cluster_name: &cluster.name,
            cluster_arn: &cluster.arn,
            namespace: facts.namespace,
            service_account: sa.service_account,
            session_tags: true,
        };
        match roles.get(&role).cloned().flatten() {
            Some(existing) => {
                if !matches!(
                    trust::admits(&existing.trust_policy, &request),
                    Verdict::Admits
                ) {
                    return Err(Error::Precondition {
                        message: format!(
                            "role {role} exists, and its trust policy does not admit {}/{}",
                            facts.namespace, sa.service_account
                        ),
                        hint: "give another --role-name-template, or fix the role's trust (`epi policy trust`)".into(),
                    });
                }
                planned.notes.push(format!(
                    "role {role} exists and trusts {}/{}: it is used as it is",
                    facts.namespace, sa.service_account
                ));
            }
            None => {
                let trust_doc = trust::pod_identity(&Scope {
                    namespaces: vec![facts.namespace.to_string()],
                    service_accounts: vec![sa.service_account.to_string()],
                    ..Scope::default()
                })?;
                planned.changes.push(Change::CreateRole {
                    role: role.clone(),
                    path: "/".into(),
                    description: Some(format!(
                        "EKS Pod Identity role of add-on {} ({}/{}) on cluster {} (created by epi)",
                        facts.addon, facts.namespace, sa.service_account, cluster.name
                    )),
                    permissions_boundary: None,
                    trust_policy: serde_json::to_value(&trust_doc).expect("serialisable"),
                    tags: BTreeMap::from([("epi:addon".to_string(), facts.addon.to_string())]),
                });
            }
        }
        for policy in sa.recommended {
            planned.changes.push(Change::AttachPolicy {
                role: role.clone(),
                policy_arn: policy_arn(&partition, policy),
            });
        }
        planned
            .new_roles
            .insert(sa.service_account.to_string(), role_arn.clone());
        after.push(AddonAssociation {
            service_account: sa.service_account.to_string(),
            role_arn,
        });
    }
    if after.len() > facts.current.len() {
        planned.changes.push(Change::SetAddonAssociations {
            cluster: cluster.name.clone(),
            addon: facts.addon.to_string(),
            before: facts.current.to_vec(),
            after,
        });
    }
    Ok(planned)
}

/// A recommended policy as an ARN (EKS gives ARNs; a bare name is an AWS managed policy).
fn policy_arn(partition: &str, policy: &str) -> String {
    if policy.starts_with("arn:") {
        policy.to_string()
    } else {
        format!("arn:{partition}:iam::aws:policy/{policy}")
    }
}
