//! `epi export --cluster C [--format epi|terraform|eksctl]`: the live associations as a file.

use crate::cli::{ExportArgs, ExportFormat};
use crate::error::{Result, exit};
use crate::manifest::export::{self, ExportAssociation, ExportCluster};
use crate::output::Printer;

pub async fn run(args: &ExportArgs, printer: Printer) -> Result<u8> {
    if let Some(cluster) = &args.cluster {
        crate::validate::names::cluster_name(cluster)?;
    }
    for ns in &args.namespaces {
        crate::validate::names::dns1123_label("namespace", ns)?;
    }
    for region in &args.regions {
        crate::validate::names::region(region)?;
    }
    if let Some(file) = &args.file {
        crate::files::output_target(file, "export file")?;
    }
    if args.all_clusters {
        return fleet(args, printer).await;
    }
    let name = args
        .cluster
        .clone()
        .expect("clap requires --cluster without --all-clusters");
    let ctx = crate::commands::aws_context(&args.aws, crate::commands::one_region(&args.regions)?)
        .await?;
    let cluster = read(&ctx, &name, &args.namespaces).await?;
    let text = match args.format {
        ExportFormat::Epi => export::epi(&cluster),
        ExportFormat::Terraform => export::terraform(&cluster),
        ExportFormat::Eksctl => export::eksctl(&cluster),
    };
    printer.document(&text, args.file.as_deref())?;
    if let Some(file) = &args.file {
        printer.note(&format!(
            "wrote {} association(s) of cluster {} to {}",
            cluster.associations.len(),
            cluster.name,
            file.display()
        ));
    }
    Ok(exit::SUCCESS)
}

/// `--all-clusters`: one document per cluster of the accounts and regions asked for (several
/// YAML documents; for Terraform, one file whose resource names start with the cluster's).
async fn fleet(args: &ExportArgs, printer: Printer) -> Result<u8> {
    use crate::aws::fleet;
    use futures_util::StreamExt;
    let concurrency = 8;
    let regions: Vec<String> = args.regions.clone();
    let crate::commands::Places {
        contexts,
        mut failures,
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
    let mut documents: Vec<(String, ExportCluster)> = Vec::new();
    let read_all: Vec<(
        usize,
        std::result::Result<Vec<ExportCluster>, crate::error::Error>,
    )> = {
        // `concurrency` places at once per account, every account at once (#36).
        let lanes = fleet::Lanes::new(concurrency);
        let places = fleet::in_turns(contexts.iter().enumerate().collect(), |(_, (a, _))| {
            a.clone()
        });
        let width = lanes.width(&places, |(_, (a, _))| a.as_str());
        let lanes = &lanes;
        let mut read_all: Vec<_> = futures_util::stream::iter(places)
            .map(|(i, (account, ctx))| async move {
                let result = lanes
                    .run(account, async {
                        let mut out = Vec::new();
                        let mut names = ctx.list_clusters().await?;
                        names.sort();
                        for name in names {
                            out.push(read(ctx, &name, &args.namespaces).await?);
                        }
                        Ok(out)
                    })
                    .await;
                (i, result)
            })
            .buffer_unordered(width)
            .collect()
            .await;
        read_all.sort_by_key(|(i, _)| *i);
        read_all
    };
    for (i, result) in read_all {
        let (account, ctx) = &contexts[i];
        match result {
            Ok(clusters) => documents.extend(clusters.into_iter().map(|mut c| {
                if !account.is_empty() {
                    c.account = Some(account.clone());
                }
                (account.clone(), c)
            })),
            Err(e) => failures.push(fleet::Failure {
                account: Some(account.clone()).filter(|a| !a.is_empty()),
                region: Some(ctx.region().to_string()),
                reason: e.to_string(),
                hint: e.hint().unwrap_or_default(),
            }),
        }
    }
    let text = match args.format {
        ExportFormat::Epi => documents
            .iter()
            .map(|(_, c)| format!("---\n{}", export::epi(c)))
            .collect::<String>(),
        ExportFormat::Eksctl => documents
            .iter()
            .map(|(_, c)| format!("---\n{}", export::eksctl(c)))
            .collect::<String>(),
        ExportFormat::Terraform => {
            let prefixes: Vec<String> = documents
                .iter()
                .map(|(account, c)| {
                    if account.is_empty() {
                        format!("{}_{}_", c.region, c.name)
                    } else {
                        format!("{account}_{}_{}_", c.region, c.name)
                    }
                })
                .collect();
            export::terraform_all(
                &documents
                    .iter()
                    .zip(&prefixes)
                    .map(|((_, c), p)| (c, p.as_str()))
                    .collect::<Vec<_>>(),
            )
        }
    };
    printer.document(&text, args.file.as_deref())?;
    printer.note(&format!("exported {} cluster(s)", documents.len()));
    Ok(crate::commands::report_failures(
        &failures,
        args.fleet.allow_partial,
        printer,
    ))
}

/// One cluster's associations and agent, as exported.
async fn read(
    ctx: &crate::aws::AwsContext,
    name: &str,
    namespaces: &[String],
) -> Result<ExportCluster> {
    let (associations, agent) = tokio::try_join!(
        crate::plan::observe::associations(ctx, name, namespaces),
        ctx.describe_addon(name, crate::aws::eks::AGENT_ADDON)
    )?;
    let account = associations
        .iter()
        .find_map(|a| crate::validate::Arn::account_of(&a.association_arn).map(str::to_string));
    Ok(ExportCluster {
        account,
        name: name.to_string(),
        region: ctx.region().to_string(),
        agent_version: agent.map(|a| a.version),
        associations: associations
            .into_iter()
            .map(|a| ExportAssociation {
                association_id: a.association_id,
                namespace: a.namespace,
                service_account: a.service_account,
                role_arn: a.fields.role_arn,
                target_role_arn: a.fields.target_role_arn,
                disable_session_tags: a.fields.disable_session_tags,
                session_policy: a.fields.session_policy,
                tags: a.tags,
                owner_arn: a.owner_arn,
            })
            .collect(),
    })
}
