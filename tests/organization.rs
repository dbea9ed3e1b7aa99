//! Organisation scale (#36) on the test bed's AWS Organizations: accounts chosen by organisational
//! unit (recursively), suspended accounts skipped with a note, `--exclude-accounts`, and the
//! organisation's SCPs honoured by `access who-can` and `access check`. The organisation: the
//! caller's account manages it; OU `apps` holds account A and OU `apps/prod` (account B); OU
//! `sandbox` holds account S; a suspended account sits in `apps`. An SCP on `apps` denies
//! s3:DeleteObject.

mod common;
use common::json;
use common::testbed::{ACCOUNT, TestBed, pod_identity_trust};
use serde_json::{Value, json};

const S3_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
const DENY_DELETE: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoDeletes","Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}"#;

struct Org {
    bed: TestBed,
    apps: String,
    a: String,
    b: String,
    s: String,
    suspended: String,
    scp: String,
}

fn unit(bed: &TestBed, parent: &str, name: &str) -> String {
    let org = bed.organizations();
    let id = bed
        .block_on(
            org.create_organizational_unit()
                .parent_id(parent)
                .name(name)
                .send(),
        )
        .unwrap()
        .organizational_unit()
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    // AWS attaches FullAWSAccess to a new OU; the emulator leaves it to the caller.
    bed.block_on(
        org.attach_policy()
            .policy_id("p-FullAWSAccess")
            .target_id(&id)
            .send(),
    )
    .unwrap();
    id
}

fn account(bed: &TestBed, root: &str, parent: &str, name: &str) -> String {
    let org = bed.organizations();
    let created = bed
        .block_on(
            org.create_account()
                .email(format!("{name}@example.com"))
                .account_name(name)
                .send(),
        )
        .unwrap();
    let id = created
        .create_account_status()
        .and_then(|s| s.account_id())
        .unwrap()
        .to_string();
    bed.block_on(
        org.move_account()
            .account_id(&id)
            .source_parent_id(root)
            .destination_parent_id(parent)
            .send(),
    )
    .unwrap();
    id
}

/// A policy of the organisation; its id.
fn policy(
    bed: &TestBed,
    name: &str,
    kind: aws_sdk_organizations::types::PolicyType,
    content: &str,
) -> String {
    bed.block_on(
        bed.organizations()
            .create_policy()
            .name(name)
            .description(name)
            .r#type(kind)
            .content(content)
            .send(),
    )
    .unwrap()
    .policy()
    .unwrap()
    .policy_summary()
    .unwrap()
    .id()
    .unwrap()
    .to_string()
}

/// One cluster `c` in `account` with association team/app → role `app` (s3:* allowed).
fn workload(bed: &TestBed, account: &str) {
    let iam = bed.iam_of(account);
    bed.block_on(
        iam.create_role()
            .role_name("app")
            .assume_role_policy_document(pod_identity_trust().to_string())
            .send(),
    )
    .unwrap();
    bed.block_on(
        iam.put_role_policy()
            .role_name("app")
            .policy_name("s3")
            .policy_document(S3_ALL)
            .send(),
    )
    .unwrap();
    bed.create_cluster_of(account, "us-east-1", "c");
    let eks = bed.eks_of(account, "us-east-1");
    bed.block_on(
        eks.create_pod_identity_association()
            .cluster_name("c")
            .namespace("team")
            .service_account("app")
            .role_arn(format!("arn:aws:iam::{account}:role/app"))
            .send(),
    )
    .unwrap();
}

fn org() -> Org {
    let bed = TestBed::start();
    let org = bed.organizations();
    let _ = bed.block_on(org.create_organization().send());
    let root = bed.block_on(org.list_roots().send()).unwrap().roots()[0]
        .id()
        .unwrap()
        .to_string();
    let apps = unit(&bed, &root, "apps");
    let prod = unit(&bed, &apps, "prod");
    let sandbox = unit(&bed, &root, "sandbox");
    let a = account(&bed, &root, &apps, "a");
    let b = account(&bed, &root, &prod, "b");
    let s = account(&bed, &root, &sandbox, "s");
    let suspended = account(&bed, &root, &apps, "gone");
    bed.block_on(org.close_account().account_id(&suspended).send())
        .unwrap();
    let scp = policy(
        &bed,
        "NoDeletes",
        aws_sdk_organizations::types::PolicyType::ServiceControlPolicy,
        DENY_DELETE,
    );
    bed.block_on(org.attach_policy().policy_id(&scp).target_id(&apps).send())
        .unwrap();
    for id in [&a, &b, &s] {
        workload(&bed, id);
    }
    Org {
        bed,
        apps,
        a,
        b,
        s,
        suspended,
        scp,
    }
}

fn listed_accounts(out: &str) -> Vec<String> {
    let mut accounts: Vec<String> = json(out)
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["account"].as_str().unwrap().to_string())
        .collect();
    accounts.sort();
    accounts.dedup();
    accounts
}

#[test]
fn an_organisational_unit_covers_every_account_below_it() {
    let o = org();
    let (code, out, err) = o.bed.run(&[
        "association",
        "list",
        "--all-clusters",
        "--accounts",
        &o.apps,
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let mut expected = vec![o.a.clone(), o.b.clone()];
    expected.sort();
    assert_eq!(
        listed_accounts(&out),
        expected,
        "apps and apps/prod, not sandbox"
    );
    assert!(
        err.contains(&format!(
            "account {} is SUSPENDED in the organisation: skipped",
            o.suspended
        )),
        "{err}"
    );
    // Units and ids together; --exclude-accounts (comma-separated) leaves some out.
    let both = format!("{},{}", o.apps, o.s);
    let (code, out, err) = o.bed.run(&[
        "association",
        "list",
        "--all-clusters",
        "--accounts",
        &both,
        "--exclude-accounts",
        &format!("{},{}", o.b, ACCOUNT),
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let mut expected = vec![o.a.clone(), o.s.clone()];
    expected.sort();
    assert_eq!(listed_accounts(&out), expected);
}

#[test]
fn a_malformed_unit_is_bad_input() {
    let o = org();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("run.ckpt");
    for bad in ["ou-12", "ou-ABCD-12345678", "ou-abcd"] {
        let (code, out, err) = o.bed.run(&[
            "association",
            "list",
            "--all-clusters",
            "--accounts",
            bad,
            "--checkpoint",
            file.to_str().unwrap(),
        ]);
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(out.is_empty());
        assert!(err.contains(bad), "{err}");
        assert!(!file.exists(), "nothing half-written");
    }
}

fn who_can(o: &Org, action: &str, extra: &[&str]) -> (i32, Vec<Value>, String) {
    let mut args = vec![
        "access",
        "who-can",
        "--all-clusters",
        "--accounts",
        "org",
        "--action",
        action,
        "--resource",
        "arn:aws:s3:::data/report.csv",
        "--all",
        "-o",
        "json",
    ];
    args.extend(extra);
    let (code, out, err) = o.bed.run(&args);
    let rows = json(&out).as_array().cloned().unwrap_or_default();
    (code, rows, err)
}

fn decision_of(rows: &[Value], account: &str) -> String {
    rows.iter()
        .find(|r| r["account"] == account)
        .unwrap_or_else(|| panic!("no row of {account}: {rows:?}"))["decision"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn who_can_honours_the_organisations_scps() {
    let o = org();
    let (code, rows, err) = who_can(&o, "s3:DeleteObject", &[]);
    assert_eq!(code, 0, "{err}");
    // The SCP on apps covers its accounts and apps/prod's, not sandbox's.
    assert_eq!(decision_of(&rows, &o.a), "explicitDeny", "{rows:?}");
    assert_eq!(decision_of(&rows, &o.b), "explicitDeny", "{rows:?}");
    assert_eq!(decision_of(&rows, &o.s), "allowed", "{rows:?}");
    let reason = rows.iter().find(|r| r["account"] == o.a.as_str()).unwrap()["reason"].to_string();
    assert!(
        reason.contains(&o.scp) && reason.contains("NoDeletes"),
        "{reason}"
    );
    // What the SCP does not deny stays allowed.
    let (_, rows, _) = who_can(&o, "s3:GetObject", &[]);
    for account in [&o.a, &o.b, &o.s] {
        assert_eq!(decision_of(&rows, account), "allowed", "{rows:?}");
    }
    // An RCP on sandbox guards the resources of its accounts, whoever asks.
    let org = o.bed.organizations();
    let root = o.bed.block_on(org.list_roots().send()).unwrap().roots()[0]
        .id()
        .unwrap()
        .to_string();
    o.bed
        .block_on(
            org.enable_policy_type()
                .root_id(&root)
                .policy_type(aws_sdk_organizations::types::PolicyType::ResourceControlPolicy)
                .send(),
        )
        .unwrap();
    let rcp = policy(
        &o.bed,
        "SandboxDataStaysHome",
        aws_sdk_organizations::types::PolicyType::ResourceControlPolicy,
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoReads","Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#,
    );
    let sandbox = o
        .bed
        .block_on(org.list_parents().child_id(&o.s).send())
        .unwrap()
        .parents()[0]
        .id()
        .unwrap()
        .to_string();
    o.bed
        .block_on(
            org.attach_policy()
                .policy_id(&rcp)
                .target_id(&sandbox)
                .send(),
        )
        .unwrap();
    let (_, rows, _) = who_can(&o, "s3:GetObject", &["--resource-account", &o.s]);
    for account in [&o.a, &o.b, &o.s] {
        assert_eq!(decision_of(&rows, account), "explicitDeny", "{rows:?}");
    }
    assert!(rows[0]["reason"].to_string().contains(&rcp), "{rows:?}");
    // A resource of account A (no RCP on apps): A's own role may read it.
    let (_, rows, _) = who_can(&o, "s3:GetObject", &["--resource-account", &o.a]);
    assert_eq!(decision_of(&rows, &o.a), "allowed", "{rows:?}");
    // --scp files take the organisation's place.
    let dir = tempfile::tempdir().unwrap();
    let open = dir.path().join("open.json");
    std::fs::write(
        &open,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    )
    .unwrap();
    let (_, rows, _) = who_can(&o, "s3:DeleteObject", &["--scp", open.to_str().unwrap()]);
    assert_eq!(decision_of(&rows, &o.a), "allowed", "{rows:?}");
}

#[test]
fn access_check_reads_the_organisations_scps_on_request() {
    let o = org();
    // In the management account: association team/app of cluster mgmt, whose role hands over to
    // a target role in account A (under the SCP).
    let shared = format!("arn:aws:iam::{}:role/shared", o.a);
    let iam_a = o.bed.iam_of(&o.a);
    let trust_mgmt = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":format!("arn:aws:iam::{ACCOUNT}:root")},"Action":["sts:AssumeRole","sts:TagSession"]}]});
    o.bed
        .block_on(
            iam_a
                .create_role()
                .role_name("shared")
                .assume_role_policy_document(trust_mgmt.to_string())
                .send(),
        )
        .unwrap();
    o.bed
        .block_on(
            iam_a
                .put_role_policy()
                .role_name("shared")
                .policy_name("s3")
                .policy_document(S3_ALL)
                .send(),
        )
        .unwrap();
    let bridge = o.bed.create_role("bridge", &pod_identity_trust());
    let hand_over = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":shared}]});
    o.bed
        .block_on(
            o.bed
                .iam()
                .put_role_policy()
                .role_name("bridge")
                .policy_name("hand-over")
                .policy_document(hand_over.to_string())
                .send(),
        )
        .unwrap();
    o.bed.create_cluster("mgmt");
    o.bed
        .block_on(
            o.bed
                .eks()
                .create_pod_identity_association()
                .cluster_name("mgmt")
                .namespace("team")
                .service_account("app")
                .role_arn(&bridge)
                .target_role_arn(&shared)
                .send(),
        )
        .unwrap();
    let reach = format!("arn:aws:iam::{}:role/OrganizationAccountAccessRole", o.a);
    let check = |action: &str, extra: &[&str]| {
        let mut args = vec![
            "access",
            "check",
            "--cluster",
            "mgmt",
            "--namespace",
            "team",
            "--service-account",
            "app",
            "--action",
            action,
            "--resource",
            "arn:aws:s3:::data/report.csv",
            "--target-assume-role-arn",
            &reach,
            "-o",
            "json",
        ];
        args.extend(extra);
        let (code, out, err) = o.bed.run(&args);
        assert_eq!(code, 0, "{err}");
        json(&out)
    };
    // Without the organisation's policies: allowed, and the answer says SCPs were not considered.
    let answer = check("s3:DeleteObject", &[]);
    assert_eq!(answer["decision"], "allowed", "{answer:#}");
    // With them: the SCP on apps denies the target role's session.
    for flag in [&["--org-policies"][..], &["--accounts", "org"]] {
        let answer = check("s3:DeleteObject", flag);
        assert_eq!(answer["decision"], "explicitDeny", "{answer:#}");
        assert!(answer.to_string().contains(&o.scp), "{answer:#}");
    }
    let answer = check("s3:GetObject", &["--org-policies"]);
    assert_eq!(answer["decision"], "allowed", "{answer:#}");
    // The management account's own roles are not under SCPs.
    o.bed
        .block_on(
            o.bed
                .eks()
                .create_pod_identity_association()
                .cluster_name("mgmt")
                .namespace("ops")
                .service_account("app")
                .role_arn(&bridge)
                .send(),
        )
        .unwrap();
    let (_, out, _) = o.bed.run(&[
        "access",
        "check",
        "--cluster",
        "mgmt",
        "--namespace",
        "ops",
        "--service-account",
        "app",
        "--action",
        "sts:AssumeRole",
        "--resource",
        &shared,
        "--org-policies",
        "--target-assume-role-arn",
        &reach,
        "-o",
        "json",
    ]);
    assert!(
        out.contains("is the organisation's management account: SCPs do not apply to it"),
        "{out}"
    );
}

#[test]
fn a_snapshot_of_the_organisation_answers_with_its_scps_offline() {
    let o = org();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("org.json");
    let path = file.to_str().unwrap();
    let (code, _, err) = o.bed.run(&[
        "snapshot",
        "--all-clusters",
        "--accounts",
        "org",
        "--out",
        path,
    ]);
    assert_eq!(code, 0, "{err}");
    let snap = json(&std::fs::read_to_string(&file).unwrap());
    let org = &snap["organization"]["policies"];
    assert_eq!(org["policies"][&o.scp]["kind"], "scp", "{org:#}");
    let path_of_a: Vec<&str> = org["paths"][&o.a]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["target"].as_str().unwrap())
        .collect();
    assert!(path_of_a.contains(&o.apps.as_str()), "{path_of_a:?}");
    assert_eq!(snap["clusters"].as_array().unwrap().len(), 3);

    // Offline (every endpoint at a closed port), as the live run answers.
    let offline = |extra: &[&str]| {
        let mut args = vec![
            "access",
            "who-can",
            "--all-clusters",
            "--action",
            "s3:DeleteObject",
            "--resource",
            "arn:aws:s3:::data/report.csv",
            "--all",
            "-o",
            "json",
            "--snapshot",
            path,
        ];
        args.extend(extra);
        let out = o
            .bed
            .epi()
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", common::stderr_of(&out));
        json(&common::stdout_of(&out))
    };
    let (code, live, err) = who_can(&o, "s3:DeleteObject", &[]);
    assert_eq!(code, 0, "{err}");
    let from_snapshot = offline(&["--accounts", "org"]);
    assert_eq!(from_snapshot, Value::Array(live.clone()));
    assert_eq!(decision_of(&live, &o.a), "explicitDeny");
    assert_eq!(decision_of(&live, &o.s), "allowed");
    // A unit selects its accounts from the paths the snapshot holds.
    let apps = offline(&["--accounts", &o.apps]);
    let mut accounts: Vec<&str> = apps
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["account"].as_str().unwrap())
        .collect();
    accounts.sort();
    let mut expected = vec![o.a.as_str(), o.b.as_str()];
    expected.sort();
    assert_eq!(accounts, expected);
}

/// In account B (under apps/prod): association team/hop of cluster c, whose role `hop` hands over
/// to target role `t` of B; an SCP on prod denies sts:AssumeRole.
fn hop_under_scp(o: &Org) -> String {
    let b = &o.b;
    let iam = o.bed.iam_of(b);
    let hop = format!("arn:aws:iam::{b}:role/hop");
    let target = format!("arn:aws:iam::{b}:role/t");
    o.bed
        .block_on(
            iam.create_role()
                .role_name("hop")
                .assume_role_policy_document(pod_identity_trust().to_string())
                .send(),
        )
        .unwrap();
    let hand_over = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":target}]});
    o.bed
        .block_on(
            iam.put_role_policy()
                .role_name("hop")
                .policy_name("hand-over")
                .policy_document(hand_over.to_string())
                .send(),
        )
        .unwrap();
    let trust = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":hop},"Action":["sts:AssumeRole","sts:TagSession"]}]});
    o.bed
        .block_on(
            iam.create_role()
                .role_name("t")
                .assume_role_policy_document(trust.to_string())
                .send(),
        )
        .unwrap();
    o.bed
        .block_on(
            iam.put_role_policy()
                .role_name("t")
                .policy_name("s3")
                .policy_document(S3_ALL)
                .send(),
        )
        .unwrap();
    o.bed
        .block_on(
            o.bed
                .eks_of(b, "us-east-1")
                .create_pod_identity_association()
                .cluster_name("c")
                .namespace("team")
                .service_account("hop")
                .role_arn(&hop)
                .target_role_arn(&target)
                .send(),
        )
        .unwrap();
    let org = o.bed.organizations();
    let prod = o
        .bed
        .block_on(org.list_parents().child_id(b).send())
        .unwrap()
        .parents()[0]
        .id()
        .unwrap()
        .to_string();
    let scp = policy(
        &o.bed,
        "NoHandOver",
        aws_sdk_organizations::types::PolicyType::ServiceControlPolicy,
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoAssume","Effect":"Deny","Action":"sts:AssumeRole","Resource":"*"}]}"#,
    );
    o.bed
        .block_on(org.attach_policy().policy_id(&scp).target_id(&prod).send())
        .unwrap();
    scp
}

#[test]
fn the_hop_to_a_target_role_honours_the_organisations_policies() {
    let o = org();
    let scp = hop_under_scp(&o);
    let (code, rows, err) = who_can(&o, "s3:GetObject", &[]);
    assert_eq!(code, 0, "{err}");
    let hop = rows
        .iter()
        .find(|r| r["serviceAccount"] == "hop")
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(hop["decision"], "explicitDeny", "{hop}");
    assert!(hop["reason"].to_string().contains(&scp), "{hop}");
    // Without the organisation's policies, the hop is allowed.
    let plain = o.bed.run(&[
        "access",
        "who-can",
        "--all-clusters",
        "--accounts",
        &o.b,
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::data/report.csv",
        "-o",
        "json",
    ]);
    assert_eq!(plain.0, 0, "{}", plain.2);
    assert!(
        json(&plain.1)
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["serviceAccount"] == "hop" && r["decision"] == "allowed"),
        "{}",
        plain.1
    );
    // doctor judges the hop with them too.
    let (code, out, err) = o.bed.run(&[
        "doctor",
        "--all-clusters",
        "--accounts",
        &o.b,
        "--org-policies",
        "--no-kube",
        "--detail",
        "-o",
        "json",
    ]);
    assert_eq!(code, 1, "{err}");
    let report = json(&out);
    let checks: Vec<&Value> = report["clusters"][0]["report"]["checks"]
        .as_array()
        .unwrap_or_else(|| panic!("{report:#}"))
        .iter()
        .filter(|c| c["check"] == "target-permission")
        .collect();
    assert_eq!(checks.len(), 1, "{report:#}");
    assert_eq!(checks[0]["status"], "fail", "{}", checks[0]);
    assert!(
        checks[0]["message"]
            .as_str()
            .unwrap()
            .contains("organisation's policies stop"),
        "{}",
        checks[0]
    );
}
