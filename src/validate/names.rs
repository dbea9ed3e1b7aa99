//! Kubernetes object names, EKS cluster names, S3 bucket names, AWS account ids and regions.

use crate::error::{Error, Result};

/// A DNS-1123 label (namespaces): at most 63 lowercase alphanumerics or '-', starting and ending
/// with an alphanumeric.
pub fn dns1123_label(what: &'static str, value: &str) -> Result<()> {
    let hint = "use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit";
    if value.is_empty() {
        return Err(Error::invalid(what, value, "it is empty").with_hint(hint));
    }
    if value.len() > 63 {
        return Err(Error::invalid(
            what,
            value,
            format!("it is {} characters long; the limit is 63", value.len()),
        )
        .with_hint(hint));
    }
    check_label_chars(what, value, value).map_err(|e| e.with_hint(hint))
}

/// A DNS-1123 subdomain (service accounts, PVs, PVCs, pods): at most 253 characters, dot-separated
/// DNS-1123 labels.
pub fn dns1123_subdomain(what: &'static str, value: &str) -> Result<()> {
    let hint = "use at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";
    if value.is_empty() {
        return Err(Error::invalid(what, value, "it is empty").with_hint(hint));
    }
    if value.len() > 253 {
        return Err(Error::invalid(
            what,
            value,
            format!("it is {} characters long; the limit is 253", value.len()),
        )
        .with_hint(hint));
    }
    for label in value.split('.') {
        if label.is_empty() {
            return Err(
                Error::invalid(what, value, "it has an empty part between dots").with_hint(hint),
            );
        }
        check_label_chars(what, value, label).map_err(|e| e.with_hint(hint))?;
    }
    Ok(())
}

fn check_label_chars(what: &'static str, value: &str, label: &str) -> Result<()> {
    if let Some(c) = label
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        let reason = if c.is_ascii_uppercase() {
            format!("'{c}' is upper case; Kubernetes names are lower case")
        } else {
            format!("'{c}' is not allowed")
        };
        return Err(Error::invalid(what, value, reason));
    }
    if label.starts_with('-') || label.ends_with('-') {
        return Err(Error::invalid(
            what,
            value,
            "it must start and end with a letter or digit",
        ));
    }
    Ok(())
}

/// An EKS cluster name: 1-100 characters, alphanumerics, '-' and '_', starting with an alphanumeric.
pub fn cluster_name(value: &str) -> Result<()> {
    let hint =
        "EKS cluster names are 1-100 letters, digits, '-' and '_', starting with a letter or digit";
    let ok = !value.is_empty()
        && value.len() <= 100
        && value.starts_with(|c: char| c.is_ascii_alphanumeric())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "cluster name",
            value,
            "it does not match EKS's cluster-name pattern",
        )
        .with_hint(hint))
    }
}

/// A 12-digit AWS account id.
pub fn account_id(value: &str) -> Result<()> {
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Error::invalid(
            "account id",
            value,
            "an AWS account id is exactly 12 digits",
        )
        .with_hint("give the 12-digit id, e.g. 111122223333"))
    }
}

/// An organisational unit id: `ou-` then 4-32 lowercase letters or digits (the root's part), `-`,
/// then 8-32 more (AWS Organizations API Reference, OrganizationalUnit `Id` pattern
/// `^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$`).
pub fn organizational_unit(value: &str) -> Result<()> {
    let part = |p: &str, min: usize| {
        (min..=32).contains(&p.len())
            && p.bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
    };
    let ok = value
        .strip_prefix("ou-")
        .and_then(|rest| rest.split_once('-'))
        .is_some_and(|(root, unit)| part(root, 4) && part(unit, 8));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "organisational unit",
            value,
            "an organisational unit id is ou-, 4-32 lowercase letters or digits, -, then 8-32 more",
        )
        .with_hint("list them with `aws organizations list-organizational-units-for-parent --parent-id ROOT_ID`"))
    }
}

/// An AWS region code such as `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`.
pub fn region(value: &str) -> Result<()> {
    if is_region(value) {
        Ok(())
    } else {
        Err(
            Error::invalid("region", value, "it is not an AWS region code")
                .with_hint("give a region code such as us-east-1 or eu-west-2"),
        )
    }
}

pub(crate) fn is_region(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[0].bytes().all(|b| b.is_ascii_lowercase())
        && parts[1..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && {
            let last = parts[parts.len() - 1];
            !last.is_empty() && last.len() <= 2 && last.bytes().all(|b| b.is_ascii_digit())
        }
}

/// Account or region as used inside a generated ARN: a real value, or `*` when the user asks for it.
pub fn account_or_wildcard(value: &str) -> Result<()> {
    if value == "*" {
        Ok(())
    } else {
        account_id(value)
            .map_err(|e| e.with_hint("give the 12-digit account id, or '*' for any account"))
    }
}

/// See [`account_or_wildcard`].
pub fn region_or_wildcard(value: &str) -> Result<()> {
    if value == "*" {
        Ok(())
    } else {
        region(value)
            .map_err(|e| e.with_hint("give a region code such as us-east-1, or '*' for any region"))
    }
}

/// The kinds of S3 bucket names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BucketKind {
    GeneralPurpose,
    /// S3 Express One Zone directory bucket, `NAME--AZID--x-s3`.
    Express,
}

/// The partition a region belongs to, from its name (`cn-…` is aws-cn, `us-gov-…` aws-us-gov,
/// the ISO regions theirs, every other region aws).
pub fn partition_of_region(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("us-isob-") {
        "aws-iso-b"
    } else if region.starts_with("us-iso-") {
        "aws-iso"
    } else if region.starts_with("eu-isoe-") {
        "aws-iso-e"
    } else if region.starts_with("us-isof-") {
        "aws-iso-f"
    } else {
        "aws"
    }
}

/// The region an availability zone id names: `use1-az4` is us-east-1, `apne1-az1` ap-northeast-1,
/// `usgw1-az1` us-gov-west-1. None for a form epi does not know.
pub fn region_of_zone_id(zone_id: &str) -> Option<String> {
    let code = zone_id.split("-az").next()?;
    let digits_at = code.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = code.split_at(digits_at);
    if letters.len() < 3 || !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (country, direction) = letters.split_at(2);
    let direction = match direction {
        "e" => "east",
        "w" => "west",
        "n" => "north",
        "s" => "south",
        "c" => "central",
        "ne" => "northeast",
        "nw" => "northwest",
        "se" => "southeast",
        "sw" => "southwest",
        "ge" => "gov-east",
        "gw" => "gov-west",
        _ => return None,
    };
    Some(format!("{country}-{direction}-{number}"))
}

/// An S3 bucket name (general purpose or S3 Express One Zone directory bucket).
pub fn bucket_name(value: &str) -> Result<BucketKind> {
    let invalid = |reason: &str| {
        Error::invalid("bucket name", value, reason).with_hint(
            "S3 bucket names are 3-63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit",
        )
    };
    if value.len() < 3 || value.len() > 63 {
        return Err(invalid(&format!(
            "it is {} characters long; S3 allows 3 to 63",
            value.len()
        )));
    }
    if let Some(c) = value
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '.' || *c == '-'))
    {
        return Err(invalid(&format!("'{c}' is not allowed")));
    }
    if !value.starts_with(|c: char| c.is_ascii_alphanumeric())
        || !value.ends_with(|c: char| c.is_ascii_alphanumeric())
    {
        return Err(invalid("it must start and end with a letter or digit"));
    }
    if value.contains("..") {
        return Err(invalid("it has two dots in a row"));
    }
    if value.split('.').count() == 4
        && value
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(invalid("it is formatted as an IP address"));
    }
    for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] {
        if value.starts_with(prefix) {
            return Err(invalid(&format!("the prefix '{prefix}' is reserved")));
        }
    }
    if let Some(base) = value.strip_suffix("--x-s3") {
        // NAME--AZID, AZID like use1-az4
        let Some((name, az_id)) = base.rsplit_once("--") else {
            return Err(invalid(
                "an S3 Express One Zone bucket name has the form NAME--AZID--x-s3",
            ));
        };
        let az_ok = az_id.split_once("-az").is_some_and(|(loc, n)| {
            !loc.is_empty()
                && loc
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
        });
        if name.is_empty() || !az_ok {
            return Err(invalid(
                "an S3 Express One Zone bucket name has the form NAME--AZID--x-s3, e.g. data--use1-az4--x-s3",
            ));
        }
        return Ok(BucketKind::Express);
    }
    for suffix in ["-s3alias", "--ol-s3", ".mrap", "--table-s3"] {
        if value.ends_with(suffix) {
            return Err(invalid(&format!("the suffix '{suffix}' is reserved")));
        }
    }
    Ok(BucketKind::GeneralPurpose)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert!(dns1123_label("namespace", "team-a").is_ok());
        assert!(dns1123_label("namespace", "a").is_ok());
        assert!(dns1123_label("namespace", "").is_err());
        assert!(dns1123_label("namespace", "Team").is_err());
        assert!(dns1123_label("namespace", "-a").is_err());
        assert!(dns1123_label("namespace", "a.b").is_err());
        assert!(dns1123_label("namespace", &"a".repeat(64)).is_err());
        let err = dns1123_label("namespace", "Team").unwrap_err().to_string();
        assert!(
            err.contains("\"Team\"") && err.contains("upper case"),
            "{err}"
        );
    }

    #[test]
    fn subdomains() {
        assert!(dns1123_subdomain("service account", "my.app-1").is_ok());
        assert!(dns1123_subdomain("service account", "a..b").is_err());
        assert!(dns1123_subdomain("service account", "a_b").is_err());
        assert!(dns1123_subdomain("service account", &"a".repeat(254)).is_err());
    }

    #[test]
    fn regions() {
        for ok in [
            "us-east-1",
            "eu-central-2",
            "us-gov-west-1",
            "cn-north-1",
            "ap-southeast-5",
            "us-isob-east-1",
        ] {
            assert!(is_region(ok), "{ok}");
        }
        for bad in ["us-east", "useast1", "US-EAST-1", "us-east-1a", "*", ""] {
            assert!(!is_region(bad), "{bad}");
        }
    }

    #[test]
    fn buckets() {
        assert_eq!(
            bucket_name("my-bucket").unwrap(),
            BucketKind::GeneralPurpose
        );
        assert_eq!(
            bucket_name("data--use1-az4--x-s3").unwrap(),
            BucketKind::Express
        );
        assert_eq!(region_of_zone_id("use1-az4").as_deref(), Some("us-east-1"));
        assert_eq!(
            region_of_zone_id("apne1-az1").as_deref(),
            Some("ap-northeast-1")
        );
        assert_eq!(
            region_of_zone_id("usgw1-az2").as_deref(),
            Some("us-gov-west-1")
        );
        assert_eq!(region_of_zone_id("usw2-az1").as_deref(), Some("us-west-2"));
        assert_eq!(region_of_zone_id("nonsense"), None);
        assert_eq!(partition_of_region("cn-north-1"), "aws-cn");
        assert_eq!(partition_of_region("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition_of_region("us-east-1"), "aws");
        assert_eq!(BucketKind::Express, BucketKind::Express);
        for bad in [
            "ab",
            "My-Bucket",
            "a..b",
            "-ab",
            "192.168.1.1",
            "xn--abc",
            "data--x-s3",
            "x-s3alias",
            "a_b",
        ] {
            assert!(bucket_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn clusters_and_accounts() {
        assert!(cluster_name("prod_eu-1").is_ok());
        assert!(cluster_name("-prod").is_err());
        assert!(cluster_name(&"a".repeat(101)).is_err());
        assert!(account_id("111122223333").is_ok());
        assert!(account_id("11112222333").is_err());
        assert!(account_or_wildcard("*").is_ok());
    }
}
