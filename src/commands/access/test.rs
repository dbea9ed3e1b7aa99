//! `epi access test`: read every file (AccessTests and PodIdentityConfig documents) and check
//! them before any AWS call → plan each cluster of the files and take the state the plan leaves
//! (or read the live cluster with `--live`) → evaluate each test → report.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::aws::AwsContext;
use crate::cli::{AccessTestArgs, TestFormat};
use crate::commands::declarative::{self, Input};
use crate::commands::policy::simulate::{self, Loaded};
use crate::error::{Error, Result, exit};
use crate::manifest::access_tests::{self, AccessTest, AccessTests, Expect, ResourcePolicy};
use crate::manifest::documents;
use crate::output::{self, Printer};
use crate::plan::{Observed, PlanOptions};
use crate::policy::access::{self, Answer, Outcome, Question};
use crate::policy::eval::{Layer, Named};
use crate::policy::lint;
use crate::validate::{Arn, RoleArn};

use super::Roles;

/// One test's result (docs/json-output.md).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TestResult {
    pub name: String,
    /// `FILE:LINE:COLUMN` of the test.
    pub at: String,
    pub cluster: String,
    pub service_account: String,
    pub action: String,
    pub resource: String,
    pub expect: Expect,
    pub decision: Outcome,
    pub passed: bool,
    pub depends_on: Vec<String>,
    /// The statement or step that decided (for a failure, what to look at).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deciding: Option<String>,
    /// The state tested: `desired` (the files after apply) or `live`.
    pub against: &'static str,
    pub answer: Answer,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Report<'a> {
    passed: usize,
    failed: usize,
    tests: &'a [TestResult],
}

fn passes(expect: Expect, decision: Outcome) -> bool {
    match expect {
        Expect::Allowed => decision == Outcome::Allowed,
        Expect::Conditional => decision == Outcome::Conditional,
        Expect::Denied => !decision.may_allow(),
    }
}

pub async fn run(args: &AccessTestArgs, printer: Printer) -> Result<u8> {
    if let Some(r) = &args.region {
        crate::validate::names::region(r)?;
    }
    // Every file read and checked before any AWS call.
    let mut configs: Vec<Input> = Vec::new();
    let mut suites: Vec<AccessTests> = Vec::new();
    for path in declarative::expand(&args.files)? {
        let (name, text) = crate::files::read_document(&path, "AccessTests file")?;
        documents::check_count(&name, &text)?;
        documents::check_kinds(&name, &text)?;
        if let Some(tests) = documents::only(&text, access_tests::KIND) {
            suites.extend(access_tests::parse(&name, &tests, args.region.as_deref())?);
        }
        // A JSON Schema or another tool's documents beside them are not epi's (#33 item 9).
        if let Some(rest) = documents::epi_without(&text, access_tests::KIND) {
            configs.push(Input { name, text: rest });
        }
    }
    if suites.is_empty() {
        return Err(Error::usage(
            "no AccessTests document in the files given",
            "give a file with `kind: AccessTests` (docs/commands.md, \"epi access test\")",
        ));
    }
    // The PodIdentityConfig documents are checked even with --live: a bad file is a bad file.
    let desired = if configs.is_empty() {
        Vec::new()
    } else {
        declarative::resolve_inputs(&configs, None, args.region.as_deref())?
    };
    // A snapshot is a live state, read offline.
    let snapshot = match &args.snapshot {
        Some(path) => Some(crate::plan::snapshot::load(path)?),
        None => None,
    };
    if !args.live && snapshot.is_none() {
        for s in &suites {
            if !desired.iter().any(|d| same_place(d, s)) {
                return Err(Error::usage(
                    format!(
                        "{} tests cluster {}, but no PodIdentityConfig file given describes it",
                        s.source, s.cluster
                    ),
                    "give the cluster's PodIdentityConfig files with -f (the tests run against what they will make true), or --live to test the live cluster",
                ));
            }
        }
    }

    // Every test's resource policy read and linted before any AWS call.
    let policies = load_resource_policies(&suites, printer)?;
    let mut results = Vec::new();
    if let (Some(snap), Some(path)) = (&snapshot, &args.snapshot) {
        for (s, p) in suites.iter().zip(&policies) {
            results.extend(snapshot_suite(s, p, snap)?);
        }
        printer.note(&snap.note(path));
    } else if args.live {
        for (s, p) in suites.iter().zip(&policies) {
            results.extend(live_suite(args, s, p, printer).await?);
        }
    } else {
        let wanted: Vec<_> = desired
            .iter()
            .filter(|d| suites.iter().any(|s| same_place(d, s)))
            .cloned()
            .collect();
        let plans = declarative::plan_all(
            &wanted,
            &args.aws,
            &args.kube,
            PlanOptions::default(),
            printer,
        )
        .await?;
        for (s, p) in suites.iter().zip(&policies) {
            let cp = plans
                .iter()
                .find(|cp| same_place(&cp.desired, s))
                .expect("every suite has its plan (checked above)");
            let after = crate::plan::after::after(&cp.observed, &cp.plan);
            results.extend(desired_suite(args, s, p, &cp.ctx, &after).await?);
        }
    }

    let failed = results.iter().filter(|r| !r.passed).count();
    let report = Report {
        passed: results.len() - failed,
        failed,
        tests: &results,
    };
    let text = match args.output {
        TestFormat::Json => output::to_json(&report),
        TestFormat::Yaml => output::to_yaml(&report),
        TestFormat::Junit => junit(&results),
        TestFormat::Table => table(&results, false),
        TestFormat::Wide => table(&results, true),
    };
    printer.stdout(&text)?;
    Ok(if failed == 0 {
        exit::SUCCESS
    } else {
        exit::FAILURE
    })
}

fn same_place(d: &crate::manifest::config::Desired, s: &AccessTests) -> bool {
    d.cluster == s.cluster
        && match (&d.region, &s.region) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
}

/// Each test's `resourcePolicy`, read (a file, relative to its tests file) and linted as a
/// resource policy, by suite and test.
fn load_resource_policies(
    suites: &[AccessTests],
    printer: Printer,
) -> Result<Vec<Vec<Option<Loaded>>>> {
    suites
        .iter()
        .map(|s| {
            s.tests
                .iter()
                .map(|t| {
                    let at = t.resource_policy_at.clone().unwrap_or_else(|| t.at.clone());
                    match &t.resource_policy {
                        None => Ok(None),
                        Some(ResourcePolicy::File(path)) => {
                            let path = std::path::Path::new(path);
                            let path = match std::path::Path::new(&s.source).parent() {
                                Some(dir) if path.is_relative() && s.source != "-" => {
                                    dir.join(path)
                                }
                                _ => path.to_path_buf(),
                            };
                            let mut out = Vec::new();
                            simulate::load_file(
                                &path,
                                Layer::ResourcePolicy,
                                None,
                                printer,
                                &mut out,
                            )
                            .map_err(|e| e.at(at))?;
                            Ok(out.pop())
                        }
                        Some(ResourcePolicy::Inline(doc)) => {
                            let name = format!("resourcePolicy of {}", t.name);
                            simulate::check_findings(
                                &name,
                                lint::lint_as(doc, simulate::lint_kind(Layer::ResourcePolicy, doc)),
                                printer,
                            )
                            .map_err(|e| e.at(at))?;
                            Ok(Some(Loaded {
                                name,
                                doc: doc.clone(),
                                layer: Layer::ResourcePolicy,
                                level: None,
                            }))
                        }
                    }
                })
                .collect()
        })
        .collect()
}

fn question<'a>(t: &AccessTest, policy: Option<&'a Loaded>) -> Question<'a> {
    Question {
        action: t.action.clone(),
        resource: t.resource.clone(),
        resource_account: t.resource_account.clone(),
        context: t.context.clone(),
        resource_policy: policy.map(|l| Named::new(l.name.clone(), &l.doc)),
        resource_absent: false,
        ..Question::default()
    }
}

fn result(s: &AccessTests, t: &AccessTest, answer: Answer, against: &'static str) -> TestResult {
    TestResult {
        name: t.name.clone(),
        at: t.at.clone(),
        cluster: s.cluster.clone(),
        service_account: format!("{}/{}", t.namespace, t.service_account),
        action: t.action.clone(),
        resource: t.resource.clone(),
        expect: t.expect,
        decision: answer.decision,
        passed: passes(t.expect, answer.decision),
        depends_on: answer.depends_on.clone(),
        deciding: answer.deciding_statement(),
        against,
        answer,
    }
}

/// The tests of one document against the live cluster.
async fn live_suite(
    args: &AccessTestArgs,
    s: &AccessTests,
    policies: &[Option<Loaded>],
    printer: Printer,
) -> Result<Vec<TestResult>> {
    let _ = printer;
    let ctx = crate::commands::aws_context(&args.aws, s.region.as_deref()).await?;
    let roles = Roles::default();
    let mut target: Option<Option<(AwsContext, String)>> = None;
    let mut out = Vec::new();
    for (t, policy) in s.tests.iter().zip(policies) {
        let found = ctx
            .find_association(&s.cluster, &t.namespace, &t.service_account)
            .await?;
        let q = question(t, policy.as_ref());
        let answer = match found {
            None => access::no_association(&t.namespace, &t.service_account),
            Some(a) => {
                let facts = super::association_facts(&a);
                let mut reach = vec![(facts.account.clone(), &ctx)];
                if a.target_role_arn.is_some() && target.is_none() {
                    target = Some(
                        crate::commands::target_account(&ctx, &args.target, "epi-access").await?,
                    );
                }
                if let Some(Some((tctx, account))) = &target {
                    reach.push((account.clone(), tctx));
                }
                let (found, note) = super::read_resource_policy(&q, &reach).await;
                let mut q = question(t, policy.as_ref());
                found.apply(&mut q);
                let mut answer = super::live_answer(&facts, &roles, &reach, &q)
                    .await
                    .map_err(|message| Error::Precondition {
                        message: format!("{}: {message}", t.at),
                        hint: "epi reads the association's role and target role to evaluate them"
                            .into(),
                    })?;
                answer.notes.extend(note);
                answer
            }
        };
        out.push(result(s, t, answer, "live"));
    }
    Ok(out)
}

/// The tests of one document against the state a snapshot holds, as [`live_suite`] runs them
/// against the live cluster.
fn snapshot_suite(
    s: &AccessTests,
    policies: &[Option<Loaded>],
    snap: &crate::plan::snapshot::Snapshot,
) -> Result<Vec<TestResult>> {
    let cluster = snap
        .cluster(&s.cluster, s.region.as_deref())
        .map_err(|e| e.at(s.source.clone()))?;
    let mut out = Vec::new();
    for (t, policy) in s.tests.iter().zip(policies) {
        let found = cluster
            .associations
            .iter()
            .find(|a| a.namespace == t.namespace && a.service_account == t.service_account);
        let answer = match found {
            None => access::no_association(&t.namespace, &t.service_account),
            Some(a) => {
                let facts = super::association_facts(a);
                let (found, note) =
                    super::snapshot_resource_policy(&question(t, policy.as_ref()), snap);
                let mut q = question(t, policy.as_ref());
                found.apply(&mut q);
                let org = snap.org();
                let q = super::org_question(&q, org.as_ref(), a);
                let mut answer = super::snapshot_answer(&facts, snap, &q).map_err(|message| {
                    Error::Precondition {
                        message: format!("{}: {message}", t.at),
                        hint: "the snapshot holds the association's role and target role, or says why not: take it again".into(),
                    }
                })?;
                answer.notes.extend(note);
                answer
            }
        };
        out.push(result(s, t, answer, "snapshot"));
    }
    Ok(out)
}

/// The tests of one document against the state the plan leaves: roles of the files as the
/// files make them (managed policies read live), roles named only by ARN read live.
async fn desired_suite(
    args: &AccessTestArgs,
    s: &AccessTests,
    policies: &[Option<Loaded>],
    ctx: &AwsContext,
    after: &Observed,
) -> Result<Vec<TestResult>> {
    let roles = Roles::default();
    let mut target: Option<Option<(AwsContext, String)>> = None;
    let mut out = Vec::new();
    for (t, policy) in s.tests.iter().zip(policies) {
        let Some(a) = after
            .associations
            .iter()
            .find(|a| a.namespace == t.namespace && a.service_account == t.service_account)
        else {
            out.push(result(
                s,
                t,
                access::no_association(&t.namespace, &t.service_account),
                "desired",
            ));
            continue;
        };
        let facts = crate::plan::observe::facts_in_state(after, a);
        let fail = |message: String| Error::Precondition {
            message: format!("{}: {message}", t.at),
            hint: "epi reads the roles the files do not define, and managed policies, live".into(),
        };
        let role = crate::plan::observe::role_in_state(ctx, after, &roles, &facts.role_arn)
            .await
            .map_err(fail)?;
        let target_role = match &facts.target_role_arn {
            Some(arn) if Arn::account_of(arn) == Some(after.account.as_str()) => {
                crate::plan::observe::role_in_state(ctx, after, &roles, arn)
                    .await
                    .map_err(fail)?
            }
            Some(arn) => {
                if target.is_none() {
                    target = Some(
                        crate::commands::target_account(ctx, &args.target, "epi-access").await?,
                    );
                }
                match &target {
                    Some(Some((tctx, account))) if Arn::account_of(arn) == Some(account) => roles
                        .read(tctx, arn)
                        .await
                        .map_err(|e| fail(format!("target role {arn}: {e}")))?,
                    _ => return Err(fail(super::unreachable_target(arn))),
                }
            }
            None => None,
        };
        // A role's trust that the request needs: as the files leave it, for the cluster's
        // account; another account's is unread (the answer is `conditional` on it).
        let trust_role = policy
            .is_none()
            .then(|| access::trust_to_read(&t.action, &t.resource))
            .flatten();
        let read_trust = match trust_role {
            Some(arn) if Arn::account_of(arn) == Some(after.account.as_str()) => Some(
                crate::plan::observe::role_in_state(ctx, after, &roles, arn)
                    .await
                    .map_err(fail)?,
            ),
            _ => None,
        };
        // A KMS key's policy is read live (the files do not hold keys).
        let (key_found, key_note) =
            if policy.is_none() && access::key_policy_to_read(&t.action, &t.resource).is_some() {
                let reach = [(after.account.clone(), ctx)];
                super::read_resource_policy(&question(t, None), &reach).await
            } else {
                (super::Found::Nothing, None)
            };
        let mut note = key_note;
        let mut q = question(t, policy.as_ref());
        if read_trust.is_none() {
            key_found.apply(&mut q);
        }
        match &read_trust {
            Some(Some(r)) => {
                q.resource_policy = Some(Named::new(
                    format!("role/{} trust policy", RoleArn::name_of(&r.arn)),
                    &r.trust_policy,
                ));
            }
            Some(None) => {
                q.resource_absent = true;
                note = Some(format!(
                    "role {} does not exist: no one can assume it",
                    t.resource
                ));
            }
            None => {}
        }
        let mut answer = access::evaluate(&facts, role.as_ref(), target_role.as_ref(), &q);
        answer.notes.extend(note);
        out.push(result(s, t, answer, "desired"));
    }
    Ok(out)
}

/// The results as a table (#33 item 1: 80 columns): what each test asked and got; a failed
/// test's deciding statements follow the table, as a test runner prints its failures, wrapped
/// between words. `-o wide` adds every test's deciding statements as a column.
fn table(results: &[TestResult], wide: bool) -> String {
    let mut headers = vec!["RESULT", "TEST", "EXPECTED", "ACTUAL"];
    if wide {
        headers.push("DECIDING");
    }
    let mut t = output::table(&headers);
    let actual = |r: &TestResult| {
        if r.depends_on.is_empty() {
            r.decision.as_str().to_string()
        } else {
            format!("{} (on {})", r.decision.as_str(), r.depends_on.join(", "))
        }
    };
    for r in results {
        let mut cells = vec![
            output::Cell::from(if r.passed { "PASS" } else { "FAIL" }),
            output::Cell::lines([r.name.as_str(), r.at.as_str()]),
            output::Cell::from(r.expect.as_str()),
            output::Cell::from(actual(r)),
        ];
        if wide {
            cells.push(output::Cell::from(r.deciding.as_deref().unwrap_or("-")));
        }
        t.add_row(output::row(cells));
    }
    let failed: Vec<&TestResult> = results.iter().filter(|r| !r.passed).collect();
    let mut out = output::render_table(&t);
    if !wide && !failed.is_empty() {
        out.push_str("\nfailures:\n");
        for r in &failed {
            out.push_str(&output::paragraph(
                &format!(
                    "{} {}: expected {}, got {}{}",
                    r.at,
                    r.name,
                    r.expect.as_str(),
                    actual(r),
                    r.deciding
                        .as_deref()
                        .map(|d| format!(": {d}"))
                        .unwrap_or_default()
                ),
                "  ",
            ));
        }
    }
    out.push_str(&format!(
        "\n{} passed, {} failed (against the {} state)\n",
        results.len() - failed.len(),
        failed.len(),
        results.first().map(|r| r.against).unwrap_or("desired")
    ));
    out
}

/// JUnit XML: one test suite per cluster, one test case per test.
fn junit(results: &[TestResult]) -> String {
    use crate::output::junit::{self, Case, Failure, Suite};
    let mut suites: BTreeMap<&str, Vec<&TestResult>> = BTreeMap::new();
    for r in results {
        suites.entry(&r.cluster).or_default().push(r);
    }
    let suites: Vec<Suite> = suites
        .into_iter()
        .map(|(cluster, rs)| Suite {
            name: format!("access {cluster}"),
            cases: rs
                .into_iter()
                .map(|r| Case {
                    classname: format!("epi.access.{cluster}"),
                    name: r.name.clone(),
                    file: r.at.split(':').next().map(str::to_string),
                    failure: (!r.passed).then(|| {
                        let message = format!(
                            "expected {}, got {}{}",
                            r.expect.as_str(),
                            r.decision.as_str(),
                            r.deciding
                                .as_deref()
                                .map(|d| format!(": {d}"))
                                .unwrap_or_default()
                        );
                        Failure {
                            text: format!("{}\n{message}", r.at),
                            message,
                            kind: "AccessTestFailure".into(),
                        }
                    }),
                    skipped: None,
                })
                .collect(),
        })
        .collect();
    junit::render("epi access test", &suites)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn denied_covers_every_denial() {
        for d in [
            Outcome::ImplicitDeny,
            Outcome::ExplicitDeny,
            Outcome::NoAssociation,
            Outcome::TrustDenied,
        ] {
            assert!(passes(Expect::Denied, d));
            assert!(!passes(Expect::Allowed, d));
        }
        assert!(!passes(Expect::Denied, Outcome::Conditional));
        assert!(passes(Expect::Conditional, Outcome::Conditional));
        assert!(!passes(Expect::Allowed, Outcome::Conditional));
    }
}
