//! `epi apply -f FILE... | --plan PLAN.json`: carries the plan out through the engine. Asks on a
//! terminal, needs `--yes` elsewhere; a saved plan is refused when the live state moved on.

use crate::cli::ApplyArgs;
use crate::error::{Error, Result, exit};
use crate::output::{DataFormat, Printer};
use crate::plan::execute::{Outcome, Report, Target, execute};
use crate::plan::{Plan, PlanOptions};

use super::{ClusterPlan, SAVED_PLAN_KIND, SavedPlan, plan_all, print_plans, read_files};

pub async fn run(args: &ApplyArgs, printer: Printer) -> Result<u8> {
    let planned = match &args.plan {
        Some(path) => saved(path, args, printer).await?,
        None => {
            let c = &args.config;
            let desired = read_files(&c.files, c.cluster.as_deref(), c.region.as_deref())?;
            let options = PlanOptions {
                prune: c.prune,
                adopt: c.adopt,
            };
            plan_all(&desired, &args.aws, &args.kube, options, printer).await?
        }
    };
    let plans: Vec<(String, Plan)> = planned
        .iter()
        .map(|p| (p.cluster.name.clone(), p.plan.clone()))
        .collect();
    let pending = plans.iter().any(|(_, p)| !p.is_empty());
    if !pending || args.dry_run {
        print_plans(&plans, args.output, printer)?;
        if pending {
            printer.note("dry run: nothing was changed");
        }
        return Ok(if pending {
            exit::PENDING
        } else {
            exit::SUCCESS
        });
    }
    if !args.yes {
        if !crate::commands::interactive() {
            print_plans(&plans, args.output, printer)?;
            printer.warn("not on a terminal and --yes was not given: nothing was changed");
            return Ok(exit::PENDING);
        }
        print_plans(&plans, DataFormat::Table, printer)?;
        let confirmed = dialoguer::Confirm::new()
            .with_prompt("Apply these changes?")
            .default(false)
            .interact()
            .map_err(|e| {
                Error::usage(
                    format!("no answer to the prompt: {e}"),
                    "add --yes to apply without a prompt",
                )
            })?;
        if !confirmed {
            printer.note("nothing was changed");
            return Ok(exit::PENDING);
        }
    } else if args.output == DataFormat::Table {
        for (_, p) in &plans {
            for n in &p.notes {
                printer.note(n);
            }
        }
    }
    let mut reports = Vec::new();
    for p in &planned {
        let bar = printer.progress(
            p.plan.changes.len() as u64,
            &format!("applying to {}", p.cluster.name),
        );
        let target = Target {
            kube: None,
            ..Target::new(&p.ctx, &p.cluster.name, &p.cluster.arn)
        };
        let report = execute(
            &target,
            p.plan.changes.clone(),
            args.concurrency as usize,
            &|_, _| bar.inc(1),
        )
        .await;
        bar.finish_and_clear();
        let stop = report.interrupted.is_some() || report.failed() > 0;
        reports.push(report);
        if stop {
            break;
        }
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
    Ok(exit::SUCCESS)
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
        DataFormat::Table => {
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
                table.add_row(vec![
                    v.action.to_string(),
                    v.resource.to_string(),
                    v.id,
                    outcome,
                ]);
            }
            let done: usize = reports.iter().map(Report::done).sum();
            printer.stdout(&format!("{table}\n\nApplied {done} change(s).\n"))
        }
    }
}

/// A saved plan, checked against the live state: refused, changing nothing, if it moved on.
async fn saved(
    path: &std::path::Path,
    args: &ApplyArgs,
    printer: Printer,
) -> Result<Vec<ClusterPlan>> {
    let (name, text) = crate::files::read_document(path, "plan file")?;
    let saved: SavedPlan = serde_json::from_str(&text).map_err(|e| {
        Error::invalid(
            "plan file",
            name.clone(),
            format!("it is not a plan epi saved: {e}"),
        )
        .with_hint("make one with `epi plan -f FILE --out PLAN.json`")
    })?;
    if saved.kind != SAVED_PLAN_KIND || saved.api_version != crate::manifest::config::API_VERSION {
        return Err(Error::invalid(
            "plan file",
            name,
            format!("its kind is {:?}, not {SAVED_PLAN_KIND}", saved.kind),
        )
        .with_hint("make one with `epi plan -f FILE --out PLAN.json`"));
    }
    let mut out = Vec::new();
    for c in saved.clusters {
        let ctx = crate::commands::aws_context(&args.aws, Some(&c.region)).await?;
        let cluster = ctx.describe_cluster(&c.cluster).await?;
        let scope = crate::plan::observe::Scope::of_observed(&c.observed);
        let kube = if scope.namespaces {
            Some(crate::commands::kube_for_cluster(&ctx, &cluster, &args.kube, printer).await?)
        } else {
            None
        };
        let now = crate::plan::observe::observe(&ctx, &cluster, &scope, kube.as_ref()).await?;
        if now != c.observed {
            return Err(Error::Precondition {
                message: format!(
                    "the live state of cluster {} changed since the plan in {} was made: nothing was changed",
                    c.cluster,
                    path.display()
                ),
                hint: "make a new plan with `epi plan -f FILE --out PLAN.json` and review it"
                    .into(),
            });
        }
        out.push(ClusterPlan {
            ctx,
            cluster,
            observed: now,
            plan: c.plan,
        });
    }
    Ok(out)
}
