//! Where the database lives, and what kind of disk it is on.
//!
//! - The default database is in the per-user **local** data folder: `%LOCALAPPDATA%\cn.fengong.desktop`
//!   on Windows. Domain PCs often redirect the roaming `%APPDATA%` to a network share, where SQLite's WAL
//!   does not work (its shared memory needs one machine) and every write crosses the network. macOS and
//!   Linux have one data folder, so nothing changes there.
//! - A database found in the old roaming place (`%APPDATA%\cn.fengong.desktop\fengong.db`, used before) is
//!   copied to the local folder the first time the default is opened, with SQLite's backup API (consistent
//!   even mid-write, WAL included) and an integrity check; the old file is left exactly as it was, as the
//!   backup, with a note beside it saying where the data went. Rejected: renaming or deleting the old
//!   file — another program (an older 分工 still open) may hold it, and a rename would part it from its
//!   WAL.
//! - A database on a network drive or share (`\\server\share`, a mapped drive; NFS/SMB on Unix) is opened
//!   with a rollback journal instead of WAL, and the user is told so: it keeps working, more slowly, and
//!   it is safest on this computer.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::APP_IDENTIFIER;
use crate::error::{Error, Result};

const FILE_NAME: &str = "fengong.db";
/// Left beside a database that was copied to the local folder.
pub const MOVED_NOTE: &str = "分工数据库已移到本机-说明.txt";

/// `<local data dir>/cn.fengong.desktop/fengong.db`.
pub fn default_path() -> Result<PathBuf> {
    Ok(base_dirs()?.data_local_dir().join(APP_IDENTIFIER).join(FILE_NAME))
}

/// The roaming place earlier versions used, when it differs from the local one (Windows only).
fn legacy_path() -> Result<Option<PathBuf>> {
    let dirs = base_dirs()?;
    Ok((dirs.data_dir() != dirs.data_local_dir())
        .then(|| dirs.data_dir().join(APP_IDENTIFIER).join(FILE_NAME)))
}

fn base_dirs() -> Result<directories::BaseDirs> {
    directories::BaseDirs::new()
        .ok_or_else(|| Error::invalid("找不到当前用户的数据目录，请用 --db 指定数据库文件"))
}

/// A database copied from the old place to the new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub from: PathBuf,
    pub to: PathBuf,
}

impl Moved {
    /// What the user is told once.
    pub fn message(&self) -> String {
        format!(
            "数据库已从“{}”移到本机“{}”。原文件仍保留在原处，作为备份。",
            self.from.display(),
            self.to.display()
        )
    }
}

/// The default database, after copying an old roaming one to the local folder if this is the first start
/// since. Some(moved) says that it was just copied.
pub fn default_database() -> Result<(PathBuf, Option<Moved>)> {
    let path = default_path()?;
    let moved = match legacy_path()? {
        Some(legacy) => move_legacy(&legacy, &path)?,
        None => None,
    };
    Ok((path, moved))
}

/// Copies the database at `legacy` to `new` when `new` does not exist yet and `legacy` does. The copy is
/// checked before it takes the name `new` (created only if still absent: two programs starting at once
/// copy once); `legacy` is only read.
pub fn move_legacy(legacy: &Path, new: &Path) -> Result<Option<Moved>> {
    if new.exists() || !legacy.is_file() {
        return Ok(None);
    }
    let fail = |message: String| Error::File {
        path: legacy.to_path_buf(),
        message: format!(
            "无法把数据库移到本机“{}”：{message}。原数据库未改动；可用 --db 指定它继续使用",
            new.display()
        ),
    };
    let dir = new.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| fail(e.to_string()))?;
    let tmp = tempfile::Builder::new()
        .prefix(".fengong-move-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| fail(e.to_string()))?;
    {
        let from = Connection::open_with_flags(legacy, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| fail(e.to_string()))?;
        from.backup(rusqlite::MAIN_DB, tmp.path(), None::<fn(rusqlite::backup::Progress)>)
            .map_err(|e| fail(e.to_string()))?;
        let copy = Connection::open(tmp.path()).map_err(|e| fail(e.to_string()))?;
        let check: String =
            copy.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(|e| fail(e.to_string()))?;
        if check != "ok" {
            return Err(fail("原数据库已损坏".into()));
        }
    }
    // A hard link creates `new` only if nothing is there (another program's copy wins); the temp name goes
    // with the handle.
    match std::fs::hard_link(tmp.path(), new) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(None),
        // File systems without hard links: the temp file is renamed unless `new` appeared meanwhile.
        Err(_) => {
            if new.exists() {
                return Ok(None);
            }
            tmp.persist(new).map_err(|e| fail(e.error.to_string()))?;
        }
    }
    let moved = Moved { from: legacy.to_path_buf(), to: new.to_path_buf() };
    if let Some(old_dir) = legacy.parent() {
        let note = format!(
            "{}\r\n以后的修改都保存在新位置；这里的数据库文件和 backups 文件夹不再更新，确认新位置的数据无误后可以删除。\r\n",
            moved.message()
        );
        // Windows' Notepad reads UTF-8 with a BOM on every version.
        let _ =
            std::fs::write(old_dir.join(MOVED_NOTE), [b"\xEF\xBB\xBF".as_slice(), note.as_bytes()].concat());
    }
    Ok(Some(moved))
}

/// Whether the database at `path` sits on a network drive or share.
pub fn on_network(path: &Path) -> bool {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    is_unc(&path) || platform::is_remote(&path)
}

/// `\\server\share\…` or `\\?\UNC\server\…` (never a local `\\?\C:\` or a device `\\.\`).
fn is_unc(path: &Path) -> bool {
    // Absolute paths on Windows already have `\` (GetFullPathNameW turns `/` into it).
    let text = path.as_os_str().to_string_lossy();
    if let Some(rest) = text.strip_prefix(r"\\?\") {
        return rest.get(..4).is_some_and(|p| p.eq_ignore_ascii_case(r"UNC\"));
    }
    text.starts_with(r"\\") && !text.starts_with(r"\\.\")
}

/// The nearest folder of `path` that exists (the database itself may not exist yet).
#[allow(dead_code)] // unused on platforms without a file-system check
fn existing_ancestor(path: &Path) -> Option<&Path> {
    path.ancestors().find(|p| !p.as_os_str().is_empty() && p.exists())
}

#[cfg(windows)]
mod platform {
    use std::os::windows::ffi::OsStrExt;
    use std::path::{Component, Path};

    /// A mapped network drive (`Z:` on `\\server\share`).
    pub fn is_remote(path: &Path) -> bool {
        let Some(Component::Prefix(prefix)) = path.components().next() else { return false };
        let root: Vec<u16> = prefix.as_os_str().encode_wide().chain(['\\' as u16, 0]).collect();
        // SAFETY: `root` is a NUL-terminated UTF-16 string that outlives the call.
        let kind = unsafe { windows_sys::Win32::Storage::FileSystem::GetDriveTypeW(root.as_ptr()) };
        // DRIVE_REMOTE (windows-sys files it under System::WindowsProgramming, a large feature for one number).
        kind == 4
    }
}

#[cfg(target_os = "linux")]
mod platform {
    use std::path::Path;

    /// NFS, SMB/CIFS, AFS, Coda, 9P, Ceph (statfs magic numbers from linux/magic.h and the file systems).
    const NETWORK: [i64; 9] = [
        0x6969,      // NFS
        0x517B,      // SMB
        0xFF53_4D42, // CIFS
        0xFE53_4D42, // SMB2
        0x5346_414F, // AFS
        0x7375_7245, // Coda
        0x0102_1997, // 9P
        0x00C3_6400, // Ceph
        0x564C,      // NCP
    ];

    pub fn is_remote(path: &Path) -> bool {
        use std::os::unix::ffi::OsStrExt;
        let Some(dir) = super::existing_ancestor(path) else { return false };
        let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else { return false };
        let mut st = std::mem::MaybeUninit::<libc::statfs>::uninit();
        // SAFETY: `c` is NUL-terminated; statfs fills `st` when it returns 0.
        if unsafe { libc::statfs(c.as_ptr(), st.as_mut_ptr()) } != 0 {
            return false;
        }
        // SAFETY: statfs returned 0. (f_type's width differs between architectures.)
        #[allow(clippy::unnecessary_cast)]
        let kind = unsafe { st.assume_init() }.f_type as i64;
        NETWORK.contains(&kind)
    }
}

#[cfg(target_os = "macos")]
mod platform {
    use std::path::Path;

    pub fn is_remote(path: &Path) -> bool {
        use std::os::unix::ffi::OsStrExt;
        let Some(dir) = super::existing_ancestor(path) else { return false };
        let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else { return false };
        let mut st = std::mem::MaybeUninit::<libc::statfs>::uninit();
        // SAFETY: `c` is NUL-terminated; statfs fills `st` when it returns 0.
        if unsafe { libc::statfs(c.as_ptr(), st.as_mut_ptr()) } != 0 {
            return false;
        }
        // SAFETY: statfs returned 0, so the name is a NUL-terminated C string.
        let st = unsafe { st.assume_init() };
        let name = unsafe { std::ffi::CStr::from_ptr(st.f_fstypename.as_ptr()) };
        matches!(name.to_bytes(), b"nfs" | b"smbfs" | b"afpfs" | b"webdav" | b"cifs")
    }
}

#[cfg(not(any(windows, target_os = "linux", target_os = "macos")))]
mod platform {
    pub fn is_remote(_: &std::path::Path) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db_with_rows(path: &Path, n: i64) -> Connection {
        let c = Connection::open(path).unwrap();
        let _: String = c.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).unwrap();
        c.execute_batch("CREATE TABLE t(x); PRAGMA wal_autocheckpoint = 0;").unwrap();
        for i in 0..n {
            c.execute("INSERT INTO t VALUES (?1)", [i]).unwrap();
        }
        c
    }

    #[test]
    fn an_old_roaming_database_is_copied_once_with_its_wal_and_left_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let legacy = dir.path().join("Roaming").join("fengong.db");
        std::fs::create_dir_all(legacy.parent().unwrap()).unwrap();
        // Still open, rows only in the WAL: the copy must have them, the old file must stay as it is.
        let open = db_with_rows(&legacy, 5);
        let wal = crate::fsutil::database_files(&legacy)
            .into_iter()
            .find(|p| p.to_string_lossy().ends_with("-wal"));
        assert!(wal.is_some_and(|w| std::fs::metadata(w).unwrap().len() > 0));
        let before = std::fs::read(&legacy).unwrap();

        let new = dir.path().join("Local").join("cn.fengong.desktop").join("fengong.db");
        let moved = move_legacy(&legacy, &new).unwrap().expect("copied");
        assert_eq!(moved, Moved { from: legacy.clone(), to: new.clone() });
        assert!(moved.message().contains("原文件仍保留"));
        let n: i64 =
            Connection::open(&new).unwrap().query_row("SELECT count(*) FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 5);
        assert_eq!(std::fs::read(&legacy).unwrap(), before, "the old file is only read");
        let note = std::fs::read_to_string(legacy.parent().unwrap().join(MOVED_NOTE)).unwrap();
        assert!(note.contains(&new.display().to_string()));
        // No temp file is left beside the copy.
        let names: Vec<_> =
            std::fs::read_dir(new.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("fengong.db")]);

        // Second start: the local database exists, nothing is copied over it.
        open.execute("INSERT INTO t VALUES (99)", []).unwrap();
        assert_eq!(move_legacy(&legacy, &new).unwrap(), None);
        let n: i64 =
            Connection::open(&new).unwrap().query_row("SELECT count(*) FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 5);
    }

    #[test]
    fn nothing_to_move_and_a_damaged_old_database_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new").join("fengong.db");
        assert_eq!(move_legacy(&dir.path().join("absent.db"), &new).unwrap(), None);
        assert!(!new.exists());

        let legacy = dir.path().join("old.db");
        std::fs::write(&legacy, b"this is not a database at all, but a text file of some length").unwrap();
        let e = move_legacy(&legacy, &new).unwrap_err().to_string();
        assert!(e.contains("原数据库未改动") && e.contains("--db"), "{e}");
        assert!(!new.exists());
        assert_eq!(std::fs::read_dir(new.parent().unwrap()).unwrap().count(), 0, "no temp file left");
    }

    #[test]
    fn unc_paths_are_network_paths_and_local_ones_are_not() {
        assert!(is_unc(Path::new(r"\\fileserver\home$\张三\AppData\Roaming\cn.fengong.desktop\fengong.db")));
        assert!(is_unc(Path::new(r"\\?\UNC\fileserver\home\fengong.db")));
        assert!(!is_unc(Path::new(r"\\?\C:\Users\张三\fengong.db")));
        assert!(!is_unc(Path::new(r"\\.\pipe\x")));
        assert!(!is_unc(Path::new(r"C:\Users\张三\AppData\Local\fengong.db")));
        assert!(!is_unc(Path::new("/home/user/.local/share/fengong.db")));
        // The test's own temp folder is a local disk.
        assert!(!on_network(&std::env::temp_dir().join("x").join("fengong.db")));
    }
}
