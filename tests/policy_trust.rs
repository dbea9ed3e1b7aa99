//! `epi policy trust` run as a user would.

mod common;
use common::{json, run};
use serde_json::json;

#[test]
fn default_is_exactly_the_fixed_trust_policy() {
    let (code, out, err) = run(&["policy", "trust"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        json(&out),
        json!({"Version":"2012-10-17","Statement":[{"Sid":"AllowEksAuthToAssumeRoleForPodIdentity","Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]})
    );
    assert!(err.is_empty(), "stderr: {err}");
    insta::assert_snapshot!("trust_default", out);
}

#[test]
fn scoping_options_combine_into_string_equals() {
    let (code, out, _) = run(&[
        "policy",
        "trust",
        "--namespace",
        "team-a",
        "--namespace",
        "team-b",
        "--service-account",
        "app",
        "--cluster-name",
        "prod",
        "--cluster-arn",
        "arn:aws:eks:eu-west-1:111122223333:cluster/prod",
    ]);
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(
        v["Statement"][0]["Condition"],
        json!({"StringEquals": {
            "aws:RequestTag/eks-cluster-arn": ["arn:aws:eks:eu-west-1:111122223333:cluster/prod"],
            "aws:RequestTag/eks-cluster-name": ["prod"],
            "aws:RequestTag/kubernetes-namespace": ["team-a", "team-b"],
            "aws:RequestTag/kubernetes-service-account": ["app"],
        }})
    );
}

#[test]
fn yaml_output() {
    let (code, out, _) = run(&["policy", "trust", "--output", "yaml", "--namespace", "on"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Version: \"2012-10-17\"\n"), "{out}");
    // YAML 1.1 readers would take a bare `on` for a boolean.
    assert!(out.contains("- \"on\""), "{out}");
}

#[test]
fn target_role_trusts_the_association_role_only() {
    let (code, out, _) = run(&[
        "policy",
        "trust",
        "--target-role",
        "--source-role-arn",
        "arn:aws:iam::111122223333:role/app",
        "--cluster-arn",
        "arn:aws:eks:us-east-1:111122223333:cluster/prod",
        "--namespace",
        "team-a",
    ]);
    assert_eq!(code, 0);
    let st = &json(&out)["Statement"][0];
    assert_eq!(
        st["Principal"],
        json!({"AWS": "arn:aws:iam::111122223333:root"})
    );
    assert_eq!(st["Action"], json!(["sts:AssumeRole", "sts:TagSession"]));
    assert_eq!(
        st["Condition"]["ArnEquals"],
        json!({"aws:PrincipalARN": ["arn:aws:iam::111122223333:role/app"]})
    );
    assert_eq!(
        st["Condition"]["StringEquals"]["aws:RequestTag/eks-cluster-arn"],
        json!(["arn:aws:eks:us-east-1:111122223333:cluster/prod"])
    );
}

#[test]
fn target_role_without_session_tags_uses_the_external_id() {
    let (code, out, _) = run(&[
        "policy",
        "trust",
        "--target-role",
        "--source-role-arn",
        "arn:aws:iam::111122223333:role/app",
        "--no-session-tags",
        "--cluster-arn",
        "arn:aws:eks:us-east-1:111122223333:cluster/prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
    ]);
    assert_eq!(code, 0);
    let st = &json(&out)["Statement"][0];
    assert_eq!(st["Action"], json!(["sts:AssumeRole"]));
    assert_eq!(
        st["Condition"]["StringEquals"],
        json!({"sts:ExternalId": ["us-east-1/111122223333/prod/team-a/app"]})
    );
}

#[test]
fn over_the_default_limit_warns_and_over_the_maximum_fails() {
    let many: Vec<String> = (0..150).map(|i| format!("namespace-number-{i}")).collect();
    let mut args = vec!["policy", "trust"];
    for ns in &many {
        args.extend(["--namespace", ns.as_str()]);
    }
    let (code, out, err) = run(&args);
    assert_eq!(code, 0);
    assert!(err.contains("warning:") && err.contains("2048"), "{err}");
    json(&out);

    let too_many: Vec<String> = (0..300).map(|i| format!("namespace-number-{i}")).collect();
    let mut args = vec!["policy", "trust"];
    for ns in &too_many {
        args.extend(["--namespace", ns.as_str()]);
    }
    let (code, out, err) = run(&args);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("4096"), "{err}");
}

#[test]
fn quiet_hides_the_warning() {
    let many: Vec<String> = (0..150).map(|i| format!("namespace-number-{i}")).collect();
    let mut args = vec!["--quiet", "policy", "trust"];
    for ns in &many {
        args.extend(["--namespace", ns.as_str()]);
    }
    let (code, _, err) = run(&args);
    assert_eq!(code, 0);
    assert!(err.is_empty(), "{err}");
}

#[test]
fn writes_a_file_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trust.json");
    let (code, out, err) = run(&["policy", "trust", "-f", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("wrote"), "{err}");
    json(&std::fs::read_to_string(&path).unwrap());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "temporary files left behind");
}

/// Several namespaces and several service accounts would trust every combination: refused, with
/// NAMESPACE/SERVICE_ACCOUNT pairs as the way to say which (one statement per pair).
#[test]
fn namespace_service_account_pairs_never_become_a_cross_product() {
    let (code, out, err) = run(&[
        "policy",
        "trust",
        "--namespace",
        "a",
        "--namespace",
        "b",
        "--service-account",
        "x",
        "--service-account",
        "y",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("--service-account a/x"), "{err}");

    let (code, out, err) = run(&[
        "policy",
        "trust",
        "--service-account",
        "a/x",
        "--service-account",
        "b/y",
        "--cluster-name",
        "prod",
    ]);
    assert_eq!(code, 0, "{err}");
    let statements = json(&out)["Statement"].as_array().unwrap().clone();
    assert_eq!(statements.len(), 2);
    for (st, (ns, sa)) in statements.iter().zip([("a", "x"), ("b", "y")]) {
        let cond = &st["Condition"]["StringEquals"];
        assert_eq!(cond["aws:RequestTag/kubernetes-namespace"], json!([ns]));
        assert_eq!(
            cond["aws:RequestTag/kubernetes-service-account"],
            json!([sa])
        );
        assert_eq!(cond["aws:RequestTag/eks-cluster-name"], json!(["prod"]));
    }

    // Pairs cannot be mixed with --namespace.
    let (code, _, err) = run(&[
        "policy",
        "trust",
        "--namespace",
        "a",
        "--service-account",
        "b/y",
    ]);
    assert_eq!(code, 2, "{err}");
    // One namespace and several service accounts is what it says: no refusal.
    let (code, _, err) = run(&[
        "policy",
        "trust",
        "--namespace",
        "a",
        "--service-account",
        "x",
        "--service-account",
        "y",
    ]);
    assert_eq!(code, 0, "{err}");
}

/// Values that can never match together are refused, naming both.
#[test]
fn cluster_name_and_arn_must_name_the_same_cluster() {
    let (code, _, err) = run(&[
        "policy",
        "trust",
        "--cluster-name",
        "prod",
        "--cluster-arn",
        "arn:aws:eks:us-east-1:111122223333:cluster/dev",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("prod") && err.contains("cluster/dev"), "{err}");
    let (code, _, err) = run(&[
        "policy",
        "trust",
        "--cluster-name",
        "prod",
        "--cluster-arn",
        "arn:aws:eks:us-east-1:111122223333:cluster/prod",
    ]);
    assert_eq!(code, 0, "{err}");
}

/// Same account, different partitions: the message says partition, not account.
#[test]
fn target_role_names_the_partition_that_differs() {
    let (code, _, err) = run(&[
        "policy",
        "trust",
        "--target-role",
        "--source-role-arn",
        "arn:aws-cn:iam::111122223333:role/src",
        "--cluster-arn",
        "arn:aws:eks:us-east-1:111122223333:cluster/prod",
    ]);
    assert_eq!(code, 2, "{err}");
    let first = err.lines().next().unwrap_or_default();
    assert!(
        first.contains("partition") && first.contains("aws-cn") && !first.contains("account"),
        "{err}"
    );
}

/// The target role's trust with the external id EKS returned for the association.
#[test]
fn target_role_trust_with_the_external_id() {
    let (code, out, err) = run(&[
        "policy",
        "trust",
        "--target-role",
        "--source-role-arn",
        "arn:aws:iam::111122223333:role/src",
        "--external-id",
        "us-east-1/111122223333/prod/team-a/app",
    ]);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(
        v["Statement"][0]["Condition"]["StringEquals"]["sts:ExternalId"],
        json!(["us-east-1/111122223333/prod/team-a/app"])
    );
    assert_eq!(
        v["Statement"][0]["Principal"]["AWS"],
        json!("arn:aws:iam::111122223333:root")
    );
    let (code, _, _) = run(&["policy", "trust", "--external-id", "x"]);
    assert_eq!(code, 2, "--external-id goes with --target-role");
}
