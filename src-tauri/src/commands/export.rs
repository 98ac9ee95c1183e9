//! Excel, Word and CSV export of a document (the format follows the extension the save dialog returned).

use fengong::model::DocumentId;
use tauri::{AppHandle, Runtime, State};

use super::{blocking, progress};
use crate::error::CmdResult;
use crate::state::{lock, AppState};
use crate::validate;

/// Writes the document to `path` (.xlsx, .docx or .csv) atomically; returns the path written.
#[tauri::command]
pub async fn export_document<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    document_id: DocumentId,
    path: String,
) -> CmdResult<String> {
    let path = validate::output_export(&path)?;
    let store = state.shared();
    blocking(move || {
        progress(&app, "export", "正在导出", 0, 1);
        fengong::export::save_export(&lock(&store), document_id, &path)?;
        progress(&app, "export", "完成", 1, 1);
        Ok(path.display().to_string())
    })
    .await
}
