//! SIGINT and SIGTERM during a command that changes things. The first signal asks the run to stop
//! starting new work: the step in flight finishes (or fails) and is recorded, the report so far is
//! printed with the backup path, and the process exits 130 (SIGINT) or 143 (SIGTERM). A second
//! signal exits at once. Before the first change is made nothing is lost by stopping, so a signal
//! then exits at once too.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

/// The signal that asked the run to stop, 0 for none.
static REQUESTED: AtomicI32 = AtomicI32::new(0);
/// Whether a change has been made (or started): from then on a signal lets the step finish.
static CHANGING: AtomicBool = AtomicBool::new(false);

const SIGINT: i32 = 2;
const SIGTERM: i32 = 15;

/// The signal that asked to stop, if one did.
pub fn requested() -> Option<i32> {
    match REQUESTED.load(Ordering::SeqCst) {
        0 => None,
        n => Some(n),
    }
}

/// The exit code for a run stopped by `signal`: 128 + its number, as shells report it.
pub fn exit_code(signal: i32) -> u8 {
    u8::try_from(128 + signal).unwrap_or(130)
}

/// Marks that the run has begun to change things: a signal now lets the step in flight finish.
pub fn changes_begin() {
    CHANGING.store(true, Ordering::SeqCst);
}

fn exit_now(signal: i32) -> ! {
    // A file being written is removed: nothing half-written is left.
    crate::files::remove_temps();
    std::process::exit(i32::from(exit_code(signal)));
}

/// Listens for SIGINT and SIGTERM on the current runtime, for the rest of the run.
pub fn install(printer: crate::output::Printer) {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut int), Ok(mut term)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        // Without handlers the default applies: the process ends at once.
        return;
    };
    tokio::spawn(async move {
        loop {
            let number = tokio::select! {
                _ = int.recv() => SIGINT,
                _ = term.recv() => SIGTERM,
            };
            let name = if number == SIGINT {
                "SIGINT"
            } else {
                "SIGTERM"
            };
            if !CHANGING.load(Ordering::SeqCst) {
                printer.warn(&format!("{name}: stopped before any change was made"));
                exit_now(number);
            }
            if REQUESTED
                .compare_exchange(0, number, Ordering::SeqCst, Ordering::SeqCst)
                .is_err()
            {
                printer.warn(&format!("{name} again: stopping at once; the step in flight may be half done (re-run the command: it converges)"));
                exit_now(number);
            }
            printer.warn(&format!(
                "{name}: finishing the step in flight, then stopping (send it again to stop at once)"
            ));
        }
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn exit_codes_are_128_plus_the_signal() {
        assert_eq!(super::exit_code(super::SIGINT), 130);
        assert_eq!(super::exit_code(super::SIGTERM), 143);
    }
}
