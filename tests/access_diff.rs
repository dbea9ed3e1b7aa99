//! `epi access diff` against the local AWS test bed: what a change of PodIdentityConfig files
//! grants and takes away, per service account, evaluated (not read off the text).

mod common;
use common::json;
use common::testbed::{ACCOUNT, TestBed};

/// Version 1: team-a/app reads its namespace's prefix (ABAC), team-b/api lists the bucket.
const V1: &str = "apiVersion: epi/v1alpha1
kind: PodIdentityConfig
cluster: prod
region: us-east-1
roles:
  - name: app
    inlinePolicies:
      data:
        Version: '2012-10-17'
        Statement:
          - Sid: Read
            Effect: Allow
            Action: s3:GetObject
            Resource: 'arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/*'
  - name: api
    inlinePolicies:
      list:
        Version: '2012-10-17'
        Statement:
          - Sid: List
            Effect: Allow
            Action: s3:ListBucket
            Resource: 'arn:aws:s3:::data'
associations:
  - {namespace: team-a, serviceAccount: app, role: app}
  - {namespace: team-b, serviceAccount: api, role: api}
";

/// Version 2: app also writes anywhere in the bucket and gets `s3:*` on `*`, and its session tags
/// are turned off (its read is by tag); api gets a target role; a new service account.
const V2: &str = "apiVersion: epi/v1alpha1
kind: PodIdentityConfig
cluster: prod
region: us-east-1
roles:
  - name: app
    trust: {unscoped: true}
    inlinePolicies:
      data:
        Version: '2012-10-17'
        Statement:
          - Sid: Read
            Effect: Allow
            Action: s3:GetObject
            Resource: 'arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/*'
          - Sid: Write
            Effect: Allow
            Action: s3:PutObject
            Resource: 'arn:aws:s3:::data/*'
          - Sid: AllOfS3
            Effect: Allow
            Action: 's3:*'
            Resource: '*'
  - name: api
    inlinePolicies:
      list:
        Version: '2012-10-17'
        Statement:
          - Sid: List
            Effect: Allow
            Action: s3:ListBucket
            Resource: 'arn:aws:s3:::data'
  - name: reports
    inlinePolicies:
      read:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: 'arn:aws:s3:::reports/*'
associations:
  - {namespace: team-a, serviceAccount: app, role: app, disableSessionTags: true}
  - {namespace: team-b, serviceAccount: api, role: api, targetRoleArn: 'arn:aws:iam::000000000000:role/reports'}
  - {namespace: team-c, serviceAccount: reports, role: reports}
";

struct Case {
    bed: TestBed,
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Case {
        let bed = TestBed::start();
        bed.create_cluster("prod");
        Case {
            bed,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn file(&self, name: &str, text: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }
}

fn sa<'a>(report: &'a serde_json::Value, ns: &str) -> &'a serde_json::Value {
    report["serviceAccounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["namespace"] == ns)
        .unwrap_or_else(|| panic!("no {ns} in {report:#}"))
}

#[test]
fn a_change_is_shown_as_the_access_it_grants_and_takes_away() {
    let case = Case::new();
    let v1 = case.file("v1/prod.yaml", V1);
    let v2 = case.file("v2/prod.yaml", V2);
    let (code, _, err) = case.bed.run(&["apply", "-f", &v1, "--yes"]);
    assert_eq!(code, 0, "{err}");

    // The files as they are live: nothing changes.
    let (code, out, err) = case.bed.run(&["access", "diff", "-f", &v1, "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        json(&out)["serviceAccounts"],
        serde_json::json!([]),
        "{out}"
    );

    let (code, out, err) = case.bed.run(&["access", "diff", "-f", &v2, "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    let report = json(&out);
    let app = sa(&report, "team-a");
    let gains = app["gains"].as_array().unwrap();
    let put = gains
        .iter()
        .find(|g| g["action"] == "s3:PutObject" && g["resource"] == "arn:aws:s3:::data/*")
        .unwrap_or_else(|| panic!("{app:#}"));
    assert_eq!(put["decision"], "allowed");
    assert_eq!(put["cause"]["sid"], "Write", "{put:#}");
    assert_eq!(
        put["cause"]["role"],
        format!("arn:aws:iam::{ACCOUNT}:role/app")
    );
    assert!(
        put["cause"]["file"]
            .as_str()
            .unwrap()
            .contains("v2/prod.yaml"),
        "{put:#}"
    );
    assert!(
        app["wildcards"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["action"] == "s3:*"
                && w["resource"] == "*"
                && w["cause"]["sid"] == "AllOfS3"),
        "{app:#}"
    );
    // Its session tags are off under a policy that uses them: the notes say so.
    assert!(
        app["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_str().unwrap().contains("session tags turned off")),
        "{app:#}"
    );
    // The new service account: its role is new to it, its read a gain.
    let reports = sa(&report, "team-c");
    assert_eq!(
        reports["newRoles"],
        serde_json::json!([format!("arn:aws:iam::{ACCOUNT}:role/reports")])
    );
    assert!(
        reports["gains"][0]["action"] == "s3:GetObject",
        "{reports:#}"
    );
    // team-b/api gets a target role: a role it could not use before.
    let api = sa(&report, "team-b");
    assert_eq!(
        api["newRoles"],
        serde_json::json!([format!("arn:aws:iam::{ACCOUNT}:role/reports")]),
        "{api:#}"
    );
    assert!(
        api["notes"].to_string().contains("target role changed"),
        "{api:#}"
    );

    // The gate: exit 1 for each condition that holds; the report is printed all the same.
    for (fail_on, code) in [("gain", 1), ("wildcard", 1), ("new-role", 1)] {
        let (got, out, err) = case
            .bed
            .run(&["access", "diff", "-f", &v2, "--fail-on", fail_on]);
        assert_eq!(got, code, "{fail_on}: {err}");
        assert!(out.contains("team-a/app"), "{out}");
        assert!(err.contains(fail_on), "{err}");
    }

    // Two versions of the files, offline from each other: v1 against v2 is the reverse.
    let (code, out, err) = case.bed.run(&[
        "access",
        "diff",
        "-f",
        &v1,
        "--against-files",
        &v2,
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let back = json(&out);
    let app = sa(&back, "team-a");
    assert!(
        app["losses"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["action"] == "s3:PutObject"),
        "{app:#}"
    );
    // What v1's tag-scoped read allows, v2's s3:* allowed too: no gain back.
    assert_eq!(app["gains"], serde_json::json!([]), "{app:#}");

    // For people: a table and a pull-request comment with the warning first.
    let (code, out, _) = case.bed.run(&["access", "diff", "-f", &v2]);
    assert_eq!(code, 0);
    assert!(
        out.contains("gains") && out.contains("s3: PutObject on"),
        "{out}"
    );
    let (_, md, _) = case
        .bed
        .run(&["access", "diff", "-f", &v2, "-o", "markdown"]);
    assert!(md.starts_with("### Access changes"), "{md}");
    assert!(md.contains("[!WARNING]"), "{md}");
    // epi plan's pull-request comment says the same, before the resources that cause it.
    let (code, plan, err) = case.bed.run(&["plan", "-f", &v2, "-o", "markdown"]);
    assert_eq!(code, 3, "{err}");
    let access = plan
        .find("#### Access changes")
        .expect("an Access changes section");
    assert!(plan[access..].contains("new role"), "{plan}");
    assert!(
        access < plan.find("#### role").unwrap_or(plan.len()),
        "{plan}"
    );
    // GitHub's annotations put each gain on the line that declares the granting role.
    let (code, notes, err) = case.bed.run(&["plan", "-f", &v2, "-o", "github"]);
    assert_eq!(code, 3, "{err}");
    let gain = notes
        .lines()
        .find(|l| l.contains("title=epi access%3A team-a/app gains"))
        .unwrap_or_else(|| panic!("{notes}"));
    assert!(
        gain.starts_with("::warning file="),
        "s3:* is a wildcard: {gain}"
    );
    assert!(gain.contains("v2/prod.yaml,line=6"), "{gain}");
}

#[test]
fn bad_input_is_exit_2_before_any_aws_call() {
    let case = Case::new();
    let before = case.bed.calls().len();
    let v2 = case.file("v2.yaml", V2);
    let other = case.file(
        "other.yaml",
        "apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: staging\nassociations: []\n",
    );
    for (args, named) in [
        (
            vec!["access", "diff", "-f", &v2, "--fail-on", "everything"],
            "everything",
        ),
        (
            vec!["access", "diff", "-f", &v2, "--against", "yesterday"],
            "yesterday",
        ),
        (
            vec!["access", "diff", "-f", &v2, "--against-files", &other],
            "prod",
        ),
    ] {
        let (code, _, err) = case.bed.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(named), "{args:?}: {err}");
    }
    assert_eq!(case.bed.calls().len(), before, "no EKS call for bad input");
}
