//! `epi addon install`: install or upgrade the eks-pod-identity-agent add-on at the right version
//! for the cluster, then wait until it is ACTIVE (the AddonActive waiter's semantics).

use std::time::Duration;

use serde::Serialize;

use crate::aws::eks::{AGENT_ADDON, AddonInfo, HealthIssue};
use crate::cli::{AddonInstallArgs, ResolveConflictsArg};
use crate::commands::{aws_context, interactive};
use crate::compat;
use crate::error::{Error, Result, exit};
use crate::output::Printer;
use crate::plan::addon_install::{AgentAction, Notice};
use crate::validate::names;

use super::{issue_lines, issues_text, print_record};
use crate::output::Cell;

/// What was (or, with --dry-run, would be) done.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    Created,
    Updated,
    /// Already at the version and configuration asked for.
    Unchanged,
    /// EKS Auto Mode runs the agent itself.
    AutoMode,
    WouldCreate,
    WouldUpdate,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InstallResult {
    pub cluster: String,
    pub region: String,
    pub addon: &'static str,
    pub action: Action,
    pub previous_version: Option<String>,
    pub version: Option<String>,
    pub status: Option<String>,
    pub health_issues: Vec<HealthIssue>,
    pub configuration_values: Option<String>,
    /// What was changed (with `--dry-run`: what would be), in the engine's shape
    /// (docs/json-output.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<crate::plan::ChangeView>>,
}

/// What `addon install` (and `migrate-irsa`, which installs the agent when it is missing) asks
/// for, apart from the command line.
#[derive(Clone, Debug)]
pub(crate) struct InstallOptions {
    /// A version, `latest`, or None for EKS's default for the cluster's Kubernetes version.
    pub version: Option<String>,
    pub ipv4_only: bool,
    pub hybrid: bool,
    pub resolve: crate::plan::Resolve,
    pub dry_run: bool,
    pub wait: bool,
    pub poll_interval: Duration,
    pub timeout: Duration,
}

impl InstallOptions {
    pub fn from_args(args: &AddonInstallArgs) -> InstallOptions {
        InstallOptions {
            version: args.addon_version.clone(),
            ipv4_only: args.ipv4_only,
            hybrid: args.hybrid,
            resolve: match args.resolve_conflicts {
                ResolveConflictsArg::Overwrite => crate::plan::Resolve::Overwrite,
                ResolveConflictsArg::None => crate::plan::Resolve::None,
                ResolveConflictsArg::Preserve => crate::plan::Resolve::Preserve,
            },
            dry_run: args.dry_run,
            wait: args.wait || (!args.no_wait && interactive()),
            poll_interval: Duration::from_secs(args.poll_interval),
            timeout: Duration::from_secs(args.timeout),
        }
    }

    /// What the planner is asked for.
    pub fn agent_options(&self) -> crate::plan::addon_install::AgentOptions {
        crate::plan::addon_install::AgentOptions {
            version: self.version.clone(),
            configuration: self.configuration(),
            hybrid: self.hybrid,
            resolve: self.resolve,
        }
    }

    /// The configuration values these options set, as JSON text; None when they set none.
    fn configuration(&self) -> Option<String> {
        let mut conf = serde_json::Map::new();
        if self.ipv4_only {
            conf.insert(
                "agent".into(),
                serde_json::json!({"additionalArgs": {"-b": "169.254.170.23"}}),
            );
        }
        if self.hybrid {
            conf.insert(
                "daemonsets".into(),
                serde_json::json!({"hybrid": {"create": true}}),
            );
        }
        (!conf.is_empty()).then(|| serde_json::Value::Object(conf).to_string())
    }
}

pub async fn run(args: &AddonInstallArgs, printer: Printer) -> Result<u8> {
    names::cluster_name(&args.cluster.name)?;
    if let Some(v) = &args.addon_version
        && v != "latest"
        && compat::AddonVersion::parse(v).is_none()
    {
        return Err(Error::invalid("add-on version", v.as_str(), "add-on versions look like v1.3.4-eksbuild.1")
            .with_hint("give a version from `aws eks describe-addon-versions --addon-name eks-pod-identity-agent`, or latest"));
    }
    let ctx = aws_context(&args.aws, args.cluster.region.as_deref()).await?;
    let cluster = ctx.describe_cluster(&args.cluster.name).await?;
    let options = InstallOptions::from_args(args);
    let (result, failure) = install(&ctx, &cluster, &options, printer).await?;
    print_result(&result, args, printer)?;
    match failure {
        Some(e) => Err(e),
        None => Ok(exit::SUCCESS),
    }
}

/// Installs or upgrades the agent on a cluster already read, as `options` ask: observe (the
/// offered versions, the add-on, Fargate profiles), plan (`plan::addon_install`, pure), run (the
/// runner), then wait. Prints only notes and warnings. Returns the result and, when the add-on
/// ended in a failed state, the error to report after the result is shown.
pub(crate) async fn install(
    ctx: &crate::aws::AwsContext,
    cluster: &crate::aws::eks::ClusterInfo,
    options: &InstallOptions,
    printer: Printer,
) -> Result<(InstallResult, Option<Error>)> {
    let mut result = InstallResult {
        cluster: cluster.name.clone(),
        region: cluster.region.clone(),
        addon: AGENT_ADDON,
        action: Action::Unchanged,
        previous_version: None,
        version: None,
        status: None,
        health_issues: Vec::new(),
        configuration_values: None,
        changes: None,
    };
    // Observe.
    let (offered, existing) = if cluster.auto_mode {
        (Ok(Vec::new()), None)
    } else {
        if compat::pod_identity_supported(&cluster.version, &cluster.platform_version).is_ok()
            && cluster.status == crate::aws::eks::ClusterStatus::Active
        {
            match ctx.list_fargate_profiles(&cluster.name).await {
                Ok(profiles) if !profiles.is_empty() => printer.warn(&format!(
                    "cluster {} has Fargate profiles ({}): pods on Fargate cannot use Pod Identity; keep IRSA for them",
                    cluster.name,
                    profiles.join(", ")
                )),
                Ok(_) => {}
                Err(e) => printer.warn(&format!("could not check for Fargate profiles: {e}")),
            }
        }
        let offered = ctx.addon_versions(AGENT_ADDON, &cluster.version).await;
        let existing = ctx.describe_addon(&cluster.name, AGENT_ADDON).await?;
        (offered, existing)
    };
    // Plan.
    let plan = crate::plan::addon_install::plan(
        cluster,
        offered,
        existing.as_ref(),
        &options.agent_options(),
    )?;
    for notice in &plan.notices {
        match notice {
            Notice::Note(text) => printer.note(text),
            Notice::Warning(text) => printer.warn(text),
        }
    }
    result.previous_version = existing.as_ref().map(|a| a.version.clone());
    result.version = plan.version.clone();
    result.configuration_values = plan.configuration.clone();
    let (action, change) = match (&plan.action, plan.change) {
        (AgentAction::AutoMode, _) => {
            result.action = Action::AutoMode;
            return Ok((result, None));
        }
        (AgentAction::Unchanged, _) | (_, None) => {
            let current = existing.expect("unchanged means installed");
            return Ok(finish(result, Action::Unchanged, &current));
        }
        (AgentAction::Create, Some(change)) => (Action::Created, change),
        (AgentAction::Update, Some(change)) => (Action::Updated, change),
    };
    let target = plan.version.clone().unwrap_or_default();
    if options.dry_run {
        result.action = if action == Action::Created {
            Action::WouldCreate
        } else {
            Action::WouldUpdate
        };
        printer.note(&format!(
            "dry run: would {} {AGENT_ADDON} {target} on {}; nothing was changed",
            if action == Action::Created {
                "install"
            } else {
                "update to"
            },
            cluster.name
        ));
        result.status = existing.as_ref().map(|a| a.status.as_str().to_string());
        result.changes = Some(vec![change.view()]);
        return Ok((result, None));
    }
    // Run.
    let views = vec![change.view()];
    crate::commands::runner::Runner::new(ctx, &cluster.name, &cluster.arn)
        .execute_all(vec![change])
        .await?;
    result.changes = Some(views);
    printer.note(&format!(
        "{} {AGENT_ADDON} {target} on {}",
        if action == Action::Created {
            "installing"
        } else {
            "updating to"
        },
        cluster.name
    ));

    let current = if options.wait {
        super::wait_until_active(
            ctx,
            &cluster.name,
            options.poll_interval,
            options.timeout,
            printer,
        )
        .await?
    } else {
        ctx.describe_addon(&cluster.name, AGENT_ADDON)
            .await?
            .unwrap_or_else(|| AddonInfo {
                name: AGENT_ADDON.into(),
                version: target.clone(),
                status: crate::aws::eks::AddonStatus::Creating,
                health_issues: Vec::new(),
                configuration_values: plan.configuration.clone(),
                service_account_role_arn: None,
                pod_identity_associations: Vec::new(),
                namespace: None,
            })
    };
    Ok(finish(result, action, &current))
}

/// The result with the add-on's final state; a failed add-on comes with the error to report.
fn finish(
    mut result: InstallResult,
    action: Action,
    current: &AddonInfo,
) -> (InstallResult, Option<Error>) {
    result.action = action;
    result.status = Some(current.status.as_str().to_string());
    result.health_issues = current.health_issues.clone();
    let failure = current.is_failed().then(|| Error::Precondition {
        message: format!("{AGENT_ADDON} on {} is {}:\n{}", result.cluster, current.status.as_str(), issues_text(&current.health_issues)),
        hint: "fix the issues named above (for example node IAM permissions or conflicting fields), then run the command again; --resolve-conflicts overwrite replaces fields changed by hand".into(),
    });
    (result, failure)
}

fn print_result(result: &InstallResult, args: &AddonInstallArgs, printer: Printer) -> Result<()> {
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let action = serde_json::to_value(result.action)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let fields: [(&str, Cell); 9] = [
        ("Cluster", Cell::from(result.cluster.clone())),
        ("Region", Cell::from(result.region.clone())),
        ("Add-on", Cell::from(result.addon.to_string())),
        ("Action", Cell::from(action)),
        (
            "Previous version",
            Cell::from(dash(&result.previous_version)),
        ),
        ("Version", Cell::from(dash(&result.version))),
        ("Status", Cell::from(dash(&result.status))),
        (
            "Health issues",
            Cell::lines(issue_lines(&result.health_issues)),
        ),
        (
            "Configuration",
            result
                .configuration_values
                .as_deref()
                .map_or(Cell::from("-"), Cell::document),
        ),
    ];
    print_record(result, &fields, args.output, printer)
}
