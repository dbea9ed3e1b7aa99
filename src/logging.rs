//! `-v`/`--verbose` and `--debug`: each AWS and Kubernetes call on stderr, as `aws --debug`,
//! `eksctl -v 4` and `kubectl -v=6` show theirs. Built on `tracing`; `EPI_LOG` takes a filter in
//! the usual `RUST_LOG` syntax instead of the flags' levels.
//!
//! Whatever the level, every line goes through [`redact`] before it is written: signatures,
//! session tokens, bearer tokens (EKS tokens included), Authorization headers and the secrets of
//! the credentials in use never appear.

use std::io::Write;
use std::sync::{Mutex, OnceLock};

/// The variable that overrides the flags' filter.
pub const EPI_LOG: &str = "EPI_LOG";

/// Exact secret values to mask (the resolved credentials' secret key and session token).
static SECRETS: OnceLock<Mutex<Vec<String>>> = OnceLock::new();

/// Registers a secret value (at least 8 characters) to be masked in every log line.
pub fn register_secret(value: &str) {
    if value.len() < 8 {
        return;
    }
    let secrets = SECRETS.get_or_init(|| Mutex::new(Vec::new()));
    if let Ok(mut s) = secrets.lock()
        && !s.iter().any(|v| v == value)
    {
        s.push(value.to_string());
    }
}

/// Whether call logging is on (so that the caller may resolve and register credentials).
pub fn enabled() -> bool {
    ENABLED.get().copied().unwrap_or(false)
}

static ENABLED: OnceLock<bool> = OnceLock::new();

/// Installs the logger when `-v`, `--debug` or EPI_LOG asks for one; otherwise nothing is set up
/// (offline commands stay as fast as before).
pub fn init(verbose: u8, debug: bool) {
    let from_env = std::env::var(EPI_LOG).ok().filter(|v| !v.is_empty());
    let filter = match (&from_env, verbose, debug) {
        (Some(f), _, _) => f.clone(),
        (None, 0, false) => {
            let _ = ENABLED.set(false);
            return;
        }
        (None, 1, false) => "epi=info".into(),
        (None, 2, false) => "epi=debug".into(),
        // --debug or -vvv: epi's own lines in full, and what the SDK and kube-rs say at debug.
        _ => "epi=trace,aws_smithy_runtime=debug,aws_config=debug,kube_client=debug".into(),
    };
    let Ok(filter) = tracing_subscriber::EnvFilter::try_new(&filter) else {
        eprintln!(
            "warning: {EPI_LOG}={filter:?} is not a valid filter (e.g. epi=debug); no call log"
        );
        let _ = ENABLED.set(false);
        return;
    };
    let _ = ENABLED.set(true);
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(RedactingStderr::default)
        .with_target(true)
        .with_ansi(false)
        .without_time()
        .try_init();
}

/// Buffers one event and writes it redacted.
#[derive(Default)]
struct RedactingStderr(Vec<u8>);

impl Write for RedactingStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for RedactingStderr {
    fn drop(&mut self) {
        let text = String::from_utf8_lossy(&self.0);
        let clean = redact(&text);
        let _ = std::io::stderr().lock().write_all(clean.as_bytes());
    }
}

/// Masks what must never be logged: the value after `Signature=`, `Credential=`,
/// `X-Amz-Security-Token`, `Authorization`, `Bearer `, `k8s-aws-v1.`, `token`/`password`/`secret`
/// fields, and every registered secret.
pub fn redact(text: &str) -> String {
    let mut out = text.to_string();
    if let Some(secrets) = SECRETS.get()
        && let Ok(secrets) = secrets.lock()
    {
        for s in secrets.iter() {
            out = out.replace(s.as_str(), "***");
        }
    }
    for marker in [
        "Signature=",
        "signature=",
        "Credential=",
        "X-Amz-Security-Token=",
        "x-amz-security-token: ",
        "x-amz-security-token\": \"",
        "X-Amz-Security-Token: ",
        "authorization: ",
        "Authorization: ",
        "\"authorization\": \"",
        "Bearer ",
        "bearer ",
        "k8s-aws-v1.",
        "token: ",
        "\"token\": \"",
        "password: ",
        "secret_access_key: ",
        "session_token: ",
        "access_key_id: \"",
        "access_key_id=Some(\"",
        "access_key_id=\"",
        "session_token: \"",
        "secret_access_key: \"",
    ] {
        out = mask_after(&out, marker);
    }
    out
}

/// Replaces the value that follows each `marker` (up to a delimiter) with `***`.
fn mask_after(text: &str, marker: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(marker) {
        out.push_str(&rest[..i + marker.len()]);
        rest = &rest[i + marker.len()..];
        let end = rest
            .find(|c: char| {
                c.is_whitespace() || matches!(c, ',' | '&' | '"' | '\'' | ')' | ']' | '}' | ';')
            })
            .unwrap_or(rest.len());
        if end > 0 {
            out.push_str("***");
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_signatures_tokens_and_registered_secrets() {
        register_secret("wJalrXUtnFEMI-SECRET");
        let line = "authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/eks/aws4_request, SignedHeaders=host, Signature=abcdef0123 x-amz-security-token: FwoGZXIvYXdz Bearer k8s-aws-v1.aHR0cHM6 secret wJalrXUtnFEMI-SECRET";
        let clean = redact(line);
        for leaked in [
            "AKIDEXAMPLE",
            "abcdef0123",
            "FwoGZXIvYXdz",
            "aHR0cHM6",
            "wJalrXUtnFEMI-SECRET",
            "AWS4-HMAC",
        ] {
            assert!(!clean.contains(leaked), "{leaked} in {clean}");
        }
        assert!(clean.contains("Signature=***"), "{clean}");
    }
}
