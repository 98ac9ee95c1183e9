//! The annex layout engine: document + items + options → positioned pages ([`AnnexLayout`]).
//! Line breaking (避头尾), pagination, repeated headers and page numbers are decided here, following
//! `annex-format.md` (GB/T 9704-2012). Nothing here knows about PDF or font files: characters are measured
//! through [`Metrics`] (cached per face and character within one layout run).
//!
//! Entry points:
//! - [`layout_annex`]: the annex of a document (附件 label, title, table).
//! - [`layout_sheet`]: a per-unit sheet (e.g. `省税务局牵头任务清单`): a caller-given title, optional label
//!   line, optional extra column such as 分工 (`牵头`/`配合`), optional 序号 override. [`role_column`] builds
//!   the extra column for a unit from the items' assignments. For a sheet over several documents, pass a
//!   `Document` whose `columns` are the set to print (e.g. the first document's) and the items concatenated.
//!
//! Decisions (all numbers in points unless said; 1 mm = 72/25.4 pt):
//! - **Pages.** Portrait A4: text area 156 × 225 mm, top 37 mm, bottom 35 mm, binding side 28 mm (left on odd,
//!   right on even pages), outer 26 mm. Landscape bound in the notice: the reading page is 297 × 210 with the
//!   portrait text area turned (225 wide × 156 tall; its top faces the binding edge on odd pages, the outer
//!   edge on even pages), `SheetPlacement::RotatedOnPortrait`, page numbers where portrait pages have them
//!   (sheet coordinates, sheet (xs, ys) = (210 mm − yr, xr)). Standalone landscape: left 35, right 37, top 28,
//!   bottom 26 mm (the bound odd page's margins), no mirroring. Parity (odd/even) follows the *printed*
//!   number, so `first_page_number = 4` starts on an even page.
//! - **First page.** Line 1 (29 pt body grid; the em box of line n is centred in the grid line
//!   `top − (n−1)·29 … top − n·29`): document number (when `opts.doc_number` is set, or `show_doc_number` and the
//!   document has one), two 3号 characters of space, the label, 3号 黑体, flush left. Title from line 3 (line 1
//!   when there is no label line), 2号 `FaceRole::Title`, centred, lines 1.4 × 22 pt apart; user '\n' kept;
//!   each user line broken long-over-short ([`linebreak::break_balanced`]). The table starts one empty grid
//!   line below the title.
//! - **Table.** Column widths = relative widths scaled to the text-area width. Body 仿宋 at `body_size` clamped
//!   to [`crate::rules::BODY_SIZE_MIN`, `crate::rules::BODY_SIZE_MAX`] (10.5–16; the application layer
//!   refuses a size outside them before laying out, the clamp only guards direct callers); header 黑体 at
//!   the same size, centred both ways, repeated on every page (placed lazily with the page's first row
//!   fragment, so a header never stands alone). `续表` (黑体, body size, flush left, one cell line above
//!   the table) on continuation pages when `continued_mark`. Cell line pitch
//!   1.4 × size; padding 1.9 mm left/right (Word's default cell margin), 0.25 × size top/bottom; 0.5 pt rules, every page's
//!   grid closed. 序号 centred; other columns centred when the cell is one line; 主要内容 and every wrapping
//!   cell justified (full lines get `char_spacing` so the last glyph meets the inner right edge; a
//!   paragraph's last line is left-aligned). No first-line indent (columns are narrow; an indent would waste
//!   a fifth of a 主要内容 line at 3号). Each '\n' starts a new line; trailing whitespace of a cell is dropped.
//!   Group headings (`is_heading`) span the table, 黑体, justified/left; their text is the title, then the
//!   content (if any) as a further paragraph.
//! - **Line breaking.** [`linebreak`]: hand-written 避头尾 rules (why not a UAX #14 crate: see there).
//! - **Vertical alignment.** One rule on every page: a cell whose lines all stand in one fragment of its
//!   row is centred in it (中部居中, as Word-made official tables) — every cell of a whole row, and the short
//!   cells of a split row in its first fragment; only text that runs on across a page break is top-aligned
//!   so it reads on. Continuation fragments repeat the 序号, centred (other short cells are not repeated).
//! - **Pagination.** Rows split by whole lines; each side keeps ≥ 2 lines of the row; rows of < 4 lines move
//!   whole; the break moves up (down to two lines) when it would leave a cell with a single line on either
//!   side. A group heading keeps with the first two lines (or all, if short) of the row after it. A cell
//!   longer than a page flows over as many pages as needed. If even an empty continuation
//!   page cannot satisfy the rules (absurd sizes), at least one line is placed (guaranteed progress).
//! - **Page numbers.** `— N —`, 4号 `FaceRole::Song`; the top of the em box sits 7 mm below the text area
//!   (baseline 7 mm + 0.88 em below it); odd pages end one character (14 pt) in from the text area's right
//!   edge, even pages start one character in from its left edge. `Page::page_number` is one run: should its
//!   characters need two faces (no 宋体 lacks `— 0–9`), the first face's run carries the whole text.
//! - **Missing glyphs.** A character `face_for` cannot draw goes to [`AnnexLayout::missing`] once per place
//!   (`标题`, `表头“事项”`, `第3项“主要内容”`, `附件标注`, `发文字号`, `页码`, `第N行分组标题“…”`), measured as
//!   one em and attached to a face of its role; whitespace without a glyph is measured as half an em, not
//!   reported.
//! - **Speed.** Face and advance are cached per (role, character) for the run (FxHash). 2,000 seed items
//!   (1,451 portrait pages at 3号) lay out in 51–58 ms in release; about a third is finding the text's words
//!   in the dictionary ([`words`]), a fifth choosing the column widths. Figures: README, “Benchmarks”.
//! - **Geometry.** Page sizes, margins, type sizes and the cell padding live in [`geometry`], which the Word
//!   and Excel exports read too; [`annex_column_widths`] gives them the columns this layout chooses.
//! - **Runs.** One [`TextRun`] per line and face segment (fallback faces split a line into consecutive runs
//!   with the right x; `char_spacing` is the same for every segment of a justified line).

mod columns;
mod engine;
pub mod frame;
pub mod geometry;
pub mod linebreak;
mod quality;
mod table;
#[cfg(test)]
mod tests;
pub mod words;

pub use frame::*;
pub use quality::{quality, Quality};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Page set-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(TS)]
pub enum PageSetup {
    /// Portrait A4, margins 37/35/28/26 mm, mirror margins on even pages (the default).
    #[default]
    Portrait,
    /// Landscape table bound in a portrait notice (GB/T 9704 §8).
    LandscapeBound,
    /// Standalone landscape A4 pages for screen reading.
    Landscape,
}

/// Options the user sets for one rendering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[derive(TS)]
pub struct LayoutOptions {
    pub page_setup: PageSetup,
    /// Body size in points: 16 (3号) by default, within [`crate::rules::BODY_SIZE_MIN`] (五号) to
    /// [`crate::rules::BODY_SIZE_MAX`] ([`crate::rules::layout_options`]).
    pub body_size: f32,
    /// The number printed on the first page (an annex bound with its notice numbers on from it).
    pub first_page_number: u32,
    /// Mark repeated headers on continuation pages with 续表.
    pub continued_mark: bool,
    /// Print the document number (发文字号) before the 附件 label; None uses the document's own if
    /// `show_doc_number` is set.
    pub doc_number: Option<String>,
    pub show_doc_number: bool,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            page_setup: PageSetup::Portrait,
            body_size: 16.0,
            first_page_number: 1,
            continued_mark: false,
            doc_number: None,
            show_doc_number: false,
        }
    }
}

impl crate::rules::PrintChoices for LayoutOptions {
    fn body_size(&self) -> f32 {
        self.body_size
    }
    fn first_page_number(&self) -> u32 {
        self.first_page_number
    }
    fn doc_number(&self) -> Option<&str> {
        self.doc_number.as_deref()
    }
}

use crate::model::{Column, Document, Item, Role, UnitId};

/// Lays out a whole annex (附件 label, title, table with repeated headers, page numbers).
/// See the module documentation for every decision taken.
pub fn layout_annex(
    doc: &Document,
    items: &[Item],
    opts: &LayoutOptions,
    metrics: &dyn Metrics,
) -> AnnexLayout {
    let doc_number = opts.doc_number.clone().filter(|s| !s.trim().is_empty()).or_else(|| {
        if opts.show_doc_number {
            doc.doc_number.clone()
        } else {
            None
        }
    });
    let sheet = SheetSpec {
        title: doc.title.clone(),
        label: Some(if doc.annex_label.trim().is_empty() {
            "附件".to_string()
        } else {
            doc.annex_label.clone()
        }),
        doc_number,
        extra_column: None,
        numbers: None,
    };
    layout_sheet(doc, items, &sheet, opts, metrics)
}

/// An extra column on a per-unit sheet, e.g. 分工 with `牵头` / `配合` for each item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtraColumn {
    pub label: String,
    /// Relative width, like [`Column::width`].
    pub width: f32,
    /// Column index to insert at; None (or past the end) appends it.
    pub at: Option<usize>,
    /// One value per item (missing values print empty).
    pub values: Vec<String>,
}

/// What a per-unit sheet prints instead of the annex's own label and title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SheetSpec {
    /// Title, e.g. `省税务局牵头任务清单`; '\n' breaks the line.
    pub title: String,
    /// Line 1 label (`附件` …); None or empty: no label line, the title starts on line 1.
    pub label: Option<String>,
    /// Printed before the label on line 1.
    pub doc_number: Option<String>,
    pub extra_column: Option<ExtraColumn>,
    /// 序号 per item (e.g. the numbers the items have in their annex); None numbers them with
    /// [`crate::model::number_items`].
    pub numbers: Option<Vec<String>>,
}

/// Lays out a per-unit sheet (or any annex with a caller-given title): the `doc.columns` plus the optional
/// extra column, the `items` given. `opts.doc_number`/`show_doc_number` are not consulted: use
/// `sheet.doc_number`.
pub fn layout_sheet(
    doc: &Document,
    items: &[Item],
    sheet: &SheetSpec,
    opts: &LayoutOptions,
    metrics: &dyn Metrics,
) -> AnnexLayout {
    engine::layout_table(&table_spec(doc, items, sheet), opts, metrics)
}

/// The widths [`layout_annex`] gives the annex's columns, as fractions of the table's width (summing to 1):
/// what the Word and Excel exports set, so that a .docx breaks its cells where the PDF does. Only the
/// columns are measured, not the whole table.
pub fn annex_column_widths(
    doc: &Document,
    items: &[Item],
    opts: &LayoutOptions,
    metrics: &dyn Metrics,
) -> Vec<f32> {
    let sheet = SheetSpec { title: doc.title.clone(), ..SheetSpec::default() };
    let edges = engine::table_column_edges(&table_spec(doc, items, &sheet), opts, metrics);
    let total = edges.last().copied().unwrap_or(0.0) - edges.first().copied().unwrap_or(0.0);
    edges.windows(2).map(|w| if total > 0.0 { (w[1] - w[0]) / total } else { 0.0 }).collect()
}

/// The table of a sheet, as texts: `doc.columns` plus the sheet's extra column, one row per item.
fn table_spec(doc: &Document, items: &[Item], sheet: &SheetSpec) -> table::TableSpec {
    let numbers = match &sheet.numbers {
        Some(n) => n.clone(),
        None => crate::model::number_items(items),
    };
    let mut columns: Vec<table::TableColumn> = doc
        .columns
        .iter()
        .map(|c: &Column| table::TableColumn {
            kind: c.kind.clone(),
            label: c.label.clone(),
            width: c.width,
            fixed: c.fixed,
        })
        .collect();
    let mut extra = None;
    if let Some(x) = &sheet.extra_column {
        let at = x.at.unwrap_or(columns.len()).min(columns.len());
        columns.insert(
            at,
            table::TableColumn {
                kind: crate::model::ColumnKind::Custom(x.label.clone()),
                label: x.label.clone(),
                width: x.width,
                fixed: false,
            },
        );
        extra = Some((at, x.values.as_slice()));
    }
    let rows = engine::table_rows(doc, items, &numbers, &columns, extra);
    table::TableSpec {
        doc_number: sheet.doc_number.clone().filter(|s| !s.trim().is_empty()),
        label: sheet.label.clone().filter(|s| !s.trim().is_empty()),
        title: sheet.title.clone(),
        columns,
        rows,
    }
}

/// The 分工 column of a unit's sheet: for each item the unit's roles in it (`牵头`, `配合`, `责任`, joined
/// with `、`), empty where it has none.
pub fn role_column(items: &[Item], unit: UnitId, label: &str) -> ExtraColumn {
    let values = items
        .iter()
        .map(|it| {
            let mut roles: Vec<Role> =
                it.assignments.iter().filter(|a| a.unit_id == unit).map(|a| a.role).collect();
            roles.sort();
            roles.dedup();
            roles.iter().map(|r| r.label()).collect::<Vec<_>>().join("、")
        })
        .collect();
    ExtraColumn { label: label.to_string(), width: 1.6, at: None, values }
}

/// Font-free metrics for benchmarks and previews without font files: every character is drawn by
/// `FontId(0)`; CJK and other wide characters are 1 em, ASCII 0.5 em.
#[derive(Debug, Clone, Copy, Default)]
pub struct MonospaceMetrics;

impl Metrics for MonospaceMetrics {
    fn face_for(&self, _role: FaceRole, _ch: char) -> Option<FontId> {
        Some(FontId(0))
    }
    fn advance(&self, _font: FontId, ch: char) -> f32 {
        if ch.is_ascii() {
            0.5
        } else {
            1.0
        }
    }
}
