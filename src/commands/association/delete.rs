//! `epi association delete`: asks on a terminal; off one, does nothing without `--yes` (exit 3)
//! that cannot come.

use crate::cli::AssociationDeleteArgs;
use crate::commands::aws_context;
use crate::error::{Result, exit};
use crate::output::Printer;

use super::{Row, print_one, refuse_if_owned, resolve, validate_selector};

pub async fn run(args: &AssociationDeleteArgs, printer: Printer) -> Result<u8> {
    validate_selector(&args.select)?;
    // Settled before any AWS call: off a terminal without --yes nothing is deleted (exit 3, the
    // one rule of every command that asks; see commands::confirm).
    if !crate::commands::runner::may_go_on(args.yes, args.dry_run, printer) {
        return Ok(exit::PENDING);
    }
    let ctx = aws_context(&args.aws, args.select.cluster.region.as_deref()).await?;
    let association = resolve(&ctx, &args.select).await?;
    refuse_if_owned(&association, "deleted")?;
    let what = format!(
        "association {} ({}/{} -> {}) in cluster {}",
        association.association_id,
        association.namespace,
        association.service_account,
        association.role_arn,
        association.cluster_name
    );
    let change = crate::plan::Change::DeleteAssociation {
        cluster: association.cluster_name.clone(),
        association_id: association.association_id.clone(),
        namespace: association.namespace.clone(),
        service_account: association.service_account.clone(),
        role_arn: association.role_arn.clone(),
    };
    let mut changes = None;
    if args.dry_run {
        printer.note(&format!(
            "dry run: would delete {what}; nothing was changed"
        ));
        changes = Some(super::dry_run_views(&[change], args.output, printer));
    } else {
        let prompt = format!(
            "Delete {what}? Pods using it lose their credentials when the cached ones expire"
        );
        if !crate::commands::runner::confirm(args.yes, &prompt, printer)? {
            return Ok(exit::PENDING);
        }
        // No trust policy changes here, so the cluster's ARN is not needed.
        super::execute(&ctx, &association.cluster_name, "", vec![change]).await?;
        printer.note(&format!("deleted {what}"));
    }
    let mut row = Row::new(&ctx, association);
    row.changes = changes;
    print_one(&row, args.output, printer)?;
    Ok(exit::SUCCESS)
}
