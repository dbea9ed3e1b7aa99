//! The IAM policy a Mountpoint for S3 volume needs (facts §6): general purpose buckets, S3 Express
//! One Zone directory buckets, read-only mounts and SSE-KMS.

use crate::error::Result;
use crate::validate::names::BucketKind;

use super::abac::check_managed_size;
use super::document::{PolicyDocument, Statement};

/// What the mount is, as far as IAM is concerned. Values are validated by the caller.
#[derive(Clone, Debug)]
pub struct Mount {
    pub partition: String,
    pub bucket: String,
    pub kind: BucketKind,
    pub read_only: bool,
    /// Mountpoint's `allow-delete`: without it Mountpoint never deletes, so no s3:DeleteObject.
    pub allow_delete: bool,
    /// Mountpoint's `prefix`, ending in '/': object access is narrowed to it.
    pub prefix: Option<String>,
    /// S3 Express One Zone needs region and account for the bucket ARN (either may be `*`).
    pub region: Option<String>,
    pub account: Option<String>,
    pub kms_key_arn: Option<String>,
}

pub fn render(mount: &Mount) -> Result<PolicyDocument> {
    let p = &mount.partition;
    let b = &mount.bucket;
    let mut statements = Vec::new();
    match mount.kind {
        BucketKind::GeneralPurpose => {
            let prefix = mount.prefix.as_deref().unwrap_or("");
            let mut list = Statement::allow(
                "MountpointListBucket",
                &["s3:ListBucket"],
                vec![format!("arn:{p}:s3:::{b}")],
            );
            if !prefix.is_empty() {
                // ListBucket cannot be scoped by Resource: the s3:prefix condition narrows the
                // listing to the mounted prefix, as Mountpoint's documentation does.
                list = list.with_condition("StringLike", "s3:prefix", vec![format!("{prefix}*")]);
            }
            statements.push(list);
            let mut actions = vec!["s3:GetObject"];
            if !mount.read_only {
                actions.extend(["s3:PutObject", "s3:AbortMultipartUpload"]);
                if mount.allow_delete {
                    actions.push("s3:DeleteObject");
                }
            }
            statements.push(Statement::allow(
                "MountpointObjectAccess",
                &actions,
                vec![format!("arn:{p}:s3:::{b}/{prefix}*")],
            ));
        }
        BucketKind::Express => {
            let region = mount.region.as_deref().unwrap_or("*");
            let account = mount.account.as_deref().unwrap_or("*");
            let mut st = Statement::allow(
                "MountpointExpressSession",
                &["s3express:CreateSession"],
                vec![format!("arn:{p}:s3express:{region}:{account}:bucket/{b}")],
            );
            if mount.read_only {
                st = st.with_condition(
                    "StringEquals",
                    "s3express:SessionMode",
                    vec!["ReadOnly".into()],
                );
            }
            statements.push(st);
        }
    }
    if let Some(key) = &mount.kms_key_arn {
        let actions: &[&str] = if mount.read_only {
            &["kms:Decrypt"]
        } else {
            &["kms:Decrypt", "kms:GenerateDataKey"]
        };
        statements.push(Statement::allow(
            "MountpointSseKms",
            actions,
            vec![key.clone()],
        ));
    }
    let doc = PolicyDocument::new(statements);
    check_managed_size(&doc)?;
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::lint;
    use serde_json::json;

    fn mount() -> Mount {
        Mount {
            partition: "aws".into(),
            bucket: "data".into(),
            kind: BucketKind::GeneralPurpose,
            read_only: false,
            allow_delete: true,
            prefix: None,
            region: None,
            account: None,
            kms_key_arn: None,
        }
    }

    #[test]
    fn read_write() {
        let v = serde_json::to_value(render(&mount()).unwrap()).unwrap();
        assert_eq!(v["Statement"][0]["Action"], json!(["s3:ListBucket"]));
        assert_eq!(v["Statement"][0]["Resource"], json!(["arn:aws:s3:::data"]));
        assert_eq!(
            v["Statement"][1]["Action"],
            json!([
                "s3:GetObject",
                "s3:PutObject",
                "s3:AbortMultipartUpload",
                "s3:DeleteObject"
            ])
        );
        assert_eq!(
            v["Statement"][1]["Resource"],
            json!(["arn:aws:s3:::data/*"])
        );
        assert!(lint::lint(&v).is_empty());
    }

    #[test]
    fn delete_only_with_allow_delete_and_listing_scoped_to_the_prefix() {
        let m = Mount {
            allow_delete: false,
            prefix: Some("team/".into()),
            ..mount()
        };
        let v = serde_json::to_value(render(&m).unwrap()).unwrap();
        assert_eq!(
            v["Statement"][1]["Action"],
            json!(["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"])
        );
        assert_eq!(
            v["Statement"][0]["Condition"]["StringLike"]["s3:prefix"],
            json!(["team/*"])
        );
        assert!(lint::lint(&v).is_empty());
    }

    #[test]
    fn read_only_with_prefix_and_kms() {
        let m = Mount {
            read_only: true,
            prefix: Some("logs/".into()),
            kms_key_arn: Some("arn:aws:kms:us-east-1:111122223333:key/abc".into()),
            ..mount()
        };
        let v = serde_json::to_value(render(&m).unwrap()).unwrap();
        assert_eq!(v["Statement"][1]["Action"], json!(["s3:GetObject"]));
        assert_eq!(
            v["Statement"][1]["Resource"],
            json!(["arn:aws:s3:::data/logs/*"])
        );
        assert_eq!(v["Statement"][2]["Action"], json!(["kms:Decrypt"]));
    }

    #[test]
    fn express() {
        let m = Mount {
            bucket: "data--use1-az4--x-s3".into(),
            kind: BucketKind::Express,
            read_only: true,
            region: Some("us-east-1".into()),
            account: Some("111122223333".into()),
            ..mount()
        };
        let v = serde_json::to_value(render(&m).unwrap()).unwrap();
        assert_eq!(
            v["Statement"][0]["Resource"],
            json!(["arn:aws:s3express:us-east-1:111122223333:bucket/data--use1-az4--x-s3"])
        );
        assert_eq!(
            v["Statement"][0]["Condition"]["StringEquals"]["s3express:SessionMode"],
            json!(["ReadOnly"])
        );
        assert!(lint::lint(&v).is_empty());
    }
}
