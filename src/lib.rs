//! epi: a command-line tool for administering Amazon EKS Pod Identity.
//!
//! Layers (docs/architecture.md): [`cli`] (clap types only) → [`commands`] (one file per verb) →
//! the pure modules [`policy`], [`manifest`] and [`validate`]. [`output`] owns stdout and stderr.

pub mod aws;
pub mod chain;
pub mod cli;
pub mod commands;
pub mod compat;
pub mod error;
pub mod files;
pub mod generated;
pub mod interrupt;
pub mod kube;
pub mod logging;
pub mod manifest;
pub mod output;
pub mod plan;
pub mod policy;
pub mod suggest;
pub mod text;
pub mod usage;
pub mod validate;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use crate::error::exit;
use crate::output::{ERROR, HINT, Printer};

/// Parses the command line, runs the command, reports any error, and returns the exit code.
pub fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout; a closed pipe there is not an error.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(exit::USAGE));
        }
    };
    cli.global.color.apply();
    logging::init(cli.global.verbose, cli.global.debug);
    let printer = Printer::new(cli.global.quiet);
    let code = match commands::run(cli, printer) {
        Ok(code) => code,
        Err(err) => report(&err),
    };
    if let Some(signal) = interrupt::requested() {
        printer.warn("stopped by the signal after the step in flight: what is done is in the report above (and in the backup, where the command keeps one); run the command again to finish, it picks up where this run stopped");
        return ExitCode::from(interrupt::exit_code(signal));
    }
    ExitCode::from(code)
}

/// Prints `error: …`, the causes, and a `hint:` to stderr; returns the exit code.
fn report(err: &anyhow::Error) -> u8 {
    if let Some(error::Error::Stdout(io)) = err.downcast_ref::<error::Error>()
        && io.kind() == std::io::ErrorKind::BrokenPipe
    {
        // `epi … | head`: the reader has what it wanted.
        return exit::SUCCESS;
    }
    let mut stderr = anstream::stderr().lock();
    let clean = |text: String| output::escape_controls(&text).into_owned();
    let _ = writeln!(stderr, "{ERROR}error{ERROR:#}: {}", clean(err.to_string()));
    for cause in err.chain().skip(1) {
        let _ = writeln!(stderr, "  caused by: {}", clean(cause.to_string()));
    }
    match err.downcast_ref::<error::Error>() {
        Some(e) => {
            if let Some(hint) = e.hint() {
                let _ = writeln!(stderr, "{HINT}hint{HINT:#}: {}", clean(hint));
            }
            e.exit_code()
        }
        None => exit::FAILURE,
    }
}
