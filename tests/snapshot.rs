//! `epi snapshot` and `--snapshot FILE` (#36): a snapshot taken on the test bed holds the
//! clusters, associations and roles as the SDK made them, and `access check|who-can|test` answer
//! from it exactly as they answer live, with every AWS endpoint unreachable.

mod common;
use common::json;
use common::testbed::{ACCOUNT, TestBed, pod_identity_trust};
use serde_json::{Value, json};

const ABAC: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"OwnPrefix","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/*"}]}"#;

/// Cluster prod: team-a/app and team-b/app share role data-reader (the ABAC policy inline, a
/// managed policy allowing s3:PutObject, a boundary that allows s3:Get* only, a tag); team-c/ops
/// uses role ops (s3:* inline).
fn bed() -> TestBed {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    let iam = bed.iam();
    let role = bed.create_role("data-reader", &pod_identity_trust());
    let put = |name: &str, doc: &Value| {
        bed.block_on(
            iam.create_policy()
                .policy_name(name)
                .policy_document(doc.to_string())
                .send(),
        )
        .unwrap()
        .policy()
        .unwrap()
        .arn()
        .unwrap()
        .to_string()
    };
    let writes = put(
        "writes",
        &json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]}),
    );
    let boundary = put(
        "reads-only",
        &json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}),
    );
    bed.block_on(
        iam.put_role_policy()
            .role_name("data-reader")
            .policy_name("abac")
            .policy_document(ABAC)
            .send(),
    )
    .unwrap();
    bed.block_on(
        iam.attach_role_policy()
            .role_name("data-reader")
            .policy_arn(&writes)
            .send(),
    )
    .unwrap();
    bed.block_on(
        iam.put_role_permissions_boundary()
            .role_name("data-reader")
            .permissions_boundary(&boundary)
            .send(),
    )
    .unwrap();
    bed.tag_role("data-reader", &[("team", "data")]);
    let ops = bed.create_role("ops", &pod_identity_trust());
    bed.block_on(
        iam.put_role_policy()
            .role_name("ops")
            .policy_name("s3")
            .policy_document(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
            )
            .send(),
    )
    .unwrap();
    bed.create_association("prod", "team-a", "app", &role);
    bed.create_association("prod", "team-b", "app", &role);
    bed.create_association("prod", "team-c", "ops", &ops);
    bed
}

/// epi with every AWS endpoint at a closed port: any AWS call would fail the run.
fn offline(args: &[&str]) -> (i32, String, String) {
    let out = common::epi()
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "AKIDOFFLINE")
        .env("AWS_SECRET_ACCESS_KEY", "offline")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        common::stdout_of(&out),
        common::stderr_of(&out),
    )
}

fn take(bed: &TestBed, dir: &std::path::Path, extra: &[&str]) -> std::path::PathBuf {
    let file = dir.join("fleet.json");
    let mut args = vec![
        "snapshot",
        "--all-clusters",
        "--out",
        file.to_str().unwrap(),
    ];
    args.extend(extra);
    let (code, _, err) = bed.run(&args);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("3 association(s), 2 role(s)"), "{err}");
    file
}

const CASES: &[(&str, &str, &str)] = &[
    ("team-a", "s3:GetObject", "arn:aws:s3:::data/team-a/x"),
    ("team-a", "s3:GetObject", "arn:aws:s3:::data/team-b/x"),
    // Allowed by the managed policy, stopped by the boundary.
    ("team-b", "s3:PutObject", "arn:aws:s3:::data/team-b/x"),
    ("team-c", "s3:DeleteObject", "arn:aws:s3:::data/team-c/x"),
];

fn check_args<'a>(ns: &'a str, action: &'a str, resource: &'a str) -> Vec<&'a str> {
    let sa = if ns == "team-c" { "ops" } else { "app" };
    vec![
        "access",
        "check",
        "--cluster",
        "prod",
        "--namespace",
        ns,
        "--service-account",
        sa,
        "--action",
        action,
        "--resource",
        resource,
        "-o",
        "json",
    ]
}

#[test]
fn a_snapshot_holds_the_fleets_state_and_answers_as_live_runs_do() {
    let bed = bed();
    let dir = tempfile::tempdir().unwrap();
    let file = take(&bed, dir.path(), &[]);
    let path = file.to_str().unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a fleet's access is not for every reader");
    }
    let snap: Value = json(&std::fs::read_to_string(&file).unwrap());
    assert_eq!(snap["apiVersion"], "epi/v1alpha1");
    assert_eq!(snap["kind"], "PodIdentitySnapshot");
    assert_eq!(
        snap["places"],
        json!([{"account": ACCOUNT, "region": "us-east-1"}])
    );
    let cluster = &snap["clusters"][0];
    assert_eq!(cluster["name"], "prod");
    assert_eq!(cluster["associations"].as_array().unwrap().len(), 3);
    let role = snap["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["arn"].as_str().unwrap().ends_with("role/data-reader"))
        .unwrap();
    assert_eq!(role["tags"]["team"], "data");
    assert_eq!(role["inlinePolicies"][0]["name"], "abac");
    assert_eq!(
        role["managedPolicies"][0]["document"]["Statement"][0]["Action"],
        "s3:PutObject"
    );
    assert_eq!(
        role["permissionsBoundary"]["document"]["Statement"][0]["Action"],
        "s3:Get*"
    );
    assert!(role["trustPolicy"]["Statement"].is_array());
    assert!(!snap.to_string().contains("testbed-secret"));

    // Each answer from the snapshot is the live one.
    let mut lives = Vec::new();
    for (ns, action, resource) in CASES {
        let args = check_args(ns, action, resource);
        let (code, live, err) = bed.run(&args);
        assert_eq!(code, 0, "{err}");
        let mut with = args.clone();
        with.extend(["--snapshot", path]);
        let (code, from_snapshot, err) = offline(&with);
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("answered offline from the snapshot"), "{err}");
        assert_eq!(
            json(&from_snapshot),
            json(&live),
            "{ns} {action} {resource}"
        );
        lives.push(json(&live)["decision"].clone());
    }
    assert_eq!(
        lives,
        vec![
            json!("allowed"),
            json!("implicitDeny"),
            json!("implicitDeny"),
            json!("allowed")
        ]
    );
    let who = |extra: &[&str]| {
        let mut args = vec![
            "access",
            "who-can",
            "--all-clusters",
            "--action",
            "s3:GetObject",
            "--resource",
            "arn:aws:s3:::data/team-a/x",
            "--all",
            "-o",
            "json",
        ];
        args.extend(extra);
        args.into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    let live_args = who(&[]);
    let (code, live, err) = bed.run(&live_args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 0, "{err}");
    let offline_args = who(&["--snapshot", path]);
    let (code, from_snapshot, err) =
        offline(&offline_args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&from_snapshot), json(&live));
    assert_eq!(json(&live).as_array().unwrap().len(), 3);

    // The snapshot is the state when it was taken: a change since does not reach it.
    for a in bed.associations("prod") {
        bed.block_on(
            bed.eks()
                .delete_pod_identity_association()
                .cluster_name("prod")
                .association_id(a.association_id().unwrap())
                .send(),
        )
        .unwrap();
    }
    let (code, again, err) = offline(&offline_args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&again), json(&live));

    // access test against the snapshot.
    let tests = dir.path().join("tests.yaml");
    std::fs::write(
        &tests,
        "apiVersion: epi/v1alpha1\nkind: AccessTests\ncluster: prod\ntests:\n  - serviceAccount: team-a/app\n    action: s3:GetObject\n    resource: arn:aws:s3:::data/team-a/x\n    expect: allowed\n  - serviceAccount: team-b/app\n    action: s3:PutObject\n    resource: arn:aws:s3:::data/team-b/x\n    expect: denied\n  - serviceAccount: team-d/none\n    action: s3:GetObject\n    resource: arn:aws:s3:::data/x\n    expect: denied\n",
    )
    .unwrap();
    let (code, out, err) = offline(&[
        "access",
        "test",
        "-f",
        tests.to_str().unwrap(),
        "--snapshot",
        path,
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let report = json(&out);
    assert_eq!(report["passed"], 3, "{report:#}");
}

#[test]
fn bad_snapshots_and_selections_are_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let who = |file: &str, extra: &[&str]| {
        let mut args = vec![
            "access",
            "who-can",
            "--action",
            "s3:GetObject",
            "--resource",
            "*",
            "--snapshot",
            file,
        ];
        if !extra.contains(&"--cluster") {
            args.push("--all-clusters");
        }
        args.extend(extra);
        offline(&args)
    };
    let missing = dir.path().join("nope.json");
    let (code, _, err) = who(missing.to_str().unwrap(), &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("nope.json"), "{err}");
    for (name, text, says) in [
        ("garbage.json", "{not json", "snapshot"),
        (
            "kind.json",
            r#"{"apiVersion":"epi/v1alpha1","kind":"PodIdentityConfig","takenAt":"x","epiVersion":"0","places":[],"clusters":[],"roles":[]}"#,
            "PodIdentityConfig",
        ),
        (
            "version.json",
            r#"{"apiVersion":"epi/v9","kind":"PodIdentitySnapshot","takenAt":"x","epiVersion":"0","places":[],"clusters":[],"roles":[]}"#,
            "epi/v9",
        ),
    ] {
        let f = dir.path().join(name);
        std::fs::write(&f, text).unwrap();
        let (code, out, err) = who(f.to_str().unwrap(), &[]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(out.is_empty());
        assert!(err.contains(name) && err.contains(says), "{name}: {err}");
    }
    // A region or account the snapshot did not read is named.
    let good = dir.path().join("good.json");
    std::fs::write(
        &good,
        format!(
            r#"{{"apiVersion":"epi/v1alpha1","kind":"PodIdentitySnapshot","takenAt":"2026-12-08T00:00:00Z","epiVersion":"0","places":[{{"account":"{ACCOUNT}","region":"us-east-1"}}],"clusters":[],"roles":[]}}"#
        ),
    )
    .unwrap();
    let good = good.to_str().unwrap();
    let (code, _, err) = who(good, &[]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = who(good, &["--region", "eu-west-1"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("eu-west-1"), "{err}");
    let (code, _, err) = who(good, &["--accounts", "999999999999"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("999999999999"), "{err}");
    let (code, _, err) = who(good, &["--cluster", "prod"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("prod"), "{err}");

    // Where the snapshot cannot be written, nothing is read or written.
    let bed = TestBed::start();
    let out = dir.path().join("no-such-dir/fleet.json");
    let (code, _, err) = bed.run(&["snapshot", "--all-clusters", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no-such-dir"), "{err}");
    assert!(!out.exists());
}

#[test]
fn the_schema_covers_the_snapshot() {
    let (code, out, err) = common::run(&["schema", "--kind", "PodIdentitySnapshot"]);
    assert_eq!(code, 0, "{err}");
    let schema = json(&out);
    assert_eq!(schema["properties"]["kind"]["const"], "PodIdentitySnapshot");
    assert_eq!(schema["properties"]["apiVersion"]["const"], "epi/v1alpha1");
    for key in ["clusters", "roles", "organization", "places"] {
        assert!(schema["properties"][key].is_object(), "{key}");
    }
}

/// The association checks of a report: (check, subject, status, message), the skipped ones
/// without their message (what they lacked differs: --no-kube, or a snapshot).
fn association_checks(report: &Value) -> Vec<(String, String, String, String)> {
    let mut out: Vec<_> = report["checks"]
        .as_array()
        .unwrap_or_else(|| panic!("{report:#}"))
        .iter()
        .filter(|c| c["area"] == "associations")
        .map(|c| {
            let status = c["status"].as_str().unwrap().to_string();
            (
                c["check"].as_str().unwrap().to_string(),
                c["subject"].as_str().unwrap().to_string(),
                status.clone(),
                if status == "skip" {
                    String::new()
                } else {
                    c["message"].as_str().unwrap().to_string()
                },
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn doctor_checks_the_associations_of_a_snapshot_as_it_does_live() {
    let bed = bed();
    let dir = tempfile::tempdir().unwrap();
    let file = take(&bed, dir.path(), &[]);
    let path = file.to_str().unwrap();
    let snap: Value = json(&std::fs::read_to_string(&file).unwrap());
    assert_eq!(snap["clusters"][0]["status"], "ACTIVE");
    assert!(snap["clusters"][0]["agentAddonVersion"].is_null());
    let (_, live, err) = bed.run(&["doctor", "--cluster", "prod", "--no-kube", "-o", "json"]);
    let live = json(&live);
    assert!(live["checks"].is_array(), "{err}");
    let (code, offline_out, err) = offline(&[
        "doctor",
        "--cluster",
        "prod",
        "--snapshot",
        path,
        "-o",
        "json",
    ]);
    let from_snapshot = json(&offline_out);
    // Nothing the snapshot holds fails here (the live run fails on the agent, which it does not).
    assert_eq!(code, 0, "{err}");
    let expected = association_checks(&live);
    assert!(expected.len() > 6, "{expected:?}");
    assert_eq!(association_checks(&from_snapshot), expected);
    // The cluster's status and version come from the snapshot; what it does not hold is skipped.
    let ids: Vec<(&str, &str)> = from_snapshot["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["check"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    for want in [
        ("cluster-status", "pass"),
        ("cluster-version", "pass"),
        ("snapshot", "skip"),
    ] {
        assert!(ids.contains(&want), "{want:?}: {ids:?}");
    }
    // --all-clusters over the snapshot: one row, the same counts.
    let (_, fleet, err) = offline(&["doctor", "--all-clusters", "--snapshot", path, "-o", "json"]);
    let fleet = json(&fleet);
    assert_eq!(fleet["clusters"][0]["cluster"], "prod", "{err}");
    assert_eq!(fleet["clusters"][0]["associations"], 3);
}
