//! `epi schema`: the JSON Schema of a declarative document kind, offline.

use crate::cli::{SchemaArgs, SchemaKind};
use crate::error::{Result, exit};
use crate::output::Printer;

pub fn run(args: &SchemaArgs, printer: Printer) -> Result<u8> {
    let schema = match args.kind {
        SchemaKind::All => crate::manifest::schema_all(),
        SchemaKind::PodIdentityConfig => crate::manifest::config::schema(),
        SchemaKind::AccessTests => crate::manifest::access_tests::schema(),
        SchemaKind::PodIdentitySnapshot => crate::plan::snapshot::schema(),
    };
    printer.stdout(&crate::output::to_json(&schema))?;
    Ok(exit::SUCCESS)
}
