//! `epi migrate-irsa --cluster C`: parse → observe → plan (`plan::migrate_irsa`, pure) → run. The
//! plan finds the IRSA service accounts and orders their steps as AWS documents them: trust,
//! association, restart, and only then the IRSA removal; the runner carries out exactly those
//! steps, journaled in the backup.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use futures_util::stream::{self, StreamExt, TryStreamExt};
use std::sync::Mutex;

use crate::aws::AwsContext;
use crate::aws::eks::{AGENT_ADDON, ClusterInfo};
use crate::aws::iam::RoleInfo;
use crate::cli::MigrateIrsaArgs;
use crate::commands::runner::{Runner, confirm};
use crate::commands::{aws_context, interactive, kube_for_cluster};
use crate::error::{Error, Result, exit};
use crate::kube::KubeContext;
use crate::output::{self, DataFormat, Printer};
use crate::plan::Change;
use crate::plan::execute::Outcome;
use crate::plan::migrate_irsa::{
    self, Action, AddonFacts, Failure, Observed, Options, Row, RowResult, ServiceAccountFacts,
    Unit, UnitKind,
};
use crate::policy::irsa;
use crate::policy::trust::{self, PodIdentityRequest, Verdict};
use crate::validate::{Arn, names};

use super::{Backup, RoleBackup, ServiceAccountBackup};

pub async fn run(args: &MigrateIrsaArgs, printer: Printer) -> Result<u8> {
    // Parse.
    let cluster_name = args.cluster.clone().expect("clap requires --cluster");
    names::cluster_name(&cluster_name)?;
    for ns in &args.namespaces {
        names::dns1123_label("namespace", ns)?;
    }
    let backup_path = args
        .backup
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("epi-migrate-irsa-{cluster_name}.json")));
    crate::files::output_target(&backup_path, "backup file")?;
    if let Some(existing) = Backup::load(&backup_path)?
        && existing.cluster != cluster_name
    {
        return Err(Error::invalid(
            "backup file",
            backup_path.display().to_string(),
            format!("it is the backup of cluster {}", existing.cluster),
        )
        .with_hint("give another --backup path for this cluster"));
    }
    let options = Options {
        force: args.force,
        restart_workloads: args.restart_workloads,
        remove_irsa: args.remove_irsa,
        install_agent: !args.no_install_agent,
    };

    // Observe.
    let ctx = aws_context(&args.aws, args.region.as_deref()).await?;
    let cluster = ctx.describe_cluster(&cluster_name).await?;
    let Some(issuer) = cluster.oidc_issuer.clone() else {
        return Err(Error::Precondition {
            message: format!("cluster {cluster_name} has no OIDC issuer, so no IRSA to migrate"),
            hint: "nothing to do".into(),
        });
    };
    let provider = irsa::provider_from_issuer(&issuer);
    let kube = kube_for_cluster(&ctx, &cluster, &args.kube, printer).await?;
    let (observed, agent_error) = observe(&ctx, &kube, cluster, provider, args).await?;

    // Plan.
    let mut plan = migrate_irsa::plan(&observed, &options);
    // What was read is in the plan now: only the cluster and its provider are kept.
    let Observed {
        cluster,
        provider,
        accounts,
        roles,
        addons,
        ..
    } = observed;
    drop((accounts, roles, addons));
    let pending = plan.pending();
    let rows = std::mem::take(&mut plan.rows);
    if pending && let Some(e) = agent_error {
        return Err(e);
    }
    if plan.agent_missing && pending {
        printer.warn(&format!(
            "the {AGENT_ADDON} add-on is not installed on {cluster_name}{}",
            if plan.agent_blocked {
                ""
            } else {
                ": it will be installed first"
            }
        ));
    }
    if args.dry_run || !pending {
        print_rows(&rows, args.output, &cluster.arn, printer)?;
        if args.dry_run && pending && args.output.is_table() {
            // The same plan as the engine's table, with each trust policy change as a diff.
            printer.stdout(&format!(
                "\n{}",
                crate::output::plan::views_table(&plan.views())
            ))?;
        }
        return Ok(exit_code(&rows, false));
    }
    if plan.agent_blocked {
        return Err(Error::Precondition {
            message: format!(
                "the {AGENT_ADDON} add-on is not installed on {cluster_name}: nothing was changed"
            ),
            hint: format!(
                "install it with `epi addon install --cluster {cluster_name}`, or leave out --no-install-agent"
            ),
        });
    }

    // Run: confirm, the agent first, then the units, journaled in the backup.
    // After a prompt, the plan may be minutes old: roles are read again before they are changed.
    let prompted = !args.yes;
    if !args.yes {
        if !interactive() {
            print_rows(&rows, args.output, &cluster.arn, printer)?;
            printer.note("changes are pending: run again with --yes to carry them out");
            return Ok(exit::PENDING);
        }
        print_rows(&rows, DataFormat::Table, &cluster.arn, printer)?;
        let prompt = format!(
            "Carry out this plan on cluster {cluster_name}? (backup: {})",
            backup_path.display()
        );
        if !confirm(false, &prompt, printer)? {
            return Ok(exit::PENDING);
        }
    }
    let run = Run {
        ctx: &ctx,
        kube: &kube,
        cluster: &cluster,
        provider: &provider,
        backup_path: &backup_path,
        printer,
    };
    run.carry_out(plan, rows, prompted, args).await
}

/// What the run of a plan needs.
struct Run<'a> {
    ctx: &'a AwsContext,
    kube: &'a KubeContext,
    cluster: &'a ClusterInfo,
    provider: &'a str,
    backup_path: &'a std::path::Path,
    printer: Printer,
}

impl Run<'_> {
    /// Carries out an approved plan: the agent first, then the service accounts' units (one role
    /// at a time per role, roles in parallel), the add-ons' last, journaled in the backup; then
    /// the end-of-run check of every role, and the report.
    async fn carry_out(
        &self,
        plan: migrate_irsa::Plan,
        mut rows: Vec<Row>,
        prompted: bool,
        args: &MigrateIrsaArgs,
    ) -> Result<u8> {
        let printer = self.printer;
        let cluster_name = &self.cluster.name;
        if let Some(agent) = plan.agent.clone() {
            install_agent(self.ctx, self.cluster, agent, printer).await?;
        }

        crate::interrupt::changes_begin();
        let _journal = super::JournalLock::acquire(self.backup_path)?;
        let backup = Arc::new(Mutex::new(Backup::load(self.backup_path)?.unwrap_or(
            Backup {
                version: 1,
                cluster: cluster_name.clone(),
                region: self.cluster.region.clone(),
                ..Backup::default()
            },
        )));
        let run = Units {
            ctx: self.ctx,
            kube: self.kube,
            cluster: self.cluster,
            provider: self.provider,
            backup: &backup,
            backup_path: self.backup_path,
        };
        // One role at a time per role (trust updates of one role must not race), roles in parallel;
        // add-ons after the service accounts (an add-on's role may be one of theirs).
        let (addon_units, sa_units): (Vec<Unit>, Vec<Unit>) = plan
            .units
            .into_iter()
            .partition(|u| matches!(u.kind, UnitKind::Addon { .. }));
        let mut by_role: BTreeMap<String, Vec<Unit>> = BTreeMap::new();
        for u in sa_units {
            by_role.entry(u.role_name.clone()).or_default().push(u);
        }
        let bar = printer.progress(
            rows.iter().filter(|r| r.action == Action::Migrate).count() as u64,
            "migrating service accounts",
        );
        let outcomes: Vec<Vec<(String, Ran)>> = stream::iter(by_role.into_values())
            .map(|group| {
                let (run, bar) = (&run, &bar);
                async move {
                    let mut out = Vec::new();
                    // The role as last read or written by this group (one group per role, so
                    // nothing else in this run changes it in between).
                    let mut known = if prompted {
                        None
                    } else {
                        group.first().map(|u| u.role.clone())
                    };
                    for unit in group {
                        if crate::interrupt::requested().is_some() {
                            out.push((unit.key.clone(), Ran::not_started()));
                            continue;
                        }
                        let ran = run.service_account(&unit, &mut known).await;
                        bar.inc(1);
                        out.push((unit.key.clone(), ran));
                    }
                    out
                }
            })
            .buffer_unordered(args.concurrency as usize)
            .collect()
            .await;
        let mut outcomes: BTreeMap<String, Ran> = outcomes.into_iter().flatten().collect();
        for unit in &addon_units {
            let ran = if crate::interrupt::requested().is_some() {
                Ran::not_started()
            } else {
                run.addon(unit).await
            };
            bar.inc(1);
            outcomes.insert(unit.key.clone(), ran);
        }
        bar.finish_and_clear();
        // The created associations' ids the journal holds in memory (see BackupJournal).
        lock(&backup).save(self.backup_path)?;
        reverify_roles(
            self.ctx,
            self.cluster,
            &rows,
            &mut outcomes,
            args.settle_delay,
            args.concurrency as usize,
            printer,
        )
        .await;
        let mut failed = false;
        for row in &mut rows {
            let key = row.key();
            match outcomes.remove(&key) {
                Some(ran) => {
                    if let RowResult::Failed(failure) = &ran.result {
                        failed = true;
                        printer.warn(&format!("{key}: {failure}"));
                    }
                    row.result = Some(ran.result);
                    // What ran, as the engine's changes (the plan's unless a race was met).
                    if let Some(changes) = ran.changes {
                        row.changes = changes;
                    }
                }
                None => row.result = Some(RowResult::Planned(row.action)),
            }
        }
        printer.note(&format!(
            "backup: {} (undo with `epi migrate-irsa rollback --backup {}`)",
            self.backup_path.display(),
            self.backup_path.display()
        ));
        print_rows(&rows, args.output, &self.cluster.arn, printer)?;
        Ok(if failed {
            exit::FAILURE
        } else {
            exit_code(&rows, true)
        })
    }
}

/// Reads what the plan is made from: the IRSA service accounts, their pods (one list per
/// namespace), their roles (one read each), their associations, the add-ons on IRSA and the
/// agent, all reads concurrent where they can be. The agent's install is decided here by
/// `plan::addon_install` (EKS's default version); an error of that decision is returned aside,
/// for the run to raise only when there is work to do.
async fn observe(
    ctx: &AwsContext,
    kube: &KubeContext,
    cluster: ClusterInfo,
    provider: String,
    args: &MigrateIrsaArgs,
) -> Result<(Observed, Option<Error>)> {
    let concurrency = args.concurrency as usize;
    let accounts = kube.irsa_service_accounts(&args.namespaces).await?;
    let associations = ctx.list_associations(&cluster.name, None, None).await?;
    let namespaces: std::collections::BTreeSet<String> =
        accounts.iter().map(|sa| sa.namespace.clone()).collect();
    let pods_by_namespace: BTreeMap<String, Vec<crate::kube::PodInfo>> = stream::iter(namespaces)
        .map(|ns| async move { kube.pods_in(&ns).await.map(|pods| (ns, pods)) })
        .buffer_unordered(concurrency)
        .try_collect()
        .await?;
    let role_names: std::collections::BTreeSet<String> = accounts
        .iter()
        .filter_map(|sa| Arn::role("role ARN", &sa.role_arn).ok())
        .filter(|arn| arn.account == cluster.account)
        .map(|arn| arn.name)
        .collect();
    let roles: BTreeMap<String, Option<RoleInfo>> = stream::iter(role_names)
        .map(|name| async move { ctx.get_role(&name).await.map(|info| (name, info)) })
        .buffer_unordered(concurrency)
        .try_collect()
        .await?;
    let cluster_name = &cluster.name;
    let accounts: Vec<ServiceAccountFacts> = stream::iter(accounts)
        .map(|sa| {
            let pods: Vec<_> = pods_by_namespace
                .get(&sa.namespace)
                .into_iter()
                .flatten()
                .filter(|p| p.service_account == sa.name)
                .cloned()
                .collect();
            let summary = migrate_irsa::summary_for(&associations, &sa.namespace, &sa.name)
                .map(|s| s.association_id.clone());
            async move {
                let existing = match summary {
                    Some(id) => Some(ctx.describe_association(cluster_name, &id).await?),
                    None => None,
                };
                Ok::<_, Error>(ServiceAccountFacts { sa, pods, existing })
            }
        })
        .buffered(concurrency)
        .try_collect()
        .await?;
    let mut addons = Vec::new();
    for name in ctx.list_addons(&cluster.name).await? {
        if name == AGENT_ADDON {
            continue;
        }
        if let Some(facts) = observe_addon(ctx, &cluster, &name).await? {
            addons.push(facts);
        }
    }
    let agent_missing = !cluster.auto_mode
        && ctx
            .describe_addon(&cluster.name, AGENT_ADDON)
            .await?
            .is_none();
    let (agent, agent_error) = if agent_missing && !args.no_install_agent {
        let offered = ctx.addon_versions(AGENT_ADDON, &cluster.version).await;
        match crate::plan::addon_install::plan(&cluster, offered, None, &Default::default()) {
            Ok(plan) => (plan.change, None),
            Err(e) => (None, Some(e)),
        }
    } else {
        (None, None)
    };
    Ok((
        Observed {
            cluster,
            provider,
            accounts,
            roles,
            addons,
            agent,
            agent_missing,
        },
        agent_error,
    ))
}

/// An add-on with a `serviceAccountRoleArn`, as the plan needs it (None when it has none).
async fn observe_addon(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    name: &str,
) -> Result<Option<AddonFacts>> {
    let Some(addon) = ctx.describe_addon(&cluster.name, name).await? else {
        return Ok(None);
    };
    let Some(role_arn) = addon.service_account_role_arn.clone() else {
        return Ok(None);
    };
    let mut facts = AddonFacts {
        name: name.to_string(),
        version: addon.version.clone(),
        role_arn: role_arn.clone(),
        has_pod_identity_associations: !addon.pod_identity_associations.is_empty(),
        service_accounts: Ok(Vec::new()),
        role: None,
    };
    if facts.has_pod_identity_associations {
        return Ok(Some(facts));
    }
    facts.service_accounts = ctx
        .addon_pod_identity_service_accounts(name, &addon.version)
        .await
        .map_err(|e| e.to_string());
    if matches!(&facts.service_accounts, Ok(sas) if !sas.is_empty())
        && let Ok(role) = Arn::role("role ARN", &role_arn)
        && role.account == cluster.account
    {
        facts.role = ctx.get_role(&role.name).await?;
    }
    Ok(Some(facts))
}

/// Installs the missing agent (the plan's first change) and waits until it is ACTIVE: the pods
/// restarted next need it to get their credentials.
async fn install_agent(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    agent: Change,
    printer: Printer,
) -> Result<()> {
    Runner::new(ctx, &cluster.name, &cluster.arn)
        .execute_all(vec![agent])
        .await?;
    printer.note(&format!("installing {AGENT_ADDON} on {}", cluster.name));
    let current = crate::commands::addon::wait_until_active(
        ctx,
        &cluster.name,
        std::time::Duration::from_secs(10),
        std::time::Duration::from_secs(600),
        printer,
    )
    .await?;
    if current.is_failed() {
        return Err(Error::Precondition {
            message: format!(
                "{AGENT_ADDON} on {} is {}:\n{}",
                cluster.name,
                current.status.as_str(),
                crate::commands::addon::issues_text(&current.health_issues)
            ),
            hint: "fix the issues named above (for example node IAM permissions), then run the command again".into(),
        });
    }
    Ok(())
}

/// What became of a unit: its result, and the changes it carried out (None when it did not get
/// as far as executing).
struct Ran {
    result: RowResult,
    changes: Option<Vec<crate::plan::ChangeView>>,
}

impl Ran {
    fn not_started() -> Ran {
        Ran {
            result: RowResult::NotStarted,
            changes: None,
        }
    }

    fn failed(e: Error) -> Ran {
        Ran {
            result: RowResult::Failed(Failure::of(e)),
            changes: None,
        }
    }
}

/// What every unit of a run shares.
struct Units<'a> {
    ctx: &'a AwsContext,
    kube: &'a KubeContext,
    cluster: &'a ClusterInfo,
    provider: &'a str,
    backup: &'a Arc<Mutex<Backup>>,
    backup_path: &'a std::path::Path,
}

impl Units<'_> {
    /// A service account's unit: backed up first, then its changes on the role as known now
    /// ([`migrate_irsa::converge`]), carried out by the runner as one unit (a signal waits for
    /// it), journaled in the backup before and after each change. An association a killed run
    /// made but did not record counts as made, and is recorded so that a rollback removes it.
    async fn service_account(&self, unit: &Unit, known: &mut Option<RoleInfo>) -> Ran {
        match self.try_service_account(unit, known).await {
            Ok(ran) => ran,
            Err(e) => Ran::failed(e),
        }
    }

    async fn try_service_account(&self, unit: &Unit, known: &mut Option<RoleInfo>) -> Result<Ran> {
        let UnitKind::ServiceAccount { sa, .. } = &unit.kind else {
            unreachable!("a service account's unit");
        };
        // 1. Back up before any change: the role's trust and the annotations, first snapshot
        // kept. The role is read again unless this run knows its current state (taken: if this
        // unit fails half-way, the next one reads it afresh).
        let mut info = match known.take() {
            Some(info) => {
                record_role(&unit.role_name, &info, self.backup);
                info
            }
            None => snapshot_role(self.ctx, &unit.role_name, self.backup).await?,
        };
        {
            let mut b = lock(self.backup);
            b.service_accounts
                .entry(unit.key.clone())
                .or_insert_with(|| ServiceAccountBackup {
                    namespace: sa.namespace.clone(),
                    name: sa.name.clone(),
                    role_arn: sa.role_arn.clone(),
                    annotations: sa.annotations.clone(),
                    ..ServiceAccountBackup::default()
                });
            b.save(self.backup_path)?;
        }
        // 2. The plan's steps on the role as known now.
        let (changes, readded_before) =
            migrate_irsa::converge(unit, self.cluster, self.provider, &info);
        let mut warning = None;
        for c in &changes {
            if let Change::UpdateTrustPolicy { role, after, .. } = c {
                warning = crate::plan::association::check_trust_size(role, after)?;
            }
        }
        let last_trust = changes
            .iter()
            .filter_map(|c| match c {
                Change::UpdateTrustPolicy { after, .. } | Change::RemoveIrsa { after, .. } => {
                    Some(after.clone())
                }
                _ => None,
            })
            .next_back();
        let views = changes.iter().map(Change::view).collect();
        // 3. Carried out.
        let journal = BackupJournal {
            backup: self.backup,
            path: self.backup_path,
        };
        let report = Runner::new(self.ctx, &self.cluster.name, &self.cluster.arn)
            .kube(self.kube)
            .converge_existing()
            .atomic()
            .journal(&journal)
            .execute_all(changes)
            .await?;
        let result = match report.results.iter().find_map(|(_, o)| match o {
            Outcome::KeptIrsa { waiting } => Some(*waiting),
            _ => None,
        }) {
            Some(waiting) => RowResult::KeptIrsa { waiting },
            None => RowResult::Done {
                restarted: report.restarted.clone(),
                irsa_removed: unit.steps.contains(&migrate_irsa::Step::RemoveIrsa),
                warning,
                readded_before,
                readded_after: None,
            },
        };
        // The next unit of this role starts from the document as this one left it.
        if let Some(trust_policy) = last_trust {
            info.trust_policy = trust_policy;
        }
        *known = Some(info);
        Ok(Ran {
            result,
            changes: Some(views),
        })
    }

    /// An add-on's unit: backed up, then its trust (when the role as read now lacks it) and its
    /// associations, as one unit.
    async fn addon(&self, unit: &Unit) -> Ran {
        match self.try_addon(unit).await {
            Ok(ran) => ran,
            Err(e) => Ran::failed(e),
        }
    }

    async fn try_addon(&self, unit: &Unit) -> Result<Ran> {
        let UnitKind::Addon {
            name,
            service_accounts,
        } = &unit.kind
        else {
            unreachable!("an add-on's unit");
        };
        let info = snapshot_role(self.ctx, &unit.role_name, self.backup).await?;
        {
            let mut b = lock(self.backup);
            b.addons
                .entry(name.clone())
                .or_insert_with(|| super::AddonBackup {
                    service_account_role_arn: unit.role.arn.clone(),
                    service_accounts: service_accounts.clone(),
                });
            b.save(self.backup_path)?;
        }
        let (changes, _) = migrate_irsa::converge(unit, self.cluster, self.provider, &info);
        let views = changes.iter().map(Change::view).collect();
        Runner::new(self.ctx, &self.cluster.name, &self.cluster.arn)
            .atomic()
            .execute_all(changes)
            .await?;
        Ok(Ran {
            result: RowResult::done(),
            changes: Some(views),
        })
    }
}

/// At the end of a run, after `settle` (for other writers' in-flight writes to land), every role
/// it touched is read again: another writer (a second migrate-irsa on a cluster that shares the
/// role, or an `epi apply` whose write was delayed or retried) may have replaced the trust policy
/// after this run's read-back. A Pod Identity statement that is gone is added again (safely); only
/// when that fails is the service account reported failed.
async fn reverify_roles(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    rows: &[Row],
    outcomes: &mut BTreeMap<String, Ran>,
    settle: u64,
    concurrency: usize,
    printer: Printer,
) {
    let mut by_role: BTreeMap<String, Vec<(&str, &str)>> = BTreeMap::new();
    for row in rows.iter().filter(|r| r.addon.is_none()) {
        if !matches!(
            outcomes.get(&row.key()).map(|r| &r.result),
            Some(RowResult::Done { .. })
        ) {
            continue;
        }
        if let Ok(arn) = Arn::role("role ARN", &row.role_arn) {
            by_role
                .entry(arn.name)
                .or_default()
                .push((row.namespace.as_str(), row.service_account.as_str()));
        }
    }
    if by_role.is_empty()
        || !crate::commands::settle_announced(
            printer,
            settle,
            &format!("the {} role(s)", by_role.len()),
        )
        .await
    {
        return;
    }
    // Every role read again at once (bounded): one round of reads, not one round trip per role.
    let read: Vec<_> = stream::iter(by_role)
        .map(|(role, accounts)| async move {
            let info = ctx.get_role(&role).await;
            (role, accounts, info)
        })
        .buffered(concurrency.max(1))
        .collect()
        .await;
    for (role, accounts, info) in read {
        let trust_policy = match info {
            Ok(Some(info)) => info.trust_policy,
            Ok(None) => serde_json::Value::Null,
            Err(e) => {
                for (ns, sa) in accounts {
                    if let Some(ran) = outcomes.get_mut(&format!("{ns}/{sa}")) {
                        ran.result = RowResult::Failed(Failure::during(
                            format!("could not re-read role {role} at the end of the run"),
                            e.clone().into(),
                        ));
                    }
                }
                continue;
            }
        };
        for (ns, sa) in accounts {
            let request = PodIdentityRequest {
                cluster_name: &cluster.name,
                cluster_arn: &cluster.arn,
                namespace: ns,
                service_account: sa,
                session_tags: true,
            };
            if matches!(trust::admits(&trust_policy, &request), Verdict::Admits) {
                continue;
            }
            // Another writer replaced the trust policy after this run's read-back (a race no
            // plan could see): the statement is added again through the runner, the same safe
            // way (read fresh, change, read back, retry), and reported in the result.
            let addition = crate::plan::TrustAddition::ServiceAccount(
                crate::plan::TrustGrant::for_association(ns, sa, true),
            );
            let change = Change::AddTrust {
                role: role.clone(),
                after: addition.apply(&trust_policy, &cluster.name, &cluster.arn),
                before: trust_policy.clone(),
                addition,
            };
            let repaired = Runner::new(ctx, &cluster.name, &cluster.arn)
                .atomic()
                .execute_all(vec![change.clone()])
                .await;
            let Some(ran) = outcomes.get_mut(&format!("{ns}/{sa}")) else {
                continue;
            };
            match repaired {
                Ok(_) => {
                    if let RowResult::Done { readded_after, .. } = &mut ran.result {
                        *readded_after = Some(role.clone());
                    }
                    if let Some(changes) = &mut ran.changes {
                        changes.push(change.view());
                    }
                }
                Err(e) => {
                    ran.result = RowResult::Failed(Failure::during(
                        format!(
                            "at the end of the run role {role}'s trust policy no longer lets Pod Identity in for {ns}/{sa}, and adding it again failed"
                        ),
                        e,
                    ));
                }
            }
        }
    }
}

/// 0 when nothing is left to do, 3 when work (or a conflict) remains.
fn exit_code(rows: &[Row], executed: bool) -> u8 {
    if migrate_irsa::work_left(rows, executed) {
        exit::PENDING
    } else {
        exit::SUCCESS
    }
}

/// The backup, locked (a panic elsewhere leaves it usable: every write keeps it whole).
fn lock(backup: &Mutex<Backup>) -> std::sync::MutexGuard<'_, Backup> {
    backup
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The backup as the engine's journal: the intent of an association create is written before it
/// (a kill between the create and the record of its id must not leave it unrecorded: rollback
/// then finds the association by its service account and role), the association a repoint
/// replaces before the repoint. The created association's id is recorded after it in memory and
/// reaches the file with the next write (the next unit's, or the end of the run's): until then
/// the intent stands for it, so the run writes the whole backup once less per service account.
struct BackupJournal<'a> {
    backup: &'a Mutex<Backup>,
    path: &'a std::path::Path,
}

impl crate::plan::execute::Journal for BackupJournal<'_> {
    fn begin(&self, change: &Change) -> std::result::Result<(), String> {
        let key = match change {
            Change::CreateAssociation {
                namespace,
                service_account,
                ..
            }
            | Change::UpdateAssociation {
                namespace,
                service_account,
                ..
            } => format!("{namespace}/{service_account}"),
            _ => return Ok(()),
        };
        let mut b = lock(self.backup);
        if let Some(entry) = b.service_accounts.get_mut(&key) {
            match change {
                Change::CreateAssociation { .. } if entry.created_association_id.is_none() => {
                    entry.association_intent = true;
                }
                Change::UpdateAssociation {
                    association_id,
                    before,
                    ..
                } => {
                    entry
                        .replaced_association
                        .get_or_insert((association_id.clone(), before.role_arn.clone()));
                }
                _ => {}
            }
        }
        b.save(self.path).map_err(|e| e.to_string())
    }

    fn end(
        &self,
        change: &Change,
        _outcome: &crate::plan::execute::Outcome,
        association: Option<&crate::aws::eks::Association>,
    ) -> std::result::Result<(), String> {
        let (
            Change::CreateAssociation {
                namespace,
                service_account,
                ..
            },
            Some(a),
        ) = (change, association)
        else {
            return Ok(());
        };
        let mut b = lock(self.backup);
        if let Some(entry) = b
            .service_accounts
            .get_mut(&format!("{namespace}/{service_account}"))
        {
            entry
                .created_association_id
                .get_or_insert(a.association_id.clone());
        }
        Ok(())
    }
}

/// Reads a role and records its trust policy in the backup, unless an earlier run already did
/// (the first snapshot is the state before epi touched anything).
async fn snapshot_role(
    ctx: &AwsContext,
    role_name: &str,
    backup: &Arc<Mutex<Backup>>,
) -> Result<crate::aws::iam::RoleInfo> {
    let info = ctx
        .get_role(role_name)
        .await?
        .ok_or_else(|| Error::Precondition {
            message: format!("role {role_name} disappeared"),
            hint: "run the command again".into(),
        })?;
    record_role(role_name, &info, backup);
    Ok(info)
}

/// Records a role's trust policy in the backup unless an earlier snapshot is there.
fn record_role(role_name: &str, info: &RoleInfo, backup: &Mutex<Backup>) {
    backup
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .roles
        .entry(role_name.to_string())
        .or_insert_with(|| RoleBackup {
            arn: info.arn.clone(),
            trust_policy: info.trust_policy.clone(),
        });
}

/// The migration's rows: a table (the role by its name when it is in the cluster's account,
/// the free-text detail last so it wraps: 80 columns, #33 item 1; `-o wide`: the role's ARN), or
/// JSON/YAML.
fn print_rows(rows: &[Row], format: DataFormat, cluster_arn: &str, printer: Printer) -> Result<()> {
    let wide = format == DataFormat::Wide;
    let account = Arn::account_of(cluster_arn);
    let text = match format {
        DataFormat::Json => output::to_json(&rows),
        DataFormat::Yaml => output::to_yaml(&rows),
        DataFormat::Table | DataFormat::Wide => {
            let mut table = output::table(&[
                "NAMESPACE",
                "SERVICE ACCOUNT",
                "ROLE",
                "ACTION",
                "RESULT",
                "DETAIL",
            ]);
            for r in rows {
                let detail = if r.steps.is_empty() {
                    r.reason.clone()
                } else {
                    r.steps
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                // The role ARN is the annotation's value, the cluster's text: one line (#32).
                let role =
                    crate::validate::RoleArn::label_in(&r.role_arn, account.filter(|_| !wide))
                        .to_string();
                table.add_row(output::row([
                    r.namespace.clone(),
                    r.service_account.clone(),
                    role,
                    r.action.as_str().to_string(),
                    r.result
                        .as_ref()
                        .map_or_else(|| "-".into(), ToString::to_string),
                    detail,
                ]));
            }
            output::render_table(&table)
        }
    };
    printer.stdout(&text)?;
    if rows.is_empty() {
        printer.note("no service account carries the eks.amazonaws.com/role-arn annotation: nothing to migrate");
    }
    Ok(())
}
