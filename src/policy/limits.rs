//! IAM's size limits (facts §3) and how IAM measures a policy: characters, whitespace not counted.

use serde::Serialize;

/// A role trust policy, by default.
pub const TRUST_DEFAULT: usize = 2048;
/// A role trust policy, the most a quota increase allows.
pub const TRUST_MAX: usize = 4096;
/// A customer managed policy.
pub const MANAGED: usize = 6144;
/// All inline policies of a role together.
pub const INLINE_TOTAL: usize = 10240;

/// The largest resource-based policy AWS accepts anywhere: a KMS key policy, 32 KB (KMS
/// developer guide, "Quotas": key policy document size). S3 bucket policies stop at 20 KB.
pub const RESOURCE_MAX: usize = 32768;

/// The size IAM counts: characters of the document with all whitespace removed.
pub fn iam_size<T: Serialize + ?Sized>(policy: &T) -> usize {
    let compact = serde_json::to_string(policy).expect("serialisable to JSON");
    compact.chars().filter(|c| !c.is_whitespace()).count()
}

/// How a trust policy's size stands against IAM's limits: the one rule every trust edit follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrustSize {
    /// Within the default quota.
    Fits(usize),
    /// Over the default quota (2048), within the most a quota increase allows: IAM accepts it
    /// only where the account's quota was raised, so epi warns and lets IAM decide.
    OverDefault(usize),
    /// Over the hard maximum (4096): no account accepts it.
    OverMax(usize),
}

pub fn trust_size<T: Serialize + ?Sized>(policy: &T) -> TrustSize {
    match iam_size(policy) {
        n if n > TRUST_MAX => TrustSize::OverMax(n),
        n if n > TRUST_DEFAULT => TrustSize::OverDefault(n),
        n => TrustSize::Fits(n),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn whitespace_is_not_counted() {
        let v: serde_json::Value = serde_json::from_str(r#"{ "A" : [ "x y" ] }"#).unwrap();
        // {"A":["xy"]} without the space inside the string: 12 characters.
        assert_eq!(super::iam_size(&v), 12);
    }
}
