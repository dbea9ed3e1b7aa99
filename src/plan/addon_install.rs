//! The planner of the Pod Identity agent's install (pure): which version, and whether to create,
//! update or leave the add-on, from the cluster, the versions EKS offers and the add-on as read.
//! `epi addon install` and `epi migrate-irsa` (which installs a missing agent first) both decide
//! through it, so the agent migrate-irsa installs is a change in its own plan.

use crate::aws::AwsError;
use crate::aws::eks::{AGENT_ADDON, AddonInfo, AddonVersion, ClusterInfo, ClusterStatus};
use crate::compat::{self, HYBRID_MINIMUM};
use crate::error::Error;

use super::{Change, Resolve};

/// What is asked of the agent, apart from the cluster.
#[derive(Clone, Debug, Default)]
pub struct AgentOptions {
    /// A version, `latest`, or None for EKS's default for the cluster's Kubernetes version.
    pub version: Option<String>,
    /// Configuration values (JSON text); None keeps the add-on's (or EKS's defaults).
    pub configuration: Option<String>,
    pub hybrid: bool,
    pub resolve: Resolve,
}

/// What the plan does with the add-on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgentAction {
    /// EKS Auto Mode runs the agent itself.
    AutoMode,
    /// Already at the version and configuration asked for (or newer than EKS's default).
    Unchanged,
    Create,
    Update,
}

/// A note or a warning the plan gives with its decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    Note(String),
    Warning(String),
}

#[derive(Clone, Debug)]
pub struct AgentPlan {
    pub action: AgentAction,
    /// The version the add-on ends at (None in Auto Mode).
    pub version: Option<String>,
    /// The configuration the add-on ends with.
    pub configuration: Option<String>,
    /// The change to make (Create or Update), None otherwise.
    pub change: Option<Change>,
    pub notices: Vec<Notice>,
}

/// Decides the agent's install. `offered` is DescribeAddonVersions' answer for the cluster's
/// Kubernetes version (or the error that read met); `existing` the add-on as read.
pub fn plan(
    cluster: &ClusterInfo,
    offered: Result<Vec<AddonVersion>, AwsError>,
    existing: Option<&AddonInfo>,
    options: &AgentOptions,
) -> Result<AgentPlan, Error> {
    let mut notices = Vec::new();
    if cluster.auto_mode {
        notices.push(Notice::Note(format!(
            "{} uses EKS Auto Mode, which runs the Pod Identity agent itself: nothing to install",
            cluster.name
        )));
        return Ok(AgentPlan {
            action: AgentAction::AutoMode,
            version: None,
            configuration: None,
            change: None,
            notices,
        });
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
    if cluster.status != ClusterStatus::Active {
        return Err(Error::Precondition {
            message: format!(
                "cluster {} is {}, not ACTIVE",
                cluster.name,
                cluster.status.as_str()
            ),
            hint: "wait until the cluster is ACTIVE and run the command again".into(),
        });
    }
    let target = pick_version(cluster, offered, options.version.as_deref(), &mut notices)?;
    if options.hybrid && compat::compare_versions(&target, HYBRID_MINIMUM).is_lt() {
        return Err(Error::invalid(
            "add-on version",
            target.as_str(),
            format!("hybrid nodes need {HYBRID_MINIMUM} or later"),
        )
        .with_hint("give --version latest, or a version from v1.3.3-eksbuild.1 on"));
    }
    let wanted = options.configuration.clone();
    let configuration = wanted
        .clone()
        .or_else(|| existing.and_then(|a| a.configuration_values.clone()));
    let unchanged = |version: String, notices: Vec<Notice>| AgentPlan {
        action: AgentAction::Unchanged,
        version: Some(version),
        configuration: configuration.clone(),
        change: None,
        notices,
    };
    match existing {
        Some(a)
            if a.version == target
                && same_configuration(a.configuration_values.as_deref(), wanted.as_deref()) =>
        {
            notices.push(Notice::Note(format!(
                "{AGENT_ADDON} is already at {target} on {}",
                cluster.name
            )));
            Ok(unchanged(target, notices))
        }
        Some(a)
            if options.version.is_none()
                && compat::compare_versions(&a.version, &target).is_gt()
                && wanted.is_none() =>
        {
            notices.push(Notice::Note(format!(
                "{AGENT_ADDON} {} is newer than EKS's default {target} for Kubernetes {}; leaving it (give --version {target} to go back)",
                a.version, cluster.version
            )));
            Ok(unchanged(a.version.clone(), notices))
        }
        Some(current) => Ok(AgentPlan {
            action: AgentAction::Update,
            version: Some(target.clone()),
            configuration: configuration.clone(),
            change: Some(Change::UpdateAddon {
                cluster: cluster.name.clone(),
                addon: AGENT_ADDON.into(),
                before: current.version.clone(),
                after: target,
                configuration: wanted,
                resolve: options.resolve,
            }),
            notices,
        }),
        None => Ok(AgentPlan {
            action: AgentAction::Create,
            version: Some(target.clone()),
            configuration: configuration.clone(),
            change: Some(Change::CreateAddon {
                cluster: cluster.name.clone(),
                addon: AGENT_ADDON.into(),
                version: target,
                configuration: wanted,
                resolve: options.resolve,
            }),
            notices,
        }),
    }
}

/// Whether the configuration asked for is the one the add-on has (none asked: kept as it is).
fn same_configuration(current: Option<&str>, wanted: Option<&str>) -> bool {
    match wanted {
        None => true,
        Some(w) => {
            current.and_then(|c| serde_json::from_str::<serde_json::Value>(c).ok())
                == serde_json::from_str::<serde_json::Value>(w).ok()
        }
    }
}

/// The version to install: EKS's default for the cluster's Kubernetes version, the newest
/// (`latest`), or the one asked for, checked against what EKS offers. When the offered versions
/// could not be read (no eks:DescribeAddonVersions permission, say), an explicit version is used
/// as given, with a warning.
fn pick_version(
    cluster: &ClusterInfo,
    offered: Result<Vec<AddonVersion>, AwsError>,
    asked: Option<&str>,
    notices: &mut Vec<Notice>,
) -> Result<String, Error> {
    let versions = match offered {
        Ok(v) => v,
        Err(e) => match asked {
            Some(v) if v != "latest" => {
                notices.push(Notice::Warning(format!("could not check that EKS offers {AGENT_ADDON} {v} for Kubernetes {} ({e}); installing it as given", cluster.version)));
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
