//! Trust policy changes in one vocabulary: a [`TrustGrant`] is a service account a role's trust
//! must admit (what the declarative planner's grants and `--fix-trust` add), a [`TrustAddition`]
//! one statement a command adds (a grant, an add-on's service accounts, a target role's trust),
//! and a [`TrustUndo`] what a rollback takes back.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::policy::trust::{self, PodIdentityRequest, Verdict};

/// A service account a role's trust must admit: the one vocabulary of the declarative planner's
/// grants and of the statement `--fix-trust` adds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrustGrant {
    pub namespace: String,
    pub service_account: String,
    /// false: an unscoped statement (`trust: {unscoped: true}`, or `--allow-unscoped-trust`
    /// with session tags off, where no request tag could scope it).
    pub scoped: bool,
    /// The association sends session tags, so the statement grants sts:TagSession too. Off (an
    /// association with session tags disabled) the statement grants sts:AssumeRole alone, and
    /// nothing more than was asked.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub session_tags: bool,
    /// Scoped to the cluster too (`aws:RequestTag/eks-cluster-arn`), as epi writes for files: the
    /// same namespace and service account in another cluster of the account cannot use the role
    /// (#32). Only with `scoped` and session tags (the tag exists only then).
    #[serde(default, skip_serializing_if = "is_false")]
    pub per_cluster: bool,
    /// Also takes the service account out of the statement epi wrote for it earlier without a
    /// cluster (trust drift: it admitted the service account of every cluster). Planned only
    /// when no association of another cluster is proved to rely on that statement.
    #[serde(default, skip_serializing_if = "is_false")]
    pub narrows: bool,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl TrustGrant {
    /// A grant for a service account with session tags on (scoped) or off (unscoped, sts:AssumeRole
    /// alone).
    pub fn for_association(namespace: &str, service_account: &str, session_tags: bool) -> Self {
        TrustGrant {
            namespace: namespace.to_string(),
            service_account: service_account.to_string(),
            scoped: session_tags,
            session_tags,
            per_cluster: false,
            narrows: false,
        }
    }

    /// The unscoped statements (principal `pods.eks.amazonaws.com`, no condition) as one grant:
    /// what [`super::Change::RemoveTrustGrants`] takes out when the files need none.
    pub fn unscoped() -> Self {
        TrustGrant {
            namespace: String::new(),
            service_account: String::new(),
            scoped: false,
            session_tags: true,
            per_cluster: false,
            narrows: false,
        }
    }

    /// Whether the statement it writes names the cluster.
    fn cluster_scoped(&self) -> bool {
        self.per_cluster && self.scoped && self.session_tags
    }

    fn request<'a>(&'a self, cluster: &'a str, cluster_arn: &'a str) -> PodIdentityRequest<'a> {
        PodIdentityRequest {
            cluster_name: cluster,
            cluster_arn,
            namespace: &self.namespace,
            service_account: &self.service_account,
            session_tags: self.scoped && self.session_tags,
        }
    }

    /// Whether a trust policy already admits the grant (a cluster-scoped grant: without the
    /// statements epi wrote with no cluster, and, when it narrows, with none of them left naming
    /// the service account).
    pub fn admitted_by(&self, doc: &Value, cluster: &str, cluster_arn: &str) -> bool {
        if self.cluster_scoped() {
            let pair = (self.namespace.clone(), self.service_account.clone());
            if self.narrows && trust::cluster_less_pairs(doc).contains(&pair) {
                return false;
            }
            return matches!(
                trust::admits(
                    &trust::without_cluster_less_statements(doc),
                    &self.request(cluster, cluster_arn)
                ),
                Verdict::Admits
            );
        }
        if !self.scoped && self.session_tags {
            // An unscoped grant is held by an Allow for pods.eks.amazonaws.com of both actions
            // with no condition (what `trust: {unscoped: true}` writes).
            return crate::policy::statements(doc).iter().any(|st| {
                let has = |field: &str, value: &str| {
                    st.get(field)
                        .is_some_and(|v| crate::policy::string_values(v).contains(&value))
                };
                st.get("Effect").and_then(Value::as_str) == Some("Allow")
                    && st.get("Condition").is_none()
                    && st
                        .get("Principal")
                        .and_then(|p| p.get("Service"))
                        .is_some_and(|s| {
                            crate::policy::string_values(s)
                                .contains(&crate::policy::tags::PODS_PRINCIPAL)
                        })
                    && has("Action", "sts:AssumeRole")
                    && has("Action", "sts:TagSession")
            });
        }
        matches!(
            trust::admits(doc, &self.request(cluster, cluster_arn)),
            Verdict::Admits
        )
    }

    /// The trust policy with the grant's statement added (every other statement kept).
    pub fn added_to(&self, doc: &Value, cluster: &str, cluster_arn: &str) -> Value {
        if self.cluster_scoped() {
            let pair = [(self.namespace.clone(), self.service_account.clone())];
            let doc = if self.narrows {
                trust::without_cluster_less_service_accounts(doc, &pair)
            } else {
                doc.clone()
            };
            if matches!(
                trust::admits(
                    &trust::without_cluster_less_statements(&doc),
                    &self.request(cluster, cluster_arn)
                ),
                Verdict::Admits
            ) {
                return doc;
            }
            return trust::with_cluster_pod_identity_statement(
                &doc,
                &self.request(cluster, cluster_arn),
            );
        }
        if self.scoped || !self.session_tags {
            trust::with_pod_identity_statement(doc, &self.request(cluster, cluster_arn))
        } else {
            trust::with_scoped_statement(
                doc,
                &trust::Scope::default(),
                &["sts:AssumeRole", "sts:TagSession"],
            )
        }
    }
}

/// A statement a command adds to a role's trust policy, other than a file's grants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "for", rename_all = "kebab-case")]
pub enum TrustAddition {
    /// Pod Identity for one service account (`--fix-trust`): scoped to it by request tags, or,
    /// with session tags off, the unscoped statement the user allowed.
    ServiceAccount(TrustGrant),
    /// Pod Identity for an add-on's service accounts, scoped to them in whatever namespace EKS
    /// runs the add-on.
    Addon { service_accounts: Vec<String> },
    /// A cross-account target role's trust in the association role (`statements`, with the
    /// external id EKS chose), for the association's namespace and service account.
    Target {
        namespace: String,
        service_account: String,
        session_tags: bool,
        source_role_arn: String,
        external_id: Option<String>,
        statements: Value,
    },
}

impl TrustAddition {
    /// Whether `doc` already admits what this addition is for.
    pub fn holds(&self, doc: &Value, cluster: &str, cluster_arn: &str) -> bool {
        match self {
            TrustAddition::ServiceAccount(grant) => grant.admitted_by(doc, cluster, cluster_arn),
            TrustAddition::Addon { service_accounts } => service_accounts.iter().all(|sa| {
                matches!(
                    trust::admits(
                        doc,
                        &PodIdentityRequest {
                            cluster_name: cluster,
                            cluster_arn,
                            namespace: "kube-system",
                            service_account: sa,
                            session_tags: true,
                        }
                    ),
                    Verdict::Admits
                )
            }),
            TrustAddition::Target {
                namespace,
                service_account,
                session_tags,
                source_role_arn,
                external_id,
                ..
            } => matches!(
                trust::target_admits(
                    doc,
                    &PodIdentityRequest {
                        cluster_name: cluster,
                        cluster_arn,
                        namespace,
                        service_account,
                        session_tags: *session_tags,
                    },
                    source_role_arn,
                    external_id.as_deref(),
                ),
                Verdict::Admits
            ),
        }
    }

    /// `doc` with the addition made (every other statement kept).
    pub fn apply(&self, doc: &Value, cluster: &str, cluster_arn: &str) -> Value {
        match self {
            TrustAddition::ServiceAccount(grant) => grant.added_to(doc, cluster, cluster_arn),
            TrustAddition::Addon { service_accounts } => trust::with_scoped_statement(
                doc,
                &trust::Scope {
                    service_accounts: service_accounts.clone(),
                    ..trust::Scope::default()
                },
                &["sts:AssumeRole", "sts:TagSession"],
            ),
            TrustAddition::Target { statements, .. } => trust::with_statements(doc, statements),
        }
    }
}

/// What undoing a migration of one cluster means for one role's trust policy (see
/// `policy::undo::undo_migration`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrustUndo {
    /// The trust policy before the migration.
    pub saved: Value,
    /// The cluster's OIDC provider (`oidc.eks.REGION.amazonaws.com/id/ID`).
    pub provider: String,
    /// The (namespace, service account) pairs the migration gave the role.
    pub pairs: Vec<(String, String)>,
    /// Those another live association of the role still relies on: their statements stay.
    pub keep: Vec<(String, String)>,
    /// Add-on service accounts whose Pod Identity statements the migration added.
    pub addon_accounts: Vec<String>,
}

impl TrustUndo {
    /// `current` with this cluster's IRSA statements put back and every Pod Identity statement
    /// kept.
    pub fn restore_irsa(&self, current: &Value) -> Value {
        crate::policy::undo::undo_migration(
            current,
            &self.saved,
            &self.provider,
            &self.pairs,
            &self.pairs,
            &[],
        )
    }

    /// `current` with the whole migration undone.
    pub fn undo(&self, current: &Value) -> Value {
        crate::policy::undo::undo_migration(
            current,
            &self.saved,
            &self.provider,
            &self.pairs,
            &self.keep,
            &self.addon_accounts,
        )
    }
}

/// The (namespace, service account) pairs of grants.
pub fn grant_pairs(grants: &[TrustGrant]) -> Vec<(String, String)> {
    grants
        .iter()
        .map(|g| (g.namespace.clone(), g.service_account.clone()))
        .collect()
}
