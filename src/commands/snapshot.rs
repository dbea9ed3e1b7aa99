//! `epi snapshot` (#36): the fleet read written as one `PodIdentitySnapshot` file (the file and
//! its reading: [`crate::plan::snapshot`]).

use std::collections::{BTreeMap, BTreeSet};

use futures_util::stream::{self, StreamExt};

use crate::aws::eks::Association;
use crate::aws::fleet::Failure;
use crate::cli::SnapshotArgs;
use crate::commands::association::list::{Gathered, Selection, gather};
use crate::error::{Result, exit};
use crate::output::Printer;
use crate::plan::snapshot::{
    API_VERSION, KIND, Snapshot, SnapshotCluster, SnapshotFailure, SnapshotOrganization,
    SnapshotPlace, SnapshotRole, Unreadable,
};
use crate::policy::access::RoleFacts;
use crate::validate::Arn;

/// `epi snapshot`: the fleet read, each cluster described, each role read once, the
/// organisation's policies when asked; the file written whole or not at all.
pub async fn run(args: &SnapshotArgs, printer: Printer) -> Result<u8> {
    // A path that cannot be written is bad input before any call.
    crate::files::output_target(&args.out, "output file")?;
    let concurrency = args.concurrency as usize;
    let role_reads = crate::plan::observe::Roles::default();
    let Gathered {
        contexts,
        regions: _,
        failures,
        fleet: _,
        associations,
        org,
        clusters,
    } = gather(
        &Selection {
            places: &args.places,
            namespaces: &[],
            service_account: None,
            concurrency,
            fleet: &args.fleet,
            aws: &args.aws,
            checkpoint: None,
            roles: Some(&role_reads),
        },
        printer,
    )
    .await?;
    // The caller's account, for a run outside a fleet (contexts name no account then).
    let caller = match contexts.iter().any(|(a, _)| a.is_empty()) {
        true => Some(contexts[0].1.caller_account().await?),
        false => None,
    };
    let account_of = |i: usize| -> String {
        let a = &contexts[i].0;
        if a.is_empty() {
            caller.clone().unwrap_or_default()
        } else {
            a.clone()
        }
    };
    let failed: BTreeSet<(Option<&str>, Option<&str>)> = failures
        .iter()
        .map(|f| (f.account.as_deref(), f.region.as_deref()))
        .collect();
    let mut places: Vec<SnapshotPlace> = (0..contexts.len())
        .map(|i| SnapshotPlace {
            account: account_of(i),
            region: contexts[i].1.region().to_string(),
        })
        .filter(|p| !failed.contains(&(Some(p.account.as_str()), Some(p.region.as_str()))))
        .collect();
    places.sort();
    places.dedup();

    let lanes = crate::aws::fleet::Lanes::new(concurrency);
    let mut failures: Vec<SnapshotFailure> = failures.into_iter().map(failure).collect();
    let clusters = describe_clusters(
        &contexts,
        &account_of,
        &clusters,
        &associations,
        &lanes,
        &mut failures,
        printer,
    )
    .await;
    let (roles, missing_roles, unreadable_roles) = read_roles(
        &contexts,
        &account_of,
        &clusters,
        &lanes,
        &role_reads,
        printer,
    )
    .await;
    let organization = match (&org, args.org_policies) {
        (Some(reader), _) => {
            Some(read_organization(reader, &places, &roles, concurrency, printer).await)
        }
        (None, true) => {
            Some(read_organization(&contexts[0].1, &places, &roles, concurrency, printer).await)
        }
        (None, false) => None,
    };
    let snapshot = Snapshot {
        api_version: API_VERSION.into(),
        kind: KIND.into(),
        taken_at: jiff::Timestamp::now()
            .round(jiff::Unit::Second)
            .expect("rounding a timestamp to seconds")
            .to_string(),
        epi_version: env!("CARGO_PKG_VERSION").into(),
        places,
        failures,
        clusters,
        roles,
        missing_roles,
        unreadable_roles,
        organization,
        index: Default::default(),
    };
    let text = crate::output::to_json(&snapshot);
    crate::files::write_all(&[crate::files::Output {
        path: &args.out,
        contents: &text,
        new_mode: 0o600,
    }])?;
    let associations: usize = snapshot.clusters.iter().map(|c| c.associations.len()).sum();
    printer.note(&format!(
        "wrote {}: {} place(s), {} cluster(s), {} association(s), {} role(s){}",
        args.out.display(),
        snapshot.places.len(),
        snapshot.clusters.len(),
        associations,
        snapshot.roles.len(),
        match &snapshot.organization {
            Some(SnapshotOrganization {
                policies: Some(p), ..
            }) => format!(", {} organisation policies", p.policies.len()),
            _ => String::new(),
        }
    ));
    let failures: Vec<Failure> = snapshot
        .failures
        .iter()
        .map(|f| Failure {
            account: f.account.clone(),
            region: f.region.clone(),
            reason: f.reason.clone(),
            hint: "the snapshot records it as not read".into(),
        })
        .collect();
    if snapshot.unreadable_roles.is_empty() {
        Ok(crate::commands::report_failures(
            &failures,
            args.fleet.allow_partial,
            printer,
        ))
    } else {
        for u in &snapshot.unreadable_roles {
            printer.warn(&format!("role {} was not read: {}", u.arn, u.reason));
        }
        let code = crate::commands::report_failures(&failures, args.fleet.allow_partial, printer);
        Ok(if args.fleet.allow_partial {
            code
        } else {
            exit::FAILURE
        })
    }
}

/// Each listed cluster described (a failure is the place's), with its associations.
async fn describe_clusters(
    contexts: &[(String, crate::aws::AwsContext)],
    account_of: &dyn Fn(usize) -> String,
    clusters: &[(usize, String)],
    associations: &[(usize, Association)],
    lanes: &crate::aws::fleet::Lanes,
    failures: &mut Vec<SnapshotFailure>,
    printer: Printer,
) -> Vec<SnapshotCluster> {
    let bar = printer.progress(clusters.len() as u64, "describing clusters");
    let turns = crate::aws::fleet::in_turns(clusters.iter().collect(), |(i, _)| *i);
    let width = lanes.width(&turns, |(i, _)| contexts[*i].0.as_str());
    type Described = std::result::Result<crate::aws::eks::ClusterInfo, crate::aws::AwsError>;
    let described: Vec<(usize, Described, Option<String>)> = stream::iter(turns)
        .map(|(i, name)| {
            let (account, ctx) = &contexts[*i];
            let bar = &bar;
            async move {
                let (r, agent) = lanes
                    .run(account, async {
                        futures_util::join!(
                            ctx.describe_cluster(name),
                            ctx.describe_addon(name, crate::aws::eks::AGENT_ADDON)
                        )
                    })
                    .await;
                bar.inc(1);
                (*i, r, agent.ok().flatten().map(|a| a.version))
            }
        })
        .buffer_unordered(width)
        .collect()
        .await;
    bar.finish_and_clear();
    let mut by_cluster: BTreeMap<(String, String, String), SnapshotCluster> = BTreeMap::new();
    for (i, r, agent) in described {
        match r {
            Ok(c) => {
                by_cluster.insert(
                    (c.account.clone(), c.region.clone(), c.name.clone()),
                    SnapshotCluster {
                        account: c.account,
                        region: c.region,
                        name: c.name,
                        arn: c.arn,
                        status: c.status.as_ref().to_string(),
                        version: c.version,
                        platform_version: c.platform_version,
                        auto_mode: c.auto_mode,
                        oidc_issuer: c.oidc_issuer,
                        agent_addon_version: agent,
                        associations: Vec::new(),
                    },
                );
            }
            Err(e) => failures.push(failure(crate::aws::fleet::failure(
                &account_of(i),
                contexts[i].1.region(),
                &e,
            ))),
        }
    }
    for (_, a) in associations {
        let facts = crate::plan::observe::association_facts(a);
        if let Some(c) = by_cluster.get_mut(&(facts.account, facts.region, a.cluster_name.clone()))
        {
            c.associations.push(a.clone());
        }
    }
    let mut clusters: Vec<SnapshotCluster> = by_cluster.into_values().collect();
    for c in &mut clusters {
        c.associations.sort_by(|a, b| {
            (&a.namespace, &a.service_account).cmp(&(&b.namespace, &b.service_account))
        });
    }

    clusters
}

/// The organisation's SCPs and RCPs along the paths of the accounts read and of the roles'
/// accounts, or why they could not be read.
async fn read_organization(
    reader: &crate::aws::AwsContext,
    places: &[SnapshotPlace],
    roles: &[SnapshotRole],
    concurrency: usize,
    printer: Printer,
) -> SnapshotOrganization {
    let mut accounts: Vec<String> = places.iter().map(|p| p.account.clone()).collect();
    accounts.extend(
        roles
            .iter()
            .filter_map(|r| Arn::account_of(&r.arn).map(str::to_string)),
    );
    accounts.sort();
    accounts.dedup();
    match reader.org_policies(&accounts, concurrency).await {
        Ok(p) => SnapshotOrganization {
            policies: Some(p),
            error: None,
        },
        Err(e) => {
            printer.warn(&format!(
                "the organisation's SCPs and RCPs could not be read ({e}): the snapshot says so, and answers from it do not consider them"
            ));
            SnapshotOrganization {
                policies: None,
                error: Some(format!("{e}; {}", e.hint())),
            }
        }
    }
}

fn failure(f: Failure) -> SnapshotFailure {
    SnapshotFailure {
        account: f.account,
        region: f.region,
        reason: f.reason,
    }
}

/// Role lists: read, missing, unreadable.
type RoleReads = (Vec<SnapshotRole>, Vec<String>, Vec<Unreadable>);

/// Every role and target role the associations name, each once, with the credentials of its
/// account (a role of an account the run does not reach is unreadable, with why).
async fn read_roles(
    contexts: &[(String, crate::aws::AwsContext)],
    account_of: &dyn Fn(usize) -> String,
    clusters: &[SnapshotCluster],
    lanes: &crate::aws::fleet::Lanes,
    roles: &crate::plan::observe::Roles,
    printer: Printer,
) -> RoleReads {
    let arns: BTreeSet<&str> = clusters
        .iter()
        .flat_map(|c| &c.associations)
        .flat_map(|a| std::iter::once(a.role_arn.as_str()).chain(a.target_role_arn.as_deref()))
        .collect();
    let mut reach: BTreeMap<String, usize> = BTreeMap::new();
    for i in 0..contexts.len() {
        reach.entry(account_of(i)).or_insert(i);
    }
    let bar = printer.progress(arns.len() as u64, "reading roles");
    let turns: Vec<&str> = arns.into_iter().collect();
    let width = lanes.width(&turns, |arn| Arn::account_of(arn).unwrap_or(""));
    let read: Vec<(String, std::result::Result<Option<RoleFacts>, String>)> = stream::iter(turns)
        .map(|arn| {
            let (bar, reach) = (&bar, &reach);
            async move {
                let account = Arn::account_of(arn).unwrap_or("").to_string();
                let r = match reach.get(&account) {
                    None => Err(format!(
                        "account {account} is not one this run reads (add it to --accounts)"
                    )),
                    Some(i) => lanes
                        .run(&contexts[*i].0, roles.read(&contexts[*i].1, arn))
                        .await
                        .map_err(|e| e.to_string()),
                };
                bar.inc(1);
                (arn.to_string(), r)
            }
        })
        .buffer_unordered(width)
        .collect()
        .await;
    bar.finish_and_clear();
    let (mut roles, mut missing, mut unreadable) = (Vec::new(), Vec::new(), Vec::new());
    for (arn, r) in read {
        match r {
            Ok(Some(facts)) => roles.push(SnapshotRole::of(facts)),
            Ok(None) => missing.push(arn),
            Err(reason) => unreadable.push(Unreadable { arn, reason }),
        }
    }
    roles.sort_by(|a, b| a.arn.cmp(&b.arn));
    missing.sort();
    unreadable.sort_by(|a, b| a.arn.cmp(&b.arn));
    (roles, missing, unreadable)
}
