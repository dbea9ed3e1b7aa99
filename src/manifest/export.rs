//! `epi export`: a cluster's live associations written as epi's own file, as Terraform
//! (`aws_eks_pod_identity_association` with `import` blocks) or as an eksctl `ClusterConfig`
//! (facts §7). Pure: the caller reads the cluster.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::config::{API_VERSION, KIND};

/// The Pod Identity agent add-on (facts §1).
const AGENT_ADDON: &str = "eks-pod-identity-agent";

/// One association as exported.
#[derive(Clone, Debug)]
pub struct ExportAssociation {
    pub association_id: String,
    pub namespace: String,
    pub service_account: String,
    pub role_arn: String,
    pub target_role_arn: Option<String>,
    pub disable_session_tags: bool,
    pub session_policy: Option<Value>,
    pub tags: BTreeMap<String, String>,
    /// The add-on that owns it (its ARN), if one does.
    pub owner_arn: Option<String>,
}

#[derive(Clone, Debug)]
pub struct ExportCluster {
    /// The cluster's account, when known: epi's format writes it (`account`), so a document of an
    /// export over several accounts is never planned against another account.
    pub account: Option<String>,
    pub name: String,
    pub region: String,
    pub agent_version: Option<String>,
    pub associations: Vec<ExportAssociation>,
}

/// The add-on name of an owner ARN (`arn:…:addon/CLUSTER/ADDON/ID`).
fn addon_of(owner: &str) -> String {
    owner
        .split(':')
        .nth(5)
        .and_then(|r| r.split('/').nth(2))
        .unwrap_or(owner)
        .to_string()
}

/// epi's format: documents `epi plan` reads back as no change, one per stack the associations
/// belong to (their `epi:stack` tag; those of no stack in a document without one), the agent in
/// the first. Add-on-owned associations are the add-on's to manage and are left out (named in a
/// comment).
pub fn epi(cluster: &ExportCluster) -> String {
    let mut by_stack: BTreeMap<Option<&str>, Vec<&ExportAssociation>> = BTreeMap::new();
    for a in cluster
        .associations
        .iter()
        .filter(|a| a.owner_arn.is_none())
    {
        let stack = (a.tags.get(super::config::OWNER_TAG).map(String::as_str)
            == Some(super::config::OWNER_VALUE))
        .then(|| a.tags.get(super::config::STACK_TAG).map(String::as_str))
        .flatten();
        by_stack.entry(stack).or_default().push(a);
    }
    if by_stack.is_empty() {
        by_stack.insert(None, Vec::new());
    }
    let mut out = format!(
        "# Exported by epi from cluster {} ({}). `epi schema` prints this file's JSON Schema.\n",
        comment(&cluster.name),
        comment(&cluster.region)
    );
    for a in cluster
        .associations
        .iter()
        .filter(|a| a.owner_arn.is_some())
    {
        out.push_str(&format!(
            "# {}/{} belongs to add-on {} and is managed with it.\n",
            comment(&a.namespace),
            comment(&a.service_account),
            comment(&addon_of(a.owner_arn.as_deref().unwrap_or_default()))
        ));
    }
    for (i, (stack, associations)) in by_stack.into_iter().enumerate() {
        let associations: Vec<Value> = associations.into_iter().map(association_entry).collect();
        let mut doc = json!({
            "apiVersion": API_VERSION,
            "kind": KIND,
        });
        if let Some(stack) = stack {
            doc["stack"] = json!(stack);
        }
        if let Some(account) = &cluster.account {
            doc["account"] = json!(account);
        }
        doc["cluster"] = json!(cluster.name);
        doc["region"] = json!(cluster.region);
        if i == 0
            && let Some(v) = &cluster.agent_version
        {
            doc["agent"] = json!({"version": v});
        }
        doc["associations"] = json!(associations);
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&crate::text::to_yaml(&doc));
    }
    out
}

/// One association as epi's format writes it (epi's ownership tags left out).
fn association_entry(a: &ExportAssociation) -> Value {
    let mut v = json!({
        "namespace": a.namespace,
        "serviceAccount": a.service_account,
        "roleArn": a.role_arn,
    });
    if let Some(t) = &a.target_role_arn {
        v["targetRoleArn"] = json!(t);
    }
    if a.disable_session_tags {
        v["disableSessionTags"] = json!(true);
    }
    if let Some(p) = &a.session_policy {
        v["sessionPolicy"] = p.clone();
    }
    let tags: BTreeMap<&String, &String> = a
        .tags
        .iter()
        .filter(|(k, _)| !super::config::is_ownership_tag(k))
        .collect();
    if !tags.is_empty() {
        v["tags"] = json!(tags);
    }
    v
}

/// A Terraform identifier from free text: letters, digits and `_`, not starting with a digit.
fn tf_name(text: &str) -> String {
    let mut s: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    s
}

/// Text for a `#` comment: a control character (a line break above all, which would end the
/// comment and start a line of code) is written escaped, as Rust's `escape_default` writes it.
pub fn comment(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// An HCL string literal. HCL's escapes are `\n`, `\r`, `\t`, `\"`, `\\`, `\uNNNN` and
/// `\UNNNNNNNN` (no `\b` or `\f`, which JSON has); `${` and `%{` start templates and are
/// doubled.
fn hcl_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out.replace("${", "$${").replace("%{", "%%{")
}

fn hcl_key(key: &str) -> String {
    let ident = !key.is_empty()
        && key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ident {
        key.to_string()
    } else {
        hcl_string(key)
    }
}

/// Lines `key = value` aligned on `=`, as `terraform fmt` aligns consecutive attributes.
fn aligned(indent: &str, pairs: &[(String, String)]) -> String {
    let width = pairs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    pairs
        .iter()
        .map(|(k, v)| format!("{indent}{k:width$} = {v}\n"))
        .collect()
}

/// The first hashicorp/aws provider release with `aws_eks_pod_identity_association` (5.29.0,
/// November 2023, its CHANGELOG).
const TF_PROVIDER_RESOURCE: &str = "5.29.0";
/// The first release with its `target_role_arn` and `disable_session_tags` arguments (6.2.0,
/// July 2025: "Add `disable_session_tags` and `target_role_arn` arguments", #42979).
const TF_PROVIDER_TARGET: &str = "6.2.0";

/// Terraform: one `aws_eks_pod_identity_association` per association (add-on-owned ones are
/// managed through `aws_eks_addon`, so they are left out, named in a comment), each with an
/// `import` block (`CLUSTER,ASSOCIATION_ID`), so that `terraform plan` adopts them instead of
/// creating them again; and the `required_providers` block the attributes used need.
pub fn terraform(cluster: &ExportCluster) -> String {
    terraform_all(&[(cluster, "")])
}

/// [`terraform`] for several clusters in one file, each with the prefix its resource names start
/// with. Names are unique by construction: a name two associations would share (`a/b-c` and
/// `a-b/c` both make `a_b_c`) gets a suffix from a hash of the association's account, region,
/// cluster, namespace and service account, the same on every export.
pub fn terraform_all(clusters: &[(&ExportCluster, &str)]) -> String {
    struct Entry<'a> {
        cluster: &'a ExportCluster,
        a: &'a ExportAssociation,
        base: String,
        identity: String,
    }
    let mut entries: Vec<Entry<'_>> = Vec::new();
    for (cluster, prefix) in clusters {
        for a in cluster
            .associations
            .iter()
            .filter(|a| a.owner_arn.is_none())
        {
            entries.push(Entry {
                cluster,
                a,
                base: tf_name(&format!("{prefix}{}_{}", a.namespace, a.service_account)),
                identity: format!(
                    "{}/{}/{}/{}/{}",
                    cluster.account.as_deref().unwrap_or_default(),
                    cluster.region,
                    cluster.name,
                    a.namespace,
                    a.service_account
                ),
            });
        }
    }
    let names = unique_names(
        &entries
            .iter()
            .map(|e| (e.base.clone(), e.identity.clone()))
            .collect::<Vec<_>>(),
    );
    let uses_target = entries
        .iter()
        .any(|e| e.a.target_role_arn.is_some() || e.a.disable_session_tags);
    let uses_policy = entries.iter().any(|e| e.a.session_policy.is_some());
    let mut out = String::from("# Exported by epi. Needs Terraform >= 1.5 (import blocks).\n");
    if uses_policy {
        out.push_str("# `policy` (a session policy) needs a hashicorp/aws release that has it; epi could not\n# verify which release added it: check the provider's CHANGELOG before you pin a version.\n");
    }
    out.push_str(&format!(
        "\nterraform {{\n  required_providers {{\n    aws = {{\n      source  = \"hashicorp/aws\"\n      version = \">= {}\"\n    }}\n  }}\n}}\n",
        if uses_target {
            TF_PROVIDER_TARGET
        } else {
            TF_PROVIDER_RESOURCE
        }
    ));
    for (cluster, _) in clusters {
        out.push_str(&format!(
            "\n# Cluster {} ({}{}).\n",
            comment(&cluster.name),
            comment(&cluster.region),
            cluster
                .account
                .as_deref()
                .map(|a| format!(", account {}", comment(a)))
                .unwrap_or_default()
        ));
        for a in &cluster.associations {
            if let Some(owner) = &a.owner_arn {
                out.push_str(&format!(
                    "# {}/{} belongs to add-on {}: manage it with aws_eks_addon's pod_identity_association.\n",
                    comment(&a.namespace),
                    comment(&a.service_account),
                    comment(&addon_of(owner))
                ));
            }
        }
        for (e, name) in entries.iter().zip(&names) {
            if !std::ptr::eq(e.cluster, *cluster) {
                continue;
            }
            out.push_str(&resource(e.cluster, e.a, name));
        }
    }
    out
}

/// One name per (base, identity): the base itself where no other entry has it, else the base with
/// a hash of the identity, lengthened until every name differs.
fn unique_names(entries: &[(String, String)]) -> Vec<String> {
    use sha2::Digest;
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for (base, _) in entries {
        *count.entry(base.as_str()).or_default() += 1;
    }
    for len in [8usize, 16, 64] {
        let names: Vec<String> = entries
            .iter()
            .map(|(base, identity)| {
                if count[base.as_str()] == 1 {
                    return base.clone();
                }
                let hash: String = sha2::Sha256::digest(identity.as_bytes())
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                format!("{base}_{}", &hash[..len])
            })
            .collect();
        let distinct: std::collections::BTreeSet<&String> = names.iter().collect();
        if distinct.len() == names.len() {
            return names;
        }
    }
    // Only identical identities remain alike (the same association twice): number them.
    entries
        .iter()
        .enumerate()
        .map(|(i, (base, _))| format!("{base}_{i}"))
        .collect()
}

fn resource(cluster: &ExportCluster, a: &ExportAssociation, name: &str) -> String {
    let mut out = String::new();
    let mut pairs = vec![
        ("cluster_name".to_string(), hcl_string(&cluster.name)),
        ("namespace".to_string(), hcl_string(&a.namespace)),
        (
            "service_account".to_string(),
            hcl_string(&a.service_account),
        ),
        ("role_arn".to_string(), hcl_string(&a.role_arn)),
    ];
    if let Some(t) = &a.target_role_arn {
        pairs.push(("target_role_arn".into(), hcl_string(t)));
    }
    if a.disable_session_tags {
        pairs.push(("disable_session_tags".into(), "true".into()));
    }
    if let Some(p) = &a.session_policy {
        pairs.push((
            "policy".into(),
            hcl_string(&serde_json::to_string(p).expect("serialisable")),
        ));
    }
    out.push_str(&format!(
        "\nresource \"aws_eks_pod_identity_association\" \"{name}\" {{\n"
    ));
    out.push_str(&aligned("  ", &pairs));
    if !a.tags.is_empty() {
        let tags: Vec<(String, String)> = a
            .tags
            .iter()
            .map(|(k, v)| (hcl_key(k), hcl_string(v)))
            .collect();
        out.push_str("\n  tags = {\n");
        out.push_str(&aligned("    ", &tags));
        out.push_str("  }\n");
    }
    out.push_str("}\n");
    out.push_str(&format!(
        "\nimport {{\n  to = aws_eks_pod_identity_association.{name}\n  id = {}\n}}\n",
        hcl_string(&format!("{},{}", cluster.name, a.association_id))
    ));
    out
}

/// eksctl: a `ClusterConfig` with `iam.podIdentityAssociations`, and add-on-owned associations
/// under `addons[].podIdentityAssociations`.
pub fn eksctl(cluster: &ExportCluster) -> String {
    let entry = |a: &ExportAssociation, with_namespace: bool| {
        let mut v = serde_json::Map::new();
        if with_namespace {
            v.insert("namespace".into(), json!(a.namespace));
        }
        v.insert("serviceAccountName".into(), json!(a.service_account));
        v.insert("roleARN".into(), json!(a.role_arn));
        if with_namespace {
            if let Some(t) = &a.target_role_arn {
                v.insert("targetRoleARN".into(), json!(t));
            }
            if a.disable_session_tags {
                v.insert("disableSessionTags".into(), json!(true));
            }
            if let Some(p) = &a.session_policy {
                v.insert("policy".into(), p.clone());
            }
            if !a.tags.is_empty() {
                v.insert("tags".into(), json!(a.tags));
            }
        }
        Value::Object(v)
    };
    let own: Vec<Value> = cluster
        .associations
        .iter()
        .filter(|a| a.owner_arn.is_none())
        .map(|a| entry(a, true))
        .collect();
    let mut addons: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for a in cluster
        .associations
        .iter()
        .filter(|a| a.owner_arn.is_some())
    {
        addons
            .entry(addon_of(a.owner_arn.as_deref().unwrap_or_default()))
            .or_default()
            .push(entry(a, false));
    }
    let mut doc = json!({
        "apiVersion": "eksctl.io/v1alpha5",
        "kind": "ClusterConfig",
        "metadata": {"name": cluster.name, "region": cluster.region},
        "iam": {"podIdentityAssociations": own},
    });
    let mut addon_list: Vec<Value> = Vec::new();
    if cluster.agent_version.is_some() {
        addons.entry(AGENT_ADDON.to_string()).or_default();
    }
    for (name, entries) in addons {
        let mut a = json!({"name": name});
        if name == AGENT_ADDON
            && let Some(v) = &cluster.agent_version
        {
            a["version"] = json!(v);
        }
        if !entries.is_empty() {
            a["podIdentityAssociations"] = json!(entries);
        }
        addon_list.push(a);
    }
    if !addon_list.is_empty() {
        doc["addons"] = json!(addon_list);
    }
    format!(
        "# Exported by epi from cluster {} ({}).\n{}",
        comment(&cluster.name),
        comment(&cluster.region),
        crate::text::to_yaml(&doc)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ExportCluster {
        ExportCluster {
            account: Some("111122223333".into()),
            name: "prod".into(),
            region: "us-east-1".into(),
            agent_version: Some("v1.3.4-eksbuild.1".into()),
            associations: vec![
                ExportAssociation {
                    association_id: "a-1".into(),
                    namespace: "team-a".into(),
                    service_account: "app".into(),
                    role_arn: "arn:aws:iam::111122223333:role/app".into(),
                    target_role_arn: Some("arn:aws:iam::444455556666:role/reader".into()),
                    disable_session_tags: false,
                    session_policy: None,
                    tags: BTreeMap::from([
                        ("team".into(), "a".into()),
                        ("epi:managed-by".into(), "epi".into()),
                    ]),
                    owner_arn: None,
                },
                ExportAssociation {
                    association_id: "a-2".into(),
                    namespace: "kube-system".into(),
                    service_account: "ebs-csi-controller-sa".into(),
                    role_arn: "arn:aws:iam::111122223333:role/ebs".into(),
                    target_role_arn: None,
                    disable_session_tags: false,
                    session_policy: None,
                    tags: BTreeMap::new(),
                    owner_arn: Some(
                        "arn:aws:eks:us-east-1:111122223333:addon/prod/aws-ebs-csi-driver/abc"
                            .into(),
                    ),
                },
            ],
        }
    }

    #[test]
    fn terraform_has_resources_imports_and_aligned_attributes() {
        let tf = terraform(&sample());
        assert!(tf.contains("resource \"aws_eks_pod_identity_association\" \"team_a_app\" {\n  cluster_name    = \"prod\"\n"), "{tf}");
        assert!(tf.contains("  id = \"prod,a-1\"\n"), "{tf}");
        assert!(
            tf.contains("    \"epi:managed-by\" = \"epi\"\n    team             = \"a\"\n"),
            "{tf}"
        );
        assert!(!tf.contains("ebs-csi-controller-sa\"\n"), "{tf}");
    }

    #[test]
    fn no_value_can_end_a_comment_or_a_string() {
        let mut c = sample();
        c.associations[1].owner_arn = Some(
            "arn:aws:eks:us-east-1:111122223333:addon/prod/x\nresource \"evil\" \"e\" {}/abc"
                .into(),
        );
        c.associations[0]
            .tags
            .insert("k".into(), "a\u{8}\u{c}\u{1b}\"${x}%{y}".into());
        for text in [epi(&c), terraform(&c), eksctl(&c)] {
            assert!(
                !text.lines().any(|l| l.starts_with("resource \"evil\"")),
                "{text}"
            );
        }
        let tf = terraform(&c);
        assert!(tf.contains(r#""a\u0008\u000c\u001b\"$${x}%%{y}""#), "{tf}");
    }

    #[test]
    fn eksctl_puts_addon_associations_under_their_addon() {
        let y = eksctl(&sample());
        assert!(y.contains("serviceAccountName: app"), "{y}");
        assert!(
            y.contains("targetRoleARN: arn:aws:iam::444455556666:role/reader"),
            "{y}"
        );
        assert!(y.contains("name: aws-ebs-csi-driver"), "{y}");
    }

    #[test]
    fn the_epi_format_leaves_out_the_ownership_tag_and_addon_associations() {
        let y = epi(&sample());
        assert!(!y.contains("epi:managed-by"), "{y}");
        assert!(
            y.contains("# kube-system/ebs-csi-controller-sa belongs to add-on aws-ebs-csi-driver"),
            "{y}"
        );
        assert!(y.contains("apiVersion: epi/v1alpha1"), "{y}");
    }
}
