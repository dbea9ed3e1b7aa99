//! A plan as people read it: the table of changes (ACTION, RESOURCE, ID), each policy change as a
//! unified diff, and the counts.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::plan::{Change, ChangeView, Plan};

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

/// Changes already viewed, as the plan table (ACTION, RESOURCE, ID), policy diffs and counts.
pub fn views_table(changes: &[ChangeView]) -> String {
    let mut out = String::new();
    let mut table = super::table(&["ACTION", "RESOURCE", "ID"]);
    for c in changes {
        table.add_row(super::row([c.action, c.resource, c.id.as_str()]));
    }
    out.push_str(&super::render_table(&table));
    for c in changes {
        if let (Some(before), Some(after)) = (&c.before, &c.after)
            && (c.resource == "trust-policy" || c.resource == "inline-policy")
        {
            out.push_str(&format!("\n{} {} {}:\n", c.action, c.resource, c.id));
            out.push_str(&diff(before, after));
        }
    }
    let counts = count(changes);
    out.push_str(&format!("\nPlan: {counts}.\n"));
    out
}

fn count(changes: &[ChangeView]) -> String {
    let mut by: BTreeMap<&str, usize> = BTreeMap::new();
    for c in changes {
        *by.entry(c.action).or_default() += 1;
    }
    by.iter()
        .map(|(a, n)| format!("{n} to {a}"))
        .collect::<Vec<_>>()
        .join(", ")
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
