//! SQLite persistence for documents, items, units and assignments.
//!
//! Invariants live here, not only in the UI: a document title is not empty; item positions in a document
//! are 0..n without gaps; a unit name is unique after trimming; a unit that still has assignments cannot
//! be deleted. Every change that touches several rows runs in one transaction. User input only ever
//! reaches SQL as a bound parameter.

pub mod backup;
mod bundle;
pub mod busy;
mod documents;
mod history;
mod import;
mod items;
mod journal;
pub mod location;
pub mod schema;
mod search;
mod unit_history;
mod units;

pub use backup::{BackupInfo, BackupPolicy, BackupReason, RestoreOutcome};
pub use bundle::BundleOutcome;
pub use documents::{TrashedDocument, TRASH_DAYS};
pub use import::ImportOutcome;
pub use journal::{HistoryState, HISTORY_LIMIT};

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

use crate::error::{Error, Result};

/// The desktop app's identifier (tauri.conf.json); names the per-user data folder.
pub const APP_IDENTIFIER: &str = "cn.fengong.desktop";

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// On a network drive or share: opened with a rollback journal, not WAL (see location.rs).
    network: bool,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it to the latest schema.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let network = location::on_network(path.as_ref());
        Store::open_on(path, network)
    }

    /// `open`, told whether the database is on a network drive (tests have none to try).
    pub(crate) fn open_on(path: impl AsRef<Path>, network: bool) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        check_database_path(&path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let mut conn = Connection::open(&path)
            .map_err(|e| Error::File {
                path: path.clone(), message: format!("无法打开数据库：{e}")
            })?;
        busy::install(&mut conn, &path)?;
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        // Another program's database or a damaged file is refused before anything is written to it.
        backup::check_identity(&conn, &path)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // WAL: readers do not block the writer; the file survives a crash mid-write. Not on a network drive:
        // WAL's shared memory only works within one machine, so there a rollback journal keeps it safe.
        let mode = if network { "DELETE" } else { "WAL" };
        let _mode: String = conn.query_row(&format!("PRAGMA journal_mode = {mode}"), [], |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        backup::migrate(&mut conn, &path).map_err(|e| backup::damaged_or(e, &path))?;
        crate::fsutil::protect(&path);
        let mut store = Store { conn, path, network };
        // The 30-day trash purge runs at every open (one cheap query when nothing is due); it never keeps
        // the database from opening.
        if let Err(e) = store.purge_trash() {
            eprintln!("清理回收站失败：{e}");
        }
        Ok(store)
    }

    /// Opens an existing database to read only (`import --dry-run` looks up what the import would: column
    /// meanings remembered for a header, the units it would create). None when there is no file, or when it
    /// is not at the latest schema (opening it for real would upgrade it, a write a dry run must not make);
    /// another program's file or a damaged one is refused as [`Store::open`] refuses it. Nothing is written
    /// to the database itself (SQLite may leave its -wal/-shm files beside a WAL database), not even the folder.
    pub fn open_to_read(path: impl AsRef<Path>) -> Result<Option<Store>> {
        let path = path.as_ref().to_path_buf();
        if !path.is_file() {
            return Ok(None);
        }
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(&path, flags)
            .map_err(|e| Error::File {
                path: path.clone(), message: format!("无法打开数据库：{e}")
            })?;
        busy::install(&mut conn, &path)?;
        backup::check_identity(&conn, &path)?;
        if schema::version(&conn).map_err(|e| backup::damaged_or(e, &path))? != schema::LATEST_VERSION {
            return Ok(None);
        }
        Ok(Some(Store { conn, path, network: false }))
    }

    /// `<per-user local data dir>/cn.fengong.desktop/fengong.db`, shared by the app and the command-line
    /// tool: `%LOCALAPPDATA%\cn.fengong.desktop` on Windows (not the roaming `%APPDATA%`, see
    /// location.rs), `~/Library/Application Support/cn.fengong.desktop` on macOS,
    /// `~/.local/share/cn.fengong.desktop` on Linux.
    pub fn default_path() -> Result<PathBuf> {
        location::default_path()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the user should know about where the database is: on a network drive it works without WAL,
    /// more slowly, and is safest on this computer.
    pub fn location_note(&self) -> Option<String> {
        self.network.then(|| {
            format!(
                "数据库“{}”在网络位置上。为防止数据损坏，已改用适合网络盘的保存方式（较慢）；网络断开时正在保存的修改可能失败。建议把数据库放在本机（不指定数据库时的默认位置）。",
                self.path.display()
            )
        })
    }

    /// True when the database holds nothing a user made: no document (not even in the trash) and no unit.
    /// Checked in a write transaction, so a write in progress elsewhere is waited for first.
    pub fn is_empty_of_everything(&mut self) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let n: i64 = tx.query_row(
            "SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM units)",
            [],
            |r| r.get(0),
        )?;
        tx.commit()?;
        Ok(n == 0)
    }

    /// True when there is no document at all (first run).
    pub fn is_empty(&self) -> Result<bool> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?;
        Ok(n == 0)
    }

    /// Copies the whole database to `dest` (a consistent snapshot even while in use).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        self.conn
            .backup(rusqlite::MAIN_DB, dest, None::<fn(rusqlite::backup::Progress)>)
            .map_err(|e| Error::File { path: dest.to_path_buf(), message: format!("备份失败：{e}") })
    }
}

/// A database is a regular file (or one to be made): a folder, a device, a FIFO or a path ending in a
/// folder separator is refused in Chinese before SQLite sees it (it would create `/dev/null-journal`, or
/// say “disk I/O error”).
fn check_database_path(path: &Path) -> Result<()> {
    let refuse = |message: &str| Err(Error::File { path: path.to_path_buf(), message: message.to_string() });
    let text = path.as_os_str().to_string_lossy();
    if text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) {
        return refuse("这是一个文件夹路径；数据库应是一个文件，例如“文件夹/fengong.db”");
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            refuse("这是一个文件夹，不是数据库文件；请给出数据库文件，例如“文件夹/fengong.db”")
        }
        Ok(m) if !m.is_file() => refuse("这不是普通文件（可能是设备或管道），不能用作数据库"),
        _ => Ok(()),
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        crate::fsutil::unprotect(&self.path);
    }
}

pub(crate) fn now() -> DateTime<Utc> {
    Utc::now()
}

pub(crate) fn ts_to_sql(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub(crate) fn ts_from_sql(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).unwrap_or_default()
}

pub(crate) fn date_from_sql(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

pub(crate) fn date_to_sql(d: &Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests;
