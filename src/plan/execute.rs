//! Carrying a plan out: phase by phase (see [`Change::phase`]), the changes of a phase with
//! bounded concurrency, stopping before the next phase when one failed or a signal came.

use futures_util::StreamExt;
use serde::Serialize;

use super::{Change, grant_admitted, with_grant};
use crate::aws::iam::TrustEdit;
use crate::aws::{AwsContext, AwsError};

/// What became of one change.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", tag = "outcome")]
pub enum Outcome {
    Done,
    Failed {
        error: String,
    },
    /// Not attempted: an earlier phase failed, or the run was interrupted.
    Skipped,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub results: Vec<(Change, Outcome)>,
    /// The signal that stopped the run, if one did.
    pub interrupted: Option<i32>,
}

impl Report {
    pub fn failed(&self) -> usize {
        self.results
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Failed { .. }))
            .count()
    }
    pub fn done(&self) -> usize {
        self.results
            .iter()
            .filter(|(_, o)| *o == Outcome::Done)
            .count()
    }
}

/// Where the changes go: the cluster's ARN is needed to evaluate trust conditions.
pub struct Target<'a> {
    pub ctx: &'a AwsContext,
    pub cluster: &'a str,
    pub cluster_arn: &'a str,
}

/// Executes the changes (already in phase order) and reports each one's outcome. `progress` is
/// called after each change.
pub async fn execute(
    target: &Target<'_>,
    changes: Vec<Change>,
    concurrency: usize,
    progress: &(dyn Fn(&Change, &Outcome) + Sync),
) -> Report {
    crate::interrupt::changes_begin();
    let mut report = Report::default();
    let mut stop = false;
    let mut phases: Vec<Vec<Change>> = Vec::new();
    for c in changes {
        match phases.last_mut() {
            Some(p) if p[0].phase() == c.phase() => p.push(c),
            _ => phases.push(vec![c]),
        }
    }
    for phase in phases {
        if !stop && let Some(signal) = crate::interrupt::requested() {
            report.interrupted = Some(signal);
            stop = true;
        }
        if stop {
            report
                .results
                .extend(phase.into_iter().map(|c| (c, Outcome::Skipped)));
            continue;
        }
        let results: Vec<(Change, Outcome)> = futures_util::stream::iter(phase)
            .map(|c| async move {
                if crate::interrupt::requested().is_some() {
                    return (c, Outcome::Skipped);
                }
                let outcome = match apply(target, &c).await {
                    Ok(()) => Outcome::Done,
                    Err(e) => Outcome::Failed {
                        error: e.to_string(),
                    },
                };
                progress(&c, &outcome);
                (c, outcome)
            })
            .buffer_unordered(concurrency.max(1))
            .collect()
            .await;
        if results.iter().any(|(_, o)| !matches!(o, Outcome::Done)) {
            stop = true;
            if let Some(signal) = crate::interrupt::requested() {
                report.interrupted = Some(signal);
            }
        }
        report.results.extend(results);
    }
    report
}

async fn apply(t: &Target<'_>, change: &Change) -> Result<(), AwsError> {
    let ctx = t.ctx;
    match change {
        Change::CreateAddon {
            cluster,
            addon,
            version,
        } => {
            ctx.create_addon(
                cluster,
                addon,
                version,
                None,
                aws_sdk_eks::types::ResolveConflicts::Overwrite,
            )
            .await?;
        }
        Change::UpdateAddon {
            cluster,
            addon,
            after,
            ..
        } => {
            ctx.update_addon(
                cluster,
                addon,
                after,
                None,
                aws_sdk_eks::types::ResolveConflicts::Overwrite,
            )
            .await?;
        }
        Change::SetAddonAssociations {
            cluster,
            addon,
            after,
            ..
        } => {
            if after.is_empty() {
                // An empty list deletes every association of the add-on: never by accident.
                return Err(AwsError::Service {
                    action: "eks:UpdateAddon",
                    code: "Refused".into(),
                    message: format!(
                        "epi does not send an empty podIdentityAssociations list for add-on {addon}: it would delete every association the add-on owns"
                    ),
                });
            }
            let pairs: Vec<(String, String)> = after
                .iter()
                .map(|a| (a.service_account.clone(), a.role_arn.clone()))
                .collect();
            ctx.set_addon_pod_identity(cluster, addon, &pairs).await?;
        }
        Change::CreateRole {
            role,
            path,
            description,
            permissions_boundary,
            trust_policy,
            tags,
        } => {
            let description = description.clone().unwrap_or_else(|| {
                format!("EKS Pod Identity role managed by epi for {}", t.cluster)
            });
            ctx.create_role(
                role,
                Some(path),
                &trust_policy.to_string(),
                permissions_boundary.as_deref(),
                &description,
                tags,
            )
            .await?;
        }
        Change::UpdateTrustPolicy { role, add, .. } => {
            // Applied to the document as it is now, read fresh; read back until it holds.
            let holds = |doc: &serde_json::Value| {
                add.iter()
                    .all(|g| grant_admitted(doc, g, t.cluster, t.cluster_arn))
            };
            ctx.edit_trust_policy(
                role,
                |current| {
                    if holds(current) {
                        return TrustEdit::Unchanged;
                    }
                    let mut doc = current.clone();
                    for g in add {
                        if !grant_admitted(&doc, g, t.cluster, t.cluster_arn) {
                            doc = with_grant(&doc, g, t.cluster, t.cluster_arn);
                        }
                    }
                    match crate::policy::limits::trust_size(&doc) {
                        crate::policy::limits::TrustSize::OverMax(size) => TrustEdit::Refuse(format!(
                            "the trust policy would be {size} characters, over IAM's maximum of {}",
                            crate::policy::limits::TRUST_MAX
                        )),
                        _ => TrustEdit::Write(doc),
                    }
                },
                holds,
            )
            .await?;
        }
        Change::SetPermissionsBoundary { role, after, .. } => {
            ctx.set_permissions_boundary(role, after.as_deref()).await?;
        }
        Change::TagRole { role, tags } => ctx.tag_role(role, tags).await?,
        Change::AttachPolicy { role, policy_arn } => {
            ctx.attach_role_policy(role, policy_arn).await?
        }
        Change::DetachPolicy { role, policy_arn } => {
            ctx.detach_role_policy(role, policy_arn).await?
        }
        Change::PutInlinePolicy {
            role, name, after, ..
        } => ctx.put_role_policy(role, name, &after.to_string()).await?,
        Change::DeleteInlinePolicy { role, name, .. } => ctx.delete_role_policy(role, name).await?,
        Change::DeleteRole { role } => ctx.delete_role_and_policies(role).await?,
        Change::CreateAssociation {
            cluster,
            namespace,
            service_account,
            fields,
            tags,
        } => {
            ctx.create_association(&crate::aws::eks::NewAssociation {
                cluster: cluster.clone(),
                namespace: namespace.clone(),
                service_account: service_account.clone(),
                role_arn: fields.role_arn.clone(),
                target_role_arn: fields.target_role_arn.clone(),
                disable_session_tags: fields.disable_session_tags,
                session_policy: fields.session_policy.as_ref().map(|p| p.to_string()),
                tags: tags.clone(),
            })
            .await?;
        }
        Change::UpdateAssociation {
            cluster,
            association_id,
            before,
            after,
            ..
        } => {
            ctx.update_association(
                cluster,
                association_id,
                &crate::aws::eks::AssociationChange {
                    role_arn: Some(after.role_arn.clone()),
                    // EKS removes the target role when given an empty string.
                    target_role_arn: match (&before.target_role_arn, &after.target_role_arn) {
                        (_, Some(t)) => Some(t.clone()),
                        (Some(_), None) => Some(String::new()),
                        (None, None) => None,
                    },
                    disable_session_tags: Some(after.disable_session_tags),
                    session_policy: match (&before.session_policy, &after.session_policy) {
                        (_, Some(p)) => Some(p.to_string()),
                        (Some(_), None) => Some(String::new()),
                        (None, None) => None,
                    },
                },
            )
            .await?;
        }
        Change::TagAssociation {
            association_arn,
            add,
            remove,
            ..
        } => {
            if !add.is_empty() {
                ctx.tag_resource(association_arn, add).await?;
            }
            if !remove.is_empty() {
                ctx.untag_resource(association_arn, remove).await?;
            }
        }
        Change::DeleteAssociation {
            cluster,
            association_id,
            ..
        } => match ctx.delete_association(cluster, association_id).await {
            Ok(()) | Err(AwsError::NotFound { .. }) => {}
            Err(e) => return Err(e),
        },
    }
    Ok(())
}
