//! EKS bearer tokens, made the way `aws eks get-token` makes them: a presigned STS
//! GetCallerIdentity URL whose signature covers the `x-k8s-aws-id: CLUSTER` header, prefixed
//! `k8s-aws-v1.` and base64url-encoded without padding. Groundwork for reaching a cluster from
//! DescribeCluster when no kubeconfig context points at it (issue 4).

use std::fmt;
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    SignableBody, SignableRequest, SignatureLocation, SigningSettings, sign,
};
use base64::Engine;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

pub const TOKEN_PREFIX: &str = "k8s-aws-v1.";
pub const CLUSTER_ID_HEADER: &str = "x-k8s-aws-id";
/// How long the presigned URL is valid for STS (what `aws eks get-token` asks for).
const URL_EXPIRES: Duration = Duration::from_secs(60);
/// When the API server stops accepting the token: 15 minutes after signing; like
/// `aws eks get-token`, epi treats it as expired a minute early.
const TOKEN_LIFETIME: Duration = Duration::from_secs(14 * 60);

/// RFC 3986 unreserved characters stay; everything else is percent-encoded (SigV4's rule).
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A token and when to stop using it. Debug never shows the token: it is a credential.
#[derive(Clone)]
pub struct EksToken {
    pub token: String,
    pub expires_at: SystemTime,
}

impl fmt::Debug for EksToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EksToken")
            .field("token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// The STS endpoint of a region.
fn sts_host(region: &str) -> String {
    if region.starts_with("cn-") {
        format!("sts.{region}.amazonaws.com.cn")
    } else {
        format!("sts.{region}.amazonaws.com")
    }
}

/// Makes a token for a cluster, signed with the credentials at `now`.
pub fn eks_token(
    credentials: &Credentials,
    region: &str,
    cluster: &str,
    now: SystemTime,
) -> Result<EksToken, String> {
    let host = sts_host(region);
    let url = format!("https://{host}/?Action=GetCallerIdentity&Version=2011-06-15");
    let identity = credentials.clone().into();
    let mut settings = SigningSettings::default();
    settings.signature_location = SignatureLocation::QueryParams;
    settings.expires_in = Some(URL_EXPIRES);
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name("sts")
        .time(now)
        .settings(settings)
        .build()
        .map_err(|e| format!("cannot sign the token request: {e}"))?
        .into();
    let headers = [("host", host.as_str()), (CLUSTER_ID_HEADER, cluster)];
    let request = SignableRequest::new(
        "GET",
        url.clone(),
        headers.into_iter(),
        SignableBody::Bytes(&[]),
    )
    .map_err(|e| format!("cannot sign the token request: {e}"))?;
    let (instructions, _) = sign(request, &params)
        .map_err(|e| format!("cannot sign the token request: {e}"))?
        .into_parts();
    let mut presigned = url;
    for (name, value) in instructions.params() {
        presigned.push('&');
        presigned.push_str(name);
        presigned.push('=');
        presigned.extend(utf8_percent_encode(value, QUERY));
    }
    let token = format!(
        "{TOKEN_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(presigned)
    );
    Ok(EksToken {
        token,
        expires_at: now + TOKEN_LIFETIME,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn decode(token: &str) -> String {
        let body = token.strip_prefix(TOKEN_PREFIX).expect("the prefix");
        String::from_utf8(
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(body)
                .expect("base64url without padding"),
        )
        .unwrap()
    }

    // 2026-01-01T00:00:00Z
    const NEW_YEAR: u64 = 1_767_225_600;

    #[test]
    fn format_of_the_token() {
        let creds = Credentials::new(
            "AKIDEXAMPLE",
            "secret",
            Some("session-token".into()),
            None,
            "test",
        );
        let t = eks_token(&creds, "us-east-1", "prod", at(NEW_YEAR)).unwrap();
        assert!(t.token.starts_with("k8s-aws-v1."));
        assert!(!t.token.contains('='), "no padding");
        let url = decode(&t.token);
        assert!(
            url.starts_with(
                "https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&"
            ),
            "{url}"
        );
        for part in [
            "X-Amz-Algorithm=AWS4-HMAC-SHA256",
            "X-Amz-Credential=AKIDEXAMPLE%2F20260101%2Fus-east-1%2Fsts%2Faws4_request",
            "X-Amz-Date=20260101T000000Z",
            "X-Amz-Expires=60",
            "X-Amz-SignedHeaders=host%3Bx-k8s-aws-id",
            "X-Amz-Security-Token=session-token",
        ] {
            assert!(url.contains(part), "{part} missing from {url}");
        }
        let signature = url
            .split("X-Amz-Signature=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap();
        assert_eq!(signature.len(), 64);
        assert!(signature.bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn expiry_is_fourteen_minutes_after_signing() {
        let creds = Credentials::new("AKIDEXAMPLE", "secret", None, None, "test");
        let t = eks_token(&creds, "eu-west-1", "prod", at(NEW_YEAR)).unwrap();
        assert_eq!(t.expires_at, at(NEW_YEAR + 14 * 60));
        assert!(!decode(&t.token).contains("X-Amz-Security-Token"));
    }

    #[test]
    fn the_signature_covers_the_cluster_and_the_time() {
        let creds = Credentials::new("AKIDEXAMPLE", "secret", None, None, "test");
        let a = eks_token(&creds, "us-east-1", "prod", at(NEW_YEAR))
            .unwrap()
            .token;
        assert_eq!(
            a,
            eks_token(&creds, "us-east-1", "prod", at(NEW_YEAR))
                .unwrap()
                .token,
            "deterministic"
        );
        assert_ne!(
            a,
            eks_token(&creds, "us-east-1", "staging", at(NEW_YEAR))
                .unwrap()
                .token
        );
        assert_ne!(
            a,
            eks_token(&creds, "us-east-1", "prod", at(NEW_YEAR + 1))
                .unwrap()
                .token
        );
    }

    #[test]
    fn china_regions_use_their_endpoint() {
        let creds = Credentials::new("AKIDEXAMPLE", "secret", None, None, "test");
        let url = decode(
            &eks_token(&creds, "cn-north-1", "prod", at(NEW_YEAR))
                .unwrap()
                .token,
        );
        assert!(
            url.starts_with("https://sts.cn-north-1.amazonaws.com.cn/"),
            "{url}"
        );
    }

    #[test]
    fn debug_never_shows_the_token() {
        let creds = Credentials::new("AKIDEXAMPLE", "secret", None, None, "test");
        let t = eks_token(&creds, "us-east-1", "prod", at(NEW_YEAR)).unwrap();
        assert!(!format!("{t:?}").contains(&t.token[12..40]));
    }
}
