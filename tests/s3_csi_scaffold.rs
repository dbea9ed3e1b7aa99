//! `epi s3-csi scaffold` run as a user would. Manifests are also checked by kubernetes-validate
//! (strict, against the Kubernetes OpenAPI schemas); scripts/test installs it.

mod common;
use common::{json, run};
use serde_json::json;

/// Every YAML document of a stream, as JSON values.
fn documents(yaml: &str) -> Vec<serde_json::Value> {
    yaml.split("---\n")
        .filter(|d| !d.trim().is_empty())
        .map(|d| serde_saphyr::from_str(d).expect("valid YAML"))
        .collect()
}

fn kubernetes_validate(yaml: &str) {
    let tool =
        std::env::var("EPI_KUBERNETES_VALIDATE").unwrap_or_else(|_| "kubernetes-validate".into());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("manifests.yaml");
    std::fs::write(&path, yaml).unwrap();
    let out = std::process::Command::new(&tool)
        .args(["--strict", "--quiet"])
        .arg(&path)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {tool} ({e}): run the tests with scripts/test, which installs it")
        });
    assert!(
        out.status.success(),
        "kubernetes-validate rejected:\n{yaml}\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn pv_and_pvc_bound_to_each_other() {
    let (code, out, err) = run(&[
        "s3-csi",
        "scaffold",
        "--bucket",
        "data",
        "--name",
        "data",
        "--namespace",
        "team-a",
    ]);
    assert_eq!(code, 0, "{err}");
    let docs = documents(&out);
    assert_eq!(docs.len(), 2);
    let (pv, pvc) = (&docs[0], &docs[1]);
    assert_eq!(pv["kind"], "PersistentVolume");
    assert_eq!(pv["spec"]["csi"]["driver"], "s3.csi.aws.com");
    assert_eq!(pv["spec"]["csi"]["volumeAttributes"]["bucketName"], "data");
    assert_eq!(pv["spec"]["storageClassName"], "");
    assert_eq!(pv["spec"]["accessModes"], json!(["ReadWriteMany"]));
    assert_eq!(
        pv["spec"]["claimRef"],
        json!({"name": "data", "namespace": "team-a"})
    );
    assert_eq!(pvc["kind"], "PersistentVolumeClaim");
    assert_eq!(pvc["spec"]["volumeName"], pv["metadata"]["name"]);
    assert_eq!(pvc["spec"]["storageClassName"], "");
    assert!(
        err.contains("kube-system") && err.contains("s3-csi-driver-sa"),
        "{err}"
    );
    kubernetes_validate(&out);
    insta::assert_snapshot!("scaffold_basic", out);
}

#[test]
fn volume_handles_are_unique_per_claim() {
    let (_, a, _) = run(&[
        "s3-csi",
        "scaffold",
        "--bucket",
        "data",
        "--name",
        "data",
        "--namespace",
        "team-a",
    ]);
    let (_, b, _) = run(&[
        "s3-csi",
        "scaffold",
        "--bucket",
        "data",
        "--name",
        "data",
        "--namespace",
        "team-b",
    ]);
    assert_ne!(
        documents(&a)[0]["spec"]["csi"]["volumeHandle"],
        documents(&b)[0]["spec"]["csi"]["volumeHandle"]
    );
}

#[test]
fn read_only_pod_identity_with_everything() {
    let (code, out, err) = run(&[
        "s3-csi",
        "scaffold",
        "--bucket",
        "data",
        "--name",
        "data",
        "--namespace",
        "team-a",
        "--read-only",
        "--prefix",
        "logs/",
        "--region",
        "us-west-2",
        "--mount-option",
        "uid=1000",
        "--mount-option",
        "--allow-other",
        "--authentication-source",
        "pod",
        "--service-account",
        "reader",
        "--with-pod",
        "--cache",
        "emptyDir",
        "--cache-size-limit",
        "1Gi",
    ]);
    assert_eq!(code, 0, "{err}");
    let docs = documents(&out);
    let kinds: Vec<&str> = docs.iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "ServiceAccount",
            "PersistentVolume",
            "PersistentVolumeClaim",
            "Pod"
        ]
    );
    assert!(
        docs[0]["metadata"].get("annotations").is_none(),
        "an IRSA annotation would win over Pod Identity"
    );
    let pv = &docs[1];
    assert_eq!(pv["spec"]["accessModes"], json!(["ReadOnlyMany"]));
    assert_eq!(
        pv["spec"]["mountOptions"],
        json!([
            "uid 1000",
            "allow-other",
            "prefix logs/",
            "region us-west-2",
            "read-only"
        ])
    );
    assert_eq!(
        pv["spec"]["csi"]["volumeAttributes"],
        json!({"authenticationSource": "pod", "bucketName": "data", "cache": "emptyDir", "cacheEmptyDirSizeLimit": "1Gi"})
    );
    assert_eq!(docs[2]["spec"]["accessModes"], json!(["ReadOnlyMany"]));
    assert_eq!(docs[3]["spec"]["serviceAccountName"], "reader");
    assert!(err.contains("team-a/reader"), "{err}");
    kubernetes_validate(&out);
}

#[test]
fn express_bucket_is_pinned_and_gets_create_session() {
    let dir = tempfile::tempdir().unwrap();
    let manifests = dir.path().join("m.yaml");
    let (code, out, err) = run(&[
        "s3-csi",
        "scaffold",
        "--bucket",
        "data--use1-az4--x-s3",
        "--name",
        "fast",
        "--zone",
        "us-east-1a",
        "--region",
        "us-east-1",
        "--with-policy",
        "--account",
        "111122223333",
        "-f",
        manifests.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let yaml = std::fs::read_to_string(&manifests).unwrap();
    let pv = &documents(&yaml)[0];
    assert_eq!(
        pv["spec"]["nodeAffinity"]["required"]["nodeSelectorTerms"][0]["matchExpressions"][0],
        json!({"key": "topology.kubernetes.io/zone", "operator": "In", "values": ["us-east-1a"]})
    );
    kubernetes_validate(&yaml);
    let policy = json(&out);
    assert_eq!(
        policy["Statement"][0]["Action"],
        json!(["s3express:CreateSession"])
    );
    assert_eq!(
        policy["Statement"][0]["Resource"],
        json!(["arn:aws:s3express:us-east-1:111122223333:bucket/data--use1-az4--x-s3"])
    );
}

#[test]
fn policy_file_with_kms_and_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.json");
    let (code, out, err) = run(&[
        "s3-csi",
        "scaffold",
        "--bucket",
        "data",
        "--name",
        "data",
        "--read-only",
        "--prefix",
        "in/",
        "--mount-option",
        "sse-kms-key-id=arn:aws:kms:us-east-1:111122223333:key/1234abcd",
        "--policy-file",
        policy.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(documents(&out).len(), 2, "manifests still go to stdout");
    let p = json(&std::fs::read_to_string(&policy).unwrap());
    assert_eq!(p["Statement"][0]["Action"], json!(["s3:ListBucket"]));
    assert_eq!(p["Statement"][1]["Action"], json!(["s3:GetObject"]));
    assert_eq!(
        p["Statement"][1]["Resource"],
        json!(["arn:aws:s3:::data/in/*"])
    );
    assert_eq!(p["Statement"][2]["Action"], json!(["kms:Decrypt"]));
}

#[test]
fn json_output_is_a_list() {
    let (code, out, _) = run(&[
        "s3-csi", "scaffold", "--bucket", "data", "--name", "data", "-o", "json",
    ]);
    assert_eq!(code, 0);
    let list = json(&out);
    assert_eq!(list["kind"], "List");
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
}

#[test]
fn driver_v1_with_driver_credentials_has_no_v2_attributes() {
    let (code, out, err) = run(&[
        "s3-csi",
        "scaffold",
        "--bucket",
        "data",
        "--name",
        "data",
        "--driver-version",
        "v1",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        documents(&out)[0]["spec"]["csi"]["volumeAttributes"],
        json!({"bucketName": "data"})
    );
}

/// The policy grants what the mount options let Mountpoint do: s3:DeleteObject only with
/// allow-delete, and listing only under the mounted prefix (s3:prefix).
#[test]
fn policy_follows_the_mount_options() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.json");
    let scaffold = |extra: &[&str]| {
        let mut args = vec![
            "s3-csi",
            "scaffold",
            "--bucket",
            "data",
            "--name",
            "data",
            "--prefix",
            "team/",
            "--policy-file",
            policy.to_str().unwrap(),
        ];
        args.extend(extra);
        let (code, _, err) = run(&args);
        assert_eq!(code, 0, "{err}");
        json(&std::fs::read_to_string(&policy).unwrap())
    };
    let p = scaffold(&[]);
    assert_eq!(
        p["Statement"][1]["Action"],
        json!(["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"])
    );
    assert_eq!(
        p["Statement"][0]["Condition"]["StringLike"]["s3:prefix"],
        json!(["team/*"])
    );
    let p = scaffold(&["--mount-option", "allow-delete"]);
    assert_eq!(
        p["Statement"][1]["Action"],
        json!([
            "s3:GetObject",
            "s3:PutObject",
            "s3:AbortMultipartUpload",
            "s3:DeleteObject"
        ])
    );
}

/// Inputs that could never match each other are exit 2, naming both values.
#[test]
fn values_that_can_never_match_are_refused() {
    let cases: &[(&[&str], &[&str])] = &[
        (
            &[
                "--bucket",
                "data--use1-az4--x-s3",
                "--region",
                "us-west-2",
                "--zone",
                "us-west-2a",
            ],
            &["us-west-2", "us-east-1"],
        ),
        (
            &[
                "--bucket",
                "data",
                "--region",
                "us-east-1",
                "--partition",
                "aws-cn",
                "--with-policy",
                "-f",
                "/tmp/never-written.yaml",
            ],
            &["us-east-1", "aws-cn"],
        ),
        (
            &[
                "--bucket",
                "data",
                "--with-policy",
                "-f",
                "/tmp/never-written.yaml",
                "--mount-option",
                "sse-kms-key-id=arn:aws-cn:kms:cn-north-1:111122223333:key/abc",
            ],
            &["aws-cn", "\"aws\""],
        ),
    ];
    for (extra, names) in cases {
        let mut args = vec!["s3-csi", "scaffold", "--name", "data"];
        args.extend(*extra);
        let (code, out, err) = run(&args);
        assert_eq!(code, 2, "{extra:?}: {err}");
        assert!(out.is_empty());
        for n in *names {
            assert!(err.contains(n), "{extra:?} does not name {n}: {err}");
        }
    }
    assert!(!std::path::Path::new("/tmp/never-written.yaml").exists());
    // ABAC templates: a region of another partition.
    let (code, _, err) = run(&[
        "policy",
        "abac",
        "dynamodb",
        "--table",
        "orders",
        "--region",
        "us-east-1",
        "--account",
        "111122223333",
        "--partition",
        "aws-cn",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("us-east-1") && err.contains("aws-cn"), "{err}");
}
