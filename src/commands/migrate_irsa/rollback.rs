//! `epi migrate-irsa rollback --backup FILE`: restore the trust policies and annotations a
//! migration changed, and delete the associations it created (repointed ones are pointed back).

use serde::Serialize;

use crate::aws::AwsContext;
use crate::aws::eks::ClusterInfo;
use crate::cli::MigrateRollbackArgs;
use crate::commands::{aws_context, kube_for_cluster};
use crate::error::{Error, Result, exit};
use crate::output::{self, DataFormat, Printer};
use crate::plan::Change;
use crate::validate::RoleArn;

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
    // Settled before any AWS call: off a terminal without --yes nothing is rolled back (exit 3,
    // the one rule of every command that asks).
    if !crate::commands::runner::may_go_on(args.yes, args.dry_run, printer) {
        return Ok(exit::PENDING);
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
    let observed = observe(&ctx, &cluster, &backup).await?;
    let plan = crate::plan::rollback::plan(&backup, &observed)?;
    if args.dry_run {
        printer.note("dry run: a rollback would make the changes below; nothing was changed");
        return print_plan(&backup, &plan, args.output, printer);
    }
    let prompt = format!(
        "Roll back the migration of cluster {} ({} service accounts, {} roles)?",
        backup.cluster,
        backup.service_accounts.len(),
        backup.roles.len()
    );
    if !crate::commands::runner::confirm(args.yes, &prompt, printer)? {
        return Ok(exit::PENDING);
    }
    let _journal = super::JournalLock::acquire(&args.backup)?;
    // Through the engine, phase by phase (see Change::phase): migrate's order backwards, so that
    // a run stopped at any point leaves every service account a working credential path. First
    // the IRSA trust statements come back (Pod Identity ones stay), then the annotations; only
    // then do the associations go, and the Pod Identity statements last.
    // One step for SIGINT/SIGTERM, as before the engine: a signal lets it finish.
    let report = crate::commands::runner::Runner::new(&ctx, &cluster.name, &cluster.arn)
        .kube(&kube)
        .atomic()
        .concurrency(4)
        .execute(plan, &|_, _| {})
        .await;
    let done: Vec<Restored> = report
        .results
        .iter()
        .filter(|(_, o)| *o == crate::plan::execute::Outcome::Done)
        .filter_map(|(c, _)| restored(c))
        .collect();
    // What was done is printed even when a step failed midway, then the error.
    print_restored(&done, args.output, printer)?;
    if let Some((_, error)) = report.first_failure() {
        return Err(error.clone().into());
    }
    if !done.is_empty() {
        // Running pods keep the credentials they have (#33 item 16).
        printer.note("running pods keep their Pod Identity credentials until these expire (up to 6 hours) and do not read the restored IRSA annotation: restart the workloads of these service accounts (`kubectl rollout restart`) to move them back to IRSA now");
    }
    Ok(exit::SUCCESS)
}

/// Reads what the rollback's plan needs (`plan::rollback::Observed`), in the order the plan
/// uses it: per role, whether another cluster's association relies on its statements, and its
/// trust now; per service account, a create the backup has no id for, and a repointed
/// association as it is now.
async fn observe(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    backup: &Backup,
) -> Result<crate::plan::rollback::Observed> {
    let mut observed = crate::plan::rollback::Observed {
        provider: cluster
            .oidc_issuer
            .as_deref()
            .map(crate::policy::irsa::provider_from_issuer)
            .unwrap_or_default(),
        ..Default::default()
    };
    let others: Vec<String> = ctx
        .list_clusters()
        .await?
        .into_iter()
        .filter(|c| *c != backup.cluster)
        .collect();
    for (role, saved) in &backup.roles {
        let mut relied_on = Vec::new();
        for (ns, sa) in crate::plan::rollback::pairs_of(backup, role) {
            for other in &others {
                if ctx
                    .find_association(other, &ns, &sa)
                    .await?
                    .is_some_and(|a| a.role_arn == saved.arn)
                {
                    relied_on.push((ns.clone(), sa.clone()));
                    break;
                }
            }
        }
        observed.relied_on.insert(role.clone(), relied_on);
        let trust = ctx.get_role(role).await?.map(|r| r.trust_policy);
        let gone = trust.is_none();
        observed.trust.insert(role.clone(), trust);
        if gone {
            // The plan refuses it: nothing more to read.
            return Ok(observed);
        }
    }
    for (key, sa) in &backup.service_accounts {
        if sa.created_association_id.is_none()
            && sa.association_intent
            && let Some(a) = ctx
                .find_association(&backup.cluster, &sa.namespace, &sa.name)
                .await?
        {
            observed.intended.insert(key.clone(), a);
        }
        if let Some((id, _)) = &sa.replaced_association {
            let current = ctx.describe_association(&backup.cluster, id).await?;
            observed.repointed.insert(id.clone(), current);
        }
    }
    Ok(observed)
}

/// A done change as a row of the rollback report.
fn restored(change: &Change) -> Option<Restored> {
    let (kind, name, action) = match change {
        Change::RestoreIrsaTrust { role, .. } => (
            "role",
            role.clone(),
            "IRSA trust statements restored".to_string(),
        ),
        Change::RemovePodIdentityTrust { role, .. } => {
            ("role", role.clone(), "trust policy restored".to_string())
        }
        Change::RestoreAnnotations {
            namespace,
            service_account,
            ..
        } => (
            "serviceaccount",
            format!("{namespace}/{service_account}"),
            "annotations restored".to_string(),
        ),
        Change::DeleteAssociation {
            association_id,
            namespace,
            service_account,
            ..
        } => (
            "association",
            association_id.clone(),
            format!("deleted ({namespace}/{service_account})"),
        ),
        Change::UpdateAssociation {
            association_id,
            after,
            ..
        } => (
            "association",
            association_id.clone(),
            format!("pointed back at {}", after.role_arn),
        ),
        Change::ClearAddonAssociations { addon, .. } => (
            "addon",
            addon.clone(),
            "Pod Identity associations removed".to_string(),
        ),
        _ => return None,
    };
    Some(Restored { kind, name, action })
}

/// A dry run's plan: the engine's table for people, `{cluster, region, changes}` for programs.
fn print_plan(
    backup: &Backup,
    plan: &[Change],
    format: DataFormat,
    printer: Printer,
) -> Result<u8> {
    let views: Vec<crate::plan::ChangeView> = plan.iter().map(Change::view).collect();
    let doc = serde_json::json!({
        "cluster": backup.cluster,
        "region": backup.region,
        "changes": views,
    });
    let text = match format {
        DataFormat::Json => output::to_json(&doc),
        DataFormat::Yaml => output::to_yaml(&doc),
        DataFormat::Table if plan.is_empty() => {
            "Nothing to roll back: the live state has no change the backup records.\n".to_string()
        }
        DataFormat::Table | DataFormat::Wide => crate::output::plan::to_table(&[(
            backup.cluster.clone(),
            crate::plan::Plan {
                changes: plan.to_vec(),
                notes: Vec::new(),
                ..Default::default()
            },
        )]),
    };
    printer.stdout(&text)?;
    Ok(exit::SUCCESS)
}

fn print_restored(done: &[Restored], format: DataFormat, printer: Printer) -> Result<()> {
    let text = match format {
        DataFormat::Json => output::to_json(done),
        DataFormat::Yaml => output::to_yaml(&done),
        DataFormat::Table | DataFormat::Wide => {
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
