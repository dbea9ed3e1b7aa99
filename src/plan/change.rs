//! The change type: every effect epi can have on AWS and Kubernetes ([`Change`]), how each is
//! shown ([`ChangeView`], the stable JSON shape of docs/json-output.md) and the phase that orders
//! it. A new kind of change goes here: a variant, its `action`/`resource`/`id` in
//! [`Change::view`], its phase in [`Change::phase`], and its call in `execute.rs`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::trust::{TrustAddition, TrustGrant, TrustUndo};

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

/// How a change counts in a plan's summary: Terraform's three verbs. Attaching a managed policy
/// adds to the role (create), detaching takes away (delete); a tag, a trust edit, an IRSA removal
/// or a restart changes what is there (update).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Create,
    Update,
    Delete,
}

/// A plan's counts, computed once for every format (#33 item 3): the table's `Plan: …` line, the
/// pull-request comment's heading and its warning all say the same numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub create: usize,
    pub update: usize,
    pub delete: usize,
    /// Of them, the trust-policy changes (what a reviewer reads first, with the deletions).
    pub trust: usize,
}

impl Summary {
    pub fn of<'a>(views: impl IntoIterator<Item = &'a ChangeView>) -> Summary {
        let mut s = Summary::default();
        for v in views {
            match v.verb() {
                Verb::Create => s.create += 1,
                Verb::Update => s.update += 1,
                Verb::Delete => s.delete += 1,
            }
            if v.resource == "trust-policy" {
                s.trust += 1;
            }
        }
        s
    }

    pub fn is_empty(&self) -> bool {
        self.create + self.update + self.delete == 0
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} to create, {} to update, {} to delete",
            self.create, self.update, self.delete
        )
    }
}

impl ChangeView {
    pub fn verb(&self) -> Verb {
        match self.action {
            "create" | "attach" => Verb::Create,
            "delete" | "detach" => Verb::Delete,
            _ => Verb::Update,
        }
    }

    /// What the change does field by field, Terraform's way (#33 item 2): `~ key: old -> new`,
    /// `+ key = value`, `- key = value`, and `+ tag k = v` / `- tag k` for tags. Empty for a
    /// change its id says all of (attach, detach, delete) and for policy documents, which are
    /// shown whole or as a diff.
    pub fn details(&self) -> Vec<String> {
        if matches!(self.resource, "trust-policy" | "inline-policy") || self.action == "delete" {
            return Vec::new();
        }
        // A managed policy's ARN: tables name the policy by its name only.
        if self.resource == "managed-policy" {
            return match (self.action, &self.before, &self.after) {
                ("attach", _, Some(arn)) => vec![format!("+ policy = {}", scalar(arn))],
                ("detach", Some(arn), _) => vec![format!("- policy = {}", scalar(arn))],
                _ => Vec::new(),
            };
        }
        let mut out = Vec::new();
        match (self.action, &self.before, &self.after) {
            ("tag", before, Some(after)) => {
                let added = after.get("add").unwrap_or(after);
                if let Some(map) = added.as_object() {
                    for (k, v) in map {
                        out.push(format!("+ tag {k} = {}", scalar(v)));
                    }
                }
                if let Some(removed) = before
                    .as_ref()
                    .and_then(|b| b.get("remove"))
                    .and_then(Value::as_array)
                {
                    for k in removed {
                        out.push(format!("- tag {}", scalar(k)));
                    }
                }
            }
            (_, None, Some(after)) => fields(&mut out, &Value::Null, after, self.resource),
            (_, Some(before), Some(after)) => fields(&mut out, before, after, self.resource),
            _ => {}
        }
        out
    }
}

/// A value on one line: a string as it is, anything else as compact JSON.
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The field-level differences of two views (objects compared key by key; anything else as one
/// field named `name`). Nulls and a role's trust policy (shown whole below the table) are left out;
/// `tags` are listed tag by tag.
fn fields(out: &mut Vec<String>, before: &Value, after: &Value, name: &str) {
    let (Some(b), Some(a)) = (
        before.as_object().or(before.is_null().then_some(&EMPTY)),
        after.as_object(),
    ) else {
        if before != after {
            out.push(if before.is_null() {
                format!("+ {name} = {}", scalar(after))
            } else {
                format!("~ {name}: {} -> {}", scalar(before), scalar(after))
            });
        }
        return;
    };
    let keys = a.keys().chain(b.keys().filter(|k| !a.contains_key(*k)));
    for key in keys {
        if key == "trustPolicy" {
            continue;
        }
        let old = b.get(key).unwrap_or(&Value::Null);
        let new = a.get(key).unwrap_or(&Value::Null);
        if old == new {
            continue;
        }
        if key == "tags" {
            let empty = serde_json::Map::new();
            let (old, new) = (
                old.as_object().unwrap_or(&empty),
                new.as_object().unwrap_or(&empty),
            );
            for (k, v) in new {
                match old.get(k) {
                    None => out.push(format!("+ tag {k} = {}", scalar(v))),
                    Some(o) if o != v => {
                        out.push(format!("~ tag {k}: {} -> {}", scalar(o), scalar(v)));
                    }
                    Some(_) => {}
                }
            }
            for k in old.keys().filter(|k| !new.contains_key(*k)) {
                out.push(format!("- tag {k}"));
            }
            continue;
        }
        out.push(match (old.is_null(), new.is_null()) {
            (true, _) => format!("+ {key} = {}", scalar(new)),
            (_, true) => format!("- {key} = {}", scalar(old)),
            _ => format!("~ {key}: {} -> {}", scalar(old), scalar(new)),
        });
    }
}

static EMPTY: std::sync::LazyLock<serde_json::Map<String, Value>> =
    std::sync::LazyLock::new(serde_json::Map::new);

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
