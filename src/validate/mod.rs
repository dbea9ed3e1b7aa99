//! Validation of the names and identifiers users type: Kubernetes names, ARNs, AWS names.
//!
//! Pure functions; each rejection is an [`crate::error::Error::Invalid`] that names the value, says
//! which rule it breaks and how to fix it.

pub mod arn;
pub mod names;

pub use arn::{Arn, RoleArn};
