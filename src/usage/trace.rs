//! `epi trace`: from calls to the pods that made them. The events are read as for `epi usage`
//! ([`super::attribution::Usage`] finds the sessions); the calls asked for are kept whole and each
//! is given its session at the end, whatever order the events came in.

use std::collections::HashSet;

use serde::Serialize;

use super::attribution::{Known, Session, Usage, Window, is_denied};
use super::records::Event;

/// What to trace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// One call, by its `eventID`.
    Event(String),
    /// Every call made with one access key id.
    AccessKey(String),
    /// Every call of one role session (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`).
    Session(String),
    /// Every call of a service account's pods.
    ServiceAccount {
        cluster: Option<String>,
        namespace: String,
        service_account: String,
    },
}

impl Target {
    /// An id as given: a session ARN, an access key id (`ASIA…`/`AKIA…`, 16 to 128 characters of
    /// `[A-Z0-9]`, IAM's AccessKeyId pattern), else an event id.
    pub fn parse(id: &str) -> Target {
        let key = (id.starts_with("ASIA") || id.starts_with("AKIA"))
            && (16..=128).contains(&id.len())
            && id
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if id.starts_with("arn:") && id.contains(":assumed-role/") {
            Target::Session(id.to_string())
        } else if key {
            Target::AccessKey(id.to_string())
        } else {
            Target::Event(id.to_string())
        }
    }
}

/// One call, with whose session made it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Call {
    pub event_id: String,
    pub event_time: String,
    pub event_source: String,
    pub event_name: String,
    /// The IAM action it needed; None when the catalogue has none.
    pub action: Option<String>,
    pub resources: Vec<String>,
    pub error_code: Option<String>,
    pub denied: bool,
    pub access_key_id: String,
    pub session_arn: String,
    #[serde(skip)]
    pub account: String,
    /// None when no assume event and no live association tie it to a pod.
    pub session: Option<Session>,
}

pub struct Tracer {
    usage: Usage,
    window: Window,
    target: Target,
    kept: HashSet<String>,
    calls: Vec<Call>,
}

impl Tracer {
    pub fn new(target: Target, window: Window) -> Tracer {
        Tracer {
            usage: Usage::new(window.clone()),
            window,
            target,
            kept: HashSet::new(),
            calls: Vec::new(),
        }
    }

    pub fn duplicates(&self) -> usize {
        self.usage.duplicates
    }

    /// Takes one event.
    pub fn add(&mut self, event: Event) {
        let id = &event.user_identity;
        if let (Some(key), Some(arn)) = (&id.access_key_id, &id.arn) {
            let wanted = match &self.target {
                Target::Event(e) => &event.event_id == e,
                Target::AccessKey(k) => key == k,
                Target::Session(s) => arn == s,
                Target::ServiceAccount { .. } => id.kind == "AssumedRole",
            };
            let in_window = event
                .event_time
                .parse::<jiff::Timestamp>()
                .map_or(true, |t| {
                    self.window.since.is_none_or(|s| t >= s)
                        && self.window.until.is_none_or(|u| t < u)
                });
            if wanted && in_window && self.kept.insert(event.event_id.clone()) {
                self.calls.push(Call {
                    event_id: event.event_id.clone(),
                    event_time: event.event_time.clone(),
                    event_source: event.event_source.clone(),
                    event_name: event.event_name.clone(),
                    action: super::actions::action_of(&event.event_source, &event.event_name),
                    resources: event
                        .resources
                        .iter()
                        .filter_map(|r| r.arn.clone())
                        .collect(),
                    error_code: event.error_code.clone(),
                    denied: event.error_code.as_deref().is_some_and(is_denied),
                    access_key_id: key.clone(),
                    session_arn: arn.clone(),
                    account: id.account_id.clone().unwrap_or_default(),
                    session: None,
                });
            }
        }
        self.usage.add(event);
    }

    /// The calls asked for, in time order, each with its session.
    pub fn finish(mut self, known: &[Known]) -> Vec<Call> {
        self.usage.resolve_chains();
        for call in &mut self.calls {
            call.session =
                self.usage
                    .whose(&call.access_key_id, &call.session_arn, &call.account, known);
        }
        if let Target::ServiceAccount {
            cluster,
            namespace,
            service_account,
        } = &self.target
        {
            self.calls.retain(|c| {
                c.session.as_ref().is_some_and(|s| {
                    s.namespace.as_ref() == Some(namespace)
                        && s.service_account.as_ref() == Some(service_account)
                        && cluster
                            .as_ref()
                            .is_none_or(|c| s.cluster.as_ref() == Some(c))
                })
            });
        }
        self.calls
            .sort_by(|a, b| (&a.event_time, &a.event_id).cmp(&(&b.event_time, &b.event_id)));
        self.calls
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_told_apart() {
        assert_eq!(
            Target::parse("arn:aws:sts::111122223333:assumed-role/app/eks-prod-x"),
            Target::Session("arn:aws:sts::111122223333:assumed-role/app/eks-prod-x".into())
        );
        assert_eq!(
            Target::parse("ASIA37QFXJP5MQOWRZ6Q"),
            Target::AccessKey("ASIA37QFXJP5MQOWRZ6Q".into())
        );
        assert_eq!(
            Target::parse("7b7e4636-4713-3d04-b86a-cd6774cdbae9"),
            Target::Event("7b7e4636-4713-3d04-b86a-cd6774cdbae9".into())
        );
    }
}
