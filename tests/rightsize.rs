//! `epi rightsize` against the test bed: proposals per service account from CloudTrail events
//! (written in CloudTrail's shapes, tests/common/cloudtrail.rs), proven by replay, and written as
//! files that `epi plan` reads.

mod common;
use common::cloudtrail::{assume, call};
use common::json;
use common::testbed::{ACCOUNT, TestBed, pod_identity_trust};
use serde_json::{Value, json};

fn put_policy(bed: &TestBed, role: &str, doc: Value) {
    bed.block_on(
        bed.iam()
            .put_role_policy()
            .role_name(role)
            .policy_name("data")
            .policy_document(doc.to_string())
            .send(),
    )
    .unwrap();
}

/// Cluster prod: team-a/app alone on role `dedicated` (`s3:*` on `*`, and a Deny); team-b/api
/// and team-c/web share `shared` (GetObject on `*`, no tags); team-d/x and team-e/y share `abac`
/// (GetObject on their namespace's prefix). A trail over 31 days of their calls.
fn case() -> (TestBed, tempfile::TempDir, String) {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    for role in ["dedicated", "shared", "abac"] {
        bed.create_role(role, &pod_identity_trust());
    }
    put_policy(
        &bed,
        "dedicated",
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}),
    );
    put_policy(
        &bed,
        "shared",
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}),
    );
    put_policy(
        &bed,
        "abac",
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/*"}]}),
    );
    let arn = |r: &str| format!("arn:aws:iam::{ACCOUNT}:role/{r}");
    for (ns, sa, role) in [
        ("team-a", "app", "dedicated"),
        ("team-b", "api", "shared"),
        ("team-c", "web", "shared"),
        ("team-d", "x", "abac"),
        ("team-e", "y", "abac"),
    ] {
        bed.create_association("prod", ns, sa, &arn(role));
    }
    let mut events = Vec::new();
    let mut n = 0;
    let mut session = |ns: &str, sa: &str, role: &str, calls: &[(&str, &str)]| {
        n += 1;
        let key = format!("ASIAEXAMPLE{n:09}");
        events.push(assume(
            &format!("a{n}"),
            &key,
            role,
            ns,
            sa,
            &format!("pod-{n}"),
        ));
        for (i, (name, object)) in calls.iter().enumerate() {
            let mut e = call(
                &format!("c{n}-{i}"),
                &key,
                role,
                &format!("eks-prod-pod-{n}-6c1f0a"),
                name,
                object,
                None,
            );
            // The first call a month before the others: 31 days seen.
            if i == 0 {
                e["eventTime"] = "2026-11-01T10:00:00Z".into();
            }
            // team-c/web's objects are each in a bucket of their own.
            if let Some(n) = object.strip_prefix("obj-") {
                e["resources"][0]["ARN"] =
                    format!("arn:aws:s3:::bucket-{n}-of-team-c/object.csv").into();
            }
            events.push(e);
        }
    };
    session(
        "team-a",
        "app",
        "dedicated",
        &[
            ("GetObject", "team-a/1.csv"),
            ("GetObject", "team-a/2.csv"),
            ("PutObject", "team-a/out/3.csv"),
        ],
    );
    session(
        "team-b",
        "api",
        "shared",
        &[
            ("GetObject", "reports/a.csv"),
            ("GetObject", "reports/b.csv"),
        ],
    );
    // team-c/web read 60 buckets' objects: as ARNs, more than a session policy may hold.
    let web: Vec<(String, String)> = (0..60)
        .map(|i| ("GetObject".to_string(), format!("obj-{i}")))
        .collect();
    let web: Vec<(&str, &str)> = web.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    session("team-c", "web", "shared", &web);
    session(
        "team-d",
        "x",
        "abac",
        &[("GetObject", "team-d/1.csv"), ("GetObject", "team-d/2.csv")],
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("events.jsonl");
    std::fs::write(
        &file,
        events
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .unwrap();
    let file = file.display().to_string();
    (bed, dir, file)
}

fn proposal<'a>(report: &'a Value, ns: &str) -> &'a Value {
    report["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["namespace"] == ns)
        .unwrap_or_else(|| panic!("no {ns} in {report:#}"))
}

#[test]
fn proposals_are_proven_and_written_for_epi_plan() {
    let (bed, dir, file) = case();
    let out_dir = dir.path().join("proposals");
    let out_dir = out_dir.to_str().unwrap();
    let (code, out, err) = bed.run(&[
        "rightsize",
        "--source",
        &file,
        "-o",
        "json",
        "--write",
        out_dir,
    ]);
    assert_eq!(code, 0, "{err}");
    let report = json(&out);

    // A dedicated role with s3:* used for reads and writes under team-a/: tightened, the Deny kept.
    let a = proposal(&report, "team-a");
    assert_eq!(a["kind"], "role-policy", "{a:#}");
    let statements = a["policy"]["Statement"].as_array().unwrap();
    let allow: Vec<&Value> = statements
        .iter()
        .filter(|s| s["Effect"] == "Allow")
        .collect();
    assert!(
        allow.iter().any(|s| s["Action"] == "s3:GetObject"
            && s["Resource"] == "arn:aws:s3:::data/team-a/*"),
        "{a:#}"
    );
    assert!(
        allow.iter().any(|s| s["Action"] == "s3:PutObject"
            && s["Resource"] == "arn:aws:s3:::data/team-a/out/3.csv"),
        "{a:#}"
    );
    assert!(statements.iter().any(|s| s["Effect"] == "Deny"), "{a:#}");
    assert_eq!(a["replay"]["calls"], 3);
    assert_eq!(a["replay"]["stillAllowed"], 3);
    assert!(
        a["removes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["action"] == "s3:DeleteObject"),
        "what it stops allowing is listed: {a:#}"
    );

    // A shared role with no tag use: a session policy on this association only.
    let b = proposal(&report, "team-b");
    assert_eq!(b["kind"], "session-policy", "{b:#}");
    assert_eq!(
        b["policy"]["Statement"][0]["Resource"], "arn:aws:s3:::data/reports/*",
        "{b:#}"
    );
    // The same role for team-c/web: its session policy would not fit STS's limit, so none.
    let c = proposal(&report, "team-c");
    assert_eq!(c["kind"], "none", "{c:#}");
    assert!(c["reason"].as_str().unwrap().contains("2048"), "{c:#}");
    assert_eq!(c["policy"], Value::Null);
    // A shared ABAC role: split, with the reason.
    let d = proposal(&report, "team-d");
    assert_eq!(d["kind"], "split-role", "{d:#}");
    assert!(
        d["reason"].as_str().unwrap().contains("session tags"),
        "{d:#}"
    );

    // The files are PodIdentityConfig that epi plan reads (exit 3: changes pending).
    let written = std::path::Path::new(out_dir).join("prod.yaml");
    let text = std::fs::read_to_string(&written).unwrap();
    // For people: a row per service account, the reasons and policies below.
    let (_, table, _) = bed.run(&["rightsize", "--source", &file]);
    assert!(
        table.contains("team-a/app       role-policy     3/3"),
        "{table}"
    );
    // No proposal: nothing replayed or removed, shown as such.
    assert!(
        table.contains("team-c/web       none            -"),
        "{table}"
    );
    assert!(text.contains("kind: PodIdentityConfig"), "{text}");
    let (code, plan, err) = bed.run(&[
        "plan",
        "-f",
        written.to_str().unwrap(),
        "--adopt",
        "-o",
        "json",
    ]);
    assert_eq!(code, 3, "{err}\n{text}");
    let changes = json(&plan)["changes"].to_string();
    assert!(changes.contains("epi-rightsized"), "{changes}");
    assert!(changes.contains("team-b/api"), "{changes}");
    // rightsize itself changed nothing: team-b/api still has its tags and no policy.
    let eks = bed.eks();
    let id = bed
        .associations("prod")
        .into_iter()
        .find(|s| s.namespace() == Some("team-b"))
        .unwrap()
        .association_id()
        .unwrap()
        .to_string();
    let live = bed
        .block_on(
            eks.describe_pod_identity_association()
                .cluster_name("prod")
                .association_id(&id)
                .send(),
        )
        .unwrap();
    assert_eq!(live.association().unwrap().policy(), None);
}

#[test]
fn too_few_days_and_bad_flags() {
    let (bed, dir, file) = case();
    let (code, out, err) = bed.run(&[
        "rightsize",
        "--source",
        &file,
        "--min-days",
        "60",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let report = json(&out);
    let a = proposal(&report, "team-a");
    assert_eq!(a["kind"], "none");
    assert!(a["reason"].as_str().unwrap().contains("31 day(s)"), "{a:#}");
    assert_eq!(a["policy"], Value::Null);

    let not_dir = dir.path().join("file");
    std::fs::write(&not_dir, "x").unwrap();
    for (args, named) in [
        (
            vec!["rightsize", "--source", &file, "--offline"],
            "--offline",
        ),
        (
            vec![
                "rightsize",
                "--source",
                &file,
                "--write",
                not_dir.to_str().unwrap(),
            ],
            "not a directory",
        ),
        (
            vec!["rightsize", "--source", &file, "--min-days", "soon"],
            "soon",
        ),
    ] {
        let (code, _, err) = bed.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(named), "{args:?}: {err}");
    }
}
