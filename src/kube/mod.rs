//! The Kubernetes client layer (kube-rs with k8s-openapi types): a client from a kubeconfig and
//! context, and the reads and patches `migrate-irsa` and `doctor` need. Commands never build HTTP
//! requests themselves.

use std::collections::BTreeMap;
use std::path::PathBuf;

use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, StatefulSet};
use k8s_openapi::api::core::v1::{Node, Pod, PodSpec, ServiceAccount};
use kube::api::{Api, ListParams, ObjectList, Patch, PatchParams};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The IRSA annotation on a ServiceAccount (facts §5).
pub const ROLE_ARN_ANNOTATION: &str = "eks.amazonaws.com/role-arn";
/// The label Fargate puts on its pods.
pub const FARGATE_PROFILE_LABEL: &str = "eks.amazonaws.com/fargate-profile";
/// The variable the Pod Identity webhook injects.
pub const CONTAINER_CREDENTIALS_ENV: &str = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
/// What `kubectl rollout restart` sets on the pod template.
pub const RESTARTED_AT_ANNOTATION: &str = "kubectl.kubernetes.io/restartedAt";
/// Page size of list calls.
const PAGE: u32 = 500;

#[derive(Debug, thiserror::Error)]
pub enum KubeError {
    #[error("cannot read the kubeconfig{}: {message}", path.as_ref().map(|p| format!(" {}", p.display())).unwrap_or_default())]
    Config {
        path: Option<PathBuf>,
        message: String,
    },
    #[error("the Kubernetes API refused {action}: {message}")]
    Forbidden { action: String, message: String },
    #[error("{what} was not found in the cluster")]
    NotFound { what: String },
    #[error("the Kubernetes API failed {action}: {message}")]
    Api { action: String, message: String },
    #[error("could not reach the Kubernetes API for {action}: {message}")]
    Unreachable { action: String, message: String },
}

impl KubeError {
    pub fn hint(&self) -> String {
        match self {
            KubeError::Config { .. } => "give --kubeconfig and --context, or run `aws eks update-kubeconfig --name CLUSTER`".into(),
            KubeError::Forbidden { .. } => "the identity in the kubeconfig needs RBAC rights for this (check with `kubectl auth can-i`)".into(),
            KubeError::NotFound { .. } => "check the namespace and name with kubectl".into(),
            KubeError::Api { .. } => "run it again; if it persists, check the API server".into(),
            KubeError::Unreachable { .. } => "check the cluster endpoint in the kubeconfig and the network".into(),
        }
    }

    fn from_kube(action: &str, err: kube::Error) -> Self {
        match err {
            kube::Error::Api(status) if status.code == 401 || status.code == 403 => {
                KubeError::Forbidden {
                    action: action.into(),
                    message: status.message,
                }
            }
            kube::Error::Api(status) if status.code == 404 => KubeError::NotFound {
                what: action.trim_start_matches("get ").to_string(),
            },
            kube::Error::Api(status) => KubeError::Api {
                action: action.into(),
                message: format!("{} ({})", status.message, status.code),
            },
            other @ (kube::Error::HyperError(_) | kube::Error::Service(_)) => {
                KubeError::Unreachable {
                    action: action.into(),
                    message: other.to_string(),
                }
            }
            other => KubeError::Api {
                action: action.into(),
                message: other.to_string(),
            },
        }
    }
}

/// Where the kubeconfig comes from.
#[derive(Clone, Debug, Default)]
pub struct KubeSettings {
    /// An explicit file; otherwise KUBECONFIG, then ~/.kube/config.
    pub kubeconfig: Option<PathBuf>,
    pub context: Option<String>,
}

/// A connected client.
#[derive(Clone)]
pub struct KubeContext {
    client: kube::Client,
    server: String,
}

/// A ServiceAccount and its annotations.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ServiceAccountInfo {
    pub namespace: String,
    pub name: String,
    pub annotations: BTreeMap<String, String>,
}

/// A DaemonSet's rollout, from its status.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct DaemonSetStatus {
    pub desired: i32,
    pub ready: i32,
    pub unavailable: i32,
}

/// A ServiceAccount with an IRSA annotation.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct IrsaServiceAccount {
    pub namespace: String,
    pub name: String,
    pub role_arn: String,
    /// Every annotation, for backups.
    pub annotations: BTreeMap<String, String>,
}

/// What matters about a pod for Pod Identity.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PodInfo {
    pub namespace: String,
    pub name: String,
    pub service_account: String,
    pub fargate: bool,
    /// Whether any container has AWS_CONTAINER_CREDENTIALS_FULL_URI (Pod Identity injected).
    pub pod_identity_injected: bool,
    pub created: Option<String>,
    /// `Kind/name` of the controller (ReplicaSet, StatefulSet, DaemonSet…), if any.
    pub owner: Option<String>,
    /// `Kind/name` of the workload to restart: the Deployment of a ReplicaSet (from the
    /// `pod-template-hash` label), else the owner.
    pub workload: Option<String>,
}

/// The Deployment behind a ReplicaSet-owned pod: the ReplicaSet is named `DEPLOYMENT-HASH`.
fn workload_of(owner: Option<&str>, template_hash: Option<&str>) -> Option<String> {
    let owner = owner?;
    if let (Some(rs), Some(hash)) = (owner.strip_prefix("ReplicaSet/"), template_hash)
        && let Some(deployment) = rs.strip_suffix(hash).and_then(|d| d.strip_suffix('-'))
    {
        return Some(format!("Deployment/{deployment}"));
    }
    Some(owner.to_string())
}

async fn all_pages<K>(
    api: &Api<K>,
    action: &str,
    selector: Option<&str>,
) -> Result<Vec<K>, KubeError>
where
    K: kube::Resource + Clone + DeserializeOwned + std::fmt::Debug,
{
    let mut items = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut params = ListParams::default().limit(PAGE);
        if let Some(t) = &token {
            params = params.continue_token(t);
        }
        if let Some(s) = selector {
            params = params.labels(s);
        }
        let page: ObjectList<K> = api
            .list(&params)
            .await
            .map_err(|e| KubeError::from_kube(action, e))?;
        items.extend(page.items);
        token = page.metadata.continue_.filter(|t| !t.is_empty());
        if token.is_none() {
            return Ok(items);
        }
    }
}

fn injected(spec: Option<&PodSpec>) -> bool {
    spec.is_some_and(|s| {
        s.containers.iter().any(|c| {
            c.env
                .as_ref()
                .is_some_and(|env| env.iter().any(|e| e.name == CONTAINER_CREDENTIALS_ENV))
        })
    })
}

impl KubeContext {
    /// Connects from a kubeconfig (no call is made until the first request).
    pub async fn connect(settings: &KubeSettings) -> Result<Self, KubeError> {
        let options = kube::config::KubeConfigOptions {
            context: settings.context.clone(),
            cluster: None,
            user: None,
        };
        let config = match &settings.kubeconfig {
            Some(path) => {
                let kubeconfig =
                    kube::config::Kubeconfig::read_from(path).map_err(|e| KubeError::Config {
                        path: Some(path.clone()),
                        message: e.to_string(),
                    })?;
                kube::Config::from_custom_kubeconfig(kubeconfig, &options).await
            }
            None => kube::Config::from_kubeconfig(&options).await,
        }
        .map_err(|e| KubeError::Config {
            path: settings.kubeconfig.clone(),
            message: e.to_string(),
        })?;
        let server = config.cluster_url.to_string();
        let client = kube::Client::try_from(config).map_err(|e| KubeError::Config {
            path: settings.kubeconfig.clone(),
            message: e.to_string(),
        })?;
        Ok(KubeContext { client, server })
    }

    /// Connects to an EKS cluster's API server directly: its endpoint and CA (base64 PEM, as
    /// DescribeCluster gives them) and an EKS bearer token. For clusters no kubeconfig context
    /// points at.
    pub async fn connect_eks(
        endpoint: &str,
        ca_data: &str,
        token: &str,
    ) -> Result<Self, KubeError> {
        let yaml = serde_json::json!({
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "eks", "cluster": {"server": endpoint, "certificate-authority-data": ca_data}}],
            "users": [{"name": "eks", "user": {"token": token}}],
            "contexts": [{"name": "eks", "context": {"cluster": "eks", "user": "eks"}}],
            "current-context": "eks",
        });
        let kubeconfig = kube::config::Kubeconfig::from_yaml(&yaml.to_string()).map_err(|e| {
            KubeError::Config {
                path: None,
                message: format!("the cluster's endpoint or CA cannot be used: {e}"),
            }
        })?;
        let config = kube::Config::from_custom_kubeconfig(
            kubeconfig,
            &kube::config::KubeConfigOptions::default(),
        )
        .await
        .map_err(|e| KubeError::Config {
            path: None,
            message: format!("the cluster's endpoint or CA cannot be used: {e}"),
        })?;
        let server = config.cluster_url.to_string();
        let client = kube::Client::try_from(config).map_err(|e| KubeError::Config {
            path: None,
            message: e.to_string(),
        })?;
        Ok(KubeContext { client, server })
    }

    /// The context of the kubeconfig (the file given, else KUBECONFIG or ~/.kube/config) whose
    /// cluster's server is `endpoint`, if any.
    pub fn context_for_endpoint(
        kubeconfig: Option<&std::path::Path>,
        endpoint: &str,
    ) -> Option<String> {
        let config = match kubeconfig {
            Some(path) => kube::config::Kubeconfig::read_from(path).ok()?,
            None => kube::config::Kubeconfig::read().ok()?,
        };
        let wanted = endpoint.trim_end_matches('/');
        let cluster = config.clusters.iter().find(|c| {
            c.cluster
                .as_ref()
                .and_then(|c| c.server.as_deref())
                .is_some_and(|s| s.trim_end_matches('/') == wanted)
        })?;
        config
            .contexts
            .iter()
            .find(|c| {
                c.context
                    .as_ref()
                    .is_some_and(|ctx| ctx.cluster == cluster.name)
            })
            .map(|c| c.name.clone())
    }

    /// The API server URL the client talks to.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// Every ServiceAccount with the IRSA annotation, in the namespaces given (all when empty).
    pub async fn irsa_service_accounts(
        &self,
        namespaces: &[String],
    ) -> Result<Vec<IrsaServiceAccount>, KubeError> {
        Ok(self
            .service_accounts(namespaces)
            .await?
            .into_iter()
            .filter_map(|sa| {
                let role_arn = sa.annotations.get(ROLE_ARN_ANNOTATION)?.clone();
                Some(IrsaServiceAccount {
                    namespace: sa.namespace,
                    name: sa.name,
                    role_arn,
                    annotations: sa.annotations,
                })
            })
            .collect())
    }

    /// Every ServiceAccount in the namespaces given (all when empty), sorted.
    pub async fn service_accounts(
        &self,
        namespaces: &[String],
    ) -> Result<Vec<ServiceAccountInfo>, KubeError> {
        let mut accounts = Vec::new();
        let apis: Vec<Api<ServiceAccount>> = if namespaces.is_empty() {
            vec![Api::all(self.client.clone())]
        } else {
            namespaces
                .iter()
                .map(|ns| Api::namespaced(self.client.clone(), ns))
                .collect()
        };
        for api in apis {
            for sa in all_pages(&api, "list serviceaccounts", None).await? {
                accounts.push(ServiceAccountInfo {
                    namespace: sa.metadata.namespace.clone().unwrap_or_default(),
                    name: sa.metadata.name.clone().unwrap_or_default(),
                    annotations: sa
                        .metadata
                        .annotations
                        .clone()
                        .unwrap_or_default()
                        .into_iter()
                        .collect(),
                });
            }
        }
        accounts.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
        Ok(accounts)
    }

    /// A DaemonSet's status, or None when it does not exist.
    pub async fn daemon_set_status(
        &self,
        namespace: &str,
        name: &str,
    ) -> Result<Option<DaemonSetStatus>, KubeError> {
        let api: Api<DaemonSet> = Api::namespaced(self.client.clone(), namespace);
        let ds = api
            .get_opt(name)
            .await
            .map_err(|e| KubeError::from_kube(&format!("get daemonset {namespace}/{name}"), e))?;
        Ok(ds.map(|ds| {
            let status = ds.status.unwrap_or_default();
            DaemonSetStatus {
                desired: status.desired_number_scheduled,
                ready: status.number_ready,
                unavailable: status.number_unavailable.unwrap_or(0),
            }
        }))
    }

    /// Names of the nodes labelled `kubernetes.io/os=windows`.
    pub async fn windows_nodes(&self) -> Result<Vec<String>, KubeError> {
        let api: Api<Node> = Api::all(self.client.clone());
        Ok(
            all_pages(&api, "list nodes", Some("kubernetes.io/os=windows"))
                .await?
                .into_iter()
                .filter_map(|n| n.metadata.name)
                .collect(),
        )
    }

    /// Sets (Some) or removes (None) annotations of a ServiceAccount with a merge patch.
    pub async fn annotate_service_account(
        &self,
        namespace: &str,
        name: &str,
        changes: &BTreeMap<String, Option<String>>,
    ) -> Result<(), KubeError> {
        let api: Api<ServiceAccount> = Api::namespaced(self.client.clone(), namespace);
        let patch = serde_json::json!({"metadata": {"annotations": changes}});
        api.patch(name, &PatchParams::default(), &Patch::Merge(&patch))
            .await
            .map_err(|e| {
                KubeError::from_kube(&format!("patch serviceaccount {namespace}/{name}"), e)
            })?;
        Ok(())
    }

    /// The pods of a namespace that run as a service account.
    pub async fn pods_of(
        &self,
        namespace: &str,
        service_account: &str,
    ) -> Result<Vec<PodInfo>, KubeError> {
        let mut pods = self.pods_in(namespace).await?;
        pods.retain(|p| p.service_account == service_account);
        Ok(pods)
    }

    /// Every pod of a namespace (one paged list), with the service account each runs as.
    pub async fn pods_in(&self, namespace: &str) -> Result<Vec<PodInfo>, KubeError> {
        let api: Api<Pod> = Api::namespaced(self.client.clone(), namespace);
        let pods = all_pages(&api, &format!("list pods in {namespace}"), None).await?;
        Ok(pods
            .into_iter()
            .map(|p| {
                let owner = p
                    .metadata
                    .owner_references
                    .as_ref()
                    .and_then(|o| o.first())
                    .map(|o| format!("{}/{}", o.kind, o.name));
                PodInfo {
                    namespace: namespace.to_string(),
                    name: p.metadata.name.clone().unwrap_or_default(),
                    service_account: p
                        .spec
                        .as_ref()
                        .and_then(|s| s.service_account_name.clone())
                        .unwrap_or_else(|| "default".into()),
                    fargate: p
                        .metadata
                        .labels
                        .as_ref()
                        .is_some_and(|l| l.contains_key(FARGATE_PROFILE_LABEL)),
                    pod_identity_injected: injected(p.spec.as_ref()),
                    created: p
                        .metadata
                        .creation_timestamp
                        .as_ref()
                        .map(|t| t.0.to_string()),
                    workload: workload_of(
                        owner.as_deref(),
                        p.metadata
                            .labels
                            .as_ref()
                            .and_then(|l| l.get("pod-template-hash"))
                            .map(String::as_str),
                    ),
                    owner,
                }
            })
            .collect())
    }

    /// Restarts (as `kubectl rollout restart`) the Deployments, StatefulSets and DaemonSets of a
    /// namespace whose pods run as the service account. Returns `Kind/name` of each.
    pub async fn restart_workloads(
        &self,
        namespace: &str,
        service_account: &str,
        at: &str,
    ) -> Result<Vec<String>, KubeError> {
        let mut restarted = Vec::new();
        restarted.extend(
            self.restart::<Deployment>(namespace, service_account, at, "Deployment", |d| {
                d.spec.template.spec.clone()
            })
            .await?,
        );
        restarted.extend(
            self.restart::<StatefulSet>(namespace, service_account, at, "StatefulSet", |d| {
                d.spec.template.spec.clone()
            })
            .await?,
        );
        restarted.extend(
            self.restart::<DaemonSet>(namespace, service_account, at, "DaemonSet", |d| {
                d.spec.template.spec.clone()
            })
            .await?,
        );
        Ok(restarted)
    }

    async fn restart<K>(
        &self,
        namespace: &str,
        service_account: &str,
        at: &str,
        kind: &str,
        pod_spec: impl Fn(&K) -> Option<PodSpec>,
    ) -> Result<Vec<String>, KubeError>
    where
        K: kube::Resource<Scope = kube::core::NamespaceResourceScope, DynamicType = ()>
            + Clone
            + DeserializeOwned
            + std::fmt::Debug,
    {
        let api: Api<K> = Api::namespaced(self.client.clone(), namespace);
        let mut done = Vec::new();
        for workload in all_pages(&api, &format!("list {kind}s in {namespace}"), None).await? {
            let uses = pod_spec(&workload)
                .and_then(|s| s.service_account_name)
                .unwrap_or_else(|| "default".into())
                == service_account;
            if !uses {
                continue;
            }
            let name = workload.meta().name.clone().unwrap_or_default();
            let patch = serde_json::json!({"spec": {"template": {"metadata": {"annotations": {RESTARTED_AT_ANNOTATION: at}}}}});
            api.patch(&name, &PatchParams::default(), &Patch::Merge(&patch))
                .await
                .map_err(|e| {
                    KubeError::from_kube(&format!("restart {kind} {namespace}/{name}"), e)
                })?;
            done.push(format!("{kind}/{name}"));
        }
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn workload_of_a_replica_set_pod_is_its_deployment() {
        assert_eq!(
            super::workload_of(Some("ReplicaSet/web-7d9f8b6c5"), Some("7d9f8b6c5")).as_deref(),
            Some("Deployment/web")
        );
        assert_eq!(
            super::workload_of(Some("ReplicaSet/web-x"), None).as_deref(),
            Some("ReplicaSet/web-x")
        );
        assert_eq!(
            super::workload_of(Some("StatefulSet/db"), None).as_deref(),
            Some("StatefulSet/db")
        );
        assert_eq!(super::workload_of(None, Some("x")), None);
    }
}
