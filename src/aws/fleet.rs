//! Fleet runs: the accounts of a run (`--accounts ID,…`, organisational units `ou-…` whose
//! accounts are listed recursively, or `--accounts org`), each reached by
//! assuming a role in it (credentials kept in memory, refreshed by the SDK before they expire,
//! never printed), and the regions (`--regions`, `--all-regions`). An account that cannot be
//! reached is a [`Failure`], never the end of the run.

use futures_util::StreamExt;

use super::{AwsContext, AwsError};

/// The regions where Amazon EKS is offered in the `aws` partition, from the "Amazon EKS endpoints
/// and quotas" page of the AWS General Reference (checked 2026-11-25). Only a fallback: runs over
/// every region read each account's enabled regions ([`AwsContext::enabled_regions`]) and use
/// this list, with a failure saying so, only when those cannot be listed.
pub const EKS_REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-south-2",
    "eu-north-1",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "mx-central-1",
    "sa-east-1",
];

/// Which accounts a run covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Accounts {
    /// The caller's own account only.
    Caller,
    /// These accounts, and every account under these organisational units (recursively).
    List {
        ids: Vec<String>,
        units: Vec<String>,
    },
    /// Every ACTIVE account of the organisation (AWS Organizations ListAccounts).
    Organization,
}

impl Accounts {
    /// Whether the accounts come from the organisation (`org`, or organisational units).
    pub fn from_organization(&self) -> bool {
        match self {
            Accounts::Organization => true,
            Accounts::List { units, .. } => !units.is_empty(),
            Accounts::Caller => false,
        }
    }
}

/// An account as AWS Organizations lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub id: String,
    /// `State` (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED), else the older `Status`.
    pub state: String,
}

impl Member {
    fn of(a: &aws_sdk_organizations::types::Account) -> Option<Member> {
        let state = a
            .state()
            .map(|s| s.as_str().to_string())
            .or_else(|| a.status().map(|s| s.as_str().to_string()))
            .unwrap_or_else(|| "ACTIVE".into());
        Some(Member {
            id: a.id()?.to_string(),
            state,
        })
    }

    pub fn active(&self) -> bool {
        self.state == "ACTIVE"
    }
}

/// The accounts of a run, and what it could not or would not cover.
pub struct Reached {
    pub accounts: Vec<Account>,
    pub failures: Vec<Failure>,
    /// Accounts left out on purpose, with why (a suspended account), for a note.
    pub notes: Vec<String>,
}

/// How the other accounts are reached.
#[derive(Clone, Debug)]
pub struct Reach {
    pub accounts: Accounts,
    pub exclude: Vec<String>,
    /// `arn:PARTITION:iam::{account}:role/NAME`, `{account}` replaced.
    pub role_arn_template: String,
    pub external_id: Option<String>,
    pub session_name: String,
    pub concurrency: usize,
}

/// An account or region the run could not cover, with why and what to do.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    pub account: Option<String>,
    pub region: Option<String>,
    pub reason: String,
    pub hint: String,
}

/// One account of the run and its context (in the first region).
pub struct Account {
    pub id: String,
    pub ctx: AwsContext,
}

impl AwsContext {
    fn organizations(&self) -> aws_sdk_organizations::Client {
        aws_sdk_organizations::Client::new(&self.config)
    }

    /// Every account of the caller's organisation, every page (ListAccounts).
    pub async fn organization_members(&self) -> Result<Vec<Member>, AwsError> {
        let mut pages = self.organizations().list_accounts().into_paginator().send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.mapper().map("organizations:ListAccounts", e))?;
            out.extend(page.accounts().iter().filter_map(Member::of));
        }
        Ok(out)
    }

    /// Every account under an organisational unit, in it or in any unit below it
    /// (ListAccountsForParent and ListOrganizationalUnitsForParent, every page, level by level).
    pub async fn unit_members(&self, unit: &str) -> Result<Vec<Member>, AwsError> {
        let client = self.organizations();
        let mut out = Vec::new();
        let mut parents = vec![unit.to_string()];
        let mut seen = std::collections::BTreeSet::new();
        while let Some(parent) = parents.pop() {
            if !seen.insert(parent.clone()) {
                continue;
            }
            let mut pages = client
                .list_accounts_for_parent()
                .parent_id(&parent)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let page =
                    page.map_err(|e| self.mapper().map("organizations:ListAccountsForParent", e))?;
                out.extend(page.accounts().iter().filter_map(Member::of));
            }
            let mut pages = client
                .list_organizational_units_for_parent()
                .parent_id(&parent)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let page = page.map_err(|e| {
                    self.mapper()
                        .map("organizations:ListOrganizationalUnitsForParent", e)
                })?;
                parents.extend(
                    page.organizational_units()
                        .iter()
                        .filter_map(|u| u.id().map(str::to_string)),
                );
            }
        }
        Ok(out)
    }
}

impl AwsContext {
    /// The regions enabled for this account: the Account API's ListRegions with the statuses
    /// ENABLED and ENABLED_BY_DEFAULT, every page (AWS Account Management API Reference,
    /// ListRegions). A region AWS adds is there as soon as the account has it, which a list built
    /// into epi cannot be.
    pub async fn enabled_regions(&self) -> Result<Vec<String>, AwsError> {
        use aws_sdk_account::types::RegionOptStatus;
        let client = aws_sdk_account::Client::new(&self.config);
        let mut pages = client
            .list_regions()
            .region_opt_status_contains(RegionOptStatus::Enabled)
            .region_opt_status_contains(RegionOptStatus::EnabledByDefault)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.mapper().map("account:ListRegions", e))?;
            out.extend(
                page.regions()
                    .iter()
                    .filter_map(|r| r.region_name().map(str::to_string)),
            );
        }
        out.sort();
        out.dedup();
        Ok(out)
    }
}

/// The regions `--all-regions` covers in one account: those it has enabled, or, when they
/// cannot be listed, the built-in EKS regions (`aws` partition) and a failure that says a region
/// outside them was not read.
pub async fn all_regions(account: &str, ctx: &AwsContext) -> (Vec<String>, Option<Failure>) {
    match ctx.enabled_regions().await {
        Ok(regions) if !regions.is_empty() => (regions, None),
        result => {
            let why = match result {
                Err(e) => e.to_string(),
                Ok(_) => "it listed none".to_string(),
            };
            let fallback: Vec<String> = EKS_REGIONS.iter().map(|r| r.to_string()).collect();
            let failure = Failure {
                account: (!account.is_empty()).then(|| account.to_string()),
                region: None,
                reason: format!(
                    "its enabled regions could not be listed (account:ListRegions: {why}); the {} EKS regions epi knows were read instead, and any other region is unread",
                    fallback.len()
                ),
                hint: "allow account:ListRegions to the caller, or name the regions with --regions"
                    .into(),
            };
            (fallback, Some(failure))
        }
    }
}

/// The accounts of the run: the caller's own directly, the others by assuming the role the
/// template names there (concurrently). Those that cannot be reached are failures; suspended or
/// closing accounts of the organisation are left out with a note.
pub async fn accounts(base: &AwsContext, reach: &Reach) -> Result<Reached, AwsError> {
    let caller = base.caller_account().await?;
    let mut notes = Vec::new();
    let mut members: Vec<Member> = Vec::new();
    let ids: Vec<String> = match &reach.accounts {
        Accounts::Caller => vec![caller.clone()],
        Accounts::List { ids, units } => {
            for unit in units {
                members.extend(base.unit_members(unit).await?);
            }
            ids.iter()
                .cloned()
                .chain(members.iter().filter(|m| m.active()).map(|m| m.id.clone()))
                .collect()
        }
        Accounts::Organization => {
            members = base.organization_members().await?;
            members
                .iter()
                .filter(|m| m.active())
                .map(|m| m.id.clone())
                .collect()
        }
    };
    let mut left_out: Vec<&Member> = members
        .iter()
        .filter(|m| !m.active() && !reach.exclude.contains(&m.id))
        .collect();
    left_out.sort_by(|a, b| a.id.cmp(&b.id));
    left_out.dedup_by(|a, b| a.id == b.id);
    notes.extend(left_out.into_iter().map(|m| {
        format!(
            "account {} is {} in the organisation: skipped",
            m.id, m.state
        )
    }));
    let mut ids: Vec<String> = ids
        .into_iter()
        .filter(|id| !reach.exclude.contains(id))
        .collect();
    ids.sort();
    ids.dedup();
    let results: Vec<Result<Account, Failure>> = futures_util::stream::iter(ids)
        .map(|id| {
            let caller = caller.clone();
            async move {
                if id == caller {
                    return Ok(Account {
                        id,
                        ctx: base.for_region(base.region()),
                    });
                }
                let role = reach.role_arn_template.replace("{account}", &id);
                match base
                    .assuming(&role, reach.external_id.as_deref(), &reach.session_name)
                    .await
                {
                    Ok(ctx) => Ok(Account { id, ctx }),
                    Err(e) => Err(Failure {
                        account: Some(id.clone()),
                        region: None,
                        reason: e.to_string(),
                        hint: format!(
                            "check that role {role} exists in account {id} and that its trust policy lets account {caller} assume it{}",
                            if reach.external_id.is_some() { " with the external id given" } else { "" }
                        ),
                    }),
                }
            }
        })
        .buffer_unordered(reach.concurrency.max(1))
        .collect()
        .await;
    let mut reached = Vec::new();
    let mut failed = Vec::new();
    for r in results {
        match r {
            Ok(a) => reached.push(a),
            Err(f) => failed.push(f),
        }
    }
    reached.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Reached {
        accounts: reached,
        failures: failed,
        notes,
    })
}

/// Calls in flight at once over a whole run, whatever the accounts: a bound on open connections.
pub const TOTAL_IN_FLIGHT: usize = 256;

/// The in-flight limits of a fleet run (#36): `per_account` calls at once in each account (what
/// `--concurrency` means), at most [`TOTAL_IN_FLIGHT`] in all. AWS throttles per account (IAM,
/// STS) and per account and region (EKS), so one account's limit never holds back another's; the
/// rate itself adapts per account through the SDK's retry partitions (see `AwsContext`).
pub struct Lanes {
    per_account: usize,
    total: usize,
    open:
        std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<tokio::sync::Semaphore>>>,
}

impl Lanes {
    pub fn new(per_account: usize) -> Lanes {
        Lanes {
            per_account: per_account.max(1),
            total: TOTAL_IN_FLIGHT,
            open: Default::default(),
        }
    }

    /// The calls at once in each account.
    pub fn per_account(&self) -> usize {
        self.per_account
    }

    /// Runs `call` once its account has a free lane.
    pub async fn run<F: std::future::Future>(&self, account: &str, call: F) -> F::Output {
        let lane = self
            .open
            .lock()
            .expect("the lock is never held across a panic")
            .entry(account.to_string())
            .or_insert_with(|| std::sync::Arc::new(tokio::sync::Semaphore::new(self.per_account)))
            .clone();
        let _permit = lane.acquire_owned().await.expect("lanes are never closed");
        call.await
    }

    /// How many of a stream's calls to poll at once: every account's lanes, within the total.
    pub fn width<'a, T>(&self, items: &[T], account: impl Fn(&T) -> &'a str) -> usize {
        let accounts: std::collections::HashSet<&str> = items.iter().map(account).collect();
        (self.per_account * accounts.len().max(1)).min(self.total)
    }
}

/// The items in turns of their places (the first of each, then the second of each, …), each
/// place's in their order: a stream polled a bounded number at a time then serves every account
/// and region from the start, instead of one account's lanes (or one region's rate) at a time.
pub fn in_turns<T, K: std::hash::Hash + Eq>(items: Vec<T>, place: impl Fn(&T) -> K) -> Vec<T> {
    let mut index: std::collections::HashMap<K, usize> = std::collections::HashMap::new();
    let mut queues: Vec<std::collections::VecDeque<T>> = Vec::new();
    for item in items {
        let slot = *index.entry(place(&item)).or_insert_with(|| {
            queues.push(std::collections::VecDeque::new());
            queues.len() - 1
        });
        queues[slot].push_back(item);
    }
    let mut out = Vec::new();
    loop {
        let mut any = false;
        for q in &mut queues {
            if let Some(item) = q.pop_front() {
                out.push(item);
                any = true;
            }
        }
        if !any {
            return out;
        }
    }
}

/// One context per account and region: (account id, context).
pub fn contexts(accounts: &[Account], regions: &[String]) -> Vec<(String, AwsContext)> {
    accounts
        .iter()
        .flat_map(|a| {
            regions
                .iter()
                .map(move |r| (a.id.clone(), a.ctx.for_region(r)))
        })
        .collect()
}

/// The clusters of each place `wanted` (ListClusters, `concurrency` at once per account): (index
/// into `contexts`, result).
pub async fn clusters(
    contexts: &[(String, AwsContext)],
    concurrency: usize,
    wanted: impl Fn(usize) -> bool,
) -> Vec<(usize, Result<Vec<String>, AwsError>)> {
    let lanes = Lanes::new(concurrency);
    let places = in_turns(
        contexts
            .iter()
            .enumerate()
            .filter(|(i, _)| wanted(*i))
            .collect(),
        |(_, (a, _))| a.clone(),
    );
    let width = lanes.width(&places, |(_, (a, _))| a.as_str());
    let lanes = &lanes;
    futures_util::stream::iter(places)
        .map(
            |(i, (account, ctx))| async move { (i, lanes.run(account, ctx.list_clusters()).await) },
        )
        .buffer_unordered(width)
        .collect()
        .await
}

/// A failure of one account and region.
pub fn failure(account: &str, region: &str, e: &AwsError) -> Failure {
    Failure {
        account: Some(account.to_string()).filter(|a| !a.is_empty()),
        region: Some(region.to_string()),
        reason: e.to_string(),
        hint: e.hint(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_turns_interleaves_accounts_keeping_each_ones_order() {
        let items = vec![("a", 1), ("a", 2), ("a", 3), ("b", 1), ("c", 1), ("c", 2)];
        let turned = in_turns(items, |(a, _)| a.to_string());
        assert_eq!(
            turned,
            vec![("a", 1), ("b", 1), ("c", 1), ("a", 2), ("c", 2), ("a", 3)]
        );
    }

    #[test]
    fn width_is_every_accounts_lanes_within_the_total() {
        let lanes = Lanes::new(8);
        let names: Vec<String> = (0..50).map(|i| format!("{i:012}")).collect();
        let items: Vec<usize> = (0..100).map(|i| i % 50).collect();
        assert_eq!(lanes.width(&items, |i| names[*i].as_str()), 256);
        assert_eq!(lanes.width(&items[..2], |i| names[*i].as_str()), 16);
        assert_eq!(lanes.width::<usize>(&[], |i| names[*i].as_str()), 8);
    }

    #[tokio::test]
    async fn an_accounts_lanes_bound_its_calls_but_not_anothers() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let lanes = Lanes::new(2);
        let (now, peak) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let call = || async {
            let n = now.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(n, Ordering::SeqCst);
            tokio::task::yield_now().await;
            now.fetch_sub(1, Ordering::SeqCst);
        };
        let items: Vec<&str> = vec!["a"; 10];
        futures_util::stream::iter(items)
            .map(|a| lanes.run(a, call()))
            .buffer_unordered(10)
            .collect::<Vec<_>>()
            .await;
        assert_eq!(peak.load(Ordering::SeqCst), 2);
        peak.store(0, Ordering::SeqCst);
        let items: Vec<&str> = vec!["a", "b", "c", "a", "b", "c"];
        futures_util::stream::iter(items)
            .map(|a| lanes.run(a, call()))
            .buffer_unordered(6)
            .collect::<Vec<_>>()
            .await;
        assert_eq!(peak.load(Ordering::SeqCst), 6);
    }
}
