//! `epi association list`: every page of every cluster asked for, in every region asked for, with
//! the role of each association (List returns summaries only, so each one is described). Calls run
//! concurrently, at most `--concurrency` at a time.

use futures_util::stream::{self, StreamExt, TryStreamExt};

use crate::aws::eks::{Association, AssociationSummary};
use crate::aws::{AwsError, fleet};
use crate::cli::AssociationListArgs;
use crate::commands::checkpoint::{Checkpoint, Progress};
use crate::error::Result;
use crate::output::Printer;
use crate::validate::{Arn, RoleArn, names};

use super::{Row, print_rows};

pub async fn run(args: &AssociationListArgs, printer: Printer) -> Result<u8> {
    for arn in &args.role_arns {
        Arn::role("role ARN", arn)?;
    }
    for name in &args.role_names {
        crate::validate::arn::role_name(name)?;
    }
    let Gathered {
        contexts,
        regions,
        failures,
        fleet: fleet_run,
        associations,
        ..
    } = gather(
        &Selection {
            places: &args.places,
            namespaces: &args.namespaces,
            service_account: args.service_account.as_deref(),
            concurrency: args.concurrency as usize,
            fleet: &args.fleet,
            aws: &args.aws,
            checkpoint: args.checkpoint.as_deref().map(|p| (p, "association list")),
            roles: None,
        },
        printer,
    )
    .await?;
    let accounts = contexts
        .iter()
        .map(|(a, _)| a.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let mut rows: Vec<Row> = associations
        .into_iter()
        .map(|(i, a)| Row::new(&contexts[i].1, a))
        .filter(|r| uses_role(r, &args.role_arns, &args.role_names))
        .collect();
    rows.sort_by(|a, b| {
        (
            &a.account,
            &a.region,
            &a.association.cluster_name,
            &a.association.namespace,
            &a.association.service_account,
        )
            .cmp(&(
                &b.account,
                &b.region,
                &b.association.cluster_name,
                &b.association.namespace,
                &b.association.service_account,
            ))
    });
    let accounts_shown = accounts > 1 || fleet_run;
    print_rows(
        &rows,
        args.output,
        accounts_shown,
        regions.len() > 1,
        printer,
    )?;
    if rows.is_empty() {
        printer.note("no associations found");
    }
    Ok(crate::commands::report_failures(
        &failures,
        args.fleet.allow_partial,
        printer,
    ))
}

/// Which associations a fleet read covers.
pub(crate) struct Selection<'a> {
    pub places: &'a crate::cli::ClusterPlaces,
    /// Only these namespaces (none: every namespace).
    pub namespaces: &'a [String],
    pub service_account: Option<&'a str>,
    pub concurrency: usize,
    pub fleet: &'a crate::cli::FleetArgs,
    pub aws: &'a crate::cli::AwsArgs,
    /// `--checkpoint FILE`, and the command's name for its header.
    pub checkpoint: Option<(&'a std::path::Path, &'a str)>,
    /// For the commands that read the associations' roles next (`access who-can`, `snapshot`):
    /// each association's role (and a target role of the same account) read as soon as it is
    /// described, so that IAM's limit and EKS's are used at once rather than one after the other
    /// (#36, bench case 8).
    pub roles: Option<&'a crate::plan::observe::Roles>,
}

/// What a fleet read found: every association described, with the index of its place.
pub(crate) struct Gathered {
    pub contexts: Vec<(String, crate::aws::AwsContext)>,
    pub regions: Vec<String>,
    pub failures: Vec<fleet::Failure>,
    pub fleet: bool,
    pub associations: Vec<(usize, Association)>,
    /// The context that reads the organisation's policies, when the accounts come from it.
    pub org: Option<crate::aws::AwsContext>,
    /// Each cluster whose associations were listed, with the index of its place.
    pub clusters: Vec<(usize, String)>,
}

/// Checks the selection before any call; returns the namespace EKS filters by (one namespace is
/// filtered by EKS; several are filtered here, from every association).
fn check<'a>(sel: &Selection<'a>) -> Result<Option<&'a str>> {
    for cluster in &sel.places.clusters {
        names::cluster_name(cluster)?;
    }
    for region in &sel.places.regions {
        names::region(region)?;
    }
    for ns in sel.namespaces {
        names::dns1123_label("namespace", ns)?;
    }
    if let Some(sa) = sel.service_account {
        names::dns1123_subdomain("service account", sa)?;
    }
    Ok(match sel.namespaces {
        [one] => Some(one.as_str()),
        _ => None,
    })
}

/// What an earlier run of the checkpoint finished (not read again): its associations by place,
/// and the places still to read.
fn resume(
    checkpoint: Option<&Checkpoint>,
    contexts: &[(String, crate::aws::AwsContext)],
    printer: Printer,
) -> (Vec<(usize, Association)>, Vec<usize>) {
    let mut resumed: Vec<(usize, Association)> = Vec::new();
    let mut active: Vec<usize> = Vec::new();
    for (i, (account, ctx)) in contexts.iter().enumerate() {
        match checkpoint.and_then(|c| c.finished(account, ctx.region())) {
            Some(done) => resumed.extend(done.associations.iter().map(|a| (i, a.clone()))),
            None => active.push(i),
        }
    }
    if checkpoint.is_some() && active.len() < contexts.len() {
        printer.note(&format!(
            "{} of {} places were finished by an earlier run (--checkpoint): their associations are taken from it",
            contexts.len() - active.len(),
            contexts.len()
        ));
    }
    (resumed, active)
}

/// What a checkpoint's header names: the command and its selection (the places come and go: a
/// resumed run may cover more accounts or regions than the first).
fn read_key(command: &str, sel: &Selection<'_>) -> String {
    format!(
        "{command}; clusters={}{}; namespaces={}; serviceAccount={}",
        sel.places.clusters.join(","),
        if sel.places.all_clusters { "(all)" } else { "" },
        sel.namespaces.join(","),
        sel.service_account.unwrap_or("")
    )
}

/// What a checkpoint records as it goes: each active place that did not fail, with how many
/// associations must be described before it is finished.
fn progress_of<'c>(
    checkpoint: &'c Checkpoint,
    contexts: &[(String, crate::aws::AwsContext)],
    active: &[usize],
    failed: &std::collections::BTreeSet<usize>,
    summaries: &[(usize, AssociationSummary)],
) -> Result<Progress<'c>> {
    let mut per_place: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for (i, _) in summaries {
        *per_place.entry(*i).or_default() += 1;
    }
    Progress::new(
        checkpoint,
        active.iter().filter(|i| !failed.contains(i)).map(|i| {
            let count = per_place.get(i).copied().unwrap_or(0);
            (
                *i,
                contexts[*i].0.clone(),
                contexts[*i].1.region().to_string(),
                count,
            )
        }),
    )
}

/// Each target cluster's associations (every page), `lanes` deciding how many at once.
async fn list_each<'a>(
    contexts: &[(String, crate::aws::AwsContext)],
    targets: &'a [(usize, String)],
    lanes: &fleet::Lanes,
    namespace: Option<&str>,
    service_account: Option<&str>,
) -> Vec<(
    usize,
    &'a str,
    std::result::Result<Vec<AssociationSummary>, AwsError>,
)> {
    let targets = fleet::in_turns(targets.iter().collect(), |(i, _)| *i);
    let width = lanes.width(&targets, |(i, _)| contexts[*i].0.as_str());
    stream::iter(targets)
        .map(|(i, cluster)| {
            let (account, ctx) = &contexts[*i];
            async move {
                let listed = lanes.run(
                    account,
                    ctx.list_associations(cluster, namespace, service_account),
                );
                (*i, cluster.as_str(), listed.await)
            }
        })
        .buffer_unordered(width)
        .collect()
        .await
}

/// Every page of every cluster asked for, in every account and region asked for, each
/// association described (List returns summaries only); at most `concurrency` calls at a time.
/// With several places, one that fails is a failure of the result, not the end of the run.
pub(crate) async fn gather(sel: &Selection<'_>, printer: Printer) -> Result<Gathered> {
    let crate::cli::ClusterPlaces {
        clusters,
        all_clusters,
        regions,
        all_regions,
    } = sel.places;
    let (all_clusters, all_regions) = (*all_clusters, *all_regions);
    let server_namespace = check(sel)?;
    let checkpoint = match sel.checkpoint {
        Some((path, command)) => Some(Checkpoint::open(path, &read_key(command, sel))?),
        None => None,
    };
    let concurrency = sel.concurrency;
    let crate::commands::Places {
        contexts,
        regions,
        mut failures,
        fleet: fleet_run,
        org,
    } = crate::commands::places(
        sel.aws,
        sel.fleet,
        regions,
        all_regions,
        concurrency,
        printer,
    )
    .await?;
    // `concurrency` calls at once per account, every account at once (#36).
    let lanes = fleet::Lanes::new(concurrency);
    // Several accounts or regions: one that fails is reported, the others still listed.
    let tolerant = fleet_run || all_regions;
    let place = |i: usize, e: &AwsError| fleet::failure(&contexts[i].0, contexts[i].1.region(), e);

    let (resumed, active) = resume(checkpoint.as_ref(), &contexts, printer);
    // Places that failed: reported, and not recorded as finished.
    let mut failed: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();

    // Which clusters, where.
    let targets: Vec<(usize, String)> = if all_clusters {
        let mut targets = Vec::new();
        for (i, result) in fleet::clusters(&contexts, concurrency, |i| active.contains(&i)).await {
            match result {
                Ok(names) => targets.extend(names.into_iter().map(|n| (i, n))),
                Err(e) if tolerant => {
                    failed.insert(i);
                    failures.push(place(i, &e));
                }
                Err(e) => return Err(e.into()),
            }
        }
        targets
    } else {
        active
            .iter()
            .flat_map(|i| clusters.iter().map(move |c| (*i, c.clone())))
            .collect()
    };
    // Every page of every cluster's associations.
    let listed = list_each(
        &contexts,
        &targets,
        &lanes,
        server_namespace,
        sel.service_account,
    )
    .await;
    let mut summaries: Vec<(usize, AssociationSummary)> = Vec::new();
    // Places each named cluster was missing from (the list calls already told us).
    let mut missing: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut listed_clusters: Vec<(usize, String)> = Vec::new();
    for (i, cluster, result) in listed {
        match result {
            Ok(list) => {
                listed_clusters.push((i, cluster.to_string()));
                summaries.extend(
                    list.into_iter()
                        .filter(|s| {
                            sel.namespaces.is_empty() || sel.namespaces.contains(&s.namespace)
                        })
                        .map(|s| (i, s)),
                );
            }
            // Asked for by name in several places: a cluster lives in one of them.
            Err(AwsError::ClusterNotFound { cluster, region })
                if contexts.len() > 1 && !all_clusters =>
            {
                if !fleet_run {
                    printer.note(&format!("cluster {cluster} is not in {region}"));
                }
                *missing.entry(cluster).or_default() += 1;
                continue;
            }
            Err(e) if tolerant => {
                failed.insert(i);
                failures.push(place(i, &e));
            }
            Err(e) => return Err(e.into()),
        }
    }
    // A named cluster found nowhere at all is an error, as it is for one region.
    let searched = active.len() + usize::from(!resumed.is_empty() && active.is_empty());
    if let Some((cluster, _)) = missing
        .iter()
        .find(|(_, n)| **n == searched && searched == contexts.len())
    {
        return Err(AwsError::ClusterNotFound {
            cluster: cluster.clone(),
            region: regions.join(", "),
        }
        .into());
    }

    let progress = match &checkpoint {
        Some(c) => Some(progress_of(c, &contexts, &active, &failed, &summaries)?),
        None => None,
    };
    // The roles: one Describe per association.
    let bar = printer.progress(summaries.len() as u64, "describing associations");
    let mut associations = describe_each(
        &contexts,
        &summaries,
        &lanes,
        &bar,
        progress.as_ref(),
        sel.roles,
    )
    .await?;
    bar.finish_and_clear();
    associations.extend(resumed);
    Ok(Gathered {
        contexts,
        regions,
        failures,
        fleet: fleet_run,
        associations,
        org,
        clusters: listed_clusters,
    })
}

/// Each listed association described (List returns summaries only); one deleted since it was
/// listed is left out. Each is counted towards its place's checkpoint line. With `roles`, each
/// described association's role is read beside the describes (its own lanes: a role read waiting
/// on IAM's limit never holds back a describe waiting on EKS's).
async fn describe_each(
    contexts: &[(String, crate::aws::AwsContext)],
    summaries: &[(usize, AssociationSummary)],
    lanes: &fleet::Lanes,
    bar: &indicatif::ProgressBar,
    progress: Option<&Progress<'_>>,
    roles: Option<&crate::plan::observe::Roles>,
) -> Result<Vec<(usize, Association)>> {
    let turns = fleet::in_turns(summaries.iter().collect(), |(i, _)| *i);
    let width = lanes.width(&turns, |(i, _)| contexts[*i].0.as_str());
    // The roles to read: (place, role, target role of the same account).
    let (found_tx, mut found_rx) =
        tokio::sync::mpsc::unbounded_channel::<(usize, String, Option<String>)>();
    let describing = async move {
        let found_tx = &found_tx;
        let described: Result<Vec<Option<(usize, Association)>>> = stream::iter(turns)
            .map(|(i, s)| {
                let (account, ctx) = &contexts[*i];
                async move {
                    let result = lanes
                        .run(
                            account,
                            ctx.describe_association(&s.cluster_name, &s.association_id),
                        )
                        .await;
                    bar.inc(1);
                    let found = match result {
                        Ok(association) => Some(association),
                        // Deleted since it was listed.
                        Err(AwsError::NotFound { .. }) => None,
                        Err(e) => return Err(e.into()),
                    };
                    if let (Some(_), Some(a)) = (roles, &found) {
                        let account = Arn::account_of(&a.role_arn);
                        let target = a
                            .target_role_arn
                            .clone()
                            .filter(|t| Arn::account_of(t) == account);
                        let _ = found_tx.send((*i, a.role_arn.clone(), target));
                    }
                    if let Some(p) = progress {
                        p.described(*i, found.as_ref())?;
                    }
                    Ok::<_, crate::error::Error>(found.map(|a| (*i, a)))
                }
            })
            .buffer_unordered(width)
            .try_collect()
            .await;
        described
    };
    let prefetch_lanes = fleet::Lanes::new(lanes.per_account());
    let prefetching = async {
        let Some(roles) = roles else { return };
        futures_util::stream::poll_fn(|cx| found_rx.poll_recv(cx))
            .for_each_concurrent(fleet::TOTAL_IN_FLIGHT, |(i, role, target)| {
                let (account, ctx) = &contexts[i];
                let prefetch_lanes = &prefetch_lanes;
                async move {
                    prefetch_lanes
                        .run(account, prefetch(roles, ctx, &role, target.as_deref()))
                        .await
                }
            })
            .await;
    };
    // The describes end, dropping the sender; the role reads then drain.
    let (described, ()) = futures_util::join!(describing, prefetching);
    Ok(described?.into_iter().flatten().collect())
}

/// Reads an association's role, and its target role of the same account, into `roles`. A failure
/// is not kept: the caller's own read meets it again and reports it.
async fn prefetch(
    roles: &crate::plan::observe::Roles,
    ctx: &crate::aws::AwsContext,
    role: &str,
    target: Option<&str>,
) {
    let _ = futures_util::join!(roles.read(ctx, role), async {
        match target {
            Some(t) => roles.read(ctx, t).await.map(|_| ()),
            None => Ok(()),
        }
    });
}

/// Whether an association uses one of the roles asked for (as its role or target role); true
/// when none was asked for.
fn uses_role(row: &Row, arns: &[String], names: &[String]) -> bool {
    if arns.is_empty() && names.is_empty() {
        return true;
    }
    let a = &row.association;
    let roles = std::iter::once(a.role_arn.as_str()).chain(a.target_role_arn.as_deref());
    roles.into_iter().any(|r| {
        arns.iter().any(|x| x == r) || names.iter().any(|n| RoleArn::name_of(r) == n.as_str())
    })
}
