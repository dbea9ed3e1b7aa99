//! The local AWS test bed for integration tests: starts tests/testbed/server.py (ministack with
//! the gaps closed, see docs/testing.md) on a free 127.0.0.1 port, one per test process, and gives
//! the test an `epi` command pointed at it plus SDK clients to seed and inspect the state
//! independently of epi.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aws_credential_types::Credentials;
use serde_json::Value;

pub const REGION: &str = "us-east-1";
pub const ACCOUNT: &str = "000000000000";
/// The first subnet of the emulator's default VPC (ministack's EC2, `vpc-00000001`).
pub const DEFAULT_SUBNET: &str = "subnet-00000001";

pub struct TestBed {
    child: Child,
    pub port: u16,
    pub endpoint: String,
    dir: tempfile::TempDir,
    runtime: tokio::runtime::Runtime,
}

fn python() -> PathBuf {
    match std::env::var_os("EPI_TESTBED_PYTHON") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv-ministack/bin/python"),
    }
}

impl TestBed {
    pub fn start() -> TestBed {
        let dir = tempfile::tempdir().unwrap();
        let python = python();
        assert!(
            python.exists(),
            "{} is missing: run the tests with scripts/test, which installs the test bed",
            python.display()
        );
        // Several tests start at once: retry on the rare port clash.
        for _ in 0..5 {
            let port = TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let log = std::fs::File::create(dir.path().join("testbed.log")).unwrap();
            let mut child = Command::new(&python)
                .arg(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/tests/testbed/server.py"
                ))
                .env("BIND_HOST", "127.0.0.1")
                .env("GATEWAY_PORT", port.to_string())
                .env("LOG_LEVEL", "WARNING")
                .env("TMPDIR", dir.path())
                .stdin(Stdio::null())
                .stdout(log.try_clone().unwrap())
                .stderr(log)
                .spawn()
                .expect("the test bed starts");
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(30) {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                if TcpStream::connect(("127.0.0.1", port)).is_ok()
                    && http(port, "GET", "/_ministack/health", "").is_some()
                {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap();
                    return TestBed {
                        child,
                        port,
                        endpoint: format!("http://127.0.0.1:{port}"),
                        dir,
                        runtime,
                    };
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!(
            "the test bed did not start: {}",
            std::fs::read_to_string(dir.path().join("testbed.log")).unwrap_or_default()
        );
    }

    /// `epi` with dummy credentials, region us-east-1, every AWS endpoint at the test bed, and no
    /// AWS files of the developer's.
    pub fn epi(&self) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.epi_std())
    }

    /// The same, as a std Command (for tests that spawn and kill it).
    pub fn epi_std(&self) -> std::process::Command {
        let mut cmd = super::epi_std();
        cmd.env("AWS_ACCESS_KEY_ID", "AKIDTESTBED")
            .env("AWS_SECRET_ACCESS_KEY", "testbed-secret")
            .env("AWS_REGION", REGION)
            .env("AWS_ENDPOINT_URL", &self.endpoint)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", self.dir.path().join("no-config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.dir.path().join("no-credentials"),
            )
            .env("HOME", self.dir.path())
            // No settle wait before the end-of-run trust check (tests of the races set one).
            .env("EPI_SETTLE_DELAY", "0")
            .env_remove("KUBECONFIG");
        cmd
    }

    /// Runs epi with `args`, holding every AWS request after the `n`th from now and killing epi
    /// there (SIGKILL: no clean-up can run). Returns the exit status when epi finished before
    /// making that many requests, else None (it was killed).
    pub fn run_killed_after(&self, n: u64, args: &[&str]) -> Option<std::process::ExitStatus> {
        let count = || {
            self.control("GET", "/_epi/requests", Value::Null)["count"]
                .as_u64()
                .unwrap()
        };
        let start = count();
        self.control(
            "POST",
            "/_epi/hang",
            serde_json::json!({"after": start + n}),
        );
        let mut child = self
            .epi_std()
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        let finished = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if count() > start + n {
                break None;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no progress at point {n}"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        let _ = child.kill();
        let _ = child.wait();
        self.control("POST", "/_epi/hang", serde_json::json!({"after": null}));
        finished
    }

    /// Runs epi against the test bed: (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.epi().args(args).output().unwrap();
        (
            out.status.code().unwrap(),
            super::stdout_of(&out),
            super::stderr_of(&out),
        )
    }

    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.runtime.block_on(f)
    }

    fn credentials() -> Credentials {
        Credentials::new("AKIDTESTBED", "testbed-secret", None, None, "testbed")
    }

    pub fn eks_in(&self, region: &str) -> aws_sdk_eks::Client {
        let conf = aws_sdk_eks::Config::builder()
            .behavior_version(aws_sdk_eks::config::BehaviorVersion::latest())
            .region(aws_sdk_eks::config::Region::new(region.to_string()))
            .endpoint_url(&self.endpoint)
            .credentials_provider(Self::credentials())
            .build();
        aws_sdk_eks::Client::from_conf(conf)
    }

    /// EKS of another account (a 12-digit access key id selects it) in a region.
    pub fn eks_of(&self, account: &str, region: &str) -> aws_sdk_eks::Client {
        let conf = aws_sdk_eks::Config::builder()
            .behavior_version(aws_sdk_eks::config::BehaviorVersion::latest())
            .region(aws_sdk_eks::config::Region::new(region.to_string()))
            .endpoint_url(&self.endpoint)
            .credentials_provider(Credentials::new(
                account,
                "other-secret",
                None,
                None,
                "testbed",
            ))
            .build();
        aws_sdk_eks::Client::from_conf(conf)
    }

    pub fn eks(&self) -> aws_sdk_eks::Client {
        self.eks_in(REGION)
    }

    pub fn iam(&self) -> aws_sdk_iam::Client {
        let conf = aws_sdk_iam::Config::builder()
            .behavior_version(aws_sdk_iam::config::BehaviorVersion::latest())
            .region(aws_sdk_iam::config::Region::new(REGION))
            .endpoint_url(&self.endpoint)
            .credentials_provider(Self::credentials())
            .build();
        aws_sdk_iam::Client::from_conf(conf)
    }

    /// S3, path-style (the test bed's endpoint is an IP address).
    pub fn s3(&self) -> aws_sdk_s3::Client {
        let conf = aws_sdk_s3::Config::builder()
            .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
            .region(aws_sdk_s3::config::Region::new(REGION))
            .endpoint_url(&self.endpoint)
            .credentials_provider(Self::credentials())
            .force_path_style(true)
            .build();
        aws_sdk_s3::Client::from_conf(conf)
    }

    pub fn ec2(&self) -> aws_sdk_ec2::Client {
        let conf = aws_sdk_ec2::Config::builder()
            .behavior_version(aws_sdk_ec2::config::BehaviorVersion::latest())
            .region(aws_sdk_ec2::config::Region::new(REGION))
            .endpoint_url(&self.endpoint)
            .credentials_provider(Self::credentials())
            .build();
        aws_sdk_ec2::Client::from_conf(conf)
    }

    pub fn athena(&self) -> aws_sdk_athena::Client {
        let conf = aws_sdk_athena::Config::builder()
            .behavior_version(aws_sdk_athena::config::BehaviorVersion::latest())
            .region(aws_sdk_athena::config::Region::new(REGION))
            .endpoint_url(&self.endpoint)
            .credentials_provider(Self::credentials())
            .build();
        aws_sdk_athena::Client::from_conf(conf)
    }

    /// Runs one Athena statement to its end (DDL in the tests); panics when it fails.
    pub fn athena_run(&self, sql: &str, output: &str) {
        let athena = self.athena();
        self.block_on(async {
            let id = athena
                .start_query_execution()
                .query_string(sql)
                .result_configuration(
                    aws_sdk_athena::types::ResultConfiguration::builder()
                        .output_location(output)
                        .build(),
                )
                .send()
                .await
                .expect("StartQueryExecution")
                .query_execution_id()
                .unwrap()
                .to_string();
            for _ in 0..200 {
                let out = athena
                    .get_query_execution()
                    .query_execution_id(&id)
                    .send()
                    .await
                    .expect("GetQueryExecution");
                let status = out.query_execution().unwrap().status().unwrap();
                use aws_sdk_athena::types::QueryExecutionState as S;
                match status.state().unwrap() {
                    S::Succeeded => return,
                    S::Failed | S::Cancelled => {
                        panic!("{sql}: {:?}", status.state_change_reason())
                    }
                    _ => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
                }
            }
            panic!("{sql}: still running after 10 s");
        })
    }

    pub fn kms(&self) -> aws_sdk_kms::Client {
        let conf = aws_sdk_kms::Config::builder()
            .behavior_version(aws_sdk_kms::config::BehaviorVersion::latest())
            .region(aws_sdk_kms::config::Region::new(REGION))
            .endpoint_url(&self.endpoint)
            .credentials_provider(Self::credentials())
            .build();
        aws_sdk_kms::Client::from_conf(conf)
    }

    /// AWS Organizations as the caller's (management) account: the emulator keeps one
    /// organisation per calling account.
    pub fn organizations(&self) -> aws_sdk_organizations::Client {
        let conf = aws_sdk_organizations::Config::builder()
            .behavior_version(aws_sdk_organizations::config::BehaviorVersion::latest())
            .region(aws_sdk_organizations::config::Region::new(REGION))
            .endpoint_url(&self.endpoint)
            .credentials_provider(Self::credentials())
            .build();
        aws_sdk_organizations::Client::from_conf(conf)
    }

    /// IAM of another account: ministack takes the account from a 12-digit access key id.
    pub fn iam_of(&self, account: &str) -> aws_sdk_iam::Client {
        let conf = aws_sdk_iam::Config::builder()
            .behavior_version(aws_sdk_iam::config::BehaviorVersion::latest())
            .region(aws_sdk_iam::config::Region::new(REGION))
            .endpoint_url(&self.endpoint)
            .credentials_provider(Credentials::new(
                account,
                "other-secret",
                None,
                None,
                "testbed",
            ))
            .build();
        aws_sdk_iam::Client::from_conf(conf)
    }

    /// A test-control call (POST/GET under /_epi/).
    pub fn control(&self, method: &str, path: &str, body: Value) -> Value {
        let text = http(self.port, method, path, &body.to_string()).expect("the test bed answers");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// Every EKS call the test bed has seen.
    pub fn calls(&self) -> Vec<Value> {
        self.control("GET", "/_epi/calls", Value::Null)
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub fn create_cluster_in(&self, region: &str, name: &str) {
        self.create_cluster_of(ACCOUNT, region, name);
    }

    /// A cluster of `account` (the caller's, or another by its 12-digit key) in the emulator's
    /// default VPC: its subnets route to an internet gateway and give public addresses, so
    /// doctor's eks-auth-endpoint check passes unless a test builds another network.
    pub fn create_cluster_of(&self, account: &str, region: &str, name: &str) {
        let eks = if account == ACCOUNT {
            self.eks_in(region)
        } else {
            self.eks_of(account, region)
        };
        self.block_on(
            eks.create_cluster()
                .name(name)
                .role_arn(format!("arn:aws:iam::{account}:role/eks-cluster"))
                .resources_vpc_config(
                    aws_sdk_eks::types::VpcConfigRequest::builder()
                        .subnet_ids(DEFAULT_SUBNET)
                        .build(),
                )
                .send(),
        )
        .unwrap();
    }

    pub fn create_cluster(&self, name: &str) {
        self.create_cluster_in(REGION, name);
    }

    /// The cluster's IAM OIDC provider: its issuer without the scheme (the test bed's issuers are
    /// http, AWS's https).
    pub fn oidc_provider(&self, cluster: &str) -> String {
        let issuer = self
            .block_on(self.eks().describe_cluster().name(cluster).send())
            .unwrap()
            .cluster()
            .and_then(|c| c.identity())
            .and_then(|i| i.oidc())
            .and_then(|o| o.issuer())
            .expect("the cluster has an OIDC issuer")
            .to_string();
        issuer
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .to_string()
    }

    /// Creates a role with a trust policy; returns its ARN.
    pub fn create_role(&self, name: &str, trust: &Value) -> String {
        self.create_role_at("/", name, trust)
    }

    /// Creates a role under an IAM path; returns its ARN.
    pub fn create_role_at(&self, path: &str, name: &str, trust: &Value) -> String {
        let out = self
            .block_on(
                self.iam()
                    .create_role()
                    .path(path)
                    .role_name(name)
                    .assume_role_policy_document(trust.to_string())
                    .send(),
            )
            .unwrap();
        out.role().unwrap().arn().to_string()
    }

    /// Tags a role, as anyone with `iam:TagRole` can.
    pub fn tag_role(&self, name: &str, tags: &[(&str, &str)]) {
        let mut call = self.iam().tag_role().role_name(name);
        for (k, v) in tags {
            call = call.tags(
                aws_sdk_iam::types::Tag::builder()
                    .key(*k)
                    .value(*v)
                    .build()
                    .unwrap(),
            );
        }
        self.block_on(call.send()).unwrap();
    }

    /// The role's trust policy, decoded, or None when the role does not exist.
    pub fn trust_policy(&self, name: &str) -> Option<Value> {
        let out = self
            .block_on(self.iam().get_role().role_name(name).send())
            .ok()?;
        let doc = out.role()?.assume_role_policy_document()?.to_string();
        Some(epi::aws::iam::decode_policy(&doc).unwrap())
    }

    pub fn create_association_in(
        &self,
        region: &str,
        cluster: &str,
        namespace: &str,
        service_account: &str,
        role_arn: &str,
    ) -> String {
        let out = self
            .block_on(
                self.eks_in(region)
                    .create_pod_identity_association()
                    .cluster_name(cluster)
                    .namespace(namespace)
                    .service_account(service_account)
                    .role_arn(role_arn)
                    .send(),
            )
            .unwrap();
        out.association()
            .unwrap()
            .association_id()
            .unwrap()
            .to_string()
    }

    pub fn create_association(
        &self,
        cluster: &str,
        namespace: &str,
        service_account: &str,
        role_arn: &str,
    ) -> String {
        self.create_association_in(REGION, cluster, namespace, service_account, role_arn)
    }

    /// Every association of a cluster, described: (namespace, service account, role, full object).
    pub fn associations(&self, cluster: &str) -> Vec<aws_sdk_eks::types::PodIdentityAssociation> {
        let eks = self.eks();
        self.block_on(async {
            let mut out = Vec::new();
            let mut token = None;
            loop {
                let page = eks
                    .list_pod_identity_associations()
                    .cluster_name(cluster)
                    .set_next_token(token)
                    .send()
                    .await
                    .unwrap();
                for s in page.associations() {
                    let d = eks
                        .describe_pod_identity_association()
                        .cluster_name(cluster)
                        .association_id(s.association_id().unwrap())
                        .send()
                        .await
                        .unwrap();
                    out.push(d.association().unwrap().clone());
                }
                token = page.next_token().map(str::to_string);
                if token.is_none() {
                    break;
                }
            }
            out
        })
    }

    pub fn addon(&self, cluster: &str, name: &str) -> Option<aws_sdk_eks::types::Addon> {
        self.block_on(
            self.eks()
                .describe_addon()
                .cluster_name(cluster)
                .addon_name(name)
                .send(),
        )
        .ok()
        .and_then(|o| o.addon().cloned())
    }
}

impl Drop for TestBed {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A minimal HTTP/1.1 exchange (Connection: close); returns the body on 2xx.
fn http(port: u16, method: &str, path: &str, body: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    let ok = head
        .split_whitespace()
        .nth(1)
        .is_some_and(|code| code.starts_with('2'));
    ok.then(|| body.to_string())
}

/// A shared-credentials file with one profile whose 12-digit access key selects `account` on
/// the test bed (for `--target-profile` and the like); returns its path.
pub fn credentials_file(dir: &std::path::Path, profile: &str, account: &str) -> PathBuf {
    let path = dir.join("credentials");
    std::fs::write(
        &path,
        format!(
            "[{profile}]\naws_access_key_id = {account}\naws_secret_access_key = {profile}-secret\n"
        ),
    )
    .unwrap();
    path
}

/// The fixed Pod Identity trust policy.
pub fn pod_identity_trust() -> Value {
    serde_json::json!({"Version":"2012-10-17","Statement":[{"Sid":"AllowEksAuthToAssumeRoleForPodIdentity","Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]})
}

/// A trust policy that lets Pod Identity assume the role but not tag the session.
pub fn assume_only_trust() -> Value {
    serde_json::json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":"sts:AssumeRole"}]})
}
