//! The policy linter: finds the mistakes that make Pod Identity policies silently fail or grant too
//! much. Works on any IAM policy (identity or trust) as parsed JSON.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::error::Error;

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

/// Lints a parsed policy. Findings come in document order, errors and warnings mixed.
pub fn lint(policy: &Value) -> Vec<Finding> {
    let mut ctx = Ctx {
        findings: Vec::new(),
        statement: None,
        sid: None,
    };
    let statements: Vec<&Value> = match policy.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => Vec::new(),
    };
    let is_trust = statements
        .iter()
        .any(|s| s.get("Principal").is_some() || s.get("NotPrincipal").is_some());

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

    let mut pods_trust_actions: Vec<(usize, Vec<String>)> = Vec::new();
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
        check_tag_references(&mut ctx, st, "", is_pods_principal(obj));
        if effect == Some("Allow") && is_pods_principal(obj) {
            pods_trust_actions.push((i, actions.clone()));
        }
        if effect == Some("Allow") {
            check_write_on_any_resource(&mut ctx, obj, &actions);
        }
    }

    if !pods_trust_actions.is_empty() {
        let allowed = |wanted: &str| {
            pods_trust_actions
                .iter()
                .any(|(_, acts)| acts.iter().any(|a| action_matches(a, wanted)))
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
    ctx.findings
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
            let var = &after[..end];
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

/// IAM action matching: case-insensitive, `*` and `?` wildcards in the pattern.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    super::wildcard_match(pattern, action, true)
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
}
