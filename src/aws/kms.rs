//! AWS KMS: the one read epi makes, a key's key policy (for `epi access`: an operation on a key
//! needs its key policy to allow it, even in one account; KMS developer guide, "Key policies").

use super::{AwsContext, AwsError};

impl AwsContext {
    /// The key policy (`default`, the only name KMS uses) of a key given by ARN, read in the
    /// key's region; None when the key does not exist (NotFoundException). KMS API Reference,
    /// GetKeyPolicy: `KeyId` takes the key's ARN, `PolicyName` is `default`.
    pub async fn key_policy(&self, key_arn: &str) -> Result<Option<serde_json::Value>, AwsError> {
        let region = key_arn.split(':').nth(3).unwrap_or_default();
        let ctx = if region.is_empty() || region == self.region() {
            None
        } else {
            Some(self.for_region(region))
        };
        let ctx = ctx.as_ref().unwrap_or(self);
        let client = aws_sdk_kms::Client::new(&ctx.config);
        let out = match client
            .get_key_policy()
            .key_id(key_arn)
            .policy_name("default")
            .send()
            .await
        {
            Ok(out) => out,
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_not_found_exception()) =>
            {
                return Ok(None);
            }
            Err(e) => return Err(ctx.mapper().map("kms:GetKeyPolicy", e)),
        };
        let Some(text) = out.policy() else {
            return Ok(None);
        };
        // KMS returns the policy as JSON text (not URL-encoded, as IAM does).
        serde_json::from_str(text)
            .map(Some)
            .map_err(|e| AwsError::Service {
                action: "kms:GetKeyPolicy",
                code: "UnreadableKeyPolicy".into(),
                message: format!("the key policy of {key_arn} is not JSON: {e}"),
            })
    }
}
