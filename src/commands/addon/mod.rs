//! `epi addon …`: the eks-pod-identity-agent add-on.

pub mod install;
pub mod roles;
pub mod status;

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::aws::eks::{AGENT_ADDON, AddonInfo, HealthIssue};
use crate::error::{Error, Result};
use crate::output::{self, DataFormat, Printer};

/// Prints a record as FIELD/VALUE lines, or as JSON/YAML.
pub(crate) fn print_record<T: Serialize>(
    record: &T,
    fields: &[(&str, output::Cell)],
    format: DataFormat,
    printer: Printer,
) -> Result<()> {
    let text = match format {
        DataFormat::Json => output::to_json(record),
        DataFormat::Yaml => output::to_yaml(record),
        DataFormat::Table | DataFormat::Wide => {
            let mut table = output::table(&["FIELD", "VALUE"]);
            for (k, v) in fields {
                table.add_row(output::row([output::Cell::from(k), v.clone()]));
            }
            output::render_table(&table)
        }
    };
    printer.stdout(&text)
}

/// Health issues, one a line (each escaped to one line: they are AWS's text).
pub(crate) fn issue_lines(issues: &[HealthIssue]) -> Vec<String> {
    issues
        .iter()
        .map(|i| {
            let resources = if i.resource_ids.is_empty() {
                String::new()
            } else {
                format!(" [{}]", i.resource_ids.join(", "))
            };
            crate::text::one_line(&format!("{}: {}{resources}", i.code, i.message)).into_owned()
        })
        .collect()
}

/// Health issues as one line each, for a message.
pub(crate) fn issues_text(issues: &[HealthIssue]) -> String {
    if issues.is_empty() {
        return "-".into();
    }
    issue_lines(issues).join("\n")
}

/// Polls DescribeAddon until ACTIVE; CREATE_FAILED, DEGRADED and UPDATE_FAILED end the wait.
pub(crate) async fn wait_until_active(
    ctx: &crate::aws::AwsContext,
    cluster: &str,
    interval: Duration,
    timeout: Duration,
    printer: Printer,
) -> Result<AddonInfo> {
    let spinner = printer.spinner(&format!(
        "waiting for {AGENT_ADDON} on {cluster} to become ACTIVE"
    ));
    let start = Instant::now();
    loop {
        let addon = ctx.describe_addon(cluster, AGENT_ADDON).await?;
        match addon {
            Some(a) if a.is_active() || a.is_failed() => {
                spinner.finish_and_clear();
                return Ok(a);
            }
            // A signal ends the wait (the add-on carries on installing without us).
            Some(a) if crate::interrupt::requested().is_some() => {
                spinner.finish_and_clear();
                return Ok(a);
            }
            Some(a) => spinner.set_message(format!(
                "{AGENT_ADDON} on {cluster} is {} ({}s)",
                a.status.as_str(),
                start.elapsed().as_secs()
            )),
            None => {
                spinner.set_message(format!("waiting for {AGENT_ADDON} to appear on {cluster}"))
            }
        }
        if start.elapsed() + interval > timeout {
            spinner.finish_and_clear();
            return Err(Error::Precondition {
                message: format!(
                    "{AGENT_ADDON} on {cluster} was not ACTIVE after {} seconds",
                    timeout.as_secs()
                ),
                hint: format!(
                    "check it with `epi addon status --cluster {cluster}`, or wait longer with --timeout"
                ),
            });
        }
        tokio::time::sleep(interval).await;
    }
}
