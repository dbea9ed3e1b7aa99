//! `epi addon status`: is the agent installed, at which version, how healthy, what is newest.

use serde::Serialize;

use crate::aws::eks::{AGENT_ADDON, HealthIssue};
use crate::cli::AddonStatusArgs;
use crate::commands::aws_context;
use crate::compat;
use crate::error::{Result, exit};
use crate::output::Printer;
use crate::validate::names;

use super::{issue_lines, print_record};
use crate::output::Cell;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    pub cluster: String,
    pub region: String,
    pub kubernetes_version: String,
    pub platform_version: String,
    pub auto_mode: bool,
    /// None when Pod Identity works on this cluster; else why not.
    pub unsupported_reason: Option<String>,
    pub installed: bool,
    pub version: Option<String>,
    pub status: Option<String>,
    pub health_issues: Vec<HealthIssue>,
    pub default_version: Option<String>,
    pub newest_version: Option<String>,
    pub configuration_values: Option<String>,
}

pub async fn run(args: &AddonStatusArgs, printer: Printer) -> Result<u8> {
    names::cluster_name(&args.cluster.name)?;
    let ctx = aws_context(&args.aws, args.cluster.region.as_deref()).await?;
    let cluster = ctx.describe_cluster(&args.cluster.name).await?;
    let addon = ctx.describe_addon(&cluster.name, AGENT_ADDON).await?;
    let (default_version, newest_version) =
        match ctx.addon_versions(AGENT_ADDON, &cluster.version).await {
            Ok(versions) => {
                let default = versions
                    .iter()
                    .find(|v| v.default)
                    .map(|v| v.version.clone());
                let newest = versions
                    .iter()
                    .map(|v| v.version.clone())
                    .max_by(|a, b| compat::compare_versions(a, b));
                (default, newest)
            }
            Err(e) => {
                printer.warn(&format!(
                    "could not read the add-on versions EKS offers: {e}"
                ));
                (None, None)
            }
        };
    let status = Status {
        cluster: cluster.name.clone(),
        region: cluster.region.clone(),
        kubernetes_version: cluster.version.clone(),
        platform_version: cluster.platform_version.clone(),
        auto_mode: cluster.auto_mode,
        unsupported_reason: compat::pod_identity_supported(
            &cluster.version,
            &cluster.platform_version,
        )
        .err(),
        installed: addon.is_some(),
        version: addon.as_ref().map(|a| a.version.clone()),
        status: addon.as_ref().map(|a| a.status.as_str().to_string()),
        health_issues: addon
            .as_ref()
            .map(|a| a.health_issues.clone())
            .unwrap_or_default(),
        default_version,
        newest_version,
        configuration_values: addon.as_ref().and_then(|a| a.configuration_values.clone()),
    };
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let installed = match (&status.installed, status.auto_mode) {
        (true, _) => "yes".to_string(),
        (false, true) => "no (EKS Auto Mode: the agent is built in)".to_string(),
        (false, false) => "no".to_string(),
    };
    let fields: [(&str, Cell); 12] = [
        ("Cluster", Cell::from(status.cluster.clone())),
        ("Region", Cell::from(status.region.clone())),
        (
            "Kubernetes",
            Cell::from(format!(
                "{} ({})",
                status.kubernetes_version, status.platform_version
            )),
        ),
        (
            "Pod Identity",
            Cell::from(
                status
                    .unsupported_reason
                    .clone()
                    .map_or("supported".into(), |r| format!("not supported: {r}")),
            ),
        ),
        (
            "Auto Mode",
            Cell::from(if status.auto_mode { "yes" } else { "no" }),
        ),
        ("Installed", Cell::from(installed)),
        ("Version", Cell::from(dash(&status.version))),
        ("Status", Cell::from(dash(&status.status))),
        (
            "Health issues",
            Cell::lines(issue_lines(&status.health_issues)),
        ),
        ("Default version", Cell::from(dash(&status.default_version))),
        ("Newest version", Cell::from(dash(&status.newest_version))),
        (
            "Configuration",
            status
                .configuration_values
                .as_deref()
                .map_or(Cell::from("-"), Cell::document),
        ),
    ];
    print_record(&status, &fields, args.output, printer)?;
    Ok(exit::SUCCESS)
}
