//! PersistentVolume / PersistentVolumeClaim (and optionally ServiceAccount and Pod) for a
//! statically provisioned Mountpoint for S3 volume (facts §6).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    CSIPersistentVolumeSource, Container, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm,
    ObjectReference, PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimSpec,
    PersistentVolumeClaimVolumeSource, PersistentVolumeSpec, Pod, PodSpec, ServiceAccount, Volume,
    VolumeMount, VolumeNodeAffinity, VolumeResourceRequirements,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::policy::abac::validate_static_prefix;
use crate::validate::names::{self, BucketKind};

use super::mount_options::{self, MountOption, WRITE_OPTIONS};

pub const DRIVER: &str = "s3.csi.aws.com";
pub const ZONE_LABEL: &str = "topology.kubernetes.io/zone";
/// The driver's own service account, which needs the association when credentials come from the driver.
pub const DRIVER_SERVICE_ACCOUNT: (&str, &str) = ("kube-system", "s3-csi-driver-sa");

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum DriverVersion {
    /// v1.x: credentials from IRSA only.
    V1,
    /// v2.x: Pod Identity supported, Mountpoint runs in its own pods.
    #[default]
    V2,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthenticationSource {
    /// The driver's service account (kube-system/s3-csi-driver-sa) supplies the credentials.
    #[default]
    Driver,
    /// The workload pod's own service account supplies them: Pod Identity per workload.
    Pod,
}

impl AuthenticationSource {
    fn as_str(self) -> &'static str {
        match self {
            AuthenticationSource::Driver => "driver",
            AuthenticationSource::Pod => "pod",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum CacheKind {
    /// A pod-local emptyDir volume.
    #[serde(rename = "emptyDir")]
    EmptyDir,
    /// A generic ephemeral volume from a storage class.
    #[serde(rename = "ephemeral")]
    Ephemeral,
}

/// Everything a user can ask of the scaffold. Validated by [`build`].
#[derive(Clone, Debug, Default)]
pub struct Spec {
    pub bucket: String,
    pub name: String,
    pub namespace: String,
    pub pv_name: Option<String>,
    pub capacity: String,
    pub read_only: bool,
    pub prefix: Option<String>,
    pub region: Option<String>,
    pub sts_region: Option<String>,
    pub mount_options: Vec<String>,
    pub authentication_source: AuthenticationSource,
    pub service_account: Option<String>,
    pub driver_version: DriverVersion,
    pub cache: Option<CacheKind>,
    pub cache_size_limit: Option<String>,
    pub cache_medium: Option<String>,
    pub cache_storage_class: Option<String>,
    pub cache_storage_request: Option<String>,
    pub zone: Option<String>,
    pub with_pod: bool,
    pub pod_image: String,
    pub mount_path: String,
}

/// The generated objects and the facts the IAM policy needs.
#[derive(Clone, Debug)]
pub struct Scaffold {
    pub service_account: Option<ServiceAccount>,
    pub persistent_volume: PersistentVolume,
    pub persistent_volume_claim: PersistentVolumeClaim,
    pub pod: Option<Pod>,
    pub bucket_kind: BucketKind,
    pub mount_options: Vec<MountOption>,
}

impl Scaffold {
    /// In apply order: ServiceAccount, PersistentVolume, PersistentVolumeClaim, Pod.
    pub fn objects(&self) -> Vec<serde_json::Value> {
        let mut out = Vec::new();
        if let Some(sa) = &self.service_account {
            out.push(serde_json::to_value(sa).expect("serialisable"));
        }
        out.push(serde_json::to_value(&self.persistent_volume).expect("serialisable"));
        out.push(serde_json::to_value(&self.persistent_volume_claim).expect("serialisable"));
        if let Some(pod) = &self.pod {
            out.push(serde_json::to_value(pod).expect("serialisable"));
        }
        out
    }
}

fn quantity(what: &'static str, value: &str) -> Result<Quantity> {
    let (number, suffix) = value.split_at(
        value
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(value.len()),
    );
    let number_ok = !number.is_empty() && number.parse::<f64>().is_ok_and(|n| n > 0.0);
    let suffix_ok = [
        "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "k", "M", "G", "T", "P", "E",
    ]
    .contains(&suffix);
    if number_ok && suffix_ok {
        Ok(Quantity(value.to_string()))
    } else {
        Err(
            Error::invalid(what, value, "it is not a Kubernetes quantity")
                .with_hint("give a size such as 1200Gi, 10Gi or 500Mi"),
        )
    }
}

fn zone(value: &str) -> Result<()> {
    let ok = value.len() >= 4
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && value.ends_with(|c: char| c.is_ascii_lowercase())
        && value.contains('-');
    if ok {
        Ok(())
    } else {
        Err(
            Error::invalid("zone", value, "it is not an availability zone name")
                .with_hint("give the zone name nodes are labelled with, e.g. us-east-1a"),
        )
    }
}

fn labels() -> Option<BTreeMap<String, String>> {
    Some(BTreeMap::from([(
        "app.kubernetes.io/managed-by".to_string(),
        "epi".to_string(),
    )]))
}

fn meta(name: &str, namespace: Option<&str>) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_string()),
        namespace: namespace.map(str::to_string),
        labels: labels(),
        ..ObjectMeta::default()
    }
}

/// Validates the spec and builds the objects. Every check runs before anything is returned, so a
/// bad value never produces a partial result.
pub fn build(spec: &Spec) -> Result<Scaffold> {
    let bucket_kind = names::bucket_name(&spec.bucket)?;
    names::dns1123_subdomain("claim name", &spec.name)?;
    names::dns1123_label("namespace", &spec.namespace)?;
    let pv_name = spec
        .pv_name
        .clone()
        .unwrap_or_else(|| format!("{}-{}", spec.namespace, spec.name));
    names::dns1123_subdomain("persistent volume name", &pv_name)
        .map_err(|e| e.with_hint("shorten --name or --namespace, or give --pv-name"))?;
    let capacity = quantity("capacity", &spec.capacity)?;

    let options = mount_options_of(spec)?;

    // Credentials.
    let auth = spec.authentication_source;
    if spec.driver_version == DriverVersion::V1 && auth == AuthenticationSource::Pod {
        return Err(Error::usage(
            "--authentication-source pod with --driver-version v1 cannot use Pod Identity: driver v1 is IRSA-only",
            "install driver v2 (Pod Identity support came in v2.0.0) and use --driver-version v2",
        ));
    }
    if let Some(sa) = &spec.service_account {
        if auth != AuthenticationSource::Pod {
            return Err(Error::usage(
                format!("--service-account {sa} is only used with --authentication-source pod"),
                "add --authentication-source pod for per-workload credentials; with the default (driver) the association goes on kube-system/s3-csi-driver-sa",
            ));
        }
        names::dns1123_subdomain("service account", sa)?;
    }

    // Volume attributes.
    let mut attrs = BTreeMap::from([("bucketName".to_string(), spec.bucket.clone())]);
    if spec.driver_version == DriverVersion::V2 || auth == AuthenticationSource::Pod {
        attrs.insert("authenticationSource".into(), auth.as_str().into());
    }
    if let Some(r) = &spec.sts_region {
        names::region(r)?;
        attrs.insert("stsRegion".into(), r.clone());
    }
    cache_attributes(spec, &mut attrs)?;

    let node_affinity = zone_affinity(spec, bucket_kind)?;

    let access_mode = if spec.read_only {
        "ReadOnlyMany"
    } else {
        "ReadWriteMany"
    };
    let persistent_volume = PersistentVolume {
        metadata: meta(&pv_name, None),
        spec: Some(PersistentVolumeSpec {
            capacity: Some(BTreeMap::from([("storage".to_string(), capacity.clone())])),
            access_modes: Some(vec![access_mode.into()]),
            storage_class_name: Some(String::new()),
            persistent_volume_reclaim_policy: Some("Retain".into()),
            claim_ref: Some(ObjectReference {
                namespace: Some(spec.namespace.clone()),
                name: Some(spec.name.clone()),
                ..ObjectReference::default()
            }),
            mount_options: Some(options.iter().map(ToString::to_string).collect()),
            csi: Some(CSIPersistentVolumeSource {
                driver: DRIVER.into(),
                // PV names are unique in a cluster, so the PV name is a unique volume handle.
                volume_handle: pv_name.clone(),
                volume_attributes: Some(attrs),
                ..CSIPersistentVolumeSource::default()
            }),
            node_affinity,
            ..PersistentVolumeSpec::default()
        }),
        status: None,
    };
    let persistent_volume_claim = PersistentVolumeClaim {
        metadata: meta(&spec.name, Some(&spec.namespace)),
        spec: Some(PersistentVolumeClaimSpec {
            access_modes: Some(vec![access_mode.into()]),
            storage_class_name: Some(String::new()),
            resources: Some(VolumeResourceRequirements {
                requests: Some(BTreeMap::from([("storage".to_string(), capacity)])),
                ..VolumeResourceRequirements::default()
            }),
            volume_name: Some(pv_name),
            ..PersistentVolumeClaimSpec::default()
        }),
        status: None,
    };
    let service_account = match (&spec.service_account, auth) {
        (Some(sa), AuthenticationSource::Pod) => Some(ServiceAccount {
            // Deliberately no eks.amazonaws.com/role-arn annotation: with authenticationSource pod an
            // IRSA annotation would win over Pod Identity.
            metadata: meta(sa, Some(&spec.namespace)),
            ..ServiceAccount::default()
        }),
        _ => None,
    };
    let pod = if spec.with_pod {
        Some(example_pod(spec)?)
    } else {
        None
    };
    Ok(Scaffold {
        service_account,
        persistent_volume,
        persistent_volume_claim,
        pod,
        bucket_kind,
        mount_options: options,
    })
}

/// The mount options: the user's, then those the dedicated flags stand for, checked as a set.
fn mount_options_of(spec: &Spec) -> Result<Vec<MountOption>> {
    let mut options = Vec::new();
    for raw in &spec.mount_options {
        let opt = mount_options::parse(raw)?;
        if opt.key == "read-only" {
            return Err(Error::invalid("mount option", raw.as_str(), "use --read-only instead")
                .with_hint("--read-only sets the read-only option, the ReadOnlyMany access mode and a read-only IAM policy together"));
        }
        options.push(opt);
    }
    if let Some(prefix) = &spec.prefix {
        validate_static_prefix("prefix", prefix, "logs/")?;
        options.push(MountOption {
            key: "prefix".into(),
            value: Some(prefix.clone()),
        });
    }
    if let Some(region) = &spec.region {
        names::region(region)?;
        options.push(MountOption {
            key: "region".into(),
            value: Some(region.clone()),
        });
    }
    if spec.read_only {
        if let Some(w) = options
            .iter()
            .find(|o| WRITE_OPTIONS.contains(&o.key.as_str()))
        {
            return Err(Error::invalid(
                "mount option",
                w.to_string(),
                "it allows writes, but --read-only was given",
            )
            .with_hint("drop the option, or drop --read-only"));
        }
        options.push(MountOption {
            key: "read-only".into(),
            value: None,
        });
    }
    mount_options::check_set(&options)?;
    if let Some(prefix) = mount_options::value(&options, "prefix") {
        validate_static_prefix("prefix", prefix, "logs/")?;
    }
    Ok(options)
}

/// S3 Express One Zone: the volume is pinned to the bucket's zone (which must be given); a
/// general purpose bucket takes no zone.
fn zone_affinity(spec: &Spec, bucket_kind: BucketKind) -> Result<Option<VolumeNodeAffinity>> {
    Ok(match (bucket_kind, &spec.zone) {
        (BucketKind::Express, Some(z)) => {
            zone(z)?;
            Some(VolumeNodeAffinity {
                required: Some(NodeSelector {
                    node_selector_terms: vec![NodeSelectorTerm {
                        match_expressions: Some(vec![NodeSelectorRequirement {
                            key: ZONE_LABEL.into(),
                            operator: "In".into(),
                            values: Some(vec![z.clone()]),
                        }]),
                        ..NodeSelectorTerm::default()
                    }],
                }),
            })
        }
        (BucketKind::Express, None) => {
            return Err(Error::usage(
                format!(
                    "{} is an S3 Express One Zone bucket: give --zone, the availability zone it lives in",
                    spec.bucket
                ),
                "the volume must be pinned to the bucket's zone, e.g. --zone us-east-1a",
            ));
        }
        (BucketKind::GeneralPurpose, Some(z)) => {
            return Err(Error::usage(
                format!("--zone {z} is only for S3 Express One Zone buckets (NAME--AZID--x-s3)"),
                "leave out --zone for a general purpose bucket",
            ));
        }
        (BucketKind::GeneralPurpose, None) => None,
    })
}

fn cache_attributes(spec: &Spec, attrs: &mut BTreeMap<String, String>) -> Result<()> {
    let empty_dir_only = [
        ("--cache-size-limit", &spec.cache_size_limit),
        ("--cache-medium", &spec.cache_medium),
    ];
    let ephemeral_only = [
        ("--cache-storage-class", &spec.cache_storage_class),
        ("--cache-storage-request", &spec.cache_storage_request),
    ];
    let Some(kind) = spec.cache else {
        if let Some((flag, _)) = empty_dir_only
            .iter()
            .chain(&ephemeral_only)
            .find(|(_, v)| v.is_some())
        {
            return Err(Error::usage(
                format!("{flag} needs --cache"),
                "add --cache emptyDir or --cache ephemeral",
            ));
        }
        return Ok(());
    };
    if spec.driver_version == DriverVersion::V1 {
        return Err(Error::usage(
            "--cache is a driver v2 volume attribute",
            "use --driver-version v2, or leave out --cache",
        ));
    }
    let (other, name) = match kind {
        CacheKind::EmptyDir => (&ephemeral_only, "emptyDir"),
        CacheKind::Ephemeral => (&empty_dir_only, "ephemeral"),
    };
    if let Some((flag, _)) = other.iter().find(|(_, v)| v.is_some()) {
        return Err(Error::usage(
            format!("{flag} does not apply to --cache {name}"),
            "give the options of the cache kind you chose",
        ));
    }
    attrs.insert("cache".into(), name.into());
    if let Some(v) = &spec.cache_size_limit {
        quantity("cache size limit", v)?;
        attrs.insert("cacheEmptyDirSizeLimit".into(), v.clone());
    }
    if let Some(v) = &spec.cache_medium {
        if v != "Memory" {
            return Err(Error::invalid(
                "cache medium",
                v.as_str(),
                "the only medium besides the default disk is Memory",
            )
            .with_hint("give --cache-medium Memory, or leave it out for disk"));
        }
        attrs.insert("cacheEmptyDirMedium".into(), v.clone());
    }
    if let Some(v) = &spec.cache_storage_class {
        names::dns1123_subdomain("storage class", v)?;
        attrs.insert("cacheEphemeralStorageClassName".into(), v.clone());
    }
    if let Some(v) = &spec.cache_storage_request {
        quantity("cache storage request", v)?;
        attrs.insert("cacheEphemeralStorageResourceRequest".into(), v.clone());
    }
    Ok(())
}

fn example_pod(spec: &Spec) -> Result<Pod> {
    if !spec.mount_path.starts_with('/') {
        return Err(Error::invalid(
            "mount path",
            spec.mount_path.as_str(),
            "it must be an absolute path",
        )
        .with_hint("give a path such as /data"));
    }
    if spec.pod_image.trim().is_empty() || spec.pod_image.contains(char::is_whitespace) {
        return Err(Error::invalid(
            "pod image",
            spec.pod_image.as_str(),
            "it is not an image reference",
        )
        .with_hint("give an image such as public.ecr.aws/amazonlinux/amazonlinux:2023"));
    }
    let pod_name = format!("{}-app", spec.name);
    names::dns1123_subdomain("pod name", &pod_name)?;
    let service_account_name = match spec.authentication_source {
        AuthenticationSource::Pod => spec.service_account.clone(),
        AuthenticationSource::Driver => None,
    };
    Ok(Pod {
        metadata: meta(&pod_name, Some(&spec.namespace)),
        spec: Some(PodSpec {
            service_account_name,
            containers: vec![Container {
                name: "app".into(),
                image: Some(spec.pod_image.clone()),
                command: Some(vec!["sleep".into(), "infinity".into()]),
                volume_mounts: Some(vec![VolumeMount {
                    name: "s3".into(),
                    mount_path: spec.mount_path.clone(),
                    read_only: spec.read_only.then_some(true),
                    ..VolumeMount::default()
                }]),
                ..Container::default()
            }],
            volumes: Some(vec![Volume {
                name: "s3".into(),
                persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                    claim_name: spec.name.clone(),
                    read_only: spec.read_only.then_some(true),
                }),
                ..Volume::default()
            }]),
            ..PodSpec::default()
        }),
        status: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Spec {
        Spec {
            bucket: "data".into(),
            name: "data".into(),
            namespace: "team-a".into(),
            capacity: "1200Gi".into(),
            pod_image: "public.ecr.aws/amazonlinux/amazonlinux:2023".into(),
            mount_path: "/data".into(),
            ..Spec::default()
        }
    }

    #[test]
    fn pv_and_pvc_are_bound() {
        let s = build(&spec()).unwrap();
        let objs = s.objects();
        let (pv, pvc) = (&objs[0], &objs[1]);
        assert_eq!(pv["kind"], "PersistentVolume");
        assert_eq!(pv["spec"]["csi"]["driver"], DRIVER);
        assert_eq!(pv["spec"]["csi"]["volumeHandle"], "team-a-data");
        assert_eq!(pv["spec"]["storageClassName"], "");
        assert_eq!(
            pv["spec"]["claimRef"],
            json!({"namespace": "team-a", "name": "data"})
        );
        assert_eq!(pv["spec"]["accessModes"], json!(["ReadWriteMany"]));
        assert_eq!(
            pv["spec"]["csi"]["volumeAttributes"],
            json!({"authenticationSource": "driver", "bucketName": "data"})
        );
        assert_eq!(pvc["kind"], "PersistentVolumeClaim");
        assert_eq!(pvc["metadata"]["namespace"], "team-a");
        assert_eq!(pvc["spec"]["volumeName"], "team-a-data");
        assert_eq!(pvc["spec"]["storageClassName"], "");
    }

    #[test]
    fn read_only_and_options() {
        let s = build(&Spec {
            read_only: true,
            prefix: Some("logs/".into()),
            region: Some("us-west-2".into()),
            mount_options: vec!["uid=1000".into(), "--allow-other".into()],
            ..spec()
        })
        .unwrap();
        let pv = serde_json::to_value(&s.persistent_volume).unwrap();
        assert_eq!(pv["spec"]["accessModes"], json!(["ReadOnlyMany"]));
        assert_eq!(
            pv["spec"]["mountOptions"],
            json!([
                "uid 1000",
                "allow-other",
                "prefix logs/",
                "region us-west-2",
                "read-only"
            ])
        );
    }

    #[test]
    fn conflicts() {
        let read_only_delete = Spec {
            read_only: true,
            mount_options: vec!["allow-delete".into()],
            ..spec()
        };
        assert!(build(&read_only_delete).is_err());
        let twice = Spec {
            region: Some("us-east-1".into()),
            mount_options: vec!["region=us-west-2".into()],
            ..spec()
        };
        assert!(build(&twice).is_err());
        let v1_pod = Spec {
            driver_version: DriverVersion::V1,
            authentication_source: AuthenticationSource::Pod,
            ..spec()
        };
        assert!(
            build(&v1_pod)
                .unwrap_err()
                .to_string()
                .contains("IRSA-only")
        );
        let sa_without_pod = Spec {
            service_account: Some("app".into()),
            ..spec()
        };
        assert!(build(&sa_without_pod).is_err());
        let express_no_zone = Spec {
            bucket: "data--use1-az4--x-s3".into(),
            ..spec()
        };
        assert!(build(&express_no_zone).is_err());
        let zone_general = Spec {
            zone: Some("us-east-1a".into()),
            ..spec()
        };
        assert!(build(&zone_general).is_err());
        let cache_v1 = Spec {
            driver_version: DriverVersion::V1,
            cache: Some(CacheKind::EmptyDir),
            ..spec()
        };
        assert!(build(&cache_v1).is_err());
        let wrong_cache_opt = Spec {
            cache: Some(CacheKind::EmptyDir),
            cache_storage_class: Some("gp3".into()),
            ..spec()
        };
        assert!(build(&wrong_cache_opt).is_err());
        let orphan_cache_opt = Spec {
            cache_size_limit: Some("1Gi".into()),
            ..spec()
        };
        assert!(build(&orphan_cache_opt).is_err());
        let read_only_opt = Spec {
            mount_options: vec!["read-only".into()],
            ..spec()
        };
        assert!(build(&read_only_opt).is_err());
    }

    #[test]
    fn pod_identity_per_workload() {
        let s = build(&Spec {
            authentication_source: AuthenticationSource::Pod,
            service_account: Some("reader".into()),
            with_pod: true,
            ..spec()
        })
        .unwrap();
        let objs = s.objects();
        assert_eq!(objs.len(), 4);
        assert_eq!(objs[0]["kind"], "ServiceAccount");
        assert!(objs[0]["metadata"].get("annotations").is_none());
        assert_eq!(
            objs[1]["spec"]["csi"]["volumeAttributes"]["authenticationSource"],
            "pod"
        );
        assert_eq!(objs[3]["kind"], "Pod");
        assert_eq!(objs[3]["spec"]["serviceAccountName"], "reader");
        assert_eq!(
            objs[3]["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"],
            "data"
        );
    }

    #[test]
    fn express_is_pinned_to_its_zone() {
        let s = build(&Spec {
            bucket: "data--use1-az4--x-s3".into(),
            zone: Some("us-east-1a".into()),
            ..spec()
        })
        .unwrap();
        let pv = serde_json::to_value(&s.persistent_volume).unwrap();
        assert_eq!(
            pv["spec"]["nodeAffinity"]["required"]["nodeSelectorTerms"][0]["matchExpressions"][0],
            json!({"key": ZONE_LABEL, "operator": "In", "values": ["us-east-1a"]})
        );
    }

    #[test]
    fn cache_attributes_v2() {
        let s = build(&Spec {
            cache: Some(CacheKind::EmptyDir),
            cache_size_limit: Some("1Gi".into()),
            cache_medium: Some("Memory".into()),
            ..spec()
        })
        .unwrap();
        let pv = serde_json::to_value(&s.persistent_volume).unwrap();
        let attrs = &pv["spec"]["csi"]["volumeAttributes"];
        assert_eq!(attrs["cache"], "emptyDir");
        assert_eq!(attrs["cacheEmptyDirSizeLimit"], "1Gi");
        assert_eq!(attrs["cacheEmptyDirMedium"], "Memory");
    }

    #[test]
    fn quantities() {
        for ok in ["1200Gi", "1", "0.5Ti", "10M"] {
            assert!(quantity("capacity", ok).is_ok(), "{ok}");
        }
        for bad in ["", "Gi", "12GB", "-1Gi", "1.2.3Gi"] {
            assert!(quantity("capacity", bad).is_err(), "{bad}");
        }
    }
}
