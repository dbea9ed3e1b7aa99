//! `epi policy …`: offline policy generation and linting.

pub mod abac;
pub mod lint;
pub mod simulate;
pub mod trust;
pub mod well_known;

use crate::cli::PolicyOutputArgs;
use crate::error::Result;
use crate::output::{self, Printer};
use crate::policy::PolicyDocument;

/// Prints (or writes) a generated policy in the requested format.
fn emit(doc: &PolicyDocument, out: &PolicyOutputArgs, printer: Printer) -> Result<()> {
    printer.document(
        &output::render_document(doc, out.output),
        out.file.as_deref(),
    )?;
    if let Some(path) = &out.file {
        printer.note(&format!("wrote {}", path.display()));
    }
    Ok(())
}

/// Refuses an unusable output path before any work is done.
fn precheck(out: &PolicyOutputArgs) -> Result<()> {
    match &out.file {
        Some(path) => output::check_output_path(path),
        None => Ok(()),
    }
}
