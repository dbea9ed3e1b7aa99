//! `epi policy abac` run as a user would: every template, and its output passes `epi policy lint`.

mod common;
use common::{epi, json, run};
use serde_json::json;

const LOCATED: &[&str] = &["--region", "us-east-1", "--account", "111122223333"];

fn cases() -> Vec<Vec<&'static str>> {
    let mut out = Vec::new();
    for scope in [
        "cluster",
        "namespace",
        "service-account",
        "cluster-namespace",
        "cluster-service-account",
    ] {
        out.push(vec!["s3-prefix", "--bucket", "data", "--scope", scope]);
        out.push(vec![
            "s3-prefix",
            "--bucket",
            "data",
            "--scope",
            scope,
            "--read-only",
            "--prefix",
            "teams/",
        ]);
        out.push(
            [
                &["dynamodb", "--table", "orders", "--scope", scope][..],
                LOCATED,
            ]
            .concat(),
        );
        out.push([&["secrets-manager", "--scope", scope][..], LOCATED].concat());
        out.push(
            [
                &["ssm-parameters", "--scope", scope, "--path", "/apps"][..],
                LOCATED,
            ]
            .concat(),
        );
    }
    out.push([&["sqs", "--scope", "namespace"][..], LOCATED].concat());
    out.push([&["sqs", "--scope", "service-account"][..], LOCATED].concat());
    out
}

#[test]
fn list_shows_every_template() {
    let (code, out, _) = run(&["policy", "abac", "--list"]);
    assert_eq!(code, 0);
    for name in [
        "s3-prefix",
        "dynamodb",
        "secrets-manager",
        "ssm-parameters",
        "sqs",
    ] {
        assert!(
            out.lines().any(|l| l.starts_with(name)),
            "{name} missing:\n{out}"
        );
    }
    insta::assert_snapshot!("abac_list", out);
    let (code, out, _) = run(&["policy", "abac", "--list", "--output", "json"]);
    assert_eq!(code, 0);
    assert_eq!(json(&out).as_array().unwrap().len(), 5);
}

#[test]
fn every_template_is_lint_clean_and_within_limits() {
    for case in cases() {
        let mut args = vec!["policy", "abac"];
        args.extend(&case);
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{case:?}: {err}");
        let doc = json(&out);
        assert_eq!(doc["Version"], "2012-10-17");
        let compact: String = serde_json::to_string(&doc)
            .unwrap()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert!(compact.chars().count() <= 6144, "{case:?} too large");
        for var in out.split("${aws:PrincipalTag/").skip(1) {
            let key = var.split('}').next().unwrap();
            assert!(
                [
                    "eks-cluster-arn",
                    "eks-cluster-name",
                    "kubernetes-namespace",
                    "kubernetes-service-account",
                    "kubernetes-pod-name",
                    "kubernetes-pod-uid"
                ]
                .contains(&key),
                "{case:?} uses {key}"
            );
        }
        let lint = epi()
            .args(["policy", "lint", "-", "--output", "json"])
            .write_stdin(out.clone())
            .output()
            .unwrap();
        assert_eq!(lint.status.code(), Some(0), "{case:?}");
        assert_eq!(
            json(&String::from_utf8(lint.stdout).unwrap()),
            json!([]),
            "{case:?} is not lint-clean"
        );
    }
}

#[test]
fn s3_prefix_snapshot() {
    let (code, out, _) = run(&[
        "policy",
        "abac",
        "s3-prefix",
        "--bucket",
        "data",
        "--scope",
        "namespace",
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("abac_s3_prefix_namespace", out);
}

#[test]
fn wildcards_only_when_asked() {
    let (code, _, err) = run(&["policy", "abac", "dynamodb", "--table", "orders"]);
    assert_eq!(code, 2);
    assert!(err.contains("--region"), "{err}");
    let (code, out, _) = run(&[
        "policy",
        "abac",
        "dynamodb",
        "--table",
        "orders",
        "--region",
        "*",
        "--account",
        "*",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        json(&out)["Statement"][0]["Resource"][0],
        "arn:aws:dynamodb:*:*:table/orders"
    );
}

#[test]
fn partition_is_used() {
    let (code, out, _) = run(&[
        "policy",
        "abac",
        "s3-prefix",
        "--bucket",
        "data",
        "--partition",
        "aws-cn",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        json(&out)["Statement"][0]["Resource"][0],
        "arn:aws-cn:s3:::data"
    );
}

#[test]
fn abac_without_template_or_list_shows_help() {
    let (code, _, err) = run(&["policy", "abac"]);
    assert_eq!(code, 2);
    assert!(err.contains("--list"), "{err}");
}
