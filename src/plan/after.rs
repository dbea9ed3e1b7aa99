//! The state a plan leaves behind: the observed state with every change applied, in memory. What
//! `epi access test` evaluates, so a reviewer sees what will be true once `apply` has run. Pure.

use super::{Change, Observed, ObservedAssociation, ObservedRole, Plan};

/// The observed state as it will be after the plan's changes (those on roles and associations;
/// add-on and Kubernetes changes do not bear on access). A planned association has no id yet.
pub fn after(observed: &Observed, plan: &Plan) -> Observed {
    let mut o = observed.clone();
    for change in &plan.changes {
        apply(&mut o, change);
    }
    o
}

fn role<'a>(o: &'a mut Observed, name: &str) -> Option<&'a mut ObservedRole> {
    o.roles.get_mut(name).and_then(Option::as_mut)
}

fn apply(o: &mut Observed, change: &Change) {
    match change {
        Change::CreateRole {
            role: name,
            path,
            permissions_boundary,
            trust_policy,
            tags,
            ..
        } => {
            let arn = o.role_arn(name, path);
            o.roles.insert(
                name.clone(),
                Some(ObservedRole {
                    name: name.clone(),
                    arn,
                    path: path.clone(),
                    permissions_boundary: permissions_boundary.clone(),
                    trust_policy: trust_policy.clone(),
                    managed_policies: Default::default(),
                    inline_policies: Default::default(),
                    tags: tags.clone(),
                    last_used: None,
                }),
            );
        }
        Change::UpdateTrustPolicy {
            role: name, after, ..
        }
        | Change::AddTrust {
            role: name, after, ..
        }
        | Change::RestoreIrsaTrust {
            role: name, after, ..
        }
        | Change::RemovePodIdentityTrust {
            role: name, after, ..
        }
        | Change::RemoveTrustGrants {
            role: name, after, ..
        }
        | Change::RemoveIrsa {
            role: name, after, ..
        } => {
            if let Some(r) = role(o, name) {
                r.trust_policy = after.clone();
            }
        }
        Change::SetPermissionsBoundary {
            role: name, after, ..
        } => {
            if let Some(r) = role(o, name) {
                r.permissions_boundary = after.clone();
            }
        }
        Change::TagRole { role: name, tags } => {
            if let Some(r) = role(o, name) {
                r.tags.extend(tags.clone());
            }
        }
        Change::AttachPolicy {
            role: name,
            policy_arn,
        } => {
            if let Some(r) = role(o, name) {
                r.managed_policies.insert(policy_arn.clone());
            }
        }
        Change::DetachPolicy {
            role: name,
            policy_arn,
        } => {
            if let Some(r) = role(o, name) {
                r.managed_policies.remove(policy_arn);
            }
        }
        Change::PutInlinePolicy {
            role: name,
            name: policy,
            after,
            ..
        } => {
            if let Some(r) = role(o, name) {
                r.inline_policies.insert(policy.clone(), after.clone());
            }
        }
        Change::DeleteInlinePolicy {
            role: name,
            name: policy,
            ..
        } => {
            if let Some(r) = role(o, name) {
                r.inline_policies.remove(policy);
            }
        }
        Change::DeleteRole { role: name, .. } => {
            o.roles.insert(name.clone(), None);
        }
        Change::CreateAssociation {
            namespace,
            service_account,
            fields,
            tags,
            ..
        } => {
            o.associations.push(ObservedAssociation {
                association_id: String::new(),
                association_arn: String::new(),
                namespace: namespace.clone(),
                service_account: service_account.clone(),
                fields: fields.clone(),
                tags: tags.clone(),
                owner_arn: None,
                external_id: None,
            });
        }
        Change::UpdateAssociation {
            association_id,
            after,
            ..
        } => {
            if let Some(a) = o
                .associations
                .iter_mut()
                .find(|a| a.association_id == *association_id)
            {
                if a.fields.target_role_arn != after.target_role_arn {
                    // EKS gives a new target role a new external id: not known yet.
                    a.external_id = None;
                }
                a.fields = after.clone();
            }
        }
        Change::TagAssociation {
            association_arn,
            add,
            remove,
            ..
        } => {
            if let Some(a) = o
                .associations
                .iter_mut()
                .find(|a| a.association_arn == *association_arn)
            {
                a.tags.extend(add.clone());
                for k in remove {
                    a.tags.remove(k);
                }
            }
        }
        Change::DeleteAssociation { association_id, .. } => {
            o.associations
                .retain(|a| a.association_id != *association_id);
        }
        // The add-on and Kubernetes do not bear on what a pod's credentials allow.
        Change::CreateAddon { .. }
        | Change::UpdateAddon { .. }
        | Change::SetAddonAssociations { .. }
        | Change::ClearAddonAssociations { .. }
        | Change::RestoreAnnotations { .. }
        | Change::RestartWorkloads { .. } => {}
    }
}
