//! Association checks (facts §1, §3, §4): per association, its role and trust policy, its target
//! role, its service account and pods, add-on ownership and the permission policies that use
//! session tags; and the cluster's count against the quota.
//!
//! Everything is read first (each role once, each namespace's pods once), then judged.

use std::collections::{BTreeMap, BTreeSet};

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use futures_util::stream::{self, StreamExt};
use serde_json::Value;

use crate::aws::eks::{Association, AssociationSummary, ClusterInfo};
use crate::aws::iam::{PolicyCache, RoleInfo, RolePolicy};
use crate::aws::{AwsContext, AwsError};
use crate::kube::{KubeError, PodInfo, ROLE_ARN_ANNOTATION, ServiceAccountInfo};
use crate::plan::observe::OrgRead;
use crate::policy::access;
use crate::policy::lint::{self, Severity};
use crate::policy::tags::{PODS_PRINCIPAL, SESSION_TAGS};
use crate::policy::trust::{self, PodIdentityRequest, Verdict};

use super::{Area, Check, Kube, Status};

const AREA: Area = Area::Associations;
/// Associations per cluster, not adjustable (facts §1).
const QUOTA: usize = 1000;

/// A role as read: the role (None: it does not exist) and its permission policies; for an
/// association's role, also as `epi access` reads it (boundary and tags included), so that
/// doctor's permission checks are access's own.
struct RoleFacts {
    role: Result<Option<RoleInfo>, AwsError>,
    policies: Option<Result<Vec<RolePolicy>, AwsError>>,
    access: Option<access::RoleFacts>,
}

/// The pods of each namespace that has an association, read once for the association and the
/// node checks.
pub type PodsByNamespace = BTreeMap<String, Result<Vec<PodInfo>, KubeError>>;

/// What the cluster's Kubernetes API said: its service accounts, and each namespace's pods.
struct KubeFacts<'p> {
    service_accounts: Result<BTreeMap<(String, String), ServiceAccountInfo>, KubeError>,
    pods: &'p PodsByNamespace,
}

fn role_name(arn: &str) -> &str {
    crate::validate::RoleArn::name_of(arn)
}

fn account_of(arn: &str) -> &str {
    crate::validate::Arn::account_of(arn).unwrap_or_default()
}

/// The associations `--namespace` selects, sorted by namespace and service account.
pub fn selected<'a>(
    summaries: &'a [AssociationSummary],
    namespaces: &[String],
) -> Vec<&'a AssociationSummary> {
    let mut selected: Vec<_> = summaries
        .iter()
        .filter(|s| namespaces.is_empty() || namespaces.contains(&s.namespace))
        .collect();
    selected.sort_by(|a, b| {
        (&a.namespace, &a.service_account).cmp(&(&b.namespace, &b.service_account))
    });
    selected
}

/// Each namespace's pods, for the namespaces of these associations.
pub async fn read_pods(
    kube: &crate::kube::KubeContext,
    selected: &[&AssociationSummary],
    concurrency: usize,
) -> PodsByNamespace {
    let spaces: BTreeSet<String> = selected.iter().map(|a| a.namespace.clone()).collect();
    stream::iter(spaces)
        .map(|ns| async move {
            let pods = kube.pods_in(&ns).await;
            (ns, pods)
        })
        .buffer_unordered(concurrency)
        .collect()
        .await
}

#[allow(clippy::too_many_arguments)]
pub async fn checks(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    kube: Kube<'_>,
    summaries: &Result<Vec<AssociationSummary>, AwsError>,
    pods: &PodsByNamespace,
    namespaces: &[String],
    concurrency: usize,
    cache: &PolicyCache,
    target: Option<(&AwsContext, &str)>,
    org: Option<&OrgRead>,
) -> Vec<Check> {
    let name = cluster.name.as_str();
    let summaries = match summaries {
        Ok(s) => s,
        Err(e) => return vec![Check::skipped(AREA, "associations", name, e)],
    };
    let mut out = vec![quota(name, summaries.len())];
    let selected = selected(summaries, namespaces);

    let described: Vec<Result<Association, (String, AwsError)>> = stream::iter(selected)
        .map(|s| async move {
            ctx.describe_association(name, &s.association_id)
                .await
                .map_err(|e| (format!("{}/{}", s.namespace, s.service_account), e))
        })
        .buffered(concurrency)
        .collect()
        .await;

    let roles = read_roles(ctx, cluster, &described, target, cache, concurrency).await;
    let kube_facts = read_kube(kube, pods, namespaces).await;

    if namespaces.is_empty() {
        out.extend(unscoped_trust(cluster, &described, &roles));
    }
    for a in described {
        match a {
            Ok(a) => out.extend(association(cluster, &a, &roles, kube_facts.as_ref(), org)),
            Err((subject, e)) => out.push(Check::skipped(AREA, "association", subject, &e)),
        }
    }
    out
}

/// The association checks from a snapshot's state (#36): its associations and roles as the
/// snapshot holds them, judged as the live ones are; the Kubernetes checks are skipped (a
/// snapshot holds no Kubernetes state).
pub fn from_snapshot(
    cluster: &ClusterInfo,
    associations: &[Association],
    snap: &crate::plan::snapshot::Snapshot,
    namespaces: &[String],
    org: Option<&OrgRead>,
) -> Vec<Check> {
    let mut out = vec![quota(&cluster.name, associations.len())];
    let described: Vec<Result<Association, (String, AwsError)>> = associations
        .iter()
        .filter(|a| namespaces.is_empty() || namespaces.contains(&a.namespace))
        .cloned()
        .map(Ok)
        .collect();
    let roles = snapshot_roles(cluster, &described, snap);
    if namespaces.is_empty() {
        out.extend(unscoped_trust(cluster, &described, &roles));
    }
    let no_kube = super::KubeUnavailable(
        "--snapshot: a snapshot holds no Kubernetes state".into(),
        Some("run doctor without --snapshot, with access to the cluster's Kubernetes API"),
    );
    let no_kube = &no_kube;
    for a in described.iter().flatten() {
        out.extend(association(cluster, a, &roles, Err(&no_kube), org));
    }
    out
}

/// The roles of the associations as [`read_roles`] gives them, from a snapshot: a role of the
/// cluster's account by name (with its policies when an association uses it as its role), one
/// of another account by ARN when the snapshot holds it.
fn snapshot_roles(
    cluster: &ClusterInfo,
    described: &[Result<Association, (String, AwsError)>],
    snap: &crate::plan::snapshot::Snapshot,
) -> BTreeMap<String, RoleFacts> {
    let of = |arn: &str, with_policies: bool| -> RoleFacts {
        match snap.role(arn) {
            Ok(Some(f)) => RoleFacts {
                role: Ok(Some(RoleInfo {
                    name: role_name(arn).to_string(),
                    arn: f.arn.clone(),
                    trust_policy: f.trust_policy.clone(),
                })),
                policies: with_policies.then(|| {
                    Ok(f.policies
                        .iter()
                        .map(|(source, document)| RolePolicy {
                            source: source.clone(),
                            document: document.clone(),
                        })
                        .collect())
                }),
                access: with_policies.then_some(f),
            },
            Ok(None) => RoleFacts {
                role: Ok(None),
                policies: None,
                access: None,
            },
            Err(reason) => RoleFacts {
                role: Err(AwsError::Service {
                    action: "iam:GetRole",
                    code: "NotInSnapshot".into(),
                    message: format!("role {arn}: {reason}"),
                }),
                policies: None,
                access: None,
            },
        }
    };
    let mut roles = BTreeMap::new();
    for a in described.iter().flatten() {
        if account_of(&a.role_arn) == cluster.account {
            roles.insert(role_name(&a.role_arn).to_string(), of(&a.role_arn, true));
        }
    }
    for a in described.iter().flatten() {
        let Some(t) = a.target_role_arn.as_deref() else {
            continue;
        };
        if account_of(t) == cluster.account {
            roles
                .entry(role_name(t).to_string())
                .or_insert_with(|| of(t, false));
        } else if let Ok(Some(_)) = snap.role(t) {
            roles.insert(t.to_string(), of(t, false));
        }
    }
    roles
}

/// #32 item 5: a role whose trust scopes Pod Identity by request tags but also lets it assume the
/// role with no condition (any association of the account, in any cluster, may then use it,
/// whatever the scoped statements say) although no association of this cluster that uses it has
/// session tags off, the one case that needs such a statement. What
/// `--fix-trust --allow-unscoped-trust` leaves after session tags are turned back on, or after
/// the association is deleted. Only when every association was read (no namespace filter).
fn unscoped_trust(
    cluster: &ClusterInfo,
    described: &[Result<Association, (String, AwsError)>],
    roles: &BTreeMap<String, RoleFacts>,
) -> Vec<Check> {
    if described.iter().any(Result::is_err) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (name, facts) in roles {
        let Ok(Some(info)) = &facts.role else {
            continue;
        };
        let users: Vec<&Association> = described
            .iter()
            .flatten()
            .filter(|a| {
                role_name(&a.role_arn) == name && account_of(&a.role_arn) == cluster.account
            })
            .collect();
        // A trust of unscoped statements alone is AWS's documented default (every association
        // of the account may use the role, by choice); next to scoped ones it defeats them.
        let scoped = crate::policy::statements(&info.trust_policy)
            .into_iter()
            .any(trust::is_scoped_pod_identity_statement);
        if users.is_empty()
            || users.iter().any(|a| a.disable_session_tags)
            || !trust::statements_unscoped(&info.trust_policy)
            || !scoped
        {
            continue;
        }
        let sids: Vec<String> = crate::policy::statements(&info.trust_policy)
            .into_iter()
            .filter(|st| trust::is_unscoped_pod_identity_statement(st))
            .map(|st| {
                st.get("Sid")
                    .and_then(Value::as_str)
                    .map_or_else(|| "(no Sid)".to_string(), |s| format!("Sid {s}"))
            })
            .collect();
        out.push(
            Check::new(
                AREA,
                "unscoped-trust",
                name.as_str(),
                Status::Warn,
                format!(
                    "role {name}'s trust scopes Pod Identity by request tags, but a statement for {PODS_PRINCIPAL} with no condition lets any association of the account use it anyway; none of the {} association(s) of cluster {} that use it has session tags off, the one case that needs it",
                    users.len(),
                    cluster.name
                ),
            )
            .evidence(sids.iter().map(|s| format!("statement {s}")))
            .hint(format!(
                "check that no association of another cluster uses {} with session tags off, then remove the statement from its trust policy (a role of epi's files: `epi apply` removes it); `epi policy trust` shows the scoped statement",
                info.arn
            )),
        );
    }
    out
}

/// Each role once: the associations' roles with their policies, the target roles without; and
/// target roles of another account, read there when doctor was given its credentials.
async fn read_roles(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    described: &[Result<Association, (String, AwsError)>],
    target: Option<(&AwsContext, &str)>,
    cache: &PolicyCache,
    concurrency: usize,
) -> BTreeMap<String, RoleFacts> {
    let mut wanted: BTreeMap<String, (String, bool)> = BTreeMap::new();
    for a in described.iter().flatten() {
        if account_of(&a.role_arn) == cluster.account {
            wanted.insert(
                role_name(&a.role_arn).to_string(),
                (a.role_arn.clone(), true),
            );
        }
        if let Some(t) = a.target_role_arn.as_deref()
            && account_of(t) == cluster.account
        {
            wanted
                .entry(role_name(t).to_string())
                .or_insert((t.to_string(), false));
        }
    }
    // Target roles of another account, read there when doctor was given its credentials (keyed
    // by ARN: a role of the same name may exist in both accounts).
    let foreign: BTreeSet<String> = match target {
        Some((_, account)) => described
            .iter()
            .flatten()
            .filter_map(|a| a.target_role_arn.clone())
            .filter(|t| account_of(t) == account && account != cluster.account)
            .collect(),
        None => BTreeSet::new(),
    };
    let mut roles: BTreeMap<String, RoleFacts> = stream::iter(wanted)
        .map(|(role, (arn, with_policies))| async move {
            if !with_policies {
                let info = ctx.get_role(&role).await;
                return (
                    role,
                    RoleFacts {
                        role: info,
                        policies: None,
                        access: None,
                    },
                );
            }
            let facts = match crate::plan::observe::read_role(ctx, &arn, cache).await {
                Ok(Some(f)) => RoleFacts {
                    role: Ok(Some(RoleInfo {
                        name: role.clone(),
                        arn: f.arn.clone(),
                        trust_policy: f.trust_policy.clone(),
                    })),
                    policies: Some(Ok(f
                        .policies
                        .iter()
                        .map(|(source, document)| RolePolicy {
                            source: source.clone(),
                            document: document.clone(),
                        })
                        .collect())),
                    access: Some(f),
                },
                Ok(None) => RoleFacts {
                    role: Ok(None),
                    policies: None,
                    access: None,
                },
                Err(e) => RoleFacts {
                    role: Err(e),
                    policies: None,
                    access: None,
                },
            };
            (role, facts)
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    if let Some((target_ctx, _)) = target {
        for arn in foreign {
            let info = target_ctx.get_role(role_name(&arn)).await;
            roles.insert(
                arn,
                RoleFacts {
                    role: info,
                    policies: None,
                    access: None,
                },
            );
        }
    }

    roles
}

/// The service accounts of the namespaces and the pods of every namespace an association names.
async fn read_kube<'a, 'p>(
    kube: Kube<'a>,
    pods: &'p PodsByNamespace,
    namespaces: &[String],
) -> Result<KubeFacts<'p>, &'a super::KubeUnavailable> {
    let kube = kube?;
    let service_accounts = kube.service_accounts(namespaces).await.map(|list| {
        list.into_iter()
            .map(|sa| ((sa.namespace.clone(), sa.name.clone()), sa))
            .collect()
    });
    Ok(KubeFacts {
        service_accounts,
        pods,
    })
}

fn quota(cluster: &str, count: usize) -> Check {
    let message = format!("{count} of {QUOTA} associations (the quota is not adjustable)");
    if count >= QUOTA * 9 / 10 {
        Check::new(AREA, "association-quota", cluster, Status::Warn, message).hint(
            "delete unused associations (`epi association list --cluster CLUSTER`), or share roles through fewer service accounts",
        )
    } else {
        Check::new(AREA, "association-quota", cluster, Status::Pass, message)
    }
}

fn association(
    cluster: &ClusterInfo,
    a: &Association,
    roles: &BTreeMap<String, RoleFacts>,
    kube: Result<&KubeFacts<'_>, &&super::KubeUnavailable>,
    org: Option<&OrgRead>,
) -> Vec<Check> {
    let subject = format!("{}/{}", a.namespace, a.service_account);
    let check =
        |id, status, message: String| Check::new(AREA, id, subject.clone(), status, message);
    let update = format!(
        "epi association update --cluster {} --region {} --id {}",
        cluster.name, cluster.region, a.association_id
    );
    let req = PodIdentityRequest {
        cluster_name: &cluster.name,
        cluster_arn: &cluster.arn,
        namespace: &a.namespace,
        service_account: &a.service_account,
        session_tags: !a.disable_session_tags,
    };
    let mut out = Vec::new();

    if let Some(owner) = &a.owner_arn {
        let addon = owner
            .split_once(":addon/")
            .and_then(|(_, rest)| rest.split('/').nth(1))
            .unwrap_or(owner);
        out.push(check(
            "addon-owned",
            Status::Pass,
            format!("owned by the {addon} add-on: change it through the add-on (UpdateAddon podIdentityAssociations), not directly"),
        ).evidence([format!("owner {owner}")]));
    }

    // The role and its trust policy.
    let role = role_name(&a.role_arn);
    let mut policies: Option<&[RolePolicy]> = None;
    if account_of(&a.role_arn) != cluster.account {
        out.push(
            check(
                "role",
                Status::Fail,
                format!(
                    "role {} is in account {}, but an association's role must be in the cluster's account {}",
                    a.role_arn,
                    account_of(&a.role_arn),
                    cluster.account
                ),
            )
            .hint(format!(
                "use a role of account {} and, for access to the other account, --target-role-arn: `{update} --role-arn ROLE --target-role-arn {}`",
                cluster.account, a.role_arn
            )),
        );
    } else {
        match roles.get(role).map(|r| &r.role) {
            None => {}
            Some(Err(e)) => out.push(Check::skipped(AREA, "role", subject.clone(), e)),
            Some(Ok(None)) => out.push(
                check("role", Status::Fail, format!("role {role} does not exist: the pods get no credentials"))
                    .evidence([format!("roleArn {}", a.role_arn)])
                    .hint(format!(
                        "create it with the trust policy of `epi policy trust --namespace {} --service-account {}` (`aws iam create-role --role-name {role} --assume-role-policy-document file://trust.json`), or point the association at another role: `{update} --role-arn ARN --fix-trust`",
                        a.namespace, a.service_account
                    )),
            ),
            Some(Ok(Some(info))) => {
                out.push(check("role", Status::Pass, format!("role {role} exists")));
                out.push(trust_check(&subject, info, &req, &update));
                policies = roles
                    .get(role)
                    .and_then(|r| r.policies.as_ref())
                    .and_then(|p| match p {
                        Ok(p) => Some(p.as_slice()),
                        Err(e) => {
                            out.push(Check::skipped(AREA, "role-policies", subject.clone(), e));
                            None
                        }
                    });
            }
        }
    }

    if let Some(target) = &a.target_role_arn {
        let role_facts = roles.get(role).and_then(|r| r.access.as_ref());
        out.extend(target_checks(
            cluster, a, &req, target, roles, role_facts, &subject, org,
        ));
    }
    if let Some(policies) = policies {
        out.extend(policy_checks(a, policies, &subject, &update));
    }

    match kube {
        Err(e) => out.push(Check::skipped(AREA, "service-account", subject.clone(), *e)),
        Ok(facts) => {
            out.extend(service_account_checks(cluster, a, facts, &subject));
            out.push(pods_check(a, facts, &subject));
            out.extend(missed_injection(a, facts, &subject));
        }
    }
    out
}

fn trust_check(
    subject: &str,
    role: &RoleInfo,
    req: &PodIdentityRequest<'_>,
    update: &str,
) -> Check {
    let actions = req.actions().join(" and ");
    match trust::admits(&role.trust_policy, req) {
        Verdict::Admits => Check::new(
            AREA,
            "trust",
            subject,
            Status::Pass,
            format!(
                "role {} trusts {PODS_PRINCIPAL} with {actions} for {subject}",
                role.name
            ),
        ),
        Verdict::Refuses(why) => Check::new(
            AREA,
            "trust",
            subject,
            Status::Fail,
            format!(
                "the trust policy of role {} refuses Pod Identity: {why}",
                role.name
            ),
        )
        .hint(if req.session_tags {
            format!("{update} --role-arn {} --fix-trust", role.arn)
        } else {
            // No request tags to scope by: the fix can only be an unscoped statement, and epi
            // asks for that to be said out loud.
            format!(
                "{update} --role-arn {} --fix-trust --allow-unscoped-trust (with session tags disabled the statement cannot be scoped to the service account), or turn session tags back on: {update} --enable-session-tags --fix-trust",
                role.arn
            )
        }),
        Verdict::Unsure(why) => Check::new(
            AREA,
            "trust",
            subject,
            Status::Warn,
            format!("the trust policy of role {}: {why}", role.name),
        )
        .hint(format!(
            "compare it with `epi policy trust --namespace {} --service-account {}`",
            req.namespace, req.service_account
        )),
    }
}

/// A target role as read: by name in the cluster's account, by ARN in another.
fn facts_of<'a>(
    roles: &'a BTreeMap<String, RoleFacts>,
    cluster: &ClusterInfo,
    target: &str,
) -> Option<&'a RoleFacts> {
    if account_of(target) == cluster.account {
        roles.get(role_name(target))
    } else {
        roles.get(target)
    }
}

#[allow(clippy::too_many_arguments)]
fn target_checks(
    cluster: &ClusterInfo,
    a: &Association,
    req: &PodIdentityRequest<'_>,
    target: &str,
    roles: &BTreeMap<String, RoleFacts>,
    role_facts: Option<&access::RoleFacts>,
    subject: &str,
    org: Option<&OrgRead>,
) -> Vec<Check> {
    let mut out = Vec::new();
    let tags_flag = if req.session_tags {
        ""
    } else {
        " --no-session-tags"
    };
    let trust_hint = format!(
        "`epi policy trust --target-role --source-role-arn {} --namespace {} --service-account {}{tags_flag} > trust.json`, then `aws iam update-assume-role-policy --role-name {} --policy-document file://trust.json` in account {}",
        a.role_arn,
        a.namespace,
        a.service_account,
        role_name(target),
        account_of(target)
    );
    let facts = facts_of(roles, cluster, target);
    if account_of(target) != cluster.account && facts.is_none() {
        out.push(
            Check::new(
                AREA,
                "target-role",
                subject,
                Status::Skip,
                format!(
                    "target role {target} is in account {}: these credentials can read roles of account {} only",
                    account_of(target),
                    cluster.account
                ),
            )
            .hint(format!("run doctor with a profile of account {} too, or check its trust policy yourself: it must let {} do {}", account_of(target), a.role_arn, req.actions().join(" and "))),
        );
    } else {
        match facts.map(|r| &r.role) {
            None => {}
            Some(Err(e)) => out.push(Check::skipped(AREA, "target-role", subject, e)),
            Some(Ok(None)) => out.push(
                Check::new(
                    AREA,
                    "target-role",
                    subject,
                    Status::Fail,
                    format!("target role {target} does not exist"),
                )
                .hint(format!("create it with the trust policy of {trust_hint}")),
            ),
            Some(Ok(Some(info))) => {
                out.extend(target_trust(cluster, a, req, info, &trust_hint, subject))
            }
        }
    }

    // The association role must be allowed to assume the target role (facts §3): asked as
    // `epi access` asks it (its policies and boundary, its session's tags).
    if let Some(role_facts) = role_facts {
        out.push(target_permission(
            cluster,
            a,
            req,
            target,
            roles,
            role_facts,
            subject,
            org.and_then(|o| o.as_ref().ok()),
        ));
    }
    out
}

/// The target role's trust as read: it must trust the association's role (with the external id
/// EKS passes), and without session tags it must require that external id.
fn target_trust(
    cluster: &ClusterInfo,
    a: &Association,
    req: &PodIdentityRequest<'_>,
    info: &RoleInfo,
    trust_hint: &str,
    subject: &str,
) -> Vec<Check> {
    let trust_hint = trust_hint.to_string();
    let mut out = Vec::new();
    let external_id = a.external_id.clone().or_else(|| {
        Some(format!(
            "{}/{}/{}/{}/{}",
            cluster.region, cluster.account, cluster.name, a.namespace, a.service_account
        ))
    });
    // Without session tags EKS passes the external id: a trust that admits any
    // external id lets other associations' roles of the account in (confused deputy).
    if !req.session_tags
        && matches!(
            trust::target_admits(&info.trust_policy, req, &a.role_arn, external_id.as_deref()),
            Verdict::Admits
        )
    {
        let requires = !matches!(
            trust::target_admits(
                &info.trust_policy,
                req,
                &a.role_arn,
                Some("epi-doctor-not-the-external-id")
            ),
            Verdict::Admits
        );
        out.push(if requires {
            Check::new(
                AREA,
                "target-external-id",
                subject,
                Status::Pass,
                format!("target role {} requires the association's external id {}", info.name, external_id.as_deref().unwrap_or_default()),
            )
        } else {
            Check::new(
                AREA,
                "target-external-id",
                subject,
                Status::Warn,
                format!("target role {} does not require the association's external id {}: with session tags disabled it is what tells this association from others of the account", info.name, external_id.as_deref().unwrap_or_default()),
            )
            .hint(trust_hint.clone())
        });
    }
    out.push(
        match trust::target_admits(&info.trust_policy, req, &a.role_arn, external_id.as_deref()) {
            Verdict::Admits => Check::new(
                AREA,
                "target-role",
                subject,
                Status::Pass,
                format!("target role {} trusts {}", info.name, a.role_arn),
            ),
            Verdict::Refuses(why) => Check::new(
                AREA,
                "target-role",
                subject,
                Status::Fail,
                format!(
                    "the trust policy of target role {} refuses the association role: {why}",
                    info.name
                ),
            )
            .hint(trust_hint.clone()),
            Verdict::Unsure(why) => Check::new(
                AREA,
                "target-role",
                subject,
                Status::Warn,
                format!("the trust policy of target role {}: {why}", info.name),
            )
            .hint(trust_hint.clone()),
        },
    );
    out
}

/// The association role's permission to assume the target role, asked as `epi access` asks it:
/// with the organisation's SCPs (of the role's account) and RCPs (of the target's) when they
/// were read (#36).
#[allow(clippy::too_many_arguments)]
fn target_permission(
    cluster: &ClusterInfo,
    a: &Association,
    req: &PodIdentityRequest<'_>,
    target: &str,
    roles: &BTreeMap<String, RoleFacts>,
    role_facts: &access::RoleFacts,
    subject: &str,
    org: Option<&crate::aws::organizations::OrgPolicies>,
) -> Check {
    let facts = crate::plan::observe::association_facts(a);
    let (scps, rcps) = org
        .map(|o| crate::plan::observe::hop_org(o, a))
        .unwrap_or_default();
    let mut verdicts = access::target_permission(role_facts, target, &facts, (&[], &[]));
    let with_org = access::target_permission(role_facts, target, &facts, (&scps, &rcps));
    let org_stops: Vec<&str> = with_org
        .iter()
        .zip(&verdicts)
        .filter(|((_, o), (_, own))| o.is_denied() && !own.is_denied())
        .map(|((action, _), _)| *action)
        .collect();
    // In one account a trust policy naming the role grants it by itself [EL]: the whole
    // step, as access evaluates it, decides then.
    if verdicts.iter().any(|(_, d)| d.is_denied())
        && let Some(Ok(Some(info))) = facts_of(roles, cluster, target).map(|r| &r.role)
    {
        let target_facts = access::RoleFacts {
            arn: info.arn.clone(),
            trust_policy: info.trust_policy.clone(),
            tags: BTreeMap::new(),
            policies: Vec::new(),
            boundary: None,
        };
        if let access::Link::Assume {
            decision: whole, ..
        } = access::target_link(role_facts, &target_facts, &facts, (&[], &[]))
            && whole == access::Outcome::Allowed
        {
            verdicts = verdicts.into_iter().map(|(a, _)| (a, whole)).collect();
        }
    }
    let missing: Vec<&str> = verdicts
        .iter()
        .filter(|(_, d)| d.is_denied())
        .map(|(a, _)| *a)
        .collect();
    let conditional = verdicts
        .iter()
        .any(|(_, d)| *d == access::Outcome::Conditional);
    let role = role_name(&a.role_arn);
    let statement = serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": req.actions(), "Resource": target}]});
    if missing.is_empty() && !org_stops.is_empty() {
        return Check::new(
            AREA,
            "target-permission",
            subject,
            Status::Fail,
            format!(
                "the organisation's policies stop role {role} from {} on target role {target}: an SCP of account {} or an RCP of account {}",
                org_stops.join(" and "),
                account_of(&a.role_arn),
                account_of(target)
            ),
        )
        .hint(format!(
            "`epi access check --cluster {} --region {} --namespace {} --service-account {} --org-policies --action sts:GetCallerIdentity --resource '*'` shows the step and the statement that stops it; the organisation's administrators must allow the call",
            cluster.name, cluster.region, a.namespace, a.service_account
        ));
    }
    if !missing.is_empty() {
        Check::new(
            AREA,
            "target-permission",
            subject,
            Status::Fail,
            format!("role {role} may not {} on target role {target}", missing.join(" or ")),
        )
        .hint(format!(
            "aws iam put-role-policy --role-name {role} --policy-name assume-target-role --policy-document '{statement}'"
        ))
    } else if conditional {
        Check::new(
            AREA,
            "target-permission",
            subject,
            Status::Warn,
            format!("role {role} may assume target role {target} only under conditions epi does not evaluate"),
        )
        .hint("check the conditions of the statements allowing sts:AssumeRole")
    } else {
        Check::new(
            AREA,
            "target-permission",
            subject,
            Status::Pass,
            format!(
                "role {role} may {} on target role {target}",
                req.actions().join(" and ")
            ),
        )
    }
}

/// The six session tags a policy refers to as `${aws:PrincipalTag/KEY}` or `aws:PrincipalTag/KEY`.
fn session_tags_used(doc: &Value) -> Vec<&'static str> {
    let text = doc.to_string().to_ascii_lowercase();
    SESSION_TAGS
        .iter()
        .filter(|tag| text.contains(&format!("aws:principaltag/{tag}")))
        .copied()
        .collect()
}

fn uses_principal_tags(doc: &Value) -> bool {
    doc.to_string()
        .to_ascii_lowercase()
        .contains("aws:principaltag/")
}

fn policy_checks(
    a: &Association,
    policies: &[RolePolicy],
    subject: &str,
    update: &str,
) -> Vec<Check> {
    let mut out = Vec::new();
    let tagged: Vec<(&str, &Value)> = policies
        .iter()
        .filter_map(|p| p.document.as_ref().map(|d| (p.source.as_str(), d)))
        .filter(|(_, d)| uses_principal_tags(d))
        .collect();

    // Session tags disabled, yet a policy relies on them.
    let relying: Vec<String> = tagged
        .iter()
        .filter_map(|(source, d)| {
            let used = session_tags_used(d);
            (!used.is_empty()).then(|| format!("{source} uses {}", used.join(", ")))
        })
        .collect();
    out.push(if a.disable_session_tags && !relying.is_empty() {
        Check::new(
            AREA,
            "session-tags",
            subject,
            Status::Fail,
            "session tags are disabled, but permission policies use session-tag variables: they will be empty and the statements will not match",
        )
        .evidence(relying)
        .hint(format!("{update} --enable-session-tags, or stop using ${{aws:PrincipalTag/…}} in these policies"))
    } else if a.disable_session_tags {
        Check::new(AREA, "session-tags", subject, Status::Pass, "session tags are disabled and no permission policy uses them")
    } else {
        Check::new(AREA, "session-tags", subject, Status::Pass, "session tags are on")
    });

    // The linter on every policy that uses principal tags.
    let mut findings = Vec::new();
    for (source, doc) in &tagged {
        for f in lint::lint(doc) {
            findings.push((*source, f));
        }
    }
    let worst = findings.iter().map(|(_, f)| f.severity).max();
    let evidence = findings
        .iter()
        .map(|(source, f)| format!("{source}: {} {}: {}", f.severity, f.location(), f.message));
    out.push(match worst {
        None => Check::new(
            AREA,
            "policy-lint",
            subject,
            Status::Pass,
            if tagged.is_empty() {
                "no permission policy uses ${aws:PrincipalTag/…}".to_string()
            } else {
                format!(
                    "{} permission policy(ies) using ${{aws:PrincipalTag/…}} lint clean",
                    tagged.len()
                )
            },
        ),
        Some(severity) => {
            let first_hint = findings
                .iter()
                .find(|(_, f)| f.severity == severity)
                .map(|(_, f)| f.hint.clone())
                .unwrap_or_default();
            Check::new(
                AREA,
                "policy-lint",
                subject,
                if severity == Severity::Error {
                    Status::Fail
                } else {
                    Status::Warn
                },
                format!(
                    "{} lint finding(s) in the permission policies that use session tags",
                    findings.len()
                ),
            )
            .evidence(evidence.collect::<Vec<_>>())
            .hint(format!(
                "{first_hint} (`epi policy lint FILE` explains each finding)"
            ))
        }
    });
    out
}

fn service_account_checks(
    cluster: &ClusterInfo,
    a: &Association,
    facts: &KubeFacts<'_>,
    subject: &str,
) -> Vec<Check> {
    let accounts = match &facts.service_accounts {
        Ok(s) => s,
        Err(e) => return vec![Check::skipped(AREA, "service-account", subject, e)],
    };
    let Some(sa) = accounts.get(&(a.namespace.clone(), a.service_account.clone())) else {
        return vec![
            Check::new(
                AREA,
                "service-account",
                subject,
                Status::Warn,
                format!(
                    "service account {subject} does not exist: no pod uses this association yet"
                ),
            )
            .hint(format!(
                "kubectl create serviceaccount -n {} {}",
                a.namespace, a.service_account
            )),
        ];
    };
    let mut out = vec![Check::new(
        AREA,
        "service-account",
        subject,
        Status::Pass,
        format!("service account {subject} exists"),
    )];
    out.push(match sa.annotations.get(ROLE_ARN_ANNOTATION) {
        Some(role) => Check::new(
            AREA,
            "irsa-annotation",
            subject,
            Status::Warn,
            "the service account still has an IRSA annotation: pods that carry web-identity variables (AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE) use IRSA first, because SDK credential chains try web identity before container credentials",
        )
        // The annotation's value is the cluster's text: one line, whatever it holds (#32).
        .evidence([format!(
            "{ROLE_ARN_ANNOTATION}: {}",
            crate::text::one_line(role)
        )])
        .hint(format!(
            "once its pods run with Pod Identity: `epi migrate-irsa --cluster {} --region {} --namespace {} --remove-irsa`, or `kubectl annotate serviceaccount -n {} {} {ROLE_ARN_ANNOTATION}-`",
            cluster.name, cluster.region, a.namespace, a.namespace, a.service_account
        )),
        None => Check::new(AREA, "irsa-annotation", subject, Status::Pass, "no IRSA annotation"),
    });
    out
}

pub(super) fn epoch(timestamp: Option<&str>) -> Option<i64> {
    DateTime::from_str(timestamp?, Format::DateTime)
        .ok()
        .map(|t| t.secs())
}

fn pods_check(a: &Association, facts: &KubeFacts<'_>, subject: &str) -> Check {
    let pods = match facts.pods.get(&a.namespace) {
        Some(Ok(p)) => p,
        Some(Err(e)) => return Check::skipped(AREA, "pods", subject, e),
        None => return Check::new(AREA, "pods", subject, Status::Pass, "no pods"),
    };
    let pods: Vec<&PodInfo> = pods
        .iter()
        .filter(|p| p.service_account == a.service_account)
        .collect();
    if pods.is_empty() {
        return Check::new(
            AREA,
            "pods",
            subject,
            Status::Pass,
            "no pods run as this service account",
        );
    }
    let fargate: Vec<String> = pods
        .iter()
        .filter(|p| p.fargate)
        .map(|p| format!("pod {} runs on Fargate", p.name))
        .collect();
    if !fargate.is_empty() {
        return Check::new(
            AREA,
            "pods",
            subject,
            Status::Fail,
            format!("{} pod(s) run on Fargate, where Pod Identity does not work", fargate.len()),
        )
        .evidence(fargate)
        .hint("keep IRSA for this service account (delete the association), or run its pods on EC2 nodes");
    }
    let associated = epoch(a.created_at.as_deref());
    let mut stale = Vec::new();
    let mut workloads = BTreeSet::new();
    for p in &pods {
        let predates =
            matches!((epoch(p.created.as_deref()), associated), (Some(p), Some(a)) if p < a);
        // A pod started after the association without the variables is `missed-injection`'s.
        if !predates {
            continue;
        }
        let reason = "started before the association";
        stale.push(format!("pod {} {reason}", p.name));
        workloads.insert(
            p.workload
                .clone()
                .unwrap_or_else(|| format!("Pod/{}", p.name)),
        );
    }
    if stale.is_empty() {
        return Check::new(
            AREA,
            "pods",
            subject,
            Status::Pass,
            format!("{} pod(s) have Pod Identity credentials", pods.len()),
        );
    }
    let commands: Vec<String> = workloads
        .iter()
        .map(|w| match w.split_once('/') {
            Some(("Pod", name)) => format!(
                "kubectl -n {} delete pod {name} (and recreate it)",
                a.namespace
            ),
            Some((kind, name)) => format!(
                "kubectl -n {} rollout restart {}/{name}",
                a.namespace,
                kind.to_ascii_lowercase()
            ),
            None => w.clone(),
        })
        .collect();
    Check::new(
        AREA,
        "pods",
        subject,
        Status::Warn,
        format!(
            "{} of {} pod(s) need a restart to get Pod Identity credentials: {}",
            stale.len(),
            pods.len(),
            workloads.into_iter().collect::<Vec<_>>().join(", ")
        ),
    )
    .evidence(stale)
    .hint(commands.join("; "))
}

/// The command that recreates a pod: its workload's rollout restart, else deleting it.
pub(super) fn restart_command(namespace: &str, p: &PodInfo) -> String {
    match p.workload.as_deref().and_then(|w| w.split_once('/')) {
        Some((kind, name)) if kind != "Pod" => format!(
            "kubectl -n {namespace} rollout restart {}/{name}",
            kind.to_ascii_lowercase()
        ),
        _ => format!(
            "kubectl -n {namespace} delete pod {} (and recreate it)",
            p.name
        ),
    }
}

/// `missed-injection`: pods of the service account started after the association with neither
/// Pod Identity's variables (`AWS_CONTAINER_CREDENTIALS_FULL_URI`) nor IRSA's
/// (`AWS_WEB_IDENTITY_TOKEN_FILE`). EKS's Pod Identity webhook adds them when the pod is created
/// (EKS User Guide, "Understand how EKS Pod Identity works"); a pod it missed still starts, since
/// the webhook's failure policy is `Ignore` (aws/eks-pod-identity-agent#153; UNVERIFIED beyond
/// that report, docs/commands.md), and its SDKs fall back to the node role's credentials. None
/// when no pod runs as the service account (the `pods` check says so).
fn missed_injection(a: &Association, facts: &KubeFacts<'_>, subject: &str) -> Option<Check> {
    const ID: &str = "missed-injection";
    let Some(Ok(pods)) = facts.pods.get(&a.namespace) else {
        return None;
    };
    let associated = epoch(a.created_at.as_deref());
    let missed: Vec<&PodInfo> = pods
        .iter()
        .filter(|p| p.service_account == a.service_account && !p.fargate)
        .filter(
            |p| !matches!((epoch(p.created.as_deref()), associated), (Some(p), Some(a)) if p < a),
        )
        .filter(|p| !p.pod_identity_injected && !p.irsa_injected)
        .collect();
    if pods.iter().all(|p| p.service_account != a.service_account) {
        return None;
    }
    if missed.is_empty() {
        return Some(Check::new(
            AREA,
            ID,
            subject,
            Status::Pass,
            "every pod started since the association has Pod Identity's (or IRSA's) variables",
        ));
    }
    let restart: BTreeSet<String> = missed
        .iter()
        .map(|p| restart_command(&a.namespace, p))
        .collect();
    Some(
        Check::new(
            AREA,
            ID,
            subject,
            Status::Fail,
            format!(
                "{} pod(s) started after the association without Pod Identity's variables: the webhook did not inject them, so they run with the node role's credentials",
                missed.len()
            ),
        )
        .evidence(
            missed
                .iter()
                .map(|p| {
                    format!(
                        "pod {} has neither AWS_CONTAINER_CREDENTIALS_FULL_URI nor AWS_WEB_IDENTITY_TOKEN_FILE",
                        p.name
                    )
                })
                .collect::<Vec<_>>(),
        )
        .hint(format!(
            "check the webhook (kubectl get mutatingwebhookconfigurations | grep pod-identity), then {}",
            restart.into_iter().collect::<Vec<_>>().join("; ")
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_session_tag_variables_in_any_case() {
        let doc = json!({"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/Kubernetes-Namespace}/*"}]});
        assert_eq!(session_tags_used(&doc), vec!["kubernetes-namespace"]);
        assert!(uses_principal_tags(&doc));
        let role_tag = json!({"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/team}/*"}]});
        assert!(session_tags_used(&role_tag).is_empty());
        assert!(uses_principal_tags(&role_tag));
    }

    #[test]
    fn quota_warns_near_the_limit() {
        assert_eq!(quota("c", 10).status, Status::Pass);
        assert_eq!(quota("c", 900).status, Status::Warn);
        assert_eq!(quota("c", 1000).status, Status::Warn);
    }
}
