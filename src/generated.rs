//! Files generated from the clap definitions and committed: shell completions (`completions/`) and
//! man pages (`man/`). `tests/generated.rs` fails when they are stale and rewrites them with
//! `EPI_BLESS=1`.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// The completion script for a shell.
pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "epi", &mut buf);
    buf
}

/// Completion files, as (path under the repository, contents).
pub fn completion_files() -> Vec<(String, Vec<u8>)> {
    [
        (Shell::Bash, "completions/epi.bash"),
        (Shell::Zsh, "completions/_epi"),
        (Shell::Fish, "completions/epi.fish"),
        (Shell::PowerShell, "completions/_epi.ps1"),
        (Shell::Elvish, "completions/epi.elv"),
    ]
    .into_iter()
    .map(|(shell, path)| (path.to_string(), completion_script(shell)))
    .collect()
}

/// One man page per command and subcommand: `man/epi.1`, `man/epi-policy-trust.1`, …
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut out = Vec::new();
    collect_pages(&cmd, "", &mut out);
    out
}

fn collect_pages(cmd: &clap::Command, parent: &str, out: &mut Vec<(String, Vec<u8>)>) {
    let name = if parent.is_empty() {
        cmd.get_name().to_string()
    } else {
        format!("{parent}-{}", cmd.get_name())
    };
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone().name(name.clone()))
        .render(&mut buf)
        .expect("rendering into memory cannot fail");
    out.push((format!("man/{name}.1"), buf));
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        collect_pages(sub, &name, out);
    }
}

/// Every generated file.
pub fn all_files() -> Vec<(String, Vec<u8>)> {
    let mut files = completion_files();
    files.extend(man_pages());
    files
}
