//! `epi doctor --all-clusters`: every cluster of the regions and accounts asked for, one summary
//! row each (details with `--detail`), failures of whole accounts or regions listed at the end.

use futures_util::{StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};

use super::{Report, report_for};
use crate::aws::fleet::{self, Failure};
use crate::cli::ReportFormat;
use crate::cli::{DoctorArgs, KubeArgs};
use crate::commands::checkpoint::{Checkpoint, Results};
use crate::error::{Result, exit};
use crate::output::{self, Printer};

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ClusterRow {
    account: String,
    region: String,
    cluster: String,
    /// The agent add-on's version, or null when it is not installed.
    agent: Option<String>,
    associations: usize,
    passed: usize,
    warnings: usize,
    failed: usize,
    skipped: usize,
    ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    report: Option<Report>,
}

/// One cluster's outcome: its place, its name, and its row (or why it could not be checked).
type Checked = (
    usize,
    String,
    std::result::Result<ClusterRow, crate::error::Error>,
);

#[derive(Serialize)]
struct FleetReport<'a> {
    clusters: &'a [ClusterRow],
    failures: &'a [Failure],
}

/// Clusters checked at once in one account (each runs many reads of its own).
const CLUSTERS_AT_ONCE: usize = 4;

pub async fn run(args: &DoctorArgs, printer: Printer) -> Result<u8> {
    let concurrency = args.concurrency as usize;
    // A bad checkpoint is bad input before any call.
    let checkpoint = match &args.checkpoint {
        Some(path) => Some(Checkpoint::open(path, &read_key(args))?),
        None => None,
    };
    let regions: Vec<String> = args.regions.clone();
    let crate::commands::Places {
        contexts,
        mut failures,
        org,
        ..
    } = crate::commands::places(
        &args.aws,
        &args.fleet,
        &regions,
        args.all_regions,
        concurrency,
        printer,
    )
    .await?;
    // The organisation's policies, once for every account of the run (#36).
    let org = match (&org, args.org_policies, contexts.first()) {
        (Some(reader), _, _) => {
            Some(super::read_org(reader, &accounts_of(&contexts), concurrency, printer).await)
        }
        (None, true, Some((_, first))) => {
            // The caller reads the organisation's policies (it must be allowed to).
            let caller = crate::commands::aws_context(&args.aws, Some(first.region())).await?;
            let mut accounts = accounts_of(&contexts);
            if accounts.is_empty() {
                accounts.push(caller.caller_account().await?);
            }
            Some(super::read_org(&caller, &accounts, concurrency, printer).await)
        }
        _ => None,
    };
    let (mut rows, active) = resume(checkpoint.as_ref(), &contexts, printer);
    let listed = fleet::clusters(&contexts, concurrency, |i| active.contains(&i)).await;
    let mut clusters: Vec<(usize, String)> = Vec::new();
    let mut listed_places: Vec<usize> = Vec::new();
    for (i, result) in listed {
        match result {
            Ok(names) => {
                listed_places.push(i);
                clusters.extend(names.into_iter().map(|n| (i, n)));
            }
            Err(e) => failures.push(fleet::failure(&contexts[i].0, contexts[i].1.region(), &e)),
        }
    }
    let results = match &checkpoint {
        Some(c) => Some(Results::new(
            c,
            listed_places.iter().map(|i| {
                (
                    *i,
                    contexts[*i].0.clone(),
                    contexts[*i].1.region().to_string(),
                    clusters.iter().filter(|(p, _)| p == i).count(),
                )
            }),
        )?),
        None => None,
    };
    clusters.sort_by(|a, b| {
        (&contexts[a.0].0, contexts[a.0].1.region(), &a.1).cmp(&(
            &contexts[b.0].0,
            contexts[b.0].1.region(),
            &b.1,
        ))
    });
    let bar = printer.progress(clusters.len() as u64, "checking clusters");
    // A few clusters at a time per account, every account at once (#36): each cluster runs its own
    // bounded checks.
    let lanes = fleet::Lanes::new(CLUSTERS_AT_ONCE);
    let turns = fleet::in_turns(clusters.into_iter().enumerate().collect(), |(_, (i, _))| *i);
    let width = lanes.width(&turns, |(_, (i, _))| contexts[*i].0.as_str());
    let mut checked: Vec<(usize, Checked)> = futures_util::stream::iter(turns)
        .map(|(position, (i, name))| {
            let (account, ctx) = &contexts[i];
            let (bar, lanes, org, results) = (&bar, &lanes, &org, &results);
            async move {
                let result = lanes
                    .run(account, check_one(ctx, &name, args, org.as_ref()))
                    .await;
                bar.inc(1);
                if let Some(r) = results {
                    let saved = result
                        .as_ref()
                        .ok()
                        .map(|row| serde_json::to_value(row).expect("a cluster's row serialises"));
                    r.finished(i, saved)?;
                }
                Ok::<_, crate::error::Error>((position, (i, name, result)))
            }
        })
        .buffer_unordered(width)
        .try_collect()
        .await?;
    checked.sort_by_key(|(position, _)| *position);
    bar.finish_and_clear();
    for (_, (i, name, result)) in checked {
        let (account, ctx) = &contexts[i];
        match result {
            Ok(row) => rows.push(row),
            Err(e) => failures.push(Failure {
                account: Some(account.clone()).filter(|a| !a.is_empty()),
                region: Some(ctx.region().to_string()),
                reason: format!("cluster {name}: {e}"),
                hint: e.hint().unwrap_or_default(),
            }),
        }
    }
    rows.sort_by(|a, b| {
        (&a.account, &a.region, &a.cluster).cmp(&(&b.account, &b.region, &b.cluster))
    });
    let text = render(&mut rows, &failures, args);
    printer.stdout(&text)?;
    if rows.is_empty() && failures.is_empty() {
        printer.note("no clusters found");
    }
    let partial = crate::commands::report_failures(&failures, args.fleet.allow_partial, printer);
    let failed = rows.iter().any(|r| !r.ok);
    Ok(if failed || partial != exit::SUCCESS {
        exit::FAILURE
    } else {
        exit::SUCCESS
    })
}

/// One cluster checked: described, every check of its report, and its agent's version.
async fn check_one(
    ctx: &crate::aws::AwsContext,
    name: &str,
    args: &DoctorArgs,
    org: Option<&crate::plan::observe::OrgRead>,
) -> Result<ClusterRow> {
    let cluster = ctx.describe_cluster(name).await?;
    let kube = kube_args_for(cluster.endpoint.as_deref(), &args.kube);
    let report = report_for(ctx, &cluster, args, &kube, None, org, Printer::new(true)).await;
    let agent = ctx
        .describe_addon(name, crate::aws::eks::AGENT_ADDON)
        .await
        .ok()
        .flatten()
        .map(|a| a.version);
    Ok(row(
        cluster.account,
        ctx.region().to_string(),
        name.to_string(),
        agent,
        report,
    ))
}

/// What a checkpoint's header names: the command and the options that change its results (the
/// places come and go: a resumed run may cover more accounts or regions than the first).
fn read_key(args: &DoctorArgs) -> String {
    format!(
        "doctor --all-clusters; checks={:?}; namespaces={}; strict={}; noKube={}; orgPolicies={}",
        args.checks,
        args.namespaces.join(","),
        args.strict,
        args.no_kube,
        args.org_policies
    )
}

/// The rows an earlier run of the checkpoint finished (not checked again), and the places still
/// to check.
fn resume(
    checkpoint: Option<&Checkpoint>,
    contexts: &[(String, crate::aws::AwsContext)],
    printer: Printer,
) -> (Vec<ClusterRow>, Vec<usize>) {
    let mut rows = Vec::new();
    let mut active = Vec::new();
    for (i, (account, ctx)) in contexts.iter().enumerate() {
        match checkpoint.and_then(|c| c.finished(account, ctx.region())) {
            Some(done) => rows.extend(
                done.results
                    .iter()
                    .filter_map(|r| serde_json::from_value::<ClusterRow>(r.clone()).ok()),
            ),
            None => active.push(i),
        }
    }
    if checkpoint.is_some() && active.len() < contexts.len() {
        printer.note(&format!(
            "{} of {} places were finished by an earlier run (--checkpoint): their clusters' reports are taken from it",
            contexts.len() - active.len(),
            contexts.len()
        ));
    }
    (rows, active)
}

/// A cluster's summary row, with its report.
fn row(
    account: String,
    region: String,
    cluster: String,
    agent: Option<String>,
    report: Report,
) -> ClusterRow {
    let associations = report
        .checks
        .iter()
        .filter(|c| c.area == super::Area::Associations && c.subject.contains('/'))
        .map(|c| c.subject.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    ClusterRow {
        account,
        region,
        cluster,
        agent,
        associations,
        passed: report.summary.pass,
        warnings: report.summary.warn,
        failed: report.summary.fail,
        skipped: report.summary.skip,
        ok: report.ok,
        report: Some(report),
    }
}

/// `doctor --all-clusters --snapshot`: each cluster of the snapshot (narrowed by `--accounts`,
/// `--exclude-accounts` and `--region`) checked from it, as [`run`] reports them.
pub fn from_snapshot(
    args: &DoctorArgs,
    snap: &crate::plan::snapshot::Snapshot,
    path: &std::path::Path,
    printer: Printer,
) -> Result<u8> {
    let selected = snap.select(
        &[],
        &args.regions,
        &args.fleet.accounts,
        &args.fleet.exclude_accounts,
    )?;
    let mut rows: Vec<ClusterRow> = selected
        .into_iter()
        .map(|sc| {
            row(
                sc.account.clone(),
                sc.region.clone(),
                sc.name.clone(),
                sc.agent_addon_version.clone(),
                super::from_snapshot(snap, sc, args),
            )
        })
        .collect();
    let failures = snap.failures_except(&args.fleet.exclude_accounts);
    let text = render(&mut rows, &failures, args);
    printer.stdout(&text)?;
    printer.note(&snap.note(path));
    if rows.is_empty() && failures.is_empty() {
        printer.note("no clusters found");
    }
    let partial = crate::commands::report_failures(&failures, args.fleet.allow_partial, printer);
    Ok(if rows.iter().any(|r| !r.ok) || partial != exit::SUCCESS {
        exit::FAILURE
    } else {
        exit::SUCCESS
    })
}

/// The accounts of a run, once each (the caller's own, outside a fleet, by its credentials'
/// account is left to the organisation read: "" is no account).
fn accounts_of(contexts: &[(String, crate::aws::AwsContext)]) -> Vec<String> {
    let mut out: Vec<String> = contexts
        .iter()
        .map(|(a, _)| a.clone())
        .filter(|a| !a.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The fleet report in the format asked for (the CI formats cover every check of every cluster;
/// the per-cluster reports stay only with `--detail`).
fn render(rows: &mut [ClusterRow], failures: &[Failure], args: &DoctorArgs) -> String {
    // The CI formats are about every check of every cluster.
    let every: Vec<&super::Report> = rows.iter().filter_map(|r| r.report.as_ref()).collect();
    let ci = match args.output {
        ReportFormat::Junit => Some(super::formats::junit(&every)),
        ReportFormat::Sarif => Some(output::to_json(&super::formats::sarif(&every))),
        ReportFormat::Github => Some(super::formats::github(&every)),
        _ => None,
    };
    if !args.detail {
        for r in rows.iter_mut() {
            r.report = None;
        }
    }
    match args.output {
        ReportFormat::Junit | ReportFormat::Sarif | ReportFormat::Github => ci.unwrap_or_default(),
        ReportFormat::Json => output::to_json(&FleetReport {
            clusters: rows,
            failures,
        }),
        ReportFormat::Yaml => output::to_yaml(&FleetReport {
            clusters: rows,
            failures,
        }),
        ReportFormat::Table => {
            // The account and the region only when there are several; the counts under doctor's
            // own words: 80 columns hold it (#33 item 1).
            let several = |f: &dyn Fn(&ClusterRow) -> &str| {
                rows.iter()
                    .map(f)
                    .collect::<std::collections::BTreeSet<_>>()
                    .len()
                    > 1
            };
            let (accounts, regions) = (several(&|r| &r.account), several(&|r| &r.region));
            let mut headers = Vec::new();
            if accounts {
                headers.push("ACCOUNT");
            }
            if regions {
                headers.push("REGION");
            }
            headers.extend([
                "CLUSTER",
                "AGENT",
                "ASSOCIATIONS",
                "PASS",
                "WARN",
                "FAIL",
                "SKIP",
            ]);
            let mut table = output::table(&headers);
            for r in rows.iter() {
                let mut cells = Vec::new();
                if accounts {
                    cells.push(r.account.clone());
                }
                if regions {
                    cells.push(r.region.clone());
                }
                cells.extend([
                    r.cluster.clone(),
                    r.agent.clone().unwrap_or_else(|| "missing".into()),
                    r.associations.to_string(),
                    r.passed.to_string(),
                    r.warnings.to_string(),
                    r.failed.to_string(),
                    r.skipped.to_string(),
                ]);
                table.add_row(output::row(cells));
            }
            let mut text = output::render_table(&table);
            for r in rows.iter() {
                if let Some(report) = &r.report {
                    text.push('\n');
                    text.push_str(&report.render());
                }
            }
            text
        }
    }
}

/// The Kubernetes options for one cluster of a fleet: the kubeconfig context whose server is the
/// cluster's endpoint when there is one; otherwise none, so that an EKS token is used (never the
/// current context, which belongs to some other cluster).
fn kube_args_for(endpoint: Option<&str>, kube: &KubeArgs) -> KubeArgs {
    let endpoint = endpoint.unwrap_or_default();
    match crate::kube::KubeContext::context_for_endpoint(kube.kubeconfig.as_deref(), endpoint) {
        Some(context) => KubeArgs {
            context: Some(context),
            ..kube.clone()
        },
        None => KubeArgs {
            kubeconfig: None,
            context: None,
            ..kube.clone()
        },
    }
}
