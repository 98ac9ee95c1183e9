//! The app's managed state: the store (not Sync, so behind a Mutex, shared with background tasks through
//! an Arc) and the folders the app writes to.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use fengong::store::location::Moved;
use fengong::store::Store;

use crate::error::{AppError, CmdResult};
use crate::files::ChosenFiles;

pub struct AppState {
    store: Arc<Mutex<Store>>,
    /// Where previews and print copies are written (the per-user cache dir).
    pub cache_dir: PathBuf,
    /// Test-only export folder (FENGONG_EXPORT_DIR); None in normal use.
    pub export_dir: Option<PathBuf>,
    /// The files the user chose in a dialog this session: the only ones commands read or write.
    pub files: ChosenFiles,
}

/// Environment variable that points the app at another database (tests use a temporary one).
pub const DB_ENV: &str = "FENGONG_DB";
/// Environment variable, honoured only when set, that makes 导出PDF write into this folder without a save
/// dialog: WebDriver cannot drive a native dialog, so the end-to-end tests use it.
pub const EXPORT_DIR_ENV: &str = "FENGONG_EXPORT_DIR";

impl AppState {
    pub fn open(db: &Path, cache_dir: PathBuf) -> fengong::Result<AppState> {
        let store = Store::open(db)?;
        let export_dir = std::env::var_os(EXPORT_DIR_ENV).filter(|v| !v.is_empty()).map(PathBuf::from);
        let files = ChosenFiles::new(export_dir.clone());
        Ok(AppState { store: Arc::new(Mutex::new(store)), cache_dir, export_dir, files })
    }

    /// The database path: FENGONG_DB if set, otherwise the per-user local data dir (the same file the
    /// command-line tool uses), with Some when an old roaming database was just copied there.
    pub fn db_path() -> fengong::Result<(PathBuf, Option<Moved>)> {
        match std::env::var_os(DB_ENV).filter(|v| !v.is_empty()) {
            Some(p) => Ok((PathBuf::from(p), None)),
            None => fengong::store::location::default_database(),
        }
    }

    /// What the user should know about the database's place (a network drive), said once at start.
    pub fn location_note(&self) -> Option<String> {
        lock(&self.store).location_note()
    }

    /// Runs `f` with the store locked. A panic in an earlier command does not lock the app out: the
    /// store's transactions keep the data consistent, so the poisoned lock is taken over.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> fengong::Result<T>) -> CmdResult<T> {
        let mut guard = lock(&self.store);
        f(&mut guard).map_err(AppError::from)
    }

    /// A handle for background work (spawn_blocking).
    pub fn shared(&self) -> Arc<Mutex<Store>> {
        self.store.clone()
    }
}

pub fn lock(m: &Mutex<Store>) -> MutexGuard<'_, Store> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
