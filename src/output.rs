//! The one place that writes to the terminal: data to stdout, diagnostics to stderr.
//!
//! stdout carries data only (documents, tables, JSON, YAML) so that it can be piped; warnings, notes
//! and errors go to stderr. Colour is decided once, from `--color` and NO_COLOR, by anstream.

pub mod github;
pub mod junit;
pub mod markdown;
pub mod plan;
pub mod sarif;

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use anstyle::{AnsiColor, Style};
use clap::ValueEnum;
use serde::Serialize;

use crate::error::{Error, Result};

/// `--output` for commands that return records (tables by default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    /// A table of the columns people scan, fitting 80 columns where it can
    #[default]
    Table,
    /// The table with every column: full ARNs, owners (where a command has more)
    Wide,
    /// JSON, with the stable fields of docs/json-output.md
    Json,
    /// The same as YAML
    Yaml,
}

impl DataFormat {
    /// Whether the format is a table for people (`table` or `wide`).
    pub fn is_table(self) -> bool {
        matches!(self, DataFormat::Table | DataFormat::Wide)
    }
}

/// `--output` for commands that print a document (an IAM policy, Kubernetes manifests).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DocumentFormat {
    Json,
    Yaml,
}

/// `--color`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorMode {
    /// Colour when the stream is a terminal and NO_COLOR is unset.
    #[default]
    Auto,
    /// Always colour, even into a pipe or file.
    Always,
    /// Never colour.
    Never,
}

impl ColorMode {
    /// Applies the choice to every stream anstream creates from now on.
    pub fn apply(self) {
        let choice = match self {
            ColorMode::Auto => anstream::ColorChoice::Auto,
            ColorMode::Always => anstream::ColorChoice::Always,
            ColorMode::Never => anstream::ColorChoice::Never,
        };
        choice.write_global();
    }
}

pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
pub const HINT: Style = AnsiColor::Cyan.on_default().bold();
pub const NOTE: Style = AnsiColor::Green.on_default().bold();

/// Owns stdout and stderr for a run.
#[derive(Clone, Copy, Debug)]
pub struct Printer {
    quiet: bool,
}

/// Whether a wait on the network may show a spinner: stderr is a terminal, `--quiet` is off, and
/// the command has not put up a progress bar or spinner of its own (two would garble the line).
static WAIT_SPINNER: AtomicBool = AtomicBool::new(false);
/// Whether a wait spinner is on screen (one at a time, however many calls wait).
static WAIT_SHOWN: AtomicBool = AtomicBool::new(false);

/// A spinner that appears when a network call has waited for `after`, and goes with the guard.
pub struct WaitSpinner {
    task: Option<tokio::task::JoinHandle<()>>,
    bar: std::sync::Arc<std::sync::Mutex<Option<indicatif::ProgressBar>>>,
}

impl WaitSpinner {
    /// How long a call waits before the spinner says so.
    const AFTER: std::time::Duration = std::time::Duration::from_secs(2);

    /// The AWS layer's wait hook: a spinner that appears when a call has waited
    /// [`WaitSpinner::AFTER`] (on a terminal, when no other bar is up).
    pub fn hook() -> crate::aws::http::WaitHook {
        crate::aws::http::WaitHook(std::sync::Arc::new(|message| {
            Box::new(WaitSpinner::after(WaitSpinner::AFTER, message))
        }))
    }

    /// Starts the clock (on the current tokio runtime); `message` is shown after `after`.
    pub fn after(after: std::time::Duration, message: String) -> WaitSpinner {
        let bar = std::sync::Arc::new(std::sync::Mutex::new(None));
        if !WAIT_SPINNER.load(Ordering::Relaxed) {
            return WaitSpinner { task: None, bar };
        }
        let slot = bar.clone();
        let task = tokio::spawn(async move {
            tokio::time::sleep(after).await;
            if WAIT_SHOWN
                .compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst)
                .is_err()
            {
                return;
            }
            let spinner = indicatif::ProgressBar::new_spinner().with_elapsed(after);
            spinner.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .expect("a valid template"),
            );
            spinner.set_message(message);
            spinner.enable_steady_tick(std::time::Duration::from_millis(120));
            if let Ok(mut slot) = slot.lock() {
                *slot = Some(spinner);
            }
        });
        WaitSpinner {
            task: Some(task),
            bar,
        }
    }
}

impl Drop for WaitSpinner {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
        if let Some(bar) = self.bar.lock().ok().and_then(|mut b| b.take()) {
            bar.finish_and_clear();
            WAIT_SHOWN.store(false, Ordering::SeqCst);
        }
    }
}

impl Printer {
    pub fn new(quiet: bool) -> Self {
        use std::io::IsTerminal;
        WAIT_SPINNER.store(!quiet && std::io::stderr().is_terminal(), Ordering::Relaxed);
        Printer { quiet }
    }

    /// A warning on stderr (hidden by `--quiet`).
    pub fn warn(&self, message: &str) {
        self.diagnostic(WARNING, "warning", message);
    }

    /// A note on stderr (hidden by `--quiet`).
    pub fn note(&self, message: &str) {
        self.diagnostic(NOTE, "note", message);
    }

    /// Text asked for on stderr (such as `--show-query`'s SQL), shown even with `--quiet`, so
    /// that stdout keeps only the result.
    pub fn stderr(&self, text: &str) {
        let mut err = anstream::stderr().lock();
        let _ = writeln!(err, "{}", text.trim_end());
    }

    /// A progress bar on stderr; hidden with `--quiet` or when stderr is not a terminal.
    pub fn progress(&self, len: u64, message: &str) -> indicatif::ProgressBar {
        use std::io::IsTerminal;
        if self.quiet || !std::io::stderr().is_terminal() {
            return indicatif::ProgressBar::hidden();
        }
        WAIT_SPINNER.store(false, Ordering::Relaxed);
        let bar = indicatif::ProgressBar::new(len);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {msg} [{bar:30}] {pos}/{len} ({elapsed})",
            )
            .expect("a valid template")
            .progress_chars("=> "),
        );
        bar.set_message(message.to_string());
        bar
    }

    /// A spinner on stderr; hidden with `--quiet` or when stderr is not a terminal.
    pub fn spinner(&self, message: &str) -> indicatif::ProgressBar {
        use std::io::IsTerminal;
        if self.quiet || !std::io::stderr().is_terminal() {
            return indicatif::ProgressBar::hidden();
        }
        WAIT_SPINNER.store(false, Ordering::Relaxed);
        let spinner = indicatif::ProgressBar::new_spinner();
        spinner.set_message(message.to_string());
        spinner.enable_steady_tick(std::time::Duration::from_millis(120));
        spinner
    }

    fn diagnostic(&self, style: Style, label: &str, message: &str) {
        if self.quiet {
            return;
        }
        let mut err = anstream::stderr().lock();
        // A failed write to stderr has nowhere left to be reported.
        let _ = writeln!(err, "{style}{label}{style:#}: {}", escape_controls(message));
    }

    /// Writes data to stdout. A closed pipe surfaces as `io::ErrorKind::BrokenPipe`, which the top level
    /// turns into a quiet exit 0.
    pub fn stdout(&self, text: &str) -> Result<()> {
        let mut out = anstream::stdout().lock();
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(Error::Stdout)
    }

    /// Writes a value to stdout as `to_json` prints it, serialised as it is written: a large
    /// listing is never held twice, as data and as text (#36: the memory of fleet listings).
    pub fn stdout_json<T: Serialize + ?Sized>(&self, value: &T) -> Result<()> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, anstream::stdout().lock());
        serde_json::to_writer_pretty(&mut out, value)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush())
            .map_err(Error::Stdout)
    }

    /// A document goes to FILE (atomically) when one is given, else to stdout.
    pub fn document(&self, text: &str, file: Option<&std::path::Path>) -> Result<()> {
        match file {
            Some(path) => write_files_atomically(&[(path, text)]),
            None => self.stdout(text),
        }
    }
}

/// Columns of free text, which may wrap; every other column holds values people copy (ARNs, ids,
/// names) and is never split.
const WRAPPING_COLUMNS: &[&str] = &[
    "ACCESS",
    "OUTCOME",
    "FINDING",
    "WHAT",
    "GRANTS",
    "SOURCE",
    "DETAIL",
    "DECIDING",
    "DECIDING STATEMENTS",
    "DEPENDS ON",
    "WHY",
    "TEST",
    "ACTIONS",
];

/// A table in kubectl's plain style: a header row, columns separated by spaces, no borders. On a
/// terminal of known width, free-text columns wrap to fit it; values people copy (ARNs, ids,
/// names) are always kept whole, and a width of 0 or an unknown width means no wrapping at all.
pub fn table(headers: &[&str]) -> comfy_table::Table {
    let mut table = comfy_table::Table::new();
    table
        .load_style(comfy_table::presets::NOTHING)
        .set_header(headers.to_vec());
    arrange(
        &mut table,
        headers,
        fit_width().map(|w| w.min(u16::MAX as usize) as u16),
    );
    table
}

/// The width text is fitted to: `COLUMNS`, else the terminal's; None (never wrap) when neither
/// is known or it is 0.
fn fit_width() -> Option<usize> {
    columns()
        .or_else(|| comfy_table::Table::new().width())
        .filter(|w| *w > 0)
        .map(usize::from)
}

/// How text is wrapped: between words only, a value longer than the line kept whole on a line
/// of its own.
fn wrap_options(width: usize) -> textwrap::Options<'static> {
    textwrap::Options::new(width)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
}

/// A paragraph of text after a table (notes, lists of values), each line of `text` made one line
/// ([`crate::text::one_line`]) and then wrapped between words to the width tables fit, lines after
/// the first indented by `indent`. A value longer than the width is never cut: it gets a line of
/// its own. No width known: one line each, as given.
pub fn paragraph(text: &str, indent: &str) -> String {
    let text = crate::text::one_line(text);
    let wrapped = match fit_width() {
        Some(width) => unglue(&textwrap::fill(
            &glue_commands(&text),
            wrap_options(width).subsequent_indent(indent),
        )),
        None => text.into_owned(),
    };
    let mut out = crate::text::defuse_workflow_commands(&wrapped).into_owned();
    out.push('\n');
    out
}

/// Joins the words of each command in `text` with no-break spaces, so wrapping keeps a command
/// a reader pastes on one line: a span in backticks, and a bare command from `epi`, `kubectl` or
/// `aws` to the word that ends it with `,` or `;` (or to the end).
fn glue_commands(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside: Option<char> = None;
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(if inside.is_some() { GLUE } else { ' ' });
        }
        out.push_str(word);
        match inside {
            None if word.starts_with('`') && !word[1..].contains('`') => inside = Some('`'),
            None if matches!(word, "epi" | "kubectl" | "aws") => inside = Some(','),
            Some('`') if word.contains('`') => inside = None,
            Some(',') if word.ends_with([',', ';']) => inside = None,
            _ => {}
        }
    }
    out
}

/// What [`glue_commands`] joins: a no-break space, which wrapping does not break at.
const GLUE: char = '\u{a0}';

fn unglue(text: &str) -> String {
    text.replace(GLUE, " ")
}

/// The lines of `text` wrapped between words to fit what is left of the width after a margin of
/// `margin` columns (at least 30, so a deep margin never leaves a word a line); `text` as one
/// line when no width is known. The caller puts the margin before each line.
///
/// Commands stay pasteable: one in backticks or in prose is kept on one line; a text that is a
/// single command (a hint, `epi association update …`) is wrapped with the shell's `\`
/// continuations, later lines indented by four.
pub fn wrap_after(margin: usize, text: &str) -> Vec<String> {
    let Some(width) = fit_width() else {
        return vec![text.to_string()];
    };
    let width = width.saturating_sub(margin).max(30);
    let glued = glue_commands(text);
    // A label before it (`hint: epi …`) stays on its first line.
    let command = text.split_once(": ").map_or(
        text,
        |(label, rest)| {
            if label.contains(' ') { text } else { rest }
        },
    );
    let whole_command = !glue_commands(command).contains(' ')
        && ["epi", "kubectl", "aws"]
            .iter()
            .any(|c| command.starts_with(&format!("{c} ")));
    if whole_command && text.chars().count() > width {
        let lines = textwrap::wrap(
            text,
            wrap_options(width - 2)
                .subsequent_indent("    ")
                .word_separator(textwrap::WordSeparator::AsciiSpace),
        );
        let last = lines.len() - 1;
        return lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                if i < last {
                    format!("{l} \\")
                } else {
                    l.into_owned()
                }
            })
            .collect();
    }
    textwrap::wrap(&glued, wrap_options(width))
        .into_iter()
        .map(|line| unglue(&line))
        .collect()
}

/// `COLUMNS`, when set to a number: the width tables fit, as GNU tools read it (0: never wrap).
/// It takes precedence over the terminal's width, and applies off a terminal too.
fn columns() -> Option<u16> {
    std::env::var("COLUMNS").ok()?.trim().parse().ok()
}

/// Sets how a table fits `width` (the terminal's, None when unknown).
fn arrange(table: &mut comfy_table::Table, headers: &[&str], width: Option<u16>) {
    use comfy_table::{ColumnConstraint, ContentArrangement};
    match width {
        Some(w) if w > 0 => {
            table
                .set_width(w)
                .set_content_arrangement(ContentArrangement::Dynamic);
        }
        _ => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    for (column, header) in table.column_iter_mut().zip(headers) {
        column.set_padding((0, 2));
        if WRAPPING_COLUMNS.contains(header) {
            // Marks a free-text column: `render_table` lays these out.
            column.set_constraint(ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(
                MIN_WRAP_WIDTH as u16,
            )));
        } else {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
}

/// Text that came from a cluster or from AWS (names, annotations, messages), made safe for a
/// terminal: control characters other than newline and tab, and the bidirectional overrides that
/// can make text read differently from what it is, are shown escaped (`\u{1b}`) instead of being
/// obeyed. An annotation holding terminal escapes must not rewrite the screen or the window title.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let escaped = crate::text::escaped(text, |c| {
        (c.is_control() && c != '\n' && c != '\t') || crate::text::is_bidi_override(c)
    });
    // A line of it that a CI runner would obey (`::error …`) is printed, never obeyed.
    match crate::text::defuse_workflow_commands(&escaped) {
        std::borrow::Cow::Borrowed(_) => escaped,
        std::borrow::Cow::Owned(defused) => std::borrow::Cow::Owned(defused),
    }
}

/// One table cell: a single value on one line (every control character escaped, line breaks
/// and tabs too, [`crate::text::one_line`]), or several values epi puts on lines of their own
/// ([`Cell::lines`]), each escaped the same way. A value from a file, a cluster or AWS can
/// therefore never start a line of its own in a table, where a CI log would read
/// `::error …` as a workflow command (#32 item 9).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell(String);

impl<S: AsRef<str>> From<S> for Cell {
    fn from(value: S) -> Self {
        Cell(crate::text::one_line(value.as_ref()).into_owned())
    }
}

impl Cell {
    /// Several values, one a line, each escaped as a single value is; `-` when there are none.
    pub fn lines<S: AsRef<str>>(values: impl IntoIterator<Item = S>) -> Cell {
        let lines: Vec<String> = values
            .into_iter()
            .map(|v| crate::text::one_line(v.as_ref()).into_owned())
            .collect();
        if lines.is_empty() {
            Cell("-".into())
        } else {
            Cell(lines.join("\n"))
        }
    }
}

impl Cell {
    /// A document a user or AWS wrote (a session policy, add-on configuration values, JSON or
    /// YAML, often over several lines) as compact JSON on one line; text that is neither is
    /// escaped as a single value.
    pub fn document(text: impl AsRef<str>) -> Cell {
        let text = text.as_ref();
        if text.trim().is_empty() {
            return Cell("-".into());
        }
        let parsed = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .or_else(|| serde_saphyr::from_str::<serde_json::Value>(text).ok())
            .filter(|v| v.is_object() || v.is_array());
        match parsed {
            Some(value) => Cell::from(value.to_string()),
            None => Cell::from(text),
        }
    }
}

/// A table row of [`Cell`]s: plain strings are single values.
pub fn row<C: Into<Cell>>(cells: impl IntoIterator<Item = C>) -> Vec<String> {
    cells.into_iter().map(|c| c.into().0).collect()
}

/// A table as text: trailing spaces trimmed, one final newline.
///
/// On a known width, epi lays out the free-text columns itself (#33 item 1): every other column
/// takes its content's width; each free-text column gets at least its longest word and its whole
/// header (wrapping breaks between words, never inside a value, and a header is never split)
/// and at most its longest line, with what room is left shared out among them. Where even that
/// cannot fit, the line runs past the width, as kubectl's do, rather than cut a value.
pub fn render_table(table: &comfy_table::Table) -> String {
    use comfy_table::{ColumnConstraint, Width};
    let mut table = table.clone();
    let count = |s: &str| s.chars().count();
    let headers: Vec<String> = table
        .header()
        .map(|h| h.cell_iter().map(|c| c.content()).collect())
        .unwrap_or_default();
    // Per column: (longest word, longest line), the header's whole text counted as one word.
    let measures: Vec<(usize, usize)> = (0..table.column_count())
        .map(|i| {
            let header = headers.get(i).map_or(0, |h| count(h));
            table
                .row_iter()
                .filter_map(|r| r.cell_iter().nth(i))
                .map(comfy_table::Cell::content)
                .fold((header, header), |(word, line), cell| {
                    let w = cell.split_whitespace().map(count).max().unwrap_or(0);
                    let l = cell.lines().map(count).max().unwrap_or(0);
                    (word.max(w), line.max(l))
                })
        })
        .collect();
    let wrapping: Vec<bool> = table
        .column_iter()
        .map(|c| matches!(c.constraint(), Some(ColumnConstraint::LowerBoundary(_))))
        .collect();
    if let Some(width) = table.width().filter(|w| *w > 0) {
        // Widths include each column's padding (0 left, 2 right); the last column's is trimmed.
        let fixed: usize = measures
            .iter()
            .zip(&wrapping)
            .filter(|(_, w)| !**w)
            .map(|((_, line), _)| line + 2)
            .sum();
        let room = (width as usize + 2).saturating_sub(fixed);
        let bounds: Vec<(usize, usize)> = measures
            .iter()
            .zip(&wrapping)
            .filter(|(_, w)| **w)
            .map(|(&(word, line), _)| {
                let most = line + 2;
                (most.min(MIN_WRAP_WIDTH).max(word + 2), most)
            })
            .collect();
        let mut widths = share_room(room, &bounds).into_iter();
        for (column, wraps) in table.column_iter_mut().zip(&wrapping) {
            match wraps.then(|| widths.next()).flatten() {
                Some(w) => column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(
                    w.min(u16::MAX as usize) as u16,
                ))),
                None => column.set_constraint(ColumnConstraint::ContentWidth),
            };
        }
        // The constraints decide every width; the table's own only must not squeeze them.
        table.set_width(u16::MAX);
    }
    table
        .lines()
        .map(|line| {
            // A value in the first column starting `::` must not be a workflow command.
            format!(
                "{}\n",
                crate::text::defuse_workflow_commands(line.trim_end())
            )
        })
        .collect()
}

/// The narrowest a free-text column is made to wrap to when its text is longer: past this the
/// line overflows instead, as kubectl's do, rather than read a word a line.
const MIN_WRAP_WIDTH: usize = 22;

/// Widths for free-text columns, each given as (least, most): each gets its least; what room is
/// left is shared out evenly among those still short of their most.
fn share_room(room: usize, bounds: &[(usize, usize)]) -> Vec<usize> {
    let mut widths: Vec<usize> = bounds.iter().map(|b| b.0).collect();
    let mut left = room.saturating_sub(widths.iter().sum());
    loop {
        let short: Vec<usize> = (0..widths.len())
            .filter(|&i| widths[i] < bounds[i].1)
            .collect();
        if short.is_empty() || left == 0 {
            return widths;
        }
        let share = (left / short.len()).max(1);
        for i in short {
            let add = share.min(bounds[i].1 - widths[i]).min(left);
            widths[i] += add;
            left -= add;
        }
    }
}

pub use crate::text::{to_json, to_yaml};

impl From<DocumentFormat> for crate::text::Syntax {
    fn from(format: DocumentFormat) -> Self {
        match format {
            DocumentFormat::Json => crate::text::Syntax::Json,
            DocumentFormat::Yaml => crate::text::Syntax::Yaml,
        }
    }
}

/// A document in the chosen format.
pub fn render_document<T: Serialize>(value: &T, format: DocumentFormat) -> String {
    match format {
        DocumentFormat::Json => to_json(value),
        DocumentFormat::Yaml => to_yaml(value),
    }
}

/// Writes files all-or-nothing (see [`crate::files::write_all`]); new files get 0666 less the
/// umask, existing ones keep their mode.
pub fn write_files_atomically(files: &[(&std::path::Path, &str)]) -> Result<()> {
    let outputs: Vec<crate::files::Output<'_>> = files
        .iter()
        .map(|(path, contents)| crate::files::Output {
            path,
            contents,
            new_mode: crate::files::NEW_FILE_MODE,
        })
        .collect();
    crate::files::write_all(&outputs)
}

/// Checks, before anything is computed or written, that an output path can be written to: its
/// directory exists, and an existing target is a regular file (or a symlink to one).
pub fn check_output_path(path: &std::path::Path) -> Result<()> {
    crate::files::output_target(path, "output file").map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::Cell;

    #[test]
    fn room_is_shared_among_free_text_columns_up_to_what_each_needs() {
        // Room for both: each gets what it needs.
        assert_eq!(super::share_room(100, &[(10, 30), (10, 40)]), vec![30, 40]);
        // Not enough: the least first, the rest shared evenly, none past its most.
        assert_eq!(super::share_room(50, &[(10, 12), (10, 80)]), vec![12, 38]);
        assert_eq!(super::share_room(40, &[(10, 80), (10, 80)]), vec![20, 20]);
        // Less room than the least: the least (the line overflows rather than cut a word).
        assert_eq!(super::share_room(5, &[(10, 80), (22, 30)]), vec![10, 22]);
    }

    #[test]
    fn commands_are_glued_so_wrapping_keeps_them_whole() {
        let glued = super::glue_commands(
            "once done: `epi migrate-irsa --cluster prod`, or kubectl annotate sa x a-; then wait",
        );
        assert!(glued.contains("`epi\u{a0}migrate-irsa\u{a0}--cluster\u{a0}prod`,"));
        assert!(glued.contains("kubectl\u{a0}annotate\u{a0}sa\u{a0}x\u{a0}a-;"));
        assert!(glued.starts_with("once done: ") && glued.ends_with(" then wait"));
        assert_eq!(
            super::unglue(&glued).replace('\u{a0}', " "),
            super::unglue(&glued)
        );
    }

    #[test]
    fn a_cell_keeps_each_value_on_its_line() {
        let hostile = "x\n::error title=security review::APPROVED";
        assert_eq!(
            super::row([hostile]),
            vec!["x\\u{a}::error title=security review::APPROVED".to_string()]
        );
        assert_eq!(
            super::row([Cell::lines(["a", hostile])]),
            vec!["a\nx\\u{a}::error title=security review::APPROVED".to_string()]
        );
        assert_eq!(Cell::lines(Vec::<String>::new()), Cell::from("-"));
        // Documents on one line, compact; YAML too.
        assert_eq!(
            Cell::document("{\n  \"a\": [1,\n 2]\n}"),
            Cell::from("{\"a\":[1,2]}")
        );
        assert_eq!(
            Cell::document("a: 1\nb: x\n"),
            Cell::from("{\"a\":1,\"b\":\"x\"}")
        );
        assert_eq!(
            Cell::document("not\na document"),
            Cell::from("not\na document")
        );
        // A value starting `::` in the first column is printed, never obeyed.
        let mut t = super::table(&["NAME"]);
        t.add_row(super::row(["::error title=x::APPROVED"]));
        let text = super::render_table(&t);
        assert!(
            text.lines().all(|l| !l.trim_start().starts_with("::")),
            "{text}"
        );
    }

    const ARN: &str =
        "arn:aws:eks:us-east-1:111122223333:podidentityassociation/prod/a-abcdefghijklmnopq";

    fn sample(width: Option<u16>) -> String {
        let headers = ["ACTION", "RESOURCE", "ID", "OUTCOME"];
        let mut t = comfy_table::Table::new();
        t.load_style(comfy_table::presets::NOTHING)
            .set_header(headers.to_vec());
        super::arrange(&mut t, &headers, width);
        t.add_row(vec![
            "create",
            "association",
            ARN,
            "failed: AccessDeniedException: the role may not be passed to EKS by this caller, check iam:PassRole",
        ]);
        super::render_table(&t)
    }

    #[test]
    fn tables_never_split_a_value_people_copy() {
        let narrow = sample(Some(80));
        assert!(narrow.contains(ARN), "{narrow}");
        assert!(narrow.lines().count() > 2, "the free text wraps: {narrow}");
        for width in [Some(0), None] {
            let plain = sample(width);
            assert!(plain.contains(ARN), "{plain}");
            assert_eq!(
                plain.lines().count(),
                2,
                "no wrapping at width {width:?}: {plain}"
            );
        }
        insta::assert_snapshot!("table_80_columns", narrow);
        insta::assert_snapshot!("table_width_0", sample(Some(0)));
    }
    #[test]
    fn yaml_keeps_a_long_arn_on_one_line() {
        let arn = "arn:aws:eks:us-east-1:111122223333:podidentityassociation/a-cluster-with-a-long-name/a-abcdefghijklmnopq";
        let yaml =
            super::to_yaml(&serde_json::json!({"associationArn": arn, "note": "a b ".repeat(40)}));
        assert!(yaml.contains(&format!("associationArn: {arn}\n")), "{yaml}");
        assert!(!yaml.contains(">-"), "{yaml}");
    }
}
