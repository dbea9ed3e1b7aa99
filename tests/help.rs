//! `--help` of every command, as snapshots: a change to the command line shows up in review.

mod common;
use common::run;

/// Every command path of the clap tree (the root first), so a new command gets a snapshot.
fn commands() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(path.clone());
        for sub in cmd.get_subcommands() {
            if sub.get_name() == "help" {
                continue;
            }
            let mut next = path.clone();
            next.push(sub.get_name().to_string());
            walk(sub, next, out);
        }
    }
    let mut out = Vec::new();
    walk(
        &<epi::cli::Cli as clap::CommandFactory>::command(),
        Vec::new(),
        &mut out,
    );
    out
}

#[test]
fn help_snapshots() {
    let commands = commands();
    // The commands that had hand-listed snapshots before the list came from the tree.
    for known in [
        &["migrate-irsa", "rollback"][..],
        &["policy", "abac", "sqs"],
        &["doctor"],
    ] {
        assert!(
            commands.iter().any(|c| c == known),
            "{known:?} is not in the clap tree"
        );
    }
    for command in &commands {
        let mut args: Vec<&str> = command.iter().map(String::as_str).collect();
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

/// README's command table names every top-level command of the clap tree (`epi doctor` was missing
/// once), and no command that does not exist.
#[test]
fn readme_command_table_lists_every_command() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table: Vec<&str> = readme
        .lines()
        .skip_while(|l| !l.starts_with("| command |"))
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert!(table.len() > 2, "README has no command table");
    let cli = <epi::cli::Cli as clap::CommandFactory>::command();
    let names: Vec<&str> = cli
        .get_subcommands()
        .map(|c| c.get_name())
        .filter(|n| *n != "help")
        .collect();
    for name in &names {
        assert!(
            table
                .iter()
                .any(|row| row.starts_with(&format!("| `epi {name}"))),
            "README's command table lacks `epi {name}`"
        );
    }
    for row in &table[2..] {
        let first = row.split('`').nth(1).unwrap_or_default();
        let top = first.split_whitespace().nth(1).unwrap_or_default();
        assert!(
            names.contains(&top),
            "README's command table names `{first}`, which is not a command"
        );
    }
}

/// #33 item 1: at 80 columns no example is reflowed: each `epi …` example line (and each of its
/// `\` continuations) fits, so it is printed as written and pastes as one command.
#[test]
fn examples_are_never_reflowed_at_80_columns() {
    let mut bad = Vec::new();
    for command in commands() {
        let mut args: Vec<String> = command.clone();
        args.push("--help".into());
        let out = common::epi()
            .env("COLUMNS", "80")
            .args(&args)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let mut in_examples = false;
        let mut continued = false;
        for line in text.lines() {
            if line.trim_end().ends_with("Examples:") {
                in_examples = true;
                continue;
            }
            if in_examples && line.trim().is_empty() {
                in_examples = false;
                continued = false;
                continue;
            }
            if !in_examples {
                continue;
            }
            let t = line.trim_start();
            // An example starts with `epi`, or continues the line before it.
            if !(t.starts_with("epi ") || t == "epi" || continued) {
                bad.push(format!("{command:?}: reflowed: {line:?}"));
            }
            if line.chars().count() > 80 || t == "\\" {
                bad.push(format!("{command:?}: {line:?}"));
            }
            continued = t.ends_with('\\');
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
