//! `epi policy lint FILE...`: report the findings of every file (each with its line and column);
//! exit 1 when any is an error.

use serde::Serialize;

use crate::cli::{LintArgs, LintFormat};
use crate::error::{Result, exit};
use crate::output::{self, Printer, github, sarif};
use crate::policy::lint::{self, Finding, Severity};
use crate::policy::spans::{Span, Spans};

/// A finding of one file, with where it stands in the text.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Located<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    /// The file as given (standard input: `--stdin-name`).
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

pub fn run(args: &LintArgs, printer: Printer) -> Result<u8> {
    // Every file read and linted before anything is printed: a file that is not a policy is exit
    // 2 naming it, with nothing half-written.
    let mut linted: Vec<(String, Vec<(Finding, Span)>)> = Vec::new();
    for path in &args.files {
        let (name, text) = crate::files::read_document(path, "policy file")?;
        // One line whatever the name holds (it reaches tables, notes and CI annotations).
        let shown = crate::text::one_line(&if path.as_os_str() == "-" {
            args.stdin_name.clone()
        } else {
            path.display().to_string()
        })
        .into_owned();
        let findings = lint::lint_text(&name, &text, args.kind.map(Into::into))?;
        let spans = Spans::of(&text);
        let located = findings
            .into_iter()
            .map(|f| {
                let span = spans.find(f.statement, &f.field);
                (f, span)
            })
            .collect();
        linted.push((shown, located));
    }
    let all: Vec<(&str, &Finding, Span)> = linted
        .iter()
        .flat_map(|(file, fs)| fs.iter().map(move |(f, s)| (file.as_str(), f, *s)))
        .collect();
    let errors = all
        .iter()
        .filter(|(_, f, _)| f.severity == Severity::Error)
        .count();
    let warnings = all.len() - errors;

    let rendered = match args.output {
        LintFormat::Json | LintFormat::Yaml => {
            let located: Vec<Located<'_>> = all
                .iter()
                .map(|(file, f, s)| Located {
                    finding: f,
                    file,
                    line: s.start.line,
                    column: s.start.column,
                    end_line: s.end.line,
                    end_column: s.end.column,
                })
                .collect();
            if args.output == LintFormat::Json {
                output::to_json(&located)
            } else {
                output::to_yaml(&located)
            }
        }
        LintFormat::Sarif => output::to_json(&sarif_log(&all)),
        LintFormat::Github => all
            .iter()
            .map(|(file, f, s)| {
                github::Annotation {
                    level: level(f.severity).as_str(),
                    file: Some(file.to_string()),
                    region: Some((s.start.line, s.start.column, s.end.line, s.end.column)),
                    title: f.rule.to_string(),
                    message: format!("{}: {} (hint: {})", f.location(), f.message, f.hint),
                }
                .render()
                    + "\n"
            })
            .collect(),
        LintFormat::Table if all.is_empty() => String::new(),
        LintFormat::Table => {
            let several = linted.len() > 1;
            // Narrow columns first, the finding (where in the policy, what, the hint) last and
            // wrapped: 80 columns hold it (#33 item 1).
            let mut headers = vec!["LINE", "SEVERITY", "RULE", "FINDING"];
            if several {
                headers.insert(0, "FILE");
            }
            let mut table = output::table(&headers);
            for (file, f, s) in &all {
                let mut cells = vec![
                    output::Cell::from(format!("{}:{}", s.start.line, s.start.column)),
                    output::Cell::from(f.severity.to_string()),
                    output::Cell::from(f.rule),
                    output::Cell::lines([
                        format!("{}: {}", f.location(), f.message),
                        format!("hint: {}", f.hint),
                    ]),
                ];
                if several {
                    cells.insert(0, output::Cell::from(file));
                }
                table.add_row(output::row(cells));
            }
            output::render_table(&table)
        }
    };
    printer.stdout(&rendered)?;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    for (file, fs) in &linted {
        if fs.is_empty() {
            printer.note(&format!("{file}: no problems found"));
        } else {
            let e = fs
                .iter()
                .filter(|(f, _)| f.severity == Severity::Error)
                .count();
            printer.note(&format!(
                "{file}: {}, {}",
                plural(e, "error"),
                plural(fs.len() - e, "warning")
            ));
        }
    }
    if linted.len() > 1 {
        printer.note(&format!(
            "{} files: {}, {}",
            linted.len(),
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

fn level(s: Severity) -> sarif::Level {
    match s {
        Severity::Error => sarif::Level::Error,
        Severity::Warning => sarif::Level::Warning,
    }
}

/// A rule's description up to its explanation (`…: IAM then reads them as literal text`), never
/// cut inside a token: `aws:PrincipalTag`, `sts:AssumeRole`, `ForAnyValue:` and `{"AWS": "*"}` stay
/// whole (#33 item 12: 12 of 34 were cut at their first colon, `"iam"`, `"a ${aws"`).
fn short_description(description: &str) -> String {
    // An explanation follows ": " after a word and starts a new clause with a capital.
    let cut = description.match_indices(": ").find(|(i, _)| {
        description[..*i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == ')')
            && description[i + 2..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_uppercase())
    });
    match cut {
        Some((i, _)) => description[..i].trim().to_string(),
        None => description.trim().to_string(),
    }
}

/// Every rule of the linter and one result per finding.
fn sarif_log(all: &[(&str, &Finding, Span)]) -> serde_json::Value {
    let rules: Vec<sarif::Rule> = lint::RULES
        .iter()
        .map(|(id, severity, description)| sarif::Rule {
            id: id.to_string(),
            short: short_description(description),
            full: description.to_string(),
            help: format!("{description}. See `epi policy lint` in docs/commands.md (rule {id})."),
            level: if *severity == "warning" {
                sarif::Level::Warning
            } else {
                sarif::Level::Error
            },
        })
        .collect();
    let findings: Vec<sarif::Finding> = all
        .iter()
        .map(|(file, f, s)| sarif::Finding {
            rule: f.rule.to_string(),
            level: level(f.severity),
            message: format!("{}: {} (hint: {})", f.location(), f.message, f.hint),
            location: sarif::Location::File {
                path: file.to_string(),
                region: Some((s.start.line, s.start.column, s.end.line, s.end.column)),
            },
            identity: format!("{}|{file}|{}|{}", f.rule, f.location(), f.message),
        })
        .collect();
    sarif::render(&rules, &findings)
}
