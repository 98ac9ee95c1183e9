use fengong::model::{DocumentId, Item, ItemDraft, ItemId};
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
pub fn restore_item(state: State<'_, AppState>, item: Item) -> CmdResult<ItemId> {
    state.with(|s| s.restore_item(&item))
}

#[tauri::command]
pub fn move_item(state: State<'_, AppState>, id: ItemId, to: i64) -> CmdResult<()> {
    state.with(|s| s.move_item(id, to))
}
