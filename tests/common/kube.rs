//! The Kubernetes API stand-in for integration tests (tests/kube_standin/server.py): makes a CA and
//! a leaf certificate signed by it (rustls rejects a self-signed leaf), starts the server on a free
//! 127.0.0.1 port over HTTPS, and writes a kubeconfig pointing at it.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::Value;

pub struct KubeStandIn {
    child: Child,
    pub port: u16,
    pub kubeconfig: PathBuf,
    /// The CA certificate (PEM) the stand-in's certificate is signed by.
    pub ca_pem: String,
    _dir: tempfile::TempDir,
}

pub const CONTEXT: &str = "standin";

impl KubeStandIn {
    pub fn start() -> KubeStandIn {
        Self::start_with_page_limit(0)
    }

    /// With every list page capped at `limit` items (0: no cap).
    pub fn start_with_page_limit(limit: u32) -> KubeStandIn {
        let dir = tempfile::tempdir().unwrap();
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "epi test CA");
        ca_params.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::CrlSign,
        ];
        let ca_cert = ca_params.self_signed(&ca_key).unwrap();
        let issuer = rcgen::Issuer::new(ca_params, ca_key);
        let leaf_key = rcgen::KeyPair::generate().unwrap();
        let leaf_params =
            rcgen::CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
                .unwrap();
        let leaf = leaf_params.signed_by(&leaf_key, &issuer).unwrap();
        let cert = dir.path().join("leaf.pem");
        let key = dir.path().join("leaf-key.pem");
        std::fs::write(&cert, leaf.pem()).unwrap();
        std::fs::write(&key, leaf_key.serialize_pem()).unwrap();

        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("python3")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/kube_standin/server.py"
            ))
            .args(["--port", &port.to_string(), "--cert"])
            .arg(&cert)
            .arg("--key")
            .arg(&key)
            .args(["--page-limit", &limit.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs the Kubernetes stand-in");
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the Kubernetes stand-in did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let ca_data = base64::engine::general_purpose::STANDARD.encode(ca_cert.pem());
        let kubeconfig = dir.path().join("kubeconfig");
        std::fs::write(
            &kubeconfig,
            format!(
                "apiVersion: v1\nkind: Config\nclusters:\n- name: standin\n  cluster:\n    server: https://127.0.0.1:{port}\n    certificate-authority-data: {ca_data}\ncontexts:\n- name: {CONTEXT}\n  context:\n    cluster: standin\n    user: admin\ncurrent-context: {CONTEXT}\nusers:\n- name: admin\n  user:\n    token: test-token\n"
            ),
        )
        .unwrap();
        KubeStandIn {
            child,
            port,
            kubeconfig,
            ca_pem: ca_cert.pem(),
            _dir: dir,
        }
    }

    /// Creates an object: `path` is the collection, e.g. /api/v1/namespaces/ns/serviceaccounts.
    pub fn create(&self, path: &str, object: Value) -> Value {
        self.request("POST", path, Some(object))
    }

    /// A merge patch of an object (a null removes a key).
    pub fn patch(&self, path: &str, patch: Value) -> Value {
        self.request_with("PATCH", path, Some(patch), "application/merge-patch+json")
    }

    pub fn delete(&self, path: &str) -> Value {
        self.request("DELETE", path, None)
    }

    pub fn get(&self, path: &str) -> Value {
        self.request("GET", path, None)
    }

    /// Every request the stand-in has seen.
    pub fn requests(&self) -> Vec<Value> {
        self.request("GET", "/_standin/requests", None)
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// A service account, with annotations.
    pub fn service_account(&self, namespace: &str, name: &str, annotations: Value) {
        self.create(
            &format!("/api/v1/namespaces/{namespace}/serviceaccounts"),
            serde_json::json!({"metadata": {"name": name, "annotations": annotations}}),
        );
    }

    fn request(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.request_with(method, path, body, "application/json")
    }

    fn request_with(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        content_type: &str,
    ) -> Value {
        // The test's own calls use curl, which trusts the stand-in with -k: only epi is tested for TLS.
        let mut cmd = Command::new("curl");
        cmd.args([
            "-sk",
            "-X",
            method,
            "-H",
            "Authorization: Bearer test-token",
            "-H",
            &format!("Content-Type: {content_type}"),
        ]);
        if let Some(b) = body {
            cmd.args(["--data", &b.to_string()]);
        }
        let out = cmd
            .arg(format!("https://127.0.0.1:{}{path}", self.port))
            .output()
            .expect("curl runs");
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
    }
}

impl Drop for KubeStandIn {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
