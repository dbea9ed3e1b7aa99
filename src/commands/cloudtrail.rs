//! What `epi usage` and `epi trace` share: the window of `--since`/`--until`, reading the
//! sources (files on every core, a trail's S3 bucket) through the pure [`crate::usage`] module,
//! the live associations, and [`Judge`], the evaluator's answer for an association's calls. Not a
//! command: both commands use it, so neither imports the other.

use std::io::Read;
use std::path::{Path, PathBuf};

use futures_util::StreamExt;

use crate::aws::AwsContext;
use crate::cli::CloudTrailArgs;
use crate::error::{Error, Result};
use crate::output::Printer;
use crate::usage::athena;
use crate::usage::attribution::{Known, Window};
use crate::usage::records::{self, Tally};

/// The window of `--since`/`--until`, and the sources checked, before any read.
pub(crate) fn window(trail: &CloudTrailArgs) -> Result<Window> {
    let now = jiff::Timestamp::now();
    let window = Window {
        since: trail
            .since
            .as_deref()
            .map(|t| time("--since", t, now))
            .transpose()?,
        until: trail
            .until
            .as_deref()
            .map(|t| time("--until", t, now))
            .transpose()?,
    };
    if let (Some(since), Some(until)) = (window.since, window.until)
        && since >= until
    {
        return Err(Error::usage(
            format!("--since {since} is not before --until {until}"),
            "give a window whose start comes before its end",
        ));
    }
    let mut athena = false;
    for source in &trail.sources {
        if let Some(rest) = source.strip_prefix("athena:") {
            athena::Table::parse(rest).map_err(|why| {
                Error::invalid("source", source, why).with_hint(
                    "an Athena source is athena:DATABASE.TABLE, the table of the trail made as the Athena User Guide shows (\"Querying AWS CloudTrail logs\")",
                )
            })?;
            athena = true;
        }
        if let Some(rest) = source.strip_prefix("s3://") {
            S3Source::parse(rest).map_err(|why| {
                Error::invalid("source", source, why).with_hint(
                    "an S3 source is s3://BUCKET or s3://BUCKET/PREFIX (the prefix above AWSLogs/)",
                )
            })?;
        }
    }
    if let Some(output) = &trail.athena_output
        && (!output.starts_with("s3://") || output.len() <= "s3://".len())
    {
        return Err(
            Error::invalid("--athena-output", output, "not an S3 location")
                .with_hint("give s3://BUCKET/PREFIX/ where Athena may write query results"),
        );
    }
    if !athena {
        let stray = [
            ("--athena-workgroup", trail.athena_workgroup.is_some()),
            ("--athena-output", trail.athena_output.is_some()),
            ("--show-query", trail.show_query),
        ];
        if let Some((flag, _)) = stray.iter().find(|(_, given)| *given) {
            return Err(Error::usage(
                format!("{flag} is for an athena: source, and none was given"),
                "add --source athena:DATABASE.TABLE, or drop the flag",
            ));
        }
    }
    for r in &trail.regions {
        crate::validate::names::region(r)?;
    }
    for a in &trail.accounts {
        crate::validate::names::account_id(a)?;
    }
    Ok(window)
}

/// Which service accounts a run is about (`--cluster`, `--namespace`, `--service-account`).
pub(crate) struct Selection<'a> {
    pub clusters: &'a [String],
    pub namespaces: &'a [String],
    pub service_account: Option<&'a str>,
}

impl<'a> Selection<'a> {
    pub fn of(args: &'a crate::cli::ServiceAccountSelection) -> Selection<'a> {
        Selection {
            clusters: &args.clusters,
            namespaces: &args.namespaces,
            service_account: args.service_account.as_deref(),
        }
    }
}

/// What `epi usage` and `epi rightsize` start from: the sources read and attributed, per
/// service account, with the live associations.
pub(crate) struct Attributed {
    pub window: Window,
    pub tally: Tally,
    pub unreadable: usize,
    pub ctx: Option<AwsContext>,
    pub live: Live,
    pub rows: Vec<crate::usage::attribution::Row>,
    pub unattributed: crate::usage::attribution::Unattributed,
}

/// Parse (every flag and time before any read), read the sources, read the live associations
/// (unless `--offline`), attribute, and keep the rows of the selection.
pub(crate) async fn attributed(
    trail: &CloudTrailArgs,
    selection: &Selection<'_>,
    aws: &crate::cli::AwsArgs,
    printer: Printer,
) -> Result<Attributed> {
    let window = window(trail)?;
    let snapshot = load_snapshot(trail)?;
    for cluster in selection.clusters {
        crate::validate::names::cluster_name(cluster)?;
    }
    for ns in selection.namespaces {
        crate::validate::names::dns1123_label("namespace", ns)?;
    }
    let mut usage = crate::usage::attribution::Usage::new(window.clone());
    let (mut tally, unreadable, ctx) = read_all(
        trail,
        &window,
        aws,
        printer,
        &athena::Calls::Aggregated,
        |item| match item {
            athena::Item::Event(e) => usage.add(e),
            athena::Item::Calls(a) => usage.add_aggregate(&a),
            athena::Item::Resource(a, r) => usage.add_resource(&a, &r),
        },
    )
    .await?;
    tally.duplicates = usage.duplicates;
    let (ctx, live) = observe_live(trail, aws, ctx, selection.clusters, snapshot, printer).await;
    let (mut rows, unattributed) = usage.finish(&live.known);
    rows.retain(|r| {
        (selection.clusters.is_empty()
            || r.cluster
                .as_ref()
                .is_some_and(|c| selection.clusters.contains(c)))
            && (selection.namespaces.is_empty()
                || r.namespace
                    .as_ref()
                    .is_some_and(|n| selection.namespaces.contains(n)))
            && selection
                .service_account
                .is_none_or(|s| r.service_account.as_deref() == Some(s))
    });
    Ok(Attributed {
        window,
        tally,
        unreadable,
        ctx,
        live,
        rows,
        unattributed,
    })
}

/// Every event of every source, to `each` (an athena: source gives what its query returns for
/// `calls`: counted calls, or the calls asked for); what was not an event is warned about (named
/// `FILE:RECORD`). Returns the tally, how many sources (files, objects, queries) could not be
/// read, and the AWS context an s3:// or athena: source needed (loaded once, for the live reads
/// too).
pub(crate) async fn read_all(
    trail: &CloudTrailArgs,
    window: &Window,
    aws: &crate::cli::AwsArgs,
    printer: Printer,
    calls: &athena::Calls<'_>,
    mut each: impl FnMut(athena::Item),
) -> Result<(Tally, usize, Option<AwsContext>)> {
    let mut tally = Tally::default();
    let mut unreadable = 0;
    let mut ctx = None;
    for source in &trail.sources {
        if let Some(rest) = source.strip_prefix("athena:") {
            let table =
                athena::Table::parse(rest).map_err(|why| Error::invalid("source", source, why))?;
            if ctx.is_none() {
                ctx = Some(super::aws_context(aws, None).await?);
            }
            let ctx = ctx.as_ref().expect("just loaded");
            match read_athena(
                ctx, &table, trail, window, calls, printer, &mut tally, &mut each,
            )
            .await
            {
                Ok(()) => {}
                Err(e) => {
                    unreadable += 1;
                    printer.warn(&format!("cannot read source {source}: {e}"));
                }
            }
            continue;
        }
        if let Some(rest) = source.strip_prefix("s3://") {
            let s3 = S3Source::parse(rest).map_err(|why| Error::invalid("source", source, why))?;
            if ctx.is_none() {
                ctx = Some(super::aws_context(aws, None).await?);
            }
            let ctx = ctx.as_ref().expect("just loaded");
            let keys = match s3.keys(ctx, trail, window).await {
                Ok(keys) => keys,
                Err(e) => {
                    unreadable += 1;
                    printer.warn(&format!("cannot read source {source}: {e}"));
                    continue;
                }
            };
            let bucket = s3.bucket.as_str();
            // Objects are read 16 at a time, each decoded as its bytes arrive; events go to
            // `each` as they complete (attribution does not depend on their order).
            let shared = std::cell::RefCell::new((&mut tally, &mut each));
            let mut reads = futures_util::stream::iter(keys)
                .map(|key| {
                    let shared = &shared;
                    async move {
                        let name = format!("s3://{bucket}/{key}");
                        let mut reader = records::Reader::new(&name);
                        let read = ctx
                            .s3_object_chunks(bucket, &key, |chunk| {
                                let mut shared = shared.borrow_mut();
                                let each = &mut shared.1;
                                reader.feed(chunk, &mut |e| each(athena::Item::Event(e)));
                            })
                            .await;
                        let mut shared = shared.borrow_mut();
                        let (tally, each) = &mut *shared;
                        tally.merge(reader.finish(&mut |e| each(athena::Item::Event(e))));
                        read.err().map(|e| format!("cannot read {name}: {e}"))
                    }
                })
                .buffer_unordered(crate::plan::observe::READ_CONCURRENCY);
            while let Some(failed) = reads.next().await {
                if let Some(message) = failed {
                    unreadable += 1;
                    printer.warn(&message);
                }
            }
            continue;
        }
        unreadable += read_files(&files_of(source), &mut tally, printer, &mut |e| {
            each(athena::Item::Event(e))
        });
    }
    for p in &tally.problems {
        printer.warn(&format!("skipped {p}"));
    }
    if tally.malformed > tally.problems.len() {
        printer.warn(&format!(
            "and {} more malformed record(s)",
            tally.malformed - tally.problems.len()
        ));
    }
    Ok((tally, unreadable, ctx))
}

/// Runs the query of an athena: source and hands its rows on: sessions and counted calls as
/// they come; a call asked for (`epi trace`), once per resource it names in the result, once
/// with all of them.
#[allow(clippy::too_many_arguments)]
async fn read_athena(
    ctx: &AwsContext,
    table: &athena::Table,
    trail: &CloudTrailArgs,
    window: &Window,
    calls: &athena::Calls<'_>,
    printer: Printer,
    tally: &mut Tally,
    each: &mut impl FnMut(athena::Item),
) -> std::result::Result<(), crate::aws::AwsError> {
    // Prune by the table's partitions when it has AWS's documented ones.
    let partitions = ctx
        .athena_partition_keys(&table.database, &table.table)
        .await?;
    let sql = athena::query(
        table,
        &athena::Filter {
            window,
            accounts: &trail.accounts,
            regions: &trail.regions,
            partitions: &partitions,
        },
        calls,
    );
    if trail.show_query {
        printer.stderr(&sql);
    }
    let place = crate::aws::athena::QueryPlace {
        database: table.database.clone(),
        workgroup: trail.athena_workgroup.clone(),
        output: trail.athena_output.clone(),
    };
    let spinner = printer.spinner(&format!(
        "waiting for Athena's query over {}.{}",
        table.database, table.table
    ));
    let result = ctx
        .athena_query(&sql, &place, |id| {
            spinner.set_message(format!(
                "waiting for Athena's query {id} over {}.{}",
                table.database, table.table
            ))
        })
        .await;
    spinner.finish_and_clear();
    let result = result?;
    tally.queries += 1;
    if let Some(bytes) = result.scanned_bytes {
        printer.note(&format!(
            "Athena query {} scanned {} byte(s) of {}.{}",
            result.id, bytes, table.database, table.table
        ));
    }
    let mut wanted: Vec<records::Event> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut sessions = Vec::new();
    for (i, row) in result.rows.iter().enumerate() {
        let kind = row.first().cloned().flatten();
        match athena::decode(&result.columns, row) {
            Ok(athena::Item::Event(e)) if kind.as_deref() == Some("event") => {
                tally.events += 1;
                match at.get(&e.event_id) {
                    Some(&j) => {
                        tally.events -= 1;
                        wanted[j].resources.extend(e.resources);
                    }
                    None => {
                        at.insert(e.event_id.clone(), wanted.len());
                        wanted.push(e);
                    }
                }
            }
            Ok(athena::Item::Event(e)) => sessions.push(e),
            Ok(item) => {
                if let athena::Item::Calls(a) = &item {
                    tally.events += a.deliveries as usize;
                }
                each(item);
            }
            Err(why) => tally.problem(&format!("athena:{}", result.id), i + 1, why),
        }
    }
    for e in wanted {
        each(athena::Item::Event(e));
    }
    for e in sessions {
        // A call asked for may also begin a session (a target role's AssumeRole): once.
        if !at.contains_key(&e.event_id) {
            tally.events += 1;
            each(athena::Item::Event(e));
        }
    }
    Ok(())
}

/// Reads, decompresses and decodes files on as many threads as the machine has cores (at most
/// 8), handing their events to `each` on this thread in batches as they are decoded: decoding is
/// most of the work, and attribution does not depend on the order events come in. Each file is
/// read a chunk at a time and at most a few batches wait, so memory does not grow with a file's
/// size. Returns how many files could not be read.
fn read_files(
    files: &[PathBuf],
    tally: &mut Tally,
    printer: Printer,
    each: &mut impl FnMut(records::Event),
) -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(files.len().max(1));
    let next = AtomicUsize::new(0);
    let (send, receive) = std::sync::mpsc::sync_channel::<Decoded>(workers * 2);
    let mut unreadable = 0;
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let send = send.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(file) = files.get(i) else { break };
                    let done = match read_source(file, &send) {
                        Ok(tally) => Decoded::Done(tally),
                        Err(e) => Decoded::Unreadable(format!(
                            "cannot read source {}: {e}",
                            file.display()
                        )),
                    };
                    if send.send(done).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        for decoded in receive {
            match decoded {
                Decoded::Events(events) => events.into_iter().for_each(&mut *each),
                Decoded::Done(part) => tally.merge(part),
                Decoded::Unreadable(message) => {
                    unreadable += 1;
                    printer.warn(&message);
                }
            }
        }
    });
    unreadable
}

/// What a worker thread sends: a batch of a file's events, then the file's tally.
enum Decoded {
    Events(Vec<records::Event>),
    Done(Tally),
    Unreadable(String),
}

/// How many events a worker sends at a time.
const BATCH: usize = 2048;

/// Reads one file (or standard input) a chunk at a time, sending its events in batches.
fn read_source(path: &Path, send: &std::sync::mpsc::SyncSender<Decoded>) -> std::io::Result<Tally> {
    let (name, mut input): (String, Box<dyn Read>) = if path == Path::new("-") {
        ("-".into(), Box::new(std::io::stdin().lock()))
    } else {
        (
            path.display().to_string(),
            Box::new(std::fs::File::open(path)?),
        )
    };
    let mut reader = records::Reader::new(&name);
    let mut batch = Vec::with_capacity(BATCH);
    let mut chunk = vec![0u8; 256 * 1024];
    let flush = |batch: &mut Vec<records::Event>| {
        if !batch.is_empty() {
            let _ = send.send(Decoded::Events(std::mem::replace(
                batch,
                Vec::with_capacity(BATCH),
            )));
        }
    };
    loop {
        let n = match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        reader.feed(&chunk[..n], &mut |e| batch.push(e));
        if batch.len() >= BATCH {
            flush(&mut batch);
        }
    }
    let tally = reader.finish(&mut |e| batch.push(e));
    flush(&mut batch);
    Ok(tally)
}

/// A trail's bucket: `s3://BUCKET[/PREFIX]`, laid out as CloudTrail delivers to it:
/// `PREFIX/AWSLogs/[o-ORGID/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/FILE.json.gz` (CloudTrail User
/// Guide, "Finding your CloudTrail log files").
struct S3Source {
    bucket: String,
    /// The prefix above `AWSLogs/`, with its trailing `/` (empty for none).
    prefix: String,
}

impl S3Source {
    fn parse(rest: &str) -> std::result::Result<S3Source, &'static str> {
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err("no bucket");
        }
        let prefix = prefix.trim_end_matches('/');
        let prefix = prefix
            .strip_suffix("AWSLogs")
            .unwrap_or(prefix)
            .trim_end_matches('/');
        Ok(S3Source {
            bucket: bucket.to_string(),
            prefix: if prefix.is_empty() {
                String::new()
            } else {
                format!("{prefix}/")
            },
        })
    }

    /// The keys of the accounts, regions and days asked for: only those prefixes are listed.
    async fn keys(
        &self,
        ctx: &AwsContext,
        trail: &CloudTrailArgs,
        window: &Window,
    ) -> Result<Vec<String>> {
        let base = format!("{}AWSLogs/", self.prefix);
        // An organisation trail puts every account under its organisation's id.
        let mut accounts = Vec::new();
        for p in ctx.s3_prefixes(&self.bucket, &base).await? {
            let name = p[base.len()..].trim_end_matches('/');
            if name.starts_with("o-") {
                accounts.extend(ctx.s3_prefixes(&self.bucket, &p).await?);
            } else {
                accounts.push(p);
            }
        }
        accounts.retain(|p| {
            let id = p
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default();
            trail.accounts.is_empty() || trail.accounts.iter().any(|a| a == id)
        });
        let mut keys = Vec::new();
        for account in accounts {
            let trail_prefix = format!("{account}CloudTrail/");
            let mut regions = ctx.s3_prefixes(&self.bucket, &trail_prefix).await?;
            regions.retain(|p| {
                let r = p
                    .trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap_or_default();
                trail.regions.is_empty() || trail.regions.iter().any(|x| x == r)
            });
            for region in regions {
                match days(window) {
                    Some(days) => {
                        for day in days {
                            keys.extend(
                                ctx.s3_keys(&self.bucket, &format!("{region}{day}/"))
                                    .await?,
                            );
                        }
                    }
                    None => keys.extend(ctx.s3_keys(&self.bucket, &region).await?),
                }
            }
        }
        Ok(keys)
    }
}

/// The `YYYY/MM/DD` folders a window covers (from the day before `--since`, as a file holds
/// events of up to its delivery time, to `--until` or today); None without `--since`: all.
fn days(window: &Window) -> Option<Vec<String>> {
    let tz = jiff::tz::TimeZone::UTC;
    let first = window.since?.to_zoned(tz.clone()).date().yesterday().ok()?;
    let last = window
        .until
        .unwrap_or_else(jiff::Timestamp::now)
        .to_zoned(tz)
        .date()
        .tomorrow()
        .ok()?;
    let mut out = Vec::new();
    let mut day = first;
    while day <= last && out.len() <= 3660 {
        out.push(format!(
            "{:04}/{:02}/{:02}",
            day.year(),
            day.month(),
            day.day()
        ));
        day = day.tomorrow().ok()?;
    }
    Some(out)
}

/// The live associations (unless `--offline`); a failure to read them is a warning, and the
/// answer is what the events alone say.
pub(crate) async fn observe_live(
    trail: &CloudTrailArgs,
    aws: &crate::cli::AwsArgs,
    ctx: Option<AwsContext>,
    clusters: &[String],
    snapshot: Option<crate::plan::snapshot::Snapshot>,
    printer: Printer,
) -> (Option<AwsContext>, Live) {
    if let Some(snap) = snapshot {
        if let Some(path) = &trail.snapshot {
            printer.note(&format!(
                "associations and roles from the snapshot {} taken at {}",
                path.display(),
                snap.taken_at
            ));
        }
        return (ctx, Live::of_snapshot(snap, clusters, &trail.regions));
    }
    if trail.offline {
        return (None, Live::default());
    }
    let read = async {
        let ctx = match ctx {
            Some(ctx) => ctx,
            None => super::aws_context(aws, None).await?,
        };
        let mut all = Live::default();
        if trail.regions.is_empty() {
            all = live(&ctx, clusters).await?;
        } else {
            for r in &trail.regions {
                let one = live(&ctx.for_region(r), clusters).await?;
                all.known.extend(one.known);
                all.associations.extend(one.associations);
            }
        }
        Ok::<_, Error>((ctx, all))
    };
    match read.await {
        Ok((ctx, live)) => (Some(ctx), live),
        Err(e) => {
            printer.warn(&format!(
                "could not read the live associations ({e}): no association ids, and calls whose assume event is not in the sources are unattributed (--offline skips this read)"
            ));
            (None, Live::default())
        }
    }
}

/// A time flag: RFC 3339, or an age before now (`90m`, `24h`, `7d`).
fn time(flag: &'static str, text: &str, now: jiff::Timestamp) -> Result<jiff::Timestamp> {
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        return Ok(t);
    }
    let bad = || {
        Error::invalid(flag, text, "not a time")
            .with_hint("give RFC 3339 (2026-12-01T00:00:00Z) or an age: 90m, 24h, 7d")
    };
    let (number, unit) = text.split_at(text.len().saturating_sub(1));
    let n: i64 = number.parse().map_err(|_| bad())?;
    let seconds = match unit {
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(bad()),
    };
    n.checked_mul(seconds)
        .and_then(|s| now.checked_sub(jiff::SignedDuration::from_secs(s)).ok())
        .ok_or_else(bad)
}

/// The files a source stands for: itself, or every file below a directory (sorted, hidden ones
/// left out); `-` is standard input.
fn files_of(source: &str) -> Vec<PathBuf> {
    let path = PathBuf::from(source);
    if !path.is_dir() {
        return vec![path];
    }
    let mut out = Vec::new();
    let mut stack = vec![path];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            out.push(dir);
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The live associations of the clusters asked for (every cluster of the region without
/// `--cluster`), with their roles and the clusters' OIDC issuers.
async fn live(ctx: &AwsContext, clusters: &[String]) -> Result<Live> {
    let clusters = if clusters.is_empty() {
        ctx.list_clusters().await?
    } else {
        clusters.to_vec()
    };
    let mut known = Vec::new();
    let mut associations = Vec::new();
    for name in clusters {
        let cluster = ctx.describe_cluster(&name).await?;
        let summaries = ctx.list_associations(&name, None, None).await?;
        let described: Vec<_> = futures_util::stream::iter(summaries)
            .map(|s| {
                let ctx = &ctx;
                let name = &name;
                async move { ctx.describe_association(name, &s.association_id).await }
            })
            .buffer_unordered(crate::plan::observe::READ_CONCURRENCY)
            .collect()
            .await;
        for a in described {
            let a = a?;
            known.push(Known {
                account: cluster.account.clone(),
                region: cluster.region.clone(),
                cluster: cluster.name.clone(),
                oidc_issuer: cluster.oidc_issuer.clone(),
                namespace: a.namespace.clone(),
                service_account: a.service_account.clone(),
                role_arn: a.role_arn.clone(),
                target_role_arn: a.target_role_arn.clone(),
                association_id: a.association_id.clone(),
            });
            associations.push(a);
        }
    }
    Ok(Live {
        known,
        associations,
        snapshot: None,
    })
}

/// What was read live (or from `--snapshot`).
#[derive(Default)]
pub(crate) struct Live {
    pub known: Vec<Known>,
    pub associations: Vec<crate::aws::eks::Association>,
    /// The snapshot the associations came from, whose roles answer for them.
    pub snapshot: Option<Box<crate::plan::snapshot::Snapshot>>,
}

impl Live {
    /// Whether associations were read (live or from a snapshot), so that one not found is gone.
    pub fn read(&self, ctx: Option<&AwsContext>) -> bool {
        ctx.is_some() || self.snapshot.is_some()
    }

    /// The associations of a snapshot's clusters (those named, in the regions named, else
    /// all), as a live read gives them.
    fn of_snapshot(
        snap: crate::plan::snapshot::Snapshot,
        clusters: &[String],
        regions: &[String],
    ) -> Live {
        let mut live = Live::default();
        for c in &snap.clusters {
            if (!clusters.is_empty() && !clusters.contains(&c.name))
                || (!regions.is_empty() && !regions.contains(&c.region))
            {
                continue;
            }
            for a in &c.associations {
                live.known.push(Known {
                    account: c.account.clone(),
                    region: c.region.clone(),
                    cluster: c.name.clone(),
                    oidc_issuer: c.oidc_issuer.clone(),
                    namespace: a.namespace.clone(),
                    service_account: a.service_account.clone(),
                    role_arn: a.role_arn.clone(),
                    target_role_arn: a.target_role_arn.clone(),
                    association_id: a.association_id.clone(),
                });
                live.associations.push(a.clone());
            }
        }
        live.snapshot = Some(Box::new(snap));
        live
    }
}

/// `--snapshot FILE`, read and checked before any source is (a bad file is bad input).
pub(crate) fn load_snapshot(
    trail: &CloudTrailArgs,
) -> Result<Option<crate::plan::snapshot::Snapshot>> {
    trail
        .snapshot
        .as_deref()
        .map(crate::plan::snapshot::load)
        .transpose()
}

/// An association's roles, read once, and the evaluator's answer for any action and resource
/// its pods ask (as `epi access check` asks it: no context keys, no resource policy).
pub(crate) struct Judge {
    pub facts: crate::policy::access::AssociationFacts,
    pub role: Option<crate::policy::access::RoleFacts>,
    pub target: Option<crate::policy::access::RoleFacts>,
}

impl Judge {
    /// Reads the association's role and target role (in the cluster's account; a role elsewhere
    /// is an error naming it), from the snapshot the associations came from when there is one.
    pub async fn read(
        ctx: Option<&AwsContext>,
        live: &Live,
        roles: &crate::plan::observe::Roles,
        a: &crate::aws::eks::Association,
    ) -> std::result::Result<Judge, String> {
        let facts = crate::plan::observe::association_facts(a);
        if let Some(snap) = &live.snapshot {
            let role = snap
                .role(&a.role_arn)
                .map_err(|e| format!("role {}: {e}", a.role_arn))?;
            let target = match &a.target_role_arn {
                Some(t) => snap.role(t).map_err(|e| format!("role {t}: {e}"))?,
                None => None,
            };
            return Ok(Judge {
                facts,
                role,
                target,
            });
        }
        let ctx = ctx.ok_or("the live associations could not be read")?;
        let read = |arn: String| {
            let account = facts.account.clone();
            async move {
                if crate::validate::Arn::account_of(&arn) != Some(account.as_str()) {
                    return Err(format!(
                        "role {arn} is in another account, which this run does not read"
                    ));
                }
                roles
                    .read(ctx, &arn)
                    .await
                    .map_err(|e| format!("role {arn}: {e}"))
            }
        };
        let role = read(a.role_arn.clone()).await?;
        let target = match &a.target_role_arn {
            Some(t) => read(t.clone()).await?,
            None => None,
        };
        Ok(Judge {
            facts,
            role,
            target,
        })
    }

    pub fn ask(&self, action: &str, resource: &str) -> crate::policy::access::Answer {
        let q = crate::policy::access::Question::of(action, resource);
        crate::policy::access::evaluate(&self.facts, self.role.as_ref(), self.target.as_ref(), &q)
    }
}
