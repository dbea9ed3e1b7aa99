//! The evaluator alone, in process: one request against 50 identity policies of 20 statements
//! each (target: median under 1 ms). A benchmark that prints figures, not a test:
//! `cargo bench --bench evaluator`. EPI_BENCH_RUNS sets the number of runs (default 2000).

use std::time::{Duration, Instant};

use epi::policy::eval::{self, Context, Decision, Named, Policies, Principal, Request};

#[path = "shared/fifty_by_twenty.rs"]
mod fifty_by_twenty;

const TARGET: Duration = Duration::from_millis(1);

fn main() {
    let runs: usize = std::env::var("EPI_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let docs = fifty_by_twenty::policies();
    let policies = Policies {
        identity: docs.iter().map(|d| Named::new("policy", d)).collect(),
        ..Policies::default()
    };
    let mut context = Context::closed();
    for (k, v) in fifty_by_twenty::CONTEXT {
        context.insert(k, v);
    }
    let request = Request {
        principal: Principal::parse(fifty_by_twenty::PRINCIPAL).unwrap(),
        action: "s3:GetObject".into(),
        resource: fifty_by_twenty::RESOURCE.into(),
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
