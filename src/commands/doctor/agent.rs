//! Agent checks: the eks-pod-identity-agent add-on (installed, status, health, version), its
//! DaemonSet's rollout, and the node role's right to `eks-auth:AssumeRoleForPodIdentity` (facts §2,
//! §4).

use std::collections::BTreeSet;

use crate::aws::AwsContext;
use crate::aws::AwsError;
use crate::aws::eks::{AGENT_ADDON, AddonInfo, ClusterInfo, NodeGroup};
use crate::aws::iam::PolicyCache;
use crate::compat;
use crate::kube::DaemonSetStatus;
use crate::policy::eval::{self, Context, Decision, Principal};

use super::{Area, Check, Kube, Status};

const AREA: Area = Area::Agent;
/// The AWS-managed policies that grant `eks-auth:AssumeRoleForPodIdentity` to nodes.
const NODE_POLICIES: &[&str] = &[
    "AmazonEKSWorkerNodePolicy",
    "AmazonEKSWorkerNodeMinimalPolicy",
];
const AGENT_ACTION: &str = "eks-auth:AssumeRoleForPodIdentity";

pub async fn checks(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    node_groups: &Result<Vec<NodeGroup>, AwsError>,
    kube: Kube<'_>,
    policies: &PolicyCache,
) -> Vec<Check> {
    let name = cluster.name.as_str();
    let install = format!(
        "epi addon install --cluster {name} --region {}",
        cluster.region
    );
    let mut out = Vec::new();
    let addon = ctx.describe_addon(name, AGENT_ADDON).await;
    let daemon_set = match kube {
        Ok(kube) => kube
            .daemon_set_status("kube-system", AGENT_ADDON)
            .await
            .map_err(|e| Check::skipped(AREA, "agent-daemonset", name, &e)),
        Err(e) => Err(Check::skipped(AREA, "agent-daemonset", name, e)),
    };

    match &addon {
        Err(e) => out.push(Check::skipped(AREA, "agent-addon", name, e)),
        Ok(None) if cluster.auto_mode => out.push(Check::new(
            AREA,
            "agent-addon",
            name,
            Status::Pass,
            "no add-on needed: EKS Auto Mode runs the agent on its nodes",
        )),
        Ok(None) => {
            let self_managed =
                matches!(&daemon_set, Ok(Some(ds)) if ds.desired > 0 && ds.ready == ds.desired);
            out.push(if self_managed {
                Check::new(
                    AREA,
                    "agent-addon",
                    name,
                    Status::Warn,
                    format!("{AGENT_ADDON} is not installed as an EKS add-on, but its DaemonSet runs (installed some other way)"),
                )
                .hint(format!("EKS cannot report its health or upgrade it; consider `{install}`"))
            } else {
                Check::new(
                    AREA,
                    "agent-addon",
                    name,
                    Status::Fail,
                    format!("the {AGENT_ADDON} add-on is not installed: no pod can get Pod Identity credentials"),
                )
                .hint(install.clone())
            });
        }
        Ok(Some(a)) => {
            out.push(Check::new(
                AREA,
                "agent-addon",
                name,
                Status::Pass,
                format!("{AGENT_ADDON} {} is installed", a.version),
            ));
            out.push(addon_status(a, name, &install));
            out.push(health(a, name));
            out.push(version(ctx, cluster, a, &install).await);
        }
    }

    // Without the add-on, a missing DaemonSet is the same finding as agent-addon's.
    let redundant =
        matches!(addon, Ok(None)) && (cluster.auto_mode || matches!(daemon_set, Ok(None)));
    if !redundant {
        out.push(match daemon_set {
            Err(skipped) => skipped,
            Ok(ds) => daemon_set_check(ds.as_ref(), name, &install),
        });
    }
    out.extend(node_roles(ctx, cluster, node_groups, policies).await);
    out
}

fn addon_status(a: &AddonInfo, name: &str, install: &str) -> Check {
    use crate::aws::eks::AddonStatus;
    let s = a.status.as_str();
    let (status, message) = match a.status {
        AddonStatus::Active => (Status::Pass, "the add-on is ACTIVE".to_string()),
        AddonStatus::Creating | AddonStatus::Updating => (
            Status::Warn,
            format!("the add-on is {s}: check again when it is done"),
        ),
        _ => (Status::Fail, format!("the add-on is {s}")),
    };
    let check = Check::new(AREA, "agent-status", name, status, message);
    match status {
        Status::Pass => check,
        Status::Warn => check.hint(format!(
            "epi addon status --cluster {name}, or wait with `{install} --wait`"
        )),
        _ => check.hint(format!(
            "see the health issues (`epi addon status --cluster {name}`), fix them, then `{install} --resolve-conflicts overwrite`"
        )),
    }
}

fn health(a: &AddonInfo, name: &str) -> Check {
    if a.health_issues.is_empty() {
        return Check::new(AREA, "agent-health", name, Status::Pass, "no health issues");
    }
    Check::new(
        AREA,
        "agent-health",
        name,
        Status::Fail,
        format!(
            "the add-on reports {} health issue(s)",
            a.health_issues.len()
        ),
    )
    .evidence(a.health_issues.iter().map(|i| {
        let resources = if i.resource_ids.is_empty() {
            String::new()
        } else {
            format!(" ({})", i.resource_ids.join(", "))
        };
        format!("{}: {}{resources}", i.code, i.message)
    }))
    .hint(format!(
        "fix what the issues name, then check again with `epi addon status --cluster {name}`"
    ))
}

async fn version(ctx: &AwsContext, cluster: &ClusterInfo, a: &AddonInfo, install: &str) -> Check {
    let name = cluster.name.as_str();
    let versions = match ctx.addon_versions(AGENT_ADDON, &cluster.version).await {
        Ok(v) => v,
        Err(e) => return Check::skipped(AREA, "agent-version", name, &e),
    };
    let Some(newest) = versions
        .iter()
        .map(|v| v.version.as_str())
        .max_by(|x, y| compat::compare_versions(x, y))
    else {
        return Check::new(
            AREA,
            "agent-version",
            name,
            Status::Warn,
            format!(
                "EKS lists no {AGENT_ADDON} version for Kubernetes {}",
                cluster.version
            ),
        )
        .hint(format!(
            "aws eks describe-addon-versions --addon-name {AGENT_ADDON} --kubernetes-version {}",
            cluster.version
        ));
    };
    if compat::compare_versions(&a.version, newest).is_lt() {
        Check::new(
            AREA,
            "agent-version",
            name,
            Status::Warn,
            format!(
                "{} is installed; {newest} is the newest for Kubernetes {}",
                a.version, cluster.version
            ),
        )
        .hint(format!("{install} --version {newest}"))
    } else {
        Check::new(
            AREA,
            "agent-version",
            name,
            Status::Pass,
            format!(
                "{} is the newest for Kubernetes {}",
                a.version, cluster.version
            ),
        )
    }
}

fn daemon_set_check(ds: Option<&DaemonSetStatus>, name: &str, install: &str) -> Check {
    let describe = format!("kubectl -n kube-system describe daemonset {AGENT_ADDON}");
    match ds {
        None => Check::new(
            AREA,
            "agent-daemonset",
            name,
            Status::Fail,
            format!("DaemonSet kube-system/{AGENT_ADDON} does not exist"),
        )
        .hint(format!("{install} --resolve-conflicts overwrite")),
        Some(ds) if ds.desired == 0 => Check::new(
            AREA,
            "agent-daemonset",
            name,
            Status::Warn,
            "the agent DaemonSet is scheduled on no node",
        )
        .hint(format!("check the nodes and the DaemonSet's node selector: {describe}")),
        Some(ds) if ds.ready < ds.desired => Check::new(
            AREA,
            "agent-daemonset",
            name,
            Status::Fail,
            format!(
                "{} of {} agent pods are ready: pods on the other nodes get no credentials",
                ds.ready, ds.desired
            ),
        )
        .hint(format!(
            "{describe}; then `kubectl -n kube-system get pods -l app.kubernetes.io/name={AGENT_ADDON} -o wide`"
        )),
        Some(ds) => Check::new(
            AREA,
            "agent-daemonset",
            name,
            Status::Pass,
            format!("{} of {} agent pods are ready", ds.ready, ds.desired),
        ),
    }
}

async fn node_roles(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    node_groups: &Result<Vec<NodeGroup>, AwsError>,
    cache: &PolicyCache,
) -> Vec<Check> {
    let name = cluster.name.as_str();
    let groups = match node_groups {
        Ok(g) => g,
        Err(e) => return vec![Check::skipped(AREA, "node-role", name, e)],
    };
    if groups.is_empty() {
        return vec![if cluster.auto_mode {
            Check::new(
                AREA,
                "node-role",
                name,
                Status::Pass,
                "EKS Auto Mode manages the node role",
            )
        } else {
            Check::new(
                AREA,
                "node-role",
                name,
                Status::Skip,
                "no managed node groups: epi cannot tell the role of self-managed nodes",
            )
            .hint(format!(
                "make sure the nodes' role has AmazonEKSWorkerNodePolicy or allows {AGENT_ACTION}"
            ))
        }];
    }
    let roles: BTreeSet<&str> = groups.iter().map(|g| g.node_role.as_str()).collect();
    let partition = cluster.partition();
    let mut out = Vec::new();
    for role_arn in roles {
        let role = crate::validate::RoleArn::name_of(role_arn);
        let used_by: Vec<String> = groups
            .iter()
            .filter(|g| g.node_role == role_arn)
            .map(|g| format!("node group {}", g.name))
            .collect();
        let policies = match ctx.role_policies(role, cache).await {
            Ok(p) => p,
            Err(e) => {
                out.push(Check::skipped(AREA, "node-role", role, &e));
                continue;
            }
        };
        let managed = policies.iter().find(|p| {
            NODE_POLICIES
                .iter()
                .any(|n| p.source == format!("arn:{partition}:iam::aws:policy/{n}"))
        });
        let docs: Vec<&serde_json::Value> = policies
            .iter()
            .filter_map(|p| p.document.as_ref())
            .collect();
        let access = if managed.is_some() {
            Decision::Allowed
        } else {
            let account = eval::arn_account(&cluster.arn).map(str::to_string);
            eval::caller_side(
                Principal::Unspecified { account },
                &docs,
                AGENT_ACTION,
                &cluster.arn,
                Context::open(),
            )
            .decision
        };
        let fix = format!(
            "aws iam attach-role-policy --role-name {role} --policy-arn arn:{partition}:iam::aws:policy/AmazonEKSWorkerNodePolicy"
        );
        let check = match access {
            Decision::Allowed => Check::new(
                AREA,
                "node-role",
                role,
                Status::Pass,
                format!(
                    "node role {role} allows {AGENT_ACTION}{}",
                    managed
                        .map(|p| format!(" ({})", p.source))
                        .unwrap_or_default()
                ),
            ),
            Decision::Conditional => Check::new(
                AREA,
                "node-role",
                role,
                Status::Warn,
                format!("node role {role} allows {AGENT_ACTION} only under conditions"),
            )
            .hint(format!("check the conditions, or {fix}")),
            Decision::ExplicitDeny => Check::new(
                AREA,
                "node-role",
                role,
                Status::Fail,
                format!("node role {role} denies {AGENT_ACTION}: the agent cannot get credentials"),
            )
            .hint("remove the Deny statement that covers it"),
            Decision::ImplicitDeny => Check::new(
                AREA,
                "node-role",
                role,
                Status::Fail,
                format!("node role {role} does not allow {AGENT_ACTION}: the agent cannot get credentials"),
            )
            .hint(fix),
        };
        out.push(check.evidence(used_by));
    }
    out
}
