//! Table flow: rows placed on pages, split by whole lines, headers repeated, rules closed per page.

use super::cells::*;
use super::measure::*;
use super::page::*;
use crate::layout::frame::*;
use crate::layout::linebreak::MAX_SPREAD;
use crate::layout::PageSetup;

// ---------------------------------------------------------------------------------------------------
// Pagination

/// A row broken into lines for every column (or one spanning cell).
pub(super) struct RowLines {
    pub(super) heading: bool,
    pub(super) cells: Vec<CellLines>,
    pub(super) nlines: usize,
    pub(super) number_col: Option<usize>,
}

impl RowLines {
    /// Whether breaking the row after line `e` (its fragment starting at line `s`) leaves a cell with a
    /// single line on one side of the break (the 序号, repeated on continuations, does not count).
    pub(super) fn leaves_one_line(&self, s: usize, e: usize) -> bool {
        self.cells.iter().enumerate().any(|(ci, c)| {
            let n = c.lines.len();
            let here = n.min(e).saturating_sub(s);
            let after = n.saturating_sub(e);
            Some(ci) != self.number_col && here > 0 && after > 0 && (here == 1 || after == 1)
        })
    }
}

pub(super) struct Band {
    pub(super) top: f32,
    pub(super) bottom: f32,
    pub(super) spanning: bool,
}

pub(super) struct PageBuild {
    pub(super) geo: PageGeometry,
    pub(super) runs: Vec<TextRun>,
    pub(super) bands: Vec<Band>,
    /// Where the next band starts (top of free space).
    pub(super) cursor: f32,
    pub(super) header_placed: bool,
    pub(super) fragments: usize,
}

pub(super) struct Flow<'s> {
    pub(super) size: f32,
    pub(super) pitch: f32,
    pub(super) vpad: f32,
    pub(super) setup: PageSetup,
    pub(super) first_odd: bool,
    pub(super) continued_mark: bool,
    pub(super) header: &'s [CellLines],
    pub(super) header_lines: usize,
    pub(super) col_edges: Vec<f32>,
    pub(super) pages: Vec<PageBuild>,
    pub(super) mark: Option<Shaped>,
}

pub(super) const EPS: f32 = 0.01;

impl<'s> Flow<'s> {
    pub(super) fn header_height(&self) -> f32 {
        self.header_lines as f32 * self.pitch + 2.0 * self.vpad
    }

    pub(super) fn cur(&mut self) -> &mut PageBuild {
        self.pages.last_mut().expect("a page")
    }

    pub(super) fn new_page(&mut self) {
        let idx = self.pages.len();
        let geo = geometry(self.setup, idx.is_multiple_of(2) == self.first_odd);
        let mut p = PageBuild {
            geo,
            runs: Vec::new(),
            bands: Vec::new(),
            cursor: geo.area.top,
            header_placed: false,
            fragments: 0,
        };
        if self.continued_mark {
            if let Some(mark) = &self.mark {
                let y = geo.area.top - (self.pitch - self.size) / 2.0 - ASCENT * self.size;
                emit_line(
                    &mut p.runs,
                    &RunKind::ContinuedMark,
                    mark,
                    0,
                    mark.chars.len(),
                    self.size,
                    geo.area.left,
                    y,
                    0.0,
                    false,
                );
                p.cursor = geo.area.top - self.pitch;
            }
        }
        self.pages.push(p);
    }

    pub(super) fn place_header(&mut self) {
        let h = self.header_height();
        let (size, pitch, vpad) = (self.size, self.pitch, self.vpad);
        let header = self.header;
        let hl = self.header_lines;
        let p = self.cur();
        let top = p.cursor;
        let left = p.geo.area.left;
        for c in header {
            let off = (hl - c.lines.len()) as f32 * pitch / 2.0;
            for (j, l) in c.lines.iter().enumerate() {
                let y = top - vpad - off - j as f32 * pitch - (pitch - size) / 2.0 - ASCENT * size;
                let x = left + c.x + (c.width - l.natural).max(0.0) / 2.0;
                emit_line(&mut p.runs, &c.kind, &c.shaped, l.start, l.end, size, x, y, 0.0, l.squeeze);
            }
        }
        p.bands.push(Band { top, bottom: top - h, spanning: false });
        p.cursor = top - h;
        p.header_placed = true;
    }

    /// Whole lines of a row that fit below the cursor (after the header if it is not placed yet).
    pub(super) fn avail_lines(&self) -> usize {
        let p = self.pages.last().expect("a page");
        let mut y = p.cursor;
        if !p.header_placed {
            y -= self.header_height();
        }
        let free = y - p.geo.area.bottom - 2.0 * self.vpad;
        if free <= 0.0 {
            0
        } else {
            ((free + EPS) / self.pitch).floor() as usize
        }
    }

    pub(super) fn fresh(&self) -> bool {
        let p = self.pages.last().expect("a page");
        self.pages.len() > 1 && p.fragments == 0
    }

    pub(super) fn place_row(&mut self, row: &RowLines) {
        let total = row.nlines;
        let mut s = 0;
        let mut guard = 0usize;
        while s < total {
            guard += 1;
            assert!(guard < 4 * total + 16, "layout made no progress");
            let rem = total - s;
            let avail = self.avail_lines();
            let k = if rem <= avail {
                rem
            } else if rem >= 4 && avail.min(rem - 2) >= 2 {
                // Split: at least two lines on this page and at least two left for the next, and no cell
                // with a single line on either side of the break when a shorter fragment avoids it.
                let k = avail.min(rem - 2);
                match (2..=k).rev().find(|&k| !row.leaves_one_line(s, s + k)) {
                    Some(k) => k,
                    // No break keeps two lines of every cell together here: the row starts on the next
                    // page, unless this page is already a fresh one.
                    None if s == 0 && !self.fresh() && self.cur().fragments > 0 => {
                        self.new_page();
                        continue;
                    }
                    None => k,
                }
            } else if self.fresh() {
                // Nothing fits the rules even on an empty page (tiny page or huge size): progress anyway.
                let k = avail.max(1).min(rem);
                if rem - k == 1 && k >= 3 {
                    k - 1
                } else {
                    k
                }
            } else {
                self.new_page();
                continue;
            };
            self.place_fragment(row, s, s + k);
            s += k;
            if s < total {
                self.new_page();
            }
        }
    }

    pub(super) fn place_fragment(&mut self, row: &RowLines, s: usize, e: usize) {
        if !self.cur().header_placed {
            self.place_header();
        }
        let (size, pitch, vpad) = (self.size, self.pitch, self.vpad);
        let whole = s == 0 && e == row.nlines;
        let h = (e - s) as f32 * pitch + 2.0 * vpad;
        let p = self.pages.last_mut().expect("a page");
        let top = p.cursor;
        let left = p.geo.area.left;
        let base = (pitch - size) / 2.0 + ASCENT * size;
        let frag = (e - s) as f32;
        for (ci, c) in row.cells.iter().enumerate() {
            let n = c.lines.len();
            // Which lines of this cell go here, and from which slot.
            // One rule on every page: a cell whose lines all stand in this fragment is centred in it (中部居中,
            // as in Word-made official tables), whole rows and split rows alike; only text that runs on
            // across the page break is top-aligned, so it reads on.
            let (from, to, centred) = if whole {
                (0, n, true)
            } else if s > 0 && Some(ci) == row.number_col && n <= s {
                // A continuation fragment repeats the 序号 so the reader knows the item.
                (0, n.min(e - s), true)
            } else if s == 0 && n <= e {
                (0, n, true)
            } else {
                (s.min(n), e.min(n), false)
            };
            let slot0 = if centred { (frag - (to - from) as f32).max(0.0) / 2.0 } else { 0.0 };
            for j in from..to {
                let l = &c.lines[j];
                let slot = slot0 + (j - from) as f32;
                let y = top - vpad - slot * pitch - base;
                let count = l.end - l.start;
                let (x, spacing) = match c.align {
                    Align::Center => (c.x + (c.width - l.natural).max(0.0) / 2.0, 0.0),
                    Align::Justify => {
                        let spread = if count > 1 { (c.width - l.natural) / (count - 1) as f32 } else { 0.0 };
                        // Never spread more than MAX_SPREAD em: such a line is set ragged instead.
                        if l.full && spread > 0.0 && spread <= MAX_SPREAD * size + EPS {
                            (c.x, spread)
                        } else {
                            (c.x, 0.0)
                        }
                    }
                };
                emit_line(
                    &mut p.runs,
                    &c.kind,
                    &c.shaped,
                    l.start,
                    l.end,
                    size,
                    left + x,
                    y,
                    spacing,
                    l.squeeze,
                );
            }
        }
        p.bands.push(Band { top, bottom: top - h, spanning: row.heading });
        p.cursor = top - h;
        p.fragments += 1;
    }

    /// Table rules of a page: a closed grid around its bands.
    pub(super) fn rules(&self, p: &PageBuild) -> Vec<Rule> {
        let mut out = Vec::new();
        if p.bands.is_empty() {
            return out;
        }
        let left = p.geo.area.left;
        let x0 = left + self.col_edges[0];
        let x1 = left + *self.col_edges.last().expect("edges");
        let top = p.bands[0].top;
        let bottom = p.bands.last().expect("band").bottom;
        let hl = |y: f32| Rule { x1: x0, y1: y, x2: x1, y2: y, width: RULE_WIDTH };
        out.push(hl(top));
        for b in &p.bands {
            out.push(hl(b.bottom));
        }
        out.push(Rule { x1: x0, y1: top, x2: x0, y2: bottom, width: RULE_WIDTH });
        out.push(Rule { x1, y1: top, x2: x1, y2: bottom, width: RULE_WIDTH });
        // Inner column rules, merged over consecutive non-spanning bands.
        let inner = &self.col_edges[1..self.col_edges.len() - 1];
        let mut run: Option<(f32, f32)> = None;
        let flush = |run: &mut Option<(f32, f32)>, out: &mut Vec<Rule>| {
            if let Some((t, b)) = run.take() {
                for &e in inner {
                    out.push(Rule { x1: left + e, y1: t, x2: left + e, y2: b, width: RULE_WIDTH });
                }
            }
        };
        for b in &p.bands {
            if b.spanning {
                flush(&mut run, &mut out);
            } else {
                run = Some(match run {
                    Some((t, _)) => (t, b.bottom),
                    None => (b.top, b.bottom),
                });
            }
        }
        flush(&mut run, &mut out);
        out
    }
}
