//! Amazon Resource Names: parsing, and the checks for the kinds epi takes (IAM roles, EKS clusters,
//! KMS keys, IAM policies).

use std::fmt;

use crate::error::{Error, Result};

use super::names;

/// The AWS partitions an ARN may name.
pub const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// A parsed ARN: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arn {
    pub partition: String,
    pub service: String,
    pub region: String,
    pub account: String,
    pub resource: String,
}

impl fmt::Display for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:{}:{}:{}:{}",
            self.partition, self.service, self.region, self.account, self.resource
        )
    }
}

impl Arn {
    /// Parses the general shape and the partition; `what` names the value in errors.
    pub fn parse(what: &'static str, value: &str) -> Result<Arn> {
        let parts: Vec<&str> = value.splitn(6, ':').collect();
        if parts.len() != 6 || parts[0] != "arn" {
            return Err(Error::invalid(
                what,
                value,
                "it is not an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)",
            ));
        }
        let arn = Arn {
            partition: parts[1].to_string(),
            service: parts[2].to_string(),
            region: parts[3].to_string(),
            account: parts[4].to_string(),
            resource: parts[5].to_string(),
        };
        if !PARTITIONS.contains(&arn.partition.as_str()) {
            return Err(Error::invalid(
                what,
                value,
                format!("unknown partition {:?}", arn.partition),
            )
            .with_hint(format!(
                "the partition is one of: {}",
                PARTITIONS.join(", ")
            )));
        }
        if arn.service.is_empty() {
            return Err(Error::invalid(what, value, "the service part is empty"));
        }
        if arn.resource.is_empty() {
            return Err(Error::invalid(what, value, "the resource part is empty"));
        }
        Ok(arn)
    }

    fn expect_service(
        &self,
        what: &'static str,
        value: &str,
        service: &str,
        example: &str,
    ) -> Result<()> {
        if self.service != service {
            return Err(Error::invalid(
                what,
                value,
                format!("the service is {:?}, expected {service:?}", self.service),
            )
            .with_hint(format!("give an ARN of the form {example}")));
        }
        Ok(())
    }

    fn expect_account(&self, what: &'static str, value: &str) -> Result<()> {
        names::account_id(&self.account).map_err(|_| {
            Error::invalid(
                what,
                value,
                format!("the account {:?} is not 12 digits", self.account),
            )
            .with_hint("the account part of an ARN is the 12-digit account id")
        })
    }

    /// An IAM role ARN, `arn:aws:iam::ACCOUNT:role/[PATH/]NAME`, parsed into its parts.
    pub fn role(what: &'static str, value: &str) -> Result<RoleArn> {
        RoleArn::parse(what, value)
    }

    /// The account of an ARN (its fifth part), for ARNs AWS returned; None when it has none.
    pub fn account_of(arn: &str) -> Option<&str> {
        arn.split(':').nth(4).filter(|a| !a.is_empty())
    }

    /// The partition of an ARN (its second part), for ARNs AWS returned; None when it has none.
    pub fn partition_of(arn: &str) -> Option<&str> {
        arn.split(':').nth(1).filter(|p| !p.is_empty())
    }

    /// An EKS cluster ARN, `arn:aws:eks:REGION:ACCOUNT:cluster/NAME`.
    pub fn cluster(what: &'static str, value: &str) -> Result<Arn> {
        let example = "arn:aws:eks:us-east-1:111122223333:cluster/NAME";
        let arn = Arn::parse(what, value)
            .map_err(|e| e.with_hint(format!("give a cluster ARN such as {example}")))?;
        arn.expect_service(what, value, "eks", example)?;
        if !names::is_region(&arn.region) {
            return Err(Error::invalid(
                what,
                value,
                format!("the region {:?} is not an AWS region code", arn.region),
            )
            .with_hint(format!("give a cluster ARN such as {example}")));
        }
        arn.expect_account(what, value)?;
        let Some(name) = arn.resource.strip_prefix("cluster/") else {
            return Err(Error::invalid(
                what,
                value,
                format!("the resource {:?} is not a cluster", arn.resource),
            )
            .with_hint(format!("give a cluster ARN such as {example}")));
        };
        names::cluster_name(name).map_err(|_| {
            Error::invalid(
                what,
                value,
                format!("the cluster name {name:?} is not valid"),
            )
            .with_hint("EKS cluster names are 1-100 letters, digits, '-' and '_'")
        })?;
        Ok(arn)
    }

    /// A KMS key ARN, `arn:aws:kms:REGION:ACCOUNT:key/ID`.
    pub fn kms_key(what: &'static str, value: &str) -> Result<Arn> {
        let example = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        let arn = Arn::parse(what, value)
            .map_err(|e| e.with_hint(format!("give a key ARN such as {example}")))?;
        arn.expect_service(what, value, "kms", example)?;
        if !names::is_region(&arn.region) {
            return Err(Error::invalid(
                what,
                value,
                format!("the region {:?} is not an AWS region code", arn.region),
            ));
        }
        arn.expect_account(what, value)?;
        match arn.resource.strip_prefix("key/") {
            Some(id)
                if !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') =>
            {
                Ok(arn)
            }
            _ => Err(Error::invalid(
                what,
                value,
                format!("the resource {:?} is not a KMS key", arn.resource),
            )
            .with_hint(format!(
                "Mountpoint takes a full key ARN, such as {example}"
            ))),
        }
    }

    /// An IAM managed policy ARN, `arn:aws:iam::ACCOUNT:policy/[PATH/]NAME` (ACCOUNT may be `aws`).
    pub fn policy(what: &'static str, value: &str) -> Result<Arn> {
        let example = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
        let arn = Arn::parse(what, value)
            .map_err(|e| e.with_hint(format!("give a policy ARN such as {example}")))?;
        arn.expect_service(what, value, "iam", example)?;
        if arn.account != "aws" {
            arn.expect_account(what, value)?;
        }
        match arn.resource.strip_prefix("policy/") {
            Some(name) if !name.is_empty() && !name.ends_with('/') => Ok(arn),
            _ => Err(Error::invalid(
                what,
                value,
                format!("the resource {:?} is not a policy", arn.resource),
            )
            .with_hint(format!("give a policy ARN such as {example}"))),
        }
    }

    /// The cluster name of a cluster ARN.
    pub fn cluster_name(&self) -> &str {
        self.resource
            .strip_prefix("cluster/")
            .unwrap_or(&self.resource)
    }
}

/// An IAM role ARN parsed once: `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME`. Everything epi
/// does with a role's ARN (its name for IAM calls, its account, its partition) goes through it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RoleArn {
    pub partition: String,
    pub account: String,
    /// `/`, or `/a/b/`.
    pub path: String,
    pub name: String,
}

impl fmt::Display for RoleArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:iam::{}:role{}{}",
            self.partition, self.account, self.path, self.name
        )
    }
}

impl RoleArn {
    /// Parses and checks a role ARN given by a user or a file; `what` names it in errors.
    pub fn parse(what: &'static str, value: &str) -> Result<RoleArn> {
        let example = "arn:aws:iam::111122223333:role/NAME";
        let arn = Arn::parse(what, value)
            .map_err(|e| e.with_hint(format!("give a role ARN such as {example}")))?;
        arn.expect_service(what, value, "iam", example)?;
        if !arn.region.is_empty() {
            return Err(Error::invalid(what, value, "IAM ARNs have no region")
                .with_hint(format!("give a role ARN such as {example}")));
        }
        arn.expect_account(what, value)?;
        let Some(path_and_name) = arn.resource.strip_prefix("role/") else {
            return Err(Error::invalid(
                what,
                value,
                format!("the resource {:?} is not a role", arn.resource),
            )
            .with_hint(format!("give a role ARN such as {example}")));
        };
        let (path, name) = split_path(path_and_name);
        role_name(name).map_err(|_| {
            Error::invalid(what, value, format!("the role name {name:?} is not valid"))
                .with_hint("role names are 1-64 letters, digits and +=,.@_-")
        })?;
        Ok(RoleArn {
            name: name.to_string(),
            partition: arn.partition,
            account: arn.account,
            path,
        })
    }

    /// A role ARN AWS returned (an association's, a role's own): parsed without the checks
    /// meant for user input; None when it is not a role ARN at all.
    pub fn from_aws(value: &str) -> Option<RoleArn> {
        let parts: Vec<&str> = value.splitn(6, ':').collect();
        let [_, partition, _, _, account, resource] = parts.as_slice() else {
            return None;
        };
        let (path, name) = split_path(resource.strip_prefix("role/")?);
        Some(RoleArn {
            partition: partition.to_string(),
            account: account.to_string(),
            path,
            name: name.to_string(),
        })
    }

    /// The role name of a role ARN AWS returned (the text after its last `/`); the value itself
    /// when it is a bare name.
    pub fn name_of(arn: &str) -> &str {
        arn.rsplit('/').next().unwrap_or(arn)
    }

    /// How a table names a role (#33 item 1): by its name when it is in `account` (the row's),
    /// by its whole ARN when it is elsewhere or `account` is None.
    pub fn label_in<'a>(arn: &'a str, account: Option<&str>) -> &'a str {
        if account.is_some() && Arn::account_of(arn) == account {
            Self::name_of(arn)
        } else {
            arn
        }
    }
}

/// `a/b/NAME` → (`/a/b/`, `NAME`); `NAME` → (`/`, `NAME`).
fn split_path(path_and_name: &str) -> (String, &str) {
    match path_and_name.rfind('/') {
        Some(i) => (
            format!("/{}", &path_and_name[..=i]),
            &path_and_name[i + 1..],
        ),
        None => ("/".to_string(), path_and_name),
    }
}

/// An IAM path: `/` or `/a/b/`, at most 512 characters of printable ASCII.
pub fn iam_path(value: &str) -> Result<()> {
    let ok = value.len() <= 512
        && value.starts_with('/')
        && value.ends_with('/')
        && value.bytes().all(|b| (0x21..=0x7e).contains(&b))
        && !value.contains("//");
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "role path",
            value,
            "an IAM path starts and ends with '/', e.g. /eks/workloads/",
        )
        .with_hint("give a path such as /eks/"))
    }
}

/// An IAM role name: 1-64 characters of `[\w+=,.@-]`.
pub fn role_name(value: &str) -> Result<()> {
    let ok = !value.is_empty()
        && value.len() <= 64
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "role name",
            value,
            "IAM role names are 1-64 letters, digits and +=,.@_-",
        ))
    }
}

/// The placeholders of `--role-name-template`.
pub const ROLE_TEMPLATE_KEYS: &[&str] = &["cluster", "addon", "serviceAccount"];

/// Checks a role name template: only known `{placeholders}`, and otherwise role-name characters.
pub fn role_name_template(template: &str) -> Result<()> {
    let mut rest = template;
    let mut literal = String::new();
    while let Some(open) = rest.find('{') {
        literal.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            return Err(
                Error::invalid("role name template", template, "a '{' is not closed")
                    .with_hint("write placeholders as {cluster}, {addon}, {serviceAccount}"),
            );
        };
        let key = &rest[open + 1..open + close];
        if !ROLE_TEMPLATE_KEYS.contains(&key) {
            return Err(Error::invalid(
                "role name template",
                template,
                format!("{{{key}}} is not a placeholder"),
            )
            .with_hint("the placeholders are {cluster}, {addon} and {serviceAccount}"));
        }
        rest = &rest[open + close + 1..];
    }
    literal.push_str(rest);
    if !literal
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
    {
        return Err(Error::invalid(
            "role name template",
            template,
            "outside its placeholders a role name may hold only letters, digits and +=,.@_-",
        ));
    }
    if template.is_empty() {
        return Err(Error::invalid(
            "role name template",
            template,
            "it is empty",
        ));
    }
    Ok(())
}

/// A role name from a checked template. Names over IAM's 64 characters are cut to 55 and end with
/// `-` and 8 hex digits of a hash of the full name (FNV-1a), so they stay unique and stable
/// across runs.
pub fn role_name_from_template(template: &str, values: &[(&str, &str)]) -> String {
    let mut name = template.to_string();
    for (key, value) in values {
        name = name.replace(&format!("{{{key}}}"), value);
    }
    if name.len() <= 64 {
        return name;
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{}-{:08x}", &name[..55], hash as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_name_templates() {
        assert!(role_name_template("{cluster}-{addon}-{serviceAccount}").is_ok());
        assert!(role_name_template("{cluster}-{nope}").is_err());
        assert!(role_name_template("a b").is_err());
        assert!(role_name_template("{cluster").is_err());
        let short = role_name_from_template(
            "{cluster}-{addon}",
            &[("cluster", "prod"), ("addon", "vpc-cni")],
        );
        assert_eq!(short, "prod-vpc-cni");
        let values = [
            ("cluster", "a-very-long-production-cluster-name"),
            ("addon", "aws-mountpoint-s3-csi-driver"),
            ("serviceAccount", "s3-csi-driver-sa"),
        ];
        let long = role_name_from_template("{cluster}-{addon}-{serviceAccount}", &values);
        assert_eq!(long.len(), 64);
        assert!(role_name(&long).is_ok());
        assert_eq!(
            long,
            role_name_from_template("{cluster}-{addon}-{serviceAccount}", &values),
            "stable"
        );
        let other = role_name_from_template(
            "{cluster}-{addon}-{serviceAccount}",
            &[values[0], values[1], ("serviceAccount", "s3-csi-driver-sb")],
        );
        assert_ne!(long, other, "the hash keeps cut names apart");
    }

    #[test]
    fn roles() {
        let arn = Arn::role("role ARN", "arn:aws:iam::111122223333:role/path/to/app").unwrap();
        assert_eq!(arn.account, "111122223333");
        assert_eq!(arn.path, "/path/to/");
        assert_eq!(arn.name, "app");
        assert_eq!(arn.partition, "aws");
        assert_eq!(
            arn.to_string(),
            "arn:aws:iam::111122223333:role/path/to/app"
        );
        let plain = RoleArn::from_aws("arn:aws-cn:iam::111122223333:role/app").unwrap();
        assert_eq!((plain.path.as_str(), plain.name.as_str()), ("/", "app"));
        assert_eq!(plain.partition, "aws-cn");
        assert!(RoleArn::from_aws("arn:aws:iam::111122223333:user/app").is_none());
        assert_eq!(RoleArn::name_of("arn:aws:iam::1:role/a/b"), "b");
        assert_eq!(
            Arn::account_of("arn:aws:iam::111122223333:role/a"),
            Some("111122223333")
        );
        assert_eq!(
            Arn::partition_of("arn:aws-us-gov:eks:us-gov-west-1:1:cluster/c"),
            Some("aws-us-gov")
        );
        assert!(Arn::role("role ARN", "arn:aws-cn:iam::111122223333:role/app").is_ok());
        for bad in [
            "arn:aws:iam::111122223333:user/app",
            "arn:aws:s3::111122223333:role/app",
            "arn:aws:iam::1111:role/app",
            "arn:aws:iam:us-east-1:111122223333:role/app",
            "arn:awz:iam::111122223333:role/app",
            "arn:aws:iam::111122223333:role/",
            "role/app",
            "",
        ] {
            assert!(Arn::role("role ARN", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn clusters() {
        let arn = Arn::cluster(
            "cluster ARN",
            "arn:aws:eks:eu-west-1:111122223333:cluster/prod",
        )
        .unwrap();
        assert_eq!(arn.cluster_name(), "prod");
        assert!(Arn::cluster("cluster ARN", "arn:aws:eks::111122223333:cluster/prod").is_err());
        assert!(
            Arn::cluster(
                "cluster ARN",
                "arn:aws:eks:eu-west-1:111122223333:nodegroup/prod"
            )
            .is_err()
        );
    }

    #[test]
    fn policies_and_paths() {
        assert!(
            Arn::policy(
                "policy ARN",
                "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
            )
            .is_ok()
        );
        assert!(Arn::policy("policy ARN", "arn:aws:iam::111122223333:policy/team/x").is_ok());
        assert!(Arn::policy("policy ARN", "arn:aws:iam::111122223333:role/x").is_err());
        assert!(iam_path("/").is_ok());
        assert!(iam_path("/eks/apps/").is_ok());
        assert!(iam_path("eks/").is_err());
        assert!(iam_path("/eks").is_err());
    }

    #[test]
    fn kms() {
        assert!(
            Arn::kms_key(
                "key",
                "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab"
            )
            .is_ok()
        );
        assert!(Arn::kms_key("key", "arn:aws:kms:us-east-1:111122223333:alias/x").is_err());
    }

    #[test]
    fn display_round_trips() {
        let s = "arn:aws:iam::111122223333:role/a/b";
        assert_eq!(Arn::parse("ARN", s).unwrap().to_string(), s);
    }
}
