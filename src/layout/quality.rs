//! How well a laid-out annex is set, counted from the layout itself (what is printed): the figures
//! `fengong bench` reports and the layout tests hold to.

use std::collections::BTreeMap;

use super::frame::{AnnexLayout, RunKind};
use super::linebreak::{no_line_start, MAX_SPREAD};
use crate::model::ColumnKind;

/// Counts of what a careful typesetter would not leave.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Quality {
    pub pages: usize,
    /// Breaks inside a unit name (a unit cell's line that ends in neither `、` nor the cell's end) or
    /// inside a short side value of up to four characters (`全省/范围`).
    pub broken_names: usize,
    /// Justified lines spread more than [`MAX_SPREAD`] em between characters.
    pub spread_lines: usize,
    /// Cells of two or more lines whose last line has one character (closing marks not counted).
    pub lonely_last: usize,
    /// Side cells of two or more lines that keep a single line on one side of a page break.
    pub one_line_carries: usize,
}

/// One printed line of a cell: its text and largest character spacing.
struct PrintedLine {
    page: usize,
    text: String,
    spacing: f32,
    size: f32,
}

/// Counts the figures of `layout`, whose table has columns of `kinds`.
pub fn quality(layout: &AnnexLayout, kinds: &[ColumnKind]) -> Quality {
    // Lines per (item, col), in page and line order; runs of one line share their y.
    let mut cells: BTreeMap<(usize, usize), Vec<PrintedLine>> = BTreeMap::new();
    for (pi, page) in layout.pages.iter().enumerate() {
        let mut last_y: Option<(usize, usize, f32)> = None;
        for r in &page.runs {
            let RunKind::Cell { item, col } = r.kind else { continue };
            let lines = cells.entry((item, col)).or_default();
            match (last_y, lines.last_mut()) {
                (Some((i, c, y)), Some(l))
                    if (i, c) == (item, col) && (y - r.y).abs() < 0.01 && l.page == pi =>
                {
                    l.text.push_str(&r.text);
                    l.spacing = l.spacing.max(r.char_spacing);
                }
                _ => lines.push(PrintedLine {
                    page: pi,
                    text: r.text.clone(),
                    spacing: r.char_spacing,
                    size: r.size,
                }),
            }
            last_y = Some((item, col, r.y));
        }
    }
    let mut q = Quality { pages: layout.pages.len(), ..Quality::default() };
    for ((_, col), lines) in &cells {
        let kind = kinds.get(*col);
        q.spread_lines += lines.iter().filter(|l| l.spacing > MAX_SPREAD * l.size + 0.01).count();
        if kind == Some(&ColumnKind::Number) || lines.len() < 2 {
            continue;
        }
        let whole: String = lines.iter().map(|l| l.text.as_str()).collect();
        match kind {
            Some(k) if k.role().is_some() => {
                q.broken_names += lines[..lines.len() - 1].iter().filter(|l| !l.text.ends_with('、')).count();
            }
            Some(ColumnKind::Content | ColumnKind::Title) | None => {}
            Some(_) if super::columns::is_name(&whole) => q.broken_names += 1,
            Some(_) => {}
        }
        let last = &lines[lines.len() - 1].text;
        if last.chars().filter(|c| !no_line_start(*c) && !c.is_whitespace()).count() <= 1 {
            q.lonely_last += 1;
        }
        if !matches!(kind, Some(ColumnKind::Content)) {
            let mut per_page: BTreeMap<usize, usize> = BTreeMap::new();
            for l in lines {
                *per_page.entry(l.page).or_default() += 1;
            }
            if per_page.len() > 1 && per_page.values().any(|&n| n == 1) {
                q.one_line_carries += 1;
            }
        }
    }
    q
}
