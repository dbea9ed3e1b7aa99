//! The EKS calls epi makes, returning epi's own plain types (Serialize, stable field names).

use std::collections::BTreeMap;

use aws_sdk_eks::types::ResolveConflicts;
pub use aws_sdk_eks::types::{AddonStatus, ClusterStatus};
use aws_smithy_types::date_time::Format;
use serde::Serialize;

use super::context::AwsContext;
use super::error::AwsError;

/// The Pod Identity agent add-on.
pub const AGENT_ADDON: &str = "eks-pod-identity-agent";

/// An SDK status enum as the text EKS sent.
fn status_text<S: serde::Serializer, T: AsRef<str>>(status: &T, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(status.as_ref())
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterInfo {
    pub name: String,
    pub arn: String,
    pub region: String,
    pub account: String,
    pub version: String,
    pub platform_version: String,
    /// EKS's status (unknown values kept as sent).
    #[serde(serialize_with = "status_text")]
    pub status: ClusterStatus,
    pub auto_mode: bool,
    pub oidc_issuer: Option<String>,
    pub endpoint: Option<String>,
    /// The API server's CA, base64 PEM.
    #[serde(skip)]
    pub certificate_authority: Option<String>,
    /// `kubernetesNetworkConfig.ipFamily`: `ipv4` or `ipv6` (facts §2).
    #[serde(skip)]
    pub ip_family: Option<String>,
    /// `resourcesVpcConfig`: the VPC, the subnets given at creation and the cluster security
    /// group, for doctor's network checks.
    #[serde(skip)]
    pub vpc: Option<VpcConfig>,
}

/// Where a cluster's network is (DescribeCluster's `resourcesVpcConfig`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VpcConfig {
    pub vpc_id: String,
    pub subnet_ids: Vec<String>,
    pub cluster_security_group_id: Option<String>,
}

impl ClusterInfo {
    /// The cluster's partition (`aws`, `aws-cn`, …), from its ARN; `aws` when the ARN has none.
    pub fn partition(&self) -> &str {
        crate::validate::Arn::partition_of(&self.arn).unwrap_or("aws")
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthIssue {
    pub code: String,
    pub message: String,
    pub resource_ids: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AddonInfo {
    pub name: String,
    pub version: String,
    /// EKS's status (unknown values kept as sent).
    #[serde(serialize_with = "status_text")]
    pub status: AddonStatus,
    pub health_issues: Vec<HealthIssue>,
    pub configuration_values: Option<String>,
    pub service_account_role_arn: Option<String>,
    /// ARNs of the associations the add-on owns.
    pub pod_identity_associations: Vec<String>,
    /// The namespace the add-on runs in, when EKS says (`namespaceConfig`).
    #[serde(skip)]
    pub namespace: Option<String>,
}

impl AddonInfo {
    pub fn is_active(&self) -> bool {
        self.status == AddonStatus::Active
    }
    /// Terminal failures, as the AddonActive waiter defines them.
    pub fn is_failed(&self) -> bool {
        matches!(
            self.status,
            AddonStatus::CreateFailed | AddonStatus::Degraded | AddonStatus::UpdateFailed
        )
    }
}

/// A managed node group: its AMI type (`WINDOWS_*` means Windows nodes) and node role.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeGroup {
    pub name: String,
    pub ami_type: String,
    pub node_role: String,
    /// The subnets its nodes are launched in.
    #[serde(skip)]
    pub subnets: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AddonVersion {
    pub version: String,
    /// EKS's default version for the Kubernetes version asked about.
    pub default: bool,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssociationSummary {
    pub cluster_name: String,
    pub namespace: String,
    pub service_account: String,
    pub association_id: String,
    pub association_arn: String,
    pub owner_arn: Option<String>,
}

#[derive(Clone, Debug, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Association {
    pub cluster_name: String,
    pub namespace: String,
    pub service_account: String,
    pub role_arn: String,
    pub association_id: String,
    pub association_arn: String,
    pub target_role_arn: Option<String>,
    pub disable_session_tags: bool,
    pub external_id: Option<String>,
    pub session_policy: Option<String>,
    pub owner_arn: Option<String>,
    pub tags: BTreeMap<String, String>,
    pub created_at: Option<String>,
    pub modified_at: Option<String>,
}

/// What to create.
#[derive(Clone, Debug, Default)]
pub struct NewAssociation {
    pub cluster: String,
    pub namespace: String,
    pub service_account: String,
    pub role_arn: String,
    pub target_role_arn: Option<String>,
    pub disable_session_tags: bool,
    pub session_policy: Option<String>,
    pub tags: BTreeMap<String, String>,
}

/// What to change; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct AssociationChange {
    pub role_arn: Option<String>,
    pub target_role_arn: Option<String>,
    pub disable_session_tags: Option<bool>,
    pub session_policy: Option<String>,
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.filter(|v| !v.is_empty()).map(str::to_string)
}

fn timestamp(t: Option<&aws_smithy_types::DateTime>) -> Option<String> {
    t.and_then(|t| t.fmt(Format::DateTime).ok())
}

fn association(a: &aws_sdk_eks::types::PodIdentityAssociation) -> Association {
    Association {
        cluster_name: a.cluster_name().unwrap_or_default().to_string(),
        namespace: a.namespace().unwrap_or_default().to_string(),
        service_account: a.service_account().unwrap_or_default().to_string(),
        role_arn: a.role_arn().unwrap_or_default().to_string(),
        association_id: a.association_id().unwrap_or_default().to_string(),
        association_arn: a.association_arn().unwrap_or_default().to_string(),
        target_role_arn: non_empty(a.target_role_arn()),
        disable_session_tags: a.disable_session_tags().unwrap_or(false),
        external_id: non_empty(a.external_id()),
        session_policy: non_empty(a.policy()),
        owner_arn: non_empty(a.owner_arn()),
        tags: a
            .tags()
            .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
        created_at: timestamp(a.created_at()),
        modified_at: timestamp(a.modified_at()),
    }
}

impl AwsContext {
    pub async fn describe_cluster(&self, name: &str) -> Result<ClusterInfo, AwsError> {
        let out = self
            .eks()
            .describe_cluster()
            .name(name)
            .send()
            .await
            .map_err(|e| {
                if e.as_service_error()
                    .is_some_and(|s| s.is_resource_not_found_exception())
                {
                    AwsError::ClusterNotFound {
                        cluster: name.to_string(),
                        region: self.region().to_string(),
                    }
                } else {
                    self.mapper().map("eks:DescribeCluster", e)
                }
            })?;
        let c = out.cluster().ok_or_else(|| AwsError::Service {
            action: "eks:DescribeCluster",
            code: "EmptyResponse".into(),
            message: "the answer had no cluster".into(),
        })?;
        let arn = c.arn().unwrap_or_default().to_string();
        let account = crate::validate::Arn::account_of(&arn)
            .unwrap_or_default()
            .to_string();
        Ok(ClusterInfo {
            name: c.name().unwrap_or(name).to_string(),
            region: self.region().to_string(),
            account,
            arn,
            version: c.version().unwrap_or_default().to_string(),
            platform_version: c.platform_version().unwrap_or_default().to_string(),
            status: c
                .status()
                .cloned()
                .unwrap_or_else(|| ClusterStatus::from("")),
            auto_mode: c
                .compute_config()
                .and_then(|cc| cc.enabled())
                .unwrap_or(false),
            endpoint: c.endpoint().map(str::to_string),
            certificate_authority: c
                .certificate_authority()
                .and_then(|ca| ca.data())
                .filter(|d| !d.is_empty())
                .map(str::to_string),
            oidc_issuer: c
                .identity()
                .and_then(|i| i.oidc())
                .and_then(|o| o.issuer())
                .map(str::to_string),
            ip_family: c
                .kubernetes_network_config()
                .and_then(|k| k.ip_family())
                .map(|f| f.as_str().to_string()),
            vpc: c.resources_vpc_config().and_then(|v| {
                Some(VpcConfig {
                    vpc_id: v.vpc_id().filter(|id| !id.is_empty())?.to_string(),
                    subnet_ids: v.subnet_ids().to_vec(),
                    cluster_security_group_id: v.cluster_security_group_id().map(str::to_string),
                })
            }),
        })
    }

    /// Every cluster of the region, all pages.
    pub async fn list_clusters(&self) -> Result<Vec<String>, AwsError> {
        let mut pages = self.eks().list_clusters().into_paginator().send();
        let mut names = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.mapper().map("eks:ListClusters", e))?;
            names.extend(page.clusters().iter().cloned());
        }
        Ok(names)
    }

    /// Names of the cluster's Fargate profiles, all pages.
    pub async fn list_fargate_profiles(&self, cluster: &str) -> Result<Vec<String>, AwsError> {
        let mut pages = self
            .eks()
            .list_fargate_profiles()
            .cluster_name(cluster)
            .into_paginator()
            .send();
        let mut names = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.mapper().map("eks:ListFargateProfiles", e))?;
            names.extend(page.fargate_profile_names().iter().cloned());
        }
        Ok(names)
    }

    /// The cluster's managed node groups, all pages, each described.
    pub async fn node_groups(&self, cluster: &str) -> Result<Vec<NodeGroup>, AwsError> {
        let mut pages = self
            .eks()
            .list_nodegroups()
            .cluster_name(cluster)
            .into_paginator()
            .send();
        let mut names = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.mapper().map("eks:ListNodegroups", e))?;
            names.extend(page.nodegroups().iter().cloned());
        }
        let mut groups = Vec::new();
        for name in names {
            let out = self
                .eks()
                .describe_nodegroup()
                .cluster_name(cluster)
                .nodegroup_name(&name)
                .send()
                .await
                .map_err(|e| self.mapper().map("eks:DescribeNodegroup", e))?;
            if let Some(ng) = out.nodegroup() {
                groups.push(NodeGroup {
                    name: name.clone(),
                    ami_type: ng
                        .ami_type()
                        .map(|t| t.as_str().to_string())
                        .unwrap_or_default(),
                    node_role: ng.node_role().unwrap_or_default().to_string(),
                    subnets: ng.subnets().to_vec(),
                });
            }
        }
        Ok(groups)
    }

    /// The add-on, or None when it is not installed.
    pub async fn describe_addon(
        &self,
        cluster: &str,
        addon: &str,
    ) -> Result<Option<AddonInfo>, AwsError> {
        let out = match self
            .eks()
            .describe_addon()
            .cluster_name(cluster)
            .addon_name(addon)
            .send()
            .await
        {
            Ok(out) => out,
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_resource_not_found_exception()) =>
            {
                return Ok(None);
            }
            Err(e) => return Err(self.mapper().map("eks:DescribeAddon", e)),
        };
        Ok(out.addon().map(|a| AddonInfo {
            name: a.addon_name().unwrap_or(addon).to_string(),
            version: a.addon_version().unwrap_or_default().to_string(),
            status: a.status().cloned().unwrap_or_else(|| AddonStatus::from("")),
            health_issues: a
                .health()
                .map(|h| {
                    h.issues()
                        .iter()
                        .map(|i| HealthIssue {
                            code: i.code().map(|c| c.as_str().to_string()).unwrap_or_default(),
                            message: i.message().unwrap_or_default().to_string(),
                            resource_ids: i.resource_ids().to_vec(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            configuration_values: non_empty(a.configuration_values()),
            service_account_role_arn: non_empty(a.service_account_role_arn()),
            pod_identity_associations: a.pod_identity_associations().to_vec(),
            namespace: a.namespace_config().and_then(|n| non_empty(n.namespace())),
        }))
    }

    /// Versions of an add-on compatible with a Kubernetes version, newest first as EKS lists them.
    pub async fn addon_versions(
        &self,
        addon: &str,
        kubernetes_version: &str,
    ) -> Result<Vec<AddonVersion>, AwsError> {
        let mut pages = self
            .eks()
            .describe_addon_versions()
            .addon_name(addon)
            .kubernetes_version(kubernetes_version)
            .into_paginator()
            .send();
        let mut versions = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.mapper().map("eks:DescribeAddonVersions", e))?;
            for info in page
                .addons()
                .iter()
                .filter(|a| a.addon_name() == Some(addon))
            {
                for v in info.addon_versions() {
                    let compat: Vec<_> = v
                        .compatibilities()
                        .iter()
                        .filter(|c| c.cluster_version() == Some(kubernetes_version))
                        .collect();
                    if compat.is_empty() {
                        continue;
                    }
                    versions.push(AddonVersion {
                        version: v.addon_version().unwrap_or_default().to_string(),
                        default: compat.iter().any(|c| c.default_version()),
                    });
                }
            }
        }
        Ok(versions)
    }

    /// Creates an add-on. Ok(false) when EKS answers that it exists already
    /// (ResourceInUseException): someone installed it since it was read.
    pub(crate) async fn create_addon(
        &self,
        cluster: &str,
        addon: &str,
        version: &str,
        configuration: Option<&str>,
        resolve: ResolveConflicts,
    ) -> Result<bool, AwsError> {
        match self
            .eks()
            .create_addon()
            .cluster_name(cluster)
            .addon_name(addon)
            .addon_version(version)
            .set_configuration_values(configuration.map(str::to_string))
            .resolve_conflicts(resolve)
            .send()
            .await
        {
            Ok(_) => Ok(true),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_resource_in_use_exception()) =>
            {
                Ok(false)
            }
            Err(e) => Err(self.mapper().map("eks:CreateAddon", e)),
        }
    }

    pub(crate) async fn update_addon(
        &self,
        cluster: &str,
        addon: &str,
        version: &str,
        configuration: Option<&str>,
        resolve: ResolveConflicts,
    ) -> Result<(), AwsError> {
        self.eks()
            .update_addon()
            .cluster_name(cluster)
            .addon_name(addon)
            .addon_version(version)
            .set_configuration_values(configuration.map(str::to_string))
            .resolve_conflicts(resolve)
            .send()
            .await
            .map_err(|e| self.mapper().map("eks:UpdateAddon", e))?;
        Ok(())
    }

    /// Names of the cluster's add-ons, all pages.
    pub async fn list_addons(&self, cluster: &str) -> Result<Vec<String>, AwsError> {
        let mut pages = self
            .eks()
            .list_addons()
            .cluster_name(cluster)
            .into_paginator()
            .send();
        let mut names = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.not_found_is_cluster(cluster, "eks:ListAddons", e))?;
            names.extend(page.addons().iter().cloned());
        }
        Ok(names)
    }

    /// The service accounts of an add-on version that can use Pod Identity (empty: it cannot).
    pub async fn addon_pod_identity_service_accounts(
        &self,
        addon: &str,
        version: &str,
    ) -> Result<Vec<String>, AwsError> {
        Ok(self
            .addon_pod_identity_configuration(addon, version)
            .await?
            .into_iter()
            .map(|(sa, _)| sa)
            .collect())
    }

    /// DescribeAddonConfiguration's `podIdentityConfiguration`: each service account of the
    /// add-on version that can use Pod Identity, with the managed policies AWS recommends for it.
    pub async fn addon_pod_identity_configuration(
        &self,
        addon: &str,
        version: &str,
    ) -> Result<Vec<(String, Vec<String>)>, AwsError> {
        let out = self
            .eks()
            .describe_addon_configuration()
            .addon_name(addon)
            .addon_version(version)
            .send()
            .await
            .map_err(|e| self.mapper().map("eks:DescribeAddonConfiguration", e))?;
        Ok(out
            .pod_identity_configuration()
            .iter()
            .filter_map(|c| {
                c.service_account()
                    .map(|sa| (sa.to_string(), c.recommended_managed_policies().to_vec()))
            })
            .collect())
    }

    /// Sets the associations an add-on owns (service account, role); an empty list deletes them.
    pub(crate) async fn set_addon_pod_identity(
        &self,
        cluster: &str,
        addon: &str,
        pairs: &[(String, String)],
    ) -> Result<(), AwsError> {
        let associations = pairs
            .iter()
            .map(|(sa, role)| {
                aws_sdk_eks::types::AddonPodIdentityAssociations::builder()
                    .service_account(sa)
                    .role_arn(role)
                    .build()
                    .expect("both fields are set")
            })
            .collect();
        self.eks()
            .update_addon()
            .cluster_name(cluster)
            .addon_name(addon)
            .set_pod_identity_associations(Some(associations))
            .send()
            .await
            .map_err(|e| self.mapper().map("eks:UpdateAddon", e))?;
        Ok(())
    }

    /// Every association of the cluster (all pages), optionally filtered.
    pub async fn list_associations(
        &self,
        cluster: &str,
        namespace: Option<&str>,
        service_account: Option<&str>,
    ) -> Result<Vec<AssociationSummary>, AwsError> {
        let mut pages = self
            .eks()
            .list_pod_identity_associations()
            .cluster_name(cluster)
            .set_namespace(namespace.map(str::to_string))
            .set_service_account(service_account.map(str::to_string))
            .max_results(100)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                self.not_found_is_cluster(cluster, "eks:ListPodIdentityAssociations", e)
            })?;
            out.extend(page.associations().iter().map(|a| AssociationSummary {
                cluster_name: a.cluster_name().unwrap_or(cluster).to_string(),
                namespace: a.namespace().unwrap_or_default().to_string(),
                service_account: a.service_account().unwrap_or_default().to_string(),
                association_id: a.association_id().unwrap_or_default().to_string(),
                association_arn: a.association_arn().unwrap_or_default().to_string(),
                owner_arn: non_empty(a.owner_arn()),
            }));
        }
        Ok(out)
    }

    pub async fn describe_association(
        &self,
        cluster: &str,
        id: &str,
    ) -> Result<Association, AwsError> {
        let out = self
            .eks()
            .describe_pod_identity_association()
            .cluster_name(cluster)
            .association_id(id)
            .send()
            .await
            .map_err(|e| {
                self.association_error(cluster, id, "eks:DescribePodIdentityAssociation", e)
            })?;
        Ok(out
            .association()
            .map(association)
            .unwrap_or_else(|| empty(cluster, id)))
    }

    pub(crate) async fn create_association(
        &self,
        new: &NewAssociation,
    ) -> Result<Association, AwsError> {
        let attempts = super::attempts::Attempts::default();
        let result = self
            .eks()
            .create_pod_identity_association()
            .cluster_name(&new.cluster)
            .namespace(&new.namespace)
            .service_account(&new.service_account)
            .role_arn(&new.role_arn)
            .set_target_role_arn(new.target_role_arn.clone())
            .set_disable_session_tags(new.disable_session_tags.then_some(true))
            .set_policy(new.session_policy.clone())
            .set_tags((!new.tags.is_empty()).then(|| new.tags.clone().into_iter().collect()))
            .customize()
            .interceptor(attempts.clone())
            .send()
            .await;
        match result {
            Ok(out) => Ok(out
                .association()
                .map(association)
                .unwrap_or_else(|| empty(&new.cluster, ""))),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_resource_in_use_exception()) =>
            {
                let existing = self
                    .find_association(&new.cluster, &new.namespace, &new.service_account)
                    .await
                    .ok()
                    .flatten();
                // A retry that meets exactly what was asked for: the earlier attempt made it and
                // its answer was lost. (EKS itself answers such a retry with the original success,
                // by the request's idempotency token, which the SDK sets; not every server does.)
                if let Some(a) = existing.as_ref().filter(|a| {
                    attempts.retried()
                        && a.role_arn == new.role_arn
                        && a.target_role_arn == new.target_role_arn
                        && a.disable_session_tags == new.disable_session_tags
                        && a.session_policy == new.session_policy
                }) {
                    return Ok(a.clone());
                }
                Err(AwsError::AssociationExists {
                    cluster: new.cluster.clone(),
                    namespace: new.namespace.clone(),
                    service_account: new.service_account.clone(),
                    existing: existing.map(|a| (a.association_id, a.role_arn)),
                })
            }
            Err(e) => {
                Err(self.not_found_is_cluster(&new.cluster, "eks:CreatePodIdentityAssociation", e))
            }
        }
    }

    pub(crate) async fn update_association(
        &self,
        cluster: &str,
        id: &str,
        change: &AssociationChange,
    ) -> Result<Association, AwsError> {
        let out = self
            .eks()
            .update_pod_identity_association()
            .cluster_name(cluster)
            .association_id(id)
            .set_role_arn(change.role_arn.clone())
            .set_target_role_arn(change.target_role_arn.clone())
            .set_disable_session_tags(change.disable_session_tags)
            .set_policy(change.session_policy.clone())
            .send()
            .await
            .map_err(|e| {
                self.association_error(cluster, id, "eks:UpdatePodIdentityAssociation", e)
            })?;
        Ok(out
            .association()
            .map(association)
            .unwrap_or_else(|| empty(cluster, id)))
    }

    pub(crate) async fn delete_association(&self, cluster: &str, id: &str) -> Result<(), AwsError> {
        self.eks()
            .delete_pod_identity_association()
            .cluster_name(cluster)
            .association_id(id)
            .send()
            .await
            .map_err(|e| {
                self.association_error(cluster, id, "eks:DeletePodIdentityAssociation", e)
            })?;
        Ok(())
    }

    /// Adds (or changes) tags on an EKS resource (an association, by its ARN).
    pub(crate) async fn tag_resource(
        &self,
        arn: &str,
        tags: &BTreeMap<String, String>,
    ) -> Result<(), AwsError> {
        self.eks()
            .tag_resource()
            .resource_arn(arn)
            .set_tags(Some(tags.clone().into_iter().collect()))
            .send()
            .await
            .map_err(|e| self.mapper().map("eks:TagResource", e))?;
        Ok(())
    }

    /// Removes tags from an EKS resource.
    pub(crate) async fn untag_resource(&self, arn: &str, keys: &[String]) -> Result<(), AwsError> {
        self.eks()
            .untag_resource()
            .resource_arn(arn)
            .set_tag_keys(Some(keys.to_vec()))
            .send()
            .await
            .map_err(|e| self.mapper().map("eks:UntagResource", e))?;
        Ok(())
    }

    /// The association of a namespace/service account, described, if there is one.
    pub async fn find_association(
        &self,
        cluster: &str,
        namespace: &str,
        service_account: &str,
    ) -> Result<Option<Association>, AwsError> {
        let found = self
            .list_associations(cluster, Some(namespace), Some(service_account))
            .await?;
        // The filters are exact on AWS; filter again so that a looser server cannot mislead.
        match found
            .into_iter()
            .find(|a| a.namespace == namespace && a.service_account == service_account)
        {
            Some(summary) => Ok(Some(
                self.describe_association(cluster, &summary.association_id)
                    .await?,
            )),
            None => Ok(None),
        }
    }

    fn not_found_is_cluster<E>(
        &self,
        cluster: &str,
        action: &'static str,
        e: aws_sdk_eks::error::SdkError<
            E,
            aws_smithy_runtime_api::client::orchestrator::HttpResponse,
        >,
    ) -> AwsError
    where
        E: aws_sdk_eks::error::ProvideErrorMetadata
            + NotFound
            + std::error::Error
            + Send
            + Sync
            + 'static,
    {
        if e.as_service_error().is_some_and(NotFound::is_not_found) {
            AwsError::ClusterNotFound {
                cluster: cluster.to_string(),
                region: self.region().to_string(),
            }
        } else {
            self.mapper().map(action, e)
        }
    }

    fn association_error<E>(
        &self,
        cluster: &str,
        id: &str,
        action: &'static str,
        e: aws_sdk_eks::error::SdkError<
            E,
            aws_smithy_runtime_api::client::orchestrator::HttpResponse,
        >,
    ) -> AwsError
    where
        E: aws_sdk_eks::error::ProvideErrorMetadata
            + NotFound
            + std::error::Error
            + Send
            + Sync
            + 'static,
    {
        if e.as_service_error().is_some_and(NotFound::is_not_found) {
            let message = aws_sdk_eks::error::ProvideErrorMetadata::message(&e)
                .unwrap_or_default()
                .to_string();
            AwsError::NotFound {
                what: format!("association {id} in cluster {cluster} ({})", self.region()),
                message,
                hint: format!(
                    "list the cluster's associations with `epi association list --cluster {cluster} --region {}`",
                    self.region()
                ),
            }
        } else {
            self.mapper().map(action, e)
        }
    }
}

/// The typed errors of EKS operations that answer ResourceNotFoundException, so the call sites
/// that turn it into a clearer error match the SDK's type, not a code string.
trait NotFound {
    fn is_not_found(&self) -> bool;
}

macro_rules! not_found {
    ($($module:ident::$error:ident),+) => {$(
        impl NotFound for aws_sdk_eks::operation::$module::$error {
            fn is_not_found(&self) -> bool {
                self.is_resource_not_found_exception()
            }
        }
    )+};
}

not_found!(
    list_addons::ListAddonsError,
    list_pod_identity_associations::ListPodIdentityAssociationsError,
    describe_pod_identity_association::DescribePodIdentityAssociationError,
    create_pod_identity_association::CreatePodIdentityAssociationError,
    update_pod_identity_association::UpdatePodIdentityAssociationError,
    delete_pod_identity_association::DeletePodIdentityAssociationError
);

fn empty(cluster: &str, id: &str) -> Association {
    Association {
        cluster_name: cluster.to_string(),
        namespace: String::new(),
        service_account: String::new(),
        role_arn: String::new(),
        association_id: id.to_string(),
        association_arn: String::new(),
        target_role_arn: None,
        disable_session_tags: false,
        external_id: None,
        session_policy: None,
        owner_arn: None,
        tags: BTreeMap::new(),
        created_at: None,
        modified_at: None,
    }
}
