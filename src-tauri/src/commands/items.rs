use fengong::model::{DocumentId, Item, ItemDraft, ItemId};
use fengong::store::HistoryState;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
pub fn list_items(state: State<'_, AppState>, document_id: DocumentId) -> CmdResult<Vec<Item>> {
    // items() of an unknown document would be an empty list; say it is unknown instead.
    state.with(|s| s.document(document_id).and_then(|_| s.items(document_id)))
}

#[tauri::command]
pub fn add_item(
    state: State<'_, AppState>,
    document_id: DocumentId,
    at: Option<i64>,
    draft: ItemDraft,
) -> CmdResult<ItemId> {
    state.with(|s| s.add_item(document_id, at, &draft))
}

#[tauri::command]
pub fn update_item(state: State<'_, AppState>, id: ItemId, draft: ItemDraft) -> CmdResult<()> {
    state.with(|s| s.update_item(id, &draft))
}

#[tauri::command]
pub fn delete_item(state: State<'_, AppState>, id: ItemId) -> CmdResult<Item> {
    state.with(|s| s.delete_item(id))
}

#[tauri::command]
pub fn move_item(state: State<'_, AppState>, id: ItemId, to: i64) -> CmdResult<()> {
    state.with(|s| s.move_item(id, to))
}

/// What 撤销/重做 would do now for a document (the buttons' words).
#[tauri::command]
pub fn document_history(state: State<'_, AppState>, document_id: DocumentId) -> CmdResult<HistoryState> {
    state.with(|s| s.history(document_id))
}

/// Undoes the document's newest change; returns what was undone (null: nothing to undo).
#[tauri::command]
pub fn undo_change(state: State<'_, AppState>, document_id: DocumentId) -> CmdResult<Option<String>> {
    state.with(|s| s.undo(document_id))
}

/// Redoes the change undone last; returns what was redone (null: nothing to redo).
#[tauri::command]
pub fn redo_change(state: State<'_, AppState>, document_id: DocumentId) -> CmdResult<Option<String>> {
    state.with(|s| s.redo(document_id))
}
