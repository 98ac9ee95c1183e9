use fengong::model::{SearchFilter, SearchHit};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;
use crate::validate::{self, MAX_QUERY, MAX_SEARCH_LIMIT};

#[tauri::command]
pub fn search(state: State<'_, AppState>, query: String, filter: SearchFilter, limit: Option<usize>) -> CmdResult<Vec<SearchHit>> {
    validate::text("检索词", &query, MAX_QUERY)?;
    let limit = limit.unwrap_or(200).clamp(1, MAX_SEARCH_LIMIT);
    state.with(|s| s.search(query.trim(), &filter, limit))
}

#[tauri::command]
pub fn list_scopes(state: State<'_, AppState>) -> CmdResult<Vec<(String, i64)>> {
    state.with(|s| s.scopes())
}
