//! Word, Excel, CSV and JSON-bundle export of a document (the format follows the extension the save dialog
//! returned; the page set-up and body size come from the preview, so Word prints like the PDF).

use fengong::export::ExportOptions;
use fengong::model::DocumentId;
use fengong::service::export::{resolve_format, write_export};
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use super::{blocking, progress};
use crate::error::CmdResult;
use crate::state::{lock, AppState};
use crate::validate;

/// What an export did: the file written, and what the user should know about it (rows Excel cuts off).
#[derive(Debug, serde::Serialize, TS)]
pub struct ExportDone {
    pub path: String,
    pub notes: Vec<String>,
}

/// Writes the document to `path` (.docx, .xlsx, .csv or .json) atomically.
#[tauri::command]
pub async fn export_document<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    document_id: DocumentId,
    path: String,
    options: Option<ExportOptions>,
) -> CmdResult<ExportDone> {
    let path = validate::output_export(&state.files, &path)?;
    let opts = options.unwrap_or_default();
    let store = state.shared();
    let out = blocking(move || {
        progress(&app, "export", "正在导出", 0, 1);
        let store = lock(&store);
        let format = resolve_format(None, &path)?;
        let notes = write_export(&store, document_id, &path, format, &opts)?.notes;
        progress(&app, "export", "完成", 1, 1);
        Ok(ExportDone { path: path.display().to_string(), notes })
    })
    .await?;
    state.files.choose(crate::files::Purpose::Written, std::path::Path::new(&out.path));
    Ok(out)
}
