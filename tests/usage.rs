//! `epi usage` against CloudTrail events written here in the shapes CloudTrail records them (an
//! AssumeRole by EKS Pod Identity with its session tags, calls made with its credentials: see
//! src/usage/attribution.rs for the sources) and the test bed's live associations.

mod common;
use common::cloudtrail::{assume, call};
use common::json;
use common::testbed::{ACCOUNT, TestBed, pod_identity_trust};
use serde_json::{Value, json};

struct Case {
    bed: TestBed,
    dir: tempfile::TempDir,
    ids: Vec<(String, String)>,
}

/// Cluster prod with team-a/app on role reader and team-b/api on role writer; a delivered,
/// gzipped log file and a JSON Lines export that share one event, hold one malformed line, a
/// call whose assume event is missing (team-b's, by session name) and a call of a session that
/// is no pod's.
fn case() -> Case {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    let reader = bed.create_role("reader", &pod_identity_trust());
    let writer = bed.create_role("writer", &pod_identity_trust());
    bed.block_on(
        bed.iam()
            .put_role_policy()
            .role_name("reader")
            .policy_name("data")
            .policy_document(
                json!({"Version": "2012-10-17", "Statement": [
                    {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjectTagging"], "Resource": "arn:aws:s3:::data/*"},
                    {"Sid": "Clean", "Effect": "Allow", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::data/*"}
                ]})
                .to_string(),
            )
            .send(),
    )
    .unwrap();
    let a = bed.create_association("prod", "team-a", "app", &reader);
    let b = bed.create_association("prod", "team-b", "api", &writer);
    let dir = tempfile::tempdir().unwrap();
    let session = "eks-prod-web-1-6c1f0a";
    let delivered = json!({"Records": [
        assume("a1", "ASIAWEBEXAMPLE000001", "reader", "team-a", "app", "web-1"),
        call("c1", "ASIAWEBEXAMPLE000001", "reader", session, "GetObject", "team-a/1.csv", None),
        call("c2", "ASIAWEBEXAMPLE000001", "reader", session, "GetObject", "team-a/2.csv", None),
    ]});
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, delivered.to_string().as_bytes()).unwrap();
    std::fs::create_dir_all(dir.path().join("trail/us-east-1")).unwrap();
    std::fs::write(
        dir.path().join("trail/us-east-1/1.json.gz"),
        gz.finish().unwrap(),
    )
    .unwrap();
    let lines = [
        // Delivered twice: counted once.
        call(
            "c2",
            "ASIAWEBEXAMPLE000001",
            "reader",
            session,
            "GetObject",
            "team-a/2.csv",
            None,
        ),
        call(
            "c3",
            "ASIAWEBEXAMPLE000001",
            "reader",
            session,
            "PutObject",
            "team-b/x",
            Some("AccessDenied"),
        ),
        call(
            "c4",
            "ASIAGONEEXAMPLE00002",
            "writer",
            "eks-prod-api-7-99aa01",
            "ListObjectsV2",
            "",
            None,
        ),
        call(
            "c5",
            "ASIACIEXAMPLE0000003",
            "deployer",
            "github-actions-run",
            "GetObject",
            "x",
            None,
        ),
    ]
    .iter()
    .map(|e| e.to_string())
    .chain(["{\"not\": \"an event\"}".to_string()])
    .collect::<Vec<_>>()
    .join("\n");
    std::fs::write(dir.path().join("trail/export.jsonl"), lines).unwrap();
    Case {
        bed,
        dir,
        ids: vec![(a, "team-a".into()), (b, "team-b".into())],
    }
}

impl Case {
    fn usage(&self, extra: &[&str]) -> (i32, String, String) {
        let trail = self.dir.path().join("trail");
        let mut args = vec!["usage", "--source", trail.to_str().unwrap()];
        args.extend(extra);
        self.bed.run(&args)
    }
}

fn row<'a>(report: &'a Value, ns: &str) -> &'a Value {
    report["serviceAccounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["namespace"] == ns)
        .unwrap_or_else(|| panic!("no row for {ns}: {report:#}"))
}

#[test]
fn calls_are_tied_to_their_service_accounts() {
    let case = case();
    let (code, out, err) = case.usage(&["-o", "json"]);
    assert_eq!(code, 0, "{err}");
    let report = json(&out);
    assert_eq!(report["sources"]["files"], 2);
    assert_eq!(
        report["sources"]["events"], 7,
        "the malformed line is not an event"
    );
    assert_eq!(report["sources"]["duplicates"], 1);
    assert_eq!(report["sources"]["malformed"], 1);
    assert!(
        err.contains("export.jsonl:5: not a CloudTrail event"),
        "{err}"
    );
    let a = row(&report, "team-a");
    assert_eq!(a["serviceAccount"], "app");
    assert_eq!(a["cluster"], "prod");
    assert_eq!(a["attribution"], "accessKey");
    assert_eq!(a["via"], "pod-identity");
    assert_eq!(a["associationId"], case.ids[0].0.as_str());
    assert_eq!(
        (a["calls"].as_u64(), a["denied"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(a["actions"][0]["action"], "s3:GetObject");
    assert_eq!(a["actions"][0]["count"], 2);
    assert_eq!(
        a["actions"][0]["resources"],
        json!([
            "arn:aws:s3:::data/team-a/1.csv",
            "arn:aws:s3:::data/team-a/2.csv"
        ])
    );
    assert_eq!(a["actions"][1]["action"], "s3:PutObject");
    assert_eq!(a["actions"][1]["denied"], 1);
    // The denied call as `epi access` answers it now, and what the role grants that no call used.
    assert_eq!(
        a["deniedCalls"],
        json!([{
            "action": "s3:PutObject",
            "resource": "arn:aws:s3:::data/team-b/x",
            "decision": "implicitDeny",
            "deniedBy": "identity policies",
            "deciding": "no statement of the identity policies allows s3:PutObject"
        }])
    );
    assert_eq!(
        a["unused"],
        json!([
            {"policy": "role/reader inline:data", "statement": 0, "sid": "Read", "actions": ["s3:GetObjectTagging"]},
            {"policy": "role/reader inline:data", "statement": 1, "sid": "Clean", "actions": ["s3:DeleteObject"]}
        ])
    );
    // Its assume event is not in the sources: the role's one association in prod says whose.
    let b = row(&report, "team-b");
    assert_eq!(
        (b["serviceAccount"].as_str(), b["attribution"].as_str()),
        (Some("api"), Some("sessionName"))
    );
    assert_eq!(
        b["actions"][0]["action"], "s3:ListBucket",
        "ListObjectsV2 needs s3:ListBucket"
    );
    assert_eq!(
        report["serviceAccounts"].as_array().unwrap().len(),
        2,
        "the CI session is no pod's"
    );
    assert_eq!(report["unattributed"]["calls"], 0);

    // Filters, and --strict on the malformed line.
    let (code, out, _) = case.usage(&["--namespace", "team-b", "-o", "json"]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["serviceAccounts"].as_array().unwrap().len(), 1);
    let (code, _, _) = case.usage(&["--strict"]);
    assert_eq!(code, 1, "--strict fails on a malformed record");
    // Offline: nothing read from AWS, so team-b's call cannot be tied to anyone.
    let calls_before = case.bed.calls().len();
    let (code, out, _) = case.usage(&["--offline", "-o", "json"]);
    assert_eq!(code, 0);
    assert_eq!(
        case.bed.calls().len(),
        calls_before,
        "--offline calls no AWS API"
    );
    let report = json(&out);
    assert_eq!(report["unattributed"]["calls"], 1);
    assert_eq!(report["unattributed"]["byReason"]["noAssociation"], 1);
    assert_eq!(row(&report, "team-a")["associationId"], Value::Null);
}

#[test]
fn bad_times_and_sources() {
    let case = case();
    let (code, _, err) = case.usage(&["--since", "yesterday"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--since \"yesterday\"") && err.contains("7d"),
        "{err}"
    );
    let (code, _, err) = case.usage(&[
        "--since",
        "2026-12-02T00:00:00Z",
        "--until",
        "2026-12-01T00:00:00Z",
    ]);
    assert_eq!(code, 2, "{err}");
    // (An athena: source is read now; one that names no table is still refused.)
    let (code, _, err) = case
        .bed
        .run(&["usage", "--source", "athena:cloudtrail_logs"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("athena:cloudtrail_logs"), "{err}");
    let (code, _, err) = case.bed.run(&["usage", "--source", "s3:///AWSLogs/"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no bucket"), "{err}");
    // A bucket that cannot be read: exit 1, naming it.
    let (code, _, err) = case.bed.run(&[
        "usage",
        "--source",
        "s3://no-such-trail-bucket/",
        "--offline",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("s3://no-such-trail-bucket/") && err.contains("NoSuchBucket"),
        "{err}"
    );
    let missing = case.dir.path().join("missing.json");
    let (code, _, err) =
        case.bed
            .run(&["usage", "--source", missing.to_str().unwrap(), "--offline"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("missing.json"), "{err}");
    // The window: every call is at 10:00, so none after 11:00.
    let (code, out, _) = case.usage(&["--since", "2026-12-01T11:00:00Z", "-o", "json"]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["serviceAccounts"], json!([]));
}

#[test]
fn the_table_fits_80_columns() {
    let case = case();
    common::at_widths("usage_table", true, |w| {
        let trail = case.dir.path().join("trail");
        let out = case
            .bed
            .epi()
            .env("COLUMNS", w)
            .args(["usage", "--source"])
            .arg(&trail)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).to_string()
    });
}

#[test]
fn trace_goes_from_a_call_to_its_pod() {
    let case = case();
    let trail = case.dir.path().join("trail");
    let trail = trail.to_str().unwrap();
    // One call by its event id: the session, its assume event, the pod, the association now and
    // what decides the call now.
    let (code, out, err) = case
        .bed
        .run(&["trace", "c3", "--source", trail, "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    let report = json(&out);
    let call = &report["calls"][0];
    assert_eq!(report["calls"].as_array().unwrap().len(), 1);
    assert_eq!(
        (call["eventId"].as_str(), call["action"].as_str()),
        (Some("c3"), Some("s3:PutObject"))
    );
    assert_eq!(call["denied"], true);
    let s = &call["session"];
    assert_eq!(s["assumeEventId"], "a1");
    assert_eq!(
        (s["namespace"].as_str(), s["serviceAccount"].as_str()),
        (Some("team-a"), Some("app"))
    );
    assert_eq!(
        (s["podName"].as_str(), s["podUid"].as_str()),
        (Some("web-1"), Some("8f0c5a52-77d2-4d7e-9a55-5b2f1c3c9e01"))
    );
    assert_eq!(
        call["association"],
        json!({"id": case.ids[0].0, "live": true})
    );
    assert_eq!(call["decision"], "implicitDeny");
    // By access key: every call of the session, in time order; the table fits 80 columns.
    let (code, out, _) = case.bed.run(&[
        "trace",
        "ASIAWEBEXAMPLE000001",
        "--source",
        trail,
        "-o",
        "json",
    ]);
    assert_eq!(code, 0);
    let report = json(&out);
    let ids: Vec<&str> = report["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["eventId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["c1", "c2", "c3"]);
    // A service account's calls; team-b's, tied by the session name and the live association.
    let (code, out, _) = case.bed.run(&[
        "trace",
        "--namespace",
        "team-b",
        "--service-account",
        "api",
        "--source",
        trail,
        "-o",
        "json",
    ]);
    assert_eq!(code, 0);
    let calls = json(&out)["calls"].clone();
    assert_eq!(calls.as_array().unwrap().len(), 1);
    assert_eq!(calls[0]["session"]["attribution"], "sessionName");
    // Once its association is gone, the trace says so.
    case.bed
        .block_on(
            case.bed
                .eks()
                .delete_pod_identity_association()
                .cluster_name("prod")
                .association_id(&case.ids[0].0)
                .send(),
        )
        .unwrap();
    let (_, out, _) = case
        .bed
        .run(&["trace", "c1", "--source", trail, "-o", "json"]);
    assert_eq!(
        json(&out)["calls"][0]["association"],
        json!({"id": null, "live": false})
    );
    // Nothing matched: exit 1; no id and no service account: exit 2.
    let (code, _, err) = case
        .bed
        .run(&["trace", "no-such-event", "--source", trail, "--offline"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no call matched"), "{err}");
    let (code, _, _) = case.bed.run(&["trace", "--source", trail]);
    assert_eq!(code, 2);
    common::at_widths("trace_call", true, |w| {
        let out = case
            .bed
            .epi()
            .env("COLUMNS", w)
            .args(["trace", "c3", "--source", trail, "--offline"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).to_string()
    });
    common::at_widths("trace_session", true, |w| {
        let out = case
            .bed
            .epi()
            .env("COLUMNS", w)
            .args([
                "trace",
                "ASIAWEBEXAMPLE000001",
                "--source",
                trail,
                "--offline",
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).to_string()
    });
}

/// A trail's bucket in CloudTrail's layout (an organisation trail: `AWSLogs/o-ID/ACCOUNT/…`):
/// only the days of the window, and the accounts and regions asked for, are listed and read; the
/// answer is the files' answer.
impl Case {
    /// Puts the case's events into bucket `trail` as CloudTrail delivers them, below
    /// `BASE/us-east-1/2026/12/01/` (the export's events as a delivered file too, its malformed
    /// line left out).
    fn deliver(&self, base: &str) {
        let s3 = self.bed.s3();
        let _ = self.bed.block_on(s3.create_bucket().bucket("trail").send());
        for entry in std::fs::read_dir(self.dir.path().join("trail/us-east-1")).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            self.put(
                &format!(
                    "{base}/us-east-1/2026/12/01/{ACCOUNT}_CloudTrail_us-east-1_20261201T1005Z_a.json.gz"
                ),
                bytes,
            );
        }
        let export = std::fs::read_to_string(self.dir.path().join("trail/export.jsonl")).unwrap();
        let delivered = json!({"Records": export.lines().filter_map(|l| serde_json::from_str::<Value>(l).ok()).filter(|v| v.get("eventID").is_some()).collect::<Vec<_>>()});
        self.put(
            &format!(
                "{base}/us-east-1/2026/12/01/{ACCOUNT}_CloudTrail_us-east-1_20261201T1010Z_b.json"
            ),
            delivered.to_string().into_bytes(),
        );
    }

    fn put(&self, key: &str, body: Vec<u8>) {
        self.bed
            .block_on(
                self.bed
                    .s3()
                    .put_object()
                    .bucket("trail")
                    .key(key)
                    .body(body.into())
                    .send(),
            )
            .unwrap();
    }
}

#[test]
fn a_trail_bucket_gives_what_its_files_give() {
    let case = case();
    let base = format!("org/AWSLogs/o-a1b2c3d4e5/{ACCOUNT}/CloudTrail");
    case.deliver(&base);
    let put = |key: String, body: Vec<u8>| case.put(&key, body);
    // A day outside the window and a region not asked for, which must not be read.
    put(
        format!(
            "{base}/us-east-1/2026/11/20/{ACCOUNT}_CloudTrail_us-east-1_20261120T1010Z_c.json.gz"
        ),
        b"not gzip, never read".to_vec(),
    );
    put(
        format!("{base}/eu-west-1/2026/12/01/{ACCOUNT}_CloudTrail_eu-west-1_20261201T1010Z_d.json"),
        b"{}".to_vec(),
    );

    let (code, out, err) = case.bed.run(&[
        "usage",
        "--source",
        "s3://trail/org/",
        "--since",
        "2026-12-01T00:00:00Z",
        "--until",
        "2026-12-02T00:00:00Z",
        "--region",
        "us-east-1",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let report = json(&out);
    assert_eq!(
        report["sources"]["files"], 2,
        "one day of one region: {report:#}"
    );
    assert_eq!(report["sources"]["malformed"], 0, "{report:#}");
    let a = row(&report, "team-a");
    assert_eq!(
        (a["calls"].as_u64(), a["attribution"].as_str()),
        (Some(3), Some("accessKey"))
    );
    assert_eq!(row(&report, "team-b")["attribution"], "sessionName");
    // (The object of 2026/11/20 is not gzip and that of eu-west-1 no log file: had either been
    // read, `files` would be 3 or more and `malformed` 1.)
    // Without a window every day is read; an account not asked for is not listed.
    let (code, out, _) = case.bed.run(&[
        "usage",
        "--source",
        "s3://trail/org",
        "--accounts",
        "999999999999",
        "-o",
        "json",
        "--offline",
    ]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["sources"]["files"], 0);
}

/// The table the Athena User Guide has you create for a trail ("Create a table for CloudTrail
/// logs in Athena using manual partitioning"), over the bucket's account folder.
fn cloudtrail_table(location: &str) -> String {
    format!(
        "CREATE EXTERNAL TABLE trails.cloudtrail_logs (
  eventversion STRING,
  useridentity STRUCT<
    type:STRING, principalid:STRING, arn:STRING, accountid:STRING, invokedby:STRING,
    accesskeyid:STRING, username:STRING,
    sessioncontext:STRUCT<
      attributes:STRUCT<mfaauthenticated:STRING, creationdate:STRING>,
      sessionissuer:STRUCT<type:STRING, principalid:STRING, arn:STRING, accountid:STRING, username:STRING>>>,
  eventtime STRING, eventsource STRING, eventname STRING, awsregion STRING,
  sourceipaddress STRING, useragent STRING, errorcode STRING, errormessage STRING,
  requestparameters STRING, responseelements STRING, additionaleventdata STRING,
  requestid STRING, eventid STRING,
  resources ARRAY<STRUCT<arn:STRING, accountid:STRING, type:STRING>>,
  eventtype STRING, apiversion STRING, readonly STRING, recipientaccountid STRING,
  serviceeventdetails STRING, sharedeventid STRING, vpcendpointid STRING
)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION '{location}'"
    )
}

#[test]
fn an_athena_table_gives_what_the_bucket_gives() {
    let case = case();
    let base = format!("AWSLogs/{ACCOUNT}/CloudTrail");
    case.deliver(&base);
    case.bed
        .block_on(
            case.bed
                .s3()
                .create_bucket()
                .bucket("athena-results")
                .send(),
        )
        .unwrap();
    let results = "s3://athena-results/epi/";
    case.bed.athena_run("CREATE DATABASE trails", results);
    case.bed
        .athena_run(&cloudtrail_table(&format!("s3://trail/{base}/")), results);

    let window = [
        "--since",
        "2026-12-01T00:00:00Z",
        "--until",
        "2026-12-02T00:00:00Z",
        "-o",
        "json",
    ];
    let run = |source: &str, extra: &[&str]| {
        let mut args = vec!["usage", "--source", source];
        args.extend(window);
        args.extend(extra);
        let (code, out, err) = case.bed.run(&args);
        assert_eq!(code, 0, "{source}: {err}");
        (json(&out), err)
    };
    let (bucket, _) = run("s3://trail", &[]);
    let (table, err) = run(
        "athena:trails.cloudtrail_logs",
        &["--athena-output", results, "--show-query"],
    );
    // The same service accounts, calls, counts, times, resources, denials and unused grants.
    assert_eq!(
        bucket["serviceAccounts"].as_array().unwrap().len(),
        2,
        "{bucket:#}"
    );
    assert!(
        row(&bucket, "team-a")["deniedCalls"][0]["deniedBy"].is_string(),
        "{bucket:#}"
    );
    assert_eq!(
        table["serviceAccounts"], bucket["serviceAccounts"],
        "athena: {table:#}\ns3: {bucket:#}"
    );
    assert_eq!(table["unattributed"], bucket["unattributed"]);
    assert_eq!(table["sources"]["queries"], 1, "{table:#}");
    assert_eq!(table["sources"]["duplicates"], 1, "c2 twice: {table:#}");
    // --show-query prints Athena's SQL to stderr; stdout stays JSON.
    assert!(err.contains("WITH trail AS ("), "{err}");
    assert!(err.contains("FROM \"trails\".\"cloudtrail_logs\""), "{err}");

    // epi trace finds the same call, its session and its pod through the table.
    let trace = |source: &str, extra: &[&str]| {
        let mut args = vec!["trace", "c3", "--source", source, "-o", "json"];
        args.extend(extra);
        let (code, out, err) = case.bed.run(&args);
        assert_eq!(code, 0, "{source}: {err}");
        json(&out)
    };
    let from_table = trace(
        "athena:trails.cloudtrail_logs",
        &["--athena-output", results],
    );
    assert_eq!(from_table, trace("s3://trail", &[]));
    assert_eq!(
        from_table["calls"][0]["session"]["podName"], "web-1",
        "{from_table:#}"
    );

    // A table that is not there: the source cannot be read (exit 1, named).
    let (code, _, err) = case.bed.run(&[
        "usage",
        "--source",
        "athena:trails.no_such_table",
        "--athena-output",
        results,
        "--offline",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("athena:trails.no_such_table"), "{err}");
}

#[test]
fn athena_flags_are_checked_before_any_read() {
    let case = case();
    for (args, named) in [
        (
            vec!["usage", "--source", "athena:cloudtrail_logs"],
            "athena:cloudtrail_logs",
        ),
        (
            vec!["usage", "--source", "athena:db.t;drop"],
            "athena:db.t;drop",
        ),
        (
            vec![
                "usage",
                "--source",
                "athena:db.t",
                "--athena-output",
                "bucket/x",
            ],
            "bucket/x",
        ),
        (
            vec!["trace", "c1", "--source", "x.json", "--show-query"],
            "--show-query",
        ),
    ] {
        let (code, _, err) = case.bed.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(named), "{args:?}: {err}");
    }
}

#[test]
fn an_unknown_event_is_counted_and_named_by_its_record() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("events.jsonl");
    let lines = [
        assume(
            "a1",
            "ASIAWEBEXAMPLE000001",
            "reader",
            "team-a",
            "app",
            "web-1",
        ),
        call(
            "c1",
            "ASIAWEBEXAMPLE000001",
            "reader",
            "eks-prod-web-1-6c1f0a",
            "GetObject",
            "team-a/1.csv",
            None,
        ),
        call(
            "c2",
            "ASIAWEBEXAMPLE000001",
            "reader",
            "eks-prod-web-1-6c1f0a",
            "NoSuchOperationAnywhere",
            "team-a/1.csv",
            None,
        ),
    ]
    .map(|e| e.to_string())
    .join("\n");
    std::fs::write(&file, lines).unwrap();
    let file = file.to_str().unwrap();
    let out = common::epi()
        .args(["usage", "--source", file, "--offline", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report = json(&String::from_utf8_lossy(&out.stdout));
    let unmapped = &report["serviceAccounts"][0]["unmapped"][0];
    assert_eq!(
        unmapped["eventName"], "NoSuchOperationAnywhere",
        "{report:#}"
    );
    assert_eq!(unmapped["record"], format!("{file}:3"), "{report:#}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "{file}:3: s3.amazonaws.com NoSuchOperationAnywhere"
        )),
        "{err}"
    );
    // --strict: any unknown event makes the run exit 1 (after answering).
    let out = common::epi()
        .args([
            "usage",
            "--source",
            file,
            "--offline",
            "--strict",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn usage_answers_from_a_snapshot_as_it_does_live() {
    let case = case();
    let (code, live, err) = case.usage(&["-o", "json"]);
    assert_eq!(code, 0, "{err}");
    let file = case.dir.path().join("fleet.json");
    let (code, _, err) = case.bed.run(&[
        "snapshot",
        "--all-clusters",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    // The associations are gone since: the snapshot still has them.
    for a in case.bed.associations("prod") {
        case.bed
            .block_on(
                case.bed
                    .eks()
                    .delete_pod_identity_association()
                    .cluster_name("prod")
                    .association_id(a.association_id().unwrap())
                    .send(),
            )
            .unwrap();
    }
    let trail = case.dir.path().join("trail");
    let out = case
        .bed
        .epi()
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .args([
            "usage",
            "--source",
            trail.to_str().unwrap(),
            "--snapshot",
            file.to_str().unwrap(),
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    let err = common::stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("from the snapshot"), "{err}");
    let offline = json(&common::stdout_of(&out));
    assert_eq!(offline, json(&live));
    assert_eq!(
        row(&offline, "team-a")["associationId"],
        json!(case.ids[0].0.clone())
    );
}
