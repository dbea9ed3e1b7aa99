//! The command line, as clap types only. Commands receive these structs; nothing here acts.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::output::{ColorMode, DataFormat, DocumentFormat};

/// epi: administer Amazon EKS Pod Identity.
#[derive(Debug, Parser)]
#[command(
    name = "epi",
    version,
    about = "Administer Amazon EKS Pod Identity: the agent add-on, associations, Pod Identity as code (plan, apply, export), access answers, IRSA migration, doctor, policies, S3 CSI volumes",
    long_about = "Administer Amazon EKS Pod Identity: install the agent add-on, manage associations and \
        their roles, keep them as code (plan, apply, export), answer what a service account may do \
        (access check, who-can, test), move IRSA service accounts to Pod Identity, diagnose a \
        cluster with doctor, generate and lint trust and ABAC policies, scaffold Mountpoint for S3 \
        volumes.\n\n\
        The policy, s3-csi, schema and completions commands work offline: they never read AWS configuration or credentials.\n\n\
        Exit codes: 0 success, 1 runtime failure (lint findings, a failed doctor check), 2 bad usage or \
        invalid input (nothing is written), 3 changes pending (plan; apply and migrate-irsa with --dry-run; apply, migrate-irsa, its rollback and association delete without --yes off a terminal or when the prompt is declined), \
        130/143 a changing command stopped by SIGINT/SIGTERM after the step in flight.",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Print no warnings or notes on stderr (errors are still printed)
    #[arg(short, long, global = true, help_heading = "Global options")]
    pub quiet: bool,

    /// When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t,
        value_name = "WHEN",
        help_heading = "Global options"
    )]
    pub color: ColorMode,

    /// Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in
    /// RUST_LOG syntax instead
    #[arg(short, long, global = true, action = clap::ArgAction::Count, help_heading = "Global options")]
    pub verbose: u8,

    /// Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and
    /// signatures are masked)
    #[arg(long, global = true, help_heading = "Global options")]
    pub debug: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate and lint IAM policies for Pod Identity (offline)
    #[command(subcommand)]
    Policy(PolicyCommand),

    /// Manifests for the Mountpoint for Amazon S3 CSI driver (offline)
    #[command(name = "s3-csi", subcommand)]
    S3Csi(S3CsiCommand),

    /// Install, upgrade and check the eks-pod-identity-agent add-on
    #[command(subcommand)]
    Addon(AddonCommand),

    /// Create, list, describe, update and delete Pod Identity associations
    #[command(subcommand)]
    Association(AssociationCommand),

    /// What Pod Identity lets service accounts reach, who can reach a resource, and access tests
    /// (read-only)
    #[command(subcommand)]
    Access(AccessCommand),

    /// Move IRSA service accounts of a cluster to Pod Identity associations, safely and resumably
    #[command(name = "migrate-irsa")]
    MigrateIrsa(Box<MigrateIrsaArgs>),

    /// Check a cluster's Pod Identity set-up and say what is wrong and how to fix it (read-only)
    Doctor(Box<DoctorArgs>),

    /// Compare declarative files with the live state and print what apply would change
    /// (read-only)
    Plan(Box<PlanArgs>),

    /// Make the live state match declarative files (or carry out a saved plan)
    Apply(Box<ApplyArgs>),

    /// Write a cluster's live associations as a file: epi's format, Terraform or eksctl
    Export(Box<ExportArgs>),

    /// Print the JSON Schema of the declarative file (for editors; offline)
    Schema(SchemaArgs),

    /// Write one file with a fleet's Pod Identity state (clusters, associations, roles and their
    /// policies, the organisation's SCPs and RCPs), for answers offline with --snapshot
    /// (read-only)
    Snapshot(Box<SnapshotArgs>),

    /// What each service account really did, from CloudTrail: its calls, denied calls and
    /// resources (read-only)
    Usage(Box<UsageArgs>),

    /// From a CloudTrail call to the pod that made it: session, assume event, pod, association,
    /// role and the statement that decided (read-only)
    Trace(Box<TraceArgs>),

    /// Least privilege per service account, from what CloudTrail shows it used: a proposal
    /// replayed against every call seen before it is made; --write turns it into files for
    /// `epi plan` (changes nothing itself)
    Rightsize(Box<RightsizeArgs>),

    /// Print a shell completion script to stdout
    Completions(CompletionsArgs),
}

/// The declarative files and how they are read.
#[derive(Debug, Args)]
pub struct ConfigFiles {
    /// A PodIdentityConfig file, YAML or JSON, several documents allowed, or a directory of them
    /// (repeatable; - for standard input)
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub files: Vec<std::path::PathBuf>,

    /// The cluster, overriding the files' `cluster`
    #[arg(long, value_name = "NAME")]
    pub cluster: Option<String>,

    /// The region, overriding the files' `region` [default: AWS_REGION, then the profile's]
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Delete what epi created for the files' stack that no file names any longer: the stack's
    /// associations of these clusters, and roles the stack created that nothing in the account
    /// uses (needs `stack` in the files; without --prune they are listed as notes)
    #[arg(long)]
    pub prune: bool,

    /// Take existing associations and roles the files name into the files' stack (tag them):
    /// those made outside epi, by an epi without stacks, or by another stack
    #[arg(long)]
    pub adopt: bool,

    /// Fail (exit 1) when prune keeps a role because epi could not prove nothing uses it (a
    /// region it could not read)
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    epi plan -f pod-identity.yaml\n  \
    epi plan -f prod.yaml --out plan.json && epi apply --plan plan.json --yes\n\n\
    Exit status: 0 no change, 3 changes pending, 1 a failure, 2 a bad file (FILE:LINE:COLUMN).")]
pub struct PlanArgs {
    #[command(flatten)]
    pub config: ConfigFiles,

    /// Save the plan for `epi apply --plan`
    #[arg(long, value_name = "PLAN.json")]
    pub out: Option<std::path::PathBuf>,

    /// Format of the plan: markdown is a pull-request comment, github annotates the files' lines
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: PlanFormat,

    #[command(flatten)]
    pub kube: KubeArgs,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    epi apply -f pod-identity.yaml --yes\n  \
    epi apply --plan plan.json --yes\n\n\
    Exit status: 0 done (or nothing to do), 1 a change failed, 2 a bad file, 3 changes pending\n\
    (--dry-run, or no --yes without a terminal, or the prompt declined), 130/143 interrupted.")]
pub struct ApplyArgs {
    #[command(flatten)]
    pub config: ConfigFiles,

    /// A plan saved by `epi plan --out`: its files are planned again against the live state, and
    /// the changes are carried out only if they are exactly the saved ones
    #[arg(long, value_name = "PLAN.json", conflicts_with = "files")]
    pub plan: Option<std::path::PathBuf>,

    /// With --plan: refuse the plan unless its digest (printed by `epi plan`) is this one
    #[arg(long, value_name = "SHA256", requires = "plan")]
    pub expect_digest: Option<String>,

    /// Do not ask for confirmation (required when not on a terminal)
    #[arg(short, long)]
    pub yes: bool,

    /// Print the plan; change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Most changes made at once
    #[arg(long, default_value_t = 8, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=64))]
    pub concurrency: u32,

    /// Seconds to wait after the run's last trust-policy edit before reading the edited roles
    /// again and restoring any statement another writer's late write replaced (IAM has no
    /// conditional write); 0 skips the wait, not the check
    #[arg(long, env = "EPI_SETTLE_DELAY", default_value_t = 10, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(0..=600))]
    pub settle_delay: u64,

    /// Format of the plan and result
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: DataFormat,

    #[command(flatten)]
    pub kube: KubeArgs,

    #[command(flatten)]
    pub aws: AwsArgs,
}

/// `epi export --format`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// epi's own PodIdentityConfig (what `epi plan -f` reads)
    #[default]
    Epi,
    /// aws_eks_pod_identity_association resources with import blocks
    Terraform,
    /// an eksctl ClusterConfig with iam.podIdentityAssociations
    Eksctl,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    epi export --cluster prod > prod.yaml && epi plan -f prod.yaml   # no change\n  \
    epi export --cluster prod --format terraform -f pod-identity.tf")]
#[command(group = clap::ArgGroup::new("which_cluster").required(true).args(["cluster", "all_clusters"]))]
pub struct ExportArgs {
    /// The EKS cluster
    #[arg(long, value_name = "NAME", conflicts_with = "all_clusters")]
    pub cluster: Option<String>,

    /// Every cluster of the regions and accounts asked for: one document per cluster
    #[arg(long)]
    pub all_clusters: bool,

    /// The cluster's region; with --all-clusters, the regions to look in (repeatable, or
    /// comma-separated; --regions is the same) [default: AWS_REGION, then the profile's]
    #[arg(
        long = "region",
        visible_alias = "regions",
        value_name = "REGION",
        value_delimiter = ',',
        conflicts_with = "all_regions"
    )]
    pub regions: Vec<String>,

    /// With --all-clusters: every region where EKS is offered
    #[arg(long, requires = "all_clusters")]
    pub all_regions: bool,

    /// Only the associations of this namespace (repeatable) [default: every namespace]
    #[arg(
        long = "namespace",
        visible_alias = "namespaces",
        value_name = "NS",
        value_delimiter = ','
    )]
    pub namespaces: Vec<String>,

    /// The file format
    #[arg(long, value_enum, default_value_t, value_name = "FORMAT")]
    pub format: ExportFormat,

    /// Write to this file instead of standard output
    #[arg(short = 'f', long = "file", value_name = "OUT")]
    pub file: Option<std::path::PathBuf>,

    #[command(flatten)]
    pub fleet: FleetArgs,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "For editors (yaml-language-server), put this first in a file:\n  \
    # yaml-language-server: $schema=./epi.schema.json\n\
    after `epi schema > epi.schema.json`."
)]
pub struct SchemaArgs {
    /// The document kind whose schema to print
    #[arg(long, value_enum, default_value_t, value_name = "KIND")]
    pub kind: SchemaKind,
}

/// `epi schema --kind`: the document kinds, spelled as their `kind:`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaKind {
    /// Every kind, told apart by `kind` (one schema for a directory holding both)
    #[default]
    #[value(name = "all")]
    All,
    #[value(name = "PodIdentityConfig")]
    PodIdentityConfig,
    #[value(name = "AccessTests")]
    AccessTests,
    /// The file `epi snapshot` writes
    #[value(name = "PodIdentitySnapshot")]
    PodIdentitySnapshot,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    epi snapshot --all-clusters --accounts org --all-regions --out fleet.json\n  \
    epi access who-can --snapshot fleet.json --all-clusters \\\n      \
    --action s3:GetObject --resource arn:aws:s3:::data/x\n\n\
The file is JSON (kind PodIdentitySnapshot; `epi schema --kind PodIdentitySnapshot`), made\n\
0600. Exit 1 when a place or a role could not be read (it is still written, saying so).")]
pub struct SnapshotArgs {
    #[command(flatten)]
    pub places: ClusterPlaces,

    /// The file to write (replaced whole, or not at all)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,

    /// Read the organisation's SCPs and RCPs along each account's path (implied by --accounts
    /// org or organisational units; needs the management account or a delegated administrator)
    #[arg(long)]
    pub org_policies: bool,

    /// Most AWS calls in flight at once in each account (a fleet run reads every account at once,
    /// at most 256 calls in all)
    #[arg(long, default_value_t = 16, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=64))]
    pub concurrency: u32,

    #[command(flatten)]
    pub fleet: FleetArgs,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Checks, grouped by area (each is pass, warn, fail or skip, with evidence and a hint):\n  \
    cluster       status, Kubernetes and platform version, Auto Mode, Fargate profiles, Windows nodes\n  \
    agent         the eks-pod-identity-agent add-on, its health and version, its DaemonSet, the node role\n  \
    associations  per association: role, trust policy, target role, service account, IRSA annotation,\n                \
    pods to restart, add-on ownership, permission policies; and the 1000-association quota\n\n\
    A check that could not run (a permission missing, the Kubernetes API unreachable) is a skip and\n\
    names what it lacked. doctor changes nothing.\n\n\
    Exit status: 0 nothing failed, 1 a check failed (with --strict: or warned or was skipped), 2 bad input."
)]
#[command(group = clap::ArgGroup::new("which_cluster").required(true).args(["cluster", "all_clusters"]))]
pub struct DoctorArgs {
    /// The EKS cluster
    #[arg(long, value_name = "NAME", conflicts_with = "all_clusters")]
    pub cluster: Option<String>,

    /// Every cluster of the regions and accounts asked for: one summary row per cluster
    #[arg(long)]
    pub all_clusters: bool,

    /// With --all-clusters: each cluster's full report after the summary
    #[arg(long, requires = "all_clusters")]
    pub detail: bool,

    /// The cluster's region; with --all-clusters, the regions to look in (repeatable, or
    /// comma-separated; --regions is the same) [default: AWS_REGION, then the profile's]
    #[arg(
        long = "region",
        visible_alias = "regions",
        value_name = "REGION",
        value_delimiter = ',',
        conflicts_with = "all_regions"
    )]
    pub regions: Vec<String>,

    /// With --all-clusters: every region where EKS is offered
    #[arg(long, requires = "all_clusters")]
    pub all_regions: bool,

    /// Only the associations of this namespace (repeatable) [default: every namespace]
    #[arg(
        long = "namespace",
        visible_alias = "namespaces",
        value_name = "NS",
        value_delimiter = ','
    )]
    pub namespaces: Vec<String>,

    /// Only these groups of checks (repeatable, or comma-separated): node is the credential path
    /// between pods and the agent [default: all]
    #[arg(long, value_enum, value_delimiter = ',', value_name = "GROUP")]
    pub checks: Vec<CheckGroup>,

    /// Fail on warnings and skipped checks too (for CI gates)
    #[arg(long)]
    pub strict: bool,

    /// Skip the checks that need the Kubernetes API
    #[arg(long)]
    pub no_kube: bool,

    /// Read the organisation's SCPs and RCPs (of the accounts read, and of --target-profile's)
    /// and judge the hop to each target role with them (implied by --accounts org or
    /// organisational units; needs the management account or a delegated administrator)
    #[arg(long)]
    pub org_policies: bool,

    /// With --all-clusters: record each finished account and region in FILE, and skip those an
    /// earlier run with the same FILE finished, taking their reports from it (resumes an
    /// interrupted run)
    #[arg(
        long,
        value_name = "FILE",
        requires = "all_clusters",
        conflicts_with = "snapshot"
    )]
    pub checkpoint: Option<PathBuf>,

    /// Check offline from a file `epi snapshot` wrote (no AWS or Kubernetes call): the
    /// cluster's status and version and every association check; the agent, node and
    /// Kubernetes checks are skipped (a snapshot does not hold them)
    #[arg(long, value_name = "FILE", conflicts_with = "org_policies")]
    pub snapshot: Option<PathBuf>,

    /// Most associations checked at once (with --all-clusters: per cluster; four clusters at
    /// once per account, every account at once)
    #[arg(long, default_value_t = 8, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=64))]
    pub concurrency: u32,

    /// Format of the report: junit (one test case per check), sarif (code scanning, logical
    /// locations) and github (workflow annotations) are for CI
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: ReportFormat,

    #[command(flatten)]
    pub kube: KubeArgs,

    #[command(flatten)]
    pub target: TargetAccountArgs,

    #[command(flatten)]
    pub fleet: FleetArgs,

    #[command(flatten)]
    pub aws: AwsArgs,
}

/// Where the Kubernetes API is.
#[derive(Clone, Debug, Args)]
#[command(next_help_heading = "Kubernetes options")]
pub struct KubeArgs {
    /// The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]
    #[arg(long, value_name = "FILE")]
    pub kubeconfig: Option<std::path::PathBuf>,

    /// The kubeconfig context of the cluster [default: the current context]
    #[arg(long, value_name = "CONTEXT")]
    pub context: Option<String>,

    /// Seconds to wait for a connection to the Kubernetes API, and for each of its answers
    #[arg(long, default_value_t = 30, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=600))]
    pub kube_timeout: u64,
}

#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = "Order of work, per service account (AWS's documented order):\n  \
    1. back up the role's trust policy and the annotations (--backup)\n  \
    2. add the pods.eks.amazonaws.com statement to the role's trust policy, keeping every other statement\n  \
    3. create the association\n  \
    4. with --restart-workloads: restart the Deployments, StatefulSets and DaemonSets using it\n  \
    5. with --remove-irsa, once every pod of the service account has Pod Identity credentials:\n     \
    remove the annotation and this cluster's IRSA trust for it (never another cluster's)\n\n\
    Exit status: 0 nothing (left) to migrate, 1 a failure, 3 changes pending (--dry-run, or no --yes\n\
    without a terminal, or the prompt declined)."
)]
pub struct MigrateIrsaArgs {
    #[command(subcommand)]
    pub command: Option<MigrateIrsaCommand>,

    /// The EKS cluster
    #[arg(long, value_name = "NAME", required = true)]
    pub cluster: Option<String>,

    /// The cluster's region [default: AWS_REGION, then the profile's]
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Only this namespace (repeatable) [default: every namespace]
    #[arg(
        long = "namespace",
        visible_alias = "namespaces",
        value_name = "NS",
        value_delimiter = ','
    )]
    pub namespaces: Vec<String>,

    /// Show the plan and change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Carry out the plan without asking (required when not on a terminal)
    #[arg(short, long)]
    pub yes: bool,

    /// Where to write the backup of what is changed [default: epi-migrate-irsa-CLUSTER.json]
    #[arg(long, value_name = "FILE")]
    pub backup: Option<std::path::PathBuf>,

    /// Restart the workloads of each migrated service account so pods get Pod Identity credentials
    #[arg(long)]
    pub restart_workloads: bool,

    /// Remove the IRSA annotation and this cluster's IRSA trust once the pods use Pod Identity
    #[arg(long)]
    pub remove_irsa: bool,

    /// Replace an association that points at another role
    #[arg(long)]
    pub force: bool,

    /// Stop (instead of installing it) when the agent add-on is missing
    #[arg(long)]
    pub no_install_agent: bool,

    /// Most service accounts worked on at once
    #[arg(long, default_value_t = 8, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=64))]
    pub concurrency: u32,

    /// Seconds to wait after the run's last trust-policy edit before reading the edited roles
    /// again and restoring any statement another writer's late write replaced (IAM has no
    /// conditional write); 0 skips the wait, not the check
    #[arg(long, env = "EPI_SETTLE_DELAY", default_value_t = 10, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(0..=600))]
    pub settle_delay: u64,

    /// Format of the plan and the report
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: DataFormat,

    #[command(flatten)]
    pub kube: KubeArgs,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Subcommand)]
pub enum MigrateIrsaCommand {
    /// Undo a migration from its backup: restore trust policies and annotations, delete the associations it created
    Rollback(MigrateRollbackArgs),
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 rolled back (or nothing to roll back), 1 a change failed, 2 bad input,\n\
    3 nothing changed for want of a yes (no --yes without a terminal, or the prompt declined),\n\
    130/143 interrupted."
)]
pub struct MigrateRollbackArgs {
    /// The backup file a migration wrote
    #[arg(long, value_name = "FILE")]
    pub backup: std::path::PathBuf,

    /// Do not ask for confirmation (required when not on a terminal)
    #[arg(short, long)]
    pub yes: bool,

    /// Print what the rollback would change (the engine's plan); change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Format of the report
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: DataFormat,

    #[command(flatten)]
    pub kube: KubeArgs,

    #[command(flatten)]
    pub aws: AwsArgs,
}

/// How to reach AWS; shared by every command that calls it.
#[derive(Clone, Debug, Args)]
#[command(next_help_heading = "AWS options")]
pub struct AwsArgs {
    /// Named profile of the AWS config files [default: "default"]
    #[arg(long, env = "AWS_PROFILE", value_name = "PROFILE")]
    pub profile: Option<String>,

    /// Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS's]
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Most attempts per AWS call (adaptive retry on throttling and server faults)
    #[arg(long, env = "AWS_MAX_ATTEMPTS", default_value_t = 8, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=25))]
    pub max_attempts: u32,

    /// How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)
    #[arg(
        long,
        env = "AWS_RETRY_MODE",
        value_enum,
        default_value_t,
        value_name = "MODE"
    )]
    pub retry_mode: RetryModeArg,

    /// Seconds to wait for a connection to AWS
    #[arg(long, default_value_t = 5, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=300))]
    pub connect_timeout: u64,

    /// Seconds one attempt of an AWS call may wait for the answer once the request is sent (a
    /// silent endpoint then fails after one more try)
    #[arg(long, default_value_t = 20, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=600))]
    pub read_timeout: u64,

    /// Seconds one AWS call may take, retries included
    #[arg(long, default_value_t = 120, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub operation_timeout: u64,
}

/// `--retry-mode`, as the AWS CLI names them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum RetryModeArg {
    #[default]
    Adaptive,
    Standard,
}

#[derive(Debug, Subcommand)]
pub enum AddonCommand {
    /// Install or upgrade the agent add-on at the right version for the cluster, and wait until it is healthy
    Install(AddonInstallArgs),
    /// Show whether the agent add-on is installed, its version, status and health
    Status(AddonStatusArgs),
    /// The Pod Identity roles add-ons want (DescribeAddonConfiguration), and with --create, make
    /// them and give them to the add-ons
    Roles(Box<AddonRolesArgs>),
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    epi addon roles --cluster prod\n  \
    epi addon roles --cluster prod --addon aws-ebs-csi-driver --create --dry-run\n  \
    epi addon roles --cluster prod --addon aws-ebs-csi-driver \\\n      \
    --addon aws-efs-csi-driver --create\n\n\
    Without --create: a table of each add-on's service accounts that can use Pod Identity, the\n\
    managed policies AWS recommends, and the role each uses now (association or IRSA). With\n\
    --create: a role per service account without one (trust scoped to the add-on's namespace and\n\
    service account, the recommended policies attached), then UpdateAddon with the add-on's\n\
    existing podIdentityAssociations kept.")]
pub struct AddonRolesArgs {
    #[command(flatten)]
    pub cluster: ClusterArgs,

    /// Only this add-on, installed or not (repeatable) [default: every installed add-on]
    #[arg(long = "addon", value_name = "NAME")]
    pub addons: Vec<String>,

    /// Create the missing roles and give them to the add-ons
    #[arg(long)]
    pub create: bool,

    /// With --create: print what would be done; change nothing
    #[arg(long, requires = "create")]
    pub dry_run: bool,

    /// The name of a created role: {cluster}, {addon} and {serviceAccount} are replaced; names
    /// over IAM's 64 characters are cut and end with a hash of the full name
    #[arg(
        long,
        default_value = "{cluster}-{addon}-{serviceAccount}",
        value_name = "TEMPLATE"
    )]
    pub role_name_template: String,

    /// Format of the result
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: DataFormat,

    #[command(flatten)]
    pub aws: AwsArgs,
}

/// The one cluster a command works on: `--cluster` and `--region`, declared once for every
/// command that takes them.
#[derive(Clone, Debug, Args)]
pub struct ClusterArgs {
    /// The EKS cluster
    #[arg(long = "cluster", value_name = "NAME")]
    pub name: String,

    /// The cluster's region [default: AWS_REGION, then the profile's]
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
}

/// `--resolve-conflicts`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ResolveConflictsArg {
    /// Overwrite fields of the add-on's Kubernetes objects that were changed by hand
    Overwrite,
    /// Fail when fields were changed by hand
    #[default]
    None,
    /// Keep fields changed by hand (upgrades only)
    Preserve,
}

#[derive(Debug, Args)]
#[command(disable_version_flag = true)]
pub struct AddonInstallArgs {
    #[command(flatten)]
    pub cluster: ClusterArgs,

    /// Add-on version, or "latest" [default: EKS's default version for the cluster's Kubernetes version]
    #[arg(long = "version", value_name = "VERSION")]
    pub addon_version: Option<String>,

    /// Serve credentials on IPv4 only (for nodes without IPv6)
    #[arg(long)]
    pub ipv4_only: bool,

    /// Also run the agent on EKS hybrid nodes (add-on v1.3.3-eksbuild.1 or later)
    #[arg(long)]
    pub hybrid: bool,

    /// What to do with fields of the add-on's objects changed by hand
    #[arg(long, value_enum, default_value_t)]
    pub resolve_conflicts: ResolveConflictsArg,

    /// Wait until the add-on is ACTIVE [default: on a terminal]
    #[arg(long, overrides_with = "no_wait")]
    pub wait: bool,

    /// Do not wait
    #[arg(long)]
    pub no_wait: bool,

    /// Most seconds to wait
    #[arg(long, default_value_t = 600, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=7200))]
    pub timeout: u64,

    /// Seconds between status checks while waiting
    #[arg(long, default_value_t = 10, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=300))]
    pub poll_interval: u64,

    /// Show what would be done; change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Format of the result
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: DataFormat,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
pub struct AddonStatusArgs {
    #[command(flatten)]
    pub cluster: ClusterArgs,

    /// Format of the result
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: DataFormat,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Subcommand)]
pub enum AssociationCommand {
    /// Create an association (namespace/service account -> role), checking the role's trust first
    Create(Box<AssociationCreateArgs>),
    /// List associations with their roles, across clusters and regions
    List(Box<AssociationListArgs>),
    /// Show one association
    Describe(AssociationDescribeArgs),
    /// Change an association's role, target role, session tags or session policy
    Update(AssociationUpdateArgs),
    /// Delete an association
    Delete(AssociationDeleteArgs),
}

/// Which association: by id, or by namespace and service account.
#[derive(Debug, Args)]
pub struct AssociationSelector {
    #[command(flatten)]
    pub cluster: ClusterArgs,

    /// The association id (a-…)
    #[arg(long, value_name = "ID", conflicts_with_all = ["namespace", "service_account"], required_unless_present_all = ["namespace", "service_account"])]
    pub id: Option<String>,

    /// The namespace (with --service-account)
    #[arg(long, value_name = "NS", requires = "service_account")]
    pub namespace: Option<String>,

    /// The service account (with --namespace)
    #[arg(long, value_name = "SA", requires = "namespace")]
    pub service_account: Option<String>,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    epi association create --cluster prod --namespace team-a \\\n      \
    --service-account app --role-arn arn:aws:iam::111122223333:role/team-a-app\n  \
    epi association create --cluster prod --namespace team-a \\\n      \
    --service-account app --create-role --role-name team-a-app \\\n      \
    --abac-template s3-prefix --abac-bucket data")]
pub struct AssociationCreateArgs {
    #[command(flatten)]
    pub cluster: ClusterArgs,

    /// Namespace of the service account (need not exist yet)
    #[arg(long, value_name = "NS")]
    pub namespace: String,

    /// The service account (need not exist yet)
    #[arg(long, value_name = "SA")]
    pub service_account: String,

    /// The role pods get, in the cluster's account
    #[arg(
        long,
        value_name = "ARN",
        required_unless_present = "create_role",
        conflicts_with = "create_role"
    )]
    pub role_arn: Option<String>,

    /// A role in another account that EKS assumes with the association's role (role chaining)
    #[arg(long, value_name = "ARN")]
    pub target_role_arn: Option<String>,

    /// Do not tag the sessions (needed for a session policy, or when tags overflow)
    #[arg(long)]
    pub disable_session_tags: bool,

    /// A session policy (JSON file) further limiting the credentials; needs --disable-session-tags
    #[arg(long, value_name = "FILE", requires = "disable_session_tags")]
    pub session_policy: Option<std::path::PathBuf>,

    /// A tag on the association, KEY=VALUE (repeatable)
    #[arg(long = "tag", value_name = "KEY=VALUE")]
    pub tags: Vec<String>,

    /// Add the Pod Identity statement to the role's trust policy when it lacks it (other statements are kept)
    #[arg(long)]
    pub fix_trust: bool,

    /// With --fix-trust and --disable-session-tags: accept a trust statement that cannot be scoped
    /// to the service account (EKS then sends no request tags), so any association of the account
    /// may use the role
    #[arg(long, requires = "fix_trust")]
    pub allow_unscoped_trust: bool,

    /// Create the role first, trusting pods.eks.amazonaws.com scoped to this namespace and service account
    #[arg(long, requires = "role_name")]
    pub create_role: bool,

    /// Name of the role to create
    #[arg(long, value_name = "NAME", requires = "create_role")]
    pub role_name: Option<String>,

    /// Path of the role to create, e.g. /eks/
    #[arg(long, value_name = "PATH", requires = "create_role")]
    pub role_path: Option<String>,

    /// Permissions boundary of the role to create (a policy ARN)
    #[arg(long, value_name = "ARN", requires = "create_role")]
    pub permissions_boundary: Option<String>,

    /// A managed policy to attach to the role to create (repeatable)
    #[arg(
        long = "attach-policy-arn",
        value_name = "ARN",
        requires = "create_role"
    )]
    pub attach_policy_arns: Vec<String>,

    /// With --create-role: a well-known policy for the role (repeatable; `epi policy well-known --list`)
    #[arg(
        long = "well-known-policy",
        value_name = "NAME",
        requires = "create_role"
    )]
    pub well_known_policies: Vec<String>,

    /// Do not scope the created role's trust to this namespace and service account
    #[arg(long, requires = "create_role")]
    pub no_scope: bool,

    /// Give the created role an inline ABAC policy from this template (see `epi policy abac --list`)
    #[arg(long, value_enum, value_name = "TEMPLATE", requires = "create_role")]
    pub abac_template: Option<TemplateName>,

    /// ABAC template: whose resources (cluster, namespace, service-account)
    #[arg(long, value_enum, default_value_t, requires = "abac_template")]
    pub abac_scope: Scope,

    /// ABAC template s3-prefix: the bucket
    #[arg(long, value_name = "BUCKET", requires = "abac_template")]
    pub abac_bucket: Option<String>,

    /// ABAC template s3-prefix: a fixed key prefix ending in '/'
    #[arg(long, value_name = "PREFIX", requires = "abac_template")]
    pub abac_prefix: Option<String>,

    /// ABAC template dynamodb: the table
    #[arg(long, value_name = "TABLE", requires = "abac_template")]
    pub abac_table: Option<String>,

    /// ABAC template ssm-parameters: a fixed path prefix
    #[arg(long, value_name = "PATH", requires = "abac_template")]
    pub abac_path: Option<String>,

    /// ABAC template: grant reading only
    #[arg(long, requires = "abac_template")]
    pub abac_read_only: bool,

    /// Seconds to wait after a trust-policy edit (--fix-trust, or the target role's with
    /// --target-profile/--target-assume-role-arn) before reading the role again and writing the
    /// statement back if another writer's late write replaced it (IAM has no conditional write);
    /// 0 skips the wait, not the check
    #[arg(long, env = "EPI_SETTLE_DELAY", default_value_t = 10, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(0..=600))]
    pub settle_delay: u64,

    /// Show what would be done; change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Format of the result
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: DataFormat,

    #[command(flatten)]
    pub target: TargetAccountArgs,

    #[command(flatten)]
    pub aws: AwsArgs,
}

/// Which clusters, in which regions, a read covers.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("which_clusters").required(true).args(["clusters", "all_clusters"]))]
pub struct ClusterPlaces {
    /// The EKS cluster (repeatable)
    #[arg(long = "cluster", value_name = "NAME", conflicts_with = "all_clusters")]
    pub clusters: Vec<String>,

    /// Every cluster of each region
    #[arg(long)]
    pub all_clusters: bool,

    /// Region to look in (repeatable, or comma-separated with --regions) [default: AWS_REGION,
    /// then the profile's]
    #[arg(
        long = "region",
        visible_alias = "regions",
        value_name = "REGION",
        value_delimiter = ',',
        conflicts_with = "all_regions"
    )]
    pub regions: Vec<String>,

    /// Every region where EKS is offered (the list in docs/commands.md)
    #[arg(long)]
    pub all_regions: bool,
}

#[derive(Debug, Args)]
pub struct AssociationListArgs {
    #[command(flatten)]
    pub places: ClusterPlaces,

    /// Only the associations of this namespace (repeatable, or comma-separated)
    #[arg(
        long = "namespace",
        visible_alias = "namespaces",
        value_name = "NS",
        value_delimiter = ','
    )]
    pub namespaces: Vec<String>,

    /// Only the associations whose role or target role is this ARN (repeatable): who uses a role
    #[arg(long = "role-arn", value_name = "ARN")]
    pub role_arns: Vec<String>,

    /// Only the associations whose role or target role has this name (repeatable)
    #[arg(long = "role-name", value_name = "NAME")]
    pub role_names: Vec<String>,

    /// Only this service account
    #[arg(long, value_name = "SA")]
    pub service_account: Option<String>,

    /// Most AWS calls in flight at once in each account (a fleet run reads every account at once,
    /// at most 256 calls in all)
    #[arg(long, default_value_t = 16, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=64))]
    pub concurrency: u32,

    /// Format of the result
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: DataFormat,

    /// Record each finished account and region in FILE, and skip those an earlier run with the
    /// same FILE finished, merging their results (resumes an interrupted run)
    #[arg(long, value_name = "FILE")]
    pub checkpoint: Option<PathBuf>,

    #[command(flatten)]
    pub fleet: FleetArgs,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
pub struct AssociationDescribeArgs {
    #[command(flatten)]
    pub select: AssociationSelector,

    /// Format of the result
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: DataFormat,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
pub struct AssociationUpdateArgs {
    #[command(flatten)]
    pub select: AssociationSelector,

    /// The new role
    #[arg(long, value_name = "ARN")]
    pub role_arn: Option<String>,

    /// The new target role (role chaining)
    #[arg(long, value_name = "ARN")]
    pub target_role_arn: Option<String>,

    /// Stop tagging the sessions
    #[arg(long, conflicts_with = "enable_session_tags")]
    pub disable_session_tags: bool,

    /// Tag the sessions again
    #[arg(long)]
    pub enable_session_tags: bool,

    /// A session policy (JSON file); the association must have session tags disabled
    #[arg(long, value_name = "FILE", conflicts_with = "enable_session_tags")]
    pub session_policy: Option<std::path::PathBuf>,

    /// Add the Pod Identity statement to the role's trust policy when it lacks it (for a new role,
    /// or when session tags are switched)
    #[arg(long)]
    pub fix_trust: bool,

    /// With --fix-trust and session tags disabled: accept a trust statement that cannot be scoped
    /// to the service account (EKS then sends no request tags), so any association of the account
    /// may use the role
    #[arg(long, requires = "fix_trust")]
    pub allow_unscoped_trust: bool,

    /// Seconds to wait after a trust-policy edit (--fix-trust, or the target role's with
    /// --target-profile/--target-assume-role-arn) before reading the role again and writing the
    /// statement back if another writer's late write replaced it (IAM has no conditional write);
    /// 0 skips the wait, not the check
    #[arg(long, env = "EPI_SETTLE_DELAY", default_value_t = 10, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(0..=600))]
    pub settle_delay: u64,

    /// Show what would change; change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Format of the result
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: DataFormat,

    #[command(flatten)]
    pub target: TargetAccountArgs,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 deleted (or, with --dry-run, shown), 1 a failure, 2 bad input, 3 nothing\n\
    deleted for want of a yes (no --yes without a terminal, or the prompt declined)."
)]
pub struct AssociationDeleteArgs {
    #[command(flatten)]
    pub select: AssociationSelector,

    /// Do not ask for confirmation (required when not on a terminal)
    #[arg(short, long)]
    pub yes: bool,

    /// Show what would be deleted; delete nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Format of the result
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: DataFormat,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Print the trust policy of a role for Pod Identity (or of a cross-account target role)
    Trust(TrustArgs),

    /// Print an ABAC permission policy from a template that uses the session tags
    Abac(AbacArgs),

    /// Check an IAM policy for mistakes that break Pod Identity or grant too much
    Lint(LintArgs),

    /// Evaluate one request against IAM policies offline, as AWS does, and say which policy
    /// allows or stops it (SCPs, RCPs, resource policy, identity, boundary, session policy)
    Simulate(Box<SimulateArgs>),

    /// Print a well-known policy (eksctl's wellKnownPolicies): the AWS managed policy where one
    /// exists, else the statements the upstream project documents
    #[command(name = "well-known")]
    WellKnown(WellKnownArgs),
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    epi policy well-known --list\n  \
    epi policy well-known aws-load-balancer-controller > alb.json\n  \
    epi policy well-known karpenter --cluster-name prod --region us-east-1 \\\n      \
    --account 111122223333")]
pub struct WellKnownArgs {
    /// The policy: aws-load-balancer-controller, cert-manager, cluster-autoscaler, ebs-csi-driver,
    /// efs-csi-driver, external-dns, image-builder, karpenter
    #[arg(value_name = "NAME", required_unless_present = "list")]
    pub name: Option<String>,

    /// List the well-known policies, what each gives and where it comes from
    #[arg(long, conflicts_with = "name")]
    pub list: bool,

    /// AWS partition of the policy's ARNs
    #[arg(long, default_value = "aws", value_name = "PARTITION")]
    pub partition: String,

    /// The cluster (karpenter is scoped to it)
    #[arg(long, value_name = "NAME")]
    pub cluster_name: Option<String>,

    /// The cluster's region (karpenter)
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// The cluster's account (karpenter)
    #[arg(long, value_name = "ACCOUNT")]
    pub account: Option<String>,

    /// Format of --list
    #[arg(
        long = "list-output",
        value_enum,
        default_value_t,
        value_name = "FORMAT",
        requires = "list"
    )]
    pub list_output: DataFormat,

    #[command(flatten)]
    pub output: PolicyOutputArgs,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    epi policy trust\n  \
    epi policy trust --namespace team-a --service-account app --cluster-name prod\n  \
    epi policy trust --target-role \\\n      \
    --source-role-arn arn:aws:iam::111122223333:role/app \\\n      \
    --cluster-arn arn:aws:eks:us-east-1:111122223333:cluster/prod")]
pub struct TrustArgs {
    /// Only pods in this namespace (repeatable)
    #[arg(
        long = "namespace",
        visible_alias = "namespaces",
        value_name = "NS",
        value_delimiter = ','
    )]
    pub namespaces: Vec<String>,

    /// Only pods using this service account (repeatable). With several namespaces, name pairs as
    /// NAMESPACE/SERVICE_ACCOUNT instead (no --namespace): one statement per pair
    #[arg(long = "service-account", value_name = "SA")]
    pub service_accounts: Vec<String>,

    /// Only pods of this EKS cluster, by name (repeatable)
    #[arg(long = "cluster-name", value_name = "NAME")]
    pub cluster_names: Vec<String>,

    /// Only pods of this EKS cluster, by ARN (repeatable)
    #[arg(long = "cluster-arn", value_name = "ARN")]
    pub cluster_arns: Vec<String>,

    /// Print the trust policy of a cross-account target role instead (needs --source-role-arn)
    #[arg(long, requires = "source_role_arn")]
    pub target_role: bool,

    /// The association's role, in the cluster's account, that assumes the target role
    #[arg(long, value_name = "ARN", requires = "target_role")]
    pub source_role_arn: Option<String>,

    /// For associations with session tags disabled: trust by external id instead of tags
    #[arg(long, requires = "target_role")]
    pub no_session_tags: bool,

    /// The externalId EKS returned for the association (`epi association describe` shows it):
    /// the target role then requires it
    #[arg(long, value_name = "ID", requires = "target_role")]
    pub external_id: Option<String>,

    #[command(flatten)]
    pub output: PolicyOutputArgs,
}

/// Where and how a policy document is printed.
#[derive(Debug, Args)]
pub struct PolicyOutputArgs {
    /// Document format
    #[arg(short, long, value_enum, default_value = "json", value_name = "FORMAT")]
    pub output: DocumentFormat,

    /// Write the document to FILE (atomically) instead of stdout
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, arg_required_else_help = true)]
pub struct AbacArgs {
    /// List the templates with what each grants
    #[arg(long)]
    pub list: bool,

    /// Format of --list
    #[arg(
        short,
        long,
        value_enum,
        default_value_t,
        value_name = "FORMAT",
        requires = "list"
    )]
    pub output: DataFormat,

    #[command(subcommand)]
    pub template: Option<AbacTemplate>,
}

#[derive(Debug, Subcommand)]
pub enum AbacTemplate {
    /// S3 objects under a key prefix named by the cluster, namespace or service account
    S3Prefix(S3PrefixArgs),
    /// DynamoDB items whose partition key is the cluster, namespace or NAMESPACE/SERVICE_ACCOUNT
    Dynamodb(DynamoDbArgs),
    /// Secrets Manager secrets whose resource tags match the caller's session tags
    SecretsManager(SecretsManagerArgs),
    /// SSM parameters under /CLUSTER[/NAMESPACE[/SERVICE_ACCOUNT]]
    SsmParameters(SsmParametersArgs),
    /// SQS queues named NAMESPACE_* (or NAMESPACE_SERVICE_ACCOUNT_*)
    Sqs(SqsArgs),
}

/// Region, account and partition of the ARNs a template names.
#[derive(Debug, Args)]
pub struct LocationArgs {
    /// Region of the resources ('*' for any region)
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Account id of the resources ('*' for any account)
    #[arg(long, value_name = "ACCOUNT")]
    pub account: Option<String>,

    /// AWS partition of the ARNs
    #[arg(long, default_value = "aws", value_name = "PARTITION")]
    pub partition: String,
}

#[derive(Debug, Args)]
pub struct S3PrefixArgs {
    /// The bucket
    #[arg(long, value_name = "BUCKET")]
    pub bucket: String,

    /// Whose prefix: cluster (CLUSTER/), namespace (NAMESPACE/), service-account (NAMESPACE/SA/)
    #[arg(long, value_enum, default_value_t)]
    pub scope: Scope,

    /// A fixed prefix in front of the tag-named one, ending in '/'
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,

    /// Grant reading only
    #[arg(long)]
    pub read_only: bool,

    /// AWS partition of the ARNs
    #[arg(long, default_value = "aws", value_name = "PARTITION")]
    pub partition: String,

    #[command(flatten)]
    pub output: PolicyOutputArgs,
}

#[derive(Debug, Args)]
pub struct DynamoDbArgs {
    /// The table
    #[arg(long, value_name = "TABLE")]
    pub table: String,

    /// Whose items: partition key equal to the cluster, the namespace, or NAMESPACE/SA
    #[arg(long, value_enum, default_value_t)]
    pub scope: Scope,

    /// Grant reading only
    #[arg(long)]
    pub read_only: bool,

    #[command(flatten)]
    pub location: LocationArgs,

    #[command(flatten)]
    pub output: PolicyOutputArgs,
}

#[derive(Debug, Args)]
pub struct SecretsManagerArgs {
    /// Which tags must match: cluster (eks-cluster-name), namespace (kubernetes-namespace),
    /// service-account (kubernetes-namespace and kubernetes-service-account)
    #[arg(long, value_enum, default_value_t)]
    pub scope: Scope,

    #[command(flatten)]
    pub location: LocationArgs,

    #[command(flatten)]
    pub output: PolicyOutputArgs,
}

#[derive(Debug, Args)]
pub struct SsmParametersArgs {
    /// A fixed path in front of the tag-named one, e.g. /apps
    #[arg(long, value_name = "PATH")]
    pub path: Option<String>,

    /// Depth of the path: /CLUSTER, /CLUSTER/NAMESPACE, /CLUSTER/NAMESPACE/SA
    #[arg(long, value_enum, default_value_t)]
    pub scope: Scope,

    /// Grant reading only
    #[arg(long)]
    pub read_only: bool,

    #[command(flatten)]
    pub location: LocationArgs,

    #[command(flatten)]
    pub output: PolicyOutputArgs,
}

#[derive(Debug, Args)]
pub struct SqsArgs {
    /// Queue name prefix: namespace (NAMESPACE_) or service-account (NAMESPACE_SA_)
    #[arg(long, value_enum, default_value_t)]
    pub scope: Scope,

    #[command(flatten)]
    pub location: LocationArgs,

    #[command(flatten)]
    pub output: PolicyOutputArgs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 no error-level finding, 1 error-level findings, 2 the input is not a policy."
)]
pub struct LintArgs {
    /// The policy files (JSON), or - for standard input
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// The name standard input's findings are reported under (SARIF uri, annotation file)
    #[arg(long, value_name = "NAME", default_value = "-")]
    pub stdin_name: String,

    /// What the policy is [default: detected: no Principal is identity, a Principal with a
    /// Resource is resource, a Principal alone is trust]
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<PolicyKind>,

    /// Format of the findings: sarif is SARIF 2.1.0 for code scanning, github one workflow-command
    /// annotation per finding
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: LintFormat,
}

/// `epi policy lint --output`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LintFormat {
    #[default]
    Table,
    Json,
    Yaml,
    /// SARIF 2.1.0, for code scanning
    Sarif,
    /// GitHub Actions annotations (::error file=…,line=…::…)
    Github,
}

/// `--expect` of `policy simulate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExpectArg {
    /// The request is allowed
    Allowed,
    /// Either kind of deny
    Denied,
    /// No policy allows it (and none denies it)
    #[value(name = "implicitDeny", alias = "implicit-deny")]
    ImplicitDeny,
    /// A Deny statement (or a rule of AWS's own) stops it
    #[value(name = "explicitDeny", alias = "explicit-deny")]
    ExplicitDeny,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Policy files are JSON (an --scp or --rcp file may hold a list of policies: \
    all of one level). Every policy is linted first: an error finding is bad input (exit 2).\n\n\
    Exit status: 0 evaluated; 1 the decision is not --expect's; 2 bad input.\n\n\
    Examples:\n  \
    epi policy simulate --action s3:GetObject \\\n      \
    --resource arn:aws:s3:::data/team-a/x --policy abac.json \\\n      \
    --principal arn:aws:sts::111122223333:assumed-role/app/s \\\n      \
    --context aws:PrincipalTag/kubernetes-namespace=team-a --expect allowed\n  \
    epi policy simulate --action sts:AssumeRole \\\n      \
    --resource arn:aws:iam::111122223333:role/app \\\n      \
    --principal pods.eks.amazonaws.com --resource-policy trust.json\n  \
    epi policy simulate --input request.json -o json"
)]
pub struct SimulateArgs {
    /// The action asked for (SERVICE:NAME, no wildcards)
    #[arg(long, value_name = "ACTION", required_unless_present = "input")]
    pub action: Option<String>,

    /// The resource's ARN, or * for actions without resource-level permissions
    #[arg(long, value_name = "ARN", required_unless_present = "input")]
    pub resource: Option<String>,

    /// An identity policy of the caller (repeat for several)
    #[arg(long = "policy", value_name = "FILE")]
    pub policies: Vec<PathBuf>,

    /// The caller's permissions boundary
    #[arg(long, value_name = "FILE")]
    pub permissions_boundary: Option<PathBuf>,

    /// The session policy passed when the session was made
    #[arg(long, value_name = "FILE")]
    pub session_policy: Option<PathBuf>,

    /// The resource's own policy (bucket policy, key policy, a role's trust policy)
    #[arg(long, value_name = "FILE")]
    pub resource_policy: Option<PathBuf>,

    /// Service control policies of one level of the organisation; repeat per level, root first
    #[arg(long = "scp", value_name = "FILE")]
    pub scps: Vec<PathBuf>,

    /// Resource control policies of one level; repeat per level, root first (RCPFullAWSAccess is
    /// implied at every level)
    #[arg(long = "rcp", value_name = "FILE")]
    pub rcps: Vec<PathBuf>,

    /// The policy of the VPC endpoint the request goes through
    #[arg(long, value_name = "FILE")]
    pub vpc_endpoint_policy: Option<PathBuf>,

    /// Who asks: an IAM or STS ARN, a service principal, or anonymous [default: an IAM principal
    /// of the resource's account]
    #[arg(long, value_name = "ARN|SERVICE|anonymous")]
    pub principal: Option<String>,

    /// The account that owns the resource, for ARNs without one (S3) [default: the caller's]
    #[arg(long, value_name = "ID")]
    pub resource_account: Option<String>,

    /// A condition key's value; repeat a key for several values
    #[arg(long = "context", value_name = "KEY=VALUE")]
    pub context: Vec<String>,

    /// Exit 1 unless the decision is this one
    #[arg(long, value_enum, value_name = "DECISION")]
    pub expect: Option<ExpectArg>,

    /// The whole request as one JSON document (see docs/json-output.md), or - for standard input
    #[arg(long, value_name = "FILE", conflicts_with_all = ["action", "resource", "policies", "permissions_boundary", "session_policy", "resource_policy", "scps", "rcps", "vpc_endpoint_policy", "principal", "resource_account", "context"])]
    pub input: Option<PathBuf>,

    /// Format of the result
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: DataFormat,
}

#[derive(Debug, Subcommand)]
pub enum S3CsiCommand {
    /// PersistentVolume and PersistentVolumeClaim for an S3 bucket, optionally with ServiceAccount,
    /// example Pod and the IAM policy the mount needs
    Scaffold(Box<ScaffoldArgs>),
}

#[derive(Debug, Args)]
#[command(
    after_help = "Mount options are Mountpoint's flags without '--', as OPTION or OPTION=VALUE:\n  \
    allow-delete allow-overwrite allow-other allow-root region prefix endpoint-url force-path-style\n  \
    transfer-acceleration dual-stack requester-pays bucket-type storage-class incremental-upload\n  \
    uid gid dir-mode file-mode max-threads part-size read-part-size write-part-size\n  \
    maximum-throughput-gbps memory-target expected-bucket-owner cache metadata-ttl\n  \
    negative-metadata-ttl max-cache-size cache-block-size sse sse-kms-key-id upload-checksums\n  \
    debug debug-crt no-log log-metrics\n\n\
    Examples:\n  \
    epi s3-csi scaffold --bucket data --name data --namespace team-a\n  \
    epi s3-csi scaffold --bucket data --name data --namespace team-a \\\n      \
    --read-only --prefix logs/ --authentication-source pod \\\n      \
    --service-account reader --with-pod -f data.yaml --with-policy"
)]
pub struct ScaffoldArgs {
    /// The S3 bucket (general purpose, or S3 Express One Zone NAME--AZID--x-s3)
    #[arg(long, value_name = "BUCKET")]
    pub bucket: String,

    /// Name of the PersistentVolumeClaim
    #[arg(long, value_name = "NAME")]
    pub name: String,

    /// Namespace of the claim (and of the service account and pod)
    #[arg(long, default_value = "default", value_name = "NS")]
    pub namespace: String,

    /// Name of the PersistentVolume [default: NAMESPACE-NAME]
    #[arg(long, value_name = "NAME")]
    pub pv_name: Option<String>,

    /// Capacity to declare (required by Kubernetes, ignored by the driver)
    #[arg(long, default_value = "1200Gi", value_name = "QUANTITY")]
    pub capacity: String,

    /// Mount read-only (ReadOnlyMany, read-only mount option, read-only IAM policy)
    #[arg(long)]
    pub read_only: bool,

    /// Mount only keys under this prefix (must end with '/')
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,

    /// The bucket's region (the region mount option)
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Region for STS calls (the stsRegion volume attribute)
    #[arg(long, value_name = "REGION")]
    pub sts_region: Option<String>,

    /// A Mountpoint option (repeatable), e.g. allow-delete, uid=1000, metadata-ttl=300
    #[arg(
        long = "mount-option",
        value_name = "OPTION",
        allow_hyphen_values = true
    )]
    pub mount_options: Vec<String>,

    /// Whose credentials Mountpoint uses: the driver's (kube-system/s3-csi-driver-sa) or the pod's
    #[arg(long, value_enum, default_value_t)]
    pub authentication_source: AuthenticationSourceArg,

    /// With --authentication-source pod: the workload's service account (also emitted)
    #[arg(long, value_name = "SA")]
    pub service_account: Option<String>,

    /// Installed driver major version (v1 is IRSA-only)
    #[arg(long, value_enum, default_value_t)]
    pub driver_version: DriverVersionArg,

    /// Local cache of Mountpoint (driver v2)
    #[arg(long, value_enum)]
    pub cache: Option<CacheKindArg>,

    /// emptyDir cache: size limit (cacheEmptyDirSizeLimit)
    #[arg(long, value_name = "QUANTITY")]
    pub cache_size_limit: Option<String>,

    /// emptyDir cache: medium, Memory for tmpfs (cacheEmptyDirMedium)
    #[arg(long, value_name = "MEDIUM")]
    pub cache_medium: Option<String>,

    /// ephemeral cache: storage class (cacheEphemeralStorageClassName)
    #[arg(long, value_name = "CLASS")]
    pub cache_storage_class: Option<String>,

    /// ephemeral cache: size requested (cacheEphemeralStorageResourceRequest)
    #[arg(long, value_name = "QUANTITY")]
    pub cache_storage_request: Option<String>,

    /// S3 Express One Zone: the availability zone of the bucket, to pin the volume to
    #[arg(long, value_name = "ZONE")]
    pub zone: Option<String>,

    /// Also emit an example Pod that mounts the claim
    #[arg(long)]
    pub with_pod: bool,

    /// Image of the example pod
    #[arg(
        long,
        default_value = "public.ecr.aws/amazonlinux/amazonlinux:2023",
        value_name = "IMAGE"
    )]
    pub pod_image: String,

    /// Where the example pod mounts the volume
    #[arg(long, default_value = "/data", value_name = "PATH")]
    pub mount_path: String,

    /// Also produce the IAM policy the mount needs (to stdout when -f is given, else to --policy-file)
    #[arg(long)]
    pub with_policy: bool,

    /// Write the IAM policy to FILE (atomically); implies --with-policy
    #[arg(long, value_name = "FILE")]
    pub policy_file: Option<PathBuf>,

    /// S3 Express One Zone policy: account id of the bucket ('*' for any)
    #[arg(long, value_name = "ACCOUNT")]
    pub account: Option<String>,

    /// AWS partition of the policy's ARNs
    #[arg(long, default_value = "aws", value_name = "PARTITION")]
    pub partition: String,

    /// Manifest format
    #[arg(short, long, value_enum, default_value = "yaml", value_name = "FORMAT")]
    pub output: DocumentFormat,

    /// Write the manifests to FILE (atomically) instead of stdout
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Where the target role's account is reached (cross-account associations).
#[derive(Clone, Debug, Default, Args)]
#[command(next_help_heading = "Target account options")]
pub struct TargetAccountArgs {
    /// A profile of the target role's account: doctor and access read the target role there;
    /// association create|update also add the association's statement to its trust policy there
    /// (other statements kept)
    #[arg(
        long,
        value_name = "PROFILE",
        conflicts_with = "target_assume_role_arn"
    )]
    pub target_profile: Option<String>,

    /// A role in the target role's account that epi assumes to do the same (read the target role;
    /// for association create|update, add the statement)
    #[arg(long, value_name = "ARN")]
    pub target_assume_role_arn: Option<String>,
}

/// Which accounts a read covers, and how the others are reached.
#[derive(Clone, Debug, Default, Args)]
#[command(next_help_heading = "Fleet options")]
pub struct FleetArgs {
    /// Accounts to cover: IDs and organisational units `ou-…` (every account under them, however
    /// deep; comma-separated or repeated), or `org` for every ACTIVE account of the organisation
    /// [default: the caller's account]. Suspended accounts are skipped with a note
    #[arg(long, value_name = "ID|OU,...|org", value_delimiter = ',')]
    pub accounts: Vec<String>,

    /// Accounts to leave out (comma-separated or repeated; --exclude-account is the same)
    #[arg(
        long = "exclude-accounts",
        visible_alias = "exclude-account",
        value_name = "ID,...",
        value_delimiter = ','
    )]
    pub exclude_accounts: Vec<String>,

    /// The role assumed in each other account
    #[arg(
        long,
        default_value = "OrganizationAccountAccessRole",
        value_name = "NAME"
    )]
    pub assume_role_name: String,

    /// The role assumed in each other account, as an ARN template with {account}, e.g.
    /// 'arn:aws:iam::{account}:role/epi-reader'
    #[arg(long, value_name = "TEMPLATE")]
    pub assume_role_arn_template: Option<String>,

    /// The external id the assumed roles require
    #[arg(long, value_name = "ID")]
    pub external_id: Option<String>,

    /// The session name of the assumed roles (seen in CloudTrail)
    #[arg(long, default_value = "epi", value_name = "NAME")]
    pub role_session_name: String,

    /// Exit 0 even when some accounts or regions could not be read (they are still listed)
    #[arg(long)]
    pub allow_partial: bool,
}

#[derive(Debug, Subcommand)]
pub enum AccessCommand {
    /// The decision for a service account's pods on one action and resource, and the chain that
    /// produced it (association, trust, target role, each policy layer)
    Check(Box<AccessCheckArgs>),

    /// Every association whose pods may do an action on a resource
    #[command(name = "who-can")]
    WhoCan(Box<AccessWhoCanArgs>),

    /// Run AccessTests documents against the desired state of PodIdentityConfig files (what will
    /// be true after apply), or against the live cluster with --live
    Test(Box<AccessTestArgs>),

    /// What a change of PodIdentityConfig files grants and takes away, per service account,
    /// evaluated: actions gained and lost, new roles, wildcard grants (read-only)
    Diff(Box<AccessDiffArgs>),
}

/// `epi access diff --fail-on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Any access gained
    Gain,
    /// A gain through a statement whose action or resource is a bare wildcard
    Wildcard,
    /// A role a service account could not use before
    NewRole,
}

/// `epi access diff --output`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    #[default]
    Table,
    Json,
    Yaml,
    /// A pull-request comment
    Markdown,
}

/// `epi access diff`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    epi access diff -f deploy/                     # against the live clusters\n  \
    epi access diff -f new/ --against-files old/   # two versions of the files\n  \
    epi access diff -f deploy/ --fail-on wildcard,new-role -o markdown\n\n\
Each service account's access before and after is evaluated by the same evaluator as\n\
`epi access check`, over the actions and resources its roles' policies name.\n\n\
Exit codes: 0 evaluated (with or without changes), 1 a --fail-on condition holds or a\n\
failure, 2 a bad file or flag.")]
pub struct AccessDiffArgs {
    #[command(flatten)]
    pub config: ConfigFiles,

    /// What the files are compared with: `live`, the clusters as they are
    #[arg(long, value_name = "STATE", default_value = "live", value_parser = ["live"])]
    pub against: String,

    /// Compare with the state these files would make instead (repeatable; files or directories)
    #[arg(long = "against-files", value_name = "FILE")]
    pub against_files: Vec<std::path::PathBuf>,

    /// Exit 1 when the change would do this (repeatable, or comma-separated)
    #[arg(
        long = "fail-on",
        value_enum,
        value_delimiter = ',',
        value_name = "WHAT"
    )]
    pub fail_on: Vec<FailOn>,

    /// Format of the result
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: DiffFormat,

    #[command(flatten)]
    pub kube: KubeArgs,

    #[command(flatten)]
    pub aws: AwsArgs,
}

/// What the pods ask for, and the policies epi cannot read itself.
#[derive(Debug, Args)]
pub struct AccessRequestArgs {
    /// The action, e.g. s3:GetObject
    #[arg(long, value_name = "ACTION")]
    pub action: String,

    /// The resource's ARN (or * for actions without resource-level permissions)
    #[arg(long, value_name = "ARN")]
    pub resource: String,

    /// The resource's account, for ARNs without one (S3) [default: the role's account, stated in
    /// the output]
    #[arg(long, value_name = "ID")]
    pub resource_account: Option<String>,

    /// A context key epi cannot know, e.g. aws:SourceVpc=vpc-1 or
    /// aws:PrincipalTag/kubernetes-pod-name=web-0 (repeatable; a key given twice is multi-valued)
    #[arg(long = "context", value_name = "KEY=VALUE")]
    pub context: Vec<String>,

    /// The resource's own policy (bucket policy, key policy), JSON
    #[arg(long, value_name = "FILE")]
    pub resource_policy: Option<PathBuf>,

    /// A service control policy of the role's account (repeatable: one file per level of the
    /// organisation, root first; a file may hold a JSON list of that level's policies)
    #[arg(long = "scp", value_name = "FILE")]
    pub scps: Vec<PathBuf>,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    epi access check --cluster prod --namespace team-a --service-account app \\\n    \
    --action s3:GetObject --resource arn:aws:s3:::data/team-a/report.csv\n\n\
Decisions: allowed, conditional (depends on keys epi cannot know: see dependsOn), implicitDeny,\n\
explicitDeny, no-association, trust-denied. Exit 0 when evaluated.")]
pub struct AccessCheckArgs {
    /// The EKS cluster
    #[arg(long, value_name = "NAME")]
    pub cluster: String,

    /// The cluster's region [default: AWS_REGION, then the profile's]
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// The service account's namespace
    #[arg(long, value_name = "NS")]
    pub namespace: String,

    /// The service account
    #[arg(long, value_name = "SA")]
    pub service_account: String,

    /// Read the organisation's SCPs and RCPs along the accounts' paths and evaluate them (needs the
    /// management account or a delegated administrator; without --scp files)
    #[arg(long)]
    pub org_policies: bool,

    /// As fleet commands take it: `org` or organisational units `ou-…` here mean
    /// --org-policies (the association's accounts are read, whatever the units)
    #[arg(long, value_name = "org|OU,...", value_delimiter = ',')]
    pub accounts: Vec<String>,

    /// Answer offline from a file `epi snapshot` wrote, as a live run on that state would (no AWS
    /// call; its organisation's policies apply unless --scp is given)
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,

    #[command(flatten)]
    pub request: AccessRequestArgs,

    /// Format of the result
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: DataFormat,

    #[command(flatten)]
    pub target: TargetAccountArgs,

    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    epi access who-can --action s3:GetObject \\\n      \
    --resource arn:aws:s3:::data/team-a/x --all-clusters\n  \
    epi access who-can --action sqs:SendMessage \\\n      \
    --resource arn:aws:sqs:us-east-1:111122223333:q \\\n      \
    --all-clusters --accounts org --all-regions --all")]
pub struct AccessWhoCanArgs {
    #[command(flatten)]
    pub request: AccessRequestArgs,

    #[command(flatten)]
    pub places: ClusterPlaces,

    /// Also the associations whose pods are denied, with why
    #[arg(long)]
    pub all: bool,

    /// Answer offline from a file `epi snapshot` wrote, as a live run on that state would (no AWS
    /// call): its clusters, narrowed by --accounts, --exclude-accounts, --region and --cluster;
    /// its organisation's policies apply unless --scp is given
    #[arg(long, value_name = "FILE", conflicts_with = "checkpoint")]
    pub snapshot: Option<PathBuf>,

    /// Most AWS calls in flight at once in each account (a fleet run reads every account at once,
    /// at most 256 calls in all)
    #[arg(long, default_value_t = 16, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=64))]
    pub concurrency: u32,

    /// Format of the result
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: DataFormat,

    #[command(flatten)]
    pub target: TargetAccountArgs,

    /// Record each finished account and region in FILE, and skip those an earlier run with the
    /// same FILE finished, merging their results (resumes an interrupted run)
    #[arg(long, value_name = "FILE")]
    pub checkpoint: Option<PathBuf>,

    #[command(flatten)]
    pub fleet: FleetArgs,

    #[command(flatten)]
    pub aws: AwsArgs,
}

/// `epi access test --output`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum TestFormat {
    #[default]
    Table,
    /// the table with each test's deciding statements
    Wide,
    Json,
    Yaml,
    /// JUnit XML, for CI test reports
    Junit,
}

#[derive(Debug, Args)]
#[command(after_help = "An AccessTests file:\n\n  \
    apiVersion: epi/v1alpha1\n  \
    kind: AccessTests\n  \
    cluster: prod\n  \
    tests:\n    \
      - name: team-a reads its own prefix\n      \
        serviceAccount: team-a/app\n      \
        action: s3:GetObject\n      \
        resource: arn:aws:s3:::data/team-a/report.csv\n      \
        expect: allowed            # allowed, denied or conditional\n    \
      - serviceAccount: team-a/app\n      \
        action: s3:GetObject\n      \
        resource: arn:aws:s3:::data/team-b/report.csv\n      \
        expect: denied\n\n\
Examples:\n  \
    epi access test -f deploy/            # config and tests files together\n  \
    epi access test -f tests.yaml --live  # against the live cluster\n  \
    epi access test -f tests.yaml --snapshot s.json  # offline\n\n\
Exit codes: 0 every test passed, 1 a test failed, 2 a bad file (FILE:LINE:COLUMN).")]
pub struct AccessTestArgs {
    /// AccessTests and PodIdentityConfig files, YAML or JSON, or directories of them (repeatable;
    /// - for standard input)
    #[arg(short = 'f', long = "file", value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Evaluate against the live cluster instead of the files' desired state
    #[arg(long)]
    pub live: bool,

    /// Evaluate against the state a file `epi snapshot` wrote, offline (as --live does against
    /// the live cluster; no AWS call)
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,

    /// The region, overriding the files' `region` [default: AWS_REGION, then the profile's]
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Format of the result
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: TestFormat,

    #[command(flatten)]
    pub target: TargetAccountArgs,

    #[command(flatten)]
    pub kube: KubeArgs,

    #[command(flatten)]
    pub aws: AwsArgs,
}

/// `epi doctor --checks`: the groups of checks, as the report's areas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum CheckGroup {
    /// The cluster's status, version, Fargate and Windows nodes
    Cluster,
    /// The agent add-on, its DaemonSet and the node roles
    Agent,
    /// Each association: role, trust, target role, permissions, service account, pods
    Associations,
    /// The path between pods and the agent: start order, proxies, IP family, EKS Auth's endpoint,
    /// hybrid nodes, throttling
    Node,
}

/// `epi doctor --output`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    #[default]
    Table,
    Json,
    Yaml,
    /// JUnit XML: a test suite per cluster, a test case per check
    Junit,
    /// SARIF 2.1.0, each finding at its cluster/subject
    Sarif,
    /// GitHub Actions annotations
    Github,
}

/// `epi plan --output`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum PlanFormat {
    #[default]
    Table,
    Json,
    Yaml,
    /// A pull-request comment (GitHub-flavoured Markdown)
    Markdown,
    /// GitHub Actions annotations on the files' lines
    Github,
}

impl From<DataFormat> for PlanFormat {
    fn from(f: DataFormat) -> Self {
        match f {
            DataFormat::Table | DataFormat::Wide => PlanFormat::Table,
            DataFormat::Json => PlanFormat::Json,
            DataFormat::Yaml => PlanFormat::Yaml,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Command-line spellings of the pure layers' enums: `policy/` and `manifest/` know nothing of
// clap (#23); each mirror converts into its enum.

/// Whose resources a policy grants: the session tags the resource name is built from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Scope {
    /// One share per cluster (`eks-cluster-name`).
    Cluster,
    /// One share per namespace name, across clusters (`kubernetes-namespace`).
    #[default]
    Namespace,
    /// One share per service account, across clusters (`kubernetes-namespace` +
    /// `kubernetes-service-account`).
    ServiceAccount,
    /// One share per namespace of each cluster (`eks-cluster-name` + `kubernetes-namespace`).
    ClusterNamespace,
    /// One share per service account of each cluster (all three tags).
    ClusterServiceAccount,
}

impl From<Scope> for crate::policy::abac::Scope {
    fn from(s: Scope) -> Self {
        use crate::policy::abac::Scope as S;
        match s {
            Scope::Cluster => S::Cluster,
            Scope::Namespace => S::Namespace,
            Scope::ServiceAccount => S::ServiceAccount,
            Scope::ClusterNamespace => S::ClusterNamespace,
            Scope::ClusterServiceAccount => S::ClusterServiceAccount,
        }
    }
}

/// The template names, as `--abac-template` takes them (the same as `epi policy abac`'s).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TemplateName {
    /// S3 objects under a key prefix named by the scope
    S3Prefix,
    /// DynamoDB items whose partition key is named by the scope
    Dynamodb,
    /// Secrets Manager secrets whose resource tags match the session tags
    SecretsManager,
    /// SSM parameters under a path named by the scope
    SsmParameters,
    /// SQS queues whose name starts with the scope
    Sqs,
}

impl TemplateName {
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateName::S3Prefix => "s3-prefix",
            TemplateName::Dynamodb => "dynamodb",
            TemplateName::SecretsManager => "secrets-manager",
            TemplateName::SsmParameters => "ssm-parameters",
            TemplateName::Sqs => "sqs",
        }
    }
}

/// What a policy is (`epi policy lint --kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PolicyKind {
    Identity,
    Trust,
    Resource,
}

impl From<PolicyKind> for crate::policy::lint::Kind {
    fn from(k: PolicyKind) -> Self {
        match k {
            PolicyKind::Identity => crate::policy::lint::Kind::Identity,
            PolicyKind::Trust => crate::policy::lint::Kind::Trust,
            PolicyKind::Resource => crate::policy::lint::Kind::Resource,
        }
    }
}

/// `epi s3-csi scaffold --driver-version`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum DriverVersionArg {
    /// v1.x: credentials from IRSA only.
    V1,
    /// v2.x: Pod Identity supported, Mountpoint runs in its own pods.
    #[default]
    V2,
}

impl From<DriverVersionArg> for crate::manifest::s3_csi::DriverVersion {
    fn from(v: DriverVersionArg) -> Self {
        match v {
            DriverVersionArg::V1 => crate::manifest::s3_csi::DriverVersion::V1,
            DriverVersionArg::V2 => crate::manifest::s3_csi::DriverVersion::V2,
        }
    }
}

/// `epi s3-csi scaffold --authentication-source`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum AuthenticationSourceArg {
    /// The driver's service account (kube-system/s3-csi-driver-sa) supplies the credentials.
    #[default]
    Driver,
    /// The workload pod's own service account supplies them: Pod Identity per workload.
    Pod,
}

impl From<AuthenticationSourceArg> for crate::manifest::s3_csi::AuthenticationSource {
    fn from(a: AuthenticationSourceArg) -> Self {
        match a {
            AuthenticationSourceArg::Driver => {
                crate::manifest::s3_csi::AuthenticationSource::Driver
            }
            AuthenticationSourceArg::Pod => crate::manifest::s3_csi::AuthenticationSource::Pod,
        }
    }
}

/// `epi s3-csi scaffold --cache`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CacheKindArg {
    /// A pod-local emptyDir volume.
    #[value(name = "emptyDir")]
    EmptyDir,
    /// A generic ephemeral volume from a storage class.
    #[value(name = "ephemeral")]
    Ephemeral,
}

impl From<CacheKindArg> for crate::manifest::s3_csi::CacheKind {
    fn from(c: CacheKindArg) -> Self {
        match c {
            CacheKindArg::EmptyDir => crate::manifest::s3_csi::CacheKind::EmptyDir,
            CacheKindArg::Ephemeral => crate::manifest::s3_csi::CacheKind::Ephemeral,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn template_names_are_the_templates() {
        let names: Vec<&str> = TemplateName::value_variants()
            .iter()
            .map(|t| t.as_str())
            .collect();
        let listed: Vec<&str> = crate::policy::abac::TEMPLATES
            .iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(names, listed);
        for t in TemplateName::value_variants() {
            assert_eq!(t.to_possible_value().unwrap().get_name(), t.as_str());
        }
    }

    #[test]
    fn scopes_are_spelled_as_the_files_spell_them() {
        for s in Scope::value_variants() {
            let name = s.to_possible_value().unwrap().get_name().to_string();
            let pure: crate::policy::abac::Scope = (*s).into();
            assert_eq!(pure.name(), name);
            assert_eq!(crate::policy::abac::Scope::parse(&name), Some(pure));
        }
    }
}

/// `epi usage`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    epi usage --source ./cloudtrail/ --since 7d\n  \
    epi usage --source trail.json.gz --cluster prod --namespace team-a -o json\n  \
    epi usage --source events.jsonl --offline   # one event a line, no AWS call\n\n\
Sources: CloudTrail log files as a trail delivers them ({\"Records\": [...]}, gzip or plain) and\n\
JSON Lines of single events (CloudTrail Lake exports; lookup-events' CloudTrailEvent strings,\n\
one a line), files or directories, - for standard input; or a trail's bucket\n\
(s3://BUCKET/PREFIX, AWSLogs/ below it), of which only the keys of --accounts, --region and\n\
the --since/--until days are listed and read. Each call is tied to its pod's\n\
service account by the access key of the AssumeRole EKS Pod Identity made for it (attribution\n\
accessKey), else by the session's name and the role's live associations (sessionName, or\n\
ambiguous when several service accounts share the role there).\n\n\
Exit codes: 0 answered, 1 a source could not be read (or, with --strict, held a malformed\n\
record), 2 a bad flag or time.")]
pub struct UsageArgs {
    #[command(flatten)]
    pub trail: CloudTrailArgs,

    #[command(flatten)]
    pub selection: ServiceAccountSelection,

    /// Format of the result
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: DataFormat,

    #[command(flatten)]
    pub aws: AwsArgs,
}

/// Which service accounts of the events a run is about (`epi usage`, `epi rightsize`).
#[derive(Debug, Args)]
pub struct ServiceAccountSelection {
    /// Only this cluster's service accounts (repeatable); its live associations are read for
    /// the association ids and the attribution by session name
    #[arg(long = "cluster", value_name = "NAME", conflicts_with = "all_clusters")]
    pub clusters: Vec<String>,

    /// Every cluster the events name (the default)
    #[arg(long)]
    pub all_clusters: bool,

    /// Only this namespace (repeatable, or comma-separated)
    #[arg(
        long = "namespace",
        visible_alias = "namespaces",
        value_name = "NS",
        value_delimiter = ','
    )]
    pub namespaces: Vec<String>,

    /// Only this service account
    #[arg(long, value_name = "NAME")]
    pub service_account: Option<String>,
}

/// `epi rightsize`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    epi rightsize --source s3://trail-bucket --since 90d --cluster prod\n  \
    epi rightsize --source ./cloudtrail/ --min-days 7 --write proposals/\n  \
    epi plan -f proposals/ --adopt          # what the proposals would change\n\n\
Per service account: a role used only by it gets a tightened policy (role-policy); a shared\n\
role a session policy on its association (session-policy), or, when the role uses session tags\n\
(ABAC), a role of its own (split-role). Every call seen that the roles allow now must still be\n\
allowed by the proposal (replay), or no proposal is made.\n\n\
Exit codes: 0 answered, 1 a source could not be read, 2 a bad flag or time.")]
pub struct RightsizeArgs {
    #[command(flatten)]
    pub trail: CloudTrailArgs,

    #[command(flatten)]
    pub selection: ServiceAccountSelection,

    /// No proposal for a service account seen on fewer days than this (first to last call)
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    pub min_days: u32,

    /// Write the proposals as PodIdentityConfig files (one per cluster) into this directory, for
    /// `epi plan -f DIR`
    #[arg(long, value_name = "DIR")]
    pub write: Option<std::path::PathBuf>,

    /// Format of the result
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: DataFormat,

    #[command(flatten)]
    pub aws: AwsArgs,
}

/// Where CloudTrail events come from and how they are read (`epi usage`, `epi trace`).
#[derive(Debug, Args)]
pub struct CloudTrailArgs {
    /// CloudTrail events: a file, a directory of them (read recursively), - for standard input,
    /// a trail's bucket s3://BUCKET[/PREFIX], or a trail's Athena table athena:DATABASE.TABLE
    /// (repeatable)
    #[arg(long = "source", value_name = "SOURCE", required = true)]
    pub sources: Vec<String>,

    /// The Athena workgroup an athena: source's query runs in [default: primary]
    #[arg(long, value_name = "NAME")]
    pub athena_workgroup: Option<String>,

    /// Where Athena writes an athena: source's query result, s3://BUCKET/PREFIX/ [default: the
    /// workgroup's result location]
    #[arg(long, value_name = "S3_URI")]
    pub athena_output: Option<String>,

    /// Print the SQL an athena: source runs (to standard error) before running it
    #[arg(long)]
    pub show_query: bool,

    /// Only calls at or after this time: RFC 3339 (2026-12-01T00:00:00Z) or an age (90m, 24h,
    /// 7d)
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,

    /// Only calls before this time (RFC 3339 or an age)
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,

    /// Regions (repeatable, or comma-separated with --regions): the trail's keys of these
    /// regions in an s3:// source (its events' awsRegion in an athena: source), and the live
    /// associations of their clusters [default: every region in the bucket; associations in
    /// AWS_REGION, then the profile's]
    #[arg(
        long = "region",
        visible_alias = "regions",
        value_name = "REGION",
        value_delimiter = ','
    )]
    pub regions: Vec<String>,

    /// Accounts whose keys an s3:// source reads (whose events an athena: source reads:
    /// recipientAccountId) (repeatable, or comma-separated) [default: every account]
    #[arg(long = "accounts", value_name = "ID", value_delimiter = ',')]
    pub accounts: Vec<String>,

    /// Read no live association: attribute calls from the events alone (no association ids, no
    /// attribution by session name, no explanations). Only s3:// and athena: sources call AWS then
    #[arg(long)]
    pub offline: bool,

    /// Take the associations and roles from a file `epi snapshot` wrote instead of reading them
    /// live (its clusters in --region, or all of them)
    #[arg(long, value_name = "FILE", conflicts_with = "offline")]
    pub snapshot: Option<PathBuf>,

    /// Exit 1 when a source holds a malformed record or a damaged file, or (epi usage) a pod
    /// session made a call no IAM action is known for
    #[arg(long)]
    pub strict: bool,
}

/// `epi trace`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    epi trace 7b7e4636-4713-3d04-b86a-cd6774cdbae9 --source ./cloudtrail/\n  \
    epi trace ASIA37QFXJP5MQOWRZ6Q --source trail.json.gz -o json\n  \
    epi trace --namespace team-a --service-account app --source ./cloudtrail/\n\n\
ID is an event id, an access key id (ASIA...) or a session ARN\n\
(arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION). Without it, --namespace and\n\
--service-account list that service account's calls in time order.\n\n\
Exit codes: 0 found, 1 nothing matched or a source could not be read, 2 a bad flag or time.")]
pub struct TraceArgs {
    /// An event id, an access key id or a session ARN
    #[arg(value_name = "ID", required_unless_present_all = ["namespace", "service_account"], conflicts_with_all = ["namespace", "service_account", "cluster"])]
    pub id: Option<String>,

    #[command(flatten)]
    pub trail: CloudTrailArgs,

    /// With --namespace and --service-account: only calls in this cluster
    #[arg(long, value_name = "NAME")]
    pub cluster: Option<String>,

    /// The service account's namespace (with --service-account, instead of ID)
    #[arg(long, value_name = "NS", requires = "service_account")]
    pub namespace: Option<String>,

    /// The service account (with --namespace, instead of ID)
    #[arg(long, value_name = "NAME", requires = "namespace")]
    pub service_account: Option<String>,

    /// Format of the result
    #[arg(short, long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output: DataFormat,

    #[command(flatten)]
    pub aws: AwsArgs,
}
