//! `epi usage` over CloudTrail files (issue #34): 100,000 and 1,000,000 events, gzipped as a trail
//! delivers them (files of 1,000 records), read end to end by the release binary with
//! `--offline`; prints events per second (target: at least 150,000), peak RSS (target: under
//! 256 MB), the 10x ratio (linear: under 12x), and DuckDB's time for the same per-(session,
//! action) counts over the same files with `read_json` (the Python package, from
//! scripts/bench-requirements.txt in .venv-bench). A benchmark that prints figures, not a test:
//! `cargo bench --bench usage_files`. EPI_BENCH_EVENTS sets the larger size (default 1,000,000).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const PER_FILE: usize = 1_000;
const SESSIONS: usize = 200;
const TARGET_EVENTS_PER_SECOND: f64 = 150_000.0;
const TARGET_RSS_MB: f64 = 256.0;

fn main() {
    let exe = env!("CARGO_BIN_EXE_epi");
    let large: usize = std::env::var("EPI_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let root = std::env::temp_dir().join(format!("epi-bench-usage-{}", std::process::id()));
    println!("binary: {exe}");
    println!(
        "{:<12} {:>10} {:>9} {:>12} {:>9}  {:>9}",
        "events", "MB (gz)", "seconds", "events/s", "RSS MB", "DuckDB s"
    );
    let mut times = Vec::new();
    for events in [large / 10, large] {
        let dir = root.join(events.to_string());
        let bytes = write_trail(&dir, events);
        // The files on disk before the clock starts: writeback must not be timed.
        let _ = Command::new("sync").status();
        let (seconds, rss) = run_epi(exe, &dir, events);
        let duck = run_duckdb(&dir);
        times.push(seconds);
        let rate = events as f64 / seconds;
        println!(
            "{:<12} {:>10.1} {:>9.2} {:>12.0} {:>9.0}  {:>9}  {}",
            events,
            bytes as f64 / 1e6,
            seconds,
            rate,
            rss,
            duck.map_or("-".into(), |d| format!("{d:.2}")),
            verdict(rate, rss, duck.map(|d| seconds / d)),
        );
    }
    println!(
        "\n10x the events took {:.2}x the time (linear: under 12x)",
        times[1] / times[0]
    );
    if std::env::var_os("EPI_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&root);
    } else {
        println!("kept: {}", root.display());
    }
}

fn verdict(rate: f64, rss: f64, vs_duck: Option<f64>) -> String {
    let mut out = vec![if rate >= TARGET_EVENTS_PER_SECOND {
        "rate met"
    } else {
        "rate MISSED"
    }];
    out.push(if rss < TARGET_RSS_MB {
        "RSS met"
    } else {
        "RSS MISSED"
    });
    let duck = vs_duck.map(|r| format!("{r:.2}x DuckDB's time"));
    let mut text = out.join(", ");
    if let Some(d) = duck {
        text.push_str(&format!(", {d}"));
    }
    text
}

/// The trail: every session's AssumeRole by EKS Pod Identity first, then S3 calls made with the
/// sessions' keys, in CloudTrail's record shapes (see src/usage/attribution.rs for the sources).
fn write_trail(dir: &Path, events: usize) -> u64 {
    let _ = std::fs::remove_dir_all(dir);
    let day = dir.join("AWSLogs/111122223333/CloudTrail/us-east-1/2026/12/01");
    std::fs::create_dir_all(&day).unwrap();
    let mut records = Vec::with_capacity(PER_FILE);
    let mut file = 0;
    let mut total = 0u64;
    let mut flush = |records: &mut Vec<String>, file: &mut usize| {
        let path = day.join(format!(
            "111122223333_CloudTrail_us-east-1_20261201T{:04}Z_{file:06}.json.gz",
            *file % 2400
        ));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        write!(gz, "{{\"Records\":[{}]}}", records.join(",")).unwrap();
        let bytes = gz.finish().unwrap();
        total += bytes.len() as u64;
        std::fs::write(&path, bytes).unwrap();
        records.clear();
        *file += 1;
    };
    for i in 0..events {
        let s = i % SESSIONS;
        let record = if i < SESSIONS {
            assume(i, s)
        } else {
            call(i, s)
        };
        records.push(record);
        if records.len() == PER_FILE {
            flush(&mut records, &mut file);
        }
    }
    if !records.is_empty() {
        flush(&mut records, &mut file);
    }
    total
}

fn key(s: usize) -> String {
    format!("ASIABENCH{s:011}")
}

fn assume(i: usize, s: usize) -> String {
    let ns = format!("team-{}", s % 20);
    format!(
        r#"{{"eventVersion":"1.08","userIdentity":{{"type":"AWSService","invokedBy":"pods.eks.amazonaws.com"}},"eventTime":"2026-12-01T00:00:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"us-east-1","sourceIPAddress":"pods.eks.amazonaws.com","userAgent":"pods.eks.amazonaws.com","requestParameters":{{"roleArn":"arn:aws:iam::111122223333:role/app-{r}","roleSessionName":"eks-production-web-{s}-0cda7f85","durationSeconds":21600,"tags":[{{"key":"eks-cluster-arn","value":"arn:aws:eks:us-east-1:111122223333:cluster/production"}},{{"key":"eks-cluster-name","value":"production"}},{{"key":"kubernetes-namespace","value":"{ns}"}},{{"key":"kubernetes-service-account","value":"app"}},{{"key":"kubernetes-pod-name","value":"web-{s}"}},{{"key":"kubernetes-pod-uid","value":"0cda7f85-c1f9-4dee-b6e9-{s:012}"}}]}},"responseElements":{{"credentials":{{"accessKeyId":"{key}","expiration":"Dec 1, 2026, 6:00:00 AM"}},"assumedRoleUser":{{"assumedRoleId":"AROAEXAMPLE:eks-production-web-{s}","arn":"arn:aws:sts::111122223333:assumed-role/app-{r}/eks-production-web-{s}-0cda7f85"}},"packedPolicySize":56}},"requestID":"req-{i}","eventID":"evt-{i:012}","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}}"#,
        r = s % 20,
        key = key(s),
    )
}

fn call(i: usize, s: usize) -> String {
    let (name, denied) = match i % 10 {
        0 => ("PutObject", ""),
        1 => ("ListObjectsV2", ""),
        9 => (
            "GetObject",
            r#","errorCode":"AccessDenied","errorMessage":"Access Denied""#,
        ),
        _ => ("GetObject", ""),
    };
    format!(
        r#"{{"eventVersion":"1.09","userIdentity":{{"type":"AssumedRole","principalId":"AROAEXAMPLE:eks-production-web-{s}-0cda7f85","arn":"arn:aws:sts::111122223333:assumed-role/app-{r}/eks-production-web-{s}-0cda7f85","accountId":"111122223333","accessKeyId":"{key}","sessionContext":{{"sessionIssuer":{{"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::111122223333:role/app-{r}","accountId":"111122223333","userName":"app-{r}"}},"attributes":{{"creationDate":"2026-12-01T00:00:00Z","mfaAuthenticated":"false"}}}}}},"eventTime":"2026-12-01T{h:02}:{m:02}:00Z","eventSource":"s3.amazonaws.com","eventName":"{name}","awsRegion":"us-east-1","sourceIPAddress":"10.0.{a}.{b}","userAgent":"[aws-sdk-go-v2/1.30.0 os/linux lang/go#1.22 md/GOOS#linux api/s3#1.58.0]","requestParameters":{{"bucketName":"data","Host":"data.s3.us-east-1.amazonaws.com","key":"team-{t}/object-{o}.csv"}},"responseElements":null,"additionalEventData":{{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","x-amz-id-2":"abcdefghijklmnopqrstuvwxyz0123456789","bytesTransferredOut":1024}},"requestID":"REQ{i:016}","eventID":"evt-{i:012}","readOnly":true,"resources":[{{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::data/team-{t}/object-{o}.csv"}},{{"accountId":"111122223333","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::data"}}],"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"111122223333","eventCategory":"Data"{denied}}}"#,
        r = s % 20,
        key = key(s),
        h = (i / 60_000) % 24,
        m = (i / 1000) % 60,
        a = s % 250,
        b = i % 250,
        t = s % 20,
        o = i % 97,
    )
}

/// Wall seconds and peak RSS (MB) of `epi usage` over the directory, through /usr/bin/time.
fn run_epi(exe: &str, dir: &Path, events: usize) -> (f64, f64) {
    let out_file: PathBuf = dir.join("out.json");
    let start = Instant::now();
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(exe)
        .args(["usage", "--offline", "-o", "json", "--source"])
        .arg(dir.join("AWSLogs"))
        .stdout(std::fs::File::create(&out_file).unwrap())
        .output()
        .expect("/usr/bin/time and the binary");
    let seconds = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let rss_kb: f64 = stderr
        .lines()
        .rev()
        .find_map(|l| l.trim().parse().ok())
        .unwrap_or(f64::NAN);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out_file).unwrap()).expect("JSON from epi usage");
    let calls: u64 = report["serviceAccounts"]
        .as_array()
        .map(|rows| rows.iter().filter_map(|r| r["calls"].as_u64()).sum())
        .unwrap_or(0);
    assert_eq!(
        calls as usize,
        events - SESSIONS,
        "every call attributed: {stderr}"
    );
    (seconds, rss_kb / 1024.0)
}

/// DuckDB's wall seconds for the per-(access key, event) counts over the same files, or None
/// when .venv-bench has no duckdb.
fn run_duckdb(dir: &Path) -> Option<f64> {
    let python = concat!(env!("CARGO_MANIFEST_DIR"), "/.venv-bench/bin/python");
    if !Path::new(python).exists() {
        return None;
    }
    let glob = dir.join("AWSLogs/*/CloudTrail/*/*/*/*/*.json.gz");
    let script = format!(
        "import duckdb,time\nduckdb.sql('SET enable_progress_bar=false')\nt=time.time()\nduckdb.sql(\"SELECT r.userIdentity.accessKeyId AS k, r.eventSource AS s, r.eventName AS n, count(*) FROM (SELECT unnest(Records) AS r FROM read_json('{}', maximum_object_size=1000000000)) GROUP BY ALL\").fetchall()\nprint(time.time()-t)",
        glob.display()
    );
    let out = Command::new(python).args(["-c", &script]).output().ok()?;
    if !out.status.success() {
        eprintln!("duckdb: {}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    // The time is the last line (DuckDB may print before it).
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
}
