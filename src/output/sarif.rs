//! SARIF 2.1.0 (OASIS), the format code-scanning services read (GitHub code scanning, GitLab,
//! Azure DevOps): one run of epi with every rule it has and one result per finding. One writer
//! for every command that reports findings.

use serde_json::{Value, json};
use sha2::Digest;

/// Where epi is documented (`tool.driver.informationUri`): the package's `repository`, when
/// Cargo.toml names one (the field is left out otherwise rather than invented).
pub const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

/// `error`, `warning` or `note`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Note,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }
}

/// A rule of the run.
#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub short: String,
    pub full: String,
    pub help: String,
    pub level: Level,
}

/// Where a result is: a region of a file, or (where no file exists) a named thing.
#[derive(Clone, Debug)]
pub enum Location {
    File {
        /// The path as the user gave it.
        path: String,
        /// (startLine, startColumn, endLine, endColumn), 1-based, columns in characters, the end
        /// the character after the value.
        region: Option<(usize, usize, usize, usize)>,
    },
    /// e.g. `prod/team-a/app` of kind `resource`.
    Logical { name: String, kind: String },
}

#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: String,
    pub level: Level,
    pub message: String,
    pub location: Location,
    /// What identifies the finding however the file moves (not its line): its rule, file or
    /// thing and logical path; hashed into `partialFingerprints`.
    pub identity: String,
}

/// The base every result's path is relative to: the working directory epi ran in (in CI, the
/// checkout), named as SARIF 2.1.0 §3.4.4 names a root (`uriBaseId`) and never written out, so no
/// absolute local path leaves the machine.
pub const SRCROOT: &str = "%SRCROOT%";

/// A path as a URI reference relative to the working directory ([`SRCROOT`]): an absolute path
/// is made relative (with `..` where it lies outside), characters a URI cannot hold are
/// percent-encoded (`/` kept).
pub fn uri(path: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'.')
        .remove(b'-')
        .remove(b'_')
        .remove(b'~');
    let relative = relative_to_cwd(path);
    percent_encoding::utf8_percent_encode(&relative, KEEP).to_string()
}

/// `path` relative to the working directory; a relative path as it is.
fn relative_to_cwd(path: &str) -> String {
    let p = std::path::Path::new(path);
    if !p.is_absolute() {
        return path.to_string();
    }
    let Ok(cwd) = std::env::current_dir() else {
        return p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
    };
    let (a, b): (Vec<_>, Vec<_>) = (p.components().collect(), cwd.components().collect());
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(
        a[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

fn fingerprint(identity: &str) -> String {
    sha2::Sha256::digest(identity.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The SARIF log: one run, every rule, every result (an empty `results` when there is none).
pub fn render(rules: &[Rule], findings: &[Finding]) -> Value {
    let rules_json: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": {"text": r.short},
                "fullDescription": {"text": r.full},
                "help": {"text": r.help},
                "defaultConfiguration": {"level": r.level.as_str()},
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let location = match &f.location {
                Location::File { path, region } => {
                    let mut physical =
                        json!({"artifactLocation": {"uri": uri(path), "uriBaseId": SRCROOT}});
                    if let Some((sl, sc, el, ec)) = region {
                        physical["region"] = json!({
                            "startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec,
                        });
                    }
                    json!({"physicalLocation": physical})
                }
                Location::Logical { name, kind } => json!({
                    "logicalLocations": [{"name": name, "fullyQualifiedName": name, "kind": kind}]
                }),
            };
            let mut result = json!({
                "ruleId": f.rule,
                "level": f.level.as_str(),
                "message": {"text": f.message},
                "locations": [location],
                "partialFingerprints": {"epiFinding/v1": fingerprint(&f.identity)},
            });
            if let Some(i) = rules.iter().position(|r| r.id == f.rule) {
                result["ruleIndex"] = json!(i);
            }
            result
        })
        .collect();
    let mut driver = json!({
        "name": "epi",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules_json,
    });
    if !INFORMATION_URI.is_empty() {
        driver["informationUri"] = json!(INFORMATION_URI);
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_names_its_rule_region_and_a_stable_fingerprint() {
        let rules = vec![Rule {
            id: "unknown-action".into(),
            short: "s".into(),
            full: "f".into(),
            help: "h".into(),
            level: Level::Error,
        }];
        let finding = |line| Finding {
            rule: "unknown-action".into(),
            level: Level::Error,
            message: "m".into(),
            location: Location::File {
                path: "policies/my policy.json".into(),
                region: Some((line, 3, line, 9)),
            },
            identity: "unknown-action|policies/my policy.json|Statement[0].Action".into(),
        };
        let log = render(&rules, &[finding(6)]);
        let r = &log["runs"][0]["results"][0];
        assert_eq!(r["ruleIndex"], 0);
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "policies/my%20policy.json"
        );
        assert_eq!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            6
        );
        // The same finding on another line keeps its fingerprint.
        let moved = render(&rules, &[finding(9)]);
        assert_eq!(
            moved["runs"][0]["results"][0]["partialFingerprints"],
            r["partialFingerprints"]
        );
        assert_eq!(render(&rules, &[])["runs"][0]["results"], json!([]));
    }

    /// Issue #32: no absolute local path in a SARIF log: paths are relative to the working
    /// directory, under the `%SRCROOT%` base (SARIF 2.1.0 §3.4.4).
    #[test]
    fn paths_are_relative_to_the_working_directory() {
        let cwd = std::env::current_dir().unwrap();
        let inside = cwd.join("policies").join("p.json");
        assert_eq!(uri(inside.to_str().unwrap()), "policies/p.json");
        let outside = uri("/definitely/elsewhere/p.json");
        assert!(!outside.starts_with('/'), "{outside}");
        assert!(
            outside.ends_with("definitely/elsewhere/p.json"),
            "{outside}"
        );
        assert!(outside.starts_with(".."), "{outside}");
    }
}
