//! `epi schema`: the declarative file's JSON Schema, offline.

use crate::cli::SchemaArgs;
use crate::error::{Result, exit};
use crate::output::Printer;

pub fn run(_args: &SchemaArgs, printer: Printer) -> Result<u8> {
    printer.stdout(&crate::output::to_json(&crate::manifest::config::schema()))?;
    Ok(exit::SUCCESS)
}
