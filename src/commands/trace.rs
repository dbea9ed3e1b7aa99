//! `epi trace`: from a call (by event id, access key id or session ARN), or a service account's
//! calls, to the pod that made each: parse → read the events ([`crate::usage::trace`]) → read the
//! live associations (unless `--offline`) → each call with its session, association and the
//! statement that decides it now → print.

use serde::Serialize;

use crate::cli::TraceArgs;
use crate::error::{Error, Result};
use crate::exit;
use crate::output::{self, DataFormat, Printer};
use crate::usage::trace::{Call, Target, Tracer};

use super::cloudtrail::{Judge, observe_live, read_all, window};

/// A call as `epi trace` shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Traced {
    #[serde(flatten)]
    call: Call,
    /// The service account's association now: its id and whether it still exists; None when
    /// the live state was not read or the call has no service account.
    association: Option<AssociationNow>,
    /// What the evaluator says of the call now, against the roles' policies as they are now.
    decision: Option<String>,
    deciding: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AssociationNow {
    id: Option<String>,
    live: bool,
}

#[derive(Serialize)]
struct Report {
    calls: Vec<Traced>,
}

pub async fn run(args: &TraceArgs, printer: Printer) -> Result<u8> {
    // Parse.
    let window = window(&args.trail)?;
    let snapshot = super::cloudtrail::load_snapshot(&args.trail)?;
    let target = match (&args.id, &args.namespace, &args.service_account) {
        (Some(id), _, _) => Target::parse(id),
        (None, Some(namespace), Some(service_account)) => {
            crate::validate::names::dns1123_label("namespace", namespace)?;
            crate::validate::names::dns1123_subdomain("service account", service_account)?;
            if let Some(c) = &args.cluster {
                crate::validate::names::cluster_name(c)?;
            }
            Target::ServiceAccount {
                cluster: args.cluster.clone(),
                namespace: namespace.clone(),
                service_account: service_account.clone(),
            }
        }
        _ => {
            return Err(Error::usage(
                "give the call to trace (an event id, an access key id or a session ARN), or --namespace and --service-account",
                "epi trace EVENT_ID --source DIR",
            ));
        }
    };

    // Observe.
    let mut tracer = Tracer::new(target.clone(), window.clone());
    let calls = crate::usage::athena::Calls::Matching(&target);
    let (tally, unreadable, ctx) =
        read_all(&args.trail, &window, &args.aws, printer, &calls, |item| {
            // A trace's query returns whole events only.
            if let crate::usage::athena::Item::Event(e) = item {
                tracer.add(e)
            }
        })
        .await?;
    let clusters: Vec<String> = args.cluster.iter().cloned().collect();
    let (ctx, live) = observe_live(&args.trail, &args.aws, ctx, &clusters, snapshot, printer).await;
    let calls = tracer.finish(&live.known);

    // Each call's association now, and what decides it now.
    let roles = crate::plan::observe::Roles::default();
    let mut judges: Vec<(String, Result<Judge, String>)> = Vec::new();
    let mut traced = Vec::new();
    for call in calls {
        let association = call.session.as_ref().and_then(|s| {
            let (cluster, ns, sa) = (
                s.cluster.as_ref()?,
                s.namespace.as_ref()?,
                s.service_account.as_ref()?,
            );
            live.read(ctx.as_ref()).then_some(())?;
            let a = live.associations.iter().find(|a| {
                &a.cluster_name == cluster && &a.namespace == ns && &a.service_account == sa
            });
            Some((
                AssociationNow {
                    id: a.map(|a| a.association_id.clone()),
                    live: a.is_some(),
                },
                a,
            ))
        });
        let (mut decision, mut deciding) = (None, None);
        if let (Some((_, Some(a))), Some(action)) = (&association, &call.action) {
            if !judges.iter().any(|(id, _)| id == &a.association_id) {
                let judge = Judge::read(ctx.as_ref(), &live, &roles, a).await;
                if let Err(e) = &judge {
                    printer.warn(&format!(
                        "{}/{}: cannot say what decides its calls: {e}",
                        a.namespace, a.service_account
                    ));
                }
                judges.push((a.association_id.clone(), judge));
            }
            if let Some((_, Ok(judge))) = judges.iter().find(|(id, _)| id == &a.association_id) {
                let resource = call.resources.first().map_or("*", String::as_str);
                let answer = judge.ask(action, resource);
                decision = Some(answer.decision.as_str().to_string());
                deciding = answer.deciding_statement();
            }
        }
        traced.push(Traced {
            call,
            association: association.map(|(now, _)| now),
            decision,
            deciding,
        });
    }

    let report = Report { calls: traced };
    let text = match args.output {
        DataFormat::Json => output::to_json(&report),
        DataFormat::Yaml => output::to_yaml(&report),
        DataFormat::Table | DataFormat::Wide => {
            render(&report.calls, args.output == DataFormat::Wide)
        }
    };
    printer.stdout(&text)?;
    if report.calls.is_empty() {
        printer.note(&format!(
            "no call matched in {} event(s) of {}",
            tally.events,
            tally.origin()
        ));
    }
    Ok(
        if report.calls.is_empty() || unreadable > 0 || (args.trail.strict && tally.malformed > 0) {
            exit::FAILURE
        } else {
            exit::SUCCESS
        },
    )
}

/// One call: a record of every step from the call to its pod. Several: a table in time order.
fn render(calls: &[Traced], wide: bool) -> String {
    match calls {
        [] => String::new(),
        [one] => record(one),
        _ => {
            // The pod only when the calls come from several (always with -o wide); the
            // resource last, where its length pushes nothing.
            let pods: std::collections::BTreeSet<_> = calls
                .iter()
                .map(|c| c.call.session.as_ref().and_then(|s| s.pod_name.clone()))
                .collect();
            let show_pod = wide || pods.len() > 1;
            let mut headers = vec!["TIME"];
            if wide {
                headers.extend(["EVENT", "SERVICE ACCOUNT"]);
            }
            if show_pod {
                headers.push("POD");
            }
            headers.extend(["ACTION", "RESULT", "RESOURCE"]);
            let mut t = output::table(&headers);
            for c in calls {
                let s = c.call.session.as_ref();
                let mut cells = vec![c.call.event_time.clone()];
                if wide {
                    cells.push(c.call.event_id.clone());
                    cells.push(
                        match s.and_then(|s| s.namespace.clone().zip(s.service_account.clone())) {
                            Some((ns, sa)) => format!("{ns}/{sa}"),
                            None => "-".into(),
                        },
                    );
                }
                if show_pod {
                    cells.push(
                        s.and_then(|s| s.pod_name.clone())
                            .unwrap_or_else(|| "-".into()),
                    );
                }
                cells.extend([
                    c.call
                        .action
                        .clone()
                        .unwrap_or_else(|| format!("{} (unmapped)", c.call.event_name)),
                    c.call.error_code.clone().unwrap_or_else(|| "ok".into()),
                    c.call.resources.join(" "),
                ]);
                if cells.last().is_some_and(String::is_empty) {
                    *cells.last_mut().expect("just pushed") = "*".into();
                }
                t.add_row(output::row(cells));
            }
            output::render_table(&t)
        }
    }
}

fn record(c: &Traced) -> String {
    let dash = |v: Option<&str>| v.unwrap_or("-").to_string();
    let s = c.call.session.as_ref();
    let mut fields: Vec<(&str, String)> = vec![
        ("Event", c.call.event_id.clone()),
        ("Time", c.call.event_time.clone()),
        (
            "Call",
            format!("{} {}", c.call.event_source, c.call.event_name),
        ),
        ("Action", dash(c.call.action.as_deref())),
        (
            "Resources",
            if c.call.resources.is_empty() {
                "*".into()
            } else {
                c.call.resources.join("\n")
            },
        ),
        (
            "Result",
            c.call.error_code.clone().unwrap_or_else(|| "ok".into()),
        ),
        ("Access key", c.call.access_key_id.clone()),
        ("Session", c.call.session_arn.clone()),
    ];
    match s {
        None => fields.push((
            "Pod",
            "unknown: no assume event and no live association ties this session to a pod".into(),
        )),
        Some(s) => {
            fields.extend([
                (
                    "Assumed",
                    match (&s.assumed_at, &s.assume_event_id) {
                        (Some(t), Some(id)) => format!("{t} (event {id})"),
                        _ => "- (its assume event is not in the sources)".into(),
                    },
                ),
                ("Cluster", dash(s.cluster.as_deref())),
                ("Namespace", dash(s.namespace.as_deref())),
                ("Service account", dash(s.service_account.as_deref())),
                (
                    "Pod",
                    match (&s.pod_name, &s.pod_uid) {
                        (Some(n), Some(u)) => format!("{n} (uid {u})"),
                        _ => "-".into(),
                    },
                ),
                ("Role", s.role.clone()),
                ("Via", s.via.map_or("-", |v| v.as_str()).to_string()),
                ("Attribution", s.attribution.as_str().to_string()),
            ]);
        }
    }
    fields.push((
        "Association",
        match &c.association {
            None => "- (not read)".into(),
            Some(AssociationNow { id: Some(id), .. }) => format!("{id} (live)"),
            Some(AssociationNow { id: None, .. }) => {
                "gone: no live association for this service account".into()
            }
        },
    ));
    fields.push((
        "Decided now",
        c.decision
            .clone()
            .unwrap_or_else(|| "- (not evaluated)".into()),
    ));
    let mut t = output::table(&["FIELD", "VALUE"]);
    for (k, v) in fields {
        let cell = if k == "Resources" {
            output::Cell::lines(v.lines())
        } else {
            output::Cell::from(v)
        };
        t.add_row(output::row([output::Cell::from(k), cell]));
    }
    let mut out = output::render_table(&t);
    // What decides it, wrapped below: a policy Resource is long.
    if let Some(why) = &c.deciding {
        out.push('\n');
        out.push_str(&output::paragraph(&format!("deciding: {why}"), "  "));
    }
    out
}
