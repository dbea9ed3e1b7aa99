//! `epi migrate-irsa`: move IRSA service accounts to Pod Identity associations (facts §4-§5), and
//! `epi migrate-irsa rollback`. The backup file is what makes both resumable and reversible.

pub mod migrate;
pub mod rollback;

use std::path::Path;

use crate::error::{Error, Result};
use crate::output;

pub use crate::manifest::backup::{AddonBackup, Backup, RoleBackup, ServiceAccountBackup};

/// The lock that makes a backup (the journal of a run) one run's: a second run on the same file
/// would overwrite the first's records (last writer wins), and a rollback would then leave
/// associations behind. A sibling `.NAME.lock` file, held with an OS lock for the run.
pub struct JournalLock {
    _file: std::fs::File,
    path: std::path::PathBuf,
}

impl JournalLock {
    pub fn acquire(backup: &Path) -> Result<JournalLock> {
        let name = backup
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let path = backup.with_file_name(format!(".{name}.lock"));
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| Error::Write {
                path: path.clone(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => Ok(JournalLock { _file: file, path }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::Precondition {
                message: format!(
                    "backup {} is in use by another epi run (it holds {}): two runs on one backup would overwrite each other's records",
                    backup.display(),
                    path.display()
                ),
                hint: "wait for the other run to finish, or give this one another --backup".into(),
            }),
            Err(std::fs::TryLockError::Error(source)) => Err(Error::Write { path, source }),
        }
    }
}

impl Drop for JournalLock {
    fn drop(&mut self) {
        // Removed while still held: a run that starts now creates a fresh lock file.
        let _ = std::fs::remove_file(&self.path);
    }
}

impl Backup {
    pub fn load(path: &Path) -> Result<Option<Backup>> {
        // A FIFO or device must not block or be read as a backup.
        if std::fs::metadata(path).is_ok() {
            crate::files::output_target(path, "backup file")?;
        }
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map(Some).map_err(|e| {
                Error::invalid(
                    "backup file",
                    path.display().to_string(),
                    format!("it is not an epi migration backup: {e}"),
                )
                .with_hint("give the file a migrate-irsa run wrote with --backup")
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::Read {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// Writes the whole backup atomically. A new backup is 0600 (less the umask): it holds trust
    /// policies, which are nobody else's business; an existing one keeps its mode.
    pub fn save(&self, path: &Path) -> Result<()> {
        crate::files::write_all(&[crate::files::Output {
            path,
            contents: &output::to_json(self),
            new_mode: 0o600,
        }])
    }
}
