//! README's walkthrough, word for word, against `scripts/sandbox`: the sandbox comes up and prints
//! export lines, every `epi` command of the README block runs with them and exits as documented,
//! and `down` stops what `up` started.

mod common;

use std::path::Path;
use std::process::Command;

/// The commands of README's walkthrough block (continuation lines joined, comments dropped).
fn walkthrough() -> Vec<String> {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let block: Vec<&str> = readme
        .lines()
        .skip_while(|l| !l.starts_with("<!-- walkthrough"))
        .skip(2) // the marker and the ```sh line
        .take_while(|l| !l.starts_with("```"))
        .collect();
    assert!(!block.is_empty(), "README has no walkthrough block");
    let mut commands = Vec::new();
    let mut current = String::new();
    for line in block {
        let line = line.split(" #").next().unwrap_or_default().trim_end();
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        match line.strip_suffix('\\') {
            Some(part) => current.push_str(part),
            None => {
                current.push_str(line);
                commands.push(current.split_whitespace().collect::<Vec<_>>().join(" "));
                current.clear();
            }
        }
    }
    commands
}

fn sandbox(state: &Path, verb: &str) -> (i32, String, String) {
    let out = Command::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/sandbox"))
        .arg(verb)
        .env("EPI_SANDBOX_DIR", state)
        .output()
        .expect("scripts/sandbox runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn readme_walkthrough_runs_word_for_word_against_the_sandbox() {
    let commands = walkthrough();
    assert_eq!(
        commands.first().map(String::as_str),
        Some("eval \"$(scripts/sandbox up)\"")
    );
    assert_eq!(
        commands.last().map(String::as_str),
        Some("eval \"$(scripts/sandbox down)\"")
    );

    let work = tempfile::tempdir().unwrap();
    let state = work.path().join("sandbox-state");
    let (code, exports, err) = sandbox(&state, "up");
    assert_eq!(code, 0, "sandbox up: {err}");
    let mut env = Vec::new();
    for line in exports.lines() {
        if let Some(rest) = line.strip_prefix("export ") {
            let (k, v) = rest.split_once('=').unwrap();
            env.push((k.to_string(), v.to_string()));
        } else {
            assert!(
                line.starts_with("unset "),
                "only export and unset lines on stdout: {line}"
            );
        }
    }
    for key in [
        "AWS_ENDPOINT_URL",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_REGION",
        "KUBECONFIG",
    ] {
        assert!(
            env.iter().any(|(k, _)| k == key),
            "{key} is exported: {exports}"
        );
    }
    let pids: Vec<i32> = {
        let state_json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(state.join("state.json")).unwrap())
                .unwrap();
        state_json["pids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_i64().unwrap() as i32)
            .collect()
    };

    let mut failures = Vec::new();
    for command in &commands[1..commands.len() - 1] {
        let words: Vec<&str> = command.split(' ').collect();
        assert_eq!(
            words[0], "epi",
            "only epi commands between up and down: {command}"
        );
        let mut cmd = common::epi_std();
        cmd.args(&words[1..])
            .current_dir(work.path())
            .env("HOME", work.path())
            .env("AWS_CONFIG_FILE", work.path().join("no-config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                work.path().join("no-credentials"),
            )
            .env_remove("KUBECONFIG");
        for (k, v) in &env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let expected = if command.contains("migrate-irsa") && command.contains("--dry-run") {
            3
        } else {
            0
        };
        if out.status.code() != Some(expected) {
            failures.push(format!(
                "{command}: exit {:?}, expected {expected}\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    let (code, unsets, err) = sandbox(&state, "down");
    assert_eq!(code, 0, "sandbox down: {err}");
    assert!(unsets.starts_with("unset "), "{unsets}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(!state.exists(), "down removes its state");
    std::thread::sleep(std::time::Duration::from_millis(200));
    for pid in pids {
        let gone = Command::new("kill")
            .args(["-0", &pid.to_string()])
            .output()
            .unwrap();
        assert!(
            !gone.status.success(),
            "process {pid} still runs after down"
        );
    }
}
