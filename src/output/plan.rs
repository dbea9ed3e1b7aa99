//! A plan as people read it: the table of changes (ACTION, RESOURCE, ID), each policy change as a
//! unified diff, and the counts.

use serde_json::Value;

use crate::plan::{Change, ChangeView, Plan, Summary};

/// The plan as a table for people, with policy changes as diffs below it.
pub fn to_table(plans: &[(String, Plan)]) -> String {
    let changes: Vec<ChangeView> = plans
        .iter()
        .flat_map(|(_, p)| p.changes.iter().map(Change::view))
        .collect();
    if changes.is_empty() {
        return "No changes: the live state matches the files.\n".to_string();
    }
    views_table(&changes)
}

/// Changes already viewed, as the plan table (ACTION, RESOURCE, ID), then each change's detail
/// (#33 item 2): its fields Terraform's way (`~ disableSessionTags: true -> false`, `+ tag tier =
/// gold`), a policy change as a diff, a created role's trust policy and a created inline policy
/// whole; then the one summary (`Plan: N to create, M to update, K to delete.`).
pub fn views_table(changes: &[ChangeView]) -> String {
    let mut out = String::new();
    let mut table = super::table(&["ACTION", "RESOURCE", "ID"]);
    for c in changes {
        table.add_row(super::row([c.action, c.resource, table_id(c).as_str()]));
    }
    out.push_str(&super::render_table(&table));
    for c in changes {
        let detail = detail(c);
        if !detail.is_empty() {
            out.push_str(&format!(
                "\n{}:\n{detail}",
                crate::text::one_line(&format!("{} {} {}", c.action, c.resource, table_id(c)))
            ));
        }
    }
    out.push_str(&format!("\nPlan: {}.\n", Summary::of(changes)));
    out
}

/// The id a table shows for a change: a managed policy by its name (`app/ReadOnlyAccess`; its
/// ARN is in the change's detail and in JSON's `id`), so a plan fits 80 columns (#33 item 1).
pub fn table_id(c: &ChangeView) -> String {
    if c.resource == "managed-policy"
        && let Some((role, arn)) = c.id.split_once('/')
        && arn.starts_with("arn:")
    {
        return format!("{role}/{}", arn.rsplit('/').next().unwrap_or(arn));
    }
    c.id.clone()
}

/// One change's detail below the table: its fields, one a line and indented, a created role's
/// trust policy whole, or its document (a diff of a changed policy, a created one whole); empty
/// when the id says it all.
pub fn detail(c: &ChangeView) -> String {
    let mut out: String = c
        .details()
        .iter()
        .map(|f| format!("  {}\n", crate::text::one_line(f)))
        .collect();
    if let Some(trust) = created_trust(c) {
        out.push_str("  + trustPolicy =\n");
        out.push_str(&indent(&trust, "    "));
    }
    match (&c.before, &c.after) {
        (Some(before), Some(after))
            if c.resource == "trust-policy" || c.resource == "inline-policy" =>
        {
            out.push_str(&diff(before, after));
        }
        (None, Some(after)) if c.resource == "inline-policy" => {
            let text = serde_json::to_string_pretty(after).expect("serialisable") + "\n";
            out.push_str(&indent(&text, "  "));
        }
        _ => {}
    }
    out
}

fn indent(text: &str, by: &str) -> String {
    text.lines().map(|l| format!("{by}{l}\n")).collect()
}

/// A created role's trust policy, whole (it is not a field to compare).
pub fn created_trust(c: &ChangeView) -> Option<String> {
    if c.action != "create" || c.resource != "role" {
        return None;
    }
    let trust = c
        .after
        .as_ref()?
        .get("trustPolicy")
        .filter(|t| !t.is_null())?;
    Some(serde_json::to_string_pretty(trust).expect("serialisable") + "\n")
}

/// A unified diff of two documents, pretty-printed.
pub fn diff(before: &Value, after: &Value) -> String {
    let a = serde_json::to_string_pretty(before).expect("serialisable") + "\n";
    let b = serde_json::to_string_pretty(after).expect("serialisable") + "\n";
    similar::TextDiff::from_lines(&a, &b)
        .unified_diff()
        .context_radius(3)
        .header("before", "after")
        .to_string()
}
