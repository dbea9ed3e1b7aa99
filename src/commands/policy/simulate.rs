//! `epi policy simulate`: parse the request and the policies → lint them → evaluate → print.
//! Offline: no AWS configuration is loaded.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::cli::{ExpectArg, SimulateArgs};
use crate::error::{Error, Result, exit};
use crate::output::{self, DataFormat, Printer};
use crate::policy::eval::input::{self, Input, PolicyKind};
use crate::policy::eval::{self, Decision, Evaluation, Layer, Named, Policies, Reason, Request};
use crate::policy::lint::{self, Kind, Severity};

/// A policy read from a file or from the input document.
pub(crate) struct Loaded {
    pub name: String,
    pub doc: Value,
    pub layer: Layer,
    pub level: Option<usize>,
}

pub fn run(args: &SimulateArgs, printer: Printer) -> Result<u8> {
    let (request, evaluation) = match &args.input {
        Some(path) => {
            let (request, input) = from_input(path, printer)?;
            let evaluation = eval::evaluate(&request, &input.policies());
            (request, evaluation)
        }
        None => {
            let (request, loaded, scp_levels) = from_flags(args, printer)?;
            let evaluation = eval::evaluate(&request, &assemble(&loaded, scp_levels));
            (request, evaluation)
        }
    };
    print(&request, &evaluation, args.output, printer)?;
    Ok(match args.expect {
        Some(expect) if !expected(expect, evaluation.decision) => {
            printer.warn(&format!(
                "expected {}, got {}",
                expect_name(expect),
                evaluation.decision.as_str()
            ));
            exit::FAILURE
        }
        _ => exit::SUCCESS,
    })
}

fn expected(expect: ExpectArg, decision: Decision) -> bool {
    match expect {
        ExpectArg::Allowed => decision == Decision::Allowed,
        ExpectArg::Denied => decision.is_denied(),
        ExpectArg::ImplicitDeny => decision == Decision::ImplicitDeny,
        ExpectArg::ExplicitDeny => decision == Decision::ExplicitDeny,
    }
}

/// The value as `--expect` spells it.
fn expect_name(expect: ExpectArg) -> String {
    use clap::ValueEnum;
    expect
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

/// The policies by layer; `scp_levels` counts the SCP levels given, one with no policy included
/// (it allows nothing).
fn assemble(loaded: &[Loaded], scp_levels: usize) -> Policies<'_> {
    let mut p = Policies::default();
    p.scps.resize_with(scp_levels, Vec::new);
    for l in loaded {
        let named = Named::new(l.name.clone(), &l.doc);
        match (l.layer, l.level) {
            (Layer::Identity, _) => p.identity.push(named),
            (Layer::PermissionsBoundary, _) => p.boundary = Some(named),
            (Layer::SessionPolicy, _) => p.session = Some(named),
            (Layer::ResourcePolicy, _) => p.resource = Some(named),
            (Layer::VpcEndpoint, _) => p.vpc_endpoint = Some(named),
            (Layer::Scp, Some(level)) => {
                p.scps.resize_with(p.scps.len().max(level + 1), Vec::new);
                p.scps[level].push(named);
            }
            (Layer::Rcp, Some(level)) => {
                p.rcps.resize_with(p.rcps.len().max(level + 1), Vec::new);
                p.rcps[level].push(named);
            }
            _ => {}
        }
    }
    p
}

/// How the linter reads a policy of a layer: a resource policy or a VPC endpoint policy is never
/// an identity policy, so a statement without a Principal is an error there.
pub(crate) fn lint_kind(layer: Layer, doc: &Value) -> Option<Kind> {
    match layer {
        Layer::Identity | Layer::PermissionsBoundary | Layer::SessionPolicy | Layer::Scp => {
            Some(Kind::Identity)
        }
        Layer::Rcp => Some(Kind::Resource),
        Layer::ResourcePolicy | Layer::VpcEndpoint => Some(Kind::of_resource_side(doc)),
        Layer::Protected => None,
    }
}

/// Refuses a policy with an error-level lint finding (exit 2, with the linter's words); prints
/// the advisory ones as warnings.
pub(crate) fn check_findings(
    name: &str,
    findings: Vec<lint::Finding>,
    printer: Printer,
) -> Result<()> {
    for f in findings {
        let advisory = lint::ADVISORY_RULES.contains(&f.rule);
        match f.severity {
            Severity::Error if !advisory => {
                return Err(Error::invalid(
                    "policy",
                    name,
                    format!("{}: {} [{}]", f.location(), f.message, f.rule),
                )
                .with_hint(format!("{} (see `epi policy lint {name}`)", f.hint)));
            }
            Severity::Error => printer.warn(&format!(
                "{name}: {}: {} [{}]",
                f.location(),
                f.message,
                f.rule
            )),
            // Warnings are `epi policy lint`'s business.
            Severity::Warning => {}
        }
    }
    Ok(())
}

fn read(path: &Path) -> Result<(String, String)> {
    let (name, text) = crate::files::read_document(path, "policy file")?;
    let name = if path.as_os_str() == "-" {
        name
    } else {
        path.display().to_string()
    };
    Ok((name, text))
}

/// A file of one policy, or (for SCPs and RCPs) a list of policies of one level.
pub(crate) fn load_file(
    path: &Path,
    layer: Layer,
    level: Option<usize>,
    printer: Printer,
    out: &mut Vec<Loaded>,
) -> Result<()> {
    let (name, text) = read(path)?;
    if level.is_some() && text.trim_start().starts_with('[') {
        let list: Vec<Value> = serde_json::from_str(&text).map_err(|e| Error::NotAPolicy {
            source_name: name.clone(),
            reason: format!("invalid JSON: {e}"),
        })?;
        for (i, doc) in list.into_iter().enumerate() {
            let item = format!("{name}[{i}]");
            check_findings(&item, lint::lint_as(&doc, lint_kind(layer, &doc)), printer)?;
            out.push(Loaded {
                name: item,
                doc,
                layer,
                level,
            });
        }
        return Ok(());
    }
    let doc = lint::parse(&name, &text)?;
    check_findings(
        &name,
        lint::lint_text(&name, &text, lint_kind(layer, &doc))?,
        printer,
    )?;
    out.push(Loaded {
        name,
        doc,
        layer,
        level,
    });
    Ok(())
}

fn from_flags(args: &SimulateArgs, printer: Printer) -> Result<(Request, Vec<Loaded>, usize)> {
    let bad = |what: &'static str, value: &str, reason: String| Error::invalid(what, value, reason);
    let action = args.action.clone().unwrap_or_default();
    let resource = args.resource.clone().unwrap_or_default();
    check_request(&action, &resource, args.resource_account.as_deref())?;
    let mut context = serde_json::Map::new();
    for (k, mut values) in context_pairs(&args.context)? {
        // A key given once is single-valued.
        let value = if values.len() == 1 {
            Value::String(values.remove(0))
        } else {
            Value::Array(values.into_iter().map(Value::String).collect())
        };
        context.insert(k, value);
    }
    let input: Input = serde_json::from_value(serde_json::json!({
        "request": {
            "principal": args.principal,
            "action": action,
            "resource": resource,
            "resourceAccount": args.resource_account,
            "context": context,
        }
    }))
    .map_err(|e| {
        Error::usage(
            format!("bad request: {e}"),
            "see epi policy simulate --help",
        )
    })?;
    let request = input.request().map_err(|r| {
        let value = args.principal.clone().unwrap_or_default();
        bad("--principal", &value, r)
    })?;

    let mut loaded = Vec::new();
    let singles: [(&Option<PathBuf>, Layer); 4] = [
        (&args.permissions_boundary, Layer::PermissionsBoundary),
        (&args.session_policy, Layer::SessionPolicy),
        (&args.resource_policy, Layer::ResourcePolicy),
        (&args.vpc_endpoint_policy, Layer::VpcEndpoint),
    ];
    for path in &args.policies {
        load_file(path, Layer::Identity, None, printer, &mut loaded)?;
    }
    for (path, layer) in singles {
        if let Some(path) = path {
            load_file(path, layer, None, printer, &mut loaded)?;
        }
    }
    for (level, path) in args.scps.iter().enumerate() {
        load_file(path, Layer::Scp, Some(level), printer, &mut loaded)?;
    }
    for (level, path) in args.rcps.iter().enumerate() {
        load_file(path, Layer::Rcp, Some(level), printer, &mut loaded)?;
    }
    Ok((request, loaded, args.scps.len()))
}

/// `--context KEY=VALUE` flags as keys with their values (a key given twice is multi-valued),
/// in the order first given.
pub(crate) fn context_pairs(flags: &[String]) -> Result<Vec<(String, Vec<String>)>> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for kv in flags {
        let Some((k, v)) = kv.split_once('=').filter(|(k, _)| !k.trim().is_empty()) else {
            return Err(Error::invalid("--context", kv, "it is not KEY=VALUE")
                .with_hint("e.g. --context aws:PrincipalTag/kubernetes-namespace=team-a (repeat a key for several values)"));
        };
        let k = k.trim();
        match out.iter_mut().find(|(key, _)| key == k) {
            Some((_, values)) => values.push(v.to_string()),
            None => out.push((k.to_string(), vec![v.to_string()])),
        }
    }
    Ok(out)
}

/// Checks a request's action, resource and resource account (exit 2 naming the bad value).
pub(crate) fn check_request(
    action: &str,
    resource: &str,
    resource_account: Option<&str>,
) -> Result<()> {
    let bad = |what: &'static str, value: &str, reason: String| Error::invalid(what, value, reason);
    input::check_action(action).map_err(|r| {
        bad("--action", action, r).with_hint("name one action, e.g. --action s3:GetObject")
    })?;
    input::check_resource(resource).map_err(|r| {
        bad("--resource", resource, r)
            .with_hint("give the resource's ARN, e.g. arn:aws:s3:::bucket/key, or * for actions without resource-level permissions")
    })?;
    if let Some(a) = resource_account {
        input::check_account("--resource-account", a).map_err(|r| {
            bad("--resource-account", a, r).with_hint("give the 12-digit account ID")
        })?;
    }
    Ok(())
}

fn from_input(path: &Path, printer: Printer) -> Result<(Request, Input)> {
    let (name, text) = crate::files::read_document(path, "input document")?;
    // Keys given twice: refused here as `--policy` refuses them (serde would keep the last).
    if let Some(key) = lint::duplicate_keys(&text).into_iter().next() {
        return Err(Error::InFile {
            location: name,
            message: format!(
                "the key {key} is given twice; IAM rejects a policy with duplicate keys, and epi an input document with them"
            ),
            hint: Some("merge the two into one key".into()),
        });
    }
    let value: Value = serde_json::from_str(&text).map_err(|e| Error::InFile {
        location: format!("{name}:{}:{}", e.line(), e.column()),
        message: format!("not JSON: {e}"),
        hint: Some(
            "give one JSON document as docs/json-output.md describes (policy simulate --input)"
                .into(),
        ),
    })?;
    let input: Input = serde_json::from_value(value).map_err(|e| Error::InFile {
        location: name.clone(),
        message: e.to_string(),
        hint: Some("keys: request {principal, action, resource, resourceAccount, context}, identityPolicies, permissionsBoundary, sessionPolicy, resourcePolicy, serviceControlPolicies, resourceControlPolicies, vpcEndpointPolicy".into()),
    })?;
    let request = input.request().map_err(|r| Error::InFile {
        location: format!("{name}: request"),
        message: r,
        hint: None,
    })?;
    for (policy_name, doc, kind) in input.each_policy() {
        let kind = match kind {
            PolicyKind::Identity => Some(Kind::Identity),
            PolicyKind::Resource => Some(Kind::Resource),
            PolicyKind::ResourceSide => Some(Kind::of_resource_side(doc)),
        };
        check_findings(
            &format!("{name}: {policy_name}"),
            lint::lint_as(doc, kind),
            printer,
        )?;
    }
    Ok((request, input))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report<'a> {
    decision: &'static str,
    reasons: &'a [Reason],
    missing_context_keys: &'a [String],
    denied_by: Option<Layer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    denied_at_level: Option<usize>,
    layers: &'a [eval::LayerReport],
    near_misses: &'a [eval::NearMiss],
    notes: &'a [String],
}

fn statement_label(policy: &str, statement: usize, sid: &Option<String>) -> String {
    match sid {
        Some(sid) => format!("{policy} Statement[{statement}] (Sid {sid:?})"),
        None => format!("{policy} Statement[{statement}]"),
    }
}

fn layer_label(layer: Layer, level: Option<usize>) -> String {
    match level {
        Some(l) => format!(
            "{} [level {l}{}]",
            layer.title(),
            if l == 0 { ", root" } else { "" }
        ),
        None => layer.title().to_string(),
    }
}

fn print(request: &Request, e: &Evaluation, format: DataFormat, printer: Printer) -> Result<()> {
    let report = Report {
        decision: e.decision.as_str(),
        reasons: &e.reasons,
        missing_context_keys: &e.missing_context_keys,
        denied_by: e.denied_by,
        denied_at_level: e.denied_at_level,
        layers: &e.layers,
        near_misses: &e.near_misses,
        notes: &e.notes,
    };
    let text = match format {
        DataFormat::Json => output::to_json(&report),
        DataFormat::Yaml => output::to_yaml(&report),
        DataFormat::Table | DataFormat::Wide => table(request, e),
    };
    printer.stdout(&text)
}

fn table(request: &Request, e: &Evaluation) -> String {
    // Every line below carries values of the policies or the request: each is kept on its line
    // (`output::paragraph`, `Cell`), so none can start a line of its own in a CI log (#32 item 9).
    let mut head = format!(
        "{} on {}: {}",
        request.action,
        request.resource,
        e.decision.as_str()
    );
    if let Some(layer) = e.denied_by {
        head.push_str(&format!(
            " (stopped by the {})",
            layer_label(layer, e.denied_at_level)
        ));
    }
    let mut out = output::paragraph(&head, "  ");
    out.push('\n');
    let mut t = output::table(&["LAYER", "RESULT", "DECIDING STATEMENTS"]);
    for l in &e.layers {
        let statements: Vec<String> = e
            .reasons
            .iter()
            .filter(|r| r.layer == l.layer && r.level == l.level)
            .map(|r| {
                format!(
                    "{} {:?}",
                    statement_label(&r.policy, r.statement, &r.sid),
                    r.effect
                )
            })
            .collect();
        let mut result = l.result.to_string();
        if let Some(note) = &l.note {
            result.push_str(&format!(" ({note})"));
        }
        t.add_row(output::row([
            output::Cell::from(layer_label(l.layer, l.level)),
            output::Cell::from(result),
            output::Cell::lines(statements),
        ]));
    }
    if e.layers.is_empty() {
        out.push_str("no policy was given\n");
    } else {
        out.push_str(&output::render_table(&t));
    }
    // What follows the table wraps between words at the table's width (#33 item 1).
    let mut tail = Vec::new();
    for m in &e.near_misses {
        tail.push(format!(
            "not applied: {} {:?}: {}",
            statement_label(&m.policy, m.statement, &m.sid),
            m.effect,
            m.why
        ));
    }
    if !e.missing_context_keys.is_empty() {
        tail.push(format!(
            "missing context keys: {} (give them with --context KEY=VALUE)",
            e.missing_context_keys.join(", ")
        ));
    }
    tail.extend(e.notes.iter().map(|n| format!("note: {n}")));
    if !tail.is_empty() {
        out.push('\n');
    }
    for t in &tail {
        out.push_str(&output::paragraph(t, "  "));
    }
    out
}
