//! docs/exit-codes.md says exactly what epi does: every exit code a command's `--help` declares
//! is in the table, the table is one table, and the row for 3 names every command that returns it.

mod common;
use std::collections::BTreeSet;

fn documented() -> (BTreeSet<u32>, String) {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/exit-codes.md"))
        .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| l.starts_with("| code")).unwrap();
    let rows: Vec<&str> = lines[first + 2..]
        .iter()
        .take_while(|l| l.starts_with('|'))
        .copied()
        .collect();
    assert!(
        !lines[first + 2 + rows.len()..]
            .iter()
            .any(|l| l.starts_with('|')),
        "a row stands outside the table:\n{text}"
    );
    let mut codes = BTreeSet::new();
    let mut three = String::new();
    for row in rows {
        let cell = row.split('|').nth(1).unwrap();
        for code in cell.split(',') {
            let code: u32 = code.trim().parse().unwrap();
            codes.insert(code);
            if code == 3 {
                three = row.to_string();
            }
        }
    }
    (codes, three)
}

/// The numbers of "Exit codes:"/"Exit status:" text (`0 success, 1 …, 130/143 …`).
fn declared(help: &str) -> BTreeSet<u32> {
    let mut out = BTreeSet::new();
    let flat = help.replace('\n', " ");
    for marker in ["Exit codes:", "Exit status:"] {
        let Some((_, rest)) = flat.split_once(marker) else {
            continue;
        };
        let rest = rest.split(". ").next().unwrap_or(rest);
        for part in rest.split([',', ' ', '/', '(', ')']) {
            if let Ok(code) = part.trim_end_matches(['.', ':']).parse::<u32>()
                && !part.is_empty()
                && (code <= 3 || code == 130 || code == 143)
            {
                out.insert(code);
            }
        }
    }
    out
}

#[test]
fn every_declared_exit_code_is_documented() {
    let (codes, three) = documented();
    for args in [
        vec!["--help"],
        vec!["plan", "--help"],
        vec!["apply", "--help"],
        vec!["migrate-irsa", "--help"],
        vec!["doctor", "--help"],
        vec!["policy", "lint", "--help"],
    ] {
        let out = common::epi().args(&args).output().unwrap();
        let help = String::from_utf8_lossy(&out.stdout);
        let found = declared(&help);
        assert!(
            !found.is_empty(),
            "epi {args:?} declares no exit code:\n{help}"
        );
        assert!(
            found.is_subset(&codes),
            "epi {args:?} declares {found:?}, docs/exit-codes.md has {codes:?}"
        );
    }
    for command in ["epi plan", "epi apply", "epi migrate-irsa"] {
        assert!(
            three.contains(command),
            "the row for 3 misses {command}: {three}"
        );
    }
    let help = String::from_utf8_lossy(&common::epi().arg("--help").output().unwrap().stdout)
        .replace('\n', " ");
    for command in ["plan", "apply", "migrate-irsa"] {
        let pending = help
            .split("3 changes pending")
            .nth(1)
            .unwrap_or_default()
            .split("130")
            .next()
            .unwrap_or_default()
            .to_string();
        assert!(
            pending.contains(command),
            "`epi --help`'s exit code 3 misses {command}: {help}"
        );
    }
}
