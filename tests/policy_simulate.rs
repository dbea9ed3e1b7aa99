//! `epi policy simulate` and the evaluator behind it: the case folder (tests/simulate/cases, each
//! case naming the AWS page its expectation comes from), the command line, and bad input.

mod common;

use std::path::Path;

use assert_cmd::Command;
use epi::policy::eval::{self, input::Input};
use epi::policy::lint;
use serde_json::Value;

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/simulate/cases");

struct Case {
    file: String,
    name: String,
    doc: String,
    expected: Value,
    input: Value,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(CASES)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        let list = match value {
            Value::Array(items) => items,
            one => vec![one],
        };
        for mut c in list {
            let obj = c.as_object_mut().unwrap();
            let name = obj
                .remove("name")
                .and_then(|v| v.as_str().map(str::to_string))
                .expect("a name");
            let doc = obj
                .remove("doc")
                .and_then(|v| v.as_str().map(str::to_string))
                .expect("a doc");
            let expected = obj.remove("expected").expect("expected");
            out.push(Case {
                file: path.file_name().unwrap().to_string_lossy().into_owned(),
                name,
                doc,
                expected,
                input: c,
            });
        }
    }
    out
}

fn lowercase_sorted(v: &Value) -> Vec<String> {
    let mut keys: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_ascii_lowercase())
        .collect();
    keys.sort();
    keys
}

#[test]
fn every_case_in_the_folder() {
    let all = cases();
    assert!(all.len() >= 300, "only {} cases", all.len());
    let mut failures = Vec::new();
    for c in &all {
        assert!(
            c.doc.starts_with("https://docs.aws.amazon.com/"),
            "{} / {}: the doc must be an AWS documentation page",
            c.file,
            c.name
        );
        let input: Input = serde_json::from_value(c.input.clone())
            .unwrap_or_else(|e| panic!("{} / {}: {e}", c.file, c.name));
        // Every case is input the command accepts: no policy with a (non-advisory) lint error.
        for (policy, doc, _) in input.each_policy() {
            for f in lint::lint(doc) {
                assert!(
                    f.severity != lint::Severity::Error || lint::ADVISORY_RULES.contains(&f.rule),
                    "{} / {}: {policy} has a lint error: {f:?}",
                    c.file,
                    c.name
                );
            }
        }
        let request = input
            .request()
            .unwrap_or_else(|e| panic!("{} / {}: {e}", c.file, c.name));
        let e = eval::evaluate(&request, &input.policies());
        let got = serde_json::to_value(&e).unwrap();
        let mut wrong = Vec::new();
        if got["decision"] != c.expected["decision"] {
            wrong.push(format!(
                "decision {} (expected {})",
                got["decision"], c.expected["decision"]
            ));
        }
        if let Some(by) = c.expected.get("deniedBy")
            && got["deniedBy"] != *by
        {
            wrong.push(format!("deniedBy {} (expected {by})", got["deniedBy"]));
        }
        if let Some(keys) = c.expected.get("missingContextKeys")
            && lowercase_sorted(&got["missingContextKeys"]) != lowercase_sorted(keys)
        {
            wrong.push(format!(
                "missingContextKeys {} (expected {keys})",
                got["missingContextKeys"]
            ));
        }
        if !wrong.is_empty() {
            failures.push(format!(
                "{} / {}: {} [{}]",
                c.file,
                c.name,
                wrong.join(", "),
                c.doc
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

fn epi() -> Command {
    let mut cmd = Command::cargo_bin("epi").unwrap();
    cmd.env_remove("AWS_PROFILE").env("NO_COLOR", "1");
    cmd
}

#[test]
fn the_command_agrees_with_the_folder() {
    // Every 15th case through `epi policy simulate --input -`, with --expect.
    for c in cases().iter().step_by(15) {
        let expected = c.expected["decision"].as_str().unwrap();
        let out = epi()
            .args([
                "policy", "simulate", "--input", "-", "-o", "json", "--expect", expected,
            ])
            .write_stdin(c.input.to_string())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{} / {}: {}",
            c.file,
            c.name,
            String::from_utf8_lossy(&out.stderr)
        );
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["decision"], expected, "{}", c.name);
        assert!(json["reasons"].is_array() && json["missingContextKeys"].is_array());
    }
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn flags_layers_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let abac = write(
        dir.path(),
        "abac.json",
        r#"{"Version":"2012-10-17","Statement":[
        {"Sid":"OwnPrefix","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/*"}]}"#,
    );
    let boundary = write(
        dir.path(),
        "boundary.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}"#,
    );
    let scp_root = write(
        dir.path(),
        "root.json",
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"FullAWSAccess","Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    );
    let scp_ou = write(
        dir.path(),
        "ou.json",
        r#"[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}]"#,
    );
    let base = [
        "policy",
        "simulate",
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::data/team-a/report.csv",
        "--principal",
        "arn:aws:sts::111122223333:assumed-role/app/s",
        "--context",
        "aws:PrincipalTag/kubernetes-namespace=team-a",
    ];
    // Allowed, with the deciding statement named.
    let out = epi()
        .args(base)
        .args(["--policy", &abac, "-o", "json", "--expect", "allowed"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["decision"], "allowed");
    assert_eq!(json["reasons"][0]["policy"], abac.as_str());
    assert_eq!(json["reasons"][0]["sid"], "OwnPrefix");
    assert_eq!(json["reasons"][0]["statement"], 0);
    assert_eq!(json["reasons"][0]["effect"], "Allow");
    // The boundary stops it: the table says which layer; --expect allowed exits 1.
    let out = epi()
        .args(base)
        .args([
            "--policy",
            &abac,
            "--permissions-boundary",
            &boundary,
            "--expect",
            "allowed",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("implicitDeny") && table.contains("stopped by the permissions boundary"),
        "{table}"
    );
    // --expect denied accepts either deny.
    epi()
        .args(base)
        .args([
            "--policy",
            &abac,
            "--permissions-boundary",
            &boundary,
            "--expect",
            "denied",
        ])
        .assert()
        .code(0);
    epi()
        .args(base)
        .args([
            "--policy",
            &abac,
            "--permissions-boundary",
            &boundary,
            "--expect",
            "explicitDeny",
        ])
        .assert()
        .code(1);
    // SCP levels, one file each, root first; a file may hold a list of policies of one level.
    let out = epi()
        .args(base)
        .args([
            "--policy", &abac, "--scp", &scp_root, "--scp", &scp_ou, "-o", "json",
        ])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["decision"], "implicitDeny");
    assert_eq!(json["deniedBy"], "serviceControlPolicies");
    assert_eq!(json["deniedAtLevel"], 1);
    // A repeated --context key is multi-valued.
    let tags = write(
        dir.path(),
        "tags.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}}]}"#,
    );
    let put = [
        "policy",
        "simulate",
        "--action",
        "s3:PutObject",
        "--resource",
        "arn:aws:s3:::data/x",
        "--policy",
        &tags,
    ];
    epi()
        .args(put)
        .args([
            "--context",
            "aws:TagKeys=a",
            "--context",
            "aws:TagKeys=b",
            "--expect",
            "allowed",
        ])
        .assert()
        .code(0);
    epi()
        .args(put)
        .args([
            "--context",
            "aws:TagKeys=a",
            "--context",
            "aws:TagKeys=c",
            "--expect",
            "implicitDeny",
        ])
        .assert()
        .code(0);
    // YAML too.
    let out = epi()
        .args(base)
        .args(["--policy", &abac, "-o", "yaml"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("decision: allowed"));
}

#[test]
fn bad_input_exits_2_naming_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let typo = write(
        dir.path(),
        "typo.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEqual":{"aws:PrincipalTag/x":"a"}}}]}"#,
    );
    let admin = write(
        dir.path(),
        "admin.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    );
    let base = [
        "policy",
        "simulate",
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::data/x",
    ];
    for (args, needle) in [
        (vec!["--policy", typo.as_str()], "StringEqual"),
        (
            vec!["--policy", "/nonexistent/p.json"],
            "/nonexistent/p.json",
        ),
        (
            vec!["--principal", "arn:aws:iam::1:role/x"],
            "arn:aws:iam::1:role/x",
        ),
        (vec!["--principal", "bob"], "bob"),
        (vec!["--context", "novalue"], "novalue"),
        (vec!["--resource-account", "12"], "12"),
    ] {
        let out = epi().args(base).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(needle),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = epi()
        .args(["policy", "simulate", "--action", "s3:*", "--resource", "*"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = epi()
        .args([
            "policy",
            "simulate",
            "--action",
            "s3:GetObject",
            "--resource",
            "data",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // An advisory finding (full-admin) is a warning, not bad input.
    let out = epi()
        .args(base)
        .args(["--policy", &admin, "--expect", "allowed"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("full-admin"));
    // The --input document: unknown keys, bad JSON, lint errors.
    for (doc, needle) in [
        (
            r#"{"request":{"action":"s3:GetObject","resource":"*"},"identityPolicy":[]}"#,
            "identityPolicy",
        ),
        (
            r#"{"request":{"action":"s3:GetObject","resource":"*"}"#,
            "line 1",
        ),
        (
            r#"{"request":{"action":"s3:GetObject","resource":"*","context":{"k":{"a":1}}}}"#,
            "\"k\"",
        ),
        (
            r#"{"request":{"action":"s3:GetObject","resource":"*"},"identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Alow","Action":"s3:GetObject","Resource":"*"}]}]}"#,
            "identityPolicies[0]",
        ),
    ] {
        let out = epi()
            .args(["policy", "simulate", "--input", "-"])
            .write_stdin(doc)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{doc}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(needle),
            "{doc}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // --input excludes the per-request flags.
    epi()
        .args([
            "policy",
            "simulate",
            "--input",
            "-",
            "--action",
            "s3:GetObject",
        ])
        .assert()
        .code(2);
}

/// Issue #31: input IAM itself would refuse, or that names an action no service has, is exit 2
/// naming the value; nothing is evaluated.
#[test]
fn input_iam_refuses_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let reads = write(
        dir.path(),
        "reads.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}"#,
    );
    // A misspelt action (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
    // lists s3:GetObject, no s3:GetObjects): refused with a did-you-mean, though s3:Get* would
    // match it.
    let out = epi()
        .args(["policy", "simulate", "--action", "s3:GetObjects"])
        .args(["--resource", "arn:aws:s3:::data/x", "--policy", &reads])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("s3:GetObjects") && err.contains("did you mean s3:GetObject"),
        "{err}"
    );
    // Action names stay case-insensitive, as in IAM
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
    epi()
        .args(["policy", "simulate", "--action", "S3:getobject"])
        .args(["--resource", "arn:aws:s3:::data/x", "--policy", &reads])
        .assert()
        .code(0);
    // NotPrincipal with Allow is unsupported
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html);
    // a VPC endpoint policy must name a Principal
    // (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html).
    let not_principal = write(
        dir.path(),
        "np.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"*"}]}"#,
    );
    let no_principal = write(
        dir.path(),
        "vpce.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
    );
    for (flag, file, needle) in [
        ("--resource-policy", &not_principal, "invalid-principal"),
        ("--vpc-endpoint-policy", &no_principal, "Principal"),
        ("--resource-policy", &no_principal, "Principal"),
    ] {
        let out = epi()
            .args(["policy", "simulate", "--action", "s3:GetObject"])
            .args(["--resource", "arn:aws:s3:::data/x", "--policy", &reads])
            .args([flag, file.as_str()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag} {file}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(needle),
            "{flag}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // --input refuses duplicate keys as --policy does.
    let out = epi()
        .args(["policy", "simulate", "--input", "-"])
        .write_stdin(r#"{"request":{"action":"s3:GetObject","resource":"*"},"identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}]}"#)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Effect"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// #33 item 1: the answer at 80, 200 and 0 columns: what did not apply and the notes follow the
/// table, wrapped between words, a policy Resource whole on its line.
#[test]
fn the_answer_fits_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("abac.json"),
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"OwnObjects","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::my-data/${aws:PrincipalTag/kubernetes-namespace}/*"}]}"#,
    )
    .unwrap();
    common::at_widths("simulate_denied", true, |w| {
        let out = common::epi()
            .current_dir(dir.path())
            .env("COLUMNS", w)
            .args([
                "policy",
                "simulate",
                "--action",
                "s3:GetObject",
                "--resource",
                "arn:aws:s3:::my-data/team-b/report.csv",
                "--policy",
                "abac.json",
                "--principal",
                "arn:aws:sts::111122223333:assumed-role/app/s",
                "--context",
                "aws:PrincipalTag/kubernetes-namespace=team-a",
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).to_string()
    });
}
