//! Searching items: the query rule ([`crate::rules::query`]) and the cap on hits, then the store's search.
//! The desktop checked the length and capped the hits itself and the CLI did neither; both call this now.
//!
//! A limit of 0 returns no hits (as the CLI's `--limit 0` did before the service layer); a limit over
//! [`MAX_SEARCH_HITS`] is capped, and [`hit_limit`] says so for the caller to tell the user.

use crate::error::Result;
use crate::model::{SearchFilter, SearchHit};
use crate::rules::MAX_SEARCH_HITS;
use crate::store::Store;

/// Hits returned when the caller does not say how many.
pub const DEFAULT_SEARCH_HITS: usize = 200;

/// The most hits a search with `limit` returns (default [`DEFAULT_SEARCH_HITS`], at most
/// [`MAX_SEARCH_HITS`]), and whether `limit` was over the cap.
pub fn hit_limit(limit: Option<usize>) -> (usize, bool) {
    let asked = limit.unwrap_or(DEFAULT_SEARCH_HITS);
    (asked.min(MAX_SEARCH_HITS), asked > MAX_SEARCH_HITS)
}

/// Items matching `query` (trimmed; blank: every item the filter lets through), at most
/// [`hit_limit`]`(limit)` of them (none for a limit of 0).
pub fn search(
    store: &Store,
    query: &str,
    filter: &SearchFilter,
    limit: Option<usize>,
) -> Result<Vec<SearchHit>> {
    crate::rules::query(query)?;
    let (limit, _) = hit_limit(limit);
    if limit == 0 {
        return Ok(Vec::new());
    }
    store.search(query.trim(), filter, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_of_zero_finds_nothing_and_a_large_one_is_capped_and_said_so() {
        assert_eq!(hit_limit(None), (DEFAULT_SEARCH_HITS, false));
        assert_eq!(hit_limit(Some(0)), (0, false));
        assert_eq!(hit_limit(Some(MAX_SEARCH_HITS)), (MAX_SEARCH_HITS, false));
        assert_eq!(hit_limit(Some(5000)), (MAX_SEARCH_HITS, true));
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        store.load_sample().unwrap();
        let all = search(&store, "", &SearchFilter::default(), Some(5000)).unwrap();
        assert!(!all.is_empty());
        assert!(search(&store, "", &SearchFilter::default(), Some(0)).unwrap().is_empty());
        assert_eq!(search(&store, "", &SearchFilter::default(), Some(1)).unwrap().len(), 1);
    }
}
