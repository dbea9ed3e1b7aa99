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
        "AWS_DEFAULT_REGION",
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
    // down puts the variables up changed back (behaviour change, #25): unset what was unset,
    // export what was set.
    assert!(
        unsets
            .lines()
            .all(|l| l.starts_with("unset ") || l.starts_with("export ")),
        "{unsets}"
    );
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

/// `eval "$(scripts/sandbox up)"` then `eval "$(scripts/sandbox down)"` gives the shell back as it
/// was: set, unset and empty variables alike, even with a profile that does not exist (#25).
#[test]
fn down_puts_the_shells_variables_back() {
    let work = tempfile::tempdir().unwrap();
    let state = work.path().join("sandbox-state");
    let script = format!(
        r#"set -e
cd {root}
export AWS_PROFILE=no-such-profile AWS_REGION=eu-west-1 KUBECONFIG="$HOME/.kube/prod dir" AWS_DEFAULT_PROFILE=
unset AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ACCESS_KEY_ID
eval "$(scripts/sandbox up)"
[ "$AWS_REGION" = us-east-1 ] && [ -z "${{AWS_PROFILE+x}}" ]
eval "$(scripts/sandbox down)"
echo "profile=${{AWS_PROFILE-unset}} region=${{AWS_REGION-unset}} kubeconfig=${{KUBECONFIG-unset}} default=[${{AWS_DEFAULT_PROFILE-unset}}] token=${{AWS_SESSION_TOKEN-unset}} endpoint=${{AWS_ENDPOINT_URL-unset}} key=${{AWS_ACCESS_KEY_ID-unset}}"
"#,
        root = env!("CARGO_MANIFEST_DIR")
    );
    let out = Command::new("bash")
        .args(["-c", &script])
        .env("EPI_SANDBOX_DIR", &state)
        .env("HOME", work.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout.trim(),
        format!(
            "profile=no-such-profile region=eu-west-1 kubeconfig={}/.kube/prod dir default=[] token=unset endpoint=unset key=unset",
            work.path().display()
        )
    );
    assert!(!state.exists(), "down removes its state");
}

/// A failure in `up` prints one line with a hint, exits non-zero, prints nothing to eval and
/// leaves nothing behind (#25).
#[test]
fn a_failed_up_leaves_nothing_behind() {
    let work = tempfile::tempdir().unwrap();
    // A state directory that cannot be made (its parent is a file).
    std::fs::write(work.path().join("file"), "").unwrap();
    let state = work.path().join("file").join("state");
    let (code, stdout, stderr) = sandbox(&state, "up");
    assert_ne!(code, 0);
    assert!(stdout.is_empty(), "nothing to eval: {stdout}");
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.starts_with("bash:") && !l.starts_with("venv"))
        .collect();
    assert!(
        lines
            .last()
            .is_some_and(|l| l.contains("up failed") && l.contains("hint")),
        "{stderr}"
    );
    assert!(!stderr.contains("Traceback"), "{stderr}");
}
