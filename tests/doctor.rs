//! `epi doctor` against the AWS test bed and the Kubernetes API stand-in: one healthy cluster
//! where every check passes, then one broken set-up per check, each of which must flag exactly
//! that check (with the right hint) and nothing else.

mod common;
use common::json;
use common::kube::KubeStandIn;
use common::proxy::Proxy;
use common::testbed::{ACCOUNT, TestBed, assume_only_trust, pod_identity_trust};
use serde_json::{Value, json};

const AGENT: &str = "eks-pod-identity-agent";
const NEWEST: &str = "v1.3.10-eksbuild.1";
const NODE_POLICY: &str = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy";
const ABAC: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"ReadOwnPrefix","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::team-data/${aws:PrincipalTag/kubernetes-namespace}/*"}]}"#;

/// The healthy cluster's node, when its agent became Ready, and when its workload started.
const NODE: &str = "ip-10-0-0-1";
const AGENT_READY: &str = "2026-01-01T00:00:30Z";
const WORKLOAD_START: &str = "2026-01-01T00:05:00Z";

struct Env {
    bed: TestBed,
    kube: KubeStandIn,
    association: String,
}

fn version(v: &str, default: bool) -> Value {
    let compat: Vec<Value> = ["1.27", "1.28", "1.29", "1.30", "1.31"]
        .iter()
        .map(|k| json!({"clusterVersion": k, "platformVersions": ["*"], "defaultVersion": default}))
        .collect();
    json!({"addonVersion": v, "architecture": ["amd64", "arm64"], "compatibilities": compat})
}

impl Env {
    /// A healthy cluster: agent add-on at the newest version and ready on every node, a node role
    /// with AmazonEKSWorkerNodePolicy, and one association team-a/app whose role trusts Pod
    /// Identity, with an ABAC policy, a service account without IRSA and a pod that has
    /// Pod Identity credentials.
    fn healthy() -> Env {
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
            json!({AGENT: [version(NEWEST, false), version("v1.3.4-eksbuild.1", true)]}),
        );
        bed.block_on(
            bed.eks()
                .create_addon()
                .cluster_name("prod")
                .addon_name(AGENT)
                .addon_version(NEWEST)
                .send(),
        )
        .unwrap();
        let node_role = bed.create_role(
            "node-role",
            &json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}),
        );
        bed.block_on(
            bed.iam()
                .attach_role_policy()
                .role_name("node-role")
                .policy_arn(NODE_POLICY)
                .send(),
        )
        .unwrap();
        bed.block_on(
            bed.eks()
                .create_nodegroup()
                .cluster_name("prod")
                .nodegroup_name("ng-1")
                .node_role(node_role)
                .subnets(common::testbed::DEFAULT_SUBNET)
                .ami_type(aws_sdk_eks::types::AmiTypes::Al2023X8664Standard)
                .send(),
        )
        .unwrap();
        let role = bed.create_role("app-role", &pod_identity_trust());
        bed.block_on(
            bed.iam()
                .put_role_policy()
                .role_name("app-role")
                .policy_name("s3-abac")
                .policy_document(ABAC)
                .send(),
        )
        .unwrap();
        let association = bed.create_association("prod", "team-a", "app", &role);

        let kube = KubeStandIn::start();
        kube.create(
            "/apis/apps/v1/namespaces/kube-system/daemonsets",
            json!({"metadata": {"name": AGENT},
                   "spec": {"selector": {"matchLabels": {"app.kubernetes.io/name": AGENT}}, "template": {"metadata": {"labels": {"app.kubernetes.io/name": AGENT}}}},
                   "status": {"desiredNumberScheduled": 2, "currentNumberScheduled": 2, "numberMisscheduled": 0, "numberReady": 2, "numberAvailable": 2}}),
        );
        kube.create(
            "/api/v1/nodes",
            json!({"metadata": {"name": NODE, "labels": {"kubernetes.io/os": "linux"}},
                   "status": {"addresses": [{"type": "InternalIP", "address": "10.0.0.1"}]}}),
        );
        kube.service_account("team-a", "app", json!({}));
        let env = Env {
            bed,
            kube,
            association,
        };
        env.agent_pod(NODE, AGENT, AGENT_READY, json!({"name": "agent", "ready": true, "restartCount": 0, "image": "x", "imageID": "", "state": {"running": {}}}));
        env.pod("web-5d8f7c9b4-abcde", true, None);
        env
    }

    /// An agent pod of DaemonSet `daemon_set` on `node`, Ready since `ready`, with this container
    /// status (the kubelet's report).
    fn agent_pod(&self, node: &str, daemon_set: &str, ready: &str, status: Value) {
        self.kube.create(
            "/api/v1/namespaces/kube-system/pods",
            json!({"metadata": {"name": format!("{daemon_set}-{node}"),
                     "labels": {"app.kubernetes.io/name": AGENT},
                     "ownerReferences": [{"apiVersion": "apps/v1", "kind": "DaemonSet", "name": daemon_set, "uid": "d1", "controller": true}]},
                   "spec": {"nodeName": node, "hostNetwork": true,
                     "containers": [{"name": "agent", "image": "x", "args": ["server", "--port", "80"]}]},
                   "status": {"phase": "Running", "startTime": ready,
                     "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": ready}],
                     "containerStatuses": [status]}}),
        );
    }

    /// A pod of team-a/app, owned by ReplicaSet web-5d8f7c9b4 of Deployment web.
    fn pod(&self, name: &str, pod_identity: bool, created: Option<&str>) {
        let env = if pod_identity {
            json!([{"name": "AWS_CONTAINER_CREDENTIALS_FULL_URI", "value": "http://169.254.170.23/v1/credentials"}])
        } else {
            json!([])
        };
        let mut metadata = json!({"name": name,
            "labels": {"app": "web", "pod-template-hash": "5d8f7c9b4"},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-5d8f7c9b4", "uid": "u1", "controller": true}]});
        if let Some(t) = created {
            metadata["creationTimestamp"] = json!(t);
        }
        self.kube.create(
            "/api/v1/namespaces/team-a/pods",
            json!({"metadata": metadata,
                   "spec": {"serviceAccountName": "app", "nodeName": NODE, "containers": [{"name": "c", "image": "x", "env": env}]},
                   "status": {"phase": "Running", "startTime": WORKLOAD_START}}),
        );
    }

    /// README's scenario: the healthy cluster with a role trust that lacks `sts:TagSession`
    /// and an IRSA annotation left on the service account.
    fn trust_and_irsa_broken() -> Env {
        let env = Env::healthy();
        env.bed
            .block_on(
                env.bed
                    .iam()
                    .update_assume_role_policy()
                    .role_name("app-role")
                    .policy_document(assume_only_trust().to_string())
                    .send(),
            )
            .unwrap();
        env.kube.patch(
            "/api/v1/namespaces/team-a/serviceaccounts/app",
            json!({"metadata": {"annotations": {"eks.amazonaws.com/role-arn": format!("arn:aws:iam::{ACCOUNT}:role/old")}}}),
        );
        env
    }

    fn doctor(&self, extra: &[&str]) -> (i32, Value) {
        let mut args = vec![
            "doctor",
            "--cluster",
            "prod",
            "--kubeconfig",
            self.kube.kubeconfig.to_str().unwrap(),
            "--output",
            "json",
        ];
        args.extend(extra);
        let (code, out, err) = self.bed.run(&args);
        assert!(
            !out.is_empty(),
            "doctor printed no report (exit {code}): {err}"
        );
        (code, json(&out))
    }
}

/// (check, subject, status) of every check that did not pass.
fn flagged(report: &Value) -> Vec<(String, String, String)> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] != "pass")
        .map(|c| {
            (
                c["check"].as_str().unwrap().to_string(),
                c["subject"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn check<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == id)
        .unwrap_or_else(|| panic!("no check {id}: {report:#}"))
}

/// Asserts that exactly one check is flagged, with this status, and returns it.
fn only_flagged<'a>(report: &'a Value, id: &str, status: &str) -> &'a Value {
    let flagged = flagged(report);
    assert_eq!(
        flagged
            .iter()
            .map(|(c, _, s)| (c.as_str(), s.as_str()))
            .collect::<Vec<_>>(),
        vec![(id, status)],
        "{report:#}"
    );
    check(report, id)
}

fn hint(check: &Value) -> &str {
    check["hint"].as_str().unwrap_or_default()
}

#[test]
fn healthy_cluster_passes_every_check() {
    let env = Env::healthy();
    let (code, report) = env.doctor(&["--strict"]);
    assert_eq!(flagged(&report), vec![], "{report:#}");
    assert_eq!(code, 0);
    assert_eq!(report["ok"], true);
    assert_eq!(report["cluster"], "prod");
    let ids: Vec<&str> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["check"].as_str().unwrap())
        .collect();
    for id in [
        "cluster-status",
        "cluster-version",
        "auto-mode",
        "fargate",
        "windows-nodes",
        "agent-addon",
        "agent-status",
        "agent-health",
        "agent-version",
        "agent-daemonset",
        "node-role",
        "association-quota",
        "role",
        "trust",
        "session-tags",
        "policy-lint",
        "service-account",
        "irsa-annotation",
        "pods",
    ] {
        assert!(ids.contains(&id), "no {id} in {ids:?}");
    }
    assert_eq!(report["summary"]["fail"], 0);
    // The readable checklist says the same.
    let (code, text, _) = env.bed.run(&[
        "doctor",
        "--cluster",
        "prod",
        "--kubeconfig",
        env.kube.kubeconfig.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(
        text.contains("Cluster\n") && text.contains("Agent\n") && text.contains("  team-a/app\n"),
        "{text}"
    );
    assert!(!text.contains("FAIL") && !text.contains("WARN"), "{text}");
}

#[test]
fn doctor_is_read_only() {
    let env = Env::healthy();
    let before = env.bed.calls().len();
    let kube_before = env.kube.requests().len();
    let trust = env.bed.trust_policy("app-role");
    env.doctor(&[]);
    let calls = env.bed.calls();
    assert!(calls.len() > before);
    for c in &calls[before..] {
        assert_eq!(c["method"], "GET", "doctor changed something: {c}");
    }
    let requests = env.kube.requests();
    assert!(requests.len() > kube_before);
    for r in &requests[kube_before..] {
        assert_eq!(r["method"], "GET", "doctor changed something: {r}");
    }
    assert_eq!(env.bed.trust_policy("app-role"), trust);
}

#[test]
fn missing_role() {
    let env = Env::healthy();
    let iam = env.bed.iam();
    env.bed
        .block_on(
            iam.delete_role_policy()
                .role_name("app-role")
                .policy_name("s3-abac")
                .send(),
        )
        .unwrap();
    env.bed
        .block_on(iam.delete_role().role_name("app-role").send())
        .unwrap();
    let (code, report) = env.doctor(&[]);
    assert_eq!(code, 1);
    let c = only_flagged(&report, "role", "fail");
    assert_eq!(c["subject"], "team-a/app");
    assert!(
        c["message"].as_str().unwrap().contains("does not exist"),
        "{c}"
    );
    assert!(
        hint(c).contains("--fix-trust") && hint(c).contains(&env.association),
        "{c}"
    );
}

#[test]
fn trust_without_tag_session() {
    let env = Env::healthy();
    env.bed
        .block_on(
            env.bed
                .iam()
                .update_assume_role_policy()
                .role_name("app-role")
                .policy_document(assume_only_trust().to_string())
                .send(),
        )
        .unwrap();
    let (code, report) = env.doctor(&[]);
    assert_eq!(code, 1);
    let c = only_flagged(&report, "trust", "fail");
    assert!(
        c["message"].as_str().unwrap().contains("sts:TagSession"),
        "{c}"
    );
    assert!(
        hint(c).contains(&format!(
            "--id {} --role-arn arn:aws:iam::{ACCOUNT}:role/app-role --fix-trust",
            env.association
        )),
        "{c}"
    );
    // The hint is a command that fixes it.
    let fix: Vec<&str> = hint(c).split_whitespace().skip(1).collect();
    let (code, _, err) = env.bed.run(&fix);
    assert_eq!(code, 0, "{err}");
    // Fixed; the old statement (AssumeRole with no condition) stays beside the scoped one, and
    // lets any association of the account with session tags off use the role: a warning (#32).
    let (code, report) = env.doctor(&[]);
    assert_eq!(code, 0, "{report:#}");
    only_flagged(&report, "unscoped-trust", "warn");
}

/// #32 item 5: a statement with no condition next to the scoped one (what `--fix-trust
/// --allow-unscoped-trust` leaves once session tags are back on) lets any association of the
/// account use the role; doctor warns, and not for a trust of the unscoped default alone.
#[test]
fn unscoped_statement_beside_scoped_ones_is_flagged() {
    let env = Env::healthy();
    let trust = serde_json::json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "AllowEksAuthToAssumeRoleForPodIdentity", "Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"],
         "Condition": {"StringEquals": {"aws:RequestTag/kubernetes-namespace": "team-a", "aws:RequestTag/kubernetes-service-account": "app"}}},
        {"Sid": "Leftover", "Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
    env.bed
        .block_on(
            env.bed
                .iam()
                .update_assume_role_policy()
                .role_name("app-role")
                .policy_document(trust.to_string())
                .send(),
        )
        .unwrap();
    let (code, report) = env.doctor(&[]);
    assert_eq!(code, 0, "a warning: {report:#}");
    let c = only_flagged(&report, "unscoped-trust", "warn");
    assert_eq!(c["subject"], "app-role", "{c}");
    assert!(
        c["message"]
            .as_str()
            .unwrap()
            .contains("any association of the account"),
        "{c}"
    );
    assert!(c.to_string().contains("statement Sid Leftover"), "{c}");
    let (code, _) = env.doctor(&["--strict"]);
    assert_eq!(code, 1);
}

#[test]
fn irsa_annotation_left_behind() {
    let env = Env::healthy();
    env.kube.patch(
        "/api/v1/namespaces/team-a/serviceaccounts/app",
        json!({"metadata": {"annotations": {"eks.amazonaws.com/role-arn": "arn:aws:iam::000000000000:role/old"}}}),
    );
    let (code, report) = env.doctor(&[]);
    assert_eq!(code, 0, "a warning alone does not fail");
    let c = only_flagged(&report, "irsa-annotation", "warn");
    assert!(c["message"].as_str().unwrap().contains("IRSA first"), "{c}");
    assert!(hint(c).contains("--remove-irsa"), "{c}");
    let (code, report) = env.doctor(&["--strict"]);
    assert_eq!(code, 1, "--strict fails on warnings");
    assert_eq!(report["ok"], false);
}

#[test]
fn pod_predating_the_association() {
    let env = Env::healthy();
    env.pod("web-5d8f7c9b4-old01", false, Some("2020-01-01T00:00:00Z"));
    let (_, report) = env.doctor(&[]);
    let c = only_flagged(&report, "pods", "warn");
    assert!(
        c["message"].as_str().unwrap().contains("Deployment/web"),
        "{c}"
    );
    assert!(
        c["evidence"]
            .to_string()
            .contains("web-5d8f7c9b4-old01 started before the association"),
        "{c}"
    );
    assert_eq!(hint(c), "kubectl -n team-a rollout restart deployment/web");
}

#[test]
fn a_pod_the_webhook_missed_runs_as_the_node_role() {
    let env = Env::healthy();
    // Started after the association (now), without Pod Identity's variables.
    env.pod("web-5d8f7c9b4-new01", false, None);
    let (code, report) = env.doctor(&[]);
    assert_eq!(code, 1, "a failed check fails doctor");
    let c = only_flagged(&report, "missed-injection", "fail");
    assert!(c["message"].as_str().unwrap().contains("node role"), "{c}");
    assert!(
        c["evidence"].to_string().contains("web-5d8f7c9b4-new01"),
        "{c}"
    );
    assert!(
        hint(c).contains("kubectl -n team-a rollout restart deployment/web"),
        "{c}"
    );

    // A pod with IRSA's variables is not one of them: it has credentials of its own.
    let env = Env::healthy();
    env.kube.create(
        "/api/v1/namespaces/team-a/pods",
        json!({"metadata": {"name": "irsa-pod"},
               "spec": {"serviceAccountName": "app", "containers": [{"name": "c", "image": "x",
                 "env": [{"name": "AWS_ROLE_ARN", "value": "arn:aws:iam::000000000000:role/old"},
                         {"name": "AWS_WEB_IDENTITY_TOKEN_FILE", "value": "/var/run/secrets/eks.amazonaws.com/serviceaccount/token"}]}]}}),
    );
    let (code, report) = env.doctor(&[]);
    assert_eq!(code, 0, "{report:#}");
    assert!(flagged(&report).is_empty(), "{report:#}");
}

#[test]
fn agent_absent() {
    let env = Env::healthy();
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
    env.kube.delete(&format!(
        "/apis/apps/v1/namespaces/kube-system/daemonsets/{AGENT}"
    ));
    let (code, report) = env.doctor(&[]);
    assert_eq!(code, 1);
    let c = only_flagged(&report, "agent-addon", "fail");
    assert!(
        hint(c).starts_with("epi addon install --cluster prod"),
        "{c}"
    );
}

#[test]
fn agent_not_ready_on_every_node() {
    let env = Env::healthy();
    env.kube.patch(
        &format!("/apis/apps/v1/namespaces/kube-system/daemonsets/{AGENT}"),
        json!({"status": {"numberReady": 1, "numberUnavailable": 1}}),
    );
    let (code, report) = env.doctor(&[]);
    assert_eq!(code, 1);
    let c = only_flagged(&report, "agent-daemonset", "fail");
    assert!(c["message"].as_str().unwrap().contains("1 of 2"), "{c}");
    assert!(
        hint(c).contains("describe daemonset eks-pod-identity-agent"),
        "{c}"
    );
}

#[test]
fn agent_degraded_with_old_version() {
    let env = Env::healthy();
    env.bed.control(
        "POST",
        &format!("/_epi/addons/prod/{AGENT}"),
        json!({"states": [{"status": "DEGRADED", "addonVersion": "v1.3.4-eksbuild.1", "health": {"issues": [{"code": "InsufficientNumberOfReplicas", "message": "not enough replicas", "resourceIds": ["ip-10-0-0-1"]}]}}]}),
    );
    let (code, report) = env.doctor(&[]);
    assert_eq!(code, 1);
    let mut flagged = flagged(&report);
    flagged.sort();
    assert_eq!(
        flagged
            .iter()
            .map(|(c, _, s)| (c.as_str(), s.as_str()))
            .collect::<Vec<_>>(),
        vec![
            ("agent-health", "fail"),
            ("agent-status", "fail"),
            ("agent-version", "warn")
        ],
        "{report:#}"
    );
    assert!(
        check(&report, "agent-health")["evidence"]
            .to_string()
            .contains("InsufficientNumberOfReplicas")
    );
    assert!(hint(check(&report, "agent-version")).ends_with(&format!("--version {NEWEST}")));
}

#[test]
fn node_role_without_the_agent_permission() {
    let env = Env::healthy();
    env.bed
        .block_on(
            env.bed
                .iam()
                .detach_role_policy()
                .role_name("node-role")
                .policy_arn(NODE_POLICY)
                .send(),
        )
        .unwrap();
    let (code, report) = env.doctor(&[]);
    assert_eq!(code, 1);
    let c = only_flagged(&report, "node-role", "fail");
    assert!(
        c["message"]
            .as_str()
            .unwrap()
            .contains("eks-auth:AssumeRoleForPodIdentity"),
        "{c}"
    );
    assert!(
        hint(c).contains("attach-role-policy --role-name node-role"),
        "{c}"
    );
}

#[test]
fn fargate_profile() {
    let env = Env::healthy();
    env.bed.control(
        "POST",
        "/_epi/fargate/prod",
        json!({"profiles": ["fp-default"]}),
    );
    let (code, report) = env.doctor(&[]);
    assert_eq!(code, 0);
    let c = only_flagged(&report, "fargate", "warn");
    assert!(c["evidence"].to_string().contains("fp-default"), "{c}");
}

#[test]
fn windows_nodes() {
    let env = Env::healthy();
    env.kube.create(
        "/api/v1/nodes",
        json!({"metadata": {"name": "win-1", "labels": {"kubernetes.io/os": "windows"}}}),
    );
    let (_, report) = env.doctor(&[]);
    let c = only_flagged(&report, "windows-nodes", "warn");
    assert!(c["evidence"].to_string().contains("node win-1"), "{c}");
}

#[test]
fn policy_with_a_misspelled_session_tag() {
    let env = Env::healthy();
    env.bed
        .block_on(
            env.bed
                .iam()
                .put_role_policy()
                .role_name("app-role")
                .policy_name("s3-abac")
                .policy_document(ABAC.replace("kubernetes-namespace", "kubernetes-namespce"))
                .send(),
        )
        .unwrap();
    let (code, report) = env.doctor(&[]);
    assert_eq!(code, 1);
    let c = only_flagged(&report, "policy-lint", "fail");
    let evidence = c["evidence"].to_string();
    assert!(
        evidence.contains("inline:s3-abac") && evidence.contains("kubernetes-namespce"),
        "{c}"
    );
    assert!(hint(c).contains("kubernetes-namespace"), "{c}");
}

#[test]
fn session_tags_disabled_while_policies_use_them() {
    let env = Env::healthy();
    env.bed
        .block_on(
            env.bed
                .eks()
                .update_pod_identity_association()
                .cluster_name("prod")
                .association_id(&env.association)
                .disable_session_tags(true)
                .send(),
        )
        .unwrap();
    let (code, report) = env.doctor(&[]);
    assert_eq!(code, 1);
    let c = only_flagged(&report, "session-tags", "fail");
    assert!(
        c["evidence"]
            .to_string()
            .contains("inline:s3-abac uses kubernetes-namespace"),
        "{c}"
    );
    assert!(hint(c).contains("--enable-session-tags"), "{c}");
    let fix: Vec<&str> = hint(c)
        .split(',')
        .next()
        .unwrap()
        .split_whitespace()
        .skip(1)
        .collect();
    let (code, _, err) = env.bed.run(&fix);
    assert_eq!(code, 0, "{err}");
    let (code, report) = env.doctor(&["--strict"]);
    assert_eq!((code, flagged(&report)), (0, vec![]), "{report:#}");
}

#[test]
fn target_role_that_does_not_trust_the_association_role() {
    let env = Env::healthy();
    let target = env.bed.create_role(
        "target",
        &json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:role/someone-else"},"Action":["sts:AssumeRole","sts:TagSession"]}]}),
    );
    env.bed
        .block_on(
            env.bed
                .iam()
                .put_role_policy()
                .role_name("app-role")
                .policy_name("assume-target")
                .policy_document(json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":target}]}).to_string())
                .send(),
        )
        .unwrap();
    env.bed.control(
        "POST",
        &format!("/_epi/associations/prod/{}", env.association),
        json!({"targetRoleArn": target}),
    );
    let (code, report) = env.doctor(&[]);
    assert_eq!(code, 1);
    let c = only_flagged(&report, "target-role", "fail");
    assert!(hint(c).contains("epi policy trust --target-role --source-role-arn arn:aws:iam::000000000000:role/app-role"), "{c}");
    assert_eq!(check(&report, "target-permission")["status"], "pass");

    // Without the permission to assume it, that is flagged too.
    env.bed
        .block_on(
            env.bed
                .iam()
                .delete_role_policy()
                .role_name("app-role")
                .policy_name("assume-target")
                .send(),
        )
        .unwrap();
    let (_, report) = env.doctor(&[]);
    let c = check(&report, "target-permission");
    assert_eq!(c["status"], "fail", "{c}");
    assert!(
        hint(c).contains("put-role-policy --role-name app-role"),
        "{c}"
    );
}

#[test]
fn cluster_too_old_for_pod_identity() {
    let env = Env::healthy();
    env.bed.control(
        "POST",
        "/_epi/clusters/prod",
        json!({"version": "1.27", "platformVersion": "eks.3"}),
    );
    let (code, report) = env.doctor(&[]);
    assert_eq!(code, 1);
    let c = only_flagged(&report, "cluster-version", "fail");
    assert!(c["message"].as_str().unwrap().contains("eks.8"), "{c}");
}

#[test]
fn missing_service_account_and_addon_owned_association() {
    let env = Env::healthy();
    env.kube
        .delete("/api/v1/namespaces/team-a/serviceaccounts/app");
    env.bed.control(
        "POST",
        &format!("/_epi/associations/prod/{}", env.association),
        json!({"ownerArn": "arn:aws:eks:us-east-1:000000000000:addon/prod/aws-ebs-csi-driver/abcd"}),
    );
    let (code, report) = env.doctor(&[]);
    assert_eq!(code, 0);
    let c = only_flagged(&report, "service-account", "warn");
    assert_eq!(hint(c), "kubectl create serviceaccount -n team-a app");
    let owned = check(&report, "addon-owned");
    assert!(
        owned["message"]
            .as_str()
            .unwrap()
            .contains("aws-ebs-csi-driver"),
        "{owned}"
    );
}

#[test]
fn checks_that_cannot_run_say_what_was_lacking() {
    let env = Env::healthy();
    env.bed.control(
        "POST",
        "/_epi/faults",
        json!({"rate": 1.0, "status": 403, "code": "AccessDeniedException", "operations": ["GET /clusters/*/fargate-profiles*"]}),
    );
    let (code, report) = env.doctor(&["--no-kube"]);
    assert_eq!(code, 0, "skips alone do not fail");
    let fargate = check(&report, "fargate");
    assert_eq!(fargate["status"], "skip");
    assert!(
        fargate["message"]
            .as_str()
            .unwrap()
            .contains("eks:ListFargateProfiles"),
        "{fargate}"
    );
    for id in ["windows-nodes", "agent-daemonset", "service-account"] {
        let c = check(&report, id);
        assert_eq!(c["status"], "skip", "{c}");
        assert!(c["message"].as_str().unwrap().contains("--no-kube"), "{c}");
    }
    let (code, _) = env.doctor(&["--no-kube", "--strict"]);
    assert_eq!(code, 1);
}

#[test]
fn namespace_filter_and_bad_input() {
    let env = Env::healthy();
    let (_, report) = env.doctor(&["--namespace", "other"]);
    assert!(
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["subject"] != "team-a/app"),
        "{report:#}"
    );
    let calls = env.bed.calls().len();
    let (code, _, err) = env.bed.run(&["doctor", "--cluster", "bad_name!"]);
    assert_eq!(code, 2);
    assert!(err.contains("bad_name!"), "{err}");
    let (code, _, err) = env
        .bed
        .run(&["doctor", "--cluster", "prod", "--namespace", "Team_A"]);
    assert_eq!(code, 2);
    assert!(err.contains("Team_A"), "{err}");
    assert_eq!(env.bed.calls().len(), calls, "bad input made no AWS call");
}

#[test]
fn a_managed_policy_shared_by_many_roles_is_read_once() {
    let env = Env::healthy();
    let iam = env.bed.iam();
    let policy = env
        .bed
        .block_on(
            iam.create_policy()
                .policy_name("shared-abac")
                .policy_document(ABAC)
                .send(),
        )
        .unwrap()
        .policy()
        .unwrap()
        .arn()
        .unwrap()
        .to_string();
    for sa in ["app", "b", "c"] {
        let role = if sa == "app" {
            "app-role".to_string()
        } else {
            let role = format!("{sa}-role");
            let arn = env.bed.create_role(&role, &pod_identity_trust());
            env.bed.create_association("prod", "team-a", sa, &arn);
            env.kube.service_account("team-a", sa, json!({}));
            role
        };
        env.bed
            .block_on(
                iam.attach_role_policy()
                    .role_name(&role)
                    .policy_arn(&policy)
                    .send(),
            )
            .unwrap();
    }
    let proxy = Proxy::start(env.bed.port, &[]);
    let out = env
        .bed
        .epi()
        .env("AWS_ENDPOINT_URL", proxy.url())
        .args(["doctor", "--cluster", "prod", "--kubeconfig"])
        .arg(&env.kube.kubeconfig)
        .args(["-o", "json"])
        .output()
        .unwrap();
    let report = json(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(flagged(&report), vec![], "{report:#}");
    let log = proxy.log();
    let reads = |action: &str| log.iter().filter(|l| l.ends_with(action)).count();
    // Three roles attach it; the node role's AWS-managed policy is the other one.
    assert_eq!(reads(" GetPolicy"), 2, "{log:#?}");
    assert_eq!(reads(" GetPolicyVersion"), reads(" GetPolicy"), "{log:#?}");
    assert_eq!(reads(" GetRole"), 3, "each role once: {log:#?}");
}

/// README's sample report is what epi prints for its scenario (a role whose trust lacks
/// `sts:TagSession`, an IRSA annotation left behind, a pod that started before its association),
/// so README cannot drift from epi.
#[test]
fn readme_sample_report_is_what_epi_prints() {
    let env = Env::trust_and_irsa_broken();
    env.pod("web-5d8f7c9b4-old01", false, Some("2020-01-01T00:00:00Z"));
    // As a terminal of 80 columns shows it (#33 item 1).
    let output = env
        .bed
        .epi()
        .env("COLUMNS", "80")
        .args(["doctor", "--cluster", "prod", "--kubeconfig"])
        .arg(&env.kube.kubeconfig)
        .output()
        .unwrap();
    let (code, out, err) = (
        output.status.code().unwrap_or(-1),
        common::stdout_of(&output),
        common::stderr_of(&output),
    );
    assert_eq!(code, 1, "{err}");
    let printed: Vec<String> = format!("$ epi doctor --cluster prod\n{out}")
        .replace(&env.association, "a-81fa43c26dbd4400")
        .lines()
        .map(|l| l.trim_end().to_string())
        .collect();
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("$ epi doctor --cluster prod\n")
        .expect("README's sample");
    let block = &readme[start..];
    let block = &block[..block.find("```").unwrap()];
    let documented: Vec<String> = block.lines().map(|l| l.trim_end().to_string()).collect();
    assert_eq!(
        printed,
        documented,
        "README's doctor sample differs from what epi prints:\n{}",
        printed.join("\n")
    );
}

/// The CI formats (#24): JUnit with a case per check (a failed check fails its case; a warning
/// only under --strict), SARIF with each finding at its cluster/subject, GitHub annotations.
#[test]
fn ci_formats_report_every_check() {
    let env = Env::healthy();
    env.bed
        .block_on(
            env.bed
                .iam()
                .update_assume_role_policy()
                .role_name("app-role")
                .policy_document(assume_only_trust().to_string())
                .send(),
        )
        .unwrap();
    let run = |format: &str, extra: &[&str]| {
        let mut args = vec![
            "doctor",
            "--cluster",
            "prod",
            "--kubeconfig",
            env.kube.kubeconfig.to_str().unwrap(),
            "--output",
            format,
        ];
        args.extend(extra);
        env.bed.run(&args)
    };
    let (_, report) = env.doctor(&[]);
    let checks = report["checks"].as_array().unwrap().len();

    let (code, xml, _) = run("junit", &[]);
    assert_eq!(code, 1, "exit codes are the same in every format");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), checks, "{xml}");
    let failed: Vec<&str> = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .map(|c| c.attribute("name").unwrap())
        .collect();
    assert_eq!(failed, vec!["trust team-a/app"], "{xml}");
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("name"), Some("doctor prod (us-east-1)"));
    assert_eq!(suite.attribute("failures"), Some("1"));

    let (code, sarif, _) = run("sarif", &[]);
    assert_eq!(code, 1);
    common::assert_valid_sarif(&sarif);
    let log = json(&sarif);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{sarif}");
    assert_eq!(results[0]["ruleId"], "trust");
    assert_eq!(results[0]["level"], "error");
    assert_eq!(
        results[0]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "prod/team-a/app"
    );

    let (_, annotations, _) = run("github", &[]);
    let lines: Vec<&str> = annotations.lines().collect();
    assert_eq!(lines.len(), 1, "{annotations}");
    assert!(
        lines[0].starts_with("::error title=epi doctor trust prod::prod/team-a/app: "),
        "{annotations}"
    );
}

/// #33 item 1: the report at 80, 200 and 0 columns: messages, evidence and hints wrap between
/// words under the message column, and a hint's command keeps its values whole.
#[test]
fn report_fits_80_columns() {
    let env = Env::trust_and_irsa_broken();
    let id = "a-".to_string() + &"x".repeat(env.association.len() - 2);
    common::at_widths("doctor_report", true, |w| {
        let out = env
            .bed
            .epi()
            .env("COLUMNS", w)
            .args(["doctor", "--cluster", "prod", "--kubeconfig"])
            .arg(&env.kube.kubeconfig)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8_lossy(&out.stdout).replace(&env.association, &id)
    });
}

/// The node checks (#37) flagged in `report`, as (check, subject, status).
fn node_flagged(report: &Value) -> Vec<(String, String, String)> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["area"] == "node" && c["status"] != "pass")
        .map(|c| {
            (
                c["check"].as_str().unwrap().to_string(),
                c["subject"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn checks_node_runs_only_the_node_checks_and_they_pass_when_healthy() {
    let env = Env::healthy();
    let (code, report) = env.doctor(&["--checks", "node", "--strict"]);
    assert_eq!(code, 0, "{report:#}");
    let ids: Vec<&str> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["check"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec![
            "agent-before-workload",
            "proxy-without-no-proxy",
            "agent-ip-family",
            "hybrid-nodes",
            "agent-throttled",
            "eks-auth-endpoint"
        ],
        "{report:#}"
    );
    assert!(
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["area"] == "node")
    );
    let c = check(&report, "agent-before-workload");
    assert!(
        c["message"].as_str().unwrap().starts_with("1 pod(s)"),
        "{c}"
    );
    let c = check(&report, "eks-auth-endpoint");
    assert!(
        c["evidence"].to_string().contains("internet gateway igw-"),
        "{c}"
    );
    // Several groups at once, comma-separated; a bad group is bad input.
    let (_, report) = env.doctor(&["--checks", "cluster,node"]);
    assert!(
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["area"] == "cluster" || c["area"] == "node")
    );
    let (code, _, err) = env
        .bed
        .run(&["doctor", "--cluster", "prod", "--checks", "nodes"]);
    assert_eq!(code, 2);
    assert!(err.contains("nodes"), "{err}");
}

#[test]
fn a_pod_that_started_before_its_nodes_agent_was_ready() {
    let env = Env::healthy();
    // Started 10 s after the node came up, 20 s before the agent there was Ready.
    env.pod("web-5d8f7c9b4-early", true, None);
    env.kube.patch(
        "/api/v1/namespaces/team-a/pods/web-5d8f7c9b4-early",
        json!({"status": {"startTime": "2026-01-01T00:00:10Z"}}),
    );
    let (code, report) = env.doctor(&["--checks", "node"]);
    assert_eq!(code, 0, "a warning: {report:#}");
    let c = only_flagged(&report, "agent-before-workload", "warn");
    assert_eq!(c["subject"], NODE);
    let evidence = c["evidence"].to_string();
    assert!(
        evidence.contains("team-a/web-5d8f7c9b4-early started at 2026-01-01T00:00:10Z"),
        "{c}"
    );
    assert!(evidence.contains(AGENT_READY), "{c}");
    assert!(
        !evidence.contains("abcde"),
        "a pod started after the agent is fine: {c}"
    );
    assert_eq!(hint(c), "kubectl -n team-a rollout restart deployment/web");

    // Once the agent restarted, its Ready time moves but its start does not: a pod started
    // between the two met a running agent.
    let env = Env::healthy();
    env.kube.delete(&format!(
        "/api/v1/namespaces/kube-system/pods/{AGENT}-{NODE}"
    ));
    env.agent_pod(NODE, AGENT, "2026-01-01T00:00:05Z", json!({"name": "agent", "ready": true, "restartCount": 3, "image": "x", "imageID": "", "state": {"running": {}}}));
    env.kube.patch(
        &format!("/api/v1/namespaces/kube-system/pods/{AGENT}-{NODE}"),
        json!({"status": {"conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-06-01T00:00:00Z"}]}}),
    );
    let (_, report) = env.doctor(&["--checks", "node", "--strict"]);
    assert_eq!(node_flagged(&report), vec![], "{report:#}");
}

/// A container of team-a/app with these variables.
fn proxied_pod(env: &Env, name: &str, vars: Value) {
    let mut all = vec![
        json!({"name": "AWS_CONTAINER_CREDENTIALS_FULL_URI", "value": "http://169.254.170.23/v1/credentials"}),
    ];
    all.extend(vars.as_array().unwrap().iter().cloned());
    env.kube.create(
        "/api/v1/namespaces/team-a/pods",
        json!({"metadata": {"name": name},
               "spec": {"serviceAccountName": "app", "nodeName": NODE,
                        "containers": [{"name": "app", "image": "x", "env": all}]},
               "status": {"phase": "Running", "startTime": WORKLOAD_START}}),
    );
}

#[test]
fn a_proxy_that_does_not_exempt_the_agent() {
    let env = Env::healthy();
    // Exempt in both spellings, by address and by bracketed IPv6: fine.
    proxied_pod(
        &env,
        "good",
        json!([
        {"name": "HTTP_PROXY", "value": "http://proxy.corp:3128"},
        {"name": "NO_PROXY", "value": "localhost,169.254.170.23,[fd00:ec2::23]"},
        {"name": "no_proxy", "value": "169.254.170.23,fd00:ec2::23,.svc"}]),
    );
    let (_, report) = env.doctor(&["--checks", "node", "--strict"]);
    assert_eq!(node_flagged(&report), vec![], "{report:#}");

    // An HTTP proxy and a NO_PROXY without the agent: the credential call goes to the proxy.
    proxied_pod(
        &env,
        "bad",
        json!([
        {"name": "http_proxy", "value": "http://proxy.corp:3128"},
        {"name": "NO_PROXY", "value": "localhost,.svc.cluster.local"}]),
    );
    let (code, report) = env.doctor(&["--checks", "node"]);
    assert_eq!(code, 1, "{report:#}");
    let c = only_flagged(&report, "proxy-without-no-proxy", "fail");
    assert_eq!(c["subject"], "team-a/app");
    let evidence = c["evidence"].to_string();
    assert!(
        evidence.contains("pod team-a/bad container app sets http_proxy"),
        "{c}"
    );
    assert!(evidence.contains("169.254.170.23 and fd00:ec2::23"), "{c}");
    assert!(!evidence.contains("team-a/good"), "{c}");
    assert!(hint(c).contains("169.254.170.23,fd00:ec2::23"), "{c}");

    // Exempt only by a CIDR block: some HTTP libraries do not read those.
    let env = Env::healthy();
    proxied_pod(
        &env,
        "cidr",
        json!([
        {"name": "HTTPS_PROXY", "value": "http://proxy.corp:3128"},
        {"name": "HTTP_PROXY", "value": "http://proxy.corp:3128"},
        {"name": "NO_PROXY", "value": "169.254.0.0/16,fd00:ec2::/64"}]),
    );
    let (code, report) = env.doctor(&["--checks", "node"]);
    assert_eq!(code, 0);
    let c = only_flagged(&report, "proxy-without-no-proxy", "warn");
    assert!(
        c["evidence"].to_string().contains("only by a CIDR block"),
        "{c}"
    );
}

#[test]
fn an_agent_that_cannot_bind_its_ipv6_address() {
    let env = Env::healthy();
    env.kube.delete(&format!(
        "/api/v1/namespaces/kube-system/pods/{AGENT}-{NODE}"
    ));
    env.agent_pod(NODE, AGENT, AGENT_READY, json!({"name": "agent", "ready": false, "restartCount": 7, "image": "x", "imageID": "",
        "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s restarting failed container"}},
        "lastState": {"terminated": {"exitCode": 1, "reason": "Error",
            "message": "listen tcp [fd00:ec2::23]:80: bind: cannot assign requested address"}}}));
    let (code, report) = env.doctor(&["--checks", "node"]);
    assert_eq!(code, 1);
    let c = only_flagged(&report, "agent-ip-family", "fail");
    assert!(
        c["message"].as_str().unwrap().contains("IPv6 is disabled"),
        "{c}"
    );
    assert!(
        c["evidence"]
            .to_string()
            .contains(&format!("{AGENT}-{NODE}")),
        "{c}"
    );
    assert!(
        hint(c).contains("epi addon install --cluster prod --region us-east-1 --ipv4-only"),
        "{c}"
    );
}

#[test]
fn an_ipv6_cluster_whose_agent_binds_ipv4_only() {
    let env = Env::healthy();
    env.bed.control(
        "POST",
        "/_epi/clusters/prod",
        json!({"kubernetesNetworkConfig": {"ipFamily": "ipv6"}}),
    );
    // IPv6 nodes and the agent's default bind: fine.
    env.kube.patch(
        &format!("/api/v1/nodes/{NODE}"),
        json!({"status": {"addresses": [{"type": "InternalIP", "address": "2600:1f14::10"}]}}),
    );
    let (_, report) = env.doctor(&["--checks", "node", "--strict"]);
    assert_eq!(node_flagged(&report), vec![], "{report:#}");
    assert!(
        check(&report, "agent-ip-family")["message"]
            .as_str()
            .unwrap()
            .contains("ipv6")
    );
    // The IPv4-only configuration in an IPv6 cluster.
    env.kube.patch(
        &format!("/api/v1/namespaces/kube-system/pods/{AGENT}-{NODE}"),
        json!({"spec": {"containers": [{"name": "agent", "image": "x", "args": ["server", "-b", "169.254.170.23"]}]}}),
    );
    let (code, report) = env.doctor(&["--checks", "node"]);
    assert_eq!(code, 1);
    let c = only_flagged(&report, "agent-ip-family", "fail");
    assert!(
        c["message"]
            .as_str()
            .unwrap()
            .contains("binds 169.254.170.23 only"),
        "{c}"
    );
}

#[test]
fn a_hybrid_node_without_the_hybrid_agent() {
    let env = Env::healthy();
    env.kube.create(
        "/api/v1/nodes",
        json!({"metadata": {"name": "mi-0123", "labels": {"eks.amazonaws.com/compute-type": "hybrid"}},
               "status": {"addresses": [{"type": "InternalIP", "address": "192.168.1.10"}]}}),
    );
    let (code, report) = env.doctor(&["--checks", "node"]);
    assert_eq!(code, 1);
    let c = only_flagged(&report, "hybrid-nodes", "fail");
    assert!(
        c["evidence"]
            .to_string()
            .contains("hybrid node mi-0123 has no eks-pod-identity-agent-hybrid pod"),
        "{c}"
    );
    assert!(hint(c).contains("--hybrid"), "{c}");
    // The hybrid DaemonSet's pod on it.
    env.agent_pod("mi-0123", "eks-pod-identity-agent-hybrid", AGENT_READY, json!({"name": "agent", "ready": true, "restartCount": 0, "image": "x", "imageID": "", "state": {"running": {}}}));
    let (code, report) = env.doctor(&["--checks", "node", "--strict"]);
    assert_eq!(code, 0, "{report:#}");
    assert!(
        check(&report, "hybrid-nodes")["message"]
            .as_str()
            .unwrap()
            .contains("1 hybrid node")
    );
}

#[test]
fn an_agent_throttled_by_eks_auth() {
    let env = Env::healthy();
    // An event about some other pod is not the agent's.
    env.kube.create(
        "/api/v1/namespaces/kube-system/events",
        json!({"metadata": {"name": "coredns.1"}, "involvedObject": {"kind": "Pod", "name": "coredns-1", "namespace": "kube-system"},
               "reason": "BackOff", "message": "ThrottlingException: Rate exceeded", "count": 1, "type": "Warning"}),
    );
    let (_, report) = env.doctor(&["--checks", "node", "--strict"]);
    assert_eq!(node_flagged(&report), vec![], "{report:#}");
    env.kube.create(
        "/api/v1/namespaces/kube-system/events",
        json!({"metadata": {"name": "agent.1"}, "involvedObject": {"kind": "Pod", "name": format!("{AGENT}-{NODE}"), "namespace": "kube-system"},
               "reason": "Unhealthy", "message": "Readiness probe failed: eks-auth: AssumeRoleForPodIdentity: ThrottlingException: Rate exceeded", "count": 12, "type": "Warning"}),
    );
    let (code, report) = env.doctor(&["--checks", "node"]);
    assert_eq!(code, 0, "a warning");
    let c = only_flagged(&report, "agent-throttled", "warn");
    assert!(c["evidence"].to_string().contains("(x12)"), "{c}");
}

/// A node group in a new private subnet (no default route, no public addresses); returns the
/// VPC and subnet.
fn private_node_group(env: &Env) -> (String, String) {
    let ec2 = env.bed.ec2();
    let vpc = env
        .bed
        .block_on(ec2.create_vpc().cidr_block("10.20.0.0/16").send())
        .unwrap()
        .vpc()
        .unwrap()
        .vpc_id()
        .unwrap()
        .to_string();
    let subnet = env
        .bed
        .block_on(
            ec2.create_subnet()
                .vpc_id(&vpc)
                .cidr_block("10.20.1.0/24")
                .send(),
        )
        .unwrap()
        .subnet()
        .unwrap()
        .subnet_id()
        .unwrap()
        .to_string();
    let table = env
        .bed
        .block_on(ec2.create_route_table().vpc_id(&vpc).send())
        .unwrap()
        .route_table()
        .unwrap()
        .route_table_id()
        .unwrap()
        .to_string();
    env.bed
        .block_on(
            ec2.associate_route_table()
                .route_table_id(&table)
                .subnet_id(&subnet)
                .send(),
        )
        .unwrap();
    env.bed.control(
        "POST",
        "/_epi/clusters/prod",
        json!({"resourcesVpcConfig": {"vpcId": vpc, "subnetIds": [subnet]}}),
    );
    env.bed
        .block_on(
            env.bed
                .eks()
                .delete_nodegroup()
                .cluster_name("prod")
                .nodegroup_name("ng-1")
                .send(),
        )
        .unwrap();
    env.bed
        .block_on(
            env.bed
                .eks()
                .create_nodegroup()
                .cluster_name("prod")
                .nodegroup_name("private")
                .node_role(format!("arn:aws:iam::{ACCOUNT}:role/node-role"))
                .subnets(&subnet)
                .send(),
        )
        .unwrap();
    (vpc, subnet)
}

#[test]
fn private_node_subnets_without_an_eks_auth_endpoint() {
    let env = Env::healthy();
    let (vpc, subnet) = private_node_group(&env);
    let (code, report) = env.doctor(&["--checks", "node"]);
    assert_eq!(code, 1, "{report:#}");
    let c = only_flagged(&report, "eks-auth-endpoint", "fail");
    assert!(
        c["evidence"]
            .to_string()
            .contains(&format!("subnet {subnet} has no default route")),
        "{c}"
    );
    let expected = format!(
        "aws ec2 create-vpc-endpoint --region us-east-1 --vpc-id {vpc} --vpc-endpoint-type Interface --service-name com.amazonaws.us-east-1.eks-auth --subnet-ids {subnet}"
    );
    assert!(hint(c).starts_with(&expected), "{c}");

    // The endpoint the hint names.
    env.bed
        .block_on(
            env.bed
                .ec2()
                .create_vpc_endpoint()
                .vpc_id(&vpc)
                .vpc_endpoint_type(aws_sdk_ec2::types::VpcEndpointType::Interface)
                .service_name("com.amazonaws.us-east-1.eks-auth")
                .subnet_ids(&subnet)
                .send(),
        )
        .unwrap();
    assert!(passing_endpoint_evidence(&env).contains("interface endpoint vpce-"));
}

/// The evidence of `eks-auth-endpoint` in a report where every node check passes.
fn passing_endpoint_evidence(env: &Env) -> String {
    let (code, report) = env.doctor(&["--checks", "node", "--strict"]);
    assert_eq!(code, 0, "{report:#}");
    check(&report, "eks-auth-endpoint")["evidence"].to_string()
}

#[test]
fn private_node_subnets_behind_a_nat_gateway() {
    let env = Env::healthy();
    let (_, subnet) = private_node_group(&env);
    let ec2 = env.bed.ec2();
    let tables = env
        .bed
        .block_on(
            ec2.describe_route_tables()
                .filters(
                    aws_sdk_ec2::types::Filter::builder()
                        .name("association.subnet-id")
                        .values(&subnet)
                        .build(),
                )
                .send(),
        )
        .unwrap();
    let table = tables.route_tables()[0]
        .route_table_id()
        .unwrap()
        .to_string();
    env.bed
        .block_on(
            ec2.create_route()
                .route_table_id(&table)
                .destination_cidr_block("0.0.0.0/0")
                .nat_gateway_id("nat-0abc")
                .send(),
        )
        .unwrap();
    assert!(passing_endpoint_evidence(&env).contains("NAT gateway nat-0abc"));
}

/// Every format doctor has reports a node finding (#37's "done when").
#[test]
fn node_findings_in_every_format() {
    let env = Env::healthy();
    env.kube.create(
        "/api/v1/nodes",
        json!({"metadata": {"name": "mi-0123", "labels": {"eks.amazonaws.com/compute-type": "hybrid"}}}),
    );
    let run = |format: &str| {
        env.bed.run(&[
            "doctor",
            "--cluster",
            "prod",
            "--checks",
            "node",
            "--kubeconfig",
            env.kube.kubeconfig.to_str().unwrap(),
            "--output",
            format,
        ])
    };
    let (code, table, _) = run("table");
    assert_eq!(code, 1);
    assert!(
        table.contains("Node\n") && table.contains("FAIL  hybrid-nodes"),
        "{table}"
    );
    assert!(
        table.contains("hint: epi addon install --cluster prod"),
        "{table}"
    );
    let (code, out, _) = run("json");
    assert_eq!(code, 1);
    only_flagged(&json(&out), "hybrid-nodes", "fail");
    let (code, out, _) = run("yaml");
    assert_eq!(code, 1);
    assert!(out.contains("check: hybrid-nodes"), "{out}");
    let (code, xml, _) = run("junit");
    assert_eq!(code, 1);
    let case = &xml[xml
        .find("name=\"hybrid-nodes prod\">")
        .expect("its test case")..];
    assert!(
        case[..case.find("</testcase>").unwrap()].contains("<failure"),
        "{xml}"
    );
    let (code, sarif, _) = run("sarif");
    assert_eq!(code, 1);
    common::assert_valid_sarif(&sarif);
    assert_eq!(
        json(&sarif)["runs"][0]["results"][0]["ruleId"],
        "hybrid-nodes"
    );
    let (code, github, _) = run("github");
    assert_eq!(code, 1);
    assert!(
        github.starts_with("::error title=epi doctor hybrid-nodes prod::"),
        "{github}"
    );
}
