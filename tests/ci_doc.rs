//! docs/ci.md's GitHub Actions workflow, run as a runner runs it: each job in a fresh copy of a
//! checkout holding the files the workflow names, each `run:` step word for word with `bash
//! --noprofile --norc -eo pipefail` (GitHub's default shell), a step after a failed one skipped
//! unless it says `if: always()`, against `scripts/sandbox`. The actions it uses are played by
//! the test: `upload-artifact`/`download-artifact` move files between jobs, `upload-sarif` and
//! the JUnit report read what they are given, `gh` answers from what the plan job commented.
//! Each output is checked: SARIF's structure, JUnit by parsing it, annotations against the
//! workflow-command syntax, the comment's summary line; and the lint job runs again on a policy
//! with an error: it fails, and its SARIF is written all the same (#33 item 5).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The workflow block of docs/ci.md, parsed.
fn workflow() -> Value {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/ci.md")).unwrap();
    let block: String = doc
        .lines()
        .skip_while(|l| !l.starts_with("<!-- ci-workflow"))
        .skip_while(|l| !l.starts_with("```yaml"))
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!block.is_empty(), "docs/ci.md has no ci-workflow block");
    serde_saphyr::from_str(&block).expect("the workflow is YAML")
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

/// What a step did.
#[derive(Debug)]
struct Step {
    label: String,
    /// None: skipped (a step before it failed).
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// One runner: the sandbox's environment, a `gh` that answers from the plan job's comment, the
/// artifacts shared by the jobs.
struct Runner {
    work: PathBuf,
    env: Vec<(String, String)>,
    path: String,
    artifacts: PathBuf,
    checkout: PathBuf,
}

/// `gh`, as the workflow calls it: the pull request is #7, its head commit `headsha`, its run 42,
/// its comments the body the plan job posted.
const GH: &str = r#"#!/usr/bin/env bash
set -eu
state="$(dirname "$0")/../gh-state"
mkdir -p "$state"
case "$1 $2" in
  "pr comment") shift 2; while [ $# -gt 0 ]; do if [ "$1" = --body-file ]; then cp "$2" "$state/comment.md"; fi; shift; done ;;
  "pr list") echo 7 ;;
  "pr view") case "$*" in *headRefOid*) echo headsha ;; *comments*) cat "$state/comment.md" ;; esac ;;
  "run list") case "$*" in *"--commit headsha"*) echo 42 ;; *) exit 1 ;; esac ;;
  *) echo "gh stub: $*" >&2; exit 1 ;;
esac
"#;

impl Runner {
    fn new(work: &Path, exports: &str) -> Runner {
        let stubs = work.join("stubs/bin");
        std::fs::create_dir_all(&stubs).unwrap();
        let gh = stubs.join("gh");
        std::fs::write(&gh, GH).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&gh, std::fs::Permissions::from_mode(0o755)).unwrap();
        let bin = Path::new(env!("CARGO_BIN_EXE_epi")).parent().unwrap();
        let path = format!(
            "{}:{}:{}",
            stubs.display(),
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let env = exports
            .lines()
            .filter_map(|l| l.strip_prefix("export ").and_then(|r| r.split_once('=')))
            .map(|(k, v)| {
                (
                    k.to_string(),
                    v.trim_matches(|c| c == '\'' || c == '"').to_string(),
                )
            })
            .collect();
        let checkout = work.join("checkout");
        Runner {
            work: work.to_path_buf(),
            env,
            path,
            artifacts: work.join("artifacts"),
            checkout,
        }
    }

    /// `${{ … }}` of the workflow, as GitHub would fill them in for the push after the merge.
    fn expand(text: &str, outputs: &BTreeMap<String, String>, env: &Value) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find("${{") {
            out.push_str(&rest[..i]);
            let end = rest[i..].find("}}").expect("a closed expression") + i;
            let expr = rest[i + 3..end].trim();
            let value = match expr {
                "github.event.number" => "7".to_string(),
                "github.sha" => "mergesha".to_string(),
                "github.token" => "stub-token".to_string(),
                "runner.os" => "Linux".to_string(),
                e if e.starts_with("env.") => env[&e[4..]].as_str().unwrap_or("").to_string(),
                e if e.starts_with("steps.") => outputs.get(&e[6..]).cloned().unwrap_or_default(),
                e => panic!("the test does not know the expression {e}"),
            };
            out.push_str(&value);
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    }

    /// Runs one job of the workflow in a fresh copy of the checkout: its steps in order.
    fn job(&self, workflow: &Value, name: &str) -> Vec<Step> {
        let dir = self.work.join(format!("job-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&self.checkout, &dir);
        let global_env = &workflow["env"];
        let mut outputs: BTreeMap<String, String> = BTreeMap::new();
        let mut failed = false;
        let mut steps = Vec::new();
        for step in workflow["jobs"][name]["steps"].as_array().unwrap() {
            let always = step["if"].as_str() == Some("always()");
            let label = step["name"]
                .as_str()
                .or(step["uses"].as_str())
                .unwrap_or("step")
                .to_string();
            if failed && !always {
                steps.push(Step {
                    label,
                    code: None,
                    stdout: String::new(),
                    stderr: String::new(),
                });
                continue;
            }
            let with = |k: &str| {
                step["with"][k]
                    .as_str()
                    .map(|v| Self::expand(v, &outputs, global_env))
            };
            let (code, stdout, stderr) = if let Some(script) = step["run"].as_str() {
                let script = Self::expand(script, &outputs, global_env);
                let output_file = dir.join(".github_output");
                let _ = std::fs::remove_file(&output_file);
                let mut cmd = Command::new("bash");
                cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
                    .current_dir(&dir)
                    .env("PATH", &self.path)
                    .env("NO_COLOR", "1")
                    .env("HOME", &self.work)
                    .env("GITHUB_OUTPUT", &output_file)
                    .env("AWS_CONFIG_FILE", self.work.join("no-config"))
                    .env(
                        "AWS_SHARED_CREDENTIALS_FILE",
                        self.work.join("no-credentials"),
                    )
                    .env_remove("KUBECONFIG");
                for (key, _) in std::env::vars() {
                    if key.starts_with("AWS_") || key.starts_with("EPI_") {
                        cmd.env_remove(key);
                    }
                }
                for (k, v) in &self.env {
                    cmd.env(k, v);
                }
                for source in [global_env, &step["env"]] {
                    if let Some(map) = source.as_object() {
                        for (k, v) in map {
                            cmd.env(
                                k,
                                Self::expand(v.as_str().unwrap_or(""), &outputs, global_env),
                            );
                        }
                    }
                }
                let out = cmd.output().unwrap();
                if let (Some(id), Ok(text)) =
                    (step["id"].as_str(), std::fs::read_to_string(&output_file))
                {
                    for line in text.lines() {
                        if let Some((k, v)) = line.split_once('=') {
                            outputs.insert(format!("{id}.outputs.{k}"), v.to_string());
                        }
                    }
                }
                (
                    out.status.code().unwrap_or(-1),
                    String::from_utf8_lossy(&out.stdout).into_owned(),
                    String::from_utf8_lossy(&out.stderr).into_owned(),
                )
            } else {
                let uses = step["uses"].as_str().unwrap();
                let action = uses.split('@').next().unwrap();
                match action {
                    "actions/checkout"
                    | "actions/cache"
                    | "aws-actions/configure-aws-credentials" => (0, String::new(), String::new()),
                    "actions/upload-artifact" => {
                        let to = self.artifacts.join(with("name").unwrap());
                        std::fs::create_dir_all(&to).unwrap();
                        let path = with("path").unwrap();
                        match std::fs::copy(dir.join(&path), to.join(&path)) {
                            Ok(_) => (0, String::new(), String::new()),
                            Err(e) => (1, String::new(), format!("{path}: {e}")),
                        }
                    }
                    "actions/download-artifact" => {
                        // The pull request's run, as the step before found it.
                        assert_eq!(with("run-id").as_deref(), Some("42"), "the run id");
                        let from = self.artifacts.join(with("name").unwrap());
                        for entry in std::fs::read_dir(&from).unwrap() {
                            let entry = entry.unwrap();
                            std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
                        }
                        (0, String::new(), String::new())
                    }
                    "github/codeql-action/upload-sarif" => {
                        match std::fs::read_to_string(dir.join(with("sarif_file").unwrap())) {
                            Ok(text) => (0, text, String::new()),
                            Err(e) => (1, String::new(), e.to_string()),
                        }
                    }
                    "mikepenz/action-junit-report" => {
                        match std::fs::read_to_string(dir.join(with("report_paths").unwrap())) {
                            Ok(text) if roxmltree::Document::parse(&text).is_ok() => {
                                (0, text, String::new())
                            }
                            Ok(text) => (1, String::new(), format!("not JUnit XML: {text}")),
                            Err(e) => (1, String::new(), e.to_string()),
                        }
                    }
                    other => panic!("the test does not play the action {other}"),
                }
            };
            failed |= code != 0;
            steps.push(Step {
                label,
                code: Some(code),
                stdout,
                stderr,
            });
        }
        steps
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn step<'a>(steps: &'a [Step], label: &str) -> &'a Step {
    steps
        .iter()
        .find(|s| s.label.contains(label))
        .unwrap_or_else(|| panic!("no step {label}: {steps:#?}"))
}

fn all_passed(job: &str, steps: &[Step], except: &[&str]) {
    for s in steps {
        if except.iter().any(|e| s.label.contains(e)) {
            continue;
        }
        assert_eq!(s.code, Some(0), "{job}: {}\n{}", s.label, s.stderr);
    }
}

#[test]
fn the_documented_workflow_runs_as_a_runner_runs_it() {
    let workflow = workflow();
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
    let runner = Runner::new(work.path(), &exports);
    let lint = runner.job(&workflow, "lint");
    let plan = runner.job(&workflow, "plan");
    let apply = runner.job(&workflow, "apply");
    // The lint job again, on a policy with an error (#33 item 5).
    std::fs::write(
        checkout.join("policies/reader.json"),
        READER_POLICY.replace("sqs:ReceiveMessage", "sqs:ReceiveMesage"),
    )
    .unwrap();
    let bad_lint = runner.job(&workflow, "lint");
    let (code, _) = sandbox(&state, "down");
    assert_eq!(code, 0, "sandbox down");

    all_passed("lint", &lint, &[]);
    all_passed("plan", &plan, &[]);
    // The doctor gate may fail on the sandbox (its agent add-on is not installed): its report
    // is what is checked, and the report step runs all the same.
    all_passed("apply", &apply, &["Gate on doctor"]);

    // Annotations on stdout are workflow commands, nothing else.
    for s in lint.iter().chain(&plan) {
        if s.label.contains("annotations") || s.label.starts_with("Plan") {
            assert!(
                s.stdout.lines().all(annotation),
                "{}: {}",
                s.label,
                s.stdout
            );
        }
    }
    // The policies are clean: an empty SARIF run with every rule.
    let sarif_text = &step(&lint, "upload-sarif").stdout;
    common::assert_valid_sarif(sarif_text);
    let sarif = common::json(sarif_text);
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
    assert!(
        sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .len()
            > 10
    );
    // The comment the plan job posted: its summary line, and its digest.
    let comment = std::fs::read_to_string(work.path().join("stubs/gh-state/comment.md")).unwrap();
    assert!(
        comment.starts_with("### epi plan: 3 to create, 0 to update, 0 to delete\n"),
        "{comment}"
    );
    // The access gate ran: team-a/app gains its prefix's objects, through no wildcard grant.
    let gate = &step(&plan, "access gate").stdout;
    assert!(
        gate.contains("team-a/app") && gate.contains("gains"),
        "{gate}"
    );
    assert!(
        comment.contains("#### Access changes"),
        "the comment says what access changes: {comment}"
    );
    // The access tests passed against the desired state, published as JUnit.
    let access = &step(&plan, "action-junit-report").stdout;
    assert!(
        access.contains("<testcase") && !access.contains("<failure"),
        "{access}"
    );
    let doctor = &step(&apply, "action-junit-report").stdout;
    assert!(doctor.contains("<testcase"), "{doctor}");
    // Applied: the reviewed plan, downloaded from the pull request's run, was carried out.
    let applied = step(&apply, "Apply exactly the reviewed plan");
    assert!(
        applied.stdout.contains("Applied 3 change(s)"),
        "{applied:?}"
    );

    // A lint error fails the job, and the SARIF is written and uploaded all the same.
    assert_eq!(step(&bad_lint, "Lint the IAM policies").code, Some(1));
    let sarif = step(&bad_lint, "SARIF for code scanning");
    assert_eq!(sarif.code, Some(0), "{}", sarif.stderr);
    let uploaded = step(&bad_lint, "upload-sarif");
    assert_eq!(uploaded.code, Some(0), "{}", uploaded.stderr);
    let log = common::json(&uploaded.stdout);
    assert_eq!(
        log["runs"][0]["results"][0]["ruleId"], "unknown-action",
        "{}",
        uploaded.stdout
    );
}
