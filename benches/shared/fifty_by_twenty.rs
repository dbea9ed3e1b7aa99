//! The 50 x 20 policies both benches evaluate: every statement has a real S3 action, a variable in
//! its Resource and a condition; only the last statement of the last policy allows the request
//! (`s3:GetObject` on `arn:aws:s3:::data/team-a/x` with the session tags below).

/// Real S3 actions other than s3:GetObject: statements that must be looked at and do not match.
const PUT_ACTIONS: [&str; 20] = [
    "s3:PutObject",
    "s3:PutObjectAcl",
    "s3:PutObjectTagging",
    "s3:PutObjectRetention",
    "s3:PutObjectLegalHold",
    "s3:DeleteObject",
    "s3:DeleteObjectTagging",
    "s3:DeleteObjectVersion",
    "s3:RestoreObject",
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
    "s3:GetObjectAcl",
    "s3:GetObjectTagging",
    "s3:GetObjectVersion",
    "s3:GetObjectAttributes",
    "s3:GetObjectRetention",
    "s3:GetObjectLegalHold",
    "s3:ReplicateObject",
    "s3:ReplicateDelete",
    "s3:PutObjectVersionAcl",
];

pub const PRINCIPAL: &str = "arn:aws:sts::111122223333:assumed-role/app/s";
pub const RESOURCE: &str = "arn:aws:s3:::data/team-a/x";
/// The request's context: the pod's session tags.
pub const CONTEXT: [(&str, &str); 2] = [
    ("aws:PrincipalTag/kubernetes-namespace", "team-a"),
    ("aws:PrincipalTag/eks-cluster-name", "prod"),
];

pub fn policies() -> Vec<serde_json::Value> {
    (0..50)
        .map(|p| {
            let statements: Vec<serde_json::Value> = (0..20)
                .map(|s| {
                    let last = p == 49 && s == 19;
                    serde_json::json!({
                        "Sid": format!("S{p}x{s}"),
                        "Effect": "Allow",
                        "Action": if last { "s3:GetObject" } else { PUT_ACTIONS[s] },
                        "Resource": format!("arn:aws:s3:::data/${{aws:PrincipalTag/kubernetes-namespace}}/{}*", if last { String::new() } else { format!("p{p}/") }),
                        "Condition": {"StringEquals": {"aws:PrincipalTag/eks-cluster-name": "prod"}}
                    })
                })
                .collect();
            serde_json::json!({"Version": "2012-10-17", "Statement": statements})
        })
        .collect()
}
