//! `epi association update`: change role, target role, session tags or session policy. Namespace
//! and service account cannot change (delete and create instead); add-on-owned associations are
//! changed through their add-on.

use crate::cli::AssociationUpdateArgs;
use crate::commands::aws_context;
use crate::error::{Error, Result, exit};
use crate::output::Printer;
use crate::validate::Arn;

use crate::commands::runner::Runner;
use crate::plan::association::{TrustCheck, TrustDecision};

use super::{
    Row, check_role_arn, decide_trust, print_one, read_session_policy, resolve, same_partition,
    validate_selector,
};

/// Everything the user typed, checked before the first call: the session policy read, and the
/// session-tags switch (`Some(true)`: disable them).
fn parse(args: &AssociationUpdateArgs) -> Result<(Option<String>, Option<bool>)> {
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
    Ok((session_policy, session_tags_change))
}

pub async fn run(args: &AssociationUpdateArgs, printer: Printer) -> Result<u8> {
    let (session_policy, session_tags_change) = parse(args)?;
    if !args.dry_run {
        crate::interrupt::changes_begin();
    }
    let ctx = aws_context(&args.aws, args.select.cluster.region.as_deref()).await?;
    let current = resolve(&ctx, &args.select).await?;
    crate::plan::association::refuse_if_owned(&current, "updated")?;
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
    // The trust the change needs: a new role, or session tags switched (turned back on, the
    // role must allow sts:TagSession; turned off, a trust that requires request tags no longer
    // admits EKS).
    let role = if args.role_arn.is_some() || session_tags_change.is_some() {
        Some(check_role_arn(&role_arn, &cluster)?)
    } else {
        None
    };
    let check = role.as_ref().map(|role| TrustCheck {
        role,
        namespace: &current.namespace,
        service_account: &current.service_account,
        session_tags: !disable_session_tags,
        fix: args.fix_trust,
        allow_unscoped: args.allow_unscoped_trust,
    });
    let trust = match check {
        Some(check) => decide_trust(&ctx, &cluster, check, args.dry_run, printer).await?,
        None => TrustDecision::Admits,
    };
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
    // Plan.
    let changes = crate::plan::association::update(&trust, &current, &preview);
    let views = if args.dry_run {
        printer.note("dry run: the association would become as below; nothing was changed");
        super::dry_run_views(&changes, args.output, printer)
    } else {
        changes.iter().map(crate::plan::Change::view).collect()
    };
    let mut made = Vec::new();
    let updated = if args.dry_run {
        preview
    } else {
        // Run: the trust fix first (its phase), then the update.
        made = changes.clone();
        let report = Runner::new(&ctx, &cluster.name, &cluster.arn)
            .execute_all(changes)
            .await?;
        if let (TrustDecision::Add { .. }, Some(check)) = (&trust, check) {
            super::report_trust_fix(check, printer);
        }
        printer.note("credentials already handed to pods stay valid until they expire (up to 6 hours; 59 minutes with a target role): restart the pods to switch now");
        report
            .associations
            .into_iter()
            .next_back()
            .unwrap_or(preview)
    };
    let mut row = Row::new(&ctx, updated);
    super::finish_trust(
        &ctx,
        target_ctx.as_ref(),
        &cluster,
        &row.association,
        &made,
        args.settle_delay,
        printer,
    )
    .await?;
    if target_ctx.is_some() {
        row.target_role_trust = Some(crate::plan::association::target_trust_document(
            &cluster,
            &row.association,
        )?);
    }
    row.changes = Some(views);
    print_one(&row, args.output, printer)?;
    Ok(exit::SUCCESS)
}
