//! `epi association …`: the Pod Identity association lifecycle. Shared checks live here.

pub mod create;
pub mod delete;
pub mod describe;
pub mod list;
pub mod update;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::aws::AwsContext;
use crate::aws::eks::{Association, ClusterInfo};
use crate::cli::AssociationSelector;
use crate::commands::runner::Runner;
use crate::error::{Error, Result};
use crate::output::{self, DataFormat, Printer};
use crate::plan::association::{TrustCheck, TrustDecision};
use crate::validate::{Arn, RoleArn, names};

/// Checks a selector's values before any call.
pub(crate) fn validate_selector(sel: &AssociationSelector) -> Result<()> {
    names::cluster_name(&sel.cluster.name)?;
    if let Some(id) = &sel.id {
        association_id(id)?;
    }
    if let Some(ns) = &sel.namespace {
        names::dns1123_label("namespace", ns)?;
    }
    if let Some(sa) = &sel.service_account {
        names::dns1123_subdomain("service account", sa)?;
    }
    Ok(())
}

/// Association ids look like `a-abcdefghijklmnop1`.
pub(crate) fn association_id(id: &str) -> Result<()> {
    let ok = id.strip_prefix("a-").is_some_and(|rest| {
        !rest.is_empty()
            && rest.len() <= 64
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    });
    if ok {
        Ok(())
    } else {
        Err(Error::invalid("association id", id, "association ids look like a-abcdefghijklmnop1")
            .with_hint("find it with `epi association list --cluster CLUSTER`, or select by --namespace and --service-account"))
    }
}

/// The association a selector names, described.
pub(crate) async fn resolve(ctx: &AwsContext, sel: &AssociationSelector) -> Result<Association> {
    match (&sel.id, &sel.namespace, &sel.service_account) {
        (Some(id), _, _) => Ok(ctx.describe_association(&sel.cluster.name, id).await?),
        (None, Some(ns), Some(sa)) => match ctx.find_association(&sel.cluster.name, ns, sa).await? {
            Some(a) => Ok(a),
            None => Err(crate::aws::AwsError::NotFound {
                what: format!("an association for {ns}/{sa} in cluster {} ({})", sel.cluster.name, ctx.region()),
                message: "the cluster has none for that service account".into(),
                hint: format!("create one with `epi association create --cluster {} --namespace {ns} --service-account {sa} --role-arn …`", sel.cluster.name),
            }
            .into()),
        },
        _ => Err(Error::usage("give --id, or --namespace and --service-account", "select the association by id or by its service account")),
    }
}

/// Reads a session policy file: it must be an IAM policy; it is sent minified.
pub(crate) fn read_session_policy(path: &std::path::Path) -> Result<String> {
    let (name, text) = crate::files::read_document(path, "session policy file")?;
    let doc = crate::policy::lint::parse(&name, &text)?;
    if doc
        .get("Statement")
        .is_some_and(|s| s.to_string().contains("\"Principal\""))
    {
        return Err(Error::invalid(
            "session policy",
            path.display().to_string(),
            "a session policy is a permission policy and has no Principal",
        )
        .with_hint("give the permissions the pods may use at most, without Principal"));
    }
    Ok(doc.to_string())
}

/// Parses `--tag KEY=VALUE` (facts §1: 1-50 tags, key 1-128, value 0-256, `aws:` reserved).
pub(crate) fn parse_tags(raw: &[String]) -> Result<BTreeMap<String, String>> {
    let hint = "write tags as KEY=VALUE, e.g. --tag team=payments";
    if raw.len() > 50 {
        return Err(Error::invalid(
            "tags",
            format!("{} tags", raw.len()),
            "an association takes at most 50 tags",
        )
        .with_hint(hint));
    }
    let mut tags = BTreeMap::new();
    for t in raw {
        let Some((key, value)) = t.split_once('=') else {
            return Err(Error::invalid("tag", t.as_str(), "it has no '='").with_hint(hint));
        };
        if key.is_empty() || key.chars().count() > 128 {
            return Err(
                Error::invalid("tag", t.as_str(), "the key must be 1 to 128 characters")
                    .with_hint(hint),
            );
        }
        if value.chars().count() > 256 {
            return Err(Error::invalid(
                "tag",
                t.as_str(),
                "the value must be at most 256 characters",
            )
            .with_hint(hint));
        }
        if key.to_ascii_lowercase().starts_with("aws:") {
            return Err(Error::invalid(
                "tag",
                t.as_str(),
                "keys starting with aws: are reserved by AWS",
            )
            .with_hint(hint));
        }
        if tags.insert(key.to_string(), value.to_string()).is_some() {
            return Err(Error::invalid(
                "tag",
                t.as_str(),
                format!("the key {key:?} is given twice"),
            )
            .with_hint(hint));
        }
    }
    Ok(tags)
}

/// A role ARN that an association may use: an IAM role in the cluster's account.
pub(crate) fn check_role_arn(role_arn: &str, cluster: &ClusterInfo) -> Result<RoleArn> {
    let arn = Arn::role("role ARN", role_arn)?;
    same_partition("role ARN", &arn, cluster)?;
    if !cluster.account.is_empty() && arn.account != cluster.account {
        return Err(Error::invalid(
            "role ARN",
            role_arn,
            format!("the role is in account {} but cluster {} is in account {}", arn.account, cluster.name, cluster.account),
        )
        .with_hint("an association's role must be in the cluster's account; for a role in another account use --target-role-arn"));
    }
    Ok(arn)
}

/// Refuses an ARN of another partition than the cluster's: `arn:aws-cn:iam::…:role/x` names a
/// different role from `arn:aws:iam::…:role/x`, and IAM would quietly edit the wrong one.
pub(crate) fn same_partition(
    what: &'static str,
    arn: &RoleArn,
    cluster: &ClusterInfo,
) -> Result<()> {
    let Some(partition) = Arn::partition_of(&cluster.arn) else {
        return Ok(());
    };
    if arn.partition != partition {
        return Err(Error::invalid(
            what,
            arn.to_string(),
            format!(
                "its partition is {:?} but cluster {} is in partition {partition:?} ({})",
                arn.partition, cluster.name, cluster.arn
            ),
        )
        .with_hint(format!(
            "give the ARN in the cluster's partition: {}",
            RoleArn {
                partition: partition.to_string(),
                ..arn.clone()
            }
        )));
    }
    Ok(())
}

/// Reads the role (observe) and decides on its trust (`plan::association::trust_decision`,
/// pure); prints the decision's warnings and notes.
pub(crate) async fn decide_trust(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    check: TrustCheck<'_>,
    dry_run: bool,
    printer: Printer,
) -> Result<TrustDecision> {
    let info = ctx.get_role(&check.role.name).await?;
    let decision = crate::plan::association::trust_decision(cluster, check, info.as_ref())?;
    match &decision {
        TrustDecision::Admits => {}
        TrustDecision::Unsure(warning) => printer.warn(warning),
        TrustDecision::Add {
            why, size_warning, ..
        } => {
            if let Some(warning) = size_warning {
                printer.warn(warning);
            }
            if dry_run {
                printer.note(&format!(
                    "would add the Pod Identity statement to role {}'s trust policy ({why})",
                    check.role.name
                ));
            }
        }
    }
    Ok(decision)
}

/// After the run's changes: the target role's statement in its account (when the run reaches
/// that account), then one settle check for every trust edit of the run (#32 item 7).
pub(crate) async fn finish_trust(
    ctx: &AwsContext,
    target_ctx: Option<&AwsContext>,
    cluster: &ClusterInfo,
    a: &Association,
    made: &[crate::plan::Change],
    settle_delay: u64,
    printer: Printer,
) -> Result<()> {
    let target_edit = match target_ctx {
        Some(target_ctx) => apply_target_trust(target_ctx, cluster, a, printer)
            .await?
            .map(|edit| (target_ctx, edit)),
        None => None,
    };
    let mut edits: Vec<(&AwsContext, &crate::plan::Change)> =
        made.iter().map(|c| (ctx, c)).collect();
    if let Some((target_ctx, edit)) = &target_edit {
        edits.push((target_ctx, edit));
    }
    settle_trust(&edits, cluster, settle_delay, printer).await
}

/// After the run's trust edits (#32 item 7, as `apply` does): waits `settle_delay` seconds for a
/// writer's late write to land, reads each edited role again (the role's own, and the target
/// role in its account), and writes the statement back when it is gone (another writer that takes
/// no lease replaced it); what cannot be written back fails the command naming the role. The lease
/// (`edit_trust_policy`) already keeps epi's own writers from doing that. One wait for all the
/// run's edits.
async fn settle_trust(
    edits: &[(&AwsContext, &crate::plan::Change)],
    cluster: &ClusterInfo,
    settle_delay: u64,
    printer: Printer,
) -> Result<()> {
    let edits: Vec<(&AwsContext, &crate::plan::Change)> = edits
        .iter()
        .filter(|(_, c)| matches!(c, crate::plan::Change::AddTrust { .. }))
        .copied()
        .collect();
    if edits.is_empty() {
        return Ok(());
    }
    let roles: Vec<&str> = edits
        .iter()
        .filter_map(|(_, c)| match c {
            crate::plan::Change::AddTrust { role, .. } => Some(role.as_str()),
            _ => None,
        })
        .collect();
    if !crate::commands::settle_announced(
        printer,
        settle_delay,
        &format!("role {}", roles.join(" and role ")),
    )
    .await
    {
        return Ok(());
    }
    for (ctx, c) in edits {
        let crate::plan::Change::AddTrust { role, addition, .. } = c else {
            continue;
        };
        let now = ctx.role_details(role).await?;
        if now.is_some_and(|d| addition.holds(&d.trust_policy, &cluster.name, &cluster.arn)) {
            continue;
        }
        printer.warn(&format!(
            "another writer replaced the trust policy of role {role} after this run wrote it: epi writes its statement again"
        ));
        Runner::new(ctx, &cluster.name, &cluster.arn)
            .execute_all(vec![c.clone()])
            .await?;
    }
    Ok(())
}

/// After a trust fix was carried out: says what was added (an unscoped statement as a warning).
pub(crate) fn report_trust_fix(check: TrustCheck<'_>, printer: Printer) {
    let TrustCheck {
        role,
        namespace,
        service_account,
        session_tags,
        ..
    } = check;
    if session_tags {
        printer.note(&format!("added the Pod Identity statement for {namespace}/{service_account} to role {}'s trust policy", role.name));
    } else {
        printer.warn(&format!("added an UNSCOPED Pod Identity statement to role {}'s trust policy (--allow-unscoped-trust): with session tags disabled it cannot be limited to {namespace}/{service_account}, so any association in account {} may use the role", role.name, role.account));
    }
}

/// Warns when the agent add-on is missing on a cluster that is not in Auto Mode.
pub(crate) async fn warn_if_no_agent(ctx: &AwsContext, cluster: &ClusterInfo, printer: Printer) {
    if cluster.auto_mode {
        return;
    }
    match ctx.describe_addon(&cluster.name, crate::aws::eks::AGENT_ADDON).await {
        Ok(Some(_)) => {}
        Ok(None) => printer.warn(&format!(
            "the eks-pod-identity-agent add-on is not installed on {}: pods will not get credentials until it is (`epi addon install --cluster {}`)",
            cluster.name, cluster.name
        )),
        Err(e) => printer.warn(&format!("could not check the eks-pod-identity-agent add-on: {e}")),
    }
}

/// One association with the region it lives in, as `list`, `describe`, `create`, `update` print it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// The account, from the association's ARN.
    pub account: String,
    pub region: String,
    #[serde(flatten)]
    pub association: Association,
    /// After `create --target-role-arn`: the trust policy the target role needs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_role_trust: Option<serde_json::Value>,
    /// What was changed (with `--dry-run`: what would be), in the engine's shape
    /// (docs/json-output.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<crate::plan::ChangeView>>,
}

/// A dry run's changes: printed as the engine's plan table for people (stdout, before the
/// association), and returned for the JSON/YAML `changes` field.
pub(crate) fn dry_run_views(
    changes: &[crate::plan::Change],
    format: crate::output::DataFormat,
    printer: Printer,
) -> Vec<crate::plan::ChangeView> {
    if format.is_table() {
        let plan = crate::plan::Plan {
            changes: changes.to_vec(),
            notes: Vec::new(),
            ..Default::default()
        };
        // A closed pipe here surfaces again when the association is printed.
        let _ = printer.stdout(&format!(
            "{}\n",
            crate::output::plan::to_table(&[(String::new(), plan)])
        ));
    }
    changes.iter().map(crate::plan::Change::view).collect()
}

/// The AWS context of the target role's account (`--target-profile` or
/// `--target-assume-role-arn`), checked to be the account of `target_role_arn`: a role of the
/// same name in another account must never be changed.
pub(crate) async fn target_context(
    ctx: &AwsContext,
    args: &crate::cli::TargetAccountArgs,
    target_role_arn: &str,
) -> Result<Option<AwsContext>> {
    let target = Arn::role("target role ARN", target_role_arn)?;
    let other = match (&args.target_profile, &args.target_assume_role_arn) {
        (Some(profile), _) => ctx.with_profile(profile).await?,
        (None, Some(role)) => {
            Arn::role("target assume role ARN", role)?;
            ctx.assuming(role, None, "epi-target-trust").await?
        }
        (None, None) => return Ok(None),
    };
    let account = other.caller_account().await?;
    if account != target.account {
        return Err(Error::Precondition {
            message: format!(
                "the target account's credentials are for account {account}, but target role {target_role_arn} is in account {}",
                target.account
            ),
            hint: format!(
                "give --target-profile or --target-assume-role-arn of account {}",
                target.account
            ),
        });
    }
    Ok(Some(other))
}

/// Whether the association's target role, when it is in the cluster's own account (the only one
/// the run's credentials reach), already trusts the association (with its external id). False
/// when it is elsewhere or cannot be read.
pub(crate) async fn target_admits(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    a: &Association,
) -> bool {
    let Some(target) = &a.target_role_arn else {
        return true;
    };
    if Arn::account_of(target) != Arn::account_of(&cluster.arn) {
        return false;
    }
    let Ok(Some(role)) = ctx.get_role(RoleArn::name_of(target)).await else {
        return false;
    };
    matches!(
        crate::plan::association::target_trust(cluster, a, role.trust_policy),
        Ok(None)
    )
}

/// Adds the statement the association needs to its target role's trust policy, in the target
/// account, with `--fix-trust`'s rules: read (observe), decided by
/// `plan::association::target_trust` (pure), carried out by the runner with the target account's
/// credentials (read fresh, every other statement kept, read back); nothing is added when the
/// trust already admits the association (with its external id). Returns the edit made, for
/// `settle_trust`.
async fn apply_target_trust(
    target_ctx: &AwsContext,
    cluster: &ClusterInfo,
    a: &Association,
    printer: Printer,
) -> Result<Option<crate::plan::Change>> {
    let Some(target) = &a.target_role_arn else {
        return Ok(None);
    };
    let current = target_ctx
        .get_role(RoleArn::name_of(target))
        .await?
        .map(|r| r.trust_policy)
        .unwrap_or(serde_json::Value::Null);
    let change = crate::plan::association::target_trust(cluster, a, current)?;
    if let Some(change) = &change {
        // In the target account: its own credentials, the cluster's name and ARN for the
        // conditions.
        Runner::new(target_ctx, &cluster.name, &cluster.arn)
            .execute_all(vec![change.clone()])
            .await?;
    }
    if change.is_some() {
        printer.note(&format!(
            "added the statement for {}/{} ({}) to target role {target}'s trust policy",
            a.namespace,
            a.service_account,
            a.external_id
                .as_deref()
                .map_or("no external id".to_string(), |id| format!(
                    "external id {id}"
                ))
        ));
    } else {
        printer.note(&format!(
            "target role {target}'s trust policy already admits {}",
            a.role_arn
        ));
    }
    Ok(change)
}

impl Row {
    pub fn new(ctx: &AwsContext, association: Association) -> Self {
        Row {
            account: Arn::account_of(&association.association_arn)
                .unwrap_or_default()
                .to_string(),
            region: ctx.region().to_string(),
            association,
            target_role_trust: None,
            changes: None,
        }
    }
}

/// Prints associations: a table, or JSON/YAML lists of full objects. The default table keeps to
/// the columns people scan (#33 item 1): the cluster only when there are several, the role by
/// its name when it is in the association's account (`app -> reader` with a target role), session
/// tags `on`/`off`, the id; `wide` adds the full ARNs of role and target role and the owner.
pub(crate) fn print_rows(
    rows: &[Row],
    format: DataFormat,
    show_account: bool,
    show_region: bool,
    printer: Printer,
) -> Result<()> {
    let wide = format == DataFormat::Wide;
    let text = match format {
        // Written as it is serialised: a fleet's listing is not held twice.
        DataFormat::Json => return printer.stdout_json(&rows),
        DataFormat::Yaml => output::to_yaml(&rows),
        DataFormat::Table | DataFormat::Wide => {
            let clusters: std::collections::BTreeSet<&str> = rows
                .iter()
                .map(|r| r.association.cluster_name.as_str())
                .collect();
            let show_cluster = wide || clusters.len() > 1;
            let mut headers = vec![];
            if show_account {
                headers.push("ACCOUNT");
            }
            if show_region {
                headers.push("REGION");
            }
            if show_cluster {
                headers.push("CLUSTER");
            }
            headers.extend(["NAMESPACE", "SERVICE ACCOUNT", "ROLE"]);
            if wide {
                headers.extend(["TARGET ROLE", "SESSION TAGS", "OWNER"]);
            } else {
                headers.push("SESSION TAGS");
            }
            headers.push("ID");
            let mut table = output::table(&headers);
            for r in rows {
                let a = &r.association;
                // A role of the association's own account by its name; another account's whole.
                let short = |arn: &str| RoleArn::label_in(arn, Some(&r.account)).to_string();
                let mut cells = vec![];
                if show_account {
                    cells.push(r.account.clone());
                }
                if show_region {
                    cells.push(r.region.clone());
                }
                if show_cluster {
                    cells.push(a.cluster_name.clone());
                }
                cells.extend([a.namespace.clone(), a.service_account.clone()]);
                if wide {
                    cells.extend([
                        a.role_arn.clone(),
                        a.target_role_arn.clone().unwrap_or_else(|| "-".into()),
                        if a.disable_session_tags {
                            "disabled".into()
                        } else {
                            "enabled".into()
                        },
                        a.owner_arn
                            .as_deref()
                            .map(crate::plan::association::owner_name)
                            .unwrap_or_else(|| "-".into()),
                    ]);
                } else {
                    cells.push(match &a.target_role_arn {
                        Some(t) => format!("{} -> {}", short(&a.role_arn), short(t)),
                        None => short(&a.role_arn),
                    });
                    cells.push(if a.disable_session_tags { "off" } else { "on" }.into());
                }
                cells.push(match (&a.owner_arn, wide) {
                    // An add-on's association is marked where its id is: changed through the add-on.
                    (Some(o), false) => format!(
                        "{} ({})",
                        a.association_id,
                        crate::plan::association::owner_name(o)
                    ),
                    _ => a.association_id.clone(),
                });
                table.add_row(output::row(cells));
            }
            output::render_table(&table)
        }
    };
    printer.stdout(&text)
}

/// Prints one association: key/value lines, or a JSON/YAML object.
pub(crate) fn print_one(row: &Row, format: DataFormat, printer: Printer) -> Result<()> {
    use output::Cell;
    let text = match format {
        DataFormat::Json => output::to_json(row),
        DataFormat::Yaml => output::to_yaml(row),
        DataFormat::Table | DataFormat::Wide => {
            let a = &row.association;
            let mut table = output::table(&["FIELD", "VALUE"]);
            let tags = a
                .tags
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", ");
            let or_dash = |v: &Option<String>| Cell::from(v.as_deref().unwrap_or("-"));
            for (k, v) in [
                ("Cluster", Cell::from(&a.cluster_name)),
                ("Region", Cell::from(&row.region)),
                ("Namespace", Cell::from(&a.namespace)),
                ("Service account", Cell::from(&a.service_account)),
                ("Role", Cell::from(&a.role_arn)),
                ("Target role", or_dash(&a.target_role_arn)),
                (
                    "Session tags",
                    Cell::from(if a.disable_session_tags {
                        "disabled"
                    } else {
                        "enabled"
                    }),
                ),
                ("External id", or_dash(&a.external_id)),
                // A document: compact JSON on one line.
                (
                    "Session policy",
                    a.session_policy
                        .as_deref()
                        .map_or(Cell::from("-"), Cell::document),
                ),
                ("Owner", or_dash(&a.owner_arn)),
                (
                    "Tags",
                    Cell::from(if tags.is_empty() { "-" } else { &tags }),
                ),
                ("Id", Cell::from(&a.association_id)),
                ("ARN", Cell::from(&a.association_arn)),
                ("Created", or_dash(&a.created_at)),
                ("Modified", or_dash(&a.modified_at)),
            ] {
                table.add_row(output::row([Cell::from(k), v]));
            }
            output::render_table(&table)
        }
    };
    printer.stdout(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        let t = parse_tags(&["team=payments".into(), "empty=".into()]).unwrap();
        assert_eq!(t["team"], "payments");
        assert_eq!(t["empty"], "");
        assert!(parse_tags(&["noequals".into()]).is_err());
        assert!(parse_tags(&["=v".into()]).is_err());
        assert!(parse_tags(&["aws:x=v".into()]).is_err());
        assert!(parse_tags(&["a=1".into(), "a=2".into()]).is_err());
        assert!(parse_tags(&[format!("{}=v", "k".repeat(129))]).is_err());
        assert!(parse_tags(&[format!("k={}", "v".repeat(257))]).is_err());
        let many: Vec<String> = (0..51).map(|i| format!("k{i}=v")).collect();
        assert!(parse_tags(&many).is_err());
    }

    #[test]
    fn ids() {
        assert!(association_id("a-abcdefghijklmnop1").is_ok());
        assert!(association_id("b-123").is_err());
        assert!(association_id("a-").is_err());
        assert!(association_id("a-ABC").is_err());
    }

    #[test]
    fn owners() {
        assert_eq!(
            crate::plan::association::owner_name(
                "arn:aws:eks:us-east-1:111122223333:addon/prod/aws-ebs-csi-driver/abc"
            ),
            "addon aws-ebs-csi-driver"
        );
    }
}
