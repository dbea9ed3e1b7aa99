//! The query `epi usage` and `epi trace` push down to Athena for a trail too large for one
//! machine, and the decoding of its rows back into what the file sources give.
//!
//! The table is the one the Athena User Guide has you create for a trail ("Create a table for
//! CloudTrail logs in Athena using manual partitioning" and "… using partition projection":
//! <https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table.html>): lower-case
//! columns `eventid`, `eventtime`, `eventsource`, `eventname`, `awsregion`, `errorcode`,
//! `recipientaccountid`, the struct `useridentity` (`type`, `arn`, `accountid`, `accesskeyid`,
//! `invokedby`, `username`), the JSON strings `requestparameters` and `responseelements`, and
//! `resources ARRAY<STRUCT<arn, accountid, type>>`. Partition keys `timestamp` (projection,
//! `yyyy/MM/dd`) or `region`/`year`/`month`/`day` (manual) are used to prune when present.
//!
//! One query, in Athena's dialect (Trino), returns three kinds of rows:
//! - `session`: each assume event that starts a pod's session (EKS Pod Identity's `AssumeRole`,
//!   IRSA's `AssumeRoleWithWebIdentity`) and each `AssumeRole` made with such a session's key (a
//!   target role), whole: attribution reads their parameters as it does a file's;
//! - for `epi usage`, `calls`: one row per (session, event source, event name, error code) of the
//!   calls made with those sessions' keys, or by sessions named `eks-…` (the fallback by session
//!   name), with the distinct calls, the deliveries and the first and last time; and `resource`:
//!   each resource ARN those calls named, once;
//! - for `epi trace`, `event`: each call asked for, once per resource it names.
//!
//! The join of calls to sessions is pushed down as a semi-join on the access key, so only the
//! calls of pod sessions leave Athena. Chains of target roles are followed one step (a target
//! role's session assuming a third role is not read).

use std::collections::HashMap;

use serde_json::value::RawValue;

use super::attribution::Window;
use super::records::{Event, Resource, UserIdentity};
use super::trace::Target;

/// `athena:DATABASE.TABLE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub database: String,
    pub table: String,
}

impl Table {
    /// `DATABASE.TABLE` (what follows `athena:`). Athena's names are letters, digits and `_`
    /// (a database may also hold `-`); anything else is refused rather than quoted into SQL.
    pub fn parse(text: &str) -> Result<Table, &'static str> {
        let (database, table) = text
            .split_once('.')
            .ok_or("not DATABASE.TABLE (the Glue database and the trail's table)")?;
        let ok = |s: &str, dash: bool| {
            !s.is_empty()
                && s.len() <= 255
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || (dash && b == b'-'))
        };
        if !ok(database, true) {
            return Err("the database name may hold only letters, digits, _ and -");
        }
        if !ok(table, false) {
            return Err("the table name may hold only letters, digits and _");
        }
        Ok(Table {
            database: database.to_string(),
            table: table.to_string(),
        })
    }
}

/// What the query reads: the window and the accounts and regions asked for, and the table's
/// partition keys (lower case) for pruning.
pub struct Filter<'a> {
    pub window: &'a Window,
    pub accounts: &'a [String],
    pub regions: &'a [String],
    pub partitions: &'a [String],
}

/// The calls the query returns besides the sessions.
pub enum Calls<'a> {
    /// `epi usage`: counts per session and action.
    Aggregated,
    /// `epi trace`: the calls asked for, whole.
    Matching(&'a Target),
}

/// The columns of every row, by name (the unions below match them by place).
const ROW_COLUMNS: &str = "eventid, eventtime, eventsource, eventname, awsregion, identitytype, \
identityarn, identityaccount, accesskeyid, invokedby, username, requestparameters, \
responseelements, recipientaccountid, errorcode";

/// The columns of an assume event's row (and so of every row: unions match by place).
const SESSION_COLUMNS: &str = "eventid, eventtime, eventsource, eventname, awsregion, \
useridentity.type AS identitytype, useridentity.arn AS identityarn, \
useridentity.accountid AS identityaccount, useridentity.accesskeyid AS accesskeyid, \
useridentity.invokedby AS invokedby, useridentity.username AS username, \
requestparameters, responseelements, recipientaccountid, errorcode";

/// The query.
pub fn query(table: &Table, filter: &Filter, calls: &Calls) -> String {
    let since = filter.window.since.map(ceil_second);
    let until = filter.window.until.map(ceil_second);
    // Sessions may begin before the window: read assume events from the day before it, as the
    // S3 source reads the day before `--since`.
    let sessions_since = filter
        .window
        .since
        .and_then(|s| s.checked_sub(jiff::SignedDuration::from_hours(24)).ok())
        .map(ceil_second);

    let mut trail = vec![];
    if let Some(s) = &sessions_since {
        trail.push(format!("eventtime >= {}", literal(s)));
    }
    if let Some(u) = &until {
        trail.push(format!("eventtime < {}", literal(u)));
    }
    if !filter.accounts.is_empty() {
        trail.push(format!("recipientaccountid IN ({})", list(filter.accounts)));
    }
    if !filter.regions.is_empty() {
        trail.push(format!("awsregion IN ({})", list(filter.regions)));
    }
    trail.extend(partition_pruning(filter));

    let in_window = since.as_ref().map_or_else(
        || "TRUE".to_string(),
        |s| format!("eventtime >= {}", literal(s)),
    );
    let pod_calls = "useridentity.type = 'AssumedRole' AND (useridentity.accesskeyid IN \
(SELECT newkey FROM keys) OR regexp_like(useridentity.arn, ':assumed-role/[^/]+/eks-'))";

    let mut sql = format!(
        "-- epi: the sessions of EKS Pod Identity and IRSA, and their calls\n\
WITH trail AS (\n  SELECT * FROM \"{db}\".\"{tb}\"\n  WHERE {trail}\n),\n\
sessions AS (\n  SELECT {SESSION_COLUMNS},\n    \
json_extract_scalar(responseelements, '$.credentials.accessKeyId') AS newkey\n  FROM trail\n  \
WHERE eventsource = 'sts.amazonaws.com' AND errorcode IS NULL\n    \
AND ((eventname = 'AssumeRole' AND useridentity.type = 'AWSService'\n      \
AND useridentity.invokedby = 'pods.eks.amazonaws.com')\n      \
OR eventname = 'AssumeRoleWithWebIdentity')\n),\n\
chained AS (\n  SELECT {SESSION_COLUMNS},\n    \
json_extract_scalar(responseelements, '$.credentials.accessKeyId') AS newkey\n  FROM trail\n  \
WHERE eventsource = 'sts.amazonaws.com' AND errorcode IS NULL AND eventname = 'AssumeRole'\n    \
AND useridentity.accesskeyid IN (SELECT newkey FROM sessions)\n),\n\
keys AS (\n  SELECT newkey FROM sessions UNION SELECT newkey FROM chained\n),\n",
        db = table.database,
        tb = table.table,
        trail = if trail.is_empty() {
            "TRUE".to_string()
        } else {
            trail.join("\n    AND ")
        },
    );
    let session_row = |from: &str| {
        format!(
            "SELECT 'session' AS kind, {ROW_COLUMNS},\n  CAST(NULL AS varchar) AS resource, \
CAST(NULL AS bigint) AS calls, CAST(NULL AS bigint) AS deliveries, \
CAST(NULL AS varchar) AS lastseen\nFROM {from}"
        )
    };
    let call_columns = "eventid, eventtime, eventsource, eventname, awsregion, \
useridentity.type AS identitytype, useridentity.arn AS identityarn, \
useridentity.accountid AS identityaccount, useridentity.accesskeyid AS accesskeyid, \
errorcode, resources";
    match calls {
        Calls::Aggregated => {
            sql.push_str(&format!(
                "calls AS (\n  SELECT {call_columns}\n  FROM trail\n  WHERE {in_window}\n    AND {pod_calls}\n)\n"
            ));
            sql.push_str(&session_row("sessions"));
            sql.push_str("\nUNION ALL\n");
            sql.push_str(&session_row("chained"));
            sql.push_str(
                "\nUNION ALL\n\
SELECT 'calls', NULL, min(eventtime), eventsource, eventname, NULL, 'AssumedRole', identityarn,\n  \
identityaccount, accesskeyid, NULL, NULL, NULL, NULL, NULL, errorcode, NULL,\n  \
count(DISTINCT eventid), count(*), max(eventtime)\nFROM calls\n\
GROUP BY eventsource, eventname, identityarn, identityaccount, accesskeyid, errorcode\n\
UNION ALL\n\
SELECT DISTINCT 'resource', NULL, NULL, eventsource, eventname, NULL, 'AssumedRole', identityarn,\n  \
identityaccount, accesskeyid, NULL, NULL, NULL, NULL, NULL, errorcode, r.arn,\n  \
NULL, NULL, NULL\nFROM calls CROSS JOIN UNNEST(resources) AS t(r)\n",
            );
        }
        Calls::Matching(target) => {
            let wanted = match target {
                Target::Event(id) => format!("eventid = {}", literal(id)),
                Target::AccessKey(key) => {
                    format!("useridentity.accesskeyid = {}", literal(key))
                }
                Target::Session(arn) => format!("useridentity.arn = {}", literal(arn)),
                Target::ServiceAccount { .. } => pod_calls.to_string(),
            };
            sql.push_str(&format!(
                "wanted AS (\n  SELECT {call_columns}\n  FROM trail\n  WHERE {in_window}\n    \
AND useridentity.accesskeyid IS NOT NULL AND {wanted}\n)\n"
            ));
            sql.push_str(&session_row("sessions"));
            sql.push_str("\nUNION ALL\n");
            sql.push_str(&session_row("chained"));
            sql.push_str(
                "\nUNION ALL\n\
SELECT 'event', eventid, eventtime, eventsource, eventname, awsregion, identitytype, identityarn,\n  \
identityaccount, accesskeyid, NULL, NULL, NULL, NULL, NULL, errorcode, r.arn,\n  \
NULL, NULL, NULL\nFROM wanted LEFT JOIN UNNEST(resources) AS t(r) ON TRUE\n",
            );
        }
    }
    sql
}

/// Pruning by the table's partitions, when it has those of AWS's documented tables.
fn partition_pruning(filter: &Filter) -> Vec<String> {
    let has = |k: &str| filter.partitions.iter().any(|p| p == k);
    let mut out = Vec::new();
    let day = |t: jiff::Timestamp| {
        let d = t.to_zoned(jiff::tz::TimeZone::UTC).date();
        format!("{:04}/{:02}/{:02}", d.year(), d.month(), d.day())
    };
    let first = filter
        .window
        .since
        .and_then(|s| s.checked_sub(jiff::SignedDuration::from_hours(24)).ok())
        .map(day);
    let last = filter
        .window
        .until
        .and_then(|u| u.checked_add(jiff::SignedDuration::from_hours(24)).ok())
        .map(day);
    let days = if has("timestamp") {
        Some("\"timestamp\"".to_string())
    } else if has("year") && has("month") && has("day") {
        Some("(year || '/' || month || '/' || day)".to_string())
    } else {
        None
    };
    if let Some(days) = days {
        if let Some(first) = first {
            out.push(format!("{days} >= {}", literal(&first)));
        }
        if let Some(last) = last {
            out.push(format!("{days} <= {}", literal(&last)));
        }
    }
    if has("region") && !filter.regions.is_empty() {
        out.push(format!("region IN ({})", list(filter.regions)));
    }
    out
}

/// A time as CloudTrail writes `eventtime` (`2026-12-01T10:00:00Z`), rounded up to the second:
/// such strings compare as the times they are, and an event's whole second is in the window
/// exactly when it is at or after the rounded bound.
fn ceil_second(t: jiff::Timestamp) -> String {
    let whole = if t.subsec_nanosecond() > 0 {
        jiff::Timestamp::from_second(t.as_second() + 1).unwrap_or(t)
    } else {
        t
    };
    whole.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A SQL string literal.
fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| literal(v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One row of the query, decoded.
#[derive(Debug)]
pub enum Item {
    /// An assume event, or (`epi trace`) a call with one of its resources.
    Event(Event),
    /// Calls of one session, action and error code.
    Calls(Aggregate),
    /// A resource those calls named.
    Resource(Aggregate, String),
}

/// Calls of one session with one (event source, event name, error code).
#[derive(Clone, Debug, Default)]
pub struct Aggregate {
    pub access_key: String,
    pub session_arn: String,
    pub account: String,
    pub event_source: String,
    pub event_name: String,
    pub error_code: Option<String>,
    /// Distinct calls (`eventid`s).
    pub count: u64,
    /// Events read, the same one delivered twice counted twice.
    pub deliveries: u64,
    pub first: String,
    pub last: String,
}

/// Decodes a row by its columns' names; Err names what is wrong with it.
pub fn decode(columns: &[String], row: &[Option<String>]) -> Result<Item, String> {
    let index: HashMap<&str, usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let get = |name: &str| -> Option<String> {
        index.get(name).and_then(|i| row.get(*i).cloned().flatten())
    };
    let need = |name: &str| get(name).ok_or_else(|| format!("no {name}"));
    let number = |name: &str| -> Result<u64, String> {
        need(name)?
            .parse()
            .map_err(|_| format!("{name} is not a count"))
    };
    let aggregate = || -> Result<Aggregate, String> {
        Ok(Aggregate {
            access_key: need("accesskeyid")?,
            session_arn: need("identityarn")?,
            account: get("identityaccount").unwrap_or_default(),
            event_source: need("eventsource")?,
            event_name: need("eventname")?,
            error_code: get("errorcode"),
            ..Aggregate::default()
        })
    };
    match need("kind")?.as_str() {
        "calls" => Ok(Item::Calls(Aggregate {
            count: number("calls")?,
            deliveries: number("deliveries")?,
            first: need("eventtime")?,
            last: need("lastseen")?,
            ..aggregate()?
        })),
        "resource" => Ok(Item::Resource(aggregate()?, need("resource")?)),
        "session" | "event" => {
            let raw = |name: &str| -> Result<Option<Box<RawValue>>, String> {
                get(name)
                    .map(|text| {
                        RawValue::from_string(text).map_err(|e| format!("{name} is not JSON: {e}"))
                    })
                    .transpose()
            };
            Ok(Item::Event(Event {
                event_id: need("eventid")?,
                event_time: need("eventtime")?,
                event_source: need("eventsource")?,
                event_name: need("eventname")?,
                aws_region: get("awsregion").unwrap_or_default(),
                user_identity: UserIdentity {
                    kind: get("identitytype").unwrap_or_default(),
                    arn: get("identityarn"),
                    account_id: get("identityaccount"),
                    access_key_id: get("accesskeyid"),
                    invoked_by: get("invokedby"),
                    user_name: get("username"),
                    identity_provider: None,
                },
                error_code: get("errorcode"),
                request_parameters: raw("requestparameters")?,
                response_elements: raw("responseelements")?,
                resources: get("resource")
                    .map(|arn| vec![Resource { arn: Some(arn) }])
                    .unwrap_or_default(),
                recipient_account_id: get("recipientaccountid"),
                origin: None,
            }))
        }
        other => Err(format!("unknown row kind {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(since: &str, until: &str) -> Window {
        Window {
            since: Some(since.parse().unwrap()),
            until: Some(until.parse().unwrap()),
        }
    }

    #[test]
    fn table_names_are_checked_not_quoted() {
        assert_eq!(
            Table::parse("trails.cloudtrail_logs"),
            Ok(Table {
                database: "trails".into(),
                table: "cloudtrail_logs".into()
            })
        );
        assert!(Table::parse("cloudtrail_logs").is_err());
        assert!(Table::parse("a.b\"; DROP TABLE x").is_err());
        assert!(Table::parse(".t").is_err());
    }

    #[test]
    fn the_window_and_partitions_prune() {
        let w = window("2026-12-01T00:00:00.5Z", "2026-12-02T00:00:00Z");
        let regions = vec!["us-east-1".to_string()];
        let partitions = vec!["timestamp".to_string()];
        let sql = query(
            &Table::parse("db.t").unwrap(),
            &Filter {
                window: &w,
                accounts: &["111122223333".to_string()],
                regions: &regions,
                partitions: &partitions,
            },
            &Calls::Aggregated,
        );
        // Calls from the window's start (rounded up to CloudTrail's whole seconds), sessions
        // from the day before.
        assert!(sql.contains("eventtime >= '2026-12-01T00:00:01Z'"), "{sql}");
        assert!(sql.contains("eventtime >= '2026-11-30T00:00:01Z'"), "{sql}");
        assert!(sql.contains("eventtime < '2026-12-02T00:00:00Z'"), "{sql}");
        assert!(sql.contains("\"timestamp\" >= '2026/11/30'"), "{sql}");
        assert!(sql.contains("\"timestamp\" <= '2026/12/03'"), "{sql}");
        assert!(
            sql.contains("recipientaccountid IN ('111122223333')"),
            "{sql}"
        );
        assert!(sql.contains("awsregion IN ('us-east-1')"), "{sql}");
        // No `region` partition here: only the column is filtered.
        assert!(!sql.contains(" region IN"), "{sql}");

        let manual = vec![
            "region".to_string(),
            "year".to_string(),
            "month".to_string(),
            "day".to_string(),
        ];
        let sql = query(
            &Table::parse("db.t").unwrap(),
            &Filter {
                window: &w,
                accounts: &[],
                regions: &regions,
                partitions: &manual,
            },
            &Calls::Aggregated,
        );
        assert!(
            sql.contains("(year || '/' || month || '/' || day) >= '2026/11/30'"),
            "{sql}"
        );
        assert!(sql.contains(" region IN ('us-east-1')"), "{sql}");
    }

    #[test]
    fn a_traced_id_is_a_literal() {
        let target = Target::Event("x' OR '1'='1".into());
        let sql = query(
            &Table::parse("db.t").unwrap(),
            &Filter {
                window: &Window::default(),
                accounts: &[],
                regions: &[],
                partitions: &[],
            },
            &Calls::Matching(&target),
        );
        assert!(sql.contains("eventid = 'x'' OR ''1''=''1'"), "{sql}");
        assert!(sql.contains("WHERE TRUE"), "{sql}");
    }

    #[test]
    fn rows_decode_by_column_name() {
        let columns: Vec<String> = [
            "kind",
            "eventid",
            "eventtime",
            "eventsource",
            "eventname",
            "identityarn",
            "identityaccount",
            "accesskeyid",
            "errorcode",
            "calls",
            "deliveries",
            "lastseen",
            "requestparameters",
        ]
        .map(String::from)
        .to_vec();
        let s = |v: &str| Some(v.to_string());
        let row = vec![
            s("calls"),
            None,
            s("2026-12-01T10:00:00Z"),
            s("s3.amazonaws.com"),
            s("GetObject"),
            s("arn:aws:sts::111122223333:assumed-role/r/eks-prod-x"),
            s("111122223333"),
            s("ASIAEXAMPLE"),
            None,
            s("3"),
            s("4"),
            s("2026-12-01T11:00:00Z"),
            None,
        ];
        let Ok(Item::Calls(a)) = decode(&columns, &row) else {
            panic!("not calls")
        };
        assert_eq!(
            (a.count, a.deliveries, a.last.as_str()),
            (3, 4, "2026-12-01T11:00:00Z")
        );
        let mut bad = row.clone();
        bad[0] = s("session");
        bad[1] = s("e1");
        bad[12] = s("{not json");
        assert!(
            decode(&columns, &bad)
                .unwrap_err()
                .contains("requestparameters")
        );
    }
}
