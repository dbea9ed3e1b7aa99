//! IAM policy documents for Pod Identity: the trust policy, ABAC templates, the S3 mount policy,
//! and the linter. Pure: nothing here touches the network or the file system.

pub mod abac;
pub mod document;
pub mod irsa;
pub mod limits;
pub mod lint;
pub mod s3_mount;
pub mod tags;
pub mod trust;

pub use document::{PolicyDocument, Statement};
