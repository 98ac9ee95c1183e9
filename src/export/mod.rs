//! Exports a document as an Excel workbook (.xlsx), a Word document (.docx) or CSV, for offices that want
//! the annex as an editable file rather than a PDF.
//!
//! Every format is built from one [`ExportTable`]: the document's own column set (labels as headers, in
//! order), 序号 from [`number_items`], cell text from [`Item::cell_text`] (units joined with 、), and group
//! headings as rows spanning the table. One file per format: [`xlsx`], [`csv`], [`docx`].
//!
//! This module turns an [`ExportTable`] into bytes and knows nothing of the store: reading a document and
//! writing the file (atomically: an existing file is replaced only when the whole export succeeded) is
//! the application layer's (`crate::service::export`).

pub mod csv;
pub mod docx;
mod ooxml;
pub mod xlsx;

use std::path::Path;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::model::{number_items, ColumnKind, Document, Item};

/// The file formats a document can be exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// Excel workbook (.xlsx), set up for printing.
    Xlsx,
    /// Comma-separated values, UTF-8 with BOM and CRLF (opens in Excel on Chinese Windows).
    Csv,
    /// Word document (.docx) in the GB/T 9704 page format.
    Docx,
    /// JSON bundle (`crate::bundle`): lossless, for exchange and backup.
    Json,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 4] =
        [ExportFormat::Docx, ExportFormat::Xlsx, ExportFormat::Csv, ExportFormat::Json];

    /// The format for a file extension (without the dot, any case): `xlsx`, `csv`, `docx`.
    pub fn from_extension(ext: &str) -> Option<ExportFormat> {
        match ext.trim().trim_start_matches('.').to_ascii_lowercase().as_str() {
            "xlsx" => Some(ExportFormat::Xlsx),
            "csv" => Some(ExportFormat::Csv),
            "docx" => Some(ExportFormat::Docx),
            "json" => Some(ExportFormat::Json),
            _ => None,
        }
    }

    /// The format named by a path's extension; a Chinese error naming the file otherwise.
    pub fn from_path(path: &Path) -> Result<ExportFormat> {
        let ext = path.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
        ExportFormat::from_extension(&ext).ok_or_else(|| Error::File {
            path: path.to_path_buf(),
            message: if ext.is_empty() {
                "没有扩展名，无法判断导出格式；请以 .docx（Word）、.xlsx（Excel）、.csv 或 .json（分工数据包）结尾".to_string()
            } else {
                format!("不支持导出为 .{ext} 文件；可导出为 .docx（Word）、.xlsx（Excel）、.csv 或 .json（分工数据包）")
            },
        })
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
            ExportFormat::Docx => "docx",
            ExportFormat::Json => "json",
        }
    }

    /// What to call the format in a message or a file dialog filter.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "Excel 工作簿",
            ExportFormat::Csv => "CSV 文件",
            ExportFormat::Docx => "Word 文档",
            ExportFormat::Json => "分工数据包",
        }
    }
}

/// Options of an export. The default is what office staff send: body at the format's usual size.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[derive(TS)]
pub struct ExportOptions {
    /// Body text size in points, within the annex's range ([`crate::rules::body_size`]). None: 16 (3号) in
    /// Word, 12 (小四) in Excel. Ignored by CSV.
    pub body_size: Option<f32>,
    /// Page set-up of Word and Excel. None: Word portrait (as the PDF), Excel landscape (a tracking sheet).
    /// `LandscapeBound` prints like `Landscape` outside the PDF: Word turns the page, it cannot turn a table.
    pub page_setup: Option<crate::layout::PageSetup>,
    /// Print the document's 发文字号 before the 附件 label, as the PDF's `LayoutOptions::show_doc_number`
    /// (GB/T 9704 §7.3.7: for an annex circulated on its own). Ignored by CSV; asked for when the document has
    /// none and none is given, the export is refused (`service::options`), as the PDF is.
    pub show_doc_number: bool,
    /// The number of the first page (an annex bound after its notice numbers on from it), as the PDF's
    /// `LayoutOptions::first_page_number`; None: 1. Word only (see `xlsx::print_setup` for Excel).
    pub first_page_number: Option<u32>,
    /// The 发文字号 to print instead of the document's own (the preview's typed override, like
    /// `LayoutOptions::doc_number`); None or blank: the document's.
    pub doc_number: Option<String>,
}

impl ExportOptions {
    /// The options' rules, the same as a PDF's ([`crate::rules::layout_options`]): body size, first page
    /// number and the typed 发文字号's length (it was checked only for the PDF before).
    pub fn check(&self) -> Result<()> {
        if let Some(s) = self.body_size {
            crate::rules::body_size(s)?;
        }
        if let Some(n) = self.first_page_number {
            crate::rules::first_page(n)?;
        }
        let typed = self.doc_number.as_deref().unwrap_or("");
        crate::rules::check_len("发文字号", typed, crate::rules::MAX_DOC_NUMBER_CHARS)
    }
}

/// One row of the exported table.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportRow {
    /// A group heading (`一、…`), printed as one cell spanning the table.
    Heading(String),
    /// An item: one text per column, in column order.
    Item(Vec<String>),
}

/// A column of the exported table.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportColumn {
    pub kind: ColumnKind,
    pub label: String,
    /// Relative width, > 0.
    pub width: f32,
}

/// A document's annex as plain rows, shared by every format.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportTable {
    /// `附件`, `附件1` …
    pub annex_label: String,
    /// May contain '\n' where the title line is broken.
    pub title: String,
    /// 发文字号 (e.g. 粤府函〔2020〕77号), None when the document has none (blank counts as none).
    pub doc_number: Option<String>,
    pub columns: Vec<ExportColumn>,
    pub rows: Vec<ExportRow>,
}

impl ExportTable {
    /// Builds the table of a document from its items (in position order).
    pub fn new(doc: &Document, items: &[Item]) -> ExportTable {
        let columns: Vec<ExportColumn> = doc
            .columns
            .iter()
            .map(|c| ExportColumn {
                kind: c.kind.clone(),
                label: if c.label.trim().is_empty() {
                    c.kind.default_label().to_string()
                } else {
                    c.label.clone()
                },
                width: if c.width.is_finite() && c.width > 0.0 { c.width } else { 1.0 },
            })
            .collect();
        let numbers = number_items(items);
        let rows = items
            .iter()
            .zip(numbers)
            .map(|(it, number)| {
                if it.is_heading {
                    // Same text as the printed annex: the title, and a content, if any, as a second paragraph.
                    let text = match (it.title.trim().is_empty(), it.content.trim().is_empty()) {
                        (false, false) => format!("{}\n{}", it.title.trim_end(), it.content),
                        (false, true) => it.title.clone(),
                        _ => it.content.clone(),
                    };
                    return ExportRow::Heading(text);
                }
                ExportRow::Item(
                    columns
                        .iter()
                        .map(|c| match c.kind {
                            ColumnKind::Number => number.clone(),
                            ref k => it.cell_text(k),
                        })
                        .collect(),
                )
            })
            .collect();
        let doc_number =
            doc.doc_number.as_deref().map(str::trim).filter(|d| !d.is_empty()).map(str::to_string);
        ExportTable {
            annex_label: doc.annex_label.clone(),
            title: doc.title.clone(),
            doc_number,
            columns,
            rows,
        }
    }

    /// The text of the label line: the 附件 label, preceded — when `opts.show_doc_number` and the document has
    /// one — by the 发文字号 and two ideographic spaces. The PDF layout puts the same two 3号 characters of
    /// space between them (src/layout/engine.rs, line 1), and our importers read such a line back
    /// (`import::front::label_line`).
    pub fn label_line(&self, opts: &ExportOptions) -> String {
        let own = opts.doc_number.as_deref().map(str::trim).filter(|t| !t.is_empty());
        let number = own.or(self.doc_number.as_deref()).filter(|_| opts.show_doc_number);
        [number, Some(self.annex_label.trim())]
            .into_iter()
            .flatten()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\u{3000}\u{3000}")
    }

    /// Sets the columns' widths, relative (e.g. the layout's, [`crate::layout::annex_column_widths`]); a
    /// list of another length, or a width that is not positive, leaves the column set's own.
    pub fn set_widths(&mut self, widths: &[f32]) {
        if widths.len() == self.columns.len() && widths.iter().all(|w| w.is_finite() && *w > 0.0) {
            for (c, w) in self.columns.iter_mut().zip(widths) {
                c.width = *w;
            }
        }
    }

    /// Column widths as fractions of the table width (summing to 1).
    pub fn width_fractions(&self) -> Vec<f64> {
        let sum: f64 = self.columns.iter().map(|c| c.width as f64).sum();
        self.columns.iter().map(|c| if sum > 0.0 { c.width as f64 / sum } else { 0.0 }).collect()
    }

    /// Whether a column's short cells (序号, units, scope, leader, deadline) are centred rather than left-aligned.
    pub fn centred(kind: &ColumnKind) -> bool {
        matches!(
            kind,
            ColumnKind::Number
                | ColumnKind::LeadUnits
                | ColumnKind::CoopUnits
                | ColumnKind::ResponsibleUnits
                | ColumnKind::Leader
                | ColumnKind::Scope
                | ColumnKind::Deadline
        )
    }
}

/// The page set-up and body size `format` prints with under `opts` (the PDF layout's terms): what the
/// column widths are chosen for. None for formats without a page (CSV, JSON).
pub fn page_choices(format: ExportFormat, opts: &ExportOptions) -> Option<(crate::layout::PageSetup, f32)> {
    use crate::layout::geometry::flat as setup;
    match format {
        ExportFormat::Docx => {
            Some((setup(docx::is_landscape(opts)), opts.body_size.unwrap_or(docx::DEFAULT_BODY_SIZE)))
        }
        ExportFormat::Xlsx => {
            Some((setup(xlsx::is_landscape(opts)), opts.body_size.unwrap_or(xlsx::DEFAULT_BODY_SIZE as f32)))
        }
        ExportFormat::Csv | ExportFormat::Json => None,
    }
}

/// The bytes of an already built table in `format`.
pub fn export_table(table: &ExportTable, format: ExportFormat, opts: &ExportOptions) -> Result<Vec<u8>> {
    opts.check()?;
    write_table(table, format, opts)
}

/// [`export_table`] for options the caller has checked ([`ExportOptions::check`]) already.
pub(crate) fn write_table(
    table: &ExportTable,
    format: ExportFormat,
    opts: &ExportOptions,
) -> Result<Vec<u8>> {
    match format {
        ExportFormat::Xlsx => xlsx::write(table, opts),
        ExportFormat::Csv => csv::write(table),
        ExportFormat::Docx => docx::write(table, opts),
        // A bundle holds what a table does not (unit full names and aliases): built from the store.
        ExportFormat::Json => Err(Error::invalid("分工数据包只能从数据库中的文档导出")),
    }
}

/// Display width of a character in ems: CJK and other wide characters 1, ASCII and narrow ones ½.
pub(crate) fn char_ems(c: char) -> f64 {
    let u = c as u32;
    if u < 0x1100 {
        return 0.5;
    }
    // Half-width forms (ｱ, ￨ …) are narrow; nearly everything else from Hangul Jamo up is wide in Chinese text.
    if (0xFF61..=0xFFDC).contains(&u) || (0xFFE8..=0xFFEE).contains(&u) {
        0.5
    } else {
        1.0
    }
}

/// How many lines `text` takes in a cell `width_ems` wide: each paragraph wraps on its own.
pub(crate) fn estimate_lines(text: &str, width_ems: f64) -> usize {
    let width = width_ems.max(1.0);
    text.split('\n')
        .map(|para| {
            let ems: f64 = para.chars().map(char_ems).sum();
            ((ems / width).ceil() as usize).max(1)
        })
        .sum::<usize>()
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_extensions() {
        assert_eq!(ExportFormat::from_extension("XLSX"), Some(ExportFormat::Xlsx));
        assert_eq!(ExportFormat::from_extension(".docx"), Some(ExportFormat::Docx));
        assert_eq!(ExportFormat::from_extension("csv"), Some(ExportFormat::Csv));
        assert_eq!(ExportFormat::from_extension("xls"), None);
        assert_eq!(ExportFormat::from_path(Path::new("a/附件.Docx")).unwrap(), ExportFormat::Docx);
        let e = ExportFormat::from_path(Path::new("附件.pdfx")).unwrap_err().to_string();
        assert!(e.contains("附件.pdfx") && e.contains(".pdfx") && e.contains(".xlsx"), "{e}");
        let e = ExportFormat::from_path(Path::new("附件")).unwrap_err().to_string();
        assert!(e.contains("附件") && e.contains("没有扩展名"), "{e}");
    }

    #[test]
    fn line_estimates_count_paragraphs_and_wide_characters() {
        assert_eq!(estimate_lines("", 5.0), 1);
        assert_eq!(estimate_lines("省税务局", 4.0), 1);
        assert_eq!(estimate_lines("省税务局、", 4.0), 2);
        assert_eq!(estimate_lines("abcdefgh", 4.0), 1);
        assert_eq!(estimate_lines("一\n二\n三", 10.0), 3);
    }

    #[test]
    fn label_line_puts_the_doc_number_before_the_label_only_when_asked() {
        let mut t = ExportTable {
            annex_label: "附件2".into(),
            title: "题".into(),
            doc_number: Some("粤府函〔2020〕77号".into()),
            columns: vec![],
            rows: vec![],
        };
        let show = ExportOptions { show_doc_number: true, ..Default::default() };
        assert_eq!(t.label_line(&ExportOptions::default()), "附件2");
        assert_eq!(t.label_line(&show), "粤府函〔2020〕77号\u{3000}\u{3000}附件2");
        // A typed number wins over the document's, only when shown; a blank one does not.
        let typed = ExportOptions { doc_number: Some("粤府办〔2021〕3号".into()), ..show.clone() };
        assert_eq!(t.label_line(&typed), "粤府办〔2021〕3号\u{3000}\u{3000}附件2");
        assert_eq!(t.label_line(&ExportOptions { show_doc_number: false, ..typed }), "附件2");
        let blank = ExportOptions { doc_number: Some("  ".into()), ..show.clone() };
        assert_eq!(t.label_line(&blank), "粤府函〔2020〕77号\u{3000}\u{3000}附件2");
        t.annex_label = " ".into();
        assert_eq!(t.label_line(&show), "粤府函〔2020〕77号");
        t.doc_number = None;
        assert_eq!(t.label_line(&show), "");
    }
}
