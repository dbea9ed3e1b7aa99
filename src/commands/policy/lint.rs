//! `epi policy lint FILE|-`: report the findings; exit 1 when any is an error.

use crate::cli::LintArgs;
use crate::error::{Result, exit};
use crate::output::{self, DataFormat, Printer};
use crate::policy::lint::{self, Severity};

pub fn run(args: &LintArgs, printer: Printer) -> Result<u8> {
    let (name, text) = read_input(&args.file)?;
    let findings = lint::lint_text(&name, &text, args.kind)?;
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;

    let rendered = match args.output {
        DataFormat::Json => output::to_json(&findings),
        DataFormat::Yaml => output::to_yaml(&findings),
        DataFormat::Table if findings.is_empty() => String::new(),
        DataFormat::Table => {
            let mut table = output::table(&["SEVERITY", "RULE", "LOCATION", "FINDING"]);
            for f in &findings {
                table.add_row(output::row([
                    f.severity.to_string(),
                    f.rule.to_string(),
                    f.location(),
                    format!("{}\nhint: {}", f.message, f.hint),
                ]));
            }
            output::render_table(&table)
        }
    };
    printer.stdout(&rendered)?;
    if findings.is_empty() {
        printer.note(&format!("{name}: no problems found"));
    } else {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        printer.note(&format!(
            "{name}: {}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        ));
    }
    Ok(if errors > 0 {
        exit::FAILURE
    } else {
        exit::SUCCESS
    })
}

fn read_input(path: &std::path::Path) -> Result<(String, String)> {
    crate::files::read_document(path, "policy file")
}
