//! Fleet runs over several accounts and regions of the multi-tenant test bed (a 12-digit access key
//! id selects the account; an AssumeRole session acts in the role's account). State is seeded and
//! checked through the SDK in each account.

mod common;
use common::json;
use common::testbed::{ACCOUNT, TestBed};
use serde_json::{Value, json};

const B: &str = "111111111111";
const C: &str = "222222222222";
const REGIONS: [&str; 2] = ["us-east-1", "eu-west-1"];

/// (account, region, cluster, namespace, service account, role, target role) of a listing.
type Key = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
);

fn seed(bed: &TestBed, account: &str, region: &str, cluster: &str, n: usize) {
    bed.create_cluster_of(account, region, cluster);
    let eks = bed.eks_of(account, region);
    for i in 0..n {
        bed.block_on(
            eks.create_pod_identity_association()
                .cluster_name(cluster)
                .namespace(format!("ns-{i}"))
                .service_account("app")
                .role_arn(format!("arn:aws:iam::{account}:role/app-{i}"))
                .send(),
        )
        .unwrap();
    }
}

/// Every association of an account and region, read with the SDK as that account.
fn truth(bed: &TestBed, account: &str, region: &str) -> Vec<Key> {
    let eks = bed.eks_of(account, region);
    let clusters = bed.block_on(eks.list_clusters().send()).unwrap();
    let mut out = Vec::new();
    for cluster in clusters.clusters() {
        let list = bed
            .block_on(
                eks.list_pod_identity_associations()
                    .cluster_name(cluster)
                    .send(),
            )
            .unwrap();
        for a in list.associations() {
            let d = bed
                .block_on(
                    eks.describe_pod_identity_association()
                        .cluster_name(cluster)
                        .association_id(a.association_id().unwrap())
                        .send(),
                )
                .unwrap();
            let d = d.association().unwrap();
            out.push((
                account.to_string(),
                region.to_string(),
                cluster.clone(),
                d.namespace().unwrap().to_string(),
                d.service_account().unwrap().to_string(),
                d.role_arn().unwrap().to_string(),
                d.target_role_arn().map(str::to_string),
            ));
        }
    }
    out
}

fn keys(rows: &Value) -> Vec<Key> {
    let mut out: Vec<Key> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["account"].as_str().unwrap().to_string(),
                r["region"].as_str().unwrap().to_string(),
                r["clusterName"].as_str().unwrap().to_string(),
                r["namespace"].as_str().unwrap().to_string(),
                r["serviceAccount"].as_str().unwrap().to_string(),
                r["roleArn"].as_str().unwrap().to_string(),
                r["targetRoleArn"].as_str().map(str::to_string),
            )
        })
        .collect();
    out.sort();
    out
}

/// Three accounts (the caller's and B, C) x two regions, a cluster with two associations each.
fn fleet() -> TestBed {
    let bed = TestBed::start();
    for account in [ACCOUNT, B, C] {
        for region in REGIONS {
            seed(&bed, account, region, &format!("c-{region}"), 2);
        }
    }
    bed
}

#[test]
fn a_fleet_listing_is_complete_and_says_where_each_association_is() {
    let bed = fleet();
    let accounts = format!("{ACCOUNT},{B},{C}");
    let assumed = || {
        bed.control("GET", "/_epi/requests", Value::Null)["assumeRole"]
            .as_u64()
            .unwrap()
    };
    let before = assumed();
    let (code, out, err) = bed.run(&[
        "association",
        "list",
        "--all-clusters",
        "--accounts",
        &accounts,
        "--regions",
        "us-east-1,eu-west-1",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        assumed() - before,
        2,
        "each other account's role is assumed once, for both regions"
    );
    let mut expected: Vec<Key> = Vec::new();
    for account in [ACCOUNT, B, C] {
        for region in REGIONS {
            expected.extend(truth(&bed, account, region));
        }
    }
    expected.sort();
    assert_eq!(expected.len(), 12);
    assert_eq!(keys(&json(&out)), expected);

    let (code, out, err) = bed.run(&[
        "association",
        "list",
        "--all-clusters",
        "--accounts",
        &accounts,
        "--regions",
        "us-east-1,eu-west-1",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("ACCOUNT") && out.contains(B) && out.contains("eu-west-1"),
        "{out}"
    );
}

#[test]
fn reverse_lookup_finds_exactly_the_users_of_a_role() {
    let bed = fleet();
    let shared = format!("arn:aws:iam::{B}:role/shared");
    // In B, an association with the role; in C, one with it as target role.
    let eks_b = bed.eks_of(B, "us-east-1");
    bed.block_on(
        eks_b
            .create_pod_identity_association()
            .cluster_name("c-us-east-1")
            .namespace("users")
            .service_account("reader")
            .role_arn(&shared)
            .send(),
    )
    .unwrap();
    let eks_c = bed.eks_of(C, "eu-west-1");
    bed.block_on(
        eks_c
            .create_pod_identity_association()
            .cluster_name("c-eu-west-1")
            .namespace("cross")
            .service_account("reader")
            .role_arn(format!("arn:aws:iam::{C}:role/source"))
            .target_role_arn(&shared)
            .send(),
    )
    .unwrap();
    let accounts = format!("{ACCOUNT},{B},{C}");
    for filter in [["--role-arn", shared.as_str()], ["--role-name", "shared"]] {
        let (code, out, err) = bed.run(&[
            "association",
            "list",
            "--all-clusters",
            "--accounts",
            &accounts,
            "--regions",
            "us-east-1,eu-west-1",
            filter[0],
            filter[1],
            "-o",
            "json",
        ]);
        assert_eq!(code, 0, "{err}");
        let found: Vec<(String, String)> = keys(&json(&out))
            .into_iter()
            .map(|k| (k.0, format!("{}/{}", k.3, k.4)))
            .collect();
        assert_eq!(
            found,
            vec![
                (B.to_string(), "users/reader".to_string()),
                (C.to_string(), "cross/reader".to_string())
            ],
            "{filter:?}"
        );
    }
}

#[test]
fn an_account_that_refuses_assume_role_leaves_the_others_listed() {
    let bed = fleet();
    bed.control(
        "POST",
        "/_epi/deny-assume-role",
        json!({"roleArns": [format!("arn:aws:iam::{C}:role/OrganizationAccountAccessRole")]}),
    );
    let accounts = format!("{ACCOUNT},{B},{C}");
    let args = [
        "association",
        "list",
        "--all-clusters",
        "--accounts",
        &accounts,
        "--regions",
        "us-east-1,eu-west-1",
        "-o",
        "json",
    ];
    let (code, out, err) = bed.run(&args);
    assert_eq!(code, 1, "{err}");
    let listed = keys(&json(&out));
    assert_eq!(listed.len(), 8, "{out}");
    assert!(listed.iter().all(|k| k.0 != C));
    assert!(
        err.contains(C) && err.contains("AccessDenied")
            || err.contains(C) && err.contains("not authorized"),
        "{err}"
    );
    assert!(err.contains("OrganizationAccountAccessRole"), "{err}");

    let mut partial = args.to_vec();
    partial.push("--allow-partial");
    let (code, _, err) = bed.run(&partial);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(C), "the failure is still listed: {err}");
}

#[test]
fn accounts_org_covers_the_organisations_active_accounts() {
    let bed = TestBed::start();
    let org = bed.organizations();
    let _ = bed.block_on(org.create_organization().send());
    let created = bed
        .block_on(
            org.create_account()
                .email("team@example.com")
                .account_name("team")
                .send(),
        )
        .unwrap();
    let mut id = created
        .create_account_status()
        .and_then(|s| s.account_id())
        .map(str::to_string);
    if id.is_none() {
        let listed = bed.block_on(org.list_accounts().send()).unwrap();
        id = listed
            .accounts()
            .iter()
            .filter_map(|a| a.id())
            .find(|a| *a != ACCOUNT)
            .map(str::to_string);
    }
    let id = id.expect("the new account's id");
    seed(&bed, &id, "us-east-1", "team", 1);
    seed(&bed, ACCOUNT, "us-east-1", "mgmt", 1);
    let (code, out, err) = bed.run(&[
        "association",
        "list",
        "--all-clusters",
        "--accounts",
        "org",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let found: Vec<(String, String)> = keys(&json(&out)).into_iter().map(|k| (k.0, k.2)).collect();
    assert!(
        found.contains(&(id.clone(), "team".to_string())),
        "{found:?}"
    );
    assert!(
        found.contains(&(ACCOUNT.to_string(), "mgmt".to_string())),
        "{found:?}"
    );
    // --exclude-account leaves one out.
    let (code, out, err) = bed.run(&[
        "association",
        "list",
        "--all-clusters",
        "--accounts",
        "org",
        "--exclude-account",
        &id,
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(keys(&json(&out)).iter().all(|k| k.0 != id));
}

#[test]
fn no_session_secret_appears_at_any_verbosity() {
    let bed = fleet();
    let accounts = format!("{ACCOUNT},{B},{C}");
    for level in [&["-v"][..], &["-vv"], &["--debug"]] {
        let mut args = vec![
            "association",
            "list",
            "--all-clusters",
            "--accounts",
            &accounts,
            "-o",
            "json",
        ];
        args.extend_from_slice(level);
        let out = bed
            .epi()
            .env("EPI_LOG", "trace")
            .args(&args)
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{all}");
        assert!(!all.contains("testbed-secret"), "{level:?}");
        // STS session credentials: access key ids start with ASIA, and tokens are long.
        let leaked: Vec<&str> = all
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '/' && c != '+' && c != '=')
            .filter(|w| (w.starts_with("ASIA") && w.len() >= 16) || w.len() >= 100)
            .collect();
        if !leaked.is_empty() {
            let at = all.find(leaked[0]).unwrap();
            panic!(
                "{level:?}: a session secret in the output: {}",
                &all[at.saturating_sub(700)..(at + 300).min(all.len())]
            );
        }
    }
}

#[test]
fn doctor_all_clusters_gives_one_row_per_cluster_of_the_fleet() {
    let bed = fleet();
    bed.control(
        "POST",
        "/_epi/deny-assume-role",
        json!({"roleArns": [format!("arn:aws:iam::{C}:role/OrganizationAccountAccessRole")]}),
    );
    let accounts = format!("{ACCOUNT},{B},{C}");
    let (code, out, err) = bed.run(&[
        "doctor",
        "--all-clusters",
        "--accounts",
        &accounts,
        "--regions",
        "us-east-1,eu-west-1",
        "--no-kube",
        "-o",
        "json",
    ]);
    assert_eq!(code, 1, "{err}");
    let report = json(&out);
    let mut rows: Vec<(String, String, String, u64)> = report["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["account"].as_str().unwrap().to_string(),
                r["region"].as_str().unwrap().to_string(),
                r["cluster"].as_str().unwrap().to_string(),
                r["associations"].as_u64().unwrap(),
            )
        })
        .collect();
    rows.sort();
    let mut expected = Vec::new();
    for account in [ACCOUNT, B] {
        for region in REGIONS {
            expected.push((
                account.to_string(),
                region.to_string(),
                format!("c-{region}"),
                2,
            ));
        }
    }
    expected.sort();
    assert_eq!(rows, expected);
    assert!(
        report["clusters"][0].get("report").is_none(),
        "details only with --detail"
    );
    assert_eq!(report["failures"][0]["account"], C);

    let (_, out, err) = bed.run(&[
        "doctor",
        "--all-clusters",
        "--accounts",
        &accounts,
        "--regions",
        "us-east-1",
        "--no-kube",
        "--detail",
    ]);
    assert!(out.starts_with("ACCOUNT"), "{out}");
    // #33 item 1: one region, so no REGION column; doctor's words for the counts; 80 columns.
    let summary: Vec<&str> = out.lines().take_while(|l| !l.is_empty()).collect();
    assert!(
        summary[0].contains("ASSOCIATIONS  PASS  WARN  FAIL  SKIP")
            && !summary[0].contains("REGION"),
        "{out}"
    );
    assert!(summary.iter().all(|l| l.chars().count() <= 80), "{out}");
    assert!(out.contains("epi doctor: cluster c-us-east-1"), "{out}");
    assert!(err.contains(C), "{err}");
    // The fleet's table at 80, 200 and 0 columns, two accounts and two regions: with both
    // columns and an agent column it runs a few columns past 80 (the one-region table above fits).
    common::at_widths("doctor_fleet", false, |w| {
        let out = bed
            .epi()
            .env("COLUMNS", w)
            .args(["doctor", "--all-clusters", "--accounts", &accounts])
            .args(["--regions", "us-east-1,eu-west-1", "--no-kube"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).to_string()
    });
}

#[test]
fn export_all_clusters_writes_one_document_per_cluster_of_the_fleet() {
    let bed = fleet();
    let accounts = format!("{ACCOUNT},{B}");
    for format in ["epi", "eksctl"] {
        let (code, out, err) = bed.run(&[
            "export",
            "--all-clusters",
            "--accounts",
            &accounts,
            "--regions",
            "us-east-1,eu-west-1",
            "--format",
            format,
        ]);
        assert_eq!(code, 0, "{err}");
        let docs: Vec<Value> = serde_saphyr::from_multiple(&out).unwrap();
        assert_eq!(docs.len(), 4, "{format}: {out}");
        let mut places: Vec<(String, String)> = docs
            .iter()
            .map(|d| {
                if format == "epi" {
                    (
                        d["cluster"].as_str().unwrap().to_string(),
                        d["region"].as_str().unwrap().to_string(),
                    )
                } else {
                    (
                        d["metadata"]["name"].as_str().unwrap().to_string(),
                        d["metadata"]["region"].as_str().unwrap().to_string(),
                    )
                }
            })
            .collect();
        places.sort();
        places.dedup();
        assert_eq!(
            places.len(),
            2,
            "two regions' clusters, in two accounts: {places:?}"
        );
    }
    let (code, out, err) = bed.run(&[
        "export",
        "--all-clusters",
        "--accounts",
        &accounts,
        "--regions",
        "us-east-1",
        "--format",
        "terraform",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.matches("resource \"aws_eks_pod_identity_association\"")
            .count(),
        4,
        "{out}"
    );
    assert!(
        out.contains(&format!("\"_{B}_us_east_1_c_us_east_1_ns_0_app\"")),
        "{out}"
    );
}

/// `epi access who-can` over two accounts: each account's roles read there, and a target role in
/// the other account of the run read with that account's session (no --target-profile needed).
#[test]
fn who_can_reads_each_accounts_roles_there() {
    let bed = TestBed::start();
    let trust = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]});
    let read = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/*"}]}"#;
    let make_role = |account: &str, name: &str, trust: &Value, policy: &str| {
        let iam = bed.iam_of(account);
        bed.block_on(
            iam.create_role()
                .role_name(name)
                .assume_role_policy_document(trust.to_string())
                .send(),
        )
        .unwrap();
        bed.block_on(
            iam.put_role_policy()
                .role_name(name)
                .policy_name("p")
                .policy_document(policy)
                .send(),
        )
        .unwrap();
        format!("arn:aws:iam::{account}:role/{name}")
    };
    // Account B: ns-0's pods may read data/ns-0/ through their role.
    seed(&bed, B, "us-east-1", "b1", 2);
    make_role(B, "app-0", &trust, read);
    make_role(
        B,
        "app-1",
        &trust,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}"#,
    );
    // The caller's account: an association whose target role is in B.
    let target = format!("arn:aws:iam::{B}:role/reader");
    let source = make_role(
        ACCOUNT,
        "chain",
        &trust,
        &json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":target}]}).to_string(),
    );
    bed.create_cluster_of(ACCOUNT, "us-east-1", "a1");
    let eks = bed.eks_of("AKIDTESTBED", "us-east-1");
    bed.block_on(
        eks.create_pod_identity_association()
            .cluster_name("a1")
            .namespace("ns-0")
            .service_account("chained")
            .role_arn(&source)
            .target_role_arn(&target)
            .send(),
    )
    .unwrap();
    make_role(
        B,
        "reader",
        &json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":source},"Action":["sts:AssumeRole","sts:TagSession"]}]}),
        read,
    );
    let accounts = format!("{ACCOUNT},{B}");
    let (code, out, err) = bed.run(&[
        "access",
        "who-can",
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::data/ns-0/x",
        "--resource-account",
        B,
        "--all-clusters",
        "--accounts",
        &accounts,
        "--regions",
        "us-east-1",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let rows = json(&out);
    let got: Vec<(String, String, String, String)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["account"].as_str().unwrap().to_string(),
                r["cluster"].as_str().unwrap().to_string(),
                r["serviceAccount"].as_str().unwrap().to_string(),
                r["via"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                ACCOUNT.to_string(),
                "a1".to_string(),
                "chained".to_string(),
                "targetRole".to_string()
            ),
            (
                B.to_string(),
                "b1".to_string(),
                "app".to_string(),
                "role".to_string()
            ),
        ],
        "{rows}"
    );
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .all(|r| r["decision"] == "allowed")
    );
}

/// Issue #31, item 2: `--all-regions` reads the account's enabled regions (Account API
/// ListRegions, https://docs.aws.amazon.com/accounts/latest/reference/API_ListRegions.html), so a
/// region newer than any list built into epi (ap-east-2) is read; when they cannot be listed, the
/// regions epi knows are read and the run says the others were not.
#[test]
fn all_regions_reads_the_accounts_enabled_regions() {
    let bed = TestBed::start();
    seed(&bed, ACCOUNT, "ap-east-2", "hk", 2);
    seed(&bed, ACCOUNT, "us-east-1", "virginia", 1);
    bed.control(
        "POST",
        "/_epi/regions",
        json!({"regions": ["us-east-1", "ap-east-2"]}),
    );
    let args = [
        "association",
        "list",
        "--all-clusters",
        "--all-regions",
        "-o",
        "json",
    ];
    let (code, out, err) = bed.run(&args);
    assert_eq!(code, 0, "{out}{err}");
    let rows = json(&out);
    let regions: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["region"].as_str().unwrap())
        .collect();
    assert_eq!(
        regions.iter().filter(|r| **r == "ap-east-2").count(),
        2,
        "{rows}"
    );
    assert_eq!(regions.iter().filter(|r| **r == "us-east-1").count(), 1);

    // ListRegions refused: the built-in regions are read (ap-east-2 is not among them), and the
    // run says a region outside them is unread: exit 1, or 0 with --allow-partial.
    bed.control("POST", "/_epi/regions", json!({"fail": true}));
    let (code, out, err) = bed.run(&args);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("account:ListRegions") && err.contains("unread"),
        "{err}"
    );
    assert!(!out.contains("ap-east-2"), "{out}");
    assert!(out.contains("virginia"), "{out}");
    let mut partial = args.to_vec();
    partial.push("--allow-partial");
    let (code, _, err) = bed.run(&partial);
    assert_eq!(code, 0, "{err}");
}

/// Every association of the fleet, read with the SDK.
fn fleet_truth(bed: &TestBed) -> Vec<Key> {
    let mut everything: Vec<Key> = Vec::new();
    for account in [ACCOUNT, B, C] {
        for region in REGIONS {
            everything.extend(truth(bed, account, region));
        }
    }
    everything.sort();
    everything
}

/// `association list` over the fleet with `--checkpoint file`, and `extra`.
fn checkpointed(file: &std::path::Path, extra: &[&str]) -> Vec<String> {
    let accounts = format!("{ACCOUNT},{B},{C}");
    let mut args: Vec<String> = [
        "association",
        "list",
        "--all-clusters",
        "--accounts",
        &accounts,
        "--regions",
        "us-east-1,eu-west-1",
        "--checkpoint",
        file.to_str().unwrap(),
        "-o",
        "json",
    ]
    .iter()
    .map(|a| a.to_string())
    .collect();
    args.extend(extra.iter().map(|a| a.to_string()));
    args
}

/// #36: `--checkpoint FILE` records each finished account and region; a second run with the file
/// reads only what the first did not finish and prints the same whole listing.
#[test]
fn a_checkpointed_run_resumes_where_it_stopped() {
    let bed = fleet();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fleet.ckpt");
    let owned = checkpointed(&file, &[]);
    let args: Vec<&str> = owned.iter().map(String::as_str).collect();
    let everything = fleet_truth(&bed);
    // Account C refuses the first run: its places fail and are not recorded.
    bed.control(
        "POST",
        "/_epi/deny-assume-role",
        json!({"roleArns": [format!("arn:aws:iam::{C}:role/OrganizationAccountAccessRole")]}),
    );
    let (code, _, err) = bed.run(&args);
    assert_eq!(code, 1, "{err}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        text.lines().count(),
        1 + 4,
        "a header and four places: {text}"
    );
    assert!(
        text.starts_with(r#"{"apiVersion":"epi/v1alpha1","kind":"FleetCheckpoint""#),
        "{text}"
    );
    // The second run reads C only, and prints everything.
    bed.control("POST", "/_epi/deny-assume-role", json!({"roleArns": []}));
    let describes = || {
        bed.calls()
            .iter()
            .filter(|c| {
                c["method"] == "GET"
                    && c["path"]
                        .as_str()
                        .unwrap()
                        .contains("/pod-identity-associations/")
            })
            .count()
    };
    let before = describes();
    let (code, out, err) = bed.run(&args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(keys(&json(&out)), everything);
    assert_eq!(
        describes() - before,
        4,
        "only C's two regions of two associations are described"
    );
    assert!(
        err.contains("4 of 6 places were finished by an earlier run"),
        "{err}"
    );
    // A third run reads nothing at all but the accounts' credentials.
    let before = bed.calls().len();
    let (code, out, _) = bed.run(&args);
    assert_eq!(code, 0);
    assert_eq!(keys(&json(&out)), everything);
    assert_eq!(bed.calls().len(), before, "every place came from the file");
    // Another read's file is bad input, before any call.
    let (code, out, err) = bed.run(&[
        "association",
        "list",
        "--all-clusters",
        "--namespace",
        "ns-0",
        "--checkpoint",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty() && err.contains("another read"), "{err}");
}

/// A run killed part-way (SIGKILL) leaves a file the next run resumes from.
#[test]
fn a_killed_run_leaves_a_checkpoint_the_next_run_completes() {
    let bed = fleet();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fleet.ckpt");
    let owned = checkpointed(&file, &["--concurrency", "1"]);
    let args: Vec<&str> = owned.iter().map(String::as_str).collect();
    let everything = fleet_truth(&bed);
    // 27 calls in all: GetCallerIdentity, 2 AssumeRoles, 6 ListClusters, 6 lists, 12 Describes
    // in turns of the places; after 24, some places are finished and the rest are not.
    assert!(bed.run_killed_after(24, &args).is_none(), "killed part-way");
    let recorded = std::fs::read_to_string(&file).unwrap().lines().count();
    assert!(recorded >= 2, "the header and at least one finished place");
    let (code, out, err) = bed.run(&args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(keys(&json(&out)), everything);
}

/// #36: `doctor --all-clusters --checkpoint FILE` records each finished account and region with
/// its clusters' reports; a second run checks only what the first did not finish and prints the
/// same reports.
#[test]
fn a_checkpointed_doctor_run_resumes_where_it_stopped() {
    let bed = fleet();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doctor.ckpt");
    let accounts = format!("{ACCOUNT},{B},{C}");
    let args = |checkpoint: bool| {
        let mut args = vec![
            "doctor",
            "--all-clusters",
            "--accounts",
            &accounts,
            "--regions",
            "us-east-1,eu-west-1",
            "--no-kube",
            "--detail",
            "-o",
            "json",
        ];
        if checkpoint {
            args.extend(["--checkpoint", file.to_str().unwrap()]);
        }
        args.into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    let run = |args: &[String]| bed.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let (_, whole, _) = run(&args(false));
    let clusters = |out: &str| {
        let mut rows: Vec<(String, String, String, u64)> = json(out)["clusters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["account"].as_str().unwrap().to_string(),
                    r["region"].as_str().unwrap().to_string(),
                    r["cluster"].as_str().unwrap().to_string(),
                    r["report"]["checks"].as_array().unwrap().len() as u64,
                )
            })
            .collect();
        rows.sort();
        rows
    };
    let everything = clusters(&whole);
    assert!(everything.len() >= 3, "{everything:?}");
    bed.control(
        "POST",
        "/_epi/deny-assume-role",
        json!({"roleArns": [format!("arn:aws:iam::{C}:role/OrganizationAccountAccessRole")]}),
    );
    let (code, _, err) = run(&args(true));
    assert_eq!(code, 1, "{err}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        text.lines().count(),
        1 + 4,
        "a header and four places: {text}"
    );
    bed.control("POST", "/_epi/deny-assume-role", json!({"roleArns": []}));
    let (_, out, err) = run(&args(true));
    assert!(
        err.contains("4 of 6 places were finished by an earlier run"),
        "{err}"
    );
    assert_eq!(clusters(&out), everything);
    // Another selection of checks is another read: bad input, before any call.
    let (code, out, err) = bed.run(&[
        "doctor",
        "--all-clusters",
        "--checks",
        "cluster",
        "--checkpoint",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty() && err.contains("another read"), "{err}");
}
