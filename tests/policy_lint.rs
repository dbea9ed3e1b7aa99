//! `epi policy lint` run as a user would: exit codes, locations, hints, JSON shape.

mod common;
use common::{epi, json, run};
use serde_json::json;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn typo_in_a_session_tag_is_an_error_with_the_nearest_tag() {
    let (code, out, err) = run(&[
        "policy",
        "lint",
        &fixture("typo-tag.json"),
        "--output",
        "json",
    ]);
    assert_eq!(code, 1, "{err}");
    let findings = json(&out);
    assert_eq!(
        findings,
        json!([{
            "severity": "error",
            "rule": "unknown-session-tag",
            "statement": 0,
            "sid": "TeamObjects",
            "field": "Resource",
            "message": "${aws:PrincipalTag/kubernetes-namepsace}: \"kubernetes-namepsace\" is not an EKS Pod Identity session tag, so it never matches",
            "hint": "did you mean \"kubernetes-namespace\"?"
        }])
    );
}

#[test]
fn table_output_names_location_and_hint() {
    let (code, out, err) = run(&["policy", "lint", &fixture("typo-tag.json")]);
    assert_eq!(code, 1);
    assert!(
        out.contains("Statement[0] (Sid \"TeamObjects\") Resource"),
        "{out}"
    );
    assert!(
        out.contains("hint: did you mean \"kubernetes-namespace\"?"),
        "{out}"
    );
    assert!(err.contains("1 error, 0 warnings"), "{err}");
}

#[test]
fn trust_without_tag_session_fails() {
    let (code, out, _) = run(&[
        "policy",
        "lint",
        &fixture("trust-no-tagsession.json"),
        "-o",
        "json",
    ]);
    assert_eq!(code, 1);
    let f = json(&out);
    assert_eq!(f[0]["rule"], "trust-missing-action");
    assert!(f[0]["message"].as_str().unwrap().contains("sts:TagSession"));
}

#[test]
fn warnings_alone_exit_zero() {
    let (code, out, _) = run(&[
        "policy",
        "lint",
        &fixture("wildcard-write.json"),
        "-o",
        "json",
    ]);
    assert_eq!(code, 0);
    let f = json(&out);
    assert_eq!(f[0]["severity"], "warning");
    assert_eq!(f[0]["rule"], "write-on-any-resource");
}

#[test]
fn clean_policy_from_stdin() {
    let trust = epi().args(["policy", "trust"]).output().unwrap().stdout;
    let out = epi()
        .args(["policy", "lint", "-"])
        .write_stdin(trust)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no problems found"));
}

#[test]
fn yaml_output() {
    let (code, out, _) = run(&["policy", "lint", &fixture("typo-tag.json"), "-o", "yaml"]);
    assert_eq!(code, 1);
    assert!(out.contains("rule: unknown-session-tag"), "{out}");
}

#[test]
fn not_a_policy_is_exit_2() {
    for (input, needle) in [
        ("not json", "invalid JSON"),
        ("[1]", "not a JSON object"),
        ("{\"Version\":\"2012-10-17\"}", "no \"Statement\""),
    ] {
        let out = epi()
            .args(["policy", "lint", "-"])
            .write_stdin(input)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{input}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("error:") && err.contains(needle) && err.contains("hint:"),
            "{input}: {err}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn missing_file_is_exit_2() {
    let (code, _, err) = run(&["policy", "lint", "/nonexistent/policy.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/policy.json"), "{err}");
}
