//! IAM policy documents for Pod Identity: the trust policy, ABAC templates, the S3 mount policy,
//! and the linter. Pure: nothing here touches the network or the file system.

pub mod abac;
pub mod access;
pub mod catalogue;
pub mod diff;
pub mod document;
pub mod eval;
pub mod irsa;
pub mod limits;
pub mod lint;
pub mod s3_mount;
pub mod spans;
pub mod tags;
pub mod trust;
pub mod undo;
pub mod well_known;

pub use document::{PolicyDocument, Statement};

/// A policy field that may be one string or a list of strings (Action, Resource, condition values).
pub(crate) fn string_values(v: &serde_json::Value) -> Vec<&str> {
    match v {
        serde_json::Value::String(s) => vec![s.as_str()],
        serde_json::Value::Array(items) => items.iter().filter_map(|i| i.as_str()).collect(),
        _ => Vec::new(),
    }
}

/// A policy's statements: `Statement` may be one object or a list.
pub(crate) fn statements(policy: &serde_json::Value) -> Vec<&serde_json::Value> {
    match policy.get("Statement") {
        Some(serde_json::Value::Array(items)) => items.iter().collect(),
        Some(v @ serde_json::Value::Object(_)) => vec![v],
        _ => Vec::new(),
    }
}
