//! `epi access check|who-can|test` against the AWS test bed: each case seeds roles, policies and
//! associations with the SDK (independently of epi), then asks epi what the pods may do.

mod common;
use common::json;
use common::testbed::{
    ACCOUNT, REGION, TestBed, assume_only_trust, credentials_file, pod_identity_trust,
};
use serde_json::{Value, json};

const ABAC: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"OwnPrefix","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/*"}]}"#;
const TARGET_ACCOUNT: &str = "444455556666";

fn bed() -> TestBed {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    bed
}

fn put_policy(bed: &TestBed, role: &str, name: &str, doc: &str) {
    bed.block_on(
        bed.iam()
            .put_role_policy()
            .role_name(role)
            .policy_name(name)
            .policy_document(doc)
            .send(),
    )
    .unwrap();
}

fn managed_policy(bed: &TestBed, name: &str, doc: &Value) -> String {
    bed.block_on(
        bed.iam()
            .create_policy()
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
}

/// A role with a trust policy and one inline policy; returns its ARN.
fn role_with(bed: &TestBed, name: &str, trust: &Value, policy: &str) -> String {
    let arn = bed.create_role(name, trust);
    put_policy(bed, name, "policy", policy);
    arn
}

const S3_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;

/// A role trusted by Pod Identity with the ABAC policy, used by team-a/app and team-b/app.
fn abac_bed() -> (TestBed, String) {
    let bed = bed();
    let role = bed.create_role("data-reader", &pod_identity_trust());
    put_policy(&bed, "data-reader", "abac", ABAC);
    bed.create_association("prod", "team-a", "app", &role);
    bed.create_association("prod", "team-b", "app", &role);
    (bed, role)
}

fn check(bed: &TestBed, ns: &str, sa: &str, action: &str, resource: &str, extra: &[&str]) -> Value {
    let mut args = vec![
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
    ];
    args.extend_from_slice(extra);
    let (code, out, err) = bed.run(&args);
    assert_eq!(code, 0, "{out}{err}");
    json(&out)
}

fn step<'a>(answer: &'a Value, name: &str) -> Vec<&'a Value> {
    answer["chain"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["step"] == name)
        .collect()
}

#[test]
fn abac_by_namespace_gives_each_namespace_its_prefix() {
    let (bed, role) = abac_bed();
    let a = check(
        &bed,
        "team-a",
        "app",
        "s3:GetObject",
        "arn:aws:s3:::data/team-a/report.csv",
        &[],
    );
    assert_eq!(a["decision"], "allowed", "{a}");
    assert_eq!(a["dependsOn"], json!([]));
    let assoc = step(&a, "association")[0];
    assert_eq!(assoc["role"], role);
    assert_eq!(assoc["sessionTags"], true);
    assert!(
        assoc["associationId"].as_str().unwrap().starts_with("a-"),
        "{assoc}"
    );
    let trust = step(&a, "assume")[0];
    assert_eq!(trust["principal"], "pods.eks.amazonaws.com");
    assert_eq!(trust["decision"], "allowed");
    let request = step(&a, "request")[0];
    assert_eq!(request["reasons"][0]["sid"], "OwnPrefix");
    assert_eq!(
        request["reasons"][0]["policy"],
        "role/data-reader inline:abac"
    );
    // The bucket has no account in its ARN: the output says what was assumed.
    assert!(
        a["notes"]
            .to_string()
            .contains("taken to be the role's account"),
        "{a}"
    );

    let b = check(
        &bed,
        "team-b",
        "app",
        "s3:GetObject",
        "arn:aws:s3:::data/team-a/report.csv",
        &[],
    );
    assert_eq!(b["decision"], "implicitDeny", "{b}");
    assert_eq!(step(&b, "request")[0]["deniedBy"], "identityPolicies");

    // who-can: only team-a's pods, and with --all team-b's too, denied.
    let (code, out, err) = bed.run(&[
        "access",
        "who-can",
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::data/team-a/report.csv",
        "--cluster",
        "prod",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let rows = json(&out);
    assert_eq!(rows.as_array().unwrap().len(), 1, "{rows}");
    let row = &rows[0];
    assert_eq!(row["namespace"], "team-a");
    assert_eq!(row["serviceAccount"], "app");
    assert_eq!(row["cluster"], "prod");
    assert_eq!(row["account"], ACCOUNT);
    assert_eq!(row["region"], REGION);
    assert_eq!(row["role"], role);
    assert_eq!(row["via"], "role");
    assert_eq!(row["decision"], "allowed");
    let (code, out, _) = bed.run(&[
        "access",
        "who-can",
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::data/team-a/report.csv",
        "--all-clusters",
        "--all",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0);
    let rows = json(&out);
    let b = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["namespace"] == "team-b")
        .expect("--all shows the denied association");
    assert_eq!(b["decision"], "implicitDeny");
    let (code, out, _) = bed.run(&[
        "access",
        "who-can",
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::data/team-a/report.csv",
        "--cluster",
        "prod",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("team-a") && !out.contains("team-b"), "{out}");
    // #33 item 1: at 80 columns the table fits (the role by its name); with the denied rows'
    // reasons, those wrap between words and the policy's Resource stays whole; `-o wide` names
    // the role by its ARN.
    for (format, all) in [("table", false), ("table", true), ("wide", true)] {
        let out = bed
            .epi()
            .env("COLUMNS", "80")
            .args([
                "access",
                "who-can",
                "--action",
                "s3:GetObject",
                "--resource",
                "arn:aws:s3:::data/team-a/report.csv",
                "--cluster",
                "prod",
                if all { "--all" } else { "--quiet" },
                "-o",
                format,
            ])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert_eq!(text.contains("team-b"), all, "{text}");
        match (format, all) {
            ("table", false) => {
                assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
            }
            ("table", true) => assert!(
                text.contains("arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/*"),
                "{text}"
            ),
            _ => assert!(text.contains(role.as_str()), "{text}"),
        }
    }
}

#[test]
fn a_deny_statement_is_an_explicit_deny_named_by_its_sid() {
    let (bed, _) = abac_bed();
    put_policy(
        &bed,
        "data-reader",
        "guard",
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoSecrets","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::data/*/secret/*"}]}"#,
    );
    let a = check(
        &bed,
        "team-a",
        "app",
        "s3:GetObject",
        "arn:aws:s3:::data/team-a/secret/k",
        &[],
    );
    assert_eq!(a["decision"], "explicitDeny", "{a}");
    let r = step(&a, "request")[0];
    assert_eq!(r["reasons"][0]["sid"], "NoSecrets");
    assert_eq!(r["reasons"][0]["effect"], "Deny");
    let (_, table, _) = bed.run(&[
        "access",
        "check",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::data/team-a/secret/k",
    ]);
    assert!(
        table.contains("explicitDeny") && table.contains("NoSecrets"),
        "{table}"
    );
}

#[test]
fn a_permissions_boundary_limits_the_role() {
    let (bed, _) = abac_bed();
    let boundary = managed_policy(
        &bed,
        "only-sqs",
        &json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}),
    );
    bed.block_on(
        bed.iam()
            .put_role_permissions_boundary()
            .role_name("data-reader")
            .permissions_boundary(&boundary)
            .send(),
    )
    .unwrap();
    let a = check(
        &bed,
        "team-a",
        "app",
        "s3:GetObject",
        "arn:aws:s3:::data/team-a/x",
        &[],
    );
    assert_eq!(a["decision"], "implicitDeny", "{a}");
    assert_eq!(step(&a, "request")[0]["deniedBy"], "permissionsBoundary");
}

#[test]
fn a_session_policy_with_session_tags_disabled_narrows_the_role() {
    let bed = bed();
    let role = role_with(&bed, "wide", &pod_identity_trust(), S3_ALL);
    bed.block_on(
        bed.eks()
            .create_pod_identity_association()
            .cluster_name("prod")
            .namespace("jobs")
            .service_account("batch")
            .role_arn(&role)
            .disable_session_tags(true)
            .policy(r#"{"Version":"2012-10-17","Statement":[{"Sid":"ListOnly","Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#)
            .send(),
    )
    .unwrap();
    let list = check(
        &bed,
        "jobs",
        "batch",
        "s3:ListBucket",
        "arn:aws:s3:::data",
        &[],
    );
    assert_eq!(list["decision"], "allowed", "{list}");
    let assoc = step(&list, "association")[0];
    assert_eq!(assoc["sessionTags"], false);
    assert!(assoc["sessionPolicy"].is_object(), "{assoc}");
    assert_eq!(
        step(&list, "assume")[0]["actions"],
        json!(["sts:AssumeRole"])
    );
    let get = check(
        &bed,
        "jobs",
        "batch",
        "s3:GetObject",
        "arn:aws:s3:::data/x",
        &[],
    );
    assert_eq!(get["decision"], "implicitDeny", "{get}");
    assert_eq!(step(&get, "request")[0]["deniedBy"], "sessionPolicy");
}

#[test]
fn a_trust_without_tag_session_leaves_the_pods_without_credentials() {
    let bed = bed();
    let role = role_with(&bed, "untagged", &assume_only_trust(), S3_ALL);
    bed.create_association("prod", "team-a", "app", &role);
    let a = check(
        &bed,
        "team-a",
        "app",
        "s3:GetObject",
        "arn:aws:s3:::data/x",
        &[],
    );
    assert_eq!(a["decision"], "trust-denied", "{a}");
    let trust = step(&a, "assume")[0];
    assert_eq!(trust["decision"], "trust-denied");
    assert!(
        trust["why"].as_str().unwrap().contains("sts:TagSession"),
        "{trust}"
    );
    assert!(
        step(&a, "request").is_empty(),
        "no request is evaluated: {a}"
    );
}

#[test]
fn a_condition_on_a_key_epi_cannot_know_is_conditional_until_given() {
    let bed = bed();
    let role = bed.create_role("vpc-only", &pod_identity_trust());
    put_policy(
        &bed,
        "vpc-only",
        "s3",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"}}}]}"#,
    );
    bed.create_association("prod", "team-a", "app", &role);
    let a = check(
        &bed,
        "team-a",
        "app",
        "s3:GetObject",
        "arn:aws:s3:::data/x",
        &[],
    );
    assert_eq!(a["decision"], "conditional", "{a}");
    assert_eq!(a["dependsOn"], json!(["aws:SourceVpc"]));
    let given = check(
        &bed,
        "team-a",
        "app",
        "s3:GetObject",
        "arn:aws:s3:::data/x",
        &["--context", "aws:SourceVpc=vpc-1"],
    );
    assert_eq!(given["decision"], "allowed", "{given}");
    let other = check(
        &bed,
        "team-a",
        "app",
        "s3:GetObject",
        "arn:aws:s3:::data/x",
        &["--context", "aws:SourceVpc=vpc-2"],
    );
    assert_eq!(other["decision"], "implicitDeny", "{other}");
    // The pod's name is a session tag epi cannot know either.
    put_policy(
        &bed,
        "vpc-only",
        "s3",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-pod-name}/*"}]}"#,
    );
    let pod = check(
        &bed,
        "team-a",
        "app",
        "s3:GetObject",
        "arn:aws:s3:::data/web-0/x",
        &[],
    );
    assert_eq!(pod["decision"], "conditional", "{pod}");
    assert_eq!(
        pod["dependsOn"],
        json!(["aws:PrincipalTag/kubernetes-pod-name"])
    );
    // who-can lists a conditional association with what it depends on.
    let (_, out, _) = bed.run(&[
        "access",
        "who-can",
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::data/web-0/x",
        "--cluster",
        "prod",
        "-o",
        "json",
    ]);
    let rows = json(&out);
    assert_eq!(rows[0]["decision"], "conditional", "{rows}");
    assert_eq!(
        rows[0]["dependsOn"],
        json!(["aws:PrincipalTag/kubernetes-pod-name"])
    );
}

#[test]
fn no_association_and_bad_input() {
    let (bed, _) = abac_bed();
    let a = check(
        &bed,
        "team-c",
        "app",
        "s3:GetObject",
        "arn:aws:s3:::data/team-c/x",
        &[],
    );
    assert_eq!(a["decision"], "no-association", "{a}");
    let calls = bed.calls().len();
    for (flag, value) in [
        ("--action", "s3GetObject"),
        ("--resource", "not-an-arn"),
        ("--namespace", "Team_A"),
        ("--resource-account", "12"),
        ("--context", "novalue"),
    ] {
        let mut args = vec![
            "access",
            "check",
            "--cluster",
            "prod",
            "--namespace",
            "team-a",
            "--service-account",
            "app",
            "--action",
            "s3:GetObject",
            "--resource",
            "arn:aws:s3:::data/x",
        ];
        match args.iter().position(|a| *a == flag) {
            Some(i) => args[i + 1] = value,
            None => args.extend([flag, value]),
        }
        let (code, out, err) = bed.run(&args);
        assert_eq!(code, 2, "{flag} {value}: {out}{err}");
        assert!(err.contains(value), "{flag}: {err}");
    }
    assert_eq!(bed.calls().len(), calls, "bad input makes no AWS call");
}

#[test]
fn a_target_role_in_a_second_account_needs_the_right_external_id() {
    let bed = bed();
    let dir = tempfile::tempdir().unwrap();
    let credentials = credentials_file(dir.path(), "target", TARGET_ACCOUNT);
    let source = bed.create_role("chain", &pod_identity_trust());
    let iam = bed.iam_of(TARGET_ACCOUNT);
    let target_arn = format!("arn:aws:iam::{TARGET_ACCOUNT}:role/reader");
    put_policy(
        &bed,
        "chain",
        "assume-target",
        &json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":target_arn}]}).to_string(),
    );
    // Created with a placeholder trust, set once the external id is known.
    bed.block_on(
        iam.create_role()
            .role_name("reader")
            .assume_role_policy_document(json!({"Version":"2012-10-17","Statement":[]}).to_string())
            .send(),
    )
    .unwrap();
    bed.block_on(
        iam.put_role_policy()
            .role_name("reader")
            .policy_name("read")
            .policy_document(r#"{"Version":"2012-10-17","Statement":[{"Sid":"TeamRead","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/${aws:PrincipalTag/kubernetes-namespace}/*"}]}"#)
            .send(),
    )
    .unwrap();
    let created = bed
        .block_on(
            bed.eks()
                .create_pod_identity_association()
                .cluster_name("prod")
                .namespace("team-a")
                .service_account("app")
                .role_arn(&source)
                .target_role_arn(&target_arn)
                .send(),
        )
        .unwrap();
    let external_id = created
        .association()
        .unwrap()
        .external_id()
        .unwrap()
        .to_string();
    let trust = |id: &str| {
        json!({"Version":"2012-10-17","Statement":[{"Sid":"FromCluster","Effect":"Allow","Principal":{"AWS":source},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"sts:ExternalId":id}}}]}).to_string()
    };
    let set_trust = |id: &str| {
        bed.block_on(
            iam.update_assume_role_policy()
                .role_name("reader")
                .policy_document(trust(id))
                .send(),
        )
        .unwrap();
    };
    let run = |extra: &[&str]| {
        let mut args = vec![
            "access",
            "check",
            "--cluster",
            "prod",
            "--namespace",
            "team-a",
            "--service-account",
            "app",
            "--action",
            "s3:GetObject",
            "--resource",
            "arn:aws:s3:::shared/team-a/x",
            "--resource-account",
            TARGET_ACCOUNT,
            "-o",
            "json",
        ];
        args.extend_from_slice(extra);
        let out = bed
            .epi()
            .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
            .args(&args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };

    set_trust(&external_id);
    let (code, out, err) = run(&["--target-profile", "target"]);
    assert_eq!(code, 0, "{out}{err}");
    let a = json(&out);
    assert_eq!(a["decision"], "allowed", "{a}");
    let assumes = step(&a, "assume");
    assert_eq!(assumes.len(), 2);
    assert_eq!(assumes[1]["principal"], source);
    assert_eq!(assumes[1]["role"], target_arn);
    assert_eq!(step(&a, "request")[0]["role"], target_arn);
    assert_eq!(step(&a, "request")[0]["reasons"][0]["sid"], "TeamRead");

    set_trust("not-the-external-id");
    let (code, out, err) = run(&["--target-profile", "target"]);
    assert_eq!(code, 0, "{out}{err}");
    let a = json(&out);
    assert_eq!(a["decision"], "trust-denied", "{a}");
    assert_eq!(step(&a, "assume")[1]["decision"], "trust-denied");

    // Without the target account's credentials epi says what to give.
    let (code, _, err) = run(&[]);
    assert_ne!(code, 0);
    assert!(
        err.contains("--target-profile") && err.contains(TARGET_ACCOUNT),
        "{err}"
    );

    // who-can reads the target role with the same credentials.
    set_trust(&external_id);
    let out = bed
        .epi()
        .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
        .args([
            "access",
            "who-can",
            "--action",
            "s3:GetObject",
            "--resource",
            "arn:aws:s3:::shared/team-a/x",
            "--resource-account",
            TARGET_ACCOUNT,
            "--cluster",
            "prod",
            "--target-profile",
            "target",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    let rows = json(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(rows[0]["via"], "targetRole", "{rows}");
    assert_eq!(rows[0]["role"], target_arn);
    assert_eq!(rows[0]["decision"], "allowed");
}

const CONFIG: &str = "apiVersion: epi/v1alpha1
kind: PodIdentityConfig
cluster: prod
roles:
  - name: team-a-data
    inlinePolicies:
      abac:
        Version: '2012-10-17'
        Statement:
          - Sid: OwnPrefix
            Effect: Allow
            Action: s3:GetObject
            Resource: 'arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/*'
associations:
  - namespace: team-a
    serviceAccount: app
    role: team-a-data
";

const TESTS: &str = "apiVersion: epi/v1alpha1
kind: AccessTests
cluster: prod
tests:
  - serviceAccount: team-a/app
    action: s3:GetObject
    resource: arn:aws:s3:::data/team-a/report.csv
    expect: allowed
  - serviceAccount: team-a/app
    action: s3:GetObject
    resource: arn:aws:s3:::data/team-b/report.csv
    context: {aws:SourceVpc: vpc-1}
    expect: denied
";

#[test]
fn access_tests_run_against_the_desired_state_before_apply_and_live_after() {
    let bed = bed();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.yaml"), CONFIG).unwrap();
    std::fs::write(dir.path().join("tests.yaml"), TESTS).unwrap();
    let d = dir.path().to_str().unwrap();

    // Desired state: passes before anything exists.
    let (code, out, err) = bed.run(&["access", "test", "-f", d, "-o", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let report = json(&out);
    assert_eq!(report["passed"], 2, "{report}");
    assert_eq!(report["failed"], 0);
    assert_eq!(report["tests"][0]["decision"], "allowed");
    assert_eq!(report["tests"][0]["against"], "desired");
    assert!(
        bed.trust_policy("team-a-data").is_none(),
        "access test changes nothing"
    );
    assert!(bed.associations("prod").is_empty());

    // Live: fails until apply has run, naming the test and what was expected.
    let (code, out, err) = bed.run(&["access", "test", "-f", d, "--live"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("FAIL") && out.contains("no-association") && out.contains("tests.yaml:5:"),
        "{out}"
    );
    let (code, out, _) = bed.run(&["access", "test", "-f", d, "--live", "-o", "junit"]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("<?xml")
            && out.contains("<failure message=\"expected allowed, got no-association"),
        "{out}"
    );
    let doc = roxmltree::Document::parse(&out).unwrap();
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 2);
    assert!(cases[0].attribute("file").unwrap().ends_with("/tests.yaml"));
    // The second test expects denied: no association is a denial, so it passes.
    assert!(cases[1].children().all(|n| !n.has_tag_name("failure")));

    // plan ignores the AccessTests document and says so.
    let (code, _, err) = bed.run(&["plan", "-f", d]);
    assert_eq!(code, 3, "changes are pending: {err}");
    assert!(err.contains("AccessTests"), "{err}");
    let (code, out, err) = bed.run(&["apply", "-f", d, "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = bed.run(&["access", "test", "-f", d, "--live", "-o", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(json(&out)["tests"][0]["against"], "live");

    // A test that fails against the desired state names the deciding statement.
    std::fs::write(
        dir.path().join("tests.yaml"),
        TESTS.replace("data/team-b/report.csv", "data/team-a/other.csv"),
    )
    .unwrap();
    let (code, out, _) = bed.run(&["access", "test", "-f", d, "-o", "json"]);
    assert_eq!(code, 1);
    let failed = &json(&out)["tests"][1];
    assert_eq!(failed["passed"], false);
    assert_eq!(failed["expect"], "denied");
    assert_eq!(failed["decision"], "allowed");
    assert!(
        failed["deciding"].as_str().unwrap().contains("OwnPrefix"),
        "{failed}"
    );
}

#[test]
fn a_bad_access_tests_file_is_exit_2_with_its_location_before_any_call() {
    let bed = bed();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.yaml"), CONFIG).unwrap();
    let calls = bed.calls().len();
    for (bad, location) in [
        (TESTS.replace("expect: denied", "expect: nope"), "tests.yaml:13:"),
        (TESTS.replace("action: s3:GetObject\n    resource: arn:aws:s3:::data/team-b", "action: s3GetObject\n    resource: arn:aws:s3:::data/team-b"), "tests.yaml:10:"),
        (TESTS.replace("serviceAccount: team-a/app\n    action: s3:GetObject\n    resource: arn:aws:s3:::data/team-b", "serviceAccount: app\n    action: s3:GetObject\n    resource: arn:aws:s3:::data/team-b"), "tests.yaml:9:"),
        (TESTS.replace("    expect: allowed", "    expect: allowed\n    bogus: 1"), "tests.yaml:"),
    ] {
        std::fs::write(dir.path().join("tests.yaml"), &bad).unwrap();
        let (code, out, err) = bed.run(&["access", "test", "-f", dir.path().to_str().unwrap()]);
        assert_eq!(code, 2, "{bad}: {out}{err}");
        assert!(err.contains(location), "{location}: {err}");
    }
    // A misspelt key: a did-you-mean, and the reader's message once (no `error: … error:`);
    // a misspelt kind: the one message naming the kinds epi reads (#33 item 10).
    std::fs::write(
        dir.path().join("tests.yaml"),
        TESTS.replace("    expect: allowed", "    expct: allowed"),
    )
    .unwrap();
    let (code, _, err) = bed.run(&["access", "test", "-f", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("did you mean `expect`?") && err.matches("error").count() == 1,
        "{err}"
    );
    std::fs::write(
        dir.path().join("tests.yaml"),
        TESTS.replace("kind: AccessTests", "kind: AccessTest"),
    )
    .unwrap();
    let (code, _, err) = bed.run(&["access", "test", "-f", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("epi reads PodIdentityConfig and AccessTests documents")
            && err.contains("did you mean `kind: AccessTests`?"),
        "{err}"
    );
    // A JSON Schema beside the files is not epi's: skipped.
    let schema = common::epi().arg("schema").output().unwrap().stdout;
    std::fs::write(dir.path().join("epi.schema.json"), schema).unwrap();
    // Tests of a cluster no file describes: said before any call.
    std::fs::write(
        dir.path().join("tests.yaml"),
        TESTS.replace("cluster: prod", "cluster: other"),
    )
    .unwrap();
    let (code, _, err) = bed.run(&["access", "test", "-f", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--live"), "{err}");
    assert_eq!(bed.calls().len(), calls, "no AWS call for a bad file");
}

/// doctor asks the same question as access: a permissions boundary that stops the role from
/// assuming its target role fails doctor's target-permission check and access's target step.
#[test]
fn doctor_and_access_agree_on_a_boundary_that_stops_the_target_role() {
    let bed = bed();
    let source = bed.create_role("chain", &pod_identity_trust());
    let target = bed.create_role(
        "reader",
        &json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":format!("arn:aws:iam::{ACCOUNT}:role/chain")},"Action":["sts:AssumeRole","sts:TagSession"]}]}),
    );
    put_policy(
        &bed,
        "chain",
        "assume",
        &json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":target}]}).to_string(),
    );
    put_policy(
        &bed,
        "reader",
        "read",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
    );
    bed.block_on(
        bed.eks()
            .create_pod_identity_association()
            .cluster_name("prod")
            .namespace("team-a")
            .service_account("app")
            .role_arn(&source)
            .target_role_arn(&target)
            .send(),
    )
    .unwrap();
    let doctor = |bed: &TestBed| {
        let (_, out, err) = bed.run(&["doctor", "--cluster", "prod", "--no-kube", "-o", "json"]);
        let report = json(&out);
        let found = report["checks"]
            .as_array()
            .unwrap_or_else(|| panic!("{out}{err}"))
            .iter()
            .find(|c| c["check"] == "target-permission")
            .cloned()
            .unwrap();
        found["status"].as_str().unwrap().to_string()
    };
    let a = check(
        &bed,
        "team-a",
        "app",
        "s3:GetObject",
        "arn:aws:s3:::d/x",
        &[],
    );
    assert_eq!(a["decision"], "allowed", "{a}");
    assert_eq!(a["via"], "targetRole");
    assert_eq!(doctor(&bed), "pass");

    let boundary = managed_policy(
        &bed,
        "no-sts",
        &json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}),
    );
    bed.block_on(
        bed.iam()
            .put_role_permissions_boundary()
            .role_name("chain")
            .permissions_boundary(&boundary)
            .send(),
    )
    .unwrap();
    let a = check(
        &bed,
        "team-a",
        "app",
        "s3:GetObject",
        "arn:aws:s3:::d/x",
        &[],
    );
    assert_eq!(a["decision"], "implicitDeny", "{a}");
    assert_eq!(step(&a, "assume")[1]["decision"], "implicitDeny");
    assert_eq!(doctor(&bed), "fail");
}

/// Issue #31, item 1: assuming a role needs that role's trust policy even in one account
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html).
/// epi reads it (GetRole) rather than answer implicitDeny; a role it cannot read, or a KMS key
/// whose key policy it does not read, makes the answer conditional on that policy.
#[test]
fn assuming_a_role_reads_its_trust_and_an_unread_policy_is_conditional() {
    let bed = bed();
    let assume_any = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","kms:Decrypt"],"Resource":"*"}]}"#;
    let app = role_with(&bed, "app", &pod_identity_trust(), assume_any);
    bed.create_association("prod", "team-a", "app", &app);
    let admin = bed.create_role(
        "admin",
        &json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":format!("arn:aws:iam::{ACCOUNT}:root")},"Action":"sts:AssumeRole"}]}),
    );
    let ec2_only = bed.create_role(
        "ec2-only",
        &json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}),
    );

    // The trust admits the account, and the role's Allow does the rest.
    let a = check(&bed, "team-a", "app", "sts:AssumeRole", &admin, &[]);
    assert_eq!(a["decision"], "allowed", "{a}");
    assert!(
        a["notes"].to_string().contains("was read (iam:GetRole)"),
        "{a}"
    );
    // A trust that names someone else denies it, by the trust.
    let a = check(&bed, "team-a", "app", "sts:AssumeRole", &ec2_only, &[]);
    assert_eq!(a["decision"], "implicitDeny", "{a}");
    // A role of an account the run does not reach: conditional on its trust.
    let other = "arn:aws:iam::999988887777:role/admin";
    let a = check(&bed, "team-a", "app", "sts:AssumeRole", other, &[]);
    assert_eq!(a["decision"], "conditional", "{a}");
    assert_eq!(a["dependsOn"], json!([format!("trust policy of {other}")]));
    // A KMS key: its key policy is read (kms:GetKeyPolicy). The default key policy gives the
    // account's IAM policies the say (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html),
    // and the role's Allow does the rest.
    let key = bed
        .block_on(bed.kms().create_key().send())
        .unwrap()
        .key_metadata()
        .unwrap()
        .arn()
        .unwrap()
        .to_string();
    let a = check(&bed, "team-a", "app", "kms:Decrypt", &key, &[]);
    assert_eq!(a["decision"], "allowed", "{a}");
    assert!(a["notes"].to_string().contains("kms:GetKeyPolicy"), "{a}");
    // A key policy that names only another principal: the IAM Allow is not enough.
    bed.block_on(
        bed.kms()
            .put_key_policy()
            .key_id(&key)
            .policy_name("default")
            .policy(
                json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":format!("arn:aws:iam::{ACCOUNT}:role/other")},"Action":"kms:*","Resource":"*"}]})
                    .to_string(),
            )
            .send(),
    )
    .unwrap();
    let a = check(&bed, "team-a", "app", "kms:Decrypt", &key, &[]);
    assert_eq!(a["decision"], "implicitDeny", "{a}");
    // A key of an account the run does not reach: conditional on its key policy.
    let far_key = "arn:aws:kms:us-east-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let a = check(&bed, "team-a", "app", "kms:Decrypt", far_key, &[]);
    assert_eq!(a["decision"], "conditional", "{a}");
    assert_eq!(a["dependsOn"], json!([format!("key policy of {far_key}")]));
    let key = far_key.to_string();

    // who-can lists the pods that may assume admin, and says what it read.
    let (code, out, err) = bed.run(&[
        "access",
        "who-can",
        "--cluster",
        "prod",
        "--action",
        "sts:AssumeRole",
        "--resource",
        &admin,
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let rows = json(&out);
    assert_eq!(rows.as_array().unwrap().len(), 1, "{rows}");
    assert_eq!(rows[0]["decision"], "allowed");
    assert!(err.contains("read 1 account(s)"), "{err}");
    assert!(err.contains("was read (iam:GetRole)"), "{err}");

    // An AccessTests entry `expect: denied` fails on it; a resourcePolicy given in the test is
    // used as the resource's policy.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("deny-all.json"),
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*"}]}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("tests.yaml"),
        format!(
            "apiVersion: epi/v1alpha1\nkind: AccessTests\ncluster: prod\nregion: {REGION}\ntests:\n  - serviceAccount: team-a/app\n    action: sts:AssumeRole\n    resource: {admin}\n    expect: denied\n  - serviceAccount: team-a/app\n    action: kms:Decrypt\n    resource: {key}\n    expect: denied\n  - serviceAccount: team-a/app\n    action: kms:Decrypt\n    resource: {key}\n    resourcePolicy: deny-all.json\n    expect: denied\n"
        ),
    )
    .unwrap();
    let tests = dir.path().join("tests.yaml");
    let (code, out, err) = bed.run(&[
        "access",
        "test",
        "-f",
        tests.to_str().unwrap(),
        "--live",
        "-o",
        "json",
    ]);
    assert_eq!(code, 1, "{out}{err}");
    let report = json(&out);
    assert_eq!(report["tests"][0]["decision"], "allowed", "{report}");
    assert_eq!(report["tests"][0]["passed"], false);
    assert_eq!(report["tests"][1]["decision"], "conditional");
    assert_eq!(report["tests"][1]["passed"], false);
    assert_eq!(report["tests"][2]["decision"], "explicitDeny");
    assert_eq!(report["tests"][2]["passed"], true);

    // A misspelt action in a test is exit 2 at its place, with a did-you-mean.
    std::fs::write(
        &tests,
        "apiVersion: epi/v1alpha1\nkind: AccessTests\ncluster: prod\ntests:\n  - serviceAccount: team-a/app\n    action: s3:GetObjects\n    resource: arn:aws:s3:::data/x\n    expect: denied\n",
    )
    .unwrap();
    let (code, out, err) = bed.run(&["access", "test", "-f", tests.to_str().unwrap(), "--live"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("tests.yaml:6:") && err.contains("did you mean s3:GetObject"),
        "{err}"
    );
}

/// An inline `resourcePolicy` is linted as a resource policy, as a file one is: one without a
/// Principal is refused (exit 2, at its place) before any AWS call.
#[test]
fn an_inline_resource_policy_without_a_principal_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let tests = dir.path().join("tests.yaml");
    std::fs::write(
        &tests,
        "apiVersion: epi/v1alpha1\nkind: AccessTests\ncluster: prod\ntests:\n  - serviceAccount: team-a/app\n    action: s3:GetObject\n    resource: arn:aws:s3:::data/x\n    resourcePolicy: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: '*'}]}\n    expect: denied\n",
    )
    .unwrap();
    let (code, out, err) = common::run(&[
        "access",
        "test",
        "-f",
        tests.to_str().unwrap(),
        "--live",
        "--region",
        "us-east-1",
        "--endpoint-url",
        "http://127.0.0.1:9",
    ]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("tests.yaml:8:") && err.contains("Principal"),
        "{err}"
    );
}

/// #33 item 1: check, who-can and test at 80, 200 and 0 columns. At 80 the check's table, its
/// near miss (the policy's Resource whole on a line) and the notes fit; who-can drops the cluster
/// column for one cluster and says why each row is what it is; test lists a failure's deciding
/// statements after the table, and `-o wide` gives them a column.
#[test]
fn tables_fit_80_columns() {
    let (bed, _) = abac_bed();
    let ids: Vec<(String, String)> = bed
        .associations("prod")
        .iter()
        .map(|a| {
            // As long as the id, so columns line up as they would.
            let id = a.association_id().unwrap().to_string();
            let name = format!("a-{}-{}", a.namespace().unwrap(), "x".repeat(id.len()));
            (name[..id.len()].to_string(), id)
        })
        .collect();
    let normal = |text: String| ids.iter().fold(text, |t, (name, id)| t.replace(id, name));
    let dir = tempfile::tempdir().unwrap();
    let run = |width: &str, args: &[&str]| {
        let out = bed
            .epi()
            .current_dir(dir.path())
            .env("COLUMNS", width)
            .args(args)
            .output()
            .unwrap();
        normal(String::from_utf8_lossy(&out.stdout).to_string())
    };
    for (name, resource) in [("allowed", "team-a"), ("denied", "team-b")] {
        let resource = format!("arn:aws:s3:::data/{resource}/report.csv");
        common::at_widths(&format!("access_check_{name}"), true, |w| {
            run(
                w,
                &[
                    "access",
                    "check",
                    "--cluster",
                    "prod",
                    "--namespace",
                    "team-a",
                    "--service-account",
                    "app",
                    "--action",
                    "s3:GetObject",
                    "--resource",
                    &resource,
                ],
            )
        });
    }
    common::at_widths("access_who_can_all", true, |w| {
        run(
            w,
            &[
                "access",
                "who-can",
                "--cluster",
                "prod",
                "--action",
                "s3:GetObject",
                "--resource",
                "arn:aws:s3:::data/team-a/report.csv",
                "--all",
            ],
        )
    });
    std::fs::write(
        dir.path().join("tests.yaml"),
        "apiVersion: epi/v1alpha1\nkind: AccessTests\ncluster: prod\ntests:\n  - serviceAccount: team-a/app\n    action: s3:GetObject\n    resource: arn:aws:s3:::data/team-a/report.csv\n    expect: allowed\n  - name: team-b reads team-a's report\n    serviceAccount: team-b/app\n    action: s3:GetObject\n    resource: arn:aws:s3:::data/team-a/report.csv\n    expect: allowed\n",
    )
    .unwrap();
    for format in ["table", "wide"] {
        common::at_widths(&format!("access_test_{format}"), format == "table", |w| {
            run(
                w,
                &["access", "test", "-f", "tests.yaml", "--live", "-o", format],
            )
        });
    }
}
