//! `epi policy trust`: the trust policy of a Pod Identity role, or of a cross-account target role.

use crate::cli::TrustArgs;
use crate::error::{Result, exit};
use crate::output::Printer;
use crate::policy::trust::{self, Scope, TargetRole};

pub fn run(args: &TrustArgs, printer: Printer) -> Result<u8> {
    super::precheck(&args.output)?;
    let scope = Scope {
        namespaces: args.namespaces.clone(),
        service_accounts: args.service_accounts.clone(),
        cluster_names: args.cluster_names.clone(),
        cluster_arns: args.cluster_arns.clone(),
    };
    let doc = match &args.source_role_arn {
        Some(source_role_arn) if args.target_role => trust::target_role(&TargetRole {
            source_role_arn: source_role_arn.clone(),
            scope,
            session_tags: !args.no_session_tags,
            external_id: args.external_id.clone(),
        })?,
        _ => trust::pod_identity(&scope)?,
    };
    if let Some(warning) = trust::size_warning(&doc) {
        printer.warn(&warning);
    }
    super::emit(&doc, &args.output, printer)?;
    Ok(exit::SUCCESS)
}
