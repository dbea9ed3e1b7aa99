//! `epi association list`: every page of every cluster asked for, in every region asked for, with
//! the role of each association (List returns summaries only, so each one is described). Calls run
//! concurrently, at most `--concurrency` at a time.

use futures_util::stream::{self, StreamExt, TryStreamExt};

use crate::aws::eks::AssociationSummary;
use crate::aws::{AwsContext, AwsError};
use crate::cli::AssociationListArgs;
use crate::commands::aws_settings;
use crate::error::{Result, exit};
use crate::output::Printer;
use crate::validate::names;

use super::{Row, print_rows};

pub async fn run(args: &AssociationListArgs, printer: Printer) -> Result<u8> {
    for cluster in &args.clusters {
        names::cluster_name(cluster)?;
    }
    for region in &args.regions {
        names::region(region)?;
    }
    if let Some(ns) = &args.namespace {
        names::dns1123_label("namespace", ns)?;
    }
    if let Some(sa) = &args.service_account {
        names::dns1123_subdomain("service account", sa)?;
    }
    let concurrency = args.concurrency as usize;

    let base = AwsContext::load(&aws_settings(
        &args.aws,
        args.regions.first().map(String::as_str),
    ))
    .await?;
    let mut regions: Vec<String> = Vec::new();
    for r in args
        .regions
        .iter()
        .cloned()
        .chain(args.regions.is_empty().then(|| base.region().to_string()))
    {
        if !regions.contains(&r) {
            regions.push(r);
        }
    }
    let contexts: Vec<AwsContext> = regions.iter().map(|r| base.for_region(r)).collect();

    // Which clusters, where.
    let targets: Vec<(usize, String)> = if args.all_clusters {
        let per_region: Vec<(usize, Vec<String>)> = stream::iter(contexts.iter().enumerate())
            .map(|(i, ctx)| async move { ctx.list_clusters().await.map(|names| (i, names)) })
            .buffer_unordered(concurrency)
            .try_collect()
            .await?;
        per_region
            .into_iter()
            .flat_map(|(i, names)| names.into_iter().map(move |n| (i, n)))
            .collect()
    } else {
        contexts
            .iter()
            .enumerate()
            .flat_map(|(i, _)| args.clusters.iter().map(move |c| (i, c.clone())))
            .collect()
    };

    // Every page of every cluster's associations.
    let listed: Vec<(
        usize,
        std::result::Result<Vec<AssociationSummary>, AwsError>,
    )> = stream::iter(targets.iter())
        .map(|(i, cluster)| {
            let ctx = &contexts[*i];
            async move {
                (
                    *i,
                    ctx.list_associations(
                        cluster,
                        args.namespace.as_deref(),
                        args.service_account.as_deref(),
                    )
                    .await,
                )
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let mut summaries: Vec<(usize, AssociationSummary)> = Vec::new();
    // Regions each named cluster was missing from (the list calls already told us).
    let mut missing: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for (i, result) in listed {
        match result {
            Ok(list) => {
                summaries.extend(list.into_iter().map(|s| (i, s)));
            }
            // Asked for by name in several regions: a cluster lives in one of them.
            Err(AwsError::ClusterNotFound { cluster, region })
                if contexts.len() > 1 && !args.all_clusters =>
            {
                printer.note(&format!("cluster {cluster} is not in {region}"));
                *missing.entry(cluster).or_default() += 1;
                continue;
            }
            Err(e) => return Err(e.into()),
        }
    }
    // A named cluster found in no region at all is an error, as it is for one region.
    if let Some((cluster, _)) = missing.iter().find(|(_, n)| **n == contexts.len()) {
        return Err(AwsError::ClusterNotFound {
            cluster: cluster.clone(),
            region: regions.join(", "),
        }
        .into());
    }

    // The roles: one Describe per association.
    let bar = printer.progress(summaries.len() as u64, "describing associations");
    let described: Vec<Option<Row>> = stream::iter(summaries.iter())
        .map(|(i, s)| {
            let ctx = &contexts[*i];
            let bar = &bar;
            async move {
                let result = ctx
                    .describe_association(&s.cluster_name, &s.association_id)
                    .await;
                bar.inc(1);
                match result {
                    Ok(association) => Ok(Some(Row::new(ctx, association))),
                    // Deleted since it was listed.
                    Err(AwsError::NotFound { .. }) => Ok(None),
                    Err(e) => Err(e),
                }
            }
        })
        .buffer_unordered(concurrency)
        .try_collect()
        .await?;
    bar.finish_and_clear();
    let mut rows: Vec<Row> = described.into_iter().flatten().collect();
    rows.sort_by(|a, b| {
        (
            &a.region,
            &a.association.cluster_name,
            &a.association.namespace,
            &a.association.service_account,
        )
            .cmp(&(
                &b.region,
                &b.association.cluster_name,
                &b.association.namespace,
                &b.association.service_account,
            ))
    });
    print_rows(&rows, args.output, contexts.len() > 1, printer)?;
    if rows.is_empty() {
        printer.note("no associations found");
    }
    Ok(exit::SUCCESS)
}
