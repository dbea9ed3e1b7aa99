//! The evaluator alone, in process: one request against 50 identity policies of 20 statements
//! each (target: median under 1 ms). A benchmark that prints figures, not a test:
//! `cargo bench --bench evaluator`. EPI_BENCH_RUNS sets the number of runs (default 2000).

use std::time::{Duration, Instant};

use epi::policy::eval::{self, Context, Decision, Named, Policies, Principal, Request};
use serde_json::json;

const TARGET: Duration = Duration::from_millis(1);

fn main() {
    let runs: usize = std::env::var("EPI_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    // Every statement must be looked at: wildcards, a variable in Resource and a condition each;
    // only the very last one allows the request.
    let docs: Vec<serde_json::Value> = (0..50)
        .map(|p| {
            let statements: Vec<serde_json::Value> = (0..20)
                .map(|s| {
                    let last = p == 49 && s == 19;
                    json!({
                        "Sid": format!("S{p}x{s}"),
                        "Effect": "Allow",
                        "Action": if last { "s3:GetObject" } else { PUT_ACTIONS[s] },
                        "Resource": format!("arn:aws:s3:::data/${{aws:PrincipalTag/kubernetes-namespace}}/{}*", if last { String::new() } else { format!("p{p}/") }),
                        "Condition": {"StringEquals": {"aws:PrincipalTag/eks-cluster-name": "prod"}}
                    })
                })
                .collect();
            json!({"Version": "2012-10-17", "Statement": statements})
        })
        .collect();
    let policies = Policies {
        identity: docs.iter().map(|d| Named::new("policy", d)).collect(),
        ..Policies::default()
    };
    let mut context = Context::closed();
    context.insert("aws:PrincipalTag/kubernetes-namespace", "team-a");
    context.insert("aws:PrincipalTag/eks-cluster-name", "prod");
    let request = Request {
        principal: Principal::parse("arn:aws:sts::111122223333:assumed-role/app/s").unwrap(),
        action: "s3:GetObject".into(),
        resource: "arn:aws:s3:::data/team-a/x".into(),
        resource_account: None,
        context,
    };
    let run = || {
        let start = Instant::now();
        let e = eval::evaluate(&request, &policies);
        assert_eq!(e.decision, Decision::Allowed);
        start.elapsed()
    };
    for _ in 0..50 {
        run();
    }
    let mut times: Vec<Duration> = (0..runs).map(|_| run()).collect();
    times.sort();
    let pick = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    let median = pick(0.5);
    println!("one request, 50 policies x 20 statements, {runs} runs");
    println!(
        "min {:.3} ms  median {:.3} ms  p95 {:.3} ms  max {:.3} ms  target < 1 ms (median): {}",
        ms(times[0]),
        ms(median),
        ms(pick(0.95)),
        ms(*times.last().unwrap()),
        if median < TARGET { "met" } else { "MISSED" }
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Real S3 actions other than s3:GetObject: statements that must be looked at and do not match.
const PUT_ACTIONS: [&str; 20] = [
    "s3:PutObject",
    "s3:PutObjectAcl",
    "s3:PutObjectTagging",
    "s3:PutObjectRetention",
    "s3:PutObjectLegalHold",
    "s3:DeleteObject",
    "s3:DeleteObjectTagging",
    "s3:DeleteObjectVersion",
    "s3:RestoreObject",
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
    "s3:GetObjectAcl",
    "s3:GetObjectTagging",
    "s3:GetObjectVersion",
    "s3:GetObjectAttributes",
    "s3:GetObjectRetention",
    "s3:GetObjectLegalHold",
    "s3:ReplicateObject",
    "s3:ReplicateDelete",
    "s3:PutObjectVersionAcl",
];
