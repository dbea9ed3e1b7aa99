//! `epi plan`, `epi apply`, `epi export`, `epi schema`: Pod Identity as code, on the plan/apply
//! engine ([`crate::plan`]).

pub mod apply;
pub mod export;
pub mod plan;
pub mod schema;

use crate::aws::AwsContext;
use crate::aws::eks::ClusterInfo;
use crate::cli::{AwsArgs, KubeArgs};
use crate::error::{Error, Result};
use crate::manifest::config::{self, Desired};
use crate::output::Printer;
use crate::plan::{Observed, Plan, PlanOptions};

/// Reads and checks every file before any AWS call: a bad file is exit 2 with its location.
pub(crate) fn read_files(
    files: &[std::path::PathBuf],
    cluster: Option<&str>,
    region: Option<&str>,
) -> Result<Vec<Desired>> {
    if files.is_empty() {
        return Err(Error::usage(
            "no PodIdentityConfig file was given",
            "give -f FILE (or a directory of them); `epi export --cluster C` writes one from a live cluster",
        ));
    }
    if let Some(c) = cluster {
        crate::validate::names::cluster_name(c)?;
    }
    if let Some(r) = region {
        crate::validate::names::region(r)?;
    }
    let mut parsed = Vec::new();
    for path in expand(files)? {
        let path = &path;
        let (name, text) = crate::files::read_document(path, "PodIdentityConfig file")?;
        let docs = config::parse(&name, &text)?;
        parsed.push((name, docs));
    }
    config::resolve(&parsed, cluster, region)
}

/// The files to read: a directory stands for its `*.yaml`, `*.yml` and `*.json` files (not its
/// subdirectories), in name order, as `kubectl apply -f DIR` reads one.
fn expand(files: &[std::path::PathBuf]) -> Result<Vec<std::path::PathBuf>> {
    let mut out = Vec::new();
    for path in files {
        if !path.is_dir() {
            out.push(path.clone());
            continue;
        }
        let entries = std::fs::read_dir(path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        let mut found: Vec<std::path::PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
            })
            .collect();
        found.sort();
        if found.is_empty() {
            return Err(Error::invalid(
                "directory",
                path.display().to_string(),
                "it has no .yaml, .yml or .json file",
            )
            .with_hint("give the files with -f, or a directory that holds them"));
        }
        out.extend(found);
    }
    Ok(out)
}

/// One cluster's part of a run: where it is, what is there, and what would change.
pub(crate) struct ClusterPlan {
    pub ctx: AwsContext,
    pub cluster: ClusterInfo,
    pub observed: Observed,
    pub plan: Plan,
}

/// Reads the live state of each cluster the files name and plans it.
pub(crate) async fn plan_all(
    desired: &[Desired],
    aws: &AwsArgs,
    kube: &KubeArgs,
    options: PlanOptions,
    printer: Printer,
) -> Result<Vec<ClusterPlan>> {
    let mut out = Vec::new();
    for d in desired {
        let ctx = crate::commands::aws_context(aws, d.region.as_deref()).await?;
        let cluster = ctx.describe_cluster(&d.cluster).await?;
        let kube_ctx = if d.uses_selectors() {
            Some(crate::commands::kube_for_cluster(&ctx, &cluster, kube, printer).await?)
        } else {
            None
        };
        let observed = crate::plan::observe::observe(
            &ctx,
            &cluster,
            &crate::plan::observe::Scope::of(d, &cluster.account),
            kube_ctx.as_ref(),
        )
        .await?;
        let plan =
            crate::plan::plan(d, &observed, options).map_err(|message| Error::Precondition {
                message,
                hint: "check the file against the cluster".into(),
            })?;
        out.push(ClusterPlan {
            ctx,
            cluster,
            observed,
            plan,
        });
    }
    Ok(out)
}

/// A saved plan (`epi plan --out`): the changes, and the live state they were planned from,
/// which `epi apply --plan` checks is unchanged before it carries them out.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SavedPlan {
    pub api_version: String,
    pub kind: String,
    pub clusters: Vec<SavedCluster>,
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SavedCluster {
    pub cluster: String,
    pub region: String,
    /// The changes as `-o json` prints them (for people and scripts reading the file).
    pub changes: serde_json::Value,
    /// The changes, typed, as the executor takes them.
    pub plan: Plan,
    pub observed: Observed,
    pub prune: bool,
    pub adopt: bool,
}

pub(crate) const SAVED_PLAN_KIND: &str = "PodIdentityPlan";

/// Prints the plans (table, or the JSON/YAML shape of docs/json-output.md).
pub(crate) fn print_plans(
    plans: &[(String, Plan)],
    format: crate::output::DataFormat,
    printer: Printer,
) -> Result<()> {
    use crate::output::DataFormat;
    match format {
        DataFormat::Table => {
            for (_, p) in plans {
                for n in &p.notes {
                    printer.note(n);
                }
            }
            printer.stdout(&crate::plan::to_table(plans))
        }
        DataFormat::Json => printer.stdout(&crate::output::to_json(&crate::plan::to_json(plans))),
        DataFormat::Yaml => printer.stdout(&crate::output::to_yaml(&crate::plan::to_json(plans))),
    }
}
