//! doctor's reports in the CI formats, through the one writer of each (`output::junit`,
//! `output::sarif`, `output::github`). A check has no file: SARIF names it by a logical location
//! (`CLUSTER/SUBJECT`), annotations carry no file.

use super::{Report, Status};
use crate::output::{github, junit, sarif};

/// JUnit: a suite per cluster, a case per check; a failed check fails its case, and with
/// `--strict` (the report's) a warning or a skip does too; otherwise a skip is `<skipped>`.
pub fn junit(reports: &[&Report]) -> String {
    let suites: Vec<junit::Suite> = reports
        .iter()
        .map(|r| junit::Suite {
            name: format!("doctor {} ({})", r.cluster, r.region),
            cases: r
                .checks
                .iter()
                .map(|c| {
                    let fails = match c.status {
                        Status::Fail => true,
                        Status::Warn | Status::Skip => r.strict,
                        Status::Pass => false,
                    };
                    junit::Case {
                        classname: format!(
                            "epi.doctor.{}.{}",
                            r.cluster,
                            serde_json::to_value(c.area)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_string))
                                .unwrap_or_default()
                        ),
                        name: format!("{} {}", c.check, c.subject),
                        file: None,
                        failure: fails.then(|| junit::Failure {
                            message: format!("{}: {}", c.status.word(), c.message),
                            kind: c.check.to_string(),
                            text: detail(c),
                        }),
                        skipped: (!fails && c.status == Status::Skip).then(|| c.message.clone()),
                    }
                })
                .collect(),
        })
        .collect();
    junit::render("epi doctor", &suites)
}

fn detail(c: &super::Check) -> String {
    let mut text = c.message.clone();
    for e in &c.evidence {
        text.push_str(&format!("\nevidence: {e}"));
    }
    if let Some(h) = &c.hint {
        text.push_str(&format!("\nhint: {h}"));
    }
    text
}

fn level(s: Status) -> Option<sarif::Level> {
    match s {
        Status::Fail => Some(sarif::Level::Error),
        Status::Warn => Some(sarif::Level::Warning),
        Status::Skip => Some(sarif::Level::Note),
        Status::Pass => None,
    }
}

fn message(c: &super::Check) -> String {
    match &c.hint {
        Some(h) => format!("{} (hint: {h})", c.message),
        None => c.message.clone(),
    }
}

/// SARIF: a rule per check id that appears, a result per check that did not pass.
pub fn sarif(reports: &[&Report]) -> serde_json::Value {
    let mut rules: Vec<sarif::Rule> = Vec::new();
    let mut findings = Vec::new();
    for r in reports {
        for c in &r.checks {
            if !rules.iter().any(|x| x.id == c.check) {
                rules.push(sarif::Rule {
                    id: c.check.to_string(),
                    short: format!("doctor check {}", c.check),
                    full: format!(
                        "epi doctor's {} check (docs/commands.md, `epi doctor`)",
                        c.check
                    ),
                    help: "run `epi doctor --cluster CLUSTER` for the full report with hints"
                        .into(),
                    level: sarif::Level::Error,
                });
            }
            let Some(level) = level(c.status) else {
                continue;
            };
            let name = format!("{}/{}", r.cluster, c.subject);
            findings.push(sarif::Finding {
                rule: c.check.to_string(),
                level,
                message: message(c),
                identity: format!("{}|{}|{name}", c.check, r.region),
                location: sarif::Location::Logical {
                    name,
                    kind: "resource".into(),
                },
            });
        }
    }
    sarif::render(&rules, &findings)
}

/// GitHub annotations: one per check that did not pass (no file: they show on the run).
pub fn github(reports: &[&Report]) -> String {
    let mut out = String::new();
    for r in reports {
        for c in &r.checks {
            let level = match c.status {
                Status::Fail => "error",
                Status::Warn => "warning",
                Status::Skip => "notice",
                Status::Pass => continue,
            };
            out.push_str(
                &github::Annotation {
                    level,
                    file: None,
                    region: None,
                    title: format!("epi doctor {} {}", c.check, r.cluster),
                    message: format!("{}/{}: {}", r.cluster, c.subject, message(c)),
                }
                .render(),
            );
            out.push('\n');
        }
    }
    out
}
