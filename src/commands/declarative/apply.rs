//! `epi apply -f FILE... | --plan PLAN.json`: carries the plan out through the engine. Asks on a
//! terminal, needs `--yes` elsewhere; a saved plan is refused when the live state moved on.

use futures_util::StreamExt;

use crate::cli::ApplyArgs;
use crate::commands::runner::Runner;
use crate::error::{Error, Result, exit};
use crate::output::{DataFormat, Printer};
use crate::plan::Change;
use crate::plan::PlanOptions;
use crate::plan::execute::{Outcome, Report, trust_edited_roles};

use super::{
    ClusterPlan, SAVED_PLAN_KIND, SavedPlan, check_prune, digest_of, plan_all, print_plans,
    read_files, resolve_inputs, unproven,
};

pub async fn run(args: &ApplyArgs, printer: Printer) -> Result<u8> {
    let c = &args.config;
    let planned = match &args.plan {
        Some(path) => saved(path, args, printer).await?,
        None => {
            if c.files.is_empty() {
                return Err(Error::usage(
                    "apply needs the files to apply (-f) or a saved plan (--plan)",
                    "give -f FILE (or a directory of them), or --plan PLAN.json with a plan saved by `epi plan --out PLAN.json`",
                ));
            }
            let (_, desired) =
                read_files(&c.files, c.cluster.as_deref(), c.region.as_deref(), printer)?;
            check_prune(&desired, c.prune)?;
            let options = PlanOptions {
                prune: c.prune,
                adopt: c.adopt,
            };
            plan_all(&desired, &args.aws, &args.kube, options, printer).await?
        }
    };
    let pending = planned.iter().any(|p| !p.plan.is_empty());
    let unproven = unproven(&planned);
    let strict_failure = || {
        printer.warn(&format!(
            "--strict: epi could not prove these roles unused, so prune keeps them: {}",
            unproven.join(", ")
        ));
        Ok(exit::FAILURE)
    };
    if !pending || args.dry_run {
        print_plans(&planned, args.output, None, printer)?;
        if pending {
            printer.note("dry run: nothing was changed");
        }
        if c.strict && !unproven.is_empty() {
            return strict_failure();
        }
        return Ok(if pending {
            exit::PENDING
        } else {
            exit::SUCCESS
        });
    }
    if !args.yes {
        if !crate::commands::interactive() {
            print_plans(&planned, args.output, None, printer)?;
            printer.warn("not on a terminal and --yes was not given: nothing was changed");
            return Ok(exit::PENDING);
        }
        print_plans(&planned, DataFormat::Table, None, printer)?;
        if !crate::commands::runner::confirm(false, "Apply these changes?", printer)? {
            return Ok(exit::PENDING);
        }
    } else if args.output.is_table() {
        for p in &planned {
            for n in &p.plan.notes {
                printer.note(n);
            }
        }
    }
    let mut reports = Vec::new();
    for p in &planned {
        let report = Runner::new(&p.ctx, &p.cluster.name, &p.cluster.arn)
            .concurrency(args.concurrency as usize)
            .progress(format!("applying to {}", p.cluster.name), printer)
            .execute(p.plan.changes.clone(), &|_, _| {})
            .await;
        let stop = report.interrupted.is_some() || report.failed() > 0;
        reports.push(report);
        if stop {
            break;
        }
    }
    let mut unverified = Vec::new();
    if reports
        .iter()
        .all(|r| r.interrupted.is_none() && r.failed() == 0)
    {
        let (restored, unread) = verify_trust(&planned, &reports, args, printer).await;
        reports.extend(restored);
        unverified = unread;
    }
    print_reports(&reports, args.output, printer)?;
    if let Some(signal) = reports.iter().find_map(|r| r.interrupted) {
        printer.warn("interrupted: run `epi apply` again to finish (it converges)");
        return Ok(crate::interrupt::exit_code(signal));
    }
    let failed: usize = reports.iter().map(Report::failed).sum();
    if failed > 0 {
        printer.warn(&format!(
            "{failed} change(s) failed; what was done stays done, and `epi apply` again converges"
        ));
        return Ok(exit::FAILURE);
    }
    if !unverified.is_empty() {
        printer.warn(&format!(
            "could not read again the trust policy of {}: check that its statements are there (`epi plan` shows what is missing)",
            unverified.join("; ")
        ));
        return Ok(exit::FAILURE);
    }
    if c.strict && !unproven.is_empty() {
        return strict_failure();
    }
    Ok(exit::SUCCESS)
}

/// After the run's last write: waits `--settle-delay`, reads every role whose trust policy the
/// run edited read-modify-write again, and plans those roles again against what is there now.
/// A grant another writer's late write replaced is added back (and a statement it put back is
/// taken out again) through the engine, the same safe way; what cannot be restored fails the run
/// naming the role, and so does a role that cannot be read again (returned as `role: why`).
async fn verify_trust(
    planned: &[ClusterPlan],
    reports: &[Report],
    args: &ApplyArgs,
    printer: Printer,
) -> (Vec<Report>, Vec<String>) {
    let edited: Vec<(&ClusterPlan, std::collections::BTreeSet<String>)> = planned
        .iter()
        .zip(reports)
        .map(|(p, r)| (p, trust_edited_roles(r)))
        .filter(|(_, roles)| !roles.is_empty())
        .collect();
    if edited.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let count: usize = edited.iter().map(|(_, r)| r.len()).sum();
    if !crate::commands::settle_announced(
        printer,
        args.settle_delay,
        &format!("the {count} role(s)"),
    )
    .await
    {
        return (Vec::new(), Vec::new());
    }
    let mut out = Vec::new();
    let mut unreadable = Vec::new();
    for (p, roles) in edited {
        let mut observed = p.observed.clone();
        // Every edited role read again at once (bounded), not one round trip after another.
        let read: Vec<_> = futures_util::stream::iter(&roles)
            .map(|role| async move { (role, p.ctx.role_details(role).await) })
            .buffered(args.concurrency.max(1) as usize)
            .collect()
            .await;
        for (role, details) in read {
            match details {
                Ok(Some(details)) => {
                    if let Some(Some(r)) = observed.roles.get_mut(role) {
                        r.trust_policy = details.trust_policy;
                    }
                }
                Ok(None) => {}
                Err(e) => unreadable.push(format!("{role}: {e}")),
            }
        }
        let Ok(again) = crate::plan::plan(&p.desired, &observed, p.options) else {
            continue;
        };
        let restore: Vec<Change> = again
            .changes
            .into_iter()
            .filter(|c| match c {
                Change::UpdateTrustPolicy { role, .. } | Change::RemoveTrustGrants { role, .. } => {
                    roles.contains(role)
                }
                _ => false,
            })
            .collect();
        if restore.is_empty() {
            continue;
        }
        for c in &restore {
            printer.warn(&format!(
                "another writer replaced the trust policy of role {} after this run wrote it: epi writes its statements again",
                c.view().id
            ));
        }
        let runner = Runner::new(&p.ctx, &p.cluster.name, &p.cluster.arn)
            .concurrency(args.concurrency as usize);
        out.push(runner.execute(restore, &|_, _| {}).await);
    }
    (out, unreadable)
}

fn print_reports(reports: &[Report], format: DataFormat, printer: Printer) -> Result<()> {
    let rows: Vec<serde_json::Value> = reports
        .iter()
        .flat_map(|r| r.results.iter())
        .map(|(c, o)| {
            let mut v = serde_json::to_value(c.view()).expect("serialisable");
            let o = serde_json::to_value(o).expect("serialisable");
            if let (Some(v), Some(o)) = (v.as_object_mut(), o.as_object()) {
                v.extend(o.clone());
            }
            v
        })
        .collect();
    match format {
        DataFormat::Json => printer.stdout(&crate::output::to_json(
            &serde_json::json!({"changes": rows}),
        )),
        DataFormat::Yaml => printer.stdout(&crate::output::to_yaml(
            &serde_json::json!({"changes": rows}),
        )),
        DataFormat::Table | DataFormat::Wide => {
            let mut table = crate::output::table(&["ACTION", "RESOURCE", "ID", "OUTCOME"]);
            for (c, o) in reports.iter().flat_map(|r| r.results.iter()) {
                let v = c.view();
                let outcome = match o {
                    Outcome::Done => "done".to_string(),
                    Outcome::Skipped => "skipped".to_string(),
                    Outcome::Failed { error } => format!("failed: {error}"),
                    Outcome::KeptIrsa { waiting } => {
                        format!("kept-irsa: {waiting} pod(s) without Pod Identity credentials")
                    }
                };
                table.add_row(crate::output::row([
                    v.action.to_string(),
                    v.resource.to_string(),
                    crate::output::plan::table_id(&v),
                    outcome,
                ]));
            }
            let done: usize = reports.iter().map(Report::done).sum();
            printer.stdout(&format!(
                "{}\nApplied {done} change(s).\n",
                crate::output::render_table(&table)
            ))
        }
    }
}

/// A saved plan, planned again: its inputs are read as `epi plan` read them and planned against a
/// fresh reading of the live state; the result is carried out only when it equals the saved
/// changes (and, with `--expect-digest`, when the digest is the one given). Nothing in the file is
/// executed as an instruction, so nothing outside the files' clusters, regions and account can
/// change.
async fn saved(
    path: &std::path::Path,
    args: &ApplyArgs,
    printer: Printer,
) -> Result<Vec<ClusterPlan>> {
    let (name, text) = crate::files::read_document(path, "plan file")?;
    let remake = "make one with `epi plan -f FILE --out PLAN.json`";
    let saved: SavedPlan = serde_json::from_str(&text).map_err(|e| {
        Error::invalid(
            "plan file",
            name.clone(),
            format!("it is not a plan this epi saved: {e}"),
        )
        .with_hint(remake)
    })?;
    if saved.kind != SAVED_PLAN_KIND || saved.api_version != crate::manifest::config::API_VERSION {
        return Err(Error::invalid(
            "plan file",
            name,
            format!("its kind is {:?}, not {SAVED_PLAN_KIND}", saved.kind),
        )
        .with_hint(remake));
    }
    if let Some(expected) = &args.expect_digest {
        let wanted = expected.trim();
        let wanted = if wanted.starts_with("sha256:") {
            wanted.to_string()
        } else {
            format!("sha256:{wanted}")
        };
        if !wanted.eq_ignore_ascii_case(&saved.digest) {
            // Not an invalid value: a digest that does not match (exit 2, nothing changed).
            return Err(Error::usage(
                format!(
                    "the digest does not match: plan file {name} has digest {}, and --expect-digest gave {}; it is not the plan that was reviewed, and nothing was changed",
                    saved.digest,
                    crate::text::one_line(&wanted)
                ),
                "apply the plan file whose digest the review showed, or make and review a new plan",
            ));
        }
    }
    let recorded = super::digest(saved.clusters.iter().map(|c| {
        (
            c.account.as_str(),
            c.region.as_str(),
            c.cluster.as_str(),
            &c.plan,
        )
    }));
    if recorded != saved.digest {
        // Not the plan `epi plan` wrote: bad input (exit 2), nothing changed.
        return Err(Error::invalid(
            "plan file",
            name,
            format!(
                "its changes do not match its digest {} (they hash to {recorded}): it was edited after `epi plan` wrote it; nothing was changed",
                saved.digest
            ),
        )
        .with_hint(remake));
    }
    // The readable `changes` a reviewer reads must be what the typed changes say: rendered again
    // from them and compared, so an edit of the view alone is refused too.
    for c in &saved.clusters {
        let view = serde_json::to_value(
            c.plan
                .changes
                .iter()
                .map(|ch| ch.view())
                .collect::<Vec<_>>(),
        )
        .expect("serialisable");
        if view != c.changes {
            return Err(Error::invalid(
                "plan file",
                name,
                format!(
                    "its readable changes for cluster {} are not what its typed changes say: it was edited after `epi plan` wrote it; nothing was changed",
                    c.cluster
                ),
            )
            .with_hint(remake));
        }
    }
    let desired = resolve_inputs(
        &saved.inputs,
        saved.cluster.as_deref(),
        saved.region.as_deref(),
    )?;
    check_prune(&desired, saved.prune)?;
    let options = PlanOptions {
        prune: saved.prune,
        adopt: saved.adopt,
    };
    let planned = plan_all(&desired, &args.aws, &args.kube, options, printer).await?;
    let now = digest_of(&planned);
    if now != saved.digest {
        let what = match saved
            .clusters
            .iter()
            .zip(planned.iter())
            .find(|(s, p)| s.plan.changes != p.plan.changes)
        {
            Some((s, p)) => format!(
                "the plan of cluster {} now has {} change(s) where the saved one has {}{}",
                s.cluster,
                p.plan.changes.len(),
                s.plan.changes.len(),
                plan_difference(&s.plan.changes, &p.plan.changes)
            ),
            None => format!(
                "the files now plan {} cluster(s) where the saved plan has {}",
                planned.len(),
                saved.clusters.len()
            ),
        };
        return Err(Error::Precondition {
            message: format!(
                "the live state changed since the plan in {} was made, or the file was edited: {what} (digest {now}, saved {}); nothing was changed",
                path.display(),
                saved.digest
            ),
            hint: "make a new plan with `epi plan -f FILE --out PLAN.json` and review it".into(),
        });
    }
    Ok(planned)
}

/// What differs between a saved plan's changes and the new plan's, for a person: `; new: update
/// association …; gone: create role …` (a change that differs only in its content counts as
/// both).
fn plan_difference(saved: &[crate::plan::Change], now: &[crate::plan::Change]) -> String {
    let describe = |c: &crate::plan::Change| {
        let v = c.view();
        format!("{} {} {}", v.action, v.resource, v.id)
    };
    let new: Vec<String> = now
        .iter()
        .filter(|c| !saved.contains(c))
        .map(describe)
        .collect();
    let gone: Vec<String> = saved
        .iter()
        .filter(|c| !now.contains(c))
        .map(describe)
        .collect();
    let mut out = String::new();
    for (label, list) in [("new", new), ("gone", gone)] {
        if !list.is_empty() {
            let shown: Vec<&str> = list.iter().take(10).map(String::as_str).collect();
            let more = list.len().saturating_sub(shown.len());
            out.push_str(&format!(
                "; {label}: {}{}",
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ));
        }
    }
    out
}
