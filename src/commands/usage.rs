//! `epi usage`: what each service account really did, from CloudTrail events (#34). Parse the
//! flags and times, read the sources (files, directories, standard input) through the pure
//! [`crate::usage`] module, read the live associations of the clusters asked about (unless
//! `--offline`), attribute, print.

use serde::Serialize;

use crate::aws::AwsContext;
use crate::cli::UsageArgs;
use crate::error::Result;
use crate::exit;
use crate::output::{self, DataFormat, Printer};
use crate::usage::attribution::{Attribution, Row, Unattributed};
use crate::usage::records::Tally;

use super::cloudtrail::{Attributed, Judge, Live, Selection, attributed};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report<'a> {
    window: WindowView,
    sources: &'a Tally,
    service_accounts: &'a [Row],
    unattributed: &'a Unattributed,
}

#[derive(Serialize)]
struct WindowView {
    since: Option<String>,
    until: Option<String>,
}

pub async fn run(args: &UsageArgs, printer: Printer) -> Result<u8> {
    let Attributed {
        window,
        tally,
        unreadable,
        ctx,
        live,
        mut rows,
        unattributed,
    } = attributed(
        &args.trail,
        &Selection::of(&args.selection),
        &args.aws,
        printer,
    )
    .await?;

    if live.read(ctx.as_ref()) {
        explain(ctx.as_ref(), &live, &mut rows, printer).await;
    }
    // Events of pod sessions the catalogue has no action for: counted, named, never guessed.
    let mut unknown = 0;
    for r in &rows {
        for u in &r.unmapped {
            unknown += 1;
            printer.warn(&format!(
                "{}{} {}: no IAM action is known for this event; {} call(s) of {} counted as unmapped",
                u.record
                    .as_ref()
                    .map_or_else(String::new, |r| format!("{r}: ")),
                u.event_source,
                u.event_name,
                u.count,
                who(r),
            ));
        }
    }
    let report = Report {
        window: WindowView {
            since: window.since.map(|t| t.to_string()),
            until: window.until.map(|t| t.to_string()),
        },
        sources: &tally,
        service_accounts: &rows,
        unattributed: &unattributed,
    };
    let text = match args.output {
        DataFormat::Json => output::to_json(&report),
        DataFormat::Yaml => output::to_yaml(&report),
        DataFormat::Table | DataFormat::Wide => table(&rows, args.output == DataFormat::Wide),
    };
    printer.stdout(&text)?;
    printer.note(&format!(
        "read {} event(s) from {} ({} duplicate(s), {} malformed){}",
        tally.events,
        tally.origin(),
        tally.duplicates,
        tally.malformed,
        if unattributed.calls > 0 {
            format!(
                "; {} call(s) of pod sessions could not be tied to a service account",
                unattributed.calls
            )
        } else {
            String::new()
        }
    ));
    Ok(
        if unreadable > 0 || (args.trail.strict && (tally.malformed > 0 || unknown > 0)) {
            exit::FAILURE
        } else {
            exit::SUCCESS
        },
    )
}

/// How many resources of one action are evaluated, for its denied calls and for the grants it
/// used.
const EVALUATED_RESOURCES: usize = 20;

/// Explains each row of a live association by the evaluator, against its roles' policies as they
/// are now: why each denied call was denied, and which Allow statements no call used. A row whose
/// roles cannot be read (another account, an AWS error) is left as it is, with a warning.
async fn explain(ctx: Option<&AwsContext>, live: &Live, rows: &mut [Row], printer: Printer) {
    use crate::policy::access::Link;
    let roles = crate::plan::observe::Roles::default();
    for row in rows.iter_mut() {
        let Some(a) = live
            .associations
            .iter()
            .find(|a| Some(&a.association_id) == row.association_id.as_ref())
        else {
            continue;
        };
        let judge = match Judge::read(ctx, live, &roles, a).await {
            Ok(j) => j,
            Err(e) => {
                printer.warn(&format!(
                    "{}/{}: cannot explain its calls: {e}",
                    a.namespace, a.service_account
                ));
                continue;
            }
        };
        let ask = |action: &str, resource: &str| judge.ask(action, resource);
        let mut used = std::collections::BTreeSet::new();
        let mut used_actions = std::collections::BTreeSet::new();
        let mut denied = Vec::new();
        for action in &row.actions {
            for resource in action.denied_resources.iter().take(EVALUATED_RESOURCES) {
                let answer = ask(&action.action, resource);
                denied.push(crate::usage::attribution::DeniedCall {
                    action: action.action.clone(),
                    resource: resource.clone(),
                    decision: answer.decision.as_str().to_string(),
                    denied_by: match answer.chain.last() {
                        Some(Link::Request { denied_by, .. }) => {
                            denied_by.map(|l| l.title().to_string())
                        }
                        _ => None,
                    },
                    deciding: answer.deciding_statement(),
                });
            }
            if action.count == action.denied {
                continue;
            }
            for resource in action.resources.iter().take(EVALUATED_RESOURCES) {
                if let Some(Link::Request { reasons, .. }) =
                    ask(&action.action, resource).chain.last()
                {
                    for r in reasons
                        .iter()
                        .filter(|r| r.effect == crate::policy::eval::Effect::Allow)
                    {
                        used.insert((r.policy.clone(), r.statement));
                        used_actions.insert(action.action.clone());
                    }
                }
            }
        }
        row.denied_calls = denied;
        // The acting role's policies, named as the evaluator names them, and the session policy.
        let acting = judge.target.as_ref().or(judge.role.as_ref());
        let short = |arn: &str| format!("role/{}", crate::validate::RoleArn::name_of(arn));
        let mut policies: Vec<(String, &serde_json::Value)> = acting
            .map(|r| {
                r.policies
                    .iter()
                    .filter_map(|(name, doc)| {
                        Some((format!("{} {name}", short(&r.arn)), doc.as_ref()?))
                    })
                    .collect()
            })
            .unwrap_or_default();
        if let Some(p) = &judge.facts.session_policy {
            policies.push(("association session policy".into(), p));
        }
        row.unused = Some(crate::usage::grants::unused(
            &policies,
            &used,
            &used_actions,
        ));
    }
}

/// `NAMESPACE/SERVICE-ACCOUNT` of a row (`-` for what is not known).
fn who(r: &Row) -> String {
    format!(
        "{}/{}",
        r.namespace.as_deref().unwrap_or("-"),
        r.service_account.as_deref().unwrap_or("-")
    )
}

/// The rows for people (80 columns): the cluster only when there are several, the role by name
/// in the row's account (its ARN with `-o wide`, which adds how each row was attributed), each
/// action on a line of its own, last.
fn table(rows: &[Row], wide: bool) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let clusters: std::collections::BTreeSet<_> = rows.iter().map(|r| &r.cluster).collect();
    let show_cluster = wide || clusters.len() > 1;
    let mut headers = Vec::new();
    if show_cluster {
        headers.push("CLUSTER");
    }
    headers.extend(["NAMESPACE", "SERVICE ACCOUNT", "ROLE"]);
    if wide {
        headers.extend(["VIA", "ATTRIBUTION"]);
    }
    headers.extend(["CALLS", "DENIED", "ACTIONS"]);
    let mut t = output::table(&headers);
    for r in rows {
        let dash = |v: &Option<String>| output::Cell::from(v.as_deref().unwrap_or("-"));
        let mut cells = Vec::new();
        if show_cluster {
            cells.push(dash(&r.cluster));
        }
        cells.push(dash(&r.namespace));
        cells.push(match r.attribution {
            Attribution::Ambiguous => output::Cell::from("(ambiguous)"),
            _ => dash(&r.service_account),
        });
        cells.push(output::Cell::from(crate::validate::RoleArn::label_in(
            &r.role,
            (!wide).then_some(r.account.as_str()),
        )));
        if wide {
            cells.push(output::Cell::from(r.via.map_or("-", |v| v.as_str())));
            cells.push(output::Cell::from(r.attribution.as_str()));
        }
        cells.push(output::Cell::from(r.calls.to_string()));
        cells.push(output::Cell::from(r.denied.to_string()));
        let mut actions: Vec<String> = r
            .actions
            .iter()
            .map(|a| match a.denied {
                0 => format!("{} {}", a.action, a.count),
                d => format!("{} {} ({d} denied)", a.action, a.count),
            })
            .collect();
        if !r.unmapped.is_empty() {
            let n: u64 = r.unmapped.iter().map(|u| u.count).sum();
            actions.push(format!("{n} unmapped (see -o json)"));
        }
        cells.push(output::Cell::lines(actions));
        t.add_row(output::row(cells));
    }
    let mut out = output::render_table(&t);
    // Why calls were denied and what was granted but not used, wrapped below the table.
    let mut below = String::new();
    for r in rows {
        let who = who(r);
        for d in &r.denied_calls {
            below.push_str(&output::paragraph(
                &format!(
                    "{who}: denied {} on {}: {}",
                    d.action,
                    d.resource,
                    d.deciding.as_deref().unwrap_or(&d.decision)
                ),
                "  ",
            ));
        }
        if let Some(unused) = r.unused.as_ref().filter(|u| !u.is_empty()) {
            let parts: Vec<String> = unused
                .iter()
                .map(|u| {
                    format!(
                        "{} ({} statement {}{})",
                        u.actions.join(", "),
                        u.policy,
                        u.statement,
                        u.sid
                            .as_deref()
                            .map(|s| format!(" Sid {s}"))
                            .unwrap_or_default()
                    )
                })
                .collect();
            below.push_str(&output::paragraph(
                &format!("{who}: granted, not used: {}", parts.join("; ")),
                "  ",
            ));
        }
    }
    if !below.is_empty() {
        out.push('\n');
        out.push_str(&below);
    }
    out
}
