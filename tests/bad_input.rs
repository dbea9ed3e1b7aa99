//! The bad-input matrix: every case exits 2, names the bad value, prints `error:` and `hint:`, and
//! leaves no file behind (each case is given an output path that must not appear).

mod common;
use common::epi;

struct Case {
    args: &'static [&'static str],
    /// Text the error must contain: the bad value, or the option at fault.
    names: &'static str,
    /// The case writes to `-f OUT` (and `--policy-file POLICY` where the args say so).
    file_flag: bool,
}

const fn case(args: &'static [&'static str], names: &'static str) -> Case {
    Case {
        args,
        names,
        file_flag: true,
    }
}

const fn no_file(args: &'static [&'static str], names: &'static str) -> Case {
    Case {
        args,
        names,
        file_flag: false,
    }
}

const CASES: &[Case] = &[
    // policy trust
    case(&["policy", "trust", "--namespace", "Team_A"], "Team_A"),
    case(&["policy", "trust", "--namespace=-team"], "-team"),
    case(&["policy", "trust", "--service-account", "app_1"], "app_1"),
    case(&["policy", "trust", "--cluster-name=-prod"], "-prod"),
    case(
        &[
            "policy",
            "trust",
            "--cluster-arn",
            "arn:aws:eks:us-east-1:1111:cluster/prod",
        ],
        "arn:aws:eks:us-east-1:1111:cluster/prod",
    ),
    case(
        &[
            "policy",
            "trust",
            "--cluster-arn",
            "arn:aws:iam::111122223333:role/x",
        ],
        "arn:aws:iam::111122223333:role/x",
    ),
    case(&["policy", "trust", "--cluster-arn", "prod"], "prod"),
    case(
        &[
            "policy",
            "trust",
            "--target-role",
            "--source-role-arn",
            "arn:aws:iam::111122223333:user/bob",
        ],
        "arn:aws:iam::111122223333:user/bob",
    ),
    case(
        &[
            "policy",
            "trust",
            "--target-role",
            "--source-role-arn",
            "arn:aws:iam::111122223333:role/app",
            "--no-session-tags",
        ],
        "--cluster-arn",
    ),
    case(&["policy", "trust", "--target-role"], "--source-role-arn"),
    case(&["policy", "trust", "--no-session-tags"], "--target-role"),
    case(&["policy", "trust", "--output", "table"], "table"),
    // policy abac
    case(
        &["policy", "abac", "s3-prefix", "--bucket", "Bad_Bucket"],
        "Bad_Bucket",
    ),
    case(
        &[
            "policy",
            "abac",
            "s3-prefix",
            "--bucket",
            "data",
            "--prefix",
            "teams",
        ],
        "teams",
    ),
    case(
        &[
            "policy",
            "abac",
            "s3-prefix",
            "--bucket",
            "data",
            "--scope",
            "pod",
        ],
        "pod",
    ),
    case(
        &[
            "policy",
            "abac",
            "s3-prefix",
            "--bucket",
            "data",
            "--partition",
            "aws-mars",
        ],
        "aws-mars",
    ),
    case(
        &[
            "policy",
            "abac",
            "dynamodb",
            "--table",
            "orders",
            "--region",
            "us-east-1",
            "--account",
            "12345",
        ],
        "12345",
    ),
    case(
        &[
            "policy",
            "abac",
            "dynamodb",
            "--table",
            "orders",
            "--region",
            "useast1",
            "--account",
            "*",
        ],
        "useast1",
    ),
    case(
        &[
            "policy",
            "abac",
            "dynamodb",
            "--table",
            "x",
            "--region",
            "*",
            "--account",
            "*",
        ],
        "\"x\"",
    ),
    case(
        &["policy", "abac", "secrets-manager", "--region", "us-east-1"],
        "--account",
    ),
    case(
        &[
            "policy",
            "abac",
            "ssm-parameters",
            "--path",
            "a b",
            "--region",
            "*",
            "--account",
            "*",
        ],
        "a b",
    ),
    case(
        &[
            "policy",
            "abac",
            "sqs",
            "--scope",
            "cluster",
            "--region",
            "*",
            "--account",
            "*",
        ],
        "cluster",
    ),
    case(&["policy", "abac", "nosuch"], "nosuch"),
    // s3-csi scaffold
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "My_Bucket",
            "--name",
            "data",
        ],
        "My_Bucket",
    ),
    case(
        &["s3-csi", "scaffold", "--bucket", "data", "--name", "Data"],
        "Data",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--namespace",
            "team.a",
        ],
        "team.a",
    ),
    case(
        &[
            "s3-csi", "scaffold", "--bucket", "data", "--name", "data", "--prefix", "logs",
        ],
        "logs",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--mount-option=-o",
        ],
        "-o",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--mount-option",
            "ca-bundle=/etc/ca.pem",
        ],
        "ca-bundle=/etc/ca.pem",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--mount-option",
            "allow-delte",
        ],
        "allow-delte",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--mount-option",
            "uid=root",
        ],
        "uid=root",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--mount-option",
            "prefix=x",
        ],
        "prefix=x",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--read-only",
            "--mount-option",
            "allow-delete",
        ],
        "allow-delete",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--region",
            "us-east-1",
            "--mount-option",
            "region=us-west-2",
        ],
        "region",
    ),
    case(
        &[
            "s3-csi", "scaffold", "--bucket", "data", "--name", "data", "--region", "mars-1",
        ],
        "mars-1",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--authentication-source",
            "pod",
            "--driver-version",
            "v1",
        ],
        "v1",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--service-account",
            "app",
        ],
        "--service-account",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--authentication-source",
            "pod",
            "--service-account",
            "App",
        ],
        "App",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data--use1-az4--x-s3",
            "--name",
            "data",
        ],
        "--zone",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--zone",
            "us-east-1a",
        ],
        "--zone",
    ),
    case(
        &[
            "s3-csi", "scaffold", "--bucket", "data", "--name", "data", "--cache", "ram",
        ],
        "ram",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--cache-size-limit",
            "1Gi",
        ],
        "--cache",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--cache",
            "emptyDir",
            "--cache-medium",
            "ssd",
        ],
        "ssd",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--cache",
            "emptyDir",
            "--driver-version",
            "v1",
        ],
        "--cache",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--capacity",
            "lots",
        ],
        "lots",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--with-pod",
            "--mount-path",
            "data",
        ],
        "data",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--mount-option",
            "sse-kms-key-id=alias/mine",
        ],
        "alias/mine",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data--use1-az4--x-s3",
            "--name",
            "d",
            "--zone",
            "us-east-1a",
            "--with-policy",
            "--policy-file",
            "POLICY",
        ],
        "--account",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--account",
            "111122223333",
        ],
        "--account",
    ),
    case(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--with-policy",
            "--partition",
            "aws-mars",
        ],
        "aws-mars",
    ),
    no_file(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--with-policy",
        ],
        "--with-policy",
    ),
    no_file(
        &[
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "-f",
            "/nonexistent-dir/m.yaml",
        ],
        "/nonexistent-dir/m.yaml",
    ),
    // completions
    no_file(&["completions", "tcsh"], "tcsh"),
    // One convention for regions and namespaces: repeatable or comma-separated (#33 item 15).
    no_file(
        &[
            "doctor",
            "--cluster",
            "prod",
            "--region",
            "us-east-1,eu-west-1",
        ],
        "2 regions were given",
    ),
    no_file(
        &[
            "export",
            "--cluster",
            "prod",
            "--region",
            "us-east-1",
            "--regions",
            "eu-west-1",
        ],
        "--all-clusters",
    ),
    no_file(
        &[
            "association",
            "list",
            "--cluster",
            "prod",
            "--namespace",
            "a,Team_A",
        ],
        "Team_A",
    ),
    no_file(
        &[
            "access",
            "who-can",
            "--action",
            "s3:GetObject",
            "--resource",
            "*",
        ],
        "--all-clusters",
    ),
    no_file(&["apply"], "--plan"),
];

/// A case's arguments in a temporary directory: POLICY is a path there, and cases that write get
/// `-f OUT` there (which must not appear).
fn case_args(case: &Case, dir: &std::path::Path) -> Vec<String> {
    let mut args: Vec<String> = case
        .args
        .iter()
        .map(|a| {
            if *a == "POLICY" {
                dir.join("policy.json").to_str().unwrap().to_string()
            } else {
                a.to_string()
            }
        })
        .collect();
    if case.file_flag {
        args.extend([
            "-f".to_string(),
            dir.join("out.yaml").to_str().unwrap().to_string(),
        ]);
    }
    args
}

#[test]
fn every_bad_input_exits_2_names_the_value_and_writes_nothing() {
    let mut failures = Vec::new();
    for case in CASES {
        let dir = tempfile::tempdir().unwrap();
        let args = case_args(case, dir.path());
        let output = epi().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&output.stderr);
        let code = output.status.code();
        let mut problems = Vec::new();
        if code != Some(2) {
            problems.push(format!("exit {code:?}"));
        }
        if !err.contains(case.names) {
            problems.push(format!("message does not name {:?}", case.names));
        }
        if !err.contains("error:") {
            problems.push("no `error:` line".into());
        }
        // clap's own usage errors point at --help, or list the possible values, instead of a hint.
        if !(err.contains("hint:") || err.contains("try '--help'") || err.contains("tip:")) {
            problems.push("no hint".into());
        }
        if !output.stdout.is_empty() {
            problems.push("printed data on stdout".into());
        }
        // Messages are for people: never Rust Debug output.
        for marker in [
            "Some(",
            "DispatchFailure",
            "ConnectorError",
            "Error {",
            "kind: ",
        ] {
            if err.contains(marker) {
                problems.push(format!("Debug output ({marker:?}) in the message"));
            }
        }
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        if !left.is_empty() {
            problems.push(format!("left files {left:?}"));
        }
        if !problems.is_empty() {
            failures.push(format!("{:?}: {}\n{err}", case.args, problems.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

/// Every bad-input message as a person reads it, in one snapshot (tests/snapshots/), so a change
/// of wording is reviewed (`cargo insta review`).
#[test]
fn bad_input_messages_snapshot() {
    let mut all = String::new();
    for case in CASES {
        let dir = tempfile::tempdir().unwrap();
        let args = case_args(case, dir.path());
        let output = epi().env("NO_COLOR", "1").args(&args).output().unwrap();
        let err =
            String::from_utf8_lossy(&output.stderr).replace(dir.path().to_str().unwrap(), "<TMP>");
        let shown: Vec<String> = args
            .iter()
            .map(|a| a.replace(dir.path().to_str().unwrap(), "<TMP>"))
            .collect();
        all.push_str(&format!("$ epi {}\n{}\n", shown.join(" "), err.trim_end()));
    }
    insta::assert_snapshot!("bad_input_stderr", all);
}
