//! Preview, print and export. Rendering runs in a background thread (a few hundred pages take a while)
//! and reports its stages as `progress` events.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use fengong::model::{DocumentId, UnitId};
use fengong::service::render::{annex, annex_pdf, check_options, LayoutOptions, Stage};
use fengong::service::sheets::{write_unit_sheet, SheetOptions};
use fengong::service::{fonts, print};
use fengong::store::Store;
use tauri::ipc::Response;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use super::{blocking, progress};
use crate::error::{AppError, CmdResult};
use crate::state::{lock, AppState};
use crate::validate;

/// Reads the document and its items (holding the store only for the read), then renders without it,
/// each stage of the core's render sent as a `progress` event.
fn render_document<R: Runtime>(
    app: &AppHandle<R>,
    store: &Arc<Mutex<Store>>,
    id: DocumentId,
    opts: &LayoutOptions,
) -> CmdResult<Vec<u8>> {
    progress(app, "render", "正在读取数据", 0, 3);
    let annex = annex(&lock(store), id)?;
    let pdf = annex_pdf(&annex, opts, &fonts::shipped(), &mut |stage| {
        let step = match stage {
            Stage::Layout => 1,
            Stage::Draw { .. } => 2,
        };
        progress(app, "render", &stage.label(), step, 3);
    })?;
    progress(app, "render", "完成", 3, 3);
    Ok(pdf.bytes)
}

/// The PDF bytes for pdf.js (sent as a binary response, not JSON). A copy is kept in the cache folder.
#[tauri::command]
pub async fn render_preview<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    document_id: DocumentId,
    options: LayoutOptions,
) -> CmdResult<Response> {
    check_options(&options)?;
    let store = state.shared();
    let cache = state.cache_dir.clone();
    let bytes = blocking(move || {
        let bytes = render_document(&app, &store, document_id, &options)?;
        // Best effort: the preview is also on disk for 打印 and for support questions.
        let _ = std::fs::create_dir_all(&cache)
            .and_then(|_| std::fs::write(cache.join(format!("preview-{document_id}.pdf")), &bytes));
        Ok(bytes)
    })
    .await?;
    Ok(Response::new(bytes))
}

/// Writes the PDF to the cache folder and opens it in the system's PDF viewer, where it is printed: what
/// prints is exactly the preview.
#[tauri::command]
pub async fn print_document<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    document_id: DocumentId,
    options: LayoutOptions,
) -> CmdResult<String> {
    check_options(&options)?;
    let store = state.shared();
    // A fresh name each time: the last print may still be open (and locked) in the viewer.
    print::sweep_print_copies(&state.cache_dir, std::time::SystemTime::now(), print::PRINT_COPY_KEEP);
    let path = print::print_copy_path(&state.cache_dir, document_id, chrono::Local::now());
    let app2 = app.clone();
    let p = path.clone();
    blocking(move || {
        let bytes = render_document(&app2, &store, document_id, &options)?;
        fengong::fsutil::write_atomic(&p, &bytes)?;
        Ok(())
    })
    .await?;
    let shown = path.display().to_string();
    app.opener().open_path(&shown, None::<&str>).map_err(|e| AppError::Open {
        path: shown.clone(),
        message: format!("{e}。请确认已安装 PDF 阅读器"),
    })?;
    Ok(shown)
}

/// 打开文件所在位置 after 打印: shows a print copy in the file manager, for when no PDF viewer came up. Only
/// a print copy this app wrote (in its cache folder, named as print copies are) is shown.
#[tauri::command]
pub fn reveal_print_copy<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> CmdResult<()> {
    let p = std::path::PathBuf::from(&path);
    if !print::is_print_copy(&state.cache_dir, &p) {
        return Err(AppError::invalid("只能显示分工为打印生成的文件"));
    }
    reveal(&app, &p)
        .map_err(|e| AppError::Open {
            path, message: format!("{e}。请在文件管理器中打开这个文件夹")
        })
}

/// Shows a file in the file manager; where the desktop offers no way to select it (a Linux desktop without
/// the FileManager1 service or the portal), opens its folder instead.
fn reveal<R: Runtime>(app: &AppHandle<R>, file: &std::path::Path) -> Result<(), tauri_plugin_opener::Error> {
    let opener = app.opener();
    opener.reveal_item_in_dir(file).or_else(|e| match file.parent() {
        Some(dir) => opener.open_path(dir.display().to_string(), None::<&str>),
        None => Err(e),
    })
}

/// 打开 or 打开文件所在位置 after an export: only a file an export of this session wrote (chosen in the save
/// dialog and written successfully), and only while it exists; the app never opens a path the page names.
#[tauri::command]
pub fn open_exported<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
    reveal: bool,
) -> CmdResult<()> {
    let p = state.files.check(crate::files::Purpose::Written, &path)?;
    if !p.is_file() {
        return Err(AppError::invalid(format!("文件“{path}”已不存在（可能已被移动或删除）")));
    }
    let done = if reveal { self::reveal(&app, &p) } else { app.opener().open_path(&path, None::<&str>) };
    done.map_err(|e| AppError::Open {
        path, message: format!("{e}。请在文件管理器中找到这个文件")
    })
}

/// Exports to the path the save dialog returned (or, in tests only, into FENGONG_EXPORT_DIR).
#[tauri::command]
pub async fn export_pdf<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    document_id: DocumentId,
    options: LayoutOptions,
    path: String,
) -> CmdResult<String> {
    check_options(&options)?;
    let path = validate::output_pdf(&state.files, &path)?;
    let store = state.shared();
    let out = blocking(move || {
        let bytes = render_document(&app, &store, document_id, &options)?;
        fengong::fsutil::write_atomic(&path, &bytes)?;
        Ok(path.display().to_string())
    })
    .await?;
    state.files.choose(crate::files::Purpose::Written, std::path::Path::new(&out));
    Ok(out)
}

/// A unit's assignment sheet (its items from every document, one heading row per document) as a PDF.
/// `with_cooperating` adds the items it cooperates on to those it leads or is responsible for.
#[tauri::command]
pub async fn export_unit_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    unit_id: UnitId,
    with_cooperating: bool,
    document_id: Option<DocumentId>,
    options: LayoutOptions,
    path: String,
) -> CmdResult<String> {
    check_options(&options)?;
    let path: PathBuf = validate::output_pdf(&state.files, &path)?;
    let store = state.shared();
    let out = blocking(move || {
        progress(&app, "export", "正在生成清单", 0, 1);
        let opts = SheetOptions { with_cooperating, doc: document_id, layout: options };
        let fonts = fonts::shipped();
        // The sheet reads several documents: it keeps the store for the whole (short) run.
        let out = write_unit_sheet(&lock(&store), unit_id, &opts, &fonts, &path)?;
        progress(&app, "export", "完成", 1, 1);
        Ok(out.path.display().to_string())
    })
    .await?;
    state.files.choose(crate::files::Purpose::Written, std::path::Path::new(&out));
    Ok(out)
}

/// Set only when the app runs under the end-to-end tests (FENGONG_EXPORT_DIR); the UI then exports
/// there instead of showing the save dialog, which WebDriver cannot drive.
#[tauri::command]
pub fn test_export_dir(state: State<'_, AppState>) -> Option<String> {
    state.export_dir.as_ref().map(|p| p.display().to_string())
}
