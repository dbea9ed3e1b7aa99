//! Carrying a plan out: phase by phase (see [`Change::phase`]), the changes of a phase with
//! bounded concurrency, stopping before the next phase when one failed or a signal came (unless
//! the target is `atomic`), each change journaled before and after where the caller keeps one.

use std::collections::BTreeMap;

use futures_util::StreamExt;
use serde::Serialize;

use super::{Change, Resolve};
use crate::aws::eks::Association;
use crate::aws::iam::TrustEdit;
use crate::aws::{AwsContext, AwsError};
use crate::kube::{KubeContext, KubeError};
use crate::manifest::config::{Ownership, path_proves_stack, stack_path};

/// What became of one change.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", tag = "outcome")]
pub enum Outcome {
    Done,
    /// The change was refused or failed; the error keeps its kind (access denied, throttled, …)
    /// so a command reports it with the exit code and hint it would have had without the engine.
    Failed {
        #[serde(serialize_with = "as_text")]
        error: ChangeError,
    },
    /// Not attempted: an earlier phase failed, or the run was interrupted.
    Skipped,
    /// An IRSA removal held back: pods of the service account still run without Pod Identity
    /// credentials (they need a restart first). Not a failure; a later run finishes it.
    KeptIrsa {
        waiting: usize,
    },
}

/// What a change answered, beyond done.
enum Answer {
    None,
    /// EKS's answer for an association created or updated.
    Association(Box<Association>),
    /// `Kind/name` of the workloads restarted.
    Restarted(Vec<String>),
    /// Pods still without Pod Identity credentials: IRSA was kept.
    KeptIrsa(usize),
}

/// Why a change failed: AWS's or the Kubernetes API's answer, kept typed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    #[error(transparent)]
    Aws(#[from] AwsError),
    #[error(transparent)]
    Kube(#[from] KubeError),
    /// A change to Kubernetes objects in a run that has no Kubernetes API.
    #[error("{0}: epi has no Kubernetes API in this run")]
    NoKubernetes(String),
    /// The journal could not be written: the change was not made (or, after it, the run stops).
    #[error("the journal could not be written: {0}")]
    Journal(String),
    /// The change was not made: what it would act on no longer is what the plan saw.
    #[error("{0}")]
    Refused(String),
}

/// Where a run records what it does, so that it can be resumed or undone: `begin` is called
/// before each change (an error there stops the run before the change), `end` after it, with its
/// outcome and, for an association created or updated, EKS's answer.
pub trait Journal: Sync {
    fn begin(&self, change: &Change) -> Result<(), String>;
    fn end(
        &self,
        change: &Change,
        outcome: &Outcome,
        association: Option<&Association>,
    ) -> Result<(), String>;
}

impl From<ChangeError> for crate::error::Error {
    fn from(e: ChangeError) -> Self {
        match e {
            ChangeError::Aws(e) => e.into(),
            ChangeError::Kube(e) => e.into(),
            ChangeError::NoKubernetes(what) => crate::error::Error::Precondition {
                message: format!("{what}: epi has no Kubernetes API in this run"),
                hint: "give --kubeconfig/--context, or let epi connect with an EKS token".into(),
            },
            ChangeError::Journal(why) => crate::error::Error::Precondition {
                message: format!("the journal could not be written ({why}): the run stopped"),
                hint: "free the disk or fix the file's permissions, then run the command again"
                    .into(),
            },
            ChangeError::Refused(why) => crate::error::Error::Precondition {
                message: why,
                hint: "plan again: what the change would act on changed since the plan".into(),
            },
        }
    }
}

fn as_text<S: serde::Serializer>(error: &ChangeError, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(error)
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub results: Vec<(Change, Outcome)>,
    /// EKS's answers to the associations created or updated, in the order they were made: their
    /// ids, ARNs and external ids are known only from these.
    pub associations: Vec<Association>,
    /// `Kind/name` of every workload restarted.
    pub restarted: Vec<String>,
    /// The signal that stopped the run, if one did.
    pub interrupted: Option<i32>,
}

/// The roles whose trust policy a run edited read-modify-write (and so another writer's stale
/// write may have replaced after the read-back): a role created with its trust in one call has
/// no such window.
pub fn trust_edited_roles(report: &Report) -> std::collections::BTreeSet<String> {
    report
        .results
        .iter()
        .filter(|(_, o)| *o == Outcome::Done)
        .filter_map(|(c, _)| match c {
            Change::UpdateTrustPolicy { role, .. }
            | Change::AddTrust { role, .. }
            | Change::RemoveTrustGrants { role, .. }
            | Change::RemoveIrsa { role, .. } => Some(role.clone()),
            _ => None,
        })
        .collect()
}

/// Waits `delay` for other writers' in-flight trust-policy writes to land (IAM has no conditional
/// write, and a delayed or retried write carries the document its writer read earlier). Returns
/// false when a signal asked epi to stop meanwhile.
pub async fn settle(delay: std::time::Duration) -> bool {
    let until = tokio::time::Instant::now() + delay;
    while tokio::time::Instant::now() < until {
        if crate::interrupt::requested().is_some() {
            return false;
        }
        tokio::time::sleep(
            std::time::Duration::from_millis(100).min(until - tokio::time::Instant::now()),
        )
        .await;
    }
    crate::interrupt::requested().is_none()
}

impl Report {
    pub fn failed(&self) -> usize {
        self.results
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Failed { .. }))
            .count()
    }
    /// The first change that failed, with its error.
    pub fn first_failure(&self) -> Option<(&Change, &ChangeError)> {
        self.results.iter().find_map(|(c, o)| match o {
            Outcome::Failed { error } => Some((c, error)),
            _ => None,
        })
    }
    pub fn done(&self) -> usize {
        self.results
            .iter()
            .filter(|(_, o)| *o == Outcome::Done)
            .count()
    }
}

/// Where the changes go: the cluster's ARN is needed to evaluate trust conditions (it may be
/// empty when no change edits a trust policy).
pub struct Target<'a> {
    pub ctx: &'a AwsContext,
    pub cluster: &'a str,
    pub cluster_arn: &'a str,
    /// The cluster's Kubernetes API, for changes to service accounts and workloads.
    pub kube: Option<&'a KubeContext>,
    /// An association create that meets one for the same service account with the same role
    /// counts as made (a re-run after a run killed before it recorded its create).
    pub converge_existing: bool,
    /// The changes are one unit of work that a signal does not cut short: the caller stops
    /// between units (migrate-irsa: one service account).
    pub atomic: bool,
    /// Where each change is recorded before and after it is made.
    pub journal: Option<&'a dyn Journal>,
}

impl<'a> Target<'a> {
    pub fn new(ctx: &'a AwsContext, cluster: &'a str, cluster_arn: &'a str) -> Self {
        Target {
            ctx,
            cluster,
            cluster_arn,
            kube: None,
            converge_existing: false,
            atomic: false,
            journal: None,
        }
    }
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
    // The roles this run made: an association on one of them may meet IAM's propagation delay.
    let made_roles: std::sync::Mutex<std::collections::BTreeSet<String>> = Default::default();
    let made_roles = &made_roles;
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
        if !stop
            && !target.atomic
            && let Some(signal) = crate::interrupt::requested()
        {
            report.interrupted = Some(signal);
            stop = true;
        }
        if stop {
            report
                .results
                .extend(phase.into_iter().map(|c| (c, Outcome::Skipped)));
            continue;
        }
        // Run concurrently, reported in the plan's order (whatever order they finish in).
        let mut results: Vec<(usize, (Change, Outcome, Answer))> =
            futures_util::stream::iter(phase.into_iter().enumerate())
                .map(|(i, c)| async move { (i, run_one(target, c, made_roles, progress).await) })
                .buffer_unordered(concurrency.max(1))
                .collect()
                .await;
        results.sort_by_key(|(i, _)| *i);
        let results: Vec<(Change, Outcome)> = results
            .into_iter()
            .map(|(_, (c, o, answer))| {
                match answer {
                    Answer::Association(a) => report.associations.push(*a),
                    Answer::Restarted(w) => report.restarted.extend(w),
                    Answer::None | Answer::KeptIrsa(_) => {}
                }
                (c, o)
            })
            .collect();
        if results
            .iter()
            .any(|(_, o)| !matches!(o, Outcome::Done | Outcome::KeptIrsa { .. }))
        {
            stop = true;
            if let Some(signal) = crate::interrupt::requested() {
                report.interrupted = Some(signal);
            }
        }
        report.results.extend(results);
    }
    report
}

/// One change: journaled before, made, journaled after, its progress reported.
async fn run_one(
    target: &Target<'_>,
    c: Change,
    made_roles: &std::sync::Mutex<std::collections::BTreeSet<String>>,
    progress: &(dyn Fn(&Change, &Outcome) + Sync),
) -> (Change, Outcome, Answer) {
    if !target.atomic && crate::interrupt::requested().is_some() {
        return (c, Outcome::Skipped, Answer::None);
    }
    if let Some(journal) = target.journal
        && let Err(why) = journal.begin(&c)
    {
        let outcome = Outcome::Failed {
            error: ChangeError::Journal(why),
        };
        progress(&c, &outcome);
        return (c, outcome, Answer::None);
    }
    let fresh_role = match &c {
        Change::CreateAssociation { fields, .. } => made_roles
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .contains(crate::validate::RoleArn::name_of(&fields.role_arn)),
        _ => false,
    };
    let (mut outcome, answer) = match apply(target, &c, fresh_role).await {
        Ok(Answer::KeptIrsa(waiting)) => (Outcome::KeptIrsa { waiting }, Answer::None),
        Ok(answer) => (Outcome::Done, answer),
        Err(error) => (Outcome::Failed { error }, Answer::None),
    };
    if let (Change::CreateRole { role, .. }, Outcome::Done) = (&c, &outcome) {
        made_roles
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(role.clone());
    }
    if let Some(journal) = target.journal {
        let made = match &answer {
            Answer::Association(a) => Some(a.as_ref()),
            _ => None,
        };
        if let Err(why) = journal.end(&c, &outcome, made) {
            outcome = Outcome::Failed {
                error: ChangeError::Journal(why),
            };
        }
    }
    progress(&c, &outcome);
    (c, outcome, answer)
}

fn resolve_conflicts(r: Resolve) -> aws_sdk_eks::types::ResolveConflicts {
    use aws_sdk_eks::types::ResolveConflicts;
    match r {
        Resolve::Overwrite => ResolveConflicts::Overwrite,
        Resolve::None => ResolveConflicts::None,
        Resolve::Preserve => ResolveConflicts::Preserve,
    }
}

/// Makes one change, and says what it answered. `fresh_role`: an association create on a role
/// this run made, which EKS may not see yet.
async fn apply(t: &Target<'_>, change: &Change, fresh_role: bool) -> Result<Answer, ChangeError> {
    let ctx = t.ctx;
    let kube = || {
        t.kube.ok_or_else(|| {
            ChangeError::NoKubernetes(format!("{} {}", change.view().action, change.view().id))
        })
    };
    match change {
        Change::AddTrust { role, addition, .. } => {
            add_to_trust(
                ctx,
                role,
                |doc| addition.holds(doc, t.cluster, t.cluster_arn),
                |doc| addition.apply(doc, t.cluster, t.cluster_arn),
            )
            .await?;
        }
        Change::RestoreIrsaTrust { role, undo, .. } => {
            edit_to(ctx, role, |doc| undo.restore_irsa(doc)).await?;
        }
        Change::RemovePodIdentityTrust { role, undo, .. } => {
            edit_to(ctx, role, |doc| undo.undo(doc)).await?;
        }
        Change::RemoveTrustGrants { role, remove, .. } => {
            let pairs = super::grant_pairs(remove);
            // An unscoped grant stands for the statements that admit any association (#32).
            let unscoped = remove.iter().any(|g| !g.scoped);
            edit_to(ctx, role, |doc| {
                let doc = crate::policy::trust::without_service_accounts(doc, &pairs);
                if unscoped {
                    crate::policy::trust::without_unscoped_pod_identity(&doc)
                } else {
                    doc
                }
            })
            .await?;
        }
        Change::RestoreAnnotations {
            namespace,
            service_account,
            annotations,
        } => {
            let set: BTreeMap<String, Option<String>> = annotations
                .iter()
                .map(|(k, v)| (k.clone(), Some(v.clone())))
                .collect();
            kube()?
                .annotate_service_account(namespace, service_account, &set)
                .await?;
        }
        Change::RestartWorkloads {
            namespace,
            service_account,
            ..
        } => {
            let now = aws_smithy_types::DateTime::from(std::time::SystemTime::now())
                .fmt(aws_smithy_types::date_time::Format::DateTime)
                .unwrap_or_default();
            return Ok(Answer::Restarted(
                kube()?
                    .restart_workloads(namespace, service_account, &now)
                    .await?,
            ));
        }
        Change::RemoveIrsa {
            role,
            provider,
            namespace,
            service_account,
            ..
        } => {
            let kube = kube()?;
            // Only once every pod of the service account has Pod Identity credentials.
            let waiting = kube
                .pods_of(namespace, service_account)
                .await?
                .iter()
                .filter(|p| !p.pod_identity_injected)
                .count();
            if waiting > 0 {
                return Ok(Answer::KeptIrsa(waiting));
            }
            let request = crate::policy::trust::PodIdentityRequest {
                cluster_name: t.cluster,
                cluster_arn: t.cluster_arn,
                namespace,
                service_account,
                session_tags: true,
            };
            let admits_pods = |doc: &serde_json::Value| {
                matches!(
                    crate::policy::trust::admits(doc, &request),
                    crate::policy::trust::Verdict::Admits
                )
            };
            let irsa_left = |doc: &serde_json::Value| {
                !crate::policy::irsa::remove_service_account(
                    doc,
                    provider,
                    namespace,
                    service_account,
                )
                .1
                .is_empty()
            };
            // Only on a fresh document that still lets Pod Identity in; trust first, annotation
            // last.
            ctx.edit_trust_policy(
                role,
                |current| {
                    if !admits_pods(current) {
                        return TrustEdit::Refuse(format!(
                            "its Pod Identity statement for {namespace}/{service_account} is not there (any more), so IRSA is kept: run the command again without removing IRSA"
                        ));
                    }
                    let (narrowed, changes) = crate::policy::irsa::remove_service_account(
                        current,
                        provider,
                        namespace,
                        service_account,
                    );
                    if changes.is_empty() {
                        TrustEdit::Unchanged
                    } else {
                        TrustEdit::Write(narrowed)
                    }
                },
                |doc| admits_pods(doc) && !irsa_left(doc),
            )
            .await?;
            kube.annotate_service_account(
                namespace,
                service_account,
                &BTreeMap::from([(crate::kube::ROLE_ARN_ANNOTATION.to_string(), None)]),
            )
            .await?;
        }
        Change::ClearAddonAssociations { cluster, addon, .. } => {
            ctx.set_addon_pod_identity(cluster, addon, &[]).await?;
        }
        Change::CreateAddon {
            cluster,
            addon,
            version,
            configuration,
            resolve,
        } => {
            let created = ctx
                .create_addon(
                    cluster,
                    addon,
                    version,
                    configuration.as_deref(),
                    resolve_conflicts(*resolve),
                )
                .await?;
            if !created {
                ctx.update_addon(
                    cluster,
                    addon,
                    version,
                    configuration.as_deref(),
                    resolve_conflicts(*resolve),
                )
                .await?;
            }
        }
        Change::UpdateAddon {
            cluster,
            addon,
            after,
            configuration,
            resolve,
            ..
        } => {
            ctx.update_addon(
                cluster,
                addon,
                after,
                configuration.as_deref(),
                resolve_conflicts(*resolve),
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
                return Err(ChangeError::Aws(AwsError::Service {
                    action: "eks:UpdateAddon",
                    code: "Refused".into(),
                    message: format!(
                        "epi does not send an empty podIdentityAssociations list for add-on {addon}: it would delete every association the add-on owns"
                    ),
                }));
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
            add_to_trust(
                ctx,
                role,
                |doc| {
                    add.iter()
                        .all(|g| g.admitted_by(doc, t.cluster, t.cluster_arn))
                },
                |current| {
                    let mut doc = current.clone();
                    for g in add {
                        if !g.admitted_by(&doc, t.cluster, t.cluster_arn) {
                            doc = g.added_to(&doc, t.cluster, t.cluster_arn);
                        }
                    }
                    doc
                },
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
        Change::DeleteRole { role, stack } => {
            if let Some(stack) = stack {
                // Ownership is proved again right before the delete: the plan may be minutes old.
                if let Some(details) = ctx.role_details(role).await? {
                    if Ownership::of(&details.tags, Some(stack)) != Ownership::Ours {
                        return Err(ChangeError::Refused(format!(
                            "role {role} no longer carries stack {stack}'s ownership tags: it was not deleted"
                        )));
                    }
                    // Tags can be forged; the path cannot (#32).
                    if !path_proves_stack(&details.path, stack) {
                        return Err(ChangeError::Refused(format!(
                            "role {role} has path {}, not under {}, so nothing proves stack {stack} created it: it was not deleted",
                            details.path,
                            stack_path(stack)
                        )));
                    }
                }
            }
            ctx.delete_role_and_policies(role).await?
        }
        Change::CreateAssociation {
            cluster,
            namespace,
            service_account,
            fields,
            tags,
        } => {
            let new = crate::aws::eks::NewAssociation {
                cluster: cluster.clone(),
                namespace: namespace.clone(),
                service_account: service_account.clone(),
                role_arn: fields.role_arn.clone(),
                target_role_arn: fields.target_role_arn.clone(),
                disable_session_tags: fields.disable_session_tags,
                session_policy: fields.session_policy.as_ref().map(|p| p.to_string()),
                tags: tags.clone(),
            };
            let made = create_association(ctx, &new, fresh_role).await;
            return match made {
                Ok(a) => Ok(Answer::Association(Box::new(a))),
                Err(AwsError::AssociationExists {
                    existing: Some((id, role)),
                    ..
                }) if t.converge_existing && role == fields.role_arn => Ok(Answer::Association(
                    Box::new(ctx.describe_association(cluster, &id).await?),
                )),
                Err(e) => Err(e.into()),
            };
        }
        Change::UpdateAssociation {
            cluster,
            association_id,
            before,
            after,
            ..
        } => {
            return Ok(Answer::Association(Box::new(
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
                .await?,
            )));
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
            Err(e) => return Err(e.into()),
        },
    }
    Ok(Answer::None)
}

/// Rewrites a role's trust policy, read fresh, to `desired(current)`, and reads it back until it
/// holds.
async fn edit_to(
    ctx: &AwsContext,
    role: &str,
    desired: impl Fn(&serde_json::Value) -> serde_json::Value,
) -> Result<(), AwsError> {
    ctx.edit_trust_policy(
        role,
        |current| {
            let d = desired(current);
            if d == *current {
                TrustEdit::Unchanged
            } else {
                TrustEdit::Write(d)
            }
        },
        |doc| desired(doc) == *doc,
    )
    .await?;
    Ok(())
}

/// Creates an association. A role IAM has just created can take a few seconds to be visible to
/// EKS (IAM is eventually consistent), and EKS then rejects it as invalid: for a role this run
/// made (`fresh_role`), that answer is retried a few times, waiting 2, 4, 8 and 16 seconds.
async fn create_association(
    ctx: &AwsContext,
    new: &crate::aws::eks::NewAssociation,
    fresh_role: bool,
) -> Result<Association, AwsError> {
    let mut delay = std::time::Duration::from_secs(2);
    let mut attempt = 1;
    loop {
        match ctx.create_association(new).await {
            Err(AwsError::InvalidParameter { message, .. })
                if fresh_role && attempt < 5 && message.to_ascii_lowercase().contains("role") =>
            {
                tokio::time::sleep(delay).await;
                delay *= 2;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// Adds to a role's trust policy: applied to the document as it is now (read fresh), nothing
/// written when `holds` already, refused over IAM's maximum size, read back until it holds.
async fn add_to_trust(
    ctx: &AwsContext,
    role: &str,
    holds: impl Fn(&serde_json::Value) -> bool,
    add: impl Fn(&serde_json::Value) -> serde_json::Value,
) -> Result<(), AwsError> {
    ctx.edit_trust_policy(
        role,
        |current| {
            if holds(current) {
                return TrustEdit::Unchanged;
            }
            let doc = add(current);
            match crate::policy::limits::trust_size(&doc) {
                crate::policy::limits::TrustSize::OverMax(size) => TrustEdit::Refuse(format!(
                    "the trust policy would be {size} characters, over IAM's maximum of {}",
                    crate::policy::limits::TRUST_MAX
                )),
                _ => TrustEdit::Write(doc),
            }
        },
        &holds,
    )
    .await?;
    Ok(())
}
