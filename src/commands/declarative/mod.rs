//! `epi plan`, `epi apply`, `epi export`, `epi schema`: Pod Identity as code, on the plan/apply
//! engine ([`crate::plan`]).

pub mod apply;
pub mod export;
pub(crate) mod formats;
pub mod plan;
pub mod schema;

use crate::aws::AwsContext;
use crate::aws::eks::ClusterInfo;
use crate::cli::{AwsArgs, KubeArgs};
use crate::error::{Error, Result};
use crate::manifest::access_tests;
use crate::manifest::config::{self, Desired};
use crate::output::Printer;
use crate::plan::{Observed, Plan, PlanOptions};
use std::collections::BTreeMap;

/// The files of a run as they were read: what a saved plan keeps, to plan them again.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Input {
    /// How messages name it (its path as given).
    pub name: String,
    pub text: String,
}

/// Reads and checks every file before any AWS call: a bad file is exit 2 with its location.
pub(crate) fn read_files(
    files: &[std::path::PathBuf],
    cluster: Option<&str>,
    region: Option<&str>,
    printer: Printer,
) -> Result<(Vec<Input>, Vec<Desired>)> {
    if files.is_empty() {
        return Err(Error::usage(
            "no PodIdentityConfig file was given",
            "give -f FILE (or a directory of them); `epi export --cluster C` writes one from a live cluster",
        ));
    }
    let mut inputs = Vec::new();
    for path in expand(files)? {
        let (name, text) = crate::files::read_document(&path, "PodIdentityConfig file")?;
        inputs.push(Input { name, text });
    }
    for i in &inputs {
        crate::manifest::documents::check_count(&i.name, &i.text)?;
        crate::manifest::documents::check_kinds(&i.name, &i.text)?;
    }
    // AccessTests documents may share the directory (`epi access test` reads both kinds).
    let tests: usize = inputs
        .iter()
        .map(|i| crate::manifest::documents::count(&i.text, access_tests::KIND))
        .sum();
    if tests > 0 {
        printer.note(&format!(
            "{tests} AccessTests document(s) ignored: `epi access test` reads them"
        ));
    }
    // A JSON Schema next to the files (`epi schema > dir/epi.schema.json`, as the README sets
    // editors up) or another tool's documents are not epi's: skipped, with one note (#33 item 9).
    let foreign: Vec<(&str, usize)> = inputs
        .iter()
        .map(|i| {
            (
                i.name.as_str(),
                crate::manifest::documents::count_foreign(&i.text),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    if !foreign.is_empty() {
        printer.note(&format!(
            "{} document(s) that are not epi's ignored (a JSON Schema, or an apiVersion other than epi/…): {}",
            foreign.iter().map(|(_, n)| n).sum::<usize>(),
            foreign
                .iter()
                .map(|(name, _)| crate::text::one_line(name).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let desired = resolve_inputs(&inputs, cluster, region)?;
    // The inline policies' lint warnings, once each (#33 item 11: they were dropped).
    for w in desired.iter().flat_map(|d| &d.warnings) {
        printer.warn(w);
    }
    Ok((inputs, desired))
}

/// Parses and resolves inputs already read (the files of a run, or those a saved plan kept).
pub(crate) fn resolve_inputs(
    inputs: &[Input],
    cluster: Option<&str>,
    region: Option<&str>,
) -> Result<Vec<Desired>> {
    if let Some(c) = cluster {
        crate::validate::names::cluster_name(c)?;
    }
    if let Some(r) = region {
        crate::validate::names::region(r)?;
    }
    let mut parsed = Vec::new();
    for i in inputs {
        crate::manifest::documents::check_count(&i.name, &i.text)?;
        crate::manifest::documents::check_kinds(&i.name, &i.text)?;
        // A file of AccessTests documents (or of documents not epi's) only has no part in a plan.
        if let Some(text) = crate::manifest::documents::epi_without(&i.text, access_tests::KIND) {
            parsed.push((i.name.clone(), config::parse(&i.name, &text)?));
        }
    }
    if parsed.is_empty() && !inputs.is_empty() {
        return Err(Error::usage(
            format!(
                "no PodIdentityConfig document in {}: only AccessTests documents or documents that are not epi's",
                inputs
                    .iter()
                    .map(|i| i.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "give the PodIdentityConfig files too; `epi access test -f` runs AccessTests",
        ));
    }
    config::resolve(&parsed, cluster, region)
}

/// `--prune` deletes only what carries a stack's tag, so it needs the files to name one.
pub(crate) fn check_prune(desired: &[Desired], prune: bool) -> Result<()> {
    if !prune {
        return Ok(());
    }
    if let Some(d) = desired.iter().find(|d| d.stack.is_none()) {
        return Err(Error::usage(
            format!(
                "--prune needs a stack, and the files of cluster {} ({}) name none",
                d.cluster,
                d.sources.join(", ")
            ),
            "add `stack: NAME` to every document (docs/commands.md, \"Stacks\"): prune deletes only what carries that stack's tag; what an earlier epi made without a stack is never pruned (`--adopt` takes it into the stack)",
        ));
    }
    Ok(())
}

/// Whether a directory entry is one epi reads: `.yaml`, `.yml` or `.json`, in any case.
fn config_extension(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "yaml" | "yml" | "json"))
}

/// The files to read: a directory stands for its `*.yaml`, `*.yml` and `*.json` files (any case;
/// not its subdirectories), in name order, as `kubectl apply -f DIR` reads one. An entry that
/// cannot be a file epi skips on purpose (a dangling symlink, a FIFO, a socket, a device, or one
/// that cannot be examined) is passed on, so reading it refuses it by name: nothing a directory
/// holds is skipped silently (`-v` lists what is skipped on purpose).
pub(crate) fn expand(files: &[std::path::PathBuf]) -> Result<Vec<std::path::PathBuf>> {
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
        let mut found: Vec<std::path::PathBuf> = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            let p = entry.path();
            match std::fs::metadata(&p) {
                Ok(meta) if meta.is_dir() => {
                    tracing::info!(
                        "skipping {}: a subdirectory (not read)",
                        crate::text::one_line(&p.display().to_string())
                    );
                }
                Ok(meta) if meta.is_file() && !config_extension(&p) => {
                    tracing::info!(
                        "skipping {}: not a .yaml, .yml or .json file",
                        crate::text::one_line(&p.display().to_string())
                    );
                }
                // Files of ours, and anything that is neither a file nor a directory.
                _ => found.push(p),
            }
        }
        found.sort();
        if found.is_empty() {
            return Err(Error::invalid(
                "directory",
                crate::text::one_line(&path.display().to_string()).into_owned(),
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
    pub desired: Desired,
    pub options: PlanOptions,
    pub ctx: AwsContext,
    pub cluster: ClusterInfo,
    pub observed: Observed,
    pub plan: Plan,
}

/// Reads the live state of each cluster the files name and plans it. Who uses each role across
/// the account is read only when a plan would delete a role or take a service account out of a
/// trust policy, once per account for the whole run.
pub(crate) async fn plan_all(
    desired: &[Desired],
    aws: &AwsArgs,
    kube: &KubeArgs,
    options: PlanOptions,
    printer: Printer,
) -> Result<Vec<ClusterPlan>> {
    let mut out = Vec::new();
    let mut usage: BTreeMap<String, crate::plan::AccountUsage> = BTreeMap::new();
    for d in desired {
        let ctx = crate::commands::aws_context(aws, d.region.as_deref()).await?;
        let cluster = ctx.describe_cluster(&d.cluster).await?;
        if let Some(account) = &d.account
            && *account != cluster.account
        {
            return Err(Error::usage(
                format!(
                    "the files of cluster {} ({}) are for account {account}, but these credentials reach account {} (cluster {})",
                    d.cluster,
                    d.sources.join(", "),
                    cluster.account,
                    cluster.arn
                ),
                "use the profile of that account (--profile), or fix `account` in the file; an export over several accounts (--accounts) gives each document its account",
            ));
        }
        let kube_ctx = if d.uses_selectors() {
            Some(crate::commands::kube_for_cluster(&ctx, &cluster, kube, printer).await?)
        } else {
            None
        };
        let mut observed = crate::plan::observe::observe(
            &ctx,
            &cluster,
            &crate::plan::observe::Scope::of(d, &cluster.account),
            kube_ctx.as_ref(),
        )
        .await?;
        let precondition = |message| Error::Precondition {
            message,
            hint: "check the file against the cluster".into(),
        };
        let mut plan = crate::plan::plan(d, &observed, options).map_err(precondition)?;
        if plan.needs_usage {
            let account_usage = match usage.get(&cluster.account) {
                Some(u) => u.clone(),
                None => {
                    printer.note(&format!(
                        "reading every association of account {} in every region, to prove no one else uses what would be removed",
                        cluster.account
                    ));
                    let u = crate::plan::observe::account_usage(&ctx, cluster.partition()).await;
                    usage.insert(cluster.account.clone(), u.clone());
                    u
                }
            };
            let mut account_usage = account_usage;
            crate::plan::observe::instance_profiles(&ctx, &observed, &mut account_usage).await;
            observed.usage = Some(account_usage);
            plan = crate::plan::plan(d, &observed, options).map_err(precondition)?;
        }
        out.push(ClusterPlan {
            desired: d.clone(),
            options,
            ctx,
            cluster,
            observed,
            plan,
        });
    }
    Ok(out)
}

/// A saved plan (`epi plan --out`): the inputs (the files as read, and the options), the changes
/// they gave and the live state they were planned from. `epi apply --plan` plans the inputs again
/// against a fresh reading and carries out only a result equal to `clusters[].plan`: the file's
/// changes are never executed as instructions.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SavedPlan {
    pub api_version: String,
    pub kind: String,
    /// `sha256:HEX` of the planned changes (see [`digest`]), as `epi plan` printed it.
    pub digest: String,
    pub inputs: Vec<Input>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub prune: bool,
    pub adopt: bool,
    pub clusters: Vec<SavedCluster>,
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SavedCluster {
    pub cluster: String,
    pub region: String,
    pub account: String,
    /// The changes as `-o json` prints them (for people and scripts reading the file).
    pub changes: serde_json::Value,
    /// The changes, typed: what the new plan must equal.
    pub plan: Plan,
    pub observed: Observed,
}

pub(crate) const SAVED_PLAN_KIND: &str = "PodIdentityPlan";

/// The digest of a run's plans: SHA-256 of the canonical JSON of each cluster's account, region,
/// cluster and typed changes, in order, as `sha256:HEX`. Equal digests mean equal changes in the
/// same places.
pub(crate) fn digest<'a>(
    clusters: impl IntoIterator<Item = (&'a str, &'a str, &'a str, &'a Plan)>,
) -> String {
    use sha2::Digest;
    let canonical: Vec<serde_json::Value> = clusters
        .into_iter()
        .map(|(account, region, cluster, plan)| {
            serde_json::json!({
                "account": account,
                "region": region,
                "cluster": cluster,
                "changes": plan.changes,
            })
        })
        .collect();
    let bytes = serde_json::to_vec(&canonical).expect("serialisable");
    let hex: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256:{hex}")
}

/// The digest of planned clusters (see [`digest`]).
pub(crate) fn digest_of(planned: &[ClusterPlan]) -> String {
    digest(planned.iter().map(|p| {
        (
            p.cluster.account.as_str(),
            p.ctx.region(),
            p.cluster.name.as_str(),
            &p.plan,
        )
    }))
}

/// `--strict`: roles prune kept because epi could not prove them unused fail the run.
pub(crate) fn unproven(planned: &[ClusterPlan]) -> Vec<String> {
    planned
        .iter()
        .flat_map(|p| {
            p.plan
                .unproven
                .iter()
                .map(|r| format!("{} ({})", r, p.cluster.name))
        })
        .collect()
}

/// Prints the plans (table, or the JSON/YAML shape of docs/json-output.md) with their digest
/// (the table's last line, JSON's `digest`).
/// Prints the plans in a format; `access` is what the change grants and takes away: the "Access
/// changes" section of a Markdown comment, or the annotations added to GitHub's.
pub(crate) fn print_plans(
    planned: &[ClusterPlan],
    format: impl Into<crate::cli::PlanFormat>,
    access: Option<&str>,
    printer: Printer,
) -> Result<()> {
    use crate::cli::PlanFormat;
    let plans: Vec<(String, Plan)> = planned
        .iter()
        .map(|p| (p.cluster.name.clone(), p.plan.clone()))
        .collect();
    let digest = digest_of(planned);
    let json = || {
        let mut v = crate::plan::to_json(&plans);
        v["digest"] = serde_json::Value::String(digest.clone());
        v
    };
    match format.into() {
        PlanFormat::Table => {
            for (_, p) in &plans {
                for n in &p.notes {
                    printer.note(n);
                }
            }
            printer.stdout(&format!(
                "{}Digest: {digest}\n",
                crate::output::plan::to_table(&plans)
            ))
        }
        PlanFormat::Json => printer.stdout(&crate::output::to_json(&json())),
        PlanFormat::Yaml => printer.stdout(&crate::output::to_yaml(&json())),
        PlanFormat::Markdown => printer.stdout(&formats::markdown(planned, &digest, access)),
        PlanFormat::Github => printer.stdout(&format!(
            "{}{}",
            formats::github(planned),
            access.unwrap_or_default()
        )),
    }
}
