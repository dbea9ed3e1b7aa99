//! The policy linter: finds the mistakes that make Pod Identity policies silently fail or grant too
//! much. Works on any IAM policy (identity or trust) as parsed JSON.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::error::Error;

use super::eval::action_matches;
use super::limits;
use super::tags::{self, PODS_PRINCIPAL, SESSION_TAGS};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem, where it is, and what to do about it. Serialised as documented in docs/json-output.md.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub rule: &'static str,
    /// Index into `Statement` (0-based), when the finding is about one statement.
    pub statement: Option<usize>,
    pub sid: Option<String>,
    /// JSON path of the field inside the statement (or document), e.g. `Resource[1]`.
    pub field: String,
    pub message: String,
    pub hint: String,
}

impl Finding {
    /// `Statement[2] (Sid "Read") Resource[0]`, or the field alone for document-level findings.
    pub fn location(&self) -> String {
        match (self.statement, &self.sid) {
            (Some(i), Some(sid)) => format!("Statement[{i}] (Sid {sid:?}) {}", self.field),
            (Some(i), None) => format!("Statement[{i}] {}", self.field),
            _ => self.field.clone(),
        }
    }
}

/// Error rules about what a policy grants or how it suits Pod Identity, not about whether IAM
/// accepts it. `epi policy simulate` reports them as warnings and evaluates the policy as written
/// (an SCP `FullAWSAccess` is "full-admin"; a trust without `sts:TagSession` or a variable
/// under Version 2008-10-17 is what one may want to test); every other error finding makes a policy bad input there.
pub const ADVISORY_RULES: &[&str] = &[
    "full-admin",
    "privilege-escalation",
    "unrestricted-principal",
    "trust-missing-action",
    "principal-tag-in-trust",
    "irsa-missing-sub",
    "variables-need-version",
];

/// The rules, for docs and `--help`: (rule, severity, what it finds).
pub const RULES: &[(&str, &str, &str)] = &[
    (
        "unknown-session-tag",
        "error/warning",
        "a ${aws:PrincipalTag/KEY} or aws:RequestTag/KEY that is not one of the six Pod Identity session tags (error when it looks like a typo of one)",
    ),
    (
        "variables-need-version",
        "error",
        "policy variables with Version missing or 2008-10-17: IAM then reads them as literal text",
    ),
    (
        "invalid-version",
        "error",
        "a Version other than 2012-10-17 or 2008-10-17",
    ),
    ("malformed-variable", "error", "a '${' with no closing '}'"),
    (
        "trust-missing-action",
        "error",
        "a trust policy for pods.eks.amazonaws.com that does not allow sts:AssumeRole or sts:TagSession",
    ),
    (
        "misspelled-principal",
        "error",
        "a service principal that is close to, but not, a known one (pod.eks.amazonaws.com)",
    ),
    (
        "invalid-principal",
        "error",
        "a string Principal other than \"*\", or NotPrincipal with Allow, in a resource or trust policy: IAM refuses both",
    ),
    (
        "variable-in-principal",
        "error",
        "a policy variable in Principal or NotPrincipal, where IAM does not substitute them",
    ),
    (
        "variable-in-action",
        "error",
        "a policy variable in Action or NotAction, where IAM does not substitute them",
    ),
    (
        "policy-size",
        "error/warning",
        "over 2048 (warning) or 4096 characters for a trust policy, over 6144 for a managed policy",
    ),
    (
        "write-on-any-resource",
        "warning",
        "a write action allowed on Resource \"*\"",
    ),
    (
        "invalid-statement",
        "error",
        "a statement without Effect Allow/Deny or without Action, or an action that is not SERVICE:NAME",
    ),
    (
        "unknown-key",
        "error",
        "a top-level or statement key IAM does not know (a misspelt Condition would be dropped), with did-you-mean",
    ),
    (
        "missing-element",
        "error",
        "both Action and NotAction (or Resource and NotResource); no Resource in an identity policy; a Resource in a trust policy; no Principal in a trust or resource policy; a Principal in an identity policy",
    ),
    (
        "invalid-value",
        "error",
        "a value of the wrong type: Action 42, an empty list, a nested list, a Condition that is not an object of operators",
    ),
    (
        "unknown-condition-operator",
        "error",
        "a condition operator IAM does not know (StringEqual), with did-you-mean",
    ),
    ("duplicate-sid", "error", "two statements with the same Sid"),
    (
        "invalid-sid",
        "error",
        "a Sid with characters other than ASCII letters and digits (identity and trust policies)",
    ),
    (
        "duplicate-key",
        "error",
        "a JSON key given twice in one object",
    ),
    (
        "invalid-character",
        "error",
        "a character IAM rejects (it accepts tab, LF, CR and U+0020 to U+00FF)",
    ),
    (
        "unrestricted-principal",
        "error",
        "a trust statement for Principal \"*\" or {\"AWS\": \"*\"} limited only by aws:RequestTag conditions (or none)",
    ),
    (
        "principal-tag-in-trust",
        "error",
        "aws:PrincipalTag/... in a pods.eks.amazonaws.com trust policy, where the session tags are request tags",
    ),
    (
        "request-tag-if-exists",
        "warning",
        "an ...IfExists operator on aws:RequestTag/... in a Pod Identity trust policy",
    ),
    (
        "irsa-missing-sub",
        "error",
        "an sts:AssumeRoleWithWebIdentity statement for an OIDC provider without a :sub condition",
    ),
    (
        "irsa-missing-aud",
        "warning",
        "an sts:AssumeRoleWithWebIdentity statement for an OIDC provider without an :aud condition",
    ),
    (
        "allow-not-action",
        "warning",
        "Allow with NotAction (every other action, counted as \"*\")",
    ),
    (
        "allow-not-resource",
        "warning",
        "Allow with NotResource (every other resource, counted as \"*\")",
    ),
    (
        "full-admin",
        "error",
        "every action allowed on every resource",
    ),
    (
        "privilege-escalation",
        "error",
        "iam:PassRole, iam:CreateRole, iam:Attach*Policy, iam:Put*Policy and the like on every resource",
    ),
    (
        "assume-any-role",
        "warning",
        "sts:AssumeRole on every resource",
    ),
    (
        "set-operator-on-single-value",
        "warning",
        "ForAnyValue:/ForAllValues: on a key with one value, such as aws:PrincipalTag/...",
    ),
    (
        "unknown-action",
        "error",
        "an action (or action pattern) that no AWS service has, from IAM's catalogue, with did-you-mean",
    ),
    (
        "condition-key-not-applicable",
        "warning",
        "a service condition key that none of the statement's actions supports",
    ),
    (
        "resource-mismatch",
        "warning",
        "a resource ARN that fits none of the resource types of the statement's actions",
    ),
    (
        "malformed-arn",
        "error",
        "a Resource that starts with arn: but is not a six-part ARN",
    ),
];

/// Parses a file's text into a policy document, or says why it is not one (exit 2).
/// Accepts the URL-encoded form IAM returns from GetRole.
pub fn parse(source_name: &str, text: &str) -> Result<Value, Error> {
    let not_policy = |reason: String| Error::NotAPolicy {
        source_name: source_name.to_string(),
        reason,
    };
    let trimmed = text.trim_start();
    let decoded;
    let text = if trimmed.starts_with("%7B") || trimmed.starts_with("%7b") {
        decoded = percent_encoding::percent_decode_str(trimmed)
            .decode_utf8()
            .map_err(|_| not_policy("it looks URL-encoded but does not decode to UTF-8".into()))?;
        decoded.as_ref()
    } else {
        text
    };
    let value: Value = serde_json::from_str(text).map_err(|e| {
        not_policy(format!(
            "invalid JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        ))
    })?;
    let Some(obj) = value.as_object() else {
        return Err(not_policy("the document is not a JSON object".into()));
    };
    match obj.get("Statement") {
        Some(Value::Array(items)) if !items.is_empty() => Ok(value),
        Some(Value::Array(_)) => Err(not_policy("\"Statement\" is an empty list".into())),
        Some(Value::Object(_)) => Ok(value),
        Some(_) => Err(not_policy(
            "\"Statement\" is neither an object nor a list of objects".into(),
        )),
        None => Err(not_policy("it has no \"Statement\"".into())),
    }
}

/// Services whose principals people type; used to spot misspellings.
const KNOWN_SERVICE_PRINCIPALS: &[&str] = &[
    PODS_PRINCIPAL,
    "eks.amazonaws.com",
    "eks-fargate-pods.amazonaws.com",
    "eks-nodegroup.amazonaws.com",
    "ec2.amazonaws.com",
    "ecs-tasks.amazonaws.com",
    "lambda.amazonaws.com",
    "s3.amazonaws.com",
    "sts.amazonaws.com",
    "ssm.amazonaws.com",
    "states.amazonaws.com",
    "events.amazonaws.com",
    "glue.amazonaws.com",
    "sagemaker.amazonaws.com",
    "cloudformation.amazonaws.com",
    "codebuild.amazonaws.com",
];

/// The first words of actions that change things.
const WRITE_VERBS: &[&str] = &[
    "put",
    "create",
    "delete",
    "update",
    "write",
    "attach",
    "detach",
    "modify",
    "tag",
    "untag",
    "set",
    "add",
    "remove",
    "send",
    "upload",
    "abort",
    "restore",
    "replace",
    "change",
    "enable",
    "disable",
    "start",
    "stop",
    "terminate",
    "reboot",
    "run",
    "invoke",
    "publish",
    "pass",
    "associate",
    "disassociate",
    "copy",
    "import",
    "reset",
    "revoke",
    "authorize",
    "register",
    "deregister",
    "execute",
    "batchwrite",
    "batchdelete",
    "batchput",
    "restore",
];

struct Ctx<'a> {
    findings: Vec<Finding>,
    statement: Option<usize>,
    sid: Option<&'a str>,
    /// Did-you-mean suggestions computed so far ([`MAX_SUGGESTIONS`]).
    suggestions: usize,
}

impl Ctx<'_> {
    fn push(
        &mut self,
        severity: Severity,
        rule: &'static str,
        field: impl Into<String>,
        message: String,
        hint: impl Into<String>,
    ) {
        self.findings.push(Finding {
            severity,
            rule,
            statement: self.statement,
            sid: self.sid.map(str::to_string),
            field: field.into(),
            message,
            hint: hint.into(),
        });
    }
}

/// Lints a parsed policy, its kind detected. Findings come in document order, errors and warnings
/// mixed.
pub fn lint(policy: &Value) -> Vec<Finding> {
    lint_as(policy, None)
}

/// Parses and lints a document's text: the findings include JSON keys given twice, which the
/// parsed value can no longer show (serde keeps the last; IAM refuses the document).
pub fn lint_text(source_name: &str, text: &str, kind: Option<Kind>) -> Result<Vec<Finding>, Error> {
    let policy = parse(source_name, text)?;
    let mut findings: Vec<Finding> = duplicate_keys(text)
        .into_iter()
        .map(|path| Finding {
            severity: Severity::Error,
            rule: "duplicate-key",
            statement: None,
            sid: None,
            message: format!("the key {path} is given twice; IAM rejects the document (a JSON reader would keep only the last)"),
            field: path,
            hint: "merge the two into one key".into(),
        })
        .collect();
    findings.extend(lint_as(&policy, kind));
    Ok(findings)
}

/// Lints a parsed policy as the kind given (detected when None).
pub fn lint_as(policy: &Value, kind: Option<Kind>) -> Vec<Finding> {
    let mut ctx = Ctx {
        findings: Vec::new(),
        statement: None,
        sid: None,
        suggestions: 0,
    };
    let statements: Vec<&Value> = match policy.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => Vec::new(),
    };
    let kind = kind.unwrap_or_else(|| Kind::detect(&statements));
    let is_trust = kind == Kind::Trust;

    // Size first: a document over the most any policy of its kind may hold is refused by AWS
    // whatever else it says, and checking each of its values (with did-you-means) is what made
    // a 4 MB document take minutes (issue #31). One finding, and stop.
    let ceiling = match kind {
        Kind::Identity => limits::INLINE_TOTAL,
        Kind::Trust => limits::TRUST_MAX,
        Kind::Resource => limits::RESOURCE_MAX,
    };
    let size = limits::iam_size(policy);
    if size > ceiling {
        ctx.push(
            Severity::Error,
            "policy-size",
            "",
            format!(
                "the policy is {size} characters, over the {ceiling} that AWS accepts for any {} policy; epi checked nothing else in it",
                kind.as_str()
            ),
            "split it into several policies, or scope it with fewer values",
        );
        return ctx.findings;
    }

    check_version(&mut ctx, policy);

    check_grammar(&mut ctx, policy, &statements, kind);

    let mut pods_trust_actions: Vec<(usize, Vec<String>)> = Vec::new();
    // Actions a Deny without conditions takes from pods.eks.amazonaws.com (or from everyone).
    let mut pods_denied: Vec<String> = Vec::new();
    for (i, st) in statements.iter().enumerate() {
        ctx.statement = Some(i);
        ctx.sid = st.get("Sid").and_then(Value::as_str);
        let Some(obj) = st.as_object() else {
            ctx.push(
                Severity::Error,
                "invalid-statement",
                "",
                "the statement is not a JSON object".into(),
                "write each statement as an object with Effect, Action and Resource or Principal",
            );
            continue;
        };
        let effect = obj.get("Effect").and_then(Value::as_str);
        if !matches!(effect, Some("Allow" | "Deny")) {
            ctx.push(
                Severity::Error,
                "invalid-statement",
                "Effect",
                format!(
                    "Effect is {}, not \"Allow\" or \"Deny\"",
                    obj.get("Effect")
                        .map_or("missing".to_string(), Value::to_string)
                ),
                "set \"Effect\": \"Allow\" (or \"Deny\"), capitalised as shown",
            );
        }
        let actions = check_actions(&mut ctx, obj);
        for field in ["Principal", "NotPrincipal"] {
            if let Some(p) = obj.get(field) {
                check_no_variables(
                    &mut ctx,
                    p,
                    field,
                    "variable-in-principal",
                    "IAM does not substitute variables in principals; name the principal literally and narrow it with a Condition",
                );
                check_principals(&mut ctx, p, field);
            }
        }
        // Only a role's trust is read as Pod Identity's: a bucket policy may name
        // pods.eks.amazonaws.com with aws:RequestTag conditions of its own.
        let pods_trust = is_trust && is_pods_principal(obj);
        check_tag_references(&mut ctx, st, "", pods_trust);
        if effect == Some("Allow") && pods_trust {
            pods_trust_actions.push((i, actions.clone()));
        }
        if kind != Kind::Identity {
            check_principal_forms(&mut ctx, obj, effect);
        }
        let everyone = matches!(obj.get("Principal"), Some(Value::String(p)) if p == "*");
        if effect == Some("Deny")
            && is_trust
            && (is_pods_principal(obj) || everyone)
            && obj.get("Condition").is_none()
        {
            pods_denied.extend(actions.iter().cloned());
        }
        check_catalogue(&mut ctx, obj);
        // A resource policy's "*" is the resource itself: the identity-policy checks do not apply.
        if effect == Some("Allow") && kind == Kind::Identity {
            check_write_on_any_resource(&mut ctx, obj, &actions);
            check_broad_grants(&mut ctx, obj, &actions);
        }
    }
    if kind == Kind::Trust {
        check_trust(&mut ctx, &statements);
    }

    if !pods_trust_actions.is_empty() {
        let allowed = |wanted: &str| {
            pods_trust_actions
                .iter()
                .any(|(_, acts)| acts.iter().any(|a| action_matches(a, wanted)))
                && !pods_denied.iter().any(|a| action_matches(a, wanted))
        };
        let (first, _) = pods_trust_actions[0];
        ctx.statement = Some(first);
        ctx.sid = statements[first].get("Sid").and_then(Value::as_str);
        for (wanted, why) in [
            ("sts:AssumeRole", "EKS Pod Identity cannot assume the role"),
            (
                "sts:TagSession",
                "EKS Pod Identity tags every session it starts (unless the association disables session tags), so assuming the role fails",
            ),
        ] {
            if !allowed(wanted) {
                ctx.push(
                    Severity::Error,
                    "trust-missing-action",
                    "Action",
                    format!("the trust policy lets {PODS_PRINCIPAL} in but does not allow {wanted}: {why}"),
                    "allow both \"sts:AssumeRole\" and \"sts:TagSession\" (`epi policy trust` prints the statement)",
                );
            }
        }
    }

    ctx.statement = None;
    ctx.sid = None;
    check_size(&mut ctx, policy, is_trust);
    ctx.findings
}

/// The policy language version: 2012-10-17, which variables need.
fn check_version(ctx: &mut Ctx<'_>, policy: &Value) {
    let uses_variables = contains_variable(policy);
    match policy.get("Version") {
        Some(Value::String(v)) if v == "2012-10-17" => {}
        Some(Value::String(v)) if v == "2008-10-17" => {
            if uses_variables {
                ctx.push(
                    Severity::Error,
                    "variables-need-version",
                    "Version",
                    "the policy uses ${...} variables but Version is 2008-10-17, under which IAM treats them as literal text".into(),
                    "set \"Version\": \"2012-10-17\"",
                );
            }
        }
        None => {
            if uses_variables {
                ctx.push(
                    Severity::Error,
                    "variables-need-version",
                    "Version",
                    "the policy uses ${...} variables but has no Version, so IAM applies 2008-10-17 and treats them as literal text".into(),
                    "add \"Version\": \"2012-10-17\"",
                );
            }
        }
        Some(other) => ctx.push(
            Severity::Error,
            "invalid-version",
            "Version",
            format!("Version {other} is not a policy language version"),
            "set \"Version\": \"2012-10-17\"",
        ),
    }
}

/// The policy's size against IAM's limits (a trust policy's quota, a managed policy's).
fn check_size(ctx: &mut Ctx<'_>, policy: &Value, is_trust: bool) {
    let size = limits::iam_size(policy);
    if is_trust {
        if size > limits::TRUST_MAX {
            ctx.push(Severity::Error, "policy-size", "", format!("the trust policy is {size} characters; IAM allows at most {} even after a quota increase", limits::TRUST_MAX), "split the workloads over several roles or scope with fewer values");
        } else if size > limits::TRUST_DEFAULT {
            ctx.push(
                Severity::Warning,
                "policy-size",
                "",
                format!(
                    "the trust policy is {size} characters, over IAM's default limit of {}",
                    limits::TRUST_DEFAULT
                ),
                format!(
                    "request a Service Quotas increase (up to {}) or shorten it",
                    limits::TRUST_MAX
                ),
            );
        }
    } else if size > limits::MANAGED {
        ctx.push(
            Severity::Error,
            "policy-size",
            "",
            format!("the policy is {size} characters, over IAM's {}-character limit for managed policies", limits::MANAGED),
            format!("split it into several policies (inline policies of one role may total {} characters)", limits::INLINE_TOTAL),
        );
    }
}

fn strings(value: &Value) -> Vec<(String, &str)> {
    match value {
        Value::String(s) => vec![(String::new(), s.as_str())],
        Value::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.as_str().map(|s| (format!("[{i}]"), s)))
            .collect(),
        _ => Vec::new(),
    }
}

fn check_actions(ctx: &mut Ctx<'_>, obj: &serde_json::Map<String, Value>) -> Vec<String> {
    let field = if obj.contains_key("Action") {
        "Action"
    } else {
        "NotAction"
    };
    let Some(value) = obj.get(field) else {
        ctx.push(
            Severity::Error,
            "invalid-statement",
            "Action",
            "the statement has no Action or NotAction".into(),
            "add \"Action\": [\"SERVICE:ACTION\", ...]",
        );
        return Vec::new();
    };
    check_no_variables(
        ctx,
        value,
        field,
        "variable-in-action",
        "IAM does not substitute variables in actions; list the actions literally",
    );
    let mut out = Vec::new();
    for (suffix, action) in strings(value) {
        let well_formed = action == "*"
            || action.split_once(':').is_some_and(|(svc, name)| {
                !svc.is_empty()
                    && !name.is_empty()
                    && svc.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if !well_formed && !action.contains("${") {
            ctx.push(
                Severity::Error,
                "invalid-statement",
                format!("{field}{suffix}"),
                format!("{action:?} is not an action of the form SERVICE:ACTION"),
                "write actions as service prefix, colon, action name, e.g. \"s3:GetObject\"",
            );
        }
        if field == "Action" {
            out.push(action.to_string());
        }
    }
    out
}

fn check_no_variables(
    ctx: &mut Ctx<'_>,
    value: &Value,
    field: &str,
    rule: &'static str,
    hint: &str,
) {
    walk_strings(value, field.to_string(), &mut |path, s| {
        if s.contains("${") {
            ctx.push(
                Severity::Error,
                rule,
                path,
                format!("{s:?} uses a policy variable in {field}"),
                hint,
            );
        }
    });
}

fn walk_strings(value: &Value, path: String, f: &mut dyn FnMut(String, &str)) {
    match value {
        Value::String(s) => f(path, s),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk_strings(v, format!("{path}[{i}]"), f);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                let child = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk_strings(v, child, f);
            }
        }
        _ => {}
    }
}

fn contains_variable(value: &Value) -> bool {
    let mut found = false;
    walk_strings(value, String::new(), &mut |_, s| found |= s.contains("${"));
    found
}

fn is_pods_principal(obj: &serde_json::Map<String, Value>) -> bool {
    obj.get("Principal")
        .and_then(|p| p.get("Service"))
        .is_some_and(|s| strings(s).iter().any(|(_, v)| *v == PODS_PRINCIPAL))
}

/// The forms IAM accepts for a resource policy's principal: a string Principal is `"*"` only
/// (anything else goes in `{"AWS": …}`), and NotPrincipal works only with Deny ("NotPrincipal
/// … is not supported with Allow", IAM UG reference_policies_elements_notprincipal.html;
/// reference_policies_elements_principal.html).
fn check_principal_forms(
    ctx: &mut Ctx<'_>,
    obj: &serde_json::Map<String, Value>,
    effect: Option<&str>,
) {
    if let Some(Value::String(p)) = obj.get("Principal")
        && p != "*"
    {
        let hint = if p.starts_with("arn:") {
            format!("write \"Principal\": {{\"AWS\": {p:?}}}")
        } else {
            "write \"Principal\": \"*\" or name the principal by kind, e.g. {\"AWS\": \"arn:aws:iam::111122223333:root\"} or {\"Service\": \"pods.eks.amazonaws.com\"}".to_string()
        };
        ctx.push(
            Severity::Error,
            "invalid-principal",
            "Principal",
            format!("Principal is the string {p:?}: IAM accepts only \"*\" as a string Principal"),
            hint,
        );
    }
    if effect == Some("Allow") && obj.contains_key("NotPrincipal") {
        ctx.push(
            Severity::Error,
            "invalid-principal",
            "NotPrincipal",
            "NotPrincipal with Allow is not supported by IAM".into(),
            "name who is allowed in Principal, or use NotPrincipal in a Deny statement",
        );
    }
}

/// Whether a service principal is `SERVICE.amazonaws.com` (or `.amazonaws.com.cn`) for a
/// service prefix of IAM's catalogue (`logs`, `sns`, `sqs`, `ecs`, `ecr`, `rds`, …): a real
/// service, not a misspelling of a near one.
fn is_catalogue_service_principal(lower: &str) -> bool {
    let name = lower
        .strip_suffix(".amazonaws.com")
        .or_else(|| lower.strip_suffix(".amazonaws.com.cn"));
    name.is_some_and(|n| {
        !n.is_empty() && !n.contains('.') && super::catalogue::prefixes().any(|p| p == n)
    })
}

fn check_principals(ctx: &mut Ctx<'_>, principal: &Value, field: &str) {
    let Some(services) = principal.get("Service") else {
        return;
    };
    for (suffix, svc) in strings(services) {
        let path = format!("{field}.Service{suffix}");
        if KNOWN_SERVICE_PRINCIPALS.contains(&svc) {
            continue;
        }
        let lower = svc.to_ascii_lowercase();
        if is_catalogue_service_principal(&lower) {
            continue;
        }
        let nearest = KNOWN_SERVICE_PRINCIPALS
            .iter()
            .map(|k| (strsim::damerau_levenshtein(&lower, k), *k))
            .filter(|(d, _)| *d <= 3)
            .min_by_key(|(d, _)| *d)
            .map(|(_, k)| k)
            .or_else(|| (lower.contains("pod") && lower.contains("eks")).then_some(PODS_PRINCIPAL));
        if let Some(suggestion) = nearest {
            ctx.push(
                Severity::Error,
                "misspelled-principal",
                path,
                format!("service principal {svc:?} is not a known service principal"),
                format!("did you mean {suggestion:?}?"),
            );
        } else if !(lower.ends_with(".amazonaws.com") || lower.ends_with(".amazonaws.com.cn")) {
            ctx.push(
                Severity::Warning,
                "misspelled-principal",
                path,
                format!("service principal {svc:?} does not end in .amazonaws.com"),
                "service principals look like SERVICE.amazonaws.com; for Pod Identity it is \"pods.eks.amazonaws.com\"",
            );
        }
    }
}

/// Finds `${aws:PrincipalTag/KEY}` in any string and `aws:PrincipalTag/KEY` / `aws:RequestTag/KEY`
/// condition keys, and checks KEY against the session tags.
fn check_tag_references(ctx: &mut Ctx<'_>, statement: &Value, path: &str, pods_trust: bool) {
    let mut refs: Vec<(String, String, &'static str)> = Vec::new(); // (field, key, kind)
    let mut malformed: Vec<(String, String)> = Vec::new();
    walk_strings(statement, path.to_string(), &mut |field, s| {
        let mut rest = s;
        while let Some(start) = rest.find("${") {
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                malformed.push((field.clone(), s.to_string()));
                break;
            };
            // IAM's default-value form: ${aws:PrincipalTag/key, 'default'}.
            let var = after[..end].split(',').next().unwrap_or_default().trim();
            if let Some(key) = strip_prefix_ci(var, "aws:PrincipalTag/") {
                refs.push((field.clone(), key.to_string(), "variable"));
            }
            rest = &after[end + 1..];
        }
    });
    if let Some(Value::Object(ops)) = statement.get("Condition") {
        for (op, keys) in ops {
            let Value::Object(keys) = keys else { continue };
            for key in keys.keys() {
                let field = format!("Condition.{op}.{key}");
                if let Some(tag) = strip_prefix_ci(key, "aws:PrincipalTag/") {
                    refs.push((field, tag.to_string(), "principal-key"));
                } else if pods_trust && let Some(tag) = strip_prefix_ci(key, "aws:RequestTag/") {
                    refs.push((field, tag.to_string(), "request-key"));
                }
            }
        }
    }
    for (field, s) in malformed {
        ctx.push(
            Severity::Error,
            "malformed-variable",
            field,
            format!("{s:?} opens a variable with '${{' but never closes it"),
            "close the variable with '}', e.g. ${aws:PrincipalTag/kubernetes-namespace}",
        );
    }
    for (field, key, kind) in refs {
        if SESSION_TAGS.iter().any(|t| t.eq_ignore_ascii_case(&key)) {
            continue;
        }
        let shown = match kind {
            "variable" => format!("${{aws:PrincipalTag/{key}}}"),
            "principal-key" => format!("aws:PrincipalTag/{key}"),
            _ => format!("aws:RequestTag/{key}"),
        };
        match tags::nearest_session_tag(&key) {
            Some(near) => ctx.push(
                Severity::Error,
                "unknown-session-tag",
                field,
                format!("{shown}: {key:?} is not an EKS Pod Identity session tag, so it never matches"),
                format!("did you mean {near:?}?"),
            ),
            None if kind == "request-key" => ctx.push(
                Severity::Error,
                "unknown-session-tag",
                field,
                format!("{shown}: EKS Pod Identity never sends the tag {key:?}, so this condition never matches"),
                format!("the tags EKS sends are: {}", SESSION_TAGS.join(", ")),
            ),
            None => ctx.push(
                Severity::Warning,
                "unknown-session-tag",
                field,
                format!("{shown}: {key:?} is not an EKS Pod Identity session tag; it resolves only if the role itself carries that tag"),
                format!("the session tags are: {}", SESSION_TAGS.join(", ")),
            ),
        }
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    (s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix))
    .then(|| &s[prefix.len()..])
}

fn check_write_on_any_resource(
    ctx: &mut Ctx<'_>,
    obj: &serde_json::Map<String, Value>,
    actions: &[String],
) {
    let Some(resource) = obj.get("Resource") else {
        return;
    };
    if !strings(resource).iter().any(|(_, r)| *r == "*") {
        return;
    }
    let writes: Vec<&str> = actions
        .iter()
        .map(String::as_str)
        .filter(|a| is_write_action(a))
        .collect();
    if !writes.is_empty() {
        ctx.push(
            Severity::Warning,
            "write-on-any-resource",
            "Resource",
            format!("write actions ({}) are allowed on every resource (\"*\")", writes.join(", ")),
            "name the resources the workload writes to, e.g. with ${aws:PrincipalTag/kubernetes-namespace} in the ARN (`epi policy abac --list`)",
        );
    }
}

/// What a policy is for: identity policies need Resource; trust policies name a Principal and no
/// Resource; resource policies (a bucket's, a key's) name both, and their `"Resource": "*"` means
/// the resource itself, not everything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Identity,
    Trust,
    Resource,
}

impl Kind {
    /// From the statements: no Principal is an identity policy; a Principal with a Resource is a
    /// resource policy; a Principal without one is a role's trust policy.
    pub fn detect(statements: &[&Value]) -> Kind {
        let principal = statements
            .iter()
            .any(|s| s.get("Principal").is_some() || s.get("NotPrincipal").is_some());
        let resource = statements
            .iter()
            .any(|s| s.get("Resource").is_some() || s.get("NotResource").is_some());
        match (principal, resource) {
            (false, _) => Kind::Identity,
            (true, true) => Kind::Resource,
            (true, false) => Kind::Trust,
        }
    }

    /// The kind's name in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Identity => "identity",
            Kind::Trust => "trust",
            Kind::Resource => "resource",
        }
    }

    /// A policy that sits where a resource's policy does (`--resource-policy`, a VPC endpoint
    /// policy): a role's trust without Resource, else a resource policy, never an identity
    /// policy, so a statement without a Principal is reported (IAM refuses such a document:
    /// "Control access to VPC endpoints using endpoint policies", PrivateLink guide; IAM UG
    /// reference_policies_elements_principal.html).
    pub fn of_resource_side(policy: &Value) -> Kind {
        let statements: Vec<&Value> = match policy.get("Statement") {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(v @ Value::Object(_)) => vec![v],
            _ => Vec::new(),
        };
        let resource = statements
            .iter()
            .any(|s| s.get("Resource").is_some() || s.get("NotResource").is_some());
        if resource {
            Kind::Resource
        } else {
            Kind::Trust
        }
    }
}

const TOP_LEVEL_KEYS: &[&str] = &["Version", "Id", "Statement"];
const STATEMENT_KEYS: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];
/// Global condition keys that hold one value (a set operator on them is a mistake).
const SINGLE_VALUED_KEYS: &[&str] = &[
    "aws:principalarn",
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceip",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:userid",
    "aws:username",
    "aws:securetransport",
    "aws:currenttime",
    "aws:epochtime",
    "aws:requestedregion",
    "aws:principaltype",
    "aws:resourceaccount",
];
/// IAM actions that let a caller give itself more rights (on `*`, any role or policy).
const ESCALATION: &[&str] = &[
    "iam:PassRole",
    "iam:CreateRole",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:CreatePolicyVersion",
    "iam:UpdateAssumeRolePolicy",
];

/// How many did-you-mean suggestions one document gets: each costs a distance to every name of
/// a service, so a document of 185,000 unknown actions took minutes (issue #31); past this many
/// the finding names the reference instead.
const MAX_SUGGESTIONS: usize = 100;

fn did_you_mean(word: &str, known: &[&str]) -> Option<String> {
    crate::suggest::nearest(word, known).map(str::to_string)
}

impl Ctx<'_> {
    /// A did-you-mean, while the document's budget of suggestions lasts.
    fn suggest(&mut self, word: &str, known: &[&str]) -> Option<String> {
        if self.suggestions >= MAX_SUGGESTIONS {
            return None;
        }
        self.suggestions += 1;
        did_you_mean(word, known)
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The grammar IAM itself enforces: keys, element counts, value types, Sids, operators,
/// characters.
fn check_grammar<'a>(ctx: &mut Ctx<'a>, policy: &Value, statements: &[&'a Value], kind: Kind) {
    ctx.statement = None;
    ctx.sid = None;
    if let Some(obj) = policy.as_object() {
        for key in obj.keys() {
            if !TOP_LEVEL_KEYS.contains(&key.as_str()) {
                unknown_key(
                    ctx,
                    key,
                    TOP_LEVEL_KEYS,
                    "a policy has only Version, Id and Statement",
                );
            }
        }
    }
    walk_strings(policy, String::new(), &mut |path, s| {
        if let Some(c) = s
            .chars()
            .find(|c| !matches!(*c, '\t' | '\n' | '\r' | '\u{20}'..='\u{ff}'))
        {
            ctx.push(
                Severity::Error,
                "invalid-character",
                path,
                format!("{s:?} contains {:?} (U+{:04X}), which IAM rejects: it accepts tab, line feed, carriage return and U+0020 to U+00FF", c, c as u32),
                "remove the character or spell it in ASCII",
            );
        }
    });
    let mut sids: Vec<&str> = Vec::new();
    for (i, st) in statements.iter().enumerate() {
        let Some(obj) = st.as_object() else { continue };
        ctx.statement = Some(i);
        ctx.sid = obj.get("Sid").and_then(Value::as_str);
        for key in obj.keys() {
            if !STATEMENT_KEYS.contains(&key.as_str()) {
                unknown_key(
                    ctx,
                    key,
                    STATEMENT_KEYS,
                    "a statement has only Sid, Effect, Principal/NotPrincipal, Action/NotAction, Resource/NotResource and Condition",
                );
            }
        }
        match obj.get("Sid") {
            None => {}
            Some(Value::String(sid)) => {
                if sids.contains(&sid.as_str()) {
                    ctx.push(Severity::Error, "duplicate-sid", "Sid", format!("Sid {sid:?} is used by an earlier statement; IAM requires Sids to be unique"), "give each statement its own Sid");
                }
                sids.push(sid);
                if kind != Kind::Resource && !sid.chars().all(|c| c.is_ascii_alphanumeric()) {
                    ctx.push(Severity::Error, "invalid-sid", "Sid", format!("Sid {sid:?} has characters other than ASCII letters and digits, which IAM rejects in identity and trust policies"), "use letters and digits only, e.g. \"ReadOwnPrefix\"");
                }
            }
            Some(other) => ctx.push(
                Severity::Error,
                "invalid-value",
                "Sid",
                format!("Sid is {}, not a string", json_type(other)),
                "write the Sid as a string",
            ),
        }
        if let Some(effect) = obj.get("Effect")
            && !effect.is_string()
        {
            ctx.push(
                Severity::Error,
                "invalid-value",
                "Effect",
                format!("Effect is {}, not a string", json_type(effect)),
                "write \"Effect\": \"Allow\" or \"Deny\"",
            );
        }
        // A missing Action is reported by check_actions (invalid-statement); here only both.
        exactly_one(ctx, obj, "Action", "NotAction", false);
        match kind {
            Kind::Identity => exactly_one(ctx, obj, "Resource", "NotResource", true),
            Kind::Resource => exactly_one(ctx, obj, "Resource", "NotResource", false),
            Kind::Trust => {
                for field in ["Resource", "NotResource"] {
                    if obj.contains_key(field) {
                        ctx.push(Severity::Error, "missing-element", field, format!("a role's trust policy has no {field}: IAM rejects it (\"Has prohibited field Resource\")"), format!("remove {field}; the role itself is the resource"));
                    }
                }
            }
        }
        if kind != Kind::Identity
            && !obj.contains_key("Principal")
            && !obj.contains_key("NotPrincipal")
        {
            ctx.push(
                Severity::Error,
                "missing-element",
                "Principal",
                "the statement names no Principal, which trust and resource policies need".into(),
                "add the Principal, e.g. {\"Service\": \"pods.eks.amazonaws.com\"}",
            );
        }
        if kind == Kind::Identity {
            for field in ["Principal", "NotPrincipal"] {
                if obj.contains_key(field) {
                    ctx.push(
                        Severity::Error,
                        "missing-element",
                        field,
                        format!("an identity policy has no {field}"),
                        format!("remove {field}, or lint it with --kind trust or --kind resource"),
                    );
                }
            }
        }
        for field in ["Action", "NotAction", "Resource", "NotResource"] {
            if let Some(v) = obj.get(field) {
                string_or_list(ctx, v, field);
            }
        }
        if let Some(cond) = obj.get("Condition") {
            check_condition(ctx, cond);
        }
    }
}

fn unknown_key(ctx: &mut Ctx<'_>, key: &str, known: &[&str], what: &str) {
    let hint = match did_you_mean(key, known) {
        Some(k) => format!(
            "did you mean {k:?}? IAM rejects unknown keys, and a misspelt Condition would otherwise be lost"
        ),
        None => format!("remove it: {what}"),
    };
    ctx.push(
        Severity::Error,
        "unknown-key",
        key,
        format!("{key:?} is not a key IAM knows here"),
        hint,
    );
}

fn exactly_one(
    ctx: &mut Ctx<'_>,
    obj: &serde_json::Map<String, Value>,
    a: &str,
    b: &str,
    required: bool,
) {
    match (obj.contains_key(a), obj.contains_key(b)) {
        (true, true) => ctx.push(
            Severity::Error,
            "missing-element",
            b,
            format!("the statement has both {a} and {b}; IAM takes exactly one"),
            format!("keep {a} (or {b}), not both"),
        ),
        (false, false) if required => ctx.push(
            Severity::Error,
            "missing-element",
            a,
            format!("the statement has neither {a} nor {b}"),
            format!("add \"{a}\""),
        ),
        _ => {}
    }
}

fn string_or_list(ctx: &mut Ctx<'_>, v: &Value, field: &str) {
    match v {
        Value::String(_) => {}
        Value::Array(items) if items.is_empty() => ctx.push(
            Severity::Error,
            "invalid-value",
            field,
            format!("{field} is an empty list"),
            format!("list at least one value in {field}, or remove the statement"),
        ),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if !item.is_string() {
                    ctx.push(
                        Severity::Error,
                        "invalid-value",
                        format!("{field}[{i}]"),
                        format!("{field}[{i}] is {}, not a string", json_type(item)),
                        format!("write each value of {field} as a string"),
                    );
                }
            }
        }
        other => ctx.push(
            Severity::Error,
            "invalid-value",
            field,
            format!(
                "{field} is {}, not a string or a list of strings",
                json_type(other)
            ),
            format!("write {field} as \"VALUE\" or [\"VALUE\", ...]"),
        ),
    }
}

/// The operator without `ForAnyValue:`/`ForAllValues:` and `IfExists`, and whether it is known.
fn operator_parts(op: &str) -> (Option<&str>, &str, bool) {
    let (set, rest) = match op.split_once(':') {
        Some((set @ ("ForAnyValue" | "ForAllValues"), rest)) => (Some(set), rest),
        _ => (None, op),
    };
    let (base, if_exists) = match rest.strip_suffix("IfExists") {
        Some(base) if base != "Null" => (base, true),
        _ => (rest, false),
    };
    (set, base, if_exists)
}

fn check_condition(ctx: &mut Ctx<'_>, cond: &Value) {
    let Value::Object(ops) = cond else {
        ctx.push(
            Severity::Error,
            "invalid-value",
            "Condition",
            format!(
                "Condition is {}, not an object of operators",
                json_type(cond)
            ),
            "write {\"StringEquals\": {\"KEY\": \"VALUE\"}}",
        );
        return;
    };
    for (op, keys) in ops {
        let field = format!("Condition.{op}");
        let (set, base, _) = operator_parts(op);
        if !super::eval::condition::is_operator(op) {
            let suggestion = did_you_mean(base, super::eval::condition::OPERATORS)
                .map(|s| format!("did you mean {:?}?", op.replace(base, &s)))
                .unwrap_or_else(|| "use one of IAM's condition operators, e.g. StringEquals, StringLike, ArnLike, Bool".into());
            ctx.push(
                Severity::Error,
                "unknown-condition-operator",
                field.clone(),
                format!("{op:?} is not an IAM condition operator"),
                suggestion,
            );
        }
        let Value::Object(keys) = keys else {
            ctx.push(
                Severity::Error,
                "invalid-value",
                field,
                format!(
                    "{op} holds {}, not an object of condition keys",
                    json_type(keys)
                ),
                "write {\"KEY\": \"VALUE\"} under the operator",
            );
            continue;
        };
        for (key, value) in keys {
            let path = format!("{field}.{key}");
            let ok = |v: &Value| matches!(v, Value::String(_) | Value::Bool(_) | Value::Number(_));
            match value {
                Value::Array(items) if items.is_empty() => ctx.push(
                    Severity::Error,
                    "invalid-value",
                    path.clone(),
                    format!("{key} has an empty list of values"),
                    "give at least one value",
                ),
                Value::Array(items) if !items.iter().all(ok) => ctx.push(
                    Severity::Error,
                    "invalid-value",
                    path.clone(),
                    format!("{key} has values that are not strings, numbers or booleans"),
                    "list plain values",
                ),
                v if !v.is_array() && !ok(v) => ctx.push(
                    Severity::Error,
                    "invalid-value",
                    path.clone(),
                    format!("{key} is {}, not a value or a list of values", json_type(v)),
                    "write \"KEY\": \"VALUE\" or [\"V1\", \"V2\"]",
                ),
                _ => {}
            }
            let lower = key.to_ascii_lowercase();
            if let Some(set) = set
                && (lower.starts_with("aws:principaltag/")
                    || lower.starts_with("aws:requesttag/")
                    || lower.starts_with("aws:resourcetag/")
                    || SINGLE_VALUED_KEYS.contains(&lower.as_str()))
            {
                ctx.push(
                    Severity::Warning,
                    "set-operator-on-single-value",
                    path,
                    format!(
                        "{set}: is for keys with several values, but {key} has one: {}",
                        if set == "ForAllValues" {
                            "ForAllValues is also true when the key is absent"
                        } else {
                            "the operator adds nothing"
                        }
                    ),
                    format!(
                        "use {} without {set}:",
                        op.split_once(':').map_or(op.as_str(), |(_, r)| r)
                    ),
                );
            }
        }
    }
}

/// The trust-policy checks beyond grammar: who may assume the role, and on what conditions.
fn check_trust<'a>(ctx: &mut Ctx<'a>, statements: &[&'a Value]) {
    for (i, st) in statements.iter().enumerate() {
        let Some(obj) = st.as_object() else { continue };
        if obj.get("Effect").and_then(Value::as_str) != Some("Allow") {
            continue;
        }
        ctx.statement = Some(i);
        ctx.sid = obj.get("Sid").and_then(Value::as_str);
        let cond_keys: Vec<(String, String)> = match obj.get("Condition") {
            Some(Value::Object(ops)) => ops
                .iter()
                .flat_map(|(op, keys)| {
                    keys.as_object()
                        .into_iter()
                        .flat_map(|k| k.keys())
                        .map(move |k| (op.clone(), k.clone()))
                })
                .collect(),
            _ => Vec::new(),
        };
        let anyone = match obj.get("Principal") {
            Some(Value::String(s)) => s == "*",
            Some(p) => p
                .get("AWS")
                .is_some_and(|a| strings(a).iter().any(|(_, v)| *v == "*")),
            None => false,
        };
        if anyone {
            let only_request_tags = cond_keys
                .iter()
                .all(|(_, k)| k.to_ascii_lowercase().starts_with("aws:requesttag/"));
            if only_request_tags {
                ctx.push(Severity::Error, "unrestricted-principal", "Principal", if cond_keys.is_empty() { "any AWS principal of any account may assume the role".into() } else { "any AWS principal of any account may assume the role by passing the request tags the condition asks for".into() }, "name the principal (the account's root, a role ARN, or {\"Service\": \"pods.eks.amazonaws.com\"}), or require aws:PrincipalArn / aws:PrincipalOrgID / sts:ExternalId");
            }
        }
        if is_pods_principal(obj) {
            for (op, key) in &cond_keys {
                let lower = key.to_ascii_lowercase();
                if lower.starts_with("aws:principaltag/") {
                    ctx.push(Severity::Error, "principal-tag-in-trust", format!("Condition.{op}.{key}"), format!("{key} never matches in a {PODS_PRINCIPAL} trust policy: the session tags are request tags there"), format!("use aws:RequestTag/{}", &key["aws:PrincipalTag/".len()..]));
                }
                if lower.starts_with("aws:requesttag/") && op.ends_with("IfExists") {
                    ctx.push(Severity::Warning, "request-tag-if-exists", format!("Condition.{op}.{key}"), format!("{op} on {key} is true when the tag is absent, so a session without it is not held to the condition"), format!("use {} without IfExists", op.trim_end_matches("IfExists")));
                }
            }
        }
        let web_identity = obj.get("Action").is_some_and(|a| {
            strings(a)
                .iter()
                .any(|(_, v)| action_matches(v, "sts:AssumeRoleWithWebIdentity"))
        });
        let federated_oidc = obj
            .get("Principal")
            .and_then(|p| p.get("Federated"))
            .is_some_and(|f| {
                strings(f)
                    .iter()
                    .any(|(_, v)| v.contains(":oidc-provider/"))
            });
        if web_identity && federated_oidc {
            let has = |suffix: &str| cond_keys.iter().any(|(_, k)| k.ends_with(suffix));
            if !has(":sub") {
                ctx.push(Severity::Error, "irsa-missing-sub", "Condition", "the IRSA statement has no :sub condition: every service account of the cluster may assume the role".into(), "add \"StringEquals\": {\"PROVIDER:sub\": \"system:serviceaccount:NAMESPACE:NAME\"}");
            }
            if !has(":aud") {
                ctx.push(Severity::Warning, "irsa-missing-aud", "Condition", "the IRSA statement has no :aud condition: tokens minted for another audience are accepted".into(), "add \"StringEquals\": {\"PROVIDER:aud\": \"sts.amazonaws.com\"}");
            }
        }
    }
}

/// Whether a Resource value means every resource: `*`, `arn:*`, or an ARN with wildcards for
/// service and resource.
fn means_everything(resource: &str) -> bool {
    if resource == "*" || resource == "arn:*" {
        return true;
    }
    let parts: Vec<&str> = resource.splitn(6, ':').collect();
    parts.len() == 6 && parts[0] == "arn" && parts[2] == "*" && parts[5] == "*"
}

/// Grants that amount to "everything": NotAction/NotResource with Allow, `*` on `*`, and the
/// IAM actions that let a workload raise its own rights.
fn check_broad_grants(ctx: &mut Ctx<'_>, obj: &serde_json::Map<String, Value>, actions: &[String]) {
    if obj.get("Effect").and_then(Value::as_str) != Some("Allow") {
        return;
    }
    if obj.contains_key("NotAction") {
        ctx.push(
            Severity::Warning,
            "allow-not-action",
            "NotAction",
            "Allow with NotAction allows every action not listed, including actions AWS adds later"
                .into(),
            "list the allowed actions with Action instead",
        );
    }
    if obj.contains_key("NotResource") {
        ctx.push(Severity::Warning, "allow-not-resource", "NotResource", "Allow with NotResource allows every resource not listed, including resources created later".into(), "list the allowed resources with Resource instead");
    }
    let on_everything = obj.contains_key("NotResource")
        || obj
            .get("Resource")
            .is_some_and(|r| strings(r).iter().any(|(_, v)| means_everything(v)));
    if !on_everything {
        return;
    }
    let all_actions = obj.contains_key("NotAction") || actions.iter().any(|a| a == "*");
    if all_actions {
        ctx.push(Severity::Error, "full-admin", "Action", "the statement allows every action on every resource".into(), "list the actions and resources the workload needs (`epi policy abac --list` for per-namespace ones)");
        return;
    }
    let escalation: Vec<&str> = ESCALATION
        .iter()
        .copied()
        .filter(|e| actions.iter().any(|a| action_matches(a, e)))
        .collect();
    if !escalation.is_empty() {
        ctx.push(Severity::Error, "privilege-escalation", "Action", format!("{} on every resource lets the workload give itself any permission", escalation.join(", ")), "name the roles and policies in Resource (e.g. arn:aws:iam::ACCOUNT:role/app-*), and add iam:PassedToService for iam:PassRole");
    }
    if actions.iter().any(|a| action_matches(a, "sts:AssumeRole")) {
        ctx.push(Severity::Warning, "assume-any-role", "Action", "sts:AssumeRole on every resource lets the workload assume any role that trusts its account".into(), "name the roles it assumes in Resource");
    }
}

/// JSON keys given twice in one object: serde keeps the last, IAM refuses the document.
pub fn duplicate_keys(text: &str) -> Vec<String> {
    use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
    use std::cell::RefCell;

    struct Walk<'a> {
        path: String,
        found: &'a RefCell<Vec<String>>,
    }
    impl<'de> DeserializeSeed<'de> for Walk<'_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }
    impl<'de> Visitor<'de> for Walk<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("JSON")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut seen = std::collections::HashSet::new();
            while let Some(key) = map.next_key::<String>()? {
                let path = if self.path.is_empty() {
                    key.clone()
                } else {
                    format!("{}.{key}", self.path)
                };
                if !seen.insert(key) {
                    self.found.borrow_mut().push(path.clone());
                }
                map.next_value_seed(Walk {
                    path,
                    found: self.found,
                })?;
            }
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let mut i = 0;
            while seq
                .next_element_seed(Walk {
                    path: format!("{}[{i}]", self.path),
                    found: self.found,
                })?
                .is_some()
            {
                i += 1;
            }
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_string<E>(self, _: String) -> Result<(), E> {
            Ok(())
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
    }
    let found = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    let _ = Walk {
        path: String::new(),
        found: &found,
    }
    .deserialize(&mut de);
    found.into_inner()
}

/// Checks against IAM's catalogue (src/policy/catalogue.rs): actions that do not exist, condition
/// keys the statement's actions do not support, resource ARNs that fit none of their resource
/// types, and malformed ARNs.
fn check_catalogue(ctx: &mut Ctx<'_>, obj: &serde_json::Map<String, Value>) {
    use super::catalogue;
    let mut services: std::collections::BTreeMap<String, Option<&'static catalogue::Service>> =
        std::collections::BTreeMap::new();
    let mut resolved: Vec<(&'static str, &'static catalogue::Action)> = Vec::new(); // (service prefix, action)
    let mut open_ended = obj.contains_key("NotAction");
    for field in ["Action", "NotAction"] {
        let Some(value) = obj.get(field) else {
            continue;
        };
        for (suffix, action) in strings(value) {
            if action == "*" {
                open_ended = true;
                continue;
            }
            let Some((prefix, name)) = action.split_once(':') else {
                continue;
            };
            if action.contains("${") || prefix.contains(['*', '?']) {
                open_ended = true;
                continue;
            }
            let service = services
                .entry(prefix.to_ascii_lowercase())
                .or_insert_with(|| catalogue::service(prefix));
            let path = format!("{field}{suffix}");
            let Some(service) = service else {
                let known: Vec<&str> = catalogue::prefixes().collect();
                let suggestion = ctx.suggest(prefix, &known);
                ctx.push(
                    Severity::Error,
                    "unknown-action",
                    path,
                    format!("{action:?}: no AWS service has the prefix {prefix:?}"),
                    suggestion
                        .map(|p| format!("did you mean \"{p}:{name}\"?"))
                        .unwrap_or_else(|| {
                            "check the service prefix in the AWS Service Authorization Reference"
                                .into()
                        }),
                );
                continue;
            };
            if name.contains(['*', '?']) {
                let matched = service.matching(name);
                if matched.is_empty() {
                    ctx.push(
                        Severity::Error,
                        "unknown-action",
                        path,
                        format!("{action:?} matches no action of {}", service.prefix),
                        "check the spelling of the pattern",
                    );
                }
                open_ended |= matched.len() > 1 && field == "Action" && name == "*";
                if field == "Action" {
                    resolved.extend(matched.into_iter().map(|a| (service.prefix, a)));
                }
                continue;
            }
            match service.action(name) {
                Some(a) => {
                    if field == "Action" {
                        resolved.push((service.prefix, a));
                    }
                }
                None => {
                    let names: Vec<&str> = service.actions.iter().map(|a| a.name).collect();
                    let suggestion = ctx.suggest(name, &names);
                    ctx.push(
                        Severity::Error,
                        "unknown-action",
                        path,
                        format!("{action:?} is not an action of {}", service.prefix),
                        suggestion
                            .map(|n| format!("did you mean \"{}:{n}\"?", service.prefix))
                            .unwrap_or_else(|| format!("see the actions of {} in the AWS Service Authorization Reference", service.prefix)),
                    );
                }
            }
        }
    }
    if open_ended || resolved.is_empty() {
        return;
    }
    check_condition_keys(ctx, obj, &services, &resolved);
    check_resources(ctx, obj, &resolved);
}

/// Condition keys: global aws: keys always apply; a service key must be supported by at least one
/// of the statement's actions, or the condition can never be true for them.
fn check_condition_keys(
    ctx: &mut Ctx<'_>,
    obj: &serde_json::Map<String, Value>,
    services: &std::collections::BTreeMap<String, Option<&'static super::catalogue::Service>>,
    resolved: &[(&'static str, &'static super::catalogue::Action)],
) {
    use super::catalogue;
    if let Some(Value::Object(ops)) = obj.get("Condition") {
        for (op, keys) in ops {
            let Some(keys) = keys.as_object() else {
                continue;
            };
            for key in keys.keys() {
                let Some((prefix, _)) = key.split_once(':') else {
                    continue;
                };
                if prefix.eq_ignore_ascii_case("aws")
                    || !services.contains_key(&prefix.to_ascii_lowercase())
                        && catalogue::service(prefix).is_none()
                {
                    continue;
                }
                let supported = resolved.iter().any(|(_, a)| {
                    a.condition_keys
                        .iter()
                        .any(|k| catalogue::key_matches(k, key))
                });
                if !supported {
                    let names: Vec<String> = resolved
                        .iter()
                        .map(|(p, a)| format!("{p}:{}", a.name))
                        .take(4)
                        .collect();
                    ctx.push(
                        Severity::Warning,
                        "condition-key-not-applicable",
                        format!("Condition.{op}.{key}"),
                        format!("{key} is not a condition key of {}{}: the condition can never be met for them", names.join(", "), if resolved.len() > 4 { ", …" } else { "" }),
                        "use a key the actions support (the AWS Service Authorization Reference lists them per action), or an aws: global key",
                    );
                }
            }
        }
    }
}

/// Resource ARNs: each must fit a resource type of at least one action.
fn check_resources(
    ctx: &mut Ctx<'_>,
    obj: &serde_json::Map<String, Value>,
    resolved: &[(&'static str, &'static super::catalogue::Action)],
) {
    use super::catalogue;
    for field in ["Resource", "NotResource"] {
        let Some(value) = obj.get(field) else {
            continue;
        };
        for (suffix, resource) in strings(value) {
            let path = format!("{field}{suffix}");
            if !resource.starts_with("arn:") {
                continue;
            }
            let parts: Vec<&str> = resource.splitn(6, ':').collect();
            let partition_ok = parts.get(1).is_some_and(|p| {
                crate::validate::arn::PARTITIONS.contains(p) || p.contains(['*', '?', '$'])
            });
            if parts.len() != 6 || parts[2].is_empty() || !partition_ok {
                ctx.push(Severity::Error, "malformed-arn", path, format!("{resource:?} is not an ARN: arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE"), "write the ARN with all six parts (empty parts stay empty: arn:aws:s3:::bucket)");
                continue;
            }
            if field == "NotResource" || parts[2].contains(['*', '?', '$']) {
                continue;
            }
            let patterns: Vec<&str> = resolved
                .iter()
                .flat_map(|(prefix, a)| {
                    let service = catalogue::service(prefix);
                    a.resource_types
                        .iter()
                        .filter_map(move |(t, _)| service.as_ref().and_then(|s| s.arn_of(t)))
                        .collect::<Vec<_>>()
                })
                .collect();
            if patterns.is_empty() || patterns.iter().any(|p| arn_fits(p, resource)) {
                continue;
            }
            let mut shown: Vec<&str> = patterns.clone();
            shown.sort_unstable();
            shown.dedup();
            ctx.push(
                Severity::Warning,
                "resource-mismatch",
                path,
                format!("{resource:?} fits none of the resource types of the statement's actions ({})", shown.iter().take(3).copied().collect::<Vec<_>>().join(", ")),
                "name a resource of the kind the actions work on (e.g. arn:aws:s3:::BUCKET/* for object actions, arn:aws:s3:::BUCKET for bucket actions)",
            );
        }
    }
}

/// Whether an ARN a policy names could be of the resource type whose pattern is given (patterns
/// use `${Var}` placeholders). Wildcards and variables in the policy's ARN fit anything from
/// where they start.
fn arn_fits(pattern: &str, arn: &str) -> bool {
    let p: Vec<&str> = pattern.splitn(6, ':').collect();
    let a: Vec<&str> = arn.splitn(6, ':').collect();
    if p.len() != 6 || a.len() != 6 {
        return true;
    }
    if !p[2].eq_ignore_ascii_case(a[2]) && !a[2].contains(['*', '?', '$']) {
        return false;
    }
    let (pr, ar) = (p[5], a[5]);
    let wild_at = ar.find(['*', '?', '$']).unwrap_or(ar.len());
    let literal = &pr[..pr.find("${").unwrap_or(pr.len())];
    // The resource type's literal start (table/, accesspoint/, key/…) must be there.
    let n = literal.len().min(wild_at);
    if !(ar.len() >= n && ar.is_char_boundary(n) && ar[..n].eq_ignore_ascii_case(&literal[..n])) {
        return false;
    }
    if wild_at < ar.len() {
        return true;
    }
    // No wildcard: a pattern that starts with a variable tells bucket from object by the '/'.
    if literal.is_empty() {
        return ar.contains('/') == pr.contains('/');
    }
    true
}

/// Whether an action (possibly with wildcards) can change something.
pub fn is_write_action(action: &str) -> bool {
    let Some((_, name)) = action.split_once(':') else {
        return action == "*";
    };
    let name = name.to_ascii_lowercase();
    if name.starts_with('*') {
        return true;
    }
    let stem = name.trim_end_matches('*');
    WRITE_VERBS
        .iter()
        .any(|verb| stem.starts_with(verb) || (name.ends_with('*') && verb.starts_with(stem)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rules(v: Value) -> Vec<(&'static str, Severity)> {
        lint(&v).into_iter().map(|f| (f.rule, f.severity)).collect()
    }

    #[test]
    fn clean_trust_policy() {
        let v =
            serde_json::to_value(crate::policy::trust::pod_identity(&Default::default()).unwrap())
                .unwrap();
        assert!(lint(&v).is_empty());
    }

    #[test]
    fn misspelled_session_tag_suggests_nearest() {
        let v = json!({"Version":"2012-10-17","Statement":[{"Sid":"S","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/kubernetes-namepsace}/*"}]});
        let f = lint(&v);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule, "unknown-session-tag");
        assert_eq!(f[0].severity, Severity::Error);
        assert!(f[0].hint.contains("kubernetes-namespace"));
        assert_eq!(f[0].field, "Resource");
        assert_eq!(f[0].location(), "Statement[0] (Sid \"S\") Resource");
    }

    #[test]
    fn role_tag_is_only_a_warning() {
        let v = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/team}/*"}]});
        assert_eq!(rules(v), vec![("unknown-session-tag", Severity::Warning)]);
    }

    #[test]
    fn condition_keys_are_checked() {
        let v = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"aws:RequestTag/kubernetes-service-acount":"app"}}}]});
        let f = lint(&v);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].hint.contains("kubernetes-service-account"));
        assert_eq!(
            f[0].field,
            "Condition.StringEquals.aws:RequestTag/kubernetes-service-acount"
        );
    }

    #[test]
    fn variables_need_the_2012_version() {
        let missing = json!({"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/kubernetes-namespace}/*"}]});
        assert_eq!(
            rules(missing),
            vec![("variables-need-version", Severity::Error)]
        );
        let old = json!({"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/kubernetes-namespace}/*"}]});
        assert_eq!(
            rules(old),
            vec![("variables-need-version", Severity::Error)]
        );
        let no_vars = json!({"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/x"}]});
        assert!(rules(no_vars).is_empty());
        let bad = json!({"Version":"2024-01-01","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/x"}]});
        assert_eq!(rules(bad), vec![("invalid-version", Severity::Error)]);
    }

    #[test]
    fn trust_without_tag_session_or_assume_role() {
        let v = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":"sts:AssumeRole"}]});
        let f = lint(&v);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("sts:TagSession"));
        let v = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:TagSession"]}]});
        assert!(lint(&v)[0].message.contains("sts:AssumeRole"));
        let wildcard = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":"sts:*"}]});
        assert!(lint(&wildcard).is_empty());
        // split over two statements is fine
        let split = json!({"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":"sts:AssumeRole"},
            {"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":"sts:TagSession"}]});
        assert!(lint(&split).is_empty());
    }

    #[test]
    fn misspelled_principal() {
        for bad in [
            "pod.eks.amazonaws.com",
            "pods.eks.amazonaws.con",
            "eks-pods.amazonaws.com",
            "pods.eks.amazon.com",
        ] {
            let v = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":bad},"Action":["sts:AssumeRole","sts:TagSession"]}]});
            let f = lint(&v);
            assert!(
                f.iter().any(|f| f.rule == "misspelled-principal"
                    && f.severity == Severity::Error
                    && f.hint.contains("pods.eks.amazonaws.com")),
                "{bad}: {f:?}"
            );
        }
        let other = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]});
        assert!(lint(&other).is_empty());
    }

    #[test]
    fn variables_in_principal_and_action() {
        let v = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${aws:PrincipalAccount}:root"},"Action":["sts:AssumeRole"]}]});
        assert!(rules(v).contains(&("variable-in-principal", Severity::Error)));
        let v = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:${aws:PrincipalTag/kubernetes-namespace}","Resource":"*"}]});
        assert!(rules(v).contains(&("variable-in-action", Severity::Error)));
    }

    #[test]
    fn sizes() {
        let big: Vec<String> = (0..400)
            .map(|i| format!("arn:aws:s3:::bucket-number-{i}/*"))
            .collect();
        let v = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":big}]});
        assert_eq!(rules(v), vec![("policy-size", Severity::Error)]);
        let ns: Vec<String> = (0..150).map(|i| format!("namespace-number-{i}")).collect();
        let v = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"aws:RequestTag/kubernetes-namespace":ns}}}]});
        assert_eq!(rules(v), vec![("policy-size", Severity::Warning)]);
    }

    #[test]
    fn write_on_any_resource() {
        let v = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],"Resource":"*"}]});
        let f = lint(&v);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(f[0].message.contains("s3:PutObject") && !f[0].message.contains("GetObject"));
        let read = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"}]});
        assert!(lint(&read).is_empty());
        let deny = json!({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]});
        assert!(lint(&deny).is_empty());
    }

    #[test]
    fn write_action_classification() {
        for w in [
            "s3:PutObject",
            "s3:*",
            "*",
            "dynamodb:BatchWriteItem",
            "iam:PassRole",
            "s3:Put*",
            "s3:De*",
        ] {
            assert!(is_write_action(w), "{w}");
        }
        for r in [
            "s3:GetObject",
            "s3:ListBucket",
            "s3:Get*",
            "sts:GetCallerIdentity",
            "dynamodb:Query",
        ] {
            assert!(!is_write_action(r), "{r}");
        }
    }

    #[test]
    fn invalid_statements() {
        let v = json!({"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"GetObject","Resource":"*"}]});
        let f = rules(v);
        assert_eq!(
            f,
            vec![
                ("invalid-statement", Severity::Error),
                ("invalid-statement", Severity::Error)
            ]
        );
        let v = json!({"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*"}});
        assert_eq!(rules(v), vec![("invalid-statement", Severity::Error)]);
    }

    #[test]
    fn malformed_variable() {
        let v = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/kubernetes-namespace/*"}]});
        assert_eq!(rules(v), vec![("malformed-variable", Severity::Error)]);
    }

    #[test]
    fn parse_rejects_non_policies() {
        assert!(parse("x", "not json").is_err());
        assert!(parse("x", "[]").is_err());
        assert!(parse("x", "{}").is_err());
        assert!(parse("x", r#"{"Statement": []}"#).is_err());
        assert!(parse("x", r#"{"Statement": 3}"#).is_err());
        assert!(parse("x", r#"{"Statement": {"Effect":"Allow"}}"#).is_ok());
        let err = parse("file.json", "{\n  \"a\": }").unwrap_err().to_string();
        assert!(err.contains("file.json") && err.contains("line 2"), "{err}");
    }

    #[test]
    fn parse_accepts_url_encoded() {
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D";
        let v = parse("x", encoded).unwrap();
        assert_eq!(v["Statement"][0]["Action"], json!("s3:GetObject"));
    }

    #[test]
    fn glob() {
        assert!(action_matches("sts:*", "sts:TagSession"));
        assert!(action_matches("STS:assumerole", "sts:AssumeRole"));
        assert!(action_matches("*", "sts:AssumeRole"));
        assert!(!action_matches("sts:Assume", "sts:AssumeRole"));
        assert!(action_matches("sts:Tag?ession", "sts:TagSession"));
    }

    fn has(v: Value, rule: &str) -> bool {
        lint(&v).iter().any(|f| f.rule == rule)
    }

    fn identity(statement: Value) -> Value {
        json!({"Version": "2012-10-17", "Statement": [statement]})
    }

    #[test]
    fn unknown_keys_with_did_you_mean() {
        let v = identity(
            json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condtion": {}}),
        );
        let f: Vec<Finding> = lint(&v)
            .into_iter()
            .filter(|f| f.rule == "unknown-key")
            .collect();
        assert_eq!(f.len(), 1);
        assert!(f[0].hint.contains("\"Condition\""), "{f:?}");
        assert!(has(
            json!({"Version": "2012-10-17", "Statment": [], "Statement": []}),
            "unknown-key"
        ));
        assert!(!has(
            identity(
                json!({"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})
            ),
            "unknown-key"
        ));
    }

    #[test]
    fn element_counts_by_kind() {
        assert!(has(
            identity(json!({"Effect": "Allow", "Action": "s3:GetObject"})),
            "missing-element"
        ));
        assert!(has(
            identity(
                json!({"Effect": "Allow", "Action": "s3:GetObject", "NotAction": "s3:PutObject", "Resource": "*"})
            ),
            "missing-element"
        ));
        assert!(has(
            identity(
                json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "NotResource": "x"})
            ),
            "missing-element"
        ));
        let trust_with_resource = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"], "Resource": "*"}]});
        assert!(
            lint_as(&trust_with_resource, Some(Kind::Trust))
                .iter()
                .any(|f| f.rule == "missing-element")
        );
        assert!(!has(
            identity(json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})),
            "missing-element"
        ));
    }

    #[test]
    fn value_types() {
        for bad in [
            json!(42),
            json!([]),
            json!([["s3:GetObject"]]),
            json!({"a": 1}),
        ] {
            assert!(
                has(
                    identity(json!({"Effect": "Allow", "Action": bad, "Resource": "*"})),
                    "invalid-value"
                ),
                "{bad}"
            );
        }
        assert!(has(
            identity(
                json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": "x"})
            ),
            "invalid-value"
        ));
        assert!(has(
            identity(
                json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"k": {"nested": 1}}}})
            ),
            "invalid-value"
        ));
        assert!(!has(
            identity(
                json!({"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": true}}})
            ),
            "invalid-value"
        ));
    }

    #[test]
    fn condition_operators() {
        let v = identity(
            json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEqual": {"s3:prefix": "a"}}}),
        );
        let f: Vec<Finding> = lint(&v)
            .into_iter()
            .filter(|f| f.rule == "unknown-condition-operator")
            .collect();
        assert_eq!(f.len(), 1);
        assert!(f[0].hint.contains("StringEquals"), "{f:?}");
        for ok in [
            "StringEquals",
            "StringLikeIfExists",
            "ForAnyValue:StringLike",
            "ForAllValues:StringEqualsIfExists",
            "Null",
            "ArnLike",
            "NumericLessThanEquals",
        ] {
            let v = identity(
                json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {ok: {"aws:TagKeys": "a"}}}),
            );
            assert!(!has(v, "unknown-condition-operator"), "{ok}");
        }
    }

    #[test]
    fn sids_unique_and_plain() {
        let v = json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Sid": "Read", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]});
        assert!(has(v, "duplicate-sid"));
        assert!(has(
            identity(
                json!({"Sid": "read objects", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})
            ),
            "invalid-sid"
        ));
        assert!(!has(
            identity(
                json!({"Sid": "ReadObjects1", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})
            ),
            "invalid-sid"
        ));
        // Resource policies allow other characters in Sids.
        let bucket = json!({"Version": "2012-10-17", "Statement": [{"Sid": "read objects", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]});
        assert!(!has(bucket, "invalid-sid"));
    }

    #[test]
    fn duplicate_json_keys_and_characters() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}"#;
        let f = lint_text("p", text, None).unwrap();
        assert!(
            f.iter()
                .any(|f| f.rule == "duplicate-key" && f.field == "Statement[0].Effect"),
            "{f:?}"
        );
        let clean = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
        assert!(lint_text("p", clean, None).unwrap().is_empty());
        assert!(has(
            identity(
                json!({"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/\u{2028}x"})
            ),
            "invalid-character"
        ));
        assert!(!has(
            identity(
                json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/café"})
            ),
            "invalid-character"
        ));
    }

    #[test]
    fn default_value_variables_are_understood() {
        let v = identity(
            json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:PrincipalTag/kubernetes-namespace, 'none'}/*"}),
        );
        assert!(lint(&v).is_empty(), "{:?}", lint(&v));
        let v = identity(
            json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:PrincipalTag/kubernetes-namepsace, 'none'}/*"}),
        );
        assert!(has(v, "unknown-session-tag"));
    }

    fn trust(statement: Value) -> Value {
        json!({"Version": "2012-10-17", "Statement": [statement]})
    }

    #[test]
    fn trust_security() {
        let anyone = trust(
            json!({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["sts:AssumeRole", "sts:TagSession"], "Condition": {"StringEquals": {"aws:RequestTag/kubernetes-namespace": "a"}}}),
        );
        assert!(has(anyone, "unrestricted-principal"));
        let org = trust(
            json!({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-123"}}}),
        );
        assert!(!has(org, "unrestricted-principal"));
        let principal_tag = trust(
            json!({"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"], "Condition": {"StringEquals": {"aws:PrincipalTag/kubernetes-namespace": "a"}}}),
        );
        assert!(has(principal_tag, "principal-tag-in-trust"));
        let if_exists = trust(
            json!({"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"], "Condition": {"StringEqualsIfExists": {"aws:RequestTag/kubernetes-namespace": "a"}}}),
        );
        assert!(has(if_exists.clone(), "request-tag-if-exists"));
        assert!(!has(
            trust(
                json!({"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"], "Condition": {"StringEquals": {"aws:RequestTag/kubernetes-namespace": "a"}}})
            ),
            "request-tag-if-exists"
        ));
        // A Deny of sts:TagSession counts against the Pod Identity trust.
        let denied = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]},
            {"Effect": "Deny", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": "sts:TagSession"}]});
        assert!(has(denied, "trust-missing-action"));
        let p = "oidc.eks.us-east-1.amazonaws.com/id/ABC";
        let irsa = |cond: Value| {
            trust(
                json!({"Effect": "Allow", "Principal": {"Federated": format!("arn:aws:iam::111122223333:oidc-provider/{p}")}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": cond}),
            )
        };
        assert!(has(
            irsa(json!({"StringEquals": {format!("{p}:aud"): "sts.amazonaws.com"}})),
            "irsa-missing-sub"
        ));
        assert!(has(
            irsa(json!({"StringEquals": {format!("{p}:sub"): "system:serviceaccount:a:b"}})),
            "irsa-missing-aud"
        ));
        let full = irsa(
            json!({"StringEquals": {format!("{p}:sub"): "system:serviceaccount:a:b", format!("{p}:aud"): "sts.amazonaws.com"}}),
        );
        assert!(lint(&full).is_empty(), "{:?}", lint(&full));
    }

    #[test]
    fn broad_grants() {
        assert!(has(
            identity(json!({"Effect": "Allow", "Action": "*", "Resource": "*"})),
            "full-admin"
        ));
        assert!(has(
            identity(json!({"Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:*:*:*:*:*"})),
            "full-admin"
        ));
        assert!(has(
            identity(
                json!({"Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws:s3:::b/*"})
            ),
            "allow-not-action"
        ));
        assert!(has(
            identity(
                json!({"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"})
            ),
            "allow-not-resource"
        ));
        assert!(has(
            identity(json!({"Effect": "Allow", "Action": "iam:Put*", "Resource": "*"})),
            "privilege-escalation"
        ));
        assert!(has(
            identity(json!({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"})),
            "privilege-escalation"
        ));
        assert!(!has(
            identity(
                json!({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app"})
            ),
            "privilege-escalation"
        ));
        assert!(has(
            identity(json!({"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"})),
            "assume-any-role"
        ));
        assert!(!has(
            identity(json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})),
            "full-admin"
        ));
        let set = identity(
            json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:PrincipalTag/kubernetes-namespace": "a"}}}),
        );
        assert!(has(set, "set-operator-on-single-value"));
        let tag_keys = identity(
            json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": "a"}}}),
        );
        assert!(!has(tag_keys, "set-operator-on-single-value"));
    }

    #[test]
    fn resource_policies_skip_identity_checks() {
        let key_policy = json!({"Version": "2012-10-17", "Statement": [{"Sid": "Admin", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]});
        assert_eq!(Kind::detect(&[&key_policy["Statement"][0]]), Kind::Resource);
        assert!(lint(&key_policy).is_empty(), "{:?}", lint(&key_policy));
        // Linted as an identity policy it is flagged.
        assert!(!lint_as(&key_policy, Some(Kind::Identity)).is_empty());
    }

    /// Every rule the linter can emit is listed in RULES and documented in docs/commands.md.
    #[test]
    fn rules_are_listed_and_documented() {
        let docs = include_str!("../../docs/commands.md");
        for (rule, _, _) in RULES {
            assert!(
                docs.contains(&format!("`{rule}`")),
                "{rule} is not in docs/commands.md"
            );
        }
        let source = include_str!("lint.rs");
        let source = &source[..source.find("#[cfg(test)]").unwrap()];
        let mut emitted: Vec<&str> = Vec::new();
        for piece in source.split("Severity::").skip(1) {
            // Severity::Error, "rule-id", …
            if let Some(rest) = piece.split_once(',').map(|(_, r)| r.trim_start())
                && let Some(rule) = rest.strip_prefix('"').and_then(|r| r.split('"').next())
                && rule.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                && !rule.is_empty()
            {
                emitted.push(rule);
            }
        }
        emitted.push("duplicate-key");
        assert!(emitted.len() > 20, "{emitted:?}");
        for rule in emitted {
            assert!(
                RULES.iter().any(|(r, _, _)| *r == rule),
                "{rule} is emitted but not in RULES"
            );
        }
    }

    #[test]
    fn catalogue_actions_keys_and_resources() {
        let v = identity(
            json!({"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "arn:aws:s3:::b/*"}),
        );
        let f: Vec<Finding> = lint(&v)
            .into_iter()
            .filter(|f| f.rule == "unknown-action")
            .collect();
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].hint.contains("s3:GetObject"), "{f:?}");
        assert!(has(
            identity(json!({"Effect": "Allow", "Action": "s4:GetObject", "Resource": "*"})),
            "unknown-action"
        ));
        assert!(has(
            identity(json!({"Effect": "Allow", "Action": "s3:Gett*", "Resource": "*"})),
            "unknown-action"
        ));
        assert!(!has(
            identity(
                json!({"Effect": "Allow", "Action": ["s3:get*", "eks:DescribeCluster", "sts:AssumeRole"], "Resource": "*"})
            ),
            "unknown-action"
        ));

        let key = identity(
            json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringLike": {"s3:prefix": "a/*"}}}),
        );
        assert!(has(key, "condition-key-not-applicable"));
        let key_ok = identity(
            json!({"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringLike": {"s3:prefix": "a/*"}}}),
        );
        assert!(!has(key_ok, "condition-key-not-applicable"));
        let tag_key = identity(
            json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"s3:ExistingObjectTag/team": "a"}}}),
        );
        assert!(!has(tag_key, "condition-key-not-applicable"));

        assert!(has(
            identity(
                json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket"})
            ),
            "resource-mismatch"
        ));
        assert!(has(
            identity(
                json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/t"})
            ),
            "resource-mismatch"
        ));
        for ok in [
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket*",
            "arn:aws:s3:::b/${aws:PrincipalTag/kubernetes-namespace}/*",
        ] {
            assert!(
                !has(
                    identity(json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": ok})),
                    "resource-mismatch"
                ),
                "{ok}"
            );
        }
        assert!(has(
            identity(
                json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:bucket/x"})
            ),
            "malformed-arn"
        ));
        assert!(!has(
            identity(
                json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/x"})
            ),
            "malformed-arn"
        ));
    }

    /// Issue #31: real service principals near a known one are not misspellings (each is
    /// `PREFIX.amazonaws.com` of a service in the Service Authorization Reference).
    #[test]
    fn real_service_principals_are_not_misspellings() {
        for svc in [
            "logs", "sns", "sqs", "ecs", "ecr", "rds", "ses", "dms", "iot",
        ] {
            let v = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": format!("{svc}.amazonaws.com")}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]});
            let f = lint_as(&v, Some(Kind::Resource));
            assert!(
                !f.iter().any(|f| f.rule == "misspelled-principal"),
                "{svc}: {f:?}"
            );
        }
        // A misspelling of Pod Identity's principal is still one.
        let v = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "pod.eks.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
        assert!(lint(&v).iter().any(|f| f.rule == "misspelled-principal"));
    }

    /// Issue #31: a bucket policy naming pods.eks.amazonaws.com with request-tag conditions is a
    /// resource policy, not a Pod Identity trust.
    #[test]
    fn a_bucket_policy_naming_pods_is_not_a_trust() {
        let v = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:RequestTag/team": "a"}}}]});
        let f = lint_as(&v, Some(Kind::Resource));
        assert!(
            !f.iter()
                .any(|f| f.rule == "trust-missing-action" || f.rule == "unknown-session-tag"),
            "{f:?}"
        );
    }

    /// Issue #31: IAM refuses a string Principal other than "*" and NotPrincipal with Allow (IAM
    /// UG reference_policies_elements_principal.html, reference_policies_elements_notprincipal.html),
    /// and a resource-side policy without a Principal.
    #[test]
    fn principal_forms_iam_refuses() {
        let bad = |statement: Value| {
            let v = json!({"Version": "2012-10-17", "Statement": [statement]});
            lint_as(&v, Some(Kind::of_resource_side(&v)))
                .into_iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| f.rule)
                .collect::<Vec<_>>()
        };
        assert!(bad(json!({"Effect": "Allow", "Principal": "arn:aws:iam::111122223333:root", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"})).contains(&"invalid-principal"));
        assert!(bad(json!({"Effect": "Allow", "Principal": "everyone", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"})).contains(&"invalid-principal"));
        assert!(bad(json!({"Effect": "Allow", "NotPrincipal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"})).contains(&"invalid-principal"));
        assert!(
            bad(
                json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"})
            )
            .contains(&"missing-element")
        );
        assert!(bad(json!({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"})).is_empty());
        assert!(bad(json!({"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"})).is_empty());
    }

    /// Issue #31: a document over what AWS accepts for its kind gets one finding and no other
    /// check; did-you-means are capped per document.
    #[test]
    fn oversized_documents_stop_early_and_suggestions_are_capped() {
        let actions: Vec<String> = (0..3000).map(|i| format!("s3:GetObjectx{i}")).collect();
        let v = identity(json!({"Effect": "Allow", "Action": actions, "Resource": "*"}));
        let f = lint(&v);
        assert_eq!(f.len(), 1, "{:?}", &f[..f.len().min(3)]);
        assert_eq!(f[0].rule, "policy-size");
        let actions: Vec<String> = (0..300).map(|i| format!("s3:Gx{i}")).collect();
        let v =
            identity(json!({"Effect": "Allow", "Action": actions, "Resource": "arn:aws:s3:::b/*"}));
        let f: Vec<_> = lint(&v)
            .into_iter()
            .filter(|f| f.rule == "unknown-action")
            .collect();
        assert_eq!(f.len(), 300);
        assert!(
            f[MAX_SUGGESTIONS..]
                .iter()
                .all(|f| !f.hint.contains("did you mean"))
        );
    }
}
