//! The session tags EKS Pod Identity puts on its credentials (facts §3), and how to name them in policies.

/// The six session tags, all transitive.
pub const SESSION_TAGS: [&str; 6] = [
    "eks-cluster-arn",
    "eks-cluster-name",
    "kubernetes-namespace",
    "kubernetes-service-account",
    "kubernetes-pod-name",
    "kubernetes-pod-uid",
];

pub const CLUSTER_ARN: &str = SESSION_TAGS[0];
pub const CLUSTER_NAME: &str = SESSION_TAGS[1];
pub const NAMESPACE: &str = SESSION_TAGS[2];
pub const SERVICE_ACCOUNT: &str = SESSION_TAGS[3];

/// The service principal EKS Pod Identity assumes roles as.
pub const PODS_PRINCIPAL: &str = "pods.eks.amazonaws.com";

/// `${aws:PrincipalTag/KEY}`: the value of a session tag inside a policy.
pub fn principal_tag_var(key: &str) -> String {
    format!("${{aws:PrincipalTag/{key}}}")
}

/// `aws:RequestTag/KEY`: the condition key for a tag passed when the role is assumed.
pub fn request_tag_key(key: &str) -> String {
    format!("aws:RequestTag/{key}")
}

/// The session tag nearest to an unknown key, when it is near enough to be a typo.
pub fn nearest_session_tag(key: &str) -> Option<&'static str> {
    SESSION_TAGS
        .iter()
        .map(|t| {
            (
                strsim::damerau_levenshtein(&key.to_ascii_lowercase(), t),
                *t,
            )
        })
        .filter(|(d, _)| *d <= 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, t)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest() {
        assert_eq!(
            nearest_session_tag("kubernetes-namepsace"),
            Some("kubernetes-namespace")
        );
        assert_eq!(
            nearest_session_tag("eks-cluster-nmae"),
            Some("eks-cluster-name")
        );
        assert_eq!(
            nearest_session_tag("Kubernetes-Namespace"),
            Some("kubernetes-namespace")
        );
        assert_eq!(nearest_session_tag("team"), None);
    }

    #[test]
    fn variables() {
        assert_eq!(
            principal_tag_var(NAMESPACE),
            "${aws:PrincipalTag/kubernetes-namespace}"
        );
        assert_eq!(
            request_tag_key(SERVICE_ACCOUNT),
            "aws:RequestTag/kubernetes-service-account"
        );
    }
}
