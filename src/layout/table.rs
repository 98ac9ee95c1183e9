//! The table both entry points build (`layout_annex`, `layout_sheet`) and the engine lays out: columns and
//! rows as texts, before any measuring.

use crate::model::ColumnKind;

/// One column as laid out.
#[derive(Debug, Clone)]
pub(crate) struct TableColumn {
    pub kind: ColumnKind,
    pub label: String,
    pub width: f32,
    /// The user fixed the width in 列设置: kept at its share ([`crate::model::Column::fixed`]).
    pub fixed: bool,
}

/// One body row: cell texts per column, or a spanning heading.
#[derive(Debug, Clone)]
pub(crate) struct TableRow {
    pub item: usize,
    pub heading: bool,
    /// Printed 序号 (for the 序号 column and for places).
    pub number: String,
    /// One text per column (unused for headings, whose text is `heading_text`).
    pub cells: Vec<String>,
    pub heading_text: String,
}

pub(crate) struct TableSpec {
    /// Line 1 texts: the document number (optional) and the label (optional).
    pub doc_number: Option<String>,
    pub label: Option<String>,
    pub title: String,
    pub columns: Vec<TableColumn>,
    pub rows: Vec<TableRow>,
}
