//! Import: the bytes of a file staff were sent (or text they pasted) become a [`ParsedAnnex`] (label, title,
//! columns, rows as [`ItemDraft`](crate::model::ItemDraft)s) plus an [`ImportReport`] that lists every line
//! that was dropped as a repeated header, changed, or could not be placed. No database work here: the store
//! writes a `ParsedAnnex` in one transaction.
//!
//! This module is the entry points: reading a file within the limits, choosing the reader from the content
//! ([`detect`]), catching a parser's panic, the parsing child ([`isolate`]). Each format's reader turns the
//! file into records ([`RawRecord`]: rows of cells with their line numbers): pasted text and CSV ([`text`]),
//! Word ([`docx`]), Excel and OpenDocument ([`sheet`]); a JSON bundle is carried whole. What a record means
//! is decided in one place for every format, [`records`]: the header row (and a header in two rows), the
//! front matter above it, group headings, items, repeated headers and 续表 marks.
//!
//! Text pipeline: [`decode`] (encoding detection) → [`table`] (TSV records with line numbers, csv crate) →
//! [`records`]: front matter ([`front`]: 附件 label, 发文字号, title) → header row → rows, where each cell is
//! cleaned ([`html`]), tidied, and its punctuation normalised ([`punct`]); unit cells are split into
//! [`UnitRef`](crate::model::UnitRef)s and 完成时限 is read as a date ([`deadline`]).

mod boxed;
mod cfb;
mod choose;
mod deadline;
mod decode;
mod detect;
mod docx;
mod front;
mod html;
pub mod isolate;
mod labels;
mod one_per_line;
mod preview;
mod prose;
#[cfg(test)]
mod prose_tests;
mod punct;
mod records;
mod report;
mod review;
#[cfg(test)]
mod safety_tests;
mod sheet;
mod table;
#[cfg(test)]
mod tests;
mod text;
mod units;
mod web;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::model::{self, Column, ColumnKind, DocumentDraft, ItemDraft};
use crate::rules::MAX_IMPORT_BYTES;

pub use choose::{has_text_column, header_key, with_column_kind, with_kinds};
pub use deadline::parse_deadline;
pub use detect::{detect, FileKind};
pub use preview::preview_lines;
pub(crate) use records::flat;
pub use report::{ImportReport, Normalisation, ReportLine, UnplacedLine};
pub use review::{with_heading, with_unit_name};
pub(crate) use table::RawRecord;
pub use text::parse_annex;

/// A pasted annex, ready for the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ParsedAnnex {
    /// `附件`, `附件1` …
    pub annex_label: String,
    /// May contain '\n' where the original broke the title.
    pub title: String,
    /// 发文字号 found before the label, e.g. 粤府函〔2020〕77号.
    pub doc_number: Option<String>,
    pub columns: Vec<Column>,
    /// Items and heading rows in table order (repeated headers removed).
    pub rows: Vec<ParsedRow>,
    pub report: ImportReport,
    /// Set when the file was a JSON bundle: the store then imports the bundle itself (units with full
    /// names and aliases, merged by name or alias), and the fields above are its preview.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(type = "unknown", optional)]
    pub bundle: Option<Box<crate::bundle::Bundle>>,
    /// Set when the user chose a column's meaning in the preview (or a remembered choice was applied): the
    /// store then remembers the choice for the next file with the same header ([`choose`]).
    #[serde(default)]
    pub columns_chosen: bool,
}

/// One row of the table with the line it starts on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ParsedRow {
    /// 1-based line in the file.
    pub line: usize,
    pub draft: ItemDraft,
}

impl ParsedAnnex {
    /// The document part of the annex as a draft for the store. A role given to units with no column for it
    /// (the user changed a unit's role in the preview) gets its column, after the other unit columns, so no
    /// assignment is stored that the table would not show.
    pub fn document_draft(&self) -> DocumentDraft {
        let mut columns = self.columns.clone();
        for kind in [ColumnKind::LeadUnits, ColumnKind::CoopUnits, ColumnKind::ResponsibleUnits] {
            let role = kind.role();
            let used = self.rows.iter().any(|r| r.draft.units.iter().any(|u| Some(u.role) == role));
            if used && !columns.iter().any(|c| c.kind == kind) {
                let after = columns
                    .iter()
                    .rposition(|c| c.kind.role().is_some() || c.kind == ColumnKind::Content)
                    .map_or(columns.len(), |i| i + 1);
                let width = model::default_width(&kind);
                columns.insert(after, Column::new(kind, width));
            }
        }
        DocumentDraft {
            title: self.title.clone(),
            // A document always has its label; an annex read without one is printed as 附件.
            annex_label: if self.annex_label.trim().is_empty() {
                "附件".into()
            } else {
                self.annex_label.clone()
            },
            doc_number: self.doc_number.clone(),
            issue_date: None,
            notes: String::new(),
            columns,
        }
    }

    /// The preview of a JSON bundle: its document and rows as an annex (row “lines” are item numbers), the
    /// bundle itself kept for the store.
    pub fn from_bundle(bundle: crate::bundle::Bundle, source: &str) -> ParsedAnnex {
        let draft = bundle.document_draft();
        let mut report = ImportReport::new(source, "UTF-8");
        report.format = format!("分工数据包（JSON，格式版本 {}）", bundle.version);
        report.lines = bundle.items.len();
        ParsedAnnex {
            annex_label: draft.annex_label,
            title: draft.title,
            doc_number: draft.doc_number,
            columns: draft.columns,
            rows: bundle
                .items
                .iter()
                .enumerate()
                .map(|(i, it)| ParsedRow { line: i + 1, draft: it.to_draft() })
                .collect(),
            report,
            bundle: Some(Box::new(bundle)),
            columns_chosen: false,
        }
    }

    /// The rules the store enforces on an import (the document, every row with its line, a 事项 or 主要内容
    /// column), checked before anything is written — and by a dry run, so the two never disagree.
    pub fn check(&self) -> Result<()> {
        if self.bundle.is_some() {
            // A bundle is checked field by field by the store (crate::store::bundle), with its own places.
            return Ok(());
        }
        if !has_text_column(self) {
            return Err(Error::invalid(format!(
                "{}：表头中没有“事项”或“主要内容”列，无法导入：请先指定各列的含义（预览中每列上方的选择框；命令行用 --column 列名=事项）",
                self.report.source
            )));
        }
        crate::rules::document(&self.document_draft())
            .map_err(|e| Error::invalid(format!("{}：{e}", self.report.source)))?;
        for row in &self.rows {
            crate::rules::item(&row.draft).map_err(|e| Error::AtLine {
                path: self.report.source.clone().into(),
                line: row.line,
                message: e.to_string(),
            })?;
        }
        Ok(())
    }

    /// Number of non-heading rows.
    pub fn item_count(&self) -> usize {
        self.rows.iter().filter(|r| !r.draft.is_heading).count()
    }
}

/// Reads a file and parses it in this process, whatever its format (the report names the file by its file
/// name). Panics of a parser are caught; for files from users prefer [`crate::service::import::parse_file`].
pub fn parse_file(path: &Path) -> Result<ParsedAnnex> {
    let bytes = read_input(path)?;
    parse_any(&bytes, &source_name(path))
}

/// Reads the file an import was given, refusing what is not a regular file (a folder, a pipe that would
/// block forever, a device such as /dev/zero that never ends) before opening it, and anything over
/// [`MAX_IMPORT_BYTES`]. The read itself is bounded too, so a file that grows while it is read, or that was
/// swapped for a device after the check, cannot exceed the cap. Errors name the path.
pub fn read_input(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    let not_file = |what: &str| Error::File {
        path: path.to_path_buf(),
        message: format!("这是{what}，不是普通文件，无法导入。请选择 Word、Excel、CSV 或文本文件。"),
    };
    if meta.is_dir() {
        return Err(not_file("一个文件夹"));
    }
    if !meta.is_file() {
        return Err(not_file("设备、管道或其他特殊文件"));
    }
    let too_big = |size: u64| {
        Error::File {
        path: path.to_path_buf(),
        message: format!(
            "文件过大（{:.1} MB），超过导入上限 {} MB，不像一份分工表，未导入任何内容。请只把分工表另存为一个文件，或分批导入。",
            size as f64 / 1024.0 / 1024.0,
            MAX_IMPORT_BYTES / 1024 / 1024
        ),
    }
    };
    if meta.len() > MAX_IMPORT_BYTES as u64 {
        return Err(too_big(meta.len()));
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        // Never blocks on a FIFO put in the file's place after the check above.
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let file = opts.open(path).map_err(|e| Error::io(path, e))?;
    if !file.metadata().map_err(|e| Error::io(path, e))?.is_file() {
        return Err(not_file("设备、管道或其他特殊文件"));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_IMPORT_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The name a file goes by in errors and reports: its file name.
pub fn source_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// Parses an annex in any format the app reads, chosen from the content (not only the extension): Word
/// (.docx), Excel (.xlsx, .xls), OpenDocument (.ods), CSV, pasted text, or a JSON bundle (carried whole in
/// [`ParsedAnnex::bundle`], with a preview of its table like any other import).
///
/// A panic in a parser (a library meeting a damaged file it did not expect) is caught here and becomes an
/// error naming the file; nothing is half-imported because nothing is written while parsing.
pub fn parse_any(bytes: &[u8], source: &str) -> Result<ParsedAnnex> {
    parse_caught(bytes, source).unwrap_or_else(|m| Err(panic_error(source, &m)))
}

/// Parses the HTML a copy from a web page, Word or WPS puts on the clipboard (tables with their merged
/// cells), guarded against a parser panic like [`parse_any`].
pub fn parse_html(html: &str, source: &str) -> Result<ParsedAnnex> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| web::parse(html, source)))
        .unwrap_or_else(|p| Err(panic_error(source, &panic_text(p.as_ref()))))
}

/// [`parse_any`] with a panic reported as `Err(message)` (the parsing child tells it apart from a refusal).
pub(crate) fn parse_caught(bytes: &[u8], source: &str) -> std::result::Result<Result<ParsedAnnex>, String> {
    // Parsing only reads `bytes` and builds new values, so nothing observable is left broken by an unwind.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parse_unguarded(bytes, source)))
        .map_err(|p| panic_text(p.as_ref()))
}

/// The text of a panic payload.
pub(crate) fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "未知错误".to_string())
}

/// The error for a file whose parser panicked.
pub(crate) fn panic_error(source: &str, message: &str) -> Error {
    let detail: String = message.chars().take(200).collect();
    Error::File {
        path: PathBuf::from(source),
        message: format!(
            "文件已损坏或不是正常的文档，读取时出错，未导入任何内容，数据库没有改动。请向发文单位重新索取文件，\
             或在 Word/Excel/WPS 中打开后另存一份再导入。（技术信息：{detail}）"
        ),
    }
}

fn parse_unguarded(bytes: &[u8], source: &str) -> Result<ParsedAnnex> {
    match detect(bytes, source) {
        FileKind::Docx => docx::parse(bytes, source),
        kind @ (FileKind::Xlsx | FileKind::Xls | FileKind::Ods) => sheet::parse(bytes, source, kind),
        FileKind::Text => parse_annex(bytes, source).map_err(|e| {
            // An empty file is said to be empty, whatever its name.
            if bytes.iter().all(u8::is_ascii_whitespace) {
                e
            } else {
                misnamed(e, source)
            }
        }),
        FileKind::Html => {
            let text = decode::decode(bytes, source)?;
            let mut parsed = web::parse(&text.text, source)?;
            parsed.report.encoding = text.encoding;
            Ok(parsed)
        }
        FileKind::Bundle => {
            let mut bundle = crate::bundle::parse(bytes, source)?;
            let cleaned = clean_bundle(&mut bundle);
            let mut parsed = ParsedAnnex::from_bundle(bundle, source);
            parsed.report.warnings.extend(cleaned);
            Ok(parsed)
        }
        kind => Err(kind.refusal(source).unwrap_or_else(|| Error::File {
            path: PathBuf::from(source),
            message: "无法识别的文件格式".to_string(),
        })),
    }
}

/// A file named like an Office document that is not one (damaged, or renamed): the text reader's “not a text
/// file” would only confuse, so the error says what the name promised.
fn misnamed(e: Error, source: &str) -> Error {
    let ext = Path::new(source).extension().map(|x| x.to_string_lossy().to_lowercase()).unwrap_or_default();
    let what = match ext.as_str() {
        "docx" => "Word 文档",
        "xlsx" | "xls" => "Excel 工作簿",
        "ods" => "OpenDocument 电子表格",
        _ => return e,
    };
    if !matches!(e, Error::File { .. }) {
        return e;
    }
    Error::File {
        path: PathBuf::from(source),
        message: format!(
            "文件名是 .{ext}，但内容不是{what}，也不是表格文字（文件可能已损坏、不完整，或被改了扩展名），未导入任何内容。请向发文单位重新索取文件。"
        ),
    }
}

/// Longest cell an import accepts: the longest 主要内容 of real annexes is a few thousand characters, so a
/// longer cell is a damaged file (or a whole document pasted into one cell), refused before anything is
/// written.
pub const MAX_IMPORT_CELL_CHARS: usize = 100_000;

/// Most columns a record of any format may have (a real annex has under 20); more is a damaged or crafted
/// file, refused before it is held in memory where the reader allows (the text reader stops at the first
/// record over it, sheets and the .xls cell scan at the first cell beyond it). Word tables keep their own,
/// wider grid limit (`docx::grid::MAX_COLUMNS`, 512): a table's grid counts the layout columns of merged
/// cells, not cells; text beyond column 200 of a Word table is still refused here.
pub const MAX_IMPORT_COLUMNS: usize = 200;

/// The refusal of a record with text in column `columns` (1-based) beyond [`MAX_IMPORT_COLUMNS`].
pub(crate) fn too_many_columns(source: &str, line: usize, columns: usize) -> Error {
    Error::AtLine {
        path: PathBuf::from(source),
        line,
        message: format!(
            "这一行有 {columns} 列以上，超过导入上限 {MAX_IMPORT_COLUMNS} 列，不像一份分工表（文件可能已损坏），未导入任何内容"
        ),
    }
}

/// Takes control characters out of every text of a bundle (through its JSON form, so a field added to the
/// bundle later is covered too); returns one report line per field that changed.
fn clean_bundle(bundle: &mut crate::bundle::Bundle) -> Vec<ReportLine> {
    fn walk(v: &mut serde_json::Value, path: &mut String, out: &mut Vec<ReportLine>) {
        match v {
            serde_json::Value::String(s) if s.chars().any(records::is_stripped_control) => {
                let (t, n) = records::strip_controls(s);
                *s = t;
                out.push(ReportLine::file(format!("{path} 去掉了 {n} 个不可见的控制字符（如终端转义序列）")));
            }
            serde_json::Value::Array(a) => {
                for (i, x) in a.iter_mut().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    walk(x, path, out);
                    path.truncate(len);
                }
            }
            serde_json::Value::Object(o) => {
                for (k, x) in o.iter_mut() {
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(k);
                    walk(x, path, out);
                    path.truncate(len);
                }
            }
            _ => {}
        }
    }
    let Ok(mut value) = serde_json::to_value(&*bundle) else { return Vec::new() };
    let mut out = Vec::new();
    walk(&mut value, &mut String::new(), &mut out);
    if !out.is_empty() {
        match serde_json::from_value(value) {
            Ok(b) => *bundle = b,
            Err(_) => return vec![ReportLine::file("数据包中有控制字符，但未能去掉，请核对")],
        }
    }
    out
}
