//! `epi association create`: validate everything, check the cluster and the role's trust, then
//! create the association, optionally creating the role first (and deleting it again on failure).

use crate::aws::eks::{ClusterInfo, NewAssociation};
use crate::aws::{AwsContext, AwsError};
use crate::cli::AssociationCreateArgs;
use crate::commands::aws_context;
use crate::error::{Error, Result, exit};
use crate::output::Printer;
use crate::plan::Change;
use crate::policy::abac::{self, Location, Template};
use crate::policy::trust::{self, Scope};
use crate::validate::{Arn, arn, names};

use crate::commands::runner::Runner;
use crate::plan::association::{RolePlan, TrustCheck, TrustDecision};

use super::{
    Row, check_role_arn, decide_trust, parse_tags, print_one, read_session_policy, warn_if_no_agent,
};

pub async fn run(args: &AssociationCreateArgs, printer: Printer) -> Result<u8> {
    // Everything the user typed is checked before the first call.
    names::cluster_name(&args.cluster.name)?;
    names::dns1123_label("namespace", &args.namespace)?;
    names::dns1123_subdomain("service account", &args.service_account)?;
    if let Some(role) = &args.role_arn {
        Arn::role("role ARN", role)?;
    }
    if let Some(target) = &args.target_role_arn {
        Arn::role("target role ARN", target)?;
    }
    let tags = parse_tags(&args.tags)?;
    let session_policy = args
        .session_policy
        .as_deref()
        .map(read_session_policy)
        .transpose()?;
    if args.fix_trust && args.create_role {
        return Err(Error::usage(
            "--fix-trust is for an existing role; --create-role writes the trust policy itself",
            "leave out --fix-trust",
        ));
    }
    if args.create_role && args.disable_session_tags && !args.no_scope {
        // The same rule as --fix-trust's --allow-unscoped-trust: never widen a trust unasked.
        return Err(Error::usage(
            format!(
                "with --disable-session-tags EKS sends no request tags, so the new role's trust cannot be scoped to {}/{}: any association in the account could use the role",
                args.namespace, args.service_account
            ),
            "add --no-scope to accept an unscoped trust policy, or keep session tags on",
        ));
    }
    if (args.target.target_profile.is_some() || args.target.target_assume_role_arn.is_some())
        && args.target_role_arn.is_none()
    {
        return Err(Error::usage(
            "--target-profile and --target-assume-role-arn apply the target role's trust: they need --target-role-arn",
            "add --target-role-arn ARN, or leave them out",
        ));
    }
    let plan = if args.create_role {
        Some(role_plan(args)?)
    } else {
        None
    };

    if !args.dry_run {
        // From here a signal lets the step in flight finish: a role without its association
        // would otherwise be left behind.
        crate::interrupt::changes_begin();
    }
    let ctx = aws_context(&args.aws, args.cluster.region.as_deref()).await?;
    let cluster = ctx.describe_cluster(&args.cluster.name).await?;
    if let Some(target) = &args.target_role_arn {
        super::same_partition(
            "target role ARN",
            &Arn::role("target role ARN", target)?,
            &cluster,
        )?;
    }
    warn_if_no_agent(&ctx, &cluster, printer).await;
    // The target account is reached before anything is made, so a refusal there changes nothing.
    let target_ctx = match &args.target_role_arn {
        Some(target) if !args.dry_run => super::target_context(&ctx, &args.target, target).await?,
        _ => None,
    };

    let new = |role_arn: String| NewAssociation {
        cluster: args.cluster.name.clone(),
        namespace: args.namespace.clone(),
        service_account: args.service_account.clone(),
        role_arn,
        target_role_arn: args.target_role_arn.clone(),
        disable_session_tags: args.disable_session_tags,
        session_policy: session_policy.clone(),
        tags: tags.clone(),
    };

    // Observe, plan, run: the changes made (or, with --dry-run, that would be made) are reported
    // as `changes` either way.
    let (association, made) = match &plan {
        Some(plan) => with_new_role(&ctx, &cluster, args, plan, &new, printer).await?,
        None => with_existing_role(&ctx, &cluster, args, &new, printer).await?,
    };
    let mut row = Row::new(&ctx, association);
    // A dry run prints its plan table for people; a real run's changes are in the JSON/YAML.
    row.changes = Some(if args.dry_run {
        super::dry_run_views(&made, args.output, printer)
    } else {
        made.iter().map(Change::view).collect()
    });
    if !args.dry_run {
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
    }
    if let Some(target) = &row.association.target_role_arn
        && !args.dry_run
    {
        // What the target role (in its own account) must trust, with the external id EKS chose.
        let value = crate::plan::association::target_trust_document(&cluster, &row.association)?;
        // Said only when the target's trust is not known to admit the association (#33 item
        // 16): with the target account's credentials epi has just made sure of it (and said so);
        // a target in the cluster's own account is read.
        if args.output.is_table()
            && target_ctx.is_none()
            && !super::target_admits(&ctx, &cluster, &row.association).await
        {
            let role_arn = &row.association.role_arn;
            printer.note(&format!(
                "role {role_arn} must allow sts:AssumeRole{} on {target}, and target role {target} must trust it; its trust policy needs:\n{}",
                if row.association.disable_session_tags { "" } else { " and sts:TagSession" },
                crate::output::to_json(&value).trim_end()
            ));
        }
        row.target_role_trust = Some(value);
    }
    print_one(&row, args.output, printer)?;
    Ok(exit::SUCCESS)
}

/// `--create-role`: a role this command made in a run that was killed before the association
/// existed (tagged by epi, same path, same trust, no association yet) is picked up, so that
/// running the command again converges; any other existing role is a conflict. Then the role, its
/// policies and the association, in one plan.
async fn with_new_role(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    args: &AssociationCreateArgs,
    plan: &RolePlan,
    new: &dyn Fn(String) -> NewAssociation,
    printer: Printer,
) -> Result<(crate::aws::eks::Association, Vec<Change>)> {
    let mut leftover = false;
    if ctx.get_role(&plan.name).await?.is_some() {
        let ours = ctx
            .adoptable_role(&plan.name, plan.path.as_deref(), &plan.trust)
            .await?
            .is_some()
            && ctx
                .find_association(&args.cluster.name, &args.namespace, &args.service_account)
                .await?
                .is_none();
        if !ours {
            return Err(Error::Precondition {
            message: format!("role {} already exists", plan.name),
            hint: "use it with --role-arn (add --fix-trust if its trust policy lacks Pod Identity), or choose another --role-name".into(),
        });
        }
        printer.note(&format!(
        "role {} exists, made by epi with this trust policy for {}/{} by a run that did not finish: using it",
        plan.name, args.namespace, args.service_account
    ));
        leftover = true;
    }
    if let Some((_, template)) = &plan.abac {
        // Now the account and region are known: render for real before creating anything.
        let location = Location {
            partition: cluster.partition().to_string(),
            region: Some(cluster.region.clone()),
            account: Some(cluster.account.clone()),
        };
        abac::render(template, &location)?;
    }
    // Plan: the role, its policies and the association, in one plan.
    let role_arn = plan.arn(cluster);
    let changes = crate::plan::association::create_with_role(
        plan,
        cluster,
        &new(role_arn.clone()),
        leftover,
    )?;
    if args.dry_run {
        printer.note("dry run: would make the changes below; nothing was changed");
        return Ok((new(role_arn).preview(), changes));
    }
    let made = changes.clone();
    Ok((
        run_with_role(ctx, cluster, plan, changes, printer).await?,
        made,
    ))
}

/// `--role-arn`: its trust checked (and, with --fix-trust, fixed in the same plan), then the
/// association.
async fn with_existing_role(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    args: &AssociationCreateArgs,
    new: &dyn Fn(String) -> NewAssociation,
    printer: Printer,
) -> Result<(crate::aws::eks::Association, Vec<Change>)> {
    let role_arn = args
        .role_arn
        .clone()
        .expect("clap requires --role-arn without --create-role");
    let role = check_role_arn(&role_arn, cluster)?;
    let check = TrustCheck {
        role: &role,
        namespace: &args.namespace,
        service_account: &args.service_account,
        session_tags: !args.disable_session_tags,
        fix: args.fix_trust,
        allow_unscoped: args.allow_unscoped_trust,
    };
    let trust = decide_trust(ctx, cluster, check, args.dry_run, printer).await?;
    // Plan: the trust fix (when decided), then the association.
    let changes = crate::plan::association::create(&trust, &new(role_arn.clone()));
    if args.dry_run {
        if let Some(existing) = ctx
            .find_association(&args.cluster.name, &args.namespace, &args.service_account)
            .await?
        {
            return Err(AwsError::AssociationExists {
                cluster: args.cluster.name.clone(),
                namespace: args.namespace.clone(),
                service_account: args.service_account.clone(),
                existing: Some((existing.association_id, existing.role_arn)),
            }
            .into());
        }
        let fix = if matches!(trust, TrustDecision::Add { .. }) {
            " after fixing the role's trust"
        } else {
            ""
        };
        printer.note(&format!(
            "dry run: would create the association below{fix}; nothing was changed"
        ));
        return Ok((new(role_arn).preview(), changes));
    }
    // Run: the trust fix first (its phase), then the association.
    let made = changes.clone();
    let report = Runner::new(ctx, &cluster.name, &cluster.arn)
        .execute_all(changes)
        .await?;
    if matches!(trust, TrustDecision::Add { .. }) {
        super::report_trust_fix(check, printer);
    }
    let association = report
        .associations
        .into_iter()
        .next_back()
        .unwrap_or_else(|| new(role_arn).preview());
    Ok((association, made))
}

fn abac_policy_name(template: &Template) -> String {
    let name = match template {
        Template::S3Prefix { .. } => "s3-prefix",
        Template::DynamoDb { .. } => "dynamodb",
        Template::SecretsManager { .. } => "secrets-manager",
        Template::SsmParameters { .. } => "ssm-parameters",
        Template::Sqs { .. } => "sqs",
    };
    format!("epi-abac-{name}")
}

fn role_plan(args: &AssociationCreateArgs) -> Result<RolePlan> {
    let name = args
        .role_name
        .clone()
        .expect("clap requires --role-name with --create-role");
    arn::role_name(&name)
        .map_err(|e| e.with_hint("role names are 1-64 letters, digits and +=,.@_-"))?;
    if let Some(path) = &args.role_path {
        arn::iam_path(path)?;
    }
    if let Some(b) = &args.permissions_boundary {
        Arn::policy("permissions boundary", b)?;
    }
    for p in &args.attach_policy_arns {
        Arn::policy("policy ARN", p)?;
    }
    let abac = match &args.abac_template {
        Some(t) => {
            let template = abac_template(args, t.as_str())?;
            // Validate the template's own values now, with the account and region still open.
            abac::render(
                &template,
                &Location {
                    partition: "aws".into(),
                    region: Some("*".into()),
                    account: Some("*".into()),
                },
            )?;
            Some((abac_policy_name(&template), template))
        }
        None => None,
    };
    let scope = if args.no_scope || args.disable_session_tags {
        // Without session tags EKS sends no request tags, so a tag-scoped trust could never match.
        Scope::default()
    } else {
        Scope {
            namespaces: vec![args.namespace.clone()],
            service_accounts: vec![args.service_account.clone()],
            ..Scope::default()
        }
    };
    let trust = serde_json::to_string(&trust::pod_identity(&scope)?).expect("serialisable");
    for name in &args.well_known_policies {
        crate::policy::well_known::info(name)?;
    }
    Ok(RolePlan {
        name,
        path: args.role_path.clone(),
        boundary: args.permissions_boundary.clone(),
        attach: args.attach_policy_arns.clone(),
        abac,
        well_known: args.well_known_policies.clone(),
        trust,
    })
}

fn abac_template(args: &AssociationCreateArgs, name: &str) -> Result<Template> {
    Template::from_options(
        name,
        &abac::TemplateOptions {
            bucket: args.abac_bucket.clone(),
            prefix: args.abac_prefix.clone(),
            table: args.abac_table.clone(),
            path: args.abac_path.clone(),
            scope: args.abac_scope.into(),
            read_only: args.abac_read_only,
        },
        &format!("--abac-template {name}"),
        |option| format!("--abac-{option}"),
    )
}

/// Runs a `--create-role` plan: the role, its policies, then the association, one at a time in
/// order (the first failure stops the rest; the association waits out IAM's propagation of the
/// role just made). When the role was made and the association then failed, the role is deleted
/// again (`plan::association::undo_created_role`, run by the runner too).
async fn run_with_role(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    plan: &RolePlan,
    changes: Vec<Change>,
    printer: Printer,
) -> Result<crate::aws::eks::Association> {
    let role_arn = plan.arn(cluster);
    let runner = Runner::new(ctx, &cluster.name, &cluster.arn);
    let report = runner
        .execute(changes, &|c, o| {
            if let (Change::CreateRole { .. }, crate::plan::execute::Outcome::Done) = (c, o) {
                printer.note(&format!("created role {role_arn}"));
            }
        })
        .await;
    let created = report.results.iter().any(|(c, o)| {
        matches!(c, Change::CreateRole { .. }) && *o == crate::plan::execute::Outcome::Done
    });
    let result = match report.first_failure() {
        // The association's own error, as `association create` reports it without a role.
        Some((Change::CreateAssociation { .. }, error)) => Err(Error::from(error.clone())),
        Some((c, error)) => Err(Error::Precondition {
            message: format!("could not {} {} {}: {error}", c.view().action, c.view().resource, c.view().id),
            hint: "check the policy ARNs and the permissions of the caller (iam:CreateRole, iam:AttachRolePolicy, iam:PutRolePolicy)".into(),
        }),
        None => match report.associations.into_iter().next() {
            Some(a) => Ok(a),
            None => Err(Error::Precondition {
                message: "interrupted before the association was created".into(),
                hint: "run the command again".into(),
            }),
        },
    };
    let Err(err) = result else {
        return result;
    };
    if created {
        // The role and every policy it has now (also after a signal, which the undo does not
        // stop for).
        let undo = Runner::new(ctx, &cluster.name, &cluster.arn)
            .atomic()
            .execute(
                crate::plan::association::undo_created_role(plan),
                &|_, _| {},
            )
            .await;
        match undo.first_failure() {
            None => printer.note(&format!("deleted role {} again, since the association was not created", plan.name)),
            Some((_, cleanup)) => printer.warn(&format!(
                "role {} was created but could not be deleted again ({cleanup}); delete it with `aws iam delete-role --role-name {}` after detaching its policies",
                plan.name, plan.name
            )),
        }
    }
    Err(err)
}

impl NewAssociation {
    /// What `--dry-run` prints: the association as it would be created.
    fn preview(&self) -> crate::aws::eks::Association {
        crate::aws::eks::Association {
            cluster_name: self.cluster.clone(),
            namespace: self.namespace.clone(),
            service_account: self.service_account.clone(),
            role_arn: self.role_arn.clone(),
            association_id: String::new(),
            association_arn: String::new(),
            target_role_arn: self.target_role_arn.clone(),
            disable_session_tags: self.disable_session_tags,
            external_id: None,
            session_policy: self.session_policy.clone(),
            owner_arn: None,
            tags: self.tags.clone(),
            created_at: None,
            modified_at: None,
        }
    }
}
