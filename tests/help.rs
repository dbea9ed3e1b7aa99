//! `--help` of every command, as snapshots: a change to the command line shows up in review.

mod common;
use common::run;

const COMMANDS: &[&[&str]] = &[
    &[],
    &["policy"],
    &["policy", "trust"],
    &["policy", "abac"],
    &["policy", "abac", "s3-prefix"],
    &["policy", "abac", "dynamodb"],
    &["policy", "abac", "secrets-manager"],
    &["policy", "abac", "ssm-parameters"],
    &["policy", "abac", "sqs"],
    &["policy", "lint"],
    &["s3-csi"],
    &["s3-csi", "scaffold"],
    &["completions"],
    &["addon"],
    &["addon", "install"],
    &["addon", "status"],
    &["association"],
    &["association", "create"],
    &["association", "list"],
    &["association", "describe"],
    &["association", "update"],
    &["association", "delete"],
    &["migrate-irsa"],
    &["migrate-irsa", "rollback"],
];

#[test]
fn help_snapshots() {
    for command in COMMANDS {
        let mut args = command.to_vec();
        args.push("--help");
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        let name = if command.is_empty() {
            "epi".to_string()
        } else {
            format!("epi-{}", command.join("-"))
        };
        insta::assert_snapshot!(name, out);
    }
}

#[test]
fn version() {
    let (code, out, _) = run(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(out, format!("epi {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn no_command_is_usage_error() {
    let (code, out, err) = run(&[]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("Usage:"), "{err}");
}
