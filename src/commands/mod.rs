//! One module per command group, one file per verb. A verb takes its parsed arguments and the
//! printer, calls the pure modules, and returns the exit code.

pub mod completions;
pub mod policy;
pub mod s3_csi;

use crate::cli::{Cli, Command, PolicyCommand, S3CsiCommand};
use crate::output::Printer;

pub fn run(cli: Cli, printer: Printer) -> anyhow::Result<u8> {
    let code = match cli.command {
        Command::Policy(PolicyCommand::Trust(args)) => policy::trust::run(&args, printer)?,
        Command::Policy(PolicyCommand::Abac(args)) => policy::abac::run(&args, printer)?,
        Command::Policy(PolicyCommand::Lint(args)) => policy::lint::run(&args, printer)?,
        Command::S3Csi(S3CsiCommand::Scaffold(args)) => s3_csi::scaffold::run(&args, printer)?,
        Command::Completions(args) => completions::run(&args, printer)?,
    };
    Ok(code)
}
