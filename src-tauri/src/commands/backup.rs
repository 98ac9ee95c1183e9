//! 设置 / 备份与恢复 and 回收站: thin commands over `fengong::store::backup` and the store's trash.
//!
//! A restore goes through the open store (`Store::restore_from`, the backup API into the open connection),
//! so every other command keeps working on the restored data; the UI reloads its lists afterwards.
//! The file to restore is either one of the listed backups (named by its file name inside the backups
//! folder, nothing else) or a file the user picked in [`choose_restore_file`]'s open dialog.

use std::path::PathBuf;

use fengong::model::DocumentId;
use fengong::store::backup::backup_dir;
use fengong::store::{BackupInfo, BackupPolicy, BackupReason, RestoreOutcome, TrashedDocument};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;

use super::blocking;
use crate::error::{AppError, CmdResult};
use crate::files::Purpose;
use crate::state::{lock, AppState};

/// What the 备份与恢复 view shows.
#[derive(Debug, Serialize, TS)]
pub struct BackupOverview {
    /// The backups folder beside the database.
    pub dir: String,
    /// The database file itself.
    pub database: String,
    pub policy: BackupPolicy,
    pub backups: Vec<BackupInfo>,
}

#[tauri::command]
pub fn list_backups(state: State<'_, AppState>) -> CmdResult<BackupOverview> {
    state.with(|s| {
        Ok(BackupOverview {
            dir: backup_dir(s.path()).display().to_string(),
            database: s.path().display().to_string(),
            policy: s.backup_policy(),
            backups: s.backups()?,
        })
    })
}

/// 立即备份: a verified copy in the backups folder.
#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> CmdResult<BackupInfo> {
    let store = state.shared();
    blocking(move || lock(&store).backup_now(BackupReason::Manual).map_err(AppError::from)).await
}

#[tauri::command]
pub fn set_backup_policy(state: State<'_, AppState>, policy: BackupPolicy) -> CmdResult<()> {
    state.with(|s| s.set_backup_policy(&policy))
}

/// The open dialog for a backup file from elsewhere (a USB stick, a colleague). None when cancelled.
#[tauri::command]
pub async fn choose_restore_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CmdResult<Option<String>> {
    let dialog = app
        .dialog()
        .file()
        .set_title("选择用来恢复的备份文件")
        .add_filter("分工数据库备份", &["db", "sqlite", "sqlite3"]);
    super::files::pick_for_reading(dialog, &state.files).await
}

/// Restores a listed backup (`file` is its file name) or a file picked in [`choose_restore_file`] (`file` is
/// that path). The current data is backed up first; damaged, foreign and newer files are refused.
#[tauri::command]
pub async fn restore_backup(state: State<'_, AppState>, file: String) -> CmdResult<RestoreOutcome> {
    let dir = state.with(|s| Ok(backup_dir(s.path())))?;
    let listed = !file.contains(['/', '\\']) && file.starts_with("fengong-") && file.ends_with(".db");
    let path: PathBuf = if listed {
        let p = dir.join(&file);
        if !p.is_file() {
            return Err(AppError::invalid(format!("备份文件夹中没有“{file}”，请刷新备份列表")));
        }
        p
    } else {
        state.files.check(Purpose::Read, &file).map_err(|_| {
            AppError::invalid(format!("文件“{file}”不是通过“从其他文件恢复…”对话框选择的，未恢复"))
        })?
    };
    let store = state.shared();
    blocking(move || lock(&store).restore_from(&path).map_err(AppError::from)).await
}

/// 回收站: deleted documents, most recently deleted first.
#[tauri::command]
pub fn list_trash(state: State<'_, AppState>) -> CmdResult<Vec<TrashedDocument>> {
    state.with(|s| s.trash())
}

/// 彻底删除 one trashed document (backed up first).
#[tauri::command]
pub async fn delete_forever(state: State<'_, AppState>, id: DocumentId) -> CmdResult<()> {
    let store = state.shared();
    blocking(move || lock(&store).delete_forever(id).map_err(AppError::from)).await
}

/// Opens the database at start-up. A damaged database is said so and, when a good backup exists, the
/// user is offered to restore the newest one (恢复 / 退出); the damaged file is kept in the backups folder.
/// Damage that opening does not see (inside the pages) shows when the daily backup's copy fails its
/// integrity check: that check runs here, before the window is used (once a day; about 10 ms for a
/// typical database, 0.4 s for 10,000 items), and leads to the same offer.
pub fn open_at_start<R: Runtime>(
    app: &AppHandle<R>,
    db: &std::path::Path,
    cache: PathBuf,
) -> fengong::Result<AppState> {
    let state = match AppState::open(db, cache.clone()) {
        Err(damaged @ fengong::Error::DamagedDb { .. }) => {
            let good = offer_restore(app, &damaged, db).ok_or(damaged)?;
            fengong::store::backup::restore_closed(db, &good.path)?;
            AppState::open(db, cache)?
        }
        other => other?,
    };
    let daily = state.with(|s| s.backup_if_due());
    if let Err(crate::error::AppError::Core(damaged @ fengong::Error::DamagedDb { .. })) = daily {
        if let Some(good) = offer_restore(app, &damaged, db) {
            state.with(|s| s.restore_from(&good.path)).map_err(|e| match e {
                crate::error::AppError::Core(e) => e,
                other => fengong::Error::invalid(other.to_string()),
            })?;
        }
    } else if let Err(e) = daily {
        eprintln!("每日自动备份失败：{e}");
    }
    Ok(state)
}

/// The native 恢复 / 退出 question for a damaged database. None when there is no good backup; 退出 ends the
/// program.
fn offer_restore<R: Runtime>(
    app: &AppHandle<R>,
    damaged: &fengong::Error,
    db: &std::path::Path,
) -> Option<fengong::store::BackupInfo> {
    use tauri_plugin_dialog::{MessageDialogButtons, MessageDialogKind};
    let good = fengong::store::backup::newest_good_backup(db)?;
    let question = format!(
        "{damaged}\n\n最近的完好备份：{}（{}，{}）。\n恢复后，损坏的数据库文件会另存一份在备份文件夹中。\n\n用这个备份恢复并继续吗？",
        good.time, good.reason_label, good.file_name
    );
    let restore = app
        .dialog()
        .message(question)
        .title("分工：数据库已损坏")
        .kind(MessageDialogKind::Warning)
        .buttons(MessageDialogButtons::OkCancelCustom("恢复".into(), "退出".into()))
        .blocking_show();
    if !restore {
        std::process::exit(1);
    }
    Some(good)
}
