//! What the page would otherwise copy from the core: the column kinds with their default labels and
//! widths, and the name a save dialog suggests (the same cleaner and sheet title the core uses).

use fengong::service::columns::{column_kinds as kinds, ColumnKindInfo};
use fengong::service::naming::{suggested_name as name_for, NameRequest};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// Every column kind a user can add, in the model's order, with the label and width a new one gets.
#[tauri::command]
pub fn column_kinds() -> Vec<ColumnKindInfo> {
    kinds()
}

/// The base file name (no extension, safe on every system) to suggest for a document or a unit's sheet.
#[tauri::command]
pub fn suggested_name(state: State<'_, AppState>, request: NameRequest) -> CmdResult<String> {
    state.with(|s| name_for(s, &request))
}
