//! `epi addon roles`: which service accounts of the add-ons can use Pod Identity
//! (DescribeAddonConfiguration's `podIdentityConfiguration`), what AWS recommends for them, and
//! what they use now; with `--create`, a role per service account that has none, given to the
//! add-on by UpdateAddon with its existing associations kept.

use serde::Serialize;

use crate::aws::AwsContext;
use crate::aws::eks::ClusterInfo;
use crate::cli::AddonRolesArgs;
use crate::commands::aws_context;
use crate::error::{Error, Result, exit};
use crate::output::{self, DataFormat, Printer};
use crate::plan::execute::Outcome;
use crate::plan::{AddonAssociation, Change};
use crate::validate::{arn, names};

/// The namespace EKS puts an add-on's service accounts in unless the add-on says otherwise.
const DEFAULT_NAMESPACE: &str = "kube-system";

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceAccountRow {
    pub service_account: String,
    pub recommended_policies: Vec<String>,
    /// The role of the add-on's association for this service account, if it has one.
    pub association_role_arn: Option<String>,
    /// The role this run created (or would create) for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_role_arn: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AddonRow {
    pub addon: String,
    pub version: String,
    pub installed: bool,
    pub namespace: String,
    /// Whether this version of the add-on can use Pod Identity.
    pub supported: bool,
    /// The add-on's IRSA role (`serviceAccountRoleArn`), if it has one.
    pub irsa_role_arn: Option<String>,
    pub service_accounts: Vec<ServiceAccountRow>,
    #[serde(skip)]
    current: Vec<AddonAssociation>,
}

#[derive(Serialize)]
struct Report<'a> {
    addons: &'a [AddonRow],
    changes: Vec<crate::plan::ChangeView>,
}

pub async fn run(args: &AddonRolesArgs, printer: Printer) -> Result<u8> {
    names::cluster_name(&args.cluster.name)?;
    for addon in &args.addons {
        names::dns1123_label("add-on name", addon)?;
    }
    arn::role_name_template(&args.role_name_template)?;
    let ctx = aws_context(&args.aws, args.cluster.region.as_deref()).await?;
    let cluster = ctx.describe_cluster(&args.cluster.name).await?;
    let addons = if args.addons.is_empty() {
        ctx.list_addons(&cluster.name).await?
    } else {
        args.addons.clone()
    };
    let mut rows = Vec::new();
    for name in &addons {
        rows.push(read_addon(&ctx, &cluster, name, !args.addons.is_empty(), printer).await?);
    }
    if !args.create {
        print(&rows, Vec::new(), &cluster.account, args.output, printer)?;
        return Ok(exit::SUCCESS);
    }

    // Everything is checked before the first change.
    for row in &rows {
        if !args.addons.contains(&row.addon) {
            continue;
        }
        if !row.installed {
            return Err(Error::Precondition {
                message: format!(
                    "add-on {} is not installed on cluster {}",
                    row.addon, cluster.name
                ),
                hint: format!(
                    "install it first (`aws eks create-addon --cluster-name {} --addon-name {}`), then run this again",
                    cluster.name, row.addon
                ),
            });
        }
        if !row.supported {
            let with = supporting_versions(&ctx, &cluster, &row.addon).await;
            return Err(Error::invalid(
                "add-on version",
                format!("{} {}", row.addon, row.version),
                "EKS lists no service account of this version that can use Pod Identity (DescribeAddonConfiguration)",
            )
            .with_hint(if with.is_empty() {
                format!("no version of {} offered for Kubernetes {} supports Pod Identity; keep IRSA for it", row.addon, cluster.version)
            } else {
                format!("versions with Pod Identity: {}; update the add-on to one of them first", with.join(", "))
            }));
        }
    }
    let mut changes = Vec::new();
    for row in rows.iter_mut().filter(|r| r.installed && r.supported) {
        changes.extend(plan_addon(&ctx, &cluster, row, &args.role_name_template, printer).await?);
    }
    if changes.is_empty() {
        printer
            .note("every service account of these add-ons already has a Pod Identity association");
        print(&rows, Vec::new(), &cluster.account, args.output, printer)?;
        return Ok(exit::SUCCESS);
    }
    if args.dry_run {
        printer.note("dry run: would make the changes below; nothing was changed");
        print(&rows, changes, &cluster.account, args.output, printer)?;
        return Ok(exit::SUCCESS);
    }
    crate::interrupt::changes_begin();
    let runner =
        crate::commands::runner::Runner::new(&ctx, &cluster.name, &cluster.arn).concurrency(4);
    let report = runner
        .execute(changes.clone(), &|c, o| {
            if let (Change::CreateRole { role, .. }, Outcome::Done) = (c, o) {
                printer.note(&format!("created role {role}"));
            }
        })
        .await;
    for (c, o) in &report.results {
        if let Outcome::Failed { error } = o {
            let v = c.view();
            printer.warn(&format!(
                "could not {} {} {}: {error}",
                v.action, v.resource, v.id
            ));
        }
    }
    print(&rows, changes, &cluster.account, args.output, printer)?;
    if let Some(signal) = report.interrupted {
        return Ok(crate::interrupt::exit_code(signal));
    }
    if report.failed() > 0 {
        printer.warn("run the command again: roles already made are used, not made twice");
        return Ok(exit::FAILURE);
    }
    Ok(exit::SUCCESS)
}

async fn read_addon(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    name: &str,
    named: bool,
    printer: Printer,
) -> Result<AddonRow> {
    let installed = ctx.describe_addon(&cluster.name, name).await?;
    let version = match &installed {
        Some(a) => a.version.clone(),
        None => {
            let versions = ctx.addon_versions(name, &cluster.version).await?;
            match versions.iter().find(|v| v.default).or(versions.first()) {
                Some(v) => v.version.clone(),
                None if named => {
                    return Err(Error::invalid(
                        "add-on",
                        name,
                        format!(
                            "EKS offers no version of it for Kubernetes {}",
                            cluster.version
                        ),
                    )
                    .with_hint("check the name with `aws eks describe-addon-versions`"));
                }
                None => String::new(),
            }
        }
    };
    let config = match ctx.addon_pod_identity_configuration(name, &version).await {
        Ok(config) => config,
        // EKS keeps no Pod Identity configuration for some add-ons (the agent itself): they
        // cannot use Pod Identity, which is an answer, not a failure.
        Err(crate::aws::AwsError::Service { code, .. }) if code == "ResourceNotFoundException" => {
            if named {
                return Err(Error::invalid(
                    "add-on",
                    name,
                    format!("EKS has no Pod Identity configuration for version {version} of it: it cannot use Pod Identity"),
                )
                .with_hint("keep IRSA for it, or name another add-on (`epi addon roles --cluster C` lists the ones that can)"));
            }
            printer.note(&format!(
                "add-on {name} ({version}) has no Pod Identity configuration in EKS: skipped"
            ));
            Vec::new()
        }
        Err(e) => return Err(e.into()),
    };
    let mut current = Vec::new();
    if let Some(a) = &installed {
        for arn in &a.pod_identity_associations {
            let id = arn.rsplit('/').next().unwrap_or_default();
            let described = ctx.describe_association(&cluster.name, id).await?;
            current.push(AddonAssociation {
                service_account: described.service_account,
                role_arn: described.role_arn,
            });
        }
    }
    let service_accounts = config
        .into_iter()
        .map(|(sa, recommended)| ServiceAccountRow {
            association_role_arn: current
                .iter()
                .find(|c| c.service_account == sa)
                .map(|c| c.role_arn.clone()),
            service_account: sa,
            recommended_policies: recommended,
            new_role_arn: None,
        })
        .collect::<Vec<_>>();
    Ok(AddonRow {
        addon: name.to_string(),
        version,
        installed: installed.is_some(),
        namespace: installed
            .as_ref()
            .and_then(|a| a.namespace.clone())
            .unwrap_or_else(|| DEFAULT_NAMESPACE.into()),
        supported: !service_accounts.is_empty(),
        irsa_role_arn: installed.and_then(|a| a.service_account_role_arn),
        service_accounts,
        current,
    })
}

/// The versions of an add-on offered for the cluster whose configuration lists a Pod Identity
/// service account (the ten newest are asked).
async fn supporting_versions(ctx: &AwsContext, cluster: &ClusterInfo, addon: &str) -> Vec<String> {
    let Ok(mut versions) = ctx.addon_versions(addon, &cluster.version).await else {
        return Vec::new();
    };
    versions.sort_by(|a, b| crate::compat::compare_versions(&b.version, &a.version));
    let mut out = Vec::new();
    for v in versions.into_iter().take(10) {
        if ctx
            .addon_pod_identity_configuration(addon, &v.version)
            .await
            .is_ok_and(|c| !c.is_empty())
        {
            out.push(v.version);
        }
    }
    out
}

/// The changes for one add-on: observe (the roles its new associations would use), then plan
/// (`plan::addon_roles`, pure).
async fn plan_addon(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    row: &mut AddonRow,
    template: &str,
    printer: Printer,
) -> Result<Vec<Change>> {
    let facts = crate::plan::addon_roles::AddonFacts {
        addon: &row.addon,
        namespace: &row.namespace,
        current: &row.current,
        service_accounts: row
            .service_accounts
            .iter()
            .map(|s| crate::plan::addon_roles::ServiceAccountFacts {
                service_account: &s.service_account,
                recommended: &s.recommended_policies,
                has_association: s.association_role_arn.is_some(),
            })
            .collect(),
    };
    let mut roles = std::collections::BTreeMap::new();
    for name in crate::plan::addon_roles::roles_to_read(template, cluster, &facts)? {
        let info = ctx.get_role(&name).await?;
        roles.insert(name, info);
    }
    let planned = crate::plan::addon_roles::plan(cluster, &facts, template, &roles)?;
    for note in &planned.notes {
        printer.note(note);
    }
    for sa in &mut row.service_accounts {
        if let Some(arn) = planned.new_roles.get(&sa.service_account) {
            sa.new_role_arn = Some(arn.clone());
        }
    }
    Ok(planned.changes)
}

/// The add-ons' service accounts as a table (#33 item 1: 80 columns): the service account by
/// name, a role of the cluster's account and an AWS managed policy by name; `-o wide` adds the
/// version and namespace and gives ARNs. Add-on versions without Pod Identity follow the table.
fn print(
    rows: &[AddonRow],
    changes: Vec<Change>,
    account: &str,
    format: DataFormat,
    printer: Printer,
) -> Result<()> {
    let wide = format == DataFormat::Wide;
    let role_name =
        |arn: &str| crate::validate::RoleArn::label_in(arn, (!wide).then_some(account)).to_string();
    let policy_name = |arn: &String| match arn.strip_prefix("arn:aws:iam::aws:policy/") {
        Some(path) if !wide => path.rsplit('/').next().unwrap_or(path).to_string(),
        _ => arn.clone(),
    };
    match format {
        DataFormat::Json | DataFormat::Yaml => {
            let report = Report {
                addons: rows,
                changes: changes.iter().map(Change::view).collect(),
            };
            printer.stdout(&if format == DataFormat::Json {
                output::to_json(&report)
            } else {
                output::to_yaml(&report)
            })
        }
        DataFormat::Table | DataFormat::Wide => {
            if !changes.is_empty() {
                let plan = crate::plan::Plan {
                    changes,
                    notes: Vec::new(),
                    ..Default::default()
                };
                printer.stdout(&format!(
                    "{}\n",
                    crate::output::plan::to_table(&[(String::new(), plan)])
                ))?;
            }
            let mut headers = vec!["ADDON"];
            if wide {
                headers.push("VERSION");
            }
            headers.extend(["SERVICE ACCOUNT", "RECOMMENDED POLICIES", "ROLE"]);
            let mut table = output::table(&headers);
            let mut unsupported = String::new();
            for r in rows {
                if !r.supported {
                    unsupported.push_str(&output::paragraph(
                        &format!(
                            "{} {}: no Pod Identity support in this version",
                            r.addon, r.version
                        ),
                        "  ",
                    ));
                    continue;
                }
                for sa in &r.service_accounts {
                    let role = match (&sa.association_role_arn, &sa.new_role_arn, &r.irsa_role_arn)
                    {
                        (Some(a), _, _) => role_name(a),
                        (None, Some(n), _) => format!("{} (new)", role_name(n)),
                        (None, None, Some(irsa)) => format!("IRSA: {}", role_name(irsa)),
                        (None, None, None) => "-".into(),
                    };
                    let mut cells = vec![output::Cell::from(&r.addon)];
                    if wide {
                        cells.extend([
                            output::Cell::from(&r.version),
                            output::Cell::from(format!("{}/{}", r.namespace, sa.service_account)),
                        ]);
                    } else {
                        cells.push(output::Cell::from(&sa.service_account));
                    }
                    cells.extend([
                        output::Cell::lines(sa.recommended_policies.iter().map(policy_name)),
                        output::Cell::from(role),
                    ]);
                    table.add_row(output::row(cells));
                }
            }
            if table.row_count() > 0 {
                printer.stdout(&output::render_table(&table))?;
                if !unsupported.is_empty() {
                    printer.stdout("\n")?;
                }
            }
            printer.stdout(&unsupported)
        }
    }
}
