//! `epi addon install`: install or upgrade the eks-pod-identity-agent add-on at the right version
//! for the cluster, then wait until it is ACTIVE (the AddonActive waiter's semantics).

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::aws::eks::{AGENT_ADDON, AddonInfo, HealthIssue};
use crate::cli::{AddonInstallArgs, ResolveConflictsArg};
use crate::commands::{aws_context, interactive};
use crate::compat::{self, HYBRID_MINIMUM};
use crate::error::{Error, Result, exit};
use crate::output::Printer;
use crate::validate::names;

use super::{issues_text, print_record};

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
    /// With `--dry-run`: what would be changed, in the engine's shape (docs/json-output.md).
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

fn same_configuration(current: Option<&str>, wanted: Option<&str>) -> bool {
    match wanted {
        // Not asked: the current configuration is kept as it is.
        None => true,
        Some(w) => {
            current.and_then(|c| serde_json::from_str::<serde_json::Value>(c).ok())
                == serde_json::from_str::<serde_json::Value>(w).ok()
        }
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

/// Installs or upgrades the agent on a cluster already read, as `options` ask, through the plan
/// engine; prints only notes and warnings. Returns the result and, when the add-on ended in a
/// failed state, the error to report after the result is shown. Used by `epi addon install` and
/// `epi migrate-irsa`.
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
    if cluster.auto_mode {
        printer.note(&format!(
            "{} uses EKS Auto Mode, which runs the Pod Identity agent itself: nothing to install",
            cluster.name
        ));
        result.action = Action::AutoMode;
        return Ok((result, None));
    }
    if let Err(reason) = compat::pod_identity_supported(&cluster.version, &cluster.platform_version)
    {
        return Err(Error::Precondition {
            message: format!(
                "Pod Identity does not work on cluster {}: {reason}",
                cluster.name
            ),
            hint: format!(
                "upgrade the cluster (`aws eks update-cluster-version --name {}`), or keep using IRSA there",
                cluster.name
            ),
        });
    }
    if cluster.status != crate::aws::eks::ClusterStatus::Active {
        return Err(Error::Precondition {
            message: format!(
                "cluster {} is {}, not ACTIVE",
                cluster.name,
                cluster.status.as_str()
            ),
            hint: "wait until the cluster is ACTIVE and run the command again".into(),
        });
    }
    match ctx.list_fargate_profiles(&cluster.name).await {
        Ok(profiles) if !profiles.is_empty() => printer.warn(&format!(
            "cluster {} has Fargate profiles ({}): pods on Fargate cannot use Pod Identity; keep IRSA for them",
            cluster.name,
            profiles.join(", ")
        )),
        Ok(_) => {}
        Err(e) => printer.warn(&format!("could not check for Fargate profiles: {e}")),
    }

    let target = resolve_version(ctx, cluster, options.version.as_deref(), printer).await?;
    if options.hybrid && compat::compare_versions(&target, HYBRID_MINIMUM).is_lt() {
        return Err(Error::invalid(
            "add-on version",
            target.as_str(),
            format!("hybrid nodes need {HYBRID_MINIMUM} or later"),
        )
        .with_hint("give --version latest, or a version from v1.3.3-eksbuild.1 on"));
    }
    let wanted_conf = options.configuration();
    let existing = ctx.describe_addon(&cluster.name, AGENT_ADDON).await?;
    result.previous_version = existing.as_ref().map(|a| a.version.clone());
    result.version = Some(target.clone());
    result.configuration_values = wanted_conf.clone().or_else(|| {
        existing
            .as_ref()
            .and_then(|a| a.configuration_values.clone())
    });

    let action = match &existing {
        None => Action::Created,
        Some(a)
            if a.version == target
                && same_configuration(
                    a.configuration_values.as_deref(),
                    wanted_conf.as_deref(),
                ) =>
        {
            Action::Unchanged
        }
        Some(a)
            if options.version.is_none()
                && compat::compare_versions(&a.version, &target).is_gt()
                && wanted_conf.is_none() =>
        {
            printer.note(&format!(
                "{AGENT_ADDON} {} is newer than EKS's default {target} for Kubernetes {}; leaving it (give --version {target} to go back)",
                a.version, cluster.version
            ));
            result.version = Some(a.version.clone());
            Action::Unchanged
        }
        Some(_) => Action::Updated,
    };
    if action == Action::Unchanged {
        let current = existing.expect("unchanged means installed");
        if current.version == target {
            printer.note(&format!(
                "{AGENT_ADDON} is already at {target} on {}",
                cluster.name
            ));
        }
        return Ok(finish(result, Action::Unchanged, &current));
    }
    let change = match &existing {
        None => crate::plan::Change::CreateAddon {
            cluster: cluster.name.clone(),
            addon: AGENT_ADDON.into(),
            version: target.clone(),
            configuration: wanted_conf.clone(),
            resolve: options.resolve,
        },
        Some(current) => crate::plan::Change::UpdateAddon {
            cluster: cluster.name.clone(),
            addon: AGENT_ADDON.into(),
            before: current.version.clone(),
            after: target.clone(),
            configuration: wanted_conf.clone(),
            resolve: options.resolve,
        },
    };
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
    crate::commands::runner::Runner::new(ctx, &cluster.name, &cluster.arn)
        .execute_all(vec![change])
        .await?;
    printer.note(&format!(
        "{} {AGENT_ADDON} {target} on {}",
        if action == Action::Created {
            "installing"
        } else {
            "updating to"
        },
        cluster.name
    ));

    let wait = options.wait;
    let current = if wait {
        wait_until_active(
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
                configuration_values: wanted_conf.clone(),
                service_account_role_arn: None,
                pod_identity_associations: Vec::new(),
                namespace: None,
            })
    };
    Ok(finish(result, action, &current))
}

/// The version to install: EKS's default for the cluster's Kubernetes version, the newest
/// (`latest`), or the one asked for, checked against what EKS offers. When the offered versions
/// cannot be read (no eks:DescribeAddonVersions permission, say), an explicit version is used as
/// given, with a warning.
async fn resolve_version(
    ctx: &crate::aws::AwsContext,
    cluster: &crate::aws::eks::ClusterInfo,
    asked: Option<&str>,
    printer: Printer,
) -> Result<String> {
    let versions = match ctx.addon_versions(AGENT_ADDON, &cluster.version).await {
        Ok(v) => v,
        Err(e) => match asked {
            Some(v) if v != "latest" => {
                printer.warn(&format!("could not check that EKS offers {AGENT_ADDON} {v} for Kubernetes {} ({e}); installing it as given", cluster.version));
                return Ok(v.to_string());
            }
            _ => return Err(e.into()),
        },
    };
    let Some(newest) = versions
        .iter()
        .map(|v| v.version.clone())
        .max_by(|a, b| compat::compare_versions(a, b))
    else {
        return Err(Error::Precondition {
            message: format!("EKS offers no {AGENT_ADDON} version for Kubernetes {}", cluster.version),
            hint: "check `aws eks describe-addon-versions --addon-name eks-pod-identity-agent` for the cluster's region".into(),
        });
    };
    Ok(match asked {
        Some("latest") => newest,
        Some(v) => {
            if !versions.iter().any(|x| x.version == v) {
                let mut offered: Vec<String> = versions.iter().map(|x| x.version.clone()).collect();
                offered.sort_by(|a, b| compat::compare_versions(b, a));
                return Err(Error::invalid(
                    "add-on version",
                    v,
                    format!(
                        "EKS offers no such version for Kubernetes {}",
                        cluster.version
                    ),
                )
                .with_hint(format!("give one of: {}, or latest", offered.join(", "))));
            }
            v.to_string()
        }
        None => versions
            .iter()
            .find(|v| v.default)
            .map(|v| v.version.clone())
            .unwrap_or(newest),
    })
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

/// Polls DescribeAddon until ACTIVE; CREATE_FAILED, DEGRADED and UPDATE_FAILED end the wait.
async fn wait_until_active(
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

fn print_result(result: &InstallResult, args: &AddonInstallArgs, printer: Printer) -> Result<()> {
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let action = serde_json::to_value(result.action)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let fields = [
        ("Cluster", result.cluster.clone()),
        ("Region", result.region.clone()),
        ("Add-on", result.addon.to_string()),
        ("Action", action),
        ("Previous version", dash(&result.previous_version)),
        ("Version", dash(&result.version)),
        ("Status", dash(&result.status)),
        ("Health issues", issues_text(&result.health_issues)),
        ("Configuration", dash(&result.configuration_values)),
    ];
    print_record(result, &fields, args.output, printer)
}
