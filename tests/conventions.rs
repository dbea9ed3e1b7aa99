//! Conventions every command follows: offline commands never touch AWS configuration, credentials
//! or the network; a closed pipe is not an error; colour follows --color and NO_COLOR.

mod common;
use common::epi;

use std::io::Read;
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::Duration;

/// Offline commands, each with the arguments of a successful run.
const OFFLINE: &[&[&str]] = &[
    &["policy", "trust", "--namespace", "team-a"],
    &["policy", "abac", "s3-prefix", "--bucket", "data"],
    &["policy", "abac", "--list"],
    &["s3-csi", "scaffold", "--bucket", "data", "--name", "data"],
    &["completions", "bash"],
    &["schema"],
    &["policy", "well-known", "--list"],
    &[
        "policy",
        "simulate",
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::data/x",
        "--principal",
        "arn:aws:sts::111122223333:assumed-role/app/s",
    ],
];

/// AWS configuration and credential files are FIFOs with no writer: reading one would block the
/// process forever, so a run that finishes proves they were never opened. Every AWS endpoint
/// (IMDS, container credentials, service endpoints) points at a listener that records connections.
#[test]
fn offline_commands_never_read_aws_configuration_or_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = |name: &str| {
        let path = dir.path().join(name);
        let status = Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
        path
    };
    let config = fifo("config");
    let credentials = fifo("credentials");
    let token = fifo("token");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let home = dir.path().join("home");
    std::fs::create_dir(&home).unwrap();

    for args in OFFLINE {
        let out = epi()
            .args(*args)
            .env("HOME", &home)
            .env("AWS_CONFIG_FILE", &config)
            .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
            .env("AWS_WEB_IDENTITY_TOKEN_FILE", &token)
            .env("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/unused")
            .env("AWS_PROFILE", "does-not-exist")
            .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", &endpoint)
            .env(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                format!("{endpoint}/creds"),
            )
            .env("AWS_ENDPOINT_URL", &endpoint)
            .timeout(Duration::from_secs(30))
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?} did not finish cleanly (a blocked read of AWS config ends in a timeout): {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(
        listener.accept().is_err(),
        "an offline command connected to an AWS endpoint"
    );
}

#[test]
fn a_closed_pipe_exits_zero_quietly() {
    // Enough output to overflow the pipe buffer: a policy with many findings, as JSON.
    let statements: Vec<serde_json::Value> = (0..3000)
        .map(|i| serde_json::json!({"Sid": format!("S{i}"), "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}))
        .collect();
    let policy = serde_json::json!({"Version": "2012-10-17", "Statement": statements});
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    std::fs::write(&path, policy.to_string()).unwrap();

    let mut child = Command::new(assert_cmd::cargo::cargo_bin("epi"))
        .args(["policy", "lint", "--output", "json"])
        .arg(&path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout); // like `| head -c 16`
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "stderr: {stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn colour_follows_color_and_no_color() {
    let run = |args: &[&str], no_color: bool| {
        let mut cmd = epi();
        if !no_color {
            cmd.env_remove("NO_COLOR");
        }
        let out = cmd.args(args).output().unwrap();
        String::from_utf8(out.stderr).unwrap()
    };
    let bad = ["policy", "trust", "--namespace", "BAD"];
    assert!(run(&[&["--color", "always"][..], &bad].concat(), false).contains("\x1b["));
    assert!(!run(&[&["--color", "never"][..], &bad].concat(), false).contains("\x1b["));
    // auto: stderr is a pipe here, so no colour
    assert!(!run(&bad, false).contains("\x1b["));
    // NO_COLOR beats --color auto
    assert!(!run(&bad, true).contains("\x1b["));
}
