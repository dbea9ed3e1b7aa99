//! `epi doctor --cluster C`: a read-only audit of a cluster's Pod Identity set-up. Each check is
//! pass, warn, fail or skip, with its evidence and a hint that says what to run or change.
//!
//! `cluster`, `agent` and `associations` gather the facts through the client layers and judge them;
//! this module holds the report (its JSON shape is in docs/json-output.md), its rendering and the
//! exit code.

mod agent;
mod associations;
mod cluster;
mod fleet;
mod formats;
mod network;
mod node;
mod proxy;

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::cli::DoctorArgs;
use crate::cli::ReportFormat;
use crate::commands::{aws_context, kube_for_cluster};
use crate::error::{Result, exit};
use crate::output::{self, Printer};
use crate::validate::names;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    /// The check could not run; the message says what was lacking.
    Skip,
    Warn,
    Fail,
}

impl Status {
    /// PASS, SKIP, WARN or FAIL.
    pub fn word(self) -> &'static str {
        self.label().0
    }

    fn label(self) -> (&'static str, anstyle::Style) {
        match self {
            Status::Pass => ("PASS", output::NOTE),
            Status::Skip => ("SKIP", output::HINT),
            Status::Warn => ("WARN", output::WARNING),
            Status::Fail => ("FAIL", output::ERROR),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Area {
    Cluster,
    Agent,
    Associations,
    Node,
}

impl Area {
    fn title(self) -> &'static str {
        match self {
            Area::Cluster => "Cluster",
            Area::Agent => "Agent",
            Area::Associations => "Associations",
            Area::Node => "Node",
        }
    }

    fn of(group: crate::cli::CheckGroup) -> Area {
        use crate::cli::CheckGroup;
        match group {
            CheckGroup::Cluster => Area::Cluster,
            CheckGroup::Agent => Area::Agent,
            CheckGroup::Associations => Area::Associations,
            CheckGroup::Node => Area::Node,
        }
    }
}

/// One check's result.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    pub area: Area,
    /// Stable identifier of the check (docs/commands.md lists them); owned once read back from a
    /// checkpoint.
    pub check: std::borrow::Cow<'static, str>,
    /// What was checked: the cluster, the add-on, a node role, or `namespace/serviceAccount`.
    pub subject: String,
    pub status: Status,
    pub message: String,
    pub evidence: Vec<String>,
    pub hint: Option<String>,
}

impl Check {
    pub fn new(
        area: Area,
        check: &'static str,
        subject: impl Into<String>,
        status: Status,
        message: impl Into<String>,
    ) -> Check {
        Check {
            area,
            check: std::borrow::Cow::Borrowed(check),
            subject: subject.into(),
            status,
            message: message.into(),
            evidence: Vec::new(),
            hint: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Check {
        self.hint = Some(hint.into());
        self
    }

    pub fn evidence(mut self, evidence: impl IntoIterator<Item = String>) -> Check {
        self.evidence.extend(evidence);
        self
    }

    /// A check that could not run because a read failed: names what failed and how to get it.
    pub fn skipped(
        area: Area,
        check: &'static str,
        subject: impl Into<String>,
        error: &dyn Unavailable,
    ) -> Check {
        Check::new(
            area,
            check,
            subject,
            Status::Skip,
            format!("could not check: {}", error.reason()),
        )
        .hint(error.remedy())
    }
}

/// A read that failed, as a skipped check reports it.
pub trait Unavailable {
    fn reason(&self) -> String;
    fn remedy(&self) -> String;
}

impl Unavailable for crate::aws::AwsError {
    fn reason(&self) -> String {
        self.to_string()
    }
    fn remedy(&self) -> String {
        self.hint()
    }
}

impl Unavailable for crate::kube::KubeError {
    fn reason(&self) -> String {
        self.to_string()
    }
    fn remedy(&self) -> String {
        self.hint()
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Summary {
    pub pass: usize,
    pub warn: usize,
    pub fail: usize,
    pub skip: usize,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub cluster: String,
    /// The cluster's ARN (how SARIF names a check of the cluster itself).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cluster_arn: String,
    pub region: String,
    pub strict: bool,
    /// Whether the exit code is 0: nothing failed (with --strict: nothing warned or was skipped).
    pub ok: bool,
    pub summary: Summary,
    pub checks: Vec<Check>,
}

impl Report {
    fn new(cluster: String, region: String, strict: bool, mut checks: Vec<Check>) -> Report {
        // Stable order: by area, then as the checks were made (the subject order within an area is
        // already sorted by the gatherers).
        checks.sort_by_key(|c| c.area);
        let mut summary = Summary::default();
        for c in &checks {
            match c.status {
                Status::Pass => summary.pass += 1,
                Status::Warn => summary.warn += 1,
                Status::Fail => summary.fail += 1,
                Status::Skip => summary.skip += 1,
            }
        }
        let ok = summary.fail == 0 && (!strict || (summary.warn == 0 && summary.skip == 0));
        Report {
            cluster,
            cluster_arn: String::new(),
            region,
            strict,
            ok,
            summary,
            checks,
        }
    }

    /// A cluster's report of these checks.
    fn of(cluster: &crate::aws::eks::ClusterInfo, strict: bool, checks: Vec<Check>) -> Report {
        let mut report = Report::new(cluster.name.clone(), cluster.region.clone(), strict, checks);
        report.cluster_arn = cluster.arn.clone();
        report
    }

    /// The readable checklist, grouped by area, then by subject.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "epi doctor: cluster {} ({})",
            self.cluster, self.region
        );
        let mut area = None;
        let mut subject: Option<&str> = None;
        // The check column fits the longest id (at least 20 wide).
        let width = self
            .checks
            .iter()
            .map(|c| c.check.len())
            .max()
            .unwrap_or(0)
            .max(20);
        for c in &self.checks {
            if area != Some(c.area) {
                let _ = writeln!(out, "\n{}", c.area.title());
                area = Some(c.area);
                subject = None;
            }
            let grouped = matches!(c.area, Area::Associations | Area::Node);
            let indent = if grouped && c.subject != self.cluster {
                if subject != Some(c.subject.as_str()) {
                    let _ = writeln!(out, "  {}", crate::text::one_line(&c.subject));
                    subject = Some(c.subject.as_str());
                }
                "    "
            } else {
                "  "
            };
            let (label, style) = c.status.label();
            // Messages and hints wrap between words under the message column (#33 item 1).
            let margin = indent.len() + 6 + width + 1;
            let pad = " ".repeat(margin);
            let message = output::escape_controls(&c.message);
            for (i, line) in output::wrap_after(margin, &message).iter().enumerate() {
                if i == 0 {
                    let _ = writeln!(
                        out,
                        "{indent}{style}{label}{style:#}  {:<width$} {line}",
                        c.check
                    );
                } else {
                    let _ = writeln!(out, "{pad}{line}");
                }
            }
            for e in &c.evidence {
                let evidence = format!("- {}", crate::text::one_line(e));
                for (i, line) in output::wrap_after(margin + 2, &evidence).iter().enumerate() {
                    let _ = writeln!(out, "{pad}{}{line}", if i == 0 { "" } else { "  " });
                }
            }
            if let Some(h) = c.hint.as_ref().filter(|_| c.status != Status::Pass) {
                let hs = output::HINT;
                let hint = output::escape_controls(h);
                let lines = output::wrap_after(margin + 2, &format!("hint: {hint}"));
                for (i, line) in lines.iter().enumerate() {
                    match line.strip_prefix("hint:").filter(|_| i == 0) {
                        Some(rest) => {
                            let _ = writeln!(out, "{pad}{hs}hint{hs:#}:{rest}");
                        }
                        None => {
                            let _ = writeln!(out, "{pad}  {line}");
                        }
                    }
                }
            }
        }
        let s = &self.summary;
        let _ = writeln!(
            out,
            "\n{} passed, {} warning{}, {} failed, {} skipped{}",
            s.pass,
            s.warn,
            if s.warn == 1 { "" } else { "s" },
            s.fail,
            s.skip,
            if self.strict {
                " (--strict: warnings and skips fail)"
            } else {
                ""
            }
        );
        out
    }
}

pub async fn run(args: &DoctorArgs, printer: Printer) -> Result<u8> {
    if let Some(cluster) = &args.cluster {
        names::cluster_name(cluster)?;
    }
    for ns in &args.namespaces {
        names::dns1123_label("namespace", ns)?;
    }
    for region in &args.regions {
        names::region(region)?;
    }
    if let Some(path) = &args.snapshot {
        let snap = crate::plan::snapshot::load(path)?;
        if args.all_clusters {
            return fleet::from_snapshot(args, &snap, path, printer);
        }
        let cluster = args
            .cluster
            .as_deref()
            .expect("clap requires --cluster without --all-clusters");
        let report = from_snapshot(
            &snap,
            snap.cluster(cluster, crate::commands::one_region(&args.regions)?)?,
            args,
        );
        printer.note(&snap.note(path));
        return print_report(&report, args, printer);
    }
    if args.all_clusters {
        return fleet::run(args, printer).await;
    }
    let cluster = args
        .cluster
        .clone()
        .expect("clap requires --cluster without --all-clusters");
    let ctx = aws_context(&args.aws, crate::commands::one_region(&args.regions)?).await?;
    let target = crate::commands::target_account(&ctx, &args.target, "epi-doctor").await?;
    let spinner = printer.spinner(&format!("checking cluster {cluster}"));
    let cluster = ctx.describe_cluster(&cluster).await?;
    let org = if args.org_policies
        || args
            .fleet
            .accounts
            .iter()
            .any(|a| a == "org" || a.starts_with("ou-"))
    {
        let mut accounts = vec![cluster.account.clone()];
        accounts.extend(target.as_ref().map(|(_, a)| a.clone()));
        Some(read_org(&ctx, &accounts, args.concurrency as usize, printer).await)
    } else {
        None
    };
    let report = report_for(
        &ctx,
        &cluster,
        args,
        &args.kube,
        target.as_ref(),
        org.as_ref(),
        printer,
    )
    .await;
    spinner.finish_and_clear();
    print_report(&report, args, printer)
}

/// One cluster's report in the format asked for; the exit code it gives.
fn print_report(report: &Report, args: &DoctorArgs, printer: Printer) -> Result<u8> {
    let text = match args.output {
        ReportFormat::Table => report.render(),
        ReportFormat::Json => output::to_json(&report),
        ReportFormat::Yaml => output::to_yaml(&report),
        ReportFormat::Junit => formats::junit(&[report]),
        ReportFormat::Sarif => output::to_json(&formats::sarif(&[report])),
        ReportFormat::Github => formats::github(&[report]),
    };
    printer.stdout(&text)?;
    Ok(if report.ok {
        exit::SUCCESS
    } else {
        exit::FAILURE
    })
}

/// One cluster's report from a snapshot (#36): the cluster's status, version and Auto Mode and
/// every association check, from the state the snapshot holds (its organisation's policies
/// included); the checks of the agent, the nodes and Kubernetes, which a snapshot does not hold,
/// are skipped, each group saying so.
pub(super) fn from_snapshot(
    snap: &crate::plan::snapshot::Snapshot,
    sc: &crate::plan::snapshot::SnapshotCluster,
    args: &DoctorArgs,
) -> Report {
    let cluster = sc.info();
    let wanted =
        |area: Area| args.checks.is_empty() || args.checks.iter().any(|g| Area::of(*g) == area);
    let mut checks = Vec::new();
    let not_held = |area: Area, what: &str| {
        Check::new(
            area,
            "snapshot",
            cluster.name.as_str(),
            Status::Skip,
            format!("not checked: a snapshot does not hold {what}"),
        )
        .hint("run doctor without --snapshot, with access to the cluster")
    };
    if wanted(Area::Cluster) {
        checks.extend(cluster::from_snapshot(&cluster));
        checks.push(not_held(Area::Cluster, "Fargate profiles or Windows nodes"));
    }
    if wanted(Area::Agent) {
        checks.push(not_held(
            Area::Agent,
            "the agent's add-on, nodes and DaemonSet",
        ));
    }
    if wanted(Area::Associations) {
        let org = snap.org();
        checks.extend(associations::from_snapshot(
            &cluster,
            &sc.associations,
            snap,
            &args.namespaces,
            org.as_ref(),
        ));
    }
    if wanted(Area::Node) {
        checks.push(not_held(Area::Node, "nodes, pods or the VPC's network"));
    }
    Report::of(&cluster, args.strict, checks)
}

/// The organisation's SCPs and RCPs of these accounts (#36), read with the caller's
/// credentials; a failure is warned about once and carried, so the checks say nothing of them.
pub(super) async fn read_org(
    ctx: &crate::aws::AwsContext,
    accounts: &[String],
    concurrency: usize,
    printer: Printer,
) -> crate::plan::observe::OrgRead {
    let read = ctx
        .org_policies(accounts, concurrency)
        .await
        .map_err(|e| format!("{e}; {}", e.hint()));
    if let Err(e) = &read {
        printer.warn(&format!(
            "the organisation's SCPs and RCPs could not be read ({e}): the target-role checks do not consider them"
        ));
    }
    read
}

/// Every check of one cluster (`target`: the target roles' account, `--target-profile` or
/// `--target-assume-role-arn`, and its id; `org`: the organisation's policies when read).
async fn report_for(
    ctx: &crate::aws::AwsContext,
    cluster: &crate::aws::eks::ClusterInfo,
    args: &DoctorArgs,
    kube_args: &crate::cli::KubeArgs,
    target: Option<&(crate::aws::AwsContext, String)>,
    org: Option<&crate::plan::observe::OrgRead>,
    printer: Printer,
) -> Report {
    // Kubernetes is optional: without it, the checks that need it are skipped and say why.
    let kube = if args.no_kube {
        Err(KubeUnavailable("--no-kube was given".into(), None))
    } else {
        kube_for_cluster(ctx, cluster, kube_args, printer)
            .await
            .map_err(|e| KubeUnavailable(e.to_string(), None))
    };
    let kube = kube.as_ref();

    let wanted =
        |area: Area| args.checks.is_empty() || args.checks.iter().any(|g| Area::of(*g) == area);
    let mut checks = Vec::new();
    // Each read only when a group that uses it runs (`--checks`).
    let node_groups = if wanted(Area::Cluster) || wanted(Area::Agent) || wanted(Area::Node) {
        ctx.node_groups(&cluster.name).await
    } else {
        Ok(Vec::new())
    };
    // Node roles and association roles often share managed policies: each is read once.
    let policies = crate::aws::iam::PolicyCache::default();
    if wanted(Area::Cluster) {
        checks.extend(cluster::checks(ctx, cluster, &node_groups, kube).await);
    }
    if wanted(Area::Agent) {
        checks.extend(agent::checks(ctx, cluster, &node_groups, kube, &policies).await);
    }
    // The associations and their namespaces' pods are read once for both groups that use them.
    let concurrency = args.concurrency as usize;
    let summaries = if wanted(Area::Associations) || wanted(Area::Node) {
        ctx.list_associations(&cluster.name, None, None).await
    } else {
        Ok(Vec::new())
    };
    let selected = match &summaries {
        Ok(s) => associations::selected(s, &args.namespaces),
        Err(_) => Vec::new(),
    };
    let pods = match kube {
        Ok(k) if wanted(Area::Associations) || wanted(Area::Node) => {
            associations::read_pods(k, &selected, concurrency).await
        }
        _ => Default::default(),
    };
    if wanted(Area::Associations) {
        checks.extend(
            associations::checks(
                ctx,
                cluster,
                kube,
                &summaries,
                &pods,
                &args.namespaces,
                concurrency,
                &policies,
                target.map(|(c, a)| (c, a.as_str())),
                org,
            )
            .await,
        );
    }
    if wanted(Area::Node) {
        let inputs = node::Inputs {
            associated: selected
                .iter()
                .map(|a| (a.namespace.clone(), a.service_account.clone()))
                .collect(),
            pods: &pods,
            unlisted: summaries.as_ref().err(),
        };
        checks.extend(node::checks(ctx, cluster, &node_groups, kube, &inputs).await);
    }
    Report::of(cluster, args.strict, checks)
}

/// Why the Kubernetes checks cannot run, and what to do instead when giving a kubeconfig is not
/// the answer (a snapshot).
#[derive(Clone, Debug)]
pub struct KubeUnavailable(String, Option<&'static str>);

impl Unavailable for KubeUnavailable {
    fn reason(&self) -> String {
        format!("no Kubernetes API: {}", self.0)
    }
    fn remedy(&self) -> String {
        self.1
            .unwrap_or(
                "give --kubeconfig and --context, or run `aws eks update-kubeconfig --name CLUSTER`",
            )
            .into()
    }
}

/// The Kubernetes client, or why there is none.
pub type Kube<'a> = std::result::Result<&'a crate::kube::KubeContext, &'a KubeUnavailable>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_turns_warnings_and_skips_into_failure() {
        let warn = vec![Check::new(Area::Cluster, "x", "c", Status::Warn, "w")];
        assert!(Report::new("c".into(), "r".into(), false, warn.clone()).ok);
        assert!(!Report::new("c".into(), "r".into(), true, warn).ok);
        let fail = vec![Check::new(Area::Agent, "y", "c", Status::Fail, "f")];
        assert!(!Report::new("c".into(), "r".into(), false, fail).ok);
    }

    #[test]
    fn render_groups_by_area_and_subject_and_hides_hints_of_passes() {
        let checks = vec![
            Check::new(
                Area::Associations,
                "role",
                "ns/sa",
                Status::Fail,
                "role missing",
            )
            .hint("create it"),
            Check::new(Area::Cluster, "cluster-status", "c", Status::Pass, "ACTIVE")
                .hint("never shown"),
        ];
        let styled = Report::new("c".into(), "r".into(), false, checks).render();
        // The styles are stripped on the way out when stdout is not a terminal.
        let text = anstream::adapter::strip_str(&styled).to_string();
        let cluster = text.find("Cluster").unwrap();
        let assoc = text.find("Associations").unwrap();
        assert!(cluster < assoc, "{text}");
        assert!(text.contains("  ns/sa\n"), "{text}");
        assert!(text.contains("hint: create it"), "{text}");
        assert!(!text.contains("never shown"), "{text}");
        assert!(
            text.contains("1 passed, 0 warnings, 1 failed, 0 skipped"),
            "{text}"
        );
    }
}
