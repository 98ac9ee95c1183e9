use fengong::model::{Document, DocumentDraft, DocumentId, DocumentSummary};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
pub fn list_documents(state: State<'_, AppState>) -> CmdResult<Vec<DocumentSummary>> {
    state.with(|s| s.list_documents())
}

#[tauri::command]
pub fn get_document(state: State<'_, AppState>, id: DocumentId) -> CmdResult<Document> {
    state.with(|s| s.document(id))
}

#[tauri::command]
pub fn create_document(state: State<'_, AppState>, draft: DocumentDraft) -> CmdResult<DocumentId> {
    state.with(|s| s.create_document(&draft))
}

#[tauri::command]
pub fn update_document(state: State<'_, AppState>, id: DocumentId, draft: DocumentDraft) -> CmdResult<()> {
    state.with(|s| s.update_document(id, &draft))
}

#[tauri::command]
pub fn duplicate_document(state: State<'_, AppState>, id: DocumentId) -> CmdResult<DocumentId> {
    state.with(|s| s.duplicate_document(id))
}

#[tauri::command]
pub fn delete_document(state: State<'_, AppState>, id: DocumentId) -> CmdResult<()> {
    state.with(|s| s.delete_document(id))
}

#[tauri::command]
pub fn restore_document(state: State<'_, AppState>, id: DocumentId) -> CmdResult<()> {
    state.with(|s| s.restore_document(id))
}
