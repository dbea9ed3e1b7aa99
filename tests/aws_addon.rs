//! `epi addon install|status` against the local AWS test bed.

mod common;
use common::json;
use common::testbed::TestBed;
use serde_json::json;

const AGENT: &str = "eks-pod-identity-agent";

fn version(v: &str, default: bool, clusters: &[&str]) -> serde_json::Value {
    json!({
        "addonVersion": v,
        "architecture": ["amd64", "arm64"],
        "compatibilities": clusters.iter().map(|c| json!({"clusterVersion": c, "platformVersions": ["*"], "defaultVersion": default})).collect::<Vec<_>>(),
        "requiresConfiguration": false
    })
}

/// A cluster `prod` on Kubernetes 1.30 and a catalogue: default v1.3.4, newest v1.3.10, an old
/// v1.2.0, and v1.0.0 only for 1.24.
fn bed() -> TestBed {
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
        json!({
            AGENT: [
                version("v1.3.10-eksbuild.1", false, &["1.30", "1.31"]),
                version("v1.3.4-eksbuild.1", true, &["1.30"]),
                version("v1.2.0-eksbuild.1", false, &["1.29", "1.30"]),
                version("v1.0.0-eksbuild.1", true, &["1.24"])
            ],
            "vpc-cni": [version("v1.18.0-eksbuild.1", true, &["1.30"])]
        }),
    );
    bed
}

#[test]
fn installs_the_default_version_then_is_idempotent() {
    let bed = bed();
    let (code, out, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--wait",
        "--poll-interval",
        "1",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_eq!(r["action"], "created");
    assert_eq!(r["version"], "v1.3.4-eksbuild.1");
    assert_eq!(r["status"], "ACTIVE");
    assert_eq!(
        bed.addon("prod", AGENT).unwrap().addon_version(),
        Some("v1.3.4-eksbuild.1")
    );

    let (code, out, err) = bed.run(&["addon", "install", "--cluster", "prod", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["action"], "unchanged");
    assert!(err.contains("already at v1.3.4-eksbuild.1"), "{err}");
    let updates = bed
        .calls()
        .into_iter()
        .filter(|c| c["method"] == "POST" && c["path"].as_str().unwrap().contains("/addons"))
        .count();
    assert_eq!(updates, 1, "the second run must not change anything");
}

#[test]
fn latest_upgrades_and_an_unknown_version_lists_the_offered_ones() {
    let bed = bed();
    assert_eq!(
        bed.run(&["addon", "install", "--cluster", "prod", "--no-wait"])
            .0,
        0
    );
    let (code, out, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--version",
        "latest",
        "--no-wait",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_eq!(r["action"], "updated");
    assert_eq!(r["previousVersion"], "v1.3.4-eksbuild.1");
    assert_eq!(
        bed.addon("prod", AGENT).unwrap().addon_version(),
        Some("v1.3.10-eksbuild.1")
    );

    let (code, _, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--version",
        "v9.9.9-eksbuild.1",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("v9.9.9-eksbuild.1")
            && err.contains("v1.3.10-eksbuild.1, v1.3.4-eksbuild.1, v1.2.0-eksbuild.1"),
        "{err}"
    );
    let (code, _, err) = bed.run(&["addon", "install", "--cluster", "prod", "--version", "1.3"]);
    assert_eq!(code, 2);
    assert!(err.contains("\"1.3\""), "{err}");
}

#[test]
fn a_newer_installed_version_is_not_downgraded_implicitly() {
    let bed = bed();
    assert_eq!(
        bed.run(&[
            "addon",
            "install",
            "--cluster",
            "prod",
            "--version",
            "latest",
            "--no-wait"
        ])
        .0,
        0
    );
    let (code, out, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--no-wait",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["action"], "unchanged");
    assert!(err.contains("newer than EKS's default"), "{err}");
    assert_eq!(
        bed.addon("prod", AGENT).unwrap().addon_version(),
        Some("v1.3.10-eksbuild.1")
    );
}

#[test]
fn configuration_values_for_ipv4_only_and_hybrid() {
    let bed = bed();
    let (code, _, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--ipv4-only",
        "--hybrid",
        "--version",
        "latest",
        "--no-wait",
    ]);
    assert_eq!(code, 0, "{err}");
    let conf: serde_json::Value = serde_json::from_str(
        bed.addon("prod", AGENT)
            .unwrap()
            .configuration_values()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        conf,
        json!({"agent": {"additionalArgs": {"-b": "169.254.170.23"}}, "daemonsets": {"hybrid": {"create": true}}})
    );

    let (code, _, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--hybrid",
        "--version",
        "v1.2.0-eksbuild.1",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("v1.3.3-eksbuild.1"), "{err}");
}

#[test]
fn unsupported_clusters_are_refused_with_the_reason() {
    let bed = bed();
    bed.control("POST", "/_epi/clusters/prod", json!({"version": "1.23"}));
    let (code, _, err) = bed.run(&["addon", "install", "--cluster", "prod"]);
    assert_eq!(code, 1);
    assert!(err.contains("1.24"), "{err}");
    bed.control(
        "POST",
        "/_epi/clusters/prod",
        json!({"version": "1.28", "platformVersion": "eks.3"}),
    );
    let (code, _, err) = bed.run(&["addon", "install", "--cluster", "prod"]);
    assert_eq!(code, 1);
    assert!(err.contains("eks.4") && err.contains("eks.3"), "{err}");
    assert!(bed.addon("prod", AGENT).is_none());
}

#[test]
fn auto_mode_changes_nothing() {
    let bed = bed();
    bed.control(
        "POST",
        "/_epi/clusters/prod",
        json!({"computeConfig": {"enabled": true}}),
    );
    let (code, out, err) = bed.run(&["addon", "install", "--cluster", "prod", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["action"], "auto-mode");
    assert!(err.contains("Auto Mode"), "{err}");
    assert!(bed.addon("prod", AGENT).is_none());
}

#[test]
fn fargate_profiles_are_warned_about() {
    let bed = bed();
    bed.control(
        "POST",
        "/_epi/fargate/prod",
        json!({"profiles": ["fp-default"]}),
    );
    let (code, _, err) = bed.run(&["addon", "install", "--cluster", "prod", "--no-wait"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("Fargate") && err.contains("fp-default"),
        "{err}"
    );
}

#[test]
fn waits_until_active() {
    let bed = bed();
    bed.control(
        "POST",
        &format!("/_epi/addons/prod/{AGENT}"),
        json!({"states": [{"status": "CREATING"}, {"status": "CREATING"}, {"status": "ACTIVE"}]}),
    );
    let (code, out, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--wait",
        "--poll-interval",
        "1",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["status"], "ACTIVE");
    let describes = bed
        .calls()
        .into_iter()
        .filter(|c| c["method"] == "GET" && c["path"] == format!("/clusters/prod/addons/{AGENT}"))
        .count();
    assert!(describes >= 4, "polled {describes} times");
}

#[test]
fn degraded_prints_the_health_issues_and_exits_1() {
    let bed = bed();
    bed.control(
        "POST",
        &format!("/_epi/addons/prod/{AGENT}"),
        json!({"states": [{"status": "CREATING"}, {"status": "DEGRADED", "health": {"issues": [{"code": "InsufficientNumberOfReplicas", "message": "The add-on is unhealthy because it doesn't have the desired number of replicas.", "resourceIds": ["kube-system/eks-pod-identity-agent"]}]}}]}),
    );
    let (code, out, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--wait",
        "--poll-interval",
        "1",
        "-o",
        "json",
    ]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(json(&out)["status"], "DEGRADED");
    assert!(
        err.contains("DEGRADED")
            && err.contains("InsufficientNumberOfReplicas")
            && err.contains("desired number of replicas"),
        "{err}"
    );
}

#[test]
fn gives_up_after_the_timeout() {
    let bed = bed();
    bed.control(
        "POST",
        &format!("/_epi/addons/prod/{AGENT}"),
        json!({"states": [{"status": "CREATING"}]}),
    );
    let (code, _, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--wait",
        "--poll-interval",
        "1",
        "--timeout",
        "2",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("not ACTIVE after 2 seconds"), "{err}");
}

#[test]
fn dry_run_installs_nothing() {
    let bed = bed();
    let (code, out, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--dry-run",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["action"], "would-create");
    // The engine's shape, as every dry run prints it (docs/json-output.md).
    let change = &json(&out)["changes"][0];
    assert_eq!(change["action"], "create");
    assert_eq!(change["resource"], "addon");
    assert_eq!(change["id"], format!("prod/{AGENT}"));
    assert_eq!(change["after"]["version"], "v1.3.4-eksbuild.1");
    assert!(bed.addon("prod", AGENT).is_none());
}

#[test]
fn status_before_and_after() {
    let bed = bed();
    let (code, out, err) = bed.run(&["addon", "status", "--cluster", "prod", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    let s = json(&out);
    assert_eq!(s["installed"], false);
    assert_eq!(s["defaultVersion"], "v1.3.4-eksbuild.1");
    assert_eq!(s["newestVersion"], "v1.3.10-eksbuild.1");
    assert_eq!(s["unsupportedReason"], serde_json::Value::Null);

    assert_eq!(
        bed.run(&["addon", "install", "--cluster", "prod", "--no-wait"])
            .0,
        0
    );
    bed.control("POST", &format!("/_epi/addons/prod/{AGENT}"), json!({"states": [{"status": "DEGRADED", "health": {"issues": [{"code": "AccessDenied", "message": "node role lacks eks-auth:AssumeRoleForPodIdentity", "resourceIds": []}]}}]}));
    let (code, out, _) = bed.run(&["addon", "status", "--cluster", "prod"]);
    assert_eq!(code, 0);
    for needle in [
        "Installed",
        "yes",
        "v1.3.4-eksbuild.1",
        "DEGRADED",
        "AccessDenied: node role lacks",
    ] {
        assert!(out.contains(needle), "{needle}:\n{out}");
    }
}

#[test]
fn an_explicit_version_is_installed_when_versions_cannot_be_read() {
    let bed = bed();
    bed.control("POST", "/_epi/faults", json!({"rate": 1.0, "status": 403, "code": "AccessDeniedException", "message": "no", "operations": ["GET /addons/supported-versions"]}));
    let (code, _, err) = bed.run(&["addon", "install", "--cluster", "prod", "--no-wait"]);
    assert_eq!(
        code, 1,
        "without a version there is nothing to install: {err}"
    );
    assert!(err.contains("eks:DescribeAddonVersions"), "{err}");
    let (code, _, err) = bed.run(&[
        "addon",
        "install",
        "--cluster",
        "prod",
        "--version",
        "v1.3.4-eksbuild.1",
        "--no-wait",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("could not check"), "{err}");
    assert_eq!(
        bed.addon("prod", AGENT).unwrap().addon_version(),
        Some("v1.3.4-eksbuild.1")
    );
}
