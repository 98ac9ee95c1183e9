//! The shipped font set, parsed once per process and shared: the desktop preloads it at start-up so the
//! first preview does not wait, and every render after that reuses it. The CLI may instead pass a set
//! built from the user's `--*-font` choices; every render function takes the set as an argument.

use std::sync::{Arc, OnceLock};

use crate::fonts::FontSet;

static SHIPPED: OnceLock<Arc<FontSet>> = OnceLock::new();

/// The shipped faces with installed CJK fallbacks, parsed on first use (or by [`preload`]).
pub fn shipped() -> Arc<FontSet> {
    SHIPPED
        .get_or_init(|| {
            let f = FontSet::shipped();
            f.preload();
            Arc::new(f)
        })
        .clone()
}

/// Parses the shipped fonts in a background thread.
pub fn preload() {
    std::thread::spawn(|| {
        shipped();
    });
}
