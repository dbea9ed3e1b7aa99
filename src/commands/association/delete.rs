//! `epi association delete`: parse → observe (the association) → plan
//! (`plan::association::delete`, pure) → run. Asks on a terminal; off one, does nothing without
//! `--yes` (exit 3, the one rule of every command that asks).

use crate::cli::AssociationDeleteArgs;
use crate::commands::aws_context;
use crate::commands::runner::{Runner, confirm, may_go_on};
use crate::error::{Result, exit};
use crate::output::Printer;

use super::{Row, print_one, resolve, validate_selector};

pub async fn run(args: &AssociationDeleteArgs, printer: Printer) -> Result<u8> {
    validate_selector(&args.select)?;
    // Settled before any AWS call: off a terminal without --yes nothing is deleted.
    if !may_go_on(args.yes, args.dry_run, printer) {
        return Ok(exit::PENDING);
    }
    let ctx = aws_context(&args.aws, args.select.cluster.region.as_deref()).await?;
    let association = resolve(&ctx, &args.select).await?;
    let changes = crate::plan::association::delete(&association)?;
    let what = format!(
        "association {} ({}/{} -> {}) in cluster {}",
        association.association_id,
        association.namespace,
        association.service_account,
        association.role_arn,
        association.cluster_name
    );
    let views = if args.dry_run {
        printer.note(&format!(
            "dry run: would delete {what}; nothing was changed"
        ));
        super::dry_run_views(&changes, args.output, printer)
    } else {
        let prompt = format!(
            "Delete {what}? Pods using it lose their credentials when the cached ones expire"
        );
        if !confirm(args.yes, &prompt, printer)? {
            return Ok(exit::PENDING);
        }
        let views = changes.iter().map(crate::plan::Change::view).collect();
        // No trust policy changes here, so the cluster's ARN is not needed.
        Runner::new(&ctx, &association.cluster_name, "")
            .execute_all(changes)
            .await?;
        printer.note(&format!("deleted {what}"));
        views
    };
    let mut row = Row::new(&ctx, association);
    row.changes = Some(views);
    print_one(&row, args.output, printer)?;
    Ok(exit::SUCCESS)
}
