//! Trust policies: the fixed Pod Identity trust policy (facts §3), optionally scoped with
//! `aws:RequestTag` conditions, and the trust policy of a cross-account target role.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::validate::{Arn, names};

use super::document::{PolicyDocument, Statement};
use super::limits;
use super::tags::{self, PODS_PRINCIPAL};

pub const POD_IDENTITY_SID: &str = "AllowEksAuthToAssumeRoleForPodIdentity";
pub const TARGET_ROLE_SID: &str = "AllowPodIdentityAssociationRole";

/// Which pods may use the role: every value list is optional; several values of one kind are
/// alternatives, different kinds must all match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    pub namespaces: Vec<String>,
    pub service_accounts: Vec<String>,
    pub cluster_names: Vec<String>,
    pub cluster_arns: Vec<String>,
}

impl Scope {
    /// Checks every value; the first bad one is the error.
    pub fn validate(&self) -> Result<()> {
        for ns in &self.namespaces {
            names::dns1123_label("namespace", ns)?;
        }
        for sa in &self.service_accounts {
            names::dns1123_subdomain("service account", sa)?;
        }
        for name in &self.cluster_names {
            names::cluster_name(name)?;
        }
        for arn in &self.cluster_arns {
            Arn::cluster("cluster ARN", arn)?;
        }
        Ok(())
    }

    /// `StringEquals` on the request tags EKS sets when it assumes the role.
    fn request_tag_conditions(&self, mut statement: Statement) -> Statement {
        let pairs = [
            (tags::CLUSTER_ARN, &self.cluster_arns),
            (tags::CLUSTER_NAME, &self.cluster_names),
            (tags::NAMESPACE, &self.namespaces),
            (tags::SERVICE_ACCOUNT, &self.service_accounts),
        ];
        for (tag, values) in pairs {
            statement = statement.with_condition(
                "StringEquals",
                &tags::request_tag_key(tag),
                dedup(values),
            );
        }
        statement
    }
}

fn dedup(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for v in values {
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    out
}

/// The trust policy of a role used by Pod Identity associations.
pub fn pod_identity(scope: &Scope) -> Result<PolicyDocument> {
    scope.validate()?;
    let statement = Statement {
        sid: Some(POD_IDENTITY_SID.to_string()),
        effect: "Allow",
        principal: Some(BTreeMap::from([("Service", PODS_PRINCIPAL.to_string())])),
        action: vec!["sts:AssumeRole".into(), "sts:TagSession".into()],
        resource: None,
        condition: None,
    };
    let doc = PolicyDocument::new(vec![scope.request_tag_conditions(statement)]);
    check_trust_size(&doc)?;
    Ok(doc)
}

/// What a cross-account target role should trust.
#[derive(Clone, Debug)]
pub struct TargetRole {
    /// The association's role, in the cluster's account.
    pub source_role_arn: String,
    pub scope: Scope,
    /// false: the association has `disableSessionTags`, so EKS passes an external id instead of tags.
    pub session_tags: bool,
}

/// The trust policy of a target role (facts §3): the cluster account's root as principal, narrowed
/// to the association role with `ArnEquals aws:PrincipalARN`.
pub fn target_role(spec: &TargetRole) -> Result<PolicyDocument> {
    let source = Arn::role("source role ARN", &spec.source_role_arn)?;
    spec.scope.validate()?;
    for cluster in &spec.scope.cluster_arns {
        let cluster_arn = Arn::cluster("cluster ARN", cluster)?;
        if cluster_arn.account != source.account || cluster_arn.partition != source.partition {
            return Err(Error::invalid(
                "cluster ARN",
                cluster.as_str(),
                format!("the cluster is in account {} but the source role is in account {}", cluster_arn.account, source.account),
            )
            .with_hint("the association's role must be in the cluster's account; give that role as --source-role-arn"));
        }
    }
    let root = format!("arn:{}:iam::{}:root", source.partition, source.account);
    let mut statement = Statement {
        sid: Some(TARGET_ROLE_SID.to_string()),
        effect: "Allow",
        principal: Some(BTreeMap::from([("AWS", root)])),
        action: vec!["sts:AssumeRole".into()],
        resource: None,
        condition: None,
    }
    .with_condition(
        "ArnEquals",
        "aws:PrincipalARN",
        vec![spec.source_role_arn.clone()],
    );

    if spec.session_tags {
        statement.action.push("sts:TagSession".into());
        statement = spec.scope.request_tag_conditions(statement);
    } else {
        statement =
            statement.with_condition("StringEquals", "sts:ExternalId", external_ids(&spec.scope)?);
    }
    let doc = PolicyDocument::new(vec![statement]);
    check_trust_size(&doc)?;
    Ok(doc)
}

/// `REGION/ACCOUNT/CLUSTER/NAMESPACE/SERVICE_ACCOUNT` for every combination asked for.
fn external_ids(scope: &Scope) -> Result<Vec<String>> {
    let hint = "with --no-session-tags EKS passes the external id REGION/ACCOUNT/CLUSTER/NAMESPACE/SERVICE_ACCOUNT: give --cluster-arn, --namespace and --service-account";
    if !scope.cluster_names.is_empty() {
        return Err(Error::usage(
            "--cluster-name cannot be used with --no-session-tags: there are no session tags to match",
            hint,
        ));
    }
    if scope.cluster_arns.is_empty()
        || scope.namespaces.is_empty()
        || scope.service_accounts.is_empty()
    {
        let mut missing = Vec::new();
        if scope.cluster_arns.is_empty() {
            missing.push("--cluster-arn");
        }
        if scope.namespaces.is_empty() {
            missing.push("--namespace");
        }
        if scope.service_accounts.is_empty() {
            missing.push("--service-account");
        }
        return Err(Error::usage(
            format!("--no-session-tags needs {}", missing.join(", ")),
            hint,
        ));
    }
    let mut ids = Vec::new();
    for cluster in dedup(&scope.cluster_arns) {
        let arn = Arn::cluster("cluster ARN", &cluster)?;
        for ns in dedup(&scope.namespaces) {
            for sa in dedup(&scope.service_accounts) {
                ids.push(format!(
                    "{}/{}/{}/{ns}/{sa}",
                    arn.region,
                    arn.account,
                    arn.cluster_name()
                ));
            }
        }
    }
    Ok(ids)
}

fn check_trust_size(doc: &PolicyDocument) -> Result<()> {
    let size = limits::iam_size(doc);
    if size > limits::TRUST_MAX {
        return Err(Error::TooLarge {
            what: "trust policy",
            size,
            limit: limits::TRUST_MAX,
            limit_name: "role trust policies (the most a quota increase allows)",
            hint: Some(
                "scope it with fewer values, or split the workloads over several roles".into(),
            ),
        });
    }
    Ok(())
}

/// A warning when a trust policy is over IAM's default limit but within the raisable maximum.
pub fn size_warning(doc: &PolicyDocument) -> Option<String> {
    let size = limits::iam_size(doc);
    (size > limits::TRUST_DEFAULT).then(|| {
        format!(
            "the trust policy is {size} characters, over IAM's default {}-character limit for role trust policies; \
             it fits only after a Service Quotas increase (up to {})",
            limits::TRUST_DEFAULT,
            limits::TRUST_MAX
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fixed_policy_is_exact() {
        let doc = pod_identity(&Scope::default()).unwrap();
        assert_eq!(
            serde_json::to_value(&doc).unwrap(),
            json!({"Version":"2012-10-17","Statement":[{"Sid":"AllowEksAuthToAssumeRoleForPodIdentity","Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]})
        );
    }

    #[test]
    fn scoped_policy_has_request_tag_conditions() {
        let scope = Scope {
            namespaces: vec!["team-a".into(), "team-a".into(), "team-b".into()],
            service_accounts: vec!["app".into()],
            cluster_names: vec!["prod".into()],
            cluster_arns: vec!["arn:aws:eks:us-east-1:111122223333:cluster/prod".into()],
        };
        let doc = serde_json::to_value(pod_identity(&scope).unwrap()).unwrap();
        let cond = &doc["Statement"][0]["Condition"]["StringEquals"];
        assert_eq!(
            cond["aws:RequestTag/kubernetes-namespace"],
            json!(["team-a", "team-b"])
        );
        assert_eq!(
            cond["aws:RequestTag/kubernetes-service-account"],
            json!(["app"])
        );
        assert_eq!(cond["aws:RequestTag/eks-cluster-name"], json!(["prod"]));
        assert_eq!(
            cond["aws:RequestTag/eks-cluster-arn"],
            json!(["arn:aws:eks:us-east-1:111122223333:cluster/prod"])
        );
    }

    #[test]
    fn bad_scope_values_are_rejected() {
        let scope = Scope {
            namespaces: vec!["Team_A".into()],
            ..Scope::default()
        };
        assert!(
            pod_identity(&scope)
                .unwrap_err()
                .to_string()
                .contains("Team_A")
        );
    }

    #[test]
    fn target_role_with_tags() {
        let spec = TargetRole {
            source_role_arn: "arn:aws:iam::111122223333:role/app".into(),
            scope: Scope {
                namespaces: vec!["team-a".into()],
                ..Scope::default()
            },
            session_tags: true,
        };
        let doc = serde_json::to_value(target_role(&spec).unwrap()).unwrap();
        let st = &doc["Statement"][0];
        assert_eq!(
            st["Principal"],
            json!({"AWS": "arn:aws:iam::111122223333:root"})
        );
        assert_eq!(st["Action"], json!(["sts:AssumeRole", "sts:TagSession"]));
        assert_eq!(
            st["Condition"]["ArnEquals"]["aws:PrincipalARN"],
            json!(["arn:aws:iam::111122223333:role/app"])
        );
        assert_eq!(
            st["Condition"]["StringEquals"]["aws:RequestTag/kubernetes-namespace"],
            json!(["team-a"])
        );
    }

    #[test]
    fn target_role_with_external_id() {
        let spec = TargetRole {
            source_role_arn: "arn:aws:iam::111122223333:role/app".into(),
            scope: Scope {
                namespaces: vec!["ns".into()],
                service_accounts: vec!["sa".into()],
                cluster_arns: vec!["arn:aws:eks:eu-west-1:111122223333:cluster/c1".into()],
                ..Scope::default()
            },
            session_tags: false,
        };
        let doc = serde_json::to_value(target_role(&spec).unwrap()).unwrap();
        let st = &doc["Statement"][0];
        assert_eq!(st["Action"], json!(["sts:AssumeRole"]));
        assert_eq!(
            st["Condition"]["StringEquals"]["sts:ExternalId"],
            json!(["eu-west-1/111122223333/c1/ns/sa"])
        );
    }

    #[test]
    fn external_id_needs_every_part() {
        let spec = TargetRole {
            source_role_arn: "arn:aws:iam::111122223333:role/app".into(),
            scope: Scope {
                namespaces: vec!["ns".into()],
                ..Scope::default()
            },
            session_tags: false,
        };
        let err = target_role(&spec).unwrap_err().to_string();
        assert!(
            err.contains("--cluster-arn") && err.contains("--service-account"),
            "{err}"
        );
    }

    #[test]
    fn cluster_in_other_account_is_rejected() {
        let spec = TargetRole {
            source_role_arn: "arn:aws:iam::111122223333:role/app".into(),
            scope: Scope {
                cluster_arns: vec!["arn:aws:eks:eu-west-1:444455556666:cluster/c1".into()],
                ..Scope::default()
            },
            session_tags: true,
        };
        assert!(target_role(&spec).is_err());
    }

    #[test]
    fn sizes() {
        let many: Vec<String> = (0..150).map(|i| format!("namespace-number-{i}")).collect();
        let doc = pod_identity(&Scope {
            namespaces: many,
            ..Scope::default()
        })
        .unwrap();
        assert!(size_warning(&doc).is_some());
        let too_many: Vec<String> = (0..300).map(|i| format!("namespace-number-{i}")).collect();
        let err = pod_identity(&Scope {
            namespaces: too_many,
            ..Scope::default()
        })
        .unwrap_err();
        assert!(err.to_string().contains("4096"));
        assert!(size_warning(&pod_identity(&Scope::default()).unwrap()).is_none());
    }
}
