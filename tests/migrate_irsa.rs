//! `epi migrate-irsa` against the AWS test bed and the Kubernetes API stand-in; the resulting
//! state is read back with the SDK and the stand-in's API, not through epi.

mod common;
use common::json;
use common::kube::KubeStandIn;
use common::testbed::{ACCOUNT, TestBed};
use serde_json::{Value, json};

const AGENT: &str = "eks-pod-identity-agent";

struct Env {
    bed: TestBed,
    kube: KubeStandIn,
    provider: String,
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let bed = TestBed::start();
        bed.create_cluster("prod");
        bed.block_on(
            bed.eks()
                .create_addon()
                .cluster_name("prod")
                .addon_name(AGENT)
                .addon_version("v1.3.4-eksbuild.1")
                .send(),
        )
        .unwrap();
        let provider = bed.oidc_provider("prod");
        let kube = KubeStandIn::start();
        // The cluster's endpoint is the stand-in's, as a real cluster's is its API server.
        bed.control(
            "POST",
            "/_epi/clusters/prod",
            json!({"endpoint": format!("https://127.0.0.1:{}", kube.port)}),
        );
        Env {
            bed,
            kube,
            provider,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A second cluster, stage, with the agent, its own Kubernetes stand-in as its endpoint;
    /// returns the stand-in and stage's OIDC provider.
    fn with_stage(&self) -> (KubeStandIn, String) {
        self.bed.create_cluster("stage");
        let stage_kube = KubeStandIn::start();
        self.bed.control(
            "POST",
            "/_epi/clusters/stage",
            json!({"endpoint": format!("https://127.0.0.1:{}", stage_kube.port)}),
        );
        self.bed
            .block_on(
                self.bed
                    .eks()
                    .create_addon()
                    .cluster_name("stage")
                    .addon_name(AGENT)
                    .addon_version("v1.3.4-eksbuild.1")
                    .send(),
            )
            .unwrap();
        let provider = self.bed.oidc_provider("stage");
        (stage_kube, provider)
    }

    fn backup(&self) -> String {
        self.dir
            .path()
            .join("backup.json")
            .to_str()
            .unwrap()
            .to_string()
    }

    fn run(&self, extra: &[&str]) -> (i32, String, String) {
        let mut args = vec![
            "migrate-irsa",
            "--cluster",
            "prod",
            "--kubeconfig",
            self.kube.kubeconfig.to_str().unwrap(),
            "--backup",
        ];
        let backup = self.backup();
        args.push(&backup);
        args.extend(extra);
        self.bed.run(&args)
    }

    /// An IRSA statement of a provider admitting the subjects (StringEquals, or StringLike with '*').
    fn irsa_statement(provider: &str, subjects: &[&str]) -> Value {
        let op = if subjects.iter().any(|s| s.contains('*')) {
            "StringLike"
        } else {
            "StringEquals"
        };
        json!({
            "Effect": "Allow",
            "Principal": {"Federated": format!("arn:aws:iam::{ACCOUNT}:oidc-provider/{provider}")},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {op: {format!("{provider}:sub"): subjects, format!("{provider}:aud"): "sts.amazonaws.com"}}
        })
    }

    fn role(&self, name: &str, statements: Vec<Value>) -> String {
        self.bed.create_role(
            name,
            &json!({"Version": "2012-10-17", "Statement": statements}),
        )
    }

    fn sa(&self, ns: &str, name: &str, role_arn: Option<&str>) {
        let annotations = match role_arn {
            Some(arn) => {
                json!({"eks.amazonaws.com/role-arn": arn, "eks.amazonaws.com/sts-regional-endpoints": "true"})
            }
            None => json!({}),
        };
        self.kube.service_account(ns, name, annotations);
    }

    fn pod(&self, ns: &str, name: &str, sa: &str, pod_identity: bool, fargate: bool) {
        let env = if pod_identity {
            json!([{"name": "AWS_CONTAINER_CREDENTIALS_FULL_URI", "value": "http://169.254.170.23/v1/credentials"}])
        } else {
            json!([{"name": "AWS_ROLE_ARN", "value": "x"}])
        };
        let labels = if fargate {
            json!({"eks.amazonaws.com/fargate-profile": "fp"})
        } else {
            json!({})
        };
        self.kube.create(&format!("/api/v1/namespaces/{ns}/pods"), json!({"metadata": {"name": name, "labels": labels}, "spec": {"serviceAccountName": sa, "containers": [{"name": "c", "image": "x", "env": env}]}}));
    }

    fn annotations(&self, ns: &str, name: &str) -> Value {
        self.kube.get(&format!("/api/v1/namespaces/{ns}/serviceaccounts/{name}"))["metadata"]["annotations"].clone()
    }
}

fn rows(out: &str) -> Vec<Value> {
    json(out).as_array().unwrap().clone()
}

fn row<'a>(rows: &'a [Value], ns: &str, sa: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["namespace"] == ns && r["serviceAccount"] == sa)
        .unwrap_or_else(|| panic!("no row for {ns}/{sa}: {rows:?}"))
}

/// `migrate-irsa --dry-run` rows carry the engine's `changes` (the shape of every dry run), in the
/// order the run carries them out, with the trust policy before and after; the table ends with
/// the engine's plan table.
#[test]
fn dry_run_rows_carry_the_engine_changes() {
    let env = Env::new();
    let p = env.provider.clone();
    let irsa = vec![Env::irsa_statement(
        &p,
        &["system:serviceaccount:team-a:app"],
    )];
    let app = env.role("app", irsa.clone());
    env.sa("team-a", "app", Some(&app));
    env.pod("team-a", "app-1", "app", false, false);

    let (code, out, err) = env.run(&[
        "--dry-run",
        "--restart-workloads",
        "--remove-irsa",
        "-o",
        "json",
    ]);
    assert_eq!(code, 3, "changes pending: {err}");
    let plan = rows(&out);
    let changes = row(&plan, "team-a", "app")["changes"]
        .as_array()
        .unwrap()
        .clone();
    let kinds: Vec<(&str, &str)> = changes
        .iter()
        .map(|c| {
            (
                c["action"].as_str().unwrap(),
                c["resource"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("update", "trust-policy"),
            ("create", "association"),
            ("restart", "workload"),
            ("remove-irsa", "trust-policy"),
        ]
    );
    assert_eq!(changes[0]["id"], "app");
    assert_eq!(
        changes[0]["before"],
        json!({"Version": "2012-10-17", "Statement": irsa})
    );
    assert_eq!(changes[1]["id"], "prod/team-a/app");
    assert_eq!(changes[1]["after"]["roleArn"], json!(app));
    assert_eq!(changes[2]["id"], "team-a/app");
    // The removal starts from the trust with the Pod Identity statement and keeps only it.
    assert_eq!(changes[3]["before"], changes[0]["after"]);
    let kept = changes[3]["after"]["Statement"].as_array().unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        kept[0]["Principal"],
        json!({"Service": "pods.eks.amazonaws.com"})
    );

    let (code, out, err) = env.run(&["--dry-run", "--restart-workloads", "--remove-irsa"]);
    assert_eq!(code, 3, "{err}");
    assert!(
        // One summary in every format (#33 item 3; behaviour change: it counted by action).
        out.contains("Plan: 1 to create, 3 to update, 0 to delete."),
        "{out}"
    );
    // #33 item 1: the rows' table fits 80 columns (the role by its name, the detail wrapped);
    // `-o wide` names the role by its ARN. The rows only: the plan after them holds the test
    // bed's OIDC issuer, whose port changes.
    for format in ["table", "wide"] {
        common::at_widths(
            &format!("migrate_irsa_rows_{format}"),
            format == "table",
            |w| {
                let out = env
                    .bed
                    .epi()
                    .env("COLUMNS", w)
                    .args(["migrate-irsa", "--cluster", "prod", "--kubeconfig"])
                    .arg(&env.kube.kubeconfig)
                    .args(["--backup", &env.backup(), "--dry-run", "-o", format])
                    .output()
                    .unwrap();
                let text = String::from_utf8_lossy(&out.stdout).to_string();
                let rows: String = text
                    .lines()
                    .take_while(|l| !l.is_empty())
                    .map(|l| format!("{l}\n"))
                    .collect();
                assert!(rows.lines().count() > 1, "{text}");
                assert_eq!(format == "wide", rows.contains(":role/"), "{text}");
                rows
            },
        );
    }
    assert!(
        env.bed.associations("prod").is_empty(),
        "a dry run changes nothing"
    );
    assert_eq!(
        env.bed.trust_policy("app").unwrap(),
        json!({"Version": "2012-10-17", "Statement": irsa})
    );
}

#[test]
fn plan_then_migrate_then_converge() {
    let env = Env::new();
    let p = env.provider.clone();
    let app = env.role(
        "app",
        vec![Env::irsa_statement(
            &p,
            &["system:serviceaccount:team-a:app"],
        )],
    );
    let worker = env.bed.block_on(env.bed.iam().create_role().role_name("worker").path("/teams/b/").assume_role_policy_document(json!({"Version": "2012-10-17", "Statement": [Env::irsa_statement(&p, &["system:serviceaccount:team-b:worker"])]}).to_string()).send()).unwrap().role().unwrap().arn().to_string();
    assert!(worker.contains(":role/teams/b/worker"));
    env.sa("team-a", "app", Some(&app));
    env.sa("team-b", "worker", Some(&worker));
    env.sa("team-b", "plain", None);
    env.sa(
        "team-c",
        "remote",
        Some("arn:aws:iam::111122223333:role/elsewhere"),
    );

    let (code, out, err) = env.run(&["--dry-run", "-o", "json"]);
    assert_eq!(code, 3, "changes pending: {err}");
    let plan = rows(&out);
    assert_eq!(plan.len(), 3, "only annotated service accounts: {plan:?}");
    assert_eq!(row(&plan, "team-a", "app")["action"], "migrate");
    assert_eq!(
        row(&plan, "team-a", "app")["steps"],
        json!(["add Pod Identity trust", "create association"])
    );
    assert_eq!(row(&plan, "team-b", "worker")["action"], "migrate");
    assert_eq!(row(&plan, "team-c", "remote")["action"], "skip");
    assert!(
        row(&plan, "team-c", "remote")["reason"]
            .as_str()
            .unwrap()
            .contains("111122223333")
    );
    assert!(
        env.bed.associations("prod").is_empty(),
        "a dry run changes nothing"
    );

    // Without a terminal and without --yes: the plan, exit 3, nothing changed.
    let (code, _, err) = env.run(&[]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("--yes"), "{err}");
    assert!(env.bed.associations("prod").is_empty());

    let (code, out, err) = env.run(&["--yes", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    let report = rows(&out);
    assert_eq!(row(&report, "team-a", "app")["result"], "done");
    let associations = env.bed.associations("prod");
    assert_eq!(associations.len(), 2);
    let by_sa = |sa: &str| {
        associations
            .iter()
            .find(|a| a.service_account() == Some(sa))
            .unwrap()
            .role_arn()
            .unwrap()
            .to_string()
    };
    assert_eq!(by_sa("app"), app);
    assert_eq!(by_sa("worker"), worker);
    let trust = env.bed.trust_policy("app").unwrap();
    assert_eq!(
        trust["Statement"][0],
        Env::irsa_statement(&p, &["system:serviceaccount:team-a:app"]),
        "IRSA trust stays until asked"
    );
    assert_eq!(
        trust["Statement"][1]["Principal"],
        json!({"Service": "pods.eks.amazonaws.com"})
    );
    assert_eq!(
        env.annotations("team-a", "app")["eks.amazonaws.com/role-arn"],
        app,
        "the annotation stays until asked"
    );
    let backup: Value =
        serde_json::from_str(&std::fs::read_to_string(env.backup()).unwrap()).unwrap();
    assert_eq!(
        backup["roles"]["app"]["trustPolicy"]["Statement"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // A re-run converges: nothing left, no duplicates.
    let (code, out, err) = env.run(&["--yes", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        rows(&out)
            .iter()
            .filter(|r| r["namespace"] != "team-c")
            .all(|r| r["action"] == "already-migrated"),
        "{out}"
    );
    assert_eq!(env.bed.associations("prod").len(), 2);
}

#[test]
fn remove_irsa_keeps_other_clusters_and_narrows_shared_statements() {
    let env = Env::new();
    let p = env.provider.clone();
    let other_cluster = Env::irsa_statement(
        "oidc.eks.eu-west-1.amazonaws.com/id/OTHER",
        &["system:serviceaccount:team-a:app"],
    );
    let app = env.role(
        "app",
        vec![
            Env::irsa_statement(&p, &["system:serviceaccount:team-a:app"]),
            other_cluster.clone(),
        ],
    );
    let shared = env.role(
        "shared",
        vec![Env::irsa_statement(&p, &["system:serviceaccount:team-b:*"])],
    );
    env.sa("team-a", "app", Some(&app));
    env.sa("team-b", "one", Some(&shared));
    env.pod("team-a", "app-1", "app", true, false);
    env.pod("team-b", "one-1", "one", true, false);

    let (code, out, err) = env.run(&["--yes", "--remove-irsa", "-o", "json"]);
    assert_eq!(code, 0, "{err}\n{out}");
    let trust = env.bed.trust_policy("app").unwrap();
    let statements = trust["Statement"].as_array().unwrap();
    assert_eq!(statements.len(), 2, "{trust}");
    assert_eq!(
        serde_json::to_string(&statements[0]).unwrap(),
        serde_json::to_string(&other_cluster).unwrap(),
        "the other cluster's statement, byte for byte"
    );
    assert_eq!(
        statements[1]["Principal"],
        json!({"Service": "pods.eks.amazonaws.com"})
    );
    assert!(
        env.annotations("team-a", "app")
            .get("eks.amazonaws.com/role-arn")
            .is_none()
    );
    assert_eq!(
        env.annotations("team-a", "app")["eks.amazonaws.com/sts-regional-endpoints"],
        "true",
        "other annotations stay"
    );

    let shared_trust = env.bed.trust_policy("shared").unwrap();
    let irsa = &shared_trust["Statement"][0];
    assert_eq!(
        irsa["Condition"]["StringLike"][format!("{p}:sub")],
        json!(["system:serviceaccount:team-b:*"]),
        "the wildcard still admits the rest of the namespace"
    );
    assert_eq!(
        irsa["Condition"]["StringNotEquals"][format!("{p}:sub")],
        json!(["system:serviceaccount:team-b:one"])
    );
}

#[test]
fn irsa_is_kept_while_pods_lack_pod_identity_credentials() {
    let env = Env::new();
    let p = env.provider.clone();
    let app = env.role(
        "app",
        vec![Env::irsa_statement(
            &p,
            &["system:serviceaccount:team-a:app"],
        )],
    );
    env.sa("team-a", "app", Some(&app));
    env.pod("team-a", "old", "app", false, false);
    let (code, out, err) = env.run(&["--yes", "--remove-irsa", "-o", "json"]);
    assert_eq!(code, 3, "removal is still pending: {err}");
    assert!(
        row(&rows(&out), "team-a", "app")["result"]
            .as_str()
            .unwrap()
            .starts_with("kept-irsa"),
        "{out}"
    );
    assert_eq!(
        env.annotations("team-a", "app")["eks.amazonaws.com/role-arn"],
        app
    );
    assert_eq!(
        env.bed.trust_policy("app").unwrap()["Statement"][0],
        Env::irsa_statement(&p, &["system:serviceaccount:team-a:app"])
    );
    assert_eq!(
        env.bed.associations("prod").len(),
        1,
        "the association is made first"
    );
}

#[test]
fn conflicts_fargate_and_force() {
    let env = Env::new();
    let p = env.provider.clone();
    let app = env.role(
        "app",
        vec![Env::irsa_statement(
            &p,
            &["system:serviceaccount:team-a:app"],
        )],
    );
    let other = env
        .bed
        .create_role("other", &common::testbed::pod_identity_trust());
    env.sa("team-a", "app", Some(&app));
    env.sa("team-a", "batch", Some(&app));
    env.pod("team-a", "batch-1", "batch", false, true);
    let id = env.bed.create_association("prod", "team-a", "app", &other);

    let (code, out, err) = env.run(&["--yes", "-o", "json"]);
    assert_eq!(code, 3, "a conflict is left: {err}");
    let report = rows(&out);
    assert_eq!(row(&report, "team-a", "app")["action"], "conflict");
    assert!(
        row(&report, "team-a", "app")["reason"]
            .as_str()
            .unwrap()
            .contains(&id)
    );
    assert_eq!(row(&report, "team-a", "batch")["action"], "skip");
    assert!(
        row(&report, "team-a", "batch")["reason"]
            .as_str()
            .unwrap()
            .contains("Fargate")
    );
    assert_eq!(
        env.bed.associations("prod")[0].role_arn(),
        Some(other.as_str()),
        "never overwritten without --force"
    );

    let (code, _, err) = env.run(&["--yes", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        env.bed.associations("prod")[0].role_arn(),
        Some(app.as_str())
    );
}

#[test]
fn rollback_restores_the_original_state() {
    let env = Env::new();
    let p = env.provider.clone();
    let original = vec![Env::irsa_statement(
        &p,
        &["system:serviceaccount:team-a:app"],
    )];
    let app = env.role("app", original.clone());
    env.sa("team-a", "app", Some(&app));
    env.pod("team-a", "app-1", "app", true, false);
    let before_annotations = env.annotations("team-a", "app");
    let (code, _, err) = env.run(&["--yes", "--remove-irsa"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        env.annotations("team-a", "app")
            .get("eks.amazonaws.com/role-arn")
            .is_none()
    );

    let backup = env.backup();
    let (code, _, err) = env.bed.run(&[
        "migrate-irsa",
        "rollback",
        "--backup",
        &backup,
        "--kubeconfig",
        env.kube.kubeconfig.to_str().unwrap(),
    ]);
    // The one confirmation rule (docs/exit-codes.md): nothing done for want of a yes is exit 3.
    assert_eq!(code, 3, "no terminal, no --yes: {err}");
    assert!(err.contains("--yes"), "{err}");
    assert!(
        env.annotations("team-a", "app")
            .get("eks.amazonaws.com/role-arn")
            .is_none(),
        "nothing was rolled back"
    );
    let (code, out, err) = env.bed.run(&[
        "migrate-irsa",
        "rollback",
        "--backup",
        &backup,
        "--kubeconfig",
        env.kube.kubeconfig.to_str().unwrap(),
        "--yes",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("trust policy restored"), "{out}");
    // Workloads keep their Pod Identity credentials until restarted (#33 item 16).
    assert!(err.contains("kubectl rollout restart"), "{err}");
    assert_eq!(
        env.bed.trust_policy("app").unwrap(),
        json!({"Version": "2012-10-17", "Statement": original})
    );
    assert_eq!(env.annotations("team-a", "app"), before_annotations);
    assert!(env.bed.associations("prod").is_empty());
}

#[test]
fn the_agent_is_installed_first_unless_told_not_to() {
    let env = Env::new();
    env.bed
        .block_on(
            env.bed
                .eks()
                .delete_addon()
                .cluster_name("prod")
                .addon_name(AGENT)
                .send(),
        )
        .unwrap();
    env.bed.control("POST", "/_epi/catalogue", json!({AGENT: [{"addonVersion": "v1.3.4-eksbuild.1", "compatibilities": [{"clusterVersion": "1.30", "platformVersions": ["*"], "defaultVersion": true}]}]}));
    let p = env.provider.clone();
    let app = env.role(
        "app",
        vec![Env::irsa_statement(
            &p,
            &["system:serviceaccount:team-a:app"],
        )],
    );
    env.sa("team-a", "app", Some(&app));
    // The dry run's plan counts the install it announces (#25).
    let (code, out, err) = env.run(&["--dry-run"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("will be installed first"), "{err}");
    assert!(
        out.contains("prod/eks-pod-identity-agent") && out.contains("Plan: 2 to create"),
        "{out}"
    );
    let (code, _, err) = env.run(&["--yes", "--no-install-agent"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("epi addon install"), "{err}");
    assert!(env.bed.associations("prod").is_empty());
    let (code, _, err) = env.run(&["--yes"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        env.bed.addon("prod", AGENT).unwrap().addon_version(),
        Some("v1.3.4-eksbuild.1")
    );
    assert_eq!(env.bed.associations("prod").len(), 1);
}

#[test]
fn a_trust_policy_near_the_limit_fails_that_account_only() {
    let env = Env::new();
    let p = env.provider.clone();
    // Just under IAM's default trust quota of 2048 (which the test bed enforces, as IAM does):
    // the Pod Identity statement takes it over, and IAM refuses.
    let many: Vec<String> = (0..33)
        .map(|i| format!("system:serviceaccount:team-a:app-number-{i:02}"))
        .collect();
    let mut subjects: Vec<&str> = many.iter().map(String::as_str).collect();
    subjects.push("system:serviceaccount:team-a:app");
    let full = env.role("full", vec![Env::irsa_statement(&p, &subjects)]);
    let ok = env.role(
        "ok",
        vec![Env::irsa_statement(
            &p,
            &["system:serviceaccount:team-b:ok"],
        )],
    );
    env.sa("team-a", "app", Some(&full));
    env.sa("team-b", "ok", Some(&ok));
    let (code, out, err) = env.run(&["--yes", "-o", "json"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("2048"), "{err}");
    let report = rows(&out);
    assert!(
        row(&report, "team-a", "app")["result"]
            .as_str()
            .unwrap()
            .starts_with("failed")
    );
    assert_eq!(row(&report, "team-b", "ok")["result"], "done");
    assert_eq!(env.bed.associations("prod").len(), 1);
}

#[test]
fn without_a_kubeconfig_it_connects_with_an_eks_token() {
    use base64::Engine;
    let env = Env::new();
    let b64 = base64::engine::general_purpose::STANDARD;
    env.bed.control(
        "POST",
        "/_epi/clusters/prod",
        json!({"endpoint": format!("https://127.0.0.1:{}", env.kube.port), "certificateAuthority": {"data": b64.encode(&env.kube.ca_pem)}}),
    );
    let p = env.provider.clone();
    let app = env.role(
        "app",
        vec![Env::irsa_statement(
            &p,
            &["system:serviceaccount:team-a:app"],
        )],
    );
    env.sa("team-a", "app", Some(&app));
    let backup = env.backup();
    let (code, out, err) = env.bed.run(&[
        "migrate-irsa",
        "--cluster",
        "prod",
        "--backup",
        &backup,
        "--dry-run",
        "-o",
        "json",
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("with an EKS token"), "{err}");
    assert_eq!(row(&rows(&out), "team-a", "app")["action"], "migrate");
    let token = env
        .kube
        .requests()
        .into_iter()
        .rev()
        .find(|r| r["path"] == "/api/v1/serviceaccounts")
        .unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let body = token.strip_prefix("k8s-aws-v1.").expect("an EKS token");
    let url = String::from_utf8(
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(body)
            .unwrap(),
    )
    .unwrap();
    assert!(
        url.contains("Action=GetCallerIdentity") && url.contains("x-k8s-aws-id"),
        "{url}"
    );
}

#[test]
fn an_interrupted_run_converges() {
    let env = Env::new();
    let p = env.provider.clone();
    for sa in ["a", "b", "c"] {
        let arn = env.role(
            sa,
            vec![Env::irsa_statement(
                &p,
                &[&format!("system:serviceaccount:team:{sa}")],
            )],
        );
        env.sa("team", sa, Some(&arn));
    }
    // Creating associations fails half the time: some service accounts are done, some are not.
    env.bed.control("POST", "/_epi/faults", json!({"rate": 0.5, "status": 500, "code": "ServerException", "operations": ["POST /clusters/prod/pod-identity-associations"]}));
    let (code, _, err) = env.run(&["--yes", "--max-attempts", "1", "--retry-mode", "standard"]);
    assert!(code == 1 || code == 0, "{err}");
    // Whatever happened, no service account is without a working credential path.
    for sa in ["a", "b", "c"] {
        let trust = env.bed.trust_policy(sa).unwrap();
        assert_eq!(
            trust["Statement"][0],
            Env::irsa_statement(&p, &[&format!("system:serviceaccount:team:{sa}")]),
            "IRSA trust intact for {sa}"
        );
    }
    env.bed.control("POST", "/_epi/faults", json!({}));
    let (code, _, err) = env.run(&["--yes"]);
    assert_eq!(code, 0, "{err}");
    let associations = env.bed.associations("prod");
    assert_eq!(associations.len(), 3, "one each, no duplicates");
    let (code, out, _) = env.run(&["--dry-run", "-o", "json"]);
    assert_eq!(code, 0);
    assert!(
        rows(&out).iter().all(|r| r["action"] == "already-migrated"),
        "{out}"
    );
}

#[test]
fn add_ons_on_irsa_move_to_pod_identity_when_they_support_it() {
    let env = Env::new();
    let p = env.provider.clone();
    let ebs = env.role(
        "ebs",
        vec![Env::irsa_statement(
            &p,
            &["system:serviceaccount:kube-system:ebs-csi-controller-sa"],
        )],
    );
    let cni = env.role(
        "cni",
        vec![Env::irsa_statement(
            &p,
            &["system:serviceaccount:kube-system:aws-node"],
        )],
    );
    let eks = env.bed.eks();
    env.bed
        .block_on(
            eks.create_addon()
                .cluster_name("prod")
                .addon_name("aws-ebs-csi-driver")
                .addon_version("v1.40.0-eksbuild.1")
                .service_account_role_arn(&ebs)
                .send(),
        )
        .unwrap();
    env.bed
        .block_on(
            eks.create_addon()
                .cluster_name("prod")
                .addon_name("legacy-addon")
                .addon_version("v1.0.0-eksbuild.1")
                .service_account_role_arn(&cni)
                .send(),
        )
        .unwrap();
    env.bed.control(
        "POST",
        "/_epi/catalogue",
        json!({"_configuration": {
            "aws-ebs-csi-driver": {"configurationSchema": "{}", "podIdentityConfiguration": [{"serviceAccount": "ebs-csi-controller-sa", "recommendedManagedPolicies": ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"]}]},
            "legacy-addon": {"configurationSchema": "{}", "podIdentityConfiguration": []}
        }}),
    );
    let (code, out, err) = env.run(&["--dry-run", "-o", "json"]);
    assert_eq!(code, 3, "{err}");
    let plan = rows(&out);
    let ebs_row = plan
        .iter()
        .find(|r| r["addon"] == "aws-ebs-csi-driver")
        .unwrap();
    assert_eq!(ebs_row["action"], "migrate");
    assert_eq!(ebs_row["serviceAccount"], "ebs-csi-controller-sa");
    let legacy = plan.iter().find(|r| r["addon"] == "legacy-addon").unwrap();
    assert_eq!(legacy["action"], "skip");
    assert!(
        legacy["reason"]
            .as_str()
            .unwrap()
            .contains("does not support Pod Identity")
    );

    let (code, _, err) = env.run(&["--yes"]);
    assert_eq!(code, 0, "{err}");
    let addon = env.bed.addon("prod", "aws-ebs-csi-driver").unwrap();
    assert_eq!(addon.pod_identity_associations().len(), 1);
    let a = env.bed.associations("prod");
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].service_account(), Some("ebs-csi-controller-sa"));
    assert_eq!(a[0].role_arn(), Some(ebs.as_str()));
    let trust = env.bed.trust_policy("ebs").unwrap();
    assert_eq!(
        trust["Statement"][1]["Condition"]["StringEquals"]["aws:RequestTag/kubernetes-service-account"],
        json!(["ebs-csi-controller-sa"])
    );
    assert!(
        env.bed
            .addon("prod", "legacy-addon")
            .unwrap()
            .pod_identity_associations()
            .is_empty()
    );

    let backup = env.backup();
    let (code, _, err) = env.bed.run(&[
        "migrate-irsa",
        "rollback",
        "--backup",
        &backup,
        "--kubeconfig",
        env.kube.kubeconfig.to_str().unwrap(),
        "--yes",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        env.bed
            .addon("prod", "aws-ebs-csi-driver")
            .unwrap()
            .pod_identity_associations()
            .is_empty()
    );
    assert!(env.bed.associations("prod").is_empty());
    assert_eq!(
        env.bed.trust_policy("ebs").unwrap()["Statement"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

/// Whether NS/SA can get credentials: its IRSA is intact (the annotation, and a statement of
/// this cluster's provider in ROLE's trust admitting it), or it has an association and a Pod
/// Identity statement for it in ROLE's trust.
fn has_credential_path(
    env: &Env,
    associations: &[aws_sdk_eks::types::PodIdentityAssociation],
    role: &str,
    ns: &str,
    sa: &str,
) -> bool {
    let p = &env.provider;
    let trust = env.bed.trust_policy(role).unwrap();
    let subject = json!(format!("system:serviceaccount:{ns}:{sa}"));
    let irsa_ok = env
        .annotations(ns, sa)
        .get("eks.amazonaws.com/role-arn")
        .is_some()
        && trust["Statement"].as_array().unwrap().iter().any(|s| {
            let subs = &s["Condition"]["StringEquals"][format!("{p}:sub")];
            s["Principal"]["Federated"]
                .as_str()
                .is_some_and(|f| f.ends_with(p.as_str()))
                && (subs == &subject || subs.as_array().is_some_and(|a| a.contains(&subject)))
        });
    let pod_identity_ok = associations
        .iter()
        .any(|a| a.namespace() == Some(ns) && a.service_account() == Some(sa))
        && trust["Statement"].as_array().unwrap().iter().any(|s| {
            // Service accounts of one namespace share a statement (#10).
            s["Principal"] == json!({"Service": "pods.eks.amazonaws.com"})
                && s["Condition"]["StringEquals"]["aws:RequestTag/kubernetes-service-account"]
                    .as_array()
                    .is_some_and(|a| a.contains(&json!(sa)))
        });
    irsa_ok || pod_identity_ok
}

/// Kills `migrate-irsa rollback --yes` after the Nth AWS call, for every N the rollback reaches,
/// after a migration that removed IRSA (the hard case: the association is then the only credential
/// path until IRSA is back). After each kill no service account may be without a working
/// credential path; a second rollback must then restore the state before the migration exactly.
#[test]
fn rollback_killed_at_any_point_converges_and_credentials_never_break() {
    for n in 1u64.. {
        let env = Env::new();
        let p = env.provider.clone();
        let names = ["a", "d", "e"];
        let role_of = |sa: &str| if sa == "a" { "a" } else { "shared" };
        let a_trust = vec![Env::irsa_statement(&p, &["system:serviceaccount:team:a"])];
        let shared_trust = vec![Env::irsa_statement(
            &p,
            &[
                "system:serviceaccount:team:d",
                "system:serviceaccount:team:e",
            ],
        )];
        let a = env.role("a", a_trust.clone());
        let shared = env.role("shared", shared_trust.clone());
        for sa in names {
            env.sa("team", sa, Some(if sa == "a" { &a } else { &shared }));
            env.pod("team", &format!("{sa}-1"), sa, true, false);
        }
        let before: Vec<_> = names.iter().map(|sa| env.annotations("team", sa)).collect();
        let (code, _, err) = env.run(&["--yes", "--restart-workloads", "--remove-irsa"]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(env.bed.associations("prod").len(), names.len());

        let backup = env.backup();
        let kubeconfig = env.kube.kubeconfig.to_str().unwrap().to_string();
        let rollback = [
            "migrate-irsa",
            "rollback",
            "--backup",
            backup.as_str(),
            "--kubeconfig",
            kubeconfig.as_str(),
            "--yes",
        ];
        if env.bed.run_killed_after(n, &rollback).is_some() {
            // Every earlier n was a kill point.
            assert!(n > 8, "the rollback needed only {} AWS calls", n - 1);
            break;
        }
        let associations = env.bed.associations("prod");
        for sa in names {
            assert!(
                has_credential_path(&env, &associations, role_of(sa), "team", sa),
                "rollback killed after AWS call {n}: {sa} has no working credential path\n{}",
                env.bed.trust_policy(role_of(sa)).unwrap()
            );
        }

        let (code, _, err) = env.bed.run(&rollback);
        assert_eq!(code, 0, "rollback re-run after a kill at call {n}: {err}");
        assert!(
            env.bed.associations("prod").is_empty(),
            "after a kill at call {n}: every association the migration made is gone"
        );
        assert_eq!(
            env.bed.trust_policy("a").unwrap(),
            json!({"Version": "2012-10-17", "Statement": a_trust}),
            "after a kill at call {n}"
        );
        assert_eq!(
            env.bed.trust_policy("shared").unwrap(),
            json!({"Version": "2012-10-17", "Statement": shared_trust}),
            "after a kill at call {n}"
        );
        for (sa, annotations) in names.iter().zip(&before) {
            assert_eq!(
                &env.annotations("team", sa),
                annotations,
                "after a kill at call {n}"
            );
        }
    }
}

/// Kills `migrate-irsa --yes --restart-workloads --remove-irsa` after the Nth AWS call, for every N
/// the run reaches (at least 20 points), and checks after each kill that no service account is left
/// without a working credential path: either its IRSA (annotation and this cluster's trust
/// statement) is intact, or its association and the Pod Identity trust statement are in place. A
/// re-run must then converge to one association each and no IRSA.
#[test]
fn killed_at_any_point_a_rerun_converges_and_credentials_never_break() {
    for n in 1u64.. {
        let env = Env::new();
        let p = env.provider.clone();
        // a, b, c have a role each; d and e share one, so a kill can also fall between the
        // changes of two service accounts to the same trust policy.
        let names = ["a", "b", "c", "d", "e"];
        let role_of = |sa: &str| {
            if sa == "d" || sa == "e" {
                "shared".to_string()
            } else {
                sa.to_string()
            }
        };
        let shared = env.role(
            "shared",
            vec![Env::irsa_statement(
                &p,
                &[
                    "system:serviceaccount:team:d",
                    "system:serviceaccount:team:e",
                ],
            )],
        );
        for sa in names {
            let arn = if role_of(sa) == "shared" {
                shared.clone()
            } else {
                env.role(
                    sa,
                    vec![Env::irsa_statement(
                        &p,
                        &[&format!("system:serviceaccount:team:{sa}")],
                    )],
                )
            };
            env.sa("team", sa, Some(&arn));
            env.pod("team", &format!("{sa}-1"), sa, true, false);
        }
        let start = env.bed.control("GET", "/_epi/requests", Value::Null)["count"]
            .as_u64()
            .unwrap();
        env.bed
            .control("POST", "/_epi/hang", json!({"after": start + n}));
        let backup = env.backup();
        let mut child = env
            .bed
            .epi_std()
            .args([
                "migrate-irsa",
                "--cluster",
                "prod",
                "--kubeconfig",
                env.kube.kubeconfig.to_str().unwrap(),
                "--backup",
                &backup,
            ])
            .args([
                "--yes",
                "--restart-workloads",
                "--remove-irsa",
                "--concurrency",
                "1",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        let finished = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            let count = env.bed.control("GET", "/_epi/requests", Value::Null)["count"]
                .as_u64()
                .unwrap();
            if count > start + n {
                break None;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no progress at point {n}"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        let _ = child.kill();
        let _ = child.wait();
        env.bed
            .control("POST", "/_epi/hang", json!({"after": null}));
        if finished.is_some() {
            // Every earlier n was a kill point.
            assert!(n > 20, "the run needed only {} AWS calls", n - 1);
            break;
        }

        let associations = env.bed.associations("prod");
        for sa in names {
            assert!(
                has_credential_path(&env, &associations, &role_of(sa), "team", sa),
                "killed after AWS call {n}: {sa} has no working credential path\n{}",
                env.bed.trust_policy(&role_of(sa)).unwrap()
            );
        }

        let (code, _, err) = env.run(&["--yes", "--restart-workloads", "--remove-irsa"]);
        assert_eq!(code, 0, "re-run after a kill at call {n}: {err}");
        let associations = env.bed.associations("prod");
        assert_eq!(
            associations.len(),
            names.len(),
            "after a kill at call {n}: one association each"
        );
        for sa in names {
            assert!(
                env.annotations("team", sa)
                    .get("eks.amazonaws.com/role-arn")
                    .is_none()
            );
            let statements = env.bed.trust_policy(&role_of(sa)).unwrap()["Statement"]
                .as_array()
                .unwrap()
                .clone();
            // One scoped Pod Identity statement per namespace of the role's service accounts (d
            // and e share theirs since #10), no IRSA left.
            assert_eq!(
                statements.len(),
                1,
                "after a kill at call {n}: only the Pod Identity statement is left for {sa}: {statements:?}"
            );
            assert!(
                statements[0]["Condition"]["StringEquals"]["aws:RequestTag/kubernetes-service-account"]
                    .as_array()
                    .is_some_and(|a| a.contains(&json!(sa))),
                "{statements:?}"
            );
            assert!(
                statements
                    .iter()
                    .all(|s| s["Principal"]["Service"] == "pods.eks.amazonaws.com")
            );
        }
    }
}

/// SIGINT or SIGTERM during `migrate-irsa --yes`: the step in flight is finished (here it fails
/// after --read-timeout, as the test bed holds its answer), no new service account is started,
/// the report so far and the backup path are printed, the exit code is 130 / 143, no temporary
/// file is left, and a re-run converges.
#[test]
fn a_signal_stops_between_steps_with_a_report() {
    // The plan reads (cluster, add-on, associations, roles) come first; the call held is one of
    // the first service account's writes.
    const HOLD_AFTER: u64 = 8;
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let env = Env::new();
        let p = env.provider.clone();
        for sa in ["a", "b", "c"] {
            let arn = env.role(
                sa,
                vec![Env::irsa_statement(
                    &p,
                    &[&format!("system:serviceaccount:team:{sa}")],
                )],
            );
            env.sa("team", sa, Some(&arn));
            env.pod("team", &format!("{sa}-1"), sa, true, false);
        }
        let start = env.bed.control("GET", "/_epi/requests", Value::Null)["count"]
            .as_u64()
            .unwrap();
        // Hold an answer a few calls into the execution (after the plan's reads).
        env.bed
            .control("POST", "/_epi/hang", json!({"after": start + HOLD_AFTER}));
        let backup = std::path::PathBuf::from(env.backup());
        let child = env
            .bed
            .epi_std()
            .args(["migrate-irsa", "--cluster", "prod", "--kubeconfig"])
            .arg(&env.kube.kubeconfig)
            .arg("--backup")
            .arg(&backup)
            .args([
                "--yes",
                "--concurrency",
                "1",
                "--read-timeout",
                "1",
                "-o",
                "json",
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while env.bed.control("GET", "/_epi/requests", Value::Null)["count"]
            .as_u64()
            .unwrap()
            <= start + HOLD_AFTER
        {
            assert!(
                std::time::Instant::now() < deadline,
                "the run never reached the held call"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let status = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        env.bed
            .control("POST", "/_epi/hang", json!({"after": null}));
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(code), "SIG{signal}: {stderr}");
        assert!(stderr.contains(&format!("SIG{signal}")), "{stderr}");
        assert!(
            stderr.contains(backup.to_str().unwrap()),
            "the backup path is printed: {stderr}"
        );
        let report = rows(&stdout);
        assert_eq!(
            report.len(),
            3,
            "the report covers every service account: {stdout}"
        );
        assert!(
            report.iter().any(|r| r["result"]
                .as_str()
                .unwrap_or_default()
                .contains("not started")),
            "service accounts after the signal were not started: {stdout}"
        );
        let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        // A re-run finishes the work.
        let (code, out, err) = env.run(&["--yes"]);
        assert!(code == 0 || code == 3, "re-run: {err}");
        assert_eq!(env.bed.associations("prod").len(), 3, "{out}");
    }
}

/// A rollback lands on the backup's cluster only: a kubeconfig whose context talks to another
/// API server is refused before anything is changed (it used to write prod's annotations onto
/// stage's service accounts).
/// `rollback --dry-run` prints the engine's plan (the same `changes` shape as every dry run) and
/// changes nothing; it needs no --yes.
#[test]
fn rollback_dry_run_prints_the_plan_and_changes_nothing() {
    let env = Env::new();
    let p = env.provider.clone();
    let original = vec![Env::irsa_statement(
        &p,
        &["system:serviceaccount:team-a:app"],
    )];
    let app = env.role("app", original.clone());
    env.sa("team-a", "app", Some(&app));
    env.pod("team-a", "app-1", "app", true, false);
    let (code, _, err) = env.run(&["--yes", "--remove-irsa"]);
    assert_eq!(code, 0, "{err}");
    let migrated_trust = env.bed.trust_policy("app").unwrap();
    let backup = env.backup();
    let kubeconfig = env.kube.kubeconfig.to_str().unwrap().to_string();
    let args = |format: &'static str| {
        vec![
            "migrate-irsa".to_string(),
            "rollback".into(),
            "--backup".into(),
            backup.clone(),
            "--kubeconfig".into(),
            kubeconfig.clone(),
            "--dry-run".into(),
            "-o".into(),
            format.into(),
        ]
    };
    let json_args = args("json");
    let (code, out, err) = env
        .bed
        .run(&json_args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["cluster"], "prod");
    let changes: Vec<(String, String, String)> = doc["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["action"].as_str().unwrap().to_string(),
                c["resource"].as_str().unwrap().to_string(),
                c["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("update", "trust-policy", "app"),
        ("update", "service-account", "team-a/app"),
        ("delete", "association", "prod/team-a/app"),
        ("update", "trust-policy", "app"),
    ];
    assert_eq!(
        changes,
        expected
            .iter()
            .map(|(a, r, i)| (a.to_string(), r.to_string(), i.to_string()))
            .collect::<Vec<_>>(),
        "IRSA back first, then the annotation, the association, the Pod Identity statement last"
    );
    let first = &doc["changes"][0];
    assert_eq!(first["before"], migrated_trust);
    assert_eq!(
        doc["changes"][3]["after"],
        json!({"Version": "2012-10-17", "Statement": original})
    );

    let table_args = args("table");
    let (code, out, err) = env
        .bed
        .run(&table_args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("ACTION") && out.contains("trust-policy"),
        "{out}"
    );
    assert!(
        out.contains("Plan: 0 to create, 3 to update, 1 to delete."),
        "{out}"
    );

    // Nothing changed.
    assert_eq!(env.bed.trust_policy("app").unwrap(), migrated_trust);
    assert_eq!(env.bed.associations("prod").len(), 1);
    assert!(
        env.annotations("team-a", "app")
            .get("eks.amazonaws.com/role-arn")
            .is_none()
    );
}

#[test]
fn rollback_refuses_another_clusters_kubeconfig() {
    let env = Env::new();
    let p = env.provider.clone();
    let app = env.role(
        "app",
        vec![Env::irsa_statement(
            &p,
            &["system:serviceaccount:team-a:app"],
        )],
    );
    env.sa("team-a", "app", Some(&app));
    env.pod("team-a", "app-1", "app", true, false);
    let (code, _, err) = env.run(&["--yes", "--remove-irsa"]);
    assert_eq!(code, 0, "{err}");
    let trust_after = env.bed.trust_policy("app").unwrap();

    // stage: another API server with a service account of the same name.
    let stage = KubeStandIn::start();
    stage.service_account("team-a", "app", json!({}));
    let (code, out, err) = env.bed.run(&[
        "migrate-irsa",
        "rollback",
        "--backup",
        &env.backup(),
        "--kubeconfig",
        stage.kubeconfig.to_str().unwrap(),
        "--yes",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    assert!(out.is_empty(), "{out}");
    assert_eq!(
        stage.get("/api/v1/namespaces/team-a/serviceaccounts/app")["metadata"]["annotations"],
        json!({}),
        "stage's service account is untouched"
    );
    assert_eq!(
        env.bed.associations("prod").len(),
        1,
        "the association is still there"
    );
    assert_eq!(env.bed.trust_policy("app").unwrap(), trust_after);

    // With prod's own kubeconfig it goes through.
    let (code, _, err) = env.bed.run(&[
        "migrate-irsa",
        "rollback",
        "--backup",
        &env.backup(),
        "--kubeconfig",
        env.kube.kubeconfig.to_str().unwrap(),
        "--yes",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(env.bed.associations("prod").is_empty());
}

/// Two migrate-irsa runs at once on clusters that share a role: IAM has no conditional write, and
/// each run used to write the trust policy from its own earlier read, so one cluster's Pod
/// Identity statement was lost (6 of 6 tries, both exiting 0). Each edit now reads fresh, writes
/// only its own change, reads back and retries; both statements must be there, every time.
#[test]
fn concurrent_runs_on_a_shared_role_lose_no_statement() {
    for round in 0..6 {
        let env = Env::new();
        let (stage_kube, stage_provider) = env.with_stage();
        let prod_provider = env.provider.clone();
        let shared = env.role(
            "shared",
            vec![
                Env::irsa_statement(&prod_provider, &["system:serviceaccount:team-a:app"]),
                Env::irsa_statement(&stage_provider, &["system:serviceaccount:team-b:api"]),
            ],
        );
        env.sa("team-a", "app", Some(&shared));
        env.pod("team-a", "app-1", "app", true, false);
        stage_kube.service_account(
            "team-b",
            "api",
            json!({"eks.amazonaws.com/role-arn": shared}),
        );
        let spawn = |cluster: &str, kubeconfig: &std::path::Path, backup: std::path::PathBuf| {
            env.bed
                .epi_std()
                .args([
                    "migrate-irsa",
                    "--cluster",
                    cluster,
                    "--yes",
                    "--kubeconfig",
                ])
                .arg(kubeconfig)
                .arg("--backup")
                .arg(backup)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let prod = spawn(
            "prod",
            &env.kube.kubeconfig,
            env.dir.path().join("prod.json"),
        );
        let stage = spawn(
            "stage",
            &stage_kube.kubeconfig,
            env.dir.path().join("stage.json"),
        );
        for child in [prod, stage] {
            let out = child.wait_with_output().unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let trust = env.bed.trust_policy("shared").unwrap();
        for (cluster, ns, sa) in [("prod", "team-a", "app"), ("stage", "team-b", "api")] {
            let request = epi::policy::trust::PodIdentityRequest {
                cluster_name: cluster,
                cluster_arn: &format!("arn:aws:eks:us-east-1:000000000000:cluster/{cluster}"),
                namespace: ns,
                service_account: sa,
                session_tags: true,
            };
            assert_eq!(
                epi::policy::trust::admits(&trust, &request),
                epi::policy::trust::Verdict::Admits,
                "round {round}: {ns}/{sa} of {cluster} lost its Pod Identity statement: {trust}"
            );
        }
    }
}

/// One backup, one run: a second run on the same backup while the first holds it is refused
/// (last writer wins otherwise, and a rollback then leaves associations behind).
#[test]
fn two_runs_on_one_backup_are_refused() {
    let env = Env::new();
    let p = env.provider.clone();
    for sa in ["a", "b"] {
        let arn = env.role(
            sa,
            vec![Env::irsa_statement(
                &p,
                &[&format!("system:serviceaccount:team:{sa}")],
            )],
        );
        env.sa("team", sa, Some(&arn));
        env.pod("team", &format!("{sa}-1"), sa, true, false);
    }
    let start = env.bed.control("GET", "/_epi/requests", Value::Null)["count"]
        .as_u64()
        .unwrap();
    env.bed
        .control("POST", "/_epi/hang", json!({"after": start + 8}));
    let first = env
        .bed
        .epi_std()
        .args([
            "migrate-irsa",
            "--cluster",
            "prod",
            "--yes",
            "--read-timeout",
            "2",
            "--kubeconfig",
        ])
        .arg(&env.kube.kubeconfig)
        .arg("--backup")
        .arg(env.backup())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while env.bed.control("GET", "/_epi/requests", Value::Null)["count"]
        .as_u64()
        .unwrap()
        <= start + 8
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the first run never got going"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    env.bed
        .control("POST", "/_epi/hang", json!({"after": null}));
    let (code, _, err) = env.run(&["--yes"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("in use by another epi run"), "{err}");
    let out = first.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Afterwards the backup is free again, and the lock file is gone.
    let (code, _, err) = env.run(&["--yes"]);
    assert_eq!(code, 0, "{err}");
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".lock"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A hand-edited backup that would apply a trust policy to a role the migration never touched is
/// refused before anything changes; an association whose create was journaled but whose id never
/// reached the backup is still found and removed by rollback.
#[test]
fn rollback_validates_the_backup_and_finds_journaled_creates() {
    let env = Env::new();
    let p = env.provider.clone();
    let app = env.role(
        "app",
        vec![Env::irsa_statement(
            &p,
            &["system:serviceaccount:team-a:app"],
        )],
    );
    env.sa("team-a", "app", Some(&app));
    env.pod("team-a", "app-1", "app", true, false);
    let victim_trust = json!([{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]);
    env.role("victim", victim_trust.as_array().unwrap().clone());
    let (code, _, err) = env.run(&["--yes"]);
    assert_eq!(code, 0, "{err}");
    let path = env.backup();
    let original: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();

    let mut edited = original.clone();
    edited["roles"]["victim"] = json!({"arn": "arn:aws:iam::000000000000:role/victim", "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}});
    std::fs::write(&path, serde_json::to_string(&edited).unwrap()).unwrap();
    let rollback = |env: &Env| {
        env.bed.run(&[
            "migrate-irsa",
            "rollback",
            "--backup",
            &env.backup(),
            "--kubeconfig",
            env.kube.kubeconfig.to_str().unwrap(),
            "--yes",
        ])
    };
    let (code, out, err) = rollback(&env);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("victim") && out.is_empty(), "{err}");
    assert_eq!(
        env.bed.trust_policy("victim").unwrap()["Statement"],
        victim_trust
    );
    assert_eq!(env.bed.associations("prod").len(), 1, "nothing was changed");

    // The create's intent is in the backup, its id is not (a kill in between).
    let mut journaled = original.clone();
    let entry = &mut journaled["serviceAccounts"]["team-a/app"];
    entry["createdAssociationId"] = Value::Null;
    entry["associationIntent"] = json!(true);
    std::fs::write(&path, serde_json::to_string(&journaled).unwrap()).unwrap();
    let (code, out, err) = rollback(&env);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("deleted (team-a/app)"), "{out}");
    assert!(env.bed.associations("prod").is_empty());
}

/// Migrate prod, then stage (same role), then roll back prod: the rollback takes out only what
/// prod's migration did. It used to write back the whole trust policy as it was before prod's
/// migration, wiping stage's Pod Identity statement and putting stage's IRSA statement back.
#[test]
fn rolling_back_one_cluster_keeps_the_other_clusters_migration() {
    let env = Env::new();
    let (stage_kube, stage_provider) = env.with_stage();
    let prod_provider = env.provider.clone();
    let prod_irsa = Env::irsa_statement(&prod_provider, &["system:serviceaccount:team-a:app"]);
    let stage_irsa = Env::irsa_statement(&stage_provider, &["system:serviceaccount:team-b:api"]);
    let shared = env.role("shared", vec![prod_irsa.clone(), stage_irsa.clone()]);
    env.sa("team-a", "app", Some(&shared));
    env.pod("team-a", "app-1", "app", true, false);
    stage_kube.service_account(
        "team-b",
        "api",
        json!({"eks.amazonaws.com/role-arn": shared}),
    );
    let (code, _, err) = env.run(&["--yes", "--remove-irsa"]);
    assert_eq!(code, 0, "prod: {err}");
    let stage_backup = env.dir.path().join("stage.json");
    let (code, _, err) = env.bed.run(&[
        "migrate-irsa",
        "--cluster",
        "stage",
        "--yes",
        "--remove-irsa",
        "--kubeconfig",
        stage_kube.kubeconfig.to_str().unwrap(),
        "--backup",
        stage_backup.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "stage: {err}");

    let (code, _, err) = env.bed.run(&[
        "migrate-irsa",
        "rollback",
        "--backup",
        &env.backup(),
        "--kubeconfig",
        env.kube.kubeconfig.to_str().unwrap(),
        "--yes",
    ]);
    assert_eq!(code, 0, "rollback of prod: {err}");
    let trust = env.bed.trust_policy("shared").unwrap();
    let statements = trust["Statement"].as_array().unwrap();
    let admits = |cluster: &str, ns: &str, sa: &str| {
        epi::policy::trust::admits(
            &trust,
            &epi::policy::trust::PodIdentityRequest {
                cluster_name: cluster,
                cluster_arn: &format!("arn:aws:eks:us-east-1:000000000000:cluster/{cluster}"),
                namespace: ns,
                service_account: sa,
                session_tags: true,
            },
        ) == epi::policy::trust::Verdict::Admits
    };
    assert!(
        admits("stage", "team-b", "api"),
        "stage keeps its Pod Identity statement: {trust}"
    );
    assert!(
        !admits("prod", "team-a", "app"),
        "prod's Pod Identity statement is gone: {trust}"
    );
    assert!(
        statements.contains(&prod_irsa),
        "prod's IRSA is back: {trust}"
    );
    assert!(
        !statements.contains(&stage_irsa),
        "stage's IRSA stays removed: {trust}"
    );
    assert_eq!(env.bed.associations("stage").len(), 1);
    assert!(env.bed.associations("prod").is_empty());
}

/// `epi apply` racing `migrate-irsa --yes --remove-irsa` on one role, the apply's trust write
/// landing 3 s late with the document it read before migrate-irsa added shop/cart's Pod Identity
/// statement (issue #20, case 6): shop/cart used to end with IRSA removed and no Pod Identity
/// statement, both runs exiting 0. migrate-irsa's end-of-run check after the settle delay finds
/// the statement gone and writes it again.
#[test]
fn apply_racing_migrate_leaves_the_migrated_service_account_its_statement() {
    let env = Env::new();
    let p = env.provider.clone();
    let cart = env.role(
        "cart",
        vec![Env::irsa_statement(
            &p,
            &["system:serviceaccount:shop:cart"],
        )],
    );
    env.sa("shop", "cart", Some(&cart));
    env.pod("shop", "cart-1", "cart", true, false);
    let file = env.dir.path().join("shop.yaml");
    std::fs::write(
        &file,
        "apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nroles: [{name: cart}]\nassociations:\n  - {namespace: shop, serviceAccount: other, role: cart}\n",
    )
    .unwrap();
    let proxy = common::proxy::Proxy::start(
        env.bed.port,
        &[
            "--hold-match",
            "UpdateAssumeRolePolicy",
            "--hold-ms",
            "3000",
        ],
    );
    let apply = env
        .bed
        .epi_std()
        .args(["apply", "-f", file.to_str().unwrap(), "--yes"])
        .env("AWS_ENDPOINT_URL", proxy.url())
        .env("EPI_SETTLE_DELAY", "8")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let backup = env.backup();
    let migrate = env
        .bed
        .epi_std()
        .args([
            "migrate-irsa",
            "--cluster",
            "prod",
            "--kubeconfig",
            env.kube.kubeconfig.to_str().unwrap(),
            "--backup",
            &backup,
            "--yes",
            "--remove-irsa",
        ])
        .env("EPI_SETTLE_DELAY", "8")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    for child in [apply, migrate] {
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{err}");
        // Each says what it waits for (#33 item 13: migrate-irsa waited in silence).
        assert!(
            err.contains(
                "waiting 8 s, then reading the 1 role(s) whose trust policy this run edited again"
            ),
            "{err}"
        );
    }
    let trust = env.bed.trust_policy("cart").unwrap();
    for sa in ["cart", "other"] {
        let request = epi::policy::trust::PodIdentityRequest {
            cluster_name: "prod",
            cluster_arn: &format!("arn:aws:eks:us-east-1:{ACCOUNT}:cluster/prod"),
            namespace: "shop",
            service_account: sa,
            session_tags: true,
        };
        assert_eq!(
            epi::policy::trust::admits(&trust, &request),
            epi::policy::trust::Verdict::Admits,
            "shop/{sa} has its Pod Identity statement: {trust}"
        );
    }
}

/// #23's reproduction: a service account whose association points at another role and whose pods
/// already run with Pod Identity. The dry run plans no restart, so the real run (same options,
/// --yes) restarts nothing either, and its report lists exactly the changes the dry run showed.
#[test]
fn the_run_carries_out_what_the_dry_run_showed_and_nothing_else() {
    let env = Env::new();
    let p = env.provider.clone();
    let app = env.role(
        "app",
        vec![Env::irsa_statement(
            &p,
            &["system:serviceaccount:team-a:app"],
        )],
    );
    let other = env
        .bed
        .create_role("other", &common::testbed::pod_identity_trust());
    env.sa("team-a", "app", Some(&app));
    env.pod("team-a", "app-1", "app", true, false);
    env.kube.create(
        "/apis/apps/v1/namespaces/team-a/deployments",
        json!({"metadata": {"name": "web"}, "spec": {"selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"serviceAccountName": "app", "containers": [{"name": "c", "image": "x"}]}}}}),
    );
    env.bed.create_association("prod", "team-a", "app", &other);
    let options = ["--force", "--restart-workloads", "-o", "json"];

    let (code, out, err) = env.run(&[&["--dry-run"], &options[..]].concat());
    assert_eq!(code, 3, "changes pending: {err}");
    let planned = row(&rows(&out), "team-a", "app")["changes"].clone();
    let kinds: Vec<&str> = planned
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["action"].as_str().unwrap())
        .collect();
    assert!(
        !kinds.contains(&"restart"),
        "every pod has Pod Identity: {kinds:?}"
    );

    let (code, out, err) = env.run(&[&["--yes"], &options[..]].concat());
    assert_eq!(code, 0, "{err}");
    let report = rows(&out);
    assert_eq!(
        row(&report, "team-a", "app")["changes"],
        planned,
        "the run reports the changes the dry run showed"
    );
    let web = env
        .kube
        .get("/apis/apps/v1/namespaces/team-a/deployments/web");
    assert!(
        web["spec"]["template"]["metadata"]
            .get("annotations")
            .and_then(|a| a.get("kubectl.kubernetes.io/restartedAt"))
            .is_none(),
        "no restart was planned, so none was made: {web}"
    );
    assert_eq!(
        env.bed.associations("prod")[0].role_arn(),
        Some(app.as_str())
    );
}

/// One decision per change (#23): with `--remove-irsa` (and `--restart-workloads`, which has
/// nothing to restart when every pod already has Pod Identity), the run carries out the changes
/// the dry run showed for every service account — two of them sharing one role, planned each on
/// the trust policy the one before leaves — and its rollback undoes what its dry run showed.
#[test]
fn remove_irsa_and_rollback_carry_out_what_their_dry_runs_showed() {
    let env = Env::new();
    let p = env.provider.clone();
    let shared = env.role(
        "shared",
        vec![Env::irsa_statement(
            &p,
            &[
                "system:serviceaccount:team-a:app",
                "system:serviceaccount:team-a:worker",
            ],
        )],
    );
    env.sa("team-a", "app", Some(&shared));
    env.sa("team-a", "worker", Some(&shared));
    env.pod("team-a", "app-1", "app", true, false);
    env.pod("team-a", "worker-1", "worker", true, false);
    let options = ["--remove-irsa", "--restart-workloads", "-o", "json"];

    let (code, out, err) = env.run(&[&["--dry-run"], &options[..]].concat());
    assert_eq!(code, 3, "changes pending: {err}");
    let planned = rows(&out);
    for sa in ["app", "worker"] {
        let kinds: Vec<&str> = row(&planned, "team-a", sa)["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["action"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            ["update", "create", "remove-irsa"],
            "{sa}: trust, association, IRSA removal; no restart (every pod has Pod Identity)"
        );
    }

    let (code, out, err) = env.run(&[&["--yes"], &options[..]].concat());
    assert_eq!(code, 0, "{err}");
    let made = rows(&out);
    for sa in ["app", "worker"] {
        assert_eq!(
            row(&made, "team-a", sa)["changes"],
            row(&planned, "team-a", sa)["changes"],
            "{sa}: the run made the changes the dry run showed"
        );
        assert!(
            env.annotations("team-a", sa)
                .get("eks.amazonaws.com/role-arn")
                .is_none()
        );
    }
    // The trust the plan expected after the last step is the trust the role has.
    let last = row(&planned, "team-a", "worker")["changes"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()["after"]
        .clone();
    assert_eq!(env.bed.trust_policy("shared").unwrap(), last);
    assert_eq!(env.bed.associations("prod").len(), 2);

    // The rollback: what its dry run lists is what it does.
    let rollback = |extra: &[&str]| {
        let backup = env.backup();
        let mut args = vec![
            "migrate-irsa",
            "rollback",
            "--backup",
            &backup,
            "--kubeconfig",
            env.kube.kubeconfig.to_str().unwrap(),
            "-o",
            "json",
        ];
        args.extend(extra);
        env.bed.run(&args)
    };
    let (code, out, err) = rollback(&["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    let planned: Vec<(String, String)> = json(&out)["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let resource = c["resource"].as_str().unwrap();
            let id = c["id"].as_str().unwrap();
            match resource {
                "trust-policy" => ("role".to_string(), id.to_string()),
                "service-account" => ("serviceaccount".to_string(), id.to_string()),
                "association" => (
                    "association".to_string(),
                    id.split_once('/').unwrap().1.to_string(),
                ),
                other => panic!("unexpected change {other} in {out}"),
            }
        })
        .collect();
    assert_eq!(
        env.bed.associations("prod").len(),
        2,
        "a dry run changes nothing"
    );
    let (code, out, err) = rollback(&["--yes"]);
    assert_eq!(code, 0, "{err}");
    let done: Vec<(String, String)> = json(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let kind = r["kind"].as_str().unwrap().to_string();
            let name = match kind.as_str() {
                // `deleted (NS/SA)`: the service account names the association.
                "association" => r["action"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("deleted (")
                    .trim_end_matches(')')
                    .to_string(),
                _ => r["name"].as_str().unwrap().to_string(),
            };
            (kind, name)
        })
        .collect();
    assert_eq!(done, planned, "the rollback did what its dry run showed");
    assert!(env.bed.associations("prod").is_empty());
    assert!(
        env.annotations("team-a", "app")
            .get("eks.amazonaws.com/role-arn")
            .is_some()
    );
}
