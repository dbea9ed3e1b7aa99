//! The declarative planner (pure): from the files' desired state and the observed state, the
//! changes that bring one cluster in line ([`plan`]), with the prune of what a stack made and the
//! files no longer name.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::manifest::config::{
    ADOPTED_TAG, CLUSTER_ARN_TAG, CLUSTER_TAG, DELETE_ON_PRUNE_TAG, Desired, DesiredAssociation,
    Namespaces, OWNER_TAG, OWNER_VALUE, Ownership, RoleRef, STACK_TAG, is_ownership_tag,
    ownership_tags, path_proves_stack, stack_path,
};

use crate::policy::trust::{self, PodIdentityRequest, Verdict};

use super::change::{AssociationFields, Change, ChangeView, Resolve};
use super::trust::{TrustGrant, grant_pairs};

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
    /// When IAM last saw it used (GetRole's RoleLastUsed: Unix seconds, region).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used: Option<crate::aws::iam::LastUse>,
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
    /// Role name → the instance profiles it is in (read for the roles prune could delete): EC2
    /// instances may act as a role in one.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub instance_profiles: BTreeMap<String, Vec<String>>,
    /// Role name → when IAM last saw it used (RoleLastUsed), for the roles prune could delete
    /// that were used within [`RECENT_USE_HOURS`]: something may still use them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub recently_used: BTreeMap<String, RecentUse>,
}

/// How recently a role may have been used (IAM's RoleLastUsed) and still be pruned: a role used
/// within the last day is kept (#32 item 2). Pods of an association deleted in the same run may
/// hold its credentials for hours, and anything else that assumes it shows up here too.
pub const RECENT_USE_HOURS: i64 = 24;

/// A use of a role IAM recorded (RoleLastUsed), as hours before the read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecentUse {
    pub hours_ago: i64,
    pub region: Option<String>,
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
    plan_agent(desired, observed, &mut out)?;
    let wants = wanted(desired, observed, &mut out);
    // Roles of the files.
    for role in &desired.roles {
        plan_role(role, &wants, desired, observed, options, &mut out)?;
    }

    note_refusing_roles(&wants, observed, &mut out);
    let kept = plan_associations(desired, observed, options, &wants, &mut out)?;
    prune_leftovers(desired, observed, options, &wants, &kept, &mut out);
    out.changes.sort_by_key(Change::phase);
    Ok(out)
}

/// The agent: installed or updated to the version the files ask for (`default`, `latest` or a
/// version).
fn plan_agent(desired: &Desired, observed: &Observed, out: &mut Plan) -> Result<(), String> {
    let cluster = &observed.cluster;
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

    Ok(())
}

/// The associations the files want, namespaces resolved (a selector against the live
/// namespaces).
fn wanted<'a>(desired: &'a Desired, observed: &Observed, out: &mut Plan) -> Vec<Want<'a>> {
    let cluster = &observed.cluster;
    let mut wants: Vec<Want<'_>> = Vec::new();
    for a in &desired.associations {
        let role_arn = match &a.role {
            RoleRef::Arn(arn) => arn.clone(),
            RoleRef::File(name) => {
                let role = desired.role(name).expect("checked when the file was read");
                // An existing role keeps its path (IAM cannot move a role), so its ARN is its own.
                match observed.roles.get(&role.name) {
                    Some(Some(current)) => current.arn.clone(),
                    _ => observed.role_arn(&role.name, &role.path),
                }
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

    wants
}

/// Roles named by ARN: their trust is not epi's to change, but a role that would refuse the
/// association is worth a note.
fn note_refusing_roles(wants: &[Want<'_>], observed: &Observed, out: &mut Plan) {
    let cluster = &observed.cluster;
    for w in wants {
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
}

/// The associations: created, updated, retagged (or left, with a note, when another owner's);
/// returns every (namespace, service account) the files keep.
fn plan_associations(
    desired: &Desired,
    observed: &Observed,
    options: PlanOptions,
    wants: &[Want<'_>],
    out: &mut Plan,
) -> Result<BTreeSet<(String, String)>, String> {
    let cluster = &observed.cluster;
    let stack = desired.stack.as_deref();
    let own_tags = ownership_tags(stack, &observed.cluster_arn);
    let mut kept: BTreeSet<(String, String)> = BTreeSet::new();
    // Identical associations the stack does not own: one note for all of them.
    let mut adoptable: Vec<String> = Vec::new();
    for w in wants {
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
    Ok(kept)
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
    let deleted = prune_associations(desired, observed, options, kept, out);
    let deleting_roles = prune_roles(desired, observed, options, wants, &deleted, out);
    // Trust follows the associations: on the stack's roles that stay, a service account no
    // association uses any longer leaves the statement epi wrote for it (drift included), unless
    // another association anywhere in the account still uses the role for it.
    if desired.stack.is_some() {
        prune_trust(desired, observed, wants, &deleted, &deleting_roles, out);
    }
}

/// The stack's associations no file names: deleted with `--prune`, else a note. Returns the ARNs
/// of those deleted.
fn prune_associations<'o>(
    desired: &Desired,
    observed: &'o Observed,
    options: PlanOptions,
    kept: &BTreeSet<(String, String)>,
    out: &mut Plan,
) -> BTreeSet<&'o str> {
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
    deleted
}

/// Whether a role is still needed here: by what the files want, or by an association of the
/// cluster this plan does not delete (the account-wide check covers every other cluster).
fn role_in_use(
    wants: &[Want<'_>],
    observed: &Observed,
    deleted: &BTreeSet<&str>,
    arn: &str,
) -> bool {
    wants
        .iter()
        .any(|w| w.fields.role_arn == arn || w.fields.target_role_arn.as_deref() == Some(arn))
        || observed.associations.iter().any(|o| {
            !deleted.contains(o.association_arn.as_str())
                && (o.fields.role_arn == arn || o.fields.target_role_arn.as_deref() == Some(arn))
        })
}

/// The account's other associations that use a role and are not deleted here (None when the
/// account-wide usage was not read).
fn other_users<'o>(
    observed: &'o Observed,
    deleted: &BTreeSet<&str>,
    arn: &str,
) -> Option<Vec<&'o RoleUser>> {
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
}

/// The stack's roles of this cluster no file names and nothing uses: deleted with `--prune` once
/// nothing in the account is proved to use them, else a note. Returns the names of those deleted.
fn prune_roles<'o>(
    desired: &Desired,
    observed: &'o Observed,
    options: PlanOptions,
    wants: &[Want<'_>],
    deleted: &BTreeSet<&str>,
    out: &mut Plan,
) -> BTreeSet<&'o str> {
    let stack = desired.stack.as_deref();
    let live = |arn: &str| role_in_use(wants, observed, deleted, arn);
    let others = |arn: &str| other_users(observed, deleted, arn);
    let mut deleting_roles: BTreeSet<&str> = BTreeSet::new();
    if !options.prune {
        for (name, role) in &observed.roles {
            let Some(role) = role else { continue };
            if let Some(s) = stack
                && Ownership::of(&role.tags, stack) == Ownership::Ours
                && role.tags.get(CLUSTER_ARN_TAG) == Some(&observed.cluster_arn)
                && desired.role(name).is_none()
                && !live(&role.arn)
            {
                if !path_proves_stack(&role.path, s) {
                    out.notes.push(unproven_path_note(name, role, s));
                    continue;
                }
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
            if let Some(s) = stack
                && !path_proves_stack(&role.path, s)
            {
                out.notes.push(unproven_path_note(name, role, s));
                continue;
            }
            if role.tags.get(ADOPTED_TAG).map(String::as_str) == Some("true")
                && role.tags.get(DELETE_ON_PRUNE_TAG).map(String::as_str) != Some("true")
            {
                out.notes.push(format!(
                    "role {name} is kept: {} adopted it (--adopt), it did not create it, and prune never deletes an adopted role unless its file said `deleteOnPrune: true` before naming it no longer",
                    stack_name(stack)
                ));
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
            if let Some(u) = usage.recently_used.get(name) {
                out.notes.push(format!(
                    "role {name} is kept: IAM saw it used {} hour(s) ago{} (RoleLastUsed); prune deletes it once it has gone unused for {RECENT_USE_HOURS} hours",
                    u.hours_ago,
                    u.region.as_deref().map(|r| format!(" in {r}")).unwrap_or_default()
                ));
                continue;
            }
            if let Some(why) = used_outside_pod_identity(name, role, usage) {
                out.notes.push(format!("role {name} is kept: {why}"));
                continue;
            }
            deleting_roles.insert(name.as_str());
            out.changes.push(Change::DeleteRole {
                role: name.clone(),
                stack: stack.map(str::to_string),
            });
        }
    }

    deleting_roles
}

/// Why prune keeps a role whose tags say `stack` made it but whose path does not prove it.
fn unproven_path_note(name: &str, role: &ObservedRole, stack: &str) -> String {
    format!(
        "role {name} is kept: its tags say stack {stack} made it, but its path {} is not under {}; tags can be set by anyone with iam:TagRole, a path only when a role is created, so prune deletes only roles under {} (delete it by hand if it should go)",
        role.path,
        stack_path(stack),
        stack_path(stack)
    )
}

/// Why a role nothing uses through Pod Identity may still be in use (#32): it is in an instance
/// profile (EC2 instances act as it), or its trust admits principals besides
/// `pods.eks.amazonaws.com` (an OIDC provider for IRSA, another service, an account). None when
/// nothing else can use it.
fn used_outside_pod_identity(
    name: &str,
    role: &ObservedRole,
    usage: &AccountUsage,
) -> Option<String> {
    match usage.instance_profiles.get(name) {
        None => {
            return Some(
                "epi did not read its instance profiles (iam:ListInstanceProfilesForRole), so it cannot prove that no EC2 instance uses it".into(),
            );
        }
        Some(profiles) if !profiles.is_empty() => {
            return Some(format!(
                "it is in instance profile(s) {}: EC2 instances may act as it",
                profiles.join(", ")
            ));
        }
        Some(_) => {}
    }
    let others = trust::other_principals(&role.trust_policy);
    if others.is_empty() {
        return None;
    }
    // Another account's principal may use the role as an association's target role (#32 item
    // 4); prune reads only the role's own account.
    let own = crate::validate::Arn::account_of(&role.arn).unwrap_or_default();
    let foreign: BTreeSet<&str> = others
        .iter()
        .filter_map(|p| p.strip_prefix("AWS "))
        .filter_map(|p| {
            if p.len() == 12 && p.bytes().all(|b| b.is_ascii_digit()) {
                Some(p)
            } else {
                crate::validate::Arn::account_of(p)
            }
        })
        .filter(|account| *account != own)
        .collect();
    let across = if foreign.is_empty() {
        String::new()
    } else {
        format!(
            " (account {} may use it as an association's target role; prune reads only account {own})",
            foreign.into_iter().collect::<Vec<_>>().join(", ")
        )
    };
    Some(format!(
        "its trust policy also admits {}, which may use it{across}",
        others.join(", ")
    ))
}

/// The statements epi wrote on the stack's remaining roles for service accounts nothing uses any
/// longer.
fn prune_trust(
    desired: &Desired,
    observed: &Observed,
    wants: &[Want<'_>],
    deleted: &BTreeSet<&str>,
    deleting_roles: &BTreeSet<&str>,
    out: &mut Plan,
) {
    let stack = desired.stack.as_deref();
    let others = |arn: &str| other_users(observed, deleted, arn);
    for (name, role) in &observed.roles {
        let Some(role) = role else { continue };
        // A role the files name is the stack's by the files' word; any other needs its path
        // as proof, as for a delete (tags can be forged, #32).
        let proved =
            desired.role(name).is_some() || stack.is_some_and(|s| path_proves_stack(&role.path, s));
        if Ownership::of(&role.tags, stack) != Ownership::Ours
            || !proved
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
            .map(|(namespace, service_account)| {
                TrustGrant::for_association(&namespace, &service_account, true)
            })
            .collect();
        if remove.is_empty() {
            continue;
        }
        // A region (or the account's region list) that could not be read may hold the
        // association that still needs a grant: keep them all, say why, count it unproven (#32).
        let usage = observed.usage.as_ref().expect("read above");
        if !usage.unreadable.is_empty() {
            let pairs: Vec<String> = remove
                .iter()
                .map(|g| format!("{}/{}", g.namespace, g.service_account))
                .collect();
            out.notes.push(format!(
                "the trust grants of role {name} for {} are kept: epi could not prove that nothing in the account uses them ({} could not be read)",
                pairs.join(", "),
                usage.unreadable.join("; ")
            ));
            out.unproven.push(format!("{name} (trust grants)"));
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
            session_tags: true,
            // Scoped to this cluster (#32 item 6).
            per_cluster: true,
            narrows: false,
        })
        .collect();
    let (managed, inline) = role_policies(role, desired, observed)?;
    let existing = observed.roles.get(&role.name).cloned().flatten();
    let grants = match &existing {
        Some(current) => narrowing(grants, role, current, observed, out),
        None => grants,
    };
    let Some(current) = existing else {
        create_role(role, &grants, desired, observed, managed, inline, out);
        return Ok(());
    };
    if role.path_given && current.path != role.path {
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
            // Taken in, not made: prune never deletes it unless the files say so (#32).
            tags.insert(ADOPTED_TAG.to_string(), "true".to_string());
            if role.delete_on_prune {
                tags.insert(DELETE_ON_PRUNE_TAG.to_string(), "true".to_string());
            }
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
        .filter(|g| !g.admitted_by(&current.trust_policy, cluster, &observed.cluster_arn))
        .cloned()
        .collect();
    let mut trust_now = current.trust_policy.clone();
    if !missing.is_empty() {
        let mut after = current.trust_policy.clone();
        for g in &missing {
            after = g.added_to(&after, cluster, &observed.cluster_arn);
        }
        trust_now = after.clone();
        out.changes.push(Change::UpdateTrustPolicy {
            role: role.name.clone(),
            add: missing,
            before: current.trust_policy.clone(),
            after,
        });
    }
    if owned && !role.unscoped {
        unscoped_drift(role, &current, trust_now, wants, observed, out);
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
    if let Some(s) = stack
        && role.delete_on_prune
        && !path_proves_stack(&current.path, s)
    {
        out.notes.push(format!(
            "{}: `deleteOnPrune` cannot take effect on role {}: its path {} is not under {}, and prune deletes only roles whose path proves the stack made them (tags can be forged); delete it by hand when it should go",
            role.at,
            role.name,
            current.path,
            stack_path(s)
        ));
    }
    let mut want_tags = role.tags.clone();
    if owned && role.delete_on_prune && current.tags.contains_key(ADOPTED_TAG) {
        want_tags.insert(DELETE_ON_PRUNE_TAG.to_string(), "true".to_string());
    }
    want_tags.retain(|k, v| current.tags.get(k) != Some(v));
    if !want_tags.is_empty() {
        out.changes.push(Change::TagRole {
            role: role.name.clone(),
            tags: want_tags,
        });
    }
    sync_policies(role, &current, &managed, &inline, manage_extras, out);
    Ok(())
}

/// The grants of an existing role, each marked to narrow the statement epi wrote for its service
/// account before statements named the cluster (#32 item 6: it admits the service account of
/// every cluster in the account) when no association of another cluster is proved to rely on
/// it. The proof is the account-wide read (`needs_usage`); an association elsewhere keeps the
/// old statement, with a note.
fn narrowing(
    grants: Vec<TrustGrant>,
    role: &crate::manifest::config::DesiredRole,
    current: &ObservedRole,
    observed: &Observed,
    out: &mut Plan,
) -> Vec<TrustGrant> {
    let legacy = trust::cluster_less_pairs(&current.trust_policy);
    let here = format!(
        "{}/",
        observed
            .cluster_arn
            .replacen(":cluster/", ":podidentityassociation/", 1)
    );
    let mut out_grants = Vec::with_capacity(grants.len());
    for mut g in grants {
        let pair = (g.namespace.clone(), g.service_account.clone());
        if g.scoped && legacy.contains(&pair) {
            match other_users(observed, &BTreeSet::new(), &current.arn) {
                None => out.needs_usage = true,
                Some(users) => {
                    // What the trust would admit once narrowed: an association of another
                    // cluster that a statement for its own cluster admits does not rely on it.
                    let narrowed = trust::without_cluster_less_service_accounts(
                        &current.trust_policy,
                        &[pair],
                    );
                    let elsewhere = users.iter().find(|u| {
                        !u.target
                            && u.namespace == g.namespace
                            && u.service_account == g.service_account
                            && !u.association_arn.starts_with(&here)
                            && !admitted_in_its_cluster(&narrowed, u)
                    });
                    match elsewhere {
                        None => g.narrows = true,
                        Some(u) => out.notes.push(format!(
                            "{}: role {}'s trust lets {}/{} of any cluster in the account use it, not only {}'s: association {} relies on that, so it is kept (name the role in that cluster's files to scope it there too)",
                            role.at, role.name, g.namespace, g.service_account, observed.cluster, u.association_arn
                        )),
                    }
                }
            }
        }
        out_grants.push(g);
    }
    out_grants
}

/// A role of the files whose trust lets Pod Identity assume it with no condition, although no
/// file wants that (`trust: {unscoped: true}`): left by `--fix-trust --allow-unscoped-trust` for
/// an association with session tags off, it lets any association of the account use the role
/// (#32 item 5). Removed as trust drift once no association outside the files' wants is proved
/// to use the role (with session tags off it might need the statement); else a note.
fn unscoped_drift(
    role: &crate::manifest::config::DesiredRole,
    current: &ObservedRole,
    trust_now: Value,
    wants: &[Want<'_>],
    observed: &Observed,
    out: &mut Plan,
) {
    if !trust::statements_unscoped(&trust_now) {
        return;
    }
    let Some(users) = other_users(observed, &BTreeSet::new(), &current.arn) else {
        out.needs_usage = true;
        return;
    };
    // The files' own associations of this role send session tags (an association with them off
    // needs `trust: {unscoped: true}`); any other may rely on the statement.
    let wanted = |u: &RoleUser| {
        observed.associations.iter().any(|o| {
            o.association_arn == u.association_arn
                && wants.iter().any(|w| {
                    w.namespace == o.namespace
                        && w.spec.service_account == o.service_account
                        && w.fields.role_arn == current.arn
                        && !w.fields.disable_session_tags
                })
        })
    };
    if let Some(u) = users.iter().find(|u| !u.target && !wanted(u)) {
        out.notes.push(format!(
            "{}: role {}'s trust lets any association of the account use it (a Pod Identity statement with no condition), which no file asks for; association {} ({}/{}) may rely on it, so it is kept",
            role.at, role.name, u.association_arn, u.namespace, u.service_account
        ));
        return;
    }
    let after = trust::without_unscoped_pod_identity(&trust_now);
    out.changes.push(Change::RemoveTrustGrants {
        role: role.name.clone(),
        remove: vec![TrustGrant::unscoped()],
        before: trust_now,
        after,
    });
}

/// Whether a trust admits an association's service account in the association's own cluster
/// (its ARN names region, account and cluster), session tags on.
fn admitted_in_its_cluster(doc: &Value, user: &RoleUser) -> bool {
    let Some((head, rest)) = user.association_arn.split_once(":podidentityassociation/") else {
        return false;
    };
    let Some((cluster, _)) = rest.split_once('/') else {
        return false;
    };
    let cluster_arn = format!("{head}:cluster/{cluster}");
    matches!(
        trust::admits(
            doc,
            &PodIdentityRequest {
                cluster_name: cluster,
                cluster_arn: &cluster_arn,
                namespace: &user.namespace,
                service_account: &user.service_account,
                session_tags: true,
            }
        ),
        Verdict::Admits
    )
}

/// A role of the files that does not exist: made with its trust (the grants), its tags (the
/// stack's ownership among them) and its policies.
fn create_role(
    role: &crate::manifest::config::DesiredRole,
    grants: &[TrustGrant],
    desired: &Desired,
    observed: &Observed,
    managed: BTreeSet<String>,
    inline: BTreeMap<String, Value>,
    out: &mut Plan,
) {
    let cluster = &observed.cluster;
    let mut trust_doc = empty_trust();
    for g in grants {
        trust_doc = g.added_to(&trust_doc, cluster, &observed.cluster_arn);
    }
    if grants.is_empty() && role.unscoped {
        trust_doc = TrustGrant::unscoped().added_to(&trust_doc, cluster, &observed.cluster_arn);
    }
    if let Some(stack) = desired.stack.as_deref()
        && !path_proves_stack(&role.path, stack)
    {
        out.notes.push(format!(
            "{}: role {} is created with path {}, outside {}: `--prune` will never delete it, because only a path under {} proves that the stack created a role (leave `path` out to get it)",
            role.at,
            role.name,
            role.path,
            stack_path(stack),
            stack_path(stack)
        ));
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
}

/// A role's policies brought in line with the files: what is missing attached or put, what
/// differs put again, and (for a role the stack owns or adopts) what the files do not name
/// detached or deleted.
fn sync_policies(
    role: &crate::manifest::config::DesiredRole,
    current: &ObservedRole,
    managed: &BTreeSet<String>,
    inline: &BTreeMap<String, Value>,
    manage_extras: bool,
    out: &mut Plan,
) {
    for arn in managed {
        if !current.managed_policies.contains(arn) {
            out.changes.push(Change::AttachPolicy {
                role: role.name.clone(),
                policy_arn: arn.clone(),
            });
        }
    }
    for (name, doc) in inline {
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

/// The plan as `--output json|yaml` prints it (docs/json-output.md).
pub fn to_json(plans: &[(String, Plan)]) -> Value {
    let changes: Vec<ChangeView> = plans
        .iter()
        .flat_map(|(_, p)| p.changes.iter().map(Change::view))
        .collect();
    let notes: Vec<&String> = plans.iter().flat_map(|(_, p)| p.notes.iter()).collect();
    json!({"changes": changes, "notes": notes})
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
