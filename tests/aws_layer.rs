//! The shared AWS layer: endpoints, retries, error mapping, user agent, credentials.

mod common;
use common::testbed::TestBed;
use serde_json::json;

#[test]
fn throttling_is_retried_and_reported_when_retries_run_out() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    bed.control("POST", "/_epi/faults", json!({"rate": 1.0, "status": 429, "code": "ThrottlingException", "operations": ["GET /clusters/prod/pod-identity-associations"]}));
    let (code, _, err) = bed.run(&[
        "association",
        "describe",
        "--cluster",
        "prod",
        "--namespace",
        "a",
        "--service-account",
        "b",
        "--max-attempts",
        "3",
        "--retry-mode",
        "standard",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("throttled") && err.contains("3 attempts") && err.contains("--max-attempts"),
        "{err}"
    );
}

#[test]
fn thirty_percent_throttling_still_lists_everything() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    let arn = bed.create_role("app", &common::testbed::pod_identity_trust());
    for i in 0..120 {
        bed.create_association("prod", &format!("ns-{i:03}"), "app", &arn);
    }
    bed.control(
        "POST",
        "/_epi/faults",
        json!({"rate": 0.3, "status": 429, "code": "ThrottlingException", "operations": ["*"]}),
    );
    // Standard mode: the adaptive mode's client-side rate limiting would slow this test to minutes
    // against faults that, unlike real throttling, do not depend on the request rate.
    let (code, out, err) = bed.run(&[
        "association",
        "list",
        "--cluster",
        "prod",
        "-o",
        "json",
        "--retry-mode",
        "standard",
    ]);
    assert_eq!(code, 0, "{err}");
    let rows = common::json(&out);
    assert_eq!(rows.as_array().unwrap().len(), 120);
    assert!(rows.as_array().unwrap().iter().all(|r| r["roleArn"] == arn));
}

#[test]
fn server_errors_are_reported_with_the_action() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    bed.control("POST", "/_epi/faults", json!({"rate": 1.0, "status": 500, "code": "ServerException", "message": "injected fault", "operations": ["GET /clusters/prod"]}));
    let (code, _, err) = bed.run(&[
        "addon",
        "status",
        "--cluster",
        "prod",
        "--max-attempts",
        "2",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("eks:DescribeCluster")
            && err.contains("ServerException")
            && err.contains("injected fault"),
        "{err}"
    );
}

#[test]
fn access_denied_names_the_action() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    bed.control("POST", "/_epi/faults", json!({"rate": 1.0, "status": 403, "code": "AccessDeniedException", "message": "User is not authorized", "operations": ["GET /clusters/prod/pod-identity-associations"]}));
    let (code, _, err) = bed.run(&["association", "list", "--cluster", "prod"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("eks:ListPodIdentityAssociations")
            && err.contains("hint: grant eks:ListPodIdentityAssociations"),
        "{err}"
    );
}

#[test]
fn invalid_parameter_quotes_aws() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    bed.control("POST", "/_epi/faults", json!({"rate": 1.0, "status": 400, "code": "InvalidParameterException", "message": "Role is not valid for this operation", "operations": ["POST /clusters/prod/pod-identity-associations"]}));
    let arn = bed.create_role("app", &common::testbed::pod_identity_trust());
    let (code, _, err) = bed.run(&[
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "a",
        "--service-account",
        "b",
        "--role-arn",
        &arn,
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("Role is not valid for this operation"),
        "{err}"
    );
}

#[test]
fn no_credentials_says_where_it_looked() {
    let bed = TestBed::start();
    // The profile exists (a profile that exists nowhere is bad input, exit 2: see
    // a_profile_that_exists_nowhere_is_bad_input) but holds no credentials.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::write(&config, "[profile ci]\nregion = us-east-1\n").unwrap();
    let out = bed
        .epi()
        .env("AWS_CONFIG_FILE", &config)
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args([
            "association",
            "list",
            "--cluster",
            "prod",
            "--profile",
            "ci",
            "--max-attempts",
            "1",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("no AWS credentials")
            && err.contains("\"ci\"")
            && err.contains("AWS_ACCESS_KEY_ID"),
        "{err}"
    );
    assert!(bed.calls().is_empty());
}

#[test]
fn no_region_is_a_usage_error() {
    let bed = TestBed::start();
    let out = bed
        .epi()
        .env_remove("AWS_REGION")
        .args(["association", "list", "--cluster", "prod"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--region"));
}

#[test]
fn service_endpoint_variable_flag_and_user_agent() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    // Only the service-specific variable points at the test bed.
    let out = bed
        .epi()
        .env_remove("AWS_ENDPOINT_URL")
        .env("AWS_ENDPOINT_URL_EKS", &bed.endpoint)
        .args(["association", "list", "--cluster", "prod"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The flag wins over a wrong variable.
    let out = bed
        .epi()
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .args([
            "association",
            "list",
            "--cluster",
            "prod",
            "--endpoint-url",
            &bed.endpoint,
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Leave out the test's own seeding call.
    let calls: Vec<_> = bed
        .calls()
        .into_iter()
        .filter(|c| c["method"] != "POST")
        .collect();
    assert!(!calls.is_empty());
    let ua = format!("epi/{}", env!("CARGO_PKG_VERSION"));
    assert!(
        calls
            .iter()
            .all(|c| c["userAgent"].as_str().unwrap_or_default().contains(&ua)),
        "{calls:?}"
    );
}

#[test]
fn unreachable_endpoint_is_a_clear_error() {
    let bed = TestBed::start();
    let (code, _, err) = bed.run(&[
        "association",
        "list",
        "--cluster",
        "prod",
        "--endpoint-url",
        "http://127.0.0.1:9",
        "--max-attempts",
        "1",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("could not reach AWS") && err.contains("--endpoint-url"),
        "{err}"
    );
}

#[test]
fn secrets_never_appear_in_output() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    let secret = "wJalrXUtnFEMI-SECRET-DO-NOT-PRINT";
    let token = "FwoGZXIvYXdzEJr-SESSION-TOKEN-DO-NOT-PRINT";
    for args in [
        vec!["association", "list", "--cluster", "prod"],
        vec!["association", "list", "--cluster", "missing"],
        vec!["addon", "status", "--cluster", "prod"],
        vec![
            "association",
            "create",
            "--cluster",
            "prod",
            "--namespace",
            "a",
            "--service-account",
            "b",
            "--role-arn",
            "arn:aws:iam::000000000000:role/none",
        ],
    ] {
        // At every log level, and with every library's trace output (EPI_LOG=trace).
        for level in [
            None,
            Some("-v"),
            Some("-vv"),
            Some("--debug"),
            Some("EPI_LOG=trace"),
        ] {
            let mut cmd = bed.epi();
            cmd.env("AWS_SECRET_ACCESS_KEY", secret)
                .env("AWS_SESSION_TOKEN", token)
                .args(&args);
            match level {
                Some("EPI_LOG=trace") => {
                    cmd.env("EPI_LOG", "trace");
                }
                Some(flag) => {
                    cmd.arg(flag);
                }
                None => {}
            }
            let out = cmd.output().unwrap();
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                !all.contains(secret)
                    && !all.contains(token)
                    && !all.contains("Signature=0")
                    && !all.contains("AKIDTESTBED"),
                "{args:?} {level:?} printed a secret:\n{}",
                all.chars().take(3000).collect::<String>()
            );
            if level.is_some() {
                assert!(
                    all.contains("DescribeCluster") || all.contains("ListPodIdentityAssociations"),
                    "{args:?} {level:?} shows the calls:\n{all}"
                );
            }
        }
    }
}

/// `-v` shows each AWS call: service, operation, target, status, latency, attempt.
#[test]
fn verbose_shows_each_call() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    let out = bed
        .epi()
        .args(["addon", "status", "--cluster", "prod", "-v"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.lines().any(|l| l.contains("epi::aws")
            && l.contains("DescribeCluster")
            && l.contains("GET")
            && l.contains("/clusters/prod")
            && l.contains("HTTP 200")
            && l.contains("attempt 1")),
        "{err}"
    );
    let quiet = bed
        .epi()
        .args(["addon", "status", "--cluster", "prod"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("epi::aws"));
}

/// A profile named by --profile or AWS_PROFILE that no config file has is bad input (exit 2,
/// naming the profile and the files read), even when the environment holds working credentials:
/// epi must not act as someone the user did not name.
#[test]
fn a_profile_that_exists_nowhere_is_bad_input() {
    let bed = TestBed::start();
    for (flag, env) in [(true, false), (false, true)] {
        let mut cmd = bed.epi();
        cmd.args(["association", "list", "--cluster", "prod"]);
        if flag {
            cmd.args(["--profile", "typo"]);
        }
        if env {
            cmd.env("AWS_PROFILE", "typo");
        }
        let out = cmd.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains("\"typo\"") && err.contains("no-config") && err.contains("no-credentials"),
            "{err}"
        );
    }
    assert!(bed.calls().is_empty(), "no AWS call was made");
}

/// `AWS_PROFILE=` (set but empty) is no profile, as the AWS CLI reads it (#25): the default chain
/// (here the environment's keys) is used, not a profile named "".
#[test]
fn an_empty_aws_profile_is_no_profile() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    let out = bed
        .epi()
        .args(["association", "list", "--cluster", "prod", "-o", "json"])
        .env("AWS_PROFILE", "")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `AWS_REGION=` (set but empty, an unset CI variable) is no region from the environment, as for
/// `AWS_PROFILE` (#33 item 14): the profile's region is used; without one, the "no region" error
/// says the variable is empty, with exit 2 and no call, instead of SDK interceptor internals.
#[test]
fn an_empty_aws_region_is_no_region() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::write(&config, "[default]\nregion = us-east-1\n").unwrap();
    let out = bed
        .epi()
        .args(["association", "list", "--cluster", "prod", "-o", "json"])
        .env("AWS_REGION", "")
        .env("AWS_CONFIG_FILE", &config)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let before = bed.calls().len();
    let out = bed
        .epi()
        .args(["association", "list", "--cluster", "prod"])
        .env("AWS_REGION", "")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("AWS_REGION is set but empty") && !err.contains("interceptor"),
        "{err}"
    );
    assert_eq!(bed.calls().len(), before, "no AWS call was made");
}

/// An endpoint that has no route for an operation (an emulator, a proxy) is named as such, with
/// the endpoint, not taken for a bad value of the user's (#25).
#[test]
fn an_operation_the_endpoint_does_not_serve_names_the_endpoint() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    bed.control("POST", "/_epi/faults", json!({"rate": 1.0, "status": 400, "code": "InvalidRequestException", "message": "No route for GET /clusters/prod/pod-identity-associations", "operations": ["GET /clusters/prod/pod-identity-associations"]}));
    let (code, _, err) = bed.run(&["association", "list", "--cluster", "prod"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("does not serve eks:ListPodIdentityAssociations")
            && err.contains(&bed.endpoint)
            && !err.contains("correct the value"),
        "{err}"
    );
}
