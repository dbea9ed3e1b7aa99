//! Gathering the observed state a plan compares with: every read, none of the writes.

use std::collections::{BTreeMap, BTreeSet};

use futures_util::{StreamExt, TryStreamExt};

use super::{
    AccountUsage, AssociationFields, Observed, ObservedAssociation, ObservedNamespace,
    ObservedRole, RoleUser,
};
use crate::aws::eks::{AGENT_ADDON, ClusterInfo};
use crate::aws::{AwsContext, AwsError};
use crate::kube::KubeContext;
use crate::manifest::config::{Desired, RoleRef};
use crate::policy::access::{AssociationFacts, RoleFacts};
use crate::validate::{Arn, RoleArn};

/// How many reads are in flight at once.
pub const READ_CONCURRENCY: usize = 16;

/// Every association of the cluster (optionally only some namespaces), described.
pub async fn associations(
    ctx: &AwsContext,
    cluster: &str,
    namespaces: &[String],
) -> Result<Vec<ObservedAssociation>, AwsError> {
    let mut summaries = ctx.list_associations(cluster, None, None).await?;
    if !namespaces.is_empty() {
        summaries.retain(|s| namespaces.contains(&s.namespace));
    }
    let mut out: Vec<ObservedAssociation> = futures_util::stream::iter(summaries)
        .map(|s| async move {
            let a = ctx.describe_association(cluster, &s.association_id).await?;
            Ok::<_, AwsError>(ObservedAssociation {
                fields: AssociationFields::of(&a),
                association_id: a.association_id,
                association_arn: a.association_arn,
                namespace: a.namespace,
                service_account: a.service_account,
                tags: a.tags,
                owner_arn: a.owner_arn,
                external_id: a.external_id,
            })
        })
        .buffer_unordered(READ_CONCURRENCY)
        .try_collect()
        .await?;
    out.sort_by(|a, b| (&a.namespace, &a.service_account).cmp(&(&b.namespace, &b.service_account)));
    Ok(out)
}

/// A role with its policies, or None when it does not exist.
pub async fn role(ctx: &AwsContext, name: &str) -> Result<Option<ObservedRole>, AwsError> {
    let Some(details) = ctx.role_details(name).await? else {
        return Ok(None);
    };
    let (managed, inline) =
        tokio::try_join!(ctx.attached_policy_arns(name), ctx.inline_policies(name))?;
    Ok(Some(ObservedRole {
        name: details.name,
        arn: details.arn,
        path: details.path,
        permissions_boundary: details.permissions_boundary,
        trust_policy: details.trust_policy,
        managed_policies: managed.into_iter().collect(),
        inline_policies: inline,
        tags: details.tags,
        last_used: details.last_used,
    }))
}

/// What to read beyond the associations and the agent.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// Roles to read by name (the roles of epi-owned associations are read too).
    pub roles: BTreeSet<String>,
    /// The agent versions EKS offers (for `default` and `latest`).
    pub agent_offered: bool,
    /// The cluster's namespaces (for namespace selectors).
    pub namespaces: bool,
    /// The stack whose roles are read wherever they are (tagged `epi:stack=<stack>`), so a role
    /// that a failed or killed run left behind is found again.
    pub stack: Option<String>,
}

impl Scope {
    /// What a plan of `desired` needs: the files' roles, and the roles named by ARN in the
    /// cluster's account (`account`).
    pub fn of(desired: &Desired, account: &str) -> Scope {
        let mut roles: BTreeSet<String> = desired.roles.iter().map(|r| r.name.clone()).collect();
        for a in &desired.associations {
            if let RoleRef::Arn(arn) = &a.role
                && Arn::account_of(arn) == Some(account)
            {
                roles.insert(super::role_name_of(arn).to_string());
            }
        }
        Scope {
            roles,
            agent_offered: matches!(desired.agent.as_deref(), Some("default" | "latest")),
            namespaces: desired.uses_selectors(),
            stack: desired.stack.clone(),
        }
    }
}

/// Reads the associations, the agent, the roles of `scope` and of epi-owned associations, and
/// what else `scope` asks for (`kube` is needed for namespaces).
pub async fn observe(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    scope: &Scope,
    kube: Option<&KubeContext>,
) -> crate::error::Result<Observed> {
    let partition = cluster.partition().to_string();
    let (associations, agent) = tokio::try_join!(
        associations(ctx, &cluster.name, &[]),
        ctx.describe_addon(&cluster.name, AGENT_ADDON)
    )?;
    let same_account = |arn: &str| Arn::account_of(arn) == Some(cluster.account.as_str());
    let mut names = scope.roles.clone();
    if let Some(stack) = &scope.stack {
        names.extend(
            ctx.roles_tagged(crate::manifest::config::STACK_TAG, stack)
                .await?,
        );
    }
    for a in associations.iter().filter(|a| a.owned()) {
        if same_account(&a.fields.role_arn) {
            names.insert(super::role_name_of(&a.fields.role_arn).to_string());
        }
    }
    let roles: BTreeMap<String, Option<ObservedRole>> = futures_util::stream::iter(names)
        .map(|name| async move {
            let r = role(ctx, &name).await?;
            Ok::<_, AwsError>((name, r))
        })
        .buffer_unordered(READ_CONCURRENCY)
        .try_collect()
        .await?;
    let agent_offered = if scope.agent_offered {
        ctx.addon_versions(AGENT_ADDON, &cluster.version)
            .await?
            .into_iter()
            .map(|v| (v.version, v.default))
            .collect()
    } else {
        Vec::new()
    };
    let namespaces = match kube {
        Some(kube) if scope.namespaces => Some(
            kube.namespaces()
                .await?
                .into_iter()
                .map(|(name, labels)| ObservedNamespace { name, labels })
                .collect(),
        ),
        _ => None,
    };
    Ok(Observed {
        cluster: cluster.name.clone(),
        cluster_arn: cluster.arn.clone(),
        region: ctx.region().to_string(),
        account: cluster.account.clone(),
        partition,
        associations,
        roles,
        agent: agent.map(|a| a.version),
        agent_offered,
        namespaces,
        usage: None,
    })
}

/// Every cluster of a region with its associations.
type RegionAssociations = Vec<(String, Vec<ObservedAssociation>)>;

/// Who uses each role in the whole account: every association of every cluster of every region
/// where EKS is offered in the partition (ListClusters per region, then each cluster's
/// associations, described). What cannot be read is listed in `unreadable`, never skipped: a
/// role is proved unused only when everything was read.
pub async fn account_usage(ctx: &AwsContext, partition: &str) -> AccountUsage {
    let mut usage = AccountUsage::default();
    // The account's enabled regions; when they cannot be listed, the EKS regions epi knows, and
    // every other region counts as unread (so nothing is proved unused).
    let mut regions: Vec<String> = match ctx.enabled_regions().await {
        Ok(regions) if !regions.is_empty() => regions,
        result => {
            let why = match result {
                Err(e) => e.to_string(),
                Ok(_) => "it listed none".to_string(),
            };
            usage.unreadable.push(format!(
                "the account's regions other than the EKS regions epi knows (account:ListRegions: {why})"
            ));
            if partition == "aws" {
                crate::aws::fleet::EKS_REGIONS
                    .iter()
                    .map(|r| r.to_string())
                    .collect()
            } else {
                Vec::new()
            }
        }
    };
    if !regions.iter().any(|r| r == ctx.region()) {
        regions.push(ctx.region().to_string());
    }
    let per_region: Vec<(String, Result<RegionAssociations, AwsError>)> =
        futures_util::stream::iter(regions)
            .map(|region| async move {
                let rctx = ctx.for_region(&region);
                let read = async {
                    let mut out = Vec::new();
                    for cluster in rctx.list_clusters().await? {
                        let found = associations(&rctx, &cluster, &[]).await?;
                        out.push((cluster, found));
                    }
                    Ok::<_, AwsError>(out)
                }
                .await;
                (region, read)
            })
            .buffer_unordered(8)
            .collect()
            .await;
    for (region, read) in per_region {
        match read {
            Err(e) => usage.unreadable.push(format!("{region}: {e}")),
            Ok(clusters) => {
                for (_, found) in clusters {
                    for a in found {
                        let user = |target| RoleUser {
                            association_arn: a.association_arn.clone(),
                            namespace: a.namespace.clone(),
                            service_account: a.service_account.clone(),
                            target,
                        };
                        usage
                            .users
                            .entry(a.fields.role_arn.clone())
                            .or_default()
                            .push(user(false));
                        if let Some(t) = &a.fields.target_role_arn {
                            usage.users.entry(t.clone()).or_default().push(user(true));
                        }
                    }
                }
            }
        }
    }
    usage.unreadable.sort();
    usage
}

/// The instance profiles of each role epi owns among those the plan looked at (the only ones
/// prune may delete), and when IAM last saw each used (from the role as observed), into `usage`; one that cannot be read is
/// unreadable, so nothing is proved.
pub async fn instance_profiles(ctx: &AwsContext, observed: &Observed, usage: &mut AccountUsage) {
    let names: Vec<&String> = observed
        .roles
        .iter()
        .filter_map(|(name, role)| role.as_ref().filter(|r| r.owned()).map(|_| name))
        .collect();
    let read: Vec<(String, Result<Vec<String>, AwsError>)> = futures_util::stream::iter(&names)
        .map(|name| async move { (name.to_string(), ctx.instance_profiles_for_role(name).await) })
        .buffer_unordered(READ_CONCURRENCY)
        .collect()
        .await;
    for (name, result) in read {
        match result {
            Ok(profiles) => {
                usage.instance_profiles.insert(name, profiles);
            }
            Err(e) => usage
                .unreadable
                .push(format!("the instance profiles of role {name}: {e}")),
        }
    }
    // When IAM last saw each used (GetRole's RoleLastUsed, read with the role): a recent use
    // keeps the role.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    for name in names {
        if let Some(Some(role)) = observed.roles.get(name)
            && let Some((at, region)) = &role.last_used
        {
            let hours_ago = (now - at).max(0) / 3600;
            if hours_ago < crate::plan::RECENT_USE_HOURS {
                usage.recently_used.insert(
                    name.clone(),
                    crate::plan::RecentUse {
                        hours_ago,
                        region: region.clone(),
                    },
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// What `epi access` and doctor read to ask the Pod Identity chain (`policy::access`).

type RoleCell = std::sync::Arc<tokio::sync::OnceCell<Option<RoleFacts>>>;

/// The roles of a run, each read once (GetRole and its policy lists at once, then each policy),
/// however many associations share it; managed policies through one [`PolicyCache`].
#[derive(Default)]
pub struct Roles {
    pub policies: crate::aws::iam::PolicyCache,
    roles: std::sync::Mutex<std::collections::HashMap<String, RoleCell>>,
}

impl Roles {
    /// A role by ARN, read with `ctx` (credentials of the role's account); None when it does not
    /// exist.
    pub async fn read(&self, ctx: &AwsContext, arn: &str) -> Result<Option<RoleFacts>, AwsError> {
        let cell = self
            .roles
            .lock()
            .expect("the lock is never held across a panic")
            .entry(arn.to_string())
            .or_default()
            .clone();
        cell.get_or_try_init(|| read_role(ctx, arn, &self.policies))
            .await
            .cloned()
    }
}

pub async fn read_role(
    ctx: &AwsContext,
    arn: &str,
    cache: &crate::aws::iam::PolicyCache,
) -> Result<Option<RoleFacts>, AwsError> {
    let name = RoleArn::name_of(arn);
    let (details, attached, inline) = tokio::join!(
        ctx.role_details(name),
        ctx.attached_policy_arns(name),
        ctx.inline_policies(name)
    );
    let Some(details) = details? else {
        return Ok(None);
    };
    let (attached, inline) = (attached?, inline?);
    let boundary = details.permissions_boundary.clone();
    let managed = futures_util::future::try_join_all(
        attached
            .iter()
            .chain(boundary.iter())
            .map(|p| ctx.managed_policy(p, cache)),
    )
    .await?;
    let mut docs = managed.into_iter();
    let mut policies: Vec<(String, Option<serde_json::Value>)> = attached
        .into_iter()
        .map(|p| (p, docs.next().flatten()))
        .collect();
    let boundary = boundary.map(|p| (p, docs.next().flatten()));
    policies.extend(
        inline
            .into_iter()
            .map(|(n, d)| (format!("inline:{n}"), Some(d))),
    );
    Ok(Some(RoleFacts {
        arn: details.arn,
        trust_policy: details.trust_policy,
        tags: details.tags,
        policies,
        boundary,
    }))
}

/// An association as the chain needs it. The cluster's ARN, region and account come from the
/// association's ARN (`arn:P:eks:REGION:ACCOUNT:podidentityassociation/CLUSTER/ID`), so no
/// DescribeCluster is needed.
pub fn association_facts(a: &crate::aws::eks::Association) -> AssociationFacts {
    let parts: Vec<&str> = a.association_arn.splitn(6, ':').collect();
    let (partition, region, account) = match parts.as_slice() {
        [_, p, _, r, acct, _] => (*p, *r, *acct),
        _ => ("aws", "", ""),
    };
    AssociationFacts {
        association_id: Some(a.association_id.clone()),
        cluster_name: a.cluster_name.clone(),
        cluster_arn: format!(
            "arn:{partition}:eks:{region}:{account}:cluster/{}",
            a.cluster_name
        ),
        region: region.to_string(),
        account: account.to_string(),
        namespace: a.namespace.clone(),
        service_account: a.service_account.clone(),
        role_arn: a.role_arn.clone(),
        target_role_arn: a.target_role_arn.clone(),
        disable_session_tags: a.disable_session_tags,
        external_id: a.external_id.clone(),
        external_id_pending: false,
        session_policy: crate::plan::session_policy_value(a.session_policy.as_deref()),
    }
}

/// An association of a state (as observed, or as a plan leaves it) as the access chain needs it;
/// a planned one has no id and no external id yet.
pub fn facts_in_state(state: &Observed, a: &ObservedAssociation) -> AssociationFacts {
    AssociationFacts {
        association_id: Some(a.association_id.clone()).filter(|i| !i.is_empty()),
        cluster_name: state.cluster.clone(),
        cluster_arn: state.cluster_arn.clone(),
        region: state.region.clone(),
        account: state.account.clone(),
        namespace: a.namespace.clone(),
        service_account: a.service_account.clone(),
        role_arn: a.fields.role_arn.clone(),
        target_role_arn: a.fields.target_role_arn.clone(),
        disable_session_tags: a.fields.disable_session_tags,
        external_id: a.external_id.clone(),
        external_id_pending: a.association_id.is_empty() || a.external_id.is_none(),
        session_policy: a.fields.session_policy.clone(),
    }
}

/// A role of the cluster's account in a state (as a plan leaves it, or as observed: managed
/// policies and the boundary read live), or as it is live when the state does not hold it.
pub async fn role_in_state(
    ctx: &AwsContext,
    after: &Observed,
    roles: &Roles,
    arn: &str,
) -> std::result::Result<Option<RoleFacts>, String> {
    let name = RoleArn::name_of(arn);
    if Arn::account_of(arn) != Some(after.account.as_str()) {
        return Err(format!(
            "role {arn} is not in the cluster's account {}",
            after.account
        ));
    }
    match after.roles.get(name) {
        Some(Some(r)) => from_model(ctx, roles, r).await.map(Some),
        Some(None) => Ok(None),
        None => roles
            .read(ctx, arn)
            .await
            .map_err(|e| format!("role {arn}: {e}")),
    }
}

async fn from_model(
    ctx: &AwsContext,
    roles: &Roles,
    r: &ObservedRole,
) -> std::result::Result<RoleFacts, String> {
    let read = |arn: String| async move {
        let doc = ctx
            .managed_policy(&arn, &roles.policies)
            .await
            .map_err(|e| format!("managed policy {arn}: {e}"))?;
        Ok::<_, String>((arn, doc))
    };
    let mut policies =
        futures_util::future::try_join_all(r.managed_policies.iter().cloned().map(read)).await?;
    let boundary = match &r.permissions_boundary {
        Some(b) => Some(read(b.clone()).await?),
        None => None,
    };
    policies.extend(
        r.inline_policies
            .iter()
            .map(|(n, d)| (format!("inline:{n}"), Some(d.clone()))),
    );
    Ok(RoleFacts {
        arn: r.arn.clone(),
        trust_policy: r.trust_policy.clone(),
        tags: r.tags.clone(),
        policies,
        boundary,
    })
}

// ---------------------------------------------------------------------------------------------
// The organisation's policies as the access chain takes them (#36).

/// The organisation's policies as a run read them, or why they could not be read (the error
/// and its hint), as live runs and snapshots hold them alike.
pub type OrgRead = std::result::Result<crate::aws::organizations::OrgPolicies, String>;

/// An account's policies of one kind as the evaluator takes them: one list per level, root
/// first, each named by kind, id and name; none for an account the read did not cover.
pub fn org_levels<'a>(
    policies: &'a crate::aws::organizations::OrgPolicies,
    account: &str,
    kind: crate::aws::organizations::OrgPolicyKind,
) -> Vec<Vec<crate::policy::eval::Named<'a>>> {
    policies
        .levels(account, kind)
        .unwrap_or_default()
        .into_iter()
        .map(|level| {
            level
                .into_iter()
                .map(|p| {
                    crate::policy::eval::Named::new(
                        format!("{} {} ({})", kind_name(p.kind), p.id, p.name),
                        &p.document,
                    )
                })
                .collect()
        })
        .collect()
}

/// The organisation's policies of an association's hop to its target role: the SCPs of the
/// role's account (its session calls sts:AssumeRole) and the RCPs of the target's account (the
/// target role is an STS resource). None without a target role.
pub type Levels<'a> = Vec<Vec<crate::policy::eval::Named<'a>>>;

pub fn hop_org<'a>(
    policies: &'a crate::aws::organizations::OrgPolicies,
    a: &crate::aws::eks::Association,
) -> (Levels<'a>, Levels<'a>) {
    match &a.target_role_arn {
        Some(target) => (
            org_levels(
                policies,
                crate::policy::eval::arn_account(&a.role_arn).unwrap_or_default(),
                crate::aws::organizations::OrgPolicyKind::Scp,
            ),
            org_levels(
                policies,
                crate::policy::eval::arn_account(target).unwrap_or_default(),
                crate::aws::organizations::OrgPolicyKind::Rcp,
            ),
        ),
        None => (Vec::new(), Vec::new()),
    }
}

fn kind_name(kind: crate::aws::organizations::OrgPolicyKind) -> &'static str {
    match kind {
        crate::aws::organizations::OrgPolicyKind::Scp => "SCP",
        crate::aws::organizations::OrgPolicyKind::Rcp => "RCP",
    }
}
