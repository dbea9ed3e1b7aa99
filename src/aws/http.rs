//! The HTTP client under every AWS call: the SDK's default HTTPS client (rustls, proxies from the
//! environment), wrapped so that a failure below HTTP fails fast and says where.
//!
//! The SDK's retry strategy treats a refused connection, a DNS failure, a TLS handshake failure
//! and a silent server like a throttled request: up to `--max-attempts` tries with backoff, 20 to
//! 60 s of waiting for an answer that a wrong endpoint will never give. Here such a failure gets
//! one quick retry (a listener restarting, a dropped SYN) and then ends the call with an error
//! the SDK does not retry, naming the endpoint. A connection that breaks after the request was
//! sent is left to the SDK's retries: that is the transient kind.

use std::time::Duration;

use aws_smithy_http_client::proxy::ProxyConfig;
use aws_smithy_http_client::{Builder, ConnectorBuilder, tls};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;

/// What a call shows while it keeps the command waiting, passed in by the command layer (on a
/// terminal, a spinner that appears after a moment): called with "waiting for ENDPOINT" as a call
/// starts; what it returns is dropped when the call ends. The AWS layer knows nothing of
/// terminals or of the printer.
#[derive(Clone)]
pub struct WaitHook(pub std::sync::Arc<dyn Fn(String) -> Box<dyn Send> + Send + Sync>);

impl std::fmt::Debug for WaitHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WaitHook")
    }
}

/// How long before the one retry of a connection-level failure.
const RETRY_DELAY: Duration = Duration::from_millis(250);

/// Why an endpoint could not be used, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    Refused,
    Dns(String),
    Tls(String),
    ConnectTimeout,
    /// Connected and sent the request, but no answer came within the read timeout.
    NoAnswer,
    Other(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Refused => write!(f, "the connection was refused (nothing listens there)"),
            Failure::Dns(detail) => write!(f, "the host name could not be resolved ({detail})"),
            Failure::Tls(detail) => write!(f, "the TLS handshake failed ({detail})"),
            Failure::ConnectTimeout => write!(f, "no connection within --connect-timeout"),
            Failure::NoAnswer => write!(
                f,
                "it accepted the request but sent no answer within --read-timeout"
            ),
            Failure::Other(detail) => write!(f, "{detail}"),
        }
    }
}

/// The error a fast failure ends the call with (a user error for the SDK: not retried).
#[derive(Debug, thiserror::Error)]
#[error("cannot use {endpoint}: {failure}")]
pub struct Unreachable {
    pub endpoint: String,
    pub failure: Failure,
}

/// The SDK's default HTTPS client, wrapped in [`FailFast`]; `wait` shows the calls that keep the
/// command waiting.
pub fn client(wait: Option<WaitHook>) -> SharedHttpClient {
    let inner = Builder::new().build_with_connector_fn(|settings, components| {
        let mut builder = ConnectorBuilder::default().tls_provider(tls::Provider::Rustls(
            tls::rustls_provider::CryptoMode::AwsLc,
        ));
        builder.set_connector_settings(settings.cloned());
        if let Some(components) = components {
            builder.set_sleep_impl(components.sleep_impl());
        }
        builder.set_proxy_config(Some(ProxyConfig::from_env()));
        builder.build()
    });
    SharedHttpClient::new(FailFast { inner, wait })
}

#[derive(Debug)]
struct FailFast {
    inner: SharedHttpClient,
    wait: Option<WaitHook>,
}

impl HttpClient for FailFast {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(FailFastConnector {
            inner: self.inner.http_connector(settings, components),
            wait: self.wait.clone(),
        })
    }
}

#[derive(Debug)]
struct FailFastConnector {
    inner: SharedHttpConnector,
    wait: Option<WaitHook>,
}

impl HttpConnector for FailFastConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let endpoint = endpoint_of(request.uri());
        let again = request.try_clone();
        let inner = self.inner.clone();
        let first = inner.call(request);
        let wait = self.wait.clone();
        HttpConnectorFuture::new(async move {
            // A call that keeps us waiting shows that it does, and on what.
            let _waiting = wait.map(|hook| (hook.0)(format!("waiting for {endpoint}")));
            let failure = match first.await {
                Err(e) => match classify(&e) {
                    Some(failure) => failure,
                    None => return Err(e),
                },
                ok => return ok,
            };
            let failure = match again {
                Some(request) => {
                    tokio::time::sleep(RETRY_DELAY).await;
                    match inner.call(request).await {
                        Err(e) => match classify(&e) {
                            Some(failure) => failure,
                            None => return Err(e),
                        },
                        ok => return ok,
                    }
                }
                None => failure,
            };
            Err(ConnectorError::user(Box::new(Unreachable {
                endpoint,
                failure,
            })))
        })
    }
}

/// `scheme://host[:port]` of a request URI: the endpoint, without path or query.
fn endpoint_of(uri: &str) -> String {
    match uri.find("://") {
        Some(i) => {
            let rest = &uri[i + 3..];
            let end = rest.find('/').unwrap_or(rest.len());
            format!("{}{}", &uri[..i + 3], &rest[..end])
        }
        None => uri.to_string(),
    }
}

/// A failure to connect (or a silent server), or None for what the SDK should handle itself.
fn classify(err: &ConnectorError) -> Option<Failure> {
    let mut connect = false;
    let mut root: Option<&(dyn std::error::Error + 'static)> = None;
    let mut io_kind = None;
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(h) = e.downcast_ref::<hyper_util::client::legacy::Error>() {
            connect |= h.is_connect();
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            io_kind.get_or_insert(io.kind());
        }
        root = Some(e);
        current = e.source();
    }
    let detail = root.map(ToString::to_string).unwrap_or_default();
    if err.is_timeout() {
        return Some(if connect {
            Failure::ConnectTimeout
        } else {
            Failure::NoAnswer
        });
    }
    if !connect {
        return None;
    }
    // tokio-rustls reports every TLS failure as InvalidData, with rustls's own words.
    Some(match io_kind {
        Some(std::io::ErrorKind::ConnectionRefused) => Failure::Refused,
        Some(std::io::ErrorKind::InvalidData) => Failure::Tls(detail),
        _ if ["corrupt message", "certificate", "handshake", "tls", "TLS"]
            .iter()
            .any(|w| detail.contains(w)) =>
        {
            Failure::Tls(detail)
        }
        _ if detail.contains("lookup address") || detail.contains("dns error") => {
            Failure::Dns(detail)
        }
        _ => Failure::Other(detail),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_is_scheme_host_and_port() {
        assert_eq!(
            endpoint_of("http://127.0.0.1:4566/clusters/x?maxResults=1"),
            "http://127.0.0.1:4566"
        );
        assert_eq!(
            endpoint_of("https://eks.us-east-1.amazonaws.com"),
            "https://eks.us-east-1.amazonaws.com"
        );
    }
}
