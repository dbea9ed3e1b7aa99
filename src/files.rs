//! Files epi reads and writes, safely: inputs are regular files or standard input, with a size
//! cap (a FIFO or `/dev/zero` must not hang or exhaust the process); outputs replace only regular
//! files, through a symlink to the file it names, keeping the file's mode, and all-or-nothing.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Temporary files being written, removed if the process must exit at once (a second signal,
/// see `interrupt`).
static TEMP_FILES: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Registers a temporary file (removed at an immediate exit); [`forget_temp`] when it is gone.
fn track_temp(path: &Path) {
    if let Ok(mut files) = TEMP_FILES.lock() {
        files.push(path.to_path_buf());
    }
}

fn forget_temp(path: &Path) {
    if let Ok(mut files) = TEMP_FILES.lock() {
        files.retain(|p| p != path);
    }
}

/// Removes every temporary file still being written (the process is about to exit at once).
pub fn remove_temps() {
    if let Ok(files) = TEMP_FILES.lock() {
        for f in files.iter() {
            let _ = std::fs::remove_file(f);
        }
    }
}

/// The most epi reads of one input document. IAM's largest policy is 10,240 characters; the cap
/// leaves room for whitespace and comments while refusing a runaway input before parsing.
pub const INPUT_CAP: u64 = 4 * 1024 * 1024;

/// Reads a document from a regular file, or from standard input for `-`, refusing anything over
/// [`INPUT_CAP`] and anything that is not UTF-8. Returns (a name for messages, the text).
pub fn read_document(path: &Path, what: &'static str) -> Result<(String, String)> {
    if path.as_os_str() == "-" {
        let bytes = read_capped(std::io::stdin().lock(), path, what)?;
        return Ok(("<stdin>".to_string(), utf8(bytes, "<stdin>", what)?));
    }
    // The name every message gives the file: one line, whatever the name holds.
    let shown = crate::text::one_line(&path.display().to_string()).into_owned();
    // metadata() follows a symlink and does not open: a FIFO is refused before it can block.
    let meta = std::fs::metadata(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if !meta.is_file() {
        return Err(Error::invalid(
            what,
            shown,
            format!("it is {}, not a regular file", kind(&meta)),
        )
        .with_hint("give a regular file, or - and pipe the document into standard input"));
    }
    if meta.len() > INPUT_CAP {
        return Err(too_large(what, &shown, meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let bytes = read_capped(file, path, what)?;
    Ok((shown.clone(), utf8(bytes, &shown, what)?))
}

fn read_capped(reader: impl Read, path: &Path, what: &'static str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(INPUT_CAP + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > INPUT_CAP {
        let shown = if path.as_os_str() == "-" {
            "<stdin>".to_string()
        } else {
            path.display().to_string()
        };
        return Err(too_large(what, &shown, bytes.len() as u64));
    }
    Ok(bytes)
}

fn too_large(what: &'static str, shown: &str, size: u64) -> Error {
    Error::invalid(
        what,
        shown,
        format!(
            "it is {}{} bytes, over epi's limit of {INPUT_CAP} bytes (an IAM policy is at most 10,240 characters)",
            if size > INPUT_CAP { "more than " } else { "" },
            size.min(INPUT_CAP)
        ),
    )
    .with_hint("give the policy document itself, not a larger file")
}

fn utf8(bytes: Vec<u8>, shown: &str, what: &'static str) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Error::invalid(
            what,
            shown,
            format!("it is not UTF-8 text (an invalid byte at offset {at})"),
        )
        .with_hint("save the document as UTF-8 (IAM policies are JSON text), e.g. `iconv -t UTF-8`")
    })
}

fn kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

/// Where an output path really writes: a symlink is followed to the file it names (the link is
/// kept), an existing target must be a regular file, and the directory must exist.
pub fn output_target(path: &Path, what: &'static str) -> Result<PathBuf> {
    let shown = path.display().to_string();
    let target = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => match std::fs::canonicalize(path) {
            Ok(real) => real,
            // A dangling link: write the file it names.
            Err(_) => {
                let link = std::fs::read_link(path).map_err(|source| Error::Write {
                    path: path.to_path_buf(),
                    source,
                })?;
                match path.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                }
            }
        },
        _ => path.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Error::invalid(
            what,
            shown,
            format!("the directory {} does not exist", dir.display()),
        )
        .with_hint("create the directory first, or give a path in an existing one"));
    }
    match std::fs::metadata(&target) {
        Ok(meta) if !meta.is_file() => Err(Error::invalid(
            what,
            shown,
            format!("it is {}, and epi only replaces regular files", kind(&meta)),
        )
        .with_hint("give the path of a regular file (or of one to create)")),
        _ => Ok(target),
    }
}

/// One file to write: where, what, and the mode of a file that does not exist yet (the umask
/// applies to it; an existing file keeps its own mode).
pub struct Output<'a> {
    pub path: &'a Path,
    pub contents: &'a str,
    pub new_mode: u32,
}

/// The mode of an ordinary new output file: 0666 less the umask, as `>` in a shell makes it.
pub const NEW_FILE_MODE: u32 = 0o666;

/// Writes files all-or-nothing: each goes first to a temporary file beside its target, then all
/// are renamed into place. On any error no new file and no temporary file is left behind.
pub fn write_all(files: &[Output<'_>]) -> Result<()> {
    let mut staged = Vec::with_capacity(files.len());
    for file in files {
        let target = output_target(file.path, "output file")?;
        let write_err = |source| Error::Write {
            path: file.path.to_path_buf(),
            source,
        };
        let existing_mode = std::fs::metadata(&target).ok().map(|m| {
            use std::os::unix::fs::PermissionsExt;
            m.permissions().mode() & 0o7777
        });
        let tmp =
            Temp::create(&target, existing_mode.unwrap_or(file.new_mode)).map_err(write_err)?;
        if let Some(mode) = existing_mode {
            // create() is subject to the umask; an existing file's mode is kept exactly.
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&tmp.path, std::fs::Permissions::from_mode(mode))
                .map_err(write_err)?;
        }
        let mut handle = tmp.file.as_ref().expect("open until persisted");
        handle
            .write_all(file.contents.as_bytes())
            .map_err(write_err)?;
        handle.sync_all().map_err(write_err)?;
        staged.push((file.path, target, tmp, existing_mode.is_some()));
    }
    let mut placed: Vec<(PathBuf, bool)> = Vec::new();
    for (shown, target, mut tmp, existed) in staged {
        tmp.file = None;
        if let Err(source) = std::fs::rename(&tmp.path, &target) {
            // Undo the files this call created; files that existed before were replaced by rename
            // and cannot be restored, so they are left as they now are.
            for (done, existed_before) in &placed {
                if !existed_before {
                    let _ = std::fs::remove_file(done);
                }
            }
            return Err(Error::Write {
                path: shown.to_path_buf(),
                source,
            });
        }
        tmp.placed = true;
        placed.push((target, existed));
    }
    Ok(())
}

/// A temporary file beside its target, removed on drop unless it was renamed into place.
struct Temp {
    path: PathBuf,
    file: Option<std::fs::File>,
    placed: bool,
}

impl Temp {
    fn create(target: &Path, mode: u32) -> std::io::Result<Temp> {
        use std::os::unix::fs::OpenOptionsExt;
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut last = None;
        for attempt in 0..16u32 {
            let path = dir.join(format!(".{name}.epi-{}-{attempt}.tmp", std::process::id()));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(mode)
                .open(&path)
            {
                Ok(file) => {
                    track_temp(&path);
                    return Ok(Temp {
                        path,
                        file: Some(file),
                        placed: false,
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last.expect("an error after the attempts"))
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.placed {
            self.file = None;
            let _ = std::fs::remove_file(&self.path);
        }
        forget_temp(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn keeps_an_existing_files_mode_and_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_all(&[Output {
            path: &link,
            contents: "new",
            new_mode: NEW_FILE_MODE,
        }])
        .unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        assert_eq!(mode(&real), 0o640);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn refuses_targets_that_are_not_regular_files() {
        let dir = tempfile::tempdir().unwrap();
        for target in [Path::new("/dev/null"), dir.path()] {
            let err = output_target(target, "output file").unwrap_err();
            assert_eq!(err.exit_code(), 2, "{err}");
        }
        let err = read_document(Path::new("/dev/zero"), "policy file").unwrap_err();
        assert!(err.to_string().contains("a device"), "{err}");
    }

    #[test]
    fn refuses_oversized_and_non_utf8_input() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.json");
        std::fs::write(&big, vec![b' '; INPUT_CAP as usize + 1]).unwrap();
        assert_eq!(
            read_document(&big, "policy file").unwrap_err().exit_code(),
            2
        );
        let latin1 = dir.path().join("latin1.json");
        std::fs::write(&latin1, b"{\"Sid\": \"caf\xe9\"}").unwrap();
        let err = read_document(&latin1, "policy file").unwrap_err();
        assert!(err.to_string().contains("not UTF-8"), "{err}");
    }
}
