//! The organisation's own policies (#36): for each account, its path from the root (ListParents,
//! up to the ROOT), and the service control and resource control policies attached along it
//! (ListPoliciesForTarget per root, unit and account, DescribePolicy once per policy). AWS
//! Organizations API Reference; evaluation as IAM's "Policy evaluation logic" (SCPs and RCPs of
//! every level from the root down must allow, iam-evaluation.md).
//!
//! Only the management account, or a member delegated to, may read them; the caller gets an
//! `AwsError` (AccessDenied, AWSOrganizationsNotInUse) and says so in its answers.

use std::collections::BTreeMap;

use aws_sdk_organizations::types::PolicyType;
use futures_util::StreamExt;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{AwsContext, AwsError};

/// A target, a kind, and the (id, name) of each policy of that kind attached to it.
type Attached = (String, OrgPolicyKind, Vec<(String, String)>);

/// SCP or RCP.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum OrgPolicyKind {
    Scp,
    Rcp,
}

/// One policy of the organisation.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrgPolicy {
    pub id: String,
    pub name: String,
    pub kind: OrgPolicyKind,
    pub document: serde_json::Value,
}

/// One level of an account's path: the root, a unit, or the account, and the policies attached
/// to it (ids into [`OrgPolicies::policies`]).
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Level {
    pub target: String,
    pub scps: Vec<String>,
    pub rcps: Vec<String>,
}

/// The organisation's policies for a set of accounts.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrgPolicies {
    /// Each policy once, by id.
    pub policies: BTreeMap<String, OrgPolicy>,
    /// Per account: its levels, root first, the account last.
    pub paths: BTreeMap<String, Vec<Level>>,
    /// The management account, which SCPs and RCPs do not affect (AWS Organizations User Guide,
    /// "Service control policies": "SCPs don't affect users or roles in the management account";
    /// "Resource control policies": likewise for its resources).
    pub management: Option<String>,
}

impl OrgPolicies {
    /// An account's policies of one kind, one list per level, root first; None when the account
    /// was not read (not in the organisation, or outside the run).
    pub fn levels(&self, account: &str, kind: OrgPolicyKind) -> Option<Vec<Vec<&OrgPolicy>>> {
        if self.management.as_deref() == Some(account) {
            return None;
        }
        let path = self.paths.get(account)?;
        Some(
            path.iter()
                .map(|level| {
                    let ids = match kind {
                        OrgPolicyKind::Scp => &level.scps,
                        OrgPolicyKind::Rcp => &level.rcps,
                    };
                    ids.iter().filter_map(|id| self.policies.get(id)).collect()
                })
                .collect(),
        )
    }
}

impl AwsContext {
    /// The paths and policies of these accounts. Each parent, target and policy is read once
    /// however many accounts share it.
    pub async fn org_policies(
        &self,
        accounts: &[String],
        concurrency: usize,
    ) -> Result<OrgPolicies, AwsError> {
        let client = aws_sdk_organizations::Client::new(&self.config);
        let mut parents: BTreeMap<String, String> = BTreeMap::new();
        let mut out = OrgPolicies::default();
        let organization = client
            .describe_organization()
            .send()
            .await
            .map_err(|e| self.mapper().map("organizations:DescribeOrganization", e))?;
        out.management = organization
            .organization()
            .and_then(|o| o.master_account_id())
            .map(str::to_string);
        // The path of each account: its parents up to the root. An account outside the
        // organisation has none (ChildNotFoundException) and no SCP applies to it.
        for account in accounts {
            let mut path = vec![account.clone()];
            let mut child = account.clone();
            loop {
                let parent = match parents.get(&child) {
                    Some(p) => p.clone(),
                    None => {
                        let answer = match client.list_parents().child_id(&child).send().await {
                            Ok(a) => a,
                            Err(e)
                                if e.as_service_error()
                                    .is_some_and(|s| s.is_child_not_found_exception()) =>
                            {
                                path.clear();
                                break;
                            }
                            Err(e) => {
                                return Err(self.mapper().map("organizations:ListParents", e));
                            }
                        };
                        let Some(p) = answer.parents().first().and_then(|p| p.id()) else {
                            break;
                        };
                        parents.insert(child.clone(), p.to_string());
                        p.to_string()
                    }
                };
                path.push(parent.clone());
                if parent.starts_with("r-") || path.len() > 8 {
                    break;
                }
                child = parent;
            }
            if path.is_empty() {
                continue;
            }
            path.reverse();
            out.paths.insert(
                account.clone(),
                path.into_iter()
                    .map(|target| Level {
                        target,
                        ..Level::default()
                    })
                    .collect(),
            );
        }
        let wanted = self.attach_policies(&client, &mut out, concurrency).await?;
        out.policies = self.describe_policies(&client, wanted, concurrency).await?;
        Ok(out)
    }

    /// Fills each level's policy ids (ListPoliciesForTarget per target and kind); returns every
    /// policy met, with its name and kind.
    async fn attach_policies(
        &self,
        client: &aws_sdk_organizations::Client,
        out: &mut OrgPolicies,
        concurrency: usize,
    ) -> Result<BTreeMap<String, (String, OrgPolicyKind)>, AwsError> {
        // The policies of each target, both kinds.
        let mut targets: Vec<String> = out
            .paths
            .values()
            .flatten()
            .map(|l| l.target.clone())
            .collect();
        targets.sort();
        targets.dedup();
        let attached: Vec<Result<Attached, AwsError>> = futures_util::stream::iter(
            targets
                .iter()
                .flat_map(|t| [OrgPolicyKind::Scp, OrgPolicyKind::Rcp].map(|k| (t.clone(), k))),
        )
        .map(|(target, kind)| {
            let client = client.clone();
            async move {
                let filter = match kind {
                    OrgPolicyKind::Scp => PolicyType::ServiceControlPolicy,
                    OrgPolicyKind::Rcp => PolicyType::ResourceControlPolicy,
                };
                let mut pages = client
                    .list_policies_for_target()
                    .target_id(&target)
                    .filter(filter)
                    .into_paginator()
                    .send();
                let mut ids = Vec::new();
                while let Some(page) = pages.next().await {
                    let page = page
                        .map_err(|e| self.mapper().map("organizations:ListPoliciesForTarget", e))?;
                    ids.extend(page.policies().iter().filter_map(|p| {
                        Some((
                            p.id()?.to_string(),
                            p.name().unwrap_or_default().to_string(),
                        ))
                    }));
                }
                Ok((target, kind, ids))
            }
        })
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
        let mut by_target: BTreeMap<(String, OrgPolicyKind), Vec<String>> = BTreeMap::new();
        let mut wanted: BTreeMap<String, (String, OrgPolicyKind)> = BTreeMap::new();
        for r in attached {
            let (target, kind, ids) = r?;
            for (id, name) in &ids {
                wanted.insert(id.clone(), (name.clone(), kind));
            }
            let mut ids: Vec<String> = ids.into_iter().map(|(id, _)| id).collect();
            ids.sort();
            by_target.insert((target, kind), ids);
        }
        for levels in out.paths.values_mut() {
            for level in levels {
                let get = |k| by_target.get(&(level.target.clone(), k)).cloned();
                level.scps = get(OrgPolicyKind::Scp).unwrap_or_default();
                level.rcps = get(OrgPolicyKind::Rcp).unwrap_or_default();
            }
        }
        Ok(wanted)
    }

    /// Each policy's document (DescribePolicy, once per policy).
    async fn describe_policies(
        &self,
        client: &aws_sdk_organizations::Client,
        wanted: BTreeMap<String, (String, OrgPolicyKind)>,
        concurrency: usize,
    ) -> Result<BTreeMap<String, OrgPolicy>, AwsError> {
        let described: Vec<Result<OrgPolicy, AwsError>> = futures_util::stream::iter(wanted)
            .map(|(id, (name, kind))| {
                let client = client.clone();
                async move {
                    let answer = client
                        .describe_policy()
                        .policy_id(&id)
                        .send()
                        .await
                        .map_err(|e| self.mapper().map("organizations:DescribePolicy", e))?;
                    let content = answer.policy().and_then(|p| p.content()).unwrap_or("{}");
                    let document =
                        serde_json::from_str(content).map_err(|e| AwsError::Service {
                            action: "organizations:DescribePolicy",
                            code: "MalformedPolicyDocument".into(),
                            message: format!("policy {id} ({name}) is not JSON: {e}"),
                        })?;
                    Ok(OrgPolicy {
                        id,
                        name,
                        kind,
                        document,
                    })
                }
            })
            .buffer_unordered(concurrency.max(1))
            .collect()
            .await;
        described
            .into_iter()
            .map(|p| p.map(|p| (p.id.clone(), p)))
            .collect()
    }
}
