//! One AWS context per run, built from aws-config: profile, region, endpoint (flag or the
//! standard AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> variables), adaptive retries, timeouts,
//! and `epi/<version>` in the user agent.

use std::sync::OnceLock;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_eks::config::interceptors::BeforeTransmitInterceptorContextMut;
use aws_sdk_eks::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_eks::error::BoxError;

use crate::error::{Error, Result};

/// What the command line says about AWS, resolved.
#[derive(Clone, Debug)]
pub struct AwsSettings {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    pub max_attempts: u32,
    /// Adaptive (true) or standard retry mode.
    pub adaptive_retries: bool,
    pub connect_timeout: Duration,
    /// How long one attempt may wait for the answer once the request is sent.
    pub read_timeout: Duration,
    pub operation_timeout: Duration,
    /// What a call shows while it keeps the command waiting (see [`crate::aws::http::WaitHook`]).
    pub wait_hook: Option<crate::aws::http::WaitHook>,
}

/// The budget of the credentials a run starts with.
const BUDGET: &str = "caller";

/// The loaded configuration and the lazily created clients.
#[derive(Debug)]
pub struct AwsContext {
    pub(crate) config: SdkConfig,
    settings: AwsSettings,
    region: String,
    eks: OnceLock<aws_sdk_eks::Client>,
    iam: OnceLock<aws_sdk_iam::Client>,
    sts: OnceLock<aws_sdk_sts::Client>,
    s3: OnceLock<aws_sdk_s3::Client>,
    athena: OnceLock<aws_sdk_athena::Client>,
    ec2: OnceLock<aws_sdk_ec2::Client>,
    /// Whose AWS budget the clients draw on: the account of an assumed role, a profile's name,
    /// or `caller`. It names the SDK's retry partitions (#36), whose token bucket and adaptive
    /// rate limiter clients of one partition share: per account for IAM and STS, per account
    /// and region for the regional services, as AWS throttles. The SDK's default partition is
    /// the service and region alone, which every account of a fleet run would share.
    budget: String,
}

/// An assumed role's session, shared by every client of the account (all regions): assumed once,
/// and again only when the session is within five minutes of expiring. In memory only.
#[derive(Debug, Clone)]
struct SessionCache {
    inner: std::sync::Arc<aws_config::sts::AssumeRoleProvider>,
    current: std::sync::Arc<tokio::sync::Mutex<Option<aws_credential_types::Credentials>>>,
}

impl SessionCache {
    fn new(inner: aws_config::sts::AssumeRoleProvider) -> Self {
        SessionCache {
            inner: std::sync::Arc::new(inner),
            current: std::sync::Arc::new(tokio::sync::Mutex::new(None)),
        }
    }
}

impl aws_credential_types::provider::ProvideCredentials for SessionCache {
    fn provide_credentials<'a>(
        &'a self,
    ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        aws_credential_types::provider::future::ProvideCredentials::new(async move {
            let mut current = self.current.lock().await;
            let fresh = current.as_ref().is_some_and(|c| {
                c.expiry().is_none_or(|e| {
                    e > std::time::SystemTime::now() + std::time::Duration::from_secs(300)
                })
            });
            if !fresh {
                *current = Some(self.inner.provide_credentials().await?);
            }
            Ok(current.clone().expect("set above"))
        })
    }
}

/// Appends `epi/<version>` to the User-Agent header (which SigV4 does not sign).
#[derive(Debug)]
struct UserAgent;

impl Intercept for UserAgent {
    fn name(&self) -> &'static str {
        "EpiUserAgent"
    }

    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let headers = context.request_mut().headers_mut();
        let ua = match headers.get("user-agent") {
            Some(existing) => format!("{existing} epi/{}", env!("CARGO_PKG_VERSION")),
            None => format!("epi/{}", env!("CARGO_PKG_VERSION")),
        };
        headers.insert("user-agent", ua);
        Ok(())
    }
}

/// Logs each attempt of each AWS call (`-v`): service, operation, method and target, HTTP
/// status or error, latency, attempt number. Headers are never logged.
#[derive(Debug)]
struct CallLog;

#[derive(Debug, Clone)]
struct AttemptStart(std::time::Instant, String);

impl aws_smithy_types::config_bag::Storable for AttemptStart {
    type Storer = aws_smithy_types::config_bag::StoreReplace<Self>;
}

/// The parameters of a query-protocol body (IAM, STS) that name what a call is about, as
/// `Key=value` (percent-decoded): never a document, an external id or anything else.
fn query_resource(body: &[u8]) -> Option<String> {
    const NAMING: &[&str] = &[
        "RoleName",
        "RoleArn",
        "PolicyName",
        "PolicyArn",
        "OpenIDConnectProviderArn",
        "Filter.member.1",
    ];
    let text = std::str::from_utf8(body).ok()?;
    if !text.contains("Action=") {
        return None;
    }
    let named: Vec<String> = text
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(k, _)| NAMING.contains(k))
        .map(|(k, v)| {
            let v = percent_encoding::percent_decode_str(&v.replace('+', " "))
                .decode_utf8_lossy()
                .to_string();
            format!("{k}={v}")
        })
        .collect();
    (!named.is_empty()).then(|| named.join(" "))
}

impl Intercept for CallLog {
    fn name(&self) -> &'static str {
        "EpiCallLog"
    }

    fn read_before_attempt(
        &self,
        context: &aws_sdk_eks::config::interceptors::BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if tracing::enabled!(target: "epi::aws", tracing::Level::INFO) {
            let request = context.request();
            let mut target = format!("{} {}", request.method(), request.uri());
            // IAM and STS name their resource in the form body, not the path: show it.
            if let Some(named) = request.body().bytes().and_then(query_resource) {
                target.push(' ');
                target.push_str(&named);
            }
            cfg.interceptor_state()
                .store_put(AttemptStart(std::time::Instant::now(), target));
        }
        Ok(())
    }

    fn read_after_attempt(
        &self,
        context: &aws_sdk_eks::config::interceptors::FinalizerInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if !tracing::enabled!(target: "epi::aws", tracing::Level::INFO) {
            return Ok(());
        }
        let (service, operation) = cfg
            .load::<aws_smithy_runtime_api::client::orchestrator::Metadata>()
            .map(|m| (m.service().to_string(), m.name().to_string()))
            .unwrap_or_default();
        let attempt = cfg
            .load::<aws_smithy_runtime_api::client::retries::RequestAttempts>()
            .map_or(1, |a| a.attempts());
        let (ms, target) = cfg.load::<AttemptStart>().map_or((0, String::new()), |s| {
            (s.0.elapsed().as_millis(), s.1.clone())
        });
        let outcome = match context.response() {
            Some(r) => format!("HTTP {}", r.status().as_u16()),
            None => "no response".to_string(),
        };
        tracing::info!(
            target: "epi::aws",
            "{service} {operation} {target} -> {outcome} in {ms} ms (attempt {attempt})"
        );
        Ok(())
    }
}

impl AwsContext {
    /// Loads the configuration once. Fails (exit 2) when no region can be found.
    pub async fn load(settings: &AwsSettings) -> Result<Self> {
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .retry_config(
                if settings.adaptive_retries {
                    RetryConfig::adaptive()
                } else {
                    RetryConfig::standard()
                }
                .with_max_attempts(settings.max_attempts),
            )
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(settings.connect_timeout)
                    .read_timeout(settings.read_timeout)
                    .operation_timeout(settings.operation_timeout)
                    .build(),
            )
            .http_client(crate::aws::http::client(settings.wait_hook.clone()));
        if let Some(profile) = &settings.profile {
            check_profile(profile).await?;
            loader = loader.profile_name(profile);
        }
        let region = match &settings.region {
            Some(region) => Some(region.clone()),
            None => region_past_empty_env(settings.profile.as_deref()).await?,
        };
        if let Some(region) = &region {
            crate::validate::names::region(region)?;
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(url) = &settings.endpoint_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(Error::invalid("endpoint URL", url.as_str(), "it is not an http:// or https:// URL")
                    .with_hint("give a URL such as https://eks.us-east-1.amazonaws.com or http://127.0.0.1:4566"));
            }
            loader = loader.endpoint_url(url);
        }
        let config = loader.load().await;
        if crate::logging::enabled() {
            // Whatever a library logs at the level asked for, these values are masked.
            use aws_credential_types::provider::ProvideCredentials;
            if let Some(provider) = config.credentials_provider()
                && let Ok(credentials) = provider.provide_credentials().await
            {
                crate::logging::register_secret(credentials.access_key_id());
                crate::logging::register_secret(credentials.secret_access_key());
                if let Some(token) = credentials.session_token() {
                    crate::logging::register_secret(token);
                }
            }
        }
        let Some(region) = config.region().map(|r| r.to_string()) else {
            return Err(Error::usage(
                "no AWS region is configured",
                "give --region, set AWS_REGION, or set region in the profile (~/.aws/config)",
            ));
        };
        Ok(AwsContext {
            config,
            settings: settings.clone(),
            region,
            eks: OnceLock::new(),
            iam: OnceLock::new(),
            sts: OnceLock::new(),
            s3: OnceLock::new(),
            athena: OnceLock::new(),
            ec2: OnceLock::new(),
            budget: settings
                .profile
                .clone()
                .map_or_else(|| BUDGET.into(), |p| format!("profile-{p}")),
        })
    }

    /// The same configuration for another region (for commands that span regions).
    pub fn for_region(&self, region: &str) -> Self {
        let config = self
            .config
            .to_builder()
            .region(Region::new(region.to_string()))
            .build();
        AwsContext {
            config,
            settings: AwsSettings {
                region: Some(region.to_string()),
                ..self.settings.clone()
            },
            region: region.to_string(),
            eks: OnceLock::new(),
            iam: OnceLock::new(),
            sts: OnceLock::new(),
            s3: OnceLock::new(),
            athena: OnceLock::new(),
            ec2: OnceLock::new(),
            budget: self.budget.clone(),
        }
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    /// The same options and region with another profile's credentials (another account). The
    /// profile's credentials are used even when AWS_ACCESS_KEY_ID is set (the default chain would
    /// prefer the environment, which is the first account's).
    pub async fn with_profile(&self, profile: &str) -> Result<Self> {
        let mut other = Self::load(&AwsSettings {
            profile: Some(profile.to_string()),
            region: Some(self.region.clone()),
            ..self.settings.clone()
        })
        .await?;
        let provider = aws_config::profile::ProfileFileCredentialsProvider::builder()
            .profile_name(profile)
            .build();
        other.config = other
            .config
            .to_builder()
            .credentials_provider(
                aws_credential_types::provider::SharedCredentialsProvider::new(provider),
            )
            .build();
        Ok(other)
    }

    /// The same configuration acting as `role_arn`, assumed with these credentials (STS
    /// AssumeRole; the session is refreshed before it expires and kept in memory only). The role
    /// is assumed once here, so a refusal is reported now, naming the role.
    pub async fn assuming(
        &self,
        role_arn: &str,
        external_id: Option<&str>,
        session_name: &str,
    ) -> std::result::Result<Self, crate::aws::AwsError> {
        use aws_credential_types::provider::ProvideCredentials;
        let mut builder = aws_config::sts::AssumeRoleProvider::builder(role_arn)
            .configure(&self.config)
            .region(Region::new(self.region.clone()))
            .session_name(session_name);
        if let Some(id) = external_id {
            builder = builder.external_id(id);
        }
        let provider = SessionCache::new(builder.build().await);
        match provider.provide_credentials().await {
            Err(e) => {
                return Err(crate::aws::AwsError::Service {
                    action: "sts:AssumeRole",
                    code: "AssumeRoleFailed".into(),
                    message: format!(
                        "could not assume role {role_arn}: {}",
                        crate::chain::chain_text(&e)
                    ),
                });
            }
            Ok(credentials) => {
                crate::logging::register_secret(credentials.access_key_id());
                crate::logging::register_secret(credentials.secret_access_key());
                if let Some(token) = credentials.session_token() {
                    crate::logging::register_secret(token);
                }
            }
        }
        let config = self
            .config
            .to_builder()
            .credentials_provider(
                aws_credential_types::provider::SharedCredentialsProvider::new(provider),
            )
            .build();
        Ok(AwsContext {
            config,
            settings: self.settings.clone(),
            region: self.region.clone(),
            eks: OnceLock::new(),
            iam: OnceLock::new(),
            sts: OnceLock::new(),
            s3: OnceLock::new(),
            athena: OnceLock::new(),
            ec2: OnceLock::new(),
            budget: crate::validate::Arn::account_of(role_arn)
                .map_or_else(|| role_arn.to_string(), str::to_string),
        })
    }

    pub fn settings(&self) -> &AwsSettings {
        &self.settings
    }

    pub fn eks(&self) -> &aws_sdk_eks::Client {
        self.eks.get_or_init(|| {
            let conf = aws_sdk_eks::config::Builder::from(&self.config)
                .retry_partition(aws_sdk_eks::config::retry::RetryPartition::new(
                    self.partition("eks", true),
                ))
                .interceptor(UserAgent)
                .interceptor(CallLog)
                .build();
            aws_sdk_eks::Client::from_conf(conf)
        })
    }

    /// The retry partition of a service's clients: the budget, and the region for a regional
    /// service. IAM is global, and STS quotas are the account's (#36).
    fn partition(&self, service: &str, regional: bool) -> String {
        if regional {
            format!("epi-{service}-{}-{}", self.budget, self.region)
        } else {
            format!("epi-{service}-{}", self.budget)
        }
    }

    pub fn iam(&self) -> &aws_sdk_iam::Client {
        self.iam.get_or_init(|| {
            let conf = aws_sdk_iam::config::Builder::from(&self.config)
                .retry_partition(aws_sdk_iam::config::retry::RetryPartition::new(
                    self.partition("iam", false),
                ))
                .interceptor(UserAgent)
                .interceptor(CallLog)
                .build();
            aws_sdk_iam::Client::from_conf(conf)
        })
    }

    /// S3, addressed path-style when the endpoint configured for it is an IP address or
    /// `localhost` (a bucket cannot be a subdomain of those; virtual-hosted style otherwise, as
    /// AWS recommends).
    pub fn s3(&self) -> &aws_sdk_s3::Client {
        self.s3.get_or_init(|| {
            let endpoint = std::env::var("AWS_ENDPOINT_URL_S3")
                .ok()
                .filter(|e| !e.is_empty())
                .or_else(|| self.config.endpoint_url().map(str::to_string));
            let conf = aws_sdk_s3::config::Builder::from(&self.config)
                .retry_partition(aws_sdk_s3::config::retry::RetryPartition::new(
                    self.partition("s3", true),
                ))
                .force_path_style(endpoint.as_deref().is_some_and(path_style))
                .interceptor(UserAgent)
                .interceptor(CallLog)
                .build();
            aws_sdk_s3::Client::from_conf(conf)
        })
    }

    pub fn ec2(&self) -> &aws_sdk_ec2::Client {
        self.ec2.get_or_init(|| {
            let conf = aws_sdk_ec2::config::Builder::from(&self.config)
                .retry_partition(aws_sdk_ec2::config::retry::RetryPartition::new(
                    self.partition("ec2", true),
                ))
                .interceptor(UserAgent)
                .interceptor(CallLog)
                .build();
            aws_sdk_ec2::Client::from_conf(conf)
        })
    }

    pub fn athena(&self) -> &aws_sdk_athena::Client {
        self.athena.get_or_init(|| {
            let conf = aws_sdk_athena::config::Builder::from(&self.config)
                .retry_partition(aws_sdk_athena::config::retry::RetryPartition::new(
                    self.partition("athena", true),
                ))
                .interceptor(UserAgent)
                .interceptor(CallLog)
                .build();
            aws_sdk_athena::Client::from_conf(conf)
        })
    }

    pub fn sts(&self) -> &aws_sdk_sts::Client {
        self.sts.get_or_init(|| {
            let conf = aws_sdk_sts::config::Builder::from(&self.config)
                .retry_partition(aws_sdk_sts::config::retry::RetryPartition::new(
                    self.partition("sts", false),
                ))
                .interceptor(UserAgent)
                .interceptor(CallLog)
                .build();
            aws_sdk_sts::Client::from_conf(conf)
        })
    }
}

impl AwsContext {
    /// The resolved credentials (for signing EKS tokens). Never printed.
    pub async fn credentials(
        &self,
    ) -> Result<aws_credential_types::Credentials, crate::aws::AwsError> {
        use aws_credential_types::provider::ProvideCredentials;
        let no_credentials = |detail: String| crate::aws::AwsError::NoCredentials {
            profile: self.settings.profile.clone(),
            detail,
        };
        let provider = self
            .config
            .credentials_provider()
            .ok_or_else(|| no_credentials(String::new()))?;
        provider
            .provide_credentials()
            .await
            .map_err(|e| no_credentials(e.to_string()))
    }

    /// Maps SDK errors with this run's profile and retry settings.
    pub fn mapper(&self) -> crate::aws::error::Mapper {
        crate::aws::error::Mapper {
            profile: self.settings.profile.clone(),
            max_attempts: self.settings.max_attempts,
            endpoint_url: self.settings.endpoint_url.clone(),
            region: self.region.clone(),
        }
    }
}

/// The shared config and credentials files the SDK reads, as it resolves them.
fn profile_file_names() -> Vec<String> {
    let home = || std::env::var("HOME").unwrap_or_else(|_| "~".into());
    let config =
        std::env::var("AWS_CONFIG_FILE").unwrap_or_else(|_| format!("{}/.aws/config", home()));
    let credentials = std::env::var("AWS_SHARED_CREDENTIALS_FILE")
        .unwrap_or_else(|_| format!("{}/.aws/credentials", home()));
    vec![config, credentials]
}

/// `AWS_REGION=` (set but empty, as an unset CI variable leaves it) means no region from the
/// environment, as `AWS_PROFILE=` means no profile: the SDK would take the empty string as the
/// region and fail deep inside a request (#33 item 14). When the environment's region is empty,
/// the region is `AWS_DEFAULT_REGION` if that is set, else the profile's; none is the usual "no
/// region" error. None when the environment's region is not empty (the SDK's chain decides).
async fn region_past_empty_env(profile: Option<&str>) -> Result<Option<String>> {
    use aws_config::meta::region::ProvideRegion;
    let region = std::env::var("AWS_REGION").ok();
    let default = std::env::var("AWS_DEFAULT_REGION").ok();
    let blank = |v: &Option<String>| v.as_deref().is_some_and(|v| v.trim().is_empty());
    let from_env = region.clone().or(default.clone());
    if !blank(&from_env) {
        return Ok(None);
    }
    if let Some(default) = default.filter(|d| !d.trim().is_empty()) {
        return Ok(Some(default.trim().to_string()));
    }
    let mut provider = aws_config::profile::ProfileFileRegionProvider::builder();
    if let Some(profile) = profile {
        provider = provider.profile_name(profile);
    }
    match provider.build().region().await {
        Some(region) => Ok(Some(region.to_string())),
        None => Err(Error::usage(
            "no AWS region is configured (AWS_REGION is set but empty)",
            "give --region, set AWS_REGION to a region, or set region in the profile (~/.aws/config)",
        )),
    }
}

/// A profile that was asked for (--profile, AWS_PROFILE) must exist in the shared files. The SDK
/// would otherwise carry on with whatever else it finds, credentials from the environment
/// included, and act as someone the user did not name.
async fn check_profile(name: &str) -> Result<()> {
    use aws_runtime::env_config::file::EnvConfigFiles;
    use aws_types::os_shim_internal::{Env, Fs};
    let files = profile_file_names().join(" and ");
    let set =
        aws_config::profile::load(&Fs::real(), &Env::real(), &EnvConfigFiles::default(), None)
            .await
            .map_err(|e| {
                Error::invalid("AWS config files", files.clone(), e.to_string())
                    .with_hint("fix the file's syntax (`aws configure list` reads the same files)")
            })?;
    if set.get_profile(name).is_some() {
        return Ok(());
    }
    let mut known: Vec<&str> = set.profiles().collect();
    known.sort_unstable();
    Err(Error::invalid(
        "AWS profile",
        name,
        format!("it is in none of the files read ({files})"),
    )
    .with_hint(if known.is_empty() {
        "create it with `aws configure --profile NAME`, or unset AWS_PROFILE / leave out --profile to use the default credential chain".to_string()
    } else {
        format!(
            "the profiles there are: {}; or unset AWS_PROFILE / leave out --profile",
            known.join(", ")
        )
    }))
}

#[cfg(test)]
mod query_tests {
    #[test]
    fn an_iam_call_names_its_role_and_never_its_document() {
        let body = b"Action=UpdateAssumeRolePolicy&Version=2010-05-08&RoleName=team-a%2Bapp&PolicyDocument=%7B%22Version%22%7D";
        assert_eq!(
            super::query_resource(body).as_deref(),
            Some("RoleName=team-a+app")
        );
        assert_eq!(
            super::query_resource(b"Action=GetCallerIdentity&Version=2011-06-15"),
            None
        );
        assert_eq!(super::query_resource(b"{\"clusterName\":\"x\"}"), None);
    }
}

/// Whether an endpoint's host cannot take a bucket as a subdomain: an IP address or `localhost`.
fn path_style(endpoint: &str) -> bool {
    let host = endpoint
        .split_once("://")
        .map_or(endpoint, |(_, rest)| rest)
        .split('/')
        .next()
        .unwrap_or_default();
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok()
}

#[cfg(test)]
mod path_style_tests {
    #[test]
    fn ip_and_localhost_endpoints_are_path_style() {
        assert!(super::path_style("http://127.0.0.1:4566"));
        assert!(super::path_style("http://[::1]:4566/"));
        assert!(super::path_style("http://localhost:4566"));
        assert!(!super::path_style("https://s3.eu-west-1.amazonaws.com"));
        assert!(!super::path_style("https://minio.internal.example:9000"));
    }
}
