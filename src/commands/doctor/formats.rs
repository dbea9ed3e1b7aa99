//! doctor's reports in the CI formats, through the one writer of each (`output::junit`,
//! `output::sarif`, `output::github`). A check has no file: SARIF names it by a logical location
//! (`CLUSTER/SUBJECT`), annotations carry no file.

use super::{Report, Status};
use crate::output::{github, junit, sarif};

/// JUnit: a suite per cluster, a case per check; a failed check fails its case, and with
/// `--strict` (the report's) a warning or a skip does too; otherwise a warning or a skip is
/// `<skipped>` with its message (a warning passed silently before, #33 item 12).
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
                        skipped: (!fails && matches!(c.status, Status::Skip | Status::Warn))
                            .then(|| format!("{}: {}", c.status.word(), c.message)),
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

/// What a check is about, for people: the cluster, or `CLUSTER/SUBJECT` (never `demo/demo`).
fn subject(r: &Report, c: &super::Check) -> String {
    if c.subject == r.cluster {
        r.cluster.clone()
    } else {
        format!("{}/{}", r.cluster, c.subject)
    }
}

/// SARIF's logical location of a check: the cluster's ARN for a check of the cluster itself,
/// `CLUSTER/SUBJECT` for one of its associations or service accounts (#33 item 12).
fn located(r: &Report, c: &super::Check) -> String {
    if c.subject == r.cluster && !r.cluster_arn.is_empty() {
        r.cluster_arn.clone()
    } else {
        subject(r, c)
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
            let name = located(r, c);
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
                    message: format!("{}: {}", subject(r, c), message(c)),
                }
                .render(),
            );
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Area, Check, Report};
    use super::*;

    const ARN: &str = "arn:aws:eks:us-east-1:111122223333:cluster/demo";

    fn report(strict: bool) -> Report {
        let mut r = Report::new(
            "demo".into(),
            "us-east-1".into(),
            strict,
            vec![
                Check::new(Area::Cluster, "version", "demo", Status::Pass, "ok"),
                Check::new(Area::Agent, "agent", "demo", Status::Warn, "old agent"),
                Check::new(Area::Associations, "trust", "a/b", Status::Skip, "no kube"),
            ],
        );
        r.cluster_arn = ARN.into();
        r
    }

    /// #33 item 12: a warning is `<skipped>` with its message, not a passing test (a failure
    /// under --strict); SARIF names a check of the cluster itself by the cluster's ARN.
    #[test]
    fn warnings_are_visible_in_junit_and_the_cluster_is_named_by_arn() {
        let xml = junit(&[&report(false)]);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let skipped: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("skipped"))
            .filter_map(|n| n.attribute("message"))
            .collect();
        assert_eq!(skipped, vec!["WARN: old agent", "SKIP: no kube"], "{xml}");
        let strict = junit(&[&report(true)]);
        let doc = roxmltree::Document::parse(&strict).unwrap();
        assert_eq!(
            doc.descendants()
                .filter(|n| n.has_tag_name("failure"))
                .count(),
            2,
            "{strict}"
        );

        let log = sarif(&[&report(false)]);
        let names: Vec<&str> = log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
                    .as_str()
                    .unwrap()
            })
            .collect();
        assert_eq!(names, vec![ARN, "demo/a/b"]);
        assert!(github(&[&report(false)]).contains("::demo: old agent"));
    }
}
