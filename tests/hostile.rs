//! What a new user and a hostile environment hit first (#15): endpoints that refuse, are silent
//! or are not AWS; output paths that are devices, links or private files; inputs that never end;
//! names with terminal escapes; and the association commands' safety slips.

mod common;
use common::testbed::TestBed;
use common::{epi, run};

use std::io::{Read, Write};
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use serde_json::json;

/// Error output must never be Rust Debug output.
fn assert_no_debug(text: &str) {
    for marker in [
        "DispatchFailure",
        "ConnectorError",
        " { ",
        "Some(",
        "kind: ",
        "source: ",
    ] {
        assert!(
            !text.contains(marker),
            "Debug output ({marker:?}) in:\n{text}"
        );
    }
}

fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// An epi pointed at `endpoint` with dummy credentials and no AWS files.
fn aws_epi(endpoint: &str, dir: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = epi();
    cmd.env("AWS_ACCESS_KEY_ID", "AKIDTEST")
        .env("AWS_SECRET_ACCESS_KEY", "secret")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", dir.join("none"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("none"))
        .env("HOME", dir)
        .timeout(Duration::from_secs(60));
    cmd
}

#[test]
fn connection_refused_fails_fast_in_one_line_naming_the_endpoint() {
    let dir = tempfile::tempdir().unwrap();
    let endpoint = format!("http://127.0.0.1:{}", closed_port());
    for args in [
        &["addon", "status", "--cluster", "demo"][..],
        &["association", "list", "--cluster", "demo"],
        &["doctor", "--cluster", "demo", "--no-kube"],
    ] {
        let start = Instant::now();
        let out = aws_epi(&endpoint, dir.path()).args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{args:?} took {:?}",
            start.elapsed()
        );
        let first = err.lines().next().unwrap_or_default();
        assert!(
            first.contains(&endpoint) && first.contains("refused"),
            "{first}"
        );
        assert_no_debug(&err);
    }
}

#[test]
fn a_silent_endpoint_fails_after_the_read_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let start = Instant::now();
    let out = aws_epi(&endpoint, dir.path())
        .args([
            "addon",
            "status",
            "--cluster",
            "demo",
            "--read-timeout",
            "1",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "took {:?}",
        start.elapsed()
    );
    assert!(
        err.contains("no answer") && err.contains(&endpoint),
        "{err}"
    );
    assert_no_debug(&err);
}

#[test]
fn a_tls_mismatch_fails_fast() {
    let dir = tempfile::tempdir().unwrap();
    // A plain-HTTP server asked for TLS.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut s = stream;
            let _ = s.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        }
    });
    let endpoint = format!("https://127.0.0.1:{port}");
    let start = Instant::now();
    let out = aws_epi(&endpoint, dir.path())
        .args(["addon", "status", "--cluster", "demo"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
    assert!(err.contains("TLS") && err.contains(&endpoint), "{err}");
    assert_no_debug(&err);
}

/// An HTML 404 page is not "check the AWS Health Dashboard": it is the wrong endpoint.
#[test]
fn an_html_page_is_not_an_aws_api() {
    let dir = tempfile::tempdir().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut s = stream;
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let body = format!(
                "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>{}</body></html>",
                "x".repeat(2000)
            );
            let _ = write!(
                s,
                "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let endpoint = format!("http://127.0.0.1:{port}");
    let out = aws_epi(&endpoint, dir.path())
        .args(["addon", "status", "--cluster", "demo"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("does not look like an AWS API") && err.contains(&endpoint),
        "{err}"
    );
    assert!(
        err.contains("404") && !err.contains("Health Dashboard"),
        "{err}"
    );
    assert!(err.len() < 1000, "the body is cut: {err}");
    assert_no_debug(&err);
}

#[test]
fn outputs_replace_only_regular_files() {
    let dir = tempfile::tempdir().unwrap();
    // A device, a directory and a FIFO are refused, exit 2, and left as they were.
    let fifo = dir.path().join("fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for target in [std::path::Path::new("/dev/null"), dir.path(), &fifo] {
        let (code, _, err) = run(&["policy", "trust", "-f", target.to_str().unwrap()]);
        assert_eq!(code, 2, "{}: {err}", target.display());
        assert!(err.contains(target.to_str().unwrap()), "{err}");
    }
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device_like()
    );
    let (code, _, err) = run(&[
        "s3-csi",
        "scaffold",
        "--bucket",
        "data",
        "--name",
        "data",
        "--with-policy",
        "--policy-file",
        "/dev/null",
    ]);
    assert_eq!(code, 2, "{err}");

    // A symlink is followed and kept; an existing file keeps its mode.
    let real = dir.path().join("trust.json");
    std::fs::write(&real, "{}").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let (code, _, err) = run(&["policy", "trust", "-f", link.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .contains("pods.eks.amazonaws.com")
    );
    assert_eq!(
        std::fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o640
    );

    // A new file gets 0666 less the umask (the test's umask is the process's: 022 here).
    let new = dir.path().join("new.json");
    let out = epi()
        .args(["policy", "trust", "-f", new.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let mode = std::fs::metadata(&new).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode & 0o600, 0o600, "{mode:o}");
    assert_ne!(mode, 0o600, "not the temporary file's 0600: {mode:o}");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

trait CharDevice {
    fn is_char_device_like(&self) -> bool;
}
impl CharDevice for std::fs::FileType {
    fn is_char_device_like(&self) -> bool {
        use std::os::unix::fs::FileTypeExt;
        self.is_char_device()
    }
}

/// A FIFO must not block and /dev/zero must not grow until memory runs out.
#[test]
fn inputs_are_regular_files_or_stdin_with_a_cap() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for input in [fifo.to_str().unwrap(), "/dev/zero"] {
        let out = epi()
            .args(["policy", "lint", input])
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{input}: {err}");
        assert!(err.contains("not a regular file"), "{err}");
    }
    // Standard input is capped too.
    let out = epi()
        .args(["policy", "lint", "-"])
        .write_stdin(vec![b' '; 5 * 1024 * 1024])
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // --session-policy reads the same way, before any AWS call.
    let bed = TestBed::start();
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
        "arn:aws:iam::000000000000:role/r",
        "--disable-session-tags",
        "--session-policy",
        fifo.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        bed.calls().is_empty(),
        "no AWS call before the input is read"
    );
}

fn scoped_role(bed: &TestBed, name: &str) -> String {
    bed.create_role(
        name,
        &json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"aws:RequestTag/kubernetes-namespace":"team-b","aws:RequestTag/kubernetes-service-account":"api"}}}]}),
    )
}

/// Disabling session tags on a role whose trust requires request tags would break the workload:
/// refused; --fix-trust alone is not enough (the fix cannot be scoped); with
/// --allow-unscoped-trust the statement is added and the change is said plainly.
#[test]
fn disabling_session_tags_rechecks_the_trust() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    let role = scoped_role(&bed, "team-b-api");
    bed.create_association("prod", "team-b", "api", &role);
    let update = [
        "association",
        "update",
        "--cluster",
        "prod",
        "--namespace",
        "team-b",
        "--service-account",
        "api",
        "--disable-session-tags",
    ];

    let (code, _, err) = bed.run(&update);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("session tags are disabled"), "{err}");
    assert_eq!(
        bed.associations("prod")[0].disable_session_tags(),
        Some(false)
    );

    let mut fix = update.to_vec();
    fix.push("--fix-trust");
    let (code, _, err) = bed.run(&fix);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("--allow-unscoped-trust") && err.contains("NOT scoped"),
        "{err}"
    );
    assert_eq!(
        bed.trust_policy("team-b-api").unwrap()["Statement"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        bed.associations("prod")[0].disable_session_tags(),
        Some(false)
    );

    fix.push("--allow-unscoped-trust");
    let (code, _, err) = bed.run(&fix);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("UNSCOPED"), "{err}");
    assert_eq!(
        bed.associations("prod")[0].disable_session_tags(),
        Some(true)
    );
    let statements = bed.trust_policy("team-b-api").unwrap()["Statement"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        statements.len(),
        2,
        "the scoped statement is kept: {statements:?}"
    );
}

/// `--fix-trust` on create with session tags disabled: the same explicit yes.
#[test]
fn unscoped_trust_on_create_needs_an_explicit_yes() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    let role = scoped_role(&bed, "r");
    let create = [
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "team-c",
        "--service-account",
        "web",
        "--role-arn",
        &role,
        "--disable-session-tags",
        "--fix-trust",
    ];
    let (code, _, err) = bed.run(&create);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--allow-unscoped-trust"), "{err}");
    assert!(bed.associations("prod").is_empty());

    // A role created for an association without session tags: the same explicit yes (--no-scope).
    let new_role = [
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "team-c",
        "--service-account",
        "web",
        "--create-role",
        "--role-name",
        "web",
        "--disable-session-tags",
    ];
    let (code, _, err) = bed.run(&new_role);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--no-scope"), "{err}");
    assert!(bed.trust_policy("web").is_none(), "no role was created");
    let mut yes = new_role.to_vec();
    yes.push("--no-scope");
    let (code, _, err) = bed.run(&yes);
    assert_eq!(code, 0, "{err}");
}

/// A role ARN of another partition names another role: refused before anything is changed.
#[test]
fn a_role_arn_of_another_partition_is_refused() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    let role = bed.create_role("app", &common::testbed::pod_identity_trust());
    let cn = role.replace("arn:aws:", "arn:aws-cn:");
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
        &cn,
        "--fix-trust",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("aws-cn") && err.contains("\"aws\""), "{err}");
    assert!(bed.associations("prod").is_empty());
    bed.create_association("prod", "a", "b", &role);
    let (code, _, err) = bed.run(&[
        "association",
        "update",
        "--cluster",
        "prod",
        "--namespace",
        "a",
        "--service-account",
        "b",
        "--role-arn",
        &cn,
    ]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = bed.run(&[
        "association",
        "update",
        "--cluster",
        "prod",
        "--namespace",
        "a",
        "--service-account",
        "b",
        "--target-role-arn",
        "arn:aws-us-gov:iam::111122223333:role/t",
    ]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(bed.associations("prod")[0].role_arn(), Some(role.as_str()));
}

/// Names from AWS with terminal escapes are shown escaped, never obeyed.
#[test]
fn control_characters_from_aws_are_escaped() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    let role = bed.create_role("app", &common::testbed::pod_identity_trust());
    bed.block_on(
        bed.eks()
            .create_pod_identity_association()
            .cluster_name("prod")
            .namespace("a")
            .service_account("b")
            .role_arn(&role)
            .tags("note", "\u{1b}]0;pwned\u{7}\u{1b}[2J")
            .send(),
    )
    .unwrap();
    let (code, out, err) = bed.run(&[
        "association",
        "describe",
        "--cluster",
        "prod",
        "--namespace",
        "a",
        "--service-account",
        "b",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("\\u{1b}"), "{out}");
    // JSON keeps the value exactly (JSON escapes it itself).
    let (_, json_out, _) = bed.run(&[
        "association",
        "describe",
        "--cluster",
        "prod",
        "--namespace",
        "a",
        "--service-account",
        "b",
        "-o",
        "json",
    ]);
    assert!(json_out.contains("\\u001b]0;pwned"), "{json_out}");
}

/// On a terminal, a call that keeps epi waiting shows a spinner naming the endpoint (`script`
/// gives the run a pseudo-terminal); off a terminal nothing is drawn.
#[test]
fn a_long_wait_shows_a_spinner_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let bin = assert_cmd::cargo::cargo_bin("epi");
    let out = std::process::Command::new("script")
        .args(["-qec"])
        .arg(format!(
            "{} addon status --cluster demo --read-timeout 3",
            bin.display()
        ))
        .arg("/dev/null")
        .env("AWS_ACCESS_KEY_ID", "AKIDTEST")
        .env("AWS_SECRET_ACCESS_KEY", "secret")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ENDPOINT_URL", &endpoint)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", dir.path().join("none"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.path().join("none"))
        .env("HOME", dir.path())
        .env("TERM", "xterm")
        .env_remove("NO_COLOR")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("script runs");
    let seen = String::from_utf8_lossy(&out.stdout);
    assert!(seen.contains(&format!("waiting for {endpoint}")), "{seen}");

    // Off a terminal: the same wait draws nothing.
    let out = aws_epi(&endpoint, dir.path())
        .args([
            "addon",
            "status",
            "--cluster",
            "demo",
            "--read-timeout",
            "3",
        ])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("waiting for"));
}

/// Issue #32, item 9: a file name (or an AccessTests name) holding line breaks cannot start a line
/// of its own anywhere epi prints it, where a CI log would read it as a workflow command
/// (`::error …`, `::stop-commands::…`).
#[test]
fn names_with_line_breaks_never_start_a_line_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let name = "x\n::error title=security review::APPROVED\n::stop-commands::t0k.json";
    let path = dir.path().join(name);
    std::fs::write(
        &path,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObjectz","Resource":"*"}]}"#,
    )
    .unwrap();
    let injected = |text: &str| {
        text.lines().any(|l| {
            l.trim_start().starts_with("::stop-commands")
                || l.trim_start().starts_with("::error title=security")
        })
    };
    for format in ["table", "json", "github", "sarif"] {
        let (code, out, err) = run(&["policy", "lint", "-o", format, path.to_str().unwrap()]);
        assert_eq!(code, 1, "{format}: {out}{err}");
        assert!(!injected(&out), "{format} stdout:\n{out}");
        assert!(!injected(&err), "{format} stderr:\n{err}");
    }
    // A file that cannot be read: the error names it on one line.
    let missing = dir
        .path()
        .join("gone\n::error title=security review::APPROVED.json");
    let (code, out, err) = run(&["policy", "lint", missing.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(!injected(&err), "{err}");
    // An AccessTests name with a line break, refused or reported, stays on its line.
    let tests = dir.path().join("tests.yaml");
    std::fs::write(
        &tests,
        "apiVersion: epi/v1alpha1\nkind: AccessTests\ncluster: prod\ntests:\n  - name: \"ok\\n::error title=security review::APPROVED\"\n    serviceAccount: team-a/app\n    action: s3:GetObject\n    resource: arn:aws:s3:::data/x\n    expect: allowed\n",
    )
    .unwrap();
    let (_, out, err) = run(&[
        "access",
        "test",
        "-f",
        tests.to_str().unwrap(),
        "--region",
        "us-east-1",
    ]);
    assert!(!injected(&out) && !injected(&err), "{out}{err}");
    // A policy's values (a Resource with a line break, a condition value) in simulate's table
    // and near misses stay on their lines.
    let policy = dir.path().join("p.json");
    std::fs::write(
        &policy,
        json!({"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::b/x\n::error title=security review::APPROVED/*",
            "Condition": {"StringEquals": {"aws:PrincipalTag/team": "a\n::stop-commands::t0k"}}}]})
        .to_string(),
    )
    .unwrap();
    for resource in [
        "arn:aws:s3:::b/y",
        "arn:aws:s3:::b/x\n::error title=security review::APPROVED/z",
    ] {
        let (_, out, err) = run(&[
            "policy",
            "simulate",
            "--policy",
            policy.to_str().unwrap(),
            "--action",
            "s3:GetObject",
            "--resource",
            resource,
        ]);
        assert!(!injected(&out) && !injected(&err), "{out}{err}");
        assert!(out.contains("\\u{a}::error title=security"), "{out}");
    }
}

/// Issue #32, item 9: values AWS returns that span lines (a session policy as the user wrote it)
/// are printed on one line in tables: a document as compact JSON, so no part of it starts a line.
#[test]
fn documents_from_aws_are_one_line_in_tables() {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    let role = bed.create_role("app", &common::testbed::pod_identity_trust());
    let policy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\",\n\"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]\n}";
    bed.block_on(
        bed.eks()
            .create_pod_identity_association()
            .cluster_name("prod")
            .namespace("a")
            .service_account("b")
            .role_arn(&role)
            .disable_session_tags(true)
            .policy(policy)
            .send(),
    )
    .unwrap();
    let (code, out, err) = bed.run(&[
        "association",
        "describe",
        "--cluster",
        "prod",
        "--namespace",
        "a",
        "--service-account",
        "b",
    ]);
    assert_eq!(code, 0, "{err}");
    let line = out
        .lines()
        .find(|l| l.starts_with("Session policy"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        line.ends_with(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#),
        "{out}"
    );
}
