//! 分工 desktop shell (Tauri 2). Thin commands over the core crate `fengong`; the UI is in `ui/`.
//!
//! - [`builder`] registers the plugins and every command; `main.rs` and the tests both use it.
//! - The store lives in managed state ([`state::AppState`]); the database is `FENGONG_DB` if set, otherwise
//!   the per-user data directory shared with the command-line tool.

pub mod commands;
pub mod error;
pub mod files;
pub mod state;
pub mod validate;
pub mod webview;

use tauri::{Manager, Runtime};

use state::AppState;

/// Adds the plugins, the commands and the state set-up. Tests pass `tauri::test::mock_builder()` and may
/// `manage` their own [`AppState`] first (then the set-up leaves it alone).
pub fn builder<R: Runtime>(b: tauri::Builder<R>) -> tauri::Builder<R> {
    b.plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            fengong::service::fonts::preload();
            // Waiting for another program's write is said in the window (App.vue shows it).
            let handle = app.handle().clone();
            fengong::store::busy::set_busy_notifier(move |m| {
                use tauri::Emitter;
                let _ = handle.emit("busy", m.to_string());
            });
            if app.try_state::<AppState>().is_none() {
                let cache =
                    app.path().app_cache_dir().unwrap_or_else(|_| std::env::temp_dir().join("fengong"));
                let mut notes = vec![];
                let state = AppState::db_path().and_then(|(db, moved)| {
                    notes.extend(moved.map(|m| m.message()));
                    commands::backup::open_at_start(app.handle(), &db, cache)
                });
                match state {
                    Ok(s) => {
                        notes.extend(s.location_note());
                        app.manage(s);
                        if !notes.is_empty() {
                            use tauri_plugin_dialog::{DialogExt, MessageDialogKind};
                            app.dialog()
                                .message(notes.join("\n\n"))
                                .title("分工")
                                .kind(MessageDialogKind::Info)
                                .show(|_| {});
                        }
                    }
                    Err(e) => {
                        use tauri_plugin_dialog::{DialogExt, MessageDialogKind};
                        app.dialog()
                            .message(format!("无法打开数据库，程序将退出。\n\n{e}"))
                            .title("分工")
                            .kind(MessageDialogKind::Error)
                            .blocking_show();
                        return Err(Box::new(e));
                    }
                }
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::documents::list_documents,
            commands::documents::get_document,
            commands::documents::create_document,
            commands::documents::update_document,
            commands::documents::duplicate_document,
            commands::documents::delete_document,
            commands::documents::restore_document,
            commands::items::list_items,
            commands::items::add_item,
            commands::items::update_item,
            commands::items::delete_item,
            commands::items::document_history,
            commands::items::undo_change,
            commands::items::redo_change,
            commands::items::move_item,
            commands::units::list_units,
            commands::units::create_unit,
            commands::units::update_unit,
            commands::units::set_unit_order,
            commands::units::delete_unit,
            commands::units::unit_history,
            commands::units::undo_unit_change,
            commands::units::redo_unit_change,
            commands::units::merge_units,
            commands::units::unit_items,
            commands::units::unit_sheet,
            commands::search::search,
            commands::search::list_scopes,
            commands::import::is_empty,
            commands::import::load_sample,
            commands::import::parse_import_text,
            commands::import::choose_import_column,
            commands::import::rename_import_unit,
            commands::import::set_import_heading,
            commands::import::parse_import_file,
            commands::import::confirm_import,
            commands::render::render_preview,
            commands::render::print_document,
            commands::render::open_exported,
            commands::render::reveal_print_copy,
            commands::render::export_pdf,
            commands::render::export_unit_sheet,
            commands::export::export_document,
            commands::render::test_export_dir,
            commands::defaults::column_kinds,
            commands::defaults::suggested_name,
            commands::files::choose_import_file,
            commands::files::choose_save_path,
            commands::backup::list_backups,
            commands::backup::backup_now,
            commands::backup::set_backup_policy,
            commands::backup::choose_restore_file,
            commands::backup::restore_backup,
            commands::backup::list_trash,
            commands::backup::delete_forever,
        ])
}

/// Starts the app. A second launch hands over to the running one, which comes to the front.
pub fn run() {
    if let Some(message) = webview::missing_runtime() {
        webview::tell_and_exit(message);
    }
    let b = tauri::Builder::default().plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
        if let Some(w) = app.get_webview_window("main") {
            let _ = w.unminimize();
            let _ = w.show();
            let _ = w.set_focus();
        }
    }));
    builder(b).run(tauri::generate_context!()).unwrap_or_else(|e| {
        eprintln!("分工 启动失败：{e}");
        std::process::exit(1);
    });
}
