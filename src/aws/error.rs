//! AWS failures mapped to messages a person can act on. Every variant names what was being done
//! and carries a hint; credentials and tokens never appear in a message.

use std::error::Error as StdError;

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_eks::error::{ProvideErrorMetadata, SdkError};

/// Codes that mean the request was throttled.
const THROTTLING: &[&str] = &[
    "ThrottlingException",
    "Throttling",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "SlowDown",
];
/// Codes that mean the credentials were found but are not (or no longer) valid.
const BAD_CREDENTIALS: &[&str] = &[
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "SignatureDoesNotMatch",
    "InvalidSignatureException",
    "AuthFailure",
];

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AwsError {
    #[error("no AWS credentials were found{}", profile_note(.profile))]
    NoCredentials {
        profile: Option<String>,
        detail: String,
    },

    #[error("the AWS credentials were rejected ({code}): {message}")]
    BadCredentials {
        profile: Option<String>,
        code: String,
        message: String,
    },

    #[error("access denied: the caller may not {action}: {message}")]
    AccessDenied {
        action: &'static str,
        message: String,
    },

    #[error("cluster {cluster:?} was not found in region {region}")]
    ClusterNotFound { cluster: String, region: String },

    #[error("{what} was not found: {message}")]
    NotFound {
        what: String,
        message: String,
        hint: String,
    },

    #[error("a Pod Identity association for {namespace}/{service_account} already exists in cluster {cluster}{}", existing_note(.existing))]
    AssociationExists {
        cluster: String,
        namespace: String,
        service_account: String,
        /// (association id, role ARN) of the existing one, when it could be read.
        existing: Option<(String, String)>,
    },

    #[error("AWS rejected {action}: {message}")]
    InvalidParameter {
        action: &'static str,
        message: String,
    },

    #[error("{action} was throttled by AWS and still failed after {attempts} attempts")]
    Throttled { action: &'static str, attempts: u32 },

    #[error("{action} failed: {code}: {message}")]
    Service {
        action: &'static str,
        code: String,
        message: String,
    },

    #[error("{action} timed out")]
    Timeout { action: &'static str },

    #[error("could not reach AWS for {action}: {detail}")]
    Unreachable {
        action: &'static str,
        detail: String,
    },

    #[error("the trust policy of role {role} was not changed: {reason}")]
    TrustRefused { role: String, reason: String },

    #[error("{endpoint} does not serve {action}: {message}")]
    Unsupported {
        action: &'static str,
        endpoint: String,
        message: String,
    },

    #[error("{endpoint} does not look like an AWS API: {action} got HTTP {status} with {content}")]
    NotAws {
        action: &'static str,
        endpoint: String,
        status: u16,
        /// What came back, cut short: `an HTML page ("<html><head><title>404…")`.
        content: String,
    },
}

fn profile_note(profile: &Option<String>) -> String {
    match profile {
        Some(p) => format!(" for profile {p:?}"),
        None => String::new(),
    }
}

fn existing_note(existing: &Option<(String, String)>) -> String {
    match existing {
        Some((id, role)) => format!(" ({id}, role {role})"),
        None => String::new(),
    }
}

impl AwsError {
    pub fn hint(&self) -> String {
        match self {
            AwsError::NoCredentials { profile, detail } => format!(
                "epi looked at {}the environment (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), the shared files (~/.aws/credentials, ~/.aws/config, or AWS_SHARED_CREDENTIALS_FILE/AWS_CONFIG_FILE), SSO, web identity and the instance/container metadata; run `aws sso login` or `aws configure`{}",
                profile
                    .as_ref()
                    .map(|p| format!("profile {p:?} (--profile/AWS_PROFILE), "))
                    .unwrap_or_default(),
                if detail.is_empty() {
                    String::new()
                } else {
                    format!(" ({detail})")
                }
            ),
            AwsError::BadCredentials { profile, .. } => format!(
                "refresh the session{} (e.g. `aws sso login`), or check the access key and the clock",
                profile
                    .as_ref()
                    .map(|p| format!(" of profile {p:?}"))
                    .unwrap_or_default()
            ),
            AwsError::AccessDenied { action, .. } => format!(
                "grant {action} to the caller (check with `aws sts get-caller-identity` who that is)"
            ),
            AwsError::ClusterNotFound { region, .. } => {
                format!(
                    "check the name with `aws eks list-clusters --region {region}`, or give the cluster's region with --region"
                )
            }
            AwsError::NotFound { hint, .. } => hint.clone(),
            AwsError::AssociationExists {
                cluster,
                namespace,
                service_account,
                ..
            } => format!(
                "a service account has one association per cluster: change it with `epi association update --cluster {cluster} --namespace {namespace} --service-account {service_account} --role-arn …`"
            ),
            AwsError::InvalidParameter { .. } => {
                "correct the value AWS names above and run the command again".into()
            }
            AwsError::Throttled { .. } => {
                "wait and run it again, or raise --max-attempts (AWS_MAX_ATTEMPTS)".into()
            }
            AwsError::Service { .. } => {
                "run it again; if it persists, check the AWS Health Dashboard for the region".into()
            }
            AwsError::Timeout { .. } => "check the network, or raise --operation-timeout".into(),
            AwsError::Unreachable { .. } => {
                "check the network, the region and --endpoint-url (or AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>); behind a proxy, HTTPS_PROXY and NO_PROXY".into()
            }
            AwsError::TrustRefused { role, .. } => format!(
                "look at role {role}'s trust policy (`aws iam get-role --role-name {role}`), then run the command again: it converges"
            ),
            AwsError::Unsupported { .. } => {
                "this endpoint does not implement the operation: point --endpoint-url (or AWS_ENDPOINT_URL_<SERVICE>) at one that does, or unset it to use AWS's own".into()
            }
            AwsError::NotAws { .. } => {
                "point --endpoint-url (or AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>) at the AWS API, or unset it to use AWS's own endpoints".into()
            }
        }
    }
}

/// Context for mapping: who and where.
#[derive(Clone, Debug)]
pub struct Mapper {
    pub profile: Option<String>,
    pub max_attempts: u32,
    /// `--endpoint-url`, when given.
    pub endpoint_url: Option<String>,
    pub region: String,
}

impl Mapper {
    /// Maps an SDK error of the action (an IAM action name such as `eks:DescribeCluster`).
    pub fn map<E>(
        &self,
        action: &'static str,
        err: SdkError<E, aws_smithy_runtime_api::client::orchestrator::HttpResponse>,
    ) -> AwsError
    where
        E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
    {
        if let Some(detail) = credentials_error(&err) {
            return AwsError::NoCredentials {
                profile: self.profile.clone(),
                detail,
            };
        }
        match &err {
            SdkError::TimeoutError(_) => return AwsError::Timeout { action },
            SdkError::DispatchFailure(_) | SdkError::ConstructionFailure(_) => {
                return AwsError::Unreachable {
                    action,
                    detail: chain_text(&err),
                };
            }
            _ => {}
        }
        if let Some(raw) = err.raw_response()
            && let Some(content) = not_aws_content(raw)
        {
            return AwsError::NotAws {
                action,
                endpoint: self.endpoint_for(action),
                status: raw.status().as_u16(),
                content,
            };
        }
        let status = err.raw_response().map(|r| r.status().as_u16());
        let code = err.code().unwrap_or_default().to_string();
        let message = err.message().unwrap_or_default().to_string();
        if THROTTLING.contains(&code.as_str()) || status == Some(429) {
            return AwsError::Throttled {
                action,
                attempts: self.max_attempts,
            };
        }
        if BAD_CREDENTIALS.contains(&code.as_str()) {
            return AwsError::BadCredentials {
                profile: self.profile.clone(),
                code,
                message,
            };
        }
        // An endpoint that answers but has no such operation (an emulator, a proxy, a private
        // endpoint of another service): not a bad value of the user's.
        if matches!(
            code.as_str(),
            "UnknownOperationException" | "UnsupportedOperation" | "NotImplemented"
        ) || (code == "InvalidRequestException" && message.starts_with("No route for"))
        {
            return AwsError::Unsupported {
                action,
                endpoint: self.endpoint_for(action),
                message,
            };
        }
        match code.as_str() {
            "AccessDeniedException" | "AccessDenied" | "UnauthorizedOperation" => {
                AwsError::AccessDenied { action, message }
            }
            "InvalidParameterException"
            | "InvalidRequestException"
            | "ValidationError"
            | "MalformedPolicyDocument"
            | "InvalidInput"
            | "ValidationException" => AwsError::InvalidParameter { action, message },
            "" => AwsError::Service {
                action,
                code: status
                    .map(|s| format!("HTTP {s}"))
                    .unwrap_or_else(|| "error".into()),
                message: chain_text(&err),
            },
            _ => AwsError::Service {
                action,
                code,
                message,
            },
        }
    }
}

impl Mapper {
    /// The endpoint a call of `action` (`eks:…`) went to, as the SDK resolves it: --endpoint-url,
    /// AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, else AWS's own.
    fn endpoint_for(&self, action: &str) -> String {
        let service = action.split(':').next().unwrap_or_default();
        if let Some(url) = &self.endpoint_url {
            return url.clone();
        }
        for var in [
            format!("AWS_ENDPOINT_URL_{}", service.to_ascii_uppercase()),
            "AWS_ENDPOINT_URL".into(),
        ] {
            if let Ok(url) = std::env::var(var)
                && !url.is_empty()
            {
                return url;
            }
        }
        match service {
            "iam" => "https://iam.amazonaws.com".into(),
            _ => format!("https://{service}.{}.amazonaws.com", self.region),
        }
    }
}

/// The error chain in words; a fast failure of the HTTP layer speaks for itself.
fn chain_text(err: &(dyn StdError + 'static)) -> String {
    match find::<crate::aws::http::Unreachable>(err) {
        Some(u) => u.to_string(),
        None => crate::chain::chain_text(err),
    }
}

fn find<'a, T: StdError + 'static>(err: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(t) = e.downcast_ref::<T>() {
            return Some(t);
        }
        current = e.source();
    }
    None
}

/// An answer no AWS API gives (HTML, or a body that is neither JSON nor XML) described in a few
/// words with its start, cut short; None for an answer that looks like AWS's.
fn not_aws_content(
    raw: &aws_smithy_runtime_api::client::orchestrator::HttpResponse,
) -> Option<String> {
    let content_type = raw
        .headers()
        .get("content-type")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let body = raw.body().bytes().unwrap_or_default();
    let text = String::from_utf8_lossy(&body[..body.len().min(400)]).into_owned();
    let start = text.trim_start();
    let aws_like = start.starts_with('{')
        || start.starts_with("<?xml")
        || start.starts_with("<ErrorResponse")
        || start.starts_with("<Error");
    let html = content_type.contains("text/html")
        || start.to_ascii_lowercase().starts_with("<!doctype html")
        || start.to_ascii_lowercase().starts_with("<html");
    if aws_like && !html {
        return None;
    }
    if !html && (start.is_empty() || raw.status().is_success()) {
        return None;
    }
    let excerpt: String = start
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(80)
        .collect();
    let what = if html {
        "an HTML page"
    } else {
        "a body that is neither JSON nor XML"
    };
    Some(format!(
        "{what} ({:?}{})",
        excerpt,
        if start.chars().count() > 80 {
            "…"
        } else {
            ""
        }
    ))
}

fn credentials_error(err: &(dyn StdError + 'static)) -> Option<String> {
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(c) = e.downcast_ref::<CredentialsError>() {
            return Some(match c {
                CredentialsError::CredentialsNotLoaded(_) => {
                    "no provider in the chain supplied credentials".into()
                }
                CredentialsError::ProviderTimedOut(_) => "a credentials provider timed out".into(),
                CredentialsError::InvalidConfiguration(_) => {
                    "the credentials configuration is invalid".into()
                }
                CredentialsError::ProviderError(_) => "a credentials provider failed".into(),
                _ => "credentials could not be loaded".into(),
            });
        }
        current = e.source();
    }
    None
}
