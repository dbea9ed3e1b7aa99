//! `epi addon install|status` against the local AWS test bed.

mod common;
use common::json;
use common::testbed::TestBed;
use serde_json::json;

const AGENT: &str = "eks-pod-identity-agent";

fn version(v: &str, default: bool, clusters: &[&str]) -> serde_json::Value {
    json!({
        "addonVersion": v,
        "architecture": ["amd64", "arm64"],
        "compatibilities": clusters.iter().map(|c| json!({"clusterVersion": c, "platformVersions": ["*"], "defaultVersion": default})).collect::<Vec<_>>(),
        "requiresConfiguration": false
    })
}

/// A cluster `prod` on Kubernetes 1.30 and a catalogue: default v1.3.4, newest v1.3.10, an old
/// v1.2.0, and v1.0.0 only for 1.24.
fn bed() -> TestBed {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    bed.control(
        "POST",
        "/_epi/clusters/prod",
        json!({"version": "1.30", "platformVersion": "eks.20"}),
    );
    bed.control(
        "POST",
        "/_epi/catalogue",
        json!({
            AGENT: [
                version("v1.3.10-eksbuild.1", false, &["1.30", "1.31"]),
                version("v1.3.4-eksbuild.1", true, &["1.30"]),
                version("v1.2.0-eksbuild.1", false, &["1.29", "1.30"]),
                version("v1.0.0-eksbuild.1", true, &["1.24"])
            ],
            "vpc-cni": [version("v1.18.0-eksbuild.1", true, &["1.30"])]
        }),
    );
    bed
}

#[test]
fn installs_the_default_version_then_is_idempotent() {
    let bed = bed();
    let (code, out, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--wait",
        "--poll-interval",
        "1",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_eq!(r["action"], "created");
    assert_eq!(r["version"], "v1.3.4-eksbuild.1");
    assert_eq!(r["status"], "ACTIVE");
    assert_eq!(
        bed.addon("prod", AGENT).unwrap().addon_version(),
        Some("v1.3.4-eksbuild.1")
    );

    let (code, out, err) = bed.run(&["addon", "install", "--cluster", "prod", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["action"], "unchanged");
    assert!(err.contains("already at v1.3.4-eksbuild.1"), "{err}");
    let updates = bed
        .calls()
        .into_iter()
        .filter(|c| c["method"] == "POST" && c["path"].as_str().unwrap().contains("/addons"))
        .count();
    assert_eq!(updates, 1, "the second run must not change anything");
}

#[test]
fn latest_upgrades_and_an_unknown_version_lists_the_offered_ones() {
    let bed = bed();
    assert_eq!(
        bed.run(&["addon", "install", "--cluster", "prod", "--no-wait"])
            .0,
        0
    );
    let (code, out, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--version",
        "latest",
        "--no-wait",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_eq!(r["action"], "updated");
    assert_eq!(r["previousVersion"], "v1.3.4-eksbuild.1");
    assert_eq!(
        bed.addon("prod", AGENT).unwrap().addon_version(),
        Some("v1.3.10-eksbuild.1")
    );

    let (code, _, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--version",
        "v9.9.9-eksbuild.1",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("v9.9.9-eksbuild.1")
            && err.contains("v1.3.10-eksbuild.1, v1.3.4-eksbuild.1, v1.2.0-eksbuild.1"),
        "{err}"
    );
    let (code, _, err) = bed.run(&["addon", "install", "--cluster", "prod", "--version", "1.3"]);
    assert_eq!(code, 2);
    assert!(err.contains("\"1.3\""), "{err}");
}

#[test]
fn a_newer_installed_version_is_not_downgraded_implicitly() {
    let bed = bed();
    assert_eq!(
        bed.run(&[
            "addon",
            "install",
            "--cluster",
            "prod",
            "--version",
            "latest",
            "--no-wait"
        ])
        .0,
        0
    );
    let (code, out, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--no-wait",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["action"], "unchanged");
    assert!(err.contains("newer than EKS's default"), "{err}");
    assert_eq!(
        bed.addon("prod", AGENT).unwrap().addon_version(),
        Some("v1.3.10-eksbuild.1")
    );
}

#[test]
fn configuration_values_for_ipv4_only_and_hybrid() {
    let bed = bed();
    let (code, _, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--ipv4-only",
        "--hybrid",
        "--version",
        "latest",
        "--no-wait",
    ]);
    assert_eq!(code, 0, "{err}");
    let conf: serde_json::Value = serde_json::from_str(
        bed.addon("prod", AGENT)
            .unwrap()
            .configuration_values()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        conf,
        json!({"agent": {"additionalArgs": {"-b": "169.254.170.23"}}, "daemonsets": {"hybrid": {"create": true}}})
    );

    let (code, _, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--hybrid",
        "--version",
        "v1.2.0-eksbuild.1",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("v1.3.3-eksbuild.1"), "{err}");
}

#[test]
fn unsupported_clusters_are_refused_with_the_reason() {
    let bed = bed();
    bed.control("POST", "/_epi/clusters/prod", json!({"version": "1.23"}));
    let (code, _, err) = bed.run(&["addon", "install", "--cluster", "prod"]);
    assert_eq!(code, 1);
    assert!(err.contains("1.24"), "{err}");
    bed.control(
        "POST",
        "/_epi/clusters/prod",
        json!({"version": "1.28", "platformVersion": "eks.3"}),
    );
    let (code, _, err) = bed.run(&["addon", "install", "--cluster", "prod"]);
    assert_eq!(code, 1);
    assert!(err.contains("eks.4") && err.contains("eks.3"), "{err}");
    assert!(bed.addon("prod", AGENT).is_none());
}

#[test]
fn auto_mode_changes_nothing() {
    let bed = bed();
    bed.control(
        "POST",
        "/_epi/clusters/prod",
        json!({"computeConfig": {"enabled": true}}),
    );
    let (code, out, err) = bed.run(&["addon", "install", "--cluster", "prod", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["action"], "auto-mode");
    assert!(err.contains("Auto Mode"), "{err}");
    assert!(bed.addon("prod", AGENT).is_none());
}

#[test]
fn fargate_profiles_are_warned_about() {
    let bed = bed();
    bed.control(
        "POST",
        "/_epi/fargate/prod",
        json!({"profiles": ["fp-default"]}),
    );
    let (code, _, err) = bed.run(&["addon", "install", "--cluster", "prod", "--no-wait"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("Fargate") && err.contains("fp-default"),
        "{err}"
    );
}

#[test]
fn waits_until_active() {
    let bed = bed();
    bed.control(
        "POST",
        &format!("/_epi/addons/prod/{AGENT}"),
        json!({"states": [{"status": "CREATING"}, {"status": "CREATING"}, {"status": "ACTIVE"}]}),
    );
    let (code, out, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--wait",
        "--poll-interval",
        "1",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["status"], "ACTIVE");
    let describes = bed
        .calls()
        .into_iter()
        .filter(|c| c["method"] == "GET" && c["path"] == format!("/clusters/prod/addons/{AGENT}"))
        .count();
    assert!(describes >= 4, "polled {describes} times");
}

#[test]
fn degraded_prints_the_health_issues_and_exits_1() {
    let bed = bed();
    bed.control(
        "POST",
        &format!("/_epi/addons/prod/{AGENT}"),
        json!({"states": [{"status": "CREATING"}, {"status": "DEGRADED", "health": {"issues": [{"code": "InsufficientNumberOfReplicas", "message": "The add-on is unhealthy because it doesn't have the desired number of replicas.", "resourceIds": ["kube-system/eks-pod-identity-agent"]}]}}]}),
    );
    let (code, out, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--wait",
        "--poll-interval",
        "1",
        "-o",
        "json",
    ]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(json(&out)["status"], "DEGRADED");
    assert!(
        err.contains("DEGRADED")
            && err.contains("InsufficientNumberOfReplicas")
            && err.contains("desired number of replicas"),
        "{err}"
    );
}

#[test]
fn gives_up_after_the_timeout() {
    let bed = bed();
    bed.control(
        "POST",
        &format!("/_epi/addons/prod/{AGENT}"),
        json!({"states": [{"status": "CREATING"}]}),
    );
    let (code, _, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--wait",
        "--poll-interval",
        "1",
        "--timeout",
        "2",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("not ACTIVE after 2 seconds"), "{err}");
}

#[test]
fn dry_run_installs_nothing() {
    let bed = bed();
    let (code, out, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--dry-run",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["action"], "would-create");
    // The engine's shape, as every dry run prints it (docs/json-output.md).
    let change = &json(&out)["changes"][0];
    assert_eq!(change["action"], "create");
    assert_eq!(change["resource"], "addon");
    assert_eq!(change["id"], format!("prod/{AGENT}"));
    assert_eq!(change["after"]["version"], "v1.3.4-eksbuild.1");
    assert!(bed.addon("prod", AGENT).is_none());
}

#[test]
fn status_before_and_after() {
    let bed = bed();
    let (code, out, err) = bed.run(&["addon", "status", "--cluster", "prod", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    let s = json(&out);
    assert_eq!(s["installed"], false);
    assert_eq!(s["defaultVersion"], "v1.3.4-eksbuild.1");
    assert_eq!(s["newestVersion"], "v1.3.10-eksbuild.1");
    assert_eq!(s["unsupportedReason"], serde_json::Value::Null);

    assert_eq!(
        bed.run(&["addon", "install", "--cluster", "prod", "--no-wait"])
            .0,
        0
    );
    bed.control("POST", &format!("/_epi/addons/prod/{AGENT}"), json!({"states": [{"status": "DEGRADED", "health": {"issues": [{"code": "AccessDenied", "message": "node role lacks eks-auth:AssumeRoleForPodIdentity", "resourceIds": []}]}}]}));
    let (code, out, _) = bed.run(&["addon", "status", "--cluster", "prod"]);
    assert_eq!(code, 0);
    for needle in [
        "Installed",
        "yes",
        "v1.3.4-eksbuild.1",
        "DEGRADED",
        "AccessDenied: node role lacks",
    ] {
        assert!(out.contains(needle), "{needle}:\n{out}");
    }
    // No configuration values: `-`, not a YAML reading of `-` (`[null]`).
    assert!(
        out.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["Configuration", "-"]),
        "{out}"
    );
    common::at_widths("addon_status", true, |w| {
        let out = bed
            .epi()
            .env("COLUMNS", w)
            .args(["addon", "status", "--cluster", "prod"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).to_string()
    });
}

#[test]
fn an_explicit_version_is_installed_when_versions_cannot_be_read() {
    let bed = bed();
    bed.control("POST", "/_epi/faults", json!({"rate": 1.0, "status": 403, "code": "AccessDeniedException", "message": "no", "operations": ["GET /addons/supported-versions"]}));
    let (code, _, err) = bed.run(&["addon", "install", "--cluster", "prod", "--no-wait"]);
    assert_eq!(
        code, 1,
        "without a version there is nothing to install: {err}"
    );
    assert!(err.contains("eks:DescribeAddonVersions"), "{err}");
    let (code, _, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--version",
        "v1.3.4-eksbuild.1",
        "--no-wait",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("could not check"), "{err}");
    assert_eq!(
        bed.addon("prod", AGENT).unwrap().addon_version(),
        Some("v1.3.4-eksbuild.1")
    );
}

const EBS: &str = "aws-ebs-csi-driver";
const EFS: &str = "aws-efs-csi-driver";
const S3: &str = "aws-mountpoint-s3-csi-driver";
const EBS_POLICY: &str = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy";
const EFS_POLICY: &str = "arn:aws:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy";

/// `bed()` plus the EBS CSI driver (two service accounts, one already with an association it
/// owns), the EFS CSI driver (one service account, none yet) and the Mountpoint driver at v1
/// (no Pod Identity; v2 has it).
fn addon_bed() -> (TestBed, String) {
    let bed = bed();
    let pi = |sa: &str, policy: &str| json!({"serviceAccount": sa, "recommendedManagedPolicies": [policy]});
    bed.control(
        "POST",
        "/_epi/catalogue",
        json!({
            AGENT: [version("v1.3.4-eksbuild.1", true, &["1.30"])],
            S3: [version("v2.0.0-eksbuild.1", false, &["1.30"]), version("v1.14.0-eksbuild.1", true, &["1.30"])],
            "_configuration": {
                EBS: {"configurationSchema": "{}", "podIdentityConfiguration": [pi("ebs-csi-controller-sa", EBS_POLICY), pi("ebs-csi-node-sa", EBS_POLICY)]},
                EFS: {"configurationSchema": "{}", "podIdentityConfiguration": [pi("efs-csi-controller-sa", EFS_POLICY)]},
                S3: {"byVersion": {"v2.0.0-eksbuild.1": {"configurationSchema": "{}", "podIdentityConfiguration": [pi("s3-csi-driver-sa", "arn:aws:iam::aws:policy/AmazonS3FullAccess")]}}}
            }
        }),
    );
    let eks = bed.eks();
    for (name, version) in [
        (EBS, "v1.35.0-eksbuild.1"),
        (EFS, "v2.1.0-eksbuild.1"),
        (S3, "v1.14.0-eksbuild.1"),
    ] {
        bed.block_on(
            eks.create_addon()
                .cluster_name("prod")
                .addon_name(name)
                .addon_version(version)
                .send(),
        )
        .unwrap();
    }
    let existing = bed.create_role("ebs-controller", &common::testbed::pod_identity_trust());
    bed.block_on(
        eks.update_addon()
            .cluster_name("prod")
            .addon_name(EBS)
            .pod_identity_associations(
                aws_sdk_eks::types::AddonPodIdentityAssociations::builder()
                    .service_account("ebs-csi-controller-sa")
                    .role_arn(&existing)
                    .build()
                    .unwrap(),
            )
            .send(),
    )
    .unwrap();
    (bed, existing)
}

fn addon_entries(bed: &TestBed, addon: &str) -> Vec<(String, String)> {
    let arns = bed
        .addon("prod", addon)
        .unwrap()
        .pod_identity_associations()
        .to_vec();
    let mut out: Vec<(String, String)> = bed
        .associations("prod")
        .into_iter()
        .filter(|a| arns.contains(&a.association_arn().unwrap().to_string()))
        .map(|a| {
            (
                a.service_account().unwrap().to_string(),
                a.role_arn().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn addon_roles_lists_what_each_addon_wants_and_uses() {
    let (bed, existing) = addon_bed();
    let (code, out, err) = bed.run(&["addon", "roles", "--cluster", "prod", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    let report = json(&out);
    let ebs = report["addons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["addon"] == EBS)
        .unwrap();
    assert_eq!(ebs["supported"], true);
    assert_eq!(ebs["namespace"], "kube-system");
    assert_eq!(
        ebs["serviceAccounts"][0]["serviceAccount"],
        "ebs-csi-controller-sa"
    );
    assert_eq!(ebs["serviceAccounts"][0]["associationRoleArn"], existing);
    assert_eq!(
        ebs["serviceAccounts"][1]["recommendedPolicies"],
        json!([EBS_POLICY])
    );
    let s3 = report["addons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["addon"] == S3)
        .unwrap();
    assert_eq!(s3["supported"], false);
    let (code, out, err) = bed.run(&["addon", "roles", "--cluster", "prod"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("ebs-csi-node-sa") && out.contains("no Pod Identity support"),
        "{out}"
    );
    // #33 item 1: service accounts, roles and AWS managed policies by name, ARNs with `-o wide`.
    // AWS's own names (add-on, service account, policy) take 69 columns, so a row with a role
    // runs past 80 by the role's name: values are never cut.
    for format in ["table", "wide"] {
        common::at_widths(&format!("addon_roles_{format}"), false, |w| {
            let out = bed
                .epi()
                .env("COLUMNS", w)
                .args(["addon", "roles", "--cluster", "prod", "-o", format])
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).to_string()
        });
    }
}

#[test]
fn addon_roles_create_makes_roles_and_keeps_existing_entries() {
    let (bed, existing) = addon_bed();
    let (code, out, err) = bed.run(&[
        "addon",
        "roles",
        "--cluster",
        "prod",
        "--addon",
        EBS,
        "--addon",
        EFS,
        "--create",
        "--dry-run",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let changes = json(&out)["changes"].as_array().unwrap().clone();
    assert!(
        changes.iter().any(|c| c["action"] == "create"
            && c["resource"] == "role"
            && c["id"] == "prod-aws-ebs-csi-driver-ebs-csi-node-sa"),
        "{out}"
    );
    assert!(
        bed.trust_policy("prod-aws-ebs-csi-driver-ebs-csi-node-sa")
            .is_none(),
        "dry run"
    );

    let (code, out, err) = bed.run(&[
        "addon",
        "roles",
        "--cluster",
        "prod",
        "--addon",
        EBS,
        "--addon",
        EFS,
        "--create",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let node_role = format!(
        "arn:aws:iam::{}:role/prod-aws-ebs-csi-driver-ebs-csi-node-sa",
        common::testbed::ACCOUNT
    );
    let efs_role = format!(
        "arn:aws:iam::{}:role/prod-aws-efs-csi-driver-efs-csi-controller-sa",
        common::testbed::ACCOUNT
    );
    assert_eq!(
        addon_entries(&bed, EBS),
        vec![
            ("ebs-csi-controller-sa".to_string(), existing),
            ("ebs-csi-node-sa".to_string(), node_role)
        ]
    );
    assert_eq!(
        addon_entries(&bed, EFS),
        vec![("efs-csi-controller-sa".to_string(), efs_role)]
    );
    let trust = bed
        .trust_policy("prod-aws-ebs-csi-driver-ebs-csi-node-sa")
        .unwrap()
        .to_string();
    assert!(
        trust.contains("kube-system")
            && trust.contains("ebs-csi-node-sa")
            && trust.contains("sts:TagSession"),
        "{trust}"
    );
    let attached = bed
        .block_on(
            bed.iam()
                .list_attached_role_policies()
                .role_name("prod-aws-efs-csi-driver-efs-csi-controller-sa")
                .send(),
        )
        .unwrap();
    assert_eq!(
        attached.attached_policies()[0].policy_arn(),
        Some(EFS_POLICY)
    );

    // Again: nothing left to do, nothing changed.
    let (code, _, err) = bed.run(&[
        "addon",
        "roles",
        "--cluster",
        "prod",
        "--addon",
        EBS,
        "--addon",
        EFS,
        "--create",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("already has"), "{err}");
    assert_eq!(addon_entries(&bed, EBS).len(), 2);
}

#[test]
fn addon_roles_refuses_a_version_without_pod_identity_and_changes_nothing() {
    let (bed, _) = addon_bed();
    let before = bed.associations("prod").len();
    let (code, out, err) = bed.run(&[
        "addon",
        "roles",
        "--cluster",
        "prod",
        "--addon",
        EBS,
        "--addon",
        S3,
        "--create",
    ]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("v1.14.0-eksbuild.1") && err.contains("v2.0.0-eksbuild.1"),
        "{err}"
    );
    assert!(
        bed.trust_policy("prod-aws-ebs-csi-driver-ebs-csi-node-sa")
            .is_none(),
        "nothing made"
    );
    assert_eq!(bed.associations("prod").len(), before);
}

/// Killed after any AWS call, `addon install` converges on the next run.
#[test]
fn install_killed_at_any_call_converges_on_the_next_run() {
    for n in 1u64.. {
        let bed = bed();
        let args = ["addon", "install", "--cluster", "prod", "--no-wait"];
        let finished = bed.run_killed_after(n, &args);
        if finished.is_none() {
            let (code, out, err) = bed.run(&args);
            assert_eq!(code, 0, "killed after call {n}, the re-run: {out}{err}");
        }
        let addon = bed.addon("prod", AGENT).expect("installed");
        assert_eq!(
            addon.addon_version(),
            Some("v1.3.4-eksbuild.1"),
            "after a kill at {n}"
        );
        if finished.is_some() {
            assert!(n > 2, "the run needed only {} AWS calls", n - 1);
            break;
        }
    }
}

/// An add-on EKS keeps no Pod Identity configuration for (the agent itself) is skipped with a
/// note when it was not named, and refused with a fitting hint when it was (#25): it used to fail
/// the whole command with "check the AWS Health Dashboard".
#[test]
fn an_addon_without_pod_identity_configuration_is_skipped_unless_named() {
    let (bed, _) = addon_bed();
    bed.block_on(
        bed.eks()
            .create_addon()
            .cluster_name("prod")
            .addon_name(AGENT)
            .addon_version("v1.3.4-eksbuild.1")
            .send(),
    )
    .unwrap();
    let (code, out, err) = bed.run(&["addon", "roles", "--cluster", "prod"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains(AGENT) && err.contains("no Pod Identity configuration"),
        "{err}"
    );
    assert!(
        out.contains("ebs-csi-node-sa"),
        "the others are listed: {out}"
    );
    let (code, _, err) = bed.run(&["addon", "roles", "--cluster", "prod", "--addon", AGENT]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("cannot use Pod Identity") && !err.contains("Health Dashboard"),
        "{err}"
    );
}

/// One decision per change (#23): a real install and a real `roles --create` report the changes
/// their dry runs planned on the same state.
#[test]
fn install_and_roles_create_carry_out_what_their_dry_runs_planned() {
    let bed = bed();
    let install = [
        "addon",
        "install",
        "--cluster",
        "prod",
        "--no-wait",
        "-o",
        "json",
    ];
    let (code, planned, err) = bed.run(&[&install[..], &["--dry-run"]].concat());
    assert_eq!(code, 0, "{err}");
    let planned = json(&planned)["changes"].clone();
    assert_eq!(planned[0]["action"], "create", "{planned}");
    assert!(
        bed.addon("prod", AGENT).is_none(),
        "a dry run installs nothing"
    );
    let (code, made, err) = bed.run(&install);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&made)["changes"], planned);
    assert_eq!(
        bed.addon("prod", AGENT).unwrap().addon_version(),
        Some("v1.3.4-eksbuild.1")
    );

    let (bed, _) = addon_bed();
    let create = [
        "addon",
        "roles",
        "--cluster",
        "prod",
        "--addon",
        EBS,
        "--addon",
        EFS,
        "--create",
        "-o",
        "json",
    ];
    let (code, planned, err) = bed.run(&[&create[..], &["--dry-run"]].concat());
    assert_eq!(code, 0, "{err}");
    let planned = json(&planned)["changes"].clone();
    assert!(
        planned.as_array().is_some_and(|c| c.len() >= 3),
        "{planned}"
    );
    let (code, made, err) = bed.run(&create);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&made)["changes"], planned);
    assert!(
        bed.trust_policy("prod-aws-ebs-csi-driver-ebs-csi-node-sa")
            .is_some()
    );
}
