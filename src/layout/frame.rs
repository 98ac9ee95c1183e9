//! What the layout produces: pages of positioned text runs and rules. Backends (PDF, later others) only
//! draw these; they make no layout decision. Tests assert on these types directly.
//!
//! Coordinates are PDF points (1/72 in), origin at the bottom-left corner of the *reading* page, y up,
//! `y` of a text run is its baseline. For a landscape table bound in a portrait notice (GB/T 9704 §8) the
//! reading page is 297 × 210 mm and `Page::sheet` says how it sits on the portrait sheet; page numbers are
//! then given in sheet coordinates (see `Page::page_number`).

use serde::Serialize;

/// The typeface roles the standard names. A role maps to a chain of concrete faces (chosen face first,
/// then fallbacks) in the font set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum FaceRole {
    /// 小标宋 — the title.
    Title,
    /// 黑体 — the 附件 label and the table header.
    Hei,
    /// 仿宋 — the table body.
    Fang,
    /// 宋体 — page numbers.
    Song,
}

/// A concrete face in a font set (index into the set's faces: a role's face or one of its fallbacks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FontId(pub usize);

/// Glyph metrics the layout needs; implemented by the font set over real font files (and by simple
/// fixed metrics in layout unit tests).
pub trait Metrics {
    /// The face that draws `ch` for `role`: the role's own face if it has the glyph, else the first
    /// fallback that has it, else None (the character is reported, never drawn blank).
    fn face_for(&self, role: FaceRole, ch: char) -> Option<FontId>;
    /// Horizontal advance of `ch` in `font`, in em (multiply by the size in points).
    fn advance(&self, font: FontId, ch: char) -> f32;
}

/// What a cell or line is part of, so tests and backends can tell runs apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum RunKind {
    /// 附件 label (and document number) on line 1 of the first page.
    Label,
    /// A title line.
    Title,
    /// A header cell; `col` is the column index.
    Header { col: usize },
    /// The 续表 mark above a continued table.
    ContinuedMark,
    /// A body cell line; `item` is the index into the laid-out items, `col` the column index.
    Cell { item: usize, col: usize },
    /// A group-heading row spanning the table.
    GroupHeading { item: usize },
    /// The page number `— N —`.
    PageNumber,
}

/// One line (or part of a line in one face) of text at a position.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextRun {
    pub kind: RunKind,
    pub font: FontId,
    /// Size in points.
    pub size: f32,
    /// Left edge of the first glyph, points.
    pub x: f32,
    /// Baseline, points.
    pub y: f32,
    /// Extra space after each character, points (PDF Tc), used to justify lines.
    pub char_spacing: f32,
    /// Adjacent punctuation squeezed (标点挤压): after the character at this index of `text`, the next one
    /// is drawn this many points further left (a TJ adjustment in the PDF). Empty for nearly every run.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub squeeze: Vec<(u32, f32)>,
    pub text: String,
}

/// A straight rule (table border), points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
    pub width: f32,
}

/// How the reading page sits on the physical sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SheetPlacement {
    /// The reading page is the sheet (portrait A4, or standalone landscape A4).
    Upright,
    /// Landscape table on a portrait sheet, rotated so the table head faces the sheet's left edge
    /// (GB/T 9704 §8). The backend rotates the reading page 90° counter-clockwise onto the sheet.
    RotatedOnPortrait,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    /// 1-based physical page number as printed (first page number option applied).
    pub number: u32,
    /// Reading page size, points.
    pub width: f32,
    pub height: f32,
    pub placement: SheetPlacement,
    /// Table and title text, in reading coordinates.
    pub runs: Vec<TextRun>,
    pub rules: Vec<Rule>,
    /// The page number run in *sheet* coordinates (for Upright pages sheet = reading page), so it stays
    /// where portrait pages have it even when the table is rotated.
    pub page_number: Option<TextRun>,
}

/// A character that no face can draw, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingGlyph {
    pub ch: char,
    /// Human place, e.g. `第3项“主要内容”` or `标题`.
    pub place: String,
}

/// A laid-out annex: what every backend draws.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnexLayout {
    /// Document title for the PDF metadata: the lines joined without the break
    /// ([`crate::model::one_line`]).
    pub title: String,
    /// PDF keywords: the document number and the annex label, when printed.
    pub keywords: Vec<String>,
    pub pages: Vec<Page>,
    /// Characters no face could draw. Non-empty means: do not write a PDF, tell the user.
    pub missing: Vec<MissingGlyph>,
}
