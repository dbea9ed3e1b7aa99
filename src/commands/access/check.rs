//! `epi access check`: parse → read the association and its roles → the chain → print.

use crate::cli::AccessCheckArgs;
use crate::error::{Error, Result, exit};
use crate::output::{self, DataFormat, Printer};
use crate::policy::access;
use crate::validate::names;

use super::{Asked, Roles};

pub async fn run(args: &AccessCheckArgs, printer: Printer) -> Result<u8> {
    names::cluster_name(&args.cluster)?;
    if let Some(r) = &args.region {
        names::region(r)?;
    }
    names::dns1123_label("namespace", &args.namespace)?;
    names::dns1123_subdomain("service account", &args.service_account)?;
    let asked = Asked::from_args(&args.request, printer)?;
    let q = asked.question();
    for a in &args.accounts {
        if a != "org" {
            names::organizational_unit(a).map_err(|e| {
                e.with_hint("access check takes --accounts org or organisational units (ou-…), which read the organisation's policies")
            })?;
        }
    }
    let answer = match &args.snapshot {
        Some(path) => {
            let snap = crate::plan::snapshot::load(path)?;
            let answer = offline(args, &asked, &snap)?;
            printer.note(&snap.note(path));
            answer
        }
        None => live(args, &asked).await?,
    };
    let subject = format!(
        "{}/{} in {}",
        args.namespace, args.service_account, args.cluster
    );
    let text = match args.output {
        DataFormat::Json => output::to_json(&answer),
        DataFormat::Yaml => output::to_yaml(&answer),
        DataFormat::Table | DataFormat::Wide => {
            super::render(&answer, &subject, &q, args.output == DataFormat::Wide)
        }
    };
    printer.stdout(&text)?;
    Ok(exit::SUCCESS)
}

/// The answer from AWS: the association, its roles, the resource's policy and, when asked, the
/// organisation's policies.
async fn live(args: &AccessCheckArgs, asked: &Asked) -> Result<access::Answer> {
    let q = asked.question();
    let org_policies = args.org_policies || !args.accounts.is_empty();

    let ctx = crate::commands::aws_context(&args.aws, args.region.as_deref()).await?;
    // The caller reads the organisation's policies (it must be allowed to).
    let org_reader = org_policies.then(|| ctx.for_region(ctx.region()));
    let found = ctx
        .find_association(&args.cluster, &args.namespace, &args.service_account)
        .await?;
    let answer = match found {
        None => access::no_association(&args.namespace, &args.service_account),
        Some(a) => {
            let facts = super::association_facts(&a);
            let target = match &a.target_role_arn {
                Some(t) if crate::validate::Arn::account_of(t) != Some(facts.account.as_str()) => {
                    crate::commands::target_account(&ctx, &args.target, "epi-access").await?
                }
                _ => None,
            };
            let mut reach = vec![(facts.account.clone(), &ctx)];
            if let Some((tctx, account)) = &target {
                reach.push((account.clone(), tctx));
            }
            let (found, note) = super::read_resource_policy(&q, &reach).await;
            let mut q = asked.question();
            found.apply(&mut q);
            let org = super::read_org(org_reader.as_ref(), asked, &[&a], &q, 4).await;
            let q = super::org_question(&q, org.as_ref(), &a);
            let mut answer = super::live_answer(&facts, &Roles::default(), &reach, &q)
                .await
                .map_err(|message| Error::Precondition {
                    message,
                    hint: "epi reads the association's role and target role to evaluate them"
                        .into(),
                })?;
            answer.notes.extend(note);
            answer
        }
    };
    Ok(answer)
}

/// The answer from a snapshot, as [`live`] gives it on the state the snapshot holds.
fn offline(
    args: &AccessCheckArgs,
    asked: &Asked,
    snap: &crate::plan::snapshot::Snapshot,
) -> Result<access::Answer> {
    let cluster = snap.cluster(&args.cluster, args.region.as_deref())?;
    let found = cluster
        .associations
        .iter()
        .find(|a| a.namespace == args.namespace && a.service_account == args.service_account);
    let Some(a) = found else {
        return Ok(access::no_association(
            &args.namespace,
            &args.service_account,
        ));
    };
    let facts = super::association_facts(a);
    let (found, note) = super::snapshot_resource_policy(&asked.question(), snap);
    let mut q = asked.question();
    found.apply(&mut q);
    let org = super::snapshot_org(asked, snap);
    let q = super::org_question(&q, org.as_ref(), a);
    let mut answer =
        super::snapshot_answer(&facts, snap, &q).map_err(|message| Error::Precondition {
            message,
            hint: "the snapshot holds the association's role and target role, or says why not: take it again"
                .into(),
        })?;
    answer.notes.extend(note);
    Ok(answer)
}
