//! The `epi policy simulate --input` document: one request and every policy that takes part, as
//! JSON (keys documented in docs/json-output.md).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::{Context, Named, Policies, Principal, Request};

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Input {
    pub request: RequestInput,
    #[serde(default)]
    pub identity_policies: Vec<Value>,
    #[serde(default)]
    pub permissions_boundary: Option<Value>,
    #[serde(default)]
    pub session_policy: Option<Value>,
    #[serde(default)]
    pub resource_policy: Option<Value>,
    #[serde(default)]
    pub service_control_policies: Vec<Vec<Value>>,
    #[serde(default)]
    pub resource_control_policies: Vec<Vec<Value>>,
    #[serde(default)]
    pub vpc_endpoint_policy: Option<Value>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RequestInput {
    #[serde(default)]
    pub principal: Option<String>,
    pub action: String,
    pub resource: String,
    #[serde(default)]
    pub resource_account: Option<String>,
    #[serde(default)]
    pub context: BTreeMap<String, Value>,
}

/// `{}` and `null` stand for "no such policy".
fn is_policy(v: &Value) -> bool {
    !v.is_null() && v.as_object().is_none_or(|o| !o.is_empty())
}

fn given(v: &Option<Value>) -> Option<&Value> {
    v.as_ref().filter(|v| is_policy(v))
}

/// A context value: a string, a number or a boolean (one value), or a list of them (several).
fn context_values(key: &str, v: &Value) -> Result<Vec<String>, String> {
    let one = |v: &Value| match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(format!(
            "context key {key:?} has the value {other}: give a string, a number, true/false, or a list of them"
        )),
    };
    match v {
        Value::Array(items) => items.iter().map(one).collect(),
        v => one(v).map(|s| vec![s]),
    }
}

/// Checks a 12-digit account ID.
pub fn check_account(what: &str, id: &str) -> Result<(), String> {
    if id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(format!("{what} {id:?} is not a 12-digit AWS account ID"))
    }
}

/// Checks an action is SERVICE:NAME (wildcards are refused: a request asks for one action) and
/// one of IAM's catalogue (the Service Authorization Reference): a misspelt action would
/// otherwise be matched by a policy's wildcard (`s3:GetObjects` by `s3:Get*`) and answer
/// `allowed` for a request AWS would never see. Names are compared case-insensitively, as IAM
/// does ([ACT23] IAM UG reference_policies_elements_action.html).
pub fn check_action(action: &str) -> Result<(), String> {
    let (service, name) = match action.split_once(':') {
        Some((s, n)) if !s.is_empty() && !n.is_empty() && !action.contains(['*', '?']) => (s, n),
        _ => {
            return Err(format!(
                "action {action:?} is not SERVICE:NAME (e.g. s3:GetObject); a request is for one action, without wildcards"
            ));
        }
    };
    let catalogue = crate::policy::catalogue::service(service).ok_or_else(|| {
        let known: Vec<&str> = crate::policy::catalogue::prefixes().collect();
        match crate::suggest::nearest(service, &known) {
            Some(p) => format!(
                "action {action:?}: no AWS service has the prefix {service:?}; did you mean {p}:{name}?"
            ),
            None => format!(
                "action {action:?}: no AWS service has the prefix {service:?} (see the AWS Service Authorization Reference)"
            ),
        }
    })?;
    if catalogue.action(name).is_some() {
        return Ok(());
    }
    let names: Vec<&str> = catalogue.actions.iter().map(|a| a.name).collect();
    Err(match crate::suggest::nearest(name, &names) {
        Some(n) => format!(
            "action {action:?} is not an action of {}; did you mean {}:{n}?",
            catalogue.prefix, catalogue.prefix
        ),
        None => format!(
            "action {action:?} is not an action of {} (see its actions in the AWS Service Authorization Reference)",
            catalogue.prefix
        ),
    })
}

/// Checks a resource is `*` or an ARN.
pub fn check_resource(resource: &str) -> Result<(), String> {
    if resource == "*" || (resource.starts_with("arn:") && resource.splitn(6, ':').count() == 6) {
        Ok(())
    } else {
        Err(format!(
            "resource {resource:?} is not an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE) or *"
        ))
    }
}

impl Input {
    /// The request as the evaluator takes it, or why it is not one.
    pub fn request(&self) -> Result<Request, String> {
        let r = &self.request;
        check_action(&r.action)?;
        check_resource(&r.resource)?;
        if let Some(a) = &r.resource_account {
            check_account("resourceAccount", a)?;
        }
        let resource_account = r
            .resource_account
            .clone()
            .or_else(|| super::arn_account(&r.resource).map(str::to_string));
        let principal = match &r.principal {
            Some(p) => Principal::parse(p)?,
            None => Principal::Unspecified {
                account: resource_account.clone(),
            },
        };
        let mut context = Context::closed();
        for (k, v) in &r.context {
            context.set(k, context_values(k, v)?);
        }
        Ok(Request {
            principal,
            action: r.action.clone(),
            resource: r.resource.clone(),
            resource_account,
            context,
        })
    }

    /// Every policy, named by where it is in the document.
    pub fn policies(&self) -> Policies<'_> {
        fn levels<'a>(key: &str, lists: &'a [Vec<Value>]) -> Vec<Vec<Named<'a>>> {
            lists
                .iter()
                .enumerate()
                .map(|(l, list)| {
                    list.iter()
                        .enumerate()
                        .filter(|(_, v)| is_policy(v))
                        .map(|(i, v)| Named::new(format!("{key}[{l}][{i}]"), v))
                        .collect()
                })
                .collect()
        }
        Policies {
            identity: self
                .identity_policies
                .iter()
                .enumerate()
                .map(|(i, v)| Named::new(format!("identityPolicies[{i}]"), v))
                .collect(),
            boundary: given(&self.permissions_boundary)
                .map(|v| Named::new("permissionsBoundary", v)),
            session: given(&self.session_policy).map(|v| Named::new("sessionPolicy", v)),
            resource: given(&self.resource_policy).map(|v| Named::new("resourcePolicy", v)),
            scps: levels("serviceControlPolicies", &self.service_control_policies),
            rcps: levels("resourceControlPolicies", &self.resource_control_policies),
            vpc_endpoint: given(&self.vpc_endpoint_policy)
                .map(|v| Named::new("vpcEndpointPolicy", v)),
            ..Policies::default()
        }
    }

    /// Every policy with its name and what kind the linter should read it as.
    pub fn each_policy(&self) -> Vec<(String, &Value, PolicyKind)> {
        let p = self.policies();
        let kinds = [
            (p.identity.clone(), PolicyKind::Identity),
            (
                p.boundary.into_iter().chain(p.session).collect(),
                PolicyKind::Identity,
            ),
            (p.scps.into_iter().flatten().collect(), PolicyKind::Identity),
            (
                p.resource.into_iter().chain(p.vpc_endpoint).collect(),
                PolicyKind::ResourceSide,
            ),
            (
                p.rcps.into_iter().flatten().collect::<Vec<_>>(),
                PolicyKind::Resource,
            ),
        ];
        let mut out = Vec::new();
        for (list, kind) in kinds {
            out.extend(list.into_iter().map(|n| (n.name, n.doc, kind)));
        }
        out
    }
}

/// How the linter reads a policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyKind {
    Identity,
    Resource,
    /// A resource's or a VPC endpoint's policy: a trust or resource policy, never an identity
    /// policy (so a Principal is required).
    ResourceSide,
}
