//! Amazon S3: the reads `epi usage` and `epi trace` make of a trail's bucket (ListObjectsV2 and
//! GetObject; Amazon S3 API Reference).

use super::{AwsContext, AwsError};

impl AwsContext {
    /// The "folders" one level below `prefix` (ListObjectsV2 with delimiter `/`; every page).
    pub async fn s3_prefixes(&self, bucket: &str, prefix: &str) -> Result<Vec<String>, AwsError> {
        Ok(self.s3_list(bucket, prefix, Some("/")).await?.0)
    }

    /// Every key below `prefix` (every page).
    pub async fn s3_keys(&self, bucket: &str, prefix: &str) -> Result<Vec<String>, AwsError> {
        Ok(self.s3_list(bucket, prefix, None).await?.1)
    }

    /// ListObjectsV2, every page: (common prefixes, keys).
    async fn s3_list(
        &self,
        bucket: &str,
        prefix: &str,
        delimiter: Option<&str>,
    ) -> Result<(Vec<String>, Vec<String>), AwsError> {
        let mut pages = self
            .s3()
            .list_objects_v2()
            .bucket(bucket)
            .prefix(prefix)
            .set_delimiter(delimiter.map(str::to_string))
            .into_paginator()
            .send();
        let (mut prefixes, mut keys) = (Vec::new(), Vec::new());
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.mapper().map("s3:ListBucket", e))?;
            prefixes.extend(
                page.common_prefixes()
                    .iter()
                    .filter_map(|p| p.prefix().map(str::to_string)),
            );
            keys.extend(
                page.contents()
                    .iter()
                    .filter_map(|o| o.key().map(str::to_string)),
            );
        }
        Ok((prefixes, keys))
    }

    /// An object's bytes, handed to `chunk` as they arrive: the object is never whole in
    /// memory.
    pub async fn s3_object_chunks(
        &self,
        bucket: &str,
        key: &str,
        mut chunk: impl FnMut(&[u8]),
    ) -> Result<(), AwsError> {
        let mut out = self
            .s3()
            .get_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| self.mapper().map("s3:GetObject", e))?;
        while let Some(bytes) = out.body.next().await {
            let bytes = bytes.map_err(|e| AwsError::Unreachable {
                action: "s3:GetObject",
                detail: format!("reading s3://{bucket}/{key} was cut off: {e}"),
            })?;
            chunk(&bytes);
        }
        Ok(())
    }
}
