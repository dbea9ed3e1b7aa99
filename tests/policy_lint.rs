//! `epi policy lint` run as a user would: exit codes, locations, hints, JSON shape.

mod common;
use common::{epi, json, run};
use serde_json::{Value, json};

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
            "hint": "did you mean \"kubernetes-namespace\"?",
            "file": fixture("typo-tag.json"),
            "line": 8,
            "column": 19,
            "endLine": 8,
            "endColumn": 81
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

/// CI formats (#24): SARIF with the offending value's region and a fingerprint that survives the
/// file moving, GitHub annotations escaped as the workflow-command format requires, several files
/// at once, and an empty run when clean.
#[test]
fn sarif_and_github_annotations_locate_each_finding() {
    let dir = tempfile::tempdir().unwrap();
    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": [\n        \"s3:GetObject\",\n        \"s3:Gett\"\n      ],\n      \"Resource\": \"*\"\n    }\n  ]\n}\n";
    std::fs::write(dir.path().join("bad.json"), text).unwrap();
    std::fs::write(
        dir.path().join("clean.json"),
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#,
    )
    .unwrap();
    let path = |f: &str| dir.path().join(f).to_str().unwrap().to_string();
    let (code, out, err) = run(&["policy", "lint", &path("bad.json"), "-o", "sarif"]);
    assert_eq!(code, 1, "{err}");
    common::assert_valid_sarif(&out);
    let log = json(&out);
    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "epi");
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(
        rules
            .iter()
            .any(|r| r["id"] == "unknown-action" && r["defaultConfiguration"]["level"] == "error")
    );
    assert!(
        rules
            .iter()
            .all(|r| r["shortDescription"]["text"].is_string() && r["help"]["text"].is_string())
    );
    // Whole phrases, never cut inside a token (#33 item 12: "iam", "sts", "a ${aws").
    for r in rules {
        let short = r["shortDescription"]["text"].as_str().unwrap();
        let full = r["fullDescription"]["text"].as_str().unwrap();
        assert!(
            full.starts_with(short) && short.split_whitespace().count() >= 3,
            "{short:?} of {full:?}"
        );
        let rest = &full[short.len()..];
        assert!(
            rest.is_empty() || rest.starts_with(": "),
            "{short:?} of {full:?}"
        );
    }
    let result = &run0["results"][0];
    assert_eq!(result["ruleId"], "unknown-action");
    assert_eq!(result["level"], "error");
    let location = &result["locations"][0]["physicalLocation"];
    // Relative to the working directory under %SRCROOT%, never the absolute local path (#32
    // item 10; it was the path as given): it still names the file.
    let uri = location["artifactLocation"]["uri"].as_str().unwrap();
    assert!(!uri.starts_with('/'), "{uri}");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(
        std::env::current_dir()
            .unwrap()
            .join(uri)
            .canonicalize()
            .unwrap(),
        std::path::Path::new(&path("bad.json"))
            .canonicalize()
            .unwrap()
    );
    assert_eq!(
        location["region"],
        json!({"startLine": 8, "startColumn": 9, "endLine": 8, "endColumn": 18})
    );
    // Two lines added above: the same finding, on another line, with the same fingerprint.
    std::fs::write(dir.path().join("bad.json"), format!("\n\n{text}")).unwrap();
    let (_, moved, _) = run(&["policy", "lint", &path("bad.json"), "-o", "sarif"]);
    let moved = json(&moved);
    assert_eq!(
        moved["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        10
    );
    let fp = |log: &Value| log["runs"][0]["results"][0]["partialFingerprints"].clone();
    assert!(fp(&log).is_object());
    assert_eq!(
        fp(&log),
        fp(&moved),
        "the fingerprint does not depend on the line"
    );

    std::fs::write(dir.path().join("bad.json"), text).unwrap();

    // Clean: an empty run, exit 0.
    let (code, out, _) = run(&["policy", "lint", &path("clean.json"), "-o", "sarif"]);
    assert_eq!(code, 0);
    common::assert_valid_sarif(&out);
    assert_eq!(json(&out)["runs"][0]["results"], json!([]));

    // Several files, GitHub annotations.
    let (code, out, _) = run(&[
        "policy",
        "lint",
        &path("clean.json"),
        &path("bad.json"),
        "-o",
        "github",
    ]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    let pattern = regex_lite(lines[0]);
    assert!(pattern, "{out}");
    assert!(
        lines[0].contains(",line=8,col=9,endLine=8,endColumn=18,title=unknown-action::"),
        "{out}"
    );

    // Standard input is reported under --stdin-name.
    let out = epi()
        .args([
            "policy",
            "lint",
            "-",
            "--stdin-name",
            "policies/app.json",
            "-o",
            "github",
        ])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("::error file=policies/app.json,line=8,")
    );
}

/// `::error|::warning file=F,line=L,col=C,endLine=E,endColumn=C,title=T::MESSAGE` with no raw
/// newline, and F and T free of unescaped `,` and `:`.
fn regex_lite(line: &str) -> bool {
    let Some(rest) = line
        .strip_prefix("::error ")
        .or_else(|| line.strip_prefix("::warning "))
    else {
        return false;
    };
    let Some((props, _message)) = rest.split_once("::") else {
        return false;
    };
    let keys: Vec<&str> = props
        .split(',')
        .map(|p| p.split('=').next().unwrap_or(""))
        .collect();
    keys == ["file", "line", "col", "endLine", "endColumn", "title"] && !line.contains('\n')
}

/// #33 item 1: the lint table at 80, 200 and 0 (never wrap) columns: it fits 80, wraps the finding
/// between words only, and has no trailing blanks.
#[test]
fn the_table_fits_80_columns_and_never_cuts_a_word() {
    for width in ["80", "200", "0"] {
        let out = common::epi()
            .env("COLUMNS", width)
            .args(["policy", "lint", &fixture("typo-tag.json")])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(text.lines().all(|l| l == l.trim_end()), "{text:?}");
        if width == "80" {
            assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
        }
        // The longest token stays whole on its line.
        assert!(
            text.lines()
                .any(|l| l.contains("${aws:PrincipalTag/kubernetes-namepsace}")),
            "{text}"
        );
        insta::assert_snapshot!(format!("lint_table_{width}"), text);
    }
    for width in ["80", "200", "0"] {
        let out = common::epi()
            .env("COLUMNS", width)
            .args(["policy", "well-known", "--list"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        if width == "80" {
            assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
        }
        insta::assert_snapshot!(format!("well_known_list_{width}"), text);
    }
}
