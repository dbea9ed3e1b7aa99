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
    // Enough output to overflow the pipe buffer: many findings, as JSON. (Spread over files
    // that each stay within IAM's size limit: a larger document gets one finding, issue #31.)
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for f in 0..150 {
        let statements: Vec<serde_json::Value> = (0..20)
            .map(|i| serde_json::json!({"Sid": format!("S{i}"), "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}))
            .collect();
        let policy = serde_json::json!({"Version": "2012-10-17", "Statement": statements});
        let path = dir.path().join(format!("big{f}.json"));
        std::fs::write(&path, policy.to_string()).unwrap();
        paths.push(path);
    }

    let mut child = Command::new(assert_cmd::cargo::cargo_bin("epi"))
        .args(["policy", "lint", "--output", "json"])
        .args(&paths)
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

// ---------------------------------------------------------------------------------------------
// The layering and the write rule (#23), read from the source tree.

/// Every `.rs` file under `src/DIR`, as (path from the crate root, text).
fn sources(dir: &str) -> Vec<(String, String)> {
    fn walk(path: &std::path::Path, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                let rel = p
                    .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                    .unwrap()
                    .display()
                    .to_string();
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src")
            .join(dir),
        &mut out,
    );
    out
}

/// The client methods that change AWS or Kubernetes. Only the executor (src/plan/execute.rs)
/// calls them; every command hands its plan to the runner.
const WRITES: &[&str] = &[
    "create_addon",
    "update_addon",
    "set_addon_pod_identity",
    "create_association",
    "update_association",
    "delete_association",
    "tag_resource",
    "untag_resource",
    "tag_role",
    "set_permissions_boundary",
    "detach_role_policy",
    "delete_role_policy",
    "delete_role_and_policies",
    "edit_trust_policy",
    "update_trust_policy",
    "create_role",
    "attach_role_policy",
    "put_role_policy",
    "annotate_service_account",
    "restart_workloads",
];

#[test]
fn only_the_executor_names_a_mutating_client_method() {
    // The list is the clients' writes: each is a method of src/aws or src/kube, and every method
    // there named like a write is on it (a new write cannot slip past the rule unlisted).
    let clients: Vec<(String, String)> =
        sources("aws").into_iter().chain(sources("kube")).collect();
    let write_like = regex_lite::Regex::new(
        r"(?m)^\s*pub(?:\(crate\))? async fn ((?:create|update|delete|put|attach|detach|tag|untag|set|annotate|restart|edit)_\w+)\(",
    )
    .unwrap();
    let mut defined = std::collections::BTreeSet::new();
    for (_, text) in &clients {
        for c in write_like.captures_iter(text) {
            defined.insert(c[1].to_string());
        }
    }
    let listed: std::collections::BTreeSet<String> = WRITES.iter().map(|s| s.to_string()).collect();
    assert_eq!(defined, listed, "the clients' writes and WRITES differ");

    let call = regex_lite::Regex::new(&format!(r"\.({})\s*\(", WRITES.join("|"))).unwrap();
    let mut offenders = Vec::new();
    for dir in ["commands", "plan", "policy", "manifest"] {
        for (path, text) in sources(dir) {
            if path == "src/plan/execute.rs" {
                continue;
            }
            for c in call.captures_iter(&text) {
                offenders.push(format!("{path}: .{}(", &c[1]));
            }
        }
    }
    for file in ["src/main.rs", "src/lib.rs", "src/cli.rs", "src/output.rs"] {
        let text =
            std::fs::read_to_string(format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        for c in call.captures_iter(&text) {
            offenders.push(format!("{file}: .{}(", &c[1]));
        }
    }
    assert!(
        offenders.is_empty(),
        "only src/plan/execute.rs may call a write; plan it as a Change and hand it to the runner: {offenders:#?}"
    );
}

#[test]
fn only_the_runner_drives_the_executor() {
    let mut offenders = Vec::new();
    for (path, text) in sources("commands") {
        if path == "src/commands/runner.rs" {
            continue;
        }
        for needle in [
            "execute::execute",
            "execute::Target",
            "Target::new(",
            " execute(",
        ] {
            if text.contains(needle) {
                offenders.push(format!("{path}: {needle}"));
            }
        }
        if text.contains("dialoguer::Confirm") {
            offenders.push(format!("{path}: a prompt of its own (use runner::confirm)"));
        }
    }
    assert!(
        offenders.is_empty(),
        "commands hand their plan to commands::runner: {offenders:#?}"
    );
}

#[test]
fn lower_layers_import_neither_clap_nor_the_printer_nor_a_command() {
    let mut offenders = Vec::new();
    for dir in ["policy", "manifest", "aws", "kube", "plan"] {
        for (path, text) in sources(dir) {
            for needle in [
                "clap::",
                "use clap",
                "crate::output",
                "crate::commands",
                "crate::cli",
            ] {
                // The plan layer's own unit tests may print with the printer's helpers.
                if path == "src/plan/tests.rs" && needle == "crate::output" {
                    continue;
                }
                if text.contains(needle) {
                    offenders.push(format!("{path}: {needle}"));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}

/// The match-only dispatches allowed past 150 lines: one arm per variant, each a few lines.
const LONG_DISPATCH: &[(&str, &str)] = &[
    ("src/plan/execute.rs", "apply"),
    ("src/plan/change.rs", "view"),
    ("src/plan/after.rs", "apply"),
];

#[test]
fn no_function_is_over_150_lines() {
    let start = regex_lite::Regex::new(
        r"^(\s*)(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?fn\s+(\w+)",
    )
    .unwrap();
    let mut offenders = Vec::new();
    for (path, text) in sources("") {
        if path.starts_with("src/generated") {
            continue;
        }
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(c) = start.captures(line) else {
                continue;
            };
            let close = format!("{}}}", &c[1]);
            let Some(end) = lines[i + 1..].iter().position(|l| *l == close) else {
                continue;
            };
            let length = end + 2;
            if length > 150 && !LONG_DISPATCH.contains(&(path.as_str(), &c[2])) {
                offenders.push(format!("{path}: fn {} is {length} lines", &c[2]));
            }
        }
    }
    assert!(offenders.is_empty(), "split these: {offenders:#?}");
}
