//! docs/ci.md's GitHub Actions workflow, word for word: every `epi` line of its `run:` steps runs
//! (through `sh -c`, as a runner's shell would) against `scripts/sandbox`, in a checkout holding
//! the files the workflow names, and each output is checked: SARIF's structure, JUnit by parsing
//! it, annotations against the workflow-command syntax, the Markdown comment's summary line.

mod common;

use std::path::Path;
use std::process::Command;

/// The `epi` lines of the workflow block's `run:` steps.
fn workflow_commands() -> Vec<String> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/ci.md")).unwrap();
    let block: Vec<&str> = doc
        .lines()
        .skip_while(|l| !l.starts_with("<!-- ci-workflow"))
        .skip(2)
        .take_while(|l| !l.starts_with("```"))
        .collect();
    assert!(!block.is_empty(), "docs/ci.md has no ci-workflow block");
    block
        .iter()
        .map(|l| l.trim())
        .map(|l| l.strip_prefix("run: ").unwrap_or(l))
        .filter(|l| l.starts_with("epi "))
        .map(str::to_string)
        .collect()
}

fn sandbox(state: &Path, verb: &str) -> (i32, String) {
    let out = Command::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/sandbox"))
        .arg(verb)
        .env("EPI_SANDBOX_DIR", state)
        .output()
        .expect("scripts/sandbox runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

const APP_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OwnPrefix",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::my-data/${aws:PrincipalTag/kubernetes-namespace}/*"
    }
  ]
}
"#;

const READER_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:ReceiveMessage","Resource":"arn:aws:sqs:us-east-1:111122223333:jobs"}]}"#;

const CONFIG: &str = "apiVersion: epi/v1alpha1
kind: PodIdentityConfig
cluster: demo
stack: platform
roles:
  - name: team-a-data
    abac: [{template: s3-prefix, bucket: my-data}]
associations:
  - namespace: team-a
    serviceAccount: app
    role: team-a-data
";

const TESTS: &str = "apiVersion: epi/v1alpha1
kind: AccessTests
cluster: demo
tests:
  - serviceAccount: team-a/app
    action: s3:GetObject
    resource: arn:aws:s3:::my-data/team-a/report.csv
    expect: allowed
  - serviceAccount: team-a/app
    action: s3:GetObject
    resource: arn:aws:s3:::my-data/team-b/report.csv
    expect: denied
";

/// `::error|::warning|::notice [props]::message`, props `key=value` with `,` and `:` escaped.
fn annotation(line: &str) -> bool {
    let Some(rest) = ["::error ", "::warning ", "::notice "]
        .iter()
        .find_map(|p| line.strip_prefix(p))
    else {
        return false;
    };
    let Some((props, _)) = rest.split_once("::") else {
        return false;
    };
    props.split(',').all(|p| {
        p.split_once('=').is_some_and(|(k, _)| {
            ["file", "line", "col", "endLine", "endColumn", "title"].contains(&k)
        })
    })
}

#[test]
fn the_documented_workflow_runs_against_the_sandbox() {
    let commands = workflow_commands();
    assert!(commands.len() >= 8, "{commands:?}");
    let work = tempfile::tempdir().unwrap();
    let checkout = work.path().join("checkout");
    std::fs::create_dir_all(checkout.join("policies")).unwrap();
    std::fs::create_dir_all(checkout.join("deploy")).unwrap();
    std::fs::write(checkout.join("policies/app.json"), APP_POLICY).unwrap();
    std::fs::write(checkout.join("policies/reader.json"), READER_POLICY).unwrap();
    std::fs::write(checkout.join("deploy/config.yaml"), CONFIG).unwrap();
    std::fs::write(checkout.join("deploy/tests.yaml"), TESTS).unwrap();

    let state = work.path().join("sandbox-state");
    let (code, exports) = sandbox(&state, "up");
    assert_eq!(code, 0, "sandbox up");
    let bin = Path::new(env!("CARGO_BIN_EXE_epi")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut failures = Vec::new();
    let mut outputs = Vec::new();
    for command in &commands {
        // The step before the apply job's reads the digest from the pull request's comment
        // (`gh`, not epi): here, from the comment the plan job wrote.
        if command.contains("reviewed-digest") {
            let comment = std::fs::read_to_string(checkout.join("comment.md")).unwrap();
            let digest = comment
                .split("Digest: `")
                .nth(1)
                .and_then(|rest| rest.split('`').next())
                .expect("the comment shows the digest");
            std::fs::write(checkout.join("reviewed-digest"), format!("{digest}\n")).unwrap();
        }
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(command)
            .current_dir(&checkout)
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .env("HOME", work.path())
            .env("AWS_CONFIG_FILE", work.path().join("no-config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                work.path().join("no-credentials"),
            )
            .env_remove("KUBECONFIG");
        for (key, _) in std::env::vars() {
            if key.starts_with("AWS_") {
                cmd.env_remove(key);
            }
        }
        for line in exports.lines() {
            if let Some((k, v)) = line.strip_prefix("export ").and_then(|r| r.split_once('=')) {
                cmd.env(k, v.trim_matches(|c| c == '\'' || c == '"'));
            }
        }
        let out = cmd.output().unwrap();
        // The doctor gate may fail on the sandbox (its agent add-on is not installed): its report
        // is what is checked.
        let gate = command.starts_with("epi doctor");
        if !(out.status.success() || gate && out.status.code() == Some(1)) {
            failures.push(format!(
                "{command}: exit {:?}\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        outputs.push((
            command.clone(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        ));
    }
    let (code, _) = sandbox(&state, "down");
    assert_eq!(code, 0, "sandbox down");
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Annotations on stdout are workflow commands, nothing else.
    for (command, out) in &outputs {
        if command.contains("--output github") {
            assert!(out.lines().all(annotation), "{command}: {out}");
        }
    }
    let read = |f: &str| std::fs::read_to_string(checkout.join(f)).unwrap();
    // The policies are clean: an empty SARIF run with every rule.
    common::assert_valid_sarif(&read("epi.sarif"));
    let sarif = common::json(&read("epi.sarif"));
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
    assert!(
        sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .len()
            > 10
    );
    // The comment's summary line.
    let comment = read("comment.md");
    assert!(
        comment.starts_with("### epi plan: 3 to create, 0 to update, 0 to delete\n"),
        "{comment}"
    );
    // The access tests passed against the desired state, and the JUnit parses.
    for report in ["access.xml", "doctor.xml"] {
        let text = read(report);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{report}: {e}"));
        assert!(
            doc.descendants().any(|n| n.has_tag_name("testcase")),
            "{report}: {text}"
        );
    }
    assert!(
        !read("access.xml").contains("<failure"),
        "{}",
        read("access.xml")
    );
    // Applied: the plan saved at merge time was carried out.
    let saved = common::json(&read("plan.json"));
    assert!(saved["digest"].as_str().unwrap().starts_with("sha256:"));
}
