//! `epi plan -f FILE...`: what apply would change (read-only). Exit 0 no change, 3 changes.

use crate::cli::PlanArgs;
use crate::error::{Result, exit};
use crate::output::Printer;
use crate::plan::PlanOptions;

use super::{SAVED_PLAN_KIND, SavedCluster, SavedPlan, plan_all, print_plans, read_files};

pub async fn run(args: &PlanArgs, printer: Printer) -> Result<u8> {
    let c = &args.config;
    let desired = read_files(&c.files, c.cluster.as_deref(), c.region.as_deref())?;
    if let Some(out) = &args.out {
        crate::files::output_target(out, "plan file")?;
    }
    let options = PlanOptions {
        prune: c.prune,
        adopt: c.adopt,
    };
    let planned = plan_all(&desired, &args.aws, &args.kube, options, printer).await?;
    let plans: Vec<(String, crate::plan::Plan)> = planned
        .iter()
        .map(|p| (p.cluster.name.clone(), p.plan.clone()))
        .collect();
    print_plans(&plans, args.output, printer)?;
    if let Some(out) = &args.out {
        let saved = SavedPlan {
            api_version: crate::manifest::config::API_VERSION.into(),
            kind: SAVED_PLAN_KIND.into(),
            clusters: planned
                .iter()
                .map(|p| SavedCluster {
                    cluster: p.cluster.name.clone(),
                    region: p.ctx.region().to_string(),
                    changes: serde_json::to_value(
                        p.plan.changes.iter().map(|c| c.view()).collect::<Vec<_>>(),
                    )
                    .expect("serialisable"),
                    plan: p.plan.clone(),
                    observed: p.observed.clone(),
                    prune: c.prune,
                    adopt: c.adopt,
                })
                .collect(),
        };
        printer.document(&crate::output::to_json(&saved), Some(out))?;
        printer.note(&format!(
            "saved the plan to {}: `epi apply --plan {}` carries it out if nothing changed meanwhile",
            out.display(),
            out.display()
        ));
    }
    Ok(if plans.iter().all(|(_, p)| p.is_empty()) {
        exit::SUCCESS
    } else {
        exit::PENDING
    })
}
