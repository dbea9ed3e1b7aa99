//! One module per command group, one file per verb. A verb takes its parsed arguments and the
//! printer, calls the pure modules or the client layers, and returns the exit code.

pub mod access;
pub(crate) mod access_changes;
pub mod addon;
pub mod association;
pub(crate) mod checkpoint;
pub(crate) mod cloudtrail;
pub mod completions;
pub mod declarative;
pub mod doctor;
pub mod migrate_irsa;
pub mod policy;
pub mod rightsize;
pub(crate) mod runner;
pub mod s3_csi;
pub mod snapshot;
pub mod trace;
pub mod usage;

use std::time::Duration;

use crate::aws::eks::ClusterInfo;
use crate::aws::{AwsContext, AwsSettings};
use crate::cli::{
    AccessCommand, AddonCommand, AssociationCommand, AwsArgs, Cli, Command, KubeArgs,
    MigrateIrsaCommand, PolicyCommand, S3CsiCommand,
};
use crate::error::{Error, Result};
use crate::kube::{KubeContext, KubeSettings};
use crate::output::Printer;

pub fn run(cli: Cli, printer: Printer) -> anyhow::Result<u8> {
    let code = match cli.command {
        Command::Policy(PolicyCommand::Trust(args)) => policy::trust::run(&args, printer)?,
        Command::Policy(PolicyCommand::Abac(args)) => policy::abac::run(&args, printer)?,
        Command::Policy(PolicyCommand::Lint(args)) => policy::lint::run(&args, printer)?,
        Command::Policy(PolicyCommand::Simulate(args)) => policy::simulate::run(&args, printer)?,
        Command::Policy(PolicyCommand::WellKnown(args)) => policy::well_known::run(&args, printer)?,
        Command::S3Csi(S3CsiCommand::Scaffold(args)) => s3_csi::scaffold::run(&args, printer)?,
        Command::Completions(args) => completions::run(&args, printer)?,
        Command::Addon(AddonCommand::Install(args)) => {
            block_on_changes(addon::install::run(&args, printer), printer)?
        }
        Command::Addon(AddonCommand::Status(args)) => block_on(addon::status::run(&args, printer))?,
        Command::Addon(AddonCommand::Roles(args)) => {
            block_on_changes(addon::roles::run(&args, printer), printer)?
        }
        Command::Association(AssociationCommand::Create(args)) => {
            block_on_changes(association::create::run(&args, printer), printer)?
        }
        Command::Association(AssociationCommand::List(args)) => {
            block_on(association::list::run(&args, printer))?
        }
        Command::Association(AssociationCommand::Describe(args)) => {
            block_on(association::describe::run(&args, printer))?
        }
        Command::Association(AssociationCommand::Update(args)) => {
            block_on_changes(association::update::run(&args, printer), printer)?
        }
        Command::Association(AssociationCommand::Delete(args)) => {
            block_on_changes(association::delete::run(&args, printer), printer)?
        }
        Command::MigrateIrsa(args) => match &args.command {
            Some(MigrateIrsaCommand::Rollback(rollback)) => {
                block_on_changes(migrate_irsa::rollback::run(rollback, printer), printer)?
            }
            None => block_on_changes(migrate_irsa::migrate::run(&args, printer), printer)?,
        },
        Command::Access(AccessCommand::Check(args)) => {
            block_on(access::check::run(&args, printer))?
        }
        Command::Access(AccessCommand::WhoCan(args)) => {
            block_on(access::who_can::run(&args, printer))?
        }
        Command::Access(AccessCommand::Test(args)) => block_on(access::test::run(&args, printer))?,
        Command::Access(AccessCommand::Diff(args)) => block_on(access::diff::run(&args, printer))?,
        Command::Doctor(args) => block_on(doctor::run(&args, printer))?,
        Command::Plan(args) => block_on(declarative::plan::run(&args, printer))?,
        Command::Apply(args) => block_on_changes(declarative::apply::run(&args, printer), printer)?,
        Command::Export(args) => block_on(declarative::export::run(&args, printer))?,
        Command::Schema(args) => declarative::schema::run(&args, printer)?,
        Command::Snapshot(args) => block_on(snapshot::run(&args, printer))?,
        Command::Usage(args) => block_on(usage::run(&args, printer))?,
        Command::Trace(args) => block_on(trace::run(&args, printer))?,
        Command::Rightsize(args) => block_on(rightsize::run(&args, printer))?,
    };
    Ok(code)
}

/// Runs an AWS command on a single-threaded runtime: the work is waiting on the network, and
/// concurrency comes from having many calls in flight, not from threads. Only commands that call
/// AWS create one, so offline commands stay fast.
fn block_on<F: std::future::Future<Output = Result<u8>>>(future: F) -> Result<u8> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(crate::error::Error::Runtime)?;
    runtime.block_on(future)
}

/// [`block_on`] for a command that changes things: SIGINT and SIGTERM stop it between steps
/// (see [`crate::interrupt`]) instead of killing it in the middle of one.
fn block_on_changes<F: std::future::Future<Output = Result<u8>>>(
    future: F,
    printer: Printer,
) -> Result<u8> {
    block_on(async move {
        crate::interrupt::install(printer);
        future.await
    })
}

/// Checks the fleet options (before any call) and says how to reach the accounts; None when the
/// run covers the caller's account only.
pub(crate) fn fleet_reach(
    args: &crate::cli::FleetArgs,
    partition: &str,
    concurrency: usize,
) -> Result<Option<crate::aws::fleet::Reach>> {
    use crate::aws::fleet::{Accounts, Reach};
    use crate::validate::{arn, names};
    for id in &args.exclude_accounts {
        names::account_id(id)?;
    }
    let accounts = match args.accounts.as_slice() {
        [] => return Ok(None),
        [one] if one == "org" => Accounts::Organization,
        list => {
            let (mut ids, mut units) = (Vec::new(), Vec::new());
            for id in list {
                if id == "org" {
                    return Err(Error::usage(
                        "--accounts org stands alone: it means every account of the organisation",
                        "give --accounts org, or a list of account ids and organisational units (ou-…)",
                    ));
                }
                if id.starts_with("ou-") {
                    names::organizational_unit(id)?;
                    units.push(id.clone());
                } else {
                    names::account_id(id)?;
                    ids.push(id.clone());
                }
            }
            Accounts::List { ids, units }
        }
    };
    let role_arn_template = match &args.assume_role_arn_template {
        Some(t) => {
            if !t.contains("{account}") {
                return Err(Error::invalid(
                    "assume role ARN template",
                    t.as_str(),
                    "it has no {account}, so every account would get the same role",
                )
                .with_hint("write e.g. 'arn:aws:iam::{account}:role/epi-reader'"));
            }
            crate::validate::Arn::role(
                "assume role ARN template",
                &t.replace("{account}", "111122223333"),
            )
            .map_err(|e| e.with_hint("write e.g. 'arn:aws:iam::{account}:role/epi-reader'"))?;
            t.clone()
        }
        None => {
            arn::role_name(&args.assume_role_name)?;
            format!(
                "arn:{partition}:iam::{{account}}:role/{}",
                args.assume_role_name
            )
        }
    };
    let session_ok = (2..=64).contains(&args.role_session_name.len())
        && args
            .role_session_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
    if !session_ok {
        return Err(Error::invalid(
            "role session name",
            args.role_session_name.as_str(),
            "STS session names are 2-64 letters, digits and +=,.@_-",
        ));
    }
    if let Some(id) = &args.external_id {
        let ok = (2..=1224).contains(&id.len())
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@:/_-".contains(c));
        if !ok {
            return Err(Error::invalid(
                "external id",
                id.as_str(),
                "STS external ids are 2-1224 letters, digits and +=,.@:/_-",
            ));
        }
    }
    Ok(Some(Reach {
        accounts,
        exclude: args.exclude_accounts.clone(),
        role_arn_template,
        external_id: args.external_id.clone(),
        session_name: args.role_session_name.clone(),
        concurrency,
    }))
}

/// The places a read covers: one context per account and region (the caller's account only,
/// unless the fleet options name others), and the accounts that could not be reached.
pub(crate) struct Places {
    pub contexts: Vec<(String, AwsContext)>,
    pub regions: Vec<String>,
    pub failures: Vec<crate::aws::fleet::Failure>,
    /// Whether the fleet options named accounts (the account id of a context is "" otherwise).
    pub fleet: bool,
    /// With `--accounts org` or organisational units: the caller's context, which reads the
    /// organisation's policies (#36).
    pub org: Option<AwsContext>,
}

/// Resolves the accounts and regions of a read: `regions` as given (repeats dropped), every EKS
/// region with `all_regions`, else the configured one. The fleet options are checked before any
/// call.
pub(crate) async fn places(
    aws: &AwsArgs,
    fleet_args: &crate::cli::FleetArgs,
    regions: &[String],
    all_regions: bool,
    concurrency: usize,
    printer: Printer,
) -> Result<Places> {
    use crate::aws::fleet::{self, EKS_REGIONS};
    let first = if all_regions {
        Some(EKS_REGIONS[0])
    } else {
        regions.first().map(String::as_str)
    };
    let base = aws_context(aws, first).await?;
    let partition = crate::validate::names::partition_of_region(base.region());
    let reach = fleet_reach(fleet_args, partition, concurrency)?;
    let mut list: Vec<String> = Vec::new();
    if !all_regions {
        for r in regions
            .iter()
            .cloned()
            .chain(regions.is_empty().then(|| base.region().to_string()))
        {
            if !list.contains(&r) {
                list.push(r);
            }
        }
    }
    let (accounts, mut failures) = match &reach {
        Some(reach) => {
            let reached = fleet::accounts(&base, reach).await?;
            for note in &reached.notes {
                printer.note(note);
            }
            (reached.accounts, reached.failures)
        }
        None => (
            vec![fleet::Account {
                id: String::new(),
                ctx: base.for_region(base.region()),
            }],
            Vec::new(),
        ),
    };
    // Every region: each account's own enabled regions (a region outside what was read is
    // unread, and says so).
    let contexts = if all_regions {
        let per_account = futures_util::future::join_all(
            accounts.iter().map(|a| fleet::all_regions(&a.id, &a.ctx)),
        )
        .await;
        let mut contexts = Vec::new();
        for (a, (regions, failure)) in accounts.iter().zip(per_account) {
            failures.extend(failure);
            for r in regions {
                contexts.push((a.id.clone(), a.ctx.for_region(&r)));
                if !list.contains(&r) {
                    list.push(r);
                }
            }
        }
        list.sort();
        contexts
    } else {
        fleet::contexts(&accounts, &list)
    };
    let org = reach
        .as_ref()
        .filter(|r| r.accounts.from_organization())
        .map(|_| base.for_region(base.region()));
    Ok(Places {
        contexts,
        regions: list,
        failures,
        fleet: reach.is_some(),
        org,
    })
}

/// Prints what a fleet run could not read, and returns the exit code it ends with.
pub(crate) fn report_failures(
    failures: &[crate::aws::fleet::Failure],
    allow_partial: bool,
    printer: Printer,
) -> u8 {
    for f in failures {
        let place = match (&f.account, &f.region) {
            (Some(a), Some(r)) => format!("account {a}, region {r}"),
            (Some(a), None) => format!("account {a}"),
            (None, Some(r)) => format!("region {r}"),
            (None, None) => "the run".into(),
        };
        printer.warn(&format!(
            "{place} was not read: {} (hint: {})",
            f.reason, f.hint
        ));
    }
    if failures.is_empty() || allow_partial {
        crate::error::exit::SUCCESS
    } else {
        printer.warn(&format!(
            "{} account(s) or region(s) could not be read; the results above are partial (--allow-partial makes this exit 0)",
            failures.len()
        ));
        crate::error::exit::FAILURE
    }
}

/// The credentials of a target role's account given with --target-profile or
/// --target-assume-role-arn (the session named `session`): (context, its account); None when
/// neither was given.
pub(crate) async fn target_account(
    ctx: &AwsContext,
    args: &crate::cli::TargetAccountArgs,
    session: &str,
) -> Result<Option<(AwsContext, String)>> {
    let other = match (&args.target_profile, &args.target_assume_role_arn) {
        (Some(p), _) => ctx.with_profile(p).await?,
        (None, Some(r)) => {
            crate::validate::Arn::role("target assume role ARN", r)?;
            ctx.assuming(r, None, session).await?
        }
        (None, None) => return Ok(None),
    };
    let account = other.caller_account().await?;
    Ok(Some((other, account)))
}

/// The settle wait every trust writer makes after its last read-modify-write trust edit (#32 item
/// 7): says what it waits for and what it will read (`roles`: "role x" or "the 3 role(s)"), shows
/// a spinner on a terminal meanwhile (#33 item 13: it was silent in migrate-irsa), then returns
/// `plan::execute::settle`'s answer (false when a signal asked epi to stop).
pub(crate) async fn settle_announced(printer: Printer, delay: u64, roles: &str) -> bool {
    printer.note(&format!(
        "waiting {delay} s, then reading {roles} whose trust policy this run edited again: another writer's late write may have replaced it (--settle-delay)"
    ));
    let spinner = printer.spinner(&format!(
        "waiting {delay} s for other writers' late trust-policy writes"
    ));
    let settled = crate::plan::execute::settle(Duration::from_secs(delay)).await;
    spinner.finish_and_clear();
    settled
}

/// The one region of a command about one cluster (`--cluster`): `--region` given once, or none
/// (AWS_REGION, then the profile's). Several are for `--all-clusters` (exit 2 otherwise).
pub(crate) fn one_region(regions: &[String]) -> Result<Option<&str>> {
    match regions {
        [] => Ok(None),
        [one] => Ok(Some(one.as_str())),
        several => Err(crate::error::Error::usage(
            format!(
                "--cluster reads one cluster in one region, but {} regions were given ({})",
                several.len(),
                several.join(", ")
            ),
            "give one --region, or --all-clusters to look in several regions",
        )),
    }
}

/// Resolves the AWS options of a command.
pub(crate) fn aws_settings(args: &AwsArgs, region: Option<&str>) -> AwsSettings {
    AwsSettings {
        // `AWS_PROFILE=` (set but empty) means no profile, as the AWS CLI reads it.
        profile: args.profile.clone().filter(|p| !p.trim().is_empty()),
        region: region.map(str::to_string),
        endpoint_url: args.endpoint_url.clone(),
        max_attempts: args.max_attempts,
        adaptive_retries: args.retry_mode == crate::cli::RetryModeArg::Adaptive,
        connect_timeout: Duration::from_secs(args.connect_timeout),
        read_timeout: Duration::from_secs(args.read_timeout),
        operation_timeout: Duration::from_secs(args.operation_timeout),
        wait_hook: Some(crate::output::WaitSpinner::hook()),
    }
}

/// Loads the AWS context of a command that works in one region.
pub(crate) async fn aws_context(args: &AwsArgs, region: Option<&str>) -> Result<AwsContext> {
    AwsContext::load(&aws_settings(args, region)).await
}

/// Whether a person is at the terminal (stdin and stderr are terminals): only then may epi prompt
/// or wait with a spinner by default.
pub(crate) fn interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// The cluster's Kubernetes API: the `--context` given; else the kubeconfig context whose server is
/// the cluster's endpoint; else, with `--kubeconfig`, its current context (with a warning); else
/// directly from DescribeCluster with an EKS token, as `aws eks get-token` makes it.
pub(crate) async fn kube_for_cluster(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    kube: &KubeArgs,
    printer: Printer,
) -> Result<KubeContext> {
    let endpoint = cluster.endpoint.clone().unwrap_or_default();
    let kubeconfig = kube.kubeconfig.clone();
    let context = kube
        .context
        .clone()
        .or_else(|| KubeContext::context_for_endpoint(kubeconfig.as_deref(), &endpoint));
    if context.is_some() || kubeconfig.is_some() {
        let kube = KubeContext::connect(&KubeSettings {
            kubeconfig,
            context,
            timeout: Duration::from_secs(kube.kube_timeout),
        })
        .await?;
        warn_if_insecure(&kube, printer);
        if !endpoint.is_empty()
            && endpoint.trim_end_matches('/') != kube.server().trim_end_matches('/')
        {
            printer.warn(&format!(
                "the kubeconfig context talks to {}, but cluster {}'s endpoint is {endpoint}: make sure it is this cluster's (`aws eks update-kubeconfig --name {}`)",
                kube.server(),
                cluster.name,
                cluster.name
            ));
        }
        return Ok(kube);
    }
    let (Some(ca), false) = (&cluster.certificate_authority, endpoint.is_empty()) else {
        return Err(Error::Precondition {
            message: format!(
                "no kubeconfig context points at cluster {}, and its endpoint or CA is unknown",
                cluster.name
            ),
            hint: format!(
                "run `aws eks update-kubeconfig --name {}`, or give --kubeconfig and --context",
                cluster.name
            ),
        });
    };
    let credentials = ctx.credentials().await?;
    let token = crate::aws::token::eks_token(
        &credentials,
        ctx.region(),
        &cluster.name,
        std::time::SystemTime::now(),
    )
    .map_err(|message| Error::Precondition {
        message,
        hint: "check the AWS credentials".into(),
    })?;
    printer.note(&format!(
        "no kubeconfig context points at {}: connecting to {endpoint} with an EKS token",
        cluster.name
    ));
    Ok(KubeContext::connect_eks(
        &endpoint,
        ca,
        &token.token,
        Duration::from_secs(kube.kube_timeout),
    )
    .await?)
}

/// A kubeconfig with `insecure-skip-tls-verify` lets anyone on the path pose as the API server.
pub(crate) fn warn_if_insecure(kube: &KubeContext, printer: Printer) {
    if kube.insecure() {
        printer.warn(&format!(
            "the kubeconfig sets insecure-skip-tls-verify for {}: the API server's certificate is not checked, so anyone on the network path could pose as it; set certificate-authority-data instead",
            kube.server()
        ));
    }
}
