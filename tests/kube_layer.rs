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
        timeout: std::time::Duration::from_secs(30),
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
        timeout: std::time::Duration::from_secs(30),
    };
    let err = rt.block_on(KubeContext::connect(&settings)).err().unwrap();
    assert!(err.to_string().contains("/nonexistent/kubeconfig"), "{err}");
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// A kubeconfig pointing at `server` with the stand-in's CA, and extra cluster fields.
fn kubeconfig_for(standin: &KubeStandIn, server: &str, extra: &str) -> tempfile::NamedTempFile {
    use base64::Engine;
    let ca = base64::engine::general_purpose::STANDARD.encode(&standin.ca_pem);
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        file.path(),
        format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: k\n  cluster:\n    server: {server}\n    certificate-authority-data: {ca}\n{extra}users:\n- name: u\n  user:\n    token: secret-bearer-token\ncontexts:\n- name: c\n  context: {{cluster: k, user: u}}\n"
        ),
    )
    .unwrap();
    file
}

/// An API server that accepts and never answers fails after --kube-timeout, not never.
#[test]
fn a_silent_api_server_times_out() {
    let standin = KubeStandIn::start();
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let server = format!("https://127.0.0.1:{}", silent.local_addr().unwrap().port());
    let file = kubeconfig_for(&standin, &server, "");
    let rt = runtime();
    let settings = KubeSettings {
        kubeconfig: Some(file.path().to_path_buf()),
        context: None,
        timeout: std::time::Duration::from_secs(1),
    };
    let start = std::time::Instant::now();
    let result = rt.block_on(async {
        let ctx = KubeContext::connect(&settings).await?;
        ctx.service_accounts(&[]).await
    });
    assert!(result.is_err(), "a silent server cannot answer");
    assert!(
        start.elapsed() < std::time::Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
}

/// HTTPS_PROXY with credentials: NO_PROXY naming the API server bypasses it (the request works);
/// without NO_PROXY the failure never shows the proxy's password or the bearer token.
#[test]
fn proxies_follow_no_proxy_and_never_leak_credentials() {
    let standin = KubeStandIn::start();
    let rt = runtime();
    let settings = KubeSettings {
        kubeconfig: Some(standin.kubeconfig.clone()),
        context: Some(CONTEXT.into()),
        timeout: std::time::Duration::from_secs(5),
    };
    // SAFETY: nextest runs each test in its own process; nothing else here reads them.
    unsafe {
        std::env::set_var("HTTPS_PROXY", "http://alice:pr0xy-pass@127.0.0.1:9");
        std::env::set_var("NO_PROXY", "localhost,127.0.0.1");
    }
    let listed = rt.block_on(async {
        let ctx = KubeContext::connect(&settings).await?;
        ctx.service_accounts(&[]).await
    });
    assert!(
        listed.is_ok(),
        "NO_PROXY bypasses the proxy: {:?}",
        listed.err().map(|e| e.to_string())
    );
    unsafe {
        std::env::remove_var("NO_PROXY");
    }
    let err = rt
        .block_on(async {
            let ctx = KubeContext::connect(&settings).await?;
            ctx.service_accounts(&[]).await
        })
        .expect_err("the proxy at port 9 is not there");
    let text = format!("{err} {}", err.hint());
    assert!(
        !text.contains("pr0xy-pass") && !text.contains("secret-bearer-token"),
        "{text}"
    );
    assert!(
        !text.contains("kube/http-proxy"),
        "proxies are supported: {text}"
    );
}

/// An EKS bearer token is never sent over plain http.
#[test]
fn eks_tokens_are_not_sent_over_http() {
    let rt = runtime();
    let err = rt
        .block_on(KubeContext::connect_eks(
            "http://api.example.com",
            "",
            "k8s-aws-v1.token",
            std::time::Duration::from_secs(5),
        ))
        .err()
        .expect("refused");
    assert!(
        err.to_string()
            .contains("refusing to send an EKS bearer token"),
        "{err}"
    );
    assert!(!err.to_string().contains("k8s-aws-v1.token"), "{err}");
}

/// `insecure-skip-tls-verify` is reported, so that the command can warn about it.
#[test]
fn insecure_skip_tls_verify_is_reported() {
    let standin = KubeStandIn::start();
    let server = format!("https://127.0.0.1:{}", standin.port);
    let file = kubeconfig_for(&standin, &server, "    insecure-skip-tls-verify: true\n");
    let rt = runtime();
    let settings = KubeSettings {
        kubeconfig: Some(file.path().to_path_buf()),
        context: None,
        timeout: std::time::Duration::from_secs(5),
    };
    let ctx = rt.block_on(KubeContext::connect(&settings)).unwrap();
    assert!(ctx.insecure());
}
