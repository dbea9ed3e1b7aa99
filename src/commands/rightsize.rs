//! `epi rightsize`: least privilege per service account from what CloudTrail shows it used (#35).
//! Parse (flags, times, `--write` checked before any read) → read and attribute the sources as
//! `epi usage` does → read each association's role → propose and prove ([`crate::usage::rightsize`])
//! → print; `--write` writes PodIdentityConfig files for `epi plan`. Nothing is applied here.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use crate::cli::RightsizeArgs;
use crate::error::{Error, Result, exit};
use crate::output::{self, DataFormat, Printer};
use crate::usage::attribution::{Attribution, Row, Via};
use crate::usage::rightsize::{self, Input, Kind, Proposal};

use super::cloudtrail::{Attributed, Judge, Selection, attributed};

#[derive(Serialize)]
struct Report<'a> {
    proposals: &'a [Proposal],
}

pub async fn run(args: &RightsizeArgs, printer: Printer) -> Result<u8> {
    // Parse: what rightsize needs besides usage's flags.
    if args.trail.offline {
        return Err(Error::usage(
            "--offline: rightsize reads each association's role to prove its proposal",
            "drop --offline (epi usage --offline shows the calls without AWS)",
        ));
    }
    if let Some(dir) = &args.write
        && dir.exists()
        && !dir.is_dir()
    {
        return Err(Error::invalid(
            "--write",
            dir.display().to_string(),
            "exists and is not a directory",
        )
        .with_hint("give a directory (it is created if missing)"));
    }

    let Attributed {
        tally,
        unreadable,
        ctx,
        live,
        rows,
        ..
    } = attributed(
        &args.trail,
        &Selection::of(&args.selection),
        &args.aws,
        printer,
    )
    .await?;

    let roles = crate::plan::observe::Roles::default();
    let mut proposals = Vec::new();
    for row in &rows {
        let Some(a) = live
            .associations
            .iter()
            .find(|a| Some(&a.association_id) == row.association_id.as_ref())
        else {
            proposals.push(none(row, why_not(row)));
            continue;
        };
        let judge = match Judge::read(ctx.as_ref(), &live, &roles, a).await {
            Ok(j) => j,
            Err(e) => {
                proposals.push(none(row, format!("its role could not be read: {e}")));
                continue;
            }
        };
        let Some(role) = &judge.role else {
            proposals.push(none(row, format!("role {} does not exist", a.role_arn)));
            continue;
        };
        let sharers = live
            .known
            .iter()
            .filter(|k| k.role_arn == a.role_arn)
            .count();
        proposals.push(rightsize::propose(&Input {
            row,
            facts: &judge.facts,
            role,
            sharers,
            min_days: args.min_days,
        }));
    }

    let text = match args.output {
        DataFormat::Json => output::to_json(&Report {
            proposals: &proposals,
        }),
        DataFormat::Yaml => output::to_yaml(&Report {
            proposals: &proposals,
        }),
        DataFormat::Table | DataFormat::Wide => table(&proposals),
    };
    printer.stdout(&text)?;
    if let Some(dir) = &args.write {
        let written = write(dir, &proposals)?;
        if written.is_empty() {
            printer.note("no proposal to write");
        } else {
            printer.note(&format!(
                "wrote {}: `epi plan -f {}` shows what they would change (add --adopt for roles epi did not create)",
                written.join(", "),
                dir.display()
            ));
        }
    }
    printer.note(&format!(
        "{} proposal(s) from {} event(s) of {}",
        proposals.iter().filter(|p| p.kind != Kind::None).count(),
        tally.events,
        tally.origin()
    ));
    Ok(if unreadable > 0 {
        exit::FAILURE
    } else {
        exit::SUCCESS
    })
}

/// Why a row gets no proposal before its role is read.
fn why_not(row: &Row) -> String {
    if row.via == Some(Via::Irsa) {
        "an IRSA service account: rightsize proposes for Pod Identity associations (epi migrate-irsa first)".into()
    } else if row.attribution == Attribution::Ambiguous {
        "its calls could not be told apart from another service account's of the same role".into()
    } else {
        "no live association (it was deleted, or the associations were not read)".into()
    }
}

fn none(row: &Row, reason: String) -> Proposal {
    Proposal {
        account: row.account.clone(),
        region: row.region.clone(),
        cluster: row.cluster.clone().unwrap_or_default(),
        namespace: row.namespace.clone().unwrap_or_default(),
        service_account: row.service_account.clone().unwrap_or_default(),
        role: row.role.clone(),
        kind: Kind::None,
        reason,
        policy: None,
        replay: rightsize::Replay {
            calls: 0,
            still_allowed: 0,
        },
        removes: Vec::new(),
    }
}

/// For people: a row per service account (the proposal's kind, its replay, what it removes),
/// the reason and the proposed policy below.
fn table(proposals: &[Proposal]) -> String {
    if proposals.is_empty() {
        return String::new();
    }
    let mut t = output::table(&["SERVICE ACCOUNT", "PROPOSAL", "REPLAY", "REMOVES"]);
    for p in proposals {
        let kind = match p.kind {
            Kind::RolePolicy => "role-policy",
            Kind::SessionPolicy => "session-policy",
            Kind::SplitRole => "split-role",
            Kind::None => "none",
        };
        // No proposal: nothing was replayed or removed (the reason follows the table).
        let (replay, removes) = if p.kind == Kind::None {
            ("-".to_string(), "-".to_string())
        } else {
            (
                format!("{}/{}", p.replay.still_allowed, p.replay.calls),
                format!("{} grant(s)", p.removes.len()),
            )
        };
        t.add_row(output::row(vec![
            output::Cell::from(format!("{}/{}", p.namespace, p.service_account)),
            output::Cell::from(kind),
            output::Cell::from(replay),
            output::Cell::from(removes),
        ]));
    }
    let mut out = output::render_table(&t);
    for p in proposals {
        out.push('\n');
        out.push_str(&output::paragraph(
            &format!("{}/{}: {}", p.namespace, p.service_account, p.reason),
            "  ",
        ));
        if let Some(policy) = &p.policy {
            for line in serde_json::to_string_pretty(policy)
                .expect("serialisable")
                .lines()
            {
                out.push_str(&format!("    {line}\n"));
            }
        }
    }
    out
}

/// Writes one PodIdentityConfig file per cluster with a proposal: `DIR/CLUSTER.yaml` (with the
/// region when clusters of the same name are in several). Returns the files written.
fn write(dir: &std::path::Path, proposals: &[Proposal]) -> Result<Vec<String>> {
    let mut by_cluster: BTreeMap<(String, String, String), Vec<&Proposal>> = BTreeMap::new();
    for p in proposals.iter().filter(|p| p.kind != Kind::None) {
        by_cluster
            .entry((p.account.clone(), p.region.clone(), p.cluster.clone()))
            .or_default()
            .push(p);
    }
    if by_cluster.is_empty() {
        return Ok(Vec::new());
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let names: Vec<&String> = by_cluster.keys().map(|(_, _, c)| c).collect();
    let mut files = Vec::new();
    for ((account, region, cluster), list) in &by_cluster {
        let several = names.iter().filter(|n| **n == cluster).count() > 1;
        let file = dir.join(if several {
            format!("{cluster}-{region}-{account}.yaml")
        } else {
            format!("{cluster}.yaml")
        });
        let mut roles = Vec::new();
        let mut associations = Vec::new();
        for p in list {
            let policy = p.policy.clone().unwrap_or(Value::Null);
            let (path, name) = role_path_and_name(&p.role);
            match p.kind {
                Kind::RolePolicy | Kind::SplitRole => {
                    let role_name = if p.kind == Kind::SplitRole {
                        split_name(&name, &p.namespace, &p.service_account)
                    } else {
                        name
                    };
                    let mut role = json!({
                        "name": role_name,
                        "inlinePolicies": {rightsize::POLICY_NAME: policy},
                    });
                    if p.kind == Kind::RolePolicy && path != "/" {
                        role["path"] = json!(path);
                    }
                    roles.push(role);
                    associations.push(json!({
                        "namespace": p.namespace,
                        "serviceAccount": p.service_account,
                        "role": role_name,
                    }));
                }
                Kind::SessionPolicy => associations.push(json!({
                    "namespace": p.namespace,
                    "serviceAccount": p.service_account,
                    "roleArn": p.role,
                    "disableSessionTags": true,
                    "sessionPolicy": policy,
                })),
                Kind::None => {}
            }
        }
        let doc = json!({
            "apiVersion": crate::manifest::config::API_VERSION,
            "kind": crate::manifest::config::KIND,
            "account": account,
            "cluster": cluster,
            "region": region,
            "roles": roles,
            "associations": associations,
        });
        let text = format!(
            "# Written by `epi rightsize`: least privilege from the calls CloudTrail recorded.\n# Review, then `epi plan -f {}`.\n{}",
            dir.display(),
            output::to_yaml(&doc)
        );
        files.push((file, text));
    }
    // Every file or none: a failure half-way leaves no file of this run.
    let refs: Vec<(&std::path::Path, &str)> = files
        .iter()
        .map(|(f, t)| (f.as_path(), t.as_str()))
        .collect();
    output::write_files_atomically(&refs)?;
    Ok(files.iter().map(|(f, _)| f.display().to_string()).collect())
}

/// A role ARN's path (`/` or `/eks/`) and name.
fn role_path_and_name(arn: &str) -> (String, String) {
    let name = crate::validate::RoleArn::name_of(arn).to_string();
    let after = arn.split_once(":role").map_or("/", |(_, r)| r);
    let path = after
        .strip_suffix(name.as_str())
        .filter(|p| p.starts_with('/'))
        .unwrap_or("/");
    (path.to_string(), name)
}

/// A split role's name: `ROLE-NAMESPACE-SERVICEACCOUNT`, cut to IAM's 64 characters.
fn split_name(role: &str, namespace: &str, service_account: &str) -> String {
    let mut name = format!("{role}-{namespace}-{service_account}");
    name.retain(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
    name.chars().take(64).collect()
}
