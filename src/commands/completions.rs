//! `epi completions SHELL`: the completion script on stdout (the same text as `completions/`).

use crate::cli::CompletionsArgs;
use crate::error::{Result, exit};
use crate::generated::completion_script;
use crate::output::Printer;

pub fn run(args: &CompletionsArgs, printer: Printer) -> Result<u8> {
    let script = completion_script(args.shell);
    printer.stdout(&String::from_utf8_lossy(&script))?;
    Ok(exit::SUCCESS)
}
