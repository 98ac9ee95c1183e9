use fengong::model::{SearchFilter, SearchHit};
use tauri::State;

use crate::error::{AppError, CmdResult};
use crate::state::AppState;

#[tauri::command]
pub fn search(
    state: State<'_, AppState>,
    query: String,
    filter: SearchFilter,
    limit: Option<usize>,
) -> CmdResult<Vec<SearchHit>> {
    fengong::rules::query(&query).map_err(AppError::from)?;
    let limit = limit.unwrap_or(200).clamp(1, fengong::rules::MAX_SEARCH_HITS);
    state.with(|s| s.search(query.trim(), &filter, limit))
}

#[tauri::command]
pub fn list_scopes(state: State<'_, AppState>) -> CmdResult<Vec<(String, i64)>> {
    state.with(|s| s.scopes())
}
