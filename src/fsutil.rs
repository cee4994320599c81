//! File-system helpers shared by every layer that touches the disk: the
//! wording of I/O errors, and atomic writes (temp file in the same folder,
//! fsync, rename, fsync the folder), so a crash leaves the old file or the
//! new one, never half of either.

use std::io::Write;
use std::path::Path;

use crate::i18n::{Arg, msg};

/// The message of an I/O error without Rust's "(os error N)" suffix.
pub(crate) fn io_reason(err: &std::io::Error) -> String {
    io_reason_arg(err).plain_en()
}

/// The same, as an argument of a message: the common reasons translated.
pub(crate) fn io_reason_arg(err: &std::io::Error) -> Arg {
    use std::io::ErrorKind::*;
    match err.kind() {
        NotFound => Arg::Key(msg!("no such file or folder")),
        PermissionDenied => Arg::Key(msg!("permission denied")),
        AlreadyExists => Arg::Key(msg!("it already exists")),
        IsADirectory => Arg::Key(msg!("it is a folder")),
        NotADirectory => Arg::Key(msg!("a part of the path is not a folder")),
        StorageFull => Arg::Key(msg!("the disk is full")),
        ReadOnlyFilesystem => Arg::Key(msg!("the file system is read-only")),
        _ => {
            let s = err.to_string();
            let s = match s.find(" (os error") {
                Some(i) => s[..i].to_lowercase(),
                None => s,
            };
            match OTHER_REASONS.iter().find(|r| **r == s) {
                Some(r) => Arg::Key(r),
                None => Arg::Maybe(s),
            }
        }
    }
}

/// Reasons the system gives in English that the catalogue translates.
const OTHER_REASONS: [&str; 4] =
    [msg!("file name too long"), msg!("not a directory"), msg!("is a directory"), msg!("broken pipe")];

/// Which step of an atomic write failed, for the caller's message.
#[derive(Debug)]
pub(crate) struct WriteError {
    /// "create a file in" (the folder) or "write" (the target).
    pub(crate) action: &'static str,
    pub(crate) source: std::io::Error,
}

/// Writes `bytes` to `target` atomically. The folder must exist. The file
/// gets mode 0644 (readable by others, as files written by an editor are).
/// A target that exists and is not a regular file (`/dev/null`, a pipe, a
/// terminal) is written into, never replaced by a file.
pub(crate) fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    if std::fs::metadata(target).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(target)
            .map_err(|source| WriteError { action: msg!("write"), source })?;
        return f
            .write_all(bytes)
            .and_then(|()| f.flush())
            .map_err(|source| WriteError { action: msg!("write"), source });
    }
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let fail = |action| move |source| WriteError { action, source };
    let mut tmp = tempfile::Builder::new()
        .prefix(".learn-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail(msg!("create a file in")))?;
    tmp.write_all(bytes).map_err(fail(msg!("write")))?;
    set_readable(tmp.as_file()).map_err(fail(msg!("write")))?;
    tmp.as_file().sync_all().map_err(fail(msg!("write")))?;
    tmp.persist(target).map_err(|e| WriteError { action: "write", source: e.error })?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(unix)]
fn set_readable(f: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    f.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_readable(_: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

/// Writes to standard output; a reader that went away (`| head`) is not
/// an error.
pub(crate) fn write_stdout(bytes: &[u8]) -> Result<(), crate::error::Error> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(crate::error::Error::io(msg!("write to"), Path::new("standard output"), e)),
    }
}

/// Temporary files to remove if a signal ends the process (which runs no
/// destructors): the copy of an Anki collection being read.
static TEMPORARIES: std::sync::Mutex<Vec<std::path::PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Removes `path` (and SQLite's `-wal`, `-shm` beside it) if a signal ends
/// the process before its owner does.
pub(crate) fn remove_on_signal(path: &Path) {
    let mut list = TEMPORARIES.lock().unwrap_or_else(|e| e.into_inner());
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        list.push(p.into());
    }
}

/// Called by the signal handler: removes every registered temporary file.
pub(crate) fn remove_temporaries() {
    let list = std::mem::take(&mut *TEMPORARIES.lock().unwrap_or_else(|e| e.into_inner()));
    for p in list {
        let _ = std::fs::remove_file(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_file() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "old")?;
        write_atomic(&p, b"new").map_err(|e| e.source)?;
        assert_eq!(std::fs::read_to_string(&p)?, "new");
        assert_eq!(std::fs::read_dir(dir.path())?.count(), 1, "no temporary file left behind");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&p)?.permissions().mode() & 0o777, 0o644);
        }
        Ok(())
    }

    #[test]
    fn io_reasons_drop_the_os_error_number() {
        let e = std::io::Error::from_raw_os_error(36);
        assert!(!io_reason(&e).contains("os error"), "{}", io_reason(&e));
        assert_eq!(io_reason(&std::io::Error::from(std::io::ErrorKind::NotFound)), "no such file or folder");
    }
}
