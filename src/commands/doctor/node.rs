//! Node checks (#37): the credential path between a pod and the agent on its node. They read the
//! nodes, the agent's pods and the events of `kube-system`, the associated service accounts' pods
//! (read once, with the association checks), and for `eks-auth-endpoint` the VPC's routes and
//! endpoints (EC2, read-only). Which rule rests on what is in docs/commands.md; the rules marked
//! UNVERIFIED there rest on reports, not on AWS's documentation.

use std::collections::{BTreeMap, BTreeSet};

use crate::aws::eks::{AGENT_ADDON, ClusterInfo, NodeGroup};
use crate::aws::{AwsContext, AwsError};
use crate::kube::{EventInfo, KubeError, NodeInfo, PodInfo};

use super::associations::{epoch, restart_command};
use super::{Area, Check, Kube, Status};

const AREA: Area = Area::Node;
/// The label EKS puts on hybrid nodes (EKS User Guide, "Prepare networking for hybrid nodes":
/// `eks.amazonaws.com/compute-type: hybrid`).
pub const HYBRID_LABEL: (&str, &str) = ("eks.amazonaws.com/compute-type", "hybrid");
/// The DaemonSets of the agent add-on's hybrid configuration (`daemonsets.hybrid.create`, facts
/// §2): their names are not in AWS's documentation; these are the ones AWS's own hybrid-nodes
/// tests look for (aws/eks-hybrid, test/e2e): UNVERIFIED.
pub const HYBRID_DAEMONSETS: &[&str] = &[
    "eks-pod-identity-agent-hybrid",
    "eks-pod-identity-agent-hybrid-bottlerocket",
];
/// The agent's addresses (facts §4).
pub const AGENT_IPV4: &str = "169.254.170.23";
pub const AGENT_IPV6: &str = "fd00:ec2::23";

/// What the node checks are given by the association checks' reads.
pub struct Inputs<'a> {
    /// `(namespace, service account)` of every association of the cluster.
    pub associated: BTreeSet<(String, String)>,
    /// The pods of each namespace that has an association.
    pub pods: &'a BTreeMap<String, Result<Vec<PodInfo>, KubeError>>,
    /// Why the associations could not be listed, if they could not.
    pub unlisted: Option<&'a AwsError>,
}

impl Inputs<'_> {
    /// The pods that run as an associated service account, off Fargate, in namespace order.
    pub fn workload_pods(&self) -> Vec<&PodInfo> {
        self.pods
            .values()
            .flatten()
            .flatten()
            .filter(|p| !p.fargate)
            .filter(|p| {
                self.associated
                    .contains(&(p.namespace.clone(), p.service_account.clone()))
            })
            .collect()
    }

    /// Why the pods of associated service accounts are not all known: the associations could not
    /// be listed, or a namespace's pods could not be read.
    pub fn unreadable(&self) -> Option<&dyn super::Unavailable> {
        if let Some(e) = self.unlisted {
            return Some(e);
        }
        self.pods
            .values()
            .find_map(|r| r.as_ref().err())
            .map(|e| e as &dyn super::Unavailable)
    }
}

/// The agent's pods, by node, and the rest of `kube-system` the checks need.
struct AgentSide {
    nodes: Vec<NodeInfo>,
    /// Pods of the agent's DaemonSets (the regular one and the hybrid ones).
    agents: Vec<PodInfo>,
    events: Result<Vec<EventInfo>, KubeError>,
}

fn owned_by(p: &PodInfo, daemon_sets: &[&str]) -> bool {
    p.owner
        .as_deref()
        .and_then(|o| o.strip_prefix("DaemonSet/"))
        .is_some_and(|d| daemon_sets.contains(&d))
}

pub async fn checks(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    node_groups: &Result<Vec<NodeGroup>, AwsError>,
    kube: Kube<'_>,
    inputs: &Inputs<'_>,
) -> Vec<Check> {
    let name = cluster.name.as_str();
    let mut out = Vec::new();
    match read_agent_side(kube).await {
        Err(skip) => {
            for id in [
                "agent-before-workload",
                "proxy-without-no-proxy",
                "agent-ip-family",
                "hybrid-nodes",
                "agent-throttled",
            ] {
                out.push(Check::skipped(AREA, id, name, &skip));
            }
        }
        Ok(side) => {
            out.extend(before_workload(cluster, &side, inputs));
            out.extend(super::proxy::checks(name, inputs));
            out.push(ip_family(cluster, &side));
            out.push(hybrid_nodes(cluster, &side));
            out.push(throttled(name, &side));
        }
    }
    out.push(super::network::eks_auth_endpoint(ctx, cluster, node_groups).await);
    out
}

/// Why the Kubernetes side could not be read.
enum SideUnavailable<'a> {
    Kube(&'a super::KubeUnavailable),
    Read(KubeError),
}

impl super::Unavailable for SideUnavailable<'_> {
    fn reason(&self) -> String {
        match self {
            SideUnavailable::Kube(k) => k.reason(),
            SideUnavailable::Read(e) => e.reason(),
        }
    }
    fn remedy(&self) -> String {
        match self {
            SideUnavailable::Kube(k) => k.remedy(),
            SideUnavailable::Read(e) => e.remedy(),
        }
    }
}

async fn read_agent_side(kube: Kube<'_>) -> Result<AgentSide, SideUnavailable<'_>> {
    let kube = kube.map_err(SideUnavailable::Kube)?;
    let (nodes, system, events) = tokio::join!(
        kube.nodes(),
        kube.pods_in("kube-system"),
        kube.events_in("kube-system")
    );
    let mut names = vec![AGENT_ADDON];
    names.extend(HYBRID_DAEMONSETS);
    Ok(AgentSide {
        nodes: nodes.map_err(SideUnavailable::Read)?,
        agents: system
            .map_err(SideUnavailable::Read)?
            .into_iter()
            .filter(|p| owned_by(p, &names))
            .collect(),
        events,
    })
}

/// The time from which an agent pod served credentials: its Ready time when its containers never
/// restarted, else its start (a restart moves the Ready time; pods started before the first start
/// are the ones that met no agent).
fn agent_since(agent: &PodInfo) -> Option<i64> {
    let restarted = agent.containers.iter().any(|c| c.restarts > 0);
    if restarted {
        epoch(agent.started.as_deref())
    } else {
        epoch(agent.ready_since.as_deref())
    }
}

/// `agent-before-workload`: per node, associated pods that started before the agent on that node
/// was Ready (EKS Pod Identity agent issues #159 and terraform-aws-eks#3621: UNVERIFIED that the
/// SDKs never recover; the pod's first credential call fails or it falls back to the node role).
fn before_workload(cluster: &ClusterInfo, side: &AgentSide, inputs: &Inputs<'_>) -> Vec<Check> {
    const ID: &str = "agent-before-workload";
    let name = cluster.name.as_str();
    if cluster.auto_mode {
        return vec![Check::new(
            AREA,
            ID,
            name,
            Status::Pass,
            "EKS Auto Mode runs the agent in its nodes, not as pods: nothing to compare",
        )];
    }
    if let Some(e) = inputs.unreadable() {
        return vec![Check::skipped(AREA, ID, name, e)];
    }
    let agents: BTreeMap<&str, &PodInfo> = side
        .agents
        .iter()
        .filter_map(|a| Some((a.node.as_deref()?, a)))
        .collect();
    // node → (pods that met no agent, the restart commands)
    let mut early: BTreeMap<&str, (Vec<String>, BTreeSet<String>)> = BTreeMap::new();
    let mut checked = 0;
    for p in inputs.workload_pods() {
        let Some(node) = p.node.as_deref() else {
            continue;
        };
        let Some(agent) = agents.get(node) else {
            continue; // agent-daemonset and hybrid-nodes report nodes without an agent
        };
        checked += 1;
        let (Some(started), Some(since)) = (epoch(p.started.as_deref()), agent_since(agent)) else {
            continue;
        };
        if started < since {
            let entry = early.entry(node).or_default();
            entry.0.push(format!(
                "pod {}/{} started at {}, before agent pod {} on node {node} was Ready ({})",
                p.namespace,
                p.name,
                p.started.as_deref().unwrap_or_default(),
                agent.name,
                if agent.containers.iter().any(|c| c.restarts > 0) {
                    agent.started.as_deref().unwrap_or_default()
                } else {
                    agent.ready_since.as_deref().unwrap_or_default()
                }
            ));
            entry.1.insert(restart_command(&p.namespace, p));
        }
    }
    if early.is_empty() {
        let message = if checked == 0 {
            "no pod of an associated service account runs beside an agent pod".to_string()
        } else {
            format!(
                "{checked} pod(s) of associated service accounts started after their node's agent was Ready"
            )
        };
        return vec![Check::new(AREA, ID, name, Status::Pass, message)];
    }
    early
        .into_iter()
        .map(|(node, (evidence, commands))| {
            Check::new(
                AREA,
                ID,
                node,
                Status::Warn,
                format!(
                    "{} pod(s) on node {node} started before its agent was Ready: they may have no credentials or the node role's",
                    evidence.len()
                ),
            )
            .evidence(evidence)
            .hint(commands.into_iter().collect::<Vec<_>>().join("; "))
        })
        .collect()
}

/// The hosts the agent binds, from its `-b` argument (facts §2: the IPv4-only configuration adds
/// `-b 169.254.170.23`); None when it has none (it binds both of its addresses, facts §4).
fn bind_hosts(agent: &PodInfo) -> Option<Vec<String>> {
    for c in &agent.containers {
        let mut args = c.args.iter();
        while let Some(a) = args.next() {
            let value = if a == "-b" || a == "--b" {
                args.next().cloned()
            } else {
                a.strip_prefix("-b=")
                    .or_else(|| a.strip_prefix("--b="))
                    .map(str::to_string)
            };
            if let Some(v) = value {
                return Some(v.split(',').map(|h| h.trim().to_string()).collect());
            }
        }
    }
    None
}

/// Whether a message is the agent's failure to bind its IPv6 address (agent issue #16: the node
/// has IPv6 disabled; the message's wording is UNVERIFIED beyond naming the address and a bind).
fn ipv6_bind_error(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains(AGENT_IPV6)
        && (m.contains("bind") || m.contains("assign requested address") || m.contains("listen"))
}

/// `agent-ip-family`: the cluster's IP family against the agent's bind and the nodes' addresses.
fn ip_family(cluster: &ClusterInfo, side: &AgentSide) -> Check {
    const ID: &str = "agent-ip-family";
    let name = cluster.name.as_str();
    let family = cluster.ip_family.as_deref().unwrap_or("ipv4");
    let install = format!(
        "epi addon install --cluster {name} --region {}",
        cluster.region
    );
    let crashing: Vec<String> = side
        .agents
        .iter()
        .filter(|a| {
            a.containers
                .iter()
                .any(|c| c.messages.iter().any(|m| ipv6_bind_error(m)))
        })
        .map(|a| {
            format!(
                "agent pod {} on node {} cannot bind [{AGENT_IPV6}]",
                a.name,
                a.node.as_deref().unwrap_or("?")
            )
        })
        .collect();
    if !crashing.is_empty() && family != "ipv6" {
        return Check::new(
            AREA,
            ID,
            name,
            Status::Fail,
            format!(
                "{} agent pod(s) crash: they cannot bind their IPv6 address, so IPv6 is disabled on their nodes",
                crashing.len()
            ),
        )
        .evidence(crashing)
        .evidence([format!(
            "--ipv4-only binds the agent to IPv4 only: configuration {{\"agent\":{{\"additionalArgs\":{{\"-b\":\"{AGENT_IPV4}\"}}}}}}"
        )])
        .hint(format!("{install} --ipv4-only"));
    }
    let bound: BTreeSet<String> = side
        .agents
        .iter()
        .filter_map(bind_hosts)
        .flatten()
        .collect();
    let ipv6_bound = bound.is_empty() || bound.iter().any(|h| h.contains(':'));
    if family == "ipv6" && !ipv6_bound {
        return Check::new(
            AREA,
            ID,
            name,
            Status::Fail,
            format!(
                "the cluster is IPv6 but the agent binds {} only: pods call [{AGENT_IPV6}] and get no credentials",
                bound.into_iter().collect::<Vec<_>>().join(", ")
            ),
        )
        .hint(format!(
            "{install} --resolve-conflicts overwrite (without --ipv4-only, so that the agent binds both addresses)"
        ));
    }
    if family == "ipv6" {
        let v4_only: Vec<String> = side
            .nodes
            .iter()
            .filter(|n| !n.addresses.is_empty() && n.addresses.iter().all(|a| !a.contains(':')))
            .map(|n| {
                format!(
                    "node {} has IPv4 addresses only ({})",
                    n.name,
                    n.addresses.join(", ")
                )
            })
            .collect();
        if !v4_only.is_empty() {
            return Check::new(
                AREA,
                ID,
                name,
                Status::Warn,
                format!("the cluster is IPv6 but {} node(s) have no IPv6 address", v4_only.len()),
            )
            .evidence(v4_only)
            .hint("check those nodes' subnets and launch configuration: pods of an IPv6 cluster reach the agent over IPv6");
        }
    }
    let listens = if bound.is_empty() {
        format!("{AGENT_IPV4} and [{AGENT_IPV6}]")
    } else {
        bound.into_iter().collect::<Vec<_>>().join(", ")
    };
    Check::new(
        AREA,
        ID,
        name,
        Status::Pass,
        format!("the cluster is {family}; the agent listens on {listens}"),
    )
}

/// `hybrid-nodes`: nodes labelled as hybrid without a pod of the agent's hybrid DaemonSet.
fn hybrid_nodes(cluster: &ClusterInfo, side: &AgentSide) -> Check {
    const ID: &str = "hybrid-nodes";
    let name = cluster.name.as_str();
    let hybrid: Vec<&NodeInfo> = side
        .nodes
        .iter()
        .filter(|n| n.labels.get(HYBRID_LABEL.0).map(String::as_str) == Some(HYBRID_LABEL.1))
        .collect();
    if hybrid.is_empty() {
        return Check::new(AREA, ID, name, Status::Pass, "no hybrid nodes");
    }
    let served: BTreeSet<&str> = side
        .agents
        .iter()
        .filter(|a| owned_by(a, HYBRID_DAEMONSETS))
        .filter_map(|a| a.node.as_deref())
        .collect();
    let missing: Vec<String> = hybrid
        .iter()
        .filter(|n| !served.contains(n.name.as_str()))
        .map(|n| format!("hybrid node {} has no {} pod", n.name, HYBRID_DAEMONSETS[0]))
        .collect();
    if missing.is_empty() {
        return Check::new(
            AREA,
            ID,
            name,
            Status::Pass,
            format!(
                "the agent's hybrid DaemonSet runs on the {} hybrid node(s)",
                hybrid.len()
            ),
        );
    }
    Check::new(
        AREA,
        ID,
        name,
        Status::Fail,
        format!(
            "{} of {} hybrid node(s) run no agent: their pods get no Pod Identity credentials",
            missing.len(),
            hybrid.len()
        ),
    )
    .evidence(missing)
    .evidence([
        "the add-on's hybrid DaemonSet comes with configuration {\"daemonsets\":{\"hybrid\":{\"create\":true}}}, add-on v1.3.3-eksbuild.1 or later".to_string(),
    ])
    .hint(format!(
        "epi addon install --cluster {name} --region {} --hybrid",
        cluster.region
    ))
}

/// Whether a message reports throttling by EKS Auth (its API answers 429 ThrottlingException,
/// facts §1's error codes; the agent's wording around it is UNVERIFIED).
fn throttling(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("throttlingexception") || m.contains("rate exceeded") || m.contains("throttled")
}

/// `agent-throttled`: the agent's container messages or events that show EKS Auth throttling.
fn throttled(name: &str, side: &AgentSide) -> Check {
    const ID: &str = "agent-throttled";
    let mut evidence: Vec<String> = side
        .agents
        .iter()
        .flat_map(|a| {
            a.containers.iter().flat_map(move |c| {
                c.messages
                    .iter()
                    .filter(|m| throttling(m))
                    .map(move |m| format!("agent pod {} ({}): {}", a.name, c.name, one_line(m)))
            })
        })
        .collect();
    let agent_objects: BTreeSet<String> = side
        .agents
        .iter()
        .map(|a| format!("Pod/{}", a.name))
        .chain(std::iter::once(format!("DaemonSet/{AGENT_ADDON}")))
        .collect();
    match &side.events {
        Ok(events) => evidence.extend(
            events
                .iter()
                .filter(|e| agent_objects.contains(&e.object) && throttling(&e.message))
                .map(|e| {
                    format!(
                        "event {} on {} (x{}): {}",
                        e.reason,
                        e.object,
                        e.count,
                        one_line(&e.message)
                    )
                }),
        ),
        Err(e) => return Check::skipped(AREA, ID, name, e),
    }
    if evidence.is_empty() {
        return Check::new(
            AREA,
            ID,
            name,
            Status::Pass,
            "no agent pod or event reports EKS Auth throttling",
        );
    }
    Check::new(
        AREA,
        ID,
        name,
        Status::Warn,
        "EKS Auth throttles the agent: credential requests wait or fail until it lets them through",
    )
    .evidence(evidence)
    .hint(format!(
        "EKS Auth's rate is per account: find what asks so often (pods restarting in a loop, many replicas starting at once) with `kubectl -n kube-system logs -l app.kubernetes.io/name={AGENT_ADDON}`"
    ))
}

fn one_line(text: &str) -> String {
    crate::text::one_line(text.trim())
        .chars()
        .take(300)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kube::ContainerInfo;

    fn pod(name: &str, node: &str, started: &str) -> PodInfo {
        PodInfo {
            namespace: "apps".into(),
            name: name.into(),
            service_account: "web".into(),
            fargate: false,
            pod_identity_injected: true,
            irsa_injected: false,
            created: Some(started.into()),
            owner: Some("ReplicaSet/web-5d8f".into()),
            workload: Some("Deployment/web".into()),
            node: Some(node.into()),
            started: Some(started.into()),
            ready_since: Some(started.into()),
            containers: vec![ContainerInfo {
                name: "app".into(),
                ..ContainerInfo::default()
            }],
        }
    }

    #[test]
    fn agent_since_uses_the_start_once_the_agent_restarted() {
        let mut agent = pod("agent", "n1", "2026-01-01T00:00:00Z");
        agent.ready_since = Some("2026-01-01T00:05:00Z".into());
        assert_eq!(agent_since(&agent), epoch(Some("2026-01-01T00:05:00Z")));
        agent.containers[0].restarts = 2;
        assert_eq!(agent_since(&agent), epoch(Some("2026-01-01T00:00:00Z")));
    }

    #[test]
    fn bind_hosts_reads_the_b_argument_in_both_forms() {
        let mut agent = pod("agent", "n1", "2026-01-01T00:00:00Z");
        assert_eq!(bind_hosts(&agent), None);
        agent.containers[0].args = vec!["server".into(), "-b".into(), AGENT_IPV4.into()];
        assert_eq!(bind_hosts(&agent), Some(vec![AGENT_IPV4.to_string()]));
        agent.containers[0].args = vec![format!("-b={AGENT_IPV4}")];
        assert_eq!(bind_hosts(&agent), Some(vec![AGENT_IPV4.to_string()]));
    }

    #[test]
    fn recognises_the_ipv6_bind_error_and_throttling() {
        assert!(ipv6_bind_error(
            "listen tcp [fd00:ec2::23]:80: bind: cannot assign requested address"
        ));
        assert!(!ipv6_bind_error(
            "listen tcp 169.254.170.23:80: bind: address already in use"
        ));
        assert!(throttling(
            "operation error EKS Auth: AssumeRoleForPodIdentity, https response error StatusCode: 429, ThrottlingException: Rate exceeded"
        ));
        assert!(!throttling("AccessDeniedException"));
    }
}
