//! Column widths from the content: no column narrower than what must stay whole on one line in it.
//!
//! The relative widths of the column set (列设置) are the starting point. A column is then widened, when it
//! needs to, to its header's longest word, the longest unit name of a unit column (up to seven
//! characters: `深圳市税务局` never reads `深圳市税务/局`), a side value of up to four characters whole
//! (`全省范围`), the longest word of a longer short value (`全省除深圳市/以外`) and the widest 序号; a header
//! keeps its words (`复制推广/范围`, never `复制推广范/围`). The width is taken from 主要内容 first (down to
//! 30 % of the table), then from 事项 (down to five characters a line), then from any column with room
//! beyond its need. Then the
//! joint width of 事项 and 主要内容 is split for the fewest lines ([`split_text_columns`]; within 2 % of
//! the fewest, the split closest to the column set's own).
//! A column the user fixed in 列设置 ([`crate::model::Column::fixed`]) keeps its share: it is neither
//! widened nor narrowed, and 事项/主要内容 are not re-split when either is fixed. The Word and Excel exports
//! set the same widths ([`super::annex_column_widths`]).
//! Not done: a search over every column's width for the fewest lines and pages.

use super::frame::FaceRole;
use super::linebreak::{break_opportunities, break_paragraph};
use super::table::TableSpec;
use super::words::Words;
use crate::model::ColumnKind;

/// Left and right cell padding in points ([`super::geometry::CELL_PADDING_MM`], Word's default).
pub(crate) const CELL_PADDING_X: f32 = super::geometry::CELL_PADDING_MM * super::geometry::MM;

/// A value of a side column up to this many characters is one name, kept whole on a line (`全省范围`);
/// a longer one (`全省除深圳市以外`) keeps its words whole.
pub(crate) const NAME_CHARS: usize = 4;
/// A unit name up to this many characters is kept whole; a longer one (`海关总署广东分署`) may break
/// between its words in a column of ordinary width.
const UNIT_NAME_CHARS: usize = 7;
/// The long-text column keeps at least this share of the text area.
const CONTENT_MIN_SHARE: f32 = 0.3;

/// Whether a side cell's value is a name to keep whole (short, no punctuation).
pub(crate) fn is_name(value: &str) -> bool {
    let v = value.trim();
    !v.is_empty() && v.chars().count() <= NAME_CHARS && v.chars().all(char::is_alphanumeric)
}

/// Whether a side cell's value is short: a name or a phrase (up to eight characters, no sentence
/// punctuation) whose words are kept whole and which is centred, never spread.
pub(crate) fn is_short(value: &str) -> bool {
    let v = value.trim();
    !v.is_empty() && v.chars().count() <= 8 && !v.contains(['，', '。', '；', '\n', ',', ';'])
}

/// The names in a cell of a unit column: its `、`-separated parts.
pub(crate) fn unit_names(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(['、', '\n']).map(str::trim).filter(|s| !s.is_empty())
}

/// Column edges relative to the table's left edge, `text_w` wide in all.
pub(crate) fn column_edges(
    spec: &TableSpec,
    text_w: f32,
    size: f32,
    m: &mut dyn FnMut(&str, FaceRole) -> f32,
    words: &Words,
) -> Vec<f32> {
    let cols = &spec.columns;
    if cols.is_empty() {
        return vec![0.0, text_w];
    }
    let rel = |w: f32| if w.is_finite() && w > 0.0 { w } else { 1.0 };
    let total_rel: f32 = cols.iter().map(|c| rel(c.width)).sum();
    let mut widths: Vec<f32> = cols.iter().map(|c| rel(c.width) / total_rel * text_w).collect();

    // What each column needs (outer width).
    let pad = 2.0 * CELL_PADDING_X;
    let widest_word = |text: &str, role: FaceRole, m: &mut dyn FnMut(&str, FaceRole) -> f32| -> f32 {
        let chars: Vec<char> = text.trim().chars().collect();
        let joins = words.joins(&chars);
        let mut widest = 0.0f32;
        let mut from = 0;
        for i in 1..=chars.len() {
            if i == chars.len() || !joins[i] {
                let word: String = chars[from..i].iter().collect();
                widest = widest.max(m(&word, role));
                from = i;
            }
        }
        widest
    };
    let mut need: Vec<f32> = Vec::with_capacity(cols.len());
    for (ci, c) in cols.iter().enumerate() {
        let mut widest = widest_word(&c.label, FaceRole::Hei, m);
        let units = c.kind.role().is_some();
        if !matches!(c.kind, ColumnKind::Content | ColumnKind::Title) {
            for r in spec.rows.iter().filter(|r| !r.heading) {
                let cell = r.cells.get(ci).map(String::as_str).unwrap_or("");
                let w = if units {
                    // A name and its `、`, whose right half may be squeezed at the line end.
                    unit_names(cell)
                        .filter(|n| n.chars().count() <= UNIT_NAME_CHARS)
                        .map(|n| m(n, FaceRole::Fang) + 0.5 * size)
                        .fold(0.0, f32::max)
                } else if c.kind == ColumnKind::Number || is_name(cell) {
                    m(cell.trim(), FaceRole::Fang)
                } else if is_short(cell) {
                    widest_word(cell, FaceRole::Fang, m)
                } else {
                    0.0
                };
                widest = widest.max(w);
            }
        }
        // A width the user fixed is what the column needs: it is neither widened nor a donor.
        need.push(if c.fixed { widths[ci] } else { widest + pad });
    }

    // Widen the columns that need it. The width comes from the long-text columns (主要内容, 事项) in
    // proportion to what they have beyond their own need, 主要内容 keeping at least 30 % of the table.
    let deficit: f32 = widths.iter().zip(&need).map(|(w, n)| (n - w).max(0.0)).sum();
    if deficit > 0.0 {
        for (w, n) in widths.iter_mut().zip(&need) {
            *w = w.max(*n);
        }
        // 主要内容 gives first, down to 30 % of the table; then 事项, down to five characters a line; then
        // any column with room beyond its need.
        let floor = |i: usize| match cols[i].kind {
            _ if cols[i].fixed => need[i],
            ColumnKind::Content => need[i].max(CONTENT_MIN_SHARE * text_w),
            ColumnKind::Title => need[i].max(TITLE_MIN_EMS * size + pad),
            _ => need[i],
        };
        let order = |k: &ColumnKind| match k {
            ColumnKind::Content => 0,
            ColumnKind::Title => 1,
            _ => 2,
        };
        let mut donors: Vec<usize> = (0..cols.len()).collect();
        donors.sort_by_key(|&i| order(&cols[i].kind));
        let mut deficit = deficit;
        // Second round, when that was not enough: the long-text columns down to their bare need.
        for pass in 0..2 {
            for &i in &donors {
                let keep = if pass == 0 { floor(i) } else { need[i] };
                let take = (widths[i] - keep).max(0.0).min(deficit);
                widths[i] -= take;
                deficit -= take;
            }
        }
        // Not enough room for every name: scale everything back into the text area.
        let sum: f32 = widths.iter().sum();
        if sum > text_w {
            for w in &mut widths {
                *w *= text_w / sum;
            }
        }
    }
    split_text_columns(spec, &mut widths, size, m);
    let mut edges = Vec::with_capacity(cols.len() + 1);
    let mut acc = 0.0;
    edges.push(0.0);
    for w in widths {
        acc += w;
        edges.push(acc);
    }
    // The last edge is exactly the text area's right edge.
    if let Some(last) = edges.last_mut() {
        *last = text_w;
    }
    edges
}

/// 事项 keeps at least this many characters a line when the width search narrows it.
const TITLE_MIN_EMS: f32 = 5.0;
/// Shares of the two long-text columns' width tried for 事项 (the rest goes to 主要内容).
const TITLE_SHARES: [f32; 11] = [0.2, 0.22, 0.24, 0.26, 0.28, 0.3, 0.32, 0.34, 0.36, 0.38, 0.4];

/// With both a 事项 and a 主要内容 column, splits their joint width so the table has the fewest lines
/// (each row as tall as its tallest cell), estimated by greedy filling; a tie keeps the share closest to
/// the column set's own.
fn split_text_columns(
    spec: &TableSpec,
    widths: &mut [f32],
    size: f32,
    m: &mut dyn FnMut(&str, FaceRole) -> f32,
) {
    let cols = &spec.columns;
    let (Some(t), Some(c)) = (
        cols.iter().position(|c| c.kind == ColumnKind::Title),
        cols.iter().position(|c| c.kind == ColumnKind::Content),
    ) else {
        return;
    };
    if cols[t].fixed || cols[c].fixed {
        return;
    }
    let joint = widths[t] + widths[c];
    let pad = 2.0 * CELL_PADDING_X;
    let rows: Vec<_> = spec.rows.iter().filter(|r| !r.heading).collect();
    if rows.is_empty() || joint <= 4.0 * (size + pad) {
        return;
    }
    // Measured once: the paragraphs of each row's two cells (characters, widths, break opportunities),
    // and the lines of the other cells; only the greedy filling is redone per width.
    type Paragraph = (Vec<char>, Vec<f32>, Vec<bool>);
    let shaped = |text: &str, m: &mut dyn FnMut(&str, FaceRole) -> f32| -> Vec<Paragraph> {
        text.trim_end()
            .split('\n')
            .map(|p| {
                let chars: Vec<char> = p.chars().filter(|c| !c.is_control()).collect();
                let widths = chars.iter().map(|&ch| m(ch.encode_utf8(&mut [0; 4]), FaceRole::Fang)).collect();
                let opps = break_opportunities(&chars);
                (chars, widths, opps)
            })
            .collect()
    };
    let count = |paragraphs: &[Paragraph], width: f32| -> usize {
        paragraphs.iter().map(|(chars, w, opps)| break_paragraph(chars, w, opps, width).len()).sum()
    };
    let mut cells = Vec::with_capacity(rows.len());
    for r in &rows {
        let get = |i: usize| r.cells.get(i).map(String::as_str).unwrap_or("");
        let others = (0..cols.len())
            .filter(|&i| i != t && i != c)
            .map(|i| count(&shaped(get(i), m), widths[i] - pad))
            .max()
            .unwrap_or(1);
        cells.push((shaped(get(t), m), shaped(get(c), m), others));
    }
    let own = widths[t] / joint;
    let mut tried: Vec<(usize, f32)> = Vec::new();
    for share in TITLE_SHARES.iter().copied().chain([own]) {
        let wt = joint * share;
        // 事项 stays readable: five characters a line at least.
        if wt < TITLE_MIN_EMS * size + pad {
            continue;
        }
        let total: usize =
            cells.iter().map(|(a, b, o)| count(a, wt - pad).max(count(b, joint - wt - pad)).max(*o)).sum();
        tried.push((total, share));
    }
    // Within 2 % of the fewest lines, the share closest to the column set's own wins: the user's widths
    // are moved only for a real saving.
    let fewest = tried.iter().map(|(n, _)| *n).min().unwrap_or(0);
    let best = tried
        .iter()
        .filter(|(n, _)| (*n as f32) <= fewest as f32 * 1.02)
        .min_by(|a, b| (a.1 - own).abs().total_cmp(&(b.1 - own).abs()));
    if let Some(&(_, share)) = best {
        widths[t] = joint * share;
        widths[c] = joint - widths[t];
    }
}
