//! The layout proper: measuring (with a per-run width cache), cells, title, pagination, rules, page numbers.
//! Decisions are documented in `mod.rs`.

use std::collections::HashSet;

use super::columns::{self, CELL_PADDING_X};
use super::frame::*;
use super::geometry;
use super::linebreak::{
    break_balanced, break_fit, break_opportunities, end_squeeze, keep_list_items_whole, Fit, MAX_SPREAD,
};
use super::table::{TableColumn, TableRow, TableSpec};
use super::words::Words;
use super::{LayoutOptions, PageSetup};
use crate::model::{ColumnKind, Document, Item};

// ---------------------------------------------------------------------------------------------------
// Units and geometry

pub(crate) use super::geometry::{LABEL_SIZE, MM, PAGE_NUMBER_SIZE, TITLE_SIZE};
/// Table rules.
pub(crate) const RULE_WIDTH: f32 = 0.5;
/// Cell line pitch as a multiple of the body size (single spacing; not the 29 pt body grid).
pub(crate) const CELL_LEADING: f32 = 1.4;
/// Title line pitch as a multiple of the title size.
pub(crate) const TITLE_LEADING: f32 = 1.4;
/// Height of the ideographic em box above the baseline, as a fraction of the size (CJK fonts put the
/// em box from −0.12 to +0.88 em).
pub(crate) const ASCENT: f32 = 0.88;
/// The body grid: 22 lines in the 225 mm text area (GB/T 9704 §5.2.4), ≈ 28.95 pt.
pub(crate) const GRID_PITCH: f32 = geometry::TEXT_HEIGHT_MM * MM / 22.0;
/// Gap between the number line's top and the text area's bottom (GB/T 9704 §7.5).
pub(crate) const PAGE_NUMBER_GAP: f32 = geometry::PAGE_NUMBER_GAP_MM * MM;

/// The text area of a page, points, y up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Area {
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

impl Area {
    pub fn width(&self) -> f32 {
        self.right - self.left
    }

    /// The text area of a page `width` × `height` mm with margins `m`, in points.
    fn within(width: f32, height: f32, m: geometry::Margins) -> Area {
        Area {
            left: m.left * MM,
            right: (width - m.right) * MM,
            top: (height - m.top) * MM,
            bottom: m.bottom * MM,
        }
    }
}

/// Everything that depends on the page set-up and the parity of the page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageGeometry {
    pub width: f32,
    pub height: f32,
    pub placement: SheetPlacement,
    /// Text area in reading coordinates.
    pub area: Area,
    /// Text area of the *sheet*, where the page number goes (sheet coordinates).
    pub sheet_area: Area,
}

/// The page's geometry from [`geometry`]'s margins (the numbers live there, shared with the exports).
pub(crate) fn geometry(setup: PageSetup, odd: bool) -> PageGeometry {
    let (w, h) = geometry::page_size_mm(setup);
    let area = Area::within(w, h, geometry::margins(setup, odd));
    let (placement, sheet_area) = match setup {
        // The reading page (297 × 210) is the portrait sheet turned 90° counter-clockwise: sheet
        // (xs, ys) = (210 mm − yr, xr); the page number stays where the portrait sheet has it (GB/T 9704 §8).
        PageSetup::LandscapeBound => (
            SheetPlacement::RotatedOnPortrait,
            Area::within(geometry::A4_SHORT_MM, geometry::A4_LONG_MM, geometry::portrait_margins(odd)),
        ),
        PageSetup::Portrait | PageSetup::Landscape => (SheetPlacement::Upright, area),
    };
    PageGeometry { width: w * MM, height: h * MM, placement, area, sheet_area }
}

// ---------------------------------------------------------------------------------------------------
// Measuring with caches

/// FxHash (rustc's hasher, the `rustc-hash` crate): the width cache is hit once per character of the
/// document, SipHash would be a noticeable share of the layout time.
type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// Text measured for one role: characters, the face of each, advances in points.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shaped {
    pub chars: Vec<char>,
    pub fonts: Vec<FontId>,
    pub widths: Vec<f32>,
}

pub(crate) struct Measurer<'a> {
    metrics: &'a dyn Metrics,
    faces: FxMap<(FaceRole, char), Option<FontId>>,
    advances: FxMap<(FontId, char), f32>,
    glyphs: FxMap<(FaceRole, char), Option<(FontId, f32)>>,
    role_default: FxMap<FaceRole, FontId>,
    pub missing: Vec<MissingGlyph>,
    seen: HashSet<(char, String)>,
}

impl<'a> Measurer<'a> {
    pub fn new(metrics: &'a dyn Metrics) -> Self {
        Measurer {
            metrics,
            faces: FxMap::default(),
            advances: FxMap::default(),
            glyphs: FxMap::default(),
            role_default: FxMap::default(),
            missing: Vec::new(),
            seen: HashSet::new(),
        }
    }

    /// Face and advance (em) of `ch` for `role`: one cache lookup per character on the hot path.
    fn glyph(&mut self, role: FaceRole, ch: char) -> Option<(FontId, f32)> {
        if let Some(g) = self.glyphs.get(&(role, ch)) {
            return *g;
        }
        let g = self.face(role, ch).map(|f| (f, self.advance(f, ch)));
        self.glyphs.insert((role, ch), g);
        g
    }

    fn face(&mut self, role: FaceRole, ch: char) -> Option<FontId> {
        let m = self.metrics;
        *self.faces.entry((role, ch)).or_insert_with(|| m.face_for(role, ch))
    }

    fn advance(&mut self, font: FontId, ch: char) -> f32 {
        let m = self.metrics;
        *self.advances.entry((font, ch)).or_insert_with(|| m.advance(font, ch))
    }

    /// A face to attach to a character no face can draw (the layout still completes; nothing is printed
    /// while `missing` is non-empty).
    fn default_face(&mut self, role: FaceRole) -> FontId {
        if let Some(f) = self.role_default.get(&role) {
            return *f;
        }
        let f = ['一', '的', 'a', '1', ' '].iter().find_map(|&c| self.face(role, c)).unwrap_or(FontId(0));
        self.role_default.insert(role, f);
        f
    }

    /// The natural width of `text` in `role` at `size` (a character without a face counts one em; it is
    /// reported where the text is shaped, not here).
    pub fn measure(&mut self, text: &str, role: FaceRole, size: f32) -> f32 {
        text.chars()
            .filter(|c| !c.is_control())
            .map(|c| self.glyph(role, c).map_or(1.0, |(_, em)| em) * size)
            .sum()
    }

    /// Measures `text` in `role` at `size`. Characters no face has are recorded against `place()` (called
    /// only then) and measured as one em; whitespace without a glyph is measured as half an em and not
    /// reported (nothing visible is lost).
    pub fn shape(&mut self, text: &str, role: FaceRole, size: f32, place: &dyn Fn() -> String) -> Shaped {
        let mut s = Shaped {
            chars: Vec::with_capacity(text.len() / 2),
            fonts: Vec::with_capacity(text.len() / 2),
            widths: Vec::with_capacity(text.len() / 2),
        };
        for ch in text.chars() {
            let ch = match ch {
                '\t' => ' ',
                '\r' | '\u{feff}' | '\u{200b}' => continue,
                '\n' => {
                    // Paragraph break: kept for `break_cell`, never drawn.
                    let f = self.default_face(role);
                    s.chars.push('\n');
                    s.fonts.push(f);
                    s.widths.push(0.0);
                    continue;
                }
                c if c.is_control() => continue,
                c => c,
            };
            match self.glyph(role, ch) {
                Some((f, em)) => {
                    let w = em * size;
                    s.chars.push(ch);
                    s.fonts.push(f);
                    s.widths.push(w);
                }
                None => {
                    let f = self.default_face(role);
                    let w = if ch.is_whitespace() {
                        0.5 * size
                    } else {
                        let p = place();
                        if self.seen.insert((ch, p.clone())) {
                            self.missing.push(MissingGlyph { ch, place: p });
                        }
                        size
                    };
                    s.chars.push(ch);
                    s.fonts.push(f);
                    s.widths.push(w);
                }
            }
        }
        s
    }
}

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
            let squeeze = if r.is_empty() { 0.0 } else { end_squeeze(chars[r.end - 1], widths[r.end - 1]) };
            let natural = widths[r.clone()].iter().sum::<f32>() - squeeze;
            lines.push(Line { start: p + r.start, end: p + r.end, natural, full: i < last });
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
/// Emits one line as runs (one per face segment) starting at `x`, justified by `spacing`.
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
) {
    let mut i = start;
    while i < end {
        let f = shaped.fonts[i];
        let mut j = i;
        let mut text = String::with_capacity((end - i) * 3);
        let mut w = 0.0;
        while j < end && shaped.fonts[j] == f {
            text.push(shaped.chars[j]);
            w += shaped.widths[j] + spacing;
            j += 1;
        }
        out.push(TextRun { kind: kind.clone(), font: f, size, x, y, char_spacing: spacing, text });
        x += w;
        i = j;
    }
}

// ---------------------------------------------------------------------------------------------------
// The table description both entry points build

/// Builds the table of an annex from a document and its items; `extra` inserts a caller column.
pub(crate) fn table_rows(
    doc: &Document,
    items: &[Item],
    numbers: &[String],
    columns: &[TableColumn],
    extra: Option<(usize, &[String])>,
) -> Vec<TableRow> {
    items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let number = numbers.get(i).cloned().unwrap_or_default();
            if it.is_heading {
                // The heading's text is its title; a content, if any, follows as a paragraph (nothing is lost).
                let text = match (it.title.trim().is_empty(), it.content.trim().is_empty()) {
                    (false, false) => format!("{}\n{}", it.title.trim_end(), it.content),
                    (false, true) => it.title.clone(),
                    _ => it.content.clone(),
                };
                return TableRow { item: i, heading: true, number, cells: Vec::new(), heading_text: text };
            }
            let mut cells = Vec::with_capacity(columns.len());
            let mut doc_col = 0;
            for (ci, _c) in columns.iter().enumerate() {
                if let Some((at, values)) = extra {
                    if ci == at {
                        cells.push(values.get(i).cloned().unwrap_or_default());
                        continue;
                    }
                }
                let kind = &doc.columns[doc_col].kind;
                doc_col += 1;
                cells.push(match kind {
                    ColumnKind::Number => number.clone(),
                    k => it.cell_text(k),
                });
            }
            TableRow { item: i, heading: false, number, cells, heading_text: String::new() }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------------
// Pagination

/// A row broken into lines for every column (or one spanning cell).
struct RowLines {
    heading: bool,
    cells: Vec<CellLines>,
    nlines: usize,
    number_col: Option<usize>,
}

impl RowLines {
    /// Whether breaking the row after line `e` (its fragment starting at line `s`) leaves a cell with a
    /// single line on one side of the break (the 序号, repeated on continuations, does not count).
    fn leaves_one_line(&self, s: usize, e: usize) -> bool {
        self.cells.iter().enumerate().any(|(ci, c)| {
            let n = c.lines.len();
            let here = n.min(e).saturating_sub(s);
            let after = n.saturating_sub(e);
            Some(ci) != self.number_col && here > 0 && after > 0 && (here == 1 || after == 1)
        })
    }
}

struct Band {
    top: f32,
    bottom: f32,
    spanning: bool,
}

struct PageBuild {
    geo: PageGeometry,
    runs: Vec<TextRun>,
    bands: Vec<Band>,
    /// Where the next band starts (top of free space).
    cursor: f32,
    header_placed: bool,
    fragments: usize,
}

struct Flow<'s> {
    size: f32,
    pitch: f32,
    vpad: f32,
    setup: PageSetup,
    first_odd: bool,
    continued_mark: bool,
    header: &'s [CellLines],
    header_lines: usize,
    col_edges: Vec<f32>,
    pages: Vec<PageBuild>,
    mark: Option<Shaped>,
}

const EPS: f32 = 0.01;

impl<'s> Flow<'s> {
    fn header_height(&self) -> f32 {
        self.header_lines as f32 * self.pitch + 2.0 * self.vpad
    }

    fn cur(&mut self) -> &mut PageBuild {
        self.pages.last_mut().expect("a page")
    }

    fn new_page(&mut self) {
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
                );
                p.cursor = geo.area.top - self.pitch;
            }
        }
        self.pages.push(p);
    }

    fn place_header(&mut self) {
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
                emit_line(&mut p.runs, &c.kind, &c.shaped, l.start, l.end, size, x, y, 0.0);
            }
        }
        p.bands.push(Band { top, bottom: top - h, spanning: false });
        p.cursor = top - h;
        p.header_placed = true;
    }

    /// Whole lines of a row that fit below the cursor (after the header if it is not placed yet).
    fn avail_lines(&self) -> usize {
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

    fn fresh(&self) -> bool {
        let p = self.pages.last().expect("a page");
        self.pages.len() > 1 && p.fragments == 0
    }

    fn place_row(&mut self, row: &RowLines) {
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

    fn place_fragment(&mut self, row: &RowLines, s: usize, e: usize) {
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
                emit_line(&mut p.runs, &c.kind, &c.shaped, l.start, l.end, size, left + x, y, spacing);
            }
        }
        p.bands.push(Band { top, bottom: top - h, spanning: row.heading });
        p.cursor = top - h;
        p.fragments += 1;
    }

    /// Table rules of a page: a closed grid around its bands.
    fn rules(&self, p: &PageBuild) -> Vec<Rule> {
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

// ---------------------------------------------------------------------------------------------------
// The whole annex

pub(crate) fn clamp_body_size(s: f32) -> f32 {
    if s.is_finite() {
        s.clamp(crate::rules::BODY_SIZE_MIN, crate::rules::BODY_SIZE_MAX)
    } else {
        16.0
    }
}

fn col_place(row: &TableRow, label: &str) -> String {
    if row.number.trim().is_empty() {
        format!("第{}行“{}”", row.item + 1, label)
    } else {
        format!("第{}项“{}”", row.number.trim(), label)
    }
}

/// Word boundaries for every text of the table and the title; the document's own unit names are words.
fn table_words(spec: &TableSpec) -> Words {
    let mut texts: HashSet<&str> = HashSet::new();
    let mut names: HashSet<&str> = HashSet::new();
    texts.insert(spec.title.as_str());
    texts.extend(spec.columns.iter().map(|c| c.label.as_str()));
    for r in &spec.rows {
        if r.heading {
            texts.insert(r.heading_text.as_str());
            continue;
        }
        for (cell, c) in r.cells.iter().zip(&spec.columns) {
            texts.insert(cell.as_str());
            if c.kind.role().is_some() {
                names.extend(columns::unit_names(cell));
            }
        }
    }
    let names: Vec<&str> = names.into_iter().collect();
    Words::for_texts(texts, &names)
}

fn edges(spec: &TableSpec, text_w: f32, size: f32, m: &mut Measurer, words: &Words) -> Vec<f32> {
    columns::column_edges(spec, text_w, size, &mut |t, role| m.measure(t, role, size), words)
}

/// The column edges [`layout_table`] sets, without laying out the rows (for the Word and Excel exports).
pub(crate) fn table_column_edges(spec: &TableSpec, opts: &LayoutOptions, metrics: &dyn Metrics) -> Vec<f32> {
    let size = clamp_body_size(opts.body_size);
    let text_w = geometry(opts.page_setup, true).area.width();
    edges(spec, text_w, size, &mut Measurer::new(metrics), &table_words(spec))
}

pub(crate) fn layout_table(spec: &TableSpec, opts: &LayoutOptions, metrics: &dyn Metrics) -> AnnexLayout {
    let size = clamp_body_size(opts.body_size);
    let pitch = CELL_LEADING * size;
    let hpad = CELL_PADDING_X;
    let vpad = 0.25 * size;
    let first_number = opts.first_page_number.max(1);
    // Parity follows the printed number: an annex starting on page 4 starts on an even (verso) page.
    let first_odd = first_number % 2 == 1;
    let mut m = Measurer::new(metrics);

    let geo0 = geometry(opts.page_setup, first_odd);
    let area = geo0.area;
    let text_w = area.width();

    let words = table_words(spec);

    // Column edges relative to the table's left edge (= text area left).
    let col_edges = edges(spec, text_w, size, &mut m, &words);
    let inner = |ci: usize| -> (f32, f32) {
        let x = col_edges[ci] + hpad;
        (x, (col_edges[ci + 1] - col_edges[ci] - 2.0 * hpad).max(size))
    };

    // ---- header: labels break between words (`复制推广/范围`), centred.
    let header_fit = Fit { justify: false, names: true, em: size };
    let mut header = Vec::new();
    for (ci, c) in spec.columns.iter().enumerate() {
        let label = c.label.clone();
        let shaped = m.shape(clean_cell_text(&c.label), FaceRole::Hei, size, &|| format!("表头“{}”", label));
        let (x, w) = inner(ci);
        let lines = break_cell(&shaped, w, header_fit, false, &words);
        header.push(CellLines {
            shaped,
            lines,
            align: Align::Center,
            kind: RunKind::Header { col: ci },
            x,
            width: w,
        });
    }
    let header_lines = header.iter().map(|c| c.lines.len()).max().unwrap_or(1).max(1);

    // ---- rows. Cells of equal text in one column break alike: their lines are computed once.
    let mut broken: FxMap<(usize, &str), Vec<Line>> = FxMap::default();
    let number_col = spec.columns.iter().position(|c| c.kind == ColumnKind::Number);
    let mut rows = Vec::with_capacity(spec.rows.len());
    for r in &spec.rows {
        if r.heading {
            let x = col_edges[0] + hpad;
            let w = (*col_edges.last().unwrap() - 2.0 * hpad).max(size);
            let t = r.heading_text.clone();
            let item = r.item;
            let shaped = m.shape(clean_cell_text(&r.heading_text), FaceRole::Hei, size, &|| {
                let head: String = t.chars().take(12).collect();
                format!("第{}行分组标题“{}”", item + 1, head)
            });
            let lines = break_cell(&shaped, w, Fit { justify: true, names: false, em: size }, false, &words);
            let n = lines.len();
            rows.push(RowLines {
                heading: true,
                cells: vec![CellLines {
                    shaped,
                    lines,
                    align: Align::Justify,
                    kind: RunKind::GroupHeading { item: r.item },
                    x,
                    width: w,
                }],
                nlines: n,
                number_col: None,
            });
            continue;
        }
        let mut cells = Vec::with_capacity(spec.columns.len());
        for (ci, c) in spec.columns.iter().enumerate() {
            let text = r.cells.get(ci).map(|s| clean_cell_text(s)).unwrap_or("");
            let (x, w) = inner(ci);
            let shaped = m.shape(text, FaceRole::Fang, size, &|| col_place(r, &c.label));
            let units = c.kind.role().is_some();
            let short = columns::is_short(text);
            // Long text is justified and may break inside a word; 序号, unit lists and short values keep
            // their words.
            let names = match c.kind {
                ColumnKind::Content => false,
                ColumnKind::Number => true,
                _ => units || short,
            };
            let fit = Fit { justify: !names, names, em: size };
            let lines = broken
                .entry((ci, text))
                .or_insert_with(|| break_cell(&shaped, w, fit, units, &words))
                .clone();
            let align = match c.kind {
                ColumnKind::Number => Align::Center,
                ColumnKind::Content => Align::Justify,
                _ if lines.len() <= 1 => Align::Center,
                // A list of units, one or more whole names a line: centred, not stretched.
                _ if units => Align::Center,
                // A short value over two lines (a name wider than the column): centred, never spread.
                _ if short => Align::Center,
                _ => Align::Justify,
            };
            cells.push(CellLines {
                shaped,
                lines,
                align,
                kind: RunKind::Cell { item: r.item, col: ci },
                x,
                width: w,
            });
        }
        let n = cells.iter().map(|c| c.lines.len()).max().unwrap_or(1).max(1);
        rows.push(RowLines { heading: false, cells, nlines: n, number_col });
    }

    // ---- 续表 mark
    let mark = if opts.continued_mark {
        Some(m.shape("续表", FaceRole::Hei, size, &|| "续表标注".to_string()))
    } else {
        None
    };

    let mut flow = Flow {
        size,
        pitch,
        vpad,
        setup: opts.page_setup,
        first_odd,
        continued_mark: false,
        header: &header,
        header_lines,
        col_edges: col_edges.clone(),
        pages: Vec::new(),
        mark,
    };
    flow.new_page();
    flow.continued_mark = opts.continued_mark;

    // ---- first page: label on line 1, title from line 3 (29 pt body grid), one blank line, the table.
    {
        let p = flow.cur();
        let top = p.geo.area.top;
        let left = p.geo.area.left;
        let right = p.geo.area.right;
        let grid_base =
            |n: f32, sz: f32| top - (n - 1.0) * GRID_PITCH - (GRID_PITCH - sz) / 2.0 - ASCENT * sz;
        let mut title_line = 1.0;
        // Line 1: the document number (when printed), two characters (3号) apart from the 附件 label.
        let parts: Vec<(&str, &str)> =
            [(spec.doc_number.as_deref(), "发文字号"), (spec.label.as_deref(), "附件标注")]
                .into_iter()
                .filter_map(|(text, place)| text.map(str::trim).filter(|t| !t.is_empty()).map(|t| (t, place)))
                .collect();
        let has_label = !parts.is_empty();
        if has_label {
            let y = grid_base(1.0, LABEL_SIZE);
            let mut x = left;
            for (text, place) in parts {
                let sh = m.shape(text, FaceRole::Hei, LABEL_SIZE, &|| place.to_string());
                emit_line(&mut p.runs, &RunKind::Label, &sh, 0, sh.chars.len(), LABEL_SIZE, x, y, 0.0);
                x += sh.widths.iter().sum::<f32>() + 2.0 * LABEL_SIZE;
            }
            title_line = 3.0;
        }
        let mut y = grid_base(title_line, TITLE_SIZE);
        let mut last_base = None;
        let width = right - left;
        for part in spec.title.trim().split('\n') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let sh = m.shape(part, FaceRole::Title, TITLE_SIZE, &|| "标题".to_string());
            // Between words only (`…可复制推广/改革…`, never `推/广`), unless a word is wider than the line.
            let opps = break_opportunities(&sh.chars);
            let joins = words.joins(&sh.chars);
            let by_words: Vec<bool> = opps.iter().zip(&joins).map(|(o, j)| *o && !j).collect();
            let between_words = break_balanced(&sh.chars, &sh.widths, &by_words, width, TITLE_SIZE);
            let anywhere = break_balanced(&sh.chars, &sh.widths, &opps, width, TITLE_SIZE);
            let lines = if between_words.len() <= anywhere.len() { between_words } else { anywhere };
            for r in lines {
                let w: f32 = sh.widths[r.clone()].iter().sum();
                let x = left + (width - w).max(0.0) / 2.0;
                emit_line(&mut p.runs, &RunKind::Title, &sh, r.start, r.end, TITLE_SIZE, x, y, 0.0);
                last_base = Some(y);
                y -= TITLE_LEADING * TITLE_SIZE;
            }
        }
        // The table starts one blank grid line below the title's last line (or below the label).
        let line_bottom = match last_base {
            Some(b) => b - (1.0 - ASCENT) * TITLE_SIZE - (GRID_PITCH - TITLE_SIZE) / 2.0,
            None if has_label => top - GRID_PITCH,
            None => top + GRID_PITCH,
        };
        p.cursor = (line_bottom - GRID_PITCH).min(top);
    }

    for (i, row) in rows.iter().enumerate() {
        // A group heading keeps with the start of the next row (its first two lines, or all of a short row).
        if row.heading {
            if let Some(next) = rows.get(i + 1).filter(|n| !n.heading) {
                let need = row.nlines + if next.nlines < 4 { next.nlines } else { 2 };
                if flow.avail_lines() < need && !flow.fresh() {
                    flow.new_page();
                }
            }
        }
        flow.place_row(row);
    }
    if !flow.pages[0].header_placed && rows.is_empty() {
        // No items: the header still prints under the title.
        flow.place_header();
    }

    // ---- page numbers and assembly
    let mut pages = Vec::with_capacity(flow.pages.len());
    let builds = std::mem::take(&mut flow.pages);
    for (i, b) in builds.into_iter().enumerate() {
        let number = first_number.saturating_add(i as u32);
        let odd = number % 2 == 1;
        let text = format!("— {} —", number);
        let sh = m.shape(&text, FaceRole::Song, PAGE_NUMBER_SIZE, &|| "页码".to_string());
        let w: f32 = sh.widths.iter().sum();
        let sa = b.geo.sheet_area;
        let x = if odd { sa.right - PAGE_NUMBER_SIZE - w } else { sa.left + PAGE_NUMBER_SIZE };
        let y = sa.bottom - PAGE_NUMBER_GAP - ASCENT * PAGE_NUMBER_SIZE;
        let mut runs = Vec::new();
        emit_line(&mut runs, &RunKind::PageNumber, &sh, 0, sh.chars.len(), PAGE_NUMBER_SIZE, x, y, 0.0);
        let page_number = merge_runs(runs);
        let rules = flow.rules(&b);
        pages.push(Page {
            number,
            width: b.geo.width,
            height: b.geo.height,
            placement: b.geo.placement,
            runs: b.runs,
            rules,
            page_number,
        });
    }
    AnnexLayout {
        title: crate::model::one_line(&spec.title),
        keywords: [&spec.doc_number, &spec.label]
            .into_iter()
            .flatten()
            .map(|s| s.trim().to_string())
            .collect(),
        pages,
        missing: m.missing,
    }
}

/// The page number is one run in `Page::page_number`: when its characters come from several faces (a
/// fallback), the first run is kept with all the text only if they share a face; otherwise the first
/// face's run is returned with the whole text (the digits and dashes of `— N —` are in every 宋体).
fn merge_runs(runs: Vec<TextRun>) -> Option<TextRun> {
    let mut it = runs.into_iter();
    let mut first = it.next()?;
    for r in it {
        first.text.push_str(&r.text);
    }
    Some(first)
}
