//! What `epi doctor --checks node` reads of the pod side of the credential path (#37): nodes with
//! their labels and addresses, each pod's node, start and Ready times and its containers' proxy
//! variables and states, and the events of a namespace. Read-only.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Container, ContainerStatus, Event, Node, Pod};
use kube::api::Api;
use serde::Serialize;

use super::{KubeContext, KubeError, all_pages};

/// The variables of a container that decide where its credential calls go: the proxy settings (in
/// both cases, as the SDKs read either) and the credential URI the webhook injects (facts §4).
pub const PATH_ENV: &[&str] = &[
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "NO_PROXY",
    "no_proxy",
    super::CONTAINER_CREDENTIALS_ENV,
];

/// A node's name, labels and addresses.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct NodeInfo {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    /// `status.addresses[].address` of the InternalIP and ExternalIP kinds.
    pub addresses: Vec<String>,
}

/// What matters about one container for the credential path.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ContainerInfo {
    pub name: String,
    /// The `PATH_ENV` variables its spec sets: the value, or None when it comes from a
    /// ConfigMap, a Secret or a field (`valueFrom`), which doctor cannot read.
    pub env: BTreeMap<String, Option<String>>,
    /// Whether the spec has `envFrom` (variables doctor cannot see).
    pub env_from: bool,
    /// The command and arguments, in order.
    pub args: Vec<String>,
    pub restarts: i32,
    /// `state.waiting.reason` (CrashLoopBackOff, …).
    pub waiting: Option<String>,
    /// The messages of its current and last state (waiting, terminated), as the kubelet reports
    /// them (a terminated container's message is its termination log).
    pub messages: Vec<String>,
}

/// One Kubernetes event.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct EventInfo {
    /// `Kind/name` of the object it is about.
    pub object: String,
    pub reason: String,
    pub message: String,
    pub count: i32,
}

impl KubeContext {
    /// Every node, with its labels and addresses.
    pub async fn nodes(&self) -> Result<Vec<NodeInfo>, KubeError> {
        let api: Api<Node> = Api::all(self.client.clone());
        let mut nodes: Vec<NodeInfo> = all_pages(&api, "list nodes", None)
            .await?
            .into_iter()
            .map(|n| NodeInfo {
                name: n.metadata.name.unwrap_or_default(),
                labels: n.metadata.labels.unwrap_or_default(),
                addresses: n
                    .status
                    .and_then(|s| s.addresses)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|a| a.type_ == "InternalIP" || a.type_ == "ExternalIP")
                    .map(|a| a.address)
                    .collect(),
            })
            .collect();
        nodes.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(nodes)
    }

    /// The events of a namespace (core/v1).
    pub async fn events_in(&self, namespace: &str) -> Result<Vec<EventInfo>, KubeError> {
        let api: Api<Event> = Api::namespaced(self.client.clone(), namespace);
        Ok(
            all_pages(&api, &format!("list events in {namespace}"), None)
                .await?
                .into_iter()
                .map(|e| EventInfo {
                    object: format!(
                        "{}/{}",
                        e.involved_object.kind.unwrap_or_default(),
                        e.involved_object.name.unwrap_or_default()
                    ),
                    reason: e.reason.unwrap_or_default(),
                    message: e.message.unwrap_or_default(),
                    count: e.count.unwrap_or(1),
                })
                .collect(),
        )
    }
}

/// The node, start time and Ready time of a pod (RFC 3339, as the API gives them).
pub(super) fn placement(p: &Pod) -> (Option<String>, Option<String>, Option<String>) {
    let node = p.spec.as_ref().and_then(|s| s.node_name.clone());
    let status = p.status.as_ref();
    let started = status
        .and_then(|s| s.start_time.as_ref())
        .map(|t| t.0.to_string());
    let ready_since = status
        .and_then(|s| s.conditions.as_ref())
        .and_then(|c| c.iter().find(|c| c.type_ == "Ready" && c.status == "True"))
        .and_then(|c| c.last_transition_time.as_ref())
        .map(|t| t.0.to_string());
    (node, started, ready_since)
}

/// Each container of a pod with its variables, arguments and state.
pub(super) fn containers(p: &Pod) -> Vec<ContainerInfo> {
    let statuses: Vec<&ContainerStatus> = p
        .status
        .as_ref()
        .and_then(|s| s.container_statuses.as_ref())
        .map(|s| s.iter().collect())
        .unwrap_or_default();
    p.spec
        .as_ref()
        .map(|s| s.containers.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|c| container(c, statuses.iter().find(|s| s.name == c.name).copied()))
        .collect()
}

fn container(c: &Container, status: Option<&ContainerStatus>) -> ContainerInfo {
    let env = c
        .env
        .iter()
        .flatten()
        .filter(|e| PATH_ENV.contains(&e.name.as_str()))
        .map(|e| {
            let value = match (&e.value, &e.value_from) {
                (_, Some(_)) => None,
                (v, None) => Some(v.clone().unwrap_or_default()),
            };
            (e.name.clone(), value)
        })
        .collect();
    let mut out = ContainerInfo {
        name: c.name.clone(),
        env,
        env_from: c.env_from.as_ref().is_some_and(|e| !e.is_empty()),
        args: c
            .command
            .iter()
            .flatten()
            .chain(c.args.iter().flatten())
            .cloned()
            .collect(),
        ..ContainerInfo::default()
    };
    if let Some(s) = status {
        out.restarts = s.restart_count;
        let states = [s.state.as_ref(), s.last_state.as_ref()];
        for state in states.into_iter().flatten() {
            if let Some(w) = &state.waiting {
                out.messages.extend(w.message.clone());
            }
            if let Some(t) = &state.terminated {
                out.messages.extend(t.message.clone());
            }
        }
        out.waiting = s
            .state
            .as_ref()
            .and_then(|st| st.waiting.as_ref())
            .and_then(|w| w.reason.clone());
    }
    out
}
