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
    /// Where the event was read: `SOURCE:RECORD` (None for what an Athena query counted).
    #[serde(skip)]
    pub origin: Option<Origin>,
}

/// A record's place: its source's name (shared by all its records) and its 1-based number.
#[derive(Clone, Debug)]
pub struct Origin {
    pub source: std::sync::Arc<str>,
    pub record: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.source, self.record)
    }
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

/// Calls `each` with every event of one source's bytes (plain or gzip), counting what is not an
/// event in `tally` under the name `source`. The same as feeding them to a [`Reader`] at once.
pub fn read(source: &str, bytes: &[u8], tally: &mut Tally, mut each: impl FnMut(Event)) {
    let mut reader = Reader::new(source);
    reader.feed(bytes, &mut each);
    tally.merge(reader.finish(&mut each));
}

/// One source decoded as its bytes come, a chunk at a time, so that no file or object is ever
/// whole in memory: gzip is undone as a stream (told by its magic bytes, not the name), and each
/// record is parsed as soon as its last byte is in. What is held is the chunk and the record
/// being read.
pub struct Reader {
    name: String,
    /// The first bytes, until there are enough to tell gzip.
    start: Vec<u8>,
    stage: Stage,
}

enum Stage {
    Start,
    Plain(Records),
    Gzip(Box<flate2::write::MultiGzDecoder<Records>>),
    /// The gzip stream broke: what it held before is read, the rest is not.
    Broken(Records),
}

impl Reader {
    pub fn new(source: &str) -> Reader {
        Reader {
            name: source.to_string(),
            start: Vec::new(),
            stage: Stage::Start,
        }
    }

    /// Takes the next bytes; the events complete in them go to `each`.
    pub fn feed(&mut self, chunk: &[u8], each: &mut impl FnMut(Event)) {
        if let Stage::Start = self.stage {
            self.start.extend_from_slice(chunk);
            if self.start.len() < 2 {
                return;
            }
            let records = Records::new(&self.name);
            self.stage = if self.start.starts_with(&[0x1f, 0x8b]) {
                // CloudTrail writes one gzip member a file; concatenated ones are read too.
                Stage::Gzip(Box::new(flate2::write::MultiGzDecoder::new(records)))
            } else {
                Stage::Plain(records)
            };
            let start = std::mem::take(&mut self.start);
            return self.feed(&start, each);
        }
        match &mut self.stage {
            Stage::Plain(records) => records.push(chunk),
            Stage::Gzip(decoder) => {
                if let Err(e) = std::io::Write::write_all(decoder.as_mut(), chunk) {
                    self.broken(e);
                }
            }
            Stage::Start | Stage::Broken(_) => {}
        }
        self.drain(each);
    }

    /// The end of the bytes: the last events go to `each`; returns what was found besides them.
    pub fn finish(mut self, each: &mut impl FnMut(Event)) -> Tally {
        if let Stage::Start = self.stage {
            let start = std::mem::take(&mut self.start);
            self.stage = Stage::Plain(Records::new(&self.name));
            if let Stage::Plain(records) = &mut self.stage {
                records.push(&start);
            }
        }
        if let Stage::Gzip(decoder) = &mut self.stage
            && let Err(e) = decoder.try_finish()
        {
            self.broken(e);
        }
        let mut records = match self.stage {
            Stage::Plain(r) | Stage::Broken(r) => r,
            Stage::Gzip(d) => *d.get_ref_owned(),
            Stage::Start => unreachable!("set above"),
        };
        records.end();
        records.out.drain(..).for_each(&mut *each);
        records.tally
    }

    fn broken(&mut self, e: std::io::Error) {
        let stage = std::mem::replace(&mut self.stage, Stage::Start);
        let Stage::Gzip(decoder) = stage else {
            self.stage = stage;
            return;
        };
        let mut records = *decoder.get_ref_owned();
        records.damage = Some(format!("the gzip stream is cut short or damaged: {e}"));
        self.stage = Stage::Broken(records);
    }

    fn drain(&mut self, each: &mut impl FnMut(Event)) {
        let records = match &mut self.stage {
            Stage::Plain(r) | Stage::Broken(r) => r,
            Stage::Gzip(d) => d.get_mut(),
            Stage::Start => return,
        };
        records.out.drain(..).for_each(each);
    }
}

/// flate2's writer gives its inner writer back only by `finish`, which would try to finish the
/// stream again; this takes it as it is.
trait IntoInner {
    fn get_ref_owned(self) -> Box<Records>;
}

impl IntoInner for Box<flate2::write::MultiGzDecoder<Records>> {
    fn get_ref_owned(mut self) -> Box<Records> {
        let records = std::mem::replace(self.get_mut(), Records::new(""));
        Box::new(records)
    }
}

/// The decompressed text of one source, split into records as it comes: the elements of a
/// delivered file's `"Records"` array, or the lines of JSON Lines.
struct Records {
    name: std::sync::Arc<str>,
    tally: Tally,
    /// Events decoded and not yet handed on.
    out: Vec<Event>,
    /// Text not yet consumed: at most the record being read and the rest of the last chunk.
    buf: Vec<u8>,
    shape: Shape,
    /// Records met so far (the number a problem names).
    record: usize,
    damage: Option<String>,
}

enum Shape {
    /// Not yet known: the text so far could still begin `{"Records": [`.
    Unknown,
    Lines,
    /// Inside the `Records` array, scanning from `at`.
    Delivery(Scan),
    /// The array ended (or the file is not a log file): the rest is not read.
    Done,
}

/// Where a scan of the `Records` array is: `at` is the next byte of `buf` to look at.
#[derive(Default)]
struct Scan {
    at: usize,
    /// Nesting inside the current element (0 between elements).
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// The current element's first byte, when one has begun.
    element: Option<usize>,
}

impl std::io::Write for Records {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.push(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Records {
    fn new(name: &str) -> Records {
        Records {
            name: name.into(),
            tally: Tally {
                files: 1,
                ..Tally::default()
            },
            out: Vec::new(),
            buf: Vec::new(),
            shape: Shape::Unknown,
            record: 0,
            damage: None,
        }
    }

    fn push(&mut self, bytes: &[u8]) {
        if matches!(self.shape, Shape::Done) {
            return;
        }
        self.buf.extend_from_slice(bytes);
        if let Shape::Unknown = self.shape {
            match delivery_start(&self.buf) {
                Some(Some(at)) => {
                    self.shape = Shape::Delivery(Scan {
                        at,
                        ..Scan::default()
                    })
                }
                Some(None) => self.shape = Shape::Lines,
                None => return,
            }
        }
        match self.shape {
            Shape::Lines => self.lines(false),
            Shape::Delivery(_) => self.scan(),
            Shape::Unknown | Shape::Done => {}
        }
    }

    /// The end of the text.
    fn end(&mut self) {
        match self.shape {
            Shape::Unknown => {
                // Too short to be a log file: lines (or nothing at all).
                self.shape = Shape::Lines;
                self.lines(true);
            }
            Shape::Lines => self.lines(true),
            Shape::Delivery(_) => {
                // A cut stream cuts the file's JSON too: the damage below says why, once.
                if self.damage.is_none() {
                    self.record += 1;
                    let record = self.record;
                    let name = self.name.clone();
                    self.tally.problem(
                        &name,
                        record,
                        "not a CloudTrail log file: it ends inside its Records array",
                    );
                }
            }
            Shape::Done => {}
        }
        if let Some(damage) = self.damage.take() {
            let (name, record) = (self.name.clone(), self.record + 1);
            self.tally.problem(&name, record, damage);
        }
        self.buf = Vec::new();
    }

    /// Each whole line (and at the end the last, unless the stream was cut: then it is cut too).
    fn lines(&mut self, end: bool) {
        let mut from = 0;
        while let Some(n) = memchr::memchr(b'\n', &self.buf[from..]) {
            let line = from..from + n;
            from += n + 1;
            self.line(line);
        }
        if end && self.damage.is_none() && from < self.buf.len() {
            let line = from..self.buf.len();
            from = self.buf.len();
            self.line(line);
        }
        self.buf.drain(..from);
    }

    fn line(&mut self, range: std::ops::Range<usize>) {
        self.record += 1;
        let line = self.buf[range].trim_ascii();
        if line.is_empty() {
            return;
        }
        match std::str::from_utf8(line) {
            Ok(_) => one(
                &self.name,
                line,
                self.record,
                &mut self.tally,
                &mut self.out,
            ),
            Err(e) => {
                let (name, record) = (self.name.clone(), self.record);
                self.tally.problem(&name, record, format!("not UTF-8: {e}"));
            }
        }
    }

    /// Finds the elements of the `Records` array that are complete in `buf`, parses each, and
    /// keeps only the one still being read. Inside strings it jumps to the next quote or
    /// backslash (memchr), so the scan runs at the speed of memory.
    fn scan(&mut self) {
        let Shape::Delivery(scan) = &mut self.shape else {
            return;
        };
        let mut s = std::mem::take(scan);
        let buf = &self.buf;
        let mut done = false;
        let mut complete: Vec<std::ops::Range<usize>> = Vec::new();
        while s.at < buf.len() {
            if s.in_string {
                if s.escaped {
                    s.escaped = false;
                    s.at += 1;
                    continue;
                }
                match memchr::memchr2(b'"', b'\\', &buf[s.at..]) {
                    Some(n) => {
                        s.at += n;
                        if buf[s.at] == b'\\' {
                            s.escaped = true;
                        } else {
                            s.in_string = false;
                            if s.depth == 0
                                && let Some(e) = s.element.take()
                            {
                                // A string element: no event, named as one.
                                complete.push(e..s.at + 1);
                            }
                        }
                        s.at += 1;
                    }
                    None => s.at = buf.len(),
                }
                continue;
            }
            let b = buf[s.at];
            match b {
                b'"' => {
                    if s.depth == 0 && s.element.is_none() {
                        s.element = Some(s.at);
                    }
                    s.in_string = true;
                }
                b'{' | b'[' => {
                    if s.depth == 0 && s.element.is_none() {
                        s.element = Some(s.at);
                    }
                    s.depth += 1;
                }
                b'}' | b']' if s.depth > 0 => {
                    s.depth -= 1;
                    if s.depth == 0
                        && let Some(e) = s.element.take()
                    {
                        complete.push(e..s.at + 1);
                    }
                }
                b']' | b',' | b' ' | b'\n' | b'\r' | b'\t' if s.depth == 0 => {
                    // The end of a bare element (a number, true, null …).
                    if let Some(e) = s.element.take() {
                        complete.push(e..s.at);
                    }
                    if b == b']' {
                        done = true;
                        s.at += 1;
                        break;
                    }
                }
                _ => {
                    if s.depth == 0 && s.element.is_none() {
                        s.element = Some(s.at);
                    }
                }
            }
            s.at += 1;
        }
        for range in complete {
            self.record += 1;
            let record = &self.buf[range];
            one(
                &self.name,
                record,
                self.record,
                &mut self.tally,
                &mut self.out,
            );
        }
        if done {
            self.shape = Shape::Done;
            self.buf = Vec::new();
            return;
        }
        // Keep the element being read (or nothing), and scan on from where this scan stopped.
        let keep = s.element.unwrap_or(s.at);
        self.buf.drain(..keep);
        s.at -= keep;
        s.element = s.element.map(|_| 0);
        self.shape = Shape::Delivery(s);
    }
}

/// Parses one record; what is not an event is counted as a problem.
fn one(
    source: &std::sync::Arc<str>,
    raw: &[u8],
    record: usize,
    tally: &mut Tally,
    out: &mut Vec<Event>,
) {
    match serde_json::from_slice::<Event>(raw) {
        Ok(mut event) => {
            tally.events += 1;
            event.origin = Some(Origin {
                source: source.clone(),
                record,
            });
            out.push(event);
        }
        Err(e) => tally.problem(source, record, format!("not a CloudTrail event: {e}")),
    }
}

/// Whether the text is a delivered log file: `Some(Some(i))` with `i` just after the `[` of
/// `{"Records": [`; `Some(None)` when it is not one (JSON Lines); None while too little has come
/// to tell.
fn delivery_start(text: &[u8]) -> Option<Option<usize>> {
    let mut i = 0;
    let skip = |i: &mut usize| {
        while *i < text.len() && text[*i].is_ascii_whitespace() {
            *i += 1;
        }
    };
    for expected in [&b"{"[..], b"\"Records\"", b":", b"["] {
        skip(&mut i);
        let have = &text[i.min(text.len())..];
        let n = have.len().min(expected.len());
        if have[..n] != expected[..n] {
            return Some(None);
        }
        if n < expected.len() {
            return None;
        }
        i += n;
    }
    Some(Some(i))
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

    /// The same bytes fed in chunks of every size from 1 byte up give the same events and
    /// problems as fed at once: records are cut anywhere, even inside a string's escape.
    #[test]
    fn chunks_cut_anywhere_read_as_the_whole() {
        let tricky = EVENT.replace(
            "\"eventName\":\"GetObject\"",
            "\"eventName\":\"GetObject\",\"errorMessage\":\"a \\\"quoted\\\" ]} \\\\ [{\"",
        );
        let delivery = format!(
            "{{ \"Records\" : [ {tricky}, 7, \"text\", {{\"not\":\"an event\"}},\n{EVENT} ] }}"
        );
        let lines = format!("{tricky}\n{{\"not\":1}}\n{EVENT}");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, delivery.as_bytes()).unwrap();
        let gzipped = gz.finish().unwrap();
        for (bytes, events, malformed) in [
            (delivery.as_bytes(), 2, 3),
            (lines.as_bytes(), 2, 1),
            (&gzipped[..], 2, 3),
        ] {
            let (whole, whole_tally) = all(bytes);
            assert_eq!((whole.len(), whole_tally.malformed), (events, malformed));
            assert!(whole[0].event_id == "e1");
            for size in [1, 2, 3, 7, 64] {
                let mut reader = Reader::new("f.json");
                let mut got = Vec::new();
                for chunk in bytes.chunks(size) {
                    reader.feed(chunk, &mut |e| got.push(e));
                }
                let tally = reader.finish(&mut |e| got.push(e));
                assert_eq!(tally, whole_tally, "chunks of {size}");
                assert_eq!(got.len(), whole.len(), "chunks of {size}");
            }
        }
        // The bad records are named by their places in the array.
        let (_, tally) = all(delivery.as_bytes());
        assert!(tally.problems[0].starts_with("f.json:2: "), "{tally:?}");
        assert!(tally.problems[2].starts_with("f.json:4: "), "{tally:?}");
    }

    #[test]
    fn a_log_file_cut_short_keeps_its_whole_records() {
        let delivery = format!("{{\"Records\":[{EVENT},{EVENT}]}}");
        let cut = &delivery.as_bytes()[..delivery.len() - 20];
        let (events, tally) = all(cut);
        assert_eq!(events.len(), 1);
        assert_eq!(tally.malformed, 1, "{tally:?}");
        assert!(tally.problems[0].contains("ends inside"), "{tally:?}");
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
