//! `epi s3-csi …`: offline manifests for the Mountpoint for Amazon S3 CSI driver.

pub mod scaffold;
