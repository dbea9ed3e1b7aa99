//! `epi addon …`: the eks-pod-identity-agent add-on.

pub mod install;
pub mod roles;
pub mod status;

use serde::Serialize;

use crate::aws::eks::HealthIssue;
use crate::error::Result;
use crate::output::{self, DataFormat, Printer};

/// Prints a record as FIELD/VALUE lines, or as JSON/YAML.
pub(crate) fn print_record<T: Serialize>(
    record: &T,
    fields: &[(&str, String)],
    format: DataFormat,
    printer: Printer,
) -> Result<()> {
    let text = match format {
        DataFormat::Json => output::to_json(record),
        DataFormat::Yaml => output::to_yaml(record),
        DataFormat::Table => {
            let mut table = output::table(&["FIELD", "VALUE"]);
            for (k, v) in fields {
                table.add_row(output::row([k.to_string(), v.clone()]));
            }
            output::render_table(&table)
        }
    };
    printer.stdout(&text)
}

/// Health issues as one line each.
pub(crate) fn issues_text(issues: &[HealthIssue]) -> String {
    if issues.is_empty() {
        return "-".into();
    }
    issues
        .iter()
        .map(|i| {
            let resources = if i.resource_ids.is_empty() {
                String::new()
            } else {
                format!(" [{}]", i.resource_ids.join(", "))
            };
            format!("{}: {}{resources}", i.code, i.message)
        })
        .collect::<Vec<_>>()
        .join("\n")
}
