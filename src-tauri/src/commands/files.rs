//! The open and save dialogs, shown by the shell so that the paths the user picks are known to be theirs
//! (see [`crate::files`]). The page gets the path back to show it and to pass it to the import or export
//! command, which accepts it only because it was picked here.

use fengong::export::ExportFormat;
use fengong::service::naming::safe_file_name;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, MessageDialogButtons, MessageDialogKind};

use crate::error::{AppError, CmdResult};
use crate::files::{ChosenFiles, Purpose};
use crate::state::AppState;

/// The open dialog for a file to import. None when the user cancelled.
#[tauri::command]
pub async fn choose_import_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CmdResult<Option<String>> {
    let dialog = app
        .dialog()
        .file()
        .set_title("选择要导入的文件")
        .add_filter("任务分工表", &["docx", "xlsx", "xls", "ods", "csv", "txt", "tsv", "json", "html", "htm"])
        .add_filter("Word 文档", &["docx"])
        .add_filter("Excel 工作簿", &["xlsx", "xls", "ods"])
        .add_filter("文本 / CSV", &["txt", "tsv", "csv"])
        .add_filter("分工数据包", &["json"]);
    pick_for_reading(dialog, &state.files).await
}

/// Shows an open dialog off the UI thread and remembers the file picked (for import, or for a restore).
pub(crate) async fn pick_for_reading<R: Runtime>(
    dialog: FileDialogBuilder<R>,
    files: &ChosenFiles,
) -> CmdResult<Option<String>> {
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_pick_file())
        .await
        .map_err(|e| AppError::Task(e.to_string()))?;
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else { return Ok(None) };
    files.choose(Purpose::Read, &path);
    Ok(Some(path.display().to_string()))
}

/// The save dialog for an export: `format` is `pdf`, `docx`, `xlsx`, `csv` or `json`; `name` the suggested
/// file name without extension (made safe for every system here). Under the end-to-end tests the file goes
/// into FENGONG_EXPORT_DIR without a dialog. None when the user cancelled.
#[tauri::command]
pub async fn choose_save_path<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    format: String,
    name: String,
) -> CmdResult<Option<String>> {
    let (ext, filter) = match format.as_str() {
        "pdf" => ("pdf", "PDF 文件"),
        f => match ExportFormat::from_extension(f) {
            Some(x) => (x.extension(), x.label()),
            None => return Err(AppError::invalid(format!("不支持的导出格式“{f}”"))),
        },
    };
    let file = format!("{}.{ext}", safe_file_name(&name));
    if let Some(dir) = &state.export_dir {
        return Ok(Some(dir.join(file).display().to_string()));
    }
    let dialog = app
        .dialog()
        .file()
        .set_title(format!("导出{filter}"))
        .set_file_name(&file)
        .add_filter(filter, &[ext]);
    let asker = app.dialog().clone();
    let picked = tauri::async_runtime::spawn_blocking(move || {
        let mut path = dialog.blocking_save_file()?.into_path().ok()?;
        // Some systems' dialogs return the name without the extension the filter implies. The dialog's own
        // “replace?” question was about the name without it, so an existing file is asked about here.
        if path.extension().is_none() {
            path.set_extension(ext);
            if path.exists() {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let replace = asker
                    .message(format!("“{name}”已经存在。要替换它吗？"))
                    .title("导出")
                    .kind(MessageDialogKind::Warning)
                    .buttons(MessageDialogButtons::OkCancelCustom("替换".into(), "取消".into()))
                    .blocking_show();
                if !replace {
                    return None;
                }
            }
        }
        Some(path)
    })
    .await
    .map_err(|e| AppError::Task(e.to_string()))?;
    let Some(path) = picked else { return Ok(None) };
    state.files.choose(Purpose::Write, &path);
    Ok(Some(path.display().to_string()))
}
