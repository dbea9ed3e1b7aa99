//! `epi association update`: change role, target role, session tags or session policy. Namespace
//! and service account cannot change (delete and create instead); add-on-owned associations are
//! changed through their add-on.

use crate::cli::AssociationUpdateArgs;
use crate::commands::aws_context;
use crate::error::{Error, Result, exit};
use crate::output::Printer;
use crate::validate::Arn;

use super::{
    Row, TrustCheck, check_role_arn, ensure_trust, print_one, read_session_policy, refuse_if_owned,
    resolve, same_partition, validate_selector,
};

pub async fn run(args: &AssociationUpdateArgs, printer: Printer) -> Result<u8> {
    validate_selector(&args.select)?;
    if let Some(role) = &args.role_arn {
        Arn::role("role ARN", role)?;
    }
    if let Some(target) = &args.target_role_arn {
        Arn::role("target role ARN", target)?;
    }
    let session_policy = args
        .session_policy
        .as_deref()
        .map(read_session_policy)
        .transpose()?;
    let session_tags_change = match (args.disable_session_tags, args.enable_session_tags) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    };
    if args.role_arn.is_none()
        && args.target_role_arn.is_none()
        && session_tags_change.is_none()
        && session_policy.is_none()
    {
        return Err(Error::usage(
            "nothing to change",
            "give --role-arn, --target-role-arn, --disable-session-tags/--enable-session-tags or --session-policy",
        ));
    }
    if args.fix_trust && args.role_arn.is_none() && session_tags_change.is_none() {
        return Err(Error::usage(
            "--fix-trust checks the role's trust for the change: it needs --role-arn, --disable-session-tags or --enable-session-tags",
            "add --role-arn, or leave out --fix-trust",
        ));
    }

    if !args.dry_run {
        crate::interrupt::changes_begin();
    }
    let ctx = aws_context(&args.aws, args.select.cluster.region.as_deref()).await?;
    let current = resolve(&ctx, &args.select).await?;
    refuse_if_owned(&current, "updated")?;
    let disable_session_tags = session_tags_change.unwrap_or(current.disable_session_tags);
    if session_policy.is_some() && !disable_session_tags {
        return Err(Error::usage(
            format!(
                "association {} has session tags enabled; a session policy needs them disabled",
                current.association_id
            ),
            "add --disable-session-tags",
        ));
    }
    let cluster = ctx.describe_cluster(&current.cluster_name).await?;
    let role_arn = args
        .role_arn
        .clone()
        .unwrap_or_else(|| current.role_arn.clone());
    if let Some(target) = &args.target_role_arn {
        same_partition(
            "target role ARN",
            &Arn::role("target role ARN", target)?,
            &cluster,
        )?;
    }
    // With --dry-run --fix-trust: the trust change that would come first.
    let mut trust_fix = None;
    if args.role_arn.is_some() || session_tags_change.is_some() {
        // A new role, or session tags switched: turned back on, the role must allow
        // sts:TagSession; turned off, a trust that requires request tags no longer admits EKS.
        let role = check_role_arn(&role_arn, &cluster)?;
        let check = TrustCheck {
            role: &role,
            namespace: &current.namespace,
            service_account: &current.service_account,
            session_tags: !disable_session_tags,
            fix: args.fix_trust,
            allow_unscoped: args.allow_unscoped_trust,
            dry_run: args.dry_run,
        };
        if let super::TrustOutcome::WouldFix(change) =
            ensure_trust(&ctx, &cluster, check, printer).await?
        {
            trust_fix = Some(*change);
        }
    }
    // The target account is reached before the update, so a refusal there changes nothing.
    let target_flags =
        args.target.target_profile.is_some() || args.target.target_assume_role_arn.is_some();
    let target_ctx = match args
        .target_role_arn
        .as_ref()
        .or(current.target_role_arn.as_ref())
    {
        Some(target) if !args.dry_run => super::target_context(&ctx, &args.target, target).await?,
        Some(_) => None,
        None if target_flags => {
            return Err(Error::usage(
                "--target-profile and --target-assume-role-arn apply the target role's trust: the association has no target role",
                "add --target-role-arn ARN, or leave them out",
            ));
        }
        _ => None,
    };
    let mut preview = current.clone();
    preview.role_arn = role_arn;
    if let Some(t) = &args.target_role_arn {
        preview.target_role_arn = Some(t.clone());
    }
    preview.disable_session_tags = disable_session_tags;
    if let Some(p) = &session_policy {
        preview.session_policy = Some(p.clone());
    }
    let fields = crate::plan::AssociationFields::of;
    let change = crate::plan::Change::UpdateAssociation {
        cluster: current.cluster_name.clone(),
        association_id: current.association_id.clone(),
        namespace: current.namespace.clone(),
        service_account: current.service_account.clone(),
        before: fields(&current),
        after: fields(&preview),
    };
    let mut changes = None;
    let updated = if args.dry_run {
        printer.note("dry run: the association would become as below; nothing was changed");
        let planned: Vec<crate::plan::Change> = trust_fix.into_iter().chain([change]).collect();
        changes = Some(super::dry_run_views(&planned, args.output, printer));
        preview
    } else {
        let updated = super::execute(&ctx, &cluster.name, &cluster.arn, vec![change])
            .await?
            .pop()
            .unwrap_or(preview);
        printer.note("credentials already handed to pods stay valid until they expire (up to 6 hours; 59 minutes with a target role): restart the pods to switch now");
        updated
    };
    let mut row = Row::new(&ctx, updated);
    if let Some(target_ctx) = &target_ctx {
        super::apply_target_trust(target_ctx, &cluster, &row.association, printer).await?;
        row.target_role_trust = Some(super::target_trust_document(&cluster, &row.association)?);
    }
    row.changes = changes;
    print_one(&row, args.output, printer)?;
    Ok(exit::SUCCESS)
}
