//! `epi export --cluster C [--format epi|terraform|eksctl]`: the live associations as a file.

use crate::cli::{ExportArgs, ExportFormat};
use crate::error::{Result, exit};
use crate::manifest::export::{self, ExportAssociation, ExportCluster};
use crate::output::Printer;

pub async fn run(args: &ExportArgs, printer: Printer) -> Result<u8> {
    crate::validate::names::cluster_name(&args.cluster)?;
    for ns in &args.namespaces {
        crate::validate::names::dns1123_label("namespace", ns)?;
    }
    if let Some(file) = &args.file {
        crate::files::output_target(file, "export file")?;
    }
    let ctx = crate::commands::aws_context(&args.aws, args.region.as_deref()).await?;
    let (associations, agent) = tokio::try_join!(
        crate::plan::observe::associations(&ctx, &args.cluster, &args.namespaces),
        ctx.describe_addon(&args.cluster, crate::aws::eks::AGENT_ADDON)
    )?;
    let cluster = ExportCluster {
        name: args.cluster.clone(),
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
    };
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
