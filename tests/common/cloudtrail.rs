//! CloudTrail events in the shapes CloudTrail records them, for the tests of `epi usage`, `epi
//! trace` and `epi rightsize`: an AssumeRole made by EKS Pod Identity with its session tags, and a
//! call made with its credentials (sources in src/usage/attribution.rs).

use super::testbed::ACCOUNT;
use serde_json::{Value, json};

/// An AssumeRole EKS Pod Identity made for pod `pod` of `ns/sa` in cluster prod, giving
/// credentials `key`.
pub fn assume(id: &str, key: &str, role: &str, ns: &str, sa: &str, pod: &str) -> Value {
    json!({
        "eventVersion": "1.08",
        "userIdentity": {"type": "AWSService", "invokedBy": "pods.eks.amazonaws.com"},
        "eventTime": "2026-12-01T09:00:00Z",
        "eventSource": "sts.amazonaws.com",
        "eventName": "AssumeRole",
        "awsRegion": "us-east-1",
        "sourceIPAddress": "pods.eks.amazonaws.com",
        "requestParameters": {
            "roleArn": format!("arn:aws:iam::{ACCOUNT}:role/{role}"),
            "roleSessionName": format!("eks-prod-{pod}-6c1f0a"),
            "tags": [
                {"key": "eks-cluster-arn", "value": format!("arn:aws:eks:us-east-1:{ACCOUNT}:cluster/prod")},
                {"key": "eks-cluster-name", "value": "prod"},
                {"key": "kubernetes-namespace", "value": ns},
                {"key": "kubernetes-service-account", "value": sa},
                {"key": "kubernetes-pod-name", "value": pod},
                {"key": "kubernetes-pod-uid", "value": "8f0c5a52-77d2-4d7e-9a55-5b2f1c3c9e01"}
            ]
        },
        "responseElements": {
            "credentials": {"accessKeyId": key},
            "assumedRoleUser": {"arn": format!("arn:aws:sts::{ACCOUNT}:assumed-role/{role}/eks-prod-{pod}-6c1f0a")}
        },
        "eventID": id,
        "eventType": "AwsApiCall",
        "recipientAccountId": ACCOUNT
    })
}

/// An S3 call `name` on `arn:aws:s3:::data/KEY_OF` made with credentials `key` of role `role`'s
/// session `session`, at 2026-12-01T10:00:00Z, refused with `error` when given.
pub fn call(
    id: &str,
    key: &str,
    role: &str,
    session: &str,
    name: &str,
    key_of: &str,
    error: Option<&str>,
) -> Value {
    let mut e = json!({
        "eventVersion": "1.09",
        "userIdentity": {
            "type": "AssumedRole",
            "arn": format!("arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}"),
            "accountId": ACCOUNT,
            "accessKeyId": key
        },
        "eventTime": "2026-12-01T10:00:00Z",
        "eventSource": "s3.amazonaws.com",
        "eventName": name,
        "awsRegion": "us-east-1",
        "eventID": id,
        "resources": [{"type": "AWS::S3::Object", "ARN": format!("arn:aws:s3:::data/{key_of}")}]
    });
    if let Some(code) = error {
        e["errorCode"] = code.into();
    }
    e
}
