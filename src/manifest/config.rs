//! The declarative file (`apiVersion: epi/v1alpha1`, `kind: PodIdentityConfig`): parsed with the
//! position of every value, checked completely before any AWS call, and resolved into the desired
//! state the planner compares with the live one. Pure: the caller reads the file.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;
use serde_saphyr::Spanned;

use crate::error::{Error, Result};
use crate::policy::abac::{self, Template};
use crate::validate::{Arn, arn, names};

pub const API_VERSION: &str = "epi/v1alpha1";
pub const KIND: &str = "PodIdentityConfig";
/// The tag epi puts on the roles and associations it creates from files, so that `--prune`
/// deletes only what it made for them. A key of its own (not the `managed-by` that `association
/// create --create-role` sets): pruning must never reach a role made by hand with epi.
pub const OWNER_TAG: &str = "epi:managed-by";
pub const OWNER_VALUE: &str = "epi";
/// On roles epi created from files before stacks: the cluster whose files made it (a name only).
/// Read, never written any longer: such a role is adoptable, never pruned.
pub const CLUSTER_TAG: &str = "epi:cluster";
/// On everything `apply` makes from a file with a `stack`: the stack it belongs to. `--prune`
/// deletes only what carries this tag with the files' stack (docs/commands.md, "Stacks").
pub const STACK_TAG: &str = "epi:stack";
/// On everything `apply` makes from a file: the ARN of the cluster whose files made it (a name
/// alone is ambiguous across regions and accounts).
pub const CLUSTER_ARN_TAG: &str = "epi:cluster-arn";
/// On a role a stack took in with `--adopt` (it did not create it): prune never deletes it unless
/// [`DELETE_ON_PRUNE_TAG`] says the files allowed that.
pub const ADOPTED_TAG: &str = "epi:adopted";
/// On an adopted role whose file said `deleteOnPrune: true`.
pub const DELETE_ON_PRUNE_TAG: &str = "epi:delete-on-prune";

/// On a role while an epi run edits its trust policy (written by the IAM client, which has the
/// same constant; a test in `plan` keeps them equal): never drift, never exported.
pub const TRUST_LEASE_TAG: &str = "epi:trust-lease";

/// Who owns a role or an association, as its tags say, seen from a run of `stack`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ownership {
    /// Made by epi for this stack (or, for files without a stack, by an epi without stacks).
    Ours,
    /// Made by an earlier epi without a stack, seen from a stack: adoptable, never pruned.
    Legacy,
    /// Made by epi for another stack (or for a stack, seen from files without one).
    OtherStack(String),
    /// Not made by epi.
    Unowned,
}

impl Ownership {
    pub fn of(tags: &BTreeMap<String, String>, stack: Option<&str>) -> Ownership {
        if tags.get(OWNER_TAG).map(String::as_str) != Some(OWNER_VALUE) {
            return Ownership::Unowned;
        }
        match (tags.get(STACK_TAG).map(String::as_str), stack) {
            (None, None) => Ownership::Ours,
            (None, Some(_)) => Ownership::Legacy,
            (Some(theirs), Some(ours)) if theirs == ours => Ownership::Ours,
            (Some(theirs), _) => Ownership::OtherStack(theirs.to_string()),
        }
    }
}

/// The IAM path of the roles `stack` creates when the file gives none: `/epi/STACK/`.
pub fn stack_path(stack: &str) -> String {
    format!("/epi/{stack}/")
}

/// Whether a role's path proves that `stack` created it. Tags do not: anyone with `iam:TagRole`
/// can put `epi:stack` on any role. A path is set only by CreateRole and never changed (IAM has no
/// call that moves a role), so a role under `/epi/STACK/` was created there by whoever could
/// create roles at that path (#32).
pub fn path_proves_stack(path: &str, stack: &str) -> bool {
    path.starts_with(&stack_path(stack))
}

/// The tags that mark a resource as made by epi for `stack` from the files of `cluster_arn`.
pub fn ownership_tags(stack: Option<&str>, cluster_arn: &str) -> BTreeMap<String, String> {
    let mut tags = BTreeMap::from([
        (OWNER_TAG.to_string(), OWNER_VALUE.to_string()),
        (CLUSTER_ARN_TAG.to_string(), cluster_arn.to_string()),
    ]);
    if let Some(s) = stack {
        tags.insert(STACK_TAG.to_string(), s.to_string());
    }
    tags
}

/// Whether a tag key is one of epi's ownership tags (never removed as drift).
pub fn is_ownership_tag(key: &str) -> bool {
    matches!(
        key,
        OWNER_TAG
            | STACK_TAG
            | CLUSTER_ARN_TAG
            | CLUSTER_TAG
            | ADOPTED_TAG
            | DELETE_ON_PRUNE_TAG
            | TRUST_LEASE_TAG
    )
}

/// One document of the file, as written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(
    title = "epi PodIdentityConfig",
    description = "EKS Pod Identity as code: the roles and associations of one cluster (`epi plan -f`, `epi apply -f`)"
)]
pub struct RawConfig {
    /// The file's lines, split once per file (shared by its documents), to point a finding
    /// inside an inline policy at its own line: linear in the file however many documents and
    /// findings it has.
    #[serde(skip)]
    #[schemars(skip)]
    pub source: Option<std::sync::Arc<[String]>>,
    /// Always `epi/v1alpha1`.
    #[schemars(with = "String")]
    pub api_version: Spanned<String>,
    /// Always `PodIdentityConfig`.
    #[schemars(with = "String")]
    pub kind: Spanned<String>,
    /// The stack the document belongs to (a DNS-1123 label; several files may form one stack).
    /// Everything `apply` makes carries `epi:stack=<stack>`, and `--prune` deletes only what
    /// carries this stack's tag.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub stack: Option<Spanned<String>>,
    /// The cluster's AWS account (12 digits); when given, `plan` and `apply` refuse to run with
    /// credentials of another account.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub account: Option<Spanned<String>>,
    /// The EKS cluster's name (`--cluster` overrides it).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub cluster: Option<Spanned<String>>,
    /// The cluster's region (`--region` and the profile otherwise).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub region: Option<Spanned<String>>,
    /// The eks-pod-identity-agent add-on; absent leaves it alone.
    #[serde(default)]
    pub agent: Option<RawAgent>,
    /// Roles epi creates and owns.
    #[serde(default)]
    pub roles: Vec<RawRole>,
    /// Pod Identity associations.
    #[serde(default)]
    pub associations: Vec<RawAssociation>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawAgent {
    /// `default`, `latest`, or a version such as `v1.3.4-eksbuild.1`.
    #[schemars(with = "String")]
    pub version: Spanned<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawRole {
    /// The IAM role name (1-64 of letters, digits and +=,.@_-).
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// The IAM path, e.g. `/eks/`. Default: `/epi/STACK/` in a document with a `stack` (the path
    /// proves to `--prune` that the stack created the role; IAM never changes a role's path),
    /// `/` otherwise.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub path: Option<Spanned<String>>,
    #[serde(default)]
    pub description: Option<String>,
    /// A managed policy ARN used as the role's permissions boundary.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub permissions_boundary: Option<Spanned<String>>,
    /// Managed policy ARNs to attach.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub managed_policies: Vec<Spanned<String>>,
    /// Inline policies by name: each an IAM policy document.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Value>")]
    pub inline_policies: BTreeMap<String, Spanned<Value>>,
    /// `epi policy abac` templates, each an inline policy `epi-abac-TEMPLATE`.
    #[serde(default)]
    pub abac: Vec<RawAbac>,
    /// `epi policy well-known` names (`epi policy well-known --list`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub well_known_policies: Vec<Spanned<String>>,
    /// The trust policy: scoped to this file's associations of the role unless `unscoped: true`.
    #[serde(default)]
    pub trust: Option<RawTrust>,
    /// Role tags (the ownership tag is added).
    #[serde(default)]
    #[serde(deserialize_with = "scalar_map")]
    pub tags: BTreeMap<String, String>,
    /// For a role the stack adopted (`--adopt`) rather than created: `true` lets a later
    /// `--prune` delete it once no file names it (recorded on the role as `epi:delete-on-prune`).
    /// Without it, prune never deletes an adopted role.
    #[serde(default)]
    pub delete_on_prune: bool,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawTrust {
    /// Trust every association of the account (needed with `disableSessionTags`).
    #[serde(default)]
    pub unscoped: bool,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawAbac {
    /// s3-prefix, dynamodb, secrets-manager, ssm-parameters or sqs.
    #[schemars(with = "String")]
    pub template: Spanned<String>,
    /// cluster, namespace (default), service-account, cluster-namespace, cluster-service-account.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub scope: Option<Spanned<String>>,
    #[serde(default)]
    pub bucket: Option<String>,
    #[serde(default)]
    pub prefix: Option<String>,
    #[serde(default)]
    pub table: Option<String>,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub read_only: bool,
    /// The resources' region (the cluster's by default; `*` for any).
    #[serde(default)]
    pub region: Option<String>,
    /// The resources' account (the role's by default; `*` for any).
    #[serde(default)]
    pub account: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawAssociation {
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub namespace: Option<Spanned<String>>,
    /// Instead of `namespace`: one association per matching namespace of the live cluster.
    #[serde(default)]
    pub namespace_selector: Option<RawSelector>,
    #[schemars(with = "String")]
    pub service_account: Spanned<String>,
    /// A role of this file.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub role: Option<Spanned<String>>,
    /// Or any role's ARN.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub role_arn: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub target_role_arn: Option<Spanned<String>>,
    #[serde(default)]
    pub disable_session_tags: bool,
    /// An inline session policy (needs `disableSessionTags: true`).
    #[serde(default)]
    pub session_policy: Option<Value>,
    #[serde(default)]
    #[serde(deserialize_with = "scalar_map")]
    pub tags: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawSelector {
    #[serde(default)]
    #[serde(deserialize_with = "scalar_map")]
    pub match_labels: BTreeMap<String, String>,
    /// Namespace names, `*` and `?` globs allowed.
    #[serde(default)]
    pub names: Vec<String>,
}

/// A map of strings whose values may be written as YAML scalars of any kind (`team: 1`,
/// `tenant: true`), as Kubernetes labels often are: each becomes its text.
fn scalar_map<'de, D>(deserializer: D) -> std::result::Result<BTreeMap<String, String>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let raw: BTreeMap<String, Value> = Deserialize::deserialize(deserializer)?;
    raw.into_iter()
        .map(|(k, v)| match v {
            Value::String(s) => Ok((k, s)),
            Value::Number(n) => Ok((k, n.to_string())),
            Value::Bool(b) => Ok((k, b.to_string())),
            other => Err(serde::de::Error::custom(format!(
                "the value of {k:?} must be a string, not {other}"
            ))),
        })
        .collect()
}

/// The JSON Schema of a document (`epi schema`).
pub fn schema() -> Value {
    super::pin_kind(
        serde_json::to_value(schemars::schema_for!(RawConfig)).expect("a schema is JSON"),
        KIND,
    )
}

// ---------------------------------------------------------------------------------------------
// The desired state.

/// Which namespaces an association is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Namespaces {
    One(String),
    Selector {
        labels: BTreeMap<String, String>,
        names: Vec<String>,
    },
}

impl Namespaces {
    /// Whether a namespace with these labels is selected.
    pub fn selects(&self, name: &str, labels: &BTreeMap<String, String>) -> bool {
        match self {
            Namespaces::One(n) => n == name,
            Namespaces::Selector {
                labels: want,
                names,
            } => {
                want.iter().all(|(k, v)| labels.get(k) == Some(v))
                    && (names.is_empty() || names.iter().any(|g| glob(g, name)))
            }
        }
    }
}

/// `*` and `?` globs.
fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// An association's role: one of the file's, by name, or an ARN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoleRef {
    File(String),
    Arn(String),
}

#[derive(Clone, Debug)]
pub struct DesiredAbac {
    pub policy_name: String,
    pub template: Template,
    pub region: Option<String>,
    pub account: Option<String>,
}

#[derive(Clone, Debug)]
pub struct DesiredRole {
    pub name: String,
    /// The path written, or the default ([`stack_path`] for a stack, `/` otherwise).
    pub path: String,
    /// Whether the file wrote `path` (an existing role's other path is then worth a note).
    pub path_given: bool,
    pub description: Option<String>,
    pub permissions_boundary: Option<String>,
    pub managed_policies: BTreeSet<String>,
    pub inline_policies: BTreeMap<String, Value>,
    pub abac: Vec<DesiredAbac>,
    pub well_known: Vec<String>,
    pub unscoped: bool,
    pub tags: BTreeMap<String, String>,
    /// `deleteOnPrune`: prune may delete this role even if the stack adopted it.
    pub delete_on_prune: bool,
    /// Where it is written (`FILE:LINE:COLUMN`).
    pub at: String,
}

#[derive(Clone, Debug)]
pub struct DesiredAssociation {
    pub namespaces: Namespaces,
    pub service_account: String,
    pub role: RoleRef,
    pub target_role_arn: Option<String>,
    pub disable_session_tags: bool,
    pub session_policy: Option<Value>,
    pub tags: BTreeMap<String, String>,
    pub at: String,
}

/// Everything the files want of one cluster.
#[derive(Clone, Debug)]
pub struct Desired {
    /// The stack of the documents (`stack`), if they name one.
    pub stack: Option<String>,
    /// The account the documents name (`account`), if any.
    pub account: Option<String>,
    pub cluster: String,
    pub region: Option<String>,
    pub agent: Option<String>,
    pub roles: Vec<DesiredRole>,
    pub associations: Vec<DesiredAssociation>,
    /// The files it came from, for messages.
    pub sources: Vec<String>,
    /// Lint warnings of the files' inline policies (`FILE:LINE:COLUMN: …`), said once by the
    /// command that read the files.
    pub warnings: Vec<String>,
}

impl Desired {
    pub fn role(&self, name: &str) -> Option<&DesiredRole> {
        self.roles.iter().find(|r| r.name == name)
    }
    pub fn uses_selectors(&self) -> bool {
        self.associations
            .iter()
            .any(|a| matches!(a.namespaces, Namespaces::Selector { .. }))
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing.

fn at(file: &str, loc: &serde_saphyr::Location) -> String {
    format!("{file}:{}:{}", loc.line(), loc.column())
}

/// Parses one file (several documents allowed). `name` is how messages name it.
pub fn parse(name: &str, text: &str) -> Result<Vec<RawConfig>> {
    let mut docs: Vec<RawConfig> = serde_saphyr::from_multiple(text).map_err(|e| {
        super::documents::parse_error(
            name,
            KIND,
            &e,
            "see the file's keys with `epi schema` (docs/commands.md has an example)",
        )
    })?;
    let source: std::sync::Arc<[String]> = text.lines().map(str::to_string).collect();
    for d in &mut docs {
        d.source = Some(source.clone());
    }
    if docs.is_empty() {
        return Err(Error::InFile {
            location: format!("{name}:1:1"),
            message: format!("no {KIND} document in the file"),
            hint: Some(format!(
                "start it with `apiVersion: {API_VERSION}` and `kind: {KIND}`"
            )),
        });
    }
    Ok(docs)
}

/// Checks documents and groups them by cluster (`cluster` overrides every document's), merging
/// documents of one cluster. Every error names its `FILE:LINE:COLUMN`.
pub fn resolve(
    files: &[(String, Vec<RawConfig>)],
    cluster: Option<&str>,
    region: Option<&str>,
) -> Result<Vec<Desired>> {
    let mut out: Vec<Desired> = Vec::new();
    for (file, docs) in files {
        for doc in docs {
            let d = resolve_one(file, doc, cluster, region)?;
            // Documents of one cluster and one stack merge; another stack's are planned apart.
            if let Some(o) = out
                .iter()
                .find(|o| o.cluster == d.cluster && o.region != d.region)
            {
                return Err(Error::usage(
                    format!(
                        "cluster {} is given region {:?} in one document and {:?} in another",
                        d.cluster, o.region, d.region
                    ),
                    "give the same region in every document of a cluster",
                ));
            }
            match out
                .iter_mut()
                .find(|o| o.cluster == d.cluster && o.stack == d.stack)
            {
                Some(o) => {
                    if o.region != d.region {
                        return Err(Error::usage(
                            format!(
                                "cluster {} is given region {:?} in one document and {:?} in another",
                                d.cluster, o.region, d.region
                            ),
                            "give the same region in every document of a cluster",
                        ));
                    }
                    if d.account.is_some() {
                        if o.account.is_some() && o.account != d.account {
                            return Err(Error::usage(
                                format!("cluster {} is given two accounts", d.cluster),
                                "give the same account in every document of a cluster",
                            ));
                        }
                        o.account = d.account;
                    }
                    if d.agent.is_some() {
                        if o.agent.is_some() && o.agent != d.agent {
                            return Err(Error::usage(
                                format!("cluster {} has two agent versions", d.cluster),
                                "give agent.version in one document only",
                            ));
                        }
                        o.agent = d.agent;
                    }
                    o.roles.extend(d.roles);
                    o.associations.extend(d.associations);
                    o.sources.extend(d.sources);
                    o.warnings.extend(d.warnings);
                }
                None => out.push(d),
            }
        }
    }
    for d in &out {
        check_unique(d)?;
    }
    check_across_stacks(&out)?;
    Ok(out)
}

/// Documents of one cluster in different stacks never name the same association or role: each
/// stack plans its own, and two could only fight over it.
fn check_across_stacks(out: &[Desired]) -> Result<()> {
    for (i, a) in out.iter().enumerate() {
        for b in out[i + 1..].iter().filter(|b| b.cluster == a.cluster) {
            let stacks = || {
                format!(
                    "stack {} and stack {}",
                    a.stack.as_deref().unwrap_or("(none)"),
                    b.stack.as_deref().unwrap_or("(none)")
                )
            };
            if a.agent.is_some() && b.agent.is_some() {
                return Err(Error::usage(
                    format!(
                        "cluster {}'s files give the agent in {}",
                        a.cluster,
                        stacks()
                    ),
                    "give agent.version in one stack's files only",
                ));
            }
            if let Some(r) = b.roles.iter().find(|r| a.role(&r.name).is_some()) {
                return Err(Error::invalid(
                    "role",
                    r.name.as_str(),
                    format!("cluster {}'s files name it in {}", a.cluster, stacks()),
                )
                .with_hint("give each role to one stack; the other names it by roleArn")
                .at(r.at.clone()));
            }
            for x in &b.associations {
                let Namespaces::One(ns) = &x.namespaces else {
                    continue;
                };
                if a.associations.iter().any(|y| {
                    y.namespaces == Namespaces::One(ns.clone())
                        && y.service_account == x.service_account
                }) {
                    return Err(Error::invalid(
                        "association",
                        format!("{ns}/{}", x.service_account),
                        format!("cluster {}'s files name it in {}", a.cluster, stacks()),
                    )
                    .with_hint("give each association to one stack")
                    .at(x.at.clone()));
                }
            }
        }
    }
    Ok(())
}

fn check_unique(d: &Desired) -> Result<()> {
    let mut roles = BTreeSet::new();
    for r in &d.roles {
        if !roles.insert(r.name.as_str()) {
            return Err(Error::invalid(
                "role",
                r.name.as_str(),
                format!("cluster {} names it twice", d.cluster),
            )
            .with_hint("give each role once")
            .at(r.at.clone()));
        }
    }
    let mut pairs = BTreeSet::new();
    for a in &d.associations {
        if let Namespaces::One(ns) = &a.namespaces
            && !pairs.insert((ns.as_str(), a.service_account.as_str()))
        {
            return Err(Error::invalid(
                "association",
                format!("{ns}/{}", a.service_account),
                format!(
                    "cluster {} has it twice: EKS allows one association per service account",
                    d.cluster
                ),
            )
            .with_hint("keep one entry for the service account")
            .at(a.at.clone()));
        }
        if let RoleRef::File(name) = &a.role
            && d.role(name).is_none()
        {
            let near = d
                .roles
                .iter()
                .map(|r| r.name.as_str())
                .min_by_key(|n| strsim::damerau_levenshtein(n, name))
                .filter(|n| strsim::damerau_levenshtein(n, name) <= 3);
            return Err(Error::invalid(
                "role",
                name.as_str(),
                "no role of that name is in the file's `roles`",
            )
            .with_hint(match near {
                Some(n) => {
                    format!("did you mean {n:?}? (or give roleArn for a role made elsewhere)")
                }
                None => "add it under `roles`, or give roleArn for a role made elsewhere".into(),
            })
            .at(a.at.clone()));
        }
    }
    for r in &d.roles {
        let users: Vec<&DesiredAssociation> = d
            .associations
            .iter()
            .filter(|a| a.role == RoleRef::File(r.name.clone()))
            .collect();
        if !r.unscoped
            && let Some(a) = users.iter().find(|a| a.disable_session_tags)
        {
            return Err(Error::invalid(
                "disableSessionTags",
                "true",
                format!(
                    "role {} trusts only the service accounts of its associations, by the request tags, and with session tags disabled EKS sends none, so the trust could never match",
                    r.name
                ),
            )
            .with_hint(format!(
                "set `trust: {{unscoped: true}}` on role {} to let any association of the account use it, or keep session tags",
                r.name
            ))
            .at(a.at.clone()));
        }
    }
    Ok(())
}

fn s(v: &Spanned<String>) -> &str {
    v.value.as_str()
}

fn resolve_one(
    file: &str,
    doc: &RawConfig,
    cluster: Option<&str>,
    region: Option<&str>,
) -> Result<Desired> {
    let here = |v: &Spanned<String>| at(file, &v.referenced);
    if s(&doc.api_version) != API_VERSION {
        return Err(Error::invalid(
            "apiVersion",
            s(&doc.api_version),
            "epi reads this version only",
        )
        .with_hint(format!("write `apiVersion: {API_VERSION}`"))
        .at(here(&doc.api_version)));
    }
    if s(&doc.kind) != KIND {
        return Err(super::documents::unknown_kind(s(&doc.kind)).at(here(&doc.kind)));
    }
    let cluster = match (cluster, &doc.cluster) {
        (Some(c), _) => c.to_string(),
        (None, Some(c)) => {
            names::cluster_name(s(c)).map_err(|e| e.at(here(c)))?;
            s(c).to_string()
        }
        (None, None) => {
            return Err(Error::InFile {
                location: format!("{file}:1:1"),
                message: "the document names no cluster".into(),
                hint: Some("add `cluster: NAME`, or give --cluster".into()),
            });
        }
    };
    let stack = match &doc.stack {
        Some(st) => {
            names::dns1123_label("stack", s(st)).map_err(|e| e.at(here(st)))?;
            Some(s(st).to_string())
        }
        None => None,
    };
    let account = match &doc.account {
        Some(a) => {
            names::account_id(s(a)).map_err(|e| e.at(here(a)))?;
            Some(s(a).to_string())
        }
        None => None,
    };
    let region = match (region, &doc.region) {
        (Some(r), _) => Some(r.to_string()),
        (None, Some(r)) => {
            names::region(s(r)).map_err(|e| e.at(here(r)))?;
            Some(s(r).to_string())
        }
        (None, None) => None,
    };
    let agent = match &doc.agent {
        Some(a) => {
            let v = s(&a.version);
            if !(v == "default" || v == "latest" || valid_addon_version(v)) {
                return Err(Error::invalid(
                    "agent version",
                    v,
                    "it is not default, latest or an add-on version",
                )
                .with_hint(match crate::suggest::nearest(v, &["default", "latest"]) {
                    Some(n) => format!("did you mean `{n}`? (or a version such as v1.3.4-eksbuild.1; `epi addon status` lists them)"),
                    None => "write e.g. `version: v1.3.4-eksbuild.1` (`epi addon status` lists them)".into(),
                })
                .at(here(&a.version)));
            }
            Some(v.to_string())
        }
        None => None,
    };
    let mut roles = Vec::new();
    let mut warnings = Vec::new();
    for r in &doc.roles {
        roles.push(resolve_role(
            file,
            doc.source.as_deref(),
            r,
            stack.as_deref(),
            &mut warnings,
        )?);
    }
    let mut associations = Vec::new();
    for a in &doc.associations {
        associations.push(resolve_association(file, a)?);
    }
    Ok(Desired {
        stack,
        account,
        cluster,
        region,
        agent,
        roles,
        associations,
        sources: vec![file.to_string()],
        warnings,
    })
}

fn valid_addon_version(v: &str) -> bool {
    v.starts_with('v')
        && v.len() <= 100
        && v[1..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && v[1..].starts_with(|c: char| c.is_ascii_digit())
}

fn policy_document(what: &'static str, value: &Value, location: String) -> Result<()> {
    let ok = value.get("Statement").is_some() && value.is_object();
    if !ok {
        return Err(Error::invalid(
            what,
            value.to_string().chars().take(60).collect::<String>(),
            "it is not an IAM policy document",
        )
        .with_hint("give an object with Version: \"2012-10-17\" and a Statement list")
        .at(location));
    }
    let text = value.to_string();
    let findings =
        crate::policy::lint::lint_text(what, &text, Some(crate::policy::lint::Kind::Identity))
            .map_err(|e| e.at(location.clone()))?;
    if let Some(f) = findings
        .iter()
        .find(|f| f.severity == crate::policy::lint::Severity::Error)
    {
        return Err(Error::invalid(what, f.field.clone(), f.message.clone())
            .with_hint(f.hint.clone())
            .at(location));
    }
    Ok(())
}

/// Lints an inline policy of the files (#33 item 11): an error is exit 2 at the offending line of
/// the file, naming the policy (`invalid inline policy "read": Condition.StringEqual: …`); each
/// warning is kept for the command to say once.
fn inline_policy(
    file: &str,
    source: Option<&[String]>,
    name: &str,
    doc: &Spanned<Value>,
    warnings: &mut Vec<String>,
) -> Result<()> {
    let start = at(file, &doc.referenced);
    let value = &doc.value;
    if !(value.is_object() && value.get("Statement").is_some()) {
        return policy_document("inline policy", value, start);
    }
    let findings = crate::policy::lint::lint_text(
        "inline policy",
        &value.to_string(),
        Some(crate::policy::lint::Kind::Identity),
    )
    .map_err(|e| e.at(start.clone()))?;
    let place = |f: &crate::policy::lint::Finding| {
        let (line, column) = source
            .map(|text| locate(text, doc.referenced.line() as usize, f.statement, &f.field))
            .unwrap_or((
                doc.referenced.line() as usize,
                doc.referenced.column() as usize,
            ));
        format!("{file}:{line}:{column}")
    };
    for f in &findings {
        if f.severity == crate::policy::lint::Severity::Error {
            return Err(Error::invalid(
                "inline policy",
                name,
                format!("{}: {}", f.location(), f.message),
            )
            .with_hint(f.hint.clone())
            .at(place(f)));
        }
    }
    for f in &findings {
        warnings.push(format!(
            "{}: inline policy {name:?}: {}: {} ({})",
            place(f),
            f.location(),
            f.message,
            f.rule
        ));
    }
    Ok(())
}

/// The line and column of a lint finding inside an inline policy written in the file from
/// `start` (1-based): the policy's `statement`-th list item under `Statement` (block style), then
/// the first line there naming the finding's field (`Condition.StringEqual` → `StringEqual`).
/// Falls back to the statement's first line, then to the policy's.
fn locate(lines: &[String], start: usize, statement: Option<usize>, field: &str) -> (usize, usize) {
    let first = start.saturating_sub(1).min(lines.len());
    let indent = |l: &str| l.len() - l.trim_start().len();
    let base = lines.get(first).map_or(0, |l| indent(l));
    // The policy's lines: until one less indented than its first.
    let end = (first + 1..lines.len())
        .find(|&i| !lines[i].trim().is_empty() && indent(&lines[i]) < base)
        .unwrap_or(lines.len());
    let mut from = first;
    let mut to = end;
    if let Some(n) = statement
        && let Some(st) = (first..end).find(|&i| lines[i].trim_start().starts_with("Statement"))
    {
        let items: Vec<usize> = (st + 1..end)
            .filter(|&i| lines[i].trim_start().starts_with("- "))
            .collect();
        let level = items.iter().map(|&i| indent(&lines[i])).min();
        let items: Vec<usize> = items
            .into_iter()
            .filter(|&i| Some(indent(&lines[i])) == level)
            .collect();
        if let Some(&item) = items.get(n) {
            from = item;
            to = items.get(n + 1).copied().unwrap_or(end);
        }
    }
    let token = field
        .rsplit('.')
        .next()
        .unwrap_or(field)
        .split('[')
        .next()
        .unwrap_or(field);
    let found = (!token.is_empty())
        .then(|| (from..to).find_map(|i| lines[i].find(token).map(|c| (i, c))))
        .flatten();
    match found {
        Some((i, c)) => (i + 1, c + 1),
        None => (from + 1, lines.get(from).map_or(1, |l| indent(l) + 1)),
    }
}

fn resolve_role(
    file: &str,
    source: Option<&[String]>,
    r: &RawRole,
    stack: Option<&str>,
    warnings: &mut Vec<String>,
) -> Result<DesiredRole> {
    let here = |v: &Spanned<String>| at(file, &v.referenced);
    let location = here(&r.name);
    arn::role_name(s(&r.name)).map_err(|e| {
        e.with_hint("role names are 1-64 letters, digits and +=,.@_-")
            .at(location.clone())
    })?;
    let path = match &r.path {
        Some(p) => {
            arn::iam_path(s(p)).map_err(|e| e.at(here(p)))?;
            s(p).to_string()
        }
        None => stack.map_or_else(|| "/".to_string(), stack_path),
    };
    if let Some(b) = &r.permissions_boundary {
        Arn::policy("permissions boundary", s(b)).map_err(|e| e.at(here(b)))?;
    }
    let mut managed = BTreeSet::new();
    for p in &r.managed_policies {
        Arn::policy("managed policy ARN", s(p)).map_err(|e| e.at(here(p)))?;
        managed.insert(s(p).to_string());
    }
    for (name, doc) in &r.inline_policies {
        if name.is_empty()
            || name.len() > 128
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
        {
            return Err(Error::invalid(
                "inline policy name",
                name.as_str(),
                "IAM policy names are 1-128 letters, digits and +=,.@_-",
            )
            .at(location.clone()));
        }
        inline_policy(file, source, name, doc, warnings)?;
    }
    let mut abac_policies: Vec<DesiredAbac> = Vec::new();
    for a in &r.abac {
        let template = abac_template(a).map_err(|e| e.at(here(&a.template)))?;
        if let Some(region) = &a.region {
            names::region_or_wildcard(region).map_err(|e| e.at(here(&a.template)))?;
        }
        if let Some(account) = &a.account {
            names::account_or_wildcard(account).map_err(|e| e.at(here(&a.template)))?;
        }
        abac::render(
            &template,
            &abac::Location {
                partition: "aws".into(),
                region: Some("*".into()),
                account: Some("*".into()),
            },
        )
        .map_err(|e| e.at(here(&a.template)))?;
        let base = format!("epi-abac-{}", s(&a.template));
        let mut policy_name = base.clone();
        let mut n = 2;
        while abac_policies.iter().any(|p| p.policy_name == policy_name)
            || r.inline_policies.contains_key(&policy_name)
        {
            policy_name = format!("{base}-{n}");
            n += 1;
        }
        abac_policies.push(DesiredAbac {
            policy_name,
            template,
            region: a.region.clone(),
            account: a.account.clone(),
        });
    }
    let mut well_known = Vec::new();
    for w in &r.well_known_policies {
        crate::policy::well_known::info(s(w)).map_err(|e| e.at(here(w)))?;
        well_known.push(s(w).to_string());
    }
    for (k, v) in &r.tags {
        check_tag(k, v, &location)?;
    }
    Ok(DesiredRole {
        name: s(&r.name).to_string(),
        path,
        path_given: r.path.is_some(),
        description: r.description.clone(),
        permissions_boundary: r.permissions_boundary.as_ref().map(|b| s(b).to_string()),
        managed_policies: managed,
        inline_policies: r
            .inline_policies
            .iter()
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect(),
        abac: abac_policies,
        well_known,
        unscoped: r.trust.as_ref().is_some_and(|t| t.unscoped),
        delete_on_prune: r.delete_on_prune,
        tags: r.tags.clone(),
        at: location,
    })
}

fn check_tag(key: &str, value: &str, location: &str) -> Result<()> {
    if key.is_empty() || key.chars().count() > 128 || key.to_lowercase().starts_with("aws:") {
        return Err(Error::invalid(
            "tag key",
            key,
            "tag keys are 1-128 characters and may not start with aws:",
        )
        .at(location.to_string()));
    }
    if key == OWNER_TAG || key == CLUSTER_TAG {
        return Err(Error::invalid(
            "tag key",
            key,
            "epi sets this tag itself to mark what it owns",
        )
        .with_hint("remove it from the file")
        .at(location.to_string()));
    }
    if value.chars().count() > 256 {
        return Err(
            Error::invalid("tag value", value, "tag values are at most 256 characters")
                .at(location.to_string()),
        );
    }
    Ok(())
}

fn abac_template(a: &RawAbac) -> Result<Template> {
    let name = s(&a.template);
    let scope = match &a.scope {
        Some(sc) => abac::Scope::parse(s(sc)).ok_or_else(|| {
            const SCOPES: &[&str] = &[
                "cluster",
                "namespace",
                "service-account",
                "cluster-namespace",
                "cluster-service-account",
            ];
            let all =
                "cluster, namespace, service-account, cluster-namespace or cluster-service-account";
            Error::invalid("ABAC scope", s(sc), "it is not a scope").with_hint(
                match crate::suggest::nearest(s(sc), SCOPES) {
                    Some(n) => format!("did you mean {n:?}? (the scopes: {all})"),
                    None => format!("give {all}"),
                },
            )
        })?,
        None => abac::Scope::default(),
    };
    Template::from_options(
        name,
        &abac::TemplateOptions {
            bucket: a.bucket.clone(),
            prefix: a.prefix.clone(),
            table: a.table.clone(),
            path: a.path.clone(),
            scope,
            read_only: a.read_only,
        },
        &format!("the {name} template"),
        |option| format!("`{option}:` to the abac entry"),
    )
}

fn resolve_association(file: &str, a: &RawAssociation) -> Result<DesiredAssociation> {
    let here = |v: &Spanned<String>| at(file, &v.referenced);
    let location = here(&a.service_account);
    let namespaces = match (&a.namespace, &a.namespace_selector) {
        (Some(ns), None) => {
            names::dns1123_label("namespace", s(ns)).map_err(|e| e.at(here(ns)))?;
            Namespaces::One(s(ns).to_string())
        }
        (None, Some(sel)) => {
            if sel.match_labels.is_empty() && sel.names.is_empty() {
                return Err(Error::usage(
                    "an empty namespaceSelector would select every namespace",
                    "give matchLabels or names",
                )
                .at(location));
            }
            Namespaces::Selector {
                labels: sel.match_labels.clone(),
                names: sel.names.clone(),
            }
        }
        (Some(ns), Some(_)) => {
            return Err(Error::usage(
                "an association has both namespace and namespaceSelector",
                "give one of them",
            )
            .at(here(ns)));
        }
        (None, None) => {
            return Err(Error::usage(
                "an association has neither namespace nor namespaceSelector",
                "add `namespace: NAME`",
            )
            .at(location));
        }
    };
    names::dns1123_subdomain("service account", s(&a.service_account))
        .map_err(|e| e.at(location.clone()))?;
    let role = match (&a.role, &a.role_arn) {
        (Some(r), None) => RoleRef::File(s(r).to_string()),
        (None, Some(r)) => {
            Arn::role("role ARN", s(r)).map_err(|e| e.at(here(r)))?;
            RoleRef::Arn(s(r).to_string())
        }
        (Some(r), Some(_)) => {
            return Err(Error::usage(
                "an association has both role and roleArn",
                "give one of them",
            )
            .at(here(r)));
        }
        (None, None) => {
            return Err(Error::usage(
                "an association has neither role nor roleArn",
                "add `role: NAME` (a role of this file) or `roleArn: ARN`",
            )
            .at(location));
        }
    };
    if let Some(t) = &a.target_role_arn {
        Arn::role("target role ARN", s(t)).map_err(|e| e.at(here(t)))?;
    }
    if let Some(p) = &a.session_policy {
        if !a.disable_session_tags {
            return Err(Error::usage(
                "sessionPolicy needs disableSessionTags: true (EKS refuses a session policy with session tags)",
                "add `disableSessionTags: true`, or remove sessionPolicy",
            )
            .at(location));
        }
        policy_document("session policy", p, location.clone())?;
    }
    for (k, v) in &a.tags {
        check_tag(k, v, &location)?;
    }
    Ok(DesiredAssociation {
        namespaces,
        service_account: s(&a.service_account).to_string(),
        role,
        target_role_arn: a.target_role_arn.as_ref().map(|t| s(t).to_string()),
        disable_session_tags: a.disable_session_tags,
        session_policy: a.session_policy.clone(),
        tags: a.tags.clone(),
        at: location,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Result<Vec<Desired>> {
        let docs = parse("f.yaml", text)?;
        resolve(&[("f.yaml".into(), docs)], None, None)
    }

    #[test]
    fn a_misspelt_scope_or_agent_keyword_gets_a_did_you_mean() {
        let e = one("apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nroles:\n  - name: app\n    abac: [{template: s3-prefix, bucket: data, scope: namspace}]\n").unwrap_err();
        assert!(
            e.hint()
                .unwrap_or_default()
                .contains("did you mean \"namespace\""),
            "{:?}",
            e.hint()
        );
        let e = one("apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nagent: {version: lates}\n").unwrap_err();
        assert!(
            e.hint()
                .unwrap_or_default()
                .contains("did you mean `latest`"),
            "{:?}",
            e.hint()
        );
    }

    #[test]
    fn a_misspelt_template_gets_a_did_you_mean() {
        let e = one("apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nroles:\n  - name: app\n    abac: [{template: s3-prefx, bucket: data}]\n").unwrap_err();
        assert!(
            e.hint()
                .unwrap_or_default()
                .contains("did you mean \"s3-prefix\""),
            "{e} {:?}",
            e.hint()
        );
    }

    #[test]
    fn a_full_file_resolves() {
        let d = one(
            "apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nregion: us-east-1\nagent: {version: default}\nroles:\n  - name: app\n    managedPolicies: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]\n    abac: [{template: s3-prefix, bucket: data}]\nassociations:\n  - namespace: a\n    serviceAccount: app\n    role: app\n    tags: {team: a}\n",
        )
        .unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].cluster, "prod");
        assert_eq!(d[0].roles[0].abac[0].policy_name, "epi-abac-s3-prefix");
        assert_eq!(d[0].associations[0].role, RoleRef::File("app".into()));
    }

    #[test]
    fn an_unknown_key_has_its_location_and_a_did_you_mean() {
        let e = one("apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nrols: []\n")
            .unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with("f.yaml:4:"), "{text}");
        assert!(e.hint().unwrap().contains("`roles`"), "{:?}", e.hint());
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn a_bad_value_has_its_location() {
        let e = one("apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nassociations:\n  - namespace: a\n    serviceAccount: app\n    roleArn: arn:aws:iam::1234:role/x\n")
            .unwrap_err();
        assert!(e.to_string().starts_with("f.yaml:7:14: "), "{e}");
        let e = one("apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nassociations:\n  - namespace: a\n    serviceAccount: app\n    role: nope\n")
            .unwrap_err();
        assert!(e.to_string().starts_with("f.yaml:6:"), "{e}");
    }

    #[test]
    fn documents_of_one_cluster_merge_and_duplicates_are_refused() {
        let e = one("apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nassociations: [{namespace: a, serviceAccount: s, roleArn: 'arn:aws:iam::111122223333:role/r'}]\n---\napiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nassociations: [{namespace: a, serviceAccount: s, roleArn: 'arn:aws:iam::111122223333:role/r'}]\n")
            .unwrap_err();
        assert!(e.to_string().contains("twice"), "{e}");
        assert!(e.to_string().starts_with("f.yaml:9:"), "{e}");
    }

    #[test]
    fn session_tags_off_needs_unscoped_trust_on_a_file_role() {
        let e = one("apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nroles: [{name: r}]\nassociations: [{namespace: a, serviceAccount: s, role: r, disableSessionTags: true}]\n")
            .unwrap_err();
        assert!(e.hint().unwrap().contains("unscoped: true"), "{e}");
    }

    #[test]
    fn an_abac_region_or_account_is_checked_where_it_is_written() {
        for bad in ["region: mars-1", "account: '12'"] {
            let e = one(&format!("apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nroles:\n  - name: r\n    abac: [{{template: s3-prefix, bucket: b, {bad}}}]\n")).unwrap_err();
            assert!(e.to_string().starts_with("f.yaml:6:"), "{e}");
            assert_eq!(e.exit_code(), 2);
        }
    }

    #[test]
    fn tags_and_labels_may_be_any_scalar() {
        let d = one("apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nassociations:\n  - namespaceSelector: {matchLabels: {tenant: true}}\n    serviceAccount: app\n    roleArn: arn:aws:iam::111122223333:role/r\n    tags: {team: 1, cost: a}\n").unwrap();
        let a = &d[0].associations[0];
        assert_eq!(a.tags["team"], "1");
        assert_eq!(
            a.namespaces,
            Namespaces::Selector {
                labels: BTreeMap::from([("tenant".into(), "true".into())]),
                names: vec![]
            }
        );
    }

    #[test]
    fn selectors_match_labels_and_globs() {
        let sel = Namespaces::Selector {
            labels: BTreeMap::from([("tenant".into(), "true".into())]),
            names: vec!["team-*".into()],
        };
        let labels = BTreeMap::from([("tenant".to_string(), "true".to_string())]);
        assert!(sel.selects("team-a", &labels));
        assert!(!sel.selects("other", &labels));
        assert!(!sel.selects("team-a", &BTreeMap::new()));
        assert!(glob("a?c*", "abcdef"));
        assert!(!glob("a?c", "abcd"));
    }
}
