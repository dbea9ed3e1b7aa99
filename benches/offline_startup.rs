//! Wall time of whole runs of the offline commands, process start included (target: median under
//! 5 ms). A benchmark that prints figures, not a test: `scripts/bench-offline` or
//! `cargo bench --bench offline_startup`. EPI_BENCH_RUNS sets the number of runs (default 300).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "shared/fifty_by_twenty.rs"]
mod fifty_by_twenty;

const TARGET: Duration = Duration::from_millis(5);

fn main() {
    let exe = env!("CARGO_BIN_EXE_epi");
    let runs: usize = std::env::var("EPI_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let cases: &[(&str, &[&str])] = &[
        ("epi policy trust", &["policy", "trust"]),
        (
            "epi policy trust (scoped)",
            &[
                "policy",
                "trust",
                "--namespace",
                "team-a",
                "--service-account",
                "app",
                "--cluster-name",
                "prod",
            ],
        ),
        (
            "epi policy abac s3-prefix",
            &["policy", "abac", "s3-prefix", "--bucket", "data"],
        ),
        (
            "epi s3-csi scaffold",
            &[
                "s3-csi",
                "scaffold",
                "--bucket",
                "data",
                "--name",
                "data",
                "--namespace",
                "team-a",
            ],
        ),
        (
            "epi s3-csi scaffold (full)",
            &[
                "s3-csi",
                "scaffold",
                "--bucket",
                "data",
                "--name",
                "data",
                "--namespace",
                "team-a",
                "--read-only",
                "--prefix",
                "logs/",
                "--authentication-source",
                "pod",
                "--service-account",
                "reader",
                "--with-pod",
                "-q",
            ],
        ),
    ];
    // `epi policy simulate` reads its policies from files: write them once.
    let dir = std::env::temp_dir().join(format!("epi-bench-simulate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let file = |name: &str, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        path.display().to_string()
    };
    let abac = file(
        "abac.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/*"}]}"#.into(),
    );
    let scp = file(
        "scp.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
            .into(),
    );
    let big = file("input.json", epi_bench_input());
    let simulate_flags: Vec<String> = [
        "policy",
        "simulate",
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::data/team-a/x",
        "--principal",
        "arn:aws:sts::111122223333:assumed-role/app/s",
        "--context",
        "aws:PrincipalTag/kubernetes-namespace=team-a",
        "--policy",
        &abac,
        "--permissions-boundary",
        &abac,
        "--scp",
        &scp,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let simulate_big: Vec<String> = ["policy", "simulate", "--input", &big]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut cases: Vec<(&str, Vec<String>, Duration)> = cases
        .iter()
        .map(|(n, a)| (*n, a.iter().map(|s| s.to_string()).collect(), TARGET))
        .collect();
    cases.push(("epi policy simulate", simulate_flags, TARGET));
    // 1000 statements, each linted before it is evaluated: its own target.
    cases.push((
        "epi policy simulate (50x20)",
        simulate_big,
        Duration::from_millis(25),
    ));
    println!("binary: {exe}");
    println!("runs per case: {runs} (after 20 warm-up runs)\n");
    println!(
        "{:<30} {:>9} {:>9} {:>9} {:>9}  verdict on the median",
        "case", "min", "median", "p95", "max"
    );
    let mut missed = false;
    for (name, args, target) in &cases {
        let run = || {
            let start = Instant::now();
            let status = Command::new(exe)
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("epi runs");
            assert!(status.success(), "{name} failed");
            start.elapsed()
        };
        for _ in 0..20 {
            run();
        }
        let mut times: Vec<Duration> = (0..runs).map(|_| run()).collect();
        times.sort();
        let pick = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
        let median = pick(0.5);
        let verdict = if median < *target {
            format!("met ({} ms target)", target.as_millis())
        } else {
            format!("MISSED ({} ms target)", target.as_millis())
        };
        missed |= median >= *target;
        println!(
            "{name:<30} {:>9} {:>9} {:>9} {:>9}  {verdict}",
            ms(times[0]),
            ms(median),
            ms(pick(0.95)),
            ms(*times.last().unwrap())
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    if missed {
        println!("\nat least one case missed the target");
    }
}

/// A `--input` document with the 50 x 20 policies of the evaluator bench.
fn epi_bench_input() -> String {
    let context: serde_json::Map<String, serde_json::Value> = fifty_by_twenty::CONTEXT
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::json!(v)))
        .collect();
    serde_json::json!({
        "request": {
            "principal": fifty_by_twenty::PRINCIPAL,
            "action": "s3:GetObject",
            "resource": fifty_by_twenty::RESOURCE,
            "context": context
        },
        "identityPolicies": fifty_by_twenty::policies()
    })
    .to_string()
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}
