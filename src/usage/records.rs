//! CloudTrail events as they are delivered and exported, decoded one record at a time.
//!
//! Two shapes are read, each plain or gzip-compressed (told apart by gzip's magic bytes, not the
//! file name):
//! - a log file as a trail delivers it to S3: one JSON object `{"Records": [EVENT, …]}`
//!   (CloudTrail User Guide, "CloudTrail log file examples":
//!   <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html>);
//! - JSON Lines, one event a line, as CloudTrail Lake exports and `aws cloudtrail lookup-events`
//!   (its `CloudTrailEvent` strings, one a line) give them.
//!
//! A record that is not an event is counted and named by `SOURCE:RECORD` (its 1-based place in
//! the file), never fatal: one bad line must not hide a day of logs. Only the fields epi reads are
//! decoded; `requestParameters` and `responseElements` are kept raw and parsed only for the few
//! events that need them (the assume-role events), so a large log is read at the speed of its
//! bytes.

use serde::Deserialize;
use serde_json::value::RawValue;

/// The fields of a CloudTrail event epi reads (CloudTrail record contents:
/// <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html>).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    #[serde(rename = "eventID")]
    pub event_id: String,
    pub event_time: String,
    pub event_source: String,
    pub event_name: String,
    #[serde(default)]
    pub aws_region: String,
    #[serde(default)]
    pub user_identity: UserIdentity,
    #[serde(default)]
    pub error_code: Option<String>,
    #[serde(default)]
    pub request_parameters: Option<Box<RawValue>>,
    #[serde(default)]
    pub response_elements: Option<Box<RawValue>>,
    /// Data events and some management events name the resources they touched.
    #[serde(default)]
    pub resources: Vec<Resource>,
    #[serde(default)]
    pub recipient_account_id: Option<String>,
}

/// `userIdentity` (CloudTrail userIdentity element:
/// <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html>).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserIdentity {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub arn: Option<String>,
    #[serde(default)]
    pub account_id: Option<String>,
    #[serde(default)]
    pub access_key_id: Option<String>,
    /// The service that made the call on the caller's behalf (`pods.eks.amazonaws.com`).
    #[serde(default)]
    pub invoked_by: Option<String>,
    /// A web identity's user: `system:serviceaccount:NAMESPACE:NAME` for IRSA.
    #[serde(default)]
    pub user_name: Option<String>,
    /// A web identity's provider: the cluster's OIDC provider for IRSA.
    #[serde(default)]
    pub identity_provider: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Resource {
    #[serde(rename = "ARN", default)]
    pub arn: Option<String>,
}

/// What reading a source found besides its events.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tally {
    /// Files (or objects) read.
    pub files: usize,
    /// Events decoded, duplicates included.
    pub events: usize,
    /// Events delivered again (the same `eventID`), counted once.
    pub duplicates: usize,
    /// Records that are not events, and files cut short.
    pub malformed: usize,
    /// Athena queries run (an athena: source's events are counted by its query).
    #[serde(skip_serializing_if = "is_zero")]
    pub queries: usize,
    /// `SOURCE:RECORD: why` of the first malformed records (up to [`MAX_PROBLEMS`]).
    pub problems: Vec<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// How many malformed records are named one by one; the rest are counted.
pub const MAX_PROBLEMS: usize = 20;

impl Tally {
    /// Adds another part's counts (files decoded apart).
    pub fn merge(&mut self, other: Tally) {
        self.files += other.files;
        self.events += other.events;
        self.duplicates += other.duplicates;
        self.malformed += other.malformed;
        self.queries += other.queries;
        let room = MAX_PROBLEMS.saturating_sub(self.problems.len());
        self.problems.extend(other.problems.into_iter().take(room));
    }

    /// Where the events came from: `3 file(s)`, `1 Athena query`, or both.
    pub fn origin(&self) -> String {
        match (self.files, self.queries) {
            (f, 0) => format!("{f} file(s)"),
            (0, q) => format!("{q} Athena quer{}", if q == 1 { "y" } else { "ies" }),
            (f, q) => format!(
                "{f} file(s) and {q} Athena quer{}",
                if q == 1 { "y" } else { "ies" }
            ),
        }
    }

    /// Counts a record that is not an event, named `SOURCE:RECORD`.
    pub fn problem(&mut self, source: &str, record: usize, why: impl std::fmt::Display) {
        self.malformed += 1;
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(format!("{source}:{record}: {why}"));
        }
    }
}

/// The bytes of one source, gunzipped when they start with gzip's magic bytes. A gzip stream cut
/// short gives what it held before the cut and the error.
pub fn decompress(bytes: &[u8]) -> (std::borrow::Cow<'_, [u8]>, Option<String>) {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return (std::borrow::Cow::Borrowed(bytes), None);
    }
    use std::io::Read;
    let mut out = Vec::with_capacity(bytes.len() * 8);
    // CloudTrail writes one gzip member a file; MultiGzDecoder also reads concatenated ones.
    let result = flate2::read::MultiGzDecoder::new(bytes).read_to_end(&mut out);
    (
        std::borrow::Cow::Owned(out),
        result
            .err()
            .map(|e| format!("the gzip stream is cut short or damaged: {e}")),
    )
}

/// Calls `each` with every event of one source's bytes (plain or gzip), counting what is not an
/// event in `tally` under the name `source`.
pub fn read(source: &str, bytes: &[u8], tally: &mut Tally, mut each: impl FnMut(Event)) {
    tally.files += 1;
    let (text, damage) = decompress(bytes);
    let mut record = 0;
    let mut one =
        |raw: &str, record: usize, tally: &mut Tally| match serde_json::from_str::<Event>(raw) {
            Ok(event) => {
                tally.events += 1;
                each(event);
            }
            Err(e) => tally.problem(source, record, format!("not a CloudTrail event: {e}")),
        };
    if is_delivery(&text) {
        #[derive(Deserialize)]
        struct Delivery<'a> {
            #[serde(rename = "Records", borrow)]
            records: Vec<&'a RawValue>,
        }
        match std::str::from_utf8(&text)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str::<Delivery>(t).map_err(|e| e.to_string()))
        {
            Ok(delivery) => {
                for raw in delivery.records {
                    record += 1;
                    one(raw.get(), record, tally);
                }
            }
            // A cut stream cuts the file's JSON too: the damage below says why, once.
            Err(_) if damage.is_some() => {}
            Err(e) => tally.problem(source, 1, format!("not a CloudTrail log file: {e}")),
        }
    } else {
        let mut lines: Vec<&[u8]> = text.split(|b| *b == b'\n').collect();
        if damage.is_some() {
            // The last line of a cut stream is cut too.
            lines.pop();
        }
        for line in lines {
            record += 1;
            let line = line.trim_ascii();
            if line.is_empty() {
                continue;
            }
            match std::str::from_utf8(line) {
                Ok(line) => one(line, record, tally),
                Err(e) => tally.problem(source, record, format!("not UTF-8: {e}")),
            }
        }
    }
    if let Some(damage) = damage {
        tally.problem(source, record + 1, damage);
    }
}

/// Whether the text is a delivered log file (`{"Records": …`) rather than JSON Lines.
fn is_delivery(text: &[u8]) -> bool {
    let mut rest = text.trim_ascii_start();
    let Some(after) = rest.strip_prefix(b"{") else {
        return false;
    };
    rest = after.trim_ascii_start();
    rest.starts_with(b"\"Records\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENT: &str = r#"{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/app/s","accountId":"111122223333","accessKeyId":"ASIAEXAMPLE"},"eventTime":"2026-12-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","eventID":"e1","resources":[{"ARN":"arn:aws:s3:::data/team-a/x","type":"AWS::S3::Object"}]}"#;

    fn all(bytes: &[u8]) -> (Vec<Event>, Tally) {
        let mut tally = Tally::default();
        let mut out = Vec::new();
        read("f.json", bytes, &mut tally, |e| out.push(e));
        (out, tally)
    }

    #[test]
    fn a_delivered_log_file_and_json_lines_read_alike() {
        let delivery = format!("{{\"Records\":[{EVENT},{EVENT}]}}");
        let (events, tally) = all(delivery.as_bytes());
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].event_name, "GetObject");
        assert_eq!(
            events[0].user_identity.access_key_id.as_deref(),
            Some("ASIAEXAMPLE")
        );
        assert_eq!(
            events[0].resources[0].arn.as_deref(),
            Some("arn:aws:s3:::data/team-a/x")
        );
        assert_eq!((tally.files, tally.events, tally.malformed), (1, 2, 0));
        let lines = format!("{EVENT}\n\n{EVENT}\n");
        let (events, tally) = all(lines.as_bytes());
        assert_eq!((events.len(), tally.malformed), (2, 0));
    }

    #[test]
    fn gzip_is_read_by_its_magic_and_a_cut_stream_is_a_problem_not_an_end() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(format!("{{\"Records\":[{EVENT}]}}").as_bytes())
            .unwrap();
        let bytes = gz.finish().unwrap();
        let (events, tally) = all(&bytes);
        assert_eq!((events.len(), tally.malformed), (1, 0));
        let (_, tally) = all(&bytes[..bytes.len() - 12]);
        assert_eq!(tally.malformed, 1, "{tally:?}");
        assert!(tally.problems[0].contains("cut short"), "{tally:?}");
    }

    #[test]
    fn a_bad_record_is_named_by_its_place_and_the_rest_are_read() {
        let lines = format!("{EVENT}\n{{\"not\":\"an event\"}}\n{EVENT}\n");
        let (events, tally) = all(lines.as_bytes());
        assert_eq!(events.len(), 2);
        assert_eq!(tally.malformed, 1);
        assert!(tally.problems[0].starts_with("f.json:2: "), "{tally:?}");
    }
}
