//! `epi access who-can`: every association of the clusters asked for (the fleet read of
//! `association list`), each role read once, each asked the chain.

use futures_util::stream::{self, StreamExt};
use serde::Serialize;

use crate::aws::AwsContext;
use crate::aws::fleet::Failure;
use crate::cli::AccessWhoCanArgs;
use crate::commands::association::list::{Gathered, Selection, gather};
use crate::error::Result;
use crate::output::{self, DataFormat, Printer};
use crate::policy::access::Outcome;

use super::{Asked, Roles};

/// One association's pods and what they may do.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    pub account: String,
    pub region: String,
    pub cluster: String,
    pub namespace: String,
    pub service_account: String,
    /// The role whose permissions the pods' request uses (the target role with `via:
    /// targetRole`).
    pub role: String,
    pub via: &'static str,
    pub decision: Outcome,
    pub depends_on: Vec<String>,
    pub association_id: String,
    /// For a denied row (`--all`): the statement or step that decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// `reason` in its two parts (what decided, what came nearest), for the table.
    #[serde(skip)]
    pub why: Option<(String, Option<String>)>,
}

/// What a run evaluated, live or from a snapshot, for the printing both share.
struct Evaluated {
    results: Vec<std::result::Result<(Row, Vec<String>), Failure>>,
    failures: Vec<Failure>,
    /// Whether the rows come from several accounts by the fleet options (the table shows them).
    fleet: bool,
    regions: Vec<String>,
    /// What was read, then what the resource's policy read said.
    notes: Vec<String>,
}

pub async fn run(args: &AccessWhoCanArgs, printer: Printer) -> Result<u8> {
    let asked = Asked::from_args(&args.request, printer)?;
    let evaluated = match &args.snapshot {
        Some(path) => offline(args, &asked, path)?,
        None => live(args, &asked, printer).await?,
    };
    let Evaluated {
        results,
        mut failures,
        fleet: fleet_run,
        regions,
        notes: read_notes,
    } = evaluated;
    let (mut rows, notes) = fold(results, args.all, &mut failures);
    rows.sort_by(|a, b| {
        (
            &a.account,
            &a.region,
            &a.cluster,
            &a.namespace,
            &a.service_account,
        )
            .cmp(&(
                &b.account,
                &b.region,
                &b.cluster,
                &b.namespace,
                &b.service_account,
            ))
    });
    let text = match args.output {
        DataFormat::Json => output::to_json(&rows),
        DataFormat::Yaml => output::to_yaml(&rows),
        DataFormat::Table | DataFormat::Wide => table(
            &rows,
            fleet_run,
            regions.len() > 1,
            args.all,
            args.output == DataFormat::Wide,
        ),
    };
    printer.stdout(&text)?;
    if rows.is_empty() {
        printer.note(&format!(
            "no association's pods may do {} on {}{}",
            asked.action,
            asked.resource,
            if args.all {
                ""
            } else {
                " (--all shows the denied ones too)"
            }
        ));
    }
    let mut read_notes = read_notes.into_iter();
    let all_notes = read_notes
        .next()
        .into_iter()
        .chain(q_notes(&asked))
        .chain(read_notes)
        .chain(notes);
    for n in all_notes {
        printer.note(&n);
    }
    Ok(crate::commands::report_failures(
        &failures,
        args.fleet.allow_partial,
        printer,
    ))
}

/// The associations of a snapshot's clusters (narrowed by the fleet options), each asked the
/// chain with the roles and the organisation's policies the snapshot holds.
fn offline(args: &AccessWhoCanArgs, asked: &Asked, path: &std::path::Path) -> Result<Evaluated> {
    let snap = crate::plan::snapshot::load(path)?;
    let clusters = snap.select(
        &args.places.clusters,
        &args.places.regions,
        &args.fleet.accounts,
        &args.fleet.exclude_accounts,
    )?;
    let (found, read_note) = super::snapshot_resource_policy(&asked.question(), &snap);
    let mut q = asked.question();
    found.apply(&mut q);
    let org = super::snapshot_org(asked, &snap);
    let mut results = Vec::new();
    for c in &clusters {
        for a in &c.associations {
            let facts = super::association_facts(a);
            let q = super::org_question(&q, org.as_ref(), a);
            results.push(
                super::snapshot_answer(&facts, &snap, &q)
                    .map(|answer| row(a, &facts, answer))
                    .map_err(|reason| not_evaluated(a, &facts, reason)),
            );
        }
    }
    let accounts: std::collections::BTreeSet<&str> = snap
        .places
        .iter()
        .map(|p| p.account.as_str())
        .filter(|a| clusters.iter().any(|c| c.account == *a) || args.fleet.accounts.is_empty())
        .collect();
    let regions: Vec<String> = snap
        .regions()
        .into_iter()
        .filter(|r| args.places.regions.is_empty() || args.places.regions.contains(r))
        .collect();
    let failures = snap.failures_except(&args.fleet.exclude_accounts);
    let accounts: Vec<&str> = accounts.into_iter().collect();
    let mut notes = vec![format!(
        "{}; {}",
        read_summary(&accounts, &regions),
        snap.note(path)
    )];
    notes.extend(read_note);
    Ok(Evaluated {
        results,
        failures,
        fleet: !args.fleet.accounts.is_empty() || accounts.len() > 1,
        regions,
        notes,
    })
}

/// A live run: the fleet read of `association list`, each role read once with the credentials
/// of its account, each association asked the chain.
async fn live(args: &AccessWhoCanArgs, asked: &Asked, printer: Printer) -> Result<Evaluated> {
    let q = asked.question();
    let concurrency = args.concurrency as usize;
    let roles = Roles::default();
    let Gathered {
        contexts,
        regions,
        failures,
        fleet: fleet_run,
        associations,
        org,
        ..
    } = gather(
        &Selection {
            places: &args.places,
            namespaces: &[],
            service_account: None,
            concurrency,
            fleet: &args.fleet,
            aws: &args.aws,
            checkpoint: args.checkpoint.as_deref().map(|p| (p, "access who-can")),
            roles: Some(&roles),
        },
        printer,
    )
    .await?;
    // Target roles of accounts the fleet does not cover are read with --target-profile's.
    let target = match contexts.first() {
        Some((_, ctx)) => crate::commands::target_account(ctx, &args.target, "epi-access").await?,
        None => None,
    };
    let fleet_accounts = fleet_accounts(&contexts);
    // The resource's own policy (a role's trust), read once for every row.
    let reach_all = reach_of(&fleet_accounts, &associations, &contexts, &target);
    let (found, read_note) = super::read_resource_policy(&q, &reach_all).await;
    let mut q = asked.question();
    found.apply(&mut q);
    let listed: Vec<&crate::aws::eks::Association> = associations.iter().map(|(_, a)| a).collect();
    let org_policies = super::read_org(org.as_ref(), asked, &listed, &q, concurrency).await;
    let bar = printer.progress(associations.len() as u64, "evaluating associations");
    // `concurrency` evaluations at once per account, every account at once (#36).
    let lanes = crate::aws::fleet::Lanes::new(concurrency);
    let turns = crate::aws::fleet::in_turns(associations.iter().collect(), |(i, _)| *i);
    let width = lanes.width(&turns, |(i, _)| contexts[*i].0.as_str());
    let results: Vec<std::result::Result<(Row, Vec<String>), Failure>> = stream::iter(turns)
        .map(|(i, a)| {
            let (account, ctx) = &contexts[*i];
            let (roles, q, bar, target, fleet_accounts, org_policies, lanes) = (
                &roles,
                &q,
                &bar,
                &target,
                &fleet_accounts,
                &org_policies,
                &lanes,
            );
            lanes.run(account, async move {
                let facts = super::association_facts(a);
                let q = &super::org_question(q, org_policies.as_ref(), a);
                let mut reach: Vec<(String, &AwsContext)> = vec![(facts.account.clone(), ctx)];
                reach.extend(fleet_accounts.iter().map(|(a, c)| (a.clone(), *c)));
                if let Some((tctx, account)) = target {
                    reach.push((account.clone(), tctx));
                }
                let result = super::live_answer(&facts, roles, &reach, q).await;
                bar.inc(1);
                result
                    .map(|answer| row(a, &facts, answer))
                    .map_err(|reason| not_evaluated(a, &facts, reason))
            })
        })
        .buffer_unordered(width)
        .collect()
        .await;
    bar.finish_and_clear();
    let accounts: Vec<&str> = reach_all.iter().map(|(a, _)| a.as_str()).collect();
    let mut notes = vec![read_summary(&accounts, &regions)];
    notes.extend(read_note);
    Ok(Evaluated {
        results,
        failures,
        fleet: fleet_run,
        regions,
        notes,
    })
}

/// An association the chain could not be asked for (a role not read), as a failure of the run.
fn not_evaluated(
    a: &crate::aws::eks::Association,
    facts: &crate::policy::access::AssociationFacts,
    reason: String,
) -> Failure {
    Failure {
        account: Some(facts.account.clone()),
        region: Some(facts.region.clone()),
        reason: format!(
            "{}/{} in cluster {}: {reason}",
            a.namespace, a.service_account, a.cluster_name
        ),
        hint: "the association was not evaluated; the rows shown are the others".into(),
    }
}

/// An evaluated association's row, and the notes of its answer.
fn row(
    a: &crate::aws::eks::Association,
    facts: &crate::policy::access::AssociationFacts,
    answer: crate::policy::access::Answer,
) -> (Row, Vec<String>) {
    let denied = !answer.decision.may_allow();
    (
        Row {
            account: facts.account.clone(),
            region: facts.region.clone(),
            cluster: a.cluster_name.clone(),
            namespace: a.namespace.clone(),
            service_account: a.service_account.clone(),
            role: a.target_role_arn.clone().unwrap_or(a.role_arn.clone()),
            via: answer.via,
            decision: answer.decision,
            depends_on: answer.depends_on.clone(),
            association_id: a.association_id.clone(),
            reason: denied.then(|| answer.deciding_statement()).flatten(),
            why: denied.then(|| answer.deciding_parts()).flatten(),
        },
        answer.notes,
    )
}

/// The accounts of a fleet run with their credentials, once each (empty for the caller's own
/// account outside a fleet run).
fn fleet_accounts(contexts: &[(String, AwsContext)]) -> Vec<(String, &AwsContext)> {
    let mut seen: Vec<(String, &AwsContext)> = Vec::new();
    for (account, ctx) in contexts {
        if !account.is_empty() && !seen.iter().any(|(a, _)| a == account) {
            seen.push((account.clone(), ctx));
        }
    }
    seen
}

/// Every account the run reached with its credentials: the fleet's, each association's (its
/// ARN names its account) and the target account's.
fn reach_of<'a>(
    fleet: &[(String, &'a AwsContext)],
    associations: &[(usize, crate::aws::eks::Association)],
    contexts: &'a [(String, AwsContext)],
    target: &'a Option<(AwsContext, String)>,
) -> Vec<(String, &'a AwsContext)> {
    let mut reach = fleet.to_vec();
    for (i, a) in associations {
        let account = super::association_facts(a).account;
        if !reach.iter().any(|(known, _)| *known == account) {
            reach.push((account, &contexts[*i].1));
        }
    }
    if let Some((tctx, account)) = target {
        reach.push((account.clone(), tctx));
    }
    reach
}

/// The rows to show (every one with `--all`, else those that may be allowed), the notes of
/// every answer once each, and the failures.
fn fold(
    results: Vec<std::result::Result<(Row, Vec<String>), Failure>>,
    all: bool,
    failures: &mut Vec<Failure>,
) -> (Vec<Row>, Vec<String>) {
    let mut rows = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for r in results {
        match r {
            Ok((row, answer_notes)) => {
                for n in answer_notes {
                    if !notes.contains(&n) {
                        notes.push(n);
                    }
                }
                if all || row.decision.may_allow() {
                    rows.push(row);
                }
            }
            Err(f) => failures.push(f),
        }
    }
    (rows, notes)
}

/// What was read: a reviewer sees which accounts and regions the answer covers.
fn read_summary(accounts: &[&str], regions: &[String]) -> String {
    format!(
        "read {} account(s) ({}) in {} region(s) ({})",
        accounts.len(),
        accounts.join(", "),
        regions.len(),
        regions.join(", ")
    )
}

/// What every row assumed.
fn q_notes(asked: &Asked) -> Vec<String> {
    let mut out = Vec::new();
    if crate::policy::eval::arn_account(&asked.resource).is_none()
        && asked.resource_account.is_none()
        && asked.resource != "*"
    {
        out.push("the resource's account is not in its ARN and --resource-account was not given: it is taken to be each role's own account".into());
    }
    out
}

/// The rows as a table: the role by its name when it is in the row's account (its ARN with `-o
/// wide`), the cluster only when there are several (always with `-o wide`), the free text (what
/// it depends on; with `--all`, why each row is what it is) last and wrapped (#33 item 1).
fn table(rows: &[Row], accounts: bool, regions: bool, all: bool, wide: bool) -> String {
    let clusters: std::collections::BTreeSet<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r.account.as_str(), r.region.as_str(), r.cluster.as_str()))
        .collect();
    let show_cluster = wide || clusters.len() > 1;
    let mut headers = Vec::new();
    if accounts {
        headers.push("ACCOUNT");
    }
    if regions {
        headers.push("REGION");
    }
    if show_cluster {
        headers.push("CLUSTER");
    }
    headers.extend([
        "NAMESPACE",
        "SERVICE ACCOUNT",
        "ROLE",
        "VIA",
        "DECISION",
        // With the denied rows, one free-text column says why each row is what it is.
        if all { "WHY" } else { "DEPENDS ON" },
    ]);
    let mut t = output::table(&headers);
    // A policy Resource would stretch the column: what came nearest follows the table.
    let mut nearest_misses = String::new();
    for r in rows {
        let mut cells = Vec::new();
        if accounts {
            cells.push(r.account.clone());
        }
        if regions {
            cells.push(r.region.clone());
        }
        if show_cluster {
            cells.push(r.cluster.clone());
        }
        cells.extend([
            r.namespace.clone(),
            r.service_account.clone(),
            crate::validate::RoleArn::label_in(&r.role, (!wide).then_some(r.account.as_str()))
                .to_string(),
            r.via.to_string(),
            r.decision.as_str().to_string(),
        ]);
        let depends = (!r.depends_on.is_empty()).then(|| r.depends_on.join(", "));
        cells.push(match (all, depends, &r.why) {
            (true, Some(d), _) => format!("depends on {d}"),
            (true, None, Some((why, None))) => why.clone(),
            (true, None, Some((why, Some(nearest)))) => {
                nearest_misses.push_str(&output::paragraph(
                    &format!(
                        "{}/{}{}: nearest: {nearest}",
                        r.namespace,
                        r.service_account,
                        if show_cluster {
                            format!(" in {}", r.cluster)
                        } else {
                            String::new()
                        }
                    ),
                    "  ",
                ));
                format!("{why} (nearest below)")
            }
            (false, Some(d), _) => d,
            _ => "-".into(),
        });
        t.add_row(output::row(cells));
    }
    let mut out = output::render_table(&t);
    if !nearest_misses.is_empty() {
        out.push('\n');
        out.push_str(&nearest_misses);
    }
    out
}
