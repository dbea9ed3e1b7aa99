//! `epi access check|who-can|test|diff`: what Pod Identity lets service accounts reach. Each reads the
//! associations and roles (each role and each managed policy once per run), then asks the pure
//! chain of [`crate::policy::access`], which asks the one evaluator.

pub mod check;
pub mod diff;
pub mod test;
pub mod who_can;

use crate::aws::AwsContext;
use crate::aws::organizations::OrgPolicyKind;
use crate::cli::AccessRequestArgs;
use crate::commands::policy::simulate::{self, Loaded};
use crate::error::Result;
use crate::output::{self, Printer};
pub(crate) use crate::plan::observe::{OrgRead, hop_org, org_levels};
pub(crate) use crate::plan::observe::{Roles, association_facts};
use crate::policy::access::{Answer, AssociationFacts, Link, Question};
use crate::policy::eval::{Layer, Named};
use crate::validate::RoleArn;

/// The request of a run, checked before any AWS call.
pub(crate) struct Asked {
    pub action: String,
    pub resource: String,
    pub resource_account: Option<String>,
    pub context: Vec<(String, Vec<String>)>,
    pub resource_policy: Option<Loaded>,
    pub scps: Vec<Loaded>,
    pub scp_levels: usize,
}

impl Asked {
    pub fn from_args(args: &AccessRequestArgs, printer: Printer) -> Result<Asked> {
        Asked::new(
            &args.action,
            &args.resource,
            args.resource_account.as_deref(),
            simulate::context_pairs(&args.context)?,
            args.resource_policy.as_deref(),
            &args.scps,
            printer,
        )
    }

    pub fn new(
        action: &str,
        resource: &str,
        resource_account: Option<&str>,
        context: Vec<(String, Vec<String>)>,
        resource_policy: Option<&std::path::Path>,
        scps: &[std::path::PathBuf],
        printer: Printer,
    ) -> Result<Asked> {
        simulate::check_request(action, resource, resource_account)?;
        let mut loaded = Vec::new();
        if let Some(path) = resource_policy {
            simulate::load_file(path, Layer::ResourcePolicy, None, printer, &mut loaded)?;
        }
        let resource_policy = loaded.pop();
        let mut scp_loaded = Vec::new();
        for (level, path) in scps.iter().enumerate() {
            simulate::load_file(path, Layer::Scp, Some(level), printer, &mut scp_loaded)?;
        }
        Ok(Asked {
            action: action.to_string(),
            resource: resource.to_string(),
            resource_account: resource_account.map(str::to_string),
            context,
            resource_policy,
            scps: scp_loaded,
            scp_levels: scps.len(),
        })
    }

    pub fn question(&self) -> Question<'_> {
        let mut scps: Vec<Vec<Named<'_>>> = vec![Vec::new(); self.scp_levels];
        for l in &self.scps {
            if let Some(level) = l.level {
                scps[level].push(Named::new(l.name.clone(), &l.doc));
            }
        }
        Question {
            action: self.action.clone(),
            resource: self.resource.clone(),
            resource_account: self.resource_account.clone(),
            context: self.context.clone(),
            resource_policy: self
                .resource_policy
                .as_ref()
                .map(|l| Named::new(l.name.clone(), &l.doc)),
            resource_absent: false,
            scps,
            ..Question::default()
        }
    }
}

/// The question with the organisation's policies of one association: the SCPs along the acting
/// role's account's path, and the RCPs along the resource's account's (its ARN's account, else
/// `--resource-account`, else the acting role's), each level root first (#36). An account the
/// read did not cover (outside the organisation) has none.
pub(crate) fn with_org<'a>(
    q: &Question<'a>,
    org: &'a OrgRead,
    a: &crate::aws::eks::Association,
) -> Question<'a> {
    let mut q = q.clone();
    let policies = match org {
        Ok(p) => p,
        Err(e) => {
            q.org_note = Some(format!(
                "the organisation's SCPs and RCPs could not be read ({e}): what it denies is not considered"
            ));
            return q;
        }
    };
    let acting_account = account_of(a.target_role_arn.as_deref().unwrap_or(&a.role_arn));
    let resource_account = crate::policy::eval::arn_account(&q.resource)
        .map(str::to_string)
        .or_else(|| q.resource_account.clone())
        .unwrap_or_else(|| acting_account.to_string());
    q.scps = org_levels(policies, acting_account, OrgPolicyKind::Scp);
    q.rcps = org_levels(policies, &resource_account, OrgPolicyKind::Rcp);
    (q.assume_scps, q.assume_rcps) = hop_org(policies, a);
    if policies.management.as_deref() == Some(acting_account) {
        q.org_note = Some(format!(
            "account {acting_account} is the organisation's management account: SCPs do not apply to it"
        ));
    } else if !policies.paths.contains_key(acting_account) {
        q.org_note = Some(format!(
            "account {acting_account} is not in the organisation: no SCP applies to it"
        ));
    }
    q
}

fn account_of(arn: &str) -> &str {
    crate::policy::eval::arn_account(arn).unwrap_or_default()
}

/// The organisation's policies for a run whose accounts come from it (`org` reads them with the
/// caller's context), unless `--scp` files were given, which take their place.
pub(crate) async fn read_org(
    org: Option<&AwsContext>,
    asked: &Asked,
    associations: &[&crate::aws::eks::Association],
    q: &Question<'_>,
    concurrency: usize,
) -> Option<OrgRead> {
    let ctx = org.filter(|_| asked.scps.is_empty())?;
    Some(
        ctx.org_policies(&org_accounts(associations, q), concurrency)
            .await
            .map_err(|e| format!("{e}; {}", e.hint())),
    )
}

/// The question for one association: with the organisation's policies of its acting role's
/// account when they were read, else as asked.
pub(crate) fn org_question<'a>(
    q: &Question<'a>,
    org: Option<&'a OrgRead>,
    a: &crate::aws::eks::Association,
) -> Question<'a> {
    match org {
        Some(org) => with_org(q, org, a),
        None => q.clone(),
    }
}

/// The accounts whose organisation path a run needs: each association's, its target role's, and
/// the resource's when its ARN or `--resource-account` names one.
pub(crate) fn org_accounts(
    associations: &[&crate::aws::eks::Association],
    q: &Question<'_>,
) -> Vec<String> {
    let mut out: Vec<String> = associations
        .iter()
        .flat_map(|a| {
            [Some(a.role_arn.as_str()), a.target_role_arn.as_deref()]
                .into_iter()
                .flatten()
                .filter_map(crate::policy::eval::arn_account)
                .map(str::to_string)
        })
        .chain(crate::policy::eval::arn_account(&q.resource).map(str::to_string))
        .chain(q.resource_account.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The resource's own policy as a run found it, where the request needs it (item: a role's
/// trust for `sts:AssumeRole` on it).
pub(crate) enum Found {
    /// Not needed, given with `--resource-policy`, or not read: the evaluator decides what an
    /// unread policy means (`conditional` where the request needs it).
    Nothing,
    /// Read from AWS.
    Read {
        name: String,
        doc: serde_json::Value,
    },
    /// The resource does not exist (GetRole answered NoSuchEntity).
    Absent,
}

impl Found {
    /// Gives the question what was found.
    pub fn apply<'a>(&'a self, q: &mut Question<'a>) {
        match self {
            Found::Nothing => {}
            Found::Read { name, doc } => q.resource_policy = Some(Named::new(name.clone(), doc)),
            Found::Absent => q.resource_absent = true,
        }
    }
}

/// Reads the resource policy a request needs, where epi can: a role's trust policy for
/// `sts:AssumeRole` and the other actions a trust governs (GetRole), a KMS key's key policy for
/// an operation on the key (GetKeyPolicy), with the credentials of the resource's account when
/// the run has them and no `--resource-policy` was given. The note says what was read, or why
/// not.
pub(crate) async fn read_resource_policy(
    q: &Question<'_>,
    reach: &Reach<'_>,
) -> (Found, Option<String>) {
    if q.resource_policy.is_some() {
        return (Found::Nothing, None);
    }
    if let Some(key) = crate::policy::access::key_policy_to_read(&q.action, &q.resource) {
        return read_key_policy(key, reach).await;
    }
    let Some(arn) = crate::policy::access::trust_to_read(&q.action, &q.resource) else {
        return (Found::Nothing, None);
    };
    let Some(ctx) = context_for(reach, arn) else {
        return (
            Found::Nothing,
            Some(format!(
                "the trust policy of {arn} was not read: account {} is not one this run reaches (give --resource-policy with the trust policy, or credentials for that account)",
                crate::validate::Arn::account_of(arn).unwrap_or("?")
            )),
        );
    };
    let read = ctx
        .role_details(RoleArn::name_of(arn))
        .await
        .map(|d| d.map(|d| d.trust_policy))
        .map_err(|e| format!("could not be read: {e}"));
    trust_found(arn, read)
}

/// What a read of a role's trust policy found (Err: why it was not read, as a phrase after "the
/// trust policy of ARN"), and the note that says so.
fn trust_found(
    arn: &str,
    read: std::result::Result<Option<serde_json::Value>, String>,
) -> (Found, Option<String>) {
    match read {
        Ok(Some(doc)) => (
            Found::Read {
                name: format!("{} trust policy", short(arn)),
                doc,
            },
            Some(format!("the trust policy of {arn} was read (iam:GetRole)")),
        ),
        Ok(None) => (
            Found::Absent,
            Some(format!("role {arn} does not exist: no one can assume it")),
        ),
        Err(why) => (
            Found::Nothing,
            Some(format!("the trust policy of {arn} {why}")),
        ),
    }
}

/// The resource policy a request needs, from a snapshot: a role's trust policy when the snapshot
/// holds the role (it holds the associations' roles); a key policy never.
pub(crate) fn snapshot_resource_policy(
    q: &Question<'_>,
    snap: &crate::plan::snapshot::Snapshot,
) -> (Found, Option<String>) {
    if q.resource_policy.is_some() {
        return (Found::Nothing, None);
    }
    if let Some(key) = crate::policy::access::key_policy_to_read(&q.action, &q.resource) {
        return (
            Found::Nothing,
            Some(format!(
                "the key policy of {key} is not in the snapshot: give --resource-policy with the key policy"
            )),
        );
    }
    let Some(arn) = crate::policy::access::trust_to_read(&q.action, &q.resource) else {
        return (Found::Nothing, None);
    };
    let read = snap
        .role(arn)
        .map(|r| r.map(|r| r.trust_policy))
        .map_err(|e| format!("was not read: {e} (give --resource-policy with the trust policy)"));
    trust_found(arn, read)
}

/// The chain for an association of a snapshot: its roles as the snapshot holds them.
pub(crate) fn snapshot_answer(
    a: &AssociationFacts,
    snap: &crate::plan::snapshot::Snapshot,
    q: &Question<'_>,
) -> std::result::Result<Answer, String> {
    let role = snap
        .role(&a.role_arn)
        .map_err(|e| format!("role {}: {e}", a.role_arn))?;
    let target = match &a.target_role_arn {
        Some(t) => snap.role(t).map_err(|e| format!("target role {t}: {e}"))?,
        None => None,
    };
    Ok(crate::policy::access::evaluate(
        a,
        role.as_ref(),
        target.as_ref(),
        q,
    ))
}

/// The organisation's policies of a run from a snapshot: the snapshot's, unless `--scp` files
/// were given, which take their place.
pub(crate) fn snapshot_org(
    asked: &Asked,
    snap: &crate::plan::snapshot::Snapshot,
) -> Option<OrgRead> {
    asked.scps.is_empty().then(|| snap.org()).flatten()
}

/// Reads a KMS key's key policy with the credentials of the key's account.
async fn read_key_policy(key: &str, reach: &Reach<'_>) -> (Found, Option<String>) {
    let Some(ctx) = context_for(reach, key) else {
        return (
            Found::Nothing,
            Some(format!(
                "the key policy of {key} was not read: account {} is not one this run reaches (give --resource-policy with the key policy, or credentials for that account)",
                crate::validate::Arn::account_of(key).unwrap_or("?")
            )),
        );
    };
    match ctx.key_policy(key).await {
        Ok(Some(doc)) => (
            Found::Read {
                name: format!("key policy of {key}"),
                doc,
            },
            Some(format!(
                "the key policy of {key} was read (kms:GetKeyPolicy)"
            )),
        ),
        Ok(None) => (
            Found::Absent,
            Some(format!("KMS key {key} does not exist: no one can use it")),
        ),
        Err(e) => (
            Found::Nothing,
            Some(format!("the key policy of {key} could not be read: {e}")),
        ),
    }
}

/// Why a target role of another account cannot be read, and what to give.
pub(crate) fn unreachable_target(target: &str) -> String {
    format!(
        "target role {target} is in account {}, which these credentials do not reach: give --target-profile or --target-assume-role-arn for that account",
        crate::validate::Arn::account_of(target).unwrap_or("?")
    )
}

/// The chain as a table, for people (#33 item 1: 80 columns). Each step names who acts under
/// it; the role is named by its name where it is in the association's account (its ARN with
/// `-o wide`), and what came closest to allowing a denied request and the principal tags used
/// follow the table as wrapped paragraphs, where a long policy Resource gets a line of its own.
pub(crate) fn render(answer: &Answer, subject: &str, q: &Question<'_>, wide: bool) -> String {
    // Every line carries values of files, policies or AWS: each stays on its line
    // (`text::one_line`), so none can start a line of its own in a CI log (#32 item 9).
    let mut head = format!(
        "{subject}: {} on {}: {}",
        q.action,
        q.resource,
        answer.decision.as_str()
    );
    if !answer.depends_on.is_empty() {
        head.push_str(&format!(
            " (depends on {}: give them with --context KEY=VALUE)",
            answer.depends_on.join(", ")
        ));
    }
    let mut out = output::paragraph(&head, "  ");
    out.push('\n');
    let notes = |out: &mut String| {
        for n in &answer.notes {
            out.push_str(&output::paragraph(&format!("note: {n}"), "  "));
        }
    };
    if answer.chain.is_empty() {
        notes(&mut out);
        return out;
    }
    let (t, near) = chain_table(answer, wide);
    out.push_str(&output::render_table(&t));
    if !near.is_empty() {
        out.push('\n');
    }
    for n in &near {
        out.push_str(&output::paragraph(n, "  "));
    }
    if let Some(Link::Request { principal_tags, .. }) = answer.chain.last()
        && !principal_tags.is_empty()
    {
        let tags: Vec<String> = principal_tags
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        out.push('\n');
        out.push_str(&output::paragraph(
            &format!("principal tags used: {}", tags.join(", ")),
            "  ",
        ));
    }
    if !answer.notes.is_empty() {
        out.push('\n');
    }
    notes(&mut out);
    out
}

/// The chain's table, and what came closest to allowing a denied request (printed after it).
fn chain_table(answer: &Answer, wide: bool) -> (comfy_table::Table, Vec<String>) {
    // The association's account: its roles are named by their names.
    let home = answer.chain.iter().find_map(|l| match l {
        Link::Association { role, .. } => crate::validate::Arn::account_of(role),
        _ => None,
    });
    let name = |arn: &str| RoleArn::label_in(arn, home.filter(|_| !wide)).to_string();
    let mut near: Vec<String> = Vec::new();
    let mut t = output::table(&["STEP", "RESULT", "DECIDING STATEMENTS"]);
    for link in &answer.chain {
        match link {
            Link::Association {
                association_id,
                role,
                target_role,
                session_tags,
                session_policy,
                ..
            } => {
                let mut what = vec![format!("role {}", name(role))];
                if let Some(t) = target_role {
                    what.push(format!("target role {}", name(t)));
                }
                what.push(format!(
                    "session tags {}",
                    if *session_tags { "on" } else { "off" }
                ));
                if session_policy.is_some() {
                    what.push("session policy".into());
                }
                t.add_row(output::row([
                    output::Cell::lines([
                        "association",
                        association_id.as_deref().unwrap_or("(not created yet)"),
                    ]),
                    output::Cell::from("found"),
                    output::Cell::lines(what),
                ]));
            }
            Link::Assume {
                principal,
                role,
                actions,
                decision,
                reasons,
                why,
                ..
            } => {
                let mut statements = vec![actions.join(", ")];
                statements.extend(reasons.iter().map(crate::policy::access::describe_reason));
                if let Some(why) = why {
                    statements.push(why.clone());
                }
                let by = if principal.starts_with("arn:") {
                    short(principal)
                } else {
                    principal.clone()
                };
                t.add_row(output::row([
                    output::Cell::lines([format!("assume {}", short(role)), format!("by {by}")]),
                    output::Cell::from(decision.as_str()),
                    output::Cell::lines(statements),
                ]));
            }
            Link::Request {
                role,
                decision,
                reasons,
                denied_by,
                near_misses,
                ..
            } => {
                let mut statements: Vec<String> = reasons
                    .iter()
                    .map(crate::policy::access::describe_reason)
                    .collect();
                if let Some(layer) = denied_by {
                    statements.push(format!("stopped by the {}", layer.title()));
                    // What came closest, variables substituted: after the table.
                    let misses: Vec<_> = near_misses
                        .iter()
                        .filter(|n| n.layer == *layer)
                        .take(3)
                        .collect();
                    if !misses.is_empty() {
                        statements.push(format!("near misses: {} (below)", misses.len()));
                    }
                    near.extend(misses.into_iter().map(|n| {
                        format!(
                            "near miss: {} statement {}: {}",
                            n.policy, n.statement, n.why
                        )
                    }));
                }
                t.add_row(output::row([
                    output::Cell::lines(["request", &format!("as {}", short(role))]),
                    output::Cell::from(decision.as_str()),
                    output::Cell::lines(statements),
                ]));
            }
        }
    }
    (t, near)
}

fn short(arn: &str) -> String {
    format!("role/{}", RoleArn::name_of(arn))
}

/// The credentials a run has, by account: the cluster's, and the others it reaches.
pub(crate) type Reach<'a> = [(String, &'a AwsContext)];

fn context_for<'a>(reach: &Reach<'a>, arn: &str) -> Option<&'a AwsContext> {
    let account = crate::validate::Arn::account_of(arn)?;
    reach.iter().find(|(a, _)| a == account).map(|(_, c)| *c)
}

/// The chain for a live association: its roles read with the credentials of their accounts.
/// Err when a role cannot be read (an account the run does not reach, or an AWS error).
pub(crate) async fn live_answer(
    a: &AssociationFacts,
    roles: &Roles,
    reach: &Reach<'_>,
    q: &Question<'_>,
) -> std::result::Result<Answer, String> {
    let ctx = context_for(reach, &a.role_arn).ok_or_else(|| {
        format!(
            "role {} is not in the cluster's account {}: EKS requires the association's role to be in the cluster's account",
            a.role_arn, a.account
        )
    })?;
    let role = roles
        .read(ctx, &a.role_arn)
        .await
        .map_err(|e| format!("role {}: {e}", a.role_arn))?;
    let target = match &a.target_role_arn {
        Some(t) => {
            let tctx = context_for(reach, t).ok_or_else(|| unreachable_target(t))?;
            roles
                .read(tctx, t)
                .await
                .map_err(|e| format!("target role {t}: {e}"))?
        }
        None => None,
    };
    Ok(crate::policy::access::evaluate(
        a,
        role.as_ref(),
        target.as_ref(),
        q,
    ))
}
