//! Wall time of whole runs of the offline commands, process start included (target: median under
//! 5 ms). A benchmark that prints figures, not a test: `scripts/bench-offline` or
//! `cargo bench --bench offline_startup`. EPI_BENCH_RUNS sets the number of runs (default 300).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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
    println!("binary: {exe}");
    println!("runs per case: {runs} (after 20 warm-up runs)\n");
    println!(
        "{:<30} {:>9} {:>9} {:>9} {:>9}  target < 5 ms (median)",
        "case", "min", "median", "p95", "max"
    );
    let mut missed = false;
    for (name, args) in cases {
        let run = || {
            let start = Instant::now();
            let status = Command::new(exe)
                .args(*args)
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
        let verdict = if median < TARGET { "met" } else { "MISSED" };
        missed |= median >= TARGET;
        println!(
            "{name:<30} {:>9} {:>9} {:>9} {:>9}  {verdict}",
            ms(times[0]),
            ms(median),
            ms(pick(0.95)),
            ms(*times.last().unwrap())
        );
    }
    if missed {
        println!("\nat least one case missed the target");
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}
