//! Robustness under server faults beyond EKS's own (those are in aws_layer.rs): IAM and STS errors,
//! and dropped connections, injected by tests/testbed/proxy.py between epi and the test bed. Each
//! command either completes with the right state or fails with a clear message, and a re-run
//! converges. State is read back with the SDK, directly from the test bed.

mod common;
use common::json;
use common::proxy::Proxy;
use common::testbed::{ACCOUNT, TestBed};

/// `epi` through the proxy, with standard retries (adaptive rate limiting makes random faults slow).
fn run(bed: &TestBed, proxy: &Proxy, args: &[&str]) -> (i32, String, String) {
    run_attempts(bed, proxy, args, 10)
}

fn run_attempts(
    bed: &TestBed,
    proxy: &Proxy,
    args: &[&str],
    attempts: u32,
) -> (i32, String, String) {
    let out = bed
        .epi()
        .env("AWS_ENDPOINT_URL", proxy.url())
        .args(args)
        .args([
            "--retry-mode",
            "standard",
            "--max-attempts",
            &attempts.to_string(),
        ])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn create_args(sa: &str) -> Vec<String> {
    [
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        sa,
        "--create-role",
        "--role-name",
        &format!("role-{sa}"),
        "--abac-template",
        "s3-prefix",
        "--abac-bucket",
        "data",
        "-o",
        "json",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn assert_created(bed: &TestBed, sa: &str) {
    let associations = bed.associations("prod");
    let a = associations
        .iter()
        .find(|a| a.service_account() == Some(sa))
        .unwrap_or_else(|| panic!("no association for {sa}"));
    assert_eq!(
        a.role_arn(),
        Some(format!("arn:aws:iam::{ACCOUNT}:role/role-{sa}").as_str())
    );
    let trust = bed.trust_policy(&format!("role-{sa}")).unwrap();
    assert_eq!(
        trust["Statement"][0]["Principal"]["Service"],
        "pods.eks.amazonaws.com"
    );
    let inline = bed
        .block_on(
            bed.iam()
                .list_role_policies()
                .role_name(format!("role-{sa}"))
                .send(),
        )
        .unwrap();
    assert_eq!(
        inline.policy_names().len(),
        1,
        "the ABAC policy is attached once"
    );
}

#[test]
fn iam_and_sts_server_errors_are_retried() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    // Every third IAM or STS call (the query protocol: POST /) fails with a 503 or throttling.
    for (code, status) in [("ServiceUnavailable", "503"), ("Throttling", "400")] {
        let proxy = Proxy::start(
            bed.port,
            &[
                "--fail-rate",
                "0.35",
                "--fail-status",
                status,
                "--fail-code",
                code,
                "--fail-match",
                "POST / ",
            ],
        );
        let sa = format!("app-{}", code.to_ascii_lowercase());
        let args = create_args(&sa);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (exit, out, err) = run(&bed, &proxy, &args);
        assert_eq!(exit, 0, "{code}: {err}");
        assert!(
            proxy.stats()["failed"].as_u64().unwrap() > 0,
            "faults were injected"
        );
        assert_eq!(json(&out)["serviceAccount"], sa.as_str());
        assert_created(&bed, &sa);
    }
}

#[test]
fn iam_errors_that_outlast_the_retries_fail_clearly_and_leave_nothing_half_made() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    // Every PutRolePolicy fails: the role created before it must be rolled back.
    let proxy = Proxy::start(
        bed.port,
        &[
            "--fail-rate",
            "1.0",
            "--fail-code",
            "ServiceUnavailable",
            "--fail-match",
            "PutRolePolicy",
        ],
    );
    let args = create_args("app");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (exit, _, err) = run_attempts(&bed, &proxy, &args, 3);
    assert_eq!(exit, 1, "{err}");
    assert!(err.contains("iam:PutRolePolicy"), "{err}");
    assert!(
        bed.trust_policy("role-app").is_none(),
        "the created role was deleted"
    );
    assert!(bed.associations("prod").is_empty());
    // Without the faults, the same command succeeds.
    let (exit, _, err) = bed.run(&args);
    assert_eq!(exit, 0, "{err}");
    assert_created(&bed, "app");
}

#[test]
fn connections_dropped_before_the_server_sees_the_request() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    let role = bed.create_role("app", &common::testbed::pod_identity_trust());
    for i in 0..40 {
        bed.create_association("prod", &format!("ns-{i}"), "app", &role);
    }
    let proxy = Proxy::start(bed.port, &["--drop-rate", "0.25", "--drop-when", "before"]);
    let (exit, out, err) = run(
        &bed,
        &proxy,
        &["association", "list", "--cluster", "prod", "-o", "json"],
    );
    assert_eq!(exit, 0, "{err}");
    assert!(proxy.stats()["dropped"].as_u64().unwrap() > 0);
    let rows = json(&out);
    assert_eq!(rows.as_array().unwrap().len(), 40);
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .all(|r| r["roleArn"] == role.as_str())
    );
}

#[test]
fn answers_lost_after_the_server_acted_still_converge() {
    // The hard case: the server carried out a create, but its answer never arrived, so the retry
    // (or the next run) meets what the first attempt made.
    let bed = TestBed::start();
    bed.create_cluster("prod");
    for (i, seed) in ["1", "2", "3", "4"].iter().enumerate() {
        let proxy = Proxy::start(
            bed.port,
            &["--drop-rate", "0.3", "--drop-when", "after", "--seed", seed],
        );
        let sa = format!("app-{i}");
        let args = create_args(&sa);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (exit, _, err) = run(&bed, &proxy, &args);
        if exit != 0 {
            assert_eq!(exit, 1, "{err}");
            assert!(
                err.lines().any(|l| l.starts_with("error: ")),
                "a clear message: {err}"
            );
            // A re-run of the same command, without faults, converges.
            let (exit, _, err) = bed.run(&args);
            assert_eq!(exit, 0, "re-run after: {err}");
        }
        assert_created(&bed, &sa);
    }
}

#[test]
fn a_lost_answer_to_each_create_converges() {
    // Each create (role, inline policy, association) has its first answer lost: the SDK's retry
    // meets what the first attempt made.
    for create in [
        "CreateRole",
        "PutRolePolicy",
        "POST /clusters/prod/pod-identity-associations",
    ] {
        let bed = TestBed::start();
        bed.create_cluster("prod");
        let proxy = Proxy::start(
            bed.port,
            &[
                "--drop-rate",
                "1",
                "--drop-when",
                "after",
                "--drop-match",
                create,
                "--drop-count",
                "1",
            ],
        );
        let args = create_args("app");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (exit, _, err) = run(&bed, &proxy, &args);
        assert_eq!(proxy.stats()["dropped"], 1, "{create}");
        if exit != 0 {
            assert_eq!(exit, 1, "{create}: {err}");
            assert!(
                err.lines().any(|l| l.starts_with("error: ")),
                "{create}: {err}"
            );
            let (exit, _, err) = bed.run(&args);
            assert_eq!(exit, 0, "{create}: a re-run converges: {err}");
        }
        assert_created(&bed, "app");
    }
}

#[test]
fn every_aws_command_completes_under_thirty_percent_throttling() {
    use common::kube::KubeStandIn;
    use serde_json::json;
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
        json!({"eks-pod-identity-agent": [{"addonVersion": "v1.3.4-eksbuild.1", "architecture": ["amd64"],
            "compatibilities": [{"clusterVersion": "1.30", "platformVersions": ["*"], "defaultVersion": true}]}]}),
    );
    let provider = bed.oidc_provider("prod");
    let irsa = bed.create_role(
        "irsa",
        &json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"Federated": format!("arn:aws:iam::{ACCOUNT}:oidc-provider/{provider}")},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {format!("{provider}:sub"): "system:serviceaccount:team-b:legacy"}}}]}),
    );
    let kube = KubeStandIn::start();
    kube.service_account(
        "team-b",
        "legacy",
        json!({"eks.amazonaws.com/role-arn": irsa}),
    );
    let kubeconfig = kube.kubeconfig.to_str().unwrap().to_string();

    // Every call, to any service, has a 30 % chance of a 429 ThrottlingException.
    let proxy = Proxy::start(
        bed.port,
        &[
            "--fail-rate",
            "0.3",
            "--fail-status",
            "429",
            "--fail-code",
            "ThrottlingException",
            "--seed",
            "11",
        ],
    );
    let steps: Vec<Vec<&str>> = vec![
        vec![
            "addon",
            "install",
            "--cluster",
            "prod",
            "--wait",
            "--poll-interval",
            "1",
        ],
        vec!["addon", "status", "--cluster", "prod", "-o", "json"],
        vec![
            "association",
            "create",
            "--cluster",
            "prod",
            "--namespace",
            "team-a",
            "--service-account",
            "app",
            "--create-role",
            "--role-name",
            "team-a-app",
            "--abac-template",
            "s3-prefix",
            "--abac-bucket",
            "data",
        ],
        vec![
            "association",
            "describe",
            "--cluster",
            "prod",
            "--namespace",
            "team-a",
            "--service-account",
            "app",
        ],
        vec![
            "association",
            "update",
            "--cluster",
            "prod",
            "--namespace",
            "team-a",
            "--service-account",
            "app",
            "--disable-session-tags",
            // The role's trust is scoped by request tags, which EKS no longer sends without
            // session tags: update refuses unless told to widen it (#15).
            "--fix-trust",
            "--allow-unscoped-trust",
        ],
        vec!["association", "list", "--cluster", "prod"],
        vec![
            "migrate-irsa",
            "--cluster",
            "prod",
            "--yes",
            "--kubeconfig",
            &kubeconfig,
            "--backup",
        ],
        vec![
            "doctor",
            "--cluster",
            "prod",
            "--kubeconfig",
            &kubeconfig,
            "-o",
            "json",
        ],
        vec![
            "association",
            "delete",
            "--cluster",
            "prod",
            "--namespace",
            "team-a",
            "--service-account",
            "app",
            "--yes",
        ],
    ];
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup.json");
    for step in steps {
        let mut args = step.clone();
        if args[0] == "migrate-irsa" {
            args.push(backup.to_str().unwrap());
        }
        let (exit, out, err) = run(&bed, &proxy, &args);
        // doctor exits 1 for failed checks (here: the agent's DaemonSet is missing from the
        // stand-in, and session tags are off); what matters is a full report.
        if args[0] == "doctor" {
            let report = json(&out);
            assert!(
                report["checks"].as_array().is_some_and(|c| !c.is_empty()),
                "{err}"
            );
            assert!(
                report["checks"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|c| !c["message"].as_str().unwrap().contains("throttled")),
                "no check was skipped for throttling: {report:#}"
            );
            continue;
        }
        assert_eq!(exit, 0, "{args:?} under throttling: {err}");
    }
    assert!(proxy.stats()["failed"].as_u64().unwrap() > 10);
    // The resulting state, read directly.
    let addon = bed.addon("prod", "eks-pod-identity-agent").unwrap();
    assert_eq!(addon.addon_version(), Some("v1.3.4-eksbuild.1"));
    let associations = bed.associations("prod");
    assert_eq!(
        associations.len(),
        1,
        "team-a/app deleted, team-b/legacy migrated"
    );
    assert_eq!(associations[0].service_account(), Some("legacy"));
    assert_eq!(associations[0].role_arn(), Some(irsa.as_str()));
    assert!(
        bed.trust_policy("team-a-app").is_some(),
        "delete keeps the role"
    );
}
