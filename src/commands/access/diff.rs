//! `epi access diff -f FILE…`: what a change grants and takes away, per service account. Read
//! and check the files (and `--against-files`) before any AWS call → plan each cluster as `epi
//! plan` does → take the state before (live, or what the other files make) and after → evaluate
//! each service account's access in both ([`crate::policy::diff`]) → report. Read-only.

use serde::Serialize;

use crate::cli::{AccessDiffArgs, DiffFormat, FailOn};
use crate::commands::access_changes::{ServiceAccountDiff, changes, markdown};
use crate::commands::declarative::{plan_all, read_files};
use crate::error::{Error, Result, exit};
use crate::output::{self, Printer};
use crate::plan::PlanOptions;
use crate::policy::diff;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report<'a> {
    service_accounts: &'a [ServiceAccountDiff],
}

pub async fn run(args: &AccessDiffArgs, printer: Printer) -> Result<u8> {
    // Parse: every file of both sides before any AWS call.
    let c = &args.config;
    let (_, desired) = read_files(&c.files, c.cluster.as_deref(), c.region.as_deref(), printer)?;
    let against = if args.against_files.is_empty() {
        None
    } else {
        let (_, other) = read_files(
            &args.against_files,
            c.cluster.as_deref(),
            c.region.as_deref(),
            printer,
        )?;
        for d in &desired {
            if !other.iter().any(|o| o.cluster == d.cluster) {
                return Err(Error::usage(
                    format!(
                        "cluster {} of {} is in none of the --against-files",
                        d.cluster,
                        d.sources.join(", ")
                    ),
                    "give the other version of the same clusters' files, or leave --against-files out to compare with the live clusters",
                ));
            }
        }
        Some(other)
    };
    let options = PlanOptions {
        prune: c.prune,
        adopt: c.adopt,
    };

    // Observe and plan.
    let planned = plan_all(&desired, &args.aws, &args.kube, options, printer).await?;
    let before_plans = match &against {
        Some(other) => {
            let wanted: Vec<_> = other
                .iter()
                .filter(|o| desired.iter().any(|d| d.cluster == o.cluster))
                .cloned()
                .collect();
            Some(plan_all(&wanted, &args.aws, &args.kube, options, printer).await?)
        }
        None => None,
    };

    let mut all = Vec::new();
    for cp in &planned {
        let before = match &before_plans {
            Some(plans) => {
                let other = plans
                    .iter()
                    .find(|p| p.cluster.arn == cp.cluster.arn)
                    .expect("each cluster was planned from both sides (checked above)");
                crate::plan::after::after(&other.observed, &other.plan)
            }
            None => cp.observed.clone(),
        };
        let after = crate::plan::after::after(&cp.observed, &cp.plan);
        all.extend(changes(cp, &before, &after, printer).await);
    }

    let text = match args.output {
        DiffFormat::Json => output::to_json(&Report {
            service_accounts: &all,
        }),
        DiffFormat::Yaml => output::to_yaml(&Report {
            service_accounts: &all,
        }),
        DiffFormat::Markdown => markdown(&all),
        DiffFormat::Table => table(&all),
    };
    printer.stdout(&text)?;
    if all.is_empty() {
        printer.note("no service account's access changes");
    }
    let failed: Vec<&str> = args
        .fail_on
        .iter()
        .filter(|f| {
            all.iter().any(|s| match f {
                FailOn::Gain => !s.diff.gains.is_empty(),
                FailOn::Wildcard => !s.diff.wildcards.is_empty(),
                FailOn::NewRole => !s.diff.new_roles.is_empty(),
            })
        })
        .map(|f| match f {
            FailOn::Gain => "gain",
            FailOn::Wildcard => "wildcard",
            FailOn::NewRole => "new-role",
        })
        .collect();
    if !failed.is_empty() {
        printer.warn(&format!(
            "--fail-on {}: the change would do that",
            failed.join(",")
        ));
        return Ok(exit::FAILURE);
    }
    Ok(exit::SUCCESS)
}

/// For people: a line per service account, then its gains (+), losses (-), new roles and notes,
/// each wrapped between words.
fn table(all: &[ServiceAccountDiff]) -> String {
    let clusters: std::collections::BTreeSet<_> = all.iter().map(|s| &s.cluster).collect();
    let mut t = output::table(&["SERVICE ACCOUNT", "CHANGE", "ACCESS"]);
    for s in all {
        let who = if clusters.len() > 1 {
            format!("{}: {}/{}", s.cluster, s.namespace, s.service_account)
        } else {
            format!("{}/{}", s.namespace, s.service_account)
        };
        let mut first = true;
        let mut row = |change: &str, lines: Vec<String>| {
            if lines.is_empty() {
                return;
            }
            t.add_row(output::row(vec![
                output::Cell::from(if first { who.as_str() } else { "" }),
                output::Cell::from(change),
                output::Cell::lines(lines),
            ]));
            first = false;
        };
        row("gains", diff::grouped(&s.diff.gains));
        row("loses", diff::grouped(&s.diff.losses));
        row("new role", s.diff.new_roles.clone());
        row(
            "wildcard",
            s.diff
                .wildcards
                .iter()
                .map(|w| format!("{} on {}", w.action, w.resource))
                .collect(),
        );
        row("note", s.diff.notes.clone());
    }
    if all.is_empty() {
        return String::new();
    }
    output::render_table(&t)
}
