//! Cluster checks: status, versions (facts §2), Auto Mode, Fargate profiles and Windows nodes.

use crate::aws::AwsContext;
use crate::aws::AwsError;
use crate::aws::eks::{ClusterInfo, NodeGroup};
use crate::compat;

use super::{Area, Check, Kube, Status};

const AREA: Area = Area::Cluster;

/// The checks a snapshot can answer (#36): its status, version and Auto Mode, as DescribeCluster
/// gave them when the snapshot was taken.
pub fn from_snapshot(cluster: &ClusterInfo) -> Vec<Check> {
    vec![status(cluster), version(cluster), auto_mode(cluster)]
}

fn auto_mode(cluster: &ClusterInfo) -> Check {
    Check::new(
        AREA,
        "auto-mode",
        cluster.name.as_str(),
        Status::Pass,
        if cluster.auto_mode {
            "EKS Auto Mode is on: the Pod Identity agent is built into its nodes"
        } else {
            "EKS Auto Mode is off: the agent comes from the eks-pod-identity-agent add-on"
        },
    )
}

pub async fn checks(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    node_groups: &Result<Vec<NodeGroup>, AwsError>,
    kube: Kube<'_>,
) -> Vec<Check> {
    let name = cluster.name.as_str();
    let mut out = vec![status(cluster), version(cluster), auto_mode(cluster)];
    out.push(match ctx.list_fargate_profiles(name).await {
        Ok(profiles) if profiles.is_empty() => {
            Check::new(AREA, "fargate", name, Status::Pass, "no Fargate profiles")
        }
        Ok(profiles) => Check::new(
            AREA,
            "fargate",
            name,
            Status::Warn,
            format!(
                "{} Fargate profile(s): pods that run on Fargate cannot use Pod Identity",
                profiles.len()
            ),
        )
        .evidence(profiles.into_iter().map(|p| format!("Fargate profile {p}")))
        .hint("keep IRSA for the workloads these profiles select, or move them to EC2 nodes before giving them associations"),
        Err(e) => Check::skipped(AREA, "fargate", name, &e),
    });
    out.push(windows(name, node_groups, kube).await);
    out
}

fn status(cluster: &ClusterInfo) -> Check {
    use crate::aws::eks::ClusterStatus;
    let s = cluster.status.as_str();
    let (status, message) = match cluster.status {
        ClusterStatus::Active => (Status::Pass, "the cluster is ACTIVE".to_string()),
        ClusterStatus::Creating | ClusterStatus::Updating | ClusterStatus::Pending => (
            Status::Warn,
            format!("the cluster is {s}: results may change when it is done"),
        ),
        _ => (Status::Fail, format!("the cluster is {s}")),
    };
    let check = Check::new(AREA, "cluster-status", &cluster.name, status, message);
    if status == Status::Pass {
        check
    } else {
        check.hint(format!(
            "see `aws eks describe-cluster --name {}` and wait until it is ACTIVE",
            cluster.name
        ))
    }
}

fn version(cluster: &ClusterInfo) -> Check {
    let evidence = format!(
        "Kubernetes {}, platform version {}",
        cluster.version, cluster.platform_version
    );
    match compat::pod_identity_supported(&cluster.version, &cluster.platform_version) {
        Ok(()) => Check::new(
            AREA,
            "cluster-version",
            &cluster.name,
            Status::Pass,
            format!("{evidence} supports Pod Identity"),
        ),
        Err(why) => Check::new(AREA, "cluster-version", &cluster.name, Status::Fail, why)
            .evidence([evidence])
            .hint(format!(
                "upgrade the cluster (`aws eks update-cluster-version --name {}`): Pod Identity needs Kubernetes 1.24 or later, and on 1.24-1.28 at least platform version eks.13, eks.10, eks.9, eks.8, eks.4 respectively",
                cluster.name
            )),
    }
}

async fn windows(
    name: &str,
    node_groups: &Result<Vec<NodeGroup>, AwsError>,
    kube: Kube<'_>,
) -> Check {
    let mut found = Vec::new();
    let mut skipped = None;
    match node_groups {
        Ok(groups) => found.extend(
            groups
                .iter()
                .filter(|g| g.ami_type.starts_with("WINDOWS"))
                .map(|g| format!("node group {} ({})", g.name, g.ami_type)),
        ),
        Err(e) => skipped = Some(Check::skipped(AREA, "windows-nodes", name, e)),
    }
    match kube {
        Ok(kube) => match kube.windows_nodes().await {
            Ok(nodes) => found.extend(nodes.into_iter().map(|n| format!("node {n}"))),
            Err(e) => skipped = Some(Check::skipped(AREA, "windows-nodes", name, &e)),
        },
        Err(e) => skipped = skipped.or(Some(Check::skipped(AREA, "windows-nodes", name, e))),
    }
    if !found.is_empty() {
        return Check::new(
            AREA,
            "windows-nodes",
            name,
            Status::Warn,
            "the cluster has Windows nodes: pods on them cannot use Pod Identity",
        )
        .evidence(found)
        .hint("keep IRSA for Windows workloads; give associations only to service accounts whose pods run on Linux EC2 nodes");
    }
    skipped.unwrap_or_else(|| {
        Check::new(
            AREA,
            "windows-nodes",
            name,
            Status::Pass,
            "no Windows nodes",
        )
    })
}
