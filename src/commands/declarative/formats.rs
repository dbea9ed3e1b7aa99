//! A plan for CI: the pull-request comment (Markdown) and annotations of the files' lines
//! (GitHub workflow commands), through the one writer of each format.

use std::collections::BTreeMap;

use crate::manifest::config::{Desired, Namespaces};
use crate::output::{github, markdown};
use crate::plan::{Change, ChangeView, Summary};

use super::ClusterPlan;

/// Deletions and trust changes: what a reviewer must look at first.
fn sensitive(v: &ChangeView) -> bool {
    v.action == "delete" || v.action == "detach" || v.resource == "trust-policy"
}

fn place(p: &ClusterPlan) -> String {
    format!(
        "{} ({}, {})",
        p.cluster.name,
        p.ctx.region(),
        p.cluster.account
    )
}

/// The pull-request comment: the summary line, deletions and trust changes first under a
/// warning, one section per resource kind, policy changes as diffs inside `<details>`, notes,
/// the digest; cut with a note under GitHub's comment limit.
pub(crate) fn markdown(planned: &[ClusterPlan], digest: &str, access: Option<&str>) -> String {
    let mut views: Vec<(String, ChangeView)> = planned
        .iter()
        .flat_map(|p| {
            let at = place(p);
            p.plan.changes.iter().map(move |c| (at.clone(), c.view()))
        })
        .collect();
    // Deterministic: by resource kind, cluster, id, action.
    views.sort_by(|(pa, a), (pb, b)| {
        (a.resource, pa, &a.id, a.action).cmp(&(b.resource, pb, &b.id, b.action))
    });
    let several = planned.len() > 1;
    let mut out = String::new();
    // The one summary, as the table's `Plan:` line says it (#33 item 3).
    let summary = Summary::of(views.iter().map(|(_, v)| v));
    if summary.is_empty() {
        out.push_str("### epi plan: no changes\n\nThe live state matches the files.\n");
    } else {
        out.push_str(&format!("### epi plan: {summary}\n\n"));
    }
    if several {
        let clusters: Vec<String> = planned.iter().map(place).collect();
        out.push_str(&format!("Clusters: {}\n\n", clusters.join(", ")));
    }
    let row = |at: &str, v: &ChangeView, with_resource: bool| {
        let mut r = Vec::new();
        if several {
            r.push(at.to_string());
        }
        r.push(v.action.to_string());
        if with_resource {
            r.push(v.resource.to_string());
        }
        r.push(crate::output::plan::table_id(v));
        // Field by field, Terraform's way (#33 item 2); documents go below, as diffs.
        r.push(v.details().join("\n"));
        r
    };
    let headers = |with_resource: bool| {
        let mut h = Vec::new();
        if several {
            h.push("Cluster");
        }
        h.push("Action");
        if with_resource {
            h.push("Resource");
        }
        h.push("ID");
        h.push("Changes");
        h
    };
    // Policy changes as diffs; what is created (a role with its trust, a policy) as its document.
    let diffs = |list: &[&(String, ChangeView)]| {
        let mut s = String::new();
        for (_, v) in list {
            let summary = format!("{} {} {}", v.action, v.resource, v.id);
            match (&v.before, &v.after) {
                (Some(before), Some(after))
                    if v.resource == "trust-policy" || v.resource == "inline-policy" =>
                {
                    s.push_str(&markdown::details(
                        &summary,
                        &markdown::fenced("diff", &crate::output::plan::diff(before, after)),
                    ));
                }
                (None, Some(after))
                    if matches!(v.resource, "role" | "inline-policy" | "trust-policy") =>
                {
                    let text = serde_json::to_string_pretty(after).expect("serialisable");
                    s.push_str(&markdown::details(
                        &summary,
                        &markdown::fenced("json", &text),
                    ));
                }
                _ => {}
            }
        }
        s
    };
    // What the change grants and takes away, per service account (`epi access diff`), before
    // the resources that cause it.
    if let Some(access) = access {
        out.push_str(access);
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
    }
    let first: Vec<&(String, ChangeView)> = views.iter().filter(|(_, v)| sensitive(v)).collect();
    if !first.is_empty() {
        let (deletes, trusts) = (summary.delete, summary.trust);
        out.push_str(&format!(
            "> [!WARNING]\n> This plan deletes or detaches {deletes} and changes {trusts} trust polic{}: review them first.\n\n",
            if trusts == 1 { "y" } else { "ies" }
        ));
        out.push_str("#### Deletions and trust changes\n\n");
        let rows: Vec<Vec<String>> = first.iter().map(|(at, v)| row(at, v, true)).collect();
        out.push_str(&markdown::table(&headers(true), &rows));
        out.push('\n');
        out.push_str(&diffs(&first));
    }
    let mut by_kind: BTreeMap<&str, Vec<&(String, ChangeView)>> = BTreeMap::new();
    for item in &views {
        if !sensitive(&item.1) {
            by_kind.entry(item.1.resource).or_default().push(item);
        }
    }
    for (kind, list) in &by_kind {
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(&format!("#### {kind} ({})\n\n", list.len()));
        let rows: Vec<Vec<String>> = list.iter().map(|(at, v)| row(at, v, false)).collect();
        out.push_str(&markdown::table(&headers(false), &rows));
        let d = diffs(list);
        if !d.is_empty() {
            out.push('\n');
            out.push_str(&d);
        }
    }
    let notes: Vec<&String> = planned.iter().flat_map(|p| p.plan.notes.iter()).collect();
    if !notes.is_empty() {
        let list: String = notes
            .iter()
            .map(|n| format!("- {}\n", markdown::cell(n)))
            .collect();
        out.push('\n');
        out.push_str(&markdown::details(
            &format!("Notes ({})", notes.len()),
            &list,
        ));
    }
    let tail = format!(
        "\nDigest: `{digest}` (`epi apply --plan PLAN.json --expect-digest {digest}` applies exactly this plan)\n"
    );
    let body = markdown::capped(
        out,
        markdown::COMMENT_LIMIT - tail.len(),
        "_The plan is longer than a GitHub comment allows: the rest is left out. Run `epi plan` for all of it._",
    );
    body + &tail
}

/// `FILE:LINE:COLUMN` → (file, line, column).
pub(crate) fn split_at(at: &str) -> Option<(String, usize, usize)> {
    let mut parts = at.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?.to_string(), line, column))
}

/// Where in the files a change comes from: the role or association it is about.
fn source_of(change: &Change, desired: &Desired) -> Option<String> {
    let role = |name: &str| desired.role(name).map(|r| r.at.clone());
    let association = |namespace: &str, service_account: &str| {
        desired
            .associations
            .iter()
            .find(|a| {
                a.service_account == service_account
                    && match &a.namespaces {
                        Namespaces::One(n) => n == namespace,
                        Namespaces::Selector { .. } => true,
                    }
            })
            .map(|a| a.at.clone())
    };
    match change {
        Change::CreateRole { role: r, .. }
        | Change::UpdateTrustPolicy { role: r, .. }
        | Change::SetPermissionsBoundary { role: r, .. }
        | Change::TagRole { role: r, .. }
        | Change::AttachPolicy { role: r, .. }
        | Change::DetachPolicy { role: r, .. }
        | Change::PutInlinePolicy { role: r, .. }
        | Change::DeleteInlinePolicy { role: r, .. }
        | Change::AddTrust { role: r, .. }
        | Change::RemoveTrustGrants { role: r, .. }
        | Change::DeleteRole { role: r, .. } => role(r),
        Change::CreateAssociation {
            namespace,
            service_account,
            ..
        }
        | Change::UpdateAssociation {
            namespace,
            service_account,
            ..
        }
        | Change::TagAssociation {
            namespace,
            service_account,
            ..
        }
        | Change::DeleteAssociation {
            namespace,
            service_account,
            ..
        } => association(namespace, service_account),
        _ => None,
    }
}

/// One annotation per change, on the file line it comes from (a change no file line names, such
/// as a prune, annotates the run): a warning for deletions and trust changes, a notice otherwise.
pub(crate) fn github(planned: &[ClusterPlan]) -> String {
    let mut out = String::new();
    for p in planned {
        for c in &p.plan.changes {
            let v = c.view();
            let at = source_of(c, &p.desired).and_then(|a| split_at(&a));
            out.push_str(
                &github::Annotation {
                    level: if sensitive(&v) { "warning" } else { "notice" },
                    file: at.as_ref().map(|(f, _, _)| f.clone()),
                    region: at.map(|(_, l, c)| (l, c, l, c)),
                    title: format!("epi plan: {} {}", v.action, v.resource),
                    message: {
                        let mut m = format!(
                            "{} {} {} in cluster {}",
                            v.action,
                            v.resource,
                            crate::output::plan::table_id(&v),
                            p.cluster.name
                        );
                        // Field by field (#33 item 2), one line: annotations are one message.
                        let details = v.details();
                        if !details.is_empty() {
                            m.push_str(&format!(": {}", details.join("; ")));
                        }
                        m
                    },
                }
                .render(),
            );
            out.push('\n');
        }
    }
    out
}
