//! `epi migrate-irsa --cluster C`: find the IRSA service accounts, show a plan, and carry it out in
//! AWS's documented order: trust, association, restart, and only then the IRSA removal.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use futures_util::stream::{self, StreamExt, TryStreamExt};
use serde::Serialize;
use std::sync::Mutex;

use crate::aws::AwsContext;
use crate::aws::eks::{AGENT_ADDON, ClusterInfo};
use crate::aws::iam::RoleInfo;
use crate::cli::MigrateIrsaArgs;
use crate::commands::{aws_context, interactive, kube_for_cluster};
use crate::error::{Error, Result, exit};
use crate::kube::{IrsaServiceAccount, KubeContext, ROLE_ARN_ANNOTATION};
use crate::output::{self, DataFormat, Printer};
use crate::plan::Change;
use crate::policy::irsa;
use crate::policy::trust::{self, PodIdentityRequest, Verdict};
use crate::validate::{Arn, names};

use super::{Backup, RoleBackup, ServiceAccountBackup};

/// What the plan says to do for a service account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Steps are pending.
    Migrate,
    /// Association in place with the same role and nothing else asked.
    AlreadyMigrated,
    /// An association points at another role (use --force).
    Conflict,
    /// Cannot be migrated; the reason says why.
    Skip,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// The add-on, for an add-on's IRSA role (namespace and service account are then empty).
    pub addon: Option<String>,
    pub namespace: String,
    pub service_account: String,
    pub role_arn: String,
    pub action: Action,
    pub reason: String,
    /// Steps still to do, in order.
    pub steps: Vec<String>,
    /// After execution: done, failed, kept-irsa (removal deferred), or the plan's action.
    pub result: Option<String>,
    /// The steps as the engine's changes (docs/json-output.md), with trust policies before and
    /// after as this plan expects them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<crate::plan::ChangeView>,
}

const STEP_TRUST: &str = "add Pod Identity trust";
const STEP_CREATE: &str = "create association";
const STEP_REPOINT: &str = "repoint association";
const STEP_RESTART: &str = "restart workloads";
const STEP_REMOVE: &str = "remove IRSA";
const STEP_ADDON: &str = "move add-on to podIdentityAssociations";

/// An add-on that uses IRSA and supports Pod Identity.
struct AddonTarget {
    name: String,
    role_name: String,
    role_arn: String,
    service_accounts: Vec<String>,
}

struct Target {
    sa: IrsaServiceAccount,
    role_name: String,
    /// The role as the plan read it.
    role: RoleInfo,
    existing: Option<crate::aws::eks::Association>,
    /// The steps the plan showed (and the prompt or `--yes` approved): the run carries out these
    /// and no others.
    steps: Vec<String>,
}

pub async fn run(args: &MigrateIrsaArgs, printer: Printer) -> Result<u8> {
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

    // Discover.
    let accounts = kube.irsa_service_accounts(&args.namespaces).await?;
    let associations = ctx.list_associations(&cluster_name, None, None).await?;
    let concurrency = args.concurrency as usize;
    // One pod list per namespace and one read per role, however many service accounts share
    // them, all concurrently: against a real region the round trips, not the work, take the time.
    let namespaces: std::collections::BTreeSet<String> =
        accounts.iter().map(|sa| sa.namespace.clone()).collect();
    let pods_by_namespace: BTreeMap<String, Vec<crate::kube::PodInfo>> = stream::iter(namespaces)
        .map(|ns| {
            let kube = &kube;
            async move { kube.pods_in(&ns).await.map(|pods| (ns, pods)) }
        })
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
        .map(|name| {
            let ctx = &ctx;
            async move { ctx.get_role(&name).await.map(|info| (name, info)) }
        })
        .buffer_unordered(concurrency)
        .try_collect()
        .await?;
    let planning = Planning {
        ctx: &ctx,
        cluster: &cluster,
        provider: &provider,
        associations: &associations,
        roles: &roles,
        args,
    };
    let planned: Vec<(Row, Option<Target>)> = stream::iter(accounts)
        .map(|sa| {
            let pods: Vec<_> = pods_by_namespace
                .get(&sa.namespace)
                .into_iter()
                .flatten()
                .filter(|p| p.service_account == sa.name)
                .cloned()
                .collect();
            plan_one(&planning, pods, sa)
        })
        .buffered(concurrency)
        .try_collect()
        .await?;
    let mut rows = Vec::new();
    let mut targets = Vec::new();
    for (row, target) in planned {
        rows.push(row);
        targets.extend(target);
    }

    let mut addon_targets = Vec::new();
    for name in ctx.list_addons(&cluster_name).await? {
        if name == AGENT_ADDON {
            continue;
        }
        if let Some((row, target)) = plan_addon(&ctx, &cluster, &name).await? {
            rows.push(row);
            addon_targets.extend(target);
        }
    }

    let agent_missing = !cluster.auto_mode
        && ctx
            .describe_addon(&cluster_name, AGENT_ADDON)
            .await?
            .is_none();
    let pending = rows.iter().any(|r| r.action == Action::Migrate);
    if agent_missing && pending {
        printer.warn(&format!(
            "the {AGENT_ADDON} add-on is not installed on {cluster_name}{}",
            if args.no_install_agent {
                ""
            } else {
                ": it will be installed first"
            }
        ));
    }
    if args.dry_run || !pending {
        print_rows(&rows, args.output, printer)?;
        if args.dry_run && pending && args.output == DataFormat::Table {
            // The same plan as the engine's table, with each trust policy change as a diff.
            let mut views: Vec<crate::plan::ChangeView> = Vec::new();
            if agent_missing && !args.no_install_agent {
                // The install comes first; the plan counts it with the rest.
                views.push(crate::plan::ChangeView {
                    action: "create",
                    resource: "addon",
                    id: format!("{cluster_name}/{AGENT_ADDON}"),
                    before: None,
                    after: Some(serde_json::json!({"version": "the default for the cluster"})),
                });
            }
            views.extend(rows.iter().flat_map(|r| r.changes.iter().cloned()));
            printer.stdout(&format!("\n{}", crate::plan::views_table(&views)))?;
        }
        return Ok(exit_code(&rows, false));
    }
    // After a prompt, the plan may be minutes old: roles are read again before they are changed.
    let prompted = !args.yes;
    if !args.yes {
        if !interactive() {
            print_rows(&rows, args.output, printer)?;
            printer.note("changes are pending: run again with --yes to carry them out");
            return Ok(exit::PENDING);
        }
        print_rows(&rows, DataFormat::Table, printer)?;
        let prompt = format!(
            "Carry out this plan on cluster {cluster_name}? (backup: {})",
            backup_path.display()
        );
        if !crate::commands::runner::confirm(false, &prompt, printer)? {
            return Ok(exit::PENDING);
        }
    }

    // The agent first.
    if agent_missing {
        if args.no_install_agent {
            return Err(Error::Precondition {
                message: format!("the {AGENT_ADDON} add-on is not installed on {cluster_name}"),
                hint: format!(
                    "install it with `epi addon install --cluster {cluster_name}`, or leave out --no-install-agent"
                ),
            });
        }
        let options = crate::commands::addon::install::InstallOptions {
            version: None,
            ipv4_only: false,
            hybrid: false,
            resolve: crate::plan::Resolve::None,
            dry_run: false,
            wait: true,
            poll_interval: std::time::Duration::from_secs(10),
            timeout: std::time::Duration::from_secs(600),
        };
        let (_, failure) =
            crate::commands::addon::install::install(&ctx, &cluster, &options, printer).await?;
        if let Some(e) = failure {
            return Err(e);
        }
    }

    crate::interrupt::changes_begin();
    let _journal = super::JournalLock::acquire(&backup_path)?;
    // Carry out, one role at a time per role (trust updates of one role must not race), roles in parallel.
    let backup = Arc::new(Mutex::new(Backup::load(&backup_path)?.unwrap_or(Backup {
        version: 1,
        cluster: cluster_name.clone(),
        region: cluster.region.clone(),
        ..Backup::default()
    })));
    let mut by_role: BTreeMap<String, Vec<Target>> = BTreeMap::new();
    for t in targets {
        by_role.entry(t.role_name.clone()).or_default().push(t);
    }
    let bar = printer.progress(
        rows.iter().filter(|r| r.action == Action::Migrate).count() as u64,
        "migrating service accounts",
    );
    let outcomes: Vec<Vec<(String, std::result::Result<String, String>)>> =
        stream::iter(by_role.into_values())
            .map(|group| {
                let (ctx, kube, cluster, provider, backup, backup_path, bar) = (
                    &ctx,
                    &kube,
                    &cluster,
                    &provider,
                    backup.clone(),
                    &backup_path,
                    &bar,
                );
                async move {
                    let mut out = Vec::new();
                    // The role as last read or written by this group (one group per role, so
                    // nothing else in this run changes it in between).
                    let mut known = if prompted {
                        None
                    } else {
                        group.first().map(|t| t.role.clone())
                    };
                    for target in group {
                        let key = format!("{}/{}", target.sa.namespace, target.sa.name);
                        if crate::interrupt::requested().is_some() {
                            out.push((key, Ok(NOT_STARTED.to_string())));
                            continue;
                        }
                        let result = migrate_one(
                            ctx,
                            kube,
                            cluster,
                            provider,
                            &target,
                            &backup,
                            backup_path,
                            &mut known,
                        )
                        .await
                        .map_err(|e| {
                            let hint = e
                                .hint()
                                .map(|h| format!(" (hint: {h})"))
                                .unwrap_or_default();
                            format!("{e}{hint}")
                        });
                        bar.inc(1);
                        out.push((key, result));
                    }
                    out
                }
            })
            .buffer_unordered(args.concurrency as usize)
            .collect()
            .await;
    let mut outcomes: Vec<(String, std::result::Result<String, String>)> =
        outcomes.into_iter().flatten().collect();
    // Add-ons after the service accounts: an add-on's role may be one of theirs.
    for target in &addon_targets {
        if crate::interrupt::requested().is_some() {
            outcomes.push((
                format!("addon/{}", target.name),
                Ok(NOT_STARTED.to_string()),
            ));
            continue;
        }
        let result = migrate_addon(&ctx, &cluster, target, &backup, &backup_path)
            .await
            .map_err(|e| {
                let hint = e
                    .hint()
                    .map(|h| format!(" (hint: {h})"))
                    .unwrap_or_default();
                format!("{e}{hint}")
            });
        bar.inc(1);
        outcomes.push((format!("addon/{}", target.name), result));
    }
    bar.finish_and_clear();
    let mut outcomes: BTreeMap<String, std::result::Result<String, String>> =
        outcomes.into_iter().collect();
    reverify_roles(
        &ctx,
        &cluster,
        &rows,
        &mut outcomes,
        std::time::Duration::from_secs(args.settle_delay),
    )
    .await;
    let mut failed = false;
    for row in &mut rows {
        let key = match &row.addon {
            Some(name) => format!("addon/{name}"),
            None => format!("{}/{}", row.namespace, row.service_account),
        };
        match outcomes.get(&key) {
            Some(Ok(result)) => row.result = Some(result.clone()),
            Some(Err(message)) => {
                failed = true;
                printer.warn(&format!("{key}: {message}"));
                row.result = Some(format!("failed: {message}"));
            }
            None => {
                row.result = Some(
                    serde_json::to_value(row.action)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                )
            }
        }
    }
    printer.note(&format!(
        "backup: {} (undo with `epi migrate-irsa rollback --backup {}`)",
        backup_path.display(),
        backup_path.display()
    ));
    print_rows(&rows, args.output, printer)?;
    Ok(if failed {
        exit::FAILURE
    } else {
        exit_code(&rows, true)
    })
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
    outcomes: &mut BTreeMap<String, std::result::Result<String, String>>,
    settle: std::time::Duration,
) {
    let mut by_role: BTreeMap<String, Vec<(&str, &str)>> = BTreeMap::new();
    for row in rows.iter().filter(|r| r.addon.is_none()) {
        let key = format!("{}/{}", row.namespace, row.service_account);
        if !matches!(outcomes.get(&key), Some(Ok(r)) if r.starts_with("done")) {
            continue;
        }
        if let Ok(arn) = Arn::role("role ARN", &row.role_arn) {
            by_role
                .entry(arn.name)
                .or_default()
                .push((row.namespace.as_str(), row.service_account.as_str()));
        }
    }
    if by_role.is_empty() || !crate::plan::execute::settle(settle).await {
        return;
    }
    for (role, accounts) in by_role {
        let trust_policy = match ctx.get_role(&role).await {
            Ok(Some(info)) => info.trust_policy,
            Ok(None) => serde_json::Value::Null,
            Err(e) => {
                for (ns, sa) in accounts {
                    outcomes.insert(
                        format!("{ns}/{sa}"),
                        Err(format!(
                            "could not re-read role {role} at the end of the run: {e}"
                        )),
                    );
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
            // Another writer replaced the trust policy after this run's read-back: add the
            // statement again through the engine, the same safe way (read fresh, change, read
            // back, retry).
            let addition = crate::plan::TrustAddition::ServiceAccount {
                namespace: ns.to_string(),
                service_account: sa.to_string(),
                session_tags: true,
            };
            let change = Change::AddTrust {
                role: role.clone(),
                after: addition.apply(&trust_policy, &cluster.name, &cluster.arn),
                before: trust_policy.clone(),
                addition,
            };
            let engine = crate::plan::execute::Target {
                atomic: true,
                ..crate::plan::execute::Target::new(ctx, &cluster.name, &cluster.arn)
            };
            let report = crate::plan::execute::execute(&engine, vec![change], 1, &|_, _| {}).await;
            let repaired = match report.first_failure() {
                Some((_, e)) => Err(e.clone()),
                None => Ok(()),
            };
            let key = format!("{ns}/{sa}");
            match repaired {
                Ok(_) => {
                    if let Some(Ok(result)) = outcomes.get_mut(&key) {
                        result.push_str(&format!(
                            "; Pod Identity statement added again (another writer had replaced role {role}'s trust policy)"
                        ));
                    }
                }
                Err(e) => {
                    outcomes.insert(
                        key,
                        Err(format!("at the end of the run role {role}'s trust policy no longer lets Pod Identity in for {ns}/{sa}, and adding it again failed: {e}")),
                    );
                }
            }
        }
    }
}

/// The result of a service account the run did not start because a signal asked it to stop.
const NOT_STARTED: &str = "not started (interrupted)";

/// 0 when nothing is left to do, 3 when work (or a conflict) remains.
fn exit_code(rows: &[Row], executed: bool) -> u8 {
    let pending = rows.iter().any(|r| {
        r.action == Action::Conflict
            || (r.action == Action::Migrate
                && (!executed
                    || r.result
                        .as_deref()
                        .is_some_and(|s| s.starts_with("kept-irsa"))))
    });
    if pending {
        exit::PENDING
    } else {
        exit::SUCCESS
    }
}

/// What the plan of every service account shares.
struct Planning<'a> {
    ctx: &'a AwsContext,
    cluster: &'a ClusterInfo,
    provider: &'a str,
    associations: &'a [crate::aws::eks::AssociationSummary],
    roles: &'a BTreeMap<String, Option<RoleInfo>>,
    args: &'a MigrateIrsaArgs,
}

async fn plan_one(
    planning: &Planning<'_>,
    pods: Vec<crate::kube::PodInfo>,
    sa: IrsaServiceAccount,
) -> Result<(Row, Option<Target>)> {
    let Planning {
        ctx,
        cluster,
        provider,
        associations,
        roles,
        args,
    } = *planning;
    let mut row = Row {
        addon: None,
        namespace: sa.namespace.clone(),
        service_account: sa.name.clone(),
        role_arn: sa.role_arn.clone(),
        action: Action::Skip,
        reason: String::new(),
        steps: Vec::new(),
        result: None,
        changes: Vec::new(),
    };
    let role = match Arn::role("role ARN", &sa.role_arn) {
        Ok(role) => role,
        Err(_) => {
            row.reason = format!("the annotation {ROLE_ARN_ANNOTATION} is not a role ARN");
            return Ok((row, None));
        }
    };
    if role.account != cluster.account {
        row.reason = format!(
            "the role is in account {}; a Pod Identity role must be in the cluster's account {} (use a target role)",
            role.account, cluster.account
        );
        return Ok((row, None));
    }
    let fargate = pods.iter().filter(|p| p.fargate).count();
    if fargate > 0 {
        row.reason =
            format!("{fargate} pod(s) run on Fargate, which cannot use Pod Identity: keep IRSA");
        return Ok((row, None));
    }
    let role_name = role.name.clone();
    let Some(info) = roles.get(&role_name).cloned().flatten() else {
        row.reason = format!("role {role_name} does not exist");
        return Ok((row, None));
    };
    let existing = match associations
        .iter()
        .find(|a| a.namespace == sa.namespace && a.service_account == sa.name)
    {
        Some(s) => Some(
            ctx.describe_association(&cluster.name, &s.association_id)
                .await?,
        ),
        None => None,
    };
    let request = PodIdentityRequest {
        cluster_name: &cluster.name,
        cluster_arn: &cluster.arn,
        namespace: &sa.namespace,
        service_account: &sa.name,
        session_tags: true,
    };
    if !matches!(trust::admits(&info.trust_policy, &request), Verdict::Admits) {
        row.steps.push(STEP_TRUST.into());
    }
    match &existing {
        None => row.steps.push(STEP_CREATE.into()),
        Some(a) if a.role_arn == info.arn || a.role_arn == sa.role_arn => {}
        Some(a) if a.owner_arn.is_some() => {
            row.action = Action::Conflict;
            row.reason = format!(
                "association {} is owned by an add-on and points at {}",
                a.association_id, a.role_arn
            );
            return Ok((row, None));
        }
        Some(a) if args.force => row.steps.push(format!(
            "{STEP_REPOINT} {} from {}",
            a.association_id, a.role_arn
        )),
        Some(a) => {
            row.action = Action::Conflict;
            row.reason = format!(
                "association {} points at another role, {}; --force repoints it",
                a.association_id, a.role_arn
            );
            return Ok((row, None));
        }
    }
    if args.restart_workloads && pods.iter().any(|p| !p.pod_identity_injected) {
        row.steps.push(STEP_RESTART.into());
    }
    if args.remove_irsa
        && (!irsa::find(&info.trust_policy, provider, &sa.namespace, &sa.name)
            .statements
            .is_empty()
            || sa.annotations.contains_key(ROLE_ARN_ANNOTATION))
    {
        row.steps.push(STEP_REMOVE.into());
    }
    if row.steps.is_empty() {
        row.action = Action::AlreadyMigrated;
        row.reason = "the association exists with the same role".into();
        return Ok((row, None));
    }
    row.action = Action::Migrate;
    row.reason = if existing.is_some() {
        "finishing an earlier run".into()
    } else {
        "IRSA only".into()
    };
    row.changes = sa_changes(
        cluster,
        provider,
        &sa,
        &info,
        existing.as_ref(),
        &row.steps,
        &pods,
    )
    .iter()
    .map(Change::view)
    .collect();
    let steps = row.steps.clone();
    Ok((
        row,
        Some(Target {
            sa,
            role_name,
            role: info,
            existing,
            steps,
        }),
    ))
}

/// A service account's planned steps as the engine's changes, in the order they are carried out.
fn sa_changes(
    cluster: &ClusterInfo,
    provider: &str,
    sa: &IrsaServiceAccount,
    info: &RoleInfo,
    existing: Option<&crate::aws::eks::Association>,
    steps: &[String],
    pods: &[crate::kube::PodInfo],
) -> Vec<Change> {
    let has = |step: &str| steps.iter().any(|s| s.starts_with(step));
    let request = PodIdentityRequest {
        cluster_name: &cluster.name,
        cluster_arn: &cluster.arn,
        namespace: &sa.namespace,
        service_account: &sa.name,
        session_tags: true,
    };
    let mut changes = Vec::new();
    let mut trust_policy = info.trust_policy.clone();
    if has(STEP_TRUST) {
        let after = trust::with_pod_identity_statement(&trust_policy, &request);
        changes.push(Change::UpdateTrustPolicy {
            role: info.name.clone(),
            add: vec![crate::plan::TrustGrant {
                namespace: sa.namespace.clone(),
                service_account: sa.name.clone(),
                scoped: true,
            }],
            before: trust_policy,
            after: after.clone(),
        });
        trust_policy = after;
    }
    if has(STEP_CREATE) {
        changes.push(Change::CreateAssociation {
            cluster: cluster.name.clone(),
            namespace: sa.namespace.clone(),
            service_account: sa.name.clone(),
            fields: crate::plan::AssociationFields {
                role_arn: info.arn.clone(),
                target_role_arn: None,
                disable_session_tags: false,
                session_policy: None,
            },
            tags: BTreeMap::new(),
        });
    }
    if let Some(a) = existing.filter(|_| has(STEP_REPOINT)) {
        let before = crate::plan::AssociationFields::of(a);
        changes.push(Change::UpdateAssociation {
            cluster: cluster.name.clone(),
            association_id: a.association_id.clone(),
            namespace: sa.namespace.clone(),
            service_account: sa.name.clone(),
            after: crate::plan::AssociationFields {
                role_arn: info.arn.clone(),
                ..before.clone()
            },
            before,
        });
    }
    if has(STEP_RESTART) {
        let mut workloads: Vec<String> = pods
            .iter()
            .filter(|p| !p.pod_identity_injected)
            .filter_map(|p| p.workload.clone())
            .collect();
        workloads.sort();
        workloads.dedup();
        changes.push(Change::RestartWorkloads {
            namespace: sa.namespace.clone(),
            service_account: sa.name.clone(),
            workloads,
        });
    }
    if has(STEP_REMOVE) {
        let (after, _) =
            irsa::remove_service_account(&trust_policy, provider, &sa.namespace, &sa.name);
        changes.push(Change::RemoveIrsa {
            role: info.name.clone(),
            provider: provider.to_string(),
            namespace: sa.namespace.clone(),
            service_account: sa.name.clone(),
            before: trust_policy,
            after,
        });
    }
    changes
}

/// The plan row of an add-on with a `serviceAccountRoleArn` (None when it has none).
async fn plan_addon(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    name: &str,
) -> Result<Option<(Row, Option<AddonTarget>)>> {
    let Some(addon) = ctx.describe_addon(&cluster.name, name).await? else {
        return Ok(None);
    };
    let Some(role_arn) = addon.service_account_role_arn.clone() else {
        return Ok(None);
    };
    let mut row = Row {
        addon: Some(name.to_string()),
        namespace: String::new(),
        service_account: String::new(),
        role_arn: role_arn.clone(),
        action: Action::Skip,
        reason: String::new(),
        steps: Vec::new(),
        result: None,
        changes: Vec::new(),
    };
    if !addon.pod_identity_associations.is_empty() {
        row.action = Action::AlreadyMigrated;
        row.reason = "the add-on already has Pod Identity associations".into();
        return Ok(Some((row, None)));
    }
    let service_accounts = match ctx
        .addon_pod_identity_service_accounts(name, &addon.version)
        .await
    {
        Ok(sas) if sas.is_empty() => {
            row.reason = format!(
                "add-on {name} {} does not support Pod Identity (DescribeAddonConfiguration lists no service account for it)",
                addon.version
            );
            return Ok(Some((row, None)));
        }
        Ok(sas) => sas,
        Err(e) => {
            row.reason = format!("could not tell whether add-on {name} supports Pod Identity: {e}");
            return Ok(Some((row, None)));
        }
    };
    row.service_account = service_accounts.join(",");
    let role = match Arn::role("role ARN", &role_arn) {
        Ok(role) if role.account == cluster.account => role,
        Ok(role) => {
            row.reason = format!(
                "the role is in account {}; a Pod Identity role must be in the cluster's account",
                role.account
            );
            return Ok(Some((row, None)));
        }
        Err(_) => {
            row.reason = "serviceAccountRoleArn is not a role ARN".into();
            return Ok(Some((row, None)));
        }
    };
    let role_name = role.name.clone();
    let Some(info) = ctx.get_role(&role_name).await? else {
        row.reason = format!("role {role_name} does not exist");
        return Ok(Some((row, None)));
    };
    let addition = crate::plan::TrustAddition::Addon {
        service_accounts: service_accounts.clone(),
    };
    if !addition.holds(&info.trust_policy, &cluster.name, &cluster.arn) {
        row.steps.push(STEP_TRUST.into());
    }
    row.steps.push(STEP_ADDON.into());
    row.action = Action::Migrate;
    row.reason = "add-on on IRSA".into();
    let mut changes = Vec::new();
    if row.steps.iter().any(|s| s == STEP_TRUST) {
        changes.push(Change::AddTrust {
            role: role_name.clone(),
            after: addition.apply(&info.trust_policy, &cluster.name, &cluster.arn),
            before: info.trust_policy.clone(),
            addition,
        });
    }
    changes.push(Change::SetAddonAssociations {
        cluster: cluster.name.clone(),
        addon: name.to_string(),
        before: Vec::new(),
        after: service_accounts
            .iter()
            .map(|sa| crate::plan::AddonAssociation {
                service_account: sa.clone(),
                role_arn: info.arn.clone(),
            })
            .collect(),
    });
    row.changes = changes.iter().map(Change::view).collect();
    Ok(Some((
        row,
        Some(AddonTarget {
            name: name.to_string(),
            role_name,
            role_arn: info.arn,
            service_accounts,
        }),
    )))
}

async fn migrate_addon(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    target: &AddonTarget,
    backup: &Arc<Mutex<Backup>>,
    backup_path: &std::path::Path,
) -> Result<String> {
    let info = snapshot_role(ctx, &target.role_name, backup).await?;
    {
        let mut b = lock(backup);
        b.addons
            .entry(target.name.clone())
            .or_insert_with(|| super::AddonBackup {
                service_account_role_arn: target.role_arn.clone(),
                service_accounts: target.service_accounts.clone(),
            });
        b.save(backup_path)?;
    }
    // Its trust (scoped to its service accounts; EKS chooses their namespace), then its
    // associations (never an empty list), through the engine.
    let addition = crate::plan::TrustAddition::Addon {
        service_accounts: target.service_accounts.clone(),
    };
    let mut changes = Vec::new();
    if !addition.holds(&info.trust_policy, &cluster.name, &cluster.arn) {
        changes.push(Change::AddTrust {
            role: target.role_name.clone(),
            after: addition.apply(&info.trust_policy, &cluster.name, &cluster.arn),
            before: info.trust_policy.clone(),
            addition,
        });
    }
    changes.push(Change::SetAddonAssociations {
        cluster: cluster.name.clone(),
        addon: target.name.clone(),
        before: Vec::new(),
        after: target
            .service_accounts
            .iter()
            .map(|sa| crate::plan::AddonAssociation {
                service_account: sa.clone(),
                role_arn: target.role_arn.clone(),
            })
            .collect(),
    });
    let engine = crate::plan::execute::Target {
        atomic: true,
        ..crate::plan::execute::Target::new(ctx, &cluster.name, &cluster.arn)
    };
    let report = crate::plan::execute::execute(&engine, changes, 1, &|_, _| {}).await;
    if let Some((_, error)) = report.first_failure() {
        return Err(error.clone().into());
    }
    Ok("done".into())
}

#[allow(clippy::too_many_arguments)]
async fn migrate_one(
    ctx: &AwsContext,
    kube: &KubeContext,
    cluster: &ClusterInfo,
    provider: &str,
    target: &Target,
    backup: &Arc<Mutex<Backup>>,
    backup_path: &std::path::Path,
    known: &mut Option<RoleInfo>,
) -> Result<String> {
    let sa = &target.sa;
    let key = format!("{}/{}", sa.namespace, sa.name);
    // 1. Back up before any change: the role's trust and the annotations, first snapshot kept.
    // The role is read again unless this run knows its current state (taken: if this service
    // account fails half-way, the next one reads it afresh).
    let mut info = match known.take() {
        Some(info) => {
            record_role(&target.role_name, &info, backup).await;
            info
        }
        None => snapshot_role(ctx, &target.role_name, backup).await?,
    };
    {
        let mut b = lock(backup);
        b.service_accounts
            .entry(key.clone())
            .or_insert_with(|| ServiceAccountBackup {
                namespace: sa.namespace.clone(),
                name: sa.name.clone(),
                role_arn: sa.role_arn.clone(),
                annotations: sa.annotations.clone(),
                ..ServiceAccountBackup::default()
            });
        b.save(backup_path)?;
    }
    // 2. What is left to do, decided on the role as read now, as the engine's changes: trust,
    // association, restart, and only then the IRSA removal (each change's phase keeps AWS's
    // order).
    let mut size_note = None;
    let request = PodIdentityRequest {
        cluster_name: &cluster.name,
        cluster_arn: &cluster.arn,
        namespace: &sa.namespace,
        service_account: &sa.name,
        session_tags: true,
    };
    // The plan's steps, as approved. Only the trust step is looked at again, on the role as read
    // now: a statement another writer added makes it unneeded, one another writer removed makes
    // it needed again (converging on a race the plan could not see). Restarts and the IRSA removal
    // happen only when the plan showed them (#23: the run used to restart whenever
    // --restart-workloads was given, even where the plan had found every pod on Pod Identity).
    let has = |step: &str| target.steps.iter().any(|s| s.starts_with(step));
    let mut steps: Vec<String> = Vec::new();
    let mut raced = None;
    if !matches!(trust::admits(&info.trust_policy, &request), Verdict::Admits) {
        size_note = crate::commands::check_trust_size(
            &target.role_name,
            &trust::with_pod_identity_statement(&info.trust_policy, &request),
        )?;
        if !has(STEP_TRUST) {
            raced = Some(
                "the role's trust lost its Pod Identity statement after the plan read it; added again",
            );
        }
        steps.push(STEP_TRUST.into());
    }
    for step in &target.steps {
        if !step.starts_with(STEP_TRUST) {
            steps.push(step.clone());
        }
    }
    let changes = sa_changes(
        cluster,
        provider,
        sa,
        &info,
        target.existing.as_ref(),
        &steps,
        &[],
    );
    // 3. Carried out by the engine as one unit (a signal waits for the service account in flight
    // to finish), journaled in the backup before and after each change. An association a killed
    // run made but did not record counts as made, and is recorded so that a rollback removes it.
    let planned_trust = changes
        .iter()
        .filter_map(|c| match c {
            Change::UpdateTrustPolicy { after, .. } | Change::RemoveIrsa { after, .. } => {
                Some(after.clone())
            }
            _ => None,
        })
        .next_back();
    let journal = BackupJournal {
        backup,
        path: backup_path,
    };
    let engine = crate::plan::execute::Target {
        kube: Some(kube),
        converge_existing: true,
        atomic: true,
        journal: Some(&journal),
        ..crate::plan::execute::Target::new(ctx, &cluster.name, &cluster.arn)
    };
    let report = crate::plan::execute::execute(&engine, changes, 1, &|_, _| {}).await;
    if let Some((_, error)) = report.first_failure() {
        return Err(error.clone().into());
    }
    if let Some(waiting) = report.results.iter().find_map(|(_, o)| match o {
        crate::plan::execute::Outcome::KeptIrsa { waiting } => Some(*waiting),
        _ => None,
    }) {
        return Ok(format!(
            "kept-irsa: {waiting} pod(s) still without Pod Identity credentials; once they are restarted, run again to remove IRSA"
        ));
    }
    let mut result = if report.restarted.is_empty() {
        "done".to_string()
    } else {
        format!("done; restarted {}", report.restarted.join(", "))
    };
    if has(STEP_REMOVE) {
        result.push_str("; IRSA removed");
    }
    if let Some(note) = size_note {
        result.push_str(&format!(" (warning: {note})"));
    }
    if let Some(note) = raced {
        result.push_str(&format!(" (note: {note})"));
    }
    // The next service account of this role starts from the document as this one left it.
    if let Some(trust_policy) = planned_trust {
        info.trust_policy = trust_policy;
    }
    *known = Some(info);
    Ok(result)
}

/// The backup, locked (a panic elsewhere leaves it usable: every write keeps it whole).
fn lock(backup: &Mutex<Backup>) -> std::sync::MutexGuard<'_, Backup> {
    backup
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The backup as the engine's journal: the intent of an association create is recorded before it
/// (a kill between the create and the record of its id must not leave it unrecorded), the
/// association a repoint replaces before the repoint, and the created association's id after it.
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
        b.save(self.path).map_err(|e| e.to_string())
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
    record_role(role_name, &info, backup).await;
    Ok(info)
}

/// Records a role's trust policy in the backup unless an earlier snapshot is there.
async fn record_role(role_name: &str, info: &RoleInfo, backup: &Arc<Mutex<Backup>>) {
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

fn print_rows(rows: &[Row], format: DataFormat, printer: Printer) -> Result<()> {
    let text = match format {
        DataFormat::Json => output::to_json(&rows),
        DataFormat::Yaml => output::to_yaml(&rows),
        DataFormat::Table => {
            let mut table = output::table(&[
                "NAMESPACE",
                "SERVICE ACCOUNT",
                "ROLE",
                "ACTION",
                "STEPS / REASON",
                "RESULT",
            ]);
            for r in rows {
                let action = serde_json::to_value(r.action)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                let detail = if r.steps.is_empty() {
                    r.reason.clone()
                } else {
                    r.steps.join(", ")
                };
                table.add_row(output::row([
                    r.namespace.clone(),
                    r.service_account.clone(),
                    r.role_arn.clone(),
                    action,
                    detail,
                    r.result.clone().unwrap_or_else(|| "-".into()),
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
