//! The `PodIdentitySnapshot` file of `epi snapshot` and `--snapshot FILE` (#36): one file with a fleet's Pod Identity state, taken
//! with the fleet read of `association list` (every account, region and cluster asked for), so
//! that `access check|who-can|test` and `usage` answer offline from it, as a live run on the same
//! state would.
//!
//! The file (`apiVersion: epi/v1alpha1`, `kind: PodIdentitySnapshot`, JSON; YAML is read too)
//! holds:
//! - `places`: each (account, region) read, and `failures`: those that could not be;
//! - `clusters`: each cluster with what DescribeCluster said of it and its associations
//!   (DescribePodIdentityAssociation, every field);
//! - `roles`: each association's role and target role as IAM has them: trust policy, tags, the
//!   managed policies attached (each at its default version), the inline policies and the
//!   permissions boundary; `missingRoles`: those IAM says do not exist; `unreadableRoles`: those
//!   the run could not read, with why;
//! - `organization`: with `--accounts org|ou-…` or `--org-policies`, the SCPs and RCPs along each
//!   account's path (root first) and their documents, or why they could not be read.
//!
//! No credentials or tokens are written. The file is made 0600: it describes the access of a
//! whole fleet.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::aws::eks::Association;
use crate::aws::fleet::Failure;
use crate::aws::organizations::OrgPolicies;
use crate::error::{Error, Result};
use crate::policy::access::RoleFacts;
use crate::validate::{Arn, names};

pub const API_VERSION: &str = "epi/v1alpha1";
pub const KIND: &str = "PodIdentitySnapshot";

/// A fleet's Pod Identity state at one time.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "PodIdentitySnapshot")]
pub struct Snapshot {
    /// `epi/v1alpha1`.
    pub api_version: String,
    /// `PodIdentitySnapshot`.
    pub kind: String,
    /// When the snapshot was taken (RFC 3339, UTC).
    pub taken_at: String,
    /// The epi version that took it.
    pub epi_version: String,
    /// Each account and region read.
    pub places: Vec<SnapshotPlace>,
    /// Each account or region that could not be read, with why.
    #[serde(default)]
    pub failures: Vec<SnapshotFailure>,
    pub clusters: Vec<SnapshotCluster>,
    pub roles: Vec<SnapshotRole>,
    /// Roles that associations name and IAM says do not exist (NoSuchEntity).
    #[serde(default)]
    pub missing_roles: Vec<String>,
    /// Roles that could not be read, with why.
    #[serde(default)]
    pub unreadable_roles: Vec<Unreadable>,
    /// The organisation's SCPs and RCPs, when the snapshot was asked to read them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<SnapshotOrganization>,
    /// Each role's place in `roles` by account and name (a role's path aside), built at load so
    /// that a lookup costs the same however many roles the snapshot holds.
    #[serde(skip)]
    #[schemars(skip)]
    pub(crate) index: std::collections::HashMap<(String, String), usize>,
}

/// A role's key in the index: its account and its name (an ARN may carry a path, or not).
fn role_key(arn: &str) -> (String, String) {
    (
        Arn::account_of(arn).unwrap_or_default().to_string(),
        crate::validate::RoleArn::name_of(arn).to_string(),
    )
}

/// An account and region read.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SnapshotPlace {
    pub account: String,
    pub region: String,
}

/// A place that could not be read.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SnapshotFailure {
    pub account: Option<String>,
    pub region: Option<String>,
    pub reason: String,
}

/// A cluster and its associations.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SnapshotCluster {
    pub account: String,
    pub region: String,
    pub name: String,
    pub arn: String,
    pub status: String,
    pub version: String,
    #[serde(default)]
    pub platform_version: String,
    #[serde(default)]
    pub auto_mode: bool,
    pub oidc_issuer: Option<String>,
    /// The eks-pod-identity-agent add-on's version (DescribeAddon); null when it is not installed
    /// or could not be read.
    #[serde(default)]
    pub agent_addon_version: Option<String>,
    pub associations: Vec<Association>,
}

impl SnapshotCluster {
    /// The cluster as DescribeCluster gave it when the snapshot was taken (what the snapshot does
    /// not hold, its endpoint, CA and network, is left out).
    pub fn info(&self) -> crate::aws::eks::ClusterInfo {
        crate::aws::eks::ClusterInfo {
            name: self.name.clone(),
            arn: self.arn.clone(),
            region: self.region.clone(),
            account: self.account.clone(),
            version: self.version.clone(),
            platform_version: self.platform_version.clone(),
            status: crate::aws::eks::ClusterStatus::from(self.status.as_str()),
            auto_mode: self.auto_mode,
            oidc_issuer: self.oidc_issuer.clone(),
            endpoint: None,
            certificate_authority: None,
            ip_family: None,
            vpc: None,
        }
    }
}

/// A role as IAM has it.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SnapshotRole {
    pub arn: String,
    pub trust_policy: serde_json::Value,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// Each attached managed policy, its default version's document (null when it could not be
    /// read).
    #[serde(default)]
    pub managed_policies: Vec<ManagedPolicy>,
    #[serde(default)]
    pub inline_policies: Vec<InlinePolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<ManagedPolicy>,
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManagedPolicy {
    pub arn: String,
    pub document: Option<serde_json::Value>,
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InlinePolicy {
    pub name: String,
    pub document: serde_json::Value,
}

/// Something that could not be read, and why.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Unreadable {
    pub arn: String,
    pub reason: String,
}

/// The organisation's policies as read, or why they could not be.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SnapshotOrganization {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<OrgPolicies>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The JSON Schema of the file (`epi schema --kind PodIdentitySnapshot`).
pub fn schema() -> serde_json::Value {
    let mut s = serde_json::to_value(schemars::schema_for!(Snapshot)).expect("a schema is JSON");
    s["properties"]["apiVersion"]["const"] = API_VERSION.into();
    s["properties"]["kind"]["const"] = KIND.into();
    s
}

impl SnapshotRole {
    pub fn of(r: RoleFacts) -> SnapshotRole {
        let mut managed = Vec::new();
        let mut inline = Vec::new();
        for (name, doc) in r.policies {
            match name.strip_prefix("inline:") {
                Some(n) => inline.push(InlinePolicy {
                    name: n.to_string(),
                    document: doc.unwrap_or(serde_json::Value::Null),
                }),
                None => managed.push(ManagedPolicy {
                    arn: name,
                    document: doc,
                }),
            }
        }
        SnapshotRole {
            arn: r.arn,
            trust_policy: r.trust_policy,
            tags: r.tags,
            managed_policies: managed,
            inline_policies: inline,
            permissions_boundary: r
                .boundary
                .map(|(arn, document)| ManagedPolicy { arn, document }),
        }
    }

    /// As the access chain reads a role: managed policies first, then the inline ones.
    pub fn facts(&self) -> RoleFacts {
        let mut policies: Vec<(String, Option<serde_json::Value>)> = self
            .managed_policies
            .iter()
            .map(|p| (p.arn.clone(), p.document.clone()))
            .collect();
        policies.extend(
            self.inline_policies
                .iter()
                .map(|p| (format!("inline:{}", p.name), Some(p.document.clone()))),
        );
        RoleFacts {
            arn: self.arn.clone(),
            trust_policy: self.trust_policy.clone(),
            tags: self.tags.clone(),
            policies,
            boundary: self
                .permissions_boundary
                .as_ref()
                .map(|b| (b.arn.clone(), b.document.clone())),
        }
    }
}

impl Snapshot {
    /// A role by ARN as the snapshot holds it: None when IAM said it does not exist, Err when it
    /// was not read (with why).
    pub fn role(&self, arn: &str) -> std::result::Result<Option<RoleFacts>, String> {
        if let Some(i) = self.index.get(&role_key(arn)) {
            return Ok(Some(self.roles[*i].facts()));
        }
        if self.missing_roles.iter().any(|m| m == arn) {
            return Ok(None);
        }
        match self.unreadable_roles.iter().find(|u| u.arn == arn) {
            Some(u) => Err(u.reason.clone()),
            None => Err("it is not in the snapshot (take the snapshot again)".into()),
        }
    }

    /// The organisation's policies as the access chain takes them: the read, its error, or None
    /// when the snapshot did not read them.
    pub fn org(&self) -> Option<std::result::Result<OrgPolicies, String>> {
        let o = self.organization.as_ref()?;
        Some(match (&o.policies, &o.error) {
            (Some(p), _) => Ok(p.clone()),
            (None, e) => Err(e.clone().unwrap_or_else(|| "not read".into())),
        })
    }

    /// The clusters a fleet selection covers: `--accounts` (IDs, units `ou-…` found on the
    /// organisation paths the snapshot holds, or `org`), `--exclude-accounts`, `--region`s and
    /// `--cluster`s narrow it; none of them given is the whole snapshot. A name the snapshot does
    /// not hold is bad input.
    pub fn select(
        &self,
        clusters: &[String],
        regions: &[String],
        accounts: &[String],
        exclude: &[String],
    ) -> Result<Vec<&SnapshotCluster>> {
        let units: Vec<&String> = accounts.iter().filter(|a| a.starts_with("ou-")).collect();
        let ids: Vec<&String> = accounts
            .iter()
            .filter(|a| *a != "org" && !a.starts_with("ou-"))
            .collect();
        for id in &ids {
            names::account_id(id)?;
        }
        let paths = self
            .organization
            .as_ref()
            .and_then(|o| o.policies.as_ref())
            .map(|p| &p.paths);
        if !units.is_empty() && paths.is_none() {
            return Err(Error::usage(
                format!(
                    "{} names organisational units, but the snapshot {} has no organisation paths",
                    units
                        .iter()
                        .map(|u| u.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    "given"
                ),
                "take the snapshot with --accounts org (or the units), or select accounts by id",
            ));
        }
        let under = |account: &str| {
            paths
                .and_then(|p| p.get(account))
                .is_some_and(|levels| levels.iter().any(|l| units.contains(&&l.target)))
        };
        let everyone = accounts.is_empty() || accounts.iter().any(|a| a == "org");
        let account_ok = |account: &str| {
            !exclude.iter().any(|e| e == account)
                && (everyone || ids.iter().any(|i| *i == account) || under(account))
        };
        for r in regions {
            names::region(r)?;
            if !self.places.iter().any(|p| &p.region == r) {
                return Err(
                    Error::invalid("region", r, "the snapshot did not read this region").with_hint(
                        format!(
                            "the snapshot read {}; take it again with this region",
                            self.regions().join(", ")
                        ),
                    ),
                );
            }
        }
        for id in &ids {
            if !self.places.iter().any(|p| &p.account == *id) {
                return Err(Error::invalid(
                    "account",
                    *id,
                    "the snapshot did not read this account",
                )
                .with_hint("take the snapshot again with this account in --accounts"));
            }
        }
        let selected: Vec<&SnapshotCluster> = self
            .clusters
            .iter()
            .filter(|c| account_ok(&c.account))
            .filter(|c| regions.is_empty() || regions.contains(&c.region))
            .filter(|c| clusters.is_empty() || clusters.contains(&c.name))
            .collect();
        for name in clusters {
            names::cluster_name(name)?;
            if !selected.iter().any(|c| &c.name == name) {
                return Err(Error::invalid(
                    "cluster",
                    name,
                    "the snapshot holds no cluster of this name in the accounts and regions asked for",
                )
                .with_hint(format!(
                    "the snapshot's clusters: {}",
                    self.cluster_names().join(", ")
                )));
            }
        }
        Ok(selected)
    }

    /// The one cluster of this name (in `region` when given), for commands about one cluster.
    pub fn cluster(&self, name: &str, region: Option<&str>) -> Result<&SnapshotCluster> {
        let found: Vec<&SnapshotCluster> = self
            .clusters
            .iter()
            .filter(|c| c.name == name && region.is_none_or(|r| c.region == r))
            .collect();
        match found.as_slice() {
            [one] => Ok(one),
            [] => Err(Error::invalid(
                "cluster",
                name,
                format!(
                    "the snapshot holds no cluster of this name{}",
                    region.map(|r| format!(" in {r}")).unwrap_or_default()
                ),
            )
            .with_hint(format!(
                "the snapshot's clusters: {}",
                self.cluster_names().join(", ")
            ))),
            many => Err(Error::invalid(
                "cluster",
                name,
                format!(
                    "the snapshot holds a cluster of this name in {}",
                    many.iter()
                        .map(|c| format!("{} {}", c.account, c.region))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .with_hint("give --region to say which")),
        }
    }

    pub fn regions(&self) -> Vec<String> {
        let set: BTreeSet<&str> = self.places.iter().map(|p| p.region.as_str()).collect();
        set.into_iter().map(str::to_string).collect()
    }

    fn cluster_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .clusters
            .iter()
            .map(|c| format!("{} ({} {})", c.name, c.account, c.region))
            .collect();
        if names.is_empty() {
            names.push("none".into());
        }
        names
    }

    /// The places the snapshot could not read, as failures of a run from it (those of the
    /// accounts left out aside).
    pub fn failures_except(&self, excluded: &[String]) -> Vec<Failure> {
        self.failures
            .iter()
            .filter(|f| {
                f.account
                    .as_deref()
                    .is_none_or(|a| !excluded.iter().any(|e| e == a))
            })
            .map(|f| Failure {
                account: f.account.clone(),
                region: f.region.clone(),
                reason: format!("not read when the snapshot was taken: {}", f.reason),
                hint: "take the snapshot again once the account or region can be read".into(),
            })
            .collect()
    }

    /// What a run from the snapshot says it read.
    pub fn note(&self, path: &Path) -> String {
        format!(
            "answered offline from the snapshot {} taken at {} (no AWS call was made)",
            path.display(),
            self.taken_at
        )
    }
}

/// Reads and checks a snapshot file: a bad one is bad input (exit 2), named with why. A
/// snapshot of an organisation is far larger than a policy, so it is not held to the cap of
/// policy documents: JSON is parsed as it is read (its size in memory is the snapshot's, not
/// twice it); YAML (a file converted by hand) is read whole.
pub fn load(path: &Path) -> Result<Snapshot> {
    use std::io::{BufRead, BufReader};
    let shown = crate::text::one_line(&path.display().to_string()).into_owned();
    let bad = |why: String| {
        Error::invalid("snapshot", shown.clone(), why)
            .with_hint("give a file written by `epi snapshot --out FILE`")
    };
    let meta = std::fs::metadata(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if !meta.is_file() {
        return Err(bad("it is not a regular file".into()));
    }
    let file = std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let json = loop {
        let buf = reader.fill_buf().map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => break buf[i] == b'{',
            None if buf.is_empty() => return Err(bad("it is empty".into())),
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    };
    let snapshot: Snapshot = if json {
        serde_json::from_reader(reader).map_err(|e| bad(e.to_string()))?
    } else {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut reader, &mut text)
            .map_err(|e| bad(format!("it is not UTF-8 text ({e})")))?;
        serde_saphyr::from_str(&text).map_err(|e| bad(e.to_string()))?
    };
    if snapshot.kind != KIND {
        return Err(bad(format!("its kind is {:?}, not {KIND}", snapshot.kind)));
    }
    if snapshot.api_version != API_VERSION {
        return Err(bad(format!(
            "its apiVersion is {:?}; this epi reads {API_VERSION}",
            snapshot.api_version
        )));
    }
    let mut snapshot = snapshot;
    snapshot.index = snapshot
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| (role_key(&r.arn), i))
        .collect();
    Ok(snapshot)
}
