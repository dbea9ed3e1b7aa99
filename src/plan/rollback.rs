//! The planner of `epi migrate-irsa rollback` (pure): from the backup a migration wrote and the
//! live state as read, the changes that undo what the migration recorded, and nothing else, in
//! migrate's order backwards (see [`Change::phase`]): the IRSA trust statements come back first
//! (Pod Identity ones stay), then the annotations; only then do the associations go, and the Pod
//! Identity statements last.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::aws::eks::Association;
use crate::error::Error;
use crate::manifest::backup::Backup;
use crate::validate::RoleArn;

use super::{AddonAssociation, AssociationFields, Change, TrustUndo};

/// What the plan reads of the live state.
#[derive(Clone, Debug, Default)]
pub struct Observed {
    /// The cluster's OIDC provider (empty when it has none).
    pub provider: String,
    /// Each role the backup records → its trust policy now (None: the role is gone).
    pub trust: BTreeMap<String, Option<Value>>,
    /// Each role → the `(namespace, service account)` pairs whose Pod Identity statement another
    /// cluster's live association of the role relies on (they stay).
    pub relied_on: BTreeMap<String, Vec<(String, String)>>,
    /// `namespace/name` → the association found by its service account, for a create whose id
    /// never reached the backup (a run killed between the create and its record).
    pub intended: BTreeMap<String, Association>,
    /// Each repointed association's id → the association now.
    pub repointed: BTreeMap<String, Association>,
}

/// The service accounts of the backup whose role is `role`.
pub fn pairs_of(backup: &Backup, role: &str) -> Vec<(String, String)> {
    backup
        .service_accounts
        .values()
        .filter(|sa| RoleArn::name_of(&sa.role_arn) == role)
        .map(|sa| (sa.namespace.clone(), sa.name.clone()))
        .collect()
}

/// The changes of the rollback.
pub fn plan(backup: &Backup, observed: &Observed) -> Result<Vec<Change>, Error> {
    let mut changes = Vec::new();
    for (role, saved) in &backup.roles {
        let addon_accounts: Vec<String> = backup
            .addons
            .values()
            .filter(|a| RoleArn::name_of(&a.service_account_role_arn) == role.as_str())
            .flat_map(|a| a.service_accounts.iter().cloned())
            .collect();
        let undo = TrustUndo {
            saved: saved.trust_policy.clone(),
            provider: observed.provider.clone(),
            pairs: pairs_of(backup, role),
            keep: observed.relied_on.get(role).cloned().unwrap_or_default(),
            addon_accounts,
        };
        let Some(Some(current)) = observed.trust.get(role) else {
            return Err(Error::Precondition {
                message: format!(
                    "role {role}, which the backup records, does not exist any more: its trust policy cannot be restored"
                ),
                hint: "recreate the role, or restore what the backup records by hand".into(),
            });
        };
        let restored = undo.restore_irsa(current);
        let undone = undo.undo(&restored);
        if restored != *current {
            changes.push(Change::RestoreIrsaTrust {
                role: role.clone(),
                undo: undo.clone(),
                before: current.clone(),
                after: restored.clone(),
            });
        }
        if undone != restored {
            changes.push(Change::RemovePodIdentityTrust {
                role: role.clone(),
                undo,
                before: restored,
                after: undone,
            });
        }
    }
    for (key, sa) in &backup.service_accounts {
        if !sa.annotations.is_empty() {
            changes.push(Change::RestoreAnnotations {
                namespace: sa.namespace.clone(),
                service_account: sa.name.clone(),
                annotations: sa.annotations.clone(),
            });
        }
        let created = match (&sa.created_association_id, sa.association_intent) {
            (Some(id), _) => Some(id.clone()),
            (None, true) => observed
                .intended
                .get(key)
                .filter(|a| a.role_arn == sa.role_arn)
                .map(|a| a.association_id.clone()),
            _ => None,
        };
        if let Some(id) = created {
            changes.push(Change::DeleteAssociation {
                cluster: backup.cluster.clone(),
                association_id: id,
                namespace: sa.namespace.clone(),
                service_account: sa.name.clone(),
                role_arn: sa.role_arn.clone(),
            });
        }
        if let Some((id, old_role)) = &sa.replaced_association
            && let Some(current) = observed.repointed.get(id)
        {
            let before = AssociationFields::of(current);
            if before.role_arn != *old_role {
                changes.push(Change::UpdateAssociation {
                    cluster: backup.cluster.clone(),
                    association_id: id.clone(),
                    namespace: sa.namespace.clone(),
                    service_account: sa.name.clone(),
                    after: AssociationFields {
                        role_arn: old_role.clone(),
                        ..before.clone()
                    },
                    before,
                });
            }
        }
    }
    for (name, addon) in &backup.addons {
        changes.push(Change::ClearAddonAssociations {
            cluster: backup.cluster.clone(),
            addon: name.clone(),
            before: addon
                .service_accounts
                .iter()
                .map(|sa| AddonAssociation {
                    service_account: sa.clone(),
                    role_arn: addon.service_account_role_arn.clone(),
                })
                .collect(),
        });
    }
    changes.sort_by_key(Change::phase);
    Ok(changes)
}
