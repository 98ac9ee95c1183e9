use fengong::model::{SearchFilter, SearchHit};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
pub fn search(
    state: State<'_, AppState>,
    query: String,
    filter: SearchFilter,
    limit: Option<usize>,
) -> CmdResult<Vec<SearchHit>> {
    state.with(|s| fengong::service::search::search(s, &query, &filter, limit))
}

#[tauri::command]
pub fn list_scopes(state: State<'_, AppState>) -> CmdResult<Vec<(String, i64)>> {
    state.with(|s| s.scopes())
}
