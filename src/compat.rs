//! What EKS supports (facts §2): the clusters Pod Identity works on, and add-on version order.
//! Pure functions.

use std::cmp::Ordering;

/// Minimum platform versions for Kubernetes versions that got Pod Identity by platform update.
const MINIMUM_PLATFORM: &[((u32, u32), u32)] = &[
    ((1, 24), 13),
    ((1, 25), 10),
    ((1, 26), 9),
    ((1, 27), 8),
    ((1, 28), 4),
];

fn parse_k8s(version: &str) -> Option<(u32, u32)> {
    let (major, minor) = version.split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

fn parse_platform(platform: &str) -> Option<u32> {
    platform.strip_prefix("eks.")?.parse().ok()
}

/// Ok when Pod Identity works on a cluster of this Kubernetes and platform version; else why not.
pub fn pod_identity_supported(kubernetes: &str, platform: &str) -> Result<(), String> {
    let Some(k8s) = parse_k8s(kubernetes) else {
        return Err(format!(
            "the Kubernetes version {kubernetes:?} could not be read"
        ));
    };
    if k8s < (1, 24) {
        return Err(format!(
            "Pod Identity needs Kubernetes 1.24 or later; the cluster runs {kubernetes}"
        ));
    }
    if let Some((_, minimum)) = MINIMUM_PLATFORM.iter().find(|(v, _)| *v == k8s) {
        match parse_platform(platform) {
            Some(p) if p >= *minimum => {}
            Some(_) => {
                return Err(format!(
                    "Pod Identity on Kubernetes {kubernetes} needs platform version eks.{minimum} or later; the cluster is on {platform}"
                ));
            }
            None => {
                return Err(format!(
                    "the platform version {platform:?} could not be read"
                ));
            }
        }
    }
    Ok(())
}

/// An add-on version such as `v1.3.3-eksbuild.1`, comparable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddonVersion {
    parts: Vec<u64>,
}

impl AddonVersion {
    pub fn parse(text: &str) -> Option<Self> {
        let rest = text.strip_prefix('v')?;
        let (semver, build) = rest.split_once("-eksbuild.")?;
        let mut parts: Vec<u64> = semver
            .split('.')
            .map(|p| p.parse().ok())
            .collect::<Option<_>>()?;
        if parts.len() != 3 {
            return None;
        }
        parts.push(build.parse().ok()?);
        Some(AddonVersion { parts })
    }
}

impl PartialOrd for AddonVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for AddonVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.parts.cmp(&other.parts)
    }
}

/// Compares two version strings; unreadable ones sort first.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    AddonVersion::parse(a).cmp(&AddonVersion::parse(b))
}

/// The first add-on version with hybrid-node support.
pub const HYBRID_MINIMUM: &str = "v1.3.3-eksbuild.1";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn support() {
        assert!(pod_identity_supported("1.30", "eks.1").is_ok());
        assert!(pod_identity_supported("1.29", "eks.1").is_ok());
        assert!(pod_identity_supported("1.28", "eks.4").is_ok());
        assert!(
            pod_identity_supported("1.28", "eks.3")
                .unwrap_err()
                .contains("eks.4")
        );
        assert!(pod_identity_supported("1.24", "eks.13").is_ok());
        assert!(pod_identity_supported("1.24", "eks.12").is_err());
        assert!(
            pod_identity_supported("1.23", "eks.20")
                .unwrap_err()
                .contains("1.24")
        );
        assert!(pod_identity_supported("2.0", "eks.1").is_ok());
        assert!(pod_identity_supported("x", "eks.1").is_err());
    }

    #[test]
    fn versions() {
        assert!(compare_versions("v1.3.10-eksbuild.1", "v1.3.9-eksbuild.2").is_gt());
        assert!(compare_versions("v1.3.3-eksbuild.2", "v1.3.3-eksbuild.1").is_gt());
        assert!(compare_versions("v1.2.0-eksbuild.1", HYBRID_MINIMUM).is_lt());
        assert!(AddonVersion::parse("1.2.3").is_none());
        assert!(AddonVersion::parse("v1.2-eksbuild.1").is_none());
    }
}
