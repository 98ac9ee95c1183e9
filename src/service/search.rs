//! Searching items: the query rule ([`crate::rules::query`]) and the cap on hits, then the store's search.
//! The desktop checked the length and capped the hits itself and the CLI did neither; both call this now.

use crate::error::Result;
use crate::model::{SearchFilter, SearchHit};
use crate::rules::MAX_SEARCH_HITS;
use crate::store::Store;

/// Hits returned when the caller does not say how many.
pub const DEFAULT_SEARCH_HITS: usize = 200;

/// Items matching `query` (trimmed; blank: every item the filter lets through), at most `limit` of them
/// (default [`DEFAULT_SEARCH_HITS`], at most [`MAX_SEARCH_HITS`]).
pub fn search(
    store: &Store,
    query: &str,
    filter: &SearchFilter,
    limit: Option<usize>,
) -> Result<Vec<SearchHit>> {
    crate::rules::query(query)?;
    let limit = limit.unwrap_or(DEFAULT_SEARCH_HITS).clamp(1, MAX_SEARCH_HITS);
    store.search(query.trim(), filter, limit)
}
