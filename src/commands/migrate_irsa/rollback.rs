//! `epi migrate-irsa rollback --backup FILE`: restore the trust policies and annotations a
//! migration changed, and delete the associations it created (repointed ones are pointed back).

use crate::validate::RoleArn;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::aws::AwsError;
use crate::aws::eks::AssociationChange;
use crate::cli::MigrateRollbackArgs;
use crate::commands::{aws_context, interactive, kube_for_cluster};
use crate::error::{Error, Result, exit};
use crate::output::{self, DataFormat, Printer};

use super::Backup;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Restored {
    kind: &'static str,
    name: String,
    action: String,
}

pub async fn run(args: &MigrateRollbackArgs, printer: Printer) -> Result<u8> {
    let Some(backup) = Backup::load(&args.backup)? else {
        return Err(Error::invalid(
            "backup file",
            args.backup.display().to_string(),
            "it does not exist",
        )
        .with_hint("give the file a migrate-irsa run wrote"));
    };
    if !args.yes && !interactive() {
        return Err(Error::usage(
            "refusing to roll back without confirmation: not on a terminal, and --yes was not given",
            "add --yes",
        ));
    }
    let ctx = aws_context(&args.aws, Some(&backup.region)).await?;
    // The Kubernetes API of the backup's cluster, chosen as migrate-irsa chooses it, and never
    // another's: restoring prod's annotations onto stage's service accounts would break both.
    let cluster = ctx.describe_cluster(&backup.cluster).await?;
    validate(&backup, &cluster.account).map_err(|reason| {
        Error::invalid("backup file", args.backup.display().to_string(), reason).with_hint(
            "give the backup a migrate-irsa run wrote, unedited: rollback changes only what it records",
        )
    })?;
    let kube = kube_for_cluster(&ctx, &cluster, &args.kube, printer).await?;
    if let Some(endpoint) = cluster.endpoint.as_deref().filter(|e| !e.is_empty())
        && endpoint.trim_end_matches('/') != kube.server().trim_end_matches('/')
    {
        return Err(Error::Precondition {
            message: format!(
                "the kubeconfig context talks to {}, but the backup is of cluster {} whose endpoint is {endpoint}: nothing was changed",
                kube.server(),
                backup.cluster
            ),
            hint: format!(
                "give --context of cluster {} (`aws eks update-kubeconfig --name {} --region {}` makes one), or leave out --kubeconfig/--context to connect with an EKS token",
                backup.cluster, backup.cluster, backup.region
            ),
        });
    }
    // Reachable before anything is deleted: a rollback that stops after the associations are
    // gone but before the annotations are back leaves workloads with no credentials.
    let namespaces: Vec<String> = backup
        .service_accounts
        .values()
        .map(|sa| sa.namespace.clone())
        .take(1)
        .collect();
    if !namespaces.is_empty() {
        kube.service_accounts(&namespaces)
            .await
            .map_err(|e| Error::Precondition {
                message: format!(
                    "the Kubernetes API of cluster {} cannot be used ({e}): nothing was changed",
                    backup.cluster
                ),
                hint: e.hint(),
            })?;
    }
    if !args.yes {
        let go = dialoguer::Confirm::new()
            .with_prompt(format!(
                "Roll back the migration of cluster {} ({} service accounts, {} roles)?",
                backup.cluster,
                backup.service_accounts.len(),
                backup.roles.len()
            ))
            .default(false)
            .interact()
            .map_err(|e| Error::usage(format!("no answer to the prompt: {e}"), "add --yes"))?;
        if !go {
            printer.note("nothing was changed");
            return Ok(exit::FAILURE);
        }
    }
    // A rollback is one step for SIGINT/SIGTERM: its trust restore at the end must follow the
    // association deletions it undoes, so a signal lets it finish rather than stop halfway.
    crate::interrupt::changes_begin();
    let _journal = super::JournalLock::acquire(&args.backup)?;
    let mut done = Vec::new();
    let result: Result<()> = async {
        // What each role's trust must lose and keep, worked out before anything changes.
        let provider = cluster
            .oidc_issuer
            .as_deref()
            .map(crate::policy::irsa::provider_from_issuer)
            .unwrap_or_default();
        let others: Vec<String> = ctx
            .list_clusters()
            .await?
            .into_iter()
            .filter(|c| *c != backup.cluster)
            .collect();
        let mut undos = Vec::new();
        for (role, saved) in &backup.roles {
            let pairs: Vec<(String, String)> = backup
                .service_accounts
                .values()
                .filter(|sa| RoleArn::name_of(&sa.role_arn) == role.as_str())
                .map(|sa| (sa.namespace.clone(), sa.name.clone()))
                .collect();
            // A Pod Identity statement another live association of the role relies on stays.
            let mut keep = Vec::new();
            for (ns, sa) in &pairs {
                for other in &others {
                    if ctx
                        .find_association(other, ns, sa)
                        .await?
                        .is_some_and(|a| a.role_arn == saved.arn)
                    {
                        keep.push((ns.clone(), sa.clone()));
                        break;
                    }
                }
            }
            let addon_accounts: Vec<String> = backup
                .addons
                .values()
                .filter(|a| RoleArn::name_of(&a.service_account_role_arn) == role.as_str())
                .flat_map(|a| a.service_accounts.iter().cloned())
                .collect();
            undos.push(RoleUndo {
                role,
                before: &saved.trust_policy,
                pairs,
                keep,
                addon_accounts,
            });
        }

        // Migrate's order backwards, so that a run stopped at any point leaves every service
        // account a working credential path: first the IRSA trust statements come back (the
        // Pod Identity ones stay), then per service account its annotations, and only then its
        // association goes; the Pod Identity statements go last.
        for u in &undos {
            u.apply(&ctx, &provider, false).await?;
        }
        for sa in backup.service_accounts.values() {
            let name = format!("{}/{}", sa.namespace, sa.name);
            let changes: BTreeMap<String, Option<String>> = sa
                .annotations
                .iter()
                .map(|(k, v)| (k.clone(), Some(v.clone())))
                .collect();
            if !changes.is_empty() {
                kube.annotate_service_account(&sa.namespace, &sa.name, &changes)
                    .await?;
                done.push(Restored {
                    kind: "serviceaccount",
                    name: name.clone(),
                    action: "annotations restored".into(),
                });
            }
            // A create whose id never reached the backup: find it by its service account.
            let intended = match (&sa.created_association_id, sa.association_intent) {
                (None, true) => ctx
                    .find_association(&backup.cluster, &sa.namespace, &sa.name)
                    .await?
                    .filter(|a| a.role_arn == sa.role_arn)
                    .map(|a| a.association_id),
                _ => None,
            };
            if let Some(id) = sa.created_association_id.as_ref().or(intended.as_ref()) {
                match ctx.delete_association(&backup.cluster, id).await {
                    Ok(()) | Err(AwsError::NotFound { .. }) => done.push(Restored {
                        kind: "association",
                        name: id.clone(),
                        action: format!("deleted ({name})"),
                    }),
                    Err(e) => return Err(Error::from(e)),
                }
            }
            if let Some((id, role)) = &sa.replaced_association {
                ctx.update_association(
                    &backup.cluster,
                    id,
                    &AssociationChange {
                        role_arn: Some(role.clone()),
                        ..AssociationChange::default()
                    },
                )
                .await?;
                done.push(Restored {
                    kind: "association",
                    name: id.clone(),
                    action: format!("pointed back at {role}"),
                });
            }
        }
        for name in backup.addons.keys() {
            ctx.set_addon_pod_identity(&backup.cluster, name, &[])
                .await?;
            done.push(Restored {
                kind: "addon",
                name: name.clone(),
                action: "Pod Identity associations removed".into(),
            });
        }
        // Each role's trust is undone as a diff against its state before the migration (see
        // policy::undo): another cluster's statements, added or removed since, are kept.
        for u in &undos {
            u.apply(&ctx, &provider, true).await?;
            done.push(Restored {
                kind: "role",
                name: u.role.clone(),
                action: "trust policy restored".into(),
            });
        }
        Ok(())
    }
    .await;
    // What was done is printed even when a step failed midway, then the error.
    print_restored(&done, args.output, printer)?;
    result?;
    Ok(exit::SUCCESS)
}

/// The undo of one role's trust policy.
struct RoleUndo<'a> {
    role: &'a String,
    /// The trust policy before the migration.
    before: &'a serde_json::Value,
    /// The service accounts of this cluster the migration gave the role.
    pairs: Vec<(String, String)>,
    /// Those another live association of the role still relies on.
    keep: Vec<(String, String)>,
    addon_accounts: Vec<String>,
}

impl RoleUndo<'_> {
    /// Edits the role's trust, read fresh: with `remove_pod_identity` false only the IRSA
    /// statements come back (every Pod Identity statement stays); with it, the whole undo.
    async fn apply(
        &self,
        ctx: &crate::aws::AwsContext,
        provider: &str,
        remove_pod_identity: bool,
    ) -> Result<()> {
        let (keep, addon_accounts): (&[(String, String)], &[String]) = if remove_pod_identity {
            (&self.keep, &self.addon_accounts)
        } else {
            (&self.pairs, &[])
        };
        let undo = |doc: &serde_json::Value| {
            crate::policy::undo::undo_migration(
                doc,
                self.before,
                provider,
                &self.pairs,
                keep,
                addon_accounts,
            )
        };
        ctx.edit_trust_policy(
            self.role,
            |current| {
                let desired = undo(current);
                if desired == *current {
                    crate::aws::iam::TrustEdit::Unchanged
                } else {
                    crate::aws::iam::TrustEdit::Write(desired)
                }
            },
            |doc| undo(doc) == *doc,
        )
        .await?;
        Ok(())
    }
}

fn print_restored(done: &[Restored], format: DataFormat, printer: Printer) -> Result<()> {
    let text = match format {
        DataFormat::Json => output::to_json(done),
        DataFormat::Yaml => output::to_yaml(&done),
        DataFormat::Table => {
            let mut table = output::table(&["KIND", "NAME", "ACTION"]);
            for r in done {
                table.add_row(output::row([
                    r.kind.to_string(),
                    r.name.clone(),
                    r.action.clone(),
                ]));
            }
            output::render_table(&table)
        }
    };
    printer.stdout(&text)
}

/// A backup is undone only when it is one a migration of this cluster could have written: every
/// role it would restore is the role of a service account or add-on it records, in the cluster's
/// account, with a trust policy that is a policy. A hand-edited backup must not apply an arbitrary
/// trust policy to an arbitrary role.
fn validate(backup: &Backup, account: &str) -> std::result::Result<(), String> {
    let role_name = |arn: &str| -> std::result::Result<(String, String), String> {
        let parsed = RoleArn::parse("role ARN", arn).map_err(|e| e.to_string())?;
        Ok((parsed.account, parsed.name))
    };
    let mut used = std::collections::BTreeSet::new();
    for (key, sa) in &backup.service_accounts {
        let (_, name) =
            role_name(&sa.role_arn).map_err(|e| format!("service account {key}: {e}"))?;
        used.insert(name);
    }
    for (addon, a) in &backup.addons {
        let (_, name) =
            role_name(&a.service_account_role_arn).map_err(|e| format!("add-on {addon}: {e}"))?;
        used.insert(name);
    }
    for (name, saved) in &backup.roles {
        let (role_account, arn_name) =
            role_name(&saved.arn).map_err(|e| format!("role {name}: {e}"))?;
        if &arn_name != name {
            return Err(format!(
                "role {name} is recorded with the ARN of role {arn_name} ({})",
                saved.arn
            ));
        }
        if !account.is_empty() && role_account != account {
            return Err(format!(
                "role {name} is in account {role_account}, not in cluster {}'s account {account}",
                backup.cluster
            ));
        }
        if !used.contains(name) {
            return Err(format!(
                "role {name} is not the role of any service account or add-on the backup records"
            ));
        }
        if !saved
            .trust_policy
            .get("Statement")
            .is_some_and(|s| s.is_array() || s.is_object())
        {
            return Err(format!(
                "the trust policy recorded for role {name} is not a policy document"
            ));
        }
    }
    Ok(())
}
