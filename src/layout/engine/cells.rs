//! A cell's lines: breaking a shaped cell, cleaning its text, emitting its runs.

use super::measure::*;
use crate::layout::frame::*;
use crate::layout::linebreak::{
    break_fit, break_opportunities, keep_list_items_whole, pair_squeeze, set_width, start_squeeze, Fit,
};
use crate::layout::words::Words;

// ---------------------------------------------------------------------------------------------------
// Cells

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Center,
    /// Full lines justified, last line of a paragraph left-aligned.
    Justify,
}

#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub start: usize,
    pub end: usize,
    pub natural: f32,
    /// An opening bracket starting the line set half-width: the line fits only so ([`set_width`]).
    pub squeeze: bool,
    /// Justify this line when the cell is justified (not the last line of its paragraph).
    pub full: bool,
}

/// A cell laid out into lines at its inner width.
#[derive(Debug, Clone)]
pub(crate) struct CellLines {
    pub shaped: Shaped,
    pub lines: Vec<Line>,
    pub align: Align,
    pub kind: RunKind,
    /// Inner left edge relative to the table's left edge, and inner width.
    pub x: f32,
    pub width: f32,
}

/// Breaks a shaped cell (paragraphs separated by '\n'; trailing whitespace dropped) into lines of `width`,
/// each paragraph at once ([`break_fit`]); `names` keeps the names of a unit list whole
/// ([`keep_list_items_whole`]).
pub(crate) fn break_cell(shaped: &Shaped, width: f32, fit: Fit, names: bool, words: &Words) -> Vec<Line> {
    let mut lines = Vec::new();
    let n = shaped.chars.len();
    let mut p = 0;
    // Paragraph boundaries: '\n' characters are kept in `chars` but never drawn.
    loop {
        let e = shaped.chars[p..].iter().position(|&c| c == '\n').map(|k| p + k).unwrap_or(n);
        let chars = &shaped.chars[p..e];
        let widths = &shaped.widths[p..e];
        let mut opps = break_opportunities(chars);
        if names {
            keep_list_items_whole(chars, widths, &mut opps, width);
        }
        let joins = words.joins(chars);
        let ranges = break_fit(chars, widths, &opps, &joins, width, fit);
        let last = ranges.len() - 1;
        for (i, r) in ranges.into_iter().enumerate() {
            let (natural, squeeze) = set_width(chars, widths, r.clone(), width);
            lines.push(Line { start: p + r.start, end: p + r.end, natural, squeeze, full: i < last });
        }
        if e >= n {
            break;
        }
        p = e + 1;
    }
    lines
}

/// Trims trailing whitespace and newlines of a cell (a trailing '\n' would print an empty line).
pub(crate) fn clean_cell_text(s: &str) -> &str {
    s.trim_end()
}

// ---------------------------------------------------------------------------------------------------
// Emitting runs

#[allow(clippy::too_many_arguments)]
/// Emits one line as runs (one per face segment) for a line whose text starts at `x`, justified by
/// `spacing`; adjacent marks close up ([`pair_squeeze`]), and with `squeeze_start` (the line fits only so,
/// [`set_width`]) an opening bracket starting it is drawn half an em to the left ([`start_squeeze`]).
pub(crate) fn emit_line(
    out: &mut Vec<TextRun>,
    kind: &RunKind,
    shaped: &Shaped,
    start: usize,
    end: usize,
    size: f32,
    mut x: f32,
    y: f32,
    spacing: f32,
    squeeze_start: bool,
) {
    if start < end && squeeze_start {
        x -= start_squeeze(shaped.chars[start], shaped.widths[start]);
    }
    let mut i = start;
    while i < end {
        let f = shaped.fonts[i];
        let mut j = i;
        let mut text = String::with_capacity((end - i) * 3);
        let mut squeeze = Vec::new();
        let mut w = 0.0;
        while j < end && shaped.fonts[j] == f {
            text.push(shaped.chars[j]);
            let sq = if j + 1 < end {
                pair_squeeze(shaped.chars[j], shaped.chars[j + 1], shaped.widths[j])
            } else {
                0.0
            };
            if sq > 0.0 && j + 1 < end && shaped.fonts[j + 1] == f {
                squeeze.push(((j - i) as u32, sq));
            }
            w += shaped.widths[j] + spacing - sq;
            j += 1;
        }
        out.push(TextRun { kind: kind.clone(), font: f, size, x, y, char_spacing: spacing, squeeze, text });
        x += w;
        i = j;
    }
}

// ---------------------------------------------------------------------------------------------------
