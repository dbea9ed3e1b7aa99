//! The planner of `epi migrate-irsa` (pure): from what was observed (the IRSA service accounts,
//! their pods, roles and associations, the add-ons on IRSA, the agent) and the options, the rows
//! it shows and the changes it carries out, in AWS's documented order: the agent, then per
//! service account trust, association, restart, and only then the IRSA removal; add-ons last.
//!
//! The steps and results are typed; they are shown (and serialized) as the words of
//! docs/json-output.md. What runs is what the plan shows: the only decision left to execution is
//! [`converge`], which meets a race the plan could not see (another writer removed the Pod
//! Identity statement after the plan read the role) and reports it as its own result.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::aws::eks::{Association, AssociationSummary, ClusterInfo};
use crate::aws::iam::RoleInfo;
use crate::kube::{IrsaServiceAccount, PodInfo, ROLE_ARN_ANNOTATION};
use crate::policy::irsa;
use crate::policy::trust::{self, PodIdentityRequest, Verdict};
use crate::validate::Arn;

use super::{AddonAssociation, AssociationFields, Change, ChangeView, TrustAddition, TrustGrant};

/// What the plan says to do for a service account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Steps are pending.
    Migrate,
    /// Association in place with the same role and nothing else asked.
    AlreadyMigrated,
    /// An association points at another role (use --force).
    Conflict,
    /// Cannot be migrated; the reason says why.
    Skip,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Migrate => "migrate",
            Action::AlreadyMigrated => "already-migrated",
            Action::Conflict => "conflict",
            Action::Skip => "skip",
        }
    }
}

/// One step of a row's plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Add the Pod Identity statement to the role's trust policy.
    Trust,
    CreateAssociation,
    /// Point the association that exists (at another role) at this one (`--force`).
    Repoint {
        association_id: String,
        from: String,
    },
    RestartWorkloads,
    RemoveIrsa,
    /// Move an add-on from `serviceAccountRoleArn` to `podIdentityAssociations`.
    Addon,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Trust => f.write_str("add Pod Identity trust"),
            Step::CreateAssociation => f.write_str("create association"),
            Step::Repoint {
                association_id,
                from,
            } => write!(f, "repoint association {association_id} from {from}"),
            Step::RestartWorkloads => f.write_str("restart workloads"),
            Step::RemoveIrsa => f.write_str("remove IRSA"),
            Step::Addon => f.write_str("move add-on to podIdentityAssociations"),
        }
    }
}

impl Serialize for Step {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What became of a row after a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowResult {
    /// Nothing was run for it: the plan's action.
    Planned(Action),
    Done {
        restarted: Vec<String>,
        irsa_removed: bool,
        /// The trust policy's size after the change is close to IAM's limit.
        warning: Option<String>,
        /// The role's trust lost its Pod Identity statement after the plan read it, and the
        /// statement was added again (the race [`converge`] meets).
        readded_before: bool,
        /// Another writer replaced the role's trust policy after this run's read-back; the
        /// statement was added again at the end of the run.
        readded_after: Option<String>,
    },
    /// The IRSA removal held back: pods still run without Pod Identity credentials.
    KeptIrsa {
        waiting: usize,
    },
    /// Not started: a signal asked the run to stop.
    NotStarted,
    Failed(Failure),
}

/// Why a unit failed, kept typed: the error (its kind, exit code and hint) and, for a failure of
/// the end-of-run check, what epi was doing. Shown as `MESSAGE (hint: HINT)`, or `DOING: MESSAGE`.
#[derive(Clone, Debug)]
pub struct Failure {
    pub doing: Option<String>,
    pub error: std::sync::Arc<crate::error::Error>,
}

impl Failure {
    /// A unit's own failure.
    pub fn of(error: crate::error::Error) -> Failure {
        Failure {
            doing: None,
            error: std::sync::Arc::new(error),
        }
    }

    /// A failure while `doing` something after the unit.
    pub fn during(doing: String, error: crate::error::Error) -> Failure {
        Failure {
            doing: Some(doing),
            error: std::sync::Arc::new(error),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.doing {
            Some(doing) => write!(f, "{doing}: {}", self.error),
            None => {
                write!(f, "{}", self.error)?;
                match self.error.hint() {
                    Some(hint) => write!(f, " (hint: {hint})"),
                    None => Ok(()),
                }
            }
        }
    }
}

impl PartialEq for Failure {
    fn eq(&self, other: &Failure) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for Failure {}

impl RowResult {
    pub fn done() -> RowResult {
        RowResult::Done {
            restarted: Vec::new(),
            irsa_removed: false,
            warning: None,
            readded_before: false,
            readded_after: None,
        }
    }
}

impl fmt::Display for RowResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowResult::Planned(action) => f.write_str(action.as_str()),
            RowResult::Done {
                restarted,
                irsa_removed,
                warning,
                readded_before,
                readded_after,
            } => {
                f.write_str("done")?;
                if !restarted.is_empty() {
                    write!(f, "; restarted {}", restarted.join(", "))?;
                }
                if *irsa_removed {
                    f.write_str("; IRSA removed")?;
                }
                if let Some(note) = warning {
                    write!(f, " (warning: {note})")?;
                }
                if *readded_before {
                    f.write_str(" (note: the role's trust lost its Pod Identity statement after the plan read it; added again)")?;
                }
                if let Some(role) = readded_after {
                    write!(
                        f,
                        "; Pod Identity statement added again (another writer had replaced role {role}'s trust policy)"
                    )?;
                }
                Ok(())
            }
            RowResult::KeptIrsa { waiting } => write!(
                f,
                "kept-irsa: {waiting} pod(s) still without Pod Identity credentials; once they are restarted, run again to remove IRSA"
            ),
            RowResult::NotStarted => f.write_str("not started (interrupted)"),
            RowResult::Failed(message) => write!(f, "failed: {message}"),
        }
    }
}

impl Serialize for RowResult {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// The add-on, for an add-on's IRSA role (namespace and service account are then empty).
    pub addon: Option<String>,
    pub namespace: String,
    pub service_account: String,
    pub role_arn: String,
    pub action: Action,
    pub reason: String,
    /// Steps still to do, in order.
    pub steps: Vec<Step>,
    /// After execution: done, failed, kept-irsa (removal deferred), or the plan's action.
    pub result: Option<RowResult>,
    /// The steps as the engine's changes (docs/json-output.md), with trust policies before and
    /// after as this plan expects them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<ChangeView>,
}

impl Row {
    fn new(addon: Option<String>, namespace: &str, service_account: &str, role_arn: &str) -> Row {
        Row {
            addon,
            namespace: namespace.to_string(),
            service_account: service_account.to_string(),
            role_arn: role_arn.to_string(),
            action: Action::Skip,
            reason: String::new(),
            steps: Vec::new(),
            result: None,
            changes: Vec::new(),
        }
    }

    /// `namespace/name`, or `addon/NAME`: the key of the row's unit.
    pub fn key(&self) -> String {
        match &self.addon {
            Some(name) => format!("addon/{name}"),
            None => format!("{}/{}", self.namespace, self.service_account),
        }
    }
}

/// What was observed of one IRSA service account.
#[derive(Clone, Debug)]
pub struct ServiceAccountFacts {
    pub sa: IrsaServiceAccount,
    /// Its pods.
    pub pods: Vec<PodInfo>,
    /// The association for it, described (None when there is none).
    pub existing: Option<Association>,
}

/// What was observed of an add-on with a `serviceAccountRoleArn`.
#[derive(Clone, Debug)]
pub struct AddonFacts {
    pub name: String,
    pub version: String,
    pub role_arn: String,
    pub has_pod_identity_associations: bool,
    /// The service accounts DescribeAddonConfiguration lists for Pod Identity, or why they
    /// could not be read.
    pub service_accounts: Result<Vec<String>, String>,
    /// The role, when it is in the cluster's account (None: it does not exist).
    pub role: Option<RoleInfo>,
}

/// Everything the plan is made from.
#[derive(Clone, Debug)]
pub struct Observed {
    pub cluster: ClusterInfo,
    /// The cluster's OIDC provider (`oidc.eks.REGION.amazonaws.com/id/ID`).
    pub provider: String,
    pub accounts: Vec<ServiceAccountFacts>,
    /// The roles of the service accounts, by name (None: it does not exist).
    pub roles: BTreeMap<String, Option<RoleInfo>>,
    pub addons: Vec<AddonFacts>,
    /// The change that installs the missing agent, as `plan::addon_install` decided it; None
    /// when the agent is there (or Auto Mode runs it).
    pub agent: Option<Change>,
    /// The agent is missing (whether or not epi may install it).
    pub agent_missing: bool,
}

/// The options of the command, as plain values.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub force: bool,
    pub restart_workloads: bool,
    pub remove_irsa: bool,
    /// Install the agent when it is missing (not `--no-install-agent`).
    pub install_agent: bool,
}

/// One unit of work: a service account's or an add-on's changes, carried out together.
#[derive(Clone, Debug)]
pub struct Unit {
    /// The key of its row.
    pub key: String,
    pub role_name: String,
    /// The role as the plan read it.
    pub role: RoleInfo,
    pub kind: UnitKind,
    pub steps: Vec<Step>,
    /// The steps as the engine's changes, on the role as the plan read it.
    pub changes: Vec<Change>,
}

#[derive(Clone, Debug)]
pub enum UnitKind {
    ServiceAccount {
        sa: IrsaServiceAccount,
        existing: Option<Box<Association>>,
    },
    Addon {
        name: String,
        service_accounts: Vec<String>,
    },
}

#[derive(Clone, Debug)]
pub struct Plan {
    pub rows: Vec<Row>,
    /// The agent's install, first, when it is missing and may be installed.
    pub agent: Option<Change>,
    /// The agent is missing and `--no-install-agent` forbids installing it: nothing can run.
    pub agent_blocked: bool,
    pub agent_missing: bool,
    /// The service accounts' units, then the add-ons'.
    pub units: Vec<Unit>,
}

impl Plan {
    /// Whether any row has work pending.
    pub fn pending(&self) -> bool {
        self.rows.iter().any(|r| r.action == Action::Migrate)
    }

    /// Every change of the plan in the order it runs (the agent first), as shown.
    pub fn views(&self) -> Vec<ChangeView> {
        self.agent
            .iter()
            .chain(self.units.iter().flat_map(|u| u.changes.iter()))
            .map(Change::view)
            .collect()
    }
}

/// The plan of a migration.
pub fn plan(observed: &Observed, options: &Options) -> Plan {
    let mut rows = Vec::new();
    let mut units = Vec::new();
    // Each role as the units planned so far leave it: the service accounts of one role run one
    // after the other, each on the trust policy the one before wrote, and are planned so.
    let mut roles = observed.roles.clone();
    for facts in &observed.accounts {
        let (row, unit) = plan_service_account(observed, &roles, options, facts);
        if let Some(unit) = &unit
            && let Some(after) = unit.changes.iter().rev().find_map(|c| match c {
                Change::UpdateTrustPolicy { after, .. } | Change::RemoveIrsa { after, .. } => {
                    Some(after.clone())
                }
                _ => None,
            })
            && let Some(Some(role)) = roles.get_mut(&unit.role_name)
        {
            role.trust_policy = after;
        }
        rows.push(row);
        units.extend(unit);
    }
    // Add-ons after the service accounts: an add-on's role may be one of theirs.
    for facts in &observed.addons {
        let (row, unit) = plan_addon(&observed.cluster, facts);
        rows.push(row);
        units.extend(unit);
    }
    let pending = rows.iter().any(|r| r.action == Action::Migrate);
    Plan {
        rows,
        agent: observed
            .agent
            .clone()
            .filter(|_| pending && options.install_agent),
        agent_blocked: pending && observed.agent_missing && !options.install_agent,
        agent_missing: observed.agent_missing,
        units,
    }
}

fn plan_service_account(
    observed: &Observed,
    roles: &BTreeMap<String, Option<RoleInfo>>,
    options: &Options,
    facts: &ServiceAccountFacts,
) -> (Row, Option<Unit>) {
    let cluster = &observed.cluster;
    let sa = &facts.sa;
    let mut row = Row::new(None, &sa.namespace, &sa.name, &sa.role_arn);
    let role = match Arn::role("role ARN", &sa.role_arn) {
        Ok(role) => role,
        Err(_) => {
            row.reason = format!("the annotation {ROLE_ARN_ANNOTATION} is not a role ARN");
            return (row, None);
        }
    };
    if role.account != cluster.account {
        row.reason = format!(
            "the role is in account {}; a Pod Identity role must be in the cluster's account {} (use a target role)",
            role.account, cluster.account
        );
        return (row, None);
    }
    let fargate = facts.pods.iter().filter(|p| p.fargate).count();
    if fargate > 0 {
        row.reason =
            format!("{fargate} pod(s) run on Fargate, which cannot use Pod Identity: keep IRSA");
        return (row, None);
    }
    let Some(info) = roles.get(&role.name).cloned().flatten() else {
        row.reason = format!("role {} does not exist", role.name);
        return (row, None);
    };
    let request = request(cluster, sa);
    if !matches!(trust::admits(&info.trust_policy, &request), Verdict::Admits) {
        row.steps.push(Step::Trust);
    }
    match &facts.existing {
        None => row.steps.push(Step::CreateAssociation),
        Some(a) if a.role_arn == info.arn || a.role_arn == sa.role_arn => {}
        Some(a) if a.owner_arn.is_some() => {
            row.action = Action::Conflict;
            row.reason = format!(
                "association {} is owned by an add-on and points at {}",
                a.association_id, a.role_arn
            );
            return (row, None);
        }
        Some(a) if options.force => row.steps.push(Step::Repoint {
            association_id: a.association_id.clone(),
            from: a.role_arn.clone(),
        }),
        Some(a) => {
            row.action = Action::Conflict;
            row.reason = format!(
                "association {} points at another role, {}; --force repoints it",
                a.association_id, a.role_arn
            );
            return (row, None);
        }
    }
    if options.restart_workloads && facts.pods.iter().any(|p| !p.pod_identity_injected) {
        row.steps.push(Step::RestartWorkloads);
    }
    if options.remove_irsa
        && (!irsa::find(
            &info.trust_policy,
            &observed.provider,
            &sa.namespace,
            &sa.name,
        )
        .statements
        .is_empty()
            || sa.annotations.contains_key(ROLE_ARN_ANNOTATION))
    {
        row.steps.push(Step::RemoveIrsa);
    }
    if row.steps.is_empty() {
        row.action = Action::AlreadyMigrated;
        row.reason = "the association exists with the same role".into();
        return (row, None);
    }
    row.action = Action::Migrate;
    row.reason = if facts.existing.is_some() {
        "finishing an earlier run".into()
    } else {
        "IRSA only".into()
    };
    let changes = service_account_changes(
        cluster,
        &observed.provider,
        sa,
        &info,
        facts.existing.as_ref(),
        &row.steps,
        &facts.pods,
    );
    row.changes = changes.iter().map(Change::view).collect();
    let unit = Unit {
        key: row.key(),
        role_name: role.name,
        role: info,
        kind: UnitKind::ServiceAccount {
            sa: sa.clone(),
            existing: facts.existing.clone().map(Box::new),
        },
        steps: row.steps.clone(),
        changes,
    };
    (row, Some(unit))
}

fn request<'a>(cluster: &'a ClusterInfo, sa: &'a IrsaServiceAccount) -> PodIdentityRequest<'a> {
    PodIdentityRequest {
        cluster_name: &cluster.name,
        cluster_arn: &cluster.arn,
        namespace: &sa.namespace,
        service_account: &sa.name,
        session_tags: true,
    }
}

/// A service account's steps as the engine's changes, in the order they are carried out, on the
/// role's trust policy as `info` has it. The restart names the workloads of the pods without Pod
/// Identity credentials.
fn service_account_changes(
    cluster: &ClusterInfo,
    provider: &str,
    sa: &IrsaServiceAccount,
    info: &RoleInfo,
    existing: Option<&Association>,
    steps: &[Step],
    pods: &[PodInfo],
) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut trust_policy = info.trust_policy.clone();
    for step in steps {
        match step {
            Step::Trust => {
                let after =
                    trust::with_pod_identity_statement(&trust_policy, &request(cluster, sa));
                changes.push(Change::UpdateTrustPolicy {
                    role: info.name.clone(),
                    add: vec![TrustGrant::for_association(&sa.namespace, &sa.name, true)],
                    before: trust_policy,
                    after: after.clone(),
                });
                trust_policy = after;
            }
            Step::CreateAssociation => changes.push(Change::CreateAssociation {
                cluster: cluster.name.clone(),
                namespace: sa.namespace.clone(),
                service_account: sa.name.clone(),
                fields: AssociationFields {
                    role_arn: info.arn.clone(),
                    target_role_arn: None,
                    disable_session_tags: false,
                    session_policy: None,
                },
                tags: BTreeMap::new(),
            }),
            Step::Repoint { association_id, .. } => {
                let Some(a) = existing else { continue };
                let before = AssociationFields::of(a);
                changes.push(Change::UpdateAssociation {
                    cluster: cluster.name.clone(),
                    association_id: association_id.clone(),
                    namespace: sa.namespace.clone(),
                    service_account: sa.name.clone(),
                    after: AssociationFields {
                        role_arn: info.arn.clone(),
                        ..before.clone()
                    },
                    before,
                });
            }
            Step::RestartWorkloads => {
                let mut workloads: Vec<String> = pods
                    .iter()
                    .filter(|p| !p.pod_identity_injected)
                    .filter_map(|p| p.workload.clone())
                    .collect();
                workloads.sort();
                workloads.dedup();
                changes.push(Change::RestartWorkloads {
                    namespace: sa.namespace.clone(),
                    service_account: sa.name.clone(),
                    workloads,
                });
            }
            Step::RemoveIrsa => {
                let (after, _) =
                    irsa::remove_service_account(&trust_policy, provider, &sa.namespace, &sa.name);
                changes.push(Change::RemoveIrsa {
                    role: info.name.clone(),
                    provider: provider.to_string(),
                    namespace: sa.namespace.clone(),
                    service_account: sa.name.clone(),
                    before: trust_policy.clone(),
                    after: after.clone(),
                });
                trust_policy = after;
            }
            Step::Addon => {}
        }
    }
    changes
}

/// The plan row of an add-on with a `serviceAccountRoleArn`.
fn plan_addon(cluster: &ClusterInfo, facts: &AddonFacts) -> (Row, Option<Unit>) {
    let name = &facts.name;
    let mut row = Row::new(Some(name.clone()), "", "", &facts.role_arn);
    if facts.has_pod_identity_associations {
        row.action = Action::AlreadyMigrated;
        row.reason = "the add-on already has Pod Identity associations".into();
        return (row, None);
    }
    let service_accounts = match &facts.service_accounts {
        Ok(sas) if sas.is_empty() => {
            row.reason = format!(
                "add-on {name} {} does not support Pod Identity (DescribeAddonConfiguration lists no service account for it)",
                facts.version
            );
            return (row, None);
        }
        Ok(sas) => sas.clone(),
        Err(e) => {
            row.reason = format!("could not tell whether add-on {name} supports Pod Identity: {e}");
            return (row, None);
        }
    };
    row.service_account = service_accounts.join(",");
    let role_name = match Arn::role("role ARN", &facts.role_arn) {
        Ok(role) if role.account == cluster.account => role.name,
        Ok(role) => {
            row.reason = format!(
                "the role is in account {}; a Pod Identity role must be in the cluster's account",
                role.account
            );
            return (row, None);
        }
        Err(_) => {
            row.reason = "serviceAccountRoleArn is not a role ARN".into();
            return (row, None);
        }
    };
    let Some(info) = facts.role.clone() else {
        row.reason = format!("role {role_name} does not exist");
        return (row, None);
    };
    let addition = TrustAddition::Addon {
        service_accounts: service_accounts.clone(),
    };
    if !addition.holds(&info.trust_policy, &cluster.name, &cluster.arn) {
        row.steps.push(Step::Trust);
    }
    row.steps.push(Step::Addon);
    row.action = Action::Migrate;
    row.reason = "add-on on IRSA".into();
    let changes = addon_changes(
        cluster,
        name,
        &role_name,
        &info,
        &service_accounts,
        &row.steps,
    );
    row.changes = changes.iter().map(Change::view).collect();
    let unit = Unit {
        key: row.key(),
        role_name,
        role: info,
        kind: UnitKind::Addon {
            name: name.clone(),
            service_accounts,
        },
        steps: row.steps.clone(),
        changes,
    };
    (row, Some(unit))
}

/// An add-on's steps as the engine's changes: its trust (scoped to its service accounts; EKS
/// chooses their namespace), then its associations (never an empty list).
fn addon_changes(
    cluster: &ClusterInfo,
    addon: &str,
    role_name: &str,
    info: &RoleInfo,
    service_accounts: &[String],
    steps: &[Step],
) -> Vec<Change> {
    let addition = TrustAddition::Addon {
        service_accounts: service_accounts.to_vec(),
    };
    let mut changes = Vec::new();
    if steps.contains(&Step::Trust) {
        changes.push(Change::AddTrust {
            role: role_name.to_string(),
            after: addition.apply(&info.trust_policy, &cluster.name, &cluster.arn),
            before: info.trust_policy.clone(),
            addition,
        });
    }
    changes.push(Change::SetAddonAssociations {
        cluster: cluster.name.clone(),
        addon: addon.to_string(),
        before: Vec::new(),
        after: service_accounts
            .iter()
            .map(|sa| AddonAssociation {
                service_account: sa.clone(),
                role_arn: info.arn.clone(),
            })
            .collect(),
    });
    changes
}

/// A unit's changes on the role as read when the unit runs (the plan may be minutes old after a
/// prompt). The steps are the plan's; only the trust step converges on a race the plan could not
/// see: a Pod Identity statement another writer added since makes it unneeded, one another writer
/// removed makes it needed again. The flag says the latter happened (reported in the result).
pub fn converge(
    unit: &Unit,
    cluster: &ClusterInfo,
    provider: &str,
    role_now: &RoleInfo,
) -> (Vec<Change>, bool) {
    match &unit.kind {
        UnitKind::ServiceAccount { sa, existing } => {
            let admits = matches!(
                trust::admits(&role_now.trust_policy, &request(cluster, sa)),
                Verdict::Admits
            );
            let planned_trust = unit.steps.contains(&Step::Trust);
            let mut steps: Vec<Step> = unit
                .steps
                .iter()
                .filter(|s| **s != Step::Trust)
                .cloned()
                .collect();
            if !admits {
                steps.insert(0, Step::Trust);
            }
            let changes = service_account_changes(
                cluster,
                provider,
                sa,
                role_now,
                existing.as_deref(),
                &steps,
                &[],
            )
            .into_iter()
            // The restart as planned (it names the workloads the plan found).
            .map(|c| match c {
                Change::RestartWorkloads { .. } => unit
                    .changes
                    .iter()
                    .find(|p| matches!(p, Change::RestartWorkloads { .. }))
                    .cloned()
                    .unwrap_or(c),
                c => c,
            })
            .collect();
            (changes, !admits && !planned_trust)
        }
        UnitKind::Addon {
            name,
            service_accounts,
        } => {
            let addition = TrustAddition::Addon {
                service_accounts: service_accounts.clone(),
            };
            let mut steps = vec![Step::Addon];
            if !addition.holds(&role_now.trust_policy, &cluster.name, &cluster.arn) {
                steps.insert(0, Step::Trust);
            }
            (
                addon_changes(
                    cluster,
                    name,
                    &unit.role_name,
                    role_now,
                    service_accounts,
                    &steps,
                ),
                false,
            )
        }
    }
}

/// The exit code's rule: work (or a conflict) is left when a row is a conflict, or still to
/// migrate (not executed, or IRSA kept).
pub fn work_left(rows: &[Row], executed: bool) -> bool {
    rows.iter().any(|r| {
        r.action == Action::Conflict
            || (r.action == Action::Migrate
                && (!executed || matches!(r.result, Some(RowResult::KeptIrsa { .. }))))
    })
}

/// The `AssociationSummary` of a service account, if the cluster has one for it.
pub fn summary_for<'a>(
    associations: &'a [AssociationSummary],
    namespace: &str,
    service_account: &str,
) -> Option<&'a AssociationSummary> {
    associations
        .iter()
        .find(|a| a.namespace == namespace && a.service_account == service_account)
}
