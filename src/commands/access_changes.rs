//! What a change grants and takes away, per service account, for the commands that show it:
//! `epi access diff` and `epi plan -o markdown|github`. Not a command: both use it, so neither
//! imports the other. Each state's roles are read (roles as the state holds them, the rest live)
//! and the pure [`crate::policy::diff`] compares them.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::aws::AwsContext;
use crate::commands::declarative::ClusterPlan;
use crate::output::{self, Printer};
use crate::plan::Observed;
use crate::policy::access::{AssociationFacts, RoleFacts};
use crate::policy::diff::{self, AccessDiff, Side};

/// One service account's change of access (docs/json-output.md).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceAccountDiff {
    pub account: String,
    pub region: String,
    pub cluster: String,
    pub namespace: String,
    pub service_account: String,
    #[serde(flatten)]
    pub diff: AccessDiff,
}

/// Each service account of one cluster whose access differs between two states (as `epi plan`
/// observed and planned it): roles as each state holds them, the rest read live.
pub(crate) async fn changes(
    cp: &ClusterPlan,
    before: &Observed,
    after: &Observed,
    printer: Printer,
) -> Vec<ServiceAccountDiff> {
    let roles = crate::plan::observe::Roles::default();
    let mut keys: Vec<(String, String)> = before
        .associations
        .iter()
        .chain(&after.associations)
        .map(|a| (a.namespace.clone(), a.service_account.clone()))
        .collect();
    keys.sort();
    keys.dedup();
    let file_of = |arn: &str| {
        let name = crate::validate::RoleArn::name_of(arn);
        cp.desired
            .roles
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.at.clone())
    };
    let mut out = Vec::new();
    for (ns, sa) in keys {
        let b = side(&cp.ctx, before, &roles, &ns, &sa, printer).await;
        let a = side(&cp.ctx, after, &roles, &ns, &sa, printer).await;
        let d = diff::diff(as_side(&b), as_side(&a), &file_of);
        if !d.is_empty() {
            out.push(ServiceAccountDiff {
                account: cp.cluster.account.clone(),
                region: cp.ctx.region().to_string(),
                cluster: cp.cluster.name.clone(),
                namespace: ns,
                service_account: sa,
                diff: d,
            });
        }
    }
    out
}

type Held = (AssociationFacts, Option<RoleFacts>, Option<RoleFacts>);

fn as_side(held: &Option<Held>) -> Option<Side<'_>> {
    held.as_ref().map(|(facts, role, target)| Side {
        facts,
        role: role.as_ref(),
        target: target.as_ref(),
    })
}

/// A service account's association and roles in one state; None when it has no association. A
/// role that cannot be read is left out, with a warning.
async fn side(
    ctx: &AwsContext,
    state: &Observed,
    roles: &crate::plan::observe::Roles,
    namespace: &str,
    service_account: &str,
    printer: Printer,
) -> Option<Held> {
    let a = state
        .associations
        .iter()
        .find(|a| a.namespace == namespace && a.service_account == service_account)?;
    let facts = crate::plan::observe::facts_in_state(state, a);
    let read = |arn: String| async move {
        match crate::plan::observe::role_in_state(ctx, state, roles, &arn).await {
            Ok(r) => r,
            Err(e) => {
                printer.warn(&format!(
                    "{namespace}/{service_account}: {e}: its access through that role is not compared"
                ));
                None
            }
        }
    };
    let role = read(facts.role_arn.clone()).await;
    let target = match &facts.target_role_arn {
        Some(t) => read(t.clone()).await,
        None => None,
    };
    Some((facts, role, target))
}

/// The "Access changes" section of a pull-request comment (`epi plan -o markdown` has it too):
/// a warning first when a wildcard or a new role is reachable, then gains before losses.
pub(crate) fn markdown(all: &[ServiceAccountDiff]) -> String {
    let mut out = String::from("### Access changes\n\n");
    if all.is_empty() {
        out.push_str("No service account's access changes.\n");
        return out;
    }
    let wild = all.iter().filter(|s| !s.diff.wildcards.is_empty()).count();
    let roles = all.iter().filter(|s| !s.diff.new_roles.is_empty()).count();
    if wild > 0 || roles > 0 {
        out.push_str(&format!(
            "> [!WARNING]\n> {wild} service account(s) gain a wildcard grant; {roles} can use a role they could not before.\n\n"
        ));
    }
    for s in all {
        out.push_str(&format!(
            "**{}/{}** (cluster {})\n\n",
            s.namespace, s.service_account, s.cluster
        ));
        for line in diff::grouped(&s.diff.gains) {
            out.push_str(&format!("- gains {}\n", md(&line)));
        }
        for w in &s.diff.wildcards {
            out.push_str(&format!(
                "- :warning: wildcard {} on {}\n",
                md(&w.action),
                md(&w.resource)
            ));
        }
        for r in &s.diff.new_roles {
            out.push_str(&format!("- :warning: new role {}\n", md(r)));
        }
        for line in diff::grouped(&s.diff.losses) {
            out.push_str(&format!("- loses {}\n", md(&line)));
        }
        for n in &s.diff.notes {
            out.push_str(&format!("- {}\n", md(n)));
        }
        out.push('\n');
    }
    out
}

/// Text in a Markdown list item: escaped as a table cell is, and `*` and `_` (which ARNs and
/// policy patterns are full of) as character references, so they are not read as emphasis.
fn md(text: &str) -> String {
    output::markdown::cell(text)
        .replace('*', "&#42;")
        .replace('_', "&#95;")
}

/// GitHub annotations (`epi plan -o github`): each gain on the line of the file that declares the
/// role granting it (a warning for a wildcard grant or a new role, a notice otherwise), one per
/// service account and statement.
pub(crate) fn github(all: &[ServiceAccountDiff]) -> String {
    let mut out = String::new();
    for s in all {
        let who = format!("{}/{}", s.namespace, s.service_account);
        let mut by_cause: BTreeMap<Option<String>, Vec<diff::Access>> = BTreeMap::new();
        for g in &s.diff.gains {
            by_cause
                .entry(g.cause.as_ref().and_then(|c| c.file.clone()))
                .or_default()
                .push(g.clone());
        }
        for (file, gains) in by_cause {
            let at = file
                .as_deref()
                .and_then(crate::commands::declarative::formats::split_at);
            let wild = gains
                .iter()
                .any(|g| s.diff.wildcards.iter().any(|w| w.cause == g.cause));
            out.push_str(
                &output::github::Annotation {
                    level: if wild { "warning" } else { "notice" },
                    file: at.as_ref().map(|(f, _, _)| f.clone()),
                    region: at.map(|(_, l, c)| (l, c, l, c)),
                    title: format!("epi access: {who} gains"),
                    message: format!(
                        "{who} in cluster {} gains {}",
                        s.cluster,
                        diff::grouped(&gains).join("; ")
                    ),
                }
                .render(),
            );
            out.push('\n');
        }
        for r in &s.diff.new_roles {
            out.push_str(
                &output::github::Annotation {
                    level: "warning",
                    file: None,
                    region: None,
                    title: format!("epi access: {who} can use a new role"),
                    message: format!("{who} in cluster {} can use role {r}", s.cluster),
                }
                .render(),
            );
            out.push('\n');
        }
    }
    out
}
