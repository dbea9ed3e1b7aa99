//! Every input path linear in its size (issue #31): whole runs of the offline commands on inputs of
//! 1x and 10x the size, process start included, and the ratio of their medians (target: under 12x
//! for 10x the input), plus a 1 MB policy linted (target: under 1 s). A benchmark that prints
//! figures, not a test: `scripts/bench-offline` or `cargo bench --bench input_scaling`.
//! EPI_BENCH_RUNS sets the number of runs of each size (default 5).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The most the 10x input may cost, in multiples of the 1x input's time.
const RATIO_TARGET: f64 = 12.0;

/// The command's arguments for an input file.
type Args = Box<dyn Fn(&Path) -> Vec<String>>;
/// Writes the input of a scale (1 or 10) into a folder; returns its path.
type Writer = Box<dyn Fn(&Path, usize) -> PathBuf>;

struct Case {
    name: &'static str,
    /// The command's arguments for the file of a given scale (1 or 10).
    args: Args,
    /// Writes the input of a scale; returns its path.
    write: Writer,
    /// The exit codes a run may end with (a refused input exits 2 after reading all of it).
    codes: &'static [i32],
}

fn main() {
    let exe = env!("CARGO_BIN_EXE_epi");
    let runs: usize = std::env::var("EPI_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let dir = std::env::temp_dir().join(format!("epi-bench-scaling-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let cases = cases();
    println!("binary: {exe}");
    println!("runs per size: {runs} (after one warm-up run)\n");
    println!(
        "{:<44} {:>10} {:>10} {:>10} {:>7}  verdict",
        "case", "bytes 10x", "1x", "10x", "ratio"
    );
    let mut missed = false;
    for case in &cases {
        let mut medians = Vec::new();
        let mut size = 0;
        for scale in [1usize, 10] {
            let path = (case.write)(&dir, scale);
            size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            let args = (case.args)(&path);
            let run = || {
                let start = Instant::now();
                let status = Command::new(exe)
                    .args(&args)
                    // The AWS commands read their files, then fail to reach a closed local port:
                    // what is timed is the reading.
                    .env("AWS_ACCESS_KEY_ID", "bench")
                    .env("AWS_SECRET_ACCESS_KEY", "bench")
                    .env("AWS_EC2_METADATA_DISABLED", "true")
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .expect("epi runs");
                let code = status.code().unwrap_or(-1);
                assert!(case.codes.contains(&code), "{}: exit {code}", case.name);
                start.elapsed()
            };
            run();
            let mut times: Vec<Duration> = (0..runs).map(|_| run()).collect();
            times.sort();
            medians.push(times[times.len() / 2]);
        }
        let ratio = medians[1].as_secs_f64() / medians[0].as_secs_f64().max(1e-9);
        let verdict = if ratio < RATIO_TARGET {
            "linear (met)"
        } else {
            missed = true;
            "MISSED"
        };
        println!(
            "{:<44} {:>10} {:>10} {:>10} {:>6.1}x  {verdict}",
            case.name,
            size,
            ms(medians[0]),
            ms(medians[1]),
            ratio
        );
    }
    // A 1 MB policy, linted: its own target.
    let path = dir.join("one-megabyte.json");
    std::fs::write(&path, policy_of_bytes(1 << 20)).expect("write");
    let start = Instant::now();
    let status = Command::new(exe)
        .args(["policy", "lint", "--output", "json"])
        .arg(&path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("epi runs");
    let took = start.elapsed();
    let met = took < Duration::from_secs(1);
    missed |= !met;
    println!(
        "\n{:<44} {:>10} {:>10}  {} (exit {})",
        "policy lint of a 1 MB policy",
        1 << 20,
        ms(took),
        if met {
            "met (1 s target)"
        } else {
            "MISSED (1 s target)"
        },
        status.code().unwrap_or(-1)
    );
    let _ = std::fs::remove_dir_all(&dir);
    if missed {
        println!("\nat least one case missed its target");
    }
}

fn write(dir: &Path, name: &str, scale: usize, text: String) -> PathBuf {
    let path = dir.join(format!("{name}-{scale}x"));
    std::fs::write(&path, text).expect("write");
    path
}

fn lint(path: &Path) -> Vec<String> {
    vec![
        "policy".into(),
        "lint".into(),
        "--output".into(),
        "json".into(),
        path.display().to_string(),
    ]
}

/// An identity policy of `n` statements, each with its own Sid.
fn statements(n: usize) -> String {
    let statements: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({"Sid": format!("S{i}"), "Effect": "Allow", "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:::data/team-{i}/*")})
        })
        .collect();
    serde_json::json!({"Version": "2012-10-17", "Statement": statements}).to_string()
}

/// A policy of about `bytes` bytes on one line (as minified JSON arrives).
fn policy_of_bytes(bytes: usize) -> String {
    statements(bytes / 95)
}

/// A PodIdentityConfig of `n` associations in one document.
fn config(n: usize) -> String {
    let mut text = String::from(
        "apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: demo\nregion: us-east-1\nassociations:\n",
    );
    for i in 0..n {
        text.push_str(&format!(
            "  - {{namespace: ns-{i}, serviceAccount: app, roleArn: 'arn:aws:iam::111122223333:role/r'}}\n"
        ));
    }
    text
}

/// The arguments that point an AWS command at a closed local port, tried once.
fn unreachable_aws() -> Vec<String> {
    [
        "--endpoint-url",
        "http://127.0.0.1:9",
        "--max-attempts",
        "1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "plan: 2,000 associations",
            args: Box::new(|p| {
                let mut args = vec!["plan".into(), "-f".into(), p.display().to_string()];
                args.extend(unreachable_aws());
                args
            }),
            write: Box::new(|d, s| {
                let path = d.join(format!("config-{s}x.yaml"));
                std::fs::write(&path, config(2_000 * s)).expect("write");
                path
            }),
            // Read and checked, then AWS cannot be reached.
            codes: &[1],
        },
        Case {
            name: "apply --plan: a saved plan of 2,000 associations",
            args: Box::new(|p| {
                let mut args = vec![
                    "apply".into(),
                    "--plan".into(),
                    p.display().to_string(),
                    "--yes".into(),
                ];
                args.extend(unreachable_aws());
                args
            }),
            write: Box::new(|d, s| {
                // No planned changes (the digest of an empty list: SHA-256 of `[]`), the files
                // as inputs: it is read, its digest checked and its inputs parsed, then AWS
                // cannot be reached.
                let plan = serde_json::json!({
                    "apiVersion": "epi/v1alpha1",
                    "kind": "PodIdentityPlan",
                    "digest": "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945",
                    "inputs": [{"name": "config.yaml", "text": config(2_000 * s)}],
                    "prune": false,
                    "adopt": false,
                    "clusters": []
                });
                write(d, "saved-plan", s, plan.to_string())
            }),
            codes: &[1],
        },
        Case {
            name: "policy lint: 2,000 statements",
            args: Box::new(lint),
            write: Box::new(|d, s| write(d, "statements", s, statements(2_000 * s))),
            codes: &[0, 1],
        },
        Case {
            name: "policy lint: a 100 KB policy, one line",
            args: Box::new(lint),
            write: Box::new(|d, s| write(d, "bytes", s, policy_of_bytes(100_000 * s))),
            codes: &[0, 1],
        },
        Case {
            name: "policy lint: 18,500 unknown actions",
            args: Box::new(lint),
            write: Box::new(|d, s| {
                let actions: Vec<String> = (0..18_500 * s).map(|i| format!("s3:Gx{i}")).collect();
                let doc = serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]});
                write(d, "unknown", s, doc.to_string())
            }),
            codes: &[0, 1],
        },
        Case {
            name: "policy simulate: 200 KB resource, 5,000-char pattern",
            args: Box::new(|p| {
                vec![
                    "policy".into(),
                    "simulate".into(),
                    "--input".into(),
                    p.display().to_string(),
                ]
            }),
            write: Box::new(|d, s| {
                let pattern = format!("arn:aws:s3:::{}b*", "a*".repeat(2_500));
                let resource = format!("arn:aws:s3:::{}", "a".repeat(200_000 * s));
                let doc = serde_json::json!({
                    "request": {"principal": "arn:aws:sts::111122223333:assumed-role/app/s", "action": "s3:GetObject", "resource": resource},
                    "identityPolicies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": pattern}]}]
                });
                write(d, "simulate", s, doc.to_string())
            }),
            codes: &[0, 1],
        },
        Case {
            name: "access test: 1,000 AccessTests documents",
            args: Box::new(|p| {
                vec![
                    "access".into(),
                    "test".into(),
                    "-f".into(),
                    p.display().to_string(),
                    "--region".into(),
                    "us-east-1".into(),
                ]
            }),
            write: Box::new(|d, s| {
                let doc = "apiVersion: epi/v1alpha1\nkind: AccessTests\ncluster: demo\ntests:\n  - serviceAccount: team-a/app\n    action: s3:GetObject\n    resource: arn:aws:s3:::data/team-a/x\n    expect: allowed\n";
                let text = vec![doc; 1_000 * s].join("---\n");
                write(d, "access-tests", s, text)
            }),
            // No PodIdentityConfig describes the cluster: refused after every document is read.
            codes: &[2],
        },
        Case {
            name: "access who-can --snapshot: 2,000 associations",
            args: Box::new(|p| {
                [
                    "access",
                    "who-can",
                    "--all-clusters",
                    "--action",
                    "s3:GetObject",
                    "--resource",
                    "arn:aws:s3:::data/team-1/x",
                    "--all",
                    "-o",
                    "json",
                    "--snapshot",
                ]
                .iter()
                .map(|a| a.to_string())
                .chain([p.display().to_string()])
                .collect()
            }),
            write: Box::new(|d, s| write(d, "snapshot", s, snapshot(2_000 * s))),
            codes: &[0],
        },
    ]
}

/// A PodIdentitySnapshot of `associations` associations in clusters of 100, one role for every
/// ten associations, each role with a trust policy and an inline policy of ten statements.
fn snapshot(associations: usize) -> String {
    use serde_json::json;
    let account = "111122223333";
    let role_arn = |r: usize| format!("arn:aws:iam::{account}:role/app-{r}");
    let clusters: Vec<serde_json::Value> = (0..associations.div_ceil(100))
        .map(|c| {
            let name = format!("c-{c}");
            let associations: Vec<serde_json::Value> = (c * 100..((c + 1) * 100).min(associations))
                .map(|i| {
                    json!({
                        "clusterName": name,
                        "namespace": format!("team-{}", i % 50),
                        "serviceAccount": format!("sa-{i}"),
                        "roleArn": role_arn(i / 10),
                        "associationId": format!("a-{i:016x}"),
                        "associationArn": format!("arn:aws:eks:us-east-1:{account}:podidentityassociation/{name}/a-{i:016x}"),
                        "targetRoleArn": null,
                        "disableSessionTags": false,
                        "externalId": null,
                        "sessionPolicy": null,
                        "ownerArn": null,
                        "tags": {},
                        "createdAt": null,
                        "modifiedAt": null
                    })
                })
                .collect();
            json!({
                "account": account, "region": "us-east-1", "name": name,
                "arn": format!("arn:aws:eks:us-east-1:{account}:cluster/{name}"),
                "status": "ACTIVE", "version": "1.31", "oidcIssuer": null,
                "associations": associations
            })
        })
        .collect();
    let roles: Vec<serde_json::Value> = (0..associations.div_ceil(10))
        .map(|r| {
            let statements: Vec<serde_json::Value> = (0..10)
                .map(|k| json!({"Sid": format!("S{k}"), "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": format!("arn:aws:s3:::data/${{aws:PrincipalTag/kubernetes-namespace}}/{k}/*")}))
                .collect();
            json!({
                "arn": role_arn(r),
                "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]},
                "tags": {},
                "managedPolicies": [],
                "inlinePolicies": [{"name": "data", "document": {"Version": "2012-10-17", "Statement": statements}}]
            })
        })
        .collect();
    json!({
        "apiVersion": "epi/v1alpha1",
        "kind": "PodIdentitySnapshot",
        "takenAt": "2026-12-08T00:00:00Z",
        "epiVersion": "0.1.0",
        "places": [{"account": account, "region": "us-east-1"}],
        "clusters": clusters,
        "roles": roles
    })
    .to_string()
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
