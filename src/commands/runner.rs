//! The one runner every mutating command hands its plan to (#23): a command parses its options,
//! observes, lets a pure planner under `src/plan/` decide, and then the runner confirms (one rule
//! for every command that asks), carries the changes out through the executor
//! ([`crate::plan::execute`], with the journal when the command keeps one) and turns the report
//! into the outcome the command renders, or into the error of the first failure.
//!
//! No command calls the executor itself, and none names a mutating client method:
//! `tests/conventions.rs` checks both.

use crate::error::{Error, Result};
use crate::output::Printer;
use crate::plan::Change;
use crate::plan::execute::{self, Journal, Outcome, Report, Target};

/// Where and how a plan is carried out.
pub(crate) struct Runner<'a> {
    target: Target<'a>,
    concurrency: usize,
    /// A progress bar with this label, one tick per change.
    progress: Option<(String, Printer)>,
}

impl<'a> Runner<'a> {
    /// Changes to AWS in `cluster` (its ARN names it in the trust statements epi writes; empty
    /// where no trust policy changes).
    pub(crate) fn new(
        ctx: &'a crate::aws::AwsContext,
        cluster: &'a str,
        cluster_arn: &'a str,
    ) -> Self {
        Runner {
            target: Target::new(ctx, cluster, cluster_arn),
            concurrency: 1,
            progress: None,
        }
    }

    /// Changes to the cluster's Kubernetes objects too.
    pub(crate) fn kube(mut self, kube: &'a crate::kube::KubeContext) -> Self {
        self.target.kube = Some(kube);
        self
    }

    /// Each change recorded before and after it is made.
    pub(crate) fn journal(mut self, journal: &'a dyn Journal) -> Self {
        self.target.journal = Some(journal);
        self
    }

    /// The changes are one unit that a signal does not cut short.
    pub(crate) fn atomic(mut self) -> Self {
        self.target.atomic = true;
        self
    }

    /// An association create that meets the same association (made by a killed run) counts as
    /// made: a race the plan could not see, reported as its own outcome by the journal.
    pub(crate) fn converge_existing(mut self) -> Self {
        self.target.converge_existing = true;
        self
    }

    pub(crate) fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    pub(crate) fn progress(mut self, label: impl Into<String>, printer: Printer) -> Self {
        self.progress = Some((label.into(), printer));
        self
    }

    /// Carries the changes out and reports every outcome (failures included): for the commands
    /// that render a report of each change (`apply`, rollback, `addon roles --create`).
    pub(crate) async fn execute(
        &self,
        changes: Vec<Change>,
        each: &(dyn Fn(&Change, &Outcome) + Sync),
    ) -> Report {
        match &self.progress {
            Some((label, printer)) => {
                let bar = printer.progress(changes.len() as u64, label);
                let report = execute::execute(&self.target, changes, self.concurrency, &|c, o| {
                    bar.inc(1);
                    each(c, o)
                })
                .await;
                bar.finish_and_clear();
                report
            }
            None => execute::execute(&self.target, changes, self.concurrency, each).await,
        }
    }

    /// Carries the changes out; the first failure comes back as the error it was (access
    /// denied, exists, …) with its usual exit code and hint, and a change a signal kept from
    /// being made as an error that says so.
    pub(crate) async fn execute_all(&self, changes: Vec<Change>) -> Result<Report> {
        let report = self.execute(changes, &|_, _| {}).await;
        if let Some((_, error)) = report.first_failure() {
            return Err(error.clone().into());
        }
        if let Some((c, _)) = report.results.iter().find(|(_, o)| *o == Outcome::Skipped) {
            let v = c.view();
            return Err(Error::Precondition {
                message: format!(
                    "interrupted before the {} {} {} was made",
                    v.action, v.resource, v.id
                ),
                hint: "run the command again".into(),
            });
        }
        Ok(report)
    }
}

/// One rule for confirming changes, for every command that asks (`apply`, `migrate-irsa`,
/// `migrate-irsa rollback`, `association delete`): `--yes` goes ahead; off a terminal without
/// `--yes` nothing is done; on a terminal the user is asked. False means nothing was done for want
/// of a yes, which every caller turns into exit 3 ("changes pending, nothing changed").
pub(crate) fn confirm(yes: bool, prompt: &str, printer: Printer) -> Result<bool> {
    if yes {
        return Ok(true);
    }
    if !super::interactive() {
        printer.warn("not on a terminal and --yes was not given: nothing was changed");
        return Ok(false);
    }
    let go = dialoguer::Confirm::new()
        .with_prompt(prompt)
        .default(false)
        .interact()
        .map_err(|e| {
            Error::usage(
                format!("no answer to the prompt: {e}"),
                "add --yes to go ahead without a prompt",
            )
        })?;
    if !go {
        printer.note("nothing was changed");
    }
    Ok(go)
}

/// Settled before any AWS call for the commands that ask: off a terminal without `--yes` (and
/// without `--dry-run`) nothing will be done, so nothing is read either. True: go on.
pub(crate) fn may_go_on(yes: bool, dry_run: bool, printer: Printer) -> bool {
    if yes || dry_run || super::interactive() {
        return true;
    }
    printer.warn(
        "not on a terminal and --yes was not given: nothing was changed (add --yes to go ahead without a prompt, or --dry-run to see the plan)",
    );
    false
}
