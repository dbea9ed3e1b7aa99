//! `epi plan -f FILE...`: what apply would change (read-only). Exit 0 no change, 3 changes.

use crate::cli::PlanArgs;
use crate::error::{Result, exit};
use crate::output::Printer;
use crate::plan::PlanOptions;

use super::{
    SAVED_PLAN_KIND, SavedCluster, SavedPlan, check_prune, digest_of, plan_all, print_plans,
    read_files, unproven,
};

pub async fn run(args: &PlanArgs, printer: Printer) -> Result<u8> {
    let c = &args.config;
    let (inputs, desired) =
        read_files(&c.files, c.cluster.as_deref(), c.region.as_deref(), printer)?;
    check_prune(&desired, c.prune)?;
    if let Some(out) = &args.out {
        crate::files::output_target(out, "plan file")?;
    }
    let options = PlanOptions {
        prune: c.prune,
        adopt: c.adopt,
    };
    let planned = plan_all(&desired, &args.aws, &args.kube, options, printer).await?;
    // A pull-request comment and GitHub's annotations say what access the change grants and
    // takes away (#35).
    let access = if matches!(
        args.output,
        crate::cli::PlanFormat::Markdown | crate::cli::PlanFormat::Github
    ) {
        let mut all = Vec::new();
        for cp in &planned {
            let after = crate::plan::after::after(&cp.observed, &cp.plan);
            all.extend(
                crate::commands::access_changes::changes(cp, &cp.observed, &after, printer).await,
            );
        }
        Some(if args.output == crate::cli::PlanFormat::Github {
            crate::commands::access_changes::github(&all)
        } else {
            crate::commands::access_changes::markdown(&all).replacen("### ", "#### ", 1)
        })
    } else {
        None
    };
    print_plans(&planned, args.output, access.as_deref(), printer)?;
    if let Some(out) = &args.out {
        let saved = SavedPlan {
            api_version: crate::manifest::config::API_VERSION.into(),
            kind: SAVED_PLAN_KIND.into(),
            digest: digest_of(&planned),
            inputs,
            cluster: c.cluster.clone(),
            region: c.region.clone(),
            prune: c.prune,
            adopt: c.adopt,
            clusters: planned
                .iter()
                .map(|p| SavedCluster {
                    cluster: p.cluster.name.clone(),
                    region: p.ctx.region().to_string(),
                    account: p.cluster.account.clone(),
                    changes: serde_json::to_value(
                        p.plan.changes.iter().map(|c| c.view()).collect::<Vec<_>>(),
                    )
                    .expect("serialisable"),
                    plan: p.plan.clone(),
                    observed: p.observed.clone(),
                })
                .collect(),
        };
        printer.document(&crate::output::to_json(&saved), Some(out))?;
        printer.note(&format!(
            "saved the plan to {}: `epi apply --plan {} --expect-digest {}` carries out exactly these changes, or nothing",
            out.display(),
            out.display(),
            saved.digest
        ));
    }
    let unproven = unproven(&planned);
    if c.strict && !unproven.is_empty() {
        printer.warn(&format!(
            "--strict: epi could not prove these roles unused, so prune keeps them: {}",
            unproven.join(", ")
        ));
        return Ok(exit::FAILURE);
    }
    Ok(if planned.iter().all(|p| p.plan.is_empty()) {
        exit::SUCCESS
    } else {
        exit::PENDING
    })
}
