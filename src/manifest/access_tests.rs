//! The access tests file (`apiVersion: epi/v1alpha1`, `kind: AccessTests`): what a cluster's
//! service accounts must and must not be allowed to do, checked by `epi access test` against the
//! desired state of the PodIdentityConfig files given with it (or the live cluster). Parsed with
//! the position of every value and checked completely before any AWS call. Pure.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;
use serde_saphyr::Spanned;

use crate::error::{Error, Result};
use crate::validate::names;

pub const KIND: &str = "AccessTests";

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(
    title = "epi AccessTests",
    description = "What a cluster's service accounts must and must not be allowed to do (`epi access test -f`)"
)]
pub struct RawAccessTests {
    /// Always `epi/v1alpha1`.
    #[schemars(with = "String")]
    pub api_version: Spanned<String>,
    /// Always `AccessTests`.
    #[schemars(with = "String")]
    pub kind: Spanned<String>,
    /// The EKS cluster's name.
    #[schemars(with = "String")]
    pub cluster: Spanned<String>,
    /// The cluster's region (`--region` and the profile otherwise).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub region: Option<Spanned<String>>,
    /// The tests.
    pub tests: Vec<RawAccessTest>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawAccessTest {
    /// A name for reports [default: `NAMESPACE/SA ACTION RESOURCE`].
    #[serde(default)]
    pub name: Option<String>,
    /// `NAMESPACE/SERVICE_ACCOUNT`.
    #[schemars(with = "String")]
    pub service_account: Spanned<String>,
    /// One action, e.g. `s3:GetObject`.
    #[schemars(with = "String")]
    pub action: Spanned<String>,
    /// The resource's ARN, or `*`.
    #[schemars(with = "String")]
    pub resource: Spanned<String>,
    /// The resource's account, for ARNs without one (S3) [default: the role's account].
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub resource_account: Option<Spanned<String>>,
    /// Context keys epi cannot know (a value or a list of values each), e.g.
    /// `{aws:SourceVpc: vpc-1}`.
    #[serde(default)]
    pub context: BTreeMap<String, Value>,
    /// The resource's own policy (a bucket policy, a role's trust, a key policy): a file's path
    /// (relative to this file) or the policy inline. Without it epi reads a role's trust itself;
    /// any other policy a request needs is unread and the answer `conditional` on it.
    #[serde(default)]
    #[schemars(with = "Option<Value>")]
    pub resource_policy: Option<Spanned<Value>>,
    /// `allowed`, `denied` or `conditional`.
    #[schemars(with = "Expect")]
    pub expect: Spanned<String>,
}

/// Where a test's resource policy is.
#[derive(Clone, Debug, PartialEq)]
pub enum ResourcePolicy {
    /// A file's path, as written (relative to the tests file).
    File(String),
    /// The policy itself.
    Inline(Value),
}

/// What a test expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Expect {
    Allowed,
    /// Any denial: implicitDeny, explicitDeny, no-association, trust-denied.
    Denied,
    Conditional,
}

impl Expect {
    pub fn as_str(self) -> &'static str {
        match self {
            Expect::Allowed => "allowed",
            Expect::Denied => "denied",
            Expect::Conditional => "conditional",
        }
    }
}

/// One test, checked.
#[derive(Clone, Debug)]
pub struct AccessTest {
    pub name: String,
    /// Where it is written (`FILE:LINE:COLUMN`).
    pub at: String,
    pub namespace: String,
    pub service_account: String,
    pub action: String,
    pub resource: String,
    pub resource_account: Option<String>,
    pub context: Vec<(String, Vec<String>)>,
    pub resource_policy: Option<ResourcePolicy>,
    /// Where `resourcePolicy` is written (`FILE:LINE:COLUMN`).
    pub resource_policy_at: Option<String>,
    pub expect: Expect,
}

/// One document, checked.
#[derive(Clone, Debug)]
pub struct AccessTests {
    pub cluster: String,
    pub region: Option<String>,
    pub tests: Vec<AccessTest>,
    pub source: String,
}

fn at(file: &str, v: &Spanned<String>) -> String {
    format!("{file}:{}:{}", v.referenced.line(), v.referenced.column())
}

/// Parses and checks the AccessTests documents of a file (`text` holds only such documents, the
/// others blanked). `region` overrides every document's.
pub fn parse(name: &str, text: &str, region: Option<&str>) -> Result<Vec<AccessTests>> {
    let docs: Vec<RawAccessTests> = serde_saphyr::from_multiple(text).map_err(|e| {
        super::documents::parse_error(
            name,
            KIND,
            &e,
            "see the keys with `epi schema --kind AccessTests`",
        )
    })?;
    docs.iter().map(|d| resolve(name, d, region)).collect()
}

fn resolve(file: &str, doc: &RawAccessTests, region: Option<&str>) -> Result<AccessTests> {
    let here = |v: &Spanned<String>| at(file, v);
    if doc.api_version.value != super::config::API_VERSION {
        return Err(Error::invalid(
            "apiVersion",
            doc.api_version.value.clone(),
            "epi reads this version only",
        )
        .with_hint(format!(
            "write `apiVersion: {}`",
            super::config::API_VERSION
        ))
        .at(here(&doc.api_version)));
    }
    names::cluster_name(&doc.cluster.value).map_err(|e| e.at(here(&doc.cluster)))?;
    let region = match (region, &doc.region) {
        (Some(r), _) => Some(r.to_string()),
        (None, Some(r)) => {
            names::region(&r.value).map_err(|e| e.at(here(r)))?;
            Some(r.value.clone())
        }
        (None, None) => None,
    };
    let mut tests = Vec::new();
    for t in &doc.tests {
        let sa = &t.service_account.value;
        let Some((ns, name)) = sa.split_once('/') else {
            return Err(Error::invalid(
                "serviceAccount",
                sa.clone(),
                "it is not NAMESPACE/SERVICE_ACCOUNT",
            )
            .with_hint("e.g. `serviceAccount: team-a/app`")
            .at(here(&t.service_account)));
        };
        names::dns1123_label("namespace", ns).map_err(|e| e.at(here(&t.service_account)))?;
        names::dns1123_subdomain("service account", name)
            .map_err(|e| e.at(here(&t.service_account)))?;
        crate::policy::eval::input::check_action(&t.action.value).map_err(|r| {
            Error::invalid("action", t.action.value.clone(), r)
                .with_hint("name one action, e.g. `action: s3:GetObject`")
                .at(here(&t.action))
        })?;
        crate::policy::eval::input::check_resource(&t.resource.value).map_err(|r| {
            Error::invalid("resource", t.resource.value.clone(), r)
                .with_hint(
                    "give the resource's ARN, or * for actions without resource-level permissions",
                )
                .at(here(&t.resource))
        })?;
        if let Some(a) = &t.resource_account {
            crate::policy::eval::input::check_account("resourceAccount", &a.value).map_err(
                |r| {
                    Error::invalid("resourceAccount", a.value.clone(), r)
                        .with_hint("give the 12-digit account ID")
                        .at(here(a))
                },
            )?;
        }
        let expect = match t.expect.value.as_str() {
            "allowed" => Expect::Allowed,
            "denied" => Expect::Denied,
            "conditional" => Expect::Conditional,
            other => {
                return Err(Error::invalid(
                    "expect",
                    other.to_string(),
                    "it is not allowed, denied or conditional",
                )
                .with_hint("write `expect: allowed`, `expect: denied` or `expect: conditional`")
                .at(here(&t.expect)));
            }
        };
        let mut context = Vec::new();
        for (k, v) in &t.context {
            let values: Vec<String> = match v {
                Value::Array(items) => items.iter().map(scalar).collect::<Option<_>>(),
                other => scalar(other).map(|s| vec![s]),
            }
            .ok_or_else(|| {
                Error::invalid(
                    "context",
                    format!("{k}: {v}"),
                    "a context value must be a string, number, boolean or a list of them",
                )
                .with_hint("e.g. `context: {aws:SourceVpc: vpc-1}`")
                .at(here(&t.service_account))
            })?;
            context.push((k.clone(), values));
        }
        let resource_policy = match &t.resource_policy {
            None => None,
            Some(v) => Some(match &v.value {
                Value::String(path) if !path.trim().is_empty() => {
                    ResourcePolicy::File(path.clone())
                }
                Value::Object(_) => ResourcePolicy::Inline(v.value.clone()),
                other => {
                    return Err(Error::invalid(
                        "resourcePolicy",
                        other.to_string(),
                        "it is neither a file's path nor a policy document",
                    )
                    .with_hint("write `resourcePolicy: bucket-policy.json` or the policy inline as a mapping")
                    .at(format!(
                        "{file}:{}:{}",
                        v.referenced.line(),
                        v.referenced.column()
                    )));
                }
            }),
        };
        tests.push(AccessTest {
            resource_policy,
            resource_policy_at: t
                .resource_policy
                .as_ref()
                .map(|v| format!("{file}:{}:{}", v.referenced.line(), v.referenced.column())),
            // Shown in tables, notes and reports: one line whatever the file says.
            name: crate::text::one_line(
                &t.name
                    .clone()
                    .unwrap_or_else(|| format!("{sa} {} {}", t.action.value, t.resource.value)),
            )
            .into_owned(),
            at: here(&t.service_account),
            namespace: ns.to_string(),
            service_account: name.to_string(),
            action: t.action.value.clone(),
            resource: t.resource.value.clone(),
            resource_account: t.resource_account.as_ref().map(|a| a.value.clone()),
            context,
            expect,
        });
    }
    Ok(AccessTests {
        cluster: doc.cluster.value.clone(),
        region,
        tests,
        source: file.to_string(),
    })
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The JSON Schema of the document (`epi schema --kind AccessTests`).
pub fn schema() -> Value {
    super::pin_kind(
        serde_json::to_value(schemars::schema_for!(RawAccessTests)).expect("a schema is JSON"),
        KIND,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_checked_with_locations() {
        let text = "apiVersion: epi/v1alpha1\nkind: AccessTests\ncluster: prod\ntests:\n  - serviceAccount: team-a/app\n    action: s3:GetObject\n    resource: arn:aws:s3:::data/team-a/x\n    context: {aws:SourceVpc: vpc-1}\n    expect: allowed\n";
        let docs = parse("t.yaml", text, None).unwrap();
        assert_eq!(docs[0].cluster, "prod");
        let t = &docs[0].tests[0];
        assert_eq!(
            (t.namespace.as_str(), t.service_account.as_str()),
            ("team-a", "app")
        );
        assert_eq!(
            t.context,
            vec![("aws:SourceVpc".to_string(), vec!["vpc-1".to_string()])]
        );
        assert_eq!(t.at, "t.yaml:5:21");
        // Issue #32: a name with a line break is kept on one line for every report.
        let named = text.replace(
            "  - serviceAccount",
            "  - name: \"a\\n::error ::x\"\n    serviceAccount",
        );
        let docs = parse("t.yaml", &named, None).unwrap();
        assert_eq!(docs[0].tests[0].name, "a\\u{a}::error ::x");
        let bad = text.replace("expect: allowed", "expect: maybe");
        let err = parse("t.yaml", &bad, None).unwrap_err().to_string();
        assert!(err.contains("t.yaml:9:") && err.contains("maybe"), "{err}");
        let bad = text.replace("team-a/app", "app");
        let err = parse("t.yaml", &bad, None).unwrap_err().to_string();
        assert!(
            err.contains("t.yaml:5:") && err.contains("NAMESPACE/SERVICE_ACCOUNT"),
            "{err}"
        );
    }
}
