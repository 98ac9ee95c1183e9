//! Writes that cannot lose data.
//!
//! - Atomic: the bytes go to a temp file in the target's folder, which is renamed over the target only when
//!   everything was written, so a failed write never leaves a half file or loses the old one. Temp files a
//!   crash or a kill left behind (`.fengong-*.tmp`, older than [`STALE_TEMP_AGE`]) are removed by the next
//!   write into the same folder.
//! - Never over the database: every output (PDF, sheets, Word, Excel, CSV, JSON) goes through
//!   [`write_atomic`], which refuses the open database and its `-wal`, `-shm` and `-journal` files, however
//!   the path is spelled (relative, `..`, a symlink, a hard link, other letter case on Windows/macOS). The
//!   store registers its file when it opens ([`protect`]) and releases it when dropped. A registry in the
//!   process was chosen over passing the store to every writer: the guard then cannot be forgotten by a new
//!   output path, in the CLI or in the desktop.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use crate::error::{Error, Result};

/// A temp file this old in an output folder is left over from a crash (a write takes seconds).
pub const STALE_TEMP_AGE: Duration = Duration::from_secs(15 * 60);

/// SQLite's companion files of a database in WAL or rollback-journal mode.
const DB_COMPANIONS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// The database file and the companion files SQLite may keep beside it.
pub fn database_files(db: &Path) -> Vec<PathBuf> {
    let mut files = vec![db.to_path_buf()];
    files.extend(DB_COMPANIONS.iter().map(|s| {
        let mut n = db.as_os_str().to_os_string();
        n.push(s);
        PathBuf::from(n)
    }));
    files
}

/// Open databases (one entry per open store; the same file may be open twice).
static PROTECTED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Marks `db` (and its companion files) as a file no output may replace, until [`unprotect`].
pub fn protect(db: &Path) {
    let p = absolute(db);
    PROTECTED.lock().unwrap_or_else(|e| e.into_inner()).push(p);
}

/// Releases one [`protect`] of `db`.
pub fn unprotect(db: &Path) {
    let p = absolute(db);
    let mut list = PROTECTED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(i) = list.iter().position(|q| *q == p) {
        list.swap_remove(i);
    }
}

/// Refuses `target` when it is an open database or one of its companion files, or any SQLite database at
/// all (another Fengong database this process does not have open, the desktop's while the CLI works on
/// another file): an export is never meant to replace one.
pub fn check_not_database(target: &Path) -> Result<()> {
    let dbs: Vec<PathBuf> = PROTECTED.lock().unwrap_or_else(|e| e.into_inner()).clone();
    for db in &dbs {
        if is_database_file(target, db) {
            return Err(Error::File {
                path: target.to_path_buf(),
                message: format!(
                    "这是正在使用的数据库文件（{}），不能用导出或打印的文件覆盖它，否则所有文档都会丢失。请另选文件名或保存位置",
                    db.display()
                ),
            });
        }
    }
    if is_sqlite_file(target) {
        return Err(Error::File {
            path: target.to_path_buf(),
            message:
                "这是一个数据库文件，不能用导出或打印的文件覆盖它（里面的文档会丢失）。请另选文件名或保存位置"
                    .into(),
        });
    }
    Ok(())
}

/// Whether the file at `p` starts with SQLite's header.
fn is_sqlite_file(p: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(p).and_then(|mut f| f.read_exact(&mut head)).is_ok() && &head == b"SQLite format 3\0"
}

/// Whether `target` names `db` or one of its companions: the same file on disk (through symlinks and hard
/// links), or — for a file that does not exist yet — the same name in the same folder.
fn is_database_file(target: &Path, db: &Path) -> bool {
    let names = database_files(db);
    // `same_file` compares device and inode (Unix) or volume and file index (Windows) after following links.
    if names.iter().any(|n| same_file::is_same_file(target, n).unwrap_or(false)) {
        return true;
    }
    let Some(t) = canonical_name(target) else { return false };
    names.iter().filter_map(|n| canonical_name(n)).any(|n| same_name(&t, &n))
}

/// The path with its folder resolved (symlinks, `..`) and its last component as written; None when the folder
/// does not exist.
fn canonical_name(p: &Path) -> Option<PathBuf> {
    let p = absolute(p);
    let name = p.file_name()?;
    let dir = p.parent()?.canonicalize().ok()?;
    Some(dir.join(name))
}

/// Windows and macOS file systems ignore letter case by default; Linux's do not.
fn same_name(a: &Path, b: &Path) -> bool {
    if cfg!(any(windows, target_os = "macos")) {
        a.to_string_lossy().to_lowercase() == b.to_string_lossy().to_lowercase()
    } else {
        a == b
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// An output path for a file of type `ext` (e.g. `pdf`): a path without extension gets it; a path with
/// another one is refused, so `render -o 附件.docx` cannot write a PDF under a Word name.
pub fn output_path(path: &Path, ext: &str, what: &str) -> Result<PathBuf> {
    match path.extension() {
        None => {
            let mut p = path.as_os_str().to_os_string();
            p.push(format!(".{ext}"));
            Ok(PathBuf::from(p))
        }
        Some(e) if e.eq_ignore_ascii_case(ext) => Ok(path.to_path_buf()),
        Some(e) => Err(Error::File {
            path: path.to_path_buf(),
            message: format!(
                "这里生成的是{what}，文件名应以 .{ext} 结尾，而不是 .{}；要导出 Word、Excel 或 CSV，请用“导出”（fengong export）",
                e.to_string_lossy()
            ),
        }),
    }
}

/// Makes the folder a batch of outputs goes into (`sheets --all -o 清单/`). One rule for every output: Fengong
/// creates what the user named (a file, or this folder) but never the folders above it, so a mistyped
/// path is said instead of silently creating a tree somewhere.
pub fn create_output_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    check_folder_of(dir)?;
    std::fs::create_dir(dir).map_err(|e| Error::io(dir, e))
}

/// The folder `path` is in (`.` for a bare name), refused in Chinese when it does not exist; returned for
/// the write.
pub fn check_folder_of(path: &Path) -> Result<&Path> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Error::File {
            path: path.to_path_buf(),
            message: format!("保存位置的文件夹“{}”不存在，请另选保存位置", dir.display()),
        });
    }
    Ok(dir)
}

/// Writes `bytes` to `path` atomically. Refuses the open database ([`check_not_database`]) and a missing
/// folder; removes stale temp files of earlier crashed writes in the folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    check_not_database(path)?;
    let dir = check_folder_of(path)?;
    remove_stale_temps(dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(|e| Error::io(path, std::io::Error::from(e.kind())))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    set_shareable_permissions(tmp.as_file(), path);
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

const TEMP_PREFIX: &str = ".fengong-";
const TEMP_SUFFIX: &str = ".tmp";

/// Removes our temp files older than [`STALE_TEMP_AGE`] from `dir` (a killed write leaves one behind). A
/// younger one may be another process's write in progress and is left alone. Failures are ignored: this is
/// tidying, not the write.
pub fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let stale = e
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_TEMP_AGE);
        if stale {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// tempfile creates its files readable by the owner only; an exported PDF in a shared folder must be
/// readable like any other file: keep the old file's mode, or use 0644 (the umask still applies on open).
#[cfg(unix)]
fn set_shareable_permissions(file: &std::fs::File, target: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(target).map(|m| m.permissions().mode()).unwrap_or(0o644);
    let _ = file.set_permissions(std::fs::Permissions::from_mode(mode & 0o777));
}

#[cfg(not(unix))]
fn set_shareable_permissions(_file: &std::fs::File, _target: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_or_a_folder_as_target_is_said_in_chinese() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_atomic(&dir.path().join("无此文件夹/a.docx"), b"x").unwrap_err().to_string();
        assert!(e.contains("a.docx") && e.contains("无此文件夹") && e.contains("不存在"), "{e}");
        assert!(!e.contains(".fengong-") && !e.contains("os error"), "{e}");
        let sub = dir.path().join("文件夹.docx");
        std::fs::create_dir(&sub).unwrap();
        let e = write_atomic(&sub, b"x").unwrap_err().to_string();
        assert!(e.contains("文件夹.docx") && !e.contains("os error"), "{e}");
    }

    #[test]
    fn replaces_existing_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.pdf");
        std::fs::write(&p, b"old").unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_by_others_and_old_modes_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("new.pdf");
        write_atomic(&p, b"x").unwrap();
        assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o644);
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"y").unwrap();
        assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o640);
    }

    #[test]
    fn failure_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-dir").join("a.pdf");
        assert!(write_atomic(&missing, b"x").is_err());
    }
}

#[cfg(test)]
mod guard_tests {
    use super::*;

    fn open_db(dir: &Path) -> (crate::store::Store, PathBuf) {
        let db = dir.join("数据.db");
        (crate::store::Store::open(&db).unwrap(), db)
    }

    #[test]
    fn no_output_replaces_the_open_database_or_its_companions() {
        let dir = tempfile::tempdir().unwrap();
        let (_store, db) = open_db(dir.path());
        let before = std::fs::read(&db).unwrap();
        for name in ["数据.db", "数据.db-wal", "数据.db-shm", "数据.db-journal"] {
            let e = write_atomic(&dir.path().join(name), b"%PDF").unwrap_err().to_string();
            assert!(e.contains("正在使用的数据库") && e.contains(name), "{e}");
        }
        // Spelled another way: `..`, a symlink, a hard link.
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        assert!(write_atomic(&sub.join("../数据.db"), b"x").is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&db, dir.path().join("link.pdf")).unwrap();
            assert!(write_atomic(&dir.path().join("link.pdf"), b"x").is_err());
            std::os::unix::fs::symlink(dir.path(), dir.path().join("dirlink")).unwrap();
            assert!(write_atomic(&dir.path().join("dirlink/数据.db-wal"), b"x").is_err());
        }
        std::fs::hard_link(&db, dir.path().join("hard.csv")).unwrap();
        assert!(write_atomic(&dir.path().join("hard.csv"), b"x").is_err());
        assert_eq!(std::fs::read(&db).unwrap(), before);
        // Other files in the same folder are fine.
        write_atomic(&dir.path().join("数据.pdf"), b"x").unwrap();
    }

    #[test]
    fn no_output_replaces_any_database_even_one_not_open_here() {
        let dir = tempfile::tempdir().unwrap();
        let (store, db) = open_db(dir.path());
        drop(store);
        // Another program's database, or ours while the desktop has it open and the CLI works on another.
        let e = write_atomic(&db, b"x").unwrap_err().to_string();
        assert!(e.contains("数据库文件") && e.contains("数据.db"), "{e}");
        // A file that only looks similar is not one.
        let other = dir.path().join("说明.csv");
        std::fs::write(&other, b"SQLite format 2").unwrap();
        write_atomic(&other, b"x").unwrap();
    }

    #[test]
    fn stale_temp_files_are_removed_young_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".fengong-abc.tmp");
        let young = dir.path().join(".fengong-def.tmp");
        let other = dir.path().join("mine.tmp");
        for p in [&stale, &young, &other] {
            std::fs::write(p, b"x").unwrap();
        }
        let old = std::time::SystemTime::now() - STALE_TEMP_AGE - Duration::from_secs(60);
        for p in [&stale, &other] {
            std::fs::File::options().write(true).open(p).unwrap().set_modified(old).unwrap();
        }
        write_atomic(&dir.path().join("a.pdf"), b"x").unwrap();
        assert!(!stale.exists());
        assert!(young.exists() && other.exists());
    }
}
