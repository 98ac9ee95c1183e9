//! 完成时限 cells: the text is kept as typed; a date is read from it when there is one ([`parse_deadline`],
//! the one reading of written deadlines, in [`crate::deadline`]).

pub use crate::deadline::parse_deadline;

/// Whether a short text reads as a 完成时限: a date, or the words deadlines are written in without one
/// (`长期坚持`, `持续推进`, `年内完成`, `2024年第三季度`).
pub(super) fn looks_like_deadline(text: &str) -> bool {
    const WORDS: [&str; 9] = ["长期", "持续", "常态", "年底", "月底", "季度", "年内", "底前", "前完成"];
    let t = text.trim();
    t.chars().count() <= 16 && (parse_deadline(t).is_some() || WORDS.iter().any(|w| t.contains(w)))
}
