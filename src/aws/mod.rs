//! The shared AWS client layer: one context per run (config loaded once, EKS/IAM/STS clients
//! created lazily and shared), typed wrappers for the calls epi makes, and error mapping into
//! messages a person can act on. Commands never build HTTP requests themselves.

pub mod athena;
pub mod attempts;
pub mod context;
pub mod ec2;
pub mod eks;
pub mod error;
pub mod fleet;
pub mod http;
pub mod iam;
pub mod kms;
pub mod organizations;
pub mod s3;
pub mod token;

pub use context::{AwsContext, AwsSettings};
pub use error::AwsError;
