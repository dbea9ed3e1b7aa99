//! `epi policy well-known` run as a user would, and `association create --well-known-policy`.

mod common;
use common::testbed::TestBed;
use common::{epi, json, run};

const NAMES: &[&str] = &[
    "aws-load-balancer-controller",
    "cert-manager",
    "cluster-autoscaler",
    "ebs-csi-driver",
    "efs-csi-driver",
    "external-dns",
    "image-builder",
    "karpenter",
];

#[test]
fn list_names_every_policy_with_its_source() {
    let (code, out, err) = run(&["policy", "well-known", "--list"]);
    assert_eq!(code, 0, "{err}");
    for name in NAMES {
        assert!(
            out.lines().any(|l| l.starts_with(name)),
            "{name} missing:\n{out}"
        );
    }
    let (code, out, _) = run(&["policy", "well-known", "--list", "--list-output", "json"]);
    assert_eq!(code, 0);
    assert_eq!(json(&out).as_array().unwrap().len(), NAMES.len());
}

/// Every inline one prints a policy that `epi policy lint` passes (exit 0); the managed ones
/// name the AWS managed policy in the partition asked for.
#[test]
fn every_policy_prints_offline_and_lints_clean() {
    for name in NAMES {
        let mut args = vec!["policy", "well-known", name, "--partition", "aws-us-gov"];
        if *name == "karpenter" {
            args.extend([
                "--cluster-name",
                "prod",
                "--region",
                "us-gov-west-1",
                "--account",
                "111122223333",
            ]);
        }
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{name}: {err}");
        let doc = json(&out);
        if let Some(arn) = doc.get("managedPolicyArn") {
            assert!(
                arn.as_str()
                    .unwrap()
                    .starts_with("arn:aws-us-gov:iam::aws:policy/"),
                "{arn}"
            );
            continue;
        }
        assert!(
            !out.contains("arn:aws:"),
            "{name} is in the partition asked for"
        );
        let lint = epi()
            .args(["policy", "lint", "-"])
            .write_stdin(out.clone())
            .output()
            .unwrap();
        assert_eq!(
            lint.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&lint.stdout)
        );
    }
}

#[test]
fn bad_names_and_missing_cluster_are_usage_errors() {
    let (code, out, err) = run(&["policy", "well-known", "karpentr"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        out.is_empty() && err.contains("karpentr") && err.contains("karpenter"),
        "{err}"
    );
    let (code, _, err) = run(&["policy", "well-known", "karpenter"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--cluster-name"), "{err}");
}

/// Each well-known policy given to a created role: the managed ARN attached, or the statements
/// as the inline policy epi-well-known-NAME, checked through IAM.
#[test]
fn create_role_with_well_known_policies() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    let (code, _, err) = bed.run(&[
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "kube-system",
        "--service-account",
        "aws-load-balancer-controller",
        "--create-role",
        "--role-name",
        "lbc",
        "--well-known-policy",
        "aws-load-balancer-controller",
        "--well-known-policy",
        "ebs-csi-driver",
        "--well-known-policy",
        "karpenter",
    ]);
    assert_eq!(code, 0, "{err}");
    let attached = bed
        .block_on(
            bed.iam()
                .list_attached_role_policies()
                .role_name("lbc")
                .send(),
        )
        .unwrap();
    let arns: Vec<&str> = attached
        .attached_policies()
        .iter()
        .filter_map(|p| p.policy_arn())
        .collect();
    assert_eq!(
        arns,
        ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"]
    );
    let inline = bed
        .block_on(bed.iam().list_role_policies().role_name("lbc").send())
        .unwrap();
    let mut names: Vec<&str> = inline.policy_names().iter().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "epi-well-known-aws-load-balancer-controller",
            "epi-well-known-karpenter"
        ]
    );
    let karpenter = bed
        .block_on(
            bed.iam()
                .get_role_policy()
                .role_name("lbc")
                .policy_name("epi-well-known-karpenter")
                .send(),
        )
        .unwrap();
    let doc = epi::aws::iam::decode_policy(karpenter.policy_document()).unwrap();
    assert!(
        doc.to_string().contains("cluster/prod")
            && doc.to_string().contains("KarpenterNodeRole-prod"),
        "{doc}"
    );

    let (code, _, err) = bed.run(&[
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "a",
        "--service-account",
        "b",
        "--create-role",
        "--role-name",
        "x",
        "--well-known-policy",
        "nope",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(bed.trust_policy("x").is_none(), "nothing was created");
}

/// `association create --target-role-arn` says what the target role must trust, in JSON as
/// `targetRoleTrust` (and as a note on stderr for a table).
#[test]
fn create_with_a_target_role_prints_the_trust_it_needs() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    let role = bed.create_role("src", &common::testbed::pod_identity_trust());
    let (code, out, err) = bed.run(&[
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
        "--role-arn",
        &role,
        "--target-role-arn",
        "arn:aws:iam::444455556666:role/reader",
        "--disable-session-tags",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let created = json(&out);
    let trust = &created["targetRoleTrust"];
    let st = &trust["Statement"][0];
    assert_eq!(
        st["Principal"]["AWS"], "arn:aws:iam::000000000000:root",
        "{trust}"
    );
    assert_eq!(
        st["Condition"]["ArnEquals"]["aws:PrincipalARN"],
        serde_json::json!([role])
    );
    // The external id is the one EKS returned for this association.
    let external_id = created["externalId"]
        .as_str()
        .expect("EKS returned an externalId");
    assert_eq!(
        st["Condition"]["StringEquals"]["sts:ExternalId"],
        serde_json::json!([external_id]),
        "{trust}"
    );
    let (code, _, err) = bed.run(&[
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "team-b",
        "--service-account",
        "api",
        "--role-arn",
        &role,
        "--target-role-arn",
        "arn:aws:iam::444455556666:role/reader",
        "--fix-trust",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("must trust") && err.contains("sts:TagSession"),
        "{err}"
    );
}
