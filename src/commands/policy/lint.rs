//! `epi policy lint FILE|-`: report the findings; exit 1 when any is an error.

use std::io::Read;

use crate::cli::LintArgs;
use crate::error::{Error, Result, exit};
use crate::output::{self, DataFormat, Printer};
use crate::policy::lint::{self, Severity};

pub fn run(args: &LintArgs, printer: Printer) -> Result<u8> {
    let (name, text) = read_input(&args.file)?;
    let policy = lint::parse(&name, &text)?;
    let findings = lint::lint(&policy);
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
                table.add_row(vec![
                    f.severity.to_string(),
                    f.rule.to_string(),
                    f.location(),
                    format!("{}\nhint: {}", f.message, f.hint),
                ]);
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
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|source| Error::Read {
                path: path.to_path_buf(),
                source,
            })?;
        return Ok(("<stdin>".to_string(), text));
    }
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok((path.display().to_string(), text))
}
