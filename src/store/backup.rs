//! Backups, restore, the database's identity and the backup retention setting.
//!
//! Users keep years of 分工 in one SQLite file, so the store copies it before anything that could lose data:
//!
//! - **Where**: `<folder of the database>/backups/fengong-YYYYMMDD-HHMMSS-<reason>.db` (local time, the time
//!   the user sees; `-2`, `-3` … when two copies fall in one second). Beside the database, not in a system
//!   folder, so a user who copies "the Fengong folder" to a USB stick takes the backups along.
//! - **How**: SQLite's online backup API (`sqlite3_backup_step(-1)`: one consistent snapshot even while the
//!   app has the file open) into a hidden temp name in the same folder, switched from WAL to a rollback
//!   journal so the copy is one self-contained file, checked with `PRAGMA integrity_check`, then renamed
//!   (atomic): a file with the final name is always a complete, verified copy. A copy that fails the check
//!   is deleted and reported — it means the database itself is damaged.
//!   Rejected: `VACUUM INTO` (rewrites every page, slower on big files, and cannot be verified before it
//!   has its final name unless we rename anyway); a plain file copy (not consistent while the WAL holds
//!   unfinished pages).
//! - **When** (the set the README lists): before a schema migration of an existing database (a failed
//!   backup stops the migration), before every import (annex and JSON bundle), before merging units,
//!   before 彻底删除 of a trashed document and before the trash purge, once a day when the desktop app
//!   opens ([`Store::backup_if_due`]), before a restore (the current data), and on request. A database with
//!   no document at all (a new file) is not copied: there is nothing to lose. Moving a document to the
//!   trash and single-item edits are not backed up: the trash and the editor's undo keep those.
//! - **Retention** (setting "保留备份", table `settings`, keys `backup.keep_last` and `backup.keep_weeks`,
//!   default 20 and 8): after each backup, the newest `keep_last` copies are kept, plus the newest copy of
//!   each ISO week for the last `keep_weeks` weeks; other files with our name pattern are deleted. Every
//!   reason rolls in the same set (a copy from before a migration is no more precious than a later one);
//!   files whose names we did not write are never touched, and the raw copies of a damaged database
//!   (`-damaged`) are never pruned.
//! - **Restore**: the candidate file is opened read-only and must be a Fengong database (application_id or
//!   a released version-1 schema), of a version this program can open, and pass `integrity_check`; the
//!   database itself is refused. The current data is backed up first (a raw copy if it is too damaged for
//!   the backup API). Then, with the store open ([`Store::restore_from`]), the backup API writes the file
//!   *into* the open connection: the connection stays valid (the desktop keeps its `Store`), the switch is
//!   atomic for other readers, and an older version is migrated afterwards. When the database cannot be
//!   opened at all ([`restore_closed`], the CLI and the desktop's start-up), the candidate is copied to a
//!   temp file beside the database and renamed over it. Rejected: closing and reopening the `Store` in the
//!   desktop (every command would have to cope with a missing store in between).
//! - **Identity**: migration 2 sets `PRAGMA application_id` to [`APPLICATION_ID`]. At open, user_version 0
//!   with no schema is a new file; user_version 0 with tables, or another application_id, is another
//!   program's database and is left untouched (no table is created, the journal mode is not changed).
//!   `file is not a database` and corruption become [`Error::DamagedDb`], in Chinese, naming the file.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{Datelike, Local, NaiveDateTime};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{schema, Store};
use crate::error::{Error, Result};

/// `PRAGMA application_id` of a Fengong database ("FGON").
pub const APPLICATION_ID: i32 = 0x4647_4F4E;
/// The folder beside the database that holds the rolling backups.
pub const BACKUP_DIR: &str = "backups";

const KEY_KEEP_LAST: &str = "backup.keep_last";
const KEY_KEEP_WEEKS: &str = "backup.keep_weeks";

/// Why a backup was written; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[derive(TS)]
pub enum BackupReason {
    Manual,
    Daily,
    Migrate,
    Import,
    Merge,
    Delete,
    Purge,
    Restore,
    /// A raw copy of a database too damaged for the backup API, kept before it is replaced.
    Damaged,
}

const REASONS: [BackupReason; 9] = [
    BackupReason::Manual,
    BackupReason::Daily,
    BackupReason::Migrate,
    BackupReason::Import,
    BackupReason::Merge,
    BackupReason::Delete,
    BackupReason::Purge,
    BackupReason::Restore,
    BackupReason::Damaged,
];

impl BackupReason {
    pub fn slug(self) -> &'static str {
        match self {
            BackupReason::Manual => "manual",
            BackupReason::Daily => "daily",
            BackupReason::Migrate => "migrate",
            BackupReason::Import => "import",
            BackupReason::Merge => "merge",
            BackupReason::Delete => "delete",
            BackupReason::Purge => "purge",
            BackupReason::Restore => "restore",
            BackupReason::Damaged => "damaged",
        }
    }
    /// What the user sees in the list.
    pub fn label(self) -> &'static str {
        match self {
            BackupReason::Manual => "手动备份",
            BackupReason::Daily => "每日自动备份",
            BackupReason::Migrate => "升级数据库前",
            BackupReason::Import => "导入前",
            BackupReason::Merge => "合并单位前",
            BackupReason::Delete => "彻底删除文档前",
            BackupReason::Purge => "清理回收站前",
            BackupReason::Restore => "恢复备份前的数据",
            BackupReason::Damaged => "已损坏的原数据库",
        }
    }
    fn from_slug(s: &str) -> Option<BackupReason> {
        REASONS.iter().copied().find(|r| r.slug() == s)
    }
}

/// One file in the backups folder.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupInfo {
    pub path: PathBuf,
    pub file_name: String,
    /// Local time the copy was written (from its name), `YYYY-MM-DD HH:MM:SS`.
    pub time: String,
    #[serde(skip)]
    pub when: NaiveDateTime,
    pub size: u64,
    pub reason: BackupReason,
    pub reason_label: &'static str,
    /// The header says SQLite and Fengong (cheap check; every copy was fully verified when written).
    pub ok: bool,
}

/// The retention setting ("保留备份").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupPolicy {
    /// The newest this many copies are always kept.
    pub keep_last: u32,
    /// Plus the newest copy of each ISO week for this many weeks.
    pub keep_weeks: u32,
}

impl Default for BackupPolicy {
    fn default() -> Self {
        BackupPolicy { keep_last: 20, keep_weeks: 8 }
    }
}

impl BackupPolicy {
    pub fn validate(&self) -> Result<()> {
        use crate::rules::{BACKUP_KEEP_LAST_MAX, BACKUP_KEEP_WEEKS_MAX};
        if !(1..=BACKUP_KEEP_LAST_MAX).contains(&self.keep_last) {
            return Err(Error::invalid(format!("“保留最近的备份”须在 1 到 {BACKUP_KEEP_LAST_MAX} 份之间")));
        }
        if self.keep_weeks > BACKUP_KEEP_WEEKS_MAX {
            return Err(Error::invalid(format!(
                "“每周保留一份”的周数须在 0 到 {BACKUP_KEEP_WEEKS_MAX} 之间"
            )));
        }
        Ok(())
    }
}

/// What a restore did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RestoreOutcome {
    /// The copy of the data as it was before the restore.
    pub kept_copy: PathBuf,
    /// Documents (not in the trash) after the restore.
    pub documents: i64,
}

/// The folder of rolling backups of the database at `db_path`: `backups/<database name>` beside it
/// (`backups/fengong` for the default `fengong.db`). One folder per database: several databases in one
/// folder must not list, offer, thin out or skip the daily copy for one another's backups.
pub fn backup_dir(db_path: &Path) -> PathBuf {
    let base = match db_path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.join(BACKUP_DIR),
        _ => PathBuf::from(BACKUP_DIR),
    };
    let name = db_path.file_stem().map(|s| s.to_string_lossy().into_owned()).filter(|s| !s.is_empty());
    base.join(name.unwrap_or_else(|| "fengong".into()))
}

// ---------------------------------------------------------------------------------------------------------
// Identity and open errors

/// What an SQLite file is, read from its header and schema without changing anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Identity {
    /// No schema at all: a new (or empty) file.
    New,
    Fengong(i64),
    Foreign,
}

pub(crate) fn identify(conn: &Connection) -> rusqlite::Result<Identity> {
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if app_id == APPLICATION_ID {
        return Ok(Identity::Fengong(version));
    }
    if app_id != 0 {
        return Ok(Identity::Foreign);
    }
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    if version == 0 {
        return Ok(if objects == 0 { Identity::New } else { Identity::Foreign });
    }
    // Version 1 was released before the application_id: recognise it by its tables.
    let ours: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('documents', 'items', 'units', 'assignments')",
        [],
        |r| r.get(0),
    )?;
    Ok(if version == 1 && ours == 4 { Identity::Fengong(1) } else { Identity::Foreign })
}

fn is_damage(e: &rusqlite::Error) -> Option<&'static str> {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => Some("文件不是数据库，或文件头已损坏"),
        Some(ErrorCode::DatabaseCorrupt) => Some("文件内容已损坏"),
        _ => None,
    }
}

/// Turns SQLite's own (English) damage errors into [`Error::DamagedDb`] naming the file.
pub(crate) fn damaged_or(e: Error, path: &Path) -> Error {
    match &e {
        Error::Db(inner) => match is_damage(inner) {
            Some(reason) => Error::DamagedDb { path: path.to_path_buf(), reason: reason.into() },
            None => e,
        },
        _ => e,
    }
}

/// Refuses, before anything is written, a file that is not a database or is another program's database.
pub(crate) fn check_identity(conn: &Connection, path: &Path) -> Result<()> {
    match identify(conn).map_err(|e| damaged_or(e.into(), path))? {
        Identity::New | Identity::Fengong(_) => Ok(()),
        Identity::Foreign => Err(not_fengong(path)),
    }
}

fn not_fengong(path: &Path) -> Error {
    Error::File {
        path: path.to_path_buf(),
        message: "这不是分工的数据库（可能是其他程序的数据库文件），分工没有改动它。请选择分工的数据库文件。"
            .into(),
    }
}

// ---------------------------------------------------------------------------------------------------------
// Writing and checking copies

/// Runs the online backup from `src` into `dst` in one step, retrying while another connection writes.
/// SQLite's count of commits by other connections (changes when anyone else wrote).
fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}

fn copy_pages(src: &Connection, dst: &mut Connection) -> rusqlite::Result<()> {
    let b = Backup::new(src, dst)?;
    for _ in 0..100 {
        match b.step(-1)? {
            StepResult::Done => return Ok(()),
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    Err(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY), None))
}

/// A consistent single-file copy of `src` at `dest` (overwritten), not yet verified.
fn write_copy(src: &Connection, dest: &Path) -> Result<()> {
    let fail = |e: rusqlite::Error| Error::File {
        path: dest.to_path_buf(),
        message: format!("写入备份失败：{}", sqlite_reason(&e)),
    };
    let _ = std::fs::remove_file(dest);
    let mut dst = Connection::open(dest).map_err(fail)?;
    copy_pages(src, &mut dst).map_err(fail)?;
    let _: String = dst.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0)).map_err(fail)?;
    dst.close().map_err(|(_, e)| fail(e))
}

/// `PRAGMA integrity_check` on an open connection: None when "ok", otherwise the first problems.
fn integrity_problems(conn: &Connection) -> rusqlite::Result<Option<String>> {
    let mut st = conn.prepare("PRAGMA integrity_check(5)")?;
    let rows: Vec<String> = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(if rows.len() == 1 && rows[0] == "ok" { None } else { Some(rows.join("；")) })
}

fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
}

/// The English SQLite text only where no Chinese reason is known.
fn sqlite_reason(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => "磁盘空间不足".into(),
        Some(ErrorCode::ReadOnly) | Some(ErrorCode::PermissionDenied) => "没有写入权限".into(),
        Some(ErrorCode::CannotOpen) => "无法创建或打开文件（文件夹不存在或没有权限）".into(),
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            "数据库正被其他程序使用，请稍后再试".into()
        }
        Some(ErrorCode::NotADatabase) => "文件不是数据库，或已损坏".into(),
        Some(ErrorCode::DatabaseCorrupt) => "文件内容已损坏".into(),
        _ => format!("数据库错误（{e}）"),
    }
}

/// A free name `fengong-YYYYMMDD-HHMMSS-<reason>[-N].db` in `dir`.
fn free_name(dir: &Path, when: NaiveDateTime, reason: BackupReason) -> PathBuf {
    let base = format!("fengong-{}-{}", when.format("%Y%m%d-%H%M%S"), reason.slug());
    let mut p = dir.join(format!("{base}.db"));
    let mut n = 2;
    while p.exists() {
        p = dir.join(format!("{base}-{n}.db"));
        n += 1;
    }
    p
}

fn parse_name(name: &str) -> Option<(NaiveDateTime, BackupReason)> {
    let rest = name.strip_prefix("fengong-")?.strip_suffix(".db")?;
    if rest.len() < 17 || !rest.is_char_boundary(15) {
        return None;
    }
    let when = NaiveDateTime::parse_from_str(&rest[..15], "%Y%m%d-%H%M%S").ok()?;
    let tail = rest[15..].strip_prefix('-')?;
    let slug = match tail.rsplit_once('-') {
        Some((s, n)) if n.chars().all(|c| c.is_ascii_digit()) => s,
        _ => tail,
    };
    Some((when, BackupReason::from_slug(slug)?))
}

/// Cheap check of a file's header: SQLite, and Fengong's application_id (or a version-1 file).
fn header_ok(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 100];
    let Ok(mut f) = std::fs::File::open(path) else { return false };
    if f.read_exact(&mut head).is_err() || &head[..16] != b"SQLite format 3\0" {
        return false;
    }
    let app_id = i32::from_be_bytes([head[68], head[69], head[70], head[71]]);
    let version = i32::from_be_bytes([head[60], head[61], head[62], head[63]]);
    app_id == APPLICATION_ID || (app_id == 0 && version == 1)
}

/// Brings a database to the latest schema ([`schema::migrate`]), an existing database copied first: without
/// the copy it is not upgraded. Here rather than in the schema module so that the schema (which backups read
/// for its version) does not depend on backups.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    if (1..schema::LATEST_VERSION).contains(&schema::version(conn)?) {
        backup_conn(conn, path, BackupReason::Migrate).map_err(|e| {
            Error::invalid(format!("升级数据库“{}”前的自动备份失败，数据库未作改动：{e}", path.display()))
        })?;
    }
    schema::migrate(conn, path)
}

/// Backs up `conn` (the database at `db_path`) into its backups folder, verifies and prunes.
pub(crate) fn backup_conn(conn: &Connection, db_path: &Path, reason: BackupReason) -> Result<BackupInfo> {
    let dir = backup_dir(db_path);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let now = Local::now().naive_local();
    let dest = free_name(&dir, now, reason);
    let file_name = dest.file_name().unwrap().to_string_lossy().into_owned();
    let tmp = dir.join(format!(".{file_name}.tmp"));
    let result = write_copy(conn, &tmp).and_then(|()| verify_copy(&tmp, db_path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, &dest).map_err(|e| Error::io(&dest, e))?;
    let policy = read_policy(conn);
    prune(&dir, &policy, now)?;
    let size = std::fs::metadata(&dest).map(|m| m.len()).unwrap_or(0);
    Ok(BackupInfo {
        path: dest,
        file_name,
        time: now.format("%Y-%m-%d %H:%M:%S").to_string(),
        when: now,
        size,
        reason,
        reason_label: reason.label(),
        ok: true,
    })
}

/// integrity_check on a freshly written copy; a failure means the source database is damaged.
fn verify_copy(copy: &Path, db_path: &Path) -> Result<()> {
    let conn = open_read_only(copy)
        .map_err(|e| Error::File { path: copy.to_path_buf(), message: sqlite_reason(&e) })?;
    match integrity_problems(&conn) {
        Ok(None) => Ok(()),
        Ok(Some(p)) => Err(Error::DamagedDb {
            path: db_path.to_path_buf(),
            reason: format!("备份副本未通过完整性检查：{p}"),
        }),
        Err(e) => Err(Error::DamagedDb { path: db_path.to_path_buf(), reason: sqlite_reason(&e) }),
    }
}

/// The retention setting stored in the database (defaults when unset or before migration 2).
pub(crate) fn read_policy(conn: &Connection) -> BackupPolicy {
    let get = |key: &str| -> Option<u32> {
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get::<_, String>(0))
            .optional()
            .ok()
            .flatten()
            .and_then(|v| v.parse().ok())
    };
    let d = BackupPolicy::default();
    BackupPolicy {
        keep_last: get(KEY_KEEP_LAST).unwrap_or(d.keep_last),
        keep_weeks: get(KEY_KEEP_WEEKS).unwrap_or(d.keep_weeks),
    }
}

/// Every backup in the folder of the database at `db_path`, newest first. Files we did not name are left out.
pub fn list_backups(db_path: &Path) -> Result<Vec<BackupInfo>> {
    list_dir(&backup_dir(db_path))
}

fn list_dir(dir: &Path) -> Result<Vec<BackupInfo>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some((when, reason)) = parse_name(&file_name) else { continue };
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let path = entry.path();
        out.push(BackupInfo {
            ok: header_ok(&path),
            path,
            file_name,
            time: when.format("%Y-%m-%d %H:%M:%S").to_string(),
            when,
            size: meta.len(),
            reason,
            reason_label: reason.label(),
        });
    }
    out.sort_by(|a, b| b.when.cmp(&a.when).then_with(|| b.file_name.cmp(&a.file_name)));
    Ok(out)
}

/// Which of `backups` (newest first) the policy keeps at `now`.
pub(crate) fn keep_set(backups: &[BackupInfo], policy: &BackupPolicy, now: NaiveDateTime) -> Vec<bool> {
    let oldest_week = now - chrono::Duration::weeks(policy.keep_weeks as i64);
    let mut weeks_seen = Vec::new();
    let mut kept = 0;
    backups
        .iter()
        .map(|b| {
            if b.reason == BackupReason::Damaged {
                return true;
            }
            let week = (b.when.iso_week().year(), b.when.iso_week().week());
            let newest_of_week =
                policy.keep_weeks > 0 && b.when >= oldest_week && !weeks_seen.contains(&week);
            if newest_of_week {
                weeks_seen.push(week);
            }
            let in_last = kept < policy.keep_last as usize;
            kept += 1;
            in_last || newest_of_week
        })
        .collect()
}

/// Deletes the backups the policy does not keep; returns how many.
pub(crate) fn prune(dir: &Path, policy: &BackupPolicy, now: NaiveDateTime) -> Result<usize> {
    let backups = list_dir(dir)?;
    let keep = keep_set(&backups, policy, now);
    let mut n = 0;
    for (b, k) in backups.iter().zip(keep) {
        if !k && std::fs::remove_file(&b.path).is_ok() {
            n += 1;
        }
    }
    Ok(n)
}

// ---------------------------------------------------------------------------------------------------------
// Restore

/// Checks a file offered for restore: readable, a Fengong database this program can open, not damaged.
/// Returns its schema version. Opens it read-only; nothing is written.
pub fn check_restorable(file: &Path) -> Result<i64> {
    let meta = std::fs::metadata(file).map_err(|e| Error::io(file, e))?;
    if !meta.is_file() {
        return Err(Error::io(file, std::io::Error::from(std::io::ErrorKind::IsADirectory)));
    }
    let refuse =
        |m: &str| Error::File { path: file.to_path_buf(), message: format!("{m}，不能用来恢复。") };
    let conn = open_read_only(file).map_err(|e| refuse(&sqlite_reason(&e)))?;
    let identity = identify(&conn).map_err(|e| match is_damage(&e) {
        Some(_) => refuse("这个文件不是数据库，或已损坏"),
        None => refuse(&sqlite_reason(&e)),
    })?;
    let version = match identity {
        Identity::Fengong(v) => v,
        Identity::New => return Err(refuse("这是一个空的数据库文件，里面没有分工的数据")),
        Identity::Foreign => return Err(refuse("这不是分工的数据库（可能是其他程序的数据库文件）")),
    };
    if version > schema::LATEST_VERSION {
        return Err(Error::SchemaTooNew {
            path: file.to_path_buf(),
            found: version,
            supported: schema::LATEST_VERSION,
        });
    }
    match integrity_problems(&conn) {
        Ok(None) => Ok(version),
        Ok(Some(p)) => Err(refuse(&format!("文件已损坏（完整性检查未通过：{p}）"))),
        Err(e) => Err(refuse(&format!("文件已损坏（{}）", sqlite_reason(&e)))),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn refuse_self(db_path: &Path, file: &Path) -> Result<()> {
    let wal = |suffix: &str| PathBuf::from(format!("{}{suffix}", db_path.display()));
    if same_file(db_path, file) || same_file(&wal("-wal"), file) || same_file(&wal("-shm"), file) {
        return Err(Error::File {
            path: file.to_path_buf(),
            message: "这就是正在使用的数据库本身，不能用它恢复。请选择一个备份文件。".into(),
        });
    }
    Ok(())
}

/// Keeps the database file (and its WAL) as it is, byte for byte, in the backups folder.
fn raw_copy(db_path: &Path) -> Result<PathBuf> {
    let dir = backup_dir(db_path);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let dest = free_name(&dir, Local::now().naive_local(), BackupReason::Damaged);
    std::fs::copy(db_path, &dest).map_err(|e| Error::io(db_path, e))?;
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", db_path.display()));
        if side.exists() {
            let to = PathBuf::from(format!("{}{suffix}", dest.display()));
            std::fs::copy(&side, &to).map_err(|e| Error::io(&side, e))?;
        }
    }
    Ok(dest)
}

/// Restores `file` over the database at `db_path` when no store has it open (it could not be opened,
/// e.g. it is damaged). The current file is kept first (a verified backup if possible, else a raw copy).
pub fn restore_closed(db_path: &Path, file: &Path) -> Result<RestoreOutcome> {
    refuse_self(db_path, file)?;
    check_restorable(file)?;
    let kept_copy = if db_path.exists() {
        let verified = Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .map_err(Error::from)
            .and_then(|c| match identify(&c) {
                Ok(Identity::Fengong(_)) => backup_conn(&c, db_path, BackupReason::Restore),
                _ => Err(Error::invalid("not fengong")),
            });
        match verified {
            Ok(info) => info.path,
            Err(_) => raw_copy(db_path)?,
        }
    } else {
        PathBuf::new()
    };
    let dir = match db_path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = dir.join(format!(
        ".{}.restore.tmp",
        db_path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
    ));
    let src = open_read_only(file)
        .map_err(|e| Error::File { path: file.to_path_buf(), message: sqlite_reason(&e) })?;
    if let Err(e) = write_copy(&src, &tmp) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    drop(src);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db_path.display()));
    }
    std::fs::rename(&tmp, db_path).map_err(|e| Error::io(db_path, e))?;
    let store = Store::open(db_path)?;
    let documents = store.list_documents()?.len() as i64;
    Ok(RestoreOutcome { kept_copy, documents })
}

/// The newest backup that passes the full check, for the "damaged database" offer at start-up.
pub fn newest_good_backup(db_path: &Path) -> Option<BackupInfo> {
    list_backups(db_path)
        .ok()?
        .into_iter()
        .filter(|b| b.ok && b.reason != BackupReason::Damaged)
        .find(|b| check_restorable(&b.path).is_ok())
}

impl Store {
    /// Writes a verified backup into the backups folder now and applies the retention setting.
    pub fn backup_now(&self, reason: BackupReason) -> Result<BackupInfo> {
        backup_conn(&self.conn, &self.path, reason)
    }

    /// The automatic backup before a risky change: skipped for a database without any document; a failure
    /// stops the change with a message saying so.
    pub(crate) fn backup_before(&self, reason: BackupReason, action: &str) -> Result<()> {
        let any: i64 = self.conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?;
        if any == 0 {
            return Ok(());
        }
        self.backup_now(reason)
            .map(drop)
            .map_err(|e| Error::invalid(format!("{action}前的自动备份失败，{action}未执行：{e}")))
    }

    /// The daily backup: written when the database holds documents and no backup is younger than 24 hours.
    pub fn backup_if_due(&self) -> Result<Option<BackupInfo>> {
        if self.is_empty()? {
            return Ok(None);
        }
        let day_ago = Local::now().naive_local() - chrono::Duration::hours(24);
        if list_backups(&self.path)?.iter().any(|b| b.when > day_ago && b.reason != BackupReason::Damaged) {
            return Ok(None);
        }
        self.backup_now(BackupReason::Daily).map(Some)
    }

    /// Writes a verified copy to a file the user chose (temp name in its folder, then rename).
    pub fn backup_to_file(&self, dest: &Path) -> Result<u64> {
        refuse_self(&self.path, dest).map_err(|_| Error::File {
            path: dest.to_path_buf(),
            message: "这是正在使用的数据库本身，不能把备份写到这里。请换一个文件名。".into(),
        })?;
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name =
            dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "fengong.db".into());
        let tmp = dir.join(format!(".{name}.tmp"));
        if let Err(e) = write_copy(&self.conn, &tmp).and_then(|()| verify_copy(&tmp, &self.path)) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        std::fs::rename(&tmp, dest).map_err(|e| Error::io(dest, e))?;
        Ok(std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0))
    }

    /// Replaces the data with `file` through the open connection (see the module comment). The file must
    /// be a Fengong database of a version this program opens and pass the integrity check; the current data
    /// is backed up first.
    pub fn restore_from(&mut self, file: &Path) -> Result<RestoreOutcome> {
        refuse_self(&self.path, file)?;
        check_restorable(file)?;
        // The kept copy must hold everything the restore replaces: first wait for a write in progress
        // (another window's import) to commit, then copy, and copy again if anything was committed while
        // copying. (The backup API cannot run inside our own write transaction, so the copy and the restore
        // cannot share one lock; the data_version check closes the gap between them.)
        self.conn.execute_batch("BEGIN IMMEDIATE; COMMIT")?;
        let mut kept_copy = None;
        for _ in 0..5 {
            let before = data_version(&self.conn)?;
            let kept = match self.backup_now(BackupReason::Restore) {
                Ok(info) => info.path,
                Err(Error::DamagedDb { .. }) => {
                    let _ = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
                    raw_copy(&self.path)?
                }
                Err(e) => return Err(Error::invalid(format!("恢复前备份当前数据失败，未恢复：{e}"))),
            };
            if data_version(&self.conn)? == before {
                kept_copy = Some(kept);
                break;
            }
        }
        let Some(kept_copy) = kept_copy else {
            return Err(Error::invalid(
                "数据库一直在被其他窗口或命令修改，未恢复。请关闭其他使用它的程序后再试",
            ));
        };
        let src = open_read_only(file)
            .map_err(|e| Error::File { path: file.to_path_buf(), message: sqlite_reason(&e) })?;
        copy_pages(&src, &mut self.conn).map_err(|e| Error::File {
            path: file.to_path_buf(),
            message: format!("恢复失败，数据未改动：{}", sqlite_reason(&e)),
        })?;
        drop(src);
        let _mode: String = self.conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        migrate(&mut self.conn, &self.path)?;
        let documents = self.list_documents()?.len() as i64;
        Ok(RestoreOutcome { kept_copy, documents })
    }

    pub fn backup_policy(&self) -> BackupPolicy {
        read_policy(&self.conn)
    }

    pub fn set_backup_policy(&mut self, policy: &BackupPolicy) -> Result<()> {
        policy.validate()?;
        let tx = self.conn.transaction()?;
        for (k, v) in [(KEY_KEEP_LAST, policy.keep_last), (KEY_KEEP_WEEKS, policy.keep_weeks)] {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                rusqlite::params![k, v.to_string()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The backups of this database, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        list_backups(&self.path)
    }
}

#[cfg(test)]
mod tests;
