use fengong::import::{parse_annex, parse_file_isolated, ParsedAnnex};
use fengong::store::ImportOutcome;
use tauri::{AppHandle, Runtime, State};

use super::{blocking, progress};
use crate::error::{AppError, CmdResult};
use crate::state::{lock, AppState};
use crate::validate;
use fengong::rules::MAX_IMPORT_BYTES;

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

#[tauri::command]
pub async fn parse_import_text<R: Runtime>(app: AppHandle<R>, text: String) -> CmdResult<ParsedAnnex> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(AppError::invalid("粘贴的内容过大（超过 20 MB），请分批导入"));
    }
    if text.trim().is_empty() {
        return Err(AppError::invalid("请先粘贴表格文字"));
    }
    progress(&app, "import", "正在识别表格", 0, 1);
    let out = blocking(move || parse_annex(text.as_bytes(), "粘贴的文字").map_err(AppError::from)).await;
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
    progress(&app, "import", "正在读取文件", 0, 1);
    let out = blocking(move || parse_file_isolated(&path).map_err(AppError::from)).await;
    progress(&app, "import", "完成", 1, 1);
    out
}

/// Writes a parsed (and possibly reviewed) annex as a new document in one transaction. A second import of
/// the same annex is refused unless `again` is set (the UI asks first).
#[tauri::command]
pub async fn confirm_import<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    parsed: ParsedAnnex,
    again: Option<bool>,
) -> CmdResult<ImportOutcome> {
    let store = state.shared();
    progress(&app, "import", "正在写入数据库", 0, parsed.rows.len() as u32);
    let n = parsed.rows.len() as u32;
    let out = blocking(move || {
        let mut s = lock(&store);
        if again.unwrap_or(false) { s.import_again(&parsed) } else { s.import(&parsed) }
            .map_err(AppError::from)
    })
    .await;
    progress(&app, "import", "完成", n, n);
    out
}
