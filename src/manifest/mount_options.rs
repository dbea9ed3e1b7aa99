//! Mountpoint for S3 mount options as the CSI driver takes them in `spec.mountOptions` (facts §6):
//! Mountpoint's flags without the leading `--`, a value separated by a space (`region us-west-2`).

use std::fmt;

use crate::error::{Error, Result};
use crate::validate::names;

/// A parsed option, printed in the driver's documented form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountOption {
    pub key: String,
    pub value: Option<String>,
}

impl fmt::Display for MountOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(v) => write!(f, "{} {v}", self.key),
            None => f.write_str(&self.key),
        }
    }
}

#[derive(Clone, Copy)]
enum Value {
    /// A switch that takes no value.
    Flag,
    /// Takes a value checked by the function (which returns why it is wrong).
    Takes(fn(&str) -> Option<String>),
}

fn any(v: &str) -> Option<String> {
    v.is_empty().then(|| "the value is empty".into())
}
fn positive_int(v: &str) -> Option<String> {
    (v.parse::<u64>().map_or(true, |n| n == 0)).then(|| "expected a positive whole number".into())
}
fn id_number(v: &str) -> Option<String> {
    v.parse::<u32>()
        .is_err()
        .then(|| "expected a numeric user or group id".into())
}
fn octal_mode(v: &str) -> Option<String> {
    let digits = v.strip_prefix('0').unwrap_or(v);
    let ok = (3..=4).contains(&digits.len()) && digits.bytes().all(|b| (b'0'..=b'7').contains(&b));
    (!ok).then(|| "expected an octal mode such as 0755".into())
}
fn ttl(v: &str) -> Option<String> {
    let ok = v == "indefinite" || v == "minimal" || v.parse::<u64>().is_ok();
    (!ok).then(|| "expected a number of seconds, 'indefinite' or 'minimal'".into())
}
fn region(v: &str) -> Option<String> {
    (!names::is_region(v)).then(|| "expected an AWS region code such as us-east-1".into())
}
fn prefix(v: &str) -> Option<String> {
    (!v.ends_with('/')).then(|| "a prefix must end with '/'".into())
}
fn url(v: &str) -> Option<String> {
    let ok = (v.starts_with("https://") || v.starts_with("http://")) && v.len() > 8;
    (!ok).then(|| "expected an http:// or https:// URL".into())
}
fn gbps(v: &str) -> Option<String> {
    (v.parse::<f64>()
        .map_or(true, |n| !(n > 0.0 && n.is_finite())))
    .then(|| "expected a positive number of gigabits per second".into())
}
fn account(v: &str) -> Option<String> {
    names::account_id(v)
        .err()
        .map(|_| "expected a 12-digit account id".into())
}
fn sse(v: &str) -> Option<String> {
    (!matches!(v, "aws:kms" | "aws:kms:dsse" | "AES256"))
        .then(|| "expected aws:kms, aws:kms:dsse or AES256".into())
}
fn kms_key(v: &str) -> Option<String> {
    crate::validate::Arn::kms_key("KMS key", v)
        .err()
        .map(|_| "expected a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)".into())
}
fn checksums(v: &str) -> Option<String> {
    (!matches!(v, "crc32c" | "off")).then(|| "expected crc32c or off".into())
}

/// Every option the driver passes to Mountpoint, with what it takes.
const OPTIONS: &[(&str, Value)] = &[
    ("allow-delete", Value::Flag),
    ("allow-overwrite", Value::Flag),
    ("allow-other", Value::Flag),
    ("allow-root", Value::Flag),
    ("region", Value::Takes(region)),
    ("prefix", Value::Takes(prefix)),
    ("endpoint-url", Value::Takes(url)),
    ("force-path-style", Value::Flag),
    ("transfer-acceleration", Value::Flag),
    ("dual-stack", Value::Flag),
    ("requester-pays", Value::Flag),
    ("bucket-type", Value::Takes(any)),
    ("read-only", Value::Flag),
    ("storage-class", Value::Takes(any)),
    ("incremental-upload", Value::Flag),
    ("uid", Value::Takes(id_number)),
    ("gid", Value::Takes(id_number)),
    ("dir-mode", Value::Takes(octal_mode)),
    ("file-mode", Value::Takes(octal_mode)),
    ("max-threads", Value::Takes(positive_int)),
    ("part-size", Value::Takes(positive_int)),
    ("read-part-size", Value::Takes(positive_int)),
    ("write-part-size", Value::Takes(positive_int)),
    ("maximum-throughput-gbps", Value::Takes(gbps)),
    ("memory-target", Value::Takes(positive_int)),
    ("expected-bucket-owner", Value::Takes(account)),
    ("cache", Value::Takes(any)),
    ("metadata-ttl", Value::Takes(ttl)),
    ("negative-metadata-ttl", Value::Takes(ttl)),
    ("max-cache-size", Value::Takes(positive_int)),
    ("cache-block-size", Value::Takes(positive_int)),
    ("sse", Value::Takes(sse)),
    ("sse-kms-key-id", Value::Takes(kms_key)),
    ("upload-checksums", Value::Takes(checksums)),
    ("debug", Value::Flag),
    ("debug-crt", Value::Flag),
    ("no-log", Value::Flag),
    ("log-metrics", Value::Flag),
];

/// Options the driver refuses, drops or overrides, with the reason.
const REFUSED: &[(&str, &str)] = &[
    (
        "o",
        "the driver rejects -o: give each Mountpoint option as its own mount option",
    ),
    ("ca-bundle", "the driver rejects --ca-bundle"),
    (
        "foreground",
        "the driver always runs Mountpoint in the foreground and drops this option",
    ),
    (
        "f",
        "the driver always runs Mountpoint in the foreground and drops this option",
    ),
    ("help", "the driver drops --help"),
    ("version", "the driver drops --version"),
    (
        "user-agent-prefix",
        "the driver sets --user-agent-prefix itself and overrides this option",
    ),
];

/// Options that make no sense on a read-only mount.
pub const WRITE_OPTIONS: &[&str] = &["allow-delete", "allow-overwrite", "incremental-upload"];

/// Parses one option as a user writes it: `allow-delete`, `--allow-delete`, `region=us-east-1`,
/// `region us-east-1`.
pub fn parse(input: &str) -> Result<MountOption> {
    let what = "mount option";
    let trimmed = input.trim();
    let bare = trimmed
        .strip_prefix("--")
        .or_else(|| trimmed.strip_prefix('-'))
        .unwrap_or(trimmed);
    let (key, value) = match bare.find(['=', ' ']) {
        Some(i) => (&bare[..i], Some(bare[i + 1..].trim())),
        None => (bare, None),
    };
    if key.is_empty() {
        return Err(Error::invalid(what, input, "it is empty")
            .with_hint("give a Mountpoint option such as allow-delete or region=us-east-1"));
    }
    if let Some((_, reason)) = REFUSED.iter().find(|(k, _)| *k == key) {
        return Err(Error::invalid(what, input, *reason).with_hint(
            "leave it out; see `epi s3-csi scaffold --help` for the options the driver accepts",
        ));
    }
    let Some((key, kind)) = OPTIONS.iter().find(|(k, _)| *k == key) else {
        let nearest = OPTIONS
            .iter()
            .map(|(k, _)| (strsim::damerau_levenshtein(key, k), *k))
            .filter(|(d, _)| *d <= 3)
            .min_by_key(|(d, _)| *d)
            .map(|(_, k)| k);
        let hint = match nearest {
            Some(k) => format!("did you mean {k:?}?"),
            None => "see `epi s3-csi scaffold --help` for the options the driver accepts".into(),
        };
        return Err(Error::invalid(
            what,
            input,
            format!("{key:?} is not a Mountpoint option the driver accepts"),
        )
        .with_hint(hint));
    };
    match (kind, value) {
        (Value::Flag, None) => Ok(MountOption {
            key: key.to_string(),
            value: None,
        }),
        (Value::Flag, Some(_)) => {
            Err(
                Error::invalid(what, input, format!("{key} is a switch and takes no value"))
                    .with_hint(format!("write just {key}")),
            )
        }
        (Value::Takes(_), None) => Err(Error::invalid(what, input, format!("{key} needs a value"))
            .with_hint(format!("write {key}=VALUE"))),
        (Value::Takes(check), Some(v)) => match check(v) {
            Some(reason) => {
                Err(
                    Error::invalid(what, input, format!("bad value for {key}: {reason}"))
                        .with_hint(format!("write {key}=VALUE")),
                )
            }
            None => Ok(MountOption {
                key: key.to_string(),
                value: Some(v.to_string()),
            }),
        },
    }
}

/// Checks a whole set: no option twice.
pub fn check_set(options: &[MountOption]) -> Result<()> {
    for (i, opt) in options.iter().enumerate() {
        if let Some(prev) = options[..i].iter().find(|o| o.key == opt.key) {
            return Err(Error::invalid(
                "mount option",
                opt.to_string(),
                format!(
                    "{} is given twice (also as {:?})",
                    opt.key,
                    prev.to_string()
                ),
            )
            .with_hint(
                "give each option once; --region and --prefix set the region and prefix options",
            ));
        }
    }
    Ok(())
}

/// The value of an option in a set.
pub fn value<'a>(options: &'a [MountOption], key: &str) -> Option<&'a str> {
    options
        .iter()
        .find(|o| o.key == key)
        .and_then(|o| o.value.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(parse("allow-delete").unwrap().to_string(), "allow-delete");
        assert_eq!(parse("--allow-delete").unwrap().to_string(), "allow-delete");
        assert_eq!(
            parse("region=us-west-2").unwrap().to_string(),
            "region us-west-2"
        );
        assert_eq!(
            parse("region us-west-2").unwrap().to_string(),
            "region us-west-2"
        );
        assert_eq!(
            parse("--metadata-ttl=indefinite").unwrap().to_string(),
            "metadata-ttl indefinite"
        );
        assert_eq!(parse("uid=1000").unwrap().value.as_deref(), Some("1000"));
    }

    #[test]
    fn refused_and_unknown() {
        for (bad, needle) in [
            ("-o", "rejects -o"),
            ("o=allow_other", "rejects -o"),
            ("ca-bundle=/x", "ca-bundle"),
            ("--foreground", "foreground"),
            ("user-agent-prefix=x", "overrides"),
            ("allow-delte", "allow-delete"),
            ("frobnicate", "not a Mountpoint option"),
            ("prefix=logs", "end with '/'"),
            ("allow-delete=true", "takes no value"),
            ("region", "needs a value"),
            ("uid=abc", "numeric"),
            ("metadata-ttl=forever", "indefinite"),
            ("sse=aws:kms2", "aws:kms"),
            ("sse-kms-key-id=alias/x", "key ARN"),
            ("", "empty"),
        ] {
            let err = parse(bad).unwrap_err();
            let text = format!("{err} {}", err.hint().unwrap_or_default());
            assert!(text.contains(needle), "{bad}: {text}");
            assert_eq!(err.exit_code(), 2);
        }
    }

    #[test]
    fn duplicates() {
        let set = vec![
            parse("region=us-east-1").unwrap(),
            parse("region us-west-2").unwrap(),
        ];
        assert!(check_set(&set).is_err());
        assert!(check_set(&[parse("allow-delete").unwrap(), parse("uid=1").unwrap()]).is_ok());
    }
}
