//! The Kubernetes client layer (src/kube) against the Kubernetes API stand-in: TLS with a CA from
//! the kubeconfig, paged lists, merge patches, pods and workload restarts.

mod common;
use common::kube::{CONTEXT, KubeStandIn};
use epi::kube::{KubeContext, KubeSettings, ROLE_ARN_ANNOTATION};
use serde_json::json;
use std::collections::BTreeMap;

fn connect(standin: &KubeStandIn) -> (tokio::runtime::Runtime, KubeContext) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let settings = KubeSettings {
        kubeconfig: Some(standin.kubeconfig.clone()),
        context: Some(CONTEXT.into()),
    };
    let ctx = rt.block_on(KubeContext::connect(&settings)).unwrap();
    (rt, ctx)
}

#[test]
fn lists_irsa_service_accounts_across_namespaces_and_pages() {
    let standin = KubeStandIn::start_with_page_limit(7);
    for i in 0..40 {
        let ns = format!("ns-{}", i % 3);
        let annotations = if i % 2 == 0 {
            json!({ROLE_ARN_ANNOTATION: format!("arn:aws:iam::111122223333:role/r{i}")})
        } else {
            json!({})
        };
        standin.service_account(&ns, &format!("sa-{i:04}"), annotations);
    }
    let (rt, ctx) = connect(&standin);
    let all = rt.block_on(ctx.irsa_service_accounts(&[])).unwrap();
    assert_eq!(all.len(), 20);
    assert!(
        all.iter()
            .all(|sa| sa.role_arn.starts_with("arn:aws:iam::111122223333:role/r"))
    );
    let pages = standin
        .requests()
        .into_iter()
        .filter(|r| r["path"] == "/api/v1/serviceaccounts")
        .count();
    assert!(pages >= 6, "the 40 accounts came in {pages} page(s)");
    let one = rt
        .block_on(ctx.irsa_service_accounts(&["ns-1".to_string()]))
        .unwrap();
    assert!(one.iter().all(|sa| sa.namespace == "ns-1"));
    assert_eq!(
        one.len(),
        all.iter().filter(|sa| sa.namespace == "ns-1").count()
    );
}

#[test]
fn annotations_are_set_and_removed_by_merge_patch() {
    let standin = KubeStandIn::start();
    standin.service_account(
        "team-a",
        "app",
        json!({ROLE_ARN_ANNOTATION: "arn:aws:iam::111122223333:role/app", "keep": "me"}),
    );
    let (rt, ctx) = connect(&standin);
    let changes = BTreeMap::from([
        (ROLE_ARN_ANNOTATION.to_string(), None),
        ("epi/migrated".to_string(), Some("yes".to_string())),
    ]);
    rt.block_on(ctx.annotate_service_account("team-a", "app", &changes))
        .unwrap();
    let sa = standin.get("/api/v1/namespaces/team-a/serviceaccounts/app");
    assert_eq!(
        sa["metadata"]["annotations"],
        json!({"keep": "me", "epi/migrated": "yes"})
    );
    let err = rt
        .block_on(ctx.annotate_service_account("team-a", "missing", &changes))
        .unwrap_err();
    assert!(err.to_string().contains("team-a/missing"), "{err}");
}

#[test]
fn pods_and_restarts() {
    let standin = KubeStandIn::start();
    standin.create("/api/v1/namespaces/team-a/pods", json!({"metadata": {"name": "app-1"}, "spec": {"serviceAccountName": "app", "containers": [{"name": "c", "image": "x", "env": [{"name": "AWS_CONTAINER_CREDENTIALS_FULL_URI", "value": "http://169.254.170.23/v1/credentials"}]}]}}));
    standin.create("/api/v1/namespaces/team-a/pods", json!({"metadata": {"name": "app-2", "labels": {"eks.amazonaws.com/fargate-profile": "fp"}}, "spec": {"serviceAccountName": "app", "containers": [{"name": "c", "image": "x"}]}}));
    standin.create("/api/v1/namespaces/team-a/pods", json!({"metadata": {"name": "other"}, "spec": {"containers": [{"name": "c", "image": "x"}]}}));
    let template = |sa: &str| json!({"metadata": {"labels": {"app": "x"}}, "spec": {"serviceAccountName": sa, "containers": [{"name": "c", "image": "x"}]}});
    standin.create("/apis/apps/v1/namespaces/team-a/deployments", json!({"metadata": {"name": "web"}, "spec": {"selector": {"matchLabels": {"app": "x"}}, "template": template("app")}}));
    standin.create("/apis/apps/v1/namespaces/team-a/statefulsets", json!({"metadata": {"name": "db"}, "spec": {"selector": {"matchLabels": {"app": "x"}}, "template": template("other"), "serviceName": "db"}}));
    standin.create("/apis/apps/v1/namespaces/team-a/daemonsets", json!({"metadata": {"name": "agent"}, "spec": {"selector": {"matchLabels": {"app": "x"}}, "template": template("app")}}));
    let (rt, ctx) = connect(&standin);
    let pods = rt.block_on(ctx.pods_of("team-a", "app")).unwrap();
    assert_eq!(pods.len(), 2);
    assert!(pods[0].pod_identity_injected && !pods[0].fargate);
    assert!(!pods[1].pod_identity_injected && pods[1].fargate);
    let restarted = rt
        .block_on(ctx.restart_workloads("team-a", "app", "2026-11-23T18:00:00Z"))
        .unwrap();
    assert_eq!(
        restarted,
        vec!["Deployment/web".to_string(), "DaemonSet/agent".to_string()]
    );
    let web = standin.get("/apis/apps/v1/namespaces/team-a/deployments/web");
    assert_eq!(
        web["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"],
        "2026-11-23T18:00:00Z"
    );
    let db = standin.get("/apis/apps/v1/namespaces/team-a/statefulsets/db");
    assert!(
        db["spec"]["template"]["metadata"]
            .get("annotations")
            .is_none()
    );
}

#[test]
fn a_bad_kubeconfig_is_a_clear_error() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let settings = KubeSettings {
        kubeconfig: Some("/nonexistent/kubeconfig".into()),
        context: None,
    };
    let err = rt.block_on(KubeContext::connect(&settings)).err().unwrap();
    assert!(err.to_string().contains("/nonexistent/kubeconfig"), "{err}");
}
