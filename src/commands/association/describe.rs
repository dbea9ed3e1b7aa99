//! `epi association describe`: one association, by id or by namespace and service account.

use crate::cli::AssociationDescribeArgs;
use crate::commands::aws_context;
use crate::error::{Result, exit};
use crate::output::Printer;

use super::{Row, print_one, resolve, validate_selector};

pub async fn run(args: &AssociationDescribeArgs, printer: Printer) -> Result<u8> {
    validate_selector(&args.select)?;
    let ctx = aws_context(&args.aws, args.select.cluster.region.as_deref()).await?;
    let association = resolve(&ctx, &args.select).await?;
    print_one(&Row::new(&ctx, association), args.output, printer)?;
    Ok(exit::SUCCESS)
}
