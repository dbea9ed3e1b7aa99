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

use crate::chain::chain_text;

mod node;
pub use node::{ContainerInfo, EventInfo, NodeInfo, PATH_ENV};

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

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
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

/// Error text from kube-rs or the kubeconfig, with what must never reach a terminal or a log cut
/// out: credentials in URLs (a proxy's `user:password@`), the output of exec credential plugins
/// (it may hold a token), PEM blocks, quoted fragments of the kubeconfig, and Debug dumps.
pub fn scrub(text: &str) -> String {
    let mut out = redact_url_credentials(text);
    // kube-rs prints an exec plugin's whole Output (stdout with the token) after the status.
    for marker in [
        ": Output {",
        " Output {",
        "-----BEGIN",
        " (Status {",
        " (ErrorResponse {",
    ] {
        if let Some(i) = out.find(marker) {
            out.truncate(i);
            if marker == ": Output {" || marker == " Output {" {
                out.push_str(" (the plugin's output is not shown: it may hold credentials; run the command yourself to see it)");
            }
        }
    }
    // serde_yaml quotes the offending value; a kubeconfig's values include tokens and keys.
    let mut clean = String::with_capacity(out.len());
    let mut in_quote = false;
    for c in out.chars() {
        if c == '"' {
            if !in_quote {
                clean.push_str("\"…\"");
            }
            in_quote = !in_quote;
        } else if !in_quote {
            clean.push(c);
        }
    }
    clean
}

/// `scheme://user:password@host` → `scheme://***@host`, wherever it appears in the text.
fn redact_url_credentials(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        out.push_str(&rest[..i + 3]);
        rest = &rest[i + 3..];
        let end = rest
            .find(|c: char| {
                c == '/' || c == '?' || c == '#' || c.is_whitespace() || c == '"' || c == '\''
            })
            .unwrap_or(rest.len());
        if let Some(at) = rest[..end].rfind('@') {
            out.push_str("***@");
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
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
                    message: scrub(&status.message),
                }
            }
            kube::Error::Api(status) if status.code == 404 => KubeError::NotFound {
                what: action.trim_start_matches("get ").to_string(),
            },
            kube::Error::Api(status) => KubeError::Api {
                action: action.into(),
                message: format!("{} ({})", scrub(&status.message), status.code),
            },
            other @ (kube::Error::HyperError(_) | kube::Error::Service(_)) => {
                KubeError::Unreachable {
                    action: action.into(),
                    message: scrub(&chain_text(&other)),
                }
            }
            other => KubeError::Api {
                action: action.into(),
                message: scrub(&chain_text(&other)),
            },
        }
    }
}

/// Where the kubeconfig comes from.
#[derive(Clone, Debug)]
pub struct KubeSettings {
    /// An explicit file; otherwise KUBECONFIG, then ~/.kube/config.
    pub kubeconfig: Option<PathBuf>,
    pub context: Option<String>,
    /// For connecting and for each request (`--kube-timeout`).
    pub timeout: std::time::Duration,
}

/// Whether the kubeconfig's cluster for the context (the current one when None) sets
/// `proxy-url` itself (then NO_PROXY does not apply, as with kubectl).
fn explicit_proxy(config: &kube::config::Kubeconfig, context: Option<&str>) -> bool {
    let name = context.or(config.current_context.as_deref());
    let cluster = config
        .contexts
        .iter()
        .find(|c| Some(c.name.as_str()) == name)
        .and_then(|c| c.context.as_ref())
        .map(|c| c.cluster.clone());
    config
        .clusters
        .iter()
        .find(|c| Some(&c.name) == cluster.as_ref())
        .and_then(|c| c.cluster.as_ref())
        .is_some_and(|c| c.proxy_url.as_deref().is_some_and(|p| !p.is_empty()))
}

/// A connected client.
#[derive(Clone)]
pub struct KubeContext {
    client: kube::Client,
    server: String,
    /// The kubeconfig turned certificate checks off (`insecure-skip-tls-verify`).
    insecure: bool,
}

/// Timeouts, and the proxy as kubectl chooses it: the kubeconfig's `proxy-url`, else
/// HTTPS_PROXY, unless NO_PROXY names the API server's host (kube-rs checks NO_PROXY against
/// the proxy's own address instead).
fn finish_config(config: &mut kube::Config, explicit_proxy: bool, timeout: std::time::Duration) {
    config.connect_timeout = Some(timeout);
    config.read_timeout = Some(timeout);
    config.write_timeout = Some(timeout);
    if !explicit_proxy && config.proxy_url.is_some() {
        let host = config.cluster_url.host().unwrap_or_default().to_string();
        if no_proxy_matches(&host) {
            config.proxy_url = None;
        }
    }
}

/// Whether NO_PROXY (or no_proxy) covers the host: `*`, an exact name or address, or a domain
/// suffix (`.example.com` or `example.com` matches `api.example.com`).
fn no_proxy_matches(host: &str) -> bool {
    let list = std::env::var("NO_PROXY")
        .ok()
        .filter(|v| !v.is_empty())
        .or_else(|| std::env::var("no_proxy").ok())
        .unwrap_or_default();
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    list.split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .any(|entry| {
            let entry = entry.to_ascii_lowercase();
            let entry = entry.split(':').next().unwrap_or_default();
            entry == "*"
                || host == entry.trim_start_matches('.')
                || host.ends_with(&format!(".{}", entry.trim_start_matches('.')))
        })
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
    /// Whether any container has AWS_WEB_IDENTITY_TOKEN_FILE (IRSA's webhook injected it).
    pub irsa_injected: bool,
    pub created: Option<String>,
    /// `Kind/name` of the controller (ReplicaSet, StatefulSet, DaemonSet…), if any.
    pub owner: Option<String>,
    /// `Kind/name` of the workload to restart: the Deployment of a ReplicaSet (from the
    /// `pod-template-hash` label), else the owner.
    pub workload: Option<String>,
    /// The node it is scheduled on (`spec.nodeName`).
    #[serde(skip)]
    pub node: Option<String>,
    /// When the kubelet started it (`status.startTime`).
    #[serde(skip)]
    pub started: Option<String>,
    /// When its Ready condition last turned True, if it is Ready.
    #[serde(skip)]
    pub ready_since: Option<String>,
    /// Its containers, for the node checks.
    #[serde(skip)]
    pub containers: Vec<ContainerInfo>,
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

/// Runs one Kubernetes call and logs it (`-v`): what, the result, the latency.
async fn logged<T>(
    action: &str,
    call: impl std::future::Future<Output = Result<T, kube::Error>>,
) -> Result<T, kube::Error> {
    let start = std::time::Instant::now();
    let result = call.await;
    if tracing::enabled!(target: "epi::kube", tracing::Level::INFO) {
        let outcome = match &result {
            Ok(_) => "ok".to_string(),
            Err(kube::Error::Api(status)) => format!("HTTP {} {}", status.code, status.reason),
            Err(_) => "failed".to_string(),
        };
        tracing::info!(
            target: "epi::kube",
            "{action} -> {outcome} in {} ms",
            start.elapsed().as_millis()
        );
    }
    result
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
        let page: ObjectList<K> = logged(action, api.list(&params))
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
    has_env(spec, CONTAINER_CREDENTIALS_ENV)
}

/// IRSA's variable: the web identity token the SDKs exchange for the role's credentials (EKS
/// User Guide, "IAM roles for service accounts": the webhook adds `AWS_ROLE_ARN` and
/// `AWS_WEB_IDENTITY_TOKEN_FILE`).
pub const WEB_IDENTITY_TOKEN_ENV: &str = "AWS_WEB_IDENTITY_TOKEN_FILE";

fn has_env(spec: Option<&PodSpec>, name: &str) -> bool {
    spec.is_some_and(|s| {
        s.containers.iter().any(|c| {
            c.env
                .as_ref()
                .is_some_and(|env| env.iter().any(|e| e.name == name))
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
        let config_error = |e: &(dyn std::error::Error + 'static)| KubeError::Config {
            path: settings.kubeconfig.clone(),
            message: scrub(&chain_text(e)),
        };
        let kubeconfig = match &settings.kubeconfig {
            Some(path) => kube::config::Kubeconfig::read_from(path),
            None => kube::config::Kubeconfig::read(),
        }
        .map_err(|e| config_error(&e))?;
        let explicit_proxy = explicit_proxy(&kubeconfig, settings.context.as_deref());
        let mut config = kube::Config::from_custom_kubeconfig(kubeconfig, &options)
            .await
            .map_err(|e| config_error(&e))?;
        finish_config(&mut config, explicit_proxy, settings.timeout);
        let server = config.cluster_url.to_string();
        let insecure = config.accept_invalid_certs;
        let client = kube::Client::try_from(config).map_err(|e| config_error(&e))?;
        Ok(KubeContext {
            client,
            server,
            insecure,
        })
    }

    /// Whether the kubeconfig turns certificate checks off for this cluster.
    pub fn insecure(&self) -> bool {
        self.insecure
    }

    /// Connects to an EKS cluster's API server directly: its endpoint and CA (base64 PEM, as
    /// DescribeCluster gives them) and an EKS bearer token. For clusters no kubeconfig context
    /// points at.
    pub async fn connect_eks(
        endpoint: &str,
        ca_data: &str,
        token: &str,
        timeout: std::time::Duration,
    ) -> Result<Self, KubeError> {
        if !endpoint.to_ascii_lowercase().starts_with("https://") {
            // A bearer token over plain HTTP is readable by anyone on the path, and it is good
            // for the whole cluster for 15 minutes.
            return Err(KubeError::Config {
                path: None,
                message: format!(
                    "refusing to send an EKS bearer token to {}: it is not an https:// endpoint",
                    redact_url_credentials(endpoint)
                ),
            });
        }
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
                message: format!(
                    "the cluster's endpoint or CA cannot be used: {}",
                    scrub(&chain_text(&e))
                ),
            }
        })?;
        let config = kube::Config::from_custom_kubeconfig(
            kubeconfig,
            &kube::config::KubeConfigOptions::default(),
        )
        .await
        .map_err(|e| KubeError::Config {
            path: None,
            message: format!(
                "the cluster's endpoint or CA cannot be used: {}",
                scrub(&chain_text(&e))
            ),
        })?;
        let mut config = config;
        finish_config(&mut config, false, timeout);
        let server = config.cluster_url.to_string();
        let client = kube::Client::try_from(config).map_err(|e| KubeError::Config {
            path: None,
            message: scrub(&chain_text(&e)),
        })?;
        Ok(KubeContext {
            client,
            server,
            insecure: false,
        })
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

    /// Every namespace with its labels (all pages), sorted by name.
    pub async fn namespaces(
        &self,
    ) -> Result<Vec<(String, std::collections::BTreeMap<String, String>)>, KubeError> {
        let api: Api<k8s_openapi::api::core::v1::Namespace> = Api::all(self.client.clone());
        let mut out: Vec<(String, std::collections::BTreeMap<String, String>)> =
            all_pages(&api, "list namespaces", None)
                .await?
                .into_iter()
                .map(|ns| {
                    (
                        ns.metadata.name.unwrap_or_default(),
                        ns.metadata.labels.unwrap_or_default().into_iter().collect(),
                    )
                })
                .collect();
        out.sort();
        Ok(out)
    }

    /// A DaemonSet's status, or None when it does not exist.
    pub async fn daemon_set_status(
        &self,
        namespace: &str,
        name: &str,
    ) -> Result<Option<DaemonSetStatus>, KubeError> {
        let api: Api<DaemonSet> = Api::namespaced(self.client.clone(), namespace);
        let action = format!("get daemonset {namespace}/{name}");
        let ds = logged(&action, api.get_opt(name))
            .await
            .map_err(|e| KubeError::from_kube(&action, e))?;
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
        let action = format!("patch serviceaccount {namespace}/{name}");
        logged(
            &action,
            api.patch(name, &PatchParams::default(), &Patch::Merge(&patch)),
        )
        .await
        .map_err(|e| KubeError::from_kube(&action, e))?;
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
                let (node, started, ready_since) = node::placement(&p);
                let containers = node::containers(&p);
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
                    irsa_injected: has_env(p.spec.as_ref(), WEB_IDENTITY_TOKEN_ENV),
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
                    node,
                    started,
                    ready_since,
                    containers,
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
            let action = format!("restart {kind} {namespace}/{name}");
            logged(
                &action,
                api.patch(&name, &PatchParams::default(), &Patch::Merge(&patch)),
            )
            .await
            .map_err(|e| KubeError::from_kube(&action, e))?;
            done.push(format!("{kind}/{name}"));
        }
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    use super::{no_proxy_matches, scrub};

    #[test]
    fn scrub_removes_credentials_plugin_output_and_quoted_values() {
        let proxy = scrub(
            "configured proxy http://alice:s3cret@proxy.local:3128/ requires the disabled feature",
        );
        assert!(
            !proxy.contains("s3cret") && proxy.contains("http://***@proxy.local:3128/"),
            "{proxy}"
        );
        let exec = scrub(
            "auth error: auth exec command 'aws' failed with status exit status: 1: Output { status: ExitStatus(1), stdout: \"{\\\"token\\\":\\\"k8s-aws-v1.SECRET\\\"}\", stderr: \"\" }",
        );
        assert!(
            !exec.contains("SECRET") && exec.contains("not shown"),
            "{exec}"
        );
        let yaml = scrub(
            "failed to parse kubeconfig YAML: users[0].user.token: invalid type: map, expected \"tok-SECRET\" at line 3 column 5",
        );
        assert!(
            !yaml.contains("tok-SECRET") && yaml.contains("line 3 column 5"),
            "{yaml}"
        );
        let pem = scrub("failed to load client key: -----BEGIN PRIVATE KEY-----\nMIIE");
        assert!(!pem.contains("MIIE"), "{pem}");
    }

    #[test]
    fn no_proxy_matches_hosts_and_domain_suffixes() {
        // SAFETY: only this test reads or writes these variables in this process.
        unsafe {
            std::env::set_var(
                "NO_PROXY",
                "localhost,.internal.example, 10.0.0.1 ,corp.example:443",
            );
        }
        assert!(no_proxy_matches("localhost"));
        assert!(no_proxy_matches("api.internal.example"));
        assert!(no_proxy_matches("10.0.0.1"));
        assert!(no_proxy_matches("eks.corp.example"));
        assert!(!no_proxy_matches("example.com"));
        assert!(!no_proxy_matches("notinternal.example"));
        unsafe {
            std::env::remove_var("NO_PROXY");
        }
    }

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
