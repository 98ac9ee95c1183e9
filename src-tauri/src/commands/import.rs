use fengong::import::{source_name, ParsedAnnex};
use fengong::model::{ColumnKind, DocumentId};
use fengong::service::import as service;
use fengong::store::ImportOutcome;
use tauri::{AppHandle, Runtime, State};

use super::{blocking, progress};
use crate::error::{AppError, CmdResult};
use crate::state::{lock, AppState};
use crate::validate;

#[tauri::command]
pub fn is_empty(state: State<'_, AppState>) -> CmdResult<bool> {
    state.with(|s| s.is_empty())
}

#[tauri::command]
pub async fn load_sample<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CmdResult<ImportOutcome> {
    let store = state.shared();
    progress(&app, "import", "正在载入示例", 0, 1);
    let out = blocking(move || lock(&store).load_sample().map_err(AppError::from)).await;
    progress(&app, "import", "完成", 1, 1);
    out
}

/// `html`: what the clipboard carried as `text/html` with the pasted text, when the user pasted it unedited.
#[tauri::command]
pub async fn parse_import_text<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    text: String,
    html: Option<String>,
) -> CmdResult<ParsedAnnex> {
    let store = state.shared();
    progress(&app, "import", "正在识别表格", 0, 1);
    let out = blocking(move || {
        let parsed = service::parse_pasted(&text, html.as_deref())?;
        Ok(service::for_preview(&lock(&store), parsed)?)
    })
    .await;
    progress(&app, "import", "完成", 1, 1);
    out
}

#[tauri::command]
pub async fn parse_import_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> CmdResult<ParsedAnnex> {
    let path = validate::input_file(&state.files, &path)?;
    let store = state.shared();
    progress(&app, "import", "正在读取文件", 0, 1);
    let out = blocking(move || {
        let parsed = service::parse_file(&path, &source_name(&path))?;
        Ok(service::for_preview(&lock(&store), parsed)?)
    })
    .await;
    progress(&app, "import", "完成", 1, 1);
    out
}

/// The user's choice in the preview of what column `column` means; the annex comes back re-read.
#[tauri::command]
pub fn choose_import_column(
    state: State<'_, AppState>,
    parsed: ParsedAnnex,
    column: usize,
    kind: ColumnKind,
) -> CmdResult<ParsedAnnex> {
    let chosen = service::choose_column(&parsed, column, kind)?;
    Ok(service::with_units_to_create(&lock(&state.shared()), chosen)?)
}

/// A unit of one row renamed (several names: several units; none: taken out) in the preview.
#[tauri::command]
pub fn rename_import_unit(
    state: State<'_, AppState>,
    parsed: ParsedAnnex,
    row: usize,
    unit: usize,
    name: String,
) -> CmdResult<ParsedAnnex> {
    Ok(service::rename_unit(&lock(&state.shared()), &parsed, row, unit, &name)?)
}

/// A row made a group heading or an item in the preview.
#[tauri::command]
pub fn set_import_heading(parsed: ParsedAnnex, row: usize, heading: bool) -> CmdResult<ParsedAnnex> {
    Ok(service::set_heading(&parsed, row, heading)?)
}

/// Writes a parsed (and possibly reviewed) annex as a new document in one transaction. A second import of
/// the same annex is refused unless `again` is set (the UI asks first), or `into` names the document to
/// update with it instead (更新原文档, one undoable step of that document's history).
#[tauri::command]
pub async fn confirm_import<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    parsed: ParsedAnnex,
    again: Option<bool>,
    into: Option<DocumentId>,
) -> CmdResult<ImportOutcome> {
    let store = state.shared();
    progress(&app, "import", "正在写入数据库", 0, parsed.rows.len() as u32);
    let n = parsed.rows.len() as u32;
    let out = blocking(move || {
        let mut store = lock(&store);
        match into {
            // 更新原文档: the document that already holds this annex takes the new rows.
            Some(doc) => store.update_from_import(doc, &parsed),
            None => service::import(&mut store, &parsed, again.unwrap_or(false)),
        }
        .map_err(AppError::from)
    })
    .await;
    progress(&app, "import", "完成", n, n);
    out
}
