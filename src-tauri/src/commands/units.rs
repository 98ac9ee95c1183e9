use fengong::model::{Document, DocumentId, Item, Role, Unit, UnitId, UnitSummary};
use fengong::service::sheets::{self, SheetOptions, UnitSheetRows};
use fengong::store::HistoryState;
use tauri::State;

use crate::error::{AppError, CmdResult};
use crate::state::AppState;

#[tauri::command]
pub fn list_units(state: State<'_, AppState>) -> CmdResult<Vec<UnitSummary>> {
    state.with(|s| s.units())
}

#[tauri::command]
pub fn create_unit(
    state: State<'_, AppState>,
    name: String,
    full_name: Option<String>,
    aliases: Vec<String>,
) -> CmdResult<UnitId> {
    state.with(|s| {
        s.create_unit(name.trim(), full_name.as_deref().map(str::trim).filter(|f| !f.is_empty()), &aliases)
    })
}

#[tauri::command]
pub fn update_unit(state: State<'_, AppState>, unit: Unit) -> CmdResult<Option<String>> {
    state.with(|s| s.update_unit(&unit))
}

#[tauri::command]
pub fn set_unit_order(state: State<'_, AppState>, ids: Vec<UnitId>) -> CmdResult<()> {
    if ids.len() > 100_000 {
        return Err(AppError::invalid("单位过多"));
    }
    state.with(|s| s.set_unit_order(&ids))
}

#[tauri::command]
pub fn delete_unit(state: State<'_, AppState>, id: UnitId) -> CmdResult<()> {
    state.with(|s| s.delete_unit(id))
}

#[tauri::command]
pub fn merge_units(state: State<'_, AppState>, from: UnitId, into: UnitId) -> CmdResult<()> {
    state.with(|s| s.merge_units(from, into))
}

/// What a unit's 任务清单 lists: the rows `fengong::service::sheets::unit_sheet` selects over one document
/// or all (None) — the same as the PDF `export_unit_sheet` writes — with their 序号 and the unit's roles.
#[tauri::command]
pub fn unit_sheet(
    state: State<'_, AppState>,
    unit_id: UnitId,
    with_cooperating: bool,
    document_id: Option<DocumentId>,
) -> CmdResult<UnitSheetRows> {
    let opts = SheetOptions { with_cooperating, doc: document_id, ..Default::default() };
    state.with(|s| sheets::unit_sheet(s, unit_id, &opts).map(|sheet| UnitSheetRows::new(&sheet, unit_id)))
}

#[tauri::command]
pub fn unit_items(
    state: State<'_, AppState>,
    unit_id: UnitId,
    roles: Vec<Role>,
    document_id: Option<DocumentId>,
) -> CmdResult<Vec<(Document, Vec<Item>)>> {
    state.with(|s| s.unit(unit_id).and_then(|_| s.unit_items(unit_id, &roles, document_id)))
}

/// What 撤销/重做 would do now on the 单位 screen (renames and merges).
#[tauri::command]
pub fn unit_history(state: State<'_, AppState>) -> CmdResult<HistoryState> {
    state.with(|s| s.unit_history())
}

/// Undoes the newest rename or merge; returns what was undone (null: nothing).
#[tauri::command]
pub fn undo_unit_change(state: State<'_, AppState>) -> CmdResult<Option<String>> {
    state.with(|s| s.undo_unit_change())
}

/// Redoes the rename or merge undone last; returns what was redone (null: nothing).
#[tauri::command]
pub fn redo_unit_change(state: State<'_, AppState>) -> CmdResult<Option<String>> {
    state.with(|s| s.redo_unit_change())
}
