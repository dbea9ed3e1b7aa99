//! From CloudTrail events to the service accounts that made the calls.
//!
//! EKS Pod Identity: when a pod asks the agent for credentials, EKS Auth assumes the association's
//! role as the service `pods.eks.amazonaws.com`, and CloudTrail records that `AssumeRole`
//! (`userIdentity.type` `AWSService`, `invokedBy` `pods.eks.amazonaws.com`) with the role, the
//! session name and the session tags in `requestParameters` (`tags: [{key, value}]`:
//! `eks-cluster-arn`, `eks-cluster-name`, `kubernetes-namespace`, `kubernetes-service-account`,
//! `kubernetes-pod-name`, `kubernetes-pod-uid`) and the new credentials' access key id and the
//! session's ARN in `responseElements` (`credentials.accessKeyId`, `assumedRoleUser.arn`).
//! Sources: IAM User Guide, "Logging IAM and AWS STS API calls with AWS CloudTrail" (an
//! AssumeRole with session tags); EKS User Guide, "Pod Identity session tags"; an AssumeRole
//! recorded from EKS Pod Identity in AWS's EKS workshop (Pod Identity module).
//!
//! Every later call made with those credentials carries `userIdentity.accessKeyId` and
//! `userIdentity.arn` (the session's ARN; CloudTrail userIdentity element): calls are joined to
//! their assume event by access key id. When the assume event is not among the events read, the
//! session's name is the fallback: EKS names it `eks-CLUSTER-POD-…` (the cluster's name cut to
//! ten characters, as recorded in the workshop's events; UNVERIFIED beyond them, see
//! docs/usage.md), and the role's associations in that cluster say whose it is when exactly one
//! service account matches; otherwise the row is `ambiguous`.
//!
//! A target role: the first role's session assumes it (an `AssumeRole` made with the pod's
//! access key); its credentials' calls belong to the same service account, via the target role.
//!
//! IRSA: `AssumeRoleWithWebIdentity` by the web identity `system:serviceaccount:NS:NAME`
//! (`userIdentity.type` `WebIdentityUser`, `userName`, `identityProvider` the cluster's OIDC
//! provider); such rows have `via: irsa`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::records::Event;

/// A live association, as EKS lists it: what the fallback by session name and the rows'
/// association ids are read from.
#[derive(Clone, Debug)]
pub struct Known {
    pub account: String,
    pub region: String,
    pub cluster: String,
    /// The cluster's OIDC issuer (`https://oidc.eks.REGION.amazonaws.com/id/ID`), for IRSA.
    pub oidc_issuer: Option<String>,
    pub namespace: String,
    pub service_account: String,
    pub role_arn: String,
    pub target_role_arn: Option<String>,
    pub association_id: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Via {
    #[serde(rename = "pod-identity")]
    PodIdentity,
    #[serde(rename = "irsa")]
    Irsa,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Attribution {
    AccessKey,
    SessionName,
    Ambiguous,
}

impl Via {
    /// The JSON word.
    pub fn as_str(self) -> &'static str {
        match self {
            Via::PodIdentity => "pod-identity",
            Via::Irsa => "irsa",
        }
    }
}

impl Attribution {
    /// The JSON word.
    pub fn as_str(self) -> &'static str {
        match self {
            Attribution::AccessKey => "accessKey",
            Attribution::SessionName => "sessionName",
            Attribution::Ambiguous => "ambiguous",
        }
    }
}

/// Whose credentials an access key is.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Owner {
    account: String,
    region: String,
    cluster: Option<String>,
    namespace: Option<String>,
    service_account: Option<String>,
    /// The role whose permissions the calls use (the target role for a chained session).
    role: String,
    via: Option<Via>,
    pod: Option<(String, String)>,
}

/// What the aggregation keys a call by.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct CallKey {
    access_key: String,
    session_arn: String,
    account: String,
    /// `prefix:Action`, or `Err((eventSource, eventName))` when the catalogue has no action.
    action: Result<String, (String, String)>,
    denied: bool,
}

/// A [`CallKey`] with its strings interned: what every call is aggregated under, so that the
/// millions of calls of a large log allocate nothing once their session and action are known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct CallId {
    access_key: u32,
    session_arn: u32,
    account: u32,
    action: u32,
    denied: bool,
}

/// Strings seen, each kept once.
#[derive(Default)]
struct Strings {
    all: Vec<String>,
    ids: HashMap<String, u32>,
}

impl Strings {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(id) = self.ids.get(s) {
            return *id;
        }
        let id = self.all.len() as u32;
        self.all.push(s.to_string());
        self.ids.insert(s.to_string(), id);
        id
    }
}

#[derive(Clone, Debug, Default)]
struct Agg {
    count: u64,
    first: String,
    last: String,
    resources: BTreeSet<String>,
    /// For an event the catalogue has no action for: where the first one was read.
    origin: Option<super::records::Origin>,
}

/// How many resources a row's action lists; more are counted in `moreResources`.
pub const MAX_RESOURCES: usize = 50;

/// The time window calls are counted in (RFC 3339 strings compare as times when both are UTC,
/// as CloudTrail's `eventTime` always is).
#[derive(Clone, Debug, Default)]
pub struct Window {
    pub since: Option<jiff::Timestamp>,
    pub until: Option<jiff::Timestamp>,
}

/// Events in, per-service-account usage out. Events may come in any order: calls are
/// aggregated as they come and joined to their sessions at the end.
#[derive(Default)]
pub struct Usage {
    window: Window,
    seen: HashSet<String>,
    sessions: HashMap<String, Owner>,
    /// Target-role sessions: (the assuming session's key, the new key, the target role).
    chained: Vec<(String, String, String)>,
    calls: HashMap<CallId, Agg>,
    strings: Strings,
    /// Each (event source, event name)'s action, once: an index into `actions`.
    action_ids: HashMap<String, HashMap<String, u32>>,
    actions: Vec<Result<String, (String, String)>>,
    /// The assume event of each session (by its access key): for `epi trace`.
    assumed: HashMap<String, Assumed>,
    pub duplicates: usize,
    pub outside_window: usize,
}

/// Where a session began.
#[derive(Clone, Debug)]
struct Assumed {
    event_id: String,
    time: String,
    session_arn: Option<String>,
}

/// A session as `epi trace` shows it: whose it is, and where it began.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub access_key_id: String,
    pub session_arn: Option<String>,
    /// The assume event that made it, when it is among the events read.
    pub assume_event_id: Option<String>,
    pub assumed_at: Option<String>,
    pub account: String,
    pub region: String,
    pub cluster: Option<String>,
    pub namespace: Option<String>,
    pub service_account: Option<String>,
    pub pod_name: Option<String>,
    pub pod_uid: Option<String>,
    /// The role whose permissions the calls used.
    pub role: String,
    pub via: Option<Via>,
    pub attribution: Attribution,
}

/// The session tags of an assume event's `requestParameters`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AssumeParameters {
    #[serde(default)]
    role_arn: String,
    #[serde(default)]
    tags: Vec<Tag>,
}

#[derive(Deserialize)]
struct Tag {
    key: String,
    value: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AssumeResponse {
    credentials: Credentials,
    #[serde(default)]
    assumed_role_user: Option<AssumedRoleUser>,
    /// AssumeRoleWithWebIdentity: the token's issuer and subject (AWS STS API Reference,
    /// AssumeRoleWithWebIdentity response elements `Provider` and `SubjectFromWebIdentityToken`):
    /// what names an IRSA session where `userIdentity` does not (Athena's CloudTrail table has
    /// no `identityProvider` column).
    #[serde(default)]
    provider: Option<String>,
    #[serde(default)]
    subject_from_web_identity_token: Option<String>,
}

#[derive(Deserialize)]
struct AssumedRoleUser {
    arn: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Credentials {
    access_key_id: String,
}

/// Error codes that mean the call was refused for want of permission (CloudTrail records the
/// service's error code: `AccessDenied` for S3 and STS, `AccessDeniedException` for most JSON
/// APIs, `Client.UnauthorizedOperation` and `UnauthorizedOperation` for EC2).
pub fn is_denied(code: &str) -> bool {
    matches!(
        code,
        "AccessDenied"
            | "AccessDeniedException"
            | "UnauthorizedOperation"
            | "Client.UnauthorizedOperation"
    )
}

impl Usage {
    pub fn new(window: Window) -> Usage {
        Usage {
            window,
            ..Usage::default()
        }
    }

    /// Takes one event (duplicate deliveries, the same `eventID`, count once).
    pub fn add(&mut self, mut event: Event) {
        if self.seen.contains(&event.event_id) {
            self.duplicates += 1;
            return;
        }
        self.add_new(&event);
        self.seen.insert(std::mem::take(&mut event.event_id));
    }

    fn add_new(&mut self, event: &Event) {
        let id = &event.user_identity;
        if event.event_source == "sts.amazonaws.com" && event.error_code.is_none() {
            match event.event_name.as_str() {
                "AssumeRole"
                    if id.kind == "AWSService"
                        && id.invoked_by.as_deref() == Some("pods.eks.amazonaws.com") =>
                {
                    self.pod_session(event);
                    return;
                }
                "AssumeRole" if id.access_key_id.is_some() => self.chained_session(event),
                "AssumeRoleWithWebIdentity" => {
                    self.irsa_session(event);
                    return;
                }
                _ => {}
            }
        }
        let (Some(key), Some(arn)) = (&id.access_key_id, &id.arn) else {
            return;
        };
        // Only role sessions can be a pod's.
        if id.kind != "AssumedRole" {
            return;
        }
        if !self.in_window(&event.event_time) {
            self.outside_window += 1;
            return;
        }
        let action = self.action_id(&event.event_source, &event.event_name);
        let call = CallId {
            access_key: self.strings.id(key),
            session_arn: self.strings.id(arn),
            account: self
                .strings
                .id(id.account_id.as_deref().unwrap_or_default()),
            action,
            denied: event.error_code.as_deref().is_some_and(is_denied),
        };
        let unmapped = self.actions[action as usize].is_err();
        let agg = self.calls.entry(call).or_default();
        agg.count += 1;
        if unmapped && agg.origin.is_none() {
            agg.origin = event.origin.clone();
        }
        if agg.first.is_empty() || event.event_time < agg.first {
            agg.first = event.event_time.clone();
        }
        if event.event_time > agg.last {
            agg.last = event.event_time.clone();
        }
        for r in event.resources.iter().filter_map(|r| r.arn.as_deref()) {
            if agg.resources.len() <= MAX_RESOURCES && !agg.resources.contains(r) {
                agg.resources.insert(r.to_string());
            }
        }
    }

    /// Takes calls Athena counted ([`super::athena::Aggregate`]): what [`Usage::add`] makes of
    /// the same events one by one (the query keeps only role sessions' calls in the window).
    pub fn add_aggregate(&mut self, a: &super::athena::Aggregate) {
        self.duplicates += a.deliveries.saturating_sub(a.count) as usize;
        let call = self.call_id(a);
        let agg = self.calls.entry(call).or_default();
        agg.count += a.count;
        if agg.first.is_empty() || a.first < agg.first {
            agg.first = a.first.clone();
        }
        if a.last > agg.last {
            agg.last = a.last.clone();
        }
    }

    /// Takes a resource the calls of an aggregate named.
    pub fn add_resource(&mut self, a: &super::athena::Aggregate, resource: &str) {
        let call = self.call_id(a);
        let agg = self.calls.entry(call).or_default();
        if agg.resources.len() <= MAX_RESOURCES && !agg.resources.contains(resource) {
            agg.resources.insert(resource.to_string());
        }
    }

    fn call_id(&mut self, a: &super::athena::Aggregate) -> CallId {
        CallId {
            access_key: self.strings.id(&a.access_key),
            session_arn: self.strings.id(&a.session_arn),
            account: self.strings.id(&a.account),
            action: self.action_id(&a.event_source, &a.event_name),
            denied: a.error_code.as_deref().is_some_and(is_denied),
        }
    }

    fn action_id(&mut self, source: &str, name: &str) -> u32 {
        if let Some(id) = self.action_ids.get(source).and_then(|m| m.get(name)) {
            return *id;
        }
        let id = self.actions.len() as u32;
        self.actions.push(
            super::actions::action_of(source, name)
                .ok_or_else(|| (source.to_string(), name.to_string())),
        );
        self.action_ids
            .entry(source.to_string())
            .or_default()
            .insert(name.to_string(), id);
        id
    }

    fn in_window(&self, time: &str) -> bool {
        if self.window.since.is_none() && self.window.until.is_none() {
            return true;
        }
        let Ok(t) = time.parse::<jiff::Timestamp>() else {
            return true;
        };
        self.window.since.is_none_or(|s| t >= s) && self.window.until.is_none_or(|u| t < u)
    }

    fn pod_session(&mut self, event: &Event) {
        let (Some(params), Some(response)) = (
            parse::<AssumeParameters>(&event.request_parameters),
            parse::<AssumeResponse>(&event.response_elements),
        ) else {
            return;
        };
        let tag = |k: &str| {
            params
                .tags
                .iter()
                .find(|t| t.key == k)
                .map(|t| t.value.clone())
        };
        let account = crate::validate::Arn::account_of(&params.role_arn)
            .unwrap_or_default()
            .to_string();
        let cluster_arn = tag("eks-cluster-arn");
        let region = cluster_arn
            .as_deref()
            .and_then(|a| a.split(':').nth(3))
            .map_or(event.aws_region.clone(), str::to_string);
        let owner = Owner {
            account,
            region,
            cluster: tag("eks-cluster-name"),
            namespace: tag("kubernetes-namespace"),
            service_account: tag("kubernetes-service-account"),
            role: params.role_arn.clone(),
            via: Some(Via::PodIdentity),
            pod: tag("kubernetes-pod-name").zip(tag("kubernetes-pod-uid")),
        };
        self.began(event, &response);
        self.sessions
            .insert(response.credentials.access_key_id, owner);
    }

    fn began(&mut self, event: &Event, response: &AssumeResponse) {
        self.assumed.insert(
            response.credentials.access_key_id.clone(),
            Assumed {
                event_id: event.event_id.clone(),
                time: event.event_time.clone(),
                session_arn: response.assumed_role_user.as_ref().map(|u| u.arn.clone()),
            },
        );
    }

    fn chained_session(&mut self, event: &Event) {
        let (Some(params), Some(response), Some(from)) = (
            parse::<AssumeParameters>(&event.request_parameters),
            parse::<AssumeResponse>(&event.response_elements),
            event.user_identity.access_key_id.clone(),
        ) else {
            return;
        };
        self.began(event, &response);
        self.chained
            .push((from, response.credentials.access_key_id, params.role_arn));
    }

    fn irsa_session(&mut self, event: &Event) {
        let id = &event.user_identity;
        let (Some(params), Some(response)) = (
            parse::<AssumeParameters>(&event.request_parameters),
            parse::<AssumeResponse>(&event.response_elements),
        ) else {
            return;
        };
        let Some((namespace, name)) = id
            .user_name
            .as_deref()
            .or(response.subject_from_web_identity_token.as_deref())
            .and_then(|u| u.strip_prefix("system:serviceaccount:"))
            .and_then(|u| u.split_once(':'))
        else {
            return;
        };
        let owner = Owner {
            account: crate::validate::Arn::account_of(&params.role_arn)
                .unwrap_or_default()
                .to_string(),
            region: event.aws_region.clone(),
            // The provider names the cluster's issuer; `finish` finds the cluster by it.
            cluster: id
                .identity_provider
                .clone()
                .or(response.provider.clone())
                .map(|p| format!("oidc:{p}")),
            namespace: Some(namespace.to_string()),
            service_account: Some(name.to_string()),
            role: params.role_arn,
            via: Some(Via::Irsa),
            pod: None,
        };
        self.began(event, &response);
        self.sessions
            .insert(response.credentials.access_key_id, owner);
    }

    /// Target-role sessions belong to whoever assumed them (chains resolved in order).
    pub fn resolve_chains(&mut self) {
        for (from, to, role) in std::mem::take(&mut self.chained) {
            if let Some(owner) = self.sessions.get(&from).cloned() {
                self.sessions.insert(to, Owner { role, ..owner });
            }
        }
    }

    /// Whose session made a call with this access key and session ARN (in `account`), after
    /// [`Usage::resolve_chains`]: by the key's assume event, else by the session's name.
    pub fn whose(
        &self,
        access_key: &str,
        session_arn: &str,
        account: &str,
        known: &[Known],
    ) -> Option<Session> {
        let (owner, attribution) = match self.sessions.get(access_key) {
            Some(owner) => (resolve_irsa(owner.clone(), known), Attribution::AccessKey),
            None => by_session_name(session_arn, account, known)?,
        };
        let assumed = self.assumed.get(access_key);
        Some(Session {
            access_key_id: access_key.to_string(),
            session_arn: Some(session_arn.to_string())
                .filter(|s| !s.is_empty())
                .or_else(|| assumed.and_then(|a| a.session_arn.clone())),
            assume_event_id: assumed.map(|a| a.event_id.clone()),
            assumed_at: assumed.map(|a| a.time.clone()),
            account: owner.account,
            region: owner.region,
            cluster: owner.cluster,
            namespace: owner.namespace,
            service_account: owner.service_account,
            pod_name: owner.pod.as_ref().map(|p| p.0.clone()),
            pod_uid: owner.pod.map(|p| p.1),
            role: owner.role,
            via: owner.via,
            attribution,
        })
    }

    /// Joins the calls to their sessions, with the live associations for the fallback by session
    /// name and the rows' association ids.
    pub fn finish(mut self, known: &[Known]) -> (Vec<Row>, Unattributed) {
        self.resolve_chains();
        let mut rows: BTreeMap<(Owner, Attribution), Row> = BTreeMap::new();
        let mut unattributed = Unattributed::default();
        for (id, agg) in std::mem::take(&mut self.calls) {
            let text = |i: u32| self.strings.all[i as usize].clone();
            let call = CallKey {
                access_key: text(id.access_key),
                session_arn: text(id.session_arn),
                account: text(id.account),
                action: self.actions[id.action as usize].clone(),
                denied: id.denied,
            };
            let found = match self.sessions.get(&call.access_key) {
                Some(owner) => Some((resolve_irsa(owner.clone(), known), Attribution::AccessKey)),
                None => by_session_name(&call.session_arn, &call.account, known),
            };
            let Some((owner, attribution)) = found else {
                // Not a pod's session at all (no `eks-` session name): not counted.
                if session_name(&call.session_arn).is_some_and(|s| s.starts_with("eks-")) {
                    unattributed.calls += agg.count;
                    *unattributed
                        .by_reason
                        .entry("noAssociation".into())
                        .or_default() += agg.count;
                }
                continue;
            };
            // A row a service account: its pods are `epi trace`'s.
            let owner = Owner { pod: None, ..owner };
            let row = rows
                .entry((owner.clone(), attribution))
                .or_insert_with(|| Row::new(&owner, attribution, known));
            row.add(&call, agg);
        }
        (rows.into_values().collect(), unattributed)
    }
}

fn parse<'a, T: Deserialize<'a>>(raw: &'a Option<Box<serde_json::value::RawValue>>) -> Option<T> {
    serde_json::from_str(raw.as_ref()?.get()).ok()
}

/// The session name of a session ARN (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`).
fn session_name(arn: &str) -> Option<&str> {
    arn.split_once(":assumed-role/")?
        .1
        .split_once('/')
        .map(|(_, s)| s)
}

/// The fallback: a session named `eks-CLUSTER…` of role ROLE belongs to the one service account
/// with an association of ROLE in a cluster whose name (cut to ten characters) it names.
fn by_session_name(arn: &str, account: &str, known: &[Known]) -> Option<(Owner, Attribution)> {
    let (role_name, session) = arn.split_once(":assumed-role/")?.1.split_once('/')?;
    let rest = session.strip_prefix("eks-")?;
    let candidates: Vec<&Known> = known
        .iter()
        .filter(|k| {
            let acting = k.target_role_arn.as_deref().unwrap_or(&k.role_arn);
            k.account == account
                && crate::validate::RoleArn::name_of(&k.role_arn) == role_name
                && acting == k.role_arn
                && rest.starts_with(&format!("{}-", cut(&k.cluster, 10)))
        })
        .collect();
    let first = candidates.first()?;
    let one = |f: &dyn Fn(&Known) -> &str| candidates.iter().all(|k| f(k) == f(first));
    let same_cluster = one(&|k| &k.cluster) && one(&|k| &k.region);
    let same_sa = same_cluster && one(&|k| &k.namespace) && one(&|k| &k.service_account);
    Some((
        Owner {
            account: account.to_string(),
            region: if same_cluster {
                first.region.clone()
            } else {
                String::new()
            },
            cluster: same_cluster.then(|| first.cluster.clone()),
            namespace: same_sa.then(|| first.namespace.clone()),
            service_account: same_sa.then(|| first.service_account.clone()),
            role: first.role_arn.clone(),
            via: Some(Via::PodIdentity),
            pod: None,
        },
        if same_sa {
            Attribution::SessionName
        } else {
            Attribution::Ambiguous
        },
    ))
}

fn cut(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// An IRSA session's cluster, from its OIDC provider and the clusters' issuers.
fn resolve_irsa(mut owner: Owner, known: &[Known]) -> Owner {
    if let Some(provider) = owner
        .cluster
        .as_deref()
        .and_then(|c| c.strip_prefix("oidc:"))
    {
        let provider = provider.trim_start_matches("https://");
        let provider = provider
            .rsplit_once(":oidc-provider/")
            .map_or(provider, |(_, p)| p);
        owner.cluster = known
            .iter()
            .find(|k| {
                k.oidc_issuer
                    .as_deref()
                    .is_some_and(|i| i.trim_start_matches("https://") == provider)
            })
            .map(|k| k.cluster.clone())
            .or_else(|| Some(provider.to_string()));
    }
    owner
}

/// One service account's usage (or, `ambiguous`, one role's in a cluster).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    pub account: String,
    pub region: String,
    pub cluster: Option<String>,
    pub namespace: Option<String>,
    pub service_account: Option<String>,
    pub association_id: Option<String>,
    pub role: String,
    pub via: Option<Via>,
    pub attribution: Attribution,
    pub calls: u64,
    pub denied: u64,
    pub actions: Vec<ActionUse>,
    /// Events the IAM catalogue has no action for: counted, not guessed.
    pub unmapped: Vec<Unmapped>,
    /// Each denied call as `epi access` answers it now (set by the command when it can read the
    /// association's roles).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub denied_calls: Vec<DeniedCall>,
    /// The role's Allow statements (and parts of them) no call used (set by the command when it
    /// can read the roles; absent when it could not).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unused: Option<Vec<super::grants::UnusedStatement>>,
}

/// A denied call, explained by the evaluator against the roles' policies as they are now.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeniedCall {
    pub action: String,
    pub resource: String,
    /// `epi access`'s decision for it now (`implicitDeny`, `explicitDeny`, `allowed` when the
    /// policies changed since, …).
    pub decision: String,
    /// The layer that stopped it.
    pub denied_by: Option<String>,
    /// What decided, as `epi access check` says it.
    pub deciding: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionUse {
    pub action: String,
    pub count: u64,
    pub first_seen: String,
    pub last_seen: String,
    /// The resources the events name (`resources[]`); `*` when they name none.
    pub resources: Vec<String>,
    #[serde(skip_serializing_if = "is_zero")]
    pub more_resources: usize,
    /// How many of the calls were refused for want of permission.
    pub denied: u64,
    /// The resources of the refused calls (at most [`MAX_RESOURCES`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub denied_resources: Vec<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Unmapped {
    pub event_source: String,
    pub event_name: String,
    pub count: u64,
    /// `SOURCE:RECORD` of one such event (none for an Athena source).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
}

/// Calls of pod sessions (named `eks-…`) that could not be tied to a service account.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Unattributed {
    pub calls: u64,
    pub by_reason: BTreeMap<String, u64>,
}

impl Row {
    fn new(owner: &Owner, attribution: Attribution, known: &[Known]) -> Row {
        let association_id = known
            .iter()
            .find(|k| {
                Some(&k.cluster) == owner.cluster.as_ref()
                    && Some(&k.namespace) == owner.namespace.as_ref()
                    && Some(&k.service_account) == owner.service_account.as_ref()
                    && k.account == owner.account
            })
            .map(|k| k.association_id.clone());
        Row {
            account: owner.account.clone(),
            region: owner.region.clone(),
            cluster: owner.cluster.clone(),
            namespace: owner.namespace.clone(),
            service_account: owner.service_account.clone(),
            association_id: association_id.filter(|_| owner.via == Some(Via::PodIdentity)),
            role: owner.role.clone(),
            via: owner.via,
            attribution,
            calls: 0,
            denied: 0,
            actions: Vec::new(),
            unmapped: Vec::new(),
            denied_calls: Vec::new(),
            unused: None,
        }
    }

    fn add(&mut self, call: &CallKey, agg: Agg) {
        self.calls += agg.count;
        if call.denied {
            self.denied += agg.count;
        }
        match &call.action {
            Err((source, name)) => {
                match self
                    .unmapped
                    .iter_mut()
                    .find(|u| &u.event_source == source && &u.event_name == name)
                {
                    Some(u) => {
                        u.count += agg.count;
                        if u.record.is_none() {
                            u.record = agg.origin.as_ref().map(|o| o.to_string());
                        }
                    }
                    None => self.unmapped.push(Unmapped {
                        event_source: source.clone(),
                        event_name: name.clone(),
                        count: agg.count,
                        record: agg.origin.as_ref().map(|o| o.to_string()),
                    }),
                }
                self.unmapped.sort_by(|a, b| {
                    (&a.event_source, &a.event_name).cmp(&(&b.event_source, &b.event_name))
                });
            }
            Ok(action) => {
                let i = match self.actions.iter().position(|a| &a.action == action) {
                    Some(i) => i,
                    None => {
                        self.actions.push(ActionUse {
                            action: action.clone(),
                            count: 0,
                            first_seen: agg.first.clone(),
                            last_seen: agg.last.clone(),
                            resources: Vec::new(),
                            more_resources: 0,
                            denied: 0,
                            denied_resources: Vec::new(),
                        });
                        self.actions.len() - 1
                    }
                };
                let a = &mut self.actions[i];
                a.count += agg.count;
                if call.denied {
                    a.denied += agg.count;
                    let mut denied: BTreeSet<String> = a.denied_resources.drain(..).collect();
                    denied.extend(agg.resources.iter().cloned());
                    if agg.resources.is_empty() {
                        denied.insert("*".into());
                    }
                    a.denied_resources = denied.into_iter().take(MAX_RESOURCES).collect();
                }
                a.first_seen = a.first_seen.clone().min(agg.first);
                a.last_seen = a.last_seen.clone().max(agg.last);
                let resources = if agg.resources.is_empty() {
                    BTreeSet::from(["*".to_string()])
                } else {
                    agg.resources
                };
                let mut all: BTreeSet<String> = a.resources.drain(..).collect();
                all.extend(resources);
                a.more_resources += all.len().saturating_sub(MAX_RESOURCES);
                a.resources = all.into_iter().take(MAX_RESOURCES).collect();
                self.actions.sort_by(|x, y| x.action.cmp(&y.action));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::usage::records::{Tally, read};

    const ACCOUNT: &str = "111122223333";

    /// An AssumeRole by EKS Pod Identity, in the shape CloudTrail records it (see the module's
    /// sources); ids and names are this test's.
    fn assume(id: &str, key: &str, role: &str, ns: &str, sa: &str, pod: &str) -> String {
        serde_json::json!({
            "eventVersion": "1.08",
            "userIdentity": {"type": "AWSService", "invokedBy": "pods.eks.amazonaws.com"},
            "eventTime": "2026-12-01T09:00:00Z",
            "eventSource": "sts.amazonaws.com",
            "eventName": "AssumeRole",
            "awsRegion": "us-east-1",
            "sourceIPAddress": "pods.eks.amazonaws.com",
            "requestParameters": {
                "roleArn": format!("arn:aws:iam::{ACCOUNT}:role/{role}"),
                "roleSessionName": format!("eks-production-{pod}-0cda7f85"),
                "durationSeconds": 21600,
                "tags": [
                    {"key": "eks-cluster-arn", "value": format!("arn:aws:eks:us-east-1:{ACCOUNT}:cluster/production")},
                    {"key": "eks-cluster-name", "value": "production"},
                    {"key": "kubernetes-namespace", "value": ns},
                    {"key": "kubernetes-service-account", "value": sa},
                    {"key": "kubernetes-pod-name", "value": pod},
                    {"key": "kubernetes-pod-uid", "value": "0cda7f85-c1f9-4dee-b6e9-a0b50c8f3012"}
                ]
            },
            "responseElements": {
                "credentials": {"accessKeyId": key, "expiration": "Dec 1, 2026, 3:00:00 PM"},
                "assumedRoleUser": {
                    "assumedRoleId": "AROAEXAMPLE:eks-production-app",
                    "arn": format!("arn:aws:sts::{ACCOUNT}:assumed-role/{role}/eks-production-{pod}-0cda7f85")
                }
            },
            "eventID": id,
            "eventType": "AwsApiCall",
            "recipientAccountId": ACCOUNT
        })
        .to_string()
    }

    fn call(
        id: &str,
        key: &str,
        role: &str,
        session: &str,
        name: &str,
        object: &str,
        error: Option<&str>,
    ) -> String {
        let mut e = serde_json::json!({
            "eventVersion": "1.09",
            "userIdentity": {
                "type": "AssumedRole",
                "arn": format!("arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}"),
                "accountId": ACCOUNT,
                "accessKeyId": key
            },
            "eventTime": "2026-12-01T10:00:00Z",
            "eventSource": "s3.amazonaws.com",
            "eventName": name,
            "awsRegion": "us-east-1",
            "eventID": id,
            "resources": [{"type": "AWS::S3::Object", "ARN": format!("arn:aws:s3:::data/{object}")}]
        });
        if let Some(code) = error {
            e["errorCode"] = code.into();
        }
        e.to_string()
    }

    fn run(lines: &[String], known: &[Known]) -> (Vec<Row>, Unattributed, Usage) {
        let mut usage = Usage::new(Window::default());
        let mut tally = Tally::default();
        let mut events = Vec::new();
        read("t.jsonl", lines.join("\n").as_bytes(), &mut tally, |e| {
            events.push(e)
        });
        assert_eq!(tally.malformed, 0, "{tally:?}");
        for e in events {
            usage.add(e);
        }
        let dup = Usage {
            duplicates: usage.duplicates,
            ..Usage::default()
        };
        let (rows, un) = usage.finish(known);
        (rows, un, dup)
    }

    fn known(ns: &str, sa: &str, role: &str) -> Known {
        Known {
            account: ACCOUNT.into(),
            region: "us-east-1".into(),
            cluster: "production".into(),
            oidc_issuer: Some("https://oidc.eks.us-east-1.amazonaws.com/id/ABC".into()),
            namespace: ns.into(),
            service_account: sa.into(),
            role_arn: format!("arn:aws:iam::{ACCOUNT}:role/{role}"),
            target_role_arn: None,
            association_id: format!("a-{ns}"),
        }
    }

    #[test]
    fn calls_join_their_assume_event_by_access_key_in_any_order() {
        let s = "eks-production-web-1-0cda7f85";
        let lines = vec![
            call("c1", "ASIAKEY1", "reader", s, "GetObject", "team-a/x", None),
            assume("a1", "ASIAKEY1", "reader", "team-a", "app", "web-1"),
            call("c2", "ASIAKEY1", "reader", s, "GetObject", "team-a/y", None),
            call("c2", "ASIAKEY1", "reader", s, "GetObject", "team-a/y", None),
            call(
                "c3",
                "ASIAKEY1",
                "reader",
                s,
                "PutObject",
                "team-b/z",
                Some("AccessDenied"),
            ),
        ];
        let (rows, un, usage) = run(&lines, &[known("team-a", "app", "reader")]);
        assert_eq!(usage.duplicates, 1, "the same eventID counts once");
        assert_eq!(rows.len(), 1, "{rows:#?}");
        let r = &rows[0];
        assert_eq!(
            (
                r.cluster.as_deref(),
                r.namespace.as_deref(),
                r.service_account.as_deref()
            ),
            (Some("production"), Some("team-a"), Some("app"))
        );
        assert_eq!(
            (r.attribution, r.via, r.calls, r.denied),
            (Attribution::AccessKey, Some(Via::PodIdentity), 3, 1)
        );
        assert_eq!(r.association_id.as_deref(), Some("a-team-a"));
        assert_eq!(r.actions[0].action, "s3:GetObject");
        assert_eq!(r.actions[0].count, 2);
        assert_eq!(
            r.actions[0].resources,
            ["arn:aws:s3:::data/team-a/x", "arn:aws:s3:::data/team-a/y"]
        );
        assert_eq!(
            (r.actions[1].action.as_str(), r.actions[1].denied),
            ("s3:PutObject", 1)
        );
        assert_eq!(un.calls, 0);
    }

    #[test]
    fn without_its_assume_event_a_session_is_known_by_its_name_or_is_ambiguous() {
        let s = "eks-production-web-1-0cda7f85";
        let lines = vec![call(
            "c1",
            "ASIAGONE",
            "reader",
            s,
            "GetObject",
            "team-a/x",
            None,
        )];
        let (rows, _, _) = run(&lines, &[known("team-a", "app", "reader")]);
        assert_eq!(rows[0].attribution, Attribution::SessionName);
        assert_eq!(rows[0].namespace.as_deref(), Some("team-a"));
        // Two service accounts share the role in that cluster: which one is not known.
        let (rows, _, _) = run(
            &lines,
            &[
                known("team-a", "app", "reader"),
                known("team-b", "app", "reader"),
            ],
        );
        assert_eq!(rows[0].attribution, Attribution::Ambiguous);
        assert_eq!(
            (rows[0].cluster.as_deref(), rows[0].namespace.as_deref()),
            (Some("production"), None)
        );
        // No association of the role there: counted, not attributed.
        let (rows, un, _) = run(&lines, &[known("team-a", "app", "writer")]);
        assert!(rows.is_empty());
        assert_eq!(un.calls, 1);
        assert_eq!(un.by_reason["noAssociation"], 1);
        // A session that is not a pod's is no one's business here.
        let other = vec![call(
            "c9",
            "ASIAOTHER",
            "ci",
            "github-actions",
            "GetObject",
            "x",
            None,
        )];
        let (rows, un, _) = run(&other, &[]);
        assert!(rows.is_empty() && un.calls == 0);
    }

    #[test]
    fn a_target_role_session_belongs_to_the_service_account_that_assumed_it() {
        let chained = serde_json::json!({
            "userIdentity": {
                "type": "AssumedRole",
                "arn": format!("arn:aws:sts::{ACCOUNT}:assumed-role/reader/eks-production-web-1-0cda7f85"),
                "accountId": ACCOUNT,
                "accessKeyId": "ASIAKEY1"
            },
            "eventTime": "2026-12-01T09:00:01Z",
            "eventSource": "sts.amazonaws.com",
            "eventName": "AssumeRole",
            "awsRegion": "us-east-1",
            "eventID": "t1",
            "requestParameters": {"roleArn": "arn:aws:iam::444455556666:role/target", "roleSessionName": "eks-production-web-1-0cda7f85"},
            "responseElements": {"credentials": {"accessKeyId": "ASIATARGET"}}
        })
        .to_string();
        let lines = vec![
            assume("a1", "ASIAKEY1", "reader", "team-a", "app", "web-1"),
            chained,
            call(
                "c1",
                "ASIATARGET",
                "target",
                "eks-production-web-1-0cda7f85",
                "GetObject",
                "x",
                None,
            ),
        ];
        let (rows, _, _) = run(&lines, &[]);
        let target = rows
            .iter()
            .find(|r| r.role.ends_with(":role/target"))
            .expect("target row");
        assert_eq!(target.namespace.as_deref(), Some("team-a"));
        let first = rows
            .iter()
            .find(|r| r.role.ends_with(":role/reader"))
            .expect("the first role's");
        assert_eq!(first.actions[0].action, "sts:AssumeRole");
    }

    #[test]
    fn irsa_sessions_are_their_web_identity_s_service_account() {
        let assume = serde_json::json!({
            "userIdentity": {
                "type": "WebIdentityUser",
                "principalId": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC:sts.amazonaws.com:system:serviceaccount:shop:cart",
                "userName": "system:serviceaccount:shop:cart",
                "identityProvider": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"
            },
            "eventTime": "2026-12-01T09:00:00Z",
            "eventSource": "sts.amazonaws.com",
            "eventName": "AssumeRoleWithWebIdentity",
            "awsRegion": "us-east-1",
            "eventID": "w1",
            "requestParameters": {"roleArn": format!("arn:aws:iam::{ACCOUNT}:role/shop-cart"), "roleSessionName": "botocore-session-1"},
            "responseElements": {"credentials": {"accessKeyId": "ASIAIRSA"}}
        })
        .to_string();
        let lines = vec![
            assume,
            call(
                "c1",
                "ASIAIRSA",
                "shop-cart",
                "botocore-session-1",
                "GetObject",
                "x",
                None,
            ),
        ];
        let (rows, _, _) = run(&lines, &[known("team-a", "app", "reader")]);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].via, Some(Via::Irsa));
        assert_eq!(
            rows[0].cluster.as_deref(),
            Some("production"),
            "found by its OIDC issuer"
        );
        assert_eq!(
            (
                rows[0].namespace.as_deref(),
                rows[0].service_account.as_deref()
            ),
            (Some("shop"), Some("cart"))
        );
    }

    #[test]
    fn calls_outside_the_window_are_not_counted() {
        let s = "eks-production-web-1-0cda7f85";
        let mut usage = Usage::new(Window {
            since: Some("2026-12-01T10:30:00Z".parse().unwrap()),
            until: None,
        });
        let mut tally = Tally::default();
        let lines = [
            assume("a1", "ASIAKEY1", "reader", "team-a", "app", "web-1"),
            call("c1", "ASIAKEY1", "reader", s, "GetObject", "x", None),
        ];
        read("t", lines.join("\n").as_bytes(), &mut tally, |e| {
            usage.add(e)
        });
        assert_eq!(usage.outside_window, 1);
        let (rows, _) = usage.finish(&[]);
        assert!(rows.is_empty());
    }
}
