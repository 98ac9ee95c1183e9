//! The commands the UI calls. Each is a few lines: check the arguments (paths, payload sizes), call the
//! core's application layer (`fengong::service`) or the store, return.

pub mod backup;
pub mod defaults;
pub mod documents;
pub mod export;
pub mod files;
pub mod import;
pub mod items;
pub mod render;
pub mod search;
pub mod units;

use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime};
use ts_rs::TS;

/// Progress of long work, sent to the UI as the `progress` event.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Progress<'a> {
    pub task: &'a str,
    pub stage: &'a str,
    pub done: u32,
    pub total: u32,
}

pub fn progress<R: Runtime>(app: &AppHandle<R>, task: &str, stage: &str, done: u32, total: u32) {
    let _ = app.emit("progress", Progress { task, stage, done, total });
}

/// Runs blocking work off the UI thread.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> crate::error::CmdResult<T> + Send + 'static,
) -> crate::error::CmdResult<T> {
    tauri::async_runtime::spawn_blocking(f).await.map_err(|e| crate::error::AppError::Task(e.to_string()))?
}
