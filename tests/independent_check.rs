//! An independent check of every policy epi can generate: cfn-lint (PyPI, pinned in
//! tests/requirements.txt) validates them as CloudFormation embeds them (identity policies in
//! `AWS::IAM::ManagedPolicy`, trust policies in `AWS::IAM::Role`), with its own IAM grammar and
//! action catalogue. Any finding fails the test unless the allow-list below justifies it.

mod common;
use common::run;

use serde_json::{Value, json};

/// Findings cfn-lint reports that are not mistakes of epi's, each with the reason:
/// (cfn-lint rule id, text in its message, why). None are needed today.
const ALLOWED: &[(&str, &str, &str)] = &[];

fn generated_policies() -> Vec<(String, bool, Value)> {
    // (name, is_trust, document)
    let mut out = Vec::new();
    let mut make = |name: String, trust: bool, args: &[&str]| {
        let (code, stdout, err) = run(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        out.push((name, trust, serde_json::from_str(&stdout).unwrap()));
    };
    let scopes = [
        "cluster",
        "namespace",
        "service-account",
        "cluster-namespace",
        "cluster-service-account",
    ];
    let partitions = [
        ("aws", "us-east-1"),
        ("aws-cn", "cn-north-1"),
        ("aws-us-gov", "us-gov-west-1"),
    ];
    for (pi, (partition, region)) in partitions.iter().enumerate() {
        for (si, scope) in scopes.iter().enumerate() {
            for ro in [false, true] {
                let ro_flag: &[&str] = if ro { &["--read-only"] } else { &[] };
                let loc = [
                    "--partition",
                    partition,
                    "--region",
                    region,
                    "--account",
                    "111122223333",
                ];
                let tag = format!("P{pi}S{si}R{}", u8::from(ro));
                make(
                    format!("AbacS3{tag}"),
                    false,
                    &[
                        &[
                            "policy",
                            "abac",
                            "s3-prefix",
                            "--bucket",
                            "data",
                            "--scope",
                            scope,
                            "--prefix",
                            "teams/",
                            "--partition",
                            partition,
                        ][..],
                        ro_flag,
                    ]
                    .concat(),
                );
                make(
                    format!("AbacDdb{tag}"),
                    false,
                    &[
                        &[
                            "policy", "abac", "dynamodb", "--table", "orders", "--scope", scope,
                        ][..],
                        &loc,
                        ro_flag,
                    ]
                    .concat(),
                );
                make(
                    format!("AbacSsm{tag}"),
                    false,
                    &[
                        &[
                            "policy",
                            "abac",
                            "ssm-parameters",
                            "--path",
                            "/apps",
                            "--scope",
                            scope,
                        ][..],
                        &loc,
                        ro_flag,
                    ]
                    .concat(),
                );
            }
            let loc = [
                "--partition",
                partition,
                "--region",
                region,
                "--account",
                "111122223333",
            ];
            make(
                format!("AbacSecrets{pi}{si}"),
                false,
                &[
                    &["policy", "abac", "secrets-manager", "--scope", scope][..],
                    &loc,
                ]
                .concat(),
            );
            if !scope.starts_with("cluster") {
                make(
                    format!("AbacSqs{pi}{si}"),
                    false,
                    &[&["policy", "abac", "sqs", "--scope", scope][..], &loc].concat(),
                );
            }
        }
    }
    make("TrustDefault".into(), true, &["policy", "trust"]);
    make(
        "TrustScoped".into(),
        true,
        &[
            "policy",
            "trust",
            "--namespace",
            "a",
            "--service-account",
            "x",
            "--cluster-name",
            "prod",
            "--cluster-arn",
            "arn:aws:eks:us-east-1:111122223333:cluster/prod",
        ],
    );
    make(
        "TrustPairs".into(),
        true,
        &[
            "policy",
            "trust",
            "--service-account",
            "a/x",
            "--service-account",
            "b/y",
        ],
    );
    make(
        "TrustTarget".into(),
        true,
        &[
            "policy",
            "trust",
            "--target-role",
            "--source-role-arn",
            "arn:aws:iam::111122223333:role/src",
            "--namespace",
            "a",
            "--service-account",
            "x",
            "--cluster-arn",
            "arn:aws:eks:us-east-1:111122223333:cluster/prod",
        ],
    );
    make(
        "TrustTargetNoTags".into(),
        true,
        &[
            "policy",
            "trust",
            "--target-role",
            "--source-role-arn",
            "arn:aws:iam::111122223333:role/src",
            "--no-session-tags",
            "--namespace",
            "a",
            "--service-account",
            "x",
            "--cluster-arn",
            "arn:aws:eks:us-east-1:111122223333:cluster/prod",
        ],
    );
    for name in [
        "aws-load-balancer-controller",
        "cert-manager",
        "cluster-autoscaler",
        "efs-csi-driver",
        "external-dns",
        "karpenter",
    ] {
        let resource = format!("WellKnown{}", name.replace('-', ""));
        make(
            resource,
            false,
            &[
                "policy",
                "well-known",
                name,
                "--cluster-name",
                "prod",
                "--region",
                "us-east-1",
                "--account",
                "111122223333",
            ],
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let s3 = |name: &str, extra: &[&str]| -> (String, bool, Value) {
        let policy = dir.path().join(format!("{name}.json"));
        let mut args = vec![
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "d",
            "--policy-file",
            policy.to_str().unwrap(),
        ];
        args.extend(extra);
        let (code, _, err) = run(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        (
            name.to_string(),
            false,
            serde_json::from_str(&std::fs::read_to_string(&policy).unwrap()).unwrap(),
        )
    };
    out.push(s3("S3Rw", &[]));
    out.push(s3(
        "S3RwDelete",
        &["--mount-option", "allow-delete", "--prefix", "team/"],
    ));
    out.push(s3("S3Ro", &["--read-only", "--prefix", "in/"]));
    out.push(s3(
        "S3Kms",
        &[
            "--mount-option",
            "sse=aws:kms",
            "--mount-option",
            "sse-kms-key-id=arn:aws:kms:us-east-1:111122223333:key/1234abcd",
        ],
    ));
    let express_policy = dir.path().join("express.json");
    let (code, _, err) = run(&[
        "s3-csi",
        "scaffold",
        "--bucket",
        "data--use1-az4--x-s3",
        "--name",
        "d",
        "--region",
        "us-east-1",
        "--zone",
        "us-east-1a",
        "--account",
        "111122223333",
        "--read-only",
        "--policy-file",
        express_policy.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    out.push((
        "S3Express".into(),
        false,
        serde_json::from_str(&std::fs::read_to_string(&express_policy).unwrap()).unwrap(),
    ));
    out
}

#[test]
fn every_generated_policy_passes_cfn_lint() {
    let policies = generated_policies();
    assert!(policies.len() > 100, "{} policies", policies.len());
    let mut resources = serde_json::Map::new();
    for (name, trust, doc) in &policies {
        let resource = if *trust {
            json!({"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": doc}})
        } else {
            json!({"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": doc}})
        };
        resources.insert(name.clone(), resource);
    }
    let template = json!({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources});
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("template.json");
    std::fs::write(&path, serde_json::to_string_pretty(&template).unwrap()).unwrap();
    let cfn_lint = std::env::var("EPI_CFN_LINT")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/.venv-test/bin/cfn-lint").into());
    let out = std::process::Command::new(&cfn_lint)
        .arg(&path)
        .args(["--format", "json", "--regions", "us-east-1"])
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {cfn_lint} ({e}): run the tests with scripts/test, which installs it"
            )
        });
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "cfn-lint printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let unjustified: Vec<String> = findings
        .iter()
        .filter(|f| {
            let id = f["Rule"]["Id"].as_str().unwrap_or_default();
            let message = f["Message"].as_str().unwrap_or_default();
            !ALLOWED
                .iter()
                .any(|(rule, text, _)| *rule == id && message.contains(text))
        })
        .map(|f| {
            format!(
                "{} {} at {}: {}",
                f["Rule"]["Id"].as_str().unwrap_or_default(),
                f["Level"].as_str().unwrap_or_default(),
                f["Location"]["Path"],
                f["Message"]
                    .as_str()
                    .unwrap_or_default()
                    .chars()
                    .take(300)
                    .collect::<String>()
            )
        })
        .collect();
    assert!(
        unjustified.is_empty(),
        "{} finding(s):\n{}",
        unjustified.len(),
        unjustified.join("\n")
    );
}
