//! The engine for change: a typed model of every effect epi can have ([`Change`]), pure planning
//! from a desired and an observed state ([`plan`]), one renderer ([`render`]) and one executor
//! ([`execute`]). Reads happen before planning ([`observe`]); writes after, in the order each kind
//! of change needs.
//!
//! A new kind of change goes here: a [`Change`] variant, its `action`/`resource`/`id` in
//! [`Change::view`], its phase in [`Change::phase`], and its call in `execute.rs`.

pub mod addon_install;
pub mod addon_roles;
pub mod after;
pub mod association;
pub mod execute;
pub mod migrate_irsa;
pub mod observe;
pub mod rollback;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::manifest::config::{
    CLUSTER_ARN_TAG, CLUSTER_TAG, Desired, DesiredAssociation, Namespaces, OWNER_TAG, OWNER_VALUE,
    Ownership, RoleRef, STACK_TAG, is_ownership_tag, ownership_tags,
};
use crate::policy::trust::{self, PodIdentityRequest, Verdict};

/// A service account a role's trust must admit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrustGrant {
    pub namespace: String,
    pub service_account: String,
    /// false: an unscoped statement (`trust: {unscoped: true}`).
    pub scoped: bool,
}

/// An association an add-on owns: its service account and role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddonAssociation {
    pub service_account: String,
    pub role_arn: String,
}

/// An association's changeable fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssociationFields {
    pub role_arn: String,
    pub target_role_arn: Option<String>,
    pub disable_session_tags: bool,
    pub session_policy: Option<Value>,
}

impl AssociationFields {
    /// The fields of an association as EKS describes it.
    pub fn of(a: &crate::aws::eks::Association) -> Self {
        AssociationFields {
            role_arn: a.role_arn.clone(),
            target_role_arn: a.target_role_arn.clone(),
            disable_session_tags: a.disable_session_tags,
            session_policy: session_policy_value(a.session_policy.as_deref()),
        }
    }
}

/// A session policy's text as JSON (a string when it does not parse, so nothing is lost).
pub fn session_policy_value(text: Option<&str>) -> Option<Value> {
    text.map(|t| serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.to_string())))
}

/// An add-on's planned state for a view: its version, and its configuration when one is set (as
/// JSON when it parses).
fn addon_view(version: &str, configuration: Option<&str>) -> Value {
    match configuration {
        None => json!({"version": version}),
        Some(c) => json!({
            "version": version,
            "configurationValues": serde_json::from_str::<Value>(c).unwrap_or_else(|_| json!(c)),
        }),
    }
}

/// How EKS treats add-on fields changed outside it (`resolveConflicts` of CreateAddon and
/// UpdateAddon).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Resolve {
    #[default]
    Overwrite,
    None,
    Preserve,
}

impl Resolve {
    fn is_default(&self) -> bool {
        *self == Resolve::default()
    }
}

/// A statement a command adds to a role's trust policy, other than a file's grants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "for", rename_all = "kebab-case")]
pub enum TrustAddition {
    /// Pod Identity for one service account (`--fix-trust`): scoped to it by request tags, or,
    /// with session tags off, the unscoped statement the user allowed.
    ServiceAccount {
        namespace: String,
        service_account: String,
        session_tags: bool,
    },
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
            TrustAddition::ServiceAccount {
                namespace,
                service_account,
                session_tags,
            } => {
                matches!(
                    trust::admits(
                        doc,
                        &PodIdentityRequest {
                            cluster_name: cluster,
                            cluster_arn,
                            namespace,
                            service_account,
                            session_tags: *session_tags,
                        }
                    ),
                    Verdict::Admits
                )
            }
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
            TrustAddition::ServiceAccount {
                namespace,
                service_account,
                session_tags,
            } => trust::with_pod_identity_statement(
                doc,
                &PodIdentityRequest {
                    cluster_name: cluster,
                    cluster_arn,
                    namespace,
                    service_account,
                    session_tags: *session_tags,
                },
            ),
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

/// Every effect epi can have on AWS and Kubernetes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Change {
    /// Installs an add-on. When EKS answers that it exists (installed by someone else since it
    /// was read), the executor updates it to the same version and configuration instead.
    CreateAddon {
        cluster: String,
        addon: String,
        version: String,
        /// Configuration values (JSON text); None leaves EKS's defaults.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        configuration: Option<String>,
        #[serde(default, skip_serializing_if = "Resolve::is_default")]
        resolve: Resolve,
    },
    UpdateAddon {
        cluster: String,
        addon: String,
        before: String,
        after: String,
        /// Configuration values to set (JSON text); None keeps the add-on's.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        configuration: Option<String>,
        #[serde(default, skip_serializing_if = "Resolve::is_default")]
        resolve: Resolve,
    },
    /// Sets the associations an add-on owns (UpdateAddon `podIdentityAssociations`); `after` is
    /// never empty (an empty list would delete them all).
    SetAddonAssociations {
        cluster: String,
        addon: String,
        before: Vec<AddonAssociation>,
        after: Vec<AddonAssociation>,
    },
    CreateRole {
        role: String,
        path: String,
        description: Option<String>,
        permissions_boundary: Option<String>,
        trust_policy: Value,
        tags: BTreeMap<String, String>,
    },
    /// Adds statements for `add` to the trust policy as it is when written (read fresh): other
    /// statements are kept. `before`/`after` are what the plan saw and expects.
    UpdateTrustPolicy {
        role: String,
        add: Vec<TrustGrant>,
        before: Value,
        after: Value,
    },
    SetPermissionsBoundary {
        role: String,
        before: Option<String>,
        after: Option<String>,
    },
    TagRole {
        role: String,
        tags: BTreeMap<String, String>,
    },
    AttachPolicy {
        role: String,
        policy_arn: String,
    },
    DetachPolicy {
        role: String,
        policy_arn: String,
    },
    PutInlinePolicy {
        role: String,
        name: String,
        before: Option<Value>,
        after: Value,
    },
    DeleteInlinePolicy {
        role: String,
        name: String,
        before: Value,
    },
    /// Adds one statement a command needs to a role's trust policy, applied to the document as
    /// it is when written (read fresh, read back); nothing is written when it already holds.
    AddTrust {
        role: String,
        addition: TrustAddition,
        before: Value,
        after: Value,
    },
    /// Puts back the IRSA statements a migration of this cluster removed (as `undo` records them),
    /// applied to the trust policy as it is when written; every Pod Identity statement stays.
    RestoreIrsaTrust {
        role: String,
        undo: TrustUndo,
        before: Value,
        after: Value,
    },
    /// Removes the Pod Identity statements a migration of this cluster added that nothing else
    /// relies on (the rest of `undo`), applied to the trust policy as it is when written.
    RemovePodIdentityTrust {
        role: String,
        undo: TrustUndo,
        before: Value,
        after: Value,
    },
    /// Sets a service account's annotations back to recorded values (`eks.amazonaws.com/…`).
    RestoreAnnotations {
        namespace: String,
        service_account: String,
        annotations: BTreeMap<String, String>,
    },
    /// `kubectl rollout restart` of the Deployments, StatefulSets and DaemonSets whose pods run
    /// as the service account, so they get the new credentials.
    RestartWorkloads {
        namespace: String,
        service_account: String,
        /// `Kind/name` of each, as planned.
        workloads: Vec<String>,
    },
    /// Removes the service account's IRSA: its subject from the role's IRSA statements of this
    /// cluster's provider (only while the Pod Identity statement is there), then its
    /// `eks.amazonaws.com/role-arn` annotation.
    RemoveIrsa {
        role: String,
        provider: String,
        namespace: String,
        service_account: String,
        before: Value,
        after: Value,
    },
    /// Removes every association an add-on owns (UpdateAddon with an empty
    /// `podIdentityAssociations`): only a rollback asks for this.
    ClearAddonAssociations {
        cluster: String,
        addon: String,
        before: Vec<AddonAssociation>,
    },
    /// Removes service accounts from the Pod Identity statements epi wrote on a role of the
    /// stack (the association that needed them went away), applied to the trust policy as it is
    /// when written; every other statement is kept.
    RemoveTrustGrants {
        role: String,
        remove: Vec<TrustGrant>,
        before: Value,
        after: Value,
    },
    /// Detaches and deletes every policy of the role, then the role. With `stack`, only while the
    /// role still carries that stack's ownership tags when it is deleted (read again first).
    DeleteRole {
        role: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stack: Option<String>,
    },
    CreateAssociation {
        cluster: String,
        namespace: String,
        service_account: String,
        #[serde(flatten)]
        fields: AssociationFields,
        tags: BTreeMap<String, String>,
    },
    UpdateAssociation {
        cluster: String,
        association_id: String,
        namespace: String,
        service_account: String,
        before: AssociationFields,
        after: AssociationFields,
    },
    TagAssociation {
        cluster: String,
        association_arn: String,
        namespace: String,
        service_account: String,
        add: BTreeMap<String, String>,
        remove: Vec<String>,
    },
    DeleteAssociation {
        cluster: String,
        association_id: String,
        namespace: String,
        service_account: String,
        role_arn: String,
    },
}

/// How a change is shown: the stable JSON shape of docs/json-output.md.
#[derive(Clone, Debug, Serialize)]
pub struct ChangeView {
    pub action: &'static str,
    pub resource: &'static str,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Value>,
}

impl Change {
    pub fn view(&self) -> ChangeView {
        let v = |action, resource, id: String, before: Option<Value>, after: Option<Value>| {
            ChangeView {
                action,
                resource,
                id,
                before,
                after,
            }
        };
        match self {
            Change::CreateAddon {
                cluster,
                addon,
                version,
                configuration,
                ..
            } => v(
                "create",
                "addon",
                format!("{cluster}/{addon}"),
                None,
                Some(addon_view(version, configuration.as_deref())),
            ),
            Change::UpdateAddon {
                cluster,
                addon,
                before,
                after,
                configuration,
                ..
            } => v(
                "update",
                "addon",
                format!("{cluster}/{addon}"),
                Some(json!({"version": before})),
                Some(addon_view(after, configuration.as_deref())),
            ),
            Change::SetAddonAssociations {
                cluster,
                addon,
                before,
                after,
            } => v(
                "update",
                "addon-associations",
                format!("{cluster}/{addon}"),
                Some(json!(before)),
                Some(json!(after)),
            ),
            Change::CreateRole {
                role,
                path,
                permissions_boundary,
                trust_policy,
                tags,
                ..
            } => v(
                "create",
                "role",
                role.clone(),
                None,
                Some(
                    json!({"path": path, "permissionsBoundary": permissions_boundary, "trustPolicy": trust_policy, "tags": tags}),
                ),
            ),
            Change::UpdateTrustPolicy {
                role,
                before,
                after,
                ..
            } => v(
                "update",
                "trust-policy",
                role.clone(),
                Some(before.clone()),
                Some(after.clone()),
            ),
            Change::SetPermissionsBoundary {
                role,
                before,
                after,
            } => v(
                if after.is_some() { "update" } else { "delete" },
                "permissions-boundary",
                role.clone(),
                Some(json!(before)),
                Some(json!(after)),
            ),
            Change::TagRole { role, tags } => {
                v("tag", "role", role.clone(), None, Some(json!(tags)))
            }
            Change::AttachPolicy { role, policy_arn } => v(
                "attach",
                "managed-policy",
                format!("{role}/{policy_arn}"),
                None,
                Some(json!(policy_arn)),
            ),
            Change::DetachPolicy { role, policy_arn } => v(
                "detach",
                "managed-policy",
                format!("{role}/{policy_arn}"),
                Some(json!(policy_arn)),
                None,
            ),
            Change::PutInlinePolicy {
                role,
                name,
                before,
                after,
            } => v(
                if before.is_some() { "update" } else { "create" },
                "inline-policy",
                format!("{role}/{name}"),
                before.clone(),
                Some(after.clone()),
            ),
            Change::DeleteInlinePolicy { role, name, before } => v(
                "delete",
                "inline-policy",
                format!("{role}/{name}"),
                Some(before.clone()),
                None,
            ),
            Change::DeleteRole { role, .. } => v("delete", "role", role.clone(), None, None),
            Change::RestoreIrsaTrust {
                role,
                before,
                after,
                ..
            }
            | Change::AddTrust {
                role,
                before,
                after,
                ..
            }
            | Change::RemovePodIdentityTrust {
                role,
                before,
                after,
                ..
            }
            | Change::RemoveTrustGrants {
                role,
                before,
                after,
                ..
            } => v(
                "update",
                "trust-policy",
                role.clone(),
                Some(before.clone()),
                Some(after.clone()),
            ),
            Change::RemoveIrsa {
                role,
                namespace,
                service_account,
                before,
                after,
                ..
            } => v(
                "remove-irsa",
                "trust-policy",
                format!("{role} ({namespace}/{service_account})"),
                Some(before.clone()),
                Some(after.clone()),
            ),
            Change::RestoreAnnotations {
                namespace,
                service_account,
                annotations,
            } => v(
                "update",
                "service-account",
                format!("{namespace}/{service_account}"),
                None,
                Some(json!({"annotations": annotations})),
            ),
            Change::RestartWorkloads {
                namespace,
                service_account,
                workloads,
            } => v(
                "restart",
                "workload",
                format!("{namespace}/{service_account}"),
                None,
                Some(json!({"workloads": workloads})),
            ),
            Change::ClearAddonAssociations {
                cluster,
                addon,
                before,
            } => v(
                "update",
                "addon",
                format!("{cluster}/{addon}"),
                Some(json!({"podIdentityAssociations": before})),
                Some(json!({"podIdentityAssociations": []})),
            ),
            Change::CreateAssociation {
                cluster,
                namespace,
                service_account,
                fields,
                tags,
            } => {
                let mut after = serde_json::to_value(fields).expect("serialisable");
                after["tags"] = json!(tags);
                v(
                    "create",
                    "association",
                    format!("{cluster}/{namespace}/{service_account}"),
                    None,
                    Some(after),
                )
            }
            Change::UpdateAssociation {
                cluster,
                namespace,
                service_account,
                before,
                after,
                ..
            } => v(
                "update",
                "association",
                format!("{cluster}/{namespace}/{service_account}"),
                Some(serde_json::to_value(before).expect("serialisable")),
                Some(serde_json::to_value(after).expect("serialisable")),
            ),
            Change::TagAssociation {
                cluster,
                namespace,
                service_account,
                add,
                remove,
                ..
            } => v(
                "tag",
                "association",
                format!("{cluster}/{namespace}/{service_account}"),
                (!remove.is_empty()).then(|| json!({"remove": remove})),
                Some(json!({"add": add})),
            ),
            Change::DeleteAssociation {
                cluster,
                namespace,
                service_account,
                role_arn,
                ..
            } => v(
                "delete",
                "association",
                format!("{cluster}/{namespace}/{service_account}"),
                Some(json!({"roleArn": role_arn})),
                None,
            ),
        }
    }

    /// The order of execution: every change of a phase is done before the next phase starts.
    /// A credential path is always added before one is taken away: the agent, then roles and
    /// their trust (and a rollback's IRSA trust and annotations) before any association; workloads
    /// restart after their association; IRSA goes after the restart; deletions last, and a
    /// rollback's Pod Identity statements only after the associations that used them.
    pub fn phase(&self) -> u8 {
        match self {
            Change::CreateAddon { .. } | Change::UpdateAddon { .. } => 0,
            Change::CreateRole { .. } => 1,
            Change::SetPermissionsBoundary { .. } | Change::TagRole { .. } => 2,
            Change::UpdateTrustPolicy { .. }
            | Change::AddTrust { .. }
            | Change::RestoreIrsaTrust { .. } => 3,
            Change::AttachPolicy { .. }
            | Change::PutInlinePolicy { .. }
            | Change::RestoreAnnotations { .. } => 4,
            Change::CreateAssociation { .. }
            | Change::UpdateAssociation { .. }
            | Change::TagAssociation { .. }
            | Change::SetAddonAssociations { .. } => 5,
            Change::RestartWorkloads { .. } => 6,
            Change::RemoveIrsa { .. } => 7,
            Change::DeleteAssociation { .. } | Change::ClearAddonAssociations { .. } => 8,
            Change::RemovePodIdentityTrust { .. }
            | Change::RemoveTrustGrants { .. }
            | Change::DetachPolicy { .. }
            | Change::DeleteInlinePolicy { .. } => 9,
            Change::DeleteRole { .. } => 10,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The observed state (gathered by `observe`, compared by `plan`, kept in a saved plan).

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObservedAssociation {
    pub association_id: String,
    pub association_arn: String,
    pub namespace: String,
    pub service_account: String,
    #[serde(flatten)]
    pub fields: AssociationFields,
    pub tags: BTreeMap<String, String>,
    pub owner_arn: Option<String>,
    /// The id EKS passes as `sts:ExternalId` to the target role (only with a target role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

impl ObservedAssociation {
    pub fn owned(&self) -> bool {
        self.tags.get(OWNER_TAG).map(String::as_str) == Some(OWNER_VALUE)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObservedRole {
    pub name: String,
    pub arn: String,
    pub path: String,
    pub permissions_boundary: Option<String>,
    pub trust_policy: Value,
    pub managed_policies: BTreeSet<String>,
    pub inline_policies: BTreeMap<String, Value>,
    pub tags: BTreeMap<String, String>,
}

impl ObservedRole {
    pub fn owned(&self) -> bool {
        self.tags.get(OWNER_TAG).map(String::as_str) == Some(OWNER_VALUE)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObservedNamespace {
    pub name: String,
    pub labels: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Observed {
    pub cluster: String,
    pub cluster_arn: String,
    pub region: String,
    pub account: String,
    pub partition: String,
    pub associations: Vec<ObservedAssociation>,
    /// Every role the plan looks at, by name; None when it does not exist.
    pub roles: BTreeMap<String, Option<ObservedRole>>,
    /// The agent add-on's version, when installed.
    pub agent: Option<String>,
    /// The agent versions EKS offers for the cluster's Kubernetes version (when a file asks for
    /// `default` or `latest`): (version, default).
    pub agent_offered: Vec<(String, bool)>,
    /// The cluster's namespaces, when a file selects namespaces.
    pub namespaces: Option<Vec<ObservedNamespace>>,
    /// Who in the account uses each role, read only when a plan would delete a role or take a
    /// service account out of a trust policy (`observe::account_usage`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<AccountUsage>,
}

/// One association anywhere in the account, as far as roles are concerned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleUser {
    pub association_arn: String,
    pub namespace: String,
    pub service_account: String,
    /// true: the role is the association's target role (not its role).
    pub target: bool,
}

/// Every association of every cluster of every region of the account, by the roles they use.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountUsage {
    /// Role ARN → the associations that use it (as role or as target role).
    pub users: BTreeMap<String, Vec<RoleUser>>,
    /// What could not be read (`REGION: why`): a role is never proved unused while one is left.
    pub unreadable: Vec<String>,
}

impl Observed {
    pub fn role_arn(&self, name: &str, path: &str) -> String {
        crate::validate::RoleArn {
            partition: self.partition.clone(),
            account: self.account.clone(),
            path: path.to_string(),
            name: name.to_string(),
        }
        .to_string()
    }
}

/// What the plan's options say beyond the files.
#[derive(Clone, Copy, Debug, Default)]
pub struct PlanOptions {
    /// Delete epi-owned associations and roles that no file names any longer.
    pub prune: bool,
    /// Take existing unowned associations and roles the files name into ownership.
    pub adopt: bool,
}

/// A plan: the changes in order, and notes (leftovers, unowned matches, warnings).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Plan {
    pub changes: Vec<Change>,
    pub notes: Vec<String>,
    /// Roles prune kept because epi could not prove nothing uses them (`--strict` fails on these).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unproven: Vec<String>,
    /// The plan would delete a role or take a service account out of a trust policy, but
    /// `observed.usage` was not read: read it and plan again.
    #[serde(skip)]
    pub needs_usage: bool,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// The name of a role from its ARN (the last path segment).
pub fn role_name_of(arn: &str) -> &str {
    crate::validate::RoleArn::name_of(arn)
}

/// One association the files want, with its namespace resolved.
struct Want<'a> {
    namespace: String,
    spec: &'a DesiredAssociation,
    fields: AssociationFields,
}

/// Compares what the files want with what is there. Pure: no network.
pub fn plan(desired: &Desired, observed: &Observed, options: PlanOptions) -> Result<Plan, String> {
    let mut out = Plan::default();
    let cluster = &observed.cluster;
    if options.prune && desired.stack.is_none() {
        return Err(format!(
            "--prune needs a stack: the files of cluster {cluster} name none (add `stack: NAME` to them)"
        ));
    }

    // The agent.
    if let Some(asked) = &desired.agent {
        let wanted = match asked.as_str() {
            "default" | "latest" => {
                let newest = observed
                    .agent_offered
                    .iter()
                    .map(|(v, _)| v.clone())
                    .max_by(|a, b| crate::compat::compare_versions(a, b));
                let pick = if asked == "default" {
                    observed
                        .agent_offered
                        .iter()
                        .find(|(_, d)| *d)
                        .map(|(v, _)| v.clone())
                        .or(newest)
                } else {
                    newest
                };
                match (pick, &observed.agent) {
                    // An installed agent already satisfies `default`: upgrades are asked for
                    // by version or `latest`.
                    (_, Some(v)) if asked == "default" => Some(v.clone()),
                    (Some(p), _) => Some(p),
                    (None, _) => {
                        return Err(format!(
                            "EKS offers no eks-pod-identity-agent version for cluster {cluster}"
                        ));
                    }
                }
            }
            v => Some(v.to_string()),
        };
        match (&observed.agent, wanted) {
            (None, Some(version)) => out.changes.push(Change::CreateAddon {
                cluster: cluster.clone(),
                addon: crate::aws::eks::AGENT_ADDON.into(),
                version,
                configuration: None,
                resolve: Resolve::default(),
            }),
            (Some(before), Some(after)) if *before != after => {
                out.changes.push(Change::UpdateAddon {
                    cluster: cluster.clone(),
                    addon: crate::aws::eks::AGENT_ADDON.into(),
                    before: before.clone(),
                    after,
                    configuration: None,
                    resolve: Resolve::default(),
                })
            }
            _ => {}
        }
    }

    // The associations the files want, namespaces resolved.
    let mut wants: Vec<Want<'_>> = Vec::new();
    for a in &desired.associations {
        let role_arn = match &a.role {
            RoleRef::Arn(arn) => arn.clone(),
            RoleRef::File(name) => {
                let role = desired.role(name).expect("checked when the file was read");
                observed.role_arn(&role.name, &role.path)
            }
        };
        let fields = AssociationFields {
            role_arn,
            target_role_arn: a.target_role_arn.clone(),
            disable_session_tags: a.disable_session_tags,
            session_policy: a.session_policy.clone(),
        };
        match &a.namespaces {
            Namespaces::One(ns) => wants.push(Want {
                namespace: ns.clone(),
                spec: a,
                fields,
            }),
            selector => {
                let namespaces = observed.namespaces.as_deref().unwrap_or_default();
                let mut any = false;
                for ns in namespaces {
                    if selector.selects(&ns.name, &ns.labels) {
                        any = true;
                        if wants.iter().any(|w| {
                            w.namespace == ns.name && w.spec.service_account == a.service_account
                        }) {
                            out.notes.push(format!(
                                "{}: {}/{} is already given by another entry; the selector's is left out",
                                a.at, ns.name, a.service_account
                            ));
                            continue;
                        }
                        wants.push(Want {
                            namespace: ns.name.clone(),
                            spec: a,
                            fields: fields.clone(),
                        });
                    }
                }
                if !any {
                    out.notes.push(format!(
                        "{}: the namespaceSelector matches no namespace of cluster {cluster}",
                        a.at
                    ));
                }
            }
        }
    }

    // Roles of the files.
    for role in &desired.roles {
        plan_role(role, &wants, desired, observed, options, &mut out)?;
    }

    // Roles named by ARN: their trust is not epi's to change, but a role that would refuse the
    // association is worth a note.
    for w in &wants {
        if let RoleRef::Arn(arn) = &w.spec.role
            && let Some(Some(role)) = observed.roles.get(role_name_of(arn))
        {
            let request = PodIdentityRequest {
                cluster_name: cluster,
                cluster_arn: &observed.cluster_arn,
                namespace: &w.namespace,
                service_account: &w.spec.service_account,
                session_tags: !w.spec.disable_session_tags,
            };
            if let Verdict::Refuses(why) = trust::admits(&role.trust_policy, &request) {
                out.notes.push(format!(
                    "{}: role {} {}; pods of {}/{} will get no credentials until its trust admits them (`epi association update --fix-trust`, or make it a role of the file)",
                    w.spec.at, role.name, why, w.namespace, w.spec.service_account
                ));
            }
        }
    }

    // Associations.
    let stack = desired.stack.as_deref();
    let own_tags = ownership_tags(stack, &observed.cluster_arn);
    let mut kept: BTreeSet<(String, String)> = BTreeSet::new();
    // Identical associations the stack does not own: one note for all of them.
    let mut adoptable: Vec<String> = Vec::new();
    for w in &wants {
        let key = (w.namespace.clone(), w.spec.service_account.clone());
        kept.insert(key.clone());
        let existing = observed
            .associations
            .iter()
            .find(|o| o.namespace == key.0 && o.service_account == key.1);
        let Some(o) = existing else {
            let mut tags = w.spec.tags.clone();
            tags.extend(own_tags.clone());
            out.changes.push(Change::CreateAssociation {
                cluster: cluster.clone(),
                namespace: w.namespace.clone(),
                service_account: w.spec.service_account.clone(),
                fields: w.fields.clone(),
                tags,
            });
            continue;
        };
        if o.owner_arn.is_some() {
            out.notes.push(format!(
                "{}: {}/{} has an association owned by {} (an add-on); epi leaves it alone",
                w.spec.at,
                w.namespace,
                w.spec.service_account,
                o.owner_arn.as_deref().unwrap_or_default()
            ));
            continue;
        }
        let fields_differ = o.fields != w.fields;
        let mut want_tags = w.spec.tags.clone();
        let ownership = Ownership::of(&o.tags, stack);
        if let Ownership::OtherStack(theirs) = &ownership
            && !options.adopt
        {
            return Err(format!(
                "{}: the association of {}/{} belongs to stack {theirs}, not to {}; two stacks cannot own one association: remove it from one stack's files, or take it into this stack with --adopt",
                w.spec.at,
                w.namespace,
                w.spec.service_account,
                stack_name(stack)
            ));
        }
        let owned = ownership == Ownership::Ours;
        if owned {
            want_tags.insert(OWNER_TAG.into(), OWNER_VALUE.into());
            if let Some(s) = stack {
                want_tags.insert(STACK_TAG.into(), s.into());
            }
        } else if options.adopt {
            want_tags.extend(own_tags.clone());
        }
        let add: BTreeMap<String, String> = want_tags
            .iter()
            .filter(|(k, v)| o.tags.get(*k) != Some(*v))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let remove: Vec<String> = o
            .tags
            .keys()
            .filter(|k| !want_tags.contains_key(*k) && !is_ownership_tag(k))
            .cloned()
            .collect();
        if !owned && !options.adopt && !fields_differ && add.is_empty() && remove.is_empty() {
            adoptable.push(format!("{}/{}", w.namespace, w.spec.service_account));
            continue;
        }
        if fields_differ {
            out.changes.push(Change::UpdateAssociation {
                cluster: cluster.clone(),
                association_id: o.association_id.clone(),
                namespace: w.namespace.clone(),
                service_account: w.spec.service_account.clone(),
                before: o.fields.clone(),
                after: w.fields.clone(),
            });
        }
        if !add.is_empty() || !remove.is_empty() {
            out.changes.push(Change::TagAssociation {
                cluster: cluster.clone(),
                association_arn: o.association_arn.clone(),
                namespace: w.namespace.clone(),
                service_account: w.spec.service_account.clone(),
                add,
                remove,
            });
        }
    }

    if !adoptable.is_empty() {
        let shown: Vec<&str> = adoptable.iter().take(5).map(String::as_str).collect();
        out.notes.push(format!(
            "{} association(s) of cluster {cluster} match the files but were not made by {} ({}{}): nothing to change; `--adopt` takes them in",
            adoptable.len(),
            stack_name(desired.stack.as_deref()),
            shown.join(", "),
            if adoptable.len() > shown.len() { ", …" } else { "" }
        ));
    }
    prune_leftovers(desired, observed, options, &wants, &kept, &mut out);
    out.changes.sort_by_key(Change::phase);
    Ok(out)
}

/// How messages name a stack (or its absence).
fn stack_name(stack: Option<&str>) -> String {
    match stack {
        Some(s) => format!("stack {s}"),
        None => "these files (which name no stack)".into(),
    }
}

/// Leftovers: what the stack made that no file names any longer. Associations of the stack are
/// deleted (with `--prune`) and the trust statements epi wrote for them on the stack's roles go
/// with them; a role the stack created for this cluster is deleted only when nothing in the
/// account can use it (`observed.usage`). Anything made by an epi without stacks is never
/// pruned.
fn prune_leftovers(
    desired: &Desired,
    observed: &Observed,
    options: PlanOptions,
    wants: &[Want<'_>],
    kept: &BTreeSet<(String, String)>,
    out: &mut Plan,
) {
    let stack = desired.stack.as_deref();
    let cluster = &observed.cluster;
    let mut deleted: BTreeSet<&str> = BTreeSet::new();
    let mut legacy = 0usize;
    for o in &observed.associations {
        if kept.contains(&(o.namespace.clone(), o.service_account.clone())) || o.owner_arn.is_some()
        {
            continue;
        }
        match Ownership::of(&o.tags, stack) {
            Ownership::Ours => {}
            Ownership::Legacy => {
                legacy += 1;
                continue;
            }
            _ => continue,
        }
        if options.prune {
            out.changes.push(Change::DeleteAssociation {
                cluster: cluster.clone(),
                association_id: o.association_id.clone(),
                namespace: o.namespace.clone(),
                service_account: o.service_account.clone(),
                role_arn: o.fields.role_arn.clone(),
            });
            deleted.insert(o.association_arn.as_str());
        } else if stack.is_some() {
            out.notes.push(format!(
                "association {}/{} ({}) was created by epi for {} and no file names it any longer; `--prune` deletes it",
                o.namespace, o.service_account, o.association_id, stack_name(stack)
            ));
        } else {
            out.notes.push(format!(
                "association {}/{} ({}) was created by epi and no file names it any longer; it has no stack, so `--prune` never deletes it (`epi association delete` does)",
                o.namespace, o.service_account, o.association_id
            ));
        }
    }
    if legacy > 0 {
        out.notes.push(format!(
            "{legacy} association(s) of cluster {cluster} were made by an epi without stacks and no file of {} names them: they are never pruned (`--adopt` takes a named one into the stack)",
            stack_name(stack)
        ));
    }
    // Who still needs a role here: what the files want, and every association of the cluster
    // this plan does not delete (the account-wide check below covers every other cluster).
    let live = |arn: &str| {
        wants
            .iter()
            .any(|w| w.fields.role_arn == arn || w.fields.target_role_arn.as_deref() == Some(arn))
            || observed.associations.iter().any(|o| {
                !deleted.contains(o.association_arn.as_str())
                    && (o.fields.role_arn == arn
                        || o.fields.target_role_arn.as_deref() == Some(arn))
            })
    };
    let others = |arn: &str| -> Option<Vec<&RoleUser>> {
        let usage = observed.usage.as_ref()?;
        Some(
            usage
                .users
                .get(arn)
                .map(|u| {
                    u.iter()
                        .filter(|u| !deleted.contains(u.association_arn.as_str()))
                        .collect()
                })
                .unwrap_or_default(),
        )
    };
    let mut deleting_roles: BTreeSet<&str> = BTreeSet::new();
    if !options.prune {
        for (name, role) in &observed.roles {
            let Some(role) = role else { continue };
            if stack.is_some()
                && Ownership::of(&role.tags, stack) == Ownership::Ours
                && role.tags.get(CLUSTER_ARN_TAG) == Some(&observed.cluster_arn)
                && desired.role(name).is_none()
                && !live(&role.arn)
            {
                out.notes.push(format!(
                    "role {name} was created by epi for {} and no file names it any longer; `--prune` deletes it once nothing uses it",
                    stack_name(stack)
                ));
            }
        }
    } else {
        for (name, role) in &observed.roles {
            let Some(role) = role else { continue };
            if Ownership::of(&role.tags, stack) != Ownership::Ours
                || role.tags.get(CLUSTER_ARN_TAG) != Some(&observed.cluster_arn)
                || desired.role(name).is_some()
                || live(&role.arn)
            {
                continue;
            }
            let Some(users) = others(&role.arn) else {
                out.needs_usage = true;
                continue;
            };
            if let Some(u) = users.first() {
                out.notes.push(format!(
                    "role {name} is kept: association {} ({}/{}) still uses it{}",
                    u.association_arn,
                    u.namespace,
                    u.service_account,
                    if u.target { " as its target role" } else { "" }
                ));
                continue;
            }
            let usage = observed.usage.as_ref().expect("read above");
            if !usage.unreadable.is_empty() {
                out.notes.push(format!(
                    "role {name} is kept: epi could not prove that nothing in the account uses it ({} could not be read)",
                    usage.unreadable.join("; ")
                ));
                out.unproven.push(name.clone());
                continue;
            }
            deleting_roles.insert(name.as_str());
            out.changes.push(Change::DeleteRole {
                role: name.clone(),
                stack: stack.map(str::to_string),
            });
        }
    }

    // Trust follows the associations: on the stack's roles that stay, a service account no
    // association uses any longer leaves the statement epi wrote for it (drift included), unless
    // another association anywhere in the account still uses the role for it.
    if stack.is_none() {
        return;
    }
    for (name, role) in &observed.roles {
        let Some(role) = role else { continue };
        if Ownership::of(&role.tags, stack) != Ownership::Ours
            || deleting_roles.contains(name.as_str())
        {
            continue;
        }
        let unused: Vec<(String, String)> = trust::epi_pairs(&role.trust_policy)
            .into_iter()
            .filter(|(ns, sa)| {
                !wants.iter().any(|w| {
                    w.fields.role_arn == role.arn
                        && w.namespace == *ns
                        && w.spec.service_account == *sa
                }) && !observed.associations.iter().any(|o| {
                    !deleted.contains(o.association_arn.as_str())
                        && o.fields.role_arn == role.arn
                        && o.namespace == *ns
                        && o.service_account == *sa
                })
            })
            .collect();
        if unused.is_empty() {
            continue;
        }
        let Some(users) = others(&role.arn) else {
            out.needs_usage = true;
            continue;
        };
        let remove: Vec<TrustGrant> = unused
            .into_iter()
            .filter(|(ns, sa)| {
                !users
                    .iter()
                    .any(|u| !u.target && u.namespace == *ns && u.service_account == *sa)
            })
            .map(|(namespace, service_account)| TrustGrant {
                namespace,
                service_account,
                scoped: true,
            })
            .collect();
        if remove.is_empty() {
            continue;
        }
        let after = trust::without_service_accounts(&role.trust_policy, &grant_pairs(&remove));
        out.changes.push(Change::RemoveTrustGrants {
            role: name.clone(),
            remove,
            before: role.trust_policy.clone(),
            after,
        });
    }
}

/// The (namespace, service account) pairs of grants.
pub fn grant_pairs(grants: &[TrustGrant]) -> Vec<(String, String)> {
    grants
        .iter()
        .map(|g| (g.namespace.clone(), g.service_account.clone()))
        .collect()
}

fn plan_role(
    role: &crate::manifest::config::DesiredRole,
    wants: &[Want<'_>],
    desired: &Desired,
    observed: &Observed,
    options: PlanOptions,
    out: &mut Plan,
) -> Result<(), String> {
    let cluster = &observed.cluster;
    let grants: Vec<TrustGrant> = wants
        .iter()
        .filter(|w| w.spec.role == RoleRef::File(role.name.clone()))
        .map(|w| TrustGrant {
            namespace: w.namespace.clone(),
            service_account: w.spec.service_account.clone(),
            scoped: !role.unscoped,
        })
        .collect();
    let (managed, inline) = role_policies(role, desired, observed)?;
    let existing = observed.roles.get(&role.name).cloned().flatten();
    let Some(current) = existing else {
        let mut trust_doc = empty_trust();
        for g in &grants {
            trust_doc = with_grant(&trust_doc, g, cluster, &observed.cluster_arn);
        }
        if grants.is_empty() && role.unscoped {
            trust_doc = with_grant(
                &trust_doc,
                &TrustGrant {
                    namespace: String::new(),
                    service_account: String::new(),
                    scoped: false,
                },
                cluster,
                &observed.cluster_arn,
            );
        }
        let mut tags = role.tags.clone();
        tags.extend(ownership_tags(
            desired.stack.as_deref(),
            &observed.cluster_arn,
        ));
        tags.insert(CLUSTER_TAG.into(), cluster.clone());
        out.changes.push(Change::CreateRole {
            role: role.name.clone(),
            path: role.path.clone(),
            description: role.description.clone(),
            permissions_boundary: role.permissions_boundary.clone(),
            trust_policy: trust_doc,
            tags,
        });
        for arn in managed {
            out.changes.push(Change::AttachPolicy {
                role: role.name.clone(),
                policy_arn: arn,
            });
        }
        for (name, doc) in inline {
            out.changes.push(Change::PutInlinePolicy {
                role: role.name.clone(),
                name,
                before: None,
                after: doc,
            });
        }
        return Ok(());
    };
    if current.path != role.path {
        out.notes.push(format!(
            "{}: role {} exists with path {}, not {}; IAM cannot move a role, so the path is left as it is",
            role.at, role.name, current.path, role.path
        ));
    }
    let stack = desired.stack.as_deref();
    let ownership = Ownership::of(&current.tags, stack);
    if let Ownership::OtherStack(theirs) = &ownership
        && !options.adopt
    {
        return Err(format!(
            "{}: role {} belongs to stack {theirs}, not to {}; a stack that only uses it names it by roleArn, or takes it over with --adopt",
            role.at,
            role.name,
            stack_name(stack)
        ));
    }
    let owned = ownership == Ownership::Ours;
    if !owned {
        if options.adopt {
            let mut tags = ownership_tags(stack, &observed.cluster_arn);
            tags.insert(CLUSTER_TAG.to_string(), cluster.clone());
            out.changes.push(Change::TagRole {
                role: role.name.clone(),
                tags,
            });
        } else {
            out.notes.push(format!(
                "{}: role {} exists and epi did not create it: it is brought in line with the file but never deleted, and its extra policies are kept; `--adopt` takes it into ownership",
                role.at, role.name
            ));
        }
    }
    let manage_extras = owned || options.adopt;
    // Trust: add what is missing, keep every other statement.
    let missing: Vec<TrustGrant> = grants
        .iter()
        .filter(|g| !grant_admitted(&current.trust_policy, g, cluster, &observed.cluster_arn))
        .cloned()
        .collect();
    if !missing.is_empty() {
        let mut after = current.trust_policy.clone();
        for g in &missing {
            after = with_grant(&after, g, cluster, &observed.cluster_arn);
        }
        out.changes.push(Change::UpdateTrustPolicy {
            role: role.name.clone(),
            add: missing,
            before: current.trust_policy.clone(),
            after,
        });
    }
    if current.permissions_boundary != role.permissions_boundary
        && (role.permissions_boundary.is_some() || manage_extras)
    {
        out.changes.push(Change::SetPermissionsBoundary {
            role: role.name.clone(),
            before: current.permissions_boundary.clone(),
            after: role.permissions_boundary.clone(),
        });
    }
    let mut want_tags = role.tags.clone();
    want_tags.retain(|k, v| current.tags.get(k) != Some(v));
    if !want_tags.is_empty() {
        out.changes.push(Change::TagRole {
            role: role.name.clone(),
            tags: want_tags,
        });
    }
    for arn in &managed {
        if !current.managed_policies.contains(arn) {
            out.changes.push(Change::AttachPolicy {
                role: role.name.clone(),
                policy_arn: arn.clone(),
            });
        }
    }
    for (name, doc) in &inline {
        let before = current.inline_policies.get(name);
        if before != Some(doc) {
            out.changes.push(Change::PutInlinePolicy {
                role: role.name.clone(),
                name: name.clone(),
                before: before.cloned(),
                after: doc.clone(),
            });
        }
    }
    if manage_extras {
        for arn in &current.managed_policies {
            if !managed.contains(arn) {
                out.changes.push(Change::DetachPolicy {
                    role: role.name.clone(),
                    policy_arn: arn.clone(),
                });
            }
        }
        for (name, doc) in &current.inline_policies {
            if !inline.contains_key(name) {
                out.changes.push(Change::DeleteInlinePolicy {
                    role: role.name.clone(),
                    name: name.clone(),
                    before: doc.clone(),
                });
            }
        }
    }
    Ok(())
}

/// The managed ARNs and inline documents a role of the files gets: its own, its ABAC templates
/// and its well-known policies, in the cluster's partition.
fn role_policies(
    role: &crate::manifest::config::DesiredRole,
    desired: &Desired,
    observed: &Observed,
) -> Result<(BTreeSet<String>, BTreeMap<String, Value>), String> {
    let mut managed = role.managed_policies.clone();
    let mut inline = role.inline_policies.clone();
    for a in &role.abac {
        let location = crate::policy::abac::Location {
            partition: observed.partition.clone(),
            region: Some(a.region.clone().unwrap_or_else(|| observed.region.clone())),
            account: Some(
                a.account
                    .clone()
                    .unwrap_or_else(|| observed.account.clone()),
            ),
        };
        let doc = crate::policy::abac::render(&a.template, &location)
            .map_err(|e| format!("{}: {e}", role.at))?;
        inline.insert(
            a.policy_name.clone(),
            serde_json::to_value(doc).expect("serialisable"),
        );
    }
    for name in &role.well_known {
        let target = crate::policy::well_known::Target {
            partition: observed.partition.clone(),
            cluster: Some(desired.cluster.clone()),
            region: Some(observed.region.clone()),
            account: Some(observed.account.clone()),
        };
        match crate::policy::well_known::render(name, &target)
            .map_err(|e| format!("{}: {e}", role.at))?
        {
            crate::policy::well_known::Grant::Managed { arn } => {
                managed.insert(arn);
            }
            crate::policy::well_known::Grant::Inline { document } => {
                inline.insert(format!("epi-well-known-{name}"), document);
            }
        }
    }
    Ok((managed, inline))
}

fn empty_trust() -> Value {
    json!({"Version": crate::policy::document::VERSION, "Statement": []})
}

fn request<'a>(
    g: &'a TrustGrant,
    cluster: &'a str,
    cluster_arn: &'a str,
) -> PodIdentityRequest<'a> {
    PodIdentityRequest {
        cluster_name: cluster,
        cluster_arn,
        namespace: &g.namespace,
        service_account: &g.service_account,
        session_tags: g.scoped,
    }
}

/// Whether a trust policy already admits the grant.
pub fn grant_admitted(doc: &Value, g: &TrustGrant, cluster: &str, cluster_arn: &str) -> bool {
    if !g.scoped {
        // An unscoped grant is held by an Allow for pods.eks.amazonaws.com of both actions with
        // no condition (what `trust: {unscoped: true}` writes).
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
        trust::admits(doc, &request(g, cluster, cluster_arn)),
        Verdict::Admits
    )
}

/// The trust policy with the grant's statement added (every other statement kept).
pub fn with_grant(doc: &Value, g: &TrustGrant, cluster: &str, cluster_arn: &str) -> Value {
    if g.scoped {
        trust::with_pod_identity_statement(doc, &request(g, cluster, cluster_arn))
    } else {
        trust::with_scoped_statement(
            doc,
            &trust::Scope::default(),
            &["sts:AssumeRole", "sts:TagSession"],
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering.

/// The plan as `--output json|yaml` prints it (docs/json-output.md).
pub fn to_json(plans: &[(String, Plan)]) -> Value {
    let changes: Vec<ChangeView> = plans
        .iter()
        .flat_map(|(_, p)| p.changes.iter().map(Change::view))
        .collect();
    let notes: Vec<&String> = plans.iter().flat_map(|(_, p)| p.notes.iter()).collect();
    json!({"changes": changes, "notes": notes})
}

/// The plan as a table for people, with policy changes as diffs below it.
pub fn to_table(plans: &[(String, Plan)]) -> String {
    let changes: Vec<ChangeView> = plans
        .iter()
        .flat_map(|(_, p)| p.changes.iter().map(Change::view))
        .collect();
    if changes.is_empty() {
        return "No changes: the live state matches the files.\n".to_string();
    }
    views_table(&changes)
}

/// Changes already viewed, as the plan table (ACTION, RESOURCE, ID), policy diffs and counts.
pub fn views_table(changes: &[ChangeView]) -> String {
    let mut out = String::new();
    let mut table = crate::output::table(&["ACTION", "RESOURCE", "ID"]);
    for c in changes {
        table.add_row(vec![c.action, c.resource, c.id.as_str()]);
    }
    out.push_str(&table.to_string());
    out.push('\n');
    for c in changes {
        if let (Some(before), Some(after)) = (&c.before, &c.after)
            && (c.resource == "trust-policy" || c.resource == "inline-policy")
        {
            out.push_str(&format!("\n{} {} {}:\n", c.action, c.resource, c.id));
            out.push_str(&diff(before, after));
        }
    }
    let counts = count(changes);
    out.push_str(&format!("\nPlan: {counts}.\n"));
    out
}

fn count(changes: &[ChangeView]) -> String {
    let mut by: BTreeMap<&str, usize> = BTreeMap::new();
    for c in changes {
        *by.entry(c.action).or_default() += 1;
    }
    by.iter()
        .map(|(a, n)| format!("{n} to {a}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A unified diff of two documents, pretty-printed.
pub fn diff(before: &Value, after: &Value) -> String {
    let a = serde_json::to_string_pretty(before).expect("serialisable") + "\n";
    let b = serde_json::to_string_pretty(after).expect("serialisable") + "\n";
    similar::TextDiff::from_lines(&a, &b)
        .unified_diff()
        .context_radius(3)
        .header("before", "after")
        .to_string()
}

#[cfg(test)]
mod tests;
